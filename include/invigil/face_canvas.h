/* invigil — the Canvas face's shared parts; only src/api/canvas/ includes this. */
#ifndef INVIGIL_FACE_CANVAS_H
#define INVIGIL_FACE_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

#include "invigil/engine.h"
#include "invigil/err.h"

struct json_object;
struct req;
struct resp;

/* The course and quiz of a path, with the caller's membership. */
struct cv_scope {
	struct course course;
	const struct exam_content *ec;
	struct membership m;
};

/* --- src/api/canvas/canvas.c: scopes, errors, paging, envelopes --- */
struct engine_ctx cv_ctx(struct req *r);
/* An engine refusal in Canvas's envelope, with Canvas's status for its reason. */
enum inv_err cv_fail(struct req *r, struct engine_ctx *cx, enum inv_err err);
/* The course of the path: 404 unknown, 403 not a member. */
enum inv_err cv_course_scope(struct req *r, struct cv_scope *s);
/* The course and quiz of the path: as cv_course_scope, 404 for a quiz of
 * another course or an unpublished one (for learners). */
enum inv_err cv_quiz_scope(struct req *r, struct cv_scope *s);
/* The submission of the path (quiz scope too): 404 unless it is the caller's
 * or the caller is staff. */
enum inv_err cv_submission_scope(struct req *r, struct cv_scope *s, int64_t *sid, int64_t *user_id);
/* ?page=&per_page= (Canvas clamps per_page to 1..100); 400 on a bad number. */
enum inv_err cv_paging(struct req *r, int64_t *page, int64_t *per_page);
/* A Link header of absolute page URLs. */
void cv_link_header(struct req *r, struct resp *w, int64_t page, int64_t per_page, int64_t total);
/* Does include[] ask for name? */
bool cv_include(struct req *r, const char *name);
/* {"quiz_submissions": [...]} plus the include[] side arrays; takes subs. */
enum inv_err cv_respond_submissions(struct req *r, struct resp *w, const struct exam_content *ec,
                                    struct json_object *subs);
/* One submission as a one-item response. */
enum inv_err cv_respond_one(struct req *r, struct resp *w, const struct exam_content *ec, struct json_object *one);
/* A decimal from JSON (number) or a form (string). */
bool cv_decimal(struct json_object *v, double *out);

/* --- src/api/canvas/views.c: pure renderings --- */
const char *cv_iso(struct req *r, int64_t ms);
struct json_object *cv_time_or_null(struct req *r, int64_t ms);
struct json_object *cv_points(int64_t e4);
/* Canvas's question_type of t ("multiple_choice_question", …). */
const char *cv_question_type(enum question_type t);
struct json_object *view_canvas_quiz(struct req *r, const struct exam_content *ec, bool staff);
struct json_object *view_canvas_question(const struct exam_content *ec, const struct ex_question *q, bool weights);
/* The quiz submission (sub_id) of user_id at ec, latest attempt a (NULL:
 * none yet), with the standing and kept score read by the caller. */
struct json_object *view_canvas_submission(struct req *r, const struct exam_content *ec, int64_t sub_id,
                                           int64_t user_id, const struct attempt *a, const struct standing *st,
                                           bool have_kept, int64_t kept_e4, bool with_token);
/* Canvas's Course: id, name, course_code, workflow_state, public_description. */
struct json_object *view_canvas_course(const struct course *c);
/* The Course as the course list shows it to user_id: with "enrollments",
 * their joined enrollment ([] when none) as Canvas's type and role. */
struct json_object *view_canvas_user_course(const struct user_course *uc, int64_t user_id);
/* Canvas's User: id, name, sortable_name, short_name, login_id. */
struct json_object *view_canvas_user(const struct user *u);
/* A quiz submission question: its answer and flag (and the question). */
struct json_object *view_canvas_sq(const struct exam_content *ec, const struct answer *ans, bool with_question);

/* --- src/api/canvas/submissions.c --- */
/* The submission of (ec, user_id) as it stands, latest attempt read
 * (an overdue one is graded on the way). */
enum inv_err cv_one_submission(struct req *r, const struct exam_content *ec, int64_t sub_id, int64_t user_id,
                               bool with_token, struct json_object **out);

/* The latest attempt of submission user uid, proven by the body's attempt
 * and validation_token (400 stale attempt, 403 bad token). */
enum inv_err cv_proven_attempt(struct req *r, struct engine_ctx *cx, const struct exam_content *ec, int64_t uid,
                               struct attempt *a);

/* Handlers (each raises 401, 403, 404, 400 as docs/canvas.md says, 503). */
enum inv_err h_cv_courses(struct req *r, struct resp *w);
enum inv_err h_cv_course(struct req *r, struct resp *w);
enum inv_err h_cv_quizzes(struct req *r, struct resp *w);
enum inv_err h_cv_quiz(struct req *r, struct resp *w);
enum inv_err h_cv_quiz_questions(struct req *r, struct resp *w);
enum inv_err h_cv_quiz_question(struct req *r, struct resp *w);
enum inv_err h_cv_statistics(struct req *r, struct resp *w);
enum inv_err h_cv_submissions(struct req *r, struct resp *w);
enum inv_err h_cv_my_submission(struct req *r, struct resp *w);
enum inv_err h_cv_submission(struct req *r, struct resp *w);
enum inv_err h_cv_create(struct req *r, struct resp *w);
enum inv_err h_cv_complete(struct req *r, struct resp *w);
enum inv_err h_cv_time(struct req *r, struct resp *w);
enum inv_err h_cv_score(struct req *r, struct resp *w);
enum inv_err h_cv_extensions(struct req *r, struct resp *w);
enum inv_err h_cv_events(struct req *r, struct resp *w);
enum inv_err h_cv_events_add(struct req *r, struct resp *w);
enum inv_err h_cv_sq_list(struct req *r, struct resp *w);
enum inv_err h_cv_sq_answer(struct req *r, struct resp *w);
enum inv_err h_cv_flag(struct req *r, struct resp *w);
enum inv_err h_cv_unflag(struct req *r, struct resp *w);

#endif
