/* logjoin.c: lr and loss series joined by step into a range test (logjoin.h) */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colnames.h"
#include "logjoin.h"
#include "numparse.h"
#include "sweep.h"

static enum lr_status
fail(struct logread_result *res, enum lr_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->err, sizeof(res->err), fmt, ap);
	va_end(ap);
	return st;
}

/* Up to about bufsz bytes of "'a', 'b', ..." naming the series of ss. */
static const char *
list_series(const struct series_set *ss, char *buf, size_t bufsz)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < ss->n && len + 16 < bufsz; i++) {
		char one[48];
		size_t k;

		snprintf(one, sizeof(one), "%s", ss->s[i].name);
		for (k = 0; one[k] != '\0'; k++)
			if ((unsigned char)one[k] < 0x20 || one[k] == 0x7f)
				one[k] = '?';
		len += (size_t)snprintf(buf + len, bufsz - len, "%s'%s'",
		    i ? ", " : "", one);
	}
	if (i < ss->n && len < bufsz)
		snprintf(buf + (len + 6 < bufsz ? len : bufsz - 6), 6, ", ...");
	return buf;
}

/* The series playing role: named by want, or by the usual names; -1 if none. */
static int
pick(const struct series_set *ss, enum colrole role, const char *want)
{
	const char **names;
	size_t i;
	int k;

	if (want != NULL) {
		for (i = 0; i < ss->n; i++)
			if (strcasecmp(ss->s[i].name, want) == 0)
				return (int)i;
		return -1;
	}
	if ((names = malloc((ss->n ? ss->n : 1) * sizeof(*names))) == NULL)
		return -2;
	for (i = 0; i < ss->n; i++)
		names[i] = ss->s[i].name;
	k = colnames_pick(role, names, ss->n);
	free(names);
	return k;
}

struct point {
	int64_t step;
	size_t seq; /* order read: the later wins a tie */
	double val;
};

static int
by_step(const void *a, const void *b)
{
	const struct point *p = a, *q = b;

	if (p->step != q->step)
		return p->step < q->step ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/*
 * Sort s by step in place, one point a step (the last read): the number
 * of points left, or (size_t)-1 when out of memory.
 */
static size_t
sort_series(struct series *s)
{
	struct point *p;
	size_t i, n = 0;

	if (s->n == 0)
		return 0;
	for (i = 1; i < s->n && s->step[i - 1] <= s->step[i]; i++)
		;
	if (i == s->n) { /* in order already, as writers write: keep
				 * the last point of each step, no sort */
		for (i = 0; i < s->n; i++) {
			if (n > 0 && s->step[n - 1] == s->step[i])
				n--;
			s->step[n] = s->step[i];
			s->val[n] = s->val[i];
			n++;
		}
		s->n = n;
		return n;
	}
	if ((p = malloc(s->n * sizeof(*p))) == NULL)
		return (size_t)-1;
	for (i = 0; i < s->n; i++) {
		p[i].step = s->step[i];
		p[i].seq = i;
		p[i].val = s->val[i];
	}
	qsort(p, s->n, sizeof(*p), by_step);
	for (i = 0; i < s->n; i++) {
		if (n > 0 && s->step[n - 1] == p[i].step)
			n--; /* the later point of the same step wins */
		s->step[n] = p[i].step;
		s->val[n] = p[i].val;
		n++;
	}
	free(p);
	s->n = n;
	return n;
}

/*
 * The loss series and the lr series of ss, as o names them or as their
 * names suggest: their indexes into *il and *ir (-1: no lr, to be rebuilt
 * from the sweep).  LR_OK, or an error (a message in res).
 */
static enum lr_status
pick_series(const struct series_set *ss, const struct logread_opts *o, int *il,
    int *ir, struct logread_result *res)
{
	char names[300];

	if (ss->n == 0)
		return fail(res, LR_ERR_INPUT,
		    "no scalars: expected a loss "
		    "logged at each step");
	if ((*il = pick(ss, COLROLE_LOSS, o->loss_col)) == -2 ||
	    (*ir = pick(ss, COLROLE_LR, o->lr_col)) == -2)
		return LR_ERR_NOMEM;
	if (*il < 0 && o->loss_col != NULL)
		return fail(res, LR_ERR_INPUT,
		    "no loss '%s' among the %zu "
		    "scalars (%s)",
		    o->loss_col, ss->n, list_series(ss, names, sizeof(names)));
	if (*il < 0)
		return fail(res, LR_ERR_INPUT,
		    "no loss among the %zu scalars "
		    "(%s): expected one named %s, or one chosen by name",
		    ss->n, list_series(ss, names, sizeof(names)),
		    colnames_loss_list());
	if (*ir < 0 && o->lr_col != NULL)
		return fail(res, LR_ERR_INPUT,
		    "no lr '%s' among the %zu "
		    "scalars (%s)",
		    o->lr_col, ss->n, list_series(ss, names, sizeof(names)));
	if (*ir < 0 && !(o->init_lr > 0 && o->max_lr > 0))
		return fail(res, LR_ERR_INPUT,
		    "no lr among the %zu scalars "
		    "(%s): expected one named lr, learning_rate, "
		    "train/learning_rate or lr-*, one chosen by name, or the "
		    "sweep's first and last lr to rebuild it",
		    ss->n, list_series(ss, names, sizeof(names)));
	if (*ir == *il)
		return fail(res, LR_ERR_INPUT,
		    "the lr and the loss are the "
		    "same scalar, '%s'",
		    ss->s[*il].name);
	return LR_OK;
}

enum lr_status
logjoin(struct series_set *ss, const struct logread_opts *o,
    struct rangetest *rt, struct logread_result *res)
{
	struct series *loss, *lr = NULL;
	char a[32], b[32];
	size_t i, j, nrows;
	enum lr_status ps;
	int il = -1, ir = -1;

	memset(res, 0, sizeof(*res));
	res->lr_idx = res->loss_idx = res->step_idx = -1;
	if ((ps = pick_series(ss, o, &il, &ir, res)) != LR_OK)
		return ps;
	loss = &ss->s[il];
	snprintf(res->loss_name, sizeof(res->loss_name), "%s", loss->name);
	res->loss_idx = il;
	if (ir >= 0) {
		lr = &ss->s[ir];
		snprintf(res->lr_name, sizeof(res->lr_name), "%s", lr->name);
		res->lr_idx = ir;
		if (sort_series(lr) == (size_t)-1)
			return LR_ERR_NOMEM;
	}
	snprintf(res->step_name, sizeof(res->step_name), "step");
	res->header = true;
	if ((nrows = sort_series(loss)) == (size_t)-1)
		return LR_ERR_NOMEM;
	if (lr == NULL) {
		res->lr_rebuilt = true;
		res->sweep.init_lr = o->init_lr;
		res->sweep.max_lr = o->max_lr;
		res->sweep.linear = o->linear;
		res->sweep.ends = o->ends;
		res->sweep.iters = o->iters > 0 ? o->iters : nrows;
		res->iters_from_rows = o->iters == 0;
		if (res->sweep.iters < 2)
			return fail(res, LR_ERR_INPUT,
			    "%zu loss point%s: "
			    "rebuilding the lr needs at least 2",
			    nrows, nrows == 1 ? "" : "s");
		if (nrows > res->sweep.iters)
			return fail(res, LR_ERR_INPUT,
			    "%zu loss points, more than "
			    "the sweep's %zu steps: the rebuilt lr would pass "
			    "the last lr; the sweep's length must be the number "
			    "of batches the range test planned",
			    nrows, res->sweep.iters);
	}
	for (i = j = 0; i < nrows; i++) {
		double x = loss->val[i], l;
		enum rt_status st;

		if (lr != NULL) {
			/* the last lr at or before this step */
			while (j < lr->n && lr->step[j] <= loss->step[i])
				j++;
			if (j == 0) {
				res->skipped++;
				continue;
			}
			l = lr->val[j - 1];
		} else
			l = sweep_lr(&res->sweep, res->rows);
		if (x < 0 && rt->cfg.diverge > 0 && isfinite(rt->cfg.diverge))
			return fail(res, LR_ERR_INPUT,
			    "step %lld: loss %s is "
			    "negative: the explosion test (diverge times the "
			    "best loss) needs losses >= 0; add a constant to "
			    "the loss, or turn the test off",
			    (long long)loss->step[i], num_format(a, x));
		res->rows++;
		st = rt_push(rt, loss->step[i], l, x);
		switch (st) {
		case RT_MORE:
			break;
		case RT_EXPLODED:
			res->stopped_early = i + 1 < nrows;
			return LR_OK;
		case RT_ERR_DECREASING:
			return fail(res, LR_ERR_INPUT,
			    "step %lld: lr %s is lower "
			    "than the %s before it: the lr must not decrease "
			    "along a range test",
			    (long long)loss->step[i], num_format(a, l),
			    num_format(b, rt->lr[rt->n - 1]));
		case RT_ERR_LR:
			return fail(res, LR_ERR_INPUT,
			    "step %lld: lr %s: expected "
			    "a finite number > 0",
			    (long long)loss->step[i], num_format(a, l));
		case RT_ERR_NEGATIVE:
			return fail(res, LR_ERR_INPUT,
			    "step %lld: a negative loss",
			    (long long)loss->step[i]);
		case RT_ERR_NOMEM:
			return LR_ERR_NOMEM;
		}
	}
	if (res->rows == 0)
		return fail(res, LR_ERR_INPUT,
		    "no loss point at or after the "
		    "first lr point (step %lld)",
		    lr != NULL && lr->n > 0 ? (long long)lr->step[0] : 0LL);
	return LR_OK;
}
