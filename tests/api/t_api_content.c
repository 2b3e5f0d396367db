/* API tests: learner progress with lessons that run no exam (the Testpress
 * SDK's content attempts and video updates), video-conference attendance
 * imported from CSV, and the Testpress admin API's chapter content attempts
 * and video-conference report, with every filter, page edge and role.
 * Fixtures: fixtures/content-course.json (course A, scheduled: a video of
 * 600 s, an attachment, an HTML lesson, a quiz, a video conference, a draft,
 * a video without a length, and a video in a section that opens in 2099;
 * learner49 its manager), fixtures/content-course-b.json (course B:
 * learner48's 100 s video). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "client.h"
#include "../tap.h"

#define sql_int(...) atoll(stack_sql(__VA_ARGS__))

static char *adm, *mgr, *l46, *l47, *l48, *l50;
static long long v1, att1, h1, q1, vc1, draft1, v0, v2, vb, sec1, course_a, course_b;

static long long jint(struct json_object *o, const char *k)
{
	return json_object_get_int64(json_get(o, k));
}

static long call(const char *method, const char *path, const char *tok, const char *body, struct http *h)
{
	http_json(method, path, tok ? jwt_header(tok) : NULL, body, h);
	return h->status;
}

static long status_of(const char *method, const char *path, const char *tok, const char *body)
{
	struct http h;
	long st = call(method, path, tok, body, &h);

	http_free(&h);
	return st;
}

static long long lesson(const char *key)
{
	return sql_int("SELECT id FROM lessons WHERE skey = '%s'", key);
}

static void setup(void)
{
	char cmd[1024];

	for (int i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/content-course%s.json\" >&2",
		         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"), i ? "-b" : "");
		if (system(cmd) != 0)
			bail("cannot import the content test courses");
	}
	adm = must_login("admin");
	mgr = must_login("learner49");
	l46 = must_login("learner46");
	l47 = must_login("learner47");
	l48 = must_login("learner48");
	l50 = must_login("learner50");
	v1 = lesson("v1"), att1 = lesson("att1"), h1 = lesson("h1"), q1 = lesson("q1"), vc1 = lesson("vc1");
	draft1 = lesson("draft1"), v0 = lesson("v0"), v2 = lesson("v2"), vb = lesson("vb");
	sec1 = sql_int("SELECT id FROM course_sections WHERE skey = 's1'");
	course_a = sql_int("SELECT id FROM courses WHERE slug = 'ct-a'");
	course_b = sql_int("SELECT id FROM courses WHERE slug = 'ct-b'");
}

/* Opens lesson id as tok: the content attempt (caller frees h). */
static long open_lesson(long long id, const char *tok, struct http *h)
{
	return call("POST", path_of("/api/v2.3/contents/%lld/attempts/", id), tok, NULL, h);
}

static long watch(long long pid, const char *tok, const char *body, struct http *h)
{
	return call("PUT", path_of("/api/v2.4/user_videos/%lld/", pid), tok, body, h);
}

static long long video_progress, quiz_attempt;

static void test_video(void)
{
	struct http h;
	struct json_object *v, *vc;
	long long id;

	is_int(open_lesson(v1, l46, &h), 201, "opening a video lesson is 201");
	video_progress = jint(h.json, "user_video_id");
	id = jint(h.json, "id");
	ok(video_progress > 0 && id == video_progress * 2 + 1, "its content attempt id is the report's (2 x %lld + 1)",
	   video_progress);
	is_str(json_str(h.json, "type"), "video", "type video");
	is_int(jint(h.json, "chapter_content_id"), v1, "chapter_content_id is the lesson");
	ok(json_get(h.json, "assessment") == NULL && json_get(h.json, "attachment") == NULL, "no assessment, no attachment");
	v = json_get(h.json, "video");
	vc = json_get(v, "video_content");
	is_int(jint(v, "id"), video_progress, "video.id is user_video_id");
	is_str(json_str(vc, "duration"), "600.000", "video_content.duration is the lesson's 600 s");
	is_str(json_str(v, "watched_duration"), "0.000", "nothing watched yet");
	is_int(jint(v, "state"), 0, "state 0 while watching");
	ok(strstr(json_str(h.json, "object_url"), path_of("/api/v2.4/user_videos/%lld/", video_progress)) != NULL,
	   "object_url is the video update's URL");
	http_free(&h);
	is_int(open_lesson(v1, l46, &h), 201, "opening it again is 201");
	is_int(jint(h.json, "id"), id, "with the same content attempt: one per learner and lesson");
	http_free(&h);
	ok(sql_int("SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = %lld AND opened_at IS NOT NULL", v1) == 1,
	   "one progress row, opened");

	/* the SDK sends last_position as a number and time_ranges as strings */
	is_int(watch(video_progress, l46, "{\"last_position\":120.5,\"time_ranges\":[[\"0.0\",\"120.5\"]]}", &h), 200,
	   "a video update is 200");
	is_str(json_str(h.json, "last_position"), "120.500", "last_position kept");
	is_int(jint(h.json, "watched_percentage"), 20, "201 of 1000 parts watched: 20 %%");
	is_str(json_str(h.json, "watched_duration"), "120.600", "watched_duration is the parts' time");
	is_int(jint(h.json, "state"), 0, "not completed below 90 %%");
	is_str(json_str(json_get(h.json, "video_content"), "duration"), "600.000", "video_content.duration for the SDK");
	http_free(&h);
	is_int(watch(video_progress, l46, "{\"last_position\":\"60\",\"time_ranges\":[[0,120.5],[10,20]]}", &h), 200,
	   "watching the same part again");
	is_int(jint(h.json, "watched_percentage"), 20, "adds nothing");
	is_str(json_str(h.json, "last_position"), "60.000", "the position may go back");
	http_free(&h);
	is_int(watch(video_progress, l46, "{\"last_position\":560,\"time_ranges\":[[120,560]]}", &h), 200, "watching on");
	is_int(jint(h.json, "watched_percentage"), 93, "934 parts: 93 %%");
	is_int(jint(h.json, "state"), 1, "90 %% or more completes the video");
	http_free(&h);
	ok(sql_int("SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = %lld AND completed_at IS NOT NULL", v1) == 1,
	   "the lesson is completed for every face");
	is_int(watch(video_progress, l46, "{\"last_position\":9999,\"time_ranges\":[[590,9999]]}", &h), 200,
	   "a position past the end");
	is_str(json_str(h.json, "last_position"), "600.000", "is clamped to the video");
	is_int(jint(h.json, "watched_percentage"), 95, "and the range too");
	http_free(&h);

	/* the course face sees the completion */
	call("GET", path_of("/api/v2/course/%lld/", course_a), l46, NULL, &h);
	ok(h.json && strstr(json_object_to_json_string(h.json), "\"completed\"") != NULL,
	   "the course outline shows a completed lesson");
	http_free(&h);

	/* a video without a length: positions are kept, nothing is a share of it */
	is_int(open_lesson(v0, l46, &h), 201, "a video without a length opens");
	id = jint(h.json, "user_video_id");
	is_str(json_str(json_get(json_get(h.json, "video"), "video_content"), "duration"), "0.000",
	       "its duration is 0 (the SDK then skips the share)");
	http_free(&h);
	is_int(watch(id, l46, "{\"last_position\":30,\"time_ranges\":[[0,30]]}", &h), 200, "it takes updates");
	is_int(jint(h.json, "watched_percentage"), 0, "with no share watched");
	is_int(jint(h.json, "state"), 0, "and never completes by watching");
	http_free(&h);
}

static void test_video_refusals(void)
{
	struct http h;
	char big[16384];
	size_t n;

	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l47, "{\"last_position\":1}"), 404,
	   "another learner's video is 404");
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), NULL, "{\"last_position\":1}"), 401,
	   "no token is 401");
	is_int(status_of("PUT", "/api/v2.4/user_videos/99999999/", l46, "{\"last_position\":1}"), 404, "unknown is 404");
	is_int(call("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46, "{\"time_ranges\":[]}", &h), 400,
	   "no last_position is 400");
	ok(json_get(h.json, "last_position") != NULL, "naming last_position");
	http_free(&h);
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46, "{\"last_position\":-1}"), 400,
	   "a negative position is 400");
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46, "{\"last_position\":\"x\"}"), 400,
	   "a position that is no number is 400");
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46, "{\"last_position\":true}"), 400,
	   "a boolean position is 400");
	is_int(call("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46,
	        "{\"last_position\":1,\"time_ranges\":[[5,2]]}", &h), 400, "a reversed range is 400");
	ok(json_get(h.json, "time_ranges") != NULL, "naming time_ranges");
	http_free(&h);
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46,
	             "{\"last_position\":1,\"time_ranges\":\"0-5\"}"), 400, "ranges that are no list are 400");
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46,
	             "{\"last_position\":1,\"time_ranges\":[[1,2,3]]}"), 400, "a triple is 400");
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46, "[1]"), 400,
	   "a body that is no object is 400");
	n = (size_t)snprintf(big, sizeof(big), "{\"last_position\":1,\"time_ranges\":[");
	for (int i = 0; i < 1001; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%s[0,1]", i ? "," : "");
	snprintf(big + n, sizeof(big) - n, "]}");
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", video_progress), l46, big), 400,
	   "1,001 ranges are 400");
}

static void test_other_lessons(void)
{
	struct http h;
	long long pid;

	is_int(open_lesson(att1, l46, &h), 201, "opening an attachment is 201");
	is_str(json_str(h.json, "type"), "attachment", "type attachment");
	is_str(json_str(json_get(h.json, "attachment"), "state"), "Completed", "opening it completes it");
	ok(json_get(h.json, "video") == NULL && json_get(h.json, "user_video_id") == NULL, "no video");
	pid = jint(json_get(h.json, "attachment"), "id");
	http_free(&h);
	is_int(status_of("PUT", path_of("/api/v2.4/user_videos/%lld/", pid), l46, "{\"last_position\":1}"), 404,
	   "an attachment's progress is no video: 404");
	is_int(open_lesson(h1, l46, &h), 201, "opening an HTML lesson is 201");
	is_str(json_str(h.json, "type"), "notes", "Testpress calls it notes");
	is_str(json_str(json_get(h.json, "content"), "state"), "Completed", "completed");
	http_free(&h);
	is_int(call("POST", path_of("/api/v2.3/contents/%lld/attempts/", q1), l46, NULL, &h), 201,
	   "opening a quiz lesson starts an attempt of its exam: 201");
	is_str(json_str(h.json, "type"), "assessment", "type assessment");
	quiz_attempt = jint(json_get(h.json, "assessment"), "id");
	ok(quiz_attempt > 0 && jint(h.json, "assessment_id") == quiz_attempt && jint(h.json, "object_id") == quiz_attempt,
	   "assessment is the attempt, assessment_id and object_id its id");
	is_int(jint(h.json, "id"), quiz_attempt * 2, "the content attempt's id is the report's (2 x the attempt's)");
	is_str(json_str(json_get(h.json, "assessment"), "state"), "Running", "the attempt runs");
	ok(json_str(json_get(h.json, "assessment"), "questions_url") != NULL, "with the URLs the SDK follows");
	is_int(jint(h.json, "chapter_content_id"), q1, "chapter_content_id is the lesson");
	http_free(&h);
	is_int(call("POST", path_of("/api/v2.3/contents/%lld/attempts/", q1), l46, NULL, &h), 200,
	   "opening it again while it runs is 200");
	is_int(jint(json_get(h.json, "assessment"), "id"), quiz_attempt, "with the same attempt");
	http_free(&h);
	is_int(status_of("POST", path_of("/api/v2.3/contents/%lld/attempts/", q1), l48, NULL), 403,
	   "another course's learner may not start it");
	is_int(status_of("POST", path_of("/api/v2.3/contents/%lld/attempts/", draft1), l46, NULL), 404,
	   "a draft is 404 to a learner");
	is_int(status_of("POST", path_of("/api/v2.3/contents/%lld/attempts/", v2), l46, NULL), 403,
	   "a lesson whose section opens in 2099 is 403");
	is_int(status_of("POST", path_of("/api/v2.3/contents/%lld/attempts/", v1), l48, NULL), 403,
	   "another course's learner is 403");
	is_int(status_of("POST", "/api/v2.3/contents/99999999/attempts/", l46, NULL), 404, "an unknown lesson is 404");
	is_int(status_of("POST", path_of("/api/v2.3/contents/%lld/attempts/", v1), NULL, NULL), 401, "no token is 401");
	is_int(status_of("POST", path_of("/api/v2.2/contents/%lld/attempts/", vb), l48, NULL), 201,
	   "v2.2 serves it too (learner48 opens course B's video)");
}

/* The SDK's list of a lesson's content attempts (QuizAttemptsList). */
static void test_content_lists(void)
{
	struct http h;
	struct json_object *first;

	is_int(call("GET", path_of("/api/v2.3/contents/%lld/attempts/", v1), l46, NULL, &h), 200,
	       "a learner lists their content attempts at a video");
	is_int(jint(h.json, "count"), 1, "one: the video's progress");
	first = json_object_array_get_idx(json_get(h.json, "results"), 0);
	is_int(jint(first, "id"), video_progress * 2 + 1, "the same content attempt the POST gave");
	is_str(json_str(json_get(first, "video"), "watched_duration"), "570.600", "with what was watched");
	http_free(&h);
	is_int(call("GET", path_of("/api/v2.3/contents/%lld/attempts/", q1), l46, NULL, &h), 200, "and at the quiz");
	is_int(jint(h.json, "count"), 1, "one: the quiz attempt");
	first = json_object_array_get_idx(json_get(h.json, "results"), 0);
	is_int(jint(json_get(first, "assessment"), "id"), quiz_attempt, "as its assessment");
	is_int(jint(first, "chapter_content_id"), q1, "through this lesson");
	http_free(&h);
	is_int(call("GET", path_of("/api/v2.3/contents/%lld/attempts/", h1), l47, NULL, &h), 200,
	       "a lesson another learner has not opened");
	ok(jint(h.json, "count") == 0 && json_object_array_length(json_get(h.json, "results")) == 0, "is an empty page");
	http_free(&h);
	is_int(status_of("GET", path_of("/api/v2.3/contents/%lld/attempts/", v2), l46, NULL), 200,
	       "a lesson not open yet may be listed (nothing to take)");
	is_int(status_of("GET", path_of("/api/v2.3/contents/%lld/attempts/?page=2", v1), l46, NULL), 404,
	       "a page past the end is 404");
	is_int(status_of("GET", path_of("/api/v2.3/contents/%lld/attempts/", draft1), l46, NULL), 404, "a draft is 404");
	is_int(status_of("GET", path_of("/api/v2.3/contents/%lld/attempts/", v1), l48, NULL), 403,
	       "another course's learner is 403");
}

/* --- attendance ------------------------------------------------------------------- */

static int import_csv(long long id, const char *text)
{
	char path[256], cmd[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/attendance-%d.csv", need_env("INVIGIL_STACK_DIR"), rand());
	if ((f = fopen(path, "w")) == NULL)
		bail("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "\"%s\" attendance import %lld \"%s\" >&2", need_env("INVIGIL_BIN"), id, path);
	return WEXITSTATUS(system(cmd));
}

static void test_attendance(void)
{
	struct http h;
	struct json_object *r, *first;
	const char *zoom = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n"
	                   "\"Siddiqui, Zoya\",learner46@demo.invigil.test,2026-12-01T10:00:00Z,2026-12-01T10:02:00Z,2\r\n"
	                   "\r\n";
	const char *by_name = "\xEF\xBB\xBFusername,join_time,leave_time\n"
	                      "learner47,2026-12-01T09:59:30+00:00,2026-12-01T10:30:00+00:00\n";

	is_int(import_csv(vc1, "username,join_time,leave_time\nlearner48,2026-12-01T10:00:00Z,2026-12-01T10:01:00Z\n"), 1,
	   "a stay of someone outside the course is refused");
	is_int(import_csv(vc1, "username,join_time,leave_time\nlearner46,2026-12-01T10:00:00Z,2026-12-01T09:00:00Z\n"), 1,
	   "leaving before joining is refused");
	is_int(import_csv(vc1, "username,when\nlearner46,2026-12-01\n"), 1, "a header without the times is refused");
	is_int(import_csv(vc1, "username,join_time,leave_time\nlearner46,yesterday,today\n"), 1, "times that are no times");
	is_int(import_csv(vc1, "username,join_time,leave_time\n\"learner46,2026-12-01T10:00:00Z\n"), 1, "an open quote");
	is_int(import_csv(v1, by_name), 1, "a lesson that is no video conference is refused");
	is_int(import_csv(vc1, "username,join_time,leave_time\nlearner45,2026-12-01T10:00:00Z,2026-12-01T10:01:00Z\n"),
	       1, "an invited (not joined) learner is refused");
	is_int(import_csv(vc1, "username,join_time,leave_time\nlearner46,2026-12-01T10:00:00,2026-12-01T10:01:00\n"),
	       1, "times without a zone are refused (they would be read as UTC)");
	is_int(import_csv(vc1, "username,join_time,leave_time\n\"learner46\"x,2026-12-01T10:00:00Z,2026-12-01T10:01:00Z\n"),
	       1, "text after a closing quote is refused");
	is_int(sql_int("SELECT COUNT(*) FROM attendance"), 0, "nothing of a refused file is kept");
	is_int(import_csv(vc1, zoom), 0, "a Zoom export (by email, quoted names, CRLF) imports");
	is_int(import_csv(vc1, by_name), 0, "a file by username (with a byte-order mark) imports");
	is_int(import_csv(vc1, zoom), 0, "importing the same file again");
	is_int(sql_int("SELECT COUNT(*) FROM attendance"), 2, "keeps one row per stay");
	/* a later file with an earlier stay first: the earliest join opens, the earliest leave completes */
	is_int(import_csv(vc1, "username,join_time,leave_time\n"
	                       "learner47,2026-12-01T11:00:00Z,2026-12-01T11:10:00Z\n"
	                       "learner47,2026-12-01T09:00:00Z,2026-12-01T09:05:00Z\n"), 0, "a file out of order imports");
	is_str(stack_sql("SELECT DATE_FORMAT(p.opened_at, '%%H:%%i') FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	                 "WHERE u.username = 'learner47' AND p.lesson_id = %lld", vc1), "09:00", "opened at the earliest join");
	is_str(stack_sql("SELECT DATE_FORMAT(p.completed_at, '%%H:%%i') FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	                 "WHERE u.username = 'learner47' AND p.lesson_id = %lld", vc1), "09:05", "completed at the earliest leave");
	stack_sql("DELETE FROM attendance WHERE joined_at IN ('2026-12-01 11:00:00', '2026-12-01 09:00:00')");

	is_int(call("GET", path_of("/api/v3/admin/attempts/%lld/video-conference/", vc1), adm, NULL, &h), 200,
	   "the admin reads the attendance");
	is_int(jint(h.json, "count"), 2, "two stays");
	is_int(jint(h.json, "per_page"), 20, "the seed's page of 20");
	r = json_get(h.json, "results");
	first = json_object_array_get_idx(r, 0);
	is_str(json_str(first, "email"), "learner47@demo.invigil.test", "in order of joining");
	is_int(jint(first, "duration"), 1830, "duration in seconds");
	is_str(json_str(first, "join_time"), "2026-12-01T09:59:30.000Z", "join_time");
	is_str(json_str(first, "leave_time"), "2026-12-01T10:30:00.000Z", "leave_time");
	is_str(json_str(json_object_array_get_idx(r, 1), "name"), "Zoya Siddiqui", "name is the display name");
	is_int(jint(json_object_array_get_idx(r, 1), "duration"), 120, "two minutes");
	http_free(&h);
	is_int(call("GET", path_of("/api/v3/admin/attempts/%lld/video-conference/?per_page=1&page=2", vc1), mgr, NULL, &h),
	   200, "the course's manager reads page 2 of 1");
	ok(json_get(h.json, "next") == NULL && json_get(h.json, "previous") != NULL, "the last page links back");
	is_int(json_object_array_length(json_get(h.json, "results")), 1, "one row");
	http_free(&h);
	is_int(status_of("GET", path_of("/api/v3/admin/attempts/%lld/video-conference/?per_page=1&page=3", vc1), adm, NULL),
	   404, "a page past the end is 404");
	is_int(status_of("GET", path_of("/api/v3/admin/attempts/%lld/video-conference/?per_page=0", vc1), adm, NULL), 400,
	   "per_page 0 is 400");
	is_int(status_of("GET", path_of("/api/v3/admin/attempts/%lld/video-conference/", vc1), l46, NULL), 403,
	   "a learner is 403");
	is_int(status_of("GET", path_of("/api/v3/admin/attempts/%lld/video-conference/", v1), adm, NULL), 404,
	   "a lesson that is no video conference is 404");
	is_int(status_of("GET", "/api/v3/admin/attempts/99999999/video-conference/", adm, NULL), 404, "unknown is 404");
	ok(sql_int("SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = %lld AND completed_at IS NOT NULL", vc1) == 2,
	   "attending completes the lesson for both");
}

/* --- the admin report --------------------------------------------------------------- */

static long long exam_attempt_46, exam_attempt_47;

static void take_quiz(void)
{
	struct http h;
	long long item, right;

	right = sql_int("SELECT o.id FROM question_options o JOIN questions q ON q.id = o.question_id "
	                "WHERE q.qkey = 'c1' AND o.is_correct = 1");
	/* the attempt opening the quiz lesson started, still running */
	is_int(call("POST", "/api/v2.2/exams/ct-exam/attempts/", l46, NULL, &h), 200, "learner46 resumes the quiz");
	exam_attempt_46 = jint(h.json, "id");
	is_int(exam_attempt_46, quiz_attempt, "the one the lesson started");
	http_free(&h);
	call("GET", path_of("/api/v2.2/attempts/%lld/questions/", exam_attempt_46), l46, NULL, &h);
	item = jint(json_object_array_get_idx(json_get(h.json, "results"), 0), "id");
	http_free(&h);
	call("PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", exam_attempt_46, item), l46,
	     path_of("{\"selected_answers\":[%lld]}", right), &h);
	http_free(&h);
	is_int(call("PUT", path_of("/api/v2.2/attempts/%lld/end/", exam_attempt_46), l46, NULL, &h), 200, "learner46 passes the quiz");
	http_free(&h);
	call("POST", "/api/v2.2/exams/ct-exam/attempts/", l47, NULL, &h);
	exam_attempt_47 = jint(h.json, "id");
	http_free(&h);
}

/* The report's count for query q as tok (-1 when not 200). */
static long long count_of(const char *q, const char *tok)
{
	struct http h;
	long long n;

	call("GET", path_of("/api/v3/admin/chapter-content-attempts/%s", q), tok, NULL, &h);
	n = h.status == 200 ? jint(h.json, "count") : -1;
	http_free(&h);
	return n;
}

static struct json_object *find_by(struct json_object *list, const char *key, long long v)
{
	for (size_t i = 0; i < json_object_array_length(list); i++)
		if (jint(json_object_array_get_idx(list, i), key) == v)
			return json_object_array_get_idx(list, i);
	return NULL;
}

static void test_report(void)
{
	struct http h;
	struct json_object *res, *rows, *row, *x, *c;
	char q[256], today[16], tomorrow[16];
	time_t now = time(NULL), next = now + 86400;
	bool unique = true;

	strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&now));
	strftime(tomorrow, sizeof(tomorrow), "%Y-%m-%d", gmtime(&next));
	take_quiz();
	/* learner46: v1, v0, att1, h1, vc1, the quiz; learner47: vc1, the quiz; learner48: vb */
	is_int(call("GET", "/api/v3/admin/chapter-content-attempts/", adm, NULL, &h), 200, "the admin reads the report");
	is_int(jint(h.json, "count"), 9, "every content attempt of both courses");
	is_int(jint(h.json, "per_page"), 250, "the seed's page of 250");
	res = json_get(h.json, "results");
	rows = json_get(res, "content_attempts");
	is_int(json_object_array_length(rows), 9, "all on one page");
	for (size_t i = 0; i < json_object_array_length(rows); i++)
		for (size_t k = 0; k < i; k++)
			if (jint(json_object_array_get_idx(rows, i), "id") == jint(json_object_array_get_idx(rows, k), "id"))
				unique = false;
	ok(unique, "ids are unique across progress rows and exam attempts");
	row = find_by(rows, "assessment_id", exam_attempt_46);
	ok(row != NULL, "learner46's quiz attempt is a content attempt");
	is_str(json_str(row, "content_type"), "assessment", "of type assessment");
	is_str(json_str(row, "state"), "Completed", "completed");
	is_int(jint(row, "id"), exam_attempt_46 * 2, "its id is 2 x the attempt's");
	is_int(jint(row, "chapter_content_id"), q1, "through the quiz lesson");
	is_int(jint(row, "chapter_id"), sec1, "in its section (chapter)");
	is_int(jint(row, "correct_answers_count"), 1, "one correct");
	is_str(json_str(row, "remaining_time"), "0.00", "no time left once ended");
	ok(json_str(row, "completed_on") != NULL && json_str(row, "created") != NULL, "created and completed_on");
	row = find_by(rows, "assessment_id", exam_attempt_47);
	is_str(json_str(row, "state"), "Started", "learner47's running attempt is Started");
	ok(json_get(row, "completed_on") == NULL, "not completed");
	ok(json_str(row, "remaining_time") != NULL && atof(json_str(row, "remaining_time")) > 3000 &&
	   atof(json_str(row, "remaining_time")) <= 3600, "its time left is the hour's rest (%s)",
	   json_str(row, "remaining_time") ? json_str(row, "remaining_time") : "null");
	ok(json_get(row, "correct_answers_count") == NULL, "its counts wait for its end");
	x = find_by(json_get(res, "user_exams"), "id", exam_attempt_47);
	ok(x != NULL && json_get(x, "number_of_unanswered_questions") == NULL && json_get(x, "rank") == NULL &&
	   strcmp(json_str(x, "result"), "NA") == 0, "and its user exam's counts, rank and result (NA)");
	row = find_by(rows, "user_video_id", video_progress);
	ok(row != NULL, "learner46's video is a content attempt");
	is_int(jint(row, "id"), video_progress * 2 + 1, "with the id the learner endpoint gave");
	is_str(json_str(row, "content_type"), "video", "of type video");
	x = find_by(json_get(res, "user_videos"), "id", video_progress);
	ok(x != NULL, "its user video is side-loaded");
	is_int(jint(x, "watched_percentage"), 95, "watched_percentage");
	is_str(json_str(x, "remaining_duration"), "29.40", "951 of 1000 parts watched: 29.4 s of 600 left");
	is_str(json_str(x, "state"), "Completed", "completed");
	is_int(jint(x, "video_id"), v1, "video_id is the lesson");
	is_int(json_object_array_length(json_get(res, "user_videos")), 3, "three videos opened (v1, v0, vb)");
	x = find_by(json_get(res, "user_exams"), "id", exam_attempt_46);
	ok(x != NULL, "the exam attempt is side-loaded");
	is_str(json_str(x, "result"), "Pass", "Pass");
	is_str(json_str(x, "total_score"), "1.00", "total_score");
	is_str(json_str(x, "percentage"), "100.00", "percentage");
	is_int(jint(x, "total_questions"), 1, "total_questions");
	is_int(jint(x, "number_of_answered_questions"), 1, "answered");
	is_int(json_object_array_length(json_get(res, "user_exams")), 2, "both attempts");
	c = find_by(json_get(res, "courses"), "id", course_a);
	ok(c != NULL, "course A is side-loaded");
	is_int(jint(c, "videos_count"), 3, "with its published videos");
	is_int(jint(c, "exams_count"), 1, "its quiz");
	is_int(jint(c, "chapters_count"), 2, "its sections");
	is_int(jint(c, "contents_count"), 7, "its published lessons");
	is_int(json_object_array_length(json_get(res, "courses")), 2, "both courses");
	x = find_by(json_get(res, "chapter_contents"), "id", v1);
	ok(x != NULL, "the video lesson is a chapter content");
	is_str(json_str(x, "content_type"), "Video", "content_type Video");
	is_int(jint(x, "video_id"), v1, "video_id");
	is_int(jint(x, "order"), 0, "first in its chapter");
	x = find_by(json_get(res, "chapter_contents"), "id", q1);
	is_int(jint(x, "exam_id"), sql_int("SELECT id FROM exams WHERE slug = 'ct-exam'"), "the quiz lesson's exam_id");
	is_int(jint(x, "order"), 3, "fourth in its chapter");
	is_int(json_object_array_length(json_get(res, "chapter_contents")), 7, "each lesson named once");
	http_free(&h);

	/* filters */
	is_int(count_of(path_of("?user_ids=%lld", sql_int("SELECT id FROM users WHERE username = 'learner46'")), adm), 6,
	   "user_ids: one learner");
	snprintf(q, sizeof(q), "?user_ids=%lld,%lld", sql_int("SELECT id FROM users WHERE username = 'learner46'"),
	         sql_int("SELECT id FROM users WHERE username = 'learner47'"));
	is_int(count_of(q, adm), 8, "user_ids: two learners");
	is_int(count_of(path_of("?course_ids=%lld", course_b), adm), 1, "course_ids");
	is_int(count_of(path_of("?course_ids=%lld,%lld", course_a, course_b), adm), 9, "course_ids: both");
	is_int(count_of(path_of("?chapter_ids=%lld", sec1), adm), 8, "chapter_ids");
	is_int(count_of(path_of("?chapter_content_ids=%lld", vc1), adm), 2, "chapter_content_ids");
	is_int(count_of(path_of("?exam_id=%lld", sql_int("SELECT id FROM exams WHERE slug = 'ct-exam'")), adm), 2, "exam_id");
	is_int(count_of("?content_type=2", adm), 3, "content_type 2 (video)");
	is_int(count_of("?content_type=video", adm), 3, "content_type by name");
	is_int(count_of("?content_type=1", adm), 2, "content_type 1 (exam)");
	is_int(count_of("?content_type=3", adm), 1, "content_type 3 (attachment)");
	is_int(count_of("?content_type=4", adm), 1, "content_type 4 (notes)");
	is_int(count_of("?content_type=5", adm), 2, "content_type 5 (video conference)");
	is_int(count_of("?state=1", adm), 6, "state 1: completed");
	is_int(count_of("?state=0", adm), 3, "state 0: started");
	/* the conference stays completed on 2026-12-01; the rest today */
	is_int(count_of("?completed_date=2026-12-01", adm), 2, "completed_date");
	is_int(count_of(path_of("?completed_date=%s", today), adm), 4, "completed_date today");
	is_int(count_of("?completed_before=2026-12-01", adm), 2, "completed_before takes its day");
	is_int(count_of("?completed_before=2026-11-30", adm), 0, "completed_before an earlier day");
	is_int(count_of(path_of("?completed_after=%s", tomorrow), adm), 0, "completed_after tomorrow");
	is_int(count_of("?completed_after=2026-12-02", adm), 4, "completed_after takes its day");
	is_int(count_of(path_of("?completed_after=2026-12-01&completed_before=%s&state=1", today), adm), 6, "bounds combine");
	is_int(count_of(path_of("?user_ids=%lld&content_type=2", sql_int("SELECT id FROM users WHERE username = 'learner46'")),
	            adm), 2, "filters combine");

	/* pages */
	is_int(call("GET", "/api/v3/admin/chapter-content-attempts/?per_page=4&page=2", adm, NULL, &h), 200, "page 2 of 4");
	is_int(json_object_array_length(json_get(json_get(h.json, "results"), "content_attempts")), 4, "four rows");
	ok(json_get(h.json, "next") != NULL && json_get(h.json, "previous") != NULL, "next and previous");
	http_free(&h);
	is_int(status_of("GET", "/api/v3/admin/chapter-content-attempts/?per_page=4&page=4", adm, NULL), 404,
	   "a page past the end is 404");
	is_int(status_of("GET", "/api/v2.5/admin/chapter-content-attempts/", adm, NULL), 200, "v2.5 serves it too");

	/* the course face's incomplete keeps the row, dated */
	is_int(status_of("POST", path_of("/api/v2/course/%lld/section/%lld/lesson/%lld/complete/", course_a, sec1, att1),
	                 l47, NULL), 204, "learner47 marks the attachment complete on the course face");
	is_int(status_of("POST", path_of("/api/v2/course/%lld/section/%lld/lesson/%lld/incomplete/", course_a, sec1, att1),
	                 l47, NULL), 204, "and incomplete again");
	call("GET", path_of("/api/v3/admin/chapter-content-attempts/?chapter_content_ids=%lld&user_ids=%lld", att1,
	                    sql_int("SELECT id FROM users WHERE username = 'learner47'")), adm, NULL, &h);
	row = json_object_array_get_idx(json_get(json_get(h.json, "results"), "content_attempts"), 0);
	ok(row != NULL && strcmp(json_str(row, "state"), "Started") == 0 && json_str(row, "created") != NULL,
	   "the report shows it started, dated when it was completed");
	http_free(&h);

	/* who */
	is_int(count_of("", mgr), 9, "a course's manager sees their course's only (learner47's attachment row now too)");
	is_int(count_of(path_of("?course_ids=%lld", course_b), mgr), 0, "and nothing of another course");
	is_int(status_of("GET", "/api/v3/admin/chapter-content-attempts/", l46, NULL), 403, "a learner is 403");
	is_int(status_of("GET", "/api/v3/admin/chapter-content-attempts/", l50, NULL), 403, "someone in no course is 403");
	is_int(status_of("GET", "/api/v3/admin/chapter-content-attempts/", NULL, NULL), 401, "no token is 401");

	/* bad filters */
	static const char *const bad[] = {
		"?user_ids=abc", "?user_ids=1,,2", "?user_ids=1,", "?user_ids=-1", "?chapter_ids=0", "?course_ids=1;2",
		"?chapter_content_ids=1.5", "?exam_id=x", "?content_type=9", "?content_type=Video", "?state=2",
		"?state=x", "?completed_date=2026-13-01", "?completed_before=2026-12-01T10:00:00Z",
		"?completed_after=tomorrow", "?per_page=0", "?per_page=501",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		is_int(call("GET", path_of("/api/v3/admin/chapter-content-attempts/%s", bad[i]), adm, NULL, &h), 400,
		   "%s is 400", bad[i]);
		ok(h.json != NULL && json_object_is_type(h.json, json_type_object), "with a JSON body");
		http_free(&h);
	}
}

/* The demo cohort opens the lessons too, so that a demo's report shows
 * something: every open lesson that runs no exam, part of each video. */
static void test_cohort(void)
{
	char cmd[1024];
	const char *line;
	long long watched;

	snprintf(cmd, sizeof(cmd), "\"%s\" demo-cohort ct-a --size 3 2>&1", need_env("INVIGIL_BIN"));
	line = shell_line("%s", cmd);
	ok(strstr(line, "3 learners") != NULL, "demo-cohort: %s", line);
	is_int(sql_int("SELECT COUNT(*) FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	               "WHERE u.username LIKE 'ct-a-cohort-%%' AND p.opened_at IS NOT NULL AND p.lesson_id IN (%lld, %lld, %lld, %lld)",
	               v1, v0, att1, h1),
	       12, "each cohort learner opened the video, the video without a length, the attachment and the reading");
	is_int(sql_int("SELECT COUNT(*) FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	               "WHERE u.username LIKE 'ct-a-cohort-%%' AND p.lesson_id IN (%lld, %lld, %lld)", draft1, v2, vc1),
	       0, "but not the draft, the locked section's video, or the conference");
	watched = sql_int("SELECT SUM(p.watched_permille) FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	                  "WHERE u.username LIKE 'ct-a-cohort-%%' AND p.lesson_id = %lld", v1);
	ok(watched > 0 && sql_int("SELECT MIN(p.watched_permille) FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	                          "WHERE u.username LIKE 'ct-a-cohort-%%' AND p.lesson_id = %lld", v1) > 0,
	   "and watched part of the video, each of them");
	shell_line("%s", cmd);
	is_int(sql_int("SELECT SUM(p.watched_permille) FROM lesson_progress p JOIN users u ON u.id = p.user_id "
	               "WHERE u.username LIKE 'ct-a-cohort-%%' AND p.lesson_id = %lld", v1),
	       watched, "a second run watches nothing more");
}

int main(void)
{
	setup();
	test_video();
	test_video_refusals();
	test_other_lessons();
	test_content_lists();
	test_attendance();
	test_report();
	test_cohort();
	free(adm), free(mgr), free(l46), free(l47), free(l48), free(l50);
	return done_testing();
}
