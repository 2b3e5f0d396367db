/* invigil — courses and enrollments. */
#include "config.h"

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
