/* invigil — the shape each question type must have, for every way of
 * authoring one (course packages, the assessments face). */
#include "config.h"

#include "invigil/rules.h"

static size_t count_correct(const struct content_question *q)
{
	size_t n = 0;

	for (size_t i = 0; i < q->noptions; i++)
		n += q->options[i].correct;
	return n;
}

const char *question_shape_problem(const struct content_question *q, const char **field)
{
	size_t correct = count_correct(q);

	*field = "options";
	switch (q->type) {
	case QT_SINGLE:
		if (q->noptions < 2)
			return "a single_choice question needs at least 2 options";
		return correct == 1 ? NULL : "exactly one option must be correct";
	case QT_TRUE_FALSE:
		if (q->noptions != 2)
			return "a true_false question has exactly 2 options";
		return correct == 1 ? NULL : "exactly one option must be correct";
	case QT_MULTIPLE:
		if (q->noptions < 2)
			return "a multiple_choice question needs at least 2 options";
		return correct >= 1 ? NULL : "at least one option must be correct";
	case QT_NUMERIC:
		if (q->noptions > 0)
			return "a numeric question has no options";
		*field = q->has_answer ? "tolerance" : "answer";
		if (!q->has_answer)
			return "a numeric question needs its answer";
		return q->tolerance < 0 ? "must not be negative" : NULL;
	case QT_SHORT_TEXT:
		return q->noptions >= 1 ? NULL : "a short_text question lists its accepted answers as options";
	case QT_ESSAY:
		return q->noptions == 0 ? NULL : "an essay question has no options";
	default:
		*field = "type";
		return "unknown question type";
	}
}
