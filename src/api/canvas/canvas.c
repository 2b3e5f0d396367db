/* invigil — the Canvas classic quizzes face (docs/canvas.md): its route
 * table, error envelope, scopes and paging.  A Canvas quiz is an invigil
 * exam; a quiz submission is the stable (exam, user) pair, its attempt the
 * latest attempt_no.  Canvas clients send form bodies with Rails-style keys
 * as often as JSON; src/web/body.c turns both into the same tree.  Every
 * rule is the engine's: this face maps its refusals to Canvas's statuses. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"

#define PER_PAGE_DEFAULT 10
#define PER_PAGE_MAX 100
#define PAGE_MAX 1000000

static const char *const NOT_FOUND = "The specified resource does not exist.";
static const char *const UNAUTHORIZED = "user not authorized to perform that action";

static void render_error(struct req *r, struct resp *w, enum inv_err err)
{
	struct json_object *o = json_object_new_object(), *list = json_object_new_array(), *e = json_object_new_object();
	const char *msg = r->err_msg ? r->err_msg : "An error occurred.";

	json_object_object_add(e, "message", json_object_new_string(
		r->err_field ? arena_printf(r->arena, "%s: %s", r->err_field, msg) : msg));
	json_object_array_add(list, e);
	json_object_object_add(o, "errors", list);
	resp_json(w, inv_err_status(err), o);
}

struct engine_ctx cv_ctx(struct req *r)
{
	return api_engine_ctx(r, "canvas");
}

enum inv_err cv_fail(struct req *r, struct engine_ctx *cx, enum inv_err err)
{
	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL || err == INV_OK)
		return err;
	switch (cx->reason) {
	case REF_NOT_FOUND: return req_fail(r, INV_ENOTFOUND, NULL, "%s", NOT_FOUND);
	case REF_NOT_ENROLLED:
	case REF_NOT_OWNER:
	case REF_NOT_STAFF: return req_fail(r, INV_EFORBIDDEN, NULL, "%s", UNAUTHORIZED);
	case REF_NO_ATTEMPTS: return req_fail(r, INV_ECONFLICT, NULL, "you have no attempts left for this quiz");
	case REF_NOT_OPEN_YET:
	case REF_CLOSED: return req_fail(r, INV_EINVAL, NULL, "This quiz is locked.");
	case REF_ACCESS_CODE: return req_fail(r, INV_EFORBIDDEN, NULL, "Invalid access code");
	case REF_IP_DENIED: return req_fail(r, INV_EFORBIDDEN, NULL, "IP address denied");
	case REF_TIME_OVER:
	case REF_ENDED:
		return req_fail(r, INV_EFORBIDDEN, NULL, "you are not allowed to update questions for this quiz submission");
	case REF_NOT_COMPLETED: return req_fail(r, INV_EINVAL, NULL, "the quiz submission attempt is not complete yet");
	default:
		if (cx->item > 0)
			return req_fail(r, err, NULL, "quiz_extensions[%zu]: %s", cx->item - 1, cx->message);
		return req_fail(r, err, NULL, "%s", cx->message ? cx->message : NOT_FOUND);
	}
}

enum inv_err cv_course_scope(struct req *r, struct cv_scope *s)
{
	struct engine_ctx cx = cv_ctx(r);
	enum inv_err err = engine_course(&cx, req_param(r, "cid")->num, r->arena, &s->course, &s->m);

	return err == INV_OK ? INV_OK : cv_fail(r, &cx, err);
}

enum inv_err cv_quiz_scope(struct req *r, struct cv_scope *s)
{
	struct engine_ctx cx = cv_ctx(r);
	struct membership m;
	enum inv_err err = cv_course_scope(r, s);

	if (err != INV_OK)
		return err;
	s->ec = NULL;
	err = engine_exam(&cx, req_param(r, "qid")->num, &s->ec, &m);
	/* a quiz of another course is not here, whatever the caller's rights in
	 * that course (refused there: 403 would tell the quiz exists) */
	if ((err == INV_OK || err == INV_EFORBIDDEN) && s->ec != NULL && s->ec->exam.course_id != s->course.id)
		return req_fail(r, INV_ENOTFOUND, NULL, "%s", NOT_FOUND);
	return err == INV_OK ? INV_OK : cv_fail(r, &cx, err);
}

enum inv_err cv_submission_scope(struct req *r, struct cv_scope *s, int64_t *sid, int64_t *user_id)
{
	struct engine_ctx cx = cv_ctx(r);
	const struct exam_content *ec;
	enum inv_err err = cv_quiz_scope(r, s);

	if (err != INV_OK)
		return err;
	*sid = req_param(r, "sid")->num;
	if ((err = engine_submission(&cx, *sid, &ec, user_id)) != INV_OK)
		return cv_fail(r, &cx, err);
	if (ec->exam.id != s->ec->exam.id)
		return req_fail(r, INV_ENOTFOUND, NULL, "%s", NOT_FOUND);
	return INV_OK;
}

enum inv_err cv_paging(struct req *r, int64_t *page, int64_t *per_page)
{
	*page = 1;
	*per_page = PER_PAGE_DEFAULT;
	if (req_query_int(r, "page", 1, PAGE_MAX, page) < 0)
		return req_fail(r, INV_EINVAL, "page", "%s", r->err_msg);
	/* Canvas clamps per_page rather than refusing it */
	if (req_query_int(r, "per_page", INT64_MIN, INT64_MAX, per_page) < 0)
		return req_fail(r, INV_EINVAL, "per_page", "%s", r->err_msg);
	if (*per_page < 1)
		*per_page = PER_PAGE_DEFAULT;
	if (*per_page > PER_PAGE_MAX)
		*per_page = PER_PAGE_MAX;
	r->err_field = NULL;
	r->err_msg = NULL;
	return INV_OK;
}

void cv_link_header(struct req *r, struct resp *w, int64_t page, int64_t per_page, int64_t total)
{
	int64_t last = total == 0 ? 1 : (total + per_page - 1) / per_page;
	const char *base = arena_printf(r->arena, "%s%s", r->base_url, r->path);
	char *v = arena_printf(r->arena, "<%s?page=%lld&per_page=%lld>; rel=\"current\",<%s?page=1&per_page=%lld>; rel=\"first\","
	                                 "<%s?page=%lld&per_page=%lld>; rel=\"last\"",
	                       base, (long long)page, (long long)per_page, base, (long long)per_page, base, (long long)last,
	                       (long long)per_page);

	if (v && page < last)
		v = arena_printf(r->arena, "%s,<%s?page=%lld&per_page=%lld>; rel=\"next\"", v, base, (long long)page + 1,
		                 (long long)per_page);
	if (v && page > 1)
		v = arena_printf(r->arena, "%s,<%s?page=%lld&per_page=%lld>; rel=\"prev\"", v, base, (long long)page - 1,
		                 (long long)per_page);
	if (v)
		resp_header(w, "Link", v);
}

bool cv_include(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nquery; i++)
		if ((strcmp(r->query[i].key, "include[]") == 0 || strcmp(r->query[i].key, "include") == 0) &&
		    strcmp(r->query[i].value, name) == 0)
			return true;
	return false;
}

/* The include[]=submission side array: each quiz submission's assignment
 * Submission (Canvas's grade record), built from the quiz submission. */
static struct json_object *side_submissions(const struct exam_content *ec, struct json_object *subs)
{
	struct json_object *ss = json_object_new_array();

	for (size_t i = 0; i < json_object_array_length(subs); i++) {
		struct json_object *q = json_object_array_get_idx(subs, i), *s = json_object_new_object(), *v;

		json_object_object_get_ex(q, "submission_id", &v);
		json_object_object_add(s, "id", json_object_get(v));
		json_object_object_get_ex(q, "user_id", &v);
		json_object_object_add(s, "user_id", json_object_get(v));
		json_object_object_get_ex(q, "kept_score", &v);
		json_object_object_add(s, "score", v ? json_object_get(v) : NULL);
		json_object_object_add(s, "grade", v ? json_object_new_string(json_object_get_string(v)) : NULL);
		json_object_object_add(s, "assignment_id", json_object_new_int64(ec->exam.id));
		json_object_object_get_ex(q, "attempt", &v);
		json_object_object_add(s, "attempt", v ? json_object_get(v) : NULL);
		json_object_object_get_ex(q, "finished_at", &v);
		json_object_object_add(s, "submitted_at", v ? json_object_get(v) : NULL);
		json_object_object_get_ex(q, "workflow_state", &v);
		/* the assignment's states: a finished quiz is submitted, or graded once scored */
		json_object_object_add(s, "workflow_state", json_object_new_string(
			v && strcmp(json_object_get_string(v), "complete") == 0 ? "graded"
			: v && strcmp(json_object_get_string(v), "pending_review") == 0 ? "pending_review" : "unsubmitted"));
		json_object_object_add(s, "submission_type", json_object_new_string("online_quiz"));
		json_object_array_add(ss, s);
	}
	return ss;
}

/* The include[]=user side array: Canvas's User (canvasapi's User.__str__
 * reads name while the submission is built). */
static enum inv_err side_users(struct req *r, const struct exam_content *ec, struct json_object *subs,
                               struct json_object **out)
{
	struct engine_ctx cx = cv_ctx(r);
	struct json_object *us = json_object_new_array();

	for (size_t i = 0; i < json_object_array_length(subs); i++) {
		struct json_object *q = json_object_array_get_idx(subs, i), *v;
		struct user u;
		enum inv_err err;

		json_object_object_get_ex(q, "user_id", &v);
		if ((err = engine_user(&cx, ec, json_object_get_int64(v), &u)) != INV_OK) {
			json_object_put(us);
			return cv_fail(r, &cx, err);
		}
		json_object_array_add(us, view_canvas_user(&u));
	}
	*out = us;
	return INV_OK;
}

enum inv_err cv_respond_submissions(struct req *r, struct resp *w, const struct exam_content *ec,
                                    struct json_object *subs)
{
	struct json_object *o = json_object_new_object();

	if (cv_include(r, "quiz")) {
		struct json_object *qs = json_object_new_array();

		json_object_array_add(qs, view_canvas_quiz(r, ec, false));
		json_object_object_add(o, "quizzes", qs);
	}
	if (cv_include(r, "submission"))
		json_object_object_add(o, "submissions", side_submissions(ec, subs));
	if (cv_include(r, "user")) {
		struct json_object *us;
		enum inv_err err = side_users(r, ec, subs, &us);

		if (err != INV_OK) {
			json_object_put(o);
			json_object_put(subs);
			return err;
		}
		json_object_object_add(o, "users", us);
	}
	if (cv_include(r, "quiz") || cv_include(r, "submission") || cv_include(r, "user")) {
		struct json_object *meta = json_object_new_object();

		json_object_object_add(meta, "primaryCollection", json_object_new_string("quiz_submissions"));
		json_object_object_add(o, "meta", meta);
	}
	json_object_object_add(o, "quiz_submissions", subs);
	return resp_json(w, 200, o);
}

enum inv_err cv_respond_one(struct req *r, struct resp *w, const struct exam_content *ec, struct json_object *one)
{
	struct json_object *subs = json_object_new_array();

	json_object_array_add(subs, one);
	return cv_respond_submissions(r, w, ec, subs);
}

bool cv_decimal(struct json_object *v, double *out)
{
	char *end;

	if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) {
		*out = json_object_get_double(v);
		return isfinite(*out);
	}
	if (json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);

		*out = strtod(s, &end);
		return *s != '\0' && *end == '\0' && isfinite(*out);
	}
	return false;
}

static const struct route routes[] = {
	{"GET", "/courses", h_cv_courses, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}", h_cv_course, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes", h_cv_quizzes, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}", h_cv_quiz, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/questions", h_cv_quiz_questions, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/questions/{id:int}", h_cv_quiz_question, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/statistics", h_cv_statistics, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions", h_cv_submissions, WHO_USER, RB_FORBIDDEN},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions", h_cv_create, WHO_USER, RB_OPTIONAL},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submission", h_cv_my_submission, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}", h_cv_submission, WHO_USER, RB_FORBIDDEN},
	{"PUT", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}", h_cv_score, WHO_USER, RB_REQUIRED},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/complete", h_cv_complete, WHO_USER, RB_REQUIRED},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/time", h_cv_time, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/events", h_cv_events, WHO_USER, RB_FORBIDDEN},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/events", h_cv_events_add, WHO_USER, RB_REQUIRED},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/extensions", h_cv_extensions, WHO_USER, RB_REQUIRED},
	{"GET", "/quiz_submissions/{sid:int}/questions", h_cv_sq_list, WHO_USER, RB_FORBIDDEN},
	{"POST", "/quiz_submissions/{sid:int}/questions", h_cv_sq_answer, WHO_USER, RB_REQUIRED},
	{"PUT", "/quiz_submissions/{sid:int}/questions/{qid:int}/flag", h_cv_flag, WHO_USER, RB_REQUIRED},
	{"PUT", "/quiz_submissions/{sid:int}/questions/{qid:int}/unflag", h_cv_unflag, WHO_USER, RB_REQUIRED},
};

static const char *const prefixes[] = {"/api/v1", NULL};

const struct face face_canvas = {
	.name = "canvas",
	.prefixes = prefixes,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.render_error = render_error,
	.auth_challenge = "Bearer realm=\"canvas-lms\"",
};
