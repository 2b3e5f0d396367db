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
/* A heartbeat or an end: folds the time since the last touch in (pausable),
 * the saves' touches (a->last_event_ms) included. */
void timer_touch(const struct timer *t, struct attempt *a, int64_t now);
/* The time since the attempt's clock was last touched (heartbeat, save or
 * start) until now: what a save at now spent on its question; 0 unless running. */
int64_t timer_since_touch(const struct attempt *a, int64_t now);
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
	int64_t extra_time_s;      /* the user's extension: added to a new attempt's time limit */
	bool unlocked;             /* manually unlocked: the window does not apply */
	int64_t attempts_taken;    /* counted attempts (not previews) so far */
};

/* May a learner (not the course's staff, who bypass every lesson rule)
 * take the exam through this lesson at now_ms?  REF_NONE, or the first rule
 * that fails: REF_LESSON_UNPUBLISHED, REF_LESSON_NOT_OPEN (a scheduled
 * section before its dripped_at; a structured one before joined_at plus its
 * drip delay, or with no join time), REF_LESSON_ORDER.  Pure. */
enum refusal lesson_refusal(const struct lesson_facts *f, int64_t now_ms);

/* May this user see the exam at all?  REF_NONE, REF_NOT_FOUND (unpublished,
 * for anyone but staff) or REF_NOT_ENROLLED. */
enum refusal access_can_view(const struct access_facts *f);
/* May they start a new attempt now?  Sets *preview for staff (instructors
 * and admins attempt as previews that count nowhere, bound by no window or
 * limit).  REF_NONE, or why not: REF_NOT_FOUND, REF_NOT_ENROLLED,
 * REF_NOT_OPEN_YET, REF_CLOSED, REF_NO_ATTEMPTS. */
enum refusal access_can_start(const struct access_facts *f, bool *preview);
/* Attempts allowed in all: one without retakes, else max_attempts (0:
 * unlimited), plus the user's extra attempts; -1 for unlimited. */
int64_t access_allowed(const struct access_facts *f);
/* Attempts still allowed after the taken ones; -1 for unlimited. */
int64_t access_remaining(const struct access_facts *f);
/* A text for people saying why, for each refusal (static storage). */
const char *refusal_text(enum refusal why);

/* --- gates: access code and IP filter (src/rules/gate.c) --------------------- */

/* NULL when filter (a comma-separated list of IPv4/IPv6 addresses, each
 * with an optional /prefix) is well formed or empty; else what is wrong. */
const char *ip_filter_problem(const char *filter);
/* Is remote_addr inside filter?  An empty filter admits everyone, a
 * malformed one nobody. */
bool ip_filter_allows(const char *filter, const char *remote_addr);
/* Does given match the exam's access code (none set: always)?  Constant
 * time in the code's length. */
bool access_code_matches(const char *expected, const char *given);
/* The gates of an exam for one request: REF_ACCESS_CODE when check_code and
 * the code does not match, REF_IP_DENIED when the address is outside the
 * filter, else REF_NONE. */
enum refusal gate_check(const char *access_code, const char *ip_filter, bool check_code, const char *given_code,
                        const char *remote_addr);

/* --- results, kept scores and ranks (src/rules/grade.c, stats.c) ------------- */

enum attempt_result { RESULT_PASSED, RESULT_FAILED, RESULT_PENDING, RESULT__MAX };
/* Has percentage_e4 reached passing_score (percent; < 0: no pass mark)?  The
 * exact percentage decides: 69.995 does not pass 70. */
bool grade_passed(int64_t passing_score, int64_t percentage_e4);
/* An attempt's result: pending while answers await a grader, else passed or failed. */
enum attempt_result grade_result(int64_t passing_score, const struct grade_totals *t);
/* "passed", "failed", "pending", as stored. */
const char *grade_result_name(enum attempt_result r);
/* Sums stored, graded answers (rows) as grade_attempt does, plus fudge points. */
void grade_totals_of(const struct exam_content *ec, const struct answer *rows, size_t n, int64_t fudge_e4,
                     struct grade_totals *t);

/* The score kept over a user's completed attempts (k->count > 0) by
 * policy: "keep_latest", "keep_average", else the highest. */
int64_t kept_score_of(const char *policy, const struct kept_scores *k);
/* May rank and percentile of attempt a be shown at now?  Counted, graded,
 * completed attempts of a rank-enabled exam once ranks are published. */
bool rank_visible(const struct exam *e, const struct attempt *a, int64_t now_ms);

/* --- statistics (src/rules/stats.c) --------------------------------------- */

/* Fills t[nsubs] (parallel to subs) from per-subject stats st, adding
 * each to its ancestors. */
void stats_subject_totals(const struct ex_subject *subs, size_t nsubs, const struct subject_stat *st, size_t nst,
                          struct subject_total *t);


/* Rank (1 = best; ties share), how many ranked, and the percentile (share
 * of the others who scored lower, ten-thousandths of a percent) of score
 * among buckets, which include this attempt. */
void stats_rank(const struct score_bucket *b, size_t n, int64_t score_e4, int64_t *rank, int64_t *max_rank,
                int64_t *percentile_e4);
/* The same from counts: attempts scoring above and below, and all of them. */
void stats_rank_counts(int64_t above, int64_t below, int64_t total, int64_t *rank, int64_t *max_rank,
                       int64_t *percentile_e4);
/* Counts attempt answers rows (n, as graded) by ec's sections, subjects
 * (each subject with its descendants') and difficulty, into *out (arrays
 * in mem); the time used is shared out over the sections in order, each
 * for at most its duration (the last, or an untimed one, takes the rest).
 * 0, or -1 out of memory. */
int stats_breakdown(const struct exam_content *ec, const struct answer *rows, size_t n, int64_t used_ms,
                    struct arena *mem, struct attempt_breakdown *out);

/* --- item analysis (src/rules/items.c; docs/item-analysis.md) ------------- */

/* The item analysis of ec into *r (arrays in mem): answer counts and the
 * score summary over the counted takes (each learner's kept attempt, or
 * all; grouped by learner), the item statistics over the analysed ones
 * (each learner's first attempt).  Each take's answers are indexed as
 * ec->questions.  0, or -1 out of memory. */
int items_report(const struct exam_content *ec, const struct item_take *counted, size_t ncounted,
                 const struct item_take *analysed, size_t nanalysed, struct arena *mem, struct item_report *r);
/* Which of one learner's n takes (in attempt order) an exam's scoring policy
 * keeps: keep_latest (and keep_average, which keeps no one attempt) the
 * last, else the highest score (ties: the later). */
size_t items_kept(const char *policy, const struct item_take *t, size_t n);

/* Answered questions per hour (Testpress "speed") and percent correct of
 * the answered ("accuracy"), both whole numbers. */
int64_t stats_speed(int64_t answered, int64_t time_ms);
int64_t stats_accuracy(int64_t correct, int64_t answered);

/* --- watched video (src/rules/watch.c; docs/testpress-admin.md) ------------ */

/* (WATCH_PARTS, WATCH_HEX_LEN and WATCH_COMPLETE_PERMILLE: model.h) */
/* The coverage stored as hex (NULL or "": nothing watched) into bits: 0, or
 * -1 when hex is not WATCH_HEX_LEN hex digits (bits then empty). */
int watch_decode(const char *hex, unsigned char bits[WATCH_PARTS / 8]);
/* bits as WATCH_HEX_LEN lowercase hex digits and a NUL. */
void watch_encode(const unsigned char bits[WATCH_PARTS / 8], char hex[WATCH_HEX_LEN + 1]);
/* Marks the parts of a duration_ms long video that the played range
 * [from_ms, to_ms) overlaps, clamped to the video; an empty or reversed
 * range, or an unknown duration (<= 0), marks nothing. */
void watch_mark(unsigned char bits[WATCH_PARTS / 8], int64_t duration_ms, int64_t from_ms, int64_t to_ms);
/* How many thousandths of the video are watched (0..1000). */
int64_t watch_permille(const unsigned char bits[WATCH_PARTS / 8]);
/* The time permille thousandths of a duration_ms long video last. */
int64_t watch_time_ms(int64_t duration_ms, int64_t permille);
/* Does watching permille thousandths complete a video lesson? */
bool watch_complete(int64_t permille);

/* --- question shapes (src/rules/question.c) ---------------------------------- */

/* What breaks the rules of q's type (options, correct ones, answer), or
 * NULL when none; *field names the key at fault. */
const char *question_shape_problem(const struct content_question *q, const char **field);

#endif
