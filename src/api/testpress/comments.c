/* invigil — comments on a question (GET/POST /api/v2.2/questions/{id}/comments/),
 * as the Testpress Android SDK reads and posts them from a review: members
 * and staff of the question's course; anyone else gets 404. */
#include "config.h"

#include <json-c/json.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define COMMENTS_PER_PAGE 20

/* A comment as the SDK's Comment model: {id, comment, submit_date, user}. */
static struct json_object *view_comment(struct req *r, const struct question_comment *c)
{
	struct json_object *o = json_object_new_object(), *u = json_object_new_object();
	const char *name = c->display_name && *c->display_name ? c->display_name : c->username ? c->username : "";
	char buf[40];

	json_object_object_add(u, "id", json_object_new_int64(c->user_id));
	json_object_object_add(u, "username", json_object_new_string(c->username ? c->username : ""));
	json_object_object_add(u, "display_name", json_object_new_string(name));
	json_object_object_add(u, "first_name", json_object_new_string(name));
	json_object_object_add(u, "last_name", json_object_new_string(""));
	json_object_object_add(u, "photo", json_object_new_string(""));
	json_object_object_add(o, "id", json_object_new_int64(c->id));
	json_object_object_add(o, "url", json_object_new_string(arena_printf(r->arena,
		"%s/api/v2.2/questions/%lld/comments/%lld/", r->base_url, (long long)c->question_id, (long long)c->id)));
	json_object_object_add(o, "comment", json_object_new_string(c->text ? c->text : ""));
	json_object_object_add(o, "submit_date", json_object_new_string(fmt_iso8601_ms(c->at_ms, buf, sizeof(buf))));
	json_object_object_add(o, "user", u);
	return o;
}

enum inv_err h_question_comments(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	struct question_comment rows[COMMENTS_PER_PAGE];
	struct json_object *results;
	int64_t page, count;
	size_t n;
	enum inv_err err = tp_page_number(r, &page);

	if (err != INV_OK)
		return err;
	err = engine_comments(&cx, req_param(r, "id")->num, (page - 1) * COMMENTS_PER_PAGE, COMMENTS_PER_PAGE, r->arena,
	                      rows, &n, &count);
	if (err != INV_OK)
		return tp_fail(r, &cx, err);
	if (page > 1 && (page - 1) * COMMENTS_PER_PAGE >= count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(results, view_comment(r, &rows[i]));
	return resp_json(w, 200, view_testpress_page(r, count, page, COMMENTS_PER_PAGE, results));
}

enum inv_err h_question_comment_add(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	struct question_comment c;
	const char *text = NULL;
	int rc = body_str(r, r->json, "comment", &text);
	enum inv_err err;

	if (rc < 0)
		return INV_EINVAL;
	if (rc == 0)
		return req_fail(r, INV_EINVAL, "comment", "This field is required.");
	if ((err = engine_comment_add(&cx, req_param(r, "id")->num, text, &c)) != INV_OK)
		return tp_fail(r, &cx, err);
	c.username = r->who.username;
	c.display_name = NULL;
	return resp_json(w, 201, view_comment(r, &c));
}
