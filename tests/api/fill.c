/* invigil API tests — the objects the bad-input corpus aims at: an ended and
 * a running Testpress attempt, a Canvas quiz submission, an assessment with
 * a submission, a course-face quiz attempt, all of learner46 in the bi-test
 * course. */
#include "config.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fill.h"
#include "../tap.h"

#define NVARS 48
static struct {
	char *name, *value;
} vars[NVARS];
static char *learner, *instructor, *other;
static char auth_l[4096], auth_i[4096];

void fill_set(const char *name, const char *value)
{
	int i;

	for (i = 0; i < NVARS && vars[i].name != NULL; i++)
		if (strcmp(vars[i].name, name) == 0)
			break;
	if (i == NVARS)
		bail("too many fill variables");
	free(vars[i].value);
	if (vars[i].name == NULL)
		vars[i].name = strdup(name);
	vars[i].value = strdup(value);
}

static void set_int(const char *name, int64_t v)
{
	char buf[32];

	if (v <= 0)
		bail("fill: no %s", name);
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	fill_set(name, buf);
}

const char *fill_var(const char *name)
{
	for (int i = 0; i < NVARS && vars[i].name != NULL; i++)
		if (strcmp(vars[i].name, name) == 0)
			return vars[i].value;
	return NULL;
}

void fill(const char *t, char *out, size_t size)
{
	size_t o = 0;

	while (*t) {
		const char *close = *t == '{' ? strchr(t, '}') : NULL;
		char name[64];
		const char *v;
		size_t n;

		/* {name} with a known name; JSON's own braces pass through */
		if (close != NULL && (size_t)(close - t - 1) < sizeof(name)) {
			snprintf(name, sizeof(name), "%.*s", (int)(close - t - 1), t + 1);
			if ((v = fill_var(name)) != NULL) {
				n = strlen(v);
				if (o + n >= size)
					bail("fill: %s too long", t);
				memcpy(out + o, v, n);
				o += n;
				t = close + 1;
				continue;
			}
			if (strspn(name, "abcdefghijklmnopqrstuvwxyz_0123456789") == strlen(name) && *name)
				bail("fill: unknown variable {%s}", name);
		}
		if (o + 1 >= size)
			bail("fill: %s too long", t);
		out[o++] = *t++;
	}
	out[o] = '\0';
}

const char *fill_auth(const char *who)
{
	return *who == 'L' ? auth_l : *who == 'I' ? auth_i : NULL;
}

static long call(const char *method, const char *path_t, const char *auth, const char *body_t, struct http *h)
{
	char path[1024], body[4096];

	fill(path_t, path, sizeof(path));
	if (body_t)
		fill(body_t, body, sizeof(body));
	http_json(method, path, auth, body_t ? body : NULL, h);
	if (h->status >= 300)
		diag("fill: %s %s -> %ld %.300s", method, path, h->status, h->body ? h->body : "");
	return h->status;
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v ? json_object_get_int64(v) : -1;
}

static struct json_object *idx(struct json_object *a, size_t i)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, i) : NULL;
}

/* Two Testpress attempts of learner46 on bi-main: one ended (for the
 * review routes and a question id), one running with its answer ids. */
static void testpress(void)
{
	struct http h;
	struct json_object *res;

	call("POST", "/api/v2.2/exams/bi-main/attempts/", auth_l, NULL, &h);
	set_int("tp_ended", jint(h.json, "id"));
	http_free(&h);
	call("PUT", "/api/v2.2/attempts/{tp_ended}/end/", auth_l, NULL, &h);
	http_free(&h);
	call("GET", "/api/v2.2/attempts/{tp_ended}/review/", auth_l, NULL, &h);
	set_int("tp_question", jint(json_get(idx(json_get(h.json, "results"), 0), "question"), "id"));
	http_free(&h);
	call("POST", "/api/v2.2/exams/bi-main/attempts/", auth_l, NULL, &h);
	set_int("tp_attempt", jint(h.json, "id"));
	/* the second section: ending the first leaves the essay open */
	set_int("tp_section", jint(idx(json_get(h.json, "sections"), 1), "attempt_section_id"));
	http_free(&h);
	call("GET", "/api/v2.2/attempts/{tp_attempt}/questions/", auth_l, NULL, &h);
	res = json_get(h.json, "results");
	for (size_t i = 0; i < json_object_array_length(res); i++) {
		struct json_object *q = idx(res, i), *qq = json_get(q, "question");
		const char *type = json_str(qq, "type");

		if (type == NULL)
			continue;
		if (strcmp(type, "R") == 0) {
			set_int("tp_aq_mc", jint(q, "id"));
			set_int("tp_option", jint(idx(json_get(qq, "answers"), 0), "id"));
		} else if (strcmp(type, "E") == 0) {
			set_int("tp_aq_essay", jint(q, "id"));
		} else if (strcmp(type, "S") == 0) {
			set_int("tp_aq_short", jint(q, "id"));
		}
	}
	http_free(&h);
}

/* The course and the Canvas quiz ids, then learner46's quiz submission. */
static void canvas(void)
{
	struct http h;
	struct json_object *a, *sub;

	call("GET", "/api/v1/assessments?per_page=100", auth_l, NULL, &h);
	a = json_get(h.json, "data");
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		if (strcmp(json_str(idx(a, i), "slug"), "bi-quiz") == 0)
			set_int("course", jint(idx(a, i), "course_id"));
	http_free(&h);
	call("GET", "/api/v1/courses/{course}/quizzes", auth_l, NULL, &h);
	for (size_t i = 0; h.json && i < json_object_array_length(h.json); i++)
		if (strcmp(json_str(idx(h.json, i), "title"), "Bad input quiz") == 0)
			set_int("quiz", jint(idx(h.json, i), "id"));
	http_free(&h);
	call("POST", "/api/v1/courses/{course}/quizzes/{quiz}/submissions", auth_l, NULL, &h);
	sub = idx(json_get(h.json, "quiz_submissions"), 0);
	set_int("cv_sub", jint(sub, "id"));
	set_int("cv_attempt", jint(sub, "attempt"));
	fill_set("cv_token", json_str(sub, "validation_token") ? json_str(sub, "validation_token") : "");
	http_free(&h);
	call("GET", "/api/v1/quiz_submissions/{cv_sub}/questions", auth_l, NULL, &h);
	a = json_get(h.json, "quiz_submission_questions");
	set_int("cv_q_mc", jint(idx(a, 0), "id"));
	set_int("cv_q_short", jint(idx(a, 3), "id"));
	set_int("cv_q_essay", jint(idx(a, 4), "id"));
	http_free(&h);
	call("GET", "/api/v1/courses/{course}/quizzes/{quiz}/questions/{cv_q_mc}", auth_i, NULL, &h);
	set_int("cv_option", jint(idx(json_get(h.json, "answers"), 0), "id"));
	http_free(&h);
	/* learner48's user id, for the extensions route */
	{
		char a3[4096];

		snprintf(a3, sizeof(a3), "Bearer %s", other);
		call("POST", "/api/v1/courses/{course}/quizzes/{quiz}/submissions", a3, NULL, &h);
		set_int("learner3_id", jint(idx(json_get(h.json, "quiz_submissions"), 0), "user_id"));
		http_free(&h);
	}
}

/* An assessment of the course with a choice, an essay and a numeric
 * question, one submission of learner46, and an assessment to author. */
static void assess(void)
{
	struct http h;
	struct json_object *qs;

	call("POST", "/api/v1/assessments", auth_i,
	     "{\"course_id\":{course},\"title\":\"Corpus\",\"passing_score\":60,\"max_attempts\":null}", &h);
	fill_set("as_id", json_str(h.json, "id") ? json_str(h.json, "id") : "none");
	http_free(&h);
	call("POST", "/api/v1/assessments/{as_id}/questions", auth_i,
	     "{\"questions\":[{\"type\":\"single_choice\",\"text\":\"Q?\",\"points\":1,\"options\":["
	     "{\"text\":\"A\",\"correct\":true},{\"text\":\"B\",\"correct\":false}]},"
	     "{\"type\":\"essay\",\"text\":\"Discuss.\",\"points\":5},"
	     "{\"type\":\"numeric\",\"text\":\"pi?\",\"points\":1,\"answer\":3.14,\"tolerance\":0.01}]}", &h);
	http_free(&h);
	call("GET", "/api/v1/assessments/{as_id}", auth_l, NULL, &h);
	qs = json_get(h.json, "questions");
	for (size_t i = 0; qs && i < json_object_array_length(qs); i++) {
		const char *type = json_str(idx(qs, i), "type");

		if (type && strcmp(type, "single_choice") == 0) {
			set_int("as_q_mc", jint(idx(qs, i), "id"));
			set_int("as_option", jint(idx(json_get(idx(qs, i), "options"), 0), "id"));
		} else if (type && strcmp(type, "essay") == 0) {
			set_int("as_q_text", jint(idx(qs, i), "id"));
		} else if (type && strcmp(type, "numeric") == 0) {
			set_int("as_q_num", jint(idx(qs, i), "id"));
		}
	}
	http_free(&h);
	call("POST", "/api/v1/assessments/{as_id}/submissions", auth_l,
	     "{\"answers\":[{\"question_id\":{as_q_mc},\"selected_option_ids\":[{as_option}]},"
	     "{\"question_id\":{as_q_text},\"text\":\"x\"},{\"question_id\":{as_q_num},\"value\":3}]}", &h);
	fill_set("as_sub", json_str(h.json, "id") ? json_str(h.json, "id") : "none");
	http_free(&h);
	/* the authoring routes change their own assessment, so the questions
	 * the submissions answer stay three */
	call("POST", "/api/v1/assessments", auth_i, "{\"course_id\":{course},\"title\":\"Authoring\",\"passing_score\":50}", &h);
	fill_set("as_authoring", json_str(h.json, "id") ? json_str(h.json, "id") : "none");
	http_free(&h);
}

/* The course face's section, lessons, learner46's video progress, the
 * quiz's questions and options, and one quiz attempt of learner46 (after
 * canvas(), which sets {course}). */
static void course(void)
{
	struct http h;
	struct json_object *sec, *qs;

	call("GET", "/api/v2/course/{course}/", auth_l, NULL, &h);
	sec = idx(json_get(h.json, "sections"), 0);
	set_int("co_section", jint(sec, "id"));
	set_int("co_read", jint(idx(json_get(sec, "lessons"), 0), "id"));
	set_int("co_quiz", jint(idx(json_get(sec, "lessons"), 1), "id"));
	set_int("co_video", jint(idx(json_get(sec, "lessons"), 2), "id"));
	set_int("co_class", jint(idx(json_get(sec, "lessons"), 3), "id"));
	http_free(&h);
	/* learner46's progress with the video (the Testpress SDK's user video) */
	call("POST", "/api/v2.3/contents/{co_video}/attempts/", auth_l, NULL, &h);
	if (h.status != 201)
		bail("opening the video lesson: %ld %.300s", h.status, h.body ? h.body : "");
	set_int("tp_video", jint(h.json, "user_video_id"));
	http_free(&h);
	call("GET", "/api/v2/course/{course}/section/{co_section}/lesson/{co_quiz}/", auth_l, NULL, &h);
	qs = json_get(h.json, "questions");
	set_int("co_q1", jint(idx(qs, 0), "id"));
	set_int("co_opt1", jint(idx(json_get(idx(qs, 0), "answers"), 0), "id"));
	set_int("co_q2", jint(idx(qs, 1), "id"));
	set_int("co_opt2", jint(idx(json_get(idx(qs, 1), "answers"), 0), "id"));
	http_free(&h);
	call("POST", "/api/v2/course/{course}/section/{co_section}/lesson/{co_quiz}/attempt/", auth_l,
	     "{\"responses\":[{\"question_id\":{co_q1},\"selected_options\":[{co_opt1}]},"
	     "{\"question_id\":{co_q2},\"selected_options\":[{co_opt2}]}]}", &h);
	if (h.status != 200)
		bail("the course-face attempt: %ld %.300s", h.status, h.body ? h.body : "");
	set_int("co_attempt", jint(h.json, "id"));
	http_free(&h);
}

void fill_setup(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/badinput/course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the bad-input course");
	learner = login(NULL, "learner46", "demo");
	instructor = login(NULL, "instructor", "demo");
	other = login(NULL, "learner48", "demo");
	if (learner == NULL || instructor == NULL || other == NULL)
		bail("cannot log in");
	snprintf(auth_l, sizeof(auth_l), "Bearer %s", learner);
	snprintf(auth_i, sizeof(auth_i), "Bearer %s", instructor);
	testpress();
	canvas();
	assess();
	course();
}

void fill_teardown(void)
{
	free(learner);
	free(instructor);
	free(other);
	for (int i = 0; i < NVARS; i++) {
		free(vars[i].name);
		free(vars[i].value);
	}
}
