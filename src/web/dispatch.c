/* invigil — the request pipeline shared by every face. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "invigil/auth.h"
#include "invigil/body.h"
#include "invigil/conf.h"
#include "invigil/dispatch.h"
#include "invigil/log.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"

static bool role_allows(enum route_who who, enum role role)
{
	switch (who) {
	case WHO_ADMIN: return role == ROLE_ADMIN;
	case WHO_INSTRUCTOR: return role == ROLE_ADMIN || role == ROLE_INSTRUCTOR;
	default: return true;
	}
}

/* Verifies the caller's token and checks the route's role. */
static enum inv_err authenticate(const struct dispatcher *d, struct req *r, enum route_who who)
{
	struct token_claims tc;
	enum inv_err err = auth_token_verify(d->conf, r, r->authorization, time(NULL), &tc);

	if (err != INV_OK)
		return err;
	if (tc.own) {
		r->who.user_id = tc.user_id;
		r->who.username = tc.username;
		r->who.role = tc.role;
		/* a token outlives nobody: its user must still exist with its role */
		if (tc.recheck && d->check_user != NULL) {
			if ((err = d->check_user(r, &r->who)) != INV_OK) {
				auth_token_forget(r->authorization);
				return err;
			}
			auth_user_found(&tc, time(NULL)); /* the other workers need not ask */
		}
	} else if ((err = d->resolve(r, &tc, &r->who)) != INV_OK) {
		return err;
	}
	r->authenticated = true;
	if (!role_allows(who, r->who.role))
		return req_fail(r, INV_EFORBIDDEN, NULL, "You do not have permission to perform this action.");
	return INV_OK;
}

static enum inv_err check_body_rule(struct req *r, enum route_body rule)
{
	if (rule == RB_FORBIDDEN && r->body_len > 0)
		return req_fail(r, INV_EINVAL, NULL, "This endpoint takes no request body.");
	if (rule == RB_REQUIRED && r->body_len == 0)
		return req_fail(r, INV_EINVAL, NULL, "A request body is required.");
	return INV_OK;
}

/* Routes, authenticates and runs the handler; returns its outcome. */
static enum inv_err run(const struct dispatcher *d, struct req *r, bool too_big, struct resp *w,
                        struct route_match *m)
{
	enum inv_err err;

	switch (route_match(d->faces, d->nfaces, r, m)) {
	case ROUTE_NO_FACE:
	case ROUTE_NO_PATH:
		if (too_big)
			break;
		return req_fail(r, INV_ENOTFOUND, NULL, "Not found.");
	case ROUTE_NO_METHOD:
		if (too_big)
			break;
		resp_header(w, "Allow", m->allow);
		return req_fail(r, INV_EMETHOD, NULL, "Method \"%s\" not allowed.", r->method);
	case ROUTE_FOUND:
		break;
	}
	if (too_big)
		return req_fail(r, INV_ETOOBIG, NULL, "Request body is larger than the limit of %ld bytes.",
		                d->conf->body_limit);
	if ((err = check_body_rule(r, m->route->body)) != INV_OK)
		return err;
	if (m->route->who != WHO_ANYONE && (err = authenticate(d, r, m->route->who)) != INV_OK)
		return err;
	if ((err = body_parse(r, (int)d->conf->json_max_depth)) != INV_OK)
		return err;
	return m->route->fn(r, w);
}

void dispatch(const struct dispatcher *d, struct req *r, bool body_too_big, struct resp *w)
{
	struct route_match m = {0};
	enum inv_err err = req_parse_uri(r, r->uri);
	char retry[24];

	if (err == INV_OK)
		err = run(d, r, body_too_big, w, &m);
	else if (err != INV_EINTERNAL)
		/* a malformed query or segment: the segments decoded so far still
		 * say whose path it is, so the error comes in that face's envelope */
		route_match(d->faces, d->nfaces, r, &m);
	if (err == INV_OK || err == INV_CREATED) {
		if (w->status == 0)
			w->status = inv_err_status(err);
		return;
	}
	if (err == INV_EINTERNAL && r->err_msg == NULL)
		r->err_msg = "Internal error; it has been logged.";
	if (err == INV_EUNAVAILABLE) {
		if (r->err_msg == NULL)
			r->err_msg = "The database is unavailable; try again shortly.";
		r->retry_after = d->conf->db_retry_after;
	}
	if (err == INV_EAUTH && m.face != NULL && m.face->auth_challenge != NULL)
		resp_header(w, "WWW-Authenticate", m.face->auth_challenge);
	if (r->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%ld", r->retry_after);
		resp_header(w, "Retry-After", retry);
	}
	if (m.face != NULL)
		m.face->render_error(r, w, err);
	else
		d->render_default(r, w, err);
	if (w->status == 0)
		w->status = inv_err_status(err);
	if (err == INV_EINTERNAL)
		log_error("%s %s: internal error: %s", r->method, r->path ? r->path : r->uri, r->err_msg);
}
