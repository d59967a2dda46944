/* ds_csv.c: CSV data sets (libcsv) */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dataset.h"
#include "ds_store.h"
#include "linein.h"
#include "numparse.h"

struct csvstate {
	const char *path;
	const char *label_col;
	size_t line; /* line being parsed (1-based) */
	size_t row_line; /* line where the current row started */
	size_t rows_ended; /* rows ended during the current line */
	bool row_open; /* a row has begun and not ended */
	size_t ncol; /* cells in the current row */
	size_t width; /* cells per row, from the first row */
	size_t width_line;
	bool first; /* the next row is the first */
	long label; /* label column, 0-based, -1 until known */
	bool header;
	/* the first row, kept until we know whether it is a header */
	char **cells;
	size_t ncells, capcells;
	/* the data */
	float *x;
	uint32_t *y;
	size_t n, cap;
	float *row; /* features of the current row */
	size_t rowcap;
	uint32_t rowlabel;
	uint32_t classes;
	enum ds_status st;
	char *err;
	size_t errsz;
};

static void
csverr(struct csvstate *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->st != DS_OK)
		return;
	s->st = DS_ERR_INPUT;
	if (s->errsz == 0)
		return;
	n = snprintf(s->err, s->errsz, "%s:%zu:%zu: ", s->path, s->row_line,
	    s->ncol + 1);
	if (n < 0 || (size_t)n >= s->errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(s->err + n, s->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

/*
 * A cell quoted for a message: at most 40 bytes, every byte that is not
 * printable ASCII as '?' (a C1 control in UTF-8 can drive a terminal too).
 */
static const char *
quoted(const char *p, size_t len, char *buf, size_t bufsz)
{
	size_t i, j = 0;
	unsigned char c;

	buf[j++] = '\'';
	for (i = 0; i < len && j + 5 < bufsz && i < 40; i++) {
		c = (unsigned char)p[i];
		buf[j++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	if (i < len) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j++] = '\'';
	buf[j] = '\0';
	return buf;
}

static bool
is_number(const char *p, size_t len)
{
	double v;

	return num_parse(p, len, &v) == 0;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Take in one cell of a data row. */
static void
data_cell(struct csvstate *s, const char *p, size_t len)
{
	char q[64];
	double v;
	size_t col = s->ncol, f;

	if (col >= s->width) {
		s->ncol++;
		return; /* reported at the end of the row */
	}
	if (len == 0) {
		csverr(s, "empty cell");
		return;
	}
	if (strlen(p) != len || num_parse(p, len, &v) != 0) {
		csverr(s, "%s is not a number", quoted(p, len, q, sizeof(q)));
		return;
	}
	if ((long)col == s->label) {
		if (v != floor(v) || !isfinite(v)) {
			csverr(s, "label %s is not a whole number",
			    quoted(p, len, q, sizeof(q)));
			return;
		}
		if (v < 0 || v >= DS_MAX_CLASSES) {
			csverr(s, "label %s is out of range (0 to %d)",
			    quoted(p, len, q, sizeof(q)), DS_MAX_CLASSES - 1);
			return;
		}
		s->rowlabel = (uint32_t)v;
	} else {
		if (!isfinite(v) || fabs(v) > 3.4e38) {
			csverr(s, "%s is not a finite float",
			    quoted(p, len, q, sizeof(q)));
			return;
		}
		f = (long)col < s->label ? col : col - 1;
		s->row[f] = (float)v;
	}
	s->ncol++;
}

/* Decide on the first row: header or data; find the label column. */
static void
first_row(struct csvstate *s)
{
	size_t i, dim;
	bool header = false;
	unsigned long k;
	static const char *const alias[] = { "label", "class", "target", "y" };
	size_t a;

	s->width = s->ncells;
	s->width_line = s->row_line;
	for (i = 0; i < s->ncells; i++)
		if (!is_number(s->cells[i], strlen(s->cells[i])))
			header = true;
	s->header = header;
	if (s->width < 2) {
		ds_seterr(s->err, s->errsz,
		    "%s:%zu: one column: a data set needs "
		    "features and a label",
		    s->path, s->row_line);
		s->st = DS_ERR_INPUT;
		return;
	}
	s->label = -1;
	if (s->label_col != NULL && all_digits(s->label_col)) {
		k = strtoul(s->label_col, NULL, 10);
		if (k < 1 || k > s->width) {
			ds_seterr(s->err, s->errsz,
			    "%s: no column %s (the file "
			    "has %zu)",
			    s->path, s->label_col, s->width);
			s->st = DS_ERR_INPUT;
			return;
		}
		s->label = (long)k - 1;
	} else if (s->label_col != NULL) {
		if (!header) {
			ds_seterr(s->err, s->errsz,
			    "%s: no header line to find "
			    "column '%s' in",
			    s->path, s->label_col);
			s->st = DS_ERR_INPUT;
			return;
		}
		for (i = 0; i < s->width; i++)
			if (strcasecmp(s->cells[i], s->label_col) == 0) {
				s->label = (long)i;
				break;
			}
		if (s->label < 0) {
			ds_seterr(s->err, s->errsz, "%s: no column named '%s'",
			    s->path, s->label_col);
			s->st = DS_ERR_INPUT;
			return;
		}
	} else {
		for (a = 0; header && a < 4 && s->label < 0; a++)
			for (i = 0; i < s->width; i++)
				if (strcasecmp(s->cells[i], alias[a]) == 0) {
					s->label = (long)i;
					break;
				}
		if (s->label < 0)
			s->label = (long)s->width - 1;
	}
	dim = s->width - 1;
	if (dim > DS_MAX_DIM) {
		ds_seterr(s->err, s->errsz, "%s: too many columns (%zu)",
		    s->path, s->width);
		s->st = DS_ERR_INPUT;
		return;
	}
	if ((s->row = malloc(dim * sizeof(float))) == NULL) {
		s->st = DS_ERR_NOMEM;
		return;
	}
	if (!header) { /* replay the first row as data */
		s->ncol = 0;
		for (i = 0; i < s->ncells && s->st == DS_OK; i++)
			data_cell(s, s->cells[i], strlen(s->cells[i]));
	}
}

static void
free_cells(struct csvstate *s)
{
	size_t i;

	for (i = 0; i < s->ncells; i++)
		free(s->cells[i]);
	free(s->cells);
	s->cells = NULL;
	s->ncells = s->capcells = 0;
}

static void
on_field(void *field, size_t len, void *data)
{
	struct csvstate *s = data;
	const char *p = field != NULL ? field : "";
	char **c;

	if (!s->row_open) {
		s->row_open = true;
		s->row_line = s->line;
	}
	if (s->st != DS_OK)
		return;
	if (s->first) {
		if (s->ncells == s->capcells) {
			s->capcells = s->capcells ? 2 * s->capcells : 16;
			if (s->capcells > DS_MAX_DIM + 1 ||
			    (c = realloc(s->cells, s->capcells * sizeof(*c))) ==
				NULL) {
				s->st = s->capcells > DS_MAX_DIM + 1 ?
				    DS_ERR_INPUT :
				    DS_ERR_NOMEM;
				ds_seterr(s->err, s->errsz,
				    "%s:%zu: too many "
				    "columns",
				    s->path, s->row_line);
				return;
			}
			s->cells = c;
		}
		if ((s->cells[s->ncells] = malloc(len + 1)) == NULL) {
			s->st = DS_ERR_NOMEM;
			return;
		}
		memcpy(s->cells[s->ncells], p, len);
		s->cells[s->ncells][len] = '\0';
		if (strlen(p) != len) { /* an embedded NUL */
			s->ncol = s->ncells;
			csverr(s, "NUL byte in a cell");
		}
		s->ncells++;
		return;
	}
	data_cell(s, p, len);
}

static void
on_row(int term, void *data)
{
	struct csvstate *s = data;
	size_t newcap, dim, maxrows, ncol;
	float *x;
	uint32_t *y;

	(void)term;
	s->rows_ended++;
	s->row_open = false;
	ncol = s->ncol;
	s->ncol = 0;
	if (s->st != DS_OK)
		return;
	if (s->first) {
		s->first = false;
		first_row(s); /* replays a data row: counts in s->ncol */
		free_cells(s);
		ncol = s->ncol;
		s->ncol = 0;
		if (s->st != DS_OK || s->header)
			return;
	}
	if (ncol != s->width) {
		ds_seterr(s->err, s->errsz,
		    "%s:%zu: %zu cells, but line %zu has "
		    "%zu",
		    s->path, s->row_line, ncol, s->width_line, s->width);
		s->st = DS_ERR_INPUT;
		return;
	}
	if (s->n == s->cap) {
		dim = s->width - 1;
		maxrows = DS_MAX_VALUES / dim < DS_MAX_SAMPLES ?
		    DS_MAX_VALUES / dim :
		    DS_MAX_SAMPLES;
		if (s->n >= maxrows) {
			ds_seterr(s->err, s->errsz,
			    "%s:%zu: too many rows (at most "
			    "%zu)",
			    s->path, s->row_line, maxrows);
			s->st = DS_ERR_INPUT;
			return;
		}
		newcap = s->cap ? 2 * s->cap : 1024;
		if (newcap > maxrows)
			newcap = maxrows;
		if ((x = realloc(s->x, newcap * dim * sizeof(float))) == NULL) {
			s->st = DS_ERR_NOMEM;
			return;
		}
		s->x = x;
		if ((y = realloc(s->y, newcap * sizeof(*y))) == NULL) {
			s->st = DS_ERR_NOMEM;
			return;
		}
		s->y = y;
		s->cap = newcap;
	}
	memcpy(s->x + s->n * (s->width - 1), s->row,
	    (s->width - 1) * sizeof(float));
	s->y[s->n++] = s->rowlabel;
	if (s->rowlabel + 1 > s->classes)
		s->classes = s->rowlabel + 1;
}

static bool
blank(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

enum ds_status
ds_load_csv(const char *path, const char *label_col, struct dataset *d,
    char *err, size_t errsz)
{
	struct csv_parser p;
	struct csvstate s;
	struct ds_store *store = NULL;
	FILE *fp;
	char *line = NULL;
	size_t linecap = 0, used;
	long len;
	bool delim_known = false, open_before;
	int perr;

	memset(d, 0, sizeof(*d));
	memset(&s, 0, sizeof(s));
	s.path = path;
	s.label_col = label_col;
	s.first = true;
	s.label = -1;
	s.err = err;
	s.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	if ((fp = fopen(path, "rb")) == NULL) {
		ds_seterr(err, errsz, "%s: %s", path, strerror(errno));
		return DS_ERR_INPUT;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return DS_ERR_NOMEM;
	}
	/* lines bounded (linein.h): /dev/zero is an error, not a growth */
	while (s.st == DS_OK &&
	    (len = linein_read(fp, &line, &linecap)) != LINEIN_EOF) {
		s.line++;
		if (len == LINEIN_NOMEM) {
			s.st = DS_ERR_NOMEM;
			break;
		}
		if (len == LINEIN_LONG) {
			ds_seterr(err, errsz,
			    "%s:%zu: line longer than %d bytes", path, s.line,
			    LINEIN_MAX);
			s.st = DS_ERR_INPUT;
			break;
		}
		/* a comment or blank line, outside any row */
		if (!s.row_open && (line[0] == '#' || blank(line, (size_t)len)))
			continue;
		if (!delim_known) {
			if (memchr(line, ',', (size_t)len) == NULL) {
				if (memchr(line, '\t', (size_t)len) != NULL)
					csv_set_delim(&p, '\t');
				else if (memchr(line, ';', (size_t)len) != NULL)
					csv_set_delim(&p, ';');
			}
			delim_known = true;
		}
		open_before = s.row_open;
		s.rows_ended = 0;
		used = csv_parse(&p, line, (size_t)len, on_field, on_row, &s);
		if (used != (size_t)len && s.st == DS_OK) {
			perr = csv_error(&p);
			if (perr == CSV_ENOMEM)
				s.st = DS_ERR_NOMEM;
			else {
				ds_seterr(err, errsz,
				    "%s:%zu: %s at byte %zu of the "
				    "line",
				    path, s.line,
				    perr == CSV_EPARSE ? "misplaced quote" :
					perr == CSV_ETOOBIG ?
							 "cell too large" :
							 csv_strerror(perr),
				    used + 1);
				s.st = DS_ERR_INPUT;
			}
		}
		/* a line that ended no row leaves one open (a quoted newline) */
		if (s.rows_ended == 0 && !open_before &&
		    !blank(line, (size_t)len) && !s.row_open) {
			s.row_open = true;
			s.row_line = s.line;
		}
	}
	if (s.st == DS_OK && ferror(fp)) {
		ds_seterr(err, errsz, "%s: %s", path, strerror(errno));
		s.st = DS_ERR_INPUT;
	}
	if (s.st == DS_OK && csv_fini(&p, on_field, on_row, &s) != 0 &&
	    s.st == DS_OK) {
		ds_seterr(err, errsz, "%s:%zu: unterminated quoted cell", path,
		    s.row_line);
		s.st = DS_ERR_INPUT;
	}
	csv_free(&p);
	free(line);
	fclose(fp);
	free_cells(&s);
	free(s.row);
	if (s.st == DS_OK && s.n == 0) {
		ds_seterr(err, errsz, "%s: no data rows", path);
		s.st = DS_ERR_INPUT;
	}
	if (s.st == DS_OK && (store = ds_store_new(s.n, s.width - 1)) == NULL)
		s.st = DS_ERR_NOMEM;
	if (s.st != DS_OK) {
		free(s.x);
		free(s.y);
		if (s.st == DS_ERR_NOMEM && errsz > 0)
			ds_seterr(err, errsz, "%s: out of memory", path);
		return s.st;
	}
	store->f32 = s.x;
	store->y = s.y;
	ds_view_all(d, store, s.classes);
	return DS_OK;
}
