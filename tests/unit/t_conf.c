/* Unit tests: the configuration file (src/util/conf.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "invigil/conf.h"
#include "../tap.h"

static char path[] = "/tmp/inv-conf-XXXXXX";

static int load(struct conf *c, const char *text, char *err, size_t len)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	conf_free(c);
	conf_defaults(c);
	if (conf_load(c, path, err, len) != 0)
		return -1;
	return conf_check(c, err, len);
}

int main(void)
{
	struct conf c;
	char err[512];
	int fd = mkstemp(path);

	if (fd < 0)
		bail("mkstemp");
	close(fd);
	conf_defaults(&c);
	is_int(c.body_limit, 1048576, "default body limit 1 MiB");
	is_int(c.token_ttl, 43200, "default token lifetime 12 h");
	is_int(c.leeway, 60, "default leeway 60 s");
	is_str(c.jwt_alg_name, "HS256", "default algorithm HS256");
	ok(conf_check(&c, err, sizeof(err)) != 0, "defaults refused: no secret");
	ok(strstr(err, "jwt_secret") != NULL, "the error names jwt_secret");

	is_int(load(&c, "[auth]\njwt_secret = short\n", err, sizeof(err)), -1, "short secret refused");
	ok(strstr(err, "at least 32 bytes") != NULL, "and says why: %s", err);
	is_int(load(&c, "[auth]\njwt_secret = 0123456789abcdef0123456789abcdef\n"
	                "[server]\nbase_url = https://quiz.example/\nbody_limit = 2048\n",
	            err, sizeof(err)),
	       0, "a valid file loads");
	is_str(c.base_url, "https://quiz.example", "trailing slash of base_url dropped");
	is_int(c.body_limit, 2048, "body_limit read");
	is_int(load(&c, "[server]\nbody_limit = 10\n", err, sizeof(err)), -1, "out-of-range value refused");
	ok(strstr(err, "body_limit") && strstr(err, "1024"), "error names the key and bounds: %s", err);
	is_int(load(&c, "[server]\nbody_limit = 12abc\n", err, sizeof(err)), -1, "non-integer refused");
	is_int(load(&c, "[server]\nbodylimit = 12\n", err, sizeof(err)), -1, "unknown key refused");
	ok(strstr(err, ":2:") != NULL, "error names the line: %s", err);
	is_int(load(&c, "[auth]\njwt_secret = 0123456789abcdef0123456789abcdef\njwt_alg = none\n", err, sizeof(err)),
	       -1, "alg none refused");
	is_int(load(&c, "[auth]\njwt_alg = RS256\n", err, sizeof(err)), -1, "RS256 without a key file refused");
	is_int(load(&c, "[auth]\njwt_alg = RS256\njwt_public_key_file = /nonexistent.pem\n", err, sizeof(err)), -1,
	       "RS256 with a missing key file refused");
	is_int(load(&c, "[auth]\njwt_secret = 0123456789abcdef0123456789abcdef\npwhash = weak\n", err, sizeof(err)),
	       -1, "unknown pwhash refused");
	is_int(load(&c, "[server]\nbase_url = quiz.example\n[auth]\njwt_secret = 0123456789abcdef0123456789abcdef\n",
	            err, sizeof(err)),
	       -1, "base_url without scheme refused");
	{
		char a[256], b[256];
		const char *pa, *pb;
		const char secret[] = "[auth]\njwt_secret = 0123456789abcdef0123456789abcdef\n";
		char text[300];

		is_int(load(&c, secret, err, sizeof(err)), 0, "shared_checks may be left out");
		pa = conf_shared_checks(&c, a, sizeof(a));
		ok(pa != NULL && strncmp(pa, "/dev/shm/invigil-checks-", 24) == 0 && strlen(pa) == 40,
		   "shared_checks by default: a name in /dev/shm (%s)", pa ? pa : "NULL");
		snprintf(text, sizeof(text), "[database]\nname = other\n%s", secret);
		is_int(load(&c, text, err, sizeof(err)), 0, "another database");
		pb = conf_shared_checks(&c, b, sizeof(b));
		ok(pb != NULL && strcmp(pa, pb) != 0, "another database's workers share another file (%s)", pb ? pb : "NULL");
		snprintf(text, sizeof(text), "%sshared_checks = /run/invigil/checks\n", secret);
		is_int(load(&c, text, err, sizeof(err)), 0, "shared_checks set");
		is_str(conf_shared_checks(&c, a, sizeof(a)), "/run/invigil/checks", "shared_checks: the path given");
		snprintf(text, sizeof(text), "%sshared_checks = off\n", secret);
		is_int(load(&c, text, err, sizeof(err)), 0, "shared_checks off");
		ok(conf_shared_checks(&c, a, sizeof(a)) == NULL, "shared_checks = off: none");
	}
	conf_free(&c);
	c.base_url = NULL;
	ok(conf_load(&c, "/nonexistent/invigil.ini", err, sizeof(err)) != 0, "missing file reported");
	setenv("INVIGIL_CONFIG", "/x/y.ini", 1);
	is_str(conf_path(NULL), "/x/y.ini", "INVIGIL_CONFIG is used");
	is_str(conf_path("/a.ini"), "/a.ini", "-c wins over INVIGIL_CONFIG");
	conf_free(&c);
	unlink(path);
	return done_testing();
}
