/* schedule.c: learning-rate (and momentum) schedules: range sweep, CLR, one-cycle */
#include <math.h>
#include <string.h>

#include "schedule.h"
#include "sweep.h"

/*
 * The double nearest to pi, as Python's math.pi (M_PI is not in C17 nor in
 * POSIX without XSI).
 */
#define SCHED_PI 3.14159265358979323846

/* 2^53: iteration numbers up to here are exact in a double. */
#define SCHED_MAX_TOTAL 9007199254740992.0

static const char *const policy_names[] = { [POL_RANGE] = "range",
	[POL_TRIANGULAR] = "triangular",
	[POL_TRIANGULAR2] = "triangular2",
	[POL_EXP_RANGE] = "exp_range",
	[POL_ONECYCLE] = "onecycle",
	[POL_CONSTANT] = "constant" };

#define NPOLICIES (sizeof(policy_names) / sizeof(policy_names[0]))

void
schedule_default(struct schedule *s, enum policy p)
{
	memset(s, 0, sizeof(*s));
	s->policy = p;
	s->total = 0; /* no default length: it must be given */

	/* range: fastai's lr_find bounds, the seed's i/n convention */
	s->sweep.init_lr = 1e-7;
	s->sweep.max_lr = 10;
	s->sweep.iters = 0;
	s->sweep.linear = false;
	s->sweep.ends = SWEEP_END_EXCLUDED;

	/* cyclical: bckenstler/CLR's bounds and PyTorch CyclicLR's shape */
	s->base_lr = 0.001;
	s->max_lr = 0.006;
	s->step_up = 2000;
	s->step_down = 0;
	s->gamma = 1;

	/* one-cycle: PyTorch OneCycleLR's defaults */
	s->pct_start = 0.3;
	s->div_factor = 25;
	s->final_div_factor = 1e4;
	s->three_phase = false;
	s->anneal = ANNEAL_COS;

	/* momentum: CyclicLR's 0.8-0.9, OneCycleLR's 0.85-0.95 */
	s->cycle_momentum = p != POL_RANGE && p != POL_CONSTANT;
	if (p == POL_ONECYCLE) {
		s->base_momentum = 0.85;
		s->max_momentum = 0.95;
	} else {
		s->base_momentum = 0.8;
		s->max_momentum = 0.9;
	}
	s->momentum = 0.9;
}

static bool
positive_lr(double x)
{
	return isfinite(x) && x > 0;
}

static bool
unit_interval(double x)
{
	return x >= 0 && x <= 1; /* false for NaN */
}

/* The end steps of OneCycleLR's phases, as PyTorch computes them. */
static void
onecycle_ends(const struct schedule *s, double end[3], int *nphases)
{
	double t = (double)s->total;

	end[0] = s->pct_start * t - 1;
	if (s->three_phase) {
		end[1] = 2 * s->pct_start * t - 2;
		end[2] = (double)(s->total - 1);
		*nphases = 3;
	} else {
		end[1] = (double)(s->total - 1);
		end[2] = end[1];
		*nphases = 2;
	}
}

static const char *
check_momentum(const struct schedule *s)
{
	bool cycles = s->cycle_momentum && s->policy != POL_RANGE &&
	    s->policy != POL_CONSTANT;

	if (!cycles) {
		if (!unit_interval(s->momentum))
			return "{momentum} must be in [0, 1]";
		return NULL;
	}
	if (!unit_interval(s->base_momentum))
		return "{base_momentum} must be in [0, 1]";
	if (!unit_interval(s->max_momentum))
		return "{max_momentum} must be in [0, 1]";
	if (s->base_momentum > s->max_momentum)
		return "{base_momentum} must not exceed {max_momentum}";
	return NULL;
}

static const char *
check_range(const struct schedule *s)
{
	const struct sweep *sw = &s->sweep;

	if (!positive_lr(sw->init_lr))
		return "{init_lr} must be a finite number > 0";
	if (!isfinite(sw->max_lr) || !(sw->max_lr > sw->init_lr))
		return "{max_lr} must be finite and greater than {init_lr}";
	if (sw->iters < 2)
		return "{iters} must be at least 2 for a range sweep";
	if (sw->ends != SWEEP_END_EXCLUDED && sw->ends != SWEEP_END_INCLUDED)
		return "{ends} must be excluded or included";
	return sweep_check(sw); /* a backstop: the checks above cover it */
}

static const char *
check_cyclic(const struct schedule *s)
{
	if (!positive_lr(s->base_lr))
		return "{base_lr} must be a finite number > 0";
	if (!positive_lr(s->max_lr))
		return "{max_lr} must be a finite number > 0";
	if (s->base_lr > s->max_lr)
		return "{base_lr} must not exceed {max_lr}";
	if (s->step_up < 1)
		return "{step_up} must be at least 1";
	if ((double)s->step_up + (double)s->step_down > SCHED_MAX_TOTAL)
		return "{step_up} plus {step_down} must be at most 2^53";
	if (s->policy == POL_EXP_RANGE && !(s->gamma > 0 && s->gamma <= 1))
		return "{gamma} must be in (0, 1]";
	return NULL;
}

static const char *
check_onecycle(const struct schedule *s)
{
	double end[3];
	int nphases;

	if (!positive_lr(s->max_lr))
		return "{max_lr} must be a finite number > 0";
	if (!(s->pct_start > 0 && s->pct_start < 1))
		return "{pct_start} must be in (0, 1)";
	if (!isfinite(s->div_factor) || !(s->div_factor >= 1))
		return "{div_factor} must be a finite number >= 1";
	if (!isfinite(s->final_div_factor) || !(s->final_div_factor >= 1))
		return "{final_div_factor} must be a finite number >= 1";
	if (!positive_lr(s->max_lr / s->div_factor / s->final_div_factor))
		return "{max_lr} / {div_factor} / {final_div_factor} must be > 0";
	if (s->anneal != ANNEAL_COS && s->anneal != ANNEAL_LINEAR)
		return "{anneal} must be cos or linear";
	/*
	 * Each phase must span at least one iteration; a shorter one would
	 * divide by zero (PyTorch's ZeroDivisionError) or jump.
	 */
	onecycle_ends(s, end, &nphases);
	if (!(end[0] >= 1))
		return "{pct_start} times {total} must be at least 2, "
		       "so that phase 1 lasts one iteration";
	if (nphases == 2 && !(end[1] - end[0] >= 1))
		return "{pct_start} times {total} must be at most {total} minus 1, "
		       "so that phase 2 lasts one iteration";
	if (nphases == 3 && !(end[1] - end[0] >= 1))
		return "{pct_start} times {total} must be at least 2, "
		       "so that phase 2 lasts one iteration";
	if (nphases == 3 && !(end[2] - end[1] >= 1))
		return "{pct_start} must be at most 0.5 with {three_phase}, "
		       "so that phase 3 lasts one iteration";
	return NULL;
}

const char *
schedule_check(const struct schedule *s)
{
	const char *msg;

	if ((unsigned)s->policy >= NPOLICIES)
		return "unknown policy";
	if (s->total < 1)
		return "{total} must be at least 1";
	if ((double)s->total > SCHED_MAX_TOTAL)
		return "{total} must be at most 2^53";
	if ((msg = check_momentum(s)) != NULL)
		return msg;
	switch (s->policy) {
	case POL_RANGE:
		return check_range(s);
	case POL_TRIANGULAR:
	case POL_TRIANGULAR2:
	case POL_EXP_RANGE:
		return check_cyclic(s);
	case POL_ONECYCLE:
		return check_onecycle(s);
	case POL_CONSTANT:
		if (!positive_lr(s->max_lr))
			return "{max_lr} must be a finite number > 0";
		return NULL;
	}
	return "unknown policy";
}

/*
 * PyTorch CyclicLR.get_lr, term for term and in its order of evaluation, so
 * that the results agree to the last bit:
 *     cycle = floor(1 + n/total);  x = 1 + n/total - cycle
 *     scale = x/ratio if x <= ratio else (x - 1)/(ratio - 1)
 *     lr = base + ((max - base)*scale)*f,  m = max_m - ((max_m - base_m)*scale)*f
 * with f = 1, 1/2^(cycle-1) or gamma^n.  Products and sums are kept in
 * separate statements so no compiler contracts them into an FMA.
 */
static void
cyclic_at(const struct schedule *s, size_t it, double *lr, double *mom)
{
	double up = (double)s->step_up;
	double down = s->step_down > 0 ? (double)s->step_down : up;
	double total = up + down;
	double ratio = up / total;
	double n = (double)it;
	double q = n / total;
	double cycle = floor(1 + q);
	double x = 1.0 + q;
	double scale, f, height, amp;

	x = x - cycle;
	if (x <= ratio)
		scale = x / ratio;
	else
		scale = (x - 1) / (ratio - 1);
	switch (s->policy) {
	case POL_TRIANGULAR2:
		f = 1 / pow(2.0, cycle - 1);
		break;
	case POL_EXP_RANGE:
		f = pow(s->gamma, n);
		break;
	default:
		f = 1.0;
		break;
	}
	height = (s->max_lr - s->base_lr) * scale;
	amp = height * f;
	*lr = s->base_lr + amp;
	if (s->cycle_momentum) {
		height = (s->max_momentum - s->base_momentum) * scale;
		amp = height * f;
		*mom = s->max_momentum - amp;
	} else
		*mom = s->momentum;
}

/* OneCycleLR._annealing_cos and _annealing_linear. */
static double
anneal(enum anneal how, double start, double end, double pct)
{
	double a, b;

	if (how == ANNEAL_LINEAR) {
		a = (end - start) * pct;
		return a + start;
	}
	a = SCHED_PI * pct;
	a = cos(a) + 1;
	b = (start - end) / 2.0;
	b = b * a;
	return end + b;
}

/* PyTorch OneCycleLR.get_lr, in its order of evaluation. */
static void
onecycle_at(const struct schedule *s, size_t it, double *lr, double *mom)
{
	double initial = s->max_lr / s->div_factor;
	double minlr = initial / s->final_div_factor;
	double end[3], lr0[3], lr1[3], m0[3], m1[3];
	double step = (double)it, start = 0, pct;
	int i, nphases;

	onecycle_ends(s, end, &nphases);
	lr0[0] = initial;
	lr1[0] = s->max_lr;
	m0[0] = s->max_momentum;
	m1[0] = s->base_momentum;
	if (nphases == 3) {
		lr0[1] = s->max_lr;
		lr1[1] = initial;
		m0[1] = s->base_momentum;
		m1[1] = s->max_momentum;
		lr0[2] = initial;
		lr1[2] = minlr;
		m0[2] = s->max_momentum;
		m1[2] = s->max_momentum;
	} else {
		lr0[1] = s->max_lr;
		lr1[1] = minlr;
		m0[1] = s->base_momentum;
		m1[1] = s->max_momentum;
	}
	for (i = 0; i < nphases - 1; i++) {
		if (step <= end[i])
			break;
		start = end[i];
	}
	pct = (step - start) / (end[i] - start);
	*lr = anneal(s->anneal, lr0[i], lr1[i], pct);
	if (s->cycle_momentum)
		*mom = anneal(s->anneal, m0[i], m1[i], pct);
	else
		*mom = s->momentum;
}

void
schedule_at(const struct schedule *s, size_t it, double *lr, double *momentum)
{
	switch (s->policy) {
	case POL_RANGE:
		*lr = sweep_lr(&s->sweep, it);
		*momentum = s->momentum;
		break;
	case POL_TRIANGULAR:
	case POL_TRIANGULAR2:
	case POL_EXP_RANGE:
		cyclic_at(s, it, lr, momentum);
		break;
	case POL_ONECYCLE:
		onecycle_at(s, it, lr, momentum);
		break;
	case POL_CONSTANT:
	default:
		*lr = s->max_lr;
		*momentum = s->momentum;
		break;
	}
}

const char *
policy_name(enum policy p)
{
	if ((unsigned)p >= NPOLICIES)
		return "unknown";
	return policy_names[p];
}

int
policy_parse(const char *name, enum policy *p)
{
	size_t i;

	for (i = 0; i < NPOLICIES; i++)
		if (strcmp(name, policy_names[i]) == 0) {
			*p = (enum policy)i;
			return 0;
		}
	return -1;
}
