/* invigil — configuration: a table of typed, bounded keys read with inih. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/conf.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

enum conf_type { CT_STR, CT_LONG };

struct conf_key {
	const char *section;
	const char *name;
	enum conf_type type;
	size_t offset;
	const char *def; /* default, as text */
	long min, max;   /* bounds for CT_LONG */
};

#define S(sec, key, field, def) {sec, key, CT_STR, offsetof(struct conf, field), def, 0, 0}
#define L(sec, key, field, def, lo, hi) {sec, key, CT_LONG, offsetof(struct conf, field), #def, lo, hi}

static const struct conf_key keys[] = {
	S("server", "base_url", base_url, ""),
	L("server", "body_limit", body_limit, 1048576, 1024, 64L * 1024 * 1024),
	L("server", "json_max_depth", json_max_depth, 32, 2, 256),
	S("server", "log_level", log_level, "info"),
	S("database", "host", db_host, "localhost"),
	L("database", "port", db_port, 3306, 1, 65535),
	S("database", "socket", db_socket, ""),
	S("database", "name", db_name, "invigil"),
	S("database", "user", db_user, "invigil"),
	S("database", "password", db_password, ""),
	S("database", "migrate_user", db_migrate_user, ""),
	S("database", "migrate_password", db_migrate_password, ""),
	L("database", "connect_timeout", db_connect_timeout, 3, 1, 300),
	L("database", "read_timeout", db_read_timeout, 10, 1, 3600),
	L("database", "write_timeout", db_write_timeout, 10, 1, 3600),
	L("database", "retry_after", db_retry_after, 5, 1, 3600),
	S("auth", "jwt_alg", jwt_alg_name, "HS256"),
	S("auth", "jwt_secret", jwt_secret, ""),
	S("auth", "jwt_public_key_file", jwt_public_key_file, ""),
	S("auth", "jwt_private_key_file", jwt_private_key_file, ""),
	S("auth", "issuer", issuer, ""),
	S("auth", "audience", audience, ""),
	L("auth", "token_ttl", token_ttl, 43200, 60, 31L * 86400),
	L("auth", "leeway", leeway, 60, 0, 600),
	S("auth", "pwhash", pwhash_name, "interactive"),
	S("auth", "user_claim", user_claim, "sub"),
	S("auth", "auto_provision", auto_provision, "none"),
	L("auth", "login_max_failures", login_max_failures, 10, 1, 1000),
	L("auth", "login_lockout", login_lockout, 60, 1, 86400),
	S("auth", "shared_checks", shared_checks, ""),
};

struct load_ctx {
	struct conf *c;
	char *err;
	size_t errlen;
};

static char **str_field(struct conf *c, const struct conf_key *k)
{
	return (char **)((char *)c + k->offset);
}

static long *long_field(struct conf *c, const struct conf_key *k)
{
	return (long *)((char *)c + k->offset);
}

static int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/* Stores text as key k's value.  0, or -1 with a message. */
static int set_key(struct conf *c, const struct conf_key *k, const char *text,
                   char *err, size_t errlen)
{
	long v;
	char *copy;

	if (k->type == CT_LONG) {
		if (parse_long(text, &v) != 0) {
			snprintf(err, errlen, "[%s] %s: '%s' is not an integer", k->section, k->name, text);
			return -1;
		}
		if (v < k->min || v > k->max) {
			snprintf(err, errlen, "[%s] %s: %ld is outside %ld..%ld", k->section, k->name,
			         v, k->min, k->max);
			return -1;
		}
		*long_field(c, k) = v;
		return 0;
	}
	copy = strdup(text);
	if (copy == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	free(*str_field(c, k));
	*str_field(c, k) = copy;
	return 0;
}

void conf_defaults(struct conf *c)
{
	char err[16];

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (set_key(c, &keys[i], keys[i].def, err, sizeof(err)) != 0)
			abort(); /* a default out of its own bounds is a bug */
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *ctx = user;
	char err[256];

	/* inih reports the first failing line: keep the first message to match */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0) {
			if (set_key(ctx->c, &keys[i], value, err, sizeof(err)) == 0)
				return 1;
			if (ctx->err[0] == '\0')
				snprintf(ctx->err, ctx->errlen, "%s", err);
			return 0;
		}
	if (ctx->err[0] == '\0')
		snprintf(ctx->err, ctx->errlen, "[%s] %s: unknown key", section, name);
	return 0;
}

int conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	struct load_ctx ctx = {c, err, errlen};
	char detail[256] = "";
	int rc;

	ctx.err = detail;
	ctx.errlen = sizeof(detail);
	rc = ini_parse(path, on_entry, &ctx);
	if (rc == -1) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s:%d: %s", path, rc, detail[0] ? detail : "syntax error");
		return -1;
	}
	return 0;
}

/* Reads a whole small file (a PEM key) into a new string; NULL on error. */
static char *read_small_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(65537);
	if (buf == NULL) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, 65536, f);
	fclose(f);
	if (n == 0 || n == 65536) {
		free(buf);
		snprintf(err, errlen, "%s: empty or larger than 64 KiB", path);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int pick(const char *value, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	return -1;
}

static int check_enums(struct conf *c, char *err, size_t errlen)
{
	static const char *const algs[] = {"HS256", "RS256", "ES256"};
	static const char *const costs[] = {"min", "interactive", "moderate"};
	static const char *const claims[] = {"sub", "username"};
	static const char *const provision[] = {"none", "learner"};
	static const char *const levels[] = {"error", "warn", "info", "debug"};
	int v;

	if ((v = pick(c->jwt_alg_name, algs, 3)) < 0) {
		snprintf(err, errlen, "[auth] jwt_alg: '%s' is not HS256, RS256 or ES256", c->jwt_alg_name);
		return -1;
	}
	c->jwt_alg = (enum conf_jwt_alg)v;
	if ((v = pick(c->pwhash_name, costs, 3)) < 0) {
		snprintf(err, errlen, "[auth] pwhash: '%s' is not min, interactive or moderate", c->pwhash_name);
		return -1;
	}
	c->pwhash = (enum conf_pwhash)v;
	if (pick(c->user_claim, claims, 2) < 0) {
		snprintf(err, errlen, "[auth] user_claim: '%s' is not sub or username", c->user_claim);
		return -1;
	}
	if (pick(c->auto_provision, provision, 2) < 0) {
		snprintf(err, errlen, "[auth] auto_provision: '%s' is not none or learner", c->auto_provision);
		return -1;
	}
	if (pick(c->log_level, levels, 4) < 0) {
		snprintf(err, errlen, "[server] log_level: '%s' is not error, warn, info or debug", c->log_level);
		return -1;
	}
	return 0;
}

static int check_base_url(struct conf *c, char *err, size_t errlen)
{
	size_t n = strlen(c->base_url);

	if (n == 0)
		return 0;
	if (strncmp(c->base_url, "http://", 7) != 0 && strncmp(c->base_url, "https://", 8) != 0) {
		snprintf(err, errlen, "[server] base_url: '%s' must start with http:// or https://", c->base_url);
		return -1;
	}
	while (n > 0 && c->base_url[n - 1] == '/')
		c->base_url[--n] = '\0';
	return 0;
}

int conf_check(struct conf *c, char *err, size_t errlen)
{
	if (check_enums(c, err, errlen) != 0 || check_base_url(c, err, errlen) != 0)
		return -1;
	if (c->jwt_alg == CONF_JWT_HS256) {
		/* libjwt skips the signature check with an empty key: never allow one */
		if (strlen(c->jwt_secret) < 32) {
			snprintf(err, errlen, "[auth] jwt_secret: must be at least 32 bytes for HS256 (it is %zu)",
			         strlen(c->jwt_secret));
			return -1;
		}
		return 0;
	}
	if (c->jwt_public_key_file[0] == '\0') {
		snprintf(err, errlen, "[auth] jwt_public_key_file: required for %s", c->jwt_alg_name);
		return -1;
	}
	free(c->jwt_public_key);
	c->jwt_public_key = read_small_file(c->jwt_public_key_file, err, errlen);
	if (c->jwt_public_key == NULL)
		return -1;
	if (c->jwt_private_key_file[0] != '\0') {
		free(c->jwt_private_key);
		c->jwt_private_key = read_small_file(c->jwt_private_key_file, err, errlen);
		if (c->jwt_private_key == NULL)
			return -1;
	}
	return 0;
}

const char *conf_path(const char *flag)
{
	const char *env = getenv("INVIGIL_CONFIG");

	if (flag != NULL && *flag != '\0')
		return flag;
	if (env != NULL && *env != '\0')
		return env;
	return SYSCONFDIR "/invigil/invigil.ini";
}

/* FNV-1a, continued over s */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return h;
}

const char *conf_shared_checks(const struct conf *c, char *buf, size_t n)
{
	char port[24];
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	if (strcmp(c->shared_checks, "off") == 0)
		return NULL;
	if (*c->shared_checks != '\0') {
		snprintf(buf, n, "%s", c->shared_checks);
		return buf;
	}
	/* workers of one database share; two deployments on a host do not */
	snprintf(port, sizeof(port), "|%ld|", c->db_port);
	h = fnv(fnv(fnv(fnv(h, c->db_host), port), c->db_socket), "|");
	h = fnv(h, c->db_name);
	snprintf(buf, n, "/dev/shm/invigil-checks-%016llx", (unsigned long long)h);
	return buf;
}

void conf_free(struct conf *c)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].type == CT_STR) {
			free(*str_field(c, &keys[i]));
			*str_field(c, &keys[i]) = NULL;
		}
	free(c->jwt_public_key);
	free(c->jwt_private_key);
	c->jwt_public_key = c->jwt_private_key = NULL;
}

static const struct conf *current;

const struct conf *conf_current(void) { return current; }
void conf_set_current(const struct conf *c) { current = c; }
