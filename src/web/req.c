/* invigil — URI and query decoding (pure: no FastCGI here; see fcgi.c). */
#include "config.h"

#include <errno.h>

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uriparser/Uri.h>

#include "invigil/arena.h"
#include "invigil/req.h"

enum inv_err req_fail(struct req *r, enum inv_err err, const char *field, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->err_msg = arena_strdup(r->arena, buf);
	r->err_field = field;
	return err;
}

/* Percent-decodes s in place with liburiparser.  Returns the decoded
 * length, or -1 when the result would hold a NUL byte. */
static long unescape(char *s, int plus_to_space)
{
	const char *end = uriUnescapeInPlaceExA(s, plus_to_space ? URI_TRUE : URI_FALSE,
	                                        URI_BR_DONT_TOUCH);
	long n = (long)(end - s);

	return (long)strlen(s) == n ? n : -1;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

/* A '%' must be followed by two hex digits: liburiparser keeps a bad escape
 * as is, which would make "%zz" and its "decoded" text mean the same. */
static int escapes_valid(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '%' && (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2])))
			return 0;
	return 1;
}

enum inv_err req_parse_uri(struct req *r, const char *uri)
{
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	const char *p = uri, *end = uri + plen;

	r->uri = uri;
	r->path = arena_strndup(r->arena, uri, plen);
	if (r->path == NULL)
		return INV_EINTERNAL;
	r->nsegs = 0;
	while (p < end) {
		const char *slash;
		size_t n;
		char *seg;

		while (p < end && *p == '/')
			p++;
		if (p >= end)
			break;
		slash = memchr(p, '/', (size_t)(end - p));
		n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		if (r->nsegs == REQ_MAX_SEGS)
			return req_fail(r, INV_ENOTFOUND, NULL, "The path has too many segments.");
		if (!escapes_valid(p, n))
			return req_fail(r, INV_EINVAL, NULL, "The path has a malformed percent-escape.");
		seg = arena_strndup(r->arena, p, n);
		if (seg == NULL)
			return INV_EINTERNAL;
		if (unescape(seg, 0) < 0)
			return req_fail(r, INV_EINVAL, NULL, "The path holds a NUL byte.");
		r->segs[r->nsegs++] = seg;
		p += n;
	}
	if (q == NULL) {
		r->query = NULL;
		r->nquery = 0;
		return INV_OK;
	}
	return req_parse_pairs(r, q + 1, strlen(q + 1), &r->query, &r->nquery);
}

enum inv_err req_parse_pairs(struct req *r, const char *text, size_t len,
                             struct req_kv **out, size_t *nout)
{
	size_t cap = 1, n = 0;
	struct req_kv *kv;
	const char *p = text, *end = text + len;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '&')
			cap++;
	kv = arena_calloc(r->arena, cap, sizeof(*kv));
	if (kv == NULL)
		return INV_EINTERNAL;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		size_t plen = amp ? (size_t)(amp - p) : (size_t)(end - p);
		const char *eq = memchr(p, '=', plen);
		size_t klen = eq ? (size_t)(eq - p) : plen;
		char *k, *v;

		if (plen > 0) {
			if (!escapes_valid(p, plen))
				return req_fail(r, INV_EINVAL, NULL, "The query or form body has a malformed percent-escape.");
			k = arena_strndup(r->arena, p, klen);
			v = eq ? arena_strndup(r->arena, eq + 1, plen - klen - 1) : arena_strdup(r->arena, "");
			if (k == NULL || v == NULL)
				return INV_EINTERNAL;
			if (unescape(k, 1) < 0 || unescape(v, 1) < 0)
				return req_fail(r, INV_EINVAL, NULL, "The query or form body holds a NUL byte.");
			kv[n].key = k;
			kv[n].value = v;
			n++;
		}
		p += plen + (amp ? 1 : 0);
	}
	*out = kv;
	*nout = n;
	return INV_OK;
}

const char *req_query(const struct req *r, const char *key)
{
	for (size_t i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, key) == 0)
			return r->query[i].value;
	return NULL;
}

int req_query_int(struct req *r, const char *key, int64_t min, int64_t max, int64_t *out)
{
	const char *s = req_query(r, key);
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno == ERANGE || v < min || v > max || !(*s == '-' || (*s >= '0' && *s <= '9'))) {
		r->err_field = key;
		r->err_msg = arena_printf(r->arena, "must be an integer from %lld to %lld", (long long)min, (long long)max);
		return -1;
	}
	*out = v;
	return 1;
}

const struct req_path_param *req_param(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return &r->params[i];
	return NULL;
}

const char *req_escape(struct req *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(r->arena, strlen(s) * 3 + 1), *p = out;

	if (out == NULL)
		return "";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

const char *req_like_pattern(struct req *r, const char *s)
{
	char *out = arena_alloc(r->arena, strlen(s) * 2 + 3), *p = out;

	if (out == NULL)
		return NULL;
	*p++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

void req_clear(struct req *r)
{
	if (r->json != NULL)
		json_object_put(r->json);
	if (r->err_details != NULL)
		json_object_put(r->err_details);
	r->json = NULL;
	r->err_details = NULL;
}
