/* cli_data.c: train's data set, loaded, split and standardised, with its
 * messages (cli.h) */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "dataset.h"
#include "outfile.h"

/* The synthetic task when there is no --data. */
#define SYN_SAMPLES 10000
#define SYN_DIM 32
#define SYN_CLASSES 10

/* Remember an input file so that no output is written over it. */
static void
register_input(const char *path)
{
	int fd;

	if ((fd = open(path, O_RDONLY)) >= 0) {
		(void)outfile_add_input(fd);
		close(fd);
	}
}

int
cli_load_data(const char *data, const char *label_col, double holdout,
    uint64_t seed, bool fit, struct dataset *train, struct dataset *test,
    const char **name)
{
	static const char *const idx[] = { "train-images-idx3-ubyte",
		"train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
		"t10k-labels-idx1-ubyte" };
	struct dataset all;
	struct stat sb;
	char err[512], path[4096];
	enum ds_status st;
	bool global = false, has_test = false;
	int i, k;

	memset(train, 0, sizeof(*train));
	memset(test, 0, sizeof(*test));
	memset(&all, 0, sizeof(all));
	if (data == NULL) {
		*name = "synthetic";
		st = ds_synthetic(&all, SYN_SAMPLES, SYN_DIM, SYN_CLASSES, seed,
		    err, sizeof(err));
	} else if (stat(data, &sb) != 0) {
		warn("%s", data);
		return EXIT_INPUT;
	} else if (S_ISDIR(sb.st_mode)) {
		*name = data;
		for (i = 0; i < 4; i++)
			for (k = 0; k < 2; k++) {
				snprintf(path, sizeof(path), "%s/%s%s", data,
				    idx[i], k ? ".gz" : "");
				register_input(path);
			}
		/* the test set is read only when a fit needs it; its
		 * presence alone means the training set is not split */
		has_test = ds_idx_dir_has_test(data);
		st = ds_load_idx_dir(data, train, fit ? test : NULL, err,
		    sizeof(err));
		global = true; /* pixels share one scale */
	} else {
		*name = data;
		register_input(data);
		st = ds_load_csv(data, label_col, &all, err, sizeof(err));
	}
	/* no test set: hold a part of the data out (views: nothing copied) */
	if (st == DS_OK && all.n == 0 && !has_test) {
		all = *train;
		memset(train, 0, sizeof(*train));
	}
	if (st == DS_OK && all.n > 0)
		st = ds_split(&all, holdout, seed, train, test, err,
		    sizeof(err));
	ds_free(&all);
	if (st != DS_OK) {
		if (st == DS_ERR_NOMEM)
			warnx("%s: out of memory", *name);
		else
			warnx("%s", err);
		ds_free(train);
		ds_free(test);
		return EXIT_INPUT;
	}
	ds_standardise(train, test, global);
	return 0;
}
