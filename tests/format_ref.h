/* format_ref.h: num_format as it was, with snprintf at 15, 16 and 17 digits:
 * the reference the fast num_format must match byte for byte
 * (check_numparse) and is timed against (bench/format_bench).
 * Header-only: each program includes it once. */
#ifndef LRFIND_TESTS_FORMAT_REF_H
#define LRFIND_TESTS_FORMAT_REF_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numparse.h"

static char *
ref_format(char *buf, double x)
{
	int prec;

	if (isnan(x))
		return strcpy(buf, "nan");
	if (isinf(x))
		return strcpy(buf, x < 0 ? "-inf" : "inf");
	for (prec = 15; prec < 17; prec++) {
		int n = snprintf(buf, 32, "%.*g", prec, x);
		double y;

		if (num_parse(buf, (size_t)n, &y) == 0 && y == x)
			return buf;
	}
	snprintf(buf, 32, "%.17g", x);
	return buf;
}

#endif
