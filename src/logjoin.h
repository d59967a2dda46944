/* logjoin.h: a run's lr and loss series, joined by step into a range test */
#ifndef LRFIND_LOGJOIN_H
#define LRFIND_LOGJOIN_H

#include "logread.h"
#include "series.h"

/*
 * logjoin takes the series a reader of event files, JSON logs, MLflow runs
 * or W&B exports found, chooses the loss and the lr among them (by the
 * names in o->loss_col and o->lr_col, matched without regard to case, else
 * by colnames.h's names), sorts the loss points by step (a step given twice
 * keeps the point read last: a run resumed, or several files of one run),
 * gives each the lr of the last lr point at or before its step (a schedule
 * holds its value until it changes; loss points before the first lr point
 * are skipped and counted), or the rebuilt sweep's lr when the run logs no
 * lr, and pushes the rows into rt, which stops at the explosion.  What it
 * chose goes into res as the CSV reader fills it (names, rows, skipped,
 * lr_rebuilt, stopped_early); explode_line stays 0 (no file line).
 *
 * Ownership: ss is the caller's; logjoin sorts its series in place (their
 * points move; nothing is freed).  o is borrowed.  res is a plain value;
 * on LR_ERR_INPUT its err holds the message.
 */
enum lr_status logjoin(struct series_set *ss, const struct logread_opts *o,
    struct rangetest *rt, struct logread_result *res);

#endif
