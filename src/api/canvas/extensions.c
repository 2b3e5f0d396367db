/* invigil — POST /api/v1/courses/:cid/quizzes/:qid/extensions: a teacher's
 * extra attempts and time for learners, applied by the engine at once. */
#include "config.h"

#include <json-c/json.h>

#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* Reads item i of quiz_extensions[] (fields only; the engine checks the rest). */
static enum inv_err read_item(struct req *r, struct json_object *item, size_t i, struct extension_grant *g)
{
	int64_t extra_time = 0, from_now = 0, from_end = 0;

	*g = (struct extension_grant){0};
	if (body_int(r, item, "user_id", 1, INT64_MAX / 2, &g->user_id) != 1 ||
	    body_int(r, item, "extra_attempts", 0, 1000, &g->extra_attempts) < 0 ||
	    body_int(r, item, "extra_time", 0, 10080, &extra_time) < 0 ||
	    body_int(r, item, "extend_from_now", 0, 1440, &from_now) < 0 ||
	    body_int(r, item, "extend_from_end_at", 0, 1440, &from_end) < 0 ||
	    body_bool(r, item, "manually_unlocked", &g->unlocked) < 0) {
		if (r->err_msg == NULL)
			return req_fail(r, INV_EINVAL, NULL, "quiz_extensions[%zu]: user_id is required", i);
		return req_fail(r, INV_EINVAL, NULL, "quiz_extensions[%zu].%s: %s", i, r->err_field ? r->err_field : "",
		                r->err_msg);
	}
	g->has_attempts = json_object_object_get_ex(item, "extra_attempts", NULL);
	g->has_time = json_object_object_get_ex(item, "extra_time", NULL);
	g->has_unlocked = json_object_object_get_ex(item, "manually_unlocked", NULL);
	g->extra_time_s = extra_time * 60;
	g->from_now_s = from_now * 60;
	g->from_end_s = from_end * 60;
	return INV_OK;
}

static struct json_object *view_extension(struct req *r, const struct exam_content *ec, const struct extension_grant *g)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "quiz_id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "user_id", json_object_new_int64(g->user_id));
	json_object_object_add(o, "extra_attempts", json_object_new_int64(g->result.extra_attempts));
	json_object_object_add(o, "extra_time", json_object_new_int64(g->result.extra_time_s / 60));
	json_object_object_add(o, "manually_unlocked", json_object_new_boolean(g->result.manually_unlocked));
	json_object_object_add(o, "end_at", cv_time_or_null(r, g->end_at_ms));
	return o;
}

/* 200 {"quiz_extensions": [...]}; 400 a bad item (nothing stored); 403 not a teacher. */
enum inv_err h_cv_extensions(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct json_object *list, *out, *arr;
	struct extension_grant *g;
	size_t n;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (!s.m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if (r->json == NULL || !json_object_object_get_ex(r->json, "quiz_extensions", &list) ||
	    !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, NULL, "quiz_extensions is required");
	n = json_object_array_length(list);
	if (n > 1000)
		return req_fail(r, INV_EINVAL, NULL, "quiz_extensions: at most 1000 items");
	if ((g = arena_calloc(r->arena, n ? n : 1, sizeof(*g))) == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		if ((err = read_item(r, json_object_array_get_idx(list, i), i, &g[i])) != INV_OK)
			return err;
	if ((err = engine_extensions(&cx, s.ec, g, n)) != INV_OK)
		return cv_fail(r, &cx, err);
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, view_extension(r, s.ec, &g[i]));
	out = json_object_new_object();
	json_object_object_add(out, "quiz_extensions", arr);
	return resp_json(w, 200, out);
}
