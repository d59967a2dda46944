/* numparse.h: exact, fast conversion of decimal text to double */
#ifndef LRFIND_NUMPARSE_H
#define LRFIND_NUMPARSE_H

#include <stddef.h>

/*
 * Parse the whole of s[0..len) (s need not be NUL-terminated, but must be if
 * the fallback is reached: s[len] == '\0') as a C-locale floating-point number:
 * optional sign, digits with an optional point, optional exponent; also nan,
 * inf, infinity in any case.  The result is the correctly rounded double,
 * the same as strtod's.  Decimal numbers with at most 19 significant digits
 * and a small exponent take an exact fast path (Clinger); the rest go to
 * strtod.  Returns 0 on success, -1 if the text is not a number (then *out
 * is untouched).  Nothing is owned or kept.
 */
int num_parse(const char *s, size_t len, double *out);

/* Write x with the fewest digits (at most 17) that read back to the same
 * double; buf must hold 32 bytes.  Returns buf. */
char *num_format(char *buf, double x);

#endif
