/* check_bounds.c: a schedule's bounds read from an analysis (bounds.c) */
#include <check.h>
#include <math.h>
#include <string.h>

#include "bounds.h"

/* An analysis with the figures bounds_from_analysis reads, set by hand. */
static struct analysis
made(enum verdict v)
{
	struct analysis an;

	memset(&an, 0, sizeof(an));
	an.verdict = v;
	an.sug[M_MINIMUM].ok = true;
	an.sug[M_MINIMUM].lr = 0.02;
	an.sug[M_STEEP].ok = true;
	an.sug[M_STEEP].lr = 0.003;
	an.oc_max = 0.03;
	an.oc_div = 10;
	an.oc_final_div = 10;
	an.clr_base = 0.003;
	an.clr_max = 0.03;
	return an;
}

START_TEST(test_each_policy)
{
	struct analysis an = made(V_HIGH);
	struct bounds b;

	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_ONECYCLE, &b),
	    0);
	ck_assert_double_eq(b.max_lr, 0.03);
	ck_assert_double_eq(b.div_factor, 10);
	ck_assert_double_eq(b.final_div_factor, 10);
	ck_assert_double_eq(b.suggestion, 0.02);
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_TRIANGULAR2,
			     &b),
	    0);
	ck_assert_double_eq(b.base_lr, 0.003);
	ck_assert_double_eq(b.max_lr, 0.03);
	/* constant: the method asked for */
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_CONSTANT, &b),
	    0);
	ck_assert_double_eq(b.lr, 0.02);
	ck_assert_int_eq(bounds_from_analysis(&an, M_STEEP, POL_CONSTANT, &b),
	    0);
	ck_assert_double_eq(b.lr, 0.003);
}
END_TEST

START_TEST(test_no_bounds)
{
	struct analysis an = made(V_NONE);
	struct bounds b;

	/* verdict none: nothing, whatever the figures */
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_CONSTANT, &b),
	    -1);
	an = made(V_LOW);
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_CONSTANT, &b),
	    0);
	/* the method made no suggestion */
	ck_assert_int_eq(bounds_from_analysis(&an, M_VALLEY, POL_ONECYCLE, &b),
	    -1);
	/* a bound that is not finite and > 0 */
	an.oc_final_div = INFINITY;
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_ONECYCLE, &b),
	    -1);
	an.clr_base = 0;
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_TRIANGULAR,
			     &b),
	    -1);
	an.sug[M_MINIMUM].lr = NAN;
	ck_assert_int_eq(bounds_from_analysis(&an, M_MINIMUM, POL_CONSTANT, &b),
	    -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bounds");
	TCase *tc = tcase_create("bounds");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_each_policy);
	tcase_add_test(tc, test_no_bounds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
