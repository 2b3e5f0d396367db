/* invigil — learner progress with lessons that run no exam, video-conference
 * attendance, and the Testpress admin report of chapter content attempts
 * (docs/testpress-admin.md).  The rules: opening an attachment or HTML
 * lesson completes it; watching WATCH_COMPLETE_PERMILLE of a video
 * completes it (rules/watch.c); attending a video conference completes it;
 * a quiz or exam lesson is opened by starting an attempt of its exam, and
 * completed by passing it (engine_finish_locked), never here.  The
 * completion is the course face's one (lesson_progress), so every face
 * sees it. */
#include "config.h"

#include <string.h>

#include "invigil/engine_impl.h"

/* Lesson lesson_id for the caller to open or use (to_take: the lesson
 * rules of its course, the outline's, apply; else only seeing it): where it
 * sits.  REF_NOT_FOUND, REF_NOT_ENROLLED, REF_LESSON_*. */
static enum inv_err lesson_for(struct engine_ctx *cx, int64_t lesson_id, bool to_take, struct arena *mem,
                               struct lesson_ref *ref)
{
	struct course_outline o;
	const struct course_lesson *l;
	int rc;

	if ((rc = db_lesson_ref(lesson_id, mem, ref)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	return engine_course_lesson(cx, ref->course_id, ref->section_id, lesson_id, to_take, mem, &o, &l);
}

static enum inv_err lesson_for_learner(struct engine_ctx *cx, int64_t lesson_id, struct arena *mem,
                                       struct lesson_ref *ref)
{
	return lesson_for(cx, lesson_id, true, mem, ref);
}

enum inv_err engine_content_read(struct engine_ctx *cx, int64_t lesson_id, struct arena *mem,
                                 struct content_progress *out, bool *has_progress)
{
	enum inv_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	*has_progress = false;
	if ((err = lesson_for(cx, lesson_id, false, mem, &out->lesson)) != INV_OK)
		return err;
	if (lesson_runs_exam(out->lesson.kind)) /* its attempts are the exam's (engine_attempt_list) */
		return INV_OK;
	if ((rc = db_progress_of(lesson_id, cx->user_id, &out->progress)) < 0)
		return store_err();
	*has_progress = rc == 1;
	out->progress.watched_ms = watch_time_ms(out->lesson.duration_ms, out->progress.watched_permille);
	return INV_OK;
}

/* Does opening a lesson of kind k complete it? */
static bool opening_completes(enum lesson_kind k)
{
	return k == LESSON_ATTACHMENT || k == LESSON_HTML;
}

enum inv_err engine_content_open(struct engine_ctx *cx, int64_t lesson_id, struct arena *mem,
                                 struct content_progress *out)
{
	enum inv_err err;
	int64_t id;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((err = lesson_for_learner(cx, lesson_id, mem, &out->lesson)) != INV_OK)
		return err;
	if (lesson_runs_exam(out->lesson.kind)) {
		struct membership m;

		if ((err = engine_exam(cx, out->lesson.exam_id, &out->ec, &m)) != INV_OK)
			return err;
		return engine_create(cx, out->ec, &out->attempt, NULL);
	}
	id = db_progress_open(lesson_id, cx->user_id, cx->now_ms,
	                      opening_completes(out->lesson.kind) ? cx->now_ms : 0);
	if (id <= 0 || (rc = db_progress_get(id, false, &out->progress)) < 0)
		return store_err();
	out->progress.watched_ms = watch_time_ms(out->lesson.duration_ms, out->progress.watched_permille);
	return rc == 1 ? INV_CREATED : INV_EINTERNAL;
}

struct watch_tx {
	struct engine_ctx *cx;
	int64_t id, position_ms;
	const struct watch_range *ranges;
	size_t n;
	struct content_progress *out;
};

/* Folds the played ranges into the locked row: 0, 1 refused (not the
 * caller's video), -1. */
static int watch_locked(void *arg)
{
	struct watch_tx *t = arg;
	struct lesson_progress *p = &t->out->progress;
	unsigned char bits[WATCH_PARTS / 8];
	int rc;

	if ((rc = db_progress_get(t->id, true, p)) <= 0)
		return rc < 0 ? -1 : 1;
	if (p->user_id != t->cx->user_id || p->lesson_id != t->out->lesson.id)
		return 1;
	if (watch_decode(p->coverage, bits) != 0)
		memset(bits, 0, sizeof(bits)); /* an operator's bad edit: start over */
	for (size_t i = 0; i < t->n; i++)
		watch_mark(bits, t->out->lesson.duration_ms, t->ranges[i].from_ms, t->ranges[i].to_ms);
	watch_encode(bits, p->coverage);
	p->watched_permille = watch_permille(bits);
	p->position_ms = t->position_ms;
	if (t->out->lesson.duration_ms > 0 && p->position_ms > t->out->lesson.duration_ms)
		p->position_ms = t->out->lesson.duration_ms;
	if (p->completed_ms == 0 && watch_complete(p->watched_permille))
		p->completed_ms = t->cx->now_ms;
	return db_progress_watch(p);
}

enum inv_err engine_video_watch(struct engine_ctx *cx, int64_t progress_id, int64_t position_ms,
                                const struct watch_range *ranges, size_t n, struct arena *mem,
                                struct content_progress *out)
{
	struct watch_tx t = {cx, progress_id, position_ms, ranges, n, out};
	enum inv_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	/* the row's lesson first (outside the transaction): its rules and length */
	if ((rc = db_progress_get(progress_id, false, &out->progress)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if (out->progress.user_id != cx->user_id) /* another's is no business of the caller's */
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if ((err = lesson_for_learner(cx, out->progress.lesson_id, mem, &out->lesson)) != INV_OK)
		return err;
	if (out->lesson.kind != LESSON_VIDEO)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, "No such video attempt.");
	if ((rc = store_tx(watch_locked, &t, true)) != 0)
		return rc == 1 ? engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL) : store_err();
	out->progress.watched_ms = watch_time_ms(out->lesson.duration_ms, out->progress.watched_permille);
	return INV_OK;
}

/* --- video-conference attendance ------------------------------------------------ */

/* Lesson lesson_id as a video conference: REF_NOT_FOUND otherwise. */
static enum inv_err conference(struct engine_ctx *cx, int64_t lesson_id, struct arena *mem, struct lesson_ref *ref)
{
	int rc = db_lesson_ref(lesson_id, mem, ref);

	if (rc < 0)
		return store_err();
	if (rc == 0 || ref->kind != LESSON_VIDEO_CONFERENCE)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, "No such video conference.");
	return INV_OK;
}

enum inv_err engine_attendance(struct engine_ctx *cx, int64_t lesson_id, int64_t offset, int64_t limit,
                               struct arena *mem, struct attendance_row *out, size_t *n, int64_t *count)
{
	struct lesson_ref ref;
	enum inv_err err = conference(cx, lesson_id, mem, &ref);
	int staff;

	if (err != INV_OK)
		return err;
	if ((staff = engine_is_staff(cx, ref.course_id)) < 0)
		return store_err();
	if (staff == 0)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
	return db_attendance(lesson_id, offset, limit, out, n, count) == 0 ? INV_OK : store_err();
}

struct import_tx {
	int64_t lesson_id;
	const struct attendance_in *rows;
	size_t n;
};

/* Each stay, with the learner's progress (opened when they first joined,
 * completed when they first left, whatever the file's order). */
static int import_all(void *arg)
{
	const struct import_tx *t = arg;

	for (size_t i = 0; i < t->n; i++)
		if (db_attendance_add(t->lesson_id, t->rows[i].user_id, t->rows[i].joined_ms, t->rows[i].left_ms) != 0)
			return -1;
	return 0;
}

enum inv_err engine_attendance_import(struct engine_ctx *cx, int64_t lesson_id, struct attendance_in *rows, size_t n)
{
	struct arena mem = {0};
	struct lesson_ref ref;
	struct import_tx t = {lesson_id, rows, n};
	enum inv_err err = conference(cx, lesson_id, &mem, &ref);

	arena_free(&mem);
	if (err != INV_OK)
		return err;
	/* every row names a member of the course and a stay that ends after it
	 * begins, or nothing is imported (the refusal's item names the row) */
	for (size_t i = 0; i < n; i++) {
		struct attendance_in *r = &rows[i];
		struct enrollment en;
		struct user u;
		int rc = 0;

		cx->item = i + 1;
		if (r->left_ms < r->joined_ms)
			return engine_refuse(cx, INV_EINVAL, REF_INVALID, "leave_time", "It leaves before it joins.");
		if (r->username[0] != '\0') {
			if ((rc = db_user_by_username(r->username, &u)) == 1)
				r->user_id = u.id;
		} else if ((rc = db_member_by_email(ref.course_id, r->email, &r->user_id)) > 1) {
			return engine_refuse(cx, INV_EINVAL, REF_INVALID, "email",
			                     "Several members of the course have this email: give the username.");
		}
		if (rc < 0 || (rc == 1 && (rc = db_enrollment_of(ref.course_id, r->user_id, &en)) < 0))
			return store_err();
		if (rc == 0 || strcmp(en.status, "joined") != 0)
			return engine_refuse(cx, INV_EINVAL, REF_NOT_ENROLLED, r->username[0] ? "username" : "email",
			                     "Not a joined member of the lesson's course.");
	}
	cx->item = 0;
	return store_tx(import_all, &t, true) == 0 ? INV_OK : store_err();
}

/* --- the admin report ------------------------------------------------------------- */

/* The course of row r among out's courses, read once (its outline without
 * any learner's progress). */
static enum inv_err course_of(struct content_report *out, int64_t course_id, struct arena *mem)
{
	struct content_course *c;
	struct user creator;
	int rc;

	for (size_t i = 0; i < out->ncourses; i++)
		if (out->courses[i].course.id == course_id)
			return INV_OK;
	c = &out->courses[out->ncourses];
	if ((rc = db_course_get(course_id, mem, &c->course)) <= 0)
		return rc < 0 ? store_err() : INV_OK; /* deleted since: its rows name it alone */
	if (db_course_sections(course_id, mem, &c->sections, &c->nsections) != 0 ||
	    db_course_lessons(course_id, 0, mem, &c->lessons, &c->nlessons) != 0 ||
	    (rc = db_course_creator(course_id, &creator)) < 0)
		return store_err();
	c->creator_id = rc == 1 ? creator.id : 0;
	out->ncourses++;
	return INV_OK;
}

enum inv_err engine_content_attempts(struct engine_ctx *cx, struct content_filter *f, int64_t offset, int64_t limit,
                                     struct arena *mem, struct content_report *out)
{
	enum inv_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	f->caller = cx->user_id;
	if ((err = engine_admin_scope(cx, &f->all)) != INV_OK)
		return err;
	if ((out->rows = arena_calloc(mem, (size_t)limit, sizeof(*out->rows))) == NULL ||
	    (out->courses = arena_calloc(mem, (size_t)limit, sizeof(*out->courses))) == NULL ||
	    (out->exams = arena_calloc(mem, (size_t)limit, sizeof(*out->exams))) == NULL)
		return INV_EINTERNAL;
	if (db_content_attempts(f, offset, limit, out->rows, &out->n, &out->count) != 0)
		return store_err();
	for (size_t i = 0; i < out->n; i++) {
		const struct content_row *r = &out->rows[i];
		struct content_attempt *x = &out->exams[out->nexams];

		out->rows[i].watched_ms = watch_time_ms(r->duration_ms, r->watched_permille);
		if ((err = course_of(out, r->course_id, mem)) != INV_OK)
			return err;
		if (r->attempt_id == 0)
			continue;
		/* as stored: the rows are in the caller's scope already, and a
		 * report ends nothing (a deleted attempt is left out of user_exams) */
		if ((rc = db_attempt_get(r->attempt_id, &x->a)) < 0 ||
		    (rc == 1 && (rc = exam_cache_get(x->a.exam_id, x->a.exam_version, &x->ec)) < 0))
			return store_err();
		if (rc == 0)
			continue;
		engine_clock(x->ec, &x->a, cx->now_ms, &x->clock);
		if (x->a.state == AS_COMPLETED && (err = engine_attempt_rank(cx, x->ec, &x->a, &x->standing)) != INV_OK)
			return err;
		out->nexams++;
	}
	return INV_OK;
}
