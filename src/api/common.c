/* invigil — what every face hands the engine about a request. */
#include "config.h"

#include "invigil/api.h"
#include "invigil/fmt.h"
#include "invigil/req.h"

struct engine_ctx api_engine_ctx(struct req *r, const char *face)
{
	struct engine_ctx cx = {0};

	cx.user_id = r->who.user_id;
	cx.role = r->who.role;
	cx.now_ms = now_ms();
	cx.face = face;
	cx.remote_addr = r->remote_addr;
	cx.request_id = r->request_id;
	return cx;
}
