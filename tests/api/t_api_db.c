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

	/* a worker killed outright is replaced (multiwatch) and nobody notices */
	{
		char cmd[700], line[64] = "";
		FILE *p;

		snprintf(cmd, sizeof(cmd), "pkill -9 -n -P \"$(cat '%s/pool.pid')\"; sleep 1; pgrep -c -P \"$(cat '%s/pool.pid')\"",
		         need_env("INVIGIL_STACK_DIR"), need_env("INVIGIL_STACK_DIR"));
		p = popen(cmd, "r");
		if (p && fgets(line, sizeof(line), p) == NULL)
			line[0] = '\0';
		if (p)
			pclose(p);
		is_int(atoi(line), 4, "after a kill -9 the pool has its four workers again");
		status = 200;
		for (int i = 0; i < 8; i++) {
			http_get("/api/v2.2/exams/", jwt_header(token), &h);
			if (h.status != 200)
				status = (int)h.status;
			http_free(&h);
		}
		is_int(status, 200, "and every request succeeds");
	}
	free(token);
	return done_testing();
}
