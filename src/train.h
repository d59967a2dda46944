/* train.h: the built-in training loop: a range test, or a run with an lr schedule */
#ifndef LRFIND_TRAIN_H
#define LRFIND_TRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "mlp.h"
#include "optim.h"
#include "rangetest.h"
#include "schedule.h"
#include "sweep.h"

/*
 * Both loops build a fresh MLP (input width of the data, the hidden
 * widths, one output per class) initialised from the seed, draw batches
 * from a seeded shuffle of the training set (reshuffled when fewer than a
 * batch of samples remain, so each batch is full), and take one optimizer
 * step per batch.  The same options, seed and OpenBLAS thread count give
 * bit-identical losses.  Both load OpenBLAS (blas_load) before they build
 * the model, and fail with TRAIN_ERR_BLAS if they cannot.
 *
 * Ownership: struct train_opts and its callbacks are borrowed for the
 * call; the data sets are borrowed and not changed; the rangetest is the
 * caller's (rt_init before, rt_free after).  Results are plain values.
 */

struct train_opts {
	size_t hidden[MLP_MAX_LAYERS - 1]; /* hidden widths */
	size_t nhidden;
	size_t batch;
	uint64_t seed;
	int threads; /* OpenBLAS threads, 0: leave as set */
	struct optim_config opt;
	/* called after every step when not NULL */
	void (*progress)(void *arg, size_t done, size_t total, double lr,
	    double loss);
	void *progress_arg;
};

struct train_stats {
	size_t steps; /* optimizer steps (batches) taken */
	size_t samples; /* samples through a forward pass (an exploding
				 * batch, which takes no step, included) */
	double seconds; /* wall time of the loop, without loading or evaluation */
	double flops; /* floating-point operations of those passes */
	size_t nparam; /* parameters of the model */
};

enum train_status {
	TRAIN_OK = 0,
	TRAIN_ERR_ARG, /* err says which setting */
	TRAIN_ERR_NOMEM,
	TRAIN_ERR_BLAS /* OpenBLAS could not be loaded: err says why */
};

void train_opts_default(
    struct train_opts *o); /* hidden 256, batch 64, seed 1, SGD */

/*
 * The range test: batch i (0-based) is trained with lr sweep_lr(sw, i);
 * its loss, measured before the step, is pushed into rt with step i, and
 * the test stops at RT_EXPLODED (the exploding row is kept) or after
 * sw->iters batches.  It writes nothing: rt holds every row, and the
 * caller writes the log (report_log) where it wants it.
 */
enum train_status train_range_test(const struct train_opts *o,
    const struct sweep *sw, const struct dataset *train, struct rangetest *rt,
    struct train_stats *st, char *err, size_t errsz);

struct train_epoch {
	size_t epoch; /* 1-based */
	size_t epochs;
	double lr; /* the lr of the epoch's last step */
	double train_loss; /* mean of the epoch's batch losses */
	double test_loss; /* mean over the test set */
	double test_acc; /* fraction of the test set right */
	bool diverged; /* a batch loss was not finite: training stops */
};

/* Full batches per epoch: floor(n / batch). */
size_t train_steps_per_epoch(const struct dataset *train, size_t batch);

/*
 * Train for epochs epochs with the lr (and, when sched->cycle_momentum, the
 * SGD momentum or Adam's beta1) of schedule_at for each step; sched->total
 * must be epochs * train_steps_per_epoch.  After each epoch, evaluate the
 * test set and call on_epoch, which may stop the run by returning non-zero.
 */
enum train_status
train_fit(const struct train_opts *o, const struct schedule *sched,
    size_t epochs, const struct dataset *train, const struct dataset *test,
    int (*on_epoch)(void *arg, const struct train_epoch *e), void *arg,
    struct train_stats *st, char *err, size_t errsz);

#endif
