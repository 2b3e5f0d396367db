/* invigil — one request through routing, auth, body rules and a handler. */
#ifndef INVIGIL_DISPATCH_H
#define INVIGIL_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "invigil/err.h"

struct conf;
struct face;
struct req;
struct resp;
struct token_claims;
struct principal;

struct dispatcher {
	const struct face *const *faces;
	size_t nfaces;
	const struct conf *conf;
	/* Maps a token from an outside issuer to a local user.  Returns INV_OK,
	 * INV_EAUTH (unknown user; r->err_msg set) or INV_EUNAVAILABLE. */
	enum inv_err (*resolve)(struct req *r, const struct token_claims *tc, struct principal *out);
	/* Checks that the user of a verified invigil token still exists with
	 * its role (asked when a worker first sees the token, and again every
	 * AUTH_USER_RECHECK_S).  INV_OK, INV_EAUTH (r->err_msg set) or
	 * INV_EUNAVAILABLE. */
	enum inv_err (*check_user)(struct req *r, const struct principal *who);
	/* Renders errors of paths no face owns: {"detail": "..."}. */
	void (*render_default)(struct req *r, struct resp *w, enum inv_err err);
};

/* Runs r (URI, headers and body already read; body_too_big set when the
 * body passed the limit) and fills w.  Never fails: every outcome is a
 * response. */
void dispatch(const struct dispatcher *d, struct req *r, bool body_too_big, struct resp *w);

#endif
