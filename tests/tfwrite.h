/* tfwrite.h: a writer of TensorBoard event files for the tests, by hand
 * (its own protobuf encoding, independent of src/tfevent.proto) */
#ifndef LRFIND_TFWRITE_H
#define LRFIND_TFWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A struct tfw is an event file being built in memory: records are
 * appended to buf, and rec_at[i] is where record i (from 0) starts.  A
 * struct tfw_event is one Event being built, written by tfw_event_end.
 * Both are the caller's; tfw_free and tfw_event_end release what they
 * hold.  Out of memory aborts (tests only).
 */

struct tfw_pb { /* protobuf wire bytes */
	unsigned char *b;
	size_t len, cap;
};

struct tfw {
	unsigned char *buf;
	size_t len, cap;
	size_t *rec_at; /* start of each record */
	size_t nrec, reccap;
};

struct tfw_event {
	struct tfw_pb ev, summary;
	bool has_summary;
};

/* How a Value holds its number. */
enum tfw_form {
	TFW_SIMPLE, /* simple_value (a float) */
	TFW_FLOAT_VAL, /* DT_FLOAT tensor, shape [], float_val packed */
	TFW_FLOAT_VAL_UNPACKED, /* ... float_val one key per element */
	TFW_FLOAT_VAL_1X1, /* ... shape [1, 1] */
	TFW_DOUBLE_VAL, /* DT_DOUBLE tensor, double_val packed */
	TFW_DOUBLE_VAL_UNPACKED,
	TFW_CONTENT_FLOAT, /* DT_FLOAT, 4 bytes of tensor_content (TF2) */
	TFW_CONTENT_DOUBLE, /* DT_DOUBLE, 8 bytes of tensor_content */
	TFW_HALF_BITS, /* DT_HALF, half_val: v is the 16-bit pattern */
	TFW_BFLOAT16_BITS, /* DT_BFLOAT16, half_val: v is the pattern */
	/* not one number: the reader skips them */
	TFW_FLOAT_VAL_2, /* DT_FLOAT, shape [2], float_val {v, v} */
	TFW_FLOAT_VAL_FILL, /* DT_FLOAT, shape [2], float_val {v} */
	TFW_CONTENT_FLOAT_3, /* DT_FLOAT, shape [], 3 bytes of content */
	TFW_INT_VAL, /* DT_INT32, int_val {v} */
	TFW_HISTO, /* a histo message */
	TFW_IMAGE /* an image message */
};

#define TFW_NO_STEP INT64_MIN /* tfw_event_begin: no step on the wire */

void tfw_init(struct tfw *w);
void tfw_free(struct tfw *w);

/* Append a record around payload[0..n-1], with right CRCs. */
void tfw_record(struct tfw *w, const void *payload, size_t n);

void tfw_event_begin(struct tfw_event *e, double wall_time, int64_t step);
void tfw_event_value(struct tfw_event *e, const char *tag, enum tfw_form f,
    double v);
/* A text summary: a DT_STRING tensor with the text plugin's metadata. */
void tfw_event_text(struct tfw_event *e, const char *tag, const char *text);
void tfw_event_file_version(struct tfw_event *e, const char *version);
void tfw_event_graph_def(struct tfw_event *e, size_t nbytes);
void tfw_event_end(struct tfw *w, struct tfw_event *e);

/* One Event with one value: begin, value, end. */
void tfw_scalar(struct tfw *w, int64_t step, const char *tag, enum tfw_form f,
    double v);
void tfw_file_version(struct tfw *w, const char *version);

/* Damage: keep the first len bytes; xor the byte at off with mask. */
void tfw_cut(struct tfw *w, size_t len);
void tfw_flip(struct tfw *w, size_t off, unsigned mask);

/* Write buf to path: 0, or -1 (errno set). */
int tfw_save(const struct tfw *w, const char *path);

#endif
