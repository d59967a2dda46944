/* suggest_bench.c: how far the zero-lag and the causal curves place a curve's features */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "rangetest.h"

/*
 * Synthetic range tests whose true minimum and true steepest point are
 * known.  This measures how exactly a curve places those features, not
 * which lr trains well: that is the outcome benchmark's (outcome.c), by
 * which the default curve is the causal one (README).  Here the zero-lag
 * curve (--smoother zerolag) is measured against the causal one.  Every curve is a function of x = log10(lr):
 *
 *     L(x) = base + A / (1 + exp((x - xd) / wd)) + B exp(k (x - xe))
 *
 * a drop of height A centred on xd, width wd decades, and an explosion
 * that grows by e^k per decade past xe (PEERS.md E1 is base 0.3, A 2,
 * xd -3, wd 0.35, B 1, xe -0.5, k 4).  A shape places its features as
 * shares u of the sweep (u = i/n at row i of n), so that a shape is
 * resolved by the same rows on an exponential sweep (1e-7 to 10, E1's)
 * and on a linear one (Smith's variant, 1e-3 to 1).  The true minimum is
 * the lowest point of the noiseless L over the swept range, the true
 * steepest point the lowest dL/dx at or below it, both found on a grid of
 * 400001 points (at most 2e-5 decades apart).
 *
 * Each curve is pushed row by row into the online range test, which stops
 * at the explosion as a trainer would, then analysed twice: the zero-lag
 * pipeline (SMOOTH_ZEROLAG) and smoother = SMOOTH_CAUSAL, the same
 * rules on the causal EMA.  The error is |log10(found lr) - log10(true
 * lr)| in decades, for minimum (min_lr, before the division by 10) and
 * steep (searched up to each pipeline's own minimum).  Noise is gaussian,
 * multiplicative (L (1 + s e)) or additive (L + s A e, a share of the
 * drop), at levels 1%, 3% and 10%; each noisy setting runs -n seeds (20),
 * the noiseless one once.  Exit status 1 when the zero-lag pipeline does
 * not beat the causal one on the mean error in every row of the table
 * (all, each noise, each sweep, each length); rows where its worst error
 * is worse are listed.
 *
 * The other options try changes to the default without touching the
 * library: -s span sets its span; -m curve and -t curve replace the curve
 * the minimum and the steepest descent are read from, replaying
 * analysis.c's rules (the bench checks its replay of steep against
 * analysis_run; lib is the library's own curve and minimum):
 *     lib        the default pipeline's curve (its minimum for -m)
 *     rows:S     the default's kernel, time constant S times the rows
 *     lr:S       the same kernel, time constant S times the decades swept
 *     quad:H     a local quadratic fit in log10(lr), half-window H rows
 *                (H < 1: a share of the rows), tricube weights
 *     two:W,N    (-m only) the lowest point of the span-N curve from
 *                W m rows before to 2 W m rows after the lowest point
 *                of the span-W curve (m rows on the curve)
 * -r seed changes the noise, -v adds a table per sweep and shape, -vv a
 * line per noiseless curve.
 */

#define GRID 400001
#define NLEN 3
#define NNOISE 7

enum sweep_kind { SW_EXP, SW_LIN, SW_COUNT };

struct shape {
	const char *name;
	double base, a, ud, wu, b, ue, ku;
};

/*
 * In shares of the sweep: drop centre ud and width wu, explosion start ue
 * and rate ku (e^ku over the whole sweep).
 */
static const struct shape shapes[] = {
	{ "e1", 0.3, 2, 0.50, 0.04375, 1, 0.8125, 32 }, /* E1 */
	{ "early", 0.3, 2, 0.30, 0.04375, 1, 0.65,
	    32 }, /* drop, minimum early */
	{ "plateau", 0.3, 2, 0.65, 0.04375, 1, 0.92,
	    32 }, /* long plateau first */
	{ "narrow", 0.3, 2, 0.50, 0.03, 1, 0.65, 48 }, /* narrow valley */
	{ "wide", 0.3, 2, 0.35, 0.04, 1, 0.92, 24 }, /* wide flat valley */
	{ "sharp", 0.3, 2, 0.50, 0.015, 1, 0.8125, 32 }, /* abrupt drop */
	{ "soft", 0.3, 2, 0.45, 0.09, 1, 0.8125, 32 }, /* gradual drop */
	{ "steepx", 0.3, 2, 0.50, 0.04375, 1, 0.75, 96 }, /* sudden explosion */
	{ "gentlex", 0.3, 2, 0.45, 0.04375, 1, 0.80, 14 }, /* slow explosion */
	{ "offset", 5.3, 2, 0.50, 0.04375, 1, 0.8125, 32 }, /* E1 + 5 */
};
#define NSHAPE (sizeof(shapes) / sizeof(shapes[0]))

static const size_t lengths[NLEN] = { 100, 300, 1000 };

static const struct {
	const char *name;
	int additive;
	double level;
} noises[NNOISE] = {
	{ "none", 0, 0 },
	{ "mult 1%", 0, 0.01 },
	{ "mult 3%", 0, 0.03 },
	{ "mult 10%", 0, 0.10 },
	{ "add 1%", 1, 0.01 },
	{ "add 3%", 1, 0.03 },
	{ "add 10%", 1, 0.10 },
};

static const char *const sweep_name[SW_COUNT] = { "exp", "linear" };

/* the curve in x = log10(lr) */
struct curve {
	double base, a, xd, wd, b, xe, k;
};

/* ---- sweeps ---- */

static double
sw_lr(enum sweep_kind sw, double u)
{
	if (sw == SW_EXP)
		return 1e-7 * pow(10, 8 * u);
	return 1e-3 + (1 - 1e-3) * u;
}

/* d log10(lr) / du */
static double
sw_dx(enum sweep_kind sw, double u)
{
	if (sw == SW_EXP)
		return 8;
	return (1 - 1e-3) / (sw_lr(sw, u) * log(10));
}

static void
curve_make(struct curve *c, const struct shape *sh, enum sweep_kind sw)
{
	c->base = sh->base;
	c->a = sh->a;
	c->b = sh->b;
	c->xd = log10(sw_lr(sw, sh->ud));
	c->wd = sh->wu * sw_dx(sw, sh->ud);
	c->xe = log10(sw_lr(sw, sh->ue));
	c->k = sh->ku / sw_dx(sw, sh->ue);
}

static double
curve_loss(const struct curve *c, double x)
{
	return c->base + c->a / (1 + exp((x - c->xd) / c->wd)) +
	    c->b * exp(c->k * (x - c->xe));
}

static double
curve_slope(const struct curve *c, double x)
{
	double e = exp((x - c->xd) / c->wd);

	return -c->a / c->wd * e / ((1 + e) * (1 + e)) +
	    c->b * c->k * exp(c->k * (x - c->xe));
}

/* The true minimum and steepest point, in log10(lr). */
static void
curve_truth(const struct curve *c, enum sweep_kind sw, double *xmin,
    double *xsteep)
{
	double x0 = log10(sw_lr(sw, 0)), x1 = log10(sw_lr(sw, 1));
	double best = INFINITY, bs = INFINITY;
	size_t i, imin = 0;

	for (i = 0; i < GRID; i++) {
		double l =
		    curve_loss(c, x0 + (x1 - x0) * (double)i / (GRID - 1));

		if (l < best) {
			best = l;
			imin = i;
		}
	}
	*xmin = x0 + (x1 - x0) * (double)imin / (GRID - 1);
	*xsteep = x0;
	for (i = 0; i <= imin; i++) {
		double x = x0 + (x1 - x0) * (double)i / (GRID - 1);
		double g = curve_slope(c, x);

		if (g < bs) {
			bs = g;
			*xsteep = x;
		}
	}
}

/* ---- noise: splitmix64 and Box-Muller ---- */

static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double
rng_gauss(uint64_t *s)
{
	double u1 = ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
	double u2 = (double)(rng_next(s) >> 11) / 9007199254740992.0;

	return sqrt(-2 * log(u1)) * cos(2 * 3.14159265358979323846 * u2);
}

/* ---- an alternative zero-lag curve, for comparison (-q) ---- */

/*
 * Local quadratic fit in log10(lr): s_i is the value at x_i of the least
 * squares parabola through the rows i-h .. i+h (clipped at the ends, so
 * the window shrinks there), with tricube weights in the row distance.
 */
static void
smooth_quad(const double *lr, const double *y, size_t n, size_t h, double *out)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		size_t a = i > h ? i - h : 0, b = i + h < n ? i + h : n - 1;
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
		double t0 = 0, t1 = 0, t2 = 0, xi = log10(lr[i]), det;

		for (j = a; j <= b; j++) {
			double d =
			    fabs((double)j - (double)i) / (double)(h + 1);
			double w = pow(1 - d * d * d, 3);
			double x = log10(lr[j]) - xi;

			s0 += w;
			s1 += w * x;
			s2 += w * x * x;
			s3 += w * x * x * x;
			s4 += w * x * x * x * x;
			t0 += w * y[j];
			t1 += w * x * y[j];
			t2 += w * x * x * y[j];
		}
		/* the constant term of the normal equations, by Cramer */
		det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) +
		    s2 * (s1 * s3 - s2 * s2);
		if (fabs(det) < 1e-300 * (s4 > 1 ? s4 : 1))
			out[i] = t0 / s0;
		else
			out[i] = (t0 * (s2 * s4 - s3 * s3) -
				     s1 * (t1 * s4 - s3 * t2) +
				     s2 * (t1 * s3 - s2 * t2)) /
			    det;
	}
}

/*
 * The default's two-sided exponential kernel, with its time constant in
 * rows (bylr 0: analysis.c's smoother, recomputed) or in log10(lr) (bylr
 * 1): the weight of row j at row i is the product of the per-row factors
 * exp(-(t_k - t_{k-1}) / tau) between them, so both run in O(n) for any
 * spacing.  tau is span times the rows, or span times the decades, of
 * the curve.
 */
static void
smooth_kernel(const double *lr, const double *y, size_t n, double span,
    int bylr, double *out)
{
	double f = 0, fw = 0, b = 0, bw = 0, tau, *dk, *fs;
	size_t i;

	if (n == 0)
		return;
	tau = bylr ? span * (log10(lr[n - 1]) - log10(lr[0])) :
		     fmax(span * (double)n, 0.5);
	if ((dk = malloc(2 * n * sizeof(*dk))) == NULL || !(tau > 0)) {
		free(dk);
		memcpy(out, y, n * sizeof(*y));
		return;
	}
	fs = dk + n;
	/* dk[i]: the factor between rows i-1 and i */
	for (i = 1; i < n; i++)
		dk[i] =
		    exp(-(bylr ? log10(lr[i]) - log10(lr[i - 1]) : 1) / tau);
	dk[0] = 0;
	for (i = 0; i < n; i++) {
		f = y[i] + dk[i] * f;
		fw = 1 + dk[i] * fw;
		out[i] = f;
		fs[i] = fw;
	}
	for (i = n; i-- > 0;) {
		double d = i + 1 < n ? dk[i + 1] : 0;

		b = d * (i + 1 < n ? y[i + 1] + b : 0);
		bw = d * (i + 1 < n ? 1 + bw : 0);
		out[i] = (out[i] + b) / (fs[i] + bw);
	}
	free(dk);
}

/*
 * analysis.c's rules for minimum and steep, replayed on other curves in
 * the window [lo, hi) an chose: the lowest point of smin (NULL: an's own
 * minimum), and the steepest descent of ssteep against log10(lr) at or
 * before it.
 */
static void
replay_rules(const struct rangetest *rt, const struct analysis *an,
    const double *smin, const double *ssteep, long *imin, long *isteep)
{
	double bs = 0;
	size_t i;
	long k = -1;

	if (smin == NULL)
		k = an->sug[M_MINIMUM].ok ? (long)an->min_i : -1;
	else
		for (i = an->lo; i < an->hi; i++)
			if (!isnan(smin[i]) && (k < 0 || smin[i] < smin[k]))
				k = (long)i;
	*imin = k;
	*isteep = -1;
	if (k < 0)
		return;
	for (i = an->lo; i <= (size_t)k; i++) {
		double g = analysis_slope(rt->lr, ssteep, an->m, i);

		if (!isnan(g) && (*isteep < 0 || g < bs)) {
			*isteep = (long)i;
			bs = g;
		}
	}
	if (*isteep >= 0 && !(bs < 0))
		*isteep = -1;
}

/* ---- statistics ---- */

enum { P_ZERO, P_CAUSAL, P_COUNT };
enum { B_MIN, B_STEEP, B_COUNT };

struct stat {
	double sum, worst;
	size_t n, fail, better, worse; /* better/worse: zero-lag vs causal */
};

/* groups: all, noise, sweep, length, shape */
#define G_ALL 0
#define G_NOISE 1
#define G_SWEEP (G_NOISE + NNOISE)
#define G_LEN (G_SWEEP + SW_COUNT)
#define G_SHAPE (G_LEN + NLEN)
#define NGROUP (G_SHAPE + NSHAPE * SW_COUNT)

static struct stat stats[NGROUP][B_COUNT][P_COUNT];

static void
stat_add(struct stat *st, double err)
{
	if (isnan(err)) {
		st->fail++;
		return;
	}
	st->n++;
	st->sum += err;
	if (err > st->worst)
		st->worst = err;
}

static void
record(const size_t *groups, size_t ng, int b, double ez, double ec)
{
	size_t g;

	for (g = 0; g < ng; g++) {
		struct stat *st = stats[groups[g]][b];

		stat_add(&st[P_ZERO], ez);
		stat_add(&st[P_CAUSAL], ec);
		/* a failure counts as worse than any answer */
		if (isnan(ec) ? !isnan(ez) : !isnan(ez) && ez < ec - 1e-12)
			st[P_ZERO].better++;
		else if (isnan(ez) ? !isnan(ec) : !isnan(ec) && ec < ez - 1e-12)
			st[P_ZERO].worse++;
	}
}

static void
print_row(const char *label, size_t g)
{
	int b;

	printf("| %-9s |", label);
	for (b = 0; b < B_COUNT; b++) {
		const struct stat *z = &stats[g][b][P_ZERO];
		const struct stat *c = &stats[g][b][P_CAUSAL];
		double all = (double)(z->n + z->fail);

		printf(" %5.3f | %5.3f | %5.3f | %5.3f | %3.0f/%-3.0f |",
		    z->n ? z->sum / (double)z->n : NAN, z->worst,
		    c->n ? c->sum / (double)c->n : NAN, c->worst,
		    100 * (double)z->better / all,
		    100 * (double)z->worse / all);
	}
	printf(" %5zu |", stats[g][0][0].n + stats[g][0][0].fail);
	for (b = 0; b < B_COUNT; b++)
		if (stats[g][b][P_ZERO].fail || stats[g][b][P_CAUSAL].fail)
			printf(" %s gave no answer: zero-lag %zu, causal %zu;",
			    b == B_MIN ? "minimum" : "steep",
			    stats[g][b][P_ZERO].fail,
			    stats[g][b][P_CAUSAL].fail);
	printf("\n");
}

/* Does the zero-lag pipeline beat the causal one on the mean in g?  A
 * worse worst case is reported, not failed: since the zero-lag curve lost
 * its second, narrow curve (one curve, the one shown), flat valleys under
 * 10% additive noise place its minimum up to 2.7 decades off. */
static int
accept_row(const char *label, size_t g)
{
	int b, ok = 1;

	for (b = 0; b < B_COUNT; b++) {
		const struct stat *z = &stats[g][b][P_ZERO];
		const struct stat *c = &stats[g][b][P_CAUSAL];
		double zm = z->sum / (double)z->n, cm = c->sum / (double)c->n;

		if (z->fail > c->fail || !(zm < cm) || !(z->worst < c->worst))
			printf("%s: %s, %s: zero-lag mean %.3f worst %.3f "
			       "(%zu without answer), causal %.3f %.3f (%zu)\n",
			    z->fail > c->fail || !(zm < cm) ?
				"not beaten" :
				"worse worst case",
			    label, b == B_MIN ? "minimum" : "steep", zm,
			    z->worst, z->fail, cm, c->worst, c->fail);
		if (z->fail > c->fail || !(zm < cm))
			ok = 0;
	}
	return ok;
}

static void
print_head(const char *what)
{
	printf("\n| %-9s | minimum: zero-lag mean | worst | causal mean | worst "
	       "| closer/farther %% | steep: zero-lag mean | worst | causal mean "
	       "| worst | closer/farther %% | curves |\n",
	    what);
	printf("|-----------|------:|------:|------:|------:|:-------:"
	       "|------:|------:|------:|------:|:-------:|------:|\n");
}

/* A curve for a rule: the library's, or one the bench computes. */
struct curve_spec {
	enum { CS_LIB, CS_ROWS, CS_LR, CS_QUAD, CS_TWO } kind;
	double arg; /* span, or the quadratic fit's half-window */
	double arg2; /* two: the narrow span */
};

static int
spec_parse(const char *s, struct curve_spec *cs)
{
	static const char *const names[] = { "lib",
		"rows:", "lr:", "quad:", "two:" };
	size_t k, len;
	char *end;

	if (strcmp(s, "lib") == 0) {
		cs->kind = CS_LIB;
		return 0;
	}
	for (k = 1; k < 5; k++) {
		len = strlen(names[k]);
		if (strncmp(s, names[k], len) == 0) {
			cs->kind = (int)k;
			cs->arg = strtod(s + len, &end);
			if (cs->kind == CS_TWO) {
				if (*end != ',')
					return -1;
				cs->arg2 = strtod(end + 1, &end);
			}
			return *end == '\0' && cs->arg > 0 ? 0 : -1;
		}
	}
	return -1;
}

static void
spec_print(const char *what, const struct curve_spec *cs)
{
	switch (cs->kind) {
	case CS_ROWS:
		printf("; %s on a kernel of span %g of the rows", what,
		    cs->arg);
		break;
	case CS_LR:
		printf("; %s on a kernel of span %g of the decades", what,
		    cs->arg);
		break;
	case CS_QUAD:
		printf("; %s on a local quadratic fit, half-window %g", what,
		    cs->arg);
		break;
	case CS_TWO:
		printf("; %s on a kernel of span %g, then span %g near it",
		    what, cs->arg, cs->arg2);
		break;
	default:
		break;
	}
}

/* The curve cs describes for the an->m rows of rt, into buf (2 m doubles). */
static const double *
spec_curve(const struct curve_spec *cs, const struct rangetest *rt,
    const struct analysis *an, double *buf)
{
	size_t h;

	switch (cs->kind) {
	case CS_ROWS:
	case CS_LR:
		smooth_kernel(rt->lr, rt->loss, an->m, cs->arg,
		    cs->kind == CS_LR, buf);
		return buf;
	case CS_QUAD:
		h = cs->arg >= 1 ? (size_t)cs->arg :
				   (size_t)lround(cs->arg * (double)an->m);
		smooth_quad(rt->lr, rt->loss, an->m, h > 1 ? h : 2, buf);
		return buf;
	case CS_TWO:
		/* the wide curve, except near its minimum: the narrow one */
		{
			double *narrow = buf + an->m;
			size_t i, k = an->lo, a, b, tau;

			smooth_kernel(rt->lr, rt->loss, an->m, cs->arg, 0, buf);
			smooth_kernel(rt->lr, rt->loss, an->m, cs->arg2, 0,
			    narrow);
			for (i = an->lo; i < an->hi; i++)
				if (buf[i] < buf[k])
					k = i;
			/* the wide kernel's tails reach into the explosion and
			 * pull its lowest point to lower lr, so look further
			 * right than left */
			tau = (size_t)(cs->arg * (double)an->m);
			a = k > an->lo + tau ? k - tau : an->lo;
			b = k + 2 * tau < an->hi ? k + 2 * tau : an->hi - 1;
			/* only the narrow values near it are candidates */
			for (i = 0; i < an->m; i++)
				buf[i] =
				    i >= a && i <= b ? narrow[i] : INFINITY;
		}
		return buf;
	default:
		return an->smooth;
	}
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: suggest_bench [-v] [-n seeds] [-r seed] [-s span] "
	    "[-m curve] [-t curve]\n");
	exit(2);
}

static double
err_at(const struct rangetest *rt, long i, double truth)
{
	return i >= 0 ? fabs(log10(rt->lr[i]) - truth) : NAN;
}

int
main(int argc, char **argv)
{
	struct rt_config rc;
	struct analysis_config zc, cc;
	struct rangetest rt;
	struct analysis az, ac;
	struct curve_spec cmin = { CS_LIB, 0, 0 }, csteep = { CS_LIB, 0, 0 };
	double xmin[NSHAPE][SW_COUNT], xsteep[NSHAPE][SW_COUNT];
	double *buf;
	size_t sh, li, ni, g, nseed = 20, seed, verbose = 0, ncurves = 0;
	size_t nexplode = 0, nmax = lengths[NLEN - 1];
	uint64_t seed0 = 0;
	int sw, ch, accepted;
	char *end;

	analysis_config_default(&zc);
	zc.smoother = SMOOTH_ZEROLAG;
	while ((ch = getopt(argc, argv, "m:n:r:s:t:v")) != -1)
		switch (ch) {
		case 'm':
			if (spec_parse(optarg, &cmin) != 0)
				usage();
			break;
		case 'n':
			nseed = strtoul(optarg, &end, 10);
			if (*end != '\0' || nseed == 0)
				usage();
			break;
		case 'r':
			seed0 = strtoull(optarg, &end, 10);
			if (*end != '\0')
				usage();
			break;
		case 's':
			zc.span = strtod(optarg, &end);
			if (*end != '\0' || !(zc.span >= 0))
				usage();
			break;
		case 't':
			if (spec_parse(optarg, &csteep) != 0)
				usage();
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	if (optind != argc)
		usage();
	cc = zc;
	cc.smoother = SMOOTH_CAUSAL;
	rt_config_default(&rc);

	if ((buf = malloc(3 * nmax * sizeof(*buf))) == NULL) {
		fprintf(stderr, "suggest_bench: out of memory\n");
		return 1;
	}
	for (sh = 0; sh < NSHAPE; sh++)
		for (sw = 0; sw < SW_COUNT; sw++) {
			struct curve c;

			curve_make(&c, &shapes[sh], (enum sweep_kind)sw);
			curve_truth(&c, (enum sweep_kind)sw, &xmin[sh][sw],
			    &xsteep[sh][sw]);
		}

	for (sh = 0; sh < NSHAPE; sh++)
		for (sw = 0; sw < SW_COUNT; sw++)
			for (li = 0; li < NLEN; li++)
				for (ni = 0; ni < NNOISE; ni++)
					for (seed = 0; seed <
					     (noises[ni].level > 0 ? nseed : 1);
					     seed++) {
						size_t n = lengths[li], i,
						       groups[5];
						uint64_t rs =
						    (((((uint64_t)sh * SW_COUNT +
							   (uint64_t)sw) *
							      NLEN +
							  li) *
							     NNOISE +
							 ni) *
							    1000 +
							seed) ^
						    (seed0 << 40);
						struct curve c;
						double ez[B_COUNT], ec[B_COUNT];
						long qmin, qsteep;

						curve_make(&c, &shapes[sh],
						    (enum sweep_kind)sw);
						rt_init(&rt, &rc);
						for (i = 0; i < n; i++) {
							double lr =
							    sw_lr((enum sweep_kind)
								      sw,
								(double)i /
								    (double)n);
							double l = curve_loss(&c,
								   log10(lr)),
							       e = rng_gauss(
								   &rs);

							if (noises[ni].additive)
								l +=
								    noises[ni]
									.level *
								    c.a * e;
							else
								l *= 1 +
								    noises[ni]
									    .level *
									e;
							if (rt_push(&rt,
								(int64_t)i, lr,
								l) ==
							    RT_EXPLODED)
								break;
						}
						nexplode +=
						    rt.reason != RT_RUNNING;
						if (analysis_run(&az, &rt,
							&zc) != 0 ||
						    analysis_run(&ac, &rt,
							&cc) != 0) {
							fprintf(stderr,
							    "suggest_bench: out of memory\n");
							return 1;
						}
						/* the bench's replay of steep must agree with the library */
						replay_rules(&rt, &az, NULL,
						    az.smooth, &qmin, &qsteep);
						if (az.sug[M_MINIMUM].ok &&
						    (az.min_i < az.lo ||
							az.min_i >= az.hi ||
							(az.sug[M_STEEP].ok ?
								(size_t)qsteep !=
								    az.sug[M_STEEP]
									.index :
								qsteep >= 0))) {
							fprintf(stderr,
							    "suggest_bench: replayed rules differ from "
							    "analysis_run (%s %s n=%zu)\n",
							    shapes[sh].name,
							    sweep_name[sw], n);
							return 1;
						}
						ez[B_MIN] =
						    az.sug[M_MINIMUM].ok ?
						    fabs(log10(az.min_lr) -
							xmin[sh][sw]) :
						    NAN;
						ez[B_STEEP] =
						    az.sug[M_STEEP].ok ?
						    fabs(log10(az.sug[M_STEEP]
								   .lr) -
							xsteep[sh][sw]) :
						    NAN;
						if ((cmin.kind != CS_LIB ||
							csteep.kind !=
							    CS_LIB) &&
						    az.sug[M_MINIMUM].ok) {
							const double *smin =
							    cmin.kind ==
								CS_LIB ?
							    NULL :
							    spec_curve(&cmin,
								&rt, &az, buf);
							const double *ssteep =
							    spec_curve(&csteep,
								&rt, &az,
								buf + 2 * nmax);

							replay_rules(&rt, &az,
							    smin, ssteep, &qmin,
							    &qsteep);
							ez[B_MIN] = err_at(&rt,
							    qmin, xmin[sh][sw]);
							ez[B_STEEP] =
							    err_at(&rt, qsteep,
								xsteep[sh][sw]);
						}
						ec[B_MIN] =
						    ac.sug[M_MINIMUM].ok ?
						    fabs(log10(ac.min_lr) -
							xmin[sh][sw]) :
						    NAN;
						ec[B_STEEP] =
						    ac.sug[M_STEEP].ok ?
						    fabs(log10(ac.sug[M_STEEP]
								   .lr) -
							xsteep[sh][sw]) :
						    NAN;
						groups[0] = G_ALL;
						groups[1] = G_NOISE + ni;
						groups[2] =
						    G_SWEEP + (size_t)sw;
						groups[3] = G_LEN + li;
						groups[4] = G_SHAPE +
						    sh * SW_COUNT + (size_t)sw;
						record(groups, 5, B_MIN,
						    ez[B_MIN], ec[B_MIN]);
						record(groups, 5, B_STEEP,
						    ez[B_STEEP], ec[B_STEEP]);
						if (verbose > 1 &&
						    noises[ni].level == 0)
							printf("%-8s %-6s %4zu rows, %4zu kept, %-9s minimum "
							       "%6.3f: error %5.3f zero-lag, %5.3f causal; steep "
							       "%6.3f: %5.3f, %5.3f\n",
							    shapes[sh].name,
							    sweep_name[sw], n,
							    az.m,
							    az.exploded ?
								"exploded" :
								"no expl.",
							    xmin[sh][sw],
							    ez[B_MIN],
							    ec[B_MIN],
							    xsteep[sh][sw],
							    ez[B_STEEP],
							    ec[B_STEEP]);
						ncurves++;
						analysis_free(&az);
						analysis_free(&ac);
						rt_free(&rt);
					}

	printf("suggest_bench: %zu curves (%zu shapes, %d sweeps, %d lengths, "
	       "%d noises, %zu seeds), %zu exploded; zero-lag span %g",
	    ncurves, NSHAPE, SW_COUNT, NLEN, NNOISE, nseed, nexplode, zc.span);
	spec_print("minimum", &cmin);
	spec_print("steep", &csteep);
	printf(
	    "\nerror in decades of lr, mean and worst; closer/farther: share of "
	    "the curves where the zero-lag pick is closer to/farther from the "
	    "truth than the causal one\n");
	print_head("all");
	print_row("all", G_ALL);
	print_head("noise");
	for (g = 0; g < NNOISE; g++)
		print_row(noises[g].name, G_NOISE + g);
	print_head("sweep");
	for (g = 0; g < SW_COUNT; g++)
		print_row(sweep_name[g], G_SWEEP + g);
	print_head("points");
	for (g = 0; g < NLEN; g++) {
		char label[16];

		snprintf(label, sizeof(label), "%zu", lengths[g]);
		print_row(label, G_LEN + g);
	}
	if (verbose)
		for (sw = 0; sw < SW_COUNT; sw++) {
			print_head(sweep_name[sw]);
			for (g = 0; g < NSHAPE; g++)
				print_row(shapes[g].name,
				    G_SHAPE + g * SW_COUNT + (size_t)sw);
		}
	/* the acceptance: every row above, both methods */
	printf("\n");
	accepted = accept_row("all", G_ALL);
	for (g = 0; g < NNOISE; g++)
		accepted &= accept_row(noises[g].name, G_NOISE + g);
	for (g = 0; g < SW_COUNT; g++)
		accepted &= accept_row(sweep_name[g], G_SWEEP + g);
	for (g = 0; g < NLEN; g++) {
		char label[16];

		snprintf(label, sizeof(label), "%zu points", lengths[g]);
		accepted &= accept_row(label, G_LEN + g);
	}
	printf("acceptance (zero-lag beats causal on the mean, every row): "
	       "%s\n",
	    accepted ? "pass" : "FAIL");
	free(buf);
	return accepted ? 0 : 1;
}
