/* invigil — the pure rules: timer, grading, access and retakes, statistics,
 * question shapes, gates.  Functions of model structs only: no SQL, no JSON,
 * no I/O.  Only the engine (and the CLI's readers) call them. */
#ifndef INVIGIL_RULES_H
#define INVIGIL_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/content.h"
#include "invigil/err.h"
#include "invigil/model.h"

/* --- timer (src/rules/timer.c) -------------------------------------------- */

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

/* --- grading (src/rules/grade.c) ------------------------------------------ */

/* Grades one answer against its question: sets a->result, marks.  Pure. */
void grade_answer(const struct ex_question *q, struct answer *a);

/* Grades every answer (parallel to ec->questions by eq_id) and sums them. */
void grade_attempt(const struct exam_content *ec, struct answer *answers, size_t n, struct grade_totals *out);

/* --- access and retakes (src/rules/access.c) ------------------------------ */

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

/* --- statistics (src/rules/stats.c) --------------------------------------- */


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

/* --- question shapes (src/rules/question.c) ---------------------------------- */

/* What breaks the rules of q's type (options, correct ones, answer), or
 * NULL when none; *field names the key at fault. */
const char *question_shape_problem(const struct content_question *q, const char **field);

#endif
