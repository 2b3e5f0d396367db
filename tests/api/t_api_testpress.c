/* API tests: a whole exam through the Testpress learner API v2.2, every
 * number checked against hand-computed expectations (fixtures/tp-course.json). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

static char *tok10, *tok11, *tok12, *tok13, *tok14, *tok15, *tok21, *tokins;

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -999999;
}

static const char *jstr(struct json_object *o, const char *key)
{
	const char *s = json_str(o, key);

	return s ? s : "(absent)";
}

/* Runs a request and keeps the response in h (caller frees). */
static long call(const char *method, const char *path, const char *token, const char *json, struct http *h)
{
	if (json)
		http_json(method, path, jwt_header(token), json, h);
	else {
		struct http_req rq = {.method = method, .path = path, .auth = jwt_header(token), .body_len = -1};

		http_do(&rq, h);
	}
	return h->status;
}

/* The answer record ids of an attempt, in order (first page). */
static int item_ids(int64_t attempt, const char *token, int64_t *ids, int max)
{
	struct http h;
	char path[128];
	struct json_object *res;
	int n = 0;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	call("GET", path, token, NULL, &h);
	res = json_get(h.json, "results");
	for (size_t i = 0; res && i < json_object_array_length(res) && n < max; i++)
		ids[n++] = jint(json_object_array_get_idx(res, i), "id");
	http_free(&h);
	return n;
}

/* The option id whose text_html is text, in a questions page item. */
static int64_t option_id(int64_t attempt, const char *token, int index, const char *text)
{
	struct http h;
	char path[128];
	int64_t id = -1;
	struct json_object *item, *answers;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	call("GET", path, token, NULL, &h);
	item = json_object_array_get_idx(json_get(h.json, "results"), (size_t)index);
	answers = json_get(json_get(item, "question"), "answers");
	for (size_t i = 0; answers && i < json_object_array_length(answers); i++)
		if (strcmp(jstr(json_object_array_get_idx(answers, i), "text_html"), text) == 0)
			id = jint(json_object_array_get_idx(answers, i), "id");
	http_free(&h);
	return id;
}

static int64_t create(const char *slug, const char *token, long *status)
{
	struct http h;
	char path[128];
	int64_t id;

	snprintf(path, sizeof(path), "/api/v2.2/exams/%s/attempts/", slug);
	*status = call("POST", path, token, NULL, &h);
	id = jint(h.json, "id");
	http_free(&h);
	return id;
}

static long save(int64_t attempt, int64_t item, const char *token, const char *json, struct http *h)
{
	char path[160];

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)attempt, (long long)item);
	return call("PUT", path, token, json, h);
}

static void walk_whole_exam(void)
{
	struct http h;
	long st;
	int64_t a = create("tp-main", tok10, &st), items[20], o;
	char path[160], body[200];
	int n;
	struct json_object *res, *sub;

	is_int(st, 201, "create an attempt: 201");
	ok(a > 0, "with an id");
	is_int(create("tp-main", tok10, &st), a, "a second create returns the running attempt");
	is_int(st, 200, "with 200");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)a);
	call("GET", path, tok10, NULL, &h);
	is_str(jstr(h.json, "state"), "Running", "state Running");
	ok(strcmp(jstr(h.json, "remaining_time"), "0:59:59") == 0 || strcmp(jstr(h.json, "remaining_time"), "1:00:00") == 0,
	   "remaining_time H:MM:SS (%s)", jstr(h.json, "remaining_time"));
	is_int(jint(h.json, "total_questions"), 7, "seven questions");
	is_str(jstr(h.json, "rank"), "NA", "no rank while running");
	ok(strstr(jstr(h.json, "url"), "/api/v2.2/attempts/") && jstr(h.json, "url")[0] == 'h', "absolute url");
	is_str(jstr(json_get(h.json, "exam"), "slug"), "tp-main", "the exam is embedded");
	is_int(jint(json_get(h.json, "exam"), "max_retakes"), 1, "max_retakes = max_attempts - 1");
	http_free(&h);

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)a);
	call("GET", path, tok10, NULL, &h);
	is_int(jint(h.json, "count"), 7, "questions: count 7");
	ok(json_get(h.json, "next") == NULL, "one page");
	res = json_get(h.json, "results");
	is_str(jstr(json_get(json_object_array_get_idx(res, 3), "question"), "type"), "S", "short answer type S");
	ok(json_object_array_length(json_get(json_get(json_object_array_get_idx(res, 3), "question"), "answers")) == 0,
	   "accepted short answers are not shown");
	ok(json_get(json_object_array_get_idx(json_get(json_get(json_object_array_get_idx(res, 0), "question"), "answers"), 0),
	            "is_correct") == NULL, "correct answers are not shown while running");
	http_free(&h);
	n = item_ids(a, tok10, items, 20);
	is_int(n, 7, "seven answer records");

	/* q1: first b (wrong), then changed to a (right) */
	o = option_id(a, tok10, 0, "3");
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)o);
	is_int(save(a, items[0], tok10, body, &h), 200, "save q1");
	http_free(&h);
	o = option_id(a, tok10, 0, "2");
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)o);
	is_int(save(a, items[0], tok10, body, &h), 200, "change q1");
	is_int(json_object_get_int64(json_object_array_get_idx(json_get(h.json, "selected_answers"), 0)), o,
	       "the answer item shows the new choice");
	http_free(&h);
	is_int(save(a, items[0], tok10, body, &h), 200, "the same save again is harmless");
	http_free(&h);
	/* q2: two of the three correct options, partial marks (form body, repeated keys) */
	{
		int64_t o1 = option_id(a, tok10, 1, "2"), o2 = option_id(a, tok10, 1, "4");
		struct http_req rq = {.method = "PUT", .auth = jwt_header(tok10),
		                      .content_type = "application/x-www-form-urlencoded", .body_len = -1};
		char fpath[160], fbody[100];

		snprintf(fpath, sizeof(fpath), "/api/v2.2/attempts/%lld/questions/%lld/", (long long)a, (long long)items[1]);
		snprintf(fbody, sizeof(fbody), "selected_answers=%lld&selected_answers=%lld", (long long)o1, (long long)o2);
		rq.path = fpath;
		rq.body = fbody;
		http_do(&rq, &h);
		is_int(h.status, 200, "save q2 with a form body");
		is_int((int64_t)json_object_array_length(json_get(h.json, "selected_answers")), 2, "two options kept");
		http_free(&h);
	}
	is_int(save(a, items[2], tok10, "{\"short_text\":\"3.145\"}", &h), 200, "save q3 (numeric)");
	http_free(&h);
	is_int(save(a, items[3], tok10, "{\"short_text\":\"  paris \",\"review\":true}", &h), 200, "save q4 and flag it");
	is_int(json_object_get_boolean(json_get(h.json, "review")), 1, "review flag kept");
	http_free(&h);
	is_int(save(a, items[4], tok10, "{\"essay_text\":\"<p>Because.</p>\"}", &h), 200, "save the essay");
	is_str(jstr(h.json, "essay_text"), "<p>Because.</p>", "essay text kept");
	http_free(&h);
	o = option_id(a, tok10, 6, "True");
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)o);
	is_int(save(a, items[6], tok10, body, &h), 200, "save q7 (wrong)");
	http_free(&h);

	/* errors while running */
	is_int(save(a, items[0], tok10, "{\"selected_answers\":[999999]}", &h), 400, "a foreign option id: 400");
	ok(json_get(h.json, "selected_answers") != NULL, "a field error on selected_answers");
	ok(h.body && strstr(h.body, "999999"), "naming the id");
	http_free(&h);
	is_int(save(a, items[0], tok10, "{\"selected_answers\":\"x\"}", &h), 400, "selected_answers of the wrong type: 400");
	http_free(&h);
	is_int(save(a, 99999999, tok10, "{\"review\":true}", &h), 404, "a question of another attempt: 404");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)a);
	is_int(call("GET", path, tok10, NULL, &h), 400, "review before the end: 400");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)a);
	is_int(call("GET", path, tok11, NULL, &h), 403, "another user's attempt: 403");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/heartbeat/", (long long)a);
	is_int(call("PUT", path, tok10, NULL, &h), 200, "heartbeat");
	is_str(jstr(h.json, "state"), "Running", "still running");
	http_free(&h);

	/* end: 2.00 + 2.00 (2/3 of 3.00) + 1.00 + 1.00 + essay pending + bonus 1.00 - 0.25 = 6.75 of 14 */
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)a);
	is_int(call("PUT", path, tok10, NULL, &h), 200, "end");
	is_str(jstr(h.json, "state"), "Completed", "Completed");
	is_str(jstr(h.json, "score"), "6.75", "score 6.75");
	is_str(jstr(h.json, "percentage"), "48", "percentage 48 (6.75 of 14)");
	is_int(jint(h.json, "correct_count"), 4, "four correct (the partial one included)");
	is_int(jint(h.json, "incorrect_count"), 1, "one incorrect");
	is_int(jint(h.json, "unanswered_count"), 1, "one unanswered (the bonus question)");
	is_int(jint(h.json, "rank"), 1, "rank 1");
	is_int(jint(h.json, "max_rank"), 1, "of 1");
	is_str(jstr(h.json, "result"), "provisional", "provisional until the essay is graded");
	is_int(jint(h.json, "accuracy"), 80, "accuracy 4 of 5 answered");
	http_free(&h);
	is_int(call("PUT", path, tok10, NULL, &h), 200, "ending twice");
	is_str(jstr(h.json, "score"), "6.75", "gives the same result");
	http_free(&h);
	is_int(save(a, items[0], tok10, "{\"review\":true}", &h), 400, "save after the end: 400");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)a);
	is_int(call("GET", path, tok10, NULL, &h), 400, "questions after the end: 400");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/start/", (long long)a);
	is_int(call("PUT", path, tok10, NULL, &h), 400, "start after the end: 400");
	http_free(&h);

	/* review */
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)a);
	is_int(call("GET", path, tok10, NULL, &h), 200, "review");
	res = json_get(h.json, "results");
	is_int(jint(h.json, "count"), 7, "seven review items");
	{
		struct json_object *q1 = json_object_array_get_idx(res, 0), *ans;

		ans = json_get(json_get(q1, "question"), "answers");
		is_int(json_object_get_boolean(json_get(json_object_array_get_idx(ans, 0), "is_correct")), 1,
		       "is_correct shown (show_answers)");
		is_str(jstr(json_get(q1, "question"), "explanation_html"), "<p>x = 2</p>", "explanation shown");
		is_str(jstr(q1, "marks"), "2.00", "q1 earned 2.00");
		is_str(jstr(json_object_array_get_idx(res, 1), "marks"), "2.00", "q2 earned 2.00 partially");
		is_str(jstr(json_object_array_get_idx(res, 1), "result"), "partial", "q2 partial");
		is_str(jstr(json_object_array_get_idx(res, 4), "result"), "pending", "essay pending");
		is_str(jstr(json_object_array_get_idx(res, 6), "marks"), "-0.25", "q7 cost 0.25");
		is_int(jint(q1, "correct_percentage"), 100, "correct_percentage from question statistics");
		/* a page with text questions reads their records (the grades row
		 * has no texts), even though this attempt's records ran one per
		 * question (src/engine/reads.c, review_from_grades) */
		is_str(jstr(json_object_array_get_idx(res, 3), "short_text"), "  paris ", "the review shows the short text");
		is_str(jstr(json_object_array_get_idx(res, 4), "essay_text"), "<p>Because.</p>", "and the essay");
	}
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/subjects/", (long long)a);
	is_int(call("GET", path, tok10, NULL, &h), 200, "subject analytics");
	res = json_get(h.json, "results");
	is_int(jint(h.json, "count"), 3, "Math, Algebra, Geo");
	for (size_t i = 0; res && i < json_object_array_length(res); i++) {
		sub = json_object_array_get_idx(res, i);
		if (strcmp(jstr(sub, "name"), "Math") == 0) {
			is_int(jint(sub, "total"), 3, "Math: its question and Algebra's two");
			is_int(jint(sub, "correct"), 3, "Math: three correct");
			is_str(jstr(sub, "score"), "5.00", "Math: 5.00");
			is_int(json_object_get_boolean(json_get(sub, "leaf")), 0, "Math is not a leaf");
		} else if (strcmp(jstr(sub, "name"), "Algebra") == 0) {
			is_str(jstr(sub, "score"), "4.00", "Algebra: 4.00");
			ok(jint(sub, "parent") > 0, "Algebra has a parent");
		} else if (strcmp(jstr(sub, "name"), "Geo") == 0) {
			is_int(jint(sub, "correct"), 1, "Geo: one correct");
		}
	}
	http_free(&h);
}

static void rank_against_a_second_learner(void)
{
	struct http h;
	long st;
	int64_t a = create("tp-main", tok11, &st);
	char path[128];

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)a);
	call("PUT", path, tok11, NULL, &h);
	is_str(jstr(h.json, "score"), "1.00", "an empty attempt scores the bonus 1.00");
	is_int(jint(h.json, "rank"), 2, "second learner: rank 2");
	is_int(jint(h.json, "max_rank"), 2, "of 2");
	ok(json_get(h.json, "percentile") && json_object_get_double(json_get(h.json, "percentile")) == 0.0,
	   "percentile 0");
	http_free(&h);
	call("GET", "/api/v2.2/exams/tp-main/attempts/", tok10, NULL, &h);
	is_int(jint(h.json, "count"), 1, "the first learner's exam attempts list");
	ok(json_object_get_double(json_get(json_object_array_get_idx(json_get(h.json, "results"), 0), "percentile")) == 100.0,
	   "first learner's percentile now 100");
	http_free(&h);
	call("GET", "/api/v2.2/attempts/?course=tp-test&q=Main", tok10, NULL, &h);
	is_int(jint(h.json, "count"), 1, "attempts filtered by course and q");
	http_free(&h);
}

static void concurrency(void)
{
	int fds[2], nkids = 8;
	int64_t ids[8];
	struct http h;
	long st;
	int64_t a;
	char path[128];

	if (pipe(fds) != 0)
		bail("pipe");
	for (int i = 0; i < nkids; i++)
		if (fork() == 0) {
			int64_t id = create("tp-main", tok12, &st);

			(void)!write(fds[1], &id, sizeof(id));
			_exit(0);
		}
	close(fds[1]);
	for (int i = 0; i < nkids; i++)
		if (read(fds[0], &ids[i], sizeof(ids[i])) != sizeof(ids[i]))
			ids[i] = -1;
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	{
		bool same = ids[0] > 0;

		for (int i = 1; i < nkids; i++)
			same &= ids[i] == ids[0];
		ok(same, "eight concurrent creates get one attempt");
	}
	call("GET", "/api/v2.2/exams/tp-main/attempts/", tok12, NULL, &h);
	is_int(jint(h.json, "count"), 1, "exactly one exists");
	http_free(&h);
	a = ids[0];
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)a);
	for (int i = 0; i < 4; i++)
		if (fork() == 0) {
			struct http k;

			call("PUT", path, tok12, NULL, &k);
			_exit(k.status == 200 ? 0 : 1);
		}
	{
		int status, good = 0;

		while (wait(&status) > 0)
			good += WIFEXITED(status) && WEXITSTATUS(status) == 0;
		is_int(good, 4, "four concurrent ends all answer 200");
	}
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)a);
	call("GET", path, tok12, NULL, &h);
	is_int(jint(h.json, "max_rank"), 3, "graded once: three ranked attempts, not six");
	http_free(&h);
}

static void errors_and_timer(void)
{
	struct http h;
	long st;
	int64_t a, items[4], o;
	char path[128], body[100];

	create("tp-main", tok21, &st);
	is_int(st, 403, "not enrolled: 403");
	create("tp-closed", tok13, &st);
	is_int(st, 403, "window closed: 403");
	create("no-such-exam", tok13, &st);
	is_int(st, 404, "unknown exam: 404");
	a = create("tp-once", tok13, &st);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)a);
	call("PUT", path, tok13, NULL, &h);
	http_free(&h);
	create("tp-once", tok13, &st);
	is_int(st, 403, "retakes exhausted: 403");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)a);
	call("GET", path, tok13, NULL, &h);
	ok(json_get(json_object_array_get_idx(json_get(json_get(json_object_array_get_idx(json_get(h.json, "results"), 0),
	                                                        "question"), "answers"), 0), "is_correct") == NULL,
	   "show_answers off: no is_correct in the review");
	http_free(&h);

	/* the pause model: time away before a resume is not counted */
	a = create("tp-pause", tok14, &st);
	sleep(2);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/start/", (long long)a);
	call("PUT", path, tok14, NULL, &h);
	is_str(jstr(h.json, "time_taken"), "0:00:00", "resume: the two seconds away are not counted");
	http_free(&h);
	sleep(1);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/heartbeat/", (long long)a);
	call("PUT", path, tok14, NULL, &h);
	is_str(jstr(h.json, "time_taken"), "0:00:01", "heartbeat: the second since counts");
	http_free(&h);

	/* time over: saves are refused and the attempt ends with what was saved */
	a = create("tp-short", tok15, &st);
	item_ids(a, tok15, items, 4);
	o = option_id(a, tok15, 0, "2");
	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", (long long)o);
	is_int(save(a, items[0], tok15, body, &h), 200, "a save in time");
	http_free(&h);
	sleep(3);
	is_int(save(a, items[0], tok15, "{\"selected_answers\":[]}", &h), 400, "a save after the time: 400");
	ok(strstr(jstr(h.json, "detail"), "Time is up") != NULL, "saying time is up");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)a);
	call("GET", path, tok15, NULL, &h);
	is_str(jstr(h.json, "state"), "Completed", "the attempt ended");
	is_str(jstr(h.json, "score"), "2.00", "with the answer saved in time");
	http_free(&h);

	/* the sweep ends attempts nobody touches */
	a = create("tp-wall", tok15, &st);
	sleep(2);
	{
		char cmd[600], line[200] = "";
		FILE *p;

		snprintf(cmd, sizeof(cmd), "\"%s\" sweep", need_env("INVIGIL_BIN"));
		p = popen(cmd, "r");
		if (p && fgets(line, sizeof(line), p) == NULL)
			line[0] = '\0';
		if (p)
			pclose(p);
		ok(strstr(line, "ended 1 ") != NULL, "invigil sweep ended the overdue attempt (%s)", line);
	}
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/", (long long)a);
	call("GET", path, tok15, NULL, &h);
	is_str(jstr(h.json, "state"), "Completed", "it is completed");
	http_free(&h);

	/* staff attempt as previews that count nowhere */
	a = create("tp-main", tokins, &st);
	is_int(st, 201, "an instructor may attempt");
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/end/", (long long)a);
	call("PUT", path, tokins, NULL, &h);
	is_str(jstr(h.json, "rank"), "NA", "a preview has no rank");
	http_free(&h);
}

/* Comments on a question of a reviewed attempt: members post and read,
 * an outsider gets 404. */
static void comments(void)
{
	struct http h;
	char path[200];
	int64_t attempt, question;
	char *outsider = login(NULL, "learner30", "demo");

	call("GET", "/api/v2.2/attempts/", tok10, NULL, &h);
	attempt = jint(json_object_array_get_idx(json_get(h.json, "results"), 0), "id");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/review/", (long long)attempt);
	call("GET", path, tok10, NULL, &h);
	question = jint(json_get(json_object_array_get_idx(json_get(h.json, "results"), 0), "question"), "id");
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/questions/%lld/comments/", (long long)question);
	is_int(call("POST", path, tok10, "{\"comment\":\"Why is B right?\"}", &h), 201, "a learner comments on a question");
	is_str(jstr(json_get(h.json, "user"), "username"), "learner10", "as themselves");
	http_free(&h);
	is_int(call("POST", path, tok10, "{}", &h), 400, "an empty comment: 400");
	http_free(&h);
	is_int(call("GET", path, tok11, NULL, &h), 200, "another member reads the comments");
	is_int(jint(h.json, "count"), 1, "one comment");
	is_str(jstr(json_object_array_get_idx(json_get(h.json, "results"), 0), "comment"), "Why is B right?", "its text");
	http_free(&h);
	is_int(call("GET", path, outsider, NULL, &h), 404, "someone outside the course: 404");
	http_free(&h);

	/* overall analytics: the subjects of every completed attempt, rolled up */
	is_int(call("GET", "/api/v2.2/analytics/", tok10, NULL, &h), 200, "overall subject analytics");
	{
		struct json_object *res = json_get(h.json, "results");
		int64_t total = 0, parts = 0;

		ok(res && json_object_array_length(res) > 0, "with the subjects learner10 was tested on");
		for (size_t i = 0; res && i < json_object_array_length(res); i++) {
			struct json_object *s = json_object_array_get_idx(res, i);

			total += jint(s, "total");
			parts += jint(s, "correct") + jint(s, "incorrect") + jint(s, "unanswered");
		}
		ok(total > 0 && total == parts, "each total is its correct, incorrect and unanswered (%lld)", (long long)total);
	}
	http_free(&h);
	is_int(call("GET", "/api/v2.2/analytics/", outsider, NULL, &h), 200, "someone with no attempts here");
	is_int(jint(h.json, "count"), 0, "has no analytics");
	http_free(&h);
	free(outsider);
}

int main(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/tp-course.json\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the test course");
	tok10 = login(NULL, "learner10", "demo");
	tok11 = login(NULL, "learner11", "demo");
	tok12 = login(NULL, "learner12", "demo");
	tok21 = login(NULL, "learner21", "demo");
	tokins = login(NULL, "instructor", "demo");
	{
		char *t13 = login(NULL, "learner13", "demo"), *t14 = login(NULL, "learner14", "demo"),
		     *t15 = login(NULL, "learner15", "demo");

		if (!tok10 || !tok11 || !tok12 || !tok21 || !tokins || !t13 || !t14 || !t15)
			bail("cannot log in the test users");
		walk_whole_exam();
		rank_against_a_second_learner();
		concurrency();
		tok13 = t13;
		tok14 = t14;
		tok15 = t15;
		errors_and_timer();
		comments();
	}
	return done_testing();
}
