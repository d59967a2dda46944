/* cleanup.c: what a signal that ends lrfind must not leave behind */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

/* The handler reads these: each slot is set or cleared by one store. */
static char *volatile slots[CLEANUP_MAX];
static volatile pid_t child;

static void
on_signal(int sig)
{
	struct sigaction sa;
	int i;

	for (i = 0; i < CLEANUP_MAX; i++)
		if (slots[i] != NULL)
			(void)unlink(slots[i]);
	if (child > 0)
		(void)kill(child, SIGTERM);
	/* die of it, as without the handler (the exit status tells) */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(sig, &sa, NULL);
	(void)raise(sig);
}

void
cleanup_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			(void)sigaction(sigs[i], &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
}

int
cleanup_add(const char *path)
{
	char *copy;
	int i;

	for (i = 0; i < CLEANUP_MAX; i++)
		if (slots[i] == NULL) {
			if ((copy = strdup(path)) == NULL)
				return -1;
			slots[i] = copy;
			return 0;
		}
	return -1;
}

void
cleanup_drop(const char *path)
{
	char *p;
	int i;

	for (i = 0; i < CLEANUP_MAX; i++)
		if ((p = slots[i]) != NULL && strcmp(p, path) == 0) {
			slots[i] = NULL;
			free(p);
			return;
		}
}

void
cleanup_child(pid_t pid)
{
	child = pid;
}
