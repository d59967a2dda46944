/* mklog.c: write a synthetic range-test log of N rows (benchmark input) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shortest of %.15g, %.16g, %.17g that reads back to x, as Python's
 * repr (and so most Python trainers) writes a float. */
static void
put_repr(double x)
{
	char buf[40];
	int p;

	for (p = 15; p < 17; p++) {
		snprintf(buf, sizeof(buf), "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (p == 17)
		snprintf(buf, sizeof(buf), "%.17g", x);
	fputs(buf, stdout);
}

/*
 * step,lr,loss rows: an exponential sweep from 1e-6 to 1 and a loss that
 * falls from 2.3 to 0.4 and rises to 1.2 at the end (never 4x its best, so
 * the whole file is analysed), with a little deterministic noise.  Numbers
 * are printed as a trainer would: %.6g for lr and loss, or with `repr` as
 * the second argument all the digits of a float32 loss as Python prints it.
 */
int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000L, i;
	int repr = argc > 2 && strcmp(argv[2], "repr") == 0;
	unsigned s = 1;

	printf("step,lr,loss\n");
	for (i = 0; i < n; i++) {
		double r = (double)i / (double)n, lr = 1e-6 * pow(1e6, r);
		double loss =
		    0.4 + 1.9 / (1 + exp((r - 0.4) * 20)) + 0.8 * r * r;

		s = s * 1103515245u + 12345u;
		loss += 0.02 * ((double)(s >> 16 & 0x7fff) / 32768 - 0.5);
		if (repr) {
			printf("%ld,", i);
			put_repr(lr);
			putchar(',');
			put_repr((float)loss); /* a float32 loss.item() */
			putchar('\n');
		} else
			printf("%ld,%.6g,%.6g\n", i, lr, loss);
	}
	return ferror(stdout) ? 1 : 0;
}
