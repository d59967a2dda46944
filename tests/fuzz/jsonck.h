/* jsonck.h: a strict JSON (RFC 8259) checker for the tests and the fuzzers */
#ifndef LRFIND_JSONCK_H
#define LRFIND_JSONCK_H

#include <stddef.h>

/*
 * json_check borrows s[0..len) and keeps nothing.  It returns 0 if the
 * text is exactly one valid JSON document (white space around it
 * allowed), else 1 + the byte offset where the first error was seen.
 */
size_t json_check(const char *s, size_t len);

#endif
