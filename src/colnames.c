/* colnames.c: the names of the step, the lr and the loss (colnames.h) */
#include <strings.h>

#include "colnames.h"

static const char *const lr_alias[] = { "lr", "learning_rate", "learning-rate",
	"learning rate", "learningrate", "train/lr", "train/learning_rate",
	"train/learning-rate", "lr/train", NULL };
static const char *const loss_alias[] = { "loss", "train_loss", "training_loss",
	"train/loss", "loss_step", "train_loss_step", "train/loss_step",
	"training/loss", "loss/train", "batch_loss", NULL };
static const char *const step_alias[] = { "step", "iteration", "iter", "batch",
	"global_step", "it", "trainer/global_step", "batch_idx", "_step",
	NULL };

int
colnames_pick(enum colrole role, const char *const *names, size_t n)
{
	const char *const *alias = role == COLROLE_STEP ? step_alias :
	    role == COLROLE_LR                          ? lr_alias :
							  loss_alias;
	size_t i, k;

	for (k = 0; alias[k] != NULL; k++)
		for (i = 0; i < n; i++)
			if (names[i] != NULL &&
			    strcasecmp(names[i], alias[k]) == 0)
				return (int)i;
	if (role == COLROLE_LR) /* Lightning: lr-SGD, lr-Adam/pg1 */
		for (i = 0; i < n; i++)
			if (names[i] != NULL &&
			    strncasecmp(names[i], "lr-", 3) == 0)
				return (int)i;
	return -1;
}

const char *
colnames_loss_list(void)
{
	return "loss, train_loss, training_loss, train/loss, loss_step, "
	       "train_loss_step, Loss/train or batch_loss";
}
