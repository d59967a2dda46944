/* fuzzfd.h: the fuzz targets' input as a file descriptor */
#ifndef LRFIND_FUZZFD_H
#define LRFIND_FUZZFD_H

#include <stddef.h>

/* A memfd holding data[0..size-1], at offset 0; the caller closes it.
 * Aborts (with a message) when the kernel refuses, which no input can
 * cause. */
int fuzz_memfd(const void *data, size_t size);

#endif
