/* check_report.c: report_csv's blocks of rows against one fprintf a row;
 * a fit's epochs in each form */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "numparse.h"
#include "rangetest.h"
#include "report.h"

/* report_csv as it was written before its rows went into blocks (and a
 * long run's blocks to two threads): the reference. */
static void
ref_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
ref_csv(FILE *fp, const struct report_run *runs, size_t n)
{
	char a[32], b[32], c[32], d[32];
	size_t i, k;

	fprintf(fp, "%sstep,lr,loss,smoothed,slope\n", n > 1 ? "run," : "");
	for (k = 0; k < n; k++) {
		const struct rangetest *rt = runs[k].rt;
		const struct analysis *an = runs[k].an;

		for (i = 0; i < rt->n; i++) {
			double g = i < an->m ?
			    analysis_slope(rt->lr, an->smooth, an->m, i) :
			    NAN;

			if (n > 1) {
				ref_field(fp, runs[k].name);
				fputc(',', fp);
			}
			fprintf(fp, "%lld,%s,%s,%s,%s\n",
			    (long long)rt_step(rt, i), num_format(a, rt->lr[i]),
			    num_format(b, rt->loss[i]),
			    i < an->m ? num_format(c, an->smooth[i]) : "",
			    isnan(g) ? "" : num_format(d, g));
		}
	}
}

/* A sweep of n rows: full-precision lrs, a noisy loss that falls and
 * explodes at the end if explode, steps from step0 (negative ones too).
 * runs > 0: each lr is held for a run of rows, of 1, 2, ..., runs rows in
 * turn (as a log that writes lr short, or gradient accumulation). */
static void
make_run_held(struct rangetest *rt, struct analysis *an, int n, int explode,
    long step0, int runs)
{
	struct rt_config rc;
	struct analysis_config ac;
	uint64_t s = 88172645463325252u;
	double held = 0;
	int i, left = 0, len = 0;

	rt_config_default(&rc);
	rt_init(rt, &rc);
	for (i = 0; i < n; i++) {
		double t = (double)i / n, lr = 1e-6 * pow(1e6, t);
		double loss =
		    0.4 + 1.9 / (1 + exp((t - 0.4) * 20)) + 0.8 * t * t;

		if (runs > 0 && left-- == 0) {
			len = len % runs + 1;
			left = len - 1;
			held = lr;
		}
		if (runs > 0)
			lr = held;
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		loss += 0.02 * ((double)(s >> 11) / 9007199254740992.0 - 0.5);
		if (explode && i > n - n / 20)
			loss *= exp((i - (n - n / 20)) * 0.1);
		if (rt_push(rt, step0 + i, lr, loss) == RT_EXPLODED)
			break;
	}
	analysis_config_default(&ac);
	ck_assert_int_eq(analysis_run(an, rt, &ac), 0);
}

static void
make_run(struct rangetest *rt, struct analysis *an, int n, int explode,
    long step0)
{
	make_run_held(rt, an, n, explode, step0, 0);
}

/* the text of report_csv and of the reference on the same runs */
static void
same_csv(const struct report_run *runs, size_t n)
{
	char *got = NULL, *want = NULL;
	size_t glen = 0, wlen = 0;
	FILE *g = open_memstream(&got, &glen),
	     *w = open_memstream(&want, &wlen);

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(report_csv(g, runs, n), 0);
	ref_csv(w, runs, n);
	fclose(g);
	fclose(w);
	ck_assert_uint_eq(glen, wlen);
	ck_assert(memcmp(got, want, glen) == 0);
	free(got);
	free(want);
}

/* one run of n rows, from step step0 */
static void
same_csv_one(int n, long step0)
{
	struct rangetest rt;
	struct analysis an;
	struct report_run r = { .name = "one" };

	make_run(&rt, &an, n, 1, step0);
	r.rt = &rt;
	r.an = &an;
	same_csv(&r, 1);
	analysis_free(&an);
	rt_free(&rt);
}

START_TEST(test_csv_short_run)
{
	same_csv_one(300, 0);
}
END_TEST

/* long enough for several blocks on both threads, an odd count of them,
 * and the explosion's rows past the curve */
START_TEST(test_csv_long_run)
{
	same_csv_one(100003, -5);
}
END_TEST

/* lrs held for runs of rows, some longer than ANALYSIS_MAX_RUN (no slope
 * in their middle): report_csv copies a repeated lr or slope's text, and
 * it must be the text of that row's number, across blocks too */
START_TEST(test_csv_held_lr)
{
	struct rangetest rt;
	struct analysis an;
	struct report_run r = { .name = "held" };
	size_t i, same_lr = 0, same_slope = 0;

	make_run_held(&rt, &an, 200000, 1, 0, ANALYSIS_MAX_RUN + 40);
	/* the copies are taken: many rows repeat the row before */
	for (i = 1; i < an.m; i++) {
		double g0 = analysis_slope(rt.lr, an.smooth, an.m, i - 1),
		       g1 = analysis_slope(rt.lr, an.smooth, an.m, i);

		same_lr += rt.lr[i] == rt.lr[i - 1];
		same_slope += !isnan(g1) && g0 == g1;
	}
	ck_assert_uint_gt(same_lr, an.m / 2);
	ck_assert_uint_gt(same_slope, an.m / 4);
	r.rt = &rt;
	r.an = &an;
	same_csv(&r, 1);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* several runs: names quoted where CSV needs it, one of them long */
START_TEST(test_csv_several_runs)
{
	struct rangetest rt[3];
	struct analysis an[3];
	struct report_run r[3];
	char *longname = malloc(5000);
	int k;

	ck_assert_ptr_nonnull(longname);
	memset(longname, 'x', 4999);
	longname[10] = '"';
	longname[4999] = '\0';
	memset(r, 0, sizeof(r));
	r[0].name = "a,b \"c\".csv";
	r[1].name = longname;
	r[2].name = "plain.csv";
	make_run(&rt[0], &an[0], 20000, 0, 1);
	make_run(&rt[1], &an[1], 700, 1, 0);
	make_run(&rt[2], &an[2], 50000, 1, 100);
	for (k = 0; k < 3; k++) {
		r[k].rt = &rt[k];
		r[k].an = &an[k];
	}
	same_csv(r, 3);
	for (k = 0; k < 3; k++) {
		analysis_free(&an[k]);
		rt_free(&rt[k]);
	}
	free(longname);
}
END_TEST

/*
 * report_csv of a run whose curve is still being made (report_run.
 * wait_curve): the points past what it waited for are NaN until then, as
 * if not made yet, so that a row written too early shows it.  The waits
 * ask for the length first (k = 0), never shrink and never pass an->m.
 */
struct made {
	struct analysis *an;
	const double *curve; /* the whole curve */
	size_t k; /* points handed over */
	int calls;
};

static void
hand_over(void *ctx, size_t k)
{
	struct made *md = ctx;

	ck_assert(md->calls > 0 || k == 0);
	ck_assert_uint_le(k, md->an->m);
	if (k > md->k) {
		memcpy(md->an->smooth + md->k, md->curve + md->k,
		    (k - md->k) * sizeof(double));
		md->k = k;
	}
	md->calls++;
}

START_TEST(test_csv_waits_for_the_curve)
{
	struct rangetest rt;
	struct analysis an;
	struct report_run r = { .name = "made" };
	struct made md = { &an, NULL, 0, 0 };
	double *curve;
	size_t i;

	make_run_held(&rt, &an, 150001, 1, 0, ANALYSIS_MAX_RUN + 40);
	ck_assert_ptr_nonnull(curve = malloc(an.m * sizeof(double)));
	memcpy(curve, an.smooth, an.m * sizeof(double));
	md.curve = curve;
	/* the reference first, on the whole curve */
	r.rt = &rt;
	r.an = &an;
	{
		char *got = NULL, *want = NULL;
		size_t glen = 0, wlen = 0;
		FILE *g = open_memstream(&got, &glen),
		     *w = open_memstream(&want, &wlen);

		ck_assert_ptr_nonnull(g);
		ck_assert_ptr_nonnull(w);
		ref_csv(w, &r, 1);
		fclose(w);
		for (i = 0; i < an.m; i++)
			an.smooth[i] = NAN;
		r.wait_curve = hand_over;
		r.wait_ctx = &md;
		ck_assert_int_eq(report_csv(g, &r, 1), 0);
		fclose(g);
		ck_assert_uint_eq(md.k, an.m); /* all of it, in the end */
		ck_assert_int_gt(md.calls, 10); /* in steps, not at once */
		ck_assert_uint_eq(glen, wlen);
		ck_assert(memcmp(got, want, glen) == 0);
		free(got);
		free(want);
	}
	free(curve);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* The same with the analysis itself on a second thread, as lrfind --csv
 * of one file runs it (analysis_begin): the curve handed over as it is
 * made, the suggestion the whole analysis gives. */
START_TEST(test_csv_beside_the_analysis)
{
	struct rangetest rt;
	struct analysis whole, an;
	struct report_run r = { .name = "beside" };
	struct analysis_beside b;
	struct analysis_config ac;
	char *got = NULL, *want = NULL;
	size_t glen = 0, wlen = 0;
	FILE *g = open_memstream(&got, &glen),
	     *w = open_memstream(&want, &wlen);

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(w);
	make_run_held(&rt, &whole, 120000, 1, 3, 5);
	r.rt = &rt;
	r.an = &whole;
	ref_csv(w, &r, 1);
	fclose(w);
	analysis_config_default(&ac);
	ac.only = M_MINIMUM;
	ck_assert_int_eq(analysis_begin(&b, &an, &rt, &ac), 0);
	r.an = &an;
	r.wait_curve = analysis_wait_curve;
	r.wait_ctx = &b;
	ck_assert_int_eq(report_csv(g, &r, 1), 0);
	fclose(g);
	ck_assert_int_eq(analysis_end(&b), 0);
	ck_assert(an.sug[M_MINIMUM].ok);
	ck_assert(an.sug[M_MINIMUM].lr == whole.sug[M_MINIMUM].lr);
	ck_assert_uint_eq(glen, wlen);
	ck_assert(memcmp(got, want, glen) == 0);
	free(got);
	free(want);
	analysis_free(&an);
	analysis_free(&whole);
	rt_free(&rt);
}
END_TEST

/* a write error is reported */
START_TEST(test_csv_write_error)
{
	struct rangetest rt;
	struct analysis an;
	struct report_run r = { .name = "long" };
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL)
		return;
	make_run(&rt, &an, 30000, 0, 0);
	r.rt = &rt;
	r.an = &an;
	ck_assert_int_eq(report_csv(fp, &r, 1), -1);
	fclose(fp);
	analysis_free(&an);
	rt_free(&rt);
}
END_TEST

/* The text of a fit of two epochs (the second diverged: NaN losses) in
 * form f, through report_fit_*, NUL-terminated; the caller frees it. */
static char *
fit_text(enum report_format f)
{
	static const struct report_epoch e[2] = {
		{ 1, 0.05, 0.8, 0.5, 0.875 },
		{ 2, 0.1, NAN, NAN, 0.1 },
	};
	char *buf = NULL;
	size_t len = 0, k;
	FILE *mem = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(report_fit_begin(mem, f, "onecycle", 0.1), 0);
	for (k = 0; k < 2; k++)
		ck_assert_int_eq(report_fit_epoch(mem, f, k, &e[k]), 0);
	ck_assert_int_eq(report_fit_end(mem, f, 2, e[1].test_acc), 0);
	fclose(mem);
	return buf;
}

START_TEST(test_fit_forms)
{
	char *t;

	t = fit_text(REPORT_CSV);
	ck_assert_str_eq(t,
	    "epoch,lr,train_loss,test_loss,test_acc\n"
	    "1,0.05,0.8,0.5,0.875\n2,0.1,nan,nan,0.1\n");
	free(t);
	/* JSON: a number that is not finite is null */
	t = fit_text(REPORT_JSON);
	ck_assert_str_eq(t,
	    "{\n  \"policy\": \"onecycle\",\n  \"max_lr\": 0.1,\n"
	    "  \"epochs\": [\n    {\"epoch\": 1, \"lr\": 0.05, \"train_loss\": 0.8, "
	    "\"test_loss\": 0.5, \"test_acc\": 0.875},\n    {\"epoch\": 2, "
	    "\"lr\": 0.1, \"train_loss\": null, \"test_loss\": null, "
	    "\"test_acc\": 0.1}\n  ]\n}\n");
	free(t);
	t = fit_text(REPORT_QUIET); /* the last accuracy alone */
	ck_assert_str_eq(t, "0.1\n");
	free(t);
	t = fit_text(REPORT_TEXT);
	ck_assert_str_eq(t,
	    "epoch        lr  train_loss  test_loss  test_acc\n"
	    "    1      0.05      0.8000     0.5000    0.8750\n"
	    "    2       0.1         nan        nan    0.1000\n");
	free(t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("csv");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_csv_short_run);
	tcase_add_test(tc, test_csv_long_run);
	tcase_add_test(tc, test_csv_held_lr);
	tcase_add_test(tc, test_csv_several_runs);
	tcase_add_test(tc, test_csv_write_error);
	tcase_add_test(tc, test_csv_waits_for_the_curve);
	tcase_add_test(tc, test_csv_beside_the_analysis);
	tcase_add_test(tc, test_fit_forms);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
