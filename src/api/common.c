/* invigil — what every face hands the engine about a request. */
#include "config.h"

#include <json-c/json.h>

#include "invigil/api.h"
#include "invigil/fmt.h"
#include "invigil/req.h"

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
