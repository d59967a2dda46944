/* rng.h: seeded random numbers: the same seed gives the same stream everywhere */
#ifndef LRFIND_RNG_H
#define LRFIND_RNG_H

#include <stddef.h>
#include <stdint.h>

/*
 * xoshiro256** (Blackman and Vigna), its state filled from the seed by
 * splitmix64.  struct rng is a plain value: it owns nothing, and a copy
 * goes on with the same stream.
 */
struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
uint64_t rng_below(struct rng *r, uint64_t n); /* uniform in [0, n), n > 0 */
double rng_uniform(struct rng *r); /* uniform in [0, 1), 53 bits */
double rng_normal(struct rng *r); /* standard normal (polar method) */
void rng_shuffle(struct rng *r, uint32_t *a, size_t n); /* Fisher-Yates */

#endif
