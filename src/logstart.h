/* logstart.h: what the first bytes of a CSV log say: gzip, a BOM, where
 * the header line is, its delimiter */
#ifndef LRFIND_LOGSTART_H
#define LRFIND_LOGSTART_H

#include <stdbool.h>
#include <stddef.h>

/* Nothing is kept: the bytes are borrowed for the call. */

enum logstart_status {
	LOGSTART_WAIT, /* more bytes are needed to tell */
	LOGSTART_GZIP, /* gzip's magic: not a text log */
	LOGSTART_DONE /* *skip and *delim are set */
};

/*
 * The start of a log from the bytes p[0..n) held so far (more: more bytes
 * may come; false at the end of the input).  DONE: *skip is the length of
 * a UTF-8 BOM (0 or 3), *delim the delimiter of the first line that is
 * neither blank nor a comment ('#'), forced when forced != 0, or 0 when
 * there is no such line.  A line of over 64 KiB without its end is
 * enough to tell.
 */
enum logstart_status logstart_scan(const char *p, size_t n, bool more,
    char forced, size_t *skip, char *delim);

/* The delimiter of a header line s[0..len-1]: the most frequent of ','
 * TAB ';' outside quotes (',' on a tie or when none). */
char logstart_delim(const char *s, size_t len);

#endif
