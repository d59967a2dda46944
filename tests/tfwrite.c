/* tfwrite.c: a writer of TensorBoard event files for the tests (tfwrite.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "tfwrite.h"

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		fprintf(stderr, "tfwrite: out of memory\n");
		abort();
	}
	return p;
}

static void
put(struct tfw_pb *pb, const void *data, size_t n)
{
	if (pb->len + n > pb->cap) {
		pb->cap = 2 * (pb->len + n) + 64;
		pb->b = xrealloc(pb->b, pb->cap);
	}
	if (n > 0)
		memcpy(pb->b + pb->len, data, n);
	pb->len += n;
}

static void
varint(struct tfw_pb *pb, uint64_t v)
{
	unsigned char c;

	do {
		c = v & 0x7f;
		v >>= 7;
		if (v)
			c |= 0x80;
		put(pb, &c, 1);
	} while (v);
}

static void
key(struct tfw_pb *pb, unsigned field, unsigned wire)
{
	varint(pb, (uint64_t)field << 3 | wire);
}

static void
fixed32(struct tfw_pb *pb, uint32_t v)
{
	unsigned char b[4] = { v & 0xff, v >> 8 & 0xff, v >> 16 & 0xff,
		v >> 24 };

	put(pb, b, 4);
}

static void
fixed64(struct tfw_pb *pb, uint64_t v)
{
	fixed32(pb, (uint32_t)v);
	fixed32(pb, (uint32_t)(v >> 32));
}

static uint32_t
float_bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static uint64_t
double_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, 8);
	return u;
}

static void
bytes(struct tfw_pb *pb, unsigned field, const void *data, size_t n)
{
	key(pb, field, 2);
	varint(pb, n);
	put(pb, data, n);
}

/* Field field holding sub, which is freed. */
static void
sub(struct tfw_pb *pb, unsigned field, struct tfw_pb *s)
{
	bytes(pb, field, s->b, s->len);
	free(s->b);
	memset(s, 0, sizeof(*s));
}

void
tfw_init(struct tfw *w)
{
	memset(w, 0, sizeof(*w));
}

void
tfw_free(struct tfw *w)
{
	free(w->buf);
	free(w->rec_at);
	tfw_init(w);
}

void
tfw_record(struct tfw *w, const void *payload, size_t n)
{
	struct tfw_pb pb = { w->buf, w->len, w->cap };
	unsigned char len8[8];
	int i;

	if (w->nrec == w->reccap) {
		w->reccap = w->reccap ? 2 * w->reccap : 64;
		w->rec_at = xrealloc(w->rec_at, w->reccap * sizeof(*w->rec_at));
	}
	w->rec_at[w->nrec++] = w->len;
	for (i = 0; i < 8; i++)
		len8[i] = (unsigned char)((uint64_t)n >> (8 * i));
	put(&pb, len8, 8);
	fixed32(&pb, crc32c_mask(crc32c(len8, 8)));
	put(&pb, payload, n);
	fixed32(&pb, crc32c_mask(crc32c(payload, n)));
	w->buf = pb.b;
	w->len = pb.len;
	w->cap = pb.cap;
}

void
tfw_event_begin(struct tfw_event *e, double wall_time, int64_t step)
{
	memset(e, 0, sizeof(*e));
	key(&e->ev, 1, 1);
	fixed64(&e->ev, double_bits(wall_time));
	if (step != TFW_NO_STEP) {
		key(&e->ev, 2, 0);
		varint(&e->ev, (uint64_t)step);
	}
}

/* A TensorShapeProto of n dimensions of the given size (n 0: shape []). */
static void
shape(struct tfw_pb *t, int n, int64_t size)
{
	struct tfw_pb s = { 0 }, d = { 0 };
	int i;

	for (i = 0; i < n; i++) {
		key(&d, 1, 0);
		varint(&d, (uint64_t)size);
		sub(&s, 2, &d);
	}
	sub(t, 2, &s);
}

void
tfw_event_value(struct tfw_event *e, const char *tag, enum tfw_form f, double v)
{
	struct tfw_pb val = { 0 }, t = { 0 }, p = { 0 }, h = { 0 };
	unsigned char c[8];
	int i;

	bytes(&val, 1, tag, strlen(tag));
	switch (f) {
	case TFW_SIMPLE:
		key(&val, 2, 5);
		fixed32(&val, float_bits((float)v));
		break;
	case TFW_FLOAT_VAL:
	case TFW_FLOAT_VAL_1X1:
	case TFW_FLOAT_VAL_2:
	case TFW_FLOAT_VAL_FILL:
		key(&t, 1, 0);
		varint(&t, 1);
		shape(&t,
		    f == TFW_FLOAT_VAL         ? 0 :
			f == TFW_FLOAT_VAL_1X1 ? 2 :
						 1,
		    f == TFW_FLOAT_VAL_1X1 ? 1 : 2);
		fixed32(&p, float_bits((float)v));
		if (f == TFW_FLOAT_VAL_2)
			fixed32(&p, float_bits((float)v));
		sub(&t, 5, &p);
		break;
	case TFW_FLOAT_VAL_UNPACKED:
		key(&t, 1, 0);
		varint(&t, 1);
		shape(&t, 0, 0);
		key(&t, 5, 5);
		fixed32(&t, float_bits((float)v));
		break;
	case TFW_DOUBLE_VAL:
		key(&t, 1, 0);
		varint(&t, 2);
		shape(&t, 0, 0);
		fixed64(&p, double_bits(v));
		sub(&t, 6, &p);
		break;
	case TFW_DOUBLE_VAL_UNPACKED:
		key(&t, 1, 0);
		varint(&t, 2);
		shape(&t, 0, 0);
		key(&t, 6, 1);
		fixed64(&t, double_bits(v));
		break;
	case TFW_CONTENT_FLOAT:
	case TFW_CONTENT_FLOAT_3:
		key(&t, 1, 0);
		varint(&t, 1);
		shape(&t, 0, 0);
		for (i = 0; i < 4; i++)
			c[i] = (unsigned char)(float_bits((float)v) >> (8 * i));
		bytes(&t, 4, c, f == TFW_CONTENT_FLOAT ? 4 : 3);
		break;
	case TFW_CONTENT_DOUBLE:
		key(&t, 1, 0);
		varint(&t, 2);
		shape(&t, 0, 0);
		for (i = 0; i < 8; i++)
			c[i] = (unsigned char)(double_bits(v) >> (8 * i));
		bytes(&t, 4, c, 8);
		break;
	case TFW_HALF_BITS:
	case TFW_BFLOAT16_BITS:
		key(&t, 1, 0);
		varint(&t, f == TFW_HALF_BITS ? 19 : 14);
		shape(&t, 0, 0);
		varint(&p, (uint32_t)v & 0xffff); /* v: the bits */
		sub(&t, 13, &p);
		break;
	case TFW_INT_VAL:
		key(&t, 1, 0);
		varint(&t, 3);
		shape(&t, 0, 0);
		varint(&p, (uint64_t)(int64_t)v);
		sub(&t, 7, &p);
		break;
	case TFW_HISTO:
		for (i = 1; i <= 5; i++) { /* min max num sum sum_squares */
			key(&h, (unsigned)i, 1);
			fixed64(&h, double_bits(v));
		}
		sub(&val, 5, &h);
		break;
	case TFW_IMAGE:
		key(&h, 1, 0);
		varint(&h, 2); /* height */
		key(&h, 2, 0);
		varint(&h, 2); /* width */
		bytes(&h, 4, "\x89PNG\r\n\x1a\n", 8);
		sub(&val, 4, &h);
		break;
	}
	if (t.len > 0)
		sub(&val, 8, &t);
	sub(&e->summary, 1, &val);
	e->has_summary = true;
}

void
tfw_event_text(struct tfw_event *e, const char *tag, const char *text)
{
	struct tfw_pb val = { 0 }, t = { 0 }, m = { 0 }, pd = { 0 };

	bytes(&val, 1, tag, strlen(tag));
	key(&t, 1, 0);
	varint(&t, 7); /* DT_STRING */
	shape(&t, 0, 0);
	bytes(&t, 8, text, strlen(text));
	sub(&val, 8, &t);
	bytes(&pd, 1, "text", 4); /* PluginData.plugin_name */
	sub(&m, 1, &pd); /* SummaryMetadata.plugin_data */
	sub(&val, 9, &m);
	sub(&e->summary, 1, &val);
	e->has_summary = true;
}

void
tfw_event_file_version(struct tfw_event *e, const char *version)
{
	bytes(&e->ev, 3, version, strlen(version));
}

void
tfw_event_graph_def(struct tfw_event *e, size_t nbytes)
{
	unsigned char *g = xrealloc(NULL, nbytes + 1);
	size_t i;

	for (i = 0; i < nbytes; i++)
		g[i] = (unsigned char)(i * 7);
	bytes(&e->ev, 4, g, nbytes);
	free(g);
}

void
tfw_event_end(struct tfw *w, struct tfw_event *e)
{
	if (e->has_summary)
		sub(&e->ev, 5, &e->summary);
	tfw_record(w, e->ev.b, e->ev.len);
	free(e->ev.b);
	free(e->summary.b);
	memset(e, 0, sizeof(*e));
}

void
tfw_scalar(struct tfw *w, int64_t step, const char *tag, enum tfw_form f,
    double v)
{
	struct tfw_event e;

	tfw_event_begin(&e, 1.7e9 + (double)w->nrec, step);
	tfw_event_value(&e, tag, f, v);
	tfw_event_end(w, &e);
}

void
tfw_file_version(struct tfw *w, const char *version)
{
	struct tfw_event e;

	tfw_event_begin(&e, 1.7e9, TFW_NO_STEP);
	tfw_event_file_version(&e, version);
	tfw_event_end(w, &e);
}

void
tfw_cut(struct tfw *w, size_t len)
{
	if (len < w->len)
		w->len = len;
}

void
tfw_flip(struct tfw *w, size_t off, unsigned mask)
{
	if (off < w->len)
		w->buf[off] ^= (unsigned char)mask;
}

int
tfw_save(const struct tfw *w, const char *path)
{
	FILE *fp = fopen(path, "wb");
	int bad;

	if (fp == NULL)
		return -1;
	bad = fwrite(w->buf, 1, w->len, fp) != w->len;
	bad |= fclose(fp) != 0;
	return bad ? -1 : 0;
}
