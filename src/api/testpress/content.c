/* invigil — a learner's progress with lessons that run no exam, as the
 * Testpress Android SDK records it (docs/testpress-admin.md, "Learner
 * progress"): POST /api/v2.3/contents/{id}/attempts/ when a lesson is
 * opened (CourseService.createContentAttempt), PUT /api/v2.4/user_videos/{id}/
 * as a video plays (ExoPlayerUtil.updateVideoAttempt: last_position and
 * time_ranges, in seconds).  Lessons are Testpress chapter contents; the
 * rules are the engine's (src/engine/content.c). */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define WATCH_RANGES_MAX 1000          /* played ranges in one update */
#define POSITION_MAX_S (100.0 * 3600)  /* no video is longer than 100 hours */

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/* Milliseconds as seconds with three decimals ("12.500"): the SDK parses
 * these strings with Float.parseFloat. */
static struct json_object *seconds(int64_t ms)
{
	char buf[40];

	return json_object_new_string(fmt_e4(ms * 10, 3, buf, sizeof(buf)));
}

/* The SDK's VideoAttempt: state 0 while watching, 1 once completed;
 * video_content.duration is what it divides by (0: not known). */
static struct json_object *video_attempt(const struct content_progress *p)
{
	struct json_object *o = json_object_new_object(), *v = json_object_new_object();

	add(v, "id", json_object_new_int64(p->lesson.id));
	add(v, "title", json_object_new_string(p->lesson.title ? p->lesson.title : ""));
	add(v, "duration", seconds(p->lesson.duration_ms));
	add(o, "id", json_object_new_int64(p->progress.id));
	add(o, "last_position", seconds(p->progress.position_ms));
	add(o, "state", json_object_new_int(p->progress.completed_ms > 0 ? 1 : 0));
	add(o, "watched_duration", seconds(p->progress.watched_ms));
	add(o, "watched_percentage", json_object_new_int64(p->progress.watched_permille / 10));
	add(o, "video_content_id", json_object_new_int64(p->lesson.id));
	add(o, "video_content", v);
	return o;
}

int64_t tp_content_attempt_id(int64_t attempt_id, int64_t progress_id)
{
	return attempt_id > 0 ? attempt_id * 2 : progress_id * 2 + 1;
}

/* The content attempt's type, as the admin report names it too. */
static const char *attempt_type(enum lesson_kind k)
{
	switch (k) {
	case LESSON_VIDEO: return "video";
	case LESSON_ATTACHMENT: return "attachment";
	case LESSON_VIDEO_CONFERENCE: return "video_conference";
	default: return "notes";
	}
}

/* The SDK's NetworkContentAttempt for a lesson that runs no exam. */
static struct json_object *content_attempt(struct req *r, const struct content_progress *p)
{
	struct json_object *o = json_object_new_object(), *obj = NULL;
	enum lesson_kind k = p->lesson.kind;
	int64_t id = tp_content_attempt_id(0, p->progress.id);

	if (k != LESSON_VIDEO) {
		obj = json_object_new_object();
		add(obj, "id", json_object_new_int64(p->progress.id));
		add(obj, "state", json_object_new_string(p->progress.completed_ms > 0 ? "Completed" : "Started"));
	}
	add(o, "id", json_object_new_int64(id));
	add(o, "type", json_object_new_string(attempt_type(k)));
	add(o, "object_id", json_object_new_int64(p->progress.id));
	add(o, "object_url", k == LESSON_VIDEO
	    ? json_object_new_string(arena_printf(r->arena, "%s/api/v2.4/user_videos/%lld/", r->base_url,
	                                          (long long)p->progress.id))
	    : NULL);
	add(o, "trophies", json_object_new_string("NA"));
	add(o, "chapter_content_id", json_object_new_int64(p->lesson.id));
	add(o, "assessment_id", NULL);
	add(o, "user_video_id", k == LESSON_VIDEO ? json_object_new_int64(p->progress.id) : NULL);
	add(o, "assessment", NULL);
	add(o, "video", k == LESSON_VIDEO ? video_attempt(p) : NULL);
	add(o, "content", k == LESSON_HTML ? obj : NULL);
	add(o, "attachment", k == LESSON_ATTACHMENT ? obj : NULL);
	add(o, "video_conference", k == LESSON_VIDEO_CONFERENCE ? obj : NULL);
	if (k == LESSON_VIDEO)
		json_object_put(obj);
	return o;
}

/* A quiz or exam lesson's content attempt into *out: its exam attempt as
 * the learner API shows it (BaseExamWidgetFragment reads assessment). */
static enum inv_err exam_content_attempt(struct req *r, struct engine_ctx *cx, const struct content_progress *p,
                                         struct json_object **out)
{
	struct json_object *o;
	struct standing st;
	enum inv_err err = engine_standing(cx, p->ec, p->attempt.user_id, &p->attempt, &st);

	if (err != INV_OK)
		return err;
	o = json_object_new_object();
	add(o, "id", json_object_new_int64(tp_content_attempt_id(p->attempt.id, 0)));
	add(o, "type", json_object_new_string("assessment"));
	add(o, "object_id", json_object_new_int64(p->attempt.id));
	add(o, "object_url", json_object_new_string(arena_printf(r->arena, "%s/api/v2.2/attempts/%lld/", r->base_url,
	                                                         (long long)p->attempt.id)));
	add(o, "trophies", json_object_new_string("NA"));
	add(o, "chapter_content_id", json_object_new_int64(p->lesson.id));
	add(o, "assessment_id", json_object_new_int64(p->attempt.id));
	add(o, "user_video_id", NULL);
	add(o, "assessment", view_testpress_attempt(r, &p->attempt, p->ec, &st));
	add(o, "video", NULL);
	add(o, "content", NULL);
	add(o, "attachment", NULL);
	add(o, "video_conference", NULL);
	*out = o;
	return INV_OK;
}

/* POST /api/v2.3/contents/{id}/attempts/: 201 the content attempt (a quiz
 * or exam lesson: its new attempt, or 200 the one still running); 403 not
 * joined, locked by a lesson rule, or the exam's own refusals; 404. */
enum inv_err h_content_attempt_create(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	struct content_progress p;
	struct json_object *o;
	int status;
	enum inv_err err = engine_content_open(&cx, req_param(r, "id")->num, r->arena, &p);

	if (err != INV_CREATED && !(err == INV_OK && p.ec != NULL))
		return tp_fail(r, &cx, err);
	if (p.ec == NULL)
		return resp_json(w, 201, content_attempt(r, &p));
	status = err == INV_CREATED ? 201 : 200;
	if ((err = exam_content_attempt(r, &cx, &p, &o)) != INV_OK)
		return tp_fail(r, &cx, err);
	return resp_json(w, status, o);
}

#define CONTENT_PER_PAGE 20 /* the learner API's page */

/* GET /api/v2.3/contents/{id}/attempts/ (the SDK's QuizAttemptsList and
 * ExamContentRepository): a page of the caller's content attempts at the
 * lesson, newest first: a quiz or exam lesson's are its exam's attempts (on
 * any face), another lesson's its one progress row, if opened.  403 not
 * joined; 404 unknown or a draft. */
enum inv_err h_content_attempts(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	struct attempt_filter f = {0};
	struct content_progress p;
	struct attempt rows[CONTENT_PER_PAGE];
	struct json_object *results, *o;
	int64_t page, count = 0;
	size_t n = 0;
	bool has;
	enum inv_err err = tp_page_number(r, &page);

	if (err != INV_OK)
		return err;
	if ((err = engine_content_read(&cx, req_param(r, "id")->num, r->arena, &p, &has)) != INV_OK)
		return tp_fail(r, &cx, err);
	results = json_object_new_array();
	if (!lesson_runs_exam(p.lesson.kind)) {
		count = has ? 1 : 0;
		if (has && page == 1)
			json_object_array_add(results, content_attempt(r, &p));
	} else {
		f.exam_id = p.lesson.exam_id;
		if ((err = engine_attempt_list(&cx, &f, (page - 1) * CONTENT_PER_PAGE, CONTENT_PER_PAGE, rows, &n,
		                               &count)) != INV_OK) {
			json_object_put(results);
			return tp_fail(r, &cx, err);
		}
	}
	if (page > 1 && (page - 1) * CONTENT_PER_PAGE >= count) {
		json_object_put(results);
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	}
	for (size_t i = 0; i < n; i++) {
		/* opening checks the rights again and ends an attempt whose time is over */
		if ((err = engine_open(&cx, rows[i].id, &p.attempt, &p.ec)) != INV_OK ||
		    (err = exam_content_attempt(r, &cx, &p, &o)) != INV_OK) {
			json_object_put(results);
			return tp_fail(r, &cx, err);
		}
		json_object_array_add(results, o);
	}
	return resp_json(w, 200, view_testpress_page(r, count, page, CONTENT_PER_PAGE, results));
}

/* A time in seconds, as a number or (the SDK's time_ranges) a numeric
 * string, into milliseconds: false when it is neither or out of range. */
static bool seconds_of(struct json_object *v, int64_t *ms)
{
	double s;
	char *end;

	if (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)) {
		s = json_object_get_double(v);
	} else if (json_object_is_type(v, json_type_string)) {
		const char *t = json_object_get_string(v);

		s = strtod(t, &end);
		if (end == t || *end != '\0')
			return false;
	} else {
		return false;
	}
	if (!isfinite(s) || s < 0 || s > POSITION_MAX_S)
		return false;
	*ms = (int64_t)llround(s * 1000.0);
	return true;
}

/* time_ranges: [[from, to], ...] into ranges (in the arena): INV_OK, or
 * INV_EINVAL (sent) on a bad one, INV_EINTERNAL out of memory. */
static enum inv_err ranges_of(struct req *r, struct json_object *list, struct watch_range **out, size_t *n)
{
	size_t len;

	*out = NULL;
	*n = 0;
	if (list == NULL || json_object_is_type(list, json_type_null))
		return INV_OK;
	if (!json_object_is_type(list, json_type_array) || (len = json_object_array_length(list)) > WATCH_RANGES_MAX)
		return req_fail(r, INV_EINVAL, "time_ranges", "A list of at most %d [start, end] pairs of seconds.",
		                WATCH_RANGES_MAX);
	if (len > 0 && (*out = arena_calloc(r->arena, len, sizeof(**out))) == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < len; i++) {
		struct json_object *pair = json_object_array_get_idx(list, i);
		struct watch_range *g = &(*out)[i];

		if (!json_object_is_type(pair, json_type_array) || json_object_array_length(pair) != 2 ||
		    !seconds_of(json_object_array_get_idx(pair, 0), &g->from_ms) ||
		    !seconds_of(json_object_array_get_idx(pair, 1), &g->to_ms) || g->to_ms < g->from_ms)
			return req_fail(r, INV_EINVAL, "time_ranges", "Item %zu is not a [start, end] pair of seconds from 0, "
			                "with start before end.", i + 1);
	}
	*n = len;
	return INV_OK;
}

/* PUT /api/v2.4/user_videos/{id}/: 200 the video attempt; 400 a bad
 * position or range; 403 a lesson rule; 404 unknown or another's. */
enum inv_err h_user_video_update(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress");
	struct json_object *pos = NULL, *list = NULL;
	struct content_progress p;
	struct watch_range *ranges;
	int64_t position_ms = 0;
	size_t n;
	enum inv_err err;

	if (r->json != NULL && !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, NULL, "The body must be a JSON object.");
	if (r->json != NULL) {
		json_object_object_get_ex(r->json, "last_position", &pos);
		json_object_object_get_ex(r->json, "time_ranges", &list);
	}
	if (pos == NULL || json_object_is_type(pos, json_type_null))
		return req_fail(r, INV_EINVAL, "last_position", "This field is required.");
	if (!seconds_of(pos, &position_ms))
		return req_fail(r, INV_EINVAL, "last_position", "A position in seconds from 0.");
	if ((err = ranges_of(r, list, &ranges, &n)) != INV_OK)
		return err;
	err = engine_video_watch(&cx, req_param(r, "id")->num, position_ms, ranges, n, r->arena, &p);
	if (err != INV_OK)
		return tp_fail(r, &cx, err);
	return resp_json(w, 200, video_attempt(&p));
}
