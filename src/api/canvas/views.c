/* invigil — Canvas JSON views: pure functions of what the engine returned. */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/face_canvas.h"
#include "invigil/fmt.h"
#include "invigil/req.h"

const char *cv_iso(struct req *r, int64_t ms)
{
	char buf[40];

	return arena_strdup(r->arena, fmt_iso8601(ms, buf, sizeof(buf)));
}

struct json_object *cv_time_or_null(struct req *r, int64_t ms)
{
	return ms > 0 ? json_object_new_string(cv_iso(r, ms)) : NULL;
}

struct json_object *cv_points(int64_t e4)
{
	return json_object_new_double((double)e4 / 10000.0);
}

const char *cv_question_type(enum question_type t)
{
	switch (t) {
	case QT_SINGLE: return "multiple_choice_question";
	case QT_TRUE_FALSE: return "true_false_question";
	case QT_MULTIPLE: return "multiple_answers_question";
	case QT_NUMERIC: return "numerical_question";
	case QT_SHORT_TEXT: return "short_answer_question";
	default: return "essay_question";
	}
}

static struct json_object *str_or_empty(const char *s)
{
	return json_object_new_string(s ? s : "");
}

struct json_object *view_canvas_quiz(struct req *r, const struct exam_content *ec, bool staff)
{
	struct json_object *o = json_object_new_object();
	int64_t minutes = ec->exam.duration_s > 0 ? (ec->exam.duration_s + 59) / 60 : 0;

	json_object_object_add(o, "id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "title", str_or_empty(ec->exam.title));
	json_object_object_add(o, "html_url", json_object_new_string(arena_printf(r->arena, "%s/courses/%lld/quizzes/%lld",
		r->base_url, (long long)ec->exam.course_id, (long long)ec->exam.id)));
	json_object_object_add(o, "description", str_or_empty(ec->exam.description));
	json_object_object_add(o, "quiz_type", json_object_new_string(ec->quiz_type ? ec->quiz_type : "assignment"));
	json_object_object_add(o, "time_limit", minutes > 0 ? json_object_new_int64(minutes) : NULL);
	json_object_object_add(o, "allowed_attempts", json_object_new_int64(engine_allowed_attempts(&ec->exam)));
	json_object_object_add(o, "scoring_policy", json_object_new_string(ec->scoring_policy ? ec->scoring_policy : "keep_highest"));
	json_object_object_add(o, "shuffle_answers", json_object_new_boolean(ec->shuffle));
	json_object_object_add(o, "one_question_at_a_time", json_object_new_boolean(ec->one_question_at_a_time));
	json_object_object_add(o, "cant_go_back", json_object_new_boolean(ec->cant_go_back));
	json_object_object_add(o, "unlock_at", ec->exam.has_start ? cv_time_or_null(r, ec->exam.start_ms) : NULL);
	json_object_object_add(o, "lock_at", ec->exam.has_end ? cv_time_or_null(r, ec->exam.end_ms) : NULL);
	json_object_object_add(o, "due_at", NULL);
	json_object_object_add(o, "question_count", json_object_new_int64((int64_t)ec->nquestions));
	json_object_object_add(o, "points_possible", cv_points(ec->max_score_e4));
	json_object_object_add(o, "hide_results", ec->hide_results ? json_object_new_string(ec->hide_results) : NULL);
	json_object_object_add(o, "show_correct_answers", json_object_new_boolean(ec->exam.show_answers));
	json_object_object_add(o, "ip_filter", staff && ec->ip_filter ? json_object_new_string(ec->ip_filter) : NULL);
	json_object_object_add(o, "has_access_code", json_object_new_boolean(ec->access_code != NULL && *ec->access_code));
	if (staff)
		json_object_object_add(o, "access_code", ec->access_code ? json_object_new_string(ec->access_code) : NULL);
	json_object_object_add(o, "published", json_object_new_boolean(ec->exam.published));
	/* a quiz Canvas clients cannot run says so, as Canvas says why a quiz is locked */
	json_object_object_add(o, "locked_for_user", json_object_new_boolean(engine_wall_clock_problem(ec) != NULL));
	if (engine_wall_clock_problem(ec) != NULL)
		json_object_object_add(o, "lock_explanation", json_object_new_string(engine_wall_clock_problem(ec)));
	return o;
}

/* A numerical question's one answer, for teachers. */
static struct json_object *numeric_answer(const struct ex_question *q)
{
	struct json_object *a = json_object_new_object();

	json_object_object_add(a, "id", json_object_new_int64(q->question_id));
	json_object_object_add(a, "numerical_answer_type", json_object_new_string("exact_answer"));
	json_object_object_add(a, "exact", json_object_new_double(q->answer));
	json_object_object_add(a, "margin", json_object_new_double(q->tolerance));
	json_object_object_add(a, "weight", json_object_new_int(100));
	return a;
}

struct json_object *view_canvas_question(const struct exam_content *ec, const struct ex_question *q, bool weights)
{
	struct json_object *o = json_object_new_object(), *answers = json_object_new_array();

	json_object_object_add(o, "id", json_object_new_int64(q->question_id));
	json_object_object_add(o, "quiz_id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "position", json_object_new_int64(q->position + 1));
	json_object_object_add(o, "question_name", json_object_new_string("Question"));
	json_object_object_add(o, "question_type", json_object_new_string(cv_question_type(q->type)));
	json_object_object_add(o, "question_text", str_or_empty(q->html));
	json_object_object_add(o, "points_possible", cv_points(q->marks_e4));
	if (q->type == QT_NUMERIC && weights)
		json_object_array_add(answers, numeric_answer(q));
	/* short-answer options are the key itself: teachers only */
	for (size_t i = 0; q->type != QT_NUMERIC && (q->type != QT_SHORT_TEXT || weights) && i < q->noptions; i++) {
		struct json_object *a = json_object_new_object();

		json_object_object_add(a, "id", json_object_new_int64(q->options[i].id));
		json_object_object_add(a, "text", str_or_empty(q->options[i].text));
		if (weights)
			json_object_object_add(a, "weight", json_object_new_int(q->options[i].correct ? 100 : 0));
		json_object_array_add(answers, a);
	}
	json_object_object_add(o, "answers", answers);
	if (weights)
		json_object_object_add(o, "neutral_comments", str_or_empty(q->explanation));
	return o;
}

static const char *workflow_state(const struct attempt *a)
{
	if (a == NULL)
		return "settings_only";
	if (a->preview)
		return "preview";
	if (a->state != AS_COMPLETED)
		return "untaken";
	return a->pending > 0 ? "pending_review" : "complete";
}

/* end_at and overdue_and_needs_submission of a running attempt. */
static void add_clock(struct req *r, struct json_object *o, const struct exam_content *ec, const struct attempt *a)
{
	struct attempt_clock clk;

	if (a == NULL || a->state != AS_RUNNING) {
		json_object_object_add(o, "end_at", NULL);
		json_object_object_add(o, "overdue_and_needs_submission", json_object_new_boolean(0));
		return;
	}
	engine_clock(ec, a, now_ms(), &clk);
	json_object_object_add(o, "end_at", cv_time_or_null(r, clk.end_at_ms));
	json_object_object_add(o, "overdue_and_needs_submission", json_object_new_boolean(clk.over));
}

struct json_object *view_canvas_submission(struct req *r, const struct exam_content *ec, int64_t sub_id,
                                           int64_t user_id, const struct attempt *a, const struct standing *st,
                                           bool have_kept, int64_t kept_e4, bool with_token)
{
	struct json_object *o = json_object_new_object();
	bool done = a != NULL && a->state == AS_COMPLETED;

	json_object_object_add(o, "id", json_object_new_int64(sub_id));
	json_object_object_add(o, "quiz_id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "user_id", json_object_new_int64(user_id));
	json_object_object_add(o, "submission_id", json_object_new_int64(sub_id));
	json_object_object_add(o, "course_id", json_object_new_int64(ec->exam.course_id));
	json_object_object_add(o, "started_at", a ? cv_time_or_null(r, a->started_ms) : NULL);
	json_object_object_add(o, "finished_at", done ? cv_time_or_null(r, a->ended_ms) : NULL);
	add_clock(r, o, ec, a);
	json_object_object_add(o, "attempt", a ? json_object_new_int64(a->attempt_no) : NULL);
	json_object_object_add(o, "extra_attempts", json_object_new_int64(st->ext.extra_attempts));
	json_object_object_add(o, "extra_time", json_object_new_int64(st->ext.extra_time_s / 60));
	json_object_object_add(o, "manually_unlocked", json_object_new_boolean(st->ext.manually_unlocked));
	json_object_object_add(o, "time_spent", a ? json_object_new_int64(a->time_used_ms / 1000) : NULL);
	json_object_object_add(o, "score", done && a->graded ? cv_points(a->score_e4) : NULL);
	json_object_object_add(o, "score_before_regrade", NULL);
	json_object_object_add(o, "kept_score", have_kept ? cv_points(kept_e4) : NULL);
	json_object_object_add(o, "fudge_points", a ? cv_points(a->fudge_e4) : NULL);
	json_object_object_add(o, "has_seen_results", json_object_new_boolean(0));
	json_object_object_add(o, "workflow_state", json_object_new_string(workflow_state(a)));
	json_object_object_add(o, "attempts_left", json_object_new_int64(st->remaining));
	json_object_object_add(o, "quiz_points_possible", cv_points(ec->max_score_e4));
	json_object_object_add(o, "html_url", json_object_new_string(arena_printf(r->arena,
		"%s/courses/%lld/quizzes/%lld/submissions/%lld", r->base_url, (long long)ec->exam.course_id,
		(long long)ec->exam.id, (long long)sub_id)));
	if (with_token && a != NULL && a->validation_token[0])
		json_object_object_add(o, "validation_token", json_object_new_string(a->validation_token));
	return o;
}

static struct json_object *answer_value(const struct ex_question *q, const struct answer *ans)
{
	struct json_object *arr;

	switch (q->type) {
	case QT_SINGLE:
	case QT_TRUE_FALSE:
		return ans->nselected ? json_object_new_int64(ans->selected[0]) : NULL;
	case QT_MULTIPLE:
		if (ans->nselected == 0)
			return NULL;
		arr = json_object_new_array();
		for (size_t i = 0; i < ans->nselected; i++)
			json_object_array_add(arr, json_object_new_int64(ans->selected[i]));
		return arr;
	default:
		return ans->text ? json_object_new_string(ans->text) : NULL;
	}
}

struct json_object *view_canvas_sq(const struct exam_content *ec, const struct answer *ans, bool with_question)
{
	const struct ex_question *q = exam_question(ec, ans->eq_id);
	struct json_object *o;

	if (q == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(q->question_id));
	json_object_object_add(o, "flagged", json_object_new_boolean(ans->review));
	json_object_object_add(o, "answer", answer_value(q, ans));
	if (with_question)
		json_object_object_add(o, "quiz_question", view_canvas_question(ec, q, false));
	return o;
}

struct json_object *view_canvas_user(const struct user *u)
{
	struct json_object *o = json_object_new_object();
	const char *name = u->display_name[0] ? u->display_name : u->username;

	json_object_object_add(o, "id", json_object_new_int64(u->id));
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "sortable_name", json_object_new_string(name));
	json_object_object_add(o, "short_name", json_object_new_string(name));
	json_object_object_add(o, "login_id", json_object_new_string(u->username));
	return o;
}

struct json_object *view_canvas_course(const struct course *c)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(c->id));
	json_object_object_add(o, "name", str_or_empty(c->title));
	json_object_object_add(o, "course_code", json_object_new_string(c->slug));
	json_object_object_add(o, "workflow_state", json_object_new_string("available"));
	json_object_object_add(o, "public_description", str_or_empty(c->description));
	return o;
}

/* invigil's course roles as Canvas's enrollment types and roles; an unknown
 * role reads as the least (the first row) */
static const struct {
	const char *role, *type, *canvas_role;
} enrollment_kinds[] = {
	{"learner", "student", "StudentEnrollment"},
	{"instructor", "teacher", "TeacherEnrollment"},
	{"creator", "designer", "DesignerEnrollment"},
	{"manager", "teacher", "TeacherEnrollment"},
};

struct json_object *view_canvas_user_course(const struct user_course *uc, int64_t user_id)
{
	struct json_object *o = view_canvas_course(&uc->course), *list = json_object_new_array();

	if (uc->en.found) {
		struct json_object *e = json_object_new_object();
		size_t k = 0;

		for (size_t i = 0; i < sizeof(enrollment_kinds) / sizeof(enrollment_kinds[0]); i++)
			if (strcmp(uc->en.role, enrollment_kinds[i].role) == 0)
				k = i;
		json_object_object_add(e, "type", json_object_new_string(enrollment_kinds[k].type));
		json_object_object_add(e, "role", json_object_new_string(enrollment_kinds[k].canvas_role));
		json_object_object_add(e, "enrollment_state", json_object_new_string("active"));
		json_object_object_add(e, "user_id", json_object_new_int64(user_id));
		json_object_array_add(list, e);
	}
	json_object_object_add(o, "enrollments", list);
	return o;
}
