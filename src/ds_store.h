/* ds_store.h: the store behind every data set, shared by dataset.c and its readers */
#ifndef LRFIND_DS_STORE_H
#define LRFIND_DS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

/*
 * Internal to the data-set module: dataset.c (the store, views,
 * standardisation, the synthetic task), ds_idx.c (IDX files) and
 * ds_csv.c (CSV files).  Callers use dataset.h.
 *
 * Ownership: ds_store_new returns a store with one reference, which the
 * caller hands to a view with ds_view_all or drops with ds_store_unref;
 * the store frees what mem, f32, y, mean and sd point to with its last
 * reference.
 */

/* The scale the values are read through. */
enum { SC_NONE, SC_GLOBAL, SC_FEATURE };

/*
 * The store: values and labels, and the scale they are read through.
 * Exactly one of u8 and f32 is set once it is filled.
 */
struct ds_store {
	unsigned refs;
	size_t n, dim;
	unsigned char *mem; /* the allocation u8 points into */
	const unsigned char *u8; /* n * dim bytes */
	float *f32; /* n * dim floats */
	uint32_t *y; /* n */
	int scale; /* SC_* */
	double m, v; /* SC_GLOBAL: one mean and sd */
	double *mean, *sd; /* SC_FEATURE: dim each */
	float lut[256]; /* SC_GLOBAL over bytes: each byte's value */
};

/* An empty store of n samples of dim features; NULL if memory ran out. */
struct ds_store *ds_store_new(size_t n, size_t dim);
void ds_store_unref(struct ds_store *s);

/* d becomes a view of all of s (whose reference it takes). */
void ds_view_all(struct dataset *d, struct ds_store *s, uint32_t classes);

/* A message into err (errsz bytes; nothing when errsz is 0). */
void ds_seterr(char *err, size_t errsz, const char *fmt, ...);

#endif
