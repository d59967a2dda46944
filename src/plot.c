/* plot.c: the gnuplot script of one or more analysed runs */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"
#include "plot.h"

/* Colours of the runs (Tableau 10, red left out: it marks the choice). */
static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b",
	"#e377c2", "#17becf", "#bcbd22", "#7f7f7f"
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))
#define CHOSEN_RGB	"#d62728"
#define SINGLE_RAW_RGB	"#9ecae1"
#define SINGLE_LINE_RGB	"#08519c"
#define MARK_RGB	"#333333"
#define MIN_RGB		"#2ca02c"
#define EXPLODE_RGB	"#7f7f7f"

/* Dash patterns of the runs' curves: the first run solid, then dashes, so
 * that a run drawn over an identical one leaves it in sight.  Five
 * patterns and nine colours: a pair comes back after 45 runs. */
static const char *const dashes[] = {
	"solid", "(8,5)", "(4,4)", "(12,4,2,4)", "(20,6,4,6)"
};
#define NDASHES (sizeof(dashes) / sizeof(dashes[0]))

/* Several runs: each run's raw points in its curve's colour, this
 * transparent (gnuplot's alpha byte: 00 opaque, ff invisible), so that
 * they stay behind the curves. */
#define RAW_ALPHA	0xc0

/* Several runs: the raw points of a run are thinned to PLOT_MAX_POINTS
 * shared among the runs, but never to fewer than this. */
#define MIN_RAW_CAP	500

/* Point types of the suggestions (pngcairo: 5 filled square, 15 filled
 * pentagon, 9 filled triangle, 11 filled down triangle, 13 filled diamond). */
static const int sug_pt[M_COUNT] = { 5, 15, 9, 11, 13 };

/*
 * The dumb terminal draws a numbered point type as a letter (pt 7 is G)
 * that no key explains; there the marks are characters chosen here, which
 * the key names.  None is a character its curves are drawn with
 * (* # $ % @ & =) or its raw points (.).
 */
#define TEXT_CHOSEN	"X"
#define TEXT_SUG	"x"
#define TEXT_LOWEST	"o"
#define TEXT_EXPLODE	"|"	/* how it draws a vertical line */

/*
 * The plot area, in characters, of the two terminals the label layout has
 * to suit: the dumb terminal (79 x 24 or 79 x 40 with the slope panel) and
 * a 1000 x 650 (or 1000 x 900) pngcairo picture.  A label is placed where
 * it collides with nothing in either.
 */
struct geom {
	double w, h;
};
static const struct geom geoms[2][2] = {
	{ { 68, 17 }, { 120, 34 } },		/* one panel */
	{ { 68, 20 }, { 120, 32 } }		/* loss panel above the slope */
};
#define NGEOM 2

struct prun {
	const struct report_run *r;
	size_t n;		/* rows */
	size_t m;		/* points of the smoothed curve */
	size_t nraw;		/* finite raw losses */
	size_t nsmooth;		/* finite smoothed losses */
	size_t nslope;		/* finite slopes */
	size_t raw_cap;		/* raw points drawn at most (about) */
	bool has_min;
	bool exploded;
	double ex_lr, ex_loss;
	bool has_sug[M_COUNT];
	double sx[M_COUNT], sy[M_COUNT];	/* the suggestions on the curve */
};

struct axes {
	bool linear;
	double x0, x1, y0, y1;
	bool clipped;		/* some loss lies above y1 */
	double s0, s1;		/* slope panel */
	bool s_above, s_below;	/* some slope lies outside [s0, s1] */
};

struct label {
	char text[96];
	double nx, ny;		/* anchor, as a share of the plot area */
	int just;		/* -1 text ends left of the anchor, 0 centred, 1 starts right */
	double dx, dy;		/* offset from the anchor, characters */
};

#define MAXLABELS 16

struct layout {
	const struct geom *g;	/* NGEOM geometries */
	struct label lab[MAXLABELS];
	size_t nlab;
	struct {
		double nx, ny;
	} pts[MAXLABELS];	/* markers */
	size_t npts;
	double vline[MAXLABELS];	/* vertical lines, shares of the width */
	size_t nvline;
	double key_w[NGEOM], key_h[NGEOM];	/* the key's box, characters,
					 * in each geometry */
	bool key_top, key_right;	/* its corner */
	const struct prun *curves;	/* their smoothed curves are obstacles */
	size_t ncurves;
	const struct axes *ax;
};

static void
quote_body(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'')
			fputs("''", fp);
		else
			fputc(c < 0x20 || c == 0x7f ? '?' : c, fp);
	}
}

void
plot_quote(FILE *fp, const char *s)
{
	fputc('\'', fp);
	quote_body(fp, s);
	fputc('\'', fp);
}

int
plot_quote_path(FILE *fp, const char *path)
{
	const unsigned char *p;

	if (*path == '\0')
		return -1;
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return -1;
	fputc('\'', fp);
	if (path[0] != '/')
		fputs("./", fp);
	quote_body(fp, path);
	fputc('\'', fp);
	return 0;
}

/* The quoted concatenation of a and b. */
static void
quote2(FILE *fp, const char *a, const char *b)
{
	fputc('\'', fp);
	quote_body(fp, a);
	quote_body(fp, b);
	fputc('\'', fp);
}

size_t
plot_key_lines(size_t n, bool slope_panel)
{
	return n > 1 ? n + 3 + slope_panel : 0;
}

void
plot_opts_default(struct plot_opts *po)
{
	memset(po, 0, sizeof(*po));
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
		    lo != 0 ? fabs(lo) / 2 : 1;
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
		const double *loss = pr[i].r->rt->loss, *s = pr[i].r->an->smooth;
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
		if (pr[i].has_min && an->min_i <= an->lo + (an->hi - an->lo) / 20)
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

static double
nx_of(const struct axes *ax, double x)
{
	if (ax->linear)
		return (x - ax->x0) / (ax->x1 - ax->x0);
	return log(x / ax->x0) / log(ax->x1 / ax->x0);
}

static double
ny_of(const struct axes *ax, double y)
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
static size_t
raw_stride(const struct prun *p)
{
	return thin_stride(p->n, p->raw_cap);
}

/* The y of point j of a series: the raw loss, the curve or its slope. */
enum series { S_RAW, S_SMOOTH, S_SLOPE };

static double
series_y(const struct prun *p, enum series w, size_t j)
{
	const struct rangetest *rt = p->r->rt;
	const double *s = p->r->an->smooth;

	return w == S_RAW ? rt->loss[j] : w == S_SMOOTH ? s[j] :
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
static bool
for_drawn(const struct prun *p, enum series w, size_t len,
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
	double x = nx_of(m->ax, lr) * m->g->w, y = ny_of(m->ax, s) * m->g->h;
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

	return for_drawn(p, S_SMOOTH, p->m, meets_point, &m);
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

/* What the key would hide in its corner: curves, markers, lines. */
static int
key_hides(const struct layout *lay)
{
	int hits = 0, k;
	size_t i, c;

	for (k = 0; k < NGEOM; k++) {
		const struct geom *g = &lay->g[k];
		struct rect r = key_rect(lay, k);

		for (i = 0; i < lay->npts; i++)
			if (lay->pts[i].nx * g->w > r.x0 - 1 &&
			    lay->pts[i].nx * g->w < r.x1 + 1 &&
			    lay->pts[i].ny * g->h > r.y0 - 1 &&
			    lay->pts[i].ny * g->h < r.y1 + 1)
				hits += 2;
		for (i = 0; i < lay->nvline; i++)
			if (segment_meets(r, lay->vline[i] * g->w, 0,
			    lay->vline[i] * g->w, g->h))
				hits++;
		for (c = 0; c < lay->ncurves; c++)
			hits += curve_meets(&lay->curves[c], lay->ax, g, r);
	}
	return hits;
}

/* The key goes to the bottom left, where a range test leaves room, unless
 * another corner hides less. */
static void
choose_key(struct layout *lay)
{
	static const bool corner[4][2] = {	/* top, right */
		{ false, false }, { false, true }, { true, true }, { true, false }
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
	size_t i, c;

	for (k = 0; k < NGEOM; k++) {
		const struct geom *g = &lay->g[k];
		struct rect r = label_rect(l, g), key;

		if (r.x0 < 0.5 || r.x1 > g->w - 0.5 || r.y0 < 0.2 || r.y1 > g->h - 0.2)
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
		for (i = 0; i < lay->nvline; i++)
			if (segment_meets(r, lay->vline[i] * g->w, 0,
			    lay->vline[i] * g->w, g->h))
				hits++;
		for (c = 0; c < lay->ncurves; c++)
			hits += curve_meets(&lay->curves[c], lay->ax, g, r);
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
	{ NAN, NAN, -1, -1.5, -1 }, { NAN, NAN, 1, 1.5, 1 },
	{ NAN, NAN, -1, -1.5, 0 }, { NAN, NAN, 1, 1.5, 0 },
	{ NAN, NAN, -1, -1.5, -2 }, { NAN, NAN, 1, 1.5, 2 },
	{ NAN, NAN, -1, -1.5, -3 }, { NAN, NAN, 1, 1.5, 3 },
	{ NAN, NAN, -1, -1.5, 1 }, { NAN, NAN, 1, 1.5, -1 },
	{ NAN, NAN, -1, -1.5, -4 }, { NAN, NAN, 1, 1.5, 4 },
};
/* Below or above a minimum. */
static const double cand_min[][5] = {
	{ NAN, NAN, 0, 0, -1.5 }, { NAN, NAN, 0, 0, 1.5 },
	{ NAN, NAN, 1, 1.5, -1 }, { NAN, NAN, -1, -1.5, -1 },
	{ NAN, NAN, 0, 0, 2.5 }, { NAN, NAN, 0, 0, -2.5 },
	{ NAN, NAN, 1, 1.5, 1 }, { NAN, NAN, -1, -1.5, 1 },
};
/* Beside the explosion's line, at the bottom or the top. */
static const double cand_explosion[][5] = {
	{ NAN, 0, -1, -1, 1 }, { NAN, 0, 1, 1, 1 },
	{ NAN, 1, -1, -1, -1 }, { NAN, 1, 1, 1, -1 },
	{ NAN, 0, -1, -1, 2.5 }, { NAN, 1, -1, -1, -2.5 },
};
/* A note about the whole plot, along the top. */
static const double cand_note[][5] = {
	{ 0, 1, 1, 1, -1 }, { 0.5, 1, 0, 0, -1 }, { 1, 1, -1, -1, -1 },
	{ 0, 1, 1, 1, -2 }, { 0.5, 1, 0, 0, -2 }, { 1, 1, -1, -1, -2 },
};
#define NCAND(a) (sizeof(a) / sizeof(a[0]))

/* ---- writing ---- */

static void
put_num(FILE *fp, double x)
{
	char buf[32];

	fputs(num_format(buf, x), fp);
}

static void
put_pair(FILE *fp, double x, double y)
{
	put_num(fp, x);
	fputc(' ', fp);
	put_num(fp, y);
	fputc('\n', fp);
}

static void
header(FILE *fp, const struct prun *pr, size_t n, const struct plot_opts *po)
{
	size_t i;
	enum method k;

	fprintf(fp, "if (GPVAL_TERM eq 'unknown') set terminal dumb size 79,%zu\n",
	    (po->slope_panel ? 40 : 24) + plot_key_lines(n,
	    po->slope_panel));
	fputs("# lrfind: a learning-rate range test plot, a gnuplot 5 script\n"
	    "# that reads no file.  gnuplot FILE draws it as text; for a picture:\n"
	    "#   gnuplot -e \"set terminal pngcairo size 1000,650; "
	    "set output 'lr.png'\" FILE\n", fp);
	for (i = 0; i < n; i++) {
		const struct report_run *r = pr[i].r;
		const struct analysis *an = r->an;
		const char *sep = "";

		fprintf(fp, "# run %zu: ", i + 1);
		plot_quote(fp, r->name);
		fputc('\n', fp);
		if (r->lr != NULL) {
			fputs("#   lr column ", fp);
			if (r->lr->lr_rebuilt)
				fputs("none (rebuilt from the sweep)", fp);
			else
				plot_quote(fp, r->lr->lr_name);
			fputs(", loss column ", fp);
			plot_quote(fp, r->lr->loss_name);
			fputc('\n', fp);
		}
		fprintf(fp, "#   %zu rows", pr[i].n);
		if (raw_stride(&pr[i]) > 1)
			fprintf(fp, " (the plot shows each stretch of %zu by its "
			    "lowest and highest point)", raw_stride(&pr[i]));
		if (pr[i].exploded)
			fprintf(fp, ", exploded at row %zu (lr %.3g)", an->explode_i,
			    pr[i].ex_lr);
		else
			fputs(", no explosion", fp);
		fputc('\n', fp);
		fputs("#   suggestions:", fp);
		for (k = 0; k < M_COUNT; k++)
			if (an->sug[k].ok) {
				fprintf(fp, "%s %s %.3g%s", sep, method_name(k),
				    an->sug[k].lr, k == r->method ? " (chosen)" : "");
				sep = ",";
			}
		if (*sep == '\0')
			fputs(" none", fp);
		fputc('\n', fp);
	}
}

static bool
write_point(void *arg, double x, double y)
{
	put_pair(arg, x, y);
	return false;
}

static void
put_series(FILE *fp, const struct prun *p, enum series w, size_t len)
{
	(void)for_drawn(p, w, len, write_point, fp);
}

static void
datablocks(FILE *fp, const struct prun *pr, size_t n, const struct plot_opts *po)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pr[i].nraw > 0) {
			fprintf(fp, "$RAW%zu << EOD\n", i + 1);
			put_series(fp, &pr[i], S_RAW, pr[i].n);
			fputs("EOD\n", fp);
		}
		if (pr[i].nsmooth > 0) {
			fprintf(fp, "$SMOOTH%zu << EOD\n", i + 1);
			put_series(fp, &pr[i], S_SMOOTH, pr[i].m);
			fputs("EOD\n", fp);
		}
		if (po->slope_panel && pr[i].nslope > 0) {
			fprintf(fp, "$SLOPE%zu << EOD\n", i + 1);
			put_series(fp, &pr[i], S_SLOPE, pr[i].m);
			fputs("EOD\n", fp);
		}
	}
}

static void
put_label(FILE *fp, int id, const struct label *l, double x, const char *y)
{
	fprintf(fp, "set label %d ", id);
	plot_quote(fp, l->text);
	fputs(" at ", fp);
	put_num(fp, x);
	fprintf(fp, ", %s %s", y, l->just < 0 ? "right" : l->just > 0 ? "left" :
	    "center");
	if (l->dx != 0 || l->dy != 0)
		fprintf(fp, " offset char %g,%g", l->dx, l->dy);
	fputs(" front noenhanced", fp);
}

/*
 * After label `label`, whose point marks (x, y): the text terminal draws a
 * label's point as a letter whatever its type, so there the point goes and
 * the mark is a label of its own, the character in variable var (a number
 * in a picture, where this does nothing).
 */
static void
put_text_mark(FILE *fp, int label, int *id, const char *var, double x,
    const char *y)
{
	fprintf(fp, "if (lrf_text) { set label %d nopoint; set label %d %s at ",
	    label, *id, var);
	put_num(fp, x);
	fprintf(fp, ", %s center front noenhanced }\n", y);
	(*id)++;
}

/* Whether the slope panel marks p's steep suggestion: it has one, and
 * its slope lies in the panel's range. */
static bool
steep_marked(const struct prun *p, const struct axes *ax)
{
	const struct suggestion *s = &p->r->an->sug[M_STEEP];
	double g;

	if (!s->ok || s->index >= p->m)
		return false;
	g = analysis_slope(p->r->rt->lr, p->r->an->smooth, p->m, s->index);
	return isfinite(g) && g >= ax->s0 && g <= ax->s1;
}

/* The x axis, the grid and the terminal-dependent styles. */
static void
common_settings(FILE *fp, const struct axes *ax)
{
	enum method k;

	fputs("lrf_text = (GPVAL_TERM eq 'dumb')\n", fp);
	/* the marks' point types: shapes in a picture, characters the key
	 * names on the text terminal */
	fputs("if (lrf_text) { lrf_pt_chosen = '" TEXT_CHOSEN "'; "
	    "lrf_pt_lowest = '" TEXT_LOWEST "'", fp);
	for (k = 0; k < M_COUNT; k++)
		fprintf(fp, "; lrf_pt_%s = '" TEXT_SUG "'", method_name(k));
	fputs(" } else { lrf_pt_chosen = 7; lrf_pt_lowest = 6", fp);
	for (k = 0; k < M_COUNT; k++)
		fprintf(fp, "; lrf_pt_%s = %d", method_name(k), sug_pt[k]);
	fputs(" }\n", fp);
	if (ax->linear) {
		fputs("unset logscale x\n", fp);
		fputs("set format x '%g'\n", fp);
	} else {
		fputs("set logscale x 10\n", fp);
		fputs("if (lrf_text) { set format x '%.0e' } "
		    "else { set format x '10^{%L}' }\n", fp);
	}
	fputs("set xrange [", fp);
	put_num(fp, ax->x0);
	fputc(':', fp);
	put_num(fp, ax->x1);
	fputs("]\n", fp);
	fputs("if (!lrf_text) { set grid xtics ytics }\n", fp);
	fputs("set border 3\nset tics nomirror\n", fp);
}

/* A run's entry in the key of several runs: its name and its choice. */
static void
key_title(FILE *fp, const struct report_run *r)
{
	char tail[96];

	if (r->an->sug[r->method].ok)
		snprintf(tail, sizeof(tail), ": %s %.3g", method_name(r->method),
		    r->an->sug[r->method].lr);
	else
		snprintf(tail, sizeof(tail), ": no %s suggestion",
		    method_name(r->method));
	fputs("title ", fp);
	quote2(fp, r->name, tail);
}

static void
loss_panel(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax,
    const struct plot_opts *po)
{
	struct layout lay;
	struct label l;
	int id = 1, nelem = 0;
	size_t i;
	enum method k;
	bool single = n == 1;
	/* one run: the marks the text terminal's key names */
	bool key_chosen = false, key_other = false, key_lowest = false;
	enum method key_other_k = M_BLEND;
	char buf[32];

	memset(&lay, 0, sizeof(lay));
	lay.g = geoms[po->slope_panel ? 1 : 0];
	lay.ax = ax;
	fputs("set yrange [", fp);
	put_num(fp, ax->y0);
	fputc(':', fp);
	put_num(fp, ax->y1);
	fputs("]\n", fp);
	if (single) {
		const struct report_run *r = pr[0].r;

		/* the file's name, not its whole path (the script's header
		 * comment keeps the path) */
		{
			const char *base = strrchr(r->name, '/');

			fputs("set title ", fp);
			plot_quote(fp, base != NULL && base[1] != '\0' ?
			    base + 1 : r->name);
			fputs(" noenhanced\n", fp);
		}
		fputs("set ylabel ", fp);
		if (r->lr != NULL && r->lr->loss_name[0] != '\0' &&
		    strcasecmp(r->lr->loss_name, "loss") != 0)
			quote2(fp, "loss: ", r->lr->loss_name);
		else
			plot_quote(fp, "loss");
		fputs(" noenhanced\n", fp);
	} else {
		fprintf(fp, "set title '%zu runs' noenhanced\n", n);
		fputs("set ylabel 'loss' noenhanced\n", fp);
	}
	if (!po->slope_panel) {
		fputs("set xlabel ", fp);
		if (single && pr[0].r->lr != NULL && pr[0].r->lr->lr_rebuilt)
			plot_quote(fp, "learning rate (rebuilt from the sweep)");
		else if (single && pr[0].r->lr != NULL &&
		    pr[0].r->lr->lr_name[0] != '\0' &&
		    strcasecmp(pr[0].r->lr->lr_name, "lr") != 0)
			quote2(fp, "learning rate: ", pr[0].r->lr->lr_name);
		else
			plot_quote(fp, "learning rate");
		fputs(" noenhanced\n", fp);
	} else
		fputs("unset xlabel\n", fp);
	lay.curves = pr;
	lay.ncurves = n;
	/* explosions: a dashed vertical line each */
	for (i = 0; i < n; i++) {
		const char *rgb = single ? EXPLODE_RGB : palette[i % NPALETTE];

		if (!pr[i].exploded)
			continue;
		fprintf(fp, "set arrow %zu from ", i + 1);
		put_num(fp, pr[i].ex_lr);
		fputs(", graph 0 to ", fp);
		put_num(fp, pr[i].ex_lr);
		fprintf(fp, ", graph 1 nohead back dt 2 lw 1.5 lc rgb '%s'\n", rgb);
		if (lay.nvline < MAXLABELS)
			lay.vline[lay.nvline++] = nx_of(ax, pr[i].ex_lr);
	}
	/* every marker is an obstacle before the key and any text is placed */
	for (i = 0; i < n; i++) {
		const struct prun *p = &pr[i];

		if (p->has_min && lay.npts < MAXLABELS) {
			lay.pts[lay.npts].nx = nx_of(ax, p->r->an->min_lr);
			lay.pts[lay.npts++].ny = ny_of(ax, p->r->an->min_loss);
		}
		for (k = 0; k < M_COUNT; k++)
			if (p->has_sug[k] && (single || k == p->r->method) &&
			    lay.npts < MAXLABELS) {
				lay.pts[lay.npts].nx = nx_of(ax, p->sx[k]);
				lay.pts[lay.npts++].ny = ny_of(ax, p->sy[k]);
			}
	}
	if (single && pr[0].has_sug[pr[0].r->method]) {
		double x = pr[0].sx[pr[0].r->method];

		fprintf(fp, "set arrow %zu from ", n + 1);
		put_num(fp, x);
		fputs(", graph 0 to ", fp);
		put_num(fp, x);
		fputs(", graph 1 nohead back dt 3 lw 1.5 lc rgb '"
		    CHOSEN_RGB "'\n", fp);
		lay.vline[lay.nvline++] = nx_of(ax, x);
	}
	/* several runs: the key goes below the plot, one line a run;
	 * one run: in the corner where it hides least */
	if (!single)
		fputs("set key bmargin left Left reverse vertical maxcols 1 "
		    "noenhanced samplen 2\n", fp);
	else {
		const struct prun *p = &pr[0];
		enum method c = p->r->method;
		size_t lines = 2, w = strlen("smoothed loss");

		/* the text terminal's key also names the marks: the chosen
		 * suggestion, the others (not on the chosen one's lr) and the
		 * lowest loss (unless a suggestion sits on it) */
		key_chosen = p->has_sug[c];
		key_lowest = p->has_min;
		for (k = 0; k < M_COUNT; k++) {
			if (!p->has_sug[k])
				continue;
			if (p->has_min && p->sx[k] == p->r->an->min_lr)
				key_lowest = false;
			if (!key_other && !(key_chosen && p->sx[k] == p->sx[c])) {
				key_other = true;
				key_other_k = k;
			}
		}
		if (key_chosen) {
			lines++;
			w = strlen("chosen suggestion");
		}
		if (key_other) {
			lines++;
			if (w < strlen("other suggestion"))
				w = strlen("other suggestion");
		}
		lines += key_lowest;
		/* the entries and the sample: text, then a picture, which
		 * names the loss and the smoothed loss only */
		lay.key_w[0] = 6 + (double)w;
		lay.key_h[0] = (double)lines * 1.1 + 1;
		lay.key_w[1] = 19;
		lay.key_h[1] = 2 * 1.1 + 1;
		choose_key(&lay);
		fprintf(fp, "set key %s %s Left reverse noenhanced samplen 2 "
		    "spacing 1.1 opaque\n", lay.key_top ? "top" : "bottom",
		    lay.key_right ? "right" : "left");
	}
	for (i = 0; i < n && single; i++) {
		if (!pr[i].exploded)
			continue;
		if (isfinite(pr[i].ex_loss))
			snprintf(l.text, sizeof(l.text), "explosion %.3g",
			    pr[i].ex_lr);
		else
			snprintf(l.text, sizeof(l.text), "explosion %.3g "
			    "(loss %s)", pr[i].ex_lr, isnan(pr[i].ex_loss) ?
			    "nan" : pr[i].ex_loss > 0 ? "inf" : "-inf");
		l.nx = nx_of(ax, pr[i].ex_lr);
		place(&lay, &l, cand_explosion, NCAND(cand_explosion));
		put_label(fp, id++, &l, pr[i].ex_lr, l.ny > 0 ? "graph 1" :
		    "graph 0");
		fputs(" tc rgb '#555555'\n", fp);
	}
	if (single) {
		const struct prun *p = &pr[0];
		const struct report_run *r = p->r;
		bool done[M_COUNT] = { false }, min_shared = false;
		bool have_chosen = false;
		char var[32];
		struct label cl;
		enum method ck = M_MINIMUM;

		/* a suggestion on the minimum itself says so in its label */
		for (k = 0; k < M_COUNT && p->has_min; k++)
			if (p->has_sug[k] && p->sx[k] == r->an->min_lr)
				min_shared = true;
		if (p->has_min) {
			if (min_shared)
				l.text[0] = '\0';
			else
				snprintf(l.text, sizeof(l.text), "lowest loss at %.3g",
				    r->an->min_lr);
			l.nx = nx_of(ax, r->an->min_lr);
			l.ny = ny_of(ax, r->an->min_loss);
			if (min_shared) {
				l.just = 0;
				l.dx = l.dy = 0;
			} else
				place(&lay, &l, cand_min, NCAND(cand_min));
			put_label(fp, id++, &l, r->an->min_lr, num_format(buf,
			    r->an->min_loss));
			fputs(" tc rgb '" MIN_RGB "' point pt lrf_pt_lowest ps 1.5 "
			    "lw 2 lc rgb '" MIN_RGB "'\n", fp);
			put_text_mark(fp, id - 1, &id, "lrf_pt_lowest",
			    r->an->min_lr, num_format(buf, r->an->min_loss));
		}
		/* the chosen suggestion is placed first and drawn last, on
		 * top; equal lrs share one marker and one label */
		for (i = 0; i < M_COUNT; i++) {
			enum method k0 = i == 0 ? r->method :
			    (enum method)(i <= (size_t)r->method ? i - 1 : i);
			bool chosen = false;
			size_t len = 0;

			if (!p->has_sug[k0] || done[k0])
				continue;
			l.text[0] = '\0';
			for (k = 0; k < M_COUNT; k++)
				if (p->has_sug[k] && !done[k] && p->sx[k] == p->sx[k0]) {
					done[k] = true;
					if (k == r->method)
						chosen = true;
					len += (size_t)snprintf(l.text + len,
					    sizeof(l.text) - len, "%s%s",
					    len ? ", " : "", method_name(k));
				}
			snprintf(l.text + len, sizeof(l.text) - len, " %.3g%s",
			    p->sx[k0], p->has_min && p->sx[k0] == r->an->min_lr ?
			    " (lowest loss)" : "");
			l.nx = nx_of(ax, p->sx[k0]);
			l.ny = ny_of(ax, p->sy[k0]);
			place(&lay, &l, cand_side, NCAND(cand_side));
			if (chosen) {
				cl = l;
				ck = k0;
				have_chosen = true;
				continue;
			}
			put_label(fp, id++, &l, p->sx[k0], num_format(buf, p->sy[k0]));
			fprintf(fp, " tc rgb '" MARK_RGB "' point pt lrf_pt_%s "
			    "ps 1.5 lc rgb '" MARK_RGB "'\n", method_name(k0));
			snprintf(var, sizeof(var), "lrf_pt_%s", method_name(k0));
			put_text_mark(fp, id - 1, &id, var, p->sx[k0],
			    num_format(buf, p->sy[k0]));
		}
		if (have_chosen) {
			put_label(fp, id++, &cl, p->sx[ck], num_format(buf, p->sy[ck]));
			fputs(" tc rgb '" CHOSEN_RGB "' point pt lrf_pt_chosen ps 2 "
			    "lc rgb '" CHOSEN_RGB "'\n", fp);
			put_text_mark(fp, id - 1, &id, "lrf_pt_chosen", p->sx[ck],
			    num_format(buf, p->sy[ck]));
		}
	} else {
		/* several runs: each run's chosen suggestion and minimum
		 * as markers in its colour; the values go in the key */
		for (i = 0; i < n; i++) {
			const struct prun *p = &pr[i];
			enum method c = p->r->method;

			if (p->has_min) {
				fprintf(fp, "set label %d '' at ", id++);
				put_num(fp, p->r->an->min_lr);
				fputs(", ", fp);
				put_num(fp, p->r->an->min_loss);
				fprintf(fp, " front point pt lrf_pt_lowest ps 1.2 "
				    "lw 1.5 lc rgb '%s'\n", palette[i % NPALETTE]);
				put_text_mark(fp, id - 1, &id, "lrf_pt_lowest",
				    p->r->an->min_lr, num_format(buf,
				    p->r->an->min_loss));
			}
			if (p->has_sug[c]) {
				fprintf(fp, "set label %d '' at ", id++);
				put_num(fp, p->sx[c]);
				fputs(", ", fp);
				put_num(fp, p->sy[c]);
				fprintf(fp, " front point pt lrf_pt_chosen ps 2 "
				    "lc rgb '%s'\n", palette[i % NPALETTE]);
				put_text_mark(fp, id - 1, &id, "lrf_pt_chosen",
				    p->sx[c], num_format(buf, p->sy[c]));
			}
		}
	}

	if (ax->clipped) {
		snprintf(l.text, sizeof(l.text), "loss above %.3g clipped", ax->y1);
		place(&lay, &l, cand_note, NCAND(cand_note));
		fprintf(fp, "set label %d ", id++);
		plot_quote(fp, l.text);
		fprintf(fp, " at graph %g, graph 1 %s offset char %g,%g front "
		    "noenhanced\n", l.nx, l.just < 0 ? "right" : l.just > 0 ?
		    "left" : "center", l.dx, l.dy);
	}

	/* line styles: light points and a line per run; the dumb terminal
	 * draws points as letters, so there raw points are dots.  Several
	 * runs: a run's points are its curve's colour, made transparent, and
	 * each curve has its own dashes as well as its own colour. */
	for (i = 0; i < n; i++) {
		const char *rgb = single ? SINGLE_LINE_RGB : palette[i % NPALETTE];

		if (single)
			fprintf(fp, "if (lrf_text) { set style line 1 pt '.' } "
			    "else { set style line 1 pt 7 ps 0.35 lc rgb '"
			    SINGLE_RAW_RGB "' }\n");
		else
			fprintf(fp, "if (lrf_text) { set style line %zu pt '.' } "
			    "else { set style line %zu pt 7 ps 0.35 lc rgb "
			    "'#%02x%s' }\n", 2 * i + 1, 2 * i + 1, RAW_ALPHA,
			    rgb + 1);
		fprintf(fp, "set style line %zu lt %zu lw 2 lc rgb '%s'", 2 * i + 2,
		    i + 1, rgb);
		if (!single)
			fprintf(fp, " dt %s", dashes[i % NDASHES]);
		fputc('\n', fp);
	}

	for (i = 0; i < n; i++)
		nelem += pr[i].nraw > 0 || pr[i].nsmooth > 0;
	if (nelem == 0) {
		fprintf(fp, "set label %d 'no finite loss to draw' at graph 0.5, "
		    "graph 0.5 center front\n", id++);
		/* a constant above the y range draws nothing */
		fputs("plot ", fp);
		put_num(fp, ax->y1 + 1);
		fputs(" notitle\n", fp);
		return;
	}
	nelem = 0;
	fputs("plot ", fp);
	for (i = 0; i < n; i++) {
		if (pr[i].nraw > 0) {
			fprintf(fp, "%s\\\n    $RAW%zu using 1:2 with points ls %zu ",
			    nelem ? ", " : "", i + 1, 2 * i + 1);
			if (single)
				fputs(raw_stride(&pr[i]) > 1 ?
				    "title 'loss (thinned)'" : "title 'loss'", fp);
			else if (pr[i].nsmooth == 0)
				key_title(fp, pr[i].r);
			else
				fputs("notitle", fp);
			nelem++;
		}
		if (pr[i].nsmooth > 0) {
			fprintf(fp, "%s\\\n    $SMOOTH%zu using 1:2 with lines ls %zu ",
			    nelem ? ", " : "", i + 1, 2 * i + 2);
			if (single)
				fputs("title 'smoothed loss'", fp);
			else
				key_title(fp, pr[i].r);
			nelem++;
		}
	}
	/* one run: the text terminal's key names the marks; a title that is
	 * '' leaves a picture's key as it was */
	if (key_chosen)
		fputs(", \\\n    keyentry with points pt lrf_pt_chosen "
		    "title (lrf_text ? 'chosen suggestion' : '')", fp);
	if (key_other)
		fprintf(fp, ", \\\n    keyentry with points pt lrf_pt_%s "
		    "title (lrf_text ? 'other suggestion' : '')",
		    method_name(key_other_k));
	if (key_lowest)
		fputs(", \\\n    keyentry with points pt lrf_pt_lowest "
		    "title (lrf_text ? 'lowest loss' : '')", fp);
	if (!single) {
		bool any_chosen = false, any_min = false, any_explosion = false;
		bool any_steep = false;

		for (i = 0; i < n; i++) {
			any_steep |= po->slope_panel && steep_marked(&pr[i], ax);
			any_chosen |= pr[i].has_sug[pr[i].r->method];
			any_min |= pr[i].has_min;
			any_explosion |= pr[i].exploded;
		}
		if (any_chosen)
			fputs(", \\\n    keyentry with points pt lrf_pt_chosen "
			    "ps 2 lc rgb 'black' title 'chosen suggestion'", fp);
		if (any_min)
			fputs(", \\\n    keyentry with points pt lrf_pt_lowest "
			    "ps 1.2 lw 1.5 lc rgb 'black' "
			    "title 'lowest smoothed loss'", fp);
		/* the text terminal draws the dashed line as a column of
		 * '|', not as the key's sample of a line */
		if (any_explosion)
			fputs(", \\\n    keyentry with lines dt 2 lw 1.5 "
			    "lc rgb 'black' title (lrf_text ? '' : 'explosion'), "
			    "\\\n    keyentry with points pt '" TEXT_EXPLODE "' "
			    "title (lrf_text ? 'explosion' : '')", fp);
		/* the marks of the slope panel, which has no key */
		if (any_steep)
			fputs(", \\\n    keyentry with points pt lrf_pt_steep "
			    "ps 1.5 lc rgb 'black' "
			    "title 'steep suggestion (slope panel)'", fp);
	}
	fputc('\n', fp);
}

static void
slope_panel(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax)
{
	size_t i;
	int nelem = 0, id = 1;
	char buf[32];

	fputs("unset label\nunset arrow\nunset title\n", fp);
	fputs("set size 1, 0.38\nset origin 0, 0\n", fp);
	fputs("set yrange [", fp);
	put_num(fp, ax->s0);
	fputc(':', fp);
	put_num(fp, ax->s1);
	fputs("]\n", fp);
	fputs("set xzeroaxis lt -1\n", fp);
	fputs("set xlabel 'learning rate' noenhanced\n", fp);
	fputs("set ylabel 'slope: d loss / d log10(lr)' noenhanced\n", fp);
	fputs("unset key\n", fp);
	if (ax->s_above || ax->s_below) {
		char note[96];

		if (ax->s_above && ax->s_below)
			snprintf(note, sizeof(note), "slope outside [%.3g, %.3g] "
			    "clipped", ax->s0, ax->s1);
		else if (ax->s_above)
			snprintf(note, sizeof(note), "slope above %.3g clipped",
			    ax->s1);
		else
			snprintf(note, sizeof(note), "slope below %.3g clipped",
			    ax->s0);
		fprintf(fp, "set label %d ", id++);
		plot_quote(fp, note);
		fputs(" at graph 0.01, graph 0.92 left front noenhanced\n", fp);
	}
	for (i = 0; i < n; i++) {
		const struct prun *p = &pr[i];
		const struct analysis *an = p->r->an;
		const struct suggestion *s = &an->sug[M_STEEP];
		double g;

		if (!steep_marked(p, ax))
			continue;
		g = analysis_slope(p->r->rt->lr, an->smooth, p->m, s->index);
		fprintf(fp, "set label %d ", id++);
		if (n == 1) {
			char text[48];

			snprintf(text, sizeof(text), "steep %.3g", s->lr);
			plot_quote(fp, text);
		} else
			fputs("''", fp);
		fputs(" at ", fp);
		put_num(fp, p->r->rt->lr[s->index]);
		fprintf(fp, ", %s left offset char 1.5,0 front noenhanced "
		    "point pt lrf_pt_%s ps 1.5 lc rgb '%s'\n", num_format(buf, g),
		    method_name(M_STEEP), n == 1 ? MARK_RGB : palette[i % NPALETTE]);
		put_text_mark(fp, id - 1, &id, "lrf_pt_steep",
		    p->r->rt->lr[s->index], num_format(buf, g));
	}
	for (i = 0; i < n; i++)
		nelem += pr[i].nslope > 0;
	if (nelem == 0) {
		fprintf(fp, "set label %d 'no slope to draw' at graph 0.5, "
		    "graph 0.5 center front\n", id++);
		fputs("plot ", fp);
		put_num(fp, ax->s1 + 1);
		fputs(" notitle\n", fp);
		return;
	}
	nelem = 0;
	fputs("plot ", fp);
	for (i = 0; i < n; i++) {
		if (pr[i].nslope == 0)
			continue;
		fprintf(fp, "%s\\\n    $SLOPE%zu using 1:2 with lines ls %zu ",
		    nelem ? ", " : "", i + 1, 2 * i + 2);
		if (n == 1)
			fputs("title 'slope of the smoothed loss'", fp);
		else
			fputs("notitle", fp);
		nelem++;
	}
	fputc('\n', fp);
}

int
plot_write(FILE *fp, const struct report_run *runs, size_t n,
    const struct plot_opts *po)
{
	struct plot_opts def;
	struct prun *pr;
	struct axes ax;
	size_t i;

	if (po == NULL) {
		plot_opts_default(&def);
		po = &def;
	}
	if ((pr = calloc(n ? n : 1, sizeof(*pr))) == NULL)
		return -1;
	memset(&ax, 0, sizeof(ax));
	ax.linear = plot_linear_axis(runs, n);
	for (i = 0; i < n; i++) {
		prun_fill(&pr[i], &runs[i], ax.linear);
		/* several runs share the raw points one run may have */
		pr[i].raw_cap = n < 2 ? PLOT_MAX_POINTS :
		    PLOT_MAX_POINTS / n > MIN_RAW_CAP ? PLOT_MAX_POINTS / n :
		    MIN_RAW_CAP;
	}
	xrange(pr, n, &ax);
	yrange(pr, n, &ax);
	if (po->slope_panel)
		srange(pr, n, &ax);

	header(fp, pr, n, po);
	/* settings left by an earlier plot would change this one; reset
	 * keeps the terminal and the output */
	fputs("reset\n", fp);
	datablocks(fp, pr, n, po);
	common_settings(fp, &ax);
	if (po->slope_panel) {
		fputs("set multiplot\n", fp);
		fputs("set lmargin 11\nset rmargin 3\n", fp);
		fputs("set size 1, 0.62\nset origin 0, 0.38\n", fp);
	}
	loss_panel(fp, pr, n, &ax, po);
	if (po->slope_panel) {
		slope_panel(fp, pr, n, &ax);
		fputs("unset multiplot\n", fp);
	}
	free(pr);
	return ferror(fp) ? -1 : 0;
}
