/* jsonlog.h: Hugging Face trainer_state.json and JSON Lines logs into named series (json-c) */
#ifndef LRFIND_JSONLOG_H
#define LRFIND_JSONLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "series.h"

/*
 * Two JSON layouts, both read from a buffer holding the whole file, into
 * a series_set (series.h): one series per numeric member name, points in
 * the order of the text.
 *
 * Hugging Face trainer_state.json: an object whose member "log_history"
 * is an array of objects.  Each entry's "step" (a whole number: an
 * integer, or a double with no fraction, |step| <= 9e15) is the step of
 * every other numeric member of that entry, each a point of the series of
 * its name (loss, learning_rate, grad_norm, epoch, eval_loss, train_loss,
 * train_runtime, ...).  So evaluation entries and the final summary entry
 * fill series of their own, and "loss" holds the training entries alone.
 * An entry without "step" is an error that names its index
 * ("log_history[3]").  Other members of the top object are ignored.
 *
 * JSON Lines (.jsonl, MMEngine's scalars.json, home-made loggers): one
 * object per line, lines ended by LF (a CR before it is white space);
 * blank lines are ignored.  The step of a line is the member named by the
 * first of jsonlog_step_alias[] that the object has (in that order: step,
 * iter, iteration, global_step, it, _step, batch, trainer/global_step,
 * batch_idx), which must be a whole number; an object with none of them
 * takes its ordinal among the objects of the file (0-based).  Every other
 * numeric member is a point of its series.  A line holding anything but
 * one object (an array, two objects, text after the object) is an error.
 *
 * In both: numbers are integers and doubles as json-c reads them (strtod,
 * C locale: correctly rounded), and Python's bare NaN, Infinity and
 * -Infinity (json-c 0.16 takes the three as they are; it also takes nan
 * and infinity in any case, not -NaN).  An integer beyond the range of
 * int64 and uint64 is clamped by json-c to the nearer bound.  Nested
 * objects are flattened: {"train": {"loss": 1}} is the series
 * "train/loss" (at any depth json-c allows, 32 levels).  Strings,
 * booleans, null and arrays are skipped.  If a name occurs twice in one
 * object json-c keeps the last value.  json-c's lenient mode is used:
 * it also takes comments, single-quoted strings and trailing commas.
 *
 * Messages: "LINE:COL: what was found: what was expected", LINE and COL
 * 1-based, COL counting bytes; the place of a json-c syntax error is the
 * byte where json-c stopped.  A UTF-8 byte-order mark at the start is
 * skipped (columns still count it).
 *
 * Memory: for a trainer_state.json the whole tree json-c builds is held
 * while the series are filled: about 8 times the size of indented text
 * (measured: 270 MB for a 32 MB file of 200 000 entries; more for text
 * without indentation), so the caller bounds memory by the size of the
 * buffer it hands in.  JSON
 * Lines are parsed one line at a time (the tree of one line, freed before
 * the next); a line longer than JSONLOG_MAX_LINE bytes is an error.  The
 * series themselves take 16 bytes a point.
 *
 * Ownership: the buffer is borrowed and need not be NUL-terminated; the
 * series_set is the caller's (points are appended to it; on an error it
 * holds the points read before, which the caller frees with
 * series_set_free).  struct jsonlog_result is a plain value filled by the
 * call (fixed buffers, nothing to free).  Nothing is printed.
 */

#define JSONLOG_MAX_LINE 1048576 /* longest JSON Lines line, bytes */

enum jsonlog_kind {
	JSONLOG_NONE = 0, /* neither (or: sniff first, as an argument) */
	JSONLOG_HF_STATE, /* Hugging Face trainer_state.json */
	JSONLOG_LINES /* JSON Lines */
};

enum jsonlog_status { JSONLOG_OK = 0, JSONLOG_ERR_INPUT, JSONLOG_ERR_NOMEM };

struct jsonlog_result {
	enum jsonlog_kind kind; /* the layout read */
	size_t records; /* log_history entries, or objects, read */
	size_t ordinal_steps; /* JSON Lines objects with no step member,
				 * stepped by their ordinal */
	char step_name[64]; /* "step"; for JSON Lines the step member of
				 * the first object that had one ("" if none) */
	char err[512]; /* "LINE:COL: message" on an error */
};

/* NULL-terminated: the step members of JSON Lines, in order of precedence. */
extern const char *const jsonlog_step_alias[];

/*
 * Which layout buf[0..len) is, looking at its start only (a UTF-8 BOM and
 * white space skipped; nothing is parsed past the first object):
 *   JSONLOG_HF_STATE: the first byte is '{' and that object has a member
 *       "log_history" whose value begins with '[' (found by a scan of the
 *       object's top-level members, so a truncated or broken file whose
 *       log_history begins before the break is still HF_STATE, and the
 *       read says where it breaks);
 *   JSONLOG_LINES: the first line is one whole object (no line break in
 *       it; only blanks after it), and then the input ends or the next
 *       non-blank byte is '{' (another object);
 *   JSONLOG_NONE: anything else (a multi-line object without
 *       log_history, such as all_results.json; an array; CSV; an empty
 *       input; a first object not finished on its line).
 */
enum jsonlog_kind jsonlog_sniff(const char *buf, size_t len);

/*
 * Read buf[0..len) as kind (JSONLOG_NONE: as jsonlog_sniff says; neither
 * is then an error) into ss.  An input with no object in it (empty, or
 * only white space) is an error.
 */
enum jsonlog_status jsonlog_read(const char *buf, size_t len,
    enum jsonlog_kind kind, struct series_set *ss, struct jsonlog_result *res);

#endif
