/* invigil — `invigil prepare EXAM`: attempts made ahead of a scheduled
 * start, so that the rush is one update each (issue 13; docs/architecture.md,
 * "Starts").  A prepared attempt is an attempt not started: its answers'
 * ids are reserved, its clock does not run, and it counts as no attempt taken
 * until its learner starts it, on any face, under every rule of a start
 * (engine_claim_locked).  Nothing else may write to it. */
#include "config.h"

#include <string.h>

#include "invigil/engine_impl.h"

struct prepare_job {
	struct engine_ctx *cx;
	const struct exam_content *ec;
	struct access_facts facts;
	enum { PREP_MADE, PREP_HAS_ONE, PREP_NONE_LEFT } outcome;
	struct attempt made;
};

static int prepare_tx(void *p)
{
	struct prepare_job *j = p;
	int64_t taken, max_no, open_id;

	if (db_pair_lock_tally(j->ec->exam.id, j->cx->user_id, &taken, &max_no, &open_id) != 0)
		return -1;
	if (open_id > 0) { /* running, or prepared before: a second run changes nothing */
		j->outcome = PREP_HAS_ONE;
		return 0;
	}
	j->facts.attempts_taken = taken;
	if (access_remaining(&j->facts) == 0) {
		j->outcome = PREP_NONE_LEFT;
		return 0;
	}
	j->outcome = PREP_MADE;
	return engine_insert_attempt(j->cx, j->ec, max_no + 1, false, true, &j->facts, &j->made, false);
}

enum inv_err engine_prepare(const struct exam_content *ec, int64_t now_ms, struct prepare_report *out)
{
	int64_t *ids = NULL;
	size_t n = 0;
	enum inv_err err = INV_OK;

	memset(out, 0, sizeof(*out));
	if (db_course_learners(ec->exam.course_id, &ids, &n) != 0)
		return store_err();
	for (size_t i = 0; i < n && err == INV_OK; i++) {
		struct engine_ctx cx = {.user_id = ids[i], .role = ROLE_LEARNER, .now_ms = now_ms, .face = "prepare"};
		struct prepare_job j = {.cx = &cx, .ec = ec};

		if ((err = engine_access_facts(&cx, ec, &j.facts)) != INV_OK)
			break;
		if (store_tx(prepare_tx, &j, false) != 0) {
			err = store_err();
			break;
		}
		/* the pool learns its records' ids (when this process shares its facts) */
		if (j.outcome == PREP_MADE)
			engine_note_created(&j.made);
		out->learners++;
		out->prepared += j.outcome == PREP_MADE;
		out->had_one += j.outcome == PREP_HAS_ONE;
		out->none_left += j.outcome == PREP_NONE_LEFT;
	}
	db_ids_free(ids);
	return err;
}
