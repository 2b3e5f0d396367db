/* invigil — what every face hands the engine about a request. */
#include "config.h"

#include <json-c/json.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/fmt.h"
#include "invigil/req.h"

void api_detail(struct req *r, const char *text_key, const char *field, const char *text)
{
	struct json_object *one = json_object_new_object();

	if (r->err_details == NULL)
		r->err_details = json_object_new_array();
	json_object_object_add(one, "field", json_object_new_string(field));
	json_object_object_add(one, text_key, json_object_new_string(text));
	json_object_array_add(r->err_details, one);
}

const struct ex_question *api_response_question(struct req *r, const char *text_key, const struct exam_content *ec,
                                                struct json_object *o, const char *path, const char *noun,
                                                bool *seen)
{
	const char *field = arena_printf(r->arena, "%s.question_id", path);
	const struct ex_question *q;
	struct json_object *v;
	int64_t qid;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "question_id", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		api_detail(r, text_key, field, "is required (an integer)");
		return NULL;
	}
	qid = json_object_get_int64(v);
	if ((q = exam_question_by_id(ec, qid)) == NULL) {
		api_detail(r, text_key, field, arena_printf(r->arena, "%lld is not a question of this %s", (long long)qid, noun));
		return NULL;
	}
	if (seen[q - ec->questions]) {
		api_detail(r, text_key, field, arena_printf(r->arena, "question %lld is answered twice", (long long)qid));
		return NULL;
	}
	seen[q - ec->questions] = true;
	return q;
}

enum inv_err api_fail_details(struct req *r, const char *list)
{
	size_t n = r->err_details ? json_object_array_length(r->err_details) : 0;

	return req_fail(r, INV_EINVAL, NULL, "%zu field%s invalid; see %s.", n, n == 1 ? " is" : "s are", list);
}

struct engine_ctx api_engine_ctx(struct req *r, const char *face)
{
	struct engine_ctx cx = {0};
	struct json_object *code;

	cx.user_id = r->who.user_id;
	cx.role = r->who.role;
	cx.now_ms = now_ms();
	cx.face = face;
	cx.remote_addr = r->remote_addr;
	cx.request_id = r->request_id;
	/* an exam's access code travels as "access_code" in the body on every
	 * face; the engine checks it wherever one is sent (something that is not
	 * a string is sent, and wrong) */
	if (r->json != NULL && json_object_is_type(r->json, json_type_object) &&
	    json_object_object_get_ex(r->json, "access_code", &code))
		cx.access_code = json_object_is_type(code, json_type_string) ? json_object_get_string(code) : "";
	return cx;
}
