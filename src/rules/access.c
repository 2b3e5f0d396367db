/* invigil — who may see and attempt an exam, and how many times. */
#include "config.h"

#include "invigil/rules.h"

enum inv_err access_can_view(const struct access_facts *f)
{
	if (f->role == ROLE_ADMIN || f->staff)
		return INV_OK;
	if (!f->published)
		return INV_ENOTFOUND;
	if (!f->enrolled || !f->joined)
		return INV_EFORBIDDEN;
	return INV_OK;
}

int64_t access_remaining(const struct access_facts *f)
{
	int64_t allowed;

	if (f->max_attempts <= 0)
		return f->allow_retake || f->attempts_taken == 0 ? -1 : 0;
	allowed = f->allow_retake ? f->max_attempts + f->extra_attempts : 1 + f->extra_attempts;
	return allowed > f->attempts_taken ? allowed - f->attempts_taken : 0;
}

enum inv_err access_can_start(const struct access_facts *f, bool *preview, const char **why)
{
	*preview = f->role == ROLE_ADMIN || f->staff;
	if (*preview)
		return INV_OK; /* previews are not bound by the window or retakes */
	if (access_can_view(f) != INV_OK) {
		*why = "You are not enrolled in this exam's course.";
		return INV_EFORBIDDEN;
	}
	if (!f->unlocked && f->start_ms > 0 && f->now_ms < f->start_ms) {
		*why = "This exam has not started yet.";
		return INV_EFORBIDDEN;
	}
	if (!f->unlocked && f->end_ms > 0 && f->now_ms >= f->end_ms) {
		*why = "This exam has ended.";
		return INV_EFORBIDDEN;
	}
	if (access_remaining(f) == 0) {
		*why = "You have no attempts left for this exam.";
		return INV_EFORBIDDEN;
	}
	return INV_OK;
}
