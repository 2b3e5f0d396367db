/* invigil — names of the domain's enums. */
#include "config.h"

#include <string.h>

#include "invigil/model.h"

static const char *const role_names[ROLE__MAX] = {
	"learner",    /* ROLE_LEARNER */
	"instructor", /* ROLE_INSTRUCTOR */
	"admin",      /* ROLE_ADMIN */
};

int role_parse(const char *s)
{
	for (int i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

const char *role_name(enum role role)
{
	return (unsigned)role < ROLE__MAX ? role_names[role] : "learner";
}

static const struct {
	enum question_type type;
	const char *name;
} question_types[] = {
	{QT_SINGLE, "single_choice"}, {QT_MULTIPLE, "multiple_choice"}, {QT_TRUE_FALSE, "true_false"},
	{QT_NUMERIC, "numeric"},      {QT_SHORT_TEXT, "short_text"},    {QT_ESSAY, "essay"},
};

const char *question_type_name(enum question_type t)
{
	for (size_t i = 0; i < sizeof(question_types) / sizeof(question_types[0]); i++)
		if (question_types[i].type == t)
			return question_types[i].name;
	return "essay";
}

enum question_type question_type_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(question_types) / sizeof(question_types[0]); i++)
		if (strcmp(s, question_types[i].name) == 0 || (s[0] == (char)question_types[i].type && s[1] == '\0'))
			return question_types[i].type;
	return 0;
}

bool question_takes_options(enum question_type t)
{
	return t == QT_SINGLE || t == QT_MULTIPLE || t == QT_TRUE_FALSE;
}

bool question_single_pick(enum question_type t)
{
	return t == QT_SINGLE || t == QT_TRUE_FALSE;
}

/* In enum lesson_kind order; the values of lessons.kind. */
static const char *const lesson_kinds[] = {"quiz", "exam", "video", "attachment", "html", "video_conference"};

static const char *const answer_results[] = {"unanswered", "correct", "incorrect", "partial", "pending"};

const char *answer_result_name(enum answer_result r)
{
	return (unsigned)r < sizeof(answer_results) / sizeof(answer_results[0]) ? answer_results[r] : answer_results[0];
}

enum answer_result answer_result_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(answer_results) / sizeof(answer_results[0]); i++)
		if (strcmp(name, answer_results[i]) == 0)
			return (enum answer_result)i;
	return AR_UNANSWERED;
}

const char *lesson_kind_name(enum lesson_kind k)
{
	return (unsigned)k < sizeof(lesson_kinds) / sizeof(lesson_kinds[0]) ? lesson_kinds[k] : "html";
}

enum lesson_kind lesson_kind_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(lesson_kinds) / sizeof(lesson_kinds[0]); i++)
		if (strcmp(s, lesson_kinds[i]) == 0)
			return (enum lesson_kind)i;
	return LESSON_HTML;
}

bool lesson_runs_exam(enum lesson_kind k)
{
	return k == LESSON_QUIZ || k == LESSON_EXAM;
}
