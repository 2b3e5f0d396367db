/* invigil — Testpress JSON views: pure functions of model structs. */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/face_testpress.h"
#include "invigil/fmt.h"
#include "invigil/model.h"
#include "invigil/req.h"

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *time_or_null(bool has, int64_t ms)
{
	char buf[40];

	return has ? json_object_new_string(fmt_iso8601_ms(ms, buf, sizeof(buf))) : NULL;
}

static struct json_object *decimal2(int64_t e4)
{
	char buf[32];

	return json_object_new_string(fmt_e4(e4, 2, buf, sizeof(buf)));
}

struct json_object *view_testpress_exam(struct req *r, const struct exam *e)
{
	struct json_object *o = json_object_new_object();
	char buf[64];

	json_object_object_add(o, "url", json_object_new_string(
		arena_printf(r->arena, "%s/api/v2.2/exams/%s/", r->base_url, e->slug)));
	json_object_object_add(o, "id", json_object_new_int64(e->id));
	json_object_object_add(o, "title", json_object_new_string(e->title ? e->title : ""));
	json_object_object_add(o, "description", json_object_new_string(e->description ? e->description : ""));
	json_object_object_add(o, "course", str_or_null(e->course_title));
	json_object_object_add(o, "start_date", time_or_null(e->has_start, e->start_ms));
	json_object_object_add(o, "end_date", time_or_null(e->has_end, e->end_ms));
	/* no time limit: null (Testpress also reads "0:00:00" that way) */
	json_object_object_add(o, "duration", e->duration_s > 0
		? json_object_new_string(fmt_timedelta(e->duration_s, buf, sizeof(buf))) : NULL);
	json_object_object_add(o, "number_of_questions", json_object_new_int64(e->question_count));
	json_object_object_add(o, "negative_marks", decimal2(e->negative_marks_e4));
	json_object_object_add(o, "mark_per_question", decimal2(e->mark_per_question_e4));
	json_object_object_add(o, "template_type", json_object_new_int64(e->template_type));
	json_object_object_add(o, "allow_retake", json_object_new_boolean(e->allow_retake));
	/* DECISIONS 17: max_retakes = max_attempts - 1, -1 for unlimited */
	json_object_object_add(o, "max_retakes", json_object_new_int64(e->max_attempts > 0 ? e->max_attempts - 1 : -1));
	json_object_object_add(o, "enable_ranks", json_object_new_boolean(e->enable_ranks));
	json_object_object_add(o, "rank_publishing_date", time_or_null(e->has_rank_publishing, e->rank_publishing_ms));
	json_object_object_add(o, "allow_pdf", json_object_new_boolean(e->allow_pdf));
	json_object_object_add(o, "created", time_or_null(true, e->created_ms));
	json_object_object_add(o, "slug", json_object_new_string(e->slug));
	json_object_object_add(o, "variable_mark_per_question", json_object_new_boolean(e->variable_marks));
	json_object_object_add(o, "show_answers", json_object_new_boolean(e->show_answers));
	json_object_object_add(o, "attempts_url", json_object_new_string(
		arena_printf(r->arena, "%s/api/v2.2/exams/%s/attempts/", r->base_url, e->slug)));
	json_object_object_add(o, "pass_percentage", e->passing_score >= 0 ? json_object_new_int64(e->passing_score) : NULL);
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

	json_object_object_add(o, "count", json_object_new_int64(count));
	json_object_object_add(o, "next", page < last ? page_url(r, page + 1) : NULL);
	json_object_object_add(o, "previous", page > 1 ? page_url(r, page - 1) : NULL);
	json_object_object_add(o, "per_page", json_object_new_int64(per_page));
	json_object_object_add(o, "results", results);
	return o;
}
