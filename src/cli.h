/* cli.h: the front end's subcommands and exit statuses (main.c, cli_*.c) */
#ifndef LRFIND_CLI_H
#define LRFIND_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "logsource.h"
#include "report.h"

/* Exit statuses, as the man page's EXIT STATUS lists them. */
enum {
	EXIT_INPUT = 1, /* unreadable or malformed input */
	EXIT_USAGE = 2, /* bad options or arguments */
	EXIT_NOANSWER = 3, /* no suggestion possible (too few points) */
	EXIT_OUTPUT = 4 /* an output could not be written or rendered */
};

/*
 * Each subcommand parses its own options (argv[0] is its name), prints its
 * own messages and returns an exit status; only main() exits.  main()
 * only dispatches: a first argument that names no subcommand goes to
 * cli_analyze whole.
 */
int cli_analyze(int argc, char **argv);
int cli_schedule(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_drive(int argc, char **argv);

/*
 * The option kit (cli_opts.c), one for every subcommand.
 *
 * Messages.  Every usage error is one line, then "Try 'lrfind [SUB ]--help'
 * for more information.", and exit status EXIT_USAGE.  The line reads
 *   --NAME: 'TEXT': expected WHAT       a value refused (grammar or range)
 *   unknown option '--x': did you mean --y?
 *   --a and --b cannot be combined      options that exclude each other
 *   --a needs --b, --a applies to ...   options that go together
 * and a relation between values (an engine's check, its "{field}"s mapped
 * by fields_map) names the options with their values: "--base-lr 0.01
 * must not exceed --max-lr (0.006 by default)".
 *
 * One option of a subcommand: --name, its short letter (0 for none),
 * whether it takes a value, and a mask the parser does not read (the
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
	const char *name; /* the subcommand, as its "Try" line names it;
				   NULL: lrfind itself (analyze) */
	const struct cli_opt *opts;
	int nopts;
	int npos; /* operands taken; one more is "unexpected argument";
			   -1: any number (pos must hold argc entries) */
	bool dashdash; /* "--" ends the options (else it is an unknown one) */
	bool bundle; /* short letters bundle (-qv, -m X, -mX); else a letter
			   stands alone and "-x..." is unknown as a whole */
};

/*
 * Read argv[1..argc-1] (argv[0] is the subcommand): val[i] gets the text
 * given to opts[i] ("" for a flag; the last one given wins) and stays NULL
 * if it is absent; pos[] gets the operands in order (pos may be NULL when
 * npos is 0), *npos (may be NULL) their number.  val (nopts entries, all
 * NULL on entry) and pos are the caller's; the strings they get are
 * argv's, borrowed, never freed.  --name=value and --name value both give
 * a value; a long name is never abbreviated.  Returns 0, or EXIT_USAGE
 * after the usage error (an unknown option with its "did you mean").
 */
int cli_parse(const struct cli_syntax *sx, int argc, char **argv,
    const char **val, const char **pos, int *npos);

/* The index of the option named name[0..len-1] (no "--"), or -1. */
int cli_find_long(const struct cli_syntax *sx, const char *name, size_t len);

/*
 * The one usage error: "lrfind: " and the message on stderr, then the
 * "Try" line of sx's subcommand.  Returns EXIT_USAGE.
 */
int cli_usage(const struct cli_syntax *sx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A value refused: "--NAME: 'text': expected what" (cli_usage). */
int cli_bad_value(const struct cli_syntax *sx, int id, const char *text,
    const char *what);

/*
 * The closest of names[0..n-1] to word[0..len-1], a likely typo of it (a
 * few letters off, or a prefix of it alone), or NULL.
 */
const char *
cli_suggest(const char *word, size_t len, const char *const *names, size_t n);

/*
 * The value parsers.  Each reads the text given to option id of sx and
 * returns 0 with *out set, or EXIT_USAGE after cli_bad_value.
 *
 * A number is decimal, as the logs are read (numparse.h): an optional
 * sign, digits with an optional point, an optional exponent (1e-3); no
 * hexadecimal, no space, finite.  bounds may be NULL (any number).
 */
struct cli_bounds {
	double lo, hi; /* -INFINITY and INFINITY: unbounded */
	unsigned open; /* CLI_LO_OPEN, CLI_HI_OPEN: excluded */
};
#define CLI_LO_OPEN 1u
#define CLI_HI_OPEN 2u
int cli_number(const struct cli_syntax *sx, int id, const char *text,
    const struct cli_bounds *bounds, double *out);

/* The bounds options share. */
extern const struct cli_bounds cli_positive; /* > 0 */
extern const struct cli_bounds cli_nonneg; /* >= 0 */
extern const struct cli_bounds cli_fraction; /* in (0, 1) */

/* A share of a whole, in (0, 1): a number, or a fraction A/B (one-cycle's
 * --pct-start 41/95).  0, or EXIT_USAGE after the message. */
int
cli_share(const struct cli_syntax *sx, int id, const char *text, double *out);
extern const struct cli_bounds cli_unit; /* in [0, 1] */
extern const struct cli_bounds cli_ema; /* in [0, 1): an EMA factor */
extern const struct cli_bounds cli_factor; /* >= 1 */

/* The number alone, no message: true and *out when text is one. */
bool cli_read_number(const char *text, double *out);

/* --diverge K: a number > 1, or 0 (never stop), as given. */
int
cli_diverge(const struct cli_syntax *sx, int id, const char *text, double *out);

/* The flags of a sweep's fields (sweep_check), for fields_map. */
extern const char *const cli_sweep_flags[];

/* The words for a report's warning fields (report_run.fields) in train and
 * drive, which read no log: their sweep flags, and analyze's for the
 * columns ("lrfind analyze --lr-col and --loss-col"). */
extern const char *const cli_run_flags[];

/* The batches of a range test (--iters): 2 to CLI_ITERS_MAX. */
#define CLI_ITERS_MAX (1ULL << 40)

/* A count: decimal digits alone (no sign, point or exponent), lo to hi. */
int cli_count(const struct cli_syntax *sx, int id, const char *text,
    unsigned long long lo, unsigned long long hi, unsigned long long *out);

/*
 * One of a list of names: *out gets its value.  The table ends with a
 * NULL name; an entry with the value of an earlier one is an alias, not
 * listed in the message.
 */
struct cli_name {
	const char *name;
	int value;
};
int cli_choice(const struct cli_syntax *sx, int id, const char *text,
    const struct cli_name *names, int *out);

/* The suggestion methods, for --method (minimum, blend, ...), and the
 * ends of a sweep, for --ends (excluded, included). */
extern const struct cli_name cli_methods[];
extern const struct cli_name cli_ends[];

/*
 * A list of min to max items separated by commas, each a number (whole:
 * a count) within bounds (may be NULL): out[0..*n-1].  what: the words
 * after "expected" in the message.
 */
int cli_list(const struct cli_syntax *sx, int id, const char *text,
    const char *what, bool whole, const struct cli_bounds *bounds, size_t min,
    size_t max, double *out, size_t *n);

/* Flush stdout: 0, or EXIT_OUTPUT after "write error: stdout". */
int cli_finish_stdout(void);

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
 * Open the log path names ('-': stdin; a folder: event files or an MLflow
 * run) and read it into rt (or, with so->list, its scalars into the list),
 * as logsource_read does; track: register its fd as an input no output may
 * replace (outfile.h).  0, or EXIT_INPUT after a message naming the file,
 * the reader's fields in it mapped by flags (fields_map; NULL: bare);
 * a warning when an event file was cut short.
 */
int cli_read_log(const char *path, const struct logread_opts *lo,
    const struct logsource_opts *so, bool track, struct rangetest *rt,
    struct logread_result *res, struct logsource_result *sres,
    const char *const *flags);

/*
 * train's data (cli_data.c): data, a folder of IDX files, a CSV file (its
 * label column label_col) or NULL for the synthetic task, into train and
 * test, standardised with the training set's statistics.  Without a test
 * set, a fraction holdout is held out (seeded with seed, which also seeds
 * the synthetic task); a folder's test files are read only when fit.  The
 * files are registered as inputs (outfile.h), and *name is what reports
 * call the data.  0, or EXIT_INPUT after a message.  Ownership: train and
 * test are the caller's, to ds_free; *name points into data or to a
 * static string.
 */
struct dataset;
int cli_load_data(const char *data, const char *label_col, double holdout,
    uint64_t seed, bool fit, struct dataset *train, struct dataset *test,
    const char **name);

/*
 * The one way a front end writes an output file: fn(fp, arg) writes it to
 * a temporary file beside path (outfile.h), which replaces path only when
 * every write succeeded; never an input, never standard output's file.
 * fn returns 0, or -1 after a failed write (errno set).  0, or EXIT_OUTPUT
 * after a message naming the file.  cli_write_log writes a range test's
 * log (step,lr,loss; report_log) that way.
 */
int cli_write_file(const char *path, int (*fn)(FILE *, const void *),
    const void *arg);
int cli_write_log(const char *path, const struct rangetest *rt);

/*
 * Check, before a long run, that path can be written as cli_write_file
 * would (its folder takes a temporary file; it is no input and not
 * standard output's file): 0, or EXIT_OUTPUT after the message.  A FIFO
 * or a device (written in place) is left unopened.
 */
int cli_check_output(const char *path);

/* What to plot: runs are borrowed; script and render are file names or NULL. */
struct plot_request {
	const struct report_run *runs;
	size_t n;
	const char *script; /* --gnuplot FILE */
	const char *render; /* --plot FILE ('-': the terminal) */
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
