/* drive.c: the co-process protocol of lrfind drive: one lr out, one loss in */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drive.h"
#include "linein.h"
#include "numparse.h"

int
drive_parse_loss(const char *line, size_t len, double *loss)
{
	size_t a = 0, b = len;
	char buf[128];

	while (a < b && (line[a] == ' ' || line[a] == '\t'))
		a++;
	while (b > a &&
	    (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\r'))
		b--;
	if (b - a == 0 || b - a >= sizeof(buf))
		return -1;
	memcpy(buf, line + a, b - a);
	buf[b - a] = '\0';
	return num_parse(buf, b - a, loss);
}

enum drive_end
drive_run(FILE *in, FILE *out, const struct sweep *sw, struct rangetest *rt,
    char *err, size_t errsz)
{
	char *line = NULL, lrbuf[32];
	size_t cap = 0, i;
	long len;
	enum drive_end end = DRIVE_DONE;

	for (i = 0; i < sw->iters; i++) {
		double lr = sweep_lr(sw, i), loss;

		if (fprintf(out, "%s\n", num_format(lrbuf, lr)) < 0 ||
		    fflush(out) != 0) {
			/* EPIPE: the trainer stopped reading; else say why */
			if (errno != EPIPE)
				snprintf(err, errsz, "%s", strerror(errno));
			end = DRIVE_GONE;
			break;
		}
		if ((len = linein_read(in, &line, &cap)) < 0) {
			if (len == LINEIN_LONG)
				snprintf(err, errsz,
				    "%zu: line longer than %d bytes: "
				    "expected the loss of the batch at lr %s, as one "
				    "number on a line",
				    i + 1, LINEIN_MAX, lrbuf);
			end = len == LINEIN_EOF ? DRIVE_EOF :
			    len == LINEIN_LONG  ? DRIVE_BAD_LINE :
						  DRIVE_NOMEM;
			break;
		}
		if (line[len - 1] == '\n')
			len--;
		if (drive_parse_loss(line, (size_t)len, &loss) != 0) {
			char shown[48];
			size_t k, n = (size_t)len < 40 ? (size_t)len : 40;

			for (k = 0; k < n; k++)
				shown[k] = line[k] >= 0x20 && line[k] < 0x7f ?
				    line[k] :
				    '?';
			shown[n] = '\0';
			snprintf(err, errsz,
			    "%zu: '%s%s' is not a number: expected "
			    "the loss of the batch at lr %s, as one number on a line",
			    i + 1, shown, (size_t)len > n ? "..." : "", lrbuf);
			end = DRIVE_BAD_LINE;
			break;
		}
		switch (rt_push(rt, (int64_t)i, lr, loss)) {
		case RT_MORE:
			continue;
		case RT_EXPLODED:
			end = DRIVE_EXPLODED;
			break;
		case RT_ERR_NEGATIVE:
			snprintf(err, errsz,
			    "%zu: loss %s is negative: the "
			    "explosion test ({diverge} times the best loss) needs "
			    "losses >= 0; add a constant to the loss, or turn the "
			    "test off with {diverge} 0",
			    i + 1, num_format(lrbuf, loss));
			end = DRIVE_BAD_LINE;
			break;
		default:
			end = DRIVE_NOMEM;
			break;
		}
		break;
	}
	free(line);
	return end;
}
