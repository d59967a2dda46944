/*
 * outcome.c: ground truth for the suggestion rules, made by training.
 *
 * For every configuration of the built-in MLP below and every seed, it
 * runs the range test (its log kept) and then trains a fresh model at
 * constant lr on the quarter-decade grid lr = 10^(-5 + k/4), k = 0 .. 22,
 * for OUTCOME_EPOCHS epochs, recording the test accuracy after epoch 1
 * and after the last.  Each data set is loaded once for all of its
 * configurations.  The grid trains on a fixed subset of the training set
 * (the first GRID_SAMPLES of it, the same for every lr and seed; its
 * order is shuffled by the seed every epoch); the range test draws from
 * the whole training set, as a user's would.
 *
 * Results go to DIR (default tests/bench/truth):
 *   configs.csv            name, data, optimizer, and the lrfind train
 *                          options that reproduce the range test
 *   logs/NAME_sSEED.csv    the range test's log, step,lr,loss
 *   grid.csv               config,seed,k,lr,acc1,acc_last
 * A rerun skips what is there (grid rows are appended one whole line at a
 * time), so a stopped run resumes where it stopped.
 *
 * usage: outcome [-d DIR] [-s SHARD/SHARDS] [-t THREADS] [-n SEEDS] [-f] [-l]
 *   -n n     seeds 1 .. n (default 2; at most 8): a rerun with a larger n
 *            adds the seeds that are missing
 *   -s i/n   run only configurations i, i+n, i+2n, ... (0-based), so that
 *            two processes can share two cores
 *   -f       the fresh configurations instead (below): made after the
 *            default rule was chosen, to score it on data it has never
 *            seen (outcome.sh puts them in tests/bench/truth_fresh)
 *   -l       list the configurations and exit
 *   FMNIST=dir and DIGITS=file.csv say where the data sets are
 *   (defaults: /usr/share/datasets/fashion-mnist and
 *   /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz,
 *   decompressed by the caller: see outcome.sh).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset.h"
#include "numparse.h"
#include "outfile.h"
#include "report.h"
#include "rangetest.h"
#include "schedule.h"
#include "sweep.h"
#include "train.h"

#define GRID_K 23 /* lr = 10^(-5 + k/4), k = 0 .. 22 */
#define OUTCOME_EPOCHS 5
#define MAXSEEDS 8 /* -n: seeds 1 .. n, 2 by default */
#define GRID_SAMPLES 10000 /* per epoch, at most */

enum data { D_FMNIST, D_SYNTH, D_DIGITS, D_COUNT };
static const char *const data_name[D_COUNT] = { "fmnist", "synthetic",
	"digits" };

struct config {
	const char *name;
	enum data data;
	const char *hidden; /* comma-separated widths */
	enum optim_kind opt;
	double momentum;
	int nesterov;
	double wd; /* < 0: the optimizer's default */
	size_t batch;
	double init_lr, max_lr;
	size_t iters;
	int linear;
};

/*
 * 29 configurations: 1 to 3 hidden layers; SGD without and with momentum,
 * Nesterov, Adam, AdamW; weight decay 0 to 5e-4; batch 32 to 512;
 * exponential and linear sweeps of 100 to 400 batches; three data sets.
 */
static const struct config configs[] = {
	/* Fashion-MNIST, 784 inputs, 10 classes */
	{ "f_sgdm_b64_e300", D_FMNIST, "256", OPT_SGD, 0.9, 0, 0, 64, 1e-6, 10,
	    300, 0 },
	{ "f_sgd_b32_e200", D_FMNIST, "128", OPT_SGD, 0, 0, 0, 32, 1e-5, 10,
	    200, 0 },
	{ "f_sgd_b128_e300_wd", D_FMNIST, "256", OPT_SGD, 0, 0, 5e-4, 128, 1e-5,
	    100, 300, 0 },
	{ "f_nest_b128_e200_2l", D_FMNIST, "256,128", OPT_SGD, 0.9, 1, 1e-4,
	    128, 1e-6, 10, 200, 0 },
	{ "f_sgdm_b256_e100_3l", D_FMNIST, "256,128,64", OPT_SGD, 0.9, 0, 0,
	    256, 1e-5, 10, 100, 0 },
	{ "f_sgdm_b512_e400", D_FMNIST, "512", OPT_SGD, 0.9, 0, 5e-4, 512, 1e-6,
	    10, 400, 0 },
	{ "f_adam_b64_e300", D_FMNIST, "256", OPT_ADAM, 0, 0, 0, 64, 1e-7, 1,
	    300, 0 },
	{ "f_adam_b256_e200_2l", D_FMNIST, "256,128", OPT_ADAM, 0, 0, 1e-4, 256,
	    1e-6, 1, 200, 0 },
	{ "f_adamw_b128_e400_3l", D_FMNIST, "256,128,64", OPT_ADAMW, 0, 0, -1,
	    128, 1e-7, 1, 400, 0 },
	{ "f_adamw_b32_e100", D_FMNIST, "128", OPT_ADAMW, 0, 0, 5e-4, 32, 1e-6,
	    1, 100, 0 },
	{ "f_sgdm_b64_lin300", D_FMNIST, "256", OPT_SGD, 0.9, 0, 0, 64, 1e-5, 1,
	    300, 1 },
	{ "f_nest_b128_lin200_2l", D_FMNIST, "256,128", OPT_SGD, 0.9, 1, 5e-4,
	    128, 1e-5, 2, 200, 1 },
	{ "f_adam_b128_lin300", D_FMNIST, "256", OPT_ADAM, 0, 0, 0, 128, 1e-6,
	    0.05, 300, 1 },
	{ "f_sgd_b64_lin400_3l", D_FMNIST, "256,128,64", OPT_SGD, 0, 0, 1e-4,
	    64, 1e-5, 5, 400, 1 },
	/* the built-in synthetic task, 32 features, 10 classes */
	{ "s_sgdm_b64_e300", D_SYNTH, "256", OPT_SGD, 0.9, 0, 0, 64, 1e-6, 10,
	    300, 0 },
	{ "s_sgd_b32_e200_2l", D_SYNTH, "128,64", OPT_SGD, 0, 0, 1e-4, 32, 1e-5,
	    100, 200, 0 },
	{ "s_nest_b128_e400_3l", D_SYNTH, "128,128,64", OPT_SGD, 0.9, 1, 5e-4,
	    128, 1e-6, 10, 400, 0 },
	{ "s_adam_b64_e200", D_SYNTH, "256", OPT_ADAM, 0, 0, 0, 64, 1e-7, 1,
	    200, 0 },
	{ "s_adamw_b256_e100_2l", D_SYNTH, "256,128", OPT_ADAMW, 0, 0, -1, 256,
	    1e-6, 1, 100, 0 },
	{ "s_sgdm_b128_lin300", D_SYNTH, "256", OPT_SGD, 0.9, 0, 1e-4, 128,
	    1e-5, 2, 300, 1 },
	{ "s_adam_b32_lin200_2l", D_SYNTH, "128,64", OPT_ADAM, 0, 0, 5e-4, 32,
	    1e-6, 0.05, 200, 1 },
	/* scikit-learn's digits, 64 features, 10 classes (a CSV data set) */
	{ "d_sgdm_b32_e200", D_DIGITS, "128", OPT_SGD, 0.9, 0, 0, 32, 1e-6, 10,
	    200, 0 },
	{ "d_sgd_b64_e300_2l", D_DIGITS, "128,64", OPT_SGD, 0, 0, 5e-4, 64,
	    1e-5, 100, 300, 0 },
	{ "d_nest_b32_e400", D_DIGITS, "256", OPT_SGD, 0.9, 1, 1e-4, 32, 1e-6,
	    10, 400, 0 },
	{ "d_adam_b64_e100_3l", D_DIGITS, "128,64,32", OPT_ADAM, 0, 0, 0, 64,
	    1e-7, 1, 100, 0 },
	{ "d_adamw_b128_e300", D_DIGITS, "256", OPT_ADAMW, 0, 0, -1, 128, 1e-6,
	    1, 300, 0 },
	{ "d_sgdm_b64_lin200", D_DIGITS, "128", OPT_SGD, 0.9, 0, 0, 64, 1e-5, 1,
	    200, 1 },
	{ "d_adam_b32_lin300_2l", D_DIGITS, "128,64", OPT_ADAM, 0, 0, 1e-4, 32,
	    1e-6, 0.05, 300, 1 },
	/* make realdata's range test, whose suggestion it checks against this */
	{ "f_sgdm_b128_e300", D_FMNIST, "256", OPT_SGD, 0.9, 0, 0, 128, 1e-5,
	    10, 300, 0 },
};
#define NCONFIGS (sizeof(configs) / sizeof(configs[0]))

/*
 * 24 fresh configurations, written after blend (the default) was chosen
 * on the ones above: other widths, depths, batches, weight decays and
 * sweeps over the same three data sets, none of them tuned on.
 */
static const struct config fresh[] = {
	{ "x_f_sgdm_b32_e250", D_FMNIST, "128", OPT_SGD, 0.9, 0, 1e-4, 32, 1e-6,
	    10, 250, 0 },
	{ "x_f_adam_b128_e150_2l", D_FMNIST, "128,64", OPT_ADAM, 0, 0, 0, 128,
	    1e-7, 1, 150, 0 },
	{ "x_f_nest_b256_e300", D_FMNIST, "512", OPT_SGD, 0.9, 1, 5e-4, 256,
	    1e-6, 10, 300, 0 },
	{ "x_f_adamw_b64_lin250_2l", D_FMNIST, "256,64", OPT_ADAMW, 0, 0, -1,
	    64, 1e-6, 0.02, 250, 1 },
	{ "x_f_sgd_b256_e200_3l", D_FMNIST, "128,64,32", OPT_SGD, 0, 0, 0, 256,
	    1e-5, 100, 200, 0 },
	{ "x_s_sgdm_b32_e150_3l", D_SYNTH, "64,64,64", OPT_SGD, 0.9, 0, 0, 32,
	    1e-6, 10, 150, 0 },
	{ "x_s_adamw_b128_e300", D_SYNTH, "128", OPT_ADAMW, 0, 0, -1, 128, 1e-7,
	    1, 300, 0 },
	{ "x_s_nest_b64_lin300_2l", D_SYNTH, "256,64", OPT_SGD, 0.9, 1, 1e-4,
	    64, 1e-5, 1, 300, 1 },
	{ "x_d_sgdm_b128_e250", D_DIGITS, "256", OPT_SGD, 0.9, 0, 5e-4, 128,
	    1e-6, 10, 250, 0 },
	{ "x_d_adam_b32_e200_2l", D_DIGITS, "64,32", OPT_ADAM, 0, 0, 0, 32,
	    1e-7, 1, 200, 0 },
	{ "x_d_sgd_b32_lin200", D_DIGITS, "128", OPT_SGD, 0, 0, 0, 32, 1e-5, 5,
	    200, 1 },
	{ "x_d_adamw_b64_e400_2l", D_DIGITS, "128,128", OPT_ADAMW, 0, 0, -1, 64,
	    1e-7, 1, 400, 0 },
	/* a second batch, written with the first one's scores in hand but
	 * before any rule was scored on it */
	{ "x_f_sgdm_b512_e200_2l", D_FMNIST, "256,256", OPT_SGD, 0.9, 0, 1e-4,
	    512, 1e-5, 10, 200, 0 },
	{ "x_f_adam_b32_e300", D_FMNIST, "64", OPT_ADAM, 0, 0, 5e-4, 32, 1e-7,
	    1, 300, 0 },
	{ "x_f_sgd_b64_e100", D_FMNIST, "512", OPT_SGD, 0, 0, 1e-4, 64, 1e-4,
	    100, 100, 0 },
	{ "x_f_nest_b32_lin150_3l", D_FMNIST, "128,128,128", OPT_SGD, 0.9, 1, 0,
	    32, 1e-5, 0.5, 150, 1 },
	{ "x_f_adamw_b256_e400", D_FMNIST, "128", OPT_ADAMW, 0, 0, 5e-4, 256,
	    1e-7, 1, 400, 0 },
	{ "x_f_sgdm_b128_lin300_2l", D_FMNIST, "512,128", OPT_SGD, 0.9, 0, 5e-4,
	    128, 1e-5, 3, 300, 1 },
	{ "x_s_sgd_b128_e250", D_SYNTH, "512", OPT_SGD, 0, 0, 0, 128, 1e-5, 100,
	    250, 0 },
	{ "x_s_adam_b256_e150_3l", D_SYNTH, "128,64,32", OPT_ADAM, 0, 0, 1e-4,
	    256, 1e-7, 1, 150, 0 },
	{ "x_s_sgdm_b512_lin200", D_SYNTH, "256", OPT_SGD, 0.9, 0, 0, 512, 1e-5,
	    3, 200, 1 },
	{ "x_d_nest_b64_e150_3l", D_DIGITS, "64,64,32", OPT_SGD, 0.9, 1, 5e-4,
	    64, 1e-6, 10, 150, 0 },
	{ "x_d_adam_b128_lin250", D_DIGITS, "256", OPT_ADAM, 0, 0, 0, 128, 1e-6,
	    0.1, 250, 1 },
	{ "x_d_sgdm_b32_e300_2l", D_DIGITS, "256,128", OPT_SGD, 0.9, 0, 1e-4,
	    32, 1e-6, 10, 300, 0 },
};
#define NFRESH (sizeof(fresh) / sizeof(fresh[0]))
#define MAXCONFIGS (NCONFIGS > NFRESH ? NCONFIGS : NFRESH)

/* the table run: configs, or fresh with -f */
static const struct config *cfgs = configs;
static size_t ncfgs = NCONFIGS;

static const char *outdir = "tests/bench/truth";
static int threads = 1;

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "outcome: %s: %s\n", what, why);
	exit(1);
}

static double
grid_lr(int k)
{
	return pow(10, -5 + k / 4.0);
}

static void
set_opts(const struct config *c, uint64_t seed, struct train_opts *o)
{
	char buf[64], *p, *e;

	train_opts_default(o);
	o->nhidden = 0;
	snprintf(buf, sizeof(buf), "%s", c->hidden);
	for (p = buf; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		o->hidden[o->nhidden++] = strtoul(p, &e, 10);
		if (e == p)
			die(c->name, "bad hidden list");
	}
	o->batch = c->batch;
	o->seed = seed;
	o->threads = threads;
	optim_config_default(&o->opt, c->opt);
	if (c->opt == OPT_SGD) {
		o->opt.momentum = c->momentum;
		o->opt.nesterov = c->nesterov != 0;
	}
	if (c->wd >= 0)
		o->opt.weight_decay = c->wd;
}

/* The lrfind train options that run this configuration's range test. */
static void
describe(const struct config *c, char *buf, size_t sz)
{
	char wd[32] = "";

	if (c->wd >= 0)
		snprintf(wd, sizeof(wd), " --weight-decay %g", c->wd);
	snprintf(buf, sz,
	    "--hidden %s --optimizer %s%s%s%s --batch %zu "
	    "--init-lr %g --max-lr %g --iters %zu%s",
	    c->hidden, optim_name(c->opt),
	    c->opt == OPT_SGD ?
		(c->momentum > 0 ? " --momentum 0.9" : " --momentum 0") :
		"",
	    c->nesterov ? " --nesterov" : "", wd, c->batch, c->init_lr,
	    c->max_lr, c->iters, c->linear ? " --linear" : "");
}

/* Data sets, loaded on first use and kept. */
static struct dataset train_set[D_COUNT], test_set[D_COUNT];
static int loaded[D_COUNT];

static void
load(enum data d)
{
	struct dataset all;
	char err[512];
	const char *path;
	enum ds_status st;
	int global = 0;

	if (loaded[d])
		return;
	memset(&all, 0, sizeof(all));
	switch (d) {
	case D_FMNIST:
		path = getenv("FMNIST");
		if (path == NULL)
			path = "/usr/share/datasets/fashion-mnist";
		st = ds_load_idx_dir(path, &train_set[d], &test_set[d], err,
		    sizeof(err));
		global = 1;
		break;
	case D_SYNTH:
		/* lrfind train's synthetic task, its data seed fixed at 1 */
		st = ds_synthetic(&all, 10000, 32, 10, 1, err, sizeof(err));
		break;
	default:
		path = getenv("DIGITS");
		if (path == NULL)
			die("digits", "set DIGITS to the CSV file");
		st = ds_load_csv(path, NULL, &all, err, sizeof(err));
		break;
	}
	if (st == DS_OK && all.n > 0)
		st = ds_split(&all, 0.2, 1, &train_set[d], &test_set[d], err,
		    sizeof(err));
	ds_free(&all);
	if (st != DS_OK)
		die(data_name[d], err);
	ds_standardise(&train_set[d], &test_set[d], global);
	loaded[d] = 1;
}

/* Grid rows already done: config index, seed, k. */
static unsigned char done[MAXCONFIGS][MAXSEEDS][GRID_K];
static int nseeds = 2;

static void
read_done(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512], name[128];
	unsigned seed, k;
	size_t i;

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%127[^,],%u,%u,", name, &seed, &k) != 3 ||
		    seed < 1 || seed > MAXSEEDS || k >= GRID_K)
			continue;
		for (i = 0; i < ncfgs; i++)
			if (strcmp(cfgs[i].name, name) == 0)
				done[i][seed - 1][k] = 1;
	}
	fclose(f);
}

static void
append_line(const char *path, const char *line)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	size_t len = strlen(line);

	if (fd < 0 || write(fd, line, len) != (ssize_t)len || close(fd) != 0)
		die(path, strerror(errno));
}

struct accs {
	double acc1, acc_last;
	size_t epochs;
};

static int
on_epoch(void *arg, const struct train_epoch *e)
{
	struct accs *a = arg;
	/* a diverged model's accuracy is whatever its NaN weights give;
	 * count it as chance, which is what such a run is worth */
	double acc = e->diverged || !isfinite(e->test_acc) ? 0.1 : e->test_acc;

	if (e->epoch == 1)
		a->acc1 = acc;
	a->acc_last = acc;
	a->epochs = e->epoch;
	if (e->diverged && e->epoch == 1)
		a->acc_last = acc;
	return 0;
}

static void
run_range(size_t ci, int seed)
{
	const struct config *c = &cfgs[ci];
	struct train_opts o;
	struct sweep sw;
	struct rangetest rt;
	struct rt_config rc;
	struct train_stats st;
	struct stat sb;
	struct outfile of;
	char path[1024], err[512];

	snprintf(path, sizeof(path), "%s/logs/%s_s%d.csv", outdir, c->name,
	    seed);
	if (stat(path, &sb) == 0)
		return;
	set_opts(c, (uint64_t)seed, &o);
	sw.init_lr = c->init_lr;
	sw.max_lr = c->max_lr;
	sw.iters = c->iters;
	sw.linear = c->linear != 0;
	sw.ends = SWEEP_END_EXCLUDED;
	rt_config_default(&rc);
	rt_init(&rt, &rc);
	if (train_range_test(&o, &sw, &train_set[c->data], &rt, &st, err,
		sizeof(err)) != TRAIN_OK)
		die(c->name, err);
	if (outfile_open(&of, path, err, sizeof(err)) != 0)
		die(c->name, err);
	if (report_log(of.fp, &rt) != 0 ||
	    outfile_commit(&of, err, sizeof(err)) != 0)
		die(path, "write failed");
	rt_free(&rt);
}

static void
run_grid(size_t ci, int seed, int k)
{
	const struct config *c = &cfgs[ci];
	struct dataset sub = train_set[c->data];
	struct train_opts o;
	struct schedule s;
	struct train_stats st;
	struct accs a = { 0.1, 0.1, 0 };
	char path[1024], line[512], n1[40], n2[40], n3[40], err[512];
	enum train_status ts;

	if (sub.n > GRID_SAMPLES)
		sub.n =
		    GRID_SAMPLES; /* a borrowed copy of the view, shortened */
	set_opts(c, (uint64_t)seed, &o);
	schedule_default(&s, POL_CONSTANT);
	s.max_lr = s.base_lr = grid_lr(k);
	s.cycle_momentum = false;
	s.momentum = c->momentum;
	s.total = OUTCOME_EPOCHS * train_steps_per_epoch(&sub, c->batch);
	ts = train_fit(&o, &s, OUTCOME_EPOCHS, &sub, &test_set[c->data],
	    on_epoch, &a, &st, err, sizeof(err));
	if (ts != TRAIN_OK)
		die(c->name, err);
	snprintf(path, sizeof(path), "%s/grid.csv", outdir);
	snprintf(line, sizeof(line), "%s,%d,%d,%s,%s,%s\n", c->name, seed, k,
	    num_format(n1, grid_lr(k)), num_format(n2, a.acc1),
	    num_format(n3, a.acc_last));
	append_line(path, line);
}

int
main(int argc, char **argv)
{
	char path[1024], desc[512], line[1024];
	unsigned shard = 0, shards = 1;
	size_t ci;
	int ch, list = 0, seed, k;

	while ((ch = getopt(argc, argv, "d:s:t:n:fl")) != -1) {
		switch (ch) {
		case 'd':
			outdir = optarg;
			break;
		case 's':
			if (sscanf(optarg, "%u/%u", &shard, &shards) != 2 ||
			    shards == 0 || shard >= shards)
				die("-s", "expected i/n");
			break;
		case 't':
			threads = atoi(optarg);
			break;
		case 'n':
			nseeds = atoi(optarg);
			if (nseeds < 1 || nseeds > MAXSEEDS)
				die("-n", "expected 1 to 8 seeds");
			break;
		case 'f':
			cfgs = fresh;
			ncfgs = NFRESH;
			break;
		case 'l':
			list = 1;
			break;
		default:
			fprintf(stderr,
			    "usage: outcome [-d DIR] [-s i/n] "
			    "[-t THREADS] [-n SEEDS] [-f] [-l]\n");
			return 2;
		}
	}
	if (list) {
		for (ci = 0; ci < ncfgs; ci++) {
			describe(&cfgs[ci], desc, sizeof(desc));
			printf("%s %s %s\n", cfgs[ci].name,
			    data_name[cfgs[ci].data], desc);
		}
		return 0;
	}
	snprintf(path, sizeof(path), "%s/logs", outdir);
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
		die(outdir, strerror(errno));
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path, strerror(errno));
	snprintf(path, sizeof(path), "%s/configs.csv", outdir);
	if (shard == 0) {
		FILE *f = fopen(path, "w");

		if (f == NULL)
			die(path, strerror(errno));
		fprintf(f, "config,data,optimizer,options\n");
		for (ci = 0; ci < ncfgs; ci++) {
			describe(&cfgs[ci], desc, sizeof(desc));
			fprintf(f, "%s,%s,%s,\"%s\"\n", cfgs[ci].name,
			    data_name[cfgs[ci].data], optim_name(cfgs[ci].opt),
			    desc);
		}
		if (fclose(f) != 0)
			die(path, strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/grid.csv", outdir);
	read_done(path);
	for (ci = shard; ci < ncfgs; ci += shards) {
		load(cfgs[ci].data);
		for (seed = 1; seed <= nseeds; seed++) {
			run_range(ci, seed);
			for (k = 0; k < GRID_K; k++)
				if (!done[ci][seed - 1][k])
					run_grid(ci, seed, k);
		}
		snprintf(line, sizeof(line), "outcome: %s done\n",
		    cfgs[ci].name);
		fputs(line, stderr);
	}
	return 0;
}
