/* analysis.c: offline analysis of one range-test run: smoothing, suggestions, trust */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "peers.h"
#include "worker.h"

#define NOISE_SAMPLE	16384	/* points used for the noise estimate */

void
analysis_config_default(struct analysis_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->smoother = SMOOTH_ZEROLAG;
	cfg->compat = COMPAT_NONE;
	cfg->skip_start = -1;
	cfg->skip_end = -1;
	cfg->span = 0.05;
	cfg->min_span = 0.02;
	cfg->slide_thresh = 0.005;
	cfg->slide_diff = 15;
}

const char *
method_name(enum method m)
{
	static const char *const names[M_COUNT] = {
		"minimum", "steep", "valley", "slide"
	};

	return m < M_COUNT ? names[m] : "?";
}

int
method_parse(const char *s, enum method *m)
{
	int i;

	for (i = 0; i < M_COUNT; i++)
		if (strcmp(s, method_name((enum method)i)) == 0) {
			*m = (enum method)i;
			return 0;
		}
	return -1;
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case V_HIGH:
		return "high";
	case V_MEDIUM:
		return "medium";
	case V_LOW:
		return "low";
	default:
		return "none";
	}
}

/*
 * The zero-lag smoother: a symmetric two-sided exponential kernel,
 *     s_i = sum_j w^|i-j| x_j / sum_j w^|i-j|,
 * computed in O(n) by a forward and a backward recursion and normalised
 * exactly at the ends.  It has no phase lag: a minimum or a steepest point
 * of the raw curve stays where it is.  w = exp(-1/(span m)): the kernel's
 * time constant is a fixed fraction of the run (5% by default, 2% for the
 * curve that places the minimum: see place_minimum), so the
 * smoothing follows the curve's features, whose width is a share of the
 * sweep, not a number of points.  tests/bench/suggest_bench measures it.
 *
 * The forward weights 1 + w + ... + w^i = (1 - w^(i+1)) / (1 - w) reach
 * 1/(1-w) in double precision once w^(i+1) < 2^-60, after k points; below
 * that, p = w^(i+1) is carried down by division.
 */
struct zl {
	double w, full, p;	/* p: w^min(k, n), where the backward pass starts */
	size_t k;
};

/*
 * One step of the backward pass at point i: out (the forward sum) gets the
 * sum of the points after i and is divided by all the weights; b and bw
 * carry those sums, p the weights missing near the start (i < k).
 */
static inline void
zl_back(const struct zl *z, double xi, size_t i, double *out, double *p,
    double *b, double *bw)
{
	double w = z->w, fw = z->full;

	if (i < z->k) {
		fw = (1 - *p) / (1 - w);
		*p /= w;
	}
	*out = (*out + w * *b) / (fw + w * *bw);
	*b = xi + w * *b;
	*bw = 1 + w * *bw;
}

static void
zl_init(struct zl *z, double span, size_t n)
{
	double tau = fmax(span * (double)n, 0.5);

	z->w = exp(-1 / tau);
	z->full = 1 / (1 - z->w);
	z->k = (size_t)ceil(-60 * log(2) / log(z->w));
	z->p = pow(z->w, (double)(z->k < n ? z->k : n));
}

/*
 * The narrow curve is read only around the minimum (place_minimum), so
 * it is not stored: its two recursions run alongside the wide curve's,
 * whose loops wait on their own chains of multiplications and divisions
 * (the two curves together cost little more than one), and their state
 * is kept every ZL_CHUNK points, from which narrow_argmin recomputes any
 * stretch of the curve, with the same operations in the same order.
 */
#define ZL_CHUNK	4096

struct narrow {
	struct zl z;
	size_t n;
	double *ck;	/* per chunk j: the forward sum before point j ZL_CHUNK,
			 * and b, bw, p after the points from it on */
	double *buf;	/* ZL_CHUNK forward sums */
};

static int
narrow_init(struct narrow *nt, double span, size_t n)
{
	size_t nck = n / ZL_CHUNK + 1;

	zl_init(&nt->z, span, n);
	nt->n = n;
	if ((nt->ck = malloc((4 * nck + ZL_CHUNK) * sizeof(double))) == NULL)
		return -1;
	nt->buf = nt->ck + 4 * nck;
	return 0;
}

/* The wide curve at span into out; the narrow one's checkpoints into nt,
 * unless it is NULL. */
static void
smooth_zerolag(const double *x, size_t n, double span, double *out,
    struct narrow *nt)
{
	struct zl z;
	double w, w2 = 0, f = 0, b = 0, bw = 0, p, f2 = 0, b2 = 0, bw2 = 0, p2 = 0;
	size_t i, k2 = 0, c0, e;

	if (!(span > 0) || n == 0) {
		if (n > 0)
			memcpy(out, x, n * sizeof(*x));
		return;
	}
	zl_init(&z, span, n);
	w = z.w;
	p = z.p;
	if (nt == NULL) {
		/* forward sums: out[i] = sum_{j<=i} w^(i-j) x_j */
		for (i = 0; i < n; i++) {
			f = w * f + x[i];
			out[i] = f;
		}
		/* backward: add sum_{j>i} w^(j-i) x_j, divide by all the
		 * weights */
		for (i = n; i-- > 0;)
			zl_back(&z, x[i], i, &out[i], &p, &b, &bw);
		return;
	}
	/* the same, with the narrow curve's recursions alongside */
	w2 = nt->z.w;
	k2 = nt->z.k;
	p2 = nt->z.p;
	for (c0 = 0; c0 < n; c0 += ZL_CHUNK) {
		e = n - c0 > ZL_CHUNK ? c0 + ZL_CHUNK : n;
		nt->ck[4 * (c0 / ZL_CHUNK)] = f2;
		for (i = c0; i < e; i++) {
			f = w * f + x[i];
			out[i] = f;
			f2 = w2 * f2 + x[i];
		}
	}
	for (c0 = (n - 1) / ZL_CHUNK * ZL_CHUNK;; c0 -= ZL_CHUNK) {
		double *ck = nt->ck + 4 * (c0 / ZL_CHUNK);

		e = n - c0 > ZL_CHUNK ? c0 + ZL_CHUNK : n;
		for (i = e; i-- > c0;) {
			zl_back(&z, x[i], i, &out[i], &p, &b, &bw);
			if (i < k2)
				p2 /= w2;
			b2 = x[i] + w2 * b2;
			bw2 = 1 + w2 * bw2;
		}
		ck[1] = b2;
		ck[2] = bw2;
		ck[3] = p2;
		if (c0 == 0)
			break;
	}
}

/*
 * The first point of [a, b] where the narrow curve is lowest, NaN left
 * out (peers_argmin's choice), or -1 if there is none.  Each chunk is
 * recomputed from its checkpoints: its forward sums, then the backward
 * pass down through it, from the top chunk of [a, b] down.
 */
static long
narrow_argmin(const struct narrow *nt, const double *x, size_t a, size_t b)
{
	const struct zl *z = &nt->z;
	double w = z->w, bv = 0;
	size_t j, i, c0, e;
	long best = -1;

	for (j = b / ZL_CHUNK;; j--) {
		const double *ck = nt->ck + 4 * j;
		double f = ck[0], bb = 0, bw = 0, p = z->p;

		c0 = j * ZL_CHUNK;
		e = nt->n - c0 > ZL_CHUNK ? c0 + ZL_CHUNK : nt->n;
		for (i = c0; i < e; i++) {
			f = w * f + x[i];
			nt->buf[i - c0] = f;
		}
		if (e < nt->n) {
			bb = ck[4 + 1];
			bw = ck[4 + 2];
			p = ck[4 + 3];
		}
		for (i = e; i-- > c0;) {
			double fw = z->full, v;

			if (i < z->k) {
				fw = (1 - p) / (1 - w);
				p /= w;
			}
			v = (nt->buf[i - c0] + w * bb) / (fw + w * bw);
			bb = x[i] + w * bb;
			bw = 1 + w * bw;
			/* going down, <= keeps the first of equal lows */
			if (i >= a && i <= b && !isnan(v) && (best < 0 || v <= bv)) {
				best = (long)i;
				bv = v;
			}
		}
		if (c0 <= a)
			break;
	}
	return best;
}

double
analysis_slope(const double *lr, const double *s, size_t n, size_t i)
{
	size_t a = i, b = i;

	/* the run of points sharing lr[i] (gradient accumulation); a longer
	 * run than ANALYSIS_MAX_RUN has no slope, which keeps this O(1) */
	while (a > 0 && lr[a - 1] == lr[i])
		if (i - --a > ANALYSIS_MAX_RUN)
			return NAN;
	while (b + 1 < n && lr[b + 1] == lr[i])
		if (++b - i > ANALYSIS_MAX_RUN)
			return NAN;
	if (a > 0)
		a--;
	if (b + 1 < n)
		b++;
	if (lr[a] == lr[b])
		return NAN;
	return (s[b] - s[a]) / log10(lr[b] / lr[a]);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
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
	qsort(d, m, sizeof(*d), cmp_double);
	med = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
	for (k = 0; k < m; k++)
		d[k] = fabs(d[k] - med);
	qsort(d, m, sizeof(*d), cmp_double);
	mad = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
	free(d);
	return 1.4826 * mad / sqrt(6);
}

static void
set_sug(struct analysis *an, enum method m, const double *lr, long idx,
    size_t base, double divisor, const char *why)
{
	struct suggestion *s = &an->sug[m];

	if (idx < 0) {
		s->ok = false;
		s->why = why;
		return;
	}
	s->ok = true;
	s->index = base + (size_t)idx;
	s->lr = lr[s->index] / divisor;
}

/* The suggestion window [lo, hi) of a curve of m points. */
static void
choose_window(struct analysis *an, const struct analysis_config *cfg,
    size_t m, size_t def_start, size_t def_end)
{
	size_t s = cfg->skip_start >= 0 ? (size_t)cfg->skip_start : def_start;
	size_t e = cfg->skip_end >= 0 ? (size_t)cfg->skip_end : def_end;

	if (s + e + 2 > m) {
		/* too short to skip anything: use every point */
		an->lo = 0;
		an->hi = m;
		an->warnings |= W_FEW_POINTS;
		return;
	}
	an->lo = s;
	an->hi = m - e;
}

/*
 * The minimum's row.  The wide kernel (span) finds the valley through the
 * noise, but its tails reach into the explosion and pull its lowest point
 * k to lower lr; the narrow curve (min_span) places the minimum, searched
 * from one wide time constant before k to two after it, in the window.
 * tests/bench/suggest_bench measures it.
 */
static size_t
place_minimum(const struct analysis *an, const struct analysis_config *cfg,
    const struct narrow *nt, const double *x, size_t k)
{
	size_t tau = (size_t)(cfg->span * (double)an->m), a, b;
	long j;

	a = k > an->lo + tau ? k - tau : an->lo;
	b = k + 2 * tau < an->hi ? k + 2 * tau : an->hi - 1;
	j = narrow_argmin(nt, x, a, b);
	return j < 0 ? k : (size_t)j;
}

/*
 * The steepest descent over points lo .. last: the first point with the
 * lowest analysis_slope, or -1 if none has a slope; that slope in *bsp.
 * Every point of a run of equal lrs has the same slope, taken across the
 * run's neighbours a and b, so it is computed once per run, with
 * analysis_slope's operations; the points of the run that have it are
 * those within ANALYSIS_MAX_RUN of both its ends, and the first of them,
 * j, is the run's candidate.
 */
static long
steepest(const double *lr, const double *s, size_t m, size_t lo, size_t last,
    double *bsp)
{
	size_t i = lo, ra, rb, j, a, b;
	double bs = 0, g;
	long k = -1;

	while (i <= last) {
		ra = rb = i;
		while (ra > 0 && lr[ra - 1] == lr[i])
			ra--;
		while (rb + 1 < m && lr[rb + 1] == lr[i])
			rb++;
		j = rb - i > ANALYSIS_MAX_RUN ? rb - ANALYSIS_MAX_RUN : i;
		a = ra > 0 ? ra - 1 : ra;
		b = rb + 1 < m ? rb + 1 : rb;
		if (j <= last && j - ra <= ANALYSIS_MAX_RUN && lr[a] != lr[b]) {
			g = (s[b] - s[a]) / log10(lr[b] / lr[a]);
			if (!isnan(g) && (k < 0 || g < bs)) {
				k = (long)j;
				bs = g;
			}
		}
		i = rb + 1;
	}
	*bsp = bs;
	return k;
}

/* minimum and steep: the lrfind pipeline and fastai's differ in curve,
 * window and steep's formula.  nt: the curve that places the minimum,
 * or NULL. */
static void
suggest(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg, const struct narrow *nt)
{
	const double *lr = rt->lr;
	size_t lo = an->lo, n = an->hi - an->lo;
	double bs = 0;
	long k;

	k = peers_argmin(an->smooth + lo, n);
	if (k < 0)
		return;
	an->min_i = lo + (size_t)k;
	if (nt != NULL) {
		an->min_i = place_minimum(an, cfg, nt, rt->loss, an->min_i);
		k = (long)(an->min_i - lo);
	}
	an->min_lr = lr[an->min_i];
	an->min_loss = an->smooth[an->min_i];
	set_sug(an, M_MINIMUM, lr, k, lo, 10, NULL);

	if (cfg->compat == COMPAT_FASTAI)
		k = peers_fastai_steep(lr + lo, an->smooth + lo, n);
	else {
		/* the descent that leads to the minimum: a drop after it,
		 * in the noise of a diverging run, is no advice */
		k = steepest(lr, an->smooth, an->m, lo, an->min_i, &bs);
		if (k >= 0)
			k -= (long)lo;
		/* a curve that only rises has no steepest descent */
		if (k >= 0 && !(bs < 0))
			k = -1;
	}
	set_sug(an, M_STEEP, lr, k, lo, 1, "the loss never falls");
}

/*
 * valley and slide are fastai's rules, tuned to fastai's curve: they read
 * the causal curve in single precision, as fastai does (slide's threshold
 * is an absolute gradient per point, meaningless elsewhere).  space holds
 * rt->n + the window's floats.  On a short run the caller lends the
 * smoothed curve's storage before it is filled, so the rules cost no
 * memory of their own; on a long one (ANALYSIS_PAR_MIN points) they run
 * on a second thread beside the smoothing, in storage of their own, of
 * which only the causal curve and as much of tail[] as the longest
 * decreasing run needs is ever touched (peers_valley): 4 bytes a point
 * on a range test, 8 at most.  They write only sug[M_VALLEY] and
 * sug[M_SLIDE], which nothing reads before the thread is waited for.
 */
#define ANALYSIS_PAR_MIN	65536
static void
fastai_rules(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg, float *space)
{
	size_t lo = an->lo, n = an->hi - an->lo;
	float *causal = space, *tail = space + rt->n;
	long k;

	rt_causal_float(rt, causal);
	k = peers_valley(causal + lo, n, tail);
	set_sug(an, M_VALLEY, rt->lr, k, lo, 1, "too few points");
	k = peers_slide(causal + lo, n, cfg->slide_diff, cfg->slide_thresh);
	set_sug(an, M_SLIDE, rt->lr, k, lo, 1, "needs more points than its lr_diff");
}

struct fastai_job {
	struct analysis *an;
	const struct rangetest *rt;
	const struct analysis_config *cfg;
	float *space;
};

static void
fastai_job(void *arg)
{
	struct fastai_job *j = arg;

	fastai_rules(j->an, j->rt, j->cfg, j->space);
}

/* Wait for the rules' thread, if they have one, and free their storage. */
static void
fastai_end(struct worker *wk, struct fastai_job *job)
{
	if (job->space != NULL) {
		worker_stop(wk);
		free(job->space);
		job->space = NULL;
	}
}

/* pytorch-lr-finder and Lightning give one pick, their steepest gradient. */
static void
suggest_single(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg)
{
	size_t lo = an->lo, n = an->hi - an->lo;
	long k;
	enum method m;

	for (m = 0; m < M_COUNT; m++) {
		an->sug[m].ok = false;
		an->sug[m].why = cfg->compat == COMPAT_LIGHTNING ?
		    "not a rule of Lightning" : "not a rule of pytorch-lr-finder";
	}
	k = peers_argmin(an->smooth + lo, n);
	if (k >= 0) {
		an->min_i = lo + (size_t)k;
		an->min_lr = rt->lr[an->min_i];
		an->min_loss = an->smooth[an->min_i];
	}
	if (cfg->compat == COMPAT_LIGHTNING)
		k = peers_lightning_gradient(rt->lr + lo, an->smooth + lo, n);
	else
		k = peers_index_gradient(an->smooth + lo, n);
	set_sug(an, M_STEEP, rt->lr, k, lo, 1, "too few points");
}

static void
judge(struct analysis *an, const struct rangetest *rt)
{
	double lo_s = INFINITY, hi_s = 0;
	size_t pts = an->hi - an->lo;
	enum method m;
	int nok = 0;

	/* slide often lands at or past the minimum, where no lr to train
	 * with lies: it is reported, but kept out of the spread */
	for (m = 0; m < M_COUNT; m++)
		if (an->sug[m].ok && m != M_SLIDE) {
			nok++;
			lo_s = fmin(lo_s, an->sug[m].lr);
			hi_s = fmax(hi_s, an->sug[m].lr);
		}
	an->spread = nok > 0 ? log10(hi_s / lo_s) : 0;
	an->noise = estimate_noise(rt->loss, an->lo, an->hi);
	an->drop = pts > 0 ? an->smooth[an->lo] - an->min_loss : 0;
	if (!an->exploded)
		an->warnings |= W_NO_EXPLOSION;
	if (pts < 20)
		an->warnings |= W_FEW_POINTS;
	if (pts > 0 && an->min_i - an->lo <= pts / 20)
		an->warnings |= W_NEVER_FELL;
	/* a loss that never fell has its own warning, whatever its noise */
	if (an->drop > 0 && !(an->drop > an->noise))
		an->warnings |= W_NOISY;
	if (an->spread > 1)
		an->warnings |= W_SPREAD;
	if (nok == 0)
		an->verdict = V_NONE;
	else if (an->warnings & (W_NEVER_FELL | W_NOISY | W_FEW_POINTS))
		an->verdict = V_LOW;
	else if (an->exploded && an->drop >= 3 * an->noise && pts >= 50 &&
	    an->spread <= 1)
		an->verdict = V_HIGH;
	else
		an->verdict = V_MEDIUM;
}

int
analysis_run(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg)
{
	size_t m = rt->n, def_start, def_end;
	struct narrow nt, *ntp = NULL;
	struct fastai_job job = { an, rt, cfg, NULL };
	struct worker wk;
	bool few, single;

	memset(an, 0, sizeof(*an));
	an->exploded = rt->reason != RT_RUNNING;
	an->explode_i = rt->explode_i;
	if (m > 0 && !isfinite(rt->loss[m - 1]))
		m--;
	/* fastai drops everything from the first NaN on */
	if (cfg->compat == COMPAT_FASTAI) {
		size_t i;

		for (i = 0; i < m; i++)
			if (isnan(rt->loss[i]))
				break;
		m = i;
	}
	an->m = m;
	/* rt->n + 1 >= m doubles: also room for fastai's rules, which need
	 * rt->n + m floats (see fastai_rules) */
	if ((an->smooth = malloc((rt->n + 1) * sizeof(double))) == NULL)
		return -1;
	switch (cfg->compat) {
	case COMPAT_FASTAI:
		def_start = (cfg->iters ? cfg->iters : rt->n) / 10;
		def_end = 5;
		break;
	case COMPAT_TORCH_LR_FINDER:
		def_start = 10;
		def_end = 5;
		break;
	case COMPAT_LIGHTNING:
		def_start = 10;
		def_end = 1;
		break;
	default:
		def_start = m / 10;
		def_end = 5;
		break;
	}
	if (cfg->compat == COMPAT_NONE || cfg->compat == COMPAT_FASTAI ||
	    cfg->skip_start >= 0 || cfg->skip_end >= 0 || m >= def_start + def_end + 2)
		choose_window(an, cfg, m, def_start, def_end);
	few = an->hi - an->lo < 1 || m < ANALYSIS_MIN_POINTS;
	single = cfg->compat == COMPAT_TORCH_LR_FINDER ||
	    cfg->compat == COMPAT_LIGHTNING;
	if (!few && !single) {
		if (m >= ANALYSIS_PAR_MIN)
			job.space = malloc((rt->n + (an->hi - an->lo)) * sizeof(float));
		if (job.space != NULL) {
			/* if no thread starts, the job runs here and now */
			worker_start(&wk);
			worker_post(&wk, fastai_job, &job);
		} else
			fastai_rules(an, rt, cfg, (float *)an->smooth);
	}
	if (cfg->smoother == SMOOTH_ZEROLAG && cfg->compat == COMPAT_NONE) {
		if (!few && cfg->min_span > 0 && cfg->min_span < cfg->span) {
			if (narrow_init(&nt, cfg->min_span, m) != 0) {
				fastai_end(&wk, &job);
				analysis_free(an);
				return -1;
			}
			ntp = &nt;
		}
		smooth_zerolag(rt->loss, m, cfg->span, an->smooth, ntp);
	} else
		rt_causal(rt, an->smooth);
	if (few) {
		enum method k;

		for (k = 0; k < M_COUNT; k++) {
			an->sug[k].ok = false;
			an->sug[k].why = "too few points: at least 5 are needed";
		}
		an->verdict = V_NONE;
		an->warnings |= W_FEW_POINTS;
		return 0;
	}
	if (single)
		suggest_single(an, rt, cfg);
	else
		suggest(an, rt, cfg, ntp);
	if (ntp != NULL)
		free(nt.ck);
	fastai_end(&wk, &job);		/* valley and slide are in */
	an->clr_max = an->min_lr;
	an->clr_base = an->min_lr / 10;
	an->oc_max = an->min_lr;
	an->oc_div = 10;
	an->oc_final_div = 10;
	judge(an, rt);
	return 0;
}

void
analysis_free(struct analysis *an)
{
	free(an->smooth);
	an->smooth = NULL;
}
