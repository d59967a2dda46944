/* plot.c: the gnuplot script of one or more analysed runs (its layout:
 * plotlayout.c) */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"
#include "plot.h"
#include "plotlayout.h"

/* Colours of the runs (Tableau 10, red left out: it marks the choice). */
static const char *const palette[] = { "#1f77b4", "#ff7f0e", "#2ca02c",
	"#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f" };
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))
#define CHOSEN_RGB "#d62728"
#define SINGLE_RAW_RGB "#9ecae1"
#define SINGLE_LINE_RGB "#08519c"
#define MARK_RGB "#333333"
#define MIN_RGB "#2ca02c"
#define EXPLODE_RGB "#7f7f7f"

/* Dash patterns of the runs' curves: the first run solid, then dashes, so
 * that a run drawn over an identical one leaves it in sight.  Five
 * patterns and nine colours: a pair comes back after 45 runs. */
static const char *const dashes[] = { "solid", "(8,5)", "(4,4)", "(12,4,2,4)",
	"(20,6,4,6)" };
#define NDASHES (sizeof(dashes) / sizeof(dashes[0]))

/* Several runs: each run's raw points in its curve's colour, this
 * transparent (gnuplot's alpha byte: 00 opaque, ff invisible), so that
 * they stay behind the curves. */
#define RAW_ALPHA 0xc0

/* Point types of the suggestions (pngcairo: 5 filled square, 15 filled
 * pentagon, 9 filled triangle, 11 filled down triangle, 13 filled diamond). */
static const int sug_pt[M_COUNT] = { 5, 15, 9, 11, 13 };

/*
 * The dumb terminal draws a numbered point type as a letter (pt 7 is G)
 * that no key explains; there the marks are characters chosen here, which
 * the key names.  None is a character its curves are drawn with
 * (* # $ % @ & =) or its raw points (.).
 */
#define TEXT_CHOSEN "X"
#define TEXT_SUG "x"
#define TEXT_LOWEST "o"
#define TEXT_EXPLODE "|" /* how it draws a vertical line */

static void
quote_body(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'')
			fputs("''", fp);
		else
			fputc(c < 0x20 || c == 0x7f ? '?' : c, fp);
	}
}

void
plot_quote(FILE *fp, const char *s)
{
	fputc('\'', fp);
	quote_body(fp, s);
	fputc('\'', fp);
}

int
plot_quote_path(FILE *fp, const char *path)
{
	const unsigned char *p;

	if (*path == '\0')
		return -1;
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return -1;
	fputc('\'', fp);
	if (path[0] != '/')
		fputs("./", fp);
	quote_body(fp, path);
	fputc('\'', fp);
	return 0;
}

/* The quoted concatenation of a and b. */
static void
quote2(FILE *fp, const char *a, const char *b)
{
	fputc('\'', fp);
	quote_body(fp, a);
	quote_body(fp, b);
	fputc('\'', fp);
}

void
plot_opts_default(struct plot_opts *po)
{
	memset(po, 0, sizeof(*po));
}

/* ---- writing ---- */

static void
put_num(FILE *fp, double x)
{
	char buf[32];

	fputs(num_format(buf, x), fp);
}

static void
put_pair(FILE *fp, double x, double y)
{
	put_num(fp, x);
	fputc(' ', fp);
	put_num(fp, y);
	fputc('\n', fp);
}

static void
header(FILE *fp, const struct prun *pr, size_t n, const struct plot_opts *po)
{
	size_t i;
	enum method k;

	fprintf(fp,
	    "if (GPVAL_TERM eq 'unknown') set terminal dumb size 79,%zu\n",
	    (po->slope_panel ? 40 : 24) + plot_key_lines(n, po->slope_panel));
	fputs("# lrfind: a learning-rate range test plot, a gnuplot 5 script\n"
	      "# that reads no file.  gnuplot FILE draws it as text; for a picture:\n"
	      "#   gnuplot -e \"set terminal pngcairo size 1000,650; "
	      "set output 'lr.png'\" FILE\n",
	    fp);
	for (i = 0; i < n; i++) {
		const struct report_run *r = pr[i].r;
		const struct analysis *an = r->an;
		const char *sep = "";

		fprintf(fp, "# run %zu: ", i + 1);
		plot_quote(fp, r->name);
		fputc('\n', fp);
		if (r->lr != NULL) {
			fputs("#   lr column ", fp);
			if (r->lr->lr_rebuilt)
				fputs("none (rebuilt from the sweep)", fp);
			else
				plot_quote(fp, r->lr->lr_name);
			fputs(", loss column ", fp);
			plot_quote(fp, r->lr->loss_name);
			fputc('\n', fp);
		}
		fprintf(fp, "#   %zu rows", pr[i].n);
		if (plotlayout_raw_stride(&pr[i]) > 1)
			fprintf(fp,
			    " (the plot shows each stretch of %zu by its "
			    "lowest and highest point)",
			    plotlayout_raw_stride(&pr[i]));
		if (pr[i].exploded)
			fprintf(fp, ", exploded at row %zu (lr %.3g)",
			    an->explode_i, pr[i].ex_lr);
		else
			fputs(", no explosion", fp);
		fputc('\n', fp);
		fputs("#   suggestions:", fp);
		for (k = 0; k < M_COUNT; k++)
			if (an->sug[k].ok) {
				fprintf(fp, "%s %s %.3g%s", sep, method_name(k),
				    an->sug[k].lr,
				    k == r->method ? " (chosen)" : "");
				sep = ",";
			}
		if (*sep == '\0')
			fputs(" none", fp);
		fputc('\n', fp);
	}
}

static bool
write_point(void *arg, double x, double y)
{
	put_pair(arg, x, y);
	return false;
}

static void
put_series(FILE *fp, const struct prun *p, enum series w, size_t len)
{
	(void)plotlayout_for_drawn(p, w, len, write_point, fp);
}

static void
datablocks(FILE *fp, const struct prun *pr, size_t n,
    const struct plot_opts *po)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pr[i].nraw > 0) {
			fprintf(fp, "$RAW%zu << EOD\n", i + 1);
			put_series(fp, &pr[i], S_RAW, pr[i].n);
			fputs("EOD\n", fp);
		}
		if (pr[i].nsmooth > 0) {
			fprintf(fp, "$SMOOTH%zu << EOD\n", i + 1);
			put_series(fp, &pr[i], S_SMOOTH, pr[i].m);
			fputs("EOD\n", fp);
		}
		if (po->slope_panel && pr[i].nslope > 0) {
			fprintf(fp, "$SLOPE%zu << EOD\n", i + 1);
			put_series(fp, &pr[i], S_SLOPE, pr[i].m);
			fputs("EOD\n", fp);
		}
	}
}

static void
put_label(FILE *fp, int id, const struct label *l, double x, const char *y)
{
	fprintf(fp, "set label %d ", id);
	plot_quote(fp, l->text);
	fputs(" at ", fp);
	put_num(fp, x);
	fprintf(fp, ", %s %s", y,
	    l->just < 0     ? "right" :
		l->just > 0 ? "left" :
			      "center");
	if (l->dx != 0 || l->dy != 0)
		fprintf(fp, " offset char %g,%g", l->dx, l->dy);
	fputs(" front noenhanced", fp);
}

/*
 * After label `label`, whose point marks (x, y): the text terminal draws a
 * label's point as a letter whatever its type, so there the point goes and
 * the mark is a label of its own, the character in variable var (a number
 * in a picture, where this does nothing).
 */
static void
put_text_mark(FILE *fp, int label, int *id, const char *var, double x,
    const char *y)
{
	fprintf(fp, "if (lrf_text) { set label %d nopoint; set label %d %s at ",
	    label, *id, var);
	put_num(fp, x);
	fprintf(fp, ", %s center front noenhanced }\n", y);
	(*id)++;
}

/* The x axis, the grid and the terminal-dependent styles. */
static void
common_settings(FILE *fp, const struct axes *ax)
{
	enum method k;

	fputs("lrf_text = (GPVAL_TERM eq 'dumb')\n", fp);
	/* the marks' point types: shapes in a picture, characters the key
	 * names on the text terminal */
	fputs("if (lrf_text) { lrf_pt_chosen = '" TEXT_CHOSEN "'; "
	      "lrf_pt_lowest = '" TEXT_LOWEST "'",
	    fp);
	for (k = 0; k < M_COUNT; k++)
		fprintf(fp, "; lrf_pt_%s = '" TEXT_SUG "'", method_name(k));
	fputs(" } else { lrf_pt_chosen = 7; lrf_pt_lowest = 6", fp);
	for (k = 0; k < M_COUNT; k++)
		fprintf(fp, "; lrf_pt_%s = %d", method_name(k), sug_pt[k]);
	fputs(" }\n", fp);
	if (ax->linear) {
		fputs("unset logscale x\n", fp);
		fputs("set format x '%g'\n", fp);
	} else {
		fputs("set logscale x 10\n", fp);
		fputs("if (lrf_text) { set format x '%.0e' } "
		      "else { set format x '10^{%L}' }\n",
		    fp);
	}
	fputs("set xrange [", fp);
	put_num(fp, ax->x0);
	fputc(':', fp);
	put_num(fp, ax->x1);
	fputs("]\n", fp);
	fputs("if (!lrf_text) { set grid xtics ytics }\n", fp);
	fputs("set border 3\nset tics nomirror\n", fp);
}

/* A run's entry in the key of several runs: its name and its choice. */
static void
key_title(FILE *fp, const struct report_run *r)
{
	char tail[96];

	if (r->an->sug[r->method].ok)
		snprintf(tail, sizeof(tail), ": %s %.3g",
		    method_name(r->method), r->an->sug[r->method].lr);
	else
		snprintf(tail, sizeof(tail), ": no %s suggestion",
		    method_name(r->method));
	fputs("title ", fp);
	quote2(fp, r->name, tail);
}

/* The y range, the title and the axes' labels of the loss panel. */
static void
loss_titles(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax,
    const struct plot_opts *po)
{
	const struct report_run *r = pr[0].r;

	fputs("set yrange [", fp);
	put_num(fp, ax->y0);
	fputc(':', fp);
	put_num(fp, ax->y1);
	fputs("]\n", fp);
	if (n == 1) {
		/* the file's name, not its whole path (the script's header
		 * comment keeps the path) */
		const char *base = strrchr(r->name, '/');

		fputs("set title ", fp);
		plot_quote(fp,
		    base != NULL && base[1] != '\0' ? base + 1 : r->name);
		fputs(" noenhanced\n", fp);
		fputs("set ylabel ", fp);
		if (r->lr != NULL && r->lr->loss_name[0] != '\0' &&
		    strcasecmp(r->lr->loss_name, "loss") != 0)
			quote2(fp, "loss: ", r->lr->loss_name);
		else
			plot_quote(fp, "loss");
		fputs(" noenhanced\n", fp);
	} else {
		fprintf(fp, "set title '%zu runs' noenhanced\n", n);
		fputs("set ylabel 'loss' noenhanced\n", fp);
	}
	if (po->slope_panel) {
		fputs("unset xlabel\n", fp);
		return;
	}
	fputs("set xlabel ", fp);
	if (n == 1 && r->lr != NULL && r->lr->lr_rebuilt)
		plot_quote(fp, "learning rate (rebuilt from the sweep)");
	else if (n == 1 && r->lr != NULL && r->lr->lr_name[0] != '\0' &&
	    strcasecmp(r->lr->lr_name, "lr") != 0)
		quote2(fp, "learning rate: ", r->lr->lr_name);
	else
		plot_quote(fp, "learning rate");
	fputs(" noenhanced\n", fp);
}

/* A vertical line at lr x, arrow number id, behind the curves. */
static void
put_vline(FILE *fp, size_t id, double x, const char *dt, const char *rgb)
{
	fprintf(fp, "set arrow %zu from ", id);
	put_num(fp, x);
	fputs(", graph 0 to ", fp);
	put_num(fp, x);
	fprintf(fp, ", graph 1 nohead back dt %s lw 1.5 lc rgb '%s'\n", dt,
	    rgb);
}

/* The vertical lines: a dashed one at each explosion, a dotted one at the
 * chosen suggestion of one run; they and the markers are obstacles
 * before the key and any text is placed. */
static void
loss_arrows(FILE *fp, struct layout *lay, const struct prun *pr, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!pr[i].exploded)
			continue;
		put_vline(fp, i + 1, pr[i].ex_lr, "2",
		    n == 1 ? EXPLODE_RGB : palette[i % NPALETTE]);
		plotlayout_vline(lay, pr[i].ex_lr);
	}
	plotlayout_markers(lay, pr, n);
	if (n == 1 && pr[0].has_sug[pr[0].r->method]) {
		double x = pr[0].sx[pr[0].r->method];

		put_vline(fp, n + 1, x, "3", CHOSEN_RGB);
		plotlayout_vline(lay, x);
	}
}

/* Several runs: the key goes below the plot, one line a run; one run: in
 * the corner where it hides least, and km says which marks it names. */
static void
loss_key(FILE *fp, struct layout *lay, const struct prun *pr, size_t n,
    struct keymarks *km)
{
	memset(km, 0, sizeof(*km));
	km->other_k = M_BLEND;
	if (n != 1) {
		fputs("set key bmargin left Left reverse vertical maxcols 1 "
		      "noenhanced samplen 2\n",
		    fp);
		return;
	}
	plotlayout_key(lay, &pr[0], km);
	fprintf(fp,
	    "set key %s %s Left reverse noenhanced samplen 2 "
	    "spacing 1.1 opaque\n",
	    lay->key_top ? "top" : "bottom", lay->key_right ? "right" : "left");
}

/* One run: the explosion's lr beside its line. */
static void
explosion_label(FILE *fp, struct layout *lay, const struct prun *p, int *id)
{
	struct label l;

	if (!p->exploded)
		return;
	memset(&l, 0, sizeof(l));
	if (isfinite(p->ex_loss))
		snprintf(l.text, sizeof(l.text), "explosion %.3g", p->ex_lr);
	else
		snprintf(l.text, sizeof(l.text), "explosion %.3g (loss %s)",
		    p->ex_lr,
		    isnan(p->ex_loss)  ? "nan" :
			p->ex_loss > 0 ? "inf" :
					 "-inf");
	l.nx = plotlayout_nx(lay->ax, p->ex_lr);
	plotlayout_place(lay, &l, CAND_EXPLOSION);
	put_label(fp, (*id)++, &l, p->ex_lr, l.ny > 0 ? "graph 1" : "graph 0");
	fputs(" tc rgb '#555555'\n", fp);
}

/* Label l at (x, y) with its marker, in colour rgb, the marker's point
 * type in variable var, its size and width in style. */
static void
put_mark(FILE *fp, const struct label *l, double x, double y, const char *var,
    const char *rgb, const char *style, int *id)
{
	char buf[32];

	put_label(fp, (*id)++, l, x, num_format(buf, y));
	fprintf(fp, " tc rgb '%s' point pt %s %s lc rgb '%s'\n", rgb, var,
	    style, rgb);
	put_text_mark(fp, *id - 1, id, var, x, num_format(buf, y));
}

/* One run: the lowest loss, marked, with its lr unless a suggestion on
 * the minimum itself says so in its own label. */
static void
lowest_label(FILE *fp, struct layout *lay, const struct prun *p, int *id)
{
	const struct analysis *an = p->r->an;
	bool min_shared = false;
	struct label l;
	enum method k;

	if (!p->has_min)
		return;
	for (k = 0; k < M_COUNT; k++)
		if (p->has_sug[k] && p->sx[k] == an->min_lr)
			min_shared = true;
	memset(&l, 0, sizeof(l));
	if (!min_shared)
		snprintf(l.text, sizeof(l.text), "lowest loss at %.3g",
		    an->min_lr);
	l.nx = plotlayout_nx(lay->ax, an->min_lr);
	l.ny = plotlayout_ny(lay->ax, an->min_loss);
	if (!min_shared)
		plotlayout_place(lay, &l, CAND_MIN);
	put_mark(fp, &l, an->min_lr, an->min_loss, "lrf_pt_lowest", MIN_RGB,
	    "ps 1.5 lw 2", id);
}

/* One run: each suggestion marked and labelled.  The chosen one is placed
 * first and drawn last, on top; equal lrs share one marker and one label. */
static void
suggestion_labels(FILE *fp, struct layout *lay, const struct prun *p, int *id)
{
	const struct report_run *r = p->r;
	bool done[M_COUNT] = { false }, have_chosen = false;
	char var[32];
	struct label l, cl;
	enum method k, ck = M_MINIMUM;
	size_t i;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < M_COUNT; i++) {
		enum method k0 = i == 0 ?
		    r->method :
		    (enum method)(i <= (size_t)r->method ? i - 1 : i);
		bool chosen = false;
		size_t len = 0;

		if (!p->has_sug[k0] || done[k0])
			continue;
		l.text[0] = '\0';
		for (k = 0; k < M_COUNT; k++)
			if (p->has_sug[k] && !done[k] &&
			    p->sx[k] == p->sx[k0]) {
				done[k] = true;
				if (k == r->method)
					chosen = true;
				len += (size_t)snprintf(l.text + len,
				    sizeof(l.text) - len, "%s%s",
				    len ? ", " : "", method_name(k));
			}
		snprintf(l.text + len, sizeof(l.text) - len, " %.3g%s",
		    p->sx[k0],
		    p->has_min && p->sx[k0] == r->an->min_lr ?
			" (lowest loss)" :
			"");
		l.nx = plotlayout_nx(lay->ax, p->sx[k0]);
		l.ny = plotlayout_ny(lay->ax, p->sy[k0]);
		plotlayout_place(lay, &l, CAND_SIDE);
		if (chosen) {
			cl = l;
			ck = k0;
			have_chosen = true;
			continue;
		}
		snprintf(var, sizeof(var), "lrf_pt_%s", method_name(k0));
		put_mark(fp, &l, p->sx[k0], p->sy[k0], var, MARK_RGB, "ps 1.5",
		    id);
	}
	if (have_chosen)
		put_mark(fp, &cl, p->sx[ck], p->sy[ck], "lrf_pt_chosen",
		    CHOSEN_RGB, "ps 2", id);
}

/* A marker without text at (x, y), its point type in variable var. */
static void
put_marker(FILE *fp, int *id, double x, double y, const char *var,
    const char *style, const char *rgb)
{
	char buf[32];

	fprintf(fp, "set label %d '' at ", (*id)++);
	put_num(fp, x);
	fputs(", ", fp);
	put_num(fp, y);
	fprintf(fp, " front point pt %s %s lc rgb '%s'\n", var, style, rgb);
	put_text_mark(fp, *id - 1, id, var, x, num_format(buf, y));
}

/* Several runs: each run's chosen suggestion and minimum as markers in
 * its colour; the values go in the key. */
static void
run_markers(FILE *fp, const struct prun *pr, size_t n, int *id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct prun *p = &pr[i];
		enum method c = p->r->method;

		if (p->has_min)
			put_marker(fp, id, p->r->an->min_lr, p->r->an->min_loss,
			    "lrf_pt_lowest", "ps 1.2 lw 1.5",
			    palette[i % NPALETTE]);
		if (p->has_sug[c])
			put_marker(fp, id, p->sx[c], p->sy[c], "lrf_pt_chosen",
			    "ps 2", palette[i % NPALETTE]);
	}
}

/* A note along the top that the loss above the y range is not drawn. */
static void
clipped_note(FILE *fp, struct layout *lay, int *id)
{
	struct label l;

	memset(&l, 0, sizeof(l));
	snprintf(l.text, sizeof(l.text), "loss above %.3g clipped",
	    lay->ax->y1);
	plotlayout_place(lay, &l, CAND_NOTE);
	fprintf(fp, "set label %d ", (*id)++);
	plot_quote(fp, l.text);
	fprintf(fp,
	    " at graph %g, graph 1 %s offset char %g,%g front "
	    "noenhanced\n",
	    l.nx,
	    l.just < 0     ? "right" :
		l.just > 0 ? "left" :
			     "center",
	    l.dx, l.dy);
}

/*
 * Line styles: light points and a line per run; the dumb terminal draws
 * points as letters, so there raw points are dots.  Several runs: a run's
 * points are its curve's colour, made transparent, and each curve has its
 * own dashes as well as its own colour.
 */
static void
line_styles(FILE *fp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *rgb =
		    n == 1 ? SINGLE_LINE_RGB : palette[i % NPALETTE];

		if (n == 1)
			fprintf(fp,
			    "if (lrf_text) { set style line 1 pt '.' } "
			    "else { set style line 1 pt 7 ps 0.35 lc rgb '" SINGLE_RAW_RGB
			    "' }\n");
		else
			fprintf(fp,
			    "if (lrf_text) { set style line %zu pt '.' } "
			    "else { set style line %zu pt 7 ps 0.35 lc rgb "
			    "'#%02x%s' }\n",
			    2 * i + 1, 2 * i + 1, RAW_ALPHA, rgb + 1);
		fprintf(fp, "set style line %zu lt %zu lw 2 lc rgb '%s'",
		    2 * i + 2, i + 1, rgb);
		if (n != 1)
			fprintf(fp, " dt %s", dashes[i % NDASHES]);
		fputc('\n', fp);
	}
}

/* The key's entries for the marks: one run's on the text terminal only
 * (a title that is '' leaves a picture's key as it was), several runs'
 * everywhere, with the slope panel's, which has no key. */
static void
mark_entries(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax,
    const struct plot_opts *po, const struct keymarks *km)
{
	bool any_chosen = false, any_min = false, any_explosion = false;
	bool any_steep = false;
	size_t i;

	if (km->chosen)
		fputs(", \\\n    keyentry with points pt lrf_pt_chosen "
		      "title (lrf_text ? 'chosen suggestion' : '')",
		    fp);
	if (km->other)
		fprintf(fp,
		    ", \\\n    keyentry with points pt lrf_pt_%s "
		    "title (lrf_text ? 'other suggestion' : '')",
		    method_name(km->other_k));
	if (km->lowest)
		fputs(", \\\n    keyentry with points pt lrf_pt_lowest "
		      "title (lrf_text ? 'lowest loss' : '')",
		    fp);
	if (n == 1)
		return;
	for (i = 0; i < n; i++) {
		any_steep |=
		    po->slope_panel && plotlayout_steep_marked(&pr[i], ax);
		any_chosen |= pr[i].has_sug[pr[i].r->method];
		any_min |= pr[i].has_min;
		any_explosion |= pr[i].exploded;
	}
	if (any_chosen)
		fputs(", \\\n    keyentry with points pt lrf_pt_chosen "
		      "ps 2 lc rgb 'black' title 'chosen suggestion'",
		    fp);
	if (any_min)
		fputs(", \\\n    keyentry with points pt lrf_pt_lowest "
		      "ps 1.2 lw 1.5 lc rgb 'black' "
		      "title 'lowest smoothed loss'",
		    fp);
	/* the text terminal draws the dashed line as a column of '|', not as
	 * the key's sample of a line */
	if (any_explosion)
		fputs(", \\\n    keyentry with lines dt 2 lw 1.5 "
		      "lc rgb 'black' title (lrf_text ? '' : 'explosion'), "
		      "\\\n    keyentry with points pt '" TEXT_EXPLODE "' "
		      "title (lrf_text ? 'explosion' : '')",
		    fp);
	if (any_steep)
		fputs(", \\\n    keyentry with points pt lrf_pt_steep "
		      "ps 1.5 lc rgb 'black' "
		      "title 'steep suggestion (slope panel)'",
		    fp);
}

/* The plot command of the loss panel: each run's raw points and curve,
 * then the key's entries for the marks. */
static void
loss_plot(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax,
    const struct plot_opts *po, const struct keymarks *km, int id)
{
	int nelem = 0;
	size_t i;

	for (i = 0; i < n; i++)
		nelem += pr[i].nraw > 0 || pr[i].nsmooth > 0;
	if (nelem == 0) {
		fprintf(fp,
		    "set label %d 'no finite loss to draw' at graph 0.5, "
		    "graph 0.5 center front\n",
		    id);
		/* a constant above the y range draws nothing */
		fputs("plot ", fp);
		put_num(fp, ax->y1 + 1);
		fputs(" notitle\n", fp);
		return;
	}
	nelem = 0;
	fputs("plot ", fp);
	for (i = 0; i < n; i++) {
		if (pr[i].nraw > 0) {
			fprintf(fp,
			    "%s\\\n    $RAW%zu using 1:2 with points ls %zu ",
			    nelem ? ", " : "", i + 1, 2 * i + 1);
			if (n == 1)
				fputs(plotlayout_raw_stride(&pr[i]) > 1 ?
					"title 'loss (thinned)'" :
					"title 'loss'",
				    fp);
			else if (pr[i].nsmooth == 0)
				key_title(fp, pr[i].r);
			else
				fputs("notitle", fp);
			nelem++;
		}
		if (pr[i].nsmooth > 0) {
			fprintf(fp,
			    "%s\\\n    $SMOOTH%zu using 1:2 with lines ls %zu ",
			    nelem ? ", " : "", i + 1, 2 * i + 2);
			if (n == 1)
				fputs("title 'smoothed loss'", fp);
			else
				key_title(fp, pr[i].r);
			nelem++;
		}
	}
	mark_entries(fp, pr, n, ax, po, km);
	fputc('\n', fp);
}

/* The loss panel: titles, lines, the key, the labels and markers placed
 * where they hide least, the styles and the plot command. */
static void
loss_panel(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax,
    const struct plot_opts *po)
{
	struct layout lay;
	struct keymarks km;
	int id = 1;

	plotlayout_init(&lay, pr, n, ax, po->slope_panel);
	loss_titles(fp, pr, n, ax, po);
	loss_arrows(fp, &lay, pr, n);
	loss_key(fp, &lay, pr, n, &km);
	if (n == 1) {
		explosion_label(fp, &lay, &pr[0], &id);
		lowest_label(fp, &lay, &pr[0], &id);
		suggestion_labels(fp, &lay, &pr[0], &id);
	} else
		run_markers(fp, pr, n, &id);
	if (ax->clipped)
		clipped_note(fp, &lay, &id);
	line_styles(fp, n);
	loss_plot(fp, pr, n, ax, po, &km, id);
}

static void
slope_panel(FILE *fp, const struct prun *pr, size_t n, const struct axes *ax)
{
	size_t i;
	int nelem = 0, id = 1;
	char buf[32];

	fputs("unset label\nunset arrow\nunset title\n", fp);
	fputs("set size 1, 0.38\nset origin 0, 0\n", fp);
	fputs("set yrange [", fp);
	put_num(fp, ax->s0);
	fputc(':', fp);
	put_num(fp, ax->s1);
	fputs("]\n", fp);
	fputs("set xzeroaxis lt -1\n", fp);
	fputs("set xlabel 'learning rate' noenhanced\n", fp);
	fputs("set ylabel 'slope: d loss / d log10(lr)' noenhanced\n", fp);
	fputs("unset key\n", fp);
	if (ax->s_above || ax->s_below) {
		char note[96];

		if (ax->s_above && ax->s_below)
			snprintf(note, sizeof(note),
			    "slope outside [%.3g, %.3g] "
			    "clipped",
			    ax->s0, ax->s1);
		else if (ax->s_above)
			snprintf(note, sizeof(note), "slope above %.3g clipped",
			    ax->s1);
		else
			snprintf(note, sizeof(note), "slope below %.3g clipped",
			    ax->s0);
		fprintf(fp, "set label %d ", id++);
		plot_quote(fp, note);
		fputs(" at graph 0.01, graph 0.92 left front noenhanced\n", fp);
	}
	for (i = 0; i < n; i++) {
		const struct prun *p = &pr[i];
		const struct analysis *an = p->r->an;
		const struct suggestion *s = &an->sug[M_STEEP];
		double g;

		if (!plotlayout_steep_marked(p, ax))
			continue;
		g = analysis_slope(p->r->rt->lr, an->smooth, p->m, s->index);
		fprintf(fp, "set label %d ", id++);
		if (n == 1) {
			char text[48];

			snprintf(text, sizeof(text), "steep %.3g", s->lr);
			plot_quote(fp, text);
		} else
			fputs("''", fp);
		fputs(" at ", fp);
		put_num(fp, p->r->rt->lr[s->index]);
		fprintf(fp,
		    ", %s left offset char 1.5,0 front noenhanced "
		    "point pt lrf_pt_%s ps 1.5 lc rgb '%s'\n",
		    num_format(buf, g), method_name(M_STEEP),
		    n == 1 ? MARK_RGB : palette[i % NPALETTE]);
		put_text_mark(fp, id - 1, &id, "lrf_pt_steep",
		    p->r->rt->lr[s->index], num_format(buf, g));
	}
	for (i = 0; i < n; i++)
		nelem += pr[i].nslope > 0;
	if (nelem == 0) {
		fprintf(fp,
		    "set label %d 'no slope to draw' at graph 0.5, "
		    "graph 0.5 center front\n",
		    id++);
		fputs("plot ", fp);
		put_num(fp, ax->s1 + 1);
		fputs(" notitle\n", fp);
		return;
	}
	nelem = 0;
	fputs("plot ", fp);
	for (i = 0; i < n; i++) {
		if (pr[i].nslope == 0)
			continue;
		fprintf(fp, "%s\\\n    $SLOPE%zu using 1:2 with lines ls %zu ",
		    nelem ? ", " : "", i + 1, 2 * i + 2);
		if (n == 1)
			fputs("title 'slope of the smoothed loss'", fp);
		else
			fputs("notitle", fp);
		nelem++;
	}
	fputc('\n', fp);
}

int
plot_write(FILE *fp, const struct report_run *runs, size_t n,
    const struct plot_opts *po)
{
	struct plot_opts def;
	struct prun *pr;
	struct axes ax;

	if (po == NULL) {
		plot_opts_default(&def);
		po = &def;
	}
	if ((pr = calloc(n ? n : 1, sizeof(*pr))) == NULL)
		return -1;
	plotlayout_runs(pr, runs, n, &ax, po->slope_panel);

	header(fp, pr, n, po);
	/* settings left by an earlier plot would change this one; reset
	 * keeps the terminal and the output */
	fputs("reset\n", fp);
	datablocks(fp, pr, n, po);
	common_settings(fp, &ax);
	if (po->slope_panel) {
		fputs("set multiplot\n", fp);
		fputs("set lmargin 11\nset rmargin 3\n", fp);
		fputs("set size 1, 0.62\nset origin 0, 0.38\n", fp);
	}
	loss_panel(fp, pr, n, &ax, po);
	if (po->slope_panel) {
		slope_panel(fp, pr, n, &ax);
		fputs("unset multiplot\n", fp);
	}
	free(pr);
	return ferror(fp) ? -1 : 0;
}
