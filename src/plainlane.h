/* plainlane.h: the log reader's plain lane, internal to logread.c */
#ifndef LRFIND_PLAINLANE_H
#define LRFIND_PLAINLANE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "colnames.h"
#include "logread.h"
#include "worker.h"

/*
 * The fast half of the CSV log reader, internal to it: logread.c reads a
 * log through libcsv (the header, the choice of columns, quoted fields and
 * every message); plainlane.c takes whole lines of nothing but numbers and
 * delimiters without libcsv, parsing only the columns in use, and scans
 * long runs of them on a second thread (src/worker.c), which also reads
 * the next chunk of a regular file ahead.  It hands the rows it finds to
 * the reader's apply function, as libcsv would have reported them; a line
 * it cannot take (a quote, a space, a letter, too many fields, a number
 * that needs strtod) it leaves whole to libcsv.
 *
 * It also reads the chunks the reader is fed (struct plain_chunks, and
 * logread_input_next), ahead on that thread when the log is a long regular
 * file.
 *
 * Ownership: a struct plain_lane is the reader's (on its stack); plain_init
 * allocates its row buffer and plain_free frees that and stops the second
 * thread if one was started.  A struct plain_chunks is the reader's too;
 * plain_chunks_open allocates its buffers, plain_chunks_close frees them;
 * the lane borrows its struct ahead (lane->ra) and the buffer not in use.  The bytes and the column map given
 * to plain_lane are borrowed for the call.
 */

/* the columns a row holds, as colnames.h numbers their roles */
enum {
	COL_STEP = COLROLE_STEP,
	COL_LR = COLROLE_LR,
	COL_LOSS = COLROLE_LOSS,
	NCOLS
};

#define PLAIN_FIRST 256 /* rows of a lane's first batch */

/* A data row on its way to the rangetest (after merging). */
struct row {
	double v[NCOLS];
	unsigned have; /* bit per column */
	size_t line;
};

/* A line the plain lane took: its values, as libcsv would have given
 * them to on_field and on_row. */
struct plain_row {
	struct row row; /* values and have bits; line set on apply */
	unsigned short nfields;
	char term; /* '\n', or '\r' for CR LF */
};

/*
 * Reading ahead, from a regular file only: a job of the second scanner,
 * once it has scanned its part, reads the next chunk into the buffer not in
 * use, so that the reader does not wait for the copy.
 */
struct ahead {
	int fd;
	char *buf; /* the buffer not in use */
	size_t want;
	ssize_t got; /* bytes read, 0 at the end, -1 on an error */
	int err; /* errno of the error */
	int state; /* AHEAD_* */
};

enum { AHEAD_NONE, AHEAD_ASKED, AHEAD_DONE };

struct plain_lane {
	unsigned char cls[256]; /* byte classes, PL_* in plainlane.c */
	struct plain_row *rows; /* rows_max of them */
	size_t rows_max; /* rows per batch */
	/* the second scanner: a worker thread, started on the first long
	 * run of plain lines, scans the later part of it meanwhile */
	struct worker wk;
	int wk_tried; /* worker_start was tried */
	struct plain_row *rows2; /* its rows, NULL: no second scanner */
	struct ahead *ra; /* reading ahead on the worker, NULL: not */
};

/*
 * What the reader does with n rows the lane found (w[0..n-1], which it may
 * change): returns nonzero when reading must stop (the explosion, or an
 * error), which ends the lane.
 */
typedef int (*plain_apply_fn)(void *ctx, struct plain_row *w, size_t n);

/* Set up a lane of batches of rows_max rows; -1 when out of memory. */
int plain_init(struct plain_lane *pl, size_t rows_max);
void plain_free(struct plain_lane *pl);

/* The byte classes for a log of this delimiter. */
void plain_classes(struct plain_lane *pl, char delim);

/*
 * The plain lane over s[0..n) (n ends a line), whose column c (of ncols)
 * is COL_* colmap[c] or -1 (not in use); a line longer than max_line bytes
 * is left to libcsv.  The rows go to apply(ctx, ...) in order.  Returns the
 * bytes taken: all n, or up to the first line left for libcsv, or to where
 * apply asked to stop.
 */
size_t
plain_lane(struct plain_lane *pl, const signed char *colmap, size_t ncols,
    size_t max_line, const char *s, size_t n, plain_apply_fn apply, void *ctx);

/*
 * The chunks a log is read in, from a struct logread_input: buffers sized
 * to a small regular file, bigger ones read ahead on the lane's second
 * thread for a long one (once the input's prefix is taken).
 */
struct plain_chunks {
	struct logread_input in; /* a copy: its prefix is used up */
	char *buf; /* the chunk plain_chunks_next read */
	char *buf2; /* the buffer read ahead into, NULL: none */
	size_t bufsz, want;
	size_t rows_max; /* rows per batch of the lane, for plain_init */
	struct ahead ra;
	bool ahead; /* ra is set up, for the lane once in.pre is taken */
};

/* Set up c for in, read chunk bytes at a time (0: 256 KiB, or 2 MiB when
 * reading ahead); -1 when out of memory (nothing to close). */
int plain_chunks_open(struct plain_chunks *c, const struct logread_input *in,
    size_t chunk);

/* The next chunk, in c->buf, read ahead by pl's worker if it was: bytes, 0
 * at the end, -1 with errno in *err. */
ssize_t
plain_chunks_next(struct plain_chunks *c, struct plain_lane *pl, int *err);

/* Read the rest of the input, to no purpose but the writer's (read_all). */
void plain_chunks_drain(struct plain_chunks *c);

void plain_chunks_close(struct plain_chunks *c);

#endif
