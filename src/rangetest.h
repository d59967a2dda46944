/* rangetest.h: the online range test: rows in, causal smoothing, explosion */
#ifndef LRFIND_RANGETEST_H
#define LRFIND_RANGETEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A run is pushed one row at a time, as a trainer produces it.  The
 * explosion test, diverge times the best smoothed loss, means nothing for
 * a loss below 0: such a row is refused (RT_ERR_NEGATIVE) unless diverge
 * is off (0 or inf).  Each row's
 * loss goes into a bias-corrected exponential moving average
 *     v_t = beta v_{t-1} + (1 - beta) x_t,   s_t = v_t / (1 - beta^t)
 * (t counted from 1, so s_1 = x_1; fastai's Recorder).  The run explodes at
 * the first row whose loss is not finite or whose s_t exceeds diverge times
 * the lowest s so far.  The exploding row is kept; nothing after it is.
 *
 * Ownership: a struct rangetest is owned by whoever called rt_init and is
 * released with rt_free; the arrays inside it belong to it and stay valid
 * until rt_free (rt_push may move them).
 */

enum rt_status {
	RT_MORE = 0, /* row kept, the test goes on */
	RT_EXPLODED, /* row kept, and it is the explosion: stop */
	RT_ERR_DECREASING, /* the lr went down: row refused */
	RT_ERR_LR, /* lr not finite or not > 0: row refused */
	RT_ERR_NEGATIVE, /* a loss below 0 while diverge is on: refused */
	RT_ERR_NOMEM /* out of memory: row refused */
};

enum rt_reason {
	RT_RUNNING = 0, /* no explosion (yet) */
	RT_DIVERGED, /* smoothed loss > diverge * best */
	RT_NONFINITE /* the loss was nan or inf */
};

/* How the online EMA is seeded and corrected (the peers differ). */
enum rt_ema {
	EMA_BIASCORR, /* fastai and lrfind: s_t = v_t / (1 - beta^t) */
	EMA_SEEDED, /* pytorch-lr-finder: s_0 = x_0, s_t = beta s_{t-1} + (1-beta) x_t */
	EMA_LIGHTNING /* Lightning: v_t / (1 - beta^(t+1)), best set after the test */
};

struct rt_config {
	enum rt_ema ema;
	double beta; /* EMA factor, 0 <= beta < 1 (0: no smoothing) */
	double diverge; /* k > 1; 0 or inf: never stop on divergence */
	bool stop_nonfinite; /* a non-finite loss is an explosion (default true) */
};

struct rangetest {
	struct rt_config cfg;
	size_t n; /* rows kept */
	size_t cap;
	double *lr; /* n learning rates, non-decreasing */
	double *loss; /* n raw losses (the last may be non-finite) */
	int64_t *step; /* n steps, or NULL while step[i] == step0 + i */
	int64_t step0;
	/* online state */
	double avg; /* v_t */
	double corr; /* beta^t (left alone once 1 - beta^t rounds to 1) */
	double smooth; /* s_t of the last row */
	double best; /* lowest s_t so far */
	size_t best_i; /* its row */
	enum rt_reason reason; /* why the run stopped, RT_RUNNING if it did not */
	size_t explode_i; /* the exploding row when reason != RT_RUNNING */
};

void rt_config_default(
    struct rt_config *cfg); /* EMA_BIASCORR, beta 0.98, diverge 4 */
void rt_init(struct rangetest *rt, const struct rt_config *cfg);
void rt_free(struct rangetest *rt);

/* Push one row.  After RT_EXPLODED, further pushes return RT_EXPLODED and keep nothing. */
enum rt_status
rt_push(struct rangetest *rt, int64_t step, double lr, double loss);

/* The step of row i. */
int64_t rt_step(const struct rangetest *rt, size_t i);

/* Recompute the causal smoothed loss of rows 0 .. n-1 into out (n doubles). */
void rt_causal(const struct rangetest *rt, double *out);
/* The causal smoothing of cfg over any n values x (out may be x): what
 * rt_causal does to a run's losses.  Non-finite values pass through. */
void
rt_ema(const struct rt_config *cfg, const double *x, size_t n, double *out);
/* The same in single precision, as fastai's float32 tensors hold it. */
void rt_causal_float(const struct rangetest *rt, float *out);

/*
 * rt_ema a piece at a time: rt_walk_init, then rt_walk on the values in
 * order, in pieces of any length (out may be x); the pieces' outputs are
 * those of one rt_ema over all of them.  The struct is the caller's and
 * holds no pointers.
 */
struct rt_walk {
	struct rt_config cfg;
	double avg, corr, prev;
	size_t t; /* values walked */
	bool settled; /* the bias correction is settled */
};
void rt_walk_init(struct rt_walk *w, const struct rt_config *cfg);
void rt_walk(struct rt_walk *w, const double *x, size_t n, double *out);

#endif
