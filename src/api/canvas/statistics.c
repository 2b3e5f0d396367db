/* invigil — Canvas's Quiz Statistics API (classic quizzes): the engine's
 * item analysis in Canvas's shapes, with the numbers Canvas lacks (median,
 * discrimination index) beside them (docs/item-analysis.md). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "invigil/face_canvas.h"
#include "invigil/req.h"
#include "invigil/resp.h"

static struct json_object *num(double v)
{
	return json_object_new_double(v);
}

static struct json_object *num_or_null(bool have, double v)
{
	return have ? json_object_new_double(v) : NULL;
}

static struct json_object *id_text(struct req *r, int64_t id)
{
	return json_object_new_string(arena_printf(r->arena, "%lld", (long long)id));
}

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/* answers[]: each option's responses, the key's correct flag; a "none" entry
 * for blank answers, as Canvas adds one. */
static struct json_object *answers_of(struct req *r, const struct ex_question *q, const struct item_question *iq)
{
	struct json_object *list = json_object_new_array();

	for (size_t o = 0; o < iq->noptions; o++) {
		struct json_object *a = json_object_new_object();

		add(a, "id", id_text(r, iq->options[o].option_id));
		add(a, "text", json_object_new_string(q->options[o].text ? q->options[o].text : ""));
		add(a, "correct", json_object_new_boolean(iq->options[o].correct));
		add(a, "responses", json_object_new_int64(iq->options[o].responses));
		json_object_array_add(list, a);
	}
	if (iq->blank > 0) {
		struct json_object *a = json_object_new_object();

		add(a, "id", json_object_new_string("none"));
		add(a, "text", json_object_new_string("No Answer"));
		add(a, "correct", json_object_new_boolean(false));
		add(a, "responses", json_object_new_int64(iq->blank));
		json_object_array_add(list, a);
	}
	return list;
}

/* point_biserials[]: the key first, then the distractors in order. */
static struct json_object *point_biserials(const struct item_question *iq)
{
	struct json_object *list = json_object_new_array();

	for (int pass = 0; pass < 2; pass++)
		for (size_t o = 0; o < iq->noptions; o++) {
			const struct item_option *op = &iq->options[o];
			struct json_object *pb;

			if (op->correct != (pass == 0))
				continue;
			pb = json_object_new_object();
			add(pb, "answer_id", json_object_new_int64(op->option_id));
			add(pb, "point_biserial", num_or_null(op->has_point_biserial, op->point_biserial));
			add(pb, "correct", json_object_new_boolean(op->correct));
			add(pb, "distractor", json_object_new_boolean(!op->correct));
			json_object_array_add(list, pb);
		}
	return list;
}

/* The item analysis fields of a choice question. */
static void item_fields(struct json_object *o, const struct item_report *rep, const struct item_question *iq)
{
	double n = (double)iq->answered;

	add(o, "answered_student_count", json_object_new_int64(iq->answered));
	add(o, "top_student_count", json_object_new_int64(iq->top));
	add(o, "middle_student_count", json_object_new_int64(iq->middle));
	add(o, "bottom_student_count", json_object_new_int64(iq->bottom));
	add(o, "correct_student_count", json_object_new_int64(iq->correct_answered));
	add(o, "incorrect_student_count", json_object_new_int64(iq->answered - iq->correct_answered));
	add(o, "correct_student_ratio", num(n > 0 ? (double)iq->correct_answered / n : 0));
	add(o, "incorrect_student_ratio", num(n > 0 ? (double)(iq->answered - iq->correct_answered) / n : 0));
	add(o, "correct_top_student_count", json_object_new_int64(iq->correct_top));
	add(o, "correct_middle_student_count", json_object_new_int64(iq->correct_middle));
	add(o, "correct_bottom_student_count", json_object_new_int64(iq->correct_bottom));
	add(o, "variance", num(iq->variance));
	add(o, "stdev", num(iq->stdev));
	add(o, "difficulty_index", num(iq->difficulty));
	add(o, "discrimination_index", num_or_null(iq->has_discrimination, iq->discrimination));
	add(o, "alpha", num_or_null(rep->has_alpha, rep->alpha));
	add(o, "point_biserials", point_biserials(iq));
}

static struct json_object *question_statistic(struct req *r, const struct exam_content *ec, size_t i,
                                              const struct item_report *rep)
{
	const struct ex_question *q = &ec->questions[i];
	const struct item_question *iq = &rep->questions[i];
	struct json_object *o = json_object_new_object();

	add(o, "id", id_text(r, q->question_id));
	add(o, "question_type", json_object_new_string(cv_question_type(q->type)));
	add(o, "question_text", json_object_new_string(q->html ? q->html : ""));
	add(o, "position", json_object_new_int64((int64_t)i + 1));
	add(o, "responses", json_object_new_int64(iq->responses));
	if (question_takes_options(q->type))
		add(o, "answers", answers_of(r, q, iq));
	if (iq->analysed && q->type != QT_MULTIPLE) {
		item_fields(o, rep, iq);
	} else {
		/* Canvas's other types count right, partly right and wrong answers */
		add(o, "correct", json_object_new_int64(iq->correct));
		add(o, "partially_correct", json_object_new_int64(iq->partial));
		add(o, "incorrect", json_object_new_int64(iq->incorrect));
		if (iq->analysed)
			item_fields(o, rep, iq);
	}
	return o;
}

static struct json_object *submission_statistics(struct req *r, const struct item_report *rep)
{
	struct json_object *o = json_object_new_object(), *scores = json_object_new_object();

	for (size_t i = 0; i < rep->nbuckets; i++)
		add(scores, arena_printf(r->arena, "%lld", (long long)rep->histogram[i].percent),
		    json_object_new_int64(rep->histogram[i].count));
	add(o, "scores", scores);
	add(o, "score_average", num_or_null(rep->has_scores, rep->mean));
	add(o, "score_high", num_or_null(rep->has_scores, rep->high));
	add(o, "score_low", num_or_null(rep->has_scores, rep->low));
	add(o, "score_stdev", num_or_null(rep->has_scores, rep->stdev));
	add(o, "score_median", num_or_null(rep->has_scores, rep->median));
	add(o, "correct_count_average", num(rep->correct_average));
	add(o, "incorrect_count_average", num(rep->incorrect_average));
	add(o, "duration_average", num(rep->duration_average_s));
	add(o, "unique_count", json_object_new_int64(rep->learners));
	add(o, "analysed_count", json_object_new_int64(rep->analysed));
	add(o, "alpha", num_or_null(rep->has_alpha, rep->alpha));
	return o;
}

/* ?all_versions=true|false|1|0 (canvasapi sends the words); 400 otherwise. */
static bool all_versions(struct req *r, bool *out)
{
	const char *v = req_query(r, "all_versions");

	*out = false;
	if (v == NULL || *v == '\0' || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		return true;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return *out = true;
	return false;
}

/* GET /courses/:cid/quizzes/:qid/statistics: 200 {"quiz_statistics": [one]}
 * for the course's staff; 400 a bad all_versions; 403 learners; 404. */
enum inv_err h_cv_statistics(struct req *r, struct resp *w)
{
	struct engine_ctx cx = cv_ctx(r);
	struct item_report rep;
	struct cv_scope s;
	struct json_object *o, *qs, *links, *root;
	const char *url;
	bool all;
	enum inv_err err = cv_quiz_scope(r, &s);

	if (err != INV_OK)
		return err;
	if (!all_versions(r, &all))
		return req_fail(r, INV_EINVAL, "all_versions", "all_versions must be true or false");
	if ((err = engine_item_report(&cx, s.ec, all, r->arena, &rep)) != INV_OK)
		return cv_fail(r, &cx, err);
	url = arena_printf(r->arena, "%s/api/v1/courses/%lld/quizzes/%lld", r->base_url, (long long)s.course.id,
	                   (long long)s.ec->exam.id);
	o = json_object_new_object();
	/* one report per quiz: its id is the quiz's (Canvas sends it as a string) */
	add(o, "id", id_text(r, s.ec->exam.id));
	add(o, "url", json_object_new_string(arena_printf(r->arena, "%s/statistics", url)));
	add(o, "html_url", json_object_new_string(arena_printf(r->arena, "%s/courses/%lld/quizzes/%lld/statistics",
	                                                       r->base_url, (long long)s.course.id,
	                                                       (long long)s.ec->exam.id)));
	add(o, "multiple_attempts_exist", json_object_new_boolean(rep.attempts > rep.analysed));
	add(o, "includes_all_versions", json_object_new_boolean(all));
	add(o, "includes_sis_ids", json_object_new_boolean(false));
	add(o, "generated_at", json_object_new_string(cv_iso(r, cx.now_ms)));
	add(o, "points_possible", num(rep.points_possible));
	add(o, "anonymous_survey", json_object_new_boolean(false));
	add(o, "speed_grader_url", NULL);
	add(o, "quiz_submissions_zip_url", NULL);
	qs = json_object_new_array();
	for (size_t i = 0; rep.counted + rep.analysed > 0 && i < s.ec->nquestions; i++)
		json_object_array_add(qs, question_statistic(r, s.ec, i, &rep));
	add(o, "question_statistics", qs);
	add(o, "submission_statistics", submission_statistics(r, &rep));
	links = json_object_new_object();
	add(links, "quiz", json_object_new_string(url));
	add(o, "links", links);
	root = json_object_new_object();
	qs = json_object_new_array();
	json_object_array_add(qs, o);
	add(root, "quiz_statistics", qs);
	return resp_json(w, 200, root);
}
