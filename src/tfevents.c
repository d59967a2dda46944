/* tfevents.c: reader of TensorBoard event files (tfevents.h) */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "tfevent.pb-c.h"
#include "tfevents.h"

typedef Lrfind__Tfevent__Event Event;
typedef Lrfind__Tfevent__Value Value;
typedef Lrfind__Tfevent__TensorProto TensorProto;

/* TensorFlow's DataType numbers */
enum {
	DT_FLOAT = 1,
	DT_DOUBLE = 2,
	DT_BFLOAT16 = 14,
	DT_HALF = 19
};

#define ARENA_BASE ((size_t)1 << 20)	/* unpack allowance besides the ratio */
#define ARENA_MAX ((size_t)1 << 30)	/* and the most, whatever the length */
#define ARENA_KEEP ((size_t)1 << 20)	/* the block kept between records */

/*
 * protobuf-c's default allocator mallocs every message, string and array
 * of a record and frees them one by one.  The arena hands out pieces of
 * one block instead and forgets them all at once before the next record;
 * what does not fit in the block (a large graph_def) gets a malloc of its
 * own, freed then too, and the block grows to what the record took, up
 * to ARENA_KEEP.  The allowance (limit) stops a hostile record, whose few
 * bytes may claim many empty messages, from taking gigabytes.
 */
struct big {
	struct big *next;
	max_align_t data[];
};

struct arena {
	unsigned char *block;
	size_t cap, used;	/* of block */
	struct big *bigs;
	size_t taken;		/* bytes handed out for this record, in all */
	size_t limit;		/* most bytes this record may take */
	bool over;		/* a request passed limit */
	bool nomem;		/* malloc failed */
};

#define ALIGN (sizeof(max_align_t))

static void *
arena_alloc(void *ad, size_t size)
{
	struct arena *a = ad;
	struct big *b;

	if (size > ARENA_MAX)
		goto over;
	size = (size + ALIGN - 1) & ~(ALIGN - 1);
	if (a->taken + size > a->limit)
		goto over;
	a->taken += size;
	if (size <= a->cap - a->used) {
		void *p = a->block + a->used;

		a->used += size;
		return p;
	}
	if ((b = malloc(sizeof(*b) + size)) == NULL) {
		a->nomem = true;
		return NULL;
	}
	b->next = a->bigs;
	a->bigs = b;
	return b->data;
over:
	a->over = true;
	return NULL;
}

static void
arena_free(void *ad, void *p)
{
	(void)ad;
	(void)p;		/* everything goes at arena_reset */
}

/* Forget this record's pieces; grow the block to what it needed. */
static void
arena_reset(struct arena *a, size_t limit)
{
	struct big *b;

	while ((b = a->bigs) != NULL) {
		a->bigs = b->next;
		free(b);
	}
	if (a->taken > a->cap && a->cap < ARENA_KEEP) {
		size_t cap = a->cap ? a->cap : 4096;
		unsigned char *nb;

		while (cap < a->taken && cap < ARENA_KEEP)
			cap *= 2;
		if ((nb = malloc(cap)) != NULL) {
			free(a->block);
			a->block = nb;
			a->cap = cap;
		}
	}
	a->used = a->taken = 0;
	a->limit = limit;
	a->over = a->nomem = false;
}

static void
arena_done(struct arena *a)
{
	arena_reset(a, 0);
	free(a->block);
}

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

bool
tfevents_sniff(const unsigned char *buf, size_t len)
{
	return len >= 12 && crc32c_mask(crc32c(buf, 8)) == le32(buf + 8);
}

/* An IEEE half or a bfloat16 (the low 16 bits of h) as a double, exactly. */
static double
half_value(uint32_t h, int dtype)
{
	unsigned e, m;
	double v;

	if (dtype == DT_BFLOAT16) {
		uint32_t bits = (h & 0xffff) << 16;
		float f;

		memcpy(&f, &bits, 4);
		return f;
	}
	e = (h >> 10) & 0x1f;
	m = h & 0x3ff;
	if (e == 0)
		v = ldexp(m, -24);
	else if (e == 31)
		v = m ? NAN : INFINITY;
	else
		v = ldexp(m + 1024, (int)e - 25);
	return (h & 0x8000) ? -v : v;
}

/* The one number a tensor holds: 1, or 0 when it is not one number of a
 * floating-point type. */
static int
tensor_scalar(const TensorProto *t, double *out)
{
	const ProtobufCBinaryData *c = &t->tensor_content;
	size_t i, nrep;
	uint32_t u32;
	uint64_t u64;
	float f;

	if (t->tensor_shape != NULL) {
		if (t->tensor_shape->has_unknown_rank &&
		    t->tensor_shape->unknown_rank)
			return 0;
		for (i = 0; i < t->tensor_shape->n_dim; i++)
			if (t->tensor_shape->dim[i]->size != 1)
				return 0;
	}
	if (!t->has_dtype)
		return 0;
	/* one representation only: the typed field, or the raw bytes */
	nrep = t->n_float_val + t->n_double_val + t->n_half_val;
	if (nrep + (c->len > 0) != 1)
		return 0;
	switch (t->dtype) {
	case DT_FLOAT:
		if (t->n_float_val == 1) {
			*out = t->float_val[0];
			return 1;
		}
		if (c->len != 4)
			return 0;
		u32 = le32(c->data);
		memcpy(&f, &u32, 4);
		*out = f;
		return 1;
	case DT_DOUBLE:
		if (t->n_double_val == 1) {
			*out = t->double_val[0];
			return 1;
		}
		if (c->len != 8)
			return 0;
		u64 = le64(c->data);
		memcpy(out, &u64, 8);
		return 1;
	case DT_HALF:
	case DT_BFLOAT16:
		if (t->n_half_val == 1) {
			*out = half_value((uint32_t)t->half_val[0], t->dtype);
			return 1;
		}
		if (c->len != 2)
			return 0;
		*out = half_value((uint32_t)c->data[0] | (uint32_t)c->data[1] << 8,
		    t->dtype);
		return 1;
	default:
		return 0;
	}
}

/* The state of one tfevents_read. */
struct reader {
	const char *prefix;
	size_t plen;
	char *name;		/* prefix + tag, grown as needed */
	size_t namecap;
	struct series_set *ss;
	struct tfevents_result *res;
	size_t rec;		/* number of the record in hand, from 1 */
	size_t at;		/* and its byte offset */
};

static enum tfevents_status
fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->res->err, sizeof(r->res->err), "record %zu at byte %zu: ",
	    r->rec, r->at);
	if (n < 0 || (size_t)n >= sizeof(r->res->err))
		return TFEVENTS_ERR_INPUT;
	va_start(ap, fmt);
	vsnprintf(r->res->err + n, sizeof(r->res->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return TFEVENTS_ERR_INPUT;
}

static enum tfevents_status
nomem(struct reader *r)
{
	snprintf(r->res->err, sizeof(r->res->err),
	    "record %zu at byte %zu: out of memory", r->rec, r->at);
	return TFEVENTS_ERR_NOMEM;
}

/* Add the point (step, v) to the series prefix + tag: 0, or -1 when out
 * of memory. */
static int
add(struct reader *r, const char *tag, int64_t step, double v)
{
	size_t tlen = strlen(tag);

	if (r->plen == 0)
		return series_add(r->ss, tag, tlen, step, v);
	if (r->plen + tlen > r->namecap) {
		size_t cap = 2 * (r->plen + tlen);
		char *nb = realloc(r->name, cap);

		if (nb == NULL)
			return -1;
		r->name = nb;
		r->namecap = cap;
		memcpy(r->name, r->prefix, r->plen);
	}
	memcpy(r->name + r->plen, tag, tlen);
	return series_add(r->ss, r->name, r->plen + tlen, step, v);
}

static enum tfevents_status
event(struct reader *r, const Event *ev)
{
	int64_t step = ev->has_step ? ev->step : 0;
	const Value *v;
	double x;
	size_t i;

	if (ev->summary == NULL) {
		r->res->other++;
		return TFEVENTS_OK;
	}
	for (i = 0; i < ev->summary->n_value; i++) {
		v = ev->summary->value[i];
		if (v->tag == NULL || v->tag[0] == '\0') {
			r->res->skipped++;
			continue;
		}
		if (v->has_simple_value)
			x = v->simple_value;
		else if (v->tensor == NULL || !tensor_scalar(v->tensor, &x)) {
			r->res->skipped++;
			continue;
		}
		if (add(r, v->tag, step, x) != 0)
			return nomem(r);
		r->res->scalars++;
	}
	return TFEVENTS_OK;
}

/* The most the arena may hand out to unpack n bytes. */
static size_t
unpack_limit(uint64_t n)
{
	if (n > (ARENA_MAX - ARENA_BASE) / TFEVENTS_MAX_UNPACK_RATIO)
		return ARENA_MAX;
	return (size_t)n * TFEVENTS_MAX_UNPACK_RATIO + ARENA_BASE;
}

enum tfevents_status
tfevents_read(const unsigned char *buf, size_t len, const char *prefix,
    struct series_set *ss, struct tfevents_result *res)
{
	struct arena a = { 0 };
	ProtobufCAllocator alloc = { arena_alloc, arena_free, &a };
	struct reader r = { 0 };
	enum tfevents_status st = TFEVENTS_OK;
	const unsigned char *p;
	uint64_t n;
	uint32_t want, got;
	Event *ev;

	memset(res, 0, sizeof(*res));
	r.prefix = prefix ? prefix : "";
	r.plen = strlen(r.prefix);
	r.ss = ss;
	r.res = res;
	while (r.at < len) {
		r.rec++;
		p = buf + r.at;
		if (len - r.at < 12)
			goto truncated;
		n = le64(p);
		want = le32(p + 8);
		if ((got = crc32c_mask(crc32c(p, 8))) != want) {
			st = fail(&r, "the length's CRC32C is 0x%08" PRIx32
			    ", the record says 0x%08" PRIx32 ": %s", got, want,
			    r.rec == 1 ? "not a TFRecord (event) file, "
			    "or a damaged one" : "the file is damaged");
			break;
		}
		if (n > TFEVENTS_MAX_RECORD) {
			st = fail(&r, "a length of %" PRIu64 " bytes, more than "
			    "the %" PRIu64 " MiB a record may have", n,
			    TFEVENTS_MAX_RECORD >> 20);
			break;
		}
		if (len - r.at - 12 < n + 4)
			goto truncated;
		want = le32(p + 12 + n);
		if ((got = crc32c_mask(crc32c(p + 12, (size_t)n))) != want) {
			st = fail(&r, "the data's CRC32C is 0x%08" PRIx32
			    ", the record says 0x%08" PRIx32 ": the file is "
			    "damaged", got, want);
			break;
		}
		arena_reset(&a, unpack_limit(n));
		ev = lrfind__tfevent__event__unpack(&alloc, (size_t)n, p + 12);
		if (ev == NULL) {
			if (a.nomem)
				st = nomem(&r);
			else if (a.over)
				st = fail(&r, "its %" PRIu64 " bytes would take more "
				    "than %zu bytes to unpack: not a TensorFlow "
				    "Event", n, a.limit);
			else
				st = fail(&r, "its %" PRIu64 " bytes are not a "
				    "TensorFlow Event (a protocol buffer was "
				    "expected)", n);
			break;
		}
		res->records++;
		if ((st = event(&r, ev)) != TFEVENTS_OK)
			break;
		r.at += 16 + (size_t)n;
	}
	goto done;
truncated:
	res->truncated = true;
	res->truncated_at = r.at;
done:
	arena_done(&a);
	free(r.name);
	return st;
}
