/* drive.h: the co-process protocol of lrfind drive: one lr out, one loss in */
#ifndef LRFIND_DRIVE_H
#define LRFIND_DRIVE_H

#include <stddef.h>
#include <stdio.h>

#include "rangetest.h"
#include "sweep.h"

/*
 * The protocol, one line each way per batch: lrfind writes the lr of the
 * next batch, the trainer answers with that batch's loss (a number, blanks
 * around it allowed; nan and inf count as an explosion).  lrfind closes its
 * output when the test is over: at the explosion or after the last
 * iteration of the sweep.
 *
 * drive_run owns nothing: the streams, the sweep and the rangetest are the
 * caller's.  The rangetest receives every answered batch.
 */
/* An answer line is read up to LINEIN_MAX bytes (linein.h); a longer one
 * is DRIVE_BAD_LINE, so no input can make drive grow without bound. */
enum drive_end {
	DRIVE_DONE, /* the sweep ran to its last iteration */
	DRIVE_EXPLODED, /* the loss exploded */
	DRIVE_EOF, /* the trainer's input ended early */
	DRIVE_GONE, /* the trainer stopped reading (EPIPE) */
	DRIVE_BAD_LINE, /* an answer was not a number, or a negative
				 * loss with diverge on: err says which */
	DRIVE_NOMEM
};

/* Parse one answer line (without its newline); 0, or -1 if not a number. */
int drive_parse_loss(const char *line, size_t len, double *loss);

/* Run the protocol on in/out until the test ends; err gets a message
 * ("LINE: ...") for DRIVE_BAD_LINE, a setting named "{diverge}". */
enum drive_end drive_run(FILE *in, FILE *out, const struct sweep *sw,
    struct rangetest *rt, char *err, size_t errsz);

#endif
