/* lazylib.h: json-c, protobuf-c, zlib, libdeflate and OpenBLAS, loaded
 * with dlopen when lrfind first needs them instead of at every start-up */
#ifndef LRFIND_LAZYLIB_H
#define LRFIND_LAZYLIB_H

#include <stddef.h>

/*
 * A CSV log, the common case, needs none of these libraries, and loading
 * the first four at start-up cost every run about 0.12 ms (a fifth of the
 * run on a 1,000-row log); OpenBLAS starts its threads as it loads, 3.4 ms
 * of every run, though only training needs it.  So lrfind does not link them: lazylib.c
 * defines functions of the same names and prototypes as the ones lrfind
 * calls (the libraries' own headers declare them, so the compiler checks
 * each definition), and each calls through a pointer that lazylib_load
 * looked up with dlsym.  The callers, and the code protoc-c generates,
 * are written as if the library were linked.
 *
 * The rule: a module calls lazylib_load for a library before its first
 * call of any of that library's functions, at the start of the reader
 * that needs it (jsonlog_read; tfevents_read; logsource's and ds_idx's
 * gzip paths; blas_load, which training calls first), and reports a
 * failure as its own error, naming the file.  A library function called
 * while its library is not loaded is a bug in lrfind: it aborts with a
 * message naming the function.  (OpenBLAS's are called through blas.h,
 * whose functions load it if need be.)
 *
 * Only functions can be forwarded: a data symbol of a library (such as
 * protobuf-c's protobuf_c_empty_string) has no definition here, so a
 * build whose code used one would fail to link, not fail at run time.
 *
 * The sonames (LAZYLIB_SONAME_*) come from the build: the Makefile reads
 * them from the libraries that -ljson-c, -lprotobuf-c, -lz and -ldeflate
 * find (src/sonames.h).
 *
 * Ownership: the module owns the handles, process-wide; a library once
 * loaded stays loaded until the process exits (nothing to free; valgrind
 * counts what dlopen holds as still reachable).  lazylib_load may be
 * called from any thread (a mutex guards it); a thread that calls a
 * library function must itself have called lazylib_load for it, or have
 * been started after such a call.
 */

enum lazylib {
	LAZYLIB_JSONC, /* JSON logs (jsonlog.c) */
	LAZYLIB_PROTOBUF_C, /* TensorBoard event files (tfevents.c) */
	LAZYLIB_ZLIB, /* gzip logs and IDX files (logsource.c, ds_idx.c) */
	LAZYLIB_LIBDEFLATE, /* gzip IDX files inflated whole (ds_idx.c) */
	LAZYLIB_OPENBLAS, /* training's matrix products (blas.c) */
	LAZYLIB_COUNT
};

/*
 * Load lib (once: later calls return 0 at once): 0, or -1 with a message
 * in err, "cannot load NAME (SONAME): REASON", REASON the dynamic
 * loader's or the name of a function the library lacks (no prefix, no
 * newline; err may be NULL).  A failure is not remembered: the next call
 * tries again.
 */
int lazylib_load(enum lazylib lib, char *err, size_t errlen);

/*
 * For the tests: lazylib_load, with soname in place of lib's own (NULL:
 * its own).  A library loaded so stays loaded as lib.
 */
int
lazylib_load_as(enum lazylib lib, const char *soname, char *err, size_t errlen);

/* The library's name ("zlib") and the soname lazylib_load opens. */
const char *lazylib_name(enum lazylib lib);
const char *lazylib_soname(enum lazylib lib);

#endif
