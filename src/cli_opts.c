/* cli_opts.c: the subcommands' option parser, one for all (cli.h) */
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

/*
 * The short options in a (after its '-'), argv[*i]; a value may be the rest
 * of a or the next argument.  0, or EXIT_USAGE (reported).
 */
static int
parse_short(const struct cli_syntax *sx, int argc, char **argv, int *i,
    const char *a, const char **val)
{
	int id;

	if (!sx->bundle && (a[1] != '\0' || (id = find_short(sx, *a)) < 0)) {
		warnx("unknown option '%s'", argv[*i]);
		return EXIT_USAGE;
	}
	for (; *a != '\0'; a++) {
		if ((id = find_short(sx, *a)) < 0) {
			warnx("unknown option '-%c'", *a);
			return EXIT_USAGE;
		}
		if (!sx->opts[id].arg) {
			val[id] = "";
			continue;
		}
		if (a[1] != '\0')
			val[id] = a + 1;
		else if (*i + 1 < argc)
			val[id] = argv[++*i];
		else {
			warnx("-%c needs a value", *a);
			return EXIT_USAGE;
		}
		break;
	}
	return 0;
}

int
cli_parse(const struct cli_syntax *sx, int argc, char **argv,
    const char **val, const char **pos)
{
	const char *a, *eq;
	size_t len;
	int i, id, npos = 0, r;
	bool opts_done = false;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (opts_done || a[0] != '-' || a[1] == '\0') {
			if (npos == sx->npos) {
				warnx("unexpected argument '%s'", a);
				return EXIT_USAGE;
			}
			pos[npos++] = a;
			continue;
		}
		if (sx->dashdash && strcmp(a, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (a[1] != '-') {
			if ((r = parse_short(sx, argc, argv, &i, a + 1, val)) != 0)
				return r;
			continue;
		}
		a += 2;
		eq = strchr(a, '=');
		len = eq != NULL ? (size_t)(eq - a) : strlen(a);
		if ((id = cli_find_long(sx, a, len)) < 0) {
			warnx("unknown option '--%.*s'", (int)len, a);
			return EXIT_USAGE;
		}
		if (!sx->opts[id].arg) {
			if (eq != NULL) {
				warnx("--%s takes no value", sx->opts[id].name);
				return EXIT_USAGE;
			}
			val[id] = "";
		} else if (eq != NULL)
			val[id] = eq + 1;
		else if (i + 1 < argc)
			val[id] = argv[++i];
		else {
			warnx("--%s needs a value", sx->opts[id].name);
			return EXIT_USAGE;
		}
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
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

const char *
cli_fields(char *buf, size_t sz, const char *msg, const char *const *map)
{
	size_t len = 0, k;
	const char *p, *e, *text;

	if (sz == 0)
		return buf;
	for (p = msg; *p != '\0' && len + 1 < sz; p++) {
		if (*p != '{' || (e = strchr(p, '}')) == NULL) {
			buf[len++] = *p;
			continue;
		}
		text = NULL;
		for (k = 0; map != NULL && map[k] != NULL; k += 2)
			if (strlen(map[k]) == (size_t)(e - p - 1) &&
			    strncmp(map[k], p + 1, (size_t)(e - p - 1)) == 0) {
				text = map[k + 1];
				break;
			}
		if (text != NULL)
			len += (size_t)snprintf(buf + len, sz - len, "%s", text);
		else
			len += (size_t)snprintf(buf + len, sz - len, "%.*s",
			    (int)(e - p - 1), p + 1);
		if (len >= sz)
			len = sz - 1;
		p = e;
	}
	buf[len] = '\0';
	return buf;
}
