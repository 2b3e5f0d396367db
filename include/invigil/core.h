/* invigil — the attempt engine: plain structs and pure functions.  No SQL,
 * no JSON, no FastCGI: every face calls these, the store persists them. */
#ifndef INVIGIL_CORE_H
#define INVIGIL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/arena.h"
#include "invigil/err.h"
#include "invigil/model.h"

/* --- exam content (cached per worker; see src/store/exam_cache.c) -------- */

struct ex_option {
	int64_t id;
	const char *text;
	bool correct;
	bool has_marks;
	int64_t marks_e4; /* partial marks for choosing this option */
};

enum difficulty { DIFF_NONE, DIFF_EASY, DIFF_MEDIUM, DIFF_HARD };

struct ex_question {
	int64_t eq_id;       /* exam_questions.id */
	int64_t question_id;
	int position;
	char type;           /* R C T N S E */
	const char *html, *direction, *explanation;
	int64_t subject_id;  /* 0: none */
	enum difficulty difficulty;
	int64_t marks_e4, negative_e4; /* effective: exam question, question, then exam */
	bool partial, bonus, case_sensitive;
	bool has_answer;
	double answer, tolerance;
	int64_t section_id;  /* 0: none */
	struct ex_option *options;
	size_t noptions;
};

struct ex_section {
	int64_t id;
	const char *title;
	int64_t duration_s; /* 0: untimed */
};

struct ex_subject {
	int64_t id, parent_id; /* parent 0: a root */
	const char *name;
};

enum timer_mode { TIMER_PAUSABLE, TIMER_WALL };

/* One exam with everything grading and rendering need.  Owns its arena. */
struct exam_content {
	struct arena mem;
	struct exam exam;      /* the listing fields (strings in mem) */
	int64_t version;       /* exams.content_version when loaded */
	enum timer_mode timer_mode;
	int64_t grace_s;
	struct ex_section *sections;
	size_t nsections;
	struct ex_question *questions; /* in exam order */
	size_t nquestions;
	struct ex_subject *subjects;   /* of the course */
	size_t nsubjects;
	int64_t max_score_e4;          /* sum of question marks */
	/* settings other faces (Canvas) apply */
	const char *access_code, *ip_filter, *quiz_type, *hide_results, *scoring_policy; /* NULL: none */
	bool shuffle, one_question_at_a_time, cant_go_back;
};

/* The question with exam-question id eq_id, or NULL. */
const struct ex_question *exam_question(const struct exam_content *ec, int64_t eq_id);
/* The option id of q, or NULL. */
const struct ex_option *question_option(const struct ex_question *q, int64_t option_id);
const struct ex_subject *exam_subject(const struct exam_content *ec, int64_t id);
/* Index of section id in ec->sections, or -1. */
int exam_section_index(const struct exam_content *ec, int64_t section_id);

/* --- attempts ------------------------------------------------------------- */

enum attempt_state { AS_NOT_STARTED, AS_RUNNING, AS_COMPLETED };

struct attempt {
	int64_t id, exam_id, user_id;
	int64_t attempt_no;
	enum attempt_state state;
	bool preview;            /* staff attempts count nowhere */
	int64_t started_ms, last_started_ms, last_seen_ms, ended_ms, created_ms; /* 0: unset */
	int64_t time_used_ms;    /* pausable: folded time; wall: set at end */
	int64_t deadline_ms;     /* 0: none (for the sweep) */
	int64_t extra_time_s;
	bool graded;             /* score fields valid */
	int64_t score_e4, max_score_e4, percentage_e4;
	int64_t correct, incorrect, unanswered, pending;
	int64_t exam_version;    /* exams.content_version, read with the attempt */
	char username[151];
	char validation_token[65]; /* "" when none (Canvas sets one) */
	int64_t fudge_e4;        /* points added by a grader (in score_e4 already) */
	bool unlocked;           /* the user is manually unlocked: the exam's end does not cut the clock */
};

/* An answer record: one per attempt question. */
enum answer_result { AR_UNANSWERED, AR_CORRECT, AR_INCORRECT, AR_PARTIAL, AR_PENDING };

#define ANSWER_MAX_SELECTED 64

struct answer {
	int64_t id, eq_id;
	int64_t position;
	int64_t selected[ANSWER_MAX_SELECTED]; /* option ids, ascending */
	size_t nselected;
	const char *text;        /* short text, numeric text or essay; NULL: none */
	bool review;
	int64_t time_spent_ms;
	enum answer_result result;
	bool has_marks;
	int64_t marks_e4;
};

/* What a client sent for one answer; absent parts stay as saved. */
struct answer_input {
	bool has_selected, has_text, has_review;
	int64_t selected[ANSWER_MAX_SELECTED];
	size_t nselected;
	const char *text;
	bool review;
	const char *payload; /* the request as received, for the answer-event log */
};

/* --- timer (src/core/timer.c) -------------------------------------------- */

struct timer {
	int64_t duration_ms;  /* 0: no limit */
	enum timer_mode mode;
	int64_t exam_end_ms;  /* 0: none */
	int64_t grace_ms;
};

/* The timer of an attempt at exam ec (duration plus the attempt's extra time). */
struct timer timer_of(const struct exam_content *ec, const struct attempt *a);
/* Time used as of now, in ms (pausable: as of the last heartbeat or save). */
int64_t timer_used(const struct timer *t, const struct attempt *a, int64_t now);
/* Remaining ms as of now (>= 0); INT64_MAX when there is no limit at all. */
int64_t timer_remaining(const struct timer *t, const struct attempt *a, int64_t now);
/* True when the attempt's time (plus grace) is over: saves are refused and
 * the attempt is ended with what was saved. */
bool timer_over(const struct timer *t, const struct attempt *a, int64_t now);
/* A heartbeat or a save: folds the time since the last one in (pausable). */
void timer_touch(const struct timer *t, struct attempt *a, int64_t now);
/* Starts or resumes: the time away since the last heartbeat is not counted
 * (Testpress's pause model; wall timers keep running). */
void timer_resume(const struct timer *t, struct attempt *a, int64_t now);
/* Ends: fixes time_used at what was used, capped at the limit. */
void timer_stop(const struct timer *t, struct attempt *a, int64_t now);
/* The wall-clock moment after which nobody's return can save the attempt,
 * for `invigil sweep`: wall: start + limit (+extra), capped by the exam's
 * end; pausable: the exam's end.  0 when there is none. */
int64_t timer_deadline(const struct timer *t, const struct attempt *a);

/* Which exam section is running at used ms: sections run in order, each
 * for its duration.  Returns its index, nsections when all are over, or -1
 * when the exam's sections are untimed. */
int timer_section_at(const struct exam_content *ec, int64_t used_ms);

/* --- grading (src/core/grade.c) ------------------------------------------ */

/* Grades one answer against its question: sets a->result, marks.  Pure. */
void grade_answer(const struct ex_question *q, struct answer *a);

struct grade_totals {
	int64_t score_e4, max_score_e4, percentage_e4;
	int64_t correct, incorrect, unanswered, pending, partial;
	int64_t bonus_e4;
};
/* Grades every answer (parallel to ec->questions by eq_id) and sums them. */
void grade_attempt(const struct exam_content *ec, struct answer *answers, size_t n, struct grade_totals *out);

/* --- access and retakes (src/core/access.c) ------------------------------ */

struct access_facts {
	enum role role;            /* global */
	bool enrolled;             /* has an enrollment in the exam's course */
	bool staff;                /* course instructor/creator/manager */
	bool joined;               /* enrollment status joined */
	int64_t now_ms;
	int64_t start_ms, end_ms;  /* exam window; 0: open */
	bool published;
	bool allow_retake;
	int64_t max_attempts;      /* 0: unlimited */
	int64_t extra_attempts;
	bool unlocked;             /* manually unlocked: the window does not apply */
	int64_t attempts_taken;    /* counted attempts (not previews) so far */
};

/* May this user see the exam at all?  INV_OK or INV_EFORBIDDEN/ENOTFOUND. */
enum inv_err access_can_view(const struct access_facts *f);
/* May they start a new attempt now?  Sets *preview for staff (instructors
 * and admins attempt as previews that count nowhere).  Returns INV_OK or an
 * error whose text core_reason() gives. */
enum inv_err access_can_start(const struct access_facts *f, bool *preview, const char **why);
/* Attempts still allowed after the taken ones; -1 for unlimited. */
int64_t access_remaining(const struct access_facts *f);

/* --- statistics (src/core/stats.c) --------------------------------------- */

struct score_bucket {
	int64_t score_e4;
	int64_t attempts;
};

/* Rank (1 = best; ties share), how many ranked, and the percentile (share
 * of the others who scored lower, ten-thousandths of a percent) of score
 * among buckets, which include this attempt. */
void stats_rank(const struct score_bucket *b, size_t n, int64_t score_e4, int64_t *rank, int64_t *max_rank,
                int64_t *percentile_e4);
/* The same from counts: attempts scoring above and below, and all of them. */
void stats_rank_counts(int64_t above, int64_t below, int64_t total, int64_t *rank, int64_t *max_rank,
                       int64_t *percentile_e4);
/* Answered questions per hour (Testpress "speed") and percent correct of
 * the answered ("accuracy"), both whole numbers. */
int64_t stats_speed(int64_t answered, int64_t time_ms);
int64_t stats_accuracy(int64_t correct, int64_t answered);

#endif
