/* API tests: texts are stored byte-exact through every face that takes
 * text.  Each text (multi-byte UTF-8, emoji sequences, combining marks,
 * CRLF, tabs, trailing spaces, HTML, backslashes, quotes, U+2028, the
 * length limit to the byte) is saved as a Testpress essay and short text,
 * a Canvas essay and short answer, and an assessments essay, then read back
 * (through the API, and with SQL for assessments, whose views do not echo
 * answers) and compared byte for byte.  A NUL (\u0000) is refused with a
 * 400 that names the field and leaves the stored text as it was: never cut
 * short silently.  One byte over a limit is a 400 naming the field. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fill.h"
#include "../tap.h"

static const char *const texts[] = {
	"Ünïcödé — 日本語のテキスト, Ελληνικά, עברית, العربية",
	"👩‍🔬 🇮🇳 👍🏽 😀 𝄞",
	"e\xcc\x81 a\xcc\x88 n\xcc\x83 (decomposed: never normalized)",
	"line one\r\nline two\r\n\r\nCRLF kept\r\n",
	"\tindented\t and  trailing   \n\n  ",
	"<script>alert('x')</script> &amp; <b>bold</b> &lt;not a tag&gt; <!-- c -->",
	"C:\\path\\to \"quoted\" 'single' \\n is not a newline \\u0041 \\",
	"line\xe2\x80\xa8separator\xe2\x80\xa9paragraph",
	" ",
};

/* A JSON string literal for the bytes s[0..n) (json-c's escaping). */
static char *json_lit(const char *s, size_t n)
{
	struct json_object *o = json_object_new_string_len(s, (int)n);
	char *out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));

	json_object_put(o);
	if (out == NULL)
		bail("out of memory");
	return out;
}

/* Whether string member key of o holds exactly s[0..n). */
static bool same(struct json_object *o, const char *key, const char *s, size_t n)
{
	struct json_object *v = json_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) && (size_t)json_object_get_string_len(v) == n &&
	       memcmp(json_object_get_string(v), s, n) == 0;
}

static long put(const char *method, const char *path_t, const char *body, struct http *h)
{
	char path[512];

	fill(path_t, path, sizeof(path));
	http_json(method, path, fill_auth("L"), body, h);
	return h->status;
}

/* --- Testpress ---------------------------------------------------------- */

/* The stored text of an answer of the running attempt, read back. */
static bool tp_stored(const char *aq_var, const char *key, const char *s, size_t n)
{
	struct http h;
	struct json_object *res;
	bool found = false;

	put("GET", "/api/v2.2/attempts/{tp_attempt}/questions/", NULL, &h);
	res = json_get(h.json, "results");
	for (size_t i = 0; res && i < json_object_array_length(res); i++) {
		struct json_object *q = json_object_array_get_idx(res, i);

		if (json_object_get_int64(json_get(q, "id")) == atoll(fill_var(aq_var)))
			found = same(q, key, s, n);
	}
	http_free(&h);
	return found;
}

static void tp_save(const char *aq_var, const char *key, const char *s, size_t n, const char *what)
{
	char path_t[200], *lit = json_lit(s, n), *body;
	struct http h;
	long st;

	snprintf(path_t, sizeof(path_t), "/api/v2.2/attempts/{tp_attempt}/questions/{%s}/", aq_var);
	if (asprintf(&body, "{\"%s\":%s}", key, lit) < 0)
		bail("out of memory");
	st = put("PUT", path_t, body, &h);
	is_int(st, 200, "Testpress %s %s: saved", key, what);
	ok(same(h.json, key, s, n), "Testpress %s %s: the save's answer holds the same bytes", key, what);
	http_free(&h);
	ok(tp_stored(aq_var, key, s, n), "Testpress %s %s: read back byte-exact", key, what);
	free(body);
	free(lit);
}

/* --- Canvas ------------------------------------------------------------- */

static bool cv_stored(const char *q_var, const char *s, size_t n)
{
	struct http h;
	struct json_object *res;
	bool found = false;

	put("GET", "/api/v1/quiz_submissions/{cv_sub}/questions", NULL, &h);
	res = json_get(h.json, "quiz_submission_questions");
	for (size_t i = 0; res && i < json_object_array_length(res); i++) {
		struct json_object *q = json_object_array_get_idx(res, i);

		if (json_object_get_int64(json_get(q, "id")) == atoll(fill_var(q_var)))
			found = same(q, "answer", s, n);
	}
	http_free(&h);
	return found;
}

static long cv_save(const char *q_var, const char *s, size_t n, struct http *h)
{
	char t[600], *lit = json_lit(s, n), *body;
	long st;

	snprintf(t, sizeof(t), "{\"attempt\":{cv_attempt},\"validation_token\":\"{cv_token}\",\"quiz_questions\":[{\"id\":{%s},\"answer\":",
	         q_var);
	{
		char head[600];

		fill(t, head, sizeof(head));
		if (asprintf(&body, "%s%s}]}", head, lit) < 0)
			bail("out of memory");
	}
	st = put("POST", "/api/v1/quiz_submissions/{cv_sub}/questions", body, h);
	free(body);
	free(lit);
	return st;
}

static void cv_check(const char *q_var, const char *s, size_t n, const char *what)
{
	struct http h;

	is_int(cv_save(q_var, s, n, &h), 200, "Canvas %s %s: saved", q_var, what);
	http_free(&h);
	ok(cv_stored(q_var, s, n), "Canvas %s %s: read back byte-exact", q_var, what);
}

/* --- assessments -------------------------------------------------------- */

/* The newest stored text answer, as hex, with SQL. */
static char *sql_last_text(void)
{
	char cmd[1024], *out = NULL;
	size_t cap = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
	         "mariadb --no-defaults --socket='%s/db/sock' -uroot -N -B invigil -e "
	         "'SELECT HEX(txt) FROM answer_events WHERE txt IS NOT NULL ORDER BY id DESC LIMIT 1'",
	         need_env("INVIGIL_STACK_DIR"));
	if ((p = popen(cmd, "r")) == NULL || getline(&out, &cap, p) < 0) {
		if (p)
			pclose(p);
		free(out);
		return strdup("");
	}
	pclose(p);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static char *hex(const char *s, size_t n)
{
	char *h = malloc(2 * n + 1);

	for (size_t i = 0; i < n; i++)
		sprintf(h + 2 * i, "%02X", (unsigned char)s[i]);
	h[2 * n] = '\0';
	return h;
}

static long as_save(const char *s, size_t n, struct http *h)
{
	char t[300], head[300], *lit = json_lit(s, n), *body;
	long st;

	snprintf(t, sizeof(t), "{\"answers\":[{\"question_id\":{es_q},\"text\":");
	fill(t, head, sizeof(head));
	if (asprintf(&body, "%s%s}]}", head, lit) < 0)
		bail("out of memory");
	st = put("POST", "/api/v1/assessments/{es_id}/submissions", body, h);
	free(body);
	free(lit);
	return st;
}

static void as_check(const char *s, size_t n, const char *what)
{
	struct http h;
	char *want = hex(s, n), *got;

	is_int(as_save(s, n, &h), 201, "assessments essay %s: submitted", what);
	http_free(&h);
	got = sql_last_text();
	ok(strcmp(got, want) == 0, "assessments essay %s: stored byte-exact (SQL)", what);
	free(got);
	free(want);
}

/* An assessment with one essay question, so each submission is one text. */
static void as_setup(void)
{
	struct http h;
	char body[300];

	fill("{\"course_id\":{course},\"title\":\"Essays\",\"passing_score\":50,\"max_attempts\":null}", body, sizeof(body));
	http_json("POST", "/api/v1/assessments", fill_auth("I"), body, &h);
	fill_set("es_id", json_str(h.json, "id") ? json_str(h.json, "id") : "none");
	http_free(&h);
	fill("/api/v1/assessments/{es_id}/questions", body, sizeof(body));
	http_json("POST", body, fill_auth("I"), "{\"type\":\"essay\",\"text\":\"Write.\",\"points\":5}", &h);
	http_free(&h);
	fill("/api/v1/assessments/{es_id}", body, sizeof(body));
	http_json("GET", body, fill_auth("L"), NULL, &h);
	{
		char id[32];

		snprintf(id, sizeof(id), "%lld",
		         (long long)json_object_get_int64(json_get(json_object_array_get_idx(json_get(h.json, "questions"), 0), "id")));
		fill_set("es_q", id);
	}
	http_free(&h);
}

/* --- limits and NUL ----------------------------------------------------- */

/* limit bytes ending in a 4-byte character, so the boundary is a UTF-8 one. */
static char *at_limit(size_t limit)
{
	char *s = malloc(limit + 2);

	memset(s, 'x', limit + 1);
	memcpy(s + limit - 4, "\xf0\x9f\x98\x80", 4);
	s[limit] = '\0';
	return s;
}

static bool names(struct http *h, const char *field)
{
	return h->body != NULL && strstr(h->body, field) != NULL;
}

static void limits_and_nul(void)
{
	static const char nul[] = "before\0after";
	char *s = at_limit(65535), *lit, *body;
	struct http h;

	tp_save("tp_aq_essay", "essay_text", s, 65535, "of 65,535 bytes (the limit)");
	as_check(s, 65535, "of 65,535 bytes (the limit)");
	free(s);
	s = at_limit(16384);
	cv_check("cv_q_essay", s, 16384, "of 16,384 bytes (the limit)");
	free(s);
	s = at_limit(16385);
	is_int(cv_save("cv_q_essay", s, 16385, &h), 400, "Canvas essay one byte over: 400");
	ok(names(&h, "Text is too long"), "which says the text is too long: %.160s", h.body ? h.body : "");
	http_free(&h);
	free(s);
	s = at_limit(65536);
	lit = json_lit(s, 65536);
	if (asprintf(&body, "{\"essay_text\":%s}", lit) < 0)
		bail("out of memory");
	is_int(put("PUT", "/api/v2.2/attempts/{tp_attempt}/questions/{tp_aq_essay}/", body, &h), 400,
	       "Testpress essay one byte over: 400");
	ok(json_get(h.json, "essay_text") != NULL, "naming essay_text");
	http_free(&h);
	free(body);
	free(lit);
	free(s);
	/* NUL: refused, naming the field; what was stored stays */
	tp_save("tp_aq_essay", "essay_text", "kept", 4, "before a NUL");
	lit = json_lit(nul, sizeof(nul) - 1);
	if (asprintf(&body, "{\"essay_text\":%s}", lit) < 0)
		bail("out of memory");
	is_int(put("PUT", "/api/v2.2/attempts/{tp_attempt}/questions/{tp_aq_essay}/", body, &h), 400,
	       "Testpress essay with \\u0000: 400");
	ok(json_get(h.json, "essay_text") != NULL, "naming essay_text: %.120s", h.body ? h.body : "");
	http_free(&h);
	ok(tp_stored("tp_aq_essay", "essay_text", "kept", 4), "and the stored essay is untouched, not cut at the NUL");
	free(body);
	free(lit);
	cv_check("cv_q_essay", "kept", 4, "before a NUL");
	is_int(cv_save("cv_q_essay", nul, sizeof(nul) - 1, &h), 400, "Canvas essay with \\u0000: 400");
	ok(names(&h, "answer"), "naming the answer: %.120s", h.body ? h.body : "");
	http_free(&h);
	ok(cv_stored("cv_q_essay", "kept", 4), "and the stored answer is untouched");
	is_int(as_save(nul, sizeof(nul) - 1, &h), 400, "assessments essay with \\u0000: 400");
	ok(names(&h, "\"field\":\"text\"") || names(&h, ".text"), "naming the text: %.160s", h.body ? h.body : "");
	http_free(&h);
}

int main(void)
{
	fill_setup();
	as_setup();
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char what[24];
		size_t n = strlen(texts[i]);

		snprintf(what, sizeof(what), "text %zu", i + 1);
		tp_save("tp_aq_essay", "essay_text", texts[i], n, what);
		tp_save("tp_aq_short", "short_text", texts[i], n, what);
		cv_check("cv_q_essay", texts[i], n, what);
		cv_check("cv_q_short", texts[i], n, what);
		as_check(texts[i], n, what);
	}
	limits_and_nul();
	fill_teardown();
	return done_testing();
}
