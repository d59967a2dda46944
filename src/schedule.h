/* schedule.h: learning-rate (and momentum) schedules: range sweep, CLR, one-cycle */
#ifndef LRFIND_SCHEDULE_H
#define LRFIND_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "sweep.h"

/*
 * A schedule is a plain value (it owns nothing): fill it with
 * schedule_default, set the fields, check it with schedule_check, then ask
 * for any iteration with schedule_at.  Formulas follow PyTorch's CyclicLR
 * and OneCycleLR (and Smith's papers); see man/lrfind.1.
 */

enum policy {
	POL_RANGE, /* the range-test sweep (struct sweep) */
	POL_TRIANGULAR,
	POL_TRIANGULAR2,
	POL_EXP_RANGE,
	POL_ONECYCLE, /* PyTorch OneCycleLR, two or three phases */
	POL_CONSTANT
};

enum anneal { ANNEAL_COS, ANNEAL_LINEAR };

struct schedule {
	enum policy policy;
	size_t total; /* iterations in all */
	/* range */
	struct sweep sweep;
	/* cyclical */
	double base_lr, max_lr;
	size_t step_up, step_down; /* step_down 0: same as step_up */
	double gamma; /* exp_range */
	/* one-cycle (max_lr above) */
	double pct_start, div_factor, final_div_factor;
	bool three_phase;
	enum anneal anneal;
	/* momentum */
	bool cycle_momentum;
	double base_momentum, max_momentum;
	double momentum; /* constant momentum when !cycle_momentum */
};

/*
 * PyTorch's defaults where it has them (CyclicLR: step_up 2000, gamma 1,
 * momentum 0.8-0.9; OneCycleLR: pct_start 0.3, div 25, final div 1e4, cos,
 * momentum 0.85-0.95), bckenstler/CLR's bounds base_lr 0.001, max_lr 0.006
 * (also one-cycle's and constant's max_lr), fastai's sweep 1e-7 to 10 with
 * i/n, constant momentum 0.9.  total (and sweep.iters) are 0: set them.
 * Policy constant gives lr = max_lr.
 */
void schedule_default(struct schedule *s, enum policy p);

/* NULL if usable, else a static message naming the bad parameter and its
 * valid range.  Parameters are named by their field in braces, e.g.
 * "{pct_start} times {total} must be at least 2, ..." ({init_lr}, {max_lr},
 * {iters} and {ends} are the sweep's), for each front end to put in its
 * own words (fields_map). */
const char *schedule_check(const struct schedule *s);

/* lr and momentum at iteration it (0-based, it < total). */
void
schedule_at(const struct schedule *s, size_t it, double *lr, double *momentum);

const char *policy_name(enum policy p);
int policy_parse(const char *name, enum policy *p); /* 0 ok, -1 unknown */

#endif
