/* bounds.h: the bounds of a schedule, read from a range test's analysis */
#ifndef LRFIND_BOUNDS_H
#define LRFIND_BOUNDS_H

#include "analysis.h"
#include "schedule.h"

/*
 * What an analysis gives a schedule of each policy (one rule for
 * schedule --from and train --max-lr auto):
 *   onecycle          max_lr (the lag-free minimum, or the minimum in a
 *                     peer's pipeline), div_factor, final_div_factor
 *   constant          lr: the suggestion of the method asked for (the
 *                     front ends ask for ANALYSIS_DEFAULT_METHOD unless
 *                     the user chose one)
 *   the cyclical ones base_lr and max_lr (the report's clr)
 *   range             nothing
 * A plain value, filled by bounds_from_analysis.
 */
struct bounds {
	double lr; /* constant */
	double base_lr, max_lr; /* cyclical; max_lr also onecycle */
	double div_factor, final_div_factor; /* onecycle */
	double suggestion; /* the method's lr, for messages */
};

/*
 * Fill b for policy p from an (method m for the constant lr and the
 * suggestion).  0, or -1 when the analysis gives no bounds for p: its
 * verdict is none, the method made no suggestion, or a bound it needs is
 * not finite and > 0.
 */
int bounds_from_analysis(const struct analysis *an, enum method m,
    enum policy p, struct bounds *b);

#endif
