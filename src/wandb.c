/* wandb.c: one run of a Weights & Biases chart CSV export (wandb.h) */
#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"
#include "fields.h"
#include "wandb.h"

#define SEP " - "
#define CELLS_EXPECTED "expected \"<run> - <key>\""

enum { U_SKIP = 0, U_X, U_KEY }; /* what a column is to the run read */

struct rd {
	const char *want; /* the run asked for, or NULL */
	struct series_set *ss;
	struct wandb_result *res;
	size_t line; /* the line being parsed, 1-based */
	size_t col; /* the field within the row, 0-based */
	bool header_done;
	char **hdr; /* header cells, nhdr (owned) */
	size_t nhdr, caphdr;
	/* after the header */
	unsigned char *use; /* U_* per column */
	const char **key; /* the key of a U_KEY column (in hdr) */
	double *val; /* a row's values, per column */
	unsigned char *have;
	size_t *kcols, nk; /* the U_KEY columns */
	long stepcol; /* the run's _step column, -1: none */
	bool fail;
	enum wandb_status st;
};

static void
fail(struct rd *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->fail)
		return;
	r->fail = true;
	r->st = WANDB_ERR_INPUT;
	n = col > 0 ? snprintf(r->res->err, sizeof(r->res->err),
			  "%zu:%zu: ", r->line, col) :
		      0;
	if (n < 0 || (size_t)n >= sizeof(r->res->err))
		return;
	va_start(ap, fmt);
	vsnprintf(r->res->err + n, sizeof(r->res->err) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
fail_nomem(struct rd *r)
{
	if (r->fail)
		return;
	r->fail = true;
	r->st = WANDB_ERR_NOMEM;
	snprintf(r->res->err, sizeof(r->res->err), "%zu: out of memory",
	    r->line);
}

/* The last " - " in s, or NULL. */
static const char *
last_sep(const char *s)
{
	const char *p, *last = NULL;

	for (p = s; (p = strstr(p, SEP)) != NULL; p++)
		last = p;
	return last;
}

static bool
is_band(const char *key)
{
	size_t n = strlen(key);

	return n >= 5 &&
	    (strcmp(key + n - 5, "__MIN") == 0 ||
		strcmp(key + n - 5, "__MAX") == 0);
}

/* ---- the run's name ---- */

/* Append "'a', 'b', ..." (the runs, or those ending with sfx) to buf. */
static void
list_runs(char *buf, size_t bufsz, const struct wandb_result *res,
    const char *sfx)
{
	size_t i, used = strlen(buf), sl = sfx != NULL ? strlen(sfx) : 0, nl;
	int first = 1;
	char sh[220];

	for (i = 0; i < res->nruns; i++) {
		nl = strlen(res->runs[i]);
		if (sfx != NULL &&
		    (nl < sl || strcmp(res->runs[i] + nl - sl, sfx) != 0))
			continue;
		fields_shown(sh, sizeof(sh), res->runs[i], nl, 200);
		if (used + strlen(sh) + 10 >= bufsz) {
			snprintf(buf + used, bufsz - used, ", ...");
			return;
		}
		used += (size_t)snprintf(buf + used, bufsz - used, "%s'%s'",
		    first ? "" : ", ", sh);
		first = 0;
	}
}

/* Set res->run from r->want: 0, or -1 with the error set. */
static int
choose(struct rd *r)
{
	struct wandb_result *res = r->res;
	char list[700], sh[220];
	size_t i, nl, wl, match = 0, nmatch = 0;

	list[0] = '\0';
	if (r->want == NULL) {
		if (res->nruns == 1) {
			res->run = 0;
			return 0;
		}
		list_runs(list, sizeof(list), res, NULL);
		fail(r, 0, "%zu runs in the file (%s): choose one by name",
		    res->nruns, list);
		return -1;
	}
	for (i = 0; i < res->nruns; i++)
		if (strcmp(res->runs[i], r->want) == 0) {
			res->run = i;
			return 0;
		}
	wl = strlen(r->want);
	for (i = 0; i < res->nruns && wl > 0; i++) {
		nl = strlen(res->runs[i]);
		if (nl > wl && strcmp(res->runs[i] + nl - wl, r->want) == 0) {
			match = i;
			nmatch++;
		}
	}
	fields_shown(sh, sizeof(sh), r->want, wl, 200);
	if (nmatch == 1) {
		res->run = match;
		return 0;
	}
	if (nmatch > 1) {
		list_runs(list, sizeof(list), res, r->want);
		fail(r, 0,
		    "'%s' is the end of %zu run names (%s): choose one by its "
		    "whole name",
		    sh, nmatch, list);
		return -1;
	}
	list_runs(list, sizeof(list), res, NULL);
	fail(r, 0, "no run '%s' in the file: its run%s: %s", sh,
	    res->nruns == 1 ? " is" : "s are", list);
	return -1;
}

/* ---- the header ---- */

static int
add_run(struct wandb_result *res, const char *name, size_t len, size_t *idx)
{
	char **p, *copy;
	size_t i;

	for (i = 0; i < res->nruns; i++)
		if (strncmp(res->runs[i], name, len) == 0 &&
		    res->runs[i][len] == '\0') {
			*idx = i;
			return 0;
		}
	if ((p = realloc(res->runs, (res->nruns + 1) * sizeof(*p))) == NULL)
		return -1;
	res->runs = p;
	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, name, len);
	copy[len] = '\0';
	res->runs[res->nruns] = copy;
	*idx = res->nruns++;
	return 0;
}

/* The header row is in r->hdr: the runs, the choice, the columns used. */
static void
header_end(struct rd *r)
{
	struct wandb_result *res = r->res;
	size_t c, *run, n = r->nhdr;
	const char *sep;
	char sh[64];

	r->header_done = true;
	snprintf(res->x_name, sizeof(res->x_name), "%s", r->hdr[0]);
	if (n < 2) {
		fail(r, 2,
		    "the header ends after the x axis: " CELLS_EXPECTED
		    " columns after it");
		return;
	}
	r->use = calloc(n, 1);
	r->key = calloc(n, sizeof(*r->key));
	r->val = calloc(n, sizeof(*r->val));
	r->have = calloc(n, 1);
	r->kcols = calloc(n, sizeof(*r->kcols));
	run = calloc(n, sizeof(*run));
	if (r->use == NULL || r->key == NULL || r->val == NULL ||
	    r->have == NULL || r->kcols == NULL || run == NULL) {
		free(run);
		fail_nomem(r);
		return;
	}
	for (c = 1; c < n; c++) {
		sep = last_sep(r->hdr[c]);
		if (sep == NULL || sep == r->hdr[c] || sep[3] == '\0') {
			fail(r, c + 1, "header cell '%s': " CELLS_EXPECTED,
			    fields_shown(sh, sizeof(sh), r->hdr[c],
				strlen(r->hdr[c]), 40));
			free(run);
			return;
		}
		r->key[c] = sep + 3;
		if (is_band(r->key[c])) {
			run[c] = (size_t)-1;
			continue;
		}
		if (add_run(res, r->hdr[c], (size_t)(sep - r->hdr[c]),
			&run[c]) != 0) {
			free(run);
			fail_nomem(r);
			return;
		}
	}
	if (choose(r) != 0) {
		free(run);
		return;
	}
	r->stepcol = -1;
	for (c = 1; c < n; c++) {
		if (run[c] != res->run)
			continue;
		r->use[c] = U_KEY;
		r->kcols[r->nk++] = c;
		if (r->stepcol < 0 && strcmp(r->key[c], "_step") == 0)
			r->stepcol = (long)c;
	}
	free(run);
	if (r->stepcol < 0) {
		res->step_from_x = true;
		r->use[0] = U_X;
	}
}

/* ---- libcsv's callbacks ---- */

static void
on_field(void *s, size_t len, void *data)
{
	struct rd *r = data;
	const char *f = s != NULL ? s : "";
	char sh[64], name[64];
	double v;
	size_t c = r->col++;

	if (r->fail)
		return;
	if (c >= WANDB_MAX_COLS) {
		fail(r, c + 1, "more than %d fields in a row", WANDB_MAX_COLS);
		return;
	}
	if (len > 0 && strlen(f) != len) {
		fail(r, c + 1,
		    "NUL byte in a field: expected text (is this a "
		    "binary file?)");
		return;
	}
	if (!r->header_done) {
		if (r->nhdr == r->caphdr) {
			size_t cap = r->caphdr ? 2 * r->caphdr : 32;
			char **p = realloc(r->hdr, cap * sizeof(*p));

			if (p == NULL) {
				fail_nomem(r);
				return;
			}
			r->hdr = p;
			r->caphdr = cap;
		}
		if ((r->hdr[r->nhdr] = malloc(len + 1)) == NULL) {
			fail_nomem(r);
			return;
		}
		memcpy(r->hdr[r->nhdr], f, len);
		r->hdr[r->nhdr++][len] = '\0';
		return;
	}
	if (c >= r->nhdr) {
		fail(r, c + 1, "more fields than the header's %zu", r->nhdr);
		return;
	}
	if (r->use[c] == U_SKIP || len == 0)
		return;
	if (num_parse(f, len, &v) != 0) {
		fail(r, c + 1,
		    "'%s' is not a number (column '%s'): expected a "
		    "number",
		    fields_shown(sh, sizeof(sh), f, len, 40),
		    fields_shown(name, sizeof(name), r->hdr[c],
			strlen(r->hdr[c]), 40));
		return;
	}
	r->val[c] = v;
	r->have[c] = 1;
}

/* A step from column c's value: 0, or -1 with the error set. */
static int
step_of(struct rd *r, size_t c, int64_t *st)
{
	double v = r->val[c];
	char num[32], name[64];

	if (!isfinite(v) || v != floor(v) || fabs(v) > 9e15) {
		fail(r, c + 1, "step %s (column '%s'): expected a whole number",
		    num_format(num, v),
		    fields_shown(name, sizeof(name), r->hdr[c],
			strlen(r->hdr[c]), 40));
		return -1;
	}
	*st = (int64_t)v;
	return 0;
}

static void
on_row(int term, void *data)
{
	struct rd *r = data;
	size_t i, c, ncols = r->col;
	size_t sc = r->stepcol >= 0 ? (size_t)r->stepcol : 0;
	int64_t step;

	(void)term;
	r->col = 0;
	if (r->fail)
		return;
	if (!r->header_done) {
		header_end(r);
		return;
	}
	if (ncols < r->nhdr) {
		fail(r, ncols + 1,
		    "the row ends after %zu field%s: expected the "
		    "header's %zu",
		    ncols, ncols == 1 ? "" : "s", r->nhdr);
		return;
	}
	r->res->rows++;
	if (!r->have[sc]) {
		for (i = 0; i < r->nk; i++)
			if (r->have[r->kcols[i]]) {
				r->res->skipped++;
				r->have[r->kcols[i]] = 0;
			}
		return;
	}
	if (step_of(r, sc, &step) != 0)
		return;
	r->have[0] = 0; /* the x axis, when it gave the step */
	for (i = 0; i < r->nk; i++) {
		c = r->kcols[i];
		if (!r->have[c])
			continue;
		r->have[c] = 0;
		if (series_add(r->ss, r->key[c], strlen(r->key[c]), step,
			r->val[c]) != 0) {
			fail_nomem(r);
			return;
		}
	}
}

/* ---- reading ---- */

/* The end of the line at b[pos]: past its LF, CR LF or CR, or len. */
static size_t
line_end(const char *b, size_t len, size_t pos, bool *ended)
{
	size_t i;

	for (i = pos; i < len; i++)
		if (b[i] == '\n' || b[i] == '\r') {
			*ended = true;
			if (b[i] == '\r' && i + 1 < len && b[i + 1] == '\n')
				i++;
			return i + 1;
		}
	*ended = false;
	return len;
}

static size_t
skip_bom(const char *b, size_t len)
{
	return len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static void
rd_free(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->nhdr; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->use);
	free(r->key);
	free(r->val);
	free(r->have);
	free(r->kcols);
}

/* Parse b[0..len) with r's callbacks until the end or stop(r). */
static void
parse(struct rd *r, const char *b, size_t len, bool header_only)
{
	struct csv_parser p;
	size_t pos, end;
	bool ended;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fail_nomem(r);
		return;
	}
	r->line = 1;
	for (pos = skip_bom(b, len); pos < len && !r->fail; pos = end) {
		if (header_only && r->header_done)
			break;
		end = line_end(b, len, pos, &ended);
		if (end - pos > WANDB_MAX_LINE + 2) {
			fail(r, 0, "%zu: line longer than %d bytes", r->line,
			    WANDB_MAX_LINE);
			break;
		}
		if (csv_parse(&p, b + pos, end - pos, on_field, on_row, r) !=
		    end - pos) {
			if (csv_error(&p) == CSV_ENOMEM)
				fail_nomem(r);
			else
				fail(r, r->col + 1,
				    "misplaced quote: a quote "
				    "inside an unquoted field, or text after a "
				    "closing quote; expected a field quoted "
				    "whole, with any quote in it doubled");
			break;
		}
		if (ended)
			r->line++;
	}
	if (!r->fail && !(header_only && r->header_done)) {
		if (pos == len && len > 0 &&
		    (b[len - 1] == '\n' || b[len - 1] == '\r'))
			r->line--; /* the last line's end: still that line */
		if (csv_fini(&p, on_field, on_row, r) != 0)
			fail(r, r->col + 1,
			    "the file ends inside a quoted "
			    "field: expected a closing quote");
	}
	csv_free(&p);
}

bool
wandb_sniff(const char *buf, size_t len)
{
	struct wandb_result res;
	struct series_set ss;
	struct rd r;
	const char *sep;
	size_t c, lim = len, band = 0;
	bool ok = true;

	memset(&r, 0, sizeof(r));
	memset(&res, 0, sizeof(res));
	series_set_init(&ss);
	r.res = &res;
	r.ss = &ss;
	/* the first line alone: no choice of run, no data */
	for (c = skip_bom(buf, len); c < len; c++)
		if (buf[c] == '\n' || buf[c] == '\r') {
			lim = c + 1;
			break;
		}
	if (lim > WANDB_MAX_LINE)
		return false;
	r.header_done = false;
	{
		/* collect the cells without header_end (which would choose) */
		struct csv_parser p;

		if (csv_init(&p,
			CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
			return false;
		c = skip_bom(buf, lim);
		if (csv_parse(&p, buf + c, lim - c, on_field, NULL, &r) !=
			lim - c ||
		    csv_fini(&p, on_field, NULL, &r) != 0)
			ok = false;
		csv_free(&p);
	}
	ok = ok && !r.fail && r.nhdr >= 2;
	for (c = 1; ok && c < r.nhdr; c++) {
		sep = last_sep(r.hdr[c]);
		if (sep == NULL || sep == r.hdr[c] || sep[3] == '\0')
			ok = false;
		else if (is_band(sep + 3))
			band++;
	}
	rd_free(&r);
	return ok && band > 0;
}

enum wandb_status
wandb_read(const char *buf, size_t len, const char *run, struct series_set *ss,
    struct wandb_result *res)
{
	struct rd r;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.want = run;
	r.ss = ss;
	r.res = res;
	r.stepcol = -1;
	r.st = WANDB_OK;
	parse(&r, buf, len, false);
	if (!r.fail && !r.header_done) {
		r.line = 1;
		fail(&r, 1,
		    "empty file: expected a header of the x axis and "
		    "\"<run> - <key>\" columns");
	}
	rd_free(&r);
	return r.st;
}

void
wandb_result_free(struct wandb_result *res)
{
	size_t i;

	for (i = 0; i < res->nruns; i++)
		free(res->runs[i]);
	free(res->runs);
	res->runs = NULL;
	res->nruns = 0;
}
