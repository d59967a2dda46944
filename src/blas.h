/* blas.h: OpenBLAS, loaded when training starts instead of at every start-up */
#ifndef LRFIND_BLAS_H
#define LRFIND_BLAS_H

#include <stddef.h>

#include <cblas.h> /* the enums and types only: lrfind does not link OpenBLAS */

/*
 * Loading OpenBLAS starts its threads, which cost every process about
 * 3.4 ms, also the ones that only read a log; so lrfind does not link it.
 * blas_load loads it through lazylib (lazylib_load(LAZYLIB_OPENBLAS):
 * dlopen of the soname the build found, RTLD_NOW | RTLD_LOCAL, and the
 * three functions below looked up); once it has succeeded, later calls
 * return 0 at once.
 *
 * Ownership: lazylib owns the library handle, process-wide; once loaded,
 * OpenBLAS stays loaded until the process exits (its threads run as long
 * as it is loaded, and unloading it under them is not safe), so there is
 * nothing to free.  Load it from one thread before others use it.
 *
 * blas_sgemm, blas_get_threads and blas_set_threads load the library
 * themselves if it is not loaded yet, and abort() with a message if that
 * fails: a caller that must survive a missing OpenBLAS calls blas_load
 * first and reports its error.
 */

/* 0, or -1 with lazylib_load's message in err, "cannot load OpenBLAS
 * (SONAME): REASON" (no prefix, no newline); err may be NULL. */
int blas_load(char *err, size_t errsz);

/* cblas_sgemm, with the same arguments. */
void blas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta,
    enum CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k, float alpha,
    const float *a, blasint lda, const float *b, blasint ldb, float beta,
    float *c, blasint ldc);

/* openblas_get_num_threads and openblas_set_num_threads. */
int blas_get_threads(void);
void blas_set_threads(int n);

#endif
