/* logread.c: streaming reader of per-batch loss logs (CSV through libcsv) */
#include <csv.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "logcols.h"
#include "logread.h"
#include "logstart.h"
#include "numparse.h"
#include "plainlane.h"

struct reader {
	const struct logread_opts *o;
	struct rangetest *rt;
	struct logread_result *res;

	/* position */
	size_t line; /* line of the bytes being parsed, 1-based */
	size_t row_line; /* line where the current row began */
	int last_cr; /* the last row end was a CR: an LF right after it is the same line end */
	size_t col; /* field number within the current row */
	size_t bytes_in_row; /* bytes fed since the last row end */

	/* header */
	int got_first; /* first row seen (header or data) */
	char **names; /* header names, ncols of them */
	size_t ncols;
	int idx[NCOLS]; /* 0-based column of step, lr, loss; -1 none */
	signed char *colmap; /* ncols entries: COL_* or -1 */

	/* the row being read and the one waiting to be merged */
	struct row cur, pend;
	int have_pend;
	size_t nrows; /* rows emitted (after merging) */

	/* lr rebuilt with an unknown n: losses are held until the end */
	double *held;
	size_t nheld, capheld;

	int fast; /* on_field may take its fast path (update_fast) */
	int quotes; /* the bytes being parsed may hold a quoted field */
	int nuls; /* they hold a NUL byte */
	int stop; /* the explosion came: ignore the rest */
	int fail; /* an error is in res->err */
	enum lr_status status;
};

static void
fail_at(struct reader *r, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->fail)
		return;
	r->fail = 1;
	r->fast = 0;
	r->status = LR_ERR_INPUT;
	if (col > 0)
		n = snprintf(r->res->err, sizeof(r->res->err),
		    "%zu:%zu: ", line, col);
	else
		n = snprintf(r->res->err, sizeof(r->res->err), "%zu: ", line);
	va_start(ap, fmt);
	vsnprintf(r->res->err + n, sizeof(r->res->err) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
fail_nomem(struct reader *r)
{
	if (r->fail)
		return;
	r->fail = 1;
	r->fast = 0;
	r->status = LR_ERR_NOMEM;
	snprintf(r->res->err, sizeof(r->res->err), "%zu: out of memory",
	    r->line);
}

_Static_assert(NCOLS == LOGCOLS_N, "a reader's columns are logcols' roles");

/* Choose the columns (logcols.c): r->idx, r->colmap and res's names. */
static void
choose_columns(struct reader *r)
{
	struct logcols lc;
	int rc;

	memset(&lc, 0, sizeof(lc));
	lc.names = r->names;
	lc.ncols = r->ncols;
	rc = logcols_choose(&lc, r->o, r->res);
	memcpy(r->idx, lc.idx, sizeof(r->idx));
	r->colmap = lc.colmap;
	if (rc == -2)
		fail_nomem(r);
	else if (rc != 0)
		fail_at(r, r->row_line, lc.errcol, "%s", lc.err);
}

/* ---- rows into the rangetest ---- */

/* What push does when rt_push did not take the row. */
static void
push_refused(struct reader *r, enum rt_status st, double lr, size_t line)
{
	struct rangetest *rt = r->rt;
	char a[32], b[32];

	switch (st) {
	case RT_MORE:
		break;
	case RT_EXPLODED:
		r->res->explode_line = line;
		r->stop = 1;
		r->fast = 0;
		break;
	case RT_ERR_DECREASING:
		fail_at(r, line,
		    r->idx[COL_LR] >= 0 ? (size_t)r->idx[COL_LR] + 1 : 0,
		    "lr %s is lower than the %s before it: the lr must not "
		    "decrease along a range test",
		    num_format(a, lr), num_format(b, rt->lr[rt->n - 1]));
		break;
	case RT_ERR_LR:
		fail_at(r, line,
		    r->idx[COL_LR] >= 0 ? (size_t)r->idx[COL_LR] + 1 : 0,
		    "lr %s: expected a finite number > 0", num_format(a, lr));
		break;
	case RT_ERR_NEGATIVE: /* emit refuses these first, with the loss */
		fail_at(r, line, (size_t)r->idx[COL_LOSS] + 1,
		    "a negative loss");
		break;
	case RT_ERR_NOMEM:
		fail_nomem(r);
		break;
	}
}

static inline void
push(struct reader *r, int64_t step, double lr, double loss, size_t line)
{
	enum rt_status st = rt_push(r->rt, step, lr, loss);

	if (st != RT_MORE)
		push_refused(r, st, lr, line);
}

/* Keep a loss (and its step) until the row count is known. */
static void
hold_row(struct reader *r, int64_t step, double loss)
{
	if (r->nheld + 2 > r->capheld) {
		size_t cap = r->capheld ? r->capheld * 2 : 2048;
		double *h = realloc(r->held, cap * sizeof(*h));

		if (h == NULL) {
			fail_nomem(r);
			return;
		}
		r->held = h;
		r->capheld = cap;
	}
	r->held[r->nheld++] = (double)step;
	r->held[r->nheld++] = loss;
}

/* A complete (merged) row. */
static inline void
emit(struct reader *r, const struct row *w)
{
	int64_t step;

	if (!(w->have & (1u << COL_LOSS)) ||
	    (r->idx[COL_LR] >= 0 && !(w->have & (1u << COL_LR)))) {
		r->res->skipped++;
		return;
	}
	/* diverge times the best loss means nothing below 0 */
	if (w->v[COL_LOSS] < 0 && r->rt->cfg.diverge > 0 &&
	    isfinite(r->rt->cfg.diverge)) {
		char a[32];

		fail_at(r, w->line, (size_t)r->idx[COL_LOSS] + 1,
		    "loss %s is "
		    "negative: the explosion test ({diverge} times the best "
		    "loss) needs losses >= 0; add a constant to the loss, or "
		    "turn the test off with {diverge} 0",
		    num_format(a, w->v[COL_LOSS]));
		return;
	}
	step =
	    r->idx[COL_STEP] >= 0 ? (int64_t)w->v[COL_STEP] : (int64_t)r->nrows;
	r->nrows++;
	if (r->idx[COL_LR] >= 0)
		push(r, step, w->v[COL_LR], w->v[COL_LOSS], w->line);
	else if (r->o->iters > 0) {
		/* past the sweep the formula passes max_lr: an --iters that
		 * is not the trainer's planned count */
		if (r->nrows > r->o->iters) {
			fail_at(r, w->line, 0,
			    "row %zu is past {iters} %zu: the "
			    "rebuilt lr would pass {max_lr}; {iters} must be the "
			    "number of batches the range test planned",
			    r->nrows, r->o->iters);
			return;
		}
		push(r, step, sweep_lr(&r->res->sweep, r->nrows - 1),
		    w->v[COL_LOSS], w->line);
	} else
		hold_row(r, step, w->v[COL_LOSS]); /* n unknown until the end */
}

/* A complete row: merge it with the pending one or emit. */
static inline void
take_row(struct reader *r, const struct row *c)
{
	int c_;

	if (r->idx[COL_STEP] < 0) {
		emit(r, c);
		return;
	}
	if (!(c->have & (1u << COL_STEP))) {
		r->res->skipped++; /* no step: cannot be placed */
		return;
	}
	if (r->have_pend) {
		/* rows of one step merge when they fill each other's empty
		 * cells (Lightning writes lr and loss on rows of their own);
		 * rows that both carry a loss or an lr are batches of their
		 * own (a step written as i // 10, or as %.0e) and are kept */
		if (c->v[COL_STEP] == r->pend.v[COL_STEP] &&
		    !(c->have & r->pend.have & ~(1u << COL_STEP))) {
			for (c_ = 0; c_ < NCOLS; c_++)
				if ((c->have & (1u << c_)) &&
				    !(r->pend.have & (1u << c_))) {
					r->pend.v[c_] = c->v[c_];
					r->pend.have |= 1u << c_;
				}
			return;
		}
		if (c->v[COL_STEP] < r->pend.v[COL_STEP]) {
			char a[32], b[32];

			fail_at(r, c->line, (size_t)r->idx[COL_STEP] + 1,
			    "step %s follows step %s: steps must not decrease",
			    num_format(a, c->v[COL_STEP]),
			    num_format(b, r->pend.v[COL_STEP]));
			return;
		}
		emit(r, &r->pend);
		if (r->stop || r->fail)
			return;
	}
	r->pend = *c;
	r->have_pend = 1;
}

/* ---- libcsv callbacks ---- */

static int
add_name(struct reader *r, const char *s, size_t len)
{
	char **nn;
	char *name;
	size_t a = 0, b = len;

	nn = realloc(r->names, (r->ncols + 1) * sizeof(*nn));
	if (nn == NULL)
		return -1;
	r->names = nn;
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	if ((name = malloc(b - a + 1)) == NULL)
		return -1;
	memcpy(name, s + a, b - a);
	name[b - a] = '\0';
	r->names[r->ncols++] = name;
	return 0;
}

/* The slow half of on_field: a field that is not a plain number, or one
 * read while a line end, a NUL or the header may be in play. */
static void
field_slow(struct reader *r, const char *s, size_t len, size_t col)
{
	int c;
	double v;
	char buf[64];

	if (r->stop || r->fail)
		return;
	if (col == 0)
		r->row_line = r->line;
	if (r->quotes && s != NULL) {
		/* line ends inside a quoted field: LF, CR LF or a lone CR */
		size_t i;

		for (i = 0; i < len; i++)
			if (s[i] == '\n' ||
			    (s[i] == '\r' &&
				(i + 1 == len || s[i + 1] != '\n')))
				r->line++;
	}
	if (r->nuls && len > 0 && strlen(s) != len) {
		fail_at(r, r->row_line, col + 1,
		    "NUL byte in a field: "
		    "expected text (is this a binary file?)");
		return;
	}
	if (col >= r->o->max_cols) {
		fail_at(r, r->row_line, col + 1, "more than %zu columns",
		    r->o->max_cols);
		return;
	}
	if (!r->got_first) {
		/* the first row: kept as names; decided in on_row */
		if (add_name(r, len ? s : "", len) != 0)
			fail_nomem(r);
		return;
	}
	if (col >= r->ncols) {
		fail_at(r, r->row_line, col + 1,
		    "more fields than the %zu "
		    "of the %s",
		    r->ncols, r->names ? "header" : "first row");
		return;
	}
	if ((c = r->colmap[col]) < 0)
		return; /* a column not in use */
	if (len == 0)
		return; /* an empty cell: nothing */
	if (num_parse(s, len, &v) != 0) {
		fail_at(r, r->row_line, col + 1,
		    "'%s' is not a number "
		    "(column '%s'): expected a decimal number",
		    fields_shown(buf, sizeof(buf), s, len, 40),
		    c == COL_STEP   ? r->res->step_name :
			c == COL_LR ? r->res->lr_name :
				      r->res->loss_name);
		return;
	}
	if (c == COL_STEP &&
	    (!isfinite(v) || v != floor(v) || fabs(v) > 9e15)) {
		fail_at(r, r->row_line, col + 1,
		    "step '%s': expected a "
		    "whole number",
		    fields_shown(buf, sizeof(buf), s, len, 40));
		return;
	}
	r->cur.v[c] = v;
	r->cur.have |= 1u << c;
}

/*
 * libcsv's field callback.  The fast path takes the common case, a data
 * row of plain numbers with no quote or NUL in the chunk: a column not in
 * use costs one table look-up, a step of plain digits no float parsing.
 */
static void
on_field(void *field, size_t len, void *data)
{
	struct reader *r = data;
	const char *s = field;
	size_t col = r->col++;
	int c;

	if (r->fast && col < r->ncols) {
		if ((c = r->colmap[col]) < 0 || len == 0)
			return;
		if (c == COL_STEP && len <= 15) {
			uint64_t k = 0;
			size_t i;

			for (i = 0; i < len && (unsigned)s[i] - '0' < 10; i++)
				k = k * 10 + (uint64_t)(s[i] - '0');
			if (i == len) {
				r->cur.v[c] = (double)k;
				r->cur.have |= 1u << c;
				return;
			}
		} else if (c != COL_STEP &&
		    num_parse(s, len, &r->cur.v[c]) == 0) {
			r->cur.have |= 1u << c;
			return;
		}
	}
	field_slow(r, s, len, col);
}

/* May on_field take its fast path? */
static void
update_fast(struct reader *r)
{
	r->fast = r->got_first && !r->quotes && !r->nuls && !r->stop &&
	    !r->fail && r->colmap != NULL;
}

/* Is every first-row name a number?  Then the file has no header. */
static int
first_row_is_data(struct reader *r)
{
	size_t i;
	double v;

	for (i = 0; i < r->ncols; i++)
		if (num_parse(r->names[i], strlen(r->names[i]), &v) != 0)
			return 0;
	return 1;
}

static void
free_names(struct reader *r)
{
	size_t i;

	if (r->names == NULL)
		return;
	for (i = 0; i < r->ncols; i++)
		free(r->names[i]);
	free(r->names);
	r->names = NULL;
}

static void
first_row(struct reader *r)
{
	char **names = r->names;
	size_t i, ncols = r->ncols;

	r->got_first = 1;
	if (!first_row_is_data(r)) {
		choose_columns(r);
		return;
	}
	/* no header: the first row is data */
	r->names = NULL;
	choose_columns(r);
	if (!r->fail) {
		memset(&r->cur, 0, sizeof(r->cur));
		for (i = 0; i < ncols && !r->fail; i++) {
			r->col = i;
			on_field(names[i], strlen(names[i]), r);
		}
		r->col = 0;
		r->cur.line = r->row_line;
		if (!r->fail)
			take_row(r, &r->cur);
	}
	for (i = 0; i < ncols; i++)
		free(names[i]);
	free(names);
}

static void
on_row(int term, void *data)
{
	struct reader *r = data;
	size_t nfields = r->col;
	int was_cr = r->last_cr;

	r->col = 0;
	r->bytes_in_row = 0;
	r->last_cr = term == '\r';
	if (term == '\n' && was_cr && nfields == 0)
		return; /* the LF of a CR LF */
	if (nfields > 0 && !r->stop && !r->fail) {
		if (!r->got_first) {
			first_row(r);
			update_fast(r);
		} else {
			r->cur.line = r->row_line;
			take_row(r, &r->cur);
		}
	}
	memset(&r->cur, 0, sizeof(r->cur));
	if (term == '\n' || term == '\r')
		r->line++;
	r->row_line = r->line;
}

/* ---- the reading loop ---- */

struct feeder {
	struct csv_parser p;
	struct reader *r;
	struct plain_lane pl;
	int at_line_start; /* the last byte fed (or skipped) ended a line */
	int in_comment; /* skipping a comment line */
	int skip_lf; /* a comment ended with CR at a chunk end */
	int delim_set;
	char *hold; /* bytes held until the first data line is complete */
	size_t nhold, caphold;
};

/* Hand bytes to libcsv; 0 or -1 on a parse error (recorded). */
static int
parse_csv(struct feeder *f, const char *s, size_t len)
{
	struct reader *r = f->r;
	size_t used, i, seg = r->bytes_in_row, tail = r->bytes_in_row + len;

	/* no line longer than max_line: the bytes between line ends, the
	 * first counted with those of its line fed before.  A line too long
	 * is parsed up to the limit, as if it came in pieces, so that an
	 * error in those bytes (too many columns) comes first */
	for (i = 0; i < len; i++) {
		if (s[i] != '\n' && s[i] != '\r') {
			if (++seg > r->o->max_line)
				break;
			continue;
		}
		seg = 0;
		tail = len - i - 1;
	}
	if (seg > r->o->max_line) {
		if (i > 0 && parse_csv(f, s, i) != 0)
			return -1;
		fail_at(r, r->line, 0, "line longer than %zu bytes",
		    r->o->max_line);
		return -1;
	}
	/* only a quoted field can hold a line end; most lines have none */
	r->quotes = f->p.quoted || memchr(s, '"', len) != NULL;
	r->nuls = memchr(s, '\0', len) != NULL;
	update_fast(r);
	used = csv_parse(&f->p, s, len, on_field, on_row, r);
	if (r->fail)
		return -1;
	if (used != len) {
		/* the callbacks have counted the lines up to the bad byte */
		fail_at(r, r->row_line, r->col + 1,
		    "misplaced quote: a quote "
		    "inside an unquoted field, or text after a closing quote; "
		    "expected a field quoted whole, with any quote in it doubled");
		return -1;
	}
	/* the bytes of the line not ended yet; a quoted field that goes on
	 * counts whole */
	r->bytes_in_row = f->p.quoted ? r->bytes_in_row + len : tail;
	return 0;
}

/* The rows plain_scan found, as libcsv would have reported them: what
 * on_row does for a row of fields, done here without the copy through
 * r->cur (which stays clear); an empty line, or one after a CR that ended
 * the line before, goes through on_row itself. */
static int
plain_apply(void *ctx, struct plain_row *w, size_t n)
{
	struct reader *r = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		if (w[i].nfields == 0 || r->last_cr) {
			r->row_line = r->line;
			r->col = w[i].nfields;
			r->cur = w[i].row;
			on_row(w[i].term, r);
		} else {
			w[i].row.line = r->row_line = r->line;
			take_row(r, &w[i].row);
			r->line++;
			r->row_line = r->line;
			r->bytes_in_row = 0;
		}
		/* libcsv reports CR LF as a CR row end and an empty LF one,
		 * which on_row takes as the same line end, clearing last_cr */
		r->last_cr = 0;
		if (r->stop || r->fail)
			return 1;
	}
	return 0;
}

/*
 * Feed bytes: whole plain lines through the plain lane, the rest to libcsv
 * a line at a time, so that the plain lane resumes after an odd line.
 */
static int
feed_csv(struct feeder *f, const char *s, size_t len)
{
	struct reader *r = f->r;
	const char *nl;
	size_t k, n;

	while (len > 0) {
		update_fast(r);
		if (r->fast && !r->o->plain_off && f->p.pstate == 0 &&
		    r->col == 0) {
			/* the plain lane takes lines ended within s */
			for (n = len; n > 0 && s[n - 1] != '\n'; n--)
				;
			k = n > 0 ? plain_lane(&f->pl, r->colmap, r->ncols,
					r->o->max_line, s, n, plain_apply, r) :
				    0;
			if (r->stop || r->fail)
				return r->fail ? -1 : 0;
			s += k;
			len -= k;
			if (len == 0)
				return 0;
		}
		/* one line (or the rest) to libcsv */
		nl = memchr(s, '\n', len);
		k = nl != NULL ? (size_t)(nl - s) + 1 : len;
		if (parse_csv(f, s, k) != 0)
			return -1;
		s += k;
		len -= k;
		if (r->stop)
			return 0;
	}
	return 0;
}

/*
 * Feed a chunk, dropping comment lines: a '#' that starts a line outside
 * any quoted field.  memchr finds '#' fast; data chunks rarely have one.
 */
static int
feed_chunk(struct feeder *f, const char *s, size_t len)
{
	struct reader *r = f->r;
	const char *end = s + len, *h, *nl;

	if (f->skip_lf && s < end) {
		f->skip_lf = 0;
		if (*s == '\n')
			s++;
	}
	while (s < end) {
		if (f->in_comment) {
			nl = s;
			while (nl < end && *nl != '\n' && *nl != '\r')
				nl++;
			if (nl == end)
				return 0;
			/* the comment ends; CR LF is one line end */
			r->line++;
			r->row_line = r->line;
			f->in_comment = 0;
			f->at_line_start = 1;
			s = nl + 1;
			if (*nl == '\r') {
				if (s < end && *s == '\n')
					s++;
				else if (s == end)
					f->skip_lf = 1;
			}
			continue;
		}
		h = memchr(s, '#', (size_t)(end - s));
		if (h == NULL)
			return feed_csv(f, s, (size_t)(end - s));
		if (feed_csv(f, s, (size_t)(h - s)) != 0 || r->stop)
			return r->fail ? -1 : 0;
		if (((h > s && (h[-1] == '\n' || h[-1] == '\r')) ||
			(h == s && f->at_line_start)) &&
		    f->p.pstate == 0 && r->col == 0) {
			f->in_comment = 1;
			s = h + 1;
			continue;
		}
		if (feed_csv(f, h, 1) != 0)
			return -1;
		s = h + 1;
	}
	return 0;
}

/* Set up on the first bytes: BOM, delimiter.  Holds bytes until a whole
 * first non-comment line is here. */
static int
feed(struct feeder *f, const char *s, size_t len)
{
	struct reader *r = f->r;
	int rc;

	if (f->delim_set) {
		rc = feed_chunk(f, s, len);
		if (len > 0)
			f->at_line_start =
			    s[len - 1] == '\n' || s[len - 1] == '\r';
		return rc;
	}
	if (f->nhold + len + 1 > f->caphold) {
		size_t cap = (f->nhold + len + 1) * 2;
		char *h = realloc(f->hold, cap);

		if (h == NULL) {
			fail_nomem(r);
			return -1;
		}
		f->hold = h;
		f->caphold = cap;
	}
	memcpy(f->hold + f->nhold, s, len);
	f->nhold += len;
	{
		size_t skip = 0;

		switch (logstart_scan(f->hold, f->nhold, len > 0, r->o->delim,
		    &skip, &r->res->delim)) {
		case LOGSTART_WAIT:
			return 0;
		case LOGSTART_GZIP:
			/* say what it is, not "NUL byte in a field" */
			fail_at(r, 1, 0,
			    "gzip-compressed data: expected a text "
			    "log; decompress it first, e.g. zcat FILE | lrfind -");
			return -1;
		default:
			break;
		}
		if (r->res->delim == 0)
			r->res->delim = r->o->delim ? r->o->delim : ',';
		csv_set_delim(&f->p, (unsigned char)r->res->delim);
		plain_classes(&f->pl, r->res->delim);
		f->delim_set = 1;
		f->at_line_start = 1;
		rc = feed_chunk(f, f->hold + skip, f->nhold - skip);
		if (f->nhold > skip)
			f->at_line_start = f->hold[f->nhold - 1] == '\n' ||
			    f->hold[f->nhold - 1] == '\r';
		free(f->hold);
		f->hold = NULL;
		f->nhold = f->caphold = 0;
		return rc;
	}
}

void
logread_opts_default(struct logread_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->name = "-";
	o->max_line = 1024 * 1024;
	o->max_cols = 4096;
	o->chunk = 0;
	o->ends = SWEEP_END_EXCLUDED;
}

static void
finish_held(struct reader *r)
{
	size_t i, n = r->nheld / 2;

	r->res->sweep.iters = n;
	r->res->iters_from_rows = true;
	if (n < 2) {
		fail_at(r, r->line, 0,
		    "%zu row%s: rebuilding the lr needs at "
		    "least 2 rows, or {iters}",
		    n, n == 1 ? "" : "s");
		return;
	}
	for (i = 0; i < n && !r->stop && !r->fail; i++)
		push(r, (int64_t)r->held[2 * i], sweep_lr(&r->res->sweep, i),
		    r->held[2 * i + 1], 0);
}

enum lr_status
logread_fd(int fd, const struct logread_opts *o, struct rangetest *rt,
    struct logread_result *res)
{
	struct logread_input in;

	memset(&in, 0, sizeof(in));
	in.fd = fd;
	return logread_input(&in, o, rt, res);
}

/* Set up r and f to read into rt and res as o says (defaults filled in
 * oo); f.pl is set up by the caller. */
static void
reader_init(struct reader *r, struct feeder *f, struct logread_opts *oo,
    struct rangetest *rt, struct logread_result *res)
{
	if (oo->max_line == 0)
		oo->max_line = 1024 * 1024;
	if (oo->max_cols == 0)
		oo->max_cols = 4096;
	memset(res, 0, sizeof(*res));
	res->lr_idx = res->loss_idx = res->step_idx = -1;
	memset(r, 0, sizeof(*r));
	memset(f, 0, sizeof(*f));
	r->o = oo;
	r->rt = rt;
	r->res = res;
	r->line = r->row_line = 1;
	r->status = LR_OK;
	f->r = r;
	f->at_line_start = 1;
}

/* The end of the file: the last row, and what a file must have had. */
static void
finish_file(struct reader *r, struct feeder *f, char *buf)
{
	if (!f->delim_set)
		(void)feed(f, buf, 0);
	if (!r->fail && csv_fini(&f->p, on_field, on_row, r) != 0)
		fail_at(r, r->row_line, r->col + 1,
		    "unterminated quoted field: "
		    "expected a closing quote before the end of the file");
	if (!r->fail && !r->stop && r->have_pend) {
		r->have_pend = 0;
		emit(r, &r->pend);
	}
	if (!r->fail && !r->got_first)
		fail_at(r, r->line, 0,
		    "empty file: expected a header "
		    "line and rows of numbers");
	else if (!r->fail && r->nrows == 0)
		fail_at(r, r->line, 0,
		    "no data rows%s: expected rows "
		    "with %s",
		    r->names != NULL ? " after the header" : "",
		    r->idx[COL_LR] >= 0 ? "an lr and a loss" : "a loss");
	if (!r->fail && r->held != NULL)
		finish_held(r);
}

enum lr_status
logread_input(const struct logread_input *input, const struct logread_opts *o,
    struct rangetest *rt, struct logread_result *res)
{
	struct logread_opts oo = *o;
	struct reader r;
	struct feeder f;
	struct plain_chunks ch;
	ssize_t got;
	int err;

	reader_init(&r, &f, &oo, rt, res);
	if (plain_chunks_open(&ch, input, oo.chunk) != 0)
		return LR_ERR_NOMEM;
	if (plain_init(&f.pl, ch.rows_max) != 0 ||
	    csv_init(&f.p,
		CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
		    CSV_REPALL_NL) != 0) {
		plain_free(&f.pl);
		plain_chunks_close(&ch);
		return LR_ERR_NOMEM;
	}
	for (;;) {
		got = plain_chunks_next(&ch, &f.pl, &err);
		if (got < 0) {
			snprintf(res->err, sizeof(res->err),
			    "%zu: read error: %s", r.line, strerror(err));
			r.fail = 1;
			r.status = LR_ERR_INPUT;
			break;
		}
		if (got == 0)
			break;
		if (feed(&f, ch.buf, (size_t)got) != 0 || r.stop)
			break;
	}
	if (!r.fail && !r.stop)
		finish_file(&r, &f, ch.buf);
	if (r.stop && !r.fail) {
		res->stopped_early = true;
		if (oo.read_all)
			plain_chunks_drain(&ch);
	}
	res->rows = r.nrows;
	csv_free(&f.p);
	free(f.hold);
	free(r.held);
	free(r.colmap);
	free_names(&r);
	plain_free(&f.pl);
	plain_chunks_close(&ch);
	return r.fail ? r.status : LR_OK;
}
