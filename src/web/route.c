/* invigil — path matching against the faces' static route tables. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/req.h"
#include "invigil/route.h"

#define INT_PARAM_MAX 9007199254740992LL /* 2^53: what every JSON client can hold */

/* Number of leading segments of r covered by prefix "/api/v2.2", or -1. */
static int prefix_len(const struct req *r, const char *prefix)
{
	size_t i = 0;
	const char *p = prefix;

	while (*p == '/')
		p++;
	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (i >= r->nsegs || strlen(r->segs[i]) != n || strncmp(r->segs[i], p, n) != 0)
			return -1;
		i++;
		p += n;
		while (*p == '/')
			p++;
	}
	return (int)i;
}

static bool parse_int_param(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (*s == '\0' || strlen(s) > 16)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v < 1 || v > INT_PARAM_MAX)
		return false;
	*out = v;
	return true;
}

static bool is_slug(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

/* Matches one pattern segment (length n) against a request segment,
 * capturing a parameter into r when capture is true. */
static bool seg_match(struct req *r, const char *pat, size_t n, const char *seg, bool capture)
{
	const char *colon;
	char type[8];
	struct req_path_param p = {0};
	size_t tlen;

	if (n < 2 || pat[0] != '{' || pat[n - 1] != '}')
		return strlen(seg) == n && strncmp(pat, seg, n) == 0;
	colon = memchr(pat, ':', n);
	if (colon == NULL)
		return false; /* every parameter is typed */
	tlen = (size_t)(pat + n - 1 - colon - 1);
	if (tlen >= sizeof(type))
		return false;
	memcpy(type, colon + 1, tlen);
	type[tlen] = '\0';
	if (strcmp(type, "int") == 0) {
		if (!parse_int_param(seg, &p.num))
			return false;
	} else if (strcmp(type, "slug") == 0) {
		if (!is_slug(seg))
			return false;
	} else if (strcmp(type, "str") != 0) {
		return false;
	}
	if (!capture)
		return true;
	if (r->nparams == REQ_MAX_PARAMS)
		return false;
	p.name = arena_strndup(r->arena, pat + 1, (size_t)(colon - pat - 1));
	p.text = seg;
	if (p.name == NULL)
		return false;
	r->params[r->nparams++] = p;
	return true;
}

/* Does pattern match r's segments from index start? */
static bool path_match(struct req *r, const char *pattern, size_t start, bool capture)
{
	const char *p = pattern;
	size_t i = start;

	if (capture)
		r->nparams = 0;
	while (*p == '/')
		p++;
	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (i >= r->nsegs || !seg_match(r, p, n, r->segs[i], capture))
			return false;
		i++;
		p += n;
		while (*p == '/')
			p++;
	}
	return i == r->nsegs;
}

static void allow_add(char *allow, size_t cap, const char *method)
{
	size_t len = strlen(allow);

	if (strstr(allow, method) != NULL)
		return;
	snprintf(allow + len, cap - len, "%s%s", len ? ", " : "", method);
}

enum route_result route_match(const struct face *const *faces, size_t nfaces, struct req *r,
                              struct route_match *m)
{
	int start = -1;

	memset(m, 0, sizeof(*m));
	for (size_t f = 0; f < nfaces && m->face == NULL; f++)
		for (const char *const *p = faces[f]->prefixes; *p != NULL; p++)
			if ((start = prefix_len(r, *p)) >= 0) {
				m->face = faces[f];
				break;
			}
	if (m->face == NULL)
		return ROUTE_NO_FACE;
	for (size_t i = 0; i < m->face->nroutes; i++) {
		const struct route *rt = &m->face->routes[i];

		if (!path_match(r, rt->pattern, (size_t)start, false))
			continue;
		if (strcmp(rt->method, r->method) != 0) {
			allow_add(m->allow, sizeof(m->allow), rt->method);
			continue;
		}
		if (!path_match(r, rt->pattern, (size_t)start, true))
			return ROUTE_NO_PATH; /* out of parameter slots: a table bug */
		m->route = rt;
		return ROUTE_FOUND;
	}
	return m->allow[0] ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}
