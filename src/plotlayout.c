/* plotlayout.c: where a plot's parts go: axes, thinning, labels, the key */
#include <math.h>
#include <string.h>

#include "plotlayout.h"

/* Several runs: the raw points of a run are thinned to PLOT_MAX_POINTS
 * shared among the runs, but never to fewer than this. */
#define MIN_RAW_CAP 500

/* The plot area of each terminal (struct geom), with one panel and with
 * the loss panel above the slope. */
static const struct geom geoms[2][NGEOM] = {
	{ { 68, 17 }, { 120, 34 } }, /* one panel */
	{ { 68, 20 }, { 120, 32 } } /* loss panel above the slope */
};

size_t
plot_key_lines(size_t n, bool slope_panel)
{
	return n > 1 ? n + 3 + slope_panel : 0;
}

/* Whether one run's lrs grow by equal steps rather than equal ratios:
 * compare the lr at a quarter, half and three quarters of the steps with
 * the arithmetic and the geometric interpolation of the ends. */
static bool
run_is_linear(const struct report_run *r)
{
	const struct rangetest *rt = r->rt;
	double a, b, s0, s1, dl = 0, dg = 0;
	size_t i, q;

	if (r->lr != NULL && r->lr->lr_rebuilt)
		return r->lr->sweep.linear;
	if (rt->n < 3)
		return false;
	a = rt->lr[0];
	b = rt->lr[rt->n - 1];
	if (!(b > a))
		return false;
	s0 = (double)rt_step(rt, 0);
	s1 = (double)rt_step(rt, rt->n - 1);
	if (!(s1 > s0))
		return false;
	for (q = 1; q <= 3; q++) {
		double t, x;

		i = rt->n * q / 4;
		t = ((double)rt_step(rt, i) - s0) / (s1 - s0);
		x = rt->lr[i];
		dl += fabs(log(x) - log(a + t * (b - a)));
		dg += fabs(log(x) - (log(a) + t * (log(b) - log(a))));
	}
	return dl < dg;
}

bool
plot_linear_axis(const struct report_run *runs, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!run_is_linear(&runs[i]))
			return false;
	return true;
}

/* The smoothed curve at lr x, interpolated as the plot draws it. */
static double
curve_at(const struct prun *p, double x, bool linear)
{
	const double *lr = p->r->rt->lr, *s = p->r->an->smooth;
	size_t i, first = p->m, last = p->m;

	for (i = 0; i < p->m; i++)
		if (isfinite(s[i])) {
			if (first == p->m)
				first = i;
			last = i;
		}
	if (first == p->m)
		return NAN;
	if (x <= lr[first])
		return s[first];
	for (i = first; i < last; i++) {
		size_t j = i + 1;
		double t;

		if (!isfinite(s[i]))
			continue;
		while (j < last && !isfinite(s[j]))
			j++;
		if (lr[j] < x)
			continue;
		if (lr[j] == lr[i])
			return s[i];
		t = linear ? (x - lr[i]) / (lr[j] - lr[i]) :
			     log(x / lr[i]) / log(lr[j] / lr[i]);
		return s[i] + t * (s[j] - s[i]);
	}
	return s[last];
}

static void
prun_fill(struct prun *p, const struct report_run *r, bool linear)
{
	const struct rangetest *rt = r->rt;
	const struct analysis *an = r->an;
	enum method k;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->r = r;
	p->n = rt->n;
	p->m = an->m <= rt->n ? an->m : rt->n;
	for (i = 0; i < p->n; i++)
		if (isfinite(rt->loss[i]))
			p->nraw++;
	for (i = 0; i < p->m; i++) {
		if (isfinite(an->smooth[i]))
			p->nsmooth++;
		if (isfinite(analysis_slope(rt->lr, an->smooth, p->m, i)))
			p->nslope++;
	}
	/* an analysis with too few points leaves the minimum unset */
	p->has_min = an->hi > an->lo && an->min_i < p->m && an->min_lr > 0 &&
	    an->min_lr == rt->lr[an->min_i] && isfinite(an->min_loss);
	if (an->exploded && an->explode_i < rt->n) {
		p->exploded = true;
		p->ex_lr = rt->lr[an->explode_i];
		p->ex_loss = rt->loss[an->explode_i];
	}
	for (k = 0; k < M_COUNT; k++) {
		const struct suggestion *s = &an->sug[k];

		if (!s->ok || !(s->lr > 0) || !isfinite(s->lr))
			continue;
		p->sx[k] = s->lr;
		if (s->index < p->m && rt->lr[s->index] == s->lr &&
		    isfinite(an->smooth[s->index]))
			p->sy[k] = an->smooth[s->index];
		else
			p->sy[k] = curve_at(p, s->lr, linear);
		p->has_sug[k] = isfinite(p->sy[k]);
	}
}

static void
xrange(const struct prun *pr, size_t n, struct axes *ax)
{
	double lo = INFINITY, hi = -INFINITY, pad;
	enum method k;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const double *lr = pr[i].r->rt->lr;

		for (j = 0; j < pr[i].n; j++) {
			lo = fmin(lo, lr[j]);
			hi = fmax(hi, lr[j]);
		}
		for (k = 0; k < M_COUNT; k++)
			if (pr[i].has_sug[k]) {
				lo = fmin(lo, pr[i].sx[k]);
				hi = fmax(hi, pr[i].sx[k]);
			}
	}
	if (!(lo <= hi)) {
		lo = ax->linear ? 0 : 1e-7;
		hi = ax->linear ? 1 : 10;
	}
	if (ax->linear) {
		pad = hi - lo > 1e-6 * fabs(hi) ? 0.02 * (hi - lo) :
		    lo != 0                     ? fabs(lo) / 2 :
						  1;
		ax->x0 = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
		ax->x1 = hi + pad;
	} else {
		pad = hi > lo * (1 + 1e-6) ? pow(hi / lo, 0.02) : 2;
		ax->x0 = lo / pad;
		ax->x1 = hi * pad;
	}
}

/*
 * The y range shows the whole descent: from the lowest loss to the highest
 * smoothed loss before the minimum.  The exploded tail may reach far above
 * that; it is shown when it stays within half the descent above it, and
 * clipped (and the plot says so) when it goes higher.
 */
static void
yrange(const struct prun *pr, size_t n, struct axes *ax)
{
	double bot = INFINITY, top = -INFINITY, all = -INFINITY, span, minspan;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const double *loss = pr[i].r->rt->loss,
			     *s = pr[i].r->an->smooth;
		const struct analysis *an = pr[i].r->an;
		size_t upto = pr[i].has_min ? an->min_i + 1 : pr[i].m;
		double t = -INFINITY;

		for (j = 0; j < pr[i].n; j++)
			if (isfinite(loss[j])) {
				bot = fmin(bot, loss[j]);
				all = fmax(all, loss[j]);
			}
		for (j = 0; j < pr[i].m; j++)
			if (isfinite(s[j])) {
				bot = fmin(bot, s[j]);
				all = fmax(all, s[j]);
				if (j < upto)
					t = fmax(t, s[j]);
			}
		/* a curve that never fell: show it up to the window's end */
		if (pr[i].has_min &&
		    an->min_i <= an->lo + (an->hi - an->lo) / 20)
			for (j = 0; j < an->hi && j < pr[i].m; j++)
				if (isfinite(s[j]))
					t = fmax(t, s[j]);
		top = fmax(top, t);
	}
	ax->clipped = false;
	if (!(bot <= all)) {
		ax->y0 = 0;
		ax->y1 = 1;
		return;
	}
	if (!(top >= bot))
		top = all;
	span = top - bot;
	if (all <= top + 0.5 * span) {
		top = all;
		span = top - bot;
		if (span <= 0)
			span = bot != 0 ? fabs(bot) * 0.1 : 1;
		ax->y1 = top + 0.05 * span;
	} else {
		ax->y1 = top + 0.2 * span;
		ax->clipped = true;
	}
	/* gnuplot cannot tick a range narrower than a few ulps */
	minspan = 1e-3 * fmax(fabs(bot), fabs(ax->y1));
	if (minspan == 0)
		minspan = 1;
	if (ax->y1 - bot < minspan) {
		double c = (ax->y1 + bot) / 2;

		bot = c - minspan / 2;
		ax->y1 = c + minspan / 2;
	}
	/* room below the minimum for its label, but a loss that is never
	 * negative gets no negative axis (an overlay went to -0.4) */
	ax->y0 = bot - 0.16 * (ax->y1 - bot);
	if (bot >= 0 && ax->y0 < 0)
		ax->y0 = 0;
}

/* The slope panel's range: the slopes of the descent (from the window's
 * start to the minimum), and as much rise as there was descent. */
static void
srange(const struct prun *pr, size_t n, struct axes *ax)
{
	double gmin = INFINITY, gmax = -INFINITY, lo, hi, span, minspan;
	size_t i, j;

	ax->s_above = ax->s_below = false;
	for (i = 0; i < n; i++) {
		const struct analysis *an = pr[i].r->an;
		const double *lr = pr[i].r->rt->lr;
		size_t end = pr[i].has_min ? an->min_i + 1 : an->hi;

		for (j = an->lo; j < end && j < pr[i].m; j++) {
			double g = analysis_slope(lr, an->smooth, pr[i].m, j);

			if (isfinite(g)) {
				gmin = fmin(gmin, g);
				gmax = fmax(gmax, g);
			}
		}
	}
	if (!(gmin <= gmax)) {
		/* no window: every point */
		for (i = 0; i < n; i++)
			for (j = 0; j < pr[i].m; j++) {
				double g = analysis_slope(pr[i].r->rt->lr,
				    pr[i].r->an->smooth, pr[i].m, j);

				if (isfinite(g)) {
					gmin = fmin(gmin, g);
					gmax = fmax(gmax, g);
				}
			}
	}
	if (!(gmin <= gmax)) {
		ax->s0 = -1;
		ax->s1 = 1;
		return;
	}
	lo = fmin(0, gmin);
	hi = fmax(0, gmax);
	if (gmin < 0)
		hi = fmax(hi, -gmin);
	/* a slope this small is a flat curve */
	minspan = 1e-3 * (ax->y1 - ax->y0);
	if (hi - lo < minspan) {
		double c = (hi + lo) / 2;

		lo = c - minspan / 2;
		hi = c + minspan / 2;
	}
	span = hi - lo;
	ax->s0 = lo - 0.12 * span;
	ax->s1 = hi + 0.08 * span;
	for (i = 0; i < n; i++)
		for (j = 0; j < pr[i].m; j++) {
			double g = analysis_slope(pr[i].r->rt->lr,
			    pr[i].r->an->smooth, pr[i].m, j);

			if (g > ax->s1)
				ax->s_above = true;
			if (g < ax->s0)
				ax->s_below = true;
		}
}

double
plotlayout_nx(const struct axes *ax, double x)
{
	if (ax->linear)
		return (x - ax->x0) / (ax->x1 - ax->x0);
	return log(x / ax->x0) / log(ax->x1 / ax->x0);
}

double
plotlayout_ny(const struct axes *ax, double y)
{
	return (y - ax->y0) / (ax->y1 - ax->y0);
}

/* ---- label layout ---- */

struct rect {
	double x0, y0, x1, y1;
};

static struct rect
label_rect(const struct label *l, const struct geom *g)
{
	struct rect r;
	double cx = l->nx * g->w + l->dx, cy = l->ny * g->h + l->dy;
	double len = (double)strlen(l->text);

	if (l->just < 0) {
		r.x0 = cx - len;
		r.x1 = cx;
	} else if (l->just > 0) {
		r.x0 = cx;
		r.x1 = cx + len;
	} else {
		r.x0 = cx - len / 2;
		r.x1 = cx + len / 2;
	}
	r.y0 = cy - 0.5;
	r.y1 = cy + 0.5;
	return r;
}

static bool
rects_meet(struct rect a, struct rect b)
{
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Points per stretch when a series of len points is thinned to about
 * cap; 1: not. */
static size_t
thin_stride(size_t len, size_t cap)
{
	return len <= cap ? 1 : (len + cap / 2 - 1) / (cap / 2);
}

/* The stretch of the raw points of p. */
size_t
plotlayout_raw_stride(const struct prun *p)
{
	return thin_stride(p->n, p->raw_cap);
}

/* The y of point j of a series: the raw loss, the curve or its slope. */
static double
series_y(const struct prun *p, enum series w, size_t j)
{
	const struct rangetest *rt = p->r->rt;
	const double *s = p->r->an->smooth;

	return w == S_RAW ? rt->loss[j] :
	    w == S_SMOOTH ? s[j] :
			    analysis_slope(rt->lr, s, p->m, j);
}

/*
 * The points drawn of a series of len points, in order, to fn (which
 * stops the walk by returning true; the result is then true).  A long
 * series is thinned to what a picture can show: each stretch of
 * thin_stride(len, cap) points gives its lowest and its highest finite point,
 * in their order, so that spikes and the explosion stay in the picture (a
 * 10-million-row log made a 488 MB script).  Non-finite points are left out.
 */
bool
plotlayout_for_drawn(const struct prun *p, enum series w, size_t len,
    bool (*fn)(void *arg, double x, double y), void *arg)
{
	const double *lr = p->r->rt->lr;
	size_t k = thin_stride(len, w == S_RAW ? p->raw_cap : PLOT_MAX_POINTS);
	size_t a, j, lo, hi;
	double y, ylo = 0, yhi = 0;

	for (a = 0; a < len; a += k) {
		size_t e = len - a < k ? len : a + k;

		lo = hi = len;
		for (j = a; j < e; j++) {
			if (!isfinite(y = series_y(p, w, j)))
				continue;
			if (lo == len || y < ylo) {
				lo = j;
				ylo = y;
			}
			if (hi == len || y > yhi) {
				hi = j;
				yhi = y;
			}
		}
		if (lo == len)
			continue;
		if (lo == hi) {
			if (fn(arg, lr[lo], ylo))
				return true;
		} else if (lo < hi) {
			if (fn(arg, lr[lo], ylo) || fn(arg, lr[hi], yhi))
				return true;
		} else if (fn(arg, lr[hi], yhi) || fn(arg, lr[lo], ylo))
			return true;
	}
	return false;
}

/* Whether the segment (x0,y0)-(x1,y1) crosses rectangle r (Liang-Barsky). */
static bool
segment_meets(struct rect r, double x0, double y0, double x1, double y1)
{
	double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { x0 - r.x0, r.x1 - x0, y0 - r.y0, r.y1 - y0 };
	int i;

	for (i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		{
			double t = q[i] / p[i];

			if (p[i] < 0) {
				if (t > t1)
					return false;
				if (t > t0)
					t0 = t;
			} else {
				if (t < t0)
					return false;
				if (t < t1)
					t1 = t;
			}
		}
	}
	return true;
}

/* Whether the smoothed curve of p, as drawn, crosses r. */
struct meets {
	const struct axes *ax;
	const struct geom *g;
	struct rect r;
	double px, py;
	bool have;
};

static bool
meets_point(void *arg, double lr, double s)
{
	struct meets *m = arg;
	double x = plotlayout_nx(m->ax, lr) * m->g->w,
	       y = plotlayout_ny(m->ax, s) * m->g->h;
	bool hit = m->have && segment_meets(m->r, m->px, m->py, x, y);

	m->px = x;
	m->py = y;
	m->have = true;
	return hit;
}

static bool
curve_meets(const struct prun *p, const struct axes *ax, const struct geom *g,
    struct rect r)
{
	struct meets m = { ax, g, r, 0, 0, false };

	return plotlayout_for_drawn(p, S_SMOOTH, p->m, meets_point, &m);
}

static struct rect
key_rect(const struct layout *lay, int k)
{
	const struct geom *g = &lay->g[k];
	struct rect r;

	r.x0 = lay->key_right ? g->w - lay->key_w[k] : 0;
	r.x1 = r.x0 + lay->key_w[k];
	r.y0 = lay->key_top ? g->h - lay->key_h[k] : 0;
	r.y1 = r.y0 + lay->key_h[k];
	return r;
}

/* How many of the vertical lines and the curves cross r in geometry g. */
static int
lines_meet(const struct layout *lay, const struct geom *g, struct rect r)
{
	int hits = 0;
	size_t i;

	for (i = 0; i < lay->nvline; i++)
		if (segment_meets(r, lay->vline[i] * g->w, 0,
			lay->vline[i] * g->w, g->h))
			hits++;
	for (i = 0; i < lay->ncurves; i++)
		hits += curve_meets(&lay->curves[i], lay->ax, g, r);
	return hits;
}

/* What the key would hide in its corner: curves, markers, lines. */
static int
key_hides(const struct layout *lay)
{
	int hits = 0, k;
	size_t i;

	for (k = 0; k < NGEOM; k++) {
		const struct geom *g = &lay->g[k];
		struct rect r = key_rect(lay, k);

		for (i = 0; i < lay->npts; i++)
			if (lay->pts[i].nx * g->w > r.x0 - 1 &&
			    lay->pts[i].nx * g->w < r.x1 + 1 &&
			    lay->pts[i].ny * g->h > r.y0 - 1 &&
			    lay->pts[i].ny * g->h < r.y1 + 1)
				hits += 2;
		hits += lines_meet(lay, g, r);
	}
	return hits;
}

/* The key goes to the bottom left, where a range test leaves room, unless
 * another corner hides less. */
static void
choose_key(struct layout *lay)
{
	static const bool corner[4][2] = { /* top, right */
		{ false, false }, { false, true }, { true, true },
		{ true, false }
	};
	int h, best = -1, besth = 0, i;

	for (i = 0; i < 4; i++) {
		lay->key_top = corner[i][0];
		lay->key_right = corner[i][1];
		h = key_hides(lay);
		if (best < 0 || h < besth) {
			best = i;
			besth = h;
		}
		if (h == 0)
			break;
	}
	lay->key_top = corner[best][0];
	lay->key_right = corner[best][1];
}

/* How many things label l would overlap, over every geometry. */
static int
collisions(const struct layout *lay, const struct label *l)
{
	int hits = 0, k;
	size_t i;

	for (k = 0; k < NGEOM; k++) {
		const struct geom *g = &lay->g[k];
		struct rect r = label_rect(l, g), key;

		if (r.x0 < 0.5 || r.x1 > g->w - 0.5 || r.y0 < 0.2 ||
		    r.y1 > g->h - 0.2)
			hits += 4;
		key = key_rect(lay, k);
		if (rects_meet(r, key))
			hits += 2;
		for (i = 0; i < lay->nlab; i++)
			if (rects_meet(r, label_rect(&lay->lab[i], g)))
				hits += 2;
		for (i = 0; i < lay->npts; i++) {
			struct rect pt;

			pt.x0 = lay->pts[i].nx * g->w - 1;
			pt.x1 = lay->pts[i].nx * g->w + 1;
			pt.y0 = lay->pts[i].ny * g->h - 0.6;
			pt.y1 = lay->pts[i].ny * g->h + 0.6;
			if (rects_meet(r, pt))
				hits++;
		}
		hits += lines_meet(lay, g, r);
	}
	return hits;
}

/*
 * Place l at the first candidate where it meets nothing (else where it
 * meets least), and keep it as an obstacle.  A candidate is { nx, ny,
 * justification, dx, dy }: the anchor (NAN: keep l's), then the offset
 * from it in characters.
 */
static void
place(struct layout *lay, struct label *l, const double (*cand)[5],
    size_t ncand)
{
	double nx = l->nx, ny = l->ny;
	size_t i, best = 0;
	int besthits = -1;

	for (i = 0; i <= ncand; i++) {
		const double *c = cand[i < ncand ? i : best];
		int h;

		l->nx = isnan(c[0]) ? nx : c[0];
		l->ny = isnan(c[1]) ? ny : c[1];
		l->just = (int)c[2];
		l->dx = c[3];
		l->dy = c[4];
		if (i == ncand)
			break;
		h = collisions(lay, l);
		if (besthits < 0 || h < besthits) {
			besthits = h;
			best = i;
		}
		if (h == 0)
			break;
	}
	if (lay->nlab < MAXLABELS)
		lay->lab[lay->nlab++] = *l;
}

/* Beside a point on a falling curve the free space lies below left and
 * above right. */
static const double cand_side[][5] = {
	{ NAN, NAN, -1, -1.5, -1 },
	{ NAN, NAN, 1, 1.5, 1 },
	{ NAN, NAN, -1, -1.5, 0 },
	{ NAN, NAN, 1, 1.5, 0 },
	{ NAN, NAN, -1, -1.5, -2 },
	{ NAN, NAN, 1, 1.5, 2 },
	{ NAN, NAN, -1, -1.5, -3 },
	{ NAN, NAN, 1, 1.5, 3 },
	{ NAN, NAN, -1, -1.5, 1 },
	{ NAN, NAN, 1, 1.5, -1 },
	{ NAN, NAN, -1, -1.5, -4 },
	{ NAN, NAN, 1, 1.5, 4 },
};
/* Below or above a minimum. */
static const double cand_min[][5] = {
	{ NAN, NAN, 0, 0, -1.5 },
	{ NAN, NAN, 0, 0, 1.5 },
	{ NAN, NAN, 1, 1.5, -1 },
	{ NAN, NAN, -1, -1.5, -1 },
	{ NAN, NAN, 0, 0, 2.5 },
	{ NAN, NAN, 0, 0, -2.5 },
	{ NAN, NAN, 1, 1.5, 1 },
	{ NAN, NAN, -1, -1.5, 1 },
};
/* Beside the explosion's line, at the bottom or the top. */
static const double cand_explosion[][5] = {
	{ NAN, 0, -1, -1, 1 },
	{ NAN, 0, 1, 1, 1 },
	{ NAN, 1, -1, -1, -1 },
	{ NAN, 1, 1, 1, -1 },
	{ NAN, 0, -1, -1, 2.5 },
	{ NAN, 1, -1, -1, -2.5 },
};
/* A note about the whole plot, along the top. */
static const double cand_note[][5] = {
	{ 0, 1, 1, 1, -1 },
	{ 0.5, 1, 0, 0, -1 },
	{ 1, 1, -1, -1, -1 },
	{ 0, 1, 1, 1, -2 },
	{ 0.5, 1, 0, 0, -2 },
	{ 1, 1, -1, -1, -2 },
};
#define NCAND(a) (sizeof(a) / sizeof(a[0]))

void
plotlayout_place(struct layout *lay, struct label *l, enum cand c)
{
	switch (c) {
	case CAND_SIDE:
		place(lay, l, cand_side, NCAND(cand_side));
		break;
	case CAND_MIN:
		place(lay, l, cand_min, NCAND(cand_min));
		break;
	case CAND_EXPLOSION:
		place(lay, l, cand_explosion, NCAND(cand_explosion));
		break;
	case CAND_NOTE:
		place(lay, l, cand_note, NCAND(cand_note));
		break;
	}
}

bool
plotlayout_steep_marked(const struct prun *p, const struct axes *ax)
{
	const struct suggestion *s = &p->r->an->sug[M_STEEP];
	double g;

	if (!s->ok || s->index >= p->m)
		return false;
	g = analysis_slope(p->r->rt->lr, p->r->an->smooth, p->m, s->index);
	return isfinite(g) && g >= ax->s0 && g <= ax->s1;
}

void
plotlayout_runs(struct prun *pr, const struct report_run *runs, size_t n,
    struct axes *ax, bool slope_panel)
{
	size_t i;

	memset(ax, 0, sizeof(*ax));
	ax->linear = plot_linear_axis(runs, n);
	for (i = 0; i < n; i++) {
		prun_fill(&pr[i], &runs[i], ax->linear);
		/* several runs share the raw points one run may have */
		pr[i].raw_cap = n < 2                 ? PLOT_MAX_POINTS :
		    PLOT_MAX_POINTS / n > MIN_RAW_CAP ? PLOT_MAX_POINTS / n :
							MIN_RAW_CAP;
	}
	xrange(pr, n, ax);
	yrange(pr, n, ax);
	if (slope_panel)
		srange(pr, n, ax);
}

void
plotlayout_init(struct layout *lay, const struct prun *pr, size_t n,
    const struct axes *ax, bool slope_panel)
{
	memset(lay, 0, sizeof(*lay));
	lay->g = geoms[slope_panel ? 1 : 0];
	lay->ax = ax;
	lay->curves = pr;
	lay->ncurves = n;
}

void
plotlayout_vline(struct layout *lay, double x)
{
	if (lay->nvline < MAXLABELS)
		lay->vline[lay->nvline++] = plotlayout_nx(lay->ax, x);
}

void
plotlayout_markers(struct layout *lay, const struct prun *pr, size_t n)
{
	const struct axes *ax = lay->ax;
	enum method k;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct prun *p = &pr[i];

		if (p->has_min && lay->npts < MAXLABELS) {
			lay->pts[lay->npts].nx =
			    plotlayout_nx(ax, p->r->an->min_lr);
			lay->pts[lay->npts++].ny =
			    plotlayout_ny(ax, p->r->an->min_loss);
		}
		for (k = 0; k < M_COUNT; k++)
			if (p->has_sug[k] && (n == 1 || k == p->r->method) &&
			    lay->npts < MAXLABELS) {
				lay->pts[lay->npts].nx =
				    plotlayout_nx(ax, p->sx[k]);
				lay->pts[lay->npts++].ny =
				    plotlayout_ny(ax, p->sy[k]);
			}
	}
}

void
plotlayout_key(struct layout *lay, const struct prun *p, struct keymarks *km)
{
	enum method c = p->r->method, k;
	size_t lines = 2, w = strlen("smoothed loss");

	/* the text terminal's key also names the marks: the chosen
	 * suggestion, the others (not on the chosen one's lr) and the
	 * lowest loss (unless a suggestion sits on it) */
	km->chosen = p->has_sug[c];
	km->lowest = p->has_min;
	km->other = false;
	km->other_k = M_BLEND;
	for (k = 0; k < M_COUNT; k++) {
		if (!p->has_sug[k])
			continue;
		if (p->has_min && p->sx[k] == p->r->an->min_lr)
			km->lowest = false;
		if (!km->other && !(km->chosen && p->sx[k] == p->sx[c])) {
			km->other = true;
			km->other_k = k;
		}
	}
	if (km->chosen) {
		lines++;
		w = strlen("chosen suggestion");
	}
	if (km->other) {
		lines++;
		if (w < strlen("other suggestion"))
			w = strlen("other suggestion");
	}
	lines += km->lowest;
	/* the entries and the sample: text, then a picture, which
	 * names the loss and the smoothed loss only */
	lay->key_w[0] = 6 + (double)w;
	lay->key_h[0] = (double)lines * 1.1 + 1;
	lay->key_w[1] = 19;
	lay->key_h[1] = 2 * 1.1 + 1;
	choose_key(lay);
}
