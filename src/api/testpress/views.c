/* invigil — Testpress JSON views: pure functions of model structs. */
#include "config.h"

#include <json-c/json.h>
#include <json-c/printbuf.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/model.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* Adds member key (a string literal: the object keeps the pointer, not a
 * copy; a page adds some 20 members an item, each a strdup and a free
 * otherwise) with value v to o.  KEY_IS_CONSTANT, json-c 0.13's name,
 * which 0.16 renamed ADD_CONSTANT_KEY and keeps as an alias. */
#define ADD(o, key, v) json_object_object_add_ex((o), "" key, (v), JSON_C_OBJECT_KEY_IS_CONSTANT)

struct json_object *tp_str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *time_or_null(bool has, int64_t ms)
{
	char buf[40];

	return has ? json_object_new_string(fmt_iso8601_ms(ms, buf, sizeof(buf))) : NULL;
}

/* An exam date as Testpress sends it ("…T12:37:11+00:00"): the SDK's
 * yyyy-MM-dd'T'HH:mm:ssZ takes no milliseconds. */
static struct json_object *exam_date(bool has, int64_t ms)
{
	char buf[40];

	return has ? json_object_new_string(fmt_iso8601_offset(ms, buf, sizeof(buf))) : NULL;
}

struct json_object *tp_decimal2(int64_t e4)
{
	char buf[32];

	return json_object_new_string(fmt_e4(e4, 2, buf, sizeof(buf)));
}

static int write_text(struct json_object *o, struct printbuf *pb, int level, int flags)
{
	const char *text = json_object_get_userdata(o);

	(void)level;
	(void)flags;
	return printbuf_memappend(pb, text, (int)strlen(text));
}

struct json_object *tp_text_node(char *text, void (*release)(struct json_object *, void *))
{
	struct json_object *node = json_object_new_object();

	if (node == NULL) {
		if (release != NULL)
			release(NULL, text);
		return NULL;
	}
	json_object_set_serializer(node, write_text, text, release);
	return node;
}

struct json_object *view_testpress_exam(struct req *r, const struct exam *e)
{
	struct json_object *o = json_object_new_object();
	char buf[64];

	ADD(o, "url", json_object_new_string(
		arena_printf(r->arena, "%s/api/v2.2/exams/%s/", r->base_url, e->slug)));
	ADD(o, "id", json_object_new_int64(e->id));
	ADD(o, "title", json_object_new_string(e->title ? e->title : ""));
	ADD(o, "description", json_object_new_string(e->description ? e->description : ""));
	ADD(o, "course", tp_str_or_null(e->course_title));
	ADD(o, "start_date", exam_date(e->has_start, e->start_ms));
	ADD(o, "end_date", exam_date(e->has_end, e->end_ms));
	/* no time limit: null (Testpress also reads "0:00:00" that way) */
	ADD(o, "duration", e->duration_s > 0
		? json_object_new_string(fmt_timedelta(e->duration_s, buf, sizeof(buf))) : NULL);
	ADD(o, "number_of_questions", json_object_new_int64(e->question_count));
	ADD(o, "negative_marks", tp_decimal2(e->negative_marks_e4));
	ADD(o, "mark_per_question", tp_decimal2(e->mark_per_question_e4));
	ADD(o, "template_type", json_object_new_int64(e->template_type));
	ADD(o, "allow_retake", json_object_new_boolean(e->allow_retake));
	/* DECISIONS 17: max_retakes = max_attempts - 1, -1 for unlimited */
	ADD(o, "max_retakes", json_object_new_int64(
		engine_allowed_attempts(e) < 0 ? -1 : engine_allowed_attempts(e) - 1));
	ADD(o, "enable_ranks", json_object_new_boolean(e->enable_ranks));
	ADD(o, "rank_publishing_date", exam_date(e->has_rank_publishing, e->rank_publishing_ms));
	/* invigil mails no PDFs: true would offer the SDK's "email PDF", whose
	 * PUT {attempt}pdf/ is not served */
	ADD(o, "allow_pdf", json_object_new_boolean(0));
	ADD(o, "allow_question_pdf", json_object_new_boolean(0));
	ADD(o, "created", time_or_null(true, e->created_ms));
	ADD(o, "slug", json_object_new_string(e->slug));
	ADD(o, "variable_mark_per_question", json_object_new_boolean(e->variable_marks));
	ADD(o, "show_answers", json_object_new_boolean(e->show_answers));
	ADD(o, "attempts_url", json_object_new_string(
		arena_printf(r->arena, "%s/api/v2.2/exams/%s/attempts/", r->base_url, e->slug)));
	ADD(o, "pass_percentage", e->passing_score >= 0 ? json_object_new_int64(e->passing_score) : NULL);
	/* read by the Android SDK on every exam it lists or reports on: "web"
	 * would forbid its retakes, and invigil takes attempts anywhere */
	ADD(o, "device_access_control", json_object_new_string("both"));
	ADD(o, "comments_count", json_object_new_int(0));
	/* the report's subject-analytics button: review/subjects/ and analytics/ are served */
	ADD(o, "show_analytics", json_object_new_boolean(1));
	return o;
}

/* The page URL for page n, keeping every other query parameter. */
static struct json_object *page_url(struct req *r, int64_t n)
{
	char *url = arena_printf(r->arena, "%s%s", r->base_url, r->path);
	bool first = true;

	if (url != NULL && url[strlen(url) - 1] != '/')
		url = arena_printf(r->arena, "%s/", url);
	for (size_t i = 0; i < r->nquery && url != NULL; i++) {
		if (strcmp(r->query[i].key, "page") == 0)
			continue;
		url = arena_printf(r->arena, "%s%c%s=%s", url, first ? '?' : '&',
		                   req_escape(r, r->query[i].key), req_escape(r, r->query[i].value));
		first = false;
	}
	if (url != NULL && n > 1)
		url = arena_printf(r->arena, "%s%cpage=%lld", url, first ? '?' : '&', (long long)n);
	return url ? json_object_new_string(url) : NULL;
}

struct json_object *view_testpress_page(struct req *r, int64_t count, int64_t page, int64_t per_page,
                                        struct json_object *results)
{
	struct json_object *o = json_object_new_object();
	int64_t last = count == 0 ? 1 : (count + per_page - 1) / per_page;

	ADD(o, "count", json_object_new_int64(count));
	ADD(o, "next", page < last ? page_url(r, page + 1) : NULL);
	ADD(o, "previous", page > 1 ? page_url(r, page - 1) : NULL);
	ADD(o, "per_page", json_object_new_int64(per_page));
	ADD(o, "results", results);
	return o;
}

/* --- exams and attempts with their per-user facts ------------------------- */

static struct json_object *int_or_na(bool have, int64_t v)
{
	return have ? json_object_new_int64(v) : json_object_new_string("NA");
}

/* percent as a number with at most two decimals (83.64) */
static struct json_object *percent_number(int64_t e4)
{
	return json_object_new_double((double)((e4 + (e4 >= 0 ? 50 : -50)) / 100) / 100.0);
}

struct json_object *tp_exam_shared(struct req *r, const struct exam_content *ec)
{
	struct json_object *o = view_testpress_exam(r, &ec->exam), *secs = json_object_new_array();
	char buf[64];

	ADD(o, "total_marks", tp_decimal2(ec->max_score_e4));
	ADD(o, "show_score", json_object_new_boolean(1));
	ADD(o, "show_percentile", json_object_new_boolean(1));
	ADD(o, "immediate_feedback", json_object_new_boolean(0));
	ADD(o, "allow_preemptive_section_ending", json_object_new_boolean(0));
	ADD(o, "categories", json_object_new_array());
	ADD(o, "languages", json_object_new_array());
	for (size_t i = 0; i < ec->nsections; i++) {
		struct json_object *sct = json_object_new_object();

		ADD(sct, "order", json_object_new_int64((int64_t)i));
		ADD(sct, "name", json_object_new_string(ec->sections[i].title ? ec->sections[i].title : ""));
		ADD(sct, "duration", ec->sections[i].duration_s > 0
			? json_object_new_string(fmt_timedelta(ec->sections[i].duration_s, buf, sizeof(buf))) : NULL);
		ADD(sct, "cut_off", json_object_new_int(0));
		json_object_array_add(secs, sct);
	}
	ADD(o, "sections", secs);
	return o;
}

/* Every attempt response embeds its exam: its shared members are written
 * once per exam version (tp_exam_head), and each response adds the
 * learner's two counts to that text, where building the object was about
 * a tenth of the worker's time on an end.  Without the memo's text (another
 * base URL, out of memory) the object is built as before; the members are
 * the same either way, in another order (tests/unit/t_tp_exam.c). */
struct json_object *view_testpress_exam_full(struct req *r, const struct exam_content *ec,
                                             const struct standing *uf)
{
	long long count = uf ? uf->attempts_count : 0, paused = uf ? uf->paused : 0;
	const char *head = tp_exam_head(r, ec);
	struct json_object *o;
	char *text;

	if (head != NULL && (text = arena_printf(r->arena, "%s,\"attempts_count\":%lld,\"paused_attempts_count\":%lld}",
	                                         head, count, paused)) != NULL && (o = tp_text_node(text, NULL)) != NULL)
		return o;
	o = tp_exam_shared(r, ec);
	ADD(o, "attempts_count", json_object_new_int64(count));
	ADD(o, "paused_attempts_count", json_object_new_int64(paused));
	return o;
}

/* The attempt's owner as the seed's create response shows it. */
static struct json_object *view_user(struct req *r, const struct attempt *a)
{
	struct json_object *u = json_object_new_object();
	const char *name = a->display_name[0] ? a->display_name : a->username;

	ADD(u, "id", json_object_new_int64(a->user_id));
	ADD(u, "url", json_object_new_string(
		arena_printf(r->arena, "%s/api/v2.2/users/%lld/", r->base_url, (long long)a->user_id)));
	ADD(u, "username", json_object_new_string(a->username));
	ADD(u, "display_name", json_object_new_string(name));
	ADD(u, "first_name", json_object_new_string(name));
	ADD(u, "last_name", json_object_new_string(""));
	ADD(u, "photo", json_object_new_string(""));
	return u;
}

static const char *state_text(enum attempt_state s)
{
	return s == AS_COMPLETED ? "Completed" : s == AS_RUNNING ? "Running" : "Not Started";
}

/* Section i of attempt a as the clock clk places it: each runs for its
 * duration, in order. */
static struct json_object *section_object(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                          const struct attempt_clock *clk, size_t i)
{
	const struct ex_section *s = &ec->sections[i];
	struct json_object *o = json_object_new_object();
	int64_t dur = s->duration_s * 1000, start = 0, left;
	int running = clk->section;
	const char *state, *base = arena_printf(r->arena, "%s/api/v2.2/attempts/%lld/", r->base_url, (long long)a->id);
	char buf[64];

	for (size_t k = 0; k < i; k++)
		start += ec->sections[k].duration_s * 1000;
	if (a->state == AS_COMPLETED || running > (int)i)
		state = "Completed";
	else if (running == (int)i || running < 0)
		state = a->state == AS_RUNNING ? "Running" : "Not Started";
	else
		state = "Not Started";
	left = dur > 0 ? dur - (clk->used_ms - start) : 0;
	if (left > dur)
		left = dur;
	if (left < 0 || strcmp(state, "Completed") == 0)
		left = 0;
	ADD(o, "id", json_object_new_int64(s->id));
	ADD(o, "attempt_section_id", json_object_new_int64(s->id));
	ADD(o, "state", json_object_new_string(state));
	/* each section lists its own questions; the SDK pages through them */
	ADD(o, "questions_url", json_object_new_string(
		arena_printf(r->arena, "%squestions/?section=%lld", base, (long long)s->id)));
	ADD(o, "start_url", json_object_new_string(
		arena_printf(r->arena, "%ssections/%lld/start/", base, (long long)s->id)));
	ADD(o, "end_url", json_object_new_string(
		arena_printf(r->arena, "%ssections/%lld/end/", base, (long long)s->id)));
	ADD(o, "remaining_time", dur > 0
		? json_object_new_string(fmt_hms(left / 1000, buf, sizeof(buf))) : NULL);
	ADD(o, "name", json_object_new_string(s->title ? s->title : ""));
	ADD(o, "duration", dur > 0
		? json_object_new_string(fmt_timedelta(s->duration_s, buf, sizeof(buf))) : NULL);
	ADD(o, "order", json_object_new_int64((int64_t)i));
	ADD(o, "instructions", json_object_new_string(""));
	ADD(o, "attempt_id", json_object_new_int64(a->id));
	return o;
}

struct json_object *view_testpress_section(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                           size_t i)
{
	struct attempt_clock clk;

	engine_clock(ec, a, now_ms(), &clk);
	return section_object(r, a, ec, &clk, i);
}

static struct json_object *attempt_sections(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                            const struct attempt_clock *clk)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < ec->nsections; i++)
		json_object_array_add(arr, section_object(r, a, ec, clk, i));
	return arr;
}

struct json_object *view_testpress_attempt(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                           const struct standing *uf)
{
	struct json_object *o = json_object_new_object();
	struct attempt_clock clk;
	int64_t left, used;
	char buf[64];
	const char *base = arena_printf(r->arena, "%s/api/v2.2/attempts/%lld/", r->base_url, (long long)a->id);
	bool done = a->state == AS_COMPLETED && a->graded;

	engine_clock(ec, a, now_ms(), &clk);
	left = clk.remaining_ms;
	used = clk.used_ms;

	ADD(o, "url", json_object_new_string(base));
	ADD(o, "id", json_object_new_int64(a->id));
	ADD(o, "exam", view_testpress_exam_full(r, ec, uf));
	ADD(o, "exam_url", json_object_new_string(arena_printf(
		r->arena, "%s/api/v2.2/exams/%s/", r->base_url, ec->exam.slug)));
	ADD(o, "user", view_user(r, a));
	ADD(o, "date", time_or_null(true, a->created_ms));
	ADD(o, "total_questions", json_object_new_int64((int64_t)ec->nquestions));
	ADD(o, "score", tp_decimal2(done ? a->score_e4 : 0));
	ADD(o, "review_url", json_object_new_string(arena_printf(r->arena, "%sreview/", base)));
	ADD(o, "questions_url", json_object_new_string(arena_printf(r->arena, "%squestions/", base)));
	ADD(o, "percentile", uf && uf->have_rank ? percent_number(uf->percentile_e4)
	                                                           : json_object_new_int(0));
	ADD(o, "correct_count", json_object_new_int64(a->correct));
	ADD(o, "incorrect_count", json_object_new_int64(a->incorrect));
	ADD(o, "last_started_time", time_or_null(a->last_started_ms > 0, a->last_started_ms));
	/* no limit: null, never "0:00:00" (the Android client ends the attempt on that) */
	ADD(o, "remaining_time", left == INT64_MAX ? NULL
		: json_object_new_string(fmt_hms(a->state == AS_COMPLETED ? 0 : left / 1000, buf, sizeof(buf))));
	ADD(o, "time_taken", json_object_new_string(fmt_timedelta(used / 1000, buf, sizeof(buf))));
	ADD(o, "state", json_object_new_string(state_text(a->state)));
	ADD(o, "rank", int_or_na(uf && uf->have_rank, uf ? uf->rank : 0));
	ADD(o, "max_rank", int_or_na(uf && uf->have_rank, uf ? uf->max_rank : 0));
	/* whole percent, rounded down, as the seed prints it ("12") */
	ADD(o, "percentage", json_object_new_string(
		arena_printf(r->arena, "%lld", (long long)(done ? a->percentage_e4 / 10000 : 0))));
	ADD(o, "unanswered_count", json_object_new_int64(a->state == AS_COMPLETED ? a->unanswered
	                                                                   : (int64_t)ec->nquestions));
	ADD(o, "commented_questions_count", json_object_new_int(0));
	ADD(o, "comments_count", json_object_new_int(0));
	ADD(o, "allow_retake", json_object_new_boolean(ec->exam.allow_retake));
	ADD(o, "remaining_attempts", uf && uf->remaining >= 0 ? json_object_new_int64(uf->remaining) : NULL);
	{
		int64_t bonus = 0;

		for (size_t i = 0; i < ec->nquestions; i++)
			bonus += ec->questions[i].bonus;
		ADD(o, "total_bonus", json_object_new_int64(bonus));
	}
	ADD(o, "rank_enabled", json_object_new_boolean(ec->exam.enable_ranks));
	ADD(o, "sections", attempt_sections(r, a, ec, &clk));
	ADD(o, "speed", json_object_new_int64(done ? engine_speed(a) : 0));
	ADD(o, "accuracy", json_object_new_int64(done ? engine_accuracy(a) : 0));
	ADD(o, "review_pdf_url", json_object_new_string(""));
	ADD(o, "review_pdf", NULL); /* the key the Android SDK reads */
	ADD(o, "last_viewed_question_id", NULL);
	ADD(o, "external_review_url", NULL);
	ADD(o, "attempt_type", json_object_new_int(0));
	ADD(o, "result", a->state == AS_COMPLETED && a->pending > 0
		? json_object_new_string("provisional") : NULL);
	ADD(o, "institute_attempt_id", NULL);
	return o;
}

/* --- questions, answers and review ----------------------------------------- */

static struct json_object *selected_list(const struct answer *ans)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < ans->nselected; i++)
		json_object_array_add(arr, json_object_new_int64(ans->selected[i]));
	return arr;
}

static void add_texts(struct json_object *o, const struct ex_question *q, const struct answer *ans)
{
	ADD(o, "short_text", (q->type == QT_SHORT_TEXT || q->type == QT_NUMERIC) ? tp_str_or_null(ans->text) : NULL);
	ADD(o, "essay_text", q->type == QT_ESSAY ? tp_str_or_null(ans->text) : NULL);
	ADD(o, "essay_topic", NULL);
}

struct json_object *view_testpress_item(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                        const struct answer *ans)
{
	const struct ex_question *q = exam_question(ec, ans->eq_id);
	struct json_object *o = json_object_new_object();
	char buf[64];

	ADD(o, "id", json_object_new_int64(ans->id));
	ADD(o, "url", json_object_new_string(arena_printf(
		r->arena, "%s/api/v2.2/attempts/%lld/questions/%lld/", r->base_url, (long long)a->id, (long long)ans->id)));
	ADD(o, "order", json_object_new_int64(ans->position));
	ADD(o, "question", q ? tp_question_json(r, ec, q, false, false) : NULL);
	ADD(o, "duration", ans->time_spent_ms > 0
		? json_object_new_string(fmt_timedelta(ans->time_spent_ms / 1000, buf, sizeof(buf))) : NULL);
	ADD(o, "selected_answers", selected_list(ans));
	if (q)
		add_texts(o, q, ans);
	ADD(o, "review", ans->review ? json_object_new_boolean(1) : NULL);
	ADD(o, "files", json_object_new_array());
	/* the SDK's AttemptItem.attempt_section is an AttemptSection object */
	if (q != NULL && q->section_id > 0) {
		int i = exam_section_index(ec, q->section_id);

		ADD(o, "attempt_section", i >= 0 ? view_testpress_section(r, a, ec, (size_t)i) : NULL);
	}
	return o;
}

static struct json_object *seconds2(int64_t ms)
{
	return json_object_new_double((double)(ms / 10) / 100.0);
}

struct json_object *view_testpress_review_item(struct req *r, const struct attempt *a,
                                               const struct exam_content *ec, const struct answer *ans,
                                               const struct question_stat *st, const struct review_rights *rights)
{
	const struct ex_question *q = exam_question(ec, ans->eq_id);
	struct json_object *o = json_object_new_object();

	ADD(o, "id", json_object_new_int64(ans->id));
	ADD(o, "url", json_object_new_string(arena_printf(
		r->arena, "%s/api/v2.2/attempts/%lld/review/%lld/", r->base_url, (long long)a->id, (long long)ans->id)));
	ADD(o, "order", json_object_new_int64(ans->position));
	ADD(o, "question", q ? tp_question_json(r, ec, q, true, rights->key) : NULL);
	ADD(o, "duration", ans->time_spent_ms > 0 ? seconds2(ans->time_spent_ms)
	                                                              : json_object_new_string("NA"));
	/* the fastest right answer and the share of right answers tell a learner
	 * whether theirs was right: null (the SDK allows it) while results are hidden */
	ADD(o, "best_duration", !rights->results ? NULL
	                                           : st && st->best_time_ms >= 0 ? seconds2(st->best_time_ms)
	                                                                         : json_object_new_int(0));
	ADD(o, "average_duration", st && st->attempts > 0 ? seconds2(st->total_time_ms / st->attempts)
	                                                                      : json_object_new_int(0));
	ADD(o, "selected_answers", selected_list(ans));
	if (q)
		add_texts(o, q, ans);
	ADD(o, "review", ans->review ? json_object_new_boolean(1) : NULL);
	ADD(o, "comments_count", json_object_new_int(0));
	ADD(o, "files", json_object_new_array()); /* the SDK iterates it */
	ADD(o, "correct_percentage", !rights->results ? NULL : json_object_new_int64(st && st->attempts > 0
		? st->correct * 100 / st->attempts : 0));
	ADD(o, "attempt_id", json_object_new_int64(a->id));
	if (rights->results) {
		ADD(o, "result", json_object_new_string(answer_result_name(ans->result)));
		ADD(o, "marks", ans->has_marks ? tp_decimal2(ans->marks_e4) : NULL);
	}
	return o;
}

enum inv_err tp_subject_page(struct req *r, struct resp *w, const struct subject_total *t, size_t n)
{
	int64_t page, parent = -1, count = 0;
	const char *pq = req_query(r, "parent");
	struct json_object *results;
	char buf[32];
	enum inv_err err = tp_page_number(r, &page);

	if (err != INV_OK)
		return err;
	if (pq != NULL && *pq != '\0') {
		char *end;

		parent = strtoll(pq, &end, 10);
		if (*end != '\0' && strcmp(pq, "null") != 0)
			return req_fail(r, INV_EINVAL, "parent", "A valid integer is required.");
		if (strcmp(pq, "null") == 0)
			parent = 0;
	}
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		struct json_object *o;

		if (!t[i].used || (parent >= 0 && t[i].parent != parent))
			continue;
		if (++count <= (page - 1) * TP_SUBJECTS_PAGE || count > page * TP_SUBJECTS_PAGE)
			continue;
		o = json_object_new_object();
		ADD(o, "id", json_object_new_int64(t[i].id));
		ADD(o, "name", json_object_new_string(t[i].name ? t[i].name : ""));
		ADD(o, "total", json_object_new_int64(t[i].total));
		ADD(o, "correct", json_object_new_int64(t[i].correct));
		ADD(o, "unanswered", json_object_new_int64(t[i].unanswered));
		ADD(o, "incorrect", json_object_new_int64(t[i].incorrect));
		ADD(o, "parent", t[i].parent > 0 ? json_object_new_int64(t[i].parent) : NULL);
		ADD(o, "leaf", json_object_new_boolean(t[i].leaf));
		ADD(o, "score", json_object_new_string(fmt_e4(t[i].marks_e4, 2, buf, sizeof(buf))));
		json_object_array_add(results, o);
	}
	if (page > 1 && (page - 1) * TP_SUBJECTS_PAGE >= count) {
		json_object_put(results);
		return req_fail(r, INV_ENOTFOUND, NULL, "Invalid page.");
	}
	return resp_json(w, 200, view_testpress_page(r, count, page, TP_SUBJECTS_PAGE, results));
}
