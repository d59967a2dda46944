/* report_csv.c: the processed curve as CSV, every row read (report.h) */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"
#include "report.h"
#include "worker.h"

/*
 * report_csv formats its rows into blocks of text and writes each with one
 * fwrite: an fprintf a row, with its locking and format parsing, cost more
 * than formatting the five numbers.  On a long run the blocks alternate
 * between this thread and a worker (the numbers are most of the time).
 */
#define ROW_MAX (24 + 4 * 32 + 8) /* a row but the run name */
#define BLOCK_BYTES (1024 * 1024) /* the text of a block, at most */

/* Rows from .. to-1 of a run as CSV text into buf (room for every row:
 * (to - from) * (namelen + ROW_MAX) bytes); len the length written. */
struct csv_block {
	const struct rangetest *rt;
	const struct analysis *an;
	const char *name; /* the run name as a field and a comma, or NULL */
	size_t namelen;
	size_t from, to;
	char *buf;
	size_t len;
};

/*
 * The last number written in a column of a block, to copy when the next
 * row repeats it: a log's lr stays the same for several rows when it is
 * written short (%.6g of a long sweep) or under gradient accumulation, and
 * the slope of rows that share an lr is one value (analysis_slope: the
 * points around their run).  num_format_len depends on the bits of the
 * double alone, so equal bits give equal text.
 */
struct last_num {
	uint64_t bits; /* of the double: 0 and -0 differ */
	const char *text; /* where it was written in the block; NULL: none */
	int len;
};

/*
 * v as num_format_len writes it at p (32 bytes writable there, as it
 * needs); returns the end of the text.  A repeat is copied from where it
 * was written: 32 bytes, from c->text, which lies at least len + 1 bytes
 * (a comma) before p in the same block, so that all of them are in it;
 * they may overlap p's, so all are read before any is written, and only
 * the first len count.
 * (Copying from a 32-byte buffer beside the block instead waited for the
 * stores of num_format_len to it: a stall a copy.)
 */
static char *
put_num(char *p, double v, struct last_num *c)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	if (c->text != NULL && bits == c->bits) {
		char tmp[32]; /* memmove, but not a call to it */

		memcpy(tmp, c->text, sizeof(tmp));
		memcpy(p, tmp, sizeof(tmp));
		return p + c->len;
	}
	c->bits = bits;
	c->text = p;
	c->len = num_format_len(p, v);
	return p + c->len;
}

static void
csv_rows(void *arg)
{
	struct csv_block *b = arg;
	const struct rangetest *rt = b->rt;
	const struct analysis *an = b->an;
	char *p = b->buf;
	struct last_num lr = { .text = NULL }, slope = { .text = NULL };
	size_t i, same = 0;
	double g = NAN;

	/* every row read; the curve's cells stay empty past its end
	 * (the exploding row, or what fastai's pipeline drops) */
	for (i = b->from; i < b->to; i++) {
		/* the slope of a run of equal lrs is computed once */
		if (i >= an->m)
			g = NAN;
		else if (i == b->from || i > same)
			g = analysis_slope_run(rt->lr, an->smooth, an->m, i,
			    &same);

		if (b->name != NULL) {
			memcpy(p, b->name, b->namelen);
			p += b->namelen;
		}
		p += num_format_int64(p, rt_step(rt, i));
		*p++ = ',';
		p = put_num(p, rt->lr[i], &lr);
		*p++ = ',';
		p += num_format_len(p, rt->loss[i]);
		*p++ = ',';
		if (i < an->m)
			p += num_format_len(p, an->smooth[i]);
		*p++ = ',';
		if (!isnan(g))
			p = put_num(p, g, &slope);
		*p++ = '\n';
	}
	b->len = (size_t)(p - b->buf);
}

/* The run name as a CSV field followed by a comma, in a new string
 * the caller frees (NULL: out of memory). */
static char *
csv_name(const char *s)
{
	size_t len = 3, i;
	char *q, *out;

	for (i = 0; s[i] != '\0'; i++)
		len += s[i] == '"' ? 2 : 1;
	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	q = out;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		q = stpcpy(q, s);
	} else {
		*q++ = '"';
		for (; *s != '\0'; s++) {
			if (*s == '"')
				*q++ = '"';
			*q++ = *s;
		}
		*q++ = '"';
	}
	*q++ = ',';
	*q = '\0';
	return out;
}

/* Wait until the curve points that rows before end need are made: the
 * smoothed losses and the slopes, which read ANALYSIS_MAX_RUN + 1 points
 * past a row (analysis_slope_run). */
static void
wait_rows(const struct report_run *r, size_t end)
{
	size_t m = r->an->m, need = end + ANALYSIS_MAX_RUN + 2;

	r->wait_curve(r->wait_ctx, need < m ? need : m);
}

/* The rows of one run: blocks 0, 2, 4, ... here, 1, 3, 5, ... on the
 * worker (started on the first run long enough to need it), each pair
 * once the curve it shows is made (report_run.wait_curve). */
static int
csv_run(FILE *fp, const struct report_run *r, const char *name,
    struct worker *wk, bool *wk_on)
{
	size_t namelen = name != NULL ? strlen(name) : 0;
	size_t rows = BLOCK_BYTES / (namelen + ROW_MAX), i;
	struct csv_block b[2];
	int rc = 0, k;

	if (rows == 0)
		rows = 1;
	/* the curve as the analysis makes it: its length first */
	if (r->wait_curve != NULL)
		r->wait_curve(r->wait_ctx, 0);
	for (k = 0; k < 2; k++) {
		b[k].rt = r->rt;
		b[k].an = r->an;
		b[k].name = name;
		b[k].namelen = namelen;
		b[k].buf = NULL;
	}
	if ((b[0].buf = malloc(rows * (namelen + ROW_MAX))) == NULL)
		return -1;
	for (i = 0; i < r->rt->n && rc == 0; i += 2 * rows) {
		bool two = r->rt->n - i > rows;

		b[0].from = i;
		b[0].to = two ? i + rows : r->rt->n;
		if (r->wait_curve != NULL)
			wait_rows(r, two ? i + 2 * rows : r->rt->n);
		if (two) {
			if (b[1].buf == NULL &&
			    (b[1].buf = malloc(rows * (namelen + ROW_MAX))) ==
				NULL) {
				rc = -1;
				break;
			}
			if (!*wk_on) {
				worker_start(wk);
				*wk_on = true;
			}
			b[1].from = b[0].to;
			b[1].to = r->rt->n - b[1].from > rows ?
			    b[1].from + rows :
			    r->rt->n;
			worker_post(wk, csv_rows, &b[1]);
		}
		csv_rows(&b[0]);
		if (fwrite(b[0].buf, 1, b[0].len, fp) != b[0].len)
			rc = -1;
		if (two) {
			worker_wait(wk);
			if (rc == 0 &&
			    fwrite(b[1].buf, 1, b[1].len, fp) != b[1].len)
				rc = -1;
		}
	}
	free(b[0].buf);
	free(b[1].buf);
	return rc;
}

int
report_csv(FILE *fp, const struct report_run *runs, size_t n)
{
	struct worker wk;
	bool wk_on = false;
	size_t k;
	int rc = 0;

	fprintf(fp, "%sstep,lr,loss,smoothed,slope\n", n > 1 ? "run," : "");
	for (k = 0; k < n && rc == 0; k++) {
		char *name = NULL;

		if (n > 1 && (name = csv_name(runs[k].name)) == NULL) {
			rc = -1;
			break;
		}
		rc = csv_run(fp, &runs[k], name, &wk, &wk_on);
		free(name);
	}
	if (wk_on)
		worker_stop(&wk);
	return rc != 0 || ferror(fp) ? -1 : 0;
}
