/* drive_bench.c: the per-batch overhead of lrfind drive (one lr out, one loss in) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Starts ./lrfind drive as a co-process with a sweep of N batches that
 * never explodes, answers every lr with a constant loss as fast as it can,
 * and prints the wall time per round trip: the whole cost of the protocol
 * (two pipe writes, two reads, parsing and the online range test), which
 * a trainer pays once per batch.  With --pingpong the co-process is a
 * copy of this program that echoes each line back: the cost of the pipes
 * and of the two context switches alone, the floor of any co-process.
 */

static int
echo_lines(void)
{
	char line[64];

	while (fgets(line, sizeof(line), stdin) != NULL) {
		fputs("0.001\n", stdout);
		fflush(stdout);
	}
	return 0;
}
int
main(int argc, char **argv)
{
	const char *lrfind = argc > 1 ? argv[1] : "./lrfind";
	long n = argc > 2 ? atol(argv[2]) : 200000, got = 0;
	int pingpong = strcmp(lrfind, "--pingpong") == 0;
	int to[2], from[2];
	char iters[32], line[64];
	struct timespec t0, t1;
	FILE *in, *out;
	pid_t pid;
	double secs;

	snprintf(iters, sizeof(iters), "%ld", n);
	if (pipe(to) != 0 || pipe(from) != 0)
		return 1;
	if (argc > 1 && strcmp(argv[1], "--echo") == 0)
		return echo_lines();
	if ((pid = fork()) == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		if (pingpong)
			execl(argv[0], argv[0], "--echo", (char *)NULL);
		else
			execl(lrfind, lrfind, "drive", "--init-lr", "1e-6",
			    "--max-lr", "1e-2", "--iters", iters, "--diverge",
			    "0", "-q", (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	out = fdopen(to[1], "w");
	in = fdopen(from[0], "r");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pingpong)
		for (got = 0; got < n; got++) {
			fputs("1.25\n", out);
			fflush(out);
			if (fgets(line, sizeof(line), in) == NULL)
				break;
		}
	else
		while (fgets(line, sizeof(line), in) != NULL) {
			fputs("1.25\n", out);
			fflush(out);
			got++;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fclose(out);
	fclose(in);
	waitpid(pid, NULL, 0);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: %ld round trips in %.3f s: %.2f us each\n",
	    pingpong ? "bare pipe ping-pong" :
		       "lrfind drive (one lr out, one loss in)",
	    got, secs, secs / (double)got * 1e6);
	return got == n ? 0 : 1;
}
