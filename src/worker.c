/* worker.c: a second thread that runs one job at a time beside the caller */
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
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		return false;
	}
	w->threaded = true;
	return true;
}

void
worker_post(struct worker *w, void (*fn)(void *), void *arg)
{
	if (!w->threaded) {
		fn(arg);
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->fn = fn;
	w->arg = arg;
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
