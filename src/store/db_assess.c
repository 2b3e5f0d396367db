/* invigil — exams authored through the assessments face; public ids. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "invigil/db.h"
#include "invigil/content.h"
#include "invigil/store.h"

void store_public_id(const char *prefix, char *out)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char raw[20];
	size_t n = (size_t)snprintf(out, 41, "%s", prefix);

	randombytes_buf(raw, sizeof(raw));
	for (size_t i = 0; i < sizeof(raw) && n < 40; i++)
		out[n++] = alphabet[raw[i] & 31];
	out[n] = '\0';
}

int db_exam_by_public_id(const char *public_id, int64_t *id, int64_t *version)
{
	struct dbq q;

	dbq_init(&q, STMT_EXAM_BY_PUBLIC, NULL);
	dbq_in_str(&q, public_id);
	dbq_out_i64(&q, id, NULL);
	dbq_out_i64(&q, version, NULL);
	return dbq_one(&q);
}

int db_exam_create(const struct exam_new *e, int64_t *id, char *public_id)
{
	struct dbq q;
	char slug[64];

	store_public_id("asmnt_", public_id);
	/* the slug other faces use: the public id, made URL-friendly */
	snprintf(slug, sizeof(slug), "asmnt-%s", public_id + 6);
	dbq_init(&q, STMT_EXAM_INSERT, NULL);
	dbq_in_i64(&q, &e->course_id);
	dbq_in_str(&q, slug);
	dbq_in_str(&q, public_id);
	dbq_in_str(&q, e->title);
	dbq_in_i64(&q, e->duration_s > 0 ? &e->duration_s : NULL);
	dbq_in_i64(&q, &e->passing_score);
	dbq_in_i64(&q, e->max_attempts > 0 ? &e->max_attempts : NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	*id = (int64_t)dbq_insert_id(&q);
	return 0;
}

int db_exam_patch(int64_t exam_id, const struct exam_patch *p)
{
	struct dbq q;
	int64_t ht = p->has_title, hp = p->has_passing, hd = p->has_duration, hm = p->has_max_attempts;

	dbq_init(&q, STMT_EXAM_PATCH, NULL);
	dbq_in_i64(&q, &ht);
	dbq_in_str(&q, p->title ? p->title : "");
	dbq_in_i64(&q, &hp);
	dbq_in_i64(&q, &p->passing_score);
	dbq_in_i64(&q, &hd);
	dbq_in_i64(&q, p->duration_s > 0 ? &p->duration_s : NULL);
	dbq_in_i64(&q, &hm);
	dbq_in_i64(&q, p->max_attempts > 0 ? &p->max_attempts : NULL);
	dbq_in_i64(&q, &exam_id);
	return dbq_exec(&q);
}

struct add_job {
	int64_t course_id, exam_id;
	const struct content_question *qs;
	size_t n;
	int64_t *ids;
};

static int add_one(const struct add_job *j, size_t i, int64_t pos)
{
	const struct content_question *q = &j->qs[i];
	char key[48];
	int64_t qid, zero = 0, subject = 0;
	struct dbq d;

	if (q->subject != NULL) { /* a subject named by path, created when new */
		const char *slash = strrchr(q->subject, '/');

		dbq_init(&d, STMT_SUBJECT_ENSURE, NULL);
		dbq_in_i64(&d, &j->course_id);
		dbq_in_i64(&d, NULL);
		dbq_in_str(&d, q->subject);
		dbq_in_str(&d, slash ? slash + 1 : q->subject);
		if (dbq_exec(&d) != 0)
			return -1;
		subject = (int64_t)dbq_insert_id(&d);
	}
	store_public_id("q-", key);
	if (db_question_put(j->course_id, key, q, subject, &qid) != 0)
		return -1;
	j->ids[i] = qid;
	dbq_init(&d, STMT_EXAM_QUESTION_UPSERT, NULL);
	dbq_in_i64(&d, &j->exam_id);
	dbq_in_i64(&d, &qid);
	dbq_in_i64(&d, NULL);
	dbq_in_i64(&d, &pos);
	dbq_in_i64(&d, NULL);
	dbq_in_i64(&d, NULL);
	dbq_in_i64(&d, &zero);
	return dbq_exec(&d);
}

static int add_tx(void *p)
{
	struct add_job *j = p;
	struct dbq q;
	int64_t pos = -1;

	/* records before the questions change (db_records.c) */
	if (db_records_make_course(j->course_id) != 0)
		return -1;
	dbq_init(&q, STMT_EXAM_QUESTION_MAXPOS, NULL);
	dbq_in_i64(&q, &j->exam_id);
	dbq_out_i64(&q, &pos, NULL);
	if (dbq_exec(&q) != 0 || dbq_fetch(&q) < 0)
		return -1;
	dbq_done(&q);
	for (size_t i = 0; i < j->n; i++)
		if (add_one(j, i, pos + 1 + (int64_t)i) != 0)
			return -1;
	dbq_init(&q, STMT_EXAM_BUMP, NULL);
	dbq_in_i64(&q, &j->exam_id);
	return dbq_exec(&q);
}

int db_exam_add_questions(int64_t course_id, int64_t exam_id, const struct content_question *qs, size_t n, int64_t *ids)
{
	struct add_job j = {course_id, exam_id, qs, n, ids};

	if (db_records_settle_course(course_id) != 0) /* first, outside the transaction (db_records.c) */
		return -1;
	return db_tx(add_tx, &j, false) == 0 ? 0 : -1;
}

int db_attempt_by_public_id(const char *public_id, int64_t *attempt_id)
{
	struct dbq q;

	dbq_init(&q, STMT_ATTEMPT_BY_PUBLIC, NULL);
	dbq_in_str(&q, public_id);
	dbq_out_i64(&q, attempt_id, NULL);
	return dbq_one(&q);
}

int db_attempt_set_public_id(int64_t attempt_id, char *public_id)
{
	struct dbq q;

	store_public_id("sub_", public_id);
	dbq_init(&q, STMT_ATTEMPT_SET_PUBLIC, NULL);
	dbq_in_str(&q, public_id);
	dbq_in_i64(&q, &attempt_id);
	return dbq_exec(&q);
}
