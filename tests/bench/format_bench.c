/* format_bench.c: num_format against the snprintf version it replaced, in
 * ns per number, on values like those of `lrfind --csv`.
 *
 *	format_bench [N [REPS]]
 *
 * N numbers (default 10 million), cycling through what a row of the CSV
 * output holds: an lr of an exponential sweep 1e-6 .. 1, a loss as a
 * trainer prints it (%.6g, 0.3 .. 3 with noise), its smoothed value and a
 * slope (full doubles).  Each formatter runs REPS times (default 3) over
 * all of them; the best and worst run are printed.  The outputs are compared
 * byte for byte first: exit 1 if any differs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../format_ref.h"
#include "numparse.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* one pass over xs: seconds; *sum a checksum of the text so that
 * nothing is optimised away */
static double
run(char *(*fmt)(char *, double), const double *xs, long n, unsigned *sum)
{
	char buf[32];
	double t = now();
	unsigned h = 0;
	long i;

	for (i = 0; i < n; i++) {
		const char *p = fmt(buf, xs[i]);

		h = h * 31 + (unsigned char)p[0] + (unsigned)strlen(p);
	}
	*sum = h;
	return now() - t;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000L, rows, i;
	int reps = argc > 2 ? atoi(argv[2]) : 3, r, f;
	double *xs, sm = 0, prev = 0;
	unsigned s = 1, sum[2] = { 0, 0 };
	char a[32], b[32];

	if (n < 4 || reps < 1) {
		fprintf(stderr, "usage: format_bench [N [REPS]]\n");
		return 2;
	}
	if ((xs = malloc((size_t)n * sizeof(*xs))) == NULL)
		return 2;
	rows = n / 4;
	for (i = 0; i < rows; i++) {
		double t = (double)i / (double)rows, lr = 1e-6 * pow(1e6, t);
		double loss =
		    0.3 + 2.0 / (1 + exp((t - 0.4) * 20)) + 0.8 * t * t;
		char txt[32];

		s = s * 1103515245u + 12345u;
		loss += 0.05 * ((double)(s >> 16 & 0x7fff) / 32768 - 0.5);
		snprintf(txt, sizeof(txt), "%.6g", loss);
		loss = strtod(txt, NULL);
		sm = i == 0 ? loss : 0.98 * sm + 0.02 * loss;
		xs[4 * i] = lr;
		xs[4 * i + 1] = loss;
		xs[4 * i + 2] = sm;
		xs[4 * i + 3] = i == 0 ?
		    0 :
		    (sm - prev) / (log10(lr) - log10(xs[4 * (i - 1)]));
		prev = sm;
	}
	for (i = 4 * rows; i < n; i++)
		xs[i] = xs[i - 4 * rows];
	for (i = 0; i < n; i++)
		if (strcmp(ref_format(a, xs[i]), num_format(b, xs[i])) != 0) {
			printf("differ: %a: old '%s', new '%s'\n", xs[i], a, b);
			return 1;
		}
	printf("%ld numbers (lr, loss, smoothed, slope), outputs identical\n",
	    n);
	for (f = 0; f < 2; f++) {
		double best = 1e30, worst = 0;

		for (r = 0; r < reps; r++) {
			double t = run(f == 0 ? ref_format : num_format, xs, n,
			    &sum[f]);

			best = t < best ? t : best;
			worst = t > worst ? t : worst;
		}
		printf("%-26s %7.1f .. %7.1f ns per number\n",
		    f == 0 ? "snprintf (before)" : "num_format (now)",
		    best * 1e9 / (double)n, worst * 1e9 / (double)n);
	}
	free(xs);
	return sum[0] == sum[1] ? 0 : 1;
}
