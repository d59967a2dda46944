/* fuzz_wandb.c: libFuzzer target: bytes -> wandb_sniff and wandb_read */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series.h"
#include "wandb.h"

/*
 * Input: one option byte, then the file.
 *   byte 0: bits 0-1 the run asked for: none, "A", "1", then (bits 2-7)
 *           which of the runs found by a first read, by its whole name
 * The file is copied to a buffer of its exact size.  Oracles besides the
 * sanitizers: every error has a message; success has none, a run index
 * within the runs listed, and steps that are whole numbers within 9e15;
 * a run asked for by its whole name is the one read.
 */

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_wandb: %s (err '%s')\n", what, err);
	abort();
}

static void
check(enum wandb_status st, const struct wandb_result *res,
    const struct series_set *ss)
{
	size_t i, j;

	if (st != WANDB_OK) {
		if (res->err[0] == '\0')
			die("an error without a message", res->err);
		return;
	}
	if (res->err[0] != '\0')
		die("success with a message", res->err);
	if (res->nruns == 0 || res->run >= res->nruns)
		die("success without a run", res->err);
	for (i = 0; i < ss->n; i++)
		for (j = 0; j < ss->s[i].n; j++)
			if (ss->s[i].step[j] > 9000000000000000LL ||
			    ss->s[i].step[j] < -9000000000000000LL)
				die("a step out of range", res->err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[3] = { NULL, "A", "1" };
	struct series_set ss;
	struct wandb_result res;
	enum wandb_status st;
	unsigned opt;
	size_t k;
	char *b, *name;

	if (size < 1)
		return 0;
	opt = data[0];
	data++;
	size--;
	if ((b = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(b, data, size);
	(void)wandb_sniff(b, size);
	series_set_init(&ss);
	st = wandb_read(b, size, (opt & 3) < 3 ? names[opt & 3] : NULL, &ss,
	    &res);
	check(st, &res, &ss);
	series_set_free(&ss);
	if ((opt & 3) == 3 && res.nruns > 0) {
		k = (opt >> 2) % res.nruns;
		if ((name = strdup(res.runs[k])) == NULL)
			die("strdup", "");
		wandb_result_free(&res);
		series_set_init(&ss);
		st = wandb_read(b, size, name, &ss, &res);
		check(st, &res, &ss);
		if (st == WANDB_OK && res.run != k)
			die("the run asked for by its whole name is not read",
			    name);
		free(name);
		series_set_free(&ss);
	}
	wandb_result_free(&res);
	free(b);
	return 0;
}
