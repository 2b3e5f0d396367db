/* invigil — typed access to stored aggregates.  No SQL leaves src/store/.
 *
 * Conventions for every function below unless its comment says otherwise:
 * it returns 0 (writes, lists) or 1 found / 0 not found (lookups), and -1
 * on a database failure (db_last_err() / store_err() say which; the
 * failure is logged with its statement).  Output structs are the caller's;
 * strings too long for a struct's fixed buffer live in the arena the
 * caller passes (and die with it).  Nothing returned is owned by the store
 * except exam content (see the cache below).  Writes outside store_tx()
 * commit alone; the engine runs every multi-write request in one. */
#ifndef INVIGIL_STORE_H
#define INVIGIL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/model.h"

struct arena;

/* --- users and logins (src/store/db_user.c) --- */
/* The user named username into *out: 1, 0 unknown, -1. */
int db_user_by_username(const char *username, struct user *out);
/* The user with id into *out: 1, 0 unknown, -1. */
int db_user_get(int64_t id, struct user *out);
/* Inserts or updates by username; hash NULL keeps the stored one.
 * Returns the user's id, or -1. */
int64_t db_user_upsert(const char *username, const char *email, const char *display_name,
                       enum role role, const char *password_hash);
/* 1 when set, 0 when there is no such user. */
int db_user_set_password(const char *username, const char *password_hash);
/* 1 with *wait_s set when username is locked out at now_ms. */
int db_login_locked(const char *username, int64_t now_ms, int64_t *wait_s);
/* Counts a failure; after max_failures within window_ms, locks for lockout_ms. */
int db_login_failed(const char *username, int64_t now_ms, int64_t window_ms, int64_t max_failures,
                    int64_t lockout_ms);
/* Forgets username's failed log-ins: 0 or -1. */
int db_login_clear(const char *username);

/* --- courses and enrollments (src/store/db_course.c) --- */
/* 1 with *id set when the course exists. */
int db_course_id(const char *slug, int64_t *id);
/* Inserts or updates a course by slug: its id, or -1. */
int64_t db_course_upsert(const char *slug, const char *title, const char *description,
                         const char *type, bool enforce_lessons_order);
/* Inserts or updates user's enrollment (role: learner|instructor|creator|
 * manager; status: joined|invited|requested): its id, or -1. */
int64_t db_enroll(int64_t course_id, int64_t user_id, const char *role, const char *status,
                  int64_t joined_ms);
/* Does a quiz or exam lesson run exam_id?  1, 0, -1. */
int db_exam_behind_lesson(int64_t exam_id);
/* Marks every lesson that runs exam_id completed for user_id at at_ms (a
 * lesson completed before keeps its time).  0 or -1. */
int db_lessons_complete(int64_t exam_id, int64_t user_id, int64_t at_ms);
/* Course id into *out (title and description in mem): 1, 0. */
int db_course_get(int64_t id, struct arena *mem, struct course *out);
/* A page (offset, up to limit rows into out, strings in mem) of the courses
 * user_id has a joined enrollment in (any course role), or with all of every
 * course, by id; each with user_id's joined enrollment (en.found false:
 * none).  *count is how many in all.  0 or -1. */
int db_user_courses(int64_t user_id, bool all, int64_t offset, int64_t limit, struct arena *mem,
                    struct user_course *out, size_t *n, int64_t *count);
/* user_id's enrollment in course_id into *out (out->found): 1, 0 none. */
int db_enrollment_of(int64_t course_id, int64_t user_id, struct enrollment *out);
/* User user_id's enrollment in course course_id (en->found false when
 * none) and extension at exam exam_id (zeros when none), and whether a
 * quiz or exam lesson runs the exam (*behind_lesson, as
 * db_exam_behind_lesson), in one read.  1, 0 when no such user (all
 * empty), -1 on failure. */
int db_access_of(int64_t course_id, int64_t exam_id, int64_t user_id, struct enrollment *en, struct extension *x,
                 bool *behind_lesson);
/* A user's attempts at one exam, as STMT_ATTEMPT_SUMMARY counts them. */
struct attempt_tally {
	int64_t taken;      /* started, not previews */
	int64_t max_no;     /* the highest attempt number, 0: none */
	int64_t open_id;    /* the highest numbered not completed (prepared or running), 0: none */
	int64_t running_id; /* the highest numbered running, 0: none */
};
/* db_access_of and the user's attempts at exam_id (*t), in one read: 1, 0
 * when no such user (all empty), -1 on failure. */
int db_standing_of(int64_t course_id, int64_t exam_id, int64_t user_id, struct enrollment *en, struct extension *x,
                   struct attempt_tally *t);
/* The course's creator (else its first manager, else its first instructor;
 * joined enrollments only) into *out, without email or hash: 1, 0 none. */
int db_course_creator(int64_t course_id, struct user *out);
/* Every section of course_id in course order (position, then id): *out an
 * array of *n in mem (NULL when none).  The engine's fields are zero. */
int db_course_sections(int64_t course_id, struct arena *mem, struct course_section **out, size_t *n);
/* Every lesson of course_id in course order (its section's, then its own
 * position, ids breaking ties), with user_id's completion and the result of
 * their latest completed counted attempt of its exam: *out in mem, *n. */
int db_course_lessons(int64_t course_id, int64_t user_id, struct arena *mem, struct course_lesson **out, size_t *n);
/* The ids of course_id's joined learners, ascending, into *ids (malloc'd:
 * free with db_ids_free), *n of them.  0 or -1. */
int db_course_learners(int64_t course_id, int64_t **ids, size_t *n);
void db_ids_free(int64_t *ids);
/* Marks lesson_id completed for user_id at at_ms (a completion kept keeps
 * its first time), or, with at_ms 0, not completed.  0 or -1. */
int db_lesson_progress(int64_t lesson_id, int64_t user_id, int64_t at_ms);
/* A page (offset, up to limit rows into out, strings in mem) of the attempts
 * at the quiz and exam lessons of f->course_id, newest first; *count how many
 * match in all.  0 or -1. */
int db_quiz_dashboard(const struct quiz_filter *f, int64_t offset, int64_t limit, struct arena *mem,
                      struct quiz_row *out, size_t *n, int64_t *count);

/* --- exams as faces list them (src/store/db_exam.c) --- */
/* Fills up to max exams (newest first) from offset; *n is the number
 * filled.  Strings live in a. */
int db_exam_list(const struct exam_filter *f, int64_t offset, int64_t max, struct arena *a,
                 struct exam *out, size_t *n);
/* How many exams f lists, into *count. */
int db_exam_count(const struct exam_filter *f, int64_t *count);


/* --- course packages (src/store/db_import.c) --- */
struct import_report {
	int users, enrollments, subjects, questions, options, exams, exam_questions, sections, lessons;
	int regrade_needed; /* questions whose marks changed while answered */
	char error[512];    /* why the import was refused */
};

struct course_content;
/* Applies p in one transaction: re-importing updates in place, never
 * deletes.  A question type change of an answered question is refused
 * unless force.  0; 1 when refused (rep->error says why); -1 on a
 * database failure. */
int db_import_package(const struct course_content *p, bool force, struct arena *a, struct import_report *rep);

/* --- migrations (src/store/migrate.c) --- */
/* Applies schema/NNN_name.sql files of dir not yet recorded, in order,
 * printing each to out.  0, or -1 with a message on stderr. */
int db_migrate(const char *dir, void (*say)(const char *line));

/* --- bulk tokens (src/store/db_user.c) --- */
/* Calls fn for every user of role (all users when role < 0), by id. */
int db_user_each(int role, void (*fn)(const struct user *u, void *ctx), void *ctx);

/* Runs fn(ctx) in a transaction (see db_tx in db.h): 0 committed, 1 fn
 * refused (rolled back), -1 database failure. */
int store_tx(int (*fn)(void *ctx), void *ctx, bool idempotent);
/* store_tx for a transaction whose first statement is an opening read that
 * starts it (db_attempt_open_lock_ending): no round trip of its own for
 * the START. */
int store_tx_open(int (*fn)(void *ctx), void *ctx, bool idempotent);
/* The inv_err for the last database failure (503 when it is away). */
enum inv_err store_err(void);
/* Was the last failure a foreign key pointing nowhere (1452)? */
bool db_last_is_fk(void);

/* --- exam content, cached per worker (src/store/exam_cache.c) --- */
/* The content of exam id; version is the content_version the caller saw
 * (0: read it now, so the content is never stale).  1 with *out set, 0 when
 * no such exam, -1 on failure.  The cache owns *out; it stays valid until
 * exam_cache_release(), even when a later call reloads or evicts it. */
int exam_cache_get(int64_t exam_id, int64_t version, const struct exam_content **out);
/* The same by exam slug (one primary-key read for its id and version). */
int exam_cache_by_slug(const char *slug, const struct exam_content **out);
/* Exam exam_id's content as this worker has it, of whatever version,
 * without a query (a caller that cannot know the version checks it in its
 * own statement).  1 with *out (valid until exam_cache_release()), or 0
 * when not cached. */
int exam_cache_peek(int64_t exam_id, const struct exam_content **out);
/* Drops exam id from this worker's cache (after changing it here); content
 * already handed out stays valid until exam_cache_release(). */
void exam_cache_forget(int64_t exam_id);
/* Frees the content replaced during this request: called once a request's
 * response is written, when no pointer into it is left. */
void exam_cache_release(void);

/* --- attempts (src/store/db_attempt.c) --- */
/* The user's extra attempts and time at the exam (0 and 0 when none). */
int db_extension_get(int64_t exam_id, int64_t user_id, int64_t *extra_attempts, int64_t *extra_time_s);
/* Attempt id (with its exam's content version and username) into *a: 1, 0. */
int db_attempt_get(int64_t id, struct attempt *a);
/* An ended attempt's grades row as its read gave it: read, its text (NULL:
 * no row, as for an attempt that ended before migration 007), and the id
 * of its first answer record when the records' ids run one per answer from
 * it in the row's order (migration 013; 0: they do not, or not known). */
struct grades_text {
	bool read;
	const char *text;
	int64_t first_answer_id;
};
/* db_attempt_get, and the attempt's grades row into *g (its text in mem)
 * in the same read, for db_review_page.  1, 0 or -1. */
int db_attempt_get_graded(int64_t id, struct arena *mem, struct attempt *a, struct grades_text *g);
/* What a locked read of an attempt gives of its owner at its exam: their
 * extension, and their other attempts there (the tally without this one). */
struct owner_facts {
	struct extension x;
	struct attempt_tally others;
};
/* In a transaction: locks the attempt row and reads it as db_attempt_get
 * does, with its owner's facts into *o (1, 0 none, -1); the read before a
 * transaction and the lock in one.  As the first statement of
 * store_tx_open's transaction, with its START in one round trip (the
 * routine invigil_open_v1, where it is available). */
int db_attempt_open_lock(int64_t id, struct attempt *a, struct owner_facts *o);
/* db_attempt_open_lock as an end's first statement (store_tx_open), in one
 * round trip with the START and, after the lock, the read of the attempt's
 * events, which the end's grading takes (db_answers_overlay of this
 * attempt, once, in this transaction) instead of reading them again.  By
 * the routine invigil_end_open_v1; by statements where it is not
 * available.  1, 0 none, -1. */
int db_attempt_open_lock_ending(int64_t id, struct attempt *a, struct owner_facts *o);
/* In a transaction: locks the attempt row and rereads its own columns. */
int db_attempt_lock(int64_t id, struct attempt *a);
/* In a transaction: locks the (exam, user) pair, creating its row, then
 * reads its attempts as db_attempt_summary does (a read of its own, after
 * the lock): 0, or -1.  As the first statement of store_tx_open's
 * transaction, in one round trip with its START and with the read of the
 * exam's version under a shared lock that db_attempt_insert then takes
 * (the routine invigil_create_open_v1, where it is available). */
int db_pair_lock_tally(int64_t exam_id, int64_t user_id, int64_t *taken, int64_t *max_no, int64_t *open_id);
/* Counted attempts (taken: not previews, not prepared ones), the highest
 * attempt_no and the unfinished attempt (running or prepared; 0: none):
 * 0, or -1.  (db_standing_of counts the running one too.) */
int db_attempt_summary(int64_t exam_id, int64_t user_id, int64_t *taken, int64_t *max_no, int64_t *open_id);
/* Inserts a running attempt, with the ids of its answers reserved, one per
 * question of ec (the exam as the request read it) in its order; sets what
 * the database fills (a->id, a->created_ms), the user's names,
 * a->answer_count and a->content_version, so that a is as a read of it
 * would give, and a->dense_first_id, its first answer's id.  Its answer
 * records are made when first needed (db_records_make), or now when the
 * exam has changed since ec was read.  In the caller's transaction, which
 * it leaves holding the exam's row shared; with commits (the insert is the
 * transaction's last write), it commits it too, in the same round trip
 * (the routine invigil_create_write_v1, db_tx_committed) where it can.
 * 0 or -1. */
int db_attempt_insert(struct attempt *a, const struct exam_content *ec, bool commits);
/* Answer records made when first needed (db_records.c, migration 014). */
/* The first of n consecutive answer ids reserved for this connection's use
 * (a new block when its own has fewer left), or -1. */
int64_t db_answer_ids_take(size_t n);
/* The exam's content version, read under a shared lock kept to the
 * transaction's commit: 0, or -1. */
int db_exam_version_shared(int64_t exam_id, int64_t *version);
/* Makes attempt_id's answer records if it started without them and they
 * are not made yet: every reader of its records calls it first.  0 or -1. */
int db_records_make(int64_t attempt_id);
/* Locks the course's exams to the commit and makes the records of every
 * attempt at them that lacks them: what changes an exam's questions calls it
 * first, in its transaction.  0 or -1. */
int db_records_make_course(int64_t course_id);
/* Makes the records of the course's attempts that lack them, each attempt
 * in its own short transaction, outside any: what changes an exam's
 * questions calls it before its transaction, so that the transaction's own
 * make (db_records_make_course) finds only the attempts started since, and
 * holds few attempts' rows to its commit.  0 or -1. */
int db_records_settle_course(int64_t course_id);
/* Stores a's state and clock (started, resumed, last seen, used, deadline);
 * with commits (the transaction's last write), commits it too, in the same
 * round trip (the routine invigil_timer_write_v1, db_tx_committed) where
 * it can.  0 or -1. */
int db_attempt_update_timer(const struct attempt *a, bool commits);
/* Stores a running attempt's extra time and the deadline that follows. */
int db_attempt_extend(const struct attempt *a);
/* Which of an attempt's answer records a page reads, in their order
 * (position, then record id): from the first whose position is at least
 * from_position, the first skip of those passed over, then up to limit.
 * A page by its offset alone is {ANSWER_SPAN_FIRST, offset, limit}, which
 * reads and drops every record before it; engine_answer_span starts it at
 * its first record's position when that is known. */
struct answer_span {
	int64_t from_position, skip, limit;
};
#define ANSWER_SPAN_FIRST INT32_MIN /* at most every position (an INT column) */
/* The answers of the attempt span sp names, into out (*n filled, at most
 * sp->limit); their texts live in mem.  Each is its latest event's state;
 * settled (the attempt has ended): the records with what the end settled
 * into the attempt's grades row (db_grades.c).  0 or -1. */
int db_answers_page(int64_t attempt_id, bool settled, const struct answer_span *sp, struct arena *mem,
                    struct answer *out, size_t *n);
/* How many answer records the attempt has. */
int db_answers_count(int64_t attempt_id, int64_t *count);
/* All answer records of an attempt: rows on the heap, texts in mem. */
struct answer_set {
	struct answer *rows;
	size_t n;
	struct arena mem;
};
/* Loads every answer of attempt_id into *s (free it with db_answer_set_free,
 * even on failure); expect, the records it should have (its answer_count;
 * 0: unknown), sizes the set, which grows when there are more.  0 or -1. */
int db_answer_set_load(int64_t attempt_id, bool settled, int64_t expect, struct answer_set *s);
/* An empty *s with cleared room for n answers (free it with
 * db_answer_set_free, even on failure).  0, or -1 out of memory. */
int db_answer_set_room(struct answer_set *s, size_t n);
/* Overlays the n answers of *s, records as the caller made them, with the
 * latest state the attempt's events left for each (one read of its
 * events), as db_answer_set_load does for a running attempt.  0 or -1. */
int db_answer_set_overlay(int64_t attempt_id, struct answer_set *s);
/* The same for n answers at out (texts in mem).  0 or -1. */
int db_answers_overlay(int64_t attempt_id, struct arena *mem, struct answer *out, size_t n);
void db_answer_set_free(struct answer_set *s);
/* The record of exam question eq_id in s, or NULL. */
struct answer *db_answer_set_find(struct answer_set *s, int64_t eq_id);
/* An answer and its attempt in one read (texts in mem), for a save: the
 * answer as its latest event left it (an ended attempt's grade, which a save
 * never reads, stays in its grades row).  1, 0 (no such pair) or -1. */
int db_answer_open(int64_t attempt_id, int64_t answer_id, struct arena *mem, struct attempt *a, struct answer *ans);

struct answer_event {
	int64_t attempt_id, answer_id, user_id, at_ms;
	const char *face, *payload, *remote_addr, *request_id;
	size_t payload_len; /* the bytes of payload to keep */
};
/* A save, as one statement and one row: appends e to the answer event log
 * (payload_len bytes of the payload) with the answer's state after it: what
 * in sent, merged over the current answer, and spent_ms added to the
 * question's time.  Stored only while the attempt has not ended and its
 * deadline_at (if any) is after open_after_ms (now minus the grace).
 * Returns 1 when stored, 0 when the attempt had ended or was past that
 * point (nothing stored), -1 on a store failure.  Owns nothing. */
int db_answer_append(const struct answer_event *e, const struct answer_input *in, int64_t spent_ms,
                     int64_t open_after_ms);
/* What a worker knows of a save without reading the attempt
 * (src/engine/save_known.c): every part is checked by the statement. */
struct known_save {
	int64_t eq_id;             /* the question answer_id is guessed to be */
	int64_t exam_id, exam_version; /* the content the input was checked against */
	int64_t open_after_ms;     /* now minus the grace: a deadline must be later */
	int64_t pausable_limit_ms; /* a timed pausable clock: its duration plus grace; else 0 */
	bool dense;                /* the attempt's record ids are known (attempt.dense_first_id): the
	                            * record is not read, its version is checked instead */
};
/* A save as the only statement: appends e as db_answer_append does when
 * answer e->answer_id is k's question in attempt e->attempt_id, the attempt
 * is e->user_id's, running, of k's exam at k's version and inside its time
 * (its deadline after k->open_after_ms; a pausable clock's time used, to
 * e->at_ms, under k->pausable_limit_ms plus its extension).  The question's
 * time grows by the time since the clock's last touch.  Returns 1 and the
 * answer's state after it in saved's selected, text (in mem), review and
 * time_spent_ms; 0 when any check failed (nothing stored); -1 on a store
 * failure. */
int db_answer_append_known(const struct answer_event *e, const struct known_save *k, const struct answer_input *in,
                           struct arena *mem, struct answer *saved);
/* A page of ended attempt attempt_id's answers as db_answers_page reads it
 * (out, *n; texts in mem), stats[i] the statistics of out[i]'s question
 * (eq_id 0: none yet), and in *pending whether ended attempts of exam_id
 * may wait to be folded into them (so a fold and a second read would add
 * them).  g, when read (db_attempt_get_graded), is the attempt's grades
 * row: else it is read here.  0 or -1. */
int db_review_page(int64_t attempt_id, int64_t exam_id, const struct grades_text *g, const struct answer_span *sp,
                   struct arena *mem, struct answer *out, struct question_stat *stats, size_t *n, bool *pending);
/* A page of a running attempt's answers as db_answers_page reads it, for a
 * caller that knows the attempt: rows only when attempt_id is user_id's,
 * running, of k's exam at k's version, its records made from that version
 * (so that sp's first position is the worker's), and inside its time as
 * db_answer_append_known checks it at now_ms (k->eq_id unused).  *n 0 when
 * any check fails or the page is past the last; else *count is the
 * attempt's number of records.  Texts in mem.  0 or -1. */
int db_answers_page_known(int64_t attempt_id, int64_t user_id, const struct known_save *k, int64_t now_ms,
                          const struct answer_span *sp, struct arena *mem, struct answer *out, size_t *n,
                          int64_t *count);
/* The checks of db_answers_page_known alone, for a caller that makes the
 * page's records itself (their ids are known): 1 when they pass, with
 * *count the attempt's records and *has_events whether it has any event;
 * 0 when any fails (or its records were made from another version); -1. */
int db_attempt_check_known(int64_t attempt_id, int64_t user_id, const struct known_save *k, int64_t now_ms,
                           int64_t *count, bool *has_events);
/* Stores text in answer record answer_id of attempt_id (a text save's first
 * write, inside the save's transaction).  0 or -1. */
int db_answer_text_put(int64_t attempt_id, int64_t answer_id, const char *text);
/* Stores the n answers of attempt_id as graded (result, marks, and the
 * answer settled: options, review flag, time spent) in its one grades row
 * (migration 007; the records are not written), replacing what it held,
 * with answers[0]'s id when the ids run one per answer from it (013).  The
 * end and every regrade call it, with the records in their order.  0 or -1.
 * (db_grades.c) */
int db_answers_grade(int64_t attempt_id, const struct answer *answers, size_t n);
/* The grades row's text of the n answers, malloc'd (the caller frees), or
 * NULL when out of memory.  (db_grades.c) */
char *db_grades_encode(const struct answer *answers, size_t n);
/* The first answer's record id when the records' ids run one per answer
 * from it, in the row's order (migration 013); else 0.  Pure. */
int64_t db_grades_first(const struct answer *answers, size_t n);
/* Answers offset.. (at most limit) of an attempt's grades row text (as
 * db_attempt_get_graded read it) into out, answer k of the row as record
 * first_answer_id + k; positions and texts are not in the row (left 0 and
 * NULL).  *n how many.  0, or -2 when the row is malformed (logged and
 * db_fail'd) or no memory was left to read it.  (db_grades.c) */
int db_grades_slice(int64_t attempt_id, const char *text, int64_t first_answer_id, int64_t offset, int64_t limit,
                    struct answer *out, size_t *n);
/* The statistics of exam questions first_eq..last_eq that have any, by
 * question, into *out (in mem, room for the whole range; each with its
 * eq_id), and whether ended attempts of exam_id wait to be folded into
 * them (*pending).  *n how many.  0 or -1 (out of memory included).
 * (db_stats.c) */
int db_question_stats_range(int64_t exam_id, int64_t first_eq, int64_t last_eq, struct arena *mem,
                            struct question_stat **out, size_t *n, bool *pending);
/* Marks a running attempt completed with its totals.  1 when this call
 * ended it, 0 when it had already ended.  (db_attempt_end's statements) */
int db_attempt_finish(const struct attempt *a, const struct grade_totals *t, const char *result);
/* An attempt's end, as its writes need it: a->id, ended_ms, time_used_ms,
 * last_seen_ms, exam_id, user_id and score_e4 (tot's) are read. */
struct end_write {
	const struct attempt *a;
	const struct exam_content *ec;  /* the questions' sections, subjects, difficulty */
	const struct answer *answers;   /* settled, in the records' order */
	size_t n;
	const struct grade_totals *tot;
	const char *result;             /* "passed", "failed", "pending" */
	bool counts;                    /* its statistics are written (not a preview) */
	bool lessons;                   /* it completes the lessons that run its exam */
	int64_t lessons_at_ms;
	bool commit;                    /* the transaction's last write: commit it */
	bool rank;                      /* with commit: read the rank counts after */
};
/* What the end's writes found: whether they ended the attempt (false: it
 * had ended already, and nothing but its grades row was written), whether
 * they committed the transaction, and the rank counts after the commit (as
 * db_rank_counts) when asked and read (have_rank). */
struct end_written {
	bool ended, committed, have_rank;
	int64_t above, below, total, pending;
};
/* Writes attempt w->a's end: its grades row, the attempt completed with
 * w->tot (only a running attempt), and when that ended it and it counts,
 * its statistics and its pending row for the exam's fold (db_stats_fold),
 * and the lessons.  In one round trip by the routine invigil_end_write_v1,
 * which with w->commit also commits the caller's transaction
 * (db_tx_committed) and reads the rank; where the routine is not available
 * to this worker, by statements, committing nothing and reading no rank
 * (out says which).  0, or -1.  (db_end.c) */
int db_attempt_end(const struct end_write *w, struct end_written *out);

/* --- statistics (src/store/db_stats.c) --- */
/* Records an ended, counted attempt's statistics: its own rows, and a row
 * that waits for db_stats_fold to add it to the exam's (so an end writes no
 * row another end writes).  0, or -1.  (db_attempt_end's statements, for a
 * database without its routine) */
int db_stats_add(const struct exam_content *ec, const struct attempt *a, const struct answer *answers, size_t n);
/* An ended, counted attempt's own statistics rows (by section, subject and
 * difficulty) as the JSON array invigil_end_write_v1 reads, malloc'd (the
 * caller frees), or NULL when out of memory. */
char *db_stats_rows_json(const struct exam_content *ec, const struct answer *answers, size_t n);
/* Counted attempts of the exam scoring above and below score, and in all,
 * folded or not (exact at any time), and how many of them wait to be folded. */
int db_rank_counts(int64_t exam_id, int64_t score_e4, int64_t *above, int64_t *below, int64_t *total,
                   int64_t *pending);
/* Folds the exam's pending attempts into its per-question statistics, score
 * histogram and totals, in batches of 200 attempts, one transaction each, at
 * most max_batches of them (0: until none wait); *folded says how many.  For
 * an exam the caller found attempts waiting at (it does not look first).  An
 * exam another request is folding is left to it, without waiting.  0, or -1. */
int db_stats_fold(int64_t exam_id, int max_batches, int64_t *folded);
/* Up to max ids of exams with attempts waiting to be folded, into exam_ids. */
int db_stats_pending_exams(int64_t *exam_ids, size_t max, size_t *n);
/* Moves a counted attempt (attempt_id) from one score to another in the
 * histogram, or in its pending row when it is not folded yet.  0, or -1. */
int db_bucket_move(int64_t exam_id, int64_t attempt_id, int64_t from_e4, int64_t to_e4);

/* Per-subject statistics of one ended attempt, up to max into out. */
int db_subject_stats(int64_t attempt_id, struct subject_stat *out, size_t max, size_t *n);

/* --- attempt listings (src/store/db_attempt.c) --- */
/* Up to limit attempts f lists from offset, newest first, into out. */
int db_attempt_list(const struct attempt_filter *f, int64_t offset, int64_t limit, struct attempt *out, size_t *n);
/* How many attempts f lists. */
int db_attempt_count(const struct attempt_filter *f, int64_t *count);
/* Running attempts whose deadline passed before now_ms (at most max). */
int db_overdue(int64_t now_ms, int64_t *ids, size_t max, size_t *n);

/* --- assessments: exams authored through the API (src/store/db_assess.c) --- */
/* 1 with the exam's id and content version for a public id (asmnt_...). */
int db_exam_by_public_id(const char *public_id, int64_t *id, int64_t *version);
/* Inserts an exam with a new public id and slug; fills id and public_id (41 bytes). */
int db_exam_create(const struct exam_new *e, int64_t *id, char *public_id);
/* Changes what p sets of the exam, bumping its content version. */
int db_exam_patch(int64_t exam_id, const struct exam_patch *p);
struct content_question;
/* Adds questions (with their options) to the end of an exam, in one
 * transaction; their keys are generated.  Sets ids[i] to each question id. */
int db_exam_add_questions(int64_t course_id, int64_t exam_id, const struct content_question *qs, size_t n, int64_t *ids);
/* The submission (attempt) with public id sub_...: 1 with *attempt_id. */
int db_attempt_by_public_id(const char *public_id, int64_t *attempt_id);
/* In a transaction: gives an attempt its public id (41 bytes). */
int db_attempt_set_public_id(int64_t attempt_id, char *public_id);
/* A new opaque id: prefix and 20 random base-32 characters (41 bytes). */
void store_public_id(const char *prefix, char *out);

/* --- the Testpress admin API's attempts (src/store/db_attempt.c) --- */
/* Is user_id the staff (a joined non-learner) of any course?  1, 0, -1. */
int db_staff_anywhere(int64_t user_id);
/* How many attempts f selects: 0 or -1. */
int db_admin_count(const struct admin_filter *f, int64_t *count);
/* A page of them in f->order (up to limit into out): 0 or -1. */
int db_admin_attempts(const struct admin_filter *f, int64_t offset, int64_t limit, struct admin_row *out, size_t *n);

/* --- every graded attempt of an exam (src/store/db_grades.c) --- */
/* An ended, counted, fully graded attempt as the item analysis reads it. */
struct graded_attempt {
	int64_t id, user_id, attempt_no, score_e4, time_used_ms;
};
/* Calls fn(ctx, g, answers, n) for each ended, counted attempt of exam_id
 * with no essay left to grade, its answers as graded in position order
 * (valid during the call): each user's in attempt order, except that those
 * ended before migration 007 (no grades row) come after all the others.
 * The attempts come from one statement, so an attempt that ends meanwhile
 * is in or out whole.  0; -1 (a store failure, or fn returned non-zero); -2 a malformed
 * grades row (logged). */
int db_exam_graded_each(int64_t exam_id, int (*fn)(void *ctx, const struct graded_attempt *g, const struct answer *answers,
                                                   size_t n),
                        void *ctx);

/* --- submissions, extensions and grading (src/store/db_canvas.c) --- */
/* The stable submission id of the (exam, user) pair: 1, 0 (none yet), -1. */
int db_pair_submission(int64_t exam_id, int64_t user_id, int64_t *sub_id);
/* The exam and user of submission sub_id: 1, 0. */
int db_submission_get(int64_t sub_id, int64_t *exam_id, int64_t *user_id);
/* Up to limit submissions of the exam (ids and users) from offset, by id. */
int db_exam_submissions(int64_t exam_id, int64_t offset, int64_t limit, int64_t *sub_ids, int64_t *user_ids,
                        size_t *n);
/* The user's latest attempt at the exam: 1 with *attempt_id, 0 none. */
int db_attempt_latest(int64_t exam_id, int64_t user_id, int64_t *attempt_id);
/* Attempt number no of the user at the exam: 1 with *attempt_id, 0 none. */
int db_attempt_by_number(int64_t exam_id, int64_t user_id, int64_t no, int64_t *attempt_id);
/* The scores of the user's completed, counted attempts, summed up in one
 * read (so no count of attempts is too many): 0 (count 0 when none) or -1. */
int db_kept_scores(int64_t exam_id, int64_t user_id, struct kept_scores *out);
int db_attempt_set_token(int64_t attempt_id, const char *token);
/* 1 found, 0 none (zeroes), -1. */
int db_extension_full(int64_t exam_id, int64_t user_id, struct extension *out);
/* Inserts or replaces the user's extension at the exam. */
int db_extension_put(int64_t exam_id, int64_t user_id, const struct extension *e);
/* A grader's comment on one answer ("" removes it; the caller bounds it). */
int db_answer_set_comment(int64_t attempt_id, int64_t answer_id, const char *comment);
/* Stores an ended attempt's new totals, fudge points and result. */
int db_attempt_rescore(int64_t attempt_id, const struct grade_totals *t, int64_t fudge_e4, const char *result);
/* Appends one client event to an attempt's log. */
int db_submission_event_add(int64_t attempt_id, const struct submission_event *e);
/* Up to limit events of the attempt from offset, oldest first, into out
 * (*n filled); strings in mem. */
int db_submission_events(int64_t attempt_id, int64_t offset, int64_t limit, struct arena *mem,
                         struct submission_event *out, size_t *n);
/* Up to max ids of published exams whose access code is code, newest first. */
int db_exams_by_access_code(const char *code, int64_t *ids, size_t max, size_t *n);
/* The course of question id: 1 with *course_id, 0 unknown. */
int db_question_course(int64_t question_id, int64_t *course_id);
/* Adds a comment (text bounded by the caller); sets c->id. */
int db_comment_add(struct question_comment *c);
/* Up to limit comments on the question from offset, oldest first (strings
 * in mem), and how many it has. */
int db_comments(int64_t question_id, int64_t offset, int64_t limit, struct arena *mem, struct question_comment *out,
                size_t *n, int64_t *count);
/* The subjects of the courses of the user's attempts (names in mem), up to max. */
int db_user_subjects(int64_t user_id, struct arena *mem, struct ex_subject *out, size_t max, size_t *n);
/* The user's totals per subject over every completed, counted attempt, up to max. */
int db_user_subject_stats(int64_t user_id, struct subject_stat *out, size_t max, size_t *n);

/* --- learner progress and attendance (src/store/db_content.c) ----------------- */

/* Lesson lesson_id and where it sits (title in mem): 1, 0 unknown, -1. */
int db_lesson_ref(int64_t lesson_id, struct arena *mem, struct lesson_ref *out);
/* Records that user_id opened lesson_id at opened_ms (the first opening
 * stays) and, when completed_ms > 0, completed it then (the first
 * completion stays): the progress row's id, or -1. */
int64_t db_progress_open(int64_t lesson_id, int64_t user_id, int64_t opened_ms, int64_t completed_ms);
/* Progress row id (locked for update with lock, inside a transaction):
 * 1, 0 unknown, -1. */
int db_progress_get(int64_t id, bool lock, struct lesson_progress *out);
/* user_id's progress row with lesson_id: 1, 0 none, -1. */
int db_progress_of(int64_t lesson_id, int64_t user_id, struct lesson_progress *out);
/* Stores p's position, coverage and watched share, and its completion
 * when p has one and the row none yet.  0 or -1. */
int db_progress_watch(const struct lesson_progress *p);
/* A page of the chapter content attempts f selects, newest first: up to
 * limit rows into out (*n), *count in all.  0 or -1. */
int db_content_attempts(const struct content_filter *f, int64_t offset, int64_t limit, struct content_row *out,
                        size_t *n, int64_t *count);
/* The member of course_id whose email is email: 1 with *user_id, 0 none,
 * 2 or more when several share it, -1. */
int db_member_by_email(int64_t course_id, const char *email, int64_t *user_id);
/* Adds user_id's stay in lesson_id (the same join again replaces its leave
 * time), and their progress with it: opened at their earliest join,
 * completed at their earliest leave.  0 or -1. */
int db_attendance_add(int64_t lesson_id, int64_t user_id, int64_t joined_ms, int64_t left_ms);
/* A page of lesson_id's attendance in order of joining (*n rows into out),
 * *count in all.  0 or -1. */
int db_attendance(int64_t lesson_id, int64_t offset, int64_t limit, struct attendance_row *out, size_t *n,
                  int64_t *count);

#endif
