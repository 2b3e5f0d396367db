/* invigil — assessments submissions: one-shot scored submissions and their
 * reads.  Every answer is checked (all problems reported at once) before
 * the engine saves, ends and grades them in one transaction. */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/face_assess.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* One answer object into input; adds details for what is wrong. */
static void parse_answer(struct req *r, struct engine_ctx *cx, const struct exam_content *ec, size_t i,
                         struct json_object *o, int64_t *eq_id, struct answer_input *in, bool *seen)
{
	const char *path = arena_printf(r->arena, "answers[%zu]", i);
	const struct ex_question *q = api_response_question(r, "message", ec, o, path, "assessment", seen);
	struct json_object *v;
	int64_t qid;

	if (q == NULL)
		return;
	qid = q->question_id;
	*eq_id = q->eq_id;
	memset(in, 0, sizeof(*in));
	in->payload = json_object_to_json_string_ext(o, RESP_JSON_FLAGS);
	switch (q->type) {
	case QT_SINGLE:
	case QT_TRUE_FALSE:
	case QT_MULTIPLE:
		if (!json_object_object_get_ex(o, "selected_option_ids", &v) || !json_object_is_type(v, json_type_array)) {
			as_detail(r, arena_printf(r->arena, "%s.selected_option_ids", path),
			       "question %lld (%s) takes a list of option ids", (long long)qid, question_type_name(q->type));
			return;
		}
		if (json_object_array_length(v) > ANSWER_MAX_SELECTED) {
			as_detail(r, arena_printf(r->arena, "%s.selected_option_ids", path), "at most %d options",
			          ANSWER_MAX_SELECTED);
			return;
		}
		in->has_selected = true;
		for (size_t k = 0; k < json_object_array_length(v); k++) {
			struct json_object *x = json_object_array_get_idx(v, k);

			if (!json_object_is_type(x, json_type_int)) {
				as_detail(r, arena_printf(r->arena, "%s.selected_option_ids[%zu]", path, k), "must be an integer");
				return;
			}
			in->selected[in->nselected++] = json_object_get_int64(x);
		}
		break;
	case QT_NUMERIC:
		if (json_object_object_get_ex(o, "value", &v) &&
		    (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))) {
			in->has_text = true;
			in->text = arena_printf(r->arena, "%.17g", json_object_get_double(v));
		} else {
			as_detail(r, arena_printf(r->arena, "%s.value", path), "question %lld (numeric) takes a number", (long long)qid);
			return;
		}
		break;
	default:
		if (!json_object_object_get_ex(o, "text", &v) || !json_object_is_type(v, json_type_string)) {
			as_detail(r, arena_printf(r->arena, "%s.text", path), "question %lld (%s) takes a text", (long long)qid,
			       question_type_name(q->type));
			return;
		}
		if (json_object_get_string_len(v) > 65535) {
			as_detail(r, arena_printf(r->arena, "%s.text", path), "is longer than 65535 characters");
			return;
		}
		in->has_text = true;
		in->text = json_object_get_string(v);
	}
	if (engine_check_input(cx, q, in) != INV_OK)
		as_detail(r, arena_printf(r->arena, "%s.selected_option_ids", path), "%s", cx->message);
}

/* The submission with its answers, as much as the reader may see. */
static enum inv_err render_submission(struct req *r, struct resp *w, struct engine_ctx *cx, const struct attempt *a,
                                      const struct exam_content *ec, const char *public_id, int status)
{
	struct answer *rows = arena_calloc(r->arena, EXAM_QUESTIONS_MAX, sizeof(*rows));
	struct review_rights rights;
	size_t n;
	enum inv_err err;

	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_answers(cx, a, 0, EXAM_QUESTIONS_MAX, r->arena, rows, &n, NULL)) != INV_OK ||
	    (err = engine_review_rights(cx, ec, a, &rights)) != INV_OK)
		return as_fail(r, cx, err);
	return resp_json(w, status, view_assess_submission(a, ec, public_id, rows, n, &rights));
}

/* POST /api/v1/assessments/{id}/submissions: 201 scored; 400 naming every
 * bad, missing, unknown or duplicate answer; 403 not enrolled, no attempts
 * left, time limit passed. */
enum inv_err h_as_submit(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = as_ctx(r);
	struct json_object *list;
	struct answer_input *inputs;
	int64_t *eq_ids;
	struct membership m;
	bool *seen;
	size_t n;
	struct attempt a;
	char public_id[41];
	enum inv_err err = as_load(r, &cx, &ec, &m);

	if (err != INV_OK)
		return err;
	if (r->json == NULL || !json_object_is_type(r->json, json_type_object) ||
	    !json_object_object_get_ex(r->json, "answers", &list) || !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, "answers", "Send {\"answers\": [...]}, one answer object per question.");
	n = json_object_array_length(list);
	if (n > EXAM_QUESTIONS_MAX)
		return req_fail(r, INV_EINVAL, "answers", "Too many answers.");
	inputs = arena_calloc(r->arena, n + 1, sizeof(*inputs));
	eq_ids = arena_calloc(r->arena, n + 1, sizeof(*eq_ids));
	seen = arena_calloc(r->arena, ec->nquestions + 1, sizeof(*seen));
	if (inputs == NULL || eq_ids == NULL || seen == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		parse_answer(r, &cx, ec, i, json_object_array_get_idx(list, i), &eq_ids[i], &inputs[i], seen);
	for (size_t i = 0; i < ec->nquestions; i++)
		if (!seen[i])
			as_detail(r, "answers", "question %lld has no answer", (long long)ec->questions[i].question_id);
	if (r->err_details != NULL)
		return as_fail_details(r);
	err = engine_submit(&cx, ec, eq_ids, inputs, n, &a, public_id);
	if (err != INV_CREATED)
		return as_fail(r, &cx, err);
	return render_submission(r, w, &cx, &a, ec, public_id, 201);
}

/* GET /api/v1/assessments/{id}/submissions/{sid}: the learner's own, or any
 * for staff of the course; 404 otherwise. */
enum inv_err h_as_submission(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = as_ctx(r);
	struct membership m;
	struct attempt a;
	const char *sid = req_param(r, "sid")->text;
	enum inv_err err = as_load(r, &cx, &ec, &m);

	if (err != INV_OK)
		return err;
	if ((err = engine_open_public(&cx, ec, sid, &a)) == INV_ENOTFOUND)
		return req_fail(r, INV_ENOTFOUND, NULL, "No submission with id '%s' for this assessment.", sid);
	if (err != INV_OK)
		return as_fail(r, &cx, err);
	return render_submission(r, w, &cx, &a, ec, sid, 200);
}
