/* mlp.c: the built-in model: a float32 multi-layer perceptron */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "mlp.h"

/* 64-byte aligned floats, or NULL. */
static void init_weights(struct mlp *m, struct rng *rng);

static float *
falloc(size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / sizeof(float))
		return NULL;
	if (posix_memalign(&p, 64, n * sizeof(float)) != 0)
		return NULL;
	return p;
}

void
mlp_free(struct mlp *m)
{
	size_t l;

	free(m->param);
	free(m->grad);
	for (l = 0; l <= MLP_MAX_LAYERS; l++)
		free(m->act[l]);
	free(m->dbuf[0]);
	free(m->dbuf[1]);
	memset(m, 0, sizeof(*m));
}

enum mlp_status
mlp_init(struct mlp *m, const size_t *sizes, size_t nsizes, size_t cap,
    struct rng *rng)
{
	size_t l, off, widest = 0;
	double np = 0;

	memset(m, 0, sizeof(*m));
	if (nsizes < 2 || nsizes > MLP_MAX_LAYERS + 1 || cap == 0)
		return MLP_ERR_ARG;
	for (l = 0; l < nsizes; l++) {
		if (sizes[l] == 0 || sizes[l] > (1u << 24))
			return MLP_ERR_ARG;
		if (l < nsizes - 1)
			np += (double)sizes[l + 1] * (double)(sizes[l] + 1);
		if (l > 0 && l < nsizes - 1 && sizes[l] > widest)
			widest = sizes[l];
	}
	if (np > (double)(SIZE_MAX / 8) ||
	    (double)cap * (1u << 24) > (double)(SIZE_MAX / 8))
		return MLP_ERR_ARG;
	m->nlayers = nsizes - 1;
	memcpy(m->size, sizes, nsizes * sizeof(*sizes));
	m->nparam = (size_t)np;
	m->cap = cap;
	if ((m->param = falloc(m->nparam)) == NULL ||
	    (m->grad = falloc(m->nparam)) == NULL)
		goto nomem;
	for (l = 1; l <= m->nlayers; l++)
		if ((m->act[l] = falloc(cap * m->size[l])) == NULL)
			goto nomem;
	if (widest > 0 &&
	    ((m->dbuf[0] = falloc(cap * widest)) == NULL ||
		(m->dbuf[1] = falloc(cap * widest)) == NULL))
		goto nomem;
	for (l = 0, off = 0; l < m->nlayers; l++) {
		m->w[l] = m->param + off;
		m->gw[l] = m->grad + off;
		off += m->size[l + 1] * m->size[l];
		m->b[l] = m->param + off;
		m->gb[l] = m->grad + off;
		off += m->size[l + 1];
	}
	init_weights(m, rng);
	return MLP_OK;
nomem:
	mlp_free(m);
	return MLP_ERR_NOMEM;
}

/* Draw the weights (He) and zero the biases and gradients. */
static void
init_weights(struct mlp *m, struct rng *rng)
{
	size_t l, i, nw;
	double sd;

	for (l = 0; l < m->nlayers; l++) {
		nw = m->size[l + 1] * m->size[l];
		sd = sqrt(2.0 / (double)m->size[l]);
		for (i = 0; i < nw; i++)
			m->w[l][i] = (float)(sd * rng_normal(rng));
		memset(m->b[l], 0, m->size[l + 1] * sizeof(float));
	}
	mlp_zero_grad(m);
}

void
mlp_zero_grad(struct mlp *m)
{
	memset(m->grad, 0, m->nparam * sizeof(float));
}

double
mlp_flops_per_sample(const struct mlp *m)
{
	double f = 0, ko;
	size_t l;

	for (l = 0; l < m->nlayers; l++) {
		ko = (double)m->size[l] * (double)m->size[l + 1];
		f += 2 * ko * (l > 0 ? 3 : 2); /* forward, dW, dX but layer 0 */
	}
	return f;
}

/*
 * C (m x n, row-major) += op(A) op(B), through OpenBLAS's sgemm with beta 1:
 * OpenBLAS then skips its C-scaling pass, which costs as much as a small
 * product (callers that want C = op(A) op(B) zero it first).  A product
 * with a side under 32 (the output layer's, with a handful of classes)
 * runs on one thread: OpenBLAS splits it across all of them, and waiting
 * for the other threads then takes longer than the work (at batch 512,
 * 0.47 ms instead of 0.24 ms a step on two cores).  The thread count of
 * each product depends only on its shape, so results stay reproducible.
 */
static void
gemm_acc(enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb, size_t m, size_t n,
    size_t k, const float *a, size_t lda, const float *b, size_t ldb, float *c,
    size_t ldc)
{
	int nt = 0;

	if ((m < 32 || n < 32 || k < 32) && (nt = blas_get_threads()) > 1)
		blas_set_threads(1);
	blas_sgemm(CblasRowMajor, ta, tb, (int)m, (int)n, (int)k, 1.0f, a,
	    (int)lda, b, (int)ldb, 1.0f, c, (int)ldc);
	if (nt > 1)
		blas_set_threads(nt);
}

/* out (n x o) = bias rows, then out += in W^T. */
static void
linear(const float *in, size_t n, size_t k, const float *w, const float *b,
    size_t o, float *out)
{
	size_t r;

	for (r = 0; r < n; r++)
		memcpy(out + r * o, b, o * sizeof(float));
	gemm_acc(CblasNoTrans, CblasTrans, n, o, k, in, k, w, k, out, o);
}

/*
 * The element loops below first run to a multiple of 8: GCC's -O2
 * vectorises a loop only when its trip count is a known multiple of the
 * vector width, and only when the function is not inlined into a caller
 * where the restrict qualifiers are lost (hence NOINLINE).
 */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

NOINLINE static void
relu(float *restrict a, size_t len)
{
	size_t i, nb = len & ~(size_t)7;

	for (i = 0; i < nb; i++)
		a[i] = a[i] > 0 ? a[i] : 0;
	for (; i < len; i++)
		a[i] = a[i] > 0 ? a[i] : 0;
}

/* d = d where a > 0, else 0 (the ReLU's derivative); gb += d. */
NOINLINE static void
relu_back(float *restrict d, const float *restrict a, float *restrict gb,
    size_t k)
{
	size_t j, nb = k & ~(size_t)7;

	for (j = 0; j < nb; j++) {
		d[j] = a[j] > 0 ? d[j] : 0;
		gb[j] += d[j];
	}
	for (; j < k; j++) {
		d[j] = a[j] > 0 ? d[j] : 0;
		gb[j] += d[j];
	}
}

void
mlp_forward(struct mlp *m, const float *x, size_t n)
{
	size_t l, last = m->nlayers - 1;
	const float *in = x;

	m->in = x;
	m->batch = n;
	for (l = 0; l <= last; l++) {
		linear(in, n, m->size[l], m->w[l], m->b[l], m->size[l + 1],
		    m->act[l + 1]);
		if (l < last)
			relu(m->act[l + 1], n * m->size[l + 1]);
		in = m->act[l + 1];
	}
}

double
mlp_loss(struct mlp *m, const uint32_t *y, size_t *correct)
{
	size_t n = m->batch, c = m->size[m->nlayers], r, j, best;
	float *z, mx, sum, scale, inv_n = 1.0f / (float)n;
	double total = 0;
	size_t ok = 0;

	for (r = 0; r < n; r++) {
		z = m->act[m->nlayers] + r * c;
		mx = z[0];
		best = 0;
		for (j = 1; j < c; j++)
			if (z[j] > mx) {
				mx = z[j];
				best = j;
			}
		if (best == y[r])
			ok++;
		/* log-sum-exp from the largest logit; NaN propagates */
		total += (double)mx - (double)z[y[r]];
		sum = 0;
		for (j = 0; j < c; j++) {
			z[j] = expf(z[j] - mx);
			sum += z[j];
		}
		total += log((double)sum);
		if (!isfinite(mx) || isnan(sum))
			total = NAN;
		scale = inv_n / sum;
		for (j = 0; j < c; j++)
			z[j] *= scale;
		z[y[r]] -= inv_n;
	}
	if (correct != NULL)
		*correct += ok;
	return total / (double)n;
}

void
mlp_backward(struct mlp *m)
{
	size_t n = m->batch, l, r, j, k, o, pp = 0;
	const float *in;
	float *delta = m->act[m->nlayers], *d, *a, *gb;

	/* bias gradient of the last layer: column sums of dL/dlogits */
	o = m->size[m->nlayers];
	gb = m->gb[m->nlayers - 1];
	for (r = 0; r < n; r++)
		for (j = 0; j < o; j++)
			gb[j] += delta[r * o + j];

	for (l = m->nlayers; l-- > 0;) {
		k = m->size[l];
		o = m->size[l + 1];
		in = l == 0 ? m->in : m->act[l];
		/* dW += delta^T in */
		gemm_acc(CblasTrans, CblasNoTrans, o, k, n, delta, o, in, k,
		    m->gw[l], k);
		if (l == 0)
			break;
		/* dL/d(input of layer l) = delta W, through the ReLU */
		d = m->dbuf[pp];
		pp ^= 1;
		memset(d, 0, n * k * sizeof(float));
		gemm_acc(CblasNoTrans, CblasNoTrans, n, k, o, delta, o, m->w[l],
		    k, d, k);
		a = m->act[l];
		gb = m->gb[l - 1];
		for (r = 0; r < n; r++)
			relu_back(d + r * k, a + r * k, gb, k);
		delta = d;
	}
}
