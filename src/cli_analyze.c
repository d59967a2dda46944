/* cli_analyze.c: `lrfind [analyze] [options] [FILE ...]`: analyse loss logs */
#include <err.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "logread.h"
#include "logsource.h"
#include "outfile.h"
#include "rangetest.h"
#include "report.h"

#ifndef LRFIND_VERSION
#define LRFIND_VERSION "0.1"
#endif

enum opt_id {
	O_QUIET,
	O_JSON,
	O_CSV,
	O_METHOD,
	O_GNUPLOT,
	O_PLOT,
	O_SLOPE,
	O_DELIM,
	O_LRCOL,
	O_LOSSCOL,
	O_STEPCOL,
	O_INITLR,
	O_MAXLR,
	O_ITERS,
	O_LINEAR,
	O_ENDS,
	O_ALL,
	O_FORMAT,
	O_RUN,
	O_LIST,
	O_SMOOTH,
	O_SMOOTHF,
	O_DIVERGE,
	O_SMOOTHER,
	O_SKIPSTART,
	O_SKIPEND,
	O_COMPAT,
	O_HELP,
	O_VERSION,
	O_COUNT
};

static const struct cli_opt opts[O_COUNT] = {
	[O_QUIET] = { "quiet", 'q', false, 0 },
	[O_JSON] = { "json", 'j', false, 0 },
	[O_CSV] = { "csv", 0, false, 0 },
	[O_METHOD] = { "method", 'm', true, 0 },
	[O_GNUPLOT] = { "gnuplot", 0, true, 0 },
	[O_PLOT] = { "plot", 0, true, 0 },
	[O_SLOPE] = { "slope-panel", 0, false, 0 },
	[O_DELIM] = { "delimiter", 'd', true, 0 },
	[O_LRCOL] = { "lr-col", 0, true, 0 },
	[O_LOSSCOL] = { "loss-col", 0, true, 0 },
	[O_STEPCOL] = { "step-col", 0, true, 0 },
	[O_INITLR] = { "init-lr", 0, true, 0 },
	[O_MAXLR] = { "max-lr", 0, true, 0 },
	[O_ITERS] = { "iters", 0, true, 0 },
	[O_LINEAR] = { "linear", 0, false, 0 },
	[O_ENDS] = { "ends", 0, true, 0 },
	[O_ALL] = { "all", 0, false, 0 },
	[O_FORMAT] = { "format", 0, true, 0 },
	[O_RUN] = { "run", 0, true, 0 },
	[O_LIST] = { "list", 0, false, 0 },
	[O_SMOOTH] = { "smooth", 0, true, 0 },
	[O_SMOOTHF] = { "smooth-f", 0, true, 0 },
	[O_DIVERGE] = { "diverge", 0, true, 0 },
	[O_SMOOTHER] = { "smoother", 0, true, 0 },
	[O_SKIPSTART] = { "skip-start", 0, true, 0 },
	[O_SKIPEND] = { "skip-end", 0, true, 0 },
	[O_COMPAT] = { "compat", 0, true, 0 },
	[O_HELP] = { "help", 'h', false, 0 },
	[O_VERSION] = { "version", 'V', false, 0 },
};

static const struct cli_syntax syntax = { .name = NULL,
	.opts = opts,
	.nopts = O_COUNT,
	.npos = -1,
	.dashdash = true,
	.bundle = true };

static const struct cli_name delimiters[] = { { "comma", ',' }, { "tab", '\t' },
	{ "semicolon", ';' }, { ",", ',' }, { "\t", '\t' }, { "\\t", '\t' },
	{ ";", ';' }, { NULL, 0 } };
static const struct cli_name smoothers[] = { { "robust", SMOOTH_ROBUST },
	{ "zerolag", SMOOTH_ZEROLAG }, { "causal", SMOOTH_CAUSAL },
	{ NULL, 0 } };
static const struct cli_name peers[] = { { "fastai", COMPAT_FASTAI },
	{ "pytorch-lr-finder", COMPAT_TORCH_LR_FINDER },
	{ "lightning", COMPAT_LIGHTNING },
	{ "torch-lr-finder", COMPAT_TORCH_LR_FINDER }, { NULL, 0 } };
static const struct cli_name formats[] = { { "csv", LOGFMT_CSV },
	{ "tfevents", LOGFMT_TFEVENTS }, { "json", LOGFMT_JSON },
	{ "jsonl", LOGFMT_JSONL }, { "mlflow", LOGFMT_MLFLOW },
	{ "wandb", LOGFMT_WANDB }, { NULL, 0 } };

/* The log reader's fields (logread.h) as analyze's options. */
static const char *const reader_flags[] = { "lr_col", "--lr-col", "loss_col",
	"--loss-col", "init_lr", "--init-lr", "max_lr", "--max-lr", "iters",
	"--iters", "diverge", "--diverge", NULL };

struct options {
	enum report_format format;
	enum method method;
	struct logread_opts lopts;
	struct logsource_opts sopts;
	int list; /* --list */
	struct rt_config rcfg;
	struct analysis_config acfg;
	const char *gnuplot; /* --gnuplot FILE */
	const char *plot; /* --plot FILE */
	int plot_slope; /* --slope-panel */
};

/* One run read from a file. */
struct run {
	const char *name;
	struct rangetest rt;
	struct analysis an;
	struct logread_result res;
};

static void
usage(FILE *fp)
{
	fputs("usage: lrfind [analyze] [options] [FILE ...]\n"
	      "       lrfind schedule POLICY [options]\n"
	      "       lrfind train [options]\n"
	      "       lrfind drive [options]\n"
	      "       lrfind help [SUBCOMMAND]\n"
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
	      "  -V, --version          the version\n",
	    fp);
}

/* The choices and counts into o; 0 or EXIT_USAGE. */
static int
parse_values(const char *const *v, struct options *o)
{
	unsigned long long u;
	int r = 0, k;

#define CHOICE(id, table, dst, type) \
	do { \
		if (v[id] != NULL) { \
			if ((r = cli_choice(&syntax, id, v[id], table, &k)) != \
			    0) \
				return r; \
			(dst) = (type)k; \
		} \
	} while (0)
	CHOICE(O_METHOD, cli_methods, o->method, enum method);
	CHOICE(O_DELIM, delimiters, o->lopts.delim, char);
	CHOICE(O_ENDS, cli_ends, o->lopts.ends, enum sweep_ends);
	CHOICE(O_SMOOTHER, smoothers, o->acfg.smoother, enum smoother);
	CHOICE(O_COMPAT, peers, o->acfg.compat, enum compat);
	CHOICE(O_FORMAT, formats, o->sopts.format, enum logformat);
#undef CHOICE
	if ((v[O_INITLR] != NULL &&
		(r = cli_number(&syntax, O_INITLR, v[O_INITLR], &cli_positive,
		     &o->lopts.init_lr)) != 0) ||
	    (v[O_MAXLR] != NULL &&
		(r = cli_number(&syntax, O_MAXLR, v[O_MAXLR], &cli_positive,
		     &o->lopts.max_lr)) != 0))
		return r;
	if (v[O_ITERS] != NULL) {
		if ((r = cli_count(&syntax, O_ITERS, v[O_ITERS], 2,
			 CLI_ITERS_MAX, &u)) != 0)
			return r;
		o->lopts.iters = (size_t)u;
		o->acfg.iters = (size_t)u;
	}
	if (v[O_SKIPSTART] != NULL) {
		if ((r = cli_count(&syntax, O_SKIPSTART, v[O_SKIPSTART], 0,
			 LONG_MAX, &u)) != 0)
			return r;
		o->acfg.skip_start = (long)u;
	}
	if (v[O_SKIPEND] != NULL) {
		if ((r = cli_count(&syntax, O_SKIPEND, v[O_SKIPEND], 0,
			 LONG_MAX, &u)) != 0)
			return r;
		o->acfg.skip_end = (long)u;
	}
	return 0;
}

/* The range test's settings and the peer presets; 0 or EXIT_USAGE. */
static int
parse_rangetest(const char *const *v, struct options *o)
{
	unsigned given = 0;
	double x;
	int r;

	if (v[O_SMOOTH] != NULL && v[O_SMOOTHF] != NULL)
		return cli_usage(&syntax,
		    "--smooth and --smooth-f cannot be "
		    "combined");
	if (v[O_SMOOTH] != NULL) {
		if ((r = cli_number(&syntax, O_SMOOTH, v[O_SMOOTH], &cli_ema,
			 &o->rcfg.beta)) != 0)
			return r;
		given |= PRESET_SMOOTH;
	}
	if (v[O_SMOOTHF] != NULL) {
		/* pytorch-lr-finder smooths only when smooth_f > 0: 0, like
		 * 1, is no smoothing (beta 0) */
		if ((r = cli_number(&syntax, O_SMOOTHF, v[O_SMOOTHF], &cli_unit,
			 &x)) != 0)
			return r;
		o->rcfg.beta = x == 0 ? 0 : 1 - x;
		given |= PRESET_SMOOTH;
	}
	if (v[O_DIVERGE] != NULL) {
		if ((r = cli_diverge(&syntax, O_DIVERGE, v[O_DIVERGE],
			 &o->rcfg.diverge)) != 0)
			return r;
		given |= PRESET_DIVERGE;
	}
	if (v[O_METHOD] != NULL)
		given |= PRESET_METHOD;
	analysis_compat_preset(o->acfg.compat, &o->rcfg, &o->method, given);
	if (o->rcfg.diverge == 0)
		o->rcfg.diverge = INFINITY;
	return 0;
}

/* Options that go together or exclude each other; 0 or EXIT_USAGE. */
static int
check_options(const char *const *v, const struct options *o)
{
	if ((v[O_QUIET] != NULL) + (v[O_JSON] != NULL) + (v[O_CSV] != NULL) > 1)
		return cli_usage(&syntax,
		    "-q, --json and --csv cannot be "
		    "combined");
	if (o->plot_slope && o->gnuplot == NULL && o->plot == NULL)
		return cli_usage(&syntax,
		    "--slope-panel goes with --gnuplot "
		    "or --plot");
	/* before the first row: a live run must not end in a usage error */
	if (cli_plot_check(o->gnuplot, o->plot, false) != 0)
		return EXIT_USAGE;
	if ((o->lopts.init_lr > 0) != (o->lopts.max_lr > 0))
		return cli_usage(&syntax, "--init-lr and --max-lr go together");
	if (o->lopts.init_lr > 0 && !(o->lopts.max_lr != o->lopts.init_lr))
		return cli_usage(&syntax,
		    "--max-lr must differ from --init-lr");
	if (o->lopts.init_lr > 0 && !(o->lopts.max_lr > o->lopts.init_lr))
		return cli_usage(&syntax,
		    "--max-lr must be above --init-lr: a "
		    "range test's lr rises");
	return 0;
}

/*
 * Parse the analyze options and operands into o, files and *nfiles;
 * returns -1 to go on, or an exit status (--help, --version, an error).
 */
static int
parse_options(int argc, char **argv, struct options *o, const char **files,
    int *nfiles)
{
	const char *v[O_COUNT] = { NULL };
	int r;

	memset(o, 0, sizeof(*o));
	o->method = ANALYSIS_DEFAULT_METHOD;
	logread_opts_default(&o->lopts);
	rt_config_default(&o->rcfg);
	analysis_config_default(&o->acfg);
	if (cli_parse(&syntax, argc, argv, v, files, nfiles) != 0)
		return EXIT_USAGE;
	if (v[O_HELP] != NULL) {
		usage(stdout);
		return cli_finish_stdout();
	}
	if (v[O_VERSION] != NULL) {
		printf("lrfind %s\n", LRFIND_VERSION);
		return cli_finish_stdout();
	}
	o->format = v[O_QUIET] != NULL ? REPORT_QUIET :
	    v[O_JSON] != NULL          ? REPORT_JSON :
	    v[O_CSV] != NULL           ? REPORT_CSV :
					 REPORT_TEXT;
	o->gnuplot = v[O_GNUPLOT];
	o->plot = v[O_PLOT];
	o->plot_slope = v[O_SLOPE] != NULL;
	o->lopts.lr_col = v[O_LRCOL];
	o->lopts.loss_col = v[O_LOSSCOL];
	o->lopts.step_col = v[O_STEPCOL];
	o->lopts.linear = v[O_LINEAR] != NULL;
	o->lopts.read_all = v[O_ALL] != NULL;
	o->sopts.run = v[O_RUN];
	o->list = v[O_LIST] != NULL;
	if ((r = parse_values(v, o)) != 0 || (r = check_options(v, o)) != 0 ||
	    (r = parse_rangetest(v, o)) != 0)
		return r;
	return -1;
}

/* Read one file; 0, or an exit status after a message.  *acfg: the
 * analysis it is to have. */
static int
read_log(const char *path, const struct options *o, struct run *r,
    struct analysis_config *acfg)
{
	struct logsource_result sres;
	int st;

	r->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	rt_init(&r->rt, &o->rcfg);
	if ((st = cli_read_log(path, &o->lopts, &o->sopts, true, &r->rt,
		 &r->res, &sres, reader_flags)) != 0)
		return st;
	*acfg = o->acfg;
	acfg->iters_from_rows = r->res.iters_from_rows;
	/* -q prints one suggestion and --csv the curve, their exit status
	 * resting on that one suggestion: the rest is not computed
	 * (analysis.h) */
	if ((o->format == REPORT_QUIET || o->format == REPORT_CSV) &&
	    o->gnuplot == NULL && o->plot == NULL)
		acfg->only = (int)o->method;
	return 0;
}

/* The analysis failed: out of memory.  An exit status after a message. */
static int
analysis_failed(const struct run *r)
{
	char shown[4096];

	warnx("%s: out of memory", cli_shown(r->name, shown, sizeof(shown)));
	return EXIT_INPUT;
}

/* Read and analyse one file; 0, or an exit status after a message. */
static int
read_run(const char *path, const struct options *o, struct run *r)
{
	struct analysis_config acfg;
	int st;

	if ((st = read_log(path, o, r, &acfg)) != 0)
		return st;
	return analysis_run(&r->an, &r->rt, &acfg) != 0 ? analysis_failed(r) :
							  0;
}

/* --csv of one file, written as the curve is made while the analysis
 * works out the suggestions on a second thread (analysis_begin); an exit
 * status. */
static int
csv_streamed(const struct options *o, const char *path)
{
	struct run run;
	struct report_run rr;
	struct analysis_beside b;
	struct analysis_config acfg;
	char shown[4096];
	int st, status = 0, rc = 0;

	memset(&run, 0, sizeof(run));
	memset(&rr, 0, sizeof(rr));
	if (outfile_add_stdout(STDOUT_FILENO) != 0) {
		warnx("out of memory");
		return EXIT_INPUT;
	}
	if ((st = read_log(path, o, &run, &acfg)) != 0) {
		status = st;
		goto out;
	}
	if (analysis_begin(&b, &run.an, &run.rt, &acfg) == 0) {
		rr.name = run.name;
		rr.rt = &run.rt;
		rr.an = &run.an;
		rr.lr = &run.res;
		rr.acfg = &o->acfg;
		rr.method = o->method;
		rr.fields = reader_flags;
		rr.wait_curve = analysis_wait_curve;
		rr.wait_ctx = &b;
		rc = report_write(stdout, REPORT_CSV, &rr, 1);
	}
	if (analysis_end(&b) != 0) { /* before the curve began: nothing
					* was written */
		status = analysis_failed(&run);
		goto out;
	}
	if (!run.an.sug[o->method].ok) {
		warnx("%s: no %s suggestion: %s",
		    cli_shown(run.name, shown, sizeof(shown)),
		    method_name(o->method), run.an.sug[o->method].why);
		status = EXIT_NOANSWER;
	}
	if ((st = cli_finish_stdout()) != 0 || rc != 0)
		status = EXIT_OUTPUT;
out:
	analysis_free(&run.an);
	rt_free(&run.rt);
	outfile_forget_inputs();
	return status;
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
	st = cli_read_log(path, &o->lopts, &so, false, &rt, &res, &sres,
	    reader_flags);
	rt_free(&rt);
	if (st == 0 && several)
		printf("%s (%s)\n",
		    cli_shown(strcmp(path, "-") == 0 ? "<stdin>" : path, shown,
			sizeof(shown)),
		    logformat_name(sres.format));
	for (i = 0; st == 0 && i < ss.n; i++)
		printf("%s%s\t%zu\n", several ? "  " : "",
		    cli_shown(ss.s[i].name, shown, sizeof(shown)), ss.s[i].n);
	series_set_free(&ss);
	return st;
}

/* Read, analyse and report the files; an exit status. */
static int
analyze_files(const struct options *o, const char *const *files, size_t nfiles)
{
	struct run *runs;
	struct report_run *rr;
	char shown[4096];
	int i, status = 0, st, nok = 0;

	if (o->list) {
		for (i = 0; (size_t)i < nfiles; i++)
			if ((st = list_run(files[i], o, nfiles > 1)) != 0 &&
			    status == 0)
				status = st;
		if ((st = cli_finish_stdout()) != 0)
			status = st;
		return status;
	}
	if (nfiles == 1 && o->format == REPORT_CSV && o->gnuplot == NULL &&
	    o->plot == NULL)
		return csv_streamed(o, files[0]);
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
		if ((st = read_run(files[i], o, &runs[i])) != 0) {
			if (status == 0)
				status = st;
			continue;
		}
		rr[nok].name = runs[i].name;
		rr[nok].rt = &runs[i].rt;
		rr[nok].an = &runs[i].an;
		rr[nok].lr = &runs[i].res;
		rr[nok].acfg = &o->acfg;
		rr[nok].method = o->method;
		rr[nok].fields = reader_flags;
		if (!runs[i].an.sug[o->method].ok) {
			warnx("%s: no %s suggestion: %s",
			    cli_shown(runs[i].name, shown, sizeof(shown)),
			    method_name(o->method),
			    runs[i].an.sug[o->method].why);
			if (status == 0)
				status = EXIT_NOANSWER;
		}
		nok++;
	}
	if (nok > 0) {
		int rc = 0;

		rc = report_write(stdout, o->format, rr, (size_t)nok);
		if ((st = cli_finish_stdout()) != 0 || rc != 0)
			status = EXIT_OUTPUT;
		if (status != EXIT_OUTPUT &&
		    (o->gnuplot != NULL || o->plot != NULL)) {
			struct plot_request pr;

			pr.runs = rr;
			pr.n = (size_t)nok;
			pr.script = o->gnuplot;
			pr.render = o->plot;
			pr.slope_panel = o->plot_slope;
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
cli_analyze(int argc, char **argv)
{
	struct options o;
	const char **files;
	int i, status, st, used_stdin = 0, nf = 0;
	size_t nfiles;

	/* the operands: at most argc - 1, and "-" when there are none */
	if ((files = calloc((size_t)argc + 1, sizeof(*files))) == NULL) {
		warnx("out of memory");
		return EXIT_INPUT;
	}
	if ((st = parse_options(argc, argv, &o, files, &nf)) >= 0) {
		free(files);
		return st;
	}
	nfiles = (size_t)nf;
	if (nfiles == 0) {
		if (isatty(STDIN_FILENO)) {
			free(files);
			return cli_usage(&syntax,
			    "no input: name a log file, "
			    "or pipe one in");
		}
		files[0] = "-";
		nfiles = 1;
	}
	for (i = 0; (size_t)i < nfiles; i++)
		if (strcmp(files[i], "-") == 0 && used_stdin++) {
			free(files);
			return cli_usage(&syntax,
			    "'-' (stdin) can be read only "
			    "once");
		}
	status = analyze_files(&o, files, nfiles);
	free(files);
	return status;
}
