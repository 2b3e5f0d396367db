/* invigil — Canvas quiz submission events: what a quiz client reports about
 * a learner's attempt (page blurred, question viewed, …), logged per attempt.
 * canvasapi sends each event as its event type alone; Canvas's own clients
 * send {client_timestamp, event_type, event_data}: both are read. */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* One quiz_submission_events[] item: a string (its type) or an object. */
static enum inv_err read_event(struct req *r, struct json_object *item, size_t i, struct submission_event *ev)
{
	struct json_object *type = NULL, *data = NULL;

	memset(ev, 0, sizeof(*ev));
	if (json_object_is_type(item, json_type_string)) {
		ev->type = json_object_get_string(item);
		return INV_OK;
	}
	if (!json_object_is_type(item, json_type_object) || !json_object_object_get_ex(item, "event_type", &type) ||
	    !json_object_is_type(type, json_type_string))
		return req_fail(r, INV_EINVAL, NULL, "quiz_submission_events[%zu]: event_type is required", i);
	ev->type = json_object_get_string(type);
	if (json_object_object_get_ex(item, "event_data", &data) && data != NULL)
		ev->data = arena_strdup(r->arena, json_object_to_json_string_ext(
			data, RESP_JSON_FLAGS));
	return INV_OK;
}

/* POST …/submissions/:sid/events: 204; 400 a malformed event (none is
 * logged); 403 not the learner's own; 404. */
enum inv_err h_cv_events_add(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	struct json_object *list;
	struct submission_event *ev;
	int64_t sid, uid;
	bool have;
	size_t n;
	enum inv_err err = cv_submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if (r->json == NULL || !json_object_object_get_ex(r->json, "quiz_submission_events", &list) ||
	    !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, NULL, "quiz_submission_events is required");
	if ((err = engine_open_latest(&cx, s.ec, uid, &a, &have)) != INV_OK)
		return cv_fail(r, &cx, err);
	if (!have)
		return req_fail(r, INV_EINVAL, NULL, "quiz submission has no attempt");
	n = json_object_array_length(list);
	if ((ev = arena_calloc(r->arena, n + 1, sizeof(*ev))) == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		if ((err = read_event(r, json_object_array_get_idx(list, i), i, &ev[i])) != INV_OK)
			return err;
	if ((err = engine_events_add(&cx, &a, ev, n)) != INV_OK)
		return cx.item > 0 ? req_fail(r, err, NULL, "quiz_submission_events[%zu]: %s", cx.item - 1, cx.message)
		                   : cv_fail(r, &cx, err);
	w->status = 204; /* Canvas answers No Content; canvasapi checks for it */
	return INV_OK;
}

static struct json_object *view_event(struct req *r, const struct submission_event *e)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(arena_printf(r->arena, "%lld", (long long)e->id)));
	json_object_object_add(o, "event_type", json_object_new_string(e->type ? e->type : ""));
	/* stored as the JSON text this face wrote: parsed back as it was sent */
	json_object_object_add(o, "event_data", e->data ? json_tokener_parse(e->data) : NULL);
	json_object_object_add(o, "created_at", cv_time_or_null(r, e->at_ms));
	return o;
}

/* GET …/submissions/:sid/events[?attempt=N]: {"quiz_submission_events": [...]}
 * of the latest attempt (or attempt N), for its learner or a teacher. */
enum inv_err h_cv_events(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	struct submission_event *ev;
	struct json_object *arr, *o;
	int64_t sid, uid, no = 0, page, per_page;
	bool have = true;
	size_t n;
	enum inv_err err = cv_submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK || (err = cv_paging(r, &page, &per_page)) != INV_OK)
		return err;
	if (req_query_int(r, "attempt", 1, 1000000, &no) < 0)
		return req_fail(r, INV_EINVAL, "attempt", "%s", r->err_msg);
	err = no > 0 ? engine_open_number(&cx, s.ec, uid, no, &a) : engine_open_latest(&cx, s.ec, uid, &a, &have);
	if (err != INV_OK)
		return cv_fail(r, &cx, err);
	arr = json_object_new_array();
	if (have) {
		if ((ev = arena_calloc(r->arena, (size_t)per_page, sizeof(*ev))) == NULL) {
			json_object_put(arr);
			return INV_EINTERNAL;
		}
		if ((err = engine_events(&cx, &a, s.ec, (page - 1) * per_page, per_page, r->arena, ev, &n)) != INV_OK) {
			json_object_put(arr);
			return cv_fail(r, &cx, err);
		}
		for (size_t i = 0; i < n; i++)
			json_object_array_add(arr, view_event(r, &ev[i]));
		cv_link_header(r, w, page, per_page, (page - 1) * per_page + (int64_t)n + ((int64_t)n == per_page ? 1 : 0));
	}
	o = json_object_new_object();
	json_object_object_add(o, "quiz_submission_events", arr);
	return resp_json(w, 200, o);
}
