/* Unit tests: the attempt engine's pure parts (src/core/). */
#include "config.h"

#include <string.h>

#include "invigil/rules.h"
#include "../tap.h"

static struct ex_option opts_r[] = {{1, "4", true, false, 0}, {2, "5", false, false, 0}, {3, "6", false, false, 0}};
static struct ex_option opts_c[] = {{11, "a", true, false, 0}, {12, "b", true, false, 0}, {13, "c", false, false, 0},
                                    {14, "d", true, false, 0}};
static struct ex_option opts_s[] = {{21, " Paris ", true, false, 0}, {22, "paris, france", true, false, 0}};

static struct ex_question q_r = {.eq_id = 100, .type = 'R', .marks_e4 = 20000, .negative_e4 = 5000,
                                 .options = opts_r, .noptions = 3};
static struct ex_question q_c = {.eq_id = 101, .type = 'C', .marks_e4 = 30000, .negative_e4 = 10000,
                                 .options = opts_c, .noptions = 4};
static struct ex_question q_n = {.eq_id = 102, .type = 'N', .marks_e4 = 10000, .negative_e4 = 2500,
                                 .has_answer = true, .answer = 78.54, .tolerance = 0.01};
static struct ex_question q_s = {.eq_id = 103, .type = 'S', .marks_e4 = 10000, .options = opts_s, .noptions = 2};
static struct ex_question q_e = {.eq_id = 104, .type = 'E', .marks_e4 = 50000};

static struct answer pick(int64_t eq, const int64_t *ids, size_t n, const char *text)
{
	struct answer a;

	memset(&a, 0, sizeof(a));
	a.eq_id = eq;
	for (size_t i = 0; i < n; i++)
		a.selected[i] = ids[i];
	a.nselected = n;
	a.text = text;
	return a;
}

static void test_grading(void)
{
	int64_t right[] = {1}, wrong[] = {2}, two[] = {1, 2};
	int64_t all[] = {11, 12, 14}, sub[] = {11, 14}, mixed[] = {11, 13};
	struct answer a;

	a = pick(100, right, 1, NULL);
	grade_answer(&q_r, &a);
	ok(a.result == AR_CORRECT && a.marks_e4 == 20000, "single choice right: full marks");
	a = pick(100, wrong, 1, NULL);
	grade_answer(&q_r, &a);
	ok(a.result == AR_INCORRECT && a.marks_e4 == -5000, "single choice wrong: negative marks");
	a = pick(100, two, 2, NULL);
	grade_answer(&q_r, &a);
	ok(a.result == AR_INCORRECT, "two options on a single-choice question: wrong");
	a = pick(100, NULL, 0, NULL);
	grade_answer(&q_r, &a);
	ok(a.result == AR_UNANSWERED && a.marks_e4 == 0, "unanswered scores 0");

	a = pick(101, all, 3, NULL);
	grade_answer(&q_c, &a);
	ok(a.result == AR_CORRECT && a.marks_e4 == 30000, "multiple choice exact: full");
	a = pick(101, sub, 2, NULL);
	grade_answer(&q_c, &a);
	ok(a.result == AR_INCORRECT && a.marks_e4 == -10000, "subset without partial marks: all or nothing");
	q_c.partial = true;
	a = pick(101, sub, 2, NULL);
	grade_answer(&q_c, &a);
	ok(a.result == AR_PARTIAL && a.marks_e4 == 20000, "subset with partial marks: 2/3 of 3.00 = 2.00");
	a = pick(101, mixed, 2, NULL);
	grade_answer(&q_c, &a);
	ok(a.result == AR_INCORRECT && a.marks_e4 == -10000, "a wrong option costs the negative marks");
	opts_c[0].has_marks = opts_c[3].has_marks = true;
	opts_c[0].marks_e4 = 5000;
	opts_c[3].marks_e4 = 7500;
	a = pick(101, sub, 2, NULL);
	grade_answer(&q_c, &a);
	ok(a.result == AR_PARTIAL && a.marks_e4 == 12500, "per-option partial marks add up");
	q_c.partial = false;

	a = pick(102, NULL, 0, "78.545");
	grade_answer(&q_n, &a);
	ok(a.result == AR_CORRECT, "numeric within tolerance");
	a = pick(102, NULL, 0, "78.56");
	grade_answer(&q_n, &a);
	ok(a.result == AR_INCORRECT && a.marks_e4 == -2500, "numeric outside tolerance");
	a = pick(102, NULL, 0, "78.5x");
	grade_answer(&q_n, &a);
	ok(a.result == AR_INCORRECT, "numeric garbage is wrong");
	a = pick(102, NULL, 0, "  ");
	grade_answer(&q_n, &a);
	ok(a.result == AR_UNANSWERED, "blank numeric is unanswered");

	a = pick(103, NULL, 0, "PARIS");
	grade_answer(&q_s, &a);
	ok(a.result == AR_CORRECT, "short text: case-insensitive, trimmed");
	q_s.case_sensitive = true;
	a = pick(103, NULL, 0, "PARIS");
	grade_answer(&q_s, &a);
	ok(a.result == AR_INCORRECT && a.marks_e4 == 0, "case-sensitive short text");
	q_s.case_sensitive = false;

	a = pick(104, NULL, 0, "An essay.");
	grade_answer(&q_e, &a);
	ok(a.result == AR_PENDING && !a.has_marks, "essay waits for a grader");

	q_r.bonus = true;
	a = pick(100, NULL, 0, NULL);
	grade_answer(&q_r, &a);
	ok(a.marks_e4 == 20000, "bonus question: full marks even unanswered");
	q_r.bonus = false;
}

static void test_attempt_totals(void)
{
	struct ex_question qs[] = {q_r, q_c, q_n, q_s, q_e};
	struct exam_content ec;
	struct grade_totals t;
	int64_t right[] = {1}, mixed[] = {11, 13};
	struct answer as[5];

	memset(&ec, 0, sizeof(ec));
	ec.questions = qs;
	ec.nquestions = 5;
	ec.max_score_e4 = 20000 + 30000 + 10000 + 10000 + 50000;
	as[0] = pick(100, right, 1, NULL);
	as[1] = pick(101, mixed, 2, NULL);
	as[2] = pick(102, NULL, 0, "78.54");
	as[3] = pick(103, NULL, 0, NULL);
	as[4] = pick(104, NULL, 0, "essay");
	grade_attempt(&ec, as, 5, &t);
	is_int(t.score_e4, 20000 - 10000 + 10000, "score: 2.00 - 1.00 + 1.00");
	is_int(t.correct, 2, "two correct");
	is_int(t.incorrect, 1, "one incorrect");
	is_int(t.unanswered, 1, "one unanswered");
	is_int(t.pending, 1, "one pending essay");
	is_int(t.percentage_e4, 20000LL * 1000000 / 120000, "percentage of the maximum");
}

static void test_timer(void)
{
	struct ex_section secs[] = {{1, "A", 1800}, {2, "B", 1800}};
	struct exam_content ec;
	struct attempt a;
	struct timer t;
	int64_t t0 = 1000000000000LL;

	memset(&ec, 0, sizeof(ec));
	memset(&a, 0, sizeof(a));
	ec.exam.duration_s = 3600;
	ec.timer_mode = TIMER_PAUSABLE;
	t = timer_of(&ec, &a);
	is_int(t.duration_ms, 3600000, "duration from the exam");
	timer_resume(&t, &a, t0);
	ok(a.state == AS_RUNNING && a.started_ms == t0, "start runs the attempt");
	is_int(timer_remaining(&t, &a, t0 + 600000), 3600000, "nothing counts until a heartbeat folds it in");
	timer_touch(&t, &a, t0 + 600000);
	is_int(a.time_used_ms, 600000, "heartbeat folds the time in");
	is_int(timer_remaining(&t, &a, t0 + 600000), 3000000, "ten minutes in: 50 left");
	/* away for two hours, then resumed: the time away does not count */
	timer_resume(&t, &a, t0 + 600000 + 7200000);
	is_int(timer_remaining(&t, &a, t0 + 600000 + 7200000), 3000000, "resume: still 50 minutes left");
	{
		struct attempt b = a, c = a;
		int64_t r0 = t0 + 7800000;

		timer_touch(&t, &b, r0 + 2999000);
		ok(!timer_over(&t, &b, r0 + 2999000), "a heartbeat just before the limit: not over");
		timer_touch(&t, &b, r0 + 3000000);
		ok(timer_over(&t, &b, r0 + 3000000), "at the limit: over");
		timer_touch(&t, &c, r0 + 4000000);
		ok(timer_over(&t, &c, r0 + 4000000), "a heartbeat after a long absence counts it: over");
		timer_stop(&t, &c, r0 + 4000000);
		is_int(c.time_used_ms, 3600000, "time taken capped at the limit");
	}
	{
		/* saves write no attempt row: their touch is the latest event's time */
		struct attempt s = a, p = a;
		int64_t r0 = t0 + 7800000;

		s.last_event_ms = r0 + 120000;
		is_int(timer_remaining(&t, &s, r0 + 120000), 2880000, "a save two minutes after the resume counts them");
		is_int(timer_since_touch(&s, r0 + 150000), 30000, "the next save spent the 30 s since the last");
		timer_touch(&t, &s, r0 + 180000);
		is_int(s.time_used_ms, 600000 + 180000, "a heartbeat folds the saves' time and its own, once");
		is_int(timer_remaining(&t, &s, r0 + 180000), 2820000, "and the event adds nothing more");
		p.last_event_ms = r0 + 60000;
		timer_resume(&t, &p, r0 + 3600000);
		is_int(p.time_used_ms, 660000, "a resume keeps the saves' minute and drops the hour away");
		p.last_event_ms = r0 - 1000;
		is_int(timer_since_touch(&p, r0 + 3600000), 0, "an event before the resume: nothing since it");
	}

	memset(&a, 0, sizeof(a));
	ec.exam.has_end = true;
	ec.exam.end_ms = t0 + 1200000;
	t = timer_of(&ec, &a);
	timer_resume(&t, &a, t0);
	is_int(timer_remaining(&t, &a, t0), 1200000, "the exam's end caps the remaining time");
	ok(timer_over(&t, &a, t0 + 1200000), "and ends the attempt");
	is_int(timer_deadline(&t, &a), t0 + 1200000, "pausable deadline for the sweep: the exam's end");

	memset(&a, 0, sizeof(a));
	ec.exam.has_end = false;
	ec.timer_mode = TIMER_WALL;
	ec.grace_s = 300;
	a.extra_time_s = 600;
	t = timer_of(&ec, &a);
	timer_resume(&t, &a, t0);
	is_int(timer_deadline(&t, &a), t0 + 4200000, "wall deadline: start + limit + extra time");
	timer_resume(&t, &a, t0 + 3000000);
	is_int(timer_remaining(&t, &a, t0 + 3000000), 1200000, "wall clock does not pause");
	ok(!timer_over(&t, &a, t0 + 4200000 + 299000), "within the grace: not over");
	ok(timer_over(&t, &a, t0 + 4200000 + 300000), "past the grace: over");

	ec.exam.duration_s = 0;
	ec.sections = secs;
	ec.nsections = 2;
	is_int(timer_section_at(&ec, 0), 0, "first section at the start");
	is_int(timer_section_at(&ec, 1800000), 1, "second section after 30 minutes");
	is_int(timer_section_at(&ec, 3600000), 2, "all sections over");
	memset(&a, 0, sizeof(a));
	t = timer_of(&ec, &a);
	is_int(t.duration_ms, 3600000, "no exam duration: the sections' sum");

	memset(&a, 0, sizeof(a));
	ec.nsections = 0;
	t = timer_of(&ec, &a);
	timer_resume(&t, &a, t0);
	is_int(timer_remaining(&t, &a, t0 + 999999999), INT64_MAX, "no limit at all");
}

static void test_access_and_stats(void)
{
	struct access_facts f = {.role = ROLE_LEARNER, .enrolled = true, .joined = true, .published = true,
	                         .allow_retake = true, .max_attempts = 3, .now_ms = 1000};
	struct score_bucket b[] = {{50000, 2}, {30000, 1}, {10000, 1}};
	bool preview;
	int64_t rank, max, pct;

	is_int(access_can_start(&f, &preview), REF_NONE, "enrolled learner may start");
	ok(!preview, "not a preview");
	is_int(access_remaining(&f), 3, "three attempts allowed");
	f.attempts_taken = 3;
	is_int(access_can_start(&f, &preview), REF_NO_ATTEMPTS, "retakes exhausted");
	f.extra_attempts = 1;
	is_int(access_remaining(&f), 1, "an extra attempt");
	f.attempts_taken = 1;
	f.max_attempts = 0;
	is_int(access_remaining(&f), -1, "max_attempts unset: unlimited");
	f.allow_retake = false;
	is_int(access_remaining(&f), 1, "no retakes: one attempt, plus the extra one");
	is_int(access_allowed(&f), 2, "no retakes: one allowed plus one extra");
	f.extra_attempts = 0;
	is_int(access_remaining(&f), 0, "no retakes and no extra: one attempt only");
	f.attempts_taken = 0;
	is_int(access_remaining(&f), 1, "no retakes, none taken: one left (not unlimited)");
	f.attempts_taken = 1;
	f.allow_retake = true;
	f.end_ms = 500;
	is_int(access_can_start(&f, &preview), REF_CLOSED, "window closed");
	f.end_ms = 0;
	f.start_ms = 5000;
	is_int(access_can_start(&f, &preview), REF_NOT_OPEN_YET, "window not open yet");
	f.start_ms = 0;
	f.enrolled = false;
	is_int(access_can_start(&f, &preview), REF_NOT_ENROLLED, "not enrolled");
	f.role = ROLE_ADMIN;
	is_int(access_can_start(&f, &preview), REF_NONE, "admin may attempt");
	ok(preview, "as a preview");

	stats_rank(b, 3, 30000, &rank, &max, &pct);
	is_int(rank, 3, "two scored higher: rank 3");
	is_int(max, 4, "of four");
	is_int(pct, 333333, "one of the three others scored lower: 33.33");
	stats_rank(b, 3, 50000, &rank, &max, &pct);
	is_int(rank, 1, "ties share the best rank");
	is_int(stats_speed(10, 43000), 837, "speed: answered per hour");
	is_int(stats_accuracy(3, 10), 30, "accuracy: percent of the answered");
}

int main(void)
{
	test_grading();
	test_attempt_totals();
	test_timer();
	test_access_and_stats();
	return done_testing();
}
