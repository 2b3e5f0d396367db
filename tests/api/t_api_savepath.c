/* API tests: a save is one answer event (schema/006).  The event carries the
 * answer's state after it, merged over the current answer; the answer record
 * is not rewritten; reads, the pausable clock and grading take the latest
 * event; events from before 006 (no state) leave the record in charge; a save
 * to an ended attempt stores nothing. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

static char *tok;
static int64_t attempt, aq[2], right[2], wrong[2];

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -999999;
}

static long call(const char *method, const char *path, const char *json, struct http *h)
{
	http_json(method, path, jwt_header(tok), json, h);
	return h->status;
}

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static long save(int k, const char *body)
{
	struct http h;
	char path[128];
	long st;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)attempt, (long long)aq[k]);
	st = call("PUT", path, body, &h);
	http_free(&h);
	return st;
}

/* Question k as the questions page shows it: its one selected option id (0:
 * none, -1: more) and its review flag. */
static void shown(int k, int64_t *selected, bool *review)
{
	struct http h;
	char path[96];
	struct json_object *item, *sel;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	call("GET", path, NULL, &h);
	item = json_object_array_get_idx(json_get(h.json, "results"), (size_t)k);
	sel = json_get(item, "selected_answers");
	*selected = !sel || json_object_array_length(sel) == 0 ? 0
	            : json_object_array_length(sel) == 1 ? json_object_get_int64(json_object_array_get_idx(sel, 0))
	                                                 : -1;
	*review = json_get(item, "review") != NULL && json_object_get_boolean(json_get(item, "review"));
	http_free(&h);
}

static void setup(void)
{
	struct http h;
	char path[96], cmd[1024];
	struct json_object *res;

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/savepath-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	if ((tok = login(NULL, "learner40", "demo")) == NULL)
		bail("cannot log in as learner40");
	if (call("POST", "/api/v2.2/exams/sp-exam/attempts/", NULL, &h) != 201)
		bail("cannot start an attempt: %ld", h.status);
	attempt = jint(h.json, "id");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	call("GET", path, NULL, &h);
	res = json_get(h.json, "results");
	for (size_t k = 0; k < 2; k++) {
		struct json_object *item = json_object_array_get_idx(res, k);
		struct json_object *opts = json_get(json_get(item, "question"), "answers");

		aq[k] = jint(item, "id");
		right[k] = jint(json_object_array_get_idx(opts, 0), "id"); /* the fixture's first option is right */
		wrong[k] = jint(json_object_array_get_idx(opts, 1), "id");
	}
	http_free(&h);
}

/* How many items of a review page's results have result name. */
static int count_results(struct json_object *page, const char *name)
{
	struct json_object *list = json_get(page, "results");
	int n = 0;

	for (size_t i = 0; list && i < json_object_array_length(list); i++)
		n += strcmp(jstr(json_object_array_get_idx(list, i), "result"), name) == 0;
	return n;
}

/* The ended attempt reads from its grades row; one that ended before
 * schema/007 (grades in its records, no row) reads the same. */
static void settled_reads(void)
{
	struct http h;
	char path[96], *before;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)attempt);
	is_int(call("GET", path, NULL, &h), 200, "the review of the ended attempt");
	before = strdup(h.body ? h.body : "");
	http_free(&h);
	/* the same attempt as an end before 007 left it */
	stack_sql("UPDATE answers an JOIN (SELECT j.* FROM attempt_grades g, JSON_TABLE(g.answers, '$[*]' COLUMNS ("
	          "eq BIGINT PATH '$[0]', result VARCHAR(12) PATH '$[1]', marks BIGINT PATH '$[2]', review INT PATH '$[3]', "
	          "spent BIGINT PATH '$[4]', sel VARCHAR(1000) PATH '$[5]')) j WHERE g.attempt_id = %lld) x "
	          "ON an.attempt_id = %lld AND an.exam_question_id = x.eq SET an.result = x.result, an.marks_e4 = x.marks, "
	          "an.review = x.review, an.time_spent_ms = x.spent, an.selected_options = x.sel",
	          (long long)attempt, (long long)attempt);
	stack_sql("DELETE FROM attempt_grades WHERE attempt_id = %lld", (long long)attempt);
	is_int(call("GET", path, NULL, &h), 200, "the review of an attempt ended before schema/007");
	is_str(h.body ? h.body : "", before, "reads the same from its records");
	http_free(&h);
	free(before);
	/* a grades row is what the reads take: a regrade's row, here by hand */
	stack_sql("INSERT INTO attempt_grades (attempt_id, answers) SELECT %lld, CONCAT('[', GROUP_CONCAT(CONCAT('[', "
	          "exam_question_id, ',', CHAR(34), 'correct', CHAR(34), ',10000,0,0,', CHAR(34), CHAR(34), ']') "
	          "ORDER BY position, id), ']') FROM answers "
	          "WHERE attempt_id = %lld", (long long)attempt, (long long)attempt);
	is_int(call("GET", path, NULL, &h), 200, "the review after the grades row changed");
	is_int(count_results(h.json, "correct"), 2, "shows the grades row's results, not the records'");
	http_free(&h);
	/* as an operator's JSON functions write it: spaces after the commas */
	stack_sql("UPDATE attempt_grades SET answers = REPLACE(answers, ',', ', ') WHERE attempt_id = %lld",
	          (long long)attempt);
	is_int(call("GET", path, NULL, &h), 200, "a grades row with spaces (JSON_SET's style) reads");
	is_int(count_results(h.json, "correct"), 2, "the same");
	http_free(&h);
}

/* The questions page's count comes from the attempt row (schema/008); an
 * attempt started before 008 (no count) has its records counted. */
static void page_count(void)
{
	struct http h;
	char path[96];

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	is_int(sql_int("SELECT answer_count FROM attempts WHERE id = %lld", (long long)attempt), 2,
	       "the start recorded its two answer records on the attempt");
	call("GET", path, NULL, &h);
	is_int(jint(h.json, "count"), 2, "the page's count is the attempt's");
	http_free(&h);
	stack_sql("UPDATE attempts SET answer_count = NULL WHERE id = %lld", (long long)attempt);
	call("GET", path, NULL, &h);
	is_int(jint(h.json, "count"), 2, "an attempt from before 008 has its records counted");
	http_free(&h);
	stack_sql("UPDATE attempts SET answer_count = 2 WHERE id = %lld", (long long)attempt);
	is_int(sql_int("SELECT COUNT(*) FROM answers a JOIN exam_questions eq ON eq.id = a.exam_question_id "
	               "WHERE a.attempt_id = %lld AND a.position = eq.position", (long long)attempt),
	       2, "the records made from the worker's copy of the exam, each at its question's position");
}

/* Two learners' tabs save one answer at once, one sending only the flag
 * and the other only the choice: each save merges over the other's
 * (schema/011: saves in READ COMMITTED, the chain's unique key makes the
 * later of two merges over one event merge again), so no field is lost. */
static void merges_in_turn(void)
{
	enum { SAVES = 15 }; /* 30 saves in all: under the per-token burst (40) */
	int status, failed = 0;
	char body[96];

	for (int tab = 0; tab < 2; tab++)
		if (fork() == 0) {
			int bad = 0;

			for (int i = 0; i < SAVES; i++) {
				if (tab == 0)
					snprintf(body, sizeof(body), "{\"review\":%s}", i % 2 == 0 || i == SAVES - 1 ? "true" : "false");
				else
					snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}",
					         (long long)(i == SAVES - 1 || i % 2 == 1 ? right[0] : wrong[0]));
				bad += save(0, body) != 200;
			}
			_exit(bad > 0);
		}
	while (wait(&status) > 0)
		failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	is_int(failed, 0, "two tabs saved one answer %d times each, at once, every save acknowledged", SAVES);
	is_str(stack_sql("SELECT CONCAT(sel, '/', review) FROM answer_events WHERE answer_id = %lld ORDER BY id DESC "
	                 "LIMIT 1", (long long)aq[0]),
	       shell_line("echo %lld/1", (long long)right[0]), "the answer holds each tab's last field: neither was lost");
	is_int(sql_int("SELECT COUNT(*) FROM answer_events WHERE answer_id = %lld AND prev_id IS NOT NULL", (long long)aq[0]),
	       sql_int("SELECT COUNT(DISTINCT prev_id) FROM answer_events WHERE answer_id = %lld AND prev_id IS NOT NULL",
	               (long long)aq[0]),
	       "each event merged over a different one (the chain has no fork)");
	is_int(sql_int("SELECT COUNT(*) FROM answer_events e WHERE e.answer_id = %lld AND e.prev_id > 0 AND NOT EXISTS "
	               "(SELECT 1 FROM answer_events p WHERE p.id = e.prev_id AND p.answer_id = e.answer_id)", (long long)aq[0]),
	       0, "and over an event of the same answer");
}

int main(void)
{
	char body[96], want[48];
	int64_t sel, events;
	bool review;
	struct http h;
	char path[96];

	setup();
	page_count();

	/* a selection, then a review flag alone: the second event keeps the first's choice */
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[0]);
	is_int(save(0, body), 200, "a selection is saved");
	is_int(save(0, "{\"review\":true}"), 200, "a review flag alone is saved");
	shown(0, &sel, &review);
	is_int(sel, right[0], "the flag's save kept the selection");
	ok(review, "and the flag is shown");
	is_int(sql_int("SELECT COUNT(*) FROM answer_events WHERE answer_id = %lld AND sel IS NOT NULL", (long long)aq[0]),
	       2, "each save is one event carrying the answer's state");
	snprintf(want, sizeof(want), "%lld/1", (long long)right[0]);
	is_str(stack_sql("SELECT CONCAT(sel, '/', review) FROM answer_events WHERE answer_id = %lld ORDER BY id DESC "
	                 "LIMIT 1", (long long)aq[0]),
	       want, "the latest event holds choice and flag");
	is_int(sql_int("SELECT COUNT(*) FROM answers WHERE id = %lld AND selected_options = '' AND review = 0",
	               (long long)aq[0]),
	       1, "the answer record is not rewritten by a save");

	merges_in_turn();

	/* an answer as it was before migration 006: the record holds it and its
	 * event has no state; the next save merges over the record.  Such an
	 * attempt started before 012 too: no content version */
	stack_sql("UPDATE answers SET selected_options = '%lld' WHERE id = %lld", (long long)wrong[1], (long long)aq[1]);
	stack_sql("UPDATE attempts SET content_version = NULL WHERE id = %lld", (long long)attempt);
	stack_sql("INSERT INTO answer_events (attempt_id, answer_id, user_id, at, face, payload) "
	          "SELECT %lld, %lld, user_id, NOW(3), 'testpress', '{}' FROM attempts WHERE id = %lld",
	          (long long)attempt, (long long)aq[1], (long long)attempt);
	shown(1, &sel, &review);
	is_int(sel, wrong[1], "an answer from before 006 is read from its record");
	is_int(save(1, "{\"review\":true}"), 200, "a flag on it is saved");
	shown(1, &sel, &review);
	ok(sel == wrong[1] && review, "the flag's save merged over the record's choice");

	/* the pausable clock folds the saves' time without a heartbeat */
	sleep(2);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[1]);
	is_int(save(1, body), 200, "another save two seconds later");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)attempt);
	call("GET", path, NULL, &h);
	ok(strcmp(jstr(h.json, "time_taken"), "0:00:00") != 0, "the attempt's time counts the saves (%s)",
	   jstr(h.json, "time_taken"));
	http_free(&h);

	/* the end grades the current answers: question 1 right, question 2 wrong */
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)wrong[1]);
	is_int(save(1, body), 200, "question 2 answered wrong");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)attempt);
	is_int(call("PUT", path, NULL, &h), 200, "the attempt ends");
	is_str(jstr(h.json, "score"), "1.00", "graded from the latest events: one right of two");
	http_free(&h);
	snprintf(want, sizeof(want), "%lld/1/correct/10000", (long long)right[0]);
	is_str(stack_sql("SELECT CONCAT(j.sel, '/', j.review, '/', j.result, '/', j.marks) FROM attempt_grades g, "
	                 "JSON_TABLE(g.answers, '$[*]' COLUMNS (eq BIGINT PATH '$[0]', result VARCHAR(12) PATH '$[1]', "
	                 "marks BIGINT PATH '$[2]', review INT PATH '$[3]', sel VARCHAR(1000) PATH '$[5]')) j "
	                 "WHERE g.attempt_id = %lld AND j.eq = (SELECT exam_question_id FROM answers WHERE id = %lld)",
	                 (long long)attempt, (long long)aq[0]),
	       want, "the end settled the answer and its grade into the attempt's one grades row (schema/007)");
	is_int(sql_int("SELECT COUNT(*) FROM answers WHERE attempt_id = %lld AND (result <> 'unanswered' "
	               "OR marks_e4 IS NOT NULL)", (long long)attempt),
	       0, "and wrote none of the attempt's answer records");
	settled_reads();

	/* nothing is stored after the end */
	events = sql_int("SELECT COUNT(*) FROM answer_events WHERE attempt_id = %lld", (long long)attempt);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[1]);
	is_int(save(1, body), 400, "a save after the end is refused");
	is_int(sql_int("SELECT COUNT(*) FROM answer_events WHERE attempt_id = %lld", (long long)attempt), events,
	       "and writes no event");
	is_int(sql_int("SELECT sel FROM answer_events WHERE answer_id = %lld ORDER BY id DESC LIMIT 1", (long long)aq[1]),
	       wrong[1], "the ended attempt's answer is still its last acknowledged one");
	return done_testing();
}
