/* invigil — authoring exams through a face (the assessments API): only the
 * staff of the exam's course, and every question held to its type's shape. */
#include "config.h"

#include <string.h>

#include "invigil/engine_impl.h"

/* Refuses unless the caller is staff of course_id. */
static enum inv_err need_staff(struct engine_ctx *cx, int64_t course_id)
{
	int rc = engine_is_staff(cx, course_id);

	if (rc < 0)
		return store_err();
	return rc == 1 ? INV_OK : engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
}

/* Reloads exam id after this worker changed it. */
static enum inv_err reload(struct engine_ctx *cx, int64_t id, const struct exam_content **ec)
{
	int rc;

	exam_cache_forget(id);
	rc = exam_cache_get(id, 0, ec);
	if (rc < 0)
		return store_err();
	return rc == 1 ? INV_OK : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
}

enum inv_err engine_exam_create(struct engine_ctx *cx, const struct exam_new *e, const struct exam_content **ec)
{
	char public_id[41];
	int64_t id;
	enum inv_err err = need_staff(cx, e->course_id);

	if (err != INV_OK)
		return err;
	if (db_exam_create(e, &id, public_id) != 0)
		return db_last_is_fk() ? engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, "course_id", "No such course.")
		                       : store_err();
	return reload(cx, id, ec);
}

enum inv_err engine_exam_patch(struct engine_ctx *cx, const struct exam_content **ec, const struct exam_patch *p)
{
	int64_t id = (*ec)->exam.id;
	enum inv_err err = need_staff(cx, (*ec)->exam.course_id);

	if (err != INV_OK)
		return err;
	if (db_exam_patch(id, p) != 0)
		return store_err();
	return reload(cx, id, ec);
}

const char *engine_question_problem(const struct content_question *q, const char **field)
{
	return question_shape_problem(q, field);
}

enum inv_err engine_exam_add_questions(struct engine_ctx *cx, const struct exam_content **ec,
                                       const struct content_question *qs, size_t n, int64_t *ids)
{
	int64_t id = (*ec)->exam.id;
	enum inv_err err = need_staff(cx, (*ec)->exam.course_id);

	if (err != INV_OK)
		return err;
	if ((*ec)->nquestions + n > EXAM_QUESTIONS_MAX)
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, "questions",
		                     "An exam has at most 1000 questions (EXAM_QUESTIONS_MAX).");
	if (db_exam_add_questions((*ec)->exam.course_id, id, qs, n, ids) != 0)
		return store_err();
	return reload(cx, id, ec);
}

/* --- comments on questions ------------------------------------------------------ */

/* The caller must be a member or staff of the question's course. */
static enum inv_err comment_rights(struct engine_ctx *cx, int64_t question_id)
{
	struct membership m;
	int64_t course_id;
	int rc = db_question_course(question_id, &course_id);
	enum inv_err err;

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if ((err = engine_membership(cx, course_id, &m)) != INV_OK)
		return err;
	return m.member || m.staff ? INV_OK : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
}

enum inv_err engine_comment_add(struct engine_ctx *cx, int64_t question_id, const char *text,
                                struct question_comment *out)
{
	enum inv_err err = comment_rights(cx, question_id);

	if (err != INV_OK)
		return err;
	if (text == NULL || *text == '\0' || strlen(text) > COMMENT_MAX)
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, "comment", "A comment has 1 to 65535 bytes.");
	*out = (struct question_comment){.question_id = question_id, .user_id = cx->user_id, .text = text,
	                                 .at_ms = cx->now_ms};
	return db_comment_add(out) == 0 ? INV_OK : store_err();
}

enum inv_err engine_comments(struct engine_ctx *cx, int64_t question_id, int64_t offset, int64_t limit,
                             struct arena *mem, struct question_comment *out, size_t *n, int64_t *count)
{
	enum inv_err err = comment_rights(cx, question_id);

	if (err != INV_OK)
		return err;
	return db_comments(question_id, offset, limit, mem, out, n, count) == 0 ? INV_OK : store_err();
}
