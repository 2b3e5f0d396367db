/* invigil — a questions or review page's items written as JSON text.
 *
 * A page of 20 items built as json-c objects was about 20 allocations an
 * item (an object, its key table, a strdup'd copy of every key, the values),
 * all freed again once the page was written: in a profile of the questions
 * phase, malloc and free were a tenth of the worker's time.  An item of the
 * common kind holds nothing but numbers, the page's URL, a duration and the
 * question's text (rendered once per exam version, questions.c), so it is
 * written here straight into one buffer, which the page embeds through one
 * node.  Any other item (a text answer to escape, a section, a question the
 * exam no longer has) is built by view_testpress_item and serialized into
 * the same buffer, so both give the same JSON (tests/unit/t_tp_items.c
 * checks every kind of item against view_testpress_item and
 * view_testpress_review_item, byte for byte, and tests/api/pages.api every
 * saved item of a page against the PUT response of the same save).  A
 * review's durations are doubles, written by a json-c double of the page's
 * own, so that they read as json-c writes them. */
#include "config.h"

#include <json-c/json.h>
#include <json-c/printbuf.h>
#include <stdio.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/model.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* Whether s can be written between quotes as it is: json-c would escape
 * nothing in it (RESP_JSON_FLAGS leave '/' alone). */
static bool plain_text(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == '"' || *s == '\\')
			return false;
	return true;
}

/* Whether ans's item is written here: a question of the exam, in no
 * section, with no text to escape. */
static bool item_is_plain(const struct ex_question *q, const struct answer *ans)
{
	return q != NULL && q->section_id <= 0 && ans->text == NULL;
}

/* 0, or -1 when out of memory (printbuf's calls return a length). */
static int append(struct printbuf *pb, const char *s)
{
	return printbuf_memappend(pb, s, (int)strlen(s)) < 0 ? -1 : 0;
}

/* Writes an item's first members, up to its question's JSON text: its id,
 * its URL (.../attempts/A/<kind>/ID/), its order.  0 or -1. */
static int head_write(struct printbuf *pb, struct req *r, const struct attempt *a, const struct answer *ans,
                      const char *kind, const char *question)
{
	int rc = sprintbuf(pb, "{\"id\":%lld,\"url\":\"%s/api/v2.2/attempts/%lld/%s/%lld/\",\"order\":%lld,\"question\":",
	                   (long long)ans->id, r->base_url, (long long)a->id, kind, (long long)ans->id,
	                   (long long)ans->position);

	return rc < 0 ? -1 : append(pb, question);
}

/* Writes an item's answer: its options, its texts (null whatever the type:
 * a written item has no text) and its review flag.  0 or -1. */
static int answer_write(struct printbuf *pb, const struct answer *ans)
{
	if (append(pb, ",\"selected_answers\":[") < 0)
		return -1;
	for (size_t i = 0; i < ans->nselected; i++)
		if (sprintbuf(pb, "%s%lld", i ? "," : "", (long long)ans->selected[i]) < 0)
			return -1;
	if (append(pb, "],\"short_text\":null,\"essay_text\":null,\"essay_topic\":null,\"review\":") < 0)
		return -1;
	return append(pb, ans->review ? "true" : "null");
}

/* Writes ans's item as view_testpress_item renders it; question is the
 * question's JSON text.  0, or -1 when out of memory. */
static int item_write(struct printbuf *pb, struct req *r, const struct attempt *a, const struct answer *ans,
                      const char *question)
{
	char num[64];
	int rc;

	if (head_write(pb, r, a, ans, "questions", question) < 0)
		return -1;
	if (ans->time_spent_ms > 0)
		rc = sprintbuf(pb, ",\"duration\":\"%s\"", fmt_timedelta(ans->time_spent_ms / 1000, num, sizeof(num)));
	else
		rc = append(pb, ",\"duration\":null");
	if (rc < 0 || answer_write(pb, ans) < 0)
		return -1;
	return append(pb, ",\"files\":[]}");
}

/* Writes ans's item through json-c: view_testpress_item's own rendering. */
static int item_render(struct printbuf *pb, struct req *r, const struct attempt *a, const struct exam_content *ec,
                       const struct answer *ans)
{
	struct json_object *o = view_testpress_item(r, a, ec, ans);
	const char *text = o ? json_object_to_json_string_ext(o, RESP_JSON_FLAGS) : NULL;
	int rc = text ? append(pb, text) : -1;

	json_object_put(o);
	return rc;
}

/* Writes ans's review item through json-c: view_testpress_review_item's own. */
static int review_render(struct printbuf *pb, struct req *r, const struct attempt *a, const struct exam_content *ec,
                         const struct answer *ans, const struct question_stat *st, const struct review_rights *rights)
{
	struct json_object *o = view_testpress_review_item(r, a, ec, ans, st, rights);
	const char *text = o ? json_object_to_json_string_ext(o, RESP_JSON_FLAGS) : NULL;
	int rc = text ? append(pb, text) : -1;

	json_object_put(o);
	return rc;
}

/* Appends ",\"key\":" and seconds (ms in whole hundredths) as json-c writes
 * the double; d is the page's double, reused. */
static int seconds_write(struct printbuf *pb, struct json_object *d, const char *key, int64_t ms)
{
	const char *text;

	json_object_set_double(d, (double)(ms / 10) / 100.0);
	text = json_object_to_json_string_ext(d, RESP_JSON_FLAGS);
	return text && sprintbuf(pb, ",\"%s\":%s", key, text) >= 0 ? 0 : -1;
}

/* Writes ans's review item as view_testpress_review_item renders it. */
static int review_write(struct printbuf *pb, struct req *r, struct json_object *d, const struct attempt *a,
                        const struct answer *ans, const char *question, const struct question_stat *st,
                        const struct review_rights *rights)
{
	bool timed = st != NULL && st->attempts > 0;
	char marks[32];
	int rc;

	if (head_write(pb, r, a, ans, "review", question) < 0)
		return -1;
	rc = ans->time_spent_ms > 0 ? seconds_write(pb, d, "duration", ans->time_spent_ms)
	                            : append(pb, ",\"duration\":\"NA\"");
	if (rc == 0)
		rc = !rights->results                      ? append(pb, ",\"best_duration\":null")
		     : st != NULL && st->best_time_ms >= 0 ? seconds_write(pb, d, "best_duration", st->best_time_ms)
		                                           : append(pb, ",\"best_duration\":0");
	if (rc == 0)
		rc = timed ? seconds_write(pb, d, "average_duration", st->total_time_ms / st->attempts)
		           : append(pb, ",\"average_duration\":0");
	if (rc < 0 || answer_write(pb, ans) < 0 ||
	    append(pb, ",\"comments_count\":0,\"files\":[],\"correct_percentage\":") < 0)
		return -1;
	rc = rights->results ? sprintbuf(pb, "%lld", (long long)(timed ? st->correct * 100 / st->attempts : 0))
	                     : append(pb, "null");
	if (rc < 0 || sprintbuf(pb, ",\"attempt_id\":%lld", (long long)a->id) < 0)
		return -1;
	if (rights->results) {
		if (sprintbuf(pb, ",\"result\":\"%s\",\"marks\":", answer_result_name(ans->result)) < 0)
			return -1;
		if (ans->has_marks)
			rc = sprintbuf(pb, "\"%s\"", fmt_e4(ans->marks_e4, 2, marks, sizeof(marks)));
		else
			rc = append(pb, "null");
		if (rc < 0)
			return -1;
	}
	return append(pb, "}");
}

/* The page's node over the items written into pb (rc: 0 when all were),
 * its text copied into r's arena; NULL when out of memory.  Frees pb. */
static struct json_object *items_node(struct req *r, struct printbuf *pb, int rc)
{
	struct json_object *node = NULL;
	char *text;

	if (rc == 0 && append(pb, "]") == 0 && (text = arena_strndup(r->arena, pb->buf, (size_t)pb->bpos)) != NULL)
		node = tp_text_node(text, NULL);
	if (pb != NULL)
		printbuf_free(pb);
	return node;
}

struct json_object *tp_items_node(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                  const struct answer *rows, size_t n)
{
	struct printbuf *pb = printbuf_new();
	bool plain_url = plain_text(r->base_url);
	int rc = pb ? append(pb, "[") : -1;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct ex_question *q = exam_question(ec, rows[i].eq_id);
		const char *question = NULL;

		if (i > 0 && append(pb, ",") < 0)
			rc = -1;
		else if (plain_url && item_is_plain(q, &rows[i]) &&
		         (question = tp_question_text(r, ec, q, false, false)) != NULL)
			rc = item_write(pb, r, a, &rows[i], question);
		else
			rc = item_render(pb, r, a, ec, &rows[i]);
	}
	return items_node(r, pb, rc);
}

struct json_object *tp_review_items_node(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                         const struct answer *rows, const struct question_stat *stats, size_t n,
                                         const struct review_rights *rights)
{
	struct printbuf *pb = printbuf_new();
	struct json_object *d = json_object_new_double(0);
	bool plain_url = plain_text(r->base_url);
	int rc = pb && d ? append(pb, "[") : -1;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct ex_question *q = exam_question(ec, rows[i].eq_id);
		const struct question_stat *st = stats[i].eq_id != 0 ? &stats[i] : NULL;
		const char *question = NULL;

		if (i > 0 && append(pb, ",") < 0)
			rc = -1;
		else if (plain_url && q != NULL && rows[i].text == NULL &&
		         (question = tp_question_text(r, ec, q, true, rights->key)) != NULL)
			rc = review_write(pb, r, d, a, &rows[i], question, st, rights);
		else
			rc = review_render(pb, r, a, ec, &rows[i], st, rights);
	}
	json_object_put(d);
	return items_node(r, pb, rc);
}
