/* invigil — attempt operations every face shares: the rules of core applied
 * to stored attempts, each in one short transaction. */
#ifndef INVIGIL_ENGINE_H
#define INVIGIL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/rules.h"
#include "invigil/err.h"

/* Who acts, when and from where; message is set on a refusal (static text). */
struct engine_ctx {
	int64_t user_id;
	enum role role;
	int64_t now_ms;
	const char *face;
	const char *remote_addr, *request_id;
	const char *message;   /* why an operation was refused */
	const char *field;     /* the field at fault, if any */
	char text[160];        /* room for a message that names a value */
	bool timed_out;        /* engine_open ended the attempt: its time was over */
	enum {
		REF_NONE, REF_NOT_ENROLLED, REF_NOT_OPEN_YET, REF_CLOSED, REF_NO_ATTEMPTS, REF_TIME_OVER, REF_NOT_COMPLETED,
	} reason;              /* why, for faces whose status depends on it (Canvas) */
};

/* Facts about user and exam for access rules (enrollment, extension, counts). */
enum inv_err engine_access(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f);

/* Creates an attempt of ec, or returns the unfinished one (one running
 * attempt per user and exam; concurrent creates make one).  INV_CREATED for
 * a new attempt, INV_OK for the existing one; INV_EFORBIDDEN (not enrolled,
 * window, retakes) with cx->message. */
enum inv_err engine_create(struct engine_ctx *cx, const struct exam_content *ec, struct attempt *out);

/* Loads attempt id for its owner (admins: any).  Ends it first when its time
 * is over.  *ec is its exam.  INV_ENOTFOUND, INV_EFORBIDDEN (another user's). */
enum inv_err engine_open(struct engine_ctx *cx, int64_t id, struct attempt *a, const struct exam_content **ec);

/* start (resume), heartbeat, end: each returns the attempt as it now is.
 * start on a completed attempt is INV_EINVAL; end twice gives the same result. */
enum inv_err engine_start(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec);
enum inv_err engine_heartbeat(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec);
enum inv_err engine_end(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec);


/* Checks an input against its question (options of that question, shape of
 * the type).  INV_OK or INV_EINVAL with cx->message/field. */
enum inv_err engine_check_input(struct engine_ctx *cx, const struct ex_question *q, struct answer_input *in);
/* Saves an answer (idempotent, time spent accumulates, logged as an event).
 * INV_EINVAL when the attempt is completed, its time is over (it is then
 * ended with what was saved) or the question's section is not running;
 * INV_ENOTFOUND when answer_id is not one of the attempt's.  On success
 * *saved is the stored answer. */
enum inv_err engine_save(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                         const struct answer *cur, struct answer_input *in, struct answer *saved);
/* Loads answer answer_id of attempt attempt_id with its attempt, in one
 * read, for the attempt's owner; ends the attempt first when its time is
 * over.  INV_ENOTFOUND when either is unknown, INV_EFORBIDDEN another
 * user's. */
enum inv_err engine_open_answer(struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id, struct arena *mem,
                                struct attempt *a, const struct exam_content **ec, struct answer *ans);

/* One-shot submission (the assessments face): in one transaction, takes
 * the user's unfinished attempt of ec (or starts one, under the access and
 * retake rules), saves inputs[i] for the exam question eq_ids[i], ends and
 * grades it, and gives it a public id (41 bytes).  INV_CREATED; INV_EFORBIDDEN
 * when not allowed (no attempts left, window) or when the unfinished
 * attempt's time limit had passed (it is ended with what it held). */
enum inv_err engine_submit(struct engine_ctx *cx, const struct exam_content *ec, const int64_t *eq_ids,
                           struct answer_input *inputs, size_t n, struct attempt *out, char *public_id);

/* A grader's change to one question of a completed attempt. */
struct score_change {
	int64_t eq_id;
	bool has_score, has_comment;
	int64_t score_e4;      /* >= 0 */
	const char *comment;   /* "" removes it */
};
/* Manual scoring (Canvas): sets the scores and comments, replaces the fudge
 * points when has_fudge, and recomputes the attempt's totals; it stops being
 * pending once no essay is left unscored.  INV_EINVAL when the attempt is not
 * completed (reason REF_NOT_COMPLETED). */
enum inv_err engine_rescore(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                            const struct score_change *ch, size_t n, bool has_fudge, int64_t fudge_e4);

/* More time for a running attempt (Canvas extensions): EXTEND_SET makes its
 * extra time seconds; EXTEND_ADD adds seconds to it; EXTEND_FROM_NOW makes
 * its time end seconds from now.  A completed attempt is left alone. */
enum extend_mode { EXTEND_SET, EXTEND_ADD, EXTEND_FROM_NOW };
enum inv_err engine_extend(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                           enum extend_mode mode, int64_t seconds);

/* Ends every running attempt whose deadline passed; returns how many, or -1. */
int engine_sweep(int64_t now_ms);

#endif
