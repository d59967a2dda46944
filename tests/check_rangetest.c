/* check_rangetest.c: unit tests of the sweep and the online range test */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "rangetest.h"
#include "sweep.h"

START_TEST(test_sweep_exp_excluded)
{
	struct sweep sw = { 1e-4, 1.0, 4, false, SWEEP_END_EXCLUDED };

	/* lr_i = 1e-4 * (1e4)^(i/4): 1e-4, 1e-3, 1e-2, 1e-1; max never reached */
	ck_assert_double_eq_tol(sweep_lr(&sw, 0), 1e-4, 1e-18);
	ck_assert_double_eq_tol(sweep_lr(&sw, 1), 1e-3, 1e-17);
	ck_assert_double_eq_tol(sweep_lr(&sw, 3), 1e-1, 1e-15);
	ck_assert_double_eq_tol(sweep_lr(&sw, 4), 1.0, 1e-14);
	ck_assert_ptr_null(sweep_check(&sw));
}
END_TEST

START_TEST(test_sweep_included_and_linear)
{
	struct sweep sw = { 1e-3, 1.0, 10, false, SWEEP_END_INCLUDED };

	ck_assert_double_eq_tol(sweep_lr(&sw, 9), 1.0, 1e-14);
	sw.linear = true;
	/* r = i/9: 1e-3 + (3/9)(0.999) = 0.334 */
	ck_assert_double_eq_tol(sweep_lr(&sw, 3), 0.334, 1e-15);
	sw.ends = SWEEP_END_EXCLUDED;
	ck_assert_double_eq_tol(sweep_lr(&sw, 5), 0.5005, 1e-15);
	sw.init_lr = 0;
	ck_assert_ptr_nonnull(sweep_check(&sw));
	sw.init_lr = 2;
	ck_assert_ptr_nonnull(sweep_check(&sw));
}
END_TEST

/* beta 0.5, k 2: s = 2, 4/3, 8/7, 3.2 > 2 * 8/7: explodes at row 3 */
START_TEST(test_ema_and_explosion)
{
	struct rt_config cfg;
	struct rangetest rt;

	rt_config_default(&cfg);
	cfg.beta = 0.5;
	cfg.diverge = 2;
	rt_init(&rt, &cfg);
	ck_assert_int_eq(rt_push(&rt, 0, 0.1, 2), RT_MORE);
	ck_assert_double_eq_tol(rt.smooth, 2, 1e-15);
	ck_assert_int_eq(rt_push(&rt, 1, 0.2, 1), RT_MORE);
	ck_assert_double_eq_tol(rt.smooth, 4.0 / 3, 1e-15);
	ck_assert_int_eq(rt_push(&rt, 2, 0.3, 1), RT_MORE);
	ck_assert_double_eq_tol(rt.smooth, 8.0 / 7, 1e-15);
	ck_assert_int_eq(rt_push(&rt, 3, 0.4, 5), RT_EXPLODED);
	ck_assert_double_eq_tol(rt.smooth, 3.2, 1e-15);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	ck_assert_uint_eq(rt.explode_i, 3);
	ck_assert_uint_eq(rt.best_i, 2);
	ck_assert_uint_eq(rt.n, 4);
	/* nothing is kept after the explosion */
	ck_assert_int_eq(rt_push(&rt, 4, 0.5, 1), RT_EXPLODED);
	ck_assert_uint_eq(rt.n, 4);
	rt_free(&rt);
}
END_TEST

START_TEST(test_nonfinite_and_errors)
{
	struct rt_config cfg;
	struct rangetest rt;

	rt_config_default(&cfg);
	rt_init(&rt, &cfg);
	ck_assert_int_eq(rt_push(&rt, 0, 0.1, 2), RT_MORE);
	ck_assert_int_eq(rt_push(&rt, 1, 0.1, 2), RT_MORE);	/* equal lr */
	ck_assert_int_eq(rt_push(&rt, 2, 0.05, 2), RT_ERR_DECREASING);
	ck_assert_int_eq(rt_push(&rt, 2, 0, 2), RT_ERR_LR);
	ck_assert_int_eq(rt_push(&rt, 2, -1, 2), RT_ERR_LR);
	ck_assert_int_eq(rt_push(&rt, 2, NAN, 2), RT_ERR_LR);
	ck_assert_uint_eq(rt.n, 2);
	ck_assert_int_eq(rt_push(&rt, 2, 0.2, NAN), RT_EXPLODED);
	ck_assert_int_eq(rt.reason, RT_NONFINITE);
	ck_assert_uint_eq(rt.explode_i, 2);
	rt_free(&rt);
}
END_TEST

START_TEST(test_steps_and_growth)
{
	struct rt_config cfg;
	struct rangetest rt;
	size_t i;

	rt_config_default(&cfg);
	cfg.diverge = INFINITY;
	rt_init(&rt, &cfg);
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(rt_push(&rt, 10 + (int64_t)i, 1e-3 * (double)(i + 1), 1), RT_MORE);
	ck_assert_ptr_null(rt.step);		/* regular steps take no memory */
	ck_assert_int_eq(rt_step(&rt, 4999), 5009);
	ck_assert_int_eq(rt_push(&rt, 7000, 10, 1), RT_MORE);
	ck_assert_ptr_nonnull(rt.step);
	ck_assert_int_eq(rt_step(&rt, 4999), 5009);
	ck_assert_int_eq(rt_step(&rt, 5000), 7000);
	rt_free(&rt);
}
END_TEST

START_TEST(test_peer_emas)
{
	struct rt_config cfg;
	struct rangetest rt;
	double out[3];

	/* pytorch-lr-finder: s0 = x0, s = 0.05 x + 0.95 s */
	rt_config_default(&cfg);
	cfg.ema = EMA_SEEDED;
	cfg.beta = 0.95;
	cfg.diverge = 5;
	rt_init(&rt, &cfg);
	rt_push(&rt, 0, 1, 2);
	rt_push(&rt, 1, 2, 4);
	ck_assert_double_eq_tol(rt.smooth, 0.05 * 4 + 0.95 * 2, 1e-15);
	rt_causal(&rt, out);
	ck_assert_double_eq_tol(out[0], 2, 1e-15);
	ck_assert_double_eq_tol(out[1], 2.1, 1e-15);
	rt_free(&rt);
	/* Lightning: the first value is 0.02 x / (1 - 0.98^2) = 0.50505 x */
	rt_config_default(&cfg);
	cfg.ema = EMA_LIGHTNING;
	rt_init(&rt, &cfg);
	rt_push(&rt, 0, 1, 2.3);
	ck_assert_double_eq_tol(rt.smooth, 0.02 * 2.3 / (1 - 0.98 * 0.98), 1e-15);
	rt_push(&rt, 1, 2, 2.3);
	ck_assert_double_eq_tol(rt.smooth,
	    (0.98 * 0.02 * 2.3 + 0.02 * 2.3) / (1 - 0.98 * 0.98 * 0.98), 1e-12);
	/* PEERS.md E1: the first values are 1.162 and 1.549 */
	ck_assert_double_eq_tol(rt.smooth, 1.549, 5e-4);
	rt_free(&rt);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rangetest");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_sweep_exp_excluded);
	tcase_add_test(tc, test_sweep_included_and_linear);
	tcase_add_test(tc, test_ema_and_explosion);
	tcase_add_test(tc, test_nonfinite_and_errors);
	tcase_add_test(tc, test_steps_and_growth);
	tcase_add_test(tc, test_peer_emas);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
