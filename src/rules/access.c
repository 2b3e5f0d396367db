/* invigil — who may see and attempt an exam, and how many times. */
#include "config.h"

#include "invigil/rules.h"

enum refusal access_can_view(const struct access_facts *f)
{
	if (f->role == ROLE_ADMIN || f->staff)
		return REF_NONE;
	if (!f->published)
		return REF_NOT_FOUND;
	if (!f->enrolled || !f->joined)
		return REF_NOT_ENROLLED;
	return REF_NONE;
}

int64_t access_allowed(const struct access_facts *f)
{
	if (!f->allow_retake)
		return 1 + f->extra_attempts;
	return f->max_attempts > 0 ? f->max_attempts + f->extra_attempts : -1;
}

int64_t access_remaining(const struct access_facts *f)
{
	int64_t allowed = access_allowed(f);

	if (allowed < 0)
		return -1;
	return allowed > f->attempts_taken ? allowed - f->attempts_taken : 0;
}

enum refusal access_can_start(const struct access_facts *f, bool *preview)
{
	enum refusal why;

	*preview = f->role == ROLE_ADMIN || f->staff;
	if (*preview)
		return REF_NONE; /* previews are not bound by the window or retakes */
	if ((why = access_can_view(f)) != REF_NONE)
		return why;
	if (!f->unlocked && f->start_ms > 0 && f->now_ms < f->start_ms)
		return REF_NOT_OPEN_YET;
	if (!f->unlocked && f->end_ms > 0 && f->now_ms >= f->end_ms)
		return REF_CLOSED;
	if (access_remaining(f) == 0)
		return REF_NO_ATTEMPTS;
	return REF_NONE;
}

static const char *const refusal_texts[REF__MAX] = {
	"",                                                            /* REF_NONE */
	"Not found.",                                                  /* REF_NOT_FOUND */
	"You are not enrolled in this exam's course.",                 /* REF_NOT_ENROLLED */
	"You do not have permission to perform this action.",          /* REF_NOT_OWNER */
	"Only the course's staff or an admin may do this.",            /* REF_NOT_STAFF */
	"This exam has not started yet.",                              /* REF_NOT_OPEN_YET */
	"This exam has ended.",                                        /* REF_CLOSED */
	"You have no attempts left for this exam.",                    /* REF_NO_ATTEMPTS */
	"Invalid access code.",                                        /* REF_ACCESS_CODE */
	"Your IP address may not take this exam.",                     /* REF_IP_DENIED */
	"Time is up: the attempt has ended with the answers saved before.", /* REF_TIME_OVER */
	"This attempt has ended: answers can no longer change.",       /* REF_ENDED */
	"This attempt is not complete yet.",                           /* REF_NOT_COMPLETED */
	"This question's section is not running.",                     /* REF_SECTION_CLOSED */
	"Invalid input.",                                              /* REF_INVALID */
	"This exam's lesson is not published.",                        /* REF_LESSON_UNPUBLISHED */
	"This exam's lesson is not open yet: its section opens later.", /* REF_LESSON_NOT_OPEN */
	"Complete the course's earlier lessons first: the course takes its lessons in order.", /* REF_LESSON_ORDER */
};

enum refusal lesson_refusal(const struct lesson_facts *f, int64_t now_ms)
{
	if (!f->published)
		return REF_LESSON_UNPUBLISHED;
	/* a section without a date or delay is open */
	if (f->type == COURSE_SCHEDULED && f->dripped_ms > 0 && now_ms < f->dripped_ms)
		return REF_LESSON_NOT_OPEN;
	if (f->type == COURSE_STRUCTURED && f->drip_delay_days > 0 &&
	    (f->joined_ms <= 0 || now_ms < f->joined_ms + f->drip_delay_days * 86400000LL))
		return REF_LESSON_NOT_OPEN;
	if (f->enforce_order && f->earlier_open > 0)
		return REF_LESSON_ORDER;
	return REF_NONE;
}

const char *refusal_text(enum refusal why)
{
	return (unsigned)why < REF__MAX ? refusal_texts[why] : "";
}
