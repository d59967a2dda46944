/* cli.h: the front end's subcommands and exit statuses (main.c, cli_*.c) */
#ifndef LRFIND_CLI_H
#define LRFIND_CLI_H

#include <stddef.h>

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

#endif
