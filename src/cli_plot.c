/* cli_plot.c: --gnuplot FILE writes the plot's script, --plot FILE renders it */
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "outfile.h"
#include "plot.h"

extern char **environ;

/* The most of gnuplot's messages kept to show. */
#define ERRMAX 8192

enum kind { K_PNG, K_SVG, K_PDF, K_TXT, K_TERMINAL, K_UNKNOWN };

static enum kind
kind_of(const char *path)
{
	static const struct {
		const char *ext;
		enum kind k;
	} exts[] = { { ".png", K_PNG }, { ".svg", K_SVG }, { ".pdf", K_PDF },
		{ ".txt", K_TXT } };
	size_t len = strlen(path), i;

	if (strcmp(path, "-") == 0)
		return K_TERMINAL;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (len > 4 && strcasecmp(path + len - 4, exts[i].ext) == 0)
			return exts[i].k;
	return K_UNKNOWN;
}

struct script_job {
	const struct plot_request *pr;
	const struct plot_opts *po;
};

static int
put_script(FILE *fp, const void *arg)
{
	const struct script_job *j = arg;

	return plot_write(fp, j->pr->runs, j->pr->n, j->po);
}

/* The gnuplot script of pr into path; 0 or an exit status (reported). */
static int
write_script(const char *path, const struct plot_request *pr,
    const struct plot_opts *po)
{
	struct script_job j = { pr, po };

	if (strcmp(path, "-") == 0) {
		warnx("--gnuplot: '-' is not allowed: the report goes to "
		      "stdout; name a file");
		return EXIT_USAGE;
	}
	return cli_write_file(path, put_script, &j);
}

/* The size of the terminal lrfind writes to: the window of stdout or
 * stderr, else $COLUMNS and $LINES, else 79 x 24. */
static void
terminal_size(int *w, int *h)
{
	struct winsize ws;
	const char *c, *l;

	*w = 0;
	*h = 0;
	if ((ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 ||
		ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0) &&
	    ws.ws_col > 0) {
		*w = ws.ws_col;
		*h = ws.ws_row;
	}
	if (*w <= 0 && (c = getenv("COLUMNS")) != NULL)
		*w = atoi(c);
	if (*h <= 0 && (l = getenv("LINES")) != NULL)
		*h = atoi(l);
	if (*w <= 0)
		*w = 79;
	if (*h <= 0)
		*h = 24;
}

/* The lines ahead of the script that pick the terminal and the output. */
static int
put_terminal(FILE *fp, enum kind k, const char *tmp, bool slope, size_t nruns)
{
	int w, h, kl = (int)plot_key_lines(nruns, slope);

	switch (k) {
	case K_PNG:
		fprintf(fp,
		    "set terminal pngcairo size 1000,%d enhanced "
		    "font 'Sans,10'\n",
		    (slope ? 900 : 650) + 18 * kl);
		break;
	case K_SVG:
		fprintf(fp,
		    "set terminal svg size 1000,%d dynamic enhanced "
		    "font 'Sans,10' background rgb 'white'\n",
		    (slope ? 900 : 650) + 18 * kl);
		break;
	case K_PDF:
		fprintf(fp,
		    "set terminal pdfcairo size 8in,%.2fin enhanced "
		    "font 'Sans,8'\n",
		    (slope ? 7.2 : 5.2) + 0.15 * kl);
		break;
	case K_TXT:
		fprintf(fp, "set terminal dumb size 79,%d\n",
		    (slope ? 40 : 24) + kl);
		break;
	case K_TERMINAL:
		terminal_size(&w, &h);
		h--; /* leave the prompt's line */
		if (w < 40)
			w = 40;
		if (w > 400)
			w = 400;
		if (h < (slope ? 36 : 20) + kl)
			h = (slope ? 36 : 20) + kl;
		if (h > 200)
			h = 200;
		fprintf(fp, "set terminal dumb size %d,%d\n", w, h);
		break;
	default:
		return -1;
	}
	if (tmp != NULL) {
		fputs("set output ", fp);
		if (plot_quote_path(fp, tmp) != 0)
			return -1;
		fputc('\n', fp);
	}
	return 0;
}

static void
cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl >= 0)
		(void)fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

/* Show what gnuplot printed, indented under our message. */
static void
show_messages(const char *buf, size_t len, bool cut)
{
	const char *p = buf, *end = buf + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl > p)
			fprintf(stderr, "  gnuplot: %.*s\n", (int)(nl - p), p);
		p = nl + 1;
	}
	if (cut)
		fputs("  gnuplot: ...\n", stderr);
}

/*
 * Run gnuplot on the script file (named on its command line: gnuplot reads
 * a script on stdin a byte at a time, twenty times slower), with stdin from
 * /dev/null.  Its stdout goes to out_fd, or with its stderr when out_fd is
 * -1; its stderr is captured.  0 when it exited 0 and printed nothing on
 * stderr; else EXIT_OUTPUT after a message that shows what it printed.
 */
static int
run_gnuplot(const char *script, int out_fd, const char *what)
{
	const char *gp = getenv("LRFIND_GNUPLOT");
	posix_spawn_file_actions_t fa;
	char *argv[3];
	char buf[ERRMAX];
	size_t len = 0;
	bool cut = false;
	int p[2], rc, wst;
	pid_t pid;
	ssize_t k;

	if (gp == NULL || *gp == '\0')
		gp = "gnuplot";
	if (pipe(p) != 0) {
		warn("pipe");
		return EXIT_OUTPUT;
	}
	cloexec(p[0]);
	cloexec(p[1]);
	if (out_fd >= 0)
		cloexec(out_fd);
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0) {
		close(p[0]);
		close(p[1]);
		warnx("%s", strerror(rc));
		return EXIT_OUTPUT;
	}
	rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa,
		    out_fd >= 0 ? out_fd : p[1], STDOUT_FILENO);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, p[1], STDERR_FILENO);
	argv[0] = (char *)gp;
	argv[1] = (char *)script; /* absolute: never taken for an option */
	argv[2] = NULL;
	if (rc == 0)
		rc = posix_spawnp(&pid, gp, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc == 0)
		cleanup_child(pid); /* ended with us by a signal */
	if (rc != 0) {
		close(p[0]);
		if (rc == ENOENT)
			warnx("%s: cannot render: %s not found%s; install gnuplot "
			      "(Debian: apt install gnuplot-nox), or name it in "
			      "LRFIND_GNUPLOT; --gnuplot FILE writes the script "
			      "without it",
			    what, gp, strchr(gp, '/') ? "" : " on PATH");
		else
			warnx("%s: cannot run %s: %s", what, gp, strerror(rc));
		return EXIT_OUTPUT;
	}
	for (;;) {
		char tmp[4096];

		k = read(p[0], tmp, sizeof(tmp));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (len + (size_t)k <= sizeof(buf)) {
			memcpy(buf + len, tmp, (size_t)k);
			len += (size_t)k;
		} else {
			memcpy(buf + len, tmp, sizeof(buf) - len);
			len = sizeof(buf);
			cut = true;
		}
	}
	close(p[0]);
	while (waitpid(pid, &wst, 0) < 0)
		if (errno != EINTR) {
			warn("waitpid");
			cleanup_child(0);
			return EXIT_OUTPUT;
		}
	cleanup_child(0);
	if (WIFEXITED(wst) && WEXITSTATUS(wst) == 0 && len == 0)
		return 0;
	if (WIFEXITED(wst) && WEXITSTATUS(wst) == 127 && len == 0)
		/* some posix_spawnp report a failed exec this way */
		warnx("%s: cannot render: %s not found%s; install gnuplot "
		      "(Debian: apt install gnuplot-nox), or name it in "
		      "LRFIND_GNUPLOT; --gnuplot FILE writes the script "
		      "without it",
		    what, gp, strchr(gp, '/') ? "" : " on PATH");
	else if (WIFEXITED(wst) && WEXITSTATUS(wst) == 0)
		warnx("%s: gnuplot printed messages; output not kept", what);
	else if (WIFEXITED(wst))
		warnx("%s: gnuplot failed (exit status %d)", what,
		    WEXITSTATUS(wst));
	else if (WIFSIGNALED(wst))
		warnx("%s: gnuplot killed by signal %d", what, WTERMSIG(wst));
	else
		warnx("%s: gnuplot failed", what);
	show_messages(buf, len, cut);
	return EXIT_OUTPUT;
}

/* The name pattern of the script's temporary file, in $TMPDIR when that
 * is an absolute path, else in /tmp. */
static int
script_name(char *buf, size_t size)
{
	const char *dir = getenv("TMPDIR");
	int n;

	if (dir == NULL || dir[0] != '/')
		dir = "/tmp";
	n = snprintf(buf, size, "%s/lrfind-plot.XXXXXX", dir);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Copy a text plot from in to out, without the form feed the dumb
 * terminal puts ahead of each page. */
/* Copy what gnuplot wrote (a text plot without its leading form feed):
 * the bytes copied, or -1 on a read or write error. */
static long long
copy_out(FILE *in, FILE *out, bool text)
{
	char buf[8192];
	size_t n;
	bool first = true;
	long long total = 0;

	if (fseek(in, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		const char *p = buf;

		if (first && text && buf[0] == '\f') {
			p++;
			n--;
		}
		first = false;
		if (n > 0 && fwrite(p, 1, n, out) != n)
			return -1;
		total += (long long)n;
	}
	return ferror(in) ? -1 : total;
}

int
cli_plot_check(const char *script, const char *render, bool stdout_taken)
{
	const unsigned char *c;

	if (stdout_taken &&
	    ((script != NULL && strcmp(script, "-") == 0) ||
		(render != NULL && strcmp(render, "-") == 0))) {
		warnx("--%s -: standard output carries the lrs; write the %s "
		      "to a file",
		    script != NULL && strcmp(script, "-") == 0 ? "gnuplot" :
								 "plot",
		    script != NULL && strcmp(script, "-") == 0 ? "script" :
								 "plot");
		return EXIT_USAGE;
	}
	if (render == NULL)
		return 0;
	if (kind_of(render) == K_UNKNOWN) {
		warnx("--plot: %s: unknown file type: expected .png, .svg, .pdf "
		      "or .txt, or '-' for the terminal",
		    render);
		return EXIT_USAGE;
	}
	if (kind_of(render) != K_TERMINAL)
		for (c = (const unsigned char *)render; *c != '\0'; c++)
			if (*c < 0x20 || *c == 0x7f) {
				warnx("--plot: the file name holds a control "
				      "character; choose another name");
				return EXIT_USAGE;
			}
	return 0;
}

static int
render(const char *path, const struct plot_request *pr,
    const struct plot_opts *po)
{
	enum kind k = kind_of(path);
	struct outfile of;
	char err[512];
	FILE *sf = NULL, *text = NULL; /* text: what gnuplot writes */
	long long copied;
	char sp[4096];
	int rc, fd;
	bool file = k != K_TERMINAL, is_text = k == K_TXT || k == K_TERMINAL;
	const char *what = file ? path : "--plot -";

	if (k == K_UNKNOWN) {
		warnx("--plot: %s: unknown file type: expected .png, .svg, .pdf "
		      "or .txt, or '-' for the terminal",
		    path);
		return EXIT_USAGE;
	}
	if (file) {
		const unsigned char *c;

		for (c = (const unsigned char *)path; *c != '\0'; c++)
			if (*c < 0x20 || *c == 0x7f) {
				warnx("--plot: the file name holds a control "
				      "character; choose another name");
				return EXIT_USAGE;
			}
	}
	/* the script goes through a temporary file, a text plot through
	 * an unlinked one */
	if (script_name(sp, sizeof(sp)) != 0) {
		warnx("--plot: TMPDIR is too long");
		return EXIT_OUTPUT;
	}
	if ((fd = mkstemp(sp)) >= 0)
		(void)cleanup_add(sp); /* removed if a signal ends us */
	if (fd < 0 || (sf = fdopen(fd, "w")) == NULL ||
	    (text = tmpfile()) == NULL) {
		warn("--plot: temporary file");
		if (fd >= 0) {
			if (sf != NULL)
				fclose(sf);
			else
				close(fd);
			unlink(sp);
			cleanup_drop(sp);
		}
		return EXIT_OUTPUT;
	}
	if (file && outfile_open(&of, path, err, sizeof(err)) != 0) {
		warnx("%s", err);
		fclose(sf);
		unlink(sp);
		cleanup_drop(sp);
		if (text != NULL)
			fclose(text);
		return EXIT_OUTPUT;
	}
	if (file)
		cloexec(fileno(of.fp));
	/* gnuplot writes to its standard output, which we capture and copy
	 * ourselves: it does not notice a write error, we do */
	if (put_terminal(sf, k, NULL, po->slope_panel, pr->n) != 0 ||
	    plot_write(sf, pr->runs, pr->n, po) != 0 ||
	    (!is_text && fputs("unset output\n", sf) == EOF) ||
	    fflush(sf) != 0 || ferror(sf)) {
		warnx("%s: cannot write the script: %s", what, sp);
		rc = EXIT_OUTPUT;
		goto out;
	}
	rc = run_gnuplot(sp, fileno(text), what);
	if (rc != 0)
		goto out;
	if ((copied = copy_out(text, file ? of.fp : stdout, is_text)) < 0) {
		warn("%s: write error", file ? path : "stdout");
		rc = EXIT_OUTPUT;
		goto out;
	}
	if (copied == 0) {
		warnx("%s: gnuplot wrote nothing; output not kept", what);
		rc = EXIT_OUTPUT;
		goto out;
	}
	if (!file && fflush(stdout) != 0) {
		warn("write error: stdout");
		rc = EXIT_OUTPUT;
	}
out:
	fclose(sf);
	unlink(sp);
	cleanup_drop(sp);
	if (text != NULL)
		fclose(text);
	if (file) {
		if (rc != 0)
			outfile_abort(&of);
		else if (outfile_commit(&of, err, sizeof(err)) != 0) {
			warnx("%s", err);
			rc = EXIT_OUTPUT;
		}
	}
	return rc;
}

int
cli_plot(const struct plot_request *pr)
{
	struct plot_opts po;
	int status = 0, st;

	plot_opts_default(&po);
	po.slope_panel = pr->slope_panel != 0;
	if (pr->script != NULL && (st = write_script(pr->script, pr, &po)) != 0)
		status = st;
	if (pr->render != NULL && (st = render(pr->render, pr, &po)) != 0 &&
	    status == 0)
		status = st;
	return status;
}
