/* logread.h: streaming reader of per-batch loss logs (CSV through libcsv) */
#ifndef LRFIND_LOGREAD_H
#define LRFIND_LOGREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rangetest.h"
#include "sweep.h"

/*
 * logread_fd reads a log from a file descriptor with read(2), so rows are
 * handled as soon as they arrive on a pipe, parses it with libcsv (lines of
 * nothing but numbers and delimiters take a faster lane with the same
 * result, scanned by two threads when long runs of them arrive), merges
 * consecutive rows that share a step, and pushes each row into a rangetest.
 * It stops reading at the explosion unless opts->read_all is set.
 *
 * Ownership: struct logread_opts is borrowed; its strings are borrowed.
 * struct logread_result is a plain value filled by the call (fixed buffers,
 * nothing to free); on LR_ERR_INPUT its err holds "LINE[:COL]: message".
 */

enum lr_status {
	LR_OK = 0,
	LR_ERR_INPUT, /* unreadable or malformed: err says where and what */
	LR_ERR_NOMEM
};

struct logread_opts {
	const char *name; /* the file name used in messages ("-" for stdin) */
	char delim; /* 0: detect from the header line */
	const char *lr_col; /* name or 1-based number, NULL: by alias */
	const char *loss_col;
	const char *step_col;
	bool read_all; /* read to the end even after the explosion */
	/* lr rebuilt when the log has no lr column */
	double init_lr, max_lr; /* 0 when not given */
	size_t iters; /* 0: the number of rows */
	bool linear;
	enum sweep_ends ends; /* i/n (default) or i/(n-1) */
	size_t max_line; /* longest line accepted, bytes (0: default 1 MiB) */
	size_t max_cols; /* most columns accepted (0: default 4096) */
	size_t chunk; /* bytes per read(2), 0: 256 KiB (tests use 1) */
	bool plain_off; /* every line through libcsv, none through the
				 * plain lane (tests compare the two) */
};

struct logread_result {
	char lr_name[64], loss_name[64],
	    step_name[64]; /* columns used ("" if none) */
	int lr_idx, loss_idx, step_idx; /* 0-based, -1 if none */
	char delim;
	bool header; /* the file had a header line */
	bool lr_rebuilt; /* lr came from the sweep, not the file */
	bool iters_from_rows; /* ... over the rows read: no --iters given */
	bool stopped_early; /* reading stopped at the explosion */
	size_t rows; /* data rows read (after merging) */
	size_t skipped; /* merged rows without a loss or lr, ignored */
	size_t explode_line; /* file line of the explosion row, 0 if none */
	struct sweep sweep; /* the rebuilt sweep when lr_rebuilt */
	char format[24]; /* "" (a CSV read by logread), or what
				 * logsource.h read: "csv", "tfevents",
				 * "json", ..., with "+gzip" if inflated */
	char err[512]; /* "LINE[:COL]: message" on LR_ERR_INPUT;
				 * a setting it names is "{field}" of
				 * logread_opts or rt_config (lr_col,
				 * loss_col, init_lr, max_lr, iters,
				 * diverge): fields_map maps them */
};

void logread_opts_default(struct logread_opts *o);

/*
 * Where the bytes come from: the npre bytes at pre first (bytes a caller
 * read to tell the format), then read(ctx, buf, n) when read is not NULL
 * (it returns what read(2) would: bytes, 0 at the end, -1 with errno set),
 * else read(2) of fd.  A regular fd with no prefix and no read function is
 * read ahead on the second thread.  Borrowed; the fd is not closed.
 */
struct logread_input {
	int fd;
	const char *pre;
	size_t npre;
	ssize_t (*read)(void *ctx, char *buf, size_t n);
	void *ctx;
};

/* The next bytes of in (its prefix, then its read function or fd; the
 * prefix is used up): as read(2), -1 with errno set. */
ssize_t logread_input_next(struct logread_input *in, char *buf, size_t n);

enum lr_status
logread_input(const struct logread_input *in, const struct logread_opts *o,
    struct rangetest *rt, struct logread_result *res);

/* Read fd into rt (which the caller has rt_init'ed).  The fd is not closed. */
enum lr_status logread_fd(int fd, const struct logread_opts *o,
    struct rangetest *rt, struct logread_result *res);

#endif
