/* plot.h: the gnuplot script of one or more analysed runs */
#ifndef LRFIND_PLOT_H
#define LRFIND_PLOT_H

/* A series of more points than this is thinned in the script: each
 * stretch of points is written as its lowest and highest point. */
#define PLOT_MAX_POINTS 4000

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

/*
 * The module is two files: plot.c writes the script, plotlayout.c decides
 * its geometry (axes, thinning, where labels and the key go; its header,
 * plotlayout.h, is internal to the two).  plot_key_lines and
 * plot_linear_axis are the layout's.
 *
 * plot_write writes a self-contained gnuplot 5 script: every number is
 * inline in a datablock, so the script reads no file, and every string
 * that comes from outside (file and column names) goes through plot_quote.
 * Its first line sets the dumb terminal when none is set, so a plain
 * `gnuplot FILE` draws a text plot; a terminal and output set before it
 * (gnuplot -e, or lines written ahead of it) are kept.
 *
 * Ownership: the runs, their analyses and the options are borrowed and
 * only read; nothing is kept after the call.  No process is started.
 */

struct plot_opts {
	bool slope_panel; /* a second panel: d smoothed loss / d log10(lr) */
};

void plot_opts_default(struct plot_opts *po);

/* 0, or -1 if the stream has an error or memory ran out. */
int plot_write(FILE *fp, const struct report_run *runs, size_t n,
    const struct plot_opts *po);

/* Write s as a gnuplot single-quoted string: ' doubled, control bytes
 * (< 0x20 and 0x7f) written as '?'; nothing else is special there. */
void plot_quote(FILE *fp, const char *s);

/* Write a file name for gnuplot to open, single-quoted, with ./ ahead of a
 * relative name (so '|cmd', '<cmd' and '~' are plain names).  -1, writing
 * nothing, if the name is empty or holds a control byte: changing it would
 * name another file. */
int plot_quote_path(FILE *fp, const char *path);

/* The lines of the key drawn below the plot (several runs), which a
 * terminal's height should allow for; 0 for one run.  With the slope
 * panel the key also names its marks. */
size_t plot_key_lines(size_t n, bool slope_panel);

/* Whether the runs are drawn on a linear lr axis: true when every run is a
 * linear sweep (rebuilt as one, or its lrs grow by equal steps). */
bool plot_linear_axis(const struct report_run *runs, size_t n);

#endif
