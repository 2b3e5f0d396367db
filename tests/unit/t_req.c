/* Unit tests: URI, query and body decoding (src/web/req.c, body.c). */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/req.h"
#include "../tap.h"

static struct arena a;

static struct req fresh(void)
{
	struct req r = {0};

	arena_reset(&a);
	r.arena = &a;
	return r;
}

static void test_uri(void)
{
	struct req r = fresh();

	is_int(req_parse_uri(&r, "/api/v2.2/attempts/42/?x=1"), INV_OK, "uri parses");
	is_int((int64_t)r.nsegs, 4, "four segments, trailing slash dropped");
	is_str(r.segs[3], "42", "last segment");
	is_str(r.path, "/api/v2.2/attempts/42/", "raw path kept");
	is_str(req_query(&r, "x"), "1", "query value");

	r = fresh();
	is_int(req_parse_uri(&r, "/api//exams/a%2Fb"), INV_OK, "escaped slash stays inside its segment");
	is_int((int64_t)r.nsegs, 3, "empty segments dropped");
	is_str(r.segs[2], "a/b", "segment decoded after the split");

	r = fresh();
	is_int(req_parse_uri(&r, "/api/x%00y"), INV_EINVAL, "NUL byte refused");
	r = fresh();
	is_int(req_parse_uri(&r, "/api/x%4"), INV_EINVAL, "truncated escape refused");
	r = fresh();
	is_int(req_parse_uri(&r, "/api/x%zz"), INV_EINVAL, "non-hex escape refused");
	r = fresh();
	is_int(req_parse_uri(&r, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r"), INV_ENOTFOUND, "too many segments");
}

static void test_query(void)
{
	struct req r = fresh();

	is_int(req_parse_uri(&r, "/x?include[]=user&include[]=quiz&q=a+b%20c&flag&tag=caf%C3%A9"), INV_OK,
	       "query with repeated keys");
	is_int((int64_t)r.nquery, 5, "all pairs kept");
	is_str(r.query[0].key, "include[]", "repeated key 1");
	is_str(r.query[1].value, "quiz", "repeated key 2 value");
	is_str(req_query(&r, "q"), "a b c", "plus and %%20 are spaces");
	is_str(req_query(&r, "flag"), "", "bare key has empty value");
	is_str(req_query(&r, "tag"), "caf\xc3\xa9", "UTF-8 decoded");
	is_str(req_escape(&r, "a b/é"), "a%20b%2F%C3%A9", "escape for URLs");
}

static enum inv_err parse_body(struct req *r, const char *ct, const char *body, int depth)
{
	r->content_type = ct;
	r->body = arena_strdup(&a, body);
	r->body_len = strlen(body);
	return body_parse(r, depth);
}

static void test_json(void)
{
	struct req r = fresh();
	const char *s;
	int64_t n;
	bool b;

	is_int(parse_body(&r, "application/json; charset=utf-8", "{\"username\":\"u\",\"n\":5,\"b\":true}", 32),
	       INV_OK, "JSON object parses");
	is_int(body_str(&r, r.json, "username", &s), 1, "string field read");
	is_str(s, "u", "string value");
	is_int(body_int(&r, r.json, "n", 1, 10, &n), 1, "int field read");
	is_int(body_bool(&r, r.json, "b", &b), 1, "bool field read");
	is_int(body_int(&r, r.json, "username", 0, 10, &n), -1, "string is not an int in JSON");
	is_str(r.err_field, "username", "error names the field");
	is_int(body_int(&r, r.json, "n", 6, 10, &n), -1, "range checked");
	is_int(body_str(&r, r.json, "missing", &s), 0, "absent field");
	req_clear(&r);

	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"a\":1} trailing", 32), INV_EINVAL, "trailing garbage refused");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"a\":1", 32), INV_EINVAL, "truncated JSON refused");
	ok(r.err_msg && strstr(r.err_msg, "JSON parse error"), "message says JSON parse error");
	r = fresh();
	is_int(parse_body(&r, "application/json", "[[[[[[1]]]]]]", 4), INV_EINVAL, "too deep refused");
	ok(r.err_msg && strstr(r.err_msg, "deeper"), "message says too deep");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"a\":NaN}", 32), INV_EINVAL, "NaN refused");
	is_str(r.err_field, "a", "NaN: the error names the field");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"o\":{\"x\":[1,1e309]}}", 32), INV_EINVAL, "1e309 refused");
	is_str(r.err_field, "x", "1e309: the innermost member's key is the field");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"essay_text\":\"ab\\u0000cd\"}", 32), INV_EINVAL,
	       "\\u0000 in a string refused, not cut short");
	is_str(r.err_field, "essay_text", "NUL: the error names the field");
	ok(r.err_msg && strstr(r.err_msg, "Null characters"), "NUL: DRF's message");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"t\":\"\xc0\xaf\"}", 32), INV_EINVAL, "overlong UTF-8 refused");
	is_str(r.err_field, "t", "overlong: names the field");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"t\":\"\xf4\x90\x80\x80\"}", 32), INV_EINVAL,
	       "a code point past U+10FFFF refused");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"t\":\"\xed\xa0\x80\"}", 32), INV_EINVAL,
	       "an encoded surrogate refused");
	r = fresh();
	is_int(parse_body(&r, "application/x-www-form-urlencoded", "t=%ff%fe", 32), INV_EINVAL,
	       "ill-formed UTF-8 in a form refused");
	is_str(r.err_field, "t", "form: names the field");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"t\":\"\xf0\x9f\x98\x80 e\xcc\x81 \xe2\x80\xa8\"}", 32),
	       INV_OK, "emoji, combining marks and U+2028 are fine");
	req_clear(&r);
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"a\":\"\xff\"}", 32), INV_EINVAL, "invalid UTF-8 refused");
	r = fresh();
	is_int(parse_body(&r, "application/json", "{\"a\":99999999999999999999}", 32), INV_OK, "huge int parses");
	is_int(body_int(&r, r.json, "a", 0, INT64_MAX, &n), -1, "but saturated ints are refused");
	req_clear(&r);
	r = fresh();
	is_int(parse_body(&r, "text/plain", "hello", 32), INV_EUNSUPPORTED, "text/plain is 415");
	r = fresh();
	is_int(parse_body(&r, "application/json", "", 32), INV_OK, "empty body is fine here");
	ok(r.json == NULL, "and leaves no tree");
}

static void test_form(void)
{
	struct req r = fresh();
	struct json_object *q, *item, *v;
	int64_t n;
	bool b;

	is_int(parse_body(&r, "application/x-www-form-urlencoded",
	                  "quiz_questions[][id]=1&quiz_questions[][answer]=5&quiz_questions[][id]=2"
	                  "&quiz_questions[][answer][]=6&quiz_questions[][answer][]=7"
	                  "&s[12][score]=1.5&a=1&a=2&n=42&flag=true",
	                  32),
	       INV_OK, "Rails-style form parses");
	ok(json_object_object_get_ex(r.json, "quiz_questions", &q) && json_object_array_length(q) == 2,
	   "q[][id] builds an array of two objects");
	item = json_object_array_get_idx(q, 1);
	ok(json_object_object_get_ex(item, "answer", &v) && json_object_is_type(v, json_type_array) &&
	       json_object_array_length(v) == 2,
	   "nested answer[] is an array");
	ok(json_object_object_get_ex(r.json, "s", &v) && json_object_object_get_ex(v, "12", &v) &&
	       json_object_object_get_ex(v, "score", &v) && strcmp(json_object_get_string(v), "1.5") == 0,
	   "s[12][score] is an object path");
	ok(json_object_object_get_ex(r.json, "a", &v) && json_object_is_type(v, json_type_array),
	   "repeated plain key becomes an array");
	is_int(body_int(&r, r.json, "n", 0, 100, &n), 1, "numeric string accepted from a form");
	is_int(n, 42, "its value");
	is_int(body_bool(&r, r.json, "flag", &b), 1, "form boolean");
	req_clear(&r);

	r = fresh();
	is_int(parse_body(&r, "application/x-www-form-urlencoded",
	                  "quiz_submissions[][attempt]=1&quiz_submissions[][questions][32][score]=2"
	                  "&quiz_submissions[][questions][32][comment]=ok", 32),
	       INV_OK, "Canvas manual scoring as a form");
	ok(json_object_object_get_ex(r.json, "quiz_submissions", &q) && json_object_array_length(q) == 1,
	   "one quiz submission item, not three");
	item = json_object_array_get_idx(q, 0);
	ok(json_object_object_get_ex(item, "questions", &v) && json_object_object_get_ex(v, "32", &v) &&
	       json_object_object_get_ex(v, "comment", NULL) && json_object_object_get_ex(v, "score", NULL),
	   "score and comment of question 32 together");
	req_clear(&r);
	r = fresh();
	is_int(parse_body(&r, "application/x-www-form-urlencoded", "a=1&a[b]=2", 32), INV_EINVAL,
	       "conflicting form keys refused");
	r = fresh();
	is_int(parse_body(&r, "", "username=x&password=y", 32), INV_OK, "no content type: form sniffed");
	req_clear(&r);
	r = fresh();
	is_int(parse_body(&r, "", "{\"username\":\"x\"}", 32), INV_OK, "no content type: JSON sniffed");
	ok(r.body_kind == BODY_JSON, "as JSON");
	req_clear(&r);
}

int main(void)
{
	test_uri();
	test_query();
	test_json();
	test_form();
	arena_free(&a);
	return done_testing();
}
