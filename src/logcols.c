/* logcols.c: which columns of a CSV log are the step, the lr and the loss */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colnames.h"
#include "fields.h"
#include "logcols.h"

/* ---- column names ---- */

static int
find_alias(const struct logcols *r, enum colrole role)
{
	return colnames_pick(role, (const char *const *)r->names, r->ncols);
}

static void
fail(struct logcols *lc, size_t col, const char *fmt, ...)
{
	va_list ap;

	lc->errcol = col;
	va_start(ap, fmt);
	vsnprintf(lc->err, sizeof(lc->err), fmt, ap);
	va_end(ap);
}

/* Resolve an option value (name or 1-based number) to a column; -1 and fail if absent. */
static int
find_named(struct logcols *r, const char *want, const char *what)
{
	char *end;
	long k;
	size_t i;

	errno = 0;
	k = strtol(want, &end, 10);
	if (*want != '\0' && *end == '\0' && errno == 0) {
		if (k >= 1 && (size_t)k <= r->ncols)
			return (int)(k - 1);
		fail(r, 0,
		    "%s column %ld does not exist: the file has %zu columns",
		    what, k, r->ncols);
		return -1;
	}
	if (r->names != NULL)
		for (i = 0; i < r->ncols; i++)
			if (strcasecmp(r->names[i], want) == 0)
				return (int)i;
	if (r->names == NULL)
		fail(r, 0,
		    "%s column '%s' named, but the file has no header line; "
		    "give a column number",
		    what, want);
	else
		fail(r, 0, "no %s column '%s' in the header", what, want);
	return -1;
}

static void
set_name(char *dst, size_t dstsz, const struct logcols *r, int idx)
{
	if (idx < 0)
		dst[0] = '\0';
	else if (r->names != NULL)
		snprintf(dst, dstsz, "%s", r->names[idx]);
	else
		snprintf(dst, dstsz, "%d", idx + 1);
}

/* The header's names for a message: "columns a, b, c", cut short. */
static const char *
list_names(const struct logcols *r, char *buf, size_t bufsz)
{
	size_t i, len;
	char one[64];

	len = (size_t)snprintf(buf, bufsz, "columns ");
	for (i = 0; i < r->ncols && len + 8 < bufsz; i++) {
		fields_shown(one, sizeof(one), r->names[i], strlen(r->names[i]),
		    40);
		len += (size_t)snprintf(buf + len, bufsz - len, "%s'%s'",
		    i ? ", " : "", one);
	}
	if (len >= bufsz - 8 || i < r->ncols)
		snprintf(buf + (len < bufsz - 8 ? len : bufsz - 8), 8, ", ...");
	return buf;
}

/* Choose the columns, from options, aliases or the headerless layout. */
int
logcols_choose(struct logcols *r, const struct logread_opts *o,
    struct logread_result *res)
{
	const char *opt[LOGCOLS_N] = { o->step_col, o->lr_col, o->loss_col };
	const char *what[LOGCOLS_N] = { "step", "lr", "loss" };
	size_t i, j;
	int c;

	for (c = 0; c < LOGCOLS_N; c++)
		r->idx[c] = -1;
	if (r->names == NULL) {
		/* headerless: loss | lr,loss | step,lr,loss */
		if (r->ncols == 1)
			r->idx[COLROLE_LOSS] = 0;
		else if (r->ncols == 2) {
			r->idx[COLROLE_LR] = 0;
			r->idx[COLROLE_LOSS] = 1;
		} else if (r->ncols == 3) {
			r->idx[COLROLE_STEP] = 0;
			r->idx[COLROLE_LR] = 1;
			r->idx[COLROLE_LOSS] = 2;
		} else if (o->loss_col == NULL) {
			fail(r, 0,
			    "no header line and %zu columns: expected a header, "
			    "or 2 columns (lr,loss) or 3 (step,lr,loss)",
			    r->ncols);
			return -1;
		}
	} else {
		r->idx[COLROLE_STEP] = find_alias(r, COLROLE_STEP);
		r->idx[COLROLE_LR] = find_alias(r, COLROLE_LR);
		r->idx[COLROLE_LOSS] = find_alias(r, COLROLE_LOSS);
	}
	for (c = 0; c < LOGCOLS_N; c++)
		if (opt[c] != NULL &&
		    (r->idx[c] = find_named(r, opt[c], what[c])) < 0)
			return -1;
	if (r->idx[COLROLE_LOSS] < 0) {
		char cols[200];

		fail(r, 0,
		    "no loss column in the header (%s): "
		    "expected one named loss, train_loss, training_loss, "
		    "train/loss, loss_step or train_loss_step, or {loss_col}",
		    list_names(r, cols, sizeof(cols)));
		return -1;
	}
	if (r->idx[COLROLE_LR] < 0 && !(o->init_lr > 0 && o->max_lr > 0)) {
		fail(r, 0,
		    "no lr column in the %s: expected "
		    "one named lr, learning_rate, learning-rate or lr-*, or "
		    "{lr_col}, or {init_lr} and {max_lr} to rebuild the sweep",
		    r->names != NULL ? "header" : "file");
		return -1;
	}
	for (c = 0; c < LOGCOLS_N; c++)
		for (j = 0; j < LOGCOLS_N; j++)
			if ((int)j != c && r->idx[c] >= 0 &&
			    r->idx[c] == r->idx[j]) {
				fail(r, (size_t)r->idx[c] + 1,
				    "the %s and %s columns are the same column",
				    what[j < (size_t)c ? j : (size_t)c],
				    what[j < (size_t)c ? (size_t)c : j]);
				return -1;
			}
	/* a chosen name that appears twice is ambiguous */
	if (r->names != NULL)
		for (c = 0; c < LOGCOLS_N; c++) {
			if (r->idx[c] < 0)
				continue;
			for (i = 0; i < r->ncols; i++)
				if ((int)i != r->idx[c] &&
				    strcasecmp(r->names[i],
					r->names[r->idx[c]]) == 0) {
					size_t a = (size_t)r->idx[c] < i ?
					    (size_t)r->idx[c] :
					    i;
					size_t b = (size_t)r->idx[c] < i ?
					    i :
					    (size_t)r->idx[c];

					fail(r, b + 1,
					    "column name '%s' appears twice "
					    "(columns %zu and %zu)",
					    r->names[r->idx[c]], a + 1, b + 1);
					return -1;
				}
		}
	set_name(res->step_name, sizeof(res->step_name), r,
	    r->idx[COLROLE_STEP]);
	set_name(res->lr_name, sizeof(res->lr_name), r, r->idx[COLROLE_LR]);
	set_name(res->loss_name, sizeof(res->loss_name), r,
	    r->idx[COLROLE_LOSS]);
	res->step_idx = r->idx[COLROLE_STEP];
	res->lr_idx = r->idx[COLROLE_LR];
	res->loss_idx = r->idx[COLROLE_LOSS];
	res->header = r->names != NULL;
	if ((r->colmap = malloc(r->ncols)) == NULL)
		return -2;
	memset(r->colmap, -1, r->ncols);
	for (c = 0; c < LOGCOLS_N; c++)
		if (r->idx[c] >= 0)
			r->colmap[r->idx[c]] = (signed char)c;
	if (r->idx[COLROLE_LR] < 0) {
		res->lr_rebuilt = true;
		res->sweep.init_lr = o->init_lr;
		res->sweep.max_lr = o->max_lr;
		res->sweep.iters = o->iters;
		res->sweep.linear = o->linear;
		res->sweep.ends = o->ends;
	}
	return 0;
}
