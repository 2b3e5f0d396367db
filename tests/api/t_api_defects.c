/* API tests: the defects of issue 10, each proven fixed on the live stack —
 * write amplification and half-saved batches (Canvas answers), paging
 * overflow, unchecked lengths, tokens that outlive their users, and two
 * completes at once. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

static int64_t course, quiz;

static const char *bearer(const char *token)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "Bearer %s", token);
	return buf;
}

static long call(const char *method, const char *path, const char *token, const char *json, struct http *h)
{
	http_json(method, path, bearer(token), json, h);
	return h->status;
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v ? json_object_get_int64(v) : -999;
}

struct sub {
	int64_t id, attempt, uid;
	char token[65];
};

static long start(const char *tok, struct sub *s)
{
	char path[160];
	struct http h;
	long st;

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)course, (long long)quiz);
	st = call("POST", path, tok, "{}", &h);
	if (st == 200) {
		struct json_object *q = json_object_array_get_idx(json_get(h.json, "quiz_submissions"), 0);

		s->id = jint(q, "id");
		s->attempt = jint(q, "attempt");
		s->uid = jint(q, "user_id");
		snprintf(s->token, sizeof(s->token), "%s", json_str(q, "validation_token") ? json_str(q, "validation_token") : "");
	}
	http_free(&h);
	return st;
}

/* POST quiz_questions of submission s; items is the JSON list. */
static long answer(const char *tok, const struct sub *s, const char *items, struct http *h)
{
	char path[120];
	size_t n = strlen(items) + 200;
	char *body = malloc(n);
	long st;

	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)s->id);
	snprintf(body, n, "{\"attempt\":%lld,\"validation_token\":\"%s\",\"quiz_questions\":%s}", (long long)s->attempt,
	         s->token, items);
	st = call("POST", path, tok, body, h);
	free(body);
	return st;
}

/* The first question (single choice) and its first option, via the questions list. */
static void first_question(const char *tok, const struct sub *s, int64_t *qid, int64_t *opt)
{
	char path[160];
	struct http h;
	struct json_object *q;

	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question", (long long)s->id);
	call("GET", path, tok, NULL, &h);
	q = json_object_array_get_idx(json_get(h.json, "quiz_submission_questions"), 0);
	*qid = jint(q, "id");
	*opt = jint(json_object_array_get_idx(json_get(json_get(q, "quiz_question"), "answers"), 0), "id");
	http_free(&h);
}

static void test_batches(const char *tok)
{
	struct sub s;
	struct http h;
	int64_t qid, opt;
	char one[100], *many = malloc(300 * 100 + 10);
	char q[300];

	is_int(start(tok, &s), 200, "a learner starts the quiz");
	first_question(tok, &s, &qid, &opt);
	snprintf(one, sizeof(one), "{\"id\":%lld,\"answer\":%lld}", (long long)qid, (long long)opt);
	strcpy(many, "[");
	for (int i = 0; i < 300; i++)
		strcat(strcat(many, i ? "," : ""), one);
	strcat(many, "]");
	is_int(answer(tok, &s, many, &h), 400, "300 copies of one answer: 400");
	http_free(&h);
	snprintf(many, 300 * 100, "[%s,{\"id\":999999,\"answer\":1}]", one);
	is_int(answer(tok, &s, many, &h), 400, "a good item and an unknown one: 400");
	http_free(&h);
	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM answer_events WHERE attempt_id IN "
	                       "(SELECT id FROM attempts WHERE user_id = %lld)", (long long)s.uid);
	is_str(stack_sql("%s", q), "0", "nothing of either was saved or logged");
	snprintf(many, 300 * 100, "[%s]", one);
	is_int(answer(tok, &s, many, &h), 200, "the good item alone: 200");
	http_free(&h);
	is_str(stack_sql("%s", q), "1", "one event for one item");
	snprintf(q, sizeof(q), "SELECT MAX(LENGTH(payload)) < 100 FROM answer_events WHERE attempt_id IN "
	                       "(SELECT id FROM attempts WHERE user_id = %lld)", (long long)s.uid);
	is_str(stack_sql("%s", q), "1", "holding that item's own answer, not the whole body");
	free(many);
}

static void test_paging(const char *ins)
{
	char path[200];
	struct http h;

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions?page=4611686018427387904",
	         (long long)course, (long long)quiz);
	is_int(call("GET", path, ins, NULL, &h), 400, "a page number that would overflow: 400, not page 1");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes?page=abc", (long long)course);
	is_int(call("GET", path, ins, NULL, &h), 400, "a page that is not a number: 400");
	http_free(&h);
	is_int(call("GET", "/api/v1/assessments?page=4611686018427387904", ins, NULL, &h), 400,
	       "the assessments face bounds it too");
	http_free(&h);
}

/* A body of n copies of c inside a JSON string. */
static char *filled(size_t n, char c)
{
	char *s = malloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_lengths(const char *ins, const char *learner)
{
	struct http h;
	char *big = filled(70000, 'x'), *slashes = filled(65000, '/'), *body = malloc(140000), aid[64] = "";
	struct sub s;
	char path[200];
	int64_t qid, opt;

	/* a grader's comment over its TEXT column */
	is_int(start(learner, &s), 200, "a learner starts");
	first_question(learner, &s, &qid, &opt);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete", (long long)course,
	         (long long)quiz, (long long)s.id);
	snprintf(body, 140000, "{\"attempt\":%lld,\"validation_token\":\"%s\"}", (long long)s.attempt, s.token);
	is_int(call("POST", path, learner, body, &h), 200, "and completes");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld", (long long)course,
	         (long long)quiz, (long long)s.id);
	snprintf(body, 140000, "{\"quiz_submissions\":[{\"attempt\":%lld,\"questions\":{\"%lld\":{\"comment\":\"%s\"}}}]}",
	         (long long)s.attempt, (long long)qid, big);
	is_int(call("PUT", path, ins, body, &h), 400, "a 70,000-byte grader comment: 400, not 500");
	ok(h.body && strstr(h.body, "longer than"), "saying it is too long");
	http_free(&h);
	snprintf(body, 140000, "{\"quiz_submissions\":[{\"attempt\":%lld,\"questions\":{\"%lld\":{\"comment\":\"fine\"}}}]}",
	         (long long)s.attempt, (long long)qid);
	is_int(call("PUT", path, ins, body, &h), 200, "a short comment is stored");
	http_free(&h);

	/* authoring: lengths named by field */
	snprintf(body, 140000, "{\"course_id\":%lld,\"title\":\"Lengths\",\"passing_score\":50}", (long long)course);
	is_int(call("POST", "/api/v1/assessments", ins, body, &h), 201, "an assessment");
	snprintf(aid, sizeof(aid), "%s", json_str(h.json, "id") ? json_str(h.json, "id") : "");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/assessments/%s/questions", aid);
	snprintf(body, 140000, "{\"type\":\"single_choice\",\"text\":\"Q\",\"options\":[{\"text\":\"%s\",\"correct\":true},"
	                       "{\"text\":\"b\"}]}", big);
	is_int(call("POST", path, ins, body, &h), 400, "an option text over 64 KiB: 400");
	ok(h.body && strstr(h.body, "options[0].text"), "naming the field");
	http_free(&h);
	big[200] = '\0';
	snprintf(body, 140000, "{\"type\":\"essay\",\"text\":\"Q\",\"subject\":\"%s\"}", big);
	is_int(call("POST", path, ins, body, &h), 400, "a 200-character subject: 400");
	ok(h.body && strstr(h.body, "subject"), "naming the field");
	http_free(&h);
	is_int(call("POST", path, ins, "{\"type\":\"essay\",\"text\":\"Discuss.\"}", &h), 201, "an essay question");
	{
		int64_t essay = jint(json_object_array_get_idx(json_get(h.json, "questions"), 0), "id");

		http_free(&h);
		snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions", aid);
		snprintf(body, 140000, "{\"answers\":[{\"question_id\":%lld,\"text\":\"%s\"}]}", (long long)essay, slashes);
		is_int(call("POST", path, learner, body, &h), 201, "an essay of 65,000 slashes is stored (its log entry is bounded)");
		http_free(&h);
	}
	free(big);
	free(slashes);
	free(body);
}

static void test_tokens(void)
{
	struct http h;
	char *tok;

	shell_line("printf '' | \"%s\" user add gone1 --role admin >/dev/null 2>&1", need_env("INVIGIL_BIN"));
	tok = strdup(shell_line("\"%s\" token gone1 2>/dev/null", need_env("INVIGIL_BIN")));
	ok(strlen(tok) > 20, "a token for a new admin");
	stack_sql("DELETE FROM users WHERE username = 'gone1'");
	http_get("/api/v2.2/exams/", jwt_header(tok), &h);
	is_int(h.status, 401, "the admin is deleted: the token is refused (401)");
	http_free(&h);
	/* and stays refused: a worker that refused it once must not have kept it
	 * as checked (it did, and served it for up to 30 s) */
	{
		int accepted = 0;

		for (int i = 0; i < 24; i++) {
			http_get("/api/v2.2/exams/", jwt_header(tok), &h);
			accepted += h.status != 401;
			http_free(&h);
		}
		is_int(accepted, 0, "24 more requests with the deleted admin's token: every one 401, on every worker");
	}
	free(tok);

	/* a user check one worker made holds for every worker of the pool for
	 * AUTH_USER_RECHECK_S (the shared stamps, src/util/stamps.c): the pool
	 * reads a learner's user once per period, not once per worker */
	shell_line("printf '' | \"%s\" user add shared1 --role learner >/dev/null 2>&1", need_env("INVIGIL_BIN"));
	tok = strdup(shell_line("\"%s\" token shared1 2>/dev/null", need_env("INVIGIL_BIN")));
	http_get("/api/v2.2/exams/", jwt_header(tok), &h);
	is_int(h.status, 200, "a new learner's token is taken, and its user found by one worker");
	http_free(&h);
	stack_sql("DELETE FROM users WHERE username = 'shared1'");
	{
		int accepted = 0;

		for (int i = 0; i < 24; i++) {
			http_get("/api/v2.2/exams/", jwt_header(tok), &h);
			accepted += h.status == 200;
			http_free(&h);
		}
		is_int(accepted, 24, "24 more requests within the period: every worker takes the check another made "
		                     "(the user, deleted by hand since, is found gone at the next check)");
	}
	free(tok);

	shell_line("printf '' | \"%s\" user add demoted1 --role admin >/dev/null 2>&1", need_env("INVIGIL_BIN"));
	tok = strdup(shell_line("\"%s\" token demoted1 2>/dev/null", need_env("INVIGIL_BIN")));
	shell_line("printf '' | \"%s\" user add demoted1 --role learner >/dev/null 2>&1", need_env("INVIGIL_BIN"));
	http_get("/api/v2.2/exams/", jwt_header(tok), &h);
	is_int(h.status, 401, "an admin made a learner: the admin token is refused (401)");
	http_free(&h);
	free(tok);
}

/* Two completes of one submission at the same moment: one 200, one 400. */
static void test_double_complete(const char *tok)
{
	struct sub s;
	char path[200], body[200];
	int go[2], status, wins = 0, losses = 0;
	pid_t pid;

	is_int(start(tok, &s), 200, "a learner starts");
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete", (long long)course,
	         (long long)quiz, (long long)s.id);
	snprintf(body, sizeof(body), "{\"attempt\":%lld,\"validation_token\":\"%s\"}", (long long)s.attempt, s.token);
	if (pipe(go) != 0)
		bail("pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct http h;
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		call("POST", path, tok, body, &h);
		_exit(h.status == 200 ? 0 : h.status == 400 ? 1 : 2);
	}
	close(go[0]);
	{
		struct http h;

		if (write(go[1], "g", 1) != 1)
			bail("write");
		call("POST", path, tok, body, &h);
		wins += h.status == 200;
		losses += h.status == 400;
		http_free(&h);
	}
	waitpid(pid, &status, 0);
	wins += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	losses += WIFEXITED(status) && WEXITSTATUS(status) == 1;
	is_int(wins, 1, "exactly one complete is 200");
	is_int(losses, 1, "the other is 400 (already complete)");
	close(go[1]);
}

int main(void)
{
	struct http h;
	char *l40, *l41, *l42, *ins, cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/cv-course.json\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	l40 = login(NULL, "learner40", "demo");
	l41 = login(NULL, "learner41", "demo");
	l42 = login(NULL, "learner42", "demo");
	ins = login(NULL, "instructor", "demo");
	if (!l40 || !l41 || !l42 || !ins)
		bail("cannot log in");
	http_get("/api/v2.2/exams/cv-main/", jwt_header(ins), &h);
	quiz = jint(h.json, "id");
	http_free(&h);
	course = atoll(stack_sql("SELECT id FROM courses WHERE slug = 'cv-test'"));
	ok(course > 0 && quiz > 0, "the test course and quiz");
	test_batches(l40);
	test_paging(ins);
	test_lengths(ins, l41);
	test_tokens();
	test_double_complete(l42);
	free(l40);
	free(l41);
	free(l42);
	free(ins);
	return done_testing();
}
