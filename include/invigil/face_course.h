/* invigil — the course face's shared parts (SelfCommunity course API v2,
 * docs/course.md); only src/api/course/ includes this. */
#ifndef INVIGIL_FACE_COURSE_H
#define INVIGIL_FACE_COURSE_H

#include <stdbool.h>
#include <stdint.h>

#include "invigil/engine.h"
#include "invigil/err.h"

struct json_object;
struct req;
struct resp;

/* --- src/api/course/course.c: envelope and refusals --- */
struct engine_ctx co_ctx(struct req *r);
/* An engine refusal in the face's envelope, with the machine code (and,
 * for a lesson rule, the rule's name) of its reason; o (or NULL) is the
 * outline the refusal came from, which tells a scheduled drip from a
 * structured one. */
enum inv_err co_fail(struct req *r, struct engine_ctx *cx, enum inv_err err, const struct course_outline *o);
/* Collects one field error; a handler fails with all of them at once. */
void co_detail(struct req *r, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 400 validation_error with every collected detail. */
enum inv_err co_fail_details(struct req *r);
/* The path parameter name (an int route parameter). */
int64_t co_param(struct req *r, const char *name);

/* --- src/api/course/views.c --- */
/* SelfCommunity's User Minimal. */
struct json_object *view_co_user(int64_t id, const char *username, const char *display_name);
/* The Course (Course User Detail): with sections and lessons when the
 * outline has them (drafts only when drafts is set). */
struct json_object *view_co_course(struct req *r, const struct course_outline *o, bool drafts);
/* A section without its lessons (Course Section). */
struct json_object *view_co_section(const struct course_outline *o, const struct course_section *s);
/* A lesson (Course Lesson) with its html, course and section ids. */
struct json_object *view_co_lesson(const struct course_outline *o, const struct course_lesson *l);
/* A quiz's questions (Course Quiz Question), answers' correct flags for
 * staff only. */
struct json_object *view_co_questions(const struct exam_content *ec, bool staff);
/* The Course Quiz Attempt of a through lesson_id: answers (all of a's, in
 * order: n rows) with what was selected; a question's correct flag when
 * rights allow it, an answer's for staff only; num_attempts the user's
 * counted attempts. */
struct json_object *view_co_attempt(const struct attempt *a, const struct exam_content *ec, int64_t lesson_id,
                                    const struct answer *rows, size_t n, const struct review_rights *rights,
                                    bool staff, int64_t num_attempts);
/* SelfCommunity's result of an outcome: "completed" (passed), "failed" or
 * "uncompleted" (running, or an essay to grade). */
const char *co_outcome_name(enum lesson_outcome o);
/* The result of attempt a of ec (engine_outcome's name). */
const char *co_result(const struct exam_content *ec, const struct attempt *a);

/* Handlers (docs/course.md lists their statuses). */
enum inv_err h_co_course(struct req *r, struct resp *w);
enum inv_err h_co_sections(struct req *r, struct resp *w);
enum inv_err h_co_section(struct req *r, struct resp *w);
enum inv_err h_co_lessons(struct req *r, struct resp *w);
enum inv_err h_co_lesson(struct req *r, struct resp *w);
enum inv_err h_co_complete(struct req *r, struct resp *w);
enum inv_err h_co_incomplete(struct req *r, struct resp *w);
enum inv_err h_co_attempt_make(struct req *r, struct resp *w);
enum inv_err h_co_attempt_get(struct req *r, struct resp *w);
enum inv_err h_co_dashboard(struct req *r, struct resp *w);

#endif
