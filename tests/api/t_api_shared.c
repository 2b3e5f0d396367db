/* API tests: the pool's workers share what each learns of an attempt
 * (src/util/stamps.c's facts, read by src/engine/save_known.c).  With two
 * workers, which take a learner's requests in turn, an attempt whose
 * questions page one worker read is known to both: each save is one
 * statement and each questions page two (the records with the open's checks,
 * and their events' states; one while the attempt has no events), whichever
 * worker takes it.  What those
 * statements cannot settle (another's attempt, time over) gets the full
 * path's answer. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

#define SAVES 8
#define PAGES 4

static char *tok, *other_tok;
static int64_t attempt, other, aq[2], right[2];

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))


/* GET attempt att's questions page as token t: the status, *h filled. */
static long page(const char *t, int64_t att, struct http *h)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)att);
	http_get(path, jwt_header(t), h);
	return h->status;
}

static void setup(void)
{
	struct http h;
	struct json_object *res;

	stack_import("saveknown-course.json");
	if ((tok = login(NULL, "learner40", "demo")) == NULL || (other_tok = login(NULL, "learner41", "demo")) == NULL)
		bail("cannot log in");
	/* both workers hold the exam: another learner's pages, read often
	 * enough that each worker takes some (the known paths need the exam in
	 * the worker's cache; that is not what is shared) */
	other = tp_started(other_tok, "sk-exam");
	for (int i = 0; i < 16; i++) {
		page(other_tok, other, &h);
		http_free(&h);
	}
	attempt = tp_started(tok, "sk-exam");
	/* one worker reads the attempt's page: the attempt is known from now on */
	if (page(tok, attempt, &h) != 200)
		bail("cannot read the questions page");
	res = json_get(h.json, "results");
	for (size_t k = 0; k < 2; k++) {
		struct json_object *item = json_object_array_get_idx(res, k);

		aq[k] = json_int(item, "id");
		right[k] = json_int(json_object_array_get_idx(json_get(json_get(item, "question"), "answers"), 0), "id");
	}
	http_free(&h);
}

/* Questions pages before any save, on both workers: the records with the
 * open's checks say the attempt has no events, so there are none to read. */
static void unanswered_pages(void)
{
	int one = 0;

	for (int i = 0; i < PAGES; i++) {
		struct http h;
		int64_t before = stack_executed();

		is_int(page(tok, attempt, &h), 200, "unanswered questions page %d", i);
		ok(json_object_get_type(json_get(json_object_array_get_idx(json_get(h.json, "results"), 0),
		                                 "selected_answers")) == json_type_array &&
		           json_object_array_length(json_get(json_object_array_get_idx(json_get(h.json, "results"), 0),
		                                             "selected_answers")) == 0,
		   "shows the first question unanswered");
		http_free(&h);
		one += stack_executed() - before == 1;
	}
	is_int(one, PAGES, "every page of an attempt without events was one statement, on either worker");
}

/* Saves on both workers: without shared facts, the worker that did not read
 * the page would take the full path (two statements or more). */
static void saves(void)
{
	int one = 0;

	for (int i = 0; i < SAVES; i++) {
		struct http h;
		char path[128], body[64];
		int64_t before = stack_executed();

		snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)attempt,
		         (long long)aq[i % 2]);
		snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[i % 2]);
		http_json("PUT", path, jwt_header(tok), body, &h);
		is_int(h.status, 200, "save %d", i);
		http_free(&h);
		one += stack_executed() - before == 1;
	}
	is_int(one, SAVES, "every save was one statement, on either worker");
	is_int(sql_int("SELECT COUNT(*) FROM answer_events WHERE attempt_id = %lld", (long long)attempt), SAVES,
	       "and each stored its event");
}

/* Questions pages on both workers: the records with the open's checks, and
 * their events' states; the answers as saved. */
static void pages(void)
{
	int two = 0;

	for (int i = 0; i < PAGES; i++) {
		struct http h;
		int64_t before = stack_executed();
		struct json_object *first;

		is_int(page(tok, attempt, &h), 200, "questions page %d", i);
		first = json_object_array_get_idx(json_get(h.json, "results"), 0);
		is_int(json_int(h.json, "count"), 2, "counts the attempt's two questions");
		is_int(json_object_get_int64(json_object_array_get_idx(json_get(first, "selected_answers"), 0)), right[0],
		       "shows the first answer as saved");
		http_free(&h);
		two += stack_executed() - before == 2;
	}
	is_int(two, PAGES, "every page was two statements, on either worker");
}

/* What the known statements cannot settle: the full path answers. */
static void fallbacks(void)
{
	struct http h;

	is_int(page(other_tok, attempt, &h), 403, "another learner may not read the attempt's questions");
	http_free(&h);
	stack_sql("UPDATE attempts SET time_used_ms = 3600000 + 60000 WHERE id = %lld", (long long)attempt);
	is_int(page(tok, attempt, &h), 400, "past the hour (and its grace) the page is refused");
	ok(strstr(h.body ? h.body : "", "ended") != NULL, "the attempt has ended: %s", h.body ? h.body : "");
	http_free(&h);
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", (long long)attempt), "completed",
	       "ended by the full path, graded");
}

/* An end whose attempt has more records than its start counted (a count
 * the end sizes its read by) still grades every one of them.  (An attempt
 * whose records exist: one started before 014, as stack_legacy_attempt
 * makes it; a start now makes none, and reserves exactly as many ids as it
 * counts.) */
static void undercounted_end(void)
{
	struct http h;
	char path[96];
	int64_t three = stack_legacy_attempt(tp_started(other_tok, "sk-three"), 1);

	stack_sql("UPDATE attempts SET answer_count = 1 WHERE id = %lld", (long long)three);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)three);
	http_json("PUT", path, jwt_header(other_tok), NULL, &h);
	is_int(h.status, 200, "an attempt counted short ends");
	http_free(&h);
	is_int(sql_int("SELECT JSON_LENGTH(answers) FROM attempt_grades WHERE attempt_id = %lld", (long long)three), 3,
	       "and its grades hold all three answers");
}

/* A review of an attempt whose time ran out unended: the open ends it, and
 * the review shows the grades that end wrote (not the read before it). */
static void review_ended_by_open(void)
{
	struct http h;
	char path[128], body[64];
	struct json_object *first;
	int64_t q0, opt;

	if (page(other_tok, other, &h) != 200)
		bail("cannot read the other learner's page");
	first = json_object_array_get_idx(json_get(h.json, "results"), 0);
	q0 = json_int(first, "id");
	opt = json_int(json_object_array_get_idx(json_get(json_get(first, "question"), "answers"), 0), "id");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)other, (long long)q0);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)opt);
	http_json("PUT", path, jwt_header(other_tok), body, &h);
	is_int(h.status, 200, "the other learner answers the first question");
	http_free(&h);
	stack_sql("UPDATE attempts SET time_used_ms = 3600000 + 60000 WHERE id = %lld", (long long)other);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)other);
	http_get(path, jwt_header(other_tok), &h);
	is_int(h.status, 200, "past its time, the review ends the attempt and shows it");
	first = json_object_array_get_idx(json_get(h.json, "results"), 0);
	is_str(json_object_get_string(json_get(first, "result")), "correct", "with the grade its end gave");
	http_free(&h);
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", (long long)other), "completed", "ended");
}

/* Lines of the pool's log (debug level) that say what happened to a token of user. */
static int log_lines(const char *what, int64_t user)
{
	return atoi(shell_line("grep -cE 'auth: %s %lld( |$)' '%s/log/invigil.log' || true", what, (long long)user,
	                       need_env("INVIGIL_STACK_DIR")));
}

/* Sets the workers' configuration key to value (sed on the stack's ini), and
 * starts the pool again so that every worker reads it. */
static void pool_config(const char *key, const char *value)
{
	shell_line("sed -i 's|^%s = .*|%s = %s|' '%s/invigil.ini'", key, key, value, need_env("INVIGIL_STACK_DIR"));
	stack_kill_workers_settled();
}

/* A token one worker verified is taken from the pool's shared checks by the
 * other, not verified again; after the signing key changes, its shared
 * facts no longer match and the old token is refused. */
static void shared_tokens(void)
{
	int64_t user = sql_int("SELECT id FROM users WHERE username = 'learner42'");
	char *t;
	int ok_calls = 0;

	pool_config("log_level", "debug");
	if ((t = login(NULL, "learner42", "demo")) == NULL)
		bail("cannot log in as learner42");
	for (int i = 0; i < 8; i++) {
		struct http h;

		http_get("/api/v2.2/exams/", jwt_header(t), &h);
		ok_calls += h.status == 200;
		http_free(&h);
	}
	is_int(ok_calls, 8, "eight requests with one token, both workers taking some");
	is_int(log_lines("verified the signature of a token of user", user), 1,
	       "the token's signature is verified once in the pool");
	ok(log_lines("a token of user", user) >= 1, "and the other worker takes it from the pool's checks (%d)",
	   log_lines("a token of user", user));
	pool_config("jwt_secret", "another-secret-for-the-rotation-test-0123456789");
	{
		struct http h;
		char *fresh;

		http_get("/api/v2.2/exams/", jwt_header(t), &h);
		is_int(h.status, 401, "after the key changes, the token the pool had verified is refused");
		http_free(&h);
		if ((fresh = login(NULL, "learner42", "demo")) == NULL)
			bail("cannot log in after the key change");
		http_get("/api/v2.2/exams/", jwt_header(fresh), &h);
		is_int(h.status, 200, "and a token signed with the new key is taken");
		http_free(&h);
		free(fresh);
	}
	free(t);
}

int main(void)
{
	setup();
	unanswered_pages();
	saves();
	pages();
	fallbacks();
	undercounted_end();
	review_ended_by_open();
	shared_tokens(); /* last: it changes the pool's key */
	return done_testing();
}
