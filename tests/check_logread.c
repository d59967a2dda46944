/* check_logread.c: the log reader on good and bad logs */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logread.h"
#include "rangetest.h"

static struct rangetest rt;
static struct logread_result res;

/* Read text through a temporary file, chunk bytes per read; its first
 * npre bytes (at most len) as a prefix already read, as logsource hands
 * over the bytes it told the format from. */
static enum lr_status
rd_pre(const char *text, size_t len, struct logread_opts *o, size_t chunk,
    size_t npre)
{
	char path[] = "/tmp/check_logread.XXXXXX";
	struct rt_config cfg;
	struct logread_input in;
	enum lr_status st;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	lseek(fd, (off_t)npre, SEEK_SET);
	unlink(path);
	rt_config_default(&cfg);
	rt_free(&rt);
	rt_init(&rt, &cfg);
	o->chunk = chunk;
	memset(&in, 0, sizeof(in));
	in.fd = fd;
	in.pre = text;
	in.npre = npre;
	st = logread_input(&in, o, &rt, &res);
	close(fd);
	return st;
}

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
	ok_both("step,lr,loss\n0,0.001,2.5\n1,0.002,2\n2,0.004,1.5\n", 3, LR3,
	    LOSS3);
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
		"0, 0.001 ,\"2.5\"\n\n1,0.002,2\n#x\n2,0.004,1.5",
	    3, LR3, LOSS3);
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

/* Rows of one step that both carry a loss are batches of their own, kept
 * (a step written as i // 10); rows that fill each other's cells merge. */
START_TEST(test_shared_step_kept)
{
	ck_assert_int_eq(rds("step,lr,loss\n0,0.001,2.5\n0,0.002,2\n0,0.004,1.5\n"
			     "1,0.008,1\n"),
	    LR_OK);
	ck_assert_uint_eq(rt.n, 4);
	ck_assert_uint_eq(res.rows, 4);
	ck_assert(rt.loss[1] == 2 && rt.lr[2] == 0.004);
	ck_assert_int_eq(rt_step(&rt, 2), 0);
	ck_assert_int_eq(rds("step,lr,loss\n0,0.001,\n0,,2.5\n1,0.002,\n1,,2\n"),
	    LR_OK);
	ck_assert_uint_eq(rt.n, 2);
	ck_assert(rt.lr[1] == 0.002 && rt.loss[1] == 2);
}
END_TEST

START_TEST(test_quoted_hash_is_data)
{
	/* a '#' starting a line inside a quoted field is not a comment */
	ck_assert_int_eq(rds("note,lr,loss\n\"a\n#b\",0.001,2\nc,0.002,1\n"),
	    LR_OK);
	ck_assert_uint_eq(rt.n, 2);
	err_is("note,lr,loss\n\"a\n#b\",0.001,2\nc,0.001,x\n",
	    "4:3: 'x' is not a number "
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
	ck_assert(res.iters_from_rows); /* no --iters: the report warns */
	ck_assert_uint_eq(rt.n, 4);
	/* n = 4 rows, i/n: 1e-4, 1e-3, 1e-2, 1e-1 */
	ck_assert_double_eq_tol(rt.lr[1], 1e-3, 1e-16);
	ck_assert_double_eq_tol(rt.lr[3], 1e-1, 1e-14);
	o.iters = 4;
	o.ends = SWEEP_END_INCLUDED;
	o.linear = true;
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_OK);
	ck_assert(!res.iters_from_rows);
	ck_assert_double_eq_tol(rt.lr[1], 1e-4 + (1 - 1e-4) / 3, 1e-15);
	ck_assert_double_eq_tol(rt.lr[3], 1, 1e-15);
	/* rows past --iters would pass --max-lr: an error at the first */
	o.iters = 2;
	ck_assert_int_eq(rd(t, strlen(t), &o, 0), LR_ERR_INPUT);
	ck_assert_str_eq(res.err,
	    "4: row 3 is past {iters} 2: the rebuilt lr "
	    "would pass {max_lr}; {iters} must be the number of batches the "
	    "range test planned");
}
END_TEST

START_TEST(test_columns_by_option)
{
	struct logread_opts o;
	const char *t =
	    "a,b,c,val_loss\n1,0.001,9,2.5\n2,0.002,9,2\n3,0.004,9,1.5\n";

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
	ck_assert_str_eq(res.err,
	    "1: loss column 9 does not exist: the file has 4 columns");
}
END_TEST

START_TEST(test_errors)
{
	err_is("", "1: empty file: expected a header line and rows of numbers");
	err_is("# only a comment\n",
	    "2: empty file: expected a header line and rows of numbers");
	err_is("lr,loss\n",
	    "2: no data rows after the header: expected rows with an lr and a loss");
	err_is("lr,loss\n0.1,2\n0.2,abc\n",
	    "3:2: 'abc' is not a number (column 'loss'): "
	    "expected a decimal number");
	err_is("lr,loss\r\n0.1,2\r\n\r\n0.05,1\r\n",
	    "4:1: lr 0.05 is lower than the 0.1 "
	    "before it: the lr must not decrease along a range test");
	err_is("lr,loss\n0,2\n", "2:1: lr 0: expected a finite number > 0");
	err_is("lr,loss\n-1,2\n", "2:1: lr -1: expected a finite number > 0");
	err_is("step,lr,loss,loss\n0,0.1,1,1\n",
	    "1:4: column name 'loss' appears twice "
	    "(columns 3 and 4)");
	err_is("lr,loss\n0.1,\"2\n",
	    "2:2: unterminated quoted field: expected a closing "
	    "quote before the end of the file");
	err_is("x,y\n1,2\n",
	    "1: no loss column in the header (columns 'x', 'y'): expected one named loss, "
	    "train_loss, training_loss, train/loss, loss_step or train_loss_step, or {loss_col}");
	err_is("loss\n1\n",
	    "1: no lr column in the header: expected one named lr, "
	    "learning_rate, learning-rate or lr-*, or {lr_col}, or {init_lr} and {max_lr} "
	    "to rebuild the sweep");
	err_is("1,2,3,4\n5,6,7,8\n",
	    "1: no header line and 4 columns: expected a header, "
	    "or 2 columns (lr,loss) or 3 (step,lr,loss)");
	err_is("lr,loss\n0.1,2,3\n",
	    "2:3: more fields than the 2 of the header");
	err_is("lr,loss\n0.1,2\"x\n",
	    "2:2: misplaced quote: a quote inside an unquoted "
	    "field, or text after a closing quote; expected a field quoted whole, with any "
	    "quote in it doubled");
	err_is("step,lr,loss\n5,0.1,2\n3,0.2,1\n",
	    "3:1: step 3 follows step 5: steps must "
	    "not decrease");
	err_is("step,lr,loss\n1.5,0.1,2\n",
	    "2:1: step '1.5': expected a whole number");
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
	ck_assert_str_eq(res.err,
	    "3:2: NUL byte in a field: expected text (is this a binary file?)");
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

/* A long line of plain digits, in a column not in use: libcsv alone and
 * the plain lane both refuse it, on its own line; two lines just under the
 * limit each are not one line too long. */
START_TEST(test_long_lines_both_lanes)
{
	struct logread_opts o;
	size_t n = 1200000, i, len, half = 600000;
	char *t = malloc(3 * n);
	int lane;

	len = (size_t)sprintf(t, "step,lr,loss,junk\n0,0.1,2,1\n1,0.2,1,");
	for (i = 0; i < n; i++)
		t[len++] = '7';
	len += (size_t)sprintf(t + len, "\n2,0.3,1,1\n");
	for (lane = 0; lane < 2; lane++) {
		logread_opts_default(&o);
		o.plain_off = lane == 0;
		ck_assert_int_eq(rd(t, len, &o, 0), LR_ERR_INPUT);
		ck_assert_str_eq(res.err, "3: line longer than 1048576 bytes");
		logread_opts_default(&o);
		o.plain_off = lane == 0;
		ck_assert_int_eq(rd(t, len, &o, 4099), LR_ERR_INPUT);
		ck_assert_str_eq(res.err, "3: line longer than 1048576 bytes");
	}
	len = (size_t)sprintf(t, "step,lr,loss,junk\n");
	for (int k = 0; k < 2; k++) {
		len += (size_t)sprintf(t + len, "%d,0.%d,1,", k, k + 1);
		for (i = 0; i < half; i++)
			t[len++] = '5';
		t[len++] = k ? '\n' : '\r'; /* the first ends in CR LF */
		if (k)
			break;
		t[len++] = '\n';
	}
	for (lane = 0; lane < 2; lane++) {
		logread_opts_default(&o);
		o.plain_off = lane == 0;
		ck_assert_msg(rd(t, len, &o, 0) == LR_OK, "%s", res.err);
		ck_assert_uint_eq(rt.n, 2);
	}
	free(t);
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

/* ---- the plain lane against libcsv alone ---- */

static uint64_t rng = 88172645463325252u;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Append to a growing text. */
struct text {
	char *s;
	size_t len, cap;
};

static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->cap - t->len < 512) {
		t->cap = t->cap ? t->cap * 2 : 65536;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	va_start(ap, fmt);
	n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* A number as trainers write them, in one of many forms; an lr keeps at
 * least 6 digits, so that a rising lr does not fall in print. */
static void
put_num(struct text *t, double v, int is_lr)
{
	switch (is_lr ? (int)rnd(2) * 4 + (int)rnd(2) : (int)rnd(8)) {
	case 0:
		put(t, "%.17g", v);
		break;
	case 1:
		put(t, "%.8E", v);
		break;
	case 2:
		put(t, "%.3E", v);
		break;
	case 3:
		put(t, "%.9f", v);
		break;
	case 4:
		put(t, "%e", v);
		break;
	default:
		put(t, "%.6g", v);
		break;
	}
}

/*
 * A random log of about `size` bytes: mostly plain lines, and with
 * probability `odd` (per thousand) per line one that libcsv must see: spaces,
 * quotes, comments, empty lines, CR LF, nan, a number for strtod, a missing
 * or empty cell, a repeated step; `bad` adds one error somewhere.
 */
static void
make_log(struct text *t, size_t size, unsigned odd, int bad, char d)
{
	double lr = 1e-6, loss = 2.3;
	unsigned long step = 0;
	int layout = (int)rnd(3), badline = bad ? (int)rnd(9000) : -1, i;
	const char *eol;

	t->len = 0;
	if (layout == 0)
		put(t, "step%clr%closs\n", d, d);
	else if (layout == 1)
		put(t, "iter%cacc%clearning_rate%ctrain_loss%cnote\n", d, d, d,
		    d);
	for (i = 0; t->len < size; i++) {
		int o = rnd(1000) < odd ? (int)rnd(12) : -1;

		lr *= 1.0001 + rnd(1000) / 1e5;
		loss = 1.5 + 0.5 * (rnd(2000) / 1000.0 - 1);
		eol = o == 0 ? "\r\n" : "\n";
		if (o == 1)
			put(t, "# a comment%c with, delimiters\n", d);
		if (o == 2)
			put(t, "\n");
		if (i == badline) {
			switch (rnd(4)) {
			case 0:
				loss = -1;
				put(t, "x");
				break; /* a bad cell */
			case 1:
				lr /= 3;
				break; /* lr falls */
			case 2:
				put(t, "%c%c%c", d, d, d);
				break; /* fields */
			default:
				put(t, "\"1");
				break; /* a quote */
			}
		}
		if (layout == 0) {
			put(t, o == 3 ? " %lu " : "%lu", step);
			put(t, "%c", d);
			if (o == 4)
				put(t, "\"%.6g\"", lr);
			else
				put_num(t, lr, 1);
			put(t, "%c", d);
			if (o == 5 && rnd(30) == 0)
				put(t, "nan"); /* an explosion */
			else if (o == 6)
				put(t, "1.50000000000000000000000001");
			else if (o != 7)
				put_num(t, loss, 0);
		} else if (layout == 1) {
			put(t, "%lu%c%g%c", step, d, rnd(100) / 100.0, d);
			put_num(t, lr, 1);
			put(t, "%c", d);
			if (o == 8)
				put(t, "1e-320");
			else
				put_num(t, loss, 0);
			put(t, "%c%s", d, o == 9 ? "text" : "12");
		} else {
			put(t, "%lu%c", step, d);
			put_num(t, lr, 1);
			put(t, "%c", d);
			put_num(t, loss, 0);
		}
		put(t, "%s", eol);
		if (o != 10) /* o == 10: the next row repeats the step */
			step++;
	}
}

struct outcome {
	enum lr_status st;
	struct logread_result res;
	size_t n;
	double *lr, *loss;
	int64_t *step;
};

static void
take(struct outcome *oc, enum lr_status st)
{
	oc->st = st;
	oc->res = res;
	oc->n = rt.n;
	oc->lr = malloc((rt.n + 1) * sizeof(double));
	oc->loss = malloc((rt.n + 1) * sizeof(double));
	oc->step = malloc((rt.n + 1) * sizeof(int64_t));
	memcpy(oc->lr, rt.lr, rt.n * sizeof(double));
	memcpy(oc->loss, rt.loss, rt.n * sizeof(double));
	if (rt.step != NULL)
		memcpy(oc->step, rt.step, rt.n * sizeof(int64_t));
	else
		for (size_t i = 0; i < rt.n; i++)
			oc->step[i] = rt.step0 + (int64_t)i;
}

static void
drop(struct outcome *oc)
{
	free(oc->lr);
	free(oc->loss);
	free(oc->step);
}

START_TEST(test_plain_lane_same_as_libcsv)
{
	static const unsigned odds[] = { 0, 0, 1, 20, 300, 1000 };
	static const char delims[] = ",;\t";
	struct text t = { NULL, 0, 0 };
	int k, m, lanes = 0;

	for (k = 0; k < 36; k++) {
		struct logread_opts o;
		struct outcome ref, got;
		/* 300007: chunks split, and read ahead on the big logs */
		size_t chunks[] = { 0, 300007, 65536 + 7, 4099, 1 };
		unsigned odd = odds[k % 6];

		/* some longer than two chunks of 256 KiB: read ahead */
		make_log(&t, (k % 5 == 0 ? 600000 : 150000) + rnd(300000), odd,
		    k % 4 == 3, delims[rnd(3)]);
		logread_opts_default(&o);
		o.plain_off = true;
		take(&ref, rd(t.s, t.len, &o, 0));
		for (m = 0; m < (k % 9 == 0 ? 5 : 4) + 2; m++) {
			logread_opts_default(&o);
			if (m >=
			    4 + (k % 9 == 0)) /* a prefix, then read ahead */
				take(&got,
				    rd_pre(t.s, t.len, &o, m % 2 ? 4099 : 0,
					t.len < 65536 ? t.len : 65536));
			else
				take(&got, rd(t.s, t.len, &o, chunks[m]));
			ck_assert_msg(got.st == ref.st &&
				strcmp(got.res.err, ref.res.err) == 0,
			    "log %d chunk %zu: '%s' vs '%s'", k, chunks[m],
			    got.res.err, ref.res.err);
			ck_assert_msg(got.n == ref.n,
			    "log %d chunk %zu: %zu rows"
			    " vs %zu",
			    k, chunks[m], got.n, ref.n);
			ck_assert(memcmp(got.lr, ref.lr,
				      ref.n * sizeof(double)) == 0);
			ck_assert(memcmp(got.loss, ref.loss,
				      ref.n * sizeof(double)) == 0);
			ck_assert(memcmp(got.step, ref.step,
				      ref.n * sizeof(int64_t)) == 0);
			ck_assert_uint_eq(got.res.rows, ref.res.rows);
			ck_assert_uint_eq(got.res.skipped, ref.res.skipped);
			ck_assert_uint_eq(got.res.explode_line,
			    ref.res.explode_line);
			ck_assert_int_eq(got.res.stopped_early,
			    ref.res.stopped_early);
			ck_assert_int_eq(got.res.delim, ref.res.delim);
			ck_assert_str_eq(got.res.loss_name, ref.res.loss_name);
			drop(&got);
		}
		lanes += ref.st == LR_OK && ref.n > 5000;
		drop(&ref);
	}
	/* most logs were long and read to the end: the lanes were used */
	ck_assert_int_ge(lanes, 15);
	free(t.s);
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
	tcase_add_test(tc, test_shared_step_kept);
	tcase_add_test(tc, test_quoted_hash_is_data);
	tcase_add_test(tc, test_rebuilt_lr);
	tcase_add_test(tc, test_columns_by_option);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_nul_and_limits);
	tcase_add_test(tc, test_long_lines_both_lanes);
	tcase_add_test(tc, test_stops_at_explosion);
	tcase_add_test(tc, test_plain_lane_same_as_libcsv);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
