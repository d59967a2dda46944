/* analysis.h: offline analysis of one range-test run: smoothing, suggestions, trust */
#ifndef LRFIND_ANALYSIS_H
#define LRFIND_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "rangetest.h"
#include "worker.h"

/*
 * The analysis reads a finished struct rangetest and computes everything a
 * report needs.  Its curve is the run's rows 0 .. m-1, where m leaves out an
 * exploding row whose loss is not finite.  Suggestions look only at the
 * window [lo, hi) of that curve: skip_start rows at the start, skip_end at
 * the end.
 *
 * Ownership: struct analysis is filled by analysis_run and released with
 * analysis_free; it owns its arrays and borrows nothing from the rangetest
 * (the rangetest must outlive it only if the caller reads rt->lr through it).
 */

/*
 * The suggestion methods.  minimum is the lr at the robust curve's lowest
 * point / 10; blend is log10(lr) three quarters of the way from the
 * lag-free minimum (the zero-lag curve's lowest point) to minimum's lr
 * (the default before minimum: it trains best after one epoch on the
 * outcome benchmark, worse after five; README); steep, valley and slide
 * as the man page says.
 */
enum method { M_MINIMUM, M_BLEND, M_STEEP, M_VALLEY, M_SLIDE, M_COUNT };

/*
 * The default method, what -q prints and what train, drive and schedule
 * take: the seed rule, the lr at the minimum of the robust curve / 10.
 * Chosen by training outcomes (README, "Which lr trains best"): on the
 * 41 configurations no rule was tuned on, it beat blend on five of the
 * six measures (mean, worst, within 1 point; after 1 and 5 epochs) with
 * two seeds; with six, blend wins the three after 1 epoch and minimum
 * the three after 5, nearer a real training.
 */
#define ANALYSIS_DEFAULT_METHOD M_MINIMUM

/* Fewer points on the curve than this, and no suggestion is made. */
#define ANALYSIS_MIN_POINTS 5

/* Which pipeline computes the curve and the suggestions. */
enum compat {
	COMPAT_NONE, /* lrfind: its own curve, d/dlog10(lr) */
	COMPAT_FASTAI,
	COMPAT_TORCH_LR_FINDER, /* davidtvs/pytorch-lr-finder */
	COMPAT_LIGHTNING
};

enum smoother {
	SMOOTH_ROBUST, /* the online EMA over the median of five (default) */
	SMOOTH_ZEROLAG, /* two-sided kernel over the median of five, capped */
	SMOOTH_CAUSAL /* the online EMA over the raw losses, as every peer */
};

struct analysis_config {
	enum smoother smoother;
	enum compat compat;
	double span; /* zero-lag kernel time constant, share of the run */
	long skip_start; /* -1: the default, a tenth of the points */
	long skip_end; /* -1: the default, 5 */
	double slide_thresh; /* fastai slide: 0.005 */
	int slide_diff; /* fastai slide: 15 */
	size_t
	    iters; /* configured number of iterations (fastai's skip), 0 if unknown */
	bool iters_from_rows; /* the lr was rebuilt over the rows read (W_REBUILT) */
	/* -1 (the default): everything a report shows.  A method: the
	 * suggestion of that method alone, what -q prints: sug[only] is what
	 * a whole analysis gives (withheld for the same reasons), and the
	 * rest of struct analysis (the other suggestions, the trust figures,
	 * the verdict, the cycle bounds) is not to be read.  It skips the
	 * curve, fastai's rules and the noise estimate that the method does
	 * not need: a fifth of a run on a 1,000-row log. */
	int only;
	/* NULL, or called by analysis_run, on its thread, as the curve is
	 * made: curve_ready(curve_ctx, k) says that an->m and an->smooth are
	 * set and that an->smooth[0 .. k) holds the curve as it will stay.
	 * k grows from 0 to an->m, and the last call has k = an->m; none
	 * comes if analysis_run fails.  So another thread may format the
	 * curve while the suggestions are worked out, reading an->m,
	 * an->smooth and those points, and nothing else of *an, once the
	 * callback has handed it k (with a lock: the hand-over must order
	 * the memory).  The owner of curve_ctx is the caller. */
	void (*curve_ready)(void *curve_ctx, size_t k);
	void *curve_ctx;
};

/* One suggestion; ok is false when the method has too few points. */
struct suggestion {
	bool ok;
	double lr; /* the suggested lr */
	size_t index; /* the row it comes from */
	const char *why; /* when !ok: static text */
};

enum verdict { V_HIGH, V_MEDIUM, V_LOW, V_NONE };

/* Warning bits */
enum {
	W_NO_EXPLOSION = 1 << 0, /* max_lr may be too low */
	W_NEVER_FELL = 1 << 1, /* init_lr may be too high */
	W_FEW_POINTS = 1 << 2, /* fewer than 20 points in the window */
	W_NOISY = 1 << 3, /* noise larger than the drop */
	W_SPREAD = 1 << 4, /* the methods disagree by more than a decade */
	/* no signal: verdict none, no suggestion */
	W_LR_FIXED = 1 << 5, /* the lr spans under 0.01 decades */
	W_NO_DROP = 1 << 6, /* the smoothed loss never fell */
	W_REBUILT = 1 << 7, /* lr rebuilt over the rows read, not --iters */
	W_LR_IS_STEP = 1 << 8, /* the lr counts 1, 2, 3, ...: a step column? */
	W_STILL_FALLING = 1 << 9, /* no explosion, and the loss had not
					  * turned up from its minimum by its
					  * noise: the minimum may lie further */
	W_STEEP_ABOVE = 1 << 10 /* steep lies above minimum's lr: a higher
				 * lr may train better */
};
/* Below this many decades the lr "does not change". */
#define ANALYSIS_MIN_DECADES 0.01

struct analysis {
	size_t m; /* points on the curve */
	size_t lo, hi; /* suggestion window [lo, hi) */
	double *smooth; /* m smoothed losses (the curve the suggestions use) */
	bool exploded;
	size_t explode_i; /* row of the explosion, if exploded */
	size_t min_i; /* row of the lowest smoothed loss in the window */
	double min_lr, min_loss;
	/* lrfind's pipeline: the lowest points of its two curves in the
	 * window, the robust causal one and the zero-lag one (lag-free),
	 * whatever --smoother shows; has_blend false elsewhere */
	bool has_blend;
	size_t rc_min_i, lf_min_i;
	struct suggestion sug[M_COUNT];
	/* cycle bounds: at the lag-free minimum in lrfind's pipeline, at
	 * the minimum in a peer's */
	double clr_base, clr_max;
	double oc_max, oc_div, oc_final_div;
	/* trust */
	double drop; /* smoothed loss at lo minus the minimum */
	double noise; /* robust sd of raw minus smoothed in the window */
	double spread; /* decades between the extreme suggestions but slide */
	unsigned warnings;
	enum verdict verdict;
};

void analysis_config_default(struct analysis_config *cfg);

/* 0 on success, -1 if out of memory.  Fewer than 2 points is not an error:
 * the suggestions are then !ok and the verdict V_NONE.  On a long run part
 * of the work runs on a second thread, which ends before this returns. */
int analysis_run(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg);
void analysis_free(struct analysis *an);

/*
 * analysis_run on a second thread, its curve handed over as it is made
 * (analysis_config.curve_ready), so that the caller can write the curve
 * while the suggestions are worked out.  analysis_begin starts it and
 * returns once the curve has begun: 0, or -1 when the analysis failed
 * (out of memory) before that.  analysis_wait_curve(b, k), the
 * report_run.wait_curve of such a run, returns once an->smooth[0 .. k) is
 * made.  analysis_end waits for the analysis, stops the thread and
 * returns analysis_run's result; it is called once for every
 * analysis_begin, whatever that returned.  If no thread can be started,
 * the analysis runs whole in analysis_begin.
 *
 * Ownership: struct analysis_beside is the caller's, in use from
 * analysis_begin to analysis_end; an and rt are borrowed for that time,
 * and until analysis_end returns the caller reads only what
 * analysis_config.curve_ready allows of *an.
 */
struct analysis_beside {
	struct worker wk; /* its progress: the points made, plus one */
	struct analysis *an;
	const struct rangetest *rt;
	struct analysis_config cfg;
	int rc;
};

int analysis_begin(struct analysis_beside *b, struct analysis *an,
    const struct rangetest *rt, const struct analysis_config *cfg);
void analysis_wait_curve(void *b, size_t k);
int analysis_end(struct analysis_beside *b);

/* The slope d s / d log10(lr) at point i of n, by central differences over
 * the nearest points whose lr differs; NaN where all lrs are equal, or in a
 * run of more than ANALYSIS_MAX_RUN equal lrs. */
#define ANALYSIS_MAX_RUN 64
double analysis_slope(const double *lr, const double *s, size_t n, size_t i);
/* The same, and in *last the last point (i at the least) up to which
 * analysis_slope gives this very value because it is computed from the
 * same points: the end of i's run of equal lrs, when that run is not
 * longer than ANALYSIS_MAX_RUN. */
double analysis_slope_run(const double *lr, const double *s, size_t n, size_t i,
    size_t *last);

/* The median of x[i-2 .. i+2] (of x[i-1 .. i+1] where only one point
 * lies on a side, x[i] at the ends): the robust input of the zero-lag
 * curve, which also ends before the explosion and is capped, after its
 * lowest point, at diverge times that point. */
double analysis_median5(const double *x, size_t n, size_t i);

const char *method_name(enum method m);
/*
 * The settings of a peer's pipeline (--compat): its EMA, smoothing,
 * explosion threshold and suggestion rule into rc and *m, except the ones
 * given (PRESET_* bits: the user chose them).
 */
#define PRESET_METHOD 1u
#define PRESET_SMOOTH 2u
#define PRESET_DIVERGE 4u
void analysis_compat_preset(enum compat c, struct rt_config *rc, enum method *m,
    unsigned given);

int method_parse(const char *s, enum method *m); /* 0 ok, -1 unknown */
const char *verdict_name(enum verdict v);
const char *smoother_name(enum smoother s); /* robust, zero-lag, causal */

#endif
