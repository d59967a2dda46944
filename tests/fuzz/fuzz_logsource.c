/* fuzz_logsource.c: libFuzzer target: bytes -> a log of any format
 * (logsource: format sniffing, gzip, the whole-file readers, the join by
 * step, and MLflow run folders) */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzzfd.h"
#include "logread.h"
#include "logsource.h"
#include "rangetest.h"
#include "series.h"

/*
 * Input: one option byte, then the log.
 *   bits 0-2: the format: 0 told from the content, 1 csv, 2 tfevents,
 *             3 json, 4 jsonl, 5 wandb, 6 an MLflow run folder (below),
 *             7 told from the content with the W&B run "A"
 *   bit 3:    --list: every scalar into a series set, no range test
 *   bit 4:    also read the log gzip-compressed, and
 *   bit 5:    ... as two gzip members, cut where the second byte says
 *   bit 6:    --all (read on after the explosion)
 *   bit 7:    lr rebuilt from --init-lr 1e-5 --max-lr 1 where the log has
 *             no lr
 * An MLflow folder (format 6): the rest is split at NUL bytes into metric
 * files; each part's first byte picks the key (loss, lr, train/loss, ...)
 * and the rest is the file's text ("timestamp value step" lines).
 * Oracles besides the sanitizers: an error has a message and a success
 * none; a range test is consistent (lr finite, > 0, non-decreasing; a
 * non-finite loss only last unless --all); a listed series has its
 * points, and a CSV column a name (a JSON key may be ""); the gzip-compressed log (one member or two) reads to
 * the same outcome, message and values as the log itself (unless the log
 * is gzip already).
 */

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_logsource: %s\n", what);
	abort();
}

/* data[0..size-1] as gzip: one member, or two cut at `cut`. */
static unsigned char *
gzip_of(const unsigned char *data, size_t size, int two, size_t cut,
    size_t *len)
{
	size_t cap = 2 * (compressBound((uLong)size) + 64), at = 0;
	unsigned char *out = malloc(cap);
	size_t part[2][2] = { { 0, size }, { size, 0 } };
	int m;

	if (out == NULL)
		die("malloc");
	if (two) {
		cut = size ? cut % (size + 1) : 0;
		part[0][1] = cut;
		part[1][0] = cut;
		part[1][1] = size - cut;
	}
	for (m = 0; m < 1 + two; m++) {
		z_stream z;

		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
			Z_DEFAULT_STRATEGY) != Z_OK)
			die("deflateInit2");
		z.next_in = (unsigned char *)data + part[m][0];
		z.avail_in = (uInt)part[m][1];
		z.next_out = out + at;
		z.avail_out = (uInt)(cap - at);
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			die("deflate");
		at += z.total_out;
		deflateEnd(&z);
	}
	*len = at;
	return out;
}

static void
check_rt(const struct rangetest *rt, bool all)
{
	size_t i;

	for (i = 0; i < rt->n; i++) {
		if (!(rt->lr[i] > 0) || !isfinite(rt->lr[i]))
			die("rangetest holds an lr that is not finite and > 0");
		if (i > 0 && rt->lr[i] < rt->lr[i - 1])
			die("rangetest lr decreases");
		if (!all && i + 1 < rt->n && !isfinite(rt->loss[i]) &&
		    rt->cfg.stop_nonfinite)
			die("a non-finite loss before the last row");
	}
}

static bool
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof(a)) == 0;
}

struct outcome {
	enum lr_status st;
	struct logread_result res;
	struct logsource_result sres;
	struct rangetest rt;
	struct series_set list;
};

static void
read_one(const char *path, int fd, const struct logread_opts *lo,
    const struct logsource_opts *so0, struct outcome *o)
{
	struct logsource_opts so = *so0;
	struct rt_config rc;

	rt_config_default(&rc);
	rt_init(&o->rt, &rc);
	series_set_init(&o->list);
	if (so.list != NULL)
		so.list = &o->list;
	o->st = logsource_read(path, fd, lo, &so, &o->rt, &o->res, &o->sres);
	if ((o->st == LR_OK) != (o->res.err[0] == '\0')) {
		fprintf(stderr, "status %d, message '%s'\n", o->st, o->res.err);
		die("an error without a message, or a success with one");
	}
	if (o->st != LR_OK)
		return;
	if (so.list != NULL) {
		size_t i;

		if (o->rt.n != 0)
			die("--list filled the range test");
		for (i = 0; i < o->list.n; i++)
			if ((o->list.s[i].name[0] == '\0' &&
				o->sres.format == LOGFMT_CSV) ||
			    (o->list.s[i].n > 0 &&
				(o->list.s[i].step == NULL ||
				    o->list.s[i].val == NULL)))
				die("a listed series without a name or points");
	} else
		check_rt(&o->rt, lo->read_all);
}

static void
outcome_free(struct outcome *o)
{
	rt_free(&o->rt);
	series_set_free(&o->list);
}

static void
same_outcome(const struct outcome *a, const struct outcome *b)
{
	size_t i, k;

	if (a->st != b->st || strcmp(a->res.err, b->res.err) != 0 ||
	    a->sres.format != b->sres.format) {
		fprintf(stderr, "plain: %d %s '%s'; gzip: %d %s '%s'\n", a->st,
		    logformat_name(a->sres.format), a->res.err, b->st,
		    logformat_name(b->sres.format), b->res.err);
		die("the log and its gzip read to other outcomes");
	}
	if (a->st != LR_OK)
		return;
	if (!b->sres.gzip || a->sres.gzip)
		die("gzip not told");
	if (a->rt.n != b->rt.n || a->res.rows != b->res.rows ||
	    a->res.skipped != b->res.skipped ||
	    a->res.stopped_early != b->res.stopped_early ||
	    strcmp(a->res.lr_name, b->res.lr_name) != 0 ||
	    strcmp(a->res.loss_name, b->res.loss_name) != 0)
		die("the log and its gzip read other rows");
	for (i = 0; i < a->rt.n; i++)
		if (!same(a->rt.lr[i], b->rt.lr[i]) ||
		    !same(a->rt.loss[i], b->rt.loss[i]) ||
		    rt_step(&a->rt, i) != rt_step(&b->rt, i))
			die("the log and its gzip read other values");
	if (a->list.n != b->list.n)
		die("the log and its gzip list other series");
	for (i = 0; i < a->list.n; i++) {
		const struct series *x = &a->list.s[i], *y = &b->list.s[i];

		if (strcmp(x->name, y->name) != 0 || x->n != y->n)
			die("the log and its gzip list other series");
		for (k = 0; k < x->n; k++)
			if (x->step[k] != y->step[k] ||
			    !same(x->val[k], y->val[k]))
				die("the log and its gzip list other points");
	}
}

/* ---- MLflow run folders ---- */

static char run_dir[64];

static const char *const keys[8] = { "loss", "lr", "train/loss", "lr-SGD",
	"learning_rate", "step", "eval_loss", "train/lr" };

static void
put_file(const char *path, const unsigned char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		die("open in the run folder");
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			die("write in the run folder");
		p += w;
		n -= (size_t)w;
	}
	close(fd);
}

static void
mlflow_folder(const unsigned char *data, size_t size)
{
	char path[160];
	size_t i, at = 0;

	if (run_dir[0] == '\0') {
		strcpy(run_dir, "/tmp/fuzz_logsource.XXXXXX");
		if (mkdtemp(run_dir) == NULL)
			die("mkdtemp");
		snprintf(path, sizeof(path), "%s/meta.yaml", run_dir);
		put_file(path, (const unsigned char *)"name: fuzz\n", 11);
		snprintf(path, sizeof(path), "%s/metrics", run_dir);
		if (mkdir(path, 0700) != 0)
			die("mkdir metrics");
		snprintf(path, sizeof(path), "%s/metrics/train", run_dir);
		if (mkdir(path, 0700) != 0)
			die("mkdir metrics/train");
	}
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "%s/metrics/%s", run_dir, keys[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			die("unlink in the run folder");
	}
	while (at < size) {
		const unsigned char *nul = memchr(data + at, 0, size - at);
		size_t end = nul ? (size_t)(nul - data) : size;

		if (end > at) {
			snprintf(path, sizeof(path), "%s/metrics/%s", run_dir,
			    keys[data[at] & 7]);
			put_file(path, data + at + 1, end - at - 1);
		}
		at = end + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum logformat fmt[8] = { LOGFMT_AUTO, LOGFMT_CSV,
		LOGFMT_TFEVENTS, LOGFMT_JSON, LOGFMT_JSONL, LOGFMT_WANDB,
		LOGFMT_MLFLOW, LOGFMT_AUTO };
	struct logread_opts lo;
	struct logsource_opts so;
	struct series_set dummy;
	struct outcome plain, gz;
	unsigned char opt;
	int fd;

	if (size < 1)
		return 0;
	opt = data[0];
	data++;
	size--;
	logread_opts_default(&lo);
	lo.name = "fuzz";
	lo.read_all = opt & 0x40;
	if (opt & 0x80) {
		lo.init_lr = 1e-5;
		lo.max_lr = 1;
	}
	memset(&so, 0, sizeof(so));
	so.list = (opt & 0x08) ? &dummy : NULL;
	if ((opt & 7) == 6) {
		mlflow_folder(data, size);
		so.format = (opt & 0x10) ? LOGFMT_MLFLOW : LOGFMT_AUTO;
		read_one(run_dir, -1, &lo, &so, &plain);
		outcome_free(&plain);
		return 0;
	}
	so.format = fmt[opt & 7];
	if ((opt & 7) == 7)
		so.run = "A";
	fd = fuzz_memfd(data, size);
	read_one("fuzz", fd, &lo, &so, &plain);
	close(fd);
	if ((opt & 0x10) &&
	    !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b)) {
		/* (a gzip of a gzip is inflated once: another outcome) */
		size_t glen;
		unsigned char *g = gzip_of(data, size, (opt & 0x20) != 0,
		    size > 0 ? data[size > 1] : 0, &glen);

		fd = fuzz_memfd(g, glen);
		read_one("fuzz", fd, &lo, &so, &gz);
		close(fd);
		free(g);
		same_outcome(&plain, &gz);
		outcome_free(&gz);
	}
	outcome_free(&plain);
	return 0;
}
