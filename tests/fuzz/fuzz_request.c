/* libFuzzer target: request decoding as a worker does it.  The input's
 * first line is the request URI, its second the content type, the rest the
 * body: the URI is split and decoded, the query pairs read, the router
 * matched against every face's table, and the body parsed (JSON or form)
 * into the tree handlers read.  Nothing may crash, leak or read out of
 * bounds, whatever the bytes. */
#include "config.h"

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/req.h"
#include "invigil/route.h"

static const struct face *const faces[] = {&face_testpress, &face_assess, &face_canvas};

/* The next line of data (up to '\n'), NUL-terminated in the arena; advances. */
static const char *line(struct arena *a, const uint8_t **p, size_t *left)
{
	const uint8_t *nl = memchr(*p, '\n', *left);
	size_t n = nl ? (size_t)(nl - *p) : *left;
	const char *s = arena_strndup(a, (const char *)*p, n);

	*p += n + (nl != NULL);
	*left -= n + (nl != NULL);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a;
	struct req r = {0};
	struct route_match m;
	const uint8_t *p = data;
	size_t left = size;
	const char *uri, *type;

	arena_reset(&a);
	r.arena = &a;
	r.method = (size > 0 && (data[0] & 1)) ? "POST" : "GET";
	uri = line(&a, &p, &left);
	type = line(&a, &p, &left);
	if (uri == NULL || type == NULL)
		return 0;
	r.uri = uri;
	if (req_parse_uri(&r, uri) == INV_OK)
		(void)route_match(faces, sizeof(faces) / sizeof(faces[0]), &r, &m);
	r.content_type = *type ? type : NULL;
	r.body = arena_strndup(&a, (const char *)p, left);
	r.body_len = r.body ? left : 0;
	if (r.body != NULL && body_parse(&r, 32) == INV_OK && r.json != NULL) {
		const char *s;
		int64_t i;
		bool b;

		/* the typed readers every face uses, on keys the faces read */
		(void)body_str(&r, r.json, "access_code", &s);
		(void)body_int(&r, r.json, "attempt", 1, 1000000, &i);
		(void)body_bool(&r, r.json, "review", &b);
	}
	req_clear(&r);
	return 0;
}
