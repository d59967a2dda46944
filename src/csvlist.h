/* csvlist.h: a CSV's columns as series, for a list of what a log holds */
#ifndef LRFIND_CSVLIST_H
#define LRFIND_CSVLIST_H

#include <stddef.h>

#include "logread.h"
#include "series.h"

/*
 * The numeric cells of each column of the CSV buf[0..len), cells split at
 * delim, into ss, one series a column, the row (0: the first data row) as
 * the step: named by the header, or, with no header, by the columns'
 * numbers from 1 (as --lr-col takes them).  A UTF-8 BOM and comment lines
 * (a '#' that starts a line outside quotes) are skipped, as the CSV
 * reader skips them; a column without a number still gets a series, of no
 * points.  LR_ERR_INPUT: res->err says "ROW: what libcsv found".
 *
 * Ownership: buf is borrowed; ss is the caller's and gets the series.
 */
enum lr_status csvlist_read(const char *buf, size_t len, char delim,
    struct series_set *ss, struct logread_result *res);

#endif
