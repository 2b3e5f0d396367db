/* API tests: the Testpress admin API (v2.5/v3, seed 003): the attempts
 * list with every filter, ordering and page edge, one attempt with its
 * sections, subject tree and difficulty counts, its answers, and who may
 * read them (admins everything, a course's staff their course's, learners
 * nothing).  Fixtures: fixtures/admin-course.json (course A: learner41 its
 * manager), fixtures/admin-course-b.json (course B). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "../tap.h"

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static char *adm, *mgr, *l40, *l42, *l43, *l44;
static long long exam_a, exam_b, att40, att42, att43, att44;
static long long opt_right[4], opt_wrong[4];

static long long jint(struct json_object *o, const char *k)
{
	return json_object_get_int64(json_get(o, k));
}

static long get(const char *path, const char *tok, struct http *h)
{
	return http_get(path, jwt_header(tok), h), h->status;
}

static long get_status(const char *path, const char *tok)
{
	struct http h;
	long st = get(path, tok, &h);

	http_free(&h);
	return st;
}

/* Starts slug on Testpress as tok, answers with picks (per question: 'r'
 * right, 'w' wrong, '_' blank), ends it when end; the attempt id. */
static long long take(const char *slug, const char *tok, const char *picks, bool end, long long *right, long long *wrong)
{
	struct http h;
	long long id;
	size_t nq = strlen(picks);

	http_json("POST", path_of("/api/v2.2/exams/%s/attempts/", slug), jwt_header(tok), NULL, &h);
	id = jint(h.json, "id");
	http_free(&h);
	for (size_t q = 0; q < nq; q++) {
		long long item;

		if (picks[q] == '_')
			continue;
		http_get(path_of("/api/v2.2/attempts/%lld/questions/?page=1", id), jwt_header(tok), &h);
		item = jint(json_object_array_get_idx(json_get(h.json, "results"), q), "id");
		http_free(&h);
		/* a sectional exam lists the running section's questions: move on when needed */
		if (item == 0) {
			http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
			http_free(&h);
			return id;
		}
		http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, item), jwt_header(tok),
		          path_of("{\"selected_answers\":[%lld]}", picks[q] == 'r' ? right[q] : wrong[q]), &h);
		http_free(&h);
	}
	if (end) {
		http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
		http_free(&h);
	}
	return id;
}

static void setup(void)
{
	static const char *const keys[] = {"a1", "a2", "g1", "n1"};
	char cmd[1024];

	for (int i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/admin-course%s.json\" >&2",
		         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"), i ? "-b" : "");
		if (system(cmd) != 0)
			bail("cannot import the admin test courses");
	}
	adm = must_login("admin");
	mgr = must_login("learner41");
	l40 = must_login("learner40");
	l42 = must_login("learner42");
	l43 = must_login("learner43");
	l44 = must_login("learner44");
	exam_a = sql_int("SELECT id FROM exams WHERE slug = 'ad-exam'");
	exam_b = sql_int("SELECT id FROM exams WHERE slug = 'ad-b-exam'");
	for (int q = 0; q < 4; q++) {
		opt_right[q] = sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id "
		                       "WHERE q.qkey = '%s' AND o.okey = 'a'", keys[q]);
		opt_wrong[q] = sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id "
		                       "WHERE q.qkey = '%s' AND o.okey = 'b'", keys[q]);
	}
	/* untimed sections: every question can be answered; rrwr passes (3 of
	 * 4), wr__ fails (1 of 4), learner43's stays running */
	att40 = take("ad-exam", l40, "rrwr", true, opt_right, opt_wrong);
	att42 = take("ad-exam", l42, "wr__", true, opt_right, opt_wrong);
	att43 = take("ad-exam", l43, "r", false, opt_right, opt_wrong);
	{
		long long r1[1] = {sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id "
		                           "WHERE q.qkey = 'b1' AND o.okey = 'a'")};

		att44 = take("ad-b-exam", l44, "r", true, r1, r1);
	}
	if (exam_a <= 0 || exam_b <= 0 || att40 <= 0 || att42 <= 0 || att43 <= 0 || att44 <= 0)
		bail("setup failed");
}

static long long count_of(const char *query, const char *tok)
{
	struct http h;
	long long n;

	get(path_of("/api/v2.5/admin/attempts/%s", query), tok, &h);
	n = h.status == 200 ? jint(h.json, "count") : -1;
	http_free(&h);
	return n;
}

/* Filters, ordering and pages of the list. */
static void list(void)
{
	char today[16], tomorrow[16];
	time_t t = time(NULL);
	struct tm tm;
	struct http h;
	struct json_object *res;
	long long all = sql_int("SELECT COUNT(*) FROM attempts");

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	t += 86400;
	gmtime_r(&t, &tm);
	strftime(tomorrow, sizeof(tomorrow), "%Y-%m-%d", &tm);

	is_int(count_of("", adm), all, "an admin sees every attempt (%lld)", all);
	is_int(count_of(path_of("?exams=%lld", exam_a), adm), 3, "exams=A: three");
	is_int(count_of(path_of("?exams=%lld&users=%s", exam_a, stack_sql("SELECT id FROM users WHERE username = 'learner42'")),
	                adm), 1, "exams and users together: one");
	is_int(count_of(path_of("?exams=%lld&state=0", exam_a), adm), 1, "state=0: the running one");
	is_int(count_of(path_of("?exams=%lld&state=1", exam_a), adm), 2, "state=1: the two completed");
	is_int(count_of(path_of("?exams=%lld&state=3", exam_a), adm),
	       sql_int("SELECT COUNT(*) FROM attempts WHERE exam_id = %lld AND state = 'not_started'", exam_a),
	       "state=3: those not started");
	is_int(count_of(path_of("?exams=%lld&date_0=%s", exam_a, tomorrow), adm), 0, "date_0 tomorrow: none");
	is_int(count_of(path_of("?exams=%lld&date_1=%s", exam_a, "2020-01-01"), adm), 0, "date_1 in 2020: none");
	is_int(count_of(path_of("?exams=%lld&date_0=%s&date_1=%s", exam_a, today, today), adm), 3,
	       "date_0 and date_1 today (a whole day): all three");
	is_int(count_of(path_of("?exams=%lld&date_0=%sT00:00:00Z", exam_a, today), adm), 3, "a datetime works too");

	get(path_of("/api/v2.5/admin/attempts/?exams=%lld&ordering=-correct_answers_count", exam_a), adm, &h);
	res = json_get(h.json, "results");
	ok(jint(json_object_array_get_idx(res, 0), "correct_answers_count") >=
	   jint(json_object_array_get_idx(res, 1), "correct_answers_count") &&
	   jint(json_object_array_get_idx(res, 1), "correct_answers_count") >=
	   jint(json_object_array_get_idx(res, 2), "correct_answers_count"), "ordering=-correct_answers_count");
	ok(jint(json_object_array_get_idx(res, 0), "id") == att40, "learner40's three right first");
	http_free(&h);
	get(path_of("/api/v2.5/admin/attempts/?exams=%lld&ordering=unanswered_count", exam_a), adm, &h);
	ok(jint(json_object_array_get_idx(json_get(h.json, "results"), 0), "unanswered_count") <=
	   jint(json_object_array_get_idx(json_get(h.json, "results"), 2), "unanswered_count"), "ordering=unanswered_count");
	http_free(&h);
	get(path_of("/api/v2.5/admin/attempts/?exams=%lld&ordering=date", exam_a), adm, &h);
	ok(jint(json_object_array_get_idx(json_get(h.json, "results"), 0), "id") == att40, "ordering=date: oldest first");
	http_free(&h);
	get(path_of("/api/v2.5/admin/attempts/?exams=%lld", exam_a), adm, &h);
	ok(jint(json_object_array_get_idx(json_get(h.json, "results"), 0), "id") == att43, "by default newest first");
	http_free(&h);

	get(path_of("/api/v2.5/admin/attempts/?exams=%lld&per_page=1", exam_a), adm, &h);
	ok(json_str(h.json, "next") && strstr(json_str(h.json, "next"), "http") == json_str(h.json, "next") &&
	   strstr(json_str(h.json, "next"), "page=2") && strstr(json_str(h.json, "next"), "per_page=1"),
	   "next: absolute, page 2, per_page kept");
	is_int(jint(h.json, "per_page"), 1, "per_page 1");
	http_free(&h);
	get(path_of("/api/v2.5/admin/attempts/?exams=%lld&per_page=1&page=3", exam_a), adm, &h);
	ok(json_get(h.json, "next") == NULL && json_str(h.json, "previous") != NULL, "the last page: no next");
	http_free(&h);
	is_int(get_status(path_of("/api/v2.5/admin/attempts/?exams=%lld&per_page=1&page=4", exam_a), adm), 404,
	       "past the last page: 404");
	is_int(count_of("?per_page=1", adm), all, "the default per_page is 200, bounded by 500:");
	is_int(get_status("/api/v2.5/admin/attempts/?per_page=501", adm), 400, "per_page=501: 400");
	is_int(get_status("/api/v2.5/admin/attempts/?per_page=0", adm), 400, "per_page=0: 400");
	is_int(get_status("/api/v2.5/admin/attempts/?ordering=score", adm), 400, "ordering=score: 400");
	is_int(get_status("/api/v2.5/admin/attempts/?state=2", adm), 400, "state=2: 400");
	is_int(get_status("/api/v2.5/admin/attempts/?exams=abc", adm), 400, "exams=abc: 400");
	is_int(get_status("/api/v2.5/admin/attempts/?date_0=yesterday", adm), 400, "date_0=yesterday: 400");
	get("/api/v2.5/admin/attempts/?date_1=2026-13-40", adm, &h);
	ok(h.status == 400 && json_get(h.json, "date_1") != NULL, "a bad date_1: 400 naming it");
	http_free(&h);

	get(path_of("/api/v2.5/admin/attempts/?exams=%lld&users=%s", exam_a,
	            stack_sql("SELECT id FROM users WHERE username = 'learner40'")), adm, &h);
	res = json_object_array_get_idx(json_get(h.json, "results"), 0);
	ok(res && jint(res, "exam_id") == exam_a && json_str(res, "state") && strcmp(json_str(res, "state"), "Completed") == 0,
	   "a row: exam_id, state Completed");
	ok(json_str(res, "score") && strcmp(json_str(res, "score"), "3.00") == 0, "score \"3.00\"");
	ok(json_str(res, "exam_url") && strstr(json_str(res, "exam_url"), "/api/v2.5/admin/exams/"), "exam_url");
	ok(json_str(res, "time_taken") != NULL && json_get(res, "phone") == NULL && json_str(res, "email") != NULL,
	   "time_taken, phone null, email");
	http_free(&h);
}

/* One attempt, and its answers. */
static void detail(void)
{
	struct http h;
	struct json_object *o, *secs, *subj, *diff;
	bool parent = false, child = false;

	is_int(get(path_of("/api/v2.5/admin/attempts/%lld/", att40), adm, &h), 200, "an admin reads an attempt");
	o = h.json;
	is_str(json_str(o, "result"), "Pass", "3 of 4 passes 50 %%: Pass");
	is_str(json_str(o, "username"), "learner40", "username");
	secs = json_get(o, "sections");
	is_int(json_object_array_length(secs), 2, "two sections");
	is_int(jint(json_object_array_get_idx(secs, 0), "correct_answers_count"), 2, "part one: two right");
	is_int(jint(json_object_array_get_idx(secs, 1), "incorrect_answers_count"), 1, "part two: one wrong");
	is_str(json_str(json_object_array_get_idx(secs, 1), "score"), "1.00", "part two scores 1.00");
	subj = json_get(o, "subject_stats");
	for (size_t i = 0; subj && i < json_object_array_length(subj); i++) {
		struct json_object *s = json_object_array_get_idx(subj, i);
		const char *name = json_str(s, "subject_name");

		if (name && strcmp(name, "Maths") == 0)
			parent = jint(s, "total_count") == 3 && jint(s, "correct_answers_count") == 2 &&
			         !json_object_get_boolean(json_get(s, "is_leaf")) && json_get(s, "parent_subject_id") == NULL;
		if (name && strcmp(name, "Algebra") == 0)
			child = jint(s, "total_count") == 2 && json_object_get_boolean(json_get(s, "is_leaf")) &&
			        jint(s, "parent_subject_id") > 0;
	}
	ok(parent, "Maths sums its children (3 questions, 2 right), not a leaf");
	ok(child, "Algebra is a leaf under Maths");
	diff = json_get(o, "difficulty_level_stats");
	ok(jint(json_get(diff, "easy"), "total_count") == 1 && jint(json_get(diff, "hard"), "incorrect_answers_count") == 1 &&
	   jint(json_get(diff, "uncategorized"), "total_count") == 1 && json_get(diff, "medium") != NULL,
	   "difficulty_level_stats keyed easy, medium, hard, uncategorized");
	http_free(&h);
	get(path_of("/api/v2.5/admin/attempts/%lld/", att42), adm, &h);
	is_str(json_str(h.json, "result"), "Fail", "1 of 4: Fail");
	http_free(&h);
	get(path_of("/api/v2.5/admin/attempts/%lld/", att43), adm, &h);
	ok(strcmp(json_str(h.json, "result"), "NA") == 0 && json_str(h.json, "remaining_time") != NULL,
	   "a running attempt: NA, with its remaining_time");
	http_free(&h);
	is_int(get(path_of("/api/v3/admin/attempts/%lld/user_answers/", att40), adm, &h), 200, "its answers (v3)");
	ok(jint(h.json, "count") == 4 && json_object_array_length(json_get(json_get(h.json, "results"), "user_answers")) == 4,
	   "four answers");
	o = json_object_array_get_idx(json_get(json_get(h.json, "results"), "exam_questions"), 0);
	ok(o && json_str(o, "marks") && strcmp(json_str(o, "marks"), "1.00") == 0 && json_str(o, "negative_marks") &&
	   json_get(o, "is_bonus") && json_str(json_object_array_get_idx(json_get(o, "answers"), 0), "text_html"),
	   "exam questions with marks, negative_marks, is_bonus and answers' text_html");
	o = json_object_array_get_idx(json_get(json_get(h.json, "results"), "user_answers"), 2);
	ok(o && strcmp(json_str(o, "result"), "Incorrect") == 0 && jint(json_object_array_get_idx(json_get(o, "selected_answers"), 0), "") == 0,
	   "the third answer: Incorrect");
	http_free(&h);
	is_int(get_status("/api/v2.5/admin/attempts/999999/", adm), 404, "an unknown attempt: 404");
}

/* Who may read what. */
static void scope(void)
{
	long long a_count = sql_int("SELECT COUNT(*) FROM attempts WHERE exam_id = %lld", exam_a);

	is_int(count_of("", mgr), a_count, "course A's manager sees course A's attempts only (%lld)", a_count);
	is_int(get_status(path_of("/api/v2.5/admin/attempts/%lld/", att40), mgr), 200, "and reads them");
	is_int(get_status(path_of("/api/v2.5/admin/attempts/%lld/", att44), mgr), 403, "not course B's: 403");
	is_int(get_status(path_of("/api/v3/admin/attempts/%lld/user_answers/", att44), mgr), 403, "nor its answers");
	is_int(get_status("/api/v2.5/admin/attempts/", l40), 403, "a learner: 403");
	is_int(get_status(path_of("/api/v2.5/admin/attempts/%lld/", att40), l40), 403, "even for their own attempt");
	is_int(get_status(path_of("/api/v3/admin/attempts/%lld/user_answers/", att40), l40), 403, "and its answers");
	is_int(get_status(path_of("/api/v2.5/admin/attempts/%lld/", att44), l40), 403, "another's: 403");
	{
		struct http h;
		struct http_req rq = {.method = "GET", .path = "/api/v2.5/admin/attempts/"};

		http_do(&rq, &h);
		ok(h.status == 401 && json_str(h.json, "detail") != NULL, "no token: 401 in DRF's envelope");
		http_free(&h);
	}
}

int main(void)
{
	setup();
	list();
	detail();
	scope();
	free(adm);
	free(mgr);
	free(l40);
	free(l42);
	free(l43);
	free(l44);
	return done_testing();
}
