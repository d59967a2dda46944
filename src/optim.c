/* optim.c: SGD (momentum, Nesterov, weight decay), Adam and AdamW, as torch.optim steps */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "optim.h"

static const char *const
    names[] = { [OPT_SGD] = "sgd", [OPT_ADAM] = "adam", [OPT_ADAMW] = "adamw" };

const char *
optim_name(enum optim_kind k)
{
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

int
optim_parse(const char *s, enum optim_kind *k)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*k = (enum optim_kind)i;
			return 0;
		}
	return -1;
}

void
optim_config_default(struct optim_config *c, enum optim_kind kind)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->momentum = 0;
	c->nesterov = false;
	c->weight_decay = kind == OPT_ADAMW ? 1e-2 : 0;
	c->beta1 = 0.9;
	c->beta2 = 0.999;
	c->eps = 1e-8;
}

const char *
optim_check(const struct optim_config *c)
{
	if (!(c->weight_decay >= 0) || !isfinite(c->weight_decay))
		return "{weight_decay} must be a finite number >= 0";
	switch (c->kind) {
	case OPT_SGD:
		if (!(c->momentum >= 0) || !isfinite(c->momentum))
			return "{momentum} must be a finite number >= 0";
		if (c->nesterov && c->momentum == 0)
			return "{nesterov} needs a {momentum} > 0";
		return NULL;
	case OPT_ADAM:
	case OPT_ADAMW:
		if (c->nesterov)
			return "{nesterov} applies to sgd only";
		if (!(c->beta1 >= 0 && c->beta1 < 1))
			return "{beta1} must be in [0, 1)";
		if (!(c->beta2 >= 0 && c->beta2 < 1))
			return "{beta2} must be in [0, 1)";
		if (!(c->eps > 0) || !isfinite(c->eps))
			return "{eps} must be a finite number > 0";
		return NULL;
	}
	return "unknown optimizer";
}

int
optim_init(struct optim *o, const struct optim_config *c, size_t n)
{
	size_t sz = n == 0 ? 1 : n;

	memset(o, 0, sizeof(*o));
	o->cfg = *c;
	o->n = n;
	if (sz > SIZE_MAX / sizeof(float))
		return -1;
	if ((o->buf = calloc(sz, sizeof(float))) == NULL)
		return -1;
	if (c->kind != OPT_SGD && (o->sq = calloc(sz, sizeof(float))) == NULL) {
		free(o->buf);
		o->buf = NULL;
		return -1;
	}
	return 0;
}

void
optim_free(struct optim *o)
{
	free(o->buf);
	free(o->sq);
	o->buf = o->sq = NULL;
}

/*
 * SGD.  GCC's -O2 vectorises a loop only when its trip count is a known
 * multiple of the vector width, so each loop first runs to n rounded down
 * to a multiple of 8 (the same body then finishes the tail).  The first
 * step's b = g is mu b + g with b = 0 and mu = 0, which is exact.
 */
#define SGD_LOOP(body) \
	do { \
		for (i = 0; i < nb; i++) { \
			body \
		} \
		for (; i < n; i++) { \
			body \
		} \
	} while (0)

static void
sgd_step(struct optim *o, float *restrict p, float *restrict g, double lr)
{
	float *restrict b = o->buf;
	const float wd = (float)o->cfg.weight_decay, nlr = (float)-lr;
	const float mu = o->t == 0 ? 0.0f : (float)o->cfg.momentum;
	const float mu_nest = (float)o->cfg.momentum;
	size_t i, n = o->n, nb = n & ~(size_t)7;

	if (o->cfg.momentum == 0)
		SGD_LOOP(float d = g[i] + wd * p[i]; p[i] = p[i] + nlr * d;
			 g[i] = 0;);
	else if (!o->cfg.nesterov)
		SGD_LOOP(float d = g[i] + wd * p[i]; float m = mu * b[i] + d;
			 b[i] = m; p[i] = p[i] + nlr * m; g[i] = 0;);
	else
		SGD_LOOP(float d = g[i] + wd * p[i]; float m = mu * b[i] + d;
			 b[i] = m; p[i] = p[i] + nlr * (d + mu_nest * m);
			 g[i] = 0;);
}

/*
 * Adam and AdamW.  sqrtf may set errno, so compilers do not vectorise this
 * loop; on x86-64 it is written with SSE, whose single-precision operations
 * are the scalar ones four at a time, in the same order: the results are
 * the same to the bit.
 */
static void
adam_step(struct optim *o, float *restrict p, float *restrict g, double lr)
{
	float *restrict m = o->buf, *restrict v = o->sq;
	const double t = (double)o->t + 1;
	const double bc1 = 1 - pow(o->cfg.beta1, t);
	const double bc2 = 1 - pow(o->cfg.beta2, t);
	const float b1 = (float)o->cfg.beta1, a1 = (float)(1 - o->cfg.beta1);
	const float b2 = (float)o->cfg.beta2, a2 = (float)(1 - o->cfg.beta2);
	const float nstep = (float)(-(lr / bc1)), bc2s = (float)sqrt(bc2);
	const float eps = (float)o->cfg.eps;
	const float wd =
	    o->cfg.kind == OPT_ADAM ? (float)o->cfg.weight_decay : 0.0f;
	const float decay = o->cfg.kind == OPT_ADAMW ?
	    (float)(1 - lr * o->cfg.weight_decay) :
	    1.0f;
	size_t i = 0, n = o->n;

#if defined(__SSE2__)
	{
		const __m128 vb1 = _mm_set1_ps(b1), va1 = _mm_set1_ps(a1);
		const __m128 vb2 = _mm_set1_ps(b2), va2 = _mm_set1_ps(a2);
		const __m128 vstep = _mm_set1_ps(nstep),
			     vbc2s = _mm_set1_ps(bc2s);
		const __m128 veps = _mm_set1_ps(eps), vwd = _mm_set1_ps(wd);
		const __m128 vdecay = _mm_set1_ps(decay);
		__m128 pi, gi, mi, vi, den;

		for (; i + 4 <= n; i += 4) {
			pi = _mm_mul_ps(_mm_loadu_ps(p + i), vdecay);
			gi = _mm_add_ps(_mm_loadu_ps(g + i),
			    _mm_mul_ps(vwd, pi));
			mi = _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(m + i), vb1),
			    _mm_mul_ps(va1, gi));
			vi = _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(v + i), vb2),
			    _mm_mul_ps(_mm_mul_ps(va2, gi), gi));
			_mm_storeu_ps(m + i, mi);
			_mm_storeu_ps(v + i, vi);
			den = _mm_add_ps(_mm_div_ps(_mm_sqrt_ps(vi), vbc2s),
			    veps);
			_mm_storeu_ps(p + i,
			    _mm_add_ps(pi,
				_mm_div_ps(_mm_mul_ps(vstep, mi), den)));
			_mm_storeu_ps(g + i, _mm_setzero_ps());
		}
	}
#endif
	for (; i < n; i++) {
		float pi = p[i] * decay;
		float gi = g[i] + wd * pi;
		float mi = m[i] * b1 + a1 * gi;
		float vi = v[i] * b2 + a2 * gi * gi;

		m[i] = mi;
		v[i] = vi;
		p[i] = pi + nstep * mi / (sqrtf(vi) / bc2s + eps);
		g[i] = 0;
	}
}

void
optim_step(struct optim *o, float *param, float *grad, double lr)
{
	if (o->cfg.kind == OPT_SGD)
		sgd_step(o, param, grad, lr);
	else
		adam_step(o, param, grad, lr);
	o->t++;
}
