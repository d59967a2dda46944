/* linein.h: one line of a stream, bounded, so that no input can make it grow without end */
#ifndef LRFIND_LINEIN_H
#define LRFIND_LINEIN_H

#include <stdio.h>

/* The longest line read, in bytes, the log reader's limit as well. */
#define LINEIN_MAX 1048576

/*
 * One line of in into *buf, with its '\n' if it has one and a '\0' after
 * it, growing *buf (the caller's, freed by the caller; *cap its size) up to
 * LINEIN_MAX + 2 bytes.  Returns the length (the '\n' counted); LINEIN_EOF
 * at the end of the input before any byte (a read error too: the caller
 * tells them apart with ferror); LINEIN_LONG for a line of more than
 * LINEIN_MAX bytes (the rest is left unread); LINEIN_NOMEM.  An allocation
 * failure is never taken for the end of the input.
 */
#define LINEIN_EOF (-1)
#define LINEIN_LONG (-2)
#define LINEIN_NOMEM (-3)
long linein_read(FILE *in, char **buf, size_t *cap);

#endif
