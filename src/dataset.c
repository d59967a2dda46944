/* dataset.c: data sets for the built-in model: IDX (MNIST format, plain or gzip), CSV, synthetic */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "dataset.h"
#include "linein.h"
#include "rng.h"
#include "numparse.h"

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

void
ds_free(struct dataset *d)
{
	free(d->x);
	free(d->y);
	memset(d, 0, sizeof(*d));
}

/* IDX */

enum { IDX_IMAGES, IDX_LABELS };

struct idx {
	const char *path;
	gzFile gz;
	size_t n;		/* first dimension */
	size_t dim;		/* product of the others (1 for labels) */
	char shape[64];		/* "28x28" */
};

/*
 * Read up to len bytes into buf; *got says how many.  A short count is the
 * end of the data: *cut is set when zlib found the gzip stream cut short.
 * Returns DS_OK, or an error that zlib or the system reported (in err).
 */
static enum ds_status
gz_fill(struct idx *f, void *buf, size_t len, size_t *got, bool *cut,
    char *err, size_t errsz)
{
	int r, zerr;
	unsigned chunk;
	const char *msg;

	*got = 0;
	*cut = false;
	while (*got < len) {
		chunk = len - *got > (1u << 30) ? (1u << 30) :
		    (unsigned)(len - *got);
		r = gzread(f->gz, (char *)buf + *got, chunk);
		if (r > 0)
			*got += (size_t)r;
		msg = gzerror(f->gz, &zerr);
		switch (zerr) {
		case Z_OK:
		case Z_STREAM_END:
			break;
		case Z_BUF_ERROR:	/* "unexpected end of file" */
			*cut = true;
			return DS_OK;
		case Z_ERRNO:
			seterr(err, errsz, "%s: %s", f->path, strerror(errno));
			return DS_ERR_INPUT;
		case Z_DATA_ERROR:
			/* gzerror puts "PATH: " ahead of zlib's text */
			if (strncmp(msg, f->path, strlen(f->path)) == 0 &&
			    strncmp(msg + strlen(f->path), ": ", 2) == 0)
				msg += strlen(f->path) + 2;
			seterr(err, errsz, "%s: corrupt gzip data (%s)",
			    f->path, msg);
			return DS_ERR_INPUT;
		case Z_MEM_ERROR:
			return DS_ERR_NOMEM;
		default:
			seterr(err, errsz, "%s: %s", f->path, msg);
			return DS_ERR_INPUT;
		}
		if (r <= 0)
			break;
	}
	return DS_OK;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Open an IDX file and read its header. */
static enum ds_status
idx_open(struct idx *f, const char *path, int kind, char *err, size_t errsz)
{
	unsigned char h[4 + 4 * 255];
	uint32_t magic, d;
	unsigned ndim, i;
	size_t got, len;
	double total, per;
	enum ds_status st;
	bool cut;
	int n;

	memset(f, 0, sizeof(*f));
	f->path = path;
	errno = 0;
	if ((f->gz = gzopen(path, "rb")) == NULL) {
		if (errno == 0)
			return DS_ERR_NOMEM;
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		return DS_ERR_INPUT;
	}
	gzbuffer(f->gz, 1 << 17);
	if ((st = gz_fill(f, h, 4, &got, &cut, err, errsz)) != DS_OK)
		goto fail;
	if (got < 4)
		goto short_header;
	magic = be32(h);
	ndim = h[3];
	if (h[0] != 0 || h[1] != 0) {
		seterr(err, errsz, "%s: bad magic number 0x%08x: not an IDX file",
		    path, (unsigned)magic);
		goto bad;
	}
	if (h[2] != 0x08) {
		seterr(err, errsz, "%s: IDX data type 0x%02x is not supported "
		    "(only unsigned bytes, 0x08)", path, h[2]);
		goto bad;
	}
	if (kind == IDX_LABELS && ndim != 1) {
		seterr(err, errsz, "%s: bad magic number 0x%08x: labels have 1 "
		    "dimension (0x00000801), not %u", path, (unsigned)magic, ndim);
		goto bad;
	}
	if (kind == IDX_IMAGES && ndim < 2) {
		seterr(err, errsz, "%s: bad magic number 0x%08x: images have 2 "
		    "or more dimensions (0x00000803), not %u", path,
		    (unsigned)magic, ndim);
		goto bad;
	}
	len = 4 * (size_t)ndim;
	if ((st = gz_fill(f, h + 4, len, &got, &cut, err, errsz)) != DS_OK)
		goto fail;
	if (got < len)
		goto short_header;
	total = 1;
	per = 1;
	f->dim = 1;
	for (i = 0; i < ndim; i++) {
		d = be32(h + 4 + 4 * i);
		if (d == 0) {
			seterr(err, errsz, "%s: dimension %u is 0", path, i + 1);
			goto bad;
		}
		total *= d;
		if (i == 0) {
			f->n = d;
			continue;
		}
		per *= d;	/* the whole shape, for the message */
		if (per > (double)DS_MAX_DIM)
			continue;
		f->dim *= d;
		len = strlen(f->shape);
		n = snprintf(f->shape + len, sizeof(f->shape) - len, "%s%u",
		    i > 1 ? "x" : "", (unsigned)d);
		if (n < 0 || (size_t)n >= sizeof(f->shape) - len)
			strcpy(f->shape + sizeof(f->shape) - 4, "...");
	}
	/* the limit that is passed, by its own figure */
	if (f->n > DS_MAX_SAMPLES) {
		seterr(err, errsz, "%s: too large: %zu samples (at most %zu)",
		    path, f->n, DS_MAX_SAMPLES);
		goto bad;
	}
	if (per > (double)DS_MAX_DIM) {
		seterr(err, errsz, "%s: too large: %.0f values a sample (at "
		    "most %zu)", path, per, DS_MAX_DIM);
		goto bad;
	}
	if (total > (double)DS_MAX_VALUES) {
		seterr(err, errsz, "%s: too large: %.0f values (at most %zu in "
		    "all)", path, total, DS_MAX_VALUES);
		goto bad;
	}
	if (kind == IDX_LABELS)
		snprintf(f->shape, sizeof(f->shape), "1");
	return DS_OK;
short_header:
	seterr(err, errsz, "%s: truncated%s: the file ends in the header",
	    path, cut ? " gzip data" : "");
bad:
	st = DS_ERR_INPUT;
fail:
	gzclose(f->gz);
	f->gz = NULL;
	return st;
}

/*
 * After the data: the file must end here.  Reading on to the end also
 * makes zlib check the gzip trailer (CRC and length).
 */
static enum ds_status
idx_end(struct idx *f, size_t expect, char *err, size_t errsz)
{
	unsigned char extra[1];
	size_t got;
	bool cut;
	enum ds_status st;

	if ((st = gz_fill(f, extra, 1, &got, &cut, err, errsz)) != DS_OK)
		return st;
	if (cut) {
		seterr(err, errsz, "%s: truncated gzip data: the stream ends "
		    "without its trailer", f->path);
		return DS_ERR_INPUT;
	}
	if (got > 0) {
		seterr(err, errsz, "%s: wrong size: the header says %zu bytes "
		    "of data, the file has more", f->path, expect);
		return DS_ERR_INPUT;
	}
	return DS_OK;
}

/*
 * Grow *arr (elements of size sz) to hold at least need of at most total,
 * doubling from 1 Mi elements: a header that promises more than the file
 * holds costs no more memory than the file.  Large blocks are mmap'ed, so
 * realloc moves them with mremap and does not copy.
 */
static int
grow(void **arr, size_t *cap, size_t need, size_t total, size_t sz)
{
	size_t c = *cap;
	void *p;

	if (need <= c)
		return 0;
	if (c == 0)
		c = (size_t)1 << 20;
	while (c < need)
		c *= 2;
	if (c > total)
		c = total;
	if ((p = realloc(*arr, c * sz)) == NULL)
		return -1;
	*arr = p;
	*cap = c;
	return 0;
}

/* Read the rest of an IDX file in chunks into d->x (as floats) or d->y. */
static enum ds_status
idx_body(struct idx *f, struct dataset *d, bool labels, size_t *done,
    bool *cut, char *err, size_t errsz)
{
	unsigned char *buf;
	size_t total = f->n * f->dim, cap = 0, chunk, got, i;
	void *arr = NULL;
	enum ds_status st = DS_OK;

	*done = 0;
	*cut = false;
	if ((buf = malloc(1 << 16)) == NULL)
		return DS_ERR_NOMEM;
	for (; *done < total; *done += got) {
		chunk = total - *done < (1 << 16) ? total - *done : (1 << 16);
		if (grow(&arr, &cap, *done + chunk, total, labels ?
		    sizeof(*d->y) : sizeof(*d->x)) != 0) {
			st = DS_ERR_NOMEM;
			break;
		}
		if (labels)
			d->y = arr;
		else
			d->x = arr;
		if ((st = gz_fill(f, buf, chunk, &got, cut, err, errsz)) !=
		    DS_OK)
			break;
		if (labels)
			for (i = 0; i < got; i++)
				d->y[*done + i] = buf[i];
		else
			for (i = 0; i < got; i++)
				d->x[*done + i] = (float)buf[i];
		if (got < chunk) {
			*done += got;
			break;
		}
	}
	free(buf);
	return st;
}

static enum ds_status
read_images(const char *path, struct dataset *d, char *shape, size_t shapesz,
    char *err, size_t errsz)
{
	struct idx f;
	size_t total, done;
	enum ds_status st;
	bool cut;

	if ((st = idx_open(&f, path, IDX_IMAGES, err, errsz)) != DS_OK)
		return st;
	snprintf(shape, shapesz, "%s", f.shape);
	total = f.n * f.dim;
	d->n = f.n;
	d->dim = f.dim;
	/* convert as it comes: the bytes are never held whole */
	if ((st = idx_body(&f, d, false, &done, &cut, err, errsz)) != DS_OK)
		goto out;
	if (done < total) {
		seterr(err, errsz, "%s: truncated%s: the header says %zu bytes "
		    "of data (%zu images of %s), the file has %zu", path,
		    cut ? " gzip data" : "", total, f.n, f.shape, done);
		st = DS_ERR_INPUT;
		goto out;
	}
	st = idx_end(&f, total, err, errsz);
out:
	gzclose(f.gz);
	if (st != DS_OK)
		ds_free(d);
	return st;
}

static enum ds_status
read_labels(const char *path, struct dataset *d, char *err, size_t errsz)
{
	struct idx f;
	size_t done, i;
	enum ds_status st;
	bool cut;

	if ((st = idx_open(&f, path, IDX_LABELS, err, errsz)) != DS_OK)
		return st;
	d->n = f.n;
	if ((st = idx_body(&f, d, true, &done, &cut, err, errsz)) != DS_OK)
		goto out;
	if (done < f.n) {
		seterr(err, errsz, "%s: truncated%s: the header says %zu "
		    "labels, the file has %zu", path, cut ? " gzip data" : "",
		    f.n, done);
		st = DS_ERR_INPUT;
		goto out;
	}
	d->classes = 0;
	for (i = 0; i < f.n; i++)
		if (d->y[i] + 1 > d->classes)
			d->classes = d->y[i] + 1;
	st = idx_end(&f, f.n, err, errsz);
out:
	gzclose(f.gz);
	if (st != DS_OK)
		ds_free(d);
	return st;
}

static enum ds_status
load_idx(const char *images, const char *labels, struct dataset *d,
    char *shape, size_t shapesz, char *err, size_t errsz)
{
	struct dataset lab = { 0 };
	enum ds_status st;

	memset(d, 0, sizeof(*d));
	if ((st = read_images(images, d, shape, shapesz, err, errsz)) != DS_OK)
		return st;
	if ((st = read_labels(labels, &lab, err, errsz)) != DS_OK) {
		ds_free(d);
		return st;
	}
	if (lab.n != d->n) {
		seterr(err, errsz, "%s: %zu labels, but %s has %zu images",
		    labels, lab.n, images, d->n);
		ds_free(d);
		ds_free(&lab);
		return DS_ERR_INPUT;
	}
	d->y = lab.y;
	d->classes = lab.classes;
	return DS_OK;
}

enum ds_status
ds_load_idx(const char *images, const char *labels, struct dataset *d,
    char *err, size_t errsz)
{
	char shape[64];

	return load_idx(images, labels, d, shape, sizeof(shape), err, errsz);
}

/* dir/name if it exists, else dir/name.gz if it exists; NULL if neither. */
static char *
find_file(const char *dir, const char *name, bool *nomem)
{
	size_t len = strlen(dir) + strlen(name) + 5;
	char *p;
	FILE *fp;
	int i;

	*nomem = false;
	if ((p = malloc(len)) == NULL) {
		*nomem = true;
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		snprintf(p, len, "%s/%s%s", dir, name, i ? ".gz" : "");
		if ((fp = fopen(p, "rb")) != NULL) {
			fclose(fp);
			return p;
		}
	}
	free(p);
	return NULL;
}

enum ds_status
ds_load_idx_dir(const char *dir, struct dataset *train, struct dataset *test,
    char *err, size_t errsz)
{
	static const char *const names[4] = {
		"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
		"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
	};
	char *path[4] = { NULL, NULL, NULL, NULL };
	char shape[2][64];
	bool nomem;
	enum ds_status st = DS_ERR_INPUT;
	size_t i;
	int k;

	memset(train, 0, sizeof(*train));
	memset(test, 0, sizeof(*test));
	for (k = 0; k < 4; k++) {
		path[k] = find_file(dir, names[k], &nomem);
		if (nomem) {
			st = DS_ERR_NOMEM;
			goto out;
		}
		if (path[k] == NULL && k < 2) {
			seterr(err, errsz, "%s: no %s or %s.gz", dir, names[k],
			    names[k]);
			goto out;
		}
	}
	if ((path[2] == NULL) != (path[3] == NULL)) {
		k = path[2] == NULL ? 2 : 3;
		seterr(err, errsz, "%s: no %s or %s.gz (the test set needs "
		    "both files)", dir, names[k], names[k]);
		goto out;
	}
	if ((st = load_idx(path[0], path[1], train, shape[0], sizeof(shape[0]),
	    err, errsz)) != DS_OK)
		goto out;
	if (path[2] == NULL)
		goto out;
	if ((st = load_idx(path[2], path[3], test, shape[1], sizeof(shape[1]),
	    err, errsz)) != DS_OK)
		goto out;
	if (test->dim != train->dim || strcmp(shape[0], shape[1]) != 0) {
		seterr(err, errsz, "%s: images are %s, the training images %s",
		    path[2], shape[1], shape[0]);
		st = DS_ERR_INPUT;
		goto out;
	}
	for (i = 0; i < test->n; i++)
		if (test->y[i] >= train->classes) {
			seterr(err, errsz, "%s: label %u of item %zu is out of "
			    "range: the training labels are 0 to %u", path[3],
			    (unsigned)test->y[i], i + 1,
			    (unsigned)train->classes - 1);
			st = DS_ERR_INPUT;
			goto out;
		}
	test->classes = train->classes;
out:
	for (k = 0; k < 4; k++)
		free(path[k]);
	if (st != DS_OK) {
		ds_free(train);
		ds_free(test);
	}
	return st;
}

/* CSV */

struct csvstate {
	const char *path;
	const char *label_col;
	size_t line;		/* line being parsed (1-based) */
	size_t row_line;	/* line where the current row started */
	size_t rows_ended;	/* rows ended during the current line */
	bool row_open;		/* a row has begun and not ended */
	size_t ncol;		/* cells in the current row */
	size_t width;		/* cells per row, from the first row */
	size_t width_line;
	bool first;		/* the next row is the first */
	long label;		/* label column, 0-based, -1 until known */
	bool header;
	/* the first row, kept until we know whether it is a header */
	char **cells;
	size_t ncells, capcells;
	/* the data */
	float *x;
	uint32_t *y;
	size_t n, cap;
	float *row;		/* features of the current row */
	size_t rowcap;
	uint32_t rowlabel;
	uint32_t classes;
	enum ds_status st;
	char *err;
	size_t errsz;
};

static void
csverr(struct csvstate *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->st != DS_OK)
		return;
	s->st = DS_ERR_INPUT;
	if (s->errsz == 0)
		return;
	n = snprintf(s->err, s->errsz, "%s:%zu:%zu: ", s->path, s->row_line,
	    s->ncol + 1);
	if (n < 0 || (size_t)n >= s->errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(s->err + n, s->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

/*
 * A cell quoted for a message: at most 40 bytes, every byte that is not
 * printable ASCII as '?' (a C1 control in UTF-8 can drive a terminal too).
 */
static const char *
quoted(const char *p, size_t len, char *buf, size_t bufsz)
{
	size_t i, j = 0;
	unsigned char c;

	buf[j++] = '\'';
	for (i = 0; i < len && j + 5 < bufsz && i < 40; i++) {
		c = (unsigned char)p[i];
		buf[j++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	if (i < len) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j++] = '\'';
	buf[j] = '\0';
	return buf;
}

static bool
is_number(const char *p, size_t len)
{
	double v;

	return num_parse(p, len, &v) == 0;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Take in one cell of a data row. */
static void
data_cell(struct csvstate *s, const char *p, size_t len)
{
	char q[64];
	double v;
	size_t col = s->ncol, f;

	if (col >= s->width) {
		s->ncol++;
		return;		/* reported at the end of the row */
	}
	if (len == 0) {
		csverr(s, "empty cell");
		return;
	}
	if (strlen(p) != len || num_parse(p, len, &v) != 0) {
		csverr(s, "%s is not a number", quoted(p, len, q, sizeof(q)));
		return;
	}
	if ((long)col == s->label) {
		if (v != floor(v) || !isfinite(v)) {
			csverr(s, "label %s is not a whole number",
			    quoted(p, len, q, sizeof(q)));
			return;
		}
		if (v < 0 || v >= DS_MAX_CLASSES) {
			csverr(s, "label %s is out of range (0 to %d)",
			    quoted(p, len, q, sizeof(q)), DS_MAX_CLASSES - 1);
			return;
		}
		s->rowlabel = (uint32_t)v;
	} else {
		if (!isfinite(v) || fabs(v) > 3.4e38) {
			csverr(s, "%s is not a finite float",
			    quoted(p, len, q, sizeof(q)));
			return;
		}
		f = (long)col < s->label ? col : col - 1;
		s->row[f] = (float)v;
	}
	s->ncol++;
}

/* Decide on the first row: header or data; find the label column. */
static void
first_row(struct csvstate *s)
{
	size_t i, dim;
	bool header = false;
	unsigned long k;
	static const char *const alias[] = { "label", "class", "target", "y" };
	size_t a;

	s->width = s->ncells;
	s->width_line = s->row_line;
	for (i = 0; i < s->ncells; i++)
		if (!is_number(s->cells[i], strlen(s->cells[i])))
			header = true;
	s->header = header;
	if (s->width < 2) {
		seterr(s->err, s->errsz, "%s:%zu: one column: a data set needs "
		    "features and a label", s->path, s->row_line);
		s->st = DS_ERR_INPUT;
		return;
	}
	s->label = -1;
	if (s->label_col != NULL && all_digits(s->label_col)) {
		k = strtoul(s->label_col, NULL, 10);
		if (k < 1 || k > s->width) {
			seterr(s->err, s->errsz, "%s: no column %s (the file "
			    "has %zu)", s->path, s->label_col, s->width);
			s->st = DS_ERR_INPUT;
			return;
		}
		s->label = (long)k - 1;
	} else if (s->label_col != NULL) {
		if (!header) {
			seterr(s->err, s->errsz, "%s: no header line to find "
			    "column '%s' in", s->path, s->label_col);
			s->st = DS_ERR_INPUT;
			return;
		}
		for (i = 0; i < s->width; i++)
			if (strcasecmp(s->cells[i], s->label_col) == 0) {
				s->label = (long)i;
				break;
			}
		if (s->label < 0) {
			seterr(s->err, s->errsz, "%s: no column named '%s'",
			    s->path, s->label_col);
			s->st = DS_ERR_INPUT;
			return;
		}
	} else {
		for (a = 0; header && a < 4 && s->label < 0; a++)
			for (i = 0; i < s->width; i++)
				if (strcasecmp(s->cells[i], alias[a]) == 0) {
					s->label = (long)i;
					break;
				}
		if (s->label < 0)
			s->label = (long)s->width - 1;
	}
	dim = s->width - 1;
	if (dim > DS_MAX_DIM) {
		seterr(s->err, s->errsz, "%s: too many columns (%zu)", s->path,
		    s->width);
		s->st = DS_ERR_INPUT;
		return;
	}
	if ((s->row = malloc(dim * sizeof(float))) == NULL) {
		s->st = DS_ERR_NOMEM;
		return;
	}
	if (!header) {		/* replay the first row as data */
		s->ncol = 0;
		for (i = 0; i < s->ncells && s->st == DS_OK; i++)
			data_cell(s, s->cells[i], strlen(s->cells[i]));
	}
}

static void
free_cells(struct csvstate *s)
{
	size_t i;

	for (i = 0; i < s->ncells; i++)
		free(s->cells[i]);
	free(s->cells);
	s->cells = NULL;
	s->ncells = s->capcells = 0;
}

static void
on_field(void *field, size_t len, void *data)
{
	struct csvstate *s = data;
	const char *p = field != NULL ? field : "";
	char **c;

	if (!s->row_open) {
		s->row_open = true;
		s->row_line = s->line;
	}
	if (s->st != DS_OK)
		return;
	if (s->first) {
		if (s->ncells == s->capcells) {
			s->capcells = s->capcells ? 2 * s->capcells : 16;
			if (s->capcells > DS_MAX_DIM + 1 || (c = realloc(s->cells,
			    s->capcells * sizeof(*c))) == NULL) {
				s->st = s->capcells > DS_MAX_DIM + 1 ?
				    DS_ERR_INPUT : DS_ERR_NOMEM;
				seterr(s->err, s->errsz, "%s:%zu: too many "
				    "columns", s->path, s->row_line);
				return;
			}
			s->cells = c;
		}
		if ((s->cells[s->ncells] = malloc(len + 1)) == NULL) {
			s->st = DS_ERR_NOMEM;
			return;
		}
		memcpy(s->cells[s->ncells], p, len);
		s->cells[s->ncells][len] = '\0';
		if (strlen(p) != len) {	/* an embedded NUL */
			s->ncol = s->ncells;
			csverr(s, "NUL byte in a cell");
		}
		s->ncells++;
		return;
	}
	data_cell(s, p, len);
}

static void
on_row(int term, void *data)
{
	struct csvstate *s = data;
	size_t newcap, dim, maxrows, ncol;
	float *x;
	uint32_t *y;

	(void)term;
	s->rows_ended++;
	s->row_open = false;
	ncol = s->ncol;
	s->ncol = 0;
	if (s->st != DS_OK)
		return;
	if (s->first) {
		s->first = false;
		first_row(s);	/* replays a data row: counts in s->ncol */
		free_cells(s);
		ncol = s->ncol;
		s->ncol = 0;
		if (s->st != DS_OK || s->header)
			return;
	}
	if (ncol != s->width) {
		seterr(s->err, s->errsz, "%s:%zu: %zu cells, but line %zu has "
		    "%zu", s->path, s->row_line, ncol, s->width_line,
		    s->width);
		s->st = DS_ERR_INPUT;
		return;
	}
	if (s->n == s->cap) {
		dim = s->width - 1;
		maxrows = DS_MAX_VALUES / dim < DS_MAX_SAMPLES ?
		    DS_MAX_VALUES / dim : DS_MAX_SAMPLES;
		if (s->n >= maxrows) {
			seterr(s->err, s->errsz, "%s:%zu: too many rows (at most "
			    "%zu)", s->path, s->row_line, maxrows);
			s->st = DS_ERR_INPUT;
			return;
		}
		newcap = s->cap ? 2 * s->cap : 1024;
		if (newcap > maxrows)
			newcap = maxrows;
		if ((x = realloc(s->x, newcap * dim * sizeof(float))) == NULL) {
			s->st = DS_ERR_NOMEM;
			return;
		}
		s->x = x;
		if ((y = realloc(s->y, newcap * sizeof(*y))) == NULL) {
			s->st = DS_ERR_NOMEM;
			return;
		}
		s->y = y;
		s->cap = newcap;
	}
	memcpy(s->x + s->n * (s->width - 1), s->row,
	    (s->width - 1) * sizeof(float));
	s->y[s->n++] = s->rowlabel;
	if (s->rowlabel + 1 > s->classes)
		s->classes = s->rowlabel + 1;
}

static bool
blank(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

enum ds_status
ds_load_csv(const char *path, const char *label_col, struct dataset *d,
    char *err, size_t errsz)
{
	struct csv_parser p;
	struct csvstate s;
	FILE *fp;
	char *line = NULL;
	size_t linecap = 0, used;
	long len;
	bool delim_known = false, open_before;
	int perr;

	memset(d, 0, sizeof(*d));
	memset(&s, 0, sizeof(s));
	s.path = path;
	s.label_col = label_col;
	s.first = true;
	s.label = -1;
	s.err = err;
	s.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	if ((fp = fopen(path, "rb")) == NULL) {
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		return DS_ERR_INPUT;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return DS_ERR_NOMEM;
	}
	/* lines bounded (linein.h): /dev/zero is an error, not a growth */
	while (s.st == DS_OK && (len = linein_read(fp, &line, &linecap)) != LINEIN_EOF) {
		s.line++;
		if (len == LINEIN_NOMEM) {
			s.st = DS_ERR_NOMEM;
			break;
		}
		if (len == LINEIN_LONG) {
			seterr(err, errsz, "%s:%zu: line longer than %d bytes",
			    path, s.line, LINEIN_MAX);
			s.st = DS_ERR_INPUT;
			break;
		}
		/* a comment or blank line, outside any row */
		if (!s.row_open && (line[0] == '#' || blank(line, (size_t)len)))
			continue;
		if (!delim_known) {
			if (memchr(line, ',', (size_t)len) == NULL) {
				if (memchr(line, '\t', (size_t)len) != NULL)
					csv_set_delim(&p, '\t');
				else if (memchr(line, ';', (size_t)len) != NULL)
					csv_set_delim(&p, ';');
			}
			delim_known = true;
		}
		open_before = s.row_open;
		s.rows_ended = 0;
		used = csv_parse(&p, line, (size_t)len, on_field, on_row, &s);
		if (used != (size_t)len && s.st == DS_OK) {
			perr = csv_error(&p);
			if (perr == CSV_ENOMEM)
				s.st = DS_ERR_NOMEM;
			else {
				seterr(err, errsz, "%s:%zu: %s at byte %zu of the "
				    "line", path, s.line, perr == CSV_EPARSE ?
				    "misplaced quote" : perr == CSV_ETOOBIG ?
				    "cell too large" : csv_strerror(perr),
				    used + 1);
				s.st = DS_ERR_INPUT;
			}
		}
		/* a line that ended no row leaves one open (a quoted newline) */
		if (s.rows_ended == 0 && !open_before &&
		    !blank(line, (size_t)len) && !s.row_open) {
			s.row_open = true;
			s.row_line = s.line;
		}
	}
	if (s.st == DS_OK && ferror(fp)) {
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		s.st = DS_ERR_INPUT;
	}
	if (s.st == DS_OK && csv_fini(&p, on_field, on_row, &s) != 0 &&
	    s.st == DS_OK) {
		seterr(err, errsz, "%s:%zu: unterminated quoted cell", path,
		    s.row_line);
		s.st = DS_ERR_INPUT;
	}
	csv_free(&p);
	free(line);
	fclose(fp);
	free_cells(&s);
	free(s.row);
	if (s.st == DS_OK && s.n == 0) {
		seterr(err, errsz, "%s: no data rows", path);
		s.st = DS_ERR_INPUT;
	}
	if (s.st != DS_OK) {
		free(s.x);
		free(s.y);
		if (s.st == DS_ERR_NOMEM && errsz > 0)
			seterr(err, errsz, "%s: out of memory", path);
		return s.st;
	}
	d->n = s.n;
	d->dim = s.width - 1;
	d->classes = s.classes;
	d->x = s.x;
	d->y = s.y;
	return DS_OK;
}

/* Synthetic */

enum ds_status
ds_synthetic(struct dataset *d, size_t n, size_t dim, uint32_t classes,
    uint64_t seed, char *err, size_t errsz)
{
	enum { BLOBS = 3 };
	struct rng rng;
	size_t info, i, j, c, b;
	double *centre;
	const double spread = 1.1;	/* sd of the centres, per feature */

	memset(d, 0, sizeof(*d));
	if (n < 2 || dim < 1 || classes < 2 || n > DS_MAX_SAMPLES ||
	    dim > DS_MAX_DIM || classes > DS_MAX_CLASSES ||
	    (double)n * dim > (double)DS_MAX_VALUES) {
		seterr(err, errsz, "synthetic data: bad size (%zu samples, %zu "
		    "features, %u classes)", n, dim, (unsigned)classes);
		return DS_ERR_INPUT;
	}
	info = dim - dim / 3;		/* a third of the features are noise */
	centre = malloc((size_t)classes * BLOBS * info * sizeof(double));
	d->x = malloc(n * dim * sizeof(float));
	d->y = malloc(n * sizeof(*d->y));
	if (centre == NULL || d->x == NULL || d->y == NULL) {
		free(centre);
		ds_free(d);
		return DS_ERR_NOMEM;
	}
	rng_seed(&rng, seed ^ 0x5eed5eed5eed5eedULL);
	for (i = 0; i < (size_t)classes * BLOBS * info; i++)
		centre[i] = spread * rng_normal(&rng);
	for (i = 0; i < n; i++) {
		c = (size_t)rng_below(&rng, classes);
		b = (size_t)rng_below(&rng, BLOBS);
		for (j = 0; j < dim; j++)
			d->x[i * dim + j] = (float)(rng_normal(&rng) +
			    (j < info ? centre[(c * BLOBS + b) * info + j] :
			    0));
		d->y[i] = (uint32_t)c;
	}
	free(centre);
	d->n = n;
	d->dim = dim;
	d->classes = classes;
	return DS_OK;
}

/* Split and standardise */

enum ds_status
ds_split(struct dataset *all, double frac, uint64_t seed,
    struct dataset *train, struct dataset *test, char *err, size_t errsz)
{
	struct rng rng;
	uint32_t *perm;
	unsigned char *held;
	size_t nt, i, k, kt, kr, dim = all->dim;
	struct dataset *dst;

	memset(train, 0, sizeof(*train));
	memset(test, 0, sizeof(*test));
	if (!(frac > 0 && frac < 1)) {
		seterr(err, errsz, "held-out fraction %g is not in (0, 1)",
		    frac);
		return DS_ERR_INPUT;
	}
	nt = (size_t)llround(frac * (double)all->n);
	if (nt < 1)
		nt = 1;
	if (nt >= all->n) {
		seterr(err, errsz, "%zu samples are too few to hold some out",
		    all->n);
		return DS_ERR_INPUT;
	}
	if (all->n > UINT32_MAX)
		return DS_ERR_NOMEM;
	perm = malloc(all->n * sizeof(*perm));
	held = malloc(all->n);
	test->x = malloc(nt * dim * sizeof(float));
	test->y = malloc(nt * sizeof(uint32_t));
	train->x = malloc((all->n - nt) * dim * sizeof(float));
	train->y = malloc((all->n - nt) * sizeof(uint32_t));
	if (perm == NULL || held == NULL || test->x == NULL ||
	    test->y == NULL || train->x == NULL || train->y == NULL) {
		free(perm);
		free(held);
		ds_free(train);
		ds_free(test);
		return DS_ERR_NOMEM;
	}
	for (i = 0; i < all->n; i++)
		perm[i] = (uint32_t)i;
	rng_seed(&rng, seed ^ 0x5b1175b1175b1175ULL);
	rng_shuffle(&rng, perm, all->n);
	test->n = nt;
	train->n = all->n - nt;
	test->dim = train->dim = dim;
	test->classes = train->classes = all->classes;
	/* keep the original order inside each part */
	memset(held, 0, all->n);
	for (i = 0; i < nt; i++)
		held[perm[i]] = 1;
	for (i = 0, kt = 0, kr = 0; i < all->n; i++) {
		dst = held[i] ? test : train;
		k = held[i] ? kt++ : kr++;
		memcpy(dst->x + k * dim, all->x + i * dim, dim * sizeof(float));
		dst->y[k] = all->y[i];
	}
	free(held);
	free(perm);
	ds_free(all);
	return DS_OK;
}

void
ds_standardise(struct dataset *train, struct dataset *test, bool global)
{
	size_t dim = train->dim, i, j, n = train->n;
	double *mean, *sd, m = 0, v = 0, t;
	float *x;
	int pass;

	if (n == 0 || dim == 0)
		return;
	if (global) {
		for (i = 0; i < n * dim; i++)
			m += train->x[i];
		m /= (double)(n * dim);
		for (i = 0; i < n * dim; i++) {
			t = train->x[i] - m;
			v += t * t;
		}
		v = sqrt(v / (double)(n * dim));
		if (!(v > 0))
			v = 1;
		for (pass = 0; pass < 2; pass++) {
			struct dataset *d = pass ? test : train;

			if (d == NULL)
				continue;
			for (i = 0; i < d->n * d->dim; i++)
				d->x[i] = (float)((d->x[i] - m) / v);
		}
		return;
	}
	mean = calloc(dim, sizeof(double));
	sd = calloc(dim, sizeof(double));
	if (mean == NULL || sd == NULL) {	/* fall back to one scale */
		free(mean);
		free(sd);
		ds_standardise(train, test, true);
		return;
	}
	for (i = 0; i < n; i++)
		for (j = 0, x = train->x + i * dim; j < dim; j++)
			mean[j] += x[j];
	for (j = 0; j < dim; j++)
		mean[j] /= (double)n;
	for (i = 0; i < n; i++)
		for (j = 0, x = train->x + i * dim; j < dim; j++) {
			t = x[j] - mean[j];
			sd[j] += t * t;
		}
	for (j = 0; j < dim; j++) {
		sd[j] = sqrt(sd[j] / (double)n);
		if (!(sd[j] > 0))
			sd[j] = 1;
	}
	for (pass = 0; pass < 2; pass++) {
		struct dataset *d = pass ? test : train;

		if (d == NULL)
			continue;
		for (i = 0; i < d->n; i++)
			for (j = 0, x = d->x + i * dim; j < dim; j++)
				x[j] = (float)((x[j] - mean[j]) / sd[j]);
	}
	free(mean);
	free(sd);
}
