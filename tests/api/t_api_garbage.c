/* API tests: bad input never reaches a 5xx.  Every route of every face gets
 * malformed, mistyped and out-of-range requests; each answer must be a 4xx
 * (or a 2xx where the input happens to be acceptable) with a JSON body. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

static const char *const routes[][2] = {
	{"POST", "/api/v2.2/auth-token/"},
	{"GET", "/api/v2.2/exams/"},
	{"GET", "/api/v2.2/exams/demo-aptitude-test/"},
	{"POST", "/api/v2.2/exams/demo-aptitude-test/attempts/"},
	{"GET", "/api/v2.2/attempts/"},
	{"GET", "/api/v2.2/attempts/1/"},
	{"PUT", "/api/v2.2/attempts/1/start/"},
	{"PUT", "/api/v2.2/attempts/1/heartbeat/"},
	{"GET", "/api/v2.2/attempts/1/questions/"},
	{"PUT", "/api/v2.2/attempts/1/questions/1/"},
	{"GET", "/api/v2.2/attempts/1/review/"},
	{"GET", "/api/v2.2/attempts/1/review/subjects/"},
	{"GET", "/api/v1/assessments"},
	{"POST", "/api/v1/assessments"},
	{"GET", "/api/v1/assessments/asmnt_x"},
	{"PATCH", "/api/v1/assessments/asmnt_x"},
	{"POST", "/api/v1/assessments/asmnt_x/questions"},
	{"POST", "/api/v1/assessments/asmnt_x/submissions"},
	{"GET", "/api/v1/courses/1"},
	{"GET", "/api/v1/courses/1/quizzes"},
	{"GET", "/api/v1/courses/1/quizzes/1/submissions"},
	{"POST", "/api/v1/courses/1/quizzes/2/submissions"},
	{"PUT", "/api/v1/courses/1/quizzes/2/submissions/1"},
	{"POST", "/api/v1/courses/1/quizzes/2/submissions/1/complete"},
	{"POST", "/api/v1/courses/1/quizzes/2/extensions"},
	{"POST", "/api/v1/quiz_submissions/1/questions"},
	{"PUT", "/api/v1/quiz_submissions/1/questions/1/flag"},
};

static const char *const bodies[][2] = {
	{"application/json", "{"},
	{"application/json", "[]"},
	{"application/json", "null"},
	{"application/json", "\"text\""},
	{"application/json", "{\"selected_answers\":[1e400],\"review\":\"maybe\",\"short_text\":5}"},
	{"application/json", "{\"answers\":[{\"question_id\":\"x\"}],\"quiz_submissions\":[1],\"quiz_questions\":{\"a\":1}}"},
	{"application/json", "{\"course_id\":99999999999999999999,\"title\":{},\"passing_score\":[],\"max_attempts\":-1}"},
	{"application/json", "{\"quiz_extensions\":[{\"user_id\":\"a\"}],\"attempt\":true,\"validation_token\":7}"},
	{"application/json", "{\"questions\":[{\"type\":\"essay\"}],\"username\":null,\"password\":[]}"},
	{"application/x-www-form-urlencoded", "a[=1&b]=2&c[][d]=3&c[]=4&%zz=1"},
	{"application/x-www-form-urlencoded", "selected_answers=abc&selected_answers[]=1&review=perhaps"},
	{"application/x-www-form-urlencoded", "quiz_questions[][id]=x&quiz_questions[][answer][]=y&attempt=-5"},
	{"text/xml", "<a/>"},
	{"application/json", "{\"a\":\"\\ud800\"}"},
};

static int fives;

static void check(const char *what, long status, const struct http *h)
{
	if (status >= 500 || status == 0) {
		fives++;
		diag("%s -> %ld %s", what, status, h->body ? h->body : "");
	}
}

int main(void)
{
	char *learner = login(NULL, "learner1", "demo"), *admin = login(NULL, "admin", "demo");
	const char *auths[3];
	char a1[4096], a2[4096];
	int n = 0, nonjson = 0;

	if (learner == NULL || admin == NULL)
		bail("cannot log in");
	snprintf(a1, sizeof(a1), "Bearer %s", learner);
	snprintf(a2, sizeof(a2), "Bearer %s", admin);
	auths[0] = NULL;
	auths[1] = a1;
	auths[2] = a2;
	for (size_t r = 0; r < sizeof(routes) / sizeof(routes[0]); r++)
		for (size_t b = 0; b < sizeof(bodies) / sizeof(bodies[0]); b++)
			for (int a = 0; a < 3; a++) {
				struct http h;
				struct http_req rq = {.method = routes[r][0], .path = routes[r][1], .auth = auths[a],
				                      .content_type = bodies[b][0], .body = bodies[b][1], .body_len = -1};
				char what[300];

				http_do(&rq, &h);
				snprintf(what, sizeof(what), "%s %s [%s] auth %d", routes[r][0], routes[r][1], bodies[b][1], a);
				check(what, h.status, &h);
				if (h.status >= 400 && h.json == NULL) {
					nonjson++;
					diag("not JSON: %s -> %ld %.80s", what, h.status, h.body ? h.body : "");
				}
				n++;
				http_free(&h);
			}
	/* odd paths */
	{
		static const char *const paths[] = {
			"/api/v2.2/attempts/0/", "/api/v2.2/attempts/-1/", "/api/v2.2/attempts/abc/",
			"/api/v2.2/attempts/99999999999999999999/", "/api/v2.2/exams/%00/", "/api/v2.2/exams/%zz/",
			"/api/v2.2/exams/a%2Fb/attempts/", "/api/v1/courses/1/quizzes/1/submissions/0/time",
			"/api/v1/assessments/%20", "/api/v2.2/attempts/1/questions/?page=-1", "/api/v2.2/exams/?page=1e9",
			"/api/v1/assessments?per_page=1&page=99999999999999999999", "/api/v1/courses/1/quizzes?per_page=-3",
			"/api/v2.2/attempts/?course=%FF%FE&q=%25_%5C", "/api/v2.2/attempts/1/review/subjects/?parent=x",
		};

		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			struct http h;
			struct http_req rq = {.method = "GET", .path = paths[i], .auth = a1, .body_len = -1};

			http_do(&rq, &h);
			check(paths[i], h.status, &h);
			if (h.status >= 400 && h.json == NULL) {
				nonjson++;
				diag("not JSON: %s -> %ld %.80s", paths[i], h.status, h.body ? h.body : "");
			}
			n++;
			http_free(&h);
		}
	}
	is_int(fives, 0, "%d malformed requests: no 5xx", n);
	is_int(nonjson, 0, "every error body is JSON");
	free(learner);
	free(admin);
	return done_testing();
}
