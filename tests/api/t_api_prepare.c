/* API tests: attempts prepared ahead of a scheduled start (`invigil
 * prepare EXAM`, issue 13): one per joined learner who may take the exam,
 * none twice; the learner's first start on any face takes it under every
 * rule of a start (window, retakes, access code), as one update; nothing
 * else writes to it; a prepared attempt counts as no attempt taken.
 * Fixture: fixtures/prepare-course.json (learner30..35 joined, learner36
 * invited; pp-now open with one attempt, pp-later opening in 2099 behind a
 * quiz lesson, pp-code behind an access code). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static long long jint(struct json_object *o, const char *k)
{
	return json_object_get_int64(json_get(o, k));
}

static long call(const char *method, const char *path, const char *auth, const char *body, struct http *h)
{
	http_json(method, path, auth, body, h);
	return h->status;
}

static const char *prepare(const char *slug)
{
	return shell_line("\"%s\" prepare %s 2>&1", need_env("INVIGIL_BIN"), slug);
}

static long long prepared_of(const char *user, const char *slug)
{
	return sql_int("SELECT a.id FROM attempts a JOIN users u ON u.id = a.user_id JOIN exams e ON e.id = a.exam_id "
	               "WHERE u.username = '%s' AND e.slug = '%s' AND a.state = 'not_started'", user, slug);
}

static long long state_count(const char *slug, const char *state)
{
	return sql_int("SELECT COUNT(*) FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE e.slug = '%s' "
	               "AND a.state = '%s'", slug, state);
}

int main(void)
{
	char cmd[1024], *l30, *l31, *l32, *l33, *l34, *ins;
	const char *line;
	struct http h;
	long long id, item, course, exam_now, ended;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/prepare-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the prepare test course");
	l30 = must_login("learner30"), l31 = must_login("learner31"), l32 = must_login("learner32");
	l33 = must_login("learner33"), l34 = must_login("learner34"), ins = must_login("instructor");
	course = sql_int("SELECT id FROM courses WHERE slug = 'pp'");
	exam_now = sql_int("SELECT id FROM exams WHERE slug = 'pp-now'");

	/* learner35 has taken pp-now already: its one attempt is used */
	{
		char *l35 = must_login("learner35");

		call("POST", "/api/v2.2/exams/pp-now/attempts/", jwt_header(l35), NULL, &h);
		id = jint(h.json, "id");
		http_free(&h);
		call("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(l35), NULL, &h);
		http_free(&h);
		free(l35);
	}

	line = prepare("pp-now");
	ok(strstr(line, "prepared 5 attempts") != NULL, "prepare makes one attempt per learner who may take it: %s", line);
	ok(strstr(line, "1 have no attempt left") != NULL, "and none for the learner whose attempt is used: %s", line);
	is_int(state_count("pp-now", "not_started"), 5, "five attempts not started");
	is_int(sql_int("SELECT COUNT(*) FROM " ALL_ANSWERS " an JOIN attempts a ON a.id = an.attempt_id "
	               "WHERE a.exam_id = %lld AND a.state = 'not_started'", exam_now),
	       10, "each with its answers (their ids reserved; records made when needed)");
	is_int(sql_int("SELECT COUNT(*) FROM attempts a JOIN users u ON u.id = a.user_id WHERE u.username = 'learner36'"),
	       0, "an invited learner gets none");
	line = prepare("pp-now");
	ok(strstr(line, "prepared 0 attempts") != NULL && strstr(line, "5 had one already") != NULL,
	   "a second run makes none: %s", line);
	ok(strstr(prepare("no-such-exam"), "no exam") != NULL, "an unknown exam is said");

	/* a prepared attempt counts as no attempt taken */
	is_int(call("GET", "/api/v2.2/exams/pp-now/attempts/", jwt_header(l30), NULL, &h), 200,
	       "learner30 lists their attempts at the exam");
	is_int(jint(h.json, "count"), 0, "the prepared one is not there: it is no one's until started");
	http_free(&h);
	is_int(call("GET", "/api/v2.2/exams/pp-now/", jwt_header(l30), NULL, &h), 200, "the exam as learner30 sees it");
	ok(jint(h.json, "attempts_count") == 0 && jint(h.json, "paused_attempts_count") == 0,
	   "with no attempt counted and none paused: the SDK offers a start");
	http_free(&h);
	is_int(call("GET", path_of("/api/v1/courses/%lld/quizzes/%lld/submission", course, exam_now), bearer_header(l30),
	            NULL, &h), 200, "learner30's Canvas submission of the quiz");
	ok(json_get(h.json, "quiz_submissions") != NULL && json_object_array_length(json_get(h.json, "quiz_submissions")) == 0,
	   "is none yet");
	http_free(&h);

	/* nothing writes to a prepared attempt but its start */
	id = prepared_of("learner30", "pp-now");
	item = sql_int("SELECT id FROM " ALL_ANSWERS " an WHERE attempt_id = %lld ORDER BY position LIMIT 1", id);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, item), jwt_header(l30),
	            "{\"selected_answers\":[]}", &h), 400, "a save before the start is 400");
	ok(h.json != NULL && strstr(h.body, "not started") != NULL, "saying it has not started");
	http_free(&h);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/heartbeat/", id), jwt_header(l30), NULL, &h), 400,
	       "so is a heartbeat");
	http_free(&h);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(l30), NULL, &h), 400, "and an end");
	http_free(&h);
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", id), "not_started", "it is still not started");

	/* Testpress: the create is the start of the prepared attempt */
	is_int(call("POST", "/api/v2.2/exams/pp-now/attempts/", jwt_header(l30), NULL, &h), 201,
	       "learner30 starts the exam: 201");
	is_int(jint(h.json, "id"), id, "with the prepared attempt");
	is_str(json_str(h.json, "state"), "Running", "now running");
	ok(json_str(h.json, "remaining_time") != NULL, "with its clock (%s)", json_str(h.json, "remaining_time"));
	http_free(&h);
	/* prepare shared the records' ids with the pool: the save reads no
	 * record (a flag written behind the server's back is not merged) */
	stack_sql("UPDATE answers SET review = 1 WHERE id = %lld", item);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, item), jwt_header(l30),
	            path_of("{\"selected_answers\":[%lld]}", sql_int("SELECT o.id FROM question_options o JOIN questions q "
	                    "ON q.id = o.question_id WHERE q.qkey = 'p1' AND o.is_correct = 1")), &h), 200, "and answers");
	http_free(&h);
	is_int(sql_int("SELECT review FROM answer_events WHERE answer_id = %lld ORDER BY id DESC LIMIT 1", item), 0,
	       "as one statement that reads no record: prepare shared the records' ids with the workers");
	stack_sql("UPDATE answers SET review = 0 WHERE id = %lld", item);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(l30), NULL, &h), 200, "and ends");
	ok(jint(h.json, "correct_count") == 1, "graded: one correct");
	http_free(&h);
	is_int(call("POST", "/api/v2.2/exams/pp-now/attempts/", jwt_header(l30), NULL, &h), 403,
	       "its one attempt is used now");
	http_free(&h);

	/* Testpress: PUT start of the prepared attempt (the SDK's resume) */
	id = prepared_of("learner31", "pp-now");
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/start/", id), jwt_header(l31), NULL, &h), 200,
	       "learner31 starts it with PUT start");
	is_str(json_str(h.json, "state"), "Running", "running");
	http_free(&h);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/start/", prepared_of("learner32", "pp-now")), jwt_header(l31),
	            NULL, &h), 403, "another learner's prepared attempt is not theirs to start");
	http_free(&h);

	/* Canvas: starting the quiz submission takes it */
	id = prepared_of("learner32", "pp-now");
	is_int(call("POST", path_of("/api/v1/courses/%lld/quizzes/%lld/submissions", course, exam_now),
	            bearer_header(l32), NULL, &h), 200, "learner32 starts the Canvas quiz");
	ok(json_get(h.json, "quiz_submissions") != NULL &&
	   jint(json_object_array_get_idx(json_get(h.json, "quiz_submissions"), 0), "id") > 0, "a submission");
	http_free(&h);
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", id), "running", "the prepared attempt runs");

	/* assessments: a one-shot submission takes it and ends it */
	{
		const char *aid = stack_sql("SELECT public_id FROM exams WHERE slug = 'pp-now'");
		char path[160], body[512], pub[64];
		long long q1, q2, o1, o2;

		snprintf(pub, sizeof(pub), "%s", aid);
		id = prepared_of("learner33", "pp-now");
		call("GET", path_of("/api/v1/assessments/%s", pub), bearer_header(l33), NULL, &h);
		q1 = jint(json_object_array_get_idx(json_get(h.json, "questions"), 0), "id");
		q2 = jint(json_object_array_get_idx(json_get(h.json, "questions"), 1), "id");
		o1 = jint(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(h.json, "questions"), 0), "options"), 0), "id");
		o2 = jint(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(h.json, "questions"), 1), "options"), 0), "id");
		http_free(&h);
		snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions", pub);
		snprintf(body, sizeof(body), "{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[%lld]},"
		         "{\"question_id\":%lld,\"selected_option_ids\":[%lld]}]}", q1, o1, q2, o2);
		is_int(call("POST", path, bearer_header(l33), body, &h), 201, "learner33 submits the assessment");
		http_free(&h);
		is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", id), "completed",
		       "into the prepared attempt, ended");
	}

	/* the window holds: a prepared attempt of an exam not open yet stays prepared */
	line = prepare("pp-later");
	ok(strstr(line, "prepared 6 attempts") != NULL, "an exam opening in 2099 can be prepared: %s", line);
	id = prepared_of("learner34", "pp-later");
	is_int(call("POST", "/api/v2.2/exams/pp-later/attempts/", jwt_header(l34), NULL, &h), 403,
	       "starting it before it opens is 403");
	http_free(&h);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/start/", id), jwt_header(l34), NULL, &h), 403,
	       "through PUT start too");
	http_free(&h);
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", id), "not_started", "it stays prepared");
	{
		char *adm = must_login("admin");

		is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/start/", id), jwt_header(adm), NULL, &h), 403,
		       "not even an admin starts it for the learner");
		http_free(&h);
		free(adm);
	}

	/* the access code holds */
	prepare("pp-code");
	id = prepared_of("learner34", "pp-code");
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/start/", id), jwt_header(l34), NULL, &h), 403,
	       "PUT start without the access code is 403");
	http_free(&h);
	is_int(call("POST", "/api/v2.2/exams/pp-code/attempts/", jwt_header(l34), "{\"access_code\":\"opensesame\"}", &h),
	       201, "with it, the start takes the prepared attempt");
	is_int(jint(h.json, "id"), id, "the same attempt");
	http_free(&h);

	/* the statistics and the staff see nothing of the attempts not taken */
	ended = state_count("pp-now", "completed");
	is_int(call("GET", path_of("/api/v2.5/admin/attempts/?exams=%lld&state=3", exam_now), jwt_header(ins), NULL, &h),
	       200, "the course's staff list the prepared attempts (state 3, not started)");
	is_int(jint(h.json, "count"), state_count("pp-now", "not_started"), "each of them");
	http_free(&h);
	is_int(sql_int("SELECT COALESCE(SUM(completed), 0) FROM exam_stats WHERE exam_id = %lld", exam_now) <= ended, 1,
	       "the exam's statistics count ended attempts only");
	is_int(call("GET", path_of("/api/v3/admin/chapter-content-attempts/?exam_id=%lld", sql_int("SELECT id FROM exams "
	            "WHERE slug = 'pp-later'")), jwt_header(ins), NULL, &h), 200, "the content report of pp-later");
	is_int(jint(h.json, "count"), 0, "shows none of its six prepared attempts (its quiz lesson's are no one's yet)");
	http_free(&h);
	free(l30), free(l31), free(l32), free(l33), free(l34), free(ins);
	return done_testing();
}
