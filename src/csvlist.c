/* csvlist.c: a CSV's columns as series, for a list of what a log holds */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvlist.h"
#include "numparse.h"

struct csvlist {
	struct series_set *ss;
	char **names; /* the header's, ncols of them */
	size_t ncols, cap, col, row;
	bool header_done; /* the first row has been seen */
	bool headerless; /* ... and was numbers: data, not names */
	int fail;
};

/* Add cell s[0..len-1] of column c->col, row c->row (0: the first data row). */
static void
csvlist_add(struct csvlist *c, const char *s, size_t len)
{
	double x;

	if (c->col < c->ncols && len > 0 && num_parse(s, len, &x) == 0 &&
	    series_add(c->ss, c->names[c->col], strlen(c->names[c->col]),
		(int64_t)c->row, x) != 0)
		c->fail = 1;
}

static void
csvlist_field(void *s, size_t len, void *data)
{
	struct csvlist *c = data;

	if (c->fail)
		return;
	if (!c->header_done) {
		if (c->ncols == c->cap) {
			size_t cap = c->cap ? 2 * c->cap : 16;
			char **nn = realloc(c->names, cap * sizeof(*nn));

			if (nn == NULL) {
				c->fail = 1;
				return;
			}
			c->names = nn;
			c->cap = cap;
		}
		if ((c->names[c->ncols] = strndup(s, len)) == NULL) {
			c->fail = 1;
			return;
		}
		c->ncols++;
	} else
		csvlist_add(c, s, len);
	c->col++;
}

/* The header row's names, made fit for a list: a header of numbers is the
 * first data row (the columns are named by number, as --lr-col takes
 * them); a column without a name, or with one an earlier column has, is
 * named by its number too. */
static void
csvlist_header(struct csvlist *c)
{
	size_t i, k;
	double v;
	bool numbers = c->ncols > 0;

	for (i = 0; i < c->ncols && numbers; i++)
		numbers = num_parse(c->names[i], strlen(c->names[i]), &v) == 0;
	for (i = 0; i < c->ncols && !c->fail; i++) {
		bool renamed = numbers || c->names[i][0] == '\0';
		char num[24], *keep = c->names[i];

		for (k = 0; k < i && !renamed; k++)
			renamed = strcmp(c->names[k], c->names[i]) == 0;
		if (!renamed)
			continue;
		snprintf(num, sizeof(num), "%zu", i + 1);
		if ((c->names[i] = strdup(num)) == NULL) {
			c->names[i] = keep;
			c->fail = 1;
			return;
		}
		if (numbers) {
			c->col = i;
			csvlist_add(c, keep, strlen(keep));
		}
		free(keep);
	}
	c->headerless = numbers;
}

static void
csvlist_row(int term, void *data)
{
	struct csvlist *c = data;

	(void)term;
	if (!c->header_done) {
		c->header_done = true;
		csvlist_header(c);
		c->col = 0;
		if (!c->headerless)
			return; /* the next row is data row 0 */
	}
	c->row++;
	c->col = 0;
}

/* buf without a UTF-8 BOM and without comment lines (a '#' that starts a
 * line outside quotes), as the CSV reader reads it: a copy to free, or
 * NULL when memory runs out. */
static char *
csv_uncommented(const char *buf, size_t len, size_t *out_len)
{
	char *out = malloc(len + 1);
	size_t i = 0, o = 0;
	bool quoted = false, line_start = true;

	if (out == NULL)
		return NULL;
	if (len >= 3 && memcmp(buf, "\357\273\277", 3) == 0)
		i = 3;
	while (i < len) {
		if (line_start && !quoted && buf[i] == '#') {
			const char *nl = memchr(buf + i, '\n', len - i);

			i = nl ? (size_t)(nl - buf) + 1 : len;
			continue;
		}
		if (buf[i] == '"')
			quoted = !quoted;
		line_start = !quoted && (buf[i] == '\n' || buf[i] == '\r');
		out[o++] = buf[i++];
	}
	*out_len = o;
	return out;
}

enum lr_status
csvlist_read(const char *buf0, size_t len0, char delim, struct series_set *ss,
    struct logread_result *res)
{
	struct csv_parser p;
	struct csvlist c;
	size_t i, len;
	enum lr_status st = LR_OK;
	char *buf = csv_uncommented(buf0, len0, &len);

	if (buf == NULL)
		return LR_ERR_NOMEM;
	memset(&c, 0, sizeof(c));
	c.ss = ss;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
		free(buf);
		return LR_ERR_NOMEM;
	}
	csv_set_delim(&p, (unsigned char)delim);
	if (csv_parse(&p, buf, len, csvlist_field, csvlist_row, &c) != len ||
	    csv_fini(&p, csvlist_field, csvlist_row, &c) != 0) {
		snprintf(res->err, sizeof(res->err), "%zu: %s", c.row + 1,
		    csv_strerror(csv_error(&p)));
		st = LR_ERR_INPUT;
	}
	if (c.fail)
		st = LR_ERR_NOMEM;
	/* columns without a number still get a line, with 0 points */
	for (i = 0; st == LR_OK && i < c.ncols; i++)
		if (series_find(ss, c.names[i]) == NULL &&
		    series_add(ss, c.names[i], strlen(c.names[i]), 0, 0) == 0)
			series_find(ss, c.names[i])->n = 0;
	csv_free(&p);
	for (i = 0; i < c.ncols; i++)
		free(c.names[i]);
	free(c.names);
	free(buf);
	return st;
}
