/* invigil — a user's analytics across every attempt: the subjects of their
 * courses and their totals per subject. */
#include "config.h"

#include "invigil/db.h"
#include "invigil/store.h"

int db_user_subjects(int64_t user_id, struct arena *mem, struct ex_subject *out, size_t max, size_t *n)
{
	struct dbq q;
	struct ex_subject row = {0};
	int64_t lim = (int64_t)max;

	dbq_init(&q, STMT_USER_SUBJECTS, mem);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &lim);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_i64(&q, &row.parent_id, NULL);
	dbq_out_text(&q, &row.name);
	return dbq_all(&q, &row, sizeof(row), out, max, n);
}

int db_user_subject_stats(int64_t user_id, struct subject_stat *out, size_t max, size_t *n)
{
	struct dbq q;
	struct subject_stat row = {0};
	int64_t lim = (int64_t)max;

	dbq_init(&q, STMT_USER_SUBJECT_STATS, NULL);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &lim);
	dbq_out_i64(&q, &row.subject_id, NULL);
	dbq_out_i64(&q, &row.total, NULL);
	dbq_out_i64(&q, &row.correct, NULL);
	dbq_out_i64(&q, &row.incorrect, NULL);
	dbq_out_i64(&q, &row.unanswered, NULL);
	dbq_out_i64(&q, &row.partial, NULL);
	dbq_out_i64(&q, &row.marks_e4, NULL);
	return dbq_all(&q, &row, sizeof(row), out, max, n);
}
