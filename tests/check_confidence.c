/* check_confidence.c: the confidence verdict, its warnings and the consensus of runs */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "rangetest.h"
#include "report.h"

/*
 * Every curve is built here.  The verdict's rules (analysis.c, judge):
 * W_NO_EXPLOSION if the run never exploded, W_FEW_POINTS under 20 points
 * in the window, W_NEVER_FELL if the minimum lies in the first 5% of the
 * window, W_NOISY unless the drop exceeds the noise, W_SPREAD past a
 * decade between the methods (slide left out), W_STEEP_ABOVE where steep
 * lies above minimum's lr; V_LOW with NEVER_FELL, NOISY or FEW_POINTS;
 * V_HIGH when it exploded, fell by 3 noises or more over 50 points or
 * more, within a decade, steep not above minimum's lr; V_MEDIUM
 * otherwise.
 */

/* The noise of a run whose second differences have median absolute
 * deviation mad: 1.4826 mad / sqrt(6). */
#define NOISE_OF_MAD(mad) (1.4826 * (mad) / sqrt(6.0))

/* worked example E1 (tests/data/e1.csv), lr = 1e-7 10^(8i/100), optionally without its explosion */
static double
e1_loss(int i, int explode)
{
	double x = -7 + 8.0 * i / 100;

	return 0.3 + 2 / (1 + exp((x + 3) / 0.35)) +
	    (explode ? exp(4 * (x + 0.5)) : 0);
}

static double
e1_lr(int i)
{
	return 1e-7 * pow(10, 8.0 * i / 100);
}

/* a reproducible gaussian: splitmix64 and Box-Muller */
static double
gauss(uint64_t *s)
{
	uint64_t z[2];
	int k;

	for (k = 0; k < 2; k++) {
		uint64_t v = (*s += 0x9e3779b97f4a7c15u);

		v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9u;
		v = (v ^ (v >> 27)) * 0x94d049bb133111ebu;
		z[k] = (v ^ (v >> 31)) >> 11;
	}
	return sqrt(-2 * log(((double)z[0] + 0.5) / 9007199254740992.0)) *
	    cos(6.283185307179586 * (double)z[1] / 9007199254740992.0);
}

/* Push n rows until the explosion. */
static void
push_all(struct rangetest *rt, const struct rt_config *rc, const double *lr,
    const double *loss, int n)
{
	int i;

	rt_init(rt, rc);
	for (i = 0; i < n; i++)
		if (rt_push(rt, i, lr[i], loss[i]) == RT_EXPLODED)
			break;
}

/*
 * n rows analysed on their raw loss: no smoothing online (beta 0) nor in
 * the analysis (the causal curve, beta 0, is the raw loss).  whole: no
 * explosion (diverge 0) and every point in the window.
 */
static void
raw_run(struct rangetest *rt, struct analysis *an, const double *lr,
    const double *loss, int n, int whole)
{
	struct rt_config rc;
	struct analysis_config ac;

	rt_config_default(&rc);
	rc.beta = 0;
	if (whole)
		rc.diverge = 0;
	push_all(rt, &rc, lr, loss, n);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_CAUSAL;
	ac.span = 0;
	if (whole) {
		ac.skip_start = 0;
		ac.skip_end = 0;
	}
	ck_assert_int_eq(analysis_run(an, rt, &ac), 0);
}

/* worked example E1 with multiplicative noise, its lr scaled by shift */
static void
e1_run(struct rangetest *rt, double noise, uint64_t seed, double shift)
{
	struct rt_config rc;
	double lr[100], loss[100];
	int i;

	for (i = 0; i < 100; i++) {
		lr[i] = e1_lr(i) * shift;
		loss[i] = e1_loss(i, 1) * (1 + noise * gauss(&seed));
	}
	rt_config_default(&rc);
	push_all(rt, &rc, lr, loss, 100);
}

/*
 * Seven points with no smoothing anywhere (EMA beta 0, the causal curve), the
 * window the whole curve, lr = 1e-6 .. 1 a decade apart:
 *     loss  5 4 1 3 2 6 7
 * Second differences at rows 1..5: -2 5 -3 5 -3; their median is -2, the
 * absolute deviations 0 7 1 7 1 have median 1: noise 1.4826/sqrt(6).
 * The drop is 5 - 1 = 4.  The minimum is row 2 (minimum: lr[2]/10 =
 * lr[1]); the slope d loss/d log10(lr) up to it is -1, -2, -0.5: steep is
 * row 1; the longest strictly decreasing run 5 4 3 2 ends at row 4 with
 * length 4, so fastai's valley is 0 + int(4/3) + int(4/6) = row 1: all
 * three agree, a spread of 0.  Slide needs 16 points.  Seven points and
 * no explosion: W_FEW_POINTS and W_NO_EXPLOSION, a low verdict.
 */
START_TEST(test_hand_figures)
{
	static const double loss[7] = { 5, 4, 1, 3, 2, 6, 7 };
	double lr[7];
	struct rangetest rt;
	struct analysis an;
	int i;

	for (i = 0; i < 7; i++)
		lr[i] = pow(10, i - 6);
	raw_run(&rt, &an, lr, loss, 7, 1);
	ck_assert_uint_eq(rt.n, 7);
	ck_assert_uint_eq(an.lo, 0);
	ck_assert_uint_eq(an.hi, 7);
	ck_assert_double_eq_tol(an.noise, NOISE_OF_MAD(1), 1e-15);
	ck_assert_double_eq(an.drop, 4);
	ck_assert_uint_eq(an.min_i, 2);
	ck_assert(
	    an.sug[M_MINIMUM].ok && an.sug[M_STEEP].ok && an.sug[M_VALLEY].ok);
	ck_assert(!an.sug[M_SLIDE].ok);
	ck_assert_double_eq_tol(an.sug[M_MINIMUM].lr, 1e-5, 1e-20);
	ck_assert_uint_eq(an.sug[M_STEEP].index, 1);
	ck_assert_uint_eq(an.sug[M_VALLEY].index, 1);
	ck_assert_double_eq_tol(an.spread, 0, 1e-12);
	ck_assert(!an.exploded);
	ck_assert_uint_eq(an.warnings, W_NO_EXPLOSION | W_FEW_POINTS);
	ck_assert_int_eq(an.verdict, V_LOW);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* E1 as it is: it explodes (fastai's i=94), falls by nearly 2 (the
 * smoothed curve a little less) against no noise, 80 points, methods
 * within a decade: no warning, a high verdict. */
START_TEST(test_clean_is_high)
{
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;

	e1_run(&rt, 0, 1, 1);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	ck_assert_uint_eq(rt.explode_i, 94);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(an.exploded);
	ck_assert_uint_ge(an.hi - an.lo, 50);
	ck_assert(an.drop > 1.5 && an.drop < 2.0);
	ck_assert(an.drop >= 3 * an.noise);
	ck_assert(an.spread <= 1);
	ck_assert_uint_eq(an.warnings, 0);
	ck_assert_int_eq(an.verdict, V_HIGH);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* E1 stopped after 90 rows, before its explosion at row 94 (max_lr too
 * low): the minimum is inside the run and the methods agree within a
 * decade (0.92), so only W_NO_EXPLOSION is raised; the verdict is medium. */
START_TEST(test_no_explosion)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	double lr[90], loss[90];
	int i;

	for (i = 0; i < 90; i++) {
		lr[i] = e1_lr(i);
		loss[i] = e1_loss(i, 1);
	}
	rt_config_default(&rc);
	push_all(&rt, &rc, lr, loss, 90);
	ck_assert_uint_eq(rt.n, 90);
	ck_assert_int_eq(rt.reason, RT_RUNNING);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(!an.exploded);
	ck_assert_uint_eq(an.warnings, W_NO_EXPLOSION);
	ck_assert_int_eq(an.verdict, V_MEDIUM);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* E1 stopped after 80 rows: the causal curve's valley (row 40) lies 1.32
 * decades below the minimum / 10: W_SPREAD as well. */
START_TEST(test_spread)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	double lr[80], loss[80];
	int i;

	for (i = 0; i < 80; i++) {
		lr[i] = e1_lr(i);
		loss[i] = e1_loss(i, 1);
	}
	rt_config_default(&rc);
	push_all(&rt, &rc, lr, loss, 80);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert_uint_eq(an.sug[M_VALLEY].index, 40);
	ck_assert_double_eq_tol(an.spread,
	    log10(an.sug[M_MINIMUM].lr / an.sug[M_VALLEY].lr), 1e-12);
	ck_assert(an.spread > 1.3 && an.spread < 1.4);
	ck_assert_uint_eq(an.warnings, W_NO_EXPLOSION | W_SPREAD);
	ck_assert_int_eq(an.verdict, V_MEDIUM);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/*
 * Methods a decade and a half apart keep a clean run from a high verdict.
 * No smoothing (EMA beta 0, the causal curve), 20 rows a decade: loss 2 for 10
 * rows, then 0.5 + 1.5 exp(-(i - 10) / 8) to row 60, 0.5 to row 65, then
 * up 0.5 a row: 2.5 > 4 x 0.5 at row 69, the explosion; 70 points, the
 * window rows 7 .. 64.  The drop is convex: steepest at row 11 (the
 * central difference over rows 10 .. 12); the minimum is row 61, so
 * minimum / 10 is lr[41]: a spread of 30 rows, 1.5 decades.
 */
START_TEST(test_spread_blocks_high)
{
	struct rangetest rt;
	struct analysis an;
	double lr[80], loss[80];
	int i;

	for (i = 0; i < 80; i++) {
		lr[i] = 1e-4 * pow(10, i / 20.0);
		loss[i] = i < 10 ? 2 :
		    i <= 60      ? 0.5 + 1.5 * exp(-(i - 10) / 8.0) :
		    i <= 65      ? 0.5 :
				   0.5 + 0.5 * (i - 65);
	}
	raw_run(&rt, &an, lr, loss, 80, 0);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	ck_assert_uint_eq(rt.explode_i, 69);
	ck_assert_uint_eq(an.hi - an.lo, 58);
	ck_assert_uint_eq(an.min_i, 61);
	ck_assert_uint_eq(an.sug[M_STEEP].index, 11);
	ck_assert_double_eq_tol(an.spread, 1.5, 1e-12);
	ck_assert(an.drop >= 3 * an.noise);
	ck_assert_uint_eq(an.warnings, W_SPREAD);
	ck_assert_int_eq(an.verdict, V_MEDIUM);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/*
 * Steep above minimum's lr keeps a clean run from a high verdict.  No
 * smoothing (beta 0, the causal curve), 40 rows a decade: loss 2 for 20
 * rows, down 0.05 a row to 0.5 at row 50, flat to row 60, then up 0.25 a
 * row: 2.25 > 4 x 0.5 at row 67, the explosion; the window rows 6 .. 62.
 * The decline spans three quarters of a decade, so minimum / 10 (lr[10],
 * the minimum at row 50) lies on the plateau before it, and steep, where
 * it falls (rows 21 .. 49: equal slopes), above it: W_STEEP_ABOVE alone,
 * the methods within a decade, and the verdict medium.
 */
START_TEST(test_steep_above_blocks_high)
{
	struct rangetest rt;
	struct analysis an;
	double lr[80], loss[80];
	int i;

	for (i = 0; i < 80; i++) {
		lr[i] = 1e-4 * pow(10, i / 40.0);
		loss[i] = i < 20 ? 2 :
		    i < 50       ? 2 - 0.05 * (i - 20) :
		    i < 60       ? 0.5 :
				   0.5 + 0.25 * (i - 60);
	}
	raw_run(&rt, &an, lr, loss, 80, 0);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	ck_assert_uint_eq(rt.explode_i, 67);
	ck_assert_uint_eq(an.lo, 6);
	ck_assert_uint_eq(an.hi, 63);
	ck_assert_uint_eq(an.min_i, 50);
	ck_assert_double_eq_tol(an.sug[M_MINIMUM].lr, lr[10], 1e-15);
	ck_assert_uint_ge(an.sug[M_STEEP].index, 21);
	ck_assert_uint_le(an.sug[M_STEEP].index, 49);
	ck_assert(an.sug[M_STEEP].lr > an.sug[M_MINIMUM].lr);
	ck_assert(an.spread <= 1);
	ck_assert(an.drop >= 3 * an.noise);
	ck_assert_uint_eq(an.warnings, W_STEEP_ABOVE);
	ck_assert_int_eq(an.verdict, V_MEDIUM);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/*
 * The number of points for a high verdict.  No smoothing (EMA beta 0,
 * the causal curve), so the run explodes at the first loss above 4 times the
 * lowest.  With k rows a unit, 20 k rows a decade: loss 2 for 3 k rows,
 * down 0.4/k a row to 1.2 at row 5 k, then 0.035/k a row to 0.5 at row
 * 25 k, flat to row 30 k, then up 0.5/k a row: 2 + 0.5/k > 4 x 0.5 at
 * row 33 k + 1, the explosion.  k = 1: 35 points, the window rows
 * 3 .. 29, 27 points; k = 2: 68 points, rows 6 .. 62, 57 points.  No
 * noise, a drop of 1.5; minimum / 10 is lr[5 k], steep in the first,
 * steeper part of the decline (row 4, row 8), below it, and fastai's
 * valley on its lagged curve (row 12, row 27): all within 0.5 decades.
 * No warning either way, but under 50 points the verdict is only medium.
 */
static void
points_run(int k, struct rangetest *rt, struct analysis *an)
{
	double lr[80], loss[80];
	int i;

	for (i = 0; i < 80; i++) {
		lr[i] = 1e-4 * pow(10, i / (20.0 * k));
		loss[i] = i < 3 * k ? 2 :
		    i < 5 * k       ? 2 - 0.4 * (i - 3 * k) / k :
		    i < 25 * k      ? 1.2 - 0.035 * (i - 5 * k) / k :
		    i < 30 * k      ? 0.5 :
				      0.5 + 0.5 * (i - 30 * k) / k;
	}
	raw_run(rt, an, lr, loss, 80, 0);
	ck_assert_int_eq(rt->reason, RT_DIVERGED);
	ck_assert_uint_eq(rt->explode_i, 33 * k + 1);
	ck_assert_uint_eq(an->hi - an->lo, k == 1 ? 27 : 57);
	ck_assert_uint_eq(an->min_i, 25 * k);
	ck_assert_double_eq_tol(an->drop, 1.5, 1e-12);
	ck_assert_double_eq_tol(an->noise, 0, 1e-15);
	ck_assert_uint_eq(an->sug[M_VALLEY].index, k == 1 ? 12 : 27);
	ck_assert_uint_eq(an->sug[M_STEEP].index, k == 1 ? 4 : 8);
	ck_assert_double_eq_tol(an->spread, k == 1 ? 0.4 : 0.475, 1e-12);
	ck_assert_uint_eq(an->warnings, 0);
}

START_TEST(test_points_for_high)
{
	struct rangetest rt;
	struct analysis an;

	points_run(1, &rt, &an);
	ck_assert_int_eq(an.verdict, V_MEDIUM);
	analysis_free(&an);
	rt_free(&rt);
	points_run(2, &rt, &an);
	ck_assert_int_eq(an.verdict, V_HIGH);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* W_NEVER_FELL's edge: 20 points, the whole curve the window (pts / 20
 * = 1); a minimum at row 1 never fell, one at row 2 did. */
START_TEST(test_never_fell_edge)
{
	static const double start[2][3] = { { 2, 1, 1.5 }, { 2, 1.5, 1 } };
	struct rangetest rt;
	struct analysis an;
	double lr[20], loss[20];
	int i, c;

	for (c = 0; c < 2; c++) {
		for (i = 0; i < 20; i++) {
			lr[i] = 1e-5 * pow(10, i / 5.0);
			loss[i] = i < 3 ? start[c][i] : 1.5 + 0.5 * (i - 2);
		}
		raw_run(&rt, &an, lr, loss, 20, 1);
		ck_assert_uint_eq(an.hi - an.lo, 20);
		ck_assert_uint_eq(an.min_i, (size_t)c + 1);
		ck_assert_uint_eq(!!(an.warnings & W_NEVER_FELL), c == 0);
		ck_assert(!(an.warnings & W_FEW_POINTS));
		analysis_free(&an);
		rt_free(&rt);
	}
}
END_TEST

/* A loss that only rises, 1 + 0.002 i^2: the lowest point is the first of
 * the window, so W_NEVER_FELL; its drop is 0, no signal: W_NO_DROP, verdict
 * none, no suggestion; steep has no descent. */
START_TEST(test_never_fell)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	double lr[100], loss[100];
	int i;

	for (i = 0; i < 100; i++) {
		lr[i] = e1_lr(i);
		loss[i] = 1 + 0.002 * i * i;
	}
	rt_config_default(&rc);
	push_all(&rt, &rc, lr, loss, 100);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert_uint_eq(an.min_i, an.lo);
	ck_assert_double_eq(an.drop, 0);
	ck_assert(an.warnings & W_NEVER_FELL);
	ck_assert(!(an.warnings & (W_NO_EXPLOSION | W_FEW_POINTS)));
	ck_assert(!an.sug[M_STEEP].ok);
	/* a loss that only rises is no signal: no suggestion at all */
	ck_assert(an.warnings & W_NO_DROP);
	ck_assert(!an.sug[M_MINIMUM].ok && !an.sug[M_BLEND].ok);
	ck_assert_int_eq(an.verdict, V_NONE);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* Pure noise around 1, sd 0.1, 200 points: the smoothed curve barely
 * moves, the drop is below the noise: W_NOISY, a low verdict.  The noise
 * estimate is a robust sd: it finds 0.1 within 10% on 200 points. */
START_TEST(test_pure_noise)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	double lr[200], loss[200];
	uint64_t seed = 7;
	int i;

	for (i = 0; i < 200; i++) {
		lr[i] = 1e-6 * pow(10, 6.0 * i / 200);
		loss[i] = 1 + 0.1 * gauss(&seed);
	}
	rt_config_default(&rc);
	push_all(&rt, &rc, lr, loss, 200);
	ck_assert_int_eq(rt.reason, RT_RUNNING);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert_msg(fabs(an.noise - 0.1) < 0.01, "noise %g", an.noise);
	ck_assert(an.drop < an.noise);
	ck_assert(an.warnings & W_NOISY);
	ck_assert_int_eq(an.verdict, V_LOW);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* 10 points of E1 (every tenth row): a window of 10/10 = 1 .. 10-5 = 5,
 * 4 points: W_FEW_POINTS, a low verdict, slide impossible.  4 points:
 * under ANALYSIS_MIN_POINTS, no suggestion at all, verdict none. */
START_TEST(test_few_points)
{
	struct rt_config rc;
	struct analysis_config ac;
	struct rangetest rt;
	struct analysis an;
	double lr[10], loss[10];
	int i;

	for (i = 0; i < 10; i++) {
		lr[i] = e1_lr(10 * i);
		loss[i] = e1_loss(10 * i, 1);
	}
	rt_config_default(&rc);
	rc.diverge = 0;
	push_all(&rt, &rc, lr, loss, 10);
	ck_assert_uint_eq(rt.n, 10);
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert_uint_eq(an.lo, 1);
	ck_assert_uint_eq(an.hi, 5);
	ck_assert(an.warnings & W_FEW_POINTS);
	ck_assert(an.sug[M_MINIMUM].ok);
	ck_assert(!an.sug[M_SLIDE].ok);
	ck_assert_int_eq(an.verdict, V_LOW);
	analysis_free(&an);
	rt_free(&rt);

	push_all(&rt, &rc, lr, loss, 4);
	ck_assert_int_eq(analysis_run(&an, &rt, &ac), 0);
	ck_assert(an.warnings & W_FEW_POINTS);
	ck_assert(!an.sug[M_MINIMUM].ok && !an.sug[M_STEEP].ok);
	ck_assert_int_eq(an.verdict, V_NONE);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/*
 * The drop against the noise, with exact figures.  100 rows, 25 a
 * decade; trend 2 to row 31, down 0.075 a row to 1.55 at row 37 (steep
 * lies there, below minimum / 10, row 37), then 1.05/23 a row to 0.5 at
 * row 60, flat to row 80, then up 0.25 a row; plus s (0, 1, -1)[i mod 3];
 * row 100 is infinite, the explosion.  No smoothing in the analysis (beta
 * 0).  The window is rows 10 .. 94.  The pattern's second differences are
 * s (0, -3, 3) by row mod 3, 28 of each over rows 10 .. 93, so their
 * median is 0 and their absolute deviations have median 3 s (the kinks
 * of the trend at rows 31, 37, 60 and 80 move four values, none to the
 * middle): noise = 1.4826 3 s / sqrt(6).  The lowest raw loss is 0.5 - s,
 * first at row 62 (62 mod 3 = 2); the drop is loss[10] - (0.5 - s) =
 * 2 + s - (0.5 - s) = 1.5 + 2 s (10 mod 3 = 1).
 */
static void
drop_noise_run(double s, struct rangetest *rt, struct analysis *an)
{
	static const double e[3] = { 0, 1, -1 };
	struct rt_config rc;
	struct analysis_config ac;
	double lr[101], loss[101];
	int i;

	for (i = 0; i < 101; i++) {
		double t = i < 31 ? 2 :
		    i < 37        ? 2 - 0.075 * (i - 31) :
		    i < 60        ? 1.55 - 1.05 / 23 * (i - 37) :
		    i < 80        ? 0.5 :
				    0.5 + 0.25 * (i - 80);

		lr[i] = 1e-6 * pow(10, i / 25.0);
		loss[i] = i < 100 ? t + s * e[i % 3] : INFINITY;
	}
	rt_config_default(&rc);
	push_all(rt, &rc, lr, loss, 101);
	ck_assert_int_eq(rt->reason, RT_NONFINITE);
	ck_assert_uint_eq(rt->explode_i, 100);
	/* the run exploded with beta 0.98; the analysis reads the raw loss,
	 * which is the causal curve with beta 0 */
	rt->cfg.beta = 0;
	analysis_config_default(&ac);
	ac.smoother = SMOOTH_CAUSAL;
	ac.span = 0;
	ck_assert_int_eq(analysis_run(an, rt, &ac), 0);
	ck_assert_uint_eq(an->m, 100);
	ck_assert_uint_eq(an->lo, 10);
	ck_assert_uint_eq(an->hi, 95);
	ck_assert_uint_eq(an->min_i, 62);
	ck_assert_double_eq_tol(an->noise, NOISE_OF_MAD(3 * s), 1e-12);
	ck_assert_double_eq_tol(an->drop, 1.5 + 2 * s, 1e-12);
	ck_assert_uint_eq(an->sug[M_STEEP].index, 34);
}

START_TEST(test_drop_against_noise)
{
	struct rangetest rt;
	struct analysis an;

	/* s 0.05: noise 0.0908, drop 1.6: 17.6 noises, high */
	drop_noise_run(0.05, &rt, &an);
	ck_assert(an.drop >= 3 * an.noise);
	ck_assert_uint_ge(an.hi - an.lo, 50);
	ck_assert_uint_eq(an.warnings, 0);
	ck_assert_int_eq(an.verdict, V_HIGH);
	analysis_free(&an);
	rt_free(&rt);

	/* s 0.45: noise 0.817, drop 2.4: 2.94 noises, medium */
	drop_noise_run(0.45, &rt, &an);
	ck_assert(an.drop > an.noise && an.drop < 3 * an.noise);
	ck_assert_uint_eq(an.warnings & ~W_SPREAD, 0);
	ck_assert_int_eq(an.verdict, V_MEDIUM);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* ---- consensus ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Five runs whose chosen suggestions are set by hand; run 3 has none. */
START_TEST(test_consensus_exact)
{
	static const double lrs[5] = { 1e-3, 2e-3, 1.5e-3, 0, 1e-2 };
	struct analysis an[5];
	struct report_run runs[5];
	struct consensus c;
	unsigned char dis[5];
	int i;

	memset(an, 0, sizeof(an));
	memset(runs, 0, sizeof(runs));
	for (i = 0; i < 5; i++) {
		an[i].sug[M_STEEP].ok = lrs[i] > 0;
		an[i].sug[M_STEEP].lr = lrs[i];
		runs[i].an = &an[i];
		runs[i].method = M_STEEP;
	}
	report_consensus(runs, 5, &c, dis);
	/* four answers 1e-3 1.5e-3 2e-3 1e-2: the median is the geometric
	 * mean of the middle two, sqrt(3e-6); the spread 1 decade; 1e-2 is
	 * log10(1e-2 / 1.732e-3) = 0.76 decades off, more than half */
	ck_assert_uint_eq(c.n, 4);
	ck_assert_double_eq_tol(c.median, sqrt(3e-6), 1e-18);
	ck_assert_double_eq_tol(c.spread, 1, 1e-12);
	ck_assert_uint_eq(c.ndisagree, 1);
	ck_assert_uint_eq(dis[0], 0);
	ck_assert_uint_eq(dis[1], 0);
	ck_assert_uint_eq(dis[2], 0);
	ck_assert_uint_eq(dis[3], 0);
	ck_assert_uint_eq(dis[4], 1);

	/* without run 4: 1e-3 1.5e-3 2e-3, the median the middle one, all
	 * within 0.18 decades of it */
	report_consensus(runs, 4, &c, dis);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_double_eq(c.median, 1.5e-3);
	ck_assert_double_eq_tol(c.spread, log10(2.0), 1e-12);
	ck_assert_uint_eq(c.ndisagree, 0);

	/* no answer at all */
	for (i = 0; i < 5; i++)
		an[i].sug[M_STEEP].ok = false;
	report_consensus(runs, 5, &c, dis);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_uint_eq(c.ndisagree, 0);
}
END_TEST

/*
 * Five runs of the same setting (E1, 3% noise, other seeds) and one whose
 * lr was ten times larger: the five agree within a fraction of a decade,
 * the sixth is a decade off and disagrees; the JSON report says so.
 */
START_TEST(test_consensus_of_runs)
{
	static const char *const names[6] = { "seed1", "seed2", "seed3",
		"seed4", "seed5", "shifted" };
	struct analysis_config ac;
	struct rangetest rt[6];
	struct analysis an[6];
	struct report_run runs[6];
	struct consensus c;
	unsigned char dis[6];
	double sorted[6];
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int i;

	analysis_config_default(&ac);
	ac.smoother = SMOOTH_ZEROLAG; /* the figures' curve */
	memset(runs, 0, sizeof(runs));
	for (i = 0; i < 6; i++) {
		e1_run(&rt[i], 0.03, 100 + (uint64_t)i, i < 5 ? 1 : 10);
		ck_assert_int_eq(analysis_run(&an[i], &rt[i], &ac), 0);
		ck_assert(an[i].sug[M_MINIMUM].ok);
		runs[i].name = names[i];
		runs[i].rt = &rt[i];
		runs[i].an = &an[i];
		runs[i].acfg = &ac;
		runs[i].method = M_MINIMUM;
	}
	report_consensus(runs, 6, &c, dis);
	ck_assert_uint_eq(c.n, 6);
	/* the median of six is the geometric mean of the 3rd and 4th, both
	 * unshifted runs, near E1's minimum (10^-1.49) / 10 */
	ck_assert_msg(fabs(log10(c.median) + 2.49) < 0.2, "median %g",
	    c.median);
	ck_assert(c.spread > 0.8 && c.spread < 1.3);
	ck_assert_uint_eq(c.ndisagree, 1);
	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(dis[i], i == 5);
	/* the geometric mean of the 3rd and 4th answers in order */
	for (i = 0; i < 6; i++)
		sorted[i] = an[i].sug[M_MINIMUM].lr;
	qsort(sorted, 6, sizeof(sorted[0]), cmp_double);
	ck_assert_double_eq_tol(c.median, sqrt(sorted[2] * sorted[3]),
	    c.median * 1e-15);
	ck_assert_double_eq_tol(c.spread, log10(sorted[5] / sorted[0]), 1e-12);

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(report_json(fp, runs, 6), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_ptr_nonnull(strstr(buf, "\"consensus\": {\"runs\": 6,"));
	ck_assert_ptr_nonnull(strstr(buf, "\"disagree\": [\"shifted\"]"));
	ck_assert_ptr_nonnull(strstr(buf, "\"confidence\": {\"verdict\": \""));
	free(buf);
	for (i = 0; i < 6; i++) {
		analysis_free(&an[i]);
		rt_free(&rt[i]);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("confidence");
	TCase *tc = tcase_create("verdict");
	TCase *tcc = tcase_create("consensus");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_hand_figures);
	tcase_add_test(tc, test_clean_is_high);
	tcase_add_test(tc, test_no_explosion);
	tcase_add_test(tc, test_spread);
	tcase_add_test(tc, test_spread_blocks_high);
	tcase_add_test(tc, test_steep_above_blocks_high);
	tcase_add_test(tc, test_points_for_high);
	tcase_add_test(tc, test_never_fell);
	tcase_add_test(tc, test_never_fell_edge);
	tcase_add_test(tc, test_pure_noise);
	tcase_add_test(tc, test_few_points);
	tcase_add_test(tc, test_drop_against_noise);
	suite_add_tcase(s, tc);
	tcase_add_test(tcc, test_consensus_exact);
	tcase_add_test(tcc, test_consensus_of_runs);
	suite_add_tcase(s, tcc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
