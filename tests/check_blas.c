/* check_blas.c: OpenBLAS loaded at run time: products against hand-computed values */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"

/*
 * A (2 x 3) and B (3 x 2), and their product by hand:
 *   row 0: 1*7 + 2*9 + 3*11 = 58,   1*8 + 2*10 + 3*12 = 64
 *   row 1: 4*7 + 5*9 + 6*11 = 139,  4*8 + 5*10 + 6*12 = 154
 * Small whole numbers: every sum is exact in float, so the checks are ==.
 */
static const float A[6] = { 1, 2, 3, 4, 5, 6 };
static const float AT[6] = { 1, 4, 2, 5, 3, 6 }; /* A^T, 3 x 2 */
static const float B[6] = { 7, 8, 9, 10, 11, 12 };
static const float BT[6] = { 7, 9, 11, 8, 10, 12 }; /* B^T, 2 x 3 */
static const float AB[4] = { 58, 64, 139, 154 };

static void
assert_mat(const float *got, const float *want, size_t rows, size_t cols,
    size_t ld)
{
	size_t i, j;

	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++)
			ck_assert_msg(got[i * ld + j] == want[i * cols + j],
			    "C[%zu][%zu] = %g, expected %g", i, j,
			    (double)got[i * ld + j],
			    (double)want[i * cols + j]);
}

START_TEST(load)
{
	char err[256] = "";

	ck_assert_int_eq(blas_load(err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	/* loaded once: later calls succeed at once, err may be NULL */
	ck_assert_int_eq(blas_load(err, sizeof(err)), 0);
	ck_assert_int_eq(blas_load(NULL, 0), 0);
	ck_assert_int_ge(blas_get_threads(), 1);
}
END_TEST

/* C = bias rows, then C += A B^T with B^T stored: the MLP's forward pass. */
START_TEST(sgemm_forward)
{
	float c[4] = { 0.5f, -1, 0.5f, -1 };
	const float want[4] = { 58.5f, 63, 139.5f, 153 };

	ck_assert_int_eq(blas_load(NULL, 0), 0);
	blas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 2, 2, 3, 1.0f, A, 3,
	    BT, 3, 1.0f, c, 2);
	assert_mat(c, want, 2, 2, 2);
}
END_TEST

/* dW += dY^T X, twice, with A^T stored: the gradients accumulate (beta 1). */
START_TEST(sgemm_accumulate)
{
	float c[4] = { 0, 0, 0, 0 };
	float want[4];
	int i;

	ck_assert_int_eq(blas_load(NULL, 0), 0);
	blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, 2, 2, 3, 1.0f, AT,
	    2, B, 2, 1.0f, c, 2);
	assert_mat(c, AB, 2, 2, 2);
	blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, 2, 2, 3, 1.0f, AT,
	    2, B, 2, 1.0f, c, 2);
	for (i = 0; i < 4; i++)
		want[i] = 2 * AB[i];
	assert_mat(c, want, 2, 2, 2);
}
END_TEST

/*
 * Both transposed, into a C whose rows are padded (ldc 3 > n): the pad
 * column is left alone.  And A^T A (3 x 3, k 2), by hand:
 *   [1 4; 2 5; 3 6] [1 2 3; 4 5 6] = [17 22 27; 22 29 36; 27 36 45].
 */
START_TEST(sgemm_strides)
{
	float c[6] = { 1, 1, -7, 1, 1, -7 };
	const float want[4] = { 59, 65, 140, 155 };
	float g[9];
	const float gw[9] = { 17, 22, 27, 22, 29, 36, 27, 36, 45 };

	ck_assert_int_eq(blas_load(NULL, 0), 0);
	blas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, 2, 2, 3, 1.0f, AT, 2,
	    BT, 3, 1.0f, c, 3);
	assert_mat(c, want, 2, 2, 3);
	ck_assert(c[2] == -7 && c[5] == -7);

	memset(g, 0, sizeof(g));
	blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, 3, 3, 2, 1.0f, A, 3,
	    A, 3, 1.0f, g, 3);
	assert_mat(g, gw, 3, 3, 3);
}
END_TEST

/* Without blas_load: the first call loads the library (each test runs in
 * a fresh process unless CK_FORK=no). */
START_TEST(lazy)
{
	float c[4] = { 0, 0, 0, 0 };

	blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1.0f, A,
	    3, B, 2, 1.0f, c, 2);
	assert_mat(c, AB, 2, 2, 2);
	ck_assert_int_eq(blas_load(NULL, 0), 0);
}
END_TEST

START_TEST(threads)
{
	int old;

	ck_assert_int_eq(blas_load(NULL, 0), 0);
	old = blas_get_threads();
	ck_assert_int_ge(old, 1);
	blas_set_threads(1);
	ck_assert_int_eq(blas_get_threads(), 1);
	blas_set_threads(2);
	ck_assert_int_eq(blas_get_threads(), 2);
	blas_set_threads(old);
	ck_assert_int_eq(blas_get_threads(), old);
}
END_TEST

static Suite *
blas_suite(void)
{
	Suite *s = suite_create("blas");
	TCase *tc;

	tc = tcase_create("load");
	tcase_add_test(tc, load);
	tcase_add_test(tc, lazy);
	tcase_add_test(tc, threads);
	suite_add_tcase(s, tc);
	tc = tcase_create("sgemm");
	tcase_add_test(tc, sgemm_forward);
	tcase_add_test(tc, sgemm_accumulate);
	tcase_add_test(tc, sgemm_strides);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(blas_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
