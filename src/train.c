/* train.c: the built-in training loop: a range test, or a run with an lr schedule */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blas.h"
#include "numparse.h"
#include "train.h"

/* Streams of the one seed: the model's weights and the batch order. */
#define SEED_MODEL 0x6d6f64656cULL
#define SEED_BATCH 0x6261746368ULL

void
train_opts_default(struct train_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->hidden[0] = 256;
	o->nhidden = 1;
	o->batch = 64;
	o->seed = 1;
	o->threads = 0;
	optim_config_default(&o->opt, OPT_SGD);
}

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

size_t
train_steps_per_epoch(const struct dataset *train, size_t batch)
{
	return batch == 0 ? 0 : train->n / batch;
}

/* Floating-point operations of the forward pass of one sample. */
static double
forward_flops(const struct mlp *m)
{
	double f = 0;
	size_t l;

	for (l = 0; l < m->nlayers; l++)
		f += 2.0 * (double)m->size[l] * (double)m->size[l + 1];
	return f;
}

/* The batches: a shuffled order, gathered into one reused buffer. */
struct batcher {
	const struct dataset *d;
	size_t batch, pos;
	uint32_t *perm;
	struct rng rng;
	float *x;
	uint32_t *y;
};

static void
batcher_free(struct batcher *b)
{
	free(b->perm);
	free(b->x);
	free(b->y);
	memset(b, 0, sizeof(*b));
}

static int
batcher_init(struct batcher *b, const struct dataset *d, size_t batch,
    uint64_t seed)
{
	size_t i;
	void *p;

	memset(b, 0, sizeof(*b));
	b->d = d;
	b->batch = batch;
	b->perm = malloc(d->n * sizeof(*b->perm));
	b->y = malloc(batch * sizeof(*b->y));
	if (posix_memalign(&p, 64, batch * d->dim * sizeof(float)) == 0)
		b->x = p;
	if (b->perm == NULL || b->x == NULL || b->y == NULL) {
		batcher_free(b);
		return -1;
	}
	for (i = 0; i < d->n; i++)
		b->perm[i] = (uint32_t)i;
	rng_seed(&b->rng, seed ^ SEED_BATCH);
	b->pos = d->n; /* shuffle before the first batch */
	return 0;
}

static void
batcher_next(struct batcher *b)
{
	const struct dataset *d = b->d;

	if (b->pos + b->batch > d->n) {
		rng_shuffle(&b->rng, b->perm, d->n);
		b->pos = 0;
	}
	ds_gather(d, b->perm + b->pos, 0, b->batch, b->x, b->y);
	b->pos += b->batch;
}

/* The model, its optimizer and the batches, built from the options. */
struct run {
	struct mlp m;
	struct optim opt;
	struct batcher b;
};

static void
run_free(struct run *r)
{
	mlp_free(&r->m);
	optim_free(&r->opt);
	batcher_free(&r->b);
}

static enum train_status
run_init(struct run *r, const struct train_opts *o, const struct dataset *train,
    char *err, size_t errsz)
{
	size_t sizes[MLP_MAX_LAYERS + 1], i;
	struct rng rng;
	const char *why;
	enum mlp_status ms;

	memset(r, 0, sizeof(*r));
	if (o->nhidden > MLP_MAX_LAYERS - 1) {
		seterr(err, errsz, "at most %d hidden layers",
		    MLP_MAX_LAYERS - 1);
		return TRAIN_ERR_ARG;
	}
	if (o->batch == 0 || o->batch > train->n) {
		seterr(err, errsz,
		    "the batch size must be from 1 to the %zu "
		    "training samples",
		    train->n);
		return TRAIN_ERR_ARG;
	}
	if (train->n > UINT32_MAX || train->classes < 1) {
		seterr(err, errsz, "unusable training set");
		return TRAIN_ERR_ARG;
	}
	if ((why = optim_check(&o->opt)) != NULL) {
		seterr(err, errsz, "%s", why);
		return TRAIN_ERR_ARG;
	}
	sizes[0] = train->dim;
	for (i = 0; i < o->nhidden; i++)
		sizes[i + 1] = o->hidden[i];
	sizes[o->nhidden + 1] = train->classes;
	if (blas_load(err, errsz) != 0)
		return TRAIN_ERR_BLAS;
	if (o->threads > 0)
		blas_set_threads(o->threads);
	rng_seed(&rng, o->seed ^ SEED_MODEL);
	ms = mlp_init(&r->m, sizes, o->nhidden + 2, o->batch, &rng);
	if (ms == MLP_ERR_ARG) {
		seterr(err, errsz, "bad layer sizes (each from 1 to 2^24)");
		return TRAIN_ERR_ARG;
	}
	if (ms != MLP_OK || optim_init(&r->opt, &o->opt, r->m.nparam) != 0 ||
	    batcher_init(&r->b, train, o->batch, o->seed) != 0) {
		run_free(r);
		seterr(err, errsz, "out of memory");
		return TRAIN_ERR_NOMEM;
	}
	return TRAIN_OK;
}

enum train_status
train_range_test(const struct train_opts *o, const struct sweep *sw,
    const struct dataset *train, struct rangetest *rt, struct train_stats *st,
    char *err, size_t errsz)
{
	struct run r;
	enum train_status ts;
	enum rt_status rs;
	const char *why;
	double lr, loss, t0;
	size_t i;

	memset(st, 0, sizeof(*st));
	if ((why = sweep_check(sw)) != NULL) {
		seterr(err, errsz, "%s", why);
		return TRAIN_ERR_ARG;
	}
	if ((ts = run_init(&r, o, train, err, errsz)) != TRAIN_OK)
		return ts;
	st->nparam = r.m.nparam;
	t0 = now();
	for (i = 0; i < sw->iters; i++) {
		lr = sweep_lr(sw, i);
		batcher_next(&r.b);
		mlp_forward(&r.m, r.b.x, o->batch);
		loss = mlp_loss(&r.m, r.b.y, NULL);
		st->samples += o->batch;
		rs = rt_push(rt, (int64_t)i, lr, loss);
		if ((rs == RT_MORE || rs == RT_EXPLODED) && o->progress != NULL)
			o->progress(o->progress_arg, i + 1, sw->iters, lr,
			    loss);
		if (rs == RT_EXPLODED)
			break;
		if (rs == RT_ERR_NOMEM) {
			seterr(err, errsz, "out of memory");
			ts = TRAIN_ERR_NOMEM;
			goto fail;
		}
		if (rs != RT_MORE) {
			seterr(err, errsz,
			    "step %zu: the range test refused lr %g", i, lr);
			ts = TRAIN_ERR_ARG;
			goto fail;
		}
		mlp_backward(&r.m);
		optim_step(&r.opt, r.m.param, r.m.grad, lr);
		st->steps++;
	}
	st->seconds = now() - t0;
	/* the exploding batch ran its forward pass only */
	st->flops =
	    (double)st->steps * (double)o->batch * mlp_flops_per_sample(&r.m) +
	    (double)(st->samples - st->steps * o->batch) * forward_flops(&r.m);
	run_free(&r);
	return TRAIN_OK;
fail:
	run_free(&r);
	return ts;
}

/*
 * Mean loss and accuracy of the model on d, in chunks of the batch size,
 * gathered into the batcher's buffers.
 */
static void
evaluate(struct mlp *m, struct batcher *b, const struct dataset *d,
    double *loss, double *acc)
{
	size_t off, n, correct = 0;
	double sum = 0;

	for (off = 0; off < d->n; off += n) {
		n = d->n - off < m->cap ? d->n - off : m->cap;
		ds_gather(d, NULL, off, n, b->x, b->y);
		mlp_forward(m, b->x, n);
		sum += mlp_loss(m, b->y, &correct) * (double)n;
	}
	*loss = d->n > 0 ? sum / (double)d->n : NAN;
	*acc = d->n > 0 ? (double)correct / (double)d->n : NAN;
}

enum train_status
train_fit(const struct train_opts *o, const struct schedule *sched,
    size_t epochs, const struct dataset *train, const struct dataset *test,
    int (*on_epoch)(void *arg, const struct train_epoch *e), void *arg,
    struct train_stats *st, char *err, size_t errsz)
{
	struct run r;
	struct train_epoch ep;
	enum train_status ts;
	const char *why;
	double lr = 0, mom, loss, sum, t0;
	size_t spe, e, s, it = 0;

	memset(st, 0, sizeof(*st));
	spe = train_steps_per_epoch(train, o->batch);
	if (epochs == 0 || spe == 0) {
		seterr(err, errsz,
		    "no training steps (%zu epochs of %zu "
		    "batches)",
		    epochs, spe);
		return TRAIN_ERR_ARG;
	}
	if (sched->total != epochs * spe) {
		seterr(err, errsz,
		    "the schedule has %zu iterations, the run "
		    "%zu",
		    sched->total, epochs * spe);
		return TRAIN_ERR_ARG;
	}
	if ((why = schedule_check(sched)) != NULL) {
		seterr(err, errsz, "%s", why);
		return TRAIN_ERR_ARG;
	}
	if (test->dim != train->dim || test->n == 0) {
		seterr(err, errsz,
		    "the test set does not match the training set");
		return TRAIN_ERR_ARG;
	}
	if ((ts = run_init(&r, o, train, err, errsz)) != TRAIN_OK)
		return ts;
	st->nparam = r.m.nparam;
	memset(&ep, 0, sizeof(ep));
	ep.epochs = epochs;
	for (e = 1; e <= epochs; e++) {
		t0 = now();
		sum = 0;
		for (s = 0; s < spe; s++, it++) {
			schedule_at(sched, it, &lr, &mom);
			if (sched->cycle_momentum) {
				if (o->opt.kind == OPT_SGD)
					r.opt.cfg.momentum = mom;
				else
					r.opt.cfg.beta1 = mom;
			}
			batcher_next(&r.b);
			mlp_forward(&r.m, r.b.x, o->batch);
			loss = mlp_loss(&r.m, r.b.y, NULL);
			sum += loss;
			if (o->progress != NULL)
				o->progress(o->progress_arg, it + 1,
				    sched->total, lr, loss);
			if (!isfinite(loss)) {
				ep.diverged = true;
				break;
			}
			mlp_backward(&r.m);
			optim_step(&r.opt, r.m.param, r.m.grad, lr);
			st->steps++;
			st->samples += o->batch;
		}
		st->seconds += now() - t0;
		ep.epoch = e;
		ep.lr = lr;
		ep.train_loss = ep.diverged ? NAN : sum / (double)spe;
		evaluate(&r.m, &r.b, test, &ep.test_loss, &ep.test_acc);
		if (on_epoch != NULL && on_epoch(arg, &ep) != 0)
			break;
		if (ep.diverged)
			break;
	}
	st->flops = (double)st->samples * mlp_flops_per_sample(&r.m);
	run_free(&r);
	return TRAIN_OK;
}
