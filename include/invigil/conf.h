/* invigil — the one configuration file (INI), shared by invigil-fcgi and invigil. */
#ifndef INVIGIL_CONF_H
#define INVIGIL_CONF_H

#include <stddef.h>

enum conf_jwt_alg { CONF_JWT_HS256, CONF_JWT_RS256, CONF_JWT_ES256 };
enum conf_pwhash { CONF_PWHASH_MIN, CONF_PWHASH_INTERACTIVE, CONF_PWHASH_MODERATE };

/* Every key of docs/configuration.md.  Strings are owned by the struct and
 * released by conf_free(). */
struct conf {
	/* [server] */
	char *base_url;        /* scheme://host[:port][/prefix], no trailing slash */
	long body_limit;       /* bytes */
	long json_max_depth;
	char *log_level;
	/* [database] */
	char *db_host;
	long db_port;
	char *db_socket;
	char *db_name;
	char *db_user;
	char *db_password;
	char *db_migrate_user;     /* DDL user for `invigil migrate`; empty = db_user */
	char *db_migrate_password;
	long db_connect_timeout;
	long db_read_timeout;
	long db_write_timeout;
	long db_retry_after;
	/* [auth] */
	char *jwt_alg_name;
	enum conf_jwt_alg jwt_alg;
	char *jwt_secret;
	char *jwt_public_key_file;
	char *jwt_private_key_file;
	char *jwt_public_key;  /* file contents, loaded by conf_check() */
	char *jwt_private_key;
	char *issuer;
	char *audience;
	long token_ttl;
	long leeway;
	char *pwhash_name;
	enum conf_pwhash pwhash;
	char *user_claim;
	char *auto_provision;
	long login_max_failures;
	long login_lockout;
	char *shared_checks;   /* the workers' shared user-check stamps; "" derived, "off" none */
};

/* Sets every key to its default. */
void conf_defaults(struct conf *c);
/* Reads path over the defaults.  Returns 0, or -1 with a message naming the
 * file, line and key in err. */
int conf_load(struct conf *c, const char *path, char *err, size_t errlen);
/* Refuses unsafe or inconsistent settings (short secret, missing key file,
 * unknown enum values) and loads key files.  0 or -1 with err set. */
int conf_check(struct conf *c, char *err, size_t errlen);
/* The file where one deployment's workers share which tokens' users they
 * found current lately (shared_checks): the key's value, or when it is
 * empty a name in /dev/shm derived from the database the workers share.
 * Writes at most n bytes to buf; returns buf, or NULL when the key is
 * "off". */
const char *conf_shared_checks(const struct conf *c, char *buf, size_t n);
/* The path from -c, else $INVIGIL_CONFIG, else the built-in default. */
const char *conf_path(const char *flag);
void conf_free(struct conf *c);
/* The configuration the process runs with (set once by main). */
const struct conf *conf_current(void);
void conf_set_current(const struct conf *c);

#endif
