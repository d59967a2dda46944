/* ds_idx.c: IDX data sets (MNIST format), plain or gzip */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dataset.h"
#include "ds_store.h"
#include "lazylib.h"

enum { IDX_IMAGES, IDX_LABELS };

/* The largest header: the magic and 255 dimensions. */
#define IDX_HMAX (4 + 4 * 255)

struct idx {
	const char *path;
	gzFile gz;
	size_t n; /* first dimension */
	size_t dim; /* product of the others (1 for labels) */
	size_t hlen; /* header bytes */
	char shape[64]; /* "28x28" */
};

/*
 * Read up to len bytes into buf; *got says how many.  A short count is the
 * end of the data: *cut is set when zlib found the gzip stream cut short.
 * Returns DS_OK, or an error that zlib or the system reported (in err).
 */
static enum ds_status
gz_fill(struct idx *f, void *buf, size_t len, size_t *got, bool *cut, char *err,
    size_t errsz)
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
		case Z_BUF_ERROR: /* "unexpected end of file" */
			*cut = true;
			return DS_OK;
		case Z_ERRNO:
			ds_seterr(err, errsz, "%s: %s", f->path,
			    strerror(errno));
			return DS_ERR_INPUT;
		case Z_DATA_ERROR:
			/* gzerror puts "PATH: " ahead of zlib's text */
			if (strncmp(msg, f->path, strlen(f->path)) == 0 &&
			    strncmp(msg + strlen(f->path), ": ", 2) == 0)
				msg += strlen(f->path) + 2;
			ds_seterr(err, errsz, "%s: corrupt gzip data (%s)",
			    f->path, msg);
			return DS_ERR_INPUT;
		case Z_MEM_ERROR:
			return DS_ERR_NOMEM;
		default:
			ds_seterr(err, errsz, "%s: %s", f->path, msg);
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

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

/* The magic number h[0..4) of a file of kind; sets f->hlen. */
static enum ds_status
idx_magic(struct idx *f, const unsigned char *h, int kind, char *err,
    size_t errsz)
{
	uint32_t magic = be32(h);
	unsigned ndim = h[3];

	if (h[0] != 0 || h[1] != 0) {
		ds_seterr(err, errsz,
		    "%s: bad magic number 0x%08x: not an IDX file", f->path,
		    (unsigned)magic);
		return DS_ERR_INPUT;
	}
	if (h[2] != 0x08) {
		ds_seterr(err, errsz,
		    "%s: IDX data type 0x%02x is not supported "
		    "(only unsigned bytes, 0x08)",
		    f->path, h[2]);
		return DS_ERR_INPUT;
	}
	if (kind == IDX_LABELS && ndim != 1) {
		ds_seterr(err, errsz,
		    "%s: bad magic number 0x%08x: labels have 1 "
		    "dimension (0x00000801), not %u",
		    f->path, (unsigned)magic, ndim);
		return DS_ERR_INPUT;
	}
	if (kind == IDX_IMAGES && ndim < 2) {
		ds_seterr(err, errsz,
		    "%s: bad magic number 0x%08x: images have 2 "
		    "or more dimensions (0x00000803), not %u",
		    f->path, (unsigned)magic, ndim);
		return DS_ERR_INPUT;
	}
	f->hlen = 4 + 4 * (size_t)ndim;
	return DS_OK;
}

/* A product of dimensions for a message: past a double's range, "more than" it. */
static const char *
count(double v, char *buf, size_t sz)
{
	if (isfinite(v))
		snprintf(buf, sz, "%.0f", v);
	else
		snprintf(buf, sz, "more than %.1e", DBL_MAX);
	return buf;
}

/* The dimensions, h[4 .. f->hlen): f->n, f->dim and f->shape, within the caps. */
static enum ds_status
idx_dims(struct idx *f, const unsigned char *h, int kind, char *err,
    size_t errsz)
{
	unsigned ndim = (unsigned)(f->hlen - 4) / 4, i;
	uint32_t d;
	double total = 1, per = 1;
	char num[400]; /* 2^1023 has 308 digits */
	size_t len;
	int n;

	f->dim = 1;
	f->shape[0] = '\0';
	for (i = 0; i < ndim; i++) {
		d = be32(h + 4 + 4 * i);
		if (d == 0) {
			ds_seterr(err, errsz, "%s: dimension %u is 0", f->path,
			    i + 1);
			return DS_ERR_INPUT;
		}
		total *= d;
		if (i == 0) {
			f->n = d;
			continue;
		}
		per *= d; /* the whole shape, for the message */
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
		ds_seterr(err, errsz,
		    "%s: too large: %zu samples (at most %zu)", f->path, f->n,
		    DS_MAX_SAMPLES);
		return DS_ERR_INPUT;
	}
	if (per > (double)DS_MAX_DIM) {
		ds_seterr(err, errsz,
		    "%s: too large: %s values a sample (at "
		    "most %zu)",
		    f->path, count(per, num, sizeof(num)), DS_MAX_DIM);
		return DS_ERR_INPUT;
	}
	if (total > (double)DS_MAX_VALUES) {
		ds_seterr(err, errsz,
		    "%s: too large: %s values (at most %zu in "
		    "all)",
		    f->path, count(total, num, sizeof(num)), DS_MAX_VALUES);
		return DS_ERR_INPUT;
	}
	if (kind == IDX_LABELS)
		snprintf(f->shape, sizeof(f->shape), "1");
	return DS_OK;
}

/* Open an IDX file for streaming and read its header. */
static enum ds_status
idx_open(struct idx *f, int kind, char *err, size_t errsz)
{
	unsigned char h[IDX_HMAX];
	size_t got;
	enum ds_status st;
	bool cut;

	errno = 0;
	if ((f->gz = gzopen(f->path, "rb")) == NULL) {
		if (errno == 0)
			return DS_ERR_NOMEM;
		ds_seterr(err, errsz, "%s: %s", f->path, strerror(errno));
		return DS_ERR_INPUT;
	}
	gzbuffer(f->gz, 1 << 17);
	if ((st = gz_fill(f, h, 4, &got, &cut, err, errsz)) != DS_OK)
		goto fail;
	if (got < 4)
		goto short_header;
	if ((st = idx_magic(f, h, kind, err, errsz)) != DS_OK)
		goto fail;
	if ((st = gz_fill(f, h + 4, f->hlen - 4, &got, &cut, err, errsz)) !=
	    DS_OK)
		goto fail;
	if (got < f->hlen - 4)
		goto short_header;
	if ((st = idx_dims(f, h, kind, err, errsz)) != DS_OK)
		goto fail;
	return DS_OK;
short_header:
	ds_seterr(err, errsz, "%s: truncated%s: the file ends in the header",
	    f->path, cut ? " gzip data" : "");
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
		ds_seterr(err, errsz,
		    "%s: truncated gzip data: the stream ends "
		    "without its trailer",
		    f->path);
		return DS_ERR_INPUT;
	}
	if (got > 0) {
		ds_seterr(err, errsz,
		    "%s: wrong size: the header says %zu bytes "
		    "of data, the file has more",
		    f->path, expect);
		return DS_ERR_INPUT;
	}
	return DS_OK;
}

/* The data fell short of the header's promise. */
static void
idx_short(const struct idx *f, int kind, bool cut, size_t done, char *err,
    size_t errsz)
{
	if (kind == IDX_LABELS)
		ds_seterr(err, errsz,
		    "%s: truncated%s: the header says %zu "
		    "labels, the file has %zu",
		    f->path, cut ? " gzip data" : "", f->n, done);
	else
		ds_seterr(err, errsz,
		    "%s: truncated%s: the header says %zu bytes "
		    "of data (%zu images of %s), the file has %zu",
		    f->path, cut ? " gzip data" : "", f->n * f->dim, f->n,
		    f->shape, done);
}

/*
 * Stream the data through zlib into a buffer that grows with what is
 * decompressed, doubling from 1 MiB up to the header's size: a header
 * that promises more than the file holds costs no more memory than the
 * file's data.  (Large blocks are mmap'ed, so realloc moves them with
 * mremap and does not copy.)
 */
static enum ds_status
idx_stream(struct idx *f, int kind, unsigned char **data, char *err,
    size_t errsz)
{
	size_t total, cap = 0, done = 0, chunk, got;
	unsigned char *buf = NULL, *p;
	enum ds_status st;
	bool cut = false;

	if ((st = idx_open(f, kind, err, errsz)) != DS_OK)
		return st;
	total = f->n * f->dim;
	while (done < total) {
		if (done == cap) {
			cap = cap == 0 ? (size_t)1 << 20 : 2 * cap;
			if (cap > total)
				cap = total;
			if ((p = realloc(buf, cap)) == NULL) {
				st = DS_ERR_NOMEM;
				goto out;
			}
			buf = p;
		}
		chunk = cap - done;
		if ((st = gz_fill(f, buf + done, chunk, &got, &cut, err,
			 errsz)) != DS_OK)
			goto out;
		done += got;
		if (got < chunk)
			break;
	}
	if (done < total) {
		idx_short(f, kind, cut, done, err, errsz);
		st = DS_ERR_INPUT;
		goto out;
	}
	st = idx_end(f, total, err, errsz);
out:
	gzclose(f->gz);
	f->gz = NULL;
	if (st != DS_OK)
		free(buf);
	else
		*data = buf;
	return st;
}

/* Read all of fd (size bytes) into a malloc'd buffer; NULL on any failure. */
static unsigned char *
slurp(int fd, size_t size)
{
	unsigned char *buf;
	size_t off = 0;
	ssize_t r;

	if ((buf = malloc(size)) == NULL)
		return NULL;
	while (off < size) {
		r = read(fd, buf + off, size - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return NULL;
		}
		off += (size_t)r;
	}
	return buf;
}

/* Inflate the start of gzip data in[0..len) into h; how many bytes came. */
static size_t
gz_prefix(const unsigned char *in, size_t len, unsigned char *h, size_t hsz)
{
	z_stream z;
	size_t got = 0;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return 0;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = h;
	z.avail_out = (uInt)hsz;
	r = inflate(&z, Z_SYNC_FLUSH);
	if (r == Z_OK || r == Z_STREAM_END)
		got = hsz - z.avail_out;
	inflateEnd(&z);
	return got;
}

/* lazylib_load for reading f: DS_OK, or an error naming f. */
static enum ds_status
lib_load(const struct idx *f, enum lazylib lib, char *err, size_t errsz)
{
	char why[256];

	if (lazylib_load(lib, why, sizeof(why)) == 0)
		return DS_OK;
	ds_seterr(err, errsz, "%s: %s", f->path, why);
	return DS_ERR_INPUT;
}

/*
 * The whole file at once, where that is safe and the result certain: a
 * regular file of at most the cap, either plain and exactly as long as
 * its header says, or one gzip member whose trailer (ISIZE) gives the
 * length the header says, inflated by libdeflate into a buffer of that
 * length (no more than the deflate format can expand the file to).
 * Returns 1 when it declines (idx_stream then reads the file, and says
 * what is wrong with it, if anything), else 0 with *st set: *mem is the
 * allocation and *data the data in it.
 */
static int
idx_whole(struct idx *f, int kind, unsigned char **mem, unsigned char **data,
    enum ds_status *st, char *err, size_t errsz)
{
	struct libdeflate_decompressor *dc;
	struct stat sb;
	unsigned char h[IDX_HMAX], *in = NULL, *out = NULL;
	size_t size, got, want, in_used = 0, out_used = 0;
	enum libdeflate_result r = LIBDEFLATE_BAD_DATA;
	bool gz;
	int fd, declined = 1;

	if ((fd = open(f->path, O_RDONLY)) < 0)
		return 1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 20 ||
	    (uintmax_t)sb.st_size > DS_MAX_VALUES + IDX_HMAX)
		goto out;
	size = (size_t)sb.st_size;
	if ((in = slurp(fd, size)) == NULL)
		goto out;
	gz = in[0] == 0x1f && in[1] == 0x8b;
	if (gz)
		got = gz_prefix(in, size, h, sizeof(h));
	else
		memcpy(h, in, got = size < sizeof(h) ? size : sizeof(h));
	if (got < 4)
		goto out;
	declined = 0;
	if ((*st = idx_magic(f, h, kind, err, errsz)) != DS_OK)
		goto out;
	if (got < f->hlen) {
		declined = 1;
		goto out;
	}
	if ((*st = idx_dims(f, h, kind, err, errsz)) != DS_OK)
		goto out;
	declined = 1;
	want = f->hlen + f->n * f->dim;
	if (!gz) {
		if (size != want)
			goto out;
		*mem = in;
		*data = in + f->hlen;
		in = NULL;
		declined = 0;
		goto out;
	}
	/* deflate expands a byte to at most 1032 */
	if (le32(in + size - 4) != (uint32_t)want || want / 1032 > size)
		goto out;
	if ((*st = lib_load(f, LAZYLIB_LIBDEFLATE, err, errsz)) != DS_OK) {
		declined = 0;
		goto out;
	}
	if ((dc = libdeflate_alloc_decompressor()) == NULL)
		goto out;
	if ((out = malloc(want)) != NULL)
		r = libdeflate_gzip_decompress_ex(dc, in, size, out, want,
		    &in_used, &out_used);
	libdeflate_free_decompressor(dc);
	/* a second member or bytes after the first: zlib's way */
	if (out == NULL || r != LIBDEFLATE_SUCCESS || in_used != size ||
	    out_used != want) {
		free(out);
		goto out;
	}
	*mem = out;
	*data = out + f->hlen;
	declined = 0;
out:
	free(in);
	close(fd);
	return declined;
}

/* Read an IDX file: header into f, data into *data (inside *mem, the caller's). */
static enum ds_status
idx_read(struct idx *f, const char *path, int kind, unsigned char **mem,
    unsigned char **data, char *err, size_t errsz)
{
	enum ds_status st = DS_OK;

	memset(f, 0, sizeof(*f));
	f->path = path;
	*mem = *data = NULL;
	/* zlib: gzip headers, and the streaming path (plain files too) */
	if ((st = lib_load(f, LAZYLIB_ZLIB, err, errsz)) != DS_OK)
		return st;
	if (idx_whole(f, kind, mem, data, &st, err, errsz) == 0)
		return st;
	st = idx_stream(f, kind, data, err, errsz);
	*mem = *data;
	return st;
}

static enum ds_status
load_idx(const char *images, const char *labels, struct dataset *d, char *shape,
    size_t shapesz, char *err, size_t errsz)
{
	struct idx fi, fl;
	struct ds_store *s = NULL;
	unsigned char *mem = NULL, *px, *lmem = NULL, *lab;
	uint32_t classes = 0;
	enum ds_status st;
	size_t i;

	memset(d, 0, sizeof(*d));
	if ((st = idx_read(&fi, images, IDX_IMAGES, &mem, &px, err, errsz)) !=
	    DS_OK)
		return st;
	snprintf(shape, shapesz, "%s", fi.shape);
	if ((st = idx_read(&fl, labels, IDX_LABELS, &lmem, &lab, err, errsz)) !=
	    DS_OK)
		goto fail;
	if (fl.n != fi.n) {
		ds_seterr(err, errsz, "%s: %zu labels, but %s has %zu images",
		    labels, fl.n, images, fi.n);
		st = DS_ERR_INPUT;
		goto fail;
	}
	if ((s = ds_store_new(fi.n, fi.dim)) == NULL ||
	    (s->y = malloc(fi.n * sizeof(*s->y))) == NULL) {
		st = DS_ERR_NOMEM;
		goto fail;
	}
	for (i = 0; i < fi.n; i++) {
		s->y[i] = lab[i];
		if (lab[i] + 1u > classes)
			classes = lab[i] + 1u;
	}
	free(lmem);
	s->mem = mem;
	s->u8 = px;
	ds_view_all(d, s, classes);
	return DS_OK;
fail:
	ds_store_unref(s);
	free(mem);
	free(lmem);
	return st;
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

static const char *const idx_names[4] = { "train-images-idx3-ubyte",
	"train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
	"t10k-labels-idx1-ubyte" };

bool
ds_idx_dir_has_test(const char *dir)
{
	char *p[2];
	bool nomem, both;
	int k;

	for (k = 0; k < 2; k++)
		p[k] = find_file(dir, idx_names[2 + k], &nomem);
	both = p[0] != NULL && p[1] != NULL;
	free(p[0]);
	free(p[1]);
	return both;
}

enum ds_status
ds_load_idx_dir(const char *dir, struct dataset *train, struct dataset *test,
    char *err, size_t errsz)
{
	char *path[4] = { NULL, NULL, NULL, NULL };
	char shape[2][64];
	bool nomem;
	enum ds_status st = DS_ERR_INPUT;
	size_t i;
	int k;

	memset(train, 0, sizeof(*train));
	if (test != NULL)
		memset(test, 0, sizeof(*test));
	for (k = 0; k < 4; k++) {
		path[k] = find_file(dir, idx_names[k], &nomem);
		if (nomem) {
			st = DS_ERR_NOMEM;
			goto out;
		}
		if (path[k] == NULL && k < 2) {
			ds_seterr(err, errsz, "%s: no %s or %s.gz", dir,
			    idx_names[k], idx_names[k]);
			goto out;
		}
	}
	if ((path[2] == NULL) != (path[3] == NULL)) {
		k = path[2] == NULL ? 2 : 3;
		ds_seterr(err, errsz,
		    "%s: no %s or %s.gz (the test set needs "
		    "both files)",
		    dir, idx_names[k], idx_names[k]);
		goto out;
	}
	if ((st = load_idx(path[0], path[1], train, shape[0], sizeof(shape[0]),
		 err, errsz)) != DS_OK)
		goto out;
	if (path[2] == NULL || test == NULL)
		goto out;
	if ((st = load_idx(path[2], path[3], test, shape[1], sizeof(shape[1]),
		 err, errsz)) != DS_OK)
		goto out;
	if (test->dim != train->dim || strcmp(shape[0], shape[1]) != 0) {
		ds_seterr(err, errsz,
		    "%s: images are %s, the training images %s", path[2],
		    shape[1], shape[0]);
		st = DS_ERR_INPUT;
		goto out;
	}
	for (i = 0; i < test->n; i++)
		if (test->store->y[i] >= train->classes) {
			ds_seterr(err, errsz,
			    "%s: label %u of item %zu is out of "
			    "range: the training labels are 0 to %u",
			    path[3], (unsigned)test->store->y[i], i + 1,
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
		if (test != NULL)
			ds_free(test);
	}
	return st;
}
