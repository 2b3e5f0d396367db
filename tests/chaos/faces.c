/* invigil chaos client: one learner's loop on each face.  Every loop starts
 * an attempt, reads its questions, saves and changes answers, ends it, sends
 * one save after the acknowledged end (which must be refused), and retakes,
 * until the run's time or save budget is spent.  A transport error or a 5xx
 * is retried as a real app would (ch_request_retry); the checker knows each
 * try from the log. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "chaos.h"

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static size_t arr_len(struct json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

/* Fills q from a question object with an "id" and an options array named opts_key. */
static void take_question(struct ch_question *q, struct json_object *qo, const char *opts_key)
{
	struct json_object *opts = member(qo, opts_key);

	q->id = ch_int(qo, "id");
	q->nopt = 0;
	for (size_t i = 0; i < arr_len(opts) && q->nopt < CH_MAXOPT; i++)
		q->opt[q->nopt++] = ch_int(json_object_array_get_idx(opts, i), "id");
}

/* The JSON of value v ("o:<id>" or "t:<text>") as a face wants it. */
static void value_json(const char *v, bool as_list, char *out, size_t n)
{
	if (v[0] == 'o')
		snprintf(out, n, as_list ? "[%s]" : "%s", v + 2);
	else
		snprintf(out, n, "\"%s\"", v + 2);
}

static void reset_attempt(struct ch_learner *L)
{
	L->akey[0] = '\0';
	L->nq = 0;
	memset(L->cur, 0, sizeof(L->cur));
}

/* ---- Testpress learner v2.2 ------------------------------------------------ */

static bool tp_questions(struct ch_learner *L)
{
	char path[160];
	struct ch_resp r;
	struct json_object *res;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)L->att_id);
	if (ch_request_retry(L, "questions", 0, NULL, "GET", path, NULL, &r) != 200) {
		ch_resp_free(&r);
		return false;
	}
	res = member(r.json, "results");
	for (size_t i = 0; i < arr_len(res) && L->nq < CH_MAXQ; i++) {
		struct json_object *it = json_object_array_get_idx(res, i);

		/* a running attempt's item names no question: the answer record id keys it */
		take_question(&L->q[L->nq], member(it, "question"), "answers");
		L->q[L->nq].item = ch_int(it, "id");
		L->q[L->nq].id = L->q[L->nq].item;
		L->nq++;
	}
	ch_resp_free(&r);
	return L->nq > 0;
}

static long tp_save(struct ch_learner *L, const char *op, int k, const char *v)
{
	char path[160], body[200], js[100];
	struct ch_resp r;
	long st;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)L->att_id,
	         (long long)L->q[k].item);
	value_json(v, true, js, sizeof(js));
	snprintf(body, sizeof(body), v[0] == 'o' ? "{\"selected_answers\":%s}" : "{\"short_text\":%s}", js);
	ch_count_save();
	st = strcmp(op, "late") == 0 ? ch_request(L, op, L->q[k].id, v, "PUT", path, body, &r)
	                             : ch_request_retry(L, op, L->q[k].id, v, "PUT", path, body, &r);
	ch_resp_free(&r);
	return st;
}

void ch_run_testpress(struct ch_learner *L)
{
	char path[160], v[64];
	struct ch_resp r;
	long st;

	while (ch_running()) {
		reset_attempt(L);
		snprintf(path, sizeof(path), "/api/v2.2/exams/%s/attempts/", L->conf->tp_slug);
		st = ch_request_retry(L, "create", 0, NULL, "POST", path, NULL, &r);
		L->att_id = ch_int(r.json, "id");
		ch_resp_free(&r);
		if ((st != 200 && st != 201) || L->att_id <= 0) {
			ch_sleep_ms(200);
			continue;
		}
		snprintf(L->akey, sizeof(L->akey), "tp:%lld", (long long)L->att_id);
		if (!tp_questions(L))
			continue;
		for (int n = 4 + (int)ch_rand(L, 12); n > 0 && ch_running(); n--) {
			int k = (int)ch_rand(L, (unsigned)L->nq);

			ch_next_value(L, k, v, sizeof(v));
			if ((st = tp_save(L, "save", k, v)) >= 200 && st < 300)
				snprintf(L->cur[k], sizeof(L->cur[k]), "%s", v);
		}
		snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)L->att_id);
		st = ch_request_retry(L, "end", 0, NULL, "PUT", path, NULL, &r);
		ch_resp_free(&r);
		if (st == 200) { /* a save after the acknowledged end: must be refused */
			int k = (int)ch_rand(L, (unsigned)L->nq);

			ch_next_value(L, k, v, sizeof(v));
			tp_save(L, "late", k, v);
		}
	}
}

/* ---- Canvas quiz submissions ------------------------------------------------ */

static bool cv_take_submission(struct ch_learner *L, struct json_object *body)
{
	struct json_object *s = json_object_array_get_idx(member(body, "quiz_submissions"), 0);
	const char *tok = json_object_get_string(member(s, "validation_token"));

	if (s == NULL || tok == NULL || ch_int(s, "attempt") <= 0)
		return false;
	L->sub_id = ch_int(s, "id");
	L->attempt_no = ch_int(s, "attempt");
	snprintf(L->vtoken, sizeof(L->vtoken), "%s", tok);
	snprintf(L->akey, sizeof(L->akey), "cv:%lld.%lld", (long long)L->sub_id, (long long)L->attempt_no);
	return true;
}

/* Starts a quiz submission, or (409: a retried start had gone through) takes the running one. */
static bool cv_start(struct ch_learner *L)
{
	char path[200];
	struct ch_resp r;
	long st;
	bool ok = false;

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)L->conf->course_id,
	         (long long)L->conf->cv_quiz);
	st = ch_request_retry(L, "create", 0, NULL, "POST", path, "{}", &r);
	if (st == 200)
		ok = cv_take_submission(L, r.json);
	ch_resp_free(&r);
	if (st != 409)
		return ok;
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submission", (long long)L->conf->course_id,
	         (long long)L->conf->cv_quiz);
	if (ch_request_retry(L, "own", 0, NULL, "GET", path, NULL, &r) == 200)
		ok = cv_take_submission(L, r.json);
	ch_resp_free(&r);
	return ok;
}

static bool cv_questions(struct ch_learner *L)
{
	char path[200];
	struct ch_resp r;
	struct json_object *qs;

	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question",
	         (long long)L->sub_id);
	if (ch_request_retry(L, "questions", 0, NULL, "GET", path, NULL, &r) != 200) {
		ch_resp_free(&r);
		return false;
	}
	qs = member(r.json, "quiz_submission_questions");
	for (size_t i = 0; i < arr_len(qs) && L->nq < CH_MAXQ; i++) {
		struct json_object *q = json_object_array_get_idx(qs, i);

		take_question(&L->q[L->nq], member(q, "quiz_question"), "answers");
		L->q[L->nq++].id = ch_int(q, "id");
	}
	ch_resp_free(&r);
	return L->nq > 0;
}

static long cv_save(struct ch_learner *L, const char *op, int k, const char *v)
{
	char path[160], body[400], js[100];
	struct ch_resp r;
	long st;

	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", (long long)L->sub_id);
	value_json(v, false, js, sizeof(js));
	snprintf(body, sizeof(body), "{\"attempt\":%lld,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":%s}]}",
	         (long long)L->attempt_no, L->vtoken, (long long)L->q[k].id, js);
	ch_count_save();
	st = strcmp(op, "late") == 0 ? ch_request(L, op, L->q[k].id, v, "POST", path, body, &r)
	                             : ch_request_retry(L, op, L->q[k].id, v, "POST", path, body, &r);
	ch_resp_free(&r);
	return st;
}

void ch_run_canvas(struct ch_learner *L)
{
	char path[200], body[200], v[64];
	struct ch_resp r;
	long st;

	while (ch_running()) {
		reset_attempt(L);
		if (!cv_start(L) || !cv_questions(L)) {
			ch_sleep_ms(200);
			continue;
		}
		for (int n = 4 + (int)ch_rand(L, 12); n > 0 && ch_running(); n--) {
			int k = (int)ch_rand(L, (unsigned)L->nq);

			ch_next_value(L, k, v, sizeof(v));
			if ((st = cv_save(L, "save", k, v)) >= 200 && st < 300)
				snprintf(L->cur[k], sizeof(L->cur[k]), "%s", v);
		}
		snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete",
		         (long long)L->conf->course_id, (long long)L->conf->cv_quiz, (long long)L->sub_id);
		snprintf(body, sizeof(body), "{\"attempt\":%lld,\"validation_token\":\"%s\"}", (long long)L->attempt_no,
		         L->vtoken);
		st = ch_request_retry(L, "end", 0, NULL, "POST", path, body, &r);
		ch_resp_free(&r);
		if (st == 200) {
			int k = (int)ch_rand(L, (unsigned)L->nq);

			ch_next_value(L, k, v, sizeof(v));
			cv_save(L, "late", k, v);
		}
	}
}

/* ---- assessments: one-shot submissions ------------------------------------------ */

static bool as_questions(struct ch_learner *L)
{
	char path[160];
	struct ch_resp r;
	struct json_object *qs;

	snprintf(path, sizeof(path), "/api/v1/assessments/%s", L->conf->as_id);
	if (ch_request_retry(L, "questions", 0, NULL, "GET", path, NULL, &r) != 200) {
		ch_resp_free(&r);
		return false;
	}
	qs = member(r.json, "questions");
	for (size_t i = 0; i < arr_len(qs) && L->nq < CH_MAXQ; i++)
		take_question(&L->q[L->nq++], json_object_array_get_idx(qs, i), "options");
	ch_resp_free(&r);
	return L->nq > 0;
}

/* One submission with every question answered; its log value lists them as
 * "<qid>=<value>,..." (text values are unique to the request, so the checker
 * finds which request a stored submission came from). */
static long as_submit(struct ch_learner *L)
{
	char path[160], body[2000], vals[1000], v[64], js[100];
	size_t bl, vl;
	struct ch_resp r;
	long st;

	snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions", L->conf->as_id);
	bl = (size_t)snprintf(body, sizeof(body), "{\"answers\":[");
	vals[0] = '\0';
	vl = 0;
	for (int k = 0; k < L->nq; k++) {
		ch_next_value(L, k, v, sizeof(v));
		value_json(v, true, js, sizeof(js));
		bl += (size_t)snprintf(body + bl, sizeof(body) - bl, "%s{\"question_id\":%lld,\"%s\":%s}", k ? "," : "",
		                       (long long)L->q[k].id, v[0] == 'o' ? "selected_option_ids" : "text", js);
		vl += (size_t)snprintf(vals + vl, sizeof(vals) - vl, "%s%lld=%s", k ? "," : "", (long long)L->q[k].id, v);
		ch_count_save();
	}
	snprintf(body + bl, sizeof(body) - bl, "]}");
	st = ch_request(L, "submit", 0, vals, "POST", path, body, &r);
	if (r.retry_after[0])
		ch_sleep_ms(200);
	ch_resp_free(&r);
	return st;
}

void ch_run_assess(struct ch_learner *L)
{
	reset_attempt(L);
	while (ch_running() && !as_questions(L))
		ch_sleep_ms(200);
	while (ch_running()) {
		long st = as_submit(L);

		/* a retry is a new submission with new values (no idempotency key):
		 * the checker allows one extra attempt per unanswered request */
		if (st == 0 || st >= 500)
			ch_sleep_ms(100 + (long)ch_rand(L, 200));
		else
			ch_sleep_ms(50 + (long)ch_rand(L, 100));
	}
}
