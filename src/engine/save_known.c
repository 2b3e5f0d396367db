/* invigil — a save as one statement, when the worker knows the attempt.
 *
 * A save used to read its answer with the attempt, the exam's version and
 * the owner (one statement joining five tables), and then write its event
 * (a second).  Most of what that read gives never changes: which exam an
 * attempt is of, whose it is, and which question each of its answer records
 * holds (a start makes them in the exam's order, one statement, so their
 * ids usually run from the first in that order).  Each worker keeps those
 * facts of the attempts it has read, and a save of a known attempt is then
 * the event's conditional INSERT alone, which checks everything that can
 * change (the attempt running and in time, its owner, the exam's version,
 * the record's question) and returns the state it stored.  Anything the
 * statement or the worker cannot settle (a guess that was wrong, an attempt
 * ending, an exam with sections or gates, a text, another's attempt) falls
 * back to the full path, which decides and says why; so this path only ever
 * saves what the full path would have saved, or nothing.  A questions page
 * of a known attempt is read the same way: the page's records with the
 * open's checks in one statement, then their events' states. */
#include "config.h"

#include <string.h>

#include "invigil/engine_impl.h"
#include "invigil/stamps.h"

/* Direct-mapped by attempt id: a colliding attempt replaces the older.
 * The pool's workers share what each learns (src/util/stamps.c's facts):
 * with 16 workers, a learner's requests reach a given worker only now and
 * then, and a save on a worker that had not read the attempt took the full
 * path, as did every questions page. */
#define KNOWN_SLOTS 16384

static struct known {
	int64_t attempt_id, exam_id, user_id;
	int64_t first_answer_id; /* the answer record of the exam's first question */
	bool dense;              /* every record's id is first_answer_id plus its question's
	                          * index (the attempt's insert saw them): the save's statement
	                          * need not read the record to check the guess */
} known[KNOWN_SLOTS];

/* What this worker or another knows of attempt_id, or NULL. */
static const struct known *known_of(int64_t attempt_id)
{
	struct known *k = &known[(uint64_t)attempt_id % KNOWN_SLOTS];
	uint64_t v[STAMP_FACTS];

	if (k->attempt_id == attempt_id)
		return k;
	if (attempt_id <= 0 || stamps_facts_get(STAMP_ATTEMPTS, (uint64_t)attempt_id, v) != 1)
		return NULL;
	*k = (struct known){attempt_id, (int64_t)v[0], (int64_t)v[1], (int64_t)v[2], v[3] != 0};
	return k;
}

/* Keeps k in this worker and shares it with the pool. */
static void remember(const struct known *k)
{
	known[(uint64_t)k->attempt_id % KNOWN_SLOTS] = *k;
	stamps_facts_put(STAMP_ATTEMPTS, (uint64_t)k->attempt_id,
	                 (const uint64_t[STAMP_FACTS]){(uint64_t)k->exam_id, (uint64_t)k->user_id,
	                                               (uint64_t)k->first_answer_id, k->dense});
}

void engine_note_answers(const struct attempt *a, const struct answer *ans, size_t n)
{
	const struct exam_content *ec;
	const struct ex_question *q;
	const struct known *was;
	int64_t first;

	if (n == 0 || a->id <= 0 || exam_cache_peek(a->exam_id, &ec) != 1 ||
	    (q = exam_question(ec, ans[0].eq_id)) == NULL)
		return;
	first = ans[0].id - (q - ec->questions);
	was = known_of(a->id);
	if (was != NULL && was->first_answer_id == first && was->exam_id == a->exam_id && was->user_id == a->user_id)
		return; /* known already, and maybe known better (dense) */
	remember(&(struct known){a->id, a->exam_id, a->user_id, first, false});
}

void engine_note_created(const struct attempt *a)
{
	if (a->id > 0 && a->dense_first_id > 0)
		remember(&(struct known){a->id, a->exam_id, a->user_id, a->dense_first_id, true});
}

/* What the pool knows of attempt a when its records' ids are dense and
 * were made from ec (a's content version is ec's, and a has as many
 * records as ec has questions), into *tmp when a's own row says it (an
 * attempt started with its ids reserved: a->dense_first_id); or NULL. */
static const struct known *dense_known(const struct attempt *a, const struct exam_content *ec, struct known *tmp)
{
	const struct known *k;

	if (!engine_records_from(a, ec))
		return NULL;
	if (a->dense_first_id > 0) {
		*tmp = (struct known){a->id, a->exam_id, a->user_id, a->dense_first_id, true};
		return tmp;
	}
	k = known_of(a->id);
	if (k == NULL || !k->dense || k->exam_id != a->exam_id || k->user_id != a->user_id)
		return NULL;
	return k;
}

/* The records from offset, up to limit, of an attempt k knows dense, made
 * from ec (its records' version): their ids, questions and positions, and
 * the records' defaults (a record is only ever written with an event).
 * How many. */
static size_t make_records(const struct known *k, const struct exam_content *ec, int64_t offset, int64_t limit,
                           struct answer *out)
{
	size_t n = 0;

	for (int64_t i = offset < 0 ? 0 : offset; i < (int64_t)ec->nquestions && (int64_t)n < limit; i++) {
		struct answer *r = &out[n++];

		memset(r, 0, sizeof(*r));
		r->id = k->first_answer_id + i;
		r->eq_id = ec->questions[i].eq_id;
		r->position = ec->questions[i].position;
		r->result = AR_UNANSWERED;
	}
	return n;
}

int engine_answer_set(const struct attempt *a, const struct exam_content *ec, struct answer_set *set)
{
	const struct known *k;
	struct known tmp;

	/* the records were made from ec's questions, in its order, with these ids */
	if ((k = dense_known(a, ec, &tmp)) == NULL)
		return db_answer_set_load(a->id, false, a->answer_count, set);
	if (db_answer_set_room(set, ec->nquestions) != 0)
		return -1;
	set->n = make_records(k, ec, 0, (int64_t)ec->nquestions, set->rows);
	return db_answer_set_overlay(a->id, set);
}

int engine_answers_made(const struct attempt *a, const struct exam_content *ec, int64_t offset, int64_t limit,
                        struct arena *mem, struct answer *out, size_t *n, bool *made)
{
	const struct known *k;
	struct known tmp;

	*made = false;
	*n = 0;
	if (a->state != AS_RUNNING || (k = dense_known(a, ec, &tmp)) == NULL)
		return 0;
	*n = make_records(k, ec, offset, limit, out);
	*made = true;
	return db_answers_overlay(a->id, mem, out, *n);
}

/* The question answer_id holds, if the attempt's records run in exam order
 * from its first; the statement checks the guess. */
static const struct ex_question *guess_question(const struct known *k, const struct exam_content *ec,
                                                int64_t answer_id)
{
	int64_t i = answer_id - k->first_answer_id;

	return i >= 0 && (uint64_t)i < ec->nquestions ? &ec->questions[i] : NULL;
}

/* Can a statement settle the attempt's clock in exam ec alone?  Sections
 * need the clock read (which section runs), and past the exam's end a
 * manual unlock the worker cannot see decides. */
static bool clock_settled(const struct engine_ctx *cx, const struct exam_content *ec)
{
	return ec->nsections == 0 && (!ec->exam.has_end || cx->now_ms < ec->exam.end_ms);
}

/* Can the statement settle a save of input in to exam ec alone?  The clock
 * as above; gates that refuse may be passed by staff, and a text is written
 * in two steps (engine_store_answer). */
static bool settled_by_statement(const struct engine_ctx *cx, const struct exam_content *ec,
                                 const struct answer_input *in)
{
	if (in->has_text || !clock_settled(cx, ec))
		return false;
	return gate_check(ec->access_code, ec->ip_filter, cx->access_code != NULL, cx->access_code, cx->remote_addr) ==
	       REF_NONE;
}

/* What a statement checks of the attempt for exam ec at cx's now: the exam
 * and its version, and the clock as the exam sets it (the attempt's
 * extension is the statement's); eq_id the question a save guesses. */
static struct known_save statement_checks(const struct engine_ctx *cx, const struct exam_content *ec, int64_t eq_id)
{
	struct attempt blank = {0};
	struct timer t = timer_of(ec, &blank);

	return (struct known_save){eq_id, ec->exam.id, ec->version, cx->now_ms - t.grace_ms,
	                           t.mode == TIMER_PAUSABLE && t.duration_ms > 0 ? t.duration_ms + t.grace_ms : 0, false};
}

/* *a as the statement found it: cx's running attempt id of exam ec. */
static void known_attempt(const struct engine_ctx *cx, int64_t attempt_id, const struct exam_content *ec,
                          struct attempt *a)
{
	memset(a, 0, sizeof(*a));
	a->id = attempt_id;
	a->exam_id = ec->exam.id;
	a->user_id = cx->user_id;
	a->state = AS_RUNNING;
	a->exam_version = ec->version;
}

enum inv_err engine_save_known(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id,
                               struct answer_input *in, struct arena *mem, struct attempt *a,
                               const struct exam_content **ecp, struct answer *saved, bool *done)
{
	const struct known *k = known_of(attempt_id);
	const struct exam_content *ec;
	const struct ex_question *q;
	struct engine_ctx before = *cx;
	struct known_save ks;
	struct answer_event ev;
	int rc;

	*done = false;
	if (k == NULL || k->user_id != cx->user_id || exam_cache_peek(k->exam_id, &ec) != 1 ||
	    (q = guess_question(k, ec, answer_id)) == NULL || !settled_by_statement(cx, ec, in))
		return INV_OK;
	if (engine_check_input(cx, q, in) != INV_OK) {
		*cx = before; /* the full path refuses it, in its face's words */
		return INV_OK;
	}
	ks = statement_checks(cx, ec, q->eq_id);
	ks.dense = k->dense;
	ev = engine_answer_event(cx, attempt_id, answer_id, in);
	memset(saved, 0, sizeof(*saved));
	if ((rc = db_answer_append_known(&ev, &ks, in, mem, saved)) < 0)
		return store_err();
	if (rc == 0)
		return INV_OK;
	saved->id = answer_id;
	saved->eq_id = q->eq_id;
	saved->position = q->position;
	known_attempt(cx, attempt_id, ec, a);
	*ecp = ec;
	*done = true;
	return INV_OK;
}

enum inv_err engine_answers_known(struct engine_ctx *cx, int64_t attempt_id, int64_t offset, int64_t limit,
                                  struct arena *mem, struct attempt *a, const struct exam_content **ecp,
                                  struct answer *out, size_t *n, int64_t *count, bool *done)
{
	const struct known *k = known_of(attempt_id);
	const struct exam_content *ec;
	struct known_save ks;
	struct answer_span sp;

	*done = false;
	*n = 0;
	/* a page past the last is the full path's to answer */
	if (k == NULL || k->user_id != cx->user_id || exam_cache_peek(k->exam_id, &ec) != 1 || !clock_settled(cx, ec) ||
	    offset >= (int64_t)ec->nquestions)
		return INV_OK;
	ks = statement_checks(cx, ec, 0);
	/* the statement checks that the records were made from ec's version */
	sp = engine_answer_span(ec, ec->version, offset, limit);
	if (k->dense) { /* its records are made here; the statement checks the rest */
		bool events;
		int rc = db_attempt_check_known(attempt_id, cx->user_id, &ks, cx->now_ms, count, &events);

		if (rc < 0)
			return store_err();
		if (rc == 0 || *count != (int64_t)ec->nquestions)
			return INV_OK;
		*n = make_records(k, ec, offset, sp.limit, out);
		if (events && db_answers_overlay(attempt_id, mem, out, *n) != 0)
			return store_err();
	} else if (db_answers_page_known(attempt_id, cx->user_id, &ks, cx->now_ms, &sp, mem, out, n, count) != 0) {
		return store_err();
	}
	if (*n == 0)
		return INV_OK;
	known_attempt(cx, attempt_id, ec, a);
	a->answer_count = *count;
	a->content_version = ec->version;
	*ecp = ec;
	*done = true;
	return INV_OK;
}
