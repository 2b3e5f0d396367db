/* invigil — the MariaDB connection of this process, prepared statements,
 * transactions.  Only src/store/ includes this header. */
#ifndef INVIGIL_DB_H
#define INVIGIL_DB_H

#include <mysql.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/db_stmt.h"
#include "invigil/err.h"
#include "invigil/model.h"

struct arena;
struct conf;

/* What the last failed call was, for the caller's response. */
enum db_err {
	DB_ERR_NONE,
	DB_ERR_GONE,  /* no connection (2002/2006/2013...): 503 */
	DB_ERR_RETRY, /* deadlock 1213 or lock wait 1205: retry the transaction */
	DB_ERR_DUP,   /* duplicate key 1062 */
	DB_ERR_FULL,  /* the server cannot write: table or disk full (1114, 1021, errno 28): 503 */
	DB_ERR_OTHER, /* a bug or a constraint: 500 */
};

#define DBQ_MAX 48

/* One execution of a prepared statement: its parameters and result columns.
 * Bound pointers must stay valid until dbq_fetch() is done. */
struct dbq {
	enum stmt_id id;
	MYSQL_STMT *st;
	struct arena *arena;
	int nin, nout;
	MYSQL_BIND in[DBQ_MAX];
	unsigned long in_len[DBQ_MAX];
	MYSQL_TIME in_time[DBQ_MAX];
	MYSQL_BIND out[DBQ_MAX];
	unsigned long out_len[DBQ_MAX];
	my_bool out_null[DBQ_MAX];
	my_bool out_err[DBQ_MAX];
	MYSQL_TIME out_time[DBQ_MAX];
	char out_small[DBQ_MAX][64]; /* first buffer of text columns */
	bool *out_isnull[DBQ_MAX];   /* caller's null flags (may be NULL) */
	void *out_dst[DBQ_MAX];      /* caller's destinations of time and text columns */
	char out_kind[DBQ_MAX];      /* 'i' int, 's' fixed string, 't' text, 'm' time */
	bool has_result;
};

/* Remembers c for connecting (with the migration user when migrate is true).
 * Connects lazily: a worker starts even while the database is away. */
void db_setup(const struct conf *c, bool migrate);
/* Connects now if not connected.  0, or -1 (db_last_err() says why). */
int db_connect(void);
/* Closes the connection and every prepared statement. */
void db_close(void);
enum db_err db_last_err(void);
const char *db_last_error_text(void);
/* The server's error number of the last failure (mysqld_error.h); 0 for a
 * failure of our own. */
unsigned db_last_code(void);
/* The inv_err a handler returns for the last failure. */
enum inv_err db_inv_err(void);

void dbq_init(struct dbq *q, enum stmt_id id, struct arena *a);
void dbq_in_i64(struct dbq *q, const int64_t *v);  /* NULL v binds SQL NULL */
void dbq_in_str(struct dbq *q, const char *s);     /* NULL s binds SQL NULL */
void dbq_in_strn(struct dbq *q, const char *s, size_t n);
void dbq_in_double(struct dbq *q, const double *v); /* NULL v binds SQL NULL */
void dbq_in_ms(struct dbq *q, const int64_t *ms);  /* epoch ms as DATETIME(3); NULL binds NULL */
void dbq_out_i64(struct dbq *q, int64_t *v, bool *isnull);
void dbq_out_double(struct dbq *q, double *v);
void dbq_out_str(struct dbq *q, char *buf, size_t cap, bool *isnull); /* truncation is an error */
void dbq_out_text(struct dbq *q, const char **dst);                    /* any length, in the arena */
void dbq_out_ms(struct dbq *q, int64_t *ms, bool *isnull);
/* A DATETIME(3) column's value as epoch ms (UTC).  Pure.  (dbq_bind.c) */
int64_t dbq_time_to_ms(const MYSQL_TIME *t);
/* Prepares (once per connection), binds and executes.  A lost connection
 * outside a transaction is reopened and the statement retried once.
 * 0, or -1 with db_last_err() set. */
int dbq_exec(struct dbq *q);
/* 1 with the next row in the bound outputs, 0 when done, -1 on error. */
int dbq_fetch(struct dbq *q);
/* Executes q and fetches its one row: 1, 0 (no row) or -1; releases the result. */
int dbq_one(struct dbq *q);
/* Executes q, a CALL of a routine (src/store/routines.c), and fetches the
 * one row of its first result, then reads what else the routine sends: 1,
 * 0 (no row) or -1 (the routine's error, also one after its SELECT). */
int dbq_call_one(struct dbq *q);
/* Forgets q's result columns, to bind those of its next result set. */
void dbq_outs_reset(struct dbq *q);
/* Moves a CALL's q to its next result set, whose columns the caller bound
 * after dbq_outs_reset: 1 (rows to dbq_fetch), 0 (no more sets), -1. */
int dbq_next_result(struct dbq *q);
/* Releases a CALL's result and reads what else the routine sends: 0, or -1
 * (its error). */
int dbq_call_end(struct dbq *q);
/* Executes q and copies each fetched row (the size bytes at row, which the outputs
 * are bound into) to out[*n], keeping the first max rows: 0, or -1. */
int dbq_all(struct dbq *q, const void *row, size_t size, void *out, size_t max, size_t *n);
/* Releases the result set. */
void dbq_done(struct dbq *q);
uint64_t dbq_affected(struct dbq *q);
uint64_t dbq_insert_id(struct dbq *q);

/* Multi-row statements: one row pattern repeated n times, all parameters
 * integers (ENUM columns take their 1-based index).  Prepared once per
 * (kind, n) and kept like the others. */
enum bulk_id {
	BULK_ANSWERS_CREATE, /* (id, attempt_id, exam_question_id, position) */
	BULK_QSTAT_ADD,    /* (exam_question_id, attempts, correct, incorrect, unanswered, time_ms, best_ms) */
	BULK_ASTAT_PUT,    /* (attempt_id, dimension, dim_id, total, correct, incorrect, unanswered, partial,
	                      marks_e4, max_marks_e4, time_ms) */
	BULK_BUCKET_ADD,   /* (exam_id, score_e4, attempts) */
	BULK_PENDING_DEL,  /* (attempt_id) */
	BULK__MAX
};
/* Executes kind for n rows of vals (n * columns values, row after row);
 * null[i] true binds SQL NULL (null may be NULL).  0 or -1. */
int db_bulk(enum bulk_id kind, size_t n, const int64_t *vals, const bool *null);

/* Runs fn(ctx) inside a transaction.  fn returns 0 (commit), 1 (roll back
 * and return 1: a rule said no, ctx says which) or -1 (a database error).
 * Deadlocks and lock-wait timeouts roll back and retry (up to 3 times);
 * a connection lost before the commit was acknowledged is retried once
 * when idempotent is true.  0, or -1 with db_last_err() set (fn's own
 * failures keep whatever fn recorded in db_fail()). */
int db_tx(int (*fn)(void *ctx), void *ctx, bool idempotent);
bool db_in_tx(void);
/* db_tx, whose START is sent with fn's first statement: by the routine that
 * statement calls when it starts the transaction itself (one round trip
 * for both), else before it. */
int db_tx_open(int (*fn)(void *ctx), void *ctx, bool idempotent);
/* In db_tx_open's transaction, before its first statement: may a routine
 * that starts the transaction run now? */
bool db_tx_start_due(void);
/* Forgets the events an opening read fetched ahead (db_attempt.c, for
 * db_answers_overlay): at every transaction's end.  (db_answers.c) */
void db_events_forget(void);
/* Binds an ending's columns of a (ended, used, last seen) and its totals
 * t and result, in the order STMT_ATTEMPT_FINISH and invigil_end_write_v1
 * take them.  (db_attempt.c) */
void db_bind_finish(struct dbq *q, const struct attempt *a, const struct grade_totals *t, const char *result);
/* Forgets the exam version a create's opening read took (db_attempt.c). */
void db_version_forget(void);
/* Reads the events result set of q, STMT_END_OPEN of attempt_id, after its
 * attempt row, and keeps them for db_answers_overlay of attempt_id; reads
 * the routine's end.  0, or -1.  (db_answers.c) */
int db_events_prefetch(struct dbq *q, int64_t attempt_id);
/* May this worker call routine r (it has not found it missing or denied)? */
bool db_routine_on(enum routine_id r);
/* After a failed CALL of r: true when r is missing or denied to this user
 * (logged once; r is off for the worker's life, its caller writes by
 * statements instead), false when the CALL itself failed.  (routines.c) */
bool db_routine_gone(enum routine_id r);
/* Notes that the statement just run (a routine's CALL) committed the
 * transaction fn runs in: db_tx neither commits, rolls back nor retries
 * it, and returns what fn returns.  Only the transaction's last statement
 * commits. */
void db_tx_committed(void);
/* Notes that attempt_id's answer records are made (a read of its row said
 * none are due, which stays so): db_records_make then skips it. */
void db_records_known(int64_t attempt_id);
/* Forgets every attempt db_records_known noted: a transaction that made
 * records did not commit. */
void db_records_forget(void);
/* Lets a transaction body fail for a non-database reason. */
int db_fail(enum db_err err, const char *text);

/* --- an answer record's columns (db_answers.c) --------------------------- */
/* What a record's read binds beside struct answer's own fields. */
struct answer_row {
	char selected[1001];
	int64_t review;
	char result[16];
	bool no_marks;
	int64_t has_events; /* the attempt has events to overlay (page reads) */
};
/* Binds ANSWER_COLUMNS' outputs (include/invigil/stmt_parts.h) to a and r,
 * which must outlive q's fetches. */
void db_answer_bind(struct dbq *q, struct answer *a, struct answer_row *r);
/* Completes a fetched record from r (options, review flag, result, marks). */
void db_answer_finish(struct answer *a, const struct answer_row *r);

/* --- an answer's stored parts, and an ended attempt's grades (db_grades.c) --- */
/* "12,15": the stored form of nids option ids into out (len bytes; a list
 * that does not fit is cut after the last id that does).  Owns nothing. */
void db_ids_text(const int64_t *ids, size_t nids, char *out, size_t len);
/* "12,15" into a->selected (at most ANSWER_MAX_SELECTED). */
void db_ids_parse(struct answer *a, const char *p);
/* Calls fn(ctx, a) for each answer of attempt_id's attempt_grades row, in
 * position order (a is only valid during the call).  1 done, 0 the attempt
 * has no row (it ended before migration 007: its records hold the grades,
 * or it has not ended), -1 (a store failure, or fn returned non-zero), -2
 * (the row is malformed: logged, and db_fail'd). */
int db_grades_each(int64_t attempt_id, int (*fn)(void *ctx, const struct answer *a), void *ctx);
/* db_grades_each for the n attempts of ids, in one read: found[i] is true
 * when ids[i]'s row was there and whole (its answers went to fn); false
 * when it has none, or a malformed one (logged).  0, or -1 (a store
 * failure, or fn returned non-zero). */
int db_grades_each_of(const int64_t *ids, size_t n, int (*fn)(void *ctx, const struct answer *a), void *ctx,
                      bool *found);
/* Settles the n records of rows from attempt_id's grades row, matched by
 * question (rows of other questions stay).  1, 0 no row, -1 or -2 (as
 * db_grades_each: a read of the attempt fails rather than show wrong grades). */
int db_grades_overlay(int64_t attempt_id, struct answer *rows, size_t n);
/* db_grades_overlay from the row's text as read already: 1, -1 or -2. */
int db_grades_overlay_text(int64_t attempt_id, const char *text, struct answer *rows, size_t n);

struct content_question;
/* Inserts or updates question key of course (and its options, keyed by
 * their own keys or "o1", "o2"... when they have none); *qid is its id.
 * subject_id 0: none.  0 or -1.  (src/store/db_question.c) */
int db_question_put(int64_t course_id, const char *key, const struct content_question *q, int64_t subject_id,
                    int64_t *qid);

/* Runs one statement as text (a routine's CREATE: migrations only).  0, or
 * -1 with db_last_code() and db_last_error_text() set. */
int db_exec_one(const char *sql);
/* Makes the routines (src/store/routines.c) the database lacks; say()
 * reports each made.  0, or -1. */
int db_routines_make(void (*say)(const char *line));
/* Runs a script of ';'-terminated DDL statements (migrations only).
 * 0, or -1 with db_last_error_text() naming the failing statement. */
int db_exec_script(const char *sql);
/* Where the statement starting at p ends: its ';' outside quotes and --
 * comments, or the string's end.  Pure; owns nothing. */
const char *sql_statement_end(const char *p);
/* True when [p, end) holds only whitespace and -- comments. */
bool sql_only_comments(const char *p, const char *end);

#endif
