/* invigil — the assessments API v1 face (docs/assessments.md): its route
 * table, error envelope, and the list and get of assessments.  Authoring
 * (authoring.c) and one-shot scored submissions (submissions.c) go through
 * the same engine as every other face. */
#include "config.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/face_assess.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"

#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 100

/* --- envelope: {"error": {"code", "message", "details"}} -------------------- */

static void render_error(struct req *r, struct resp *w, enum inv_err err)
{
	struct json_object *o = json_object_new_object(), *e = json_object_new_object();

	json_object_object_add(e, "code", json_object_new_string(
		r->err_code ? r->err_code : r->err_details || r->err_field ? "validation_error" : inv_err_code(err)));
	json_object_object_add(e, "message", json_object_new_string(r->err_msg ? r->err_msg : "Error."));
	if (r->err_details != NULL) {
		json_object_object_add(e, "details", r->err_details);
		r->err_details = NULL;
	} else if (r->err_field != NULL) {
		struct json_object *d = json_object_new_array(), *one = json_object_new_object();

		json_object_object_add(one, "field", json_object_new_string(r->err_field));
		json_object_object_add(one, "message", json_object_new_string(r->err_msg ? r->err_msg : ""));
		json_object_array_add(d, one);
		json_object_object_add(e, "details", d);
	}
	json_object_object_add(o, "error", e);
	resp_json(w, inv_err_status(err), o);
}

/* Collects one field error; the handler fails with all of them at once. */
void as_detail(struct req *r, const char *field, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	api_detail(r, "message", field, msg);
}

enum inv_err as_fail_details(struct req *r)
{
	return api_fail_details(r, "details");
}

struct engine_ctx as_ctx(struct req *r)
{
	return api_engine_ctx(r, "assessments");
}

/* The machine code of each refusal (docs/assessments.md). */
static const char *code_of(enum refusal why, enum inv_err err)
{
	switch (why) {
	case REF_NOT_ENROLLED: return "not_enrolled";
	case REF_NO_ATTEMPTS: return "attempt_limit_reached";
	case REF_ACCESS_CODE: return "invalid_access_code";
	case REF_IP_DENIED: return "ip_address_denied";
	case REF_NOT_OPEN_YET: return "not_yet_open";
	case REF_CLOSED: return "closed";
	case REF_TIME_OVER: return "time_limit_passed";
	case REF_INVALID: return "validation_error";
	case REF_LESSON_UNPUBLISHED:
	case REF_LESSON_NOT_OPEN:
	case REF_LESSON_ORDER: return "lesson_locked";
	default: return inv_err_code(err);
	}
}

enum inv_err as_fail(struct req *r, struct engine_ctx *cx, enum inv_err err)
{
	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL || err == INV_OK)
		return err;
	r->err_code = code_of(cx->reason, err);
	return req_fail(r, err, cx->field, "%s", cx->message ? cx->message : "Not found.");
}

enum inv_err as_load(struct req *r, struct engine_ctx *cx, const struct exam_content **ec, struct membership *m)
{
	const char *id = req_param(r, "id")->text;
	enum inv_err err = engine_exam_by_public_id(cx, id, ec, m);

	if (err == INV_ENOTFOUND)
		return req_fail(r, INV_ENOTFOUND, NULL, "No assessment with id '%s'.", id);
	if (err == INV_EFORBIDDEN && cx->reason == REF_NOT_ENROLLED) {
		r->err_code = "not_enrolled";
		return req_fail(r, INV_EFORBIDDEN, NULL, "You are not actively enrolled in this assessment's course.");
	}
	return as_fail(r, cx, err);
}

/* --- list and get ------------------------------------------------------------------ */

/* ?name= as an integer in [min, max]; absent leaves *out. */
static bool query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	if (req_query(r, name) != NULL && req_query_int(r, name, min, max, out) != 1) {
		as_detail(r, name, "must be an integer from %lld to %lld", (long long)min, (long long)max);
		r->err_field = NULL;
		return false;
	}
	return true;
}

static struct json_object *page_link(struct req *r, int64_t page, int64_t per_page, int64_t course)
{
	char *url = arena_printf(r->arena, "%s/api/v1/assessments?page=%lld&per_page=%lld", r->base_url,
	                         (long long)page, (long long)per_page);

	if (url && course > 0)
		url = arena_printf(r->arena, "%s&course_id=%lld", url, (long long)course);
	return url ? json_object_new_string(url) : NULL;
}

/* GET /api/v1/assessments: 200 a page; 400 bad page, per_page or course_id. */
enum inv_err h_as_list(struct req *r, struct resp *w)
{
	struct exam_filter f = {0};
	int64_t page = 1, per_page = PER_PAGE_DEFAULT, count, last;
	struct exam *rows;
	size_t n;
	struct json_object *o, *data, *pg, *links;
	struct engine_ctx cx = as_ctx(r);
	bool ok = true;
	enum inv_err err;

	ok &= query_int(r, "page", 1, 1000000, &page);
	ok &= query_int(r, "per_page", 1, PER_PAGE_MAX, &per_page);
	ok &= query_int(r, "course_id", 1, INT64_MAX / 2, &f.course_id);
	if (!ok)
		return as_fail_details(r);
	rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows));
	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_exam_list(&cx, &f, (page - 1) * per_page, per_page, r->arena, rows, &n, &count)) != INV_OK)
		return as_fail(r, &cx, err);
	data = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(data, view_assess_assessment(&rows[i]));
	last = count == 0 ? 1 : (count + per_page - 1) / per_page;
	o = json_object_new_object();
	pg = json_object_new_object();
	links = json_object_new_object();
	json_object_object_add(o, "data", data);
	json_object_object_add(pg, "page", json_object_new_int64(page));
	json_object_object_add(pg, "per_page", json_object_new_int64(per_page));
	json_object_object_add(pg, "total_count", json_object_new_int64(count));
	json_object_object_add(pg, "total_pages", json_object_new_int64(last));
	json_object_object_add(o, "pagination", pg);
	json_object_object_add(links, "self", page_link(r, page, per_page, f.course_id));
	json_object_object_add(links, "next", page < last ? page_link(r, page + 1, per_page, f.course_id) : NULL);
	json_object_object_add(links, "prev", page > 1 ? page_link(r, page - 1, per_page, f.course_id) : NULL);
	json_object_object_add(o, "links", links);
	return resp_json(w, 200, o);
}

/* GET /api/v1/assessments/{id}: 200 with questions; 404 unknown or not visible. */
enum inv_err h_as_get(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = as_ctx(r);
	struct membership m;
	enum inv_err err = as_load(r, &cx, &ec, &m);

	return err != INV_OK ? err : resp_json(w, 200, view_assess_full(ec, m.staff));
}

/* Reads a nullable positive integer field; *present false when absent. */
static const struct route routes[] = {
	{"GET", "/", h_as_list, WHO_USER, RB_FORBIDDEN},
	{"POST", "/", h_as_create, WHO_USER, RB_REQUIRED},
	{"GET", "/{id:slug}", h_as_get, WHO_USER, RB_FORBIDDEN},
	{"PATCH", "/{id:slug}", h_as_patch, WHO_USER, RB_REQUIRED},
	{"POST", "/{id:slug}/questions", h_as_add_questions, WHO_USER, RB_REQUIRED},
	{"POST", "/{id:slug}/submissions", h_as_submit, WHO_USER, RB_REQUIRED},
	{"GET", "/{id:slug}/submissions/{sid:slug}", h_as_submission, WHO_USER, RB_FORBIDDEN},
};

static const char *const prefixes[] = {"/api/v1/assessments", NULL};

const struct face face_assess = {
	.name = "assessments",
	.prefixes = prefixes,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.render_error = render_error,
	.auth_challenge = "Bearer realm=\"assessments\"",
};

