/* invigil — Canvas courses and quizzes: GET /api/v1/courses[/:cid[/quizzes[/:qid[/questions]]]]. */
#include "config.h"

#include <json-c/json.h>

#include "invigil/arena.h"
#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* GET /api/v1/courses: 200 a bare array of the caller's courses (a joined
 * enrollment; admins: every course), each with the caller's enrollment,
 * paged by Link; 400 a bad page or per_page. */
enum inv_err h_cv_courses(struct req *r, struct resp *w)
{
	struct engine_ctx cx = cv_ctx(r);
	struct user_course *rows;
	int64_t page, per_page, count;
	size_t n;
	struct json_object *arr;
	enum inv_err err = cv_paging(r, &page, &per_page);

	if (err != INV_OK)
		return err;
	rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows));
	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_course_list(&cx, (page - 1) * per_page, per_page, r->arena, rows, &n, &count)) != INV_OK)
		return cv_fail(r, &cx, err);
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, view_canvas_user_course(&rows[i], cx.user_id));
	cv_link_header(r, w, page, per_page, count);
	return resp_json(w, 200, arr);
}

/* GET /api/v1/courses/:cid: 200; 403 not enrolled; 404. */
enum inv_err h_cv_course(struct req *r, struct resp *w)
{
	struct cv_scope s;
	enum inv_err err = cv_course_scope(r, &s);

	return err != INV_OK ? err : resp_json(w, 200, view_canvas_course(&s.course));
}

/* GET /api/v1/courses/:cid/quizzes: 200 a bare array, paged by Link. */
enum inv_err h_cv_quizzes(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct exam_filter f = {0};
	struct exam *rows;
	int64_t page, per_page, count;
	size_t n;
	struct json_object *arr;
	enum inv_err err = cv_course_scope(r, &s);

	if (err != INV_OK || (err = cv_paging(r, &page, &per_page)) != INV_OK)
		return err;
	f.course_id = s.course.id;
	rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows));
	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_exam_list(&cx, &f, (page - 1) * per_page, per_page, r->arena, rows, &n, &count)) != INV_OK)
		return cv_fail(r, &cx, err);
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		const struct exam_content *ec;
		struct membership m;

		if ((err = engine_exam(&cx, rows[i].id, &ec, &m)) == INV_OK)
			json_object_array_add(arr, view_canvas_quiz(r, ec, s.m.staff));
		else if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL) {
			json_object_put(arr);
			return err;
		}
	}
	cv_link_header(r, w, page, per_page, count);
	return resp_json(w, 200, arr);
}

/* GET /api/v1/courses/:cid/quizzes/:qid: 200 the Quiz object. */
enum inv_err h_cv_quiz(struct req *r, struct resp *w)
{
	struct cv_scope s;
	enum inv_err err = cv_quiz_scope(r, &s);

	return err != INV_OK ? err : resp_json(w, 200, view_canvas_quiz(r, s.ec, s.m.staff));
}

/* GET /api/v1/courses/:cid/quizzes/:qid/questions: teachers only, with weights. */
enum inv_err h_cv_quiz_questions(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct json_object *arr;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (!s.m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	arr = json_object_new_array();
	for (size_t i = 0; i < s.ec->nquestions; i++)
		json_object_array_add(arr, view_canvas_question(s.ec, &s.ec->questions[i], true));
	return resp_json(w, 200, arr);
}

/* GET …/quizzes/:qid/questions/:id: one question, teachers only (with weights). */
enum inv_err h_cv_quiz_question(struct req *r, struct resp *w)
{
	const struct ex_question *q;
	struct cv_scope s;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (!s.m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if ((q = exam_question_by_id(s.ec, req_param(r, "id")->num)) != NULL)
		return resp_json(w, 200, view_canvas_question(s.ec, q, true));
	return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
}
