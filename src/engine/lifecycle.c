/* invigil — the attempt lifecycle over the store, shared by every face.
 * Each operation is one transaction that locks the attempt row (or the
 * user's row for the exam when creating), so concurrent calls serialise. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/engine_impl.h"

/* --- create ------------------------------------------------------------------ */

struct create_job {
	struct engine_ctx *cx;
	const struct exam_content *ec;
	struct access_facts facts;
	struct attempt *out;
	enum inv_err result;
	int64_t inserted_no;    /* the attempt number this request inserted; 0: none yet */
	bool tallied;           /* after is the user's attempts as this transaction left them */
	struct attempt_tally after;
};

static int create_tx(void *p)
{
	struct create_job *j = p;
	struct engine_ctx *cx = j->cx;
	const struct exam_content *ec = j->ec;
	int64_t taken, max_no, open_id;
	bool preview;
	enum refusal why;
	struct attempt *a = j->out;
	int rc;

	j->tallied = false;
	if (db_pair_lock_tally(ec->exam.id, cx->user_id, &taken, &max_no, &open_id) != 0)
		return -1;
	if (open_id > 0) {
		struct timer t;

		if (db_attempt_get(open_id, a) != 1 || db_attempt_lock(open_id, a) != 1)
			return -1;
		/* a replay after a COMMIT whose answer was lost finds the attempt this
		 * very request made: it is still a creation, not a second start */
		if (j->inserted_no > 0 && a->attempt_no == j->inserted_no) {
			j->result = INV_CREATED;
			return 0;
		}
		/* prepared ahead of a scheduled start (invigil prepare): this
		 * create is its start, one update (a replay finds it running) */
		if (a->state == AS_NOT_STARTED) {
			if ((rc = engine_claim_locked(cx, ec, &j->facts, taken, a, &j->result)) != 0)
				return rc;
			j->inserted_no = a->attempt_no;
			j->result = INV_CREATED;
			return 0;
		}
		t = timer_of(ec, a);
		if (!timer_over(&t, a, cx->now_ms)) {
			j->result = INV_OK; /* one running attempt: the same one again */
			return 0;
		}
		/* ended now, it was taken already: the tally counts a running
		 * attempt (counting it again refused a learner's second attempt) */
		if (engine_finish_locked(cx, a, ec, FINISH_MORE) != 0)
			return -1;
	}
	j->facts.attempts_taken = taken;
	if ((why = access_can_start(&j->facts, &preview)) != REF_NONE) {
		j->result = engine_refuse(cx, INV_EFORBIDDEN, why, NULL, NULL);
		return 1;
	}
	/* a new attempt, not the running one, passes its lesson's rules */
	if ((rc = engine_lesson_gate(cx, ec, &j->facts, &j->result)) != 0)
		return rc;
	j->inserted_no = max_no + 1;
	/* the transaction's last write: it commits it (db_attempt_insert) */
	if (engine_insert_attempt(cx, ec, max_no + 1, preview, false, &j->facts, a, true) != 0)
		return -1;
	/* the user's attempts now, as the locked pair row keeps them: the
	 * standing the response shows needs no read after the commit (an
	 * attempt ended above leaves that to the read) */
	if (open_id == 0) {
		j->after = engine_tally_with(&(struct attempt_tally){taken, max_no, 0, 0}, a);
		j->tallied = true;
	}
	j->result = INV_CREATED;
	return 0;
}

enum inv_err engine_create(struct engine_ctx *cx, const struct exam_content *ec, struct attempt *out,
                           struct standing *st)
{
	struct create_job j = {.cx = cx, .ec = ec, .out = out, .result = INV_OK};
	enum inv_err err = engine_access_facts(cx, ec, &j.facts);
	enum refusal why;
	int rc;

	if (err != INV_OK)
		return err;
	if ((why = access_can_view(&j.facts)) != REF_NONE)
		return engine_refuse(cx, why == REF_NOT_FOUND ? INV_ENOTFOUND : INV_EFORBIDDEN, why, NULL, NULL);
	if ((err = engine_gates(cx, ec, j.facts.staff, true)) != INV_OK)
		return err;
	/* a lost commit is safe to replay: the (exam, user) row serialises it and
	 * a replay finds the attempt it made */
	rc = store_tx_open(create_tx, &j, true); /* its first statement starts it */
	if (rc < 0)
		return store_err();
	if (rc == 1)
		return j.result;
	engine_note_created(out);
	/* a new attempt is whole: its insert returned what the database filled
	 * and the user's names; one read in the transaction (running, or
	 * prepared and now claimed) is whole already */
	if (st == NULL)
		return j.result;
	if (j.tallied) {
		j.facts.attempts_taken = j.after.taken;
		engine_standing_from(&j.facts, &j.after, st);
		return j.result;
	}
	err = engine_standing(cx, ec, cx->user_id, out, st);
	return err != INV_OK ? err : j.result;
}

/* --- the others --------------------------------------------------------------- */

struct op_job {
	struct engine_ctx *cx;
	struct attempt *a;
	const struct exam_content *ec;
	enum { OP_OPEN, OP_START, OP_HEARTBEAT, OP_END, OP_SAVE, OP_SAVE_MANY } op;
	enum inv_err result;
	int64_t spent;         /* a save: the time since the clock's last touch */
	bool store_refused;    /* a save the store found ended or past its time */
	/* save: the answer as read before the transaction */
	const struct answer *cur;
	struct answer_input *in;
	struct answer *saved;
	/* save many */
	const int64_t *eq_ids;
	size_t n;
	/* an operation by the attempt's id: the transaction's locked read is the
	 * open, and reads what the standing needs of the attempt's owner */
	int64_t open_id;
	const struct exam_content **ecp;
	struct owner_facts owner;
	bool standing;         /* the owner's standing is read after */
};

/* Refuses a save to question q of the running attempt a when the timer has
 * moved past q's section; REF_NONE when it may be saved. */
static enum refusal section_refusal(const struct exam_content *ec, const struct timer *t, const struct attempt *a,
                                    const struct ex_question *q, int64_t now)
{
	int running;

	if (q->section_id <= 0)
		return REF_NONE;
	running = timer_section_at(ec, timer_used(t, a, now));
	return running >= 0 && running != exam_section_index(ec, q->section_id) ? REF_SECTION_CLOSED : REF_NONE;
}

/* Saves in into answer cur of the locked, running attempt, as an event. */
static int save_one(struct op_job *j, struct timer *t, const struct answer *cur, struct answer_input *in,
                    int64_t spent)
{
	struct engine_ctx *cx = j->cx;
	const struct ex_question *q = exam_question(j->ec, cur->eq_id);
	enum refusal why;
	int rc;

	if (q == NULL) {
		j->result = engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, "No such question in this attempt.");
		return 1;
	}
	if ((why = section_refusal(j->ec, t, j->a, q, cx->now_ms)) != REF_NONE) {
		j->result = engine_refuse(cx, INV_EINVAL, why, NULL, NULL);
		return 1;
	}
	if ((rc = engine_store_answer(cx, j->a, cur->id, in, spent, t->grace_ms)) != 0)
		return rc < 0 ? -1 : 0;
	/* ended, or past its deadline plus grace, since it was read */
	j->store_refused = true;
	j->result = engine_refuse(cx, INV_EINVAL, REF_ENDED, NULL, NULL);
	return 1;
}

/* The answer cur as a save of in made it. */
static void answer_after(const struct answer *cur, const struct answer_input *in, int64_t spent, struct answer *s)
{
	*s = *cur;
	if (in->has_selected) {
		memcpy(s->selected, in->selected, in->nselected * sizeof(int64_t));
		s->nselected = in->nselected;
	}
	if (in->has_text)
		s->text = in->text;
	if (in->has_review)
		s->review = in->review;
	s->time_spent_ms += spent;
}

static int save_locked(struct op_job *j, struct timer *t)
{
	int rc;

	if ((rc = save_one(j, t, j->cur, j->in, j->spent)) != 0)
		return rc;
	answer_after(j->cur, j->in, j->spent, j->saved);
	return 0;
}

/* Every item of a batch, against the attempt's answer records. */
static int save_many_locked(struct op_job *j, struct timer *t)
{
	struct answer_set set = {0};
	int rc = -1;

	if (db_attempt_update_timer(j->a, false) != 0 || engine_answer_set(j->a, j->ec, &set) != 0)
		goto out;
	for (size_t i = 0; i < j->n; i++) {
		const struct answer *cur = db_answer_set_find(&set, j->eq_ids[i]);

		if (cur == NULL) {
			j->result = engine_refuse(j->cx, INV_EINVAL, REF_INVALID, "id",
			                          "The question is not part of this attempt.");
			rc = 1;
			goto out;
		}
		if ((rc = save_one(j, t, cur, &j->in[i], 0)) != 0)
			goto out;
	}
	rc = 0;
out:
	db_answer_set_free(&set);
	return rc;
}

/* PUT start of a prepared attempt, by its learner alone (the start's rules
 * are the learner's): the gates as at a start (a missing access code
 * counts), then the claim. */
static int start_prepared(struct op_job *j)
{
	struct access_facts f;
	int64_t taken, max_no, open_id;
	enum inv_err err;

	if (j->a->user_id != j->cx->user_id) {
		j->result = engine_refuse(j->cx, INV_EFORBIDDEN, REF_NOT_OWNER, NULL,
		                          "Only its learner starts an attempt prepared for them.");
		return 1;
	}
	if ((err = engine_access_facts(j->cx, j->ec, &f)) != INV_OK ||
	    (err = engine_gates(j->cx, j->ec, f.staff, true)) != INV_OK) {
		j->result = err;
		return err == INV_EUNAVAILABLE || err == INV_EINTERNAL ? -1 : 1;
	}
	if (db_attempt_summary(j->ec->exam.id, j->a->user_id, &taken, &max_no, &open_id) != 0)
		return -1;
	return engine_claim_locked(j->cx, j->ec, &f, taken, j->a, &j->result);
}

/* The operation on the attempt a, locked and read. */
static int op_locked(struct op_job *j)
{
	struct attempt *a = j->a;
	struct timer t;
	bool saving = j->op == OP_SAVE || j->op == OP_SAVE_MANY;

	t = timer_of(j->ec, a);
	j->result = INV_OK;
	if (a->state == AS_COMPLETED) {
		if (j->op == OP_START || saving) {
			j->result = engine_refuse(j->cx, INV_EINVAL, REF_ENDED, NULL,
			                          saving ? NULL : "This attempt has ended and cannot be started again.");
			return 1;
		}
		j->cx->already_ended = j->op == OP_END;
		return 0; /* end twice: the same result */
	}
	if (a->state == AS_NOT_STARTED) { /* prepared: only a start moves it */
		if (j->op == OP_START)
			return start_prepared(j);
		if (j->op == OP_OPEN)
			return 0;
		j->result = engine_refuse(j->cx, INV_EINVAL, REF_INVALID, NULL, "This attempt has not started: start it first.");
		return 1;
	}
	/* what a save spent on its question: the time since the last touch */
	j->spent = j->op == OP_SAVE ? timer_since_touch(a, j->cx->now_ms) : 0;
	if (j->op == OP_HEARTBEAT || saving)
		timer_touch(&t, a, j->cx->now_ms);
	if (j->op == OP_END || timer_over(&t, a, j->cx->now_ms)) {
		/* the transaction's last write: it commits (op_tx, open_op_tx) */
		if (engine_finish_locked(j->cx, a, j->ec, j->standing ? FINISH_COMMIT_RANK : FINISH_COMMIT) != 0)
			return -1;
		if (saving) { /* the ending commits; the save is refused */
			j->cx->timed_out = true;
			j->result = engine_refuse(j->cx, INV_EINVAL, REF_TIME_OVER, NULL, NULL);
		}
		return 0;
	}
	switch (j->op) {
	case OP_START: /* the transaction's last write: it commits */
		timer_resume(&t, a, j->cx->now_ms);
		a->deadline_ms = timer_deadline(&t, a);
		return db_attempt_update_timer(a, true);
	case OP_HEARTBEAT:
		return db_attempt_update_timer(a, true);
	case OP_SAVE:
		return save_locked(j, &t);
	case OP_SAVE_MANY:
		return save_many_locked(j, &t);
	default:
		return 0;
	}
}

static int op_tx(void *p)
{
	struct op_job *j = p;

	return db_attempt_lock(j->a->id, j->a) == 1 ? op_locked(j) : -1;
}

static enum inv_err may_write(struct engine_ctx *cx, const struct attempt *a, const struct exam_content *ec, int op);
static enum inv_err open_checks(struct engine_ctx *cx, const struct attempt *a, const struct exam_content **ec);

/* op_tx for an attempt known by its id: the open's checks on the locked read */
static int open_op_tx(void *p)
{
	struct op_job *j = p;
	/* an end grades the events: read with the lock, in its round trip */
	int rc = j->op == OP_END ? db_attempt_open_lock_ending(j->open_id, j->a, &j->owner)
	                         : db_attempt_open_lock(j->open_id, j->a, &j->owner);
	enum inv_err err;

	if (rc <= 0) {
		if (rc == 0)
			j->result = engine_refuse(j->cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
		return rc < 0 ? -1 : 1;
	}
	if ((err = open_checks(j->cx, j->a, j->ecp)) == INV_OK)
		err = may_write(j->cx, j->a, *j->ecp, j->op);
	if (err != INV_OK) {
		j->result = err;
		return err == INV_EUNAVAILABLE || err == INV_EINTERNAL ? -1 : 1;
	}
	j->ec = *j->ecp;
	if (j->a->state == AS_RUNNING) { /* as engine_open says it: the operation ends it */
		struct timer t = timer_of(j->ec, j->a);

		j->cx->timed_out = timer_over(&t, j->a, j->cx->now_ms);
	}
	return op_locked(j);
}

/* May cx make operation op on attempt a at all? */
static enum inv_err may_write(struct engine_ctx *cx, const struct attempt *a, const struct exam_content *ec, int op)
{
	/* the course's staff may read another's attempt and end it, never move
	 * its clock or answer for its owner; a global admin may (docs/testpress.md) */
	if ((op == OP_START || op == OP_HEARTBEAT || op == OP_SAVE || op == OP_SAVE_MANY) &&
	    a->user_id != cx->user_id && cx->role != ROLE_ADMIN)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_OWNER, NULL, NULL);
	/* the gates hold on every write a learner makes, not only at start */
	if (op != OP_OPEN && a->user_id == cx->user_id && !a->preview)
		return engine_gates(cx, ec, false, false);
	return INV_OK;
}

static enum inv_err run_op(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec, struct op_job *j)
{
	enum inv_err err = may_write(cx, a, ec, j->op);
	int rc;

	if (err != INV_OK)
		return err;
	j->cx = cx;
	j->a = a;
	j->ec = ec;
	rc = store_tx(op_tx, j, false);
	if (rc < 0)
		return store_err();
	return j->result;
}

/* The attempt a, just read, for its owner, an admin or its course's staff:
 * its exam from the cache. */
static enum inv_err open_checks(struct engine_ctx *cx, const struct attempt *a, const struct exam_content **ec)
{
	int rc = exam_cache_get(a->exam_id, a->exam_version, ec);

	if (rc <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if (a->user_id != cx->user_id) {
		if ((rc = engine_is_staff(cx, (*ec)->exam.course_id)) < 0)
			return store_err();
		if (rc == 0)
			return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_OWNER, NULL, NULL);
	}
	return INV_OK;
}

/* open_checks, and the attempt ended first when its time is over. */
static enum inv_err owned_and_current(struct engine_ctx *cx, struct attempt *a, const struct exam_content **ec)
{
	struct timer t;
	enum inv_err err = open_checks(cx, a, ec);

	if (err != INV_OK)
		return err;
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
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	return owned_and_current(cx, a, ec);
}

/* A review is of an ended attempt. */
static enum inv_err review_ready(struct engine_ctx *cx, const struct attempt *a)
{
	if (a->state == AS_COMPLETED)
		return INV_OK;
	return engine_refuse(cx, INV_EINVAL, REF_INVALID, NULL, "The review is available once the attempt has ended.");
}

enum inv_err engine_open_ended(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec)
{
	enum inv_err err = engine_open(cx, id, a, ec);

	return err != INV_OK ? err : review_ready(cx, a);
}

enum inv_err engine_review_open(struct engine_ctx *cx, int64_t id, int64_t offset, int64_t limit, struct arena *mem,
                                struct attempt *a, const struct exam_content **ec, struct answer *out,
                                struct question_stat *stats, size_t *n, int64_t *count)
{
	struct grades_text g;
	bool ended_when_read;
	int rc = db_attempt_get_graded(id, mem, a, &g);
	enum inv_err err;

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	ended_when_read = a->state == AS_COMPLETED;
	if ((err = owned_and_current(cx, a, ec)) != INV_OK || (err = review_ready(cx, a)) != INV_OK)
		return err;
	/* ended by this open (its time was over): its grades came after the read */
	return engine_review_page(cx, *ec, a, ended_when_read ? &g : NULL, offset, limit, mem, out, stats, n, count);
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

/* engine_open and then op, in one transaction whose locked read is the
 * open's: one read of the attempt, not two.  An attempt whose time is over
 * is ended by the operation's own transaction, as run_op's would.  The
 * standing (st, when not NULL) is the owner's as that read found them, with
 * the attempt as the operation left it: no read after the commit. */
static enum inv_err open_op(struct engine_ctx *cx, int64_t id, int op, struct attempt *a,
                            const struct exam_content **ec, struct standing *st)
{
	struct op_job j = {.cx = cx, .a = a, .op = op, .open_id = id, .ecp = ec, .standing = st != NULL};
	/* the locked read starts the transaction, in its round trip */
	int rc = store_tx_open(open_op_tx, &j, false);

	if (rc < 0)
		return j.result != INV_OK ? j.result : store_err();
	if (j.result != INV_OK || st == NULL)
		return j.result;
	return engine_owner_standing(cx, *ec, a, &j.owner, st);
}

enum inv_err engine_heartbeat_id(struct engine_ctx *cx, int64_t id, struct attempt *a,
                                 const struct exam_content **ec, struct standing *st)
{
	return open_op(cx, id, OP_HEARTBEAT, a, ec, st);
}

enum inv_err engine_end_id(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec,
                           struct standing *st)
{
	return open_op(cx, id, OP_END, a, ec, st);
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
		if (!question_takes_options(q->type) && in->nselected > 0)
			return engine_refuse(cx, INV_EINVAL, REF_INVALID, "selected_answers", "This question takes no options.");
		qsort(in->selected, in->nselected, sizeof(int64_t), cmp_i64);
		for (size_t i = 0; i < in->nselected; i++) {
			if (i > 0 && in->selected[i] == in->selected[i - 1])
				continue; /* a repeated id means the same choice */
			if (question_option(q, in->selected[i]) == NULL) {
				snprintf(cx->text, sizeof(cx->text), "Invalid pk \"%lld\" - it is not an option of this question.",
				         (long long)in->selected[i]);
				return engine_refuse(cx, INV_EINVAL, REF_INVALID, "selected_answers", cx->text);
			}
			in->selected[n++] = in->selected[i];
		}
		in->nselected = n;
		if (question_single_pick(q->type) && n > 1)
			return engine_refuse(cx, INV_EINVAL, REF_INVALID, "selected_answers", "This question takes one option only.");
	}
	if (in->has_text && in->text != NULL && question_takes_options(q->type))
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, "short_text", "This question takes options, not text.");
	return INV_OK;
}

enum inv_err engine_save(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                         const struct answer *cur, struct answer_input *in, struct answer *saved)
{
	struct op_job j = {.op = OP_SAVE, .cx = cx, .a = a, .ec = ec, .cur = cur, .in = in, .saved = saved};
	struct timer t = timer_of(ec, a);
	struct attempt touched = *a;
	enum inv_err err = may_write(cx, a, ec, j.op);
	int rc;

	if (err != INV_OK)
		return err;
	/* the attempt a was read with the answer just now.  A save is one
	 * statement (no transaction, no attempt-row write) that stores the event
	 * only if the attempt is still running and in time; an attempt that
	 * ended or ran out takes the locked path, which ends it and says why, and
	 * so does a text (engine_store_answer writes it in two steps).  The
	 * save's own touch counts (a pausable clock runs to now) */
	timer_touch(&t, &touched, cx->now_ms);
	if (a->state != AS_RUNNING || timer_over(&t, &touched, cx->now_ms) || in->has_text)
		return run_op(cx, a, ec, &j);
	j.spent = timer_since_touch(a, cx->now_ms);
	j.a = &touched; /* its section is the touched clock's, as on the locked path */
	rc = save_one(&j, &t, cur, in, j.spent);
	if (rc < 0)
		return store_err();
	if (rc == 1 && j.store_refused) {
		struct op_job again = {.op = OP_SAVE, .cur = cur, .in = in, .saved = saved};

		return run_op(cx, a, ec, &again);
	}
	if (rc == 1)
		return j.result;
	answer_after(cur, in, j.spent, saved);
	return INV_OK;
}

enum inv_err engine_save_many(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                              const int64_t *eq_ids, struct answer_input *inputs, size_t n)
{
	struct op_job j = {.op = OP_SAVE_MANY, .in = inputs, .eq_ids = eq_ids, .n = n};

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (eq_ids[k] == eq_ids[i])
				return engine_refuse(cx, INV_EINVAL, REF_INVALID, "id", "A question is answered twice.");
	if (n > ec->nquestions)
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, "id", "More answers than the exam has questions.");
	return run_op(cx, a, ec, &j);
}

/* The answer records of attempt_id when it started without them and
 * answer_id is one of its answers, made for a caller its open admits (no
 * one else's request writes): 1 when made now, 0 when there is nothing to
 * make (or the caller may not), -1. */
static int records_for(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id)
{
	struct engine_ctx quiet = *cx;
	const struct exam_content *ec;
	struct attempt a;
	int rc = db_attempt_get(attempt_id, &a);

	if (rc <= 0 || !a.records_due || answer_id < a.dense_first_id ||
	    answer_id >= a.dense_first_id + a.answer_count)
		return rc < 0 ? -1 : 0;
	if (open_checks(&quiet, &a, &ec) != INV_OK) /* its refusal is the caller's to give, below */
		return 0;
	return db_records_make(attempt_id) == 0 ? 1 : -1;
}

enum inv_err engine_open_answer(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id, struct arena *mem,
                                struct attempt *a, const struct exam_content **ec, struct answer *ans)
{
	int rc = db_answer_open(attempt_id, answer_id, mem, a, ans);
	enum inv_err err;

	if (rc == 0 && (rc = records_for(cx, attempt_id, answer_id)) == 1)
		rc = db_answer_open(attempt_id, answer_id, mem, a, ans);
	if (rc < 0)
		return store_err();
	if (rc == 0) {
		/* tell a foreign attempt (403) from an unknown question (404) */
		struct attempt other;

		if (db_attempt_get(attempt_id, &other) == 1 && other.user_id != cx->user_id && cx->role != ROLE_ADMIN)
			return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_OWNER, NULL, NULL);
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	}
	err = owned_and_current(cx, a, ec);
	if (err == INV_OK)
		engine_note_answers(a, ans, 1);
	return err;
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

int64_t engine_fold_stats(void)
{
	int64_t exams[100], total = 0, round;
	size_t n;

	do {
		if (db_stats_pending_exams(exams, 100, &n) != 0)
			return -1;
		round = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t folded;

			if (db_stats_fold(exams[i], 0, &folded) != 0)
				return -1;
			round += folded;
		}
		total += round;
		/* exams another fold holds stay listed: a round that folded
		 * nothing ends the sweep rather than spin on them */
	} while (n == 100 && round > 0);
	return total;
}
