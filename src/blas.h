/* blas.h: OpenBLAS, loaded when training starts instead of at every start-up */
#ifndef LRFIND_BLAS_H
#define LRFIND_BLAS_H

#include <stddef.h>

#include <cblas.h> /* the enums and types only: lrfind does not link OpenBLAS */

/*
 * Loading OpenBLAS starts its threads, which cost every process about
 * 3.4 ms, also the ones that only read a log; so lrfind does not link it.
 * blas_load opens BLAS_LIBRARY with dlopen (RTLD_NOW | RTLD_LOCAL) and
 * looks up the three functions below; once it has succeeded, later calls
 * return 0 at once.
 *
 * Ownership: the module owns the library handle, process-wide; once
 * loaded, OpenBLAS stays loaded until the process exits (its threads run
 * as long as it is loaded, and unloading it under them is not safe), so
 * there is nothing to free.  Not thread-safe: load it from one thread
 * before others use it.
 *
 * blas_sgemm, blas_get_threads and blas_set_threads load the library
 * themselves if it is not loaded yet, and abort() with a message if that
 * fails: a caller that must survive a missing OpenBLAS calls blas_load
 * first and reports its error.
 */

#define BLAS_LIBRARY "libopenblas.so.0"

/* 0, or -1 with a message in err naming the library and dlerror()'s
 * reason (no prefix, no newline); err may be NULL. */
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
