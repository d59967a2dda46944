/* worker.h: a second thread that runs one job at a time beside the caller */
#ifndef LRFIND_WORKER_H
#define LRFIND_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A worker lets the calling thread hand one job (a function and its
 * argument) to a second thread, do its own share meanwhile, and then wait
 * for the job to end: worker_post, then worker_wait, before the next post.
 * If the thread cannot be started, worker_post runs the job at once on the
 * caller's thread, so callers need no second code path.
 *
 * Ownership: the struct worker is the caller's (on its stack or inside
 * another struct); worker_start starts the thread, worker_stop ends and
 * joins it and must be called once for every worker_start.  A job's
 * argument is borrowed by the worker from worker_post until worker_wait
 * returns; the job must touch nothing the caller touches meanwhile.
 */
struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	void (*fn)(void *);
	void *arg;
	int state; /* WORKER_* in worker.c */
	size_t progress; /* steps the job in hand has reported */
	bool cancel; /* the caller no longer wants the job's results */
	bool waiting; /* the caller waits in worker_await */
	bool threaded; /* a thread runs the jobs */
};

/* Start the thread; false when it could not be started (then jobs run
 * inline).  Either way the worker is ready for worker_post. */
bool worker_start(struct worker *w);

/* Hand fn(arg) to the worker; it must be idle (no job posted and not
 * waited for). */
void worker_post(struct worker *w, void (*fn)(void *), void *arg);

/* Wait until the posted job has ended; at once if none was posted. */
void worker_wait(struct worker *w);

/*
 * A job made of steps reports each one it has done (k = 1, 2, ...), so
 * that the caller can use the first steps' results while it does the
 * next: worker_progress from the job, worker_await from the caller, which
 * returns when k steps are reported or the job has ended, with the count.
 */
void worker_progress(struct worker *w, size_t k);
size_t worker_await(struct worker *w, size_t k);

/* The caller tells the job in hand that its results are not wanted; the
 * job asks between steps (worker_cancelled) and may end early. */
void worker_cancel(struct worker *w);
bool worker_cancelled(struct worker *w);

/* End the thread (after the job in hand, if any) and join it. */
void worker_stop(struct worker *w);

#endif
