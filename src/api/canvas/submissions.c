/* invigil — Canvas quiz submissions: list, read, start, complete, time,
 * and a teacher's manual scoring. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"


/* The submission of (ec, user_id) rendered with latest attempt a (NULL: none). */
static enum inv_err render_submission(struct req *r, struct engine_ctx *cx, const struct exam_content *ec,
                                      int64_t sub_id, int64_t user_id, const struct attempt *a, bool with_token,
                                      struct json_object **out)
{
	struct standing st;
	bool have_kept;
	int64_t kept = 0;
	enum inv_err err = engine_standing(cx, ec, user_id, NULL, &st);

	if (err == INV_OK)
		err = engine_kept_score(cx, ec, user_id, &have_kept, &kept);
	if (err != INV_OK)
		return cv_fail(r, cx, err);
	*out = view_canvas_submission(r, ec, sub_id, user_id, a, &st, have_kept, kept, with_token);
	return INV_OK;
}

enum inv_err cv_one_submission(struct req *r, const struct exam_content *ec, int64_t sub_id, int64_t user_id,
                               bool with_token, struct json_object **out)
{
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	bool have;
	enum inv_err err = engine_open_latest(&cx, ec, user_id, &a, &have);

	if (err != INV_OK)
		return cv_fail(r, &cx, err);
	return render_submission(r, &cx, ec, sub_id, user_id, have ? &a : NULL, with_token, out);
}

/* Adds the submission of (ec, user_id) to subs. */
static enum inv_err add_submission(struct req *r, const struct exam_content *ec, int64_t sid, int64_t uid,
                                   bool with_token, struct json_object *subs)
{
	struct json_object *one;
	enum inv_err err = cv_one_submission(r, ec, sid, uid, with_token, &one);

	if (err == INV_OK)
		json_object_array_add(subs, one);
	return err;
}

/* The caller's own submission, when there is one, into subs. */
static enum inv_err add_own(struct req *r, const struct exam_content *ec, bool with_token, struct json_object *subs)
{
	struct engine_ctx cx = cv_ctx(r);
	int64_t sid;
	bool have;
	enum inv_err err = engine_submission_id(&cx, ec, cx.user_id, &sid, &have);

	if (err != INV_OK)
		return cv_fail(r, &cx, err);
	return have ? add_submission(r, ec, sid, cx.user_id, with_token, subs) : INV_OK;
}

/* A learner's own list, as Canvas gives it to students: while the latest
 * attempt is unfinished (or there is none) the submission as it stands,
 * else one entry per submitted attempt, oldest first. */
static enum inv_err add_own_attempts(struct req *r, const struct exam_content *ec, struct json_object *subs)
{
	struct engine_ctx cx = cv_ctx(r);
	struct attempt_filter f = {0, ec->exam.id, NULL, NULL};
	struct attempt *rows = arena_calloc(r->arena, 100, sizeof(*rows));
	struct standing st;
	int64_t sid, count;
	bool have, have_kept;
	int64_t kept = 0;
	size_t n;
	enum inv_err err = engine_submission_id(&cx, ec, cx.user_id, &sid, &have);

	if (err != INV_OK)
		return cv_fail(r, &cx, err);
	if (!have)
		return INV_OK;
	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_attempt_list(&cx, &f, 0, 100, rows, &n, &count)) != INV_OK ||
	    (err = engine_standing(&cx, ec, cx.user_id, NULL, &st)) != INV_OK ||
	    (err = engine_kept_score(&cx, ec, cx.user_id, &have_kept, &kept)) != INV_OK)
		return cv_fail(r, &cx, err);
	if (n == 0 || rows[0].state != AS_COMPLETED) /* newest first: the latest is running */
		return add_submission(r, ec, sid, cx.user_id, false, subs);
	for (size_t i = n; i-- > 0;)
		if (rows[i].state == AS_COMPLETED)
			json_object_array_add(subs, view_canvas_submission(r, ec, sid, cx.user_id, &rows[i], &st, have_kept,
			                                                   kept, false));
	return INV_OK;
}

/* GET …/submissions: teachers see everyone's, learners their own attempts. */
enum inv_err h_cv_submissions(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct json_object *subs;
	int64_t page, per_page, *sids, *uids;
	size_t n;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK || (err = cv_paging(r, &page, &per_page)) != INV_OK)
		return err;
	subs = json_object_new_array();
	if (!s.m.staff) {
		if ((err = add_own_attempts(r, s.ec, subs)) != INV_OK) {
			json_object_put(subs);
			return err;
		}
		/* canvasapi pages by Link headers: one page, and it says so */
		cv_link_header(r, w, page, per_page, (int64_t)json_object_array_length(subs));
		return cv_respond_submissions(r, w, s.ec, subs);
	}
	sids = arena_calloc(r->arena, (size_t)per_page, sizeof(int64_t));
	uids = arena_calloc(r->arena, (size_t)per_page, sizeof(int64_t));
	if (sids == NULL || uids == NULL) {
		json_object_put(subs);
		return INV_EINTERNAL;
	}
	err = engine_submissions(&cx, s.ec, (page - 1) * per_page, per_page, sids, uids, &n);
	for (size_t i = 0; err == INV_OK && i < n; i++)
		err = add_submission(r, s.ec, sids[i], uids[i], false, subs);
	if (err != INV_OK) {
		json_object_put(subs);
		return cx.reason != REF_NONE ? cv_fail(r, &cx, err) : err;
	}
	/* the total is not counted: a full page says there may be a next one */
	cv_link_header(r, w, page, per_page, (page - 1) * per_page + (int64_t)n + ((int64_t)n == per_page ? 1 : 0));
	return cv_respond_submissions(r, w, s.ec, subs);
}

/* GET …/submission: the caller's own (an empty list when none). */
enum inv_err h_cv_my_submission(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct json_object *subs;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	subs = json_object_new_array();
	if ((err = add_own(r, s.ec, true, subs)) != INV_OK) {
		json_object_put(subs);
		return err;
	}
	return cv_respond_submissions(r, w, s.ec, subs);
}

/* GET …/submissions/:sid: its owner (with the validation token) or a teacher. */
enum inv_err h_cv_submission(struct req *r, struct resp *w)
{
	struct cv_scope s;
	int64_t sid, uid;
	struct json_object *one;
	enum inv_err err = cv_submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK || (err = cv_one_submission(r, s.ec, sid, uid, uid == r->who.user_id, &one)) != INV_OK)
		return err;
	return cv_respond_one(r, w, s.ec, one);
}

/* POST …/submissions: start (or retake); 400 locked, 403 code/IP, 409 in
 * progress or no attempts left. */
enum inv_err h_cv_create(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	bool preview = false, have;
	int64_t sid;
	struct json_object *one;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (body_bool(r, r->json, "preview", &preview) < 0)
		return INV_EINVAL;
	if (preview && !s.m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only teachers may preview a quiz.");
	if (engine_wall_clock_problem(s.ec) != NULL) /* never start what this client cannot finish */
		return req_fail(r, INV_EINVAL, NULL, "This quiz is locked. %s", engine_wall_clock_problem(s.ec));
	err = engine_create(&cx, s.ec, &a, NULL);
	if (err == INV_OK) /* the running attempt came back: Canvas says conflict */
		return req_fail(r, INV_ECONFLICT, NULL, "a quiz submission already exists and is in progress");
	if (err != INV_CREATED)
		return cv_fail(r, &cx, err);
	if ((err = engine_submission_id(&cx, s.ec, cx.user_id, &sid, &have)) != INV_OK)
		return cv_fail(r, &cx, err);
	if (!have)
		return INV_EINTERNAL;
	if ((err = render_submission(r, &cx, s.ec, sid, cx.user_id, &a, true, &one)) != INV_OK)
		return err;
	return cv_respond_one(r, w, s.ec, one);
}

/* attempt and validation_token of a body: 400 missing or stale attempt, 403 bad token. */
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
	if (!engine_token_matches(a, token))
		return req_fail(r, INV_EFORBIDDEN, NULL, "invalid token");
	return INV_OK;
}

/* The latest attempt of the submission, proven by attempt and validation
 * token (the body's access code reaches the engine through cx). */
enum inv_err cv_proven_attempt(struct req *r, struct engine_ctx *cx, const struct exam_content *ec, int64_t uid,
                               struct attempt *a)
{
	bool have;
	enum inv_err err;

	if ((err = engine_open_latest(cx, ec, uid, a, &have)) != INV_OK)
		return cv_fail(r, cx, err);
	if (!have)
		return req_fail(r, INV_EINVAL, NULL, "quiz submission has no attempt to complete");
	return check_token(r, a);
}

/* POST …/submissions/:sid/complete: 200 graded; 400 already complete or
 * stale attempt; 403 token, code or IP. */
enum inv_err h_cv_complete(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	int64_t sid, uid;
	struct json_object *one;
	enum inv_err err = cv_submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if (uid != r->who.user_id)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if ((err = cv_proven_attempt(r, &cx, s.ec, uid, &a)) != INV_OK)
		return err;
	/* an overdue attempt was graded on the way in: that is this completion, as
	 * Canvas grades an overdue submission when it is turned in */
	if (a.state == AS_COMPLETED && !cx.timed_out)
		return req_fail(r, INV_EINVAL, NULL, "quiz submission is already complete");
	if (a.state != AS_COMPLETED && (err = engine_end(&cx, &a, s.ec)) != INV_OK)
		return cv_fail(r, &cx, err);
	/* two completes at once: the one that did not end it is told so */
	if (cx.already_ended)
		return req_fail(r, INV_EINVAL, NULL, "quiz submission is already complete");
	if ((err = render_submission(r, &cx, s.ec, sid, uid, &a, false, &one)) != INV_OK)
		return err;
	return cv_respond_one(r, w, s.ec, one);
}

/* GET …/submissions/:sid/time: {end_at, time_left} (seconds). */
enum inv_err h_cv_time(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	bool have;
	int64_t sid, uid;
	struct json_object *o;
	enum inv_err err = cv_submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if ((err = engine_open_latest(&cx, s.ec, uid, &a, &have)) != INV_OK)
		return cv_fail(r, &cx, err);
	o = json_object_new_object();
	if (have && a.state == AS_RUNNING) {
		struct attempt_clock clk;

		engine_clock(s.ec, &a, cx.now_ms, &clk);
		json_object_object_add(o, "end_at", cv_time_or_null(r, clk.end_at_ms));
		json_object_object_add(o, "time_left", clk.end_at_ms ? json_object_new_int64(clk.remaining_ms / 1000) : NULL);
	} else {
		json_object_object_add(o, "end_at", NULL);
		json_object_object_add(o, "time_left", NULL);
	}
	return resp_json(w, 200, o);
}

/* questions: {"<question id>": {"score": x, "comment": "…"}} into changes. */
static enum inv_err read_scores(struct req *r, const struct exam_content *ec, struct json_object *qs,
                                struct score_change *ch, size_t *n)
{
	if (!json_object_is_type(qs, json_type_object))
		return req_fail(r, INV_EINVAL, NULL, "questions must be a hash of question ids");
	json_object_object_foreach(qs, key, val) {
		char *end;
		long long qid = strtoll(key, &end, 10);
		const struct ex_question *q = NULL;
		struct json_object *score = NULL, *comment = NULL;

		if (*end == '\0')
			q = exam_question_by_id(ec, qid);
		if (q == NULL || !json_object_is_type(val, json_type_object) || *n == EXAM_QUESTIONS_MAX)
			return req_fail(r, INV_EINVAL, NULL, "questions: '%s' is not a question of this quiz", key);
		ch[*n].eq_id = q->eq_id;
		if (json_object_object_get_ex(val, "score", &score) && score != NULL) {
			double d;

			if (!cv_decimal(score, &d) || d < 0 || d > 1e6)
				return req_fail(r, INV_EINVAL, NULL, "questions: the score of '%s' must be an unsigned decimal", key);
			ch[*n].has_score = true;
			ch[*n].score_e4 = llround(d * 10000.0);
		}
		if (json_object_object_get_ex(val, "comment", &comment) && comment != NULL) {
			if (!json_object_is_type(comment, json_type_string))
				return req_fail(r, INV_EINVAL, NULL, "questions: the comment of '%s' must be text", key);
			/* grader_comment is a TEXT column */
			if (json_object_get_string_len(comment) > 65535)
				return req_fail(r, INV_EINVAL, NULL, "questions: the comment of '%s' is longer than 65535 bytes", key);
			ch[*n].has_comment = true;
			ch[*n].comment = json_object_get_string(comment);
		}
		(*n)++;
	}
	return INV_OK;
}

/* PUT …/submissions/:sid: teachers score questions and fudge the total. */
enum inv_err h_cv_score(struct req *r, struct resp *w)
{
	struct cv_scope s;
	struct engine_ctx cx = cv_ctx(r);
	struct attempt a;
	bool has_fudge = false;
	int64_t sid, uid, attempt, fudge_e4 = 0;
	struct json_object *list, *qs = NULL, *fudge = NULL, *one, *item;
	struct score_change *ch;
	size_t n = 0;
	enum inv_err err = cv_submission_scope(r, &s, &sid, &uid);

	if (err != INV_OK)
		return err;
	if (!s.m.staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "user not authorized to perform that action");
	if (r->json == NULL || !json_object_object_get_ex(r->json, "quiz_submissions", &list) ||
	    !json_object_is_type(list, json_type_array) || json_object_array_length(list) == 0)
		return req_fail(r, INV_EINVAL, NULL, "quiz_submissions is required");
	item = json_object_array_get_idx(list, 0);
	if (body_int(r, item, "attempt", 1, 1000000, &attempt) != 1)
		return req_fail(r, INV_EINVAL, NULL, "invalid attempt");
	/* any completed attempt may be scored */
	if ((err = engine_open_number(&cx, s.ec, uid, attempt, &a)) != INV_OK)
		return cx.reason == REF_NOT_FOUND ? req_fail(r, INV_EINVAL, NULL, "invalid attempt") : cv_fail(r, &cx, err);
	if (a.state != AS_COMPLETED)
		return req_fail(r, INV_EINVAL, NULL, "the quiz submission attempt is not complete yet");
	if (json_object_object_get_ex(item, "fudge_points", &fudge) && fudge != NULL) {
		double d;

		if (!cv_decimal(fudge, &d) || fabs(d) > 1e6)
			return req_fail(r, INV_EINVAL, NULL, "fudge_points must be a decimal");
		has_fudge = true;
		fudge_e4 = llround(d * 10000.0);
	}
	if ((ch = arena_calloc(r->arena, EXAM_QUESTIONS_MAX, sizeof(*ch))) == NULL)
		return INV_EINTERNAL;
	if (json_object_object_get_ex(item, "questions", &qs) && qs != NULL &&
	    (err = read_scores(r, s.ec, qs, ch, &n)) != INV_OK)
		return err;
	if ((err = engine_rescore(&cx, &a, s.ec, ch, n, has_fudge, fudge_e4)) != INV_OK)
		return cv_fail(r, &cx, err);
	if ((err = cv_one_submission(r, s.ec, sid, uid, false, &one)) != INV_OK)
		return err;
	return cv_respond_one(r, w, s.ec, one);
}
