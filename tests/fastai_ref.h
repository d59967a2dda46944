/* fastai_ref.h: fastai's quadratic valley, transcribed loop for loop, as the
 * reference the n log n peers_valley is held to (check_peers, check_analysis).
 * Comparisons with a NaN are false, as in Python.  Header-only: each test
 * includes it once. */
#ifndef LRFIND_TESTS_FASTAI_REF_H
#define LRFIND_TESTS_FASTAI_REF_H

#include <check.h>
#include <stdlib.h>

static long
valley_fastai(const float *l, long n)
{
	long i, j, max_start = 0, max_end = 0, idx;
	long *lds;
	double sec;

	if (n == 0)
		return -1;
	lds = malloc((size_t)n * sizeof(*lds));
	ck_assert_ptr_nonnull(lds);
	for (i = 0; i < n; i++)
		lds[i] = 1;
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++) {
			if (l[i] < l[j] && lds[i] < lds[j] + 1)
				lds[i] = lds[j] + 1;
			if (lds[max_end] < lds[i]) {
				max_end = i;
				max_start = max_end - lds[max_end];
			}
		}
	free(lds);
	sec = (double)(max_end - max_start) / 3;
	idx = max_start + (long)sec + (long)(sec / 2);
	return idx < 0 ? idx + n : idx;
}

#endif
