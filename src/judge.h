/* judge.h: the verdict of an analysis, internal to analysis.c and judge.c */
#ifndef LRFIND_JUDGE_H
#define LRFIND_JUDGE_H

#include "analysis.h"
#include "rangetest.h"

/*
 * After the suggestions are made: an's noise, drop, spread, warnings and
 * verdict (analysis.h), from rt's losses over the window [an->lo, an->hi);
 * without signal (an lr that does not change, a loss that never fell)
 * every suggestion is withheld, with why.  an is the caller's and is
 * updated in place; rt and cfg are borrowed.
 */
void analysis_judge(struct analysis *an, const struct rangetest *rt,
    const struct analysis_config *cfg);

#endif
