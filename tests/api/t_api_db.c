/* API tests: the database goes away and comes back; workers stay up. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

int main(void)
{
	struct http h;
	char *token = login(NULL, "learner1", "demo");
	int status = 0;

	if (token == NULL)
		bail("cannot log in as learner1");
	http_get("/api/v2.2/exams/", jwt_header(token), &h);
	is_int(h.status, 200, "the exam list answers while MariaDB is up");
	http_free(&h);

	is_int(stack_ctl("db-stop"), 0, "MariaDB stopped");
	http_get("/api/v2.2/exams/", jwt_header(token), &h);
	is_int(h.status, 503, "a request while it is down: 503");
	ok(http_header(&h, "Retry-After") != NULL, "with Retry-After");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "database"), "and a JSON detail");
	http_free(&h);
	http_json("POST", "/api/v2.2/auth-token/", NULL, "{\"username\":\"learner1\",\"password\":\"demo\"}", &h);
	is_int(h.status, 503, "log-in while it is down: 503 too");
	http_free(&h);

	is_int(stack_ctl("db-start"), 0, "MariaDB started again");
	/* each of the pool's workers finds its connection dead and reconnects */
	for (int i = 0; i < 8; i++) {
		http_get("/api/v2.2/exams/", jwt_header(token), &h);
		if (i == 0)
			status = (int)h.status;
		else if (h.status != 200)
			status = (int)h.status;
		http_free(&h);
	}
	is_int(status, 200, "the next requests succeed, on every worker");
	free(token);
	token = login(NULL, "learner2", "demo");
	ok(token != NULL, "log-in works again");
	free(token);
	return done_testing();
}
