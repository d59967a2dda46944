/* logsource.h: a log in any format trainers write, found from its content,
 * read into a range test */
#ifndef LRFIND_LOGSOURCE_H
#define LRFIND_LOGSOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "logread.h"
#include "series.h"

/*
 * logsource_read reads a log from a path (a file, a folder, or "-" with an
 * fd) whatever its format: CSV (streamed as it arrives, logread.h), or a
 * format read whole and joined by step (logjoin.h).  The format is told
 * from the content (gzip of any of them is inflated first), unless forced.
 * A CSV is streamed, gzip or not; the others are read whole, up to
 * LOGSOURCE_MAX_BYTES once inflated.
 *
 * Ownership: opts and paths are borrowed; struct logsource_result is a
 * plain value; a series_set handed to logsource_scalars is the caller's.
 */

#define LOGSOURCE_MAX_BYTES ((size_t)1 << 30) /* 1 GiB of log */

enum logformat {
	LOGFMT_AUTO = 0,
	LOGFMT_CSV,
	LOGFMT_TFEVENTS,
	LOGFMT_JSON, /* Hugging Face trainer_state.json */
	LOGFMT_JSONL, /* JSON Lines, MMEngine's scalars.json */
	LOGFMT_MLFLOW, /* an MLflow run folder */
	LOGFMT_WANDB /* a Weights & Biases CSV export */
};

/* The name of a format ("csv", "tfevents", ...), and back (-1: unknown). */
const char *logformat_name(enum logformat f);
int logformat_parse(const char *s);

struct logsource_opts {
	enum logformat format; /* LOGFMT_AUTO: tell from the content */
	const char *run; /* the W&B export's run, NULL: its only one */
	struct series_set *list; /* not NULL: every scalar goes there
					 * (a CSV: each column's numbers), and
					 * rt is left alone */
};

struct logsource_result {
	enum logformat format; /* the format read */
	bool gzip; /* it was gzip-compressed */
	size_t files; /* event files read (a folder: may be several) */
	bool truncated; /* an event file ended inside a record */
	char truncated_file[256]; /* ... which one */
	bool need_run; /* a W&B export of several runs, none chosen */
};

/*
 * Read path (fd: its open descriptor, or -1 for a folder) into rt.  res is
 * filled as logread_fd fills it; on LR_ERR_INPUT res->err holds
 * "LINE[:COL]: message" for a CSV and "message" (with its own place) for
 * the others.
 */
enum lr_status
logsource_read(const char *path, int fd, const struct logread_opts *lo,
    const struct logsource_opts *so, struct rangetest *rt,
    struct logread_result *res, struct logsource_result *sres);

#endif
