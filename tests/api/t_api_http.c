/* API tests: request handling shared by every face, through nginx. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "../tap.h"

static char *token;

static void test_not_found(void)
{
	struct http h;

	http_get("/api/v2.2/no-such-thing/", jwt_header(token), &h);
	is_int(h.status, 404, "unknown path under a face: 404");
	is_str(json_str(h.json, "detail"), "Not found.", "in DRF's envelope");
	http_free(&h);
	http_get("/api/v9/whatever", NULL, &h);
	is_int(h.status, 404, "path no face owns: 404");
	ok(json_str(h.json, "detail") != NULL, "with a JSON detail");
	http_free(&h);
	http_json("DELETE", "/api/v2.2/exams/", jwt_header(token), NULL, &h);
	is_int(h.status, 405, "wrong method: 405");
	is_str(http_header(&h, "Allow"), "GET", "with Allow");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "DELETE"), "naming the method");
	http_free(&h);
	http_get("/api/v2.2/exams/?page=abc", jwt_header(token), &h);
	is_int(h.status, 404, "bad page number: 404");
	is_str(json_str(h.json, "detail"), "Invalid page.", "as DRF says it");
	http_free(&h);
	http_get("/api/v2.2/exams/?page=999", jwt_header(token), &h);
	is_int(h.status, 404, "page past the end: 404");
	http_free(&h);
	http_get("/api/v2.2/exams?q=Aptitude", jwt_header(token), &h);
	is_int(h.status, 200, "no trailing slash, q filter");
	is_int(json_object_get_int(json_get(h.json, "count")), 1, "q filters by title");
	http_free(&h);
}

static void test_bodies(void)
{
	struct http h;
	size_t big = 1536 * 1024, huge = 3 * 1024 * 1024;
	char *body = malloc(huge + 1);
	struct http_req rq = {.method = "POST", .path = "/api/v2.2/auth-token/", .content_type = "application/json",
	                      .body = body};
	char deep[200] = "";

	memset(body, ' ', huge);
	memcpy(body, "{\"username\":\"x\",\"password\":\"y\"}", 31);
	body[huge] = '\0';
	rq.body_len = (long)big;
	http_do(&rq, &h);
	is_int(h.status, 413, "body over the app's limit: 413");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "limit"), "the app's JSON says the limit");
	http_free(&h);
	rq.body_len = (long)huge;
	http_do(&rq, &h);
	is_int(h.status, 413, "body over nginx's limit: 413");
	ok(json_str(h.json, "detail") != NULL, "nginx's 413 is JSON in the face's envelope too");
	http_free(&h);
	free(body);

	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\": \"x\", ", &h);
	is_int(h.status, 400, "malformed JSON: 400");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "JSON parse error"), "saying so");
	http_free(&h);
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	strcat(deep, "1");
	for (int i = 0; i < 40; i++)
		strcat(deep, "]");
	http_json("POST", "/api/v2.2/auth-token/", NULL, deep, &h);
	is_int(h.status, 400, "too deep JSON: 400");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "deeper"), "saying so");
	http_free(&h);
	http_json("POST", "/api/v2.2/auth-token/", NULL, "[1,2]", &h);
	is_int(h.status, 400, "JSON array instead of an object: 400");
	http_free(&h);
	{
		struct http_req t = {.method = "POST", .path = "/api/v2.2/auth-token/", .content_type = "text/plain",
		                     .body = "username=x", .body_len = -1};

		http_do(&t, &h);
		is_int(h.status, 415, "unsupported content type: 415");
		http_free(&h);
	}
	{
		struct http_req g = {.method = "GET", .path = "/api/v2.2/exams/", .auth = jwt_header(token),
		                     .content_type = "application/json", .body = "{\"a\":1}", .body_len = -1};

		http_do(&g, &h);
		is_int(h.status, 400, "a body on a GET route: 400");
		http_free(&h);
	}
}

static void test_request_id(void)
{
	struct http h;
	char path[600], line[4096], id[80];
	FILE *f;
	bool found = false;

	http_get("/api/v2.2/exams/", jwt_header(token), &h);
	ok(http_header(&h, "X-Request-Id") != NULL, "X-Request-Id in the response");
	snprintf(id, sizeof(id), "%s", http_header(&h, "X-Request-Id") ? http_header(&h, "X-Request-Id") : "none");
	is_int((int64_t)strlen(id), 32, "nginx's 32-hex request id");
	http_free(&h);
	snprintf(path, sizeof(path), "%s/log/invigil.log", need_env("INVIGIL_STACK_DIR"));
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, id) && strstr(line, "/api/v2.2/exams/"))
			found = true;
	if (f)
		fclose(f);
	ok(found, "the same id is in the worker's log line");
}

static void test_tls_and_static(void)
{
	struct http h;
	struct http_req rq = {.method = "GET", .base = need_env("INVIGIL_TEST_TLS_URL"), .path = "/api/v2.2/exams/",
	                      .auth = jwt_header(token), .body_len = -1};

	http_do(&rq, &h);
	is_int(h.status, 200, "the API answers over TLS (self-signed certificate)");
	http_free(&h);
	http_get("/", NULL, &h);
	is_int(h.status, 200, "nginx serves the static web/ root");
	ok(h.body && strstr(h.body, "invigil"), "the index page");
	http_free(&h);
}

static bool is_string(struct json_object *o) { return o != NULL && json_object_is_type(o, json_type_string); }

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The answer-save limit (stack.sh: 20 r/s, burst 40, nodelay) is per token, however
 * the Authorization header spells it: one token under six spellings gets one budget,
 * not six (issue 10, item 11). */
static void test_rate_limit_key(void)
{
	static const char *const spellings[][2] = {
		{"JWT ", ""}, {"jwt ", ""}, {"Bearer ", ""}, {"Token ", ""}, {"bearer    ", ""}, {"  TOKEN ", "  "},
	};
	enum { N = 240, RATE = 20, BURST = 40 }; /* 40 a spelling: each within the burst if keyed apart */
	char *tok = login(NULL, "learner9", "demo"), auth[4096];
	int passed = 0, limited = 0, other = 0, badbody = 0;
	double t0, elapsed, budget;

	if (tok == NULL) {
		ok(0, "log in as learner9");
		return;
	}
	t0 = now_s();
	for (int i = 0; i < N; i++) {
		struct http h;

		snprintf(auth, sizeof(auth), "%s%s%s", spellings[i % 6][0], tok, spellings[i % 6][1]);
		http_get("/api/v2.2/attempts/999999999/questions/1/", auth, &h);
		if (h.status == 429) {
			limited++;
			if (!is_string(json_get(h.json, "detail")))
				badbody++;
		} else if (h.status > 0) {
			passed++;
		} else {
			other++;
		}
		http_free(&h);
	}
	elapsed = now_s() - t0;
	/* one budget lets through the burst, the first request and what refills meanwhile */
	budget = BURST + 1 + RATE * elapsed + 2;
	diag("%d requests in %.2f s: %d through, %d limited (one budget allows %.0f)", N, elapsed, passed, limited, budget);
	is_int(other, 0, "every request got an answer");
	ok(passed <= budget, "one token under six spellings shares one budget: %d through, at most %.0f", passed, budget);
	ok(limited > 0 && badbody == 0, "the rest get nginx's 429 in DRF's envelope");
	if (budget >= N)
		diag("the run was too slow to tell one budget from six");
	free(tok);
}

int main(void)
{
	token = login(NULL, "learner1", "demo");
	if (token == NULL)
		bail("cannot log in as learner1");
	test_not_found();
	test_bodies();
	test_request_id();
	test_tls_and_static();
	test_rate_limit_key();
	free(token);
	return done_testing();
}
