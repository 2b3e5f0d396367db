/* invigil — request bodies: JSON or form-encoded, both become one json-c tree. */
#ifndef INVIGIL_BODY_H
#define INVIGIL_BODY_H

#include <stdbool.h>
#include <stdint.h>

#include "invigil/err.h"

struct req;
struct json_object;

/* Parses r->body by r->content_type into r->json (r->body_kind set).
 * JSON: strict, UTF-8 validated, at most max_depth levels, no NaN/Infinity,
 * nothing after the value.  Form: Rails-style keys (a[]=1, q[][id]=2,
 * s[5][score]=3) and repeated plain keys (a=1&a=2 becomes an array).
 * An empty body leaves r->json NULL.  Returns INV_OK, INV_EINVAL (malformed,
 * too deep) or INV_EUNSUPPORTED (another content type), with r->err_msg set. */
enum inv_err body_parse(struct req *r, int max_depth);

/* Typed readers of a field of object o (NULL o reads as absent).  Each
 * returns 1 when the field is present and well-typed (*out set), 0 when it
 * is absent or JSON null, and -1 when it has the wrong type or range, with
 * r->err_msg and r->err_field set.  Numeric strings count as numbers only in
 * form bodies (every form value is a string). */
int body_str(struct req *r, struct json_object *o, const char *key, const char **out);
int body_int(struct req *r, struct json_object *o, const char *key, int64_t min, int64_t max,
             int64_t *out);
int body_bool(struct req *r, struct json_object *o, const char *key, bool *out);

#endif
