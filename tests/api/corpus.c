/* invigil API tests — the bad-input corpus files and the error envelopes. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "../tap.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *corpus_unescape(const char *s, size_t *len)
{
	size_t n = strlen(s), o = 0;
	char *out = malloc(n + 1);

	if (out == NULL)
		bail("out of memory");
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			out[o++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case '0': out[o++] = '\0'; break;
		case '\\': out[o++] = '\\'; break;
		case 'x':
			if (i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
				out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
				i += 2;
				break;
			}
			/* fall through */
		default: out[o++] = '\\'; out[o++] = s[i]; break;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* Splits line at tabs into at most max fields; returns how many. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

int corpus_load(const char *name, int nfields, struct corpus_row **out)
{
	char path[1024], line[8192];
	FILE *f;
	int n = 0, cap = 0;
	struct corpus_row *rows = NULL;

	snprintf(path, sizeof(path), "%s/tests/api/fixtures/badinput/%s", need_env("INVIGIL_SRCDIR"), name);
	if ((f = fopen(path, "r")) == NULL)
		bail("cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *fl[CORPUS_MAX_FIELDS];
		struct corpus_row *r;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (split_tabs(line, fl, nfields) != nfields)
			bail("%s: a row without %d tab-separated fields: %s", name, nfields, line);
		if (n == cap && (rows = realloc(rows, sizeof(*rows) * (size_t)(cap = cap ? cap * 2 : 64))) == NULL)
			bail("out of memory");
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		for (int i = 0; i < nfields; i++)
			if ((r->f[i] = strdup(fl[i])) == NULL)
				bail("out of memory");
		/* the last field is the payload, with escapes */
		r->data = corpus_unescape(fl[nfields - 1], &r->len);
	}
	fclose(f);
	*out = rows;
	return n;
}

void corpus_free(struct corpus_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < CORPUS_MAX_FIELDS; k++)
			free(rows[i].f[k]);
		free(rows[i].data);
	}
	free(rows);
}

enum corpus_face corpus_face_of(const char *path)
{
	if (strncmp(path, "/api/v1/assessments", 19) == 0 && strchr("/?", path[19]) != NULL)
		return CF_ASSESS; /* strchr finds the terminating NUL too */
	if (strncmp(path, "/api/v1/", 8) == 0)
		return CF_CANVAS;
	if (strncmp(path, "/api/v2/", 8) == 0)
		return CF_COURSE;
	return CF_TESTPRESS;
}

/* Appends s and a comma to buf. */
static void add_name(char *buf, size_t size, const char *s)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s,", s);
}

bool corpus_envelope(enum corpus_face face, struct json_object *j, char *fields, size_t size)
{
	struct json_object *e, *d;

	fields[0] = '\0';
	if (j == NULL || !json_object_is_type(j, json_type_object))
		return false;
	switch (face) {
	case CF_TESTPRESS: /* {"detail": ...} or {"field": ["msg"]} */
		json_object_object_foreach(j, k, v) {
			if (strcmp(k, "detail") == 0)
				continue;
			if (!json_object_is_type(v, json_type_array) && !json_object_is_type(v, json_type_object))
				return false;
			add_name(fields, size, k);
		}
		return json_object_object_length(j) > 0;
	case CF_CANVAS: /* {"errors": [{"message": "..."}]} */
		if (!json_object_object_get_ex(j, "errors", &e) || !json_object_is_type(e, json_type_array) ||
		    json_object_array_length(e) == 0)
			return false;
		for (size_t i = 0; i < json_object_array_length(e); i++) {
			struct json_object *m = NULL;
			const char *msg;

			if (!json_object_object_get_ex(json_object_array_get_idx(e, i), "message", &m) ||
			    !json_object_is_type(m, json_type_string))
				return false;
			msg = json_object_get_string(m);
			/* Canvas names a field inside its message ("quiz_submissions is
			 * required", "Unknown answer '7'"), or the renderer puts
			 * "field: " first: the whole message counts */
			add_name(fields, size, msg);
		}
		return true;
	case CF_ASSESS: /* {"error": {"code", "message", "details": [{"field", "message"}]}} */
		if (!json_object_object_get_ex(j, "error", &e) || !json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "code", NULL) || !json_object_object_get_ex(e, "message", NULL))
			return false;
		if (json_object_object_get_ex(e, "field", &d) && json_object_is_type(d, json_type_string))
			add_name(fields, size, json_object_get_string(d));
		if (json_object_object_get_ex(e, "details", &d) && json_object_is_type(d, json_type_array))
			for (size_t i = 0; i < json_object_array_length(d); i++) {
				struct json_object *fv = NULL;

				if (json_object_object_get_ex(json_object_array_get_idx(d, i), "field", &fv) &&
				    json_object_is_type(fv, json_type_string))
					add_name(fields, size, json_object_get_string(fv));
			}
		return true;
	case CF_COURSE: /* {"detail", "code", "errors": [{"field", "error"}]}; nginx's own: {"detail"} */
		if (!json_object_object_get_ex(j, "detail", &d) || !json_object_is_type(d, json_type_string))
			return false;
		if (json_object_object_get_ex(j, "errors", &e)) {
			if (!json_object_is_type(e, json_type_array))
				return false;
			for (size_t i = 0; i < json_object_array_length(e); i++) {
				struct json_object *fv = NULL;

				if (!json_object_object_get_ex(json_object_array_get_idx(e, i), "field", &fv) ||
				    !json_object_is_type(fv, json_type_string))
					return false;
				add_name(fields, size, json_object_get_string(fv));
			}
		}
		return true;
	}
	return false;
}
