/* cli_drive.c: lrfind drive: be the co-process of any trainer */
#include <err.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "drive.h"
#include "outfile.h"
#include "rangetest.h"
#include "report.h"
#include "sweep.h"

static void
drive_usage(FILE *fp)
{
	fputs("usage: lrfind drive [options]\n"
	      "\n"
	      "Drive a trainer's range test through pipes: write the lr of each batch on\n"
	      "stdout, read its loss back on stdin, close stdout when the test is over.\n"
	      "\n"
	      "      --init-lr X        first lr (1e-7)\n"
	      "      --max-lr X         lr the sweep heads for (10)\n"
	      "      --iters N          batches in the sweep (100)\n"
	      "      --linear           a linear sweep\n"
	      "      --ends E           excluded (i/n, default) or included (i/(n-1))\n"
	      "      --smooth BETA      EMA factor of the online smoothing (0.98)\n"
	      "      --diverge K        explosion at K x the best smoothed loss (4; 0: off)\n"
	      "  -m, --method NAME      minimum (default), blend, steep,\n"
	      "                         valley or slide\n"
	      "      --log FILE         write the log (step,lr,loss) to FILE\n"
	      "      --json FILE        write the JSON report to FILE\n"
	      "      --gnuplot FILE     write a gnuplot script\n"
	      "      --plot FILE        render a plot (.png .svg .pdf .txt)\n"
	      "  -q, --quiet            print only the suggestion on stderr\n"
	      "  -h, --help             this help\n",
	    fp);
}

static int
put_json(FILE *fp, const void *rr)
{
	return report_json(fp, rr, 1);
}

enum opt_id {
	D_INITLR,
	D_MAXLR,
	D_ITERS,
	D_LINEAR,
	D_ENDS,
	D_SMOOTH,
	D_DIVERGE,
	D_METHOD,
	D_LOG,
	D_JSON,
	D_GNUPLOT,
	D_PLOT,
	D_QUIET,
	D_HELP,
	D_COUNT
};

static const struct cli_opt opts[D_COUNT] = {
	[D_INITLR] = { "init-lr", 0, true, 0 },
	[D_MAXLR] = { "max-lr", 0, true, 0 },
	[D_ITERS] = { "iters", 0, true, 0 },
	[D_LINEAR] = { "linear", 0, false, 0 },
	[D_ENDS] = { "ends", 0, true, 0 },
	[D_SMOOTH] = { "smooth", 0, true, 0 },
	[D_DIVERGE] = { "diverge", 0, true, 0 },
	[D_METHOD] = { "method", 'm', true, 0 },
	[D_LOG] = { "log", 0, true, 0 },
	[D_JSON] = { "json", 0, true, 0 },
	[D_GNUPLOT] = { "gnuplot", 0, true, 0 },
	[D_PLOT] = { "plot", 0, true, 0 },
	[D_QUIET] = { "quiet", 'q', false, 0 },
	[D_HELP] = { "help", 'h', false, 0 },
};

static const struct cli_syntax syntax = { .name = "drive",
	.opts = opts,
	.nopts = D_COUNT,
	.dashdash = true,
	.bundle = true };

/* The session's settings from the options; 0 or EXIT_USAGE. */
static int
parse_options(const char *const *v, struct sweep *sw, struct rt_config *rc,
    enum method *method)
{
	unsigned long long u;
	const char *msg;
	char buf[256];
	int r = 0, k;

	if ((v[D_INITLR] != NULL &&
		(r = cli_number(&syntax, D_INITLR, v[D_INITLR], &cli_positive,
		     &sw->init_lr)) != 0) ||
	    (v[D_MAXLR] != NULL &&
		(r = cli_number(&syntax, D_MAXLR, v[D_MAXLR], &cli_positive,
		     &sw->max_lr)) != 0) ||
	    (v[D_SMOOTH] != NULL &&
		(r = cli_number(&syntax, D_SMOOTH, v[D_SMOOTH], &cli_ema,
		     &rc->beta)) != 0) ||
	    (v[D_DIVERGE] != NULL &&
		(r = cli_diverge(&syntax, D_DIVERGE, v[D_DIVERGE],
		     &rc->diverge)) != 0))
		return r;
	if (rc->diverge == 0)
		rc->diverge = INFINITY;
	if (v[D_ITERS] != NULL) {
		if ((r = cli_count(&syntax, D_ITERS, v[D_ITERS], 2,
			 CLI_ITERS_MAX, &u)) != 0)
			return r;
		sw->iters = (size_t)u;
	}
	sw->linear = v[D_LINEAR] != NULL;
	if (v[D_ENDS] != NULL) {
		if ((r = cli_choice(&syntax, D_ENDS, v[D_ENDS], cli_ends,
			 &k)) != 0)
			return r;
		sw->ends = (enum sweep_ends)k;
	}
	if (v[D_METHOD] != NULL) {
		if ((r = cli_choice(&syntax, D_METHOD, v[D_METHOD], cli_methods,
			 &k)) != 0)
			return r;
		*method = (enum method)k;
	}
	if ((msg = sweep_check(sw)) != NULL)
		return cli_usage(&syntax, "%s",
		    fields_map(buf, sizeof(buf), msg, cli_sweep_flags));
	/* outputs checked now, not after the whole session */
	if (cli_plot_check(v[D_GNUPLOT], v[D_PLOT], true) != 0)
		return EXIT_USAGE;
	return 0;
}

/*
 * Say how the session ended (after n losses of a sweep of iters) when it
 * was not the end of the test; its exit status.
 */
static int
session_end(enum drive_end end, const char *err, size_t n, size_t iters)
{
	static const char *const diverge_flag[] = { "diverge", "--diverge",
		NULL };
	char msg[512];

	switch (end) {
	case DRIVE_BAD_LINE:
		warnx("<stdin>:%s",
		    fields_map(msg, sizeof(msg), err, diverge_flag));
		return EXIT_INPUT;
	case DRIVE_EOF:
		warnx("<stdin>: input ended after %zu loss%s, before the test "
		      "was over (an explosion or %zu iterations)",
		    n, n == 1 ? "" : "es", iters);
		return EXIT_INPUT;
	case DRIVE_GONE:
		if (err[0] != '\0')
			warnx("write error: stdout: %s", err);
		else
			warnx("<stdout>: the trainer stopped reading after %zu "
			      "loss%s",
			    n, n == 1 ? "" : "es");
		return EXIT_INPUT;
	default:
		return 0;
	}
}

int
cli_drive(int argc, char **argv)
{
	struct sweep sw = { 1e-7, 10, 100, false, SWEEP_END_EXCLUDED };
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	struct report_run rr;
	enum method method = ANALYSIS_DEFAULT_METHOD;
	enum drive_end end;
	const char *v[D_COUNT] = { NULL };
	const char *log, *json, *gnuplot, *plot;
	char err[512];
	int quiet, status = 0, st;

	rt_config_default(&rc);
	analysis_config_default(&ac);
	if (cli_parse(&syntax, argc, argv, v, NULL, NULL) != 0)
		return EXIT_USAGE;
	if (v[D_HELP] != NULL) {
		drive_usage(stdout);
		return cli_finish_stdout();
	}
	if ((st = parse_options(v, &sw, &rc, &method)) != 0)
		return st;
	log = v[D_LOG];
	json = v[D_JSON];
	gnuplot = v[D_GNUPLOT];
	plot = v[D_PLOT];
	quiet = v[D_QUIET] != NULL;

	/* a trainer that stops reading is an end, not a crash */
	signal(SIGPIPE, SIG_IGN);
	/* --log and the others must not write over the file on our stdin,
	 * nor over the file our lrs go to */
	if (outfile_add_input(STDIN_FILENO) != 0 ||
	    outfile_add_stdout(STDOUT_FILENO) != 0) {
		warnx("out of memory");
		return EXIT_INPUT;
	}
	rt_init(&rt, &rc);
	err[0] = '\0';
	end = drive_run(stdin, stdout, &sw, &rt, err, sizeof(err));
	/* the test is over: the trainer reads end of file now */
	if (fclose(stdout) != 0 && end != DRIVE_GONE) {
		if (errno != EPIPE)
			snprintf(err, sizeof(err), "%s", strerror(errno));
		end = DRIVE_GONE;
	}
	if (end == DRIVE_NOMEM) {
		warnx("out of memory");
		rt_free(&rt);
		outfile_forget_inputs();
		return EXIT_INPUT;
	}
	status = session_end(end, err, rt.n, sw.iters);
	if (log != NULL && rt.n > 0 && (st = cli_write_log(log, &rt)) != 0)
		status = st;
	if (rt.n == 0) {
		warnx("no loss received: no report");
		rt_free(&rt);
		outfile_forget_inputs();
		return status ? status : EXIT_NOANSWER;
	}
	if (analysis_run(&an, &rt, &ac) != 0) {
		warnx("out of memory");
		rt_free(&rt);
		outfile_forget_inputs();
		return EXIT_INPUT;
	}
	rr.name = "lrfind drive";
	rr.rt = &rt;
	rr.an = &an;
	rr.lr = NULL;
	rr.acfg = &ac;
	rr.method = method;
	rr.fields = cli_run_flags;
	if (!an.sug[method].ok) {
		warnx("no %s suggestion: %s", method_name(method),
		    an.sug[method].why);
		if (status == 0)
			status = EXIT_NOANSWER;
	}
	report_write(stderr, quiet ? REPORT_QUIET : REPORT_TEXT, &rr, 1);
	if (json != NULL && (st = cli_write_file(json, put_json, &rr)) != 0)
		status = st;
	if (gnuplot != NULL || plot != NULL) {
		struct plot_request pr;

		pr.runs = &rr;
		pr.n = 1;
		pr.script = gnuplot;
		pr.render = plot;
		pr.slope_panel = 0;
		if ((st = cli_plot(&pr)) != 0 && status == 0)
			status = st;
	}
	analysis_free(&an);
	rt_free(&rt);
	outfile_forget_inputs();
	return status;
}
