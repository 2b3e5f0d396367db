/* invigil — the server-owned clock of an attempt (DECISIONS 26).
 *
 * pausable (Testpress): time counts only when a heartbeat, a save or the
 * end folds it in (the time since the last one); a resume (start) drops the
 * time away instead, so a paused attempt keeps its remaining time.  wall
 * (Canvas): the clock runs from the start whatever the client does.  Both
 * are capped by the exam's end, plus the exam's grace for refusing saves.
 *
 * A save does not write the attempt row (it is one answer event): its touch
 * of the clock is the attempt's latest event time, folded in here.  As every
 * touch counts the whole time since the last one, the time since the last
 * heartbeat up to the latest event is exactly what those saves counted. */
#include "config.h"

#include "invigil/rules.h"

/* The time between the last heartbeat (or start) and the latest save. */
static int64_t event_gap(const struct attempt *a)
{
	return a->state == AS_RUNNING && a->last_event_ms > a->last_seen_ms ? a->last_event_ms - a->last_seen_ms : 0;
}

/* The saves' touches, made as the attempt row's. */
static void fold_events(struct attempt *a)
{
	int64_t gap = event_gap(a);

	a->time_used_ms += gap;
	a->last_seen_ms += gap;
}

struct timer timer_of(const struct exam_content *ec, const struct attempt *a)
{
	struct timer t = {0};
	int64_t sections = 0;

	for (size_t i = 0; i < ec->nsections; i++)
		sections += ec->sections[i].duration_s;
	/* an exam without a duration of its own runs for its sections' sum */
	t.duration_ms = (ec->exam.duration_s > 0 ? ec->exam.duration_s : sections) * 1000;
	if (t.duration_ms > 0)
		t.duration_ms += a->extra_time_s * 1000;
	t.mode = ec->timer_mode;
	/* previews and manually unlocked users are not bound by the exam's window */
	t.exam_end_ms = ec->exam.has_end && !a->preview && !a->unlocked ? ec->exam.end_ms : 0;
	t.grace_ms = ec->grace_s * 1000;
	return t;
}

int64_t timer_used(const struct timer *t, const struct attempt *a, int64_t now)
{
	int64_t used;

	if (a->state != AS_RUNNING)
		return a->time_used_ms;
	used = t->mode == TIMER_WALL ? now - a->started_ms : a->time_used_ms + event_gap(a);
	return used < 0 ? 0 : used;
}

int64_t timer_remaining(const struct timer *t, const struct attempt *a, int64_t now)
{
	int64_t left = INT64_MAX;

	if (t->duration_ms > 0)
		left = t->duration_ms - timer_used(t, a, now);
	if (t->exam_end_ms > 0 && a->state == AS_RUNNING && t->exam_end_ms - now < left)
		left = t->exam_end_ms - now;
	return left < 0 ? 0 : left;
}

bool timer_over(const struct timer *t, const struct attempt *a, int64_t now)
{
	if (a->state != AS_RUNNING)
		return false;
	if (t->duration_ms > 0 && timer_used(t, a, now) >= t->duration_ms + t->grace_ms)
		return true;
	return t->exam_end_ms > 0 && now >= t->exam_end_ms + t->grace_ms;
}

void timer_touch(const struct timer *t, struct attempt *a, int64_t now)
{
	if (a->state != AS_RUNNING)
		return;
	fold_events(a);
	if (t->mode == TIMER_WALL)
		a->time_used_ms = timer_used(t, a, now);
	else if (now > a->last_seen_ms)
		a->time_used_ms += now - a->last_seen_ms;
	if (now > a->last_seen_ms)
		a->last_seen_ms = now;
}

int64_t timer_since_touch(const struct attempt *a, int64_t now)
{
	int64_t last = a->last_event_ms > a->last_seen_ms ? a->last_event_ms : a->last_seen_ms;

	return a->state == AS_RUNNING && now > last ? now - last : 0;
}

void timer_resume(const struct timer *t, struct attempt *a, int64_t now)
{
	if (a->state == AS_COMPLETED)
		return;
	if (a->state == AS_NOT_STARTED) {
		a->state = AS_RUNNING;
		a->started_ms = now;
		a->time_used_ms = 0;
	} else if (t->mode == TIMER_WALL) {
		a->time_used_ms = timer_used(t, a, now);
	} else {
		fold_events(a); /* the work before the pause counts; the pause does not */
	}
	a->last_started_ms = now;
	a->last_seen_ms = now;
}

void timer_stop(const struct timer *t, struct attempt *a, int64_t now)
{
	int64_t used;

	timer_touch(t, a, now); /* the time since the last heartbeat was spent working */
	used = timer_used(t, a, now);

	if (t->duration_ms > 0 && used > t->duration_ms)
		used = t->duration_ms;
	a->time_used_ms = used;
	a->last_seen_ms = now;
}

int64_t timer_deadline(const struct timer *t, const struct attempt *a)
{
	int64_t d = 0;

	if (t->mode == TIMER_WALL && t->duration_ms > 0 && a->started_ms > 0)
		d = a->started_ms + t->duration_ms;
	if (t->exam_end_ms > 0 && (d == 0 || t->exam_end_ms < d))
		d = t->exam_end_ms;
	return d;
}

int timer_section_at(const struct exam_content *ec, int64_t used_ms)
{
	int64_t end = 0;

	if (ec->nsections == 0 || ec->sections[0].duration_s <= 0)
		return -1;
	for (size_t i = 0; i < ec->nsections; i++) {
		end += ec->sections[i].duration_s * 1000;
		if (used_ms < end)
			return (int)i;
	}
	return (int)ec->nsections;
}
