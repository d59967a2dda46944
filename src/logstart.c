/* logstart.c: what the first bytes of a CSV log say (logstart.h) */
#include <string.h>

#include "logstart.h"

char
logstart_delim(const char *s, size_t len)
{
	size_t n[3] = { 0, 0, 0 }, i;
	int q = 0;

	for (i = 0; i < len && s[i] != '\n' && s[i] != '\r'; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == ',')
			n[0]++;
		else if (!q && s[i] == '\t')
			n[1]++;
		else if (!q && s[i] == ';')
			n[2]++;
	}
	if (n[1] > n[0] && n[1] >= n[2])
		return '\t';
	if (n[2] > n[0] && n[2] > n[1])
		return ';';
	return ',';
}

enum logstart_status
logstart_scan(const char *p, size_t n, bool more, char forced, size_t *skip,
    char *delim)
{
	const char *e = p + n;

	*skip = 0;
	*delim = 0;
	if (n >= 2 && (unsigned char)p[0] == 0x1f &&
	    (unsigned char)p[1] == 0x8b)
		return LOGSTART_GZIP;
	if (n == 1 && more && (unsigned char)p[0] == 0x1f)
		return LOGSTART_WAIT; /* maybe gzip */
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		*skip = 3;
	else if (n < 3 && more && memcmp(p, "\xef\xbb\xbf", n) == 0)
		return LOGSTART_WAIT; /* maybe a BOM */
	/* the first line that is neither blank nor a comment */
	for (p += *skip;;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *cr = memchr(p, '\r', (size_t)(e - p));
		const char *q = p;

		if (nl == NULL || (cr != NULL && cr < nl))
			nl = cr;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (nl == NULL) {
			/* 64 KiB of a header line are enough to tell its
			 * delimiter */
			if (more && (size_t)(e - p) <= 65536)
				return LOGSTART_WAIT;
			if (q < e && *q != '#')
				*delim = forced ?
				    forced :
				    logstart_delim(p, (size_t)(e - p));
			return LOGSTART_DONE;
		}
		if (q == nl || *q == '#') {
			p = nl + 1;
			continue;
		}
		*delim = forced ? forced : logstart_delim(p, (size_t)(nl - p));
		return LOGSTART_DONE;
	}
}
