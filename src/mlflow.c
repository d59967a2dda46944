/* mlflow.c: the metrics of an MLflow run directory (mlflow.h) */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "linein.h"
#include "fields.h"
#include "mlflow.h"
#include "numparse.h"

#define FIELDS_EXPECTED "expected \"timestamp value step\""

struct walk {
	struct series_set *ss;
	struct mlflow_result *res;
	char *line; /* linein's buffer */
	size_t cap;
	enum mlflow_status st;
};

static int
fail(struct walk *w, enum mlflow_status st, const char *fmt, ...)
{
	va_list ap;

	w->st = st;
	va_start(ap, fmt);
	vsnprintf(w->res->err, sizeof(w->res->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* "a/b" in new memory, or NULL. */
static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p;

	while (la > 1 && a[la - 1] == '/')
		la--;
	if ((p = malloc(la + lb + 2)) == NULL)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static bool
is_file_in(const char *dir, const char *name)
{
	struct stat sb;
	char *p = join(dir, name);
	bool ok;

	if (p == NULL)
		return false;
	ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	free(p);
	return ok;
}

bool
mlflow_is_run(const char *dir)
{
	char *m = join(dir, "metrics");
	bool ok;

	if (m == NULL)
		return false;
	ok = is_dir(m) && is_file_in(dir, "meta.yaml");
	free(m);
	return ok;
}

/* A whole number in s[0..len): optional sign, digits, within int64. */
static int
whole(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	uint64_t v = 0, lim;
	int neg = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+'))
		neg = s[i++] == '-';
	if (i == len)
		return -1;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (lim - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) :
		     (int64_t)v;
	return 0;
}

/* One metric file: path (for messages and opening), key (the series). */
static int
read_metric(struct walk *w, const char *path, const char *key)
{
	FILE *fp;
	long got;
	size_t lineno = 0, ordinal = 0, n, i, nf, fs[4], fe[4];
	int64_t ts, step;
	double v;
	char sh[64];

	if ((fp = fopen(path, "rb")) == NULL)
		return fail(w, MLFLOW_ERR_INPUT, "%s: cannot open: %s", path,
		    strerror(errno));
	for (;;) {
		got = linein_read(fp, &w->line, &w->cap);
		if (got == LINEIN_EOF)
			break;
		lineno++;
		if (got == LINEIN_NOMEM) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_NOMEM,
			    "%s:%zu: out of memory", path, lineno);
		}
		if (got == LINEIN_LONG) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_INPUT,
			    "%s:%zu: line longer "
			    "than %d bytes: " FIELDS_EXPECTED,
			    path, lineno, LINEIN_MAX);
		}
		n = (size_t)got;
		if (n > 0 && w->line[n - 1] == '\n')
			n--;
		if (n > 0 && w->line[n - 1] == '\r')
			n--;
		/* the fields, at most three (a fourth is an error) */
		for (nf = 0, i = 0; nf < 4;) {
			while (
			    i < n && (w->line[i] == ' ' || w->line[i] == '\t'))
				i++;
			if (i == n)
				break;
			fs[nf] = i;
			while (i < n && w->line[i] != ' ' && w->line[i] != '\t')
				i++;
			fe[nf++] = i;
		}
		if (nf == 0)
			continue; /* a blank line */
		if (nf == 4) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_INPUT,
			    "%s:%zu:%zu: a fourth "
			    "field: " FIELDS_EXPECTED,
			    path, lineno, fs[3] + 1);
		}
		if (nf == 1) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_INPUT,
			    "%s:%zu:%zu: the line "
			    "ends after one field: " FIELDS_EXPECTED,
			    path, lineno, n + 1);
		}
		if (whole(w->line + fs[0], fe[0] - fs[0], &ts) != 0) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_INPUT,
			    "%s:%zu:%zu: timestamp "
			    "'%s': expected a whole number of milliseconds",
			    path, lineno, fs[0] + 1,
			    fields_shown(sh, sizeof(sh), w->line + fs[0],
				fe[0] - fs[0], 40));
		}
		w->line[fe[1]] = '\0'; /* num_parse's fallback wants it */
		if (num_parse(w->line + fs[1], fe[1] - fs[1], &v) != 0) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_INPUT,
			    "%s:%zu:%zu: '%s' is "
			    "not a number: expected the metric's value",
			    path, lineno, fs[1] + 1,
			    fields_shown(sh, sizeof(sh), w->line + fs[1],
				fe[1] - fs[1], 40));
		}
		if (nf == 2) {
			step = (int64_t)ordinal;
			w->res->stepless++;
		} else if (whole(w->line + fs[2], fe[2] - fs[2], &step) != 0) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_INPUT,
			    "%s:%zu:%zu: step '%s': "
			    "expected a whole number",
			    path, lineno, fs[2] + 1,
			    fields_shown(sh, sizeof(sh), w->line + fs[2],
				fe[2] - fs[2], 40));
		}
		if (series_add(w->ss, key, strlen(key), step, v) != 0) {
			fclose(fp);
			return fail(w, MLFLOW_ERR_NOMEM,
			    "%s:%zu: out of memory", path, lineno);
		}
		ordinal++;
		w->res->points++;
	}
	if (ferror(fp)) {
		fclose(fp);
		return fail(w, MLFLOW_ERR_INPUT, "%s:%zu: read error", path,
		    lineno + 1);
	}
	fclose(fp);
	w->res->files++;
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Names in dir, sorted by strcmp: 0 with *list and *n (scandir's). */
static int
names(const char *dir, struct dirent ***list, int *n)
{
	if ((*n = scandir(dir, list, NULL, by_name)) < 0)
		return -1;
	return 0;
}

static void
names_free(struct dirent **list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* Every file under path (key: its name under metrics/, "" at the top). */
static int
walk_dir(struct walk *w, const char *path, const char *key, int depth)
{
	struct dirent **list;
	struct stat sb;
	char *sub, *subkey;
	int i, n, rc = 0;

	if (depth > MLFLOW_MAX_DEPTH)
		return fail(w, MLFLOW_ERR_INPUT,
		    "%s: more than %d levels of "
		    "folders under metrics/ (a loop of links?)",
		    path, MLFLOW_MAX_DEPTH);
	if (names(path, &list, &n) != 0)
		return fail(w,
		    errno == ENOMEM ? MLFLOW_ERR_NOMEM : MLFLOW_ERR_INPUT,
		    "%s: cannot read the folder: %s", path, strerror(errno));
	for (i = 0; i < n && rc == 0; i++) {
		const char *nm = list[i]->d_name;

		if (nm[0] == '.')
			continue;
		sub = join(path, nm);
		subkey = key[0] != '\0' ? join(key, nm) : strdup(nm);
		if (sub == NULL || subkey == NULL)
			rc = fail(w, MLFLOW_ERR_NOMEM, "%s: out of memory",
			    path);
		else if (stat(sub, &sb) != 0)
			rc = fail(w, MLFLOW_ERR_INPUT, "%s: %s", sub,
			    strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			rc = walk_dir(w, sub, subkey, depth + 1);
		else if (S_ISREG(sb.st_mode))
			rc = read_metric(w, sub, subkey);
		free(sub);
		free(subkey);
	}
	names_free(list, n);
	return rc;
}

enum mlflow_status
mlflow_read_run(const char *dir, struct series_set *ss,
    struct mlflow_result *res)
{
	struct walk w;
	char *m;

	memset(res, 0, sizeof(*res));
	w.ss = ss;
	w.res = res;
	w.line = NULL;
	w.cap = 0;
	w.st = MLFLOW_OK;
	if ((m = join(dir, "metrics")) == NULL) {
		snprintf(res->err, sizeof(res->err), "out of memory");
		return MLFLOW_ERR_NOMEM;
	}
	if (!is_dir(m))
		fail(&w, MLFLOW_ERR_INPUT,
		    "%s: no metrics folder: expected an "
		    "MLflow run directory (mlruns/<experiment>/<run>)",
		    dir);
	else
		walk_dir(&w, m, "", 1);
	free(m);
	free(w.line);
	return w.st;
}

void
mlflow_runs_free(struct mlflow_runs *runs)
{
	size_t i;

	for (i = 0; i < runs->n; i++)
		free(runs->dir[i]);
	free(runs->dir);
	runs->dir = NULL;
	runs->n = 0;
}

static int
runs_add(struct mlflow_runs *runs, char *path)
{
	char **d;

	if ((d = realloc(runs->dir, (runs->n + 1) * sizeof(*d))) == NULL) {
		free(path);
		return -1;
	}
	runs->dir = d;
	runs->dir[runs->n++] = path;
	return 0;
}

/* The runs under dir, to depth levels of folders (1 or 2). */
static enum mlflow_status
find_in(const char *dir, int depth, struct mlflow_runs *runs, char *err,
    size_t errsz)
{
	struct dirent **list;
	enum mlflow_status st = MLFLOW_OK;
	char *sub;
	int i, n;

	if (names(dir, &list, &n) != 0) {
		if (errno == ENOMEM)
			st = MLFLOW_ERR_NOMEM;
		else
			st = MLFLOW_ERR_INPUT;
		snprintf(err, errsz, "%s: cannot read the folder: %s", dir,
		    strerror(errno));
		return st;
	}
	for (i = 0; i < n && st == MLFLOW_OK; i++) {
		if (list[i]->d_name[0] == '.')
			continue;
		if ((sub = join(dir, list[i]->d_name)) == NULL) {
			st = MLFLOW_ERR_NOMEM;
			break;
		}
		if (!is_dir(sub))
			free(sub);
		else if (mlflow_is_run(sub)) {
			if (runs_add(runs, sub) != 0)
				st = MLFLOW_ERR_NOMEM;
		} else {
			/* an experiment: its runs; a folder it cannot read
			 * is not one */
			if (depth > 1 &&
			    find_in(sub, depth - 1, runs, err, errsz) ==
				MLFLOW_ERR_NOMEM)
				st = MLFLOW_ERR_NOMEM;
			free(sub);
		}
	}
	names_free(list, n);
	if (st == MLFLOW_ERR_NOMEM)
		snprintf(err, errsz, "%s: out of memory", dir);
	else if (errsz > 0)
		err[0] = '\0'; /* an unreadable folder below: not a run */
	return st;
}

enum mlflow_status
mlflow_find_runs(const char *dir, struct mlflow_runs *runs, char *err,
    size_t errsz)
{
	enum mlflow_status st;
	char *p;

	runs->dir = NULL;
	runs->n = 0;
	if (errsz > 0)
		err[0] = '\0';
	if (mlflow_is_run(dir)) {
		if ((p = strdup(dir)) == NULL || runs_add(runs, p) != 0) {
			snprintf(err, errsz, "%s: out of memory", dir);
			return MLFLOW_ERR_NOMEM;
		}
		return MLFLOW_OK;
	}
	if ((st = find_in(dir, 2, runs, err, errsz)) != MLFLOW_OK)
		mlflow_runs_free(runs);
	return st;
}
