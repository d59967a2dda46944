/* check_jsonlog.c: trainer_state.json and JSON Lines into series; the messages; the real files */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonlog.h"
#include "samples.h"

static enum jsonlog_status
rd(const char *s, enum jsonlog_kind kind, struct series_set *ss,
    struct jsonlog_result *res)
{
	return jsonlog_read(s, strlen(s), kind, ss, res);
}

/* s read as kind fails with exactly msg; nothing leaks. */
static void
expect_err_len(const char *s, size_t len, enum jsonlog_kind kind,
    const char *msg)
{
	struct series_set ss;
	struct jsonlog_result res;

	series_set_init(&ss);
	ck_assert_int_eq(jsonlog_read(s, len, kind, &ss, &res),
	    JSONLOG_ERR_INPUT);
	ck_assert_str_eq(res.err, msg);
	series_set_free(&ss);
}

static void
expect_err(const char *s, enum jsonlog_kind kind, const char *msg)
{
	expect_err_len(s, strlen(s), kind, msg);
}

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

static size_t
npoints(const struct series_set *ss, const char *name)
{
	struct series *s = series_find(ss, name);

	return s != NULL ? s->n : 0;
}

/* ---- trainer_state.json ---- */

static const char hf_small[] =
    "{\n"
    "  \"best_metric\": null,\n"
    "  \"global_step\": 30,\n"
    "  \"log_history\": [\n"
    "    {\"epoch\": 0.5, \"grad_norm\": 3.25, \"learning_rate\": 5e-05,"
    " \"loss\": 2.5, \"step\": 10},\n"
    "    {\"epoch\": 1.0, \"eval_loss\": 2.25, \"eval_runtime\": 1.5,"
    " \"step\": 10},\n"
    "    {\"epoch\": 1.5, \"learning_rate\": 2.5e-05, \"loss\": NaN,"
    " \"grad_norm\": Infinity, \"step\": 20, \"note\": \"x\","
    " \"flag\": true, \"none\": null, \"list\": [1, 2],"
    " \"extra\": {\"a\": 1, \"b\": {\"c\": -Infinity}}},\n"
    "    {\"epoch\": 2.0, \"step\": 30.0, \"train_loss\": 2.125,"
    " \"train_runtime\": 12}\n"
    "  ],\n"
    "  \"max_steps\": 30\n"
    "}\n";

START_TEST(test_hf_series)
{
	struct series_set ss;
	struct jsonlog_result res;

	ck_assert_int_eq(jsonlog_sniff(hf_small, strlen(hf_small)),
	    JSONLOG_HF_STATE);
	series_set_init(&ss);
	ck_assert_int_eq(rd(hf_small, JSONLOG_NONE, &ss, &res), JSONLOG_OK);
	ck_assert_int_eq(res.kind, JSONLOG_HF_STATE);
	ck_assert_uint_eq(res.records, 4);
	ck_assert_str_eq(res.step_name, "step");
	ck_assert_str_eq(res.err, "");
	/* the training entries alone in loss; eval and summary apart */
	ck_assert_uint_eq(npoints(&ss, "loss"), 2);
	point(&ss, "loss", 0, 10, 2.5);
	point(&ss, "loss", 1, 20, NAN);
	ck_assert_uint_eq(npoints(&ss, "learning_rate"), 2);
	point(&ss, "learning_rate", 0, 10, 5e-05);
	point(&ss, "learning_rate", 1, 20, 2.5e-05);
	point(&ss, "grad_norm", 1, 20, INFINITY);
	ck_assert_uint_eq(npoints(&ss, "eval_loss"), 1);
	point(&ss, "eval_loss", 0, 10, 2.25);
	point(&ss, "eval_runtime", 0, 10, 1.5);
	ck_assert_uint_eq(npoints(&ss, "epoch"), 4);
	point(&ss, "epoch", 3, 30, 2.0);
	point(&ss, "train_loss", 0, 30, 2.125);
	point(&ss, "train_runtime", 0, 30, 12);
	/* nested objects flattened; strings, booleans, null, arrays not */
	point(&ss, "extra/a", 0, 20, 1);
	point(&ss, "extra/b/c", 0, 20, -INFINITY);
	ck_assert_ptr_null(series_find(&ss, "note"));
	ck_assert_ptr_null(series_find(&ss, "flag"));
	ck_assert_ptr_null(series_find(&ss, "none"));
	ck_assert_ptr_null(series_find(&ss, "list"));
	ck_assert_ptr_null(series_find(&ss, "extra"));
	/* step is the step, not a series; top-level members are ignored */
	ck_assert_ptr_null(series_find(&ss, "step"));
	ck_assert_ptr_null(series_find(&ss, "global_step"));
	ck_assert_ptr_null(series_find(&ss, "max_steps"));
	ck_assert_uint_eq(ss.n, 10);
	ck_assert_uint_eq(series_points(&ss), 16);
	series_set_free(&ss);
}
END_TEST

START_TEST(test_hf_edges)
{
	struct series_set ss;
	struct jsonlog_result res;
	/* a BOM, CR LF, an empty log_history, comments, big integers */
	const char *empty = "\xef\xbb\xbf{\r\n\"log_history\": []\r\n}\r\n";
	const char *big =
	    "{\"log_history\": [{\"step\": -3, \"n\": "
	    "18446744073709551615, \"m\": -9007199254740993, /* c */ "
	    "\"x\": 1e400}, {\"step\": 9000000000000000000, \"n\": 0}]}";

	series_set_init(&ss);
	ck_assert_int_eq(jsonlog_sniff(empty, strlen(empty)), JSONLOG_HF_STATE);
	ck_assert_int_eq(rd(empty, JSONLOG_NONE, &ss, &res), JSONLOG_OK);
	ck_assert_uint_eq(res.records, 0);
	ck_assert_uint_eq(ss.n, 0);
	ck_assert_int_eq(rd(big, JSONLOG_HF_STATE, &ss, &res), JSONLOG_OK);
	point(&ss, "n", 0, -3, 18446744073709551615.0);
	point(&ss, "m", 0, -3, -9007199254740992.0);
	point(&ss, "x", 0, -3, INFINITY);
	point(&ss, "n", 1, 9000000000000000000, 0);
	series_set_free(&ss);
}
END_TEST

START_TEST(test_hf_errors)
{
	expect_err("{\"log_history\": [\n  {\"loss\": 1, \"step\": 1},\n"
		   "  {\"loss\": 2}\n]}",
	    JSONLOG_HF_STATE,
	    "3:3: log_history[1] has no \"step\": expected a step in each "
	    "entry");
	expect_err("{\"log_history\": [{\"loss\": 1, \"step\": 1.5}]}",
	    JSONLOG_HF_STATE,
	    "1:38: log_history[0]: \"step\" is 1.5: "
	    "expected a whole number");
	expect_err("{\"log_history\": [{\"step\": \"ten\"}]}", JSONLOG_HF_STATE,
	    "1:27: log_history[0]: \"step\" is \"ten\": "
	    "expected a whole number");
	expect_err("{\"log_history\": [{\"step\": 18446744073709551615}]}",
	    JSONLOG_HF_STATE,
	    "1:27: log_history[0]: \"step\" is "
	    "18446744073709551615: expected a whole number");
	expect_err("{\"log_history\": [{\"step\": NaN}]}", JSONLOG_HF_STATE,
	    "1:27: log_history[0]: \"step\" is NaN: "
	    "expected a whole number");
	expect_err("{\"log_history\": [{\"step\": 1}, 5]}", JSONLOG_HF_STATE,
	    "1:31: log_history[1] is a number: expected an object");
	expect_err("{\"a\": 1,\n \"log_history\": {\"step\": 1}}",
	    JSONLOG_HF_STATE,
	    "2:17: \"log_history\" is an object: expected "
	    "an array of objects");
	expect_err("\n\n  {\"global_step\": 1}", JSONLOG_HF_STATE,
	    "3:3: no \"log_history\" in the object: expected a "
	    "trainer_state.json");
	expect_err("  [1, 2]", JSONLOG_HF_STATE,
	    "1:3: an array: expected a trainer_state.json object");
	expect_err("5", JSONLOG_HF_STATE,
	    "1:1: a number: expected a trainer_state.json object");
	/* syntax: where json-c stopped */
	expect_err("{\"log_history\": [\n  {\"loss\": 1 \"step\": 1}]}",
	    JSONLOG_HF_STATE, "2:14: expected ',' or '}' after a member value");
	expect_err("{\"log_history\": [\n  {\"loss\": .5}]}", JSONLOG_HF_STATE,
	    "2:12: unexpected character '.': expected a JSON value");
	expect_err("{\"log_history\": [{\"step\": 1}] } x", JSONLOG_HF_STATE,
	    "1:33: text after the JSON object: expected the end of the file");
	/* truncated, empty, garbage, binary */
	expect_err("{\"log_history\": [\n  {\"loss\": 1, \"st",
	    JSONLOG_HF_STATE,
	    "2:18: unexpected end of the file: expected the rest of the JSON "
	    "text (truncated?)");
	expect_err("", JSONLOG_HF_STATE,
	    "1:1: no JSON text: expected a "
	    "trainer_state.json object");
	expect_err(" \n \n", JSONLOG_HF_STATE,
	    "3:1: no JSON text: expected a "
	    "trainer_state.json object");
	expect_err("\x89PNG\r\n", JSONLOG_HF_STATE,
	    "1:1: unexpected byte 0x89: expected a JSON value");
	expect_err_len("{\"log_history\": [\0]}", 20, JSONLOG_HF_STATE,
	    "1:18: NUL byte: expected JSON text (is this a binary file?)");
	/* deeper than json-c's 32 levels */
	{
		char deep[200];
		int i, n = 0;

		n += sprintf(deep, "{\"log_history\": [{\"step\": 1, \"a\": ");
		for (i = 0; i < 40; i++)
			deep[n++] = '[';
		deep[n] = '\0';
		expect_err(deep, JSONLOG_HF_STATE,
		    "1:64: nesting deeper than "
		    "32 levels: expected at most 32 objects and arrays inside "
		    "one another");
	}
}
END_TEST

/* ---- JSON Lines ---- */

START_TEST(test_lines_series)
{
	struct series_set ss;
	struct jsonlog_result res;
	const char *s =
	    "{\"lr\": 0.1, \"loss\": 2.5, \"iter\": 7, \"step\": 100, "
	    "\"mode\": \"train\"}\r\n"
	    "\n"
	    "   \t\r\n"
	    "{\"lr\": 0.2, \"loss\": NaN, \"iter\": 8}\n"
	    "{\"lr\": Infinity, \"loss\": -Infinity, \"_step\": 3.0}\n"
	    "{\"lr\": 0.4, \"loss\": 1, \"train\": {\"acc\": 0.5, "
	    "\"inner\": {\"x\": 2}}, \"ok\": false, \"v\": [1], \"z\": null}\n"
	    "{}\n"
	    "{\"global_step\": 12, \"batch\": 4, \"loss\": 0.5}";

	ck_assert_int_eq(jsonlog_sniff(s, strlen(s)), JSONLOG_LINES);
	series_set_init(&ss);
	ck_assert_int_eq(rd(s, JSONLOG_NONE, &ss, &res), JSONLOG_OK);
	ck_assert_int_eq(res.kind, JSONLOG_LINES);
	ck_assert_uint_eq(res.records, 6);
	ck_assert_uint_eq(res.ordinal_steps, 2);
	ck_assert_str_eq(res.step_name, "step");
	/* step wins over iter, which becomes a series */
	point(&ss, "lr", 0, 100, 0.1);
	point(&ss, "iter", 0, 100, 7);
	ck_assert_ptr_null(series_find(&ss, "step"));
	ck_assert_ptr_null(series_find(&ss, "mode"));
	/* iter alone: the step */
	point(&ss, "lr", 1, 8, 0.2);
	point(&ss, "loss", 1, 8, NAN);
	ck_assert_uint_eq(npoints(&ss, "iter"), 1);
	/* _step, a whole double */
	point(&ss, "lr", 2, 3, INFINITY);
	point(&ss, "loss", 2, 3, -INFINITY);
	/* no step member: the ordinal among objects, 0-based */
	point(&ss, "lr", 3, 3, 0.4);
	point(&ss, "train/acc", 0, 3, 0.5);
	point(&ss, "train/inner/x", 0, 3, 2);
	ck_assert_ptr_null(series_find(&ss, "ok"));
	ck_assert_ptr_null(series_find(&ss, "v"));
	ck_assert_ptr_null(series_find(&ss, "z"));
	/* global_step before batch, which is a series then */
	point(&ss, "loss", 4, 12, 0.5);
	point(&ss, "batch", 0, 12, 4);
	ck_assert_uint_eq(npoints(&ss, "loss"), 5);
	ck_assert_uint_eq(series_points(&ss), 13);
	series_set_free(&ss);

	/* one object, no newline; a BOM */
	series_set_init(&ss);
	ck_assert_int_eq(rd("\xef\xbb\xbf{\"loss\": 3}", JSONLOG_NONE, &ss,
			     &res),
	    JSONLOG_OK);
	ck_assert_int_eq(res.kind, JSONLOG_LINES);
	point(&ss, "loss", 0, 0, 3);
	ck_assert_str_eq(res.step_name, "");
	series_set_free(&ss);
}
END_TEST

START_TEST(test_lines_errors)
{
	expect_err("{\"loss\": 1}\n{\"loss\": 2,}\n{\"loss\" 3}\n",
	    JSONLOG_LINES, "3:9: expected ':' after a member name");
	expect_err("{\"loss\": 1}\ngarbage\n", JSONLOG_LINES,
	    "2:1: unexpected character 'g': expected a JSON value");
	expect_err("{\"loss\": 1} {\"loss\": 2}\n", JSONLOG_LINES,
	    "1:13: text after the object: expected one object a line");
	expect_err("{\"loss\": 1}\n  [1, 2]\n", JSONLOG_LINES,
	    "2:3: an array: expected an object");
	expect_err("{\"loss\": 1}\n42\n", JSONLOG_LINES,
	    "2:1: a number: expected an object");
	expect_err("{\"loss\": 1}\nnull", JSONLOG_LINES,
	    "2:1: null: expected an object");
	/* an object over two lines, and a truncated last line */
	expect_err("{\"loss\": 1,\n \"step\": 2}\n", JSONLOG_LINES,
	    "1:12: the line ends inside the JSON value: expected the rest of "
	    "the object on this line");
	expect_err("{\"loss\": 1}\n{\"loss\": 2, \"st", JSONLOG_LINES,
	    "2:16: the line ends inside the JSON value: expected the rest of "
	    "the object on this line");
	expect_err("{\"loss\": 1, \"step\": 2.5}\n", JSONLOG_LINES,
	    "1:21: \"step\" is 2.5: expected a whole-number step");
	expect_err("{\"it\": \"x\"}", JSONLOG_LINES,
	    "1:8: \"it\" is \"x\": expected a whole-number step");
	expect_err("{\"loss\": 1}\n{\"iter\": -Infinity}\n", JSONLOG_LINES,
	    "2:10: \"iter\" is -Infinity: expected a whole-number step");
	expect_err("{\"loss\": -NaN}", JSONLOG_LINES,
	    "1:11: expected a number");
	expect_err_len("{\"loss\": 1}\n{\"a\"\0: 1}\n", 22, JSONLOG_LINES,
	    "2:5: NUL byte: expected JSON text (is this a binary file?)");
	expect_err("", JSONLOG_LINES,
	    "1:1: no JSON object: expected one object a line");
	expect_err("\n\n", JSONLOG_LINES,
	    "3:1: no JSON object: expected one object a line");
	/* a line too long */
	{
		size_t n = JSONLOG_MAX_LINE + 20;
		char *s = malloc(n + 1);

		ck_assert_ptr_nonnull(s);
		memset(s, ' ', n);
		memcpy(s, "{\"loss\": 1}\n{\"a\": 1", 19);
		s[n - 1] = '}';
		s[n] = '\0';
		expect_err(s, JSONLOG_LINES,
		    "2:1048577: line longer than "
		    "1048576 bytes: expected one object a line");
		free(s);
	}
	/* neither */
	expect_err("step,lr,loss\n1,2,3\n", JSONLOG_NONE,
	    "1:1: neither a trainer_state.json (an object with a "
	    "\"log_history\" array) nor JSON Lines (one object a line)");
	expect_err("\n  {\n\"epoch\": 3}", JSONLOG_NONE,
	    "2:3: neither a trainer_state.json (an object with a "
	    "\"log_history\" array) nor JSON Lines (one object a line)");
}
END_TEST

START_TEST(test_sniff)
{
	static const struct {
		const char *s;
		enum jsonlog_kind k;
	} c[] = {
		{ "{\"log_history\": [", JSONLOG_HF_STATE },
		{ "\xef\xbb\xbf  {\"a\": {\"log_history\": 1}, \"b\": \"}\","
		  " 'log_history': [ ]}",
		    JSONLOG_HF_STATE },
		{ "{\"log_history\": 5}", JSONLOG_LINES },
		{ "{\"a\": 1}", JSONLOG_LINES },
		{ "{\"a\": 1}\n", JSONLOG_LINES },
		{ "{\"a\": \"}\"}  \r\n\n  {\"a\": 2}\n", JSONLOG_LINES },
		{ "{\"a\": 1}\n[1]\n", JSONLOG_NONE },
		{ "{\"a\": 1} {\"b\": 2}\n", JSONLOG_NONE },
		{ "{\n  \"epoch\": 3.0,\n  \"train_loss\": 1.8\n}\n",
		    JSONLOG_NONE },
		{ "{\"a\": 1", JSONLOG_NONE },
		{ "{\"a\": \"", JSONLOG_NONE },
		{ "{", JSONLOG_NONE },
		{ "[{\"log_history\": []}]", JSONLOG_NONE },
		{ "step,lr,loss\n", JSONLOG_NONE },
		{ "", JSONLOG_NONE },
		{ " \n\t", JSONLOG_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ck_assert_msg(jsonlog_sniff(c[i].s, strlen(c[i].s)) == c[i].k,
		    "case %zu: %d", i, jsonlog_sniff(c[i].s, strlen(c[i].s)));
}
END_TEST

/* ---- the real files ---- */

/* 0 when the samples are absent (a line says so) */
static int
real_hf(const char *folder)
{
	struct series_set ss;
	struct jsonlog_result res;
	char path[4096], truth[4096], rel[256];
	size_t len;
	char *buf;

	snprintf(rel, sizeof(rel), "%s/trainer_state.json", folder);
	if (samples_path(path, sizeof(path), rel, "check_jsonlog",
		"real trainer_state.json") == NULL)
		return 0;
	snprintf(rel, sizeof(rel), "%s/truth_trainer_state.csv", folder);
	ck_assert_ptr_nonnull(
	    samples_path(truth, sizeof(truth), rel, "check_jsonlog", "truth"));
	buf = samples_slurp(path, &len);
	ck_assert_int_eq(jsonlog_sniff(buf, len), JSONLOG_HF_STATE);
	series_set_init(&ss);
	ck_assert_msg(jsonlog_read(buf, len, JSONLOG_NONE, &ss, &res) ==
		JSONLOG_OK,
	    "%s: %s", path, res.err);
	samples_compare(truth, series_find(&ss, "loss"),
	    series_find(&ss, "learning_rate"));
	series_set_free(&ss);
	free(buf);
	return 1;
}

START_TEST(test_real_t5)
{
	struct series_set ss;
	struct jsonlog_result res;
	char path[4096];
	size_t len;
	char *buf;

	if (!real_hf("hf_t5_summarization"))
		return;
	/* the summary entry in series of its own; results.json is neither */
	if (samples_path(path, sizeof(path),
		"hf_t5_summarization/trainer_state.json", "check_jsonlog",
		"real trainer_state.json") == NULL)
		return;
	buf = samples_slurp(path, &len);
	series_set_init(&ss);
	ck_assert_int_eq(jsonlog_read(buf, len, JSONLOG_HF_STATE, &ss, &res),
	    JSONLOG_OK);
	ck_assert_uint_eq(res.records, 431);
	ck_assert_uint_eq(npoints(&ss, "epoch"), 431);
	ck_assert_uint_eq(npoints(&ss, "grad_norm"), 430);
	point(&ss, "train_loss", 0, 215337, 1.8040490566820844);
	point(&ss, "train_runtime", 0, 215337, 54713.1806);
	series_set_free(&ss);
	free(buf);
	if (samples_path(path, sizeof(path),
		"hf_t5_summarization/all_results.json", "check_jsonlog",
		"all_results.json") == NULL)
		return;
	buf = samples_slurp(path, &len);
	ck_assert_int_eq(jsonlog_sniff(buf, len), JSONLOG_NONE);
	free(buf);
}
END_TEST

START_TEST(test_real_tinyllama)
{
	struct series_set ss;
	struct jsonlog_result res;
	char path[4096];
	size_t len;
	char *buf;

	if (!real_hf("hf_tinyllama_sft"))
		return;
	if (samples_path(path, sizeof(path),
		"hf_tinyllama_sft/trainer_state.json", "check_jsonlog",
		"real trainer_state.json") == NULL)
		return;
	buf = samples_slurp(path, &len);
	series_set_init(&ss);
	ck_assert_int_eq(jsonlog_read(buf, len, JSONLOG_NONE, &ss, &res),
	    JSONLOG_OK);
	/* the 14 evaluation entries apart from the 186 training ones */
	ck_assert_uint_eq(res.records, 200);
	ck_assert_uint_eq(npoints(&ss, "eval_loss"), 14);
	point(&ss, "eval_loss", 0, 200, 1.622266411781311);
	ck_assert_uint_eq(npoints(&ss, "epoch"), 200);
	series_set_free(&ss);
	free(buf);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("jsonlog");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_hf_series);
	tcase_add_test(tc, test_hf_edges);
	tcase_add_test(tc, test_hf_errors);
	tcase_add_test(tc, test_lines_series);
	tcase_add_test(tc, test_lines_errors);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_real_t5);
	tcase_add_test(tc, test_real_tinyllama);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
