/* main.c: lrfind's front end: options, files, messages and exit statuses */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "cleanup.h"
#include "cli.h"
#include "logread.h"
#include "logsource.h"
#include "outfile.h"
#include "rangetest.h"
#include "report.h"

#ifndef LRFIND_VERSION
#define LRFIND_VERSION "0.1"
#endif

enum format { F_TEXT, F_QUIET, F_JSON, F_CSV };

struct options {
	enum format format;
	int nformats;
	enum method method;
	int method_set;
	struct logread_opts lopts;
	struct logsource_opts sopts;
	int list;		/* --list */
	struct rt_config rcfg;
	struct analysis_config acfg;
	const char *gnuplot;	/* --gnuplot FILE */
	const char *plot;	/* --plot FILE */
	int plot_slope;		/* --slope-panel */
};

/* One run read from a file. */
struct run {
	const char *name;
	struct rangetest rt;
	struct analysis an;
	struct logread_result res;
	int ok;
};

static void
usage(FILE *fp)
{
	fputs(
"usage: lrfind [analyze] [options] [FILE ...]\n"
"       lrfind schedule POLICY [options]\n"
"       lrfind train [options]\n"
"       lrfind drive [options]\n"
"\n"
"Analyse learning-rate range-test logs ('-' or no FILE: stdin): CSV,\n"
"TensorBoard event files or folders, trainer_state.json, JSON Lines,\n"
"MLflow run folders, W&B CSV exports; gzip of any of them.\n"
"\n"
"output:\n"
"  -q, --quiet            print the chosen suggestion alone\n"
"  -j, --json             print everything as one JSON document\n"
"      --csv              print the processed curve as CSV\n"
"  -m, --method NAME      minimum (default), blend, steep,\n"
"                         valley or slide\n"
"      --gnuplot FILE     write a self-contained gnuplot script\n"
"      --plot FILE        render a plot (.png .svg .pdf .txt; '-': terminal)\n"
"      --slope-panel      add a panel with the slope of the smoothed loss\n"
"input:\n"
"  -d, --delimiter C      ',' 'tab' or ';' (default: from the header line)\n"
"      --lr-col COL       lr column, by name or 1-based number\n"
"      --loss-col COL     loss column\n"
"      --step-col COL     step column\n"
"      --init-lr X        first lr, to rebuild a missing lr column\n"
"      --max-lr X         lr the sweep heads for, to rebuild it\n"
"      --iters N          steps of that sweep (default: the rows)\n"
"      --linear           the rebuilt sweep is linear\n"
"      --ends E           excluded (i/n, default) or included (i/(n-1))\n"
"      --all              read to the end, past the explosion\n"
"      --format F         csv, tfevents, json, jsonl, mlflow or wandb\n"
"                         (default: told from the content)\n"
"      --run NAME         the run of a W&B export that holds several\n"
"      --list             list every column, tag or key with its points\n"
"range test:\n"
"      --smooth BETA      EMA factor of the online smoothing (0.98)\n"
"      --smooth-f F       the same as --smooth 1-F (pytorch-lr-finder)\n"
"      --diverge K        explosion at K x the best smoothed loss (4; 0: off)\n"
"      --smoother S       robust (default), zerolag or causal curve\n"
"      --skip-start N     points the suggestions ignore at the start (n/10)\n"
"      --skip-end N       points they ignore at the end (5)\n"
"      --compat PEER      fastai, pytorch-lr-finder or lightning pipeline\n"
"  -h, --help             this help\n"
"  -V, --version          the version\n", fp);
}

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'lrfind --help' for more information.\n");
	return EXIT_USAGE;
}

static int
parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return *s == '\0' || *end != '\0' || errno == ERANGE || isnan(*out) ? -1 : 0;
}

static int
parse_count(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return *s == '\0' || *end != '\0' || errno != 0 || *out < 0 ? -1 : 0;
}

enum {
	O_CSV = 256, O_GNUPLOT, O_PLOT, O_SLOPE, O_LRCOL, O_LOSSCOL, O_STEPCOL,
	O_INITLR, O_MAXLR, O_ITERS, O_LINEAR, O_ENDS, O_ALL, O_SMOOTH,
	O_SMOOTHF, O_DIVERGE, O_SMOOTHER, O_SKIPSTART, O_SKIPEND, O_COMPAT,
	O_FORMAT, O_RUN, O_LIST
};

static const struct option longopts[] = {
	{ "quiet", no_argument, NULL, 'q' },
	{ "json", no_argument, NULL, 'j' },
	{ "csv", no_argument, NULL, O_CSV },
	{ "method", required_argument, NULL, 'm' },
	{ "gnuplot", required_argument, NULL, O_GNUPLOT },
	{ "plot", required_argument, NULL, O_PLOT },
	{ "slope-panel", no_argument, NULL, O_SLOPE },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "lr-col", required_argument, NULL, O_LRCOL },
	{ "loss-col", required_argument, NULL, O_LOSSCOL },
	{ "step-col", required_argument, NULL, O_STEPCOL },
	{ "init-lr", required_argument, NULL, O_INITLR },
	{ "max-lr", required_argument, NULL, O_MAXLR },
	{ "iters", required_argument, NULL, O_ITERS },
	{ "linear", no_argument, NULL, O_LINEAR },
	{ "ends", required_argument, NULL, O_ENDS },
	{ "all", no_argument, NULL, O_ALL },
	{ "smooth", required_argument, NULL, O_SMOOTH },
	{ "smooth-f", required_argument, NULL, O_SMOOTHF },
	{ "diverge", required_argument, NULL, O_DIVERGE },
	{ "smoother", required_argument, NULL, O_SMOOTHER },
	{ "skip-start", required_argument, NULL, O_SKIPSTART },
	{ "skip-end", required_argument, NULL, O_SKIPEND },
	{ "compat", required_argument, NULL, O_COMPAT },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "run", required_argument, NULL, O_RUN },
	{ "list", no_argument, NULL, O_LIST },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int
finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("write error: stdout");
		return EXIT_OUTPUT;
	}
	return 0;
}

/* Parse the analyze options; returns -1 to go on, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	int c, smooth_set = 0, diverge_set = 0;
	double x;
	long k;

	memset(o, 0, sizeof(*o));
	o->method = ANALYSIS_DEFAULT_METHOD;
	logread_opts_default(&o->lopts);
	rt_config_default(&o->rcfg);
	analysis_config_default(&o->acfg);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qjm:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o->format = F_QUIET;
			o->nformats++;
			break;
		case 'j':
			o->format = F_JSON;
			o->nformats++;
			break;
		case O_CSV:
			o->format = F_CSV;
			o->nformats++;
			break;
		case 'm':
			if (method_parse(optarg, &o->method) != 0)
				return usage_error("--method: '%s' is not a method: "
				    "expected minimum, blend, steep, valley or slide", optarg);
			o->method_set = 1;
			break;
		case O_GNUPLOT:
			o->gnuplot = optarg;
			break;
		case O_PLOT:
			o->plot = optarg;
			break;
		case O_SLOPE:
			o->plot_slope = 1;
			break;
		case 'd':
			if (strcmp(optarg, ",") == 0 || strcmp(optarg, "comma") == 0)
				o->lopts.delim = ',';
			else if (strcmp(optarg, "\t") == 0 || strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\\t") == 0)
				o->lopts.delim = '\t';
			else if (strcmp(optarg, ";") == 0 || strcmp(optarg, "semicolon") == 0)
				o->lopts.delim = ';';
			else
				return usage_error("--delimiter: '%s': expected ',', "
				    "'tab' or ';'", optarg);
			break;
		case O_LRCOL:
			o->lopts.lr_col = optarg;
			break;
		case O_LOSSCOL:
			o->lopts.loss_col = optarg;
			break;
		case O_STEPCOL:
			o->lopts.step_col = optarg;
			break;
		case O_INITLR:
			if (parse_double(optarg, &x) != 0 || !(x > 0) || isinf(x))
				return usage_error("--init-lr: '%s': expected a "
				    "number > 0", optarg);
			o->lopts.init_lr = x;
			break;
		case O_MAXLR:
			if (parse_double(optarg, &x) != 0 || !(x > 0) || isinf(x))
				return usage_error("--max-lr: '%s': expected a "
				    "number > 0", optarg);
			o->lopts.max_lr = x;
			break;
		case O_ITERS:
			if (parse_count(optarg, &k) != 0 || k < 2)
				return usage_error("--iters: '%s': expected a whole "
				    "number >= 2", optarg);
			o->lopts.iters = (size_t)k;
			o->acfg.iters = (size_t)k;
			break;
		case O_LINEAR:
			o->lopts.linear = true;
			break;
		case O_ENDS:
			if (strcmp(optarg, "excluded") == 0)
				o->lopts.ends = SWEEP_END_EXCLUDED;
			else if (strcmp(optarg, "included") == 0)
				o->lopts.ends = SWEEP_END_INCLUDED;
			else
				return usage_error("--ends: '%s': expected excluded "
				    "or included", optarg);
			break;
		case O_ALL:
			o->lopts.read_all = true;
			break;
		case O_SMOOTH:
			if (parse_double(optarg, &x) != 0 || x < 0 || x >= 1)
				return usage_error("--smooth: '%s': expected a "
				    "number in [0, 1)", optarg);
			o->rcfg.beta = x;
			smooth_set = 1;
			break;
		case O_SMOOTHF:
			/* pytorch-lr-finder smooths only when smooth_f > 0:
			 * 0, like 1, is no smoothing (beta 0) */
			if (parse_double(optarg, &x) != 0 || x < 0 || x > 1)
				return usage_error("--smooth-f: '%s': expected a "
				    "number in [0, 1]", optarg);
			x = x == 0 ? 0 : 1 - x;
			o->rcfg.beta = x;
			smooth_set = 1;
			break;
		case O_DIVERGE:
			if (parse_double(optarg, &x) != 0 || (x != 0 && !(x > 1)))
				return usage_error("--diverge: '%s': expected a "
				    "number > 1, or 0 to never stop", optarg);
			o->rcfg.diverge = x;
			diverge_set = 1;
			break;
		case O_SMOOTHER:
			if (strcmp(optarg, "robust") == 0)
				o->acfg.smoother = SMOOTH_ROBUST;
			else if (strcmp(optarg, "zerolag") == 0)
				o->acfg.smoother = SMOOTH_ZEROLAG;
			else if (strcmp(optarg, "causal") == 0)
				o->acfg.smoother = SMOOTH_CAUSAL;
			else
				return usage_error("--smoother: '%s': expected "
				    "robust, zerolag or causal", optarg);
			break;
		case O_SKIPSTART:
		case O_SKIPEND:
			if (parse_count(optarg, &k) != 0)
				return usage_error("--%s: '%s': expected a whole "
				    "number >= 0", c == O_SKIPSTART ? "skip-start" :
				    "skip-end", optarg);
			if (c == O_SKIPSTART)
				o->acfg.skip_start = k;
			else
				o->acfg.skip_end = k;
			break;
		case O_FORMAT: {
			int f = logformat_parse(optarg);

			if (f <= 0)
				return usage_error("--format: '%s' is not a format: "
				    "expected csv, tfevents, json, jsonl, mlflow "
				    "or wandb", optarg);
			o->sopts.format = (enum logformat)f;
			break;
		}
		case O_RUN:
			o->sopts.run = optarg;
			break;
		case O_LIST:
			o->list = 1;
			break;
		case O_COMPAT:
			if (strcmp(optarg, "fastai") == 0)
				o->acfg.compat = COMPAT_FASTAI;
			else if (strcmp(optarg, "pytorch-lr-finder") == 0 ||
			    strcmp(optarg, "torch-lr-finder") == 0)
				o->acfg.compat = COMPAT_TORCH_LR_FINDER;
			else if (strcmp(optarg, "lightning") == 0)
				o->acfg.compat = COMPAT_LIGHTNING;
			else
				return usage_error("--compat: '%s': expected fastai, "
				    "pytorch-lr-finder or lightning", optarg);
			break;
		case 'h':
			usage(stdout);
			return finish_stdout();
		case 'V':
			printf("lrfind %s\n", LRFIND_VERSION);
			return finish_stdout();
		case ':':
			return usage_error("option %s needs a value", argv[optind - 1]);
		default:
			if (optopt != 0)
				return usage_error("unknown option -%c", optopt);
			return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (o->nformats > 1)
		return usage_error("-q, --json and --csv are alternatives: give one");
	if (o->plot_slope && o->gnuplot == NULL && o->plot == NULL)
		return usage_error("--slope-panel goes with --gnuplot or --plot");
	/* before the first row: a live run must not end in a usage error */
	if (cli_plot_check(o->gnuplot, o->plot, false) != 0)
		return EXIT_USAGE;
	if ((o->lopts.init_lr > 0) != (o->lopts.max_lr > 0))
		return usage_error("--init-lr and --max-lr go together");
	if (o->lopts.init_lr > 0 && !(o->lopts.max_lr != o->lopts.init_lr))
		return usage_error("--max-lr must differ from --init-lr");
	if (o->lopts.init_lr > 0 &&
	    !(o->lopts.max_lr > o->lopts.init_lr))
		return usage_error("--max-lr must be above --init-lr: a range "
		    "test's lr rises");
	/* a peer's pipeline brings its own smoothing, threshold and rule */
	switch (o->acfg.compat) {
	case COMPAT_FASTAI:
		if (!o->method_set)
			o->method = M_VALLEY;
		o->rcfg.stop_nonfinite = false;
		break;
	case COMPAT_TORCH_LR_FINDER:
		o->rcfg.ema = EMA_SEEDED;
		if (!smooth_set)
			o->rcfg.beta = 0.95;
		if (!diverge_set)
			o->rcfg.diverge = 5;
		o->rcfg.stop_nonfinite = false;
		if (!o->method_set)
			o->method = M_STEEP;
		break;
	case COMPAT_LIGHTNING:
		o->rcfg.ema = EMA_LIGHTNING;
		o->rcfg.stop_nonfinite = false;
		if (!o->method_set)
			o->method = M_STEEP;
		break;
	default:
		break;
	}
	if (o->rcfg.diverge == 0)
		o->rcfg.diverge = INFINITY;
	return -1;
}

/* Read and analyse one file; 0, or an exit status after a message. */
static int
read_run(const char *path, const struct options *o, struct run *r)
{
	struct analysis_config acfg;
	struct logsource_result sres;
	char shown[4096];
	int st;

	r->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	rt_init(&r->rt, &o->rcfg);
	if ((st = cli_read_log(path, &o->lopts, &o->sopts, true, &r->rt,
	    &r->res, &sres)) != 0)
		return st;
	acfg = o->acfg;
	acfg.iters_from_rows = r->res.iters_from_rows;
	if (analysis_run(&r->an, &r->rt, &acfg) != 0) {
		warnx("%s: out of memory", cli_shown(r->name, shown,
		    sizeof(shown)));
		return EXIT_INPUT;
	}
	r->ok = 1;
	return 0;
}

/* --list: every column, tag or key of path with its number of points. */
static int
list_run(const char *path, const struct options *o, int several)
{
	struct logsource_opts so = o->sopts;
	struct logsource_result sres;
	struct logread_result res;
	struct series_set ss;
	struct rangetest rt;
	char shown[4096];
	size_t i;
	int st;

	series_set_init(&ss);
	so.list = &ss;
	rt_init(&rt, &o->rcfg);
	st = cli_read_log(path, &o->lopts, &so, false, &rt, &res, &sres);
	rt_free(&rt);
	if (st == 0 && several)
		printf("%s (%s)\n", cli_shown(strcmp(path, "-") == 0 ?
		    "<stdin>" : path, shown, sizeof(shown)),
		    logformat_name(sres.format));
	for (i = 0; st == 0 && i < ss.n; i++)
		printf("%s%s\t%zu\n", several ? "  " : "",
		    cli_shown(ss.s[i].name, shown, sizeof(shown)), ss.s[i].n);
	series_set_free(&ss);
	return st;
}

static int
analyze(int argc, char **argv)
{
	struct options o;
	struct run *runs;
	struct report_run *rr;
	char *stdin_only[] = { "-" };
	char **files, shown[4096];
	int i, status = 0, st, nok = 0, used_stdin = 0;
	size_t nfiles;

	if ((st = parse_options(argc, argv, &o)) >= 0)
		return st;
	files = argv + optind;
	nfiles = optind < argc ? (size_t)(argc - optind) : 0;
	if (nfiles == 0) {
		if (isatty(STDIN_FILENO))
			return usage_error("no input: name a log file, or pipe one in");
		files = stdin_only;
		nfiles = 1;
	}
	for (i = 0; (size_t)i < nfiles; i++)
		if (strcmp(files[i], "-") == 0 && used_stdin++)
			return usage_error("'-' (stdin) can be read only once");
	if (o.list) {
		for (i = 0; (size_t)i < nfiles; i++)
			if ((st = list_run(files[i], &o, nfiles > 1)) != 0 &&
			    status == 0)
				status = st;
		if ((st = finish_stdout()) != 0)
			status = st;
		return status;
	}
	runs = calloc(nfiles, sizeof(*runs));
	rr = calloc(nfiles, sizeof(*rr));
	if (runs == NULL || rr == NULL) {
		free(runs);
		free(rr);
		warnx("out of memory");
		return EXIT_INPUT;
	}
	/* an output file must not replace the file the report goes to */
	if (outfile_add_stdout(STDOUT_FILENO) != 0) {
		free(runs);
		free(rr);
		warnx("out of memory");
		return EXIT_INPUT;
	}
	for (i = 0; (size_t)i < nfiles; i++) {
		if ((st = read_run(files[i], &o, &runs[i])) != 0) {
			if (status == 0)
				status = st;
			continue;
		}
		rr[nok].name = runs[i].name;
		rr[nok].rt = &runs[i].rt;
		rr[nok].an = &runs[i].an;
		rr[nok].lr = &runs[i].res;
		rr[nok].acfg = &o.acfg;
		rr[nok].method = o.method;
		if (!runs[i].an.sug[o.method].ok) {
			warnx("%s: no %s suggestion: %s", cli_shown(runs[i].name,
			    shown, sizeof(shown)), method_name(o.method),
			    runs[i].an.sug[o.method].why);
			if (status == 0)
				status = EXIT_NOANSWER;
		}
		nok++;
	}
	if (nok > 0) {
		int rc = 0;

		switch (o.format) {
		case F_QUIET:
			rc = report_quiet(stdout, rr, (size_t)nok);
			break;
		case F_JSON:
			rc = report_json(stdout, rr, (size_t)nok);
			break;
		case F_CSV:
			rc = report_csv(stdout, rr, (size_t)nok);
			break;
		default:
			rc = report_text(stdout, rr, (size_t)nok);
			break;
		}
		if ((st = finish_stdout()) != 0 || rc != 0)
			status = EXIT_OUTPUT;
		if (status != EXIT_OUTPUT && (o.gnuplot != NULL || o.plot != NULL)) {
			struct plot_request pr;

			pr.runs = rr;
			pr.n = (size_t)nok;
			pr.script = o.gnuplot;
			pr.render = o.plot;
			pr.slope_panel = o.plot_slope;
			if ((st = cli_plot(&pr)) != 0 && status == 0)
				status = st;
		}
	}
	for (i = 0; (size_t)i < nfiles; i++) {
		analysis_free(&runs[i].an);
		rt_free(&runs[i].rt);
	}
	free(runs);
	free(rr);
	outfile_forget_inputs();
	return status;
}

int
main(int argc, char **argv)
{
	int status;

	/* a signal that ends us removes our temporary files and child */
	cleanup_install();
	if (argc > 1 && strcmp(argv[1], "schedule") == 0)
		status = cli_schedule(argc - 1, argv + 1);
	else if (argc > 1 && strcmp(argv[1], "train") == 0)
		status = cli_train(argc - 1, argv + 1);
	else if (argc > 1 && strcmp(argv[1], "drive") == 0)
		return cli_drive(argc - 1, argv + 1);	/* it closed stdout */
	else if (argc > 1 && strcmp(argv[1], "analyze") == 0)
		status = analyze(argc - 1, argv + 1);
	else
		status = analyze(argc, argv);
	if (status == 0 && fclose(stdout) != 0) {
		warn("write error: stdout");
		status = EXIT_OUTPUT;
	}
	return status;
}
