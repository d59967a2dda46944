/* mlp.h: the built-in model: a float32 multi-layer perceptron */
#ifndef LRFIND_MLP_H
#define LRFIND_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/*
 * Ownership.  A struct mlp is filled by mlp_init and released with
 * mlp_free; it owns its parameters, gradients and work buffers.  mlp_forward borrows the input x
 * until the next mlp_forward or mlp_backward has returned: the caller must
 * keep it alive and unchanged in between.
 *
 * The model: linear layers 0 .. nlayers-1, each y = x W^T + b with W of
 * size[l+1] x size[l] (row-major, PyTorch's nn.Linear layout) and b of
 * size[l+1]; ReLU after every layer but the last; softmax cross-entropy,
 * averaged over the batch, on the last layer's output (the logits).
 * Parameters and gradients are one array each: layer l's W then b, layer by
 * layer, so that an optimizer steps over a single vector.  Matrix products
 * go through OpenBLAS's sgemm (blas.h), which loads the library on first
 * use: a caller that must report a missing OpenBLAS calls blas_load first.
 */

#define MLP_MAX_LAYERS 16

struct mlp {
	size_t nlayers; /* linear layers, 1 .. MLP_MAX_LAYERS */
	size_t size[MLP_MAX_LAYERS + 1]; /* widths: input, hidden ..., classes */
	size_t nparam;
	float *param; /* nparam: W0 b0 W1 b1 ... */
	float *grad; /* nparam, the same layout */
	float *w[MLP_MAX_LAYERS], *b[MLP_MAX_LAYERS]; /* into param */
	float *gw[MLP_MAX_LAYERS], *gb[MLP_MAX_LAYERS]; /* into grad */
	size_t cap; /* largest batch the buffers hold */
	/* work buffers (cap rows each) */
	const float *in; /* input of the last forward (borrowed) */
	float *act[MLP_MAX_LAYERS + 1]; /* act[l], l >= 1: output of layer l-1
					 * (after ReLU; the last holds dL/dlogits
					 * after mlp_loss) */
	float *dbuf[2]; /* ping-pong dL/dact for hidden layers */
	size_t batch; /* rows of the last forward */
};

enum mlp_status { MLP_OK = 0, MLP_ERR_ARG, MLP_ERR_NOMEM };

/*
 * sizes: nsizes >= 2 widths (input, hidden..., classes), each >= 1;
 * cap: the largest batch.  Weights get He initialisation (normal, mean 0,
 * variance 2/fan_in) from rng, biases 0.
 */
enum mlp_status mlp_init(struct mlp *m, const size_t *sizes, size_t nsizes,
    size_t cap, struct rng *rng);
void mlp_free(struct mlp *m);

/* Forward n <= cap rows of x (n x size[0]): fills the logits, act[nlayers]. */
void mlp_forward(struct mlp *m, const float *x, size_t n);

/*
 * Softmax cross-entropy of the last forward against labels y (each below
 * size[nlayers]).  Returns the mean loss over the n rows (NaN or inf if
 * the logits are not finite); adds the number of rows whose largest logit
 * is the label to *correct when correct is not NULL.  Replaces the logits
 * by dL/dlogits for mlp_backward.
 */
double mlp_loss(struct mlp *m, const uint32_t *y, size_t *correct);

/* Back-propagate the last mlp_loss, ADDING the gradients into m->grad
 * (like PyTorch's .grad; zero them with mlp_zero_grad or an optimizer step). */
void mlp_backward(struct mlp *m);

void mlp_zero_grad(struct mlp *m);

/* Floating-point operations of one forward and backward of one sample
 * (multiply-adds count 2; the first layer's input gradient is not computed). */
double mlp_flops_per_sample(const struct mlp *m);

#endif
