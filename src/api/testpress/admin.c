/* invigil — the Testpress admin API (v2.5 / v3, seed 003;
 * docs/testpress-admin.md): every attempt for the staff who may see it,
 * one attempt with its sections, subject tree and difficulty counts, and
 * its answers with their exam questions.  A face of its own (its prefixes
 * are /api/v2.5 and /api/v3) in the Testpress folder (DECISIONS 25); every
 * decision is the engine's. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"

#define ADMIN_PER_PAGE 200
#define ADMIN_PER_PAGE_MAX 500

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

struct json_object *tp_admin_time(int64_t ms)
{
	char buf[40];

	return ms > 0 ? json_object_new_string(fmt_iso8601_ms(ms, buf, sizeof(buf))) : NULL;
}

static struct json_object *duration(int64_t ms)
{
	char buf[64];

	return json_object_new_string(fmt_timedelta(ms / 1000, buf, sizeof(buf)));
}

static const char *state_name(enum attempt_state s)
{
	return s == AS_COMPLETED ? "Completed" : s == AS_RUNNING ? "Running" : "Not Started";
}

const char *tp_admin_result(const struct exam_content *ec, const struct attempt *a)
{
	enum lesson_outcome o = engine_outcome(&ec->exam, a);

	return o == LO_PASSED ? "Pass" : o == LO_FAILED ? "Fail" : "NA";
}

/* The fields of a listed attempt.  clk (NULL in the list, which reads no
 * exam content) is the attempt's clock: without it the time left is its
 * deadline's, which a pausable attempt has only while it runs. */
static struct json_object *attempt_fields(struct req *r, const struct attempt *a, const char *email, int64_t now,
                                          const struct attempt_clock *clk)
{
	struct json_object *o = json_object_new_object();
	char buf[64];
	bool done = a->state == AS_COMPLETED, timed = clk ? clk->remaining_ms != INT64_MAX : a->deadline_ms > 0;
	int64_t left = clk ? clk->remaining_ms : a->deadline_ms - now;

	add(o, "id", json_object_new_int64(a->id));
	add(o, "date", tp_admin_time(a->started_ms > 0 ? a->started_ms : a->created_ms));
	add(o, "exam_id", json_object_new_int64(a->exam_id));
	add(o, "user_id", json_object_new_int64(a->user_id));
	add(o, "email", email && *email ? json_object_new_string(email) : NULL);
	add(o, "name", a->display_name[0] ? json_object_new_string(a->display_name) : NULL);
	add(o, "phone", NULL); /* invigil keeps no phone numbers */
	add(o, "correct_answers_count", json_object_new_int64(a->correct));
	add(o, "incorrect_answers_count", json_object_new_int64(a->incorrect));
	add(o, "unanswered_count", json_object_new_int64(a->unanswered));
	add(o, "score", a->graded ? json_object_new_string(fmt_e4(a->score_e4, 2, buf, sizeof(buf))) : NULL);
	/* two decimals, rounded half away from zero (2 of 3: 66.67) */
	add(o, "percentage", a->graded ? json_object_new_double(
		(double)((a->percentage_e4 + (a->percentage_e4 >= 0 ? 50 : -50)) / 100) / 100.0) : NULL);
	add(o, "time_taken", duration(a->time_used_ms));
	add(o, "remaining_time", a->state != AS_COMPLETED && timed
	    ? json_object_new_string(fmt_hms(left > 0 ? left / 1000 : 0, buf, sizeof(buf))) : NULL);
	add(o, "state", json_object_new_string(state_name(a->state)));
	add(o, "last_started_time", tp_admin_time(a->last_started_ms));
	add(o, "last_answer_updated_time", tp_admin_time(a->last_event_ms));
	add(o, "speed", json_object_new_int64(done ? engine_speed(a) : 0));
	add(o, "accuracy", json_object_new_int64(done ? engine_accuracy(a) : 0));
	add(o, "exam_url", json_object_new_string(arena_printf(r->arena, "%s/api/v2.5/admin/exams/%lld/", r->base_url,
	                                                       (long long)a->exam_id)));
	add(o, "user_url", json_object_new_string(arena_printf(r->arena, "%s/api/v2.5/admin/users/%lld/", r->base_url,
	                                                       (long long)a->user_id)));
	return o;
}

/* --- the list -------------------------------------------------------------------- */

static const struct {
	const char *key;
	enum admin_order order;
} orderings[] = {
	{"date", ADMIN_BY_DATE}, {"-date", ADMIN_BY_DATE_DESC},
	{"correct_answers_count", ADMIN_BY_CORRECT}, {"-correct_answers_count", ADMIN_BY_CORRECT_DESC},
	{"incorrect_answers_count", ADMIN_BY_INCORRECT}, {"-incorrect_answers_count", ADMIN_BY_INCORRECT_DESC},
	{"unanswered_count", ADMIN_BY_UNANSWERED}, {"-unanswered_count", ADMIN_BY_UNANSWERED_DESC},
};

bool tp_admin_date(struct req *r, const char *key, bool upper, int64_t *out)
{
	const char *v = req_query(r, key);

	*out = 0;
	if (v == NULL || *v == '\0')
		return true;
	/* between 1970 and 9999 (a DATETIME's range; 0 means "no bound") */
	if (parse_iso8601(v, out) != 0 || *out <= 0 || *out >= INT64_C(253402214400000)) {
		req_fail(r, INV_EINVAL, key, "Enter a valid date or date/time from 1970 to 9999 (2026-12-06 or "
		         "2026-12-06T10:00:00Z).");
		return false;
	}
	if (upper && strlen(v) == 10)
		*out += 86400000; /* the whole of that day */
	return true;
}

/* The filters and ordering of the query; false (400 sent) on a bad one. */
static bool admin_filter_of(struct req *r, struct admin_filter *f)
{
	const char *state = req_query(r, "state"), *ordering = req_query(r, "ordering");
	int64_t v;

	memset(f, 0, sizeof(*f));
	f->order = ADMIN_BY_DATE_DESC;
	if (req_query_int(r, "exams", 1, INT64_MAX / 2, &f->exam_id) < 0 ||
	    req_query_int(r, "users", 1, INT64_MAX / 2, &f->user_id) < 0) {
		req_fail(r, INV_EINVAL, r->err_field, "Select a valid choice: %s must be an id.", r->err_field);
		return false;
	}
	if (state != NULL && *state != '\0') {
		if (req_query_int(r, "state", 0, 3, &v) != 1 || v == 2) {
			req_fail(r, INV_EINVAL, "state", "Select a valid choice: 0 (running), 1 (completed) or 3 (not started).");
			return false;
		}
		f->state = v == 0 ? "running" : v == 1 ? "completed" : "not_started";
	}
	if (!tp_admin_date(r, "date_0", false, &f->from_ms) || !tp_admin_date(r, "date_1", true, &f->to_ms))
		return false;
	if (ordering != NULL && *ordering != '\0') {
		size_t i;

		for (i = 0; i < sizeof(orderings) / sizeof(orderings[0]); i++)
			if (strcmp(orderings[i].key, ordering) == 0)
				break;
		if (i == sizeof(orderings) / sizeof(orderings[0])) {
			req_fail(r, INV_EINVAL, "ordering", "Select a valid choice: date, correct_answers_count, "
			         "incorrect_answers_count or unanswered_count, each with or without '-'.");
			return false;
		}
		f->order = orderings[i].order;
	}
	return true;
}

/* GET /api/v2.5/admin/attempts/: 200 a page; 400 a bad filter, ordering or
 * page; 403 for someone who is staff nowhere. */
static enum inv_err h_admin_attempts(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress-admin");
	struct admin_filter f;
	int64_t page = 1, per_page = ADMIN_PER_PAGE, count;
	struct admin_row *rows;
	struct json_object *results;
	size_t n;
	enum inv_err err;

	if (!admin_filter_of(r, &f))
		return INV_EINVAL;
	if ((err = tp_page_number(r, &page)) != INV_OK)
		return err;
	if (req_query_int(r, "per_page", 1, ADMIN_PER_PAGE_MAX, &per_page) < 0)
		return req_fail(r, INV_EINVAL, "per_page", "per_page must be a number from 1 to %d.", ADMIN_PER_PAGE_MAX);
	if ((rows = arena_calloc(r->arena, (size_t)per_page, sizeof(*rows))) == NULL)
		return INV_EINTERNAL;
	if ((err = engine_admin_attempts(&cx, &f, (page - 1) * per_page, per_page, rows, &n, &count)) != INV_OK)
		return tp_fail(r, &cx, err);
	if (page > 1 && (page - 1) * per_page >= count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(results, attempt_fields(r, &rows[i].a, rows[i].email, cx.now_ms, NULL));
	return resp_json(w, 200, view_testpress_page(r, count, page, per_page, results));
}

/* --- one attempt ------------------------------------------------------------------ */

static void add_counts(struct json_object *o, const struct breakdown_counts *c, bool partial)
{
	add(o, "correct_answers_count", json_object_new_int64(c->correct));
	add(o, "incorrect_answers_count", json_object_new_int64(c->incorrect));
	add(o, "unanswered_count", json_object_new_int64(c->unanswered));
	if (partial)
		add(o, "partial_correct_answers_count", json_object_new_int64(c->partial));
}

static struct json_object *sections_of(const struct admin_attempt *d)
{
	struct json_object *list = json_object_new_array();

	for (size_t i = 0; i < d->ec->nsections; i++) {
		struct json_object *o = json_object_new_object();
		char buf[32];

		add(o, "id", json_object_new_int64(d->ec->sections[i].id));
		add(o, "order", json_object_new_int64((int64_t)i));
		add(o, "section_id", json_object_new_int64(d->ec->sections[i].id));
		add(o, "name", json_object_new_string(d->ec->sections[i].title ? d->ec->sections[i].title : ""));
		add(o, "time_taken", duration(d->breakdown.section_time_ms[i]));
		add_counts(o, &d->breakdown.sections[i], false);
		add(o, "score", json_object_new_string(fmt_e4(d->breakdown.sections[i].marks_e4, 2, buf, sizeof(buf))));
		json_object_array_add(list, o);
	}
	return list;
}

static struct json_object *subject_stat(int64_t id, int64_t parent, const char *name, bool leaf,
                                        const struct breakdown_counts *c)
{
	struct json_object *o = json_object_new_object();
	char buf[32];

	add(o, "subject_id", id > 0 ? json_object_new_int64(id) : NULL);
	add(o, "subject_name", json_object_new_string(name ? name : ""));
	add(o, "total_count", json_object_new_int64(c->total));
	add_counts(o, c, true);
	add(o, "parent_subject_id", parent > 0 ? json_object_new_int64(parent) : NULL);
	add(o, "is_leaf", json_object_new_boolean(leaf));
	add(o, "score", json_object_new_string(fmt_e4(c->marks_e4, 2, buf, sizeof(buf))));
	return o;
}

/* The subjects the attempt's questions touch, each parent with its
 * children's sums, and the questions without a subject. */
static struct json_object *subjects_of(const struct admin_attempt *d)
{
	struct json_object *list = json_object_new_array();

	for (size_t i = 0; i < d->ec->nsubjects; i++)
		if (d->breakdown.subjects[i].total > 0)
			json_object_array_add(list, subject_stat(d->ec->subjects[i].id, d->ec->subjects[i].parent_id,
			                                         d->ec->subjects[i].name, d->breakdown.subject_leaf[i],
			                                         &d->breakdown.subjects[i]));
	if (d->breakdown.no_subject.total > 0)
		json_object_array_add(list, subject_stat(0, 0, "Uncategorized", true, &d->breakdown.no_subject));
	return list;
}

static struct json_object *difficulties_of(const struct admin_attempt *d)
{
	static const char *const names[] = {"uncategorized", "easy", "medium", "hard"};
	struct json_object *o = json_object_new_object();

	for (int k = DIFF_EASY; k <= DIFF_HARD + 1; k++) {
		int i = k > DIFF_HARD ? DIFF_NONE : k;
		struct json_object *c = json_object_new_object();

		add_counts(c, &d->breakdown.difficulty[i], true);
		add(c, "total_count", json_object_new_int64(d->breakdown.difficulty[i].total));
		add(o, names[i], c);
	}
	return o;
}

/* The attempt of the path for its course's staff; 403 a learner, 404. */
static enum inv_err load(struct req *r, struct engine_ctx *cx, struct admin_attempt *d)
{
	enum inv_err err = engine_admin_attempt(cx, req_param(r, "id")->num, r->arena, d);

	return err == INV_OK ? INV_OK : tp_fail(r, cx, err);
}

/* GET /api/v2.5/admin/attempts/{id}/: 200; 403 a learner; 404. */
static enum inv_err h_admin_attempt(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress-admin");
	struct admin_attempt d;
	struct json_object *o;
	struct user u = {0};
	enum inv_err err = load(r, &cx, &d);

	if (err != INV_OK)
		return err;
	if ((err = engine_user(&cx, d.ec, d.a.user_id, &u)) != INV_OK && err != INV_ENOTFOUND)
		return tp_fail(r, &cx, err);
	o = attempt_fields(r, &d.a, u.email, cx.now_ms, &d.clock);
	add(o, "username", json_object_new_string(d.a.username));
	add(o, "percentile", d.standing.have_rank ? json_object_new_double((double)d.standing.percentile_e4 / 10000.0)
	                                          : NULL);
	add(o, "rank", d.standing.have_rank ? json_object_new_int64(d.standing.rank) : NULL);
	add(o, "result", json_object_new_string(tp_admin_result(d.ec, &d.a)));
	add(o, "sections", sections_of(&d));
	add(o, "subject_stats", subjects_of(&d));
	add(o, "difficulty_level_stats", difficulties_of(&d));
	return resp_json(w, 200, o);
}

/* --- its answers (v3) ------------------------------------------------------------- */

static const char *type_name(enum question_type t)
{
	switch (t) {
	case QT_SINGLE: return "MCQ, Single Correct";
	case QT_MULTIPLE: return "MCQ, Multiple Correct";
	case QT_TRUE_FALSE: return "True or False";
	case QT_NUMERIC: return "Numerical";
	case QT_SHORT_TEXT: return "Short Answer";
	default: return "Essay";
	}
}

static const char *answer_result(enum answer_result res)
{
	static const char *const names[] = {"Unanswered", "Correct", "Incorrect", "Partially Correct", "Pending"};

	return (unsigned)res < sizeof(names) / sizeof(names[0]) ? names[res] : "Unanswered";
}

static struct json_object *user_answer(const struct answer *a)
{
	struct json_object *o = json_object_new_object(), *sel = json_object_new_array();
	char buf[32];

	for (size_t k = 0; k < a->nselected; k++)
		json_object_array_add(sel, json_object_new_int64(a->selected[k]));
	add(o, "id", json_object_new_int64(a->id));
	add(o, "exam_question_id", json_object_new_int64(a->eq_id));
	add(o, "selected_answers", sel);
	add(o, "short_text", a->text && a->nselected == 0 ? json_object_new_string(a->text) : NULL);
	add(o, "result", json_object_new_string(answer_result(a->result)));
	add(o, "marks", a->has_marks ? json_object_new_string(fmt_e4(a->marks_e4, 2, buf, sizeof(buf))) : NULL);
	add(o, "duration", json_object_new_int64(a->time_spent_ms / 1000));
	add(o, "review", json_object_new_boolean(a->review));
	add(o, "guessed", NULL); /* invigil does not ask */
	return o;
}

static struct json_object *exam_question_json(const struct exam_content *ec, size_t i)
{
	static const char *const diffs[] = {NULL, "easy", "medium", "hard"};
	const struct ex_question *q = &ec->questions[i];
	struct json_object *o = json_object_new_object(), *answers = json_object_new_array();
	char buf[32];

	for (size_t k = 0; question_takes_options(q->type) && k < q->noptions; k++) {
		struct json_object *a = json_object_new_object();

		add(a, "id", json_object_new_int64(q->options[k].id));
		add(a, "text_html", json_object_new_string(q->options[k].text ? q->options[k].text : ""));
		add(a, "is_correct", json_object_new_boolean(q->options[k].correct));
		json_object_array_add(answers, a);
	}
	add(o, "id", json_object_new_int64(q->eq_id));
	add(o, "question_id", json_object_new_int64(q->question_id));
	add(o, "section_id", q->section_id > 0 ? json_object_new_int64(q->section_id) : NULL);
	add(o, "question_html", json_object_new_string(q->html ? q->html : ""));
	add(o, "type", json_object_new_string(type_name(q->type)));
	add(o, "marks", json_object_new_string(fmt_e4(q->marks_e4, 2, buf, sizeof(buf))));
	add(o, "negative_marks", json_object_new_string(fmt_e4(q->negative_e4, 2, buf, sizeof(buf))));
	add(o, "partial_marks", q->partial ? json_object_new_boolean(true) : NULL);
	add(o, "direction", q->direction ? json_object_new_string(q->direction) : NULL);
	add(o, "answers", answers);
	add(o, "difficulty_level", q->difficulty > DIFF_NONE && q->difficulty <= DIFF_HARD
	    ? json_object_new_string(diffs[q->difficulty]) : NULL);
	add(o, "order", json_object_new_int64((int64_t)i));
	add(o, "is_bonus", json_object_new_boolean(q->bonus));
	add(o, "exam_id", json_object_new_int64(ec->exam.id));
	return o;
}

/* GET /api/v3/admin/attempts/{id}/user_answers/: 200 one page of every
 * answer and the exam's questions; 403 a learner; 404. */
static enum inv_err h_admin_user_answers(struct req *r, struct resp *w)
{
	struct engine_ctx cx = api_engine_ctx(r, "testpress-admin");
	struct admin_attempt d;
	struct json_object *results, *ua, *eq;
	enum inv_err err = load(r, &cx, &d);

	if (err != INV_OK)
		return err;
	ua = json_object_new_array();
	eq = json_object_new_array();
	for (size_t i = 0; i < d.n; i++)
		json_object_array_add(ua, user_answer(&d.answers[i]));
	for (size_t i = 0; i < d.ec->nquestions; i++)
		json_object_array_add(eq, exam_question_json(d.ec, i));
	results = json_object_new_object();
	add(results, "user_answers", ua);
	add(results, "exam_questions", eq);
	/* one page holds them all (an exam has at most EXAM_QUESTIONS_MAX) */
	return resp_json(w, 200, view_testpress_page(r, (int64_t)d.n, 1, d.n > 0 ? (int64_t)d.n : 1, results));
}

static const struct route routes[] = {
	{"GET", "/admin/chapter-content-attempts", h_admin_content_attempts, WHO_USER, RB_FORBIDDEN},
	{"GET", "/admin/attempts/{id:int}/video-conference", h_admin_video_conference, WHO_USER, RB_FORBIDDEN},
	{"GET", "/admin/attempts", h_admin_attempts, WHO_USER, RB_FORBIDDEN},
	{"GET", "/admin/attempts/{id:int}", h_admin_attempt, WHO_USER, RB_FORBIDDEN},
	{"GET", "/admin/attempts/{id:int}/user_answers", h_admin_user_answers, WHO_USER, RB_FORBIDDEN},
};

static const char *const prefixes[] = {"/api/v2.5", "/api/v3", NULL};

const struct face face_testpress_admin = {
	.name = "testpress-admin",
	.prefixes = prefixes,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.render_error = render_error_drf,
	.auth_challenge = "JWT realm=\"api\"",
};
