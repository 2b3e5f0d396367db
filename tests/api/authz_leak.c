/* Answer leakage per state: az-other takes az-hidden (show_answers off),
 * az-shown and az-essay (an essay a teacher has not graded) through each
 * face, and every response the learner can read is walked. No correct
 * answer, correctness, per-question marks, explanation or statistic that
 * tells one may appear while the attempt runs, nor after it when the exam
 * hides its answers, nor an essay's marks before it is graded; and each
 * does appear once the rules allow it, so the walk is not vacuous. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "client.h"
#include "../tap.h"

enum state { S_RUNNING, S_HIDDEN, S_SHOWN, S_PENDING };

static const char *const state_name[] = {"running", "ended, answers hidden", "ended, answers shown",
                                         "ended, essay pending"};

/* keys that carry the key or a verdict, wherever they appear */
static const char *const key_words[] = {"is_correct", "correct", "explanation", "explanation_html", "weight",
                                        "correct_answers", "accepted_answers", "correct_comments",
                                        "correct_percentage", "best_duration", NULL};
/* keys that carry a verdict inside a per-question item */
static const char *const item_words[] = {"result", "marks", "status", "points_awarded", "score", NULL};

static bool listed(const char *const *list, const char *k)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], k) == 0)
			return true;
	return false;
}

/* The first key of o (recursively) that tells a verdict, or NULL; items is
 * set inside a per-question list ("results", "quiz_submission_questions"). */
static const char *verdict(struct json_object *o, bool items)
{
	const char *hit = NULL;

	if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; hit == NULL && i < json_object_array_length(o); i++)
			hit = verdict(json_object_array_get_idx(o, i), items);
		return hit;
	}
	if (!json_object_is_type(o, json_type_object))
		return NULL;
	json_object_object_foreach(o, k, v) {
		if (v != NULL && (listed(key_words, k) || (items && listed(item_words, k))))
			return k;
		/* a question's own "marks" is what it is worth, not a verdict: inside
		 * it only the key words count */
		bool question = strcmp(k, "question") == 0 || strcmp(k, "quiz_question") == 0;
		bool list = strcmp(k, "results") == 0 || strcmp(k, "quiz_submission_questions") == 0;

		if (v != NULL && (hit = verdict(v, !question && (items || list))) != NULL)
			return hit;
	}
	return NULL;
}

static int *ncells, *nleaks;

/* One walked response: h's status must be want; when hidden is set, nothing
 * in it may tell a verdict (and no explanation text). */
static void walk(const char *face, enum state st, const char *what, struct http *h, long want, bool hidden,
                 bool review)
{
	const char *k = hidden ? verdict(h->json, false) : NULL;
	bool explained = hidden && h->body && strstr(h->body, "EXPLAIN-") != NULL;

	(*ncells)++;
	if (k != NULL || explained)
		(*nleaks)++;
	ok(h->status == want && k == NULL && !explained, "%s, %s: %s: %ld, %s", face, state_name[st], what, want,
	   k ? k : explained ? "an explanation" : "no verdict");
	if (h->status != want || k != NULL || explained)
		diag("  %ld %.600s", h->status, h->body ? h->body : "");
	http_free(h);
}

static const char *slug_of(enum state st)
{
	return st == S_HIDDEN ? "az-hidden" : st == S_SHOWN ? "az-shown" : "az-essay";
}

/* --- Testpress ---------------------------------------------------------- */

static void testpress(enum state st)
{
	char path[300], body[200];
	struct http h;
	long long id, aq[2];
	struct json_object *res;

	snprintf(path, sizeof(path), "/api/v2.2/exams/%s/attempts/", slug_of(st));
	authz_call(F_TP, R_OTHER, "POST", path, NULL, &h);
	id = authz_jint(h.json, "id");
	walk("Testpress", S_RUNNING, "create", &h, 201, true, false);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", id);
	authz_call(F_TP, R_OTHER, "GET", path, NULL, &h);
	res = json_get(h.json, "results");
	aq[0] = authz_jint(authz_idx(res, 0), "id");
	aq[1] = authz_jint(authz_idx(res, 1), "id");
	walk("Testpress", S_RUNNING, "questions", &h, 200, true, true);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", id, aq[0]);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", fx.opt_right);
	authz_call(F_TP, R_OTHER, "PUT", path, body, &h);
	walk("Testpress", S_RUNNING, "the right answer saved", &h, 200, true, true);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", id, aq[1]);
	authz_call(F_TP, R_OTHER, "PUT", path,
	           st == S_PENDING ? "{\"essay_text\":\"An essay\"}" : "{\"short_text\":\"Paris\"}", &h);
	walk("Testpress", S_RUNNING, "the second answer saved", &h, 200, true, true);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", id);
	authz_call(F_TP, R_OTHER, "GET", path, NULL, &h);
	/* right answers saved, yet nothing counts them while it runs */
	ok(authz_jint(h.json, "correct_count") == 0 && strcmp(json_str(h.json, "score") ? json_str(h.json, "score") : "",
	                                                      "0.00") == 0,
	   "Testpress, running: correct_count 0 and score 0.00 with right answers saved");
	walk("Testpress", S_RUNNING, "the attempt", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", id);
	authz_call(F_TP, R_OTHER, "GET", path, NULL, &h);
	walk("Testpress", S_RUNNING, "the review", &h, 400, true, true);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", id);
	authz_call(F_TP, R_OTHER, "PUT", path, NULL, &h);
	walk("Testpress", st, "end", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", id);
	authz_call(F_TP, R_OTHER, "GET", path, NULL, &h);
	res = json_get(h.json, "results");
	if (st == S_SHOWN) {
		/* allowed: the key, the verdict and the explanation are all there */
		ok(json_get(authz_idx(json_get(json_get(authz_idx(res, 0), "question"), "answers"), 0), "is_correct") &&
		       strcmp(json_str(authz_idx(res, 0), "result") ? json_str(authz_idx(res, 0), "result") : "", "correct") == 0 &&
		       h.body && strstr(h.body, "EXPLAIN-s1") != NULL,
		   "Testpress, %s: the review shows is_correct, result and the explanation", state_name[st]);
	} else if (st == S_PENDING) {
		ok(strcmp(json_str(authz_idx(res, 1), "result") ? json_str(authz_idx(res, 1), "result") : "", "pending") == 0 &&
		       json_get(authz_idx(res, 1), "marks") == NULL &&
		       json_object_object_get_ex(authz_idx(res, 1), "marks", NULL),
		   "Testpress, %s: the essay is pending with marks null", state_name[st]);
	}
	walk("Testpress", st, "the review", &h, 200, st == S_HIDDEN, true);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/subjects/", id);
	authz_call(F_TP, R_OTHER, "GET", path, NULL, &h);
	walk("Testpress", st, "the review's subjects", &h, 200, st == S_HIDDEN, true);
}

/* --- Canvas -------------------------------------------------------------- */

static void canvas(enum state st)
{
	char path[300], body[600], tok[80];
	struct http h;
	struct json_object *s;
	char q[200];
	long long quiz, sid, att;

	snprintf(q, sizeof(q), "SELECT id FROM exams WHERE slug = '%s'", slug_of(st));
	quiz = authz_sql_int(q);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions", fx.course, quiz);
	authz_call(F_CV, R_OTHER, "POST", path, NULL, &h);
	s = authz_idx(json_get(h.json, "quiz_submissions"), 0);
	sid = authz_jint(s, "id");
	att = authz_jint(s, "attempt");
	snprintf(tok, sizeof(tok), "%s", json_str(s, "validation_token") ? json_str(s, "validation_token") : "");
	walk("Canvas", S_RUNNING, "create", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question", sid);
	authz_call(F_CV, R_OTHER, "GET", path, NULL, &h);
	walk("Canvas", S_RUNNING, "questions with quiz_question", &h, 200, true, true);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", sid);
	snprintf(body, sizeof(body),
	         "{\"attempt\":%lld,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":%lld},"
	         "{\"id\":%lld,\"answer\":\"%s\"}]}",
	         att, tok, fx.q_choice, fx.opt_right, st == S_PENDING ? fx.q_essay : fx.q_text,
	         st == S_PENDING ? "An essay" : "Paris");
	authz_call(F_CV, R_OTHER, "POST", path, body, &h);
	walk("Canvas", S_RUNNING, "answers saved", &h, 200, true, true);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submission", fx.course, quiz);
	authz_call(F_CV, R_OTHER, "GET", path, NULL, &h);
	s = authz_idx(json_get(h.json, "quiz_submissions"), 0);
	/* kept_score may hold an earlier, completed attempt's (it is no verdict on this one) */
	ok(s && json_object_object_get_ex(s, "score", NULL) && json_get(s, "score") == NULL,
	   "Canvas, running: score null with right answers saved");
	walk("Canvas", S_RUNNING, "the submission", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld", fx.course, quiz);
	authz_call(F_CV, R_OTHER, "GET", path, NULL, &h);
	walk("Canvas", S_RUNNING, "the quiz", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/questions", fx.course, quiz);
	authz_call(F_CV, R_OTHER, "GET", path, NULL, &h);
	walk("Canvas", S_RUNNING, "the quiz's questions (teachers only)", &h, 403, true, true);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete", fx.course, quiz, sid);
	snprintf(body, sizeof(body), "{\"attempt\":%lld,\"validation_token\":\"%s\"}", att, tok);
	authz_call(F_CV, R_OTHER, "POST", path, body, &h);
	walk("Canvas", st, "complete", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submission", fx.course, quiz);
	authz_call(F_CV, R_OTHER, "GET", path, NULL, &h);
	s = authz_idx(json_get(h.json, "quiz_submissions"), 0);
	/* the total is the learner's once it ends, whatever show_answers says */
	ok(s && json_get(s, "score") != NULL &&
	       strcmp(json_str(s, "workflow_state") ? json_str(s, "workflow_state") : "",
	              st == S_PENDING ? "pending_review" : "complete") == 0,
	   "Canvas, %s: a score, workflow_state %s", state_name[st], st == S_PENDING ? "pending_review" : "complete");
	walk("Canvas", st, "the submission", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question", sid);
	authz_call(F_CV, R_OTHER, "GET", path, NULL, &h);
	/* this face never shows a learner the key (docs/canvas.md) */
	walk("Canvas", st, "questions with quiz_question", &h, 200, true, true);
}

/* --- assessments ------------------------------------------------------ */

static void assessments(enum state st)
{
	char path[300], body[400], pid[64], sub[64];
	struct http h;
	struct json_object *res;

	snprintf(path, sizeof(path), "/api/v1/assessments?per_page=100");
	authz_call(F_AS, R_OTHER, "GET", path, NULL, &h);
	pid[0] = '\0';
	res = json_get(h.json, "data");
	for (size_t i = 0; res && i < json_object_array_length(res); i++)
		if (strcmp(json_str(authz_idx(res, i), "slug") ? json_str(authz_idx(res, i), "slug") : "", slug_of(st)) == 0)
			snprintf(pid, sizeof(pid), "%s", json_str(authz_idx(res, i), "id"));
	walk("assessments", S_RUNNING, "the list", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/assessments/%s", pid);
	authz_call(F_AS, R_OTHER, "GET", path, NULL, &h);
	walk("assessments", S_RUNNING, "the assessment", &h, 200, true, false);
	snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions", pid);
	snprintf(body, sizeof(body),
	         "{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[%lld]},{\"question_id\":%lld,\"text\":\"%s\"}]}",
	         fx.q_choice, fx.opt_right, st == S_PENDING ? fx.q_essay : fx.q_text, st == S_PENDING ? "An essay" : "Paris");
	authz_call(F_AS, R_OTHER, "POST", path, body, &h);
	snprintf(sub, sizeof(sub), "%s", json_str(h.json, "id") ? json_str(h.json, "id") : "none");
	walk("assessments", st, "the submission made", &h, 201, st == S_HIDDEN, true);
	snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions/%s", pid, sub);
	authz_call(F_AS, R_OTHER, "GET", path, NULL, &h);
	res = json_get(h.json, "results");
	if (st == S_SHOWN)
		ok(json_get(authz_idx(res, 0), "correct") && json_object_get_boolean(json_get(authz_idx(res, 0), "correct")),
		   "assessments, %s: results[0].correct is true", state_name[st]);
	else if (st == S_PENDING)
		ok(strcmp(json_str(authz_idx(res, 1), "status") ? json_str(authz_idx(res, 1), "status") : "", "pending") == 0 &&
		       json_get(authz_idx(res, 1), "points_awarded") == NULL,
		   "assessments, %s: the essay is pending, points_awarded null", state_name[st]);
	walk("assessments", st, "the submission read", &h, 200, st == S_HIDDEN, true);
}

void authz_leak_states(int *cells, int *leaks)
{
	ncells = cells;
	nleaks = leaks;
	for (enum state st = S_HIDDEN; st <= S_PENDING; st++) {
		testpress(st);
		canvas(st);
		assessments(st);
	}
}
