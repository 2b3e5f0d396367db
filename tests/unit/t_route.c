/* Unit tests: the router (src/web/route.c). */
#include "config.h"

#include <string.h>

#include "invigil/arena.h"
#include "invigil/req.h"
#include "invigil/route.h"
#include "../tap.h"

static enum inv_err h_dummy(struct req *r, struct resp *w)
{
	(void)r;
	(void)w;
	return INV_OK;
}

static const struct route routes_a[] = {
	{"GET", "/attempts", h_dummy, WHO_USER, RB_FORBIDDEN},
	{"GET", "/attempts/{id:int}", h_dummy, WHO_USER, RB_FORBIDDEN},
	{"PUT", "/attempts/{id:int}/start", h_dummy, WHO_USER, RB_OPTIONAL},
	{"PUT", "/attempts/{id:int}/questions/{aq:int}", h_dummy, WHO_USER, RB_REQUIRED},
	{"GET", "/exams/{slug:slug}", h_dummy, WHO_USER, RB_FORBIDDEN},
	{"POST", "/exams/{slug:slug}/attempts", h_dummy, WHO_USER, RB_OPTIONAL},
	{"GET", "/exams/{slug:slug}/attempts", h_dummy, WHO_USER, RB_FORBIDDEN},
};
static const char *const prefixes_a[] = {"/api/v2.2", NULL};
static const struct face face_a = {"a", prefixes_a, routes_a, sizeof(routes_a) / sizeof(routes_a[0]), NULL, NULL};

static const struct route routes_b[] = {
	{"GET", "/{id:str}", h_dummy, WHO_USER, RB_FORBIDDEN},
};
static const char *const prefixes_b[] = {"/api/v1/assessments", NULL};
static const struct face face_b = {"b", prefixes_b, routes_b, 1, NULL, NULL};
static const struct face *const faces[] = {&face_a, &face_b};

static struct arena a;

static enum route_result match(const char *method, const char *uri, struct req *r, struct route_match *m)
{
	memset(r, 0, sizeof(*r));
	arena_reset(&a);
	r->arena = &a;
	r->method = method;
	if (req_parse_uri(r, uri) != INV_OK)
		return ROUTE_NO_FACE;
	return route_match(faces, 2, r, m);
}

int main(void)
{
	struct req r;
	struct route_match m;

	is_int(match("GET", "/api/v2.2/attempts/", &r, &m), ROUTE_FOUND, "list with trailing slash");
	is_int(match("GET", "/api/v2.2/attempts", &r, &m), ROUTE_FOUND, "list without trailing slash");
	is_int(match("GET", "/api/v2.2/attempts/42/", &r, &m), ROUTE_FOUND, "typed int parameter");
	ok(m.route == &routes_a[1], "the detail route");
	is_int(req_param(&r, "id")->num, 42, "id captured as a number");
	is_int(match("PUT", "/api/v2.2/attempts/7/questions/99", &r, &m), ROUTE_FOUND, "two parameters");
	is_int(req_param(&r, "aq")->num, 99, "second parameter");
	is_int(match("GET", "/api/v2.2/attempts/abc/", &r, &m), ROUTE_NO_PATH, "non-numeric id is 404");
	is_int(match("GET", "/api/v2.2/attempts/0/", &r, &m), ROUTE_NO_PATH, "zero id is 404");
	is_int(match("GET", "/api/v2.2/attempts/99999999999999999999/", &r, &m), ROUTE_NO_PATH, "huge id is 404");
	is_int(match("GET", "/api/v2.2/attempts/-1/", &r, &m), ROUTE_NO_PATH, "negative id is 404");
	is_int(match("DELETE", "/api/v2.2/attempts/5/", &r, &m), ROUTE_NO_METHOD, "wrong method is 405");
	is_str(m.allow, "GET", "Allow lists the methods");
	is_int(match("GET", "/api/v2.2/attempts/5/start/", &r, &m), ROUTE_NO_METHOD, "GET on a PUT route");
	is_str(m.allow, "PUT", "Allow: PUT");
	is_int(match("GET", "/api/v2.2/exams/my-exam_1.x/attempts/", &r, &m), ROUTE_FOUND, "slug parameter");
	is_str(req_param(&r, "slug")->text, "my-exam_1.x", "slug captured");
	is_int(match("PATCH", "/api/v2.2/exams/s/attempts/", &r, &m), ROUTE_NO_METHOD, "405 on shared pattern");
	ok(strstr(m.allow, "POST") && strstr(m.allow, "GET"), "Allow has both methods");
	is_int(match("GET", "/api/v2.2/exams/bad%20slug/", &r, &m), ROUTE_NO_PATH, "slug with a space is 404");
	is_int(match("GET", "/api/v2.2/nothing", &r, &m), ROUTE_NO_PATH, "unknown path under a face");
	ok(m.face == &face_a, "still owned by the face (its error envelope)");
	is_int(match("GET", "/api/v9/x", &r, &m), ROUTE_NO_FACE, "no face");
	is_int(match("GET", "/api/v1/assessments/asmnt_x", &r, &m), ROUTE_FOUND, "second face by prefix");
	ok(m.face == &face_b, "face b");
	is_int(match("GET", "/api/v2.20/attempts", &r, &m), ROUTE_NO_FACE, "prefix matches whole segments only");
	arena_free(&a);
	return done_testing();
}
