/* invigil — what the course's staff do with others' attempts: read them,
 * list submissions, score by hand, grant extensions.  Each call checks the
 * caller's rights itself; no face raises anyone's role. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/engine_impl.h"

/* The caller is user_id, or staff of ec's course: INV_OK; else refused. */
static enum inv_err self_or_staff(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                                  enum inv_err err, enum refusal why)
{
	int rc;

	if (user_id == cx->user_id)
		return INV_OK;
	if ((rc = engine_is_staff(cx, ec->exam.course_id)) < 0)
		return store_err();
	return rc == 1 ? INV_OK : engine_refuse(cx, err, why, NULL, NULL);
}

static enum inv_err staff_only(struct engine_ctx *cx, const struct exam_content *ec)
{
	return self_or_staff(cx, ec, -1, INV_EFORBIDDEN, REF_NOT_STAFF);
}

enum inv_err engine_open_latest(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                                struct attempt *a, bool *have)
{
	const struct exam_content *same;
	int64_t id;
	enum inv_err err = self_or_staff(cx, ec, user_id, INV_EFORBIDDEN, REF_NOT_STAFF);
	int rc;

	*have = false;
	if (err != INV_OK)
		return err;
	if ((rc = db_attempt_latest(ec->exam.id, user_id, &id)) <= 0)
		return rc < 0 ? store_err() : INV_OK;
	/* engine_open checks the same rights and ends an overdue attempt */
	err = engine_open(cx, id, a, &same);
	*have = err == INV_OK;
	return err == INV_ENOTFOUND ? INV_OK : err;
}

enum inv_err engine_open_number(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id, int64_t no,
                                struct attempt *a)
{
	const struct exam_content *same;
	int64_t id;
	enum inv_err err = self_or_staff(cx, ec, user_id, INV_EFORBIDDEN, REF_NOT_STAFF);
	int rc;

	if (err != INV_OK)
		return err;
	if ((rc = db_attempt_by_number(ec->exam.id, user_id, no, &id)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, "attempt", NULL);
	return engine_open(cx, id, a, &same);
}

enum inv_err engine_open_public(struct engine_ctx *cx, const struct exam_content *ec, const char *public_id,
                                struct attempt *a)
{
	int64_t id;
	int rc = db_attempt_by_public_id(public_id, &id);

	if (rc == 1 && (rc = db_attempt_get(id, a)) == 1 && a->exam_id == ec->exam.id &&
	    self_or_staff(cx, ec, a->user_id, INV_ENOTFOUND, REF_NOT_FOUND) == INV_OK)
		return INV_OK;
	if (rc < 0)
		return store_err();
	return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
}

enum inv_err engine_user(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id, struct user *out)
{
	enum inv_err err = self_or_staff(cx, ec, user_id, INV_EFORBIDDEN, REF_NOT_STAFF);
	int rc;

	if (err != INV_OK)
		return err;
	if ((rc = db_user_get(user_id, out)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	out->password_hash[0] = '\0'; /* never past the engine */
	return INV_OK;
}

enum inv_err engine_submission_id(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                                  int64_t *sub_id, bool *have)
{
	enum inv_err err = self_or_staff(cx, ec, user_id, INV_EFORBIDDEN, REF_NOT_STAFF);
	int rc;

	*have = false;
	if (err != INV_OK)
		return err;
	if ((rc = db_pair_submission(ec->exam.id, user_id, sub_id)) < 0)
		return store_err();
	*have = rc == 1;
	return INV_OK;
}

/* The submission sub_id's exam content and user: 1, 0 when there is none, -1. */
static int submission_load(int64_t sub_id, const struct exam_content **ec, int64_t *user_id)
{
	int64_t exam_id;
	int rc = db_submission_get(sub_id, &exam_id, user_id);

	return rc == 1 ? exam_cache_get(exam_id, 0, ec) : rc;
}

enum inv_err engine_submission(struct engine_ctx *cx, int64_t sub_id, const struct exam_content **ec,
                               int64_t *user_id)
{
	int rc = submission_load(sub_id, ec, user_id);

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	/* someone else's: not found, so a learner never learns it exists */
	return self_or_staff(cx, *ec, *user_id, INV_ENOTFOUND, REF_NOT_FOUND);
}

enum inv_err engine_submission_own(struct engine_ctx *cx, int64_t sub_id, bool write, const struct exam_content **ec,
                                   int64_t *user_id)
{
	int rc = submission_load(sub_id, ec, user_id);

	if (rc < 0)
		return store_err();
	/* the course's staff do not answer, flag or read a learner's answers here:
	 * to them, as to everyone else's, it is not found */
	if (rc == 0 || (*user_id != cx->user_id && (write || cx->role != ROLE_ADMIN)))
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	return INV_OK;
}

enum inv_err engine_submissions(struct engine_ctx *cx, const struct exam_content *ec, int64_t offset, int64_t limit,
                                int64_t *sub_ids, int64_t *user_ids, size_t *n)
{
	enum inv_err err = staff_only(cx, ec);

	if (err != INV_OK)
		return err;
	return db_exam_submissions(ec->exam.id, offset, limit, sub_ids, user_ids, n) == 0 ? INV_OK : store_err();
}

/* --- manual scoring ------------------------------------------------------------- */

struct rescore_job {
	struct engine_ctx *cx;
	struct attempt *a;
	const struct exam_content *ec;
	const struct score_change *ch;
	size_t n;
	bool has_fudge;
	int64_t fudge_e4;
	enum inv_err result;
};

static enum answer_result result_of_score(const struct ex_question *q, int64_t marks)
{
	return marks >= q->marks_e4 ? AR_CORRECT : marks > 0 ? AR_PARTIAL : AR_INCORRECT;
}

/* Applies one change to the loaded answers (a score) and to its record (a
 * comment); *scored tells the caller to store the grades.  0 or -1. */
static int apply_change(struct rescore_job *j, const struct score_change *ch, struct answer_set *set, bool *scored)
{
	const struct ex_question *q = exam_question(j->ec, ch->eq_id);
	struct answer *row = db_answer_set_find(set, ch->eq_id);

	if (q == NULL || row == NULL)
		return 0;
	if (ch->has_score) {
		row->result = result_of_score(q, ch->score_e4);
		row->has_marks = true;
		row->marks_e4 = ch->score_e4;
		*scored = true;
	}
	if (ch->has_comment && db_answer_set_comment(j->a->id, row->id, ch->comment) != 0)
		return -1;
	return 0;
}

static int rescore_tx(void *p)
{
	struct rescore_job *j = p;
	struct attempt *a = j->a;
	struct answer_set set = {0};
	struct grade_totals t;
	int64_t old_score, fudge;
	bool scored = false;
	int rc = -1;

	if (db_attempt_lock(a->id, a) != 1)
		goto out;
	if (a->state != AS_COMPLETED) {
		j->result = engine_refuse(j->cx, INV_EINVAL, REF_NOT_COMPLETED, NULL, NULL);
		rc = 1;
		goto out;
	}
	old_score = a->score_e4;
	if (db_answer_set_load(a->id, true, a->answer_count, &set) != 0)
		goto out;
	for (size_t i = 0; i < j->n; i++)
		if (apply_change(j, &j->ch[i], &set, &scored) != 0)
			goto out;
	if (scored && db_answers_grade(a->id, set.rows, set.n) != 0)
		goto out;
	fudge = j->has_fudge ? j->fudge_e4 : a->fudge_e4;
	grade_totals_of(j->ec, set.rows, set.n, fudge, &t);
	if (db_attempt_rescore(a->id, &t, fudge, grade_result_name(grade_result(j->ec->exam.passing_score, &t))) != 0)
		goto out;
	if (!a->preview && db_bucket_move(a->exam_id, a->id, old_score, t.score_e4) != 0)
		goto out;
	if (!a->preview && grade_result(j->ec->exam.passing_score, &t) == RESULT_PASSED &&
	    db_lessons_complete(a->exam_id, a->user_id, j->cx->now_ms) != 0)
		goto out;
	a->score_e4 = t.score_e4;
	a->fudge_e4 = fudge;
	a->percentage_e4 = t.percentage_e4;
	a->correct = t.correct;
	a->incorrect = t.incorrect;
	a->unanswered = t.unanswered;
	a->pending = t.pending;
	j->result = INV_OK;
	rc = 0;
out:
	db_answer_set_free(&set);
	return rc;
}

enum inv_err engine_rescore(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                            const struct score_change *ch, size_t n, bool has_fudge, int64_t fudge_e4)
{
	struct rescore_job j = {cx, a, ec, ch, n, has_fudge, fudge_e4, INV_OK};
	enum inv_err err = staff_only(cx, ec);
	int rc;

	if (err != INV_OK)
		return err;
	if (n > EXAM_QUESTIONS_MAX)
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, "questions", "Too many questions.");
	rc = store_tx(rescore_tx, &j, false);
	if (rc < 0)
		return store_err();
	return j.result;
}

/* --- extensions ------------------------------------------------------------------ */

struct extensions_job {
	struct engine_ctx *cx;
	const struct exam_content *ec;
	struct extension_grant *g;
	size_t n;
};

/* Gives user's running attempt the time its grant asks for. */
static int extend_running(struct extensions_job *j, struct extension_grant *g)
{
	struct attempt a;
	struct timer t;
	int64_t id, extra;
	int rc = db_attempt_latest(j->ec->exam.id, g->user_id, &id);

	if (rc <= 0)
		return rc;
	if (db_attempt_get(id, &a) != 1 || db_attempt_lock(id, &a) != 1)
		return -1;
	if (a.state != AS_RUNNING)
		return 0;
	t = timer_of(j->ec, &a);
	if (timer_over(&t, &a, j->cx->now_ms))
		return engine_finish_locked(j->cx, &a, j->ec, FINISH_MORE);
	extra = g->has_time ? g->result.extra_time_s : a.extra_time_s;
	extra += g->from_end_s;
	if (g->from_now_s > 0 && t.duration_ms > 0) {
		struct attempt b = a;
		struct timer tb;

		b.extra_time_s = extra < 0 ? 0 : extra;
		tb = timer_of(j->ec, &b);
		/* the time left becomes from_now_s from now */
		extra += g->from_now_s - timer_remaining(&tb, &b, j->cx->now_ms) / 1000;
	}
	a.extra_time_s = extra < 0 ? 0 : extra;
	t = timer_of(j->ec, &a);
	a.deadline_ms = timer_deadline(&t, &a);
	if (db_attempt_extend(&a) != 0)
		return -1;
	{
		int64_t rem = timer_remaining(&t, &a, j->cx->now_ms);

		g->end_at_ms = rem == INT64_MAX ? 0 : j->cx->now_ms + rem;
	}
	return 0;
}

static int extensions_tx(void *p)
{
	struct extensions_job *j = p;

	for (size_t i = 0; i < j->n; i++) {
		struct extension_grant *g = &j->g[i];
		struct extension *x = &g->result;

		g->end_at_ms = 0;
		if (db_extension_full(j->ec->exam.id, g->user_id, x) < 0)
			return -1;
		if (g->has_attempts)
			x->extra_attempts = g->extra_attempts;
		if (g->has_time)
			x->extra_time_s = g->extra_time_s;
		if (g->has_unlocked)
			x->manually_unlocked = g->unlocked;
		if (db_extension_put(j->ec->exam.id, g->user_id, x) != 0 || extend_running(j, g) != 0)
			return -1;
	}
	return 0;
}

enum inv_err engine_extensions(struct engine_ctx *cx, const struct exam_content *ec, struct extension_grant *g,
                               size_t n)
{
	struct extensions_job j = {cx, ec, g, n};
	enum inv_err err = staff_only(cx, ec);

	if (err != INV_OK)
		return err;
	for (size_t i = 0; i < n; i++) {
		struct enrollment en;
		int rc = db_enrollment_of(ec->exam.course_id, g[i].user_id, &en);

		if (rc < 0)
			return store_err();
		if (rc == 0) {
			snprintf(cx->text, sizeof(cx->text), "user %lld is not in this course", (long long)g[i].user_id);
			cx->item = i + 1;
			return engine_refuse(cx, INV_EINVAL, REF_INVALID, "user_id", cx->text);
		}
	}
	if (store_tx(extensions_tx, &j, false) < 0)
		return store_err();
	return INV_OK;
}

/* --- client events ----------------------------------------------------------------- */

struct events_job {
	const struct attempt *a;
	const struct submission_event *ev;
	size_t n;
};

static int events_tx(void *p)
{
	struct events_job *j = p;

	for (size_t i = 0; i < j->n; i++)
		if (db_submission_event_add(j->a->id, &j->ev[i]) != 0)
			return -1;
	return 0;
}

enum inv_err engine_events_add(struct engine_ctx *cx, const struct attempt *a, struct submission_event *ev,
                               size_t n)
{
	struct events_job j = {a, ev, n};

	if (a->user_id != cx->user_id)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_OWNER, NULL, NULL);
	if (n > EVENTS_PER_REQUEST_MAX)
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, "quiz_submission_events", "Too many events at once.");
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type == NULL || ev[i].type[0] == '\0' || strlen(ev[i].type) > EVENT_TYPE_MAX ||
		    (ev[i].data != NULL && strlen(ev[i].data) > EVENT_DATA_MAX)) {
			cx->item = i + 1;
			return engine_refuse(cx, INV_EINVAL, REF_INVALID, "event_type",
			                     "An event needs an event_type of at most 64 bytes and data of at most 65535.");
		}
		ev[i].at_ms = cx->now_ms;
	}
	if (store_tx(events_tx, &j, false) < 0)
		return store_err();
	return INV_OK;
}

enum inv_err engine_events(struct engine_ctx *cx, const struct attempt *a, const struct exam_content *ec,
                           int64_t offset, int64_t limit, struct arena *mem, struct submission_event *out, size_t *n)
{
	enum inv_err err = self_or_staff(cx, ec, a->user_id, INV_ENOTFOUND, REF_NOT_FOUND);

	if (err != INV_OK)
		return err;
	return db_submission_events(a->id, offset, limit, mem, out, n) == 0 ? INV_OK : store_err();
}
