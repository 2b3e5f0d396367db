/* invigil — what the engine's files share; only src/engine/ includes this. */
#ifndef INVIGIL_ENGINE_IMPL_H
#define INVIGIL_ENGINE_IMPL_H

#include "invigil/engine.h"
#include "invigil/rules.h"
#include "invigil/store.h"


/* Records a refusal in cx (message: why's text unless msg is given);
 * returns err. */
enum inv_err engine_refuse(struct engine_ctx *cx, enum inv_err err, enum refusal why, const char *field,
                           const char *msg);
/* The admin API's scope of the caller: *all for an admin (every course),
 * else the courses they are staff of; REF_NOT_STAFF (INV_EFORBIDDEN) for
 * someone who is staff nowhere. */
enum inv_err engine_admin_scope(struct engine_ctx *cx, bool *all);
/* The facts of access rules for the caller at ec (enrollment, extension). */
enum inv_err engine_access_facts(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f);
/* engine_access_facts and the caller's attempts at ec (*t; f->attempts_taken
 * too), in one read, for a standing.  INV_OK, or the store's error. */
enum inv_err engine_access_tally(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f,
                                 struct attempt_tally *t);
/* The tally of a user's attempts at an exam: others (all but a, as read)
 * with a as it stands now, counted as the store's tally counts it. */
struct attempt_tally engine_tally_with(const struct attempt_tally *others, const struct attempt *a);
/* A standing (no rank) from access facts f and attempts t, as
 * engine_standing makes it from its read (src/engine/reads.c). */
void engine_standing_from(const struct access_facts *f, const struct attempt_tally *t, struct standing *out);
/* The records a page of up to limit answers from offset reads, for an
 * attempt whose records were made from content_version (0: unknown) of
 * the exam ec is a copy of (NULL: none at hand).  Starts at the page's
 * first position when ec is that version; else passes over offset records.
 * src/engine/reads.c */
struct answer_span engine_answer_span(const struct exam_content *ec, int64_t content_version, int64_t offset,
                                      int64_t limit);
/* Were attempt a's answer records made from copy ec: a's content version is
 * ec's (migration 012) and a has one record per question of ec, so ec's
 * question k is a's record k in their order?  src/engine/reads.c */
bool engine_records_from(const struct attempt *a, const struct exam_content *ec);
/* A page of ended attempt a's answers with their questions' statistics, as
 * engine_review_open reads it; g is the grades row read with a, or NULL
 * (src/engine/reads.c). */
enum inv_err engine_review_page(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                const struct grades_text *g, int64_t offset, int64_t limit, struct arena *mem,
                                struct answer *out, struct question_stat *stats, size_t *n, int64_t *count);
/* The standing of attempt a's owner (rank included), from what a's locked
 * read found of them (o: their extension and other attempts) and a as it
 * stands now; the caller opened a (owner or staff).  src/engine/reads.c */
enum inv_err engine_owner_standing(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                   const struct owner_facts *o, struct standing *out);
/* The access facts of a standing at ec from the extension x (membership,
 * which no standing uses, left out). */
void engine_facts_of_extension(const struct engine_ctx *cx, const struct exam_content *ec, const struct extension *x,
                               struct access_facts *f);
/* Did this request's access read (engine_membership_at, engine_access_facts)
 * read the caller's facts at exam_id: its extension and whether a lesson
 * runs the exam (cx->known_ext, cx->known_behind_lesson)? */
static inline bool engine_access_read_at(const struct engine_ctx *cx, int64_t exam_id)
{
	return exam_id > 0 && cx->known_ext_exam == exam_id;
}
/* Is the caller staff of course_id (or an admin)?  -1 on a database failure. */
int engine_is_staff(struct engine_ctx *cx, int64_t course_id);
/* The gates for a learner's request on ec: refuses (INV_EFORBIDDEN) with
 * REF_ACCESS_CODE or REF_IP_DENIED; check_code says whether a missing code
 * counts (at start) or only a wrong one (later).  Staff pass. */
enum inv_err engine_gates(struct engine_ctx *cx, const struct exam_content *ec, bool staff, bool check_code);
/* What follows an attempt's finish in its transaction: more statements, or
 * nothing (the finish commits it, in the same round trip as its writes),
 * or nothing and the end's standing is read after (the rank counts come
 * back with the commit, into cx->end_rank). */
enum finish_tail { FINISH_MORE, FINISH_COMMIT, FINISH_COMMIT_RANK };
/* Grades and closes a locked, running attempt with what was saved, adds a
 * counted attempt to the exam's statistics, and completes the lessons that
 * run its exam when it passed, in one round trip (db_attempt_end); with
 * FINISH_COMMIT or FINISH_COMMIT_RANK it commits the transaction too, and
 * must be its last write.  0 or -1. */
int engine_finish_locked(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                         enum finish_tail tail);
/* The lesson rules (seed 000) for a learner starting a new attempt of ec,
 * inside the start's transaction: 0 when the exam is behind no lesson, or
 * behind one that is open to them (the course's staff always); 1 refused,
 * *refused set to the refusal naming the first lesson's failing rule; -1 a
 * store failure. */
int engine_lesson_gate(struct engine_ctx *cx, const struct exam_content *ec, const struct access_facts *f,
                       enum inv_err *refused);
/* Inserts a new attempt of ec for the caller (attempt number no), with a
 * fresh validation token: running, or with prepared not started (its
 * clock starts when it is claimed).  last: the insert is its transaction's
 * last write, and commits it (db_attempt_insert).  0 or -1. */
int engine_insert_attempt(struct engine_ctx *cx, const struct exam_content *ec, int64_t no, bool preview,
                          bool prepared, const struct access_facts *f, struct attempt *a, bool last);
/* Starts a's locked, prepared (not started) attempt as a new start would
 * (`invigil prepare`; docs/architecture.md, "Starts"): the start's rules
 * with taken the learner's attempts taken, a not among them
 * (f->attempts_taken is set),
 * the lesson gate, the extension as it is now; then its clock, in one
 * update.  0 started, 1 refused (*refused set), -1 a store failure. */
int engine_claim_locked(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f, int64_t taken,
                        struct attempt *a, enum inv_err *refused);

/* The answer event of a save of in by cx to answer answer_id of attempt
 * attempt_id: the request's payload (its first EVENT_PAYLOAD_MAX bytes, on
 * a UTF-8 boundary), borrowed from in and cx. */
struct answer_event engine_answer_event(const struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id,
                                        const struct answer_input *in);
/* Remembers, in this worker, the facts of attempt a that never change
 * (exam, owner, which record holds which question) from n of its answer
 * records as read, for engine_save_known (src/engine/save_known.c). */
void engine_note_answers(const struct attempt *a, const struct answer *ans, size_t n);
/* Remembers the same of attempt a as its insert left it (committed), with
 * its records' ids when the insert found them one per question
 * (a->dense_first_id): a save's statement then need not read the record. */
void engine_note_created(const struct attempt *a);
/* Every answer of running attempt a of exam ec into *set (free it with
 * db_answer_set_free, even on failure).  When the pool knows a's records'
 * ids one per question of ec's version (engine_note_created), the records
 * are made from ec, with the records' defaults (a record is only written
 * with an event), and only the events are read; else records and events
 * are read.  0 or -1 (the store's error). */
int engine_answer_set(const struct attempt *a, const struct exam_content *ec, struct answer_set *set);
/* The same for a page of running attempt a: up to limit answers from
 * offset into out (*n; texts in mem), made from ec and its events when the
 * pool knows a's records so (*made true); else *made false and nothing
 * read.  0 or -1 (the store's error). */
int engine_answers_made(const struct attempt *a, const struct exam_content *ec, int64_t offset, int64_t limit,
                        struct arena *mem, struct answer *out, size_t *n, bool *made);

/* Stores in as answer answer_id of attempt a, spent_ms more spent on it, as
 * one answer event with the request's payload, if the attempt has not ended
 * and its deadline plus grace_ms is not past (checked by the store in the
 * same statement).  A text, set or cleared, goes to the answer record first:
 * call it inside a transaction then.  1 stored, 0 refused that way, -1 on a
 * store failure. */
int engine_store_answer(struct engine_ctx *cx, const struct attempt *a, int64_t answer_id,
                        const struct answer_input *in, int64_t spent_ms, int64_t grace_ms);

#endif
