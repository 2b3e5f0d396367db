/* Unit tests: tokens and passwords (src/web/auth.c), including the libjwt
 * 1.10 traps: alg none, HS512 with the right secret, expired tokens,
 * RS256/HS256 key confusion; and the strict reading of RFC 8725 (headers
 * that carry keys, duplicate names, base64 spellings, NumericDate types). */
#include "config.h"

#include <jwt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/arena.h"
#include "invigil/auth.h"
#include "invigil/conf.h"
#include "invigil/req.h"
#include "../tap.h"

#define SECRET "0123456789abcdef0123456789abcdef-test"

static struct arena a;

static struct req fresh(void)
{
	struct req r = {0};

	arena_reset(&a);
	r.arena = &a;
	return r;
}

/* Signs claims (JSON) with alg and key; returns a malloc'd token. */
static char *sign(jwt_alg_t alg, const char *key, const char *claims)
{
	jwt_t *j;
	char *t;

	jwt_new(&j);
	jwt_add_grants_json(j, claims);
	jwt_set_alg(j, alg, (const unsigned char *)key, key ? (int)strlen(key) : 0);
	t = jwt_encode_str(j);
	jwt_free(j);
	return t;
}

static void b64url(const void *in, size_t n, char *out, size_t outlen)
{
	sodium_bin2base64(out, outlen, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A token written by hand: header and payload JSON as given (duplicates,
 * odd headers), each segment followed by its suffix (padding, junk), HMAC'd
 * with key over what precedes the signature.  Returns a static buffer. */
static const char *raw_hs256(const char *key, const char *header, const char *hsuf, const char *payload,
                             const char *psuf)
{
	static char t[8192];
	char h[2048], p[4096], s[64];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	b64url(header, strlen(header), h, sizeof(h));
	b64url(payload, strlen(payload), p, sizeof(p));
	snprintf(t, sizeof(t), "%s%s.%s%s", h, hsuf, p, psuf);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t, strlen(t));
	crypto_auth_hmacsha256_final(&st, mac);
	b64url(mac, sizeof(mac), s, sizeof(s));
	snprintf(t + strlen(t), sizeof(t) - strlen(t), ".%s", s);
	return t;
}

static enum inv_err verify(const struct conf *c, const char *header, struct token_claims *tc)
{
	struct req r = fresh();

	return auth_token_verify(c, &r, header, time(NULL), tc);
}

static enum inv_err verify_token(const struct conf *c, const char *scheme, const char *token,
                                 struct token_claims *tc)
{
	char h[4096];

	snprintf(h, sizeof(h), "%s %s", scheme, token);
	return verify(c, h, tc);
}

static void test_hs256(struct conf *c)
{
	struct token_claims tc;
	char claims[512], *t;
	long now = (long)time(NULL);

	t = auth_token_issue(c, 17, "testpress", "t@example.com", ROLE_INSTRUCTOR, 0, time(NULL));
	ok(t != NULL, "token issued");
	is_int(verify_token(c, "JWT", t, &tc), INV_OK, "JWT scheme accepted");
	is_int(tc.user_id, 17, "user_id claim");
	is_str(tc.username, "testpress", "username claim");
	is_int(tc.role, ROLE_INSTRUCTOR, "role claim");
	is_int(verify_token(c, "Bearer", t, &tc), INV_OK, "Bearer scheme accepted");
	is_int(verify_token(c, "Token", t, &tc), INV_OK, "Token scheme accepted");
	is_int(verify_token(c, "bearer", t, &tc), INV_OK, "scheme is case-insensitive");
	is_int(verify_token(c, "Basic", t, &tc), INV_EAUTH, "Basic scheme refused");
	is_int(verify(c, t, &tc), INV_EAUTH, "a bare token without scheme refused");
	is_int(verify(c, NULL, &tc), INV_EAUTH, "no header refused");
	{
		char *tampered = strdup(t);
		size_t n = strlen(tampered);

		tampered[n - 3] = tampered[n - 3] == 'A' ? 'B' : 'A';
		is_int(verify_token(c, "JWT", tampered, &tc), INV_EAUTH, "tampered signature refused");
		free(tampered);
	}
	free(t);

	snprintf(claims, sizeof(claims), "{\"sub\":\"1\",\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld}",
	         now - 3600);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "expired token refused");
	free(t);

	snprintf(claims, sizeof(claims), "{\"sub\":\"1\",\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld}",
	         now - 30);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_OK, "expired within the leeway accepted");
	free(t);

	t = sign(JWT_ALG_HS256, SECRET, "{\"sub\":\"1\",\"user_id\":1,\"username\":\"u\",\"role\":\"admin\"}");
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "token without exp refused");
	free(t);

	snprintf(claims, sizeof(claims), "{\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":\"%ld\"}", now + 60);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "string exp refused");
	free(t);

	snprintf(claims, sizeof(claims), "{\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld}", now + 600);
	t = sign(JWT_ALG_HS512, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "HS512 with the right secret refused (alg pinned)");
	free(t);
	t = sign(JWT_ALG_NONE, NULL, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "alg none refused");
	free(t);
	t = sign(JWT_ALG_HS256, "another-secret-another-secret-xx", claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "wrong secret refused");
	free(t);

	snprintf(claims, sizeof(claims), "{\"user_id\":1,\"username\":\"u\",\"role\":\"root\",\"exp\":%ld}", now + 600);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "unknown role refused");
	free(t);

	snprintf(claims, sizeof(claims), "{\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld,\"nbf\":%ld}",
	         now + 600, now + 300);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "not yet valid (nbf) refused");
	free(t);
}

static void test_iss_aud(struct conf *c)
{
	struct token_claims tc;
	char claims[512], *t;
	long now = (long)time(NULL);

	free(c->issuer);
	free(c->audience);
	c->issuer = strdup("https://idp.example");
	c->audience = strdup("invigil");
	t = auth_token_issue(c, 3, "x", "", ROLE_LEARNER, 0, time(NULL));
	is_int(verify_token(c, "Bearer", t, &tc), INV_OK, "own token carries iss and aud");
	free(t);
	snprintf(claims, sizeof(claims),
	         "{\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld,\"iss\":\"evil\",\"aud\":\"invigil\"}",
	         now + 600);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "wrong issuer refused");
	free(t);
	snprintf(claims, sizeof(claims),
	         "{\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld,\"iss\":\"https://idp.example\","
	         "\"aud\":[\"other\",\"invigil\"]}",
	         now + 600);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_OK, "audience found in a list");
	free(t);
	snprintf(claims, sizeof(claims),
	         "{\"user_id\":1,\"username\":\"u\",\"role\":\"admin\",\"exp\":%ld,\"iss\":\"https://idp.example\"}", now + 600);
	t = sign(JWT_ALG_HS256, SECRET, claims);
	is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "missing audience refused");
	free(t);
	free(c->issuer);
	free(c->audience);
	c->issuer = strdup("");
	c->audience = strdup("");
}

/* Tokens signed with the right key that still break a rule of RFC 8725:
 * each one is refused, and the same token written properly is accepted
 * (so no refusal below is the signature's doing). */
static void test_strict(struct conf *c)
{
	static const struct { const char *header, *hsuf, *claims, *psuf, *what; } bad[] = {
		{"{\"alg\":\"hs256\"}", "", "%s", "", "alg spelled in lower case"},
		{"{\"alg\":\"none\",\"alg\":\"HS256\"}", "", "%s", "", "alg named twice"},
		{"{\"typ\":\"JWT\"}", "", "%s", "", "no alg"},
		{"{\"alg\":[\"HS256\"]}", "", "%s", "", "alg not a string"},
		{"{\"alg\":\"HS256\",\"kid\":\"1\"}", "", "%s", "", "kid on an own token"},
		{"{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1/k\"}", "", "%s", "", "jku"},
		{"{\"alg\":\"HS256\",\"x5u\":\"http://127.0.0.1/c\"}", "", "%s", "", "x5u"},
		{"{\"alg\":\"HS256\",\"x5c\":[\"MIIB\"]}", "", "%s", "", "x5c"},
		{"{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AA\"}}", "", "%s", "", "jwk"},
		{"{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "", "%s", "", "crit"},
		{"{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "", "%s", "", "typ other than JWT"},
		{"{\"alg\":\"HS256\"}", "", "%s", "==", "payload with padding"},
		{"{\"alg\":\"HS256\"}", "", "%s", "!", "payload with a stray character"},
		{"{\"alg\":\"HS256\"}", "=", "%s", "", "header with padding"},
		{"{\"alg\":\"HS256\"}", "", "[%s]", "", "claims an array"},
		{"{\"alg\":\"HS256\"}", "", "{\"role\":\"learner\",%s", "", "role named twice"},
	};
	char claims[400], body[600];
	long now = (long)time(NULL);
	struct token_claims tc;

	snprintf(claims, sizeof(claims),
	         "\"sub\":\"5\",\"user_id\":5,\"username\":\"u5\",\"role\":\"admin\",\"exp\":%ld}", now + 600);
	snprintf(body, sizeof(body), "{%s", claims);
	is_int(verify_token(c, "JWT", raw_hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "", body, ""), &tc),
	       INV_OK, "a hand-written token is accepted (the control)");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char payload[700];

		if (strcmp(bad[i].claims, "%s") == 0)
			snprintf(payload, sizeof(payload), "%s", body);
		else if (bad[i].claims[0] == '[')
			snprintf(payload, sizeof(payload), "[%s]", body);
		else
			snprintf(payload, sizeof(payload), "{\"role\":\"learner\",%s", claims);
		is_int(verify_token(c, "JWT", raw_hs256(SECRET, bad[i].header, bad[i].hsuf, payload, bad[i].psuf), &tc),
		       INV_EAUTH, "%s: refused", bad[i].what);
	}
	{
		char quoted[32], frac[32];
		const char *times[] = {quoted, frac, "-1", "99999999999999999999", "1e300", "null", "253402300800"};

		snprintf(quoted, sizeof(quoted), "\"%ld\"", now + 600);
		snprintf(frac, sizeof(frac), "%ld.5", now + 600);
		for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
			const char *v = times[i];
			char p[600];

			snprintf(p, sizeof(p), "{\"user_id\":5,\"username\":\"u5\",\"role\":\"admin\",\"exp\":%s}", v);
			is_int(verify_token(c, "JWT", raw_hs256(SECRET, "{\"alg\":\"HS256\"}", "", p, ""), &tc), INV_EAUTH,
			       "exp %s: refused", v);
			snprintf(p, sizeof(p), "{\"user_id\":5,\"username\":\"u5\",\"role\":\"admin\",\"exp\":%ld,\"nbf\":%s}",
			         now + 600, v);
			is_int(verify_token(c, "JWT", raw_hs256(SECRET, "{\"alg\":\"HS256\"}", "", p, ""), &tc), INV_EAUTH,
			       "nbf %s: refused", v);
			snprintf(p, sizeof(p), "{\"user_id\":5,\"username\":\"u5\",\"role\":\"admin\",\"exp\":%ld,\"iat\":%s}",
			         now + 600, v);
			is_int(verify_token(c, "JWT", raw_hs256(SECRET, "{\"alg\":\"HS256\"}", "", p, ""), &tc), INV_EAUTH,
			       "iat %s: refused", v);
		}
	}
	{
		char t[8192];

		snprintf(t, sizeof(t), "%s", raw_hs256(SECRET, "{\"alg\":\"HS256\"}", "", body, ""));
		strcat(t, "=");
		is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "signature with padding refused");
		t[strlen(t) - 1] = '\0';
		strcat(t, ".e30");
		is_int(verify_token(c, "JWT", t, &tc), INV_EAUTH, "a fourth segment refused");
		is_int(verify_token(c, "JWT", strchr(t, '.'), &tc), INV_EAUTH, "an empty header segment refused");
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

static void test_rs256(void)
{
	struct conf c;
	char err[256], dir[] = "/tmp/inv-auth-XXXXXX", cmd[1200], pub[64], priv[64], claims[300];
	struct token_claims tc;
	char *t, *pem;
	long now = (long)time(NULL);

	if (mkdtemp(dir) == NULL) {
		skip("no temp dir", "RS256");
		return;
	}
	snprintf(priv, sizeof(priv), "%s/key.pem", dir);
	snprintf(pub, sizeof(pub), "%s/pub.pem", dir);
	snprintf(cmd, sizeof(cmd),
	         "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out %s 2>/dev/null && "
	         "openssl pkey -in %s -pubout -out %s 2>/dev/null", priv, priv, pub);
	if (system(cmd) != 0) {
		skip("openssl is not available", "RS256 keys");
		return;
	}
	conf_defaults(&c);
	free(c.jwt_alg_name);
	c.jwt_alg_name = strdup("RS256");
	free(c.jwt_public_key_file);
	c.jwt_public_key_file = strdup(pub);
	free(c.user_claim);
	c.user_claim = strdup("username");
	ok(conf_check(&c, err, sizeof(err)) == 0, "RS256 config with a public key is valid");
	t = auth_token_issue(&c, 1, "x", "", ROLE_LEARNER, 0, time(NULL));
	ok(t == NULL, "no private key: invigil issues no tokens");
	free(t);
	snprintf(claims, sizeof(claims), "{\"sub\":\"ext-1\",\"username\":\"learner1\",\"exp\":%ld}", now + 600);
	pem = slurp(priv);
	t = sign(JWT_ALG_RS256, pem, claims);
	is_int(verify_token(&c, "Bearer", t, &tc), INV_OK, "outside RS256 token accepted");
	ok(!tc.own, "marked as an outside token");
	is_str(tc.subject, "learner1", "the configured claim names the user");
	free(t);
	{
		jwt_t *j;

		jwt_new(&j);
		jwt_add_grants_json(j, claims);
		jwt_add_header(j, "kid", "idp-2024");
		jwt_set_alg(j, JWT_ALG_RS256, (const unsigned char *)pem, (int)strlen(pem));
		t = jwt_encode_str(j);
		is_int(verify_token(&c, "Bearer", t, &tc), INV_OK, "an outside token's kid is tolerated (and selects nothing)");
		free(t);
		/* Entra ID v1 and AD FS send a certificate thumbprint in every token */
		jwt_add_header(j, "x5t", "nYbUkXvUkwRs0t9Yv4u4Yq8mDU0");
		t = jwt_encode_str(j);
		is_int(verify_token(&c, "Bearer", t, &tc), INV_OK, "and so is its x5t (a thumbprint, no key)");
		free(t);
		jwt_add_header(j, "jku", "http://127.0.0.1:1/keys");
		t = jwt_encode_str(j);
		is_int(verify_token(&c, "Bearer", t, &tc), INV_EAUTH, "an outside token with jku is refused");
		free(t);
		jwt_free(j);
	}
	free(pem);
	/* the classic confusion: HS256 signed with the public key PEM as secret */
	pem = slurp(pub);
	t = sign(JWT_ALG_HS256, pem, claims);
	is_int(verify_token(&c, "Bearer", t, &tc), INV_EAUTH, "HS256 signed with the public key refused");
	free(t);
	free(pem);
	conf_free(&c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)!system(cmd);
}

static void test_passwords(struct conf *c)
{
	char hash[128];

	ok(auth_password_hash(c, "s3cret", hash, sizeof(hash)) == 0, "password hashed");
	ok(strncmp(hash, "$argon2id$", 10) == 0, "with argon2id");
	is_int(auth_password_verify(c, hash, "s3cret"), 0, "right password verifies");
	is_int(auth_password_verify(c, hash, "wrong"), -1, "wrong password refused");
	is_int(auth_password_verify(c, NULL, "s3cret"), -1, "no hash refused");
	is_int(auth_password_verify(c, "plaintext", "plaintext"), -1, "a non-argon2 stored value never matches");
}

int main(void)
{
	struct conf c;
	char err[256];

	if (auth_init() != 0)
		bail("libsodium failed");
	conf_defaults(&c);
	free(c.jwt_secret);
	c.jwt_secret = strdup(SECRET);
	free(c.pwhash_name);
	c.pwhash_name = strdup("min");
	if (conf_check(&c, err, sizeof(err)) != 0)
		bail("config: %s", err);
	test_hs256(&c);
	test_iss_aud(&c);
	test_strict(&c);
	test_rs256();
	test_passwords(&c);
	conf_free(&c);
	arena_free(&a);
	return done_testing();
}
