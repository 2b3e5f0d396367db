/* invigil — writing a question and its options, for every way of authoring one. */
#include "config.h"

#include <stdio.h>

#include "invigil/db.h"
#include "invigil/content.h"

static int put_options(int64_t qid, const struct content_question *q)
{
	for (size_t i = 0; i < q->noptions; i++) {
		const struct content_option *op = &q->options[i];
		int64_t correct = op->correct || q->type == QT_SHORT_TEXT, pos = (int64_t)i;
		char key[24];
		struct dbq d;

		snprintf(key, sizeof(key), "o%zu", i + 1);
		dbq_init(&d, STMT_OPTION_UPSERT, NULL);
		dbq_in_i64(&d, &qid);
		dbq_in_str(&d, op->key ? op->key : key);
		dbq_in_str(&d, op->text);
		dbq_in_i64(&d, &correct);
		dbq_in_i64(&d, op->has_marks ? &op->marks_e4 : NULL);
		dbq_in_i64(&d, &pos);
		if (dbq_exec(&d) != 0)
			return -1;
	}
	return 0;
}

int db_question_put(int64_t course_id, const char *key, const struct content_question *q, int64_t subject_id,
                    int64_t *qid)
{
	int64_t partial = q->partial_marks, cs = q->case_sensitive;
	char type[2] = {(char)q->type, '\0'}; /* the enum value is the stored code */
	struct dbq d;

	dbq_init(&d, STMT_QUESTION_UPSERT, NULL);
	dbq_in_i64(&d, &course_id);
	dbq_in_str(&d, key);
	dbq_in_str(&d, type);
	dbq_in_str(&d, q->text);
	dbq_in_str(&d, q->direction);
	dbq_in_str(&d, q->explanation);
	dbq_in_i64(&d, subject_id > 0 ? &subject_id : NULL);
	dbq_in_str(&d, q->difficulty);
	dbq_in_i64(&d, q->has_marks ? &q->marks_e4 : NULL);
	dbq_in_i64(&d, q->has_negative ? &q->negative_e4 : NULL);
	dbq_in_i64(&d, &partial);
	dbq_in_double(&d, q->type == QT_NUMERIC ? &q->answer : NULL);
	dbq_in_double(&d, q->type == QT_NUMERIC ? &q->tolerance : NULL);
	dbq_in_i64(&d, &cs);
	if (dbq_exec(&d) != 0)
		return -1;
	*qid = (int64_t)dbq_insert_id(&d);
	return put_options(*qid, q);
}
