/* tfseeds.c: write the seed corpus of fuzz_tfevents (mkcorpus.sh runs it)
 *
 *	tfseeds DIR
 *
 * Event files written by tests/tfwrite.c: whole (option byte 0 or 1, the
 * file as it is) and as their records' data for the harness to frame
 * (option byte 2, 3 or with a cut), see fuzz_tfevents.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tfwrite.h"

static const char *dir;

static void
save(const char *name, unsigned opt, const unsigned char *b, size_t n)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL || fputc((int)opt, fp) == EOF ||
	    fwrite(b, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

/* The file itself, and its records' data after a length byte each
 * (records of more than 255 bytes are left out of the second). */
static void
both(const char *name, unsigned opt, const struct tfw *w)
{
	unsigned char *b = malloc(w->len + w->nrec + 1);
	char nm[256];
	size_t i, n = 0, at, dl;

	if (b == NULL)
		exit(1);
	save(name, opt & 1, w->buf, w->len);
	for (i = 0; i < w->nrec; i++) {
		at = w->rec_at[i];
		dl = (i + 1 < w->nrec ? w->rec_at[i + 1] : w->len) - at - 16;
		if (dl > 255)
			continue;
		b[n++] = (unsigned char)dl;
		memcpy(b + n, w->buf + at + 12, dl);
		n += dl;
	}
	snprintf(nm, sizeof(nm), "%s_framed", name);
	save(nm, opt | 2, b, n);
	free(b);
}

int
main(int argc, char **argv)
{
	static const enum tfw_form forms[] = { TFW_SIMPLE, TFW_FLOAT_VAL,
		TFW_FLOAT_VAL_UNPACKED, TFW_FLOAT_VAL_1X1, TFW_DOUBLE_VAL,
		TFW_DOUBLE_VAL_UNPACKED, TFW_CONTENT_FLOAT, TFW_CONTENT_DOUBLE,
		TFW_HALF_BITS, TFW_BFLOAT16_BITS, TFW_FLOAT_VAL_2,
		TFW_FLOAT_VAL_FILL, TFW_CONTENT_FLOAT_3, TFW_INT_VAL, TFW_HISTO,
		TFW_IMAGE };
	struct tfw w;
	struct tfw_event e;
	size_t i;
	int s;

	if (argc != 2) {
		fprintf(stderr, "usage: tfseeds DIR\n");
		return 2;
	}
	dir = argv[1];

	/* as tensorboardX and Hugging Face write: simple_value */
	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	for (s = 0; s < 8; s++) {
		tfw_scalar(&w, s, "train/loss", TFW_SIMPLE, 2.3 - 0.2 * s);
		tfw_scalar(&w, s, "train/learning_rate", TFW_SIMPLE,
		    1e-5 * (1 << s));
	}
	both("simple", 0, &w);
	tfw_cut(&w, w.len - 7);
	save("simple_cut", 1, w.buf, w.len);
	tfw_free(&w);

	/* as TF2 writes: a DT_FLOAT tensor, and a text summary */
	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	tfw_event_begin(&e, 1.7e9, TFW_NO_STEP);
	tfw_event_text(&e, "args/text_summary", "{\"lr\": 0.001}");
	tfw_event_end(&w, &e);
	for (s = 0; s < 6; s++)
		tfw_scalar(&w, s, "epoch_loss", TFW_CONTENT_FLOAT,
		    1.0 / (s + 1));
	both("tf2", 1, &w);
	tfw_flip(&w, w.rec_at[3] + 14, 0x20);
	save("tf2_flipped", 0, w.buf, w.len);
	tfw_free(&w);

	/* every value form, one Event each, and several in one Event */
	tfw_init(&w);
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		tfw_scalar(&w, (int64_t)i, "v", forms[i],
		    forms[i] == TFW_HALF_BITS || forms[i] == TFW_BFLOAT16_BITS ?
			0x3c00 :
			0.5);
	tfw_event_begin(&e, 1.7e9, 99);
	tfw_event_value(&e, "a", TFW_SIMPLE, 1);
	tfw_event_value(&e, "", TFW_SIMPLE, 2);
	tfw_event_value(&e, "b", TFW_DOUBLE_VAL, 3);
	tfw_event_text(&e, "c", "text");
	tfw_event_end(&w, &e);
	tfw_event_begin(&e, 1.7e9, TFW_NO_STEP);
	tfw_event_graph_def(&e, 40);
	tfw_event_end(&w, &e);
	tfw_scalar(&w, -3, "neg", TFW_SIMPLE, -1);
	both("forms", 0, &w);
	tfw_free(&w);
	return 0;
}
