/* invigil — what learners do with lessons that run no exam (opening them,
 * watching a video), who attended a video conference, and the Testpress
 * admin report of chapter content attempts over both (docs/testpress-admin.md). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/store.h"

int db_lesson_ref(int64_t lesson_id, struct arena *mem, struct lesson_ref *out)
{
	char kind[24];
	int64_t published;
	struct dbq q;
	int rc;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_LESSON_REF, mem);
	dbq_in_i64(&q, &lesson_id);
	dbq_out_i64(&q, &out->id, NULL);
	dbq_out_i64(&q, &out->section_id, NULL);
	dbq_out_i64(&q, &out->course_id, NULL);
	dbq_out_i64(&q, &out->exam_id, NULL);
	dbq_out_str(&q, kind, sizeof(kind), NULL);
	dbq_out_i64(&q, &published, NULL);
	dbq_out_i64(&q, &out->duration_ms, NULL);
	dbq_out_text(&q, &out->title);
	if ((rc = dbq_one(&q)) == 1) {
		out->kind = lesson_kind_parse(kind);
		out->published = published != 0;
		out->duration_ms *= 1000;
	}
	return rc;
}

int64_t db_progress_open(int64_t lesson_id, int64_t user_id, int64_t opened_ms, int64_t completed_ms)
{
	struct dbq q;

	dbq_init(&q, STMT_PROGRESS_OPEN, NULL);
	dbq_in_i64(&q, &lesson_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_ms(&q, &opened_ms);
	dbq_in_ms(&q, completed_ms > 0 ? &completed_ms : NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	return (int64_t)dbq_insert_id(&q);
}

/* Reads one progress row of q (its parameters bound) into out: 1, 0, -1. */
static int progress_row(struct dbq *q, struct lesson_progress *out)
{
	bool no_open, no_done, no_cover;
	int rc;

	dbq_out_i64(q, &out->id, NULL);
	dbq_out_i64(q, &out->lesson_id, NULL);
	dbq_out_i64(q, &out->user_id, NULL);
	dbq_out_ms(q, &out->opened_ms, &no_open);
	dbq_out_ms(q, &out->completed_ms, &no_done);
	dbq_out_i64(q, &out->position_ms, NULL);
	dbq_out_i64(q, &out->watched_permille, NULL);
	dbq_out_str(q, out->coverage, sizeof(out->coverage), &no_cover);
	if ((rc = dbq_one(q)) == 1) {
		if (no_open)
			out->opened_ms = 0;
		if (no_done)
			out->completed_ms = 0;
		if (no_cover)
			out->coverage[0] = '\0';
	}
	return rc;
}

int db_progress_get(int64_t id, bool lock, struct lesson_progress *out)
{
	struct dbq q;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, lock ? STMT_PROGRESS_LOCK : STMT_PROGRESS_GET, NULL);
	dbq_in_i64(&q, &id);
	return progress_row(&q, out);
}

int db_progress_of(int64_t lesson_id, int64_t user_id, struct lesson_progress *out)
{
	struct dbq q;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_PROGRESS_OF, NULL);
	dbq_in_i64(&q, &lesson_id);
	dbq_in_i64(&q, &user_id);
	return progress_row(&q, out);
}

int db_progress_watch(const struct lesson_progress *p)
{
	struct dbq q;

	dbq_init(&q, STMT_PROGRESS_WATCH, NULL);
	dbq_in_i64(&q, &p->position_ms);
	dbq_in_i64(&q, &p->watched_permille);
	dbq_in_str(&q, p->coverage[0] ? p->coverage : NULL);
	dbq_in_ms(&q, p->completed_ms > 0 ? &p->completed_ms : NULL);
	dbq_in_i64(&q, &p->id);
	return dbq_exec(&q);
}

/* Binds the report's scope and filters for one branch (CONTENT_FILTERS'
 * order); the values live in *v. */
struct content_binds {
	int64_t all, state, one_user;
};

static void bind_content_filter(struct dbq *q, const struct content_filter *f, const struct content_binds *v)
{
	const char *lists[] = {f->section_ids, f->course_ids, f->lesson_ids};
	const int64_t *one = v->one_user > 0 ? &v->one_user : NULL;
	/* one learner is an equality (an index); several a list */
	const char *users = v->one_user > 0 ? NULL : f->user_ids;

	dbq_in_i64(q, &v->all);
	dbq_in_i64(q, &f->caller);
	dbq_in_i64(q, one);
	dbq_in_i64(q, one);
	dbq_in_str(q, users);
	dbq_in_str(q, users);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		dbq_in_str(q, lists[i]);
		dbq_in_str(q, lists[i]);
	}
	dbq_in_i64(q, f->exam_id > 0 ? &f->exam_id : NULL);
	dbq_in_i64(q, f->exam_id > 0 ? &f->exam_id : NULL);
	dbq_in_str(q, f->kinds);
	dbq_in_str(q, f->kinds);
	dbq_in_i64(q, f->state >= 0 ? &v->state : NULL);
	dbq_in_i64(q, f->state >= 0 ? &v->state : NULL);
	dbq_in_ms(q, f->from_ms > 0 ? &f->from_ms : NULL);
	dbq_in_ms(q, f->from_ms > 0 ? &f->from_ms : NULL);
	dbq_in_ms(q, f->to_ms > 0 ? &f->to_ms : NULL);
	dbq_in_ms(q, f->to_ms > 0 ? &f->to_ms : NULL);
}

/* Both branches' parameters. */
static void bind_content(struct dbq *q, const struct content_filter *f, const struct content_binds *v)
{
	bind_content_filter(q, f, v);
	bind_content_filter(q, f, v);
}

int db_content_attempts(const struct content_filter *f, int64_t offset, int64_t limit, struct content_row *out,
                        size_t *n, int64_t *count)
{
	struct content_binds v = {.all = f->all, .state = f->state};
	struct content_row row = {0};
	bool not_done;
	char kind[24], *end;
	struct dbq q;
	int rc;

	*n = 0;
	/* a list of one id ("42") is that learner */
	if (f->user_ids != NULL && strchr(f->user_ids, ',') == NULL)
		v.one_user = strtoll(f->user_ids, &end, 10);
	dbq_init(&q, STMT_CONTENT_COUNT, NULL);
	bind_content(&q, f, &v);
	dbq_out_i64(&q, count, NULL);
	if (dbq_one(&q) < 0)
		return -1;
	dbq_init(&q, STMT_CONTENT_LIST, NULL);
	bind_content(&q, f, &v);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	dbq_out_i64(&q, &row.user_id, NULL);
	dbq_out_i64(&q, &row.course_id, NULL);
	dbq_out_i64(&q, &row.section_id, NULL);
	dbq_out_i64(&q, &row.lesson_id, NULL);
	dbq_out_str(&q, kind, sizeof(kind), NULL);
	dbq_out_i64(&q, &row.exam_id, NULL);
	dbq_out_i64(&q, &row.progress_id, NULL);
	dbq_out_i64(&q, &row.attempt_id, NULL);
	dbq_out_ms(&q, &row.created_ms, NULL);
	dbq_out_ms(&q, &row.completed_ms, &not_done);
	dbq_out_i64(&q, &row.position_ms, NULL);
	dbq_out_i64(&q, &row.watched_permille, NULL);
	dbq_out_i64(&q, &row.duration_ms, NULL);
	dbq_out_i64(&q, &row.correct, NULL);
	dbq_out_i64(&q, &row.incorrect, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && *n < (size_t)limit) {
		row.kind = lesson_kind_parse(kind);
		if (not_done)
			row.completed_ms = 0;
		row.duration_ms *= 1000;
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_member_by_email(int64_t course_id, const char *email, int64_t *user_id)
{
	int64_t id;
	struct dbq q;
	int rc, found = 0;

	dbq_init(&q, STMT_MEMBER_BY_EMAIL, NULL);
	dbq_in_i64(&q, &course_id);
	dbq_in_str(&q, email);
	dbq_out_i64(&q, &id, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		*user_id = id;
		found++;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : found;
}

int db_attendance_add(int64_t lesson_id, int64_t user_id, int64_t joined_ms, int64_t left_ms)
{
	static const enum stmt_id steps[] = {STMT_ATTENDANCE_ADD, STMT_PROGRESS_ATTEND};
	struct dbq q;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		dbq_init(&q, steps[i], NULL);
		dbq_in_i64(&q, &lesson_id);
		dbq_in_i64(&q, &user_id);
		dbq_in_ms(&q, &joined_ms);
		dbq_in_ms(&q, &left_ms);
		if (dbq_exec(&q) != 0)
			return -1;
	}
	return 0;
}

int db_attendance(int64_t lesson_id, int64_t offset, int64_t limit, struct attendance_row *out, size_t *n,
                  int64_t *count)
{
	struct attendance_row row = {0};
	bool no_name, no_email;
	struct dbq q;
	int rc;

	*n = 0;
	dbq_init(&q, STMT_ATTENDANCE_COUNT, NULL);
	dbq_in_i64(&q, &lesson_id);
	dbq_out_i64(&q, count, NULL);
	if (dbq_one(&q) < 0)
		return -1;
	dbq_init(&q, STMT_ATTENDANCE_LIST, NULL);
	dbq_in_i64(&q, &lesson_id);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	dbq_out_str(&q, row.username, sizeof(row.username), NULL);
	dbq_out_str(&q, row.display_name, sizeof(row.display_name), &no_name);
	dbq_out_str(&q, row.email, sizeof(row.email), &no_email);
	dbq_out_ms(&q, &row.joined_ms, NULL);
	dbq_out_ms(&q, &row.left_ms, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && *n < (size_t)limit) {
		if (no_name)
			row.display_name[0] = '\0';
		if (no_email)
			row.email[0] = '\0';
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}
