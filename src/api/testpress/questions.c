/* invigil — Testpress question JSON, rendered once per exam content version.
 *
 * A questions or review page shows up to 20 questions, each the same for
 * every learner of the exam: rendering them per request was most of a page's
 * worker time.  Each (question, variant) is rendered on first use into JSON
 * text kept in the content's memo (freed with the content when the exam is
 * re-imported or evicted); a page embeds it through a node whose serializer
 * writes that text.  The exam object every attempt response embeds is kept
 * the same way (tp_exam_head), without the learner's own counts. */
#include "config.h"

#include <json-c/json.h>
#include <json-c/printbuf.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/engine.h"
#include "invigil/face_testpress.h"
#include "invigil/model.h"
#include "invigil/req.h"
#include "invigil/resp.h"

static const char *tp_type(enum question_type t)
{
	switch (t) {
	case QT_MULTIPLE: return "C";
	case QT_NUMERIC: return "N";
	case QT_SHORT_TEXT: return "S";
	case QT_ESSAY: return "E";
	default: return "R"; /* single choice and true/false */
	}
}

static const char *subject_name(const struct exam_content *ec, int64_t id)
{
	const struct ex_subject *s = id > 0 ? exam_subject(ec, id) : NULL;

	return s ? s->name : NULL;
}

/* show: the key (correct options, answers, explanation) may be shown */
static struct json_object *question_build(struct req *r, const struct exam_content *ec, const struct ex_question *q,
                                           bool review, bool show)
{
	struct json_object *o = json_object_new_object(), *answers = json_object_new_array();

	if (review) {
		json_object_object_add(o, "id", json_object_new_int64(q->question_id));
		json_object_object_add(o, "url", json_object_new_string(arena_printf(
			r->arena, "%s/api/v2.2/questions/%lld/", r->base_url, (long long)q->question_id)));
	}
	json_object_object_add(o, "question_html", json_object_new_string(q->html ? q->html : ""));
	json_object_object_add(o, "direction", tp_str_or_null(q->direction));
	/* short-text accepted answers are the key itself: never list them */
	for (size_t i = 0; q->type != QT_SHORT_TEXT && i < q->noptions; i++) {
		struct json_object *ans = json_object_new_object();

		json_object_object_add(ans, "text_html", json_object_new_string(q->options[i].text ? q->options[i].text : ""));
		json_object_object_add(ans, "id", json_object_new_int64(q->options[i].id));
		if (show)
			json_object_object_add(ans, "is_correct", json_object_new_boolean(q->options[i].correct));
		json_object_array_add(answers, ans);
	}
	json_object_object_add(o, "answers", answers);
	json_object_object_add(o, "essay_topics", json_object_new_array());
	json_object_object_add(o, "subject", tp_str_or_null(subject_name(ec, q->subject_id)));
	json_object_object_add(o, "type", json_object_new_string(tp_type(q->type)));
	json_object_object_add(o, "marks", tp_decimal2(q->marks_e4));
	json_object_object_add(o, "negative_marks", tp_decimal2(q->negative_e4));
	json_object_object_add(o, "language", NULL);
	json_object_object_add(o, "translations", json_object_new_array());
	if (review) {
		json_object_object_add(o, "explanation_html", show ? json_object_new_string(q->explanation ? q->explanation : "")
		                                                    : NULL);
		json_object_object_add(o, "comments_url", json_object_new_string(arena_printf(
			r->arena, "%s/api/v2.2/questions/%lld/comments/", r->base_url, (long long)q->question_id)));
		json_object_object_add(o, "subject_id", q->subject_id > 0 ? json_object_new_int64(q->subject_id) : NULL);
		if (show && q->type == QT_NUMERIC && q->has_answer)
			json_object_object_add(o, "answer", json_object_new_double(q->answer));
		if (show && q->type == QT_SHORT_TEXT) {
			struct json_object *accepted = json_object_new_array();

			for (size_t i = 0; i < q->noptions; i++)
				json_object_array_add(accepted, json_object_new_string(q->options[i].text ? q->options[i].text : ""));
			json_object_object_add(o, "accepted_answers", accepted);
		}
	}
	return o;
}

/* The variants of a question: on a questions page; in a review without and
 * with the key. */
enum variant { V_PAGE, V_REVIEW, V_REVIEW_KEY, V__MAX };

struct tp_memo {
	struct content_memo base; /* first: the content releases it through this */
	char *base_url;           /* the URLs of the review variants and the exam head start with it */
	size_t n;                 /* the content's questions */
	struct json_object **node; /* n * V__MAX, NULL until first rendered */
	char *exam_head;          /* tp_exam_head's text; NULL until first rendered */
};

static void memo_release(struct content_memo *m)
{
	struct tp_memo *t = (struct tp_memo *)m;

	for (size_t i = 0; i < t->n * V__MAX; i++)
		json_object_put(t->node[i]);
	free(t->node);
	free(t->exam_head);
	free(t->base_url);
	free(t);
}

static struct tp_memo *memo_of(const struct exam_content *ec)
{
	struct content_memo **slot = content_memo_slot(ec, TP_MEMO_SLOT);
	struct tp_memo *t = (struct tp_memo *)*slot;

	if (t != NULL)
		return t;
	if ((t = calloc(1, sizeof(*t))) == NULL || (t->node = calloc(ec->nquestions * V__MAX + 1, sizeof(*t->node))) == NULL) {
		free(t);
		return NULL;
	}
	t->base.release = memo_release;
	t->n = ec->nquestions;
	*slot = &t->base;
	return t;
}

static void free_text(struct json_object *o, void *text)
{
	(void)o;
	free(text);
}

/* A node that serializes as o does now; takes o.  NULL when out of memory. */
static struct json_object *frozen(struct json_object *o)
{
	const char *rendered = json_object_to_json_string_ext(o, RESP_JSON_FLAGS);
	char *text = rendered ? strdup(rendered) : NULL;

	json_object_put(o);
	return text ? tp_text_node(text, free_text) : NULL;
}

/* The memo's base URL: the first request's.  The variants that hold URLs
 * (a review's, the exam object) are kept for that base URL only (one,
 * unless each request's Host makes its own). */
static bool memo_serves(struct tp_memo *t, const struct req *r)
{
	if (t != NULL && t->base_url == NULL)
		t->base_url = strdup(r->base_url);
	return t != NULL && t->base_url != NULL && strcmp(t->base_url, r->base_url) == 0;
}

struct json_object *tp_question_json(struct req *r, const struct exam_content *ec, const struct ex_question *q,
                                     bool review, bool show)
{
	struct tp_memo *t = memo_of(ec);
	size_t i = (size_t)(q - ec->questions);
	struct json_object **cell;

	if (t == NULL || i >= t->n || (review && !memo_serves(t, r)))
		return question_build(r, ec, q, review, show);
	cell = &t->node[i * V__MAX + (review ? show ? V_REVIEW_KEY : V_REVIEW : V_PAGE)];
	if (*cell == NULL && (*cell = frozen(question_build(r, ec, q, review, show))) == NULL)
		return question_build(r, ec, q, review, show);
	return json_object_get(*cell);
}

const char *tp_question_text(struct req *r, const struct exam_content *ec, const struct ex_question *q, bool review,
                             bool show)
{
	struct json_object *node = tp_question_json(r, ec, q, review, show);
	const char *text = node ? json_object_get_userdata(node) : NULL;

	/* a memo's node holds its text (frozen); a node built for this
	 * request is rendered into the arena */
	if (node != NULL && text == NULL) {
		const char *rendered = json_object_to_json_string_ext(node, RESP_JSON_FLAGS);

		text = rendered ? arena_strdup(r->arena, rendered) : NULL;
	}
	json_object_put(node);
	return text;
}

const char *tp_exam_head(struct req *r, const struct exam_content *ec)
{
	struct tp_memo *t = memo_of(ec);
	struct json_object *o;
	const char *rendered;
	size_t n;

	if (!memo_serves(t, r))
		return NULL;
	if (t->exam_head != NULL || (o = tp_exam_shared(r, ec)) == NULL)
		return t->exam_head;
	rendered = json_object_to_json_string_ext(o, RESP_JSON_FLAGS);
	n = rendered ? strlen(rendered) : 0;
	/* "{…}" without its "}": the caller appends its own members */
	if (n > 2 && rendered[n - 1] == '}')
		t->exam_head = strndup(rendered, n - 1);
	json_object_put(o);
	return t->exam_head;
}
