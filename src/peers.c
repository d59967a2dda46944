/* peers.c: the suggestion rules of the peer lr finders, on plain arrays */
#include <math.h>

#include "peers.h"

long
peers_argmin(const double *loss, size_t n)
{
	size_t i = 0, best;
	double bv;

	/* the first value that is not NaN, then anything lower (a NaN
	 * compares false) */
	while (i < n && isnan(loss[i]))
		i++;
	if (i == n)
		return -1;
	best = i;
	bv = loss[i];
	for (i++; i < n; i++)
		if (loss[i] < bv) {
			best = i;
			bv = loss[i];
		}
	return (long)best;
}

/*
 * The first k in [0, len) with tail[k] <= x, or len if there is none, on a
 * strictly falling tail[] (x not NaN).  Finger search from f, the previous
 * answer: a smoothed loss moves little from one point to the next, so the
 * answer lies near f.  Gallop away from f, 1, 2, 4, ... places, until the
 * answer is bracketed, then bisect: O(log distance) probes, all near f
 * (the tail of a long run does not fit in the caches).
 */
static size_t
first_not_above(const float *tail, size_t len, size_t f, float x)
{
	size_t a, b, step = 1;

	/* the answer lies in [a, b]; b == len stands for "none" */
	if (f < len && tail[f] > x) {
		a = f + 1;
		for (;;) {
			if (step >= len - f) {
				b = len;
				break;
			}
			if (!(tail[f + step] > x)) {
				b = f + step;
				break;
			}
			a = f + step + 1;
			step *= 2;
		}
	} else {
		b = f;
		for (;;) {
			if (step > f) {
				a = 0;
				break;
			}
			if (tail[f - step] > x) {
				a = f - step + 1;
				break;
			}
			b = f - step;
			step *= 2;
		}
	}
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (tail[mid] > x)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/*
 * The same answer with fewer branches: the finger search above takes a
 * dozen hard-to-predict branches a point on a noisy curve.  Here a window
 * of VB_NB blocks of VB_S entries stays put while the answers fall inside
 * it: one count over a summary, sum[j] = tail[j VB_S + VB_S - 1], names
 * the block, one count inside the block names the entry, both straight
 * loops that compilers vectorise.  Counting the entries above x gives the
 * first one not above it because tail[] falls.  Returns 0 with the answer
 * in *a, 1 when the window should move (an answer at its edge), -1 when
 * the answer is outside it.  The window's blocks are complete: j0 + VB_NB
 * <= len / VB_S.  On a 10-million-point range test the window misses one
 * point in a hundred.
 */
#define VB_S 16
#define VB_NB 16

static unsigned
count_above(const float *p, unsigned w, float x)
{
	unsigned c = 0, k;

	for (k = 0; k < w; k++)
		c += p[k] > x;
	return c;
}

static int
window_find(const float *tail, const float *sum, size_t len, size_t j0, float x,
    size_t *a)
{
	size_t nbl = len / VB_S, b;
	unsigned c;

	if (j0 > 0 && !(sum[j0 - 1] > x))
		return -1; /* before the window */
	c = count_above(sum + j0, VB_NB, x);
	if (c < VB_NB) {
		b = (j0 + c) * VB_S;
		*a = b + count_above(tail + b, VB_S, x);
		return c == 0 || (c == VB_NB - 1 && j0 + VB_NB < nbl);
	}
	if (j0 + VB_NB < nbl)
		return -1; /* after the window */
	/* after the last complete block: in the partial one, or len */
	b = nbl * VB_S;
	*a = b + count_above(tail + b, (unsigned)(len - b), x);
	return 0;
}

/*
 * fastai computes lds[i], the length of the longest strictly decreasing
 * subsequence ending at i, in O(n^2), takes max_end as the first index of
 * the largest lds and max_start = max_end - lds[max_end].  Patience
 * sorting gives the same lds[i] in O(n log n): tail[k] is the largest
 * final value among decreasing subsequences of length k+1, so tail[k]
 * falls strictly as k grows, and lds[i] = 1 + the first k with
 * tail[k] <= loss[i] (window_find, or first_not_above).  A NaN compares
 * false with everything, so in fastai it neither extends nor is extended:
 * its lds is 1 and it is left out of tail[] (lds 1 never moves max_end).
 *
 * The scratch holds tail[] and, in its last n / (VB_S + 1) floats, the
 * summary sum[] of window_find; tail[] reaches that far only when nearly
 * every point extends the run, and then the summary is given up.
 */
long
peers_valley(const float *loss, size_t n, float *tail)
{
	/* fastai starts with max_start = max_end = 0 (lds[0] = 1) and moves
	 * them only when some lds beats the largest so far */
	size_t len = 0, i, a = 0, best_len = 1, max_end = 0, j0 = 0;
	size_t cap = n / (VB_S + 1), lim = n - cap;
	float *sum = tail + lim;
	long max_start = 0, idx;
	double sec;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		float x = loss[i];
		int w = -1;

		if (isnan(x))
			continue;
		if (len < lim && j0 + VB_NB <= len / VB_S)
			w = window_find(tail, sum, len, j0, x, &a);
		if (w < 0)
			a = first_not_above(tail, len, a, x);
		if (w != 0) {
			/* centre the window on a, among the blocks complete
			 * once x is in */
			size_t nbl = (len + (a == len)) / VB_S;

			j0 = a / VB_S > VB_NB / 2 ? a / VB_S - VB_NB / 2 : 0;
			if (j0 + VB_NB > nbl)
				j0 = nbl > VB_NB ? nbl - VB_NB : 0;
		}
		tail[a] = x;
		if (a % VB_S == VB_S - 1 && a / VB_S < cap)
			sum[a / VB_S] = x;
		if (a == len) {
			len++;
			/* a window at the end follows it */
			if (len % VB_S == 0 && j0 + VB_NB + 1 == len / VB_S)
				j0++;
		}
		if (a + 1 > best_len) {
			best_len = a + 1;
			max_end = i;
		}
	}
	if (best_len > 1)
		max_start = (long)max_end - (long)best_len;
	sec = (double)((long)max_end - max_start) / 3;
	idx = max_start + (long)sec + (long)(sec / 2);
	if (idx < 0)
		idx += (long)n; /* Python's negative index */
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
	while (l >= -N &&
	    fabs(np_gradient(loss, n, (size_t)(N + r)) -
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
	double bg = 0, l0, l1;
	size_t j;

	if (n < 2)
		return -1;
	/* log(lr[j + 1]) is the next step's log(lr[j]): one log per point */
	l0 = log(lr[0]);
	for (j = 0; j + 1 < n; j++, l0 = l1) {
		double g;

		l1 = log(lr[j + 1]);
		g = (loss[j + 1] - loss[j]) / (l1 - l0);
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
				float f0 = (float)loss[prev],
				      f1 = (float)loss[cur];

				g = (f1 - f0) / (x1 - x0);
				best = (long)prev;
				bg = g;
			} else if (k >= 2) {
				float x0 = (float)lr[prev2],
				      x1 = (float)lr[prev];
				float x2 = (float)lr[cur];
				float f0 = (float)loss[prev2],
				      f1 = (float)loss[prev];
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
			float g = ((float)loss[prev] - (float)loss[prev2]) /
			    (x1 - x0);

			if (g < bg)
				best = (long)prev;
		}
	}
	return best;
}
