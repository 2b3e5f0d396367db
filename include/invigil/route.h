/* invigil — the router: each face hands main.c a declarative route table. */
#ifndef INVIGIL_ROUTE_H
#define INVIGIL_ROUTE_H

#include <stddef.h>

#include "invigil/err.h"

struct req;
struct resp;

/* A handler fills w and returns INV_OK/INV_CREATED, or returns an error
 * after req_fail(); the face's render_error then writes the body. */
typedef enum inv_err (*route_fn)(struct req *r, struct resp *w);

/* Whether a route takes a body (DECISIONS 10). */
enum route_body {
	RB_FORBIDDEN, /* a non-empty body is a 400 */
	RB_OPTIONAL,
	RB_REQUIRED,  /* an empty body is a 400 */
};

/* Who may call a route, by global role; course roles are the handler's job. */
enum route_who {
	WHO_ANYONE,
	WHO_USER,       /* any valid token */
	WHO_INSTRUCTOR, /* instructor or admin */
	WHO_ADMIN,
};

struct route {
	const char *method;
	/* "/attempts/{id:int}/start": segments after the face's prefix;
	 * parameter types int (1..2^53), slug ([A-Za-z0-9_.-]+) and str (any) */
	const char *pattern;
	route_fn fn;
	enum route_who who;
	enum route_body body;
};

/* One API face: where it lives, its routes and how it renders errors. */
struct face {
	const char *name;
	const char *const *prefixes; /* NULL-terminated, e.g. {"/api/v2.2", NULL} */
	const struct route *routes;
	size_t nroutes;
	/* writes err (with r->err_msg / r->err_field) in the face's envelope */
	void (*render_error)(struct req *r, struct resp *w, enum inv_err err);
	const char *auth_challenge;  /* WWW-Authenticate value on 401 */
};

enum route_result { ROUTE_FOUND, ROUTE_NO_FACE, ROUTE_NO_PATH, ROUTE_NO_METHOD };

struct route_match {
	const struct face *face;   /* the face whose prefix matched, or NULL */
	const struct route *route; /* on ROUTE_FOUND */
	char allow[64];            /* on ROUTE_NO_METHOD: "GET, PUT" */
};

/* Finds the face owning r's path, then the route matching r's method and
 * segments; on ROUTE_FOUND the typed path parameters are in r->params. */
enum route_result route_match(const struct face *const *faces, size_t nfaces, struct req *r,
                              struct route_match *m);

#endif
