/* jsonck.c: a strict JSON (RFC 8259) checker for the tests and the fuzzers */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonck.h"

/*
 * One document: a value between optional white space.  Strings must be
 * valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF)
 * with no raw control byte; numbers follow the JSON grammar exactly
 * (no leading zeros, no '+', no bare '.', no nan or inf).
 */

struct jp {
	const unsigned char *s, *e;
	int depth;
};

static int value(struct jp *p);

static void
ws(struct jp *p)
{
	while (p->s < p->e &&
	    (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int
lit(struct jp *p, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(p->e - p->s) < n || memcmp(p->s, w, n) != 0)
		return -1;
	p->s += n;
	return 0;
}

static int
hex4(struct jp *p, unsigned *cp)
{
	int i;

	*cp = 0;
	if (p->e - p->s < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		unsigned c = *p->s++;

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*cp |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*cp |= c - 'A' + 10;
		else
			return -1;
	}
	return 0;
}

/* One UTF-8 sequence starting at p->s (its first byte >= 0x80). */
static int
utf8(struct jp *p)
{
	unsigned c = *p->s, cp, len, k;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return -1;
	if ((size_t)(p->e - p->s) < len)
		return -1;
	for (k = 1; k < len; k++) {
		if ((p->s[k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p->s[k] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	p->s += len;
	return 0;
}

static int
string(struct jp *p)
{
	unsigned cp, lo;

	if (lit(p, "\"") != 0)
		return -1;
	for (;;) {
		if (p->s >= p->e)
			return -1;
		if (*p->s == '"') {
			p->s++;
			return 0;
		}
		if (*p->s < 0x20)
			return -1;
		if (*p->s >= 0x80) {
			if (utf8(p) != 0)
				return -1;
			continue;
		}
		if (*p->s != '\\') {
			p->s++;
			continue;
		}
		p->s++;
		if (p->s >= p->e)
			return -1;
		switch (*p->s++) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			break;
		case 'u':
			if (hex4(p, &cp) != 0)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1; /* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (lit(p, "\\u") != 0 || hex4(p, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
			}
			break;
		default:
			return -1;
		}
	}
}

static int
digits(struct jp *p)
{
	const unsigned char *s = p->s;

	while (p->s < p->e && *p->s >= '0' && *p->s <= '9')
		p->s++;
	return p->s > s ? 0 : -1;
}

static int
number(struct jp *p)
{
	if (p->s < p->e && *p->s == '-')
		p->s++;
	if (p->s >= p->e)
		return -1;
	if (*p->s == '0')
		p->s++;
	else if (digits(p) != 0)
		return -1;
	if (p->s < p->e && *p->s == '.') {
		p->s++;
		if (digits(p) != 0)
			return -1;
	}
	if (p->s < p->e && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->e && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (digits(p) != 0)
			return -1;
	}
	return 0;
}

static int
container(struct jp *p, int obj)
{
	int close = obj ? '}' : ']';

	if (++p->depth > 64)
		return -1;
	p->s++;
	ws(p);
	if (p->s < p->e && *p->s == close) {
		p->s++;
		p->depth--;
		return 0;
	}
	for (;;) {
		if (obj) {
			if (string(p) != 0)
				return -1;
			ws(p);
			if (lit(p, ":") != 0)
				return -1;
		}
		if (value(p) != 0)
			return -1;
		ws(p);
		if (p->s >= p->e)
			return -1;
		if (*p->s == close) {
			p->s++;
			p->depth--;
			return 0;
		}
		if (*p->s++ != ',')
			return -1;
		ws(p);
	}
}

static int
value(struct jp *p)
{
	ws(p);
	if (p->s >= p->e)
		return -1;
	switch (*p->s) {
	case '{':
		return container(p, 1);
	case '[':
		return container(p, 0);
	case '"':
		return string(p);
	case 't':
		return lit(p, "true");
	case 'f':
		return lit(p, "false");
	case 'n':
		return lit(p, "null");
	default:
		return number(p);
	}
}

size_t
json_check(const char *s, size_t len)
{
	struct jp p;

	p.s = (const unsigned char *)s;
	p.e = p.s + len;
	p.depth = 0;
	if (value(&p) != 0)
		return (size_t)(p.s - (const unsigned char *)s) + 1;
	ws(&p);
	if (p.s != p.e)
		return (size_t)(p.s - (const unsigned char *)s) + 1;
	return 0;
}

#ifndef JSONCK_NO_MAIN
/* jsonck [FILE]: exit 0 if the file (or stdin) is one valid JSON document;
 * else print the byte offset of the first error and exit 1. */
int
main(int argc, char **argv)
{
	FILE *fp = argc > 1 ? fopen(argv[1], "rb") : stdin;
	char *buf = NULL;
	size_t len = 0, cap = 0, n, at;

	if (fp == NULL) {
		perror(argv[1]);
		return 2;
	}
	for (;;) {
		if (len == cap) {
			char *b;

			cap = cap ? 2 * cap : 65536;
			if ((b = realloc(buf, cap)) == NULL) {
				perror("jsonck");
				return 2;
			}
			buf = b;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	if (ferror(fp)) {
		perror("jsonck");
		return 2;
	}
	if ((at = json_check(buf, len)) != 0) {
		printf("invalid JSON at byte %zu\n", at - 1);
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}
#endif
