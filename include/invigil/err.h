/* invigil — error codes shared by every layer. */
#ifndef INVIGIL_ERR_H
#define INVIGIL_ERR_H

/* What went wrong, independent of any face.  Handlers return one of these;
 * each face renders it in its own envelope.  The parallel tables in
 * src/util/err.c map each code to an HTTP status and a machine code. */
enum inv_err {
	INV_OK,           /* 200 */
	INV_CREATED,      /* 201 */
	INV_EINVAL,       /* 400: the request is malformed or a field is wrong */
	INV_EAUTH,        /* 401: no, bad or expired credentials */
	INV_EFORBIDDEN,   /* 403: authenticated, but not allowed */
	INV_ENOTFOUND,    /* 404 */
	INV_EMETHOD,      /* 405 */
	INV_ECONFLICT,    /* 409 */
	INV_EGONE,        /* 410 */
	INV_ETOOBIG,      /* 413 */
	INV_EUNSUPPORTED, /* 415 */
	INV_ETHROTTLED,   /* 429 */
	INV_EINTERNAL,    /* 500: a bug */
	INV_EUNAVAILABLE, /* 503: the database is away; retry later */
	INV_ERR__MAX
};

/* HTTP status code for err. */
int inv_err_status(enum inv_err err);
/* Stable machine code ("not_found"). Static storage. */
const char *inv_err_code(enum inv_err err);

#endif
