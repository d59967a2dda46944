/* check_lazylib.c: json-c, protobuf-c, zlib and libdeflate loaded at run
 * time: failures to load, and the forwarders once loaded */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <json-c/json.h>
#include <libdeflate.h>
#include <zlib.h>

#include "lazylib.h"

/* "hello\n", gzip -n */
static const unsigned char HELLO_GZ[] = { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00,
	0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00 };

/*
 * A library that cannot be found: the message names it and its soname,
 * with the dynamic loader's reason, and it stays unloaded.  These tests
 * come first: under CK_FORK=no one process runs them all, and a library
 * loaded by a later test would stay loaded.
 */
START_TEST(missing_library)
{
	char err[512] = "";
	const char *want = "cannot load zlib (liblrfind-no-such.so.7): "
			   "liblrfind-no-such.so.7: cannot open shared object "
			   "file: No such file or directory";

	ck_assert_int_eq(lazylib_load_as(LAZYLIB_ZLIB, "liblrfind-no-such.so.7",
			     err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, want);
	/* not remembered: tried again, and err may be NULL */
	ck_assert_int_eq(lazylib_load_as(LAZYLIB_ZLIB, "liblrfind-no-such.so.7",
			     NULL, 0),
	    -1);
}
END_TEST

/* A library that loads but lacks a function (another one under that
 * name): refused, naming the first function missing. */
START_TEST(wrong_library)
{
	char err[512] = "";

	ck_assert_int_eq(lazylib_load_as(LAZYLIB_JSONC, "libm.so.6", err,
			     sizeof(err)),
	    -1);
	ck_assert_str_eq(err,
	    "cannot load json-c (libm.so.6): it has no function "
	    "json_object_array_get_idx");
}
END_TEST

/* A forwarder called before its library was loaded: abort (a bug in
 * lrfind), not a call through NULL.  Run in a child: skipped with
 * CK_FORK=no. */
START_TEST(unloaded_aborts)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	/* the message is expected: keep it out of the test log */
	if (freopen("/dev/null", "w", stderr) == NULL)
		ck_abort_msg("cannot open /dev/null");
	(void)inflateEnd(&z);
}
END_TEST

START_TEST(sonames)
{
	/* the build's, from src/sonames.h: lib<name>.so.<major> */
	ck_assert_str_eq(lazylib_name(LAZYLIB_JSONC), "json-c");
	ck_assert_str_eq(lazylib_name(LAZYLIB_PROTOBUF_C), "protobuf-c");
	ck_assert_str_eq(lazylib_name(LAZYLIB_ZLIB), "zlib");
	ck_assert_str_eq(lazylib_name(LAZYLIB_LIBDEFLATE), "libdeflate");
	ck_assert_str_eq(lazylib_name(LAZYLIB_OPENBLAS), "OpenBLAS");
	ck_assert_int_eq(strncmp(lazylib_soname(LAZYLIB_OPENBLAS),
			     "libopenblas.so.", 15),
	    0);
	ck_assert_int_eq(strncmp(lazylib_soname(LAZYLIB_JSONC), "libjson-c.so.",
			     13),
	    0);
	ck_assert_int_eq(strncmp(lazylib_soname(LAZYLIB_PROTOBUF_C),
			     "libprotobuf-c.so.", 17),
	    0);
	ck_assert_int_eq(strncmp(lazylib_soname(LAZYLIB_ZLIB), "libz.so.", 8),
	    0);
	ck_assert_int_eq(strncmp(lazylib_soname(LAZYLIB_LIBDEFLATE),
			     "libdeflate.so.", 14),
	    0);
}
END_TEST

/* Every library loads, once; then its functions work through lazylib. */
START_TEST(load_all)
{
	char err[512] = "";
	int l;

	for (l = 0; l < LAZYLIB_COUNT; l++) {
		ck_assert_msg(lazylib_load((enum lazylib)l, err, sizeof(err)) ==
			0,
		    "%s", err);
		ck_assert_int_eq(lazylib_load((enum lazylib)l, NULL, 0), 0);
	}
	/* loaded, a wrong soname is not looked at */
	ck_assert_int_eq(lazylib_load_as(LAZYLIB_ZLIB, "liblrfind-no-such.so.7",
			     NULL, 0),
	    0);
}
END_TEST

START_TEST(zlib_inflates)
{
	unsigned char out[16];
	z_stream z;

	ck_assert_int_eq(lazylib_load(LAZYLIB_ZLIB, NULL, 0), 0);
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)HELLO_GZ;
	z.avail_in = sizeof(HELLO_GZ);
	z.next_out = out;
	z.avail_out = sizeof(out);
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	ck_assert_uint_eq(sizeof(out) - z.avail_out, 6);
	ck_assert_int_eq(memcmp(out, "hello\n", 6), 0);
	ck_assert_int_eq(inflateReset(&z), Z_OK);
	ck_assert_int_eq(inflateEnd(&z), Z_OK);
}
END_TEST

START_TEST(libdeflate_inflates)
{
	struct libdeflate_decompressor *dc;
	unsigned char out[16];
	size_t in_used = 0, out_used = 0;

	ck_assert_int_eq(lazylib_load(LAZYLIB_LIBDEFLATE, NULL, 0), 0);
	ck_assert_ptr_nonnull(dc = libdeflate_alloc_decompressor());
	ck_assert_int_eq(libdeflate_gzip_decompress_ex(dc, HELLO_GZ,
			     sizeof(HELLO_GZ), out, sizeof(out), &in_used,
			     &out_used),
	    LIBDEFLATE_SUCCESS);
	libdeflate_free_decompressor(dc);
	ck_assert_uint_eq(in_used, sizeof(HELLO_GZ));
	ck_assert_uint_eq(out_used, 6);
	ck_assert_int_eq(memcmp(out, "hello\n", 6), 0);
}
END_TEST

START_TEST(jsonc_parses)
{
	const char *s = "{\"step\": 3, \"loss\": 0.5}";
	struct json_tokener *tok;
	struct json_object *o, *v;

	ck_assert_int_eq(lazylib_load(LAZYLIB_JSONC, NULL, 0), 0);
	ck_assert_ptr_nonnull(tok = json_tokener_new());
	o = json_tokener_parse_ex(tok, s, (int)strlen(s));
	ck_assert_int_eq(json_tokener_get_error(tok), json_tokener_success);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "step", &v));
	ck_assert_int_eq(json_object_get_int64(v), 3);
	ck_assert(json_object_object_get_ex(o, "loss", &v));
	ck_assert(json_object_get_double(v) == 0.5);
	json_object_put(o);
	json_tokener_free(tok);
}
END_TEST

/* OpenBLAS's three functions through lazylib: a product of small whole
 * numbers (exact in float), and the thread count set and read back */
START_TEST(openblas_multiplies)
{
	static const float a[6] = { 1, 2, 3, 4, 5, 6 }; /* 2 x 3 */
	static const float b[6] = { 7, 8, 9, 10, 11, 12 }; /* 3 x 2 */
	float c[4] = { 0, 0, 0, 0 };
	int nt;

	ck_assert_int_eq(lazylib_load(LAZYLIB_OPENBLAS, NULL, 0), 0);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1.0f, a,
	    3, b, 2, 0.0f, c, 2);
	ck_assert(c[0] == 58 && c[1] == 64 && c[2] == 139 && c[3] == 154);
	nt = openblas_get_num_threads();
	ck_assert_int_ge(nt, 1);
	openblas_set_num_threads(1);
	ck_assert_int_eq(openblas_get_num_threads(), 1);
	openblas_set_num_threads(nt);
}
END_TEST

static Suite *
lazylib_suite(void)
{
	Suite *s = suite_create("lazylib");
	const char *fork = getenv("CK_FORK");
	TCase *tc;

	tc = tcase_create("failures");
	tcase_add_test(tc, missing_library);
	tcase_add_test(tc, wrong_library);
	if (fork == NULL || strcmp(fork, "no") != 0)
		tcase_add_test_raise_signal(tc, unloaded_aborts, SIGABRT);
	suite_add_tcase(s, tc);
	tc = tcase_create("loaded");
	tcase_add_test(tc, sonames);
	tcase_add_test(tc, load_all);
	tcase_add_test(tc, zlib_inflates);
	tcase_add_test(tc, libdeflate_inflates);
	tcase_add_test(tc, jsonc_parses);
	tcase_add_test(tc, openblas_multiplies);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lazylib_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
