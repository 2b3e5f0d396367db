/* API tests: the Canvas classic quizzes face, in both body encodings. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

static char *l40, *l41, *l42, *l43, *l44, *l45, *ins;
static int64_t course;

static const char *bearer(const char *token)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "Bearer %s", token);
	return buf;
}

static long req(const char *method, const char *path, const char *token, const char *json, struct http *h)
{
	struct http_req rq = {.method = method, .path = path, .auth = bearer(token), .body = json, .body_len = -1,
	                      .content_type = json ? "application/json" : NULL};

	http_do(&rq, h);
	return h->status;
}

static long form(const char *method, const char *path, const char *token, const char *body, struct http *h)
{
	struct http_req rq = {.method = method, .path = path, .auth = bearer(token), .body = body, .body_len = -1,
	                      .content_type = "application/x-www-form-urlencoded"};

	http_do(&rq, h);
	return h->status;
}

static const char *err_msg(struct http *h)
{
	struct json_object *e = json_object_array_get_idx(json_get(h->json, "errors"), 0);

	return e ? json_str(e, "message") : "(none)";
}

static struct json_object *first_sub(struct http *h)
{
	return json_object_array_get_idx(json_get(h->json, "quiz_submissions"), 0);
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v ? json_object_get_int64(v) : -999;
}

static double jnum(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v ? json_object_get_double(v) : -999.0;
}

/* The user id of token's holder, from their submission to quiz. */
static int64_t my_user_id(int64_t quiz, const char *token)
{
	char path[160];
	struct http me;
	int64_t uid;

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submission", (long long)course, (long long)quiz);
	req("GET", path, token, NULL, &me);
	uid = jint(first_sub(&me), "user_id");
	http_free(&me);
	return uid;
}

/* The quiz id of an exam slug (the Testpress face shows exam ids). */
static int64_t quiz_id(const char *slug)
{
	struct http h;
	char path[160];
	int64_t id;

	snprintf(path, sizeof(path), "/api/v2.2/exams/%s/", slug);
	http_get(path, jwt_header(ins), &h);
	id = jint(h.json, "id");
	if (course == 0)
		course = 0; /* set by main from the quiz list */
	http_free(&h);
	return id;
}

struct sub {
	int64_t id, attempt;
	char token[65];
};

static long start(int64_t quiz, const char *tok, const char *body, struct sub *s, struct http *h)
{
	char path[160];
	long st;

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)course, (long long)quiz);
	st = req("POST", path, tok, body, h);
	if (st == 200 && s != NULL) {
		struct json_object *q = first_sub(h);

		s->id = jint(q, "id");
		s->attempt = jint(q, "attempt");
		snprintf(s->token, sizeof(s->token), "%s", json_str(q, "validation_token") ? json_str(q, "validation_token") : "");
	}
	return st;
}

static long complete(int64_t quiz, const char *tok, const struct sub *s, struct http *h)
{
	char path[200], body[200];

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete", (long long)course,
	         (long long)quiz, (long long)s->id);
	snprintf(body, sizeof(body), "{\"attempt\":%lld,\"validation_token\":\"%s\"}", (long long)s->attempt, s->token);
	return req("POST", path, tok, body, h);
}

/* Question ids and their first / second answer ids, in quiz order. */
static void questions(const struct sub *s, const char *tok, int64_t *qid, int64_t *a0, int64_t *a1, int max)
{
	struct http h;
	char path[160];
	struct json_object *arr;

	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question", (long long)s->id);
	req("GET", path, tok, NULL, &h);
	arr = json_get(h.json, "quiz_submission_questions");
	for (int i = 0; arr && i < (int)json_object_array_length(arr) && i < max; i++) {
		struct json_object *q = json_object_array_get_idx(arr, (size_t)i), *ans;

		qid[i] = jint(q, "id");
		ans = json_get(json_get(q, "quiz_question"), "answers");
		a0[i] = ans && json_object_array_length(ans) > 0 ? jint(json_object_array_get_idx(ans, 0), "id") : 0;
		a1[i] = ans && json_object_array_length(ans) > 1 ? jint(json_object_array_get_idx(ans, 1), "id") : 0;
	}
	http_free(&h);
}

static void whole_flow_json(int64_t quiz)
{
	struct http h;
	struct sub s;
	int64_t q[5], a0[5], a1[5];
	char path[200], body[2000], *big;

	is_int(start(quiz, l40, NULL, &s, &h), 200, "start a quiz submission with an empty body");
	is_int(strlen(s.token), 64, "a 64-character validation_token");
	is_int(s.attempt, 1, "attempt 1");
	is_int(jint(first_sub(&h), "course_id"), course, "course_id in the submission");
	ok(json_str(first_sub(&h), "end_at") != NULL, "end_at set (ten-minute limit)");
	http_free(&h);
	is_int(start(quiz, l40, NULL, NULL, &h), 409, "a second start while in progress: 409");
	ok(h.body && strstr(h.body, "\"errors\""), "errors envelope");
	http_free(&h);
	questions(&s, l40, q, a0, a1, 5);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)s.id);
	snprintf(body, sizeof(body),
	         "{\"attempt\":1,\"validation_token\":\"%s\",\"quiz_questions\":["
	         "{\"id\":%lld,\"answer\":%lld},{\"id\":%lld,\"answer\":[%lld,%lld]},{\"id\":%lld,\"answer\":\"3.141\"},"
	         "{\"id\":%lld,\"answer\":\"paris\"},{\"id\":%lld,\"answer\":\"<p>Because.</p>\"}]}",
	         s.token, (long long)q[0], (long long)a0[0], (long long)q[1], (long long)a0[1],
	         (long long)(a0[1] + 2) /* "4": options are numbered in order */, (long long)q[2], (long long)q[3], (long long)q[4]);
	is_int(req("POST", path, l40, body, &h), 200, "answer every question type (JSON)");
	is_int((int64_t)json_object_array_length(json_get(h.json, "quiz_submission_questions")), 5, "five answered");
	http_free(&h);
	/* typed errors */
	snprintf(body, sizeof(body), "{\"attempt\":1,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":123}]}",
	         s.token, (long long)q[0]);
	is_int(req("POST", path, l40, body, &h), 400, "an unknown answer id: 400");
	is_str(err_msg(&h), "Unknown answer '123'", "Unknown answer '123'");
	http_free(&h);
	snprintf(body, sizeof(body), "{\"attempt\":1,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":\"abc\"}]}",
	         s.token, (long long)q[2]);
	is_int(req("POST", path, l40, body, &h), 400, "a numeric answer that is no number: 400");
	is_str(err_msg(&h), "Parameter must be a valid decimal.", "Parameter must be a valid decimal.");
	http_free(&h);
	big = malloc(20000);
	memset(big, 'x', 17000);
	big[17000] = '\0';
	{
		char *b = malloc(18000);

		snprintf(b, 18000, "{\"attempt\":1,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":\"%s\"}]}",
		         s.token, (long long)q[4], big);
		is_int(req("POST", path, l40, b, &h), 400, "an essay over 16 KB: 400");
		is_str(err_msg(&h), "Text is too long.", "Text is too long.");
		http_free(&h);
		free(b);
	}
	free(big);
	snprintf(body, sizeof(body), "{\"attempt\":1,\"validation_token\":\"%064d\",\"quiz_questions\":[]}", 0);
	is_int(req("POST", path, l40, body, &h), 403, "a stale validation token: 403");
	http_free(&h);
	snprintf(body, sizeof(body), "{\"attempt\":2,\"validation_token\":\"%s\",\"quiz_questions\":[]}", s.token);
	is_int(req("POST", path, l40, body, &h), 400, "a stale attempt: 400");
	http_free(&h);
	is_int(req("POST", path, l41, body, &h), 404, "another learner's submission: 404");
	http_free(&h);
	/* flag, time */
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions/%lld/flag", (long long)s.id, (long long)q[0]);
	snprintf(body, sizeof(body), "{\"attempt\":1,\"validation_token\":\"%s\"}", s.token);
	is_int(req("PUT", path, l40, body, &h), 200, "flag a question: 200");
	is_int(json_object_get_boolean(json_get(json_object_array_get_idx(json_get(h.json, "quiz_submission_questions"), 0),
	                                        "flagged")), 1, "the answer says flagged");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)s.id);
	req("GET", path, l40, NULL, &h);
	is_int(json_object_get_boolean(json_get(json_object_array_get_idx(json_get(h.json, "quiz_submission_questions"), 0),
	                                        "flagged")), 1, "it is flagged");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/time", (long long)course,
	         (long long)quiz, (long long)s.id);
	req("GET", path, l40, NULL, &h);
	ok(jint(h.json, "time_left") > 500 && jint(h.json, "time_left") <= 600, "time_left in seconds (%lld)",
	   (long long)jint(h.json, "time_left"));
	http_free(&h);
	/* complete: pending review (the essay) */
	is_int(complete(quiz, l40, &s, &h), 200, "complete");
	is_str(json_str(first_sub(&h), "workflow_state"), "pending_review", "pending_review: an essay to score");
	ok(jnum(first_sub(&h), "score") == 5.0, "score 5 of 10 before the essay");
	http_free(&h);
	is_int(complete(quiz, l40, &s, &h), 400, "completing twice: 400");
	http_free(&h);
	/* manual scoring */
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld", (long long)course,
	         (long long)quiz, (long long)s.id);
	snprintf(body, sizeof(body), "{\"quiz_submissions\":[{\"attempt\":1,\"questions\":{\"%lld\":{\"score\":4,\"comment\":\"Good\"}}}]}",
	         (long long)q[4]);
	is_int(req("PUT", path, l40, body, &h), 403, "a learner cannot score: 403");
	http_free(&h);
	is_int(req("PUT", path, ins, body, &h), 200, "the teacher scores the essay 4");
	is_str(json_str(first_sub(&h), "workflow_state"), "complete", "complete once no essay is left");
	ok(jnum(first_sub(&h), "score") == 9.0, "score 9");
	http_free(&h);
	snprintf(body, sizeof(body), "quiz_submissions[][attempt]=1&quiz_submissions[][fudge_points]=-1.5");
	is_int(form("PUT", path, ins, body, &h), 200, "fudge points (form body)");
	ok(jnum(first_sub(&h), "score") == 7.5, "score 7.5");
	ok(jnum(first_sub(&h), "fudge_points") == -1.5, "fudge_points -1.5");
	ok(jnum(first_sub(&h), "kept_score") == 7.5, "kept_score follows");
	http_free(&h);
	is_int(req("PUT", path, ins, "{\"quiz_submissions\":[{\"attempt\":9}]}", &h), 400, "a wrong attempt: 400");
	http_free(&h);
	/* retake: same submission, attempt 2; then no attempts left; an extension adds one */
	is_int(start(quiz, l40, NULL, &s, &h), 200, "a retake");
	is_int(s.attempt, 2, "attempt 2");
	http_free(&h);
	is_int(complete(quiz, l40, &s, &h), 200, "complete attempt 2 (empty)");
	ok(jnum(first_sub(&h), "kept_score") == 7.5, "keep_highest keeps 7.5");
	http_free(&h);
	is_int(start(quiz, l40, NULL, NULL, &h), 409, "no attempts left: 409");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/extensions", (long long)course, (long long)quiz);
	{
		int64_t uid = my_user_id(quiz, l40);

		snprintf(body, sizeof(body), "quiz_extensions[][user_id]=%lld&quiz_extensions[][extra_attempts]=1", (long long)uid);
		is_int(form("POST", path, l40, body, &h), 403, "a learner cannot grant extensions");
		http_free(&h);
		is_int(form("POST", path, ins, body, &h), 200, "an extension of one attempt (form body)");
		http_free(&h);
		snprintf(body, sizeof(body), "{\"quiz_extensions\":[{\"user_id\":%lld,\"extra_attempts\":1001}]}", (long long)uid);
		is_int(req("POST", path, ins, body, &h), 400, "extra_attempts over 1000: 400");
		http_free(&h);
		/* a list with one refused item stores none of it: extra_attempts stays 1 */
		snprintf(body, sizeof(body), "{\"quiz_extensions\":[{\"user_id\":%lld,\"extra_attempts\":5},{\"user_id\":999999999}]}",
		         (long long)uid);
		is_int(req("POST", path, ins, body, &h), 400, "a list with a stranger: 400");
		ok(h.body != NULL && strstr(h.body, "quiz_extensions[1]") != NULL,
		   "the error names the refused item");
		http_free(&h);
	}
	is_int(start(quiz, l40, NULL, &s, &h), 200, "the extra attempt");
	is_int(s.attempt, 3, "attempt 3");
	is_int(jint(first_sub(&h), "extra_attempts"), 1, "extra_attempts shown");
	http_free(&h);
	/* an extension reaches the running attempt: its time now ends 30 minutes from now */
	{
		struct http me;
		int64_t uid = my_user_id(quiz, l40);

		snprintf(body, sizeof(body), "{\"quiz_extensions\":[{\"user_id\":%lld,\"extend_from_now\":30}]}", (long long)uid);
		is_int(req("POST", path, ins, body, &me), 200, "extend_from_now 30 for the running attempt");
		ok(json_str(json_object_array_get_idx(json_get(me.json, "quiz_extensions"), 0), "end_at") != NULL,
		   "the extension shows the attempt's new end_at");
		http_free(&me);
		snprintf(body, sizeof(body), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/time", (long long)course,
		         (long long)quiz, (long long)s.id);
		req("GET", body, l40, NULL, &me);
		ok(jint(me.json, "time_left") > 1700 && jint(me.json, "time_left") <= 1800,
		   "time_left is now about 30 minutes (%lld s)", (long long)jint(me.json, "time_left"));
		http_free(&me);
	}
	is_int(complete(quiz, l40, &s, &h), 200, "complete attempt 3");
	http_free(&h);
}

static void form_flow(int64_t quiz)
{
	struct http h;
	struct sub s;
	int64_t q[5], a0[5], a1[5];
	char path[200], body[800];

	is_int(start(quiz, l41, NULL, &s, &h), 200, "learner41 starts");
	http_free(&h);
	questions(&s, l41, q, a0, a1, 5);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)s.id);
	snprintf(body, sizeof(body),
	         "attempt=1&validation_token=%s&quiz_questions[][id]=%lld&quiz_questions[][answer]=%lld"
	         "&quiz_questions[][id]=%lld&quiz_questions[][answer][]=%lld&quiz_questions[][answer][]=%lld",
	         s.token, (long long)q[0], (long long)a1[0], (long long)q[1], (long long)a0[1], (long long)a1[1]);
	is_int(form("POST", path, l41, body, &h), 200, "answers as a Rails-style form body");
	{
		struct json_object *arr = json_get(h.json, "quiz_submission_questions");

		is_int(jint(json_object_array_get_idx(arr, 0), "answer"), a1[0], "single answer id kept");
		is_int((int64_t)json_object_array_length(json_get(json_object_array_get_idx(arr, 1), "answer")), 2, "answer[] list kept");
	}
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete", (long long)course,
	         (long long)quiz, (long long)s.id);
	snprintf(body, sizeof(body), "attempt=1&validation_token=%s", s.token);
	is_int(form("POST", path, l41, body, &h), 200, "complete with a form body");
	ok(jnum(first_sub(&h), "score") == 0.0, "both wrong: 0");
	http_free(&h);
	/* listing: a teacher sees both, a learner their own; include[] */
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions?include[]=user&include[]=quiz&include[]=submission",
	         (long long)course, (long long)quiz);
	is_int(req("GET", path, ins, NULL, &h), 200, "the teacher lists submissions");
	is_int((int64_t)json_object_array_length(json_get(h.json, "quiz_submissions")), 2, "two of them");
	is_str(json_str(json_get(h.json, "meta"), "primaryCollection"), "quiz_submissions", "meta.primaryCollection");
	ok(json_get(h.json, "users") && json_get(h.json, "quizzes") && json_get(h.json, "submissions"), "users, quizzes, submissions");
	http_free(&h);
	req("GET", path, l41, NULL, &h);
	is_int((int64_t)json_object_array_length(json_get(h.json, "quiz_submissions")), 1, "a learner sees their own only");
	http_free(&h);
}

static void gates(void)
{
	struct http h;
	int64_t code = quiz_id("cv-code"), ip = quiz_id("cv-ip"), locked = quiz_id("cv-locked");

	is_int(start(locked, l43, NULL, NULL, &h), 400, "a locked quiz: 400");
	http_free(&h);

	is_int(start(code, l43, "{\"access_code\":\"nope\"}", NULL, &h), 403, "a wrong access code: 403");
	http_free(&h);
	is_int(start(code, l43, "{\"access_code\":\"secret\"}", NULL, &h), 200, "the right access code: 200");
	{
		int64_t uid = jint(first_sub(&h), "user_id");
		char path[160], body[160];
		struct http x;

		http_free(&h);
		/* a manual unlock lets one learner into a locked quiz, with an uncut clock */
		snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/extensions", (long long)course, (long long)locked);
		snprintf(body, sizeof(body), "{\"quiz_extensions\":[{\"user_id\":%lld,\"manually_unlocked\":true}]}", (long long)uid);
		is_int(req("POST", path, ins, body, &x), 200, "the teacher unlocks the locked quiz for learner43");
		http_free(&x);
		is_int(start(locked, l43, NULL, NULL, &x), 200, "learner43 may start it");
		is_int(json_object_get_boolean(json_get(first_sub(&x), "overdue_and_needs_submission")), 0,
		       "and is not overdue at once (lock_at does not cut the clock)");
		is_int(json_object_get_boolean(json_get(first_sub(&x), "manually_unlocked")), 1, "manually_unlocked shown");
		http_free(&x);
	}
	is_int(start(ip, l43, NULL, NULL, &h), 403, "outside the IP filter: 403");
	is_str(err_msg(&h), "IP address denied", "IP address denied");
	http_free(&h);
	{
		char path[160];

		snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/questions", (long long)course, (long long)code);
		is_int(req("GET", path, l43, NULL, &h), 403, "quiz questions: teachers only");
		http_free(&h);
		is_int(req("GET", path, ins, NULL, &h), 200, "the teacher gets them");
		ok(h.body && strstr(h.body, "\"weight\":100"), "with weights");
		http_free(&h);
	}
	is_int(req("GET", "/api/v1/courses/999999/quizzes", l43, NULL, &h), 404, "unknown course: 404");
	ok(h.body && strstr(h.body, "\"errors\""), "in the errors envelope");
	http_free(&h);
	is_int(req("GET", "/api/v1/courses/1", "bad", NULL, &h), 401, "bad token: 401");
	ok(h.body && strstr(h.body, "\"errors\"") && http_header(&h, "WWW-Authenticate"), "errors envelope with WWW-Authenticate");
	http_free(&h);
}

static void overdue_and_policies(void)
{
	struct http h;
	struct sub s;
	int64_t shortq = quiz_id("cv-short"), latest = quiz_id("cv-latest"), avg = quiz_id("cv-avg");
	int64_t q[2], a0[2], a1[2];
	char path[200], body[300];

	is_int(start(shortq, l44, NULL, &s, &h), 200, "a two-second quiz");
	http_free(&h);
	questions(&s, l44, q, a0, a1, 1);
	sleep(3);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)s.id);
	snprintf(body, sizeof(body), "{\"attempt\":1,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":%lld}]}",
	         s.token, (long long)q[0], (long long)a0[0]);
	is_int(req("POST", path, l44, body, &h), 403, "answering when overdue: 403");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submission", (long long)course, (long long)shortq);
	req("GET", path, l44, NULL, &h);
	is_str(json_str(first_sub(&h), "workflow_state"), "complete", "graded when listed");
	http_free(&h);
	/* turning in an overdue submission grades it (200), as Canvas does */
	is_int(start(shortq, l44, NULL, &s, &h), 200, "a second two-second attempt");
	http_free(&h);
	sleep(3);
	is_int(complete(shortq, l44, &s, &h), 200, "completing it when overdue: 200");
	is_str(json_str(first_sub(&h), "workflow_state"), "complete", "graded");
	http_free(&h);

	/* keep_latest: right then wrong -> 0; keep_average: right then wrong -> 0.5 */
	for (int k = 0; k < 2; k++) {
		int64_t quiz = k == 0 ? latest : avg;

		for (int round = 0; round < 2; round++) {
			start(quiz, l45, NULL, &s, &h);
			http_free(&h);
			questions(&s, l45, q, a0, a1, 1);
			snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)s.id);
			snprintf(body, sizeof(body),
			         "{\"attempt\":%lld,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":%lld}]}",
			         (long long)s.attempt, s.token, (long long)q[0], (long long)(round == 0 ? a0[0] : a1[0]));
			req("POST", path, l45, body, &h);
			http_free(&h);
			complete(quiz, l45, &s, &h);
			if (round == 1) {
				double kept = jnum(first_sub(&h), "kept_score");

				ok(k == 0 ? kept == 0.0 : kept == 0.5, "%s: kept_score %.2f", k == 0 ? "keep_latest" : "keep_average", kept);
			}
			http_free(&h);
		}
	}
}

static void both_faces(int64_t quiz)
{
	struct http h;
	struct sub s;
	char path[200];
	int64_t attempt_id = 0;

	is_int(start(quiz, l42, NULL, &s, &h), 200, "learner42 starts through Canvas");
	http_free(&h);
	http_get("/api/v2.2/attempts/", jwt_header(l42), &h);
	attempt_id = jint(json_object_array_get_idx(json_get(h.json, "results"), 0), "id");
	is_str(json_str(json_object_array_get_idx(json_get(h.json, "results"), 0), "state"), "Running",
	       "the Testpress face sees it running");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt_id);
	http_get(path, jwt_header(l42), &h);
	{
		struct json_object *item = json_object_array_get_idx(json_get(h.json, "results"), 0);
		int64_t aq = jint(item, "id");
		int64_t opt = jint(json_object_array_get_idx(json_get(json_get(item, "question"), "answers"), 0), "id");
		char put[200], body[100];
		struct http p;

		snprintf(put, sizeof(put), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)attempt_id, (long long)aq);
		snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)opt);
		http_json("PUT", put, jwt_header(l42), body, &p);
		is_int(p.status, 200, "answered through Testpress");
		http_free(&p);
	}
	http_free(&h);
	is_int(complete(quiz, l42, &s, &h), 200, "completed through Canvas");
	ok(jnum(first_sub(&h), "score") == 1.0, "the Testpress answer scored 1");
	http_free(&h);
}

/* The courses of token's holder as GET /api/v1/courses lists them (query
 * q), with the status; *out holds the body until http_free. */
static long my_courses(const char *token, const char *q, struct http *h)
{
	char path[160];

	snprintf(path, sizeof(path), "/api/v1/courses%s", q);
	return req("GET", path, token, NULL, h);
}

/* The element of list arr whose course_code is code, or NULL. */
static struct json_object *by_code(struct json_object *arr, const char *code)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		const char *c = json_str(json_object_array_get_idx(arr, i), "course_code");

		if (c && strcmp(c, code) == 0)
			return json_object_array_get_idx(arr, i);
	}
	return NULL;
}

/* Are the ids of arr ascending? */
static bool ascending(struct json_object *arr)
{
	for (size_t i = 1; arr && i < json_object_array_length(arr); i++)
		if (jint(json_object_array_get_idx(arr, i - 1), "id") >= jint(json_object_array_get_idx(arr, i), "id"))
			return false;
	return true;
}

/* The one enrollment of course c: its type and role, NULL when c has not exactly one. */
static struct json_object *the_enrollment(struct json_object *c)
{
	struct json_object *e = json_get(c, "enrollments");

	return e && json_object_is_type(e, json_type_array) && json_object_array_length(e) == 1
	       ? json_object_array_get_idx(e, 0) : NULL;
}

/* GET /api/v1/courses: joined courses only (any role), an admin every one. */
static void course_list(int64_t main_quiz)
{
	char cmd[1024];
	struct http h, h2;
	struct json_object *c, *e;
	int64_t l40_id = my_user_id(main_quiz, l40), demo = 0, listed = 0;
	char *adm = login(NULL, "admin", "demo");

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/cv-courses.json\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"));
	ok(system(cmd) == 0, "a course learner40 is invited to, learner41 requested, the instructor created");
	ok(adm != NULL, "the admin logs in");

	/* a learner: the demo course and the test course, not the invitation */
	is_int(my_courses(l40, "", &h), 200, "GET /api/v1/courses as learner40");
	ok(json_object_is_type(h.json, json_type_array), "a bare JSON array");
	is_int(h.json ? (int64_t)json_object_array_length(h.json) : -1, 2, "two joined courses");
	ok(by_code(h.json, "cv-list") == NULL, "an invited enrollment is not listed");
	ok(ascending(h.json), "by id, ascending");
	c = by_code(h.json, "cv-test");
	is_int(jint(c, "id"), course, "the test course by its id");
	is_str(json_str(c, "name"), "Canvas face test course", "its name");
	is_str(json_str(c, "workflow_state"), "available", "workflow_state available");
	is_str(json_str(c, "public_description"), "", "public_description");
	is_int(c ? (int64_t)json_object_object_length(c) : -1, 6, "the Course's five keys and enrollments, no more");
	e = the_enrollment(c);
	ok(e != NULL, "one enrollment, the caller's");
	is_str(json_str(e, "type"), "student", "type student");
	is_str(json_str(e, "role"), "StudentEnrollment", "role StudentEnrollment");
	is_str(json_str(e, "enrollment_state"), "active", "enrollment_state active");
	is_int(jint(e, "user_id"), l40_id, "user_id the caller's");
	is_int(e ? (int64_t)json_object_object_length(e) : -1, 4, "four enrollment keys");
	ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "/api/v1/courses?page=1&per_page=10>; rel=\"current\""),
	   "a Link header");
	ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "rel=\"next\"") == NULL, "one page: no next");
	demo = jint(by_code(h.json, "demo-course"), "id");
	ok(demo > 0, "the demo course is learner40's too");
	http_free(&h);
	{
		char path[100];

		/* GET /courses/:id renders the same Course */
		snprintf(path, sizeof(path), "/api/v1/courses/%lld", (long long)course);
		req("GET", path, l40, NULL, &h2);
		my_courses(l40, "", &h);
		c = json_object_get(by_code(h.json, "cv-test"));
		json_object_object_del(c, "enrollments");
		ok(c != NULL && h2.json != NULL && json_object_equal(c, h2.json), "each item is the course's own Course");
		json_object_put(c);
		http_free(&h);
		http_free(&h2);
	}
	/* requested: not listed either */
	my_courses(l41, "?per_page=100", &h);
	ok(by_code(h.json, "cv-list") == NULL && by_code(h.json, "cv-test") != NULL, "a requested enrollment is not listed");
	http_free(&h);
	my_courses(l42, "", &h);
	ok(by_code(h.json, "cv-list") == NULL && by_code(h.json, "cv-test") != NULL, "payment_waiting is not listed");
	http_free(&h);

	/* the instructor: teacher in two, designer where they are creator */
	is_int(my_courses(ins, "", &h), 200, "GET /api/v1/courses as the instructor");
	is_int(h.json ? (int64_t)json_object_array_length(h.json) : -1, 3, "three courses");
	ok(ascending(h.json), "by id, ascending");
	e = the_enrollment(by_code(h.json, "cv-test"));
	is_str(json_str(e, "type"), "teacher", "instructor: type teacher");
	is_str(json_str(e, "role"), "TeacherEnrollment", "instructor: role TeacherEnrollment");
	e = the_enrollment(by_code(h.json, "cv-list"));
	is_str(json_str(e, "type"), "designer", "creator: type designer");
	is_str(json_str(e, "role"), "DesignerEnrollment", "creator: role DesignerEnrollment");
	listed = jint(by_code(h.json, "cv-list"), "id");
	http_free(&h);
	my_courses(l45, "", &h);
	e = the_enrollment(by_code(h.json, "cv-list"));
	is_str(json_str(e, "type"), "teacher", "manager: type teacher");
	is_str(json_str(e, "role"), "TeacherEnrollment", "manager: role TeacherEnrollment");
	e = the_enrollment(by_code(h.json, "cv-test"));
	is_str(json_str(e, "type"), "student", "learner45 a student in the test course");
	http_free(&h);

	/* the admin, in no course: every course, no enrollment */
	is_int(my_courses(adm, "?per_page=100", &h), 200, "GET /api/v1/courses as the admin");
	is_int(h.json ? (int64_t)json_object_array_length(h.json) : -1, 3, "every course");
	ok(by_code(h.json, "demo-course") && by_code(h.json, "cv-test") && by_code(h.json, "cv-list"), "the three of them");
	ok(ascending(h.json), "by id, ascending");
	c = by_code(h.json, "cv-list");
	is_int(jint(c, "id"), listed, "the same ids");
	e = json_get(c, "enrollments");
	ok(e && json_object_is_type(e, json_type_array) && json_object_array_length(e) == 0, "enrollments [] where not enrolled");
	http_free(&h);

	/* paging */
	is_int(my_courses(l40, "?per_page=1", &h), 200, "per_page=1");
	is_int(h.json ? (int64_t)json_object_array_length(h.json) : -1, 1, "one course on page 1");
	is_int(jint(json_object_array_get_idx(h.json, 0), "id"), demo < course ? demo : course, "the lower id first");
	ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "/api/v1/courses?page=2&per_page=1>; rel=\"next\""),
	   "Link rel=next to page 2");
	ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "/api/v1/courses?page=2&per_page=1>; rel=\"last\""),
	   "Link rel=last is page 2");
	http_free(&h);
	is_int(my_courses(l40, "?page=2&per_page=1", &h), 200, "page 2");
	is_int(jint(json_object_array_get_idx(h.json, 0), "id"), demo < course ? course : demo, "the higher id");
	ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "rel=\"next\"") == NULL &&
	   strstr(http_header(&h, "Link"), "/api/v1/courses?page=1&per_page=1>; rel=\"prev\""), "no next, prev to page 1");
	http_free(&h);
	is_int(my_courses(l40, "?page=3&per_page=1", &h), 200, "past the last page: 200");
	is_int(h.json ? (int64_t)json_object_array_length(h.json) : -1, 0, "an empty array");
	http_free(&h);
	is_int(my_courses(l40, "?per_page=1000", &h), 200, "per_page over 100 is clamped");
	ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "per_page=100>"), "to 100");
	http_free(&h);

	/* bad input, as the other lists answer it */
	is_int(my_courses(l40, "?page=0", &h), 400, "page=0: 400");
	ok(h.body && strstr(h.body, "\"errors\"") && strstr(err_msg(&h), "page"), "in the errors envelope, naming page");
	http_free(&h);
	is_int(my_courses(l40, "?per_page=ten", &h), 400, "per_page=ten: 400");
	ok(strstr(err_msg(&h), "per_page") != NULL, "naming per_page");
	http_free(&h);
	{
		static const char *const qs[] = {"?page=abc", "?page=-1", "?page=1000001", "?per_page=1.5", "?per_page=",
		                                 "?page=%zz", "?unknown=1", "?include[]=term", NULL};

		for (int i = 0; qs[i] != NULL; i++) {
			char path[160];

			snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes%s", (long long)course, qs[i]);
			req("GET", path, l40, NULL, &h2);
			my_courses(l40, qs[i], &h);
			ok(h.status == h2.status && (h.status == 200 || (h.body && h2.body && strcmp(h.body, h2.body) == 0)),
			   "%s: %ld as the quiz list answers (%ld)", qs[i], h.status, h2.status);
			http_free(&h);
			http_free(&h2);
		}
	}
	is_int(req("GET", "/api/v1/courses", l40, "{\"a\":1}", &h), 400, "a body: 400");
	ok(h.body && strstr(h.body, "\"errors\""), "in the errors envelope");
	http_free(&h);
	is_int(req("GET", "/api/v1/courses", "bad", NULL, &h), 401, "a bad token: 401");
	http_free(&h);
	free(adm);
}

int main(void)
{
	char cmd[1024];
	struct http h;
	int64_t main_quiz;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/cv-course.json\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	l40 = login(NULL, "learner40", "demo");
	l41 = login(NULL, "learner41", "demo");
	l42 = login(NULL, "learner42", "demo");
	l43 = login(NULL, "learner43", "demo");
	l44 = login(NULL, "learner44", "demo");
	l45 = login(NULL, "learner45", "demo");
	ins = login(NULL, "instructor", "demo");
	if (!l40 || !l41 || !l42 || !l43 || !l44 || !l45 || !ins)
		bail("cannot log in");
	/* the course id: from the assessments listing of the test course */
	{
		struct http_req rq = {.method = "GET", .path = "/api/v1/assessments?per_page=100", .auth = bearer(l43), .body_len = -1};
		struct json_object *data;

		http_do(&rq, &h);
		data = json_get(h.json, "data");
		for (size_t i = 0; data && i < json_object_array_length(data); i++)
			if (strcmp(json_str(json_object_array_get_idx(data, i), "slug"), "cv-main") == 0)
				course = jint(json_object_array_get_idx(data, i), "course_id");
		http_free(&h);
	}
	ok(course > 0, "the test course (%lld)", (long long)course);
	main_quiz = quiz_id("cv-main");
	{
		char path[100];

		snprintf(path, sizeof(path), "/api/v1/courses/%lld", (long long)course);
		is_int(req("GET", path, l40, NULL, &h), 200, "GET course");
		is_str(json_str(h.json, "course_code"), "cv-test", "course_code");
		http_free(&h);
		snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes", (long long)course);
		is_int(req("GET", path, l40, NULL, &h), 200, "GET quizzes");
		ok(json_object_is_type(h.json, json_type_array), "a bare JSON array");
		ok(http_header(&h, "Link") && strstr(http_header(&h, "Link"), "http"), "a Link header with absolute URLs");
		http_free(&h);
		snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld", (long long)course, (long long)main_quiz);
		is_int(req("GET", path, l40, NULL, &h), 200, "GET quiz");
		is_int(jint(h.json, "time_limit"), 10, "time_limit 10 minutes");
		is_int(jint(h.json, "allowed_attempts"), 2, "allowed_attempts 2");
		ok(jnum(h.json, "points_possible") == 10.0, "points_possible 10");
		http_free(&h);
	}
	whole_flow_json(main_quiz);
	form_flow(main_quiz);
	gates();
	overdue_and_policies();
	both_faces(main_quiz);
	course_list(main_quiz);
	/* a re-import reaches every worker's exam cache at once */
	{
		char path[160], tmp[] = "/tmp/inv-cv-XXXXXX";
		int fd = mkstemp(tmp);

		if (fd >= 0)
			close(fd);
		snprintf(cmd, sizeof(cmd),
		         "sed 's/\"Canvas main\"/\"Canvas main, renamed\"/' \"%s/tests/api/fixtures/cv-course.json\" > %s && "
		         "\"%s\" import %s >&2", need_env("INVIGIL_SRCDIR"), tmp, need_env("INVIGIL_BIN"), tmp);
		ok(system(cmd) == 0, "the course is re-imported with a new quiz title");
		unlink(tmp);
		snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld", (long long)course, (long long)main_quiz);
		for (int i = 0; i < 4; i++) { /* whichever worker answers */
			req("GET", path, l40, NULL, &h);
			if (i == 3)
				is_str(json_str(h.json, "title"), "Canvas main, renamed", "every worker shows the new title");
			else if (strcmp(json_str(h.json, "title") ? json_str(h.json, "title") : "", "Canvas main, renamed") != 0)
				ok(0, "worker %d showed a stale title", i);
			http_free(&h);
		}
	}
	free(l40);
	free(l41);
	free(l42);
	free(l43);
	free(l44);
	free(l45);
	free(ins);
	return done_testing();
}
