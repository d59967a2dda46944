/* analysis.c: offline analysis of one range-test run: smoothing, suggestions, trust */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "judge.h"
#include "peers.h"
#include "worker.h"

void
analysis_config_default(struct analysis_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->smoother = SMOOTH_ROBUST;
	cfg->compat = COMPAT_NONE;
	cfg->skip_start = -1;
	cfg->skip_end = -1;
	cfg->span = 0.05;
	cfg->slide_thresh = 0.005;
	cfg->slide_diff = 15;
	cfg->only = -1;
}

const char *
method_name(enum method m)
{
	static const char *const names[M_COUNT] = { "minimum", "blend", "steep",
		"valley", "slide" };

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
smoother_name(enum smoother s)
{
	return s == SMOOTH_ROBUST ? "robust" :
	    s == SMOOTH_ZEROLAG   ? "zero-lag" :
				    "causal";
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
 * The curve the suggestions are read from.  Its input is made robust
 * first, so that neither the explosion nor a lone spike can bend it:
 *  - it ends before the exploding row (analysis_run sets m), so no value
 *    at or after the explosion enters it;
 *  - each loss is replaced by the median of the five around it (three at
 *    the second and second-to-last points, one at the ends: the window
 *    stays centred), which removes any one or two spikes in a row.
 * The default curve (SMOOTH_ROBUST) is the online EMA over that input:
 * causal, so nothing after a point moves it.  Its lag lifts the minimum
 * toward higher lr, and on the outcome benchmark (tests/bench/outcome*)
 * that minimum / 10 trains better than the lag-free one / 10, which is
 * too low.  The zero-lag curve (SMOOTH_ZEROLAG) reads later points too,
 * so its input is also capped after the lowest median at diverge times
 * it (when that is positive): the rise into the explosion cannot lift
 * the valley through the kernel's tail.  robust_at gives that input at
 * point i; it is recomputed in each pass rather than stored (8 bytes a
 * row less).
 */
struct robust {
	const double *x;
	size_t n;
	size_t low; /* lowest median: capping starts after it */
	double cap; /* INFINITY: no cap */
};

/* Plain comparisons (minsd and maxsd), not fmin and fmax, whose NaN rule
 * costs a call each: the curve's losses are finite, since a loss that is
 * not ends the run before them. */
static inline double
lo2(double a, double b)
{
	return b < a ? b : a;
}

static inline double
hi2(double a, double b)
{
	return b > a ? b : a;
}

static inline double
med3(double a, double b, double c)
{
	return hi2(lo2(a, b), lo2(hi2(a, b), c));
}

/* The median of five without sorting: the middle of c and the two values
 * left when the smallest and largest of a, b, d, e are dropped. */
static inline double
med5(double a, double b, double c, double d, double e)
{
	return med3(c, hi2(lo2(a, b), lo2(d, e)), lo2(hi2(a, b), hi2(d, e)));
}

static inline double
median_at(const double *x, size_t n, size_t i)
{
	if (i >= 2 && i + 2 < n)
		return med5(x[i - 2], x[i - 1], x[i], x[i + 1], x[i + 2]);
	if (i >= 1 && i + 1 < n)
		return med3(x[i - 1], x[i], x[i + 1]);
	return x[i];
}

double
analysis_median5(const double *x, size_t n, size_t i)
{
	return median_at(x, n, i);
}

static void
robust_init(struct robust *r, const double *x, size_t n, double diverge)
{
	double lo = INFINITY, v;
	size_t i;

	r->x = x;
	r->n = n;
	r->low = 0;
	r->cap = INFINITY;
	for (i = 0; i < n; i++)
		if ((v = median_at(x, n, i)) < lo) {
			lo = v;
			r->low = i;
		}
	if (lo > 0 && diverge > 1 && isfinite(diverge))
		r->cap = diverge * lo;
}

static inline double
robust_at(const struct robust *r, size_t i)
{
	double v = median_at(r->x, r->n, i);

	return i > r->low && v > r->cap ? r->cap : v;
}

/*
 * The first lowest point of a curve in the window [lo, hi), as peers_argmin
 * finds it (the first value that is not NaN, then the first of anything
 * lower), taken as the curve is written instead of in a pass of its own
 * over it: argmin_up on the points in increasing order, or argmin_down in
 * decreasing order, where a point as low as the best also wins, being
 * earlier.  i is -1 while no point counts.
 */
struct argmin {
	long i;
	double v;
};

static inline void
argmin_up(struct argmin *a, double v, size_t i)
{
	if (a->i < 0 ? !isnan(v) : v < a->v) {
		a->i = (long)i;
		a->v = v;
	}
}

static inline void
argmin_down(struct argmin *a, double v, size_t i)
{
	if (a->i < 0 ? !isnan(v) : v <= a->v) {
		a->i = (long)i;
		a->v = v;
	}
}

/* The first lowest point of c in [lo, hi), relative to lo, or -1. */
static long
window_argmin(const double *c, size_t lo, size_t hi)
{
	return lo < hi ? peers_argmin(c + lo, hi - lo) : -1;
}

/*
 * The zero-lag smoother: a symmetric two-sided exponential kernel,
 *     s_i = sum_j w^|i-j| y_j / sum_j w^|i-j|,
 * over the robust input y, computed in O(n) by a forward and a backward
 * recursion and normalised exactly at the ends.  It has no phase lag: a
 * minimum or a steepest point of the curve stays where it is.
 * w = exp(-1/(span n)): the kernel's time constant is a fixed fraction
 * of the run, so the smoothing follows the curve's features, whose width
 * is a share of the sweep, not a number of points.
 *
 * The forward weights 1 + w + ... + w^i = (1 - w^(i+1)) / (1 - w) reach
 * 1/(1-w) in double precision once w^(i+1) < 2^-60, after k points; below
 * that, p = w^(i+1) is carried down by division.
 */
static long
smooth_zerolag(const struct robust *r, double span, double *out, size_t lo,
    size_t hi)
{
	size_t n = r->n, i, k;
	double tau, w, full, p, f = 0, b = 0, bw = 0, y, fw;
	struct argmin am = { -1, 0 };

	if (n == 0)
		return -1;
	if (!(span > 0)) {
		for (i = 0; i < n; i++)
			out[i] = robust_at(r, i);
		return window_argmin(out, lo, hi);
	}
	tau = fmax(span * (double)n, 0.5);
	w = exp(-1 / tau);
	full = 1 / (1 - w);
	k = (size_t)ceil(-60 * log(2) / log(w));
	p = pow(w, (double)(k < n ? k : n));
	/* forward sums: out[i] = sum_{j<=i} w^(i-j) y_j */
	for (i = 0; i < n; i++) {
		f = w * f + robust_at(r, i);
		out[i] = f;
	}
	/* backward: add sum_{j>i} w^(j-i) y_j, divide by all the weights */
	for (i = n; i-- > 0;) {
		y = robust_at(r, i);
		fw = full;
		if (i < k) {
			fw = (1 - p) / (1 - w);
			p /= w;
		}
		out[i] = (out[i] + w * b) / (fw + w * bw);
		if (i >= lo && i < hi)
			argmin_down(&am, out[i], i);
		b = y + w * b;
		bw = 1 + w * bw;
	}
	return am.i < 0 ? -1 : am.i - (long)lo;
}

double
analysis_slope(const double *lr, const double *s, size_t n, size_t i)
{
	size_t last;

	return analysis_slope_run(lr, s, n, i, &last);
}

double
analysis_slope_run(const double *lr, const double *s, size_t n, size_t i,
    size_t *last)
{
	size_t a = i, b = i;

	/* the run of points sharing lr[i] (gradient accumulation); a longer
	 * run than ANALYSIS_MAX_RUN has no slope, which keeps this O(1) */
	*last = i;
	while (a > 0 && lr[a - 1] == lr[i])
		if (i - --a > ANALYSIS_MAX_RUN)
			return NAN;
	while (b + 1 < n && lr[b + 1] == lr[i])
		if (++b - i > ANALYSIS_MAX_RUN)
			return NAN;
	/* the whole run is a .. b: for each of its points j, j - a and b - j
	 * are at most b - a, so if that is at most ANALYSIS_MAX_RUN the loops
	 * above end at a and b for j too, and what follows is the same */
	if (b - a <= ANALYSIS_MAX_RUN)
		*last = b;
	if (a > 0)
		a--;
	if (b + 1 < n)
		b++;
	if (lr[a] == lr[b])
		return NAN;
	return (s[b] - s[a]) / log10(lr[b] / lr[a]);
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
choose_window(struct analysis *an, const struct analysis_config *cfg, size_t m,
    size_t def_start, size_t def_end)
{
	size_t s = cfg->skip_start >= 0 ? (size_t)cfg->skip_start : def_start;
	size_t e = cfg->skip_end >= 0 ? (size_t)cfg->skip_end : def_end;

	/* s + e + 2 > m, without the sum wrapping for huge s or e */
	if (s > m || e > m || m - s < e + 2) {
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
 * window and steep's formula.  kmin is the curve's lowest point in the
 * window when the curve's pass found it (curve_*), else -2. */
static void
suggest(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg, long kmin)
{
	const double *lr = rt->lr;
	size_t lo = an->lo, n = an->hi - an->lo;
	double bs = 0;
	long k;

	k = kmin != -2 ? kmin : peers_argmin(an->smooth + lo, n);
	if (k < 0)
		return;
	an->min_i = lo + (size_t)k;
	an->min_lr = lr[an->min_i];
	an->min_loss = an->smooth[an->min_i];
	set_sug(an, M_MINIMUM, lr, k, lo, 10, NULL);
	if (cfg->only >= 0 && cfg->only != M_STEEP)
		return;

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
#define ANALYSIS_PAR_MIN 65536
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
	set_sug(an, M_SLIDE, rt->lr, k, lo, 1,
	    "needs more points than its lr_diff");
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
		    "not a rule of Lightning" :
		    "not a rule of pytorch-lr-finder";
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

/*
 * lrfind's two curves, into an->smooth (m points); each returns its first
 * lowest point in the window [an->lo, an->hi), relative to lo, or -1.
 * curve_robust hands its points to shown->curve_ready as they are made
 * when shown is not NULL: when it is the curve shown, made last.
 */
static long
curve_zerolag(struct analysis *an, const struct rangetest *rt, size_t m,
    double span)
{
	struct robust rb;

	robust_init(&rb, rt->loss, m, rt->cfg.diverge);
	return smooth_zerolag(&rb, span, an->smooth, an->lo, an->hi);
}

/* The causal EMA of the medians of five, in blocks that stay in the cache
 * from the medians to the EMA to the minimum: one pass over the memory. */
#define ROBUST_BLOCK 4096
static long
curve_robust(struct analysis *an, const struct rangetest *rt, size_t m,
    const struct analysis_config *shown)
{
	struct rt_walk w;
	struct argmin am = { -1, 0 };
	size_t i, j, e;
	double *c = an->smooth;

	rt_walk_init(&w, &rt->cfg);
	for (i = 0; i < m; i = e) {
		e = m - i > ROBUST_BLOCK ? i + ROBUST_BLOCK : m;
		for (j = i; j < e; j++)
			c[j] = median_at(rt->loss, m, j);
		rt_walk(&w, c + i, e - i, c + i);
		for (j = i > an->lo ? i : an->lo; j < e && j < an->hi; j++)
			argmin_up(&am, c[j], j);
		if (shown != NULL && shown->curve_ready != NULL)
			shown->curve_ready(shown->curve_ctx, e);
	}
	return am.i < 0 ? -1 : am.i - (long)an->lo;
}

/*
 * blend: log10(lr) three quarters of the way from the lag-free minimum
 * (lf, the zero-lag curve's lowest point) to the minimum rule's lr (rc,
 * the robust causal curve's lowest point, / 10); rc and lf are relative
 * to lo, -1 where there is none.  Its row is the first in the window
 * whose lr is nearest in log10(lr), where the plot marks it.
 */
#define BLEND_W 0.75
static void
suggest_blend(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg, long rc, long lf)
{
	struct suggestion *s = &an->sug[M_BLEND];
	size_t a, b, mid;
	double v;

	if (cfg->compat != COMPAT_NONE || rc < 0 || lf < 0) {
		s->ok = false;
		s->why = cfg->compat == COMPAT_NONE ? "too few points" :
						      "not a rule of the peers";
		return;
	}
	an->has_blend = true;
	an->rc_min_i = an->lo + (size_t)rc;
	an->lf_min_i = an->lo + (size_t)lf;
	v = pow(rt->lr[an->rc_min_i] / 10, BLEND_W) *
	    pow(rt->lr[an->lf_min_i], 1 - BLEND_W);
	/* the first row of the window whose lr is >= v, or the one before */
	a = an->lo;
	b = an->hi - 1;
	while (a < b) {
		mid = a + (b - a) / 2;
		if (rt->lr[mid] < v)
			a = mid + 1;
		else
			b = mid;
	}
	if (a > an->lo && log(v / rt->lr[a - 1]) <= log(rt->lr[a] / v))
		a--;
	while (a > an->lo && rt->lr[a - 1] == rt->lr[a])
		a--; /* the first of equal lrs */
	s->ok = true;
	s->lr = v;
	s->index = a;
}

/* How many rows the curve takes: all but a non-finite last one; in
 * fastai's pipeline none from the first NaN on; in lrfind's, none from
 * the exploding row on, whatever its loss. */
static size_t
curve_points(const struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg)
{
	size_t m = rt->n, i;

	if (m > 0 && !isfinite(rt->loss[m - 1]))
		m--;
	if (cfg->compat == COMPAT_FASTAI) {
		for (i = 0; i < m; i++)
			if (isnan(rt->loss[i]))
				break;
		m = i;
	}
	if (cfg->compat == COMPAT_NONE && cfg->smoother != SMOOTH_CAUSAL &&
	    an->exploded && rt->explode_i < m)
		m = rt->explode_i;
	return m;
}

/* Each pipeline's points skipped at the start and the end of the window,
 * when no option says (n rows read, m on the curve). */
static void
default_skips(const struct analysis_config *cfg, size_t n, size_t m,
    size_t *start, size_t *end)
{
	switch (cfg->compat) {
	case COMPAT_FASTAI:
		*start = (cfg->iters ? cfg->iters : n) / 10;
		*end = 5;
		break;
	case COMPAT_TORCH_LR_FINDER:
		*start = 10;
		*end = 5;
		break;
	case COMPAT_LIGHTNING:
		*start = 10;
		*end = 1;
		break;
	default:
		*start = m / 10;
		*end = 5;
		break;
	}
}

int
analysis_run(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg)
{
	size_t m = rt->n, def_start, def_end;
	long lf = -1, rc = -1, kmin = -2;
	struct fastai_job job = { an, rt, cfg, NULL };
	struct worker wk;
	bool few, single;
	/* what cfg->only leaves out: fastai's rules, and the second curve */
	bool rules =
	    cfg->only < 0 || cfg->only == M_VALLEY || cfg->only == M_SLIDE;
	bool both = cfg->only < 0 || cfg->only == M_BLEND;

	memset(an, 0, sizeof(*an));
	an->exploded = rt->reason != RT_RUNNING;
	an->explode_i = rt->explode_i;
	an->m = m = curve_points(an, rt, cfg);
	/* rt->n + 1 >= m doubles: also room for fastai's rules, which need
	 * rt->n + m floats (see fastai_rules) */
	if ((an->smooth = malloc((rt->n + 1) * sizeof(double))) == NULL)
		return -1;
	if (cfg->curve_ready != NULL)
		cfg->curve_ready(cfg->curve_ctx, 0); /* m is set */
	default_skips(cfg, rt->n, m, &def_start, &def_end);
	if (cfg->compat == COMPAT_NONE || cfg->compat == COMPAT_FASTAI ||
	    cfg->skip_start >= 0 || cfg->skip_end >= 0 ||
	    m >= def_start + def_end + 2)
		choose_window(an, cfg, m, def_start, def_end);
	few = an->hi - an->lo < 1 || m < ANALYSIS_MIN_POINTS;
	single = cfg->compat == COMPAT_TORCH_LR_FINDER ||
	    cfg->compat == COMPAT_LIGHTNING;
	if (!few && !single && rules) {
		if (m >= ANALYSIS_PAR_MIN)
			job.space =
			    malloc((rt->n + (an->hi - an->lo)) * sizeof(float));
		if (job.space != NULL) {
			/* if no thread starts, the job runs here and now */
			worker_start(&wk);
			worker_post(&wk, fastai_job, &job);
		} else
			fastai_rules(an, rt, cfg, (float *)an->smooth);
	}
	if (cfg->compat == COMPAT_NONE && !few) {
		/* both of lrfind's curves for blend, the one shown last */
		if (cfg->smoother == SMOOTH_ZEROLAG) {
			if (both)
				rc = curve_robust(an, rt, m, NULL);
			kmin = lf = curve_zerolag(an, rt, m, cfg->span);
		} else {
			if (both)
				lf = curve_zerolag(an, rt, m, cfg->span);
			kmin = rc = curve_robust(an, rt, m,
			    cfg->smoother == SMOOTH_ROBUST ? cfg : NULL);
			if (cfg->smoother == SMOOTH_CAUSAL) {
				rt_causal(rt, an->smooth);
				kmin = -2;
			}
		}
	} else if (cfg->compat == COMPAT_NONE &&
	    cfg->smoother == SMOOTH_ZEROLAG)
		curve_zerolag(an, rt, m, cfg->span);
	else if (cfg->compat == COMPAT_NONE && cfg->smoother == SMOOTH_ROBUST)
		curve_robust(an, rt, m, cfg);
	else
		rt_causal(rt, an->smooth);
	/* the curve is made: nothing writes an->smooth from here on */
	if (cfg->curve_ready != NULL)
		cfg->curve_ready(cfg->curve_ctx, m);
	if (few) {
		enum method k;

		for (k = 0; k < M_COUNT; k++) {
			an->sug[k].ok = false;
			an->sug[k].why =
			    "too few points: at least 5 are needed";
		}
		an->verdict = V_NONE;
		an->warnings |= W_FEW_POINTS;
		return 0;
	}
	if (single)
		suggest_single(an, rt, cfg);
	else
		suggest(an, rt, cfg, kmin);
	suggest_blend(an, rt, cfg, rc, lf);
	fastai_end(&wk, &job); /* valley and slide are in */
	/* the cycles peak where the loss was lowest: in lrfind's pipeline
	 * at the lag-free minimum, not the lagged curve's, which sits where
	 * the loss already rises (one-cycle there trained to 66% on
	 * Fashion-MNIST where the lag-free bound gave 88%) */
	{
		double top = an->has_blend ? rt->lr[an->lf_min_i] : an->min_lr;

		an->clr_max = top;
		an->clr_base = top / 10;
		an->oc_max = top;
	}
	an->oc_div = 10;
	an->oc_final_div = 10;
	analysis_judge(an, rt, cfg);
	return 0;
}

/* analysis_begin's thread: the points made, plus one, as the worker's
 * progress (0 made says that the curve has begun) */
static void
beside_ready(void *b, size_t k)
{
	worker_progress(&((struct analysis_beside *)b)->wk, k + 1);
}

static void
beside_job(void *arg)
{
	struct analysis_beside *b = arg;

	b->rc = analysis_run(b->an, b->rt, &b->cfg);
}

int
analysis_begin(struct analysis_beside *b, struct analysis *an,
    const struct rangetest *rt, const struct analysis_config *cfg)
{
	b->an = an;
	b->rt = rt;
	b->cfg = *cfg;
	b->cfg.curve_ready = beside_ready;
	b->cfg.curve_ctx = b;
	b->rc = 0;
	worker_start(&b->wk); /* else the job runs whole in worker_post */
	worker_post(&b->wk, beside_job, b);
	return worker_await(&b->wk, 1) >= 1 ? 0 : -1;
}

void
analysis_wait_curve(void *b, size_t k)
{
	worker_await(&((struct analysis_beside *)b)->wk, k + 1);
}

int
analysis_end(struct analysis_beside *b)
{
	worker_wait(&b->wk);
	worker_stop(&b->wk);
	return b->rc;
}

void
analysis_free(struct analysis *an)
{
	free(an->smooth);
	an->smooth = NULL;
}

void
analysis_compat_preset(enum compat c, struct rt_config *rc, enum method *m,
    unsigned given)
{
	/* a peer's pipeline brings its own smoothing, threshold and rule */
	switch (c) {
	case COMPAT_FASTAI:
		if (!(given & PRESET_METHOD))
			*m = M_VALLEY;
		rc->stop_nonfinite = false;
		break;
	case COMPAT_TORCH_LR_FINDER:
		rc->ema = EMA_SEEDED;
		if (!(given & PRESET_SMOOTH))
			rc->beta = 0.95;
		if (!(given & PRESET_DIVERGE))
			rc->diverge = 5;
		rc->stop_nonfinite = false;
		if (!(given & PRESET_METHOD))
			*m = M_STEEP;
		break;
	case COMPAT_LIGHTNING:
		rc->ema = EMA_LIGHTNING;
		rc->stop_nonfinite = false;
		if (!(given & PRESET_METHOD))
			*m = M_STEEP;
		break;
	default:
		break;
	}
}
