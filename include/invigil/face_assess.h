/* invigil — the assessments face's shared parts; only src/api/assess/ includes this. */
#ifndef INVIGIL_FACE_ASSESS_H
#define INVIGIL_FACE_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/engine.h"
#include "invigil/err.h"

struct json_object;
struct req;
struct resp;

/* --- src/api/assess/assess.c: envelope, refusals, the assessment of a path --- */
struct engine_ctx as_ctx(struct req *r);
/* Collects one field error; a handler fails with all of them at once. */
void as_detail(struct req *r, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 400 validation_error with every collected detail. */
enum inv_err as_fail_details(struct req *r);
/* An engine refusal with the face's machine code for its reason. */
enum inv_err as_fail(struct req *r, struct engine_ctx *cx, enum inv_err err);
/* The assessment of the path: 404 unknown (or unpublished, for learners),
 * 403 not_enrolled; *m the caller's membership of its course. */
enum inv_err as_load(struct req *r, struct engine_ctx *cx, const struct exam_content **ec, struct membership *m);

/* --- src/api/assess/views.c --- */
struct json_object *as_points(int64_t e4);
struct json_object *view_assess_assessment(const struct exam *e);
struct json_object *view_assess_full(const struct exam_content *ec, bool staff);
/* A scored submission; per-question results only as rights allow. */
struct json_object *view_assess_submission(const struct attempt *a, const struct exam_content *ec,
                                           const char *public_id, const struct answer *answers, size_t n,
                                           const struct review_rights *rights);

/* Handlers (docs/assessments.md lists their statuses). */
enum inv_err h_as_list(struct req *r, struct resp *w);
enum inv_err h_as_get(struct req *r, struct resp *w);
enum inv_err h_as_create(struct req *r, struct resp *w);
enum inv_err h_as_patch(struct req *r, struct resp *w);
enum inv_err h_as_add_questions(struct req *r, struct resp *w);
enum inv_err h_as_submit(struct req *r, struct resp *w);
enum inv_err h_as_submission(struct req *r, struct resp *w);

#endif
