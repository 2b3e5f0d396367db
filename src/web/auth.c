/* invigil — JWT issue and verification, argon2id passwords.
 *
 * libjwt 1.10 checks only the signature, and with an empty key not even
 * that: it accepts any algorithm the token names and checks no claim.  So
 * the algorithm is pinned here, the key is never empty (conf_check), and
 * the token's header and claims are decoded here, strictly, and checked by
 * type (RFC 8725); libjwt only checks the signature. */
#include "config.h"

#include <jwt.h>
#include <json-c/json.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "invigil/arena.h"
#include "invigil/auth.h"
#include "invigil/conf.h"
#include "invigil/log.h"
#include "invigil/stamps.h"

#define TOKEN_MAX 8192
/* 9999-12-31T23:59:59Z: a NumericDate past it is not a date but a trick */
#define NUMERICDATE_MAX INT64_C(253402300799)

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static jwt_alg_t pinned_alg(const struct conf *c)
{
	switch (c->jwt_alg) {
	case CONF_JWT_RS256: return JWT_ALG_RS256;
	case CONF_JWT_ES256: return JWT_ALG_ES256;
	default: return JWT_ALG_HS256;
	}
}

/* The key that signs (own tokens) or verifies; NULL when there is none. */
static const char *key_for(const struct conf *c, bool signing, size_t *len)
{
	const char *k;

	if (c->jwt_alg == CONF_JWT_HS256)
		k = c->jwt_secret;
	else
		k = signing ? c->jwt_private_key : c->jwt_public_key;
	if (k == NULL || *k == '\0')
		return NULL;
	*len = strlen(k);
	return k;
}

char *auth_token_issue(const struct conf *c, int64_t user_id, const char *username,
                       const char *email, enum role role, long ttl, time_t now)
{
	jwt_t *j = NULL;
	char sub[24], *out = NULL;
	size_t keylen = 0;
	const char *key = key_for(c, true, &keylen);

	if (key == NULL || jwt_new(&j) != 0)
		return NULL;
	snprintf(sub, sizeof(sub), "%lld", (long long)user_id);
	if (ttl <= 0)
		ttl = c->token_ttl;
	if (jwt_add_grant(j, "sub", sub) != 0 || jwt_add_grant_int(j, "user_id", user_id) != 0 ||
	    jwt_add_grant(j, "username", username) != 0 ||
	    jwt_add_grant(j, "email", email ? email : "") != 0 ||
	    jwt_add_grant(j, "role", role_name(role)) != 0 || jwt_add_grant_int(j, "iat", (long)now) != 0 ||
	    jwt_add_grant_int(j, "exp", (long)(now + ttl)) != 0)
		goto out;
	if (c->issuer[0] != '\0' && jwt_add_grant(j, "iss", c->issuer) != 0)
		goto out;
	if (c->audience[0] != '\0' && jwt_add_grant(j, "aud", c->audience) != 0)
		goto out;
	if (jwt_set_alg(j, pinned_alg(c), (const unsigned char *)key, (int)keylen) != 0)
		goto out;
	out = jwt_encode_str(j);
out:
	jwt_free(j);
	return out;
}

/* Splits "Scheme token"; the scheme must be JWT, Bearer or Token. */
static const char *token_of(const char *header)
{
	static const char *const schemes[] = {"JWT", "Bearer", "Token"};

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i]);

		if (strncasecmp(header, schemes[i], n) == 0 && header[n] == ' ') {
			header += n;
			while (*header == ' ')
				header++;
			return *header ? header : NULL;
		}
	}
	return NULL;
}

/* A NumericDate claim: 1 with *out set, 0 when absent, -1 when it is not a
 * JSON integer from 0 to NUMERICDATE_MAX.  RFC 7519 allows fractions; no
 * issuer we serve sends them, and a float, a string, a negative or a huge
 * value is more likely a forgery probing the reader than a clock. */
static int numeric_claim(struct json_object *claims, const char *name, int64_t *out)
{
	struct json_object *v;
	int64_t t;

	if (!json_object_object_get_ex(claims, name, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	t = json_object_get_int64(v); /* saturates: the range check catches it */
	if (t < 0 || t > NUMERICDATE_MAX)
		return -1;
	*out = t;
	return 1;
}

static bool aud_matches(struct json_object *aud, const char *want)
{
	if (json_object_is_type(aud, json_type_string))
		return strcmp(json_object_get_string(aud), want) == 0;
	if (json_object_is_type(aud, json_type_array))
		for (size_t i = 0; i < json_object_array_length(aud); i++) {
			struct json_object *a = json_object_array_get_idx(aud, i);

			if (json_object_is_type(a, json_type_string) && strcmp(json_object_get_string(a), want) == 0)
				return true;
		}
	return false;
}

static const char *string_claim(struct req *r, struct json_object *claims, const char *name)
{
	struct json_object *v;

	if (!json_object_object_get_ex(claims, name, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return arena_strdup(r->arena, json_object_get_string(v));
}

/* Checks time, issuer and audience claims. */
static enum inv_err check_claims(const struct conf *c, struct req *r, struct json_object *claims, time_t now)
{
	int64_t exp, nbf, iat, lw = c->leeway;
	int rc;
	struct json_object *v;

	if ((rc = numeric_claim(claims, "exp", &exp)) <= 0)
		return req_fail(r, INV_EAUTH, NULL,
		                rc == 0 ? "Token has no expiry (exp)." : "Token expiry (exp) is not a whole number of seconds.");
	if (exp + lw < (int64_t)now)
		return req_fail(r, INV_EAUTH, NULL, "Signature has expired.");
	if ((rc = numeric_claim(claims, "nbf", &nbf)) < 0 || (rc > 0 && nbf - lw > (int64_t)now))
		return req_fail(r, INV_EAUTH, NULL, "Token is not valid yet (nbf).");
	if ((rc = numeric_claim(claims, "iat", &iat)) < 0 || (rc > 0 && iat - lw > (int64_t)now))
		return req_fail(r, INV_EAUTH, NULL, "Token was issued in the future (iat).");
	if (c->issuer[0] != '\0') {
		if (!json_object_object_get_ex(claims, "iss", &v) || !json_object_is_type(v, json_type_string) ||
		    strcmp(json_object_get_string(v), c->issuer) != 0)
			return req_fail(r, INV_EAUTH, NULL, "Token issuer (iss) is not accepted.");
	}
	if (c->audience[0] != '\0') {
		if (!json_object_object_get_ex(claims, "aud", &v) || !aud_matches(v, c->audience))
			return req_fail(r, INV_EAUTH, NULL, "Token audience (aud) is not accepted.");
	}
	return INV_OK;
}

/* Reads who the token names. */
static enum inv_err read_identity(const struct conf *c, struct req *r, struct json_object *claims,
                                  struct token_claims *out)
{
	struct json_object *v;
	const char *role;
	int rl;

	memset(out, 0, sizeof(*out));
	out->username = string_claim(r, claims, "username");
	if (c->jwt_alg != CONF_JWT_HS256) {
		/* an outside issuer: the configured claim names a local user */
		out->subject = string_claim(r, claims, c->user_claim);
		if (out->subject == NULL || *out->subject == '\0')
			return req_fail(r, INV_EAUTH, NULL, "Token has no '%s' claim naming a user.", c->user_claim);
		return INV_OK;
	}
	out->own = true;
	if (!json_object_object_get_ex(claims, "user_id", &v) || !json_object_is_type(v, json_type_int) ||
	    (out->user_id = json_object_get_int64(v)) < 1)
		return req_fail(r, INV_EAUTH, NULL, "Token has no valid user_id claim.");
	role = string_claim(r, claims, "role");
	if (role == NULL || (rl = role_parse(role)) < 0)
		return req_fail(r, INV_EAUTH, NULL, "Token has no valid role claim.");
	out->role = (enum role)rl;
	if (out->username == NULL)
		return req_fail(r, INV_EAUTH, NULL, "Token has no username claim.");
	return INV_OK;
}

/* One base64url segment of a token as a JSON object, or NULL.  The text
 * must be base64url without padding and with zero spare bits (one token,
 * one spelling), and JSON that both jansson, refusing duplicate names, and
 * json-c, strict and UTF-8 checked, read as an object.  libjwt keeps the
 * last of two "alg" or "role" members and ignores stray characters in
 * base64; RFC 8725 §2.8 and §3.x ask for no such latitude. */
static struct json_object *segment_json(const char *seg, size_t len)
{
	unsigned char buf[TOKEN_MAX];
	size_t n;
	struct json_tokener *tok;
	struct json_object *o;

	if (len == 0 || sodium_base642bin(buf, sizeof(buf) - 1, seg, len, NULL, &n, NULL,
	                                  sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NULL;
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL || !auth_json_unique((const char *)buf, n))
		return NULL;
	if ((tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, (const char *)buf, (int)n + 1);
	if (json_tokener_get_error(tok) != json_tokener_success || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* The signature segment is base64url too, so a token has one spelling only. */
static bool segment_b64(const char *seg, size_t len)
{
	unsigned char buf[TOKEN_MAX];
	size_t n;

	return len > 0 && sodium_base642bin(buf, sizeof(buf), seg, len, NULL, &n, NULL,
	                                    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}

/* RFC 8725 §3.1, §3.10, §3.11: the header names the pinned algorithm,
 * exactly; typ, when present, is JWT.  No header may choose or carry a key
 * (jku, jwk, x5u, x5c) or demand an extension (crit): invigil verifies with
 * its one configured key and understands no extension, so such a token is
 * refused rather than half-honoured.  kid is refused on invigil's own HS256
 * tokens (it never writes one); an outside issuer's kid and x5t are tolerated
 * and ignored, because identity providers send them with every token. */
/* Headers an outside issuer sends that only name a key the configuration
 * already pins (never carry or fetch one): kid, and the certificate
 * thumbprints x5t / x5t#S256 that Entra ID (v1) and AD FS put in every token. */
static bool outside_hint(const char *key)
{
	return strcmp(key, "kid") == 0 || strcmp(key, "x5t") == 0 || strcmp(key, "x5t#S256") == 0;
}

/* Whether name is 1..32 printable ASCII characters. */
static bool plain_name(const char *name)
{
	size_t n = 0;

	for (; name[n] != '\0'; n++)
		if (n == 32 || name[n] < 0x20 || name[n] > 0x7e)
			return false;
	return n > 0;
}

static enum inv_err check_header(const struct conf *c, struct req *r, struct json_object *h)
{
	const char *want = jwt_alg_str(pinned_alg(c));
	bool has_alg = false;

	json_object_object_foreach(h, key, val) {
		bool is_str = json_object_is_type(val, json_type_string);

		if (strcmp(key, "alg") == 0) {
			if (!is_str || strcmp(json_object_get_string(val), want) != 0)
				return req_fail(r, INV_EAUTH, NULL, "Token algorithm is not accepted.");
			has_alg = true;
		} else if (strcmp(key, "typ") == 0) {
			if (!is_str || strcasecmp(json_object_get_string(val), "JWT") != 0)
				return req_fail(r, INV_EAUTH, NULL, "Token type is not JWT.");
		} else if (!(is_str && c->jwt_alg != CONF_JWT_HS256 && outside_hint(key))) {
			/* the name echoed only when it is short printable ASCII: the
			 * body must stay valid UTF-8 for strict clients */
			return plain_name(key) ? req_fail(r, INV_EAUTH, NULL, "Token header '%s' is not accepted.", key)
			                       : req_fail(r, INV_EAUTH, NULL, "A token header is not accepted.");
		}
	}
	if (!has_alg)
		return req_fail(r, INV_EAUTH, NULL, "Token algorithm is not accepted.");
	return INV_OK;
}

/* Splits header.payload.signature and decodes the first two into *claims
 * (the caller puts it) after the header passed check_header. */
static enum inv_err token_parts(const struct conf *c, struct req *r, const char *token,
                                struct json_object **claims)
{
	const char *d1 = strchr(token, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	struct json_object *h;
	enum inv_err err;

	*claims = NULL;
	if (d2 == NULL || strchr(d2 + 1, '.') != NULL || !segment_b64(d2 + 1, strlen(d2 + 1)))
		return req_fail(r, INV_EAUTH, NULL, "Token is not three base64url segments (header.payload.signature).");
	if ((h = segment_json(token, (size_t)(d1 - token))) == NULL)
		return req_fail(r, INV_EAUTH, NULL, "Token header is not a JSON object.");
	err = check_header(c, r, h);
	json_object_put(h);
	if (err != INV_OK)
		return err;
	if ((*claims = segment_json(d1 + 1, (size_t)(d2 - d1 - 1))) == NULL)
		return req_fail(r, INV_EAUTH, NULL, "Token claims are not a JSON object.");
	return INV_OK;
}

/* Tokens this worker verified lately: a client sends the same token with
 * every request, and HMAC, base64 and two JSON parses per request add up.
 * Keyed by a BLAKE2b hash of the whole token (128 bits: a hit skips the
 * signature, and a second preimage is out of reach); time claims are
 * rechecked on every hit.  (Revoking a token is rotating the key, as
 * before.)  16,384 slots of 128 bytes: an exam day's learners fit, where
 * 1,024 had every worker verify most tokens again at 10,000 learners.  A name longer than the slot's is not
 * cached: such a token is verified every time. */
#define TOKEN_CACHE 16384
#define TOKEN_HASH 16

static struct token_entry {
	unsigned char hash[TOKEN_HASH];
	const struct conf *conf;   /* verified under this configuration */
	int64_t exp, nbf;          /* nbf -1: none */
	int64_t user_id;
	time_t checked;            /* when its user was last found current */
	enum role role;
	bool used, own, has_name;
	char name[64];             /* an own token's username, an outside token's subject */
} token_cache[TOKEN_CACHE];

/* Left to the first use of each slot, the cache's 512 page faults came in
 * the first requests of an exam's synchronized start, where they were a
 * sixth of a token's verification (perf, 3,000 learners). */
void auth_token_cache_warm(void)
{
	volatile unsigned char *p = (volatile unsigned char *)token_cache;

	for (size_t i = 0; i < sizeof(token_cache); i += 4096)
		p[i] = 0;
}

static struct token_entry *cache_slot(const unsigned char *hash)
{
	unsigned idx = ((unsigned)hash[0] | (unsigned)hash[1] << 8 | (unsigned)hash[2] << 16) % TOKEN_CACHE;

	return &token_cache[idx];
}

/* The token's key in the deployment's shared stamps (src/util/stamps.c):
 * bytes of the hash the slot index does not use. */
static uint64_t stamp_key(const unsigned char *hash)
{
	uint64_t k;

	memcpy(&k, hash + 8, sizeof(k));
	return k;
}

/* When the token's user was last found current, by this worker (checked)
 * or, when later, by another worker of the deployment (its stamp). */
static time_t user_checked(const unsigned char *hash, time_t checked, time_t now)
{
	int64_t age = stamps_age(stamp_key(hash), now);

	return age >= 0 && now - age > checked ? now - (time_t)age : checked;
}

/* Whether a verified token's exp and nbf (-1: none) hold at now, with c's
 * leeway: checked on every use of a kept token; when they do not, the full
 * check runs and says why. */
static bool in_time(const struct conf *c, int64_t exp, int64_t nbf, time_t now)
{
	return exp + c->leeway >= (int64_t)now && (nbf < 0 || nbf - c->leeway <= (int64_t)now);
}

static bool cache_hit(const struct conf *c, struct req *r, const unsigned char *hash, time_t now,
                      struct token_claims *out)
{
	struct token_entry *e = cache_slot(hash);

	if (!e->used || e->conf != c || sodium_memcmp(e->hash, hash, sizeof(e->hash)) != 0)
		return false;
	if (!in_time(c, e->exp, e->nbf, now))
		return false;
	memset(out, 0, sizeof(*out));
	out->own = e->own;
	out->user_id = e->user_id;
	out->role = e->role;
	if (e->has_name)
		*(e->own ? &out->username : &out->subject) = arena_strdup(r->arena, e->name);
	out->stamp_key = stamp_key(hash);
	if (now - e->checked >= AUTH_USER_RECHECK_S)
		e->checked = user_checked(hash, e->checked, now); /* another worker may have */
	out->recheck = now - e->checked >= AUTH_USER_RECHECK_S;
	if (out->recheck)
		e->checked = now; /* one recheck per period; a failed one calls auth_token_forget */
	return true;
}

void auth_token_forget(const char *header)
{
	unsigned char hash[TOKEN_HASH];
	const char *token = header ? token_of(header) : NULL;
	struct token_entry *e;

	if (token == NULL || strlen(token) > TOKEN_MAX)
		return;
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)token, strlen(token), NULL, 0);
	stamps_drop(stamp_key(hash));
	e = cache_slot(hash);
	if (e->used && sodium_memcmp(e->hash, hash, sizeof(e->hash)) == 0)
		e->used = false;
}

void auth_user_found(const struct token_claims *tc, time_t now)
{
	stamps_put(tc->stamp_key, now);
}

int auth_share_checks(const char *path)
{
	return stamps_open(path);
}

const char *auth_share_checks_of(const struct conf *c, bool make, char *buf, size_t n, bool *failed)
{
	const char *path = conf_shared_checks(c, buf, n);

	*failed = false;
	if (path == NULL || (!make && access(path, F_OK) != 0))
		return NULL;
	*failed = auth_share_checks(path) != 0;
	return path;
}

/* Keeps a verified token (its exp, and nbf or -1); checked: when its user
 * was last found current.  A name longer than the slot's is not kept. */
static void cache_put(const struct conf *c, const unsigned char *hash, int64_t exp, int64_t nbf,
                      const struct token_claims *tc, time_t checked)
{
	struct token_entry *e = cache_slot(hash);
	const char *name = tc->own ? tc->username : tc->subject;

	if (name != NULL && strlen(name) >= sizeof(e->name))
		return;
	memcpy(e->hash, hash, sizeof(e->hash));
	e->conf = c;
	e->exp = exp;
	e->nbf = nbf;
	e->own = tc->own;
	e->user_id = tc->user_id;
	e->role = tc->role;
	e->has_name = name != NULL;
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	e->checked = checked;
	e->used = true;
}

/* A token this worker has not kept, verified now or by another worker:
 * whether its user needs checking (not found current by any worker lately),
 * and it kept. */
static void first_seen(const struct conf *c, const unsigned char *hash, int64_t exp, int64_t nbf, time_t now,
                       struct token_claims *out)
{
	time_t checked = user_checked(hash, 0, now);

	out->stamp_key = stamp_key(hash);
	out->recheck = now - checked >= AUTH_USER_RECHECK_S;
	cache_put(c, hash, exp, nbf, out, out->recheck ? now : checked);
}

/* --- verified tokens shared by the pool --------------------------------------
 *
 * A learner's requests reach the pool's workers in turn, and each worker
 * verified each token once for itself: at 16 workers a learner's first
 * pages were nearly all verified again (about a fifth of a questions page's
 * worker time).  A worker that verifies a token now shares what it found in
 * the deployment's shared checks file (src/util/stamps.c, STAMP_TOKENS),
 * and another worker that has not seen the token takes it from there.
 *
 * The facts are keyed by the token's 128-bit hash (a match needs both
 * halves) and carry a print of the configuration that verified them (the
 * algorithm, the key, the issuer, the audience and the user claim): after
 * a key rotation the old facts no longer match, and the old token is
 * verified again, and refused.  The time claims are checked on every use,
 * as on a hit of the worker's own cache; the user's re-check keeps its own
 * shared stamp (auth_user_found).  The file is the workers' user's alone
 * (stamps_open refuses any other): only a process of that user, who can
 * read the key anyway, can write facts.  The print is an unsalted hash of
 * the key, so the file is as private as the key (conf_check wants 32
 * bytes of HS256 secret at least).  Names over 32 bytes are not shared. */
enum { TF_HASH, TF_PRINT, TF_EXP, TF_NBF, TF_USER, TF_FLAGS, TF_NAME };
#define TF_NAME_MAX ((STAMP_FACTS - TF_NAME) * 8)

/* The token's key in the shared facts: its stamp key, with the top bit set
 * (never 0, an empty slot's). */
static uint64_t fact_key(const unsigned char *hash)
{
	return stamp_key(hash) | UINT64_C(1) << 63;
}

static void print_part(crypto_generichash_state *st, const char *s)
{
	uint64_t n = s ? strlen(s) : 0;

	crypto_generichash_update(st, (const unsigned char *)&n, sizeof(n));
	if (n > 0)
		crypto_generichash_update(st, (const unsigned char *)s, n);
}

/* A print of what decides whether c accepts a token (never 0). */
static uint64_t conf_print(const struct conf *c)
{
	static const struct conf *printed;
	static uint64_t print;
	crypto_generichash_state st;
	size_t keylen = 0;
	const char *key = key_for(c, false, &keylen);
	unsigned char out[16];

	if (printed == c)
		return print;
	crypto_generichash_init(&st, NULL, 0, sizeof(out));
	/* the facts' layout (TF_*, the flag bits, enum role's values): a build
	 * that changes it names it anew, so that it never reads facts an older
	 * build wrote in the file (which outlives the workers, on /dev/shm) */
	print_part(&st, "invigil token facts 1");
	print_part(&st, jwt_alg_str(pinned_alg(c)));
	print_part(&st, key);
	print_part(&st, c->issuer);
	print_part(&st, c->audience);
	print_part(&st, c->user_claim);
	crypto_generichash_final(&st, out, sizeof(out));
	memcpy(&print, out, sizeof(print));
	print |= 1;
	printed = c;
	return print;
}

static uint64_t hash_word(const unsigned char *hash)
{
	uint64_t w;

	memcpy(&w, hash, sizeof(w));
	return w;
}

/* Shares a token this worker verified. */
static void shared_put(const struct conf *c, const unsigned char *hash, int64_t exp, int64_t nbf,
                       const struct token_claims *tc)
{
	uint64_t v[STAMP_FACTS] = {0};
	const char *name = tc->own ? tc->username : tc->subject;
	size_t len = name ? strlen(name) : 0;

	if (len > TF_NAME_MAX)
		return;
	v[TF_HASH] = hash_word(hash);
	v[TF_PRINT] = conf_print(c);
	v[TF_EXP] = (uint64_t)exp;
	v[TF_NBF] = (uint64_t)nbf;
	v[TF_USER] = (uint64_t)tc->user_id;
	v[TF_FLAGS] = (uint64_t)tc->role | (uint64_t)tc->own << 8 | (uint64_t)(name != NULL) << 9 | (uint64_t)len << 16;
	memcpy(&v[TF_NAME], name ? name : "", len);
	stamps_facts_put(STAMP_TOKENS, fact_key(hash), v);
}

/* A token another worker verified under the same configuration, still in
 * its time: out filled, and kept in this worker's cache. */
static bool shared_hit(const struct conf *c, struct req *r, const unsigned char *hash, time_t now,
                       struct token_claims *out)
{
	uint64_t v[STAMP_FACTS];
	char name[TF_NAME_MAX + 1];
	size_t len;
	int64_t exp, nbf;

	if (stamps_facts_get(STAMP_TOKENS, fact_key(hash), v) != 1 || v[TF_HASH] != hash_word(hash) ||
	    v[TF_PRINT] != conf_print(c))
		return false;
	exp = (int64_t)v[TF_EXP];
	nbf = (int64_t)v[TF_NBF];
	if ((len = (size_t)(v[TF_FLAGS] >> 16 & 0xff)) > TF_NAME_MAX)
		return false;
	if (!in_time(c, exp, nbf, now))
		return false;
	memset(out, 0, sizeof(*out));
	out->own = (v[TF_FLAGS] >> 8 & 1) != 0;
	out->user_id = (int64_t)v[TF_USER];
	out->role = (enum role)(v[TF_FLAGS] & 0xff);
	memcpy(name, &v[TF_NAME], len);
	name[len] = '\0';
	if ((v[TF_FLAGS] >> 9 & 1) != 0)
		*(out->own ? &out->username : &out->subject) = arena_strdup(r->arena, name);
	first_seen(c, hash, exp, nbf, now, out);
	log_debug("auth: a token of user %lld from the pool's checks", (long long)out->user_id);
	return true;
}

enum inv_err auth_token_verify(const struct conf *c, struct req *r, const char *header, time_t now,
                               struct token_claims *out)
{
	unsigned char hash[TOKEN_HASH];
	const char *token;
	jwt_t *j = NULL;
	jwt_alg_t alg;
	size_t keylen = 0;
	const char *key = key_for(c, false, &keylen);
	struct json_object *claims;
	enum inv_err err;

	if (header == NULL || *header == '\0')
		return req_fail(r, INV_EAUTH, NULL, "Authentication credentials were not provided.");
	token = token_of(header);
	if (token == NULL)
		return req_fail(r, INV_EAUTH, NULL,
		                "Invalid Authorization header: use 'JWT <token>', 'Bearer <token>' or 'Token <token>'.");
	if (strlen(token) > TOKEN_MAX)
		return req_fail(r, INV_EAUTH, NULL, "Token is too long.");
	if (key == NULL) /* never decode without a key: libjwt would skip the signature */
		return req_fail(r, INV_EAUTH, NULL, "No key is configured to verify tokens.");
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)token, strlen(token), NULL, 0);
	if (cache_hit(c, r, hash, now, out) || shared_hit(c, r, hash, now, out))
		return INV_OK;
	if ((err = token_parts(c, r, token, &claims)) != INV_OK)
		return err;
	/* libjwt for the signature only; the alg check is repeated in case it
	 * read the header otherwise than token_parts did */
	if (jwt_decode(&j, token, (const unsigned char *)key, (int)keylen) != 0 || j == NULL) {
		json_object_put(claims);
		return req_fail(r, INV_EAUTH, NULL, "Error decoding signature.");
	}
	alg = jwt_get_alg(j);
	jwt_free(j);
	if (alg != pinned_alg(c)) {
		json_object_put(claims);
		return req_fail(r, INV_EAUTH, NULL, "Token algorithm is not accepted.");
	}
	err = check_claims(c, r, claims, now);
	if (err == INV_OK)
		err = read_identity(c, r, claims, out);
	if (err == INV_OK) {
		int64_t exp = 0, nbf = -1;

		/* check_claims found exp */
		if (numeric_claim(claims, "exp", &exp) != 1 || numeric_claim(claims, "nbf", &nbf) != 1)
			nbf = -1;
		first_seen(c, hash, exp, nbf, now, out);
		shared_put(c, hash, exp, nbf, out);
		log_debug("auth: verified the signature of a token of user %lld", (long long)out->user_id);
	}
	json_object_put(claims);
	return err;
}

static void pwhash_cost(const struct conf *c, unsigned long long *ops, size_t *mem)
{
	switch (c->pwhash) {
	case CONF_PWHASH_MIN: /* OWASP's minimum: 19 MiB, t=2 */
		*ops = 2;
		*mem = 19u << 20;
		break;
	case CONF_PWHASH_MODERATE:
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	default:
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

int auth_password_hash(const struct conf *c, const char *password, char *out, size_t outlen)
{
	unsigned long long ops;
	size_t mem;

	if (outlen < crypto_pwhash_STRBYTES)
		return -1;
	pwhash_cost(c, &ops, &mem);
	return crypto_pwhash_str(out, password, strlen(password), ops, mem) == 0 ? 0 : -1;
}

int auth_password_verify(const struct conf *c, const char *hash, const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];

	if (hash != NULL && strncmp(hash, "$argon2", 7) == 0)
		return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 ? 0 : -1;
	/* unknown user or no password set: spend the same time, then refuse */
	if (dummy[0] == '\0' && auth_password_hash(c, "invigil-dummy-password", dummy, sizeof(dummy)) != 0)
		return -1;
	(void)!crypto_pwhash_str_verify(dummy, password, strlen(password));
	return -1;
}
