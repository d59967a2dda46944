/* wandb.h: one run of a Weights & Biases chart CSV export into named series (libcsv) */
#ifndef LRFIND_WANDB_H
#define LRFIND_WANDB_H

#include <stdbool.h>
#include <stddef.h>

#include "series.h"

/*
 * A W&B chart export ("wandb_export_<time>.csv") is CSV with every field
 * quoted.  The first column is the chart's x axis (its name is anything:
 * "Step", "epoch", ...).  Then, for each run and key, the column
 * "<run> - <key>" and usually "<run> - <key>__MIN" and "<run> - <key>__MAX"
 * (the band of a sampled chart).  A header cell is split at its last
 * " - ": the run name may hold " - ", the key may not.  __MIN and __MAX
 * columns are ignored; an empty cell is no point.  Numbers are in
 * JavaScript's form (7.64050582802156e-7, NaN, Infinity, -Infinity) and
 * read exactly (num_parse, C locale).
 *
 * One run is read: the series are its keys (train/loss, _step, ...), one
 * point for each non-empty cell.  The step of the points of a row is the
 * run's own "_step" cell on that row when the run has a _step key (a row
 * where that cell is empty gives no points: they are counted in
 * res->skipped), else the x-axis cell (res->step_from_x; empty: skipped
 * the same way).  A step must be a whole number, |step| <= 9e15.
 *
 * Which run: with run == NULL, the only run of the file (several: an
 * error listing their names, "2 runs in the file ('A', 'B'): choose one
 * by name").  With a name: the run of that exact name, else the one run
 * whose name ends with it (W&B's names are long: "..._RTD2" is chosen by
 * "RTD2"); none, or several ending with it, is an error listing the names.
 * res->runs lists every run in header order, on success and on the error
 * of the choice alike (for a listing).
 *
 * Messages: "LINE:COL: what was found: what was expected", COL the field
 * number (1-based, as the CSV log reader counts), LINE the line where the
 * field ends; the choice of run has no place, and a line too long says
 * "LINE: line longer than 1048576 bytes".  Lines longer than
 * WANDB_MAX_LINE bytes and rows of more than WANDB_MAX_COLS fields are
 * errors, so memory is bounded by those and the points of the one run
 * read (16 bytes a point).  Lines end with LF, CR LF or CR.  A UTF-8
 * byte-order mark at the start is skipped.
 *
 * Ownership: the buffer and run are borrowed; the buffer need not be
 * NUL-terminated.  The series_set is the caller's (points appended; on an
 * error it holds the points read before).  struct wandb_result owns its
 * runs array and names, released by wandb_result_free (also after an
 * error; a result never filled must not be freed).  Nothing is printed.
 */

#define WANDB_MAX_LINE 1048576
#define WANDB_MAX_COLS 65536

enum wandb_status { WANDB_OK = 0, WANDB_ERR_INPUT, WANDB_ERR_NOMEM };

struct wandb_result {
	char **runs; /* nruns run names, header order (owned) */
	size_t nruns;
	size_t run; /* the run read: its index in runs */
	char x_name[64]; /* the x axis column (cut to 63 bytes) */
	bool step_from_x; /* the run has no _step: steps are x cells */
	size_t rows; /* data rows */
	size_t skipped; /* cells of the run on rows without a step */
	char err[1024]; /* "LINE:COL: ..." on WANDB_ERR_INPUT */
};

/*
 * Does buf[0..len) start with a W&B export header?  Its first line (at
 * most WANDB_MAX_LINE bytes, read as CSV) has two cells or more, every cell
 * after the first is "<run> - <key>" (both non-empty), and at least one
 * key ends in __MIN or __MAX.  (An export without those bands is not
 * recognised: it is an ordinary CSV file to the caller.)
 */
bool wandb_sniff(const char *buf, size_t len);

/* Read the run named run (NULL: the only one) of buf[0..len) into ss. */
enum wandb_status wandb_read(const char *buf, size_t len, const char *run,
    struct series_set *ss, struct wandb_result *res);

void wandb_result_free(struct wandb_result *res);

#endif
