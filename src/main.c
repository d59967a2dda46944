/* main.c: lrfind's entry: dispatch to a subcommand's front end (cli_*.c) */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "cli.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
} subcommands[] = {
	{ "analyze", cli_analyze },
	{ "schedule", cli_schedule },
	{ "train", cli_train },
	{ "drive", cli_drive },
};
#define NSUB (sizeof(subcommands) / sizeof(subcommands[0]))

static int (*find_subcommand(const char *name))(int, char **)
{
	size_t i;

	for (i = 0; i < NSUB; i++)
		if (strcmp(name, subcommands[i].name) == 0)
			return subcommands[i].run;
	return NULL;
}

/* The subcommand word may be a typo of, or NULL. */
static const char *
near_subcommand(const char *word)
{
	const char *names[NSUB + 1];
	size_t i;

	for (i = 0; i < NSUB; i++)
		names[i] = subcommands[i].name;
	names[NSUB] = "help";
	return cli_suggest(word, strlen(word), names, NSUB + 1);
}

/* lrfind help [SUBCOMMAND]: the subcommand's --help (analyze's: lrfind's). */
static int
help(int argc, char **argv)
{
	char *args[] = { "analyze", "--help", NULL };
	int (*run)(int, char **) = cli_analyze;
	const char *near;
	char shown[256];

	if (argc > 2)
		return cli_usage(NULL, "help: unexpected argument '%s'",
		    cli_shown(argv[2], shown, sizeof(shown)));
	if (argc == 2 && strcmp(argv[1], "help") != 0 &&
	    (run = find_subcommand(argv[1])) == NULL) {
		cli_shown(argv[1], shown, sizeof(shown));
		if ((near = near_subcommand(argv[1])) != NULL)
			return cli_usage(NULL,
			    "help: unknown subcommand '%s': "
			    "did you mean %s?",
			    shown, near);
		return cli_usage(NULL,
		    "help: unknown subcommand '%s': "
		    "expected analyze, schedule, train or drive",
		    shown);
	}
	if (run == NULL)
		run = cli_analyze;
	if (argc == 2)
		args[0] = argv[1];
	return run(2, args);
}

int
main(int argc, char **argv)
{
	int (*run)(int, char **);
	const char *near;
	char shown[256];
	struct stat sb;
	int status;

	/* a signal that ends us removes our temporary files and child */
	cleanup_install();
	if (argc > 1 && strcmp(argv[1], "help") == 0)
		status = help(argc - 1, argv + 1);
	else if (argc > 1 && (run = find_subcommand(argv[1])) != NULL) {
		status = run(argc - 1, argv + 1);
		if (run == cli_drive)
			return status; /* it closed stdout */
	} else if (argc > 1 && argv[1][0] != '-' && stat(argv[1], &sb) != 0 &&
	    (near = near_subcommand(argv[1])) != NULL)
		/* no file of that name, and a word a letter or two off a
		 * subcommand: a typo, not a log to read */
		status = cli_usage(NULL,
		    "'%s' is neither a file nor a "
		    "subcommand: did you mean %s?",
		    cli_shown(argv[1], shown, sizeof(shown)), near);
	else
		status = cli_analyze(argc, argv);
	if (status == 0 && fclose(stdout) != 0) {
		warn("write error: stdout");
		status = EXIT_OUTPUT;
	}
	return status;
}
