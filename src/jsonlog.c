/* jsonlog.c: Hugging Face trainer_state.json and JSON Lines logs (jsonlog.h) */
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonlog.h"
#include "lazylib.h"

#define FEED (1024 * 1024) /* bytes handed to json-c at a time */
#define NONE ((size_t)-1) /* no such place (scanner) */

const char *const jsonlog_step_alias[] = { "step", "iter", "iteration",
	"global_step", "it", "_step", "batch", "trainer/global_step",
	"batch_idx", NULL };

/* ---- places and messages ---- */

/* Line and byte column (1-based) of b[off]. */
static void
place(const char *b, size_t off, size_t *line, size_t *col)
{
	size_t i, l = 1, start = 0;

	for (i = 0; i < off; i++)
		if (b[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = off - start + 1;
}

static enum jsonlog_status
fail_lc(struct jsonlog_result *res, size_t line, size_t col, const char *fmt,
    ...)
{
	va_list ap;
	int n;

	n = snprintf(res->err, sizeof(res->err), "%zu:%zu: ", line, col);
	if (n < 0 || (size_t)n >= sizeof(res->err))
		return JSONLOG_ERR_INPUT;
	va_start(ap, fmt);
	vsnprintf(res->err + n, sizeof(res->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return JSONLOG_ERR_INPUT;
}

/* The same at b[off]: the caller passes the message already made. */
static enum jsonlog_status
fail_at(struct jsonlog_result *res, const char *b, size_t off, const char *msg)
{
	size_t line, col;

	place(b, off, &line, &col);
	return fail_lc(res, line, col, "%s", msg);
}

static enum jsonlog_status
fail_nomem(struct jsonlog_result *res)
{
	snprintf(res->err, sizeof(res->err), "out of memory");
	return JSONLOG_ERR_NOMEM;
}

/* s for a message: printable ASCII kept, other bytes '?', cut at 40. */
static const char *
shown(char *buf, size_t bufsz, const char *s)
{
	size_t i, j = 0;

	for (i = 0; s[i] != '\0' && j + 4 < bufsz && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (s[i] != '\0') {
		buf[j++] = '.';
		buf[j++] = '.';
		buf[j++] = '.';
	}
	buf[j] = '\0';
	return buf;
}

/* What a value is, for a message: "a string", "an array", ... */
static const char *
kind_of(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
	case json_type_int:
		return "a number";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "a value";
}

/* json-c's error, in our words: what was expected there. */
static const char *
syntax_msg(enum json_tokener_error e)
{
	switch (e) {
	case json_tokener_error_depth:
		return "nesting deeper than 32 levels: expected at most 32 "
		       "objects and arrays inside one another";
	case json_tokener_error_parse_eof:
		return "unexpected end of the data: expected the rest of the "
		       "JSON text";
	case json_tokener_error_parse_unexpected:
		return "unexpected character: expected a JSON value";
	case json_tokener_error_parse_null:
		return "expected null";
	case json_tokener_error_parse_boolean:
		return "expected true or false";
	case json_tokener_error_parse_number:
		return "expected a number";
	case json_tokener_error_parse_array:
		return "expected ',' or ']' after an array element";
	case json_tokener_error_parse_object_key_name:
		return "expected a quoted member name";
	case json_tokener_error_parse_object_key_sep:
		return "expected ':' after a member name";
	case json_tokener_error_parse_object_value_sep:
		return "expected ',' or '}' after a member value";
	case json_tokener_error_parse_string:
		return "invalid string: expected a JSON string";
	case json_tokener_error_parse_comment:
		return "expected a comment after '/'";
	case json_tokener_error_parse_utf8_string:
		return "invalid UTF-8: expected UTF-8 text";
	case json_tokener_error_size:
		return "JSON text too large for json-c";
	default:
		return "invalid JSON";
	}
}

/* A json-c error at b[off] (the byte where it stopped). */
static enum jsonlog_status
fail_syntax(struct jsonlog_result *res, const char *b, size_t off, size_t len,
    enum json_tokener_error e)
{
	if (off < len && b[off] == '\0')
		return fail_at(res, b, off,
		    "NUL byte: expected JSON text (is "
		    "this a binary file?)");
	if (off < len && e == json_tokener_error_parse_unexpected) {
		unsigned char c = (unsigned char)b[off];
		char msg[96];

		if (c >= 0x20 && c < 0x7f)
			snprintf(msg, sizeof(msg),
			    "unexpected character '%c': "
			    "expected a JSON value",
			    c);
		else
			snprintf(msg, sizeof(msg),
			    "unexpected byte 0x%02x: "
			    "expected a JSON value",
			    c);
		return fail_at(res, b, off, msg);
	}
	return fail_at(res, b, off, syntax_msg(e));
}

/* ---- a scanner of JSON text, for places and sniffing ----
 * It finds where a member or an element begins in text json-c has taken
 * (messages about values need their place, which json-c's tree does not
 * keep), and the shape of a file's start (jsonlog_sniff).  It never reads
 * past len, whatever the text; on text that is not JSON its answers are
 * merely useless (NONE, or a place that is not right). */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Past white space and comments (json-c takes / * * / and //). */
static size_t
sk_space(const char *b, size_t len, size_t i)
{
	while (i < len) {
		if (is_space(b[i]))
			i++;
		else if (b[i] == '/' && i + 1 < len && b[i + 1] == '*') {
			for (i += 2; i < len &&
			     !(b[i] == '*' && i + 1 < len && b[i + 1] == '/');
			     i++)
				;
			i = i < len ? i + 2 : len;
		} else if (b[i] == '/' && i + 1 < len && b[i + 1] == '/') {
			while (i < len && b[i] != '\n')
				i++;
		} else
			break;
	}
	return i;
}

/* Past the string at b[i] (a " or ' quote); len if it is not closed. */
static size_t
sk_string(const char *b, size_t len, size_t i)
{
	char q = b[i];

	for (i++; i < len; i++) {
		if (b[i] == '\\')
			i++;
		else if (b[i] == q)
			return i + 1;
	}
	return len;
}

/* Past the value at b[i]; len if it is not finished. */
static size_t
sk_value(const char *b, size_t len, size_t i)
{
	size_t depth = 0;

	if (i >= len)
		return len;
	if (b[i] == '"' || b[i] == '\'')
		return sk_string(b, len, i);
	if (b[i] != '{' && b[i] != '[') {
		while (i < len && !is_space(b[i]) && b[i] != ',' &&
		    b[i] != '}' && b[i] != ']' && b[i] != '/')
			i++;
		return i;
	}
	while (i < len) {
		if (b[i] == '"' || b[i] == '\'') {
			i = sk_string(b, len, i);
			continue;
		}
		if (b[i] == '/') {
			size_t j = sk_space(b, len, i);

			i = j > i ? j : i + 1;
			continue;
		}
		if (b[i] == '{' || b[i] == '[')
			depth++;
		else if ((b[i] == '}' || b[i] == ']') && --depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

/* Where the value of member name of the object at b[i] begins, or NONE. */
static size_t
member_at(const char *b, size_t len, size_t i, const char *name)
{
	size_t nlen = strlen(name), ks, ke;

	if (i >= len || b[i] != '{')
		return NONE;
	for (i++;;) {
		i = sk_space(b, len, i);
		if (i >= len || (b[i] != '"' && b[i] != '\''))
			return NONE;
		ks = i + 1;
		i = sk_string(b, len, i);
		if (i >= len)
			return NONE;
		ke = i - 1;
		i = sk_space(b, len, i);
		if (i >= len || b[i] != ':')
			return NONE;
		i = sk_space(b, len, i + 1);
		if (ke - ks == nlen && memcmp(b + ks, name, nlen) == 0)
			return i < len ? i : NONE;
		i = sk_space(b, len, sk_value(b, len, i));
		if (i >= len || b[i] != ',')
			return NONE;
		i++;
	}
}

/* Where element idx of the array at b[i] begins, or NONE. */
static size_t
element_at(const char *b, size_t len, size_t i, size_t idx)
{
	size_t k;

	if (i >= len || b[i] != '[')
		return NONE;
	i = sk_space(b, len, i + 1);
	for (k = 0; k < idx; k++) {
		i = sk_space(b, len, sk_value(b, len, i));
		if (i >= len || b[i] != ',')
			return NONE;
		i = sk_space(b, len, i + 1);
	}
	return i < len && b[i] != ']' ? i : NONE;
}

/* Past a UTF-8 byte-order mark. */
static size_t
sk_bom(const char *b, size_t len)
{
	return len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* ---- values ---- */

/* A number's value: 0 with *v set, -1 if o is not a number. */
static int
num_value(json_object *o, double *v)
{
	int64_t i;

	switch (json_object_get_type(o)) {
	case json_type_double:
		*v = json_object_get_double(o);
		return 0;
	case json_type_int:
		/* json-c holds an int64 or, above INT64_MAX, a uint64 */
		if ((i = json_object_get_int64(o)) == INT64_MAX)
			*v = (double)json_object_get_uint64(o);
		else
			*v = (double)i;
		return 0;
	default:
		return -1;
	}
}

/* A step: 0 with *st set, -1 if o is not a whole number in range. */
static int
step_value(json_object *o, int64_t *st)
{
	double d;

	switch (json_object_get_type(o)) {
	case json_type_int:
		if (json_object_get_int64(o) == INT64_MAX &&
		    json_object_get_uint64(o) > INT64_MAX)
			return -1;
		*st = json_object_get_int64(o);
		return 0;
	case json_type_double:
		d = json_object_get_double(o);
		if (!isfinite(d) || d != floor(d) || fabs(d) > 9e15)
			return -1;
		*st = (int64_t)d;
		return 0;
	default:
		return -1;
	}
}

/* The growing name of a nested member: "outer/inner". */
struct name {
	char *p;
	size_t len, cap;
};

static int
name_put(struct name *nm, size_t at, const char *s, size_t n)
{
	if (at + n + 2 > nm->cap) {
		size_t cap = nm->cap ? nm->cap : 64;
		char *p;

		while (at + n + 2 > cap)
			cap *= 2;
		if ((p = realloc(nm->p, cap)) == NULL)
			return -1;
		nm->p = p;
		nm->cap = cap;
	}
	memcpy(nm->p + at, s, n);
	nm->len = at + n;
	return 0;
}

/*
 * Every numeric member of obj, nested ones flattened under nm->p[0..at)
 * (at 0: the top level, where the member skip is left out), a point at
 * step.  -1: out of memory.
 */
static int
add_members(struct series_set *ss, json_object *obj, struct name *nm, size_t at,
    const char *skip, int64_t step)
{
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);
	const char *key;
	json_object *val;
	double v;
	size_t klen, base;

	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		key = json_object_iter_peek_name(&it);
		val = json_object_iter_peek_value(&it);
		if (at == 0 && skip != NULL && strcmp(key, skip) == 0)
			continue;
		klen = strlen(key);
		base = at;
		if (at > 0) {
			if (name_put(nm, at, "/", 1) != 0)
				return -1;
			base = at + 1;
		}
		if (name_put(nm, base, key, klen) != 0)
			return -1;
		if (json_object_get_type(val) == json_type_object) {
			if (add_members(ss, val, nm, nm->len, NULL, step) != 0)
				return -1;
		} else if (num_value(val, &v) == 0 &&
		    series_add(ss, nm->p, nm->len, step, v) != 0)
			return -1;
	}
	return 0;
}

/* ---- Hugging Face trainer_state.json ---- */

/* The whole of b[0..len) as one JSON text, into *root (the caller puts
 * it): JSONLOG_OK, or an error in res at its place. */
static enum jsonlog_status
parse_whole(const char *b, size_t len, struct jsonlog_result *res,
    json_object **rootp)
{
	struct json_tokener *tok;
	json_object *root;
	enum json_tokener_error err = json_tokener_continue;
	size_t off, n, at;

	if ((tok = json_tokener_new()) == NULL)
		return fail_nomem(res);
	off = sk_bom(b, len);
	for (;;) {
		n = len - off < FEED ? len - off : FEED;
		root = json_tokener_parse_ex(tok, b + off, (int)n);
		err = json_tokener_get_error(tok);
		if (err != json_tokener_continue)
			break;
		off += n;
		if (off == len)
			break;
	}
	if (err == json_tokener_continue) {
		/* a NUL tells json-c the input ends: a bare number ends
		 * there, an object is not finished */
		root = json_tokener_parse_ex(tok, "", 1);
		err = json_tokener_get_error(tok);
		json_tokener_free(tok);
		if (err != json_tokener_success)
			return fail_at(res, b, len,
			    "unexpected end of the "
			    "file: expected the rest of the JSON text "
			    "(truncated?)");
	} else {
		off += json_tokener_get_parse_end(tok);
		json_tokener_free(tok);
	}
	if (err != json_tokener_success)
		return fail_syntax(res, b, off, len, err);
	if ((at = sk_space(b, len, off)) < len) {
		json_object_put(root);
		return fail_at(res, b, at,
		    "text after the JSON object: "
		    "expected the end of the file");
	}
	*rootp = root;
	return JSONLOG_OK;
}

static enum jsonlog_status
read_hf(const char *b, size_t len, struct series_set *ss,
    struct jsonlog_result *res)
{
	json_object *root = NULL, *hist, *e, *sv;
	enum jsonlog_status st = JSONLOG_OK;
	struct name nm = { NULL, 0, 0 };
	size_t start, i, cnt, lh, at;
	int64_t step;
	char msg[256], sh[64];

	start = sk_space(b, len, sk_bom(b, len));
	if (start == len)
		return fail_at(res, b, start,
		    "no JSON text: expected a "
		    "trainer_state.json object");
	if ((st = parse_whole(b, len, res, &root)) != JSONLOG_OK)
		return st;
	if (json_object_get_type(root) != json_type_object) {
		snprintf(msg, sizeof(msg),
		    "%s: expected a trainer_state.json "
		    "object",
		    kind_of(root));
		json_object_put(root);
		return fail_at(res, b, start, msg);
	}
	lh = member_at(b, len, start, "log_history");
	if (!json_object_object_get_ex(root, "log_history", &hist)) {
		json_object_put(root);
		return fail_at(res, b, start,
		    "no \"log_history\" in the object: "
		    "expected a trainer_state.json");
	}
	if (json_object_get_type(hist) != json_type_array) {
		snprintf(msg, sizeof(msg),
		    "\"log_history\" is %s: expected an "
		    "array of objects",
		    kind_of(hist));
		st = fail_at(res, b, lh != NONE ? lh : start, msg);
		goto out;
	}
	res->kind = JSONLOG_HF_STATE;
	snprintf(res->step_name, sizeof(res->step_name), "step");
	cnt = json_object_array_length(hist);
	for (i = 0; i < cnt; i++) {
		e = json_object_array_get_idx(hist, i);
		if (json_object_get_type(e) != json_type_object) {
			at = element_at(b, len, lh, i);
			snprintf(msg, sizeof(msg),
			    "log_history[%zu] is %s: "
			    "expected an object",
			    i, kind_of(e));
			st = fail_at(res, b, at != NONE ? at : start, msg);
			goto out;
		}
		if (!json_object_object_get_ex(e, "step", &sv)) {
			at = element_at(b, len, lh, i);
			snprintf(msg, sizeof(msg),
			    "log_history[%zu] has no "
			    "\"step\": expected a step in each entry",
			    i);
			st = fail_at(res, b, at != NONE ? at : start, msg);
			goto out;
		}
		if (step_value(sv, &step) != 0) {
			at = member_at(b, len, element_at(b, len, lh, i),
			    "step");
			snprintf(msg, sizeof(msg),
			    "log_history[%zu]: \"step\" "
			    "is %s: expected a whole number",
			    i,
			    shown(sh, sizeof(sh),
				json_object_to_json_string_ext(sv,
				    JSON_C_TO_STRING_PLAIN)));
			st = fail_at(res, b, at != NONE ? at : start, msg);
			goto out;
		}
		if (add_members(ss, e, &nm, 0, "step", step) != 0) {
			st = fail_nomem(res);
			goto out;
		}
		res->records++;
	}
out:
	free(nm.p);
	json_object_put(root);
	return st;
}

/* ---- JSON Lines ---- */

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

static enum jsonlog_status
read_lines(const char *b, size_t len, struct series_set *ss,
    struct jsonlog_result *res)
{
	struct json_tokener *tok;
	struct name nm = { NULL, 0, 0 };
	json_object *o, *sv;
	enum json_tokener_error err;
	enum jsonlog_status st = JSONLOG_OK;
	const char *s, *nl, *alias;
	size_t pos, n, pe, line, k, at, bom;
	int64_t step;
	char sh[64];

	if ((tok = json_tokener_new()) == NULL)
		return fail_nomem(res);
	res->kind = JSONLOG_LINES;
	bom = pos = sk_bom(b, len);
	for (line = 1; pos < len; line++, pos += n + 1) {
		s = b + pos;
		nl = memchr(s, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - s) : len - pos;
		if (n > JSONLOG_MAX_LINE) {
			st = fail_lc(res, line, JSONLOG_MAX_LINE + 1,
			    "line "
			    "longer than %d bytes: expected one object a line",
			    JSONLOG_MAX_LINE);
			break;
		}
		if (blank(s, n))
			continue;
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, s, (int)n);
		err = json_tokener_get_error(tok);
		pe = json_tokener_get_parse_end(tok);
		if (err == json_tokener_continue) {
			/* the end of the line is the end of the input: a
			 * NUL says so to json-c, which ends a number there
			 * or says the object is not finished */
			o = json_tokener_parse_ex(tok, "", 1);
			err = json_tokener_get_error(tok);
			pe = n;
			if (err != json_tokener_success) {
				st = fail_lc(res, line,
				    n + 1 + (line == 1 ? bom : 0),
				    "the line ends "
				    "inside the JSON value: expected the rest "
				    "of the object on this line");
				break;
			}
		}
		if (err != json_tokener_success) {
			st = fail_syntax(res, b, pos + pe, len, err);
			break;
		}
		if ((at = sk_space(s, n, pe)) < n) {
			json_object_put(o);
			st = fail_at(res, b, pos + at,
			    "text after the object: "
			    "expected one object a line");
			break;
		}
		if (json_object_get_type(o) != json_type_object) {
			st = fail_lc(res, line,
			    sk_space(s, n, 0) + 1 + (line == 1 ? bom : 0),
			    "%s: expected an object", kind_of(o));
			json_object_put(o);
			break;
		}
		alias = NULL;
		for (k = 0; jsonlog_step_alias[k] != NULL; k++)
			if (json_object_object_get_ex(o, jsonlog_step_alias[k],
				&sv)) {
				alias = jsonlog_step_alias[k];
				break;
			}
		if (alias == NULL) {
			step = (int64_t)res->records;
			res->ordinal_steps++;
		} else if (step_value(sv, &step) != 0) {
			at = member_at(s, n, sk_space(s, n, 0), alias);
			st = fail_lc(res, line,
			    (at != NONE ? at : 0) + 1 + (line == 1 ? bom : 0),
			    "\"%s\" is %s: expected a "
			    "whole-number step",
			    alias,
			    shown(sh, sizeof(sh),
				json_object_to_json_string_ext(sv,
				    JSON_C_TO_STRING_PLAIN)));
			json_object_put(o);
			break;
		} else if (res->step_name[0] == '\0')
			snprintf(res->step_name, sizeof(res->step_name), "%s",
			    alias);
		if (add_members(ss, o, &nm, 0, alias, step) != 0) {
			json_object_put(o);
			st = fail_nomem(res);
			break;
		}
		json_object_put(o);
		res->records++;
		if (nl == NULL)
			break;
	}
	if (st == JSONLOG_OK && res->records == 0)
		st = fail_at(res, b, len,
		    "no JSON object: expected one object "
		    "a line");
	json_tokener_free(tok);
	free(nm.p);
	return st;
}

/* ---- which layout ---- */

enum jsonlog_kind
jsonlog_sniff(const char *buf, size_t len)
{
	size_t i, end, lh, k;

	i = sk_space(buf, len, sk_bom(buf, len));
	if (i >= len || buf[i] != '{')
		return JSONLOG_NONE;
	lh = member_at(buf, len, i, "log_history");
	if (lh != NONE && buf[lh] == '[')
		return JSONLOG_HF_STATE;
	end = sk_value(buf, len, i);
	if (end == len && buf[len - 1] != '}')
		return JSONLOG_NONE; /* not finished */
	if (memchr(buf + i, '\n', end - i) != NULL)
		return JSONLOG_NONE; /* an object over several lines */
	for (k = end; k < len && buf[k] != '\n'; k++)
		if (!is_space(buf[k]))
			return JSONLOG_NONE;
	k = sk_space(buf, len, k);
	return k == len || buf[k] == '{' ? JSONLOG_LINES : JSONLOG_NONE;
}

enum jsonlog_status
jsonlog_read(const char *buf, size_t len, enum jsonlog_kind kind,
    struct series_set *ss, struct jsonlog_result *res)
{
	memset(res, 0, sizeof(*res));
	if (lazylib_load(LAZYLIB_JSONC, res->err, sizeof(res->err)) != 0)
		return JSONLOG_ERR_INPUT; /* lazylib.h */
	if (kind == JSONLOG_NONE)
		kind = jsonlog_sniff(buf, len);
	switch (kind) {
	case JSONLOG_HF_STATE:
		return read_hf(buf, len, ss, res);
	case JSONLOG_LINES:
		return read_lines(buf, len, ss, res);
	default:
		return fail_at(res, buf, sk_space(buf, len, sk_bom(buf, len)),
		    "neither a trainer_state.json (an object with a "
		    "\"log_history\" array) nor JSON Lines (one object a line)");
	}
}
