/* invigil — body decoding (JSON and form) and typed field readers. */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "invigil/arena.h"
#include "invigil/body.h"
#include "invigil/req.h"

/* Does content type ct name mime (parameters such as charset ignored)? */
static bool type_is(const char *ct, const char *mime)
{
	size_t n = strlen(mime);

	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, mime, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static bool json_type_ok(const char *ct)
{
	const char *semi;
	size_t n;

	if (type_is(ct, "application/json"))
		return true;
	/* application/vnd.foo+json and friends */
	semi = strchr(ct, ';');
	n = semi ? (size_t)(semi - ct) : strlen(ct);
	return n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0;
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left), or 0:
 * json-c's VALIDATE_UTF8 lets overlong forms, surrogates and code points
 * past U+10FFFF through, which MariaDB's utf8mb4 then refuses (1366). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* Why text (len bytes) cannot be stored as it is, or NULL. */
static const char *bad_text(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0, k; i < len; i += k) {
		if (s[i] == '\0')
			return "Null characters are not allowed.";
		if ((k = utf8_seq(s + i, len - i)) == 0)
			return "Not valid UTF-8 text.";
	}
	return NULL;
}

/* Finds a value no handler may receive: a non-finite number (json-c
 * accepts NaN, Infinity and 1e309 even in strict mode), a string holding
 * NUL (C strings would cut it short) or ill-formed UTF-8.  Returns the
 * reason or NULL; *field is the key of the nearest enclosing member (NULL
 * at the top level), so the face can name the field. */
static const char *bad_value(struct json_object *o, const char *key, const char **field)
{
	const char *why;

	*field = key;
	switch (json_object_get_type(o)) {
	case json_type_double:
		return isfinite(json_object_get_double(o)) ? NULL
		                                           : "A finite number is required (not NaN, Infinity or 1e309).";
	case json_type_string:
		return bad_text(json_object_get_string(o), (size_t)json_object_get_string_len(o));
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if ((why = bad_value(json_object_array_get_idx(o, i), key, field)) != NULL)
				return why;
		return NULL;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			if ((why = bad_text(k, strlen(k))) != NULL) {
				*field = NULL; /* a key that is not text cannot name itself */
				return why;
			}
			if ((why = bad_value(v, k, field)) != NULL)
				return why;
		}
		return NULL;
	}
	default:
		return NULL;
	}
}

/* Refuses a parsed body holding a value bad_value() finds. */
static enum inv_err check_values(struct req *r)
{
	const char *field = NULL, *why = bad_value(r->json, NULL, &field);

	if (why == NULL)
		return INV_OK;
	if (field != NULL) /* the key dies with the tree */
		field = arena_strdup(r->arena, field);
	json_object_put(r->json);
	r->json = NULL;
	r->body_kind = BODY_NONE;
	return req_fail(r, INV_EINVAL, field, "%s", why);
}

static enum inv_err parse_json(struct req *r, int max_depth)
{
	struct json_tokener *tok = json_tokener_new_ex(max_depth);
	struct json_object *o;
	enum json_tokener_error jerr;
	size_t end;

	if (tok == NULL)
		return INV_EINTERNAL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	/* len + 1 includes the NUL the arena copy ends with: the end-of-input signal */
	o = json_tokener_parse_ex(tok, r->body, (int)r->body_len + 1);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (o == NULL || jerr != json_tokener_success) {
		if (o != NULL)
			json_object_put(o);
		if (jerr == json_tokener_error_depth)
			return req_fail(r, INV_EINVAL, NULL, "JSON parse error - nesting deeper than %d levels",
			                max_depth);
		return req_fail(r, INV_EINVAL, NULL, "JSON parse error - %s at byte %zu",
		                jerr == json_tokener_continue ? "unexpected end of input"
		                                              : json_tokener_error_desc(jerr),
		                end);
	}
	if (end < r->body_len && strspn(r->body + end, " \t\r\n") != r->body_len - end) {
		json_object_put(o);
		return req_fail(r, INV_EINVAL, NULL, "JSON parse error - unexpected data after the value at byte %zu", end);
	}
	r->json = o;
	r->body_kind = BODY_JSON;
	return check_values(r);
}

/* --- form bodies -------------------------------------------------------- */

/* Splits "a[b][]" into its base and bracket parts.  Returns the number of
 * parts (base included), or -1 when malformed or deeper than max. */
static int split_key(struct req *r, const char *key, char **parts, int max)
{
	const char *open = strchr(key, '[');
	int n = 0;

	parts[n++] = open ? arena_strndup(r->arena, key, (size_t)(open - key)) : arena_strdup(r->arena, key);
	if (parts[0] == NULL || parts[0][0] == '\0')
		return -1;
	while (open != NULL && *open != '\0') {
		const char *close;

		if (*open != '[' || (close = strchr(open, ']')) == NULL || n == max)
			return -1;
		parts[n] = arena_strndup(r->arena, open + 1, (size_t)(close - open - 1));
		if (parts[n] == NULL)
			return -1;
		n++;
		open = close + 1;
	}
	return n;
}

/* Places value under container at parts[i..n), the way Rack does. */
static int form_place(struct json_object *container, char **parts, int i, int n, const char *value);

static int place_in_array_item(struct json_object *arr, char **parts, int i, int n, const char *value)
{
	size_t len = json_object_array_length(arr);
	struct json_object *last = len ? json_object_array_get_idx(arr, len - 1) : NULL;

	bool nested_array = false, has_path = last != NULL;
	struct json_object *walk = last;

	for (int j = i + 1; j < n; j++)
		nested_array |= parts[j][0] == '\0';
	/* does the last item hold the whole path already? */
	for (int j = i; has_path && j < n; j++)
		has_path = json_object_is_type(walk, json_type_object) && json_object_object_get_ex(walk, parts[j], &walk);
	/* q[][id]=1&q[][answer]=2&q[][id]=3: a new object starts when the last one
	 * already holds this path; q[][answer][]=6&q[][answer][]=7 and
	 * q[][s][1][score]=2&q[][s][1][comment]=x keep adding to it (Rack's rule) */
	if (last == NULL || !json_object_is_type(last, json_type_object) || (!nested_array && has_path)) {
		last = json_object_new_object();
		if (last == NULL || json_object_array_add(arr, last) != 0)
			return -1;
	}
	return form_place(last, parts, i, n, value);
}

static int form_place(struct json_object *obj, char **parts, int i, int n, const char *value)
{
	const char *k = parts[i];
	struct json_object *cur = NULL, *v;
	bool has = json_object_object_get_ex(obj, k, &cur);

	if (i + 1 == n) { /* leaf: a=1, repeated a=1&a=2 becomes an array */
		v = json_object_new_string(value);
		if (v == NULL)
			return -1;
		if (!has)
			return json_object_object_add(obj, k, v);
		if (json_object_is_type(cur, json_type_array))
			return json_object_array_add(cur, v);
		if (json_object_is_type(cur, json_type_string)) {
			struct json_object *arr = json_object_new_array();

			json_object_array_add(arr, json_object_get(cur));
			json_object_array_add(arr, v);
			return json_object_object_add(obj, k, arr);
		}
		json_object_put(v);
		return -1;
	}
	if (parts[i + 1][0] == '\0') { /* k[] ... */
		if (!has) {
			cur = json_object_new_array();
			if (cur == NULL || json_object_object_add(obj, k, cur) != 0)
				return -1;
		} else if (!json_object_is_type(cur, json_type_array)) {
			return -1;
		}
		if (i + 2 == n) {
			v = json_object_new_string(value);
			return v == NULL ? -1 : json_object_array_add(cur, v);
		}
		return place_in_array_item(cur, parts, i + 2, n, value);
	}
	if (!has) { /* k[name]... */
		cur = json_object_new_object();
		if (cur == NULL || json_object_object_add(obj, k, cur) != 0)
			return -1;
	} else if (!json_object_is_type(cur, json_type_object)) {
		return -1;
	}
	return form_place(cur, parts, i + 1, n, value);
}

static enum inv_err parse_form(struct req *r, int max_depth)
{
	struct req_kv *kv;
	size_t n;
	enum inv_err err = req_parse_pairs(r, r->body, r->body_len, &kv, &n);
	struct json_object *root;
	char *parts[64];
	int max = max_depth < 64 ? max_depth : 64;

	if (err != INV_OK)
		return err;
	root = json_object_new_object();
	if (root == NULL)
		return INV_EINTERNAL;
	for (size_t i = 0; i < n; i++) {
		int np = split_key(r, kv[i].key, parts, max);

		if (np < 0 || form_place(root, parts, 0, np, kv[i].value) != 0) {
			json_object_put(root);
			return req_fail(r, INV_EINVAL, NULL, "Form field '%s' is malformed or conflicts with another field.",
			                kv[i].key);
		}
	}
	r->json = root;
	r->body_kind = BODY_FORM;
	return check_values(r);
}

enum inv_err body_parse(struct req *r, int max_depth)
{
	const char *ct = r->content_type ? r->content_type : "";

	r->json = NULL;
	r->body_kind = BODY_NONE;
	if (r->body_len == 0)
		return INV_OK;
	if (json_type_ok(ct))
		return parse_json(r, max_depth);
	if (type_is(ct, "application/x-www-form-urlencoded"))
		return parse_form(r, max_depth);
	if (*ct == '\0') {
		/* no Content-Type: sniff, as Testpress's curl examples omit it */
		size_t i = strspn(r->body, " \t\r\n");

		if (i < r->body_len && (r->body[i] == '{' || r->body[i] == '['))
			return parse_json(r, max_depth);
		return parse_form(r, max_depth);
	}
	return req_fail(r, INV_EUNSUPPORTED, NULL,
	                "Unsupported media type \"%s\" in request; send application/json or "
	                "application/x-www-form-urlencoded.", ct);
}

/* --- typed readers ------------------------------------------------------ */

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v; /* JSON null comes back as NULL too */
}

int body_str(struct req *r, struct json_object *o, const char *key, const char **out)
{
	struct json_object *v = field(o, key);

	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		req_fail(r, INV_EINVAL, key, "Not a valid string.");
		return -1;
	}
	*out = json_object_get_string(v);
	return 1;
}

int body_int(struct req *r, struct json_object *o, const char *key, int64_t min, int64_t max,
             int64_t *out)
{
	struct json_object *v = field(o, key);
	int64_t n;

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_int64(v);
		/* json-c saturates silently: the extremes mean overflow */
		if (n == INT64_MAX || n == INT64_MIN)
			goto range;
	} else if (r->body_kind == BODY_FORM && json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		char *end;

		errno = 0;
		n = strtoll(s, &end, 10);
		if (*s == '\0' || *end != '\0' || errno != 0) {
			req_fail(r, INV_EINVAL, key, "A valid integer is required.");
			return -1;
		}
	} else {
		req_fail(r, INV_EINVAL, key, "A valid integer is required.");
		return -1;
	}
	if (n < min || n > max)
		goto range;
	*out = n;
	return 1;
range:
	req_fail(r, INV_EINVAL, key, "Ensure this value is between %lld and %lld.", (long long)min,
	         (long long)max);
	return -1;
}

int body_bool(struct req *r, struct json_object *o, const char *key, bool *out)
{
	struct json_object *v = field(o, key);

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_boolean)) {
		*out = json_object_get_boolean(v);
		return 1;
	}
	if (r->body_kind == BODY_FORM && json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);

		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0 || strcmp(s, "True") == 0) {
			*out = true;
			return 1;
		}
		if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0 || strcmp(s, "False") == 0) {
			*out = false;
			return 1;
		}
	}
	req_fail(r, INV_EINVAL, key, "Must be a valid boolean.");
	return -1;
}
