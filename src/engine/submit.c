/* invigil — a one-shot submission: start (or take the running attempt),
 * save every answer, end and grade, in one transaction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "invigil/engine_impl.h"

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
	struct answer_set set = {0};
	int rc = -1;

	if (engine_answer_set(j->a, j->ec, &set) != 0)
		goto out;
	for (size_t i = 0; i < j->n; i++) {
		const struct answer *cur = db_answer_set_find(&set, j->eq_ids[i]);

		/* the face checked every id against the exam; a question added after
		 * the attempt started has no record in it */
		if (cur != NULL && engine_store_answer(j->cx, j->a, cur->id, &j->inputs[i], 0, timer_of(j->ec, j->a).grace_ms) != 1)
			goto out;
	}
	rc = 0;
out:
	db_answer_set_free(&set);
	return rc;
}

static int submit_tx(void *p)
{
	struct submit_job *j = p;
	struct engine_ctx *cx = j->cx;
	int64_t taken, max_no, open_id;
	struct attempt *a = j->a;
	int rc;

	if (db_pair_lock_tally(j->ec->exam.id, cx->user_id, &taken, &max_no, &open_id) != 0)
		return -1;
	if (open_id > 0) {
		/* started through another face: its clock is enforced */
		struct timer t;

		if (db_attempt_get(open_id, a) != 1 || db_attempt_lock(open_id, a) != 1)
			return -1;
		/* prepared ahead (invigil prepare): this submission is its start */
		if (a->state == AS_NOT_STARTED && (rc = engine_claim_locked(cx, j->ec, &j->facts, taken, a, &j->result)) != 0)
			return rc;
		t = timer_of(j->ec, a);
		if (timer_over(&t, a, cx->now_ms)) {
			if (engine_finish_locked(cx, a, j->ec, FINISH_MORE) != 0)
				return -1;
			j->result = engine_refuse(cx, INV_EFORBIDDEN, REF_TIME_OVER, NULL,
			                          "The time limit of your attempt has passed: it was ended with the answers it held.");
			return 0; /* the ending commits */
		}
	} else {
		bool preview;
		enum refusal why;

		j->facts.attempts_taken = taken;
		if ((why = access_can_start(&j->facts, &preview)) != REF_NONE) {
			j->result = engine_refuse(cx, INV_EFORBIDDEN, why, NULL, NULL);
			return 1;
		}
		/* a new attempt, not one started on another face, passes its lesson's rules */
		if ((rc = engine_lesson_gate(cx, j->ec, &j->facts, &j->result)) != 0)
			return rc;
		if (engine_insert_attempt(cx, j->ec, max_no + 1, preview, false, &j->facts, a, false) != 0)
			return -1;
	}
	if (submit_answers(j) != 0 || engine_finish_locked(cx, a, j->ec, FINISH_MORE) != 0 ||
	    db_attempt_set_public_id(a->id, j->public_id) != 0)
		return -1;
	j->result = INV_CREATED;
	return 0;
}

enum inv_err engine_submit(struct engine_ctx *cx, const struct exam_content *ec, const int64_t *eq_ids,
                           struct answer_input *inputs, size_t n, struct attempt *out, char *public_id)
{
	struct submit_job j = {cx, ec, {0}, eq_ids, inputs, n, out, public_id, INV_OK};
	enum inv_err err = engine_access_facts(cx, ec, &j.facts);
	int rc;

	if (err != INV_OK)
		return err;
	/* a submission starts and ends at once: the code must come with it */
	if ((err = engine_gates(cx, ec, j.facts.staff, true)) != INV_OK)
		return err;
	rc = store_tx(submit_tx, &j, false);
	if (rc < 0)
		return store_err();
	if (rc == 0 && j.result == INV_CREATED && db_attempt_get(out->id, out) != 1)
		return store_err();
	return j.result;
}
