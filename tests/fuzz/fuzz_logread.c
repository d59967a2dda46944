/* fuzz_logread.c: libFuzzer target: bytes -> log reader -> analysis -> every report */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "jsonck.h"
#include "fuzzfd.h"
#include "logread.h"
#include "plot.h"
#include "rangetest.h"
#include "report.h"

/*
 * Input: two option bytes, then the log.
 *   byte 0: bits 0-1 delimiter (detect , TAB ;), bit 2 --all, bits 3-4
 *           bytes per read (256 KiB, 1, 3, 4096), bit 5 lr rebuilt from
 *           --init-lr/--max-lr, bit 6 with --iters 100, bit 7 linear
 *   byte 1: bits 0-1 --compat (none fastai pytorch-lr-finder lightning),
 *           bit 2 causal smoother, bits 3-4 --diverge (4 5 off 1.5),
 *           bit 5 non-finite losses do not stop, bit 6 --skip-start 0
 *           --skip-end 0, bit 7 columns by number (--lr-col 2 --loss-col 3)
 * Oracles besides the sanitizers: the JSON report is valid JSON; every
 * report writer succeeds on a good stream; the plain lane reads what
 * libcsv alone reads (check_plain_lane); a rangetest is consistent
 * (n rows, lr finite, > 0, non-decreasing); the log lrfind writes
 * (report_log) reads back to the same rows.
 */

static FILE *devnull;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_logread: %s\n", what);
	abort();
}

static void
check_rt(const struct rangetest *rt)
{
	size_t i;

	for (i = 0; i < rt->n; i++) {
		if (!(rt->lr[i] > 0) || !isfinite(rt->lr[i]))
			die("rangetest holds an lr that is not finite and > 0");
		if (i > 0 && rt->lr[i] < rt->lr[i - 1])
			die("rangetest lr decreases");
		if (i + 1 < rt->n && !isfinite(rt->loss[i]) &&
		    rt->cfg.stop_nonfinite)
			die("a non-finite loss before the last row");
	}
}

static int
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

/* report_log's output must read back to the same rows. */
static void
check_roundtrip(const struct rangetest *rt)
{
	struct logread_opts o;
	struct logread_result res;
	struct rangetest back;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *mem;
	int fd;

	if (rt->n == 0)
		return;
	if ((mem = open_memstream(&buf, &len)) == NULL)
		die("open_memstream");
	if (report_log(mem, rt) != 0)
		die("report_log failed on a memory stream");
	fclose(mem);
	fd = fuzz_memfd((const uint8_t *)buf, len);
	logread_opts_default(&o);
	o.read_all = true;
	rt_init(&back, &rt->cfg);
	if (logread_fd(fd, &o, &back, &res) != LR_OK) {
		fprintf(stderr, "%s\n", res.err);
		die("lrfind's own log does not read back");
	}
	if (back.n != rt->n)
		die("the log read back has another number of rows");
	for (i = 0; i < rt->n; i++)
		if (!same(back.lr[i], rt->lr[i]) ||
		    !same(back.loss[i], rt->loss[i]) ||
		    rt_step(&back, i) != rt_step(rt, i))
			die("the log read back differs");
	rt_free(&back);
	close(fd);
	free(buf);
}

/* The plain lane gives what libcsv alone gives: the same rows, the same
 * error at the same place. */
static void
check_plain_lane(const uint8_t *data, size_t size, const struct logread_opts *o,
    const struct rt_config *rc, enum lr_status st,
    const struct logread_result *res, const struct rangetest *rt)
{
	struct logread_opts oo = *o;
	struct logread_result r2;
	struct rangetest rt2;
	enum lr_status st2;
	size_t i;
	int fd = fuzz_memfd(data, size);

	oo.plain_off = true;
	rt_init(&rt2, rc);
	st2 = logread_fd(fd, &oo, &rt2, &r2);
	close(fd);
	if (st2 != st || strcmp(r2.err, res->err) != 0) {
		fprintf(stderr, "plain lane: %d '%s'; libcsv alone: %d '%s'\n",
		    st, res->err, st2, r2.err);
		die("the plain lane and libcsv disagree on the outcome");
	}
	if (r2.rows != res->rows || r2.skipped != res->skipped ||
	    r2.explode_line != res->explode_line ||
	    r2.stopped_early != res->stopped_early || rt2.n != rt->n)
		die("the plain lane and libcsv read other rows");
	for (i = 0; i < rt->n; i++)
		if (!same(rt2.lr[i], rt->lr[i]) ||
		    !same(rt2.loss[i], rt->loss[i]) ||
		    rt_step(&rt2, i) != rt_step(rt, i))
			die("the plain lane and libcsv read other values");
	rt_free(&rt2);
}

static void
reports(const struct report_run *rr, size_t n)
{
	struct plot_opts po;
	char *buf = NULL;
	size_t len = 0, at;
	FILE *mem;

	if (report_text(devnull, rr, n) != 0 ||
	    report_csv(devnull, rr, n) != 0 ||
	    report_quiet(devnull, rr, n) != 0)
		die("a report writer failed on /dev/null");
	plot_opts_default(&po);
	po.slope_panel = n == 1;
	if (plot_write(devnull, rr, n, &po) != 0)
		die("plot_write failed on /dev/null");
	if ((mem = open_memstream(&buf, &len)) == NULL)
		die("open_memstream");
	if (report_json(mem, rr, n) != 0)
		die("report_json failed on a memory stream");
	fclose(mem);
	if ((at = json_check(buf, len)) != 0) {
		fprintf(stderr, "invalid JSON at byte %zu:\n%.*s\n", at - 1,
		    (int)(len < 4000 ? len : 4000), buf);
		die("report_json wrote invalid JSON");
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = { 0, ',', '\t', ';' };
	static const size_t chunks[4] = { 0, 1, 3, 4096 };
	static const double diverge[4] = { 4, 5, INFINITY, 1.5 };
	struct logread_opts o;
	struct logread_result res;
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	struct report_run rr[2];
	enum method m;
	enum lr_status st;
	unsigned a, b;
	int fd;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		die("/dev/null");
	if (size < 2)
		return 0;
	a = data[0];
	b = data[1];
	data += 2;
	size -= 2;

	logread_opts_default(&o);
	o.name = "fuzz";
	o.delim = delims[a & 3];
	o.read_all = (a & 4) != 0;
	o.chunk = chunks[(a >> 3) & 3];
	if (o.chunk == 1 && size > 4096)
		o.chunk = 64; /* keep a run fast */
	if (a & 32) {
		o.init_lr = 1e-7;
		o.max_lr = 10;
		o.iters = (a & 64) ? 100 : 0;
		o.linear = (a & 128) != 0;
	}
	if (b & 128) {
		o.lr_col = "2";
		o.loss_col = "3";
	}

	rt_config_default(&rc);
	analysis_config_default(&ac);
	ac.iters = o.iters;
	ac.compat = (enum compat)(b & 3);
	ac.smoother = (b & 4) ? SMOOTH_CAUSAL : SMOOTH_ZEROLAG;
	rc.diverge = diverge[(b >> 3) & 3];
	rc.stop_nonfinite = !(b & 32);
	if (b & 64)
		ac.skip_start = ac.skip_end = 0;
	/* as main.c sets a peer's pipeline up */
	if (ac.compat == COMPAT_TORCH_LR_FINDER) {
		rc.ema = EMA_SEEDED;
		rc.beta = 0.95;
	} else if (ac.compat == COMPAT_LIGHTNING)
		rc.ema = EMA_LIGHTNING;
	if (ac.compat != COMPAT_NONE)
		rc.stop_nonfinite = false;

	fd = fuzz_memfd(data, size);
	rt_init(&rt, &rc);
	st = logread_fd(fd, &o, &rt, &res);
	check_plain_lane(data, size, &o, &rc, st, &res, &rt);
	if (st != LR_OK) {
		if (res.err[0] == '\0' || strlen(res.err) >= sizeof(res.err))
			die("an error without a message");
		rt_free(&rt);
		close(fd);
		return 0;
	}
	close(fd);
	check_rt(&rt);
	if (res.rows == 0 || rt.n == 0)
		die("LR_OK without a row");
	if (analysis_run(&an, &rt, &ac) != 0)
		die("analysis_run: out of memory");
	if (an.m > rt.n || an.lo > an.hi || an.hi > an.m)
		die("analysis window out of range");
	for (m = 0; m < M_COUNT; m++)
		if (an.sug[m].ok &&
		    (an.sug[m].index >= rt.n || !(an.sug[m].lr > 0) ||
			!isfinite(an.sug[m].lr)))
			die("a suggestion out of range");
	memset(rr, 0, sizeof(rr)); /* every member, fields too */
	rr[0].name = "fuzz \"run\"";
	rr[0].rt = &rt;
	rr[0].an = &an;
	rr[0].lr = &res;
	rr[0].acfg = &ac;
	rr[0].method = (enum method)((a ^ b) % M_COUNT);
	rr[1] = rr[0];
	rr[1].name = "second\n";
	rr[1].lr = NULL;
	rr[1].method = M_MINIMUM;
	reports(rr, 1);
	reports(rr, 2);
	if (report_log(devnull, &rt) != 0)
		die("report_log failed on /dev/null");
	if (!res.lr_rebuilt)
		check_roundtrip(&rt);
	analysis_free(&an);
	rt_free(&rt);
	return 0;
}
