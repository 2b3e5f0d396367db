/* API tests: item analysis on the live stack.  Six learners answer Canvas's
 * own item-analysis quiz (fixtures/items-course.json: the answer sheets of
 * Canvas's spec) through the Testpress face; the Canvas face's quiz
 * statistics and `invigil report` then show the numbers the unit test
 * (tests/unit/t_items.c) computes by hand: groups, facility,
 * discrimination, point-biserials, alpha, the score summary.  A retake
 * changes the counted (kept) attempt but not the analysed (first) one.
 * While more learners end attempts, every statistics read is one consistent
 * snapshot: its counts add up. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static long long course, quiz;
static long long opt[4][4]; /* option ids by question and letter index */
static const char *const letters[4] = {"TF", "ABCD", "TF", "ABCD"};
static char *ins;

static double jnum(struct json_object *o, const char *key)
{
	return json_object_get_double(json_get(o, key));
}

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* Takes it-quiz as user with the answer sheet ("TBTA"; '_' blank) on Testpress. */
static void take(const char *user, const char *sheet)
{
	char *tok = login(NULL, user, "demo");
	struct http h;
	long long id, items[4];

	if (tok == NULL)
		bail("cannot log in as %s", user);
	http_json("POST", "/api/v2.2/exams/it-quiz/attempts/", jwt_header(tok), NULL, &h);
	id = json_object_get_int64(json_get(h.json, "id"));
	http_free(&h);
	http_get(path_of("/api/v2.2/attempts/%lld/questions/", id), jwt_header(tok), &h);
	for (int q = 0; q < 4; q++)
		items[q] = json_object_get_int64(json_get(json_object_array_get_idx(json_get(h.json, "results"), q), "id"));
	http_free(&h);
	for (int q = 0; q < 4; q++) {
		const char *at = strchr(letters[q], sheet[q]);

		if (sheet[q] == '_' || at == NULL)
			continue;
		http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, items[q]), jwt_header(tok),
		          path_of("{\"selected_answers\":[%lld]}", opt[q][at - letters[q]]), &h);
		http_free(&h);
	}
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
	if (h.status != 200)
		bail("%s could not end the quiz (%ld)", user, h.status);
	http_free(&h);
	free(tok);
}

static long stats(const char *tok, const char *query, struct http *h)
{
	http_get(path_of("/api/v1/courses/%lld/quizzes/%lld/statistics%s", course, quiz, query), bearer_header(tok), h);
	return h->status;
}

static struct json_object *question(struct json_object *st, int q)
{
	return json_object_array_get_idx(json_get(st, "question_statistics"), q);
}

/* The point-biserial of answer_id in question q's list. */
static struct json_object *pb_of(struct json_object *st, int q, long long answer_id)
{
	struct json_object *l = json_get(question(st, q), "point_biserials");

	for (size_t i = 0; l && i < json_object_array_length(l); i++)
		if (json_object_get_int64(json_get(json_object_array_get_idx(l, i), "answer_id")) == answer_id)
			return json_get(json_object_array_get_idx(l, i), "point_biserial");
	return NULL;
}

static void setup(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/items-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the item analysis course");
	course = sql_int("SELECT id FROM courses WHERE slug = 'it-test'");
	quiz = sql_int("SELECT id FROM exams WHERE slug = 'it-quiz'");
	for (int q = 0; q < 4; q++)
		for (size_t o = 0; o < strlen(letters[q]); o++)
			opt[q][o] = sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id "
			                    "WHERE q.course_id = %lld AND q.qkey = 'q%d' AND o.okey = '%c'", course, q + 1,
			                    letters[q][o]);
	if ((ins = login(NULL, "instructor", "demo")) == NULL)
		bail("cannot log in as the instructor");
}

/* Canvas's spec: the same six sheets give the same numbers. */
static void canvas_vector(void)
{
	static const char *const users[] = {"learner20", "learner21", "learner22", "learner23", "learner24", "learner25"};
	static const char *const sheets[] = {"TBTA", "TDFA", "FATC", "TDFB", "TDFA", "FD__"};
	struct json_object *st, *sub, *q;
	struct http h;

	for (int i = 0; i < 6; i++)
		take(users[i], sheets[i]);
	is_int(stats(ins, "", &h), 200, "the course's instructor reads the quiz statistics");
	st = json_object_array_get_idx(json_get(h.json, "quiz_statistics"), 0);
	ok(json_object_is_type(json_get(st, "id"), json_type_string), "id is a string, as Canvas sends it");
	sub = json_get(st, "submission_statistics");
	is_int(json_object_get_int64(json_get(sub, "unique_count")), 6, "six learners");
	ok(near(jnum(sub, "score_average"), 14.0 / 6), "score_average %.6f", jnum(sub, "score_average"));
	ok(near(jnum(sub, "score_median"), 2.5), "score_median 2.5");
	ok(near(jnum(sub, "score_stdev"), sqrt(80.0 / 36)), "score_stdev (population)");
	is_int(json_object_get_int64(json_get(json_get(sub, "scores"), "100")), 2, "two learners at 100 %%");
	q = question(st, 0);
	is_int(json_object_get_int64(json_get(q, "answered_student_count")), 6, "Q1 answered by six");
	is_int(json_object_get_int64(json_get(q, "correct_top_student_count")), 2, "Q1: both of the top group right");
	is_int(json_object_get_int64(json_get(q, "correct_bottom_student_count")), 0, "Q1: none of the bottom group");
	ok(near(jnum(q, "difficulty_index"), 4.0 / 6), "Q1 facility 0.667");
	ok(near(jnum(q, "discrimination_index"), 1.0), "Q1 discrimination 1");
	ok(near(jnum(q, "variance"), 2.0 / 9), "Q1 item variance");
	ok(fabs(json_object_get_double(pb_of(st, 0, opt[0][0])) - 0.8696263565463043) < 1e-12, "Q1 key's point-biserial");
	ok(fabs(json_object_get_double(pb_of(st, 1, opt[1][0])) + 0.7) < 1e-12, "Q2 distractor A: -0.7");
	ok(pb_of(st, 1, opt[1][2]) == NULL, "Q2 distractor C (chosen by none): null");
	ok(fabs(json_object_get_double(pb_of(st, 3, opt[3][1])) - 0.13363062095621223) < 1e-12, "Q4 distractor B");
	is_int(json_object_get_int64(json_get(question(st, 2), "answered_student_count")), 5, "Q3: one blank");
	ok(near(jnum(q, "alpha"), 4.0 / 3 * (1 - (4.0 / 9 + 0.5) / (80.0 / 36))), "Cronbach's alpha %.6f", jnum(q, "alpha"));
	http_free(&h);
}

/* `invigil report` prints the same numbers. */
static void cli_report(void)
{
	char cmd[1024], line[512];
	bool alpha = false, q1 = false;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "\"%s\" report it-quiz --csv", need_env("INVIGIL_BIN"));
	if ((p = popen(cmd, "r")) == NULL)
		bail("cannot run invigil report");
	while (fgets(line, sizeof(line), p) != NULL) {
		/* exam row: ... mean,median,stdev,alpha */
		if (strncmp(line, "exam,", 5) == 0)
			alpha = strstr(line, "2.3333,2.5000,1.4907,0.7667") != NULL;
		if (strncmp(line, "option,1,", 9) == 0 && strstr(line, path_of(",%lld,1,4,0.8696", opt[0][0])) != NULL)
			q1 = strstr(line, "1.0000") != NULL;
	}
	is_int(pclose(p), 0, "invigil report --csv exits 0");
	ok(alpha, "its exam row has mean, median, sd and alpha");
	ok(q1, "its Q1 key row has the facility, discrimination, responses and point-biserial");
	snprintf(cmd, sizeof(cmd), "\"%s\" report no-such-exam >/dev/null 2>&1", need_env("INVIGIL_BIN"));
	ok(WEXITSTATUS(system(cmd)) == 1, "an unknown exam: exit 1");
}

/* A retake: counted is the kept (highest) attempt, analysed the first. */
static void retakes(void)
{
	struct json_object *st, *sub;
	struct http h;

	take("learner22", "TDFA"); /* from 0 to 4 */
	stats(ins, "", &h);
	st = json_object_array_get_idx(json_get(h.json, "quiz_statistics"), 0);
	sub = json_get(st, "submission_statistics");
	ok(near(jnum(sub, "score_average"), 18.0 / 6), "the kept attempt counts: average 3");
	is_int(json_object_get_int64(json_get(question(st, 0), "answered_student_count")), 6, "still six analysed");
	ok(near(jnum(question(st, 0), "difficulty_index"), 4.0 / 6), "the item analysis reads first attempts only");
	ok(json_object_get_boolean(json_get(st, "multiple_attempts_exist")), "multiple_attempts_exist");
	http_free(&h);
	stats(ins, "?all_versions=true", &h);
	st = json_object_array_get_idx(json_get(h.json, "quiz_statistics"), 0);
	ok(json_object_get_boolean(json_get(st, "includes_all_versions")), "all_versions=true");
	ok(near(jnum(json_get(st, "submission_statistics"), "score_average"), 18.0 / 7), "every attempt: average 18/7");
	http_free(&h);
	is_int(stats(ins, "?all_versions=maybe", &h), 400, "all_versions=maybe: 400");
	http_free(&h);
	/* an attempt ended before migration 007 (no grades row) still groups with its learner's */
	stack_sql("DELETE g FROM attempt_grades g JOIN attempts a ON a.id = g.attempt_id JOIN users u ON u.id = a.user_id "
	          "WHERE u.username = 'learner22' AND a.attempt_no = 1 AND a.exam_id = %lld", quiz);
	stats(ins, "", &h);
	st = json_object_array_get_idx(json_get(h.json, "quiz_statistics"), 0);
	is_int(json_object_get_int64(json_get(json_get(st, "submission_statistics"), "unique_count")), 6,
	       "a learner whose first attempt has no grades row is still one learner");
	is_int(json_object_get_int64(json_get(json_get(st, "submission_statistics"), "analysed_count")), 6,
	       "with one first attempt");
	http_free(&h);
}

/* Who may read it. */
static void rights(void)
{
	char *l = login(NULL, "learner20", "demo");
	struct http h;

	is_int(stats(l, "", &h), 403, "a learner: 403");
	http_free(&h);
	free(l);
	http_get(path_of("/api/v1/courses/%lld/quizzes/999999/statistics", course), bearer_header(ins), &h);
	is_int(h.status, 404, "an unknown quiz: 404");
	http_free(&h);
}

/* Reads while learners end attempts: each read adds up. */
static void consistent_under_load(void)
{
	static const char *const more[] = {"learner26", "learner27", "learner28", "learner29"};
	int bad = 0, reads = 0;
	pid_t child = fork();

	if (child < 0)
		bail("fork");
	if (child == 0) {
		for (int round = 0; round < 2; round++)
			for (int i = 0; i < 4; i++)
				take(more[i], round ? "FATC" : "TDFA");
		_exit(0);
	}
	for (int status; waitpid(child, &status, WNOHANG) == 0 || reads < 5;) {
		struct http h;
		struct json_object *st, *sub, *scores, *ans;
		long long unique, hist = 0, responses = 0;

		stats(ins, "", &h);
		st = json_object_array_get_idx(json_get(h.json, "quiz_statistics"), 0);
		sub = json_get(st, "submission_statistics");
		unique = json_object_get_int64(json_get(sub, "unique_count"));
		scores = json_get(sub, "scores");
		json_object_object_foreach(scores, k, v) {
			(void)k;
			hist += json_object_get_int64(v);
		}
		ans = json_get(question(st, 1), "answers");
		for (size_t i = 0; ans && i < json_object_array_length(ans); i++)
			responses += json_object_get_int64(json_get(json_object_array_get_idx(ans, i), "responses"));
		/* every kept attempt in the histogram, and Q2 answered or blank in each */
		if (h.status != 200 || hist != unique || responses != unique) {
			bad++;
			diag("read %d: status %ld, unique %lld, histogram %lld, Q2 responses %lld", reads, h.status, unique, hist,
			     responses);
		}
		reads++;
		http_free(&h);
		if (reads > 2000)
			break;
	}
	is_int(bad, 0, "%d reads while attempts ended: every one adds up", reads);
}

/* The demo cohort: simulated learners of their own, once. */
static void demo_cohort(void)
{
	char cmd[1024];
	const char *line;

	snprintf(cmd, sizeof(cmd), "\"%s\" demo-cohort it-test --size 5 2>&1", need_env("INVIGIL_BIN"));
	line = shell_line("%s", cmd);
	ok(strstr(line, "5 learners") != NULL && strstr(line, " 0 attempts") == NULL, "demo-cohort: %s", line);
	is_int(sql_int("SELECT COUNT(DISTINCT a.user_id) FROM attempts a JOIN users u ON u.id = a.user_id "
	               "WHERE u.username LIKE 'it-test-cohort-%%' AND a.state = 'completed'"),
	       5, "five cohort learners ended the quiz");
	line = shell_line("%s", cmd);
	ok(strstr(line, " 0 attempts") != NULL, "a second run takes nothing again: %s", line);
	is_int(sql_int("SELECT COUNT(*) FROM users WHERE username LIKE 'it-test-cohort-%%' AND password_hash IS NOT NULL "
	               "AND password_hash <> ''"),
	       0, "cohort learners have no password");
}

/* Before anyone has ended the quiz: an empty report, not an error. */
static void empty(void)
{
	struct json_object *st;
	struct http h;

	is_int(stats(ins, "", &h), 200, "the statistics of a quiz nobody has ended: 200");
	st = json_object_array_get_idx(json_get(h.json, "quiz_statistics"), 0);
	ok(st && json_object_array_length(json_get(st, "question_statistics")) == 0 &&
	   json_get(json_get(st, "submission_statistics"), "score_average") == NULL, "with no questions and no average");
	http_free(&h);
}

int main(void)
{
	setup();
	empty();
	canvas_vector();
	cli_report();
	retakes();
	rights();
	consistent_under_load();
	demo_cohort();
	free(ins);
	return done_testing();
}
