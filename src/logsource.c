/* logsource.c: a log in any format, found from its content (logsource.h) */
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "csvlist.h"
#include "logjoin.h"
#include "logsource.h"
#include "logstart.h"
#include "jsonlog.h"
#include "lazylib.h"
#include "mlflow.h"
#include "tfevents.h"
#include "wandb.h"

static const char *const fmt_names[] = { "auto", "csv", "tfevents", "json",
	"jsonl", "mlflow", "wandb" };

const char *
logformat_name(enum logformat f)
{
	return (size_t)f < sizeof(fmt_names) / sizeof(fmt_names[0]) ?
	    fmt_names[f] :
	    "?";
}

int
logformat_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (strcmp(s, fmt_names[i]) == 0)
			return (int)i;
	return -1;
}

/* A reader's message as res's (cut to fit). */
static void
set_err(struct logread_result *res, const char *msg)
{
	size_t n = strlen(msg);

	if (n >= sizeof(res->err))
		n = sizeof(res->err) - 1;
	memcpy(res->err, msg, n);
	res->err[n] = '\0';
}

/* "where: msg" as res's message (cut to fit). */
static void
set_err2(struct logread_result *res, const char *where, const char *msg)
{
	char buf[sizeof(res->err)];
	size_t n = strlen(where);

	if (n > sizeof(buf) - 3)
		n = sizeof(buf) - 3;
	memcpy(buf, where, n);
	buf[n++] = ':';
	buf[n++] = ' ';
	buf[n] = '\0';
	strncat(buf, msg, sizeof(buf) - n - 1);
	set_err(res, buf);
}

/* ---- bytes in: a prefix, then an fd, maybe through gzip ---- */

/* The format is told from at most SNIFF_MAX bytes, read SNIFF_FIRST at
 * first: a 1,000-row log is then not read whole into the sniff buffer and
 * copied again into the reader's (a tenth fewer page faults in a run). */
#define SNIFF_MAX 65536
#define SNIFF_FIRST 4096

struct gzsrc {
	z_stream z;
	int fd;
	const unsigned char *pre; /* raw bytes read while telling the format */
	size_t npre;
	unsigned char in[65536];
	int eof; /* read(2) said the end */
	int in_member; /* inside a gzip member */
	char err[160]; /* why inflating stopped, "" if it did not */
};

static ssize_t
read_fd(int fd, void *buf, size_t n)
{
	ssize_t got;

	while ((got = read(fd, buf, n)) < 0 && errno == EINTR)
		;
	return got;
}

/* logread_input's read function: inflated bytes of a gzip stream. */
static ssize_t
gz_read(void *ctx, char *buf, size_t n)
{
	struct gzsrc *g = ctx;

	if (n == 0)
		return 0;
	g->z.next_out = (unsigned char *)buf;
	g->z.avail_out = n > UINT_MAX ? UINT_MAX : (unsigned)n;
	for (;;) {
		size_t made;
		int ret;

		if (g->z.avail_in == 0) {
			if (g->npre > 0) {
				g->z.next_in = (unsigned char *)g->pre;
				g->z.avail_in = (unsigned)g->npre;
				g->npre = 0;
			} else if (!g->eof) {
				ssize_t got =
				    read_fd(g->fd, g->in, sizeof(g->in));

				if (got < 0)
					return -1;
				if (got == 0)
					g->eof = 1;
				g->z.next_in = g->in;
				g->z.avail_in = (unsigned)got;
			}
		}
		made = n - g->z.avail_out;
		if (g->z.avail_in == 0 && g->eof) {
			if (made > 0)
				return (ssize_t)made;
			if (g->in_member) {
				snprintf(g->err, sizeof(g->err),
				    "the gzip data "
				    "ends inside its stream: the file is cut short");
				errno = EIO;
				return -1;
			}
			return 0;
		}
		if (!g->in_member) { /* a member begins (gzip may chain them) */
			inflateReset(&g->z);
			g->in_member = 1;
		}
		ret = inflate(&g->z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			g->in_member = 0;
		else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			snprintf(g->err, sizeof(g->err),
			    "corrupt gzip data (%s)",
			    g->z.msg != NULL ? g->z.msg : "inflate failed");
			errno = EIO;
			return -1;
		}
		made = n - g->z.avail_out;
		if (made > 0 && (g->z.avail_out == 0 || g->z.avail_in == 0))
			return (ssize_t)made;
	}
}

/* Enough of the start to tell the format: a whole line, or binary bytes. */
static int
enough(const unsigned char *b, size_t n)
{
	return memchr(b, '\n', n) != NULL ||
	    (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
	    (n >= 12 && memchr(b, '\0', 12) != NULL) || n >= SNIFF_MAX;
}

/*
 * Read the start of in into buf (SNIFF_MAX bytes) until enough() or the
 * end, SNIFF_FIRST bytes first: its length, or -1 (errno set).
 */
static ssize_t
sniff_start(struct logread_input *in, unsigned char *buf)
{
	size_t n = 0;
	ssize_t got;

	do {
		size_t want = n < SNIFF_FIRST ? SNIFF_FIRST - n : SNIFF_MAX - n;

		if ((got = logread_input_next(in, (char *)buf + n, want)) < 0)
			return -1;
		n += (size_t)got;
	} while (got > 0 && !enough(buf, n));
	return (ssize_t)n;
}

/* The first byte that is not white space (past a UTF-8 BOM), or -1. */
static int
first_char(const unsigned char *b, size_t n)
{
	size_t i = n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	for (; i < n; i++)
		if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n')
			return b[i];
	return -1;
}

static enum logformat
tell_format(const unsigned char *b, size_t n)
{
	int c = first_char(b, n);

	if (tfevents_sniff(b, n))
		return LOGFMT_TFEVENTS;
	if (c == '{' || c == '[')
		return LOGFMT_JSON; /* or JSON Lines: told when read whole */
	if (wandb_sniff((const char *)b, n))
		return LOGFMT_WANDB;
	return LOGFMT_CSV;
}

/*
 * The rest of in after its prefix, appended to a copy of the prefix: a
 * malloc'ed buffer (NUL-terminated, *len bytes before the NUL), or NULL
 * with res->err set (or errno ENOMEM).
 */
static char *
slurp(struct logread_input *in, size_t *len, struct logread_result *res)
{
	size_t n = 0, cap = 1 << 16;
	char *buf = malloc(cap), *nb;
	ssize_t got;

	if (buf == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			if (cap >= LOGSOURCE_MAX_BYTES + 1) {
				snprintf(res->err, sizeof(res->err),
				    "more than "
				    "%zu MiB of log: too large to read whole",
				    LOGSOURCE_MAX_BYTES >> 20);
				free(buf);
				return NULL;
			}
			cap = cap * 2 > LOGSOURCE_MAX_BYTES + 1 ?
			    LOGSOURCE_MAX_BYTES + 1 :
			    cap * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				snprintf(res->err, sizeof(res->err),
				    "out of memory");
				return NULL;
			}
			buf = nb;
		}
		got = logread_input_next(in, buf + n, cap - n - 1);
		if (got < 0) {
			snprintf(res->err, sizeof(res->err), "read error: %s",
			    strerror(errno));
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- formats read whole ---- */

/* Read a whole buffer of format f into ss. */
static enum lr_status
read_whole(enum logformat f, const char *buf, size_t len,
    const struct logsource_opts *so, struct series_set *ss,
    struct logread_result *res, struct logsource_result *sres)
{
	switch (f) {
	case LOGFMT_TFEVENTS: {
		struct tfevents_result tr;

		enum tfevents_status ts =
		    tfevents_read((const unsigned char *)buf, len, "", ss, &tr);

		if (ts != TFEVENTS_OK) {
			set_err(res, tr.err);
			return ts == TFEVENTS_ERR_NOMEM ? LR_ERR_NOMEM :
							  LR_ERR_INPUT;
		}
		sres->files = 1;
		sres->truncated = tr.truncated;
		return LR_OK;
	}
	case LOGFMT_JSON:
	case LOGFMT_JSONL: {
		struct jsonlog_result jr;
		enum jsonlog_status js;
		/* forced: that layout; told from the content: sniffed again */
		enum jsonlog_kind k = so->format == LOGFMT_JSONL ?
		    JSONLOG_LINES :
		    so->format == LOGFMT_JSON ? JSONLOG_HF_STATE :
						JSONLOG_NONE;

		if ((js = jsonlog_read(buf, len, k, ss, &jr)) != JSONLOG_OK) {
			set_err(res, jr.err);
			return js == JSONLOG_ERR_NOMEM ? LR_ERR_NOMEM :
							 LR_ERR_INPUT;
		}
		sres->format =
		    jr.kind == JSONLOG_LINES ? LOGFMT_JSONL : LOGFMT_JSON;
		return LR_OK;
	}
	case LOGFMT_WANDB: {
		struct wandb_result wr;
		enum wandb_status ws = wandb_read(buf, len, so->run, ss, &wr);

		if (ws != WANDB_OK) {
			set_err(res, wr.err);
			sres->need_run = so->run == NULL && wr.nruns > 1;
		}
		wandb_result_free(&wr);
		return ws == WANDB_OK     ? LR_OK :
		    ws == WANDB_ERR_NOMEM ? LR_ERR_NOMEM :
					    LR_ERR_INPUT;
	}
	default:
		break;
	}
	snprintf(res->err, sizeof(res->err),
	    "a %s log cannot be read from a "
	    "file: expected a folder",
	    logformat_name(f));
	return LR_ERR_INPUT;
}

/* ---- folders: TensorBoard event files, MLflow runs ---- */

struct pathlist {
	char **p;
	size_t n, cap;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every events.out.tfevents.* under dir (symbolic links to folders not
 * followed, 32 levels at most) into pl; 0, or -1 when out of memory. */
static int
find_events(const char *dir, int depth, struct pathlist *pl)
{
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (depth > 32 || (d = opendir(dir)) == NULL)
		return 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;
		size_t len;
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		len = strlen(dir) + strlen(e->d_name) + 2;
		if ((p = malloc(len)) == NULL) {
			rc = -1;
			break;
		}
		snprintf(p, len, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (lstat(p, &st) != 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = find_events(p, depth + 1, pl);
			free(p);
		} else if (strncmp(e->d_name, "events.out.tfevents.", 20) ==
		    0) {
			if (pl->n == pl->cap) {
				size_t cap = pl->cap ? 2 * pl->cap : 8;
				char **np = realloc(pl->p, cap * sizeof(*np));

				if (np == NULL) {
					free(p);
					rc = -1;
					break;
				}
				pl->p = np;
				pl->cap = cap;
			}
			pl->p[pl->n++] = p;
		} else
			free(p);
	}
	closedir(d);
	return rc;
}

/* The folder part of path, its length up to (not with) the last '/'. */
static size_t
dir_len(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? (size_t)(s - path) : 0;
}

/*
 * An input opened: its start read (and inflated, when it is gzip) to tell
 * the format, and in, which gives the whole of it again from the start.
 */
struct src {
	struct logread_input in;
	struct gzsrc *g; /* NULL: not gzip */
	unsigned char *raw, *dec;
	const unsigned char *start; /* the start, inflated */
	size_t nstart;
	void *map; /* a regular file mapped whole, or NULL */
	size_t maplen;
};

static void
src_close(struct src *s)
{
	if (s->g != NULL) {
		inflateEnd(&s->g->z);
		free(s->g);
	}
	if (s->map != NULL)
		munmap(s->map, s->maplen);
	free(s->dec);
	free(s->raw);
	memset(s, 0, sizeof(*s));
}

/* Open fd as s: LR_OK, or an error with res->err set ("1: ..."). */
static enum lr_status
src_open(struct src *s, int fd, struct logread_result *res)
{
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->in.fd = fd;
	if ((s->raw = malloc(SNIFF_MAX)) == NULL)
		return LR_ERR_NOMEM;
	if ((n = sniff_start(&s->in, s->raw)) < 0) {
		snprintf(res->err, sizeof(res->err), "1: read error: %s",
		    strerror(errno));
		return LR_ERR_INPUT;
	}
	s->in.pre = (const char *)s->raw;
	s->in.npre = (size_t)n;
	s->start = s->raw;
	s->nstart = (size_t)n;
	if (n >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
		struct logread_input gin;

		if (lazylib_load(LAZYLIB_ZLIB, res->err, sizeof(res->err)) != 0)
			return LR_ERR_INPUT; /* lazylib.h */
		if ((s->g = calloc(1, sizeof(*s->g))) == NULL)
			return LR_ERR_NOMEM;
		if (inflateInit2(&s->g->z, 16 + MAX_WBITS) != Z_OK) {
			free(s->g);
			s->g = NULL;
			return LR_ERR_NOMEM;
		}
		if ((s->dec = malloc(SNIFF_MAX)) == NULL)
			return LR_ERR_NOMEM;
		s->g->fd = fd;
		s->g->pre = s->raw;
		s->g->npre = (size_t)n;
		s->g->in_member = 1;
		memset(&gin, 0, sizeof(gin));
		gin.read = gz_read;
		gin.ctx = s->g;
		if ((n = sniff_start(&gin, s->dec)) < 0) {
			snprintf(res->err, sizeof(res->err), "1: %s",
			    s->g->err[0] ? s->g->err : strerror(errno));
			return LR_ERR_INPUT;
		}
		s->start = s->dec;
		s->nstart = (size_t)n;
		s->in.pre = (const char *)s->dec;
		s->in.npre = (size_t)n;
		s->in.read = gz_read;
		s->in.ctx = s->g;
	}
	return LR_OK;
}

/* The rest of s, whole (slurp), the inflater's message on its errors. */
static char *
src_slurp(struct src *s, size_t *len, struct logread_result *res)
{
	char *buf = slurp(&s->in, len, res);

	if (buf == NULL && s->g != NULL && s->g->err[0] != '\0')
		set_err(res, s->g->err);
	return buf;
}

/*
 * The rest of s (from where fd stood when s was opened) mapped, when fd is
 * a regular file and not gzip: the event-file reader takes it in place,
 * with no copy and no page faults of a fresh buffer.  NULL: read it.
 */
static const unsigned char *
src_map(struct src *s, int fd, size_t *len)
{
	struct stat sb;
	off_t pos, from;
	void *p;

	if (s->g != NULL || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (pos = lseek(fd, 0, SEEK_CUR)) < 0 ||
	    (from = pos - (off_t)s->nstart) < 0 || sb.st_size <= pos ||
	    (uintmax_t)(sb.st_size - from) > LOGSOURCE_MAX_BYTES)
		return NULL;
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	s->map = p;
	s->maplen = (size_t)sb.st_size;
	*len = (size_t)(sb.st_size - from);
	return (const unsigned char *)p + from;
}

/*
 * The whole of s in format f: mapped for an event file (src_map), else
 * read into *owned (a malloc'ed, NUL-terminated copy to free).  NULL with
 * res->err set on an error.
 */
static const char *
src_whole(struct src *s, int fd, enum logformat f, size_t *len, char **owned,
    struct logread_result *res)
{
	const unsigned char *m;

	*owned = NULL;
	if (f == LOGFMT_TFEVENTS && (m = src_map(s, fd, len)) != NULL)
		return (const char *)m;
	return *owned = src_slurp(s, len, res);
}

/*
 * Read the event file at path whole (gzip inflated) and hand it to
 * tfevents_read: its status, with res->err set on an error that is not
 * the reader's.
 */
static enum tfevents_status
read_event_file(const char *path, const char *prefix, struct series_set *ss,
    bool *gz, struct tfevents_result *tr, struct logread_result *res)
{
	struct src s;
	const char *buf = NULL;
	char *owned = NULL;
	enum lr_status st;
	enum tfevents_status ts = TFEVENTS_ERR_INPUT;
	size_t len;
	int fd;

	tr->err[0] = '\0';
	*gz = false;
	if ((fd = open(path, O_RDONLY)) < 0) {
		snprintf(res->err, sizeof(res->err), "%s", strerror(errno));
		return TFEVENTS_ERR_INPUT;
	}
	if ((st = src_open(&s, fd, res)) == LR_OK)
		buf = src_whole(&s, fd, LOGFMT_TFEVENTS, &len, &owned, res);
	else if (st == LR_ERR_NOMEM)
		snprintf(res->err, sizeof(res->err), "out of memory");
	*gz = s.g != NULL;
	if (buf != NULL)
		ts = tfevents_read((const unsigned char *)buf, len, prefix, ss,
		    tr);
	if (ts == TFEVENTS_ERR_NOMEM && tr->err[0] == '\0')
		snprintf(tr->err, sizeof(tr->err), "out of memory");
	free(owned);
	src_close(&s);
	close(fd);
	return ts;
}

/* Every event file under dir into ss, named as logsource.h says. */
static enum lr_status
read_events_folder(const char *dir, struct series_set *ss,
    struct logread_result *res, struct logsource_result *sres)
{
	struct pathlist pl = { NULL, 0, 0 };
	enum lr_status st = LR_OK;
	size_t i, root = strlen(dir), common;
	bool one_dir = true;

	if (find_events(dir, 0, &pl) != 0) {
		st = LR_ERR_NOMEM;
		goto out;
	}
	if (pl.n == 0) {
		snprintf(res->err, sizeof(res->err),
		    "a folder without "
		    "TensorBoard event files (events.out.tfevents.*) or an "
		    "MLflow run (meta.yaml and metrics/): expected a log");
		st = LR_ERR_INPUT;
		goto out;
	}
	qsort(pl.p, pl.n, sizeof(*pl.p), by_name);
	common = dir_len(pl.p[0]);
	for (i = 1; i < pl.n; i++)
		if (dir_len(pl.p[i]) != common ||
		    strncmp(pl.p[i], pl.p[0], common) != 0)
			one_dir = false;
	for (i = 0; i < pl.n && st == LR_OK; i++) {
		struct tfevents_result tr;
		char prefix[512];
		const char *rel = pl.p[i] + root;
		size_t dl = dir_len(pl.p[i]);
		bool gz;
		enum tfevents_status ts;

		while (*rel == '/')
			rel++;
		/* one folder: the tags as they are; several: folder/tag */
		if (one_dir || dl <= root)
			prefix[0] = '\0';
		else
			snprintf(prefix, sizeof(prefix), "%.*s/",
			    (int)(pl.p[i] + dl - rel), rel);
		ts = read_event_file(pl.p[i], prefix, ss, &gz, &tr, res);
		if (ts != TFEVENTS_OK && tr.err[0] == '\0') {
			char why[sizeof(res->err)];

			snprintf(why, sizeof(why), "%s", res->err);
			set_err2(res, rel, why);
			st = LR_ERR_INPUT;
			break;
		}
		if (ts != TFEVENTS_OK) {
			set_err2(res, rel, tr.err);
			st = ts == TFEVENTS_ERR_NOMEM ? LR_ERR_NOMEM :
							LR_ERR_INPUT;
		} else if (tr.truncated && !sres->truncated) {
			sres->truncated = true;
			snprintf(sres->truncated_file,
			    sizeof(sres->truncated_file), "%s", rel);
		}
		sres->gzip |= gz;
		sres->files++;
	}
out:
	for (i = 0; i < pl.n; i++)
		free(pl.p[i]);
	free(pl.p);
	return st;
}

enum lr_status
logsource_read(const char *path, int fd, const struct logread_opts *lo,
    const struct logsource_opts *so, struct rangetest *rt,
    struct logread_result *res, struct logsource_result *sres)
{
	struct series_set ss;
	struct src sr;
	enum lr_status st = LR_OK;
	enum logformat f = so->format;
	char *buf = NULL;
	const char *whole;
	size_t len;

	memset(sres, 0, sizeof(*sres));
	memset(res, 0, sizeof(*res));
	res->lr_idx = res->loss_idx = res->step_idx = -1;
	series_set_init(&ss);
	memset(&sr, 0, sizeof(sr));
	if (fd < 0) {
		if (f == LOGFMT_AUTO)
			f = mlflow_is_run(path) ? LOGFMT_MLFLOW :
						  LOGFMT_TFEVENTS;
		sres->format = f;
		if (f == LOGFMT_MLFLOW) {
			struct mlflow_result mr;

			enum mlflow_status ms = mlflow_read_run(path, &ss, &mr);

			if (ms != MLFLOW_OK) {
				set_err(res, mr.err);
				st = ms == MLFLOW_ERR_NOMEM ? LR_ERR_NOMEM :
							      LR_ERR_INPUT;
			}
		} else if (f == LOGFMT_TFEVENTS)
			st = read_events_folder(path, &ss, res, sres);
		else {
			snprintf(res->err, sizeof(res->err),
			    "is a folder: "
			    "expected a %s file",
			    logformat_name(f));
			st = LR_ERR_INPUT;
		}
		goto join;
	}
	if ((st = src_open(&sr, fd, res)) != LR_OK)
		goto out;
	sres->gzip = sr.g != NULL;
	if (f == LOGFMT_AUTO)
		f = tell_format(sr.start, sr.nstart);
	sres->format = f;
	if (f == LOGFMT_CSV && so->list != NULL) {
		if ((buf = src_slurp(&sr, &len, res)) == NULL)
			st = LR_ERR_INPUT;
		else
			st = csvlist_read(buf, len,
			    lo->delim ? lo->delim : logstart_delim(buf, len),
			    so->list, res);
		goto out;
	}
	if (f == LOGFMT_CSV) {
		st = logread_input(&sr.in, lo, rt, res);
		if (st == LR_ERR_INPUT && sr.g != NULL &&
		    sr.g->err[0] != '\0') {
			char where[32];
			size_t k = strcspn(res->err, ":");

			snprintf(where, sizeof(where), "%.*s",
			    (int)(k < sizeof(where) ? k : sizeof(where) - 1),
			    res->err);
			set_err2(res, where, sr.g->err);
		}
		goto out;
	}
	if (f == LOGFMT_MLFLOW) {
		snprintf(res->err, sizeof(res->err),
		    "an MLflow run is a folder "
		    "(mlruns/EXPERIMENT/RUN): expected its path");
		st = LR_ERR_INPUT;
		goto out;
	}
	if ((whole = src_whole(&sr, fd, f, &len, &buf, res)) == NULL) {
		st = LR_ERR_INPUT;
		goto out;
	}
	st = read_whole(f, whole, len, so, &ss, res, sres);
join:
	if (st == LR_OK && so->list != NULL) {
		struct series_set t = *so->list;

		*so->list = ss; /* handed over; the caller's old set freed */
		ss = t;
	} else if (st == LR_OK)
		st = logjoin(&ss, lo, rt, res);
out:
	if (st == LR_OK)
		snprintf(res->format, sizeof(res->format), "%s%s",
		    logformat_name(sres->format), sres->gzip ? "+gzip" : "");
	series_set_free(&ss);
	src_close(&sr);
	free(buf);
	return st;
}
