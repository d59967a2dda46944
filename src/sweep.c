/* sweep.c: the learning rate of step i of a range-test sweep */
#include <math.h>

#include "sweep.h"

double
sweep_lr(const struct sweep *sw, size_t i)
{
	double den = sw->ends == SWEEP_END_INCLUDED ? (double)sw->iters - 1 :
						      (double)sw->iters;
	double r = den > 0 ? (double)i / den : 0, q;

	if (sw->linear)
		return sw->init_lr + r * (sw->max_lr - sw->init_lr);
	q = sw->max_lr / sw->init_lr;
	if (isfinite(q))
		return sw->init_lr * pow(q, r);
	/* a ratio beyond the doubles: the same in logarithms */
	return exp(log(sw->init_lr) + r * (log(sw->max_lr) - log(sw->init_lr)));
}

const char *
sweep_check(const struct sweep *sw)
{
	if (!(sw->init_lr > 0) || !isfinite(sw->init_lr))
		return "{init_lr} must be a finite number > 0";
	if (!(sw->max_lr > sw->init_lr) || !isfinite(sw->max_lr))
		return "{max_lr} must be finite and greater than {init_lr}";
	if (sw->iters < 2)
		return "{iters} must be at least 2";
	return NULL;
}
