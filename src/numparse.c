/* numparse.c: exact, fast conversion of decimal text to double */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"

/* Powers of ten that a double holds exactly. */
static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int
parse_special(const char *s, size_t len, double *out)
{
	int neg = 0;

	if (len > 0 && (*s == '+' || *s == '-')) {
		neg = *s == '-';
		s++;
		len--;
	}
	if ((len == 3 && strncasecmp(s, "nan", 3) == 0)) {
		*out = neg ? -NAN : NAN;
		return 0;
	}
	if ((len == 3 && strncasecmp(s, "inf", 3) == 0) ||
	    (len == 8 && strncasecmp(s, "infinity", 8) == 0)) {
		*out = neg ? -INFINITY : INFINITY;
		return 0;
	}
	return -1;
}

/*
 * The slow path: strtod on the NUL-terminated text, which must be consumed
 * whole.  Hexadecimal floats and leading blanks are refused.
 */
static int
parse_slow(const char *s, size_t len, double *out)
{
	const char *p = s;
	char *end;
	double v;

	if (len == 0 || s[len] != '\0' || strlen(s) != len)
		return -1;
	if (*p == '+' || *p == '-')
		p++;
	if (!((*p >= '0' && *p <= '9') || *p == '.'))
		return parse_special(s, len, out);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return -1;
	v = strtod(s, &end);
	if (end != s + len)
		return -1;
	*out = v;
	return 0;
}

int
num_parse(const char *s, size_t len, double *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const unsigned char *dot = NULL, *first;
	uint64_t m = 0;
	int neg = 0, nd, frac;
	long e10 = 0;
	double v;

	if (p < end && (*p == '+' || *p == '-')) {
		neg = *p == '-';
		p++;
	}
	/* digits with at most one point; zeros count too, which only sends
	 * a long run of them to the slow path */
	for (first = p; p < end; p++) {
		unsigned d = (unsigned)*p - '0';

		if (d < 10)
			m = m * 10 + d;
		else if (*p == '.' && dot == NULL)
			dot = p;
		else
			break;
	}
	nd = (int)(p - first) - (dot != NULL);
	if (nd <= 0)
		return parse_slow(s, len, out);
	if (nd > 19)
		return parse_slow(s, len, out);
	frac = dot != NULL ? (int)(p - dot - 1) : 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, edig = 0;
		long ev = 0;

		p++;
		if (p < end && (*p == '+' || *p == '-')) {
			eneg = *p == '-';
			p++;
		}
		for (; p < end && (unsigned)*p - '0' < 10; p++, edig++)
			if (ev < 100000)
				ev = ev * 10 + (*p - '0');
		if (edig == 0)
			return -1;
		e10 = eneg ? -ev : ev;
	}
	if (p != end)
		return -1;
	e10 -= frac;
	if (m == 0) {
		*out = neg ? -0.0 : 0.0;
		return 0;
	}
	if (m > (UINT64_C(1) << 53) || e10 < -22 || e10 > 22)
		return parse_slow(s, len, out);
	v = (double)m;
	v = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
	*out = neg ? -v : v;
	return 0;
}

char *
num_format(char *buf, double x)
{
	int prec;

	if (isnan(x))
		return strcpy(buf, "nan");
	if (isinf(x))
		return strcpy(buf, x < 0 ? "-inf" : "inf");
	for (prec = 15; prec < 17; prec++) {
		int n = snprintf(buf, 32, "%.*g", prec, x);
		double y;

		/* num_parse is correctly rounded, and exact without strtod
		 * for most of these */
		if (num_parse(buf, (size_t)n, &y) == 0 && y == x)
			return buf;
	}
	snprintf(buf, 32, "%.17g", x);
	return buf;
}
