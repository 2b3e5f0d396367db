/* invigil — lookups inside cached exam content. */
#include "config.h"

#include "invigil/model.h"

const struct ex_question *exam_question(const struct exam_content *ec, int64_t eq_id)
{
	for (size_t i = 0; i < ec->nquestions; i++)
		if (ec->questions[i].eq_id == eq_id)
			return &ec->questions[i];
	return NULL;
}

const struct ex_question *exam_question_by_id(const struct exam_content *ec, int64_t question_id)
{
	for (size_t i = 0; i < ec->nquestions; i++)
		if (ec->questions[i].question_id == question_id)
			return &ec->questions[i];
	return NULL;
}

const struct ex_option *question_option(const struct ex_question *q, int64_t option_id)
{
	for (size_t i = 0; i < q->noptions; i++)
		if (q->options[i].id == option_id)
			return &q->options[i];
	return NULL;
}

const struct ex_subject *exam_subject(const struct exam_content *ec, int64_t id)
{
	for (size_t i = 0; i < ec->nsubjects; i++)
		if (ec->subjects[i].id == id)
			return &ec->subjects[i];
	return NULL;
}

int exam_section_index(const struct exam_content *ec, int64_t section_id)
{
	for (size_t i = 0; i < ec->nsections; i++)
		if (ec->sections[i].id == section_id)
			return (int)i;
	return -1;
}
