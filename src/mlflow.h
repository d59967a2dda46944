/* mlflow.h: the metrics of an MLflow run directory (file store) into named series */
#ifndef LRFIND_MLFLOW_H
#define LRFIND_MLFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "series.h"

/*
 * MLflow's file store keeps a run in mlruns/<experiment id>/<run id>/, a
 * directory holding meta.yaml and metrics/.  Each metric is a file under
 * metrics/ (a key with '/' in it, such as train/loss, is a subdirectory
 * path), one line a logged point: "timestamp value step", the timestamp
 * in milliseconds (read, checked to be a whole number, and dropped), the
 * value any Python or Java float text (1e-05, nan, inf, -inf, NaN,
 * Infinity, -Infinity, any case), the step a whole number (int64).
 *
 * MLflow before 1.0 wrote "timestamp value" with no step.  MLflow's own
 * reader takes step 0 for such lines; here the step of such a point is its
 * ordinal among the points of its file (0-based), so that a run logged
 * without steps still has one point a step (the lr and loss files of one
 * loop line up by ordinal), and res->stepless counts them.
 *
 * Lines end with LF (a CR before it is dropped); fields are separated by
 * spaces or tabs; blank lines are skipped; a line longer than LINEIN_MAX
 * (1 MiB, linein.h) is an error.  Files and directories are visited in
 * name order (strcmp); names beginning with '.' are skipped (MLflow makes
 * none; .DS_Store and editors' files are litter).  Subdirectories deeper
 * than MLFLOW_MAX_DEPTH are an error (a loop of symbolic links).  A run
 * with an empty metrics/ reads as no series at all.
 *
 * Messages: "FILE:LINE:COL: what was found: what was expected" for a line
 * (COL 1-based, in bytes, at the start of the field), "FILE: ..." for a
 * file or directory that cannot be read, FILE the path as DIR/metrics/KEY
 * with DIR as given.
 *
 * Ownership: paths are borrowed.  The series_set is the caller's (points
 * are appended; on an error it holds what was read before).  struct
 * mlflow_result is a plain value filled by the call (nothing to free).
 * struct mlflow_runs is filled by mlflow_find_runs and owns its strings,
 * released by mlflow_runs_free.  Nothing is printed.
 */

#define MLFLOW_MAX_DEPTH 32 /* levels of subdirectories under metrics/ */

enum mlflow_status { MLFLOW_OK = 0, MLFLOW_ERR_INPUT, MLFLOW_ERR_NOMEM };

struct mlflow_result {
	size_t files; /* metric files read */
	size_t points; /* points added */
	size_t stepless; /* points of "timestamp value" lines (no step) */
	char err[1024]; /* "FILE:LINE:COL: ..." or "FILE: ..." */
};

/* dir has a metrics/ directory and a meta.yaml file. */
bool mlflow_is_run(const char *dir);

/* Every metric of the run in dir into ss, one series a metric key. */
enum mlflow_status mlflow_read_run(const char *dir, struct series_set *ss,
    struct mlflow_result *res);

/* Run directories found by mlflow_find_runs. */
struct mlflow_runs {
	char **dir; /* n paths, "DIR/<experiment>/<run>" */
	size_t n;
};

void mlflow_runs_free(struct mlflow_runs *runs);

/*
 * The runs in dir: dir itself when it is a run (mlflow_is_run), else its
 * subdirectories that are runs (dir is an experiment) and the runs one
 * level further down (dir is an mlruns root), in name order, names
 * beginning with '.' (.trash) skipped.  None found is not an error (n 0).
 * On MLFLOW_ERR_INPUT (dir cannot be read) err holds "DIR: message".
 */
enum mlflow_status mlflow_find_runs(const char *dir, struct mlflow_runs *runs,
    char *err, size_t errsz);

#endif
