/* API tests: the exam's statistics under the fold (schema/005).  An end
 * writes only rows of its own attempt; ranks stay exact while ended attempts
 * wait to be folded; `invigil sweep` and the reads that need the per-question
 * rows fold them; a regrade moves a score whether or not it is folded yet. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

#define LEARNERS 5

static char *tok[LEARNERS], *tokins;
static int64_t attempt[LEARNERS], exam_id, course_id;

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -999999;
}

static long call(const char *method, const char *path, const char *token, const char *json, struct http *h)
{
	http_json(method, path, jwt_header(token), json, h);
	return h->status;
}

/* One number from the stack's database. */
#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

/* Starts learner i's attempt and answers `right` of its two questions right
 * (the first option of each is the right one), then ends it. */
static void take(int i, int right)
{
	struct http h;
	char path[160], body[64];
	struct json_object *res;

	is_int(call("POST", "/api/v2.2/exams/st-rank/attempts/", tok[i], NULL, &h), 201, "learner %d starts", i);
	attempt[i] = jint(h.json, "id");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt[i]);
	call("GET", path, tok[i], NULL, &h);
	res = json_get(h.json, "results");
	for (size_t k = 0; k < 2 && res && k < json_object_array_length(res); k++) {
		struct json_object *item = json_object_array_get_idx(res, k);
		struct json_object *opts = json_get(json_get(item, "question"), "answers");
		struct http s;

		snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)attempt[i],
		         (long long)jint(item, "id"));
		snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}",
		         (long long)jint(json_object_array_get_idx(opts, (int)k < right ? 0 : 1), "id"));
		call("PUT", path, tok[i], body, &s);
		http_free(&s);
	}
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)attempt[i]);
	is_int(call("PUT", path, tok[i], NULL, &h), 200, "learner %d ends", i);
	http_free(&h);
}

/* Learner i's rank and max_rank, as the Testpress face shows them. */
static void rank_of(int i, int64_t *rank, int64_t *of)
{
	struct http h;
	char path[96];

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)attempt[i]);
	call("GET", path, tok[i], NULL, &h);
	*rank = jint(h.json, "rank");
	*of = jint(h.json, "max_rank");
	http_free(&h);
}

/* The instructor sets learner i's fudge points through Canvas. */
static void fudge(int i, const char *points)
{
	struct http h;
	char path[200], body[120];
	int64_t user = sql_int("SELECT user_id FROM attempts WHERE id = %lld", (long long)attempt[i]);
	int64_t sub = sql_int("SELECT id FROM submissions WHERE exam_id = %lld AND user_id = %lld", (long long)exam_id,
	                      (long long)user);

	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld", (long long)course_id,
	         (long long)exam_id, (long long)sub);
	snprintf(body, sizeof(body), "{\"quiz_submissions\":[{\"attempt\":1,\"fudge_points\":%s}]}", points);
	is_int(call("PUT", path, tokins, body, &h), 200, "the instructor sets learner %d's fudge points to %s", i, points);
	http_free(&h);
}

static int64_t pending(void)
{
	return sql_int("SELECT COUNT(*) FROM stats_pending WHERE exam_id = %lld", (long long)exam_id);
}

static int64_t bucket(int64_t score_e4)
{
	return sql_int("SELECT COALESCE(SUM(attempts), 0) FROM exam_score_buckets WHERE exam_id = %lld AND score_e4 = %lld",
	               (long long)exam_id, (long long)score_e4);
}

int main(void)
{
	static const int right[LEARNERS - 1] = {2, 1, 0, 2};
	int64_t r, of;
	const char *out;
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/stats-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	for (int i = 0; i < LEARNERS; i++) {
		char user[32];

		snprintf(user, sizeof(user), "learner%d", 30 + i);
		if ((tok[i] = login(NULL, user, "demo")) == NULL)
			bail("cannot log in as %s", user);
	}
	if ((tokins = login(NULL, "instructor", "demo")) == NULL)
		bail("cannot log in as instructor");
	exam_id = sql_int("SELECT id FROM exams WHERE slug = 'st-rank'");
	course_id = sql_int("SELECT course_id FROM exams WHERE slug = 'st-rank'");

	/* four ends: each writes its own rows, none of the exam's */
	for (int i = 0; i < LEARNERS - 1; i++)
		take(i, right[i]);
	is_int(pending(), 4, "four ended attempts wait to be folded");
	is_int(sql_int("SELECT COUNT(*) FROM exam_score_buckets WHERE exam_id = %lld", (long long)exam_id), 0,
	       "no end wrote the score histogram");
	is_int(sql_int("SELECT COUNT(*) FROM exam_question_stats s JOIN exam_questions q ON q.id = s.exam_question_id "
	               "WHERE q.exam_id = %lld", (long long)exam_id),
	       0, "nor the per-question statistics");
	is_int(sql_int("SELECT COUNT(*) FROM exam_stats WHERE exam_id = %lld", (long long)exam_id), 0,
	       "nor the exam's totals");

	/* scores 2, 1, 0, 2: ranks are exact from the pending rows alone */
	rank_of(1, &r, &of);
	is_int(r, 3, "unfolded: the learner with 1 of 2 ranks third");
	is_int(of, 4, "of four");
	rank_of(0, &r, &of);
	is_int(r, 1, "unfolded: 2 of 2 ranks first (tied)");

	/* a regrade before the fold moves the pending score */
	fudge(2, "5");
	is_int(sql_int("SELECT score_e4 FROM stats_pending WHERE attempt_id = %lld", (long long)attempt[2]), 50000,
	       "the pending row took the new score");
	rank_of(1, &r, &of);
	is_int(r, 4, "learner 1 is now fourth of four");

	/* a fold reads its batch's grades rows in one statement; an attempt
	 * whose row is gone (it ended before migration 007: its records hold
	 * its grades) or malformed is folded from its records instead:
	 * learners 3 and 0, both two right */
	stack_make_records(exam_id);
	stack_sql("UPDATE answers SET result = 'correct' WHERE attempt_id IN (%lld, %lld)", (long long)attempt[0],
	          (long long)attempt[3]);
	stack_sql("DELETE FROM attempt_grades WHERE attempt_id = %lld", (long long)attempt[3]);
	stack_sql("UPDATE attempt_grades SET answers = 'not a grades row' WHERE attempt_id = %lld", (long long)attempt[0]);

	/* the sweep folds them all */
	out = shell_line("\"%s\" sweep 2>&1 | grep folded", need_env("INVIGIL_BIN")); /* after the malformed row's log */
	ok(strstr(out, "folded 4 ") != NULL, "invigil sweep folded the four (%s)", out);
	is_int(pending(), 0, "nothing waits any more");
	is_int(bucket(20000), 2, "histogram: two at 2.00");
	is_int(bucket(10000), 1, "one at 1.00");
	is_int(bucket(50000), 1, "one at 5.00 (the regraded score, not the first)");
	is_int(bucket(0), 0, "none at 0.00");
	is_int(sql_int("SELECT completed FROM exam_stats WHERE exam_id = %lld", (long long)exam_id), 4,
	       "exam totals: four completed");
	is_int(sql_int("SELECT sum_score_e4 FROM exam_stats WHERE exam_id = %lld", (long long)exam_id), 100000,
	       "summing 10.00");
	is_int(sql_int("SELECT SUM(s.correct) FROM exam_question_stats s JOIN exam_questions q "
	               "ON q.id = s.exam_question_id WHERE q.exam_id = %lld", (long long)exam_id),
	       5, "per question: five right answers over both questions (two from records)");
	is_int(sql_int("SELECT MIN(s.attempts) FROM exam_question_stats s JOIN exam_questions q "
	               "ON q.id = s.exam_question_id WHERE q.exam_id = %lld", (long long)exam_id),
	       4, "each question counts all four attempts");
	rank_of(1, &r, &of);
	is_int(r, 4, "folded: learner 1 still fourth");
	is_int(of, 4, "of four");

	/* a regrade after the fold moves the histogram */
	fudge(2, "0");
	is_int(bucket(50000), 0, "the 5.00 left the histogram");
	is_int(bucket(0), 1, "for 0.00");
	rank_of(1, &r, &of);
	is_int(r, 3, "learner 1 is third again");

	/* a read of the per-question statistics folds first */
	take(4, 2);
	is_int(pending(), 1, "the fifth end waits");
	{
		struct http h;
		char path[96];
		struct json_object *q1;

		snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)attempt[4]);
		is_int(call("GET", path, tok[4], NULL, &h), 200, "the fifth learner's review");
		q1 = json_object_array_get_idx(json_get(h.json, "results"), 0);
		/* s1 right by learners 0, 1, 3, 4 of five */
		is_int(jint(q1, "correct_percentage"), 80, "correct_percentage counts all five ends");
		http_free(&h);
	}
	is_int(pending(), 0, "the review folded it");
	done_testing();
}
