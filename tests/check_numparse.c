/* check_numparse.c: unit tests of the decimal parser and formatter */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	ck_assert(P("1e400") == INFINITY);	/* strtod's overflow */
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
	ck_assert_str_eq(num_format(buf, 0.30000000000000004), "0.30000000000000004");
	ck_assert_str_eq(num_format(buf, NAN), "nan");
	ck_assert_str_eq(num_format(buf, -INFINITY), "-inf");
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		ck_assert(strtod(num_format(buf, xs[i]), NULL) == xs[i]);
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
			snprintf(buf, sizeof(buf), f == 0 ? "%.17g" : f == 1 ?
			    "%.16g" : "%.6g", d);
			want = strtod(buf, NULL);
			n++;
			if (scan(buf, &v, &used) != 0)
				continue;
			taken++;
			ck_assert_msg(v == want, "'%s'", buf);
		}
	}
	ck_assert_msg(taken > n * 99 / 100, "%zu of %zu", taken, n);
	/* halfway between two doubles: strtod decides (num_parse) */
	ck_assert_int_eq(scan("9007199254740993", &want_dummy, &used), -1);
	ck_assert(P("9007199254740993") == 9007199254740992.0);
	ck_assert(P("9007199254740995") == 9007199254740996.0);
	ck_assert(P("9007199254740993.0000001") == 9007199254740994.0);
	ck_assert(P("1.0210861717431829e-06") == 1.0210861717431829e-06);
	ck_assert(P("2.3432397842407227") == 2.3432397842407227);
	ck_assert_int_eq(scan("2.3432397842407227", &want_dummy, &used), 0);
	ck_assert(want_dummy == 2.3432397842407227);
	ck_assert_uint_eq(used, 18);
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
	TCase *tc = tcase_create("core");
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
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
