/* series.h: named scalar series, (step, value) points by tag or key, as
 * event files, JSON logs, MLflow runs and W&B exports hold them */
#ifndef LRFIND_SERIES_H
#define LRFIND_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A reader of a format other than CSV fills a series_set with every scalar
 * it finds, one series per tag or key, points in the order read (not
 * sorted, steps may repeat); choosing the lr and loss series, sorting by
 * step and joining them into rows is the caller's (logjoin.h).
 *
 * Ownership: a struct series_set is owned by whoever called
 * series_set_init and is released with series_set_free; the series, their
 * names and their arrays belong to it and stay valid until series_set_free
 * (series_add may move the arrays of the series it appends to, and the
 * array of series).
 */

struct series {
	char *name; /* NUL-terminated, owned by the set */
	size_t n, cap;
	int64_t *step; /* n steps */
	double *val; /* n values (any double, nan and inf too) */
};

struct series_set {
	struct series *s;
	size_t n, cap;
};

void series_set_init(struct series_set *ss);
void series_set_free(struct series_set *ss);

/*
 * Append the point (step, val) to the series called name[0..len-1] (it need
 * not be NUL-terminated; a NUL byte inside ends it), which is created on
 * first use.  0, or -1 when out of memory (the point is not added).
 */
int series_add(struct series_set *ss, const char *name, size_t len,
    int64_t step, double val);

/* The series named name exactly, or NULL. */
struct series *series_find(const struct series_set *ss, const char *name);

/* Total points in every series (for limits and --list). */
size_t series_points(const struct series_set *ss);

#endif
