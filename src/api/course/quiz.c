/* invigil — the course face's quizzes: a quiz lesson with its questions,
 * making a quiz attempt (every question answered at once: the engine's
 * one-shot submission, as the assessments face's), reading one, and the
 * course's quiz dashboard for its creators and managers. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/fmt.h"
#include "invigil/face_course.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define DASHBOARD_LIMIT_DEFAULT 20
#define DASHBOARD_LIMIT_MAX 100

/* The Course Quiz Attempt of a (opened by the caller) through lesson_id. */
static enum inv_err render_attempt(struct req *r, struct engine_ctx *cx, const struct attempt *a,
                                   const struct exam_content *ec, int64_t lesson_id, bool staff,
                                   struct json_object **out)
{
	struct answer *rows = arena_calloc(r->arena, EXAM_QUESTIONS_MAX, sizeof(*rows));
	struct review_rights rights;
	struct standing st;
	size_t n;
	enum inv_err err;

	if (rows == NULL)
		return INV_EINTERNAL;
	if ((err = engine_answers(cx, a, 0, EXAM_QUESTIONS_MAX, r->arena, rows, &n, NULL)) != INV_OK ||
	    (err = engine_review_rights(cx, ec, a, &rights)) != INV_OK ||
	    (err = engine_standing(cx, ec, a->user_id, NULL, &st)) != INV_OK)
		return co_fail(r, cx, err, NULL);
	*out = view_co_attempt(a, ec, lesson_id, rows, n, &rights, staff, st.taken);
	return INV_OK;
}

/* The path's quiz lesson and its exam: to_take applies the lesson rules
 * (reading an attempt does not).  A lesson that runs no exam is a 404 for
 * reads and a 400 for a new attempt. */
static enum inv_err quiz_lesson(struct req *r, struct engine_ctx *cx, bool to_take, struct course_outline *o,
                                const struct course_lesson **l, const struct exam_content **ec)
{
	struct membership m;
	enum inv_err err = engine_course_lesson(cx, co_param(r, "cid"), co_param(r, "sid"), co_param(r, "lid"), to_take,
	                                        r->arena, o, l);

	if (err != INV_OK)
		return co_fail(r, cx, err, o);
	if (!lesson_runs_exam((*l)->kind) || (*l)->exam_id == 0) {
		if (!to_take)
			return req_fail(r, INV_ENOTFOUND, NULL, "Lesson %lld is not a quiz.", (long long)(*l)->id);
		r->err_code = "not_a_quiz";
		return req_fail(r, INV_EINVAL, NULL, "Lesson %lld is not a quiz: it has no questions to answer.",
		                (long long)(*l)->id);
	}
	if ((err = engine_exam(cx, (*l)->exam_id, ec, &m)) != INV_OK)
		return co_fail(r, cx, err, o);
	return INV_OK;
}

/* GET course/{cid}/section/{sid}/lesson/{lid}/: 200 the lesson (a quiz's
 * questions, passing grade and the caller's last attempt); 403 not joined
 * or locked (the rule in the body); 404. */
enum inv_err h_co_lesson(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	const struct course_lesson *l;
	const struct exam_content *ec;
	struct json_object *v, *last = NULL;
	struct membership m;
	struct attempt a;
	bool have;
	enum inv_err err = engine_course_lesson(&cx, co_param(r, "cid"), co_param(r, "sid"), co_param(r, "lid"), true,
	                                        r->arena, &o, &l);

	if (err != INV_OK)
		return co_fail(r, &cx, err, &o);
	if (!lesson_runs_exam(l->kind) || l->exam_id == 0)
		return resp_json(w, 200, view_co_lesson(&o, l));
	if ((err = engine_exam(&cx, l->exam_id, &ec, &m)) != INV_OK ||
	    (err = engine_open_latest(&cx, ec, cx.user_id, &a, &have)) != INV_OK)
		return co_fail(r, &cx, err, &o);
	if (have) {
		/* the attempt as it was taken: its own version of the exam */
		const struct exam_content *aec;

		if ((err = engine_open(&cx, a.id, &a, &aec)) != INV_OK)
			return co_fail(r, &cx, err, &o);
		if ((err = render_attempt(r, &cx, &a, aec, l->id, o.viewer.staff, &last)) != INV_OK)
			return err;
	}
	v = view_co_lesson(&o, l);
	json_object_object_add(v, "passing_grade", json_object_new_int64(ec->exam.passing_score > 0 ? ec->exam.passing_score : 0));
	json_object_object_add(v, "questions", view_co_questions(ec, o.viewer.staff));
	json_object_object_add(v, "last_attempt", last);
	return resp_json(w, 200, v);
}

/* responses[i] into *eq_id and *in; adds a detail for what is wrong. */
static void parse_response(struct req *r, struct engine_ctx *cx, const struct exam_content *ec, size_t i,
                           struct json_object *o, bool *seen, int64_t *eq_id, struct answer_input *in)
{
	const char *path = arena_printf(r->arena, "responses[%zu]", i);
	const struct ex_question *q = api_response_question(r, "error", ec, o, path, "quiz", seen);
	struct json_object *v;
	int64_t qid;
	size_t n;

	if (q == NULL)
		return;
	qid = q->question_id;
	path = arena_printf(r->arena, "%s.selected_options", path);
	if (!question_takes_options(q->type)) {
		co_detail(r, path, "question %lld is %s: this API answers choice questions only", (long long)qid,
		          question_type_name(q->type));
		return;
	}
	if (!json_object_object_get_ex(o, "selected_options", &v) || !json_object_is_type(v, json_type_array) ||
	    (n = json_object_array_length(v)) == 0) {
		co_detail(r, path, "question %lld needs a list of at least one answer id", (long long)qid);
		return;
	}
	if (n > ANSWER_MAX_SELECTED) {
		co_detail(r, path, "at most %d answers", ANSWER_MAX_SELECTED);
		return;
	}
	memset(in, 0, sizeof(*in));
	in->payload = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	in->has_selected = true;
	for (size_t k = 0; k < n; k++) {
		struct json_object *x = json_object_array_get_idx(v, k);

		if (!json_object_is_type(x, json_type_int)) {
			co_detail(r, arena_printf(r->arena, "%s[%zu]", path, k), "must be an integer answer id");
			return;
		}
		in->selected[in->nselected++] = json_object_get_int64(x);
	}
	*eq_id = q->eq_id;
	if (engine_check_input(cx, q, in) != INV_OK)
		co_detail(r, path, "%s", cx->message);
}

/* POST …/lesson/{lid}/attempt/ {"responses": [...]}: 200 the graded
 * attempt; 400 naming every bad, unknown, repeated or missing response, or
 * a lesson that is no quiz; 403 not joined, locked (the rule in the body),
 * no attempts left; 404. */
enum inv_err h_co_attempt_make(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	const struct course_lesson *l;
	const struct exam_content *ec;
	struct json_object *list, *v;
	struct answer_input *inputs;
	int64_t *eq_ids;
	bool *seen;
	size_t n;
	struct attempt a;
	char public_id[41];
	enum inv_err err = quiz_lesson(r, &cx, true, &o, &l, &ec);

	if (err != INV_OK)
		return err;
	if (r->json == NULL || !json_object_is_type(r->json, json_type_object) ||
	    !json_object_object_get_ex(r->json, "responses", &list) || !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, "responses",
		                "Send {\"responses\": [{\"question_id\": N, \"selected_options\": [ids]}, ...]}, one per question.");
	if ((n = json_object_array_length(list)) > EXAM_QUESTIONS_MAX)
		return req_fail(r, INV_EINVAL, "responses", "Too many responses.");
	inputs = arena_calloc(r->arena, n + 1, sizeof(*inputs));
	eq_ids = arena_calloc(r->arena, n + 1, sizeof(*eq_ids));
	seen = arena_calloc(r->arena, ec->nquestions + 1, sizeof(*seen));
	if (inputs == NULL || eq_ids == NULL || seen == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		parse_response(r, &cx, ec, i, json_object_array_get_idx(list, i), seen, &eq_ids[i], &inputs[i]);
	for (size_t i = 0; i < ec->nquestions; i++)
		if (!seen[i])
			co_detail(r, "responses", "question %lld has no response", (long long)ec->questions[i].question_id);
	if (r->err_details != NULL)
		return co_fail_details(r);
	if ((err = engine_submit(&cx, ec, eq_ids, inputs, n, &a, public_id)) != INV_CREATED)
		return co_fail(r, &cx, err, &o);
	if ((err = render_attempt(r, &cx, &a, ec, l->id, o.viewer.staff, &v)) != INV_OK)
		return err;
	return resp_json(w, 200, v);
}

/* GET …/lesson/{lid}/attempt/{aid}/: 200 for its owner and the course's
 * creators and managers; 404 for anyone else, or an attempt of another quiz. */
enum inv_err h_co_attempt_get(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct course_outline o;
	const struct course_lesson *l;
	const struct exam_content *ec, *aec;
	struct json_object *v;
	struct attempt a;
	enum inv_err err = quiz_lesson(r, &cx, false, &o, &l, &ec);

	if (err != INV_OK)
		return err;
	err = engine_open(&cx, co_param(r, "aid"), &a, &aec);
	if (err == INV_ENOTFOUND || err == INV_EFORBIDDEN || (err == INV_OK && a.exam_id != l->exam_id))
		return req_fail(r, INV_ENOTFOUND, NULL, "No attempt %lld of this quiz.", (long long)co_param(r, "aid"));
	if (err != INV_OK)
		return co_fail(r, &cx, err, &o);
	if ((err = render_attempt(r, &cx, &a, aec, l->id, o.viewer.staff, &v)) != INV_OK)
		return err;
	return resp_json(w, 200, v);
}

/* --- the quiz dashboard ------------------------------------------------------------ */

/* "none": attempts of users no longer enrolled (they left the course) */
static const char *const join_statuses[] = {"creator", "manager", "joined", "invited", "requested",
                                            "payment_waiting", "none", NULL};

/* Adds one status word (trimmed of JSON's brackets and quotes) to the comma
 * list in *out; false when it is no join status. */
static bool add_status(struct req *r, const char *word, size_t len, char **out)
{
	while (len > 0 && strchr("[]\" ", *word)) {
		word++;
		len--;
	}
	while (len > 0 && strchr("[]\" ", word[len - 1]))
		len--;
	if (len == 0)
		return true;
	for (const char *const *s = join_statuses; *s; s++)
		if (strlen(*s) == len && strncmp(*s, word, len) == 0) {
			*out = *out ? arena_printf(r->arena, "%s,%s", *out, *s) : arena_strdup(r->arena, *s);
			return true;
		}
	return false;
}

/* ?statuses=a&statuses[]=b&statuses=a,b or ["a","b"] into a comma list
 * (default manager,joined) and its query-string form for page links;
 * false (400 sent) on an unknown status. */
static bool parse_statuses(struct req *r, const char **list, const char **query)
{
	char *got = NULL, *q = NULL;

	for (size_t i = 0; i < r->nquery; i++) {
		const char *k = r->query[i].key, *v = r->query[i].value;

		if (strcmp(k, "statuses") != 0 && strcmp(k, "statuses[]") != 0)
			continue;
		for (const char *p = v; *p;) {
			size_t len = strcspn(p, ",");

			if (!add_status(r, p, len, &got)) {
				req_fail(r, INV_EINVAL, "statuses", "statuses: '%.*s' is not a join status (creator, manager, joined, "
				         "invited, requested, payment_waiting, none).", (int)(len > 40 ? 40 : len), p);
				return false;
			}
			p += len + (p[len] == ',');
		}
		q = arena_printf(r->arena, "%s&statuses=%s", q ? q : "", req_escape(r, v));
	}
	*list = got ? got : "manager,joined";
	*query = q ? q : "";
	return true;
}

static struct json_object *dashboard_link(struct req *r, int64_t course, int64_t limit, int64_t offset,
                                          const char *search, const char *statuses)
{
	return json_object_new_string(arena_printf(r->arena, "%s/api/v2/course/%lld/quiz/?limit=%lld&offset=%lld%s%s%s",
	                                           r->base_url, (long long)course, (long long)limit, (long long)offset,
	                                           search ? "&search=" : "", search ? req_escape(r, search) : "",
	                                           statuses));
}

static struct json_object *dashboard_row(const struct quiz_row *q, int64_t course)
{
	struct json_object *o = json_object_new_object();
	char when[32];

	json_object_object_add(o, "id", json_object_new_int64(q->attempt_id));
	json_object_object_add(o, "course_id", json_object_new_int64(course));
	json_object_object_add(o, "section_id", json_object_new_int64(q->section_id));
	json_object_object_add(o, "lesson_id", json_object_new_int64(q->lesson_id));
	json_object_object_add(o, "name", json_object_new_string(q->lesson_title));
	json_object_object_add(o, "created_at", json_object_new_string(fmt_iso8601_ms(q->created_ms, when, sizeof(when))));
	json_object_object_add(o, "grade", json_object_new_int64(q->state == AS_COMPLETED ? engine_grade_percent(q->percentage_e4) : 0));
	json_object_object_add(o, "result", json_object_new_string(co_outcome_name(q->state == AS_COMPLETED ? q->outcome : LO_NONE)));
	json_object_object_add(o, "user", view_co_user(q->user_id, q->username, q->display_name));
	return o;
}

/* GET course/{cid}/quiz/?limit&offset&search&statuses: 200 a page of the
 * course's quiz attempts, newest first; 400 bad limit, offset or status;
 * 403 not the course's creator or manager; 404. */
enum inv_err h_co_dashboard(struct req *r, struct resp *w)
{
	struct engine_ctx cx = co_ctx(r);
	struct quiz_filter f = {.course_id = co_param(r, "cid")};
	int64_t limit = DASHBOARD_LIMIT_DEFAULT, offset = 0, count;
	const char *search = req_query(r, "search"), *status_query;
	struct json_object *o, *results;
	struct quiz_row *rows;
	size_t n;
	enum inv_err err;

	if (req_query_int(r, "limit", 1, INT64_MAX / 4, &limit) < 0 ||
	    req_query_int(r, "offset", 0, INT64_MAX / 4, &offset) < 0)
		return req_fail(r, INV_EINVAL, r->err_field, "%s must be a whole number (limit at least 1).", r->err_field);
	if (limit > DASHBOARD_LIMIT_MAX)
		limit = DASHBOARD_LIMIT_MAX; /* as DRF's max_limit does */
	if (!parse_statuses(r, &f.statuses, &status_query))
		return INV_EINVAL;
	if (search != NULL && *search == '\0')
		search = NULL;
	if (search != NULL && (f.like = req_like_pattern(r, search)) == NULL)
		return INV_EINTERNAL;
	if ((rows = arena_calloc(r->arena, (size_t)limit, sizeof(*rows))) == NULL)
		return INV_EINTERNAL;
	if ((err = engine_quiz_dashboard(&cx, &f, offset, limit, r->arena, rows, &n, &count)) != INV_OK)
		return co_fail(r, &cx, err, NULL);
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(results, dashboard_row(&rows[i], f.course_id));
	o = json_object_new_object();
	json_object_object_add(o, "count", json_object_new_int64(count));
	json_object_object_add(o, "next", offset + limit < count ? dashboard_link(r, f.course_id, limit, offset + limit, search, status_query) : NULL);
	json_object_object_add(o, "previous", offset > 0 ? dashboard_link(r, f.course_id, limit, offset > limit ? offset - limit : 0, search, status_query) : NULL);
	json_object_object_add(o, "results", results);
	return resp_json(w, 200, o);
}
