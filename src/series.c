/* series.c: named scalar series (series.h) */
#include <stdlib.h>
#include <string.h>

#include "series.h"

void
series_set_init(struct series_set *ss)
{
	ss->s = NULL;
	ss->n = ss->cap = 0;
}

void
series_set_free(struct series_set *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->s[i].name);
		free(ss->s[i].step);
		free(ss->s[i].val);
	}
	free(ss->s);
	series_set_init(ss);
}

/* The series called name[0..len-1], or NULL. */
static struct series *
find_len(const struct series_set *ss, const char *name, size_t len)
{
	size_t i;

	/* the last one used is the likeliest: logs repeat their tags */
	for (i = ss->n; i-- > 0;)
		if (strncmp(ss->s[i].name, name, len) == 0 &&
		    ss->s[i].name[len] == '\0')
			return &ss->s[i];
	return NULL;
}

static struct series *
create(struct series_set *ss, const char *name, size_t len)
{
	struct series *s;
	char *copy;

	if (ss->n == ss->cap) {
		size_t cap = ss->cap ? 2 * ss->cap : 8;

		if ((s = realloc(ss->s, cap * sizeof(*s))) == NULL)
			return NULL;
		ss->s = s;
		ss->cap = cap;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(copy, name, len);
	copy[len] = '\0';
	s = &ss->s[ss->n++];
	s->name = copy;
	s->n = s->cap = 0;
	s->step = NULL;
	s->val = NULL;
	return s;
}

int
series_add(struct series_set *ss, const char *name, size_t len, int64_t step,
    double val)
{
	struct series *s;
	const char *nul;

	if ((nul = memchr(name, '\0', len)) != NULL)
		len = (size_t)(nul - name);
	if ((s = find_len(ss, name, len)) == NULL &&
	    (s = create(ss, name, len)) == NULL)
		return -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		int64_t *st;
		double *v;

		if ((st = realloc(s->step, cap * sizeof(*st))) == NULL)
			return -1;
		s->step = st;
		if ((v = realloc(s->val, cap * sizeof(*v))) == NULL)
			return -1;
		s->val = v;
		s->cap = cap;
	}
	s->step[s->n] = step;
	s->val[s->n] = val;
	s->n++;
	return 0;
}

struct series *
series_find(const struct series_set *ss, const char *name)
{
	return find_len(ss, name, strlen(name));
}

size_t
series_points(const struct series_set *ss)
{
	size_t i, t = 0;

	for (i = 0; i < ss->n; i++)
		t += ss->s[i].n;
	return t;
}
