/* cli_schedule.c: `lrfind schedule POLICY`: the lr and momentum of every iteration, as CSV */
#include <err.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "bounds.h"
#include "cli.h"
#include "logread.h"
#include "numparse.h"
#include "rangetest.h"
#include "schedule.h"
#include "sweep.h"

enum opt_id {
	O_ITERS,
	O_EPOCHS,
	O_SPE,
	O_BASE_LR,
	O_MAX_LR,
	O_INIT_LR,
	O_STEP_UP,
	O_STEP_DOWN,
	O_GAMMA,
	O_PCT,
	O_DIV,
	O_FDIV,
	O_THREE,
	O_NO_THREE,
	O_ANNEAL,
	O_BASE_M,
	O_MAX_M,
	O_MOM,
	O_NO_CYCLE,
	O_LINEAR,
	O_ENDS,
	O_FROM,
	O_HELP,
	O_COUNT
};

#define P(p) (1u << (p))
#define P_CLR (P(POL_TRIANGULAR) | P(POL_TRIANGULAR2) | P(POL_EXP_RANGE))
#define P_ALL (P(POL_RANGE) | P_CLR | P(POL_ONECYCLE) | P(POL_CONSTANT))

/*
 * Each long option, its short letter (-h alone, for --help), whether it takes
 * a value, and the policies it applies to (use).
 */
static const struct cli_opt opts[O_COUNT] = {
	[O_ITERS] = { "iters", 0, true, P_ALL },
	[O_EPOCHS] = { "epochs", 0, true, P_ALL },
	[O_SPE] = { "steps-per-epoch", 0, true, P_ALL },
	[O_BASE_LR] = { "base-lr", 0, true, P_CLR | P(POL_CONSTANT) },
	[O_MAX_LR] = { "max-lr", 0, true, P_ALL },
	[O_INIT_LR] = { "init-lr", 0, true, P(POL_RANGE) },
	[O_STEP_UP] = { "step-size-up", 0, true, P_CLR },
	[O_STEP_DOWN] = { "step-size-down", 0, true, P_CLR },
	[O_GAMMA] = { "gamma", 0, true, P(POL_EXP_RANGE) },
	[O_PCT] = { "pct-start", 0, true, P(POL_ONECYCLE) },
	[O_DIV] = { "div-factor", 0, true, P(POL_ONECYCLE) },
	[O_FDIV] = { "final-div-factor", 0, true, P(POL_ONECYCLE) },
	[O_THREE] = { "three-phase", 0, false, P(POL_ONECYCLE) },
	[O_NO_THREE] = { "no-three-phase", 0, false, P(POL_ONECYCLE) },
	[O_ANNEAL] = { "anneal", 0, true, P(POL_ONECYCLE) },
	[O_BASE_M] = { "base-momentum", 0, true, P_CLR | P(POL_ONECYCLE) },
	[O_MAX_M] = { "max-momentum", 0, true, P_CLR | P(POL_ONECYCLE) },
	[O_MOM] = { "momentum", 0, true, P_ALL },
	[O_NO_CYCLE] = { "no-cycle-momentum", 0, false,
	    P_CLR | P(POL_ONECYCLE) },
	[O_LINEAR] = { "linear", 0, false, P(POL_RANGE) },
	[O_ENDS] = { "ends", 0, true, P(POL_RANGE) },
	[O_FROM] = { "from", 0, true,
	    P_CLR | P(POL_ONECYCLE) | P(POL_CONSTANT) },
	[O_HELP] = { "help", 'h', false, P_ALL },
};

static const struct cli_syntax syntax = { .name = "schedule",
	.opts = opts,
	.nopts = O_COUNT,
	.npos = 1,
	.dashdash = true,
	.bundle = true };

/* What the command line said, and what was taken from a log. */
struct cmdline {
	const char *policy;
	const char
	    *val[O_COUNT]; /* the text given, "" for a flag, NULL if absent */
	bool from[O_COUNT]; /* the value came from --from's log */
};

static const char help[] =
    "usage: lrfind schedule POLICY [options]\n"
    "Print the learning rate and momentum of every iteration as CSV:\n"
    "iteration,lr,momentum (header first).\n"
    "\n"
    "Policies (formulas: lrfind(1)):\n"
    "  range        the range-test sweep, init_lr*(max_lr/init_lr)^r\n"
    "  triangular   PyTorch CyclicLR mode=triangular\n"
    "  triangular2  the same, amplitude halved every cycle\n"
    "  exp_range    the same, amplitude times gamma^iteration\n"
    "  onecycle     PyTorch OneCycleLR (two phases; --three-phase: the seed's)\n"
    "  constant     lr = --max-lr\n"
    "\n"
    "Length (one of):\n"
    "  --iters N        N iterations\n"
    "  --epochs E --steps-per-epoch S\n"
    "                   E*S iterations\n"
    "Range:\n"
    "  --init-lr X      first lr (1e-7)\n"
    "  --max-lr X       end of the sweep (10)\n"
    "  --linear         linear instead of exponential\n"
    "  --ends excluded|included\n"
    "                   r = i/n, max_lr never reached (fastai, the default)\n"
    "                   or r = i/(n-1), both ends (pytorch-lr-finder)\n"
    "Cyclical (triangular, triangular2, exp_range):\n"
    "  --base-lr X      lower bound (0.001)\n"
    "  --max-lr X       upper bound (0.006)\n"
    "  --step-size-up N iterations going up (2000)\n"
    "  --step-size-down N\n"
    "                   iterations going down (--step-size-up)\n"
    "  --gamma X        exp_range factor per iteration, in (0, 1] (1)\n"
    "One-cycle:\n"
    "  --max-lr X       peak lr (0.006)\n"
    "  --pct-start X    fraction of the iterations going up, in (0, 1);\n"
    "                   a fraction A/B is accepted (0.3)\n"
    "  --div-factor X   initial lr = max_lr/X (25)\n"
    "  --final-div-factor X\n"
    "                   last lr = initial lr/X (1e4)\n"
    "  --three-phase    up, down to the initial lr, then annihilation\n"
    "  --no-three-phase two phases even with --from\n"
    "  --anneal cos|linear\n"
    "                   shape of each phase (cos)\n"
    "Momentum (cycles opposite to the lr):\n"
    "  --base-momentum X\n"
    "                   low momentum (0.8 cyclical, 0.85 one-cycle)\n"
    "  --max-momentum X high momentum (0.9 cyclical, 0.95 one-cycle)\n"
    "  --no-cycle-momentum\n"
    "                   keep the momentum constant (0.9)\n"
    "  --momentum X     constant momentum X (range and constant: 0.9)\n"
    "Bounds from a range test:\n"
    "  --from LOG       take the lr bounds from the analysis of LOG (a loss\n"
    "                   log, - for stdin), as its report gives them (for\n"
    "                   onecycle: three phases); options given override them\n"
    "\n"
    "Example: the seed article's CIFAR-10 one-cycle, 0.08 to 0.8 over 41\n"
    "epochs, back over 41, then 13 epochs to 0.008, 98 batches an epoch:\n"
    "  lrfind schedule onecycle --three-phase --anneal linear --max-lr 0.8 \\\n"
    "      --div-factor 10 --final-div-factor 10 --pct-start 41/95 \\\n"
    "      --epochs 95 --steps-per-epoch 98\n";

/* Bounds of the numbers (the engine checks them again, and relations). */
static const struct cli_bounds gamma_bounds = { 0, 1, CLI_LO_OPEN };

static const struct cli_name anneal_names[] = { { "cos", ANNEAL_COS },
	{ "linear", ANNEAL_LINEAR }, { NULL, 0 } };

static int
get_double(const struct cmdline *cl, int id, const struct cli_bounds *b,
    double *out)
{
	return cli_number(&syntax, id, cl->val[id], b, out);
}

/* A whole number from lo to 2^53. */
static int
get_count(const struct cmdline *cl, int id, unsigned long long lo, size_t *out)
{
	unsigned long long v;
	int r;

	if ((r = cli_count(&syntax, id, cl->val[id], lo, 1ULL << 53, &v)) != 0)
		return r;
	*out = (size_t)v;
	return 0;
}

/* Append "label value" to the list in msg (size bytes), clamped. */
static void
note(char *msg, size_t size, const char *label, const char *value)
{
	size_t used = strlen(msg);

	if (used + 1 < size)
		snprintf(msg + used, size - used, "%s%s %s", used ? ", " : "",
		    label, value);
}

/*
 * The log reader's fields (logread.h): schedule --from reads a log with the
 * default settings, and has none of those options; lrfind analyze has.
 */
static const char *const reader_flags[] = { "lr_col", "lrfind analyze --lr-col",
	"loss_col", "lrfind analyze --loss-col", "init_lr",
	"lrfind analyze --init-lr", "max_lr", "--max-lr", "iters",
	"lrfind analyze --iters", "diverge", "lrfind analyze --diverge", NULL };

/*
 * Take the bounds the analysis of a range-test log gives (the report's CLR
 * range and one-cycle settings; for constant, the suggested lr) for every
 * field the command line leaves unset.  Returns 0, EXIT_INPUT (unreadable
 * log or no memory) or EXIT_NOANSWER (the log gives no bounds).
 */
static int
take_from_log(struct cmdline *cl, struct schedule *s)
{
	const char *path = cl->val[O_FROM];
	struct logread_opts lo;
	struct logread_result res;
	struct logsource_opts so;
	struct logsource_result sres;
	struct rt_config rc;
	struct rangetest rt;
	struct analysis_config ac;
	struct analysis an;
	struct bounds b;
	char msg[256], num[32];
	int ret = 0;

	logread_opts_default(&lo);
	memset(&so, 0, sizeof(so));
	rt_config_default(&rc);
	rt_init(&rt, &rc);
	if ((ret = cli_read_log(path, &lo, &so, false, &rt, &res, &sres,
		 reader_flags)) != 0) {
		rt_free(&rt);
		return ret;
	}
	analysis_config_default(&ac);
	if (analysis_run(&an, &rt, &ac) != 0) {
		warnx("%s: out of memory", path);
		rt_free(&rt);
		return EXIT_INPUT;
	}

#define TAKE(id, field, value, label) \
	do { \
		if (cl->val[id] == NULL) { \
			(field) = (value); \
			cl->from[id] = true; \
			note(msg, sizeof(msg), (label), \
			    num_format(num, (value))); \
		} \
	} while (0)

	msg[0] = '\0';
	/* schedule has no --method: a constant lr is the default suggestion */
	if (bounds_from_analysis(&an, ANALYSIS_DEFAULT_METHOD, s->policy, &b) !=
	    0)
		goto none;
	switch (s->policy) {
	case POL_ONECYCLE:
		TAKE(O_MAX_LR, s->max_lr, b.max_lr, "max_lr");
		TAKE(O_DIV, s->div_factor, b.div_factor, "div_factor");
		TAKE(O_FDIV, s->final_div_factor, b.final_div_factor,
		    "final_div_factor");
		/* the report's one-cycle is the seed's, in three phases */
		if (cl->val[O_THREE] == NULL && cl->val[O_NO_THREE] == NULL) {
			s->three_phase = true;
			note(msg, sizeof(msg), "three_phase", "true");
		}
		break;
	case POL_CONSTANT:
		if (cl->val[O_BASE_LR] == NULL)
			TAKE(O_MAX_LR, s->max_lr, b.lr, "lr");
		break;
	default:
		TAKE(O_BASE_LR, s->base_lr, b.base_lr, "base_lr");
		TAKE(O_MAX_LR, s->max_lr, b.max_lr, "max_lr");
		break;
	}
#undef TAKE
	if (msg[0] != '\0')
		warnx("from %s: %s%s", path, msg,
		    an.verdict == V_LOW ?
			" (the analysis' verdict is low: see lrfind analyze)" :
			"");
	else
		warnx("from %s: nothing taken, every bound is given", path);
	goto out;
none:
	warnx("%s: no bounds: the analysis found no answer (%zu points)", path,
	    an.m);
	ret = EXIT_NOANSWER;
out:
	analysis_free(&an);
	rt_free(&rt);
	return ret;
}

/* The length, from --iters or --epochs and --steps-per-epoch. */
static int
apply_length(const struct cmdline *cl, struct schedule *s)
{
	const char *const *v = cl->val;
	size_t epochs, spe;
	int r;

	if (v[O_ITERS] != NULL && (v[O_EPOCHS] != NULL || v[O_SPE] != NULL))
		return cli_usage(&syntax,
		    "--iters and --epochs/--steps-per-epoch "
		    "cannot be combined");
	/* a range sweep needs two iterations */
	if (v[O_ITERS] != NULL)
		return get_count(cl, O_ITERS, s->policy == POL_RANGE ? 2 : 1,
		    &s->total);
	if (v[O_EPOCHS] != NULL && v[O_SPE] != NULL) {
		if ((r = get_count(cl, O_EPOCHS, 1, &epochs)) != 0 ||
		    (r = get_count(cl, O_SPE, 1, &spe)) != 0)
			return r;
		if ((double)epochs * (double)spe > 9007199254740992.0)
			return cli_usage(&syntax,
			    "--epochs times "
			    "--steps-per-epoch must be at most 2^53");
		s->total = epochs * spe;
		return 0;
	}
	if (v[O_EPOCHS] != NULL)
		return cli_usage(&syntax, "--epochs needs --steps-per-epoch");
	if (v[O_SPE] != NULL)
		return cli_usage(&syntax, "--steps-per-epoch needs --epochs");
	return cli_usage(&syntax,
	    "no length: give --iters N, or --epochs E "
	    "with --steps-per-epoch S");
}

/* The value of option id, when given, into *out; 0 or EXIT_USAGE. */
static int
opt_double(const struct cmdline *cl, int id, const struct cli_bounds *b,
    double *out)
{
	return cl->val[id] != NULL ? get_double(cl, id, b, out) : 0;
}

/* Apply the options given to s.  0 ok, or EXIT_USAGE (reported). */
static int
apply_options(const struct cmdline *cl, struct schedule *s)
{
	const char *const *v = cl->val;
	int r, k;

	if ((r = apply_length(cl, s)) != 0)
		return r;

	/* learning rates */
	if (s->policy == POL_RANGE) {
		if ((r = opt_double(cl, O_INIT_LR, &cli_positive,
			 &s->sweep.init_lr)) != 0 ||
		    (r = opt_double(cl, O_MAX_LR, &cli_positive,
			 &s->sweep.max_lr)) != 0)
			return r;
		s->sweep.iters = s->total;
		s->sweep.linear = v[O_LINEAR] != NULL;
		if (v[O_ENDS] != NULL) {
			if ((r = cli_choice(&syntax, O_ENDS, v[O_ENDS],
				 cli_ends, &k)) != 0)
				return r;
			s->sweep.ends = (enum sweep_ends)k;
		}
	} else if (s->policy == POL_CONSTANT) {
		if (v[O_BASE_LR] != NULL && v[O_MAX_LR] != NULL)
			return cli_usage(&syntax,
			    "constant takes one lr: "
			    "--max-lr or --base-lr, not both");
		if ((r = opt_double(cl, O_BASE_LR, &cli_positive,
			 &s->max_lr)) != 0 ||
		    (r = opt_double(cl, O_MAX_LR, &cli_positive, &s->max_lr)) !=
			0)
			return r;
	} else if ((r = opt_double(cl, O_BASE_LR, &cli_positive,
			&s->base_lr)) != 0 ||
	    (r = opt_double(cl, O_MAX_LR, &cli_positive, &s->max_lr)) != 0)
		return r;

	/* cyclical */
	if (v[O_STEP_UP] != NULL &&
	    (r = get_count(cl, O_STEP_UP, 1, &s->step_up)) != 0)
		return r;
	if (v[O_STEP_DOWN] != NULL &&
	    (r = get_count(cl, O_STEP_DOWN, 1, &s->step_down)) != 0)
		return r;
	if ((r = opt_double(cl, O_GAMMA, &gamma_bounds, &s->gamma)) != 0)
		return r;

	/* one-cycle */
	if (v[O_PCT] != NULL &&
	    (r = cli_share(&syntax, O_PCT, v[O_PCT], &s->pct_start)) != 0)
		return r;
	if ((r = opt_double(cl, O_DIV, &cli_factor, &s->div_factor)) != 0 ||
	    (r = opt_double(cl, O_FDIV, &cli_factor, &s->final_div_factor)) !=
		0)
		return r;
	if (v[O_THREE] != NULL && v[O_NO_THREE] != NULL)
		return cli_usage(&syntax,
		    "--three-phase and --no-three-phase "
		    "cannot be combined");
	s->three_phase = v[O_THREE] != NULL;
	if (v[O_ANNEAL] != NULL) {
		if ((r = cli_choice(&syntax, O_ANNEAL, v[O_ANNEAL],
			 anneal_names, &k)) != 0)
			return r;
		s->anneal = (enum anneal)k;
	}

	/* momentum */
	if (v[O_MOM] != NULL && (v[O_BASE_M] != NULL || v[O_MAX_M] != NULL))
		return cli_usage(&syntax,
		    "--momentum (constant) cannot be "
		    "combined with --base-momentum or --max-momentum");
	if (v[O_NO_CYCLE] != NULL &&
	    (v[O_BASE_M] != NULL || v[O_MAX_M] != NULL))
		return cli_usage(&syntax,
		    "--no-cycle-momentum cannot be "
		    "combined with --base-momentum or --max-momentum");
	if ((r = opt_double(cl, O_BASE_M, &cli_unit, &s->base_momentum)) != 0 ||
	    (r = opt_double(cl, O_MAX_M, &cli_unit, &s->max_momentum)) != 0 ||
	    (r = opt_double(cl, O_MOM, &cli_unit, &s->momentum)) != 0)
		return r;
	if (v[O_MOM] != NULL || v[O_NO_CYCLE] != NULL)
		s->cycle_momentum = false;
	return 0;
}

/*
 * The fields of a schedule_check message, the option each is, and where
 * its value is (ro: in a range sweep's struct sweep).  A flag has no value.
 */
static const struct field {
	const char *name;
	int id;
	enum { F_DOUBLE, F_SIZE, F_FLAG } kind;
	size_t off, ro;
} fields[] = {
#define F(n, id, k, m, rm) \
	{ \
		n, id, k, offsetof(struct schedule, m), \
		    offsetof(struct schedule, rm) \
	}
	F("momentum", O_MOM, F_DOUBLE, momentum, momentum),
	F("base_momentum", O_BASE_M, F_DOUBLE, base_momentum, base_momentum),
	F("max_momentum", O_MAX_M, F_DOUBLE, max_momentum, max_momentum),
	F("init_lr", O_INIT_LR, F_DOUBLE, sweep.init_lr, sweep.init_lr),
	F("max_lr", O_MAX_LR, F_DOUBLE, max_lr, sweep.max_lr),
	F("base_lr", O_BASE_LR, F_DOUBLE, base_lr, base_lr),
	F("iters", O_ITERS, F_SIZE, total, sweep.iters),
	F("total", O_ITERS, F_SIZE, total, total),
	F("step_up", O_STEP_UP, F_SIZE, step_up, step_up),
	F("step_down", O_STEP_DOWN, F_SIZE, step_down, step_down),
	F("gamma", O_GAMMA, F_DOUBLE, gamma, gamma),
	F("pct_start", O_PCT, F_DOUBLE, pct_start, pct_start),
	F("div_factor", O_DIV, F_DOUBLE, div_factor, div_factor),
	F("final_div_factor", O_FDIV, F_DOUBLE, final_div_factor,
	    final_div_factor),
	F("three_phase", O_THREE, F_FLAG, three_phase, three_phase),
	F("ends", O_ENDS, F_FLAG, sweep.ends, sweep.ends),
	F("anneal", O_ANNEAL, F_FLAG, anneal, anneal),
#undef F
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/*
 * How a message names field f of s: "--name V" as given, "--name V (from
 * LOG)" as taken from the log, "--name (V by default)", or the option
 * alone for a flag.  The length (--epochs and --steps-per-epoch) reads
 * "--epochs E x --steps-per-epoch S".
 */
static void
field_text(const struct cmdline *cl, const struct schedule *s,
    const struct field *f, char *buf, size_t sz)
{
	const char *name = opts[f->id].name, *base = (const char *)s;
	size_t off = s->policy == POL_RANGE ? f->ro : f->off, z;
	char num[32];
	double d;

	if (f->kind == F_FLAG) {
		snprintf(buf, sz, "--%s", name);
		return;
	}
	if (f->id == O_ITERS && cl->val[O_ITERS] == NULL) {
		snprintf(buf, sz,
		    "the %zu iterations (--epochs %s x "
		    "--steps-per-epoch %s)",
		    s->total, cl->val[O_EPOCHS], cl->val[O_SPE]);
		return;
	}
	if (f->kind == F_SIZE) {
		memcpy(&z, base + off, sizeof(z));
		snprintf(num, sizeof(num), "%zu", z);
	} else {
		memcpy(&d, base + off, sizeof(d));
		num_format(num, d);
	}
	if (cl->from[f->id])
		snprintf(buf, sz, "--%s %s (from %s)", name, num,
		    cl->val[O_FROM]);
	else if (cl->val[f->id] != NULL)
		snprintf(buf, sz, "--%s %s", name, cl->val[f->id]);
	else
		snprintf(buf, sz, "--%s (%s by default)", name, num);
}

/* A schedule_check message in the options' words, with their values. */
static void
report_check(const struct cmdline *cl, const struct schedule *s,
    const char *msg)
{
	const char *map[2 * NFIELDS + 1];
	char text[NFIELDS][160], out[1024];
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		field_text(cl, s, &fields[i], text[i], sizeof(text[i]));
		map[2 * i] = fields[i].name;
		map[2 * i + 1] = text[i];
	}
	map[2 * NFIELDS] = NULL;
	cli_usage(&syntax, "%s", fields_map(out, sizeof(out), msg, map));
}

static const char policies[] =
    "range, triangular, triangular2, exp_range, onecycle or constant";

/* An operand that names no policy, and the policy it may be a typo of. */
static int
unknown_policy(const char *name)
{
	const char *names[POL_CONSTANT + 1], *near;
	char shown[256];
	int i;

	for (i = 0; i <= POL_CONSTANT; i++)
		names[i] = policy_name((enum policy)i);
	cli_shown(name, shown, sizeof(shown));
	if ((near = cli_suggest(name, strlen(name), names, POL_CONSTANT + 1)) !=
	    NULL)
		return cli_usage(&syntax,
		    "unknown policy '%s': did you mean "
		    "%s?",
		    shown, near);
	return cli_usage(&syntax, "unknown policy '%s': expected %s", shown,
	    policies);
}

static int
write_rows(const struct schedule *s)
{
	char lr_buf[32], m_buf[32];
	double lr, mom;
	size_t i;

	if (fputs("iteration,lr,momentum\n", stdout) == EOF)
		goto fail;
	for (i = 0; i < s->total; i++) {
		schedule_at(s, i, &lr, &mom);
		if (printf("%zu,%s,%s\n", i, num_format(lr_buf, lr),
			num_format(m_buf, mom)) < 0)
			goto fail;
	}
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
fail:
	warn("writing the schedule");
	return EXIT_OUTPUT;
}

int
cli_schedule(int argc, char **argv)
{
	struct cmdline cl;
	struct schedule s;
	enum policy pol;
	const char *msg;
	int id, r;

	memset(&cl, 0, sizeof(cl));
	if (cli_parse(&syntax, argc, argv, cl.val, &cl.policy, NULL) != 0)
		return EXIT_USAGE;
	if (cl.val[O_HELP] != NULL) {
		if (fputs(help, stdout) == EOF || fflush(stdout) != 0) {
			warn("writing the help");
			return EXIT_OUTPUT;
		}
		return 0;
	}
	if (cl.policy == NULL)
		return cli_usage(&syntax, "no policy: expected %s", policies);
	if (policy_parse(cl.policy, &pol) != 0)
		return unknown_policy(cl.policy);
	for (id = 0; id < O_COUNT; id++)
		if (cl.val[id] != NULL && !(opts[id].use & P(pol)))
			return cli_usage(&syntax, "--%s does not apply to %s",
			    opts[id].name, policy_name(pol));
	schedule_default(&s, pol);
	/* the length and the options first: a usage error is not worth a log read */
	if ((r = apply_options(&cl, &s)) != 0)
		return r;
	if (cl.val[O_FROM] != NULL && (r = take_from_log(&cl, &s)) != 0)
		return r;
	if ((msg = schedule_check(&s)) != NULL) {
		report_check(&cl, &s, msg);
		return EXIT_USAGE;
	}
	return write_rows(&s);
}
