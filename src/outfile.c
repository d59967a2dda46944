/* outfile.c: output files written whole or not at all, never over an input */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

static struct {
	dev_t dev;
	ino_t ino;
	int is_stdout;
} *inputs;
static size_t ninputs;

static int
add_file(int fd, int is_stdout)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;	/* pipes and terminals cannot be overwritten */
	if ((p = realloc(inputs, (ninputs + 1) * sizeof(*inputs))) == NULL)
		return -1;
	inputs = p;
	inputs[ninputs].dev = st.st_dev;
	inputs[ninputs].ino = st.st_ino;
	inputs[ninputs].is_stdout = is_stdout;
	ninputs++;
	return 0;
}

int
outfile_add_input(int fd)
{
	return add_file(fd, 0);
}

int
outfile_add_stdout(int fd)
{
	return add_file(fd, 1);
}

void
outfile_forget_inputs(void)
{
	free(inputs);
	inputs = NULL;
	ninputs = 0;
}

/* Is path a registered file?  Then say so in err and return -1. */
static int
refuse(const char *path, char *err, size_t errsz)
{
	struct stat st;
	size_t i;

	if (stat(path, &st) != 0)
		return 0;
	for (i = 0; i < ninputs; i++)
		if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino) {
			snprintf(err, errsz, inputs[i].is_stdout ?
			    "%s: is where standard output goes; refusing to "
			    "write over it" : "%s: is an input file; refusing "
			    "to write over it", path);
			return -1;
		}
	return 0;
}

int
outfile_open(struct outfile *of, const char *path, char *err, size_t errsz)
{
	size_t len = strlen(path);
	int fd;

	memset(of, 0, sizeof(*of));
	if (len == 0) {
		snprintf(err, errsz, "empty output file name");
		return -1;
	}
	if (refuse(path, err, errsz) != 0)
		return -1;
	if ((of->path = strdup(path)) == NULL) {
		snprintf(err, errsz, "%s: out of memory", path);
		return -1;
	}
	/* a FIFO, a device, a terminal: written in place, never replaced */
	{
		struct stat st;

		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			if (S_ISDIR(st.st_mode)) {
				snprintf(err, errsz, "%s: is a folder", path);
				outfile_abort(of);
				return -1;
			}
			if ((of->fp = fopen(path, "w")) == NULL) {
				snprintf(err, errsz, "%s: %s", path, strerror(errno));
				outfile_abort(of);
				return -1;
			}
			return 0;
		}
	}
	/* the temporary file: a short hidden name in the same folder, so
	 * that any name the folder takes can be written */
	if ((of->tmp = malloc(len + 20)) == NULL) {
		snprintf(err, errsz, "%s: out of memory", path);
		outfile_abort(of);
		return -1;
	}
	{
		const char *slash = strrchr(path, '/');
		int dirlen = slash != NULL ? (int)(slash - path + 1) : 0;

		snprintf(of->tmp, len + 20, "%.*s.lrfind.XXXXXX", dirlen, path);
	}
	if ((fd = mkstemp(of->tmp)) < 0) {
		snprintf(err, errsz, "%s: cannot create a temporary file "
		    "beside it: %s", path, strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		outfile_abort(of);
		return -1;
	}
	/* mkstemp gives 0600; a plain output file gets 0666 less the umask */
	{
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	if ((of->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		close(fd);
		outfile_abort(of);
		return -1;
	}
	return 0;
}

int
outfile_commit(struct outfile *of, char *err, size_t errsz)
{
	int rc = 0, e = 0;

	if (fflush(of->fp) != 0 || ferror(of->fp)) {
		e = errno ? errno : EIO;
		rc = -1;
	}
	if (fclose(of->fp) != 0 && rc == 0) {
		e = errno;
		rc = -1;
	}
	of->fp = NULL;
	if (of->tmp == NULL) {		/* written in place */
		if (rc != 0)
			snprintf(err, errsz, "%s: write failed: %s", of->path,
			    strerror(e));
		free(of->path);
		of->path = NULL;
		return rc;
	}
	if (rc == 0 && refuse(of->path, err, errsz) != 0) {
		outfile_abort(of);
		return -1;
	}
	if (rc == 0 && rename(of->tmp, of->path) != 0) {
		e = errno;
		rc = -1;
	}
	if (rc != 0) {
		snprintf(err, errsz, "%s: write failed: %s", of->path,
		    strerror(e));
		outfile_abort(of);
		return -1;
	}
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return 0;
}

void
outfile_abort(struct outfile *of)
{
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp != NULL)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->fp = NULL;
	of->tmp = of->path = NULL;
}
