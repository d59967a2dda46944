/* cli_drive.c: lrfind drive: be the co-process of any trainer */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
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
	fputs(
"usage: lrfind drive [options]\n"
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
"  -h, --help             this help\n", fp);
}

static int
drive_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'lrfind drive --help' for more information.\n");
	return EXIT_USAGE;
}

static int
num_arg(const char *opt, const char *s, double lo, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !isfinite(*out) ||
	    !(*out > lo))
		return drive_usage_error("%s: '%s': expected a number > %g",
		    opt, s, lo);
	return 0;
}

/* Write one output file whole through outfile; 0 or EXIT_OUTPUT. */
static int
write_file(const char *path, int (*fn)(FILE *, const void *), const void *arg)
{
	struct outfile of;
	char err[512];

	if (outfile_open(&of, path, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return EXIT_OUTPUT;
	}
	if (fn(of.fp, arg) != 0) {
		outfile_abort(&of);
		warnx("%s: write failed", path);
		return EXIT_OUTPUT;
	}
	if (outfile_commit(&of, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return EXIT_OUTPUT;
	}
	return 0;
}

static int
put_log(FILE *fp, const void *rt)
{
	return report_log(fp, rt);
}

static int
put_json(FILE *fp, const void *rr)
{
	return report_json(fp, rr, 1);
}

enum {
	D_INITLR = 256, D_MAXLR, D_ITERS, D_LINEAR, D_ENDS, D_SMOOTH,
	D_DIVERGE, D_LOG, D_JSON, D_GNUPLOT, D_PLOT
};

static const struct option drive_opts[] = {
	{ "init-lr", required_argument, NULL, D_INITLR },
	{ "max-lr", required_argument, NULL, D_MAXLR },
	{ "iters", required_argument, NULL, D_ITERS },
	{ "linear", no_argument, NULL, D_LINEAR },
	{ "ends", required_argument, NULL, D_ENDS },
	{ "smooth", required_argument, NULL, D_SMOOTH },
	{ "diverge", required_argument, NULL, D_DIVERGE },
	{ "method", required_argument, NULL, 'm' },
	{ "log", required_argument, NULL, D_LOG },
	{ "json", required_argument, NULL, D_JSON },
	{ "gnuplot", required_argument, NULL, D_GNUPLOT },
	{ "plot", required_argument, NULL, D_PLOT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

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
	const char *log = NULL, *json = NULL, *gnuplot = NULL, *plot = NULL;
	const char *msg;
	char err[512];
	int c, quiet = 0, status = 0, st;
	double x;

	rt_config_default(&rc);
	analysis_config_default(&ac);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:qh", drive_opts, NULL)) != -1) {
		switch (c) {
		case D_INITLR:
			if (num_arg("--init-lr", optarg, 0, &sw.init_lr) != 0)
				return EXIT_USAGE;
			break;
		case D_MAXLR:
			if (num_arg("--max-lr", optarg, 0, &sw.max_lr) != 0)
				return EXIT_USAGE;
			break;
		case D_ITERS:
			if (num_arg("--iters", optarg, 1, &x) != 0)
				return EXIT_USAGE;
			if (x != floor(x) || x > 1e12)
				return drive_usage_error("--iters: '%s': expected a "
				    "whole number >= 2", optarg);
			sw.iters = (size_t)x;
			break;
		case D_LINEAR:
			sw.linear = true;
			break;
		case D_ENDS:
			if (strcmp(optarg, "excluded") == 0)
				sw.ends = SWEEP_END_EXCLUDED;
			else if (strcmp(optarg, "included") == 0)
				sw.ends = SWEEP_END_INCLUDED;
			else
				return drive_usage_error("--ends: '%s': expected "
				    "excluded or included", optarg);
			break;
		case D_SMOOTH:
			if (num_arg("--smooth", optarg, -1, &x) != 0)
				return EXIT_USAGE;
			if (x < 0 || x >= 1)
				return drive_usage_error("--smooth: '%s': expected "
				    "a number in [0, 1)", optarg);
			rc.beta = x;
			break;
		case D_DIVERGE:
			if (num_arg("--diverge", optarg, -1, &x) != 0)
				return EXIT_USAGE;
			if (x != 0 && !(x > 1))
				return drive_usage_error("--diverge: '%s': expected "
				    "a number > 1, or 0 to never stop", optarg);
			rc.diverge = x == 0 ? INFINITY : x;
			break;
		case 'm':
			if (method_parse(optarg, &method) != 0)
				return drive_usage_error("--method: '%s' is not a "
				    "method: expected minimum, blend, steep, valley or "
				    "slide", optarg);
			break;
		case D_LOG:
			log = optarg;
			break;
		case D_JSON:
			json = optarg;
			break;
		case D_GNUPLOT:
			gnuplot = optarg;
			break;
		case D_PLOT:
			plot = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			drive_usage(stdout);
			if (fflush(stdout) != 0 || ferror(stdout)) {
				warn("write error: stdout");
				return EXIT_OUTPUT;
			}
			return 0;
		case ':':
			return drive_usage_error("option %s needs a value",
			    argv[optind - 1]);
		default:
			return drive_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return drive_usage_error("unexpected argument '%s'", argv[optind]);
	if ((msg = sweep_check(&sw)) != NULL)
		return drive_usage_error("%s", msg);
	/* outputs checked now, not after the whole session */
	if (cli_plot_check(gnuplot, plot, true) != 0)
		return EXIT_USAGE;

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
	switch (end) {
	case DRIVE_BAD_LINE:
		warnx("<stdin>:%s", err);
		status = EXIT_INPUT;
		break;
	case DRIVE_EOF:
		warnx("<stdin>: input ended after %zu loss%s, before the test "
		    "was over (an explosion or %zu iterations)", rt.n,
		    rt.n == 1 ? "" : "es", sw.iters);
		status = EXIT_INPUT;
		break;
	case DRIVE_GONE:
		if (err[0] != '\0')
			warnx("write error: stdout: %s", err);
		else
			warnx("<stdout>: the trainer stopped reading after %zu "
			    "loss%s", rt.n, rt.n == 1 ? "" : "es");
		status = EXIT_INPUT;
		break;
	case DRIVE_NOMEM:
		warnx("out of memory");
		rt_free(&rt);
		outfile_forget_inputs();
		return EXIT_INPUT;
	default:
		break;
	}
	if (log != NULL && rt.n > 0 && (st = write_file(log, put_log, &rt)) != 0)
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
	if (!an.sug[method].ok) {
		warnx("no %s suggestion: %s", method_name(method), an.sug[method].why);
		if (status == 0)
			status = EXIT_NOANSWER;
	}
	if (quiet)
		report_quiet(stderr, &rr, 1);
	else
		report_text(stderr, &rr, 1);
	if (json != NULL && (st = write_file(json, put_json, &rr)) != 0)
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
