/* cli_log.c: a log named on the command line, opened and read, with its
 * messages (cli.h) */
#include <ctype.h>
#include <err.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"

/* The message of a log that could not be read: "NAME:LINE[:COL]: ..." for
 * a place in lines, "NAME: ..." for others, with the option that helps. */
static void
input_error(const char *name, const char *err,
    const struct logsource_result *sres, const char *const *flags)
{
	char shown[4096], msg[1024];
	size_t k = strspn(err, "0123456789");

	warnx(k > 0 && err[k] == ':' ? "%s:%s%s" : "%s: %s%s",
	    cli_shown(name, shown, sizeof(shown)),
	    fields_map(msg, sizeof(msg), err, flags),
	    sres->need_run ? " with --run" : "");
}

int
cli_read_log(const char *path, const struct logread_opts *lopts,
    const struct logsource_opts *so, bool track, struct rangetest *rt,
    struct logread_result *res, struct logsource_result *sres,
    const char *const *flags)
{
	struct logread_opts lo = *lopts;
	struct stat st;
	enum lr_status ls;
	char shown[4096];
	int is_stdin = strcmp(path, "-") == 0, fd;
	const char *name = is_stdin ? "<stdin>" : path;

	if (is_stdin)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) < 0) {
		warn("%s", cli_shown(path, shown, sizeof(shown)));
		return EXIT_INPUT;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (is_stdin) {
			warnx("%s: is a folder: expected a log file", name);
			return EXIT_INPUT;
		}
		close(fd);
		fd = -1; /* event files or an MLflow run */
	}
	if (track && fd >= 0 && outfile_add_input(fd) != 0) {
		warnx("out of memory");
		if (!is_stdin)
			close(fd);
		return EXIT_INPUT;
	}
	lo.name = name;
	ls = logsource_read(path, fd, &lo, so, rt, res, sres);
	if (is_stdin) {
		/* let the writer see the closed pipe now, not when we exit */
		if (res->stopped_early) {
			int nul = open("/dev/null", O_RDONLY);

			if (nul >= 0) {
				dup2(nul, STDIN_FILENO);
				close(nul);
			}
		}
	} else if (fd >= 0)
		close(fd);
	if (ls == LR_ERR_NOMEM) {
		warnx("%s: out of memory",
		    cli_shown(name, shown, sizeof(shown)));
		return EXIT_INPUT;
	}
	if (ls != LR_OK) {
		input_error(name, res->err, sres, flags);
		return EXIT_INPUT;
	}
	if (sres->truncated)
		warnx("%s: %s ends inside a record (a writer still at work, or "
		      "a cut file): read up to the last whole record",
		    cli_shown(name, shown, sizeof(shown)),
		    sres->truncated_file[0] != '\0' ? sres->truncated_file :
						      "the event file");
	return 0;
}
