/* API tests: the token endpoint and token checks, through nginx. */
#include "config.h"

#include <json-c/json.h>
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/conf.h"
#include "client.h"
#include "../tap.h"

static struct conf conf;

static char *sign(jwt_alg_t alg, const char *key, const char *claims)
{
	jwt_t *j;
	char *t;

	jwt_new(&j);
	jwt_add_grants_json(j, claims);
	jwt_set_alg(j, alg, (const unsigned char *)key, key ? (int)strlen(key) : 0);
	t = jwt_encode_str(j);
	jwt_free(j);
	return t;
}

static void expect_401(const char *auth, const char *what)
{
	struct http h;

	http_get("/api/v2.2/exams/", auth, &h);
	is_int(h.status, 401, "%s: 401", what);
	ok(json_str(h.json, "detail") != NULL, "%s: JSON detail says why (%s)", what, json_str(h.json, "detail"));
	ok(http_header(&h, "WWW-Authenticate") != NULL, "%s: WWW-Authenticate sent", what);
	http_free(&h);
}

static void test_login(void)
{
	struct http h;
	struct http_req form = {.method = "POST", .path = "/api/v2.2/auth-token/",
	                        .content_type = "application/x-www-form-urlencoded",
	                        .body = "username=learner2&password=demo", .body_len = -1};
	char *token;
	struct json_object *list;

	token = login(NULL, "learner1", "demo");
	ok(token != NULL && strlen(token) > 40, "learner1 logs in with JSON");
	http_do(&form, &h);
	is_int(h.status, 200, "form-encoded log-in works too");
	ok(json_str(h.json, "token") != NULL, "and returns a token");
	http_free(&h);

	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\":\"learner1\",\"password\":\"nope\"}", &h);
	is_int(h.status, 400, "bad password: 400");
	list = json_get(h.json, "non_field_errors");
	ok(list && json_object_is_type(list, json_type_array) &&
	       strcmp(json_object_get_string(json_object_array_get_idx(list, 0)),
	              "Unable to log in with provided credentials.") == 0,
	   "in DRF's shape");
	http_free(&h);
	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\":\"nobody\",\"password\":\"demo\"}", &h);
	is_int(h.status, 400, "unknown user: the same 400");
	http_free(&h);
	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"password\":\"demo\"}", &h);
	is_int(h.status, 400, "missing username: 400");
	ok(json_get(h.json, "username") != NULL, "field error names username");
	http_free(&h);
	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\":5,\"password\":\"demo\"}", &h);
	is_int(h.status, 400, "username of the wrong type: 400");
	http_free(&h);
	http_json("POST", "/api/v2.2/auth-token/", NULL, "", &h);
	is_int(h.status, 400, "empty body: 400");
	ok(json_str(h.json, "detail") != NULL, "saying a body is required");
	http_free(&h);

	http_get("/api/v2.2/exams/", jwt_header(token), &h);
	is_int(h.status, 200, "the token opens the exam list");
	ok(json_get(h.json, "results") && json_object_array_length(json_get(h.json, "results")) >= 1,
	   "learner1 sees the demo course's exams");
	http_free(&h);
	{
		char auth[4096];

		snprintf(auth, sizeof(auth), "Bearer %s", token);
		http_get("/api/v2.2/exams/", auth, &h);
		is_int(h.status, 200, "Bearer scheme accepted");
		http_free(&h);
		snprintf(auth, sizeof(auth), "Basic %s", token);
		expect_401(auth, "Basic scheme");
		snprintf(auth, sizeof(auth), "JWT %sx", token);
		expect_401(auth, "tampered token");
	}
	free(token);
}

static void test_bad_tokens(void)
{
	char claims[400], auth[4096], *t;
	long now = (long)time(NULL);

	expect_401(NULL, "missing token");
	snprintf(claims, sizeof(claims),
	         "{\"sub\":\"3\",\"user_id\":3,\"username\":\"learner1\",\"role\":\"admin\",\"exp\":%ld}", now - 7200);
	t = sign(JWT_ALG_HS256, conf.jwt_secret, claims);
	snprintf(auth, sizeof(auth), "JWT %s", t);
	expect_401(auth, "expired token");
	free(t);
	snprintf(claims, sizeof(claims),
	         "{\"sub\":\"3\",\"user_id\":3,\"username\":\"learner1\",\"role\":\"admin\",\"exp\":%ld}", now + 7200);
	t = sign(JWT_ALG_NONE, NULL, claims);
	snprintf(auth, sizeof(auth), "JWT %s", t);
	expect_401(auth, "alg=none token");
	free(t);
	t = sign(JWT_ALG_HS512, conf.jwt_secret, claims);
	snprintf(auth, sizeof(auth), "JWT %s", t);
	expect_401(auth, "HS512 token with the right secret");
	free(t);
	t = sign(JWT_ALG_HS256, "0123456789abcdef0123456789abcdef-other", claims);
	snprintf(auth, sizeof(auth), "JWT %s", t);
	expect_401(auth, "token signed with another secret");
	free(t);
	expect_401("JWT not.a.token", "garbage token");
}

static void test_cli_token(void)
{
	char cmd[1024], token[2048] = "";
	FILE *p;
	struct http h;

	snprintf(cmd, sizeof(cmd), "\"%s\" token learner3 --ttl 600", need_env("INVIGIL_BIN"));
	p = popen(cmd, "r");
	if (p == NULL || fgets(token, sizeof(token), p) == NULL)
		token[0] = '\0';
	if (p)
		pclose(p);
	token[strcspn(token, "\n")] = '\0';
	ok(strlen(token) > 40, "invigil token prints a token");
	http_get("/api/v2.2/exams/", jwt_header(token), &h);
	is_int(h.status, 200, "which the API accepts");
	http_free(&h);
}

static void test_lockout(void)
{
	struct http h;
	int status = 0;
	char *token;

	for (int i = 0; i < (int)conf.login_max_failures; i++) {
		http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\":\"learner50\",\"password\":\"wrong\"}", &h);
		status = (int)h.status;
		http_free(&h);
	}
	is_int(status, 400, "failures up to the limit are plain 400s");
	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\":\"learner50\",\"password\":\"demo\"}", &h);
	is_int(h.status, 429, "then the user is locked out, right password or not");
	ok(http_header(&h, "Retry-After") != NULL, "with Retry-After");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "try again"), "and a JSON detail");
	http_free(&h);
	token = login(NULL, "learner49", "demo");
	ok(token != NULL, "other users are not affected");
	free(token);
}

int main(void)
{
	char err[256];

	conf_defaults(&conf);
	if (conf_load(&conf, need_env("INVIGIL_CONFIG"), err, sizeof(err)) != 0)
		bail("config: %s", err);
	test_login();
	test_bad_tokens();
	test_cli_token();
	test_lockout();
	conf_free(&conf);
	return done_testing();
}
