/* invigil — the course face's JSON: SelfCommunity's Course, Course Section,
 * Course Lesson, Course Quiz Question and Course Quiz Attempt, with the keys
 * its SDK reads (tests/contract/selfcommunity-js.json; docs/course.md). */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/face_course.h"
#include "invigil/fmt.h"
#include "invigil/req.h"

static struct json_object *iso_or_null(int64_t ms)
{
	char buf[32];

	return ms > 0 ? json_object_new_string(fmt_iso8601_ms(ms, buf, sizeof(buf))) : NULL;
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

struct json_object *view_co_user(int64_t id, const char *username, const char *display_name)
{
	struct json_object *o = json_object_new_object();

	add(o, "id", json_object_new_int64(id));
	add(o, "username", json_object_new_string(username));
	add(o, "real_name", json_object_new_string(display_name ? display_name : ""));
	add(o, "avatar", NULL);
	add(o, "community_badge", json_object_new_boolean(false));
	add(o, "deleted", json_object_new_boolean(false));
	return o;
}

/* The course's creator; a course without staff has none, and the SDK
 * dereferences created_by: a deleted placeholder (no profile link is built). */
static struct json_object *creator(const struct course_outline *o)
{
	struct json_object *u;

	if (o->has_creator)
		return view_co_user(o->creator.id, o->creator.username, o->creator.display_name);
	u = view_co_user(0, "", "");
	json_object_object_add(u, "deleted", json_object_new_boolean(true));
	return u;
}

/* SelfCommunity's join_status of the learner the outline is for: null
 * without an enrollment (a global admin acting for itself: manager). */
static struct json_object *join_status(const struct course_outline *o)
{
	const struct enrollment *e = &o->en;

	if (!e->found)
		return o->learner_staff ? json_object_new_string("manager") : NULL;
	if (strcmp(e->status, "joined") != 0)
		return json_object_new_string(e->status);
	if (strcmp(e->role, "learner") == 0)
		return json_object_new_string("joined");
	return json_object_new_string(strcmp(e->role, "creator") == 0 ? "creator" : "manager");
}

static const char *lesson_type(const struct course_lesson *l)
{
	return lesson_runs_exam(l->kind) ? "quiz" : "lesson";
}

static const char *completion_name(enum lesson_completion c)
{
	return c == LC_COMPLETED ? "completed" : c == LC_FAILED ? "failed" : "uncompleted";
}

/* The lesson fields every lesson object has. */
static struct json_object *lesson_base(const struct course_lesson *l)
{
	struct json_object *o = json_object_new_object();

	add(o, "id", json_object_new_int64(l->id));
	add(o, "name", json_object_new_string(l->title));
	add(o, "type", json_object_new_string(lesson_type(l)));
	add(o, "status", json_object_new_string(l->published ? "published" : "draft"));
	add(o, "comments_enabled", json_object_new_boolean(false));
	add(o, "completion_status", json_object_new_string(completion_name(l->completion)));
	add(o, "locked", json_object_new_boolean(l->locked_by != REF_NONE));
	return o;
}

/* The section's own fields; lessons_order lists drafts only when drafts is set. */
static void section_fields(struct json_object *o, const struct course_outline *ol, const struct course_section *s,
                           bool drafts)
{
	struct json_object *order = json_object_new_array();

	add(o, "id", json_object_new_int64(s->id));
	add(o, "name", json_object_new_string(s->title));
	add(o, "dripped_at", iso_or_null(s->dripped_ms));
	add(o, "drip_delay", s->has_delay ? json_object_new_int64(s->drip_delay_days) : NULL);
	for (size_t i = s->first; i < s->first + s->nlessons; i++)
		if (drafts || ol->lessons[i].published)
			json_object_array_add(order, json_object_new_int64(ol->lessons[i].id));
	add(o, "lessons_order", order);
}

struct json_object *view_co_section(const struct course_outline *o, const struct course_section *s)
{
	struct json_object *v = json_object_new_object();

	section_fields(v, o, s, true);
	add(v, "num_lessons", json_object_new_int64(s->num_lessons));
	return v;
}

/* A section as the learner stands with it, with its lessons. */
static struct json_object *user_section(const struct course_outline *o, const struct course_section *s, bool drafts)
{
	struct json_object *v = json_object_new_object(), *lessons = json_object_new_array();

	section_fields(v, o, s, drafts);
	add(v, "available_date", iso_or_null(s->available_ms));
	add(v, "locked", json_object_new_boolean(s->locked));
	add(v, "num_lessons", json_object_new_int64(s->num_lessons));
	add(v, "num_lessons_completed", json_object_new_int64(s->num_completed));
	for (size_t i = s->first; i < s->first + s->nlessons; i++)
		if (drafts || o->lessons[i].published)
			json_object_array_add(lessons, lesson_base(&o->lessons[i]));
	add(v, "lessons", lessons);
	return v;
}

struct json_object *view_co_course(struct req *r, const struct course_outline *o, bool drafts)
{
	struct json_object *v = json_object_new_object(), *sections = json_object_new_array();
	const struct course *c = &o->course;

	(void)r;
	add(v, "id", json_object_new_int64(c->id));
	add(v, "name", json_object_new_string(c->title));
	add(v, "slug", json_object_new_string(c->slug));
	add(v, "description", json_object_new_string(c->description ? c->description : ""));
	add(v, "type", json_object_new_string(c->type == COURSE_STRUCTURED  ? "structured"
	                                      : c->type == COURSE_SCHEDULED ? "scheduled"
	                                                                    : "self-paced"));
	/* membership is by enrollment only (docs/course.md) */
	add(v, "privacy", json_object_new_string("private"));
	add(v, "enforce_lessons_order", json_object_new_boolean(c->enforce_order));
	add(v, "image_bigger", NULL);
	add(v, "image_medium", NULL);
	add(v, "categories", json_object_new_array());
	add(v, "created_at", iso_or_null(c->created_ms));
	add(v, "created_by", creator(o));
	add(v, "join_status", o->outline || o->en.found ? join_status(o) : NULL);
	for (size_t i = 0; i < o->nsections; i++)
		json_object_array_add(sections, user_section(o, &o->sections[i], drafts));
	add(v, "sections", sections);
	add(v, "num_sections", json_object_new_int64(o->num_sections));
	add(v, "num_lessons", json_object_new_int64(o->num_lessons));
	add(v, "num_lessons_completed", json_object_new_int64(o->num_completed));
	add(v, "user_completion_rate", json_object_new_int64(o->completion_rate));
	return v;
}

struct json_object *view_co_lesson(const struct course_outline *o, const struct course_lesson *l)
{
	struct json_object *v = lesson_base(l);

	add(v, "course_id", json_object_new_int64(o->course.id));
	add(v, "section_id", json_object_new_int64(l->section_id));
	/* course packages carry no lesson bodies (docs/course-package.md) */
	add(v, "html", json_object_new_string(""));
	return v;
}

/* SelfCommunity's quiz question types; only choice questions are listed
 * (its clients know no other; docs/course.md). */
static const char *question_type(enum question_type t)
{
	return question_single_pick(t) ? "single_choice" : "multi_choice";
}

static struct json_object *question_base(const struct ex_question *q)
{
	struct json_object *o = json_object_new_object();

	add(o, "id", json_object_new_int64(q->question_id));
	add(o, "type", json_object_new_string(question_type(q->type)));
	add(o, "text", json_object_new_string(q->html ? q->html : ""));
	add(o, "image", NULL);
	return o;
}

static struct json_object *answer_base(const struct ex_option *opt, bool staff)
{
	struct json_object *o = json_object_new_object();

	add(o, "id", json_object_new_int64(opt->id));
	add(o, "text", json_object_new_string(opt->text ? opt->text : ""));
	if (staff)
		add(o, "correct", json_object_new_boolean(opt->correct));
	return o;
}

struct json_object *view_co_questions(const struct exam_content *ec, bool staff)
{
	struct json_object *list = json_object_new_array();

	for (size_t i = 0; i < ec->nquestions; i++) {
		const struct ex_question *q = &ec->questions[i];
		struct json_object *o, *answers;

		if (!question_takes_options(q->type))
			continue;
		o = question_base(q);
		answers = json_object_new_array();
		for (size_t k = 0; k < q->noptions; k++)
			json_object_array_add(answers, answer_base(&q->options[k], staff));
		add(o, "answers", answers);
		json_object_array_add(list, o);
	}
	return list;
}

static bool selected(const struct answer *a, int64_t option_id)
{
	for (size_t i = 0; i < a->nselected; i++)
		if (a->selected[i] == option_id)
			return true;
	return false;
}

const char *co_outcome_name(enum lesson_outcome o)
{
	return o == LO_PASSED ? "completed" : o == LO_FAILED ? "failed" : "uncompleted";
}

const char *co_result(const struct exam_content *ec, const struct attempt *a)
{
	return co_outcome_name(engine_outcome(&ec->exam, a));
}

struct json_object *view_co_attempt(const struct attempt *a, const struct exam_content *ec, int64_t lesson_id,
                                    const struct answer *rows, size_t n, const struct review_rights *rights,
                                    bool staff, int64_t num_attempts)
{
	struct json_object *o = json_object_new_object(), *qa = json_object_new_object();
	struct json_object *questions = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, rows[i].eq_id);
		struct json_object *v, *answers;

		if (q == NULL || !question_takes_options(q->type))
			continue;
		v = question_base(q);
		answers = json_object_new_array();
		for (size_t k = 0; k < q->noptions; k++) {
			struct json_object *ans = answer_base(&q->options[k], staff);

			add(ans, "selected", json_object_new_boolean(selected(&rows[i], q->options[k].id)));
			json_object_array_add(answers, ans);
		}
		add(v, "answers", answers);
		if (rights->results && a->state == AS_COMPLETED)
			add(v, "correct", json_object_new_boolean(rows[i].result == AR_CORRECT));
		json_object_array_add(questions, v);
	}
	add(o, "id", json_object_new_int64(a->id));
	add(o, "created_at", iso_or_null(a->created_ms));
	add(o, "lesson_id", json_object_new_int64(lesson_id));
	add(o, "user", view_co_user(a->user_id, a->username, a->display_name));
	add(qa, "grade", json_object_new_int64(a->graded ? engine_grade_percent(a->percentage_e4) : 0));
	add(qa, "result", json_object_new_string(co_result(ec, a)));
	add(qa, "questions", questions);
	add(qa, "num_attempts", json_object_new_int64(num_attempts));
	add(qa, "passing_grade", json_object_new_int64(ec->exam.passing_score > 0 ? ec->exam.passing_score : 0));
	add(qa, "correct_responses", json_object_new_int64(a->state == AS_COMPLETED ? a->correct : 0));
	add(o, "quiz_attempt", qa);
	return o;
}
