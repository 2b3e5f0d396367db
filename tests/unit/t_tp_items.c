/* Unit tests: a Testpress page's items written as text (src/api/testpress/
 * items.c) are the JSON view_testpress_item and view_testpress_review_item
 * render, byte for byte, for every kind of item: unanswered, answered with
 * one or several options and a review flag, every duration (none, under a
 * second, whole and fractional seconds, days), texts (which the writer
 * leaves to json-c), a question in a section, a question the exam does not
 * have; and for a review, every right and every shape of statistics. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/model.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "../tap.h"

#define NQ 6
#define NA 11

static struct ex_option opts[NQ][3];
static struct ex_question qs[NQ];
static struct ex_section section = {7, "Part B", 600};
static struct exam_content ec;
static struct attempt at;
static struct answer ans[NA];

static void exam_setup(void)
{
	static const enum question_type types[NQ] = {QT_SINGLE, QT_MULTIPLE, QT_SHORT_TEXT, QT_ESSAY, QT_NUMERIC,
	                                             QT_TRUE_FALSE};

	for (int i = 0; i < NQ; i++) {
		for (int k = 0; k < 3; k++)
			opts[i][k] = (struct ex_option){.id = 100 * (i + 1) + k, .text = k ? "<b>b</b>" : "a \"quoted\" / é",
			                                .correct = k == 1};
		qs[i] = (struct ex_question){.eq_id = 10 + i, .question_id = 500 + i, .position = i, .type = types[i],
		                             .html = "<p>Which \"one\"?\n</p>", .direction = i % 2 ? "Read it." : NULL,
		                             .explanation = "Because.", .marks_e4 = 20000, .options = opts[i],
		                             .noptions = 3};
	}
	qs[5].section_id = section.id; /* the last question is in a section */
	ec.exam.id = 3;
	snprintf(ec.exam.slug, sizeof(ec.exam.slug), "ex");
	ec.exam.title = "Exam";
	ec.version = 1;
	ec.questions = qs;
	ec.nquestions = NQ;
	ec.sections = &section;
	ec.nsections = 1;
	at = (struct attempt){.id = 77, .exam_id = 3, .user_id = 9, .state = AS_RUNNING, .started_ms = 1000,
	                      .last_started_ms = 1000, .last_seen_ms = 2000};
}

/* Answers of every kind (ans[k] of question k % NQ, the last of none). */
static void answers_setup(void)
{
	static const int64_t spent[NA] = {0, 999, 1000, 61005, 90061999, 5, 1234, 0, 3600000, 12, 7};

	for (int k = 0; k < NA; k++) {
		struct answer *a = &ans[k];

		memset(a, 0, sizeof(*a));
		a->id = 9000 + k;
		a->eq_id = qs[k % NQ].eq_id;
		a->position = k;
		a->time_spent_ms = spent[k];
		a->review = k % 3 == 1;
		a->result = (enum answer_result)(k % 5);
		a->has_marks = k % 4 != 0;
		a->marks_e4 = k % 2 ? -2500 : 15000 + k;
	}
	ans[0].nselected = 0;
	ans[1].nselected = 1, ans[1].selected[0] = 101;
	ans[6].nselected = 1, ans[6].selected[0] = 100;
	ans[7].nselected = 3, ans[7].selected[0] = 200, ans[7].selected[1] = 201, ans[7].selected[2] = 202;
	ans[2].text = "  paris \"and\" \\ more\n";
	ans[8].text = ""; /* a short text emptied */
	ans[4].text = "3.14";
	ans[9].text = NULL;
	ans[NA - 1].eq_id = 99; /* a question the exam does not have */
}

/* "[" + each item rendered by json-c + "]", malloc'd. */
static char *rendered(struct req *r, bool review, const struct question_stat *st, const struct review_rights *rt)
{
	size_t cap = 2, len;
	char *out = malloc(cap);

	strcpy(out, "[");
	for (int k = 0; k < NA; k++) {
		struct json_object *o = review
			? view_testpress_review_item(r, &at, &ec, &ans[k], st[k].eq_id ? &st[k] : NULL, rt)
			: view_testpress_item(r, &at, &ec, &ans[k]);
		const char *t = json_object_to_json_string_ext(o, RESP_JSON_FLAGS);

		len = strlen(out);
		out = realloc(out, cap = len + strlen(t) + 3);
		snprintf(out + len, cap - len, "%s%s", k ? "," : "", t);
		json_object_put(o);
	}
	strcat(out, "]");
	return out;
}

static bool same(const char *what, const char *got, const char *want)
{
	if (got != NULL && strcmp(got, want) == 0)
		return true;
	diag("%s: written  %s", what, got ? got : "(null)");
	diag("%s: rendered %s", what, want);
	return false;
}

static void questions_items(struct req *r)
{
	struct json_object *node = tp_items_node(r, &at, &ec, ans, NA);
	char *want = rendered(r, false, NULL, NULL);

	ok(node != NULL && same("questions", json_object_to_json_string_ext(node, RESP_JSON_FLAGS), want),
	   "questions page: the written items are json-c's, byte for byte (%d kinds)", NA);
	json_object_put(node);
	free(want);
}

static void review_items(struct req *r)
{
	static const struct review_rights rights[] = {{false, false}, {true, false}, {true, true}, {false, true}};
	struct question_stat st[NA];

	for (int k = 0; k < NA; k++) {
		/* none; no attempts; no best; every figure; fractions of a second */
		st[k] = (struct question_stat){.eq_id = k % 5 == 0 ? 0 : ans[k].eq_id, .attempts = k % 5 == 1 ? 0 : 3 + k,
		                               .correct = k, .total_time_ms = 12345 * k + 7,
		                               .best_time_ms = k % 5 == 2 ? -1 : 1005 * k};
	}
	for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		struct json_object *node = tp_review_items_node(r, &at, &ec, ans, st, NA, &rights[i]);
		char *want = rendered(r, true, st, &rights[i]), what[48];

		snprintf(what, sizeof(what), "review (results %d, key %d)", rights[i].results, rights[i].key);
		ok(node != NULL && same(what, json_object_to_json_string_ext(node, RESP_JSON_FLAGS), want),
		   "%s: the written items are json-c's, byte for byte", what);
		json_object_put(node);
		free(want);
	}
}

int main(void)
{
	struct arena mem = {0};
	struct req r = {.arena = &mem, .base_url = "https://quiz.example.org/x"};
	struct req odd = {.arena = &mem, .base_url = "https://quiz.example.org/a\"b"};

	/* what the worker sets at its start (src/main.c) */
	json_c_set_serialization_double_format("%.15g", JSON_C_OPTION_GLOBAL);
	exam_setup();
	answers_setup();
	questions_items(&r);
	review_items(&r);
	/* a base URL json-c would escape: every item is json-c's own */
	questions_items(&odd);
	review_items(&odd);
	for (int i = 0; i < CONTENT_MEMO_SLOTS; i++)
		if (ec.memo[i] != NULL)
			ec.memo[i]->release(ec.memo[i]);
	arena_free(&mem);
	return done_testing();
}
