/* cli_train.c: `lrfind train`: a range test on the built-in model, or a training run */
#include <err.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "bounds.h"
#include "cli.h"
#include "dataset.h"
#include "numparse.h"
#include "outfile.h"
#include "rangetest.h"
#include "report.h"
#include "schedule.h"
#include "sweep.h"
#include "train.h"

enum opt_id {
	O_DATA,
	O_LABEL_COL,
	O_HOLDOUT,
	O_HIDDEN,
	O_OPTIMIZER,
	O_MOMENTUM,
	O_NESTEROV,
	O_WD,
	O_BETAS,
	O_EPS,
	O_BATCH,
	O_INIT_LR,
	O_MAX_LR,
	O_ITERS,
	O_LINEAR,
	O_SEED,
	O_THREADS,
	O_LOG,
	O_SMOOTH,
	O_DIVERGE,
	O_FIT,
	O_POLICY,
	O_EPOCHS,
	O_BASE_LR,
	O_STEP_SIZE,
	O_PCT,
	O_DIV,
	O_FDIV,
	O_THREE,
	O_NO_CYCLE,
	O_QUIET,
	O_JSON,
	O_CSV,
	O_METHOD,
	O_GNUPLOT,
	O_PLOT,
	O_SLOPE,
	O_VERBOSE,
	O_NO_PROGRESS,
	O_HELP,
	O_COUNT
};

enum { RANGE = 1, FIT = 2, BOTH = 3 };

/* Each long option, its letter, whether it takes a value, its modes (use). */
static const struct cli_opt opts[O_COUNT] = {
	[O_DATA] = { "data", 0, true, BOTH },
	[O_LABEL_COL] = { "label-col", 0, true, BOTH },
	[O_HOLDOUT] = { "holdout", 0, true, BOTH },
	[O_HIDDEN] = { "hidden", 0, true, BOTH },
	[O_OPTIMIZER] = { "optimizer", 0, true, BOTH },
	[O_MOMENTUM] = { "momentum", 0, true, BOTH },
	[O_NESTEROV] = { "nesterov", 0, false, BOTH },
	[O_WD] = { "weight-decay", 0, true, BOTH },
	[O_BETAS] = { "betas", 0, true, BOTH },
	[O_EPS] = { "eps", 0, true, BOTH },
	[O_BATCH] = { "batch", 0, true, BOTH },
	[O_INIT_LR] = { "init-lr", 0, true, BOTH },
	[O_MAX_LR] = { "max-lr", 0, true, BOTH },
	[O_ITERS] = { "iters", 0, true, BOTH },
	[O_LINEAR] = { "linear", 0, false, BOTH },
	[O_SEED] = { "seed", 0, true, BOTH },
	[O_THREADS] = { "threads", 0, true, BOTH },
	[O_LOG] = { "log", 0, true, BOTH },
	[O_SMOOTH] = { "smooth", 0, true, BOTH },
	[O_DIVERGE] = { "diverge", 0, true, BOTH },
	[O_FIT] = { "fit", 0, false, BOTH },
	[O_POLICY] = { "policy", 0, true, FIT },
	[O_EPOCHS] = { "epochs", 0, true, FIT },
	[O_BASE_LR] = { "base-lr", 0, true, FIT },
	[O_STEP_SIZE] = { "step-size", 0, true, FIT },
	[O_PCT] = { "pct-start", 0, true, FIT },
	[O_DIV] = { "div-factor", 0, true, FIT },
	[O_FDIV] = { "final-div-factor", 0, true, FIT },
	[O_THREE] = { "three-phase", 0, false, FIT },
	[O_NO_CYCLE] = { "no-cycle-momentum", 0, false, FIT },
	[O_QUIET] = { "quiet", 'q', false, BOTH },
	[O_JSON] = { "json", 'j', false, BOTH },
	[O_CSV] = { "csv", 0, false, BOTH },
	[O_METHOD] = { "method", 'm', true, BOTH },
	[O_GNUPLOT] = { "gnuplot", 0, true, RANGE },
	[O_PLOT] = { "plot", 0, true, RANGE },
	[O_SLOPE] = { "slope-panel", 0, false, RANGE },
	[O_VERBOSE] = { "verbose", 'v', false, BOTH },
	[O_NO_PROGRESS] = { "no-progress", 0, false, BOTH },
	[O_HELP] = { "help", 'h', false, BOTH },
};

static const struct cli_syntax syntax = { .name = "train",
	.opts = opts,
	.nopts = O_COUNT,
	.dashdash = true,
	.bundle = true };

static const char help[] =
    "usage: lrfind train [options]          a range test on the built-in MLP\n"
    "       lrfind train --fit [options]    train it with an lr schedule\n"
    "\n"
    "Data (features standardised with the training set's statistics):\n"
    "  --data DIR         MNIST-format IDX files (train-*, t10k-*; plain or .gz)\n"
    "  --data FILE        CSV of numbers, one column the label (0, 1, ...)\n"
    "  --label-col COL    the label column, by name or 1-based number\n"
    "                     (default: label, class, target or y, else the last)\n"
    "  --holdout F        fraction held out as the test set when there is no\n"
    "                     t10k set (0.2)\n"
    "  (no --data: a synthetic task, 10000 samples of 32 features, 10 classes)\n"
    "Model and optimizer:\n"
    "  --hidden LIST      hidden widths, e.g. 256,128, or none (256)\n"
    "  --optimizer NAME   sgd (default), adam or adamw, as torch.optim\n"
    "  --momentum X       SGD momentum (0.9)\n"
    "  --nesterov         Nesterov momentum\n"
    "  --weight-decay X   (0; adamw: 0.01)\n"
    "  --betas B1,B2      Adam's betas (0.9,0.999)\n"
    "  --eps X            Adam's eps (1e-8)\n"
    "  --batch N          batch size (64)\n"
    "  --seed N           seed of the weights, the batches and the split (1)\n"
    "  --threads N        OpenBLAS threads (default: OpenBLAS's choice)\n"
    "Range test (the loss after every batch, lr growing each batch):\n"
    "  --init-lr X        first lr (1e-7)\n"
    "  --max-lr X         the lr the sweep heads for, never reached (10)\n"
    "  --iters N          batches of the sweep (100)\n"
    "  --linear           linear sweep instead of exponential\n"
    "  --smooth BETA      EMA factor of the explosion test (0.98)\n"
    "  --diverge K        stop at K x the best smoothed loss (4)\n"
    "  --log FILE         write the per-batch log, step,lr,loss, as CSV\n"
    "Training (--fit; the test loss and accuracy after every epoch):\n"
    "  --policy P         onecycle (default), triangular, triangular2,\n"
    "                     exp_range or constant\n"
    "  --epochs E         epochs (5)\n"
    "  --max-lr X|auto    the peak lr (constant: the lr); auto (default) runs\n"
    "                     the range test first and takes its bounds\n"
    "  --base-lr X        the cyclical policies' lower bound (max-lr/10)\n"
    "  --step-size N      their half cycle, in batches (half the run)\n"
    "  --pct-start X --div-factor X --final-div-factor X --three-phase\n"
    "                     one-cycle settings (0.3 or A/B, 25, 1e4; auto: 10, 10)\n"
    "  --no-cycle-momentum  keep the momentum constant (so do --momentum\n"
    "                     and --betas)\n"
    "Output:\n"
    "  -q, --quiet        the suggested lr alone (--fit: the last accuracy)\n"
    "  -j, --json         JSON\n"
    "      --csv          the processed curve (--fit: the epochs) as CSV\n"
    "  -m, --method NAME  minimum (default), blend, steep, valley or slide\n"
    "      --gnuplot FILE --plot FILE --slope-panel   as lrfind(1)\n"
    "  -v, --verbose      timing and memory on stderr\n"
    "      --no-progress  no progress bar (drawn only when stderr is a terminal)\n";

struct cmdline {
	const char *val[O_COUNT]; /* text given, "" for a flag, NULL if absent */
};

/* The optimizer's fields (optim_check) as options. */
static const char *const optim_flags[] = { "weight_decay", "--weight-decay",
	"momentum", "--momentum", "nesterov", "--nesterov", "beta1",
	"the first of --betas", "beta2", "the second of --betas", "eps",
	"--eps", NULL };

static const struct cli_name optimizers[] = { { "sgd", OPT_SGD },
	{ "adam", OPT_ADAM }, { "adamw", OPT_ADAMW }, { NULL, 0 } };

/* The value of option id, when given, into *out; 0 or EXIT_USAGE. */
static int
opt_number(const struct cmdline *cl, int id, const struct cli_bounds *b,
    double *out)
{
	return cl->val[id] != NULL ?
	    cli_number(&syntax, id, cl->val[id], b, out) :
	    0;
}

/* The same for a count from lo to hi. */
static int
opt_size(const struct cmdline *cl, int id, unsigned long long lo,
    unsigned long long hi, size_t *out)
{
	unsigned long long v;
	int r;

	if (cl->val[id] == NULL)
		return 0;
	if ((r = cli_count(&syntax, id, cl->val[id], lo, hi, &v)) != 0)
		return r;
	*out = (size_t)v;
	return 0;
}

/* "256,128" or "none". */
static int
get_hidden(const char *s, struct train_opts *to)
{
	static const struct cli_bounds width = { 1, 65536, 0 };
	char what[96];
	double w[MLP_MAX_LAYERS];
	size_t n, i;
	int r;

	to->nhidden = 0;
	if (strcmp(s, "none") == 0)
		return 0;
	snprintf(what, sizeof(what),
	    "widths from 1 to 65536 separated by "
	    "commas, at most %d, or none",
	    MLP_MAX_LAYERS - 1);
	if ((r = cli_list(&syntax, O_HIDDEN, s, what, true, &width, 1,
		 MLP_MAX_LAYERS - 1, w, &n)) != 0)
		return r;
	for (i = 0; i < n; i++)
		to->hidden[i] = (size_t)w[i];
	to->nhidden = n;
	return 0;
}

/* Everything the command line asks for, checked. */
struct setup {
	bool fit;
	struct train_opts to;
	struct sweep sweep;
	struct rt_config rcfg;
	double holdout;
	/* fit */
	struct schedule sched;
	size_t epochs, step_size;
	bool max_auto;
	/* output */
	enum report_format format;
	enum method method;
	bool verbose, progress;
};

/* The optimizer and its settings. */
static int
apply_optimizer(const struct cmdline *cl, struct setup *su)
{
	const char *const *v = cl->val;
	const char *why;
	double betas[2];
	size_t n;
	int r, k = OPT_SGD;

	if (v[O_OPTIMIZER] != NULL &&
	    (r = cli_choice(&syntax, O_OPTIMIZER, v[O_OPTIMIZER], optimizers,
		 &k)) != 0)
		return r;
	train_opts_default(&su->to);
	optim_config_default(&su->to.opt, (enum optim_kind)k);
	if (k == OPT_SGD)
		su->to.opt.momentum = 0.9;
	if (k != OPT_SGD && (v[O_MOMENTUM] != NULL || v[O_NESTEROV] != NULL))
		return cli_usage(&syntax,
		    "--momentum and --nesterov apply to "
		    "sgd; adam's momentum is --betas");
	if (k == OPT_SGD && (v[O_BETAS] != NULL || v[O_EPS] != NULL))
		return cli_usage(&syntax,
		    "--betas and --eps apply to adam "
		    "and adamw");
	if ((r = opt_number(cl, O_MOMENTUM, &cli_nonneg,
		 &su->to.opt.momentum)) != 0 ||
	    (r = opt_number(cl, O_WD, &cli_nonneg, &su->to.opt.weight_decay)) !=
		0 ||
	    (r = opt_number(cl, O_EPS, &cli_positive, &su->to.opt.eps)) != 0)
		return r;
	su->to.opt.nesterov = v[O_NESTEROV] != NULL;
	if (v[O_BETAS] != NULL) {
		if ((r = cli_list(&syntax, O_BETAS, v[O_BETAS],
			 "two numbers in [0, 1), B1,B2", false, &cli_ema, 2, 2,
			 betas, &n)) != 0)
			return r;
		su->to.opt.beta1 = betas[0];
		su->to.opt.beta2 = betas[1];
	}
	if ((why = optim_check(&su->to.opt)) != NULL) {
		char msg[256];

		return cli_usage(&syntax, "%s",
		    fields_map(msg, sizeof(msg), why, optim_flags));
	}
	return 0;
}

/* The model, the data, the run, and the range test (also --fit's with
 * --max-lr auto). */
static int
apply_run(const struct cmdline *cl, struct setup *su)
{
	const char *const *v = cl->val;
	unsigned long long u;
	int r;

	if (v[O_HIDDEN] != NULL && (r = get_hidden(v[O_HIDDEN], &su->to)) != 0)
		return r;
	if ((r = opt_size(cl, O_BATCH, 1, 1u << 20, &su->to.batch)) != 0)
		return r;
	if (v[O_SEED] != NULL) {
		if ((r = cli_count(&syntax, O_SEED, v[O_SEED], 0, UINT64_MAX,
			 &u)) != 0)
			return r;
		su->to.seed = u;
	}
	if (v[O_THREADS] != NULL) {
		if ((r = cli_count(&syntax, O_THREADS, v[O_THREADS], 1, 256,
			 &u)) != 0)
			return r;
		su->to.threads = (int)u;
	}
	su->holdout = 0.2;
	if ((r = opt_number(cl, O_HOLDOUT, &cli_fraction, &su->holdout)) != 0)
		return r;
	if (v[O_LABEL_COL] != NULL && v[O_DATA] == NULL)
		return cli_usage(&syntax, "--label-col needs --data FILE.csv");

	su->sweep.init_lr = 1e-7;
	su->sweep.max_lr = 10;
	su->sweep.iters = 100;
	su->sweep.linear = v[O_LINEAR] != NULL;
	su->sweep.ends = SWEEP_END_EXCLUDED;
	if ((r = opt_number(cl, O_INIT_LR, &cli_positive,
		 &su->sweep.init_lr)) != 0 ||
	    (!su->fit &&
		(r = opt_number(cl, O_MAX_LR, &cli_positive,
		     &su->sweep.max_lr)) != 0) ||
	    (r = opt_size(cl, O_ITERS, 2, CLI_ITERS_MAX, &su->sweep.iters)) !=
		0)
		return r;
	rt_config_default(&su->rcfg);
	if ((r = opt_number(cl, O_SMOOTH, &cli_ema, &su->rcfg.beta)) != 0)
		return r;
	if (v[O_DIVERGE] != NULL &&
	    (r = cli_diverge(&syntax, O_DIVERGE, v[O_DIVERGE],
		 &su->rcfg.diverge)) != 0)
		return r;
	return 0;
}

/* What is printed. */
static int
apply_output(const struct cmdline *cl, struct setup *su)
{
	const char *const *v = cl->val;
	int r, k = ANALYSIS_DEFAULT_METHOD;

	if (v[O_METHOD] != NULL &&
	    (r = cli_choice(&syntax, O_METHOD, v[O_METHOD], cli_methods, &k)) !=
		0)
		return r;
	su->method = (enum method)k;
	if ((v[O_QUIET] != NULL) + (v[O_JSON] != NULL) + (v[O_CSV] != NULL) > 1)
		return cli_usage(&syntax,
		    "-q, --json and --csv cannot be "
		    "combined");
	su->format = v[O_QUIET] != NULL ? REPORT_QUIET :
	    v[O_JSON] != NULL           ? REPORT_JSON :
	    v[O_CSV] != NULL            ? REPORT_CSV :
					  REPORT_TEXT;
	su->verbose = v[O_VERBOSE] != NULL;
	su->progress = v[O_NO_PROGRESS] == NULL && isatty(STDERR_FILENO);
	return 0;
}

/* --fit: the policy and its bounds. */
static int
apply_fit(const struct cmdline *cl, struct setup *su)
{
	/* the policies a fit trains with (a range sweep is no fit) */
	static const struct cli_name fit_policies[] = {
		{ "onecycle", POL_ONECYCLE }, { "triangular", POL_TRIANGULAR },
		{ "triangular2", POL_TRIANGULAR2 },
		{ "exp_range", POL_EXP_RANGE }, { "constant", POL_CONSTANT },
		{ NULL, 0 }
	};
	const char *const *v = cl->val;
	int pol = POL_ONECYCLE, r;

	if (v[O_POLICY] != NULL &&
	    (r = cli_choice(&syntax, O_POLICY, v[O_POLICY], fit_policies,
		 &pol)) != 0)
		return r;
	schedule_default(&su->sched, (enum policy)pol);
	su->epochs = 5;
	if ((r = opt_size(cl, O_EPOCHS, 1, 1000000, &su->epochs)) != 0)
		return r;
	su->max_auto = v[O_MAX_LR] == NULL || strcmp(v[O_MAX_LR], "auto") == 0;
	if (!su->max_auto &&
	    (r = cli_number(&syntax, O_MAX_LR, v[O_MAX_LR], &cli_positive,
		 &su->sched.max_lr)) != 0)
		return r;
	if (v[O_LOG] != NULL && !su->max_auto)
		return cli_usage(&syntax,
		    "--log with --fit writes the range "
		    "test of --max-lr auto; there is none with --max-lr %s",
		    v[O_MAX_LR]);
	if (pol == POL_ONECYCLE && su->max_auto) {
		su->sched.div_factor = 10; /* the analysis's bounds */
		su->sched.final_div_factor = 10;
	}
	if (v[O_BASE_LR] != NULL &&
	    (pol == POL_ONECYCLE || pol == POL_CONSTANT))
		return cli_usage(&syntax,
		    "--base-lr applies to the cyclical "
		    "policies");
	if ((v[O_PCT] != NULL || v[O_DIV] != NULL || v[O_FDIV] != NULL ||
		v[O_THREE] != NULL) &&
	    pol != POL_ONECYCLE)
		return cli_usage(&syntax,
		    "--pct-start, --div-factor, "
		    "--final-div-factor and --three-phase apply to --policy "
		    "onecycle");
	if (v[O_STEP_SIZE] != NULL &&
	    (pol == POL_ONECYCLE || pol == POL_CONSTANT))
		return cli_usage(&syntax,
		    "--step-size applies to the cyclical "
		    "policies");
	su->step_size = 0;
	if ((r = opt_number(cl, O_BASE_LR, &cli_positive,
		 &su->sched.base_lr)) != 0 ||
	    (r = opt_size(cl, O_STEP_SIZE, 1, 1ULL << 40, &su->step_size)) !=
		0 ||
	    (v[O_PCT] != NULL &&
		(r = cli_share(&syntax, O_PCT, v[O_PCT],
		     &su->sched.pct_start)) != 0) ||
	    (r = opt_number(cl, O_DIV, &cli_factor, &su->sched.div_factor)) !=
		0 ||
	    (r = opt_number(cl, O_FDIV, &cli_factor,
		 &su->sched.final_div_factor)) != 0)
		return r;
	su->sched.three_phase = v[O_THREE] != NULL;
	/* a momentum given is kept, as lrfind schedule --momentum keeps it */
	if (v[O_NO_CYCLE] != NULL || v[O_MOMENTUM] != NULL ||
	    v[O_BETAS] != NULL)
		su->sched.cycle_momentum = false;
	return 0;
}

static int
apply_options(const struct cmdline *cl, struct setup *su)
{
	const char *why;
	char msg[256];
	int r, i;

	su->fit = cl->val[O_FIT] != NULL;
	for (i = 0; i < O_COUNT; i++)
		if (cl->val[i] != NULL &&
		    !(opts[i].use & (su->fit ? FIT : RANGE)))
			return cli_usage(&syntax,
			    su->fit ? "--%s applies to a "
				      "range test, not --fit" :
				      "--%s applies to --fit "
				      "only",
			    opts[i].name);
	if ((r = apply_optimizer(cl, su)) != 0 ||
	    (r = apply_run(cl, su)) != 0 || (r = apply_output(cl, su)) != 0)
		return r;
	if (su->fit)
		return apply_fit(cl, su);
	if ((why = sweep_check(&su->sweep)) != NULL)
		return cli_usage(&syntax, "%s",
		    fields_map(msg, sizeof(msg), why, cli_sweep_flags));
	return 0;
}

/* The progress bar on stderr (only when it is a terminal). */
struct progress {
	const char *what;
	double last; /* when it was last drawn */
	bool drawn;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void
progress_draw(void *arg, size_t done, size_t total, double lr, double loss)
{
	struct progress *p = arg;
	char bar[31];
	double t = now();
	size_t fill, i;

	if (done < total && t - p->last < 0.1)
		return;
	p->last = t;
	fill = total > 0 ? done * 30 / total : 30;
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %zu/%zu lr %.3g loss %.4g  ", p->what, bar,
	    done, total, lr, loss);
	fflush(stderr);
	p->drawn = true;
}

static void
progress_clear(struct progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r%79s\r", "");
	p->drawn = false;
}

static void
print_stats(const char *what, const struct train_stats *st, size_t batch)
{
	struct rusage ru;
	double rss = 0;

	if (getrusage(RUSAGE_SELF, &ru) == 0)
		rss = (double)ru.ru_maxrss / 1024; /* KiB on Linux */
	warnx("%s: %zu steps of %zu samples in %.3f s: %.0f samples/s, "
	      "%.2f GFLOP/s, %zu parameters, peak memory %.1f MiB",
	    what, st->steps, batch, st->seconds,
	    st->seconds > 0 ? (double)st->samples / st->seconds : 0,
	    st->seconds > 0 ? st->flops / st->seconds / 1e9 : 0, st->nparam,
	    rss);
}

/* Report a failed training loop; its exit status. */
static int
train_failed(enum train_status ts, const char *err)
{
	switch (ts) {
	case TRAIN_ERR_BLAS:
		warnx("train: %s", err);
		return EXIT_INPUT;
	case TRAIN_ERR_ARG: {
		/* a setting the checks above let through, in the engine's
		 * words: its fields as options */
		char m1[512], m2[512];

		fields_map(m1, sizeof(m1), err, optim_flags);
		return cli_usage(&syntax, "%s",
		    fields_map(m2, sizeof(m2), m1, cli_sweep_flags));
	}
	default:
		warnx("%s", err);
		return EXIT_INPUT;
	}
}

/* Run the range test into rt: 0 or an exit status (reported). */
static int
range_test(const struct setup *su, const struct dataset *train, const char *log,
    struct rangetest *rt)
{
	struct train_stats st;
	struct train_opts to = su->to;
	struct progress pr = { "range test", 0, false };
	enum train_status ts;
	char err[512];

	if (su->progress) {
		to.progress = progress_draw;
		to.progress_arg = &pr;
	}
	rt_init(rt, &su->rcfg);
	if (log != NULL && cli_check_output(log) != 0)
		return EXIT_OUTPUT; /* found before the run, not after */
	ts =
	    train_range_test(&to, &su->sweep, train, rt, &st, err, sizeof(err));
	progress_clear(&pr);
	if (ts != TRAIN_OK)
		return train_failed(ts, err);
	if (su->verbose)
		print_stats("range test", &st, su->to.batch);
	return log != NULL ? cli_write_log(log, rt) : 0;
}

/*
 * The range test's report: the analysis of the run printed through the
 * report module's writers, as for a log, and plotted through cli_plot.
 */
static int
report_range_test(const struct rangetest *rt, const char *name,
    const struct setup *su, const struct cmdline *cl)
{
	struct analysis_config acfg;
	struct analysis an;
	struct report_run rr;
	struct plot_request pq;
	int rc, status = 0, st;

	analysis_config_default(&acfg);
	acfg.iters = su->sweep.iters;
	if (analysis_run(&an, rt, &acfg) != 0) {
		warnx("out of memory");
		return EXIT_INPUT;
	}
	memset(&rr, 0, sizeof(rr));
	rr.name = name;
	rr.rt = rt;
	rr.an = &an;
	rr.lr = NULL;
	rr.acfg = &acfg;
	rr.method = su->method;
	rr.fields = cli_run_flags;
	if (!an.sug[su->method].ok) {
		warnx("%s: no %s suggestion: %s", name, method_name(su->method),
		    an.sug[su->method].why);
		status = EXIT_NOANSWER;
	}
	rc = report_write(stdout, su->format, &rr, 1);
	if (cli_finish_stdout() != 0 || rc != 0)
		status = EXIT_OUTPUT;
	if (status != EXIT_OUTPUT &&
	    (cl->val[O_GNUPLOT] != NULL || cl->val[O_PLOT] != NULL)) {
		pq.runs = &rr;
		pq.n = 1;
		pq.script = cl->val[O_GNUPLOT];
		pq.render = cl->val[O_PLOT];
		pq.slope_panel = cl->val[O_SLOPE] != NULL;
		if ((st = cli_plot(&pq)) != 0 && status == 0)
			status = st;
	}
	analysis_free(&an);
	return status;
}

/* --fit: the epochs as they come. */
struct fit_out {
	const struct setup *su;
	struct progress *pr;
	size_t n; /* epochs printed */
	double last_acc;
	bool diverged;
	int status;
};

static int
on_epoch(void *arg, const struct train_epoch *e)
{
	struct fit_out *fo = arg;

	struct report_epoch re = { e->epoch, e->lr, e->train_loss, e->test_loss,
		e->test_acc };

	progress_clear(fo->pr);
	report_fit_epoch(stdout, fo->su->format, fo->n, &re);
	fo->n++;
	fo->last_acc = e->test_acc;
	fo->diverged = e->diverged;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fo->status = EXIT_OUTPUT;
		return -1;
	}
	return 0;
}

/*
 * --max-lr auto: run the range test and set the schedule's bounds from
 * its analysis (the same rules as lrfind schedule --from).  0, or an exit
 * status (reported).
 */
static int
auto_bounds(struct setup *su, const struct dataset *train,
    const struct cmdline *cl)
{
	struct rangetest rt;
	struct analysis_config acfg;
	struct analysis an;
	struct schedule *s = &su->sched;
	struct bounds b;
	char a[32], c[32], d[32];
	int r;

	if ((r = range_test(su, train, cl->val[O_LOG], &rt)) != 0) {
		rt_free(&rt);
		return r;
	}
	analysis_config_default(&acfg);
	acfg.iters = su->sweep.iters;
	if (analysis_run(&an, &rt, &acfg) != 0) {
		rt_free(&rt);
		warnx("out of memory");
		return EXIT_INPUT;
	}
	r = 0;
	if (bounds_from_analysis(&an, su->method, s->policy, &b) != 0) {
		const struct suggestion *sg = &an.sug[su->method];

		warnx("the range test gives no bounds (%zu points%s%s)", an.m,
		    sg->ok ? "" : ": ", sg->ok ? "" : sg->why);
		r = EXIT_NOANSWER;
		goto out;
	}
	switch (s->policy) {
	case POL_ONECYCLE:
		s->max_lr = b.max_lr;
		if (cl->val[O_DIV] == NULL)
			s->div_factor = b.div_factor;
		if (cl->val[O_FDIV] == NULL)
			s->final_div_factor = b.final_div_factor;
		warnx("range test: %s suggestion %s; one-cycle max_lr %s, "
		      "div_factor %g, final_div_factor %g",
		    method_name(su->method), num_format(a, b.suggestion),
		    num_format(c, s->max_lr), s->div_factor,
		    s->final_div_factor);
		break;
	case POL_CONSTANT:
		s->max_lr = b.lr;
		warnx("range test: %s suggestion %s; constant lr %s",
		    method_name(su->method), num_format(a, b.suggestion),
		    num_format(c, s->max_lr));
		break;
	default:
		s->max_lr = b.max_lr;
		if (cl->val[O_BASE_LR] == NULL)
			s->base_lr = b.base_lr;
		warnx("range test: %s suggestion %s; cyclical lr %s to %s",
		    method_name(su->method), num_format(a, b.suggestion),
		    num_format(c, s->base_lr), num_format(d, s->max_lr));
		break;
	}
out:
	analysis_free(&an);
	rt_free(&rt);
	return r;
}

static int
fit(struct setup *su, const struct dataset *train, const struct dataset *test,
    const struct cmdline *cl)
{
	struct train_stats st;
	struct train_opts to = su->to;
	struct progress pr = { "training", 0, false };
	struct fit_out fo;
	struct schedule *s = &su->sched;
	enum train_status ts;
	const char *why;
	char err[512];
	size_t spe;
	int r;

	spe = train_steps_per_epoch(train, su->to.batch);
	if (spe == 0)
		return cli_usage(&syntax,
		    "--batch %zu is larger than the %zu "
		    "training samples",
		    su->to.batch, train->n);
	if (su->max_auto && (r = auto_bounds(su, train, cl)) != 0)
		return r;
	s->total = su->epochs * spe;
	if (s->policy != POL_ONECYCLE && s->policy != POL_CONSTANT) {
		if (cl->val[O_BASE_LR] == NULL && !su->max_auto)
			s->base_lr = s->max_lr / 10;
		s->step_up = su->step_size > 0 ?
		    su->step_size :
		    (s->total / 2 > 0 ? s->total / 2 : 1);
		s->step_down = 0;
	}
	if (s->policy == POL_CONSTANT)
		s->base_lr = s->max_lr;
	if ((why = schedule_check(s)) != NULL) {
		char total[160], pct[64], msg[512];
		const char *map[] = { "total", total, "pct_start", pct,
			"max_lr", "--max-lr", "base_lr", "--base-lr", "step_up",
			"--step-size", "div_factor", "--div-factor",
			"final_div_factor", "--final-div-factor", "three_phase",
			"--three-phase", "momentum", "--momentum",
			"base_momentum", "the base momentum", "max_momentum",
			"--momentum", NULL };

		/* the fit's length is no option: say what makes it */
		snprintf(total, sizeof(total),
		    "the fit's %zu batches (--epochs "
		    "%zu x %zu batch%s of --batch %zu an epoch)",
		    s->total, su->epochs, spe, spe == 1 ? "" : "es",
		    su->to.batch);
		if (cl->val[O_PCT] != NULL)
			snprintf(pct, sizeof(pct), "--pct-start %s",
			    cl->val[O_PCT]);
		else
			snprintf(pct, sizeof(pct),
			    "--pct-start (%g by default)", s->pct_start);
		return cli_usage(&syntax, "%s",
		    fields_map(msg, sizeof(msg), why, map));
	}
	memset(&fo, 0, sizeof(fo));
	fo.su = su;
	fo.pr = &pr;
	if (su->progress) {
		to.progress = progress_draw;
		to.progress_arg = &pr;
	}
	report_fit_begin(stdout, su->format, policy_name(s->policy), s->max_lr);
	ts = train_fit(&to, s, su->epochs, train, test, on_epoch, &fo, &st, err,
	    sizeof(err));
	progress_clear(&pr);
	if (ts != TRAIN_OK)
		return train_failed(ts, err);
	if (fo.status != 0)
		return fo.status;
	report_fit_end(stdout, su->format, fo.n, fo.last_acc);
	if (su->verbose)
		print_stats("training", &st, su->to.batch);
	if ((r = cli_finish_stdout()) != 0)
		return r;
	if (fo.diverged) {
		warnx("training diverged in epoch %zu (the loss is not finite)",
		    fo.n);
		return EXIT_NOANSWER;
	}
	return 0;
}

int
cli_train(int argc, char **argv)
{
	struct cmdline cl;
	struct setup su;
	struct dataset train, test;
	struct rangetest rt;
	const char *name = "synthetic";
	int r;

	memset(&cl, 0, sizeof(cl));
	memset(&su, 0, sizeof(su));
	if (cli_parse(&syntax, argc, argv, cl.val, NULL, NULL) != 0)
		return EXIT_USAGE;
	if (cl.val[O_HELP] != NULL) {
		fputs(help, stdout);
		return cli_finish_stdout();
	}
	if ((r = apply_options(&cl, &su)) != 0)
		return r;
	if (cli_plot_check(cl.val[O_GNUPLOT], cl.val[O_PLOT], false) != 0)
		return EXIT_USAGE;
	/* no output file may replace the file the report goes to */
	if (outfile_add_stdout(STDOUT_FILENO) != 0) {
		warnx("out of memory");
		return EXIT_INPUT;
	}
	if ((r = cli_load_data(cl.val[O_DATA], cl.val[O_LABEL_COL], su.holdout,
		 su.to.seed, su.fit, &train, &test, &name)) != 0) {
		outfile_forget_inputs();
		return r;
	}
	if (su.to.batch > train.n)
		r = cli_usage(&syntax,
		    "--batch %zu is larger than the %zu "
		    "training samples",
		    su.to.batch, train.n);
	else if (su.fit)
		r = fit(&su, &train, &test, &cl);
	else {
		if ((r = range_test(&su, &train, cl.val[O_LOG], &rt)) == 0)
			r = report_range_test(&rt, name, &su, &cl);
		rt_free(&rt);
	}
	ds_free(&train);
	ds_free(&test);
	outfile_forget_inputs();
	return r;
}
