/* cli_opts.c: the option kit of every subcommand: the parser, the value
 * parsers and the one usage error (cli.h) */
#include <err.h>
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "numparse.h"
#include "sweep.h"

int
cli_usage(const struct cli_syntax *sx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'lrfind %s%s--help' for more information.\n",
	    sx != NULL && sx->name != NULL ? sx->name : "",
	    sx != NULL && sx->name != NULL ? " " : "");
	return EXIT_USAGE;
}

int
cli_bad_value(const struct cli_syntax *sx, int id, const char *text,
    const char *what)
{
	char shown[256];

	return cli_usage(sx, "--%s: '%s': expected %s", sx->opts[id].name,
	    cli_shown(text, shown, sizeof(shown)), what);
}

int
cli_find_long(const struct cli_syntax *sx, const char *name, size_t len)
{
	int i;

	for (i = 0; i < sx->nopts; i++)
		if (strlen(sx->opts[i].name) == len &&
		    strncmp(sx->opts[i].name, name, len) == 0)
			return i;
	return -1;
}

static int
find_short(const struct cli_syntax *sx, char c)
{
	int i;

	for (i = 0; i < sx->nopts; i++)
		if (sx->opts[i].letter != 0 && sx->opts[i].letter == c)
			return i;
	return -1;
}

/* The optimal string alignment distance of a[0..la) and b (a swap of two
 * neighbouring letters is one edit), or SIZE_MAX past 63 letters. */
static size_t
edit_distance(const char *a, size_t la, const char *b)
{
	unsigned char d[64][64];
	size_t lb = strlen(b), i, j, c, v;

	if (la > 63 || lb > 63)
		return SIZE_MAX;
	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned char)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned char)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] != b[j - 1];
			v = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1u < v)
				v = d[i - 1][j] + 1u;
			if (d[i][j - 1] + 1u < v)
				v = d[i][j - 1] + 1u;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1u < v)
				v = d[i - 2][j - 2] + 1u;
			d[i][j] = (unsigned char)v;
		}
	return d[la][lb];
}

const char *
cli_suggest(const char *word, size_t len, const char *const *names, size_t n)
{
	const char *best = NULL, *prefix = NULL;
	size_t i, d, best_d = SIZE_MAX, nprefix = 0;
	size_t limit = len >= 5 ? 2 : 1;

	if (len == 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strncmp(names[i], word, len) == 0) {
			prefix = names[i];
			nprefix++;
		}
		if ((d = edit_distance(word, len, names[i])) < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	if (best_d <= limit)
		return best;
	return nprefix == 1 ? prefix : NULL;
}

/* "unknown option '--name'", and the option it may be a typo of. */
static int
unknown_long(const struct cli_syntax *sx, const char *arg, size_t len)
{
	const char *names[128], *near;
	int i, n = 0;

	for (i = 0; i < sx->nopts && n < 128; i++)
		names[n++] = sx->opts[i].name;
	near = cli_suggest(arg + 2, len, names, (size_t)n);
	if (near != NULL)
		return cli_usage(sx,
		    "unknown option '%.*s': did you mean "
		    "--%s?",
		    (int)len + 2, arg, near);
	return cli_usage(sx, "unknown option '%.*s'", (int)len + 2, arg);
}

/*
 * The short options in a (after its '-'), argv[*i]; a value may be the rest
 * of a or the next argument.  0, or EXIT_USAGE (reported).
 */
static int
parse_short(const struct cli_syntax *sx, int argc, char **argv, int *i,
    const char *a, const char **val)
{
	int id;

	if (!sx->bundle && (a[1] != '\0' || (id = find_short(sx, *a)) < 0))
		return cli_usage(sx, "unknown option '%s'", argv[*i]);
	for (; *a != '\0'; a++) {
		if ((id = find_short(sx, *a)) < 0)
			return cli_usage(sx, "unknown option '-%c'", *a);
		if (!sx->opts[id].arg) {
			val[id] = "";
			continue;
		}
		if (a[1] != '\0')
			val[id] = a + 1;
		else if (*i + 1 < argc)
			val[id] = argv[++*i];
		else
			return cli_usage(sx, "-%c needs a value", *a);
		break;
	}
	return 0;
}

/* The long option at argv[*i] ("--" and more): 0, or EXIT_USAGE. */
static int
parse_long(const struct cli_syntax *sx, int argc, char **argv, int *i,
    const char **val)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	size_t len = eq != NULL ? (size_t)(eq - a) : strlen(a);
	int id;

	if ((id = cli_find_long(sx, a, len)) < 0)
		return unknown_long(sx, argv[*i], len);
	if (!sx->opts[id].arg) {
		if (eq != NULL)
			return cli_usage(sx, "--%s takes no value",
			    sx->opts[id].name);
		val[id] = "";
	} else if (eq != NULL)
		val[id] = eq + 1;
	else if (*i + 1 < argc)
		val[id] = argv[++*i];
	else
		return cli_usage(sx, "--%s needs a value", sx->opts[id].name);
	return 0;
}

int
cli_parse(const struct cli_syntax *sx, int argc, char **argv, const char **val,
    const char **pos, int *npos)
{
	const char *a;
	int i, n = 0, r;
	bool opts_done = false;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (opts_done || a[0] != '-' || a[1] == '\0') {
			if (n == sx->npos)
				return cli_usage(sx, "unexpected argument '%s'",
				    a);
			pos[n++] = a;
			continue;
		}
		if (sx->dashdash && strcmp(a, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (a[1] != '-')
			r = parse_short(sx, argc, argv, &i, a + 1, val);
		else
			r = parse_long(sx, argc, argv, &i, val);
		if (r != 0)
			return r;
	}
	if (npos != NULL)
		*npos = n;
	return 0;
}

const struct cli_bounds cli_positive = { 0, INFINITY, CLI_LO_OPEN };
const struct cli_bounds cli_nonneg = { 0, INFINITY, 0 };
const struct cli_bounds cli_fraction = { 0, 1, CLI_LO_OPEN | CLI_HI_OPEN };
const struct cli_bounds cli_unit = { 0, 1, 0 };
const struct cli_bounds cli_ema = { 0, 1, CLI_HI_OPEN };
const struct cli_bounds cli_factor = { 1, INFINITY, 0 };

/* A number in the one grammar (numparse.h), finite: true and *out. */
static bool
read_number(const char *s, size_t len, double *out)
{
	double v;

	if (num_parse(s, len, &v) != 0 || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool
cli_read_number(const char *text, double *out)
{
	return read_number(text, strlen(text), out);
}

int
cli_diverge(const struct cli_syntax *sx, int id, const char *text, double *out)
{
	double v;

	if (!cli_read_number(text, &v) || (v != 0 && !(v > 1)))
		return cli_bad_value(sx, id, text,
		    "a number > 1, or 0 to never stop");
	*out = v;
	return 0;
}

static bool
in_bounds(double v, const struct cli_bounds *b)
{
	if (b == NULL)
		return true;
	if (b->open & CLI_LO_OPEN ? !(v > b->lo) : !(v >= b->lo))
		return false;
	return b->open & CLI_HI_OPEN ? v < b->hi : v <= b->hi;
}

/* "a number", "a number > 0", "a number in [0, 1)" into buf. */
static const char *
number_words(const struct cli_bounds *b, char *buf, size_t sz)
{
	if (b == NULL || (isinf(b->lo) && isinf(b->hi)))
		snprintf(buf, sz, "a number");
	else if (isinf(b->hi))
		snprintf(buf, sz, "a number %s %g",
		    b->open & CLI_LO_OPEN ? ">" : ">=", b->lo);
	else if (isinf(b->lo))
		snprintf(buf, sz, "a number %s %g",
		    b->open & CLI_HI_OPEN ? "<" : "<=", b->hi);
	else
		snprintf(buf, sz, "a number in %c%g, %g%c",
		    b->open & CLI_LO_OPEN ? '(' : '[', b->lo, b->hi,
		    b->open & CLI_HI_OPEN ? ')' : ']');
	return buf;
}

int
cli_number(const struct cli_syntax *sx, int id, const char *text,
    const struct cli_bounds *bounds, double *out)
{
	char what[96];
	double v;

	if (!read_number(text, strlen(text), &v) || !in_bounds(v, bounds))
		return cli_bad_value(sx, id, text,
		    number_words(bounds, what, sizeof(what)));
	*out = v;
	return 0;
}

/* n as the message writes it: 2^k for a large power of two. */
static const char *
count_words(unsigned long long n, char *buf, size_t sz)
{
	int k;

	for (k = 20; k < 64; k++)
		if (n == 1ULL << k) {
			snprintf(buf, sz, "2^%d", k);
			return buf;
		}
	snprintf(buf, sz, "%llu", n);
	return buf;
}

int
cli_count(const struct cli_syntax *sx, int id, const char *text,
    unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
	char what[96], h[32];
	unsigned long long v;

	if (cli_whole(text, &v) && v >= lo && v <= hi) {
		*out = v;
		return 0;
	}
	if (hi >= (unsigned long long)LLONG_MAX)
		snprintf(what, sizeof(what), "a whole number >= %llu", lo);
	else
		snprintf(what, sizeof(what), "a whole number from %llu to %s",
		    lo, count_words(hi, h, sizeof(h)));
	return cli_bad_value(sx, id, text, what);
}

const struct cli_name cli_methods[] = { { "minimum", M_MINIMUM },
	{ "blend", M_BLEND }, { "steep", M_STEEP }, { "valley", M_VALLEY },
	{ "slide", M_SLIDE }, { NULL, 0 } };

const char *const cli_sweep_flags[] = { "init_lr", "--init-lr", "max_lr",
	"--max-lr", "iters", "--iters", NULL };

const char *const cli_run_flags[] = { "init_lr", "--init-lr", "max_lr",
	"--max-lr", "iters", "--iters", "lr_col", "lrfind analyze --lr-col",
	"loss_col", "--loss-col", NULL };

const struct cli_name cli_ends[] = { { "excluded", SWEEP_END_EXCLUDED },
	{ "included", SWEEP_END_INCLUDED }, { NULL, 0 } };

int
cli_choice(const struct cli_syntax *sx, int id, const char *text,
    const struct cli_name *names, int *out)
{
	char what[256];
	size_t shown[32], nshown = 0, len = 0, i, j;

	for (i = 0; names[i].name != NULL; i++)
		if (strcmp(names[i].name, text) == 0) {
			*out = names[i].value;
			return 0;
		}
	/* "a, b or c": the names that are no alias of an earlier one */
	for (i = 0; names[i].name != NULL && nshown < 32; i++) {
		for (j = 0; j < i && names[j].value != names[i].value; j++)
			;
		if (j == i)
			shown[nshown++] = i;
	}
	what[0] = '\0';
	for (i = 0; i < nshown && len < sizeof(what); i++) {
		len += (size_t)snprintf(what + len, sizeof(what) - len, "%s%s",
		    i == 0             ? "" :
			i + 1 < nshown ? ", " :
					 " or ",
		    names[shown[i]].name);
	}
	return cli_bad_value(sx, id, text, what);
}

int
cli_list(const struct cli_syntax *sx, int id, const char *text,
    const char *what, bool whole, const struct cli_bounds *bounds, size_t min,
    size_t max, double *out, size_t *n)
{
	const char *p = text, *comma;
	unsigned long long u;
	char item[64];
	size_t len;
	double v;

	for (*n = 0;; p = comma + 1) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (*n == max || len >= sizeof(item))
			break;
		memcpy(item, p, len);
		item[len] = '\0';
		if (whole) {
			if (!cli_whole(item, &u))
				break;
			v = (double)u;
		} else if (!read_number(item, len, &v))
			break;
		if (!in_bounds(v, bounds))
			break;
		out[(*n)++] = v;
		if (comma == NULL)
			return *n >= min ? 0 :
					   cli_bad_value(sx, id, text, what);
	}
	return cli_bad_value(sx, id, text, what);
}

int
cli_finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("write error: stdout");
		return EXIT_OUTPUT;
	}
	return 0;
}

bool
cli_whole(const char *s, unsigned long long *out)
{
	const char *p;
	unsigned long long v;

	for (p = s; *p >= '0' && *p <= '9'; p++)
		;
	if (*s == '\0' || *p != '\0')
		return false;
	errno = 0;
	v = strtoull(s, NULL, 10);
	if (errno != 0)
		return false;
	*out = v;
	return true;
}

const char *
cli_shown(const char *s, char *buf, size_t sz)
{
	size_t i;

	if (sz == 0)
		return "";
	for (i = 0; s[i] != '\0' && i + 1 < sz; i++)
		buf[i] =
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

int
cli_share(const struct cli_syntax *sx, int id, const char *text, double *out)
{
	const char *slash = strchr(text, '/');
	double a = 0, b = 1;

	if (slash == NULL) {
		if (!cli_read_number(text, &a))
			b = 0;
	} else if (num_parse(text, (size_t)(slash - text), &a) != 0 ||
	    num_parse(slash + 1, strlen(slash + 1), &b) != 0)
		b = 0;
	if (b == 0 || !isfinite(a / b) || !(a / b > 0 && a / b < 1))
		return cli_bad_value(sx, id, text,
		    "a number in (0, 1), or a fraction A/B");
	*out = a / b;
	return 0;
}
