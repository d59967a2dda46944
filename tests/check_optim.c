/* check_optim.c: optimizer steps against hand-computed values (torch.optim's definitions) */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optim.h"

/*
 * Three parameters, three steps: gradients G[t] and learning rates L[t].
 * The expected values are worked out by hand below (the first parameter
 * in full); PyTorch 1.13's torch.optim gives the same to float precision.
 */
static const float P0[3] = { 1, -2, 0.5f };
static const float G[3][3] = { { 0.5f, -0.25f, 2 }, { 0.5f, 0.75f, -1 },
	{ -0.1f, 0.2f, 0.3f } };
static const double L[3] = { 0.1, 0.1, 0.05 };

/* Run three steps; mom (may be NULL) sets momentum/beta1 before each. */
static void
run(const struct optim_config *c, const double *mom, double out[3][3])
{
	struct optim o;
	float p[3], g[3];
	int t, i;

	memcpy(p, P0, sizeof(p));
	ck_assert_ptr_null(optim_check(c));
	ck_assert_int_eq(optim_init(&o, c, 3), 0);
	for (t = 0; t < 3; t++) {
		memcpy(g, G[t], sizeof(g));
		if (mom != NULL) {
			if (c->kind == OPT_SGD)
				o.cfg.momentum = mom[t];
			else
				o.cfg.beta1 = mom[t];
		}
		optim_step(&o, p, g, L[t]);
		for (i = 0; i < 3; i++) {
			out[t][i] = p[i];
			ck_assert_float_eq(g[i], 0); /* zero_grad done */
		}
	}
	ck_assert_uint_eq(o.t, 3);
	optim_free(&o);
}

static void
expect(double got[3][3], const double want[3][3])
{
	int t, i;

	for (t = 0; t < 3; t++)
		for (i = 0; i < 3; i++)
			ck_assert_msg(fabs(got[t][i] - want[t][i]) <= 1e-6,
			    "step %d param %d: %.9g, want %.9g", t + 1, i,
			    got[t][i], want[t][i]);
}

START_TEST(sgd_plain)
{
	struct optim_config c;
	double got[3][3];
	/* p -= lr g: 1 - 0.1*0.5 = 0.95; 0.95 - 0.05 = 0.9; 0.9 + 0.005 */
	const double want[3][3] = { { 0.95, -1.975, 0.3 }, { 0.9, -2.05, 0.4 },
		{ 0.905, -2.06, 0.385 } };

	optim_config_default(&c, OPT_SGD);
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(sgd_weight_decay)
{
	struct optim_config c;
	double got[3][3];
	/* g += 0.1 p: 1 - 0.1*(0.5 + 0.1) = 0.94; then g = 0.5 + 0.094,
	 * 0.94 - 0.0594 = 0.8806; then g = -0.1 + 0.08806, 0.8806 +
	 * 0.05*0.01194 = 0.881197 */
	const double want[3][3] = { { 0.94, -1.955, 0.295 },
		{ 0.8806, -2.01045, 0.39205 },
		{ 0.881197, -2.0103979, 0.37508973 } };

	optim_config_default(&c, OPT_SGD);
	c.weight_decay = 0.1;
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(sgd_momentum)
{
	struct optim_config c;
	double got[3][3];
	/* b = g at the first step: 0.5, p = 0.95; b = 0.9*0.5 + 0.5 = 0.95,
	 * p = 0.95 - 0.095 = 0.855; b = 0.9*0.95 - 0.1 = 0.755,
	 * p = 0.855 - 0.05*0.755 = 0.81725 */
	const double want[3][3] = { { 0.95, -1.975, 0.3 },
		{ 0.855, -2.0275, 0.22 }, { 0.81725, -2.0611248, 0.169 } };

	optim_config_default(&c, OPT_SGD);
	c.momentum = 0.9;
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(sgd_momentum_decay)
{
	struct optim_config c;
	double got[3][3];
	/* g = 0.5 + 0.01 = 0.51, b = 0.51, p = 0.949; g = 0.5 + 0.00949,
	 * b = 0.459 + 0.50949 = 0.96849, p = 0.949 - 0.096849 = 0.852151 */
	const double want[3][3] = { { 0.949, -1.973, 0.2995 },
		{ 0.852151, -2.0217271, 0.21875048 },
		{ 0.81314284, -2.0526433, 0.16730383 } };

	optim_config_default(&c, OPT_SGD);
	c.momentum = 0.9;
	c.weight_decay = 0.01;
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(sgd_nesterov)
{
	struct optim_config c;
	double got[3][3];
	/* b = 0.5, p -= 0.1*(0.5 + 0.9*0.5): 0.905; b = 0.95,
	 * p -= 0.1*(0.5 + 0.855): 0.7695 */
	const double want[3][3] = { { 0.905, -1.9525, 0.12 },
		{ 0.7695, -2.07475, 0.148 },
		{ 0.74052495, -2.1150124, 0.0871 } };

	optim_config_default(&c, OPT_SGD);
	c.momentum = 0.9;
	c.nesterov = true;
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(sgd_cyclic_momentum)
{
	struct optim_config c;
	double got[3][3];
	const double mom[3] = { 0.95, 0.9, 0.85 };
	/* as sgd_momentum but b = 0.85*0.95 - 0.1 = 0.7075 at step 3:
	 * p = 0.855 - 0.05*0.7075 = 0.819625 */
	const double want[3][3] = { { 0.95, -1.975, 0.3 },
		{ 0.855, -2.0275, 0.22 }, { 0.819625, -2.0598123, 0.171 } };

	optim_config_default(&c, OPT_SGD);
	c.momentum = 0.9;
	run(&c, mom, got);
	expect(got, want);
}
END_TEST

START_TEST(adam)
{
	struct optim_config c;
	double got[3][3];
	/*
	 * Step 1: m = 0.1*0.5 = 0.05, v = 0.001*0.25 = 0.00025; bias
	 * corrections 1 - 0.9 = 0.1 and 1 - 0.999 = 0.001 give m^ = 0.5,
	 * v^ = 0.25: p = 1 - 0.1*0.5/(0.5 + 1e-8) = 0.9 (every first step
	 * moves by lr).  Step 2: m = 0.045 + 0.05 = 0.095, v = 0.00024975 +
	 * 0.00025 = 0.00049975; 1 - 0.81 = 0.19, 1 - 0.998001 = 0.001999:
	 * m^ = 0.5, v^ = 0.25 again: p = 0.8.  Parameter 2, step 2:
	 * m = -0.0225 + 0.075 = 0.0525, v = 0.0000624375 + 0.0005625;
	 * m^ = 0.27631579, sqrt(v^) = 0.55912776: p = -1.9 - 0.049419.
	 */
	const double want[3][3] = { { 0.9, -1.9, 0.4 },
		{ 0.8, -1.9494189, 0.3733663 },
		{ 0.7662071, -1.9757731, 0.3589129 } };

	optim_config_default(&c, OPT_ADAM);
	ck_assert_double_eq(c.weight_decay, 0);
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(adam_l2)
{
	struct optim_config c;
	double got[3][3];
	/* Adam's weight decay is L2: g += 0.1 p.  Step 2: g = 0.59,
	 * m = 0.054 + 0.059 = 0.113, v = 0.00035964 + 0.0003481:
	 * p = 0.9 - 0.1*(0.113/0.19)/sqrt(0.00070774/0.001999) = 0.8000473 */
	const double want[3][3] = { { 0.9, -1.9, 0.4 },
		{ 0.8000473, -1.9160584, 0.37089515 },
		{ 0.76218575, -1.922638, 0.35506025 } };

	optim_config_default(&c, OPT_ADAM);
	c.weight_decay = 0.1;
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(adamw)
{
	struct optim_config c;
	double got[3][3];
	/* decoupled: p *= 1 - 0.1*0.1 first: 0.99 - 0.1 = 0.89;
	 * 0.89*0.99 - 0.1 = 0.7811 (the Adam step is adam's) */
	const double want[3][3] = { { 0.89, -1.88, 0.395 },
		{ 0.7811, -1.9106189, 0.3644163 },
		{ 0.74340165, -1.92742, 0.34814084 } };

	optim_config_default(&c, OPT_ADAMW);
	ck_assert_double_eq(c.weight_decay, 0.01); /* PyTorch's default */
	c.weight_decay = 0.1;
	run(&c, NULL, got);
	expect(got, want);
}
END_TEST

START_TEST(adam_cyclic_beta1)
{
	struct optim_config c;
	double got[3][3];
	const double b1[3] = { 0.95, 0.9, 0.85 };
	/* betas (beta1 set each step, 0.99), eps 1e-3: step 1 m = 0.025,
	 * v = 0.0025, 1 - 0.95 = 0.05, 1 - 0.99 = 0.01: m^ = 0.5, sqrt(v^) =
	 * 0.5: p = 1 - 0.1*0.5/(0.5 + 0.001) = 0.9001996 */
	const double want[3][3] = { { 0.9001996, -1.9003984, 0.40004998 },
		{ 0.82403612, -1.9601921, 0.40338162 },
		{ 0.80938423, -1.9833169, 0.39973941 } };

	optim_config_default(&c, OPT_ADAM);
	c.beta2 = 0.99;
	c.eps = 1e-3;
	run(&c, b1, got);
	expect(got, want);
}
END_TEST

START_TEST(checks_and_names)
{
	struct optim_config c;
	enum optim_kind k;

	optim_config_default(&c, OPT_SGD);
	c.nesterov = true;
	ck_assert_str_eq(optim_check(&c), "{nesterov} needs a {momentum} > 0");
	c.nesterov = false;
	c.momentum = -1;
	ck_assert_str_eq(optim_check(&c),
	    "{momentum} must be a finite number >= 0");
	c.momentum = 0;
	c.weight_decay = NAN;
	ck_assert_str_eq(optim_check(&c),
	    "{weight_decay} must be a finite number >= 0");
	optim_config_default(&c, OPT_ADAM);
	c.beta1 = 1;
	ck_assert_str_eq(optim_check(&c), "{beta1} must be in [0, 1)");
	c.beta1 = 0.9;
	c.eps = 0;
	ck_assert_str_eq(optim_check(&c), "{eps} must be a finite number > 0");
	ck_assert_int_eq(optim_parse("adamw", &k), 0);
	ck_assert_int_eq(k, OPT_ADAMW);
	ck_assert_int_eq(optim_parse("rmsprop", &k), -1);
	ck_assert_str_eq(optim_name(OPT_SGD), "sgd");
}
END_TEST

/* The vector loops handle a length that is not a multiple of 8 the same. */
START_TEST(long_vector)
{
	struct optim_config c;
	struct optim o;
	float p[21], g[21];
	size_t i;

	optim_config_default(&c, OPT_SGD);
	c.momentum = 0.9;
	ck_assert_int_eq(optim_init(&o, &c, 21), 0);
	for (i = 0; i < 21; i++) {
		p[i] = 1;
		g[i] = 0.5f;
	}
	optim_step(&o, p, g, 0.1);
	for (i = 0; i < 21; i++)
		g[i] = 0.5f;
	optim_step(&o, p, g, 0.1);
	for (i = 0; i < 21; i++)
		ck_assert_float_eq_tol(p[i], 0.855f, 1e-7);
	optim_free(&o);
}
END_TEST

/*
 * Adam over 21 parameters, 7 copies of the three: the SSE loop takes the
 * first 20 and the scalar loop the last; both must give the hand-computed
 * values, and the same bits.
 */
START_TEST(adam_vector_paths)
{
	struct optim_config c;
	struct optim o;
	float p[21], g[21];
	const double want[3] = { 0.7662071, -1.9757731, 0.3589129 };
	size_t i;
	int t;

	optim_config_default(&c, OPT_ADAM);
	ck_assert_int_eq(optim_init(&o, &c, 21), 0);
	for (i = 0; i < 21; i++)
		p[i] = P0[i % 3];
	for (t = 0; t < 3; t++) {
		for (i = 0; i < 21; i++)
			g[i] = G[t][i % 3];
		optim_step(&o, p, g, L[t]);
	}
	for (i = 0; i < 21; i++) {
		ck_assert_double_eq_tol(p[i], want[i % 3], 1e-6);
		ck_assert(memcmp(&p[i], &p[i % 3], sizeof(float)) == 0);
		ck_assert(memcmp(&o.sq[i], &o.sq[i % 3], sizeof(float)) == 0);
	}
	optim_free(&o);
}
END_TEST

static Suite *
optim_suite(void)
{
	Suite *s = suite_create("optim");
	TCase *tc;

	tc = tcase_create("sgd");
	tcase_add_test(tc, sgd_plain);
	tcase_add_test(tc, sgd_weight_decay);
	tcase_add_test(tc, sgd_momentum);
	tcase_add_test(tc, sgd_momentum_decay);
	tcase_add_test(tc, sgd_nesterov);
	tcase_add_test(tc, sgd_cyclic_momentum);
	tcase_add_test(tc, long_vector);
	suite_add_tcase(s, tc);
	tc = tcase_create("adam");
	tcase_add_test(tc, adam);
	tcase_add_test(tc, adam_l2);
	tcase_add_test(tc, adamw);
	tcase_add_test(tc, adam_cyclic_beta1);
	tcase_add_test(tc, adam_vector_paths);
	tcase_add_test(tc, checks_and_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(optim_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
