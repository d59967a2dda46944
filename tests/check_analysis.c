/* check_analysis.c: suggestions on curves whose answers are known (PEERS.md section 9) */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "analysis.h"
#include "peers.h"
#include "rangetest.h"

/* PEERS.md E1 (and E2 with the 0.05 sin(2.4 i) ripple): lr = 1e-7 10^(8i/100) */
static double
e1_loss(int i, int ripple)
{
	double l10 = -7 + 8.0 * i / 100;

	return 0.3 + 2 / (1 + exp((l10 + 3) / 0.35)) + exp(4 * (l10 + 0.5)) +
	    (ripple ? 0.05 * sin(2.4 * i) : 0);
}

static void
run_e(struct rangetest *rt, const struct rt_config *cfg, int ripple)
{
	int i;

	rt_init(rt, cfg);
	for (i = 0; i < 100; i++)
		if (rt_push(rt, i, 1e-7 * pow(10, 8.0 * i / 100),
		    e1_loss(i, ripple)) == RT_EXPLODED)
			break;
}

static void
fastai_on(int ripple, size_t steep, size_t valley, enum compat compat)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;

	rt_config_default(&rc);
	run_e(&rt, &rc, ripple);
	ck_assert_uint_eq(rt.explode_i, 94);	/* fastai stops at i=94 */
	analysis_config_default(&ac);
	ac.compat = compat;
	ac.smoother = SMOOTH_CAUSAL;
	ac.iters = 100;
	ac.skip_start = 10;
	ac.skip_end = 5;
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(an.sug[M_MINIMUM].ok && an.sug[M_VALLEY].ok && an.sug[M_SLIDE].ok);
	ck_assert_uint_eq(an.sug[M_MINIMUM].index, 81);		/* 3.02e-2 */
	ck_assert_double_eq_tol(an.sug[M_MINIMUM].lr, 3.02e-2, 5e-5);
	ck_assert_uint_eq(an.sug[M_VALLEY].index, valley);
	ck_assert_double_eq_tol(an.sug[M_SLIDE].lr, 2.09e-3, 5e-6);
	if (compat == COMPAT_FASTAI)
		ck_assert_uint_eq(an.sug[M_STEEP].index, steep);
	analysis_free(&an);
	rt_free(&rt);
}

START_TEST(test_e1_fastai)
{
	fastai_on(0, 58, 45, COMPAT_FASTAI);
	/* the default pipeline with the causal smoother and fastai's skips
	 * lands on fastai's minimum, valley and slide too */
	fastai_on(0, 0, 45, COMPAT_NONE);
}
END_TEST

START_TEST(test_e2_fastai)
{
	fastai_on(1, 56, 50, COMPAT_FASTAI);
	fastai_on(1, 0, 50, COMPAT_NONE);
}
END_TEST

/* The zero-lag default finds the true minimum (i=69) and steepest point (i=50). */
START_TEST(test_e1_zero_lag)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;

	rt_config_default(&rc);
	run_e(&rt, &rc, _i);
	analysis_config_default(&ac);
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert_msg(abs((int)an.min_i - 69) <= 1, "minimum at %zu", an.min_i);
	ck_assert_msg(abs((int)an.sug[M_STEEP].index - 50) <= 1, "steep at %zu",
	    an.sug[M_STEEP].index);
	ck_assert(an.exploded);
	ck_assert(!(an.warnings & (W_NO_EXPLOSION | W_NEVER_FELL | W_FEW_POINTS)));
	ck_assert_double_eq_tol(an.sug[M_MINIMUM].lr, an.min_lr / 10, 1e-18);
	ck_assert_double_eq_tol(an.clr_max, an.min_lr, 1e-18);
	ck_assert_double_eq_tol(an.clr_base, an.min_lr / 10, 1e-18);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

static void
peer_pick(enum compat compat, double expect_lr, size_t expect_i, size_t stop)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;

	rt_config_default(&rc);
	if (compat == COMPAT_TORCH_LR_FINDER) {
		rc.ema = EMA_SEEDED;
		rc.beta = 0.95;
		rc.diverge = 5;
	} else
		rc.ema = EMA_LIGHTNING;
	rc.stop_nonfinite = false;
	run_e(&rt, &rc, 0);
	ck_assert_uint_eq(rt.explode_i, stop);
	analysis_config_default(&ac);
	ac.compat = compat;
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(an.sug[M_STEEP].ok);
	ck_assert_uint_eq(an.sug[M_STEEP].index, expect_i);
	ck_assert_double_eq_tol(an.sug[M_STEEP].lr, expect_lr, expect_lr * 2e-3);
	ck_assert(!an.sug[M_VALLEY].ok);
	analysis_free(&an);
	rt_free(&rt);
}

START_TEST(test_e1_peers)
{
	peer_pick(COMPAT_TORCH_LR_FINDER, 3.63e-3, 57, 92);
	peer_pick(COMPAT_LIGHTNING, 3.31e-4, 44, 94);
}
END_TEST

/* PEERS.md E3: Lightning #21141's curve, no smoothing, suggestion(10, 1) */
START_TEST(test_e3_lightning)
{
	double lr[100], loss[100];
	int i;

	for (i = 0; i < 100; i++) {
		double x = -50 + 100.0 * i / 99;

		lr[i] = 1e-8 * pow(1e8, (i + 1) / 100.0);
		loss[i] = (-x * x - 30 * x + 4000) / 1000;
	}
	ck_assert_int_eq(peers_lightning_gradient(lr + 10, loss + 10, 89) + 10, 40);
	ck_assert_int_eq(peers_index_gradient(loss + 10, 89) + 10, 98);
	ck_assert_double_eq_tol(lr[98], 0.832, 5e-4);
	ck_assert_double_eq_tol(lr[40], 1.91e-5, 5e-8);
}
END_TEST

/* fastai's quadratic valley, transcribed, as the reference */
static long
valley_ref(const float *l, long n)
{
	long i, j, max_start = 0, max_end = 0, idx;
	long *lds = malloc((size_t)n * sizeof(*lds));
	double sec;

	for (i = 0; i < n; i++)
		lds[i] = 1;
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++) {
			if (l[i] < l[j] && lds[i] < lds[j] + 1)
				lds[i] = lds[j] + 1;
			if (lds[max_end] < lds[i]) {
				max_end = i;
				max_start = max_end - lds[max_end];
			}
		}
	free(lds);
	sec = (double)(max_end - max_start) / 3;
	idx = max_start + (long)sec + (long)(sec / 2);
	return idx < 0 ? idx + n : idx;
}

START_TEST(test_valley_matches_fastai)
{
	float l[300];
	float scratch[300];
	unsigned seed = 99;
	int trial, n, i;

	for (trial = 0; trial < 400; trial++) {
		n = 1 + trial % 300;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* falling trend, noise and ties */
			l[i] = (float)((n - i) / 10 + (int)((seed >> 16) % 7));
		}
		ck_assert_int_eq(peers_valley(l, (size_t)n, scratch), valley_ref(l, n));
	}
	/* two decreasing points: fastai's index -1 wraps to the last */
	l[0] = 2;
	l[1] = 1;
	ck_assert_int_eq(peers_valley(l, 2, scratch), 1);
}
END_TEST

START_TEST(test_slide_small)
{
	float l[20];
	int i;

	for (i = 0; i < 15; i++)
		l[i] = 1;
	ck_assert_int_eq(peers_slide(l, 15, 15, 0.005), -1);	/* needs 16 */
	for (i = 0; i < 20; i++)
		l[i] = (float)(i < 10 ? 1.0 : 1.0 + (i - 9) * (i - 9));
	/* gradients at r=19 (19) and l=4 (0) differ; walking left, the pair
	 * (r=14, l=-1) is the last: it keeps lr index 4 - ... */
	ck_assert_int_eq(peers_slide(l, 20, 15, 0.005), 0);
	for (i = 0; i < 20; i++)
		l[i] = 1;
	/* flat: the first comparison already agrees: lr[-16] = index 4 */
	ck_assert_int_eq(peers_slide(l, 20, 15, 0.005), 4);
}
END_TEST

START_TEST(test_too_few_points)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;

	rt_config_default(&rc);
	rt_init(&rt, &rc);
	rt_push(&rt, 0, 0.1, 1);
	analysis_config_default(&ac);
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(an.warnings & W_FEW_POINTS);
	ck_assert(!an.sug[M_STEEP].ok);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("analysis");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_e1_fastai);
	tcase_add_test(tc, test_e2_fastai);
	tcase_add_loop_test(tc, test_e1_zero_lag, 0, 2);
	tcase_add_test(tc, test_e1_peers);
	tcase_add_test(tc, test_e3_lightning);
	tcase_add_test(tc, test_valley_matches_fastai);
	tcase_add_test(tc, test_slide_small);
	tcase_add_test(tc, test_too_few_points);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
