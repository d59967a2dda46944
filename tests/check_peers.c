/* check_peers.c: peers_valley and peers_argmin against plain reference implementations */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "fastai_ref.h"
#include "peers.h"

/* The same in n log n for long arrays, by the textbook patience sort: a
 * plain binary search over the whole of tail[], NaNs left out. */
static long
valley_patience(const float *l, long n)
{
	float *tail;
	long i, len = 0, best = 1, max_end = 0, max_start = 0, idx;
	double sec;

	if (n == 0)
		return -1;
	tail = malloc((size_t)n * sizeof(*tail));
	ck_assert_ptr_nonnull(tail);
	for (i = 0; i < n; i++) {
		long a = 0, b = len;

		if (isnan(l[i]))
			continue;
		while (a < b) {
			long mid = (a + b) / 2;

			if (tail[mid] > l[i])
				a = mid + 1;
			else
				b = mid;
		}
		tail[a] = l[i];
		if (a == len)
			len++;
		if (a + 1 > best) {
			best = a + 1;
			max_end = i;
		}
	}
	free(tail);
	if (best > 1)
		max_start = max_end - best;
	sec = (double)(max_end - max_start) / 3;
	idx = max_start + (long)sec + (long)(sec / 2);
	return idx < 0 ? idx + n : idx;
}

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 32);
}

static double
unif(void)
{
	return (double)rnd() / 4294967296.0;
}

enum shape {
	S_NOISE,
	S_TIES,
	S_PLATEAUS,
	S_FALLING,
	S_RISING,
	S_CONSTANT,
	S_VEE,
	S_LOSS,
	S_SAWTOOTH,
	S_SIGNS,
	S_COUNT
};

/* n points of a shape; nan_rate NaNs per 1000 points, and a few infinities
 * when odd is set */
static void
fill(float *l, long n, enum shape sh, unsigned nan_rate, int odd)
{
	double avg = 0, corr = 1;
	long i;

	for (i = 0; i < n; i++) {
		double r = n > 1 ? (double)i / (double)(n - 1) : 0, v;

		switch (sh) {
		case S_NOISE:
			v = unif();
			break;
		case S_TIES:
			v = rnd() % 5;
			break;
		case S_PLATEAUS:
			v = (double)((n - i) / (1 + (long)(rnd() % 3)) / 7 %
			    11);
			break;
		case S_FALLING:
			v = (double)(n - i);
			break;
		case S_RISING:
			v = (double)i;
			break;
		case S_CONSTANT:
			v = 1.5;
			break;
		case S_VEE:
			v = fabs(r - 0.4) + 0.01 * unif();
			break;
		case S_LOSS:
			/* a range test's causal curve: noise through the EMA */
			avg = 0.98 * avg +
			    0.02 *
				(0.4 + 1.9 / (1 + exp((r - 0.4) * 20)) +
				    0.8 * r * r + 0.05 * (unif() - 0.5));
			corr *= 0.98;
			v = avg / (1 - corr);
			break;
		case S_SAWTOOTH:
			v = (double)(i % 17) - 0.01 * (double)i;
			break;
		case S_SIGNS:
		default:
			/* -0 and +0 tie; small integers of both signs */
			v = rnd() % 3 == 0 ? (rnd() % 2 ? -0.0 : 0.0) :
					     (double)((int)(rnd() % 9) - 4);
			break;
		}
		l[i] = (float)v;
		if (nan_rate > 0 && rnd() % 1000 < nan_rate)
			l[i] = NAN;
		if (odd && rnd() % 97 == 0)
			l[i] = rnd() % 2 ? INFINITY : -INFINITY;
	}
}

/* peers_valley on exactly n floats of scratch (a heap block of that size,
 * so that valgrind and ASan see any overrun) */
static long
valley(const float *l, long n)
{
	float *scratch = malloc((size_t)(n > 0 ? n : 1) * sizeof(*scratch));
	long k;

	ck_assert_ptr_nonnull(scratch);
	k = peers_valley(l, (size_t)n, scratch);
	free(scratch);
	return k;
}

START_TEST(test_valley_small_against_fastai)
{
	static const unsigned nan_rates[] = { 0, 0, 5, 100, 500, 1000 };
	float l[400];
	int sh, trial;

	for (sh = 0; sh < S_COUNT; sh++)
		for (trial = 0; trial < 120; trial++) {
			long n = trial < 20 ? trial : 1 + (long)(rnd() % 400);
			unsigned nr = nan_rates[trial % 6];
			int odd = trial % 7 == 3;

			fill(l, n, (enum shape)sh, nr, odd);
			ck_assert_msg(valley(l, n) == valley_fastai(l, n),
			    "shape %d trial %d n %ld: %ld, fastai %ld", sh,
			    trial, n, valley(l, n), valley_fastai(l, n));
			/* the window the analysis hands over starts anywhere */
			if (n > 10)
				ck_assert_int_eq(valley(l + n / 3,
						     n - n / 3 - 2),
				    valley_fastai(l + n / 3, n - n / 3 - 2));
		}
}
END_TEST

/* long enough for the windowed search (len >= 256), short enough for
 * the quadratic reference */
START_TEST(test_valley_medium_against_fastai)
{
	static const long sizes[] = { 300, 517, 1100, 2600 };
	float *l = malloc(2600 * sizeof(*l));
	int sh, k;

	ck_assert_ptr_nonnull(l);
	for (sh = 0; sh < S_COUNT; sh++)
		for (k = 0; k < 8; k++) {
			long n = sizes[k % 4];

			fill(l, n, (enum shape)sh, k >= 4 ? 2 : 0, k == 5);
			ck_assert_msg(valley(l, n) == valley_fastai(l, n),
			    "shape %d n %ld: %ld, fastai %ld", sh, n,
			    valley(l, n), valley_fastai(l, n));
		}
	free(l);
}
END_TEST

START_TEST(test_valley_long_against_patience)
{
	long n = 200000;
	float *l = malloc((size_t)n * sizeof(*l));
	int sh, trial;

	ck_assert_ptr_nonnull(l);
	for (sh = 0; sh < S_COUNT; sh++)
		for (trial = 0; trial < 3; trial++) {
			long m = n - (long)(rnd() % 1000);

			fill(l, m, (enum shape)sh, trial == 2 ? 3 : 0,
			    trial == 1);
			ck_assert_msg(valley(l, m) == valley_patience(l, m),
			    "shape %d trial %d: %ld, patience %ld", sh, trial,
			    valley(l, m), valley_patience(l, m));
		}
	free(l);
}
END_TEST

START_TEST(test_valley_cases)
{
	/* a NaN is left out: 5 > 3 > 2 > 1 is still a run of 4, so max_end 4,
	 * max_start 0, idx 0 + int(4/3) + int(4/6) = 1 */
	float a[] = { 5, NAN, 3, 2, 1 };
	/* NaNs first: lds stays 1 for them, max_end moves at the 2 */
	float b[] = { NAN, NAN, NAN, NAN, 3, 2 };
	float c[] = { NAN, NAN, NAN, NAN };
	float d[] = { 2, 1 }; /* max_start -1 + 0 + 0: wraps to 1 */
	float e[] = { 1, 2, 3, 4, 5, 6, 7 }; /* rises: lds 1 everywhere: 0 */
	float f[] = { 3, 3, 3, 2, 2, 1, 1, 1 }; /* ties do not extend */

	ck_assert_int_eq(valley(a, 5), 1);
	ck_assert_int_eq(valley_fastai(a, 5), 1);
	ck_assert_int_eq(valley(b, 6), valley_fastai(b, 6));
	ck_assert_int_eq(valley(c, 4), 0);
	ck_assert_int_eq(valley(c, 0), -1);
	ck_assert_int_eq(valley(d, 2), 1);
	ck_assert_int_eq(valley(e, 7), 0);
	ck_assert_int_eq(valley(f, 8), valley_fastai(f, 8));
	ck_assert_int_eq(valley(f, 8), 5 - 3 + 1); /* max_end 5, lds 3 */
}
END_TEST

static long
argmin_ref(const double *x, size_t n)
{
	long best = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]) && (best < 0 || x[i] < x[best]))
			best = (long)i;
	return best;
}

START_TEST(test_argmin)
{
	double x[300];
	int trial;

	for (trial = 0; trial < 500; trial++) {
		size_t n = (size_t)(rnd() % 300), i;

		for (i = 0; i < n; i++) {
			x[i] = (double)(rnd() % 7);
			if (rnd() % 10 == 0)
				x[i] = NAN;
			if (rnd() % 50 == 0)
				x[i] = -0.0;
		}
		ck_assert_int_eq(peers_argmin(x, n), argmin_ref(x, n));
	}
}
END_TEST

/* fastai's steep as written: two logs a step */
static long
steep_ref(const double *lr, const double *loss, size_t n)
{
	long best = -1;
	double bg = 0;
	size_t j;

	for (j = 0; j + 1 < n; j++) {
		double g =
		    (loss[j + 1] - loss[j]) / (log(lr[j + 1]) - log(lr[j]));

		if (!isnan(g) && (best < 0 || g < bg)) {
			best = (long)j;
			bg = g;
		}
	}
	return best;
}

START_TEST(test_fastai_steep)
{
	double lr[300], loss[300];
	int trial;

	for (trial = 0; trial < 300; trial++) {
		size_t n = (size_t)(rnd() % 300), i;
		double v = 1e-5;

		for (i = 0; i < n; i++) {
			/* equal lrs now and then: a zero step, an infinite or
			 * NaN gradient */
			if (rnd() % 4)
				v *= 1 + unif();
			lr[i] = v;
			loss[i] = rnd() % 3 ? unif() : (double)(rnd() % 3);
		}
		ck_assert_int_eq(peers_fastai_steep(lr, loss, n),
		    steep_ref(lr, loss, n));
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("peers");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_valley_small_against_fastai);
	tcase_add_test(tc, test_valley_medium_against_fastai);
	tcase_add_test(tc, test_valley_long_against_patience);
	tcase_add_test(tc, test_valley_cases);
	tcase_add_test(tc, test_argmin);
	tcase_add_test(tc, test_fastai_steep);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
