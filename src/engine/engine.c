/* invigil — the attempt lifecycle over the store, shared by every face.
 * Each operation is one transaction that locks the attempt row (or the
 * user's row for the exam when creating), so concurrent calls serialise. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/log.h"
#include "invigil/store.h"

#define ANSWERS_MAX 1000

static enum inv_err refuse(struct engine_ctx *cx, enum inv_err err, const char *field, const char *msg)
{
	cx->message = msg;
	cx->field = field;
	return err;
}

enum inv_err engine_access(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f)
{
	char role[16] = "", status[16] = "";
	int rc = db_enrollment_get(ec->exam.course_id, cx->user_id, role, sizeof(role), status, sizeof(status));

	memset(f, 0, sizeof(*f));
	if (rc < 0)
		return store_err();
	f->role = cx->role;
	f->enrolled = rc == 1;
	f->joined = strcmp(status, "joined") == 0;
	f->staff = rc == 1 && f->joined && strcmp(role, "learner") != 0;
	f->now_ms = cx->now_ms;
	f->start_ms = ec->exam.has_start ? ec->exam.start_ms : 0;
	f->end_ms = ec->exam.has_end ? ec->exam.end_ms : 0;
	f->published = ec->exam.published;
	f->allow_retake = ec->exam.allow_retake;
	f->max_attempts = ec->exam.max_attempts;
	{
		struct extension x;

		if (db_extension_full(ec->exam.id, cx->user_id, &x) < 0)
			return store_err();
		f->extra_attempts = x.extra_attempts;
		f->unlocked = x.manually_unlocked;
	}
	return INV_OK;
}

/* Grades and closes a locked, running attempt with what was saved; adds a
 * counted attempt to the exam's statistics.  0 or -1. */
static int finish_locked(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec)
{
	struct timer t = timer_of(ec, a);
	struct grade_totals tot;
	struct arena mem = {0};
	struct answer *answers = calloc(ANSWERS_MAX, sizeof(*answers));
	size_t n = 0;
	int rc = -1;

	if (answers == NULL)
		return -1;
	timer_stop(&t, a, cx->now_ms);
	a->ended_ms = cx->now_ms;
	/* a finish in the grace period (or a late sweep) is recorded at the
	 * deadline, as Canvas records it at end_at */
	if (t.mode == TIMER_WALL && t.duration_ms > 0 && a->started_ms > 0 && a->ended_ms > a->started_ms + t.duration_ms)
		a->ended_ms = a->started_ms + t.duration_ms;
	if (db_answers_page(a->id, 0, ANSWERS_MAX, &mem, answers, &n) != 0)
		goto out;
	grade_attempt(ec, answers, n, &tot);
	if (db_answers_grade(a->id, answers, n) != 0)
		goto out;
	{
		const char *result = tot.pending > 0 ? "pending"
		                     : ec->exam.passing_score >= 0 && tot.percentage_e4 < ec->exam.passing_score * 10000
		                         ? "failed"
		                         : "passed";
		int done = db_attempt_finish(a, &tot, result);

		if (done < 0)
			goto out;
		a->state = AS_COMPLETED;
		a->graded = true;
		a->score_e4 = tot.score_e4;
		a->max_score_e4 = tot.max_score_e4;
		a->percentage_e4 = tot.percentage_e4;
		a->correct = tot.correct;
		a->incorrect = tot.incorrect;
		a->unanswered = tot.unanswered;
		a->pending = tot.pending;
		if (done == 1 && !a->preview && db_stats_add(ec, a, answers, n) != 0)
			goto out;
	}
	rc = 0;
out:
	free(answers);
	arena_free(&mem);
	return rc;
}

/* --- create ------------------------------------------------------------------ */

/* Why access_can_start said no, for faces that answer each case differently. */
static int reason_of(const struct access_facts *f)
{
	if (access_can_view(f) != INV_OK)
		return REF_NOT_ENROLLED;
	if (!f->unlocked && f->start_ms > 0 && f->now_ms < f->start_ms)
		return REF_NOT_OPEN_YET;
	if (!f->unlocked && f->end_ms > 0 && f->now_ms >= f->end_ms)
		return REF_CLOSED;
	return REF_NO_ATTEMPTS;
}

struct create_job {
	struct engine_ctx *cx;
	const struct exam_content *ec;
	struct access_facts facts;
	struct attempt *out;
	enum inv_err result;
};

static int create_tx(void *p)
{
	struct create_job *j = p;
	struct engine_ctx *cx = j->cx;
	const struct exam_content *ec = j->ec;
	int64_t taken, max_no, open_id, extra_time = 0, extra_attempts = 0;
	bool preview;
	const char *why = NULL;
	struct timer t;
	struct attempt *a = j->out;

	if (db_pair_lock(ec->exam.id, cx->user_id) != 0 ||
	    db_attempt_summary(ec->exam.id, cx->user_id, &taken, &max_no, &open_id) != 0)
		return -1;
	if (open_id > 0) {
		if (db_attempt_get(open_id, a) != 1 || db_attempt_lock(open_id, a) != 1)
			return -1;
		t = timer_of(ec, a);
		if (!timer_over(&t, a, cx->now_ms)) {
			j->result = INV_OK; /* one running attempt: the same one again */
			return 0;
		}
		if (finish_locked(cx, a, ec) != 0)
			return -1;
		taken += !a->preview;
	}
	j->facts.attempts_taken = taken;
	if (access_can_start(&j->facts, &preview, &why) != INV_OK) {
		cx->message = why;
		cx->reason = reason_of(&j->facts);
		j->result = INV_EFORBIDDEN;
		return 1;
	}
	if (db_extension_get(ec->exam.id, cx->user_id, &extra_attempts, &extra_time) < 0)
		return -1;
	memset(a, 0, sizeof(*a));
	a->exam_id = ec->exam.id;
	a->user_id = cx->user_id;
	a->attempt_no = max_no + 1;
	a->preview = preview;
	a->unlocked = j->facts.unlocked;
	a->extra_time_s = extra_time;
	a->max_score_e4 = ec->max_score_e4;
	a->exam_version = ec->version;
	t = timer_of(ec, a);
	timer_resume(&t, a, cx->now_ms);
	a->created_ms = cx->now_ms;
	a->deadline_ms = timer_deadline(&t, a);
	if (db_attempt_insert(a) != 0)
		return -1;
	j->result = INV_CREATED;
	return 0;
}

enum inv_err engine_create(struct engine_ctx *cx, const struct exam_content *ec, struct attempt *out)
{
	struct create_job j = {cx, ec, {0}, out, INV_OK};
	enum inv_err err = engine_access(cx, ec, &j.facts);
	char username[sizeof(out->username)];
	int rc;

	if (err != INV_OK)
		return err;
	if (access_can_view(&j.facts) != INV_OK)
		return refuse(cx, INV_EFORBIDDEN, NULL, "You are not enrolled in this exam's course.");
	/* a lost commit is safe to replay: the (exam, user) row serialises it and
	 * a replay finds the attempt it made */
	rc = store_tx(create_tx, &j, true);
	if (rc < 0)
		return store_err();
	if (rc == 1)
		return j.result;
	/* reread for the columns the database filled (username, created_at) */
	memcpy(username, out->username, sizeof(username));
	if (db_attempt_get(out->id, out) != 1)
		return store_err();
	return j.result;
}

/* --- the others --------------------------------------------------------------- */

struct op_job {
	struct engine_ctx *cx;
	struct attempt *a;
	const struct exam_content *ec;
	enum { OP_OPEN, OP_START, OP_HEARTBEAT, OP_END, OP_SAVE, OP_EXTEND } op;
	enum extend_mode extend_mode;
	int64_t extend_s;
	enum inv_err result;
	/* save */
	const struct answer *cur; /* the answer as read before the transaction */
	int64_t used_before;   /* time used before this request folded its share */
	struct answer_input *in;
	struct answer *saved;
};

static int save_locked(struct op_job *j, struct timer *t)
{
	struct engine_ctx *cx = j->cx;
	struct attempt *a = j->a;
	const struct ex_question *q = exam_question(j->ec, j->cur->eq_id);
	struct answer_event ev;
	int64_t spent;

	if (q == NULL) {
		j->result = refuse(cx, INV_ENOTFOUND, NULL, "No such question in this attempt.");
		return 1;
	}
	if (q->section_id > 0) {
		int running = timer_section_at(j->ec, timer_used(t, a, cx->now_ms));

		if (running >= 0 && running != exam_section_index(j->ec, q->section_id)) {
			j->result = refuse(cx, INV_EINVAL, NULL, "This question's section is not running.");
			return 1;
		}
	}
	/* the time since the last heartbeat or save went into this question */
	spent = a->time_used_ms - j->used_before;
	if (db_answer_save(a->id, j->cur->id, j->in, spent, cx->now_ms, a) != 0)
		return -1;
	ev = (struct answer_event){a->id, j->cur->id, cx->user_id, cx->now_ms, cx->face, j->in->payload,
	                           cx->remote_addr, cx->request_id};
	if (db_event_insert(&ev) != 0)
		return -1;
	*j->saved = *j->cur;
	if (j->in->has_selected) {
		memcpy(j->saved->selected, j->in->selected, j->in->nselected * sizeof(int64_t));
		j->saved->nselected = j->in->nselected;
	}
	if (j->in->has_text)
		j->saved->text = j->in->text;
	if (j->in->has_review)
		j->saved->review = j->in->review;
	j->saved->time_spent_ms += spent;
	return 0;
}

static int op_tx(void *p)
{
	struct op_job *j = p;
	struct attempt *a = j->a;
	struct timer t;

	if (db_attempt_lock(a->id, a) != 1)
		return -1;
	t = timer_of(j->ec, a);
	j->result = INV_OK;
	if (a->state == AS_COMPLETED) {
		if (j->op == OP_START) {
			j->result = refuse(j->cx, INV_EINVAL, NULL, "This attempt has ended and cannot be started again.");
			return 1;
		}
		if (j->op == OP_SAVE) {
			j->result = refuse(j->cx, INV_EINVAL, NULL, "This attempt has ended: answers can no longer change.");
			return 1;
		}
		return 0; /* end twice: the same result */
	}
	j->used_before = a->time_used_ms;
	if (j->op == OP_HEARTBEAT || j->op == OP_SAVE)
		timer_touch(&t, a, j->cx->now_ms);
	if (j->op == OP_END || timer_over(&t, a, j->cx->now_ms)) {
		if (finish_locked(j->cx, a, j->ec) != 0)
			return -1;
		if (j->op == OP_SAVE) /* the ending commits; the save is refused */
			j->result = refuse(j->cx, INV_EINVAL, NULL,
			                   "Time is up: the attempt has ended with the answers saved before.");
		return 0;
	}
	switch (j->op) {
	case OP_START:
		timer_resume(&t, a, j->cx->now_ms);
		a->deadline_ms = timer_deadline(&t, a);
		return db_attempt_update_timer(a);
	case OP_HEARTBEAT:
		return db_attempt_update_timer(a);
	case OP_SAVE:
		return save_locked(j, &t);
	case OP_EXTEND: {
		int64_t extra = a->extra_time_s;

		if (j->extend_mode == EXTEND_SET)
			extra = j->extend_s;
		else if (j->extend_mode == EXTEND_ADD)
			extra += j->extend_s;
		else if (t.duration_ms > 0) /* the time left becomes extend_s from now */
			extra += j->extend_s - timer_remaining(&t, a, j->cx->now_ms) / 1000;
		a->extra_time_s = extra < 0 ? 0 : extra;
		t = timer_of(j->ec, a);
		a->deadline_ms = timer_deadline(&t, a);
		return db_attempt_extend(a);
	}
	default:
		return 0;
	}
}

static enum inv_err run_op(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec, struct op_job *j)
{
	int rc;

	j->cx = cx;
	j->a = a;
	j->ec = ec;
	rc = store_tx(op_tx, j, false);
	if (rc < 0)
		return store_err();
	return j->result;
}

/* The owner's (or an admin's) attempt a, just read: its exam from the
 * cache, and the attempt ended first when its time is over. */
static enum inv_err owned_and_current(struct engine_ctx *cx, struct attempt *a, const struct exam_content **ec)
{
	struct timer t;
	int rc;

	if (a->user_id != cx->user_id && cx->role != ROLE_ADMIN)
		return refuse(cx, INV_EFORBIDDEN, NULL, "You do not have permission to perform this action.");
	rc = exam_cache_get(a->exam_id, a->exam_version, ec);
	if (rc <= 0)
		return rc < 0 ? store_err() : refuse(cx, INV_ENOTFOUND, NULL, "Not found.");
	t = timer_of(*ec, a);
	if (timer_over(&t, a, cx->now_ms)) {
		/* lazily: whoever comes next ends an attempt whose time ran out */
		struct op_job j = {.op = OP_OPEN};

		cx->timed_out = true;
		return run_op(cx, a, *ec, &j);
	}
	return INV_OK;
}

enum inv_err engine_open(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec)
{
	int rc = db_attempt_get(id, a);

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return refuse(cx, INV_ENOTFOUND, NULL, "Not found.");
	return owned_and_current(cx, a, ec);
}

enum inv_err engine_start(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec)
{
	struct op_job j = {.op = OP_START};

	return run_op(cx, a, ec, &j);
}

enum inv_err engine_heartbeat(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec)
{
	struct op_job j = {.op = OP_HEARTBEAT};

	return run_op(cx, a, ec, &j);
}

enum inv_err engine_end(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec)
{
	struct op_job j = {.op = OP_END};

	return run_op(cx, a, ec, &j);
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

enum inv_err engine_check_input(struct engine_ctx *cx, const struct ex_question *q, struct answer_input *in)
{
	size_t n = 0;

	if (in->has_selected) {
		if (q->type != 'R' && q->type != 'T' && q->type != 'C' && in->nselected > 0)
			return refuse(cx, INV_EINVAL, "selected_answers", "This question takes no options.");
		qsort(in->selected, in->nselected, sizeof(int64_t), cmp_i64);
		for (size_t i = 0; i < in->nselected; i++) {
			if (i > 0 && in->selected[i] == in->selected[i - 1])
				continue; /* a repeated id means the same choice */
			if (question_option(q, in->selected[i]) == NULL) {
				snprintf(cx->text, sizeof(cx->text), "Invalid pk \"%lld\" - it is not an option of this question.",
				         (long long)in->selected[i]);
				return refuse(cx, INV_EINVAL, "selected_answers", cx->text);
			}
			in->selected[n++] = in->selected[i];
		}
		in->nselected = n;
		if ((q->type == 'R' || q->type == 'T') && n > 1)
			return refuse(cx, INV_EINVAL, "selected_answers", "This question takes one option only.");
	}
	if (in->has_text && in->text != NULL && (q->type == 'R' || q->type == 'T' || q->type == 'C'))
		return refuse(cx, INV_EINVAL, q->type == 'E' ? "essay_text" : "short_text",
		              "This question takes options, not text.");
	return INV_OK;
}

enum inv_err engine_save(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                         const struct answer *cur, struct answer_input *in, struct answer *saved)
{
	struct op_job j = {.op = OP_SAVE, .cur = cur, .in = in, .saved = saved};

	return run_op(cx, a, ec, &j);
}

enum inv_err engine_open_answer(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id, struct arena *mem,
                                struct attempt *a, const struct exam_content **ec, struct answer *ans)
{
	int rc = db_answer_open(attempt_id, answer_id, mem, a, ans);

	if (rc < 0)
		return store_err();
	if (rc == 0) {
		/* tell a foreign attempt (403) from an unknown question (404) */
		struct attempt other;

		if (db_attempt_get(attempt_id, &other) == 1 && other.user_id != cx->user_id && cx->role != ROLE_ADMIN)
			return refuse(cx, INV_EFORBIDDEN, NULL, "You do not have permission to perform this action.");
		return refuse(cx, INV_ENOTFOUND, NULL, "Not found.");
	}
	return owned_and_current(cx, a, ec);
}

enum inv_err engine_extend(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                           enum extend_mode mode, int64_t seconds)
{
	struct op_job j = {.op = OP_EXTEND, .extend_mode = mode, .extend_s = seconds};

	return run_op(cx, a, ec, &j);
}

struct submit_job {
	struct engine_ctx *cx;
	const struct exam_content *ec;
	struct access_facts facts;
	const int64_t *eq_ids;
	struct answer_input *inputs;
	size_t n;
	struct attempt *a;
	char *public_id;
	enum inv_err result;
};

/* Saves every input into the locked, running attempt. */
static int submit_answers(struct submit_job *j)
{
	struct arena mem = {0};
	struct answer *rows = calloc(ANSWERS_MAX, sizeof(*rows));
	size_t n = 0;
	int rc = -1;

	if (rows == NULL)
		return -1;
	if (db_answers_page(j->a->id, 0, ANSWERS_MAX, &mem, rows, &n) != 0)
		goto out;
	for (size_t i = 0; i < j->n; i++) {
		struct answer *cur = NULL;
		struct answer_event ev;

		for (size_t k = 0; k < n && cur == NULL; k++)
			if (rows[k].eq_id == j->eq_ids[i])
				cur = &rows[k];
		if (cur == NULL)
			continue; /* the face checked every id against the exam */
		ev = (struct answer_event){j->a->id, cur->id, j->cx->user_id, j->cx->now_ms, j->cx->face,
		                           j->inputs[i].payload, j->cx->remote_addr, j->cx->request_id};
		if (db_answer_save(j->a->id, cur->id, &j->inputs[i], 0, j->cx->now_ms, NULL) != 0 ||
		    db_event_insert(&ev) != 0)
			goto out;
	}
	rc = 0;
out:
	free(rows);
	arena_free(&mem);
	return rc;
}

static int submit_tx(void *p)
{
	struct submit_job *j = p;
	struct engine_ctx *cx = j->cx;
	int64_t taken, max_no, open_id;
	struct attempt *a = j->a;

	if (db_pair_lock(j->ec->exam.id, cx->user_id) != 0 ||
	    db_attempt_summary(j->ec->exam.id, cx->user_id, &taken, &max_no, &open_id) != 0)
		return -1;
	if (open_id > 0) {
		/* started through another face: its clock is enforced */
		struct timer t;

		if (db_attempt_get(open_id, a) != 1 || db_attempt_lock(open_id, a) != 1)
			return -1;
		t = timer_of(j->ec, a);
		if (timer_over(&t, a, cx->now_ms)) {
			if (finish_locked(cx, a, j->ec) != 0)
				return -1;
			cx->reason = REF_TIME_OVER;
			j->result = refuse(cx, INV_EFORBIDDEN, NULL,
			                   "The time limit of your attempt has passed: it was ended with the answers it held.");
			return 0; /* the ending commits */
		}
	} else {
		bool preview;
		const char *why = NULL;
		struct timer t;

		j->facts.attempts_taken = taken;
		if (access_can_start(&j->facts, &preview, &why) != INV_OK) {
			cx->reason = reason_of(&j->facts);
			j->result = refuse(cx, INV_EFORBIDDEN, NULL, why);
			return 1;
		}
		memset(a, 0, sizeof(*a));
		a->exam_id = j->ec->exam.id;
		a->user_id = cx->user_id;
		a->attempt_no = max_no + 1;
		a->preview = preview;
		a->unlocked = j->facts.unlocked;
		a->max_score_e4 = j->ec->max_score_e4;
		t = timer_of(j->ec, a);
		timer_resume(&t, a, cx->now_ms);
		a->deadline_ms = timer_deadline(&t, a);
		if (db_attempt_insert(a) != 0)
			return -1;
	}
	if (submit_answers(j) != 0 || finish_locked(cx, a, j->ec) != 0 || db_attempt_set_public_id(a->id, j->public_id) != 0)
		return -1;
	j->result = INV_CREATED;
	return 0;
}

enum inv_err engine_submit(struct engine_ctx *cx, const struct exam_content *ec, const int64_t *eq_ids,
                           struct answer_input *inputs, size_t n, struct attempt *out, char *public_id)
{
	struct submit_job j = {cx, ec, {0}, eq_ids, inputs, n, out, public_id, INV_OK};
	enum inv_err err = engine_access(cx, ec, &j.facts);
	int rc;

	if (err != INV_OK)
		return err;
	rc = store_tx(submit_tx, &j, false);
	if (rc < 0)
		return store_err();
	if (rc == 0 && j.result == INV_CREATED && db_attempt_get(out->id, out) != 1)
		return store_err();
	return j.result;
}

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

/* Sums the stored answers the way grade_attempt does, plus the fudge. */
static void totals_of(const struct exam_content *ec, const struct answer *rows, size_t n, int64_t fudge,
                      struct grade_totals *t)
{
	memset(t, 0, sizeof(*t));
	t->max_score_e4 = ec->max_score_e4;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].has_marks)
			t->score_e4 += rows[i].marks_e4;
		switch (rows[i].result) {
		case AR_CORRECT: t->correct++; break;
		case AR_PARTIAL: t->correct++; t->partial++; break;
		case AR_INCORRECT: t->incorrect++; break;
		case AR_PENDING: t->pending++; break;
		default: t->unanswered++;
		}
	}
	t->score_e4 += fudge;
	t->percentage_e4 = t->max_score_e4 > 0 ? t->score_e4 * 1000000 / t->max_score_e4 : 0;
	if (t->percentage_e4 < 0)
		t->percentage_e4 = 0;
}

static int rescore_tx(void *p)
{
	struct rescore_job *j = p;
	struct attempt *a = j->a;
	struct arena mem = {0};
	struct answer *rows = calloc(ANSWERS_MAX, sizeof(*rows));
	struct grade_totals t;
	int64_t old_score = a->score_e4, fudge;
	size_t n = 0;
	int rc = -1;

	if (rows == NULL)
		return -1;
	if (db_attempt_lock(a->id, a) != 1)
		goto out;
	if (a->state != AS_COMPLETED) {
		j->cx->reason = REF_NOT_COMPLETED;
		j->result = refuse(j->cx, INV_EINVAL, NULL, "This attempt is not complete yet.");
		rc = 1;
		goto out;
	}
	old_score = a->score_e4;
	if (db_answers_page(a->id, 0, ANSWERS_MAX, &mem, rows, &n) != 0)
		goto out;
	for (size_t i = 0; i < j->n; i++) {
		const struct ex_question *q = exam_question(j->ec, j->ch[i].eq_id);
		struct answer *row = NULL;

		for (size_t k = 0; k < n && row == NULL; k++)
			if (rows[k].eq_id == j->ch[i].eq_id)
				row = &rows[k];
		if (q == NULL || row == NULL)
			continue;
		if (j->ch[i].has_score) {
			row->result = result_of_score(q, j->ch[i].score_e4);
			row->has_marks = true;
			row->marks_e4 = j->ch[i].score_e4;
			if (db_answer_set_score(a->id, row->id, row->result, row->marks_e4) != 0)
				goto out;
		}
		if (j->ch[i].has_comment && db_answer_set_comment(a->id, row->id, j->ch[i].comment) != 0)
			goto out;
	}
	fudge = j->has_fudge ? j->fudge_e4 : a->fudge_e4;
	totals_of(j->ec, rows, n, fudge, &t);
	{
		const char *result = t.pending > 0 ? "pending"
		                     : j->ec->exam.passing_score >= 0 && t.percentage_e4 < j->ec->exam.passing_score * 10000
		                         ? "failed" : "passed";

		if (db_attempt_rescore(a->id, &t, fudge, result) != 0)
			goto out;
	}
	if (!a->preview && db_bucket_move(a->exam_id, old_score, t.score_e4) != 0)
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
	free(rows);
	arena_free(&mem);
	return rc;
}

enum inv_err engine_rescore(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                            const struct score_change *ch, size_t n, bool has_fudge, int64_t fudge_e4)
{
	struct rescore_job j = {cx, a, ec, ch, n, has_fudge, fudge_e4, INV_OK};
	int rc = store_tx(rescore_tx, &j, false);

	if (rc < 0)
		return store_err();
	return j.result;
}

int engine_sweep(int64_t now_ms)
{
	int64_t ids[500];
	size_t n;
	int ended = 0;

	if (db_overdue(now_ms, ids, 500, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct engine_ctx cx = {.role = ROLE_ADMIN, .now_ms = now_ms, .face = "sweep"};
		struct attempt a;
		const struct exam_content *ec;

		/* opening ends it when its time (and grace) is over */
		if (engine_open(&cx, ids[i], &a, &ec) == INV_OK && a.state == AS_COMPLETED)
			ended++;
	}
	return ended;
}
