/* invigil — GET /api/v2.2/exams/ */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/api.h"

#define TP_PER_PAGE 20

/* One listed exam as the detail shows it: the Android SDK opens the start
 * screen straight from a list item, so it reads the same keys off both. */
static enum inv_err add_exam(struct req *r, struct engine_ctx *cx, const struct exam *e, struct json_object *results)
{
	const struct exam_content *ec;
	struct membership m;
	struct standing st;
	enum inv_err err = engine_exam(cx, e->id, &ec, &m);

	if (err == INV_OK)
		err = engine_standing(cx, ec, cx->user_id, NULL, &st);
	if (err == INV_OK)
		json_object_array_add(results, view_testpress_exam_full(r, ec, &st));
	return err;
}

enum inv_err h_exams_list(struct req *r, struct resp *w)
{
	struct exam_filter f = {0};
	struct exam rows[TP_PER_PAGE];
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	size_t n;
	int64_t page, count;
	struct json_object *results;
	const char *q = req_query(r, "q");
	enum inv_err err;

	if ((err = tp_page_number(r, &page)) != INV_OK)
		return err;
	f.course = req_query(r, "course");
	if (f.course != NULL && *f.course == '\0')
		f.course = NULL;
	if (q != NULL && *q != '\0')
		f.title_like = req_like_pattern(r, q);
	if ((err = engine_exam_list(&cx, &f, (page - 1) * TP_PER_PAGE, TP_PER_PAGE, r->arena, rows, &n, &count)) != INV_OK)
		return err;
	if (page > 1 && (page - 1) * TP_PER_PAGE >= count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		if ((err = add_exam(r, &cx, &rows[i], results)) != INV_OK) {
			json_object_put(results);
			return err;
		}
	return resp_json(w, 200, view_testpress_page(r, count, page, TP_PER_PAGE, results));
}

enum inv_err h_exam_languages(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	const struct exam_content *ec;
	struct membership m;
	enum inv_err err = engine_exam_by_slug(&cx, req_param(r, "slug")->text, &ec, &m);

	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
		return err;
	if (err != INV_OK)
		return req_fail(r, INV_ENOTFOUND, NULL, "Not found.");
	return resp_json(w, 200, view_testpress_page(r, 0, 1, TP_PER_PAGE, json_object_new_array()));
}

enum inv_err h_access_code_exams(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	const struct exam_content *ecs[TP_PER_PAGE];
	struct json_object *results;
	size_t n;
	enum inv_err err = engine_exams_by_access_code(&cx, req_param(r, "code")->text, ecs, TP_PER_PAGE, &n);

	if (err != INV_OK)
		return err;
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		struct standing st;

		if ((err = engine_standing(&cx, ecs[i], cx.user_id, NULL, &st)) != INV_OK) {
			json_object_put(results);
			return err;
		}
		json_object_array_add(results, view_testpress_exam_full(r, ecs[i], &st));
	}
	return resp_json(w, 200, view_testpress_page(r, (int64_t)n, 1, TP_PER_PAGE, results));
}
