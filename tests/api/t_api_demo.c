/* API test: the demo course through the Canvas face, as canvasapi 3.4.0
 * drives it (form bodies with Rails keys, as its combine_kwargs builds
 * them): the README's session — create, answer every question type, time,
 * events, complete, the teacher reads with include[]=user and scores the
 * essay — and a Testpress-style quiz that a Canvas client may not start. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

static char path[300], body[2000];
static int64_t course;

static long form(const char *method, const char *p, const char *token, const char *b, struct http *h)
{
	char auth[4096];
	struct http_req rq = {.method = method, .path = p, .auth = auth, .body = b, .body_len = -1,
	                      .content_type = b ? "application/x-www-form-urlencoded" : NULL};

	snprintf(auth, sizeof(auth), "Bearer %s", token);
	http_do(&rq, h);
	return h->status;
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v ? json_object_get_int64(v) : -999;
}

static struct json_object *first(struct http *h, const char *key)
{
	return json_object_array_get_idx(json_get(h->json, key), 0);
}

/* The demo course's quizzes by title: the Canvas-style one and a Testpress one. */
static void find_quizzes(const char *tok, int64_t *canvas_quiz, int64_t *aptitude)
{
	struct http h;
	struct json_object *arr;

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes", (long long)course);
	is_int(form("GET", path, tok, NULL, &h), 200, "the demo course's quizzes");
	arr = h.json;
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *q = json_object_array_get_idx(arr, i);
		const char *title = json_str(q, "title");

		if (title && strcmp(title, "Canvas-style Quiz") == 0)
			*canvas_quiz = jint(q, "id");
		if (title && strcmp(title, "General Aptitude Test") == 0) {
			*aptitude = jint(q, "id");
			ok(json_object_get_boolean(json_get(q, "locked_for_user")) && json_str(q, "lock_explanation"),
			   "the timed-sections aptitude test is locked for Canvas clients, and says why");
		}
	}
	http_free(&h);
	ok(*canvas_quiz > 0, "the Canvas-style quiz is listed");
}

/* One form answer per question type, canvasapi's way; types from the questions. */
static void answer_all(const char *tok, int64_t sid, int64_t attempt, const char *vtoken, int64_t *essay)
{
	struct http h;
	struct json_object *arr;
	char *p = body;

	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question", (long long)sid);
	is_int(form("GET", path, tok, NULL, &h), 200, "the submission's questions");
	arr = json_get(h.json, "quiz_submission_questions");
	is_int(arr ? (int64_t)json_object_array_length(arr) : 0, 6, "six questions, one of each type");
	p += sprintf(p, "attempt=%lld&validation_token=%s", (long long)attempt, vtoken);
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *q = json_object_array_get_idx(arr, i), *qq = json_get(q, "quiz_question");
		const char *type = json_str(qq, "question_type");
		struct json_object *opts = json_get(qq, "answers");
		int64_t opt = opts && json_object_array_length(opts) ? jint(json_object_array_get_idx(opts, 0), "id") : 0;

		p += sprintf(p, "&quiz_questions[][id]=%lld", (long long)jint(q, "id"));
		if (strcmp(type, "multiple_answers_question") == 0)
			p += sprintf(p, "&quiz_questions[][answer][]=%lld", (long long)opt);
		else if (strcmp(type, "numerical_question") == 0)
			p += sprintf(p, "&quiz_questions[][answer]=42.5");
		else if (strcmp(type, "short_answer_question") == 0)
			p += sprintf(p, "&quiz_questions[][answer]=guess");
		else if (strcmp(type, "essay_question") == 0) {
			p += sprintf(p, "&quiz_questions[][answer]=An+essay.");
			*essay = jint(q, "id");
		} else
			p += sprintf(p, "&quiz_questions[][answer]=%lld", (long long)opt);
	}
	http_free(&h);
	is_int(form("POST", path, tok, body, &h), 200, "every question type answered in one form body");
	is_int(json_get(h.json, "quiz_submission_questions") ? (int64_t)json_object_array_length(
		json_get(h.json, "quiz_submission_questions")) : 0, 6, "and all six come back");
	http_free(&h);
}

static void session(const char *learner, const char *teacher, int64_t quiz)
{
	struct http h;
	int64_t sid, attempt, essay = 0, left;
	char vtoken[80], base[200];

	snprintf(base, sizeof(base), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)course, (long long)quiz);
	is_int(form("POST", base, learner, "", &h), 200, "create_submission");
	sid = jint(first(&h, "quiz_submissions"), "id");
	attempt = jint(first(&h, "quiz_submissions"), "attempt");
	snprintf(vtoken, sizeof(vtoken), "%s", json_str(first(&h, "quiz_submissions"), "validation_token") ?
	                                       json_str(first(&h, "quiz_submissions"), "validation_token") : "");
	http_free(&h);
	answer_all(learner, sid, attempt, vtoken, &essay);

	snprintf(path, sizeof(path), "%s/%lld/time", base, (long long)sid);
	is_int(form("GET", path, learner, NULL, &h), 200, "get_times");
	left = jint(h.json, "time_left");
	ok(left > 1100 && left <= 1200, "time_left falls from the 20 minutes (%lld s)", (long long)left);
	http_free(&h);

	snprintf(path, sizeof(path), "%s/%lld/events", base, (long long)sid);
	is_int(form("POST", path, learner, "quiz_submission_events[]=page_blurred&quiz_submission_events[]=page_focused",
	            &h), 204, "submit_events: 204, as canvasapi wants");
	http_free(&h);
	is_int(form("GET", path, learner, NULL, &h), 200, "get_submission_events");
	is_int(json_get(h.json, "quiz_submission_events") ? (int64_t)json_object_array_length(
		json_get(h.json, "quiz_submission_events")) : 0, 2, "the two events, in order");
	is_str(json_str(first(&h, "quiz_submission_events"), "event_type"), "page_blurred", "first page_blurred");
	http_free(&h);

	snprintf(path, sizeof(path), "%s/%lld/complete", base, (long long)sid);
	snprintf(body, sizeof(body), "attempt=%lld&validation_token=%s", (long long)attempt, vtoken);
	is_int(form("POST", path, learner, body, &h), 200, "complete");
	is_str(json_str(first(&h, "quiz_submissions"), "workflow_state"), "pending_review", "the essay waits for a grader");
	http_free(&h);

	snprintf(path, sizeof(path), "%s/%lld?include[]=user", base, (long long)sid);
	is_int(form("GET", path, teacher, NULL, &h), 200, "the teacher reads it with include[]=user");
	ok(json_str(first(&h, "users"), "name") && *json_str(first(&h, "users"), "name"),
	   "the user has a name (canvasapi's User.__str__ reads it)");
	http_free(&h);
	snprintf(path, sizeof(path), "%s/%lld", base, (long long)sid);
	snprintf(body, sizeof(body), "quiz_submissions[][attempt]=%lld&quiz_submissions[][questions][%lld][score]=1"
	                             "&quiz_submissions[][questions][%lld][comment]=Good", (long long)attempt,
	         (long long)essay, (long long)essay);
	is_int(form("PUT", path, teacher, body, &h), 200, "update_score_and_comments scores the essay");
	is_str(json_str(first(&h, "quiz_submissions"), "workflow_state"), "complete", "and the submission is complete");
	http_free(&h);
}

/* A second attempt: the learner's submissions list then holds both
 * submitted attempts, as Canvas lists a student's own. */
static void second_attempt(const char *learner, int64_t quiz)
{
	struct http h;
	char base[200], vtoken[80];
	int64_t sid, attempt;
	struct json_object *subs;

	snprintf(base, sizeof(base), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)course, (long long)quiz);
	is_int(form("POST", base, learner, "", &h), 200, "a second attempt");
	sid = jint(first(&h, "quiz_submissions"), "id");
	attempt = jint(first(&h, "quiz_submissions"), "attempt");
	snprintf(vtoken, sizeof(vtoken), "%s", json_str(first(&h, "quiz_submissions"), "validation_token") ?
	                                       json_str(first(&h, "quiz_submissions"), "validation_token") : "");
	http_free(&h);
	is_int(attempt, 2, "is attempt 2");
	is_int(form("GET", base, learner, NULL, &h), 200, "while it runs, the list");
	is_int(json_get(h.json, "quiz_submissions") ? (int64_t)json_object_array_length(json_get(h.json, "quiz_submissions"))
	                                            : 0, 1, "shows the submission as it stands");
	http_free(&h);
	snprintf(path, sizeof(path), "%s/%lld/complete", base, (long long)sid);
	snprintf(body, sizeof(body), "attempt=%lld&validation_token=%s", (long long)attempt, vtoken);
	is_int(form("POST", path, learner, body, &h), 200, "complete it");
	http_free(&h);
	is_int(form("GET", base, learner, NULL, &h), 200, "then the list");
	subs = json_get(h.json, "quiz_submissions");
	is_int(subs ? (int64_t)json_object_array_length(subs) : 0, 2, "has both submitted attempts");
	is_int(jint(json_object_array_get_idx(subs, 0), "attempt"), 1, "oldest first");
	is_int(jint(json_object_array_get_idx(subs, 1), "attempt"), 2, "then the newest");
	http_free(&h);
}

int main(void)
{
	struct http h;
	char *learner = login(NULL, "learner5", "demo"), *teacher = login(NULL, "instructor", "demo");
	int64_t quiz = 0, aptitude = 0;

	if (learner == NULL || teacher == NULL)
		bail("cannot log in");
	/* the demo course's id, from its exam's assessment listing */
	form("GET", "/api/v1/assessments?per_page=100", teacher, NULL, &h);
	course = jint(json_object_array_get_idx(json_get(h.json, "data"), 0), "course_id");
	http_free(&h);
	ok(course > 0, "the demo course");
	find_quizzes(learner, &quiz, &aptitude);
	session(learner, teacher, quiz);
	second_attempt(learner, quiz);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)course, (long long)aptitude);
	is_int(form("POST", path, learner, "", &h), 400, "starting the aptitude test from Canvas: 400, it could not be finished");
	ok(h.body && strstr(h.body, "locked"), "This quiz is locked, with the reason");
	http_free(&h);
	free(learner);
	free(teacher);
	return done_testing();
}
