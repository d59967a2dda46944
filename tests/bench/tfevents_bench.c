/* tfevents_bench.c: the event-file reader against the CSV reader on the
 * same rows, in rows (steps) a second.
 *
 *	tfevents_bench [STEPS [REPS [DIR]]]
 *
 * STEPS steps (default 500,000) of a range test: an lr of an exponential
 * sweep 1e-6 .. 1 and a float32 loss, written twice into DIR (default
 * /tmp): as an event file the way tensorboardX and Hugging Face's Trainer
 * write one, an Event for each scalar (tags "train/loss" and
 * "train/learning_rate", simple_value), so 2 x STEPS scalars in 2 x STEPS
 * records; and as a CSV log step,lr,loss with the numbers as Python prints
 * them (repr of the float32 value widened to double).  Then, REPS times
 * each (default 5), the best time of: reading the event file into memory
 * and tfevents_read on it (framing, both CRCs, the Events, the series);
 * logread_fd on the CSV (read_all, into a rangetest).  The event file is
 * brought into memory with mmap (as a caller should for a regular file)
 * and, for comparison, with read(2) into one malloc'ed buffer, which costs
 * the page faults of a fresh buffer as large as the file.  A second event
 * file holds the same scalars as TF2 writes them (a DT_FLOAT tensor of 4
 * bytes of tensor_content).  Prints rows/s of each and the ratio; exits 1
 * if the event reader is below half the CSV reader's rows/s on the first
 * file, mapped (the tensor form is shown, not judged), or if it read other
 * values than were written.
 */
#include <sys/mman.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logread.h"
#include "rangetest.h"
#include "series.h"
#include "tfevents.h"
#include "tfwrite.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static _Noreturn void
die(const char *what)
{
	perror(what);
	exit(2);
}

/* The shortest %.Ng that reads back to x, as Python's repr. */
static void
put_repr(FILE *fp, double x)
{
	char buf[40];
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(buf, sizeof(buf), "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (p == 17)
		snprintf(buf, sizeof(buf), "%.17g", x);
	fputs(buf, fp);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	unsigned char *b;
	off_t n;
	ssize_t r;
	size_t got = 0;

	if (fd < 0 || (n = lseek(fd, 0, SEEK_END)) < 0 ||
	    lseek(fd, 0, SEEK_SET))
		die(path);
	if ((b = malloc((size_t)n + 1)) == NULL)
		die("malloc");
	while (got < (size_t)n && (r = read(fd, b + got, (size_t)n - got)) > 0)
		got += (size_t)r;
	close(fd);
	*len = got;
	return b;
}

static const unsigned char *
map(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	off_t n;
	void *m;

	if (fd < 0 || (n = lseek(fd, 0, SEEK_END)) < 0)
		die(path);
	if ((m = mmap(NULL, (size_t)n, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED)
		die("mmap");
	close(fd);
	*len = (size_t)n;
	return m;
}

/* Read an event file once (mapped, or read(2) into a buffer): seconds; the
 * series checked against lr, loss. */
static double
run_tf(const char *path, bool mapped, long steps, const double *lr,
    const float *loss)
{
	struct series_set ss;
	struct tfevents_result res;
	struct series *a, *b;
	const unsigned char *buf;
	size_t len;
	double t = now();
	long i;

	series_set_init(&ss);
	buf = mapped ? map(path, &len) : slurp(path, &len);
	if (tfevents_read(buf, len, "", &ss, &res) != TFEVENTS_OK) {
		fprintf(stderr, "tfevents_bench: %s: %s\n", path, res.err);
		exit(1);
	}
	t = now() - t;
	a = series_find(&ss, "train/loss");
	b = series_find(&ss, "train/learning_rate");
	if (a == NULL || b == NULL || a->n != (size_t)steps ||
	    b->n != (size_t)steps) {
		fprintf(stderr, "tfevents_bench: %s: other series\n", path);
		exit(1);
	}
	for (i = 0; i < steps; i++)
		if (a->step[i] != i || b->step[i] != i ||
		    a->val[i] != loss[i] || b->val[i] != (float)lr[i]) {
			fprintf(stderr,
			    "tfevents_bench: %s: step %ld differs\n", path, i);
			exit(1);
		}
	series_set_free(&ss);
	if (mapped)
		munmap((void *)buf, len);
	else
		free((void *)buf);
	return t;
}

static double
run_csv(const char *path, long steps)
{
	struct logread_opts o;
	struct logread_result res;
	struct rt_config cfg;
	struct rangetest rt;
	double t = now();
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(path);
	logread_opts_default(&o);
	o.name = path;
	o.read_all = true;
	rt_config_default(&cfg);
	rt_init(&rt, &cfg);
	if (logread_fd(fd, &o, &rt, &res) != LR_OK) {
		fprintf(stderr, "tfevents_bench: %s: %s\n", path, res.err);
		exit(1);
	}
	close(fd);
	t = now() - t;
	if (rt.n != (size_t)steps) {
		fprintf(stderr, "tfevents_bench: %s: %zu rows\n", path, rt.n);
		exit(1);
	}
	rt_free(&rt);
	return t;
}

int
main(int argc, char **argv)
{
	long steps = argc > 1 ? atol(argv[1]) : 500000L, i;
	int reps = argc > 2 ? atoi(argv[2]) : 5, r;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char tfpath[2][4096], csvpath[4096];
	double *lr, best[4] = { 1e30, 1e30, 1e30, 1e30 }, t;
	float *loss;
	unsigned s = 1;
	struct tfw w[2];
	FILE *fp;
	int k;

	if (steps < 1 || reps < 1) {
		fprintf(stderr, "usage: tfevents_bench [STEPS [REPS [DIR]]]\n");
		return 2;
	}
	lr = malloc((size_t)steps * sizeof(*lr));
	loss = malloc((size_t)steps * sizeof(*loss));
	if (lr == NULL || loss == NULL)
		die("malloc");
	for (i = 0; i < steps; i++) {
		double x = (double)i / (double)steps;

		s = s * 1103515245u + 12345u;
		lr[i] = 1e-6 * pow(1e6, x);
		loss[i] = (float)(0.4 + 1.9 / (1 + exp((x - 0.4) * 20)) +
		    0.8 * x * x +
		    0.02 * ((double)(s >> 16 & 0x7fff) / 32768 - 0.5));
	}
	snprintf(tfpath[0], sizeof(tfpath[0]), "%s/tfevents_bench.%ld.simple",
	    dir, (long)getpid());
	snprintf(tfpath[1], sizeof(tfpath[1]), "%s/tfevents_bench.%ld.tensor",
	    dir, (long)getpid());
	snprintf(csvpath, sizeof(csvpath), "%s/tfevents_bench.%ld.csv", dir,
	    (long)getpid());
	for (k = 0; k < 2; k++) {
		enum tfw_form f = k ? TFW_CONTENT_FLOAT : TFW_SIMPLE;

		tfw_init(&w[k]);
		tfw_file_version(&w[k], "brain.Event:2");
		for (i = 0; i < steps; i++) {
			tfw_scalar(&w[k], i, "train/loss", f, loss[i]);
			tfw_scalar(&w[k], i, "train/learning_rate", f, lr[i]);
		}
		if (tfw_save(&w[k], tfpath[k]) != 0)
			die(tfpath[k]);
	}
	if ((fp = fopen(csvpath, "w")) == NULL)
		die(csvpath);
	fputs("step,lr,loss\n", fp);
	for (i = 0; i < steps; i++) {
		fprintf(fp, "%ld,", i);
		put_repr(fp, lr[i]);
		fputc(',', fp);
		put_repr(fp, loss[i]);
		fputc('\n', fp);
	}
	if (fclose(fp) != 0)
		die(csvpath);
	printf("tfevents_bench: %ld steps: event files of %zu records "
	       "(%.1f MB simple_value, %.1f MB tensor), CSV of %.1f MB\n",
	    steps, w[0].nrec, w[0].len / 1e6, w[1].len / 1e6,
	    (double)(ftell(fp = fopen(csvpath, "r")), fseek(fp, 0, SEEK_END),
		ftell(fp)) /
		1e6);
	fclose(fp);
	for (r = 0; r < reps; r++) {
		if ((t = run_csv(csvpath, steps)) < best[2])
			best[2] = t;
		for (k = 0; k < 2; k++)
			if ((t = run_tf(tfpath[k], true, steps, lr, loss)) <
			    best[k])
				best[k] = t;
		if ((t = run_tf(tfpath[0], false, steps, lr, loss)) < best[3])
			best[3] = t;
	}
	printf("  CSV, logread_fd:               %7.3f s  %6.2f M rows/s\n",
	    best[2], steps / best[2] / 1e6);
	for (k = 0; k < 4; k++) {
		static const char *what[4] = { "events, simple_value, mmap:   ",
			"events, tensor, mmap:         ", "",
			"events, simple_value, read(2):" };

		if (k == 2)
			continue;
		printf("  %s%7.3f s  %6.2f M rows/s  %6.2f M scalars/s  "
		       "%.2f x the CSV reader's rows/s\n",
		    what[k], best[k], steps / best[k] / 1e6,
		    2 * steps / best[k] / 1e6, best[2] / best[k]);
	}
	for (k = 0; k < 2; k++)
		tfw_free(&w[k]);
	unlink(tfpath[0]);
	unlink(tfpath[1]);
	unlink(csvpath);
	free(lr);
	free(loss);
	if (best[2] / best[0] < 0.5) {
		printf(
		    "tfevents_bench: FAILED: below half the CSV reader's rows/s\n");
		return 1;
	}
	return 0;
}
