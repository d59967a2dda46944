/* lazylib.c: json-c, protobuf-c, zlib, libdeflate and OpenBLAS, loaded
 * with dlopen when lrfind first needs them (lazylib.h) */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <json-c/json.h>
#include <libdeflate.h>
#include <protobuf-c/protobuf-c.h>
#include <zlib.h>

#include "lazylib.h"
#include "sonames.h" /* made by the Makefile */

/*
 * Each library's functions, as X(return type, name, parameters,
 * arguments); V(...) for those that return nothing.  The list is what
 * `nm -D --undefined-only lrfind` showed when the libraries were linked.
 */
#define JSONC_FUNCS(X, V) \
	X(struct json_object *, json_object_array_get_idx, \
	    (const struct json_object *obj, size_t idx), (obj, idx)) \
	X(size_t, json_object_array_length, (const struct json_object *obj), \
	    (obj)) \
	X(double, json_object_get_double, (const struct json_object *obj), \
	    (obj)) \
	X(int64_t, json_object_get_int64, (const struct json_object *obj), \
	    (obj)) \
	X(enum json_type, json_object_get_type, \
	    (const struct json_object *obj), (obj)) \
	X(uint64_t, json_object_get_uint64, (const struct json_object *obj), \
	    (obj)) \
	X(struct json_object_iterator, json_object_iter_begin, \
	    (struct json_object * obj), (obj)) \
	X(struct json_object_iterator, json_object_iter_end, \
	    (const struct json_object *obj), (obj)) \
	X(json_bool, json_object_iter_equal, \
	    (const struct json_object_iterator *iter1, \
		const struct json_object_iterator *iter2), \
	    (iter1, iter2)) \
	V(json_object_iter_next, (struct json_object_iterator * iter), (iter)) \
	X(const char *, json_object_iter_peek_name, \
	    (const struct json_object_iterator *iter), (iter)) \
	X(struct json_object *, json_object_iter_peek_value, \
	    (const struct json_object_iterator *iter), (iter)) \
	X(json_bool, json_object_object_get_ex, \
	    (const struct json_object *obj, const char *key, \
		struct json_object **value), \
	    (obj, key, value)) \
	X(int, json_object_put, (struct json_object * obj), (obj)) \
	X(const char *, json_object_to_json_string_ext, \
	    (struct json_object * obj, int flags), (obj, flags)) \
	V(json_tokener_free, (struct json_tokener * tok), (tok)) \
	X(enum json_tokener_error, json_tokener_get_error, \
	    (struct json_tokener * tok), (tok)) \
	X(size_t, json_tokener_get_parse_end, (struct json_tokener * tok), \
	    (tok)) \
	X(struct json_tokener *, json_tokener_new, (void), ()) \
	X(struct json_object *, json_tokener_parse_ex, \
	    (struct json_tokener * tok, const char *str, int len), \
	    (tok, str, len)) \
	V(json_tokener_reset, (struct json_tokener * tok), (tok))

#define PROTOBUF_C_FUNCS(X, V) \
	V(protobuf_c_message_free_unpacked, \
	    (ProtobufCMessage * message, ProtobufCAllocator * allocator), \
	    (message, allocator)) \
	X(size_t, protobuf_c_message_get_packed_size, \
	    (const ProtobufCMessage *message), (message)) \
	X(size_t, protobuf_c_message_pack, \
	    (const ProtobufCMessage *message, uint8_t *out), (message, out)) \
	X(size_t, protobuf_c_message_pack_to_buffer, \
	    (const ProtobufCMessage *message, ProtobufCBuffer *buffer), \
	    (message, buffer)) \
	X(ProtobufCMessage *, protobuf_c_message_unpack, \
	    (const ProtobufCMessageDescriptor *descriptor, \
		ProtobufCAllocator *allocator, size_t len, \
		const uint8_t *data), \
	    (descriptor, allocator, len, data))

#define ZLIB_FUNCS(X, V) \
	X(int, gzbuffer, (gzFile file, unsigned size), (file, size)) \
	X(int, gzclose, (gzFile file), (file)) \
	X(const char *, gzerror, (gzFile file, int *errnum), (file, errnum)) \
	X(gzFile, gzopen, (const char *path, const char *mode), (path, mode)) \
	X(int, gzread, (gzFile file, voidp buf, unsigned len), \
	    (file, buf, len)) \
	X(int, inflate, (z_streamp strm, int flush), (strm, flush)) \
	X(int, inflateEnd, (z_streamp strm), (strm)) \
	X(int, inflateInit2_, \
	    (z_streamp strm, int windowBits, const char *version, \
		int stream_size), \
	    (strm, windowBits, version, stream_size)) \
	X(int, inflateReset, (z_streamp strm), (strm))

#define LIBDEFLATE_FUNCS(X, V) \
	X(struct libdeflate_decompressor *, libdeflate_alloc_decompressor, \
	    (void), ()) \
	V(libdeflate_free_decompressor, \
	    (struct libdeflate_decompressor * decompressor), (decompressor)) \
	X(enum libdeflate_result, libdeflate_gzip_decompress_ex, \
	    (struct libdeflate_decompressor * decompressor, const void *in, \
		size_t in_nbytes, void *out, size_t out_nbytes_avail, \
		size_t *actual_in_nbytes_ret, size_t *actual_out_nbytes_ret), \
	    (decompressor, in, in_nbytes, out, out_nbytes_avail, \
		actual_in_nbytes_ret, actual_out_nbytes_ret))

#define OPENBLAS_FUNCS(X, V) \
	V(cblas_sgemm, \
	    (const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, \
		const enum CBLAS_TRANSPOSE TransB, const blasint M, \
		const blasint N, const blasint K, const float alpha, \
		const float *A, const blasint lda, const float *B, \
		const blasint ldb, const float beta, float *C, \
		const blasint ldc), \
	    (Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, \
		ldc)) \
	X(int, openblas_get_num_threads, (void), ()) \
	V(openblas_set_num_threads, (int num_threads), (num_threads))

/* Every library: X(enum, name, soname, its functions). */
#define LIBRARIES(X) \
	X(LAZYLIB_JSONC, "json-c", LAZYLIB_SONAME_JSONC, JSONC_FUNCS) \
	X(LAZYLIB_PROTOBUF_C, "protobuf-c", LAZYLIB_SONAME_PROTOBUF_C, \
	    PROTOBUF_C_FUNCS) \
	X(LAZYLIB_ZLIB, "zlib", LAZYLIB_SONAME_ZLIB, ZLIB_FUNCS) \
	X(LAZYLIB_LIBDEFLATE, "libdeflate", LAZYLIB_SONAME_LIBDEFLATE, \
	    LIBDEFLATE_FUNCS) \
	X(LAZYLIB_OPENBLAS, "OpenBLAS", LAZYLIB_SONAME_OPENBLAS, OPENBLAS_FUNCS)

/* dlsym returns a void *; POSIX guarantees it converts to a function
 * pointer, which memcpy does here without a cast ISO C forbids. */
_Static_assert(sizeof(void (*)(void)) == sizeof(void *),
    "function pointers are not the size of void *");

/* A pointer per function, of the function's own type: NULL until loaded. */
#define PTR(ret, name, params, args) static ret(*p_##name) params;
#define PTRV(name, params, args) static void(*p_##name) params;
JSONC_FUNCS(PTR, PTRV)
PROTOBUF_C_FUNCS(PTR, PTRV)
ZLIB_FUNCS(PTR, PTRV)
LIBDEFLATE_FUNCS(PTR, PTRV)
OPENBLAS_FUNCS(PTR, PTRV)

struct sym {
	const char *name;
	void *slot; /* &p_name */
};

#define SYM(ret, name, params, args) { #name, (void *)&p_##name },
#define SYMV(name, params, args) { #name, (void *)&p_##name },
#define SYMS(e, name, soname, funcs) \
	static const struct sym syms_##e[] = { funcs(SYM, SYMV) };
LIBRARIES(SYMS)

static const struct lib {
	const char *name, *soname;
	const struct sym *syms;
	size_t nsyms;
} libs[LAZYLIB_COUNT] = {
#define LIB(e, name, soname, funcs) \
	[e] = { name, soname, syms_##e, \
		sizeof(syms_##e) / sizeof(syms_##e[0]) },
	LIBRARIES(LIB)
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *handle[LAZYLIB_COUNT]; /* NULL: not loaded */

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Open soname and fill lib's pointers: the handle, or NULL (err set). */
static void *
open_lib(const struct lib *l, const char *soname, char *err, size_t errlen)
{
	const char *why;
	void *h, *p;
	size_t i, j;

	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		seterr(err, errlen, "cannot load %s (%s): %s", l->name, soname,
		    why != NULL ? why : "dlopen failed");
		return NULL;
	}
	for (i = 0; i < l->nsyms; i++) {
		if ((p = dlsym(h, l->syms[i].name)) == NULL) {
			seterr(err, errlen,
			    "cannot load %s (%s): it has no function %s",
			    l->name, soname, l->syms[i].name);
			for (p = NULL, j = 0; j < i; j++)
				memcpy(l->syms[j].slot, &p, sizeof(p));
			dlclose(h);
			return NULL;
		}
		memcpy(l->syms[i].slot, &p, sizeof(p));
	}
	return h;
}

int
lazylib_load_as(enum lazylib lib, const char *soname, char *err, size_t errlen)
{
	int rc = 0;

	if ((unsigned)lib >= LAZYLIB_COUNT)
		abort();
	pthread_mutex_lock(&mu);
	if (handle[lib] == NULL) {
		handle[lib] = open_lib(&libs[lib],
		    soname != NULL ? soname : libs[lib].soname, err, errlen);
		rc = handle[lib] != NULL ? 0 : -1;
	}
	pthread_mutex_unlock(&mu);
	return rc;
}

int
lazylib_load(enum lazylib lib, char *err, size_t errlen)
{
	return lazylib_load_as(lib, NULL, err, errlen);
}

const char *
lazylib_name(enum lazylib lib)
{
	return (unsigned)lib < LAZYLIB_COUNT ? libs[lib].name : "?";
}

const char *
lazylib_soname(enum lazylib lib)
{
	return (unsigned)lib < LAZYLIB_COUNT ? libs[lib].soname : "?";
}

/* A function called before its library was loaded: a bug in lrfind. */
static void
unloaded(const char *name)
{
	fprintf(stderr,
	    "lrfind: internal error: %s called before its library "
	    "was loaded (lazylib_load)\n",
	    name);
	abort();
}

/* The forwarding functions, under the libraries' own names. */
#define FWD(ret, name, params, args) \
	ret name params \
	{ \
		if (p_##name == NULL) \
			unloaded(#name); \
		return p_##name args; \
	}
#define FWDV(name, params, args) \
	void name params \
	{ \
		if (p_##name == NULL) \
			unloaded(#name); \
		p_##name args; \
	}
JSONC_FUNCS(FWD, FWDV)
PROTOBUF_C_FUNCS(FWD, FWDV)
ZLIB_FUNCS(FWD, FWDV)
LIBDEFLATE_FUNCS(FWD, FWDV)
OPENBLAS_FUNCS(FWD, FWDV)
