/* invigil — attempts: their rows, starts, ends, listings, and one answer
 * read with its attempt (pages and sets of answers: db_answers.c; writing
 * events: db_event.c; statistics: db_stats.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/store.h"

int store_tx(int (*fn)(void *ctx), void *ctx, bool idempotent)
{
	return db_tx(fn, ctx, idempotent);
}

int store_tx_open(int (*fn)(void *ctx), void *ctx, bool idempotent)
{
	return db_tx_open(fn, ctx, idempotent);
}

enum inv_err store_err(void)
{
	return db_inv_err();
}

int db_extension_get(int64_t exam_id, int64_t user_id, int64_t *extra_attempts, int64_t *extra_time_s)
{
	struct dbq q;
	int rc;

	dbq_init(&q, STMT_EXTENSION_GET, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, extra_attempts, NULL);
	dbq_out_i64(&q, extra_time_s, NULL);
	rc = dbq_one(&q);
	if (rc == 0)
		*extra_attempts = *extra_time_s = 0;
	return rc;
}

/* The attempt's own columns, in ATTEMPT_COLUMNS order. */
struct attempt_row {
	char state[16];
	int64_t preview, records_due;
	bool no_score;
};

static void bind_attempt(struct dbq *q, struct attempt *a, struct attempt_row *r)
{
	dbq_out_i64(q, &a->id, NULL);
	dbq_out_i64(q, &a->exam_id, NULL);
	dbq_out_i64(q, &a->user_id, NULL);
	dbq_out_i64(q, &a->attempt_no, NULL);
	dbq_out_str(q, r->state, sizeof(r->state), NULL);
	dbq_out_i64(q, &r->preview, NULL);
	dbq_out_ms(q, &a->started_ms, NULL);
	dbq_out_ms(q, &a->last_started_ms, NULL);
	dbq_out_ms(q, &a->last_seen_ms, NULL);
	dbq_out_ms(q, &a->ended_ms, NULL);
	dbq_out_ms(q, &a->created_ms, NULL);
	dbq_out_i64(q, &a->time_used_ms, NULL);
	dbq_out_ms(q, &a->deadline_ms, NULL);
	dbq_out_i64(q, &a->extra_time_s, NULL);
	dbq_out_i64(q, &a->score_e4, &r->no_score);
	dbq_out_i64(q, &a->max_score_e4, NULL);
	dbq_out_i64(q, &a->percentage_e4, NULL);
	dbq_out_i64(q, &a->correct, NULL);
	dbq_out_i64(q, &a->incorrect, NULL);
	dbq_out_i64(q, &a->unanswered, NULL);
	dbq_out_i64(q, &a->pending, NULL);
	dbq_out_str(q, a->validation_token, sizeof(a->validation_token), NULL);
	dbq_out_i64(q, &a->fudge_e4, NULL);
	dbq_out_ms(q, &a->last_event_ms, NULL);
	dbq_out_i64(q, &a->answer_count, NULL);
	dbq_out_i64(q, &a->content_version, NULL);
	dbq_out_i64(q, &a->dense_first_id, NULL);
	dbq_out_i64(q, &r->records_due, NULL);
}

static void finish_attempt(struct attempt *a, const struct attempt_row *r)
{
	a->state = strcmp(r->state, "completed") == 0 ? AS_COMPLETED
	           : strcmp(r->state, "running") == 0 ? AS_RUNNING
	                                              : AS_NOT_STARTED;
	a->preview = r->preview != 0;
	a->graded = !r->no_score;
	a->records_due = r->records_due != 0;
	if (!a->records_due)
		db_records_known(a->id);
}

/* The owner's columns of STMT_ATTEMPT_OPEN_LOCK, bound to o; *packed is
 * their other attempts' tally, parsed by owner_finish. */
static void owner_bind(struct dbq *q, struct owner_facts *o, char *packed, size_t cap)
{
	memset(o, 0, sizeof(*o));
	dbq_out_i64(q, &o->x.extra_attempts, NULL);
	dbq_out_i64(q, &o->x.extra_time_s, NULL);
	dbq_out_str(q, packed, cap, NULL);
}

static int owner_finish(struct owner_facts *o, const char *packed, bool unlocked)
{
	struct attempt_tally *t = &o->others;
	long long v[4];

	o->x.manually_unlocked = unlocked;
	if (sscanf(packed, "%lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3]) != 4)
		return db_fail(DB_ERR_OTHER, "the attempt's locked read gave no tally");
	*t = (struct attempt_tally){v[0], v[1], v[2], v[3]};
	return 0;
}

/* The attempt's whole read, by STMT_ATTEMPT_GET, STMT_ATTEMPT_OPEN_LOCK or
 * STMT_END_OPEN (o: its owner's facts; the latter with its events) or (g not NULL: its grades row too, in mem)
 * STMT_ATTEMPT_GET_GRADED. */
static int attempt_read(enum stmt_id stmt, int64_t id, struct attempt *a, struct arena *mem, struct grades_text *g,
                        struct owner_facts *o)
{
	struct dbq q;
	struct attempt_row r;
	int64_t unlocked = 0;
	char packed[96] = "";
	int rc;

	memset(a, 0, sizeof(*a));
	dbq_init(&q, stmt, mem);
	dbq_in_i64(&q, &id);
	bind_attempt(&q, a, &r);
	dbq_out_i64(&q, &a->exam_version, NULL);
	dbq_out_str(&q, a->username, sizeof(a->username), NULL);
	dbq_out_str(&q, a->display_name, sizeof(a->display_name), NULL);
	dbq_out_i64(&q, &unlocked, NULL);
	if (g != NULL) {
		g->text = NULL;
		g->first_answer_id = 0;
		dbq_out_text(&q, &g->text);
		dbq_out_i64(&q, &g->first_answer_id, NULL);
	}
	if (o != NULL)
		owner_bind(&q, o, packed, sizeof(packed));
	if (stmt == STMT_END_OPEN) { /* the attempt, then its events (routines.c) */
		if (dbq_exec(&q) != 0)
			rc = -1;
		else if ((rc = dbq_fetch(&q)) < 0)
			dbq_call_end(&q); /* read what the routine sends: the connection stays in step */
		else if (db_events_prefetch(&q, id) != 0)
			rc = -1;
	} else if (stmt == STMT_OPEN) {
		rc = dbq_call_one(&q);
	} else {
		rc = dbq_one(&q);
	}
	if (g != NULL)
		g->read = rc == 1;
	if (rc == 1)
		finish_attempt(a, &r);
	a->unlocked = unlocked != 0;
	if (rc == 1 && o != NULL && owner_finish(o, packed, a->unlocked) != 0)
		return -1;
	return rc;
}

int db_attempt_get(int64_t id, struct attempt *a) { return attempt_read(STMT_ATTEMPT_GET, id, a, NULL, NULL, NULL); }

int db_attempt_get_graded(int64_t id, struct arena *mem, struct attempt *a, struct grades_text *g)
{
	return attempt_read(STMT_ATTEMPT_GET_GRADED, id, a, mem, g, NULL);
}

/* The open's locked read: by routine r (statement st), which starts the
 * transaction, when it is the transaction's first statement and this
 * worker may call r; else by STMT_ATTEMPT_OPEN_LOCK.  1, 0 none, -1. */
static int open_lock_by(enum routine_id r, enum stmt_id st, int64_t id, struct attempt *a, struct owner_facts *o)
{
	int rc;

	if (db_tx_start_due() && db_routine_on(r)) {
		rc = attempt_read(st, id, a, NULL, NULL, o);
		if (rc >= 0 || !db_routine_gone(r))
			return rc;
	}
	return attempt_read(STMT_ATTEMPT_OPEN_LOCK, id, a, NULL, NULL, o);
}

int db_attempt_open_lock(int64_t id, struct attempt *a, struct owner_facts *o)
{
	return open_lock_by(ROUTINE_OPEN, STMT_OPEN, id, a, o);
}

int db_attempt_open_lock_ending(int64_t id, struct attempt *a, struct owner_facts *o)
{
	return open_lock_by(ROUTINE_END_OPEN, STMT_END_OPEN, id, a, o);
}

int db_attempt_lock(int64_t id, struct attempt *a)
{
	struct dbq q;
	struct attempt_row r;
	int64_t version = a->exam_version;
	bool unlocked = a->unlocked;
	char username[sizeof(a->username)], display_name[sizeof(a->display_name)];
	int rc;

	/* the lock rereads the attempt's own columns: keep what the join gave */
	memcpy(username, a->username, sizeof(username));
	memcpy(display_name, a->display_name, sizeof(display_name));
	dbq_init(&q, STMT_ATTEMPT_LOCK, NULL);
	dbq_in_i64(&q, &id);
	bind_attempt(&q, a, &r);
	rc = dbq_one(&q);
	if (rc == 1)
		finish_attempt(a, &r);
	a->exam_version = version;
	a->unlocked = unlocked;
	memcpy(a->username, username, sizeof(username));
	memcpy(a->display_name, display_name, sizeof(display_name));
	return rc;
}

/* The exam version a create's opening read took under its shared lock
 * (invigil_create_open_v1), for the insert of the same transaction. */
static struct {
	int64_t exam_id; /* 0: none */
	int64_t version;
} version_ahead;

void db_version_forget(void) { version_ahead.exam_id = 0; }

/* db_pair_lock_tally by the routine: 0, -1, or -2 when the routine is not
 * available to this worker (nothing ran). */
static int pair_lock_tally_routine(int64_t exam_id, int64_t user_id, int64_t *taken, int64_t *max_no,
                                   int64_t *open_id)
{
	struct dbq q;
	int64_t version = 0;
	int rc;

	dbq_init(&q, STMT_CREATE_OPEN, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, taken, NULL);
	dbq_out_i64(&q, max_no, NULL);
	dbq_out_i64(&q, open_id, NULL);
	dbq_out_i64(&q, &version, NULL);
	rc = dbq_call_one(&q);
	if (rc < 0)
		return db_routine_gone(ROUTINE_CREATE_OPEN) ? -2 : -1;
	if (rc == 0)
		return db_fail(DB_ERR_OTHER, "invigil_create_open_v1 returned no row");
	version_ahead.exam_id = exam_id;
	version_ahead.version = version;
	return 0;
}

int db_pair_lock_tally(int64_t exam_id, int64_t user_id, int64_t *taken, int64_t *max_no, int64_t *open_id)
{
	struct dbq q;
	int rc;

	/* the transaction's first statement: the routine starts it */
	if (db_tx_start_due() && db_routine_on(ROUTINE_CREATE_OPEN) &&
	    (rc = pair_lock_tally_routine(exam_id, user_id, taken, max_no, open_id)) != -2)
		return rc;

	/* the upsert holds the row exclusively to the commit, whether it
	 * inserted it or found it (InnoDB locks a duplicate found by INSERT …
	 * ON DUPLICATE KEY UPDATE exclusively): no locking read after it */
	dbq_init(&q, STMT_SUBMISSION_ENSURE, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	if (dbq_exec(&q) != 0)
		return -1;
	return db_attempt_summary(exam_id, user_id, taken, max_no, open_id);
}

int db_attempt_summary(int64_t exam_id, int64_t user_id, int64_t *taken, int64_t *max_no, int64_t *open_id)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_SUMMARY, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, taken, NULL);
	dbq_out_i64(&q, max_no, NULL);
	dbq_out_i64(&q, open_id, NULL);
	return dbq_one(&q) == 1 ? 0 : -1;
}

static const char *state_name(enum attempt_state s)
{
	return s == AS_COMPLETED ? "completed" : s == AS_RUNNING ? "running" : "not_started";
}

/* The records of a new attempt a from ec, the exam as its start read it,
 * with the ids from first on: 0 or -1. */
static int records_insert(const struct attempt *a, const struct exam_content *ec, int64_t first)
{
	int64_t *rows;
	int rc;

	if ((rows = calloc(4 * ec->nquestions + 1, sizeof(*rows))) == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	for (size_t i = 0; i < ec->nquestions; i++) {
		rows[4 * i] = first + (int64_t)i;
		rows[4 * i + 1] = a->id;
		rows[4 * i + 2] = ec->questions[i].eq_id;
		rows[4 * i + 3] = ec->questions[i].position;
	}
	rc = db_bulk(BULK_ANSWERS_CREATE, ec->nquestions, rows, NULL);
	free(rows);
	return rc;
}

int db_attempt_insert(struct attempt *a, const struct exam_content *ec, bool commits)
{
	struct dbq q;
	int64_t preview = a->preview, count = (int64_t)ec->nquestions, version = ec->version, now_version, first;
	int64_t commit;
	bool by_routine;
	int rc;

	/* the answers' ids, reserved; and whether the exam's questions are still
	 * those of the worker's copy, read under a lock that keeps them so to
	 * the commit (by the create's opening read, or now): then the records
	 * can wait until something needs them (db_records.c), and the start is
	 * the attempt's row alone */
	if ((first = db_answer_ids_take(ec->nquestions)) < 0)
		return -1;
	if (version_ahead.exam_id == a->exam_id)
		now_version = version_ahead.version;
	else if (db_exam_version_shared(a->exam_id, &now_version) != 0)
		return -1;
	/* the records from the copy follow the insert: then it is not the last */
	commit = commits && now_version == version;
	by_routine = commit && db_routine_on(ROUTINE_CREATE_WRITE);
again:
	dbq_init(&q, by_routine ? STMT_CREATE_WRITE : STMT_ATTEMPT_INSERT, NULL);
	dbq_in_i64(&q, &a->exam_id);
	dbq_in_i64(&q, &a->user_id);
	dbq_in_i64(&q, &a->attempt_no);
	dbq_in_str(&q, state_name(a->state));
	dbq_in_i64(&q, &preview);
	dbq_in_ms(&q, a->started_ms ? &a->started_ms : NULL);
	dbq_in_ms(&q, a->last_started_ms ? &a->last_started_ms : NULL);
	dbq_in_ms(&q, a->last_seen_ms ? &a->last_seen_ms : NULL);
	dbq_in_ms(&q, a->deadline_ms > 0 ? &a->deadline_ms : NULL);
	dbq_in_i64(&q, &a->extra_time_s);
	dbq_in_i64(&q, &a->max_score_e4);
	dbq_in_str(&q, a->validation_token[0] ? a->validation_token : NULL);
	dbq_in_i64(&q, &count);
	dbq_in_i64(&q, &version);
	dbq_in_i64(&q, &first);
	dbq_in_i64(&q, now_version == version ? &a->exam_id : NULL);
	dbq_in_i64(&q, &a->user_id);
	if (by_routine)
		dbq_in_i64(&q, &commit);
	else
		dbq_in_i64(&q, &a->user_id);
	dbq_out_i64(&q, &a->id, NULL);
	dbq_out_ms(&q, &a->created_ms, NULL);
	dbq_out_str(&q, a->username, sizeof(a->username), NULL);
	dbq_out_str(&q, a->display_name, sizeof(a->display_name), NULL);
	rc = by_routine ? dbq_call_one(&q) : dbq_one(&q);
	if (rc < 0 && by_routine && db_routine_gone(ROUTINE_CREATE_WRITE)) {
		by_routine = false;
		goto again;
	}
	if (rc != 1)
		return rc == 0 ? db_fail(DB_ERR_OTHER, "the attempt's insert returned no row") : -1;
	if (by_routine)
		db_tx_committed(); /* the routine's COMMIT ran: its last status read */
	a->answer_count = count;
	a->content_version = version;
	a->dense_first_id = first;
	/* the exam changed since the worker's copy was read: the records from
	 * the copy (its content version, as the attempt says), now */
	if (now_version != version && records_insert(a, ec, first) != 0)
		return -1;
	return 0;
}

int db_attempt_update_timer(const struct attempt *a, bool commits)
{
	struct dbq q;
	bool by_routine = commits && db_routine_on(ROUTINE_TIMER_WRITE);
	int rc;

again:
	dbq_init(&q, by_routine ? STMT_TIMER_WRITE : STMT_ATTEMPT_UPDATE_TIMER, NULL);
	dbq_in_str(&q, state_name(a->state));
	dbq_in_ms(&q, a->started_ms ? &a->started_ms : NULL);
	dbq_in_ms(&q, a->last_started_ms ? &a->last_started_ms : NULL);
	dbq_in_ms(&q, a->last_seen_ms ? &a->last_seen_ms : NULL);
	dbq_in_i64(&q, &a->time_used_ms);
	dbq_in_ms(&q, a->deadline_ms ? &a->deadline_ms : NULL);
	dbq_in_i64(&q, &a->id);
	if (!by_routine)
		return dbq_exec(&q);
	if ((rc = dbq_call_one(&q)) == 0) {
		db_tx_committed(); /* the routine's COMMIT ran: its last status read */
		return 0;
	}
	if (db_routine_gone(ROUTINE_TIMER_WRITE)) {
		by_routine = false;
		goto again;
	}
	return -1;
}

int db_attempt_extend(const struct attempt *a)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_EXTEND, NULL);
	dbq_in_i64(&q, &a->extra_time_s);
	dbq_in_ms(&q, a->deadline_ms ? &a->deadline_ms : NULL);
	dbq_in_i64(&q, &a->id);
	return dbq_exec(&q);
}

int db_answer_open(int64_t attempt_id, int64_t answer_id, struct arena *mem, struct attempt *a, struct answer *ans)
{
	struct dbq q;
	struct attempt_row ar;
	struct answer_row nr;
	int64_t unlocked = 0;
	int rc;

	memset(a, 0, sizeof(*a));
	memset(ans, 0, sizeof(*ans));
	dbq_init(&q, STMT_ANSWER_WITH_ATTEMPT, mem);
	dbq_in_i64(&q, &answer_id);
	dbq_in_i64(&q, &attempt_id);
	bind_attempt(&q, a, &ar);
	dbq_out_i64(&q, &a->exam_version, NULL);
	dbq_out_str(&q, a->username, sizeof(a->username), NULL);
	dbq_out_str(&q, a->display_name, sizeof(a->display_name), NULL);
	dbq_out_i64(&q, &unlocked, NULL);
	db_answer_bind(&q, ans, &nr);
	rc = dbq_one(&q);
	if (rc == 1) {
		finish_attempt(a, &ar);
		db_answer_finish(ans, &nr);
	}
	a->unlocked = unlocked != 0;
	return rc;
}

void db_bind_finish(struct dbq *q, const struct attempt *a, const struct grade_totals *t, const char *result)
{
	dbq_in_ms(q, &a->ended_ms);
	dbq_in_i64(q, &a->time_used_ms);
	dbq_in_ms(q, &a->last_seen_ms);
	dbq_in_i64(q, &t->score_e4);
	dbq_in_i64(q, &t->max_score_e4);
	dbq_in_i64(q, &t->percentage_e4);
	dbq_in_i64(q, &t->correct);
	dbq_in_i64(q, &t->incorrect);
	dbq_in_i64(q, &t->unanswered);
	dbq_in_i64(q, &t->pending);
	dbq_in_str(q, result);
}

int db_attempt_finish(const struct attempt *a, const struct grade_totals *t, const char *result)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_FINISH, NULL);
	db_bind_finish(&q, a, t, result);
	dbq_in_i64(&q, &a->id);
	if (dbq_exec(&q) != 0)
		return -1;
	return dbq_affected(&q) > 0 ? 1 : 0;
}

/* --- listings ---------------------------------------------------------------- */

static void bind_filter(struct dbq *q, const struct attempt_filter *f, const int64_t *exam)
{
	dbq_in_i64(q, &f->user_id);
	dbq_in_i64(q, exam);
	dbq_in_i64(q, exam);
	dbq_in_str(q, f->course);
	dbq_in_str(q, f->course);
	dbq_in_str(q, f->course);
	dbq_in_str(q, f->title_like);
	dbq_in_str(q, f->title_like);
}

int db_attempt_list(const struct attempt_filter *f, int64_t offset, int64_t limit, struct attempt *out, size_t *n)
{
	struct dbq q;
	struct attempt row;
	struct attempt_row r;
	int64_t unlocked = 0;
	int rc;

	*n = 0;
	memset(&row, 0, sizeof(row));
	dbq_init(&q, STMT_ATTEMPT_LIST, NULL);
	bind_filter(&q, f, f->exam_id > 0 ? &f->exam_id : NULL);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	bind_attempt(&q, &row, &r);
	dbq_out_i64(&q, &row.exam_version, NULL);
	dbq_out_str(&q, row.username, sizeof(row.username), NULL);
	dbq_out_str(&q, row.display_name, sizeof(row.display_name), NULL);
	dbq_out_i64(&q, &unlocked, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && (int64_t)*n < limit) {
		finish_attempt(&row, &r);
		row.unlocked = unlocked != 0;
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_attempt_count(const struct attempt_filter *f, int64_t *count)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_COUNT, NULL);
	bind_filter(&q, f, f->exam_id > 0 ? &f->exam_id : NULL);
	dbq_out_i64(&q, count, NULL);
	return dbq_one(&q) < 0 ? -1 : 0;
}

int db_overdue(int64_t now_ms, int64_t *ids, size_t max, size_t *n)
{
	struct dbq q;
	int64_t id;

	dbq_init(&q, STMT_SWEEP_OVERDUE, NULL);
	dbq_in_ms(&q, &now_ms);
	dbq_out_i64(&q, &id, NULL);
	return dbq_all(&q, &id, sizeof(id), ids, max, n);
}

/* --- the Testpress admin API's attempt list --------------------------------------- */

int db_staff_anywhere(int64_t user_id)
{
	int64_t one;
	struct dbq q;

	dbq_init(&q, STMT_STAFF_ANYWHERE, NULL);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, &one, NULL);
	return dbq_one(&q);
}

/* Binds ADMIN_ATTEMPTS_FROM's parameters; v holds the values bound by address. */
struct admin_binds {
	int64_t all, exam, user, from, to;
};

static void bind_admin(struct dbq *q, const struct admin_filter *f, struct admin_binds *v)
{
	v->all = f->all;
	v->exam = f->exam_id;
	v->user = f->user_id;
	v->from = f->from_ms;
	v->to = f->to_ms;
	dbq_in_i64(q, &v->all);
	dbq_in_i64(q, &f->caller);
	for (int i = 0; i < 2; i++)
		dbq_in_i64(q, f->exam_id > 0 ? &v->exam : NULL);
	for (int i = 0; i < 2; i++)
		dbq_in_i64(q, f->user_id > 0 ? &v->user : NULL);
	for (int i = 0; i < 2; i++)
		dbq_in_str(q, f->state);
	for (int i = 0; i < 2; i++)
		dbq_in_ms(q, f->from_ms > 0 ? &v->from : NULL);
	for (int i = 0; i < 2; i++)
		dbq_in_ms(q, f->to_ms > 0 ? &v->to : NULL);
}

int db_admin_count(const struct admin_filter *f, int64_t *count)
{
	struct admin_binds v;
	struct dbq q;

	dbq_init(&q, STMT_ADMIN_COUNT, NULL);
	bind_admin(&q, f, &v);
	dbq_out_i64(&q, count, NULL);
	return dbq_one(&q) < 0 ? -1 : 0;
}

int db_admin_attempts(const struct admin_filter *f, int64_t offset, int64_t limit, struct admin_row *out, size_t *n)
{
	struct admin_binds v;
	struct admin_row row;
	struct attempt_row r;
	int64_t unlocked = 0;
	bool no_email;
	struct dbq q;
	int rc;

	*n = 0;
	memset(&row, 0, sizeof(row));
	dbq_init(&q, (enum stmt_id)(STMT_ADMIN_LIST_DATE + f->order), NULL);
	bind_admin(&q, f, &v);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	bind_attempt(&q, &row.a, &r);
	dbq_out_i64(&q, &row.a.exam_version, NULL);
	dbq_out_str(&q, row.a.username, sizeof(row.a.username), NULL);
	dbq_out_str(&q, row.a.display_name, sizeof(row.a.display_name), NULL);
	dbq_out_str(&q, row.email, sizeof(row.email), &no_email);
	dbq_out_i64(&q, &unlocked, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && (int64_t)*n < limit) {
		finish_attempt(&row.a, &r);
		row.a.unlocked = unlocked != 0;
		if (no_email)
			row.email[0] = '\0';
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}
