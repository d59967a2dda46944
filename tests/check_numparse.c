/* check_numparse.c: unit tests of the decimal parser and formatter */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_ref.h"
#include "numparse.h"

static double
P(const char *s)
{
	double v = -12345;

	ck_assert_int_eq(num_parse(s, strlen(s), &v), 0);
	return v;
}

static void
bad(const char *s)
{
	double v = 7;

	ck_assert_msg(num_parse(s, strlen(s), &v) == -1, "'%s' accepted", s);
	ck_assert(v == 7);
}

/* Does long double arithmetic have 64 bits here, as numparse.c asks?  Not
 * under valgrind, which runs x87 code in double precision: then numbers of
 * more than 2^53 take strtod, and the tests of what the fast path takes
 * ask only what Clinger's double form can take. */
static int
long_double_exact(void)
{
	volatile long double one = 1, eps = LDBL_EPSILON;
	long double sum = one + eps;

	return LDBL_MANT_DIG >= 64 && sum != one && sum - one == eps;
}

START_TEST(test_fast_path_exact)
{
	ck_assert(P("0") == 0);
	ck_assert(P("1") == 1);
	ck_assert(P("-2.5") == -2.5);
	ck_assert(P("+0.125") == 0.125);
	ck_assert(P("0.1") == 0.1);
	ck_assert(P("2.302585124969482") == 2.302585124969482);
	ck_assert(P("1e-05") == 1e-05);
	ck_assert(P("1E5") == 1e5);
	ck_assert(P(".5") == 0.5);
	ck_assert(P("5.") == 5.0);
	ck_assert(P("0.000000000000000000000001") == 1e-24);
	ck_assert(P("123456789012345678") == 123456789012345678.0);
	ck_assert(signbit(P("-0")));
	/* leading zeros are not significant: 17 digits after 0.000 still
	 * take the fast path */
	{
		const char *t = "0.00010000230261160267";
		double v = 0;

		ck_assert_int_eq(num_parse_fast(t, strlen(t), &v),
		    long_double_exact() ? 0 : -1);
		ck_assert(P(t) == strtod(t, NULL));
		ck_assert(P("-000000000000000000000000.5") == -0.5);
		ck_assert(P("0.000000000000000000001234567890123456789") ==
		    strtod("1.234567890123456789e-21", NULL));
	}
}
END_TEST

START_TEST(test_matches_strtod)
{
	/* random decimal strings: the result must equal strtod's bit for bit */
	char buf[64];
	unsigned seed = 12345;
	int i;

	for (i = 0; i < 200000; i++) {
		int digits, exp10, k;
		char *p = buf;

		seed = seed * 1103515245u + 12345u;
		digits = 1 + (int)(seed >> 16) % 20;
		seed = seed * 1103515245u + 12345u;
		exp10 = (int)(seed >> 16) % 60 - 30;
		for (k = 0; k < digits; k++) {
			seed = seed * 1103515245u + 12345u;
			*p++ = (char)('0' + (seed >> 16) % 10);
			if (k == 0 && digits > 1 && (seed & 1))
				*p++ = '.';
		}
		p += sprintf(p, "e%d", exp10);
		ck_assert_msg(P(buf) == strtod(buf, NULL), "%s", buf);
	}
}
END_TEST

START_TEST(test_specials)
{
	ck_assert(isnan(P("nan")));
	ck_assert(isnan(P("NaN")));
	ck_assert(isinf(P("inf")) && P("inf") > 0);
	ck_assert(isinf(P("-Infinity")) && P("-Infinity") < 0);
	ck_assert(P("1e400") == INFINITY); /* strtod's overflow */
}
END_TEST

START_TEST(test_rejects)
{
	bad("");
	bad("-");
	bad(".");
	bad("e5");
	bad("1e");
	bad("1e+");
	bad("1.2.3");
	bad("0x10");
	bad("12abc");
	bad(" 1");
	bad("1 ");
	bad("nanx");
	bad("--1");
}
END_TEST

START_TEST(test_not_nul_terminated_fast)
{
	/* the fast path reads exactly len bytes */
	double v;

	ck_assert_int_eq(num_parse("2.5999", 3, &v), 0);
	ck_assert(v == 2.5);
}
END_TEST

START_TEST(test_format_roundtrip)
{
	char buf[32];
	double xs[] = { 0.1, 1e-05, 1.2589254117941673e-05, 3.0, -2.5e300,
		5e-324, 0.30000000000000004, 123456789.0 };
	size_t i;

	ck_assert_str_eq(num_format(buf, 0.1), "0.1");
	ck_assert_str_eq(num_format(buf, 1e-05), "1e-05");
	ck_assert_str_eq(num_format(buf, 0.30000000000000004),
	    "0.30000000000000004");
	ck_assert_str_eq(num_format(buf, NAN), "nan");
	ck_assert_str_eq(num_format(buf, -INFINITY), "-inf");
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		ck_assert(strtod(num_format(buf, xs[i]), NULL) == xs[i]);
}
END_TEST

/* ---- num_format against the snprintf version it replaces ---- */

/*
 * How many values the format tests try.  The reference calls snprintf
 * three times per value (1 to 10 us each on huge exponents), so `make
 * check` tries a quarter of each loop's full count, and the two random
 * loops 100,000 values each; NUMPARSE_FULL in the environment (make
 * check-long, which .ci/run runs) tries every loop in full, 2 million
 * values each for the random ones; NUMPARSE_QUICK (make valgrind, which
 * looks for memory errors, not for more values) a twenty-fifth, and
 * 20,000.
 */
static int
env_set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' && *v != '0';
}

static int
scaled(int full)
{
	if (env_set("NUMPARSE_FULL"))
		return full;
	return env_set("NUMPARSE_QUICK") ? full / 25 : full / 4;
}

static int
format_loop_count(void)
{
	if (env_set("NUMPARSE_FULL"))
		return 2000000;
	return env_set("NUMPARSE_QUICK") ? 20000 : 100000;
}

static void
same_format(double x)
{
	char got[48], want[48];

	memset(got, 'Z', sizeof(got));
	ref_format(want, x);
	num_format(got, x);
	ck_assert_msg(strlen(got) < 32 && strcmp(got, want) == 0,
	    "%a: num_format '%s', snprintf '%s'", x, got, want);
}

/* x and its neighbours, both signs */
static void
same_format_around(double x, int n)
{
	double up = x, down = x;
	int i;

	same_format(x);
	same_format(-x);
	for (i = 0; i < n; i++) {
		up = nextafter(up, INFINITY);
		down = nextafter(down, -INFINITY);
		same_format(up);
		same_format(-up);
		same_format(down);
		same_format(-down);
	}
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

static double
from_bits(uint64_t b)
{
	double x;

	memcpy(&x, &b, sizeof(x));
	return x;
}

START_TEST(test_format_special_values)
{
	char buf[32];
	double xs[] = { 0.0, -0.0, 1.0, -1.0, 3.0, 0.1, 0.2, 0.3,
		0.30000000000000004, 1e15, 1e16, 1e17, 1e-5, 1e-4, 1e-3,
		9.9999999999999995e-05, 9.9999999999999991e-06, 0.001, 123456.0,
		1e21, 1e22, 1e23, 1e-7, 2.5, 0.5, 1.0 / 3, 2.0 / 3,
		3.141592653589793, 2.718281828459045, DBL_MAX, -DBL_MAX,
		DBL_MIN, -DBL_MIN, 5e-324, -5e-324, DBL_MIN - 5e-324,
		DBL_EPSILON, 9007199254740992.0, 9007199254740993.0,
		4503599627370495.5, 1234567890123456.5, 999999999999999.5,
		99999999999999.95, 0.99999999999999989, 1e-8, 1e-6, 1e4,
		2.302585124969482, 1.2589254117941673e-05 };
	size_t i;

	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		same_format_around(xs[i], 4);
	ck_assert_str_eq(num_format(buf, 0.0), "0");
	ck_assert_str_eq(num_format(buf, -0.0), "-0");
	ck_assert_str_eq(num_format(buf, 3.0), "3");
	ck_assert_str_eq(num_format(buf, 1e15), "1e+15");
	ck_assert_str_eq(num_format(buf, 123456789012345.0), "123456789012345");
	ck_assert_str_eq(num_format(buf, 1e-5), "1e-05");
	ck_assert_str_eq(num_format(buf, 1e-4), "0.0001");
	ck_assert_str_eq(num_format(buf, 1e100), "1e+100");
	ck_assert_str_eq(num_format(buf, -2.5e-300), "-2.5e-300");
	ck_assert_str_eq(num_format(buf, 5e-324), "4.94065645841247e-324");
	ck_assert_str_eq(num_format(buf, DBL_MAX), "1.7976931348623157e+308");
	ck_assert_str_eq(num_format(buf, 9.9999999999999995e-05),
	    "9.999999999999999e-05");
	same_format(NAN);
	same_format(-NAN);
	same_format(INFINITY);
	same_format(-INFINITY);
}
END_TEST

START_TEST(test_format_powers_of_ten)
{
	/* every power of ten a double reaches, and its neighbours: where the
	 * decimal exponent of x is easy to get wrong */
	char txt[32];
	int e;

	for (e = -324; e <= 308; e++) {
		snprintf(txt, sizeof(txt), "1e%d", e);
		same_format_around(strtod(txt, NULL), 3);
		snprintf(txt, sizeof(txt), "9.99999999999999999e%d", e);
		same_format_around(strtod(txt, NULL), 3);
		snprintf(txt, sizeof(txt), "5e%d", e);
		same_format_around(strtod(txt, NULL), 1);
	}
	/* and every power of two */
	for (e = -1074; e <= 1023; e++)
		same_format_around(ldexp(1, e), 1);
}
END_TEST

START_TEST(test_format_integers)
{
	uint64_t s = 77;
	double x;
	int i;

	for (i = 0; i < scaled(20000); i++)
		same_format((double)i);
	for (x = 9007199254740992.0 - 2000; x <= 9007199254740992.0 + 2000;
	     x = nextafter(x, INFINITY))
		same_format(x);
	for (i = 0; i < scaled(100000); i++) {
		uint64_t m = rnd(&s) >> (11 + rnd(&s) % 53);

		same_format((double)m);
		same_format((double)m + 0.5);
	}
	for (i = 0; i < 20; i++)
		same_format_around(1e15 * i, 3);
}
END_TEST

START_TEST(test_format_exact_decimals)
{
	/* decimals of 15 to 17 digits, and halfway cases: 16 and 17 digits
	 * ending in 5, which a shorter precision rounds half to even or the
	 * double is near, with their neighbours */
	uint64_t s = 1234567;
	char txt[48];
	int i;

	for (i = 0; i < scaled(40000); i++) {
		int nd = 15 + (int)(rnd(&s) % 5), k, e;
		char *p = txt;

		e = (int)(rnd(&s) % 60) - 30;
		if (i % 4 == 0)
			e = (int)(rnd(&s) % 640) - 330;
		*p++ = (char)('1' + rnd(&s) % 9);
		*p++ = '.';
		for (k = 1; k < nd - 1; k++)
			*p++ = (char)('0' + rnd(&s) % 10);
		*p++ =
		    nd >= 16 && i % 2 == 0 ? '5' : (char)('0' + rnd(&s) % 10);
		sprintf(p, "e%d", e);
		same_format_around(strtod(txt, NULL), 1);
	}
}
END_TEST

START_TEST(test_format_short_decimals)
{
	/* decimals of 1 to 9 significant digits (num_format's short path:
	 * what trainers write), at every exponent of that path and past it,
	 * 9 digits near 10^9 (where the exponent moves), and their
	 * neighbours, which must leave the path for the long one */
	uint64_t s = 777;
	char txt[48];
	int i;

	for (i = 0; i < scaled(60000); i++) {
		int nd = 1 + (int)(rnd(&s) % 9), e = (int)(rnd(&s) % 60) - 25,
		    k;
		char *p = txt;

		*p++ = (char)('1' + rnd(&s) % 9);
		*p++ = '.';
		for (k = 1; k < nd; k++)
			*p++ = (char)(i % 7 == 0 ? '9' : '0' + rnd(&s) % 10);
		sprintf(p, "e%d", e);
		same_format_around(strtod(txt, NULL), 2);
	}
	for (i = -30; i <= 40; i++) {
		snprintf(txt, sizeof(txt), "9.99999999e%d", i);
		same_format_around(strtod(txt, NULL), 3);
		snprintf(txt, sizeof(txt), "9.999999995e%d", i);
		same_format_around(strtod(txt, NULL), 3);
		snprintf(txt, sizeof(txt), "1.00000001e%d", i);
		same_format_around(strtod(txt, NULL), 3);
	}
}
END_TEST

/*
 * Exact ties of the rounding to 15, 16 and 17 digits (half to even: they
 * lie in round_digits' margin), and every binary exponent of the fast
 * paths and past their ends (k in [-60, 160]), with the significands that
 * are easy to get wrong (a power of two, whose lower neighbour is nearer;
 * odd and even; all ones) and random ones.
 */
START_TEST(test_format_ties)
{
	/* N / 2^j = N 5^j / 10^j: its decimal digits are those of N 5^j,
	 * which end in 5 for an odd N; with p + 1 of them, rounding to p
	 * digits is a tie (small N and large j: the ties of small numbers) */
	uint64_t s = 4242, pow5 = 1;
	int j, p, i;

	for (j = 1; j <= 24; j++) { /* 5^24 < 2^63 */
		pow5 *= 5;
		for (p = 15; p <= 17; p++) {
			/* N 5^j in [10^p, 10^(p+1)): N from 10^p / 5^j on */
			double lo = pow(10, p) / (double)pow5;

			for (i = 0; i < scaled(500); i++) {
				double u = (double)(rnd(&s) >> 11) * 0x1p-53, x;
				uint64_t n = (uint64_t)(lo * (1 + 8.9 * u)) | 1;

				if (n >= UINT64_C(1) << 53)
					continue;
				x = ldexp((double)n, -j);
				same_format_around(x, 1);
			}
		}
	}
}
END_TEST

START_TEST(test_format_binary_exponents)
{
	static const uint64_t sig[] = { 0, 1, 2, 3, UINT64_C(0xfffffffffffff),
		UINT64_C(0xffffffffffffe), UINT64_C(0x8000000000000) };
	uint64_t s = 99;
	int k, i;

	for (k = -70; k <= 170; k++) {
		for (i = 0; i < (int)(sizeof(sig) / sizeof(sig[0])); i++) {
			uint64_t b = (uint64_t)(k + 1023) << 52 | sig[i];

			same_format(from_bits(b));
			same_format(-from_bits(b));
		}
		for (i = 0; i < scaled(1500); i++) {
			uint64_t b = (uint64_t)(k + 1023) << 52 |
			    (rnd(&s) & UINT64_C(0xfffffffffffff));

			same_format(from_bits(b));
		}
	}
}
END_TEST

/* num_format_int64 against snprintf: every length, both signs, the ends
 * of int64_t, and nothing written past 24 bytes */
static void
same_int64(int64_t v)
{
	char got[40], want[40];
	int n;

	memset(got, 'Z', sizeof(got));
	n = num_format_int64(got, v);
	snprintf(want, sizeof(want), "%lld", (long long)v);
	ck_assert_int_eq(n, (int)strlen(want));
	ck_assert_msg(memcmp(got, want, (size_t)n) == 0 && got[24] == 'Z',
	    "%lld: '%.*s'", (long long)v, n, got);
}

START_TEST(test_format_int64)
{
	uint64_t s = 7, pu = 1; /* unsigned: 10^19 after the last */
	int i, k;

	same_int64(0);
	same_int64(INT64_MAX);
	same_int64(INT64_MIN);
	same_int64(INT64_MIN + 1);
	for (k = 0; k < 19; k++, pu *= 10) {
		int64_t p = (int64_t)pu;

		same_int64(p);
		same_int64(p - 1);
		same_int64(-p);
		same_int64(-(p - 1));
		same_int64(p + 1);
	}
	for (i = 0; i < scaled(200000); i++) {
		int64_t v = (int64_t)(rnd(&s) >> (1 + rnd(&s) % 63));

		same_int64(i % 2 ? v : -v);
		same_int64(i);
	}
}
END_TEST

START_TEST(test_format_random_bits)
{
	/* random bit patterns: every exponent, nan, inf, subnormals */
	uint64_t s = 0x9e3779b97f4a7c15u;
	int i, n = format_loop_count();

	for (i = 0; i < n; i++)
		same_format(from_bits(rnd(&s)));
	/* random mantissas with the exponents of the fast path and past it */
	for (i = 0; i < n / 4; i++) {
		uint64_t b = rnd(&s);

		b = (b & UINT64_C(0x800fffffffffffff)) |
		    (uint64_t)(1023 - 80 + (int)(b >> 52) % 260) << 52;
		same_format(from_bits(b));
	}
}
END_TEST

START_TEST(test_format_lrfind_range)
{
	/* what lrfind prints: 1e-8 .. 1e4, random mantissas; also float32
	 * values (losses) and short decimals (a trainer's %.6g) */
	static const double p10[] = { 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2,
		1e-1, 1, 1e1, 1e2, 1e3 };
	uint64_t s = 42;
	int i, n = format_loop_count();

	for (i = 0; i < n; i++) {
		double m = ldexp((double)(rnd(&s) >> 11), -53);
		double x = (1 + 9 * m) * p10[rnd(&s) % 12];

		if (i % 4 == 1)
			x = (double)(float)x;
		else if (i % 4 == 2) /* up to 8 digits: n / 10^k exactly */
			x = (double)(rnd(&s) % 100000000) / 1e8 *
			    (i % 3 ? 1 : 1e4);
		same_format(i % 8 == 3 ? -x : x);
	}
}
END_TEST

/* num_scan on text followed by a delimiter, with padding after it. */
static int
scan(const char *text, double *v, size_t *used)
{
	static char buf[256];
	const char *stop = NULL;
	size_t len = strlen(text);
	int rc;

	memset(buf, 'Z', sizeof(buf));
	memcpy(buf, text, len);
	buf[len] = ',';
	rc = num_scan(buf, buf + sizeof(buf), &stop, v);
	*used = rc == 0 ? (size_t)(stop - buf) : 0;
	return rc;
}

START_TEST(test_scan_matches_strtod)
{
	/* random numbers of every shape: what num_scan takes must be the
	 * whole number, and its value strtod's bit for bit */
	char buf[96];
	uint64_t x = 0x9e3779b97f4a7c15u;
	size_t used, taken = 0;
	int i;

	for (i = 0; i < 300000; i++) {
		char *p = buf;
		int nint, nfrac, dot, expo, k;
		double v = -1, want;
		char *end;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		nint = (int)(x % 21);
		nfrac = (int)(x >> 8) % 21;
		dot = (int)(x >> 16) % 4 != 0;
		expo = (int)(x >> 20) % 3;
		if ((x >> 24) % 4 == 0)
			*p++ = (x >> 26) & 1 ? '-' : '+';
		for (k = 0; k < nint; k++)
			*p++ = (char)('0' + (x >> (k * 3 % 60)) % 10);
		if (dot) {
			*p++ = '.';
			for (k = 0; k < nfrac; k++)
				*p++ = (char)('0' + (x >> (k * 5 % 60)) % 10);
		}
		if (expo)
			p += sprintf(p, "%s%d", (x >> 30) & 1 ? "e" : "E",
			    (int)((x >> 32) % 700) - 350);
		*p = '\0';
		if (scan(buf, &v, &used) != 0)
			continue;
		taken++;
		want = strtod(buf, &end);
		ck_assert_msg(end != buf && *end == '\0' && used == strlen(buf),
		    "'%s': took %zu bytes", buf, used);
		ck_assert_msg(memcmp(&v, &want, sizeof(v)) == 0,
		    "'%s': %.17g, strtod %.17g", buf, v, want);
	}
	/* how many it takes: test_scan_takes_trainer_numbers */
	ck_assert_uint_gt(taken, 50000);
}
END_TEST

START_TEST(test_scan_takes_trainer_numbers)
{
	/* what trainers print (%.6g, Python's repr: up to 17 digits) takes
	 * the fast path, bar a halfway case now and then */
	char buf[64];
	uint64_t x = 42;
	size_t used, taken = 0, n = 0;
	int i, f;
	double want_dummy;

	for (i = 0; i < 100000; i++) {
		double d, v, want;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		d = ldexp((double)(x >> 11), -53) * pow(10, (int)(x % 12) - 8);
		for (f = 0; f < 3; f++) {
			snprintf(buf, sizeof(buf),
			    f == 0     ? "%.17g" :
				f == 1 ? "%.16g" :
					 "%.6g",
			    d);
			want = strtod(buf, NULL);
			n++;
			if (scan(buf, &v, &used) != 0)
				continue;
			taken++;
			ck_assert_msg(v == want, "'%s'", buf);
		}
	}
	/* without 64-bit long double arithmetic: %.6g and the 16- and
	 * 17-digit values up to 2^53 */
	ck_assert_msg(taken > n * (long_double_exact() ? 99 : 50) / 100,
	    "%zu of %zu", taken, n);
	/* halfway between two doubles: strtod decides (num_parse) */
	ck_assert_int_eq(scan("9007199254740993", &want_dummy, &used), -1);
	ck_assert(P("9007199254740993") == 9007199254740992.0);
	ck_assert(P("9007199254740995") == 9007199254740996.0);
	ck_assert(P("9007199254740993.0000001") == 9007199254740994.0);
	ck_assert(P("1.0210861717431829e-06") == 1.0210861717431829e-06);
	ck_assert(P("2.3432397842407227") == 2.3432397842407227);
	if (long_double_exact()) {
		ck_assert_int_eq(scan("2.3432397842407227", &want_dummy, &used),
		    0);
		ck_assert(want_dummy == 2.3432397842407227);
		ck_assert_uint_eq(used, 18);
	} else
		ck_assert_int_eq(scan("2.3432397842407227", &want_dummy, &used),
		    -1);
	/* 20 digits, or a long exponent: not here */
	ck_assert_int_eq(scan("12345678901234567890", &want_dummy, &used), -1);
	ck_assert_int_eq(scan("1e0001", &want_dummy, &used), -1);
	ck_assert_int_eq(scan("1.5e", &want_dummy, &used), -1);
	ck_assert_int_eq(scan("-", &want_dummy, &used), -1);
	ck_assert_int_eq(scan(".", &want_dummy, &used), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("numparse");
	TCase *tc = tcase_create("core"), *tcf;
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_fast_path_exact);
	tcase_add_test(tc, test_matches_strtod);
	tcase_add_test(tc, test_specials);
	tcase_add_test(tc, test_rejects);
	tcase_add_test(tc, test_not_nul_terminated_fast);
	tcase_add_test(tc, test_format_roundtrip);
	tcase_add_test(tc, test_scan_matches_strtod);
	tcase_add_test(tc, test_scan_takes_trainer_numbers);
	suite_add_tcase(s, tc);
	/* num_format against snprintf: millions of values, a few seconds
	 * (more under sanitizers) */
	tcf = tcase_create("format");
	tcase_set_timeout(tcf, 120);
	tcase_add_test(tcf, test_format_special_values);
	tcase_add_test(tcf, test_format_powers_of_ten);
	tcase_add_test(tcf, test_format_integers);
	tcase_add_test(tcf, test_format_exact_decimals);
	tcase_add_test(tcf, test_format_short_decimals);
	tcase_add_test(tcf, test_format_int64);
	tcase_add_test(tcf, test_format_ties);
	tcase_add_test(tcf, test_format_binary_exponents);
	tcase_add_test(tcf, test_format_random_bits);
	tcase_add_test(tcf, test_format_lrfind_range);
	suite_add_tcase(s, tcf);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
