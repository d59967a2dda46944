/* numparse.c: exact, fast conversion of decimal text to double */
#include <float.h>
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

#if LDBL_MANT_DIG >= 64
/* Powers of ten that a long double of 64 or more bits holds exactly. */
static const long double pow10_long[28] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
	1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
	1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};
#endif

/*
 * m * 10^e10 correctly rounded, for m > 0 below 10^19; 0 with *out set, or
 * 1 when strtod must decide.  Clinger: m and 10^|e10| are exact doubles,
 * so one IEEE operation rounds once.  Beyond that, with a long double of 64
 * bits or more: m and 10^|e10| (|e10| <= 27) are exact there, the operation
 * gives q, rounded once, and rounding q to double gives the right double
 * unless q lies exactly halfway between two doubles (the true value may
 * then be on either side); that case is left to strtod.
 */
static inline int
scale(uint64_t m, long e10, double *out)
{
	if (m <= (UINT64_C(1) << 53) && e10 >= -22 && e10 <= 22) {
		double v = (double)m;

		*out = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
		return 0;
	}
#if LDBL_MANT_DIG >= 64
	if (e10 >= -27 && e10 <= 27) {
		long double q = e10 < 0 ? (long double)m / pow10_long[-e10] :
		    (long double)m * pow10_long[e10];
		double d = (double)q;
		long double r = q - (long double)d;	/* exact */

		if (r != 0) {
			/* q is a halfway point iff d + 2r is the next double */
			long double e = (long double)d + 2 * r;

			if ((long double)(double)e == e)
				return 1;
		}
		*out = d;
		return 0;
	}
#endif
	return 1;
}

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

/*
 * The fast path: 0 with *out set, 1 when the text needs strtod (too many
 * digits, a large exponent, no digits: maybe nan or inf), -1 when it is
 * certainly not a number.
 */
static inline int
parse_fast(const char *s, size_t len, double *out)
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
	if (nd <= 0 || nd > 19)
		return 1;
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
	if (m == 0)
		v = 0;
	else if (scale(m, e10, &v) != 0)
		return 1;
	*out = neg ? -v : v;
	return 0;
}

int
num_parse(const char *s, size_t len, double *out)
{
	int rc = parse_fast(s, len, out);

	return rc == 1 ? parse_slow(s, len, out) : rc;
}

int
num_parse_fast(const char *s, size_t len, double *out)
{
	return parse_fast(s, len, out) == 0 ? 0 : -1;
}

/* ---- the scanner: SWAR digit runs ---- */

static const uint64_t pow10_u64[20] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000, 100000000000, 1000000000000,
	10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000,
	10000000000000000000u
};

/* How many of the 8 bytes at p (first byte lowest) are digits before
 * the first one that is not. */
static inline unsigned
digit_count8(uint64_t w)
{
	uint64_t x = w ^ UINT64_C(0x3030303030303030);
	/* a byte is a digit iff x < 10 there; x + 0x76 sets bit 7 for 10..127,
	 * x itself for 128..255 (a carry out of such a byte only reaches the
	 * bytes after it, which do not matter) */
	uint64_t nd = ((x + UINT64_C(0x7676767676767676)) | x) &
	    UINT64_C(0x8080808080808080);

	return nd == 0 ? 8 : (unsigned)__builtin_ctzll(nd) >> 3;
}

/* The value of the first n (1..8) digit bytes of w. */
static inline uint64_t
digit_value8(uint64_t w, unsigned n)
{
	uint64_t x = (w & UINT64_C(0x0f0f0f0f0f0f0f0f)) << (8 * (8 - n));

	x = (x * 2561) >> 8;
	x = ((x & UINT64_C(0x00ff00ff00ff00ff)) * 6553601) >> 16;
	return ((x & UINT64_C(0x0000ffff0000ffff)) * UINT64_C(42949672960001)) >> 32;
}

/* digit_run past its first 8 bytes, w: all digits. */
static int
digit_run_long(const unsigned char *p, uint64_t w, uint64_t *v)
{
	uint64_t w2, w3;
	unsigned n2, n3;

	memcpy(&w2, p + 8, 8);
	n2 = digit_count8(w2);
	if (n2 < 8) {
		*v = digit_value8(w, 8) * pow10_u64[n2] +
		    (n2 ? digit_value8(w2, n2) : 0);
		return (int)(8 + n2);
	}
	memcpy(&w3, p + 16, 8);
	n3 = digit_count8(w3);
	if (n3 > 3)
		return -1;
	*v = (digit_value8(w, 8) * 100000000 + digit_value8(w2, 8)) *
	    pow10_u64[n3] + (n3 ? digit_value8(w3, n3) : 0);
	return (int)(16 + n3);
}

/* A run of digits at p (24 bytes readable): its length, its value in *v;
 * -1 if it is longer than 19 digits. */
static inline int
digit_run(const unsigned char *p, uint64_t *v)
{
	uint64_t w;
	unsigned n;

	memcpy(&w, p, 8);
	n = digit_count8(w);
	if (n == 8)
		return digit_run_long(p, w, v);
	*v = n ? digit_value8(w, n) : 0;
	return (int)n;
}

int
num_scan(const char *s, const char *end, const char **stop, double *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t m, f;
	int n1, n2 = 0, neg = 0;
	long e10 = 0;
	double v;

	if (end - s < NUM_SCAN_PAD)
		return -1;
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	if ((n1 = digit_run(p, &m)) < 0)
		return -1;	/* more than 19 digits */
	p += n1;
	if (*p == '.') {
		int nz = 0, sig = m != 0 ? n1 : 0;

		/* zeros after the point of a number below 1 are not
		 * significant: 0.000123... has as many digits as 1.23e-4 */
		if (m == 0)
			while (p[1 + nz] == '0' && nz < 12)
				nz++;
		p += 1 + nz;
		if ((n2 = digit_run(p, &f)) < 0 || sig + n2 > 19)
			return -1;
		p += n2;
		m = m * pow10_u64[n2] + f;
		n2 += nz;
	}
	if (n1 + n2 == 0)
		return -1;
	if (*p == 'e' || *p == 'E') {
		int eneg = 0, edig;
		long ev = 0;

		p++;
		if (*p == '+' || *p == '-')
			eneg = *p++ == '-';
		for (edig = 0; (unsigned)*p - '0' < 10 && edig < 4; p++, edig++)
			ev = ev * 10 + (*p - '0');
		if (edig == 0 || edig == 4)
			return -1;
		e10 = eneg ? -ev : ev;
	}
	e10 -= n2;
	if (m == 0)
		v = 0;
	else if (scale(m, e10, &v) != 0)
		return -1;
	*out = neg ? -v : v;
	*stop = (const char *)p;
	return 0;
}

int
num_scan_uint(const char *s, const char *end, const char **stop, uint64_t *out)
{
	int n;

	if (end - s < NUM_SCAN_PAD ||
	    (n = digit_run((const unsigned char *)s, out)) <= 0)
		return -1;
	*stop = s + n;
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
