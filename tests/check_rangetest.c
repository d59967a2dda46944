/* check_rangetest.c: unit tests of the sweep and the online range test */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rangetest.h"
#include "sweep.h"

START_TEST(test_sweep_exp_excluded)
{
	struct sweep sw = { 1e-4, 1.0, 4, false, SWEEP_END_EXCLUDED };

	/* lr_i = 1e-4 * (1e4)^(i/4): 1e-4, 1e-3, 1e-2, 1e-1; max never reached */
	ck_assert_double_eq_tol(sweep_lr(&sw, 0), 1e-4, 1e-18);
	ck_assert_double_eq_tol(sweep_lr(&sw, 1), 1e-3, 1e-17);
	ck_assert_double_eq_tol(sweep_lr(&sw, 3), 1e-1, 1e-15);
	ck_assert_double_eq_tol(sweep_lr(&sw, 4), 1.0, 1e-14);
	ck_assert_ptr_null(sweep_check(&sw));
}
END_TEST

START_TEST(test_sweep_included_and_linear)
{
	struct sweep sw = { 1e-3, 1.0, 10, false, SWEEP_END_INCLUDED };

	ck_assert_double_eq_tol(sweep_lr(&sw, 9), 1.0, 1e-14);
	sw.linear = true;
	/* r = i/9: 1e-3 + (3/9)(0.999) = 0.334 */
	ck_assert_double_eq_tol(sweep_lr(&sw, 3), 0.334, 1e-15);
	sw.ends = SWEEP_END_EXCLUDED;
	ck_assert_double_eq_tol(sweep_lr(&sw, 5), 0.5005, 1e-15);
	sw.init_lr = 0;
	ck_assert_ptr_nonnull(sweep_check(&sw));
	sw.init_lr = 2;
	ck_assert_ptr_nonnull(sweep_check(&sw));
}
END_TEST

/* beta 0.5, k 2: s = 2, 4/3, 8/7, 3.2 > 2 * 8/7: explodes at row 3 */
START_TEST(test_ema_and_explosion)
{
	struct rt_config cfg;
	struct rangetest rt;

	rt_config_default(&cfg);
	cfg.beta = 0.5;
	cfg.diverge = 2;
	rt_init(&rt, &cfg);
	ck_assert_int_eq(rt_push(&rt, 0, 0.1, 2), RT_MORE);
	ck_assert_double_eq_tol(rt.smooth, 2, 1e-15);
	ck_assert_int_eq(rt_push(&rt, 1, 0.2, 1), RT_MORE);
	ck_assert_double_eq_tol(rt.smooth, 4.0 / 3, 1e-15);
	ck_assert_int_eq(rt_push(&rt, 2, 0.3, 1), RT_MORE);
	ck_assert_double_eq_tol(rt.smooth, 8.0 / 7, 1e-15);
	ck_assert_int_eq(rt_push(&rt, 3, 0.4, 5), RT_EXPLODED);
	ck_assert_double_eq_tol(rt.smooth, 3.2, 1e-15);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	ck_assert_uint_eq(rt.explode_i, 3);
	ck_assert_uint_eq(rt.best_i, 2);
	ck_assert_uint_eq(rt.n, 4);
	/* nothing is kept after the explosion */
	ck_assert_int_eq(rt_push(&rt, 4, 0.5, 1), RT_EXPLODED);
	ck_assert_uint_eq(rt.n, 4);
	rt_free(&rt);
}
END_TEST

START_TEST(test_nonfinite_and_errors)
{
	struct rt_config cfg;
	struct rangetest rt;

	rt_config_default(&cfg);
	rt_init(&rt, &cfg);
	ck_assert_int_eq(rt_push(&rt, 0, 0.1, 2), RT_MORE);
	ck_assert_int_eq(rt_push(&rt, 1, 0.1, 2), RT_MORE); /* equal lr */
	ck_assert_int_eq(rt_push(&rt, 2, 0.05, 2), RT_ERR_DECREASING);
	ck_assert_int_eq(rt_push(&rt, 2, 0, 2), RT_ERR_LR);
	ck_assert_int_eq(rt_push(&rt, 2, -1, 2), RT_ERR_LR);
	ck_assert_int_eq(rt_push(&rt, 2, NAN, 2), RT_ERR_LR);
	/* k x best means nothing below 0: refused while diverge is on */
	ck_assert_int_eq(rt_push(&rt, 2, 0.2, -0.5), RT_ERR_NEGATIVE);
	ck_assert_uint_eq(rt.n, 2);
	ck_assert_int_eq(rt_push(&rt, 2, 0.2, NAN), RT_EXPLODED);
	ck_assert_int_eq(rt.reason, RT_NONFINITE);
	ck_assert_uint_eq(rt.explode_i, 2);
	rt_free(&rt);
	/* with diverge off a negative loss is an ordinary row */
	cfg.diverge = 0;
	rt_init(&rt, &cfg);
	ck_assert_int_eq(rt_push(&rt, 0, 0.1, -2), RT_MORE);
	ck_assert_int_eq(rt_push(&rt, 1, 0.2, -3), RT_MORE);
	ck_assert_uint_eq(rt.n, 2);
	rt_free(&rt);
}
END_TEST

START_TEST(test_steps_and_growth)
{
	struct rt_config cfg;
	struct rangetest rt;
	size_t i;

	rt_config_default(&cfg);
	cfg.diverge = INFINITY;
	rt_init(&rt, &cfg);
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(rt_push(&rt, 10 + (int64_t)i,
				     1e-3 * (double)(i + 1), 1),
		    RT_MORE);
	ck_assert_ptr_null(rt.step); /* regular steps take no memory */
	ck_assert_int_eq(rt_step(&rt, 4999), 5009);
	ck_assert_int_eq(rt_push(&rt, 7000, 10, 1), RT_MORE);
	ck_assert_ptr_nonnull(rt.step);
	ck_assert_int_eq(rt_step(&rt, 4999), 5009);
	ck_assert_int_eq(rt_step(&rt, 5000), 7000);
	rt_free(&rt);
}
END_TEST

START_TEST(test_peer_emas)
{
	struct rt_config cfg;
	struct rangetest rt;
	double out[3];

	/* pytorch-lr-finder: s0 = x0, s = 0.05 x + 0.95 s */
	rt_config_default(&cfg);
	cfg.ema = EMA_SEEDED;
	cfg.beta = 0.95;
	cfg.diverge = 5;
	rt_init(&rt, &cfg);
	rt_push(&rt, 0, 1, 2);
	rt_push(&rt, 1, 2, 4);
	ck_assert_double_eq_tol(rt.smooth, 0.05 * 4 + 0.95 * 2, 1e-15);
	rt_causal(&rt, out);
	ck_assert_double_eq_tol(out[0], 2, 1e-15);
	ck_assert_double_eq_tol(out[1], 2.1, 1e-15);
	rt_free(&rt);
	/* Lightning: the first value is 0.02 x / (1 - 0.98^2) = 0.50505 x */
	rt_config_default(&cfg);
	cfg.ema = EMA_LIGHTNING;
	rt_init(&rt, &cfg);
	rt_push(&rt, 0, 1, 2.3);
	ck_assert_double_eq_tol(rt.smooth, 0.02 * 2.3 / (1 - 0.98 * 0.98),
	    1e-15);
	rt_push(&rt, 1, 2, 2.3);
	ck_assert_double_eq_tol(rt.smooth,
	    (0.98 * 0.02 * 2.3 + 0.02 * 2.3) / (1 - 0.98 * 0.98 * 0.98), 1e-12);
	/* worked example E1 (tests/data/e1.csv): the first values are 1.162 and 1.549 */
	ck_assert_double_eq_tol(rt.smooth, 1.549, 5e-4);
	rt_free(&rt);
}
END_TEST

/* The online EMA as first written: corr multiplied and divided by at every
 * row, for ever.  rt_push and rt_causal stop doing either once 1 - corr
 * rounds to 1; their values must not change by a bit. */
static void
ema_ref(const struct rt_config *cfg, const double *loss, size_t n, double *out)
{
	double avg = 0, corr = 1, prev = 0, b = cfg->beta;
	size_t i;

	for (i = 0; i < n; i++) {
		double x = loss[i], s = x;
		size_t t = i + 1;

		if (isfinite(x)) {
			switch (cfg->ema) {
			case EMA_SEEDED:
				s = t == 1 || b == 0 ? x :
						       (1 - b) * x + b * prev;
				break;
			case EMA_LIGHTNING:
				avg = b * avg + (1 - b) * x;
				if (t == 1)
					corr = b * b;
				else
					corr *= b;
				s = avg / (1 - corr);
				break;
			default:
				avg = b * avg + (1 - b) * x;
				corr *= b;
				s = avg / (1 - corr);
				break;
			}
			prev = s;
		}
		out[i] = s;
	}
}

START_TEST(test_ema_exact_over_long_runs)
{
	static const double betas[] = { 0, 0.3, 0.5, 0.9, 0.98, 0.999 };
	static const enum rt_ema emas[] = { EMA_BIASCORR, EMA_SEEDED,
		EMA_LIGHTNING };
	size_t n = 6000, i, e, k;
	double *loss = malloc(n * sizeof(*loss)),
	       *ref = malloc(n * sizeof(*ref));
	double *out = malloc(n * sizeof(*out));
	float *outf = malloc(n * sizeof(*outf));
	unsigned seed = 5;

	ck_assert(loss && ref && out && outf);
	for (e = 0; e < 3; e++)
		for (k = 0; k < sizeof(betas) / sizeof(betas[0]); k++) {
			struct rt_config cfg;
			struct rangetest rt;

			for (i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				loss[i] = 2 - (double)i / (double)n +
				    (double)(seed >> 16 & 0x7fff) / 32768;
			}
			/* non-finite rows, the first among them (Lightning
			 * starts its correction there) */
			loss[0] = k % 2 ? NAN : loss[0];
			loss[17] = INFINITY;
			loss[3000] = NAN;
			loss[3001] = -INFINITY;
			rt_config_default(&cfg);
			cfg.ema = emas[e];
			cfg.beta = betas[k];
			cfg.diverge = 0;
			cfg.stop_nonfinite = false;
			ema_ref(&cfg, loss, n, ref);
			rt_init(&rt, &cfg);
			/* no ck_assert per row: check logs every assertion */
			for (i = 0; i < n; i++) {
				if (rt_push(&rt, (int64_t)i,
					1e-3 * (double)(i + 1),
					loss[i]) != RT_MORE)
					ck_abort_msg("row %zu refused", i);
				if (isfinite(loss[i]) &&
				    memcmp(&rt.smooth, &ref[i],
					sizeof(double)) != 0)
					ck_abort_msg("ema %d beta %g row %zu: %.17g, %.17g",
					    emas[e], betas[k], i, rt.smooth,
					    ref[i]);
			}
			rt_causal(&rt, out);
			ck_assert_msg(memcmp(out, ref, n * sizeof(*out)) == 0,
			    "causal ema %d beta %g", emas[e], betas[k]);
			rt_causal_float(&rt, outf);
			for (i = 0; i < n; i++) {
				float r = (float)ref[i];

				if (memcmp(&outf[i], &r, sizeof(r)) != 0)
					ck_abort_msg("causal float row %zu", i);
			}
			rt_free(&rt);
		}
	free(loss);
	free(ref);
	free(out);
	free(outf);
}
END_TEST

/* Rows refused after a long run, on rt_push's path for the usual row. */
START_TEST(test_refused_after_many_rows)
{
	struct rt_config cfg;
	struct rangetest rt;
	size_t i;

	rt_config_default(&cfg);
	rt_init(&rt, &cfg);
	for (i = 0; i < 3000; i++)
		ck_assert_int_eq(rt_push(&rt, (int64_t)i, 0.1, 1), RT_MORE);
	ck_assert_int_eq(rt_push(&rt, 3000, INFINITY, 1), RT_ERR_LR);
	ck_assert_int_eq(rt_push(&rt, 3000, NAN, 1), RT_ERR_LR);
	ck_assert_int_eq(rt_push(&rt, 3000, 0.0999, 1), RT_ERR_DECREASING);
	ck_assert_uint_eq(rt.n, 3000);
	ck_assert_ptr_null(rt.step);
	/* a step that does not follow, then the usual ones again */
	ck_assert_int_eq(rt_push(&rt, 5000, 0.2, 1), RT_MORE);
	ck_assert_int_eq(rt_push(&rt, 5001, 0.2, 1), RT_MORE);
	ck_assert_int_eq(rt_step(&rt, 2999), 2999);
	ck_assert_int_eq(rt_step(&rt, 3000), 5000);
	ck_assert_int_eq(rt_step(&rt, 3001), 5001);
	/* 4x the best: the explosion, then nothing more */
	ck_assert_int_eq(rt_push(&rt, 5002, 0.3, 1000), RT_EXPLODED);
	ck_assert_int_eq(rt.reason, RT_DIVERGED);
	ck_assert_uint_eq(rt.explode_i, 3002);
	ck_assert_int_eq(rt_push(&rt, 5003, 0.3, 1), RT_EXPLODED);
	ck_assert_uint_eq(rt.n, 3003);
	rt_free(&rt);
}
END_TEST

/* rt_walk in pieces of any length gives what rt_ema gives at once, for
 * every EMA, across the settling of the bias correction and through
 * non-finite values */
START_TEST(test_walk_in_pieces)
{
	static const enum rt_ema emas[] = { EMA_BIASCORR, EMA_SEEDED,
		EMA_LIGHTNING };
	enum { N = 5000 };
	static double x[N], whole[N], part[N];
	struct rt_config cfg;
	struct rt_walk w;
	unsigned s = 7;
	size_t i, k, len;
	int e;

	for (i = 0; i < N; i++) {
		s = s * 1103515245u + 12345u;
		x[i] = 2.0 + (double)(s >> 16 & 0x7fff) / 32768;
	}
	x[3] = NAN;
	x[2500] = INFINITY;
	x[4000] = NAN;
	for (e = 0; e < 3; e++) {
		rt_config_default(&cfg);
		cfg.ema = emas[e];
		rt_ema(&cfg, x, N, whole);
		rt_walk_init(&w, &cfg);
		for (i = 0, k = 1; i < N; i += len, k = k * 7 % 1000 + 1) {
			len = k < N - i ? k : N - i;
			rt_walk(&w, x + i, len, part + i);
		}
		for (i = 0; i < N; i++)
			ck_assert_msg(memcmp(&whole[i], &part[i],
					  sizeof(double)) == 0,
			    "ema %d, point %zu: %a against %a", e, i, part[i],
			    whole[i]);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rangetest");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_sweep_exp_excluded);
	tcase_add_test(tc, test_sweep_included_and_linear);
	tcase_add_test(tc, test_ema_and_explosion);
	tcase_add_test(tc, test_nonfinite_and_errors);
	tcase_add_test(tc, test_steps_and_growth);
	tcase_add_test(tc, test_peer_emas);
	tcase_add_test(tc, test_ema_exact_over_long_runs);
	tcase_add_test(tc, test_refused_after_many_rows);
	tcase_add_test(tc, test_walk_in_pieces);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
