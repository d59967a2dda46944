/* csvonly.c: libcsv's tokenizer alone over a file, the analyze benchmark's floor */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The same options and read size as lrfind's reader; callbacks count. */
static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(*(long *)data)++;
}

static void
on_row(int term, void *data)
{
	(void)term;
	(void)data;
}

int
main(int argc, char **argv)
{
	static char buf[256 * 1024];
	struct csv_parser p;
	long fields = 0;
	ssize_t got;
	int fd;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0)
		return 2;
	if (csv_init(&p,
		CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
		    CSV_REPALL_NL) != 0)
		return 1;
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		csv_parse(&p, buf, (size_t)got, on_field, on_row, &fields);
	csv_fini(&p, on_field, on_row, &fields);
	csv_free(&p);
	printf("%ld fields\n", fields);
	return 0;
}
