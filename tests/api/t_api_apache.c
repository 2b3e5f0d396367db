/* API tests: the same worker pool behind Apache (mod_proxy_fcgi). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

int main(void)
{
	const char *base = need_env("INVIGIL_TEST_APACHE_URL");
	struct http h;
	char *token = login(base, "learner1", "demo");
	size_t padlen = 70 * 1024;
	char *body = malloc(padlen + 200);
	struct http_req chunked = {.method = "POST", .base = base, .path = "/api/v2.2/auth-token/",
	                           .content_type = "application/json", .body = body, .chunked = true};

	ok(token != NULL, "log-in through Apache");
	{
		struct http_req rq = {.method = "GET", .base = base, .path = "/api/v2.2/exams/",
		                      .auth = jwt_header(token ? token : "x"), .body_len = -1};

		http_do(&rq, &h);
		is_int(h.status, 200, "Authorization reaches the worker (CGIPassAuth)");
		ok(json_get(h.json, "results") != NULL, "the exam list");
		ok(http_header(&h, "X-Request-Id") != NULL, "a request id (mod_unique_id)");
		http_free(&h);
		rq.path = "/api/v2.2/nothing/";
		http_do(&rq, &h);
		is_int(h.status, 404, "routing on REQUEST_URI: unknown path 404");
		http_free(&h);
	}
	/* mod_proxy_fcgi streams larger chunked bodies with no CONTENT_LENGTH */
	{
		size_t n = (size_t)snprintf(body, 200, "{\"username\":\"learner1\",\"password\":\"demo\",\"pad\":\"");

		memset(body + n, 'x', padlen);
		strcpy(body + n + padlen, "\"}");
	}
	http_do(&chunked, &h);
	is_int(h.status, 200, "a 70 kB chunked body is read to its end");
	http_free(&h);
	free(body);
	body = malloc(1300 * 1024);
	memset(body, ' ', 1300 * 1024 - 1);
	body[0] = '{';
	body[1300 * 1024 - 2] = '}';
	body[1300 * 1024 - 1] = '\0';
	chunked.body = body;
	http_do(&chunked, &h);
	is_int(h.status, 413, "a chunked body past the app's limit: 413 (Apache enforces none)");
	ok(json_str(h.json, "detail") != NULL, "as JSON");
	http_free(&h);
	free(body);
	free(token);
	return done_testing();
}
