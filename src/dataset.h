/* dataset.h: data sets for the built-in model: IDX (MNIST format, plain or gzip), CSV, synthetic */
#ifndef LRFIND_DATASET_H
#define LRFIND_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A data set is n samples of dim features, with an integer label below
 * classes for each.  The values live in a store, shared by every view of
 * it and counted: IDX pixels stay bytes (a quarter of the memory of
 * floats), CSV and synthetic features are float32.  A struct dataset is
 * a view of a store: all of its samples in order, or the ones its index
 * list names, so that a held-out split or a subset copies no sample.
 * Features are read through ds_gather (or ds_at), which applies the
 * standardisation of ds_standardise as it copies.
 *
 * Ownership: a struct dataset is filled by one of the ds_load_*,
 * ds_synthetic or ds_from_floats functions (or ds_split, ds_slice); it
 * holds one reference to its store and owns its index list, and ds_free
 * releases both (the store goes with its last view); an empty struct (all
 * zero) may be freed.  A struct copied by assignment is borrowed: free
 * only the original.  Views of one store must be used from one thread
 * (the count is not atomic).  The functions borrow their string
 * arguments.  On failure they leave the output empty and put a message in
 * err (lower case, no trailing period, "FILE: ...", "FILE:LINE:COL: ..."
 * where a place applies).
 */

struct ds_store; /* the samples' values and labels (ds_store.h) */

struct dataset {
	size_t n; /* samples */
	size_t dim; /* features per sample */
	uint32_t classes; /* labels are 0 .. classes-1 */
	struct ds_store *store; /* NULL when empty */
	uint32_t *idx; /* sample i is the store's idx[i]; NULL: its i */
};

enum ds_status { DS_OK = 0, DS_ERR_INPUT, DS_ERR_NOMEM };

/*
 * Caps on what the readers accept: a larger header is an error, not an
 * allocation, and a file is read into memory that grows with the data it
 * really holds, never by what its header or gzip trailer claims.
 */
#define DS_MAX_SAMPLES ((size_t)1 << 28)
#define DS_MAX_DIM ((size_t)1 << 20)
#define DS_MAX_VALUES ((size_t)1 << 30) /* n * dim */
#define DS_MAX_CLASSES 65536

/*
 * IDX: an images file (magic 0x00000803, or any unsigned-byte IDX of two
 * or more dimensions: the first counts the samples) and a labels file
 * (magic 0x00000801), either plain or gzip-compressed.  Pixels are stored
 * as they are (0 to 255), one byte each; classes is one more than the
 * largest label.  A gzip file of one member whose trailer gives the size
 * the header promises is inflated whole (libdeflate); any other is
 * streamed through zlib.
 */
enum ds_status ds_load_idx(const char *images, const char *labels,
    struct dataset *d, char *err, size_t errsz);

/*
 * The MNIST layout in folder dir: train-images-idx3-ubyte and
 * train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte,
 * each plain or with .gz (the plain file is preferred).  The test set must
 * have the training set's shape, and its labels must be below the training
 * set's classes.  With test NULL the test files are not read (nor
 * checked but for being there, both or neither); ds_idx_dir_has_test says
 * whether they are.
 */
enum ds_status ds_load_idx_dir(const char *dir, struct dataset *train,
    struct dataset *test, char *err, size_t errsz);
bool ds_idx_dir_has_test(const char *dir);

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
 * n samples of dim features copied from x (n * dim, row-major) with labels
 * from y; classes is one more than the largest label.
 */
enum ds_status ds_from_floats(struct dataset *d, const float *x,
    const uint32_t *y, size_t n, size_t dim, char *err, size_t errsz);

/*
 * Split all into a random (seeded) held-out fraction, test, and the rest,
 * train: two views of its store, each in the order of all; all is
 * emptied.  frac in (0, 1), each part gets at least one sample.
 */
enum ds_status ds_split(struct dataset *all, double frac, uint64_t seed,
    struct dataset *train, struct dataset *test, char *err, size_t errsz);

/* A view of samples first .. first+n-1 of d (which must hold them). */
enum ds_status
ds_slice(const struct dataset *d, size_t first, size_t n, struct dataset *out);

/*
 * Standardise train and test (which may be NULL) with the training set's
 * statistics: per feature, (x - mean) / sd, or with one mean and sd over
 * all features when global is set (for pixels).  A feature with sd 0 is
 * only centred.  Statistics are computed in double, in the order of the
 * training view, and applied as each value is read, (float)((x - mean) /
 * sd) (for bytes, through a table of the 256 results): the values are the
 * same, bit for bit, as standardising a float copy.  The scale belongs to
 * the stores, so every view of train's and test's stores reads through it.
 */
void ds_standardise(struct dataset *train, struct dataset *test, bool global);

/*
 * Samples which[0 .. m) of d (positions in the view; which NULL: samples
 * first .. first+m-1) as the model reads them: features into x (m * dim
 * floats), labels into y (m; y may be NULL).
 */
void ds_gather(const struct dataset *d, const uint32_t *which, size_t first,
    size_t m, float *x, uint32_t *y);
float
ds_at(const struct dataset *d, size_t i, size_t j); /* feature j of sample i */
uint32_t ds_label(const struct dataset *d, size_t i);

void ds_free(struct dataset *d);

#endif
