/* API tests: a page of answers read from its first record (migration 012,
 * engine_answer_span).  An attempt's records are made from the worker's
 * copy of the exam at one content version; while the exam is still at that
 * version, the copy says where page N starts, and the page's read starts
 * there instead of reading and dropping every record before it (OFFSET).
 *
 * Every page of a 100-question exam is checked against the records' own
 * order in the database (position, then id), for: the one-statement read
 * of a worker that knows the attempt, the full path (staff reading a
 * learner's attempt), the review of the ended attempt; an exam whose
 * positions tie across page boundaries; an attempt whose exam changed
 * after its start; one from before the migration (no version); and one
 * whose record ids step by two.  The rows InnoDB reads for page 5 show
 * which read ran: none for a page made from the exam (a running attempt
 * whose record ids the start found one per question), the span's 20, or
 * the OFFSET's 100.
 *
 * An ended attempt whose records ran one per question has its first
 * record's id in its grades row (migration 013), and its review pages are
 * made from that row and the exam: the same JSON as the records' read, and
 * not one row of `answers` read (the server's per-table counts). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

#define PER_PAGE 20
#define QUESTIONS 100
#define PAGES (QUESTIONS / PER_PAGE)

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static char *l40, *l41, *l42, *adm;
static int64_t exam;

/* Index rows InnoDB has read one after another, server-wide (a range
 * scan's rows after its first): the measure of what a page's read skips. */
static int64_t rows_read(void)
{
	return atoll(stack_sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
	                       "WHERE VARIABLE_NAME = 'HANDLER_READ_NEXT'"));
}

/* The attempt's record ids in their order (position, then id), made or
 * still due, into ids; how many. */
static size_t records(int64_t attempt, int64_t *ids)
{
	char *list = strdup(stack_sql("SELECT GROUP_CONCAT(id ORDER BY position, id) FROM " ALL_ANSWERS " an "
	                              "WHERE attempt_id = %lld", (long long)attempt));
	size_t n = 0;

	for (char *p = strtok(list, ","); p != NULL && n < QUESTIONS + 1; p = strtok(NULL, ","))
		ids[n++] = atoll(p);
	free(list);
	return n;
}

/* GET page of attempt's kind ("questions" or "review") as t: the status,
 * the items' ids into ids (*n) and their "order" values into order. */
static long page_of(const char *t, int64_t attempt, const char *kind, int page, int64_t *ids, int64_t *order,
                    size_t *n)
{
	struct http h;
	struct json_object *res;
	long status;

	http_get(path_of("/api/v2.2/attempts/%lld/%s/?page=%d", (long long)attempt, kind, page), jwt_header(t), &h);
	status = h.status;
	res = json_get(h.json, "results");
	*n = 0;
	for (size_t i = 0; status == 200 && res != NULL && i < json_object_array_length(res) && i < PER_PAGE; i++) {
		struct json_object *item = json_object_array_get_idx(res, i);

		ids[*n] = json_int(item, "id");
		order[(*n)++] = json_int(item, "order");
	}
	http_free(&h);
	return status;
}

/* Every page of attempt's kind as t is its slice of the records' order,
 * and the page after the last is 404. */
static void pages_match(const char *t, int64_t attempt, const char *kind, const char *who)
{
	int64_t want[QUESTIONS + 1], got[PER_PAGE], order[PER_PAGE];
	size_t nwant = records(attempt, want), n;
	bool same = nwant == QUESTIONS;

	for (int page = 1; page <= PAGES; page++) {
		long status = page_of(t, attempt, kind, page, got, order, &n);

		if (status != 200 || n != PER_PAGE) {
			diag("%s page %d: status %ld, %zu items", kind, page, status, n);
			same = false;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			if (got[i] != want[(size_t)(page - 1) * PER_PAGE + i]) {
				diag("%s page %d item %zu: %lld, want %lld", kind, page, i, (long long)got[i],
				     (long long)want[(size_t)(page - 1) * PER_PAGE + i]);
				same = false;
				break;
			}
	}
	ok(same, "%s: every %s page is its slice of the records' order", who, kind);
	is_int(page_of(t, attempt, kind, PAGES + 1, got, order, &n), 404, "%s: %s page %d (past the last) is 404", who,
	       kind, PAGES + 1);
}

/* Rows read from the answers table so far, server-wide (userstat). */
static int64_t answers_rows_read(void)
{
	return atoll(stack_sql("SELECT COALESCE((SELECT ROWS_READ FROM information_schema.TABLE_STATISTICS "
	                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'answers'), 0)"));
}

/* The "results" of review page of attempt as t, as JSON text (malloc'd),
 * or NULL when it is not a 200. */
static char *review_text(const char *t, int64_t attempt, int page)
{
	struct http h;
	char *text = NULL;

	http_get(path_of("/api/v2.2/attempts/%lld/review/?page=%d", (long long)attempt, page), jwt_header(t), &h);
	if (h.status == 200 && json_get(h.json, "results") != NULL)
		text = strdup(json_object_to_json_string_ext(json_get(h.json, "results"), JSON_C_TO_STRING_PLAIN));
	http_free(&h);
	return text;
}

/* The rows InnoDB read for page 5 of attempt's questions as t. */
static int64_t page5_rows(const char *t, int64_t attempt)
{
	int64_t got[PER_PAGE], order[PER_PAGE], before = rows_read();
	size_t n;

	if (page_of(t, attempt, "questions", PAGES, got, order, &n) != 200 || n != PER_PAGE)
		return -1;
	return rows_read() - before;
}

static void end(const char *t, int64_t attempt)
{
	struct http h;

	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", (long long)attempt), jwt_header(t), NULL, &h);
	if (h.status != 200)
		bail("cannot end attempt %lld: %ld", (long long)attempt, h.status);
	http_free(&h);
}

static void setup(void)
{
	stack_import("pages-course.json");
	l40 = must_login("learner40");
	l41 = must_login("learner41");
	l42 = must_login("learner42");
	adm = must_login("admin");
	exam = sql_int("SELECT id FROM exams WHERE slug = 'pg-hundred'");
	if (exam <= 0)
		bail("no exam pg-hundred");
}

/* An attempt of the exam as imported: positions 0..99, no ties. */
static int64_t plain_pages(void)
{
	int64_t a = tp_started(l40, "pg-hundred"), rows;

	is_int(sql_int("SELECT content_version FROM attempts WHERE id = %lld", (long long)a),
	       sql_int("SELECT content_version FROM exams WHERE id = %lld", (long long)exam),
	       "a start records the content version its records were made from");
	/* the first page (the open), then the worker knows the attempt */
	pages_match(l40, a, "questions", "the learner");
	pages_match(adm, a, "questions", "staff (the full path)");
	/* the start found the records' ids one per question: a running
	 * attempt's page is made from the exam, and only its events are read */
	rows = page5_rows(l40, a);
	ok(rows >= 0 && rows < 5, "the learner's page 5 reads no record (%lld rows read)", (long long)rows);
	rows = page5_rows(adm, a);
	ok(rows >= 0 && rows < 5, "staff's page 5 reads no record (%lld rows read)", (long long)rows);
	return a;
}

/* Positions in threes (0,0,0,1,1,1,…), as staff edits or an old import may
 * leave them: pages 2..5 start inside a tie (records 20, 40, 60 and 80 are
 * the third, second, first and third of their position). */
static int64_t tied_pages(void)
{
	int64_t a, want[QUESTIONS + 1], got[PER_PAGE], order1[PER_PAGE], order2[PER_PAGE], rows;
	size_t n;

	/* an edit by hand makes the records of the attempts that lack them
	 * first (schema/014): the plain attempt's keep the positions it
	 * started with */
	stack_make_records(exam);
	stack_sql("UPDATE exam_questions SET position = position DIV 3 WHERE exam_id = %lld; "
	          "UPDATE exams SET content_version = content_version + 1 WHERE id = %lld",
	          (long long)exam, (long long)exam);
	a = tp_started(l41, "pg-hundred");
	records(a, want);
	is_int(sql_int("SELECT COUNT(*) FROM " ALL_ANSWERS " an WHERE attempt_id = %lld AND position = "
	               "(SELECT position FROM " ALL_ANSWERS " an WHERE id = %lld)", (long long)a, (long long)want[PER_PAGE]),
	       3, "the records tie in threes, across page 1's end");
	pages_match(l41, a, "questions", "ties: the learner");
	pages_match(adm, a, "questions", "ties: staff");
	page_of(l41, a, "questions", 1, got, order1, &n);
	page_of(l41, a, "questions", 2, got, order2, &n);
	ok(order1[PER_PAGE - 1] == 6 && order2[0] == 6, "page 2 starts on the tie that ended page 1 (order %lld, %lld)",
	   (long long)order1[PER_PAGE - 1], (long long)order2[0]);
	rows = page5_rows(l41, a);
	ok(rows >= 0 && rows < 5, "ties: page 5 reads no record (%lld rows read)", (long long)rows);
	return a;
}

/* Record ids that step by two, as an attempt started before migration 014
 * on Galera has them (auto_increment_increment 2; a start now reserves ids
 * one per question): not one per question, so a running attempt's pages
 * are read, each from its first record's position (the tie rule too: the
 * exam's positions tie in threes here). */
static int64_t stepping_pages(void)
{
	char *l43 = must_login("learner43");
	int64_t a, rows;

	a = stack_legacy_attempt(tp_started(l43, "pg-hundred"), 2);
	is_int(sql_int("SELECT MAX(id) - MIN(id) FROM answers WHERE attempt_id = %lld", (long long)a), 2 * (QUESTIONS - 1),
	       "stepping ids: the records' ids step by two");
	pages_match(l43, a, "questions", "stepping ids: the learner");
	pages_match(adm, a, "questions", "stepping ids: staff");
	rows = page5_rows(l43, a);
	ok(rows >= 10 && rows < 60, "stepping ids: the learner's page 5 reads from its first position (%lld rows read)",
	   (long long)rows);
	rows = page5_rows(adm, a);
	ok(rows >= 10 && rows < 60, "stepping ids: staff's page 5 reads from its first position (%lld rows read)",
	   (long long)rows);
	end(l43, a);
	free(l43);
	return a;
}

/* An attempt started before the exam changed: its records are not the
 * worker's copy's, so its pages are read by offset, and are still right. */
static void changed_exam_pages(int64_t a)
{
	int64_t rows;

	ok(sql_int("SELECT a.content_version <> e.content_version FROM attempts a JOIN exams e ON e.id = a.exam_id "
	           "WHERE a.id = %lld", (long long)a) == 1, "the exam has moved on since the first attempt started");
	pages_match(l40, a, "questions", "changed exam: the learner");
	pages_match(adm, a, "questions", "changed exam: staff");
	rows = page5_rows(adm, a);
	ok(rows >= 80, "changed exam: page 5 passes over the records before it (%lld rows read)", (long long)rows);
}

/* An attempt from before migration 012 (no version): pages by offset. */
static int64_t unversioned_pages(void)
{
	int64_t a = tp_started(l42, "pg-hundred"), rows;

	stack_sql("UPDATE attempts SET content_version = NULL WHERE id = %lld", (long long)a);
	pages_match(l42, a, "questions", "no version: the learner");
	pages_match(adm, a, "questions", "no version: staff");
	rows = page5_rows(adm, a);
	ok(rows >= 80, "no version: page 5 passes over the records before it (%lld rows read)", (long long)rows);
	return a;
}

/* The raw bodies of attempt a's questions pages as t, joined, malloc'd. */
static char *questions_text(const char *t, int64_t a)
{
	size_t len = 0;
	char *all = calloc(1, 1);

	for (int page = 1; page <= PAGES && all != NULL; page++) {
		struct http h;

		http_get(path_of("/api/v2.2/attempts/%lld/questions/?page=%d", (long long)a, page), jwt_header(t), &h);
		if (h.status == 200 && h.body != NULL && (all = realloc(all, len + strlen(h.body) + 1)) != NULL) {
			strcpy(all + len, h.body);
			len += strlen(h.body);
		}
		http_free(&h);
	}
	return all;
}

/* A questions page writes its items as text (src/api/testpress/items.c);
 * a save's response is the item as json-c renders it.  Every saved item
 * appears in the pages byte for byte, as t reads them. */
static void items_as_saved(const char *t, int64_t a, char **saved, size_t n, const char *who)
{
	char *pages = questions_text(t, a);
	size_t found = 0, want = 0;

	for (size_t i = 0; i < n; i++) {
		if (saved[i] == NULL)
			continue;
		want++;
		if (pages != NULL && strstr(pages, saved[i]) != NULL)
			found++;
		else
			diag("%s: not in the pages as saved: %.400s", who, saved[i]);
	}
	ok(want > 0 && found == want, "%s: each of the %zu saved items is on its page byte for byte (%zu)", who, want,
	   found);
	free(pages);
}

/* Answers on attempt a as t, so that its review has options, flags and
 * marks to show: every third question answered (its first option or its
 * last, in turn), every seventh flagged for review.  The pages show each
 * item as its save answered it. */
static void answer_some(const char *t, int64_t a)
{
	int64_t ids[QUESTIONS + 1];
	size_t n = records(a, ids);
	int saved = 0, want = 0;
	char *bodies[QUESTIONS + 1] = {0};

	for (size_t i = 0; i < n; i++) {
		struct http h;
		char body[96];

		if (i % 3 != 0 && i % 7 != 0)
			continue;
		if (i % 3 == 0)
			snprintf(body, sizeof(body), "{\"selected_answers\":[%s]%s}",
			         stack_sql("SELECT %s(o.id) FROM " ALL_ANSWERS " an JOIN exam_questions eq ON eq.id = an.exam_question_id "
			                   "JOIN question_options o ON o.question_id = eq.question_id WHERE an.id = %lld",
			                   i % 2 ? "MAX" : "MIN", (long long)ids[i]),
			         i % 7 == 0 ? ",\"review\":true" : "");
		else
			snprintf(body, sizeof(body), "{\"review\":true}");
		http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", (long long)a, (long long)ids[i]),
		          jwt_header(t), body, &h);
		saved += h.status == 200;
		if (h.status == 200 && h.body != NULL)
			bodies[i] = strdup(h.body);
		want++;
		http_free(&h);
	}
	is_int(saved, want, "ties: %d answers saved before the end", want);
	items_as_saved(t, a, bodies, n, "ties: the learner");
	items_as_saved(adm, a, bodies, n, "ties: staff (the full path)");
	for (size_t i = 0; i < n; i++)
		free(bodies[i]);
}

/* Review pages made from the grades row against the records' read of the
 * same attempt: the JSON of every page the same, and no answer record read
 * for the made one. */
static void made_reviews(int64_t a)
{
	char *made[PAGES + 1] = {0}, *read_text;
	int64_t before, made_rows, read_rows;
	bool same = true;

	free(review_text(l41, a, 1)); /* folds the exam's statistics first */
	for (int page = 1; page <= PAGES; page++)
		made[page] = review_text(l41, a, page);
	before = answers_rows_read();
	free(review_text(l41, a, PAGES));
	made_rows = answers_rows_read() - before;
	/* without the first id, the records are read */
	stack_sql("UPDATE attempt_grades SET first_answer_id = NULL WHERE attempt_id = %lld", (long long)a);
	for (int page = 1; page <= PAGES; page++) {
		read_text = review_text(l41, a, page);
		if (made[page] == NULL || read_text == NULL || strcmp(made[page], read_text) != 0) {
			diag("review page %d: made %.300s", page, made[page] ? made[page] : "(none)");
			diag("review page %d: read %.300s", page, read_text ? read_text : "(none)");
			same = false;
		}
		free(read_text);
		free(made[page]);
	}
	before = answers_rows_read();
	free(review_text(l41, a, PAGES));
	read_rows = answers_rows_read() - before;
	stack_sql("UPDATE attempt_grades g SET first_answer_id = (SELECT MIN(id) FROM " ALL_ANSWERS " an WHERE attempt_id = %lld) "
	          "WHERE attempt_id = %lld", (long long)a, (long long)a);
	ok(same, "ties: every review page made from the grades row is the records' page, byte for byte");
	is_int(made_rows, 0, "ties: the made review page 5 reads no answer record");
	ok(read_rows >= PER_PAGE, "and the records' read of it reads its %d (%lld rows)", PER_PAGE, (long long)read_rows);
	/* a grades row shorter than the exam (not one invigil writes): the
	 * last page is the records', whole, not the row's short slice */
	{
		int64_t got[PER_PAGE], order[PER_PAGE], want[QUESTIONS + 1];
		size_t n;

		records(a, want);
		stack_sql("UPDATE attempt_grades SET answers = JSON_REMOVE(answers, '$[%d]') WHERE attempt_id = %lld",
		          QUESTIONS - 1, (long long)a);
		is_int(page_of(l41, a, "review", PAGES, got, order, &n), 200, "a grades row one short: the last page is 200");
		ok(n == PER_PAGE && got[PER_PAGE - 1] == want[QUESTIONS - 1],
		   "with all %d items, the last its record's (%zu items)", PER_PAGE, n);
	}
}

/* Reviews of the four, ended. */
static void review_pages(int64_t plain, int64_t tied, int64_t unversioned, int64_t stepping)
{
	answer_some(l41, tied);
	end(l40, plain);
	end(l41, tied);
	end(l42, unversioned);
	stack_sql("SET GLOBAL userstat = 1");
	is_int(sql_int("SELECT first_answer_id FROM attempt_grades WHERE attempt_id = %lld", (long long)tied),
	       sql_int("SELECT MIN(id) FROM " ALL_ANSWERS " an WHERE attempt_id = %lld", (long long)tied),
	       "ties: the grades row has the first record's id (the records ran one per question)");
	is_int(sql_int("SELECT first_answer_id IS NULL FROM attempt_grades WHERE attempt_id = %lld", (long long)stepping),
	       1, "stepping ids: the grades row has none");
	pages_match(l40, plain, "review", "changed exam");
	pages_match(l41, tied, "review", "ties");
	pages_match(adm, tied, "review", "ties: staff");
	pages_match(l42, unversioned, "review", "no version");
	pages_match(adm, stepping, "review", "stepping ids: staff");
	made_reviews(tied);
}

int main(void)
{
	int64_t plain, tied, unversioned, stepping;

	setup();
	plain = plain_pages();
	tied = tied_pages();
	stepping = stepping_pages();
	changed_exam_pages(plain);
	unversioned = unversioned_pages();
	review_pages(plain, tied, unversioned, stepping);
	return done_testing();
}
