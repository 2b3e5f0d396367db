/* API tests: the course face (SelfCommunity course API v2, seed 000) on the
 * live stack: the course outline as each member stands with it, the staff's
 * section and lesson lists, lesson reads under the four lesson rules,
 * completion, quiz attempts made in one request (every bad input named), their
 * reads, the quiz dashboard, the same attempts on the Testpress face, and the
 * README's curl flow over the structured demo course.  Every 2xx body is
 * checked against SelfCommunity's contract (tests/contract/selfcommunity-js.json).
 * Fixture: fixtures/course-face.json. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

/* learner30 the creator, 31 a manager, 32/33/38 joined learners, 34 invited,
 * 35 requested, 36 payment waiting, 37 not in the course */
static char *cre, *mgr, *l32, *l33, *l38, *inv, *reqd, *payw, *outsider, *adm;
static long long cid, s1, s2, s3, intro, quiz1, video, quiz2, draft, numq;
static long long q_single, q_multi, q_tf, q_num;
static long long o_right, o_wrong, o_even2, o_odd3, o_even4, o_true, o_false;

static long long jint(struct json_object *o, const char *key)
{
	return json_object_get_int64(json_get(o, key));
}

static bool jbool(struct json_object *o, const char *key)
{
	return json_object_get_boolean(json_get(o, key));
}

/* A request to the course face: path after /api/v2; the status. */
static long co(const char *method, const char *path, const char *tok, const char *body, struct http *h)
{
	char url[512], auth[2048];
	struct http_req rq = {.method = method, .path = url, .auth = tok ? auth : NULL, .body = body, .body_len = -1,
	                      .content_type = body ? "application/json" : NULL};

	snprintf(url, sizeof(url), "/api/v2%s", path);
	snprintf(auth, sizeof(auth), "Bearer %s", tok ? tok : "");
	http_do(&rq, h);
	return h->status;
}

/* The status only. */
static long co_status(const char *method, const char *path, const char *tok, const char *body)
{
	struct http h;
	long st = co(method, path, tok, body, &h);

	http_free(&h);
	return st;
}

static const char *code_of(struct http *h)
{
	return json_str(h->json, "code");
}

/* Is one of the body's field errors about field, with text containing what? */
static bool has_error(struct http *h, const char *field, const char *what)
{
	struct json_object *e = json_get(h->json, "errors");

	for (size_t i = 0; e && i < json_object_array_length(e); i++) {
		struct json_object *one = json_object_array_get_idx(e, i);
		const char *f = json_str(one, "field"), *t = json_str(one, "error");

		if (f && strcmp(f, field) == 0 && t && strstr(t, what))
			return true;
	}
	return false;
}

/* The lesson lesson_id in a course body's sections, or NULL. */
static struct json_object *lesson_in(struct json_object *course, long long lesson_id)
{
	struct json_object *ss = json_get(course, "sections");

	for (size_t i = 0; ss && i < json_object_array_length(ss); i++) {
		struct json_object *ls = json_get(json_object_array_get_idx(ss, i), "lessons");

		for (size_t k = 0; ls && k < json_object_array_length(ls); k++)
			if (jint(json_object_array_get_idx(ls, k), "id") == lesson_id)
				return json_object_array_get_idx(ls, k);
	}
	return NULL;
}

static struct json_object *section_in(struct json_object *course, long long section_id)
{
	struct json_object *ss = json_get(course, "sections");

	for (size_t i = 0; ss && i < json_object_array_length(ss); i++)
		if (jint(json_object_array_get_idx(ss, i), "id") == section_id)
			return json_object_array_get_idx(ss, i);
	return NULL;
}

static const char *lesson_path(long long section, long long lesson, const char *rest)
{
	return path_of("/course/%lld/section/%lld/lesson/%lld/%s", cid, section, lesson, rest);
}

/* An attempt at quiz one: the single-choice, multiple and true/false picks. */
static const char *q1_body(long long single, const char *multi, long long tf)
{
	return path_of("{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]},"
	               "{\"question_id\":%lld,\"selected_options\":[%s]},"
	               "{\"question_id\":%lld,\"selected_options\":[%lld]}]}",
	               q_single, single, q_multi, multi, q_tf, tf);
}

static long long lesson_id(const char *key)
{
	return sql_int("SELECT l.id FROM lessons l JOIN course_sections s ON s.id = l.section_id JOIN courses c "
	               "ON c.id = s.course_id WHERE c.slug = 'cf-test' AND l.skey = '%s'", key);
}

static long long option_id(const char *question, const char *key)
{
	return sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id JOIN courses c "
	               "ON c.id = q.course_id WHERE c.slug = 'cf-test' AND q.qkey = '%s' AND o.okey = '%s'",
	               question, key);
}

static long long question_id(const char *key)
{
	return sql_int("SELECT q.id FROM questions q JOIN courses c ON c.id = q.course_id WHERE c.slug = 'cf-test' "
	               "AND q.qkey = '%s'", key);
}

static void setup(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/course-face.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	cre = must_login("learner30");
	mgr = must_login("learner31");
	l32 = must_login("learner32");
	l33 = must_login("learner33");
	l38 = must_login("learner38");
	inv = must_login("learner34");
	reqd = must_login("learner35");
	payw = must_login("learner36");
	outsider = must_login("learner37");
	adm = must_login("admin");
	cid = sql_int("SELECT id FROM courses WHERE slug = 'cf-test'");
	s1 = sql_int("SELECT id FROM course_sections WHERE course_id = %lld AND skey = 's1'", cid);
	s2 = sql_int("SELECT id FROM course_sections WHERE course_id = %lld AND skey = 's2'", cid);
	s3 = sql_int("SELECT id FROM course_sections WHERE course_id = %lld AND skey = 's3'", cid);
	intro = lesson_id("intro");
	quiz1 = lesson_id("quiz1");
	video = lesson_id("video");
	quiz2 = lesson_id("quiz2");
	draft = lesson_id("draft");
	numq = lesson_id("numq");
	q_single = question_id("q-single");
	q_multi = question_id("q-multi");
	q_tf = question_id("q-tf");
	q_num = question_id("q-num");
	o_right = option_id("q-single", "a");
	o_wrong = option_id("q-single", "b");
	o_even2 = option_id("q-multi", "a");
	o_odd3 = option_id("q-multi", "b");
	o_even4 = option_id("q-multi", "c");
	o_true = option_id("q-tf", "t");
	o_false = option_id("q-tf", "f");
	if (cid <= 0 || s3 <= 0 || numq <= 0 || o_false <= 0)
		bail("cannot find the fixture's ids");
}

/* GET course/{id}/ for each kind of member. */
static void course_reads(void)
{
	struct http h;
	struct json_object *c, *l;

	is_int(co("GET", path_of("/course/%lld/", cid), l32, NULL, &h), 200, "a joined learner reads the course");
	c = h.json;
	is_str(json_str(c, "join_status"), "joined", "join_status joined");
	is_str(json_str(c, "type"), "structured", "type structured");
	is_str(json_str(c, "privacy"), "private", "privacy private (membership by enrollment)");
	is_str(json_str(json_get(c, "created_by"), "username"), "learner30", "created_by is the creator");
	is_int(json_object_array_length(json_get(c, "sections")), 3, "three sections");
	is_int(jint(c, "num_lessons"), 5, "five published lessons");
	is_int(jint(c, "num_sections"), 3, "three sections with a published lesson");
	is_int(jint(c, "num_lessons_completed"), 0, "none completed");
	is_int(jint(c, "user_completion_rate"), 0, "completion rate 0");
	ok(lesson_in(c, draft) == NULL, "the learner's view hides the draft lesson");
	ok((l = lesson_in(c, intro)) && !jbool(l, "locked") && strcmp(json_str(l, "type"), "lesson") == 0,
	   "the first lesson is open (type lesson)");
	ok((l = lesson_in(c, quiz1)) && jbool(l, "locked") && strcmp(json_str(l, "type"), "quiz") == 0,
	   "the quiz after it is locked by the lesson order (type quiz)");
	is_str(json_str(lesson_in(c, quiz1), "completion_status"), "uncompleted", "completion_status uncompleted");
	ok(jbool(section_in(c, s2), "locked") && json_str(section_in(c, s2), "available_date") != NULL,
	   "week 2 is locked, with the date it opens (joined + 3 days)");
	ok(!jbool(section_in(c, s1), "locked") && json_get(section_in(c, s1), "available_date") == NULL,
	   "week 1 is open and not dated");
	http_free(&h);

	is_int(co("GET", path_of("/course/%lld/", cid), inv, NULL, &h), 200, "an invited member reads the course");
	is_str(json_str(h.json, "join_status"), "invited", "join_status invited");
	is_int(json_object_array_length(json_get(h.json, "sections")), 0, "without its outline");
	http_free(&h);
	co("GET", path_of("/course/%lld", cid), reqd, NULL, &h);
	is_str(json_str(h.json, "join_status"), "requested", "join_status requested (no trailing slash)");
	http_free(&h);
	co("GET", path_of("/course/%lld/", cid), payw, NULL, &h);
	is_str(json_str(h.json, "join_status"), "payment_waiting", "join_status payment_waiting");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/", cid), outsider, NULL, &h), 403, "someone not in the course: 403");
	is_str(code_of(&h), "not_joined", "code not_joined");
	http_free(&h);
	is_int(co_status("GET", "/course/999999/", l32, NULL), 404, "an unknown course: 404");
	is_int(co_status("GET", path_of("/course/%lld/", cid), NULL, NULL), 401, "no token: 401");

	co("GET", path_of("/course/%lld/", cid), cre, NULL, &h);
	is_str(json_str(h.json, "join_status"), "creator", "the creator's join_status");
	ok(lesson_in(h.json, draft) == NULL, "view=user hides drafts from the creator too");
	http_free(&h);
	co("GET", path_of("/course/%lld/", cid), mgr, NULL, &h);
	is_str(json_str(h.json, "join_status"), "manager", "a manager's join_status");
	ok(!jbool(lesson_in(h.json, quiz1), "locked"), "nothing is locked for a manager");
	http_free(&h);
	co("GET", path_of("/course/%lld/?view=edit", cid), cre, NULL, &h);
	ok(h.status == 200 && lesson_in(h.json, draft) != NULL &&
	   strcmp(json_str(lesson_in(h.json, draft), "status"), "draft") == 0, "view=edit shows the draft to the creator");
	http_free(&h);
	is_int(co_status("GET", path_of("/course/%lld/?view=dashboard", cid), mgr, NULL), 200, "view=dashboard for a manager");
	is_int(co("GET", path_of("/course/%lld/?view=edit", cid), l32, NULL, &h), 403, "view=edit for a learner: 403");
	is_str(code_of(&h), "not_creator_or_manager", "code not_creator_or_manager");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/?view=teacher", cid), cre, NULL, &h), 400, "an unknown view: 400");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "view"), "the body says which parameter");
	http_free(&h);
	is_int(co_status("GET", path_of("/course/%lld/?user=abc", cid), cre, NULL), 400, "user=abc: 400");
	is_int(co_status("GET", path_of("/course/%lld/?user=%lld", cid, sql_int("SELECT id FROM users WHERE username = 'learner32'")), l33, NULL),
	       403, "a learner may not read another's progress");
	is_int(co_status("GET", path_of("/course/%lld/?user=%lld", cid, sql_int("SELECT id FROM users WHERE username = 'learner37'")), cre, NULL),
	       404, "nor may staff read the progress of someone not in the course");
	/* Token, the scheme some SelfCommunity client setups send */
	{
		char auth[2048];
		struct http_req rq = {.method = "GET", .path = path_of("/api/v2/course/%lld/", cid), .auth = auth};

		snprintf(auth, sizeof(auth), "Token %s", l32);
		http_do(&rq, &h);
		is_int(h.status, 200, "Authorization: Token works as Bearer does");
		http_free(&h);
	}
}

/* The section and lesson lists and reads: creators and managers only. */
static void staff_lists(void)
{
	struct http h;

	is_int(co("GET", path_of("/course/%lld/section/", cid), mgr, NULL, &h), 200, "a manager lists the sections");
	ok(json_object_is_type(h.json, json_type_array) && json_object_array_length(h.json) == 3,
	   "a bare array of three sections");
	is_int(json_object_array_length(json_get(json_object_array_get_idx(h.json, 2), "lessons_order")), 2,
	       "a staff list's lessons_order counts the draft");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/section/", cid), l32, NULL, &h), 403, "a learner may not list sections");
	is_str(code_of(&h), "not_creator_or_manager", "code not_creator_or_manager");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/section/%lld/", cid, s2), cre, NULL, &h), 200, "the creator reads a section");
	is_int(jint(h.json, "drip_delay"), 3, "its drip_delay");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/section/%lld/lesson/", cid, s3), cre, NULL, &h), 200, "its lessons");
	ok(json_object_is_type(h.json, json_type_array) && json_object_array_length(h.json) == 2,
	   "a bare array, the draft included");
	ok(h.json && jint(json_object_array_get_idx(h.json, 0), "course_id") == cid &&
	   jint(json_object_array_get_idx(h.json, 0), "section_id") == s3, "each with course_id and section_id");
	http_free(&h);
	is_int(co_status("GET", path_of("/course/%lld/section/999999/", cid), cre, NULL), 404, "an unknown section: 404");
	is_int(co_status("GET", path_of("/course/%lld/section/%lld/lesson/", cid, s1), l32, NULL), 403,
	       "a learner may not list lessons");
}

/* GET a lesson: the rules, drafts and paths that do not match. */
static void lesson_reads(void)
{
	struct http h;

	is_int(co("GET", lesson_path(s1, intro, ""), l32, NULL, &h), 200, "the open lesson reads");
	ok(json_str(h.json, "html") != NULL && jint(h.json, "course_id") == cid && jint(h.json, "section_id") == s1,
	   "with html (a string), course_id and section_id");
	http_free(&h);
	is_int(co("GET", lesson_path(s1, quiz1, ""), l32, NULL, &h), 403, "the quiz after it is locked");
	is_str(code_of(&h), "lessons_order", "code lessons_order names rule 4");
	ok(strstr(json_str(h.json, "detail"), "enforce_lessons_order") != NULL, "so does the detail");
	http_free(&h);
	is_int(co("GET", lesson_path(s2, video, ""), l32, NULL, &h), 403, "week 2 (3 days after joining) is locked");
	is_str(code_of(&h), "section_drip_delay", "code section_drip_delay names rule 3");
	http_free(&h);
	is_int(co_status("GET", lesson_path(s3, draft, ""), l32, NULL), 404, "a draft lesson is not there for a learner");
	is_int(co("GET", lesson_path(s3, draft, ""), cre, NULL, &h), 200, "the creator reads it");
	is_str(json_str(h.json, "status"), "draft", "status draft");
	http_free(&h);
	is_int(co_status("GET", lesson_path(s2, intro, ""), l32, NULL), 404, "a lesson under another section: 404");
	is_int(co_status("GET", path_of("/course/%lld/section/%lld/lesson/%lld/", cid + 1000, s1, intro), l32, NULL), 404,
	       "under an unknown course: 404");
	is_int(co("GET", lesson_path(s1, intro, ""), inv, NULL, &h), 403, "an invited member may not read a lesson");
	is_str(code_of(&h), "not_joined", "code not_joined");
	http_free(&h);
	is_int(co_status("GET", lesson_path(s1, intro, ""), reqd, NULL), 403, "nor one who requested to join");
	is_int(co_status("GET", lesson_path(s1, intro, ""), payw, NULL), 403, "nor one waiting for payment");
	is_int(co_status("POST", lesson_path(s1, intro, "complete/"), payw, NULL), 403, "who completes nothing either");
	is_int(co_status("POST", lesson_path(s1, quiz1, "attempt/"), reqd, "{\"responses\":[]}"), 403,
	       "and takes no quiz");
	is_int(co_status("GET", lesson_path(s1, intro, ""), outsider, NULL), 403, "someone not in the course: 403");
	is_int(co("GET", lesson_path(s1, quiz1, ""), cre, NULL, &h), 200, "the creator reads the quiz at once");
	ok(json_get(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(h.json, "questions"), 0),
	                                                "answers"), 0), "correct") != NULL,
	   "with each answer's correct flag");
	http_free(&h);
}

/* complete/ and incomplete/, and the lesson order they open. */
static void completion(void)
{
	struct http h;
	struct json_object *q;

	is_int(co("POST", lesson_path(s1, quiz1, "complete/"), l32, NULL, &h), 403,
	       "a locked lesson cannot be completed either");
	http_free(&h);
	is_int(co_status("POST", lesson_path(s1, intro, "complete/"), l32, NULL), 204, "complete/: 204");
	is_int(co_status("POST", lesson_path(s1, intro, "complete"), l32, NULL), 204, "again: 204, no change");
	is_int(co_status("POST", lesson_path(s1, intro, "complete/"), l32, "{\"x\":1}"), 400, "a body: 400");
	is_int(co("POST", lesson_path(s1, quiz1, "complete/"), l32, NULL, &h), 400,
	       "a quiz lesson is not marked complete: its pass completes it");
	ok(json_str(h.json, "detail") && strstr(json_str(h.json, "detail"), "passing"), "the body says so");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/", cid), l32, NULL, &h), 200, "the outline");
	is_str(json_str(lesson_in(h.json, intro), "completion_status"), "completed", "the lesson is completed");
	ok(!jbool(lesson_in(h.json, quiz1), "locked"), "the quiz after it is open");
	is_int(jint(h.json, "num_lessons_completed"), 1, "one lesson completed");
	is_int(jint(h.json, "user_completion_rate"), 20, "completion rate 20 (1 of 5)");
	is_int(jint(section_in(h.json, s1), "num_lessons_completed"), 1, "its section counts it");
	http_free(&h);
	is_int(co_status("POST", lesson_path(s1, intro, "incomplete/"), l32, NULL), 204, "incomplete/: 204");
	is_int(co_status("GET", lesson_path(s1, quiz1, ""), l32, NULL), 403, "the quiz is locked again");
	is_int(co_status("POST", lesson_path(s1, intro, "complete/"), l32, NULL), 204, "completed again");
	is_int(co("GET", lesson_path(s1, quiz1, ""), l32, NULL, &h), 200, "the quiz reads");
	is_int(jint(h.json, "passing_grade"), 50, "passing_grade 50");
	is_int(json_object_array_length(json_get(h.json, "questions")), 3, "three questions");
	q = json_object_array_get_idx(json_get(h.json, "questions"), 1);
	is_str(json_str(q, "type"), "multi_choice", "a multiple choice question is multi_choice");
	ok(json_get(json_object_array_get_idx(json_get(q, "answers"), 0), "correct") == NULL,
	   "a learner is not shown which answers are correct");
	is_str(json_str(json_object_array_get_idx(json_get(h.json, "questions"), 2), "type"), "single_choice",
	       "true/false is single_choice");
	ok(json_get(h.json, "last_attempt") == NULL, "no last attempt yet");
	http_free(&h);
}

/* A quiz attempt's bad inputs: each is a 400 naming what is wrong, and none
 * makes an attempt. */
static void attempt_bad_inputs(void)
{
	char url[256], body[512];
	struct http h;

	snprintf(url, sizeof(url), "%s", lesson_path(s1, quiz1, "attempt/"));
	is_int(co("POST", url, l32, "{}", &h), 400, "no responses: 400");
	ok(has_error(&h, "responses", "Send"), "the body says what to send");
	http_free(&h);
	is_int(co_status("POST", url, l32, "[1]"), 400, "a list for a body: 400");
	is_int(co_status("POST", url, l32, "{\"responses\":{}}"), 400, "responses an object: 400");
	is_int(co_status("POST", url, l32, NULL), 400, "no body: 400");

	snprintf(body, sizeof(body), "{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]}]}", q_single,
	         o_right);
	is_int(co("POST", url, l32, body, &h), 400, "two questions unanswered: 400");
	ok(has_error(&h, "responses", path_of("question %lld has no response", q_multi)) &&
	   has_error(&h, "responses", path_of("question %lld has no response", q_tf)), "naming each missing question");
	is_str(code_of(&h), "validation_error", "code validation_error");
	http_free(&h);

	snprintf(body, sizeof(body), "{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]},"
	         "{\"question_id\":%lld,\"selected_options\":[%lld]},{\"question_id\":\"%lld\",\"selected_options\":[1]},"
	         "{\"question_id\":999999,\"selected_options\":[1]},{\"question_id\":%lld,\"selected_options\":[%lld]},"
	         "{\"question_id\":%lld,\"selected_options\":[]}]}",
	         q_single, o_right, q_single, o_right, q_multi, q_tf, o_right, q_multi);
	is_int(co("POST", url, l32, body, &h), 400, "six bad responses: 400");
	ok(has_error(&h, "responses[1].question_id", "answered twice"), "a question answered twice");
	ok(has_error(&h, "responses[2].question_id", "integer"), "a question id as a string");
	ok(has_error(&h, "responses[3].question_id", "not a question of this quiz"), "an unknown question");
	ok(has_error(&h, "responses[4].selected_options", ""), "an answer id of another question");
	ok(has_error(&h, "responses[5].selected_options", "at least one"), "an empty selection is no answer");
	http_free(&h);
	snprintf(body, sizeof(body), "{\"responses\":[{\"question_id\":%lld,\"selected_options\":[\"%lld\"]}]}", q_multi,
	         o_even2);
	co("POST", url, l32, body, &h);
	ok(has_error(&h, "responses[0].selected_options[0]", "integer"), "an answer id as a string");
	http_free(&h);

	is_int(co_status("POST", url, l32, q1_body(o_right, path_of("%lld,%lld", o_even2, o_even4), o_false)), 200,
	       "a good attempt (control; it passes)");
	snprintf(body, sizeof(body), "{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld,%lld]},"
	         "{\"question_id\":%lld,\"selected_options\":[%lld]},{\"question_id\":%lld,\"selected_options\":[%lld]}]}",
	         q_single, o_right, o_wrong, q_multi, o_even2, q_tf, o_true);
	is_int(co("POST", url, l32, body, &h), 400, "two answers to a single-choice question: 400");
	ok(has_error(&h, "responses[0].selected_options", ""), "named");
	http_free(&h);
	is_int(co("POST", lesson_path(s1, intro, "attempt/"), l32, "{\"responses\":[]}", &h), 400,
	       "an attempt at a lesson that is no quiz: 400");
	is_str(code_of(&h), "not_a_quiz", "code not_a_quiz");
	http_free(&h);
	/* quiz one, learner32: one attempt (the control) */
	is_int(sql_int("SELECT COUNT(*) FROM attempts a JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id "
	               "WHERE e.slug = 'cf-q1' AND u.username = 'learner32'"),
	       1, "only the good attempt was made");
}

/* Attempts, their results and what they do to the lesson and its retakes. */
static void attempts_and_results(void)
{
	struct json_object *qa, *q0, *a0;
	struct http h;
	char url[256];

	snprintf(url, sizeof(url), "%s", lesson_path(s1, quiz1, "attempt/"));
	/* learner33 fails first: one right of three (33 %) */
	co_status("POST", lesson_path(s1, intro, "complete/"), l33, NULL);
	is_int(co("POST", url, l33, q1_body(o_right, path_of("%lld", o_odd3), o_true), &h), 200, "a failing attempt: 200");
	qa = json_get(h.json, "quiz_attempt");
	is_int(jint(qa, "grade"), 33, "grade 33 (an integer percent)");
	is_str(json_str(qa, "result"), "failed", "result failed");
	is_int(jint(qa, "num_attempts"), 1, "num_attempts 1");
	is_int(jint(qa, "passing_grade"), 50, "passing_grade 50");
	is_int(jint(qa, "correct_responses"), 1, "correct_responses 1");
	is_int(jint(h.json, "lesson_id"), quiz1, "lesson_id");
	is_str(json_str(json_get(h.json, "user"), "username"), "learner33", "user is the learner");
	q0 = json_object_array_get_idx(json_get(qa, "questions"), 0);
	ok(jbool(q0, "correct"), "the first question was answered correctly");
	ok(!jbool(json_object_array_get_idx(json_get(qa, "questions"), 1), "correct"), "the second was not");
	a0 = json_object_array_get_idx(json_get(q0, "answers"), 0);
	ok(jbool(a0, "selected") && json_get(a0, "correct") == NULL, "answers say selected, not correct, to a learner");
	http_free(&h);
	co("GET", path_of("/course/%lld/", cid), l33, NULL, &h);
	is_str(json_str(lesson_in(h.json, quiz1), "completion_status"), "failed", "the quiz lesson shows failed");
	is_int(jint(h.json, "num_lessons_completed"), 1, "and is not completed");
	http_free(&h);

	/* then passes: every answer right */
	is_int(co("POST", url, l33, q1_body(o_right, path_of("%lld,%lld", o_even2, o_even4), o_false), &h), 200,
	       "a passing retake: 200");
	qa = json_get(h.json, "quiz_attempt");
	is_int(jint(qa, "grade"), 100, "grade 100");
	is_str(json_str(qa, "result"), "completed", "result completed");
	is_int(jint(qa, "num_attempts"), 2, "num_attempts 2");
	is_int(jint(qa, "correct_responses"), 3, "correct_responses 3");
	http_free(&h);
	co("GET", path_of("/course/%lld/", cid), l33, NULL, &h);
	is_str(json_str(lesson_in(h.json, quiz1), "completion_status"), "completed", "the pass completed the lesson");
	is_int(jint(h.json, "num_lessons_completed"), 2, "two lessons completed");
	http_free(&h);
	co("GET", lesson_path(s1, quiz1, ""), l33, NULL, &h);
	is_str(json_str(json_get(json_get(h.json, "last_attempt"), "quiz_attempt"), "result"), "completed",
	       "the lesson's last_attempt is the pass");
	http_free(&h);
	is_int(co_status("POST", url, l33, q1_body(o_right, path_of("%lld", o_even2), o_false)), 200,
	       "a third attempt (max_attempts 3)");
	is_int(co("POST", url, l33, q1_body(o_right, path_of("%lld", o_even2), o_false), &h), 403, "a fourth: 403");
	is_str(code_of(&h), "attempt_limit_reached", "code attempt_limit_reached");
	http_free(&h);
	co("GET", path_of("/course/%lld/", cid), l33, NULL, &h);
	is_str(json_str(lesson_in(h.json, quiz1), "completion_status"), "completed",
	       "a later attempt does not take the completion back");
	http_free(&h);

	/* a quiz with a numeric question cannot be answered here */
	is_int(co("POST", lesson_path(s3, numq, "attempt/"), mgr,
	          path_of("{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]},"
	                  "{\"question_id\":%lld,\"selected_options\":[1]}]}", q_single, o_right, q_num), &h),
	       400, "a numeric question through this face: 400");
	ok(has_error(&h, "responses[1].selected_options", "choice questions only"), "the body says why");
	http_free(&h);
	co("GET", lesson_path(s3, numq, ""), mgr, NULL, &h);
	is_int(json_object_array_length(json_get(h.json, "questions")), 1,
	       "and the lesson lists its choice question only (SelfCommunity's clients know no other type)");
	http_free(&h);
}

/* Rules 3 and 2 both ways, and the staff's bypass. */
static void drip_rules(void)
{
	struct http h;

	is_int(co("POST", lesson_path(s2, quiz2, "attempt/"), mgr,
	          path_of("{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]}]}", q_single, o_right), &h),
	       200, "a manager takes week 2's quiz before it opens");
	is_int(jint(json_get(h.json, "quiz_attempt"), "num_attempts"), 0, "a staff attempt is a preview: it counts nowhere");
	http_free(&h);
	is_int(co("POST", lesson_path(s2, video, "complete/"), l32, NULL, &h), 403, "week 2 is closed to learner32");
	is_str(code_of(&h), "section_drip_delay", "rule 3 named");
	http_free(&h);
	stack_sql("UPDATE enrollments e JOIN users u ON u.id = e.user_id SET e.joined_at = NOW(3) - INTERVAL 3 DAY "
	          "WHERE u.username = 'learner32' AND e.course_id = %lld", cid);
	/* learner32 passed quiz one in attempt_bad_inputs' control: in order */
	is_int(co_status("POST", lesson_path(s2, video, "complete/"), l32, NULL), 204, "joined 3 days ago: week 2 opens");
	is_int(co("POST", lesson_path(s2, quiz2, "attempt/"), l32,
	          path_of("{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]}]}", q_single, o_right), &h),
	       200, "and its quiz is taken");
	is_str(json_str(json_get(h.json, "quiz_attempt"), "result"), "completed", "and passed");
	http_free(&h);

	/* rule 2: the same course scheduled, week 3 dated tomorrow */
	stack_sql("UPDATE courses SET type = 'scheduled' WHERE id = %lld", cid);
	stack_sql("UPDATE course_sections SET dripped_at = NOW(3) + INTERVAL 1 DAY WHERE id = %lld", s3);
	is_int(co("GET", lesson_path(s3, numq, ""), l32, NULL, &h), 403, "scheduled: week 3 before its dripped_at");
	is_str(code_of(&h), "section_dripped_at", "rule 2 named");
	http_free(&h);
	co("GET", path_of("/course/%lld/", cid), l32, NULL, &h);
	ok(jbool(section_in(h.json, s3), "locked") && json_str(section_in(h.json, s3), "available_date") &&
	   json_str(section_in(h.json, s3), "dripped_at"), "the outline shows week 3 locked until its dripped_at");
	http_free(&h);
	stack_sql("UPDATE course_sections SET dripped_at = NOW(3) - INTERVAL 1 SECOND WHERE id = %lld", s3);
	is_int(co_status("GET", lesson_path(s3, numq, ""), l32, NULL), 200, "after its dripped_at it reads");
	stack_sql("UPDATE courses SET type = 'structured' WHERE id = %lld", cid);
	/* rule 1 on the path of a lesson that became a draft */
	stack_sql("UPDATE lessons SET published = 0 WHERE id = %lld", quiz2);
	is_int(co_status("GET", lesson_path(s2, quiz2, ""), l32, NULL), 404, "a lesson unpublished is gone for learners");
	stack_sql("UPDATE lessons SET published = 1 WHERE id = %lld", quiz2);
}

/* GET an attempt: its owner and the course's staff; no one else. */
static void attempt_reads(void)
{
	long long mine = sql_int("SELECT a.id FROM attempts a JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = "
	                         "a.user_id WHERE e.slug = 'cf-q1' AND u.username = 'learner33' ORDER BY a.id LIMIT 1");
	long long other_exam = sql_int("SELECT a.id FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE e.slug = 'cf-q2' "
	                               "LIMIT 1");
	struct http h;

	is_int(co("GET", lesson_path(s1, quiz1, path_of("attempt/%lld/", mine)), l33, NULL, &h), 200, "its owner reads it");
	is_int(jint(h.json, "id"), mine, "the attempt asked for");
	is_str(json_str(json_get(h.json, "quiz_attempt"), "result"), "failed", "the first, failed");
	http_free(&h);
	is_int(co("GET", lesson_path(s1, quiz1, path_of("attempt/%lld", mine)), cre, NULL, &h), 200, "the creator reads it");
	ok(json_get(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(json_get(h.json, "quiz_attempt"),
	                                                                                  "questions"), 0), "answers"), 0),
	            "correct") != NULL, "with the answers' correct flags");
	http_free(&h);
	is_int(co_status("GET", lesson_path(s1, quiz1, path_of("attempt/%lld/", mine)), mgr, NULL), 200, "a manager too");
	is_int(co_status("GET", lesson_path(s1, quiz1, path_of("attempt/%lld/", mine)), l32, NULL), 404,
	       "another learner: 404");
	is_int(co_status("GET", lesson_path(s1, quiz1, path_of("attempt/%lld/", other_exam)), cre, NULL), 404,
	       "an attempt of another quiz through this lesson: 404");
	is_int(co_status("GET", lesson_path(s1, quiz1, "attempt/999999/"), l33, NULL), 404, "an unknown attempt: 404");
	is_int(co_status("GET", lesson_path(s1, intro, path_of("attempt/%lld/", mine)), l33, NULL), 404,
	       "through a lesson that is no quiz: 404");
}

/* The quiz dashboard: creators and managers, pages, search, statuses. */
static void dashboard(void)
{
	long long total = sql_int("SELECT COUNT(*) FROM attempts a JOIN lessons l ON l.exam_id = a.exam_id JOIN "
	                          "course_sections s ON s.id = l.section_id JOIN enrollments en ON en.user_id = a.user_id "
	                          "AND en.course_id = s.course_id WHERE s.course_id = %lld AND a.preview = 0 AND "
	                          "en.status = 'joined' AND en.role IN ('learner', 'manager', 'instructor')", cid);
	struct json_object *r0;
	struct http h;

	is_int(co("GET", path_of("/course/%lld/quiz/", cid), cre, NULL, &h), 200, "the creator reads the dashboard");
	is_int(jint(h.json, "count"), total, "count: every counted attempt of joined members and managers (%lld)", total);
	ok(total >= 5, "(there are several)");
	r0 = json_object_array_get_idx(json_get(h.json, "results"), 0);
	ok(r0 && jint(r0, "course_id") == cid && jint(r0, "lesson_id") > 0 && json_str(r0, "name") &&
	   json_get(json_get(r0, "user"), "username"), "rows name the course, section, lesson and user");
	ok(json_get(h.json, "next") == NULL && json_get(h.json, "previous") == NULL, "one page: no next, no previous");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?limit=2&offset=2", cid), mgr, NULL, &h);
	is_int(json_object_array_length(json_get(h.json, "results")), 2, "limit=2: two rows");
	ok(json_str(h.json, "next") && strstr(json_str(h.json, "next"), "http") == json_str(h.json, "next") &&
	   strstr(json_str(h.json, "next"), "offset=4"), "next is absolute, at offset 4");
	ok(json_str(h.json, "previous") && strstr(json_str(h.json, "previous"), "offset=0"), "previous at offset 0");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?search=learner33", cid), cre, NULL, &h);
	is_int(jint(h.json, "count"), 3, "search=learner33: learner33's three attempts");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?search=Quiz%%20two", cid), cre, NULL, &h);
	is_int(jint(h.json, "count"), 1, "search by the lesson's name (the manager's preview is not counted)");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?statuses=creator", cid), cre, NULL, &h);
	is_int(jint(h.json, "count"), 0, "statuses=creator: none");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?statuses[]=joined&statuses[]=creator", cid), cre, NULL, &h);
	is_int(jint(h.json, "count"), total, "statuses[]=joined&statuses[]=creator");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?statuses=none", cid), cre, NULL, &h);
	ok(h.status == 200 && jint(h.json, "count") == 0, "statuses=none: attempts of people no longer enrolled (none here)");
	http_free(&h);
	co("GET", path_of("/course/%lld/quiz/?statuses=%%5B%%22joined%%22,%%22manager%%22%%5D", cid), cre, NULL, &h);
	is_int(jint(h.json, "count"), total, "statuses=[\"joined\",\"manager\"] (a JSON list)");
	http_free(&h);
	is_int(co("GET", path_of("/course/%lld/quiz/?statuses=joined,boss", cid), cre, NULL, &h), 400,
	       "an unknown status: 400");
	ok(has_error(&h, "statuses", "boss"), "named");
	http_free(&h);
	is_int(co_status("GET", path_of("/course/%lld/quiz/?limit=0", cid), cre, NULL), 400, "limit=0: 400");
	is_int(co_status("GET", path_of("/course/%lld/quiz/?offset=-1", cid), cre, NULL), 400, "offset=-1: 400");
	is_int(co_status("GET", path_of("/course/%lld/quiz/?limit=x", cid), cre, NULL), 400, "limit=x: 400");
	is_int(co("GET", path_of("/course/%lld/quiz/", cid), l32, NULL, &h), 403, "a learner: 403");
	is_str(code_of(&h), "not_creator_or_manager", "code not_creator_or_manager");
	http_free(&h);
	is_int(co_status("GET", "/course/999999/quiz/", cre, NULL), 404, "an unknown course: 404");
	is_int(co_status("GET", path_of("/course/%lld/quiz/", cid), adm, NULL), 200, "an admin reads any course's");
}

/* Testpress: starts cf-q1 as tok, answers the single-choice and true/false
 * questions right (2 of 3: a pass) and ends it; the end's status. */
static long tp_pass_q1(const char *tok)
{
	struct http h;
	long long id, items[3] = {0};
	long st;

	http_json("POST", "/api/v2.2/exams/cf-q1/attempts/", jwt_header(tok), NULL, &h);
	id = jint(h.json, "id");
	http_free(&h);
	http_get(path_of("/api/v2.2/attempts/%lld/questions/", id), jwt_header(tok), &h);
	for (size_t i = 0; i < 3; i++)
		items[i] = jint(json_object_array_get_idx(json_get(h.json, "results"), i), "id");
	http_free(&h);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, items[0]), jwt_header(tok),
	          path_of("{\"selected_answers\":[%lld]}", o_right), &h);
	http_free(&h);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, items[2]), jwt_header(tok),
	          path_of("{\"selected_answers\":[%lld]}", o_false), &h);
	http_free(&h);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
	st = h.status;
	http_free(&h);
	return st;
}

/* One engine under both faces: an attempt made on Testpress completes the
 * course's lesson and counts among the course face's attempts, and the other
 * way round, against one retake limit. */
static void cross_face(void)
{
	struct http h;

	is_int(co_status("POST", lesson_path(s1, intro, "complete/"), l38, NULL), 204, "learner38 completes the welcome");
	is_int(tp_pass_q1(l38), 200, "learner38 passes quiz one on the Testpress face");
	co("GET", path_of("/course/%lld/", cid), l38, NULL, &h);
	is_str(json_str(lesson_in(h.json, quiz1), "completion_status"), "completed",
	       "the course face shows the quiz lesson completed");
	http_free(&h);
	co("GET", lesson_path(s1, quiz1, ""), l38, NULL, &h);
	ok(jint(json_get(h.json, "last_attempt"), "id") > 0 &&
	   strcmp(json_str(json_get(json_get(h.json, "last_attempt"), "quiz_attempt"), "result"), "completed") == 0,
	   "its last_attempt is the Testpress attempt, completed");
	is_int(jint(json_get(json_get(h.json, "last_attempt"), "quiz_attempt"), "grade"), 67, "grade 67");
	http_free(&h);
	is_int(co("POST", lesson_path(s1, quiz1, "attempt/"), l38, q1_body(o_wrong, path_of("%lld", o_odd3), o_true), &h),
	       200, "a retake on the course face");
	is_int(jint(json_get(h.json, "quiz_attempt"), "num_attempts"), 2, "counts the Testpress attempt: num_attempts 2");
	http_free(&h);
	http_get("/api/v2.2/exams/cf-q1/attempts/", jwt_header(l38), &h);
	is_int(jint(h.json, "count"), 2, "the Testpress face lists both attempts");
	http_free(&h);
	is_int(co_status("POST", lesson_path(s1, quiz1, "attempt/"), l38, q1_body(o_wrong, path_of("%lld", o_odd3), o_true)),
	       200, "a third attempt, the last of three");
	http_json("POST", "/api/v2.2/exams/cf-q1/attempts/", jwt_header(l38), NULL, &h);
	is_int(h.status, 403, "the Testpress face refuses a fourth: one retake limit");
	http_free(&h);
	/* the rules guard Testpress too: learner32 has not completed week 2's video... (completed in drip_rules);
	 * learner38 joined today, so week 2's quiz is closed on every face */
	http_json("POST", "/api/v2.2/exams/cf-q2/attempts/", jwt_header(l38), NULL, &h);
	is_int(h.status, 403, "Testpress refuses week 2's quiz to learner38 as the course face does");
	http_free(&h);
}

/* The README's curl flow over the structured demo course, as learner1. */
static void readme_flow(void)
{
	char cmd[1024];
	long long demo, w1, intro_l, quiz_l, q1, q2, right1, right2;
	char *tok;
	struct http h;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/examples/demo-structured-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the structured demo course");
	tok = must_login("learner1");
	demo = sql_int("SELECT id FROM courses WHERE slug = 'demo-data-literacy'");
	is_int(co("GET", path_of("/course/%lld/", demo), tok, NULL, &h), 200, "README: the demo course's outline");
	w1 = jint(json_object_array_get_idx(json_get(h.json, "sections"), 0), "id");
	intro_l = jint(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(h.json, "sections"), 0), "lessons"), 0), "id");
	quiz_l = jint(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(h.json, "sections"), 0), "lessons"), 1), "id");
	ok(jbool(json_object_array_get_idx(json_get(json_object_array_get_idx(json_get(h.json, "sections"), 0), "lessons"), 1), "locked"),
	   "README: the week 1 quiz is locked until the reading is completed");
	ok(jbool(json_object_array_get_idx(json_get(h.json, "sections"), 1), "locked"), "README: week 2 is locked (drip)");
	http_free(&h);
	is_int(co_status("POST", path_of("/course/%lld/section/%lld/lesson/%lld/attempt/", demo, w1, quiz_l), tok,
	                 "{\"responses\":[]}"),
	       403, "README: the quiz before the reading: 403");
	is_int(co_status("POST", path_of("/course/%lld/section/%lld/lesson/%lld/complete/", demo, w1, intro_l), tok, NULL),
	       204, "README: complete the reading");
	is_int(co("GET", path_of("/course/%lld/section/%lld/lesson/%lld/", demo, w1, quiz_l), tok, NULL, &h), 200,
	       "README: the quiz's questions");
	q1 = jint(json_object_array_get_idx(json_get(h.json, "questions"), 0), "id");
	q2 = jint(json_object_array_get_idx(json_get(h.json, "questions"), 1), "id");
	http_free(&h);
	right1 = sql_int("SELECT id FROM question_options WHERE question_id = %lld AND is_correct = 1", q1);
	right2 = sql_int("SELECT id FROM question_options WHERE question_id = %lld AND is_correct = 1", q2);
	is_int(co("POST", path_of("/course/%lld/section/%lld/lesson/%lld/attempt/", demo, w1, quiz_l), tok,
	          path_of("{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]},"
	                  "{\"question_id\":%lld,\"selected_options\":[%lld]}]}", q1, right1, q2, right2), &h),
	       200, "README: the attempt");
	is_str(json_str(json_get(h.json, "quiz_attempt"), "result"), "completed", "README: passed");
	http_free(&h);
	co("GET", path_of("/course/%lld/", demo), tok, NULL, &h);
	is_int(jint(h.json, "user_completion_rate"), 33, "README: 2 of 6 lessons completed: 33 %%");
	http_free(&h);
	free(tok);
}

/* Testpress: starts slug as tok; the attempt id (0 when refused: *status). */
static long long tp_start(const char *slug, const char *tok, long *status)
{
	struct http h;
	long long id;

	http_json("POST", path_of("/api/v2.2/exams/%s/attempts/", slug), jwt_header(tok), NULL, &h);
	*status = h.status;
	id = h.status < 300 ? jint(h.json, "id") : 0;
	http_free(&h);
	return id;
}

/* Testpress: answers item i of attempt id with body (a JSON text). */
static void tp_answer(const char *tok, long long id, size_t i, const char *body)
{
	struct http h;
	long long item;

	http_get(path_of("/api/v2.2/attempts/%lld/questions/", id), jwt_header(tok), &h);
	item = jint(json_object_array_get_idx(json_get(h.json, "results"), i), "id");
	http_free(&h);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, item), jwt_header(tok), body, &h);
	http_free(&h);
}

static long tp_end(const char *tok, long long id)
{
	struct http h;
	long st;

	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
	st = h.status;
	http_free(&h);
	return st;
}

/* The completion_status of lesson key in course slug as tok sees it. */
static const char *status_of(const char *tok, long long course, const char *key)
{
	static char out[32];
	struct http h;
	const char *st;

	co("GET", path_of("/course/%lld/", course), tok, NULL, &h);
	st = json_str(lesson_in(h.json, sql_int("SELECT id FROM lessons WHERE skey = '%s'", key)), "completion_status");
	snprintf(out, sizeof(out), "%s", st ? st : "(none)");
	http_free(&h);
	return out;
}

/* An exam behind two lessons (the first a draft), and an attempt whose essay
 * a grader's score makes pass: the rules and completion across faces. */
static void two_lessons_and_regrade(void)
{
	char cmd[1024], *l39, *ins, body[300];
	long long more, att, qid, essay_qid, sub, exam;
	long st;
	struct http h;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/course-face-more.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the second test course");
	l39 = must_login("learner39");
	ins = must_login("instructor");
	more = sql_int("SELECT id FROM courses WHERE slug = 'cf-more'");
	tp_start("cfm-twice", l39, &st);
	is_int(st, 403, "an exam behind two closed lessons: 403");
	/* the first lesson's rule (a draft), not the second's (the order) */
	co("GET", path_of("/course/%lld/", more), l39, NULL, &h);
	ok(jbool(lesson_in(h.json, sql_int("SELECT id FROM lessons WHERE skey = 'twice-b'")), "locked"),
	   "the second lesson is locked by the order");
	http_free(&h);
	{
		struct http_req rq = {.method = "POST", .path = "/api/v2.2/exams/cfm-twice/attempts/", .auth = jwt_header(l39)};

		http_do(&rq, &h);
		ok(h.body && strstr(h.body, "not published"), "the refusal names the first lesson's rule (%s)", h.body ? h.body : "");
		http_free(&h);
	}
	is_int(co_status("POST", path_of("/course/%lld/section/%lld/lesson/%lld/complete/", more,
	                                 sql_int("SELECT section_id FROM lessons WHERE skey = 'read'"),
	                                 sql_int("SELECT id FROM lessons WHERE skey = 'read'")), l39, NULL),
	       204, "the reading completed");
	att = tp_start("cfm-twice", l39, &st);
	is_int(st, 201, "now the second lesson is open: the exam starts (the first open lesson wins)");
	qid = sql_int("SELECT id FROM questions WHERE qkey = 'c1' AND course_id = %lld", more);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}",
	         sql_int("SELECT id FROM question_options WHERE question_id = %lld AND is_correct = 1", qid));
	tp_answer(l39, att, 0, body);
	is_int(tp_end(l39, att), 200, "passed on Testpress");
	is_str(status_of(l39, more, "twice-b"), "completed", "the published lesson is completed");
	is_int(sql_int("SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE l.skey = 'twice-a'"),
	       0, "the draft lesson is not");

	/* an essay pending: nothing completed; a grader's score makes it pass */
	att = tp_start("cfm-essay", l39, &st);
	is_int(st, 201, "the essay quiz starts");
	tp_answer(l39, att, 0, body);
	tp_answer(l39, att, 1, "{\"essay_text\":\"Because.\"}");
	is_int(tp_end(l39, att), 200, "ended with the essay to grade");
	is_str(status_of(l39, more, "essay"), "uncompleted", "pending: the lesson is not completed (nor failed)");
	co("GET", path_of("/course/%lld/section/%lld/lesson/%lld/", more, sql_int("SELECT section_id FROM lessons WHERE skey = 'essay'"),
	                  sql_int("SELECT id FROM lessons WHERE skey = 'essay'")), l39, NULL, &h);
	is_str(json_str(json_get(json_get(h.json, "last_attempt"), "quiz_attempt"), "result"), "uncompleted",
	       "its last attempt is uncompleted while the essay waits");
	http_free(&h);
	exam = sql_int("SELECT id FROM exams WHERE slug = 'cfm-essay'");
	sub = sql_int("SELECT s.id FROM submissions s JOIN users u ON u.id = s.user_id WHERE s.exam_id = %lld "
	              "AND u.username = 'learner39'", exam);
	essay_qid = sql_int("SELECT id FROM questions WHERE qkey = 'e1' AND course_id = %lld", more);
	snprintf(body, sizeof(body), "{\"quiz_submissions\":[{\"attempt\":1,\"questions\":{\"%lld\":{\"score\":5}}}]}",
	         essay_qid);
	{
		struct http_req rq = {.method = "PUT", .path = path_of("/api/v1/courses/%lld/quizzes/%lld/submissions/%lld", more, exam, sub),
		                      .auth = bearer_header(ins), .content_type = "application/json", .body = body, .body_len = -1};

		http_do(&rq, &h);
		is_int(h.status, 200, "the instructor scores the essay on Canvas");
		http_free(&h);
	}
	is_str(status_of(l39, more, "essay"), "completed", "the regrade that makes it pass completes the lesson");
	free(l39);
	free(ins);
}

int main(void)
{
	setup();
	course_reads();
	staff_lists();
	lesson_reads();
	completion();
	attempt_bad_inputs();
	attempts_and_results();
	drip_rules();
	attempt_reads();
	dashboard();
	cross_face();
	readme_flow();
	two_lessons_and_regrade();
	return done_testing();
}
