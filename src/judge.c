/* judge.c: how far an analysis can be trusted: the noise of the loss, the
 * warnings and the verdict (judge.h) */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "judge.h"

#define NOISE_SAMPLE 16384 /* points used for the noise estimate */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The median of d[0..m) (m > 0), which it reorders: the middle value, or
 * the mean of the two middle ones.  Quickselect finds the upper middle one
 * in O(m): around the median of three, each round moves the values below
 * the pivot to the front and those equal to it after them, without a
 * branch on the data (a sort's comparisons mispredict half the time), and
 * goes on in the part that holds it.  The lower middle one is then the
 * largest to its left.  The values are those a sort would put there, so
 * the median is the same; with a NaN, which orders nothing, the sort
 * decides as it did.
 */
static size_t
move_front(double *d, size_t lo, size_t hi, double p, int eq)
{
	size_t i = lo, j;

	for (j = lo; j < hi; j++) {
		double v = d[j], t = d[i];
		int c = eq ? v == p : v < p;
		uint64_t vb, tb, mask = 0 - (uint64_t)c, x;

		/* swap d[i] and d[j] when c, in bits: no branch */
		memcpy(&vb, &v, sizeof(vb));
		memcpy(&tb, &t, sizeof(tb));
		x = (vb ^ tb) & mask;
		vb ^= x;
		tb ^= x;
		memcpy(&d[j], &vb, sizeof(vb));
		memcpy(&d[i], &tb, sizeof(tb));
		i += (size_t)c;
	}
	return i;
}

static double
median_of(double *d, size_t m)
{
	size_t lo = 0, hi = m, k = m / 2, lt, eq, i;

	for (i = 0; i < m; i++)
		if (isnan(d[i])) {
			qsort(d, m, sizeof(*d), cmp_double);
			return m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
		}
	/* d[lo..hi) holds the k-th smallest, all before lo are below it
	 * and all from hi on above it */
	while (hi - lo > 1) {
		double x = d[lo], y = d[lo + (hi - lo) / 2], z = d[hi - 1];

		/* the median of the three, a value in d[lo..hi) */
		if ((y < x) != (y < z))
			x = y;
		else if ((z < x) != (z < y))
			x = z;
		lt = move_front(d, lo, hi, x, 0);
		eq = move_front(d, lt, hi, x, 1);
		if (k < lt)
			hi = lt;
		else if (k < eq)
			break; /* d[k] == x */
		else
			lo = eq;
	}
	if (m % 2)
		return d[k];
	{
		double below = d[0];

		for (i = 1; i < k; i++)
			below = d[i] > below ? d[i] : below;
		return (below + d[k]) / 2;
	}
}

/*
 * Noise: the robust standard deviation of the loss from batch to batch,
 * 1.4826 * median |d_i - median d| / sqrt(6) over the second differences
 * d_i = x[i+1] - 2 x[i] + x[i-1], which cancel a straight trend, on at most
 * NOISE_SAMPLE evenly spaced points.
 */
static double
estimate_noise(const double *x, size_t lo, size_t hi)
{
	size_t n, k, m, step;
	double *d, med, mad;

	if (lo == 0)
		lo = 1;
	if (hi <= lo + 2)
		return 0;
	n = hi - lo - 1;
	step = n > NOISE_SAMPLE ? n / NOISE_SAMPLE : 1;
	m = n / step;
	if ((d = malloc(m * sizeof(*d))) == NULL)
		return NAN;
	for (k = 0; k < m; k++) {
		size_t i = lo + k * step;

		d[k] = x[i + 1] - 2 * x[i] + x[i - 1];
	}
	med = median_of(d, m);
	for (k = 0; k < m; k++)
		d[k] = fabs(d[k] - med);
	mad = median_of(d, m);
	free(d);
	return 1.4826 * mad / sqrt(6);
}

/* Whole numbers going up by one (a headerless step,loss read as lr,loss)? */
static bool
counts_by_one(const double *lr, size_t n)
{
	size_t i;

	if (n < 3)
		return false;
	for (i = 0; i < n; i++)
		if (lr[i] != floor(lr[i]) || (i > 0 && lr[i] != lr[i - 1] + 1))
			return false;
	return true;
}

/* No signal to read an lr from: every suggestion is withheld, with why. */
static void
withhold(struct analysis *an, const char *why)
{
	enum method m;

	for (m = 0; m < M_COUNT; m++)
		if (an->sug[m].ok) {
			an->sug[m].ok = false;
			an->sug[m].why = why;
		}
	an->has_blend = false;
}

void
analysis_judge(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg)
{
	double lo_s = INFINITY, hi_s = 0;
	size_t pts = an->hi - an->lo;
	enum method m;
	int nok = 0;

	/* slide often lands at or past the minimum, where no lr to train
	 * with lies: it is reported, but kept out of the spread; so is blend,
	 * which is made of the minimum and is no rule of its own */
	for (m = 0; m < M_COUNT; m++)
		if (an->sug[m].ok && m != M_SLIDE && m != M_BLEND) {
			nok++;
			lo_s = fmin(lo_s, an->sug[m].lr);
			hi_s = fmax(hi_s, an->sug[m].lr);
		}
	an->spread = nok > 0 ? log10(hi_s / lo_s) : 0;
	/* the noise only weighs the trust, which cfg->only leaves out */
	an->noise =
	    cfg->only < 0 ? estimate_noise(rt->loss, an->lo, an->hi) : 0;
	an->drop = pts > 0 ? an->smooth[an->lo] - an->min_loss : 0;
	if (!an->exploded) {
		double top = an->min_loss;
		size_t i;

		an->warnings |= W_NO_EXPLOSION;
		/* the test ended while the loss still fell (or had not risen
		 * from its minimum by more than its noise): the lowest point
		 * may lie past the last lr, and a tenth of the lr there is
		 * too low (the outcome benchmark: a test cut at half its
		 * rows regrets 30 points on average; one that turned up, 1) */
		for (i = an->min_i; i < an->hi; i++)
			top = fmax(top, an->smooth[i]);
		if (pts > 0 && !(top - an->min_loss > an->noise))
			an->warnings |= W_STILL_FALLING;
	}
	if (pts < 20)
		an->warnings |= W_FEW_POINTS;
	if (pts > 0 && an->min_i - an->lo <= pts / 20)
		an->warnings |= W_NEVER_FELL;
	/* a loss that never fell has its own warning, whatever its noise */
	if (an->drop > 0 && !(an->drop > an->noise))
		an->warnings |= W_NOISY;
	if (cfg->iters_from_rows)
		an->warnings |= W_REBUILT;
	if (counts_by_one(rt->lr, an->m))
		an->warnings |= W_LR_IS_STEP;
	/* no signal: an lr that does not change (a training log, or a
	 * rebuilt sweep whose --iters is far off), or a loss that never
	 * fell (a constant, or init_lr too high): no suggestion at all */
	if (pts > 0 &&
	    !(log10(rt->lr[an->hi - 1] / rt->lr[an->lo]) >=
		ANALYSIS_MIN_DECADES)) {
		an->warnings |= W_LR_FIXED;
		withhold(an, "the lr does not change");
		nok = 0;
	} else if (pts > 0 &&
	    !(an->drop >
		1e-6 * (fabs(an->smooth[an->lo]) + fabs(an->min_loss)))) {
		an->warnings |= W_NO_DROP;
		withhold(an, "the loss never fell");
		nok = 0;
	}
	if (nok == 0)
		an->spread = 0;
	if (an->spread > 1)
		an->warnings |= W_SPREAD;
	/* the loss falls fastest above minimum's lr: that lr lies on the
	 * shallow start of the descent.  On the outcome benchmark (README)
	 * the best constant lr of such runs lay above it on 64% of them
	 * (elsewhere 40%), and they regretted 2.3 times as much */
	if (an->sug[M_MINIMUM].ok && an->sug[M_STEEP].ok &&
	    an->sug[M_STEEP].lr > an->sug[M_MINIMUM].lr)
		an->warnings |= W_STEEP_ABOVE;
	if (nok == 0)
		an->verdict = V_NONE;
	else if (an->warnings &
	    (W_NEVER_FELL | W_NOISY | W_FEW_POINTS | W_LR_IS_STEP |
		W_STILL_FALLING))
		an->verdict = V_LOW;
	else if (an->exploded && an->drop >= 3 * an->noise && pts >= 50 &&
	    an->spread <= 1 && !(an->warnings & W_STEEP_ABOVE))
		an->verdict = V_HIGH;
	else
		an->verdict = V_MEDIUM;
}
