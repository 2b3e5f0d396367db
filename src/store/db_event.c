/* invigil — answer events: a save's one durable row (migration 006), and
 * a text answer's record (db_attempt.c reads the records and events). */
#include "config.h"

#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

/* The values an event's statement binds first, kept while it runs. */
struct event_binds {
	char selected[1001];
	int64_t has_selected, has_text, has_review, review;
};

/* Binds who and when (e), and what was sent (in): the first twelve
 * parameters of STMT_ANSWER_APPEND and STMT_ANSWER_APPEND_KNOWN. */
static void bind_event(struct dbq *q, const struct answer_event *e, const struct answer_input *in,
                       struct event_binds *b)
{
	*b = (struct event_binds){.has_selected = in->has_selected, .has_text = in->has_text,
	                          .has_review = in->has_review, .review = in->review};
	db_ids_text(in->selected, in->nselected, b->selected, sizeof(b->selected));
	dbq_in_i64(q, &e->user_id);
	dbq_in_ms(q, &e->at_ms);
	dbq_in_str(q, e->face);
	dbq_in_strn(q, e->payload ? e->payload : "", e->payload ? e->payload_len : 0);
	dbq_in_str(q, e->remote_addr ? e->remote_addr : "");
	dbq_in_str(q, e->request_id ? e->request_id : "");
	dbq_in_i64(q, &b->has_selected);
	dbq_in_str(q, b->selected);
	dbq_in_i64(q, &b->has_text);
	dbq_in_str(q, in->text);
	dbq_in_i64(q, &b->has_review);
	dbq_in_i64(q, &b->review);
}

/* Runs an event's statement (in READ COMMITTED, as every statement: see
 * db_connect and schema/011); when another save of the answer was merged
 * over the same event first (the chain's unique key), again, over that
 * one.  0 or -1. */
static int exec_event(struct dbq *q)
{
	int rc = dbq_exec(q);

	for (int again = 0; rc != 0 && db_last_err() == DB_ERR_DUP && again < 8; again++)
		rc = dbq_exec(q);
	return rc;
}

int db_answer_append(const struct answer_event *e, const struct answer_input *in, int64_t spent_ms,
                     int64_t open_after_ms)
{
	struct dbq q;
	struct event_binds b;

	if (db_records_make(e->attempt_id) != 0)
		return -1;
	dbq_init(&q, STMT_ANSWER_APPEND, NULL);
	bind_event(&q, e, in, &b);
	dbq_in_i64(&q, &spent_ms);
	dbq_in_i64(&q, &e->answer_id);
	dbq_in_i64(&q, &e->attempt_id);
	dbq_in_ms(&q, &open_after_ms);
	if (exec_event(&q) != 0)
		return -1;
	return dbq_affected(&q) > 0 ? 1 : 0;
}

int db_answer_append_known(const struct answer_event *e, const struct known_save *k, const struct answer_input *in,
                           struct arena *mem, struct answer *saved)
{
	struct dbq q;
	struct event_binds b;
	char sel_after[1001];
	int64_t timed = k->pausable_limit_ms > 0, review_after = 0;
	int rc;

	dbq_init(&q, k->dense ? STMT_ANSWER_APPEND_DENSE : STMT_ANSWER_APPEND_KNOWN, mem);
	bind_event(&q, e, in, &b);
	if (k->dense) {
		dbq_in_i64(&q, &e->attempt_id);
		dbq_in_ms(&q, &e->at_ms);
		dbq_in_i64(&q, &e->answer_id);
		dbq_in_i64(&q, &e->answer_id);
		dbq_in_i64(&q, &e->attempt_id);
		dbq_in_i64(&q, &e->user_id);
		dbq_in_i64(&q, &k->exam_id);
		dbq_in_i64(&q, &k->exam_version);
		dbq_in_i64(&q, &k->exam_id);
	} else {
		dbq_in_ms(&q, &e->at_ms);
		dbq_in_i64(&q, &e->answer_id);
		dbq_in_i64(&q, &e->attempt_id);
		dbq_in_i64(&q, &k->eq_id);
		dbq_in_i64(&q, &e->user_id);
		dbq_in_i64(&q, &k->exam_id);
	}
	dbq_in_i64(&q, &k->exam_version);
	dbq_in_ms(&q, &k->open_after_ms);
	dbq_in_i64(&q, &timed);
	dbq_in_ms(&q, &e->at_ms);
	dbq_in_i64(&q, &k->pausable_limit_ms);
	dbq_out_str(&q, sel_after, sizeof(sel_after), NULL);
	dbq_out_text(&q, &saved->text);
	dbq_out_i64(&q, &review_after, NULL);
	dbq_out_i64(&q, &saved->time_spent_ms, NULL);
	if (exec_event(&q) != 0)
		return -1;
	rc = dbq_fetch(&q);
	dbq_done(&q);
	if (rc == 1) {
		db_ids_parse(saved, sel_after);
		saved->review = review_after != 0;
	}
	return rc;
}

int db_answer_text_put(int64_t attempt_id, int64_t answer_id, const char *text)
{
	struct dbq q;

	if (db_records_make(attempt_id) != 0)
		return -1;
	dbq_init(&q, STMT_ANSWER_TEXT_PUT, NULL);
	dbq_in_str(&q, text);
	dbq_in_i64(&q, &answer_id);
	dbq_in_i64(&q, &attempt_id);
	return dbq_exec(&q);
}
