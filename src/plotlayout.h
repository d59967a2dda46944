/* plotlayout.h: where a plot's parts go: axes, thinning, labels, the key */
#ifndef LRFIND_PLOTLAYOUT_H
#define LRFIND_PLOTLAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "plot.h"
#include "report.h"

/*
 * The layout half of the plot module, internal to it: plot.c writes the
 * gnuplot script, plotlayout.c decides what that script says about
 * geometry: the axes' ranges, which points a long series keeps, where each
 * label and the key go so that they hide nothing.  It writes nothing.
 *
 * Ownership: every struct here is a plain value of the caller's (on its
 * stack, or in an array it allocates and frees).  A struct prun borrows its
 * run, a struct layout borrows the pruns and the axes it is given; what
 * they point to must outlive them.  Nothing here allocates.
 */

/*
 * The plot area, in characters, of the two terminals the label layout has
 * to suit: the dumb terminal (79 x 24 or 79 x 40 with the slope panel) and
 * a 1000 x 650 (or 1000 x 900) pngcairo picture.  A label is placed where
 * it collides with nothing in either.
 */
struct geom {
	double w, h;
};
#define NGEOM 2

/* One run as the plot draws it. */
struct prun {
	const struct report_run *r;
	size_t n; /* rows */
	size_t m; /* points of the smoothed curve */
	size_t nraw; /* finite raw losses */
	size_t nsmooth; /* finite smoothed losses */
	size_t nslope; /* finite slopes */
	size_t raw_cap; /* raw points drawn at most (about) */
	bool has_min;
	bool exploded;
	double ex_lr, ex_loss;
	bool has_sug[M_COUNT];
	double sx[M_COUNT], sy[M_COUNT]; /* the suggestions on the curve */
};

struct axes {
	bool linear;
	double x0, x1, y0, y1;
	bool clipped; /* some loss lies above y1 */
	double s0, s1; /* slope panel */
	bool s_above, s_below; /* some slope lies outside [s0, s1] */
};

struct label {
	char text[96];
	double nx, ny; /* anchor, as a share of the plot area */
	int just; /* -1 text ends left of the anchor, 0 centred, 1 starts right */
	double dx, dy; /* offset from the anchor, characters */
};

#define MAXLABELS 16

/* The loss panel's obstacles and what has been placed among them. */
struct layout {
	const struct geom *g; /* NGEOM geometries */
	struct label lab[MAXLABELS];
	size_t nlab;
	struct {
		double nx, ny;
	} pts[MAXLABELS]; /* markers */
	size_t npts;
	double vline[MAXLABELS]; /* vertical lines, shares of the width */
	size_t nvline;
	double key_w[NGEOM], key_h[NGEOM]; /* the key's box, characters,
					 * in each geometry */
	bool key_top, key_right; /* its corner */
	const struct prun *curves; /* their smoothed curves are obstacles */
	size_t ncurves;
	const struct axes *ax;
};

/* The marks the text terminal's key names when there is one run: the
 * chosen suggestion, another one (other_k) and the lowest loss. */
struct keymarks {
	bool chosen, other, lowest;
	enum method other_k;
};

/* The series of a run: the raw loss, the smoothed curve or its slope. */
enum series { S_RAW, S_SMOOTH, S_SLOPE };

/* Where a label may go: beside a point on a falling curve, below or
 * above a minimum, beside the explosion's line, along the top. */
enum cand { CAND_SIDE, CAND_MIN, CAND_EXPLOSION, CAND_NOTE };

/* Fill pr[0..n) from runs and the axes' ranges from them (the slope
 * panel's too when slope_panel). */
void plotlayout_runs(struct prun *pr, const struct report_run *runs, size_t n,
    struct axes *ax, bool slope_panel);

/* x (an lr) and y (a loss) as shares of the loss panel. */
double plotlayout_nx(const struct axes *ax, double x);
double plotlayout_ny(const struct axes *ax, double y);

/* The stretch of the raw points of p: each stretch of this many is drawn
 * as its lowest and its highest point; 1: every point. */
size_t plotlayout_raw_stride(const struct prun *p);

/*
 * The points drawn of series w of p (its first len points), in order, to
 * fn, which stops the walk by returning true (the result is then true).
 * Non-finite points are left out; a long series is thinned.
 */
bool plotlayout_for_drawn(const struct prun *p, enum series w, size_t len,
    bool (*fn)(void *arg, double x, double y), void *arg);

/* Whether the slope panel marks p's steep suggestion: it has one, and
 * its slope lies in the panel's range. */
bool plotlayout_steep_marked(const struct prun *p, const struct axes *ax);

/* An empty layout of the loss panel of the n runs pr (their curves are
 * obstacles), with or without the slope panel below it. */
void plotlayout_init(struct layout *lay, const struct prun *pr, size_t n,
    const struct axes *ax, bool slope_panel);

/* A vertical line at lr x is an obstacle. */
void plotlayout_vline(struct layout *lay, double x);

/* Every marker the loss panel draws is an obstacle: each run's minimum,
 * and its suggestions (one run) or its chosen one (several). */
void plotlayout_markers(struct layout *lay, const struct prun *pr, size_t n);

/* One run p: the marks its key names, the key's size, and its corner,
 * the one where it hides least (lay->key_top, lay->key_right). */
void
plotlayout_key(struct layout *lay, const struct prun *p, struct keymarks *km);

/* Place l (its text and anchor set) at the first candidate of kind c
 * where it meets nothing, else where it meets least, and keep it as an
 * obstacle.  A candidate may move the anchor. */
void plotlayout_place(struct layout *lay, struct label *l, enum cand c);

#endif
