/* bounds.c: the bounds of a schedule, read from an analysis (bounds.h) */
#include <math.h>
#include <string.h>

#include "bounds.h"

static int
ok(double x)
{
	return isfinite(x) && x > 0;
}

int
bounds_from_analysis(const struct analysis *an, enum method m, enum policy p,
    struct bounds *b)
{
	const struct suggestion *sg = &an->sug[m];

	memset(b, 0, sizeof(*b));
	if (an->verdict == V_NONE || !sg->ok || !ok(sg->lr))
		return -1;
	b->suggestion = sg->lr;
	switch (p) {
	case POL_ONECYCLE:
		b->max_lr = an->oc_max;
		b->div_factor = an->oc_div;
		b->final_div_factor = an->oc_final_div;
		return ok(b->max_lr) && ok(b->div_factor) &&
			ok(b->final_div_factor) ?
		    0 :
		    -1;
	case POL_CONSTANT:
		b->lr = sg->lr;
		return 0;
	case POL_RANGE:
		return 0;
	default:
		b->base_lr = an->clr_base;
		b->max_lr = an->clr_max;
		return ok(b->base_lr) && ok(b->max_lr) ? 0 : -1;
	}
}
