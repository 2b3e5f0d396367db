/* invigil — the Testpress learner attempt API v2.2: a thin adapter over
 * the engine (src/engine/).  docs/testpress.md lists the choices made here. */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/req.h"
#include "invigil/resp.h"

#define TP_PER_PAGE 20

static struct engine_ctx ctx_of(struct req *r)
{
	return api_engine_ctx(r, "testpress");
}

enum inv_err tp_fail(struct req *r, struct engine_ctx *cx, enum inv_err err)
{
	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
		return err;
	return req_fail(r, err, cx->field, "%s", cx->message ? cx->message : "Not found.");
}

static enum inv_err render_attempt(struct req *r, struct resp *w, struct engine_ctx *cx, const struct attempt *a,
                                   const struct exam_content *ec, int status)
{
	struct standing st;
	enum inv_err err = engine_standing(cx, ec, a->user_id, a, &st);

	if (err != INV_OK)
		return tp_fail(r, cx, err);
	return resp_json(w, status, view_testpress_attempt(r, a, ec, &st));
}

enum inv_err tp_page_number(struct req *r, int64_t *page)
{
	const char *s = req_query(r, "page");
	char *end;
	long long v;

	*page = 1;
	if (s == NULL || *s == '\0')
		return INV_OK;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 1 || v > 1000000)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	*page = v;
	return INV_OK;
}

/* The exam of the path; reads of an exam the caller may not take are 404
 * as DRF answers them, a create says why (403). */
static enum inv_err exam_by_slug(struct req *r, struct engine_ctx *cx, bool create, const struct exam_content **ec)
{
	struct membership m;
	enum inv_err err = engine_exam_by_slug(cx, req_param(r, "slug")->text, ec, &m);

	if (err == INV_EFORBIDDEN && !create)
		return req_fail(r, INV_ENOTFOUND, NULL, "Not found.");
	return err == INV_OK ? INV_OK : tp_fail(r, cx, err);
}

enum inv_err h_exam_get(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = ctx_of(r);
	struct standing st;
	enum inv_err err = exam_by_slug(r, &cx, false, &ec);

	if (err != INV_OK)
		return err;
	if ((err = engine_standing(&cx, ec, cx.user_id, NULL, &st)) != INV_OK)
		return tp_fail(r, &cx, err);
	return resp_json(w, 200, view_testpress_exam_full(r, ec, &st));
}

/* A page of the caller's attempts, filtered. */
static enum inv_err list_attempts(struct req *r, struct resp *w, int64_t exam_id)
{
	struct attempt_filter f = {0, exam_id, NULL, NULL};
	struct attempt rows[TP_PER_PAGE];
	struct engine_ctx cx = ctx_of(r);
	int64_t page, count;
	size_t n;
	struct json_object *results;
	const char *q = req_query(r, "q");
	enum inv_err err = tp_page_number(r, &page);

	if (err != INV_OK)
		return err;
	f.course = req_query(r, "course");
	if (f.course != NULL && *f.course == '\0')
		f.course = NULL;
	if (q != NULL && *q != '\0')
		f.title_like = req_like_pattern(r, q);
	if ((err = engine_attempt_list(&cx, &f, (page - 1) * TP_PER_PAGE, TP_PER_PAGE, rows, &n, &count)) != INV_OK)
		return tp_fail(r, &cx, err);
	if (page > 1 && (page - 1) * TP_PER_PAGE >= count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		const struct exam_content *ec;
		struct standing st;

		/* opening checks the rights again and ends an attempt whose time is over */
		if ((err = engine_open(&cx, rows[i].id, &rows[i], &ec)) != INV_OK ||
		    (err = engine_standing(&cx, ec, rows[i].user_id, &rows[i], &st)) != INV_OK) {
			json_object_put(results);
			return tp_fail(r, &cx, err);
		}
		json_object_array_add(results, view_testpress_attempt(r, &rows[i], ec, &st));
	}
	return resp_json(w, 200, view_testpress_page(r, count, page, TP_PER_PAGE, results));
}

enum inv_err h_attempts_list(struct req *r, struct resp *w)
{
	return list_attempts(r, w, 0);
}

enum inv_err h_exam_attempts(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = ctx_of(r);
	enum inv_err err = exam_by_slug(r, &cx, false, &ec);

	if (err != INV_OK)
		return err;
	return list_attempts(r, w, ec->exam.id);
}

enum inv_err h_exam_attempt_create(struct req *r, struct resp *w)
{
	const struct exam_content *ec;
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	struct standing st;
	enum inv_err err = exam_by_slug(r, &cx, true, &ec);

	if (err != INV_OK)
		return err;
	err = engine_create(&cx, ec, &a, &st);
	if (err != INV_OK && err != INV_CREATED)
		return tp_fail(r, &cx, err);
	/* a second create while one runs returns that one (200, not 201) */
	return resp_json(w, err == INV_CREATED ? 201 : 200, view_testpress_attempt(r, &a, ec, &st));
}

/* Opens the attempt of the path for its owner. */
static enum inv_err open_attempt(struct req *r, struct engine_ctx *cx, struct attempt *a,
                                 const struct exam_content **ec)
{
	enum inv_err err = engine_open(cx, req_param(r, "id")->num, a, ec);

	return err == INV_OK ? INV_OK : tp_fail(r, cx, err);
}

enum inv_err h_attempt_get(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	enum inv_err err = open_attempt(r, &cx, &a, &ec);

	return err != INV_OK ? err : render_attempt(r, w, &cx, &a, ec, 200);
}

typedef enum inv_err (*attempt_op)(struct engine_ctx *, struct attempt *, const struct exam_content *);

static enum inv_err run_op(struct req *r, struct resp *w, attempt_op op)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	enum inv_err err = open_attempt(r, &cx, &a, &ec);

	if (err != INV_OK)
		return err;
	if ((err = op(&cx, &a, ec)) != INV_OK)
		return tp_fail(r, &cx, err);
	return render_attempt(r, w, &cx, &a, ec, 200);
}

typedef enum inv_err (*attempt_op_id)(struct engine_ctx *, int64_t, struct attempt *, const struct exam_content **,
                                      struct standing *);

/* An operation that opens the attempt of the path itself (one read, not
 * two), and gives the standing with it. */
static enum inv_err run_op_id(struct req *r, struct resp *w, attempt_op_id op)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	struct standing st;
	enum inv_err err = op(&cx, req_param(r, "id")->num, &a, &ec, &st);

	if (err != INV_OK)
		return tp_fail(r, &cx, err);
	return resp_json(w, 200, view_testpress_attempt(r, &a, ec, &st));
}

enum inv_err h_attempt_start(struct req *r, struct resp *w) { return run_op(r, w, engine_start); }
enum inv_err h_attempt_heartbeat(struct req *r, struct resp *w) { return run_op_id(r, w, engine_heartbeat_id); }
enum inv_err h_attempt_end(struct req *r, struct resp *w) { return run_op_id(r, w, engine_end_id); }

/* One page of an attempt's answers (?page=), as both question lists show it. */
struct answer_page {
	struct answer rows[TP_PER_PAGE];
	size_t n;
	int64_t page, count;
};

static enum inv_err answer_page_load(struct req *r, struct engine_ctx *cx, const struct attempt *a,
                                     struct answer_page *p)
{
	enum inv_err err = tp_page_number(r, &p->page);

	if (err != INV_OK)
		return err;
	err = engine_answers(cx, a, (p->page - 1) * TP_PER_PAGE, TP_PER_PAGE, r->arena, p->rows, &p->n, &p->count);
	if (err != INV_OK)
		return tp_fail(r, cx, err);
	if (p->page > 1 && (p->page - 1) * TP_PER_PAGE >= p->count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	return INV_OK;
}

/* ?section=: the id of one of ec's sections, or 0 for all questions. */
static enum inv_err section_filter(struct req *r, const struct exam_content *ec, int64_t *section)
{
	*section = 0;
	if (req_query_int(r, "section", 1, INT64_MAX, section) < 0 ||
	    (*section > 0 && exam_section_index(ec, *section) < 0))
		return req_fail(r, INV_ENOTFOUND, NULL, "Not found.");
	return INV_OK;
}

/* A page of the questions of one section: all answers read, that section's kept. */
static enum inv_err section_page_load(struct req *r, struct engine_ctx *cx, const struct attempt *a,
                                      const struct exam_content *ec, int64_t section, struct answer_page *p)
{
	struct answer *all = arena_calloc(r->arena, EXAM_QUESTIONS_MAX, sizeof(*all));
	size_t n, skip;
	enum inv_err err = tp_page_number(r, &p->page);

	if (err != INV_OK)
		return err;
	if (all == NULL)
		return INV_EINTERNAL;
	if ((err = engine_answers(cx, a, 0, EXAM_QUESTIONS_MAX, r->arena, all, &n, NULL)) != INV_OK)
		return tp_fail(r, cx, err);
	p->n = 0;
	p->count = 0;
	skip = (size_t)((p->page - 1) * TP_PER_PAGE);
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, all[i].eq_id);

		if (q == NULL || q->section_id != section)
			continue;
		if ((size_t)p->count++ >= skip && p->n < TP_PER_PAGE)
			p->rows[p->n++] = all[i];
	}
	if (p->page > 1 && (p->page - 1) * TP_PER_PAGE >= p->count)
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	return INV_OK;
}

/* ?page= into *page (1 when bad), true when bad: the caller answers that
 * after the attempt's own refusals, so no error text is kept now. */
static bool bad_page_later(struct req *r, int64_t *page)
{
	bool bad = tp_page_number(r, page) != INV_OK;

	r->err_msg = NULL;
	r->err_field = NULL;
	return bad;
}

/* A page of all the questions of an attempt the pool knows, read with the
 * open's checks (engine_answers_known); *done false: take the full path. */
static enum inv_err known_page_load(struct req *r, struct engine_ctx *cx, struct attempt *a,
                                    const struct exam_content **ec, struct answer_page *p, bool *done)
{
	enum inv_err err;

	*done = false;
	if (req_query(r, "section") != NULL || bad_page_later(r, &p->page))
		return INV_OK; /* the full path says so, after the attempt's own refusals */
	err = engine_answers_known(cx, req_param(r, "id")->num, (p->page - 1) * TP_PER_PAGE, TP_PER_PAGE, r->arena, a,
	                           ec, p->rows, &p->n, &p->count, done);
	return err == INV_OK ? INV_OK : tp_fail(r, cx, err);
}

/* A page of the questions, the attempt opened first (every case). */
static enum inv_err open_page_load(struct req *r, struct engine_ctx *cx, struct attempt *a,
                                   const struct exam_content **ec, struct answer_page *p)
{
	int64_t section;
	enum inv_err err = open_attempt(r, cx, a, ec);

	if (err != INV_OK)
		return err;
	if (a->state == AS_COMPLETED)
		return req_fail(r, INV_EINVAL, NULL, "This attempt has ended: use the review instead.");
	if ((err = section_filter(r, *ec, &section)) != INV_OK)
		return err;
	return section > 0 ? section_page_load(r, cx, a, *ec, section, p) : answer_page_load(r, cx, a, p);
}

enum inv_err h_attempt_questions(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	struct answer_page p;
	struct json_object *results;
	bool known;
	enum inv_err err = known_page_load(r, &cx, &a, &ec, &p, &known);

	if (err == INV_OK && !known)
		err = open_page_load(r, &cx, &a, &ec, &p);
	if (err != INV_OK)
		return err;
	if ((results = tp_items_node(r, &a, ec, p.rows, p.n)) == NULL)
		return INV_EINTERNAL;
	return resp_json(w, 200, view_testpress_page(r, p.count, p.page, TP_PER_PAGE, results));
}

/* PATCH …/sections/{sec}/start/ and …/end/: a section starts and ends with
 * the attempt's clock (its time used), so either call is a heartbeat that
 * answers the section as it now stands. */
enum inv_err h_attempt_section(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	int i;
	enum inv_err err = open_attempt(r, &cx, &a, &ec);

	if (err != INV_OK)
		return err;
	if ((i = exam_section_index(ec, req_param(r, "sec")->num)) < 0)
		return req_fail(r, INV_ENOTFOUND, NULL, "Not found.");
	if (a.state == AS_RUNNING && (err = engine_heartbeat(&cx, &a, ec)) != INV_OK)
		return tp_fail(r, &cx, err);
	return resp_json(w, 200, view_testpress_section(r, &a, ec, (size_t)i));
}

/* One option id of selected_answers: a number, or a numeric string from a form. */
static enum inv_err read_option_id(struct req *r, struct json_object *x, struct answer_input *in)
{
	int64_t id;
	char *end = NULL;

	if (json_object_is_type(x, json_type_int))
		id = json_object_get_int64(x);
	else if (r->body_kind == BODY_FORM && json_object_is_type(x, json_type_string))
		id = strtoll(json_object_get_string(x), &end, 10);
	else
		return req_fail(r, INV_EINVAL, "selected_answers", "A valid integer is required.");
	if ((end != NULL && *end != '\0') || id < 1 || id == INT64_MAX)
		return req_fail(r, INV_EINVAL, "selected_answers", "Invalid pk \"%s\" - object does not exist.",
		                json_object_get_string(x));
	in->selected[in->nselected++] = id;
	return INV_OK;
}

/* selected_answers: a list of option ids (a single id from a form).  The
 * request's tree is read, never changed. */
static enum inv_err read_selected(struct req *r, struct answer_input *in)
{
	struct json_object *v = NULL;
	enum inv_err err;

	if (r->json == NULL || !json_object_object_get_ex(r->json, "selected_answers", &v))
		return INV_OK;
	in->has_selected = true;
	if (v == NULL)
		return INV_OK; /* null clears the choice */
	if (r->body_kind == BODY_FORM && json_object_is_type(v, json_type_string))
		return read_option_id(r, v, in);
	if (!json_object_is_type(v, json_type_array))
		return req_fail(r, INV_EINVAL, "selected_answers", "Expected a list of items but got type \"%s\".",
		                json_type_to_name(json_object_get_type(v)));
	if (json_object_array_length(v) > ANSWER_MAX_SELECTED)
		return req_fail(r, INV_EINVAL, "selected_answers", "Too many options selected.");
	for (size_t i = 0; i < json_object_array_length(v); i++)
		if ((err = read_option_id(r, json_object_array_get_idx(v, i), in)) != INV_OK)
			return err;
	return INV_OK;
}

static enum inv_err read_text(struct req *r, const char *key, struct answer_input *in)
{
	const char *s = NULL;
	int rc;

	if (r->json == NULL || !json_object_object_get_ex(r->json, key, NULL))
		return INV_OK;
	rc = body_str(r, r->json, key, &s);
	if (rc < 0)
		return INV_EINVAL;
	if (s != NULL && strlen(s) > 65535)
		return req_fail(r, INV_EINVAL, key, "Ensure this field has no more than 65535 characters.");
	if (in->has_text && s != NULL)
		return req_fail(r, INV_EINVAL, key, "Send short_text or essay_text, not both.");
	if (s != NULL || !in->has_text) {
		in->has_text = true;
		in->text = s;
	}
	return INV_OK;
}

static enum inv_err read_input(struct req *r, struct answer_input *in)
{
	enum inv_err err;
	int rc;

	memset(in, 0, sizeof(*in));
	if (r->json != NULL && !json_object_is_type(r->json, json_type_object))
		return req_fail(r, INV_EINVAL, "non_field_errors", "Invalid data. Expected a dictionary.");
	if ((err = read_selected(r, in)) != INV_OK || (err = read_text(r, "short_text", in)) != INV_OK ||
	    (err = read_text(r, "essay_text", in)) != INV_OK)
		return err;
	if (r->json != NULL && json_object_object_get_ex(r->json, "review", NULL)) {
		struct json_object *v = NULL;

		json_object_object_get_ex(r->json, "review", &v);
		if (v == NULL) {
			in->has_review = true; /* null: not flagged */
		} else if ((rc = body_bool(r, r->json, "review", &in->review)) < 0) {
			return INV_EINVAL;
		} else {
			in->has_review = rc == 1;
		}
	}
	if (!in->has_selected && !in->has_text && !in->has_review)
		return req_fail(r, INV_EINVAL, "non_field_errors",
		                "Send selected_answers, short_text, essay_text or review.");
	in->payload = r->body;
	return INV_OK;
}

/* The machine code of a refusal to save, for the SDK's TestpressError. */
static const char *save_error_code(enum refusal why)
{
	switch (why) {
	case REF_IP_DENIED: return "ip_address_denied";
	case REF_ACCESS_CODE: return "invalid_access_code";
	case REF_NOT_OWNER: return "permission_denied";
	default: return "forbidden";
	}
}

/* A save refused with 403 carries {"detail": {"error_code", "message"}}: the
 * Android SDK reads a save's 403 as its TestpressError and crashes on a
 * string detail (docs/testpress.md, "Clients"). */
static enum inv_err save_fail(struct req *r, struct engine_ctx *cx, enum inv_err err)
{
	if (err == INV_EFORBIDDEN)
		r->err_code = save_error_code(cx->reason);
	return tp_fail(r, cx, err);
}

enum inv_err h_attempt_answer(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	struct answer_input in;
	struct answer cur, saved;
	const struct ex_question *q;
	enum inv_err err = read_input(r, &in);
	bool done;

	if (err != INV_OK)
		return err;
	/* one statement, when this worker knows the attempt */
	err = engine_save_known(&cx, req_param(r, "id")->num, req_param(r, "aq")->num, &in, r->arena, &a, &ec, &saved,
	                        &done);
	if (err != INV_OK)
		return save_fail(r, &cx, err);
	if (done)
		return resp_json(w, 200, view_testpress_item(r, &a, ec, &saved));
	/* else one read: the answer, its attempt and owner; the question from the cache */
	err = engine_open_answer(&cx, req_param(r, "id")->num, req_param(r, "aq")->num, r->arena, &a, &ec, &cur);
	if (err != INV_OK)
		return save_fail(r, &cx, err);
	if (a.state == AS_COMPLETED)
		return req_fail(r, INV_EINVAL, NULL, "%s", cx.timed_out
		                ? "Time is up: the attempt has ended with the answers saved before."
		                : "This attempt has ended: answers can no longer change.");
	if ((q = exam_question(ec, cur.eq_id)) == NULL)
		return req_fail(r, INV_ENOTFOUND, NULL, "Not found.");
	if ((err = engine_check_input(&cx, q, &in)) != INV_OK)
		return tp_fail(r, &cx, err);
	err = engine_save(&cx, &a, ec, &cur, &in, &saved);
	if (err != INV_OK)
		return save_fail(r, &cx, err);
	return resp_json(w, 200, view_testpress_item(r, &a, ec, &saved));
}

static enum inv_err open_completed(struct req *r, struct engine_ctx *cx, struct attempt *a,
                                   const struct exam_content **ec)
{
	enum inv_err err = engine_open_ended(cx, req_param(r, "id")->num, a, ec);

	return err == INV_OK ? INV_OK : tp_fail(r, cx, err);
}

enum inv_err h_attempt_review(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	struct answer_page p;
	struct question_stat st[TP_PER_PAGE];
	struct review_rights rights;
	struct json_object *results;
	bool bad_page = bad_page_later(r, &p.page);
	enum inv_err err = engine_review_open(&cx, req_param(r, "id")->num, (p.page - 1) * TP_PER_PAGE, TP_PER_PAGE, r->arena, &a, &ec,
	                         p.rows, st, &p.n, &p.count);
	if (err != INV_OK || (err = engine_review_rights(&cx, ec, &a, &rights)) != INV_OK)
		return tp_fail(r, &cx, err);
	if (bad_page || (p.page > 1 && (p.page - 1) * TP_PER_PAGE >= p.count))
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	if ((results = tp_review_items_node(r, &a, ec, p.rows, st, p.n, &rights)) == NULL)
		return INV_EINTERNAL;
	return resp_json(w, 200, view_testpress_page(r, p.count, p.page, TP_PER_PAGE, results));
}

enum inv_err h_attempt_review_subjects(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct attempt a;
	const struct exam_content *ec;
	struct subject_total *t;
	enum inv_err err = open_completed(r, &cx, &a, &ec);

	if (err != INV_OK)
		return err;
	if ((t = arena_calloc(r->arena, ec->nsubjects + 1, sizeof(*t))) == NULL)
		return INV_EINTERNAL;
	if ((err = engine_subject_totals(&cx, &a, ec, t)) != INV_OK)
		return tp_fail(r, &cx, err);
	return tp_subject_page(r, w, t, ec->nsubjects);
}

enum inv_err h_analytics(struct req *r, struct resp *w)
{
	struct engine_ctx cx = ctx_of(r);
	struct subject_total *t;
	size_t n;
	enum inv_err err = engine_user_subject_totals(&cx, r->arena, &t, &n);

	if (err != INV_OK)
		return tp_fail(r, &cx, err);
	return tp_subject_page(r, w, t, n);
}
