/* invigil — an attempt's end, written in one round trip.
 *
 * An end writes four or five statements after its reads (grades row, the
 * attempt, its statistics, its pending row, the lessons), then commits and
 * reads its rank: seven round trips.  The routine invigil_end_write_v1
 * (src/store/routines.c) runs them for one.  The rows and their meaning are those of db_grades.c
 * and db_stats.c.
 *
 * The routine needs the workers' user to hold EXECUTE, which DECISIONS 19's
 * DML-only grant does not give.  Where a worker may not call it (or
 * `invigil migrate` could not make it), the end runs the same writes as
 * statements, and its transaction commits and its rank is read as before:
 * the same rows, more round trips.  A worker finds out at its first end
 * and says so once in its log. */
#include "config.h"

#include <stdlib.h>

#include "invigil/db.h"
#include "invigil/store.h"

/* The end's writes as statements: the grades row, the attempt, and when that
 * ended it, its statistics, pending row and lessons.  0 or -1. */
static int end_by_statements(const struct end_write *w, struct end_written *out)
{
	struct attempt scored = *w->a; /* the pending row holds the score the end gave */
	int done;

	scored.score_e4 = w->tot->score_e4;
	if (db_answers_grade(w->a->id, w->answers, w->n) != 0)
		return -1;
	if ((done = db_attempt_finish(w->a, w->tot, w->result)) < 0)
		return -1;
	out->ended = done == 1;
	if (!out->ended || !w->counts)
		return 0;
	if (db_stats_add(w->ec, &scored, w->answers, w->n) != 0)
		return -1;
	return w->lessons ? db_lessons_complete(w->a->exam_id, w->a->user_id, w->lessons_at_ms) : 0;
}

/* The end's writes by the routine: 0, -1, or -2 when the routine is not
 * available to this worker (nothing was written; db_routine_gone). */
static int end_by_routine(const struct end_write *w, struct end_written *out)
{
	const struct attempt *a = w->a;
	char *grades = db_grades_encode(w->answers, w->n);
	char *stats = w->counts ? db_stats_rows_json(w->ec, w->answers, w->n) : NULL;
	int64_t first = db_grades_first(w->answers, w->n), done = 0;
	int64_t commit = w->commit, rank = w->commit && w->rank;
	struct dbq q;
	int rc = -1;

	if (grades == NULL || (w->counts && stats == NULL)) {
		db_fail(DB_ERR_OTHER, "out of memory");
		goto out;
	}
	dbq_init(&q, STMT_END_WRITE, NULL);
	dbq_in_i64(&q, &a->id);
	dbq_in_str(&q, grades);
	dbq_in_i64(&q, first > 0 ? &first : NULL);
	db_bind_finish(&q, a, w->tot, w->result);
	dbq_in_str(&q, stats); /* NULL: not counted */
	dbq_in_i64(&q, &a->exam_id);
	dbq_in_i64(&q, &a->user_id);
	dbq_in_ms(&q, w->lessons ? &w->lessons_at_ms : NULL);
	dbq_in_i64(&q, &commit);
	dbq_in_i64(&q, &rank);
	dbq_out_i64(&q, &done, NULL);
	dbq_out_i64(&q, &out->above, NULL);
	dbq_out_i64(&q, &out->below, NULL);
	dbq_out_i64(&q, &out->total, NULL);
	dbq_out_i64(&q, &out->pending, NULL);
	rc = dbq_call_one(&q);
	if (rc < 0 && db_routine_gone(ROUTINE_END_WRITE)) {
		rc = -2;
		goto out;
	}
	/* the COMMIT ran before the routine's row: a row read means it held */
	if (rc == 1 && w->commit)
		db_tx_committed();
	if (rc == 0)
		db_fail(DB_ERR_OTHER, "invigil_end_write_v1 returned no row");
	out->committed = rc == 1 && w->commit;
	out->have_rank = rc == 1 && rank != 0;
	rc = rc == 1 ? 0 : -1;
	out->ended = done > 0;
out:
	free(grades);
	free(stats);
	return rc;
}

int db_attempt_end(const struct end_write *w, struct end_written *out)
{
	int rc;

	*out = (struct end_written){0};
	if (db_routine_on(ROUTINE_END_WRITE) && (rc = end_by_routine(w, out)) != -2)
		return rc;
	return end_by_statements(w, out);
}
