/* invigil — a decoded HTTP request, independent of FastCGI. */
#ifndef INVIGIL_REQ_H
#define INVIGIL_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/err.h"
#include "invigil/model.h"

struct arena;
struct json_object;

#define REQ_MAX_SEGS 16
#define REQ_MAX_PARAMS 8

/* One query-string pair; value is "" for a bare key.  Repeated keys
 * (Canvas's include[]) are kept in order. */
struct req_kv {
	const char *key;
	const char *value;
};

/* A typed path parameter captured by the router ({id:int}, {slug:slug}). */
struct req_path_param {
	const char *name;
	const char *text;
	int64_t num; /* for :int parameters */
};


/* Who is calling, from a verified token. */
struct principal {
	int64_t user_id;
	const char *username;
	enum role role;
};

enum body_kind { BODY_NONE, BODY_JSON, BODY_FORM };

/* Everything lives in the arena, except json, which req_clear() releases. */
struct req {
	struct arena *arena;
	const char *method;
	const char *uri;          /* REQUEST_URI as received */
	const char *path;         /* the raw path part of uri */
	char *segs[REQ_MAX_SEGS]; /* percent-decoded segments; trailing slash dropped */
	size_t nsegs;
	struct req_kv *query;
	size_t nquery;
	const char *authorization;
	const char *content_type;
	const char *host;
	const char *scheme;       /* "http" or "https" */
	const char *remote_addr;
	const char *request_id;
	const char *base_url;     /* scheme://host[/prefix], for absolute URLs */
	/* body */
	const char *body;
	size_t body_len;
	enum body_kind body_kind;
	struct json_object *json; /* the parsed body (JSON or form tree); owned */
	/* set by the router */
	struct req_path_param params[REQ_MAX_PARAMS];
	size_t nparams;
	bool authenticated;
	struct principal who;
	/* set by a failing handler, rendered by the face */
	const char *err_msg;
	const char *err_field;
	const char *err_code;     /* a face-specific code, or NULL */
	struct json_object *err_details; /* several field errors at once; owned */
	long retry_after;         /* seconds, for 429/503; 0 = no header */
};

/* Splits uri at '?', then the path into '/'-separated segments, each
 * percent-decoded after the split (so %2F stays inside its segment).
 * Empty segments are dropped, so a trailing slash is optional.  Returns
 * INV_OK, or INV_EINVAL with r->err_msg set (NUL byte, bad escape, too many
 * segments), INV_EINTERNAL when out of memory. */
enum inv_err req_parse_uri(struct req *r, const char *uri);

/* Decodes a query string (or a form body) into pairs, '+' as space.
 * Returns INV_OK or INV_EINVAL (NUL, bad escape) with r->err_msg set. */
enum inv_err req_parse_pairs(struct req *r, const char *text, size_t len,
                             struct req_kv **out, size_t *nout);

/* The first value of query key, or NULL. */
const char *req_query(const struct req *r, const char *key);
/* Query key as an integer in [min, max]: 1 with *out set, 0 when absent or
 * empty (*out untouched), -1 when it is not a decimal integer in range
 * (r->err_field and r->err_msg say so).  Every face pages with it, so no
 * page number can overflow the arithmetic that follows. */
int req_query_int(struct req *r, const char *key, int64_t min, int64_t max, int64_t *out);
/* The path parameter captured as name; NULL when absent. */
const struct req_path_param *req_param(const struct req *r, const char *name);
/* Sets the error text a face renders; returns err for one-line use. */
enum inv_err req_fail(struct req *r, enum inv_err err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Percent-encodes s for a query string (unreserved characters kept), in
 * the arena; "" when out of memory. */
const char *req_escape(struct req *r, const char *s);
/* "%s%" for SQL LIKE with s's own % _ and \ escaped; NULL when out of memory. */
const char *req_like_pattern(struct req *r, const char *s);
/* Releases what the arena does not own (the parsed body). */
void req_clear(struct req *r);

#endif
