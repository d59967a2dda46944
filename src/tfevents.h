/* tfevents.h: reader of TensorBoard event files (TFRecords of Event
 * protocol buffers) into named scalar series */
#ifndef LRFIND_TFEVENTS_H
#define LRFIND_TFEVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "series.h"

/*
 * An event file (events.out.tfevents.*) is a run of TFRecords: a uint64
 * little-endian length n, the masked CRC32C of those 8 bytes (uint32 LE),
 * n bytes of data, the masked CRC32C of the data (crc32c.h).  The data of
 * each record is a tensorflow.Event (src/tfevent.proto).
 *
 * tfevents_read reads a whole file held in memory, checks both CRCs of
 * every record, and adds every scalar of every Event's summary to the
 * series named prefix + tag, at the Event's step (0 when the Event has
 * none).  Scalars are a Value's simple_value (a float, widened exactly),
 * or a tensor of one element (every dimension 1, or none) holding a
 * DT_FLOAT (float_val or 4 bytes of tensor_content), a DT_DOUBLE
 * (double_val or 8 bytes) or a DT_HALF or DT_BFLOAT16 (half_val or 2
 * bytes).  Values that are not one such number (text summaries, images,
 * histograms, tensors of other types or sizes, values without a tag) are
 * skipped and counted; Events without a summary (file_version, graph_def,
 * run metadata, ...) too.
 *
 * A file that ends inside a record, as the file of a live writer may, is
 * read up to its last whole record and res->truncated is set (the caller
 * warns).  Errors (TFEVENTS_ERR_INPUT): a wrong CRC, a record longer than
 * TFEVENTS_MAX_RECORD, data that do not unpack as an Event (or would take
 * more than TFEVENTS_MAX_UNPACK_RATIO times their length plus 1 MiB of
 * memory, 1 GiB at most, to unpack); res->err then says which record (its
 * number, from 1, and the byte offset where it starts) and what was
 * expected.  The points of the records before it stay in the set.
 *
 * Ownership: buf and prefix are borrowed for the call.  The series_set is
 * the caller's (series_set_init'ed; it may already hold series, which are
 * added to), and so is struct tfevents_result, a plain value filled by the
 * call (nothing to free).
 */

#define TFEVENTS_MAX_RECORD \
	((uint64_t)256 << 20) /* bytes of one record's data */
#define TFEVENTS_MAX_UNPACK_RATIO 32

enum tfevents_status {
	TFEVENTS_OK = 0,
	TFEVENTS_ERR_INPUT, /* damaged or not an event file: err says where */
	TFEVENTS_ERR_NOMEM
};

struct tfevents_result {
	size_t records; /* whole records read (Events unpacked) */
	size_t scalars; /* points added to the series */
	size_t skipped; /* Values that are not one number, or untagged */
	size_t other; /* Events without a summary */
	size_t fast; /* records read by the fast path (tfevents.c),
				 * the others by protobuf-c */
	bool truncated; /* the file ends inside a record */
	size_t truncated_at; /* ... which starts at this byte offset */
	char err[256]; /* "record N at byte B: what" on an error */
};

/* True when buf starts with a TFRecord header (12 bytes) whose length CRC
 * is right: a cheap test of "this is an event file". */
bool tfevents_sniff(const unsigned char *buf, size_t len);

/* Read the event file buf[0..len-1] into ss (see above); prefix ("" for
 * none) goes before every tag in the series' names. */
enum tfevents_status tfevents_read(const unsigned char *buf, size_t len,
    const char *prefix, struct series_set *ss, struct tfevents_result *res);

/* The same, every record unpacked by protobuf-c: tfevents_read reads the
 * records of the usual forms by a faster path of its own, and the tests
 * and the fuzzer compare the two. */
enum tfevents_status tfevents_read_ref(const unsigned char *buf, size_t len,
    const char *prefix, struct series_set *ss, struct tfevents_result *res);

#endif
