/* invigil — the course face (SelfCommunity course API v2, seed 000;
 * docs/course.md): its route table and error envelope, and the reads of a
 * course, its sections and lessons, and lesson completion.  Quiz attempts
 * and the quiz dashboard are in quiz.c, the JSON in views.c.  Every rule
 * (membership, drip, lesson order, staff) is the engine's. */
#include "config.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/face_course.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"

/* --- envelope: DRF's {"detail"}, with a code, the rule, and field errors --- */

static void render_error(struct req *r, struct resp *w, enum inv_err err)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "detail", json_object_new_string(r->err_msg ? r->err_msg : "Error."));
	json_object_object_add(o, "code", json_object_new_string(r->err_code                        ? r->err_code
	                                                         : r->err_details || r->err_field ? "validation_error"
	                                                                                           : inv_err_code(err)));
	if (r->err_details != NULL) {
		json_object_object_add(o, "errors", r->err_details);
		r->err_details = NULL;
	} else if (r->err_field != NULL) {
		struct json_object *d = json_object_new_array(), *one = json_object_new_object();

		json_object_object_add(one, "field", json_object_new_string(r->err_field));
		json_object_object_add(one, "error", json_object_new_string(r->err_msg ? r->err_msg : ""));
		json_object_array_add(d, one);
		json_object_object_add(o, "errors", d);
	}
	resp_json(w, inv_err_status(err), o);
}

void co_detail(struct req *r, const char *field, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	api_detail(r, "error", field, msg);
}

enum inv_err co_fail_details(struct req *r)
{
	return api_fail_details(r, "errors");
}

struct engine_ctx co_ctx(struct req *r)
{
	return api_engine_ctx(r, "course");
}

int64_t co_param(struct req *r, const char *name)
{
	const struct req_path_param *p = req_param(r, name);

	return p ? p->num : 0;
}

/* The machine code of each refusal; a lesson rule's code names the rule of
 * seed 000 that held (docs/course.md), and *rule says it in words. */
static const char *code_of(enum refusal why, const struct course_outline *o, const char **rule)
{
	bool structured = o != NULL && o->course.type == COURSE_STRUCTURED;

	*rule = NULL;
	switch (why) {
	case REF_NOT_ENROLLED: return "not_joined";
	case REF_NOT_STAFF: return "not_creator_or_manager";
	case REF_NOT_OWNER: return "not_owner";
	case REF_NO_ATTEMPTS: return "attempt_limit_reached";
	case REF_ACCESS_CODE: return "invalid_access_code";
	case REF_IP_DENIED: return "ip_address_denied";
	case REF_NOT_OPEN_YET: return "not_yet_open";
	case REF_CLOSED: return "closed";
	case REF_TIME_OVER: return "time_limit_passed";
	case REF_INVALID: return "validation_error";
	case REF_LESSON_UNPUBLISHED:
		*rule = "rule 1: the lesson is published";
		return "lesson_not_published";
	case REF_LESSON_NOT_OPEN:
		*rule = structured ? "rule 3: joined_at plus the section's drip_delay days has passed"
		                   : "rule 2: the section's dripped_at has passed";
		return structured ? "section_drip_delay" : "section_dripped_at";
	case REF_LESSON_ORDER:
		*rule = "rule 4: enforce_lessons_order, every earlier published lesson completed";
		return "lessons_order";
	default: return NULL;
	}
}

enum inv_err co_fail(struct req *r, struct engine_ctx *cx, enum inv_err err, const struct course_outline *o)
{
	const char *msg = cx->message ? cx->message : "Not found.", *rule;

	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL || err == INV_OK || err == INV_CREATED)
		return err;
	r->err_code = code_of(cx->reason, o, &rule);
	if (rule != NULL)
		return req_fail(r, err, NULL, "%s (%s)", msg, rule);
	return req_fail(r, err, cx->field, "%s", msg);
}

/* --- course, sections, lessons ------------------------------------------------ */

/* GET course/{id}/?view=user|edit|dashboard&user=N: 200 the course with its
 * outline (drafts in the staff views); 400 bad view or user; 403 not in the
 * course, or a staff view (or another user's progress) for a learner; 404. */
enum inv_err h_co_course(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	const char *view = req_query(r, "view");
	int64_t user = 0;
	bool staff_view = false;
	enum inv_err err;

	if (view != NULL && strcmp(view, "user") != 0 && strcmp(view, "") != 0) {
		if (strcmp(view, "edit") != 0 && strcmp(view, "dashboard") != 0)
			return req_fail(r, INV_EINVAL, "view", "view must be user, edit or dashboard.");
		staff_view = true;
	}
	if (req_query_int(r, "user", 1, INT64_MAX / 2, &user) < 0)
		return req_fail(r, INV_EINVAL, "user", "user must be a user id.");
	if ((err = engine_course_outline(&cx, co_param(r, "cid"), user, staff_view, r->arena, &o)) != INV_OK)
		return co_fail(r, &cx, err, NULL);
	return resp_json(w, 200, view_co_course(r, &o, staff_view));
}

/* The outline of the path's course for its staff only (the section and
 * lesson lists, as the reference says); *s the path's section when sid is. */
static enum inv_err staff_outline(struct req *r, struct engine_ctx *cx, struct course_outline *o,
                                  const struct course_section **s)
{
	enum inv_err err = engine_course_outline(cx, co_param(r, "cid"), 0, true, r->arena, o);
	int64_t sid = co_param(r, "sid");

	if (err != INV_OK)
		return co_fail(r, cx, err, NULL);
	if (s == NULL)
		return INV_OK;
	for (size_t i = 0; i < o->nsections; i++)
		if (o->sections[i].id == sid) {
			*s = &o->sections[i];
			return INV_OK;
		}
	return req_fail(r, INV_ENOTFOUND, NULL, "No section %lld in this course.", (long long)sid);
}

/* GET course/{cid}/section/: 200 a bare array of sections; 403 not staff. */
enum inv_err h_co_sections(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	struct json_object *list;
	enum inv_err err = staff_outline(r, &cx, &o, NULL);

	if (err != INV_OK)
		return err;
	list = json_object_new_array();
	for (size_t i = 0; i < o.nsections; i++)
		json_object_array_add(list, view_co_section(&o, &o.sections[i]));
	return resp_json(w, 200, list);
}

/* GET course/{cid}/section/{sid}/: 200; 403 not staff; 404. */
enum inv_err h_co_section(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	const struct course_section *s;
	enum inv_err err = staff_outline(r, &cx, &o, &s);

	return err != INV_OK ? err : resp_json(w, 200, view_co_section(&o, s));
}

/* GET course/{cid}/section/{sid}/lesson/: 200 a bare array of the
 * section's lessons, drafts too; 403 not staff; 404. */
enum inv_err h_co_lessons(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	const struct course_section *s;
	struct json_object *list;
	enum inv_err err = staff_outline(r, &cx, &o, &s);

	if (err != INV_OK)
		return err;
	list = json_object_new_array();
	for (size_t i = s->first; i < s->first + s->nlessons; i++)
		json_object_array_add(list, view_co_lesson(&o, &o.lessons[i]));
	return resp_json(w, 200, list);
}

/* POST …/lesson/{lid}/complete/ and …/incomplete/: 204; 400 a quiz lesson;
 * 403 not joined, or the lesson is locked (the rule in the body); 404. */
static enum inv_err mark(struct req *r, struct resp *w, bool completed)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	enum inv_err err = engine_lesson_mark(&cx, co_param(r, "cid"), co_param(r, "sid"), co_param(r, "lid"),
	                                      completed, r->arena, &o);

	if (err != INV_OK)
		return co_fail(r, &cx, err, &o);
	w->status = 204;
	return INV_OK;
}

enum inv_err h_co_complete(struct req *r, struct resp *w) { return mark(r, w, true); }
enum inv_err h_co_incomplete(struct req *r, struct resp *w) { return mark(r, w, false); }

static const struct route routes[] = {
	{"GET", "/course/{cid:int}", h_co_course, WHO_USER, RB_FORBIDDEN},
	{"GET", "/course/{cid:int}/section", h_co_sections, WHO_USER, RB_FORBIDDEN},
	{"GET", "/course/{cid:int}/section/{sid:int}", h_co_section, WHO_USER, RB_FORBIDDEN},
	{"GET", "/course/{cid:int}/section/{sid:int}/lesson", h_co_lessons, WHO_USER, RB_FORBIDDEN},
	{"GET", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}", h_co_lesson, WHO_USER, RB_FORBIDDEN},
	{"POST", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/complete", h_co_complete, WHO_USER, RB_FORBIDDEN},
	{"POST", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/incomplete", h_co_incomplete, WHO_USER,
	 RB_FORBIDDEN},
	{"POST", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/attempt", h_co_attempt_make, WHO_USER,
	 RB_REQUIRED},
	{"GET", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/attempt/{aid:int}", h_co_attempt_get, WHO_USER,
	 RB_FORBIDDEN},
	{"GET", "/course/{cid:int}/quiz", h_co_dashboard, WHO_USER, RB_FORBIDDEN},
};

static const char *const prefixes[] = {"/api/v2", NULL};

const struct face face_course = {
	.name = "course",
	.prefixes = prefixes,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.render_error = render_error,
	.auth_challenge = "Bearer realm=\"course\"",
};
