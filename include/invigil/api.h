/* invigil — the faces main.c hands to the router, and what they share. */
#ifndef INVIGIL_API_H
#define INVIGIL_API_H

#include "invigil/engine.h"
#include "invigil/err.h"

struct face;
struct json_object;
struct req;
struct resp;

extern const struct face face_testpress;
extern const struct face face_assess;
extern const struct face face_canvas;
extern const struct face face_course;
extern const struct face face_testpress_admin;

/* {"detail": "..."}: DRF's envelope, also used for paths no face owns.
 * With r->err_field set: {"field": ["..."]}. */
void render_error_drf(struct req *r, struct resp *w, enum inv_err err);

/* Appends {"field": field, text_key: text} to r->err_details (made on
 * first use; the face's renderer writes it): every face collects its
 * field errors this way and fails with them all at once. */
void api_detail(struct req *r, const char *text_key, const char *field, const char *text);

/* The question a one-shot response o answers (the assessments and course
 * faces: its integer "question_id" is a question id of ec), marked in seen
 * (one flag per question of ec).  NULL, with a detail (text_key) for
 * "<path>.question_id", when it is missing, not an integer, not one of
 * ec's (noun: "quiz", "assessment") or answered already. */
const struct ex_question *api_response_question(struct req *r, const char *text_key, const struct exam_content *ec,
                                                struct json_object *o, const char *path, const char *noun,
                                                bool *seen);

/* 400 with every detail api_detail collected: "N fields are invalid; see
 * <list>." (list: the envelope's name for them). */
enum inv_err api_fail_details(struct req *r, const char *list);

/* The engine's view of the caller of r, acting through face, with the
 * body's "access_code" when one is sent (src/api/common.c). */
struct engine_ctx api_engine_ctx(struct req *r, const char *face);

#endif
