/* fields.c: an engine's "{field}"s in a front end's words */
#include <stdio.h>
#include <string.h>

#include "fields.h"

const char *
fields_map(char *buf, size_t sz, const char *msg, const char *const *map)
{
	size_t len = 0, k;
	const char *p, *e, *text;

	if (sz == 0)
		return buf;
	for (p = msg; *p != '\0' && len + 1 < sz; p++) {
		if (*p != '{' || (e = strchr(p, '}')) == NULL) {
			buf[len++] = *p;
			continue;
		}
		text = NULL;
		for (k = 0; map != NULL && map[k] != NULL; k += 2)
			if (strlen(map[k]) == (size_t)(e - p - 1) &&
			    strncmp(map[k], p + 1, (size_t)(e - p - 1)) == 0) {
				text = map[k + 1];
				break;
			}
		if (text != NULL)
			len +=
			    (size_t)snprintf(buf + len, sz - len, "%s", text);
		else
			len += (size_t)snprintf(buf + len, sz - len, "%.*s",
			    (int)(e - p - 1), p + 1);
		if (len >= sz)
			len = sz - 1;
		p = e;
	}
	buf[len] = '\0';
	return buf;
}

const char *
fields_shown(char *buf, size_t bufsz, const char *s, size_t len, size_t max)
{
	size_t i, j = 0;

	for (i = 0; i < len && j + 4 < bufsz && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (i < len) {
		buf[j++] = '.';
		buf[j++] = '.';
		buf[j++] = '.';
	}
	buf[j] = '\0';
	return buf;
}
