/* invigil — a course as its outline: sections and lessons as one learner
 * stands with them (locked by seed 000's rules, completed, failed), lesson
 * completion for lessons that run no exam, and the course's quiz dashboard.
 * The course face reads these, and the same outline guards a new attempt of
 * an exam behind a lesson on every face (engine_lesson_gate): the lesson
 * rules are decided here alone. */
#include "config.h"

#include <string.h>

#include "invigil/engine_impl.h"

/* The lesson facts of l in o for seed 000's rules; earlier_open counts the
 * published lessons before it that the learner has not completed. */
static struct lesson_facts facts_of(const struct course_outline *o, const struct course_section *s,
                                    const struct course_lesson *l, int64_t earlier_open)
{
	struct lesson_facts f = {
		.lesson_id = l->id,
		.published = l->published,
		.type = o->course.type,
		.dripped_ms = s->dripped_ms,
		.drip_delay_days = s->has_delay ? s->drip_delay_days : 0,
		.joined_ms = o->en.joined_ms,
		.enforce_order = o->course.enforce_order,
		.earlier_open = earlier_open,
	};

	return f;
}

/* When section s opens to the learner: 0 when it is not dated. */
static int64_t section_opens(const struct course_outline *o, const struct course_section *s)
{
	if (o->course.type == COURSE_SCHEDULED)
		return s->dripped_ms;
	if (o->course.type == COURSE_STRUCTURED && s->has_delay && s->drip_delay_days > 0 && o->en.joined_ms > 0)
		return o->en.joined_ms + s->drip_delay_days * 86400000LL;
	return 0;
}

/* Decides every section's and lesson's lock, completion and counts. */
static void decide(struct course_outline *o, int64_t now_ms)
{
	int64_t earlier_open = 0;
	size_t li = 0;

	/* a lesson the walk below does not reach (its section read after the
	 * sections were, by an import in between) stays closed */
	for (size_t i = 0; i < o->nlessons; i++)
		o->lessons[i].locked_by = o->learner_staff ? REF_NONE : REF_LESSON_NOT_OPEN;

	for (size_t si = 0; si < o->nsections; si++) {
		struct course_section *s = &o->sections[si];
		struct course_lesson open_probe = {.published = true};
		struct lesson_facts drip;

		s->first = li;
		/* the drip rules alone (a published lesson, order not asked) */
		drip = facts_of(o, s, &open_probe, 0);
		drip.enforce_order = false;
		s->locked = !o->learner_staff && lesson_refusal(&drip, now_ms) != REF_NONE;
		s->available_ms = section_opens(o, s);
		for (; li < o->nlessons && o->lessons[li].section_id == s->id; li++) {
			struct course_lesson *l = &o->lessons[li];
			struct lesson_facts f = facts_of(o, s, l, earlier_open);

			l->locked_by = o->learner_staff ? REF_NONE : lesson_refusal(&f, now_ms);
			l->completion = l->completed_ms > 0                                  ? LC_COMPLETED
			                : lesson_runs_exam(l->kind) && l->last == LO_FAILED ? LC_FAILED
			                                                                     : LC_UNCOMPLETED;
			if (!l->published)
				continue;
			s->num_lessons++;
			if (l->completion == LC_COMPLETED)
				s->num_completed++;
			else
				earlier_open++;
		}
		s->nlessons = li - s->first;
		o->num_lessons += s->num_lessons;
		o->num_completed += s->num_completed;
		if (s->num_lessons > 0)
			o->num_sections++;
	}
	o->completion_rate = o->num_lessons > 0 ? o->num_completed * 100 / o->num_lessons : 0;
}

/* Whose progress the outline shows: the caller, or (for staff) user_id,
 * who must be in the course. */
static enum inv_err learner_of(struct engine_ctx *cx, struct course_outline *o, int64_t user_id)
{
	struct user u;
	int rc;

	if (user_id == 0 || user_id == cx->user_id) {
		o->user_id = cx->user_id;
		o->learner_staff = o->viewer.staff;
		return db_enrollment_of(o->course.id, cx->user_id, &o->en) < 0 ? store_err() : INV_OK;
	}
	if (!o->viewer.staff)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, "user", NULL);
	if ((rc = db_enrollment_of(o->course.id, user_id, &o->en)) <= 0 || (rc = db_user_get(user_id, &u)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, "user", "No such member of this course.");
	o->user_id = user_id;
	o->learner_staff = u.role == ROLE_ADMIN ||
	                   (strcmp(o->en.status, "joined") == 0 && strcmp(o->en.role, "learner") != 0);
	return INV_OK;
}

/* Every section and lesson of course_id with the learner's standing
 * (o->user_id is set), and, unless known (read already), the course and the
 * learner's enrollment: 1, 0 no such course, -1. */
static int load_progress(int64_t course_id, bool known, struct arena *mem, struct course_outline *o, int64_t now_ms)
{
	int rc;

	if (!known && ((rc = db_course_get(course_id, mem, &o->course)) <= 0 ||
	               (rc = db_enrollment_of(course_id, o->user_id, &o->en)) < 0))
		return rc;
	if (db_course_sections(course_id, mem, &o->sections, &o->nsections) != 0 ||
	    db_course_lessons(course_id, o->user_id, mem, &o->lessons, &o->nlessons) != 0)
		return -1;
	decide(o, now_ms);
	return 1;
}

enum inv_err engine_course_outline(struct engine_ctx *cx, int64_t course_id, int64_t user_id, bool staff_view,
                                   struct arena *mem, struct course_outline *o)
{
	enum inv_err err;
	int rc;

	memset(o, 0, sizeof(*o));
	if ((rc = db_course_get(course_id, mem, &o->course)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if ((err = engine_membership(cx, course_id, &o->viewer)) != INV_OK)
		return err;
	/* drafts, the section and lesson lists: the course's creators and managers' */
	if (staff_view && !o->viewer.staff)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL,
		                     "Only the course's creators and managers may read its drafts, sections and lessons.");
	if ((err = learner_of(cx, o, user_id)) != INV_OK)
		return err;
	/* someone with no enrollment at all is no one to this course; an
	 * invited (requested, payment-waiting) one sees the course, not its outline */
	if (!o->viewer.member && !o->viewer.staff && !o->en.found)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_ENROLLED, NULL, NULL);
	if ((rc = db_course_creator(course_id, &o->creator)) < 0)
		return store_err();
	o->has_creator = rc == 1;
	o->outline = o->viewer.member || o->viewer.staff;
	if (o->outline && load_progress(course_id, true, mem, o, cx->now_ms) < 0)
		return store_err();
	return INV_OK;
}

int engine_lesson_gate(struct engine_ctx *cx, const struct exam_content *ec, const struct access_facts *f,
                       enum inv_err *refused)
{
	struct course_outline o = {.user_id = cx->user_id};
	struct arena mem = {0};
	enum refusal why = REF_NONE;
	bool first = true;
	int rc;

	/* the course's staff bypass every lesson rule, as they bypass the gates */
	if (f->staff || cx->role == ROLE_ADMIN)
		return 0;
	/* for the exams behind no lesson, the probe the access read made (or one
	 * of its own); the outline for the others */
	if (engine_access_read_at(cx, ec->exam.id)) {
		if (!cx->known_behind_lesson)
			return 0;
	} else if ((rc = db_exam_behind_lesson(ec->exam.id)) <= 0) {
		return rc;
	}
	if ((rc = load_progress(ec->exam.course_id, false, &mem, &o, cx->now_ms)) <= 0) {
		arena_free(&mem);
		return rc;
	}
	/* an exam behind several lessons may be taken through any that is open
	 * to the learner; refused, it says the first lesson's rule */
	for (size_t i = 0; i < o.nlessons; i++) {
		const struct course_lesson *l = &o.lessons[i];

		if (l->exam_id != ec->exam.id || !lesson_runs_exam(l->kind))
			continue;
		if (l->locked_by == REF_NONE) {
			why = REF_NONE;
			break;
		}
		if (first)
			why = l->locked_by;
		first = false;
	}
	arena_free(&mem);
	if (why == REF_NONE)
		return 0;
	*refused = engine_refuse(cx, INV_EFORBIDDEN, why, NULL, NULL);
	return 1;
}

enum inv_err engine_course_lesson(struct engine_ctx *cx, int64_t course_id, int64_t section_id, int64_t lesson_id,
                                  bool to_take, struct arena *mem, struct course_outline *o,
                                  const struct course_lesson **out)
{
	enum inv_err err = engine_course_outline(cx, course_id, 0, false, mem, o);

	if (err != INV_OK)
		return err;
	if (!o->outline)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_ENROLLED, NULL, NULL);
	for (size_t i = 0; i < o->nlessons; i++) {
		const struct course_lesson *l = &o->lessons[i];

		if (l->id != lesson_id)
			continue;
		/* a draft is not there for learners (seed 000: view=user hides drafts) */
		if (l->section_id != section_id || (!l->published && !o->viewer.staff))
			break;
		if (to_take && l->locked_by != REF_NONE)
			return engine_refuse(cx, INV_EFORBIDDEN, l->locked_by, NULL, NULL);
		*out = l;
		return INV_OK;
	}
	return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
}

enum inv_err engine_lesson_mark(struct engine_ctx *cx, int64_t course_id, int64_t section_id, int64_t lesson_id,
                                bool completed, struct arena *mem, struct course_outline *o)
{
	const struct course_lesson *l;
	enum inv_err err = engine_course_lesson(cx, course_id, section_id, lesson_id, true, mem, o, &l);

	if (err != INV_OK)
		return err;
	/* passing its exam completes a quiz lesson; nothing else may (lesson
	 * order would mean nothing if a learner could tick a quiz off) */
	if (lesson_runs_exam(l->kind))
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, NULL,
		                     "A quiz or exam lesson is completed by passing its quiz, not marked.");
	if (db_lesson_progress(l->id, cx->user_id, completed ? cx->now_ms : 0) != 0)
		return store_err();
	return INV_OK;
}

enum inv_err engine_quiz_dashboard(struct engine_ctx *cx, const struct quiz_filter *f, int64_t offset, int64_t limit,
                                   struct arena *mem, struct quiz_row *out, size_t *n, int64_t *count)
{
	struct course c;
	struct membership m;
	enum inv_err err;
	int rc;

	if ((rc = db_course_get(f->course_id, mem, &c)) <= 0)
		return rc < 0 ? store_err() : engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if ((err = engine_membership(cx, f->course_id, &m)) != INV_OK)
		return err;
	if (!m.staff)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
	if (db_quiz_dashboard(f, offset, limit, mem, out, n, count) != 0)
		return store_err();
	return INV_OK;
}

int64_t engine_grade_percent(int64_t percentage_e4)
{
	int64_t p = (percentage_e4 + 5000) / 10000;

	return percentage_e4 < 0 ? 0 : p > 100 ? 100 : p;
}
