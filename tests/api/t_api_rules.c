/* API tests: each engine rule holds through every face. The access code, the
 * IP filter (on start, save and end), the window, attempts left, hidden
 * answers, staff rights, rank publication and pass/fail are asked of the
 * Testpress v2.2, Canvas classic quizzes and assessments v1 faces alike, and
 * each face must give the same answer in its own envelope
 * (fixtures/rules-course.json). */
#include "config.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "../tap.h"

enum face { TP, CV, AS, FACES };

static const char *const face_name[FACES] = {"Testpress", "Canvas", "assessments"};
/* what a successful start (Testpress, Canvas) or submission (assessments) answers */
static const long started[FACES] = {201, 200, 201};

static char *ins, *adm, *rt, *l[10]; /* l[i]: learner2i; rt: r-teacher, a learner here */
static long long course;

struct exam {
	const char *slug;
	long long quiz;                       /* the exam id: Testpress id, Canvas quiz id */
	char aid[64];                         /* the assessments face's asmnt_ id */
	long long qid[2], right[2], wrong[2]; /* question ids, a right and a wrong option of each */
};

static struct exam exams[] = {{.slug = "r-code"}, {.slug = "r-ip-out"}, {.slug = "r-ip-in"},
                              {.slug = "r-closed"}, {.slug = "r-future"}, {.slug = "r-once"},
                              {.slug = "r-hidden"}, {.slug = "r-ranks-later"}, {.slug = "r-ranks-now"}};

/* One attempt as a face names it: the Testpress attempt id; the Canvas
 * submission id, attempt number and validation token. */
struct att {
	long long id, attempt;
	char token[65];
};

static struct exam *X(const char *slug)
{
	for (size_t i = 0; i < sizeof(exams) / sizeof(exams[0]); i++)
		if (strcmp(exams[i].slug, slug) == 0)
			return &exams[i];
	bail("no exam %s in the fixture", slug);
}

/* The one request helper: face f's auth scheme (Testpress "JWT", the others
 * "Bearer"), a JSON body when json is set; returns the status, h kept. */
static long call(enum face f, const char *method, const char *path, const char *tok, const char *json, struct http *h)
{
	char auth[4096];
	struct http_req rq = {.method = method, .path = path, .auth = auth, .body = json, .body_len = -1,
	                      .content_type = json ? "application/json" : NULL};

	snprintf(auth, sizeof(auth), "%s %s", f == TP ? "JWT" : "Bearer", tok);
	if (http_do(&rq, h) != 0)
		h->status = -1;
	return h->status;
}

static const char *S(const char *s)
{
	return s ? s : "";
}

static struct json_object *idx(struct json_object *arr, size_t i)
{
	return arr && json_object_is_type(arr, json_type_array) && i < json_object_array_length(arr)
	           ? json_object_array_get_idx(arr, i) : NULL;
}

static long long jint(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v && (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
	           ? (long long)json_object_get_int64(v) : -999;
}

/* 1 or 0 for a boolean, -1 for anything else */
static int jbool(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v && json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : -1;
}

static struct json_object *first_sub(struct http *h)
{
	return idx(json_get(h->json, "quiz_submissions"), 0);
}

/* The face's reason: Testpress detail, Canvas errors[0].message, assessments error.code. */
static const char *reason(struct http *h)
{
	const char *s;

	if ((s = json_str(h->json, "detail")) != NULL)
		return s;
	/* a Testpress answer save's 403: {"detail": {"error_code", "message"}} */
	if ((s = json_str(json_get(h->json, "detail"), "message")) != NULL)
		return s;
	if ((s = json_str(idx(json_get(h->json, "errors"), 0), "message")) != NULL)
		return s;
	if ((s = json_str(json_get(h->json, "error"), "code")) != NULL)
		return s;
	return "(none)";
}

/* Asserts h's status and, when want is set, its reason; prints the body on a miss. */
__attribute__((format(printf, 4, 5))) static bool expect(struct http *h, long status, const char *want,
                                                         const char *fmt, ...)
{
	char what[300];
	va_list ap;
	bool good;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	good = is_int(h->status, status, "%s: %ld", what, status);
	if (want != NULL)
		good &= is_str(reason(h), want, "%s: \"%s\"", what, want);
	if (!good)
		diag("  body: %.700s", h->body ? h->body : "(none)");
	return good;
}

/* An assessments body answering both questions of ex, the first nright
 * right and the rest wrong, with "access_code": code unless NULL. */
static void answers(const struct exam *ex, int nright, const char *code, char *buf, size_t n)
{
	snprintf(buf, n,
	         "{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[%lld]},"
	         "{\"question_id\":%lld,\"selected_option_ids\":[%lld]}]%s%s%s}",
	         ex->qid[0], nright > 0 ? ex->right[0] : ex->wrong[0], ex->qid[1], nright > 1 ? ex->right[1] : ex->wrong[1],
	         code ? ",\"access_code\":\"" : "", code ? code : "", code ? "\"" : "");
}

static long submit(struct exam *ex, const char *tok, int nright, const char *code, struct http *h)
{
	char body[600];

	answers(ex, nright, code, body, sizeof(body));
	return call(AS, "POST", path_of("/api/v1/assessments/%s/submissions", ex->aid), tok, body, h);
}

/* Starts ex through f (Testpress, Canvas) or submits it all right
 * (assessments), sending code unless NULL; h kept, a filled when given. */
static long start(enum face f, struct exam *ex, const char *tok, const char *code, struct http *h, struct att *a)
{
	char body[200];

	snprintf(body, sizeof(body), "{\"access_code\":\"%s\"}", code ? code : "");
	if (a != NULL)
		memset(a, 0, sizeof(*a));
	if (f == AS)
		return submit(ex, tok, 2, code, h);
	if (f == TP) {
		call(TP, "POST", path_of("/api/v2.2/exams/%s/attempts/", ex->slug), tok, code ? body : NULL, h);
		if (a != NULL)
			a->id = jint(h->json, "id");
		return h->status;
	}
	call(CV, "POST", path_of("/api/v1/courses/%lld/quizzes/%lld/submissions", course, ex->quiz), tok,
	     code ? body : NULL, h);
	if (a != NULL && h->status == 200) {
		struct json_object *s = first_sub(h);

		a->id = jint(s, "id");
		a->attempt = jint(s, "attempt");
		snprintf(a->token, sizeof(a->token), "%s", S(json_str(s, "validation_token")));
	}
	return h->status;
}

static long tp_end(const struct att *a, const char *tok, struct http *h)
{
	return call(TP, "PUT", path_of("/api/v2.2/attempts/%lld/end/", a->id), tok, NULL, h);
}

/* A Testpress attempt's answer record ids and each question's first (right) option. */
static void tp_items(const struct att *a, const char *tok, long long *aq, long long *opt)
{
	struct http h;
	struct json_object *res;

	call(TP, "GET", path_of("/api/v2.2/attempts/%lld/questions/", a->id), tok, NULL, &h);
	res = json_get(h.json, "results");
	for (size_t i = 0; i < 2; i++) {
		aq[i] = jint(idx(res, i), "id");
		opt[i] = jint(idx(json_get(json_get(idx(res, i), "question"), "answers"), 0), "id");
	}
	http_free(&h);
}

static long tp_save(const struct att *a, long long aq, long long opt, const char *tok, struct http *h)
{
	char body[100];

	snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", opt);
	return call(TP, "PUT", path_of("/api/v2.2/attempts/%lld/questions/%lld/", a->id, aq), tok, body, h);
}

/* A Canvas attempt's question ids and each question's first (right) answer id. */
static void cv_items(const struct att *a, const char *tok, long long *q, long long *opt)
{
	struct http h;
	struct json_object *res;

	call(CV, "GET", path_of("/api/v1/quiz_submissions/%lld/questions?include[]=quiz_question", a->id), tok, NULL, &h);
	res = json_get(h.json, "quiz_submission_questions");
	for (size_t i = 0; i < 2; i++) {
		q[i] = jint(idx(res, i), "id");
		opt[i] = jint(idx(json_get(json_get(idx(res, i), "quiz_question"), "answers"), 0), "id");
	}
	http_free(&h);
}

static long cv_answer(const struct att *a, long long q, long long opt, const char *tok, struct http *h)
{
	char body[300];

	snprintf(body, sizeof(body),
	         "{\"attempt\":%lld,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":%lld}]}", a->attempt,
	         a->token, q, opt);
	return call(CV, "POST", path_of("/api/v1/quiz_submissions/%lld/questions", a->id), tok, body, h);
}

static long cv_complete(struct exam *ex, const struct att *a, const char *tok, const char *code, struct http *h)
{
	char body[300];

	snprintf(body, sizeof(body), "{\"attempt\":%lld,\"validation_token\":\"%s\"%s%s%s}", a->attempt, a->token,
	         code ? ",\"access_code\":\"" : "", code ? code : "", code ? "\"" : "");
	return call(CV, "POST",
	            path_of("/api/v1/courses/%lld/quizzes/%lld/submissions/%lld/complete", course, ex->quiz, a->id),
	            tok, body, h);
}

/* tok's own Canvas quiz submission of ex (GET …/submission); caller frees h. */
static struct json_object *cv_mine(struct exam *ex, const char *tok, struct http *h)
{
	call(CV, "GET", path_of("/api/v1/courses/%lld/quizzes/%lld/submission", course, ex->quiz), tok, NULL, h);
	return first_sub(h);
}

static char *replace(char *s, const char *from, const char *to)
{
	char *at, *r;

	if (from == NULL)
		return s;
	if ((at = strstr(s, from)) == NULL)
		bail("the fixture has no %s", from);
	r = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	if (r == NULL)
		bail("out of memory");
	sprintf(r, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	free(s);
	return r;
}

/* Imports the fixture with from1 and from2 (NULL: none) replaced by to1 and
 * to2; returns invigil's exit status, -1 when it did not run. */
static int import_with(const char *from1, const char *to1, const char *from2, const char *to2)
{
	char path[600], tmp[] = "/tmp/inv-rules-XXXXXX", cmd[1400], *text;
	FILE *f;
	long n;
	int fd, st;

	snprintf(path, sizeof(path), "%s/tests/api/fixtures/rules-course.json", need_env("INVIGIL_SRCDIR"));
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		bail("cannot read %s", path);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n)
		bail("cannot read %s", path);
	fclose(f);
	text = replace(replace(text, from1, to1), from2, to2);
	if ((fd = mkstemp(tmp)) < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		bail("cannot write %s", tmp);
	close(fd);
	free(text);
	snprintf(cmd, sizeof(cmd), "\"%s\" import %s >&2", need_env("INVIGIL_BIN"), tmp);
	st = system(cmd);
	unlink(tmp);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Staff preview past every rule: through each face tok starts ex with no
 * code (and turns the attempt in again). */
static void staff_pass(struct exam *ex, const char *tok, const char *who)
{
	struct http h;
	struct att a;

	for (int f = TP; f < FACES; f++) {
		start((enum face)f, ex, tok, NULL, &h, &a);
		expect(&h, started[f], NULL, "%s previews %s through %s", who, ex->slug, face_name[f]);
		if (f == CV)
			is_str(json_str(first_sub(&h), "workflow_state"), "preview", "  as a preview");
		http_free(&h);
		if (f == TP)
			tp_end(&a, tok, &h);
		else if (f == CV)
			cv_complete(ex, &a, tok, NULL, &h);
		if (f != AS)
			http_free(&h);
	}
}

static struct att code_att[FACES]; /* case 8 reads them */

/* 1. The access code: none or a wrong one refused, the right one admitted, on every face. */
static void access_code(void)
{
	static const char *const why[FACES] = {"Invalid access code.", "Invalid access code", "invalid_access_code"};
	struct exam *ex = X("r-code");
	struct http h;

	for (int f = TP; f < FACES; f++) {
		start((enum face)f, ex, l[f], NULL, &h, NULL);
		expect(&h, 403, why[f], "%s: r-code without a code", face_name[f]);
		http_free(&h);
		start((enum face)f, ex, l[f], "nope", &h, NULL);
		expect(&h, 403, why[f], "%s: r-code with a wrong code", face_name[f]);
		http_free(&h);
		start((enum face)f, ex, l[f], "s3cret", &h, &code_att[f]);
		expect(&h, started[f], NULL, "%s: r-code with the right code", face_name[f]);
		http_free(&h);
	}
	/* the Testpress SDK's access-code screen finds the exam by its code */
	call(TP, "GET", path_of("/api/v2.2.1/access_codes/%s/exams/", "s3cret"), l[TP], NULL, &h);
	expect(&h, 200, NULL, "Testpress: the exams of access code s3cret");
	is_int(jint(h.json, "count"), 1, "Testpress: one exam has that code");
	is_str(json_str(idx(json_get(h.json, "results"), 0), "slug"), "r-code", "Testpress: it is r-code");
	http_free(&h);
	call(TP, "GET", path_of("/api/v2.2.1/access_codes/%s/exams/", "nope"), l[TP], NULL, &h);
	expect(&h, 200, NULL, "Testpress: an unknown access code");
	is_int(jint(h.json, "count"), 0, "Testpress: finds no exam");
	http_free(&h);
	/* a code sent with a later request must still be the right one */
	cv_complete(ex, &code_att[CV], l[CV], "nope", &h);
	expect(&h, 403, "Invalid access code", "Canvas: completing with a wrong code");
	http_free(&h);
	cv_complete(ex, &code_att[CV], l[CV], "s3cret", &h);
	expect(&h, 200, NULL, "Canvas: completing with the right code");
	http_free(&h);
	call(TP, "PUT", path_of("/api/v2.2/attempts/%lld/end/", code_att[TP].id), l[TP], "{\"access_code\":\"nope\"}", &h);
	expect(&h, 403, why[TP], "Testpress: ending with a wrong code");
	http_free(&h);
	tp_end(&code_att[TP], l[TP], &h);
	expect(&h, 200, NULL, "Testpress: ending with no code");
	http_free(&h);
	staff_pass(ex, ins, "the instructor (no code)");
}

/* 2 and 3. The IP filter on start through every face, then on every save and end. */
static void ip_filter(void)
{
	static const char *const why[FACES] = {"Your IP address may not take this exam.", "IP address denied",
	                                       "ip_address_denied"};
	struct exam *out = X("r-ip-out"), *in = X("r-ip-in");
	struct att a[FACES];
	struct http h;
	long long aq[2], tpopt[2], q[2], cvopt[2];

	for (int f = TP; f < FACES; f++) {
		start((enum face)f, out, l[3 + f], NULL, &h, NULL);
		expect(&h, 403, why[f], "%s: r-ip-out (10.1.2.0/24) refuses 127.0.0.1", face_name[f]);
		http_free(&h);
		start((enum face)f, in, l[3 + f], NULL, &h, &a[f]);
		expect(&h, started[f], NULL, "%s: r-ip-in (127.0.0.0/8, 10.0.0.0/8) admits 127.0.0.1", face_name[f]);
		http_free(&h);
	}
	staff_pass(out, ins, "the instructor (outside the filter)");
	tp_items(&a[TP], l[3], aq, tpopt);
	cv_items(&a[CV], l[4], q, cvopt);
	is_int(import_with("\"127.0.0.0/8, 10.0.0.0/8\"", "\"10.1.2.0/24\"", NULL, NULL), 0,
	       "r-ip-in's filter moves to 10.1.2.0/24 while two attempts run");
	tp_save(&a[TP], aq[0], tpopt[0], l[3], &h);
	expect(&h, 403, why[TP], "Testpress: saving an answer from outside the new filter");
	http_free(&h);
	call(TP, "PUT", path_of("/api/v2.2/attempts/%lld/heartbeat/", a[TP].id), l[3], NULL, &h);
	expect(&h, 403, why[TP], "Testpress: a heartbeat from outside");
	http_free(&h);
	tp_end(&a[TP], l[3], &h);
	expect(&h, 403, why[TP], "Testpress: ending from outside");
	http_free(&h);
	cv_answer(&a[CV], q[0], cvopt[0], l[4], &h);
	expect(&h, 403, why[CV], "Canvas: answering from outside the new filter");
	http_free(&h);
	cv_complete(in, &a[CV], l[4], NULL, &h);
	expect(&h, 403, why[CV], "Canvas: completing from outside");
	http_free(&h);
	submit(in, l[5], 2, NULL, &h);
	expect(&h, 403, why[AS], "assessments: submitting from outside");
	http_free(&h);
	is_int(import_with(NULL, NULL, NULL, NULL), 0, "the filter is restored");
	/* the same requests pass again: it was the filter that refused them */
	tp_save(&a[TP], aq[0], tpopt[0], l[3], &h);
	expect(&h, 200, NULL, "Testpress: the save inside the filter again");
	http_free(&h);
	tp_end(&a[TP], l[3], &h);
	expect(&h, 200, NULL, "Testpress: the end inside the filter again");
	http_free(&h);
	cv_answer(&a[CV], q[0], cvopt[0], l[4], &h);
	expect(&h, 200, NULL, "Canvas: answering inside the filter again");
	http_free(&h);
	cv_complete(in, &a[CV], l[4], NULL, &h);
	expect(&h, 200, NULL, "Canvas: completing inside the filter again");
	http_free(&h);
}

/* 4. A malformed ip_filter is refused by the import, and nothing of that package is written. */
static void bad_filters(void)
{
	static const char *const bad[] = {"10.0.0.0/", "10.0.0.0/33", "300.1.1.1", "10.0.0.0/8,", "abc", "10.0.0.0/8 junk"};
	char to[80];
	struct http h;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(to, sizeof(to), "\"%s\"", bad[i]);
		is_int(import_with("\"10.1.2.0/24\"", to, "\"Rules: access code\"", "\"Rules: CHANGED\""), 1,
		       "the import refuses ip_filter \"%s\" (exit status 1)", bad[i]);
	}
	call(TP, "GET", "/api/v2.2/exams/r-code/", ins, NULL, &h);
	is_str(json_str(h.json, "title"), "Rules: access code", "nothing of a refused package was written");
	http_free(&h);
	is_int(import_with("\"10.1.2.0/24\"", "\"10.1.2.0/24, 192.168.0.7, 2001:db8::/32\"", NULL, NULL), 0,
	       "a well-formed list (IPv4, a bare address, IPv6) imports");
	is_int(import_with(NULL, NULL, NULL, NULL), 0, "the fixture imports again");
}

/* 5. The window: closed and not yet open, refused by every face. */
static void window(void)
{
	static const long st[FACES] = {403, 400, 403};
	static const char *const closed[FACES] = {"This exam has ended.", "This quiz is locked.", "closed"};
	static const char *const future[FACES] = {"This exam has not started yet.", "This quiz is locked.", "not_yet_open"};
	struct http h;

	for (int f = TP; f < FACES; f++) {
		start((enum face)f, X("r-closed"), l[5], NULL, &h, NULL);
		expect(&h, st[f], closed[f], "%s: r-closed refused", face_name[f]);
		http_free(&h);
		start((enum face)f, X("r-future"), l[5], NULL, &h, NULL);
		expect(&h, st[f], future[f], "%s: r-future refused", face_name[f]);
		http_free(&h);
	}
	staff_pass(X("r-closed"), adm, "admin (closed)");
	staff_pass(X("r-future"), ins, "the instructor (not yet open)");
}

/* The fourth (or second) attempt at r-once, refused by every face. */
static void no_more(struct exam *ex, const char *tok, const char *who)
{
	struct http h;

	start(CV, ex, tok, NULL, &h, NULL);
	expect(&h, 409, "you have no attempts left for this quiz", "%s: Canvas refuses another attempt", who);
	http_free(&h);
	start(TP, ex, tok, NULL, &h, NULL);
	expect(&h, 403, "You have no attempts left for this exam.", "%s: Testpress refuses another attempt", who);
	http_free(&h);
	start(AS, ex, tok, NULL, &h, NULL);
	expect(&h, 403, "attempt_limit_reached", "%s: assessments refuses another submission", who);
	http_free(&h);
	is_int(jint(cv_mine(ex, tok, &h), "attempts_left"), 0, "%s: Canvas attempts_left 0", who);
	http_free(&h);
}

/* 6. Attempts allowed and left: one count, whatever face each attempt went through. */
static void attempts_left(void)
{
	struct exam *ex = X("r-once");
	const char *x = l[6], *y = l[7];
	struct http h;
	struct att a;
	long long uid;
	char body[200];

	call(TP, "GET", "/api/v2.2/exams/r-once/", x, NULL, &h);
	is_int(jint(h.json, "max_retakes"), 0, "Testpress: r-once has max_retakes 0");
	is_int(jbool(h.json, "allow_retake"), 0, "Testpress: allow_retake false");
	http_free(&h);
	call(CV, "GET", path_of("/api/v1/courses/%lld/quizzes/%lld", course, ex->quiz), x, NULL, &h);
	is_int(jint(h.json, "allowed_attempts"), 1, "Canvas: allowed_attempts 1");
	http_free(&h);
	call(AS, "GET", path_of("/api/v1/assessments/%s", ex->aid), x, NULL, &h);
	is_int(jint(h.json, "max_attempts"), 1, "assessments: max_attempts 1");
	http_free(&h);

	/* X: attempt 1 through Canvas, then two extra attempts */
	start(CV, ex, x, NULL, &h, &a);
	expect(&h, 200, NULL, "X: attempt 1 through Canvas");
	uid = jint(first_sub(&h), "user_id");
	is_int(jint(first_sub(&h), "attempts_left"), 0, "X: attempts_left 0 while the only attempt runs");
	http_free(&h);
	snprintf(body, sizeof(body), "{\"quiz_extensions\":[{\"user_id\":%lld,\"extra_attempts\":2}]}", uid);
	call(CV, "POST", path_of("/api/v1/courses/%lld/quizzes/%lld/extensions", course, ex->quiz), ins, body, &h);
	expect(&h, 200, NULL, "the instructor grants X two extra attempts");
	http_free(&h);
	cv_complete(ex, &a, x, NULL, &h);
	expect(&h, 200, NULL, "X: attempt 1 completed");
	http_free(&h);
	is_int(jint(cv_mine(ex, x, &h), "attempts_left"), 2, "X: Canvas attempts_left 2 (1 + 2 extra - 1)");
	is_int(jint(first_sub(&h), "extra_attempts"), 2, "X: extra_attempts 2");
	http_free(&h);
	/* attempt 2 through Testpress, attempt 3 through assessments */
	start(TP, ex, x, NULL, &h, &a);
	expect(&h, 201, NULL, "X: attempt 2 through Testpress");
	is_int(jint(h.json, "remaining_attempts"), 1, "X: Testpress remaining_attempts 1");
	http_free(&h);
	tp_end(&a, x, &h);
	expect(&h, 200, NULL, "X: attempt 2 ended");
	http_free(&h);
	start(AS, ex, x, NULL, &h, NULL);
	expect(&h, 201, NULL, "X: attempt 3 through assessments");
	is_int(jint(h.json, "attempt_number"), 3, "X: attempt_number 3");
	http_free(&h);
	no_more(ex, x, "X after three attempts");

	/* Y: no extension, one attempt through Testpress */
	start(TP, ex, y, NULL, &h, &a);
	expect(&h, 201, NULL, "Y: the one attempt through Testpress");
	is_int(jint(h.json, "remaining_attempts"), 0, "Y: Testpress remaining_attempts 0 while it runs");
	http_free(&h);
	tp_end(&a, y, &h);
	expect(&h, 200, NULL, "Y: ended");
	http_free(&h);
	no_more(ex, y, "Y after one attempt");
	staff_pass(ex, ins, "the instructor (first preview)");
	staff_pass(ex, ins, "the instructor (second preview)");
}

/* Every results item has correct, status and points_awarded: null when
 * hidden is set, all given otherwise. */
static bool results_are(struct json_object *sub, bool hidden)
{
	static const char *const keys[] = {"correct", "status", "points_awarded"};
	struct json_object *res = json_get(sub, "results"), *v;
	size_t n = res && json_object_is_type(res, json_type_array) ? json_object_array_length(res) : 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < 3; k++)
			if (!json_object_object_get_ex(idx(res, i), keys[k], &v) || (v == NULL) != hidden)
				return false;
	return n == 2;
}

/* 7. show_answers false hides each question's result from the learner on every face. */
static void hidden_answers(void)
{
	struct exam *ex = X("r-hidden");
	struct http h;
	struct json_object *res;
	char *sid = NULL;
	long long attempt = 0;
	bool leak = false;

	submit(ex, l[8], 2, NULL, &h);
	if (expect(&h, 201, NULL, "assessments: a learner submits r-hidden all right"))
		sid = strdup(S(json_str(h.json, "id")));
	ok(results_are(h.json, true), "  correct, status and points_awarded are null (keys kept)");
	ok(json_object_get_double(json_get(h.json, "score")) == 100.0, "  the score is given (100)");
	is_int(jbool(h.json, "passed"), 1, "  passed is given (true)");
	if (!results_are(h.json, true))
		diag("  body: %.700s", h.body ? h.body : "(none)");
	http_free(&h);
	if (sid == NULL)
		return;
	call(AS, "GET", path_of("/api/v1/assessments/%s/submissions/%s", ex->aid, sid), l[8], NULL, &h);
	expect(&h, 200, NULL, "the learner reads the submission");
	ok(results_are(h.json, true), "  still hidden");
	ok(json_get(h.json, "score") != NULL && jbool(h.json, "passed") == 1, "  with score and passed");
	http_free(&h);
	call(AS, "GET", path_of("/api/v1/assessments/%s/submissions/%s", ex->aid, sid), ins, NULL, &h);
	expect(&h, 200, NULL, "the course instructor reads it");
	ok(results_are(h.json, false), "  and sees every result");
	is_str(json_str(idx(json_get(h.json, "results"), 0), "status"), "correct", "  status correct");
	http_free(&h);
	free(sid);
	/* the same attempt in the Testpress review */
	call(TP, "GET", "/api/v2.2/attempts/", l[8], NULL, &h);
	res = json_get(h.json, "results");
	for (size_t i = 0; res && i < json_object_array_length(res); i++)
		if (strcmp(S(json_str(json_get(idx(res, i), "exam"), "slug")), "r-hidden") == 0)
			attempt = jint(idx(res, i), "id");
	http_free(&h);
	ok(attempt > 0, "the submission is a Testpress attempt too");
	call(TP, "GET", path_of("/api/v2.2/attempts/%lld/review/", attempt), l[8], NULL, &h);
	expect(&h, 200, NULL, "Testpress review of it");
	res = json_get(h.json, "results");
	for (size_t i = 0; res && i < json_object_array_length(res); i++) {
		struct json_object *it = idx(res, i), *ans = json_get(json_get(it, "question"), "answers");

		leak |= json_get(it, "result") != NULL || json_get(it, "marks") != NULL;
		/* the share of right answers and the fastest right one would tell it too */
		leak |= json_get(it, "correct_percentage") != NULL || json_get(it, "best_duration") != NULL;
		for (size_t j = 0; ans && j < json_object_array_length(ans); j++)
			leak |= json_get(idx(ans, j), "is_correct") != NULL;
	}
	ok(res && json_object_array_length(res) == 2 && !leak, "  no result, marks, is_correct, correct_percentage or best_duration in its items");
	http_free(&h);
}

/* 8. Staff rights are the course's: learners (also one who teaches another course) may not act as staff. */
static void staff_rights(void)
{
	struct exam *ex = X("r-code");
	/* learner20 and r-teacher act on learner21's Canvas submission; learner21
	 * and r-teacher read learner20's Testpress attempt */
	const char *who[2] = {l[0], rt}, *reader[2] = {l[1], rt};
	const char *name[2] = {"learner20", "r-teacher (teaches another course)"}, *rname[2] = {"learner21", name[1]};
	char spath[320], body[200];
	struct http h;
	long long uid;

	snprintf(spath, sizeof(spath), "/api/v1/courses/%lld/quizzes/%lld/submissions/%lld", course, ex->quiz,
	         code_att[CV].id);
	call(CV, "GET", spath, ins, NULL, &h);
	expect(&h, 200, NULL, "the course instructor reads learner21's Canvas submission");
	ok(first_sub(&h) != NULL && json_get(first_sub(&h), "validation_token") == NULL, "  without its validation_token");
	uid = jint(first_sub(&h), "user_id");
	http_free(&h);
	call(CV, "PUT", spath, ins, "{\"quiz_submissions\":[{\"attempt\":1,\"fudge_points\":0.5}]}", &h);
	expect(&h, 200, NULL, "the course instructor scores it");
	http_free(&h);
	snprintf(body, sizeof(body), "{\"quiz_extensions\":[{\"user_id\":%lld,\"extra_attempts\":1}]}", uid);
	for (int i = 0; i < 2; i++) {
		call(CV, "GET", spath, who[i], NULL, &h);
		expect(&h, 404, NULL, "%s: learner21's Canvas submission", name[i]);
		http_free(&h);
		call(CV, "PUT", spath, who[i], "{\"quiz_submissions\":[{\"attempt\":1,\"fudge_points\":5}]}", &h);
		/* not theirs: 404, as every other read of it (a learner never learns it exists) */
		expect(&h, 404, NULL, "%s: scoring it", name[i]);
		http_free(&h);
		call(CV, "POST", path_of("/api/v1/courses/%lld/quizzes/%lld/extensions", course, ex->quiz), who[i], body, &h);
		expect(&h, 403, NULL, "%s: granting an extension", name[i]);
		http_free(&h);
		call(AS, "POST", path_of("/api/v1/assessments/%s/questions", ex->aid), who[i],
		     "{\"type\":\"essay\",\"text\":\"Why?\"}", &h);
		expect(&h, 403, "forbidden", "%s: adding an assessment question", name[i]);
		http_free(&h);
		call(TP, "GET", path_of("/api/v2.2/attempts/%lld/", code_att[TP].id), reader[i], NULL, &h);
		expect(&h, 403, NULL, "%s: learner20's Testpress attempt", rname[i]);
		http_free(&h);
	}
	call(TP, "GET", path_of("/api/v2.2/attempts/%lld/", code_att[TP].id), ins, NULL, &h);
	expect(&h, 200, NULL, "the course instructor reads learner20's Testpress attempt");
	http_free(&h);
	call(CV, "GET", spath, ins, NULL, &h);
	ok(json_object_get_double(json_get(first_sub(&h), "fudge_points")) == 0.5, "the refused scores changed nothing");
	http_free(&h);
}

/* 8b. The course's staff may read and end a learner's attempt, never answer
 * it or move its clock (an admin may, docs/testpress.md); Canvas's
 * /quiz_submissions paths are the owner's (an admin reads), and a quiz of
 * another course is 404 under a course the caller teaches. */
static void staff_writes(void)
{
	struct exam *ex = X("r-ip-in");
	struct att a, c;
	long long aq[2], opt[2], q[2], cvopt[2], demo = 0;
	struct http h;
	struct json_object *data;
	const char *sq;

	start(TP, ex, l[2], NULL, &h, &a);
	expect(&h, 201, NULL, "learner22 starts r-ip-in through Testpress");
	http_free(&h);
	tp_items(&a, l[2], aq, opt);
	tp_save(&a, aq[0], opt[0], ins, &h);
	expect(&h, 403, NULL, "the course instructor saving learner22's answer");
	http_free(&h);
	call(TP, "PUT", path_of("/api/v2.2/attempts/%lld/heartbeat/", a.id), ins, NULL, &h);
	expect(&h, 403, NULL, "the course instructor's heartbeat on it");
	http_free(&h);
	tp_save(&a, aq[0], opt[0], adm, &h);
	expect(&h, 200, NULL, "an admin saving it");
	http_free(&h);
	tp_end(&a, ins, &h);
	expect(&h, 200, NULL, "the course instructor ends it");
	http_free(&h);
	start(CV, ex, l[2], NULL, &h, &c);
	expect(&h, 200, NULL, "learner22 starts r-ip-in through Canvas");
	http_free(&h);
	cv_items(&c, l[2], q, cvopt);
	cv_answer(&c, q[0], cvopt[0], ins, &h);
	expect(&h, 404, NULL, "the course instructor answering learner22's quiz submission");
	http_free(&h);
	cv_answer(&c, q[0], cvopt[0], adm, &h);
	expect(&h, 404, NULL, "an admin answering it");
	http_free(&h);
	sq = path_of("/api/v1/quiz_submissions/%lld/questions", c.id);
	call(CV, "GET", sq, ins, NULL, &h);
	expect(&h, 404, NULL, "the course instructor reading its questions");
	http_free(&h);
	call(CV, "GET", sq, adm, NULL, &h);
	expect(&h, 200, NULL, "an admin reading them");
	http_free(&h);
	cv_complete(ex, &c, l[2], NULL, &h);
	expect(&h, 200, NULL, "learner22 completes it");
	http_free(&h);
	call(AS, "GET", "/api/v1/assessments?per_page=100", rt, NULL, &h);
	data = json_get(h.json, "data");
	for (size_t i = 0; data && i < json_object_array_length(data); i++)
		if (jint(idx(data, i), "course_id") != course)
			demo = jint(idx(data, i), "course_id");
	http_free(&h);
	call(CV, "GET", path_of("/api/v1/courses/%lld/quizzes/%lld", demo, ex->quiz), rt, NULL, &h);
	expect(&h, 404, NULL, "r-teacher: this course's quiz under the course r-teacher teaches");
	http_free(&h);
}

/* 9. Rank publication: "NA" until rank_publishing_date, a number at once without one. */
static void ranks(void)
{
	static const char *const slugs[2] = {"r-ranks-later", "r-ranks-now"};
	struct http h;
	struct att a;
	long long aq[2], opt[2];

	/* a preview that scores higher is not ranked */
	staff_pass(X("r-ranks-now"), ins, "the instructor (full marks)");
	for (int i = 0; i < 2; i++) {
		start(TP, X(slugs[i]), l[9], NULL, &h, &a);
		expect(&h, 201, NULL, "%s: started", slugs[i]);
		http_free(&h);
		tp_items(&a, l[9], aq, opt);
		tp_save(&a, aq[0], opt[0], l[9], &h);
		expect(&h, 200, NULL, "%s: answered", slugs[i]);
		http_free(&h);
		tp_end(&a, l[9], &h);
		expect(&h, 200, NULL, "%s: ended", slugs[i]);
		if (i == 0) {
			is_str(json_str(h.json, "rank"), "NA", "  rank \"NA\" before the publishing date");
			is_str(json_str(h.json, "max_rank"), "NA", "  max_rank \"NA\"");
		} else {
			is_int(jint(h.json, "rank"), 1, "  rank 1, a number, with no publishing date");
			is_int(jint(h.json, "max_rank"), 1, "  max_rank 1: the instructor's better preview is not ranked");
		}
		http_free(&h);
	}
}

/* 10. Pass/fail is one rule: score >= passing_score (50). */
static void pass_fail(void)
{
	static const struct { int nright; double score; int passed; } runs[] = {{0, 0.0, 0}, {1, 50.0, 1}, {2, 100.0, 1}};
	struct http h;

	for (size_t i = 0; i < 3; i++) {
		submit(X("r-hidden"), l[8], runs[i].nright, NULL, &h);
		expect(&h, 201, NULL, "r-hidden with %d of 2 right", runs[i].nright);
		ok(json_object_get_double(json_get(h.json, "score")) == runs[i].score, "  score %.0f", runs[i].score);
		is_int(jbool(h.json, "passed"), runs[i].passed, "  passed %s", runs[i].passed ? "true" : "false");
		http_free(&h);
	}
}

/* Fills every exam's ids: quiz ids from Testpress, public ids, the course
 * and the right and wrong options from the assessments face's staff view. */
static void load_exams(void)
{
	struct http h;
	struct json_object *data;

	call(AS, "GET", "/api/v1/assessments?per_page=100", ins, NULL, &h);
	data = json_get(h.json, "data");
	for (size_t i = 0; data && i < json_object_array_length(data); i++)
		for (size_t e = 0; e < sizeof(exams) / sizeof(exams[0]); e++)
			if (strcmp(S(json_str(idx(data, i), "slug")), exams[e].slug) == 0) {
				snprintf(exams[e].aid, sizeof(exams[e].aid), "%s", S(json_str(idx(data, i), "id")));
				course = jint(idx(data, i), "course_id");
			}
	http_free(&h);
	for (size_t e = 0; e < sizeof(exams) / sizeof(exams[0]); e++) {
		struct exam *ex = &exams[e];

		call(TP, "GET", path_of("/api/v2.2/exams/%s/", ex->slug), ins, NULL, &h);
		ex->quiz = jint(h.json, "id");
		http_free(&h);
		call(AS, "GET", path_of("/api/v1/assessments/%s", ex->aid), ins, NULL, &h);
		for (size_t q = 0; q < 2; q++) {
			struct json_object *qo = idx(json_get(h.json, "questions"), q), *opts = json_get(qo, "options");

			ex->qid[q] = jint(qo, "id");
			for (size_t o = 0; opts && o < json_object_array_length(opts); o++)
				*(jbool(idx(opts, o), "correct") == 1 ? &ex->right[q] : &ex->wrong[q]) = jint(idx(opts, o), "id");
		}
		http_free(&h);
		if (ex->quiz <= 0 || ex->aid[0] == '\0' || ex->right[1] <= 0 || ex->wrong[1] <= 0)
			bail("cannot find the ids of %s", ex->slug);
	}
}

int main(void)
{
	char cmd[1024];

	if (import_with(NULL, NULL, NULL, NULL) != 0)
		bail("cannot import the test course");
	/* r-teacher teaches the demo course, and is a learner in this one */
	snprintf(cmd, sizeof(cmd), "\"%s\" enroll r-teacher demo-course --role instructor >&2", need_env("INVIGIL_BIN"));
	if (system(cmd) != 0)
		bail("cannot enroll r-teacher in the demo course");
	ins = login(NULL, "instructor", "demo");
	adm = login(NULL, "admin", "demo");
	rt = login(NULL, "r-teacher", "demo");
	for (int i = 0; i < 10; i++) {
		snprintf(cmd, sizeof(cmd), "learner2%d", i);
		if ((l[i] = login(NULL, cmd, "demo")) == NULL)
			bail("cannot log in %s", cmd);
	}
	if (!ins || !adm || !rt)
		bail("cannot log in the staff");
	load_exams();
	ok(course > 0, "the test course (%lld) and its nine exams", course);
	access_code();
	ip_filter();
	bad_filters();
	window();
	attempts_left();
	hidden_answers();
	staff_rights();
	staff_writes();
	ranks();
	pass_fail();
	free(ins);
	free(adm);
	free(rt);
	for (int i = 0; i < 10; i++)
		free(l[i]);
	return done_testing();
}
