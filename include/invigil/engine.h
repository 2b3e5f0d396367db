/* invigil — the engine: every decision about courses, exams and attempts,
 * made once for every face.  Faces call only these functions (and render
 * what they return); the engine applies the pure rules (rules.h) to what
 * the store (store.h) holds, each change in one transaction.
 *
 * Conventions: functions return INV_OK (or INV_CREATED) on success; on a
 * refusal they return the inv_err and set cx->reason, cx->message (for
 * people) and cx->field (the input at fault, if any); INV_EUNAVAILABLE and
 * INV_EINTERNAL mean the database failed.  Exam content (exam_content) is
 * owned by the worker's cache and stays valid until the request ends.
 * Strings a function fills come from the arena it is given. */
#ifndef INVIGIL_ENGINE_H
#define INVIGIL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/arena.h"
#include "invigil/content.h"
#include "invigil/err.h"
#include "invigil/model.h"

/* The caller's place in a course. */
struct membership {
	bool member; /* a joined enrollment (any course role) */
	bool staff;  /* the course's instructor, creator or manager, or an admin */
};

/* Who acts, when and from where; what a refusal says. */
struct engine_ctx {
	int64_t user_id;
	enum role role;
	int64_t now_ms;
	const char *face;
	const char *remote_addr, *request_id;
	const char *access_code; /* the exam's access code as the caller sent it; NULL: none sent */
	/* set on a refusal */
	enum refusal reason;
	const char *message;     /* for people (static text or cx->text) */
	const char *field;       /* the field at fault, if any */
	size_t item;             /* the list item at fault, counted from 1; 0: none */
	char text[160];          /* room for a message that names a value */
	bool timed_out;          /* an open ended the attempt: its time was over */
	bool already_ended;      /* an end found the attempt ended by someone else first */
	/* the caller's membership of one course, looked up once per request */
	int64_t known_course;    /* 0: none yet */
	struct membership known;
	/* and their extension at one exam, read with it (engine_membership_at),
	 * with whether a lesson runs that exam (engine_lesson_gate) */
	int64_t known_ext_exam;  /* 0: none yet */
	struct extension known_ext;
	bool known_behind_lesson;
	/* the rank counts an end read after its commit (engine_finish_locked),
	 * for the standing its response shows: no read of its own */
	struct {
		bool have;
		int64_t attempt_id, score_e4;
		int64_t above, below, total, pending;
	} end_rank;
};


/* --- courses and exams (src/engine/reads.c) ---------------------------------- */

/* The caller's membership of course_id. */
enum inv_err engine_membership(struct engine_ctx *cx, int64_t course_id, struct membership *m);
/* The caller's membership of ec's course, read (when the request has not
 * read it yet) with their extension at ec, which the request keeps for
 * the access rules of a start that follows. */
enum inv_err engine_membership_at(struct engine_ctx *cx, const struct exam_content *ec, struct membership *m);
/* Course id for a member or staff: REF_NOT_FOUND (404), REF_NOT_ENROLLED (403). */
enum inv_err engine_course(struct engine_ctx *cx, int64_t course_id, struct arena *mem, struct course *out,
                           struct membership *m);
/* A page of the courses the caller is in (a joined enrollment, any course
 * role; admins: every course), by id, each with the caller's joined
 * enrollment (en.found false: none): up to max into out, *count in all. */
enum inv_err engine_course_list(struct engine_ctx *cx, int64_t offset, int64_t max, struct arena *mem,
                                struct user_course *out, size_t *n, int64_t *count);
/* An exam the caller may see, by id, slug or public id (asmnt_…), with the
 * caller's membership of its course: REF_NOT_FOUND (404: unknown, or
 * unpublished for all but staff), REF_NOT_ENROLLED (403). */
enum inv_err engine_exam(struct engine_ctx *cx, int64_t exam_id, const struct exam_content **ec, struct membership *m);
enum inv_err engine_exam_by_slug(struct engine_ctx *cx, const char *slug, const struct exam_content **ec,
                                 struct membership *m);
enum inv_err engine_exam_by_public_id(struct engine_ctx *cx, const char *public_id, const struct exam_content **ec,
                                      struct membership *m);
/* A page of the exams the caller may see (admins: all; with f->course_id,
 * the course's exams for its members, unpublished ones for its staff),
 * newest first; *count is the total.  f->user_id and f->all are set here. */
enum inv_err engine_exam_list(struct engine_ctx *cx, struct exam_filter *f, int64_t offset, int64_t max,
                              struct arena *mem, struct exam *out, size_t *n, int64_t *count);

/* The exams whose access code is code that the caller may take (a learner
 * who knows an exam's code finds it by the code, as the Testpress SDK's
 * access-code screen does): up to max of them into out, newest first. */
enum inv_err engine_exams_by_access_code(struct engine_ctx *cx, const char *code, const struct exam_content **out,
                                         size_t max, size_t *n);

/* --- courses as outlines (src/engine/course.c) -------------------------------- */

/* A course's sections and lessons as one learner stands with them. */
struct course_outline {
	struct course course;
	struct membership viewer;   /* the caller's */
	int64_t user_id;            /* whose progress: the caller, or the member staff asked about */
	struct enrollment en;       /* that learner's enrollment */
	bool learner_staff;         /* that learner is the course's staff: nothing is locked */
	struct user creator;        /* the course's creator (else first manager, instructor) */
	bool has_creator;
	bool outline;               /* false: the caller has not joined; no sections below */
	struct course_section *sections; /* course order */
	size_t nsections;
	struct course_lesson *lessons;   /* course order; each section's are s->first.. */
	size_t nlessons;
	int64_t num_lessons;        /* published lessons */
	int64_t num_completed;      /* of them, completed by the learner */
	int64_t num_sections;       /* sections with a published lesson */
	int64_t completion_rate;    /* percent of published lessons completed, rounded down */
};
/* The outline of course_id (in mem) for user_id's progress (0: the
 * caller's; another's for the course's staff only: REF_NOT_STAFF, and
 * REF_NOT_FOUND when that user is not in the course).  Each lesson's
 * locked_by is the first of seed 000's rules it fails for that learner (the
 * rules engine_lesson_gate applies to a new attempt), each section's locked
 * its drip.  REF_NOT_FOUND for an unknown course, REF_NOT_ENROLLED for a
 * caller with no enrollment; an invited (requested, payment-waiting) caller
 * gets the course with o->outline false.  staff_view (drafts, the section
 * and lesson lists) is for the course's staff: REF_NOT_STAFF otherwise. */
enum inv_err engine_course_outline(struct engine_ctx *cx, int64_t course_id, int64_t user_id, bool staff_view,
                                   struct arena *mem, struct course_outline *o);
/* Lesson lesson_id of section section_id in course_id for the caller (*out
 * points into *o): REF_NOT_FOUND (elsewhere, or a draft for all but staff),
 * REF_NOT_ENROLLED (not joined); with to_take, the lesson's rule that locks
 * it (REF_LESSON_*, INV_EFORBIDDEN). */
enum inv_err engine_course_lesson(struct engine_ctx *cx, int64_t course_id, int64_t section_id, int64_t lesson_id,
                                  bool to_take, struct arena *mem, struct course_outline *o,
                                  const struct course_lesson **out);
/* Marks a lesson that runs no exam completed (or not) for the caller, under
 * engine_course_lesson's rules (*o the outline it read, in mem); a quiz or
 * exam lesson is REF_INVALID (its pass completes it). */
enum inv_err engine_lesson_mark(struct engine_ctx *cx, int64_t course_id, int64_t section_id, int64_t lesson_id,
                                bool completed, struct arena *mem, struct course_outline *o);
/* A page of f->course_id's quiz dashboard for its staff (REF_NOT_STAFF;
 * REF_NOT_FOUND unknown course): up to limit rows into out, *count in all. */
enum inv_err engine_quiz_dashboard(struct engine_ctx *cx, const struct quiz_filter *f, int64_t offset, int64_t limit,
                                   struct arena *mem, struct quiz_row *out, size_t *n, int64_t *count);
/* A percentage (ten-thousandths) as a whole percent, rounded half up and
 * clamped to 0..100 (negative marking can make it negative). */
int64_t engine_grade_percent(int64_t percentage_e4);

/* --- what a user has done with an exam (src/engine/reads.c) ------------------- */

struct standing {
	int64_t taken;          /* counted attempts (not previews) */
	int64_t attempts_count; /* the highest attempt number */
	bool paused;            /* an unfinished attempt exists */
	int64_t allowed;        /* attempts allowed in all, extra ones included; -1: unlimited */
	int64_t remaining;      /* attempts left; -1: unlimited */
	struct extension ext;   /* the user's extension for this exam */
	bool have_rank;         /* rank of the given attempt, once ranks are published */
	int64_t rank, max_rank, percentile_e4;
};
/* user_id's standing at ec (the caller's own, or anyone's for the course's
 * staff: else REF_NOT_STAFF); a, when given, is the attempt to rank. */
enum inv_err engine_standing(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                             const struct attempt *a, struct standing *out);
/* The rank of ended attempt a at ec into out's have_rank, rank, max_rank
 * and percentile_e4, once the exam's ranks are published (else have_rank
 * false); the caller has checked the right to see a. */
enum inv_err engine_attempt_rank(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                 struct standing *out);
/* Attempts an exam allows in all before any extension: 1 without
 * retakes, else its max_attempts; -1 for unlimited.  Every face derives
 * its own field from it (Canvas allowed_attempts, Testpress max_retakes,
 * assessments max_attempts). */
int64_t engine_allowed_attempts(const struct exam *e);
/* Did completed attempt a pass e (no pass mark: yes)?  The exact percentage
 * decides, as the stored result does: 69.995 does not pass 70. */
bool engine_passed(const struct exam *e, const struct attempt *a);
/* How attempt a stands with e: LO_NONE until it has ended, LO_PENDING while
 * an essay waits for a grader, else LO_PASSED or LO_FAILED. */
enum lesson_outcome engine_outcome(const struct exam *e, const struct attempt *a);
/* The score kept by the exam's scoring policy over user_id's completed,
 * counted attempts; *have false when there is none. */
enum inv_err engine_kept_score(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id, bool *have,
                               int64_t *kept_e4);

/* An attempt's clock as of now. */
struct attempt_clock {
	int64_t used_ms;
	int64_t remaining_ms;  /* INT64_MAX: no limit */
	int64_t end_at_ms;     /* when it ends if nothing changes; 0: no limit */
	bool over;             /* its time (and grace) is over */
	int section;           /* the running section's index; -1 untimed; nsections when all are over */
};
void engine_clock(const struct exam_content *ec, const struct attempt *a, int64_t now_ms, struct attempt_clock *out);
/* Answered questions per hour, and percent correct of the answered. */
int64_t engine_speed(const struct attempt *a);
int64_t engine_accuracy(const struct attempt *a);

/* Why a client that knows only a wall clock (Canvas) cannot take ec — its
 * timer pauses between visits, or its sections run on their own timers, so
 * such a client would see time that does not fall and questions refused —
 * or NULL when it can (static text). */
const char *engine_wall_clock_problem(const struct exam_content *ec);

/* What the reader of an attempt may see of its review. */
struct review_rights {
	bool results; /* per-question correctness, status and marks */
	bool key;     /* correct answers and explanations */
};
/* The caller's rights over attempt a's review: the course's staff see
 * everything, the learner what the exam's show_answers allows. */
enum inv_err engine_review_rights(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                  struct review_rights *out);

/* --- attempts (src/engine/lifecycle.c) ----------------------------------------- */

/* Creates an attempt of ec, or returns the unfinished one (one running
 * attempt per user and exam; concurrent creates make one).  INV_CREATED for
 * a new attempt, INV_OK for the existing one.  Refusals (INV_EFORBIDDEN):
 * REF_NOT_ENROLLED, REF_NOT_OPEN_YET, REF_CLOSED, REF_NO_ATTEMPTS,
 * REF_ACCESS_CODE (cx->access_code missing or wrong), REF_IP_DENIED.  The
 * attempt gets a fresh validation token.  st, when not NULL, gets the
 * user's standing after it, as engine_standing gives it (for a new attempt
 * from what the create's transaction read and wrote: no read of its own). */
enum inv_err engine_create(struct engine_ctx *cx, const struct exam_content *ec, struct attempt *out,
                           struct standing *st);

/* Loads attempt id for its owner, an admin or its course's staff, ending it
 * first when its time is over (cx->timed_out).  INV_ENOTFOUND,
 * INV_EFORBIDDEN (REF_NOT_OWNER). */
enum inv_err engine_open(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec);
/* The latest attempt of user_id at ec (the caller, or anyone for staff:
 * else REF_NOT_STAFF); *have false when none.  Ends an overdue one. */
enum inv_err engine_open_latest(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                                struct attempt *a, bool *have);
/* Attempt number no of user_id at ec, as engine_open_latest; REF_NOT_FOUND when none. */
enum inv_err engine_open_number(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id, int64_t no,
                                struct attempt *a);
/* The attempt with public id (sub_…) at ec, for its owner or staff; else REF_NOT_FOUND. */
enum inv_err engine_open_public(struct engine_ctx *cx, const struct exam_content *ec, const char *public_id,
                                struct attempt *a);
/* Loads answer answer_id of attempt attempt_id with its attempt, in one
 * read, for the attempt's owner; ends the attempt first when its time is
 * over.  INV_ENOTFOUND when either is unknown, INV_EFORBIDDEN another's. */
enum inv_err engine_open_answer(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id, struct arena *mem,
                                struct attempt *a, const struct exam_content **ec, struct answer *ans);

/* start (resume), heartbeat, end: each returns the attempt as it now is.
 * start on a completed attempt is REF_ENDED (INV_EINVAL); end twice gives
 * the same result, grades once, and sets cx->already_ended on the second
 * (two concurrent ends: exactly one of them ends it).  A learner outside the exam's IP filter, or sending a
 * wrong access code, is refused (INV_EFORBIDDEN) on every one of them.
 * start, heartbeat and every save are the owner's (or a global admin's):
 * the course's staff, who may open and end the attempt, get REF_NOT_OWNER. */
enum inv_err engine_start(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec);
enum inv_err engine_heartbeat(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec);
enum inv_err engine_end(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec);
/* engine_open and then engine_heartbeat / engine_end, with one read of the
 * attempt (the transaction's locked read) where the two calls make two:
 * the same refusals, *a and *ec as they would leave them; and, when st is
 * not NULL, the owner's standing with a ranked, as engine_standing gives it
 * (from that read: no read of it after the commit). */
enum inv_err engine_heartbeat_id(struct engine_ctx *cx, int64_t id, struct attempt *a,
                                 const struct exam_content **ec, struct standing *st);
enum inv_err engine_end_id(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec,
                           struct standing *st);

/* Checks an input against its question (options of that question, shape of
 * the type); sorts and folds repeated option ids.  INV_OK or INV_EINVAL. */
enum inv_err engine_check_input(struct engine_ctx *cx, const struct ex_question *q, struct answer_input *in);
/* Saves an answer (idempotent, time spent accumulates, logged as an event).
 * INV_EINVAL when the attempt has ended (REF_ENDED), its time is over
 * (REF_TIME_OVER: it is then ended with what was saved) or the question's
 * section is not running (REF_SECTION_CLOSED); INV_EFORBIDDEN at the gates;
 * INV_ENOTFOUND when cur is not one of the attempt's.  *saved is the stored answer. */
enum inv_err engine_save(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                         const struct answer *cur, struct answer_input *in, struct answer *saved);
/* A save of in to answer answer_id of attempt attempt_id as one statement,
 * when this worker knows the attempt (src/engine/save_known.c).  *done true:
 * saved as engine_save would have, with a (its id, exam, owner, state and
 * exam version), *ec and *saved (texts in mem) filled; *done false: nothing
 * was stored or refused, take the full path (engine_open_answer,
 * engine_check_input, engine_save), which decides.  INV_EUNAVAILABLE or
 * INV_EINTERNAL on a store failure; else INV_OK. */
enum inv_err engine_save_known(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id,
                               struct answer_input *in, struct arena *mem, struct attempt *a,
                               const struct exam_content **ec, struct answer *saved, bool *done);
/* A page of a running attempt's answers (as engine_answers reads them),
 * when this worker or another of the pool knows the attempt: the records
 * read with the checks engine_open would make (the caller's, running, in
 * time, the exam's version the worker has).  *done true: out[0..*n) and
 * *count (the attempt's records) filled, with a (its id, exam, owner,
 * state, version and record count) and *ec; *done false: nothing read, take
 * the full path (engine_open, engine_answers), which decides (an attempt
 * whose time is over is ended there).  INV_EUNAVAILABLE or INV_EINTERNAL on
 * a store failure; else INV_OK. */
enum inv_err engine_answers_known(struct engine_ctx *cx, int64_t attempt_id, int64_t offset, int64_t limit,
                                  struct arena *mem, struct attempt *a, const struct exam_content **ec,
                                  struct answer *out, size_t *n, int64_t *count, bool *done);
/* Saves n answers (exam questions eq_ids[i]) of a running attempt in one
 * transaction: all or none, each logged with its own payload.  Refusals as
 * engine_save; REF_INVALID when an id is repeated or not the attempt's. */
enum inv_err engine_save_many(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                              const int64_t *eq_ids, struct answer_input *inputs, size_t n);
/* Does token equal the attempt's validation token?  Constant time. */
bool engine_token_matches(const struct attempt *a, const char *token);

/* A page of answers of an attempt the caller opened (position order); *count
 * (when not NULL) is how many it has. */
enum inv_err engine_answers(struct engine_ctx *cx, const struct attempt *a, int64_t offset, int64_t limit,
                            struct arena *mem, struct answer *out, size_t *n, int64_t *count);
/* A page of the caller's own attempts (f->user_id is set here); *count the total. */
enum inv_err engine_attempt_list(struct engine_ctx *cx, struct attempt_filter *f, int64_t offset, int64_t limit,
                                 struct attempt *out, size_t *n, int64_t *count);
/* engine_open, for a review: one that has not ended is refused (REF_INVALID). */
enum inv_err engine_open_ended(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec);
/* Opens attempt id for its review, as engine_open does (the caller's, or
 * the course's staff's; one whose time is over is ended first), refusing
 * one that has not ended (REF_INVALID), and reads a page of its answers as
 * engine_answers does: each with its question's statistics at *ec in
 * stats[i] (eq_id 0: none yet), attempts waiting to be folded into those
 * folded first when some do (one batch, best effort).  *count is how many
 * answers a has.  The attempt and its grades are one read. */
enum inv_err engine_review_open(struct engine_ctx *cx, int64_t id, int64_t offset, int64_t limit, struct arena *mem,
                                struct attempt *a, const struct exam_content **ec, struct answer *out,
                                struct question_stat *stats, size_t *n, int64_t *count);
/* The caller's subject analytics over every completed, counted attempt:
 * *t (in mem) parallel to the subjects of the caller's courses, *n of them
 * (REF_INVALID past ENGINE_USER_SUBJECTS_MAX, never a silent cut). */
#define ENGINE_USER_SUBJECTS_MAX 5000
enum inv_err engine_user_subject_totals(struct engine_ctx *cx, struct arena *mem, struct subject_total **t, size_t *n);
/* Per-subject totals of attempt a (t has ec->nsubjects entries). */
enum inv_err engine_subject_totals(struct engine_ctx *cx, const struct attempt *a, const struct exam_content *ec,
                                   struct subject_total *t);

/* One-shot submission (the assessments face): in one transaction, takes
 * the user's unfinished attempt of ec (or starts one, under the access,
 * gate and retake rules of engine_create), saves inputs[i] for the exam
 * question eq_ids[i], ends and grades it, and gives it a public id (41
 * bytes).  INV_CREATED; INV_EFORBIDDEN as engine_create, or REF_TIME_OVER
 * when the unfinished attempt's time had passed (it is ended with what it held). */
enum inv_err engine_submit(struct engine_ctx *cx, const struct exam_content *ec, const int64_t *eq_ids,
                           struct answer_input *inputs, size_t n, struct attempt *out, char *public_id);

/* Ends every running attempt whose deadline passed; returns how many, or -1. */
int engine_sweep(int64_t now_ms);
/* Folds every exam's ended attempts into its statistics (per question, score
 * histogram, totals); returns how many attempts it folded, or -1. */
int64_t engine_fold_stats(void);

/* --- staff (src/engine/staff.c): each checks the caller is the course's staff --- */

/* User user_id (the caller, or anyone in ec's course for its staff: else
 * REF_NOT_STAFF) without their password hash; REF_NOT_FOUND unknown. */
enum inv_err engine_user(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id, struct user *out);
/* The stable submission id of (ec, user_id), for that user or staff: 1 found, 0 none. */
enum inv_err engine_submission_id(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                                  int64_t *sub_id, bool *have);
/* The exam and user of submission sub_id, for that user or the exam's
 * staff; REF_NOT_FOUND otherwise (a learner never learns it exists). */
enum inv_err engine_submission(struct engine_ctx *cx, int64_t sub_id, const struct exam_content **ec,
                               int64_t *user_id);
/* The exam and user of submission sub_id for its owner only; a global admin
 * may also read it (write false).  REF_NOT_FOUND (INV_ENOTFOUND) for anyone
 * else, the course's staff included. */
enum inv_err engine_submission_own(struct engine_ctx *cx, int64_t sub_id, bool write, const struct exam_content **ec,
                                   int64_t *user_id);
/* A page of the exam's submissions (id and user), for staff. */
enum inv_err engine_submissions(struct engine_ctx *cx, const struct exam_content *ec, int64_t offset, int64_t limit,
                                int64_t *sub_ids, int64_t *user_ids, size_t *n);

/* A grader's change to one question of a completed attempt. */
struct score_change {
	int64_t eq_id;
	bool has_score, has_comment;
	int64_t score_e4;      /* >= 0 */
	const char *comment;   /* "" removes it */
};
/* Manual scoring: sets the scores and comments, replaces the fudge points
 * when has_fudge, and recomputes the attempt's totals and result; it stops
 * being pending once no essay is left unscored.  REF_NOT_STAFF (403),
 * REF_NOT_COMPLETED (400). */
enum inv_err engine_rescore(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                            const struct score_change *ch, size_t n, bool has_fudge, int64_t fudge_e4);

/* One learner's extension as a grader asks for it; has_* say what is set. */
struct extension_grant {
	int64_t user_id;
	bool has_attempts, has_time, has_unlocked;
	int64_t extra_attempts, extra_time_s;
	bool unlocked;
	int64_t from_end_s, from_now_s; /* more time for the running attempt: after its end, from now */
	/* filled in */
	struct extension result;
	int64_t end_at_ms;              /* the running attempt's new end; 0: none */
};
/* Applies n grants in one transaction (all or none), giving each learner's
 * running attempt its time.  REF_NOT_STAFF; REF_INVALID (field "user_id",
 * cx->item the grant) when a user is not in the course. */
enum inv_err engine_extensions(struct engine_ctx *cx, const struct exam_content *ec, struct extension_grant *g,
                               size_t n);

/* The most events one request may report, and their sizes. */
#define EVENTS_PER_REQUEST_MAX 1000
#define EVENT_TYPE_MAX 64
#define EVENT_DATA_MAX 65535
/* Logs n client events (type, data; at_ms set here) of attempt a, all or
 * none, for its owner only (REF_NOT_OWNER); REF_INVALID (cx->item the
 * event) for an empty or over-long type or data, or too many events. */
enum inv_err engine_events_add(struct engine_ctx *cx, const struct attempt *a, struct submission_event *ev,
                               size_t n);
/* Up to limit events of attempt a from offset (its owner or the course's
 * staff; a as opened by engine_open_latest or engine_open_number). */
enum inv_err engine_events(struct engine_ctx *cx, const struct attempt *a, const struct exam_content *ec,
                           int64_t offset, int64_t limit, struct arena *mem, struct submission_event *out, size_t *n);

/* Comments on a question, for the members and staff of its course
 * (REF_NOT_FOUND for anyone else, and for an unknown question). */
#define COMMENT_MAX 65535
/* Adds the caller's comment (1..COMMENT_MAX bytes, else REF_INVALID). */
enum inv_err engine_comment_add(struct engine_ctx *cx, int64_t question_id, const char *text,
                                struct question_comment *out);
/* Up to limit comments from offset, oldest first, and how many there are. */
enum inv_err engine_comments(struct engine_ctx *cx, int64_t question_id, int64_t offset, int64_t limit,
                             struct arena *mem, struct question_comment *out, size_t *n, int64_t *count);

/* --- the Testpress admin API (src/engine/admin.c) ------------------------------- */

/* A page of the attempts f selects that the caller may see: an admin all,
 * a course's staff their courses' (f->caller and f->all are set here);
 * REF_NOT_STAFF for someone who is staff nowhere. */
enum inv_err engine_admin_attempts(struct engine_ctx *cx, struct admin_filter *f, int64_t offset, int64_t limit,
                                   struct admin_row *out, size_t *n, int64_t *count);
/* One attempt as its course's staff (or an admin) read it. */
struct admin_attempt {
	struct attempt a;
	const struct exam_content *ec;
	struct answer *answers;       /* all of them, in position order (in mem) */
	size_t n;
	struct standing standing;     /* rank and percentile, once published */
	struct attempt_clock clock;
	struct attempt_breakdown breakdown;
};
/* Attempt id for the staff of its course or an admin (an overdue one is
 * ended first): REF_NOT_FOUND, REF_NOT_OWNER (another's, for a learner),
 * REF_NOT_STAFF (the learner's own). */
enum inv_err engine_admin_attempt(struct engine_ctx *cx, int64_t id, struct arena *mem, struct admin_attempt *out);

/* --- lessons that run no exam, attendance, the content report (src/engine/content.c) */

/* A learner's progress with a lesson, and the lesson; for a quiz or exam
 * lesson, the attempt of its exam instead (ec set). */
struct content_progress {
	struct lesson_ref lesson;
	struct lesson_progress progress;
	const struct exam_content *ec; /* NULL: a lesson that runs no exam */
	struct attempt attempt;
};
/* One played range of a video, as its player reports it. */
struct watch_range {
	int64_t from_ms, to_ms;
};
/* One row of an attendance import: the learner by username, else by the
 * email of one member of the course; user_id is set by the import. */
struct attendance_in {
	char username[151];
	char email[255];
	int64_t user_id;
	int64_t joined_ms, left_ms;
};
/* One course of the content report, as staff see it (no learner's progress). */
struct content_course {
	struct course course;
	int64_t creator_id;                /* 0: none */
	struct course_section *sections;
	size_t nsections;
	struct course_lesson *lessons;     /* course order */
	size_t nlessons;
};
/* One exam attempt of the content report, with its clock and rank, as
 * stored (a report ends no attempt whose time is over). */
struct content_attempt {
	struct attempt a;
	const struct exam_content *ec;
	struct attempt_clock clock;
	struct standing standing;   /* its rank alone */
};
/* A page of the content report and what its rows name (all in mem). */
struct content_report {
	struct content_row *rows;
	size_t n;
	int64_t count;                     /* rows in all */
	struct content_course *courses;    /* each course a row names, once */
	size_t ncourses;
	struct content_attempt *exams;     /* each row's attempt, in row order */
	size_t nexams;
};
/* The caller opens lesson lesson_id (the Testpress SDK's content attempt):
 * records it (an attachment or HTML lesson is completed by it) and returns
 * INV_CREATED with the progress row.  A quiz or exam lesson starts an
 * attempt of its exam as engine_create does (INV_CREATED, or INV_OK with
 * the one still running; its refusals too), out->ec set.  The lesson rules
 * apply as to a new attempt (REF_NOT_FOUND, REF_NOT_ENROLLED, REF_LESSON_*). */
enum inv_err engine_content_open(struct engine_ctx *cx, int64_t lesson_id, struct arena *mem,
                                 struct content_progress *out);
/* Lesson lesson_id as the caller sees it (REF_NOT_FOUND: unknown, or a
 * draft for all but staff; REF_NOT_ENROLLED), and, for a lesson that runs
 * no exam, the caller's progress with it (*has_progress).  A quiz or exam
 * lesson's attempts are its exam's: engine_attempt_list. */
enum inv_err engine_content_read(struct engine_ctx *cx, int64_t lesson_id, struct arena *mem,
                                 struct content_progress *out, bool *has_progress);
/* The caller's video progress row progress_id played the n ranges and now
 * stands at position_ms (clamped to the video): folds them into what is
 * watched, completing the lesson at WATCH_COMPLETE_PERMILLE, in one
 * transaction.  REF_NOT_FOUND (unknown, another's, not a video), and the
 * lesson rules as engine_content_open. */
enum inv_err engine_video_watch(struct engine_ctx *cx, int64_t progress_id, int64_t position_ms,
                                const struct watch_range *ranges, size_t n, struct arena *mem,
                                struct content_progress *out);
/* A page of the chapter content attempts f selects, for an admin (every
 * course) or a course's staff (their courses'; REF_NOT_STAFF for someone
 * who is staff nowhere), with the courses and exam attempts its rows name.
 * f->caller and f->all are set here. */
enum inv_err engine_content_attempts(struct engine_ctx *cx, struct content_filter *f, int64_t offset, int64_t limit,
                                     struct arena *mem, struct content_report *out);
/* A page of video-conference lesson lesson_id's attendance, for its
 * course's staff, into out (room for limit rows; strings its own), *n rows
 * and *count in all: REF_NOT_FOUND (no such conference), REF_NOT_STAFF. */
enum inv_err engine_attendance(struct engine_ctx *cx, int64_t lesson_id, int64_t offset, int64_t limit,
                               struct arena *mem, struct attendance_row *out, size_t *n, int64_t *count);
/* Imports n stays in video-conference lesson lesson_id, all or none: each
 * learner (by username, else by email) must be a joined member of its
 * course and leave no earlier than they join; each attendee's lesson is
 * opened at their earliest join and completed at their earliest leave.
 * REF_NOT_FOUND (no such conference), REF_NOT_ENROLLED or REF_INVALID with
 * cx->item the row at fault (counted from 1) and cx->field its column. */
enum inv_err engine_attendance_import(struct engine_ctx *cx, int64_t lesson_id, struct attendance_in *rows, size_t n);

/* --- attempts prepared ahead of a scheduled start (src/engine/prepare.c) -------- */

struct prepare_report {
	int64_t learners;  /* joined learners of the exam's course */
	int64_t prepared;  /* attempts made now */
	int64_t had_one;   /* learners with an unfinished (or prepared) attempt already */
	int64_t none_left; /* learners with no attempt left */
};
/* Makes a not-started attempt of ec, with its answer records, for every
 * joined learner of its course who has none unfinished and an attempt
 * left; a second run makes none.  The learner's first start, on any face,
 * takes it under every rule of a start (window, retakes, access code,
 * lesson rules, extension).  One transaction per learner. */
enum inv_err engine_prepare(const struct exam_content *ec, int64_t now_ms, struct prepare_report *out);

/* --- item analysis (src/engine/report.c) ---------------------------------------- */

/* The item analysis of ec for its staff (REF_NOT_STAFF): over every ended,
 * counted attempt with no essay left to grade, each learner's kept attempt
 * (all of them with all_versions) counted, each learner's first analysed
 * (docs/item-analysis.md).  Arrays in mem. */
enum inv_err engine_item_report(struct engine_ctx *cx, const struct exam_content *ec, bool all_versions,
                                struct arena *mem, struct item_report *out);

/* --- authoring (src/engine/author.c): staff of the exam's course ---------------- */

/* Creates an exam (an assessment) in e->course_id.  REF_NOT_STAFF,
 * REF_NOT_FOUND (field course_id) for an unknown course. */
enum inv_err engine_exam_create(struct engine_ctx *cx, const struct exam_new *e, const struct exam_content **ec);
/* Changes what p sets; *ec becomes the new content. */
enum inv_err engine_exam_patch(struct engine_ctx *cx, const struct exam_content **ec, const struct exam_patch *p);
/* What breaks the rules of q's type, or NULL; *field names the key. */
const char *engine_question_problem(const struct content_question *q, const char **field);
/* Appends n questions (checked with engine_question_problem by the caller)
 * in one transaction; ids[i] is each question's id; *ec the new content. */
enum inv_err engine_exam_add_questions(struct engine_ctx *cx, const struct exam_content **ec,
                                       const struct content_question *qs, size_t n, int64_t *ids);

/* --- log-in and tokens (src/engine/reads.c) ------------------------------------- */

/* Does user user_id still exist as username with role?  INV_OK, INV_EAUTH
 * when not (deleted, renamed or another role), or a database failure. */
enum inv_err engine_user_current(int64_t user_id, const char *username, enum role role);

/* Before a password is checked: the user (*found) and, when username is
 * locked out after failed log-ins, INV_ETHROTTLED with *wait_s. */
enum inv_err engine_login_begin(const char *username, int64_t now_ms, struct user *u, bool *found, int64_t *wait_s);
/* After it is checked: counts a failure (window and lockout from the
 * configuration) or clears the count. */
enum inv_err engine_login_end(const char *username, int64_t now_ms, bool ok);

#endif
