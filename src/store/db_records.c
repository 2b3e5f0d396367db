/* invigil — answer records made when first needed (migration 014).
 *
 * A start inserts its attempt alone, with the ids of its answers reserved:
 * answer k of the exam's questions in their order (position, then id) is
 * first_answer_id + k.  The records are made from exam_questions by the
 * first reader that needs them (db_records_make), which is why nothing may
 * change an exam's questions before making the records of its attempts that
 * lack them (db_records_make_course, under the exams' locks).  The ids come
 * from blocks that answer_id_blocks hands out once each. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

/* Ids per block: at least EXAM_QUESTIONS_MAX, so an attempt's fit in one
 * (schema/014_lazy_answer_records.sql says the same number). */
#define ID_BLOCK 10000

_Static_assert(ID_BLOCK >= EXAM_QUESTIONS_MAX, "an attempt's answer ids fit in one block");
/* the makes' bound for an attempt whose count is unknown (stmt.c) */
_Static_assert(EXAM_QUESTIONS_MAX == 1000, "STMT_RECORDS_MAKE and _COURSE say 1000");

/* This connection's block: ids next … end - 1 are its own, unused. */
static int64_t block_next, block_end;

/* Takes a new block into block_next/block_end: 0 or -1.  The insert takes no
 * lock that a transaction keeps but its own new row's, so it may run in a
 * start's transaction: a rolled-back block stays taken (the auto-increment
 * does not give its values back) and this connection keeps using it. */
static int take_block(void)
{
	struct dbq q;
	int64_t b;

	dbq_init(&q, STMT_ANSWER_BLOCK_TAKE, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	b = (int64_t)dbq_insert_id(&q);
	if (b <= 0)
		return db_fail(DB_ERR_OTHER, "answer_id_blocks gave no block");
	/* clients hold answer ids as Java ints */
	if (b > (INT32_MAX - ID_BLOCK + 1) / ID_BLOCK)
		return db_fail(DB_ERR_OTHER, "answer ids are used up: the next block would pass 2^31 - 1");
	block_next = b * ID_BLOCK;
	block_end = block_next + ID_BLOCK;
	return 0;
}

int64_t db_answer_ids_take(size_t n)
{
	int64_t first;

	if (n > ID_BLOCK) {
		db_fail(DB_ERR_OTHER, "more answers than an id block holds");
		return -1;
	}
	if (block_end - block_next < (int64_t)n && take_block() != 0)
		return -1;
	first = block_next;
	block_next += (int64_t)n;
	return first;
}

int db_exam_version_shared(int64_t exam_id, int64_t *version)
{
	struct dbq q;
	int rc;

	*version = 0;
	dbq_init(&q, STMT_EXAM_VERSION_SHARED, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_out_i64(&q, version, NULL);
	rc = dbq_one(&q);
	return rc < 0 ? -1 : 0;
}

/* Attempts this connection knows to have their records, by id (a slot
 * per id modulo the size; a later id replaces an earlier).  An attempt with
 * records never loses them, so a slot never goes stale. */
#define KNOWN_SLOTS 4096
static int64_t known_made[KNOWN_SLOTS];

void db_records_known(int64_t attempt_id)
{
	if (attempt_id > 0)
		known_made[(uint64_t)attempt_id % KNOWN_SLOTS] = attempt_id;
}

/* Runs the make for attempt_id and notes the records made: clears its
 * records_due_exam when the make inserted any, or always (an import's
 * settling, which also clears what a transaction's make left); the memo
 * keeps it (a transaction that does not commit forgets: db_tx).  0 or -1. */
static int make_and_note(int64_t attempt_id, bool clear_always)
{
	struct dbq q;

	dbq_init(&q, STMT_RECORDS_MAKE, NULL);
	dbq_in_i64(&q, &attempt_id);
	if (dbq_exec(&q) != 0)
		return -1;
	if (clear_always || dbq_affected(&q) > 0) {
		dbq_init(&q, STMT_RECORDS_DUE_DONE, NULL);
		dbq_in_i64(&q, &attempt_id);
		if (dbq_exec(&q) != 0)
			return -1;
	}
	db_records_known(attempt_id);
	return 0;
}

int db_records_make(int64_t attempt_id)
{
	if (known_made[(uint64_t)attempt_id % KNOWN_SLOTS] == attempt_id)
		return 0;
	return make_and_note(attempt_id, false);
}

void db_records_forget(void)
{
	memset(known_made, 0, sizeof(known_made));
}

int db_records_settle_course(int64_t course_id)
{
	enum { BATCH = 500 };
	int64_t ids[BATCH], id = 0, after = 0, limit = BATCH;
	struct dbq q;
	size_t n;
	int rc;

	if (db_in_tx())
		return db_fail(DB_ERR_OTHER, "db_records_settle_course runs outside a transaction");
	do {
		n = 0;
		dbq_init(&q, STMT_RECORDS_DUE_OF_COURSE, NULL);
		dbq_in_i64(&q, &course_id);
		dbq_in_i64(&q, &after);
		dbq_in_i64(&q, &limit);
		dbq_out_i64(&q, &id, NULL);
		if (dbq_exec(&q) != 0)
			return -1;
		while ((rc = dbq_fetch(&q)) == 1 && n < BATCH)
			ids[n++] = id;
		dbq_done(&q);
		if (rc < 0)
			return -1;
		for (size_t i = 0; i < n; i++) /* each in autocommit: its own short transaction */
			if (make_and_note(ids[i], true) != 0)
				return -1;
		if (n > 0)
			after = ids[n - 1];
	} while (n == BATCH);
	return 0;
}

int db_records_make_course(int64_t course_id)
{
	struct dbq q;
	int64_t exam_id;
	int rc;

	/* the exams first, exclusively to the commit: a start (which reads its
	 * exam under a shared lock) either committed before, and its attempt is
	 * made here, or waits, and then finds the exam changed */
	dbq_init(&q, STMT_COURSE_EXAMS_LOCK, NULL);
	dbq_in_i64(&q, &course_id);
	dbq_out_i64(&q, &exam_id, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1)
		;
	dbq_done(&q);
	if (rc < 0)
		return -1;
	/* (their records_due_exam stays: clearing it would lock those
	 * attempts' rows exclusively to the import's commit, and the make is
	 * idempotent; db_records_settle_course made most of them before) */
	dbq_init(&q, STMT_RECORDS_MAKE_COURSE, NULL);
	dbq_in_i64(&q, &course_id);
	return dbq_exec(&q);
}
