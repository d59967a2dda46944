/* fuzz_drive.c: libFuzzer target: a trainer's answers -> drive_run -> analysis -> reports */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "drive.h"
#include "numparse.h"
#include "rangetest.h"
#include "report.h"
#include "sweep.h"

/*
 * Input: one option byte, then what the trainer writes back.
 *   bits 0-1 iterations (2, 7, 100, 1000), bit 2 linear, bit 3 ends
 *   included, bits 4-5 the lr range (1e-7..10, 1e-3..1, 1e-300..1e300,
 *   0.1..0.1000001), bit 6 --diverge 0, bit 7 no smoothing (beta 0).
 * The answers come through fmemopen, the lrs go to /dev/null.  Oracles
 * besides the sanitizers: drive_run ends the way the input says (a bad
 * line is DRIVE_BAD_LINE with a message naming its line); every line that
 * drive_parse_loss accepts is a number strtod reads whole to the same
 * double; num_format writes numbers that read back exactly.
 */

static FILE *devnull;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_drive: %s\n", what);
	abort();
}

static int
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof(a)) == 0;
}

/* drive_parse_loss against strtod, and num_format's round trip. */
static void
check_line(const char *line, size_t len)
{
	char buf[160], *end, fmt[32];
	size_t a = 0, b = len;
	double x, y, z;

	if (drive_parse_loss(line, len, &x) != 0)
		return;
	while (a < b && (line[a] == ' ' || line[a] == '\t'))
		a++;
	while (b > a &&
	    (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\r'))
		b--;
	if (b - a >= sizeof(buf))
		die("drive_parse_loss accepted a line longer than its buffer");
	memcpy(buf, line + a, b - a);
	buf[b - a] = '\0';
	errno = 0;
	y = strtod(buf, &end);
	if (*end != '\0') {
		fprintf(stderr, "'%s'\n", buf);
		die("drive_parse_loss accepted what strtod does not read whole");
	}
	if (!same(x, y) && !(isnan(x) && isnan(y))) {
		fprintf(stderr, "'%s': num_parse %.17g, strtod %.17g\n", buf, x,
		    y);
		die("num_parse and strtod disagree");
	}
	num_format(fmt, x);
	if (num_parse(fmt, strlen(fmt), &z) != 0 || !same(x, z)) {
		fprintf(stderr, "%.17g -> '%s'\n", x, fmt);
		die("num_format does not read back");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t iters[4] = { 2, 7, 100, 1000 };
	static const double range[4][2] = { { 1e-7, 10 }, { 1e-3, 1 },
		{ 1e-300, 1e300 }, { 0.1, 0.1000001 } };
	struct sweep sw;
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	struct report_run rr;
	enum drive_end end;
	char err[512];
	const char *p, *e, *nl;
	size_t lines = 0;
	unsigned a;
	FILE *in;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		die("/dev/null");
	if (size < 1)
		return 0;
	a = data[0];
	data++;
	size--;

	/* every line, alone */
	for (p = (const char *)data, e = p + size; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		check_line(p, (size_t)(nl - p));
		lines++;
	}

	sw.iters = iters[a & 3];
	sw.linear = (a & 4) != 0;
	sw.ends = (a & 8) ? SWEEP_END_INCLUDED : SWEEP_END_EXCLUDED;
	sw.init_lr = range[(a >> 4) & 3][0];
	sw.max_lr = range[(a >> 4) & 3][1];
	if (sweep_check(&sw) != NULL)
		return 0;
	rt_config_default(&rc);
	if (a & 64)
		rc.diverge = INFINITY;
	if (a & 128)
		rc.beta = 0;
	analysis_config_default(&ac);
	in = size > 0 ? fmemopen((void *)(uintptr_t)data, size, "r") :
			fopen("/dev/null", "r");
	if (in == NULL)
		die("fmemopen");
	rt_init(&rt, &rc);
	err[0] = '\0';
	end = drive_run(in, devnull, &sw, &rt, err, sizeof(err));
	fclose(in);
	switch (end) {
	case DRIVE_DONE:
		if (rt.n != sw.iters)
			die("DRIVE_DONE before the last iteration");
		break;
	case DRIVE_EXPLODED:
		if (rt.n == 0 || rt.reason == RT_RUNNING)
			die("DRIVE_EXPLODED without an explosion");
		break;
	case DRIVE_EOF:
		if (rt.n >= sw.iters || rt.n > lines)
			die("DRIVE_EOF with every answer in");
		break;
	case DRIVE_BAD_LINE:
		if (err[0] == '\0' ||
		    (size_t)strtoul(err, NULL, 10) != rt.n + 1)
			die("DRIVE_BAD_LINE without the right line number");
		break;
	default:
		die("drive_run ended with GONE or NOMEM on /dev/null");
	}
	if (rt.n > 0) {
		if (analysis_run(&an, &rt, &ac) != 0)
			die("analysis_run: out of memory");
		memset(&rr, 0, sizeof(rr)); /* every member, fields too */
		rr.name = "lrfind drive";
		rr.rt = &rt;
		rr.an = &an;
		rr.lr = NULL;
		rr.acfg = &ac;
		rr.method = (enum method)(a % M_COUNT);
		if (report_text(devnull, &rr, 1) != 0 ||
		    report_json(devnull, &rr, 1) != 0 ||
		    report_csv(devnull, &rr, 1) != 0 ||
		    report_quiet(devnull, &rr, 1) != 0 ||
		    report_log(devnull, &rt) != 0)
			die("a report writer failed on /dev/null");
		analysis_free(&an);
	}
	rt_free(&rt);
	return 0;
}
