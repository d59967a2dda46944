/* check_mlp.c: unit tests of the MLP: RNG, init, forward, loss, finite-difference gradients */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlp.h"

START_TEST(rng_reference)
{
	struct rng r, s;
	size_t i;

	/* xoshiro256** seeded by splitmix64(42): values from the reference
	 * algorithm (Python, exact integers) */
	rng_seed(&r, 42);
	ck_assert_uint_eq(rng_next(&r), 0x15780b2e0c2ec716ULL);
	ck_assert_uint_eq(rng_next(&r), 0x6104d9866d113a7eULL);
	ck_assert_uint_eq(rng_next(&r), 0xae17533239e499a1ULL);
	rng_seed(&r, 42);
	rng_seed(&s, 43);
	ck_assert_uint_ne(rng_next(&r), rng_next(&s));
	for (i = 0; i < 1000; i++) {
		ck_assert_uint_lt(rng_below(&r, 7), 7);
		ck_assert_uint_eq(rng_below(&r, 1), 0);
	}
}
END_TEST

START_TEST(rng_distributions)
{
	struct rng r;
	double x, s1 = 0, s2 = 0, u, umin = 1, umax = 0;
	uint32_t a[100];
	unsigned seen[100];
	size_t i, n = 200000;

	rng_seed(&r, 1);
	for (i = 0; i < n; i++) {
		x = rng_normal(&r);
		s1 += x;
		s2 += x * x;
		u = rng_uniform(&r);
		ck_assert(u >= 0 && u < 1);
		umin = u < umin ? u : umin;
		umax = u > umax ? u : umax;
	}
	ck_assert_double_eq_tol(s1 / (double)n, 0, 0.01);
	ck_assert_double_eq_tol(s2 / (double)n, 1, 0.01);
	ck_assert_double_lt(umin, 1e-4);
	ck_assert_double_gt(umax, 1 - 1e-4);

	for (i = 0; i < 100; i++)
		a[i] = (uint32_t)i;
	rng_shuffle(&r, a, 100);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 100; i++)
		seen[a[i]]++;
	for (i = 0; i < 100; i++)
		ck_assert_uint_eq(seen[i], 1);
	for (i = 0; i < 100 && a[i] == i; i++)
		;
	ck_assert_uint_lt(i, 100); /* it moved something */
}
END_TEST

START_TEST(he_init)
{
	size_t sizes[] = { 400, 300, 5 };
	struct rng r;
	struct mlp m;
	double s1 = 0, s2 = 0, n = 400.0 * 300;
	size_t i;

	rng_seed(&r, 3);
	ck_assert_int_eq(mlp_init(&m, sizes, 3, 8, &r), MLP_OK);
	ck_assert_uint_eq(m.nparam, 300 * 400 + 300 + 5 * 300 + 5);
	ck_assert_ptr_eq(m.b[0], m.param + 120000);
	ck_assert_ptr_eq(m.w[1], m.param + 120300);
	for (i = 0; i < 120000; i++) {
		s1 += m.w[0][i];
		s2 += (double)m.w[0][i] * m.w[0][i];
	}
	ck_assert_double_eq_tol(s1 / n, 0, 0.001);
	ck_assert_double_eq_tol(sqrt(s2 / n), sqrt(2.0 / 400), 0.001);
	for (i = 0; i < 300; i++)
		ck_assert_float_eq(m.b[0][i], 0);
	for (i = 0; i < m.nparam; i++)
		ck_assert_float_eq(m.grad[i], 0);
	ck_assert_double_eq(mlp_flops_per_sample(&m),
	    2.0 * (400 * 300 * 2 + 300 * 5 * 3));
	mlp_free(&m);

	ck_assert_int_eq(mlp_init(&m, sizes, 1, 8, &r), MLP_ERR_ARG);
	sizes[1] = 0;
	ck_assert_int_eq(mlp_init(&m, sizes, 3, 8, &r), MLP_ERR_ARG);
}
END_TEST

/* A 2-2-2 network with hand-set weights. */
START_TEST(forward_by_hand)
{
	size_t sizes[] = { 2, 2, 2 };
	struct rng r;
	struct mlp m;
	const float x[] = { 1, 2, 0, 0 };
	const uint32_t y[] = { 1, 0 };
	const float w0[] = { 1, -1, 0.5f, 2 }, b0[] = { 0.1f, -3 };
	const float w1[] = { 1, 2, -1, 0.5f }, b1[] = { 0, 1 };
	size_t correct = 0;
	double loss, l0, l1;

	rng_seed(&r, 1);
	ck_assert_int_eq(mlp_init(&m, sizes, 3, 4, &r), MLP_OK);
	memcpy(m.w[0], w0, sizeof(w0));
	memcpy(m.b[0], b0, sizeof(b0));
	memcpy(m.w[1], w1, sizeof(w1));
	memcpy(m.b[1], b1, sizeof(b1));
	mlp_forward(&m, x, 2);
	/* row 0: hidden relu(-0.9, 1.5) = (0, 1.5), logits (3, 1.75) */
	ck_assert_float_eq(m.act[1][0], 0);
	ck_assert_float_eq(m.act[1][1], 1.5f);
	ck_assert_float_eq(m.act[2][0], 3);
	ck_assert_float_eq(m.act[2][1], 1.75f);
	/* row 1: hidden relu(0.1, -3) = (0.1, 0), logits (0.1, 0.9) */
	ck_assert_float_eq(m.act[1][2], 0.1f);
	ck_assert_float_eq(m.act[1][3], 0);
	ck_assert_float_eq_tol(m.act[2][2], 0.1f, 1e-7);
	ck_assert_float_eq_tol(m.act[2][3], 0.9f, 1e-7);
	loss = mlp_loss(&m, y, &correct);
	l0 = log(exp(3.0) + exp(1.75)) - 1.75;
	l1 = log(exp(0.1) + exp(0.9)) - 0.1;
	ck_assert_double_eq_tol(loss, (l0 + l1) / 2, 1e-6);
	ck_assert_uint_eq(correct, 0); /* both rows pick the other class */
	mlp_free(&m);
}
END_TEST

START_TEST(loss_by_hand)
{
	size_t sizes[] = { 1, 3 };
	struct rng r;
	struct mlp m;
	const float z[] = { 1, 2, 3, 0.5f, -1, 2 };
	const uint32_t y[] = { 2, 0 };
	/* softmax of each row, exact to double precision */
	const double p[] = { 0.09003057317038048, 0.2447284710547977,
		0.665240955774822, 0.1752903921400367, 0.03911257327068745,
		0.7855970345892758 };
	size_t correct = 0, i;
	double loss;

	rng_seed(&r, 1);
	ck_assert_int_eq(mlp_init(&m, sizes, 2, 2, &r), MLP_OK);
	m.batch = 2;
	memcpy(m.act[1], z, sizeof(z));
	loss = mlp_loss(&m, y, &correct);
	ck_assert_double_eq_tol(loss,
	    (0.40760596444438013 + 1.7413112966571571) / 2, 1e-6);
	ck_assert_uint_eq(correct, 1);
	for (i = 0; i < 6; i++) /* dL/dz = (p - onehot) / batch */
		ck_assert_double_eq_tol(m.act[1][i],
		    (p[i] - (i == 2 || i == 3)) / 2, 1e-7);

	/* a logit that is not finite: the loss is not finite */
	memcpy(m.act[1], z, sizeof(z));
	m.act[1][4] = INFINITY;
	ck_assert(!isfinite(mlp_loss(&m, y, NULL)));
	memcpy(m.act[1], z, sizeof(z));
	m.act[1][0] = NAN;
	ck_assert(!isfinite(mlp_loss(&m, y, NULL)));
	mlp_free(&m);
}
END_TEST

/* The loss of the batch, and the ReLU pattern (1 bit a hidden unit). */
static double
loss_of(struct mlp *m, const float *x, const uint32_t *y, size_t n,
    unsigned char *pattern)
{
	size_t l, i, k = 0;

	mlp_forward(m, x, n);
	for (l = 1; l < m->nlayers; l++)
		for (i = 0; i < n * m->size[l]; i++)
			pattern[k++] = m->act[l][i] > 0;
	return mlp_loss(m, y, NULL);
}

/*
 * Central differences against mlp_backward, parameter by parameter, layer
 * by layer.  A difference that flips a ReLU is skipped (the function has a
 * kink there); most must be checked.
 */
static void
gradcheck(const size_t *sizes, size_t nsizes, uint64_t seed)
{
	enum { N = 4 };
	struct rng r;
	struct mlp m;
	float x[N * 16], *g, saved, h = 1e-2f;
	uint32_t y[N];
	unsigned char base[N * 64 * 4], pat[N * 64 * 4];
	double lp, lm, num, ana, worst = 0;
	size_t i, l, checked = 0, skipped, total = 0;
	size_t nhid = 0, k;

	rng_seed(&r, seed);
	ck_assert_int_eq(mlp_init(&m, sizes, nsizes, N, &r), MLP_OK);
	for (i = 0; i < m.nparam; i++) /* non-zero biases too */
		m.param[i] += (float)(0.1 * rng_normal(&r));
	for (i = 0; i < N * sizes[0]; i++)
		x[i] = (float)rng_normal(&r);
	for (i = 0; i < N; i++)
		y[i] = (uint32_t)rng_below(&r, sizes[nsizes - 1]);
	for (l = 1; l + 1 < nsizes; l++)
		nhid += N * sizes[l];
	ck_assert_uint_le(nhid, sizeof(base));

	(void)loss_of(&m, x, y, N, base);
	mlp_backward(&m);
	g = malloc(m.nparam * sizeof(float));
	ck_assert_ptr_nonnull(g);
	memcpy(g, m.grad, m.nparam * sizeof(float));

	for (l = 0; l < m.nlayers; l++) {
		size_t first = (size_t)(m.w[l] - m.param);
		size_t count = sizes[l] * sizes[l + 1] + sizes[l + 1];

		skipped = 0;
		for (i = first; i < first + count; i++) {
			saved = m.param[i];
			m.param[i] = saved + h;
			lp = loss_of(&m, x, y, N, pat);
			if (memcmp(pat, base, nhid) != 0) {
				m.param[i] = saved;
				skipped++;
				continue;
			}
			m.param[i] = saved - h;
			lm = loss_of(&m, x, y, N, pat);
			m.param[i] = saved;
			if (memcmp(pat, base, nhid) != 0) {
				skipped++;
				continue;
			}
			num = (lp - lm) / (2.0 * h);
			ana = g[i];
			ck_assert_msg(fabs(num - ana) <=
				2e-4 + 2e-3 * fabs(num),
			    "layer %zu param %zu: backward %.7g, finite "
			    "difference %.7g",
			    l, i - first, ana, num);
			if (fabs(num - ana) > worst)
				worst = fabs(num - ana);
			checked++;
		}
		/* most of each layer is checked */
		ck_assert_msg(skipped * 4 <= count,
		    "layer %zu: %zu of %zu "
		    "parameters sit at a ReLU kink",
		    l, skipped, count);
		total += count;
	}
	ck_assert_uint_eq(total, m.nparam);
	ck_assert_uint_gt(checked, m.nparam / 2);
	for (k = 0; k < m.nparam; k++) /* the check left nothing moved */
		ck_assert_float_eq(m.grad[k], g[k]);
	free(g);
	mlp_free(&m);
}

START_TEST(gradcheck_one_layer)
{
	const size_t sizes[] = { 6, 4 };

	gradcheck(sizes, 2, 11);
}
END_TEST

START_TEST(gradcheck_two_hidden)
{
	const size_t sizes[] = { 5, 7, 6, 3 };

	gradcheck(sizes, 4, 12);
}
END_TEST

START_TEST(gradcheck_three_hidden)
{
	const size_t sizes[] = { 9, 16, 12, 8, 10 };

	gradcheck(sizes, 5, 13);
}
END_TEST

/* The loss layer alone: dL/dlogits against differences of the loss. */
START_TEST(gradcheck_loss)
{
	size_t sizes[] = { 1, 5 };
	struct rng r;
	struct mlp m;
	float z[3 * 5], g[3 * 5], h = 1e-3f;
	uint32_t y[3] = { 4, 0, 2 };
	double lp, lm;
	size_t i;

	rng_seed(&r, 5);
	ck_assert_int_eq(mlp_init(&m, sizes, 2, 3, &r), MLP_OK);
	for (i = 0; i < 15; i++)
		z[i] = (float)(2 * rng_normal(&r));
	m.batch = 3;
	memcpy(m.act[1], z, sizeof(z));
	(void)mlp_loss(&m, y, NULL);
	memcpy(g, m.act[1], sizeof(g));
	for (i = 0; i < 15; i++) {
		memcpy(m.act[1], z, sizeof(z));
		m.act[1][i] += h;
		lp = mlp_loss(&m, y, NULL);
		memcpy(m.act[1], z, sizeof(z));
		m.act[1][i] -= h;
		lm = mlp_loss(&m, y, NULL);
		ck_assert_double_eq_tol(g[i], (lp - lm) / (2.0 * h), 1e-4);
	}
	mlp_free(&m);
}
END_TEST

START_TEST(backward_accumulates)
{
	const size_t sizes[] = { 3, 4, 2 };
	struct rng r;
	struct mlp m;
	float x[6] = { 1, -2, 0.5f, 0.3f, 0.2f, -1 }, *g;
	uint32_t y[2] = { 1, 0 };
	size_t i;

	rng_seed(&r, 9);
	ck_assert_int_eq(mlp_init(&m, sizes, 3, 2, &r), MLP_OK);
	mlp_forward(&m, x, 2);
	(void)mlp_loss(&m, y, NULL);
	mlp_backward(&m);
	g = malloc(m.nparam * sizeof(float));
	ck_assert_ptr_nonnull(g);
	memcpy(g, m.grad, m.nparam * sizeof(float));
	for (i = 0; i < m.nparam && g[i] == 0; i++)
		;
	ck_assert_uint_lt(i, m.nparam);
	mlp_forward(&m, x, 2);
	(void)mlp_loss(&m, y, NULL);
	mlp_backward(&m);
	for (i = 0; i < m.nparam; i++)
		ck_assert_float_eq(m.grad[i], 2 * g[i]);
	mlp_zero_grad(&m);
	for (i = 0; i < m.nparam; i++)
		ck_assert_float_eq(m.grad[i], 0);
	free(g);
	mlp_free(&m);
}
END_TEST

static Suite *
mlp_suite(void)
{
	Suite *s = suite_create("mlp");
	TCase *tc;

	tc = tcase_create("rng");
	tcase_add_test(tc, rng_reference);
	tcase_add_test(tc, rng_distributions);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, he_init);
	tcase_add_test(tc, forward_by_hand);
	tcase_add_test(tc, loss_by_hand);
	tcase_add_test(tc, backward_accumulates);
	suite_add_tcase(s, tc);
	tc = tcase_create("gradients");
	tcase_add_test(tc, gradcheck_loss);
	tcase_add_test(tc, gradcheck_one_layer);
	tcase_add_test(tc, gradcheck_two_hidden);
	tcase_add_test(tc, gradcheck_three_hidden);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mlp_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
