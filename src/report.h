/* report.h: the report of analysed runs: text, JSON, CSV, bare number */
#ifndef LRFIND_REPORT_H
#define LRFIND_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"
#include "logread.h"
#include "rangetest.h"

/*
 * A report_run gathers borrowed pointers to one analysed run; the report
 * functions only read them.  lr (the reader's result) may be NULL for a
 * run that did not come from a file (lrfind train, lrfind drive).
 * Every writer returns 0, or -1 when the stream has an error.
 */
struct report_run {
	const char *name; /* shown as the run's name */
	const struct rangetest *rt;
	const struct analysis *an;
	const struct logread_result *lr; /* NULL: not from a log */
	const struct analysis_config *acfg;
	enum method method; /* the chosen suggestion */
	/* the words for the "{field}"s of the warnings (iters, lr_col,
	 * loss_col, init_lr, max_lr), as fields_map takes them; borrowed;
	 * NULL: the bare field names */
	const char *const *fields;
	/* NULL: *an is whole.  Else the analysis still runs on another
	 * thread, and wait_curve(wait_ctx, k) returns once an->m and
	 * an->smooth are set and an->smooth[0 .. k) is made (k <= an->m;
	 * see analysis_config.curve_ready); only report_csv takes such a
	 * run, and reads nothing else of *an. */
	void (*wait_curve)(void *wait_ctx, size_t k);
	void *wait_ctx;
};

/* Several runs: the median of their chosen suggestions and their spread. */
struct consensus {
	size_t n; /* runs with a chosen suggestion */
	double median; /* median lr (geometric mean of the middle two) */
	double spread; /* decades between the extreme runs */
	size_t ndisagree; /* runs more than half a decade from the median */
};

/* Fill c from the chosen suggestions of runs; disagree[i] (n bools) says
 * which runs lie more than half a decade from the median. */
void report_consensus(const struct report_run *runs, size_t n,
    struct consensus *c, unsigned char *disagree);

int report_text(FILE *fp, const struct report_run *runs, size_t n);
int report_json(FILE *fp, const struct report_run *runs, size_t n);
int report_csv(FILE *fp, const struct report_run *runs, size_t n);
/* The chosen suggestion of each run, one per line, round-trip digits. */
int report_quiet(FILE *fp, const struct report_run *runs, size_t n);

/* The run's rows as a log that lrfind reads back: "step,lr,loss" CSV with
 * round-trip numbers. */
int report_log(FILE *fp, const struct rangetest *rt);

/* The forms a report takes on standard output; report_write writes runs
 * in form f (report_text, report_quiet, report_json or report_csv). */
enum report_format { REPORT_TEXT, REPORT_QUIET, REPORT_JSON, REPORT_CSV };
int report_write(FILE *fp, enum report_format f, const struct report_run *runs,
    size_t n);

/*
 * The epochs of a fit (lrfind train --fit) as they come, in form f:
 * report_fit_begin once (JSON: the object's head with the policy and
 * max_lr), report_fit_epoch for epoch k = 0, 1, ... (text and CSV: a
 * header before the first), report_fit_end once (JSON: the end; -q: the
 * last test accuracy, if any epoch ran).  Each returns 0, or -1 on a
 * stream error.
 */
struct report_epoch {
	size_t epoch; /* 1-based */
	double lr, train_loss, test_loss, test_acc;
};
int report_fit_begin(FILE *fp, enum report_format f, const char *policy,
    double max_lr);
int report_fit_epoch(FILE *fp, enum report_format f, size_t k,
    const struct report_epoch *e);
int report_fit_end(FILE *fp, enum report_format f, size_t n, double last_acc);

#endif
