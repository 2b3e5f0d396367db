/* API tests: the database goes away and comes back, workers are killed; the pool stays whole. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

/* The status of eight requests in a row: 200, or the first other status seen. */
static int status_of_eight(const char *token)
{
	struct http h;
	int status = 200;

	for (int i = 0; i < 8; i++) {
		http_get("/api/v2.2/exams/", jwt_header(token), &h);
		if (h.status != 200 && status == 200) {
			status = (int)h.status;
			/* what answered, and the worker's log of it (the stack's tails
			 * printed after a failure may not reach back that far) */
			diag("request %d: %ld %.300s (X-Request-Id %s)", i, h.status, h.body ? h.body : "",
			     http_header(&h, "X-Request-Id") ? http_header(&h, "X-Request-Id") : "-");
			diag("worker log: %s", shell_line("grep -h 'internal error\\|error' \"$INVIGIL_STACK_DIR\"/log/invigil.log "
			                                  "| tail -n 3 | tr '\\n' ' '"));
		}
		http_free(&h);
	}
	return status;
}

/* Issue 10, item 7: multiwatch 1.0.0 stops re-forking a slot whose worker died more
 * than three times within 10 s of starting, and exits 0 once it has given up on every
 * slot. The pool (invigil-pool) must come back to its size either way. */
static void test_pool_bursts(const char *token)
{
	for (int i = 0; i < 5; i++) {
		stack_ctl("kill-worker");
		usleep(300000); /* multiwatch re-forks it: the next kill hits the new worker */
	}
	is_int(stack_workers_settled(4, 20), 4, "five kill -9s of the newest worker: the pool has four workers again");
	is_int(status_of_eight(token), 200, "and every request succeeds");
	for (int i = 0; i < 5; i++) {
		stack_ctl("kill-workers");
		usleep(300000);
	}
	is_int(stack_workers_settled(4, 20), 4, "every worker killed five times over: the pool has four workers again");
	is_int(status_of_eight(token), 200, "and every request succeeds");
}

/* A save is the first request each worker serves after MariaDB restarts:
 * its statement (in READ COMMITTED, schema/011) finds the connection dead
 * and runs on a new one, as every other statement does. */
static void saves_after_restart(void)
{
	struct http h;
	char cmd[1024], path[128], body[96];
	char *token;
	int64_t attempt, answer, option;
	struct json_object *item;
	int bad = 0;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/savepath-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0 || (token = login(NULL, "learner40", "demo")) == NULL)
		bail("cannot import the save-path course or log in as learner40");
	http_json("POST", "/api/v2.2/exams/sp-exam/attempts/", jwt_header(token), NULL, &h);
	attempt = json_object_get_int64(json_get(h.json, "id"));
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	http_get(path, jwt_header(token), &h);
	item = json_object_array_get_idx(json_get(h.json, "results"), 0);
	answer = json_object_get_int64(json_get(item, "id"));
	option = json_object_get_int64(json_get(json_object_array_get_idx(
		json_get(json_get(item, "question"), "answers"), 0), "id"));
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)attempt, (long long)answer);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)option);
	is_int(stack_ctl("db-stop") == 0 && stack_ctl("db-start") == 0, 1, "MariaDB restarted under a running attempt");
	for (int i = 0; i < 8; i++) {
		http_json("PUT", path, jwt_header(token), body, &h);
		bad += h.status != 200;
		http_free(&h);
	}
	is_int(bad, 0, "the saves after it succeed, on every worker (each reconnects)");
	free(token);
}

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
	is_int(stack_ctl("kill-worker"), 0, "kill -9 of one worker");
	is_int(stack_workers_settled(4, 5), 4, "after a kill -9 the pool has its four workers again");
	is_int(status_of_eight(token), 200, "and every request succeeds");
	test_pool_bursts(token);
	free(token);
	saves_after_restart();
	return done_testing();
}
