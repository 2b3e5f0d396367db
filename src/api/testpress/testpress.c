/* invigil — the Testpress learner API v2.2 face: route table and envelope. */
#include "config.h"

#include <json-c/json.h>

#include "invigil/api.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"
#include "invigil/face_testpress.h"

void render_error_drf(struct req *r, struct resp *w, enum inv_err err)
{
	struct json_object *o = json_object_new_object();
	const char *msg = r->err_msg ? r->err_msg : "Error.";

	if (r->err_code != NULL && inv_err_status(err) == 403) {
		/* Testpress's own 403s of an answer save: the SDK's TestpressError */
		struct json_object *d = json_object_new_object();

		json_object_object_add(d, "error_code", json_object_new_string(r->err_code));
		json_object_object_add(d, "message", json_object_new_string(msg));
		json_object_object_add(o, "detail", d);
	} else if (r->err_field != NULL) {
		struct json_object *list = json_object_new_array();

		json_object_array_add(list, json_object_new_string(msg));
		json_object_object_add(o, r->err_field, list);
	} else {
		json_object_object_add(o, "detail", json_object_new_string(msg));
	}
	resp_json(w, inv_err_status(err), o);
}

static const struct route routes[] = {
	{"POST", "/auth-token", h_auth_token, WHO_ANYONE, RB_REQUIRED},
	{"GET", "/exams", h_exams_list, WHO_USER, RB_FORBIDDEN},
	{"GET", "/exams/{slug:slug}", h_exam_get, WHO_USER, RB_FORBIDDEN},
	{"GET", "/exams/{slug:slug}/languages", h_exam_languages, WHO_USER, RB_FORBIDDEN},
	{"GET", "/exams/{slug:slug}/attempts", h_exam_attempts, WHO_USER, RB_FORBIDDEN},
	{"POST", "/exams/{slug:slug}/attempts", h_exam_attempt_create, WHO_USER, RB_OPTIONAL},
	{"GET", "/access_codes/{code:slug}/exams", h_access_code_exams, WHO_USER, RB_FORBIDDEN},
	{"GET", "/analytics", h_analytics, WHO_USER, RB_FORBIDDEN},
	{"GET", "/attempts", h_attempts_list, WHO_USER, RB_FORBIDDEN},
	{"GET", "/questions/{id:int}/comments", h_question_comments, WHO_USER, RB_FORBIDDEN},
	{"POST", "/questions/{id:int}/comments", h_question_comment_add, WHO_USER, RB_REQUIRED},
	{"GET", "/attempts/{id:int}", h_attempt_get, WHO_USER, RB_FORBIDDEN},
	{"PUT", "/attempts/{id:int}/start", h_attempt_start, WHO_USER, RB_OPTIONAL},
	{"PUT", "/attempts/{id:int}/heartbeat", h_attempt_heartbeat, WHO_USER, RB_OPTIONAL},
	{"PUT", "/attempts/{id:int}/end", h_attempt_end, WHO_USER, RB_OPTIONAL},
	{"GET", "/attempts/{id:int}/questions", h_attempt_questions, WHO_USER, RB_FORBIDDEN},
	{"PATCH", "/attempts/{id:int}/sections/{sec:int}/start", h_attempt_section, WHO_USER, RB_OPTIONAL},
	{"PATCH", "/attempts/{id:int}/sections/{sec:int}/end", h_attempt_section, WHO_USER, RB_OPTIONAL},
	{"PUT", "/attempts/{id:int}/questions/{aq:int}", h_attempt_answer, WHO_USER, RB_REQUIRED},
	{"GET", "/attempts/{id:int}/review", h_attempt_review, WHO_USER, RB_FORBIDDEN},
	{"GET", "/attempts/{id:int}/review/subjects", h_attempt_review_subjects, WHO_USER, RB_FORBIDDEN},
	{"GET", "/contents/{id:int}/attempts", h_content_attempts, WHO_USER, RB_FORBIDDEN},
	{"POST", "/contents/{id:int}/attempts", h_content_attempt_create, WHO_USER, RB_OPTIONAL},
	{"PUT", "/user_videos/{id:int}", h_user_video_update, WHO_USER, RB_REQUIRED},
};

/* v2.2 is the seed's; the Android SDK reads exams at v2.2.1, languages and
 * content attempts at v2.3 and updates videos at v2.4 (docs/testpress.md,
 * "Clients"): one table serves them all */
static const char *const prefixes[] = {"/api/v2.2", "/api/v2.2.1", "/api/v2.3", "/api/v2.4", NULL};

const struct face face_testpress = {
	.name = "testpress",
	.prefixes = prefixes,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.render_error = render_error_drf,
	.auth_challenge = "JWT realm=\"api\"",
};
