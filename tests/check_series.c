/* check_series.c: points go to the series of their name, in the order added */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series.h"

START_TEST(test_points_by_name)
{
	struct series_set ss;
	struct series *a, *b;
	int i;

	series_set_init(&ss);
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(series_add(&ss, "train/loss", 10, i,
				     1.0 / (i + 1)),
		    0);
		if (i % 10 == 0) /* a name cut by its length, not a NUL */
			ck_assert_int_eq(series_add(&ss, "lrXYZ", 2, i / 10, i),
			    0);
	}
	ck_assert_int_eq(series_add(&ss, "nan\0tail", 8, -5, NAN), 0);
	ck_assert_uint_eq(ss.n, 3);
	a = series_find(&ss, "train/loss");
	b = series_find(&ss, "lr");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_null(series_find(&ss, "train"));
	ck_assert_ptr_null(series_find(&ss, "lrX"));
	ck_assert_uint_eq(a->n, 1000);
	ck_assert_uint_eq(b->n, 100);
	ck_assert_int_eq(a->step[999], 999);
	ck_assert_double_eq(a->val[3], 0.25);
	ck_assert_int_eq(b->step[42], 42);
	ck_assert_double_eq(b->val[42], 420);
	ck_assert(isnan(series_find(&ss, "nan")->val[0]));
	ck_assert_int_eq(series_find(&ss, "nan")->step[0], -5);
	ck_assert_uint_eq(series_points(&ss), 1101);
	series_set_free(&ss);
	ck_assert_uint_eq(ss.n, 0);
	ck_assert_uint_eq(series_points(&ss), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("series");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_points_by_name);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
