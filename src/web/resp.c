/* invigil — response building. */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/resp.h"

int resp_header(struct resp *w, const char *name, const char *value)
{
	if (w->nheaders == RESP_MAX_HEADERS)
		return -1;
	w->headers[w->nheaders].name = arena_strdup(w->arena, name);
	w->headers[w->nheaders].value = arena_strdup(w->arena, value);
	if (w->headers[w->nheaders].name == NULL || w->headers[w->nheaders].value == NULL)
		return -1;
	w->nheaders++;
	return 0;
}

enum inv_err resp_json(struct resp *w, int status, struct json_object *o)
{
	size_t len = 0;
	const char *text;

	if (o == NULL)
		return INV_EINTERNAL;
	text = json_object_to_json_string_length(o, RESP_JSON_FLAGS, &len);
	w->body = text ? arena_strndup(w->arena, text, len) : NULL;
	w->body_len = len;
	json_object_put(o);
	if (w->body == NULL)
		return INV_EINTERNAL;
	w->status = status;
	w->content_type = "application/json";
	return INV_OK;
}

enum inv_err resp_raw(struct resp *w, int status, const char *json_text)
{
	w->body = arena_strdup(w->arena, json_text);
	if (w->body == NULL)
		return INV_EINTERNAL;
	w->body_len = strlen(json_text);
	w->status = status;
	w->content_type = "application/json";
	return INV_OK;
}

const char *resp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}
