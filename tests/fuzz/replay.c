/* replay.c: run a fuzz target once on each file named, without libFuzzer */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Linked with one fuzz_*.c, this is a plain program that feeds each file
 * to LLVMFuzzerTestOneInput once, so the seed corpora and the crash
 * regressions run under any compiler's sanitizers (make sanitize) and
 * valgrind.  It owns the buffer it reads each file into.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		unsigned char *buf = NULL, *b;
		size_t len = 0, cap = 0, n;

		if (fp == NULL) {
			perror(argv[i]);
			return 2;
		}
		for (;;) {
			if (len == cap) {
				cap = cap ? 2 * cap : 65536;
				if ((b = realloc(buf, cap)) == NULL) {
					perror("replay");
					return 2;
				}
				buf = b;
			}
			if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
				break;
			len += n;
		}
		if (ferror(fp)) {
			perror(argv[i]);
			return 2;
		}
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	printf("replay: %d input%s, no failure\n", argc - 1,
	    argc == 2 ? "" : "s");
	return 0;
}
