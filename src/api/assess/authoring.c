/* invigil — authoring assessments: create, patch and add questions, for
 * the course's staff (the engine checks).  Field errors are collected and
 * reported all at once. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/content.h"
#include "invigil/face_assess.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define QUESTIONS_MAX 500
/* the columns' sizes (schema/001_domain.sql): checked before any write */
#define TEXT_COLUMN_MAX 65535   /* TEXT: option text, explanation */
#define SUBJECT_MAX 150         /* subjects.name */

/* Is string v within max bytes?  Adds a detail naming field when not. */
static bool fits(struct req *r, const char *field, struct json_object *v, size_t max)
{
	if ((size_t)json_object_get_string_len(v) <= max)
		return true;
	as_detail(r, field, "is longer than %zu bytes", max);
	return false;
}

static bool nullable_int(struct req *r, const char *key, int64_t min, int64_t max, int64_t *out, bool *present)
{
	struct json_object *v = NULL;
	int rc;

	*present = json_object_object_get_ex(r->json, key, &v);
	*out = 0;
	if (!*present || v == NULL)
		return true;
	rc = body_int(r, r->json, key, min, max, out);
	if (rc < 0) {
		as_detail(r, key, "must be an integer from %lld to %lld, or null", (long long)min, (long long)max);
		r->err_field = NULL;
		return false;
	}
	return true;
}

static bool title_of(struct req *r, bool required, const char **title)
{
	int rc = body_str(r, r->json, "title", title);
	size_t n;

	if (rc < 0 || (rc == 0 && required)) {
		as_detail(r, "title", rc < 0 ? "must be a string" : "is required");
		r->err_field = NULL;
		return false;
	}
	if (rc == 0)
		return true;
	n = strlen(*title);
	if (n < 3 || n > 200) {
		as_detail(r, "title", "must be 3 to 200 characters (it is %zu)", n);
		return false;
	}
	return true;
}

static bool passing_of(struct req *r, bool required, int64_t *pass, bool *present)
{
	int rc = body_int(r, r->json, "passing_score", 1, 100, pass);

	*present = rc == 1;
	if (rc < 0 || (rc == 0 && required)) {
		as_detail(r, "passing_score", rc < 0 ? "must be an integer from 1 to 100" : "is required");
		r->err_field = NULL;
		return false;
	}
	return true;
}

/* POST /api/v1/assessments: 201; 400 field errors (all at once); 403 not
 * staff of the course; 404 unknown course. */
enum inv_err h_as_create(struct req *r, struct resp *w)
{
	struct exam_new e = {0};
	struct engine_ctx cx = as_ctx(r);
	int64_t minutes = 0;
	bool ok = true, present;
	const struct exam_content *ec;
	int rc;
	enum inv_err err;

	if (r->json == NULL || !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, NULL, "The body must be a JSON object.");
	rc = body_int(r, r->json, "course_id", 1, INT64_MAX / 2, &e.course_id);
	if (rc <= 0) {
		as_detail(r, "course_id", rc < 0 ? "must be a course id (a positive integer)" : "is required");
		r->err_field = NULL;
		ok = false;
	}
	ok &= title_of(r, true, &e.title);
	ok &= passing_of(r, true, &e.passing_score, &present);
	ok &= nullable_int(r, "time_limit_minutes", 1, 10080, &minutes, &present);
	ok &= nullable_int(r, "max_attempts", 1, 1000, &e.max_attempts, &present);
	if (!ok)
		return as_fail_details(r);
	e.duration_s = minutes * 60;
	if ((err = engine_exam_create(&cx, &e, &ec)) == INV_OK)
		return resp_json(w, 201, view_assess_full(ec, true));
	if (cx.reason == REF_NOT_STAFF)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only an admin or an instructor of course %lld may create its assessments.",
		                (long long)e.course_id);
	if (cx.reason == REF_NOT_FOUND) {
		r->err_code = "not_found";
		return req_fail(r, INV_ENOTFOUND, "course_id", "No course with id %lld.", (long long)e.course_id);
	}
	return as_fail(r, &cx, err);
}

/* PATCH /api/v1/assessments/{id}: 200; 400 field errors; 403 not staff. */
enum inv_err h_as_patch(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = as_ctx(r);
	struct membership m;
	struct exam_patch p = {0};
	int64_t minutes = 0;
	bool ok = true;
	enum inv_err err = as_load(r, &cx, &ec, &m);

	if (err != INV_OK)
		return err;
	if (!m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only an admin or an instructor of this course may change it.");
	if (r->json == NULL || !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, NULL, "The body must be a JSON object.");
	ok &= title_of(r, false, &p.title);
	p.has_title = p.title != NULL;
	ok &= passing_of(r, false, &p.passing_score, &p.has_passing);
	ok &= nullable_int(r, "time_limit_minutes", 1, 10080, &minutes, &p.has_duration);
	ok &= nullable_int(r, "max_attempts", 1, 1000, &p.max_attempts, &p.has_max_attempts);
	if (!ok)
		return as_fail_details(r);
	p.duration_s = minutes * 60;
	if ((err = engine_exam_patch(&cx, &ec, &p)) != INV_OK)
		return as_fail(r, &cx, err);
	return resp_json(w, 200, view_assess_full(ec, true));
}

/* --- questions ------------------------------------------------------------------------ */

/* A type by its name only (the one-letter codes are the store's, not this face's). */
static enum question_type type_code(const char *s)
{
	enum question_type t = question_type_parse(s);

	return t != 0 && strcmp(question_type_name(t), s) == 0 ? t : 0;
}

/* A decimal number (points) into ten-thousandths; false when not one. */
static bool points_of(struct json_object *v, int64_t *e4)
{
	double d;

	if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
		return false;
	d = json_object_get_double(v);
	if (!isfinite(d) || d < 0 || d > 100000)
		return false;
	*e4 = llround(d * 10000.0);
	return true;
}

static void parse_options(struct req *r, const char *path, struct json_object *arr, struct content_question *q)
{
	q->noptions = json_object_array_length(arr);
	q->options = arena_calloc(r->arena, q->noptions + 1, sizeof(*q->options));
	for (size_t i = 0; i < q->noptions; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v;
		struct content_option *op = &q->options[i];

		if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "text", &v) ||
		    !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0) {
			as_detail(r, arena_printf(r->arena, "%s.options[%zu].text", path, i), "is required (a string)");
			continue;
		}
		if (!fits(r, arena_printf(r->arena, "%s.options[%zu].text", path, i), v, TEXT_COLUMN_MAX))
			continue;
		op->text = json_object_get_string(v);
		if (json_object_object_get_ex(o, "correct", &v) && !json_object_is_type(v, json_type_boolean))
			as_detail(r, arena_printf(r->arena, "%s.options[%zu].correct", path, i), "must be true or false");
		else
			op->correct = v != NULL && json_object_get_boolean(v);
		if (json_object_object_get_ex(o, "points", &v) && v != NULL) {
			op->has_marks = points_of(v, &op->marks_e4);
			if (!op->has_marks)
				as_detail(r, arena_printf(r->arena, "%s.options[%zu].points", path, i), "must be a number >= 0");
		}
	}
}

/* A short-text question's accepted answers become its correct options. */
static void parse_accepted(struct req *r, const char *path, struct json_object *arr, struct content_question *q)
{
	q->noptions = json_object_array_length(arr);
	q->options = arena_calloc(r->arena, q->noptions + 1, sizeof(*q->options));
	for (size_t i = 0; q->options != NULL && i < q->noptions; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0) {
			as_detail(r, arena_printf(r->arena, "%s.accepted_answers[%zu]", path, i), "must be a non-empty string");
			continue;
		}
		if (!fits(r, arena_printf(r->arena, "%s.accepted_answers[%zu]", path, i), v, TEXT_COLUMN_MAX))
			continue;
		q->options[i].text = json_object_get_string(v);
		q->options[i].correct = true;
	}
}

static void parse_question(struct req *r, size_t i, struct json_object *o, struct content_question *q)
{
	const char *path = arena_printf(r->arena, "questions[%zu]", i), *field, *problem;
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object)) {
		as_detail(r, path, "must be an object");
		return;
	}
	if (!json_object_object_get_ex(o, "type", &v) || !json_object_is_type(v, json_type_string) ||
	    (q->type = type_code(json_object_get_string(v))) == 0) {
		as_detail(r, arena_printf(r->arena, "%s.type", path),
		       "must be single_choice, multiple_choice, true_false, numeric, short_text or essay");
		return;
	}
	if (!json_object_object_get_ex(o, "text", &v) || !json_object_is_type(v, json_type_string) ||
	    json_object_get_string_len(v) == 0)
		as_detail(r, arena_printf(r->arena, "%s.text", path), "is required (a string)");
	else
		q->text = json_object_get_string(v);
	if (json_object_object_get_ex(o, "points", &v) && v != NULL &&
	    !(q->has_marks = points_of(v, &q->marks_e4)))
		as_detail(r, arena_printf(r->arena, "%s.points", path), "must be a number >= 0");
	if (json_object_object_get_ex(o, "negative_points", &v) && v != NULL &&
	    !(q->has_negative = points_of(v, &q->negative_e4)))
		as_detail(r, arena_printf(r->arena, "%s.negative_points", path), "must be a number >= 0");
	if (json_object_object_get_ex(o, "partial_credit", &v) && v != NULL)
		q->partial_marks = json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "case_sensitive", &v) && v != NULL)
		q->case_sensitive = json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "subject", &v) && json_object_is_type(v, json_type_string) &&
	    fits(r, arena_printf(r->arena, "%s.subject", path), v, SUBJECT_MAX))
		q->subject = json_object_get_string(v);
	if (json_object_object_get_ex(o, "explanation", &v) && json_object_is_type(v, json_type_string) &&
	    fits(r, arena_printf(r->arena, "%s.explanation", path), v, TEXT_COLUMN_MAX))
		q->explanation = json_object_get_string(v);
	if (json_object_object_get_ex(o, "difficulty", &v) && v != NULL) {
		const char *d = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";

		if (strcmp(d, "easy") && strcmp(d, "medium") && strcmp(d, "hard"))
			as_detail(r, arena_printf(r->arena, "%s.difficulty", path), "must be easy, medium or hard");
		else
			q->difficulty = d;
	}
	if (json_object_object_get_ex(o, "answer", &v) && v != NULL) {
		q->has_answer = json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
		q->answer = q->has_answer ? json_object_get_double(v) : 0;
		if (!q->has_answer)
			as_detail(r, arena_printf(r->arena, "%s.answer", path), "must be a number");
	}
	if (json_object_object_get_ex(o, "tolerance", &v) && v != NULL)
		q->tolerance = json_object_get_double(v);
	if (q->type == QT_SHORT_TEXT && json_object_object_get_ex(o, "accepted_answers", &v) &&
	    json_object_is_type(v, json_type_array))
		parse_accepted(r, path, v, q); /* read as they are: the request tree is never changed */
	else if (json_object_object_get_ex(o, "options", &v) && v != NULL) {
		if (json_object_is_type(v, json_type_array))
			parse_options(r, path, v, q);
		else
			as_detail(r, arena_printf(r->arena, "%s.options", path), "must be a list");
	}
	if (q->text != NULL && (problem = engine_question_problem(q, &field)) != NULL)
		as_detail(r, arena_printf(r->arena, "%s.%s", path, q->type == QT_SHORT_TEXT && strcmp(field, "options") == 0
		                                             ? "accepted_answers" : field), "%s", problem);
}

/* POST /api/v1/assessments/{id}/questions: 201 the added questions; 400
 * field errors naming each question; 403 not staff. */
enum inv_err h_as_add_questions(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = as_ctx(r);
	struct membership m;
	struct content_question *qs;
	struct json_object *list = NULL;
	int64_t *ids;
	size_t n;
	bool single;
	enum inv_err err = as_load(r, &cx, &ec, &m);

	if (err != INV_OK)
		return err;
	if (!m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only an admin or an instructor of this course may add questions.");
	/* {"questions": [...]}, or one question object as the whole body */
	single = r->json != NULL && json_object_is_type(r->json, json_type_object) &&
	         !json_object_object_get_ex(r->json, "questions", &list);
	if (!single && (list == NULL || !json_object_is_type(list, json_type_array) || json_object_array_length(list) == 0))
		return req_fail(r, INV_EINVAL, "questions", "Send a question object, or {\"questions\": [...]} with at least one.");
	n = single ? 1 : json_object_array_length(list);
	if (n > QUESTIONS_MAX)
		return req_fail(r, INV_EINVAL, "questions", "At most %d questions at once.", QUESTIONS_MAX);
	qs = arena_calloc(r->arena, n, sizeof(*qs));
	ids = arena_calloc(r->arena, n, sizeof(*ids));
	if (qs == NULL || ids == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		parse_question(r, i, single ? r->json : json_object_array_get_idx(list, i), &qs[i]);
	if (r->err_details != NULL)
		return as_fail_details(r);
	if ((err = engine_exam_add_questions(&cx, &ec, qs, n, ids)) != INV_OK)
		return as_fail(r, &cx, err);
	return resp_json(w, 201, view_assess_full(ec, true));
}
