/* check_tfevents.c: the TensorBoard event-file reader on files written by
 * tests/tfwrite.c (every value form, damage of every kind) and on real
 * event files from ../shared/samples */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series.h"
#include "tfevents.h"
#include "tfwrite.h"

static struct series_set ss;
static struct tfevents_result res;

static void
setup(void)
{
	series_set_init(&ss);
}

static void
teardown(void)
{
	series_set_free(&ss);
}

/* tfevents_read with its fast path gives what protobuf-c alone gives. */
static void
same_as_ref(const unsigned char *buf, size_t len, const char *prefix,
    enum tfevents_status st)
{
	struct series_set ref;
	struct tfevents_result rr;
	size_t i, k;

	series_set_init(&ref);
	ck_assert_int_eq(tfevents_read_ref(buf, len, prefix, &ref, &rr), st);
	ck_assert_str_eq(rr.err, res.err);
	ck_assert_uint_eq(rr.records, res.records);
	ck_assert_uint_eq(rr.scalars, res.scalars);
	ck_assert_uint_eq(rr.skipped, res.skipped);
	ck_assert_uint_eq(rr.other, res.other);
	ck_assert_uint_eq(rr.fast, 0);
	ck_assert(rr.truncated == res.truncated);
	ck_assert_uint_eq(rr.truncated_at, res.truncated_at);
	ck_assert_uint_eq(ref.n, ss.n);
	for (i = 0; i < ss.n; i++) {
		ck_assert_str_eq(ref.s[i].name, ss.s[i].name);
		ck_assert_uint_eq(ref.s[i].n, ss.s[i].n);
		for (k = 0; k < ss.s[i].n; k++) {
			ck_assert_int_eq(ref.s[i].step[k], ss.s[i].step[k]);
			ck_assert(memcmp(&ref.s[i].val[k], &ss.s[i].val[k],
				      sizeof(double)) == 0);
		}
	}
	series_set_free(&ref);
}

static enum tfevents_status
rd(const struct tfw *w, const char *prefix)
{
	enum tfevents_status st;

	series_set_free(&ss);
	st = tfevents_read(w->buf, w->len, prefix, &ss, &res);
	same_as_ref(w->buf, w->len, prefix, st);
	return st;
}

/* The series name has n points and point i is (step, v). */
static void
point(const char *name, size_t n, size_t i, int64_t step, double v)
{
	struct series *s = series_find(&ss, name);

	ck_assert_msg(s != NULL, "no series '%s'", name);
	ck_assert_uint_eq(s->n, n);
	ck_assert_int_eq(s->step[i], step);
	ck_assert_msg(s->val[i] == v || (isnan(v) && isnan(s->val[i])),
	    "%s[%zu] = %.17g, not %.17g", name, i, s->val[i], v);
}

START_TEST(test_value_forms)
{
	static const struct {
		enum tfw_form f;
		double in, want;
	} c[] = {
		{ TFW_SIMPLE, 0.1, (double)0.1f },
		{ TFW_SIMPLE, -2.5e-38, (double)-2.5e-38f },
		{ TFW_SIMPLE, INFINITY, INFINITY },
		{ TFW_SIMPLE, NAN, NAN },
		{ TFW_FLOAT_VAL, 3.14159, (double)3.14159f },
		{ TFW_FLOAT_VAL_UNPACKED, 1e-7, (double)1e-7f },
		{ TFW_FLOAT_VAL_1X1, 2.75, 2.75 },
		{ TFW_DOUBLE_VAL, 0.1, 0.1 },
		{ TFW_DOUBLE_VAL_UNPACKED, 1e-300, 1e-300 },
		{ TFW_CONTENT_FLOAT, 0.3, (double)0.3f },
		{ TFW_CONTENT_DOUBLE, 0.12345678901234567,
		    0.12345678901234567 },
		{ TFW_CONTENT_DOUBLE, -4.9e-324, -4.9e-324 },
		{ TFW_HALF_BITS, 0x3555, 0.333251953125 },
		{ TFW_HALF_BITS, 0xC500, -5 },
		{ TFW_HALF_BITS, 0x0001, 0x1p-24 },
		{ TFW_HALF_BITS, 0x7BFF, 65504 },
		{ TFW_HALF_BITS, 0xFC00, -INFINITY },
		{ TFW_BFLOAT16_BITS, 0x3F80, 1 },
		{ TFW_BFLOAT16_BITS, 0x3E4D, 0.2001953125 },
	};
	struct tfw w;
	size_t i, n = sizeof(c) / sizeof(c[0]);
	char tag[32];

	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	for (i = 0; i < n; i++) {
		snprintf(tag, sizeof(tag), "v%zu", i);
		tfw_scalar(&w, (int64_t)i * 1000000007 - 3, tag, c[i].f,
		    c[i].in);
		tfw_scalar(&w, (int64_t)i, "all", c[i].f, c[i].in);
	}
	ck_assert_int_eq(rd(&w, ""), TFEVENTS_OK);
	ck_assert_uint_eq(res.records, 2 * n + 1);
	ck_assert_uint_eq(res.scalars, 2 * n);
	ck_assert_uint_eq(res.skipped, 0);
	ck_assert_uint_eq(res.other, 1);
	/* all but the unpacked float_val and double_val, and half_val */
	ck_assert_uint_eq(res.fast, 2 * n + 1 - 2 * 9);
	ck_assert(!res.truncated);
	ck_assert_uint_eq(ss.n, n + 1);
	for (i = 0; i < n; i++) {
		snprintf(tag, sizeof(tag), "v%zu", i);
		point(tag, 1, 0, (int64_t)i * 1000000007 - 3, c[i].want);
		point("all", n, i, (int64_t)i, c[i].want);
	}
	tfw_free(&w);
}
END_TEST

START_TEST(test_steps_and_prefix)
{
	struct tfw w;

	tfw_init(&w);
	tfw_scalar(&w, TFW_NO_STEP, "loss", TFW_SIMPLE, 2.5); /* step 0 */
	tfw_scalar(&w, 0, "loss", TFW_SIMPLE, 2.25); /* written 0 */
	tfw_scalar(&w, 7, "loss", TFW_CONTENT_FLOAT, 2);
	tfw_scalar(&w, -1, "loss", TFW_SIMPLE, 1);
	tfw_scalar(&w, INT64_MAX, "lr", TFW_DOUBLE_VAL, 1e-3);
	ck_assert_int_eq(rd(&w, "run1/"), TFEVENTS_OK);
	ck_assert_uint_eq(ss.n, 2);
	ck_assert_ptr_null(series_find(&ss, "loss"));
	point("run1/loss", 4, 0, 0, 2.5);
	point("run1/loss", 4, 1, 0, 2.25);
	point("run1/loss", 4, 2, 7, 2);
	point("run1/loss", 4, 3, -1, 1);
	point("run1/lr", 1, 0, INT64_MAX, 1e-3);
	ck_assert_int_eq(rd(&w, ""), TFEVENTS_OK);
	point("loss", 4, 2, 7, 2);
	ck_assert_int_eq(rd(&w, NULL), TFEVENTS_OK);
	point("lr", 1, 0, INT64_MAX, 1e-3);
	/* a long prefix, longer each time than the name buffer */
	ck_assert_int_eq(rd(&w,
			     "a/very/long/prefix/for/the/names/of/this/run/"),
	    TFEVENTS_OK);
	point("a/very/long/prefix/for/the/names/of/this/run/lr", 1, 0,
	    INT64_MAX, 1e-3);
	tfw_free(&w);
}
END_TEST

/* What is not one number is skipped and counted, not an error. */
START_TEST(test_skipped)
{
	static const enum tfw_form not1[] = { TFW_FLOAT_VAL_2,
		TFW_FLOAT_VAL_FILL, TFW_CONTENT_FLOAT_3, TFW_INT_VAL, TFW_HISTO,
		TFW_IMAGE };
	struct tfw w;
	struct tfw_event e;
	size_t i;

	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	tfw_event_begin(&e, 1.7e9, TFW_NO_STEP);
	tfw_event_graph_def(&e, 5000);
	tfw_event_end(&w, &e);
	tfw_event_begin(&e, 1.7e9, 3);
	tfw_event_text(&e, "args/text_summary", "{\"lr\": 0.1}");
	tfw_event_end(&w, &e);
	for (i = 0; i < sizeof(not1) / sizeof(not1[0]); i++)
		tfw_scalar(&w, 4, "x", not1[i], 1.5);
	/* one Event, several values: two numbers, a text, an untagged one */
	tfw_event_begin(&e, 1.7e9, 5);
	tfw_event_value(&e, "train/loss", TFW_SIMPLE, 0.5);
	tfw_event_text(&e, "note", "hello");
	tfw_event_value(&e, "", TFW_SIMPLE, 9);
	tfw_event_value(&e, "train/lr", TFW_CONTENT_FLOAT, 0.25);
	tfw_event_end(&w, &e);
	ck_assert_int_eq(rd(&w, ""), TFEVENTS_OK);
	ck_assert_uint_eq(res.records, 4 + sizeof(not1) / sizeof(not1[0]));
	ck_assert_uint_eq(res.other, 2);
	ck_assert_uint_eq(res.skipped, 1 + sizeof(not1) / sizeof(not1[0]) + 2);
	ck_assert_uint_eq(res.scalars, 2);
	ck_assert_uint_eq(ss.n, 2);
	point("train/loss", 1, 0, 5, 0.5);
	point("train/lr", 1, 0, 5, 0.25);
	tfw_free(&w);
}
END_TEST

/* Unknown fields (of an Event written by a newer TensorFlow) are fine. */
START_TEST(test_unknown_fields)
{
	struct tfw w;

	tfw_init(&w);
	/* field 6 varint, field 10 bytes, field 5000 fixed32, empty Event */
	tfw_record(&w,
	    "\x30\x01"
	    "\x52\x02hi"
	    "\xc5\xb8\x02\1\2\3\4",
	    13);
	tfw_record(&w, "", 0);
	tfw_scalar(&w, 1, "loss", TFW_SIMPLE, 3);
	ck_assert_msg(rd(&w, "") == TFEVENTS_OK, "%s", res.err);
	ck_assert_uint_eq(res.records, 3);
	ck_assert_uint_eq(res.other, 2);
	point("loss", 1, 0, 1, 3);
	tfw_free(&w);
}
END_TEST

/* Bytes of a protobuf message, built by hand (lengths below 128). */
struct bb {
	unsigned char b[256];
	size_t n;
};

static struct bb
raw(const void *p, size_t n)
{
	struct bb x;

	ck_assert_uint_le(n, sizeof(x.b));
	memcpy(x.b, p, n);
	x.n = n;
	return x;
}

/* x, then the field key holding sub */
static struct bb
cat(struct bb x, unsigned key, struct bb sub)
{
	ck_assert_uint_lt(sub.n, 128);
	ck_assert_uint_le(x.n + 2 + sub.n, sizeof(x.b));
	x.b[x.n++] = (unsigned char)key;
	x.b[x.n++] = (unsigned char)sub.n;
	memcpy(x.b + x.n, sub.b, sub.n);
	x.n += sub.n;
	return x;
}

#define R(lit) raw(lit, sizeof(lit) - 1)

static const struct bb none;

/* An Event: head, then a summary of the given Values */
static struct bb
ev(struct bb head, int nv, struct bb v0, struct bb v1)
{
	struct bb sum = none;

	if (nv > 0)
		sum = cat(sum, 0x0a, v0);
	if (nv > 1)
		sum = cat(sum, 0x0a, v1);
	return cat(head, 0x2a, sum);
}

/* Wire forms at the edges of the fast path: each Event is read, and to
 * the same points as protobuf-c reads it (rd compares). */
START_TEST(test_wire_edges)
{
	const struct bb v1 = R("\x0a\x01"
			       "a"
			       "\x15\x00\x00\x80\x3f");
	const struct bb one = R("\x22\x04\x00\x00\x80\x3f"); /* content 1.0f */
	struct bb e[20], t, shape;
	struct tfw w;
	size_t n = 0, i;

	/* the step twice: the last one counts */
	e[n++] = ev(R("\x10\x05\x10\x07"), 1, v1, none);
	/* a tag with a NUL inside: cut there */
	e[n++] = ev(none, 1,
	    R("\x0a\x03"
	      "b\0c"
	      "\x15\x00\x00\x80\x3f"),
	    none);
	/* a tag that starts with NUL: untagged */
	e[n++] = ev(none, 1,
	    R("\x0a\x02"
	      "\0c"
	      "\x15\x00\x00\x80\x3f"),
	    none);
	/* an empty summary */
	e[n++] = ev(none, 0, none, none);
	/* a step of 10 bytes, the last bits past 64 dropped */
	e[n++] =
	    ev(R("\x10\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f"), 1, v1, none);
	/* simple_value twice, and Value fields that are skipped */
	e[n++] = ev(R("\x10\x01"), 2, v1,
	    R("\x0a\x01"
	      "d"
	      "\x15\x00\x00\x80\x3f"
	      "\x3a\x01n"
	      "\x4a\x02\x0a\x00"
	      "\x22\x00"
	      "\x15\x00\x00\x00\x40"));
	/* unknown_rank true only by the 10th byte of its varint */
	shape = R("\x18\x80\x80\x80\x80\x80\x80\x80\x80\x80\x02");
	t = cat(R("\x08\x01"), 0x12, shape);
	t = cat(t, 0x22, R("\x00\x00\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "e"),
		0x42, t),
	    none);
	/* unknown_rank set, then cleared */
	shape = R("\x18\x01\x18\x00");
	t = cat(cat(R("\x08\x01"), 0x12, shape), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "f"),
		0x42, t),
	    none);
	/* dimensions of 1: one named, one of 5 then 1 (the last counts);
	 * then one more without a size (0) */
	shape = cat(cat(none, 0x12, R("\x12\x01x\x08\x01")), 0x12,
	    R("\x08\x05\x08\x01"));
	t = cat(cat(R("\x08\x01"), 0x12, shape), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "g"),
		0x42, t),
	    none);
	shape = cat(shape, 0x12, none);
	t = cat(cat(R("\x08\x01"), 0x12, shape), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "h"),
		0x42, t),
	    none);
	/* a dtype of 2^32 + 1: int32 1, DT_FLOAT */
	t = cat(R("\x08\x81\x80\x80\x80\x10"), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "i"),
		0x42, t),
	    none);
	/* no dtype; DT_DOUBLE with 4 bytes; float_val and content both */
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "j"),
		0x42, one),
	    none);
	t = cat(R("\x08\x02"), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "k"),
		0x42, t),
	    none);
	t = cat(cat(R("\x08\x01"), 0x2a, R("\0\0\x80\x3f")), 0x22,
	    R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "l"),
		0x42, t),
	    none);
	/* an empty packed float_val, and content: the content */
	t = cat(cat(R("\x08\x01"), 0x2a, none), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(R("\x0a\x01"
		  "m"),
		0x42, t),
	    none);
	/* for protobuf-c: the summary twice (merged), the tensor twice,
	 * a two-byte key, a length of 5 bytes */
	e[n++] = ev(ev(R("\x10\x02"), 1, v1, none), 1,
	    R("\x0a\x01"
	      "o"
	      "\x15\x00\x00\x80\x3f"),
	    none);
	t = cat(R("\x08\x01"), 0x22, R("\0\0\x80\x3f"));
	e[n++] = ev(none, 1,
	    cat(cat(R("\x0a\x01"
		      "p"),
		    0x42, t),
		0x42, R("\x08\x02")),
	    none);
	e[n++] = ev(R("\x90\x00\x09"), 1, v1, none);
	e[n++] = ev(R("\x1a\x81\x80\x80\x80\x00"
		      "v"),
	    1, v1, none);
	tfw_init(&w);
	for (i = 0; i < n; i++)
		tfw_record(&w, e[i].b, e[i].n);
	ck_assert_msg(rd(&w, "") == TFEVENTS_OK, "%s", res.err);
	ck_assert_uint_eq(res.records, n);
	ck_assert_uint_eq(res.fast, n - 4);
	point("a", 6, 0, 7, 1);
	point("b", 1, 0, 0, 1);
	point("a", 6, 1, INT64_MIN, 1);
	point("a", 6, 2, 1, 1);
	point("d", 1, 0, 1, 2);
	ck_assert_ptr_null(series_find(&ss, "e"));
	point("f", 1, 0, 0, 1);
	point("g", 1, 0, 0, 1);
	ck_assert_ptr_null(series_find(&ss, "h"));
	point("i", 1, 0, 0, 1);
	ck_assert_ptr_null(series_find(&ss, "j"));
	ck_assert_ptr_null(series_find(&ss, "k"));
	ck_assert_ptr_null(series_find(&ss, "l"));
	point("m", 1, 0, 0, 1);
	point("a", 6, 3, 2, 1);
	point("o", 1, 0, 2, 1);
	ck_assert_ptr_null(series_find(&ss, "p")); /* DT_DOUBLE, 4 bytes */
	point("a", 6, 4, 9, 1);
	point("a", 6, 5, 0, 1);
	/* untagged; e, h, j, k, l, p */
	ck_assert_uint_eq(res.skipped, 1 + 6);
	ck_assert_uint_eq(res.other, 0);
	tfw_free(&w);
}
END_TEST

static void
three_records(struct tfw *w)
{
	tfw_init(w);
	tfw_file_version(w, "brain.Event:2");
	tfw_scalar(w, 1, "loss", TFW_SIMPLE, 2);
	tfw_scalar(w, 2, "loss", TFW_CONTENT_FLOAT, 1.5);
}

/* A file cut anywhere inside its last record reads to the record before. */
START_TEST(test_truncated)
{
	struct tfw w;
	size_t full, last, cut;

	three_records(&w);
	full = w.len;
	last = w.rec_at[2];
	tfw_free(&w);
	for (cut = last; cut < full; cut++) {
		three_records(&w);
		tfw_cut(&w, cut);
		ck_assert_msg(rd(&w, "") == TFEVENTS_OK, "cut at %zu: %s", cut,
		    res.err);
		ck_assert_msg(res.truncated == (cut != last), "cut at %zu",
		    cut);
		if (cut != last)
			ck_assert_uint_eq(res.truncated_at, last);
		ck_assert_uint_eq(res.records, 2);
		point("loss", 1, 0, 1, 2);
		tfw_free(&w);
	}
	/* inside the header, the data and the trailing CRC of record 1 */
	three_records(&w);
	last = w.rec_at[1];
	tfw_free(&w);
	for (cut = 1; cut < last; cut++) {
		three_records(&w);
		tfw_cut(&w, cut);
		ck_assert_int_eq(rd(&w, ""), TFEVENTS_OK);
		ck_assert(res.truncated);
		ck_assert_uint_eq(res.truncated_at, 0);
		ck_assert_uint_eq(res.records, 0);
		ck_assert_uint_eq(ss.n, 0);
		tfw_free(&w);
	}
	/* an empty file: nothing, and nothing wrong */
	ck_assert_int_eq(tfevents_read((const unsigned char *)"", 0, "", &ss,
			     &res),
	    TFEVENTS_OK);
	ck_assert(!res.truncated);
	ck_assert_uint_eq(res.records, 0);
}
END_TEST

/* Damage anywhere in a record but its last is named by record and byte. */
START_TEST(test_bad_crcs)
{
	struct tfw w;
	char want[64];
	size_t at, off, end;

	three_records(&w);
	at = w.rec_at[2];
	tfw_free(&w);
	for (off = 0; off < 12; off++) { /* length or its CRC */
		three_records(&w);
		tfw_scalar(&w, 3, "loss", TFW_SIMPLE, 1);
		tfw_flip(&w, at + off, off < 8 ? 0x01 : 0x80);
		ck_assert_int_eq(rd(&w, ""), TFEVENTS_ERR_INPUT);
		snprintf(want, sizeof(want),
		    "record 3 at byte %zu: the length's "
		    "CRC32C is 0x",
		    at);
		ck_assert_msg(strstr(res.err, want) == res.err, "%s", res.err);
		ck_assert_ptr_nonnull(strstr(res.err, "the file is damaged"));
		ck_assert_uint_eq(res.records, 2);
		point("loss", 1, 0, 1, 2); /* what came before stays */
		tfw_free(&w);
	}
	three_records(&w);
	tfw_scalar(&w, 3, "loss", TFW_SIMPLE, 1);
	end = w.rec_at[3]; /* record 3 ends there */
	tfw_free(&w);
	for (off = 12; at + off < end; off++) { /* data or its CRC */
		three_records(&w);
		tfw_scalar(&w, 3, "loss", TFW_SIMPLE, 1);
		tfw_flip(&w, at + off, 0x10);
		ck_assert_int_eq(rd(&w, ""), TFEVENTS_ERR_INPUT);
		snprintf(want, sizeof(want),
		    "record 3 at byte %zu: the data's "
		    "CRC32C is 0x",
		    at);
		ck_assert_msg(strstr(res.err, want) == res.err, "%s", res.err);
		ck_assert_ptr_nonnull(strstr(res.err, ", the record says 0x"));
		ck_assert_ptr_nonnull(strstr(res.err, ": the file is damaged"));
		tfw_free(&w);
	}
	/* the first record's length CRC wrong: maybe not an event file */
	three_records(&w);
	tfw_flip(&w, 8, 0xff);
	ck_assert_int_eq(rd(&w, ""), TFEVENTS_ERR_INPUT);
	ck_assert_msg(strstr(res.err,
			  "record 1 at byte 0: the length's CRC32C") == res.err,
	    "%s", res.err);
	ck_assert_ptr_nonnull(strstr(res.err, "not a TFRecord"));
	ck_assert(!tfevents_sniff(w.buf, w.len));
	tfw_free(&w);
}
END_TEST

/* Right framing around bytes that are not an Event: an error, no crash. */
START_TEST(test_not_an_event)
{
	static const struct {
		const char *b;
		size_t n;
	} bad[] = {
		{ "\xff\xff\xff", 3 }, /* a key that does not end */
		{ "\x0a\x05"
		  "ab",
		    4 }, /* field 1 as bytes: wall_time is a double */
		{ "\x09\1\2\3", 4 }, /* a double cut short */
		{ "\x12\x05"
		  "ab",
		    4 }, /* bytes running past the end */
		{ "\x2a\x02\x0a\x05",
		    4 }, /* a Value running past its Summary */
		{ "\x2a\x04\x0a\x02\x15\x01", 6 }, /* a float cut short */
		{ "\x2a\x03\x0a\x01\x0b", 5 }, /* a group (wire type 3) */
		{ "\x10\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 12 },
		{ "\x2a\x08\x0a\x06\x42\x04\x2a\x02\x01",
		    9 }, /* packed float_val of 2 bytes */
		{ "\x00\x00", 2 }, /* field 0 */
		{ "lr,loss\n1e-5,2.3\n", 17 },
	};
	struct tfw w;
	char want[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tfw_init(&w);
		tfw_scalar(&w, 1, "loss", TFW_SIMPLE, 2);
		tfw_record(&w, bad[i].b, bad[i].n);
		tfw_scalar(&w, 2, "loss", TFW_SIMPLE, 1);
		ck_assert_msg(rd(&w, "") == TFEVENTS_ERR_INPUT, "case %zu", i);
		snprintf(want, sizeof(want),
		    "record 2 at byte %zu: its %zu bytes "
		    "are not a TensorFlow Event",
		    w.rec_at[1], bad[i].n);
		ck_assert_msg(strstr(res.err, want) == res.err, "case %zu: %s",
		    i, res.err);
		ck_assert_uint_eq(res.records, 1);
		tfw_free(&w);
	}
}
END_TEST

/* Random bytes in right framing: OK or an error with a message. */
START_TEST(test_random_payloads)
{
	unsigned char p[64];
	uint32_t s = 1;
	struct tfw w;
	size_t i, n, k, errors = 0;
	enum tfevents_status st;

	for (i = 0; i < 3000; i++) {
		s = s * 1103515245u + 12345u;
		n = (s >> 16) % sizeof(p);
		for (k = 0; k < n; k++) {
			s = s * 1103515245u + 12345u;
			p[k] = (unsigned char)(s >> 16);
		}
		if (n > 0 && i % 2) /* start like an Event with a summary */
			p[0] = 0x2a;
		tfw_init(&w);
		tfw_record(&w, p, n);
		st = rd(&w, "");
		ck_assert(st == TFEVENTS_OK || st == TFEVENTS_ERR_INPUT);
		if (st != TFEVENTS_OK) {
			ck_assert(res.err[0] != '\0');
			errors++;
		}
		tfw_free(&w);
	}
	ck_assert_uint_gt(errors, 1000);
}
END_TEST

/* A length past the limit is refused at once (the reader never allocates
 * by a record's length: it reads the data in place); so is an Event whose
 * few bytes claim many messages. */
START_TEST(test_hostile)
{
	static const uint64_t lens[] = { ((uint64_t)256 << 20) + 1,
		(uint64_t)1 << 62, UINT64_MAX };
	unsigned char h[16 + 12];
	struct tfw w;
	size_t i, k, n;
	char want[80];
	unsigned char *p;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		tfw_init(&w);
		tfw_scalar(&w, 1, "loss", TFW_SIMPLE, 2);
		for (k = 0; k < 8; k++)
			h[k] = (unsigned char)(lens[i] >> (8 * k));
		/* its own CRC, right: as tfw_record writes them */
		tfw_record(&w, "", 0);
		w.len -= 16;
		memcpy(w.buf + w.len, h, 8);
		{
			struct tfw tmp;

			tfw_init(&tmp);
			/* the masked CRC of these 8 bytes: a record of them */
			tfw_record(&tmp, h, 8);
			memcpy(w.buf + w.len + 8, tmp.buf + 12 + 8, 4);
			tfw_free(&tmp);
		}
		w.len += 12;
		memset(w.buf + w.len, 0, 4);
		w.len += 4;
		ck_assert_int_eq(rd(&w, ""), TFEVENTS_ERR_INPUT);
		snprintf(want, sizeof(want),
		    "record 2 at byte %zu: a length of ", w.rec_at[1]);
		ck_assert_msg(strstr(res.err, want) == res.err, "%s", res.err);
		ck_assert_ptr_nonnull(strstr(res.err, "more than the 256 MiB"));
		ck_assert(tfevents_sniff(w.buf + w.rec_at[1], 12));
		tfw_free(&w);
	}
	/* an Event of 1 MB: a Summary of 350,000 empty Values, each of
	 * which would take some 150 bytes */
	n = 350000;
	p = malloc(6 + 2 * n);
	ck_assert_ptr_nonnull(p);
	p[0] = 0x2a;
	p[1] = (unsigned char)((2 * n) | 0x80);
	p[2] = (unsigned char)(((2 * n) >> 7) | 0x80);
	p[3] = (unsigned char)((2 * n) >> 14);
	for (k = 0; k < n; k++) {
		p[4 + 2 * k] = 0x0a;
		p[5 + 2 * k] = 0;
	}
	tfw_init(&w);
	tfw_record(&w, p, 4 + 2 * n);
	ck_assert_int_eq(rd(&w, ""), TFEVENTS_ERR_INPUT);
	ck_assert_msg(strstr(res.err,
			  "record 1 at byte 0: its 700004 bytes "
			  "would take more than") == res.err,
	    "%s", res.err);
	tfw_free(&w);
	/* the same of 1,000 Values is an Event (of 1,000 skipped values) */
	n = 1000;
	p[1] = (unsigned char)((2 * n) | 0x80);
	p[2] = (unsigned char)(((2 * n) >> 7) | 0x80);
	p[3] = (unsigned char)((2 * n) >> 14);
	tfw_init(&w);
	tfw_record(&w, p, 4 + 2 * n);
	ck_assert_msg(rd(&w, "") == TFEVENTS_OK, "%s", res.err);
	ck_assert_uint_eq(res.skipped, 1000);
	tfw_free(&w);
	free(p);
}
END_TEST

START_TEST(test_sniff)
{
	struct tfw w;

	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	ck_assert(tfevents_sniff(w.buf, w.len));
	ck_assert(tfevents_sniff(w.buf, 12));
	ck_assert(!tfevents_sniff(w.buf, 11));
	ck_assert(
	    !tfevents_sniff((const unsigned char *)"step,lr,loss\n0,1,2\n",
		19));
	tfw_flip(&w, 3, 1);
	ck_assert(!tfevents_sniff(w.buf, w.len));
	tfw_free(&w);
}
END_TEST

/* Many records, two tags, a large record in between. */
START_TEST(test_many)
{
	struct tfw w;
	struct tfw_event e;
	int i;

	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	for (i = 0; i < 20000; i++) {
		tfw_scalar(&w, i, "loss", TFW_SIMPLE, 1.0 / (i + 1));
		tfw_scalar(&w, i, "lr", TFW_CONTENT_DOUBLE, 1e-6 * (i + 1));
		if (i == 10000) {
			tfw_event_begin(&e, 1.7e9, TFW_NO_STEP);
			tfw_event_graph_def(&e,
			    3 << 20); /* past the kept block */
			tfw_event_end(&w, &e);
		}
	}
	ck_assert_int_eq(rd(&w, "x:"), TFEVENTS_OK);
	ck_assert_uint_eq(res.records, 40002);
	ck_assert_uint_eq(res.scalars, 40000);
	for (i = 0; i < 20000; i += 997) {
		point("x:loss", 20000, (size_t)i, i,
		    (double)(float)(1.0 / (i + 1)));
		point("x:lr", 20000, (size_t)i, i, 1e-6 * (i + 1));
	}
	tfw_free(&w);
}
END_TEST

/* ---- real event files (../shared/samples/README.md) ---- */

static const char *
samples(void)
{
	const char *d = getenv("LRFIND_SAMPLES");

	return d && *d ? d : "../shared/samples";
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *b = NULL;
	long n;

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	ck_assert_int_ge(n, 0);
	rewind(fp);
	b = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return b;
}

static bool
have_samples(void)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/README.md", samples());
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	fclose(fp);
	return true;
}

/* Compare series loss_name and lr_name (NULL: none) with a truth file
 * step,lr,loss of float32 values: every step and value, in order. */
static void
against_truth(const char *truth, const char *loss_name, const char *lr_name,
    size_t rows)
{
	struct series *loss = series_find(&ss, loss_name);
	struct series *lr = lr_name ? series_find(&ss, lr_name) : NULL;
	char path[4096], line[256], *p, *q;
	FILE *fp;
	size_t i = 0;
	long long step;

	snprintf(path, sizeof(path), "%s/%s", samples(), truth);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "%s", path);
	ck_assert_ptr_nonnull(loss);
	ck_assert_uint_eq(loss->n, rows);
	if (lr_name) {
		ck_assert_ptr_nonnull(lr);
		ck_assert_uint_eq(lr->n, rows);
	}
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "step,lr,loss\n");
	while (fgets(line, sizeof(line), fp) != NULL) {
		ck_assert_uint_lt(i, rows);
		step = strtoll(line, &p, 10);
		ck_assert(*p == ',');
		ck_assert_int_eq(loss->step[i], step);
		if (lr) {
			ck_assert_int_eq(lr->step[i], step);
			ck_assert_msg(lr->val[i] == (double)strtof(p + 1, &q),
			    "%s line %zu: lr %.9g", truth, i + 2, lr->val[i]);
		} else
			q = p + 1;
		ck_assert(*q == ',');
		ck_assert_msg(loss->val[i] == (double)strtof(q + 1, NULL),
		    "%s line %zu: loss %.9g", truth, i + 2, loss->val[i]);
		i++;
	}
	fclose(fp);
	ck_assert_uint_eq(i, rows);
}

START_TEST(test_real_files)
{
	char path[4096];
	unsigned char *b;
	size_t len;

	if (!have_samples()) {
		printf("check_tfevents: %s absent: real event files not read\n",
		    samples());
		return;
	}
	/* Hugging Face Trainer (tensorboardX-style simple_value, text
	 * summaries of the arguments and model config) */
	snprintf(path, sizeof(path),
	    "%s/hf_t5_summarization/runs/"
	    "Mar24_22-23-40_DESKTOP-41L2EO3/events.out.tfevents.1742826235."
	    "DESKTOP-41L2EO3.107869.0",
	    samples());
	b = slurp(path, &len);
	ck_assert(tfevents_sniff(b, len));
	ck_assert_msg(tfevents_read(b, len, "", &ss, &res) == TFEVENTS_OK, "%s",
	    res.err);
	same_as_ref(b, len, "", TFEVENTS_OK);
	ck_assert(!res.truncated);
	ck_assert_uint_eq(res.records, 1729);
	ck_assert_uint_eq(res.skipped, 2); /* args, model_config */
	ck_assert_uint_eq(series_find(&ss, "train/grad_norm")->n, 430);
	ck_assert_uint_eq(series_find(&ss, "train/epoch")->n, 431);
	against_truth("hf_t5_summarization/truth_tensorboard.csv", "train/loss",
	    "train/learning_rate", 430);
	free(b);
	series_set_free(&ss);

	/* tf.keras 2.5 through mlflow.tensorflow.autolog */
	snprintf(path, sizeof(path),
	    "%s/mlflow_keras_autolog_swahili/mlruns/1/"
	    "ed05f9cd599442fe9a0c9222184710b8/artifacts/tensorboard_logs/train/"
	    "events.out.tfevents.1628697775.DESKTOP-V1DB051.21044.31250.v2",
	    samples());
	b = slurp(path, &len);
	ck_assert_msg(tfevents_read(b, len, "", &ss, &res) == TFEVENTS_OK, "%s",
	    res.err);
	same_as_ref(b, len, "", TFEVENTS_OK);
	ck_assert(!res.truncated);
	ck_assert_uint_eq(res.records, 14);
	against_truth("mlflow_keras_autolog_swahili/truth_keras_tb_epoch_loss.csv",
	    "epoch_loss", NULL, 10);
	free(b);
	series_set_free(&ss);

	snprintf(path, sizeof(path),
	    "%s/mlflow_keras_autolog_swahili/mlruns/1/"
	    "ed05f9cd599442fe9a0c9222184710b8/artifacts/tensorboard_logs/train/"
	    "events.out.tfevents.1628697787.DESKTOP-V1DB051.profile-empty",
	    samples());
	b = slurp(path, &len);
	ck_assert_msg(tfevents_read(b, len, "", &ss, &res) == TFEVENTS_OK, "%s",
	    res.err);
	ck_assert_uint_eq(res.records, 1);
	ck_assert_uint_eq(res.scalars, 0);
	ck_assert_uint_eq(ss.n, 0);
	free(b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tfevents");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_value_forms);
	tcase_add_test(tc, test_steps_and_prefix);
	tcase_add_test(tc, test_skipped);
	tcase_add_test(tc, test_unknown_fields);
	tcase_add_test(tc, test_wire_edges);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_bad_crcs);
	tcase_add_test(tc, test_not_an_event);
	tcase_add_test(tc, test_random_payloads);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_real_files);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
