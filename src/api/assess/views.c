/* invigil — assessments JSON views: pure functions of what the engine returned. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>

#include "invigil/face_assess.h"
#include "invigil/fmt.h"

static struct json_object *int_or_null(int64_t v, bool have)
{
	return have ? json_object_new_int64(v) : NULL;
}

struct json_object *as_points(int64_t e4)
{
	return json_object_new_double((double)e4 / 10000.0);
}

struct json_object *view_assess_assessment(const struct exam *e)
{
	struct json_object *o = json_object_new_object();
	char buf[40];

	json_object_object_add(o, "id", json_object_new_string(e->public_id));
	json_object_object_add(o, "course_id", json_object_new_int64(e->course_id));
	json_object_object_add(o, "title", json_object_new_string(e->title ? e->title : ""));
	json_object_object_add(o, "passing_score", int_or_null(e->passing_score, e->passing_score >= 0));
	json_object_object_add(o, "time_limit_minutes", int_or_null((e->duration_s + 59) / 60, e->duration_s > 0));
	json_object_object_add(o, "question_count", json_object_new_int64(e->question_count));
	json_object_object_add(o, "max_attempts", int_or_null(engine_allowed_attempts(e), engine_allowed_attempts(e) > 0));
	json_object_object_add(o, "slug", json_object_new_string(e->slug));
	json_object_object_add(o, "created_at", json_object_new_string(fmt_iso8601(e->created_ms, buf, sizeof(buf))));
	return o;
}

static struct json_object *view_question(const struct exam_content *ec, const struct ex_question *q, bool staff)
{
	struct json_object *o = json_object_new_object(), *opts = json_object_new_array();
	const struct ex_subject *s = q->subject_id ? exam_subject(ec, q->subject_id) : NULL;
	static const char *const levels[] = {NULL, "easy", "medium", "hard"};

	json_object_object_add(o, "id", json_object_new_int64(q->question_id));
	json_object_object_add(o, "type", json_object_new_string(question_type_name(q->type)));
	json_object_object_add(o, "text", json_object_new_string(q->html ? q->html : ""));
	json_object_object_add(o, "points", as_points(q->marks_e4));
	json_object_object_add(o, "negative_points", as_points(q->negative_e4));
	json_object_object_add(o, "subject", s ? json_object_new_string(s->name) : NULL);
	json_object_object_add(o, "difficulty", levels[q->difficulty] ? json_object_new_string(levels[q->difficulty]) : NULL);
	/* short-text accepted answers and correct flags are for staff only */
	for (size_t i = 0; (q->type != QT_SHORT_TEXT || staff) && i < q->noptions; i++) {
		struct json_object *op = json_object_new_object();

		json_object_object_add(op, "id", json_object_new_int64(q->options[i].id));
		json_object_object_add(op, "text", json_object_new_string(q->options[i].text ? q->options[i].text : ""));
		if (staff)
			json_object_object_add(op, "correct", json_object_new_boolean(q->options[i].correct));
		json_object_array_add(opts, op);
	}
	json_object_object_add(o, "options", opts);
	if (staff && q->type == QT_NUMERIC) {
		json_object_object_add(o, "answer", json_object_new_double(q->answer));
		json_object_object_add(o, "tolerance", json_object_new_double(q->tolerance));
	}
	return o;
}

struct json_object *view_assess_full(const struct exam_content *ec, bool staff)
{
	struct json_object *o = view_assess_assessment(&ec->exam), *qs = json_object_new_array();

	json_object_object_add(o, "question_count", json_object_new_int64((int64_t)ec->nquestions));
	for (size_t i = 0; i < ec->nquestions; i++)
		json_object_array_add(qs, view_question(ec, &ec->questions[i], staff));
	json_object_object_add(o, "questions", qs);
	return o;
}

/* The clamped percentage with two decimals (DECISIONS 23). */
static double score_percent(int64_t percentage_e4)
{
	double p = (double)percentage_e4 / 10000.0;

	if (p < 0)
		p = 0;
	if (p > 100)
		p = 100;
	return round(p * 100.0) / 100.0;
}

struct json_object *view_assess_submission(const struct attempt *a, const struct exam_content *ec,
                                           const char *public_id, const struct answer *answers, size_t n,
                                           const struct review_rights *rights)
{
	struct json_object *o = json_object_new_object(), *results = json_object_new_array();
	double score = score_percent(a->percentage_e4);
	char buf[40];

	json_object_object_add(o, "id", json_object_new_string(public_id));
	json_object_object_add(o, "assessment_id", json_object_new_string(ec->exam.public_id));
	json_object_object_add(o, "user_id", json_object_new_int64(a->user_id));
	json_object_object_add(o, "attempt_number", json_object_new_int64(a->attempt_no));
	json_object_object_add(o, "score", json_object_new_double(score));
	json_object_object_add(o, "passed", json_object_new_boolean(engine_passed(&ec->exam, a)));
	json_object_object_add(o, "status", json_object_new_string(a->pending > 0 ? "pending_review" : "graded"));
	json_object_object_add(o, "submitted_at", json_object_new_string(
		fmt_iso8601_ms(a->ended_ms ? a->ended_ms : a->created_ms, buf, sizeof(buf))));
	json_object_object_add(o, "points_awarded", as_points(a->score_e4));
	json_object_object_add(o, "points_possible", as_points(a->max_score_e4));
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, answers[i].eq_id);
		struct json_object *x = json_object_new_object();

		if (q == NULL) {
			json_object_put(x);
			continue;
		}
		json_object_object_add(x, "question_id", json_object_new_int64(q->question_id));
		/* an exam that hides its answers hides each question's result too
		 * (keys kept, values null), or retakes would rebuild the key */
		json_object_object_add(x, "correct", !rights->results || answers[i].result == AR_PENDING ? NULL
			: json_object_new_boolean(answers[i].result == AR_CORRECT));
		json_object_object_add(x, "status", rights->results ? json_object_new_string(answer_result_name(answers[i].result)) : NULL);
		json_object_object_add(x, "points_awarded", rights->results && answers[i].has_marks
			? as_points(answers[i].marks_e4) : NULL);
		json_object_object_add(x, "points_possible", as_points(q->marks_e4));
		json_object_array_add(results, x);
	}
	json_object_object_add(o, "results", results);
	return o;
}

