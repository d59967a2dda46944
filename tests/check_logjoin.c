/* check_logjoin.c: series joined by step into the rows of a range test */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "logjoin.h"

static struct series_set ss;
static struct rangetest rt;
static struct logread_opts o;
static struct logread_result res;

static void
setup(void)
{
	struct rt_config cfg;

	series_set_init(&ss);
	rt_config_default(&cfg);
	rt_init(&rt, &cfg);
	logread_opts_default(&o);
}

static void
teardown(void)
{
	series_set_free(&ss);
	rt_free(&rt);
}

static void
add(const char *name, int64_t step, double v)
{
	ck_assert_int_eq(series_add(&ss, name, strlen(name), step, v), 0);
}

START_TEST(test_joined_by_step_sorted_last_wins)
{
	/* out of order, a step twice (the later wins), an lr held */
	add("train/grad_norm", 1, 5);
	add("train/loss", 3, 2.5);
	add("train/loss", 1, 3.0);
	add("train/learning_rate", 1, 1e-3);
	add("train/loss", 2, 2.8);
	add("train/loss", 2, 2.7);
	add("train/learning_rate", 3, 4e-3);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_OK);
	ck_assert_str_eq(res.loss_name, "train/loss");
	ck_assert_str_eq(res.lr_name, "train/learning_rate");
	ck_assert_uint_eq(res.rows, 3);
	ck_assert_uint_eq(rt.n, 3);
	ck_assert_int_eq(rt_step(&rt, 0), 1);
	ck_assert_int_eq(rt_step(&rt, 2), 3);
	ck_assert_double_eq(rt.loss[1], 2.7);
	ck_assert_double_eq(rt.lr[1], 1e-3); /* held from step 1 */
	ck_assert_double_eq(rt.lr[2], 4e-3);
}
END_TEST

START_TEST(test_in_order_repeated_steps_last_wins)
{
	/* in step order as writers write it, a step written three times and
	 * the last step twice: the later point of each wins, as in a sort */
	add("loss", 0, 3.0);
	add("loss", 1, 2.9);
	add("loss", 1, 2.8);
	add("loss", 1, 2.6);
	add("loss", 2, 2.5);
	add("loss", 2, 2.4);
	add("lr", 0, 1e-3);
	add("lr", 0, 2e-3);
	add("lr", 2, 4e-3);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_OK);
	ck_assert_uint_eq(rt.n, 3);
	ck_assert_double_eq(rt.loss[0], 3.0);
	ck_assert_double_eq(rt.loss[1], 2.6);
	ck_assert_double_eq(rt.loss[2], 2.4);
	ck_assert_double_eq(rt.lr[0], 2e-3);
	ck_assert_double_eq(rt.lr[1], 2e-3);
	ck_assert_double_eq(rt.lr[2], 4e-3);
	ck_assert_int_eq(rt_step(&rt, 2), 2);
}
END_TEST

START_TEST(test_loss_before_first_lr_skipped)
{
	add("loss", 0, 3);
	add("loss", 1, 2);
	add("loss", 2, 1);
	add("lr", 1, 0.1);
	add("lr", 2, 0.2);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_OK);
	ck_assert_uint_eq(res.rows, 2);
	ck_assert_uint_eq(res.skipped, 1);
	ck_assert_double_eq(rt.loss[0], 2);
}
END_TEST

START_TEST(test_named_series_win)
{
	add("loss", 0, 3);
	add("eval_loss", 0, 9);
	add("lr", 0, 0.1);
	o.loss_col = "EVAL_LOSS";
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_OK);
	ck_assert_str_eq(res.loss_name, "eval_loss");
	ck_assert_double_eq(rt.loss[0], 9);
}
END_TEST

START_TEST(test_lightning_lr_and_keras_loss)
{
	add("lr-Adam/pg1", 0, 0.1);
	add("batch_loss", 0, 1);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_OK);
	ck_assert_str_eq(res.lr_name, "lr-Adam/pg1");
	ck_assert_str_eq(res.loss_name, "batch_loss");
}
END_TEST

START_TEST(test_errors_name_the_scalars)
{
	add("accuracy", 0, 0.5);
	add("lr", 0, 0.1);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_ptr_nonnull(strstr(res.err,
	    "no loss among the 2 scalars "
	    "('accuracy', 'lr')"));
	o.loss_col = "acc";
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_str_eq(res.err,
	    "no loss 'acc' among the 2 scalars "
	    "('accuracy', 'lr')");
	o.loss_col = "lr";
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_str_eq(res.err,
	    "the lr and the loss are the same scalar, 'lr'");
}
END_TEST

START_TEST(test_decreasing_lr_is_an_error)
{
	add("loss", 0, 1);
	add("loss", 1, 1);
	add("lr", 0, 0.2);
	add("lr", 1, 0.1);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_str_eq(res.err,
	    "step 1: lr 0.1 is lower than the 0.2 "
	    "before it: the lr must not decrease along a range test");
}
END_TEST

START_TEST(test_rebuilt_lr_and_explosion)
{
	int i;

	for (i = 0; i < 10; i++)
		add("loss", i, i < 8 ? 1.0 - i / 100.0 : 100);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_ptr_nonnull(strstr(res.err, "no lr among the 1 scalars"));
	o.init_lr = 1e-4;
	o.max_lr = 1;
	o.iters = 20;
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_OK);
	ck_assert(res.lr_rebuilt);
	ck_assert(!res.iters_from_rows);
	ck_assert_uint_eq(rt.n, 9); /* the exploding row kept, none after */
	ck_assert(res.stopped_early);
	ck_assert_double_eq_tol(rt.lr[2], 1e-4 * pow(1e4, 2.0 / 20), 1e-15);
	teardown();
	setup();
	for (i = 0; i < 10; i++)
		add("loss", i, 1);
	o.init_lr = 1e-4;
	o.max_lr = 1;
	o.iters = 5;
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_ptr_nonnull(strstr(res.err,
	    "10 loss points, more than the "
	    "sweep's 5 steps"));
}
END_TEST

START_TEST(test_negative_loss_refused)
{
	add("loss", 4, -1);
	add("lr", 0, 0.1);
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_ptr_nonnull(strstr(res.err, "step 4: loss -1 is negative"));
}
END_TEST

START_TEST(test_empty)
{
	ck_assert_int_eq(logjoin(&ss, &o, &rt, &res), LR_ERR_INPUT);
	ck_assert_str_eq(res.err,
	    "no scalars: expected a loss logged at each step");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("logjoin");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_joined_by_step_sorted_last_wins);
	tcase_add_test(tc, test_in_order_repeated_steps_last_wins);
	tcase_add_test(tc, test_loss_before_first_lr_skipped);
	tcase_add_test(tc, test_named_series_win);
	tcase_add_test(tc, test_lightning_lr_and_keras_loss);
	tcase_add_test(tc, test_errors_name_the_scalars);
	tcase_add_test(tc, test_decreasing_lr_is_an_error);
	tcase_add_test(tc, test_rebuilt_lr_and_explosion);
	tcase_add_test(tc, test_negative_loss_refused);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
