/* colnames.h: which column, tag or key is the step, the lr or the loss */
#ifndef LRFIND_COLNAMES_H
#define LRFIND_COLNAMES_H

#include <stddef.h>

/*
 * The names trainers give the three quantities a range test needs, the
 * same for CSV columns, TensorBoard tags and JSON or MLflow keys, matched
 * without regard to case, in the order of the lists in colnames.c (the
 * first name of a list that any candidate has wins).  The lr also matches
 * Lightning's LearningRateMonitor names, "lr-" and an optimizer's name
 * (lr-SGD, lr-Adam/pg1), when no listed name is there.
 *
 * Ownership: nothing is kept; names are borrowed for the call.
 */

enum colrole { COLROLE_STEP, COLROLE_LR, COLROLE_LOSS };

/* The index in names[0..n-1] of the name that plays role, or -1. */
int colnames_pick(enum colrole role, const char *const *names, size_t n);

/* The names the loss is recognised by, for messages: "loss, train_loss, ..." */
const char *colnames_loss_list(void);

#endif
