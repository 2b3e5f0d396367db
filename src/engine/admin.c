/* invigil — what the Testpress admin API (v2.5/v3) reads: every attempt the
 * caller may see (all for an admin, their courses' for course staff), and
 * one attempt with its answers counted by section, subject and difficulty
 * (docs/testpress-admin.md). */
#include "config.h"

#include <string.h>

#include "invigil/engine_impl.h"

enum inv_err engine_admin_scope(struct engine_ctx *cx, bool *all)
{
	int rc;

	*all = cx->role == ROLE_ADMIN;
	if (*all)
		return INV_OK;
	if ((rc = db_staff_anywhere(cx->user_id)) < 0)
		return store_err();
	return rc == 0 ? engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL) : INV_OK;
}

enum inv_err engine_admin_attempts(struct engine_ctx *cx, struct admin_filter *f, int64_t offset, int64_t limit,
                                   struct admin_row *out, size_t *n, int64_t *count)
{
	enum inv_err err;

	f->caller = cx->user_id;
	if ((err = engine_admin_scope(cx, &f->all)) != INV_OK)
		return err;
	if (db_admin_count(f, count) != 0 || db_admin_attempts(f, offset, limit, out, n) != 0)
		return store_err();
	return INV_OK;
}

enum inv_err engine_admin_attempt(struct engine_ctx *cx, int64_t id, struct arena *mem, struct admin_attempt *out)
{
	struct attempt_clock clk;
	enum inv_err err = engine_open(cx, id, &out->a, &out->ec);
	int staff;

	if (err != INV_OK)
		return err;
	if ((staff = engine_is_staff(cx, out->ec->exam.course_id)) < 0)
		return store_err();
	if (staff == 0) /* the attempt's own learner: this API is the staff's */
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
	if ((out->answers = arena_calloc(mem, EXAM_QUESTIONS_MAX, sizeof(*out->answers))) == NULL)
		return INV_EINTERNAL;
	if ((err = engine_answers(cx, &out->a, 0, EXAM_QUESTIONS_MAX, mem, out->answers, &out->n, NULL)) != INV_OK ||
	    (err = engine_standing(cx, out->ec, out->a.user_id, &out->a, &out->standing)) != INV_OK)
		return err;
	engine_clock(out->ec, &out->a, cx->now_ms, &clk);
	if (stats_breakdown(out->ec, out->answers, out->n, clk.used_ms, mem, &out->breakdown) != 0)
		return INV_EINTERNAL;
	out->clock = clk;
	return INV_OK;
}
