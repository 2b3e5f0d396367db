/* invigil — an attempt's answer records as pages and as whole sets, with the
 * states their events left (migration 006) or their grades row (007): the
 * reads of questions pages, reviews and ends.  The attempt rows are
 * db_attempt.c's; the events' writes db_event.c's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/store.h"

/* --- answer records ------------------------------------------------------- */

void db_answer_bind(struct dbq *q, struct answer *a, struct answer_row *r)
{
	dbq_out_i64(q, &a->id, NULL);
	dbq_out_i64(q, &a->eq_id, NULL);
	dbq_out_i64(q, &a->position, NULL);
	dbq_out_str(q, r->selected, sizeof(r->selected), NULL);
	dbq_out_text(q, &a->text);
	dbq_out_i64(q, &r->review, NULL);
	dbq_out_i64(q, &a->time_spent_ms, NULL);
	dbq_out_str(q, r->result, sizeof(r->result), NULL);
	dbq_out_i64(q, &a->marks_e4, &r->no_marks);
}

void db_answer_finish(struct answer *a, const struct answer_row *r)
{
	db_ids_parse(a, r->selected);
	a->review = r->review != 0;
	a->result = answer_result_parse(r->result);
	a->has_marks = !r->no_marks;
}

/* One event's state as STMT_EVENT_STATES (and invigil_end_open_v1's second
 * result) gives it. */
struct event_state {
	int64_t answer_id, id, review, spent;
	char sel[1001];
	const char *txt;
};

static void bind_event_state(struct dbq *q, struct event_state *e)
{
	dbq_out_i64(q, &e->answer_id, NULL);
	dbq_out_i64(q, &e->id, NULL);
	dbq_out_str(q, e->sel, sizeof(e->sel), NULL);
	dbq_out_text(q, &e->txt);
	dbq_out_i64(q, &e->review, NULL);
	dbq_out_i64(q, &e->spent, NULL);
}

/* Sets e's answer among the n of out to e's state when e is the latest of
 * that answer's events so far (latest[i]: the highest event id applied). */
static void apply_event(const struct event_state *e, const char *txt, struct answer *out, size_t n,
                        int64_t *latest)
{
	for (size_t i = 0; i < n; i++) {
		if (out[i].id != e->answer_id || e->id < latest[i])
			continue;
		latest[i] = e->id;
		db_ids_parse(&out[i], e->sel);
		out[i].text = txt;
		out[i].review = e->review != 0;
		out[i].time_spent_ms = e->spent;
		break;
	}
}

/* The events of one attempt read ahead by its end's opening read
 * (db_events_prefetch), for that end's overlay: one transaction's, taken
 * once. */
static struct {
	int64_t attempt_id; /* 0: none */
	struct event_state *rows;
	size_t n, cap;
	struct arena mem;   /* the texts */
} ahead;

void db_events_forget(void)
{
	ahead.attempt_id = 0;
	ahead.n = 0;
	arena_reset(&ahead.mem);
}

int db_events_prefetch(struct dbq *q, int64_t attempt_id)
{
	struct event_state e;
	struct arena *keep = q->arena;
	int rc;

	db_events_forget();
	memset(&e, 0, sizeof(e));
	dbq_outs_reset(q);
	q->arena = &ahead.mem;
	bind_event_state(q, &e);
	rc = dbq_next_result(q);
	while (rc == 1 && (rc = dbq_fetch(q)) == 1) {
		if (ahead.n == ahead.cap) {
			size_t cap = ahead.cap ? 2 * ahead.cap : 128;
			struct event_state *rows = realloc(ahead.rows, cap * sizeof(*rows));

			if (rows == NULL) {
				rc = db_fail(DB_ERR_OTHER, "out of memory");
				break;
			}
			ahead.rows = rows;
			ahead.cap = cap;
		}
		ahead.rows[ahead.n++] = e;
	}
	q->arena = keep;
	if (dbq_call_end(q) != 0 || rc < 0) {
		db_events_forget();
		return -1;
	}
	ahead.attempt_id = attempt_id;
	return 0;
}

/* Overlays the n answers of out with the latest state the attempt's events
 * left for each (migration 006): one pass over the attempt's events (read
 * now, or ahead by the end's opening read), the highest event id of an
 * answer winning.  Texts go to mem.  0 or -1. */
static int overlay_events(int64_t attempt_id, struct arena *mem, struct answer *out, size_t n)
{
	struct dbq q;
	struct event_state e;
	int64_t *latest = calloc(n, sizeof(*latest));
	int rc = 0;

	if (latest == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	if (ahead.attempt_id == attempt_id && attempt_id > 0) {
		for (size_t k = 0; k < ahead.n && rc == 0; k++) {
			const struct event_state *r = &ahead.rows[k];
			const char *txt = r->txt != NULL ? arena_strdup(mem, r->txt) : NULL;

			if (r->txt != NULL && txt == NULL)
				rc = db_fail(DB_ERR_OTHER, "out of memory");
			else
				apply_event(r, txt, out, n, latest);
		}
		db_events_forget(); /* once */
		free(latest);
		return rc;
	}
	dbq_init(&q, STMT_EVENT_STATES, mem);
	dbq_in_i64(&q, &attempt_id);
	bind_event_state(&q, &e);
	if (dbq_exec(&q) != 0) {
		free(latest);
		return -1;
	}
	while ((rc = dbq_fetch(&q)) == 1)
		apply_event(&e, e.txt, out, n, latest);
	dbq_done(&q);
	free(latest);
	return rc < 0 ? -1 : 0;
}

/* Runs q, whose answer columns are bound to row and r, and keeps up to limit
 * of its rows in out.  0 or -1. */
static int fetch_page(struct dbq *q, struct answer *row, struct answer_row *r, int64_t limit, struct answer *out,
                      size_t *n)
{
	int rc;

	if (dbq_exec(q) != 0)
		return -1;
	while ((rc = dbq_fetch(q)) == 1 && (int64_t)*n < limit) {
		db_answer_finish(row, r);
		out[(*n)++] = *row;
	}
	dbq_done(q);
	return rc < 0 ? -1 : 0;
}

/* Binds span sp's inputs to q, in the page statements' order. */
static void bind_span(struct dbq *q, const struct answer_span *sp)
{
	dbq_in_i64(q, &sp->from_position);
	dbq_in_i64(q, &sp->limit);
	dbq_in_i64(q, &sp->skip);
}

int db_answers_page(int64_t attempt_id, bool settled, const struct answer_span *sp, struct arena *mem,
                    struct answer *out, size_t *n)
{
	struct dbq q;
	struct answer_row r;
	struct answer row;

	*n = 0;
	memset(&row, 0, sizeof(row));
	if (db_records_make(attempt_id) != 0)
		return -1;
	dbq_init(&q, STMT_ANSWERS_PAGE, mem);
	dbq_in_i64(&q, &attempt_id);
	dbq_in_i64(&q, &attempt_id);
	bind_span(&q, sp);
	db_answer_bind(&q, &row, &r);
	dbq_out_i64(&q, &r.has_events, NULL);
	if (fetch_page(&q, &row, &r, sp->limit, out, n) != 0)
		return -1;
	if (*n == 0)
		return 0;
	/* an ended attempt's answers are in its grades row (or, when it ended
	 * before migration 007, in the records) */
	if (settled)
		return db_grades_overlay(attempt_id, out, *n) < 0 ? -1 : 0;
	return r.has_events ? overlay_events(attempt_id, mem, out, *n) : 0;
}

int db_review_page(int64_t attempt_id, int64_t exam_id, const struct grades_text *g, const struct answer_span *sp,
                   struct arena *mem, struct answer *out, struct question_stat *stats, size_t *n, bool *pending)
{
	struct dbq q;
	struct answer_row r;
	struct answer row;
	struct question_stat st;
	int64_t has_stat = 0, waiting = 0;
	int rc;

	*n = 0;
	*pending = false;
	memset(&row, 0, sizeof(row));
	memset(&st, 0, sizeof(st));
	if (db_records_make(attempt_id) != 0)
		return -1;
	dbq_init(&q, STMT_REVIEW_PAGE, mem);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &attempt_id);
	bind_span(&q, sp);
	db_answer_bind(&q, &row, &r);
	dbq_out_i64(&q, &has_stat, NULL);
	dbq_out_i64(&q, &st.attempts, NULL);
	dbq_out_i64(&q, &st.correct, NULL);
	dbq_out_i64(&q, &st.total_time_ms, NULL);
	dbq_out_i64(&q, &st.best_time_ms, NULL);
	dbq_out_i64(&q, &waiting, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && (int64_t)*n < sp->limit) {
		db_answer_finish(&row, &r);
		st.eq_id = has_stat ? row.eq_id : 0;
		/* a question without a row has had no attempt folded yet */
		*pending = *pending || waiting != 0 || !has_stat;
		stats[*n] = st;
		out[(*n)++] = row;
	}
	dbq_done(&q);
	if (rc < 0)
		return -1;
	if (*n == 0)
		return 0;
	if (g != NULL && g->read) /* read with the attempt */
		return g->text == NULL ? 0 : db_grades_overlay_text(attempt_id, g->text, out, *n) < 0 ? -1 : 0;
	return db_grades_overlay(attempt_id, out, *n) < 0 ? -1 : 0;
}

/* The values the known reads' checks bind, kept while they run. */
struct known_binds {
	int64_t attempt_id, user_id, now_ms, timed;
};

/* Binds the checks of STMT_ANSWERS_PAGE_KNOWN and STMT_ATTEMPT_CHECK_KNOWN
 * (the same, in the same order): the attempt (for its events' probe and
 * its row), its owner and exam, the exam's version and the records', the
 * deadline and the pausable clock. */
static void bind_known_checks(struct dbq *q, const struct known_binds *b, const struct known_save *k)
{
	dbq_in_i64(q, &b->attempt_id);
	dbq_in_i64(q, &b->attempt_id);
	dbq_in_i64(q, &b->user_id);
	dbq_in_i64(q, &k->exam_id);
	dbq_in_i64(q, &k->exam_version);
	dbq_in_i64(q, &k->exam_version);
	dbq_in_ms(q, &k->open_after_ms);
	dbq_in_i64(q, &b->timed);
	dbq_in_ms(q, &b->now_ms);
	dbq_in_i64(q, &k->pausable_limit_ms);
}

int db_answers_page_known(int64_t attempt_id, int64_t user_id, const struct known_save *k, int64_t now_ms,
                          const struct answer_span *sp, struct arena *mem, struct answer *out, size_t *n,
                          int64_t *count)
{
	struct dbq q;
	struct answer_row r;
	struct answer row;
	struct known_binds b = {attempt_id, user_id, now_ms, k->pausable_limit_ms > 0};

	*n = 0;
	memset(&row, 0, sizeof(row));
	dbq_init(&q, STMT_ANSWERS_PAGE_KNOWN, mem);
	bind_known_checks(&q, &b, k);
	bind_span(&q, sp);
	db_answer_bind(&q, &row, &r);
	dbq_out_i64(&q, &r.has_events, NULL);
	dbq_out_i64(&q, count, NULL);
	if (fetch_page(&q, &row, &r, sp->limit, out, n) != 0)
		return -1;
	return *n == 0 || !r.has_events ? 0 : overlay_events(attempt_id, mem, out, *n);
}

int db_answers_count(int64_t attempt_id, int64_t *count)
{
	struct dbq q;

	if (db_records_make(attempt_id) != 0)
		return -1;
	dbq_init(&q, STMT_ANSWERS_COUNT, NULL);
	dbq_in_i64(&q, &attempt_id);
	dbq_out_i64(&q, count, NULL);
	return dbq_one(&q) < 0 ? -1 : 0;
}

int db_answer_set_room(struct answer_set *s, size_t n)
{
	memset(s, 0, sizeof(*s));
	if ((s->rows = calloc(n > 0 ? n : 1, sizeof(*s->rows))) == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	return 0;
}

int db_answer_set_load(int64_t attempt_id, bool settled, int64_t expect, struct answer_set *s)
{
	/* room for one more than expected, so that more than that shows; an
	 * exam has at most EXAM_QUESTIONS_MAX questions, which holds them all
	 * (590 kB of struct answer, which every end used to clear) */
	int64_t room = expect > 0 && expect < EXAM_QUESTIONS_MAX ? expect + 1 : EXAM_QUESTIONS_MAX;

	if (db_answer_set_room(s, (size_t)room) != 0)
		return -1;
	if (db_answers_page(attempt_id, settled, &(struct answer_span){ANSWER_SPAN_FIRST, 0, room}, &s->mem, s->rows,
	                    &s->n) != 0)
		return -1;
	if ((int64_t)s->n < room || room == EXAM_QUESTIONS_MAX)
		return 0;
	db_answer_set_free(s); /* more records than expected: all of them */
	return db_answer_set_load(attempt_id, settled, 0, s);
}

int db_answers_overlay(int64_t attempt_id, struct arena *mem, struct answer *out, size_t n)
{
	return n == 0 ? 0 : overlay_events(attempt_id, mem, out, n);
}

int db_answer_set_overlay(int64_t attempt_id, struct answer_set *s)
{
	return db_answers_overlay(attempt_id, &s->mem, s->rows, s->n);
}

int db_attempt_check_known(int64_t attempt_id, int64_t user_id, const struct known_save *k, int64_t now_ms,
                           int64_t *count, bool *has_events)
{
	struct dbq q;
	struct known_binds b = {attempt_id, user_id, now_ms, k->pausable_limit_ms > 0};
	int64_t events = 0;
	int rc;

	dbq_init(&q, STMT_ATTEMPT_CHECK_KNOWN, NULL);
	bind_known_checks(&q, &b, k);
	dbq_out_i64(&q, count, NULL);
	dbq_out_i64(&q, &events, NULL);
	rc = dbq_one(&q);
	*has_events = events != 0;
	return rc;
}

void db_answer_set_free(struct answer_set *s)
{
	free(s->rows);
	arena_free(&s->mem);
	s->rows = NULL;
	s->n = 0;
}

struct answer *db_answer_set_find(struct answer_set *s, int64_t eq_id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->rows[i].eq_id == eq_id)
			return &s->rows[i];
	return NULL;
}
