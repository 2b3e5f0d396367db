/* invigil tests — the contract checker's formats and conditions: the date
 * and duration shapes the data names, and the conditions under which a
 * field's presence and nullability are enforced (see NOTES.md). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "contract_impl.h"

/* --- formats ------------------------------------------------------------- */

/* The formats the data names, as shapes: 'd' is one or more digits, 'o' an
 * numeric offset (+hhmm or +hh:mm: OpenJDK's SimpleDateFormat, which Android
 * uses, takes an optional colon for 'Z', and the seed's real server sends
 * +05:30), anything else itself. SimpleDateFormat.parse reads a prefix, so
 * text after the shape is fine. */
static const struct {
	const char *format, *shape;
} formats[] = {
	{"yyyy-MM-dd'T'HH:mm:ssZ", "d-d-dTd:d:do"},
	{"yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "d-d-dTd:d:d.dZ"},
	{"H:MM:SS", "d:d:d"},
};

static bool shape_ok(const char *shape, const char *s)
{
	for (; *shape; shape++) {
		if (*shape == 'd') {
			if (!isdigit((unsigned char)*s))
				return false;
			while (isdigit((unsigned char)*s))
				s++;
		} else if (*shape == 'o') {
			size_t colon;

			if (*s != '+' && *s != '-')
				return false;
			colon = s[1] && s[2] && s[3] == ':';
			for (size_t i = 1; i <= 4 + colon; i++)
				if (i != 3 || !colon ? !isdigit((unsigned char)s[i]) : s[i] != ':')
					return false;
			s += 5 + colon;
		} else if (*s++ != *shape) {
			return false;
		}
	}
	return true;
}

/* Whether s is written in format (the data's text, whose first word names it);
 * true for a format this checker does not know. */
bool format_ok(const char *format, const char *s)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		size_t n = strlen(formats[i].format);

		if (strncmp(format, formats[i].format, n) == 0 && (format[n] == '\0' || format[n] == ' '))
			return shape_ok(formats[i].shape, s);
	}
	return true;
}

/* Seconds in an H:MM:SS text; -1 when it is not one. */
long hms_seconds(const char *s)
{
	long h;
	int m, sec;

	if (s == NULL || !shape_ok("d:d:d", s) || sscanf(s, "%ld:%d:%d", &h, &m, &sec) != 3)
		return -1;
	return h * 3600 + m * 60 + sec;
}

/* --- conditions ---------------------------------------------------------- */

enum cond {
	COND_NO,
	COND_YES,
	COND_UNKNOWN
};

enum cond_mode {
	CM_GATES,  /* the field's nullable/required hold only when the condition does */
	CM_SET,    /* when it holds, the value must also be there and non-null */
	CM_RUNNING /* when it holds, the value must be an H:MM:SS above 0:00:00 */
};

/* TestFragment.hasNoDuration / AttemptSection.hasDuration: what "untimed" is. */
static bool untimed(const char *d)
{
	return d == NULL || *d == '\0' || strcmp(d, "0:00:00") == 0 || strcmp(d, "00:00:00") == 0;
}

/* Attempt.hasSectionalLock: two sections or more, all timed. */
static enum cond sectional_lock(struct json_object *attempt)
{
	struct json_object *secs = member(attempt, "sections");
	size_t n;

	if (!json_object_is_type(secs, json_type_array))
		return COND_UNKNOWN;
	n = json_object_array_length(secs);
	if (n < 2)
		return COND_NO;
	for (size_t i = 0; i < n; i++)
		if (untimed(member_str(json_object_array_get_idx(secs, i), "duration")))
			return COND_NO;
	return COND_YES;
}

/* Read when printed (str()): a script prints what it gets, and set_attributes
 * str()s every nested object, so it always applies. */
static enum cond always(const struct walk *w, struct json_object *o)
{
	return COND_YES;
}

/* "reached on the test report of any exam that can be retaken" */
static enum cond exam_retakeable(const struct walk *w, struct json_object *exam)
{
	struct json_object *v = member(exam, "allow_retake");

	if (!json_object_is_type(v, json_type_boolean))
		return COND_UNKNOWN;
	return json_object_get_boolean(v) ? COND_YES : COND_NO;
}

/* "while Running whenever exam.duration is non-null and the attempt has no
 * sectional lock": known only when the attempt embeds its exam. */
static enum cond attempt_timed_running(const struct walk *w, struct json_object *attempt)
{
	struct json_object *exam = member(attempt, "exam");
	enum cond lock;

	if (!member_is(attempt, "state", "Running"))
		return COND_NO;
	if (!json_object_is_type(exam, json_type_object))
		return COND_UNKNOWN;
	if (untimed(member_str(exam, "duration")))
		return COND_NO;
	lock = sectional_lock(attempt);
	return lock == COND_NO ? COND_YES : lock == COND_YES ? COND_NO : COND_UNKNOWN;
}

/* "attempt has a sectional lock": known when the section sits in an attempt's
 * sections (not in an answer's attempt_section, not alone in a PATCH reply). */
static enum cond section_locked(const struct walk *w, struct json_object *section)
{
	if (w->depth < 2 || member(w->up[w->depth - 2], "sections") == NULL)
		return COND_UNKNOWN;
	return sectional_lock(w->up[w->depth - 2]);
}

/* "a timed section that is Running" */
static enum cond section_timed_running(const struct walk *w, struct json_object *section)
{
	return member_is(section, "state", "Running") && !untimed(member_str(section, "duration")) ? COND_YES
	                                                                                          : COND_NO;
}

/* "owner's view of a running attempt (create_submission, get_quiz_submission);
 * absent from lists and from complete()": the create reply is the owner's; who
 * reads one submission is not in the reply, so that stays unknown. */
static enum cond submission_owner_running(const struct walk *w, struct json_object *sub)
{
	const char *ep = ep_key(w->ep);

	if (strcmp(w->method, "POST") == 0 && strcmp(ep, "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions") == 0)
		return member_is(sub, "workflow_state", "untaken") ? COND_YES : COND_NO;
	if (strcmp(w->method, "GET") == 0 &&
	    strcmp(ep, "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}") == 0)
		return COND_UNKNOWN;
	return COND_NO;
}

/* "required in the complete response" */
static enum cond complete_reply(const struct walk *w, struct json_object *sub)
{
	const char *ep = ep_key(w->ep);
	size_t n = strlen(ep);

	return n >= 9 && strcmp(ep + n - 9, "/complete") == 0 ? COND_YES : COND_NO;
}

/* Every condition the data writes that one body can decide. One it cannot, and
 * so skipped (the field's nullable and required are then not enforced; its type
 * still is): AttemptItem.attempt_section "object (not null) on every item when
 * the attempt has >= 2 sections and one is untimed" needs the attempt's
 * sections, which a questions page or an answer reply does not carry. */
static const struct {
	enum client_id client;
	const char *model, *key;
	enum cond_mode mode;
	enum cond (*holds)(const struct walk *w, struct json_object *obj);
} conds[] = {
	{CL_TESTPRESS, "Exam", "device_access_control", CM_GATES, exam_retakeable},
	{CL_TESTPRESS, "Attempt", "remaining_time", CM_RUNNING, attempt_timed_running},
	{CL_TESTPRESS, "AttemptSection", "start_url", CM_GATES, section_locked},
	{CL_TESTPRESS, "AttemptSection", "end_url", CM_GATES, section_locked},
	{CL_TESTPRESS, "AttemptSection", "remaining_time", CM_SET, section_timed_running},
	{CL_CANVAS, "Course", "name", CM_GATES, always},
	{CL_CANVAS, "Course", "course_code", CM_GATES, always},
	{CL_CANVAS, "QuizQuestion", "question_name", CM_GATES, always},
	{CL_CANVAS, "QuizSubmission", "user_id", CM_GATES, always},
	{CL_CANVAS, "QuizSubmission", "validation_token", CM_GATES, submission_owner_running},
	{CL_CANVAS, "QuizSubmission", "course_id", CM_SET, complete_reply},
};

/* A field whose condition does not hold, or cannot be known: its presence and
 * nullability are not enforced, its type still is. */
static void relax(struct field *f)
{
	f->required = false;
	f->nullable = true;
}

/* Adjusts f to its condition on object obj: what it asks when the condition
 * holds, what it asks when it does not or cannot be known. */
void apply_condition(const struct walk *w, struct field *f, struct json_object *obj)
{
	const char *cond = f->condition;

	f->condition = NULL;
	if (cond == NULL)
		return;
	for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++) {
		enum cond c;

		if (&clients[conds[i].client] != w->cl || strcmp(conds[i].model, f->owner) != 0 ||
		    strcmp(conds[i].key, f->key) != 0)
			continue;
		c = conds[i].holds(w, obj);
		if (c == COND_YES && conds[i].mode != CM_GATES) {
			f->required = true;
			f->nullable = false;
			f->live = conds[i].mode == CM_RUNNING;
		}
		if (c == COND_YES)
			f->condition = cond;
		else if (conds[i].mode == CM_GATES)
			relax(f);
		return;
	}
	relax(f);
}
