/* invigil — POST /api/v2.2/auth-token/ (Testpress's JWT log-in). */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/auth.h"
#include "invigil/body.h"
#include "invigil/conf.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* Reads both credentials, reporting the first missing one as DRF does. */
static enum inv_err read_credentials(struct req *r, const char **user, const char **pass)
{
	int u = body_str(r, r->json, "username", user);
	int p;

	if (u < 0)
		return INV_EINVAL;
	p = body_str(r, r->json, "password", pass);
	if (p < 0)
		return INV_EINVAL;
	if (u == 0 || **user == '\0')
		return req_fail(r, INV_EINVAL, "username", "This field is required.");
	if (p == 0 || **pass == '\0')
		return req_fail(r, INV_EINVAL, "password", "This field is required.");
	if (strlen(*user) > 150 || strlen(*pass) > 1024)
		return req_fail(r, INV_EINVAL, "non_field_errors", "Unable to log in with provided credentials.");
	return INV_OK;
}

enum inv_err h_auth_token(struct req *r, struct resp *w)
{
	const struct conf *c = conf_current();
	const char *username, *password;
	struct user u;
	int64_t now = now_ms(), wait_s = 0;
	bool found;
	char *token;
	enum inv_err err;

	if (r->json != NULL && !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, "non_field_errors", "Invalid data. Expected a dictionary.");
	if ((err = read_credentials(r, &username, &password)) != INV_OK)
		return err;
	err = engine_login_begin(username, now, &u, &found, &wait_s);
	if (err == INV_ETHROTTLED) {
		r->retry_after = wait_s > 0 ? wait_s : 1;
		return req_fail(r, INV_ETHROTTLED, NULL,
		                "Too many failed log-ins for this user; try again in %lld seconds.",
		                (long long)r->retry_after);
	}
	if (err != INV_OK)
		return err;
	if (auth_password_verify(c, found ? u.password_hash : NULL, password) != 0) {
		if ((err = engine_login_end(username, now, false)) != INV_OK)
			return err;
		return req_fail(r, INV_EINVAL, "non_field_errors", "Unable to log in with provided credentials.");
	}
	if ((err = engine_login_end(username, now, true)) != INV_OK)
		return err;
	token = auth_token_issue(c, u.id, u.username, u.email, u.role, 0, time(NULL));
	if (token == NULL)
		return req_fail(r, INV_EFORBIDDEN, NULL,
		                "This server accepts tokens from the institution's identity provider only.");
	{
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "token", json_object_new_string(token));
		free(token);
		return resp_json(w, 200, o);
	}
}
