/* rangetest.c: the online range test: rows in, causal smoothing, explosion */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rangetest.h"

void
rt_config_default(struct rt_config *cfg)
{
	cfg->ema = EMA_BIASCORR;
	cfg->beta = 0.98;
	cfg->diverge = 4;
	cfg->stop_nonfinite = true;
}

void
rt_init(struct rangetest *rt, const struct rt_config *cfg)
{
	memset(rt, 0, sizeof(*rt));
	rt->cfg = *cfg;
	rt->corr = 1;
	rt->best = INFINITY;
}

void
rt_free(struct rangetest *rt)
{
	free(rt->lr);
	free(rt->loss);
	free(rt->step);
	rt->lr = rt->loss = NULL;
	rt->step = NULL;
	rt->n = rt->cap = 0;
}

int64_t
rt_step(const struct rangetest *rt, size_t i)
{
	return rt->step != NULL ? rt->step[i] : rt->step0 + (int64_t)i;
}

/*
 * Grow the arrays.  Large blocks come from mmap and realloc moves them with
 * mremap, so growing never holds two copies and untouched capacity is not
 * resident.
 */
static int
grow(struct rangetest *rt)
{
	size_t cap = rt->cap < 1024 ? 1024 : rt->cap * 2;
	double *lr, *loss;
	int64_t *step;

	if (cap > SIZE_MAX / sizeof(double))
		return -1;
	if ((lr = realloc(rt->lr, cap * sizeof(*lr))) == NULL)
		return -1;
	rt->lr = lr;
	if ((loss = realloc(rt->loss, cap * sizeof(*loss))) == NULL)
		return -1;
	rt->loss = loss;
	if (rt->step != NULL) {
		if ((step = realloc(rt->step, cap * sizeof(*step))) == NULL)
			return -1;
		rt->step = step;
	}
	rt->cap = cap;
	return 0;
}

/* Keep a step that does not follow step0 + i: materialise the step array. */
static int
keep_step(struct rangetest *rt, int64_t step)
{
	size_t i;

	if (rt->n == 0) {
		rt->step0 = step;
		return 0;
	}
	if (rt->step == NULL) {
		if (step == rt->step0 + (int64_t)rt->n)
			return 0;
		if ((rt->step = malloc(rt->cap * sizeof(*rt->step))) == NULL)
			return -1;
		for (i = 0; i < rt->n; i++)
			rt->step[i] = rt->step0 + (int64_t)i;
	}
	rt->step[rt->n] = step;
	return 0;
}

/*
 * Once 1 - corr rounds to 1 it stays 1: corr = beta^t only falls when
 * 0 <= beta <= 1.  From then on s_t = v_t / 1 = v_t exactly, so the
 * division is skipped and corr is left where it is (about 2^-54, after
 * some 1,850 rows at beta 0.98).  Multiplying it on would change no result
 * and cost dearly: it sinks through the subnormal numbers, where each
 * multiplication takes a slow microcode path on x86, and for beta > 0.5
 * it never reaches 0 (the least subnormal times beta rounds back to it).
 */
static inline int
corr_settled(double b, double corr)
{
	return b >= 0 && b <= 1 && 1 - corr == 1;
}

/* The smoothed value of loss x as row t (1-based), updating avg and corr. */
static inline double
ema_next(const struct rt_config *cfg, double *avg, double *corr, double prev,
    size_t t, double x)
{
	double b = cfg->beta;

	switch (cfg->ema) {
	case EMA_SEEDED:
		if (t == 1)
			return x;
		return b == 0 ? x : (1 - b) * x + b * prev;
	case EMA_LIGHTNING:
		*avg = b * *avg + (1 - b) * x;
		if (t == 1)
			*corr = b * b; /* beta^(t+1) */
		else if (corr_settled(b, *corr))
			return *avg;
		else
			*corr *= b;
		return *avg / (1 - *corr);
	case EMA_BIASCORR:
	default:
		*avg = b * *avg + (1 - b) * x;
		if (corr_settled(b, *corr))
			return *avg;
		*corr *= b;
		return *avg / (1 - *corr);
	}
}

/* The checks and the storage of a row: RT_MORE when it can be stored. */
static enum rt_status
admit(struct rangetest *rt, int64_t step, double lr)
{
	size_t n = rt->n;

	if (rt->reason != RT_RUNNING)
		return RT_EXPLODED;
	if (!isfinite(lr) || !(lr > 0))
		return RT_ERR_LR;
	if (n > 0 && lr < rt->lr[n - 1])
		return RT_ERR_DECREASING;
	if (n == rt->cap && grow(rt) != 0)
		return RT_ERR_NOMEM;
	if (keep_step(rt, step) != 0)
		return RT_ERR_NOMEM;
	return RT_MORE;
}

enum rt_status
rt_push(struct rangetest *rt, int64_t step, double lr, double loss)
{
	/* the state in locals: stores through rt->lr and rt->step would
	 * otherwise make the compiler read it back from memory */
	size_t n = rt->n, t = n + 1;
	double s, avg, corr, best, k = rt->cfg.diverge;
	bool diverged;

	/* the usual row passes admit's checks on its own: the run goes on,
	 * the lr is finite and not below the last (> 0), there is room and
	 * the step follows the last */
	if (!(rt->reason == RT_RUNNING && n > 0 && n < rt->cap &&
		rt->step == NULL && step == rt->step0 + (int64_t)n &&
		lr >= rt->lr[n - 1] && lr < INFINITY)) {
		enum rt_status st = admit(rt, step, lr);

		if (st != RT_MORE)
			return st;
	}
	if (loss < 0 && k > 0 && isfinite(k))
		return RT_ERR_NEGATIVE;
	rt->lr[n] = lr;
	rt->loss[n] = loss;
	rt->n = t;

	if (!isfinite(loss)) {
		if (rt->cfg.stop_nonfinite) {
			rt->reason = RT_NONFINITE;
			rt->explode_i = n;
			return RT_EXPLODED;
		}
		return RT_MORE;
	}
	avg = rt->avg;
	corr = rt->corr;
	best = rt->best;
	s = ema_next(&rt->cfg, &avg, &corr, rt->smooth, t, loss);
	rt->avg = avg;
	rt->corr = corr;
	rt->smooth = s;
	diverged = false;
	if (rt->cfg.ema == EMA_LIGHTNING) {
		/* Lightning tests before it lowers best, and only after row 1 */
		if (t > 1 && k > 0 && s > k * best)
			diverged = true;
		if (t == 1 || s < best) {
			rt->best = s;
			rt->best_i = n;
		}
	} else {
		if (s < best) {
			rt->best = best = s;
			rt->best_i = n;
		}
		if (k > 0 && s > k * best)
			diverged = true;
	}
	if (diverged && isfinite(k)) {
		rt->reason = RT_DIVERGED;
		rt->explode_i = n;
		return RT_EXPLODED;
	}
	return RT_MORE;
}

void
rt_walk_init(struct rt_walk *w, const struct rt_config *cfg)
{
	w->cfg = *cfg;
	w->avg = 0;
	w->corr = 1;
	w->prev = 0;
	w->t = 0;
	w->settled = false;
}

/*
 * The causal curve into d (doubles) or f (floats), whichever is not NULL:
 * the same steps as rt_push, on local copies of the state.  Once the bias
 * correction is settled (corr_settled) each step is s = v, and a plain
 * loop does the rest.  A walk goes on where the last call stopped.
 */
static void
walk(struct rt_walk *w, const double *loss, size_t n, double *d, float *f)
{
	const struct rt_config cfg = w->cfg;
	double avg = w->avg, corr = w->corr, prev = w->prev, b = cfg.beta;
	size_t i = 0, t0 = w->t;

	if (!w->settled)
		for (; i < n; i++) {
			double x = loss[i], s = x;

			if (isfinite(x)) {
				if (cfg.ema != EMA_SEEDED &&
				    corr_settled(b, corr)) {
					w->settled = true;
					break;
				}
				s = prev = ema_next(&cfg, &avg, &corr, prev,
				    t0 + i + 1, x);
			}
			if (d != NULL)
				d[i] = s;
			else
				f[i] = (float)s;
		}
	if (d != NULL)
		for (; i < n; i++) {
			double x = loss[i];

			if (isfinite(x))
				x = avg = b * avg + (1 - b) * x;
			d[i] = x;
		}
	else
		for (; i < n; i++) {
			double x = loss[i];

			if (isfinite(x))
				x = avg = b * avg + (1 - b) * x;
			f[i] = (float)x;
		}
	w->avg = avg;
	w->corr = corr;
	w->prev = prev;
	w->t = t0 + n;
}

void
rt_walk(struct rt_walk *w, const double *x, size_t n, double *out)
{
	walk(w, x, n, out, NULL);
}

static void
causal_walk(const struct rt_config *cfg, const double *loss, size_t n,
    double *d, float *f)
{
	struct rt_walk w;

	rt_walk_init(&w, cfg);
	walk(&w, loss, n, d, f);
}

void
rt_causal(const struct rangetest *rt, double *out)
{
	causal_walk(&rt->cfg, rt->loss, rt->n, out, NULL);
}

void
rt_ema(const struct rt_config *cfg, const double *x, size_t n, double *out)
{
	causal_walk(cfg, x, n, out, NULL);
}

void
rt_causal_float(const struct rangetest *rt, float *out)
{
	causal_walk(&rt->cfg, rt->loss, rt->n, NULL, out);
}
