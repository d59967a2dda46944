/* optim.h: SGD (momentum, Nesterov, weight decay), Adam and AdamW, as torch.optim steps */
#ifndef LRFIND_OPTIM_H
#define LRFIND_OPTIM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Each step follows torch.optim's single-tensor algorithm (PyTorch 1.13 to
 * 2.x, maximize=False, dampening 0, amsgrad off), with g the gradient and
 * p a parameter:
 *   SGD    g += wd p;  b = g at the first step, else b = mu b + g;
 *          p -= lr (g + mu b) with Nesterov, else p -= lr b
 *   Adam   g += wd p;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
 *          p -= lr/(1-b1^t) m / (sqrt(v)/sqrt(1-b2^t) + eps)
 *   AdamW  p *= 1 - lr wd, then Adam's step without the g += wd p
 * Arithmetic is in float, the bias corrections in double, as PyTorch does.
 *
 * Ownership: struct optim_config is a plain value.  struct optim is filled
 * by optim_init and released by optim_free; it owns its state buffers and
 * borrows nothing (parameters and gradients are passed to every step).
 */

enum optim_kind { OPT_SGD, OPT_ADAM, OPT_ADAMW };

struct optim_config {
	enum optim_kind kind;
	double momentum; /* SGD: mu >= 0 (0: plain SGD) */
	bool nesterov; /* SGD: needs momentum > 0 */
	double weight_decay; /* >= 0 */
	double beta1, beta2; /* Adam(W): in [0, 1) */
	double eps; /* Adam(W): > 0 */
};

struct optim {
	struct optim_config cfg;
	size_t n;
	float *buf; /* SGD momentum buffer, Adam(W) exp_avg */
	float *sq; /* Adam(W) exp_avg_sq */
	size_t t; /* steps taken */
};

/* PyTorch's defaults for kind: SGD momentum 0; Adam betas (0.9, 0.999),
 * eps 1e-8, weight decay 0; AdamW the same with weight decay 0.01. */
void optim_config_default(struct optim_config *c, enum optim_kind kind);

/* NULL if usable, else a static message naming the bad setting in its
 * own terms, "{field}" (a front end maps them to its flags: fields_map). */
const char *optim_check(const struct optim_config *c);

/* 0, or -1 out of memory.  The state starts empty (PyTorch's lazy state). */
int optim_init(struct optim *o, const struct optim_config *c, size_t n);
void optim_free(struct optim *o);

/*
 * One step of n parameters with learning rate lr.  grad is read and then
 * set to zero (the step does zero_grad in the same pass).  The momentum
 * (SGD) or beta1 (Adam, AdamW) may be changed between steps, as a cyclic
 * schedule does, through o->cfg.
 */
void optim_step(struct optim *o, float *param, float *grad, double lr);

const char *optim_name(enum optim_kind k);
int optim_parse(const char *s, enum optim_kind *k); /* 0 ok, -1 unknown */

#endif
