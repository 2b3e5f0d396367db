/* invigil — a user's analytics across every attempt: the subjects of their
 * courses (their totals per subject are read beside the per-attempt ones,
 * in db_stats.c). */
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
