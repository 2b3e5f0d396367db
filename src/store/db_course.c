/* invigil — courses, enrollments, and the lessons that run exams. */
#include "config.h"

#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

int db_course_id(const char *slug, int64_t *id)
{
	struct dbq q;

	dbq_init(&q, STMT_COURSE_BY_SLUG, NULL);
	dbq_in_str(&q, slug);
	dbq_out_i64(&q, id, NULL);
	return dbq_one(&q);
}

int64_t db_course_upsert(const char *slug, const char *title, const char *description,
                         const char *type, bool enforce_lessons_order)
{
	struct dbq q;
	int64_t order = enforce_lessons_order;

	dbq_init(&q, STMT_COURSE_UPSERT, NULL);
	dbq_in_str(&q, slug);
	dbq_in_str(&q, title);
	dbq_in_str(&q, description);
	dbq_in_str(&q, type);
	dbq_in_i64(&q, &order);
	if (dbq_exec(&q) != 0)
		return -1;
	return (int64_t)dbq_insert_id(&q);
}

int64_t db_enroll(int64_t course_id, int64_t user_id, const char *role, const char *status,
                  int64_t joined_ms)
{
	struct dbq q;

	dbq_init(&q, STMT_ENROLL_UPSERT, NULL);
	dbq_in_i64(&q, &course_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_str(&q, role);
	dbq_in_str(&q, status);
	dbq_in_ms(&q, joined_ms > 0 ? &joined_ms : NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	return (int64_t)dbq_insert_id(&q);
}

int db_exam_lessons(int64_t exam_id, int64_t user_id, struct lesson_facts *out, size_t max, size_t *n)
{
	struct lesson_facts row;
	int64_t published, order, lim = (int64_t)max;
	bool no_date, no_join;
	char type[16];
	struct dbq q;
	int rc;

	*n = 0;
	dbq_init(&q, STMT_EXAM_LESSONS, NULL);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &lim);
	dbq_out_i64(&q, &row.lesson_id, NULL);
	dbq_out_i64(&q, &published, NULL);
	dbq_out_str(&q, type, sizeof(type), NULL);
	dbq_out_i64(&q, &order, NULL);
	dbq_out_ms(&q, &row.dripped_ms, &no_date);
	dbq_out_i64(&q, &row.drip_delay_days, NULL);
	dbq_out_ms(&q, &row.joined_ms, &no_join);
	dbq_out_i64(&q, &row.earlier_open, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && *n < max) {
		row.published = published != 0;
		row.enforce_order = order != 0;
		row.type = strcmp(type, "scheduled") == 0    ? COURSE_SCHEDULED
		           : strcmp(type, "structured") == 0 ? COURSE_STRUCTURED
		                                             : COURSE_SELF_PACED;
		if (no_date)
			row.dripped_ms = 0;
		if (no_join)
			row.joined_ms = 0;
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_lessons_complete(int64_t exam_id, int64_t user_id, int64_t at_ms)
{
	struct dbq q;

	dbq_init(&q, STMT_LESSONS_COMPLETE, NULL);
	dbq_in_i64(&q, &user_id);
	dbq_in_ms(&q, &at_ms);
	dbq_in_i64(&q, &exam_id);
	return dbq_exec(&q);
}
