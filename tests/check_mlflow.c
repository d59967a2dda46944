/* check_mlflow.c: MLflow run directories into series; the messages; the real run */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linein.h"
#include "mlflow.h"
#include "samples.h"

static char top[4096]; /* the temporary folder of a test */

/* snprintf that must not cut */
#define FMT(buf, ...) \
	ck_assert(snprintf((buf), sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

static void
mktop(void)
{
	const char *t = getenv("TMPDIR");

	FMT(top, "%s/check_mlflow.XXXXXX",
	    t != NULL && t[0] != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(top));
}

/* Remove path and all below it (best effort: the fixture's teardown). */
static void
rm_rf(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char sub[4096];

	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			if (snprintf(sub, sizeof(sub), "%s/%s", path,
				e->d_name) < (int)sizeof(sub))
				rm_rf(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* The temporary folder, made before the tests and removed after them in
 * the parent process (an unchecked fixture), so that a failing test
 * leaves nothing behind; each test uses folders of its own in it. */
static void
setup(void)
{
	mktop();
}

static void
teardown(void)
{
	rm_rf(top);
}

/* top/rel with the given bytes, its folders made as needed. */
static void
put_len(const char *rel, const char *text, size_t len)
{
	char path[4096], *p;
	FILE *fp;

	FMT(path, "%s/%s", top, rel);
	for (p = path + strlen(top) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
put(const char *rel, const char *text)
{
	put_len(rel, text, strlen(text));
}

static void
mkd(const char *rel)
{
	char path[4096];

	FMT(path, "%s/%s", top, rel);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

static const char *
at(const char *rel)
{
	static char path[4][4096];
	static int k;

	k = (k + 1) % 4;
	FMT(path[k], "%s/%s", top, rel);
	return path[k];
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

/* The run r (under top) with metrics/loss holding text fails with msg,
 * where msg's "@" stands for the file's path. */
static void
expect_err(const char *text, const char *msg)
{
	struct series_set ss;
	struct mlflow_result res;
	char want[2048];
	const char *a = strchr(msg, '@');

	ck_assert_ptr_nonnull(a);
	FMT(want, "%.*s%s/r/metrics/loss%s", (int)(a - msg), msg, top, a + 1);
	put("r/metrics/loss", text);
	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("r"), &ss, &res), MLFLOW_ERR_INPUT);
	ck_assert_str_eq(res.err, want);
	series_set_free(&ss);
}

START_TEST(test_run)
{
	struct series_set ss;
	struct mlflow_result res;

	put("exp/run/meta.yaml", "run_id: run\n");
	put("exp/run/metrics/loss",
	    "1628697792090 332.6841735839844 0\n"
	    "1628697795789 nan 1\n"
	    "\n"
	    "1628697799319 inf 2\r\n"
	    "1628697803121\t-inf\t3\n"
	    "  1628697806972  NaN   4  \n"
	    "1628697810423 Infinity -5\n"
	    "1628697810424 -Infinity 9223372036854775807\n"
	    "1628697810425 1e-05 -9223372036854775808");
	put("exp/run/metrics/train/loss", "1 2.5 10\n2 2.25 20\n");
	put("exp/run/metrics/train/deep/er/x", "1 7 1\n");
	put("exp/run/metrics/lr", "1 0.001\n\n2 0.002\n3 0.004 7\n");
	put("exp/run/metrics/.DS_Store", "\x00\x01 garbage");
	mkd("exp/run/metrics/empty");
	put("exp/run/params/lr", "0.1");

	ck_assert(mlflow_is_run(at("exp/run")));
	ck_assert(mlflow_is_run(at("exp/run/")));
	ck_assert(!mlflow_is_run(at("exp")));
	ck_assert(!mlflow_is_run(at("exp/run/metrics")));
	ck_assert(!mlflow_is_run(at("exp/run/meta.yaml")));
	ck_assert(!mlflow_is_run(at("nowhere")));

	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("exp/run/"), &ss, &res), MLFLOW_OK);
	ck_assert_str_eq(res.err, "");
	ck_assert_uint_eq(res.files, 4);
	ck_assert_uint_eq(res.points, 14);
	ck_assert_uint_eq(res.stepless, 2);
	/* name order: loss, lr, train/deep/er/x, train/loss */
	ck_assert_uint_eq(ss.n, 4);
	ck_assert_str_eq(ss.s[0].name, "loss");
	ck_assert_str_eq(ss.s[1].name, "lr");
	ck_assert_str_eq(ss.s[2].name, "train/deep/er/x");
	ck_assert_str_eq(ss.s[3].name, "train/loss");
	ck_assert_uint_eq(ss.s[0].n, 8);
	point(&ss, "loss", 0, 0, 332.6841735839844);
	point(&ss, "loss", 1, 1, NAN);
	point(&ss, "loss", 2, 2, INFINITY);
	point(&ss, "loss", 3, 3, -INFINITY);
	point(&ss, "loss", 4, 4, NAN);
	point(&ss, "loss", 5, -5, INFINITY);
	point(&ss, "loss", 6, INT64_MAX, -INFINITY);
	point(&ss, "loss", 7, INT64_MIN, 1e-05);
	/* no step: the ordinal among the file's points */
	ck_assert_uint_eq(ss.s[1].n, 3);
	point(&ss, "lr", 0, 0, 0.001);
	point(&ss, "lr", 1, 1, 0.002);
	point(&ss, "lr", 2, 7, 0.004);
	point(&ss, "train/loss", 1, 20, 2.25);
	point(&ss, "train/deep/er/x", 0, 1, 7);
	series_set_free(&ss);

	/* an empty metrics folder: no series, no error */
	put("exp/bare/meta.yaml", "");
	mkd("exp/bare/metrics");
	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("exp/bare"), &ss, &res), MLFLOW_OK);
	ck_assert_uint_eq(ss.n, 0);
	ck_assert_uint_eq(res.files, 0);
	series_set_free(&ss);
}
END_TEST

START_TEST(test_errors)
{
	struct series_set ss;
	struct mlflow_result res;
	char want[2048];

	put("r/meta.yaml", "");
	expect_err("1 2 3\n1 abc 2\n",
	    "@:2:3: 'abc' is not a number: "
	    "expected the metric's value");
	expect_err("1 2 3\n\n  12x 2 3\n",
	    "@:3:3: timestamp '12x': expected "
	    "a whole number of milliseconds");
	expect_err("1 2 3.5\n", "@:1:5: step '3.5': expected a whole number");
	expect_err("1 2 9223372036854775808\n",
	    "@:1:5: step "
	    "'9223372036854775808': expected a whole number");
	expect_err("1 2 3 4\n",
	    "@:1:7: a fourth field: expected \"timestamp "
	    "value step\"");
	expect_err("1 2 3\n1628697792090\n",
	    "@:2:14: the line ends after "
	    "one field: expected \"timestamp value step\"");
	expect_err("1 0x1p3 3\n",
	    "@:1:3: '0x1p3' is not a number: expected "
	    "the metric's value");
	expect_err("\x7f"
		   "ELF\x01 2 3\n",
	    "@:1:1: timestamp '?ELF?': "
	    "expected a whole number of milliseconds");
	put_len("r/metrics/loss", "1 2\0003 3\n", 9);
	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("r"), &ss, &res), MLFLOW_ERR_INPUT);
	FMT(want,
	    "%s/r/metrics/loss:1:3: '2?3' is not a "
	    "number: expected the metric's value",
	    top);
	ck_assert_str_eq(res.err, want);
	series_set_free(&ss);
	/* a line too long */
	{
		size_t n = LINEIN_MAX + 10;
		char *s = malloc(n + 1);

		ck_assert_ptr_nonnull(s);
		memset(s, '1', n);
		memcpy(s, "1 2 3\n", 6);
		s[n] = '\0';
		expect_err(s,
		    "@:2: line longer than 1048576 bytes: expected "
		    "\"timestamp value step\"");
		free(s);
	}
	/* no metrics folder */
	mkd("nometrics");
	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("nometrics"), &ss, &res),
	    MLFLOW_ERR_INPUT);
	FMT(want,
	    "%s/nometrics: no metrics folder: "
	    "expected an MLflow run directory (mlruns/<experiment>/<run>)",
	    top);
	ck_assert_str_eq(res.err, want);
	series_set_free(&ss);
	/* a loop of links under metrics/ */
	mkd("loop");
	put("loop/meta.yaml", "");
	put("loop/metrics/loss", "1 2 3\n");
	FMT(want, "%s/loop/metrics/sub", top);
	ck_assert_int_eq(symlink(".", want), 0);
	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("loop"), &ss, &res),
	    MLFLOW_ERR_INPUT);
	FMT(want, "%s/loop/metrics/sub/sub/", top);
	ck_assert_ptr_nonnull(strstr(res.err, want));
	ck_assert_ptr_nonnull(strstr(res.err,
	    "/sub: more than 32 levels of "
	    "folders under metrics/ (a loop of links?)"));
	ck_assert_uint_eq(series_find(&ss, "loss")->n, 1);
	series_set_free(&ss);
	/* the points before an error stay for the caller to free */
	put("r/metrics/loss", "1 2 3\n");
	put("r/metrics/zz", "1 2 3\nbad\n");
	series_set_init(&ss);
	ck_assert_int_eq(mlflow_read_run(at("r"), &ss, &res), MLFLOW_ERR_INPUT);
	ck_assert_uint_eq(ss.n, 2);
	ck_assert_uint_eq(res.files, 1);
	series_set_free(&ss);
}
END_TEST

START_TEST(test_find_runs)
{
	struct mlflow_runs runs;
	char err[1024], want[4096];

	put("mlruns/0/meta.yaml", "name: Default\n");
	put("mlruns/1/meta.yaml", "name: e\n");
	put("mlruns/1/b2/meta.yaml", "");
	mkd("mlruns/1/b2/metrics");
	put("mlruns/1/a1/meta.yaml", "");
	mkd("mlruns/1/a1/metrics");
	mkd("mlruns/1/notarun");
	put("mlruns/1/file", "");
	put("mlruns/.trash/x/meta.yaml", "");
	mkd("mlruns/.trash/x/metrics");
	put("mlruns/2/c/meta.yaml", "");
	mkd("mlruns/2/c/metrics");
	put("mlruns/2/c/metrics/d/meta.yaml", ""); /* too deep: not seen */

	/* a root */
	ck_assert_int_eq(mlflow_find_runs(at("mlruns"), &runs, err,
			     sizeof(err)),
	    MLFLOW_OK);
	ck_assert_uint_eq(runs.n, 3);
	ck_assert_str_eq(runs.dir[0], at("mlruns/1/a1"));
	ck_assert_str_eq(runs.dir[1], at("mlruns/1/b2"));
	ck_assert_str_eq(runs.dir[2], at("mlruns/2/c"));
	ck_assert_str_eq(err, "");
	mlflow_runs_free(&runs);
	ck_assert_uint_eq(runs.n, 0);
	/* an experiment */
	ck_assert_int_eq(mlflow_find_runs(at("mlruns/1/"), &runs, err,
			     sizeof(err)),
	    MLFLOW_OK);
	ck_assert_uint_eq(runs.n, 2);
	ck_assert_str_eq(runs.dir[0], at("mlruns/1/a1"));
	mlflow_runs_free(&runs);
	/* a run */
	ck_assert_int_eq(mlflow_find_runs(at("mlruns/2/c"), &runs, err,
			     sizeof(err)),
	    MLFLOW_OK);
	ck_assert_uint_eq(runs.n, 1);
	ck_assert_str_eq(runs.dir[0], at("mlruns/2/c"));
	mlflow_runs_free(&runs);
	/* none, and an error */
	ck_assert_int_eq(mlflow_find_runs(at("mlruns/0"), &runs, err,
			     sizeof(err)),
	    MLFLOW_OK);
	ck_assert_uint_eq(runs.n, 0);
	mlflow_runs_free(&runs);
	ck_assert_int_eq(mlflow_find_runs(at("nowhere"), &runs, err,
			     sizeof(err)),
	    MLFLOW_ERR_INPUT);
	FMT(want,
	    "%s/nowhere: cannot read the folder: "
	    "No such file or directory",
	    top);
	ck_assert_str_eq(err, want);
	ck_assert_uint_eq(runs.n, 0);
}
END_TEST

START_TEST(test_real_run)
{
	struct series_set ss;
	struct mlflow_result res;
	struct mlflow_runs runs;
	char run[4096], truth[4096], root[4096], err[1024];

	if (samples_path(run, sizeof(run),
		"mlflow_keras_autolog_swahili/"
		"mlruns/1/ed05f9cd599442fe9a0c9222184710b8",
		"check_mlflow", "real MLflow run") == NULL)
		return;
	ck_assert_ptr_nonnull(samples_path(truth, sizeof(truth),
	    "mlflow_keras_autolog_swahili/truth_mlflow_loss.csv",
	    "check_mlflow", "truth"));
	ck_assert(mlflow_is_run(run));
	series_set_init(&ss);
	ck_assert_msg(mlflow_read_run(run, &ss, &res) == MLFLOW_OK, "%s",
	    res.err);
	ck_assert_uint_eq(res.files, 1);
	ck_assert_uint_eq(res.stepless, 0);
	ck_assert_uint_eq(ss.n, 1);
	ck_assert_uint_eq(samples_compare(truth, series_find(&ss, "loss"),
			      NULL),
	    10);
	series_set_free(&ss);
	/* the store: one run (0/ is an experiment without runs; the stray
	 * mlruns/mlruns/0 holds none) */
	ck_assert_ptr_nonnull(samples_path(root, sizeof(root),
	    "mlflow_keras_autolog_swahili/mlruns", "check_mlflow", "mlruns"));
	ck_assert_int_eq(mlflow_find_runs(root, &runs, err, sizeof(err)),
	    MLFLOW_OK);
	ck_assert_uint_eq(runs.n, 1);
	ck_assert_str_eq(runs.dir[0], run);
	mlflow_runs_free(&runs);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("mlflow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_run);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_find_runs);
	tcase_add_test(tc, test_real_run);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
