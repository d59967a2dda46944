/* check_worker.c: the second thread runs each posted job once, beside us */
#include <check.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "worker.h"

struct job {
	long from, to, sum;
	pthread_t ran_on;
	int runs;
};

static void
add_up(void *arg)
{
	struct job *j = arg;
	long i;

	j->ran_on = pthread_self();
	j->runs++;
	for (i = j->from; i < j->to; i++)
		j->sum += i;
}

START_TEST(test_jobs_run_on_the_worker)
{
	struct worker w;
	struct job j;
	long mine, k;

	ck_assert(worker_start(&w));
	for (k = 0; k < 200; k++) {
		long i;

		j.from = k * 1000;
		j.to = (k + 1) * 1000 + k;
		j.sum = 0;
		j.runs = 0;
		worker_post(&w, add_up, &j);
		for (mine = 0, i = 0; i < 1000;
		     i++) /* our own share meanwhile */
			mine += i;
		worker_wait(&w);
		ck_assert_int_eq(j.runs, 1);
		ck_assert_int_eq(j.sum,
		    (j.from + j.to - 1) * (j.to - j.from) / 2);
		ck_assert(!pthread_equal(j.ran_on, pthread_self()));
		ck_assert_int_eq(mine, 499500);
	}
	worker_wait(&w); /* nothing posted: returns at once */
	worker_stop(&w);
	ck_assert(!w.threaded);
}
END_TEST

START_TEST(test_stop_waits_for_the_job)
{
	struct worker w;
	struct job j = { 0, 3000000, 0, 0, 0 };

	ck_assert(worker_start(&w));
	worker_post(&w, add_up, &j);
	worker_stop(&w); /* without worker_wait: the job still ends */
	ck_assert_int_eq(j.runs, 1);
	ck_assert_int_eq(j.sum, 2999999L * 3000000L / 2);
}
END_TEST

START_TEST(test_without_a_thread_jobs_run_inline)
{
	struct worker w = { .threaded = false };
	struct job j = { 5, 10, 0, 0, 0 };

	worker_post(&w, add_up, &j); /* a worker that never started */
	ck_assert_int_eq(j.runs, 1);
	ck_assert_int_eq(j.sum, 35);
	ck_assert(pthread_equal(j.ran_on, pthread_self()));
	worker_wait(&w);
	worker_stop(&w);
}
END_TEST

/* A job of steps: each fills its slot, then reports. */
struct steps {
	struct worker *w;
	int n, done;
	long slot[64];
};

static void
stepper(void *arg)
{
	struct steps *st = arg;
	int i;

	for (i = 0; i < st->n; i++) {
		st->slot[i] = (long)i * i + 1;
		worker_progress(st->w, i + 1);
		st->done = i + 1;
		if (worker_cancelled(st->w))
			break;
	}
}

START_TEST(test_progress_steps_in_order)
{
	struct worker w;
	struct steps st;
	int k, got;

	ck_assert(worker_start(&w));
	for (k = 0; k < 50; k++) {
		int i;

		memset(&st, 0, sizeof(st));
		st.w = &w;
		st.n = 64;
		worker_post(&w, stepper, &st);
		for (i = 0; i < st.n; i++) {
			got = worker_await(&w, i + 1);
			ck_assert_int_ge(got, i + 1);
			/* a step reported is a step done */
			ck_assert_int_eq(st.slot[i], (long)i * i + 1);
		}
		worker_wait(&w);
		ck_assert_int_eq(st.done, 64);
		/* asking past the end returns when the job has ended */
		worker_post(&w, stepper, &st);
		ck_assert_int_eq(worker_await(&w, 1000), 64);
		worker_wait(&w);
	}
	worker_stop(&w);
}
END_TEST

/* Steps are counted in size_t: a count past INT_MAX (points of a curve
 * that lrfind --csv writes as it is made) comes through whole. */
static void
big_steps(void *arg)
{
	struct steps *st = arg;

	worker_progress(st->w, (size_t)INT_MAX + 7);
	worker_progress(st->w, (size_t)UINT32_MAX + 9);
}

START_TEST(test_progress_past_int_max)
{
	struct worker w;
	struct steps st;

	ck_assert(worker_start(&w));
	memset(&st, 0, sizeof(st));
	st.w = &w;
	worker_post(&w, big_steps, &st);
	ck_assert(worker_await(&w, (size_t)INT_MAX + 7) >= (size_t)INT_MAX + 7);
	ck_assert(
	    worker_await(&w, (size_t)UINT32_MAX + 9) == (size_t)UINT32_MAX + 9);
	worker_wait(&w);
	worker_stop(&w);
}
END_TEST

/* Three steps, then wait (up to 20 s) for the caller to cancel: the job
 * ends as soon as it sees it, however the threads are scheduled. */
static void
until_cancelled(void *arg)
{
	struct steps *st = arg;
	struct timespec ms = { 0, 1000000 };
	int i;

	for (i = 0; i < 3; i++) {
		worker_progress(st->w, i + 1);
		st->done = i + 1;
	}
	for (i = 0; i < 20000 && !worker_cancelled(st->w); i++)
		nanosleep(&ms, NULL);
	st->slot[0] = worker_cancelled(st->w);
}

START_TEST(test_cancel_ends_a_job_early)
{
	struct worker w;
	struct steps st;

	ck_assert(worker_start(&w));
	memset(&st, 0, sizeof(st));
	st.w = &w;
	worker_post(&w, until_cancelled, &st);
	ck_assert_int_ge(worker_await(&w, 3), 3);
	worker_cancel(&w);
	worker_wait(&w);
	ck_assert_int_eq(st.done, 3);
	ck_assert_int_eq(st.slot[0], 1); /* the job saw the cancel */
	/* the next job starts uncancelled */
	memset(&st, 0, sizeof(st));
	st.w = &w;
	st.n = 10;
	worker_post(&w, stepper, &st);
	worker_wait(&w);
	ck_assert_int_eq(st.done, 10);
	worker_stop(&w);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("worker");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_jobs_run_on_the_worker);
	tcase_add_test(tc, test_progress_past_int_max);
	tcase_add_test(tc, test_stop_waits_for_the_job);
	tcase_add_test(tc, test_without_a_thread_jobs_run_inline);
	tcase_add_test(tc, test_progress_steps_in_order);
	tcase_add_test(tc, test_cancel_ends_a_job_early);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
