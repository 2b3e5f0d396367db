/* API tests: a save as one statement (src/engine/save_known.c).  With one
 * worker, which knows the attempt once it has read it, a save is the
 * event's INSERT alone (one prepared statement executed, where the full
 * path runs two); the statement stores only what the full path would, and
 * every case it cannot settle (another's attempt, a wrong option, an answer
 * of another attempt, a changed exam, time over, an ended attempt) gets the
 * full path's answer.  The heartbeat's and the review's statements are
 * counted too. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

static char *tok, *other_tok;
static int64_t attempt, other_attempt, other_aq, aq[2], right[2], wrong[2];

/* what a create runs (create_reads): four, of which two are routines
 * (src/store/routines.c; their own statements are not counted, round trips
 * are).  The first starts the transaction, locks the (exam, user) row,
 * reads the exam's version under a shared lock (may its records wait?
 * migration 014) and reads that user's attempts there after the lock (a
 * RETURNING of the row's upsert could not: under testpress.api's eight
 * concurrent creates it missed a committed attempt); the second inserts
 * the attempt alone and commits.  It was six with those as statements of
 * their own (and a START and a COMMIT besides), seven with the lesson probe
 * apart from the access read, eight with the answer records' insert and a
 * read of their last id (do their ids run one per question?), and would be
 * nine with the learner's extension read apart from their membership, ten
 * with a locking read of the (exam, user) row after its upsert too, eleven
 * with a read back of the new attempt (for its creation time and the
 * user's names), twelve with a standing read after it too.  (A worker's
 * first create also takes a block of answer ids: a seventh, once per
 * 10,000 ids; the creates before this one took it.) */
#define CREATE_STATEMENTS 4

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static size_t first_page(const char *t, int64_t att, int64_t *ids, int64_t *opt, size_t max);


/* SET statements the server has run so far (Com_set_option): a save runs
 * none, as every connection is in READ COMMITTED from its start (db_connect;
 * a SET TRANSACTION before each save was one more round trip). */
static int64_t sets(void)
{
	return atoll(stack_sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
	                       "WHERE VARIABLE_NAME = 'COM_SET_OPTION'"));
}

/* PUT body to answer answer_id of attempt att as token t: the status, and
 * the response in *h (the caller frees it). */
static long save_as(const char *t, int64_t att, int64_t answer_id, const char *body, struct http *h)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)att, (long long)answer_id);
	http_json("PUT", path, jwt_header(t), body, h);
	return h->status;
}

static long save(int k, const char *body, struct http *h)
{
	return save_as(tok, attempt, aq[k], body, h);
}

static int64_t events(void)
{
	return sql_int("SELECT COUNT(*) FROM answer_events WHERE attempt_id = %lld", (long long)attempt);
}

/* Starts sk-exam as t and reads its questions page (which the worker
 * remembers) into aq, right and wrong; the attempt's id. */
static int64_t start(const char *t)
{
	struct http h;
	char path[96];
	struct json_object *res;
	int64_t id;

	id = tp_started(t, "sk-exam");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)id);
	http_get(path, jwt_header(t), &h);
	res = json_get(h.json, "results");
	for (size_t k = 0; k < 2; k++) {
		struct json_object *item = json_object_array_get_idx(res, k);
		struct json_object *opts = json_get(json_get(item, "question"), "answers");

		aq[k] = json_int(item, "id");
		right[k] = json_int(json_object_array_get_idx(opts, 0), "id"); /* the fixture's first option is right */
		wrong[k] = json_int(json_object_array_get_idx(opts, 1), "id");
	}
	http_free(&h);
	return id;
}

static void setup(void)
{

	stack_import("saveknown-course.json");
	if ((tok = login(NULL, "learner40", "demo")) == NULL || (other_tok = login(NULL, "learner41", "demo")) == NULL)
		bail("cannot log in");
	other_attempt = start(other_tok);
	other_aq = aq[1];
	attempt = start(tok);
}

/* The one-statement saves: a choice, then a flag merged over it. */
static void one_statement(void)
{
	struct http h;
	char body[96];
	int64_t before = stack_executed(), sets_before = sets();
	struct json_object *sel;

	/* the start found the records' ids one per question, so the statement
	 * does not read the record (STMT_ANSWER_APPEND_DENSE).  A record is
	 * only ever written with an event; one written behind the server's
	 * back shows which statement ran: its flag is not merged */
	stack_sql("UPDATE answers SET review = 1 WHERE id = %lld", (long long)aq[0]);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)wrong[0]);
	is_int(save(0, body, &h), 200, "a choice is saved");
	http_free(&h);
	is_int(stack_executed() - before, 1, "as one statement, the attempt known from its questions page");
	is_int(sets() - sets_before, 0, "and no SET before it: the connection is in READ COMMITTED already");
	is_str(stack_sql("SELECT CONCAT(sel, '/', review) FROM answer_events WHERE answer_id = %lld", (long long)aq[0]),
	       shell_line("echo %lld/0", (long long)wrong[0]), "the statement did not read the record (its ids are known)");
	stack_sql("UPDATE answers SET review = 0 WHERE id = %lld", (long long)aq[0]);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[0]);
	before = stack_executed();
	is_int(save(0, body, &h), 200, "a changed choice is saved");
	http_free(&h);
	before = stack_executed();
	is_int(save(0, "{\"review\":true}", &h), 200, "a flag alone is saved");
	is_int(stack_executed() - before, 1, "as one statement");
	sel = json_get(h.json, "selected_answers");
	ok(sel != NULL && json_object_array_length(sel) == 1 &&
	   json_object_get_int64(json_object_array_get_idx(sel, 0)) == right[0],
	   "the response shows the choice the flag's save kept");
	ok(json_get(h.json, "review") != NULL && json_object_get_boolean(json_get(h.json, "review")),
	   "and the flag");
	is_int(json_int(h.json, "id"), aq[0], "of the answer saved");
	http_free(&h);
	is_str(stack_sql("SELECT CONCAT(sel, '/', review) FROM answer_events WHERE answer_id = %lld ORDER BY id DESC "
	                 "LIMIT 1", (long long)aq[0]),
	       shell_line("echo %lld/1", (long long)right[0]), "the event holds the merged state");
	/* the question's time grows by the time since the clock's last touch */
	sleep(2);
	before = sql_int("SELECT spent_ms FROM answer_events WHERE answer_id = %lld ORDER BY id DESC LIMIT 1",
	                 (long long)aq[0]);
	is_int(save(0, "{\"review\":false}", &h), 200, "a save two seconds later");
	http_free(&h);
	ok(sql_int("SELECT spent_ms FROM answer_events WHERE answer_id = %lld ORDER BY id DESC LIMIT 1",
	           (long long)aq[0]) - before >= 1900,
	   "adds the two seconds to the question's time");
}

/* What the statement cannot settle gets the full path's answer. */
static void full_path_answers(void)
{
	struct http h;
	char body[96];
	int64_t n = events();

	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[1]);
	is_int(save_as(other_tok, attempt, aq[1], body, &h), 403, "another learner's save to the attempt is refused");
	http_free(&h);
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[0]);
	is_int(save(1, body, &h), 400, "an option of another question is refused");
	ok(strstr(h.body ? h.body : "", "not an option of this question") != NULL, "saying why: %s",
	   h.body ? h.body : "");
	http_free(&h);
	is_int(save_as(tok, attempt, other_aq, body, &h), 404, "an answer of another attempt is not found");
	http_free(&h);
	is_int(events(), n, "none of them stored an event");
	/* a changed exam: the statement sees the version move, the full path reloads */
	stack_sql("UPDATE exams SET content_version = content_version + 1 WHERE slug = 'sk-exam'");
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)right[1]);
	is_int(save(1, body, &h), 200, "a save after the exam changed is saved");
	http_free(&h);
	is_int(events(), n + 1, "once");
}

/* Time over: the statement stores nothing, the full path ends the attempt. */
static void time_over(void)
{
	struct http h;
	char body[96], path[96];
	int64_t n;

	stack_sql("UPDATE attempts SET time_used_ms = 3600000 + 60000 WHERE id = %lld", (long long)attempt);
	n = events();
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)wrong[1]);
	is_int(save(1, body, &h), 400, "a save past the hour (and its grace) is refused");
	ok(strstr(h.body ? h.body : "", "Time is up") != NULL, "saying time is up: %s", h.body ? h.body : "");
	http_free(&h);
	is_int(events(), n, "and stores no event");
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", (long long)attempt), "completed",
	       "the attempt has ended");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)attempt);
	http_get(path, jwt_header(tok), &h);
	is_str(json_str(h.json, "score"), "2.00", "graded with the answers saved before: both right");
	http_free(&h);
	is_int(save(0, body, &h), 400, "a save to the ended attempt is refused");
	http_free(&h);
	is_int(events(), n, "and stores nothing");
}

/* A heartbeat's statements: the attempt's locked read (which is its open:
 * there was a read before it too, and which reads the standing the
 * response shows: the learner's extension and other attempts at the exam),
 * and the clock's update.  The standing was a read after the commit. */
static void heartbeat_reads(void)
{
	struct http h;
	char path[96];
	int64_t before = stack_executed();

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/heartbeat/", (long long)attempt);
	http_json("PUT", path, jwt_header(tok), NULL, &h);
	is_int(h.status, 200, "a heartbeat");
	is_int(json_int(json_get(h.json, "exam"), "attempts_count"), 1, "its standing: one attempt");
	is_int(json_int(json_get(h.json, "exam"), "paused_attempts_count"), 1, "and it running");
	http_free(&h);
	is_int(stack_executed() - before, 2, "in two statements: the locked read (with the standing), the update");
}

/* An end's standing comes from its locked read too, with the attempt as
 * the end left it: the same as a read after it shows. */
static void end_standing(void)
{
	struct http h;
	char path[96];
	int64_t second, before, aid, opt;
	char *ended, body[96];

	http_json("POST", "/api/v2.2/exams/sk-retake/attempts/", jwt_header(other_tok), NULL, &h);
	is_int(h.status, 200, "the running second attempt again");
	second = json_int(h.json, "id");
	http_free(&h);
	/* an answer saved: the end reads its events, and not its records, which
	 * its start found one per question (engine_answer_set) */
	if (first_page(other_tok, second, &aid, &opt, 1) != 1)
		bail("no questions page of the second attempt");
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)opt);
	is_int(save_as(other_tok, second, aid, body, &h), 200, "an answer of it saved");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)second);
	before = stack_executed();
	http_json("PUT", path, jwt_header(other_tok), NULL, &h);
	is_int(h.status, 200, "its end");
	/* the routines' own statements are not counted: round trips are */
	is_int(stack_executed() - before, 2,
	       "in two round trips: its opening read with its events, then its writes with the commit and "
	       "the standing (routines.c)");
	is_str(json_str(h.json, "score"), "1.00", "graded with the answer saved (right)");
	ended = strdup(json_object_to_json_string(json_get(h.json, "exam")));
	is_int(json_int(json_get(h.json, "exam"), "attempts_count"), 2, "its standing: two attempts");
	is_int(json_int(json_get(h.json, "exam"), "paused_attempts_count"), 0, "none running");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)second);
	http_get(path, jwt_header(other_tok), &h);
	is_str(json_object_to_json_string(json_get(h.json, "exam")), ended, "a read shows the same exam and standing");
	http_free(&h);
	free(ended);
}

/* A review page's statements, once its exam's statistics are folded: the
 * attempt with its grades row, and the page's records with their
 * questions' statistics (which say in the same read whether ended attempts
 * wait to be folded).  It was four: the grades row and every question's
 * statistics were reads of their own. */
static void review_reads(void)
{
	struct http h;
	char path[96];
	int64_t before;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)attempt);
	http_get(path, jwt_header(tok), &h);
	is_int(h.status, 200, "the review, which folds the end into the statistics");
	http_free(&h);
	is_int(sql_int("SELECT COUNT(*) FROM stats_pending p JOIN exams e ON e.id = p.exam_id WHERE e.slug = 'sk-exam'"),
	       0, "nothing of the exam waits to be folded");
	before = stack_executed();
	http_get(path, jwt_header(tok), &h);
	is_int(h.status, 200, "the review again");
	is_int(json_int(json_object_array_get_idx(json_get(h.json, "results"), 0), "correct_percentage"), 100,
	       "with the folded statistics: the one end answered the first question right");
	http_free(&h);
	is_int(stack_executed() - before, 2, "in two statements: the attempt with its grades, the records with the statistics");
}

/* A create's statements: the standing its response shows (attempts taken,
 * running) is what its transaction read and wrote, not a read after it;
 * and it is the standing a read shows. */
static void create_reads(void)
{
	struct http h;
	char path[96];
	int64_t before, ran, id, count, paused;
	char *user, *date;

	/* the worker loads the exam first (its cache), as a learner's page of it would */
	http_get("/api/v2.2/exams/sk-other/", jwt_header(tok), &h);
	is_int(h.status, 200, "the exam");
	http_free(&h);
	before = stack_executed();
	http_json("POST", "/api/v2.2/exams/sk-other/attempts/", jwt_header(tok), NULL, &h);
	is_int(h.status, 201, "a create");
	ran = stack_executed() - before;
	id = json_int(h.json, "id");
	count = json_int(json_get(h.json, "exam"), "attempts_count");
	paused = json_int(json_get(h.json, "exam"), "paused_attempts_count");
	user = strdup(json_object_to_json_string(json_get(h.json, "user")));
	date = strdup(json_object_get_string(json_get(h.json, "date")));
	http_free(&h);
	is_int(count, 1, "its standing: one attempt");
	is_int(paused, 1, "and it running");
	is_int(ran, CREATE_STATEMENTS, "in %d statements, no read after the commit (standing or attempt)",
	       CREATE_STATEMENTS);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)id);
	http_get(path, jwt_header(tok), &h);
	is_int(json_int(json_get(h.json, "exam"), "attempts_count"), count, "a read shows the same attempts");
	is_int(json_int(json_get(h.json, "exam"), "paused_attempts_count"), paused, "and the same running");
	/* what the insert returned is what a read gives */
	is_str(json_object_to_json_string(json_get(h.json, "user")), user, "a read shows the same user: %s", user);
	ok(strstr(user, "\"learner40\"") != NULL, "the user's username, from the insert");
	is_str(json_object_get_string(json_get(h.json, "date")), date, "and the same creation time");
	http_free(&h);
	free(user);
	free(date);
}

/* A create while the learner's attempt is running past its time ends that
 * one and starts the next: the ended one counts once among those taken. */
static void create_after_time_over(void)
{
	struct http h;
	int64_t first;

	http_json("POST", "/api/v2.2/exams/sk-retake/attempts/", jwt_header(other_tok), NULL, &h);
	is_int(h.status, 201, "the first of two attempts");
	first = json_int(h.json, "id");
	http_free(&h);
	stack_sql("UPDATE attempts SET time_used_ms = 3600000 + 60000, deadline_at = NOW(3) - INTERVAL 2 HOUR "
	          "WHERE id = %lld", (long long)first);
	http_json("POST", "/api/v2.2/exams/sk-retake/attempts/", jwt_header(other_tok), NULL, &h);
	is_int(h.status, 201, "past its time, a create ends it and starts the second: %s", h.body ? h.body : "");
	is_int(json_int(json_get(h.json, "exam"), "attempts_count"), 2, "two attempts in the standing");
	http_free(&h);
	is_str(stack_sql("SELECT state FROM attempts WHERE id = %lld", (long long)first), "completed", "the first ended");
}

/* A create that waits for the (exam, user) row while another start holds
 * it reads the learner's attempts after that start commits: a read of its
 * own after the row's upsert.  Here the other
 * "start" (a session of its own) makes the learner's ended attempt running
 * again under the row's lock; the create finds it and returns it, where a
 * read from before its wait would have found none running and started a
 * second. */
static void create_waits_for_pair(void)
{
	struct http h;
	int64_t first;
	char hold[512];

	http_json("POST", "/api/v2.2/exams/sk-retake/attempts/", jwt_header(tok), NULL, &h);
	is_int(h.status, 201, "pair lock: a first attempt");
	first = json_int(h.json, "id");
	http_free(&h);
	stack_sql("UPDATE attempts SET state = 'completed', ended_at = NOW(3) WHERE id = %lld", (long long)first);
	snprintf(hold, sizeof(hold),
	         "INSERT INTO submissions (exam_id, user_id) VALUES ((SELECT exam_id FROM attempts WHERE id = %lld), "
	         "(SELECT user_id FROM attempts WHERE id = %lld)) ON DUPLICATE KEY UPDATE id = id; "
	         "UPDATE attempts SET state = 'running', ended_at = NULL WHERE id = %lld",
	         (long long)first, (long long)first, (long long)first);
	stack_sql_hold(2, hold, "");
	http_json("POST", "/api/v2.2/exams/sk-retake/attempts/", jwt_header(tok), NULL, &h);
	is_int(h.status, 200, "pair lock: a create waiting for the row finds the attempt made running under it");
	is_int(json_int(h.json, "id"), first, "pair lock: and returns it");
	http_free(&h);
	is_int(sql_int("SELECT COUNT(*) FROM attempts a JOIN exams e ON e.id = a.exam_id "
	               "WHERE e.slug = 'sk-retake' AND a.id >= %lld AND a.user_id = "
	               "(SELECT user_id FROM attempts WHERE id = %lld)", (long long)first, (long long)first),
	       1, "pair lock: no second attempt");
}

/* The items of attempt att's first questions page as t: their ids into ids
 * and their first (right) options into right; how many (at most max). */
static size_t first_page(const char *t, int64_t att, int64_t *ids, int64_t *opt, size_t max)
{
	struct http h;
	struct json_object *res;
	size_t n = 0;

	http_get(path_of("/api/v2.2/attempts/%lld/questions/", (long long)att), jwt_header(t), &h);
	res = json_get(h.json, "results");
	for (; res != NULL && n < max && n < json_object_array_length(res); n++) {
		struct json_object *item = json_object_array_get_idx(res, n);

		ids[n] = json_int(item, "id");
		opt[n] = json_int(json_object_array_get_idx(json_get(json_get(item, "question"), "answers"), 0), "id");
	}
	http_free(&h);
	return n;
}

/* Record ids that step by two, as an attempt started before migration 014
 * on Galera has them (auto_increment_increment 2 on each node; a start now
 * reserves its ids one per question): not one per question, so a save's
 * statement reads the record and checks its guess of the question (its id
 * minus the first's: wrong after the first record), and the full path
 * saves what the guess got wrong.  Were the ids taken for one per question,
 * the second record's save would be checked against the third question's
 * options and refused. */
static void stepping_ids(void)
{
	int64_t att, ids[3], opt[3];
	char body[96];
	struct http h;

	att = stack_legacy_attempt(tp_started(tok, "sk-gaps"), 2);
	is_int(sql_int("SELECT MAX(id) - MIN(id) FROM answers WHERE attempt_id = %lld", (long long)att), 4,
	       "stepping ids: the three records' ids step by two");
	if (first_page(tok, att, ids, opt, 3) != 3)
		bail("no questions page of sk-gaps");
	for (size_t k = 0; k < 3; k++) {
		/* the next question's option: the second record's guess (the third
		 * question) would take it */
		snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)opt[(k + 1) % 3]);
		is_int(save_as(tok, att, ids[k], body, &h), 400, "stepping ids: record %zu refuses another question's option",
		       k + 1);
		http_free(&h);
		snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)opt[k]);
		is_int(save_as(tok, att, ids[k], body, &h), 200, "stepping ids: and takes its own");
		http_free(&h);
		is_int(sql_int("SELECT COUNT(*) FROM answer_events WHERE answer_id = %lld", (long long)ids[k]), 1,
		       "stepping ids: one event, the second save's");
	}
}

int main(void)
{
	setup();
	create_after_time_over();
	end_standing();
	create_reads();
	create_waits_for_pair();
	one_statement();
	heartbeat_reads();
	full_path_answers();
	time_over();
	review_reads();
	stepping_ids();
	return done_testing();
}
