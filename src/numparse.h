/* numparse.h: exact, fast conversion of decimal text to double */
#ifndef LRFIND_NUMPARSE_H
#define LRFIND_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse the whole of s[0..len) (s need not be NUL-terminated, but must be if
 * the fallback is reached: s[len] == '\0') as a C-locale floating-point number:
 * optional sign, digits with an optional point, optional exponent; also nan,
 * inf, infinity in any case.  The result is the correctly rounded double,
 * the same as strtod's.  Decimal numbers with at most 19 significant digits
 * and a small exponent take an exact fast path (Clinger's, and its long
 * double form where long double has 64 bits); the rest go to strtod.
 * Returns 0 on success, -1 if the text is not a number (then *out is
 * untouched).  Nothing is owned or kept.
 */
int num_parse(const char *s, size_t len, double *out);

/* The fast path of num_parse alone: 0 with *out set when it can give the
 * answer without strtod (s need not be NUL-terminated), else -1 with *out
 * untouched: then num_parse decides, on NUL-terminated text. */
int num_parse_fast(const char *s, size_t len, double *out);

/*
 * Scan a decimal number at s: optional sign, digits with an optional point
 * (at most 19 significant digits),
 * an optional exponent of 1 to 3 digits.  On success *out is the correctly
 * rounded double, *stop the first byte after the number (the caller checks
 * that the field ends there), and 0 is returned.  -1 means "not taken here"
 * (not such a number, or it needs strtod): then num_parse decides.  At
 * least NUM_SCAN_PAD bytes must be readable from s: end - s >= NUM_SCAN_PAD,
 * else -1.  Nothing is owned or kept.
 */
#define NUM_SCAN_PAD 64
int num_scan(const char *s, const char *end, const char **stop, double *out);

/* The same for a whole number: 1 to 19 digits alone, no sign, point or
 * exponent; *out its value.  -1: not such a number (num_scan may take it). */
int
num_scan_uint(const char *s, const char *end, const char **stop, uint64_t *out);

/* Write x with the fewest digits (at most 17) that read back to the same
 * double; buf must hold 32 bytes.  Returns buf. */
char *num_format(char *buf, double x);
/* The same, returning the length of the text. */
int num_format_len(char *buf, double x);

/* v in decimal at buf, not NUL-terminated: 24 bytes must be writable there
 * (bytes past the text may be written too).  Returns the length. */
int num_format_int64(char *buf, int64_t v);

#endif
