/* API tests: the authorization matrix (OWASP API Security Top 10 2023:
 * API1 object level, API3 object property level, API5 function level).
 *
 * Every route of every face's route table (the linked face_testpress,
 * face_canvas, face_assess, face_course, face_testpress_admin: a route added later joins the matrix, and
 * fails it until it has an expectation row) is asked by seven roles, its
 * parameters filled with objects az-owner owns: a running Testpress attempt
 * and its answer, a running Canvas quiz submission, an assessments
 * submission, a course-face quiz attempt. Besides the owner's own ids, each route that names an object
 * gets the owner's id of another face, another course in the path, and ids
 * that disagree. Each cell has an expected status; a cell leaks when a
 * refused role gets a 2xx, when a body shows another role the owner's data
 * (saved answers, name, email; the validation token to anyone but the
 * owner), when a refused request or a read by someone else changes the
 * database. Then authz_leak.c walks each state of an exam on every face.
 * With AUTHZ_OBSERVE=1 the program prints the statuses it saw as table
 * rows; with AUTHZ_FIGURES=FILE it writes the matrix's figures there. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "invigil/api.h"
#include "invigil/route.h"
#include "authz.h"
#include "client.h"
#include "../tap.h"

static const char *const az_role_name[ROLES] = {"anonymous", "bad token", "owner", "other learner",
                                             "other course's instructor", "course instructor", "admin"};
static const char *const case_name[OBJCASES] = {"own ids", "another face's id", "another course", "ids that disagree"};

/* One row per route: its body (a valid one, so that a refusal is the
 * rights' and not the body's: {OPT} s1's right option, {WRONG} its wrong
 * one, {TOKEN} the owner's validation token, {UID} the owner's user id,
 * {CID} the course, {Q1} {Q2} the questions) and, per object case, the
 * status of each role in enum azrole order:
 *   anonymous, bad token, owner, other learner, other course's instructor,
 *   course instructor, admin.
 * NULL where the case does not apply to the route. */
struct expect {
	const char *face, *method, *pattern, *body;
	const char *st[OBJCASES];
};

#include "authz_table.h"

static const struct face *const faces[] = {&face_testpress, &face_canvas, &face_assess, &face_course,
                                           &face_testpress_admin};

static const struct expect *expect_of(const struct face *f, const struct route *rt)
{
	for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++)
		if (strcmp(expects[i].face, f->name) == 0 && strcmp(expects[i].method, rt->method) == 0 &&
		    strcmp(expects[i].pattern, rt->pattern) == 0)
			return &expects[i];
	return NULL;
}

static enum face_id face_id(const struct face *f)
{
	return f == &face_testpress ? F_TP : f == &face_canvas ? F_CV : f == &face_assess ? F_AS
	       : f == &face_course ? F_CO : F_TA;
}

/* The value of parameter name of route pattern pat on face f for case c;
 * NULL when the case changes nothing in this parameter. */
static const char *param(enum face_id f, const char *pat, const char *name, enum objcase c, char *buf, size_t n)
{
	long long v = -1;
	const char *s = NULL;

	if (f == F_TP) {
		if (strcmp(name, "slug") == 0)
			s = "az-tp";
		else if (strcmp(name, "code") == 0)
			s = "no-such-code";
		else if (strcmp(name, "id") == 0 && strncmp(pat, "/questions", 10) == 0)
			v = fx.q_choice;
		else if (strcmp(name, "id") == 0 && strncmp(pat, "/contents", 9) == 0)
			v = fx.co_read;
		else if (strcmp(name, "id") == 0 && strncmp(pat, "/user_videos", 12) == 0)
			v = c == O_XFACE ? fx.cv_sid : fx.tp_video;
		else if (strcmp(name, "id") == 0)
			v = c == O_XFACE ? fx.cv_sid : c == O_MISMATCH ? fx.other_att : fx.tp_att;
		else if (strcmp(name, "sec") == 0)
			v = fx.tp_sec;
		else if (strcmp(name, "aq") == 0)
			v = fx.tp_aq;
	} else if (f == F_CV) {
		if (strcmp(name, "cid") == 0)
			v = c == O_XCOURSE ? fx.demo_course : fx.course;
		else if (strcmp(name, "qid") == 0 && strncmp(pat, "/quiz_submissions", 17) == 0)
			v = fx.q_choice;
		else if (strcmp(name, "qid") == 0)
			v = c == O_MISMATCH ? fx.tp_exam : fx.cv_quiz;
		else if (strcmp(name, "id") == 0)
			v = fx.q_choice;
		else if (strcmp(name, "sid") == 0)
			v = c == O_XFACE ? fx.tp_att : fx.cv_sid;
	} else if (f == F_TA) {
		if (strcmp(name, "id") == 0 && strstr(pat, "video-conference") != NULL)
			v = c == O_XFACE ? fx.cv_sid : fx.co_vc;
		else if (strcmp(name, "id") == 0)
			v = c == O_XFACE ? fx.cv_sid : fx.tp_att;
	} else if (f == F_CO) {
		if (strcmp(name, "cid") == 0)
			v = c == O_XCOURSE ? fx.demo_course : fx.course;
		else if (strcmp(name, "sid") == 0)
			v = fx.co_sec;
		else if (strcmp(name, "lid") == 0)
			v = strstr(pat, "complete") != NULL ? fx.co_read : fx.co_quiz;
		else if (strcmp(name, "aid") == 0)
			v = c == O_XFACE ? fx.cv_sid : c == O_MISMATCH ? fx.tp_att : fx.co_att;
	} else {
		if (strcmp(name, "id") == 0)
			s = c == O_MISMATCH ? fx.as_other_id : fx.as_id;
		else if (strcmp(name, "sid") == 0 && c == O_XFACE)
			v = fx.tp_att;
		else if (strcmp(name, "sid") == 0)
			s = fx.as_sid;
	}
	if (s != NULL)
		return s;
	if (v < 0)
		bail("no value for {%s} of %s", name, pat);
	snprintf(buf, n, "%lld", v);
	return buf;
}

/* Whether case c changes any parameter of pat: the routes that name an
 * owned object (another face's id), a course (another course), or two ids
 * that must agree. */
static bool applies(enum face_id f, const char *pat, enum objcase c)
{
	switch (c) {
	case O_NATIVE:
		return true;
	case O_XFACE:
		/* the course face's {sid} is a section: its owned object is the attempt {aid} */
		if (f == F_CO)
			return strstr(pat, "{aid:") != NULL;
		if (f == F_TA)
			return strstr(pat, "{id:") != NULL;
		return (f == F_TP && (strncmp(pat, "/attempts/{", 11) == 0 || strncmp(pat, "/user_videos/{", 14) == 0)) ||
		       strstr(pat, "{sid:") != NULL;
	case O_XCOURSE:
		return strstr(pat, "{cid:") != NULL;
	case O_MISMATCH:
		return (f == F_TP && (strstr(pat, "{aq:") || strstr(pat, "{sec:"))) || (f == F_CO && strstr(pat, "{aid:")) ||
		       (f == F_CV && strstr(pat, "{cid:") && strstr(pat, "{sid:")) || (f == F_AS && strstr(pat, "{sid:"));
	default:
		return false;
	}
}

/* The face's path for route pat filled for case c. */
static void fill(const struct face *f, const char *pat, enum objcase c, char *out, size_t n)
{
	size_t o = (size_t)snprintf(out, n, "%s", f->prefixes[0]);
	const char *p = pat;

	while (*p && o < n - 1) {
		if (*p == '{') {
			char name[32], val[64];
			size_t k = 0;

			for (p++; *p && *p != ':' && *p != '}' && k < sizeof(name) - 1; p++)
				name[k++] = *p;
			name[k] = '\0';
			while (*p && *p != '}')
				p++;
			if (*p)
				p++;
			o += (size_t)snprintf(out + o, n - o, "%s", param(face_id(f), pat, name, c, val, sizeof(val)));
		} else {
			out[o++] = *p++;
		}
	}
	out[o < n ? o : n - 1] = '\0';
	/* Testpress paths end in a slash (DRF), the others do not */
	if (face_id(f) == F_TP && o < n - 1 && out[o - 1] != '/')
		snprintf(out + o, n - o, "/");
}

/* tmpl with its {NAME}s replaced by the fixture's values. */
static void body_of(const char *tmpl, char *out, size_t n)
{
	struct { const char *k; char v[96]; } subs[] = {{"{OPT}", ""}, {"{WRONG}", ""}, {"{TOKEN}", ""}, {"{UID}", ""},
	                                               {"{CID}", ""}, {"{Q1}", ""}, {"{Q2}", ""}};
	size_t o = 0;

	snprintf(subs[0].v, sizeof(subs[0].v), "%lld", fx.opt_right);
	snprintf(subs[1].v, sizeof(subs[1].v), "%lld", fx.opt_wrong);
	snprintf(subs[2].v, sizeof(subs[2].v), "%s", fx.cv_token);
	snprintf(subs[3].v, sizeof(subs[3].v), "%lld", fx.owner_uid);
	snprintf(subs[4].v, sizeof(subs[4].v), "%lld", fx.course);
	snprintf(subs[5].v, sizeof(subs[5].v), "%lld", fx.q_choice);
	snprintf(subs[6].v, sizeof(subs[6].v), "%lld", fx.q_text);
	while (*tmpl && o < n - 1) {
		size_t i, m = sizeof(subs) / sizeof(subs[0]);

		for (i = 0; i < m; i++)
			if (strncmp(tmpl, subs[i].k, strlen(subs[i].k)) == 0)
				break;
		if (i < m) {
			o += (size_t)snprintf(out + o, n - o, "%s", subs[i].v);
			tmpl += strlen(subs[i].k);
		} else {
			out[o++] = *tmpl++;
		}
	}
	out[o < n ? o : n - 1] = '\0';
}

static int nroutes, ncells, nheld, nleaked, nmissing;

/* Parses "401 401 200 ..." into want[ROLES]; false when malformed. */
static bool statuses(const char *s, long want[ROLES])
{
	char *end;

	for (int i = 0; i < ROLES; i++) {
		want[i] = strtol(s, &end, 10);
		if (end == s || want[i] < 100 || want[i] > 599)
			return false;
		s = end;
	}
	return *s == '\0';
}

/* roles in the order they ask: the refused first, the owner last, so that
 * each refusal meets the object as the owner left it */
static const enum azrole order[ROLES] = {R_ANON, R_BADTOKEN, R_OTHER, R_STRANGER, R_TEACHER, R_ADMIN, R_OWNER};

/* One row of the matrix: route rt of face f, case c, all roles; one ok line. */
static void row(const struct face *f, const struct route *rt, const struct expect *e, enum objcase c, bool observe)
{
	char path[400], body[900], what[500];
	long want[ROLES], got[ROLES];
	bool have = e != NULL && e->st[c] != NULL && statuses(e->st[c], want), good = true;
	int leaks = 0;

	fill(f, rt->pattern, c, path, sizeof(path));
	if (e != NULL && e->body != NULL)
		body_of(e->body, body, sizeof(body));
	snprintf(what, sizeof(what), "%s %s (%s)", rt->method, path, case_name[c]);
	for (int i = 0; i < ROLES; i++) {
		enum azrole ro = order[i];
		struct http h;
		unsigned long long before = authz_db_sum(), after;
		const char *mark;
		bool refused = have && want[ro] >= 400, leak = false;

		authz_call(face_id(f), ro, rt->method, path, e && e->body ? body : NULL, &h);
		after = authz_db_sum();
		got[ro] = h.status;
		ncells++;
		/* API1/API5: a refused role got the object or the action */
		if (refused && h.status >= 200 && h.status < 300)
			leak = true, diag("LEAK %s as %s: %ld", what, az_role_name[ro], h.status);
		/* API3: the owner's data where this role may not see it */
		mark = authz_leaked_mark(h.body);
		if (mark != NULL && ro != R_OWNER &&
		    (ro < R_TEACHER || strcmp(mark, fx.cv_token) == 0 || refused))
			leak = true, diag("LEAK %s as %s: the body shows \"%s\"", what, az_role_name[ro], mark);
		/* a refusal, or someone else's read, writes nothing */
		if (before != after && (refused || (strcmp(rt->method, "GET") == 0 && ro != R_OWNER)))
			leak = true, diag("LEAK %s as %s (%ld): the database changed", what, az_role_name[ro], h.status);
		if (have && h.status != want[ro]) {
			good = false;
			diag("%s as %s: %ld, expected %ld; %.300s", what, az_role_name[ro], h.status, want[ro],
			     h.body ? h.body : "");
		}
		leaks += leak;
		nleaked += leak;
		nheld += !leak && have && h.status == want[ro];
		http_free(&h);
	}
	if (observe)
		diag("OBSERVED {\"%s\", \"%s\", \"%s\"} %s: \"%ld %ld %ld %ld %ld %ld %ld\"", f->name, rt->method, rt->pattern,
		     case_name[c], got[0], got[1], got[2], got[3], got[4], got[5], got[6]);
	if (!have) {
		nmissing++;
		ok(false, "%s: the matrix has an expectation", what);
		return;
	}
	ok(good && leaks == 0, "%s: %d roles as expected, nothing leaked", what, ROLES);
}

/* The routes whose allowed cells end the owner's objects (or add a question
 * every later submission would have to answer) run after all others. */
static bool terminal(const struct route *rt)
{
	static const char *const last[] = {"/attempts/{id:int}/end", "/complete", "/{id:slug}/questions"};

	for (size_t i = 0; i < sizeof(last) / sizeof(last[0]); i++)
		if (strstr(rt->pattern, last[i]) != NULL && strcmp(rt->method, "GET") != 0)
			return true;
	return false;
}

static void matrix(bool observe)
{
	static const enum objcase corder[OBJCASES] = {O_MISMATCH, O_XCOURSE, O_XFACE, O_NATIVE};

	for (int pass = 0; pass < 2; pass++)
		for (size_t fi = 0; fi < sizeof(faces) / sizeof(faces[0]); fi++)
			for (size_t r = 0; r < faces[fi]->nroutes; r++) {
				const struct route *rt = &faces[fi]->routes[r];
				const struct expect *e = expect_of(faces[fi], rt);

				if (terminal(rt) != (pass == 1))
					continue;
				nroutes++;
				for (int k = 0; k < OBJCASES; k++)
					if (applies(face_id(faces[fi]), rt->pattern, corder[k]))
						row(faces[fi], rt, e, corder[k], observe);
			}
}

/* --- setup: the fixture course, the roles' tokens, the owner's objects --- */

static char *token_of(const char *user)
{
	char cmd[700], line[4096];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "\"%s\" token %s", need_env("INVIGIL_BIN"), user);
	if ((p = popen(cmd, "r")) == NULL || fgets(line, sizeof(line), p) == NULL)
		bail("cannot mint a token for %s", user);
	pclose(p);
	line[strcspn(line, "\r\n")] = '\0';
	return strdup(line);
}

static void need(bool cond, const char *what, const struct http *h)
{
	if (!cond)
		bail("setup: %s (%ld %.300s)", what, h->status, h->body ? h->body : "");
}

static void setup(void)
{
	char cmd[800], path[300], body[600];
	static const char *const users[ROLES] = {NULL, NULL, "az-owner", "az-other", "instructor", "az-teacher", "admin"};
	struct http h;
	struct json_object *qs;

	/* Canvas quiz submission ids far above attempt ids: an id of one face
	 * used on another then names nothing there, for every role */
	authz_sql_int("ALTER TABLE submissions AUTO_INCREMENT = 700000");
	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/authz-course.json\" >&2",
	         need_env("INVIGIL_BIN"), need_env("INVIGIL_SRCDIR"));
	if (system(cmd) != 0)
		bail("cannot import the authz course");
	for (int r = R_OWNER; r < ROLES; r++)
		fx.tok[r] = token_of(users[r]);
	fx.course = authz_sql_int("SELECT id FROM courses WHERE slug = 'authz-test'");
	fx.demo_course = authz_sql_int("SELECT id FROM courses WHERE slug = 'demo-course'");
	fx.owner_uid = authz_sql_int("SELECT id FROM users WHERE username = 'az-owner'");
	fx.other_uid = authz_sql_int("SELECT id FROM users WHERE username = 'az-other'");
	fx.tp_exam = authz_sql_int("SELECT id FROM exams WHERE slug = 'az-tp'");
	fx.cv_quiz = authz_sql_int("SELECT id FROM exams WHERE slug = 'az-cv'");

	/* public ids and the question key, as the course instructor sees them */
	authz_call(F_AS, R_TEACHER, "GET", "/api/v1/assessments?per_page=100", NULL, &h);
	qs = json_get(h.json, "data");
	for (size_t i = 0; qs && i < json_object_array_length(qs); i++) {
		const char *slug = json_str(authz_idx(qs, i), "slug"), *id = json_str(authz_idx(qs, i), "id");

		if (slug && id && strcmp(slug, "az-as") == 0)
			snprintf(fx.as_id, sizeof(fx.as_id), "%s", id);
		if (slug && id && strcmp(slug, "az-shown") == 0)
			snprintf(fx.as_other_id, sizeof(fx.as_other_id), "%s", id);
	}
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/assessments/%s", fx.as_id);
	authz_call(F_AS, R_TEACHER, "GET", path, NULL, &h);
	qs = json_get(h.json, "questions");
	fx.q_choice = authz_jint(authz_idx(qs, 0), "id");
	fx.q_text = authz_jint(authz_idx(qs, 1), "id");
	for (size_t o = 0; o < 2; o++) {
		struct json_object *op = authz_idx(json_get(authz_idx(qs, 0), "options"), o), *v = json_get(op, "correct");

		*(v && json_object_get_boolean(v) ? &fx.opt_right : &fx.opt_wrong) = authz_jint(op, "id");
	}
	need(fx.q_choice > 0 && fx.q_text > 0 && fx.opt_right > 0 && fx.opt_wrong > 0, "the questions of az-as", &h);
	http_free(&h);
	authz_call(F_AS, R_TEACHER, "GET", "/api/v1/assessments?per_page=100", NULL, &h);
	qs = json_get(h.json, "data");
	for (size_t i = 0; qs && i < json_object_array_length(qs); i++)
		if (strcmp(json_str(authz_idx(qs, i), "slug") ? json_str(authz_idx(qs, i), "slug") : "", "az-essay") == 0)
			snprintf(path, sizeof(path), "/api/v1/assessments/%s", json_str(authz_idx(qs, i), "id"));
	http_free(&h);
	authz_call(F_AS, R_TEACHER, "GET", path, NULL, &h);
	fx.q_essay = authz_jint(authz_idx(json_get(h.json, "questions"), 1), "id");
	need(fx.q_essay > 0, "the essay of az-essay", &h);
	http_free(&h);

	/* the owner's running Testpress attempt, both questions answered */
	authz_call(F_TP, R_OWNER, "POST", "/api/v2.2/exams/az-tp/attempts/", NULL, &h);
	need(h.status == 201 && (fx.tp_att = authz_jint(h.json, "id")) > 0, "the owner's Testpress attempt", &h);
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", fx.tp_att);
	authz_call(F_TP, R_OWNER, "GET", path, NULL, &h);
	qs = json_get(h.json, "results");
	fx.tp_aq = authz_jint(authz_idx(qs, 0), "id");
	fx.tp_sec = authz_jint(json_get(authz_idx(qs, 0), "attempt_section"), "id");
	need(fx.tp_aq > 0 && fx.tp_sec > 0, "the owner's answer records", &h);
	{
		long long aq2 = authz_jint(authz_idx(qs, 1), "id");

		http_free(&h);
		snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", fx.tp_att, fx.tp_aq);
		snprintf(body, sizeof(body), "{\"selected_answers\":[%lld]}", fx.opt_right);
		authz_call(F_TP, R_OWNER, "PUT", path, body, &h);
		need(h.status == 200, "the owner's Testpress answer", &h);
		http_free(&h);
		snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/%lld/", fx.tp_att, aq2);
		authz_call(F_TP, R_OWNER, "PUT", path, "{\"short_text\":\"OWNER-TP-7c1e\"}", &h);
		need(h.status == 200, "the owner's Testpress short answer", &h);
		http_free(&h);
	}
	authz_call(F_TP, R_OTHER, "POST", "/api/v2.2/exams/az-tp/attempts/", NULL, &h);
	need(h.status == 201 && (fx.other_att = authz_jint(h.json, "id")) > 0, "the other learner's attempt", &h);
	http_free(&h);

	/* the owner's running Canvas quiz submission, both questions answered */
	snprintf(path, sizeof(path), "/api/v1/courses/%lld/quizzes/%lld/submissions", fx.course, fx.cv_quiz);
	authz_call(F_CV, R_OWNER, "POST", path, NULL, &h);
	qs = authz_idx(json_get(h.json, "quiz_submissions"), 0);
	need(h.status == 200 && (fx.cv_sid = authz_jint(qs, "id")) >= 700000, "the owner's Canvas submission", &h);
	fx.cv_attempt = authz_jint(qs, "attempt");
	snprintf(fx.cv_token, sizeof(fx.cv_token), "%s", json_str(qs, "validation_token"));
	http_free(&h);
	snprintf(path, sizeof(path), "/api/v1/quiz_submissions/%lld/questions", fx.cv_sid);
	snprintf(body, sizeof(body),
	         "{\"attempt\":%lld,\"validation_token\":\"%s\",\"quiz_questions\":[{\"id\":%lld,\"answer\":%lld},"
	         "{\"id\":%lld,\"answer\":\"OWNER-CV-5d2a\"}]}",
	         fx.cv_attempt, fx.cv_token, fx.q_choice, fx.opt_right, fx.q_text);
	authz_call(F_CV, R_OWNER, "POST", path, body, &h);
	need(h.status == 200, "the owner's Canvas answers", &h);
	http_free(&h);

	/* the owner's assessments submission */
	snprintf(path, sizeof(path), "/api/v1/assessments/%s/submissions", fx.as_id);
	snprintf(body, sizeof(body),
	         "{\"answers\":[{\"question_id\":%lld,\"selected_option_ids\":[%lld]},"
	         "{\"question_id\":%lld,\"text\":\"OWNER-AS-9e4b\"}]}",
	         fx.q_choice, fx.opt_right, fx.q_text);
	authz_call(F_AS, R_OWNER, "POST", path, body, &h);
	need(h.status == 201 && json_str(h.json, "id") != NULL, "the owner's assessments submission", &h);
	snprintf(fx.as_sid, sizeof(fx.as_sid), "%s", json_str(h.json, "id"));
	http_free(&h);

	/* the owner's quiz attempt on the course face */
	fx.co_sec = authz_sql_int("SELECT s.id FROM course_sections s JOIN courses c ON c.id = s.course_id "
	                          "WHERE c.slug = 'authz-test' AND s.skey = 'cs1'");
	fx.co_read = authz_sql_int("SELECT id FROM lessons WHERE skey = 'cl-read'");
	fx.co_quiz = authz_sql_int("SELECT id FROM lessons WHERE skey = 'cl-quiz'");
	snprintf(path, sizeof(path), "/api/v2/course/%lld/section/%lld/lesson/%lld/attempt/", fx.course, fx.co_sec,
	         fx.co_quiz);
	snprintf(body, sizeof(body), "{\"responses\":[{\"question_id\":%lld,\"selected_options\":[%lld]}]}",
	         fx.q_choice, fx.opt_right);
	authz_call(F_CO, R_OWNER, "POST", path, body, &h);
	need(h.status == 200 && (fx.co_att = authz_jint(h.json, "id")) > 0, "the owner's course quiz attempt", &h);
	http_free(&h);
	/* the owner's progress with a video lesson; a video conference's lesson */
	fx.co_video = authz_sql_int("SELECT id FROM lessons WHERE skey = 'cl-video'");
	fx.co_vc = authz_sql_int("SELECT id FROM lessons WHERE skey = 'cl-vc'");
	snprintf(path, sizeof(path), "/api/v2.3/contents/%lld/attempts/", fx.co_video);
	authz_call(F_TP, R_OWNER, "POST", path, NULL, &h);
	need(h.status == 201 && (fx.tp_video = authz_jint(h.json, "user_video_id")) > 0, "the owner's video progress", &h);
	http_free(&h);
}

static void figures(int leak_cells, int leak_leaks)
{
	const char *file = getenv("AUTHZ_FIGURES");
	FILE *o;

	diag("matrix: %d routes x %d roles x up to %d object cases = %d cells; %d held, %d leaked", nroutes, ROLES,
	     OBJCASES, ncells, nheld, nleaked);
	diag("answer leakage per state: %d responses walked, %d leaked", leak_cells, leak_leaks);
	if (file == NULL || (o = fopen(file, "w")) == NULL)
		return;
	fprintf(o, "| | routes | roles | object cases | cells | held | leaked |\n|---|---:|---:|---:|---:|---:|---:|\n");
	fprintf(o, "| matrix | %d | %d | 1–%d per route | %d | %d | %d |\n", nroutes, ROLES, OBJCASES, ncells, nheld,
	        nleaked);
	fprintf(o, "| answer leakage per state | | | | %d | %d | %d |\n", leak_cells, leak_cells - leak_leaks,
	        leak_leaks);
	fclose(o);
}

int main(void)
{
	bool observe = getenv("AUTHZ_OBSERVE") != NULL;
	int lcells = 0, lleaks = 0;

	setup();
	ok(fx.tp_att > 0 && fx.cv_sid > 0 && fx.as_sid[0] && fx.co_att > 0,
	   "the owner's objects: attempt %lld, submission %lld, %s, course quiz attempt %lld", fx.tp_att, fx.cv_sid,
	   fx.as_sid, fx.co_att);
	matrix(observe);
	is_int(nmissing, 0, "every route of every face has an expectation row");
	is_int(nleaked, 0, "%d cells: none leaked", ncells);
	authz_leak_states(&lcells, &lleaks);
	figures(lcells, lleaks);
	for (int r = 0; r < ROLES; r++)
		free(fx.tok[r]);
	return done_testing();
}
