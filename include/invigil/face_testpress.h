/* invigil — the Testpress face's handlers; only src/api/testpress/ includes this. */
#ifndef INVIGIL_API_TESTPRESS_H
#define INVIGIL_API_TESTPRESS_H

#include <stdint.h>

#include "invigil/err.h"

struct exam;
struct json_object;
struct req;
struct resp;

/* The exam object of the seed's attempt listings (new reference). */
struct json_object *view_testpress_exam(struct req *r, const struct exam *e);
/* A DRF page {count, next, previous, per_page, results}; takes results. */
struct json_object *view_testpress_page(struct req *r, int64_t count, int64_t page, int64_t per_page,
                                        struct json_object *results);

/* POST /api/v2.2/auth-token/: 200 {"token"}, 400 bad credentials or fields,
 * 403 when tokens come from an outside issuer, 429 locked out, 503. */
enum inv_err h_auth_token(struct req *r, struct resp *w);
/* GET /api/v2.2/exams/: 200 a DRF page of exam objects, 400 bad page, 503. */
enum inv_err h_exams_list(struct req *r, struct resp *w);

#endif
