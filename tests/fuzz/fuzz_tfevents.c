/* fuzz_tfevents.c: libFuzzer target: bytes -> TensorBoard event-file reader */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "series.h"
#include "tfevents.h"

/*
 * Input: one option byte, then the file, or the data of its records.
 *   bit 0: prefix "" or "run/" before every tag
 *   bit 1: 0: the rest is the event file as it is; 1: the rest is the
 *          data of records, each after a length byte (the last one takes
 *          what is left if it is short), framed here with right CRCs so
 *          that the fuzzer reaches the Events
 *   bits 2-7: with bit 1, that many bytes cut off the end of the framed
 *          file (the last record of a live writer)
 * Oracles besides the sanitizers: the fast path reads what protobuf-c
 * alone reads (tfevents_read against tfevents_read_ref: the same status,
 * message, counts and series, bit for bit); an error has a message, a
 * success none; the points are the scalars counted; a file that does not
 * sniff as an event file is an error at record 1; a file framed here with
 * right CRCs has no CRC error and, when read, every record (or every one
 * but the cut last one, truncated where it starts).
 */

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_tfevents: %s\n", what);
	abort();
}

static void
same(const struct tfevents_result *a, const struct series_set *sa,
    const struct tfevents_result *b, const struct series_set *sb)
{
	size_t i, k;

	if (strcmp(a->err, b->err) != 0 || a->records != b->records ||
	    a->scalars != b->scalars || a->skipped != b->skipped ||
	    a->other != b->other || a->truncated != b->truncated ||
	    a->truncated_at != b->truncated_at) {
		fprintf(stderr,
		    "fast: %zu records '%s'; protobuf-c: %zu '%s'\n",
		    a->records, a->err, b->records, b->err);
		die("the fast path and protobuf-c disagree on the outcome");
	}
	if (sa->n != sb->n)
		die("the fast path and protobuf-c give other series");
	for (i = 0; i < sa->n; i++) {
		if (strcmp(sa->s[i].name, sb->s[i].name) != 0 ||
		    sa->s[i].n != sb->s[i].n)
			die("the fast path and protobuf-c give other series");
		for (k = 0; k < sa->s[i].n; k++)
			if (sa->s[i].step[k] != sb->s[i].step[k] ||
			    memcmp(&sa->s[i].val[k], &sb->s[i].val[k],
				sizeof(double)) != 0)
				die("the fast path and protobuf-c read other points");
	}
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Frame the records of data[0..size-1]: a buffer to free, its length,
 * the number of records and where the last one starts. */
static unsigned char *
frame(const uint8_t *data, size_t size, size_t *len, size_t *nrec, size_t *last)
{
	unsigned char *out = malloc(17 * size + 16), *p = out;
	size_t n;
	int i;

	if (out == NULL)
		die("out of memory");
	*nrec = 0;
	*last = 0;
	while (size > 0) {
		n = data[0];
		data++;
		size--;
		if (n > size)
			n = size;
		*last = (size_t)(p - out);
		for (i = 0; i < 8; i++)
			p[i] = (unsigned char)((uint64_t)n >> (8 * i));
		put32(p + 8, crc32c_mask(crc32c(p, 8)));
		memcpy(p + 12, data, n);
		put32(p + 12 + n, crc32c_mask(crc32c(data, n)));
		p += 16 + n;
		data += n;
		size -= n;
		(*nrec)++;
	}
	*len = (size_t)(p - out);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct series_set ss, ref;
	struct tfevents_result res, rr;
	enum tfevents_status st, st2;
	const unsigned char *buf = data;
	unsigned char *framed = NULL;
	const char *prefix;
	size_t len, nrec = 0, last = 0, cut = 0;
	unsigned opt;

	if (size < 1)
		return 0;
	opt = data[0];
	data++;
	size--;
	prefix = (opt & 1) ? "run/" : "";
	len = size;
	if (opt & 2) {
		framed = frame(data, size, &len, &nrec, &last);
		cut = opt >> 2;
		if (cut > len)
			cut = len;
		len -= cut;
		buf = framed;
	}

	series_set_init(&ss);
	series_set_init(&ref);
	st = tfevents_read(buf, len, prefix, &ss, &res);
	st2 = tfevents_read_ref(buf, len, prefix, &ref, &rr);
	if (st != TFEVENTS_OK && st != TFEVENTS_ERR_INPUT &&
	    st != TFEVENTS_ERR_NOMEM)
		die("a status out of range");
	if (st != st2)
		die("the fast path and protobuf-c disagree on the status");
	same(&res, &ss, &rr, &ref);
	if (memchr(res.err, '\0', sizeof(res.err)) == NULL)
		die("an error message without its NUL");
	if ((st == TFEVENTS_OK) != (res.err[0] == '\0'))
		die("an error without a message, or a message without one");
	if (series_points(&ss) != res.scalars)
		die("other points than the scalars counted");
	if (res.fast > res.records || rr.fast != 0)
		die("fast records counted wrong");
	if (res.truncated && res.truncated_at >= len)
		die("truncated past the end");
	if (len >= 12 && !tfevents_sniff(buf, len) &&
	    (st != TFEVENTS_ERR_INPUT ||
		strncmp(res.err, "record 1 at byte 0: ", 20) != 0))
		die("a file that is no event file is not an error at record 1");
	if (framed != NULL) {
		if (strstr(res.err, "CRC32C") != NULL)
			die("a CRC error on a file framed with right CRCs");
		if (st == TFEVENTS_OK && cut == 0 &&
		    (res.records != nrec || res.truncated))
			die("a framed file not read whole");
		if (st == TFEVENTS_OK && cut > 0 && len > last &&
		    (res.records != nrec - 1 || !res.truncated ||
			res.truncated_at != last))
			die("a framed file cut in its last record read wrong");
	}
	series_set_free(&ss);
	series_set_free(&ref);
	free(framed);
	return 0;
}
