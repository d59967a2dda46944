/* logcols.h: which columns of a CSV log are the step, the lr and the loss */
#ifndef LRFIND_LOGCOLS_H
#define LRFIND_LOGCOLS_H

#include <stddef.h>

#include "colnames.h"
#include "logread.h"

/*
 * The CSV reader's choice of columns, from the options (a name or a
 * 1-based number), the names trainers use (colnames.h), or, in a file with
 * no header line, its layout (loss | lr,loss | step,lr,loss).
 *
 * Ownership: a struct logcols is the caller's; its names are borrowed.
 * logcols_choose allocates colmap, which the caller frees (also after an
 * error).  Nothing else is kept.
 */

#define LOGCOLS_N 3 /* the step, the lr, the loss: enum colrole */

struct logcols {
	char *const *names; /* the header's ncols names, NULL: no header */
	size_t ncols;
	int idx[LOGCOLS_N]; /* 0-based column by enum colrole, -1: none */
	signed char *colmap; /* ncols entries: enum colrole, or -1 */
	size_t errcol; /* on -1: the 1-based column err is about, 0 */
	char err[512]; /* on -1: what is wrong (no line number); a
				 * setting it names is "{field}" of
				 * logread_opts (lr_col, loss_col, ...) */
};

/*
 * Choose lc's columns for o: sets lc->idx and lc->colmap, and res's column
 * names and indices, its header flag and the sweep to rebuild when there is
 * no lr column.  0, -1 with lc->err set, or -2 when out of memory.
 */
int logcols_choose(struct logcols *lc, const struct logread_opts *o,
    struct logread_result *res);

#endif
