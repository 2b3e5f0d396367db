/* API tests: the four lesson rules of seed 000 (published; a scheduled
 * section's dripped_at; a structured section's drip delay after joining; the
 * course's lesson order) guard an exam that runs behind a lesson, decided in
 * the engine for every face that starts it (Testpress, Canvas, assessments);
 * the course's staff bypass them; a passed attempt completes its lesson,
 * which opens the next one.  Fixture: fixtures/lessons-course.json. */
#include "config.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "../tap.h"

static char *l42, *l43, *l44, *mgr; /* learners 42, 43; 44 invited; 45 the course's manager */
static long long course_id, right_opt;
static char *last; /* the body of the last start or submission */

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static long long exam_id(const char *slug)
{
	return sql_int("SELECT id FROM exams WHERE slug = '%s'", slug);
}

/* Starts slug through the Testpress face as tok; the status (body in last). */
static long tp_start(const char *slug, const char *tok)
{
	struct http h;
	long st;

	http_json("POST", path_of("/api/v2.2/exams/%s/attempts/", slug), jwt_header(tok), NULL, &h);
	st = h.status;
	free(last);
	last = strdup(h.body ? h.body : "");
	http_free(&h);
	return st;
}

/* Starts, answers right and ends slug on the Testpress face. */
static void tp_pass(const char *slug, const char *tok, const char *who)
{
	struct http h;
	long long id, item;

	http_json("POST", path_of("/api/v2.2/exams/%s/attempts/", slug), jwt_header(tok), NULL, &h);
	id = json_object_get_int64(json_get(h.json, "id"));
	http_free(&h);
	http_get(path_of("/api/v2.2/attempts/%lld/questions/", id), jwt_header(tok), &h);
	item = json_object_get_int64(json_get(json_object_array_get_idx(json_get(h.json, "results"), 0), "id"));
	http_free(&h);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", id, item), jwt_header(tok),
	          path_of("{\"selected_answers\":[%lld]}", right_opt), &h);
	http_free(&h);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
	is_int(h.status, 200, "%s passes %s", who, slug);
	http_free(&h);
}

/* The status of a Canvas quiz submission's create for slug. */
static long cv_start(const char *slug, const char *tok)
{
	struct http h;
	long st;

	http_json("POST", path_of("/api/v1/courses/%lld/quizzes/%lld/submissions", course_id, exam_id(slug)),
	          bearer_header(tok), NULL, &h);
	st = h.status;
	free(last);
	last = strdup(h.body ? h.body : "");
	http_free(&h);
	return st;
}

/* The status of a whole assessments submission of slug, answered right. */
static long as_submit(const char *slug, const char *tok)
{
	char pid[48];
	long long qid = sql_int("SELECT q.id FROM exam_questions eq JOIN questions q ON q.id = eq.question_id "
	                        "WHERE eq.exam_id = %lld", exam_id(slug));
	struct http h;
	long st;

	snprintf(pid, sizeof(pid), "%s", stack_sql("SELECT public_id FROM exams WHERE slug = '%s'", slug));
	http_json("POST", path_of("/api/v1/assessments/%s/submissions", pid), bearer_header(tok),
	          path_of("{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[%lld]}]}", qid, right_opt), &h);
	st = h.status;
	free(last);
	last = strdup(h.body ? h.body : "");
	http_free(&h);
	return st;
}

/* A refusal's status, and the rule the body of the refused request names. */
static void refused(long st, const char *rule, const char *what)
{
	is_int(st, 403, "%s: 403", what);
	ok(last != NULL && strstr(last, rule) != NULL, "%s: the body names the rule (%s)", what, last ? last : "");
}

static void setup(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/lessons-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	if ((l42 = login(NULL, "learner42", "demo")) == NULL || (l43 = login(NULL, "learner43", "demo")) == NULL ||
	    (l44 = login(NULL, "learner44", "demo")) == NULL || (mgr = login(NULL, "learner45", "demo")) == NULL)
		bail("cannot log in");
	course_id = sql_int("SELECT id FROM courses WHERE slug = 'ls-test'");
	right_opt = sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id "
	                    "JOIN courses c ON c.id = q.course_id WHERE c.slug = 'ls-test' AND o.is_correct = 1");
	if (course_id <= 0 || right_opt <= 0)
		bail("cannot find the fixture's ids");
}

/* Rule 4, and a passed attempt completing its lesson. */
static void lesson_order(void)
{
	refused(tp_start("ls-q1", l42), "earlier lessons", "Testpress, quiz 1 before the welcome lesson");
	refused(cv_start("ls-q1", l42), "earlier lessons", "Canvas, the same");
	refused(as_submit("ls-q1", l42), "lesson_locked", "assessments, the same (its code)");
	is_int(sql_int("SELECT COUNT(*) FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE e.slug = 'ls-q1'"), 0,
	       "no face made an attempt");
	is_int(tp_start("ls-free", l42), 201, "an exam behind no lesson has no lesson rules");

	/* the welcome lesson completed (the course face's complete endpoint will do this) */
	stack_sql("INSERT INTO lesson_progress (lesson_id, user_id, completed_at) SELECT l.id, u.id, NOW(3) "
	          "FROM lessons l, users u WHERE l.skey = 'intro' AND u.username = 'learner42'");
	tp_pass("ls-q1", l42, "with the welcome lesson completed, learner42");
	is_int(sql_int("SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id JOIN users u "
	               "ON u.id = p.user_id WHERE l.skey = 'quiz1' AND u.username = 'learner42' "
	               "AND p.completed_at IS NOT NULL"),
	       1, "the passed attempt completed its lesson");
}

/* Rule 3: a structured course's section opens drip_delay days after joining. */
static void structured_drip(void)
{
	refused(tp_start("ls-q2", l42), "not open yet", "quiz 2, joined today, section opens after 3 days");
	refused(cv_start("ls-q2", l42), "not open yet", "Canvas, the same");
	stack_sql("UPDATE enrollments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id "
	          "SET e.joined_at = NOW(3) - INTERVAL 3 DAY + INTERVAL 1 HOUR WHERE u.username = 'learner42' "
	          "AND c.slug = 'ls-test'");
	refused(tp_start("ls-q2", l42), "not open yet", "joined 3 days less an hour ago");
	stack_sql("UPDATE enrollments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id "
	          "SET e.joined_at = NOW(3) - INTERVAL 3 DAY WHERE u.username = 'learner42' AND c.slug = 'ls-test'");
	is_int(tp_start("ls-q2", l42), 201, "joined 3 days ago: quiz 2 starts");
	/* rules guard a new attempt, not the running one */
	stack_sql("UPDATE lessons SET published = 0 WHERE skey = 'quiz2'");
	is_int(tp_start("ls-q2", l42), 200, "its lesson unpublished, the running attempt is still returned");
	stack_sql("UPDATE lessons SET published = 1 WHERE skey = 'quiz2'");
}

/* Rule 1, the staff's bypass, and who has joined. */
static void published_and_staff(void)
{
	stack_sql("UPDATE enrollments e JOIN users u ON u.id = e.user_id SET e.joined_at = NOW(3) - INTERVAL 30 DAY "
	          "WHERE u.username = 'learner42'");
	refused(tp_start("ls-q3", l42), "not published", "quiz 3's lesson is unpublished");
	refused(as_submit("ls-q3", l42), "lesson_locked", "assessments, the same");
	is_int(tp_start("ls-q3", mgr), 201, "the course's manager bypasses every lesson rule");
	is_int(cv_start("ls-q1", mgr), 200, "on Canvas too");
	is_int(tp_start("ls-q1", l44), 403, "an invited member has not joined");
}

/* Ends the attempt the last start made, unanswered: it fails (passing
 * score 50), and its lesson stays not completed. */
static void failed_completes_nothing(const char *tok, const char *user)
{
	struct json_object *o = json_tokener_parse(last ? last : "");
	long long id = o ? json_object_get_int64(json_get(o, "id")) : 0;
	struct http h;

	json_object_put(o);
	http_json("PUT", path_of("/api/v2.2/attempts/%lld/end/", id), jwt_header(tok), NULL, &h);
	is_int(h.status, 200, "%s ends quiz 1 unanswered", user);
	http_free(&h);
	is_int(sql_int("SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id JOIN users u "
	               "ON u.id = p.user_id WHERE l.skey = 'quiz1' AND u.username = '%s'", user),
	       0, "a failed attempt completes no lesson");
}

/* Rule 2: a scheduled course's section opens at its dripped_at. */
static void scheduled_drip(void)
{
	stack_sql("UPDATE courses SET type = 'scheduled', enforce_lessons_order = 0 WHERE slug = 'ls-test'");
	stack_sql("UPDATE course_sections s JOIN courses c ON c.id = s.course_id SET s.dripped_at = NOW(3) + INTERVAL 1 DAY "
	          "WHERE c.slug = 'ls-test' AND s.skey = 's2'");
	refused(tp_start("ls-q2", l43), "not open yet", "scheduled: before the section's dripped_at");
	refused(as_submit("ls-q2", l43), "lesson_locked", "assessments, the same");
	is_int(tp_start("ls-q1", l43), 201, "order off: quiz 1 starts without the welcome lesson");
	failed_completes_nothing(l43, "learner43");
	stack_sql("UPDATE course_sections s JOIN courses c ON c.id = s.course_id SET s.dripped_at = NOW(3) - INTERVAL 1 "
	          "SECOND WHERE c.slug = 'ls-test' AND s.skey = 's2'");
	is_int(as_submit("ls-q2", l43), 201, "after dripped_at: an assessments submission is taken");
}

int main(void)
{
	setup();
	lesson_order();
	structured_drip();
	published_and_staff();
	scheduled_drip();
	free(last);
	return done_testing();
}
