/* worker.c: a second thread that runs one job at a time beside the caller */
#include <signal.h>
#include <string.h>

#include "worker.h"

enum { WORKER_IDLE, WORKER_POSTED, WORKER_DONE, WORKER_QUIT };

static void *
run(void *data)
{
	struct worker *w = data;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->state != WORKER_POSTED && w->state != WORKER_QUIT)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->state == WORKER_QUIT)
			break;
		pthread_mutex_unlock(&w->mu);
		w->fn(w->arg);
		pthread_mutex_lock(&w->mu);
		w->state = WORKER_DONE;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

bool
worker_start(struct worker *w)
{
	memset(w, 0, sizeof(*w));
	w->state = WORKER_IDLE;
	if (pthread_mutex_init(&w->mu, NULL) != 0)
		return false;
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		return false;
	}
	/* the thread is born with every signal blocked, so that signals
	 * (and their cleanup, cleanup.h) are taken by the thread that
	 * started it */
	{
		sigset_t all, old;
		int rc;

		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		rc = pthread_create(&w->thread, NULL, run, w);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (rc != 0) {
			pthread_cond_destroy(&w->cv);
			pthread_mutex_destroy(&w->mu);
			return false;
		}
	}
	w->threaded = true;
	return true;
}

void
worker_post(struct worker *w, void (*fn)(void *), void *arg)
{
	if (!w->threaded) {
		w->progress = 0;
		w->cancel = false;
		fn(arg);
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->fn = fn;
	w->arg = arg;
	w->progress = 0;
	w->cancel = false;
	w->state = WORKER_POSTED;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void
worker_wait(struct worker *w)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->mu);
	while (w->state == WORKER_POSTED)
		pthread_cond_wait(&w->cv, &w->mu);
	w->state = WORKER_IDLE;
	pthread_mutex_unlock(&w->mu);
}

void
worker_progress(struct worker *w, size_t k)
{
	if (!w->threaded) {
		w->progress = k;
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->progress = k;
	if (w->waiting) /* no wake-up call when nobody waits */
		pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

size_t
worker_await(struct worker *w, size_t k)
{
	size_t got;

	if (!w->threaded)
		return w->progress; /* the job ran whole in worker_post */
	pthread_mutex_lock(&w->mu);
	while (w->progress < k && w->state == WORKER_POSTED) {
		w->waiting = true;
		pthread_cond_wait(&w->cv, &w->mu);
	}
	w->waiting = false;
	got = w->progress;
	pthread_mutex_unlock(&w->mu);
	return got;
}

void
worker_cancel(struct worker *w)
{
	if (!w->threaded) {
		w->cancel = true;
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->cancel = true;
	pthread_mutex_unlock(&w->mu);
}

bool
worker_cancelled(struct worker *w)
{
	bool c;

	if (!w->threaded)
		return w->cancel;
	pthread_mutex_lock(&w->mu);
	c = w->cancel;
	pthread_mutex_unlock(&w->mu);
	return c;
}

void
worker_stop(struct worker *w)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->mu);
	while (w->state == WORKER_POSTED)
		pthread_cond_wait(&w->cv, &w->mu);
	w->state = WORKER_QUIT;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	w->threaded = false;
}
