/* outfile.c: output files written whole or not at all, never over an input */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <unistd.h>

#include "cleanup.h"
#include "outfile.h"

static struct {
	dev_t dev;
	ino_t ino;
	int is_stdout;
} * inputs;
static size_t ninputs;

static int
add_file(int fd, int is_stdout)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0; /* pipes and terminals cannot be overwritten */
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
			snprintf(err, errsz,
			    inputs[i].is_stdout ?
				"%s: is where standard output goes; refusing to "
				"write over it" :
				"%s: is an input file; refusing "
				"to write over it",
			    path);
			return -1;
		}
	return 0;
}

/*
 * The file a chain of symbolic links ends at (the caller knows it is a
 * regular file), as a path: each link's text, taken relative to the
 * link's folder unless it is absolute.  NULL with errno on failure.
 */
static char *
link_target(const char *path)
{
	char *cur = strdup(path), buf[4096];
	struct stat st;
	int hops;

	for (hops = 0; cur != NULL && hops < 40; hops++) {
		ssize_t n;
		const char *slash;
		size_t dir;
		char *next;

		if (lstat(cur, &st) != 0) {
			free(cur);
			return NULL;
		}
		if (!S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(cur, buf, sizeof(buf) - 1)) < 0) {
			free(cur);
			return NULL;
		}
		buf[n] = '\0';
		slash = strrchr(cur, '/');
		dir = buf[0] == '/' || slash == NULL ?
		    0 :
		    (size_t)(slash - cur + 1);
		if ((next = malloc(dir + (size_t)n + 1)) != NULL) {
			memcpy(next, cur, dir);
			memcpy(next + dir, buf, (size_t)n + 1);
		}
		free(cur);
		cur = next;
	}
	if (cur != NULL) {
		free(cur);
		errno = ELOOP;
	}
	return NULL;
}

int
outfile_open(struct outfile *of, const char *path, char *err, size_t errsz)
{
	size_t len = strlen(path);
	struct stat old;
	bool had = false;
	int fd;

	memset(of, 0, sizeof(*of));
	if (len == 0) {
		snprintf(err, errsz, "empty output file name");
		return -1;
	}
	if (refuse(path, err, errsz) != 0)
		return -1;
	/* a symbolic link to a file: the file is written, the link kept */
	if (lstat(path, &old) == 0 && S_ISLNK(old.st_mode) &&
	    stat(path, &old) == 0 && S_ISREG(old.st_mode))
		of->path = link_target(path);
	else
		of->path = strdup(path);
	if (of->path == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	path = of->path;
	len = strlen(path);
	/* a file replaced keeps its permission bits */
	if (stat(path, &old) == 0 && S_ISREG(old.st_mode))
		had = true;
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
				snprintf(err, errsz, "%s: %s", path,
				    strerror(errno));
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
	if ((fd = mkstemp(of->tmp)) >= 0)
		(void)cleanup_add(of->tmp); /* removed if a signal ends us */
	if (fd < 0) {
		snprintf(err, errsz,
		    "%s: cannot create a temporary file "
		    "beside it: %s",
		    path, strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		outfile_abort(of);
		return -1;
	}
	/* mkstemp gives 0600; a new output file gets 0666 less the umask,
	 * one that replaces a file the mode that file had */
	if (had)
		(void)fchmod(fd, old.st_mode & 07777);
	else {
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
	if (of->tmp == NULL) { /* written in place */
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
	cleanup_drop(of->tmp);
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
	if (of->tmp != NULL) {
		unlink(of->tmp);
		cleanup_drop(of->tmp);
	}
	free(of->tmp);
	free(of->path);
	of->fp = NULL;
	of->tmp = of->path = NULL;
}
