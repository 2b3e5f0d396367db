/* invigil — the Testpress admin API's course reports (seed 003;
 * docs/testpress-admin.md): GET /api/v3/admin/chapter-content-attempts/,
 * every learner's attempts at a course's lessons (Testpress chapter
 * contents; sections are its chapters) with the videos, exam attempts,
 * courses and lessons they name, and GET /api/v3/admin/attempts/{id}/video-conference/,
 * who attended video-conference lesson {id} (imported with
 * `invigil attendance import`). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define CONTENT_PER_PAGE 250     /* the seed's page */
#define CONFERENCE_PER_PAGE 20   /* the seed's page */
#define PER_PAGE_MAX 500
#define ID_LIST_MAX 100          /* ids in one list filter */

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *id_or_null(int64_t id)
{
	return id > 0 ? json_object_new_int64(id) : NULL;
}

/* Milliseconds as seconds with two decimals. */
static struct json_object *seconds2(int64_t ms)
{
	char buf[40];

	return json_object_new_string(fmt_e4(ms * 10, 2, buf, sizeof(buf)));
}

/* --- the filters ------------------------------------------------------------------ */

/* ?key=1,2,3: ids, normalized into the arena: INV_OK, INV_EINVAL (sent)
 * when it is not a list of at most ID_LIST_MAX positive ids, INV_EINTERNAL
 * out of memory. */
static enum inv_err id_list(struct req *r, const char *key, const char **out)
{
	const char *v = req_query(r, key), *p;
	char *list, *w;
	size_t count = 0;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return INV_OK;
	if ((list = arena_alloc(r->arena, strlen(v) + 1)) == NULL)
		return INV_EINTERNAL;
	for (p = v, w = list; *p != '\0'; count++) {
		char *end;
		long long id = strtoll(p, &end, 10);

		if (end == p || *p == '-' || *p == '+' || id <= 0 || end - p > 15 || (*end != ',' && *end != '\0') ||
		    count == ID_LIST_MAX || (*end == ',' && end[1] == '\0'))
			return req_fail(r, INV_EINVAL, key, "Enter a list of at most %d ids separated by commas (1,2,3).",
			                ID_LIST_MAX);
		w += sprintf(w, "%s%lld", count ? "," : "", id);
		p = *end == ',' ? end + 1 : end;
	}
	*out = list;
	return INV_OK;
}

/* content_type: Testpress's number for a kind of chapter content, or its name. */
static const struct {
	const char *number, *name, *kinds;
} content_types[] = {
	{"1", "exam", "quiz,exam"}, {"2", "video", "video"}, {"3", "attachment", "attachment"},
	{"4", "notes", "html"}, {"5", "video_conference", "video_conference"},
};

/* ?completed_date= / completed_before= / completed_after=: yyyy-mm-dd. */
static bool day_param(struct req *r, const char *key, int64_t *day)
{
	const char *v = req_query(r, key);

	*day = 0;
	if (v == NULL || *v == '\0')
		return true;
	if (strlen(v) != 10 || !tp_admin_date(r, key, false, day)) {
		req_fail(r, INV_EINVAL, key, "Enter a valid date (yyyy-mm-dd) from 1970 to 9999.");
		return false;
	}
	return true;
}

/* The completion filters as one range [from, to): a day each; the date and
 * its bounds together select what all of them allow. */
static bool completed_range(struct req *r, struct content_filter *f)
{
	int64_t on, before, after;

	if (!day_param(r, "completed_date", &on) || !day_param(r, "completed_before", &before) ||
	    !day_param(r, "completed_after", &after))
		return false;
	f->from_ms = on > after ? on : after;
	f->to_ms = before > 0 ? before + 86400000 : 0;
	if (on > 0 && (f->to_ms == 0 || on + 86400000 < f->to_ms))
		f->to_ms = on + 86400000;
	if (f->to_ms > 0 && f->from_ms >= f->to_ms)
		f->from_ms = f->to_ms; /* an empty range: nothing completed in it */
	if (f->from_ms == 0 && f->to_ms > 0)
		f->from_ms = 1; /* completed at all, before the bound */
	return true;
}

/* The report's filters: INV_OK, INV_EINVAL (sent), INV_EINTERNAL. */
static enum inv_err content_filter_of(struct req *r, struct content_filter *f)
{
	const char *type = req_query(r, "content_type");
	enum inv_err err;
	int64_t v;

	memset(f, 0, sizeof(*f));
	f->state = -1;
	if ((err = id_list(r, "user_ids", &f->user_ids)) != INV_OK ||
	    (err = id_list(r, "chapter_ids", &f->section_ids)) != INV_OK ||
	    (err = id_list(r, "course_ids", &f->course_ids)) != INV_OK ||
	    (err = id_list(r, "chapter_content_ids", &f->lesson_ids)) != INV_OK)
		return err;
	if (req_query_int(r, "exam_id", 1, INT64_MAX / 2, &f->exam_id) < 0)
		return req_fail(r, INV_EINVAL, "exam_id", "Select a valid choice: exam_id must be an id.");
	if (type != NULL && *type != '\0') {
		size_t i, n = sizeof(content_types) / sizeof(content_types[0]);

		for (i = 0; i < n; i++)
			if (strcmp(type, content_types[i].number) == 0 || strcmp(type, content_types[i].name) == 0)
				break;
		if (i == n)
			return req_fail(r, INV_EINVAL, "content_type", "Select a valid choice: 1 (exam), 2 (video), "
			                "3 (attachment), 4 (notes) or 5 (video_conference).");
		f->kinds = content_types[i].kinds;
	}
	if (req_query(r, "state") != NULL && *req_query(r, "state") != '\0') {
		if (req_query_int(r, "state", 0, 1, &v) != 1)
			return req_fail(r, INV_EINVAL, "state", "Select a valid choice: 0 (started) or 1 (completed).");
		f->state = (int)v;
	}
	return completed_range(r, f) ? INV_OK : INV_EINVAL;
}

/* --- the report ------------------------------------------------------------------- */

static const char *row_type(enum lesson_kind k)
{
	switch (k) {
	case LESSON_QUIZ:
	case LESSON_EXAM: return "assessment";
	case LESSON_VIDEO: return "video";
	case LESSON_ATTACHMENT: return "attachment";
	case LESSON_VIDEO_CONFERENCE: return "video_conference";
	default: return "notes";
	}
}

static const char *content_type_name(enum lesson_kind k)
{
	static const char *const names[] = {"Quiz", "Exam", "Video", "Attachment", "Notes", "VideoConference"};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "Notes";
}

static const struct content_attempt *exam_of(const struct content_report *rep, int64_t attempt_id)
{
	for (size_t i = 0; i < rep->nexams; i++)
		if (rep->exams[i].a.id == attempt_id)
			return &rep->exams[i];
	return NULL;
}

static struct json_object *content_attempt(const struct content_report *rep, const struct content_row *c)
{
	struct json_object *o = json_object_new_object();
	const struct content_attempt *x = c->attempt_id ? exam_of(rep, c->attempt_id) : NULL;
	bool ended = x != NULL && x->a.state == AS_COMPLETED;
	int64_t left = x != NULL && x->clock.remaining_ms > 0 ? x->clock.remaining_ms : 0;

	add(o, "id", json_object_new_int64(tp_content_attempt_id(c->attempt_id, c->progress_id)));
	add(o, "user_id", json_object_new_int64(c->user_id));
	add(o, "course_id", json_object_new_int64(c->course_id));
	add(o, "chapter_id", json_object_new_int64(c->section_id));
	add(o, "chapter_content_id", json_object_new_int64(c->lesson_id));
	add(o, "content_type", json_object_new_string(row_type(c->kind)));
	add(o, "state", json_object_new_string(c->completed_ms > 0 ? "Completed" : "Started"));
	/* an exam attempt's time left in seconds ("0.00" once ended); no time
	 * runs for other lessons, nor for an untimed running attempt */
	add(o, "remaining_time", x == NULL ? NULL
	    : ended ? seconds2(0) : x->clock.remaining_ms != INT64_MAX ? seconds2(left) : NULL);
	add(o, "assessment_id", id_or_null(c->attempt_id));
	add(o, "user_video_conference_id", c->kind == LESSON_VIDEO_CONFERENCE ? id_or_null(c->progress_id) : NULL);
	add(o, "user_video_id", c->kind == LESSON_VIDEO ? id_or_null(c->progress_id) : NULL);
	add(o, "user_live_stream_id", NULL); /* invigil has no live streams */
	add(o, "user_content_id", c->kind == LESSON_HTML ? id_or_null(c->progress_id) : NULL);
	add(o, "user_attachment_id", c->kind == LESSON_ATTACHMENT ? id_or_null(c->progress_id) : NULL);
	if (c->attempt_id > 0) { /* counted when the attempt ends */
		add(o, "correct_answers_count", ended ? json_object_new_int64(c->correct) : NULL);
		add(o, "incorrect_answers_count", ended ? json_object_new_int64(c->incorrect) : NULL);
	}
	add(o, "created", tp_admin_time(c->created_ms));
	add(o, "completed_on", tp_admin_time(c->completed_ms));
	return o;
}

static struct json_object *user_video(const struct content_row *c)
{
	struct json_object *o = json_object_new_object();
	char buf[40];

	add(o, "id", json_object_new_int64(c->progress_id));
	add(o, "video_id", json_object_new_int64(c->lesson_id));
	add(o, "created", tp_admin_time(c->created_ms));
	add(o, "watched_percentage", json_object_new_int64(c->watched_permille / 10));
	/* what is left unwatched, in seconds; null when the length is unknown */
	add(o, "remaining_duration", c->duration_ms > 0
	    ? json_object_new_string(fmt_e4((c->duration_ms - c->watched_ms) * 10, 2,
	                                    buf, sizeof(buf)))
	    : NULL);
	add(o, "state", json_object_new_string(c->completed_ms > 0 ? "Completed" : "Started"));
	add(o, "is_live_class_recording", json_object_new_boolean(false));
	return o;
}

static struct json_object *user_exam(const struct content_attempt *x)
{
	struct json_object *o = json_object_new_object();
	const struct attempt *a = &x->a;
	bool ended = a->state == AS_COMPLETED; /* the counts are made when it ends */
	char buf[40];

	add(o, "id", json_object_new_int64(a->id));
	add(o, "exam_id", json_object_new_int64(a->exam_id));
	add(o, "user_id", json_object_new_int64(a->user_id));
	add(o, "total_score", a->graded ? json_object_new_string(fmt_e4(a->score_e4, 2, buf, sizeof(buf))) : NULL);
	add(o, "number_of_correct_answers", ended ? json_object_new_int64(a->correct) : NULL);
	add(o, "number_of_incorrect_answers", ended ? json_object_new_int64(a->incorrect) : NULL);
	add(o, "number_of_unanswered_questions", ended ? json_object_new_int64(a->unanswered) : NULL);
	add(o, "number_of_answered_questions",
	    ended ? json_object_new_int64((int64_t)x->ec->nquestions - a->unanswered) : NULL);
	add(o, "percentage", a->graded ? json_object_new_string(fmt_e4(a->percentage_e4, 2, buf, sizeof(buf))) : NULL);
	add(o, "rank", x->standing.have_rank ? json_object_new_int64(x->standing.rank) : NULL);
	add(o, "result", json_object_new_string(tp_admin_result(x->ec, a)));
	add(o, "total_questions", json_object_new_int64((int64_t)x->ec->nquestions));
	return o;
}

static struct json_object *course_json(const struct content_course *c, size_t order)
{
	struct json_object *o = json_object_new_object();
	int64_t counts[LESSON_VIDEO_CONFERENCE + 1] = {0}, contents = 0;

	for (size_t i = 0; i < c->nlessons; i++)
		if (c->lessons[i].published) {
			counts[c->lessons[i].kind]++;
			contents++;
		}
	add(o, "id", json_object_new_int64(c->course.id));
	add(o, "title", json_object_new_string(c->course.title ? c->course.title : ""));
	add(o, "description", json_object_new_string(c->course.description ? c->course.description : ""));
	add(o, "image", NULL);
	add(o, "created_by", id_or_null(c->creator_id));
	add(o, "created", tp_admin_time(c->course.created_ms));
	add(o, "modified", tp_admin_time(c->course.created_ms));
	add(o, "slug", json_object_new_string(c->course.slug));
	add(o, "chapters_count", json_object_new_int64((int64_t)c->nsections));
	add(o, "contents_count", json_object_new_int64(contents));
	add(o, "exams_count", json_object_new_int64(counts[LESSON_QUIZ] + counts[LESSON_EXAM]));
	add(o, "videos_count", json_object_new_int64(counts[LESSON_VIDEO]));
	add(o, "attachments_count", json_object_new_int64(counts[LESSON_ATTACHMENT]));
	add(o, "html_contents_count", json_object_new_int64(counts[LESSON_HTML]));
	add(o, "order", json_object_new_int64((int64_t)order));
	add(o, "max_allowed_views_per_video", NULL);
	add(o, "max_allowed_watch_minutes", NULL);
	return o;
}

/* Lesson l (index i of course c's lessons) as a chapter content. */
static struct json_object *chapter_content(const struct content_course *c, size_t i)
{
	const struct course_lesson *l = &c->lessons[i];
	struct json_object *o = json_object_new_object();
	int64_t order = 0, opens = 0;

	for (size_t k = i; k > 0 && c->lessons[k - 1].section_id == l->section_id; k--)
		order++;
	for (size_t s = 0; s < c->nsections; s++)
		if (c->sections[s].id == l->section_id)
			opens = c->sections[s].dripped_ms;
	add(o, "id", json_object_new_int64(l->id));
	add(o, "order", json_object_new_int64(order));
	add(o, "chapter_id", json_object_new_int64(l->section_id));
	add(o, "free_preview", json_object_new_boolean(false));
	add(o, "title", json_object_new_string(l->title ? l->title : ""));
	add(o, "course_id", json_object_new_int64(c->course.id));
	add(o, "exam_id", id_or_null(l->exam_id));
	add(o, "content_id", l->kind == LESSON_HTML ? json_object_new_int64(l->id) : NULL);
	add(o, "video_id", l->kind == LESSON_VIDEO ? json_object_new_int64(l->id) : NULL);
	add(o, "attachment_id", l->kind == LESSON_ATTACHMENT ? json_object_new_int64(l->id) : NULL);
	add(o, "video_conference_id", l->kind == LESSON_VIDEO_CONFERENCE ? json_object_new_int64(l->id) : NULL);
	add(o, "content_type", json_object_new_string(content_type_name(l->kind)));
	add(o, "start", tp_admin_time(opens));
	add(o, "end", NULL);
	add(o, "description", json_object_new_string(""));
	return o;
}

/* Each lesson the page's rows name, once, from their courses. */
static struct json_object *chapter_contents(const struct content_report *rep)
{
	struct json_object *list = json_object_new_array();

	for (size_t ci = 0; ci < rep->ncourses; ci++) {
		const struct content_course *c = &rep->courses[ci];

		for (size_t i = 0; i < c->nlessons; i++)
			for (size_t k = 0; k < rep->n; k++)
				if (rep->rows[k].lesson_id == c->lessons[i].id) {
					json_object_array_add(list, chapter_content(c, i));
					break;
				}
	}
	return list;
}

/* GET /api/v3/admin/chapter-content-attempts/: 200 a page; 400 a bad filter
 * or page; 403 for someone who is staff nowhere. */
enum inv_err h_admin_content_attempts(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress-admin");
	struct content_filter f;
	struct content_report rep;
	int64_t page = 1, per_page = CONTENT_PER_PAGE;
	struct json_object *results, *attempts, *videos, *exams, *courses;
	enum inv_err err;

	if ((err = content_filter_of(r, &f)) != INV_OK)
		return err;
	if ((err = tp_page_number(r, &page)) != INV_OK)
		return err;
	if (req_query_int(r, "per_page", 1, PER_PAGE_MAX, &per_page) < 0)
		return req_fail(r, INV_EINVAL, "per_page", "per_page must be a number from 1 to %d.", PER_PAGE_MAX);
	if ((err = engine_content_attempts(&cx, &f, (page - 1) * per_page, per_page, r->arena, &rep)) != INV_OK)
		return tp_fail(r, &cx, err);
	if (page > 1 && (page - 1) * per_page >= rep.count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	attempts = json_object_new_array();
	videos = json_object_new_array();
	exams = json_object_new_array();
	courses = json_object_new_array();
	for (size_t i = 0; i < rep.n; i++) {
		json_object_array_add(attempts, content_attempt(&rep, &rep.rows[i]));
		if (rep.rows[i].kind == LESSON_VIDEO)
			json_object_array_add(videos, user_video(&rep.rows[i]));
	}
	for (size_t i = 0; i < rep.nexams; i++)
		json_object_array_add(exams, user_exam(&rep.exams[i]));
	for (size_t i = 0; i < rep.ncourses; i++)
		json_object_array_add(courses, course_json(&rep.courses[i], i));
	results = json_object_new_object();
	add(results, "content_attempts", attempts);
	add(results, "user_videos", videos);
	add(results, "user_exams", exams);
	add(results, "courses", courses);
	add(results, "chapter_contents", chapter_contents(&rep));
	return resp_json(w, 200, view_testpress_page(r, rep.count, page, per_page, results));
}

/* GET /api/v3/admin/attempts/{id}/video-conference/: 200 a page of who
 * attended video-conference lesson {id}; 403 not its course's staff; 404. */
enum inv_err h_admin_video_conference(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress-admin");
	int64_t page = 1, per_page = CONFERENCE_PER_PAGE, count;
	struct attendance_row *rows;
	struct json_object *results;
	size_t n;
	enum inv_err err;

	if ((err = tp_page_number(r, &page)) != INV_OK)
		return err;
	if (req_query_int(r, "per_page", 1, PER_PAGE_MAX, &per_page) < 0)
		return req_fail(r, INV_EINVAL, "per_page", "per_page must be a number from 1 to %d.", PER_PAGE_MAX);
	if ((rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows))) == NULL)
		return INV_EINTERNAL;
	err = engine_attendance(&cx, req_param(r, "id")->num, (page - 1) * per_page, per_page, r->arena, rows, &n,
	                        &count);
	if (err != INV_OK)
		return tp_fail(r, &cx, err);
	if (page > 1 && (page - 1) * per_page >= count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		add(o, "name", json_object_new_string(rows[i].display_name[0] ? rows[i].display_name : rows[i].username));
		add(o, "email", json_object_new_string(rows[i].email));
		add(o, "join_time", tp_admin_time(rows[i].joined_ms));
		add(o, "leave_time", tp_admin_time(rows[i].left_ms));
		add(o, "duration", json_object_new_int64((rows[i].left_ms - rows[i].joined_ms) / 1000));
		json_object_array_add(results, o);
	}
	return resp_json(w, 200, view_testpress_page(r, count, page, per_page, results));
}
