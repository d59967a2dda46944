/* plainlane.c: whole lines of numbers and delimiters, without libcsv */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "numparse.h"
#include "plainlane.h"

#define CHUNK (256 * 1024) /* bytes per read(2) */
#define BIG_CHUNK (2 * 1024 * 1024) /* the same, reading ahead */
#define PLAIN_ROWS 4096 /* rows per plain_scan batch */
#define SMALL_FILE (64 * 1024) /* a regular file shorter than this ... */
#define SMALL_ROWS PLAIN_FIRST /* ... is scanned in batches of this many rows */
#define PAR_MIN (64 * 1024) /* plain bytes worth a second scanner */
#define PIECE (256 * 1024) /* bytes of a piece of the second scanner */
#define PIECE_ROWS 16384 /* rows a piece takes at most */
#define NPIECES 8 /* pieces a job takes at most */

enum { PL_OTHER, PL_NUM, PL_DELIM, PL_LF, PL_CR };

/* read(2) of up to want bytes, again on EINTR; errno kept in *err. */
static ssize_t
read_some(int fd, char *buf, size_t want, int *err)
{
	ssize_t got;

	while ((got = read(fd, buf, want)) < 0 && errno == EINTR)
		;
	*err = got < 0 ? errno : 0;
	return got;
}

/*
 * The plain lane: whole lines whose bytes are all digits, . + - e E or the
 * delimiter, ended by LF or CR LF, are taken without libcsv.  For such a
 * line libcsv would call on_field with each field as it stands and on_row
 * at its end (an empty line: on_row alone), which is what the reader's
 * apply function does with what plain_scan found.  A line with any other byte (a quote, a space,
 * a letter, a NUL), more fields than the header, or a number that needs
 * strtod, is left whole to libcsv, which gives it the full treatment and the
 * error messages.
 */
/* What plain_scan reads: fixed once the columns are chosen. */
struct plain_ctx {
	const unsigned char *cls; /* PL_* by byte */
	const signed char *colmap;
	size_t ncols;
	size_t max_line; /* a longer line is left to libcsv, which says so */
};

/*
 * Scan whole plain lines of s[0..len), which ends with a line feed, into
 * out[] (at most max rows; *nout gets how many).  Returns the bytes of the
 * lines taken, up to the first line left.  Touches nothing else: it may run
 * on another thread.
 */
static size_t
plain_scan(const struct plain_ctx *x, const char *s, size_t len,
    struct plain_row *out, size_t max, size_t *nout)
{
	const unsigned char *cls = x->cls;
	const char *p = s, *line = s, *fs, *end = s + len;
	size_t col, n = 0;
	int c, k;
	double v;

	while (p < end && n < max) {
		struct plain_row *w = &out[n];

		line = p;
		w->row.have = 0;
		if ((c = cls[(unsigned char)*p]) == PL_LF ||
		    (c == PL_CR && p + 1 < end && p[1] == '\n')) {
			/* an empty line: libcsv reports a row of no fields */
			w->nfields = 0;
			w->term = c == PL_LF ? '\n' : '\r';
			p += c == PL_LF ? 1 : 2;
			n++;
			continue;
		}
		for (col = 0;;) {
			if (col >= x->ncols)
				goto leave;
			k = x->colmap[col++];
			if (k < 0 || cls[(unsigned char)*p] != PL_NUM) {
				/* not in use, or empty */
				while (cls[(unsigned char)*p] == PL_NUM)
					p++;
			} else {
				uint64_t u;

				if (k == COL_STEP &&
				    num_scan_uint(p, end, &fs, &u) == 0 &&
				    cls[(unsigned char)*fs] != PL_NUM)
					v = (double)u; /* a step of digits */
				else if (num_scan(p, end, &fs, &v) != 0) {
					/* near the end of s: the plain way */
					for (fs = p;
					     cls[(unsigned char)*fs] == PL_NUM;
					     fs++)
						;
					if (num_parse_fast(p, (size_t)(fs - p),
						&v) != 0)
						goto leave;
				}
				p = fs;
				if (k == COL_STEP &&
				    (v != floor(v) || fabs(v) > 9e15))
					goto leave;
				w->row.v[k] = v;
				w->row.have |= 1u << k;
			}
			c = cls[(unsigned char)*p];
			if (c == PL_DELIM) {
				p++;
				continue;
			}
			if (c == PL_LF) {
				w->term = '\n';
				p++;
				break;
			}
			if (c == PL_CR && p + 1 < end && p[1] == '\n') {
				w->term = '\r';
				p += 2;
				break;
			}
			goto leave;
		}
		if ((size_t)(p - line) > x->max_line + 1 + (w->term == '\r'))
			goto leave; /* too long */
		w->nfields = (unsigned short)col;
		n++;
	}
	*nout = n;
	return (size_t)(p - s);
leave:
	*nout = n;
	return (size_t)(line - s);
}

/*
 * The second scanner's job: plain_scan over its region in pieces, each
 * reported done (worker_progress) so that this thread applies the first
 * pieces while the worker scans the next; it stops after a piece that
 * ends before its end (a line for libcsv, or no room), since what follows
 * may not start a line.  Then it reads ahead, if asked.
 */
struct piece {
	const char *s;
	size_t len;
	struct plain_row *out; /* PIECE_ROWS */
	size_t nout; /* rows found */
	size_t took; /* bytes taken */
};

struct scan_job {
	struct plain_ctx x;
	struct worker *wk;
	struct piece pc[NPIECES];
	int npieces;
	struct ahead *ra; /* then read ahead, if not NULL */
};

static void
scan_job_run(void *arg)
{
	struct scan_job *j = arg;
	int i;

	for (i = 0; i < j->npieces; i++) {
		struct piece *p = &j->pc[i];

		p->took = plain_scan(&j->x, p->s, p->len, p->out, PIECE_ROWS,
		    &p->nout);
		worker_progress(j->wk, (size_t)i + 1);
		if (p->took < p->len || worker_cancelled(j->wk))
			break;
	}
	if (j->ra != NULL) {
		j->ra->got =
		    read_some(j->ra->fd, j->ra->buf, j->ra->want, &j->ra->err);
		j->ra->state = AHEAD_DONE;
	}
}

/*
 * The plain lane over s[0..n) (n ends a line), in batches; with the second
 * scanner when it is long: once a first batch shows plain lines, the
 * worker scans the part after about 40% of the bytes while this thread
 * scans and applies the part before; its rows are applied when this thread
 * arrives where it began, at a line start outside any quote, as the lines
 * before it were plain.  Returns the bytes taken: all n, or up to the first
 * line left for libcsv, the explosion or an error.
 */
size_t
plain_lane(struct plain_lane *f, const signed char *colmap, size_t ncols,
    size_t max_line, const char *s, size_t n, plain_apply_fn apply, void *ctx)
{
	struct plain_ctx x = { f->cls, colmap, ncols, max_line };
	struct scan_job job;
	size_t took = 0, k, nrows, a, max, e;
	const char *nl;
	int par = 1, odd = 0, i, done, halt = 0;

	while (took < n && !odd) {
		a = n;
		job.npieces = 0;
		if (par && took > 0 && n - took >= PAR_MIN) {
			if (!f->wk_tried) {
				f->wk_tried = 1;
				if ((f->rows2 = malloc(NPIECES * PIECE_ROWS *
					 sizeof(*f->rows2))) != NULL &&
				    !worker_start(&f->wk)) {
					free(f->rows2);
					f->rows2 = NULL;
				}
			}
			if (f->rows2 != NULL) {
				/* this thread takes a quarter, as it applies
				 * every row besides; the worker the rest, in
				 * pieces that end lines */
				k = took + (n - took) / 4;
				nl = memchr(s + k, '\n', n - k);
				a = (size_t)(nl - s) + 1;
				for (k = a; k < n && job.npieces < NPIECES;
				     k = e) {
					struct piece *p = &job.pc[job.npieces];

					e = k + PIECE < n ? k + PIECE : n;
					if (e < n &&
					    job.npieces + 1 < NPIECES) {
						nl = memchr(s + e, '\n', n - e);
						e = (size_t)(nl - s) + 1;
					} else
						e = n;
					p->s = s + k;
					p->len = e - k;
					p->out =
					    f->rows2 + job.npieces * PIECE_ROWS;
					job.npieces++;
				}
			}
		}
		if (job.npieces > 0) {
			job.x = x;
			job.wk = &f->wk;
			job.ra = NULL;
			if (f->ra != NULL && f->ra->state == AHEAD_NONE) {
				job.ra = f->ra;
				f->ra->state = AHEAD_ASKED;
			}
			worker_post(&f->wk, scan_job_run, &job);
		}
		/* this thread's share: [took, a), or one batch when alone (a
		 * short one first: it shows whether the lines are plain) */
		for (;;) {
			max = took == 0 ? PLAIN_FIRST : f->rows_max;
			k = plain_scan(&x, s + took, a - took, f->rows, max,
			    &nrows);
			halt = apply(ctx, f->rows, nrows);
			took += k;
			if (halt || took == a)
				break;
			if (nrows < max) {
				odd = 1; /* a line for libcsv */
				break;
			}
			if (job.npieces == 0)
				break;
		}
		if (job.npieces == 0) {
			if (halt)
				break;
			continue;
		}
		/* the worker's pieces, as they are done, if this thread
		 * arrived cleanly where they begin; else its work is lost */
		if (took != a || odd || halt) {
			par = 0;
			worker_cancel(&f->wk);
		}
		for (i = 0, done = 0; par && i < job.npieces && !halt; i++) {
			struct piece *p = &job.pc[i];

			if (done <= i &&
			    (done = (int)worker_await(&f->wk, (size_t)i + 1)) <=
				i)
				break; /* the job ended before it */
			halt = apply(ctx, p->out, p->nout);
			took += p->took;
			if (p->took < p->len) {
				/* a line for libcsv, or the piece was full */
				odd = p->nout < PIECE_ROWS;
				break;
			}
		}
		worker_wait(&f->wk);
		if (halt)
			break;
	}
	return took;
}

void
plain_classes(struct plain_lane *f, char delim)
{
	const char *num = "0123456789.+-eE";

	memset(f->cls, PL_OTHER, sizeof(f->cls));
	for (; *num != '\0'; num++)
		f->cls[(unsigned char)*num] = PL_NUM;
	f->cls[(unsigned char)delim] = PL_DELIM;
	f->cls['\n'] = PL_LF;
	f->cls['\r'] = PL_CR;
}

int
plain_init(struct plain_lane *pl, size_t rows_max)
{
	memset(pl, 0, sizeof(*pl));
	pl->rows_max = rows_max;
	pl->rows = malloc(rows_max * sizeof(*pl->rows));
	return pl->rows != NULL ? 0 : -1;
}

void
plain_free(struct plain_lane *pl)
{
	if (pl->rows2 != NULL)
		worker_stop(&pl->wk);
	free(pl->rows2);
	free(pl->rows);
}

int
plain_chunks_open(struct plain_chunks *c, const struct logread_input *in,
    size_t chunk)
{
	struct stat sb;
	char *nb;
	int regular;

	memset(c, 0, sizeof(*c));
	c->in = *in;
	c->bufsz = CHUNK;
	c->rows_max = PLAIN_ROWS;
	c->want = chunk > 0 && chunk < CHUNK ? chunk : CHUNK;
	regular =
	    in->read == NULL && fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode);
	/* a small file gets buffers to its size, which malloc takes from
	 * its heap: those of a long one come from mmap, and mapping and
	 * unmapping them cost more than reading a 1,000-row log */
	if (regular && sb.st_size < SMALL_FILE) {
		c->bufsz = (size_t)sb.st_size + 1 < 4096 ?
		    4096 :
		    (size_t)sb.st_size + 1;
		c->rows_max = SMALL_ROWS;
		if (c->want > c->bufsz)
			c->want = c->bufsz;
	}
	if ((c->buf = malloc(c->bufsz)) == NULL)
		return -1;
	/* a long regular file is read ahead, in bigger chunks: fewer hand-
	 * overs between the threads (a pipe is read as bytes come).  The
	 * bytes the format was told from come first (in->pre), so the worker
	 * reads ahead from the file only once they are taken. */
	if (regular && sb.st_size > 2 * CHUNK &&
	    (nb = realloc(c->buf, BIG_CHUNK)) != NULL) {
		c->buf = nb;
		if ((c->buf2 = malloc(BIG_CHUNK)) != NULL) {
			if (chunk == 0)
				c->want = BIG_CHUNK;
			c->ra.fd = in->fd;
			c->ra.want = c->want;
			c->ahead = true;
		}
	}
	return 0;
}

ssize_t
logread_input_next(struct logread_input *in, char *buf, size_t want)
{
	if (in->npre > 0) {
		size_t n = in->npre < want ? in->npre : want;

		memcpy(buf, in->pre, n);
		in->pre += n;
		in->npre -= n;
		return (ssize_t)n;
	}
	if (in->read != NULL)
		return in->read(in->ctx, buf, want);
	{
		int err;
		ssize_t got = read_some(in->fd, buf, want, &err);

		errno = err;
		return got;
	}
}

/* The next bytes of in, errno kept in *err. */
static ssize_t
next_bytes(struct logread_input *in, char *buf, size_t want, int *err)
{
	ssize_t got = logread_input_next(in, buf, want);

	*err = got < 0 ? errno : 0;
	return got;
}

ssize_t
plain_chunks_next(struct plain_chunks *c, struct plain_lane *pl, int *err)
{
	ssize_t got;

	if (c->ahead && pl->ra == NULL && c->in.npre == 0)
		pl->ra = &c->ra;
	if (pl->ra != NULL && c->ra.state == AHEAD_DONE) {
		/* the worker read the next chunk into the other buffer */
		char *t = c->buf;

		c->buf = c->buf2;
		c->buf2 = t;
		got = c->ra.got;
		*err = c->ra.err;
		c->ra.state = AHEAD_NONE;
	} else
		got = next_bytes(&c->in, c->buf, c->want, err);
	if (got > 0 && pl->ra != NULL)
		c->ra.buf = c->buf2;
	return got;
}

void
plain_chunks_drain(struct plain_chunks *c)
{
	ssize_t got;
	int err;

	while ((got = next_bytes(&c->in, c->buf, c->bufsz, &err)) != 0)
		if (got < 0 && err != EINTR)
			break;
}

void
plain_chunks_close(struct plain_chunks *c)
{
	free(c->buf2);
	free(c->buf);
}
