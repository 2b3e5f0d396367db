/* invigil — a validated course package into the database, in one transaction. */
#include "config.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/fmt.h"
#include "invigil/content.h"
#include "invigil/store.h"

struct import {
	const struct course_content *p;
	bool force;
	struct arena *a;
	struct import_report *rep;
	int64_t course_id;
	int64_t *user_ids;     /* parallel to p->users */
	int64_t *subject_ids;  /* parallel to p->subjects */
	int64_t *question_ids; /* parallel to p->questions */
	int64_t *exam_ids;     /* parallel to p->exams */
};

static int refuse(struct import *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records why the import is refused; returns 1 (roll back, no retry). */
static int refuse(struct import *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->rep->error, sizeof(im->rep->error), fmt, ap);
	va_end(ap);
	return 1;
}

static int64_t *ids(struct import *im, size_t n)
{
	return arena_calloc(im->a, n + 1, sizeof(int64_t));
}

static int import_users(struct import *im)
{
	const struct course_content *p = im->p;

	for (size_t i = 0; i < p->nusers; i++) {
		const struct content_user *u = &p->users[i];

		im->user_ids[i] = db_user_upsert(u->username, u->email, u->display_name, u->role, u->password_hash);
		if (im->user_ids[i] < 0)
			return -1;
		im->rep->users++;
	}
	for (size_t i = 0; i < p->nenrollments; i++) {
		const struct content_enrollment *e = &p->enrollments[i];
		int64_t uid = -1;

		for (size_t j = 0; j < p->nusers; j++)
			if (strcmp(p->users[j].username, e->user) == 0)
				uid = im->user_ids[j];
		if (uid < 0) {
			struct user u;
			int found = db_user_by_username(e->user, &u);

			if (found < 0)
				return -1;
			if (found == 0)
				return refuse(im, "enrollments: user '%s' is neither in the package nor in the database",
				              e->user);
			uid = u.id;
		}
		if (db_enroll(im->course_id, uid, e->role, e->status, strcmp(e->status, "joined") == 0 ? now_ms() : 0) < 0)
			return -1;
		im->rep->enrollments++;
	}
	return 0;
}

static int64_t subject_id(const struct import *im, const char *path)
{
	for (size_t i = 0; i < im->p->nsubjects; i++)
		if (strcmp(im->p->subjects[i], path) == 0)
			return im->subject_ids[i];
	return 0;
}

static int import_subjects(struct import *im)
{
	for (size_t i = 0; i < im->p->nsubjects; i++) {
		const char *path = im->p->subjects[i], *slash = strrchr(path, '/');
		int64_t parent = slash ? subject_id(im, arena_strndup(im->a, path, (size_t)(slash - path))) : 0;
		struct dbq q;

		dbq_init(&q, STMT_SUBJECT_UPSERT, NULL);
		dbq_in_i64(&q, &im->course_id);
		dbq_in_i64(&q, parent > 0 ? &parent : NULL);
		dbq_in_str(&q, path);
		dbq_in_str(&q, slash ? slash + 1 : path);
		if (dbq_exec(&q) != 0)
			return -1;
		im->subject_ids[i] = (int64_t)dbq_insert_id(&q);
		im->rep->subjects++;
	}
	return 0;
}

/* Refuses a type change of an answered question; counts mark changes. */
static int check_existing_question(struct import *im, const struct content_question *q)
{
	struct dbq q1, q2;
	int64_t id = 0, marks = 0, answered = 0;
	char type[4];
	int rc;

	dbq_init(&q1, STMT_QUESTION_BY_KEY, NULL);
	dbq_in_i64(&q1, &im->course_id);
	dbq_in_str(&q1, q->key);
	dbq_out_i64(&q1, &id, NULL);
	dbq_out_str(&q1, type, sizeof(type), NULL);
	dbq_out_i64(&q1, &marks, NULL);
	if (dbq_exec(&q1) != 0)
		return -1;
	rc = dbq_fetch(&q1);
	dbq_done(&q1);
	if (rc <= 0)
		return rc;
	dbq_init(&q2, STMT_QUESTION_ANSWERED, NULL);
	dbq_in_i64(&q2, &id);
	dbq_out_i64(&q2, &answered, NULL);
	if (dbq_exec(&q2) != 0)
		return -1;
	rc = dbq_fetch(&q2);
	dbq_done(&q2);
	if (rc < 0)
		return -1;
	if (answered > 0 && (enum question_type)type[0] != q->type && !im->force)
		return refuse(im, "questions: '%s' has answers, and changing its type would lose them; "
		                  "re-import with --force to do it anyway", q->key);
	if (answered > 0 && (q->has_marks ? q->marks_e4 : -1) != marks)
		im->rep->regrade_needed++;
	return 0;
}

static int import_questions(struct import *im)
{
	for (size_t i = 0; i < im->p->nquestions; i++) {
		const struct content_question *q = &im->p->questions[i];
		int64_t sid = q->subject ? subject_id(im, q->subject) : 0;
		int rc = check_existing_question(im, q);

		if (rc != 0)
			return rc;
		if (db_question_put(im->course_id, q->key, q, sid, &im->question_ids[i]) != 0)
			return -1;
		im->rep->questions++;
		im->rep->options += (int)q->noptions;
	}
	return 0;
}

static int64_t question_id(const struct import *im, const char *key)
{
	for (size_t i = 0; i < im->p->nquestions; i++)
		if (strcmp(im->p->questions[i].key, key) == 0)
			return im->question_ids[i];
	return 0;
}

/* An exam's slug is global: it may not move another course's exam. */
static int check_exam_owner(struct import *im, const struct content_exam *e)
{
	struct dbq q;
	int64_t id, course;
	int rc;

	dbq_init(&q, STMT_EXAM_BY_SLUG, NULL);
	dbq_in_str(&q, e->slug);
	dbq_out_i64(&q, &id, NULL);
	dbq_out_i64(&q, &course, NULL);
	rc = dbq_one(&q);
	if (rc < 0)
		return -1;
	if (rc == 1 && course != im->course_id)
		return refuse(im, "exams: slug '%s' belongs to an exam of another course", e->slug);
	return 0;
}

static int upsert_exam(struct import *im, const struct content_exam *e, int64_t *id)
{
	struct dbq d;
	char public_id[41];
	int64_t dur = e->duration_s, vm = e->variable_marks, ar = e->allow_retake, er = e->enable_ranks,
	        sa = e->show_answers, sh = e->shuffle, ap = e->allow_pdf, pub = e->published;

	store_public_id("asmnt_", public_id);
	dbq_init(&d, STMT_EXAM_UPSERT, NULL);
	dbq_in_i64(&d, &im->course_id);
	dbq_in_str(&d, e->slug);
	dbq_in_str(&d, public_id);
	dbq_in_str(&d, e->title);
	dbq_in_str(&d, e->description ? e->description : "");
	dbq_in_ms(&d, e->has_start ? &e->start_ms : NULL);
	dbq_in_ms(&d, e->has_end ? &e->end_ms : NULL);
	dbq_in_i64(&d, dur > 0 ? &dur : NULL);
	dbq_in_str(&d, e->timer_mode);
	dbq_in_i64(&d, &e->grace_s);
	dbq_in_i64(&d, e->passing_score >= 0 ? &e->passing_score : NULL);
	dbq_in_i64(&d, &e->mark_e4);
	dbq_in_i64(&d, &e->negative_e4);
	dbq_in_i64(&d, &vm);
	dbq_in_i64(&d, &ar);
	dbq_in_i64(&d, e->max_attempts > 0 ? &e->max_attempts : NULL);
	dbq_in_str(&d, e->scoring_policy);
	dbq_in_i64(&d, &er);
	dbq_in_ms(&d, e->has_rank_publishing ? &e->rank_publishing_ms : NULL);
	dbq_in_i64(&d, &sa);
	dbq_in_i64(&d, &sh);
	dbq_in_str(&d, e->access_code);
	dbq_in_str(&d, e->ip_filter);
	dbq_in_i64(&d, &e->template_type);
	dbq_in_i64(&d, &ap);
	dbq_in_i64(&d, &pub);
	if (dbq_exec(&d) != 0)
		return -1;
	*id = (int64_t)dbq_insert_id(&d);
	return 0;
}

static int import_exam_parts(struct import *im, const struct content_exam *e, int64_t exam_id)
{
	int64_t *section_ids = ids(im, e->nsections);

	for (size_t i = 0; i < e->nsections; i++) {
		struct dbq d;
		int64_t pos = (int64_t)i, dur = e->sections[i].duration_s;

		dbq_init(&d, STMT_EXAM_SECTION_UPSERT, NULL);
		dbq_in_i64(&d, &exam_id);
		dbq_in_str(&d, e->sections[i].key);
		dbq_in_str(&d, e->sections[i].title);
		dbq_in_i64(&d, &pos);
		dbq_in_i64(&d, dur > 0 ? &dur : NULL);
		if (dbq_exec(&d) != 0)
			return -1;
		section_ids[i] = (int64_t)dbq_insert_id(&d);
	}
	for (size_t i = 0; i < e->nquestions; i++) {
		const struct content_exam_question *eq = &e->questions[i];
		int64_t qid = question_id(im, eq->question), sid = 0, pos = (int64_t)i, bonus = eq->bonus;
		struct dbq d;

		for (size_t s = 0; eq->section != NULL && s < e->nsections; s++)
			if (strcmp(e->sections[s].key, eq->section) == 0)
				sid = section_ids[s];
		dbq_init(&d, STMT_EXAM_QUESTION_UPSERT, NULL);
		dbq_in_i64(&d, &exam_id);
		dbq_in_i64(&d, &qid);
		dbq_in_i64(&d, sid > 0 ? &sid : NULL);
		dbq_in_i64(&d, &pos);
		dbq_in_i64(&d, eq->has_marks ? &eq->marks_e4 : NULL);
		dbq_in_i64(&d, eq->has_negative ? &eq->negative_e4 : NULL);
		dbq_in_i64(&d, &bonus);
		if (dbq_exec(&d) != 0)
			return -1;
		im->rep->exam_questions++;
	}
	return 0;
}

static int import_exams(struct import *im)
{
	for (size_t i = 0; i < im->p->nexams; i++) {
		const struct content_exam *e = &im->p->exams[i];
		int rc = check_exam_owner(im, e);

		if (rc != 0)
			return rc;
		if (upsert_exam(im, e, &im->exam_ids[i]) != 0 || import_exam_parts(im, e, im->exam_ids[i]) != 0)
			return -1;
		im->rep->exams++;
	}
	return 0;
}

static int64_t exam_id(const struct import *im, const char *slug)
{
	for (size_t i = 0; i < im->p->nexams; i++)
		if (strcmp(im->p->exams[i].slug, slug) == 0)
			return im->exam_ids[i];
	return 0;
}

static int import_sections(struct import *im)
{
	for (size_t i = 0; i < im->p->nsections; i++) {
		const struct content_section *s = &im->p->sections[i];
		int64_t pos = (int64_t)i, sid;
		struct dbq d;

		dbq_init(&d, STMT_SECTION_UPSERT, NULL);
		dbq_in_i64(&d, &im->course_id);
		dbq_in_str(&d, s->key);
		dbq_in_str(&d, s->title);
		dbq_in_i64(&d, &pos);
		dbq_in_ms(&d, s->has_dripped ? &s->dripped_ms : NULL);
		dbq_in_i64(&d, s->drip_delay >= 0 ? &s->drip_delay : NULL);
		if (dbq_exec(&d) != 0)
			return -1;
		sid = (int64_t)dbq_insert_id(&d);
		im->rep->sections++;
		for (size_t j = 0; j < s->nlessons; j++) {
			const struct content_lesson *l = &s->lessons[j];
			int64_t lpos = (int64_t)j, pub = l->published, eid = l->exam ? exam_id(im, l->exam) : 0;

			dbq_init(&d, STMT_LESSON_UPSERT, NULL);
			dbq_in_i64(&d, &sid);
			dbq_in_str(&d, l->key);
			dbq_in_str(&d, l->title);
			dbq_in_str(&d, l->kind);
			dbq_in_i64(&d, &lpos);
			dbq_in_i64(&d, &pub);
			dbq_in_i64(&d, eid > 0 ? &eid : NULL);
			dbq_in_i64(&d, l->duration_s > 0 ? &l->duration_s : NULL);
			if (dbq_exec(&d) != 0)
				return -1;
			im->rep->lessons++;
		}
	}
	return 0;
}

static int run_import(void *ctx)
{
	struct import *im = ctx;
	int rc;

	memset(im->rep, 0, sizeof(*im->rep));
	im->course_id = db_course_upsert(im->p->slug, im->p->title, im->p->description ? im->p->description : "",
	                                 im->p->type, im->p->enforce_lessons_order);
	if (im->course_id < 0)
		return -1;
	/* the records of attempts started without them come from their exams'
	 * questions as they stand: made before any change (db_records.c), and
	 * before the check that a question was answered reads them */
	if (db_records_make_course(im->course_id) != 0)
		return -1;
	if ((rc = import_users(im)) != 0 || (rc = import_subjects(im)) != 0 || (rc = import_questions(im)) != 0 ||
	    (rc = import_exams(im)) != 0 || (rc = import_sections(im)) != 0)
		return rc;
	return 0;
}

int db_import_package(const struct course_content *p, bool force, struct arena *a, struct import_report *rep)
{
	struct import im = {p, force, a, rep, 0, NULL, NULL, NULL, NULL};
	int64_t course = 0;

	im.user_ids = ids(&im, p->nusers);
	im.subject_ids = ids(&im, p->nsubjects);
	im.question_ids = ids(&im, p->nquestions);
	im.exam_ids = ids(&im, p->nexams);
	if (im.user_ids == NULL || im.subject_ids == NULL || im.question_ids == NULL || im.exam_ids == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	rep->error[0] = '\0';
	/* the records of the course's attempts that lack them, before the
	 * import's transaction: made there, they would hold those attempts'
	 * rows to its commit (db_records.c) */
	if (db_course_id(p->slug, &course) < 0 || (course > 0 && db_records_settle_course(course) != 0))
		return -1;
	return db_tx(run_import, &im, false);
}
