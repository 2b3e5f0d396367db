/* API tests: hostile tokens (RFC 8725, issue 12 item 3) against every face.
 *
 * Each hostile Authorization header (or query-string token) goes to a read
 * and a write of Testpress, Canvas, assessments and the course face; each must be a 401 in
 * the face's JSON envelope with WWW-Authenticate, and the writes must leave
 * the database as it was (a checksum of the tables they would touch).
 * Controls prove the refusals are not vacuous: the same routes answer 2xx
 * to real tokens, tokens just inside the leeway are accepted, and the
 * checksum moves when a write succeeds.  The figures go to
 * $INVIGIL_BUILDDIR/tests/api/jwt-figures.md for ./dev jwt to record. */
#include "config.h"

#include <json-c/json.h>
#include <jwt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/conf.h"
#include "client.h"
#include "../tap.h"

enum face { TP, CV, AS, CO };

static const char *const face_name[] = {"Testpress", "Canvas", "assessments", "course"};

struct route {
	enum face face;
	const char *method;
	char path[200];
	char body[200]; /* "" for none */
};

static struct route routes[8];
#define NROUTES (sizeof(routes) / sizeof(routes[0]))
static struct conf conf;
static long now;
static int64_t uid1; /* learner1 */
static char tmpdir[] = "/tmp/inv-jwt-XXXXXX";

/* What the run adds up to, per category of hostile token. */
#define NCAT 16
static struct cat {
	const char *name;
	int tokens, requests, refused401, refused4xx, accepted;
} cats[NCAT];
static int ncats, controls_ok, controls;

static struct cat *cat_of(const char *name)
{
	for (int i = 0; i < ncats; i++)
		if (strcmp(cats[i].name, name) == 0)
			return &cats[i];
	if (ncats == NCAT)
		bail("too many categories");
	cats[ncats].name = name;
	return &cats[ncats++];
}

/* All output lines of a shell command, joined, in a static buffer. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *run(const char *fmt, ...)
{
	char cmd[2048], line[1024];
	static char out[8192];
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	out[0] = '\0';
	if ((p = popen(cmd, "r")) == NULL)
		return out;
	while (fgets(line, sizeof(line), p) != NULL && strlen(out) + strlen(line) < sizeof(out))
		strcat(out, line);
	pclose(p);
	if (out[0] && out[strlen(out) - 1] == '\n')
		out[strlen(out) - 1] = '\0';
	return out;
}

static char *sql(const char *query)
{
	char *o = run("mariadb --no-defaults --socket=\"%s/db/sock\" -uroot -N -B invigil -e \"%s\"",
	              need_env("INVIGIL_STACK_DIR"), query);

	o[strcspn(o, "\n")] = '\0'; /* the first line */
	return o;
}

/* What a write could change: a checksum of those tables, as text. */
static void snapshot(char *out, size_t n)
{
	snprintf(out, n, "%s",
	         run("mariadb --no-defaults --socket=\"%s/db/sock\" -uroot -N -B invigil -e "
	             "\"CHECKSUM TABLE attempts, answers, submissions, exams, users, lesson_progress\"",
	             need_env("INVIGIL_STACK_DIR")));
}

static void b64url(const void *in, size_t n, char *out, size_t outlen)
{
	sodium_bin2base64(out, outlen, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* "header.payload.signature" written by hand: HMAC-SHA256 with key (any
 * length, a PEM included) over the two segments as given.  malloc'd. */
static char *hs256(const char *key, const char *header, const char *payload)
{
	size_t hl = strlen(header), pl = strlen(payload), n = (hl + pl) * 2 + 100;
	char *t = malloc(n), s[64];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	b64url(header, hl, t, n);
	strcat(t, ".");
	b64url(payload, pl, t + strlen(t), n - strlen(t));
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t, strlen(t));
	crypto_auth_hmacsha256_final(&st, mac);
	b64url(mac, sizeof(mac), s, sizeof(s));
	strcat(t, ".");
	strcat(t, s);
	return t;
}

/* A token signed by libjwt with alg and key (a PEM for RS/ES).  malloc'd. */
static char *libjwt_sign(jwt_alg_t alg, const char *key, const char *claims)
{
	jwt_t *j;
	char *t;

	jwt_new(&j);
	jwt_add_grants_json(j, claims);
	jwt_set_alg(j, alg, (const unsigned char *)key, (int)strlen(key));
	t = jwt_encode_str(j);
	jwt_free(j);
	return t;
}

/* learner1's claims with exp = now + 600, then extra members (",..." or ""). */
static char *claims(const char *role, const char *extra)
{
	static char c[4][8192];
	static int k;
	char *o = c[k++ % 4];

	snprintf(o, sizeof(c[0]),
	         "{\"sub\":\"%lld\",\"user_id\":%lld,\"username\":\"learner1\",\"email\":\"\",\"role\":\"%s\",\"iat\":%ld,"
	         "\"exp\":%ld%s}",
	         (long long)uid1, (long long)uid1, role, now, now + 600, extra);
	return o;
}

static bool envelope_ok(enum face f, struct json_object *j)
{
	struct json_object *v;

	switch (f) {
	case TP:
	case CO: return json_str(j, "detail") != NULL;
	case CV:
		v = json_get(j, "errors");
		return v && json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0 &&
		       json_str(json_object_array_get_idx(v, 0), "message") != NULL;
	default:
		v = json_get(j, "error");
		return v && json_str(v, "code") != NULL && json_str(v, "message") != NULL;
	}
}

static long send_to(const struct route *rt, const char *auth, const char *extra, const char *query, struct http *h)
{
	char path[sizeof(rt->path) + 1200];
	struct http_req rq = {.method = rt->method, .path = path, .auth = auth, .extra_header = extra, .body_len = -1};

	snprintf(path, sizeof(path), "%s%s", rt->path, query ? query : "");
	if (rt->body[0]) {
		rq.content_type = "application/json";
		rq.body = rt->body;
	}
	if (http_do(&rq, h) != 0)
		h->status = 0;
	return h->status;
}

/* The heart of the suite: one hostile credential against all six routes.
 * front_400: nginx may refuse the request itself before a worker sees it
 * (then a 400 in the face's envelope, without WWW-Authenticate, is right). */
static void hostile_ex(const char *category, const char *what, const char *auth, const char *extra,
                       const char *query, bool front_400)
{
	char before[1024], after[1024];
	struct cat *c = cat_of(category);

	c->tokens++;
	snapshot(before, sizeof(before));
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		struct http h;
		long st = send_to(rt, auth, extra, query, &h);

		c->requests++;
		c->refused401 += st == 401;
		c->refused4xx += st >= 400 && st < 500 && st != 401;
		c->accepted += st >= 200 && st < 300;
		ok(envelope_ok(rt->face, h.json) &&
		       ((st == 401 && http_header(&h, "WWW-Authenticate") != NULL) || (front_400 && st == 400)),
		   "%s: %s %s: %s in the %s envelope (got %ld%s%s)", what, rt->method, rt->path,
		   front_400 ? "401 or nginx's 400" : "401 with WWW-Authenticate", face_name[rt->face], st,
		   h.body && st != 401 ? ": " : "", h.body && st != 401 ? h.body : "");
		http_free(&h);
	}
	snapshot(after, sizeof(after));
	ok(before[0] && strcmp(before, after) == 0, "%s: the writes changed nothing", what);
}

static void hostile(const char *category, const char *what, const char *auth)
{
	hostile_ex(category, what, auth, NULL, NULL, false);
}

static void hostile_token(const char *category, const char *what, const char *token)
{
	char *auth = malloc(strlen(token) + 8);

	sprintf(auth, "JWT %s", token);
	hostile(category, what, auth);
	free(auth);
}

/* A token that must work: 2xx on the Testpress read. */
static void accepted(const char *what, const char *auth)
{
	struct http h;

	controls++;
	send_to(&routes[0], auth, NULL, NULL, &h);
	controls_ok += h.status == 200;
	is_int(h.status, 200, "control: %s is accepted", what);
	http_free(&h);
}

static const char *with(const char *scheme, const char *token)
{
	static char buf[8300];

	snprintf(buf, sizeof(buf), "%s%s", scheme, token);
	return buf;
}

/* The payload segment of token re-encoded from json, the rest kept. */
static char *edit_payload(const char *token, const char *json)
{
	const char *d1 = strchr(token, '.'), *d2 = strrchr(token, '.');
	size_t n = strlen(token) + strlen(json) * 2 + 10;
	char *t = malloc(n);

	snprintf(t, n, "%.*s", (int)(d1 - token + 1), token);
	b64url(json, strlen(json), t + strlen(t), n - strlen(t));
	strcat(t, d2);
	return t;
}

static void test_alg_none(const char *good)
{
	static const char *const names[] = {"none", "None", "NONE", "nOnE"};
	const char *sig = strrchr(good, '.') + 1;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char hdr[64], h64[128], p64[1024], tok[2048], what[96];

		snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\",\"typ\":\"JWT\"}", names[i]);
		b64url(hdr, strlen(hdr), h64, sizeof(h64));
		b64url(claims("admin", ""), strlen(claims("admin", "")), p64, sizeof(p64));
		snprintf(tok, sizeof(tok), "%s.%s.", h64, p64);
		snprintf(what, sizeof(what), "alg %s, empty signature", names[i]);
		hostile_token("alg none", what, tok);
		snprintf(tok, sizeof(tok), "%s.%s", h64, p64);
		snprintf(what, sizeof(what), "alg %s, no signature part", names[i]);
		hostile_token("alg none", what, tok);
		snprintf(tok, sizeof(tok), "%s.%s.%s", h64, p64, sig);
		snprintf(what, sizeof(what), "alg %s, a real token's signature", names[i]);
		hostile_token("alg none", what, tok);
	}
}

/* Key pairs made here, for RS256/ES256 tokens and the PEM-as-secret trick. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *b = calloc(1, 65536);

	if (f) {
		if (fread(b, 1, 65535, f) == 0)
			b[0] = '\0';
		fclose(f);
	}
	return b;
}

static void test_confusion(void)
{
	char *rsa, *rsapub, *ec, *ecpub, *t, path[100], cmd[600];

	if (mkdtemp(tmpdir) == NULL)
		bail("no temp dir");
	snprintf(cmd, sizeof(cmd),
	         "cd %s && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null && "
	         "openssl pkey -in rsa.pem -pubout -out rsa.pub 2>/dev/null && "
	         "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem 2>/dev/null && "
	         "openssl pkey -in ec.pem -pubout -out ec.pub 2>/dev/null",
	         tmpdir);
	if (system(cmd) != 0)
		bail("cannot make key pairs with openssl");
	snprintf(path, sizeof(path), "%s/rsa.pem", tmpdir);
	rsa = slurp(path);
	snprintf(path, sizeof(path), "%s/rsa.pub", tmpdir);
	rsapub = slurp(path);
	snprintf(path, sizeof(path), "%s/ec.pem", tmpdir);
	ec = slurp(path);
	snprintf(path, sizeof(path), "%s/ec.pub", tmpdir);
	ecpub = slurp(path);
	if (!rsa[0] || !ec[0])
		bail("openssl made no keys");
	t = libjwt_sign(JWT_ALG_RS256, rsa, claims("admin", ""));
	hostile_token("algorithm confusion", "RS256 signed with a fresh RSA key", t);
	free(t);
	t = libjwt_sign(JWT_ALG_ES256, ec, claims("admin", ""));
	hostile_token("algorithm confusion", "ES256 signed with a fresh P-256 key", t);
	free(t);
	t = hs256(rsapub, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("admin", ""));
	hostile_token("algorithm confusion", "HS256 with an RSA public key PEM as the secret", t);
	free(t);
	t = hs256(ecpub, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("admin", ""));
	hostile_token("algorithm confusion", "HS256 with an EC public key PEM as the secret", t);
	free(t);
	t = libjwt_sign(JWT_ALG_HS384, conf.jwt_secret, claims("admin", ""));
	hostile_token("algorithm confusion", "HS384 with the right secret", t);
	free(t);
	t = libjwt_sign(JWT_ALG_HS512, conf.jwt_secret, claims("admin", ""));
	hostile_token("algorithm confusion", "HS512 with the right secret", t);
	free(t);
	t = hs256("0123456789abcdef0123456789abcdef-not-the-secret", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
	          claims("learner", ""));
	hostile_token("wrong key", "HS256 with another secret", t);
	free(t);
	t = hs256("", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("learner", ""));
	hostile_token("wrong key", "HS256 with an empty secret", t);
	free(t);
	free(rsa);
	free(rsapub);
	free(ec);
	free(ecpub);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	(void)!system(cmd);
}

/* Headers that would choose or carry a key, or demand an extension: signed
 * with the right secret, so only the header can be why they are refused. */
static void test_headers(void)
{
	static const char *const hdrs[][2] = {
		{"kid", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"../../../dev/null\"}"},
		{"jku", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"jku\":\"http://127.0.0.1:9/jwks.json\"}"},
		{"x5u", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x5u\":\"http://127.0.0.1:9/cert.pem\"}"},
		{"x5c", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x5c\":[\"MIIBIjANBgkq\"]}"},
		{"jwk", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"jwk\":{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}}"},
		{"crit", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"crit\":[\"exp\"]}"},
		{"x5t", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x5t\":\"AAAA\"}"},
		{"typ at+jwt", "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}"},
		{"typ JWS", "{\"alg\":\"HS256\",\"typ\":\"JWS\"}"},
		{"cty JWT (nested)", "{\"alg\":\"HS256\",\"cty\":\"JWT\"}"},
		{"alg hs256", "{\"alg\":\"hs256\",\"typ\":\"JWT\"}"},
		{"alg named twice", "{\"alg\":\"none\",\"alg\":\"HS256\"}"},
		{"header an array", "[\"HS256\"]"},
	};
	char *t, what[80];

	for (size_t i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		snprintf(what, sizeof(what), "header %s, right secret", hdrs[i][0]);
		t = hs256(conf.jwt_secret, hdrs[i][1], claims("learner", ""));
		hostile_token("key-selecting or odd headers", what, t);
		free(t);
	}
	t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\",\"typ\":\"jwt\"}", claims("learner", ""));
	accepted("a token with typ \"jwt\" (case-insensitive, RFC 7515 §4.1.9)", with("JWT ", t));
	free(t);
}

static void test_times(void)
{
	long lw = conf.leeway, in = lw >= 2 ? lw / 2 : 0, out = lw + 30;
	char extra[200], *t, what[120];
	static const char *const bad[] = {"\"%ld\"", "%ld.5", "-1", "99999999999999999999", "1e300", "253402300800",
	                                  "true", "null", "[1]"};

	diag("the stack's leeway is %ld s", lw);
	{
		char c[512];

		snprintf(c, sizeof(c), "{\"user_id\":%lld,\"username\":\"learner1\",\"role\":\"learner\",\"exp\":%ld}",
		         (long long)uid1, now - lw - out);
		t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", c);
		snprintf(what, sizeof(what), "exp %ld s ago (leeway %ld s)", lw + out, lw);
		hostile_token("time claims", what, t);
		free(t);
		snprintf(c, sizeof(c), "{\"user_id\":%lld,\"username\":\"learner1\",\"role\":\"learner\",\"exp\":%ld}",
		         (long long)uid1, now - lw + in);
		t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", c);
		snprintf(what, sizeof(what), "a token that expired %ld s ago, inside the leeway", lw - in);
		accepted(what, with("JWT ", t));
		free(t);
		snprintf(c, sizeof(c), "{\"user_id\":%lld,\"username\":\"learner1\",\"role\":\"learner\"}", (long long)uid1);
		t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", c);
		hostile_token("time claims", "no exp", t);
		free(t);
	}
	snprintf(extra, sizeof(extra), ",\"nbf\":%ld", now + lw + out);
	t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", claims("learner", extra));
	snprintf(what, sizeof(what), "nbf %ld s ahead (leeway %ld s)", lw + out, lw);
	hostile_token("time claims", what, t);
	free(t);
	snprintf(extra, sizeof(extra), ",\"nbf\":%ld", now + lw - in);
	t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", claims("learner", extra));
	snprintf(what, sizeof(what), "a token with nbf %ld s ahead, inside the leeway", lw - in);
	accepted(what, with("JWT ", t));
	free(t);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		static const char *const names[] = {"exp", "nbf", "iat"};
		char v[40], c[600];

		if (strcmp(bad[i], "\"%ld\"") == 0)
			snprintf(v, sizeof(v), "\"%ld\"", now + 600);
		else if (strcmp(bad[i], "%ld.5") == 0)
			snprintf(v, sizeof(v), "%ld.5", now + 600);
		else
			snprintf(v, sizeof(v), "%s", bad[i]);
		for (int k = 0; k < 3; k++) {
			if (k == 0) /* exp itself of the wrong type */
				snprintf(c, sizeof(c), "{\"user_id\":%lld,\"username\":\"learner1\",\"role\":\"learner\",\"exp\":%s}",
				         (long long)uid1, v);
			else
				snprintf(c, sizeof(c),
				         "{\"user_id\":%lld,\"username\":\"learner1\",\"role\":\"learner\",\"exp\":%ld,\"%s\":%s}",
				         (long long)uid1, now + 600, names[k], v);
			t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", c);
			snprintf(what, sizeof(what), "%s %s, right secret", names[k], v);
			hostile_token("time claims", what, t);
			free(t);
		}
	}
}

static void test_tampering(const char *good, int64_t uid_ins)
{
	char c[600], *t;

	t = edit_payload(good, claims("admin", ""));
	hostile_token("tampered claims", "role edited to admin, signature kept", t);
	free(t);
	snprintf(c, sizeof(c),
	         "{\"sub\":\"%lld\",\"user_id\":%lld,\"username\":\"instructor\",\"role\":\"instructor\",\"exp\":%ld}",
	         (long long)uid_ins, (long long)uid_ins, now + 600);
	t = edit_payload(good, c);
	hostile_token("tampered claims", "user edited to the instructor, signature kept", t);
	free(t);
	t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", claims("learner", ",\"role\":\"admin\""));
	hostile_token("tampered claims", "role named twice (learner, then admin), right secret", t);
	free(t);
	t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", claims("learner", ",\"user_id\":1"));
	hostile_token("tampered claims", "user_id named twice, right secret", t);
	free(t);
	snprintf(c, sizeof(c), "{\"sub\":\"987654\",\"user_id\":987654,\"username\":\"ghost\",\"role\":\"admin\",\"exp\":%ld}",
	         now + 600);
	t = hs256(conf.jwt_secret, "{\"alg\":\"HS256\"}", c);
	hostile_token("users that are not there", "an unknown user id, right secret", t);
	free(t);
}

/* A token for a fresh user from the CLI, ttl chosen so two differ. */
static char *cli_token(const char *user, int ttl)
{
	return strdup(run("\"%s\" token %s --ttl %d 2>/dev/null", need_env("INVIGIL_BIN"), user, ttl));
}

static void test_gone_users(void)
{
	char *a, *b;
	const char *bin = need_env("INVIGIL_BIN");

	run("printf '' | \"%s\" user add jwtgone --role admin >/dev/null 2>&1", bin);
	a = cli_token("jwtgone", 600);
	b = cli_token("jwtgone", 601);
	a[strcspn(a, "\n")] = b[strcspn(b, "\n")] = '\0';
	accepted("a new admin's token, before the admin is deleted", with("JWT ", a));
	sql("DELETE FROM users WHERE username = 'jwtgone'");
	hostile_token("users that are not there", "a deleted admin's token", b);
	free(a);
	free(b);

	run("printf '' | \"%s\" user add jwtdemoted --role admin >/dev/null 2>&1", bin);
	a = cli_token("jwtdemoted", 600);
	b = cli_token("jwtdemoted", 601);
	a[strcspn(a, "\n")] = b[strcspn(b, "\n")] = '\0';
	accepted("an admin's token, before the admin is made a learner", with("JWT ", a));
	run("printf '' | \"%s\" user add jwtdemoted --role learner >/dev/null 2>&1", bin);
	hostile_token("users that are not there", "an admin made a learner: the admin token", b);
	free(a);
	free(b);
}

static void test_shapes(const char *good)
{
	const char *d1 = strchr(good, '.'), *d2 = strrchr(good, '.');
	int hl = (int)(d1 - good), pl = (int)(d2 - d1 - 1);
	char t[4096], *big;
	static const char *const junk[] = {"!", "+", "/", " ", "%3D", "\\u0041", "="};

	hostile_token("malformed", "empty token segments (..)", "..");
	snprintf(t, sizeof(t), "%.*s..%s", hl, good, d2 + 1);
	hostile_token("malformed", "empty payload segment", t);
	snprintf(t, sizeof(t), ".%.*s.%s", pl, d1 + 1, d2 + 1);
	hostile_token("malformed", "empty header segment", t);
	snprintf(t, sizeof(t), "%.*s.", (int)(d2 - good), good);
	hostile_token("malformed", "empty signature segment", t);
	snprintf(t, sizeof(t), "%s.%s", good, d2 + 1);
	hostile_token("malformed", "a fourth segment", t);
	snprintf(t, sizeof(t), "%s.", good);
	hostile_token("malformed", "a trailing dot", t);
	snprintf(t, sizeof(t), "%.*s", (int)(d2 - good), good);
	hostile_token("malformed", "two segments", t);
	snprintf(t, sizeof(t), "%s=", good);
	hostile_token("malformed", "signature with = padding", t);
	snprintf(t, sizeof(t), "%.*s==.%s", (int)(d2 - good), good, d2 + 1);
	hostile_token("malformed", "payload with == padding", t);
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		char what[64];

		snprintf(t, sizeof(t), "%.*s%s%s", hl + 5, good, junk[i], good + hl + 5);
		snprintf(what, sizeof(what), "'%s' inside the payload", junk[i]);
		hostile_token("malformed", what, t);
	}
	{ /* the last signature character with a spare bit set: same bytes, another spelling */
		static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		char *last;

		snprintf(t, sizeof(t), "%s", good);
		last = t + strlen(t) - 1;
		*last = al[(strchr(al, *last) - al) ^ 1];
		hostile_token("malformed", "signature spelled with a spare bit set", t);
	}
	hostile_token("malformed", "not base64 at all", "not.a.token");
	hostile_token("malformed", "a JSON object for a token", "{\"alg\":\"none\"}");

	/* sizes: a few KB, just under nginx's header line limit, and past it */
	big = malloc(40000);
	for (int kb = 0; kb < 2; kb++) {
		size_t pad = kb == 0 ? 3000 : 5900;
		char *p = malloc(pad + 700), *tok, what[80];

		size_t at;

		snprintf(p, pad + 700, "{\"user_id\":%lld,\"username\":\"learner1\",\"role\":\"admin\",\"exp\":%ld,\"pad\":\"",
		         (long long)uid1, now + 600);
		at = strlen(p);
		memset(p + at, 'a', pad);
		strcpy(p + at + pad, "\"}");
		tok = hs256("0123456789abcdef0123456789abcdef-not-the-secret", "{\"alg\":\"HS256\"}", p);
		snprintf(what, sizeof(what), "a forged token of %zu bytes", strlen(tok));
		hostile_token("oversized", what, tok);
		free(tok);
		free(p);
	}
	memcpy(big, "Authorization: JWT ", 19);
	memset(big + 19, 'A', 20000);
	memcpy(big + 19 + 8000, ".", 1);
	memcpy(big + 19 + 16000, ".", 1);
	big[19 + 20000] = '\0';
	{
		struct cat *c = cat_of("oversized");

		c->tokens++;
		for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
			struct http h;
			long st = send_to(&routes[i], NULL, big, NULL, &h);

			c->requests++;
			c->refused401 += st == 401;
			c->refused4xx += st >= 400 && st < 500 && st != 401;
			c->accepted += st >= 200 && st < 300;
			ok(st >= 400 && st < 500 && h.json != NULL && envelope_ok(routes[i].face, h.json),
			   "a 20 KB token (past nginx's header limit): %s %s: a JSON 4xx in the %s envelope (got %ld)",
			   routes[i].method, routes[i].path, face_name[routes[i].face], st);
			http_free(&h);
		}
	}
	free(big);
}

static void test_schemes(const char *good, const char *forged)
{
	static const char *const ok_schemes[] = {"JWT ", "Bearer ", "Token ", "jwt ", "BEARER ", "token ", "Bearer   "};
	static const char *const bad_schemes[] = {"Bearer\t", "Bearer", "Basic ", "JWT: ", "Bearer,", "OAuth ", "Bearer =",
	                                          "JWT JWT ", ""};
	char what[80], extra[8400];

	for (size_t i = 0; i < sizeof(ok_schemes) / sizeof(ok_schemes[0]); i++) {
		snprintf(what, sizeof(what), "scheme '%s' with a real token", ok_schemes[i]);
		accepted(what, with(ok_schemes[i], good));
	}
	for (size_t i = 0; i < sizeof(bad_schemes) / sizeof(bad_schemes[0]); i++) {
		snprintf(what, sizeof(what), "scheme '%s' with a real token", bad_schemes[i]);
		hostile("scheme variants", what, with(bad_schemes[i], good));
	}
	snprintf(what, sizeof(what), "a real token followed by a second word");
	snprintf(extra, sizeof(extra), "JWT %s extra", good);
	hostile("scheme variants", what, extra);
	hostile("scheme variants", "bearer scheme with a forged token", with("bearer ", forged));

	snprintf(extra, sizeof(extra), "Authorization: JWT %s", forged);
	hostile_ex("two Authorization headers", "a real token, then a forged one", with("JWT ", good), extra, NULL, true);
	snprintf(extra, sizeof(extra), "Authorization: JWT %s", good);
	hostile_ex("two Authorization headers", "a forged token, then a real one", with("JWT ", forged), extra, NULL, true);
	snprintf(extra, sizeof(extra), "Authorization: JWT %s", good);
	hostile_ex("two Authorization headers", "the same real token twice", with("JWT ", good), extra, NULL, true);
}

static void test_query(const char *good)
{
	static const char *const names[] = {"token", "access_token", "jwt", "auth_token", "Authorization", "bearer"};
	char q[1200], what[80];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(q, sizeof(q), "?%s=%s", names[i], good);
		snprintf(what, sizeof(what), "a real token in ?%s= and no header", names[i]);
		hostile_ex("tokens in query strings", what, NULL, NULL, q, false);
	}
	snprintf(q, sizeof(q), "?access_token=JWT%%20%s", good);
	hostile_ex("tokens in query strings", "?access_token=JWT%20<token>, no header", NULL, NULL, q, false);
}

/* The controls for the writes: with real tokens they succeed, and the
 * checksum the hostile cases compared moves. */
static void test_writes_work(void)
{
	char before[1024], after[1024];
	char *l2 = login(NULL, "learner2", "demo"), *l3 = login(NULL, "learner3", "demo"), *adm = login(NULL, "admin", "demo");
	const char *tok[NROUTES] = {NULL, l2, NULL, l3, NULL, adm, NULL, l2};
	struct http h;

	if (!l2 || !l3 || !adm)
		bail("cannot log in for the controls");
	for (size_t i = 1; i < NROUTES; i += 2) {
		char auth[4096];

		snapshot(before, sizeof(before));
		snprintf(auth, sizeof(auth), "Bearer %s", tok[i]);
		send_to(&routes[i], auth, NULL, NULL, &h);
		controls++;
		controls_ok += h.status >= 200 && h.status < 300;
		ok(h.status >= 200 && h.status < 300, "control: %s %s with a real token: 2xx (got %ld)", routes[i].method,
		   routes[i].path, h.status);
		http_free(&h);
		snapshot(after, sizeof(after));
		ok(strcmp(before, after) != 0, "control: and the checksum the hostile cases compare moved");
	}
	free(l2);
	free(l3);
	free(adm);
}

static void write_figures(void)
{
	char path[1024];
	FILE *f;
	int tok = 0, req = 0, r401 = 0, r4xx = 0, acc = 0;
	char day[16];
	time_t t = time(NULL);
	struct tm tm;

	snprintf(path, sizeof(path), "%s/tests/api/jwt-figures.md", need_env("INVIGIL_BUILDDIR"));
	if ((f = fopen(path, "w")) == NULL) {
		diag("cannot write %s", path);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	fprintf(f, "Latest run (`./dev jwt`, leeway %ld s, %s): every hostile credential sent to %zu routes "
	           "(a read and a write of each face).\n\n",
	        conf.leeway, day, NROUTES);
	fprintf(f, "| category | credentials | requests | 401 | other 4xx | accepted (2xx) |\n|---|---:|---:|---:|---:|---:|\n");
	for (int i = 0; i < ncats; i++) {
		fprintf(f, "| %s | %d | %d | %d | %d | %d |\n", cats[i].name, cats[i].tokens, cats[i].requests,
		        cats[i].refused401, cats[i].refused4xx, cats[i].accepted);
		tok += cats[i].tokens;
		req += cats[i].requests;
		r401 += cats[i].refused401;
		r4xx += cats[i].refused4xx;
		acc += cats[i].accepted;
	}
	fprintf(f, "| **total** | **%d** | **%d** | **%d** | **%d** | **%d** |\n\n", tok, req, r401, r4xx, acc);
	fprintf(f, "Controls (real tokens, tokens just inside the leeway, the writes with real tokens): %d of %d "
	           "accepted as they should be.\n",
	        controls_ok, controls);
	fclose(f);
	diag("figures: %d credentials, %d requests, %d refused 401, %d other 4xx, %d accepted wrongly", tok, req, r401,
	     r4xx, acc);
}

int main(void)
{
	char err[256], *good, *forged, body[120];
	struct http h;
	const char *slug;
	int64_t exam, course, uid_ins;

	if (sodium_init() < 0)
		bail("libsodium");
	conf_defaults(&conf);
	if (conf_load(&conf, need_env("INVIGIL_CONFIG"), err, sizeof(err)) != 0)
		bail("config: %s", err);
	now = (long)time(NULL);
	if ((good = login(NULL, "learner1", "demo")) == NULL)
		bail("cannot log in");
	uid1 = atoll(sql("SELECT id FROM users WHERE username = 'learner1'"));
	uid_ins = atoll(sql("SELECT id FROM users WHERE username = 'instructor'"));
	http_get("/api/v2.2/exams/", jwt_header(good), &h);
	{
		struct json_object *r = json_object_array_get_idx(json_get(h.json, "results"), 0);

		slug = r ? json_str(r, "slug") : NULL;
		if (slug == NULL)
			bail("no exam in the demo course");
		snprintf(body, sizeof(body), "%s", slug);
		exam = json_object_get_int64(json_get(r, "id"));
	}
	http_free(&h);
	{
		char q[120];

		snprintf(q, sizeof(q), "SELECT course_id FROM exams WHERE id = %lld", (long long)exam);
		course = atoll(sql(q));
	}
	if (uid1 < 1 || uid_ins < 1 || course < 1)
		bail("cannot read the demo course's ids");
	routes[0] = (struct route){TP, "GET", "/api/v2.2/exams/", ""};
	routes[1] = (struct route){TP, "POST", "", "{}"};
	snprintf(routes[1].path, sizeof(routes[1].path), "/api/v2.2/exams/%s/attempts/", body);
	routes[2] = (struct route){CV, "GET", "", ""};
	snprintf(routes[2].path, sizeof(routes[2].path), "/api/v1/courses/%lld/quizzes", (long long)course);
	routes[3] = (struct route){CV, "POST", "", "{}"};
	snprintf(routes[3].path, sizeof(routes[3].path), "/api/v1/courses/%lld/quizzes/%lld/submissions", (long long)course,
	         (long long)exam);
	routes[4] = (struct route){AS, "GET", "/api/v1/assessments", ""};
	routes[5] = (struct route){AS, "POST", "/api/v1/assessments", ""};
	snprintf(routes[5].body, sizeof(routes[5].body), "{\"course_id\":%lld,\"title\":\"jwt probe\",\"passing_score\":50}",
	         (long long)course);
	/* the course face: the demo course's outline, and completing its welcome lesson */
	routes[6] = (struct route){CO, "GET", "", ""};
	snprintf(routes[6].path, sizeof(routes[6].path), "/api/v2/course/%lld/", (long long)course);
	routes[7] = (struct route){CO, "POST", "", ""};
	{
		long long sec = atoll(sql("SELECT section_id FROM lessons WHERE skey = 'welcome'")),
		          lesson = atoll(sql("SELECT id FROM lessons WHERE skey = 'welcome'"));

		snprintf(routes[7].path, sizeof(routes[7].path), "/api/v2/course/%lld/section/%lld/lesson/%lld/complete/",
		         (long long)course, sec, lesson);
	}
	for (size_t i = 0; i < NROUTES; i += 2) {
		char auth[4096];

		snprintf(auth, sizeof(auth), "Bearer %s", good);
		send_to(&routes[i], auth, NULL, NULL, &h);
		is_int(h.status, 200, "control: %s %s with learner1's token: 200", routes[i].method, routes[i].path);
		http_free(&h);
	}
	forged = hs256("0123456789abcdef0123456789abcdef-not-the-secret", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
	               claims("learner", ""));

	hostile_ex("no credentials", "no Authorization header", NULL, NULL, NULL, false);
	test_alg_none(good);
	test_confusion();
	test_headers();
	test_times();
	test_tampering(good, uid_ins);
	test_gone_users();
	test_shapes(good);
	test_schemes(good, forged);
	test_query(good);
	test_writes_work();
	write_figures();
	free(good);
	free(forged);
	conf_free(&conf);
	return done_testing();
}
