/* check_numparse.c: unit tests of the decimal parser and formatter */
#include <check.h>
#include <math.h>
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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
