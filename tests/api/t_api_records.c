/* API tests: a start is one row (migration 014, src/store/db_records.c).
 * A start inserts the attempt alone, with its answers' ids reserved one per
 * question from its first_answer_id; the answer records are made from the
 * exam's questions only when something needs them (a text, an import), with
 * those ids, in the exam's order.  Checked here against the database:
 * - an exam of options is started, answered, ended and reviewed with no
 *   answer record ever made, and the learner sees the same ids throughout;
 * - a text save makes the records first, with the ids the pages showed;
 * - an import that reorders an exam's questions makes the records of its
 *   attempts without them first, from the order they started with, so each
 *   id keeps its question and its saved answer; a start after it takes the
 *   new order;
 * - a start that finds the exam changed after its worker read it (an edit
 *   committed while it waited for the exam's lock) makes its records from
 *   what it read, at once.
 * One worker (records.api): a save on a worker that does not hold the
 * exam's copy takes the full path, which reads (so makes) the records.
 * Fixtures: records-course.json, records-course-b.json (rc-options
 * reordered). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

/* An attempt's first questions page as t: the items' ids, their first
 * option's id (the right one in these fixtures) and question text; how many. */
struct item {
	int64_t id, option;
	char text[64];
};

static size_t page_items(const char *t, int64_t att, struct item *out, size_t max)
{
	struct http h;
	struct json_object *res;
	size_t n = 0;

	http_get(path_of("/api/v2.2/attempts/%lld/questions/", (long long)att), jwt_header(t), &h);
	res = json_get(h.json, "results");
	for (; res != NULL && n < max && n < json_object_array_length(res); n++) {
		struct json_object *item = json_object_array_get_idx(res, n), *q = json_get(item, "question");
		const char *html = json_str(q, "question_html");

		out[n].id = json_int(item, "id");
		out[n].option = json_int(json_object_array_get_idx(json_get(q, "answers"), 0), "id");
		snprintf(out[n].text, sizeof(out[n].text), "%s", html ? html : "");
	}
	http_free(&h);
	return n;
}

static long put(const char *t, int64_t att, int64_t answer, const char *body)
{
	struct http h;
	long status;

	http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", (long long)att, (long long)answer),
	          jwt_header(t), body, &h);
	status = h.status;
	http_free(&h);
	return status;
}

static long pick(const char *t, int64_t att, const struct item *it)
{
	char body[64];

	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)it->option);
	return put(t, att, it->id, body);
}

/* Ends att as t: its score as the response says it ("" unless 200). */
static const char *end(const char *t, int64_t att)
{
	static char score[32];
	struct http h;

	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", (long long)att), jwt_header(t), NULL, &h);
	snprintf(score, sizeof(score), "%s", h.status == 200 && json_str(h.json, "score") ? json_str(h.json, "score") : "");
	http_free(&h);
	return score;
}

static int64_t records(int64_t att)
{
	return sql_int("SELECT COUNT(*) FROM answers WHERE attempt_id = %lld", (long long)att);
}

/* The attempt's records as "id:question key,…" in id order. */
static char *records_keys(int64_t att)
{
	return strdup(stack_sql("SELECT GROUP_CONCAT(CONCAT(an.id - a.first_answer_id, ':', q.qkey) ORDER BY an.id) "
	                        "FROM answers an JOIN attempts a ON a.id = an.attempt_id "
	                        "JOIN exam_questions eq ON eq.id = an.exam_question_id "
	                        "JOIN questions q ON q.id = eq.question_id WHERE an.attempt_id = %lld",
	                        (long long)att));
}

static bool ids_run(const struct item *it, size_t n, int64_t first)
{
	for (size_t i = 0; i < n; i++)
		if (it[i].id != first + (int64_t)i)
			return false;
	return n > 0;
}

/* An exam of options: started, answered, ended and reviewed, no record made. */
static void options_without_records(void)
{
	char *t = must_login("learner40");
	int64_t a = tp_started(t, "rc-options"), first;
	struct item it[4];
	size_t n;
	struct http h;

	is_int(records(a), 0, "a start makes no answer record");
	first = sql_int("SELECT first_answer_id FROM attempts WHERE id = %lld", (long long)a);
	ok(first > 0, "it reserves its answers' ids from the first (%lld)", (long long)first);
	is_int(sql_int("SELECT records_due_exam = exam_id FROM attempts WHERE id = %lld", (long long)a), 1,
	       "and notes the exam its records are due from");
	n = page_items(t, a, it, 4);
	is_int((long long)n, 3, "its page lists the exam's three questions");
	ok(n == 3 && ids_run(it, n, first), "with the reserved ids, one per question in the exam's order");
	ok(n == 3 && strstr(it[0].text, "1 + 1") && strstr(it[2].text, "3 + 3"), "the first question first");
	is_int(pick(t, a, &it[1]), 200, "a save of the second");
	is_int(records(a), 0, "makes no record (the event is the answer)");
	is_str(end(t, a), "1.00", "the end grades the saved answer (one right of three)");
	is_int(records(a), 0, "and makes no record either");
	http_get(path_of("/api/v2.2/attempts/%lld/review/", (long long)a), jwt_header(t), &h);
	is_int(h.status, 200, "the review");
	ok(json_get(h.json, "results") != NULL &&
	       json_int(json_object_array_get_idx(json_get(h.json, "results"), 1), "id") == first + 1,
	   "shows the same ids");
	http_free(&h);
	is_int(records(a), 0, "and still no record: the review is made from the grades row");
	free(t);
}

/* A text save makes the records first, with the ids the pages showed. */
static void text_makes_records(void)
{
	char *t = must_login("learner41"), *keys;
	int64_t a = tp_started(t, "rc-text"), first;
	struct item it[4];
	size_t n;

	is_int(records(a), 0, "rc-text: a start makes no answer record");
	first = sql_int("SELECT first_answer_id FROM attempts WHERE id = %lld", (long long)a);
	n = page_items(t, a, it, 4);
	ok(n == 3 && ids_run(it, n, first), "rc-text: the page's ids run from the first");
	is_int(pick(t, a, &it[0]), 200, "an option saved first (no record)");
	is_int(records(a), 0, "still none");
	is_int(put(t, a, it[1].id, "{\"short_text\":\"Paris\"}"), 200, "a text save");
	is_int(records(a), 3, "made the three records");
	keys = records_keys(a);
	is_str(keys, "0:r1,1:r4,2:r2", "with the reserved ids, each on its question");
	free(keys);
	is_str(stack_sql("SELECT text_answer FROM answers WHERE id = %lld", (long long)it[1].id), "Paris",
	       "and the text in its record");
	is_int(sql_int("SELECT records_due_exam IS NULL FROM attempts WHERE id = %lld", (long long)a), 1,
	       "the attempt no longer waits for them");
	is_int(pick(t, a, &it[2]), 200, "an option save after them");
	is_str(end(t, a), "3.00", "the end grades all three (the first option saved before the records)");
	free(t);
}

/* An import that reorders an exam makes the records first, in the order the
 * running attempt started with; a start after it takes the new order. */
static void import_makes_records_first(void)
{
	char *t = must_login("learner42"), *t43 = must_login("learner43"), *keys;
	int64_t a = tp_started(t, "rc-options"), b, first;
	struct item it[4], after[4];
	size_t n;

	n = page_items(t, a, it, 4);
	if (n != 3)
		bail("no page of rc-options");
	is_int(pick(t, a, &it[0]), 200, "import: the first question answered");
	is_int(records(a), 0, "import: no record yet");
	stack_import("records-course-b.json");
	is_int(records(a), 3, "the import made the running attempt's records");
	is_int(sql_int("SELECT records_due_exam IS NULL FROM attempts WHERE id = %lld", (long long)a), 1,
	       "before its transaction (db_records_settle_course: the attempt waits for nothing)");
	keys = records_keys(a);
	is_str(keys, "0:r1,1:r2,2:r3", "in the order it started with, not the new one");
	free(keys);
	n = page_items(t, a, after, 4);
	ok(n == 3 && after[0].id == it[0].id && strcmp(after[0].text, it[0].text) == 0,
	   "its page: each id keeps its question");
	is_str(end(t, a), "1.00", "its end grades the answer saved before the import");
	b = tp_started(t43, "rc-options");
	first = sql_int("SELECT first_answer_id FROM attempts WHERE id = %lld", (long long)b);
	n = page_items(t43, b, after, 4);
	ok(n == 3 && ids_run(after, n, first) && strstr(after[0].text, "3 + 3"),
	   "a start after the import: the new order, from its own first id");
	is_int(records(b), 0, "with no record");
	free(t);
	free(t43);
}

/* A start that waits on the exam's lock while an edit commits: the exam it
 * read has changed, so its records are made at once, from what it read. */
static void start_during_change(void)
{
	char *t = must_login("learner40"), *keys;
	int64_t a, v;
	struct http h;

	http_get("/api/v2.2/exams/rc-race/", jwt_header(t), &h); /* the workers' copy */
	http_free(&h);
	v = sql_int("SELECT content_version FROM exams WHERE slug = 'rc-race'");
	stack_sql_hold(2, "SELECT id FROM exams WHERE slug = 'rc-race' FOR UPDATE",
	               "UPDATE exams SET content_version = content_version + 1 WHERE slug = 'rc-race'");
	a = tp_started(t, "rc-race");
	is_int(sql_int("SELECT content_version FROM exams WHERE slug = 'rc-race'"), v + 1, "the edit committed");
	is_int(sql_int("SELECT content_version FROM attempts WHERE id = %lld", (long long)a), v,
	       "the start made its attempt from the version it read");
	is_int(records(a), 2, "and its records with it");
	keys = records_keys(a);
	is_str(keys, "0:r3,1:r1", "from its reserved ids, in that version's order");
	free(keys);
	is_int(sql_int("SELECT records_due_exam IS NULL FROM attempts WHERE id = %lld", (long long)a), 1,
	       "none due");
	free(t);
}

/* invigil migrate on a database with live attempts: 014 applied to the
 * state before it (this database taken back to 013's schema, every attempt
 * with its records, as every start made them before 014) keeps every answer
 * and event, and the id blocks start past every record.  Last: it restarts
 * the workers, as an upgrade does after migrating. */
static void migration_keeps_answers(void)
{
	char *t = must_login("learner41");
	int64_t answers, events, max_id, a, first;
	struct item it[4];
	const char *out;

	stack_sql("INSERT IGNORE INTO answers (id, attempt_id, exam_question_id, position) "
	          "SELECT a.first_answer_id + ROW_NUMBER() OVER (PARTITION BY a.id ORDER BY eq.position, eq.id) - 1, "
	          "a.id, eq.id, eq.position FROM attempts a JOIN exam_questions eq ON eq.exam_id = a.records_due_exam "
	          "WHERE NOT EXISTS (SELECT 1 FROM answers x WHERE x.attempt_id = a.id)");
	answers = sql_int("SELECT COUNT(*) FROM answers");
	events = sql_int("SELECT COUNT(*) FROM answer_events");
	max_id = sql_int("SELECT MAX(id) FROM answers");
	stack_sql("DROP TABLE answer_id_blocks; ALTER TABLE attempts DROP KEY ix_attempts_records_due, "
	          "DROP COLUMN records_due_exam, DROP COLUMN first_answer_id; "
	          "DELETE FROM schema_migrations WHERE version = 14");
	out = shell_line("\"%s\" migrate --schema-dir \"%s/schema\" 2>&1 | grep 014", need_env("INVIGIL_BIN"),
	                 need_env("INVIGIL_SRCDIR"));
	ok(strstr(out, "applied 014") != NULL, "migrate: 014 applied to a database with attempts (%s)", out);
	is_int(sql_int("SELECT COUNT(*) FROM answers"), answers, "migrate: every answer record kept (%lld)",
	       (long long)answers);
	is_int(sql_int("SELECT COUNT(*) FROM answer_events"), events, "and every event (%lld)", (long long)events);
	is_int(sql_int("SELECT COUNT(*) FROM attempts WHERE first_answer_id IS NOT NULL OR records_due_exam IS NOT NULL"),
	       0, "the attempts before it have their records, and no reserved ids");
	is_int(sql_int("SELECT MAX(block) FROM answer_id_blocks"), max_id / 10000 + 1,
	       "the first block starts past every record (%lld)", (long long)max_id);
	stack_kill_workers_settled();
	a = tp_started(t, "rc-options");
	first = sql_int("SELECT first_answer_id FROM attempts WHERE id = %lld", (long long)a);
	ok(first > max_id, "a start after it reserves ids past every record (%lld > %lld)", (long long)first,
	   (long long)max_id);
	ok(page_items(t, a, it, 4) == 3 && ids_run(it, 3, first), "its page shows them");
	is_int(pick(t, a, &it[0]), 200, "an answer saved");
	is_str(end(t, a), "1.00", "and graded");
	free(t);
}

int main(void)
{
	stack_import("records-course.json");
	options_without_records();
	text_makes_records();
	import_makes_records_first();
	start_during_change();
	migration_keeps_answers();
	return done_testing();
}
