/* blas.c: OpenBLAS, loaded when training starts instead of at every start-up */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "blas.h"
#include "lazylib.h"

/* set once OpenBLAS is loaded; read without a lock, so the library is
 * loaded before other threads call it (blas.h) */
static bool loaded;

int
blas_load(char *err, size_t errsz)
{
	if (loaded)
		return 0;
	if (lazylib_load(LAZYLIB_OPENBLAS, err, errsz) != 0)
		return -1;
	loaded = true;
	return 0;
}

/* Load on first use; a caller that did not call blas_load cannot be told. */
static void
need(void)
{
	char err[512];

	if (blas_load(err, sizeof(err)) != 0) {
		fprintf(stderr, "blas: %s\n", err);
		abort();
	}
}

void
blas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta,
    enum CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k, float alpha,
    const float *a, blasint lda, const float *b, blasint ldb, float beta,
    float *c, blasint ldc)
{
	if (!loaded)
		need();
	cblas_sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c,
	    ldc);
}

int
blas_get_threads(void)
{
	if (!loaded)
		need();
	return openblas_get_num_threads();
}

void
blas_set_threads(int n)
{
	if (!loaded)
		need();
	openblas_set_num_threads(n);
}
