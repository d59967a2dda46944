/* fuzz_dataset.c: libFuzzer target: bytes -> IDX (plain, gzip) and CSV data-set readers */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dataset.h"
#include "fuzzfd.h"

/*
 * Input: one mode byte, then the file(s).
 *   bit 0: 0 IDX, 1 CSV
 *   IDX: bits 1-2 how the two files are stored: 0 as given, 1 each
 *        gzip-compressed here, 2 compressed and then cut short by bits
 *        3-7 bytes, 3 compressed with one byte of the deflate stream
 *        flipped at the position in bits 3-7.  Two bytes (little-endian)
 *        give the length of the images file; the labels file is the rest.
 *   CSV: bits 1-2 label column (default, "1", "label", "3"); the rest is
 *        the file.
 * The files are memfds, opened by their /proc/self/fd path.  Oracles
 * besides the sanitizers: an error has a message; a loaded set has
 * n >= 1, dim >= 1, every label below classes, every feature finite;
 * ds_split and ds_standardise run on it.
 */

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_dataset: %s\n", what);
	abort();
}

/* data as a file the readers open by name: a memfd and its /proc path */
static int
memfd_with(const void *data, size_t size, char *path, size_t pathsz)
{
	int fd = fuzz_memfd(data, size);

	snprintf(path, pathsz, "/proc/self/fd/%d", fd);
	return fd;
}

/* gzip-compress in[0..n) into a malloc'd buffer. */
static unsigned char *
gzip(const uint8_t *in, size_t n, size_t *outlen)
{
	z_stream z;
	unsigned char *out;
	size_t cap = n + n / 8 + 64;

	memset(&z, 0, sizeof(z));
	if ((out = malloc(cap)) == NULL)
		die("malloc");
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		die("deflateInit2");
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		die("deflate");
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static void
check_set(struct dataset *d)
{
	struct dataset train, test, head;
	char err[512];
	float *x;
	uint32_t *y;
	size_t i;

	if (d->n < 1 || d->dim < 1 || d->classes < 1 || d->store == NULL)
		die("DS_OK with an empty set");
	x = malloc(d->n * d->dim * sizeof(float));
	y = malloc(d->n * sizeof(*y));
	if (x == NULL || y == NULL)
		die("malloc");
	ds_gather(d, NULL, 0, d->n, x, y);
	for (i = 0; i < d->n; i++) {
		if (y[i] >= d->classes)
			die("a label >= classes");
		if (y[i] != ds_label(d, i))
			die("ds_gather and ds_label disagree");
	}
	for (i = 0; i < d->n * d->dim; i++) {
		if (!isfinite(x[i]))
			die("a feature that is not finite");
		if (x[i] != ds_at(d, i / d->dim, i % d->dim))
			die("ds_gather and ds_at disagree");
	}
	if (d->n >= 2) {
		if (ds_split(d, 0.25, 1, &train, &test, err, sizeof(err)) !=
		    DS_OK)
			die("ds_split failed on a good set");
		ds_standardise(&train, &test, d->dim > 4);
		if (ds_slice(&train, train.n - 1, 1, &head) != DS_OK)
			die("ds_slice failed on a good set");
		ds_gather(&test, NULL, 0, 1, x, y);
		ds_gather(&head, NULL, 0, 1, x, y);
		for (i = 0; i < head.dim; i++)
			if (!isfinite(x[i]))
				die("a standardised feature that is not finite");
		ds_free(&train);
		ds_free(&test);
		ds_free(&head);
	}
	free(x);
	free(y);
	ds_free(d);
}

static void
load_idx(const uint8_t *data, size_t size, unsigned mode)
{
	const uint8_t *part[2];
	size_t plen[2], zlen[2], split;
	unsigned char *z[2] = { NULL, NULL };
	unsigned how = (mode >> 1) & 3, arg = mode >> 3;
	char path[2][64], err[512];
	struct dataset d;
	enum ds_status st;
	int fd[2], k;

	if (size < 2)
		return;
	split = (size_t)data[0] | (size_t)data[1] << 8;
	data += 2;
	size -= 2;
	if (split > size)
		split = size;
	part[0] = data;
	plen[0] = split;
	part[1] = data + split;
	plen[1] = size - split;
	for (k = 0; k < 2; k++) {
		if (how != 0) {
			z[k] = gzip(part[k], plen[k], &zlen[k]);
			if (how == 2)
				zlen[k] = arg < zlen[k] ? zlen[k] - arg - 1 : 0;
			else if (how == 3 && zlen[k] > 18)
				z[k][10 + arg % (zlen[k] - 18)] ^= 0x5a;
			part[k] = z[k];
			plen[k] = zlen[k];
		}
		fd[k] = memfd_with(part[k], plen[k], path[k], sizeof(path[k]));
	}
	memset(err, 0, sizeof(err));
	st = ds_load_idx(path[0], path[1], &d, err, sizeof(err));
	if (st == DS_OK)
		check_set(&d);
	else if (st == DS_ERR_INPUT && err[0] == '\0')
		die("DS_ERR_INPUT without a message");
	else if (d.store != NULL || d.idx != NULL || d.n != 0)
		die("a failed load left data behind");
	for (k = 0; k < 2; k++) {
		close(fd[k]);
		free(z[k]);
	}
}

static void
load_csv(const uint8_t *data, size_t size, unsigned mode)
{
	static const char *const label[4] = { NULL, "1", "label", "3" };
	char path[64], err[512];
	struct dataset d;
	enum ds_status st;
	int fd;

	fd = memfd_with(data, size, path, sizeof(path));
	memset(err, 0, sizeof(err));
	st = ds_load_csv(path, label[(mode >> 1) & 3], &d, err, sizeof(err));
	if (st == DS_OK)
		check_set(&d);
	else if (st == DS_ERR_INPUT && err[0] == '\0')
		die("DS_ERR_INPUT without a message");
	else if (d.store != NULL || d.idx != NULL || d.n != 0)
		die("a failed load left data behind");
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		load_csv(data + 1, size - 1, data[0]);
	else
		load_idx(data + 1, size - 1, data[0]);
	return 0;
}
