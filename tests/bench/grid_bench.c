/*
 * grid_bench.c: a grid of constant-lr trainings on one data set, loaded
 * once: what the outcome benchmark (outcome.c) does for each of its
 * configurations.  It loads Fashion-MNIST (train and test sets), takes a
 * view of the first SAMPLES training samples (no copy) and trains a fresh
 * MLP at each of RUNS learning rates for EPOCHS epochs, evaluating the
 * test set after each; then it prints the load time, each run's time and
 * the whole, so that the grid's cost can be read as one load plus the
 * runs.
 *
 * usage: grid_bench [-r RUNS] [-e EPOCHS] [-n SAMPLES] [-t THREADS]
 *   FMNIST=dir says where the data set is (default
 *   /usr/share/datasets/fashion-mnist).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dataset.h"
#include "schedule.h"
#include "train.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "grid_bench: %s: %s\n", what, why);
	exit(1);
}

struct last {
	double acc;
};

static int
on_epoch(void *arg, const struct train_epoch *e)
{
	((struct last *)arg)->acc = e->test_acc;
	return 0;
}

int
main(int argc, char **argv)
{
	struct dataset train, test, sub;
	struct train_opts o;
	struct train_stats st;
	struct schedule s;
	struct last last;
	const char *dir = getenv("FMNIST");
	char err[512];
	double t0, tload, trun, sum = 0, lr;
	size_t samples = 10000, epochs = 1, runs = 5, k;
	int ch, threads = 1;

	while ((ch = getopt(argc, argv, "r:e:n:t:")) != -1) {
		switch (ch) {
		case 'r':
			runs = strtoul(optarg, NULL, 10);
			break;
		case 'e':
			epochs = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			samples = strtoul(optarg, NULL, 10);
			break;
		case 't':
			threads = atoi(optarg);
			break;
		default:
			fprintf(stderr,
			    "usage: grid_bench [-r RUNS] [-e EPOCHS] "
			    "[-n SAMPLES] [-t THREADS]\n");
			return 2;
		}
	}
	if (dir == NULL)
		dir = "/usr/share/datasets/fashion-mnist";
	t0 = now();
	if (ds_load_idx_dir(dir, &train, &test, err, sizeof(err)) != DS_OK)
		die(dir, err);
	ds_standardise(&train, &test, true);
	tload = now() - t0;
	if (samples > train.n)
		samples = train.n;
	if (ds_slice(&train, 0, samples, &sub) != DS_OK)
		die("slice", "out of memory");
	printf("grid_bench: %s loaded once in %.3f s (%zu + %zu samples); "
	       "%zu runs of %zu epoch%s on %zu samples, batch 64, %d thread%s\n",
	    dir, tload, train.n, test.n, runs, epochs, epochs == 1 ? "" : "s",
	    samples, threads, threads == 1 ? "" : "s");
	for (k = 0; k < runs; k++) {
		train_opts_default(&o);
		o.threads = threads;
		o.opt.momentum = 0.9;
		lr = 1e-3 * (double)(1u << (2 * k)); /* 1e-3, 4e-3, ... */
		schedule_default(&s, POL_CONSTANT);
		s.max_lr = s.base_lr = lr;
		s.cycle_momentum = false;
		s.momentum = o.opt.momentum;
		s.total = epochs * train_steps_per_epoch(&sub, o.batch);
		last.acc = 0;
		t0 = now();
		if (train_fit(&o, &s, epochs, &sub, &test, on_epoch, &last, &st,
			err, sizeof(err)) != TRAIN_OK)
			die("train_fit", err);
		trun = now() - t0;
		sum += trun;
		printf("  run %zu: lr %-7g %.3f s (training loop %.3f s, the "
		       "rest model set-up and evaluation), test accuracy %.4f\n",
		    k + 1, lr, trun, st.seconds, last.acc);
	}
	printf("grid_bench: load %.3f s + runs %.3f s = %.3f s; loading is "
	       "%.1f%% of the grid (as %zu separate loads: %.3f s, %.1f%%)\n",
	    tload, sum, tload + sum, 100 * tload / (tload + sum), runs,
	    runs * tload + sum,
	    100 * (double)runs * tload / ((double)runs * tload + sum));
	ds_free(&sub);
	ds_free(&train);
	ds_free(&test);
	return 0;
}
