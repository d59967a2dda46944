/* check_logread.c: the log reader on good and bad logs */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logread.h"
#include "rangetest.h"

static struct rangetest rt;
static struct logread_result res;

/* Read text through a temporary file, chunk bytes per read. */
static enum lr_status
rd(const char *text, size_t len, struct logread_opts *o, size_t chunk)
{
	char path[] = "/tmp/check_logread.XXXXXX";
	struct rt_config cfg;
	enum lr_status st;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	unlink(path);
	rt_config_default(&cfg);
	rt_free(&rt);
	rt_init(&rt, &cfg);
	o->chunk = chunk;
	st = logread_fd(fd, o, &rt, &res);
	close(fd);
	return st;
}

static enum lr_status
rds(const char *text)
{
	struct logread_opts o;

	logread_opts_default(&o);
	return rd(text, strlen(text), &o, 0);
}

/* The same text read whole and one byte at a time gives the same rows. */
static void
ok_both(const char *text, size_t n, const double *lr, const double *loss)
{
	struct logread_opts o;
	size_t chunk, i;

	for (chunk = 0; chunk <= 1; chunk++) {
		logread_opts_default(&o);
		ck_assert_msg(rd(text, strlen(text), &o, chunk) == LR_OK,
		    "chunk %zu: %s", chunk, res.err);
		ck_assert_uint_eq(rt.n, n);
		for (i = 0; i < n; i++) {
			ck_assert(rt.lr[i] == lr[i]);
			ck_assert(rt.loss[i] == loss[i]);
		}
	}
}

static void
err_is(const char *text, const char *want)
{
	ck_assert_int_eq(rds(text), LR_ERR_INPUT);
	ck_assert_str_eq(res.err, want);
}

static const double LR3[] = { 0.001, 0.002, 0.004 }, LOSS3[] = { 2.5, 2, 1.5 };

START_TEST(test_formats)
{
	ok_both("step,lr,loss\n0,0.001,2.5\n1,0.002,2\n2,0.004,1.5\n", 3, LR3, LOSS3);
	ck_assert_str_eq(res.lr_name, "lr");
	ck_assert_int_eq(res.delim, ',');
	ok_both("Step\tLearning_Rate\tTrain_Loss\n0\t0.001\t2.5\n1\t0.002\t2\n2\t0.004\t1.5\n",
	    3, LR3, LOSS3);
	ck_assert_int_eq(res.delim, '\t');
	ok_both("iter;lr-SGD;loss_step\r\n0;0.001;2.5\r\n1;0.002;2\r\n2;0.004;1.5\r\n",
	    3, LR3, LOSS3);
	ck_assert_int_eq(res.delim, ';');
	ck_assert_str_eq(res.lr_name, "lr-SGD");
	/* BOM, comments, blank lines, quotes, spaces, no final newline */
	ok_both("\xef\xbb\xbf# made by hand\n\n\"step\",\"lr\",\"loss\"\n# a comment, \"quoted\n"
	    "0, 0.001 ,\"2.5\"\n\n1,0.002,2\n#x\n2,0.004,1.5", 3, LR3, LOSS3);
	/* headerless two and three columns */
	ok_both("0.001,2.5\n0.002,2\n0.004,1.5\n", 3, LR3, LOSS3);
	ck_assert(!res.header);
	ok_both("7,0.001,2.5\n8,0.002,2\n9,0.004,1.5\n", 3, LR3, LOSS3);
	ck_assert_int_eq(rt_step(&rt, 2), 9);
	/* nan and inf losses: a non-finite loss is the explosion */
	ck_assert_int_eq(rds("lr,loss\n0.001,2\n0.002,nan\n0.003,1\n"), LR_OK);
	ck_assert_uint_eq(rt.n, 2);
	ck_assert_int_eq(rt.reason, RT_NONFINITE);
	ck_assert_uint_eq(res.explode_line, 3);
}
END_TEST

START_TEST(test_lightning_merge)
{
	const char *m =
	    "epoch,lr-SGD,step,train_loss_epoch,train_loss_step\n"
	    ",0.001,0,,\n0,,0,,2.5\n,0.002,1,,\n0,,1,,2\n,0.004,2,,\n0,,2,,1.5\n"
	    "0,,2,2.0,\n";

	ok_both(m, 3, LR3, LOSS3);
	ck_assert_str_eq(res.loss_name, "train_loss_step");
	ck_assert_str_eq(res.step_name, "step");
	ck_assert_uint_eq(res.rows, 3);
}
END_TEST

START_TEST(test_quoted_hash_is_data)
{
	/* a '#' starting a line inside a quoted field is not a comment */
	ck_assert_int_eq(rds("note,lr,loss\n\"a\n#b\",0.001,2\nc,0.002,1\n"), LR_OK);
	ck_assert_uint_eq(rt.n, 2);
	err_is("note,lr,loss\n\"a\n#b\",0.001,2\nc,0.001,x\n", "4:3: 'x' is not a number "
	    "(column 'loss'): expected a decimal number");
}
END_TEST

START_TEST(test_rebuilt_lr)
{
	struct logread_opts o;
	const char *t = "loss\n3\n2\n1\n0.5\n";

	logread_opts_default(&o);
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_ERR_INPUT);
	o.init_lr = 1e-4;
	o.max_lr = 1;
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_OK);
	ck_assert(res.lr_rebuilt);
	ck_assert_uint_eq(rt.n, 4);
	/* n = 4 rows, i/n: 1e-4, 1e-3, 1e-2, 1e-1 */
	ck_assert_double_eq_tol(rt.lr[1], 1e-3, 1e-16);
	ck_assert_double_eq_tol(rt.lr[3], 1e-1, 1e-14);
	o.iters = 2;
	o.ends = SWEEP_END_INCLUDED;
	o.linear = true;
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_OK);
	ck_assert_double_eq_tol(rt.lr[1], 1, 1e-15);
	ck_assert_double_eq_tol(rt.lr[3], 1 + 2 * (1 - 1e-4), 1e-14);
}
END_TEST

START_TEST(test_columns_by_option)
{
	struct logread_opts o;
	const char *t = "a,b,c,val_loss\n1,0.001,9,2.5\n2,0.002,9,2\n3,0.004,9,1.5\n";

	logread_opts_default(&o);
	o.lr_col = "2";
	o.loss_col = "VAL_LOSS";
	o.step_col = "a";
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_OK);
	ck_assert_uint_eq(rt.n, 3);
	ck_assert(rt.loss[2] == 1.5);
	o.loss_col = "nope";
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_ERR_INPUT);
	ck_assert_str_eq(res.err, "1: no loss column 'nope' in the header");
	o.loss_col = "9";
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_ERR_INPUT);
	ck_assert_str_eq(res.err, "1: loss column 9 does not exist: the file has 4 columns");
}
END_TEST

START_TEST(test_errors)
{
	err_is("", "1: empty file: expected a header line and rows of numbers");
	err_is("# only a comment\n", "2: empty file: expected a header line and rows of numbers");
	err_is("lr,loss\n", "2: no data rows after the header: expected rows with an lr and a loss");
	err_is("lr,loss\n0.1,2\n0.2,abc\n", "3:2: 'abc' is not a number (column 'loss'): "
	    "expected a decimal number");
	err_is("lr,loss\r\n0.1,2\r\n\r\n0.05,1\r\n", "4:1: lr 0.05 is lower than the 0.1 "
	    "before it: the lr must not decrease along a range test");
	err_is("lr,loss\n0,2\n", "2:1: lr 0: expected a finite number > 0");
	err_is("lr,loss\n-1,2\n", "2:1: lr -1: expected a finite number > 0");
	err_is("step,lr,loss,loss\n0,0.1,1,1\n", "1:4: column name 'loss' appears twice "
	    "(columns 3 and 4)");
	err_is("lr,loss\n0.1,\"2\n", "2:2: unterminated quoted field: expected a closing "
	    "quote before the end of the file");
	err_is("x,y\n1,2\n", "1: no loss column in the header (columns 'x', 'y'): expected one named loss, "
	    "train_loss, training_loss, train/loss, loss_step or train_loss_step, or --loss-col");
	err_is("loss\n1\n", "1: no lr column in the header: expected one named lr, "
	    "learning_rate, learning-rate or lr-*, or --lr-col, or --init-lr and --max-lr "
	    "to rebuild the sweep");
	err_is("1,2,3,4\n5,6,7,8\n", "1: no header line and 4 columns: expected a header, "
	    "or 2 columns (lr,loss) or 3 (step,lr,loss)");
	err_is("lr,loss\n0.1,2,3\n", "2:3: more fields than the 2 of the header");
	err_is("lr,loss\n0.1,2\"x\n", "2:2: misplaced quote: a quote inside an unquoted "
	    "field, or text after a closing quote; expected a field quoted whole, with any "
	    "quote in it doubled");
	err_is("step,lr,loss\n5,0.1,2\n3,0.2,1\n", "3:1: step 3 follows step 5: steps must "
	    "not decrease");
	err_is("step,lr,loss\n1.5,0.1,2\n", "2:1: step '1.5': expected a whole number");
}
END_TEST

START_TEST(test_nul_and_limits)
{
	struct logread_opts o;
	static const char nul[] = "lr,loss\n0.1,2\n0.2,1\0x\n";
	char *big;
	size_t i, n = 3 * 1024 * 1024;

	logread_opts_default(&o);
	ck_assert_int_eq(rd(nul, sizeof(nul) - 1, &o, 0), LR_ERR_INPUT);
	ck_assert_str_eq(res.err, "3:2: NUL byte in a field: expected text (is this a binary file?)");
	/* a 3 MB line */
	big = malloc(n + 32);
	memcpy(big, "lr,loss\n0.1,", 12);
	for (i = 12; i < n; i++)
		big[i] = '1';
	big[n] = '\n';
	ck_assert_int_eq(rd(big, n + 1, &o, 0), LR_ERR_INPUT);
	ck_assert_str_eq(res.err, "2: line longer than 1048576 bytes");
	/* a header of too many columns */
	for (i = 0; i < n; i += 2) {
		big[i] = 'a';
		big[i + 1] = ',';
	}
	ck_assert_int_eq(rd(big, 40000, &o, 0), LR_ERR_INPUT);
	ck_assert_str_eq(res.err, "1:4097: more than 4096 columns");
	free(big);
}
END_TEST

START_TEST(test_stops_at_explosion)
{
	struct logread_opts o;
	char text[4096];
	size_t len = 0;
	int i;

	len += (size_t)sprintf(text, "lr,loss\n");
	for (i = 0; i < 100; i++)
		len += (size_t)sprintf(text + len, "%g,%g\n", 0.001 * (i + 1),
		    i < 20 ? 2.0 - i * 0.05 : 1000.0);
	logread_opts_default(&o);
	ck_assert_int_eq(rd(text, len, &o, 1), LR_OK);
	ck_assert(res.stopped_early);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	/* row 20 (line 22) makes the smoothed loss jump past 4x its best */
	ck_assert_uint_eq(rt.n, rt.explode_i + 1);
	ck_assert_uint_eq(res.explode_line, rt.explode_i + 2);
	ck_assert_uint_lt(res.rows, 100);
}
END_TEST

static void
teardown(void)
{
	rt_free(&rt);
}

int
main(void)
{
	Suite *s = suite_create("logread");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_lightning_merge);
	tcase_add_test(tc, test_quoted_hash_is_data);
	tcase_add_test(tc, test_rebuilt_lr);
	tcase_add_test(tc, test_columns_by_option);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_nul_and_limits);
	tcase_add_test(tc, test_stops_at_explosion);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
