/* sweep.h: the learning rate of step i of a range-test sweep */
#ifndef LRFIND_SWEEP_H
#define LRFIND_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Endpoint conventions.  With n steps numbered i = 0 .. n-1:
 *   SWEEP_END_EXCLUDED  r = i/n      (fastai, the seed article: max_lr never used)
 *   SWEEP_END_INCLUDED  r = i/(n-1)  (pytorch-lr-finder: both ends used)
 * exponential: lr = init * (max/init)^r;  linear: lr = init + r * (max - init).
 */
enum sweep_ends { SWEEP_END_EXCLUDED, SWEEP_END_INCLUDED };

/* A sweep is a plain value; it owns nothing. */
struct sweep {
	double init_lr;
	double max_lr;
	size_t iters; /* n: the number of steps of the sweep */
	bool linear;
	enum sweep_ends ends;
};

/* The lr of step i (0-based).  i may exceed n-1: the formula continues. */
double sweep_lr(const struct sweep *sw, size_t i);

/* NULL if sw is usable, else a static message naming what is wrong in
 * its own terms, "{field}" (init_lr, max_lr, iters). */
const char *sweep_check(const struct sweep *sw);

#endif
