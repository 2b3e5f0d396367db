/* invigil — comments on questions, and the course a question belongs to. */
#include "config.h"

#include "invigil/db.h"
#include "invigil/store.h"

int db_question_course(int64_t question_id, int64_t *course_id)
{
	struct dbq q;

	dbq_init(&q, STMT_QUESTION_COURSE, NULL);
	dbq_in_i64(&q, &question_id);
	dbq_out_i64(&q, course_id, NULL);
	return dbq_one(&q);
}

int db_comment_add(struct question_comment *c)
{
	struct dbq q;

	dbq_init(&q, STMT_COMMENT_ADD, NULL);
	dbq_in_i64(&q, &c->question_id);
	dbq_in_i64(&q, &c->user_id);
	dbq_in_str(&q, c->text);
	dbq_in_ms(&q, &c->at_ms);
	if (dbq_exec(&q) != 0)
		return -1;
	c->id = (int64_t)dbq_insert_id(&q);
	return 0;
}

int db_comments(int64_t question_id, int64_t offset, int64_t limit, struct arena *mem, struct question_comment *out,
                size_t *n, int64_t *count)
{
	struct dbq q;
	struct question_comment row = {.question_id = question_id};

	dbq_init(&q, STMT_COMMENTS_COUNT, NULL);
	dbq_in_i64(&q, &question_id);
	dbq_out_i64(&q, count, NULL);
	if (dbq_one(&q) < 0)
		return -1;
	dbq_init(&q, STMT_COMMENTS, mem);
	dbq_in_i64(&q, &question_id);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_i64(&q, &row.user_id, NULL);
	dbq_out_text(&q, &row.username);
	dbq_out_text(&q, &row.display_name);
	dbq_out_text(&q, &row.text);
	dbq_out_ms(&q, &row.at_ms, NULL);
	return dbq_all(&q, &row, sizeof(row), out, (size_t)limit, n);
}
