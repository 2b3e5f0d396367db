/* invigil — the assessments API v1 face (docs/assessments.md): authoring,
 * immediate scoring and the retake policy, as a thin adapter over the same
 * engine and data as every other face. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/engine.h"
#include "invigil/fmt.h"
#include "invigil/content.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"
#include "invigil/store.h"

#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 100
#define QUESTIONS_MAX 500

/* --- envelope: {"error": {"code", "message", "details"}} -------------------- */

static void render_error(struct req *r, struct resp *w, enum inv_err err)
{
	struct json_object *o = json_object_new_object(), *e = json_object_new_object();

	json_object_object_add(e, "code", json_object_new_string(
		r->err_code ? r->err_code : r->err_details || r->err_field ? "validation_error" : inv_err_code(err)));
	json_object_object_add(e, "message", json_object_new_string(r->err_msg ? r->err_msg : "Error."));
	if (r->err_details != NULL) {
		json_object_object_add(e, "details", r->err_details);
		r->err_details = NULL;
	} else if (r->err_field != NULL) {
		struct json_object *d = json_object_new_array(), *one = json_object_new_object();

		json_object_object_add(one, "field", json_object_new_string(r->err_field));
		json_object_object_add(one, "message", json_object_new_string(r->err_msg ? r->err_msg : ""));
		json_object_array_add(d, one);
		json_object_object_add(e, "details", d);
	}
	json_object_object_add(o, "error", e);
	resp_json(w, inv_err_status(err), o);
}

/* Collects one field error; the handler fails with all of them at once. */
static void detail(struct req *r, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void detail(struct req *r, const char *field, const char *fmt, ...)
{
	struct json_object *one = json_object_new_object();
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->err_details == NULL)
		r->err_details = json_object_new_array();
	json_object_object_add(one, "field", json_object_new_string(field));
	json_object_object_add(one, "message", json_object_new_string(msg));
	json_object_array_add(r->err_details, one);
}

static enum inv_err fail_details(struct req *r)
{
	size_t n = r->err_details ? json_object_array_length(r->err_details) : 0;

	return req_fail(r, INV_EINVAL, NULL, "%zu field%s invalid; see details.", n, n == 1 ? " is" : "s are");
}

static struct engine_ctx ctx_of(struct req *r)
{
	return api_engine_ctx(r, "assessments");
}

static enum inv_err engine_fail(struct req *r, struct engine_ctx *cx, enum inv_err err, const char *code)
{
	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
		return err;
	r->err_code = code;
	return req_fail(r, err, cx->field, "%s", cx->message ? cx->message : "Not found.");
}

/* --- who may do what ------------------------------------------------------------ */

/* Is the caller staff (admin, or instructor/creator/manager) of course? */
static enum inv_err is_staff(struct req *r, int64_t course_id, bool *staff)
{
	char role[16] = "", status[16] = "";
	int rc;

	*staff = r->who.role == ROLE_ADMIN;
	if (*staff)
		return INV_OK;
	rc = db_enrollment_get(course_id, r->who.user_id, role, sizeof(role), status, sizeof(status));
	if (rc < 0)
		return store_err();
	*staff = rc == 1 && strcmp(status, "joined") == 0 && strcmp(role, "learner") != 0;
	return INV_OK;
}

/* The assessment of the path, if the caller may see it: 404 unknown, 403
 * not actively enrolled in its course. */
static enum inv_err load(struct req *r, const struct exam_content **ec, bool *staff)
{
	int64_t id, version;
	char role[16] = "", status[16] = "";
	int rc = db_exam_by_public_id(req_param(r, "id")->text, &id, &version);
	enum inv_err err;

	if (rc < 0)
		return store_err();
	if (rc == 0 || (rc = exam_cache_get(id, version, ec)) == 0)
		return req_fail(r, INV_ENOTFOUND, NULL, "No assessment with id '%s'.", req_param(r, "id")->text);
	if (rc < 0)
		return store_err();
	if ((err = is_staff(r, (*ec)->exam.course_id, staff)) != INV_OK)
		return err;
	if (*staff)
		return INV_OK;
	rc = db_enrollment_get((*ec)->exam.course_id, r->who.user_id, role, sizeof(role), status, sizeof(status));
	if (rc < 0)
		return store_err();
	if (!(*ec)->exam.published)
		return req_fail(r, INV_ENOTFOUND, NULL, "No assessment with id '%s'.", req_param(r, "id")->text);
	if (rc == 0 || strcmp(status, "joined") != 0) {
		r->err_code = "not_enrolled";
		return req_fail(r, INV_EFORBIDDEN, NULL, "You are not actively enrolled in this assessment's course.");
	}
	return INV_OK;
}

/* --- views --------------------------------------------------------------------------- */

static struct json_object *int_or_null(int64_t v, bool have)
{
	return have ? json_object_new_int64(v) : NULL;
}

static struct json_object *points(int64_t e4)
{
	return json_object_new_double((double)e4 / 10000.0);
}

static const char *type_name(char t)
{
	switch (t) {
	case 'R': return "single_choice";
	case 'C': return "multiple_choice";
	case 'T': return "true_false";
	case 'N': return "numeric";
	case 'S': return "short_text";
	default: return "essay";
	}
}

static struct json_object *view_assessment(const struct exam *e)
{
	struct json_object *o = json_object_new_object();
	char buf[40];

	json_object_object_add(o, "id", json_object_new_string(e->public_id));
	json_object_object_add(o, "course_id", json_object_new_int64(e->course_id));
	json_object_object_add(o, "title", json_object_new_string(e->title ? e->title : ""));
	json_object_object_add(o, "passing_score", int_or_null(e->passing_score, e->passing_score >= 0));
	json_object_object_add(o, "time_limit_minutes", int_or_null((e->duration_s + 59) / 60, e->duration_s > 0));
	json_object_object_add(o, "question_count", json_object_new_int64(e->question_count));
	json_object_object_add(o, "max_attempts", int_or_null(e->max_attempts, e->max_attempts > 0));
	json_object_object_add(o, "slug", json_object_new_string(e->slug));
	json_object_object_add(o, "created_at", json_object_new_string(fmt_iso8601(e->created_ms, buf, sizeof(buf))));
	return o;
}

static struct json_object *view_question(const struct exam_content *ec, const struct ex_question *q, bool staff)
{
	struct json_object *o = json_object_new_object(), *opts = json_object_new_array();
	const struct ex_subject *s = q->subject_id ? exam_subject(ec, q->subject_id) : NULL;
	static const char *const levels[] = {NULL, "easy", "medium", "hard"};

	json_object_object_add(o, "id", json_object_new_int64(q->question_id));
	json_object_object_add(o, "type", json_object_new_string(type_name(q->type)));
	json_object_object_add(o, "text", json_object_new_string(q->html ? q->html : ""));
	json_object_object_add(o, "points", points(q->marks_e4));
	json_object_object_add(o, "negative_points", points(q->negative_e4));
	json_object_object_add(o, "subject", s ? json_object_new_string(s->name) : NULL);
	json_object_object_add(o, "difficulty", levels[q->difficulty] ? json_object_new_string(levels[q->difficulty]) : NULL);
	/* short-text accepted answers and correct flags are for staff only */
	for (size_t i = 0; (q->type != 'S' || staff) && i < q->noptions; i++) {
		struct json_object *op = json_object_new_object();

		json_object_object_add(op, "id", json_object_new_int64(q->options[i].id));
		json_object_object_add(op, "text", json_object_new_string(q->options[i].text ? q->options[i].text : ""));
		if (staff)
			json_object_object_add(op, "correct", json_object_new_boolean(q->options[i].correct));
		json_object_array_add(opts, op);
	}
	json_object_object_add(o, "options", opts);
	if (staff && q->type == 'N') {
		json_object_object_add(o, "answer", json_object_new_double(q->answer));
		json_object_object_add(o, "tolerance", json_object_new_double(q->tolerance));
	}
	return o;
}

static struct json_object *view_assessment_full(const struct exam_content *ec, bool staff)
{
	struct json_object *o = view_assessment(&ec->exam), *qs = json_object_new_array();

	json_object_object_add(o, "question_count", json_object_new_int64((int64_t)ec->nquestions));
	for (size_t i = 0; i < ec->nquestions; i++)
		json_object_array_add(qs, view_question(ec, &ec->questions[i], staff));
	json_object_object_add(o, "questions", qs);
	return o;
}

/* The clamped percentage with two decimals (DECISIONS 23). */
static double score_percent(int64_t percentage_e4)
{
	double p = (double)percentage_e4 / 10000.0;

	if (p < 0)
		p = 0;
	if (p > 100)
		p = 100;
	return round(p * 100.0) / 100.0;
}

static struct json_object *view_submission(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                           const char *public_id, const struct answer *answers, size_t n)
{
	static const char *const status[] = {"unanswered", "correct", "incorrect", "partial", "pending"};
	struct json_object *o = json_object_new_object(), *results = json_object_new_array();
	double score = score_percent(a->percentage_e4);
	char buf[40];

	json_object_object_add(o, "id", json_object_new_string(public_id));
	json_object_object_add(o, "assessment_id", json_object_new_string(ec->exam.public_id));
	json_object_object_add(o, "user_id", json_object_new_int64(a->user_id));
	json_object_object_add(o, "attempt_number", json_object_new_int64(a->attempt_no));
	json_object_object_add(o, "score", json_object_new_double(score));
	/* the exact percentage decides, as the stored result does (69.995 is not 70) */
	json_object_object_add(o, "passed", json_object_new_boolean(
		ec->exam.passing_score < 0 || a->percentage_e4 >= ec->exam.passing_score * 10000));
	json_object_object_add(o, "status", json_object_new_string(a->pending > 0 ? "pending_review" : "graded"));
	json_object_object_add(o, "submitted_at", json_object_new_string(
		fmt_iso8601_ms(a->ended_ms ? a->ended_ms : a->created_ms, buf, sizeof(buf))));
	json_object_object_add(o, "points_awarded", points(a->score_e4));
	json_object_object_add(o, "points_possible", points(a->max_score_e4));
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, answers[i].eq_id);
		struct json_object *x = json_object_new_object();

		if (q == NULL) {
			json_object_put(x);
			continue;
		}
		json_object_object_add(x, "question_id", json_object_new_int64(q->question_id));
		json_object_object_add(x, "correct", answers[i].result == AR_PENDING ? NULL
			: json_object_new_boolean(answers[i].result == AR_CORRECT));
		json_object_object_add(x, "status", json_object_new_string(status[answers[i].result]));
		json_object_object_add(x, "points_awarded", answers[i].has_marks ? points(answers[i].marks_e4) : NULL);
		json_object_object_add(x, "points_possible", points(q->marks_e4));
		json_object_array_add(results, x);
	}
	json_object_object_add(o, "results", results);
	(void)r;
	return o;
}

/* --- list, get, create, patch ------------------------------------------------------ */

/* ?name= as an integer in [min, max]; absent leaves *out. */
static bool query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *s = req_query(r, name);
	char *end;
	long long v;

	if (s == NULL)
		return true;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min || v > max) {
		detail(r, name, "must be an integer from %lld to %lld", (long long)min, (long long)max);
		return false;
	}
	*out = v;
	return true;
}

static struct json_object *page_link(struct req *r, int64_t page, int64_t per_page, int64_t course)
{
	char *url = arena_printf(r->arena, "%s/api/v1/assessments?page=%lld&per_page=%lld", r->base_url,
	                         (long long)page, (long long)per_page);

	if (url && course > 0)
		url = arena_printf(r->arena, "%s&course_id=%lld", url, (long long)course);
	return url ? json_object_new_string(url) : NULL;
}

/* GET /api/v1/assessments: 200 a page; 400 bad page, per_page or course_id. */
static enum inv_err h_list(struct req *r, struct resp *w)
{
	struct exam_filter f = {0};
	int64_t page = 1, per_page = PER_PAGE_DEFAULT, count, last;
	struct exam *rows;
	size_t n;
	struct json_object *o, *data, *pg, *links;
	bool ok = true;

	ok &= query_int(r, "page", 1, 1000000, &page);
	ok &= query_int(r, "per_page", 1, PER_PAGE_MAX, &per_page);
	ok &= query_int(r, "course_id", 1, INT64_MAX / 2, &f.course_id);
	if (!ok)
		return fail_details(r);
	f.user_id = r->who.user_id;
	f.all = r->who.role == ROLE_ADMIN;
	if (db_exam_count(&f, &count) != 0)
		return store_err();
	rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows));
	if (rows == NULL)
		return INV_EINTERNAL;
	if (db_exam_list(&f, (page - 1) * per_page, per_page, r->arena, rows, &n) != 0)
		return store_err();
	data = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(data, view_assessment(&rows[i]));
	last = count == 0 ? 1 : (count + per_page - 1) / per_page;
	o = json_object_new_object();
	pg = json_object_new_object();
	links = json_object_new_object();
	json_object_object_add(o, "data", data);
	json_object_object_add(pg, "page", json_object_new_int64(page));
	json_object_object_add(pg, "per_page", json_object_new_int64(per_page));
	json_object_object_add(pg, "total_count", json_object_new_int64(count));
	json_object_object_add(pg, "total_pages", json_object_new_int64(last));
	json_object_object_add(o, "pagination", pg);
	json_object_object_add(links, "self", page_link(r, page, per_page, f.course_id));
	json_object_object_add(links, "next", page < last ? page_link(r, page + 1, per_page, f.course_id) : NULL);
	json_object_object_add(links, "prev", page > 1 ? page_link(r, page - 1, per_page, f.course_id) : NULL);
	json_object_object_add(o, "links", links);
	return resp_json(w, 200, o);
}

/* GET /api/v1/assessments/{id}: 200 with questions; 404 unknown or not visible. */
static enum inv_err h_get(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	bool staff;
	enum inv_err err = load(r, &ec, &staff);

	return err != INV_OK ? err : resp_json(w, 200, view_assessment_full(ec, staff));
}

/* Reads a nullable positive integer field; *present false when absent. */
static bool nullable_int(struct req *r, const char *key, int64_t min, int64_t max, int64_t *out, bool *present)
{
	struct json_object *v = NULL;
	int rc;

	*present = json_object_object_get_ex(r->json, key, &v);
	*out = 0;
	if (!*present || v == NULL)
		return true;
	rc = body_int(r, r->json, key, min, max, out);
	if (rc < 0) {
		detail(r, key, "must be an integer from %lld to %lld, or null", (long long)min, (long long)max);
		r->err_field = NULL;
		return false;
	}
	return true;
}

static bool title_of(struct req *r, bool required, const char **title)
{
	int rc = body_str(r, r->json, "title", title);
	size_t n;

	if (rc < 0 || (rc == 0 && required)) {
		detail(r, "title", rc < 0 ? "must be a string" : "is required");
		r->err_field = NULL;
		return false;
	}
	if (rc == 0)
		return true;
	n = strlen(*title);
	if (n < 3 || n > 200) {
		detail(r, "title", "must be 3 to 200 characters (it is %zu)", n);
		return false;
	}
	return true;
}

static bool passing_of(struct req *r, bool required, int64_t *pass, bool *present)
{
	int rc = body_int(r, r->json, "passing_score", 1, 100, pass);

	*present = rc == 1;
	if (rc < 0 || (rc == 0 && required)) {
		detail(r, "passing_score", rc < 0 ? "must be an integer from 1 to 100" : "is required");
		r->err_field = NULL;
		return false;
	}
	return true;
}

/* POST /api/v1/assessments: 201; 400 field errors (all at once); 403 not
 * staff of the course; 404 unknown course. */
static enum inv_err h_create(struct req *r, struct resp *w)
{
	struct exam_new e = {0};
	int64_t id, minutes = 0;
	char public_id[41];
	bool ok = true, present, staff;
	const struct exam_content *ec;
	int rc;
	enum inv_err err;

	if (r->json == NULL || !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, NULL, "The body must be a JSON object.");
	rc = body_int(r, r->json, "course_id", 1, INT64_MAX / 2, &e.course_id);
	if (rc <= 0) {
		detail(r, "course_id", rc < 0 ? "must be a course id (a positive integer)" : "is required");
		r->err_field = NULL;
		ok = false;
	}
	ok &= title_of(r, true, &e.title);
	ok &= passing_of(r, true, &e.passing_score, &present);
	ok &= nullable_int(r, "time_limit_minutes", 1, 10080, &minutes, &present);
	ok &= nullable_int(r, "max_attempts", 1, 1000, &e.max_attempts, &present);
	if (!ok)
		return fail_details(r);
	e.duration_s = minutes * 60;
	if ((err = is_staff(r, e.course_id, &staff)) != INV_OK)
		return err;
	if (!staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only an admin or an instructor of course %lld may create its assessments.",
		                (long long)e.course_id);
	if (db_exam_create(&e, &id, public_id) != 0)
		return db_last_is_fk() ? (r->err_code = "not_found",
		                          req_fail(r, INV_ENOTFOUND, "course_id", "No course with id %lld.", (long long)e.course_id))
		                       : store_err();
	if ((rc = exam_cache_get(id, 0, &ec)) <= 0)
		return rc < 0 ? store_err() : INV_EINTERNAL;
	return resp_json(w, 201, view_assessment_full(ec, true));
}

/* PATCH /api/v1/assessments/{id}: 200; 400 field errors; 403 not staff. */
static enum inv_err h_patch(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct exam_patch p = {0};
	int64_t id, minutes = 0;
	bool staff, ok = true;
	int rc;
	enum inv_err err = load(r, &ec, &staff);

	if (err != INV_OK)
		return err;
	if (!staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only an admin or an instructor of this course may change it.");
	if (r->json == NULL || !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, NULL, "The body must be a JSON object.");
	ok &= title_of(r, false, &p.title);
	p.has_title = p.title != NULL;
	ok &= passing_of(r, false, &p.passing_score, &p.has_passing);
	ok &= nullable_int(r, "time_limit_minutes", 1, 10080, &minutes, &p.has_duration);
	ok &= nullable_int(r, "max_attempts", 1, 1000, &p.max_attempts, &p.has_max_attempts);
	if (!ok)
		return fail_details(r);
	p.duration_s = minutes * 60;
	id = ec->exam.id;
	if (db_exam_patch(id, &p) != 0)
		return store_err();
	exam_cache_forget(id);
	if ((rc = exam_cache_get(id, 0, &ec)) <= 0)
		return rc < 0 ? store_err() : INV_EINTERNAL;
	return resp_json(w, 200, view_assessment_full(ec, true));
}

/* --- questions ------------------------------------------------------------------------ */

static char type_code(const char *s)
{
	static const struct { const char *name; char code; } t[] = {
		{"single_choice", 'R'}, {"multiple_choice", 'C'}, {"true_false", 'T'},
		{"numeric", 'N'}, {"short_text", 'S'}, {"essay", 'E'}};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i].name) == 0)
			return t[i].code;
	return 0;
}

/* A decimal number (points) into ten-thousandths; false when not one. */
static bool points_of(struct json_object *v, int64_t *e4)
{
	double d;

	if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
		return false;
	d = json_object_get_double(v);
	if (!isfinite(d) || d < 0 || d > 100000)
		return false;
	*e4 = llround(d * 10000.0);
	return true;
}

static void parse_options(struct req *r, const char *path, struct json_object *arr, struct content_question *q)
{
	q->noptions = json_object_array_length(arr);
	q->options = arena_calloc(r->arena, q->noptions + 1, sizeof(*q->options));
	for (size_t i = 0; i < q->noptions; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v;
		struct content_option *op = &q->options[i];

		if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "text", &v) ||
		    !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0) {
			detail(r, arena_printf(r->arena, "%s.options[%zu].text", path, i), "is required (a string)");
			continue;
		}
		op->text = json_object_get_string(v);
		if (json_object_object_get_ex(o, "correct", &v) && !json_object_is_type(v, json_type_boolean))
			detail(r, arena_printf(r->arena, "%s.options[%zu].correct", path, i), "must be true or false");
		else
			op->correct = v != NULL && json_object_get_boolean(v);
		if (json_object_object_get_ex(o, "points", &v) && v != NULL) {
			op->has_marks = points_of(v, &op->marks_e4);
			if (!op->has_marks)
				detail(r, arena_printf(r->arena, "%s.options[%zu].points", path, i), "must be a number >= 0");
		}
	}
}

static void parse_question(struct req *r, size_t i, struct json_object *o, struct content_question *q)
{
	const char *path = arena_printf(r->arena, "questions[%zu]", i), *field, *problem;
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object)) {
		detail(r, path, "must be an object");
		return;
	}
	if (!json_object_object_get_ex(o, "type", &v) || !json_object_is_type(v, json_type_string) ||
	    (q->type = type_code(json_object_get_string(v))) == 0) {
		detail(r, arena_printf(r->arena, "%s.type", path),
		       "must be single_choice, multiple_choice, true_false, numeric, short_text or essay");
		return;
	}
	if (!json_object_object_get_ex(o, "text", &v) || !json_object_is_type(v, json_type_string) ||
	    json_object_get_string_len(v) == 0)
		detail(r, arena_printf(r->arena, "%s.text", path), "is required (a string)");
	else
		q->text = json_object_get_string(v);
	if (json_object_object_get_ex(o, "points", &v) && v != NULL &&
	    !(q->has_marks = points_of(v, &q->marks_e4)))
		detail(r, arena_printf(r->arena, "%s.points", path), "must be a number >= 0");
	if (json_object_object_get_ex(o, "negative_points", &v) && v != NULL &&
	    !(q->has_negative = points_of(v, &q->negative_e4)))
		detail(r, arena_printf(r->arena, "%s.negative_points", path), "must be a number >= 0");
	if (json_object_object_get_ex(o, "partial_credit", &v) && v != NULL)
		q->partial_marks = json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "case_sensitive", &v) && v != NULL)
		q->case_sensitive = json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "subject", &v) && json_object_is_type(v, json_type_string))
		q->subject = json_object_get_string(v);
	if (json_object_object_get_ex(o, "explanation", &v) && json_object_is_type(v, json_type_string))
		q->explanation = json_object_get_string(v);
	if (json_object_object_get_ex(o, "difficulty", &v) && v != NULL) {
		const char *d = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";

		if (strcmp(d, "easy") && strcmp(d, "medium") && strcmp(d, "hard"))
			detail(r, arena_printf(r->arena, "%s.difficulty", path), "must be easy, medium or hard");
		else
			q->difficulty = d;
	}
	if (json_object_object_get_ex(o, "answer", &v) && v != NULL) {
		q->has_answer = json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
		q->answer = q->has_answer ? json_object_get_double(v) : 0;
		if (!q->has_answer)
			detail(r, arena_printf(r->arena, "%s.answer", path), "must be a number");
	}
	if (json_object_object_get_ex(o, "tolerance", &v) && v != NULL)
		q->tolerance = json_object_get_double(v);
	if (q->type == 'S' && json_object_object_get_ex(o, "accepted_answers", &v) &&
	    json_object_is_type(v, json_type_array)) {
		struct json_object *opts = json_object_new_array();

		for (size_t k = 0; k < json_object_array_length(v); k++) {
			struct json_object *one = json_object_new_object();

			json_object_object_add(one, "text", json_object_get(json_object_array_get_idx(v, k)));
			json_object_object_add(one, "correct", json_object_new_boolean(1));
			json_object_array_add(opts, one);
		}
		json_object_object_add(o, "options", opts);
	}
	if (json_object_object_get_ex(o, "options", &v) && v != NULL) {
		if (json_object_is_type(v, json_type_array))
			parse_options(r, path, v, q);
		else
			detail(r, arena_printf(r->arena, "%s.options", path), "must be a list");
	}
	if (q->text != NULL && (problem = question_shape_problem(q, &field)) != NULL)
		detail(r, arena_printf(r->arena, "%s.%s", path, q->type == 'S' && strcmp(field, "options") == 0
		                                             ? "accepted_answers" : field), "%s", problem);
}

/* POST /api/v1/assessments/{id}/questions: 201 the added questions; 400
 * field errors naming each question; 403 not staff. */
static enum inv_err h_add_questions(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct content_question *qs;
	struct json_object *list = NULL, *out;
	int64_t *ids, exam_id, course_id;
	size_t n;
	bool staff;
	int rc;
	enum inv_err err = load(r, &ec, &staff);

	if (err != INV_OK)
		return err;
	if (!staff)
		return req_fail(r, INV_EFORBIDDEN, NULL, "Only an admin or an instructor of this course may add questions.");
	if (r->json != NULL && json_object_is_type(r->json, json_type_object) &&
	    !json_object_object_get_ex(r->json, "questions", &list)) {
		list = json_object_new_array(); /* a single question object */
		json_object_array_add(list, json_object_get(r->json));
		json_object_object_add(r->json, "questions", list);
	}
	if (list == NULL || !json_object_is_type(list, json_type_array) || json_object_array_length(list) == 0)
		return req_fail(r, INV_EINVAL, "questions", "Send a question object, or {\"questions\": [...]} with at least one.");
	n = json_object_array_length(list);
	if (n > QUESTIONS_MAX)
		return req_fail(r, INV_EINVAL, "questions", "At most %d questions at once.", QUESTIONS_MAX);
	qs = arena_calloc(r->arena, n, sizeof(*qs));
	ids = arena_calloc(r->arena, n, sizeof(*ids));
	if (qs == NULL || ids == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		parse_question(r, i, json_object_array_get_idx(list, i), &qs[i]);
	if (r->err_details != NULL)
		return fail_details(r);
	exam_id = ec->exam.id;
	course_id = ec->exam.course_id;
	if (db_exam_add_questions(course_id, exam_id, qs, n, ids) != 0)
		return store_err();
	exam_cache_forget(exam_id);
	if ((rc = exam_cache_get(exam_id, 0, &ec)) <= 0)
		return rc < 0 ? store_err() : INV_EINTERNAL;
	out = view_assessment_full(ec, true);
	return resp_json(w, 201, out);
}

/* --- submissions ---------------------------------------------------------------------- */

static const struct ex_question *question_by_id(const struct exam_content *ec, int64_t qid)
{
	for (size_t i = 0; i < ec->nquestions; i++)
		if (ec->questions[i].question_id == qid)
			return &ec->questions[i];
	return NULL;
}

/* One answer object into input; adds details for what is wrong. */
static void parse_answer(struct req *r, struct engine_ctx *cx, const struct exam_content *ec, size_t i,
                         struct json_object *o, int64_t *eq_id, struct answer_input *in, bool *seen)
{
	const char *path = arena_printf(r->arena, "answers[%zu]", i);
	const struct ex_question *q;
	struct json_object *v;
	int64_t qid;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "question_id", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		detail(r, arena_printf(r->arena, "%s.question_id", path), "is required (an integer)");
		return;
	}
	qid = json_object_get_int64(v);
	if ((q = question_by_id(ec, qid)) == NULL) {
		detail(r, arena_printf(r->arena, "%s.question_id", path), "%lld is not a question of this assessment",
		       (long long)qid);
		return;
	}
	if (seen[q - ec->questions]) {
		detail(r, arena_printf(r->arena, "%s.question_id", path), "question %lld is answered twice", (long long)qid);
		return;
	}
	seen[q - ec->questions] = true;
	*eq_id = q->eq_id;
	memset(in, 0, sizeof(*in));
	in->payload = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	in->payload = arena_strdup(r->arena, in->payload);
	switch (q->type) {
	case 'R':
	case 'T':
	case 'C':
		if (!json_object_object_get_ex(o, "selected_option_ids", &v) || !json_object_is_type(v, json_type_array)) {
			detail(r, arena_printf(r->arena, "%s.selected_option_ids", path),
			       "question %lld (%s) takes a list of option ids", (long long)qid, type_name(q->type));
			return;
		}
		in->has_selected = true;
		for (size_t k = 0; k < json_object_array_length(v) && k < ANSWER_MAX_SELECTED; k++) {
			struct json_object *x = json_object_array_get_idx(v, k);

			if (!json_object_is_type(x, json_type_int)) {
				detail(r, arena_printf(r->arena, "%s.selected_option_ids[%zu]", path, k), "must be an integer");
				return;
			}
			in->selected[in->nselected++] = json_object_get_int64(x);
		}
		break;
	case 'N':
		if (json_object_object_get_ex(o, "value", &v) &&
		    (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))) {
			in->has_text = true;
			in->text = arena_printf(r->arena, "%.17g", json_object_get_double(v));
		} else {
			detail(r, arena_printf(r->arena, "%s.value", path), "question %lld (numeric) takes a number", (long long)qid);
			return;
		}
		break;
	default:
		if (!json_object_object_get_ex(o, "text", &v) || !json_object_is_type(v, json_type_string)) {
			detail(r, arena_printf(r->arena, "%s.text", path), "question %lld (%s) takes a text", (long long)qid,
			       type_name(q->type));
			return;
		}
		if (json_object_get_string_len(v) > 65535) {
			detail(r, arena_printf(r->arena, "%s.text", path), "is longer than 65535 characters");
			return;
		}
		in->has_text = true;
		in->text = json_object_get_string(v);
	}
	if (engine_check_input(cx, q, in) != INV_OK)
		detail(r, arena_printf(r->arena, "%s.selected_option_ids", path), "%s", cx->message);
}

static enum inv_err render_submission(struct req *r, struct resp *w, const struct attempt *a,
                                      const struct exam_content *ec, const char *public_id, int status)
{
	struct answer *rows = arena_calloc(r->arena, QUESTIONS_MAX, sizeof(*rows));
	size_t n;

	if (rows == NULL)
		return INV_EINTERNAL;
	if (db_answers_page(a->id, 0, QUESTIONS_MAX, r->arena, rows, &n) != 0)
		return store_err();
	return resp_json(w, status, view_submission(r, a, ec, public_id, rows, n));
}

/* POST /api/v1/assessments/{id}/submissions: 201 scored; 400 naming every
 * bad, missing, unknown or duplicate answer; 403 not enrolled, no attempts
 * left, time limit passed. */
static enum inv_err h_submit(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = ctx_of(r);
	struct json_object *list;
	struct answer_input *inputs;
	int64_t *eq_ids;
	bool staff, *seen;
	size_t n;
	struct attempt a;
	char public_id[41];
	enum inv_err err = load(r, &ec, &staff);

	if (err != INV_OK)
		return err;
	if (r->json == NULL || !json_object_is_type(r->json, json_type_object) ||
	    !json_object_object_get_ex(r->json, "answers", &list) || !json_object_is_type(list, json_type_array))
		return req_fail(r, INV_EINVAL, "answers", "Send {\"answers\": [...]}, one answer object per question.");
	n = json_object_array_length(list);
	if (n > QUESTIONS_MAX)
		return req_fail(r, INV_EINVAL, "answers", "Too many answers.");
	inputs = arena_calloc(r->arena, n + 1, sizeof(*inputs));
	eq_ids = arena_calloc(r->arena, n + 1, sizeof(*eq_ids));
	seen = arena_calloc(r->arena, ec->nquestions + 1, sizeof(*seen));
	if (inputs == NULL || eq_ids == NULL || seen == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++)
		parse_answer(r, &cx, ec, i, json_object_array_get_idx(list, i), &eq_ids[i], &inputs[i], seen);
	for (size_t i = 0; i < ec->nquestions; i++)
		if (!seen[i])
			detail(r, "answers", "question %lld has no answer", (long long)ec->questions[i].question_id);
	if (r->err_details != NULL)
		return fail_details(r);
	err = engine_submit(&cx, ec, eq_ids, inputs, n, &a, public_id);
	if (err != INV_CREATED)
		return engine_fail(r, &cx, err, err == INV_EFORBIDDEN && cx.message &&
		                                    strstr(cx.message, "no attempts left") ? "attempt_limit_reached" : NULL);
	return render_submission(r, w, &a, ec, public_id, 201);
}

/* GET /api/v1/assessments/{id}/submissions/{sid}: the learner's own, or any
 * for staff of the course; 404 otherwise. */
static enum inv_err h_submission(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	int64_t attempt_id;
	struct attempt a;
	bool staff;
	const char *sid = req_param(r, "sid")->text;
	int rc;
	enum inv_err err = load(r, &ec, &staff);

	if (err != INV_OK)
		return err;
	rc = db_attempt_by_public_id(sid, &attempt_id);
	if (rc < 0)
		return store_err();
	if (rc == 1 && (rc = db_attempt_get(attempt_id, &a)) < 0)
		return store_err();
	if (rc == 0 || a.exam_id != ec->exam.id || (!staff && a.user_id != r->who.user_id))
		return req_fail(r, INV_ENOTFOUND, NULL, "No submission with id '%s' for this assessment.", sid);
	return render_submission(r, w, &a, ec, sid, 200);
}

static const struct route routes[] = {
	{"GET", "/", h_list, WHO_USER, RB_FORBIDDEN},
	{"POST", "/", h_create, WHO_USER, RB_REQUIRED},
	{"GET", "/{id:slug}", h_get, WHO_USER, RB_FORBIDDEN},
	{"PATCH", "/{id:slug}", h_patch, WHO_USER, RB_REQUIRED},
	{"POST", "/{id:slug}/questions", h_add_questions, WHO_USER, RB_REQUIRED},
	{"POST", "/{id:slug}/submissions", h_submit, WHO_USER, RB_REQUIRED},
	{"GET", "/{id:slug}/submissions/{sid:slug}", h_submission, WHO_USER, RB_FORBIDDEN},
};

static const char *const prefixes[] = {"/api/v1/assessments", NULL};

const struct face face_assess = {
	.name = "assessments",
	.prefixes = prefixes,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.render_error = render_error,
	.auth_challenge = "Bearer realm=\"assessments\"",
};
