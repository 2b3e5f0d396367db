/* API tests: the assessments API v1 face on the live stack. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

static char *ins, *l1, *l2, *l3, *l30, *l31, *adm; /* l30: "outsider" */

static long req(const char *method, const char *path, const char *token, const char *json, struct http *h)
{
	char auth[4096];
	struct http_req rq = {.method = method, .path = path, .auth = auth, .body = json, .body_len = -1,
	                      .content_type = json ? "application/json" : NULL};

	snprintf(auth, sizeof(auth), "Bearer %s", token);
	http_do(&rq, h);
	return h->status;
}

static const char *err_code(struct http *h)
{
	return json_str(json_get(h->json, "error"), "code");
}

/* Does the error list a detail for field? */
static bool has_detail(struct http *h, const char *field)
{
	struct json_object *d = json_get(json_get(h->json, "error"), "details");

	for (size_t i = 0; d && i < json_object_array_length(d); i++)
		if (strcmp(json_str(json_object_array_get_idx(d, i), "field"), field) == 0)
			return true;
	return false;
}

static int64_t course_id(const char *token)
{
	struct http h;
	int64_t id = 0;

	/* the demo course's id, from an assessment of it */
	req("GET", "/api/v1/assessments", token, NULL, &h);
	id = json_object_get_int64(json_get(json_object_array_get_idx(json_get(h.json, "data"), 0), "course_id"));
	http_free(&h);
	return id;
}

static char *create_assessment(int64_t course, int max_attempts)
{
	struct http h;
	char body[300], *id = NULL;

	snprintf(body, sizeof(body),
	         "{\"course_id\":%lld,\"title\":\"Quick check\",\"passing_score\":60,\"time_limit_minutes\":10,"
	         "\"max_attempts\":%s}", (long long)course, max_attempts > 0 ? "2" : "null");
	if (req("POST", "/api/v1/assessments", ins, body, &h) == 201)
		id = strdup(json_str(h.json, "id"));
	http_free(&h);
	return id;
}

static void test_validation(int64_t course)
{
	struct http h;

	is_int(req("POST", "/api/v1/assessments", ins,
	           "{\"course_id\":\"x\",\"title\":\"ab\",\"passing_score\":0,\"time_limit_minutes\":\"10\",\"max_attempts\":0}", &h),
	       400, "every field wrong: 400");
	is_str(err_code(&h), "validation_error", "code validation_error");
	ok(has_detail(&h, "course_id") && has_detail(&h, "title") && has_detail(&h, "passing_score") &&
	       has_detail(&h, "time_limit_minutes") && has_detail(&h, "max_attempts"),
	   "each field reported at once");
	http_free(&h);
	is_int(req("POST", "/api/v1/assessments", ins, "{}", &h), 400, "empty object: 400");
	ok(has_detail(&h, "course_id") && has_detail(&h, "title") && has_detail(&h, "passing_score"), "required fields named");
	http_free(&h);
	{
		char body[400], title[202];

		memset(title, 'x', 201);
		title[201] = '\0';
		snprintf(body, sizeof(body), "{\"course_id\":%lld,\"title\":\"%s\",\"passing_score\":101}", (long long)course, title);
		is_int(req("POST", "/api/v1/assessments", ins, body, &h), 400, "title of 201 characters and score 101: 400");
		ok(has_detail(&h, "title") && has_detail(&h, "passing_score"), "both named");
		http_free(&h);
		snprintf(body, sizeof(body), "{\"course_id\":%lld,\"title\":\"abc\",\"passing_score\":100,\"time_limit_minutes\":null}",
		         (long long)course);
		is_int(req("POST", "/api/v1/assessments", ins, body, &h), 201, "edges: title of 3, score 100, no time limit");
		ok(json_get(h.json, "time_limit_minutes") == NULL, "time_limit_minutes null");
		http_free(&h);
	}
	is_int(req("POST", "/api/v1/assessments", ins, "{\"course_id\":999999,\"title\":\"abc\",\"passing_score\":50}", &h),
	       403, "a course the instructor does not teach: 403");
	http_free(&h);
	is_int(req("POST", "/api/v1/assessments", adm, "{\"course_id\":999999,\"title\":\"abc\",\"passing_score\":50}", &h),
	       404, "admin, unknown course: 404");
	http_free(&h);
	is_int(req("POST", "/api/v1/assessments", l1, "{\"course_id\":1,\"title\":\"abc\",\"passing_score\":50}", &h),
	       403, "a learner cannot create: 403");
	ok(json_str(json_get(h.json, "error"), "message") != NULL, "with a message");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments", "bad", NULL, &h), 401, "bad token: 401");
	is_str(err_code(&h), "unauthorized", "in the face's envelope");
	http_free(&h);
}

static void test_pagination(void)
{
	struct http h;

	is_int(req("GET", "/api/v1/assessments?per_page=101", l1, NULL, &h), 400, "per_page 101: 400, not a clamp");
	ok(has_detail(&h, "per_page"), "naming per_page");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments?per_page=0", l1, NULL, &h), 400, "per_page 0: 400");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments?page=0", l1, NULL, &h), 400, "page 0: 400");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments?per_page=1&page=1", l1, NULL, &h), 200, "per_page 1");
	is_int((int64_t)json_object_array_length(json_get(h.json, "data")), 1, "one item");
	ok(json_str(json_get(h.json, "links"), "next") != NULL, "a next link");
	ok(json_get(json_get(h.json, "links"), "prev") == NULL, "no prev link on page 1");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments?page=999", l1, NULL, &h), 200, "a page past the end");
	is_int((int64_t)json_object_array_length(json_get(h.json, "data")), 0, "is empty");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments?course_id=abc", l1, NULL, &h), 400, "course_id not a number: 400");
	http_free(&h);
}

/* Adds one question of each kind; returns the assessment with questions. */
static void add_questions(const char *id)
{
	struct http h;
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/assessments/%s/questions", id);
	is_int(req("POST", path, ins,
	           "{\"questions\":[{\"type\":\"single_choice\",\"text\":\"x\",\"options\":[{\"text\":\"a\"}]},"
	           "{\"type\":\"gap_fill\",\"text\":\"y\"},{\"type\":\"numeric\",\"text\":\"z\"}]}", &h),
	       400, "bad questions: 400");
	ok(has_detail(&h, "questions[0].options") && has_detail(&h, "questions[1].type") && has_detail(&h, "questions[2].answer"),
	   "each bad question named");
	http_free(&h);
	is_int(req("POST", path, l1, "{\"type\":\"essay\",\"text\":\"Why?\"}", &h), 403, "a learner cannot add questions");
	http_free(&h);
	is_int(req("POST", path, ins,
	           "{\"questions\":["
	           "{\"type\":\"single_choice\",\"text\":\"2+2?\",\"points\":2,\"options\":[{\"text\":\"4\",\"correct\":true},{\"text\":\"5\"}]},"
	           "{\"type\":\"multiple_choice\",\"text\":\"Even?\",\"points\":2,\"options\":[{\"text\":\"2\",\"correct\":true},"
	           "{\"text\":\"3\"},{\"text\":\"4\",\"correct\":true}]},"
	           "{\"type\":\"numeric\",\"text\":\"pi?\",\"points\":1,\"answer\":3.14,\"tolerance\":0.01},"
	           "{\"type\":\"short_text\",\"text\":\"Capital of France?\",\"points\":1,\"accepted_answers\":[\"Paris\"]},"
	           "{\"type\":\"true_false\",\"text\":\"Sky is blue\",\"points\":1,\"options\":[{\"text\":\"True\",\"correct\":true},{\"text\":\"False\"}]}"
	           "]}", &h),
	       201, "five questions added");
	is_int(json_object_get_int64(json_get(h.json, "question_count")), 5, "question_count 5");
	http_free(&h);
}

static void ids_of(const char *aid, const char *token, int64_t *qid, int64_t *opt_right, int64_t *opt_wrong)
{
	struct http h;
	char path[128];
	struct json_object *qs;

	snprintf(path, sizeof(path), "/api/v1/assessments/%s", aid);
	req("GET", path, token, NULL, &h);
	qs = json_get(h.json, "questions");
	for (size_t i = 0; qs && i < json_object_array_length(qs) && i < 5; i++) {
		struct json_object *q = json_object_array_get_idx(qs, i), *opts = json_get(q, "options");

		qid[i] = json_object_get_int64(json_get(q, "id"));
		opt_right[i] = opt_wrong[i] = 0;
		if (opts && json_object_array_length(opts) > 0) {
			opt_right[i] = json_object_get_int64(json_get(json_object_array_get_idx(opts, 0), "id"));
			opt_wrong[i] = json_object_get_int64(json_get(json_object_array_get_idx(opts, 1), "id"));
		}
	}
	http_free(&h);
}

static char *answers_json(const int64_t *q, const int64_t *right, const int64_t *wrong, bool good)
{
	char *s = malloc(1024);

	/* q3 (even) picks 2 and 4: options 0 and 2 */
	snprintf(s, 1024,
	         "{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[%lld]},"
	         "{\"question_id\":%lld,\"selected_option_ids\":[%lld,%lld]},"
	         "{\"question_id\":%lld,\"value\":%s},{\"question_id\":%lld,\"text\":\"%s\"},"
	         "{\"question_id\":%lld,\"selected_option_ids\":[%lld]}]}",
	         (long long)q[0], (long long)(good ? right[0] : wrong[0]), (long long)q[1], (long long)right[1],
	         (long long)(right[1] + 2), (long long)q[2], good ? "3.141" : "2.5", (long long)q[3], good ? "paris" : "Rome",
	         (long long)q[4], (long long)right[4]);
	return s;
}

static void test_submissions(const char *aid)
{
	struct http h;
	char path[160], spath[200], *body, *sid;
	int64_t q[5], right[5], wrong[5];

	ids_of(aid, l1, q, right, wrong);
	snprintf(path, sizeof(path), "/api/v1/assessments/%s", aid);
	req("GET", path, l1, NULL, &h);
	ok(h.body && !strstr(h.body, "\"correct\""), "a learner never sees correct answers");
	ok(h.body && !strstr(h.body, "Paris"), "nor accepted short answers");
	http_free(&h);
	req("GET", path, ins, NULL, &h);
	ok(h.body && strstr(h.body, "\"correct\":true"), "the instructor does");
	http_free(&h);

	snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions", aid);
	{
		char bad[600];

		snprintf(bad, sizeof(bad),
		         "{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[999999]},"
		         "{\"question_id\":%lld,\"text\":\"x\"},{\"question_id\":%lld,\"value\":\"3\"},"
		         "{\"question_id\":%lld,\"text\":\"a\"},{\"question_id\":%lld,\"text\":\"b\"},{\"question_id\":424242}]}",
		         (long long)q[0], (long long)q[1], (long long)q[2], (long long)q[3], (long long)q[3]);
		is_int(req("POST", path, l1, bad, &h), 400, "bad answers: 400");
		ok(has_detail(&h, "answers[0].selected_option_ids"), "an option of another question");
		ok(has_detail(&h, "answers[1].selected_option_ids"), "text for a choice question");
		ok(has_detail(&h, "answers[2].value"), "a string for a numeric question");
		ok(has_detail(&h, "answers[4].question_id"), "a duplicate question");
		ok(has_detail(&h, "answers[5].question_id"), "an unknown question");
		ok(has_detail(&h, "answers"), "the missing question");
		http_free(&h);
	}
	is_int(req("POST", path, l1, "{\"answers\":{}}", &h), 400, "answers not a list: 400");
	http_free(&h);

	body = answers_json(q, right, wrong, true);
	is_int(req("POST", path, l1, body, &h), 201, "a full submission: 201");
	/* 2 + 2 + 1 + 1 + 1 = 7 of 7 */
	ok(json_object_get_double(json_get(h.json, "score")) == 100.0, "score 100");
	is_int(json_object_get_boolean(json_get(h.json, "passed")), 1, "passed");
	ok(json_str(h.json, "id") && strncmp(json_str(h.json, "id"), "sub_", 4) == 0, "a prefixed submission id");
	ok(json_str(h.json, "submitted_at") && strchr(json_str(h.json, "submitted_at"), 'T'), "ISO 8601 submitted_at");
	is_int((int64_t)json_object_array_length(json_get(h.json, "results")), 5, "five results");
	is_int(json_object_get_boolean(json_get(json_object_array_get_idx(json_get(h.json, "results"), 1), "correct")), 1,
	       "per-question correctness");
	sid = strdup(json_str(h.json, "id"));
	http_free(&h);
	free(body);

	body = answers_json(q, right, wrong, false);
	is_int(req("POST", path, l1, body, &h), 201, "a second submission (max_attempts 2)");
	/* -0 + 2 + 0 + 0 + 1 = 3 of 7 = 42.86 */
	ok(json_object_get_double(json_get(h.json, "score")) == 42.86, "score 42.86 (%s)", h.body ? h.body : "");
	is_int(json_object_get_boolean(json_get(h.json, "passed")), 0, "not passed (60 needed)");
	http_free(&h);
	is_int(req("POST", path, l1, body, &h), 403, "a third: 403");
	is_str(err_code(&h), "attempt_limit_reached", "attempt_limit_reached");
	http_free(&h);

	snprintf(spath, sizeof(spath), "/api/v1/assessments/%s/submissions/%s", aid, sid);
	is_int(req("GET", spath, l1, NULL, &h), 200, "the learner reads a submission");
	ok(json_object_get_double(json_get(h.json, "score")) == 100.0, "the same score");
	http_free(&h);
	is_int(req("GET", spath, l2, NULL, &h), 404, "another learner cannot");
	http_free(&h);
	is_int(req("GET", spath, ins, NULL, &h), 200, "the course's instructor can");
	http_free(&h);
	free(sid);

	/* PATCH raises the limit; two concurrent submissions at the limit: one wins */
	snprintf(spath, sizeof(spath), "/api/v1/assessments/%s", aid);
	is_int(req("PATCH", spath, l1, "{\"max_attempts\":3}", &h), 403, "a learner cannot change the limit");
	http_free(&h);
	is_int(req("PATCH", spath, ins, "{\"max_attempts\":0}", &h), 400, "max_attempts 0: 400");
	http_free(&h);
	is_int(req("PATCH", spath, ins, "{\"max_attempts\":3}", &h), 200, "the instructor raises it to 3");
	is_int(json_object_get_int64(json_get(h.json, "max_attempts")), 3, "max_attempts 3");
	http_free(&h);
	{
		int wins = 0, status;

		for (int i = 0; i < 2; i++)
			if (fork() == 0) {
				struct http k;

				req("POST", path, l1, body, &k);
				_exit(k.status == 201 ? 0 : k.status == 403 ? 3 : 1);
			}
		int forbidden = 0;

		while (wait(&status) > 0) {
			wins += WIFEXITED(status) && WEXITSTATUS(status) == 0;
			forbidden += WIFEXITED(status) && WEXITSTATUS(status) == 3;
		}
		is_int(wins, 1, "two concurrent submissions at the limit: one gets in");
		is_int(forbidden, 1, "the other gets 403");
	}
	free(body);
}

static void test_access_and_faces(const char *aid)
{
	struct http h;
	char path[160], tp[200], other[300];
	int64_t other_course;
	const char *slug;

	snprintf(path, sizeof(path), "/api/v1/assessments/%s", aid);
	is_int(req("GET", path, l30, NULL, &h), 403, "not enrolled in the course: 403");
	is_str(err_code(&h), "not_enrolled", "not_enrolled");
	http_free(&h);
	is_int(req("GET", "/api/v1/assessments/asmnt_nope", l1, NULL, &h), 404, "unknown assessment: 404");
	http_free(&h);
	/* someone enrolled elsewhere sees none of this course's assessments */
	req("GET", "/api/v1/assessments", l30, NULL, &h);
	other_course = (int64_t)json_object_array_length(json_get(h.json, "data"));
	http_free(&h);
	is_int(other_course, 0, "an outsider's list is empty");

	/* taken through the Testpress face: the same exam, the same attempt count */
	req("GET", path, l3, NULL, &h);
	slug = json_str(h.json, "slug");
	snprintf(tp, sizeof(tp), "/api/v2.2/exams/%s/attempts/", slug ? slug : "x");
	http_free(&h);
	{
		struct http t;
		struct http_req rq = {.method = "POST", .path = tp, .auth = jwt_header(l3), .body_len = -1};
		char end[160];
		int64_t attempt;

		http_do(&rq, &t);
		is_int(t.status, 201, "the assessment is taken through /api/v2.2/");
		attempt = json_object_get_int64(json_get(t.json, "id"));
		is_int(json_object_get_int64(json_get(t.json, "total_questions")), 5, "with its five questions");
		http_free(&t);
		snprintf(end, sizeof(end), "/api/v2.2/attempts/%lld/end/", (long long)attempt);
		rq.method = "PUT";
		rq.path = end;
		http_do(&rq, &t);
		is_str(json_str(t.json, "state"), "Completed", "and ended there");
		http_free(&t);
	}
	req("GET", "/api/v2.2/attempts/", l3, NULL, &h);
	ok(h.body && strstr(h.body, "Quick check"), "seen in the Testpress attempt list");
	http_free(&h);
	snprintf(other, sizeof(other), "/api/v1/assessments/%s", aid);
	req("PATCH", other, ins, "{\"max_attempts\":1}", &h);
	http_free(&h);
	{
		int64_t q[5], right[5], wrong[5];
		char *body;

		ids_of(aid, l3, q, right, wrong);
		body = answers_json(q, right, wrong, true);
		snprintf(other, sizeof(other), "/api/v1/assessments/%s/submissions", aid);
		is_int(req("POST", other, l3, body, &h), 403, "and counted here: with max_attempts 1 it was the one");
		is_str(err_code(&h), "attempt_limit_reached", "attempt_limit_reached");
		http_free(&h);
		free(body);
	}
}

int main(void)
{
	char cmd[1024], *aid, *aid2;
	int64_t course;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/assess-course.json\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	ins = login(NULL, "instructor", "demo");
	adm = login(NULL, "admin", "demo");
	l1 = login(NULL, "learner1", "demo");
	l2 = login(NULL, "learner2", "demo");
	l3 = login(NULL, "learner3", "demo");
	l30 = login(NULL, "outsider", "demo");
	l31 = login(NULL, "learner31", "demo");
	if (!ins || !adm || !l1 || !l2 || !l3 || !l30 || !l31)
		bail("cannot log in the test users");
	course = course_id(l1);
	ok(course > 0, "the demo course's assessments are listed (course %lld)", (long long)course);
	test_validation(course);
	test_pagination();
	aid = create_assessment(course, 2);
	ok(aid != NULL && strncmp(aid, "asmnt_", 6) == 0, "an instructor creates an assessment (asmnt_ id)");
	if (aid == NULL)
		bail("no assessment");
	add_questions(aid);
	test_submissions(aid);
	aid2 = create_assessment(course, 0);
	add_questions(aid2);
	test_access_and_faces(aid2);
	free(aid);
	free(aid2);
	free(ins);
	free(adm);
	free(l1);
	free(l2);
	free(l3);
	free(l30);
	free(l31);
	return done_testing();
}
