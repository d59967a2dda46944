/* fuzz_jsonlog.c: libFuzzer target: bytes -> jsonlog_sniff and jsonlog_read */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonlog.h"
#include "series.h"

/*
 * Input: one option byte, then the file.
 *   byte 0: bits 0-1 the layout asked for (sniff, trainer_state.json,
 *           JSON Lines, sniff)
 * The file is copied to a buffer of its exact size (no NUL after it), so
 * ASan sees any read past the end.  Oracles besides the sanitizers: an
 * error has a message "LINE:COL: ..." with LINE at most the file's lines
 * and COL at least 1 (or "out of memory"); success has no message, the
 * layout asked for (or the one sniffed) and series whose points fit;
 * reading with the sniffed layout named gives what reading with
 * JSONLOG_NONE gives.
 */

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_jsonlog: %s (err '%s')\n", what, err);
	abort();
}

static size_t
lines_in(const char *b, size_t len)
{
	size_t i, n = 1;

	for (i = 0; i < len; i++)
		n += b[i] == '\n';
	return n;
}

static void
check_err(const struct jsonlog_result *res, enum jsonlog_status st,
    const char *b, size_t len)
{
	unsigned long long line, col;
	int used = 0;

	if (st == JSONLOG_ERR_NOMEM)
		return;
	if (res->err[0] == '\0' ||
	    memchr(res->err, '\0', sizeof(res->err)) == NULL)
		die("an error without a message", "");
	if (sscanf(res->err, "%llu:%llu: %n", &line, &col, &used) != 2 ||
	    used == 0 || res->err[used] == '\0')
		die("an error message not 'LINE:COL: message'", res->err);
	if (line < 1 || line > lines_in(b, len) || col < 1 ||
	    col > len + 2 + JSONLOG_MAX_LINE)
		die("an error place outside the file", res->err);
}

static void
check_ok(const struct jsonlog_result *res, const struct series_set *ss,
    enum jsonlog_kind asked)
{
	size_t i;

	if (res->err[0] != '\0')
		die("success with a message", res->err);
	if (res->kind != JSONLOG_HF_STATE && res->kind != JSONLOG_LINES)
		die("success without a layout", res->err);
	if (asked != JSONLOG_NONE && res->kind != asked)
		die("success with another layout than asked", res->err);
	if (res->kind == JSONLOG_LINES && res->records == 0)
		die("JSON Lines read with no object", res->err);
	if (res->ordinal_steps > res->records)
		die("more ordinal steps than objects", res->err);
	for (i = 0; i < ss->n; i++)
		if (ss->s[i].n == 0 || ss->s[i].n > ss->s[i].cap ||
		    ss->s[i].name == NULL)
			die("a series out of shape", res->err);
}

static int
same_sets(const struct series_set *a, const struct series_set *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->s[i].name, b->s[i].name) != 0 ||
		    a->s[i].n != b->s[i].n ||
		    memcmp(a->s[i].step, b->s[i].step,
			a->s[i].n * sizeof(int64_t)) != 0 ||
		    memcmp(a->s[i].val, b->s[i].val,
			a->s[i].n * sizeof(double)) != 0)
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum jsonlog_kind kinds[4] = { JSONLOG_NONE,
		JSONLOG_HF_STATE, JSONLOG_LINES, JSONLOG_NONE };
	struct series_set ss, ss2;
	struct jsonlog_result res, res2;
	enum jsonlog_status st, st2;
	enum jsonlog_kind asked, sniffed;
	char *b;

	if (size < 1)
		return 0;
	asked = kinds[data[0] & 3];
	data++;
	size--;
	if ((b = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(b, data, size);
	sniffed = jsonlog_sniff(b, size);
	if (sniffed != JSONLOG_NONE && sniffed != JSONLOG_HF_STATE &&
	    sniffed != JSONLOG_LINES)
		die("sniff out of range", "");
	series_set_init(&ss);
	st = jsonlog_read(b, size, asked, &ss, &res);
	if (st == JSONLOG_OK)
		check_ok(&res, &ss, asked != JSONLOG_NONE ? asked : sniffed);
	else
		check_err(&res, st, b, size);
	if (asked == JSONLOG_NONE && sniffed != JSONLOG_NONE) {
		series_set_init(&ss2);
		st2 = jsonlog_read(b, size, sniffed, &ss2, &res2);
		if (st2 != st || strcmp(res.err, res2.err) != 0 ||
		    !same_sets(&ss, &ss2) || res.records != res2.records)
			die("the sniffed layout named reads otherwise",
			    res2.err);
		series_set_free(&ss2);
	}
	series_set_free(&ss);
	free(b);
	return 0;
}
