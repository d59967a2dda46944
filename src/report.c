/* report.c: the report of analysed runs: text, JSON, CSV, bare number */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "numparse.h"
#include "report.h"

static const struct {
	unsigned bit;
	const char *code;
	const char *text;
} warnings[] = {
	/* a setting they name is a "{field}": report_run.fields */
	{ W_NO_EXPLOSION, "no_explosion",
	    "the loss never exploded: max_lr may be too low" },
	{ W_STILL_FALLING, "still_falling",
	    "the loss was still falling when the test ended: its minimum, and so "
	    "the suggestion, may lie well past the last lr" },
	{ W_NEVER_FELL, "never_fell",
	    "the loss never fell: its minimum is at the start, init_lr may be too high" },
	{ W_FEW_POINTS, "few_points", "fewer than 20 points to judge from" },
	{ W_NOISY, "noisy", "the noise is larger than the drop of the loss" },
	{ W_SPREAD, "spread", "the methods disagree by more than a decade" },
	{ W_STEEP_ABOVE, "steep_above",
	    "the loss falls fastest above minimum's lr: a higher lr may train "
	    "better" },
	{ W_LR_FIXED, "lr_fixed",
	    "the lr hardly changes (under 0.01 decades): this is no range test, "
	    "and no lr is suggested; a rebuilt lr needs {iters}, the number of "
	    "batches the test planned" },
	{ W_NO_DROP, "no_drop",
	    "the smoothed loss never fell: no signal, and no lr is suggested "
	    "(is the loss constant, or init_lr too high?)" },
	{ W_LR_IS_STEP, "lr_is_step",
	    "the lr column counts 1, 2, 3, ...: is it the step? name the columns "
	    "with {lr_col} and {loss_col}, or rebuild the lr with {init_lr} and "
	    "{max_lr}" },
	{ W_REBUILT, "lr_rebuilt_over_rows",
	    "the lr was rebuilt over the rows read: if the test stopped early, "
	    "give {iters} the number of batches it planned" },
};
#define NWARN (sizeof(warnings) / sizeof(warnings[0]))

/* Warning i of the table in the words of fields (fields.h), in buf. */
static const char *
warning_text(char *buf, size_t sz, size_t i, const char *const *fields)
{
	return fields_map(buf, sz, warnings[i].text, fields);
}

static const char *const method_what[M_COUNT] = {
	"lr at the minimum / 10",
	"3/4 of the way from the lag-free minimum to minimum",
	"steepest descent of the smoothed loss",
	"fastai's valley",
	"fastai's slide",
};

static const char *
compat_name(enum compat c)
{
	switch (c) {
	case COMPAT_FASTAI:
		return "fastai";
	case COMPAT_TORCH_LR_FINDER:
		return "pytorch-lr-finder";
	case COMPAT_LIGHTNING:
		return "lightning";
	default:
		return "lrfind";
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
report_consensus(const struct report_run *runs, size_t n, struct consensus *c,
    unsigned char *disagree)
{
	double *v;
	size_t i, k = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++)
		disagree[i] = 0;
	if ((v = malloc((n ? n : 1) * sizeof(*v))) == NULL)
		return;
	for (i = 0; i < n; i++)
		if (runs[i].an->sug[runs[i].method].ok)
			v[k++] = runs[i].an->sug[runs[i].method].lr;
	c->n = k;
	if (k > 0) {
		qsort(v, k, sizeof(*v), cmp_double);
		c->median = k % 2 ? v[k / 2] : sqrt(v[k / 2 - 1] * v[k / 2]);
		c->spread = log10(v[k - 1] / v[0]);
		for (i = 0; i < n; i++) {
			const struct suggestion *s =
			    &runs[i].an->sug[runs[i].method];

			if (s->ok && fabs(log10(s->lr / c->median)) > 0.5) {
				disagree[i] = 1;
				c->ndisagree++;
			}
		}
	}
	free(v);
}

/* ---- text ---- */

/* Print a name for a terminal: control bytes (escape sequences) become '?'. */
static void
text_name(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		fputc(c < 0x20 || c == 0x7f ? '?' : c, fp);
	}
}

static void
confidence_reasons(FILE *fp, const struct analysis *an, const char *sep)
{
	size_t pts = an->hi - an->lo;

	fprintf(fp, "%s",
	    an->exploded ? "exploded" :
		an->warnings & W_STILL_FALLING ?
			   "did not explode, still falling" :
			   "did not explode");
	if (an->noise > 0)
		fprintf(fp, "%sthe loss fell %.3g times its noise", sep,
		    an->drop / an->noise);
	else
		fprintf(fp, "%sthe loss fell by %.4g", sep, an->drop);
	fprintf(fp, "%s%zu point%s", sep, pts, pts == 1 ? "" : "s");
	if (an->verdict == V_NONE)
		fprintf(fp, "%sno method gave an lr", sep);
	else
		fprintf(fp, "%smethods within %.2f decades", sep, an->spread);
	if (an->warnings & W_STEEP_ABOVE)
		fprintf(fp, "%ssteep above minimum's lr", sep);
}

static void
text_run(FILE *fp, const struct report_run *r)
{
	const struct rangetest *rt = r->rt;
	const struct analysis *an = r->an;
	const struct logread_result *lr = r->lr;
	enum method m;
	unsigned bit;
	char wt[512];
	size_t i;

	text_name(fp, r->name);
	fputc('\n', fp);
	if (lr != NULL) {
		const char *fmt =
		    lr->format[0] != '\0' && strcmp(lr->format, "csv") != 0 ?
		    lr->format :
		    NULL;

		fprintf(fp, "  read        %zu row%s", lr->rows,
		    lr->rows == 1 ? "" : "s");
		if (fmt != NULL)
			fprintf(fp, " (%s:", fmt);
		if (lr->lr_rebuilt) {
			fprintf(fp, fmt != NULL ? " loss '" : " (loss '");
			text_name(fp, lr->loss_name);
			fprintf(fp,
			    "'; lr rebuilt: %s sweep %.3g .. %.3g over %zu)",
			    lr->sweep.linear ? "linear" : "exponential",
			    lr->sweep.init_lr, lr->sweep.max_lr,
			    lr->sweep.iters);
		} else {
			fprintf(fp, fmt != NULL ? " lr '" : " (lr '");
			text_name(fp, lr->lr_name);
			fprintf(fp, "', loss '");
			text_name(fp, lr->loss_name);
			fprintf(fp, "')");
		}
		if (lr->skipped > 0)
			fprintf(fp, ", %zu without a loss or lr skipped",
			    lr->skipped);
		if (lr->stopped_early)
			fprintf(fp, ", stopped at the explosion");
		fprintf(fp, "\n");
	}
	if (rt->n > 0)
		fprintf(fp,
		    "  sweep       lr %.3g .. %.3g (%.2f decades), %zu points\n",
		    rt->lr[0], rt->lr[rt->n - 1],
		    log10(rt->lr[rt->n - 1] / rt->lr[0]), an->m);
	if (an->exploded) {
		size_t e = an->explode_i;

		fprintf(fp, "  explosion   step %lld, lr %.3g: ",
		    (long long)rt_step(rt, e), rt->lr[e]);
		if (rt->reason == RT_NONFINITE)
			fprintf(fp, "loss %g\n", rt->loss[e]);
		else
			fprintf(fp, "smoothed loss above %g x its best %.4g\n",
			    rt->cfg.diverge, rt->best);
	} else
		fprintf(fp, "  explosion   none\n");
	if (an->hi > an->lo && an->sug[M_MINIMUM].ok)
		fprintf(fp,
		    "  minimum     lr %.3g, step %lld (smoothed loss %.4g)\n",
		    an->min_lr, (long long)rt_step(rt, an->min_i),
		    an->min_loss);
	if (an->has_blend)
		fprintf(fp,
		    "  lag-free    lr %.3g, step %lld (the lowest point "
		    "without lag)\n",
		    rt->lr[an->lf_min_i], (long long)rt_step(rt, an->lf_min_i));
	fprintf(fp, "  suggestions %s smoothing, steps %lld .. %lld\n",
	    r->acfg->compat != COMPAT_NONE ? compat_name(r->acfg->compat) :
					     smoother_name(r->acfg->smoother),
	    an->hi > an->lo ? (long long)rt_step(rt, an->lo) : 0LL,
	    an->hi > an->lo ? (long long)rt_step(rt, an->hi - 1) : 0LL);
	for (m = 0; m < M_COUNT; m++) {
		const struct suggestion *s = &an->sug[m];
		char buf[32];

		fprintf(fp, "  %c %-9s ", m == r->method ? '*' : ' ',
		    method_name(m));
		if (s->ok) {
			snprintf(buf, sizeof(buf), "%.3g", s->lr);
			fprintf(fp, "%-11s %s\n", buf, method_what[m]);
		} else
			fprintf(fp, "%-11s %s\n", "-", s->why ? s->why : "");
	}
	if (an->sug[M_MINIMUM].ok) {
		fprintf(fp, "  clr         base_lr %.3g, max_lr %.3g\n",
		    an->clr_base, an->clr_max);
		fprintf(fp,
		    "  one-cycle   max_lr %.3g, div_factor %g, "
		    "final_div_factor %g (three phases)\n",
		    an->oc_max, an->oc_div, an->oc_final_div);
	}
	fprintf(fp, "  confidence  %s: ", verdict_name(an->verdict));
	confidence_reasons(fp, an, "; ");
	fprintf(fp, "\n");
	for (i = 0; i < NWARN; i++) {
		bit = warnings[i].bit;
		if (an->warnings & bit)
			fprintf(fp, "  warning: %s\n",
			    warning_text(wt, sizeof(wt), i, r->fields));
	}
}

int
report_text(FILE *fp, const struct report_run *runs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', fp);
		text_run(fp, &runs[i]);
	}
	if (n > 1) {
		struct consensus c;
		unsigned char *dis = malloc(n);

		if (dis != NULL) {
			report_consensus(runs, n, &c, dis);
			if (c.n > 0) {
				fprintf(fp,
				    "\nconsensus of %zu runs: median %.3g, "
				    "spread %.2f decades\n",
				    c.n, c.median, c.spread);
				for (i = 0; i < n; i++)
					if (dis[i]) {
						fprintf(fp, "  disagrees: ");
						text_name(fp, runs[i].name);
						fprintf(fp, " (%.3g)\n",
						    runs[i]
							.an->sug[runs[i].method]
							.lr);
					}
			}
			free(dis);
		}
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- quiet ---- */

int
report_quiet(FILE *fp, const struct report_run *runs, size_t n)
{
	char buf[32];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct suggestion *s = &runs[i].an->sug[runs[i].method];

		if (s->ok)
			fprintf(fp, "%s\n", num_format(buf, s->lr));
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- JSON ---- */

static void
report_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', fp);
	while (*p != '\0') {
		unsigned c = *p;
		size_t len, k;
		uint32_t cp;

		if (c == '"' || c == '\\') {
			fputc('\\', fp);
			fputc((int)c, fp);
			p++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(fp, "\\u%04x", c);
			p++;
			continue;
		}
		if (c < 0x80) {
			fputc((int)c, fp);
			p++;
			continue;
		}
		/* a UTF-8 sequence, checked; anything invalid is U+FFFD */
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		cp = len == 4 ? c & 7 : len == 3 ? c & 15 : c & 31;
		for (k = 1; k < len; k++) {
			if ((p[k] & 0xc0) != 0x80)
				break;
			cp = cp << 6 | (p[k] & 0x3f);
		}
		if (len == 0 || k < len || c >= 0xf8 ||
		    (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff)) {
			fputs("\\ufffd", fp);
			p++;
			continue;
		}
		fwrite(p, 1, len, fp);
		p += len;
	}
	fputc('"', fp);
}

static void
jnum(FILE *fp, double x)
{
	char buf[32];

	if (isfinite(x))
		fputs(num_format(buf, x), fp);
	else
		fputs("null", fp);
}

static void
jpoint(FILE *fp, const struct rangetest *rt, size_t i, double loss)
{
	fprintf(fp, "{\"index\": %zu, \"step\": %lld, \"lr\": ", i,
	    (long long)rt_step(rt, i));
	jnum(fp, rt->lr[i]);
	fprintf(fp, ", \"loss\": ");
	jnum(fp, loss);
	fputc('}', fp);
}

/* The reader's part of a run's JSON: its columns, format and rows. */
static void
json_reader(FILE *fp, const struct logread_result *lr)
{
	char d[2] = { lr->delim, '\0' };

	fprintf(fp, ",\n      \"columns\": {\"step\": ");
	if (lr->step_idx >= 0)
		report_json_string(fp, lr->step_name);
	else
		fputs("null", fp);
	fprintf(fp, ", \"lr\": ");
	if (lr->lr_idx >= 0)
		report_json_string(fp, lr->lr_name);
	else
		fputs("null", fp);
	fprintf(fp, ", \"loss\": ");
	report_json_string(fp, lr->loss_name);
	fprintf(fp, "},\n      \"format\": ");
	report_json_string(fp, lr->format[0] != '\0' ? lr->format : "csv");
	fprintf(fp, ",\n      \"delimiter\": ");
	if (lr->delim != 0)
		report_json_string(fp, d);
	else
		fputs("null", fp);
	fprintf(fp,
	    ",\n      \"header\": %s,\n      \"rows\": %zu,\n"
	    "      \"skipped\": %zu,\n      \"stopped_early\": %s,\n"
	    "      \"lr_rebuilt\": ",
	    lr->header ? "true" : "false", lr->rows, lr->skipped,
	    lr->stopped_early ? "true" : "false");
	if (lr->lr_rebuilt) {
		fprintf(fp, "{\"init_lr\": ");
		jnum(fp, lr->sweep.init_lr);
		fprintf(fp, ", \"max_lr\": ");
		jnum(fp, lr->sweep.max_lr);
		fprintf(fp,
		    ", \"iters\": %zu, \"linear\": %s, \"ends\": \"%s\"}",
		    lr->sweep.iters, lr->sweep.linear ? "true" : "false",
		    lr->sweep.ends == SWEEP_END_INCLUDED ? "included" :
							   "excluded");
	} else
		fputs("null", fp);
}

/* A run's suggestions in JSON: the chosen one, each method's, the
 * schedules' bounds. */
static void
json_suggestions(FILE *fp, const struct report_run *r)
{
	const struct rangetest *rt = r->rt;
	const struct analysis *an = r->an;
	const struct suggestion *chosen = &an->sug[r->method];
	enum method m;

	fprintf(fp, ",\n      \"method\": \"%s\",\n      \"suggestion\": ",
	    method_name(r->method));
	if (chosen->ok)
		jnum(fp, chosen->lr);
	else
		fputs("null", fp);
	fprintf(fp, ",\n      \"suggestions\": {");
	for (m = 0; m < M_COUNT; m++) {
		const struct suggestion *s = &an->sug[m];

		fprintf(fp, "%s\n        \"%s\": ", m ? "," : "",
		    method_name(m));
		if (s->ok) {
			fprintf(fp, "{\"lr\": ");
			jnum(fp, s->lr);
			fprintf(fp, ", \"index\": %zu, \"step\": %lld}",
			    s->index, (long long)rt_step(rt, s->index));
		} else {
			fprintf(fp, "null");
		}
	}
	fprintf(fp, "\n      },\n      \"clr\": ");
	if (an->sug[M_MINIMUM].ok) {
		fprintf(fp, "{\"base_lr\": ");
		jnum(fp, an->clr_base);
		fprintf(fp, ", \"max_lr\": ");
		jnum(fp, an->clr_max);
		fprintf(fp, "},\n      \"onecycle\": {\"max_lr\": ");
		jnum(fp, an->oc_max);
		fprintf(fp, ", \"div_factor\": ");
		jnum(fp, an->oc_div);
		fprintf(fp, ", \"final_div_factor\": ");
		jnum(fp, an->oc_final_div);
		fprintf(fp, ", \"three_phase\": true}");
	} else
		fprintf(fp, "null,\n      \"onecycle\": null");
}

/* A run's confidence and warnings in JSON. */
static void
json_confidence(FILE *fp, const struct analysis *an, const char *const *fields)
{
	size_t i;
	int first;
	char wt[512];

	fprintf(fp,
	    ",\n      \"confidence\": {\"verdict\": \"%s\", \"reasons\": [",
	    verdict_name(an->verdict));
	{
		/* the same facts as the text report, one string each */
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (mem != NULL) {
			char *p, *q;

			confidence_reasons(mem, an, "\n");
			fclose(mem);
			for (p = buf, first = 1; p != NULL; p = q, first = 0) {
				q = strchr(p, '\n');
				if (q != NULL)
					*q++ = '\0';
				fprintf(fp, "%s", first ? "" : ", ");
				report_json_string(fp, p);
			}
			free(buf);
		}
	}
	fprintf(fp, "]},\n      \"warnings\": [");
	for (i = 0, first = 1; i < NWARN; i++)
		if (an->warnings & warnings[i].bit) {
			fprintf(fp, "%s{\"code\": \"%s\", \"message\": ",
			    first ? "" : ", ", warnings[i].code);
			report_json_string(fp,
			    warning_text(wt, sizeof(wt), i, fields));
			fputc('}', fp);
			first = 0;
		}
}

/* One run's object of the JSON report. */
static void
json_run(FILE *fp, const struct report_run *r)
{
	const struct rangetest *rt = r->rt;
	const struct analysis *an = r->an;
	const struct logread_result *lr = r->lr;

	fprintf(fp, "    {\n      \"name\": ");
	report_json_string(fp, r->name);
	if (lr != NULL)
		json_reader(fp, lr);
	fprintf(fp,
	    ",\n      \"points\": %zu,\n      \"pipeline\": \"%s\",\n"
	    "      \"smoothing\": {\"online\": \"%s\", \"beta\": ",
	    an->m, compat_name(r->acfg->compat),
	    rt->cfg.ema == EMA_SEEDED        ? "ema-seeded" :
		rt->cfg.ema == EMA_LIGHTNING ? "ema-lightning" :
					       "ema-bias-corrected");
	jnum(fp, rt->cfg.beta);
	fprintf(fp, ", \"diverge\": ");
	jnum(fp, rt->cfg.diverge);
	fprintf(fp, ", \"curve\": \"%s\"},\n",
	    r->acfg->compat == COMPAT_NONE ? smoother_name(r->acfg->smoother) :
					     "causal");
	fprintf(fp, "      \"explosion\": ");
	if (an->exploded) {
		fprintf(fp,
		    "{\"reason\": \"%s\", \"index\": %zu, \"step\": %lld, "
		    "\"lr\": ",
		    rt->reason == RT_NONFINITE ? "nonfinite" : "diverged",
		    an->explode_i, (long long)rt_step(rt, an->explode_i));
		jnum(fp, rt->lr[an->explode_i]);
		fprintf(fp, ", \"loss\": ");
		jnum(fp, rt->loss[an->explode_i]);
		if (lr != NULL && lr->explode_line > 0)
			fprintf(fp, ", \"line\": %zu", lr->explode_line);
		fputc('}', fp);
	} else
		fputs("null", fp);
	fprintf(fp, ",\n      \"window\": ");
	if (an->hi > an->lo)
		fprintf(fp, "{\"first\": %zu, \"last\": %zu}", an->lo,
		    an->hi - 1);
	else
		fputs("null", fp);
	fprintf(fp, ",\n      \"minimum\": ");
	if (an->sug[M_MINIMUM].ok)
		jpoint(fp, rt, an->min_i, an->min_loss);
	else
		fputs("null", fp);
	fprintf(fp, ",\n      \"lag_free_minimum\": ");
	if (an->has_blend) {
		fprintf(fp,
		    "{\"index\": %zu, \"step\": %lld, \"lr\": ", an->lf_min_i,
		    (long long)rt_step(rt, an->lf_min_i));
		jnum(fp, rt->lr[an->lf_min_i]);
		fputc('}', fp);
	} else
		fputs("null", fp);
	json_suggestions(fp, r);
	fprintf(fp, ",\n      \"noise\": ");
	jnum(fp, an->noise);
	fprintf(fp, ",\n      \"drop\": ");
	jnum(fp, an->drop);
	fprintf(fp, ",\n      \"spread_decades\": ");
	jnum(fp, an->spread);
	json_confidence(fp, an, r->fields);
	fprintf(fp, "]\n    }");
}

int
report_json(FILE *fp, const struct report_run *runs, size_t n)
{
	size_t i;
	int first;

	fprintf(fp, "{\n  \"lrfind\": 1,\n  \"runs\": [\n");
	for (i = 0; i < n; i++) {
		json_run(fp, &runs[i]);
		fprintf(fp, "%s\n", i + 1 < n ? "," : "");
	}
	fprintf(fp, "  ],\n  \"consensus\": ");
	if (n > 1) {
		struct consensus c;
		unsigned char *dis = malloc(n);

		if (dis == NULL)
			return -1;
		report_consensus(runs, n, &c, dis);
		fprintf(fp, "{\"runs\": %zu, \"median\": ", c.n);
		jnum(fp, c.n ? c.median : NAN);
		fprintf(fp, ", \"spread_decades\": ");
		jnum(fp, c.n ? c.spread : NAN);
		fprintf(fp, ", \"disagree\": [");
		for (i = 0, first = 1; i < n; i++)
			if (dis[i]) {
				fputs(first ? "" : ", ", fp);
				report_json_string(fp, runs[i].name);
				first = 0;
			}
		fprintf(fp, "]}");
		free(dis);
	} else
		fputs("null", fp);
	fprintf(fp, "\n}\n");
	return ferror(fp) ? -1 : 0;
}

int
report_log(FILE *fp, const struct rangetest *rt)
{
	char a[32], b[32];
	size_t i;

	fputs("step,lr,loss\n", fp);
	for (i = 0; i < rt->n && !ferror(fp); i++)
		fprintf(fp, "%lld,%s,%s\n", (long long)rt_step(rt, i),
		    num_format(a, rt->lr[i]), num_format(b, rt->loss[i]));
	return ferror(fp) ? -1 : 0;
}

int
report_write(FILE *fp, enum report_format f, const struct report_run *runs,
    size_t n)
{
	switch (f) {
	case REPORT_QUIET:
		return report_quiet(fp, runs, n);
	case REPORT_JSON:
		return report_json(fp, runs, n);
	case REPORT_CSV:
		return report_csv(fp, runs, n);
	default:
		return report_text(fp, runs, n);
	}
}

/* x in round-trip digits; in JSON, null for a number that is not finite. */
static void
fit_num(FILE *fp, double x, bool json)
{
	char buf[32];

	if (json && !isfinite(x))
		fputs("null", fp);
	else
		fputs(num_format(buf, x), fp);
}

int
report_fit_begin(FILE *fp, enum report_format f, const char *policy,
    double max_lr)
{
	char buf[32];

	if (f == REPORT_JSON)
		fprintf(fp,
		    "{\n  \"policy\": \"%s\",\n  \"max_lr\": %s,\n  "
		    "\"epochs\": [",
		    policy, num_format(buf, max_lr));
	return ferror(fp) ? -1 : 0;
}

int
report_fit_epoch(FILE *fp, enum report_format f, size_t k,
    const struct report_epoch *e)
{
	const double v[4] = { e->lr, e->train_loss, e->test_loss, e->test_acc };
	static const char *const key[4] = { "lr", "train_loss", "test_loss",
		"test_acc" };
	int i;

	switch (f) {
	case REPORT_QUIET:
		break;
	case REPORT_CSV:
		if (k == 0)
			fputs("epoch,lr,train_loss,test_loss,test_acc\n", fp);
		fprintf(fp, "%zu", e->epoch);
		for (i = 0; i < 4; i++) {
			fputc(',', fp);
			fit_num(fp, v[i], false);
		}
		fputc('\n', fp);
		break;
	case REPORT_JSON:
		fprintf(fp, "%s\n    {\"epoch\": %zu", k ? "," : "", e->epoch);
		for (i = 0; i < 4; i++) {
			fprintf(fp, ", \"%s\": ", key[i]);
			fit_num(fp, v[i], true);
		}
		fputc('}', fp);
		break;
	default:
		if (k == 0)
			fputs("epoch        lr  train_loss  test_loss  "
			      "test_acc\n",
			    fp);
		fprintf(fp, "%5zu  %8.3g  %10.4f  %9.4f  %8.4f\n", e->epoch,
		    e->lr, e->train_loss, e->test_loss, e->test_acc);
		break;
	}
	return ferror(fp) ? -1 : 0;
}

int
report_fit_end(FILE *fp, enum report_format f, size_t n, double last_acc)
{
	char buf[32];

	if (f == REPORT_JSON)
		fputs("\n  ]\n}\n", fp);
	if (f == REPORT_QUIET && n > 0)
		fprintf(fp, "%s\n", num_format(buf, last_acc));
	return ferror(fp) ? -1 : 0;
}
