/* check_dataset.c: unit tests of the data-set readers, synthetic task, split, standardisation */
#include <sys/resource.h>
#include <sys/wait.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dataset.h"
#include "lazylib.h"

#define D "tests/data/" /* make check runs from the repository root */
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
	ck_assert_ptr_null(d.store); /* left empty */
	ck_assert_ptr_null(d.idx);
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
	ck_assert_ptr_null(d.store);
}

START_TEST(idx_plain_and_gzip)
{
	struct dataset a, b;
	size_t i;

	/* the same images, plain and gzip-compressed */
	ck_assert_int_eq(ds_load_idx(D "idx-good/train-images-idx3-ubyte",
			     LABELS3, &a, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_load_idx(D "idx-images.gz", LABELS3, &b, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(a.n, 3);
	ck_assert_uint_eq(a.dim, 6);
	ck_assert_uint_eq(a.classes, 3);
	for (i = 0; i < 18; i++) {
		ck_assert_float_eq(ds_at(&a, i / 6, i % 6), (float)(15 * i));
		ck_assert_float_eq(ds_at(&b, i / 6, i % 6), (float)(15 * i));
	}
	ck_assert_uint_eq(ds_label(&a, 0), 2);
	ck_assert_uint_eq(ds_label(&a, 1), 0);
	ck_assert_uint_eq(ds_label(&a, 2), 1);
	ds_free(&a);
	ds_free(&b);
	ck_assert_ptr_null(a.store);
}
END_TEST

START_TEST(idx_dir)
{
	struct dataset tr, te;

	ck_assert_int_eq(ds_load_idx_dir(D "idx-good", &tr, &te, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(tr.n, 3);
	ck_assert_uint_eq(te.n, 2);
	ck_assert_uint_eq(te.dim, 6);
	ck_assert_uint_eq(te.classes, 3); /* the training set's */
	ck_assert_float_eq(ds_at(&te, 0, 0), 255);
	ck_assert_float_eq(ds_at(&te, 1, 5), 0);
	ck_assert_uint_eq(ds_label(&te, 1), 2);
	ds_free(&tr);
	ds_free(&te);

	/* no t10k files: an empty test set */
	ck_assert_int_eq(ds_load_idx_dir(D "idx-notest", &tr, &te, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(tr.n, 3);
	ck_assert_uint_eq(te.n, 0);
	ck_assert_ptr_null(te.store);
	ds_free(&tr);
}
END_TEST

START_TEST(idx_dir_errors)
{
	struct dataset tr, te;

	ck_assert_int_eq(ds_load_idx_dir(D "idx-badlabel", &tr, &te, err,
			     sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err,
	    D "idx-badlabel/t10k-labels-idx1-ubyte: label "
	      "12 of item 2 is out of range: the training labels are 0 to 2");
	ck_assert_ptr_null(tr.store);
	ck_assert_ptr_null(te.store);
	ck_assert_int_eq(ds_load_idx_dir(D "idx-shape", &tr, &te, err,
			     sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err,
	    D "idx-shape/t10k-images-idx3-ubyte: images "
	      "are 3x2, the training images 2x3");
	ck_assert_int_eq(ds_load_idx_dir("tests", &tr, &te, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err,
	    "tests: no train-images-idx3-ubyte or "
	    "train-images-idx3-ubyte.gz");
}
END_TEST

START_TEST(idx_malformed)
{
	idx_fails(D "idx-magic-images", LABELS3,
	    D "idx-magic-images: bad "
	      "magic number 0x504b0304: not an IDX file");
	idx_fails(D "idx-labels-as-images", LABELS3,
	    D "idx-labels-as-images: "
	      "bad magic number 0x00000801: images have 2 or more dimensions "
	      "(0x00000803), not 1");
	idx_fails(D "idx-images.gz", D "idx-images.gz",
	    D "idx-images.gz: bad "
	      "magic number 0x00000803: labels have 1 dimension (0x00000801), "
	      "not 3");
	idx_fails(D "idx-float-images", LABELS3,
	    D "idx-float-images: IDX data "
	      "type 0x0d is not supported (only unsigned bytes, 0x08)");
	idx_fails(D "idx-zero-images", LABELS3,
	    D "idx-zero-images: dimension "
	      "1 is 0");
	idx_fails(D "idx-big-images", LABELS3,
	    D "idx-big-images: too large: "
	      "4294967295 samples (at most 268435456)");
	idx_fails(D "nonexistent", LABELS3,
	    D "nonexistent: No such file or "
	      "directory");
}
END_TEST

START_TEST(idx_wrong_sizes)
{
	idx_fails(D "idx-long-images", LABELS3,
	    D "idx-long-images: wrong "
	      "size: the header says 18 bytes of data, the file has more");
	idx_fails(D "idx-short-images", LABELS3,
	    D "idx-short-images: "
	      "truncated: the header says 18 bytes of data (3 images of 2x3), "
	      "the file has 13");
	idx_fails(D "idx-short-header", LABELS3,
	    D "idx-short-header: "
	      "truncated: the file ends in the header");
	/* counts that disagree */
	idx_fails(D "idx-images.gz", D "idx-two-labels",
	    D "idx-two-labels: 2 "
	      "labels, but " D "idx-images.gz has 3 images");
}
END_TEST

START_TEST(idx_bad_gzip)
{
	idx_fails(D "idx-trunc-images.gz", LABELS3,
	    D "idx-trunc-images.gz: "
	      "truncated gzip data: the header says 18 bytes of data (3 images "
	      "of 2x3), the file has 3");
	idx_fails(D "idx-notrailer-images.gz", LABELS3,
	    D "idx-notrailer-images.gz: truncated gzip data: the stream ends "
	      "without its trailer");
	idx_fails(D "idx-crc-images.gz", LABELS3,
	    D "idx-crc-images.gz: "
	      "corrupt gzip data (incorrect data check)");
	idx_fails(D "idx-method-images.gz", LABELS3,
	    D "idx-method-images.gz: "
	      "corrupt gzip data (unknown compression method)");
}
END_TEST

START_TEST(csv_good)
{
	struct dataset d;

	/* header, label by alias, a comment and a blank line */
	ck_assert_int_eq(ds_load_csv(D "csv-good.csv", NULL, &d, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_uint_eq(d.dim, 2);
	ck_assert_uint_eq(d.classes, 3);
	ck_assert_float_eq(ds_at(&d, 0, 0), 1);
	ck_assert_float_eq(ds_at(&d, 2, 1), 6);
	ck_assert_uint_eq(ds_label(&d, 2), 2);
	ds_free(&d);

	/* the label by number: column 1, so f2 and label are the features */
	ck_assert_int_eq(ds_load_csv(D "csv-good.csv", "1", &d, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(d.classes, 6);
	ck_assert_uint_eq(ds_label(&d, 1), 3);
	ck_assert_float_eq(ds_at(&d, 0, 0), 2);
	ck_assert_float_eq(ds_at(&d, 0, 1), 0);
	ds_free(&d);

	/* by name, case-insensitive */
	ck_assert_int_eq(ds_load_csv(D "csv-good.csv", "F2", &d, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(ds_label(&d, 0), 2);
	ck_assert_float_eq(ds_at(&d, 0, 1), 0);
	ds_free(&d);

	/* tabs, no header: the last column is the label */
	ck_assert_int_eq(ds_load_csv(D "csv-tab.csv", NULL, &d, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_float_eq(ds_at(&d, 0, 1), 1.5f);
	ck_assert_float_eq(ds_at(&d, 1, 0), 2.5f);
	ck_assert_uint_eq(ds_label(&d, 0), 1);
	ds_free(&d);

	/* CRLF, the label named "class" in the middle */
	ck_assert_int_eq(ds_load_csv(D "csv-crlf.csv", NULL, &d, err,
			     sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_float_eq(ds_at(&d, 0, 1), 2);
	ck_assert_float_eq(ds_at(&d, 1, 0), 3);
	ck_assert_uint_eq(ds_label(&d, 0), 1);
	ck_assert_uint_eq(ds_label(&d, 1), 0);
	ds_free(&d);
}
END_TEST

START_TEST(csv_malformed)
{
	csv_fails(D "csv-notnum.csv", NULL,
	    D "csv-notnum.csv:3:2: 'abc' is "
	      "not a number");
	csv_fails(D "csv-short.csv", NULL,
	    D "csv-short.csv:3: 2 cells, but "
	      "line 1 has 3");
	csv_fails(D "csv-neglabel.csv", NULL,
	    D "csv-neglabel.csv:3:2: label "
	      "'-1' is out of range (0 to 65535)");
	csv_fails(D "csv-biglabel.csv", NULL,
	    D "csv-biglabel.csv:3:2: label "
	      "'70000' is out of range (0 to 65535)");
	csv_fails(D "csv-fraclabel.csv", NULL,
	    D "csv-fraclabel.csv:3:2: "
	      "label '2.5' is not a whole number");
	csv_fails(D "csv-nanlabel.csv", NULL,
	    D "csv-nanlabel.csv:3:2: label "
	      "'nan' is not a whole number");
	csv_fails(D "csv-inf.csv", NULL,
	    D "csv-inf.csv:3:1: 'inf' is not a "
	      "finite float");
	csv_fails(D "csv-empty.csv", NULL, D "csv-empty.csv:3:1: empty cell");
	csv_fails(D "csv-quote.csv", NULL,
	    D "csv-quote.csv:3: unterminated "
	      "quoted cell");
	csv_fails(D "csv-nodata.csv", NULL, D "csv-nodata.csv: no data rows");
	csv_fails(D "csv-strayquote.csv", NULL,
	    D "csv-strayquote.csv:3: "
	      "misplaced quote at byte 6 of the line");
	/* a C1 control (ESC [ in UTF-8) never reaches the terminal */
	csv_fails(D "csv-escape.csv", NULL,
	    D "csv-escape.csv:3:1: '??[2J' is "
	      "not a number");
	csv_fails(D "csv-good.csv", "nope",
	    D "csv-good.csv: no column named "
	      "'nope'");
	csv_fails(D "csv-good.csv", "4",
	    D "csv-good.csv: no column 4 (the "
	      "file has 3)");
	csv_fails(D "csv-tab.csv", "label",
	    D "csv-tab.csv: no header line to "
	      "find column 'label' in");
	csv_fails(D "nonexistent.csv", NULL,
	    D "nonexistent.csv: No such file "
	      "or directory");
}
END_TEST

/* The features and labels of d as the model reads them, gathered whole. */
static float *
gather_all(const struct dataset *d, uint32_t **y)
{
	float *x = malloc(d->n * d->dim * sizeof(float));

	*y = malloc(d->n * sizeof(**y));
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(*y);
	ds_gather(d, NULL, 0, d->n, x, *y);
	return x;
}

START_TEST(synthetic)
{
	struct dataset a, b, c;
	float *xa, *xb, *xc;
	uint32_t *ya, *yb, *yc;
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
	xa = gather_all(&a, &ya);
	xb = gather_all(&b, &yb);
	xc = gather_all(&c, &yc);
	ck_assert_mem_eq(xa, xb, 1000 * 12 * sizeof(float));
	ck_assert_mem_eq(ya, yb, 1000 * sizeof(uint32_t));
	ck_assert(memcmp(xa, xc, 1000 * 12 * sizeof(float)) != 0);
	for (i = 0; i < a.n; i++) {
		ck_assert_uint_lt(ya[i], 4);
		count[ya[i]]++;
	}
	for (i = 0; i < 4; i++) /* about 250 each */
		ck_assert_uint_gt(count[i], 180);
	free(xa);
	free(xb);
	free(xc);
	free(ya);
	free(yb);
	free(yc);
	ds_free(&a);
	ds_free(&b);
	ds_free(&c);
	ck_assert_int_eq(ds_synthetic(&a, 10, 0, 4, 7, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err,
	    "synthetic data: bad size (10 samples, 0 "
	    "features, 4 classes)");
}
END_TEST

START_TEST(split)
{
	struct dataset all, tr, te, sl;
	float x[300];
	uint32_t y[100];
	size_t i, j, found;
	float sum_all = 0, sum_parts = 0;

	/* tag each row by its first feature */
	for (i = 0; i < 100; i++) {
		x[i * 3] = (float)i;
		x[i * 3 + 1] = x[i * 3 + 2] = 0.5f;
		y[i] = i % 2;
		sum_all += (float)i;
	}
	ck_assert_int_eq(ds_from_floats(&all, x, y, 100, 3, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_split(&all, 0.2, 5, &tr, &te, err, sizeof(err)),
	    DS_OK);
	ck_assert_ptr_null(all.store); /* moved */
	ck_assert_uint_eq(tr.n, 80);
	ck_assert_uint_eq(te.n, 20);
	ck_assert_uint_eq(te.classes, 2);
	/* views of one store: no sample copied */
	ck_assert_ptr_eq(tr.store, te.store);
	/* every row once, order kept inside each part */
	for (i = 0; i < tr.n; i++) {
		sum_parts += ds_at(&tr, i, 0);
		ck_assert_uint_eq(ds_label(&tr, i),
		    (uint32_t)ds_at(&tr, i, 0) % 2);
		if (i > 0)
			ck_assert_float_lt(ds_at(&tr, i - 1, 0),
			    ds_at(&tr, i, 0));
	}
	for (i = 0; i < te.n; i++) {
		sum_parts += ds_at(&te, i, 0);
		for (j = 0, found = 0; j < tr.n; j++)
			found += ds_at(&tr, j, 0) == ds_at(&te, i, 0);
		ck_assert_uint_eq(found, 0);
	}
	ck_assert_float_eq(sum_parts, sum_all);
	/* a slice of a view, and the store outlives the views it began with */
	ck_assert_int_eq(ds_slice(&tr, 10, 5, &sl), DS_OK);
	ck_assert_float_eq(ds_at(&sl, 0, 0), ds_at(&tr, 10, 0));
	ck_assert_int_eq(ds_slice(&tr, 79, 2, &all), DS_ERR_INPUT);
	ck_assert_ptr_null(all.store);
	ds_free(&tr);
	ds_free(&te);
	ck_assert_float_eq(ds_at(&sl, 4, 1), 0.5f);
	ds_free(&sl);

	ck_assert_int_eq(ds_from_floats(&all, x, y, 100, 3, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_split(&all, 1, 5, &tr, &te, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_str_eq(err, "held-out fraction 1 is not in (0, 1)");
	ds_free(&all);
}
END_TEST

START_TEST(standardise)
{
	struct dataset tr, te, a, b;
	float xtr[] = { 1, 10, 5, 3, 10, 5, 5, 10, 5, 7, 10, 5 };
	float xte[] = { 4, 12, 5 };
	uint32_t y[] = { 0, 1, 0, 1 };
	float g[] = { 0, 2, 4, 6 }, gt[] = { 3 };

	/* per feature: mean 4, sd sqrt(5); feature 2 is constant (centred) */
	ck_assert_int_eq(ds_from_floats(&tr, xtr, y, 4, 3, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_from_floats(&te, xte, y, 1, 3, err, sizeof(err)),
	    DS_OK);
	ds_standardise(&tr, &te, false);
	ck_assert_float_eq_tol(ds_at(&tr, 0, 0), (float)(-3 / sqrt(5)), 1e-6);
	ck_assert_float_eq_tol(ds_at(&tr, 3, 0), (float)(3 / sqrt(5)), 1e-6);
	ck_assert_float_eq(ds_at(&tr, 0, 1), 0);
	ck_assert_float_eq(ds_at(&tr, 0, 2), 0);
	ck_assert_float_eq(ds_at(&te, 0, 0), 0); /* (4 - 4)/sd */
	ck_assert_float_eq(ds_at(&te, 0, 1), 2); /* (12 - 10)/1 */
	ds_free(&tr);
	ds_free(&te);

	/* global: one mean and sd over all the values */
	ck_assert_int_eq(ds_from_floats(&a, g, y, 2, 2, err, sizeof(err)),
	    DS_OK);
	ck_assert_int_eq(ds_from_floats(&b, gt, y, 1, 1, err, sizeof(err)),
	    DS_OK);
	ds_standardise(&a, &b, true);
	ck_assert_float_eq_tol(ds_at(&a, 0, 0), (float)(-3 / sqrt(5)), 1e-6);
	ck_assert_float_eq_tol(ds_at(&a, 1, 1), (float)(3 / sqrt(5)), 1e-6);
	ck_assert_float_eq(ds_at(&b, 0, 0), 0);
	ds_free(&a);
	ds_free(&b);
}
END_TEST

/* Temporary files of the tests below, in one folder. */
static char tmpdir[] = "/tmp/check_dataset.XXXXXX";

static const char *
tmp_path(const char *name)
{
	static char path[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

static void
tmp_setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	/* these tests write gzip files: gzopen and gzclose are lazylib.c's
	 * forwarders, which need zlib loaded (the readers load it themselves) */
	ck_assert_int_eq(lazylib_load(LAZYLIB_ZLIB, err, sizeof(err)), 0);
}

static void
tmp_teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	(void)system(cmd);
	strcpy(tmpdir + strlen(tmpdir) - 6, "XXXXXX");
}

/* An IDX header: magic for ndim dimensions, then the dimensions. */
static size_t
idx_header(unsigned char *h, unsigned ndim, const uint32_t *dims)
{
	unsigned i;

	h[0] = h[1] = 0;
	h[2] = 0x08;
	h[3] = (unsigned char)ndim;
	for (i = 0; i < ndim; i++) {
		h[4 + 4 * i] = (unsigned char)(dims[i] >> 24);
		h[5 + 4 * i] = (unsigned char)(dims[i] >> 16);
		h[6 + 4 * i] = (unsigned char)(dims[i] >> 8);
		h[7 + 4 * i] = (unsigned char)dims[i];
	}
	return 4 + 4 * (size_t)ndim;
}

/* Write an IDX file: header, then body (or zeros when body is NULL); gzip level lvl, or plain when 0. */
static void
write_idx(const char *path, unsigned ndim, const uint32_t *dims,
    const unsigned char *body, size_t len, int lvl)
{
	unsigned char h[4 + 4 * 255], *zeros = NULL;
	size_t hl = idx_header(h, ndim, dims), off, n;
	char mode[8];
	FILE *fp;
	gzFile gz;

	if (body == NULL)
		ck_assert_ptr_nonnull(body = zeros = calloc(1, 1 << 20));
	if (lvl == 0) {
		ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
		ck_assert_uint_eq(fwrite(h, 1, hl, fp), hl);
		for (off = 0; off < len; off += n) {
			n = len - off < (1 << 20) ? len - off : (1 << 20);
			ck_assert_uint_eq(fwrite(zeros ? zeros : body + off, 1,
					      n, fp),
			    n);
		}
		ck_assert_int_eq(fclose(fp), 0);
	} else {
		snprintf(mode, sizeof(mode), "wb%d", lvl);
		ck_assert_ptr_nonnull(gz = gzopen(path, mode));
		ck_assert_int_eq(gzwrite(gz, h, (unsigned)hl), (int)hl);
		for (off = 0; off < len; off += n) {
			n = len - off < (1 << 20) ? len - off : (1 << 20);
			ck_assert_int_eq(gzwrite(gz, zeros ? zeros : body + off,
					     (unsigned)n),
			    (int)n);
		}
		ck_assert_int_eq(gzclose(gz), Z_OK);
	}
	free(zeros);
}

/* Bytes that look like pixels: many zeros, the rest spread (seeded). */
static void
pixels(unsigned char *p, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		p[i] = (seed >> 24) < 100 ? 0 : (unsigned char)(seed >> 13);
	}
}

/*
 * The standardisation lrfind had when pixels were floats, kept here as
 * the reference: values standardised in place, in the view's order.
 */
static void
ref_standardise(float *x, size_t n, size_t dim, float *tx, size_t tn,
    bool global)
{
	double m = 0, v = 0, t, *mean, *sd;
	size_t i, j;

	if (global) {
		for (i = 0; i < n * dim; i++)
			m += x[i];
		m /= (double)(n * dim);
		for (i = 0; i < n * dim; i++) {
			t = x[i] - m;
			v += t * t;
		}
		v = sqrt(v / (double)(n * dim));
		if (!(v > 0))
			v = 1;
		for (i = 0; i < n * dim; i++)
			x[i] = (float)((x[i] - m) / v);
		for (i = 0; i < tn * dim; i++)
			tx[i] = (float)((tx[i] - m) / v);
		return;
	}
	mean = calloc(dim, sizeof(double));
	sd = calloc(dim, sizeof(double));
	for (i = 0; i < n; i++)
		for (j = 0; j < dim; j++)
			mean[j] += x[i * dim + j];
	for (j = 0; j < dim; j++)
		mean[j] /= (double)n;
	for (i = 0; i < n; i++)
		for (j = 0; j < dim; j++) {
			t = x[i * dim + j] - mean[j];
			sd[j] += t * t;
		}
	for (j = 0; j < dim; j++) {
		sd[j] = sqrt(sd[j] / (double)n);
		if (!(sd[j] > 0))
			sd[j] = 1;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < dim; j++)
			x[i * dim + j] =
			    (float)((x[i * dim + j] - mean[j]) / sd[j]);
	for (i = 0; i < tn; i++)
		for (j = 0; j < dim; j++)
			tx[i * dim + j] =
			    (float)((tx[i * dim + j] - mean[j]) / sd[j]);
	free(mean);
	free(sd);
}

/*
 * Pixels kept as bytes and standardised as they are read give the same
 * floats, bit for bit, as standardising a float copy: through the table
 * (global) or per feature, for a whole set, for a split's views (in the
 * view's order) and for a test set in a store of its own; from a gzip
 * file (inflated whole) and a plain one.
 */
START_TEST(bytes_as_floats)
{
	enum { N = 700, DIM = 49, TN = 90 };
	static unsigned char px[N * DIM], tpx[TN * DIM], lab[N];
	uint32_t dims[3] = { N, 7, 7 }, ldim[1] = { N },
		 tdims[3] = { TN, 7, 7 };
	struct dataset d, tr, te, t2;
	float *ref, *tref, *got, *tgot;
	uint32_t *y, *ty;
	size_t i, j;
	int pass, global;

	pixels(px, sizeof(px), 1);
	pixels(tpx, sizeof(tpx), 2);
	for (i = 0; i < N; i++)
		lab[i] = (unsigned char)(i % 10);
	write_idx(tmp_path("img.gz"), 3, dims, px, sizeof(px), 6);
	write_idx(tmp_path("img"), 3, dims, px, sizeof(px), 0);
	write_idx(tmp_path("lab.gz"), 1, ldim, lab, N, 6);
	write_idx(tmp_path("timg"), 3, tdims, tpx, sizeof(tpx), 0);
	ldim[0] = TN;
	write_idx(tmp_path("tlab"), 1, ldim, lab, TN, 0);
	for (pass = 0; pass < 4; pass++) {
		global = pass & 1;
		ck_assert_int_eq(ds_load_idx(tmp_path(
						 pass < 2 ? "img.gz" : "img"),
				     tmp_path("lab.gz"), &d, err, sizeof(err)),
		    DS_OK);
		ck_assert_int_eq(ds_load_idx(tmp_path("timg"), tmp_path("tlab"),
				     &t2, err, sizeof(err)),
		    DS_OK);
		/* the reference: the raw values as floats, then the old code */
		ref = gather_all(&d, &y);
		free(y);
		tref = gather_all(&t2, &ty);
		free(ty);
		ref_standardise(ref, N, DIM, tref, TN, global);
		ds_standardise(&d, &t2, global);
		got = gather_all(&d, &y);
		tgot = gather_all(&t2, &ty);
		ck_assert_mem_eq(got, ref, sizeof(float) * N * DIM);
		ck_assert_mem_eq(tgot, tref, sizeof(float) * TN * DIM);
		for (i = 0; i < N; i++)
			ck_assert_uint_eq(y[i], lab[i]);
		free(ref);
		free(tref);
		free(got);
		free(tgot);
		free(y);
		free(ty);
		ds_free(&t2);

		/* a split: train's statistics in train's order */
		ck_assert_int_eq(ds_split(&d, 0.25, 3, &tr, &te, err,
				     sizeof(err)),
		    DS_OK);
		ref = malloc(sizeof(float) * tr.n * DIM);
		tref = malloc(sizeof(float) * te.n * DIM);
		for (i = 0; i < tr.n; i++)
			for (j = 0; j < DIM; j++)
				ref[i * DIM + j] =
				    (float)px[(size_t)tr.idx[i] * DIM + j];
		for (i = 0; i < te.n; i++)
			for (j = 0; j < DIM; j++)
				tref[i * DIM + j] =
				    (float)px[(size_t)te.idx[i] * DIM + j];
		ref_standardise(ref, tr.n, DIM, tref, te.n, global);
		ds_standardise(&tr, &te, global);
		got = gather_all(&tr, &y);
		tgot = gather_all(&te, &ty);
		ck_assert_mem_eq(got, ref, sizeof(float) * tr.n * DIM);
		ck_assert_mem_eq(tgot, tref, sizeof(float) * te.n * DIM);
		ck_assert_float_eq(ds_at(&te, 3, 7), tref[3 * DIM + 7]);
		free(ref);
		free(tref);
		free(got);
		free(tgot);
		free(y);
		free(ty);
		ds_free(&tr);
		ds_free(&te);
	}
}
END_TEST

/*
 * gzip files the whole-file inflate declines are streamed by zlib to the
 * same data: two members, or bytes after the member.
 */
START_TEST(idx_gzip_members)
{
	enum { N = 40, DIM = 9 };
	unsigned char px[N * DIM], lab[N] = { 0 }, h[16];
	uint32_t dims[3] = { N, 3, 3 }, ldim[1] = { N };
	struct dataset a, b;
	size_t hl = idx_header(h, 3, dims), i;
	gzFile gz;
	FILE *fp;
	int k;

	pixels(px, sizeof(px), 3);
	write_idx(tmp_path("plain"), 3, dims, px, sizeof(px), 0);
	write_idx(tmp_path("lab"), 1, ldim, lab, N, 0);
	ck_assert_int_eq(ds_load_idx(tmp_path("plain"), tmp_path("lab"), &a,
			     err, sizeof(err)),
	    DS_OK);
	for (k = 0; k < 2; k++) {
		/* the header and half the pixels, then the rest, appended */
		ck_assert_ptr_nonnull(gz = gzopen(tmp_path("two.gz"), "wb"));
		ck_assert_int_eq(gzwrite(gz, h, (unsigned)hl), (int)hl);
		ck_assert_int_eq(gzwrite(gz, px, 100), 100);
		ck_assert_int_eq(gzclose(gz), Z_OK);
		ck_assert_ptr_nonnull(gz = gzopen(tmp_path("two.gz"), "ab"));
		ck_assert_int_eq(gzwrite(gz, px + 100, sizeof(px) - 100),
		    (int)sizeof(px) - 100);
		ck_assert_int_eq(gzclose(gz), Z_OK);
		if (k == 1) { /* one member and garbage (zlib ignores it) */
			write_idx(tmp_path("two.gz"), 3, dims, px, sizeof(px),
			    6);
			ck_assert_ptr_nonnull(
			    fp = fopen(tmp_path("two.gz"), "ab"));
			ck_assert_int_ge(fputs("garbage", fp), 0);
			ck_assert_int_eq(fclose(fp), 0);
		}
		ck_assert_int_eq(ds_load_idx(tmp_path("two.gz"),
				     tmp_path("lab"), &b, err, sizeof(err)),
		    DS_OK);
		ck_assert_uint_eq(b.n, N);
		for (i = 0; i < N * DIM; i++)
			ck_assert_float_eq(ds_at(&b, i / DIM, i % DIM),
			    ds_at(&a, i / DIM, i % DIM));
		ds_free(&b);
	}
	ds_free(&a);
}
END_TEST

/*
 * Run load in a child whose address space may grow by at most limit
 * bytes (not under ASan, whose shadow memory needs far more, nor under
 * valgrind); return what it said: "status|message".
 */
static void
load_bounded(const char *images, const char *labels, size_t limit, char *out,
    size_t outsz)
{
	struct dataset d;
	struct rlimit rl;
	unsigned long pages = 0;
	const char *pre = getenv("LD_PRELOAD");
	char buf[600];
	FILE *fp;
	pid_t pid;
	ssize_t n;
	int fd[2], ws, bound = 1;
	enum ds_status st;

#if defined(__SANITIZE_ADDRESS__)
	bound = 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	bound = 0;
#endif
#endif
	if (pre != NULL && strstr(pre, "vgpreload") != NULL)
		bound = 0;
	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_ge(pid = fork(), 0);
	if (pid == 0) {
		close(fd[0]);
		if (bound && (fp = fopen("/proc/self/statm", "r")) != NULL) {
			if (fscanf(fp, "%lu", &pages) != 1)
				pages = 0;
			fclose(fp);
			rl.rlim_cur = rl.rlim_max =
			    (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) +
			    limit;
			if (pages == 0 || setrlimit(RLIMIT_AS, &rl) != 0)
				_exit(3);
		}
		err[0] = '\0';
		st = ds_load_idx(images, labels, &d, err, sizeof(err));
		ds_free(&d);
		n = snprintf(buf, sizeof(buf), "%d|%s", (int)st, err);
		if (write(fd[1], buf, (size_t)n) != n)
			_exit(4);
		_exit(0);
	}
	close(fd[1]);
	n = read(fd[0], out, outsz - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
	ck_assert(WIFEXITED(ws));
	ck_assert_int_eq(WEXITSTATUS(ws), 0);
}

/*
 * Issue 14, item 12: memory grows with the data really decompressed,
 * never with what a header or a gzip trailer claims, and a header past
 * the documented cap (DS_MAX_VALUES, 2^30 values) is refused before any
 * data is read.  A 32 KiB gzip file of 32 MiB of zeros under a header of
 * 2^30 values is read in under 96 MiB and found short (as floats, the
 * old reader needed 128 MiB and reported running out of memory).
 */
START_TEST(idx_bounded)
{
	uint32_t dims[3] = { 16384, 256, 256 }, big[3] = { 16385, 256, 256 };
	uint32_t ldim[1] = { 16384 };
	unsigned char lab[16384] = { 0 }, tail[4];
	char out[700], want[700];
	FILE *fp;
	long size;

	write_idx(tmp_path("lab"), 1, ldim, lab, sizeof(lab), 0);
	/* 2^30 + 65536 values: refused at the header, data or not */
	write_idx(tmp_path("big.gz"), 3, big, NULL, 1 << 20, 1);
	load_bounded(tmp_path("big.gz"), tmp_path("lab"), 16 << 20, out,
	    sizeof(out));
	snprintf(want, sizeof(want),
	    "1|%s: too large: 1073807360 values (at "
	    "most 1073741824 in all)",
	    tmp_path("big.gz"));
	ck_assert_str_eq(out, want);

	/* 2^30 values promised, 32 MiB there: as much memory as the data */
	write_idx(tmp_path("zeros.gz"), 3, dims, NULL, (size_t)32 << 20, 9);
	load_bounded(tmp_path("zeros.gz"), tmp_path("lab"), (size_t)96 << 20,
	    out, sizeof(out));
	snprintf(want, sizeof(want),
	    "1|%s: truncated: the header says "
	    "1073741824 bytes of data (16384 images of 256x256), the file has "
	    "33554432",
	    tmp_path("zeros.gz"));
	ck_assert_str_eq(out, want);

	/* a trailer that claims the promised size is not taken at its word */
	ck_assert_ptr_nonnull(fp = fopen(tmp_path("zeros.gz"), "r+b"));
	ck_assert_int_eq(fseek(fp, -4, SEEK_END), 0);
	size = ftell(fp) + 4;
	tail[0] = 0x10, tail[1] = 0, tail[2] = 0, tail[3] = 0x40;
	ck_assert_uint_eq(fwrite(tail, 1, 4, fp), 4);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_lt(size, 64 << 10);
	load_bounded(tmp_path("zeros.gz"), tmp_path("lab"), (size_t)96 << 20,
	    out, sizeof(out));
	snprintf(want, sizeof(want),
	    "1|%s: corrupt gzip data (incorrect "
	    "length check)",
	    tmp_path("zeros.gz"));
	ck_assert_str_eq(out, want);
}
END_TEST

/*
 * Header messages give the figure of the limit passed: 255 dimensions
 * of 2 are 2^254 values a sample; of 2^32-1, more than a double holds.
 */
START_TEST(idx_header_figures)
{
	uint32_t dims[255];
	char want[700], pow254[100];
	size_t i;

	for (i = 0; i < 255; i++)
		dims[i] = 2;
	write_idx(tmp_path("i255"), 255, dims, NULL, 0, 0);
	snprintf(pow254, sizeof(pow254), "%.0f", ldexp(1, 254));
	snprintf(want, sizeof(want),
	    "%s: too large: %s values a sample (at "
	    "most 1048576)",
	    tmp_path("i255"), pow254);
	idx_fails(tmp_path("i255"), LABELS3, want);
	for (i = 1; i < 255; i++)
		dims[i] = 0xffffffff;
	write_idx(tmp_path("iinf"), 255, dims, NULL, 0, 0);
	snprintf(want, sizeof(want),
	    "%s: too large: more than 1.8e+308 "
	    "values a sample (at most 1048576)",
	    tmp_path("iinf"));
	idx_fails(tmp_path("iinf"), LABELS3, want);
}
END_TEST

/*
 * The test files of a folder are read only when asked for: a folder
 * whose t10k images are broken still gives its training set.
 */
START_TEST(idx_dir_no_test)
{
	struct dataset tr, te;
	char dir[300], cmd[1400];

	snprintf(dir, sizeof(dir), "%s", tmp_path("mnist"));
	snprintf(cmd, sizeof(cmd),
	    "mkdir '%s' && cp " D "idx-good/train-* "
	    "'%s' && printf 'PK\\003\\004' >'%s/t10k-images-idx3-ubyte' && "
	    "cp " D "idx-good/t10k-labels-idx1-ubyte '%s'",
	    dir, dir, dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert(ds_idx_dir_has_test(dir));
	ck_assert(!ds_idx_dir_has_test(D "idx-notest"));
	ck_assert_int_eq(ds_load_idx_dir(dir, &tr, NULL, err, sizeof(err)),
	    DS_OK);
	ck_assert_uint_eq(tr.n, 3);
	ds_free(&tr);
	ck_assert_int_eq(ds_load_idx_dir(dir, &tr, &te, err, sizeof(err)),
	    DS_ERR_INPUT);
	ck_assert_ptr_null(tr.store);
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
	tc = tcase_create("bytes");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, bytes_as_floats);
	tcase_add_test(tc, idx_gzip_members);
	tcase_add_test(tc, idx_bounded);
	tcase_add_test(tc, idx_header_figures);
	tcase_add_test(tc, idx_dir_no_test);
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
