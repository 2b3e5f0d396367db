/* Unit tests: the Testpress exam object an attempt response embeds, written
 * from the text kept in the exam content's memo (src/api/testpress/views.c,
 * tp_exam_head), has the members the object built for the request has, with
 * the same values, for every standing; the memo's text is made once and kept
 * for the first base URL only, so a request from another base URL gets its
 * own URLs. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/model.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "../tap.h"

static struct ex_section sections[2] = {{7, "Part \"A\" / é", 600}, {8, NULL, 0}};
static struct exam_content ec;

static void exam_setup(void)
{
	ec.exam.id = 3;
	snprintf(ec.exam.slug, sizeof(ec.exam.slug), "ex-1");
	ec.exam.title = "Exam \"one\"\n";
	ec.exam.description = "<p>Read.</p>";
	ec.exam.course_title = "Course";
	ec.exam.has_start = true;
	ec.exam.start_ms = 1700000000123;
	ec.exam.duration_s = 5400;
	ec.exam.question_count = 100;
	ec.exam.negative_marks_e4 = 2500;
	ec.exam.mark_per_question_e4 = 10000;
	ec.exam.max_attempts = 3;
	ec.exam.allow_retake = true;
	ec.exam.enable_ranks = true;
	ec.exam.passing_score = 40;
	ec.exam.created_ms = 1600000000000;
	ec.version = 4;
	ec.max_score_e4 = 1234500;
	ec.sections = sections;
	ec.nsections = 2;
}

/* The object as built for the request, with the standing's counts. */
static struct json_object *built(struct req *r, const struct standing *uf)
{
	struct json_object *o = tp_exam_shared(r, &ec);

	json_object_object_add(o, "attempts_count", json_object_new_int64(uf ? uf->attempts_count : 0));
	json_object_object_add(o, "paused_attempts_count", json_object_new_int64(uf ? uf->paused : 0));
	return o;
}

/* view_testpress_exam_full's JSON for r and uf, parsed back; NULL when it
 * is not JSON. */
static struct json_object *written(struct req *r, const struct standing *uf)
{
	struct json_object *node = view_testpress_exam_full(r, &ec, uf);
	struct json_object *back = json_tokener_parse(json_object_to_json_string_ext(node, RESP_JSON_FLAGS));

	json_object_put(node);
	return back;
}

static void same_members(struct req *r, const struct standing *uf, const char *what)
{
	struct json_object *got = written(r, uf), *want = built(r, uf);

	ok(got != NULL && json_object_equal(got, want), "%s: the written object is the built one", what);
	if (got == NULL || !json_object_equal(got, want)) {
		diag("written %s", got ? json_object_to_json_string(got) : "(not JSON)");
		diag("built   %s", json_object_to_json_string(want));
	}
	json_object_put(got);
	json_object_put(want);
}

static const char *url_of(struct json_object *o)
{
	struct json_object *u;

	return json_object_object_get_ex(o, "url", &u) ? json_object_get_string(u) : "";
}

int main(void)
{
	struct arena mem = {0};
	struct req r = {.arena = &mem, .base_url = "https://quiz.example.org/x"};
	struct req other = {.arena = &mem, .base_url = "http://127.0.0.1:8080"};
	struct req odd = {.arena = &mem, .base_url = "https://quiz.example.org/a\"b"};
	struct standing none = {0}, some = {.attempts_count = 3, .paused = true};
	const char *head;
	struct json_object *o;

	json_c_set_serialization_double_format("%.15g", JSON_C_OPTION_GLOBAL);
	exam_setup();
	same_members(&r, NULL, "no standing");
	same_members(&r, &none, "no attempts");
	same_members(&r, &some, "three attempts, one paused");
	head = tp_exam_head(&r, &ec);
	ok(head != NULL && head == tp_exam_head(&r, &ec), "the memo's text is made once and kept");
	ok(head != NULL && head[0] == '{' && head[strlen(head) - 1] != '}', "it is the object without its closing brace");
	ok(head != NULL && strstr(head, "attempts_count") == NULL, "and without the learner's counts");
	ok(tp_exam_head(&other, &ec) == NULL, "another base URL gets no memo text");
	same_members(&other, &some, "another base URL");
	o = written(&other, &some);
	ok(o != NULL && strcmp(url_of(o), "http://127.0.0.1:8080/api/v2.2/exams/ex-1/") == 0,
	   "another base URL's object has its own URL (%s)", o ? url_of(o) : "");
	json_object_put(o);
	same_members(&odd, &some, "a base URL json-c escapes");
	/* a fresh memo whose first request has the odd base URL */
	ec.memo[TP_MEMO_SLOT]->release(ec.memo[TP_MEMO_SLOT]);
	ec.memo[TP_MEMO_SLOT] = NULL;
	same_members(&odd, &some, "a memo made for a base URL json-c escapes");
	ok(tp_exam_head(&odd, &ec) != NULL, "that memo keeps its text");
	for (int i = 0; i < CONTENT_MEMO_SLOTS; i++)
		if (ec.memo[i] != NULL)
			ec.memo[i]->release(ec.memo[i]);
	arena_free(&mem);
	return done_testing();
}
