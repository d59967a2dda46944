/* samples.h: the real logs of ../shared/samples and their truth*.csv, for the readers' tests */
#ifndef LRFIND_TEST_SAMPLES_H
#define LRFIND_TEST_SAMPLES_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "series.h"

/*
 * The samples live outside the repository (never copied into it): the
 * folder named by LRFIND_SAMPLES, else ../shared/samples (tests run from
 * the top folder).  samples_path returns NULL, after printing one line
 * saying what is not read, when the file is absent: the caller skips the
 * case (not a failure).  A truth*.csv has the header step,lr,loss and one
 * row a point; lr is empty where the source logs none.  Values are
 * compared as doubles read by strtod from the truth text: exactly.
 */

static inline const char *
samples_dir(void)
{
	const char *d = getenv("LRFIND_SAMPLES");

	return d != NULL && d[0] != '\0' ? d : "../shared/samples";
}

/* dir/rel into buf, or NULL (with a line on stdout) when it is absent. */
static inline const char *
samples_path(char *buf, size_t bufsz, const char *rel, const char *test,
    const char *what)
{
	struct stat sb;

	snprintf(buf, bufsz, "%s/%s", samples_dir(), rel);
	if (stat(buf, &sb) != 0) {
		printf("%s: %s absent: %s not read\n", test, buf, what);
		return NULL;
	}
	return buf;
}

/* The whole of a file, NUL-terminated; *len its length. */
static inline char *
samples_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t cap = 0, n = 0, got;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 65536;
			nb = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(nb);
			buf = nb;
		}
		if ((got = fread(buf + n, 1, cap - n, fp)) == 0)
			break;
		n += got;
	}
	ck_assert(!ferror(fp));
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Compare the series loss and lr (lr may be NULL: the truth has no lr)
 * with the truth file, every point: the same number of points, the same
 * steps, the same doubles.  Returns the number of rows compared.
 */
static inline size_t
samples_compare(const char *truth, const struct series *loss,
    const struct series *lr)
{
	FILE *fp = fopen(truth, "r");
	char line[256], *p, *q, *e;
	size_t row = 0, nlr = 0;
	long long step;
	double v;

	ck_assert_msg(fp != NULL, "cannot open %s", truth);
	ck_assert_ptr_nonnull(loss);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "step,lr,loss\n");
	while (fgets(line, sizeof(line), fp) != NULL) {
		step = strtoll(line, &p, 10);
		ck_assert(*p == ',');
		q = strchr(++p, ',');
		ck_assert_ptr_nonnull(q);
		if (q > p) {
			ck_assert_msg(lr != NULL,
			    "%s: an lr where none was "
			    "expected",
			    truth);
			v = strtod(p, &e);
			ck_assert(e == q);
			ck_assert_uint_lt(nlr, lr->n);
			ck_assert_int_eq(lr->step[nlr], step);
			ck_assert_msg(lr->val[nlr] == v,
			    "%s row %zu: lr "
			    "%.17g, truth %.17g",
			    truth, row + 1, lr->val[nlr], v);
			nlr++;
		}
		v = strtod(q + 1, &e);
		ck_assert(*e == '\n' || *e == '\r' || *e == '\0');
		ck_assert_uint_lt(row, loss->n);
		ck_assert_msg(loss->step[row] == step,
		    "%s row %zu: step %lld, "
		    "truth %lld",
		    truth, row + 1, (long long)loss->step[row], step);
		ck_assert_msg(loss->val[row] == v,
		    "%s row %zu: loss %.17g, "
		    "truth %.17g",
		    truth, row + 1, loss->val[row], v);
		row++;
	}
	fclose(fp);
	ck_assert_uint_eq(row, loss->n);
	if (lr != NULL)
		ck_assert_uint_eq(nlr, lr->n);
	ck_assert_uint_gt(row, 0);
	return row;
}

#endif
