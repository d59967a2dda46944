/* cli_output.c: the front ends' one way to write an output file (cli.h) */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "outfile.h"

int
cli_write_file(const char *path, int (*fn)(FILE *, const void *),
    const void *arg)
{
	struct outfile of;
	char err[512];

	if (outfile_open(&of, path, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return EXIT_OUTPUT;
	}
	errno = 0;
	if (fn(of.fp, arg) != 0) {
		int e = errno;

		warnx("%s: write failed: %s", path,
		    ferror(of.fp) ? strerror(e ? e : EIO) : "out of memory");
		outfile_abort(&of);
		return EXIT_OUTPUT;
	}
	if (outfile_commit(&of, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return EXIT_OUTPUT;
	}
	return 0;
}

int
cli_check_output(const char *path)
{
	struct outfile of;
	struct stat sb;
	char err[512];

	/* a FIFO or a device is written in place: opening it now would
	 * hand its reader an early end */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return 0;
	if (outfile_open(&of, path, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return EXIT_OUTPUT;
	}
	outfile_abort(&of);
	return 0;
}

static int
put_log(FILE *fp, const void *rt)
{
	return report_log(fp, rt);
}

int
cli_write_log(const char *path, const struct rangetest *rt)
{
	return cli_write_file(path, put_log, rt);
}
