/* fields.h: an engine's "{field}"s in a front end's words */
#ifndef LRFIND_FIELDS_H
#define LRFIND_FIELDS_H

#include <stddef.h>

/*
 * Engine modules speak their own terms: a message names a setting as
 * "{field}" (logread.h's lr_col, sweep's iters, ...), never as an option.
 * A front end maps the fields to its flags, and the report (report.h) maps
 * its warnings with the map a front end gives it.
 *
 * Ownership: nothing is kept; msg and map are borrowed for the call, buf
 * is the caller's.
 */

/*
 * msg with each "{field}" replaced by the text map gives it (map: pairs of
 * field name and text, ended by NULL; a field not in map, or any field when
 * map is NULL, stays its bare name).  Returns buf, cut at sz - 1 bytes.
 */
const char *
fields_map(char *buf, size_t sz, const char *msg, const char *const *map);

/*
 * A piece of input, s[0..len-1], as a message shows it: at most max bytes,
 * each one outside printable ASCII as '?', "..." when cut.  Returns buf
 * (bufsz bytes, the caller's).
 */
const char *
fields_shown(char *buf, size_t bufsz, const char *s, size_t len, size_t max);

#endif
