/* check_plot.c: unit tests of the gnuplot script writer and its quoting */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "logread.h"
#include "plot.h"
#include "rangetest.h"
#include "report.h"

/* What f wrote to a memory stream, NUL-terminated; the caller frees it. */
static char *
capture_quote(void (*f)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	f(fp, s);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

static void
quote_path_void(FILE *fp, const char *s)
{
	(void)plot_quote_path(fp, s);
}

/* Every class of gnuplot injection, quoted byte for byte. */
static const struct {
	const char *in, *out;
} quotes[] = {
	{ "", "''" },
	{ "loss.csv", "'loss.csv'" },
	{ "it's", "'it''s'" },
	/* backquote substitution: inert in single quotes, kept as is */
	{ "`touch M`", "'`touch M`'" },
	/* quote break-out: each ' doubled, so the string never ends early */
	{ "x' . system('touch M') . '", "'x'' . system(''touch M'') . '''" },
	{ "'", "''''" },
	{ "''", "''''''" },
	/* newline, then a command: control bytes become '?' */
	{ "a\n!touch M", "'a?!touch M'" },
	{ "a\nsystem(\"touch M\")", "'a?system(\"touch M\")'" },
	{ "\r\t\x01\x1f\x7f", "'\?\?\?\?\?'" },
	/* pipes and input commands are plain text inside a title */
	{ "|touch M", "'|touch M'" },
	{ "< touch M", "'< touch M'" },
	/* a line starting with EOD cannot start: the newline is gone */
	{ "x\nEOD\n!touch M", "'x?EOD?!touch M'" },
	{ "EOD", "'EOD'" },
	/* a trailing backslash stays inside the quotes */
	{ "back\\", "'back\\'" },
	{ "a\\'b", "'a\\''b'" },
	/* macros are not expanded in quoted text; the rest is literal */
	{ "@macro", "'@macro'" },
	{ "$x \"y\" {z}^_~&", "'$x \"y\" {z}^_~&'" },
	/* UTF-8 and other high bytes pass through */
	{ "caf\xc3\xa9 \xff", "'caf\xc3\xa9 \xff'" },
};

START_TEST(quote_payloads)
{
	size_t i;

	for (i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++) {
		char *got = capture_quote(plot_quote, quotes[i].in);

		ck_assert_msg(strcmp(got, quotes[i].out) == 0,
		    "plot_quote(\"%s\") = %s, want %s", quotes[i].in, got,
		    quotes[i].out);
		free(got);
	}
}
END_TEST

START_TEST(quote_paths)
{
	static const struct {
		const char *in, *out;
	} paths[] = {
		{ "x.png", "'./x.png'" },
		{ "/tmp/x.png", "'/tmp/x.png'" },
		{ "|touch M.png", "'./|touch M.png'" },
		{ "<touch M.png", "'./<touch M.png'" },
		{ "~/x.png", "'./~/x.png'" },
		{ "a'b.png", "'./a''b.png'" },
		{ "d/`x`.svg", "'./d/`x`.svg'" },
		/* refused, nothing written */
		{ "a\nb.png", "" },
		{ "a\x7f.png", "" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char *got = capture_quote(quote_path_void, paths[i].in);
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		int rc = plot_quote_path(fp, paths[i].in);

		fclose(fp);
		ck_assert_int_eq(rc, *paths[i].out == '\0' ? -1 : 0);
		ck_assert_msg(strcmp(got, paths[i].out) == 0,
		    "plot_quote_path(\"%s\") = %s, want %s", paths[i].in, got,
		    paths[i].out);
		free(got);
		free(buf);
	}
}
END_TEST

/* ---- synthetic runs, built field by field ---- */

#define NMAX 16

struct fixture {
	struct rangetest rt;
	struct analysis an;
	struct analysis_config acfg;
	struct logread_result res;
	struct report_run rr;
	double lr[NMAX], loss[NMAX], smooth[NMAX];
};

/*
 * Eight rows, lr from 1e-4 to 0.3 by factors near sqrt(10); the last loss
 * is inf (the explosion).  minimum (0.003) and steep (row 3, also 0.003)
 * share a marker; valley is row 2; slide has no answer.
 */
static void
fixture_small(struct fixture *f, const char *name)
{
	static const double lr[] = { 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1,
		3e-1 };
	static const double loss[] = { 2.0, 2.1, 1.9, 1.2, 0.6, 0.5, 1.5,
		INFINITY };
	static const double sm[] = { 2.0, 2.0, 1.8, 1.25, 0.7, 0.6, 1.4 };
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 8; i++) {
		f->lr[i] = lr[i];
		f->loss[i] = loss[i];
	}
	for (i = 0; i < 7; i++)
		f->smooth[i] = sm[i];
	rt_config_default(&f->rt.cfg);
	f->rt.n = 8;
	f->rt.cap = NMAX;
	f->rt.lr = f->lr;
	f->rt.loss = f->loss;
	f->rt.step = NULL;
	f->rt.step0 = 0;
	f->rt.reason = RT_NONFINITE;
	f->rt.explode_i = 7;

	analysis_config_default(&f->acfg);
	f->an.m = 7;
	f->an.lo = 0;
	f->an.hi = 7;
	f->an.smooth = f->smooth;
	f->an.exploded = true;
	f->an.explode_i = 7;
	f->an.min_i = 5;
	f->an.min_lr = 3e-2;
	f->an.min_loss = 0.6;
	f->an.sug[M_MINIMUM].ok = true;
	f->an.sug[M_MINIMUM].lr = 3e-3;
	f->an.sug[M_MINIMUM].index = 5;
	f->an.sug[M_STEEP].ok = true;
	f->an.sug[M_STEEP].lr = 3e-3;
	f->an.sug[M_STEEP].index = 3;
	f->an.sug[M_VALLEY].ok = true;
	f->an.sug[M_VALLEY].lr = 1e-3;
	f->an.sug[M_VALLEY].index = 2;
	f->an.sug[M_SLIDE].ok = false;
	f->an.sug[M_SLIDE].why = "needs more points";

	strcpy(f->res.lr_name, "lr");
	strcpy(f->res.loss_name, "loss");
	f->res.lr_idx = 1;
	f->res.loss_idx = 2;
	f->res.step_idx = -1;
	f->res.header = true;
	f->res.rows = 8;

	f->rr.name = name;
	f->rr.rt = &f->rt;
	f->rr.an = &f->an;
	f->rr.lr = &f->res;
	f->rr.acfg = &f->acfg;
	f->rr.method = M_MINIMUM;
}

static char *
script(const struct report_run *runs, size_t n, bool slope)
{
	struct plot_opts po;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	plot_opts_default(&po);
	po.slope_panel = slope;
	ck_assert_int_eq(plot_write(fp, runs, n, &po), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

/* How many lines of s start with prefix. */
static int
lines_starting(const char *s, const char *prefix)
{
	size_t k = strlen(prefix);
	int count = 0;
	const char *p = s;

	while (*p != '\0') {
		if (strncmp(p, prefix, k) == 0)
			count++;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	return count;
}

static const char small_script[] =
    "if (GPVAL_TERM eq 'unknown') set terminal dumb size 79,24\n"
    "# lrfind: a learning-rate range test plot, a gnuplot 5 script\n"
    "# that reads no file.  gnuplot FILE draws it as text; for a picture:\n"
    "#   gnuplot -e \"set terminal pngcairo size 1000,650; set output 'lr.png'\" FILE\n"
    "# run 1: 'small.csv'\n"
    "#   lr column 'lr', loss column 'loss'\n"
    "#   8 rows, exploded at row 7 (lr 0.3)\n"
    "#   suggestions: minimum 0.003 (chosen), steep 0.003, valley 0.001\n"
    "reset\n"
    "$RAW1 << EOD\n"
    "0.0001 2\n"
    "0.0003 2.1\n"
    "0.001 1.9\n"
    "0.003 1.2\n"
    "0.01 0.6\n"
    "0.03 0.5\n"
    "0.1 1.5\n"
    "EOD\n"
    "$SMOOTH1 << EOD\n"
    "0.0001 2\n"
    "0.0003 2\n"
    "0.001 1.8\n"
    "0.003 1.25\n"
    "0.01 0.7\n"
    "0.03 0.6\n"
    "0.1 1.4\n"
    "EOD\n"
    "lrf_text = (GPVAL_TERM eq 'dumb')\n"
    "if (lrf_text) { lrf_pt_chosen = 'X'; lrf_pt_lowest = 'o'; lrf_pt_minimum = 'x'; lrf_pt_blend = 'x'; lrf_pt_steep = 'x'; lrf_pt_valley = 'x'; lrf_pt_slide = 'x' } else { lrf_pt_chosen = 7; lrf_pt_lowest = 6; lrf_pt_minimum = 5; lrf_pt_blend = 15; lrf_pt_steep = 9; lrf_pt_valley = 11; lrf_pt_slide = 13 }\n"
    "set logscale x 10\n"
    "if (lrf_text) { set format x '%.0e' } else { set format x '10^{%L}' }\n"
    "set xrange [8.520352742116289e-05:0.3520980986116848]\n"
    "if (!lrf_text) { set grid xtics ytics }\n"
    "set border 3\n"
    "set tics nomirror\n"
    "set yrange [0.23119999999999996:2.18]\n"
    "set title 'small.csv' noenhanced\n"
    "set ylabel 'loss' noenhanced\n"
    "set xlabel 'learning rate' noenhanced\n"
    "set arrow 1 from 0.3, graph 0 to 0.3, graph 1 nohead back dt 2 lw 1.5 lc rgb '#7f7f7f'\n"
    "set arrow 2 from 0.003, graph 0 to 0.003, graph 1 nohead back dt 3 lw 1.5 lc rgb '#d62728'\n"
    "set key bottom left Left reverse noenhanced samplen 2 spacing 1.1 opaque\n"
    "set label 1 'explosion 0.3 (loss inf)' at 0.3, graph 0 right offset char -1,1 front noenhanced tc rgb '#555555'\n"
    "set label 2 'lowest loss at 0.03' at 0.03, 0.6 right offset char -1.5,-1 front noenhanced tc rgb '#2ca02c' point pt lrf_pt_lowest ps 1.5 lw 2 lc rgb '#2ca02c'\n"
    "if (lrf_text) { set label 2 nopoint; set label 3 lrf_pt_lowest at 0.03, 0.6 center front noenhanced }\n"
    "set label 4 'valley 0.001' at 0.001, 1.8 right offset char -1.5,-1 front noenhanced tc rgb '#333333' point pt lrf_pt_valley ps 1.5 lc rgb '#333333'\n"
    "if (lrf_text) { set label 4 nopoint; set label 5 lrf_pt_valley at 0.001, 1.8 center front noenhanced }\n"
    "set label 6 'minimum, steep 0.003' at 0.003, 1.25 right offset char -1.5,-1 front noenhanced tc rgb '#d62728' point pt lrf_pt_chosen ps 2 lc rgb '#d62728'\n"
    "if (lrf_text) { set label 6 nopoint; set label 7 lrf_pt_chosen at 0.003, 1.25 center front noenhanced }\n"
    "if (lrf_text) { set style line 1 pt '.' } else { set style line 1 pt 7 ps 0.35 lc rgb '#9ecae1' }\n"
    "set style line 2 lt 1 lw 2 lc rgb '#08519c'\n"
    "plot \\\n"
    "    $RAW1 using 1:2 with points ls 1 title 'loss', \\\n"
    "    $SMOOTH1 using 1:2 with lines ls 2 title 'smoothed loss', \\\n"
    "    keyentry with points pt lrf_pt_chosen title (lrf_text ? 'chosen suggestion' : ''), \\\n"
    "    keyentry with points pt lrf_pt_valley title (lrf_text ? 'other suggestion' : ''), \\\n"
    "    keyentry with points pt lrf_pt_lowest title (lrf_text ? 'lowest loss' : '')\n";

START_TEST(small_run_script)
{
	struct fixture f;
	char *s;

	fixture_small(&f, "small.csv");
	s = script(&f.rr, 1, false);
	ck_assert_str_eq(s, small_script);
	free(s);
}
END_TEST

/* The datablocks hold finite numbers only, at round-trip precision. */
START_TEST(datablocks_finite)
{
	struct fixture f;
	char *s;

	fixture_small(&f, "small.csv");
	f.loss[2] = NAN;
	f.loss[4] = -INFINITY;
	f.smooth[1] = NAN;
	f.lr[5] = 0.1 / 3; /* 16 digits read back exactly */
	f.an.min_lr = f.lr[5];
	s = script(&f.rr, 1, false);
	ck_assert_ptr_null(strstr(s, "nan"));
	ck_assert_ptr_null(strstr(s, "inf\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "$RAW1 << EOD\n0.0001 2\n0.0003 2.1\n"
	    "0.003 1.2\n0.03333333333333333 0.5\n0.1 1.5\nEOD\n"));
	ck_assert_ptr_nonnull(
	    strstr(s, "$SMOOTH1 << EOD\n0.0001 2\n0.001 1.8\n"));
	free(s);
}
END_TEST

START_TEST(clip_note)
{
	struct fixture f;
	char *s;

	/* the exploded tail reaches 40: clipped, and the plot says so */
	fixture_small(&f, "small.csv");
	f.loss[6] = 40;
	f.smooth[6] = 30;
	s = script(&f.rr, 1, false);
	ck_assert_ptr_nonnull(
	    strstr(s, "set yrange [0.21200000000000002:2.3]\n"));
	ck_assert_ptr_nonnull(strstr(s, "'loss above 2.3 clipped'"));
	free(s);
	/* a tail that stays low is all shown */
	fixture_small(&f, "small.csv");
	s = script(&f.rr, 1, false);
	ck_assert_ptr_null(strstr(s, "clipped"));
	free(s);
}
END_TEST

/* A hostile name lands in quotes only; no line it makes starts with EOD. */
START_TEST(hostile_names)
{
	static const char name[] =
	    "e\nEOD\n!touch M'`touch N` . system('x') \\";
	struct fixture f;
	char *s;

	fixture_small(&f, name);
	strcpy(f.res.lr_name, "lr\nEOD");
	strcpy(f.res.loss_name, "l'oss\\");
	s = script(&f.rr, 1, true);
	ck_assert_ptr_nonnull(strstr(s,
	    "\n# run 1: 'e?EOD?!touch M''`touch N` . "
	    "system(''x'') \\'\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "\nset title 'e?EOD?!touch M''`touch N` . "
	    "system(''x'') \\' noenhanced\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "\n#   lr column 'lr?EOD', loss column "
	    "'l''oss\\'\n"));
	ck_assert_ptr_nonnull(
	    strstr(s, "\nset ylabel 'loss: l''oss\\' noenhanced\n"));
	/* three datablocks (raw, smoothed, slope): three EOD lines */
	ck_assert_int_eq(lines_starting(s, "EOD"), 3);
	ck_assert_int_eq(lines_starting(s, "!"), 0);
	ck_assert_int_eq(lines_starting(s, "system"), 0);
	free(s);
}
END_TEST

START_TEST(two_runs)
{
	struct fixture a, b;
	struct report_run rr[2];
	char *s;

	fixture_small(&a, "a.csv");
	fixture_small(&b, "b'.csv");
	b.rr.method = M_VALLEY;
	b.an.exploded = false;
	b.rt.reason = RT_RUNNING;
	rr[0] = a.rr;
	rr[1] = b.rr;
	s = script(rr, 2, false);
	ck_assert_ptr_nonnull(strstr(s, "set terminal dumb size 79,29\n"));
	ck_assert_ptr_nonnull(strstr(s, "set title '2 runs' noenhanced\n"));
	ck_assert_ptr_nonnull(strstr(s, "set key bmargin left"));
	ck_assert_int_eq(lines_starting(s, "$RAW"), 2);
	ck_assert_int_eq(lines_starting(s, "$SMOOTH2 << EOD"), 1);
	/* one legend entry per run, with its chosen suggestion */
	ck_assert_ptr_nonnull(strstr(s,
	    "$SMOOTH1 using 1:2 with lines ls 2 "
	    "title 'a.csv: minimum 0.003'"));
	ck_assert_ptr_nonnull(strstr(s,
	    "$SMOOTH2 using 1:2 with lines ls 4 "
	    "title 'b''.csv: valley 0.001'"));
	ck_assert_ptr_nonnull(strstr(s,
	    "set style line 2 lt 1 lw 2 lc rgb '#1f77b4' "
	    "dt solid\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "set style line 4 lt 2 lw 2 lc rgb '#ff7f0e' "
	    "dt (8,5)\n"));
	/* each run's chosen suggestion marked on its curve, in its colour */
	ck_assert_ptr_nonnull(strstr(s,
	    "'' at 0.003, 1.25 front point pt "
	    "lrf_pt_chosen ps 2 lc rgb '#1f77b4'\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "'' at 0.001, 1.8 front point pt "
	    "lrf_pt_chosen ps 2 lc rgb '#ff7f0e'\n"));
	/* the explosion of the run that exploded, and the key says what it is */
	ck_assert_int_eq(lines_starting(s, "set arrow"), 1);
	ck_assert_ptr_nonnull(strstr(s, "'explosion'"));
	free(s);
	/* no explosion at all: no line, no key entry */
	rr[0].an = &b.an;
	rr[0].rt = &b.rt;
	s = script(rr, 2, false);
	ck_assert_int_eq(lines_starting(s, "set arrow"), 0);
	ck_assert_ptr_null(strstr(s, "'explosion'"));
	ck_assert_ptr_nonnull(strstr(s, "#   8 rows, no explosion\n"));
	free(s);
}
END_TEST

/* The value of `lc rgb '...'` on the line that starts with prefix, or "". */
static void
rgb_after(const char *s, const char *prefix, char out[16])
{
	const char *p = strstr(s, prefix), *c, *e;

	out[0] = '\0';
	if (p == NULL || (c = strstr(p, "lc rgb '")) == NULL ||
	    (e = strchr(p, '\n')) == NULL || c > e)
		return;
	c += strlen("lc rgb '");
	if ((e = strchr(c, '\'')) == NULL || e - c >= 16)
		return;
	memcpy(out, c, (size_t)(e - c));
	out[e - c] = '\0';
}

/*
 * Several runs: a run's raw points are its curve's colour with an alpha,
 * so they recede behind the curves and keep the run's colour (they were
 * a lighter tint of it, opaque).
 */
START_TEST(runs_raw_points_recede)
{
	struct fixture f[5];
	struct report_run rr[5];
	char *s, raw[16], line[16], prefix[64];
	size_t i;

	for (i = 0; i < 5; i++) {
		fixture_small(&f[i], "r.csv");
		rr[i] = f[i].rr;
	}
	s = script(rr, 5, false);
	for (i = 0; i < 5; i++) {
		snprintf(prefix, sizeof(prefix),
		    "else { set style line %zu pt 7 ", 2 * i + 1);
		rgb_after(s, prefix, raw);
		snprintf(prefix, sizeof(prefix), "set style line %zu lt ",
		    2 * i + 2);
		rgb_after(s, prefix, line);
		ck_assert_int_eq((int)strlen(line), 7);
		/* #AARRGGBB: mostly transparent, the curve's RGB */
		ck_assert_msg(strlen(raw) == 9 &&
			strcmp(raw + 3, line + 1) == 0 &&
			strncmp(raw, "#c0", 3) == 0,
		    "run %zu: points %s, curve %s", i + 1, raw, line);
	}
	free(s);
	/* one run keeps its opaque light blue */
	s = script(rr, 1, false);
	ck_assert_ptr_nonnull(strstr(s, "pt 7 ps 0.35 lc rgb '#9ecae1' }\n"));
	free(s);
}
END_TEST

/* Several runs share the raw points one run may have: thinned harder. */
START_TEST(runs_thinned_harder)
{
	enum { N = 3000 };
	struct fixture a, b;
	struct report_run rr[2];
	double *lr = malloc(N * sizeof(*lr)), *loss = malloc(N * sizeof(*loss));
	char *s;
	size_t i;

	ck_assert_ptr_nonnull(lr);
	ck_assert_ptr_nonnull(loss);
	for (i = 0; i < N; i++) {
		lr[i] = 1e-5 * pow(10, 4.0 * (double)i / N);
		loss[i] = 2 - (double)i / N + 0.1 * (double)(i % 7);
	}
	fixture_small(&a, "a.csv");
	a.rt.n = a.rt.cap = N;
	a.rt.lr = lr;
	a.rt.loss = loss;
	a.an.smooth = loss;
	a.an.m = a.an.hi = N;
	a.an.exploded = false;
	fixture_small(&b, "b.csv");
	rr[0] = a.rr;
	rr[1] = b.rr;
	/* alone, 3000 rows are all drawn */
	s = script(rr, 1, false);
	ck_assert_ptr_nonnull(strstr(s, "#   3000 rows, no explosion\n"));
	free(s);
	/* with another run, 2000 points each at most */
	s = script(rr, 2, false);
	ck_assert_ptr_nonnull(strstr(s,
	    "#   3000 rows (the plot shows each "
	    "stretch of 3 by its lowest and highest point), no explosion\n"));
	{
		const char *p = strstr(s, "$RAW1 << EOD\n"), *e;
		int rows = 0;

		ck_assert_ptr_nonnull(p);
		e = strstr(p, "\nEOD\n");
		ck_assert_ptr_nonnull(e);
		for (; p < e; p++)
			rows += *p == '\n';
		ck_assert_int_le(rows, 2000);
		ck_assert_int_ge(rows, 1500);
	}
	free(s);
	free(lr);
	free(loss);
}
END_TEST

/* Each run's curve has its own dashes as well as its own colour, so that
 * identical runs both show; the first is solid. */
START_TEST(runs_dashes_differ)
{
	struct fixture f[5];
	struct report_run rr[5];
	char *s, dt[5][32], prefix[64];
	size_t i, j;

	for (i = 0; i < 5; i++) {
		fixture_small(&f[i], "same.csv");
		rr[i] = f[i].rr;
	}
	s = script(rr, 5, false);
	for (i = 0; i < 5; i++) {
		const char *p, *e;

		snprintf(prefix, sizeof(prefix),
		    "\nset style line %zu lt %zu lw 2 ", 2 * i + 2, i + 1);
		p = strstr(s, prefix);
		ck_assert_ptr_nonnull(p);
		e = strchr(p + 1, '\n');
		p = strstr(p, " dt ");
		ck_assert_msg(p != NULL && p < e, "run %zu has no dt", i + 1);
		p += 4;
		ck_assert_int_lt(e - p, 32);
		memcpy(dt[i], p, (size_t)(e - p));
		dt[i][e - p] = '\0';
		for (j = 0; j < i; j++)
			ck_assert_str_ne(dt[i], dt[j]);
	}
	ck_assert_str_eq(dt[0], "solid");
	free(s);
}
END_TEST

/*
 * The dumb terminal draws a label's point as a letter whatever its type
 * (pt 7 is G): there each mark is a character of its own, and the key
 * names every one.  Marks in a picture keep their shapes.
 */
START_TEST(text_key_names_marks)
{
	struct fixture a, b;
	struct report_run rr[2];
	char *s;

	fixture_small(&a, "a.csv");
	s = script(&a.rr, 1, false);
	ck_assert_ptr_nonnull(strstr(s,
	    "\nif (lrf_text) { lrf_pt_chosen = 'X'; "
	    "lrf_pt_lowest = 'o'; lrf_pt_minimum = 'x'; lrf_pt_blend = 'x'; "
	    "lrf_pt_steep = 'x'; lrf_pt_valley = 'x'; lrf_pt_slide = 'x' } "
	    "else { lrf_pt_chosen = 7; lrf_pt_lowest = 6; lrf_pt_minimum = 5; "
	    "lrf_pt_blend = 15; lrf_pt_steep = 9; lrf_pt_valley = 11; "
	    "lrf_pt_slide = 13 }\n"));
	/* no label's point is a letter on the text terminal */
	ck_assert_int_eq(lines_starting(s, "if (lrf_text) { set label "), 3);
	ck_assert_ptr_nonnull(strstr(s,
	    "\nif (lrf_text) { set label 6 nopoint; "
	    "set label 7 lrf_pt_chosen at 0.003, 1.25 center front noenhanced }\n"));
	/* the key names them there, and only there */
	ck_assert_ptr_nonnull(strstr(s,
	    "keyentry with points pt lrf_pt_chosen "
	    "title (lrf_text ? 'chosen suggestion' : '')"));
	ck_assert_ptr_nonnull(strstr(s,
	    "keyentry with points pt lrf_pt_valley "
	    "title (lrf_text ? 'other suggestion' : '')"));
	ck_assert_ptr_nonnull(strstr(s,
	    "keyentry with points pt lrf_pt_lowest "
	    "title (lrf_text ? 'lowest loss' : '')"));
	free(s);

	/* a suggestion on the minimum hides its circle: no key entry */
	a.an.min_lr = 3e-3;
	a.an.min_i = 3;
	a.an.min_loss = 1.25;
	s = script(&a.rr, 1, false);
	ck_assert_ptr_null(strstr(s, "'lowest loss'"));
	free(s);

	/* several runs, with the slope panel */
	fixture_small(&a, "a.csv");
	fixture_small(&b, "b.csv");
	rr[0] = a.rr;
	rr[1] = b.rr;
	s = script(rr, 2, true);
	ck_assert_ptr_nonnull(strstr(s, "set terminal dumb size 79,46\n"));
	ck_assert_int_eq(lines_starting(s, "if (lrf_text) { set label "), 6);
	ck_assert_ptr_nonnull(strstr(s,
	    "keyentry with points pt lrf_pt_chosen "
	    "ps 2 lc rgb 'black' title 'chosen suggestion'"));
	ck_assert_ptr_nonnull(
	    strstr(s, "keyentry with points pt lrf_pt_lowest "));
	/* the explosion's line is a column of '|' there */
	ck_assert_ptr_nonnull(strstr(s, "title (lrf_text ? '' : 'explosion')"));
	ck_assert_ptr_nonnull(strstr(s,
	    "keyentry with points pt '|' "
	    "title (lrf_text ? 'explosion' : '')"));
	/* the slope panel's marks are named in the key */
	ck_assert_ptr_nonnull(strstr(s,
	    "keyentry with points pt lrf_pt_steep "
	    "ps 1.5 lc rgb 'black' title 'steep suggestion (slope panel)'"));
	ck_assert_uint_eq(plot_key_lines(2, true), 6);
	ck_assert_uint_eq(plot_key_lines(2, false), 5);
	ck_assert_uint_eq(plot_key_lines(1, true), 0);
	free(s);
}
END_TEST

START_TEST(slope_panel)
{
	struct fixture f;
	char *s;

	fixture_small(&f, "small.csv");
	s = script(&f.rr, 1, true);
	ck_assert_ptr_nonnull(strstr(s, "set terminal dumb size 79,40\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nset multiplot\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nunset multiplot\n"));
	/* central differences over log10(lr) of the smoothed loss */
	ck_assert_ptr_nonnull(strstr(s, "$SLOPE1 << EOD\n0.0001 0\n"));
	ck_assert_ptr_nonnull(strstr(s, "'steep 0.003' at 0.003, -1.1 left "));
	ck_assert_ptr_nonnull(strstr(s, "$SLOPE1 using 1:2 with lines"));
	free(s);
}
END_TEST

START_TEST(linear_axis)
{
	struct fixture f;
	char *s;
	size_t i;

	fixture_small(&f, "lin.csv");
	for (i = 0; i < 8; i++)
		f.lr[i] = 0.001 + 0.05 * (double)i;
	f.an.min_lr = f.lr[5];
	f.an.sug[M_MINIMUM].lr = f.lr[5] / 10;
	f.an.sug[M_STEEP].lr = f.lr[3];
	f.an.sug[M_VALLEY].lr = f.lr[2];
	ck_assert(plot_linear_axis(&f.rr, 1));
	s = script(&f.rr, 1, false);
	ck_assert_ptr_nonnull(strstr(s, "\nunset logscale x\n"));
	ck_assert_ptr_null(strstr(s, "\nset logscale"));
	/* the axis starts at 0, not at a negative lr */
	ck_assert_ptr_nonnull(
	    strstr(s, "\nset xrange [0:0.35800000000000004]\n"));
	free(s);

	/* a rebuilt sweep says what it was */
	fixture_small(&f, "exp.csv");
	ck_assert(!plot_linear_axis(&f.rr, 1));
	f.res.lr_rebuilt = true;
	f.res.sweep.linear = true;
	ck_assert(plot_linear_axis(&f.rr, 1));
	s = script(&f.rr, 1, false);
	ck_assert_ptr_nonnull(strstr(s,
	    "set xlabel 'learning rate (rebuilt "
	    "from the sweep)' noenhanced\n"));
	free(s);
}
END_TEST

START_TEST(nothing_to_draw)
{
	struct fixture f;
	char *s;
	size_t i;

	fixture_small(&f, "nan.csv");
	for (i = 0; i < 8; i++) {
		f.loss[i] = NAN;
		f.smooth[i] = NAN;
	}
	for (i = 0; i < M_COUNT; i++)
		f.an.sug[i].ok = false;
	f.an.min_lr = 0;
	s = script(&f.rr, 1, false);
	ck_assert_ptr_nonnull(strstr(s, "'no finite loss to draw'"));
	ck_assert_ptr_nonnull(strstr(s, "\nplot 2 notitle\n"));
	ck_assert_int_eq(lines_starting(s, "$"), 0);
	free(s);
}
END_TEST

START_TEST(write_error)
{
	struct fixture f;
	FILE *fp = fopen("/dev/null", "r");

	ck_assert_ptr_nonnull(fp);
	fixture_small(&f, "small.csv");
	ck_assert_int_eq(plot_write(fp, &f.rr, 1, NULL), -1);
	fclose(fp);
}
END_TEST

static Suite *
plot_suite(void)
{
	Suite *su = suite_create("plot");
	TCase *tc;

	tc = tcase_create("quote");
	tcase_add_test(tc, quote_payloads);
	tcase_add_test(tc, quote_paths);
	suite_add_tcase(su, tc);

	tc = tcase_create("script");
	tcase_add_test(tc, small_run_script);
	tcase_add_test(tc, datablocks_finite);
	tcase_add_test(tc, clip_note);
	tcase_add_test(tc, hostile_names);
	tcase_add_test(tc, two_runs);
	tcase_add_test(tc, runs_raw_points_recede);
	tcase_add_test(tc, runs_thinned_harder);
	tcase_add_test(tc, runs_dashes_differ);
	tcase_add_test(tc, text_key_names_marks);
	tcase_add_test(tc, slope_panel);
	tcase_add_test(tc, linear_axis);
	tcase_add_test(tc, nothing_to_draw);
	tcase_add_test(tc, write_error);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(plot_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
