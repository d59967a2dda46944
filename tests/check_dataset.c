/* check_dataset.c: unit tests of the data-set readers, synthetic task, split, standardisation */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

#define D "tests/data/"	/* make check runs from the repository root */
#define LABELS3 D "idx-notest/train-labels-idx1-ubyte"

static char err[512];

/* Load images with the 3 good labels; expect failure with exactly msg. */
static void
idx_fails(const char *images, const char *labels, const char *msg)
{
	struct dataset d;
	enum ds_status st;

	memset(&d, 0xa5, sizeof(d));
	err[0] = '\0';
	st = ds_load_idx(images, labels, &d, err, sizeof(err));
	ck_assert_int_eq(st, DS_ERR_INPUT);
	ck_assert_str_eq(err, msg);
	ck_assert_ptr_null(d.x);	/* left empty */
	ck_assert_ptr_null(d.y);
	ck_assert_uint_eq(d.n, 0);
}

static void
csv_fails(const char *path, const char *label_col, const char *msg)
{
	struct dataset d;

	err[0] = '\0';
	ck_assert_int_eq(ds_load_csv(path, label_col, &d, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err, msg);
	ck_assert_ptr_null(d.x);
}

START_TEST(idx_plain_and_gzip)
{
	struct dataset a, b;
	size_t i;

	/* the same images, plain and gzip-compressed */
	ck_assert_int_eq(ds_load_idx(D "idx-good/train-images-idx3-ubyte",
	    LABELS3, &a, err, sizeof(err)), DS_OK);
	ck_assert_int_eq(ds_load_idx(D "idx-images.gz", LABELS3, &b, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(a.n, 3);
	ck_assert_uint_eq(a.dim, 6);
	ck_assert_uint_eq(a.classes, 3);
	for (i = 0; i < 18; i++) {
		ck_assert_float_eq(a.x[i], (float)(15 * i));
		ck_assert_float_eq(b.x[i], a.x[i]);
	}
	ck_assert_uint_eq(a.y[0], 2);
	ck_assert_uint_eq(a.y[1], 0);
	ck_assert_uint_eq(a.y[2], 1);
	ds_free(&a);
	ds_free(&b);
	ck_assert_ptr_null(a.x);
}
END_TEST

START_TEST(idx_dir)
{
	struct dataset tr, te;

	ck_assert_int_eq(ds_load_idx_dir(D "idx-good", &tr, &te, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(tr.n, 3);
	ck_assert_uint_eq(te.n, 2);
	ck_assert_uint_eq(te.dim, 6);
	ck_assert_uint_eq(te.classes, 3);	/* the training set's */
	ck_assert_float_eq(te.x[0], 255);
	ck_assert_float_eq(te.x[11], 0);
	ck_assert_uint_eq(te.y[1], 2);
	ds_free(&tr);
	ds_free(&te);

	/* no t10k files: an empty test set */
	ck_assert_int_eq(ds_load_idx_dir(D "idx-notest", &tr, &te, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(tr.n, 3);
	ck_assert_uint_eq(te.n, 0);
	ck_assert_ptr_null(te.x);
	ds_free(&tr);
}
END_TEST

START_TEST(idx_dir_errors)
{
	struct dataset tr, te;

	ck_assert_int_eq(ds_load_idx_dir(D "idx-badlabel", &tr, &te, err,
	    sizeof(err)), DS_ERR_INPUT);
	ck_assert_str_eq(err, D "idx-badlabel/t10k-labels-idx1-ubyte: label "
	    "12 of item 2 is out of range: the training labels are 0 to 2");
	ck_assert_ptr_null(tr.x);
	ck_assert_ptr_null(te.x);
	ck_assert_int_eq(ds_load_idx_dir(D "idx-shape", &tr, &te, err,
	    sizeof(err)), DS_ERR_INPUT);
	ck_assert_str_eq(err, D "idx-shape/t10k-images-idx3-ubyte: images "
	    "are 3x2, the training images 2x3");
	ck_assert_int_eq(ds_load_idx_dir("tests", &tr, &te, err,
	    sizeof(err)), DS_ERR_INPUT);
	ck_assert_str_eq(err, "tests: no train-images-idx3-ubyte or "
	    "train-images-idx3-ubyte.gz");
}
END_TEST

START_TEST(idx_malformed)
{
	idx_fails(D "idx-magic-images", LABELS3, D "idx-magic-images: bad "
	    "magic number 0x504b0304: not an IDX file");
	idx_fails(D "idx-labels-as-images", LABELS3, D "idx-labels-as-images: "
	    "bad magic number 0x00000801: images have 2 or more dimensions "
	    "(0x00000803), not 1");
	idx_fails(D "idx-images.gz", D "idx-images.gz", D "idx-images.gz: bad "
	    "magic number 0x00000803: labels have 1 dimension (0x00000801), "
	    "not 3");
	idx_fails(D "idx-float-images", LABELS3, D "idx-float-images: IDX data "
	    "type 0x0d is not supported (only unsigned bytes, 0x08)");
	idx_fails(D "idx-zero-images", LABELS3, D "idx-zero-images: dimension "
	    "1 is 0");
	idx_fails(D "idx-big-images", LABELS3, D "idx-big-images: too large: "
	    "4294967295 samples (at most 268435456)");
	idx_fails(D "nonexistent", LABELS3, D "nonexistent: No such file or "
	    "directory");
}
END_TEST

START_TEST(idx_wrong_sizes)
{
	idx_fails(D "idx-long-images", LABELS3, D "idx-long-images: wrong "
	    "size: the header says 18 bytes of data, the file has more");
	idx_fails(D "idx-short-images", LABELS3, D "idx-short-images: "
	    "truncated: the header says 18 bytes of data (3 images of 2x3), "
	    "the file has 13");
	idx_fails(D "idx-short-header", LABELS3, D "idx-short-header: "
	    "truncated: the file ends in the header");
	/* counts that disagree */
	idx_fails(D "idx-images.gz", D "idx-two-labels", D "idx-two-labels: 2 "
	    "labels, but " D "idx-images.gz has 3 images");
}
END_TEST

START_TEST(idx_bad_gzip)
{
	idx_fails(D "idx-trunc-images.gz", LABELS3, D "idx-trunc-images.gz: "
	    "truncated gzip data: the header says 18 bytes of data (3 images "
	    "of 2x3), the file has 3");
	idx_fails(D "idx-notrailer-images.gz", LABELS3, D
	    "idx-notrailer-images.gz: truncated gzip data: the stream ends "
	    "without its trailer");
	idx_fails(D "idx-crc-images.gz", LABELS3, D "idx-crc-images.gz: "
	    "corrupt gzip data (incorrect data check)");
	idx_fails(D "idx-method-images.gz", LABELS3, D "idx-method-images.gz: "
	    "corrupt gzip data (unknown compression method)");
}
END_TEST

START_TEST(csv_good)
{
	struct dataset d;

	/* header, label by alias, a comment and a blank line */
	ck_assert_int_eq(ds_load_csv(D "csv-good.csv", NULL, &d, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_uint_eq(d.dim, 2);
	ck_assert_uint_eq(d.classes, 3);
	ck_assert_float_eq(d.x[0], 1);
	ck_assert_float_eq(d.x[5], 6);
	ck_assert_uint_eq(d.y[2], 2);
	ds_free(&d);

	/* the label by number: column 1, so f2 and label are the features */
	ck_assert_int_eq(ds_load_csv(D "csv-good.csv", "1", &d, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(d.classes, 6);
	ck_assert_uint_eq(d.y[1], 3);
	ck_assert_float_eq(d.x[0], 2);
	ck_assert_float_eq(d.x[1], 0);
	ds_free(&d);

	/* by name, case-insensitive */
	ck_assert_int_eq(ds_load_csv(D "csv-good.csv", "F2", &d, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(d.y[0], 2);
	ck_assert_float_eq(d.x[1], 0);
	ds_free(&d);

	/* tabs, no header: the last column is the label */
	ck_assert_int_eq(ds_load_csv(D "csv-tab.csv", NULL, &d, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_float_eq(d.x[1], 1.5f);
	ck_assert_float_eq(d.x[2], 2.5f);
	ck_assert_uint_eq(d.y[0], 1);
	ds_free(&d);

	/* CRLF, the label named "class" in the middle */
	ck_assert_int_eq(ds_load_csv(D "csv-crlf.csv", NULL, &d, err,
	    sizeof(err)), DS_OK);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_float_eq(d.x[1], 2);
	ck_assert_float_eq(d.x[2], 3);
	ck_assert_uint_eq(d.y[0], 1);
	ck_assert_uint_eq(d.y[1], 0);
	ds_free(&d);
}
END_TEST

START_TEST(csv_malformed)
{
	csv_fails(D "csv-notnum.csv", NULL, D "csv-notnum.csv:3:2: 'abc' is "
	    "not a number");
	csv_fails(D "csv-short.csv", NULL, D "csv-short.csv:3: 2 cells, but "
	    "line 1 has 3");
	csv_fails(D "csv-neglabel.csv", NULL, D "csv-neglabel.csv:3:2: label "
	    "'-1' is out of range (0 to 65535)");
	csv_fails(D "csv-biglabel.csv", NULL, D "csv-biglabel.csv:3:2: label "
	    "'70000' is out of range (0 to 65535)");
	csv_fails(D "csv-fraclabel.csv", NULL, D "csv-fraclabel.csv:3:2: "
	    "label '2.5' is not a whole number");
	csv_fails(D "csv-nanlabel.csv", NULL, D "csv-nanlabel.csv:3:2: label "
	    "'nan' is not a whole number");
	csv_fails(D "csv-inf.csv", NULL, D "csv-inf.csv:3:1: 'inf' is not a "
	    "finite float");
	csv_fails(D "csv-empty.csv", NULL, D "csv-empty.csv:3:1: empty cell");
	csv_fails(D "csv-quote.csv", NULL, D "csv-quote.csv:3: unterminated "
	    "quoted cell");
	csv_fails(D "csv-nodata.csv", NULL, D "csv-nodata.csv: no data rows");
	csv_fails(D "csv-strayquote.csv", NULL, D "csv-strayquote.csv:3: "
	    "misplaced quote at byte 6 of the line");
	/* a C1 control (ESC [ in UTF-8) never reaches the terminal */
	csv_fails(D "csv-escape.csv", NULL, D "csv-escape.csv:3:1: '??[2J' is "
	    "not a number");
	csv_fails(D "csv-good.csv", "nope", D "csv-good.csv: no column named "
	    "'nope'");
	csv_fails(D "csv-good.csv", "4", D "csv-good.csv: no column 4 (the "
	    "file has 3)");
	csv_fails(D "csv-tab.csv", "label", D "csv-tab.csv: no header line to "
	    "find column 'label' in");
	csv_fails(D "nonexistent.csv", NULL, D "nonexistent.csv: No such file "
	    "or directory");
}
END_TEST

START_TEST(synthetic)
{
	struct dataset a, b, c;
	size_t i, count[4] = { 0, 0, 0, 0 };

	ck_assert_int_eq(ds_synthetic(&a, 1000, 12, 4, 7, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_synthetic(&b, 1000, 12, 4, 7, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_synthetic(&c, 1000, 12, 4, 8, err, sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(a.n, 1000);
	ck_assert_uint_eq(a.dim, 12);
	ck_assert_uint_eq(a.classes, 4);
	ck_assert_mem_eq(a.x, b.x, 1000 * 12 * sizeof(float));
	ck_assert_mem_eq(a.y, b.y, 1000 * sizeof(uint32_t));
	ck_assert(memcmp(a.x, c.x, 1000 * 12 * sizeof(float)) != 0);
	for (i = 0; i < a.n; i++) {
		ck_assert_uint_lt(a.y[i], 4);
		count[a.y[i]]++;
	}
	for (i = 0; i < 4; i++)		/* about 250 each */
		ck_assert_uint_gt(count[i], 180);
	ds_free(&a);
	ds_free(&b);
	ds_free(&c);
	ck_assert_int_eq(ds_synthetic(&a, 10, 0, 4, 7, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err, "synthetic data: bad size (10 samples, 0 "
	    "features, 4 classes)");
}
END_TEST

START_TEST(split)
{
	struct dataset all, tr, te;
	size_t i, j, found;
	float sum_all = 0, sum_parts = 0;

	ck_assert_int_eq(ds_synthetic(&all, 100, 3, 2, 1, err, sizeof(err)),
	    DS_OK);
	/* tag each row by its first feature */
	for (i = 0; i < all.n; i++) {
		all.x[i * 3] = (float)i;
		sum_all += (float)i;
	}
	ck_assert_int_eq(ds_split(&all, 0.2, 5, &tr, &te, err, sizeof(err)),
	    DS_OK);
	ck_assert_ptr_null(all.x);	/* moved */
	ck_assert_uint_eq(tr.n, 80);
	ck_assert_uint_eq(te.n, 20);
	ck_assert_uint_eq(te.classes, 2);
	/* every row once, order kept inside each part */
	for (i = 0; i < tr.n; i++) {
		sum_parts += tr.x[i * 3];
		if (i > 0)
			ck_assert_float_lt(tr.x[(i - 1) * 3], tr.x[i * 3]);
	}
	for (i = 0; i < te.n; i++) {
		sum_parts += te.x[i * 3];
		for (j = 0, found = 0; j < tr.n; j++)
			found += tr.x[j * 3] == te.x[i * 3];
		ck_assert_uint_eq(found, 0);
	}
	ck_assert_float_eq(sum_parts, sum_all);
	ds_free(&tr);
	ds_free(&te);

	ck_assert_int_eq(ds_synthetic(&all, 100, 3, 2, 1, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_split(&all, 1, 5, &tr, &te, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err, "held-out fraction 1 is not in (0, 1)");
	ds_free(&all);
}
END_TEST

START_TEST(standardise)
{
	struct dataset tr, te;
	float xtr[] = { 1, 10, 5,  3, 10, 5,  5, 10, 5,  7, 10, 5 };
	float xte[] = { 4, 12, 5 };
	uint32_t y[] = { 0, 1, 0, 1 };

	/* per feature: mean 4, sd sqrt(5); feature 2 is constant (centred) */
	tr.n = 4;
	tr.dim = 3;
	tr.classes = 2;
	tr.x = xtr;
	tr.y = y;
	te = tr;
	te.n = 1;
	te.x = xte;
	ds_standardise(&tr, &te, false);
	ck_assert_float_eq_tol(tr.x[0], (float)(-3 / sqrt(5)), 1e-6);
	ck_assert_float_eq_tol(tr.x[9], (float)(3 / sqrt(5)), 1e-6);
	ck_assert_float_eq(tr.x[1], 0);
	ck_assert_float_eq(tr.x[2], 0);
	ck_assert_float_eq(te.x[0], 0);		/* (4 - 4)/sd */
	ck_assert_float_eq(te.x[1], 2);		/* (12 - 10)/1 */

	/* global: one mean and sd over all 12 values */
	{
		float g[] = { 0, 2, 4, 6 }, gt[] = { 3 };
		struct dataset a = { 2, 2, 2, g, y }, b = { 1, 1, 2, gt, y };

		ds_standardise(&a, &b, true);
		ck_assert_float_eq_tol(a.x[0], (float)(-3 / sqrt(5)), 1e-6);
		ck_assert_float_eq_tol(a.x[3], (float)(3 / sqrt(5)), 1e-6);
		ck_assert_float_eq(b.x[0], 0);
	}
}
END_TEST

static Suite *
dataset_suite(void)
{
	Suite *s = suite_create("dataset");
	TCase *tc;

	tc = tcase_create("idx");
	tcase_add_test(tc, idx_plain_and_gzip);
	tcase_add_test(tc, idx_dir);
	tcase_add_test(tc, idx_dir_errors);
	tcase_add_test(tc, idx_malformed);
	tcase_add_test(tc, idx_wrong_sizes);
	tcase_add_test(tc, idx_bad_gzip);
	suite_add_tcase(s, tc);
	tc = tcase_create("csv");
	tcase_add_test(tc, csv_good);
	tcase_add_test(tc, csv_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("other");
	tcase_add_test(tc, synthetic);
	tcase_add_test(tc, split);
	tcase_add_test(tc, standardise);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(dataset_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
