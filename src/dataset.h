/* dataset.h: data sets for the built-in model: IDX (MNIST format, plain or gzip), CSV, synthetic */
#ifndef LRFIND_DATASET_H
#define LRFIND_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A data set is n samples of dim float32 features, row-major and
 * contiguous, with an integer label below classes for each.
 *
 * Ownership: a struct dataset is filled by one of the ds_load_* or
 * ds_synthetic functions (or ds_split) and owns its x and y, which
 * ds_free releases; an empty struct (all zero) may be freed.  The
 * functions borrow their string arguments.  On failure they leave the
 * output empty and put a message in err (lower case, no trailing period,
 * "FILE: ...", "FILE:LINE:COL: ..." where a place applies).
 */

struct dataset {
	size_t n;		/* samples */
	size_t dim;		/* features per sample */
	uint32_t classes;	/* labels are 0 .. classes-1 */
	float *x;		/* n * dim */
	uint32_t *y;		/* n */
};

enum ds_status { DS_OK = 0, DS_ERR_INPUT, DS_ERR_NOMEM };

/* Caps on what the readers accept (a larger header is an error, not an allocation). */
#define DS_MAX_SAMPLES	((size_t)1 << 28)
#define DS_MAX_DIM	((size_t)1 << 20)
#define DS_MAX_VALUES	((size_t)1 << 32)	/* n * dim */
#define DS_MAX_CLASSES	65536

/*
 * IDX: an images file (magic 0x00000803, or any unsigned-byte IDX of two
 * or more dimensions: the first counts the samples) and a labels file
 * (magic 0x00000801), read through zlib, so either may be gzip-compressed.
 * Pixels are stored as they are (0 to 255); classes is one more than the
 * largest label.
 */
enum ds_status ds_load_idx(const char *images, const char *labels,
    struct dataset *d, char *err, size_t errsz);

/*
 * The MNIST layout in folder dir: train-images-idx3-ubyte and
 * train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte,
 * each plain or with .gz (the plain file is preferred).  The test set must
 * have the training set's shape, and its labels must be below the training
 * set's classes.
 */
enum ds_status ds_load_idx_dir(const char *dir, struct dataset *train,
    struct dataset *test, char *err, size_t errsz);

/*
 * CSV (libcsv; comma, or tab or semicolon when the first line has no comma
 * but one of those): every cell a number (num_parse), one column the
 * label, a whole number from 0 to DS_MAX_CLASSES-1.  A first line with a
 * cell that is not a number is a header.  label_col is a header name
 * (case-insensitive) or a 1-based column number; NULL means the column
 * named "label", "class", "target" or "y" if the header has one, else the
 * last column.  Empty lines and lines starting with '#' are skipped.
 */
enum ds_status ds_load_csv(const char *path, const char *label_col,
    struct dataset *d, char *err, size_t errsz);

/*
 * The built-in synthetic task, the same for the same seed: classes
 * classes, dim features, n samples.  Each class is a mixture of three
 * Gaussian blobs whose centres are drawn at random; a third of the
 * features are noise.  An MLP gets most, not all, of it right.
 */
enum ds_status ds_synthetic(struct dataset *d, size_t n, size_t dim,
    uint32_t classes, uint64_t seed, char *err, size_t errsz);

/*
 * Move a random (seeded) held-out fraction of all into test and the rest
 * into train; all is emptied.  frac in (0, 1), each part gets at least one
 * sample.
 */
enum ds_status ds_split(struct dataset *all, double frac, uint64_t seed,
    struct dataset *train, struct dataset *test, char *err, size_t errsz);

/*
 * Standardise train and then test (which may be NULL) with the training
 * set's statistics: per feature, (x - mean) / sd, or with one mean and
 * sd over all features when global is set (for pixels).  A feature with
 * sd 0 is only centred.  Statistics are computed in double.
 */
void ds_standardise(struct dataset *train, struct dataset *test, bool global);

void ds_free(struct dataset *d);

#endif
