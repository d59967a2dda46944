/* peers.h: the suggestion rules of the peer lr finders, on plain arrays */
#ifndef LRFIND_PEERS_H
#define LRFIND_PEERS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Each rule reads n points (lr[i], loss[i]) and returns the chosen index
 * (valley and slide read single-precision losses, as fastai's tensors are)
 * in 0 .. n-1, or -1 when the rule has too few points.  The arrays are
 * borrowed; nothing is kept.  The comment on each function below states its rule.
 */

/* fastai valley: the midpoint of the longest strictly decreasing
 * subsequence (found in n log n), with fastai's index arithmetic, a
 * negative index wrapping as in Python.  scratch holds n floats. */
long peers_valley(const float *loss, size_t n, float *scratch);

/* fastai slide: walk left while the per-index gradients lr_diff apart
 * differ by more than thresh; needs n > lr_diff. */
long peers_slide(const float *loss, size_t n, int lr_diff, double thresh);

/* fastai steep: argmin of (L[j+1]-L[j]) / (ln lr[j+1] - ln lr[j]), left end. */
long peers_fastai_steep(const double *lr, const double *loss, size_t n);

/* numpy.gradient per index (unit spacing): argmin.  pytorch-lr-finder. */
long peers_index_gradient(const double *loss, size_t n);

/* torch.gradient(loss, spacing=[lr]) in float32, argmin: Lightning >= 2.5.3.
 * Non-finite losses are left out first, as Lightning does; the index
 * returned is into the original arrays. */
long peers_lightning_gradient(const double *lr, const double *loss, size_t n);

/* argmin of loss, first on ties; NaN ignored. */
long peers_argmin(const double *loss, size_t n);

#endif
