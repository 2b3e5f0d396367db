/* invigil — GET /api/v2.2/exams/ */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/face_testpress.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/api.h"

#define TP_PER_PAGE 20

enum inv_err h_exams_list(struct req *r, struct resp *w)
{
	struct exam_filter f = {0};
	struct exam rows[TP_PER_PAGE];
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
	{
		struct engine_ctx cx = api_engine_ctx(r, "testpress");

		if ((err = engine_exam_list(&cx, &f, (page - 1) * TP_PER_PAGE, TP_PER_PAGE, r->arena, rows, &n, &count)) != INV_OK)
			return err;
	}
	if (page > 1 && (page - 1) * TP_PER_PAGE >= count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(results, view_testpress_exam(r, &rows[i]));
	return resp_json(w, 200, view_testpress_page(r, count, page, TP_PER_PAGE, results));
}
