/* check_wandb.c: one run of a W&B chart export into series; the choice of run; the messages; the real excerpt */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"
#include "wandb.h"

static const char export[] =
    "\"Step\",\"A - _step\",\"A - _step__MIN\",\"A - _step__MAX\","
    "\"A - train/loss\",\"A - train/loss__MIN\",\"A - train/loss__MAX\","
    "\"run - B - train/loss\",\"run - B - lr\",\"run - B - lr__MAX\"\n"
    "\"49\",\"0\",\"0\",\"0\",\"0.5\",\"0.5\",\"0.5\",\"\",\"\",\"\"\n"
    "\"99\",\"1\",\"x\",\"\",\"NaN\",\"\",\"\",\"2.5\",\"1e-3\",\"junk\"\r\n"
    "\"149\",\"\",\"\",\"\",\"0.25\",\"\",\"\",\"-Infinity\",\"\",\"\"\n"
    "\"199\",\"3\",\"\",\"\",\"Infinity\",\"\",\"\",\"\",\"\",\"\"\n"
    "\"249\",\"4\",\"\",\"\",\"7.64050582802156e-7\",\"\",\"\",\"2\","
    "\"2e-3\",\"\"\n";

static void
point(const struct series_set *ss, const char *name, size_t i, int64_t step,
    double v)
{
	struct series *s = series_find(ss, name);

	ck_assert_msg(s != NULL, "no series %s", name);
	ck_assert_msg(i < s->n, "%s has %zu points", name, s->n);
	ck_assert_int_eq(s->step[i], step);
	if (isnan(v))
		ck_assert(isnan(s->val[i]));
	else
		ck_assert_double_eq(s->val[i], v);
}

/* buf[0..len) read for run fails with exactly msg. */
static void
expect_err_len(const char *buf, size_t len, const char *run, const char *msg)
{
	struct series_set ss;
	struct wandb_result res;

	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(buf, len, run, &ss, &res), WANDB_ERR_INPUT);
	ck_assert_str_eq(res.err, msg);
	wandb_result_free(&res);
	series_set_free(&ss);
}

static void
expect_err(const char *buf, const char *run, const char *msg)
{
	expect_err_len(buf, strlen(buf), run, msg);
}

START_TEST(test_run_with_step)
{
	struct series_set ss;
	struct wandb_result res;
	const char *name[] = { "A", "A - A", "a", NULL };
	int k;

	ck_assert(wandb_sniff(export, strlen(export)));
	/* "A" exactly; "A - A" is no run (nor a suffix of one) */
	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(export, strlen(export), name[0], &ss, &res),
	    WANDB_OK);
	ck_assert_uint_eq(res.nruns, 2);
	ck_assert_str_eq(res.runs[0], "A");
	ck_assert_str_eq(res.runs[1], "run - B");
	ck_assert_uint_eq(res.run, 0);
	ck_assert_str_eq(res.x_name, "Step");
	ck_assert(!res.step_from_x);
	ck_assert_uint_eq(res.rows, 5);
	ck_assert_uint_eq(res.skipped, 1); /* 0.25: no _step on its row */
	ck_assert_uint_eq(ss.n, 2);
	ck_assert_uint_eq(series_find(&ss, "train/loss")->n, 4);
	point(&ss, "train/loss", 0, 0, 0.5);
	point(&ss, "train/loss", 1, 1, NAN);
	point(&ss, "train/loss", 2, 3, INFINITY);
	point(&ss, "train/loss", 3, 4, 7.64050582802156e-7);
	ck_assert_uint_eq(series_find(&ss, "_step")->n, 4);
	point(&ss, "_step", 3, 4, 4);
	ck_assert_ptr_null(series_find(&ss, "lr"));
	wandb_result_free(&res);
	ck_assert_uint_eq(res.nruns, 0);
	series_set_free(&ss);
	for (k = 1; name[k] != NULL; k++) {
		series_set_init(&ss);
		ck_assert_int_eq(wandb_read(export, strlen(export), name[k],
				     &ss, &res),
		    WANDB_ERR_INPUT);
		ck_assert_uint_eq(res.nruns, 2);
		wandb_result_free(&res);
		series_set_free(&ss);
	}
}
END_TEST

START_TEST(test_run_by_x)
{
	struct series_set ss;
	struct wandb_result res;

	/* "B" ends "run - B" alone: the run; it has no _step: x is the step */
	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(export, strlen(export), "B", &ss, &res),
	    WANDB_OK);
	ck_assert_uint_eq(res.run, 1);
	ck_assert(res.step_from_x);
	ck_assert_uint_eq(res.skipped, 0);
	ck_assert_uint_eq(ss.n, 2);
	ck_assert_uint_eq(series_find(&ss, "train/loss")->n, 3);
	point(&ss, "train/loss", 0, 99, 2.5);
	point(&ss, "train/loss", 1, 149, -INFINITY);
	point(&ss, "train/loss", 2, 249, 2);
	ck_assert_uint_eq(series_find(&ss, "lr")->n, 2);
	point(&ss, "lr", 0, 99, 1e-3);
	point(&ss, "lr", 1, 249, 2e-3);
	wandb_result_free(&res);
	series_set_free(&ss);
}
END_TEST

START_TEST(test_choice)
{
	const char *two = "\"x\",\"run_1 - loss\",\"run_1 - loss__MIN\","
			  "\"run_11 - loss\"\n\"1\",\"2\",\"3\",\"4\"\n";
	const char *one =
	    "\xef\xbb\xbf\"Step\",\"r - loss\"\r\n\"0\",\"1.5\"\r\n"
	    "\"1\",\"\"\r\n\"2\",\"1.25\"";
	struct series_set ss;
	struct wandb_result res;

	expect_err(export, NULL,
	    "2 runs in the file ('A', 'run - B'): "
	    "choose one by name");
	expect_err(export, "C",
	    "no run 'C' in the file: its runs are: 'A', "
	    "'run - B'");
	expect_err(two, "1",
	    "'1' is the end of 2 run names ('run_1', "
	    "'run_11'): choose one by its whole name");
	expect_err(two, "",
	    "no run '' in the file: its runs are: 'run_1', "
	    "'run_11'");
	/* the whole name wins over a longer one ending with it */
	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(two, strlen(two), "run_1", &ss, &res),
	    WANDB_OK);
	ck_assert_uint_eq(res.run, 0);
	point(&ss, "loss", 0, 1, 2);
	wandb_result_free(&res);
	series_set_free(&ss);
	/* one run: chosen with no name */
	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(one, strlen(one), NULL, &ss, &res),
	    WANDB_OK);
	ck_assert_uint_eq(res.nruns, 1);
	ck_assert_str_eq(res.x_name, "Step");
	ck_assert_uint_eq(res.rows, 3);
	point(&ss, "loss", 1, 2, 1.25);
	ck_assert_uint_eq(series_find(&ss, "loss")->n, 2);
	wandb_result_free(&res);
	series_set_free(&ss);
	expect_err("\"Step\",\"r - loss\"\n\"0\",\"1\"\n", "q",
	    "no run 'q' in the file: its run is: 'r'");
	/* many long names: the list is cut, the message stays whole */
	{
		char *big = malloc(40000), *p = big;
		int i;

		ck_assert_ptr_nonnull(big);
		p += sprintf(p, "\"Step\"");
		for (i = 0; i < 100; i++)
			p += sprintf(p, ",\"%090d - loss\"", i);
		sprintf(p, "\n");
		series_set_init(&ss);
		ck_assert_int_eq(wandb_read(big, strlen(big), NULL, &ss, &res),
		    WANDB_ERR_INPUT);
		ck_assert_uint_eq(res.nruns, 100);
		ck_assert(
		    strncmp(res.err, "100 runs in the file ('000", 26) == 0);
		ck_assert_ptr_nonnull(strstr(res.err,
		    ", ...): choose one by "
		    "name"));
		wandb_result_free(&res);
		series_set_free(&ss);
		free(big);
	}
}
END_TEST

START_TEST(test_errors)
{
	const char *h =
	    "\"Step\",\"r - _step\",\"r - loss\",\"r - loss__MAX\"\n";
	char buf[512];

	snprintf(buf, sizeof(buf),
	    "%s\"1\",\"1\",\"2\",\"\"\n\"2\",\"2\","
	    "\"abc\",\"\"\n",
	    h);
	expect_err(buf, NULL,
	    "3:3: 'abc' is not a number (column 'r - loss'): "
	    "expected a number");
	snprintf(buf, sizeof(buf), "%s\"1\",\"1.5\",\"2\",\"\"\n", h);
	expect_err(buf, NULL,
	    "2:2: step 1.5 (column 'r - _step'): expected a "
	    "whole number");
	snprintf(buf, sizeof(buf), "%s\"1\",\"NaN\",\"2\",\"\"\n", h);
	expect_err(buf, NULL,
	    "2:2: step nan (column 'r - _step'): expected a "
	    "whole number");
	expect_err("\"epoch\",\"r - loss\"\n\"0.5\",\"2\"\n", NULL,
	    "2:1: step 0.5 (column 'epoch'): expected a whole number");
	snprintf(buf, sizeof(buf), "%s\"1\",\"1\",\"2\",\"\",\"\"\n", h);
	expect_err(buf, NULL, "2:5: more fields than the header's 4");
	snprintf(buf, sizeof(buf), "%s\"1\",\"1\",\"2\"\n", h);
	expect_err(buf, NULL,
	    "2:4: the row ends after 3 fields: expected the "
	    "header's 4");
	snprintf(buf, sizeof(buf), "%s\"1\",\"1\"x,\"2\",\"\"\n", h);
	expect_err(buf, NULL,
	    "2:2: misplaced quote: a quote inside an "
	    "unquoted field, or text after a closing quote; expected a field "
	    "quoted whole, with any quote in it doubled");
	snprintf(buf, sizeof(buf), "%s\"1\",\"1\",\"2\n\n", h);
	expect_err(buf, NULL,
	    "3:3: the file ends inside a quoted field: "
	    "expected a closing quote");
	expect_err("\"Step\",\"r - loss\",\"loss\"\n", NULL,
	    "1:3: header cell 'loss': expected \"<run> - <key>\"");
	expect_err("\"Step\",\"r - \"\n", NULL,
	    "1:2: header cell 'r - ': expected \"<run> - <key>\"");
	expect_err("\"Step\"\n\"1\"\n", NULL,
	    "1:2: the header ends after the "
	    "x axis: expected \"<run> - <key>\" columns after it");
	expect_err("", NULL,
	    "1:1: empty file: expected a header of the x axis "
	    "and \"<run> - <key>\" columns");
	expect_err("\n\n", NULL,
	    "1:1: empty file: expected a header of the x "
	    "axis and \"<run> - <key>\" columns");
	expect_err_len("\"Step\",\"r - loss\"\n\"1\",\"2\0\"\n", 27, NULL,
	    "2:2: NUL byte in a field: expected text (is this a binary file?)");
	/* a line too long */
	{
		size_t n = WANDB_MAX_LINE + 100;
		char *s = malloc(n + 1);

		ck_assert_ptr_nonnull(s);
		memset(s, '1', n);
		memcpy(s, "\"Step\",\"r - loss\"\n", 18);
		s[n] = '\0';
		expect_err(s, NULL, "2: line longer than 1048576 bytes");
		free(s);
	}
}
END_TEST

START_TEST(test_sniff)
{
	static const char *yes[] = {
		"\"Step\",\"r - loss\",\"r - loss__MIN\"",
		"\xef\xbb\xbf\"epoch\",\"a - b - c__MAX\"\r\n\"1\",\"2\"\r\n",
		"Step,r - loss__MAX\n",
	};
	static const char *no[] = {
		"\"Step\",\"r - loss\"\n",
		"\"Step\",\"loss__MIN\"\n",
		"\"Step\",\"r - loss__MIN\",\"lr\"\n",
		"\"Step\",\" - loss__MIN\"\n",
		"\"Step\"\n",
		"step,lr,loss\n1,2,3\n",
		"{\"log_history\": []}",
		"\"Step\",\"r - loss__MIN\n",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(wandb_sniff(yes[i], strlen(yes[i])), "yes %zu",
		    i);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!wandb_sniff(no[i], strlen(no[i])), "no %zu", i);
}
END_TEST

#define RUN_LONG "Layer_2_CH_n_1_out_200_LC_learning_rate_0.01_2nd_epoch_900000"

START_TEST(test_real_export)
{
	struct series_set ss;
	struct wandb_result res;
	char path[4096], truth[4096];
	const char *run[2] = { "RTD2", "900000" };
	const char *file[2] = { "wandb_export_nrtd/truth_run_RTD2.csv",
		"wandb_export_nrtd/truth_run_900000.csv" };
	size_t len, k;
	char *buf;

	if (samples_path(path, sizeof(path),
		"wandb_export_nrtd/wandb_export_"
		"2024-12-27T01_42_23.467+01_00.head.csv",
		"check_wandb", "real W&B export") == NULL)
		return;
	buf = samples_slurp(path, &len);
	ck_assert(wandb_sniff(buf, len));
	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(buf, len, NULL, &ss, &res),
	    WANDB_ERR_INPUT);
	ck_assert_str_eq(res.err,
	    "2 runs in the file ('" RUN_LONG "_RTD2', '" RUN_LONG
	    "'): choose one by name");
	ck_assert_uint_eq(res.nruns, 2);
	wandb_result_free(&res);
	series_set_free(&ss);
	for (k = 0; k < 2; k++) {
		ck_assert_ptr_nonnull(samples_path(truth, sizeof(truth),
		    file[k], "check_wandb", "truth"));
		series_set_init(&ss);
		ck_assert_msg(wandb_read(buf, len, run[k], &ss, &res) ==
			WANDB_OK,
		    "%s", res.err);
		ck_assert_uint_eq(res.run, k);
		ck_assert(!res.step_from_x);
		ck_assert_str_eq(res.x_name, "epoch");
		ck_assert_uint_eq(res.rows,
		    24); /* the excerpt: header + 24 rows */
		samples_compare(truth, series_find(&ss, "train/loss"), NULL);
		ck_assert_uint_eq(series_find(&ss, "_step")->n,
		    series_find(&ss, "train/loss")->n);
		wandb_result_free(&res);
		series_set_free(&ss);
	}
	/* the whole name chooses the run too */
	series_set_init(&ss);
	ck_assert_int_eq(wandb_read(buf, len, RUN_LONG, &ss, &res), WANDB_OK);
	ck_assert_uint_eq(res.run, 1);
	wandb_result_free(&res);
	series_set_free(&ss);
	free(buf);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("wandb");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_run_with_step);
	tcase_add_test(tc, test_run_by_x);
	tcase_add_test(tc, test_choice);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_real_export);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
