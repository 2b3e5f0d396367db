/* invigil — a response built in memory; src/web/fcgi.c writes it out. */
#ifndef INVIGIL_RESP_H
#define INVIGIL_RESP_H

#include <stddef.h>

#include "invigil/err.h"

struct arena;
struct json_object;

#define RESP_MAX_HEADERS 12

struct resp_header {
	const char *name;
	const char *value;
};

/* Everything points into the request's arena. */
struct resp {
	struct arena *arena;
	int status;
	const char *content_type;
	struct resp_header headers[RESP_MAX_HEADERS];
	size_t nheaders;
	const char *body;
	size_t body_len;
};

/* How every JSON body is written: compact, "/" unescaped.  Text rendered
 * ahead for embedding in a body (a memo) is written with these too. */
#define RESP_JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Adds a header (both strings copied into the arena).  0, or -1 when full. */
int resp_header(struct resp *w, const char *name, const char *value);
/* Serialises o (without escaping '/') as the body with status; takes
 * ownership of o and releases it.  Returns INV_OK or INV_EINTERNAL. */
enum inv_err resp_json(struct resp *w, int status, struct json_object *o);
/* Sets a body that is already JSON text (copied). */
enum inv_err resp_raw(struct resp *w, int status, const char *json_text);
/* The status line's reason phrase for an HTTP status. */
const char *resp_reason(int status);

#endif
