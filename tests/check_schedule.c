/* check_schedule.c: unit tests of the schedules against PyTorch's own output */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"
#include "sweep.h"

#define VECDIR "tests/vectors" /* make check runs from the repository root */
#define RELTOL 1e-12

/* Largest relative error met by any vector file: printed, not asserted on. */
static double worst_rel;

static double
relerr(double got, double want)
{
	if (got == want)
		return 0;
	if (want == 0)
		return fabs(got);
	return fabs(got - want) / fabs(want);
}

#define ck_assert_rel(got, want) \
	do { \
		double g_ = (got), w_ = (want); \
		ck_assert_msg(relerr(g_, w_) <= RELTOL, \
		    "%s = %.17g, want %.17g (rel. error %.3g)", #got, g_, w_, \
		    relerr(g_, w_)); \
	} while (0)

/*
 * Vector files: line 1 is "# torch.optim.lr_scheduler.CLASS key=value ...",
 * line 2 the header iteration,lr,momentum, then one row per iteration
 * (Python's csv module ends those rows with CRLF).
 * Words without '=' on line 1 are commentary; an unknown key fails the test,
 * so that no parameter is silently ignored.
 */
static double
parse_value(const char *file, const char *key, const char *v)
{
	char *end;
	double x = strtod(v, &end), y;

	if (*end == '/') { /* a Python fraction such as 41/95 */
		y = strtod(end + 1, &end);
		x = x / y;
	}
	ck_assert_msg(end != v && *end == '\0', "%s: %s=%s: not a number", file,
	    key, v);
	return x;
}

static bool
parse_bool(const char *file, const char *key, const char *v)
{
	if (strcmp(v, "True") == 0)
		return true;
	ck_assert_msg(strcmp(v, "False") == 0, "%s: %s=%s: not a bool", file,
	    key, v);
	return false;
}

static void
parse_params(const char *file, char *line, struct schedule *s, size_t *total)
{
	char *tok, *save, *eq, *key, *val;
	size_t len;
	bool onecycle = strstr(line, "OneCycleLR") != NULL;
	bool cyclic = strstr(line, "CyclicLR") != NULL;

	ck_assert_msg(onecycle != cyclic, "%s: which scheduler?", file);
	schedule_default(s, onecycle ? POL_ONECYCLE : POL_TRIANGULAR);
	if (cyclic) {
		/* PyTorch's CyclicLR defaults, where ours differ */
		s->step_up = 2000;
		s->gamma = 1;
	}
	*total = 0;
	for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		while (*tok == '(')
			tok++;
		len = strlen(tok);
		while (len > 0 && tok[len - 1] == ')')
			tok[--len] = '\0';
		if ((eq = strchr(tok, '=')) == NULL)
			continue;
		*eq = '\0';
		key = tok;
		val = eq + 1;
		if (strcmp(key, "base_lr") == 0)
			s->base_lr = parse_value(file, key, val);
		else if (strcmp(key, "max_lr") == 0)
			s->max_lr = parse_value(file, key, val);
		else if (strcmp(key, "step_size_up") == 0)
			s->step_up = (size_t)parse_value(file, key, val);
		else if (strcmp(key, "step_size_down") == 0)
			s->step_down = (size_t)parse_value(file, key, val);
		else if (strcmp(key, "gamma") == 0)
			s->gamma = parse_value(file, key, val);
		else if (strcmp(key, "mode") == 0)
			ck_assert_msg(policy_parse(val, &s->policy) == 0 &&
				s->policy != POL_ONECYCLE &&
				s->policy != POL_RANGE &&
				s->policy != POL_CONSTANT,
			    "%s: mode=%s", file, val);
		else if (strcmp(key, "cycle_momentum") == 0)
			s->cycle_momentum = parse_bool(file, key, val);
		else if (strcmp(key, "base_momentum") == 0)
			s->base_momentum = parse_value(file, key, val);
		else if (strcmp(key, "max_momentum") == 0)
			s->max_momentum = parse_value(file, key, val);
		else if (strcmp(key, "total_steps") == 0)
			*total = (size_t)parse_value(file, key, val);
		else if (strcmp(key, "pct_start") == 0)
			s->pct_start = parse_value(file, key, val);
		else if (strcmp(key, "div_factor") == 0)
			s->div_factor = parse_value(file, key, val);
		else if (strcmp(key, "final_div_factor") == 0)
			s->final_div_factor = parse_value(file, key, val);
		else if (strcmp(key, "three_phase") == 0)
			s->three_phase = parse_bool(file, key, val);
		else if (strcmp(key, "anneal_strategy") == 0) {
			ck_assert_msg(strcmp(val, "cos") == 0 ||
				strcmp(val, "linear") == 0,
			    "%s: anneal %s", file, val);
			s->anneal = strcmp(val, "cos") == 0 ? ANNEAL_COS :
							      ANNEAL_LINEAR;
		} else
			ck_abort_msg("%s: unknown parameter %s", file, key);
	}
	if (onecycle)
		ck_assert_msg(*total > 0, "%s: no total_steps", file);
}

/*
 * Check one vector file; returns its number of rows.  Schedules made of
 * + - * / alone (triangular, triangular2 and linear one-cycle: 2^k is exact)
 * must agree to the last bit, since IEEE 754 rounds each operation the
 * same everywhere and we evaluate in PyTorch's order; the ones that call
 * cos or pow agree to 1e-12 (bit for bit with glibc, as a libm may differ).
 */
static size_t
check_vector_file(const char *name)
{
	char path[512], line[512], *end;
	struct schedule s;
	size_t total, rows = 0, it;
	double lr, mom, want_lr, want_mom, e;
	const char *msg;
	bool exact;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", VECDIR, name);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "cannot open %s", path);
	ck_assert_msg(fgets(line, sizeof(line), fp) != NULL && line[0] == '#',
	    "%s: no parameter line", path);
	parse_params(path, line, &s, &total);
	ck_assert_msg(fgets(line, sizeof(line), fp) != NULL &&
		(strcmp(line, "iteration,lr,momentum\n") == 0 ||
		    strcmp(line, "iteration,lr,momentum\r\n") == 0),
	    "%s: header", path);
	/* CyclicLR has no length: the file's rows give it */
	s.total = total > 0 ? total : (size_t)1 << 40;
	msg = schedule_check(&s);
	ck_assert_msg(msg == NULL, "%s: schedule_check: %s", path, msg);
	exact = s.policy == POL_TRIANGULAR || s.policy == POL_TRIANGULAR2 ||
	    (s.policy == POL_ONECYCLE && s.anneal == ANNEAL_LINEAR);
	while (fgets(line, sizeof(line), fp) != NULL) {
		it = strtoul(line, &end, 10);
		ck_assert_msg(*end == ',' && it == rows, "%s: row %zu", path,
		    rows);
		want_lr = strtod(end + 1, &end);
		ck_assert_msg(*end == ',', "%s: row %zu", path, rows);
		want_mom = strtod(end + 1, &end);
		ck_assert_msg(strcmp(end, "\n") == 0 ||
			strcmp(end, "\r\n") == 0,
		    "%s: row %zu", path, rows);
		schedule_at(&s, it, &lr, &mom);
		ck_assert_msg(relerr(lr, want_lr) <= RELTOL,
		    "%s: iteration %zu: lr %.17g, want %.17g", path, it, lr,
		    want_lr);
		ck_assert_msg(relerr(mom, want_mom) <= RELTOL,
		    "%s: iteration %zu: momentum %.17g, want %.17g", path, it,
		    mom, want_mom);
		if (exact)
			ck_assert_msg(lr == want_lr && mom == want_mom,
			    "%s: iteration %zu: %.17g,%.17g is not bit for bit "
			    "%.17g,%.17g",
			    path, it, lr, mom, want_lr, want_mom);
		if ((e = relerr(lr, want_lr)) > worst_rel)
			worst_rel = e;
		if ((e = relerr(mom, want_mom)) > worst_rel)
			worst_rel = e;
		rows++;
	}
	fclose(fp);
	if (total > 0)
		ck_assert_msg(rows == total, "%s: %zu rows, total_steps %zu",
		    path, rows, total);
	ck_assert_msg(rows >= 10, "%s: only %zu rows", path, rows);
	return rows;
}

START_TEST(vectors_all_files)
{
	static const char *const expected[] = { "clr_asymmetric.csv",
		"clr_exp_range.csv", "clr_triangular.csv",
		"clr_triangular2.csv", "onecycle_linear_two_phase.csv",
		"onecycle_seed_cifar.csv", "onecycle_torch_default.csv" };
	bool seen[sizeof(expected) / sizeof(expected[0])] = { false };
	struct dirent *de;
	size_t i, len, nfiles = 0, nrows = 0;
	DIR *dir;

	ck_assert_msg((dir = opendir(VECDIR)) != NULL,
	    "cannot open %s "
	    "(run from the repository root)",
	    VECDIR);
	while ((de = readdir(dir)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		nrows += check_vector_file(de->d_name);
		nfiles++;
		for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
			if (strcmp(de->d_name, expected[i]) == 0)
				seen[i] = true;
	}
	closedir(dir);
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		ck_assert_msg(seen[i], "%s/%s is missing", VECDIR, expected[i]);
	ck_assert_uint_ge(nrows, 2015); /* the seven files of tests/vectors */
	if (getenv("SCHEDULE_VERBOSE") != NULL)
		fprintf(stderr, "%zu files, %zu rows, worst rel. error %.3g\n",
		    nfiles, nrows, worst_rel);
}
END_TEST

/* Our defaults are PyTorch's: OneCycleLR(max_lr=0.1, total_steps=1000). */
START_TEST(vectors_torch_defaults)
{
	struct schedule s;
	char line[512], *end;
	double lr, mom, want_lr, want_mom;
	size_t it = 0;
	FILE *fp;

	schedule_default(&s, POL_ONECYCLE);
	s.max_lr = 0.1;
	s.total = 1000;
	ck_assert_ptr_null(schedule_check(&s));
	ck_assert_ptr_nonnull(
	    fp = fopen(VECDIR "/onecycle_torch_default.csv", "r"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	for (; fgets(line, sizeof(line), fp) != NULL; it++) {
		ck_assert_uint_eq(strtoul(line, &end, 10), it);
		want_lr = strtod(end + 1, &end);
		want_mom = strtod(end + 1, &end);
		schedule_at(&s, it, &lr, &mom);
		ck_assert_rel(lr, want_lr);
		ck_assert_rel(mom, want_mom);
	}
	fclose(fp);
	ck_assert_uint_eq(it, 1000);
}
END_TEST

static void
cyclic(struct schedule *s, enum policy p, size_t down)
{
	schedule_default(s, p);
	s->base_lr = 1;
	s->max_lr = 5;
	s->step_up = 4;
	s->step_down = down;
	s->total = 100;
	s->base_momentum = 1; /* PyTorch's test values; outside [0, 1] */
	s->max_momentum = 5;
}

/* worked example E5, from PyTorch's test_lrscheduler.py */
START_TEST(e5_triangular)
{
	static const double want[] = { 1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3 };
	struct schedule s;
	double lr, mom;
	size_t i;

	cyclic(&s, POL_TRIANGULAR, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		schedule_at(&s, i, &lr, &mom);
		ck_assert_rel(lr, want[i]);
		ck_assert_rel(mom, 6 - want[i]); /* 5,4,3,2,1,2,... */
	}
}
END_TEST

START_TEST(e5_triangular2)
{
	static const double want[] = { 1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2, 2.5,
		3, 2.5, 2, 1.5, 1, 1.25, 1.5, 1.75, 2, 1.75 };
	struct schedule s;
	double lr, mom;
	size_t i;

	cyclic(&s, POL_TRIANGULAR2, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		schedule_at(&s, i, &lr, &mom);
		ck_assert_rel(lr, want[i]);
		ck_assert_rel(mom, 6 - want[i]);
	}
}
END_TEST

START_TEST(e5_asymmetric)
{
	static const double want[] = { 1, 2, 3, 4, 5, 13.0 / 3, 11.0 / 3, 3,
		7.0 / 3, 5.0 / 3, 1 };
	struct schedule s;
	double lr, mom;
	size_t i;

	cyclic(&s, POL_TRIANGULAR, 6);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		schedule_at(&s, i, &lr, &mom);
		ck_assert_rel(lr, want[i]);
		ck_assert_rel(mom, 6 - want[i]);
	}
}
END_TEST

START_TEST(e5_exp_range)
{
	static const double x[] = { 0, .25, .5, .75, 1, .75, .5, .25 };
	struct schedule s;
	double lr, mom;
	size_t n;

	cyclic(&s, POL_EXP_RANGE, 0);
	s.gamma = 0.9;
	for (n = 0; n < 40; n++) {
		schedule_at(&s, n, &lr, &mom);
		ck_assert_rel(lr, 1 + 4 * x[n % 8] * pow(0.9, (double)n));
		ck_assert_rel(mom, 5 - 4 * x[n % 8] * pow(0.9, (double)n));
	}
}
END_TEST

START_TEST(e5_onecycle_linear)
{
	static const double want_lr[] = { 1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4,
		0.5 };
	static const double want_m[] = { 22, 11.5, 1, 4, 7, 10, 13, 16, 19,
		22 };
	struct schedule s;
	double lr, mom;
	size_t i;

	schedule_default(&s, POL_ONECYCLE);
	s.max_lr = 25;
	s.final_div_factor = 2;
	s.total = 10;
	s.anneal = ANNEAL_LINEAR;
	s.base_momentum = 1;
	s.max_momentum = 22;
	for (i = 0; i < 10; i++) {
		schedule_at(&s, i, &lr, &mom);
		ck_assert_rel(lr, want_lr[i]);
		ck_assert_rel(mom, want_m[i]);
	}
}
END_TEST

START_TEST(e5_onecycle_three_phase)
{
	static const double want[] = { 1, 9, 17, 25, 17, 9, 1, 0.75, 0.5,
		0.25 };
	struct schedule s;
	double lr, mom;
	size_t i;

	schedule_default(&s, POL_ONECYCLE);
	s.max_lr = 25;
	s.final_div_factor = 4;
	s.pct_start = 0.4;
	s.three_phase = true;
	s.total = 10;
	s.anneal = ANNEAL_LINEAR;
	ck_assert_ptr_null(schedule_check(&s));
	for (i = 0; i < 10; i++) {
		schedule_at(&s, i, &lr, &mom);
		ck_assert_rel(lr, want[i]);
		/* momentum: max -> base -> max, then held at max */
		if (i == 3)
			ck_assert_rel(mom, 0.85);
		if (i == 0 || i >= 6)
			ck_assert_rel(mom, 0.95);
	}
}
END_TEST

/*
 * The seed's CIFAR-10 one-cycle: 0.08 up to 0.8 over 41 epochs, back over
 * 41, then 13 epochs down to 0.008 (PyTorch three_phase, linear, div 10,
 * final div 10, pct_start 41/95).  Per epoch, and per batch with 98 steps
 * an epoch (50000 images, batch 512).
 */
static void
cifar(struct schedule *s, size_t steps_per_epoch)
{
	schedule_default(s, POL_ONECYCLE);
	s->max_lr = 0.8;
	s->div_factor = 10;
	s->final_div_factor = 10;
	s->pct_start = 41.0 / 95;
	s->three_phase = true;
	s->anneal = ANNEAL_LINEAR;
	s->total = 95 * steps_per_epoch;
}

START_TEST(seed_cifar_epochs)
{
	struct schedule s;
	double lr, mom, prev = 0;
	size_t i;

	cifar(&s, 1);
	ck_assert_ptr_null(schedule_check(&s));
	schedule_at(&s, 0, &lr, &mom);
	ck_assert_rel(lr, 0.08);
	ck_assert_rel(mom, 0.95);
	schedule_at(&s, 40, &lr, &mom); /* end of phase 1 */
	ck_assert_rel(lr, 0.8);
	ck_assert_rel(mom, 0.85);
	schedule_at(&s, 80, &lr, &mom); /* end of phase 2 */
	ck_assert_rel(lr, 0.08);
	ck_assert_rel(mom, 0.95);
	schedule_at(&s, 94, &lr, &mom); /* end of the annihilation */
	ck_assert_rel(lr, 0.008);
	ck_assert_rel(mom, 0.95);
	/* straight lines in between: 0.018 an epoch up and down, then 0.072/14 */
	schedule_at(&s, 20, &lr, &mom);
	ck_assert_rel(lr, 0.08 + 20 * 0.018);
	schedule_at(&s, 60, &lr, &mom);
	ck_assert_rel(lr, 0.8 - 20 * 0.018);
	schedule_at(&s, 87, &lr, &mom);
	ck_assert_rel(lr, 0.08 - 7 * 0.072 / 14);
	for (i = 0; i < 95; i++) {
		schedule_at(&s, i, &lr, &mom);
		if (i > 0 && i <= 40)
			ck_assert(lr > prev);
		else if (i > 40)
			ck_assert(lr < prev);
		prev = lr;
	}
}
END_TEST

START_TEST(seed_cifar_batches)
{
	struct schedule s;
	double lr, mom;

	cifar(&s, 98);
	ck_assert_ptr_null(schedule_check(&s));
	schedule_at(&s, 0, &lr, &mom);
	ck_assert_rel(lr, 0.08);
	schedule_at(&s, 41 * 98 - 1, &lr, &mom);
	ck_assert_rel(lr, 0.8);
	ck_assert_rel(mom, 0.85);
	schedule_at(&s, 82 * 98 - 2, &lr, &mom);
	ck_assert_rel(lr, 0.08);
	schedule_at(&s, 95 * 98 - 1, &lr, &mom);
	ck_assert_rel(lr, 0.008);
	ck_assert_rel(mom, 0.95);
}
END_TEST

START_TEST(onecycle_cos_shape)
{
	struct schedule s;
	double lr, mom;

	schedule_default(&s, POL_ONECYCLE);
	s.max_lr = 1;
	s.div_factor = 10;
	s.final_div_factor = 100;
	s.pct_start = 0.25;
	s.total = 101; /* phase 1 ends at 24.25, phase 2 at 100 */
	ck_assert_ptr_null(schedule_check(&s));
	schedule_at(&s, 0, &lr, &mom);
	ck_assert_rel(lr, 0.1);
	ck_assert_rel(mom, 0.95);
	schedule_at(&s, 100, &lr, &mom);
	ck_assert_rel(lr, 0.001);
	ck_assert_rel(mom, 0.95);
	/* halfway through phase 2 in pct: step 62.125 is not an integer, so
	 * check the cosine formula at step 24 (phase 1, pct 24/24.25) */
	schedule_at(&s, 24, &lr, &mom);
	ck_assert_rel(lr,
	    1 + (0.1 - 1) / 2.0 * (cos(3.141592653589793 * (24 / 24.25)) + 1));
	ck_assert_rel(mom,
	    0.85 +
		(0.95 - 0.85) / 2.0 *
		    (cos(3.141592653589793 * (24 / 24.25)) + 1));
	s.cycle_momentum = false;
	s.momentum = 0.5;
	schedule_at(&s, 24, &lr, &mom);
	ck_assert(mom == 0.5);
}
END_TEST

START_TEST(range_sweep)
{
	struct schedule s;
	double lr, mom;

	schedule_default(&s, POL_RANGE);
	ck_assert(s.sweep.init_lr == 1e-7 && s.sweep.max_lr == 10);
	ck_assert(s.sweep.ends == SWEEP_END_EXCLUDED && !s.sweep.linear);
	s.sweep.init_lr = 1e-4;
	s.sweep.max_lr = 1;
	s.sweep.iters = s.total = 5;
	s.momentum = 0.7;
	ck_assert_ptr_null(schedule_check(&s));
	schedule_at(&s, 0, &lr, &mom);
	ck_assert_rel(lr, 1e-4);
	ck_assert(mom == 0.7);
	schedule_at(&s, 4, &lr, &mom); /* i/n: 1e-4 * 1e4^(4/5) */
	ck_assert_rel(lr, 1e-4 * pow(1e4, 0.8));
	s.sweep.ends = SWEEP_END_INCLUDED;
	schedule_at(&s, 4, &lr, &mom);
	ck_assert_rel(lr, 1);
	schedule_at(&s, 2, &lr, &mom);
	ck_assert_rel(lr, 1e-2);
	s.sweep.linear = true;
	schedule_at(&s, 1, &lr, &mom);
	ck_assert_rel(lr, 1e-4 + 0.25 * (1 - 1e-4));
	s.sweep.ends = SWEEP_END_EXCLUDED;
	schedule_at(&s, 1, &lr, &mom);
	ck_assert_rel(lr, 1e-4 + 0.2 * (1 - 1e-4));
	ck_assert(mom == 0.7);
}
END_TEST

START_TEST(constant_policy)
{
	struct schedule s;
	double lr, mom;

	schedule_default(&s, POL_CONSTANT);
	ck_assert(!s.cycle_momentum);
	s.max_lr = 0.03;
	s.momentum = 0;
	s.total = 3;
	ck_assert_ptr_null(schedule_check(&s));
	schedule_at(&s, 2, &lr, &mom);
	ck_assert(lr == 0.03 && mom == 0);
}
END_TEST

START_TEST(clr_no_cycle_momentum)
{
	struct schedule s;
	double lr, mom;

	schedule_default(&s, POL_TRIANGULAR);
	ck_assert(s.cycle_momentum);
	ck_assert(s.base_momentum == 0.8 && s.max_momentum == 0.9);
	s.total = 10;
	s.step_up = 2;
	s.cycle_momentum = false;
	s.momentum = 0.25;
	schedule_at(&s, 2, &lr, &mom);
	ck_assert(lr == 0.006 && mom == 0.25);
}
END_TEST

START_TEST(names)
{
	enum policy p,
	    all[] = { POL_RANGE, POL_TRIANGULAR, POL_TRIANGULAR2, POL_EXP_RANGE,
		    POL_ONECYCLE, POL_CONSTANT };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		ck_assert_int_eq(policy_parse(policy_name(all[i]), &p), 0);
		ck_assert_int_eq(p, all[i]);
	}
	ck_assert_str_eq(policy_name(POL_EXP_RANGE), "exp_range");
	ck_assert_str_eq(policy_name(POL_ONECYCLE), "onecycle");
	ck_assert_str_eq(policy_name((enum policy)42), "unknown");
	p = POL_RANGE;
	ck_assert_int_eq(policy_parse("Triangular", &p), -1);
	ck_assert_int_eq(policy_parse("", &p), -1);
	ck_assert_int_eq(policy_parse("1cycle", &p), -1);
	ck_assert_int_eq(p, POL_RANGE);
}
END_TEST

#define ck_assert_check(s, want) \
	do { \
		const char *m_ = schedule_check(s); \
		ck_assert_msg(m_ != NULL && strcmp(m_, (want)) == 0, \
		    "schedule_check: got \"%s\", want \"%s\"", \
		    m_ == NULL ? "(null)" : m_, (want)); \
	} while (0)

START_TEST(check_errors)
{
	struct schedule s, ok;

	schedule_default(&ok, POL_ONECYCLE);
	ok.total = 100;
	ck_assert_ptr_null(schedule_check(&ok));

	s = ok;
	s.total = 0;
	ck_assert_check(&s, "{total} must be at least 1");
	s = ok;
	s.pct_start = 0;
	ck_assert_check(&s, "{pct_start} must be in (0, 1)");
	s.pct_start = 1;
	ck_assert_check(&s, "{pct_start} must be in (0, 1)");
	s.pct_start = NAN;
	ck_assert_check(&s, "{pct_start} must be in (0, 1)");
	s = ok;
	s.max_lr = 0;
	ck_assert_check(&s, "{max_lr} must be a finite number > 0");
	s.max_lr = -1;
	ck_assert_check(&s, "{max_lr} must be a finite number > 0");
	s.max_lr = INFINITY;
	ck_assert_check(&s, "{max_lr} must be a finite number > 0");
	s = ok;
	s.div_factor = 0.5; /* initial lr above max_lr */
	ck_assert_check(&s, "{div_factor} must be a finite number >= 1");
	s = ok;
	s.final_div_factor = 0;
	ck_assert_check(&s, "{final_div_factor} must be a finite number >= 1");
	s = ok;
	s.base_momentum = 0.96;
	ck_assert_check(&s, "{base_momentum} must not exceed {max_momentum}");
	s.max_momentum = 1.5;
	ck_assert_check(&s, "{max_momentum} must be in [0, 1]");
	s.base_momentum = -0.1;
	ck_assert_check(&s, "{base_momentum} must be in [0, 1]");
	s.cycle_momentum = false; /* then only the constant counts */
	ck_assert_ptr_null(schedule_check(&s));
	s.momentum = 2;
	ck_assert_check(&s, "{momentum} must be in [0, 1]");

	/* phases shorter than one iteration */
	s = ok;
	s.total = 6;
	s.pct_start = 0.3; /* phase 1 ends at 0.8 */
	ck_assert_check(&s,
	    "{pct_start} times {total} must be at least 2, "
	    "so that phase 1 lasts one iteration");
	s.pct_start = 2.0 / 6; /* ends at 1: one iteration */
	ck_assert_ptr_null(schedule_check(&s));
	s.pct_start = 0.9; /* phase 2 from 4.4 to 5 */
	ck_assert_check(&s,
	    "{pct_start} times {total} must be at most "
	    "{total} minus 1, so that phase 2 lasts one iteration");
	s.pct_start = 5.0 / 6; /* 4 to 5 */
	ck_assert_ptr_null(schedule_check(&s));
	s.three_phase = true;
	ck_assert_check(&s,
	    "{pct_start} must be at most 0.5 with {three_phase}, "
	    "so that phase 3 lasts one iteration");
	s.pct_start = 0.5;
	ck_assert_ptr_null(schedule_check(&s));
	s.total = 1;
	ck_assert_check(&s,
	    "{pct_start} times {total} must be at least 2, "
	    "so that phase 1 lasts one iteration");

	/* cyclical */
	schedule_default(&ok, POL_EXP_RANGE);
	ok.total = 10;
	ok.gamma = 0.99;
	ck_assert_ptr_null(schedule_check(&ok));
	s = ok;
	s.base_lr = 0.01; /* above max_lr 0.006 */
	ck_assert_check(&s, "{base_lr} must not exceed {max_lr}");
	s.base_lr = 0;
	ck_assert_check(&s, "{base_lr} must be a finite number > 0");
	s = ok;
	s.max_lr = NAN;
	ck_assert_check(&s, "{max_lr} must be a finite number > 0");
	s = ok;
	s.step_up = 0;
	ck_assert_check(&s, "{step_up} must be at least 1");
	s = ok;
	s.gamma = 1.01;
	ck_assert_check(&s, "{gamma} must be in (0, 1]");
	s.gamma = 0;
	ck_assert_check(&s, "{gamma} must be in (0, 1]");
	s.policy = POL_TRIANGULAR; /* gamma is not used */
	ck_assert_ptr_null(schedule_check(&s));
	s.policy = (enum policy)17;
	ck_assert_check(&s, "unknown policy");

	/* range */
	schedule_default(&ok, POL_RANGE);
	ok.total = ok.sweep.iters = 100;
	ck_assert_ptr_null(schedule_check(&ok));
	s = ok;
	s.sweep.init_lr = 0;
	ck_assert_check(&s, "{init_lr} must be a finite number > 0");
	s = ok;
	s.sweep.max_lr = 1e-7;
	ck_assert_check(&s,
	    "{max_lr} must be finite and greater than {init_lr}");
	s = ok;
	s.sweep.iters = 1;
	ck_assert_check(&s, "{iters} must be at least 2 for a range sweep");

	schedule_default(&s, POL_CONSTANT);
	s.total = 1;
	ck_assert_ptr_null(schedule_check(&s));
	s.max_lr = -0.1;
	ck_assert_check(&s, "{max_lr} must be a finite number > 0");
}
END_TEST

static Suite *
schedule_suite(void)
{
	Suite *su = suite_create("schedule");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_test(tc, vectors_all_files);
	tcase_add_test(tc, vectors_torch_defaults);
	suite_add_tcase(su, tc);

	tc = tcase_create("e5");
	tcase_add_test(tc, e5_triangular);
	tcase_add_test(tc, e5_triangular2);
	tcase_add_test(tc, e5_asymmetric);
	tcase_add_test(tc, e5_exp_range);
	tcase_add_test(tc, e5_onecycle_linear);
	tcase_add_test(tc, e5_onecycle_three_phase);
	suite_add_tcase(su, tc);

	tc = tcase_create("seed");
	tcase_add_test(tc, seed_cifar_epochs);
	tcase_add_test(tc, seed_cifar_batches);
	suite_add_tcase(su, tc);

	tc = tcase_create("policies");
	tcase_add_test(tc, onecycle_cos_shape);
	tcase_add_test(tc, range_sweep);
	tcase_add_test(tc, constant_policy);
	tcase_add_test(tc, clr_no_cycle_momentum);
	tcase_add_test(tc, names);
	tcase_add_test(tc, check_errors);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(schedule_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
