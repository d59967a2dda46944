/* fuzzfd.c: the fuzz targets' input as a file descriptor (fuzzfd.h) */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzzfd.h"

static void
die(const char *what)
{
	perror(what);
	abort();
}

int
fuzz_memfd(const void *data, size_t size)
{
	const char *p = data;
	int fd = memfd_create("log", 0);
	size_t off = 0;
	ssize_t w;

	if (fd < 0)
		die("memfd_create");
	while (off < size) {
		if ((w = write(fd, p + off, size - off)) <= 0)
			die("write to memfd");
		off += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		die("lseek");
	return fd;
}
