/* blas.c: OpenBLAS, loaded when training starts instead of at every start-up */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"

typedef void sgemm_fn(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE,
    enum CBLAS_TRANSPOSE, blasint, blasint, blasint, float, const float *,
    blasint, const float *, blasint, float, float *, blasint);
typedef int get_threads_fn(void);
typedef void set_threads_fn(int);

/*
 * The pointers must have the types cblas.h declares.  The operand of
 * _Generic is not evaluated, so these name the functions without linking
 * them.
 */
_Static_assert(_Generic(&cblas_sgemm, sgemm_fn * : 1, default : 0),
    "sgemm_fn is not the type of cblas_sgemm");
_Static_assert(_Generic(&openblas_get_num_threads, get_threads_fn * : 1,
		   default : 0),
    "get_threads_fn is not the type of openblas_get_num_threads");
_Static_assert(_Generic(&openblas_set_num_threads, set_threads_fn * : 1,
		   default : 0),
    "set_threads_fn is not the type of openblas_set_num_threads");
/* dlsym returns a void *; POSIX guarantees it converts to a function pointer. */
_Static_assert(sizeof(sgemm_fn *) == sizeof(void *) &&
	sizeof(get_threads_fn *) == sizeof(void *) &&
	sizeof(set_threads_fn *) == sizeof(void *),
    "function pointers are not the size of void *");

static struct {
	void *h; /* NULL: not loaded */
	sgemm_fn *sgemm;
	get_threads_fn *get_threads;
	set_threads_fn *set_threads;
} lib;

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* The address of name in h, or NULL with dlerror()'s reason in err. */
static void *
lookup(void *h, const char *name, char *err, size_t errsz)
{
	const char *why;
	void *p;

	(void)dlerror(); /* clear any earlier error */
	if ((p = dlsym(h, name)) == NULL) {
		if ((why = dlerror()) != NULL)
			seterr(err, errsz, "cannot load OpenBLAS (%s): %s",
			    BLAS_LIBRARY, why);
		else
			seterr(err, errsz,
			    "cannot load OpenBLAS (%s): %s is "
			    "NULL",
			    BLAS_LIBRARY, name);
	}
	return p;
}

int
blas_load(char *err, size_t errsz)
{
	const char *why;
	void *h, *s[3];

	if (lib.h != NULL)
		return 0;
	if ((h = dlopen(BLAS_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		seterr(err, errsz, "cannot load OpenBLAS (%s): %s",
		    BLAS_LIBRARY, why != NULL ? why : "dlopen failed");
		return -1;
	}
	if ((s[0] = lookup(h, "cblas_sgemm", err, errsz)) == NULL ||
	    (s[1] = lookup(h, "openblas_get_num_threads", err, errsz)) ==
		NULL ||
	    (s[2] = lookup(h, "openblas_set_num_threads", err, errsz)) ==
		NULL) {
		dlclose(h);
		return -1;
	}
	memcpy(&lib.sgemm, &s[0], sizeof(lib.sgemm));
	memcpy(&lib.get_threads, &s[1], sizeof(lib.get_threads));
	memcpy(&lib.set_threads, &s[2], sizeof(lib.set_threads));
	lib.h = h;
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
	if (lib.h == NULL)
		need();
	lib.sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

int
blas_get_threads(void)
{
	if (lib.h == NULL)
		need();
	return lib.get_threads();
}

void
blas_set_threads(int n)
{
	if (lib.h == NULL)
		need();
	lib.set_threads(n);
}
