/* invigil — courses, enrollments, and the lessons that run exams. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/store.h"

/* courses.type as the enum. */
static enum course_type course_type_of(const char *type)
{
	return strcmp(type, "scheduled") == 0 ? COURSE_SCHEDULED
	       : strcmp(type, "structured") == 0 ? COURSE_STRUCTURED
	                                         : COURSE_SELF_PACED;
}

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

int db_exam_behind_lesson(int64_t exam_id)
{
	int64_t one;
	struct dbq q;

	dbq_init(&q, STMT_EXAM_BEHIND_LESSON, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_out_i64(&q, &one, NULL);
	return dbq_one(&q);
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

/* A course row's raw columns (COURSE_COLUMNS), finished by finish_course. */
struct course_cols {
	char type[16];
	int64_t order;
};

/* Binds COURSE_COLUMNS' outputs into *out and *cols. */
static void bind_course(struct dbq *q, struct course *out, struct course_cols *cols)
{
	dbq_out_i64(q, &out->id, NULL);
	dbq_out_str(q, out->slug, sizeof(out->slug), NULL);
	dbq_out_text(q, &out->title);
	dbq_out_text(q, &out->description);
	dbq_out_str(q, cols->type, sizeof(cols->type), NULL);
	dbq_out_i64(q, &cols->order, NULL);
	dbq_out_ms(q, &out->created_ms, NULL);
}

static void finish_course(struct course *out, const struct course_cols *cols)
{
	out->type = course_type_of(cols->type);
	out->enforce_order = cols->order != 0;
}

int db_course_get(int64_t id, struct arena *mem, struct course *out)
{
	struct course_cols cols;
	struct dbq q;
	int rc;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_COURSE_GET, mem);
	dbq_in_i64(&q, &id);
	bind_course(&q, out, &cols);
	if ((rc = dbq_one(&q)) == 1)
		finish_course(out, &cols);
	return rc;
}

int db_user_courses(int64_t user_id, bool all, int64_t offset, int64_t limit, struct arena *mem,
                    struct user_course *out, size_t *n, int64_t *count)
{
	struct user_course row;
	struct course_cols cols;
	bool no_en;
	struct dbq q;
	int rc;

	*n = 0;
	dbq_init(&q, all ? STMT_COURSES_ALL_COUNT : STMT_COURSES_JOINED_COUNT, NULL);
	if (!all)
		dbq_in_i64(&q, &user_id);
	dbq_out_i64(&q, count, NULL);
	if (dbq_one(&q) < 0)
		return -1;
	memset(&row, 0, sizeof(row));
	dbq_init(&q, all ? STMT_COURSES_ALL : STMT_COURSES_JOINED, mem);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	bind_course(&q, &row.course, &cols);
	dbq_out_str(&q, row.en.role, sizeof(row.en.role), &no_en);
	dbq_out_str(&q, row.en.status, sizeof(row.en.status), NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && (int64_t)*n < limit) {
		finish_course(&row.course, &cols);
		row.en.found = !no_en;
		if (no_en)
			row.en.role[0] = row.en.status[0] = '\0';
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_enrollment_of(int64_t course_id, int64_t user_id, struct enrollment *out)
{
	bool no_join;
	struct dbq q;
	int rc;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_ENROLLMENT_OF, NULL);
	dbq_in_i64(&q, &course_id);
	dbq_in_i64(&q, &user_id);
	dbq_out_str(&q, out->role, sizeof(out->role), NULL);
	dbq_out_str(&q, out->status, sizeof(out->status), NULL);
	dbq_out_ms(&q, &out->joined_ms, &no_join);
	rc = dbq_one(&q);
	out->found = rc == 1;
	if (rc == 1 && no_join)
		out->joined_ms = 0;
	return rc;
}

/* The columns STMT_ACCESS_OF and STMT_STANDING_OF begin with. */
struct access_cols {
	int64_t found, unlocked;
	bool no_join;
};

static void bind_access(struct dbq *q, struct enrollment *en, struct extension *x, struct access_cols *c)
{
	memset(en, 0, sizeof(*en));
	memset(x, 0, sizeof(*x));
	memset(c, 0, sizeof(*c));
	dbq_out_i64(q, &c->found, NULL);
	dbq_out_str(q, en->role, sizeof(en->role), NULL);
	dbq_out_str(q, en->status, sizeof(en->status), NULL);
	dbq_out_ms(q, &en->joined_ms, &c->no_join);
	dbq_out_i64(q, &x->extra_attempts, NULL);
	dbq_out_i64(q, &x->extra_time_s, NULL);
	dbq_out_i64(q, &c->unlocked, NULL);
}

static void finish_access(int rc, struct enrollment *en, struct extension *x, const struct access_cols *c)
{
	en->found = rc == 1 && c->found != 0;
	if (!en->found || c->no_join)
		en->joined_ms = 0;
	x->manually_unlocked = c->unlocked != 0;
}

int db_access_of(int64_t course_id, int64_t exam_id, int64_t user_id, struct enrollment *en, struct extension *x,
                 bool *behind_lesson)
{
	struct access_cols c;
	int64_t lesson = 0;
	struct dbq q;
	int rc;

	dbq_init(&q, STMT_ACCESS_OF, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &course_id);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	bind_access(&q, en, x, &c);
	dbq_out_i64(&q, &lesson, NULL);
	rc = dbq_one(&q);
	finish_access(rc, en, x, &c);
	*behind_lesson = rc == 1 && lesson != 0;
	return rc;
}

int db_standing_of(int64_t course_id, int64_t exam_id, int64_t user_id, struct enrollment *en, struct extension *x,
                   struct attempt_tally *t)
{
	struct access_cols c;
	struct dbq q;
	int rc;

	dbq_init(&q, STMT_STANDING_OF, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &course_id);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &user_id);
	bind_access(&q, en, x, &c);
	memset(t, 0, sizeof(*t));
	dbq_out_i64(&q, &t->taken, NULL);
	dbq_out_i64(&q, &t->max_no, NULL);
	dbq_out_i64(&q, &t->open_id, NULL);
	dbq_out_i64(&q, &t->running_id, NULL);
	rc = dbq_one(&q);
	finish_access(rc, en, x, &c);
	if (rc != 1)
		memset(t, 0, sizeof(*t));
	return rc;
}

int db_course_creator(int64_t course_id, struct user *out)
{
	bool no_name;
	struct dbq q;
	int rc;

	memset(out, 0, sizeof(*out));
	dbq_init(&q, STMT_COURSE_CREATOR, NULL);
	dbq_in_i64(&q, &course_id);
	dbq_out_i64(&q, &out->id, NULL);
	dbq_out_str(&q, out->username, sizeof(out->username), NULL);
	dbq_out_str(&q, out->display_name, sizeof(out->display_name), &no_name);
	rc = dbq_one(&q);
	if (rc == 1 && no_name)
		out->display_name[0] = '\0';
	return rc;
}

/* Makes room in *rows (of *cap elements of size bytes, in mem) for one more
 * past n: false when out of memory. */
static bool grow(struct arena *mem, void **rows, size_t *cap, size_t n, size_t size)
{
	void *more;

	if (n < *cap)
		return true;
	more = arena_calloc(mem, *cap ? *cap * 2 : 16, size);
	if (more == NULL)
		return false;
	if (n > 0)
		memcpy(more, *rows, n * size);
	*rows = more;
	*cap = *cap ? *cap * 2 : 16;
	return true;
}

int db_course_sections(int64_t course_id, struct arena *mem, struct course_section **out, size_t *n)
{
	struct course_section row = {0};
	bool no_date, no_delay;
	size_t cap = 0;
	struct dbq q;
	int rc;

	*out = NULL;
	*n = 0;
	dbq_init(&q, STMT_COURSE_SECTIONS, mem);
	dbq_in_i64(&q, &course_id);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_text(&q, &row.title);
	dbq_out_ms(&q, &row.dripped_ms, &no_date);
	dbq_out_i64(&q, &row.drip_delay_days, &no_delay);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		if (!grow(mem, (void **)out, &cap, *n, sizeof(row))) {
			rc = db_fail(DB_ERR_OTHER, "out of memory");
			break;
		}
		if (no_date)
			row.dripped_ms = 0;
		row.has_delay = !no_delay;
		if (no_delay)
			row.drip_delay_days = 0;
		(*out)[(*n)++] = row;
		memset(&row, 0, sizeof(row));
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

/* attempts.result as an outcome. */
static enum lesson_outcome outcome_of(const char *result, bool none)
{
	if (none)
		return LO_NONE;
	return strcmp(result, "passed") == 0 ? LO_PASSED : strcmp(result, "failed") == 0 ? LO_FAILED : LO_PENDING;
}

int db_course_lessons(int64_t course_id, int64_t user_id, struct arena *mem, struct course_lesson **out, size_t *n)
{
	struct course_lesson row = {0};
	char kind[24], result[16];
	int64_t published;
	bool not_completed, no_result;
	size_t cap = 0;
	struct dbq q;
	int rc;

	*out = NULL;
	*n = 0;
	dbq_init(&q, STMT_COURSE_LESSONS, mem);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &course_id);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_i64(&q, &row.section_id, NULL);
	dbq_out_text(&q, &row.title);
	dbq_out_str(&q, kind, sizeof(kind), NULL);
	dbq_out_i64(&q, &published, NULL);
	dbq_out_i64(&q, &row.exam_id, NULL);
	dbq_out_i64(&q, &row.duration_ms, NULL);
	dbq_out_ms(&q, &row.completed_ms, &not_completed);
	dbq_out_str(&q, result, sizeof(result), &no_result);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		if (!grow(mem, (void **)out, &cap, *n, sizeof(row))) {
			rc = db_fail(DB_ERR_OTHER, "out of memory");
			break;
		}
		row.kind = lesson_kind_parse(kind);
		row.published = published != 0;
		row.duration_ms *= 1000;
		if (not_completed)
			row.completed_ms = 0;
		row.last = outcome_of(result, no_result);
		(*out)[(*n)++] = row;
		memset(&row, 0, sizeof(row));
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_lesson_progress(int64_t lesson_id, int64_t user_id, int64_t at_ms)
{
	struct dbq q;

	dbq_init(&q, at_ms > 0 ? STMT_LESSON_PROGRESS_SET : STMT_LESSON_PROGRESS_CLEAR, NULL);
	dbq_in_i64(&q, &lesson_id);
	dbq_in_i64(&q, &user_id);
	if (at_ms > 0)
		dbq_in_ms(&q, &at_ms);
	return dbq_exec(&q);
}

/* Binds the filter's parameters (QUIZ_DASHBOARD_FROM's order). */
static void bind_quiz_filter(struct dbq *q, const struct quiz_filter *f)
{
	dbq_in_i64(q, &f->course_id);
	dbq_in_str(q, f->statuses);
	for (int i = 0; i < 4; i++)
		dbq_in_str(q, f->like);
}

int db_quiz_dashboard(const struct quiz_filter *f, int64_t offset, int64_t limit, struct arena *mem,
                      struct quiz_row *out, size_t *n, int64_t *count)
{
	struct quiz_row row = {0};
	char state[16], result[16];
	bool no_result, no_name;
	struct dbq q;
	int rc;

	*n = 0;
	dbq_init(&q, STMT_QUIZ_DASHBOARD_COUNT, NULL);
	bind_quiz_filter(&q, f);
	dbq_out_i64(&q, count, NULL);
	if (dbq_one(&q) < 0)
		return -1;
	dbq_init(&q, STMT_QUIZ_DASHBOARD, mem);
	bind_quiz_filter(&q, f);
	dbq_in_i64(&q, &limit);
	dbq_in_i64(&q, &offset);
	dbq_out_i64(&q, &row.attempt_id, NULL);
	dbq_out_i64(&q, &row.section_id, NULL);
	dbq_out_i64(&q, &row.lesson_id, NULL);
	dbq_out_text(&q, &row.lesson_title);
	dbq_out_ms(&q, &row.created_ms, NULL);
	dbq_out_str(&q, state, sizeof(state), NULL);
	dbq_out_str(&q, result, sizeof(result), &no_result);
	dbq_out_i64(&q, &row.percentage_e4, NULL);
	dbq_out_i64(&q, &row.user_id, NULL);
	dbq_out_str(&q, row.username, sizeof(row.username), NULL);
	dbq_out_str(&q, row.display_name, sizeof(row.display_name), &no_name);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && *n < (size_t)limit) {
		row.state = strcmp(state, "completed") == 0 ? AS_COMPLETED
		            : strcmp(state, "running") == 0 ? AS_RUNNING
		                                            : AS_NOT_STARTED;
		row.outcome = outcome_of(result, no_result);
		if (no_name)
			row.display_name[0] = '\0';
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_course_learners(int64_t course_id, int64_t **ids, size_t *n)
{
	int64_t id, *more;
	size_t cap = 0;
	struct dbq q;
	int rc;

	*ids = NULL;
	*n = 0;
	dbq_init(&q, STMT_COURSE_LEARNERS, NULL);
	dbq_in_i64(&q, &course_id);
	dbq_out_i64(&q, &id, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((more = realloc(*ids, cap * sizeof(**ids))) == NULL) {
				rc = db_fail(DB_ERR_OTHER, "out of memory");
				break;
			}
			*ids = more;
		}
		(*ids)[(*n)++] = id;
	}
	dbq_done(&q);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void db_ids_free(int64_t *ids)
{
	free(ids);
}
