/* outfile.h: output files written whole or not at all, never over an input */
#ifndef LRFIND_OUTFILE_H
#define LRFIND_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * outfile_open creates a temporary file next to the destination; the
 * caller writes to of->fp, then outfile_commit flushes and renames it into
 * place, or outfile_abort removes it.  A destination that exists and is not
 * a regular file (a FIFO, /dev/stdout, a device) is written in place.  The struct owns its strings
 * and its stream until commit or abort, which release them.
 *
 * An input registry (outfile_add_input) remembers the files lrfind reads,
 * and the file its standard output goes to, by device and inode;
 * outfile_open refuses a destination that is one of them, also through a
 * link.  The registry is process-wide and freed with
 * outfile_forget_inputs.
 */
struct outfile {
	char *path; /* destination */
	char *tmp; /* temporary file in the same folder; NULL: in place */
	FILE *fp;
};

/* Remember an input file, or the file standard output goes to (by its
 * open descriptor; not a regular file: ignored).  0, or -1 out of memory. */
int outfile_add_input(int fd);
int outfile_add_stdout(int fd);
void outfile_forget_inputs(void);

/* 0 on success; -1 with a message (no prefix, no newline) in err. */
int outfile_open(struct outfile *of, const char *path, char *err, size_t errsz);
int outfile_commit(struct outfile *of, char *err, size_t errsz);
void outfile_abort(struct outfile *of);

#endif
