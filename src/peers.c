/* peers.c: the suggestion rules of the peer lr finders, on plain arrays */
#include <math.h>

#include "peers.h"

long
peers_argmin(const double *loss, size_t n)
{
	long best = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(loss[i]) && (best < 0 || loss[i] < loss[best]))
			best = (long)i;
	return best;
}

/*
 * fastai computes lds[i], the length of the longest strictly decreasing
 * subsequence ending at i, in O(n^2), takes max_end as the first index of
 * the largest lds and max_start = max_end - lds[max_end].  Patience
 * sorting gives the same lds[i] in O(n log n): tail[k] is the largest
 * final value among decreasing subsequences of length k+1, so
 * tail[k] falls as k grows.  A NaN never extends a subsequence, as in fastai.
 */
long
peers_valley(const float *loss, size_t n, float *tail)
{
	size_t len = 0, i, best_len = 0, max_end = 0;
	long max_start = 0, idx;
	double sec;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t a = 0, b = len;
		float x = loss[i];

		/* first k with tail[k] <= x: tail[] falls as k grows.  On a
		 * loss curve k lies near the end, so gallop back from there
		 * before the binary search */
		if (len > 0 && tail[len - 1] > x)
			a = b = len;
		else {
			size_t step = 1;

			while (step < len && !(tail[len - 1 - step] > x))
				step *= 2;
			if (step < len) {
				a = len - step;		/* tail[a-1] > x */
				b = len - 1 - step / 2;	/* tail[b] <= x */
			}
		}
		while (a < b) {
			size_t mid = a + (b - a) / 2;

			if (tail[mid] > x)
				a = mid + 1;
			else
				b = mid;
		}
		tail[a] = x;
		if (a == len)
			len++;
		if (a + 1 > best_len) {
			best_len = a + 1;
			max_end = i;
		}
	}
	/* fastai starts with max_start = max_end = 0 and moves them only
	 * when some lds beats lds[0] = 1 */
	if (best_len > 1)
		max_start = (long)max_end - (long)best_len;
	sec = (double)((long)max_end - max_start) / 3;
	idx = max_start + (long)sec + (long)(sec / 2);
	if (idx < 0)
		idx += (long)n;		/* Python's negative index */
	return idx;
}

/* numpy.gradient with unit spacing, at index i. */
static double
np_gradient(const float *y, size_t n, size_t i)
{
	if (n < 2)
		return 0;
	/* numpy keeps float32 arithmetic for a float32 array */
	if (i == 0)
		return (float)(y[1] - y[0]);
	if (i == n - 1)
		return (float)(y[n - 1] - y[n - 2]);
	return (float)((y[i + 1] - y[i - 1]) / 2.0f);
}

/* the same for doubles (pytorch-lr-finder's float64 numpy arrays) */
static double
np_gradient_d(const double *y, size_t n, size_t i)
{
	if (n < 2)
		return 0;
	if (i == 0)
		return y[1] - y[0];
	if (i == n - 1)
		return y[n - 1] - y[n - 2];
	return (y[i + 1] - y[i - 1]) / 2;
}

long
peers_slide(const float *loss, size_t n, int lr_diff, double thresh)
{
	long r = -1, l = -1 - lr_diff, N = (long)n;
	long local = N + l;

	if (lr_diff < 1 || N < lr_diff + 1)
		return -1;
	while (l >= -N && fabs(np_gradient(loss, n, (size_t)(N + r)) -
	    np_gradient(loss, n, (size_t)(N + l))) > thresh) {
		local = N + l;
		r--;
		l--;
	}
	return local;
}

long
peers_fastai_steep(const double *lr, const double *loss, size_t n)
{
	long best = -1;
	double bg = 0;
	size_t j;

	for (j = 0; j + 1 < n; j++) {
		double g = (loss[j + 1] - loss[j]) / (log(lr[j + 1]) - log(lr[j]));

		if (!isnan(g) && (best < 0 || g < bg)) {
			best = (long)j;
			bg = g;
		}
	}
	return best;
}

long
peers_index_gradient(const double *loss, size_t n)
{
	long best = -1;
	double bg = 0;
	size_t i;

	if (n < 2)
		return -1;
	for (i = 0; i < n; i++) {
		double g = np_gradient_d(loss, n, i);

		if (!isnan(g) && (best < 0 || g < bg)) {
			best = (long)i;
			bg = g;
		}
	}
	return best;
}

/*
 * torch.gradient(f, spacing=[x]) with edge_order 1, in float32: one-sided
 * differences at the ends, and inside, with h1 = x[i]-x[i-1],
 * h2 = x[i+1]-x[i]:  a f[i-1] + b f[i] + c f[i+1], where
 * a = -h2/(h1 (h1+h2)), b = (h2-h1)/(h1 h2), c = h1/(h2 (h1+h2)).
 * Lightning drops non-finite losses first.
 */
long
peers_lightning_gradient(const double *lr, const double *loss, size_t n)
{
	size_t i, m = 0, prev2 = 0, prev = 0, cur;
	long best = -1;
	float bg = 0;

	for (i = 0; i < n; i++)
		if (isfinite(loss[i]))
			m++;
	if (m < 2)
		return -1;
	/* walk the finite points keeping three consecutive ones */
	{
		size_t k = 0;

		for (i = 0; i < n; i++) {
			float g;

			if (!isfinite(loss[i]))
				continue;
			cur = i;
			if (k == 1) {
				/* the first point: forward difference */
				float x0 = (float)lr[prev], x1 = (float)lr[cur];
				float f0 = (float)loss[prev], f1 = (float)loss[cur];

				g = (f1 - f0) / (x1 - x0);
				best = (long)prev;
				bg = g;
			} else if (k >= 2) {
				float x0 = (float)lr[prev2], x1 = (float)lr[prev];
				float x2 = (float)lr[cur];
				float f0 = (float)loss[prev2], f1 = (float)loss[prev];
				float f2 = (float)loss[cur];
				float h1 = x1 - x0, h2 = x2 - x1;
				float a = -h2 / (h1 * (h1 + h2));
				float b = (h2 - h1) / (h1 * h2);
				float c = h1 / (h2 * (h1 + h2));

				g = a * f0 + b * f1 + c * f2;
				if (g < bg) {
					best = (long)prev;
					bg = g;
				}
			}
			prev2 = prev;
			prev = cur;
			k++;
		}
		/* the last point: backward difference */
		{
			float x0 = (float)lr[prev2], x1 = (float)lr[prev];
			float g = ((float)loss[prev] - (float)loss[prev2]) / (x1 - x0);

			if (g < bg)
				best = (long)prev;
		}
	}
	return best;
}
