/* linein.c: one line of a stream, bounded */
#include <stdlib.h>

#include "linein.h"

long
linein_read(FILE *in, char **buf, size_t *cap)
{
	size_t n = 0;
	int c;

	for (;;) {
		if ((c = getc(in)) == EOF)
			break;
		if (n == LINEIN_MAX && c != '\n')
			return LINEIN_LONG;
		if (n + 2 > *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			char *nb;

			if (nc > LINEIN_MAX + 2)
				nc = LINEIN_MAX + 2;
			if ((nb = realloc(*buf, nc)) == NULL)
				return LINEIN_NOMEM;
			*buf = nb;
			*cap = nc;
		}
		(*buf)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (n == 0)
		return LINEIN_EOF;
	(*buf)[n] = '\0';
	return (long)n;
}
