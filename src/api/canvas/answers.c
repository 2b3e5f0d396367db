/* invigil — Canvas's Quiz Submission Questions API: read, answer and flag
 * the questions of the submission's running attempt. */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define ESSAY_MAX (16 * 1024)
/* The submission of /quiz_submissions/:sid: its exam and user, for its
 * owner (a global admin may read it); 404 otherwise (docs/canvas.md). */
static enum inv_err qs_scope(struct req *r, struct engine_ctx *cx, bool write, const struct exam_content **ec,
                             int64_t *uid)
{
	enum inv_err err = engine_submission_own(cx, req_param(r, "sid")->num, write, ec, uid);

	return err == INV_OK ? INV_OK : cv_fail(r, cx, err);
}

/* {"quiz_submission_questions": [...]} for the answers of attempt a (only
 * the exam questions in only[], when given). */
static enum inv_err respond_questions(struct req *r, struct resp *w, struct engine_ctx *cx,
                                      const struct exam_content *ec, const struct attempt *a, const int64_t *only,
                                      size_t nonly)
{
	struct answer *rows = arena_calloc(r->arena, EXAM_QUESTIONS_MAX, sizeof(*rows));
	struct json_object *arr, *o;
	size_t n;
	enum inv_err err;

	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_answers(cx, a, 0, EXAM_QUESTIONS_MAX, r->arena, rows, &n, NULL)) != INV_OK)
		return cv_fail(r, cx, err);
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		bool keep = only == NULL;
		struct json_object *one;

		for (size_t k = 0; !keep && k < nonly; k++)
			keep = only[k] == rows[i].eq_id;
		if (keep && (one = view_canvas_sq(ec, &rows[i], cv_include(r, "quiz_question"))) != NULL)
			json_object_array_add(arr, one);
	}
	o = json_object_new_object();
	json_object_object_add(o, "quiz_submission_questions", arr);
	return resp_json(w, 200, o);
}

/* GET /api/v1/quiz_submissions/:sid/questions */
enum inv_err h_cv_sq_list(struct req *r, struct resp *w)
{
	struct engine_ctx cx = cv_ctx(r);
	const struct exam_content *ec;
	struct attempt a;
	int64_t uid;
	bool have;
	enum inv_err err = qs_scope(r, &cx, false, &ec, &uid);

	if (err != INV_OK)
		return err;
	if ((err = engine_open_latest(&cx, ec, uid, &a, &have)) != INV_OK)
		return cv_fail(r, &cx, err);
	if (!have)
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	return respond_questions(r, w, &cx, ec, &a, NULL, 0);
}

/* Option ids of a choice answer: one id, or a list for multiple answers. */
static enum inv_err read_choice(struct req *r, const struct ex_question *q, struct json_object *v,
                                struct answer_input *in)
{
	bool list = json_object_is_type(v, json_type_array);
	size_t n = list ? json_object_array_length(v) : 1;

	if (q->type != QT_MULTIPLE && list)
		return req_fail(r, INV_EINVAL, NULL, "Answer must be a single answer id.");
	if (n > ANSWER_MAX_SELECTED)
		return req_fail(r, INV_EINVAL, NULL, "Too many answers selected.");
	in->has_selected = true;
	for (size_t i = 0; i < n; i++) {
		struct json_object *x = list ? json_object_array_get_idx(v, i) : v;
		const char *text = json_object_get_string(x);
		char *end = NULL;
		long long id = json_object_is_type(x, json_type_int) ? (long long)json_object_get_int64(x)
		               : strtoll(text ? text : "", &end, 10);

		if ((!json_object_is_type(x, json_type_int) && (!json_object_is_type(x, json_type_string) || *end != '\0')) ||
		    question_option(q, id) == NULL)
			return req_fail(r, INV_EINVAL, NULL, "Unknown answer '%s'", text ? text : "");
		in->selected[in->nselected++] = id;
	}
	return INV_OK;
}

/* One quiz_questions[] item's answer into an input, Canvas's way. */
static enum inv_err read_answer(struct req *r, const struct ex_question *q, struct json_object *v,
                                struct answer_input *in)
{
	double d;

	memset(in, 0, sizeof(*in));
	if (v == NULL) { /* null clears the answer */
		in->has_selected = q->type == QT_SINGLE || q->type == QT_TRUE_FALSE || q->type == QT_MULTIPLE;
		in->has_text = !in->has_selected;
		return INV_OK;
	}
	switch (q->type) {
	case QT_SINGLE:
	case QT_TRUE_FALSE:
	case QT_MULTIPLE:
		return read_choice(r, q, v, in);
	case QT_NUMERIC:
		if (!cv_decimal(v, &d))
			return req_fail(r, INV_EINVAL, NULL, "Parameter must be a valid decimal.");
		in->has_text = true;
		in->text = arena_printf(r->arena, "%.15g", d);
		return INV_OK;
	default:
		if (!json_object_is_type(v, json_type_string))
			return req_fail(r, INV_EINVAL, NULL, "Answer must be text.");
		if (json_object_get_string_len(v) > (q->type == QT_ESSAY ? ESSAY_MAX : 255))
			return req_fail(r, INV_EINVAL, NULL, "Text is too long.");
		in->has_text = true;
		in->text = json_object_get_string(v);
		return INV_OK;
	}
}

static const struct ex_question *question_of(const struct exam_content *ec, struct json_object *idv)
{
	char *end;
	long long id = -1;

	if (json_object_is_type(idv, json_type_int))
		id = (long long)json_object_get_int64(idv);
	else if (json_object_is_type(idv, json_type_string) && (id = strtoll(json_object_get_string(idv), &end, 10), *end))
		id = -1;
	return exam_question_by_id(ec, id);
}

/* Every item checked before any is saved, then all saved in one transaction. */
static enum inv_err save_items(struct req *r, struct engine_ctx *cx, const struct exam_content *ec, struct attempt *a,
                               struct json_object *list, int64_t *done)
{
	size_t count = json_object_array_length(list);
	struct answer_input *ins = arena_calloc(r->arena, count + 1, sizeof(*ins));
	enum inv_err err;

	if (ins == NULL)
		return INV_EINTERNAL;
	if (count > ec->nquestions)
		return req_fail(r, INV_EINVAL, NULL, "quiz_questions: more answers than the quiz has questions");
	for (size_t i = 0; i < count; i++) {
		struct json_object *item = json_object_array_get_idx(list, i), *idv = NULL, *v = NULL;
		const struct ex_question *q;

		if (!json_object_is_type(item, json_type_object) || !json_object_object_get_ex(item, "id", &idv) ||
		    (q = question_of(ec, idv)) == NULL)
			return req_fail(r, INV_EINVAL, NULL, "Unknown quiz question '%s'", idv ? json_object_get_string(idv) : "");
		json_object_object_get_ex(item, "answer", &v);
		if ((err = read_answer(r, q, v, &ins[i])) != INV_OK)
			return err;
		if ((err = engine_check_input(cx, q, &ins[i])) != INV_OK)
			return cv_fail(r, cx, err);
		ins[i].payload = json_object_to_json_string_ext(item, RESP_JSON_FLAGS);
		done[i] = q->eq_id;
	}
	if ((err = engine_save_many(cx, a, ec, done, ins, count)) != INV_OK)
		return cv_fail(r, cx, err);
	return INV_OK;
}

/* The submission's attempt, proven and still taking answers (403 otherwise). */
static enum inv_err answering(struct req *r, struct engine_ctx *cx, const struct exam_content **ec, struct attempt *a)
{
	int64_t uid;
	enum inv_err err = qs_scope(r, cx, true, ec, &uid);

	if (err != INV_OK || (err = cv_proven_attempt(r, cx, *ec, uid, a)) != INV_OK)
		return err;
	if (a->state != AS_RUNNING)
		return req_fail(r, INV_EFORBIDDEN, NULL, "you are not allowed to update questions for this quiz submission");
	return INV_OK;
}

/* POST /api/v1/quiz_submissions/:sid/questions: 200 the answered questions;
 * 400 unknown, repeated or malformed items (nothing saved); 403 token, IP,
 * time over. */
enum inv_err h_cv_sq_answer(struct req *r, struct resp *w)
{
	struct engine_ctx cx = cv_ctx(r);
	const struct exam_content *ec;
	struct attempt a;
	struct json_object *list;
	int64_t *done;
	enum inv_err err = answering(r, &cx, &ec, &a);

	if (err != INV_OK)
		return err;
	if (!json_object_object_get_ex(r->json, "quiz_questions", &list) || !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, NULL, "quiz_questions is required");
	if ((done = arena_calloc(r->arena, json_object_array_length(list) + 1, sizeof(int64_t))) == NULL)
		return INV_EINTERNAL;
	if ((err = save_items(r, &cx, ec, &a, list, done)) != INV_OK)
		return err;
	return respond_questions(r, w, &cx, ec, &a, done, json_object_array_length(list));
}

static enum inv_err flag(struct req *r, struct resp *w, bool on)
{
	struct engine_ctx cx = cv_ctx(r);
	const struct exam_content *ec;
	struct attempt a;
	const struct ex_question *q;
	struct answer_input in = {.has_review = true, .review = on};
	enum inv_err err = answering(r, &cx, &ec, &a);

	if (err != INV_OK)
		return err;
	if ((q = exam_question_by_id(ec, req_param(r, "qid")->num)) == NULL)
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	in.payload = on ? "{\"flagged\":true}" : "{\"flagged\":false}";
	if ((err = engine_save_many(&cx, &a, ec, &q->eq_id, &in, 1)) != INV_OK)
		return cv_fail(r, &cx, err);
	/* Canvas answers with the question's state, which canvasapi reads */
	return respond_questions(r, w, &cx, ec, &a, &q->eq_id, 1);
}

enum inv_err h_cv_flag(struct req *r, struct resp *w) { return flag(r, w, true); }
enum inv_err h_cv_unflag(struct req *r, struct resp *w) { return flag(r, w, false); }
