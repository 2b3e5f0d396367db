/* API tests: the bad-input corpus over every route of every face.
 *
 * The routes come from the faces' own tables (face_testpress, face_assess,
 * face_canvas, face_course in libinvigil.a); fixtures/badinput/routes.txt gives each one
 * a path filled with the ids of objects this test creates and a valid body,
 * so the handler gets past its lookups and reads the body.  Every route gets
 * the structural corpus (bodies.txt), every field of its valid body gets
 * every wrong value (values.txt), and the generated cases (nesting 10,000
 * deep, bodies over the app's 1 MiB and nginx's 2 MiB, long URLs) follow.
 * Each answer: never a 5xx, a JSON body in the face's error envelope, and a
 * 400 caused by one field names that field.  t_api_essays.c stores texts
 * byte-exact; t_api_badflood.c holds the workers' RSS flat. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "invigil/api.h"
#include "invigil/route.h"
#include "client.h"
#include "corpus.h"
#include "fill.h"
#include "../tap.h"

static struct corpus_row *routes_txt, *bodies, *values;
static int nroutes_txt, nbodies, nvalues;

/* Counters for the figures (by category) and the failures. */
#define NCAT 32
static struct {
	char *name;
	int sent;
} cats[NCAT];
static int total, fives, nonjson, unnamed, noanswer, rows_run;

static void count(const char *cat)
{
	int i;

	for (i = 0; i < NCAT && cats[i].name != NULL; i++)
		if (strcmp(cats[i].name, cat) == 0)
			break;
	if (i == NCAT)
		i = NCAT - 1;
	if (cats[i].name == NULL && (cats[i].name = strdup(cat)) == NULL)
		bail("out of memory");
	cats[i].sent++;
	total++;
}

/* Whether names holds one of the keys of path "a.b.c" (the wrong field
 * or a member enclosing it: an assessment names "questions[0].options"
 * when an option's "correct" leaves no right answer). */
static bool names_one(const char *names, const char *path)
{
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k != NULL; k = strtok_r(NULL, ".", &save)) {
		char prose[512];
		size_t n;

		if (strcasestr(names, k) != NULL)
			return true;
		/* Canvas names fields in prose: quiz_questions as "quiz question" */
		snprintf(prose, sizeof(prose), "%s", k);
		for (char *p = prose; *p; p++)
			*p = *p == '_' ? ' ' : *p;
		n = strlen(prose);
		if (n > 1 && prose[n - 1] == 's')
			prose[n - 1] = '\0';
		if (strchr(prose, ' ') != NULL && strcasestr(names, prose) != NULL)
			return true;
	}
	return false;
}

/* Sends one request and checks the answer; field: the path of the field
 * made wrong (NULL: none, or a value of the field's own type whose 400 may
 * be about its meaning, as a wrong password), whose name a 400 must carry.
 * Returns the status. */
static long send_one(const char *cat, const char *method, const char *path, const char *auth, const char *ct,
                     const char *body, size_t len, const char *field)
{
	struct http h;
	struct http_req rq = {.method = method, .path = path, .auth = auth, .content_type = ct,
	                      .body = body, .body_len = body ? (long)len : -1};
	char names[1024];
	long st;

	http_do(&rq, &h);
	st = h.status;
	count(cat);
	if (st == 0) {
		noanswer++;
		diag("no answer: %s %.120s [%s]", method, path, cat);
	} else if (st >= 500) {
		fives++;
		diag("%ld: %s %.120s [%s] %.200s -> %.300s", st, method, path, cat, body ? body : "", h.body ? h.body : "");
	}
	if (st >= 400 && !corpus_envelope(corpus_face_of(path), h.json, names, sizeof(names))) {
		nonjson++;
		diag("not the face's JSON envelope: %s %.120s [%s] %ld %.200s", method, path, cat, st, h.body ? h.body : "");
	}
	if (field != NULL && st == 400 && !names_one(names, field)) {
		unnamed++;
		diag("400 without field \"%s\": %s %.100s body %.200s -> %.300s", field, method, path, body, h.body);
	}
	http_free(&h);
	return st;
}

static const struct corpus_row *route_row(const char *method, const char *pattern, int nth)
{
	for (int i = 0; i < nroutes_txt; i++)
		if (strcmp(routes_txt[i].f[0], method) == 0 && strcmp(routes_txt[i].f[1], pattern) == 0 && nth-- == 0)
			return &routes_txt[i];
	return NULL;
}

/* The JSON type of a value, numbers as one type. */
static int kind(struct json_object *o)
{
	enum json_type t = json_object_get_type(o);

	return t == json_type_double ? json_type_int : (int)t;
}

/* Must a 400 for value v in place of original name the field?  Yes for
 * another type, a NUL or ill-formed UTF-8 in a string and a non-finite
 * number; not for null (as if
 * absent), a value that is not JSON, or one of the right type (its 400 can
 * be about meaning: wrong credentials name no field). */
static bool must_name(const struct corpus_row *v, struct json_object *original)
{
	struct json_object *o;
	bool yes;

	if (strcmp(v->f[0], "parse") == 0)
		return false;
	if (strcmp(v->f[0], "badtext") == 0 || strcmp(v->f[0], "nonfinite") == 0)
		return true;
	if ((o = json_tokener_parse(v->data)) == NULL)
		return false; /* null, or not JSON */
	yes = kind(o) != kind(original);
	json_object_put(o);
	return yes;
}

/* Puts value in place of the member at path (keys and array indexes) of a
 * copy of the valid body, and sends it; recurses into every member. */
static void mutate_all(const struct corpus_row *rt, const char *path, const char *auth, struct json_object *root,
                       struct json_object *node, const char *where)
{
	if (json_object_is_type(node, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(node); i++)
			mutate_all(rt, path, auth, root, json_object_array_get_idx(node, i), where);
		return;
	}
	if (!json_object_is_type(node, json_type_object))
		return;
	json_object_object_foreach(node, key, child) {
		struct json_object *keep = json_object_get(child);

		const char *mark = "\"@@BADVALUE@@\"", *text, *at;
		char at_key[512];

		snprintf(at_key, sizeof(at_key), "%s%s%s", where, *where ? "." : "", key);

		json_object_object_add(node, key, json_object_new_string("@@BADVALUE@@"));
		text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
		at = strstr(text, mark);
		for (int v = 0; at != NULL && v < nvalues; v++) {
			size_t pre = (size_t)(at - text), post = strlen(at + strlen(mark)), len = pre + values[v].len + post;
			char *b = malloc(len + 1);

			if (b == NULL)
				bail("out of memory");
			/* the value may hold a raw NUL byte: copy by length */
			memcpy(b, text, pre);
			memcpy(b + pre, values[v].data, values[v].len);
			memcpy(b + pre + values[v].len, at + strlen(mark), post + 1);
			char cat[64];

			snprintf(cat, sizeof(cat), "field value: %s", values[v].f[0]);
			send_one(cat, rt->f[0], path, auth, "application/json", b, len,
			         must_name(&values[v], keep) ? at_key : NULL);
			free(b);
		}
		json_object_object_add(node, key, keep);
		mutate_all(rt, path, auth, root, keep, at_key);
	}
}

/* The generated cases: deep nesting, oversized bodies. */
static void generated(const char *method, const char *path, const char *auth)
{
	size_t deep = 10000, big1 = (1u << 20) + 1, big2 = (2u << 20) + 1;
	char *b = malloc(big2 + 1);

	if (b == NULL)
		bail("out of memory");
	memset(b, '[', deep);
	send_one("nesting", method, path, auth, "application/json", b, deep, NULL);
	memset(b + deep, ']', deep);
	send_one("nesting", method, path, auth, "application/json", b, 2 * deep, NULL);
	for (size_t i = 0; i < deep; i++)
		memcpy(b + 5 * i, "{\"a\":", 5);
	send_one("nesting", method, path, auth, "application/json", b, 5 * deep, NULL);
	/* a valid JSON string just over each limit */
	memset(b, 'x', big2);
	b[0] = '"';
	b[big1 - 1] = '"';
	send_one("oversize", method, path, auth, "application/json", b, big1, NULL);
	b[big1 - 1] = 'x';
	b[big2 - 1] = '"';
	send_one("oversize", method, path, auth, "application/json", b, big2, NULL);
	free(b);
}

/* Long and odd URLs and query strings on one GET route. */
static void urls(const char *path, const char *auth)
{
	static const char *const queries[] = {
		"page=-1", "page=0", "page=1e309", "page=99999999999999999999", "per_page=-3", "per_page=1e9",
		"page=%00", "page=%zz", "page[]=1", "page[x]=1", "page=1&page=x", "q=%FF%FE", "q=%ED%A0%80",
		"include[]=submission&include[]=%00", "section=abc", "section=-0", "%=1", "&&&=&",
	};
	char *u = malloc(200000);

	if (u == NULL)
		bail("out of memory");
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		snprintf(u, 200000, "%s?%s", path, queries[i]);
		send_one("query", "GET", u, auth, NULL, NULL, 0, NULL);
	}
	/* 6 KB and 100 KB query strings, an 8 KB path: nginx's 414/400 come in JSON too */
	for (size_t n = 6000; n <= 100000; n *= 16) {
		int k = snprintf(u, 200000, "%s?page=1&x=", path);

		memset(u + k, 'a', n);
		u[k + (int)n] = '\0';
		send_one("longurl", "GET", u, auth, NULL, NULL, 0, NULL);
	}
	{
		int k = snprintf(u, 200000, "%s", path);

		memset(u + k, 'a', 8000);
		u[k + 8000] = '\0';
		send_one("longurl", "GET", u, auth, NULL, NULL, 0, NULL);
	}
	free(u);
}

/* The route's valid request: proof that its path reaches the handler
 * with objects that exist, so the corpus is read, not refused by a 404. */
static void valid_request(const struct route *rt, const char *path, const char *auth, const char *valid)
{
	struct http h;
	struct http_req rq = {.method = rt->method, .path = path, .auth = auth,
	                      .content_type = valid ? "application/json" : NULL, .body = valid, .body_len = -1};

	http_do(&rq, &h);
	ok(h.status >= 200 && h.status < 300, "%s %s: the valid request reaches the handler (%ld)", rt->method, path,
	   h.status);
	if (h.status >= 300)
		diag("%.300s", h.body ? h.body : "");
	http_free(&h);
}

/* Everything for one route (one row of routes.txt). */
static void one_route(const struct route *rt, const struct corpus_row *row)
{
	char path[1024], *valid = NULL;
	const char *auth = fill_auth(row->f[3]);
	bool has_body = strcmp(row->data, "-") != 0, ends_state = atoi(row->f[4]) == 1;

	rows_run++;

	fill(row->f[2], path, sizeof(path));
	if (has_body) {
		char tmp[4096];

		fill(row->data, tmp, sizeof(tmp));
		valid = strdup(tmp);
	}
	/* the valid request first, so no corpus request changes what it
	 * finds; a route that ends the state gets it last */
	if (!ends_state)
		valid_request(rt, path, auth, valid);
	for (int b = 0; b < nbodies; b++) {
		char cat[64];

		snprintf(cat, sizeof(cat), "body: %s", bodies[b].f[0]);
		send_one(cat, rt->method, path, auth, strcmp(bodies[b].f[1], "-") ? bodies[b].f[1] : NULL,
		         bodies[b].data, bodies[b].len, NULL);
	}
	if (rt->body == RB_REQUIRED) /* an empty body where one is required */
		send_one("empty", rt->method, path, auth, "application/json", "", 0, NULL);
	generated(rt->method, path, auth);
	if (valid != NULL) {
		struct json_object *root = json_tokener_parse(valid);

		if (root == NULL)
			bail("routes.txt: the valid body of %s %s is not JSON: %s", rt->method, rt->pattern, valid);
		mutate_all(row, path, auth, root, root, "");
		json_object_put(root);
	}
	if (strcmp(rt->method, "GET") == 0)
		urls(path, auth);
	if (ends_state)
		valid_request(rt, path, auth, valid);
	free(valid);
}

int main(void)
{
	const struct face *faces[] = {&face_testpress, &face_assess, &face_canvas, &face_course, &face_testpress_admin};
	int missing = 0;

	nroutes_txt = corpus_load("routes.txt", 6, &routes_txt);
	nbodies = corpus_load("bodies.txt", 3, &bodies);
	nvalues = corpus_load("values.txt", 2, &values);
	fill_setup();
	/* pass 0: routes that leave state alone; then those that end it, and
	 * those that need it ended (routes.txt's order column) */
	for (int pass = 0; pass < 4; pass++)
		for (size_t f = 0; f < sizeof(faces) / sizeof(faces[0]); f++)
			for (size_t i = 0; i < faces[f]->nroutes; i++) {
				const struct route *rt = &faces[f]->routes[i];
				const struct corpus_row *row;

				if (route_row(rt->method, rt->pattern, 0) == NULL) {
					if (pass == 0) {
						missing++;
						diag("no row in routes.txt for %s %s %s", faces[f]->name, rt->method, rt->pattern);
					}
					continue;
				}
				for (int k = 0; (row = route_row(rt->method, rt->pattern, k)) != NULL; k++)
					if (atoi(row->f[4]) == pass)
						one_route(rt, row);
			}
	is_int(missing, 0, "every route of every face has a row in routes.txt");
	{
		size_t nroutes = 0;

		for (size_t f = 0; f < sizeof(faces) / sizeof(faces[0]); f++)
			nroutes += faces[f]->nroutes;
		diag("figures: routes %zu (every route of the 5 faces' tables), %d rows of routes.txt, each one's valid "
		     "request answered 2xx before or after its corpus", nroutes, rows_run);
	}
	diag("figures: requests %d", total);
	for (int i = 0; i < NCAT && cats[i].name; i++)
		diag("figures: category %s %d", cats[i].name, cats[i].sent);
	diag("figures: 5xx %d, no answer %d, errors outside the face's JSON envelope %d, 400s not naming the wrong field %d",
	     fives, noanswer, nonjson, unnamed);
	is_int(noanswer, 0, "every bad request got an answer");
	is_int(fives, 0, "%d bad requests: no 5xx", total);
	is_int(nonjson, 0, "every error is a JSON body in its face's envelope");
	is_int(unnamed, 0, "every 400 for a wrong field names the field");
	fill_teardown();
	return done_testing();
}
