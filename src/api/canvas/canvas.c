/* invigil — the Canvas classic quizzes face (docs/canvas.md): courses,
 * quizzes, quiz submissions, the submission-questions calls that answer
 * them, manual scoring and extensions.  A Canvas quiz is an invigil exam; a
 * quiz submission is the stable (exam, user) pair, its attempt the latest
 * attempt_no.  Canvas clients send form bodies with Rails-style keys as
 * often as JSON; src/web/body.c turns both into the same tree. */
#include "config.h"

#include <arpa/inet.h>
#include <json-c/json.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/engine.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"
#include "invigil/store.h"

#define PER_PAGE_DEFAULT 10
#define PER_PAGE_MAX 100
#define ESSAY_MAX (16 * 1024)
#define QUESTIONS_MAX 1000

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

static struct engine_ctx ctx_of(struct req *r)
{
	return api_engine_ctx(r, "canvas");
}

static enum inv_err engine_fail(struct req *r, struct engine_ctx *cx, enum inv_err err)
{
	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
		return err;
	return req_fail(r, err, NULL, "%s", cx->message ? cx->message : "The specified resource does not exist.");
}

static const char *iso(struct req *r, int64_t ms)
{
	char buf[40];

	return arena_strdup(r->arena, fmt_iso8601(ms, buf, sizeof(buf)));
}

static struct json_object *time_or_null(struct req *r, int64_t ms)
{
	return ms > 0 ? json_object_new_string(iso(r, ms)) : NULL;
}

static struct json_object *points(int64_t e4)
{
	return json_object_new_double((double)e4 / 10000.0);
}

/* --- the course and quiz of the path ---------------------------------------------- */

struct scope {
	struct course course;
	const struct exam_content *ec;
	bool staff, enrolled;
};

static enum inv_err course_scope(struct req *r, struct scope *s)
{
	char role[16] = "", status[16] = "";
	int rc = db_course_get(req_param(r, "cid")->num, r->arena, &s->course);

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	rc = db_enrollment_get(s->course.id, r->who.user_id, role, sizeof(role), status, sizeof(status));
	if (rc < 0)
		return store_err();
	s->enrolled = rc == 1 && strcmp(status, "joined") == 0;
	s->staff = r->who.role == ROLE_ADMIN || (s->enrolled && strcmp(role, "learner") != 0);
	if (!s->enrolled && !s->staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	return INV_OK;
}

static enum inv_err quiz_scope(struct req *r, struct scope *s)
{
	enum inv_err err = course_scope(r, s);
	int rc;

	if (err != INV_OK)
		return err;
	rc = exam_cache_get(req_param(r, "qid")->num, 0, &s->ec);
	if (rc < 0)
		return store_err();
	/* a quiz of another course is not here */
	if (rc == 0 || s->ec->exam.course_id != s->course.id || (!s->ec->exam.published && !s->staff))
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	return INV_OK;
}

/* --- views --------------------------------------------------------------------------------- */

static const char *question_type(char t)
{
	switch (t) {
	case 'R': return "multiple_choice_question";
	case 'T': return "true_false_question";
	case 'C': return "multiple_answers_question";
	case 'N': return "numerical_question";
	case 'S': return "short_answer_question";
	default: return "essay_question";
	}
}

static int64_t allowed_attempts(const struct exam_content *ec)
{
	if (!ec->exam.allow_retake)
		return 1;
	return ec->exam.max_attempts > 0 ? ec->exam.max_attempts : -1;
}

static struct json_object *view_quiz(struct req *r, const struct exam_content *ec, bool staff)
{
	struct json_object *o = json_object_new_object();
	int64_t minutes = ec->exam.duration_s > 0 ? (ec->exam.duration_s + 59) / 60 : 0;

	json_object_object_add(o, "id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "title", json_object_new_string(ec->exam.title ? ec->exam.title : ""));
	json_object_object_add(o, "html_url", json_object_new_string(arena_printf(r->arena, "%s/courses/%lld/quizzes/%lld",
		r->base_url, (long long)ec->exam.course_id, (long long)ec->exam.id)));
	json_object_object_add(o, "description", json_object_new_string(ec->exam.description ? ec->exam.description : ""));
	json_object_object_add(o, "quiz_type", json_object_new_string(ec->quiz_type ? ec->quiz_type : "assignment"));
	json_object_object_add(o, "time_limit", minutes > 0 ? json_object_new_int64(minutes) : NULL);
	json_object_object_add(o, "allowed_attempts", json_object_new_int64(allowed_attempts(ec)));
	json_object_object_add(o, "scoring_policy", json_object_new_string(ec->scoring_policy ? ec->scoring_policy : "keep_highest"));
	json_object_object_add(o, "shuffle_answers", json_object_new_boolean(ec->shuffle));
	json_object_object_add(o, "one_question_at_a_time", json_object_new_boolean(ec->one_question_at_a_time));
	json_object_object_add(o, "cant_go_back", json_object_new_boolean(ec->cant_go_back));
	json_object_object_add(o, "unlock_at", ec->exam.has_start ? time_or_null(r, ec->exam.start_ms) : NULL);
	json_object_object_add(o, "lock_at", ec->exam.has_end ? time_or_null(r, ec->exam.end_ms) : NULL);
	json_object_object_add(o, "due_at", NULL);
	json_object_object_add(o, "question_count", json_object_new_int64((int64_t)ec->nquestions));
	json_object_object_add(o, "points_possible", points(ec->max_score_e4));
	json_object_object_add(o, "hide_results", ec->hide_results ? json_object_new_string(ec->hide_results) : NULL);
	json_object_object_add(o, "show_correct_answers", json_object_new_boolean(ec->exam.show_answers));
	json_object_object_add(o, "ip_filter", staff && ec->ip_filter ? json_object_new_string(ec->ip_filter) : NULL);
	json_object_object_add(o, "has_access_code", json_object_new_boolean(ec->access_code != NULL && *ec->access_code));
	if (staff)
		json_object_object_add(o, "access_code", ec->access_code ? json_object_new_string(ec->access_code) : NULL);
	json_object_object_add(o, "published", json_object_new_boolean(ec->exam.published));
	json_object_object_add(o, "locked_for_user", json_object_new_boolean(0));
	return o;
}

static struct json_object *view_question(const struct exam_content *ec, const struct ex_question *q, bool weights)
{
	struct json_object *o = json_object_new_object(), *answers = json_object_new_array();

	json_object_object_add(o, "id", json_object_new_int64(q->question_id));
	json_object_object_add(o, "quiz_id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "position", json_object_new_int64(q->position + 1));
	json_object_object_add(o, "question_name", json_object_new_string("Question"));
	json_object_object_add(o, "question_type", json_object_new_string(question_type(q->type)));
	json_object_object_add(o, "question_text", json_object_new_string(q->html ? q->html : ""));
	json_object_object_add(o, "points_possible", points(q->marks_e4));
	if (q->type == 'N' && weights) {
		struct json_object *a = json_object_new_object();

		json_object_object_add(a, "id", json_object_new_int64(q->question_id));
		json_object_object_add(a, "numerical_answer_type", json_object_new_string("exact_answer"));
		json_object_object_add(a, "exact", json_object_new_double(q->answer));
		json_object_object_add(a, "margin", json_object_new_double(q->tolerance));
		json_object_object_add(a, "weight", json_object_new_int(100));
		json_object_array_add(answers, a);
	}
	for (size_t i = 0; q->type != 'N' && (q->type != 'S' || weights) && i < q->noptions; i++) {
		struct json_object *a = json_object_new_object();

		json_object_object_add(a, "id", json_object_new_int64(q->options[i].id));
		json_object_object_add(a, "text", json_object_new_string(q->options[i].text ? q->options[i].text : ""));
		if (weights)
			json_object_object_add(a, "weight", json_object_new_int(q->options[i].correct ? 100 : 0));
		json_object_array_add(answers, a);
	}
	json_object_object_add(o, "answers", answers);
	if (weights)
		json_object_object_add(o, "neutral_comments", json_object_new_string(q->explanation ? q->explanation : ""));
	return o;
}

/* kept_score by the quiz's scoring policy, over completed counted attempts */
static enum inv_err kept_score(const struct exam_content *ec, int64_t user_id, bool *have, int64_t *kept)
{
	int64_t scores[256];
	size_t n;

	*have = false;
	if (db_kept_scores(ec->exam.id, user_id, scores, 256, &n) != 0)
		return store_err();
	if (n == 0)
		return INV_OK;
	*have = true;
	if (ec->scoring_policy && strcmp(ec->scoring_policy, "keep_latest") == 0) {
		*kept = scores[n - 1];
	} else if (ec->scoring_policy && strcmp(ec->scoring_policy, "keep_average") == 0) {
		int64_t sum = 0;

		for (size_t i = 0; i < n; i++)
			sum += scores[i];
		*kept = sum / (int64_t)n;
	} else {
		*kept = scores[0];
		for (size_t i = 1; i < n; i++)
			if (scores[i] > *kept)
				*kept = scores[i];
	}
	return INV_OK;
}

static const char *workflow_state(const struct attempt *a)
{
	if (a == NULL)
		return "settings_only";
	if (a->preview)
		return "preview";
	if (a->state != AS_COMPLETED)
		return "untaken";
	return a->pending > 0 ? "pending_review" : "complete";
}

/* The quiz submission of (quiz, user), latest attempt a (NULL: none yet). */
static enum inv_err view_submission(struct req *r, const struct exam_content *ec, int64_t sub_id, int64_t user_id,
                                    const struct attempt *a, bool with_token, struct json_object **out)
{
	struct json_object *o = json_object_new_object();
	struct extension x;
	bool have_kept;
	int64_t kept = 0, taken = 0, max_no = 0, open_id = 0, left;
	int64_t now = now_ms();
	enum inv_err err;

	if (db_extension_full(ec->exam.id, user_id, &x) < 0 ||
	    db_attempt_summary(ec->exam.id, user_id, &taken, &max_no, &open_id) != 0) {
		json_object_put(o);
		return store_err();
	}
	if ((err = kept_score(ec, user_id, &have_kept, &kept)) != INV_OK) {
		json_object_put(o);
		return err;
	}
	left = allowed_attempts(ec) < 0 ? -1 : allowed_attempts(ec) + x.extra_attempts - taken;
	json_object_object_add(o, "id", json_object_new_int64(sub_id));
	json_object_object_add(o, "quiz_id", json_object_new_int64(ec->exam.id));
	json_object_object_add(o, "user_id", json_object_new_int64(user_id));
	json_object_object_add(o, "submission_id", json_object_new_int64(sub_id));
	json_object_object_add(o, "course_id", json_object_new_int64(ec->exam.course_id));
	json_object_object_add(o, "started_at", a ? time_or_null(r, a->started_ms) : NULL);
	json_object_object_add(o, "finished_at", a && a->state == AS_COMPLETED ? time_or_null(r, a->ended_ms) : NULL);
	if (a != NULL && a->state == AS_RUNNING) {
		struct timer t = timer_of(ec, a);
		int64_t rem = timer_remaining(&t, a, now);

		json_object_object_add(o, "end_at", rem == INT64_MAX ? NULL : time_or_null(r, now + rem));
		json_object_object_add(o, "overdue_and_needs_submission", json_object_new_boolean(timer_over(&t, a, now)));
	} else {
		json_object_object_add(o, "end_at", NULL);
		json_object_object_add(o, "overdue_and_needs_submission", json_object_new_boolean(0));
	}
	json_object_object_add(o, "attempt", a ? json_object_new_int64(a->attempt_no) : NULL);
	json_object_object_add(o, "extra_attempts", json_object_new_int64(x.extra_attempts));
	json_object_object_add(o, "extra_time", json_object_new_int64(x.extra_time_s / 60));
	json_object_object_add(o, "manually_unlocked", json_object_new_boolean(x.manually_unlocked));
	json_object_object_add(o, "time_spent", a ? json_object_new_int64(a->time_used_ms / 1000) : NULL);
	json_object_object_add(o, "score", a && a->state == AS_COMPLETED && a->graded ? points(a->score_e4) : NULL);
	json_object_object_add(o, "score_before_regrade", NULL);
	json_object_object_add(o, "kept_score", have_kept ? points(kept) : NULL);
	json_object_object_add(o, "fudge_points", a ? points(a->fudge_e4) : NULL);
	json_object_object_add(o, "has_seen_results", json_object_new_boolean(0));
	json_object_object_add(o, "workflow_state", json_object_new_string(workflow_state(a)));
	json_object_object_add(o, "attempts_left", json_object_new_int64(left < 0 ? -1 : left));
	json_object_object_add(o, "quiz_points_possible", points(ec->max_score_e4));
	json_object_object_add(o, "html_url", json_object_new_string(arena_printf(r->arena,
		"%s/courses/%lld/quizzes/%lld/submissions/%lld", r->base_url, (long long)ec->exam.course_id,
		(long long)ec->exam.id, (long long)sub_id)));
	if (with_token && a != NULL && a->validation_token[0])
		json_object_object_add(o, "validation_token", json_object_new_string(a->validation_token));
	*out = o;
	return INV_OK;
}

/* Does include[] ask for name? */
static bool include(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nquery; i++)
		if ((strcmp(r->query[i].key, "include[]") == 0 || strcmp(r->query[i].key, "include") == 0) &&
		    strcmp(r->query[i].value, name) == 0)
			return true;
	return false;
}

/* {"quiz_submissions": [...]} plus the include[] side arrays. */
static enum inv_err respond_submissions(struct req *r, struct resp *w, const struct exam_content *ec,
                                        struct json_object *subs, int status)
{
	struct json_object *o = json_object_new_object();

	if (include(r, "quiz")) {
		struct json_object *qs = json_object_new_array();

		json_object_array_add(qs, view_quiz(r, ec, false));
		json_object_object_add(o, "quizzes", qs);
	}
	if (include(r, "submission")) {
		struct json_object *ss = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(subs); i++) {
			struct json_object *q = json_object_array_get_idx(subs, i), *s = json_object_new_object(), *v;

			json_object_object_get_ex(q, "submission_id", &v);
			json_object_object_add(s, "id", json_object_get(v));
			json_object_object_get_ex(q, "user_id", &v);
			json_object_object_add(s, "user_id", json_object_get(v));
			json_object_object_get_ex(q, "kept_score", &v);
			json_object_object_add(s, "score", v ? json_object_get(v) : NULL);
			json_object_object_add(s, "assignment_id", json_object_new_int64(ec->exam.id));
			json_object_array_add(ss, s);
		}
		json_object_object_add(o, "submissions", ss);
	}
	if (include(r, "user")) {
		struct json_object *us = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(subs); i++) {
			struct json_object *q = json_object_array_get_idx(subs, i), *u = json_object_new_object(), *v;

			json_object_object_get_ex(q, "user_id", &v);
			json_object_object_add(u, "id", json_object_get(v));
			json_object_array_add(us, u);
		}
		json_object_object_add(o, "users", us);
	}
	if (include(r, "quiz") || include(r, "submission") || include(r, "user")) {
		struct json_object *meta = json_object_new_object();

		json_object_object_add(meta, "primaryCollection", json_object_new_string("quiz_submissions"));
		json_object_object_add(o, "meta", meta);
	}
	json_object_object_add(o, "quiz_submissions", subs);
	return resp_json(w, status, o);
}

/* The latest attempt of (exam, user): *a set and *have true when one exists.
 * An overdue one is ended on the way (Canvas's overdue_and_needs_submission
 * is graded when listed). */
static enum inv_err latest_attempt_ex(struct req *r, const struct exam_content *ec, int64_t user_id,
                                      struct attempt *a, bool *have, bool *ended_now)
{
	int64_t id;
	int rc = db_attempt_latest(ec->exam.id, user_id, &id);

	*have = false;
	*ended_now = false;
	if (rc < 0)
		return store_err();
	if (rc == 0)
		return INV_OK;
	{
		struct engine_ctx cx = ctx_of(r);
		const struct exam_content *ec2;
		enum inv_err err;

		cx.user_id = user_id;
		cx.role = ROLE_ADMIN; /* the caller's right to see it was checked by the route */
		err = engine_open(&cx, id, a, &ec2);
		if (err != INV_OK)
			return err == INV_ENOTFOUND ? INV_OK : err;
		*ended_now = cx.timed_out;
	}
	*have = true;
	return INV_OK;
}

static enum inv_err latest_attempt(struct req *r, const struct exam_content *ec, int64_t user_id, struct attempt *a,
                                   bool *have)
{
	bool ended_now;

	return latest_attempt_ex(r, ec, user_id, a, have, &ended_now);
}

static enum inv_err one_submission(struct req *r, const struct exam_content *ec, int64_t sub_id, int64_t user_id,
                                   bool with_token, struct json_object **out)
{
	struct attempt a;
	bool have;
	enum inv_err err = latest_attempt(r, ec, user_id, &a, &have);

	if (err != INV_OK)
		return err;
	return view_submission(r, ec, sub_id, user_id, have ? &a : NULL, with_token, out);
}

/* --- courses and quizzes --------------------------------------------------------------- */

/* GET /api/v1/courses/:cid: 200; 403 not enrolled; 404. */
static enum inv_err h_course(struct req *r, struct resp *w)
{
	struct scope s;
	struct json_object *o;
	enum inv_err err = course_scope(r, &s);

	if (err != INV_OK)
		return err;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(s.course.id));
	json_object_object_add(o, "name", json_object_new_string(s.course.title ? s.course.title : ""));
	json_object_object_add(o, "course_code", json_object_new_string(s.course.slug));
	json_object_object_add(o, "workflow_state", json_object_new_string("available"));
	json_object_object_add(o, "public_description", json_object_new_string(s.course.description ? s.course.description : ""));
	return resp_json(w, 200, o);
}

/* Canvas pagination: ?page=&per_page= and a Link header of absolute URLs. */
static enum inv_err paging(struct req *r, int64_t *page, int64_t *per_page)
{
	const char *p = req_query(r, "page"), *pp = req_query(r, "per_page");

	*page = p ? strtoll(p, NULL, 10) : 1;
	*per_page = pp ? strtoll(pp, NULL, 10) : PER_PAGE_DEFAULT;
	if (*page < 1)
		*page = 1;
	if (*per_page < 1)
		*per_page = PER_PAGE_DEFAULT;
	if (*per_page > PER_PAGE_MAX)
		*per_page = PER_PAGE_MAX; /* Canvas clamps */
	return INV_OK;
}

static void link_header(struct req *r, struct resp *w, int64_t page, int64_t per_page, int64_t total)
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

/* GET /api/v1/courses/:cid/quizzes: 200 a bare array. */
static enum inv_err h_quizzes(struct req *r, struct resp *w)
{
	struct scope s;
	struct exam_filter f = {0};
	struct exam *rows;
	int64_t page, per_page, count;
	size_t n;
	struct json_object *arr;
	enum inv_err err = course_scope(r, &s);

	if (err != INV_OK)
		return err;
	paging(r, &page, &per_page);
	f.user_id = r->who.user_id;
	f.all = true; /* the course scope already checked membership */
	f.course_id = s.course.id;
	rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows));
	if (rows == NULL)
		return INV_EINTERNAL;
	if (db_exam_count(&f, &count) != 0 || db_exam_list(&f, (page - 1) * per_page, per_page, r->arena, rows, &n) != 0)
		return store_err();
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		const struct exam_content *ec;
		int rc = exam_cache_get(rows[i].id, 0, &ec);

		if (rc < 0) {
			json_object_put(arr);
			return store_err();
		}
		if (rc == 1)
			json_object_array_add(arr, view_quiz(r, ec, s.staff));
	}
	link_header(r, w, page, per_page, count);
	return resp_json(w, 200, arr);
}

/* GET /api/v1/courses/:cid/quizzes/:qid: 200 the Quiz object. */
static enum inv_err h_quiz(struct req *r, struct resp *w)
{
	struct scope s;
	enum inv_err err = quiz_scope(r, &s);

	return err != INV_OK ? err : resp_json(w, 200, view_quiz(r, s.ec, s.staff));
}

/* GET /api/v1/courses/:cid/quizzes/:qid/questions: teachers only, with weights. */
static enum inv_err h_quiz_questions(struct req *r, struct resp *w)
{
	struct scope s;
	struct json_object *arr;
	enum inv_err err = quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (!s.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	arr = json_object_new_array();
	for (size_t i = 0; i < s.ec->nquestions; i++)
		json_object_array_add(arr, view_question(s.ec, &s.ec->questions[i], true));
	return resp_json(w, 200, arr);
}

/* --- quiz submissions ----------------------------------------------------------------------- */

/* GET …/submissions: teachers see everyone's, learners their own. */
static enum inv_err h_submissions(struct req *r, struct resp *w)
{
	struct scope s;
	struct json_object *subs;
	int64_t page, per_page;
	enum inv_err err = quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	paging(r, &page, &per_page);
	subs = json_object_new_array();
	if (s.staff) {
		int64_t *sids = arena_calloc(r->arena, (size_t)per_page, sizeof(int64_t));
		int64_t *uids = arena_calloc(r->arena, (size_t)per_page, sizeof(int64_t));
		size_t n;

		if (sids == NULL || uids == NULL || db_exam_submissions(s.ec->exam.id, (page - 1) * per_page, per_page, sids, uids, &n) != 0) {
			json_object_put(subs);
			return sids == NULL || uids == NULL ? INV_EINTERNAL : store_err();
		}
		for (size_t i = 0; i < n; i++) {
			struct json_object *one;

			if ((err = one_submission(r, s.ec, sids[i], uids[i], false, &one)) != INV_OK) {
				json_object_put(subs);
				return err;
			}
			json_object_array_add(subs, one);
		}
		/* the total is not counted: a full page says there may be a next one */
		link_header(r, w, page, per_page, (page - 1) * per_page + (int64_t)n + ((int64_t)n == per_page ? 1 : 0));
	} else {
		int64_t sid;
		int rc = db_pair_submission(s.ec->exam.id, r->who.user_id, &sid);
		struct json_object *one;

		if (rc < 0) {
			json_object_put(subs);
			return store_err();
		}
		if (rc == 1) {
			if ((err = one_submission(r, s.ec, sid, r->who.user_id, false, &one)) != INV_OK) {
				json_object_put(subs);
				return err;
			}
			json_object_array_add(subs, one);
		}
	}
	return respond_submissions(r, w, s.ec, subs, 200);
}

/* GET …/submission: the caller's own (an empty list when none). */
static enum inv_err h_my_submission(struct req *r, struct resp *w)
{
	struct scope s;
	struct json_object *subs, *one;
	int64_t sid;
	int rc;
	enum inv_err err = quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	subs = json_object_new_array();
	rc = db_pair_submission(s.ec->exam.id, r->who.user_id, &sid);
	if (rc < 0) {
		json_object_put(subs);
		return store_err();
	}
	if (rc == 1) {
		if ((err = one_submission(r, s.ec, sid, r->who.user_id, true, &one)) != INV_OK) {
			json_object_put(subs);
			return err;
		}
		json_object_array_add(subs, one);
	}
	return respond_submissions(r, w, s.ec, subs, 200);
}

/* The submission of the path, for its owner or a teacher. */
static enum inv_err submission_scope(struct req *r, struct scope *s, int64_t *sid, int64_t *user_id)
{
	int64_t exam_id;
	int rc;
	enum inv_err err = quiz_scope(r, s);

	if (err != INV_OK)
		return err;
	*sid = req_param(r, "sid")->num;
	rc = db_submission_get(*sid, &exam_id, user_id);
	if (rc < 0)
		return store_err();
	if (rc == 0 || exam_id != s->ec->exam.id || (!s->staff && *user_id != r->who.user_id))
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	return INV_OK;
}

static enum inv_err h_submission(struct req *r, struct resp *w)
{
	struct scope s;
	int64_t sid, uid;
	struct json_object *subs, *one;
	enum inv_err err = submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if ((err = one_submission(r, s.ec, sid, uid, uid == r->who.user_id, &one)) != INV_OK)
		return err;
	subs = json_object_new_array();
	json_object_array_add(subs, one);
	return respond_submissions(r, w, s.ec, subs, 200);
}

/* Is addr inside one of the comma-separated IPv4 CIDRs or addresses of filter? */
static bool ip_allowed(const char *filter, const char *addr)
{
	struct in_addr a;
	char buf[256], *save = NULL;

	if (filter == NULL || *filter == '\0')
		return true;
	if (addr == NULL || inet_pton(AF_INET, addr, &a) != 1)
		return false;
	snprintf(buf, sizeof(buf), "%s", filter);
	for (char *tok = strtok_r(buf, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
		char *slash = strchr(tok, '/');
		int bits = slash ? atoi(slash + 1) : 32;
		struct in_addr net;
		uint32_t mask;

		if (slash)
			*slash = '\0';
		if (inet_pton(AF_INET, tok, &net) != 1 || bits < 0 || bits > 32)
			continue;
		mask = bits == 0 ? 0 : htonl(~((1u << (32 - bits)) - 1));
		if ((a.s_addr & mask) == (net.s_addr & mask))
			return true;
	}
	return false;
}

/* The access code and the IP filter: 403 when either says no. */
static enum inv_err gatekeep(struct req *r, const struct scope *s)
{
	const char *code = NULL;

	if (s->staff)
		return INV_OK;
	if (s->ec->access_code != NULL && *s->ec->access_code) {
		if (body_str(r, r->json, "access_code", &code) < 0)
			return INV_EINVAL;
		if (code == NULL || strlen(code) != strlen(s->ec->access_code) ||
		    sodium_memcmp(code, s->ec->access_code, strlen(code)) != 0)
			return req_fail(r, INV_EFORBIDDEN, NULL, "Invalid access code");
	}
	if (!ip_allowed(s->ec->ip_filter, r->remote_addr))
		return req_fail(r, INV_EFORBIDDEN, NULL, "IP address denied");
	return INV_OK;
}

/* POST …/submissions: start (or retake); 400 locked, 403 code/IP, 409 in
 * progress or no attempts left. */
static enum inv_err h_create(struct req *r, struct resp *w)
{
	struct scope s;
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	bool preview = false;
	int64_t sid;
	struct json_object *subs, *one;
	enum inv_err err = quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (body_bool(r, r->json, "preview", &preview) < 0)
		return INV_EINVAL;
	if (preview && !s.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only teachers may preview a quiz.");
	if ((err = gatekeep(r, &s)) != INV_OK)
		return err;
	err = engine_create(&cx, s.ec, &a);
	if (err == INV_OK) /* the running attempt came back: Canvas says conflict */
		return req_fail(r, INV_ECONFLICT, NULL, "a quiz submission already exists and is in progress");
	if (err == INV_EFORBIDDEN && cx.reason == REF_NO_ATTEMPTS)
		return req_fail(r, INV_ECONFLICT, NULL, "you have no attempts left for this quiz");
	if (err == INV_EFORBIDDEN && (cx.reason == REF_CLOSED || cx.reason == REF_NOT_OPEN_YET))
		return req_fail(r, INV_EINVAL, NULL, "This quiz is locked.");
	if (err != INV_CREATED)
		return engine_fail(r, &cx, err);
	{
		unsigned char raw[32];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(a.validation_token, sizeof(a.validation_token), raw, sizeof(raw));
		if (db_attempt_set_token(a.id, a.validation_token) != 0)
			return store_err();
	}
	if (db_pair_submission(s.ec->exam.id, r->who.user_id, &sid) != 1)
		return store_err();
	if ((err = view_submission(r, s.ec, sid, r->who.user_id, &a, true, &one)) != INV_OK)
		return err;
	subs = json_object_new_array();
	json_object_array_add(subs, one);
	return respond_submissions(r, w, s.ec, subs, 200);
}

/* attempt and validation_token of a body: 400 missing, 403 stale. */
static enum inv_err check_token(struct req *r, const struct attempt *a)
{
	int64_t attempt;
	const char *token = NULL;
	int rc = body_int(r, r->json, "attempt", 1, 1000000, &attempt);

	if (rc <= 0)
		return rc < 0 ? INV_EINVAL : req_fail(r, INV_EINVAL, NULL, "attempt is required");
	if (attempt != a->attempt_no)
		return req_fail(r, INV_EINVAL, NULL, "attempt %lld can not be modified: the latest is %lld",
		                (long long)attempt, (long long)a->attempt_no);
	if ((rc = body_str(r, r->json, "validation_token", &token)) <= 0)
		return rc < 0 ? INV_EINVAL : req_fail(r, INV_EFORBIDDEN, NULL, "invalid token");
	if (a->validation_token[0] == '\0' || strlen(token) != 64 || sodium_memcmp(token, a->validation_token, 64) != 0)
		return req_fail(r, INV_EFORBIDDEN, NULL, "invalid token");
	return INV_OK;
}

/* POST …/submissions/:id/complete */
static enum inv_err h_complete(struct req *r, struct resp *w)
{
	struct scope s;
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	bool have, ended_now;
	int64_t sid, uid;
	struct json_object *subs, *one;
	enum inv_err err = submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if (uid != r->who.user_id)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if ((err = gatekeep(r, &s)) != INV_OK || (err = latest_attempt_ex(r, s.ec, uid, &a, &have, &ended_now)) != INV_OK)
		return err;
	if (!have)
		return req_fail(r, INV_EINVAL, NULL, "quiz submission has no attempt to complete");
	if ((err = check_token(r, &a)) != INV_OK)
		return err;
	/* an overdue attempt was graded on the way in: that is this completion, as
	 * Canvas grades an overdue submission when it is turned in */
	if (a.state == AS_COMPLETED && !ended_now)
		return req_fail(r, INV_EINVAL, NULL, "quiz submission is already complete");
	if (a.state != AS_COMPLETED && (err = engine_end(&cx, &a, s.ec)) != INV_OK)
		return engine_fail(r, &cx, err);
	if ((err = view_submission(r, s.ec, sid, uid, &a, false, &one)) != INV_OK)
		return err;
	subs = json_object_new_array();
	json_object_array_add(subs, one);
	return respond_submissions(r, w, s.ec, subs, 200);
}

/* GET …/submissions/:id/time: {end_at, time_left} (seconds, may be negative). */
static enum inv_err h_time(struct req *r, struct resp *w)
{
	struct scope s;
	struct attempt a;
	bool have;
	int64_t sid, uid, now = now_ms();
	struct json_object *o = NULL;
	enum inv_err err = submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK || (err = latest_attempt(r, s.ec, uid, &a, &have)) != INV_OK)
		return err;
	o = json_object_new_object();
	if (have && a.state == AS_RUNNING) {
		struct timer t = timer_of(s.ec, &a);
		int64_t rem = timer_remaining(&t, &a, now);

		json_object_object_add(o, "end_at", rem == INT64_MAX ? NULL : time_or_null(r, now + rem));
		json_object_object_add(o, "time_left", rem == INT64_MAX ? NULL : json_object_new_int64(rem / 1000));
	} else {
		json_object_object_add(o, "end_at", NULL);
		json_object_object_add(o, "time_left", NULL);
	}
	return resp_json(w, 200, o);
}

/* A decimal from JSON (number) or a form (string). */
static bool decimal_of(struct req *r, struct json_object *v, double *out)
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
	(void)r;
	return false;
}

/* PUT …/submissions/:id: teachers score questions and fudge the total. */
static enum inv_err h_score(struct req *r, struct resp *w)
{
	struct scope s;
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	bool have, has_fudge = false;
	int64_t sid, uid, attempt, fudge_e4 = 0;
	struct json_object *list, *qs = NULL, *fudge = NULL, *subs, *one, *item;
	struct score_change *ch;
	size_t n = 0;
	enum inv_err err = submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if (!s.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if (r->json == NULL || !json_object_object_get_ex(r->json, "quiz_submissions", &list) ||
	    !json_object_is_type(list, json_type_array) || json_object_array_length(list) == 0)
		return req_fail(r, INV_EINVAL, NULL, "quiz_submissions is required");
	item = json_object_array_get_idx(list, 0);
	if (body_int(r, item, "attempt", 1, 1000000, &attempt) != 1)
		return req_fail(r, INV_EINVAL, NULL, "invalid attempt");
	if ((err = latest_attempt(r, s.ec, uid, &a, &have)) != INV_OK)
		return err;
	/* any completed attempt may be scored; find it */
	if (!have || attempt > a.attempt_no)
		return req_fail(r, INV_EINVAL, NULL, "invalid attempt");
	if (attempt != a.attempt_no) {
		struct attempt_filter f = {uid, s.ec->exam.id, NULL, NULL};
		struct attempt rows[64];
		size_t k;

		if (db_attempt_list(&f, 0, 64, rows, &k) != 0)
			return store_err();
		have = false;
		for (size_t i = 0; i < k; i++)
			if (rows[i].attempt_no == attempt) {
				a = rows[i];
				have = true;
			}
		if (!have)
			return req_fail(r, INV_EINVAL, NULL, "invalid attempt");
	}
	if (a.state != AS_COMPLETED)
		return req_fail(r, INV_EINVAL, NULL, "the quiz submission attempt is not complete yet");
	if (json_object_object_get_ex(item, "fudge_points", &fudge) && fudge != NULL) {
		double d;

		if (!decimal_of(r, fudge, &d) || fabs(d) > 1e6)
			return req_fail(r, INV_EINVAL, NULL, "fudge_points must be a decimal");
		has_fudge = true;
		fudge_e4 = llround(d * 10000.0);
	}
	ch = arena_calloc(r->arena, QUESTIONS_MAX, sizeof(*ch));
	if (ch == NULL)
		return INV_EINTERNAL;
	if (json_object_object_get_ex(item, "questions", &qs) && qs != NULL) {
		if (!json_object_is_type(qs, json_type_object))
			return req_fail(r, INV_EINVAL, NULL, "questions must be a hash of question ids");
		json_object_object_foreach(qs, key, val) {
			char *end;
			long long qid = strtoll(key, &end, 10);
			const struct ex_question *q = NULL;
			struct json_object *score = NULL, *comment = NULL;

			for (size_t i = 0; *end == '\0' && i < s.ec->nquestions; i++)
				if (s.ec->questions[i].question_id == qid)
					q = &s.ec->questions[i];
			if (q == NULL || !json_object_is_type(val, json_type_object) || n == QUESTIONS_MAX)
				return req_fail(r, INV_EINVAL, NULL, "questions: '%s' is not a question of this quiz", key);
			ch[n].eq_id = q->eq_id;
			if (json_object_object_get_ex(val, "score", &score) && score != NULL) {
				double d;

				if (!decimal_of(r, score, &d) || d < 0 || d > 1e6)
					return req_fail(r, INV_EINVAL, NULL, "questions: the score of '%s' must be an unsigned decimal", key);
				ch[n].has_score = true;
				ch[n].score_e4 = llround(d * 10000.0);
			}
			if (json_object_object_get_ex(val, "comment", &comment) && comment != NULL) {
				if (!json_object_is_type(comment, json_type_string))
					return req_fail(r, INV_EINVAL, NULL, "questions: the comment of '%s' must be text", key);
				ch[n].has_comment = true;
				ch[n].comment = json_object_get_string(comment);
			}
			n++;
		}
	}
	if ((err = engine_rescore(&cx, &a, s.ec, ch, n, has_fudge, fudge_e4)) != INV_OK)
		return engine_fail(r, &cx, err);
	if ((err = one_submission(r, s.ec, sid, uid, false, &one)) != INV_OK)
		return err;
	subs = json_object_new_array();
	json_object_array_add(subs, one);
	return respond_submissions(r, w, s.ec, subs, 200);
}

/* --- answering: the Quiz Submission Questions API ---------------------------------------------- */

/* The quiz submission of /quiz_submissions/:id for its owner, latest attempt. */
static enum inv_err qs_scope(struct req *r, const struct exam_content **ec, struct attempt *a, int64_t *sid)
{
	int64_t exam_id, user_id;
	bool have;
	int rc;
	enum inv_err err;

	*sid = req_param(r, "sid")->num;
	rc = db_submission_get(*sid, &exam_id, &user_id);
	if (rc < 0)
		return store_err();
	if (rc == 0 || (user_id != r->who.user_id && r->who.role != ROLE_ADMIN))
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	rc = exam_cache_get(exam_id, 0, ec);
	if (rc <= 0)
		return rc < 0 ? store_err() : req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	if ((err = latest_attempt(r, *ec, user_id, a, &have)) != INV_OK)
		return err;
	if (!have)
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	return INV_OK;
}

static struct json_object *answer_value(const struct ex_question *q, const struct answer *ans)
{
	switch (q->type) {
	case 'R':
	case 'T':
		return ans->nselected ? json_object_new_int64(ans->selected[0]) : NULL;
	case 'C': {
		struct json_object *arr;

		if (ans->nselected == 0)
			return NULL;
		arr = json_object_new_array();
		for (size_t i = 0; i < ans->nselected; i++)
			json_object_array_add(arr, json_object_new_int64(ans->selected[i]));
		return arr;
	}
	default:
		return ans->text ? json_object_new_string(ans->text) : NULL;
	}
}

static struct json_object *view_sq(const struct exam_content *ec, const struct answer *ans, bool with_question)
{
	const struct ex_question *q = exam_question(ec, ans->eq_id);
	struct json_object *o = json_object_new_object();

	if (q == NULL) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "id", json_object_new_int64(q->question_id));
	json_object_object_add(o, "flagged", json_object_new_boolean(ans->review));
	json_object_object_add(o, "answer", answer_value(q, ans));
	if (with_question)
		json_object_object_add(o, "quiz_question", view_question(ec, q, false));
	return o;
}

static enum inv_err respond_questions(struct req *r, struct resp *w, const struct exam_content *ec, int64_t attempt_id,
                                      const int64_t *only, size_t nonly)
{
	struct answer *rows = arena_calloc(r->arena, QUESTIONS_MAX, sizeof(*rows));
	struct json_object *arr, *o;
	size_t n;

	if (rows == NULL)
		return INV_EINTERNAL;
	if (db_answers_page(attempt_id, 0, QUESTIONS_MAX, r->arena, rows, &n) != 0)
		return store_err();
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		bool keep = only == NULL;

		for (size_t k = 0; !keep && k < nonly; k++)
			keep = only[k] == rows[i].eq_id;
		if (keep) {
			struct json_object *one = view_sq(ec, &rows[i], include(r, "quiz_question"));

			if (one != NULL)
				json_object_array_add(arr, one);
		}
	}
	o = json_object_new_object();
	json_object_object_add(o, "quiz_submission_questions", arr);
	return resp_json(w, 200, o);
}

/* GET /api/v1/quiz_submissions/:sid/questions */
static enum inv_err h_sq_list(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct attempt a;
	int64_t sid;
	enum inv_err err = qs_scope(r, &ec, &a, &sid);

	return err != INV_OK ? err : respond_questions(r, w, ec, a.id, NULL, 0);
}

/* One quiz_questions[] item into an answer input, Canvas's way. */
static enum inv_err read_answer(struct req *r, const struct ex_question *q, struct json_object *v, struct answer_input *in)
{
	memset(in, 0, sizeof(*in));
	if (v == NULL) { /* null clears the answer */
		if (q->type == 'R' || q->type == 'T' || q->type == 'C')
			in->has_selected = true;
		else
			in->has_text = true;
		return INV_OK;
	}
	switch (q->type) {
	case 'R':
	case 'T':
	case 'C': {
		size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 1;

		if (q->type != 'C' && json_object_is_type(v, json_type_array))
			return req_fail(r, INV_EINVAL, NULL, "Answer must be a single answer id.");
		in->has_selected = true;
		for (size_t i = 0; i < n && i < ANSWER_MAX_SELECTED; i++) {
			struct json_object *x = json_object_is_type(v, json_type_array) ? json_object_array_get_idx(v, i) : v;
			const char *text = json_object_get_string(x);
			char *end;
			long long id = json_object_is_type(x, json_type_int) ? (long long)json_object_get_int64(x)
			               : strtoll(text ? text : "", &end, 10);

			if ((!json_object_is_type(x, json_type_int) && (!json_object_is_type(x, json_type_string) || *end != '\0')) ||
			    question_option(q, id) == NULL)
				return req_fail(r, INV_EINVAL, NULL, "Unknown answer '%s'", text ? text : "");
			in->selected[in->nselected++] = id;
		}
		return INV_OK;
	}
	case 'N': {
		double d;

		if (!decimal_of(r, v, &d))
			return req_fail(r, INV_EINVAL, NULL, "Parameter must be a valid decimal.");
		in->has_text = true;
		in->text = arena_printf(r->arena, "%.15g", d);
		return INV_OK;
	}
	default:
		if (!json_object_is_type(v, json_type_string))
			return req_fail(r, INV_EINVAL, NULL, "Answer must be text.");
		if (json_object_get_string_len(v) > (q->type == 'E' ? ESSAY_MAX : 255))
			return req_fail(r, INV_EINVAL, NULL, "Text is too long.");
		in->has_text = true;
		in->text = json_object_get_string(v);
		return INV_OK;
	}
}

static const struct ex_question *question_of(const struct exam_content *ec, struct req *r, struct json_object *idv)
{
	long long id = -1;

	if (json_object_is_type(idv, json_type_int))
		id = (long long)json_object_get_int64(idv);
	else if (json_object_is_type(idv, json_type_string))
		id = strtoll(json_object_get_string(idv), NULL, 10);
	for (size_t i = 0; i < ec->nquestions; i++)
		if (ec->questions[i].question_id == id)
			return &ec->questions[i];
	(void)r;
	return NULL;
}

/* Saves one answer (by exam question) of the open attempt. */
static enum inv_err save_one(struct req *r, struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                             int64_t eq_id, struct answer_input *in, const struct answer *rows, size_t n)
{
	struct answer saved;
	const struct answer *cur = NULL;
	enum inv_err err;

	for (size_t k = 0; k < n && cur == NULL; k++)
		if (rows[k].eq_id == eq_id)
			cur = &rows[k];
	if (cur == NULL)
		return req_fail(r, INV_EINVAL, NULL, "The question is not part of this quiz submission.");
	{
		const struct ex_question *q = exam_question(ec, eq_id);

		if (q != NULL && (err = engine_check_input(cx, q, in)) != INV_OK)
			return engine_fail(r, cx, err);
	}
	in->payload = r->body_len > 60000 ? "(body over 60000 bytes)" : r->body;
	err = engine_save(cx, a, ec, cur, in, &saved);
	if (err == INV_EINVAL && cx->timed_out)
		return req_fail(r, INV_EFORBIDDEN, NULL, "you are not allowed to update questions for this quiz submission");
	return err == INV_OK ? INV_OK : engine_fail(r, cx, err);
}

/* The attempt must be running and not overdue to take answers. */
static enum inv_err answerable(struct req *r, const struct exam_content *ec, struct attempt *a)
{
	struct timer t = timer_of(ec, a);

	if (a->state != AS_RUNNING || timer_over(&t, a, now_ms()))
		return req_fail(r, INV_EFORBIDDEN, NULL, "you are not allowed to update questions for this quiz submission");
	return INV_OK;
}

/* POST /api/v1/quiz_submissions/:sid/questions */
static enum inv_err h_sq_answer(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	struct json_object *list;
	struct answer *rows;
	int64_t sid, *done;
	size_t n, ndone = 0;
	enum inv_err err = qs_scope(r, &ec, &a, &sid);

	if (err != INV_OK || (err = check_token(r, &a)) != INV_OK || (err = answerable(r, ec, &a)) != INV_OK)
		return err;
	if (!json_object_object_get_ex(r->json, "quiz_questions", &list) || !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, NULL, "quiz_questions is required");
	rows = arena_calloc(r->arena, QUESTIONS_MAX, sizeof(*rows));
	done = arena_calloc(r->arena, json_object_array_length(list) + 1, sizeof(int64_t));
	if (rows == NULL || done == NULL)
		return INV_EINTERNAL;
	if (db_answers_page(a.id, 0, QUESTIONS_MAX, r->arena, rows, &n) != 0)
		return store_err();
	{
		size_t count = json_object_array_length(list);
		struct answer_input *ins = arena_calloc(r->arena, count + 1, sizeof(*ins));

		if (ins == NULL)
			return INV_EINTERNAL;
		/* every item is checked before any is saved, as Canvas does */
		for (size_t i = 0; i < count; i++) {
			struct json_object *item = json_object_array_get_idx(list, i), *idv = NULL, *v = NULL;
			const struct ex_question *q;

			if (!json_object_is_type(item, json_type_object) || !json_object_object_get_ex(item, "id", &idv) ||
			    (q = question_of(ec, r, idv)) == NULL)
				return req_fail(r, INV_EINVAL, NULL, "Unknown quiz question '%s'",
				                idv ? json_object_get_string(idv) : "");
			json_object_object_get_ex(item, "answer", &v);
			if ((err = read_answer(r, q, v, &ins[i])) != INV_OK)
				return err;
			if ((err = engine_check_input(&cx, q, &ins[i])) != INV_OK)
				return engine_fail(r, &cx, err);
			done[ndone++] = q->eq_id;
		}
		for (size_t i = 0; i < count; i++)
			if ((err = save_one(r, &cx, &a, ec, done[i], &ins[i], rows, n)) != INV_OK)
				return err;
	}
	return respond_questions(r, w, ec, a.id, done, ndone);
}

static enum inv_err flag(struct req *r, struct resp *w, bool on)
{
	const struct exam_content *ec;
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	struct answer *rows;
	const struct ex_question *q = NULL;
	struct answer_input in = {0};
	int64_t sid;
	size_t n;
	enum inv_err err = qs_scope(r, &ec, &a, &sid);

	if (err != INV_OK || (err = check_token(r, &a)) != INV_OK || (err = answerable(r, ec, &a)) != INV_OK)
		return err;
	for (size_t i = 0; i < ec->nquestions; i++)
		if (ec->questions[i].question_id == req_param(r, "qid")->num)
			q = &ec->questions[i];
	if (q == NULL)
		return req_fail(r, INV_ENOTFOUND, NULL, "The specified resource does not exist.");
	rows = arena_calloc(r->arena, QUESTIONS_MAX, sizeof(*rows));
	if (rows == NULL)
		return INV_EINTERNAL;
	if (db_answers_page(a.id, 0, QUESTIONS_MAX, r->arena, rows, &n) != 0)
		return store_err();
	in.has_review = true;
	in.review = on;
	if ((err = save_one(r, &cx, &a, ec, q->eq_id, &in, rows, n)) != INV_OK)
		return err;
	/* Canvas answers with the question's state, which canvasapi reads */
	return respond_questions(r, w, ec, a.id, &q->eq_id, 1);
}

static enum inv_err h_flag(struct req *r, struct resp *w) { return flag(r, w, true); }
static enum inv_err h_unflag(struct req *r, struct resp *w) { return flag(r, w, false); }

/* --- extensions ---------------------------------------------------------------------------- */

/* One quiz_extensions[] item as sent; has_* tell which fields were present. */
struct extension_item {
	int64_t user_id, extra_attempts, extra_time, from_now, from_end;
	bool unlocked, has_attempts, has_time, has_unlocked;
};

/* Checks item i (fields and course membership) without storing anything. */
static enum inv_err extension_item_parse(struct req *r, const struct scope *s, struct json_object *item, size_t i,
                                         struct extension_item *x)
{
	char role[16], status[16];
	int rc;

	*x = (struct extension_item){0};
	if (body_int(r, item, "user_id", 1, INT64_MAX / 2, &x->user_id) != 1 ||
	    body_int(r, item, "extra_attempts", 0, 1000, &x->extra_attempts) < 0 ||
	    body_int(r, item, "extra_time", 0, 10080, &x->extra_time) < 0 ||
	    body_int(r, item, "extend_from_now", 0, 1440, &x->from_now) < 0 ||
	    body_int(r, item, "extend_from_end_at", 0, 1440, &x->from_end) < 0 ||
	    body_bool(r, item, "manually_unlocked", &x->unlocked) < 0) {
		if (r->err_msg == NULL)
			return req_fail(r, INV_EINVAL, NULL, "quiz_extensions[%zu]: user_id is required", i);
		return req_fail(r, INV_EINVAL, NULL, "quiz_extensions[%zu].%s: %s", i, r->err_field ? r->err_field : "",
		                r->err_msg);
	}
	x->has_attempts = json_object_object_get_ex(item, "extra_attempts", NULL);
	x->has_time = json_object_object_get_ex(item, "extra_time", NULL);
	x->has_unlocked = json_object_object_get_ex(item, "manually_unlocked", NULL);
	rc = db_enrollment_get(s->course.id, x->user_id, role, sizeof(role), status, sizeof(status));
	if (rc < 0)
		return store_err();
	if (rc == 0)
		return req_fail(r, INV_EINVAL, NULL, "quiz_extensions[%zu]: user %lld is not in this course", i,
		                (long long)x->user_id);
	return INV_OK;
}

/* Stores one checked item, gives the learner's running attempt its time (extra_time as
 * set, extend_from_end_at added, extend_from_now from this moment) and renders it. */
static enum inv_err extension_item_apply(struct req *r, const struct scope *s, const struct extension_item *it,
                                         struct json_object **out)
{
	struct extension x;
	struct attempt a;
	bool have;
	struct engine_ctx cx = ctx_of(r);
	int64_t end_at = 0;
	enum inv_err err;
	struct json_object *o;

	if (db_extension_full(s->ec->exam.id, it->user_id, &x) < 0)
		return store_err();
	if (it->has_attempts)
		x.extra_attempts = it->extra_attempts;
	if (it->has_time)
		x.extra_time_s = it->extra_time * 60;
	if (it->has_unlocked)
		x.manually_unlocked = it->unlocked;
	if (db_extension_put(s->ec->exam.id, it->user_id, &x) != 0)
		return store_err();
	if ((err = latest_attempt(r, s->ec, it->user_id, &a, &have)) != INV_OK)
		return err;
	if (have && a.state == AS_RUNNING) {
		struct timer t;
		int64_t rem;

		cx.role = ROLE_ADMIN;
		if ((it->has_time && (err = engine_extend(&cx, &a, s->ec, EXTEND_SET, x.extra_time_s)) != INV_OK) ||
		    (it->from_end > 0 && (err = engine_extend(&cx, &a, s->ec, EXTEND_ADD, it->from_end * 60)) != INV_OK) ||
		    (it->from_now > 0 && (err = engine_extend(&cx, &a, s->ec, EXTEND_FROM_NOW, it->from_now * 60)) != INV_OK))
			return engine_fail(r, &cx, err);
		t = timer_of(s->ec, &a);
		rem = timer_remaining(&t, &a, cx.now_ms);
		end_at = rem == INT64_MAX ? 0 : cx.now_ms + rem;
	}
	o = json_object_new_object();
	json_object_object_add(o, "quiz_id", json_object_new_int64(s->ec->exam.id));
	json_object_object_add(o, "user_id", json_object_new_int64(it->user_id));
	json_object_object_add(o, "extra_attempts", json_object_new_int64(x.extra_attempts));
	json_object_object_add(o, "extra_time", json_object_new_int64(x.extra_time_s / 60));
	json_object_object_add(o, "manually_unlocked", json_object_new_boolean(x.manually_unlocked));
	json_object_object_add(o, "end_at", time_or_null(r, end_at));
	*out = o;
	return INV_OK;
}

/* POST /api/v1/courses/:cid/quizzes/:qid/extensions: teachers only. Every item is
 * checked before any is stored, so a refused list changes nothing. */
static enum inv_err h_extensions(struct req *r, struct resp *w)
{
	struct scope s;
	struct json_object *list, *out, *arr;
	struct extension_item *items;
	size_t n;
	enum inv_err err = quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (!s.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if (r->json == NULL || !json_object_object_get_ex(r->json, "quiz_extensions", &list) ||
	    !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, NULL, "quiz_extensions is required");
	n = json_object_array_length(list);
	items = arena_calloc(r->arena, n ? n : 1, sizeof(*items));
	if (items == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		if ((err = extension_item_parse(r, &s, json_object_array_get_idx(list, i), i, &items[i])) != INV_OK)
			return err;
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = NULL;

		if ((err = extension_item_apply(r, &s, &items[i], &o)) != INV_OK) {
			json_object_put(arr);
			return err;
		}
		json_object_array_add(arr, o);
	}
	out = json_object_new_object();
	json_object_object_add(out, "quiz_extensions", arr);
	return resp_json(w, 200, out);
}

static const struct route routes[] = {
	{"GET", "/courses/{cid:int}", h_course, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes", h_quizzes, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}", h_quiz, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/questions", h_quiz_questions, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions", h_submissions, WHO_USER, RB_FORBIDDEN},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions", h_create, WHO_USER, RB_OPTIONAL},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submission", h_my_submission, WHO_USER, RB_FORBIDDEN},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}", h_submission, WHO_USER, RB_FORBIDDEN},
	{"PUT", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}", h_score, WHO_USER, RB_REQUIRED},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/complete", h_complete, WHO_USER, RB_REQUIRED},
	{"GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/time", h_time, WHO_USER, RB_FORBIDDEN},
	{"POST", "/courses/{cid:int}/quizzes/{qid:int}/extensions", h_extensions, WHO_USER, RB_REQUIRED},
	{"GET", "/quiz_submissions/{sid:int}/questions", h_sq_list, WHO_USER, RB_FORBIDDEN},
	{"POST", "/quiz_submissions/{sid:int}/questions", h_sq_answer, WHO_USER, RB_REQUIRED},
	{"PUT", "/quiz_submissions/{sid:int}/questions/{qid:int}/flag", h_flag, WHO_USER, RB_REQUIRED},
	{"PUT", "/quiz_submissions/{sid:int}/questions/{qid:int}/unflag", h_unflag, WHO_USER, RB_REQUIRED},
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
