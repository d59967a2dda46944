/* check_cleanup.c: a signal removes the registered files, ends the child, and kills as before */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"

static char dir[] = "/tmp/check_cleanup.XXXXXX";

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void
touch(const char *path)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
}

/*
 * In a child: files a and b registered, b dropped again, a grandchild
 * registered; then the signal.  The child must die of that signal, a must
 * be gone, b kept, and the grandchild ended.
 */
static void
die_of(int sig)
{
	char a[128], b[128];
	pid_t pid, gc = 0;
	int st, gst;

	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	touch(a);
	touch(b);
	if ((pid = fork()) == 0) {
		cleanup_install();
		if (cleanup_add(a) != 0 || cleanup_add(b) != 0)
			_exit(3);
		cleanup_drop(b);
		if ((gc = fork()) == 0) {
			pause();
			_exit(0);
		}
		cleanup_child(gc);
		/* the grandchild's pid for the parent, then the signal */
		{
			FILE *f;
			char g[128];

			snprintf(g, sizeof(g), "%s/gc", dir);
			if ((f = fopen(g, "w")) == NULL)
				_exit(5);
			fprintf(f, "%ld\n", (long)gc);
			fclose(f);
		}
		raise(sig);
		_exit(6); /* not reached: the signal kills */
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == sig,
	    "the child did not die of signal %d (status %d)", sig, st);
	ck_assert(!exists(a));
	ck_assert(exists(b));
	{
		char g[128];
		FILE *f;
		long v = 0;

		snprintf(g, sizeof(g), "%s/gc", dir);
		f = fopen(g, "r");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fscanf(f, "%ld", &v), 1);
		fclose(f);
		unlink(g);
		/* the grandchild is ours to reap now only if it were our
		 * child; it is not: ask whether it ended by signalling 0
		 * until it has (bounded) */
		for (gst = 0; gst < 200 && kill((pid_t)v, 0) == 0; gst++) {
			char path[64], state = 0;
			FILE *sf;

			snprintf(path, sizeof(path), "/proc/%ld/stat", v);
			if ((sf = fopen(path, "r")) != NULL) {
				int c, paren = 0;

				while ((c = fgetc(sf)) != EOF)
					if (c == ')')
						paren = 1;
					else if (paren && c != ' ') {
						state = (char)c;
						break;
					}
				fclose(sf);
			}
			if (state == 'Z')
				break; /* ended, not reaped yet */
			{
				struct timespec ts = { 0, 10000000 };

				nanosleep(&ts, NULL);
			}
		}
		ck_assert_msg(gst < 200, "the child of the child still runs");
	}
	unlink(b);
}

START_TEST(test_term)
{
	die_of(SIGTERM);
}
END_TEST

START_TEST(test_pipe)
{
	die_of(SIGPIPE);
}
END_TEST

START_TEST(test_xfsz_ignored)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == 0) {
		cleanup_install();
		raise(SIGXFSZ); /* ignored: we go on */
		_exit(7);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 7);
}
END_TEST

START_TEST(test_full_registry)
{
	int i;

	for (i = 0; i < CLEANUP_MAX; i++)
		ck_assert_int_eq(cleanup_add("/nonexistent/x"), 0);
	ck_assert_int_eq(cleanup_add("/nonexistent/y"), -1);
	for (i = 0; i < CLEANUP_MAX; i++)
		cleanup_drop("/nonexistent/x");
	ck_assert_int_eq(cleanup_add("/nonexistent/y"), 0);
	cleanup_drop("/nonexistent/y");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cleanup");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	if (mkdtemp(dir) == NULL) {
		perror("check_cleanup: mkdtemp");
		return EXIT_FAILURE;
	}
	tcase_add_test(tc, test_term);
	tcase_add_test(tc, test_pipe);
	tcase_add_test(tc, test_xfsz_ignored);
	tcase_add_test(tc, test_full_registry);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rmdir(dir);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
