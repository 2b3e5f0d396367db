/* invigil — the faces main.c hands to the router, and what they share. */
#ifndef INVIGIL_API_H
#define INVIGIL_API_H

#include "invigil/engine.h"
#include "invigil/err.h"

struct face;
struct req;
struct resp;

extern const struct face face_testpress;
extern const struct face face_assess;
extern const struct face face_canvas;
extern const struct face face_course;

/* {"detail": "..."}: DRF's envelope, also used for paths no face owns.
 * With r->err_field set: {"field": ["..."]}. */
void render_error_drf(struct req *r, struct resp *w, enum inv_err err);

/* The engine's view of the caller of r, acting through face, with the
 * body's "access_code" when one is sent (src/api/common.c). */
struct engine_ctx api_engine_ctx(struct req *r, const char *face);

#endif
