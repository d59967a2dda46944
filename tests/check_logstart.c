/* check_logstart.c: what the first bytes of a CSV log say (logstart.c) */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "logstart.h"

static enum logstart_status
scan(const char *s, bool more, char forced, size_t *skip, char *delim)
{
	return logstart_scan(s, strlen(s), more, forced, skip, delim);
}

START_TEST(test_delimiters)
{
	ck_assert_int_eq(logstart_delim("step,lr,loss", 12), ',');
	ck_assert_int_eq(logstart_delim("step\tlr\tloss", 12), '\t');
	ck_assert_int_eq(logstart_delim("step;lr;loss", 12), ';');
	/* quoted delimiters do not count; a tie is a comma */
	ck_assert_int_eq(logstart_delim("\"a;b;c\",x", 9), ',');
	ck_assert_int_eq(logstart_delim("a;b,c", 5), ',');
	ck_assert_int_eq(logstart_delim("loss", 4), ',');
	/* only the first line */
	ck_assert_int_eq(logstart_delim("a,b\nc;d;e;f", 11), ',');
}
END_TEST

START_TEST(test_first_line)
{
	size_t skip;
	char d;

	/* a BOM, comments and blank lines before the header */
	ck_assert_int_eq(scan("\xef\xbb\xbf# run 1\n\n  \r\nstep\tlr\tloss\n1\t2\t3\n",
			     true, 0, &skip, &d),
	    LOGSTART_DONE);
	ck_assert_uint_eq(skip, 3);
	ck_assert_int_eq(d, '\t');
	/* forced, whatever the line says */
	ck_assert_int_eq(scan("a;b;c\n", true, ',', &skip, &d), LOGSTART_DONE);
	ck_assert_int_eq(d, ',');
	/* only comments, at the end: done, no delimiter */
	ck_assert_int_eq(scan("# a\n# b", false, 0, &skip, &d), LOGSTART_DONE);
	ck_assert_int_eq(d, 0);
	/* a header without its line end at the end of the input */
	ck_assert_int_eq(scan("lr;loss", false, 0, &skip, &d), LOGSTART_DONE);
	ck_assert_int_eq(d, ';');
}
END_TEST

START_TEST(test_wait_and_gzip)
{
	size_t skip;
	char d, *big;

	ck_assert_int_eq(scan("\x1f\x8b\x08", true, 0, &skip, &d),
	    LOGSTART_GZIP);
	ck_assert_int_eq(scan("\x1f", true, 0, &skip, &d), LOGSTART_WAIT);
	ck_assert_int_eq(scan("\xef\xbb", true, 0, &skip, &d), LOGSTART_WAIT);
	/* a header line not yet ended waits, up to 64 KiB */
	ck_assert_int_eq(scan("step,lr", true, 0, &skip, &d), LOGSTART_WAIT);
	big = malloc(70000);
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', 69999);
	big[69999] = '\0';
	big[10] = ';';
	ck_assert_int_eq(scan(big, true, 0, &skip, &d), LOGSTART_DONE);
	ck_assert_int_eq(d, ';');
	free(big);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("logstart");
	TCase *tc = tcase_create("logstart");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_delimiters);
	tcase_add_test(tc, test_first_line);
	tcase_add_test(tc, test_wait_and_gzip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
