/* API tests: request handling shared by every face, through nginx. */
#include "config.h"

#include <arpa/inet.h>
#include <json-c/json.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

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

/* The error envelopes of the faces (DECISIONS 12): DRF's, the assessments API's, Canvas's. */
enum envelope { ENV_DRF, ENV_ASSESS, ENV_CANVAS };

/* body parsed strictly (nothing but whitespace after the value), or NULL; the
 * client's own parse is json-c's lenient one */
static struct json_object *strict_json(const char *body)
{
	struct json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	struct json_object *o;
	size_t len = body ? strlen(body) : 0, end;

	if (tok == NULL || body == NULL) {
		json_tokener_free(tok);
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, body, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) != json_tokener_success)
		o = NULL;
	while (o != NULL && end < len && strchr(" \t\r\n", body[end]) != NULL)
		end++;
	if (o != NULL && end != len) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static bool is_string(struct json_object *o) { return o != NULL && json_object_is_type(o, json_type_string); }

/* Whether o has the shape of envelope e. */
static bool in_envelope(struct json_object *o, enum envelope e)
{
	struct json_object *err;

	switch (e) {
	case ENV_DRF:
		return is_string(json_get(o, "detail"));
	case ENV_ASSESS:
		err = json_get(o, "error");
		return is_string(json_get(err, "code")) && is_string(json_get(err, "message"));
	case ENV_CANVAS:
		err = json_get(o, "errors");
		return json_object_is_type(err, json_type_array) && json_object_array_length(err) > 0 &&
		       is_string(json_get(json_object_array_get_idx(err, 0), "message"));
	}
	return false;
}

/* Checks that h is status, as application/json, with a strict JSON body in envelope e;
 * returns whether the body passed. */
static bool json_error(const struct http *h, long status, enum envelope e, const char *what)
{
	const char *type = http_header(h, "Content-Type");
	struct json_object *o = strict_json(h->body);
	bool shaped = o != NULL && in_envelope(o, e);

	json_object_put(o);
	is_int(h->status, status, "%s: %ld", what, status);
	ok(type != NULL && strncasecmp(type, "application/json", 16) == 0, "%s: Content-Type application/json (%s)", what,
	   type ? type : "none");
	if (!ok(shaped, "%s: a JSON body in the face's envelope", what)) {
		diag("body: %.200s", h->body ? h->body : "(none)");
		return false;
	}
	return true;
}

/* Sends the bytes of a request libcurl would not send (a malformed chunked body) to
 * the stack's plain HTTP port and reads the reply up to nginx's close into h, as
 * http_do does. Returns 0, or -1 when nothing came back. */
static int raw_request(const char *bytes, struct http *h)
{
	const char *url = need_env("INVIGIL_TEST_URL"), *colon = strrchr(url, ':'), *sep;
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct timeval tv = {.tv_sec = 10};
	char buf[65536];
	size_t len = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(h, 0, sizeof(*h));
	sa.sin_port = htons((unsigned short)atoi(colon ? colon + 1 : "80"));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || write(fd, bytes, strlen(bytes)) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	sep = strstr(buf, "\r\n\r\n");
	if (strncmp(buf, "HTTP/1.1 ", 9) != 0 || sep == NULL)
		return -1;
	h->status = atol(buf + 9);
	snprintf(h->headers, sizeof(h->headers), "%.*s", (int)(sep + 2 - buf), buf);
	h->body = strdup(sep + 4);
	if (h->body == NULL)
		return -1;
	h->len = strlen(h->body);
	h->json = json_tokener_parse(h->body);
	return 0;
}

/* Errors nginx raises itself, before or instead of the workers, come in the
 * envelope of the face whose path they concern (issue 10, item 11). */
static void test_nginx_errors(void)
{
	static const struct {
		const char *path;
		enum envelope env;
	} faces[] = {
		{"/api/v2.2/exams/", ENV_DRF},
		{"/api/v1/assessments/", ENV_ASSESS},
		{"/api/v1/courses/", ENV_CANVAS},
		{"/", ENV_DRF},
	};
	size_t big = 9000; /* over nginx's 8k header buffers */
	char *pad = malloc(big + 1), *path = malloc(big + 100), *header = malloc(big + 20), what[200];
	struct http h;

	if (pad == NULL || path == NULL || header == NULL)
		bail("out of memory");
	memset(pad, 'a', big);
	pad[big] = '\0';
	snprintf(header, big + 20, "X-Big: %s", pad);
	for (size_t i = 0; i < sizeof(faces) / sizeof(faces[0]); i++) {
		struct http_req rq = {.method = "GET", .path = path, .body_len = -1};

		snprintf(path, big + 100, "%s%s", faces[i].path, pad);
		http_do(&rq, &h);
		snprintf(what, sizeof(what), "URI too long under %s", faces[i].path);
		json_error(&h, 414, faces[i].env, what);
		http_free(&h);

		snprintf(path, big + 100, "%s", faces[i].path);
		rq.extra_header = header;
		http_do(&rq, &h);
		snprintf(what, sizeof(what), "a header line too large under %s", faces[i].path);
		json_error(&h, 400, faces[i].env, what);
		http_free(&h);
		rq.extra_header = NULL;

		rq.method = "TRACE";
		http_do(&rq, &h);
		snprintf(what, sizeof(what), "TRACE %s", faces[i].path);
		if (json_error(&h, 405, faces[i].env, what))
			ok(strstr(h.body, "TRACE") != NULL, "%s: naming the method", what);
		http_free(&h);
		rq.method = "GET";

		snprintf(path, big + 100, "%s%%00", faces[i].path);
		http_do(&rq, &h);
		snprintf(what, sizeof(what), "a NUL in the URI under %s", faces[i].path);
		json_error(&h, 400, faces[i].env, what);
		http_free(&h);
	}
	for (size_t i = 0; i < 3; i++) {
		char rq[300];

		snprintf(rq, sizeof(rq),
		         "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
		         "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
		         faces[i].path);
		if (raw_request(rq, &h) != 0)
			diag("no reply to a malformed chunk");
		snprintf(what, sizeof(what), "a malformed chunked body to %s", faces[i].path);
		json_error(&h, 400, faces[i].env, what);
		http_free(&h);
	}
	http_get("/no-such-file.html", NULL, &h);
	json_error(&h, 404, ENV_DRF, "a missing file of the static root");
	is_str(json_str(h.json, "detail"), "Not found.", "as DRF says it");
	http_free(&h);
	http_json("POST", "/index.html", NULL, "{}", &h);
	json_error(&h, 405, ENV_DRF, "POST to a static file");
	http_free(&h);
	free(header);
	free(path);
	free(pad);
}

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

/* A single question posted as the whole body to the assessments face: the
 * face must read the request's tree, never add it into itself (a reference
 * cycle that leaked every such request; ./dev test-extra runs this program
 * with every worker under valgrind, which reports the leak). */
static void test_single_question_post(void)
{
	char *ins = login(NULL, "instructor", "demo"), path[200], auth[4096];
	struct http h;
	const char *aid;

	snprintf(auth, sizeof(auth), "Bearer %s", ins ? ins : "");
	http_json("GET", "/api/v1/assessments?per_page=1", auth, NULL, &h);
	aid = json_str(json_object_array_get_idx(json_get(h.json, "data"), 0), "id");
	snprintf(path, sizeof(path), "/api/v1/assessments/%s/questions", aid ? aid : "none");
	http_free(&h);
	for (int i = 0; i < 3; i++) {
		http_json("POST", path, auth, "{\"type\":\"essay\",\"text\":\"Why?\"}", &h);
		is_int(h.status, 201, "a single question object as the body (%d)", i + 1);
		http_free(&h);
	}
	free(ins);
}

int main(void)
{
	token = login(NULL, "learner1", "demo");
	if (token == NULL)
		bail("cannot log in as learner1");
	test_not_found();
	test_bodies();
	test_single_question_post();
	test_request_id();
	test_tls_and_static();
	test_nginx_errors();
	test_rate_limit_key();
	free(token);
	return done_testing();
}
