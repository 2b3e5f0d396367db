/* invigil — submissions, extensions and manual scores (the Canvas face's needs). */
#include "config.h"

#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

int db_pair_submission(int64_t exam_id, int64_t user_id, int64_t *sub_id)
{
	struct dbq q;

	dbq_init(&q, STMT_PAIR_SUBMISSION, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, sub_id, NULL);
	return dbq_one(&q);
}

int db_submission_get(int64_t sub_id, int64_t *exam_id, int64_t *user_id)
{
	struct dbq q;

	dbq_init(&q, STMT_SUBMISSION_GET, NULL);
	dbq_in_i64(&q, &sub_id);
	dbq_out_i64(&q, exam_id, NULL);
	dbq_out_i64(&q, user_id, NULL);
	return dbq_one(&q);
}

int db_exam_submissions(int64_t exam_id, int64_t offset, int64_t limit, int64_t *sub_ids, int64_t *user_ids,
                        size_t *n)
{
	struct dbq q;
	int64_t sid, uid;
	int rc;

	*n = 0;
	dbq_init(&q, STMT_EXAM_SUBMISSIONS, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	dbq_out_i64(&q, &sid, NULL);
	dbq_out_i64(&q, &uid, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && (int64_t)*n < limit) {
		sub_ids[*n] = sid;
		user_ids[(*n)++] = uid;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_attempt_latest(int64_t exam_id, int64_t user_id, int64_t *attempt_id)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_LATEST, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, attempt_id, NULL);
	return dbq_one(&q);
}

int db_attempt_by_number(int64_t exam_id, int64_t user_id, int64_t no, int64_t *attempt_id)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_BY_NO, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &no);
	dbq_out_i64(&q, attempt_id, NULL);
	return dbq_one(&q);
}

int db_kept_scores(int64_t exam_id, int64_t user_id, struct kept_scores *out)
{
	struct dbq q;
	int rc;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_KEPT_SCORES, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, &out->count, NULL);
	dbq_out_i64(&q, &out->highest_e4, NULL);
	dbq_out_i64(&q, &out->sum_e4, NULL);
	dbq_out_i64(&q, &out->latest_e4, NULL);
	rc = dbq_one(&q);
	return rc < 0 ? -1 : 0;
}

int db_extension_full(int64_t exam_id, int64_t user_id, struct extension *out)
{
	struct dbq q;
	int64_t unlocked = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_EXTENSION_FULL, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, &out->extra_attempts, NULL);
	dbq_out_i64(&q, &out->extra_time_s, NULL);
	dbq_out_i64(&q, &unlocked, NULL);
	rc = dbq_one(&q);
	out->manually_unlocked = unlocked != 0;
	return rc;
}

int db_extension_put(int64_t exam_id, int64_t user_id, const struct extension *e)
{
	struct dbq q;
	int64_t unlocked = e->manually_unlocked;

	dbq_init(&q, STMT_EXTENSION_PUT, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &e->extra_attempts);
	dbq_in_i64(&q, &e->extra_time_s);
	dbq_in_i64(&q, &unlocked);
	return dbq_exec(&q);
}

int db_answer_set_comment(int64_t attempt_id, int64_t answer_id, const char *comment)
{
	struct dbq q;

	if (db_records_make(attempt_id) != 0)
		return -1;
	dbq_init(&q, STMT_ANSWER_SET_COMMENT, NULL);
	dbq_in_str(&q, comment && *comment ? comment : NULL);
	dbq_in_i64(&q, &answer_id);
	dbq_in_i64(&q, &attempt_id);
	return dbq_exec(&q);
}

int db_attempt_rescore(int64_t attempt_id, const struct grade_totals *t, int64_t fudge_e4, const char *result)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_RESCORE, NULL);
	dbq_in_i64(&q, &t->score_e4);
	dbq_in_i64(&q, &fudge_e4);
	dbq_in_i64(&q, &t->percentage_e4);
	dbq_in_i64(&q, &t->correct);
	dbq_in_i64(&q, &t->incorrect);
	dbq_in_i64(&q, &t->unanswered);
	dbq_in_i64(&q, &t->pending);
	dbq_in_str(&q, result);
	dbq_in_i64(&q, &attempt_id);
	return dbq_exec(&q);
}

int db_submission_event_add(int64_t attempt_id, const struct submission_event *e)
{
	struct dbq q;

	dbq_init(&q, STMT_SUBMISSION_EVENT_ADD, NULL);
	dbq_in_i64(&q, &attempt_id);
	dbq_in_str(&q, e->type);
	dbq_in_str(&q, e->data);
	dbq_in_ms(&q, &e->at_ms);
	return dbq_exec(&q);
}

int db_submission_events(int64_t attempt_id, int64_t offset, int64_t limit, struct arena *mem,
                         struct submission_event *out, size_t *n)
{
	struct dbq q;
	struct submission_event row = {0};

	dbq_init(&q, STMT_SUBMISSION_EVENTS, mem);
	dbq_in_i64(&q, &attempt_id);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_text(&q, &row.type);
	dbq_out_text(&q, &row.data);
	dbq_out_ms(&q, &row.at_ms, NULL);
	return dbq_all(&q, &row, sizeof(row), out, (size_t)limit, n);
}
