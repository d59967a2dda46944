/* check_train.c: the training loop: determinism, a range test that explodes, the log, --fit */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "dataset.h"
#include "logread.h"
#include "rangetest.h"
#include "schedule.h"
#include "report.h"
#include "train.h"

static struct dataset train, test;
static char dir[] = "/tmp/check_train.XXXXXX";
static char err[512];

/* The synthetic task, standardised: 2400 training and 600 test samples. */
static void
setup(void)
{
	struct dataset all;

	ck_assert_int_eq(ds_synthetic(&all, 3000, 16, 5, 3, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_split(&all, 0.2, 3, &train, &test, err,
			     sizeof(err)),
	    DS_OK);
	ds_standardise(&train, &test, false);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/a.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.csv", dir);
	unlink(path);
	rmdir(dir);
	strcpy(dir, "/tmp/check_train.XXXXXX");
	ds_free(&train);
	ds_free(&test);
}

/* One hidden layer of 64 (two, 64 and 32, with deep). */
static void
opts(struct train_opts *o, int threads, bool deep)
{
	train_opts_default(o);
	o->hidden[0] = 64;
	o->hidden[1] = 32;
	o->nhidden = deep ? 2 : 1;
	o->batch = 32;
	o->seed = 5;
	o->threads = threads;
	o->opt.momentum = 0.9;
	o->opt.weight_decay = 1e-4;
}

static void
sweep(struct sweep *sw)
{
	sw->init_lr = 1e-5;
	sw->max_lr = 10;
	sw->iters = 200;
	sw->linear = false;
	sw->ends = SWEEP_END_EXCLUDED;
}

static enum train_status
range(const struct train_opts *o, const char *log, struct rangetest *rt,
    struct train_stats *st)
{
	struct rt_config rc;
	struct sweep sw;
	enum train_status ts;

	sweep(&sw);
	rt_config_default(&rc);
	rt_init(rt, &rc);
	ts = train_range_test(o, &sw, &train, rt, st, err, sizeof(err));
	if (ts == TRAIN_OK && log != NULL) { /* the log, as lrfind writes it */
		FILE *fp = fopen(log, "w");

		ck_assert_ptr_nonnull(fp);
		ck_assert_int_eq(report_log(fp, rt), 0);
		ck_assert_int_eq(fclose(fp), 0);
	}
	return ts;
}

/* The whole of a small file. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	ck_assert_ptr_nonnull(fp);
	buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

START_TEST(deterministic)
{
	struct train_opts o;
	struct rangetest a, b, c;
	struct train_stats st;
	char pa[64], pb[64], *ta, *tb;
	size_t la, lb;
	int threads;

	snprintf(pa, sizeof(pa), "%s/a.csv", dir);
	snprintf(pb, sizeof(pb), "%s/b.csv", dir);
	for (threads = 1; threads <= 2; threads++) {
		opts(&o, threads, threads == 2);
		ck_assert_int_eq(range(&o, pa, &a, &st), TRAIN_OK);
		ck_assert_int_eq(range(&o, pb, &b, &st), TRAIN_OK);
		ck_assert_uint_gt(a.n, 20);
		ck_assert_uint_eq(a.n, b.n);
		ck_assert_mem_eq(a.loss, b.loss, a.n * sizeof(double));
		ck_assert_mem_eq(a.lr, b.lr, a.n * sizeof(double));
		ta = slurp(pa, &la);
		tb = slurp(pb, &lb);
		ck_assert_uint_eq(la, lb);
		ck_assert_mem_eq(ta, tb, la); /* bit-identical logs */
		free(ta);
		free(tb);
		/* another seed: other losses */
		o.seed = 6;
		ck_assert_int_eq(range(&o, NULL, &c, &st), TRAIN_OK);
		ck_assert(memcmp(a.loss, c.loss, 10 * sizeof(double)) != 0);
		rt_free(&a);
		rt_free(&b);
		rt_free(&c);
	}
}
END_TEST

/* The loss falls, then explodes; the suggestion lies where it falls. */
START_TEST(falls_then_explodes)
{
	struct train_opts o;
	struct rangetest rt;
	struct train_stats st;
	struct analysis_config ac;
	struct analysis an;
	double *s, sug;
	size_t i, fall, j;

	opts(&o, 1, false);
	ck_assert_int_eq(range(&o, NULL, &rt, &st), TRAIN_OK);
	/* exploded before the end of the sweep */
	ck_assert_int_ne(rt.reason, RT_RUNNING);
	ck_assert_uint_eq(rt.explode_i, rt.n - 1);
	ck_assert_uint_lt(rt.n, 200);
	ck_assert_uint_eq(st.steps, rt.n - 1); /* no step after it */
	ck_assert_uint_eq(st.samples, rt.n * 32);
	s = malloc(rt.n * sizeof(double));
	ck_assert_ptr_nonnull(s);
	rt_causal(&rt, s);
	/* it fell by a third or more before exploding */
	ck_assert_double_lt(rt.best, 0.67 * s[0]);
	ck_assert_uint_lt(rt.best_i, rt.explode_i);
	for (fall = 0; fall < rt.n && s[fall] >= 0.95 * s[0]; fall++)
		;
	ck_assert_uint_lt(fall, rt.best_i);
	/* the seed's rule, on the raw curve: lr at the minimum / 10 */
	sug = rt.lr[rt.best_i] / 10;
	for (j = 0; j < rt.n && rt.lr[j] < sug; j++)
		;
	ck_assert_msg(j >= fall && j < rt.best_i,
	    "suggestion %g (row %zu) "
	    "outside the fall, rows %zu to %zu",
	    sug, j, fall, rt.best_i);
	/* and the analysis's suggestion too */
	analysis_config_default(&ac);
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(an.exploded);
	ck_assert(an.sug[M_MINIMUM].ok);
	for (j = 0; j < rt.n && rt.lr[j] < an.sug[M_MINIMUM].lr; j++)
		;
	ck_assert_msg(j >= fall && j < rt.best_i,
	    "analysis suggestion %g "
	    "(row %zu) outside the fall, rows %zu to %zu",
	    an.sug[M_MINIMUM].lr, j, fall, rt.best_i);
	/* the loss kept falling for a while after the suggestion */
	for (i = j; i < rt.best_i; i++)
		ck_assert_double_gt(s[j], s[rt.best_i]);
	analysis_free(&an);
	free(s);
	rt_free(&rt);
}
END_TEST

/* The log reads back into the same rows, bit for bit. */
START_TEST(log_round_trip)
{
	struct train_opts o;
	struct rangetest rt, back;
	struct train_stats st;
	struct rt_config rc;
	struct logread_opts lo;
	struct logread_result res;
	char path[64], *text;
	size_t len, lines = 0, i;
	int fd;

	snprintf(path, sizeof(path), "%s/a.csv", dir);
	opts(&o, 1, false);
	ck_assert_int_eq(range(&o, path, &rt, &st), TRAIN_OK);
	text = slurp(path, &len);
	ck_assert(strncmp(text, "step,lr,loss\n0,1e-05,", 21) == 0);
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	ck_assert_uint_eq(lines, rt.n + 1);
	free(text);

	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	logread_opts_default(&lo);
	lo.name = path;
	rt_config_default(&rc);
	rt_init(&back, &rc);
	ck_assert_int_eq(logread_fd(fd, &lo, &back, &res), LR_OK);
	close(fd);
	ck_assert_uint_eq(back.n, rt.n);
	ck_assert_mem_eq(back.lr, rt.lr, rt.n * sizeof(double));
	ck_assert_mem_eq(back.loss, rt.loss, rt.n * sizeof(double));
	ck_assert_int_eq(back.reason, rt.reason);
	ck_assert_uint_eq(back.explode_i, rt.explode_i);
	ck_assert_uint_eq(back.best_i, rt.best_i);
	for (i = 0; i < rt.n; i++)
		ck_assert_int_eq(rt_step(&back, i), (int64_t)i);
	rt_free(&back);
	rt_free(&rt);
}
END_TEST

START_TEST(errors)
{
	struct train_opts o;
	struct rangetest rt;
	struct train_stats st;
	struct rt_config rc;
	struct sweep sw;

	opts(&o, 1, false);
	o.batch = 2401;
	ck_assert_int_eq(range(&o, NULL, &rt, &st), TRAIN_ERR_ARG);
	ck_assert_str_eq(err,
	    "the batch size must be from 1 to the 2400 "
	    "training samples");
	rt_free(&rt);
	opts(&o, 1, false);
	o.opt.nesterov = true;
	o.opt.momentum = 0;
	ck_assert_int_eq(range(&o, NULL, &rt, &st), TRAIN_ERR_ARG);
	ck_assert_str_eq(err, "{nesterov} needs a {momentum} > 0");
	rt_free(&rt);
	opts(&o, 1, false);
	sweep(&sw);
	sw.max_lr = sw.init_lr;
	rt_config_default(&rc);
	rt_init(&rt, &rc);
	ck_assert_int_eq(train_range_test(&o, &sw, &train, &rt, &st, err,
			     sizeof(err)),
	    TRAIN_ERR_ARG);
	ck_assert_str_eq(err,
	    "{max_lr} must be finite and greater than {init_lr}");
	rt_free(&rt);
}
END_TEST

struct epochs {
	size_t n, stop_after;
	struct train_epoch e[8];
};

static int
on_epoch(void *arg, const struct train_epoch *e)
{
	struct epochs *ep = arg;

	ep->e[ep->n++] = *e;
	return ep->n == ep->stop_after;
}

START_TEST(fit_onecycle)
{
	struct train_opts o;
	struct schedule s;
	struct train_stats st;
	struct epochs a, b;
	size_t spe, i;

	opts(&o, 1, false);
	spe = train_steps_per_epoch(&train, o.batch);
	ck_assert_uint_eq(spe, 75);
	schedule_default(&s, POL_ONECYCLE);
	s.max_lr = 0.05;
	s.total = 3 * spe;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(train_fit(&o, &s, 3, &train, &test, on_epoch, &a, &st,
			     err, sizeof(err)),
	    TRAIN_OK);
	ck_assert_uint_eq(a.n, 3);
	ck_assert_uint_eq(st.steps, 3 * spe);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(a.e[i].epoch, i + 1);
		ck_assert(!a.e[i].diverged);
	}
	/* training works: the loss falls, the test set is mostly right */
	ck_assert_double_lt(a.e[2].train_loss, a.e[0].train_loss);
	ck_assert_double_lt(a.e[2].test_loss, 0.8 * log(5.0));
	ck_assert_double_gt(a.e[2].test_acc, 0.7);
	/* the last lr is the one-cycle's end, max/25/1e4 */
	ck_assert_double_eq_tol(a.e[2].lr, 0.05 / 25 / 1e4, 1e-12);
	/* the same again, bit for bit */
	ck_assert_int_eq(train_fit(&o, &s, 3, &train, &test, on_epoch, &b, &st,
			     err, sizeof(err)),
	    TRAIN_OK);
	for (i = 0; i < 3; i++) {
		ck_assert(a.e[i].train_loss == b.e[i].train_loss);
		ck_assert(a.e[i].test_acc == b.e[i].test_acc);
	}
	/* the callback stops it */
	memset(&a, 0, sizeof(a));
	a.stop_after = 1;
	ck_assert_int_eq(train_fit(&o, &s, 3, &train, &test, on_epoch, &a, &st,
			     err, sizeof(err)),
	    TRAIN_OK);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_uint_eq(st.steps, spe);
}
END_TEST

START_TEST(fit_errors_and_divergence)
{
	struct train_opts o;
	struct schedule s;
	struct train_stats st;
	struct epochs a;

	opts(&o, 1, false);
	schedule_default(&s, POL_CONSTANT);
	s.max_lr = 0.01;
	s.total = 10;
	ck_assert_int_eq(train_fit(&o, &s, 2, &train, &test, NULL, NULL, &st,
			     err, sizeof(err)),
	    TRAIN_ERR_ARG);
	ck_assert_str_eq(err, "the schedule has 10 iterations, the run 150");
	/* far too high an lr: the loss goes to inf or nan, training stops */
	s.max_lr = 1e4;
	s.total = 150;
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(train_fit(&o, &s, 2, &train, &test, on_epoch, &a, &st,
			     err, sizeof(err)),
	    TRAIN_OK);
	ck_assert_uint_eq(a.n, 1);
	ck_assert(a.e[0].diverged);
	ck_assert(isnan(a.e[0].train_loss));
	ck_assert_uint_lt(st.steps, 75);
}
END_TEST

static Suite *
train_suite(void)
{
	Suite *su = suite_create("train");
	TCase *tc;

	tc = tcase_create("range test");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, falls_then_explodes);
	tcase_add_test(tc, log_round_trip);
	tcase_add_test(tc, errors);
	suite_add_tcase(su, tc);
	tc = tcase_create("fit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, fit_onecycle);
	tcase_add_test(tc, fit_errors_and_divergence);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(train_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
