/* cleanup.h: what a signal that ends lrfind must not leave behind */
#ifndef LRFIND_CLEANUP_H
#define LRFIND_CLEANUP_H

#include <sys/types.h>

/*
 * cleanup_install sets a handler on SIGINT, SIGTERM, SIGHUP and SIGPIPE
 * (each one that is not ignored: a signal the caller's parent ignores stays
 * ignored) and ignores SIGXFSZ, so that a file-size limit is a write error
 * that the writer reports, not a kill.  The handler removes every
 * temporary file registered, sends SIGTERM to the child registered, and
 * then dies of the signal as it would have, with the default action.
 *
 * Ownership: the registry is process-wide and holds its own copies of the
 * paths (cleanup_add copies, cleanup_drop frees); at most CLEANUP_MAX at
 * once.  Adding and dropping are not for signal handlers.
 */
#define CLEANUP_MAX 16

void cleanup_install(void);

/* Register a temporary file: 0, or -1 (full, or out of memory: the file
 * is then simply not removed by a signal). */
int cleanup_add(const char *path);
/* Forget the path registered with the same text (after it was removed or
 * renamed into place). */
void cleanup_drop(const char *path);

/* The child to end with the process (0: none). */
void cleanup_child(pid_t pid);

#endif
