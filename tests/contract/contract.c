/* invigil tests — every API test response checked against the real clients'
 * contracts.
 *
 * The data (tests/contract/<client>.json, see NOTES.md there) says, for each
 * endpoint a client calls, what body it parses (root, model, extra fields) and,
 * for each model, the keys the client reads with their JSON type, nullability
 * and presence, each with its source in the client's code. Here a table maps
 * invigil's concrete request paths to those endpoints, a walker checks each 2xx
 * body against them, and each distinct violation is kept for one TAP assertion
 * that done_testing() asks for (tap_before_plan). */
#include "config.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "contract_impl.h"
#include "../tap.h"

static const char *const tp_prefixes[] = {"/api/v2.2", "/api/v2.2.1", "/api/v2.3", NULL};
static const char *const cv_prefixes[] = {"/api/v1", NULL};
static const char *const sc_prefixes[] = {"/api/v2", NULL};

struct client clients[CL__MAX] = {
	{"testpress-android-sdk.json", tp_prefixes, true, true, NULL, NULL}, /* CL_TESTPRESS */
	{"canvasapi.json", cv_prefixes, false, false, NULL, NULL},           /* CL_CANVAS */
	{"selfcommunity-js.json", sc_prefixes, false, false, NULL, NULL},    /* CL_SELFCOMMUNITY */
};

/* invigil's request path -> the contract's endpoint. pattern follows one of the
 * client's prefixes, a segment at a time: a literal, '#' (a number) or '*' (any
 * segment). endpoint is the contract endpoint's invigil_path, or its path where
 * it has none; the method must match too. */
struct path_map {
	enum client_id client;
	const char *method;
	const char *pattern;
	const char *endpoint;
};

static const struct path_map maps[] = {
#define SC_LESSON "/api/v2/course/{id}/section/{section_id}/lesson/{lesson_id}/"
	{CL_SELFCOMMUNITY, "GET", "/course/#", "/api/v2/course/{id}/"},
	{CL_SELFCOMMUNITY, "GET", "/course/#/section", "/api/v2/course/{id}/section/"},
	{CL_SELFCOMMUNITY, "GET", "/course/#/section/#", "/api/v2/course/{id}/section/{section_id}/"},
	{CL_SELFCOMMUNITY, "GET", "/course/#/section/#/lesson", "/api/v2/course/{id}/section/{section_id}/lesson/"},
	{CL_SELFCOMMUNITY, "GET", "/course/#/section/#/lesson/#", SC_LESSON},
	{CL_SELFCOMMUNITY, "POST", "/course/#/section/#/lesson/#/complete", SC_LESSON "complete/"},
	{CL_SELFCOMMUNITY, "POST", "/course/#/section/#/lesson/#/incomplete", SC_LESSON "incomplete/"},
	{CL_SELFCOMMUNITY, "POST", "/course/#/section/#/lesson/#/attempt", SC_LESSON "attempt/"},
	{CL_SELFCOMMUNITY, "GET", "/course/#/section/#/lesson/#/attempt/#", SC_LESSON "attempt/{attempt_id}/"},
	{CL_SELFCOMMUNITY, "GET", "/course/#/quiz", "/api/v2/course/{id}/quiz/"},
	{CL_TESTPRESS, "POST", "/auth-token", "/api/v2.2/auth-token/"},
	{CL_TESTPRESS, "GET", "/exams", "/api/v2.2/exams/"},
	{CL_TESTPRESS, "GET", "/exams/*", "/api/v2.2/exams/{slug}/"},
	{CL_TESTPRESS, "GET", "/exams/*/languages", "/api/v2.3/exams/{slug}/languages/"},
	{CL_TESTPRESS, "GET", "/exams/*/attempts", "/api/v2.2/exams/{slug}/attempts/"},
	{CL_TESTPRESS, "POST", "/exams/*/attempts", "/api/v2.2/exams/{slug}/attempts/"},
	{CL_TESTPRESS, "GET", "/attempts/#", "/api/v2.2/attempts/{id}/"},
	{CL_TESTPRESS, "PUT", "/attempts/#/start", "/api/v2.2/attempts/{id}/start/"},
	{CL_TESTPRESS, "PUT", "/attempts/#/heartbeat", "/api/v2.2/attempts/{id}/heartbeat/"},
	{CL_TESTPRESS, "PUT", "/attempts/#/end", "/api/v2.2/attempts/{id}/end/"},
	{CL_TESTPRESS, "GET", "/attempts/#/questions", "/api/v2.2/attempts/{id}/questions/"},
	{CL_TESTPRESS, "PUT", "/attempts/#/questions/#", "/api/v2.2/attempts/{id}/questions/{aq}/"},
	{CL_TESTPRESS, "PATCH", "/attempts/#/sections/#/start", "{section.start_url}"},
	{CL_TESTPRESS, "PATCH", "/attempts/#/sections/#/end", "{section.end_url}"},
	{CL_TESTPRESS, "GET", "/attempts/#/review", "/api/v2.2/attempts/{id}/review/"},
	{CL_TESTPRESS, "GET", "/attempts/#/review/subjects", "/api/v2.2/attempts/{id}/review/subjects/"},
	{CL_TESTPRESS, "PUT", "/attempts/#/pdf", "{attempt.url}pdf/"},
	{CL_TESTPRESS, "GET", "/analytics", "/api/v2.2/analytics/"},
	{CL_TESTPRESS, "GET", "/questions/#/comments", "/api/v2.2/questions/{question_id}/comments/"},
	{CL_TESTPRESS, "POST", "/questions/#/comments", "/api/v2.2/questions/{question_id}/comments/"},
	{CL_TESTPRESS, "GET", "/access_codes/*/exams", "/api/v2.2.1/access_codes/{code}/exams/"},
	{CL_CANVAS, "GET", "/courses", "/api/v1/courses"},
	{CL_CANVAS, "GET", "/courses/#", "/api/v1/courses/{id}"},
	{CL_CANVAS, "GET", "/courses/#/quizzes", "/api/v1/courses/{course_id}/quizzes"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#", "/api/v1/courses/{course_id}/quizzes/{quiz_id}"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/questions", "/api/v1/courses/{course_id}/quizzes/{quiz_id}/questions"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/statistics", "/api/v1/courses/{course_id}/quizzes/{quiz_id}/statistics"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/questions/#",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/questions/{id}"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/submissions",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions"},
	{CL_CANVAS, "POST", "/courses/#/quizzes/#/submissions",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/submissions/#",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}"},
	{CL_CANVAS, "PUT", "/courses/#/quizzes/#/submissions/#",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}"},
	{CL_CANVAS, "POST", "/courses/#/quizzes/#/submissions/#/complete",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}/complete"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/submissions/#/time",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}/time"},
	{CL_CANVAS, "GET", "/courses/#/quizzes/#/submissions/#/events",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}/events"},
	{CL_CANVAS, "POST", "/courses/#/quizzes/#/submissions/#/events",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/submissions/{id}/events"},
	{CL_CANVAS, "POST", "/courses/#/quizzes/#/extensions",
	 "/api/v1/courses/{course_id}/quizzes/{quiz_id}/extensions"},
	{CL_CANVAS, "GET", "/quiz_submissions/#/questions", "/api/v1/quiz_submissions/{id}/questions"},
	{CL_CANVAS, "POST", "/quiz_submissions/#/questions", "/api/v1/quiz_submissions/{id}/questions"},
	{CL_CANVAS, "PUT", "/quiz_submissions/#/questions/#/flag",
	 "/api/v1/quiz_submissions/{quiz_submission_id}/questions/{id}/flag"},
	{CL_CANVAS, "PUT", "/quiz_submissions/#/questions/#/unflag",
	 "/api/v1/quiz_submissions/{quiz_submission_id}/questions/{id}/unflag"},
};

#define NMAPS (sizeof(maps) / sizeof(maps[0]))

struct violation {
	char *key;  /* endpoint, pointer with indices as '*', problem: what makes it distinct */
	char *text; /* the diagnostic of its first occurrence */
	unsigned long n;
};

static struct {
	bool loaded; /* load() ran */
	bool off;    /* $INVIGIL_SRCDIR is unset: nothing is checked */
	struct json_object *ep[NMAPS];
	struct violation *v;
	size_t nv, cap;
	unsigned long checked;
} st;

/* --- small readers ------------------------------------------------------- */

struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

const char *member_str(struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

bool member_is(struct json_object *o, const char *key, const char *want)
{
	const char *s = member_str(o, key);

	return s != NULL && strcmp(s, want) == 0;
}

/* The length of o when it is an array, else 0 (json-c asserts on other types). */
static size_t alen(struct json_object *o)
{
	return json_object_is_type(o, json_type_array) ? json_object_array_length(o) : 0;
}

static bool member_bool(struct json_object *o, const char *key, bool dflt)
{
	struct json_object *v = member(o, key);

	return json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : dflt;
}

/* The key an endpoint is found by: invigil_path, else path. */
const char *ep_key(struct json_object *ep)
{
	const char *p = member_str(ep, "invigil_path");

	return p ? p : member_str(ep, "path");
}

static void field_read(struct json_object *o, const char *owner, struct field *f)
{
	struct json_object *e = member(o, "enum");

	memset(f, 0, sizeof(*f));
	f->owner = owner;
	f->key = member_str(o, "key");
	f->type = member_str(o, "type");
	f->items = member_str(o, "items");
	f->model = member_str(o, "model");
	f->format = member_str(o, "format");
	f->source = member_str(o, "source");
	f->condition = member_str(o, "condition");
	f->enums = json_object_is_type(e, json_type_array) ? e : NULL;
	f->nullable = member_bool(o, "nullable", true);
	f->required = member_bool(o, "required", false);
	f->min_items = json_object_get_int64(member(o, "min_items"));
}

/* --- violations ---------------------------------------------------------- */

static char *dup_or_die(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		bail("contract: out of memory");
	return d;
}

/* Counts one more occurrence of the violation key, or keeps a new one. */
static void record(const char *key, const char *text)
{
	for (size_t i = 0; i < st.nv; i++)
		if (strcmp(st.v[i].key, key) == 0) {
			st.v[i].n++;
			return;
		}
	if (st.nv == st.cap) {
		size_t cap = st.cap ? st.cap * 2 : 16;
		struct violation *v = realloc(st.v, cap * sizeof(*v));

		if (v == NULL)
			bail("contract: out of memory");
		st.v = v;
		st.cap = cap;
	}
	st.v[st.nv++] = (struct violation){dup_or_die(key), dup_or_die(text), 1};
}

/* ptr with each all-digit segment (an array index) as '*', in out. */
static void ptr_norm(const char *ptr, char *out, size_t n)
{
	size_t o = 0;

	out[0] = '\0';
	while (*ptr == '/') {
		size_t seg = strcspn(ptr + 1, "/");
		bool is_index = seg > 0 && strspn(ptr + 1, "0123456789") == seg;
		int k = snprintf(out + o, n - o, "/%.*s", is_index ? 1 : (int)seg, is_index ? "*" : ptr + 1);

		if (k < 0 || (size_t)k >= n - o)
			return;
		o += (size_t)k;
		ptr += seg + 1;
	}
}

/* Records a violation at the walker's pointer: want is what the contract asks,
 * got the kind of value that came (missing, null, int, ...), value its text or
 * NULL; f names the fact's source (NULL: the endpoint's). */
static void fail(const struct walk *w, const struct field *f, const char *want, const char *got, const char *value)
{
	char key[1536], text[4096], norm[512];
	const char *src = f && f->source ? f->source : member_str(w->ep, "called_from");
	const char *owner = f && f->owner ? f->owner : ep_key(w->ep);

	ptr_norm(w->ptr, norm, sizeof(norm));
	snprintf(key, sizeof(key), "%s %s|%s|%s|%s", w->method, ep_key(w->ep), norm, want, got);
	snprintf(text, sizeof(text), "%s %s %s: want %s, got %s%s%s [%s%s%s: %s]", w->method, w->path,
	         *w->ptr ? w->ptr : "(body)", want, got, value ? " " : "", value ? value : "",
	         owner ? owner : "?", f && f->key ? "." : "", f && f->key ? f->key : "", src ? src : "?");
	record(key, text);
}

/* A load problem: the contract itself cannot be used. */
static void fail_load(const char *what, const char *detail)
{
	char text[2048];

	snprintf(text, sizeof(text), "cannot use the contract: %s%s%s", what, detail ? ": " : "", detail ? detail : "");
	record(text, text);
}

/* --- JSON pointer and values --------------------------------------------- */

/* Appends /key (escaped as RFC 6901 says) to the pointer; returns the length to
 * pop back to. */
static size_t ptr_push(struct walk *w, const char *key)
{
	size_t at = strlen(w->ptr), n = at;

	if (n + 1 < sizeof(w->ptr))
		w->ptr[n++] = '/';
	for (; *key && n + 3 < sizeof(w->ptr); key++) {
		if (*key == '~' || *key == '/') {
			w->ptr[n++] = '~';
			w->ptr[n++] = *key == '~' ? '0' : '1';
		} else {
			w->ptr[n++] = *key;
		}
	}
	w->ptr[n] = '\0';
	return at;
}

static size_t ptr_push_index(struct walk *w, size_t i)
{
	char b[24];

	snprintf(b, sizeof(b), "%zu", i);
	return ptr_push(w, b);
}

static void ptr_pop(struct walk *w, size_t at)
{
	w->ptr[at] = '\0';
}

/* v's kind for a message: null, boolean, double, int, object, array or string. */
static const char *json_kind(struct json_object *v)
{
	return json_type_to_name(json_object_get_type(v));
}

/* A short text of v for a message, in buf. */
static const char *json_brief(struct json_object *v, char *buf, size_t n)
{
	if (json_object_is_type(v, json_type_object))
		snprintf(buf, n, "{...}");
	else if (json_object_is_type(v, json_type_array))
		snprintf(buf, n, "[%zu items]", json_object_array_length(v));
	else
		snprintf(buf, n, "%.60s", json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
		                                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
	return buf;
}

static bool is_type_name(const char *s)
{
	static const char *const names[] = {"int", "long", "double", "string", "bool", "object", "array", "any"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

/* Whether v (not null) has the JSON type the contract's type names. A type the
 * checker does not know is not checked. */
static bool type_ok(const struct client *cl, const char *type, struct json_object *v)
{
	enum json_type t = json_object_get_type(v);

	if (type == NULL || strcmp(type, "any") == 0)
		return true;
	if (strcmp(type, "int") == 0 || strcmp(type, "long") == 0)
		return t == json_type_int;
	if (strcmp(type, "double") == 0)
		return t == json_type_int || t == json_type_double;
	if (strcmp(type, "string") == 0)
		return t == json_type_string ||
		       (cl->scalar_strings && (t == json_type_int || t == json_type_double || t == json_type_boolean));
	if (strcmp(type, "bool") == 0)
		return t == json_type_boolean;
	if (strcmp(type, "object") == 0)
		return t == json_type_object;
	if (strcmp(type, "array") == 0)
		return t == json_type_array;
	return true;
}

/* What the field asks for, for a message: "int", "object (AttemptSection) or null", ... */
static void want_text(const struct field *f, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s%s%s%s", f->type ? f->type : "a value", f->items ? " of " : "",
	         f->items ? f->items : "", f->model ? " (" : "", f->model ? f->model : "", f->model ? ")" : "",
	         f->nullable ? " or null" : "", f->condition ? " (it holds: " : "");
	if (f->condition)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s)", f->condition);
}

/* --- the walker ---------------------------------------------------------- */

static void check_model(struct walk *w, const char *name, struct json_object *v, struct json_object *over);
static void check_one(struct walk *w, struct json_object *obj, struct field *f);

/* One element of an array field: a model, or a value of the type items names
 * (never null: no client's loop expects a null element). */
static void check_item(struct walk *w, const struct field *f, const char *items, struct json_object *v)
{
	char want[256];

	if (!is_type_name(items)) {
		if (!json_object_is_type(v, json_type_object)) {
			char b[80];

			snprintf(want, sizeof(want), "object (%s)", items);
			fail(w, f, want, json_kind(v), v ? json_brief(v, b, sizeof(b)) : NULL);
			return;
		}
		check_model(w, items, v, NULL);
	} else if (v == NULL || !type_ok(w->cl, items, v)) {
		char b[80];

		snprintf(want, sizeof(want), "%s item", items);
		fail(w, f, want, json_kind(v), v ? json_brief(v, b, sizeof(b)) : NULL);
	}
}

static void check_array(struct walk *w, const struct field *f, struct json_object *a)
{
	size_t n = json_object_array_length(a);
	const char *items = f->items;

	if (f->min_items > 0 && (int64_t)n < f->min_items) {
		char want[64], got[32];

		snprintf(want, sizeof(want), "at least %lld items", (long long)f->min_items);
		snprintf(got, sizeof(got), "%zu", n);
		fail(w, f, want, "fewer items", got);
	}
	if (items != NULL && strcmp(items, "<model>") == 0)
		items = w->page_model;
	if (items == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t at = ptr_push_index(w, i);

		check_item(w, f, items, json_object_array_get_idx(a, i));
		ptr_pop(w, at);
	}
}

static bool enum_ok(struct json_object *enums, const char *s)
{
	for (size_t i = 0; i < alen(enums); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(enums, i)), s) == 0)
			return true;
	return false;
}

/* What a value of the right type must also be: in range, one of the enum, in
 * the format, long enough, and its own model's fields. */
static void check_detail(struct walk *w, const struct field *f, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
	char b[80];

	if (w->cl->java_ints && f->type && strcmp(f->type, "int") == 0 &&
	    (json_object_get_int64(v) > INT32_MAX || json_object_get_int64(v) < INT32_MIN))
		fail(w, f, "int (a Java Integer)", "int out of range", json_brief(v, b, sizeof(b)));
	if (s && f->enums && !enum_ok(f->enums, s)) {
		char want[256];

		snprintf(want, sizeof(want), "one of %s", json_object_to_json_string_ext(f->enums, JSON_C_TO_STRING_PLAIN));
		fail(w, f, want, "string", json_brief(v, b, sizeof(b)));
	}
	if (s && f->format && !format_ok(f->format, s))
		fail(w, f, f->format, "string", json_brief(v, b, sizeof(b)));
	/* 0:00:00 while Running is the server saying the time is over (the
	 * attempt is in its grace): the SDK ends the exam, as it should; what
	 * it cannot take is null or something that is not H:MM:SS */
	if (f->live && hms_seconds(s) < 0) {
		char want[512];

		snprintf(want, sizeof(want), "an H:MM:SS (it holds: %s)", f->condition ? f->condition : "");
		fail(w, f, want, json_kind(v), json_brief(v, b, sizeof(b)));
	}
	if (json_object_is_type(v, json_type_array))
		check_array(w, f, v);
	if (f->model && json_object_is_type(v, json_type_object))
		check_model(w, f->model, v, NULL);
}

/* Checks the value v of field f; present: the key was there. */
static void check_value(struct walk *w, const struct field *f, struct json_object *v, bool present)
{
	char want[512], b[80];

	want_text(f, want, sizeof(want));
	if (!present) {
		if (f->required)
			fail(w, f, want, "missing", NULL);
	} else if (v == NULL) {
		if (!f->nullable)
			fail(w, f, want, "null", NULL);
	} else if (!type_ok(w->cl, f->type, v)) {
		fail(w, f, want, json_kind(v), json_brief(v, b, sizeof(b)));
	} else {
		check_detail(w, f, v);
	}
}

/* "list[0].key": a fact about the first item of list; when list is not an
 * array with an object first, its own field says so. */
static void check_first_item(struct walk *w, struct json_object *obj, const struct field *f)
{
	const char *dot = strstr(f->key, "[0].");
	char list[128];
	struct json_object *a, *item;
	struct field sub = *f;
	size_t at;

	snprintf(list, sizeof(list), "%.*s", (int)(dot - f->key), f->key);
	a = member(obj, list);
	if (!json_object_is_type(a, json_type_array) || json_object_array_length(a) == 0)
		return;
	item = json_object_array_get_idx(a, 0);
	if (!json_object_is_type(item, json_type_object))
		return;
	at = ptr_push(w, list);
	ptr_push(w, "0");
	sub.key = dot + 4;
	check_one(w, item, &sub);
	ptr_pop(w, at);
}

/* Checks field f on object obj. */
static void check_one(struct walk *w, struct json_object *obj, struct field *f)
{
	struct json_object *v = NULL;
	bool present;
	size_t at;

	if (f->key == NULL)
		return;
	if (strstr(f->key, "[0].") != NULL) {
		check_first_item(w, obj, f);
		return;
	}
	apply_condition(w, f, obj);
	present = json_object_object_get_ex(obj, f->key, &v);
	at = ptr_push(w, f->key);
	check_value(w, f, v, present);
	ptr_pop(w, at);
}

/* Whether the field list names key. */
static bool names_key(struct json_object *list, const char *key)
{
	for (size_t i = 0; i < alen(list); i++)
		if (member_is(json_object_array_get_idx(list, i), "key", key))
			return true;
	return false;
}

/* Checks obj against each field of list, but those that skip names. */
static void check_fields(struct walk *w, struct json_object *obj, struct json_object *list, struct json_object *skip,
                         const char *owner)
{
	for (size_t i = 0; i < alen(list); i++) {
		struct field f;

		field_read(json_object_array_get_idx(list, i), owner, &f);
		if (f.key != NULL && !names_key(skip, f.key))
			check_one(w, obj, &f);
	}
}

/* Checks v against models[name] (NULL: no model), the endpoint fields over
 * adding to its fields and overriding them by key. */
static void check_model(struct walk *w, const char *name, struct json_object *v, struct json_object *over)
{
	struct json_object *fields = name ? member(w->cl->models, name) : NULL;
	char want[160], b[80];

	if (name != NULL && fields == NULL) {
		fail(w, NULL, "a model the contract defines", "unknown model", name);
		return;
	}
	if (!json_object_is_type(v, json_type_object)) {
		snprintf(want, sizeof(want), "object%s%s%s", name ? " (" : "", name ? name : "", name ? ")" : "");
		fail(w, NULL, want, json_kind(v), v ? json_brief(v, b, sizeof(b)) : NULL);
		return;
	}
	if (w->depth >= MAX_DEPTH)
		return;
	w->up[w->depth++] = v;
	check_fields(w, v, fields, over, name);
	check_fields(w, v, over, NULL, ep_key(w->ep));
	w->depth--;
}

/* wrapped:<key>: the body is an object whose key holds a list of the model; the
 * endpoint's fields describe the wrapper. */
static void check_wrapped(struct walk *w, const char *key, const char *model, struct json_object *body,
                          struct json_object *over)
{
	check_model(w, NULL, body, over);
	if (json_object_is_type(body, json_type_object) && !names_key(over, key)) {
		struct field f = {.owner = ep_key(w->ep), .key = key, .type = "array", .items = model,
		                  .source = "the endpoint's root"};

		f.required = true;
		check_one(w, body, &f);
	}
}

static void check_array_root(struct walk *w, const char *model, struct json_object *body, struct json_object *over)
{
	char b[80];

	if (!json_object_is_type(body, json_type_array)) {
		fail(w, NULL, "array", json_kind(body), body ? json_brief(body, b, sizeof(b)) : NULL);
		return;
	}
	for (size_t i = 0; i < json_object_array_length(body); i++) {
		size_t at = ptr_push_index(w, i);

		check_model(w, model, json_object_array_get_idx(body, i), over);
		ptr_pop(w, at);
	}
}

/* Checks a 2xx body against the endpoint's root, model and fields. */
static void check_body(struct walk *w, struct json_object *body)
{
	const char *root = member_str(w->ep, "root"), *model = member_str(w->ep, "model");
	struct json_object *over = member(w->ep, "fields");

	if (root == NULL || strcmp(root, "none") == 0 || (model == NULL && alen(over) == 0))
		return;
	if (strcmp(root, "object") == 0) {
		check_model(w, model, body, over);
	} else if (strcmp(root, "page") == 0) {
		const char *env = member_str(w->ep, "envelope_model");

		w->page_model = model;
		check_model(w, env ? env : "Page", body, over);
	} else if (strcmp(root, "array") == 0) {
		check_array_root(w, model, body, over);
	} else if (strncmp(root, "wrapped:", 8) == 0) {
		check_wrapped(w, root + 8, model, body, over);
	} else {
		fail(w, NULL, "a root the checker knows", "root", root);
	}
}

/* --- loading and matching ------------------------------------------------ */

static struct json_object *endpoint_find(struct json_object *doc, const char *method, const char *key)
{
	struct json_object *eps = member(doc, "endpoints");

	for (size_t i = 0; i < alen(eps); i++) {
		struct json_object *ep = json_object_array_get_idx(eps, i);
		const char *k = ep_key(ep);

		if (member_is(ep, "method", method) && k != NULL && strcmp(k, key) == 0)
			return ep;
	}
	return NULL;
}

static void load_client(const char *dir, struct client *cl)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/contract/%s", dir, cl->file);
	cl->doc = json_object_from_file(path);
	if (cl->doc == NULL) {
		fail_load(path, json_util_get_last_err());
		return;
	}
	cl->models = member(cl->doc, "models");
	if (!json_object_is_type(cl->models, json_type_object)) {
		fail_load(path, "no models object");
		json_object_put(cl->doc);
		cl->doc = NULL;
	}
}

/* Reads both contracts once and finds each map's endpoint. */
static void load(void)
{
	const char *dir = getenv("INVIGIL_SRCDIR");

	if (st.loaded)
		return;
	st.loaded = true;
	if (dir == NULL || *dir == '\0') {
		st.off = true;
		return;
	}
	for (int c = 0; c < CL__MAX; c++)
		load_client(dir, &clients[c]);
	for (size_t i = 0; i < NMAPS; i++) {
		struct client *cl = &clients[maps[i].client];

		if (cl->doc == NULL)
			continue;
		st.ep[i] = endpoint_find(cl->doc, maps[i].method, maps[i].endpoint);
		if (st.ep[i] == NULL) {
			char what[512];

			snprintf(what, sizeof(what), "%s names no endpoint %s %s", cl->file, maps[i].method, maps[i].endpoint);
			fail_load(what, NULL);
		}
	}
}

/* Whether the path rest[0..n) matches pattern, a segment at a time. */
static bool segments_match(const char *pattern, const char *rest, size_t n)
{
	const char *end = rest + n;

	while (*pattern == '/' && rest < end && *rest == '/') {
		size_t pl = strcspn(++pattern, "/"), rl = 0;

		rest++;
		while (rest + rl < end && rest[rl] != '/')
			rl++;
		if (rl == 0)
			return false;
		if (pl == 1 && *pattern == '#') {
			for (size_t i = 0; i < rl; i++)
				if (!isdigit((unsigned char)rest[i]))
					return false;
		} else if (!(pl == 1 && *pattern == '*') && (pl != rl || strncmp(pattern, rest, rl) != 0)) {
			return false;
		}
		pattern += pl;
		rest += rl;
	}
	return *pattern == '\0' && rest == end;
}

/* Whether path[0..n) is prefix followed by a match of pattern. */
static bool path_matches(const struct path_map *m, const char *path, size_t n)
{
	for (const char *const *p = clients[m->client].prefixes; *p; p++) {
		size_t pl = strlen(*p);

		if (n > pl && strncmp(path, *p, pl) == 0 && path[pl] == '/' && segments_match(m->pattern, path + pl, n - pl))
			return true;
	}
	return false;
}

/* The map that method and path (a query string and a trailing slash aside)
 * match; -1 when none does. */
static int map_find(const char *method, const char *path)
{
	size_t n = strcspn(path, "?#");

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (size_t i = 0; i < NMAPS; i++)
		if (strcmp(maps[i].method, method) == 0 && path_matches(&maps[i], path, n))
			return (int)i;
	return -1;
}

void contract_check(const char *method, const char *path, long status, struct json_object *body)
{
	struct walk w = {.method = method, .path = path};
	struct json_object *want;
	int i;

	if (status < 200 || status > 299 || method == NULL || path == NULL)
		return;
	load();
	if (st.off || (i = map_find(method, path)) < 0 || st.ep[i] == NULL)
		return;
	w.cl = &clients[maps[i].client];
	w.ep = st.ep[i];
	st.checked++;
	want = member(w.ep, "status");
	if (want != NULL && json_object_get_int64(want) != status) {
		char wants[32], got[24];

		snprintf(wants, sizeof(wants), "status %s", json_object_get_string(want));
		snprintf(got, sizeof(got), "%ld", status);
		fail(&w, NULL, wants, "status", got);
	}
	if (body == NULL && !member_is(w.ep, "root", "none"))
		fail(&w, NULL, "a JSON body", "no JSON", NULL);
	else
		check_body(&w, body);
}

/* Frees what load() and the checks kept. */
static void release(void)
{
	for (int c = 0; c < CL__MAX; c++) {
		json_object_put(clients[c].doc);
		clients[c].doc = NULL;
		clients[c].models = NULL;
	}
	for (size_t i = 0; i < st.nv; i++) {
		free(st.v[i].key);
		free(st.v[i].text);
	}
	free(st.v);
	memset(&st, 0, sizeof(st));
}

void contract_tap(void)
{
	const char *what = "every response met the real clients' contracts";

	load();
	if (st.off) {
		skip("INVIGIL_SRCDIR is not set", "%s", what);
	} else {
		ok(st.nv == 0, "%s (%lu checked)", what, st.checked);
		for (size_t i = 0; i < st.nv; i++)
			if (st.v[i].n > 1)
				diag("contract: %s (%lu times)", st.v[i].text, st.v[i].n);
			else
				diag("contract: %s", st.v[i].text);
	}
	release();
}
