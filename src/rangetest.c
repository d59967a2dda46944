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

/* The smoothed value of loss x as row t (1-based), updating avg and corr. */
static double
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
			*corr = b * b;		/* beta^(t+1) */
		else
			*corr *= b;
		return *avg / (1 - *corr);
	case EMA_BIASCORR:
	default:
		*avg = b * *avg + (1 - b) * x;
		*corr *= b;
		return *avg / (1 - *corr);
	}
}

enum rt_status
rt_push(struct rangetest *rt, int64_t step, double lr, double loss)
{
	double s;
	size_t t;
	bool diverged;

	if (rt->reason != RT_RUNNING)
		return RT_EXPLODED;
	if (!isfinite(lr) || !(lr > 0))
		return RT_ERR_LR;
	if (rt->n > 0 && lr < rt->lr[rt->n - 1])
		return RT_ERR_DECREASING;
	if (rt->n == rt->cap && grow(rt) != 0)
		return RT_ERR_NOMEM;
	if (keep_step(rt, step) != 0)
		return RT_ERR_NOMEM;
	rt->lr[rt->n] = lr;
	rt->loss[rt->n] = loss;
	t = ++rt->n;

	if (!isfinite(loss)) {
		if (rt->cfg.stop_nonfinite) {
			rt->reason = RT_NONFINITE;
			rt->explode_i = t - 1;
			return RT_EXPLODED;
		}
		return RT_MORE;
	}
	s = ema_next(&rt->cfg, &rt->avg, &rt->corr, rt->smooth, t, loss);
	rt->smooth = s;
	diverged = false;
	if (rt->cfg.ema == EMA_LIGHTNING) {
		/* Lightning tests before it lowers best, and only after row 1 */
		if (t > 1 && rt->cfg.diverge > 0 && s > rt->cfg.diverge * rt->best)
			diverged = true;
		if (t == 1 || s < rt->best) {
			rt->best = s;
			rt->best_i = t - 1;
		}
	} else {
		if (s < rt->best) {
			rt->best = s;
			rt->best_i = t - 1;
		}
		if (rt->cfg.diverge > 0 && s > rt->cfg.diverge * rt->best)
			diverged = true;
	}
	if (diverged && isfinite(rt->cfg.diverge)) {
		rt->reason = RT_DIVERGED;
		rt->explode_i = t - 1;
		return RT_EXPLODED;
	}
	return RT_MORE;
}

/* The causal curve into d (doubles) or f (floats), whichever is not NULL. */
static void
causal_walk(const struct rangetest *rt, double *d, float *f)
{
	double avg = 0, corr = 1, prev = 0;
	size_t i;

	for (i = 0; i < rt->n; i++) {
		double x = rt->loss[i], s = x;

		if (isfinite(x))
			s = prev = ema_next(&rt->cfg, &avg, &corr, prev, i + 1, x);
		if (d != NULL)
			d[i] = s;
		else
			f[i] = (float)s;
	}
}

void
rt_causal(const struct rangetest *rt, double *out)
{
	causal_walk(rt, out, NULL);
}

void
rt_causal_float(const struct rangetest *rt, float *out)
{
	causal_walk(rt, NULL, out);
}
