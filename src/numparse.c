/* numparse.c: exact, fast conversion of decimal text to double */
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"

/* Powers of ten that a double holds exactly. */
static const double pow10_exact[23] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
	1e20, 1e21, 1e22 };

#if LDBL_MANT_DIG >= 64
/*
 * Does long double arithmetic really round to 64 bits or more here?  The
 * type may have them while the arithmetic does not: an x87 set to double
 * precision, or valgrind, which runs x87 code in double precision.  Then
 * the long double paths would round twice, so they are not taken.  Asked
 * once (a relaxed atomic: two threads may both ask, with one answer).
 */
static _Atomic int ld_known = -1;

static int
long_double_probe(void)
{
	volatile long double one = 1, eps = LDBL_EPSILON;
	long double sum = one + eps;
	int k = sum != one && sum - one == eps;

	atomic_store_explicit(&ld_known, k, memory_order_relaxed);
	return k;
}

/* The answer once known is a load, inline in the formatter's loop. */
static inline int
long_double_exact(void)
{
	int k = atomic_load_explicit(&ld_known, memory_order_relaxed);

	return k >= 0 ? k : long_double_probe();
}

/* Powers of ten that a long double of 64 or more bits holds exactly. */
static const long double pow10_long[28] = { 1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L,
	1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L,
	1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L,
	1e27L };
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
	if (e10 >= -27 && e10 <= 27 && long_double_exact()) {
		long double q = e10 < 0 ? (long double)m / pow10_long[-e10] :
					  (long double)m * pow10_long[e10];
		double d = (double)q;
		long double r = q - (long double)d; /* exact */

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
	int neg = 0, nd, frac, nz = 0, seen = 0;
	long e10 = 0;
	double v;

	if (p < end && (*p == '+' || *p == '-')) {
		neg = *p == '-';
		p++;
	}
	/* digits with at most one point; leading zeros (0.000123) are not
	 * significant, and only 19 significant digits fit m */
	for (first = p; p < end; p++) {
		unsigned d = (unsigned)*p - '0';

		if (d < 10) {
			m = m * 10 + d;
			seen |= d != 0;
			nz += !seen;
		} else if (*p == '.' && dot == NULL)
			dot = p;
		else
			break;
	}
	nd = (int)(p - first) - (dot != NULL);
	if (nd <= 0 || nd - nz > 19)
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

static const uint64_t pow10_u64[20] = { 1, 10, 100, 1000, 10000, 100000,
	1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000,
	1000000000000, 10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000,
	10000000000000000000u };

/*
 * The 8 bytes at p as one word, the first byte lowest, as the digit scan
 * below reads them: a plain load on a little-endian machine, a loop of
 * byte loads elsewhere.
 */
static inline uint64_t
load8(const unsigned char *p)
{
	uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&w, p, 8);
#else
	int i;

	for (w = 0, i = 7; i >= 0; i--)
		w = w << 8 | p[i];
#endif
	return w;
}

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
	return ((x & UINT64_C(0x0000ffff0000ffff)) *
		   UINT64_C(42949672960001)) >>
	    32;
}

/* digit_run past its first 8 bytes, w: all digits. */
static int
digit_run_long(const unsigned char *p, uint64_t w, uint64_t *v)
{
	uint64_t w2, w3;
	unsigned n2, n3;

	w2 = load8(p + 8);
	n2 = digit_count8(w2);
	if (n2 < 8) {
		*v = digit_value8(w, 8) * pow10_u64[n2] +
		    (n2 ? digit_value8(w2, n2) : 0);
		return (int)(8 + n2);
	}
	w3 = load8(p + 16);
	n3 = digit_count8(w3);
	if (n3 > 3)
		return -1;
	*v = (digit_value8(w, 8) * 100000000 + digit_value8(w2, 8)) *
		pow10_u64[n3] +
	    (n3 ? digit_value8(w3, n3) : 0);
	return (int)(16 + n3);
}

/* A run of digits at p (24 bytes readable): its length, its value in *v;
 * -1 if it is longer than 19 digits. */
static inline int
digit_run(const unsigned char *p, uint64_t *v)
{
	uint64_t w;
	unsigned n;

	w = load8(p);
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
		return -1; /* more than 19 digits */
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

/* ---- the formatter ---- */

/* snprintf's "%.*g" of x: the reference that the fast path reproduces. */
static int
format_g_slow(char *buf, double x, int prec)
{
	return snprintf(buf, 32, "%.*g", prec, x);
}

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The 8 digits of v < 10^8 as the bytes of a word, the first lowest. */
static inline uint64_t
digits8(uint32_t v)
{
	uint32_t a = v / 10000, b = v % 10000;
	uint16_t q[4];
	uint64_t w;

	memcpy(&q[0], digit_pairs + 2 * (a / 100), 2);
	memcpy(&q[1], digit_pairs + 2 * (a % 100), 2);
	memcpy(&q[2], digit_pairs + 2 * (b / 100), 2);
	memcpy(&q[3], digit_pairs + 2 * (b % 100), 2);
	w = (uint64_t)q[0] | (uint64_t)q[1] << 16 | (uint64_t)q[2] << 32 |
	    (uint64_t)q[3] << 48;
	return w;
}

#if LDBL_MANT_DIG >= 64
/* t, an integer in [2^63, 2^64), as a uint64_t.  The x87 format keeps the
 * 64-bit significand, integer bit included, in its low 8 bytes: with the
 * exponent 63 that is t itself.  A conversion does the same elsewhere
 * (on x86 it needs two changes of the x87 control word: slower). */
static inline uint64_t
ldbl_to_u64(long double t)
{
#if LDBL_MANT_DIG == 64 && defined(__x86_64__)
	uint64_t u;

	memcpy(&u, &t, sizeof(u));
	return u;
#else
	return (uint64_t)t;
#endif
}

/* The first estimate of floor(log10 |x|) for a normal x of binary exponent
 * k (see round_digits): 78913 / 2^18 < log10 2 < 78914 / 2^18, so the
 * result is floor(k log10 2) or one below it. */
static inline int
exp10_estimate(int k)
{
	return k >= 0 ? (k * 78913) >> 18 :
			-((-k * 78914 + (1 << 18) - 1) >> 18);
}

/*
 * The digits of "%.*g" of a = |x| without snprintf, for 15 <= prec <= 17:
 * 0 with *dout = D and *x10out = X, or -1 when snprintf must do it.
 * printf rounds the exact value of a to prec significant digits, half to
 * even: D * 10^(X-prec+1) with 10^(prec-1) <= D < 10^prec, X the exponent
 * after rounding.  e0 is exp10_estimate of a's binary exponent k, which
 * the caller checked is in [-60, 160] (a normal number).
 *
 * For a in [2^k, 2^(k+1)), E0 = floor(k log10 2) is at most floor(log10 a)
 * and at least floor(log10 a) - 1, so v = a * 10^s, s = prec-1-E0, lies
 * in [10^(prec-1), 2 * 10^prec).  With |s| <= 27, a and 10^s are exact
 * long doubles and y = a * 10^s (or a / 10^-s) is v rounded once to
 * nearest.  That rounding is monotonic and leaves a long double as it is,
 * and every half-integer H below 2^58 is one (an ulp is 2^-6 at most
 * there): v >= H gives y >= H, v <= H gives y <= H.  So with D the integer
 * nearest y and r = y - D, |r| < 1/2 puts y, hence v, strictly between
 * D - 1/2 and D + 1/2: v rounds to D, and is no tie.  |r| = 1/2 (y is a
 * half-integer, v on either side of it or a tie) is left to snprintf,
 * so half-to-even never has to be decided here: 0.07 % of the smoothed
 * values and slopes of a range test at 15 to 17 digits.  (A margin of
 * y * 2^-62 around the half-integers, as this once had, sent 0.4 % of
 * them to snprintf, and gained nothing.)  D >= 10^prec means the rounded
 * value has exponent E0 + 1: the same with s - 1 then gives D.
 */
static inline int
round_digits(long double a, int prec, int e0, uint64_t *dout, int *x10out)
{
	static const uint64_t p10[18] = { 1, 10, 100, 1000, 10000, 100000,
		1000000, 10000000, 100000000, 1000000000, 10000000000,
		100000000000, 1000000000000, 10000000000000, 100000000000000,
		1000000000000000, 10000000000000000, 100000000000000000 };
	long double y, t, r;
	uint64_t d;
	int s, pass;

	for (pass = 0;; pass++) {
		s = prec - 1 - e0;
		if (s > 27 || s < -27)
			return -1;
		y = s >= 0 ? a * pow10_long[s] : a / pow10_long[-s];
		/* y < 2 * 10^17 < 2^58: adding 2^63 rounds it to an integer
		 * (half to even), r = y - that integer is exact, |r| <= 1/2 */
		t = y + 0x1p63L;
		r = y - (t - 0x1p63L);
		if (fabsl(r) == 0.5L)
			return -1; /* y is a half-integer: snprintf */
		d = ldbl_to_u64(t) - (UINT64_C(1) << 63);
		if (d < p10[prec])
			break;
		if (pass > 0)
			return -1; /* E0 was two below: not expected */
		e0++;
	}
	if (d < p10[prec - 1])
		return -1; /* not expected either */
	*dout = d;
	*x10out = e0;
	return 0;
}

/*
 * Write "%.*g" of a number from its digits, as printf does: neg for a minus
 * sign, d the prec digits (10^(prec-1) <= d < 10^prec, 15 <= prec <= 17),
 * x10 the decimal exponent of the first; trailing zeros dropped, the
 * exponent form when x10 < -4 or x10 >= prec.  buf holds 32 bytes.
 * Returns the length.  The digits are taken as 17 (d times 100 or 10),
 * so that they always start at the same byte: the first, then two words
 * of 8 (the first byte lowest); only the fixed form with digits on both
 * sides of the point shifts them, in registers, by the x10 + 1 before it.
 * Bytes past the text may be written, within buf's 32.
 */
static inline void
put_word(char *p, uint64_t w)
{
	memcpy(p, &w, sizeof(w));
}

/* inline where it is used: a call a number cost 3% of the formatting */
static inline __attribute__((always_inline)) int
layout_g(char *buf, int neg, uint64_t d, int prec, int x10)
{
	static const uint64_t widen[3] = { 100, 10, 1 };
	const uint64_t zeros = UINT64_C(0x3030303030303030);
	uint64_t d17 = d * widen[prec - 15];
	uint64_t rest = d17 % UINT64_C(10000000000000000);
	uint64_t hi = digits8((uint32_t)(rest / 100000000));
	uint64_t lo = digits8((uint32_t)(rest % 100000000));
	char top = (char)('0' + d17 / UINT64_C(10000000000000000));
	int nd, tz;
	char *p = buf;

	if ((lo ^ zeros) != 0)
		tz = __builtin_clzll(lo ^ zeros) >> 3;
	else
		tz = (hi ^ zeros) != 0 ?
		    8 + (__builtin_clzll(hi ^ zeros) >> 3) :
		    16;
	nd = 17 - tz;
	*p = '-';
	p += neg;
	if (x10 < -4 || x10 >= prec) {
		unsigned ax = (unsigned)(x10 < 0 ? -x10 : x10);

		p[0] = top;
		p[1] = '.';
		put_word(p + 2, hi);
		put_word(p + 10, lo);
		p += nd > 1 ? nd + 1 : 1;
		p[0] = 'e';
		p[1] = x10 < 0 ? '-' : '+';
		if (ax >= 100) {
			p[2] = (char)('0' + ax / 100);
			ax %= 100;
			p++;
		}
		memcpy(p + 2, digit_pairs + 2 * ax, 2);
		p += 4;
	} else if (x10 < 0) {
		memcpy(p, "0.0000", 6);
		p += 1 - x10;
		p[0] = top;
		put_word(p + 1, hi);
		put_word(p + 9, lo);
		p += nd;
	} else {
		p[0] = top;
		put_word(p + 1, hi);
		put_word(p + 9, lo);
		if (x10 < 14) {
			/* the digits after x10 + 1 of them, one byte on */
			unsigned sh = 8 * (unsigned)x10;
			uint64_t t0, t1;

			if (sh < 64) {
				t0 = sh == 0 ? hi : hi >> sh | lo << (64 - sh);
				t1 = lo >> sh;
			} else {
				t0 = lo >> (sh - 64);
				t1 = 0;
			}

			p[x10 + 1] = '.';
			put_word(p + x10 + 2, t0);
			put_word(p + x10 + 10, t1);
		} else if (nd > x10 + 1) {
			int j;

			for (j = nd - 1; j > x10; j--)
				p[j + 1] = p[j];
			p[x10 + 1] = '.';
		}
		p += x10 + 1;
		p += nd > x10 + 1 ? nd - x10 : 0;
	}
	*p = '\0';
	return (int)(p - buf);
}

#endif

/*
 * The shortest of "%.15g", "%.16g", "%.17g" that reads back to x; each is
 * written as snprintf would, byte for byte, without it for most values.
 * Reading back is num_parse's: scale(), which it ends with, on the digits
 * in hand (the text holds the same value, its trailing zeros off), or
 * num_parse itself on the text.  Both are correctly rounded, so the choice
 * is the one num_parse on the text would make.  Only the chosen precision
 * is written out when the digits are found without snprintf.
 */
/*
 * A number that reads back from 9 significant digits or fewer (most of a
 * log's values: trainers write them short): 0 with the digits "%.15g"
 * prints, *dout (15 digits, 10^14 <= D < 10^15) and *x10out (the decimal
 * exponent), or -1 when a is not such a number or lies outside this
 * path's exponents.  Only double arithmetic, each step exact or rounded
 * once:
 *
 * With s = 8 - E (E the decimal exponent; e0, floor(k log10 2) for a in
 * [2^k, 2^(k+1)), is E or E - 1) and |s| <= 22, 10^|s| is exact and
 * t = a * 10^s (or a / 10^-s) is rounded once; D9 is the integer nearest
 * it (D9 from 10^9 on: E was e0 + 1).  y = D9 / 10^s (or D9 * 10^-s) is
 * D9 10^-s rounded once to nearest, as reading that decimal back does, so
 * y == a says those 9 digits read back to a (no other 9-digit decimal
 * can: they lie 10^-9 apart, relatively, and an ulp is 2^-52).  Then a is
 * within half an ulp (2^-53 relative) of D9 10^-s, nearer than half a unit
 * in the 15th digit (5 10^-16 relative at the least), so printf, rounding
 * a to 15 digits, prints D9 10^6: no tie, no carry.
 */
#if LDBL_MANT_DIG >= 64
static int
short_digits(double a, int e0, uint64_t *dout, int *x10out)
{
	int e = e0, pass;

	for (pass = 0; pass < 2; pass++, e++) {
		int s = 8 - e;
		double t, y;
		uint64_t d;

		if (s > 22 || s < -22)
			return -1;
		t = s >= 0 ? a * pow10_exact[s] : a / pow10_exact[-s];
		if (!(t < 1e10))
			return -1;
		d = (uint64_t)(t + 0.5);
		if (d >= UINT64_C(1000000000))
			continue; /* E is e0 + 1 */
		if (d < UINT64_C(100000000))
			return -1; /* not reached for a normal a */
		/* most numbers that do not read back from 9 digits leave
		 * here, without the division below: if D9 does, a = D9 10^-s
		 * (1 + e1) and t = a 10^s (1 + e2), |e1|, |e2| <= 2^-53, so
		 * |t - D9| <= D9 (2^-52 + 2^-106) < 10^9 2^-51.9 < 2^-21 (and
		 * d = D9); t - d is exact (Sterbenz: d/2 <= t <= 2d) */
		if (fabs(t - (double)d) >= 0x1p-21)
			return -1;
		y = s >= 0 ? (double)d / pow10_exact[s] :
			     (double)d * pow10_exact[-s];
		if (y != a)
			return -1;
		*dout = d * UINT64_C(1000000);
		*x10out = e;
		return 0;
	}
	return -1;
}
#endif

#if LDBL_MANT_DIG >= 64 && defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

/* 5^0 .. 5^27: the powers of five below 2^63 */
static const uint64_t pow5_u64[28] = { 1, 5, 25, 125, 625, 3125, 15625, 78125,
	390625, 1953125, 9765625, 48828125, 244140625, 1220703125, 6103515625,
	30517578125, 152587890625, 762939453125, 3814697265625, 19073486328125,
	95367431640625, 476837158203125, 2384185791015625, 11920928955078125,
	59604644775390625, 298023223876953125, 1490116119384765625,
	7450580596923828125u };

/*
 * a 10^s rounded to an integer as printf rounds it, for a = m 2^(k-52)
 * (m the 53-bit significand, its leading bit set), s in [0, 27] and
 * h = 52 - k - s in [1, 63]: a 10^s = m 5^s 2^(k-52+s) = N / 2^h with
 * N = m 5^s below 2^116, exact in 128 bits, and q = N >> h rounded half
 * to even by the remainder, exactly.  *ok: whether q 10^-s reads back to
 * a, that is whether q 2^h lies within half the gap to a's neighbours,
 * which in units of N is 5^s / 2 ((m +- 1) 5^s are the neighbours), or
 * 5^s / 4 below a power of two (m = 2^52), where the gap below is half as
 * wide.  5^s is odd, so the distance (an integer) is never exactly half
 * of it: a tie that reads back to the even significand cannot occur.
 */
static inline uint64_t
round_scaled(uint64_t m, int k, int s, int *ok)
{
	u128 n = (u128)m * pow5_u64[s];
	uint64_t lo = (uint64_t)n, hi = (uint64_t)(n >> 64);
	unsigned h = (unsigned)(52 - k - s);
	uint64_t q = hi << (64 - h) | lo >> h;
	uint64_t rem = lo & ((UINT64_C(1) << h) - 1),
		 half = UINT64_C(1) << (h - 1);
	/* without branches: which way each goes is a coin toss */
	uint64_t up = (uint64_t)(rem > half) | ((uint64_t)(rem == half) & q);
	uint64_t mask = (uint64_t)0 - (up & 1);
	uint64_t diff = (((UINT64_C(1) << h) - rem) & mask) | (rem & ~mask);
	/* 5^s is odd: no tie; below a power of two, half as far */
	unsigned narrow = (unsigned)((up & 1) ^ 1) & (m == UINT64_C(1) << 52);

	*ok = diff <= pow5_u64[s] >> (1 + narrow);
	return q + (up & 1);
}

/*
 * The shortest of "%.15g", "%.16g" and "%.17g" that reads back to a, in
 * exact integer arithmetic (round_scaled), for a normal a of decimal
 * exponent E in [-11, 14] (a = m 2^(k-52), e0 = exp10_estimate(k)): 0 with
 * *dout, *precout and *x10out for layout_g, or -1 outside that range.
 * E: e0 is E or E - 1, and is E iff floor(a 10^(16-e0)) < 10^17.  Each
 * precision P is then s = P - 1 - E, and 17 digits always read back.  The
 * three are taken without a branch between them (which one is shortest
 * is a coin toss), and the first that reads back is printed.  A carry
 * (q = 10^P) is the number 10^(E+1): printf prints it as 10^(P-1) with
 * exponent E + 1.  (Faster than round_digits' long double: 36 -> 30 ns
 * a number of 16 or 17 digits on this machine.)
 */
static inline int
exact_digits(uint64_t m, int k, int e0, uint64_t *dout, int *precout,
    int *x10out)
{
	static const uint64_t p10[19] = { 1, 10, 100, 1000, 10000, 100000,
		1000000, 10000000, 100000000, 1000000000, 10000000000,
		100000000000, 1000000000000, 10000000000000, 100000000000000,
		1000000000000000, 10000000000000000, 100000000000000000,
		1000000000000000000 };
	int e = e0, s = 16 - e0, h = 52 - k - s, ok15, ok16, ok17, prec;
	uint64_t q, q15, q16, q17;

	if (s < 2 || s > 27 || h < 1 || h > 63)
		return -1;
	q = (uint64_t)(((u128)m * pow5_u64[s]) >> h);
	if (q >= p10[17])
		e++;
	/* E = e; the h of each precision, 52 - k - (P - 1 - e), in [1, 63] */
	if (q < p10[16] || q >= p10[18] || e < -11 || e > 14 ||
	    52 - k - (16 - e) < 1 || 52 - k - (14 - e) > 63)
		return -1; /* not expected: e0 is E or E - 1 */
	q15 = round_scaled(m, k, 14 - e, &ok15);
	q16 = round_scaled(m, k, 15 - e, &ok16);
	q17 = round_scaled(m, k, 16 - e, &ok17);
	(void)ok17; /* 17 digits always read back */
	prec = ok15 ? 15 : ok16 ? 16 : 17;
	q = ok15 ? q15 : ok16 ? q16 : q17;
	if (q == p10[prec]) { /* a carry: 10^(e+1) */
		q = p10[prec - 1];
		e++;
	}
	*dout = q;
	*precout = prec;
	*x10out = e;
	return 0;
}
#endif

char *
num_format(char *buf, double x)
{
	num_format_len(buf, x);
	return buf;
}

int
num_format_int64(char *buf, int64_t v)
{
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v, t;
	char *p = buf, *q;

	*p = '-';
	p += v < 0;
	if (u < 100000000) {
		/* 8 digits at once; the zeros in front of the first (the
		 * lowest bytes that are '0') shifted out, u = 0 keeps one */
		uint64_t w = digits8((uint32_t)u);
		unsigned lead = u == 0 ? 7 :
					 (unsigned)__builtin_ctzll(w ^
					     UINT64_C(0x3030303030303030)) >>
			3;

		w >>= 8 * lead;
		memcpy(p, &w, sizeof(w));
		return (int)(p - buf) + 8 - (int)lead;
	}
	for (q = p + 1, t = u; t >= 10; t /= 10)
		q++;
	p = q;
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	return (int)(p - buf);
}

int
num_format_len(char *buf, double x)
{
	int prec;
#if LDBL_MANT_DIG >= 64
	uint64_t bits;
	int k, e0 = 0, fast;
	long double a = fabs(x);
#endif

	if (isnan(x))
		return (int)strlen(strcpy(buf, "nan"));
	if (isinf(x))
		return (int)strlen(strcpy(buf, x < 0 ? "-inf" : "inf"));
	if (x == 0)
		return (int)strlen(strcpy(buf, signbit(x) ? "-0" : "0"));
#if LDBL_MANT_DIG >= 64
	memcpy(&bits, &x, sizeof(bits));
	k = (int)((bits >> 52) & 0x7ff) - 1023;
	/* subnormals have k = -1023: out of range */
	/* (the short path needs each double operation rounded once: no
	 * wider evaluation, as on x87) */
	if (k >= -60 && k <= 160) {
		uint64_t d;
		int x10;

		e0 = exp10_estimate(k);
		if (FLT_EVAL_METHOD == 0 &&
		    short_digits(fabs(x), e0, &d, &x10) == 0)
			return layout_g(buf, x < 0, d, 15, x10);
#ifdef __SIZEOF_INT128__
		{
			int p;

			if (exact_digits((bits & UINT64_C(0xfffffffffffff)) |
				    UINT64_C(1) << 52,
				k, e0, &d, &p, &x10) == 0)
				return layout_g(buf, x < 0, d, p, x10);
		}
#endif
	}
	fast = k >= -60 && k <= 160 && long_double_exact();
#endif
	for (prec = 15; prec <= 17; prec++) {
		int n;
		double y;
#if LDBL_MANT_DIG >= 64
		uint64_t d;
		int x10;

		if (fast && round_digits(a, prec, e0, &d, &x10) == 0) {
			int sc = prec < 17 ? scale(d, x10 - prec + 1, &y) : 0;

			if (prec == 17 || (sc == 0 && y == (double)a))
				return layout_g(buf, x < 0, d, prec, x10);
			if (sc == 0)
				continue; /* read back to another double */
			n = layout_g(buf, x < 0, d, prec, x10);
		} else
#endif
			n = format_g_slow(buf, x, prec);
		if (prec == 17 ||
		    (num_parse(buf, (size_t)n, &y) == 0 && y == x))
			return n;
	}
	return 0; /* not reached: prec 17 returns */
}
