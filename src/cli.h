/* cli.h: the front end's subcommands and exit statuses (main.c, cli_*.c) */
#ifndef LRFIND_CLI_H
#define LRFIND_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "logsource.h"
#include "report.h"

/* Exit statuses, as the man page's EXIT STATUS lists them. */
enum {
	EXIT_INPUT = 1,		/* unreadable or malformed input */
	EXIT_USAGE = 2,		/* bad options or arguments */
	EXIT_NOANSWER = 3,	/* no suggestion possible (too few points) */
	EXIT_OUTPUT = 4		/* an output could not be written or rendered */
};

/*
 * Each subcommand parses its own options (argv[0] is its name), prints its
 * own messages and returns an exit status; only main() exits.
 */
int cli_schedule(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_drive(int argc, char **argv);

/*
 * One option of a subcommand (cli_opts.c): --name, its short letter (0 for
 * none), whether it takes a value, and a mask the parser does not read (the
 * subcommand's own: the policies or modes the option applies to).  Tables
 * of them are static and outlive every parse.
 */
struct cli_opt {
	const char *name;
	char letter;
	bool arg;
	unsigned use;
};

/* How a subcommand reads its command line. */
struct cli_syntax {
	const struct cli_opt *opts;
	int nopts;
	int npos;	/* operands taken; one more is "unexpected argument" */
	bool dashdash;	/* "--" ends the options (else it is an unknown one) */
	bool bundle;	/* short letters bundle (-qv, -m X, -mX); else a letter
			   stands alone and "-x..." is unknown as a whole */
};

/*
 * Read argv[1..argc-1] (argv[0] is the subcommand): val[i] gets the text
 * given to opts[i] ("" for a flag; the last one given wins) and stays NULL
 * if it is absent; pos[0..npos-1] gets the operands in order (pos may be
 * NULL when npos is 0).  val (nopts entries, all NULL on entry) and pos are
 * the caller's; the strings they get are argv's, borrowed, never freed.
 * --name=value and --name value both give a value.  Returns 0, or
 * EXIT_USAGE after one message on stderr (the caller adds its synopsis).
 */
int cli_parse(const struct cli_syntax *sx, int argc, char **argv,
    const char **val, const char **pos);

/* The index of the option named name[0..len-1] (no "--"), or -1. */
int cli_find_long(const struct cli_syntax *sx, const char *name, size_t len);

/*
 * A whole number in decimal digits alone (no sign, no space, not empty)
 * that fits an unsigned long long: true, and *out gets it.  No message.
 */
bool cli_whole(const char *s, unsigned long long *out);

/*
 * A name as a message may show it: s with every control byte (below 0x20,
 * and 0x7f) replaced by '?', so that no file name can move the cursor or
 * recolour a terminal; cut at sz - 1 bytes.  Returns buf.
 */
const char *cli_shown(const char *s, char *buf, size_t sz);

/*
 * An engine's message in the front end's words: msg with each "{field}"
 * replaced by the text map gives it (map: pairs of field name and text,
 * ended by NULL; a field not in map stays its bare name).  Returns buf,
 * cut at sz - 1 bytes.
 */
const char *cli_fields(char *buf, size_t sz, const char *msg,
    const char *const *map);

/*
 * Open the log path names ('-': stdin; a folder: event files or an MLflow
 * run) and read it into rt (or, with so->list, its scalars into the list),
 * as logsource_read does; track: register its fd as an input no output may
 * replace (outfile.h).  0, or EXIT_INPUT after a message naming the file;
 * a warning when an event file was cut short.
 */
int cli_read_log(const char *path, const struct logread_opts *lo,
    const struct logsource_opts *so, bool track, struct rangetest *rt,
    struct logread_result *res, struct logsource_result *sres);

/* What to plot: runs are borrowed; script and render are file names or NULL. */
struct plot_request {
	const struct report_run *runs;
	size_t n;
	const char *script;	/* --gnuplot FILE */
	const char *render;	/* --plot FILE ('-': the terminal) */
	int slope_panel;
};

/* Write the script and/or render the plot; 0 or an exit status. */
int cli_plot(const struct plot_request *pr);

/*
 * Check --gnuplot and --plot before any row is read, so that a mistake is
 * not found only after a whole live run: the file type and the name of
 * render, and, when stdout_taken (drive, whose stdout carries the lrs), no
 * '-' for either.  0, or EXIT_USAGE after a message.  Either may be NULL.
 */
int cli_plot_check(const char *script, const char *render, bool stdout_taken);

#endif
