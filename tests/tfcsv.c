/* tfcsv.c: a range test's CSV (step,lr,loss, header first) on stdin as a
 * TensorBoard event file, for the end-to-end tests (tests/cli_formats.sh):
 *   tfcsv FORM OUT [FROM [TO]]
 * FORM: simple (float, as most writers), double (double_val), content
 * (8 bytes of tensor_content), float_val; rows FROM <= i < TO only (for
 * a run spread over two files).  Tags train/loss and train/learning_rate
 * in one Event a step, after a file_version Event and a text summary;
 * FORM "single": simple_value, but an Event for each scalar, as PyTorch's
 * SummaryWriter.add_scalar and Hugging Face's Trainer write them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tfwrite.h"

int
main(int argc, char **argv)
{
	struct tfw w;
	struct tfw_event e;
	enum tfw_form f;
	char line[256];
	long long step;
	double lr, loss;
	long i = 0, from = 0, to = -1;
	int single;

	if (argc < 3) {
		fprintf(stderr,
		    "usage: tfcsv simple|single|double|content|float_val OUT [FROM [TO]]\n");
		return 2;
	}
	f = strcmp(argv[1], "double") == 0    ? TFW_DOUBLE_VAL :
	    strcmp(argv[1], "content") == 0   ? TFW_CONTENT_DOUBLE :
	    strcmp(argv[1], "float_val") == 0 ? TFW_FLOAT_VAL :
						TFW_SIMPLE;
	single = strcmp(argv[1], "single") == 0;
	if (argc > 3)
		from = atol(argv[3]);
	if (argc > 4)
		to = atol(argv[4]);
	tfw_init(&w);
	tfw_file_version(&w, "brain.Event:2");
	tfw_event_begin(&e, 1.7e9, 0);
	tfw_event_text(&e, "args/text_summary", "{\"lr\": 1e-5}");
	tfw_event_end(&w, &e);
	if (fgets(line, sizeof(line), stdin) == NULL) /* the header */
		return 1;
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (sscanf(line, "%lld,%lf,%lf", &step, &lr, &loss) != 3)
			return 1;
		if (i >= from && (to < 0 || i < to) && single) {
			tfw_scalar(&w, step, "train/loss", TFW_SIMPLE, loss);
			tfw_scalar(&w, step, "train/learning_rate", TFW_SIMPLE,
			    lr);
		} else if (i >= from && (to < 0 || i < to)) {
			tfw_event_begin(&e, 1.7e9 + (double)i, step);
			tfw_event_value(&e, "train/loss", f, loss);
			tfw_event_value(&e, "train/learning_rate", f, lr);
			tfw_event_end(&w, &e);
		}
		i++;
	}
	if (tfw_save(&w, argv[2]) != 0) {
		perror(argv[2]);
		return 1;
	}
	tfw_free(&w);
	return 0;
}
