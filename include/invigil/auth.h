/* invigil — tokens (every libjwt call lives in src/web/auth.c) and passwords. */
#ifndef INVIGIL_AUTH_H
#define INVIGIL_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "invigil/req.h"

struct conf;

/* What a verified token says.  username points into the caller's arena. */
struct token_claims {
	bool own;          /* issued by invigil (sub, user_id, role trusted) */
	int64_t user_id;   /* own tokens */
	enum role role;    /* own tokens */
	const char *username;
	const char *subject; /* the configured user claim, for outside tokens */
	bool recheck;      /* first seen by this worker, or last checked a while ago,
	                    * and no other worker found it current lately: the caller
	                    * checks the user still exists with this role */
	uint64_t stamp_key; /* the token's name in the deployment's shared stamps */
};

/* How long a worker trusts that a verified token's user still exists with
 * its role before it asks the database again. */
#define AUTH_USER_RECHECK_S 30

/* Signs a token for the user with the configured algorithm and lifetime
 * (ttl seconds; 0 = the configured token_ttl).  Returns a malloc'd string
 * the caller frees, or NULL (no signing key, out of memory). */
char *auth_token_issue(const struct conf *c, int64_t user_id, const char *username,
                       const char *email, enum role role, long ttl, time_t now);

/* Checks an Authorization header value: scheme JWT, Bearer or Token; the
 * pinned algorithm; signature; exp (required), nbf, iat; iss and aud when
 * configured.  Returns INV_OK with *out filled (strings in r's arena), or
 * INV_EAUTH with r->err_msg saying what was wrong. */
enum inv_err auth_token_verify(const struct conf *c, struct req *r, const char *header, time_t now,
                               struct token_claims *out);

/* true when text (len bytes) is one JSON value in which no object names a
 * member twice (RFC 7515 §4, RFC 7519 §4 allow keeping the last instead;
 * invigil refuses).  Used on the decoded segments of a token. */
bool auth_json_unique(const char *text, size_t len);

/* Drops the token of header from this worker's cache of verified tokens,
 * so its next use is verified and its user checked afresh.  The caller
 * calls it when the token's user check failed: the token was cached as
 * checked, and would otherwise pass unchecked until the next recheck. */
void auth_token_forget(const char *header);
/* Tells the deployment's other workers that tc's user was just found
 * current (after a recheck), so they need not look it up for
 * AUTH_USER_RECHECK_S either.  A no-op when the stamps are not shared. */
void auth_user_found(const struct token_claims *tc, time_t now);
/* Shares the user rechecks of this process with every process that maps
 * the same file (src/util/stamps.c), created 0600 when missing.  Returns 0,
 * or -1 with errno set: each worker then rechecks on its own, as before. */
int auth_share_checks(const char *path);
/* The shared checks file c names ([auth] shared_checks) into buf (n bytes),
 * mapped by auth_share_checks; when it does not exist yet, made only if
 * make (the workers': one made by another process would be that user's,
 * and the workers' map of it refused).  Returns its name, or NULL when none
 * is named or, not make, none exists yet; *failed: it could not be mapped
 * (errno says why). */
const char *auth_share_checks_of(const struct conf *c, bool make, char *buf, size_t n, bool *failed);

/* argon2id hash of password at the configured cost into out
 * (crypto_pwhash_STRBYTES).  0, or -1 (out of memory). */
int auth_password_hash(const struct conf *c, const char *password, char *out, size_t outlen);
/* 0 when password matches hash; -1 otherwise, hash NULL included (then
 * the same work is done against a dummy hash, so timing tells nothing). */
int auth_password_verify(const struct conf *c, const char *hash, const char *password);
/* Process-wide set-up (libsodium).  0 or -1. */
int auth_init(void);
/* Writes every page of the verified-token cache (2 MB), so that no page
 * fault lands in a request: for a worker, before it serves (the admin
 * command verifies no tokens and does not call it).  Cannot fail. */
void auth_token_cache_warm(void);

#endif
