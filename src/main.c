/* invigil-fcgi — the worker: configuration, database, router, FastCGI loop.
 * This is the composition root: the only file that knows every face. */
#include "config.h"

#include <fcgiapp.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <mysql.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "invigil/api.h"
#include "invigil/arena.h"
#include "invigil/auth.h"
#include "invigil/conf.h"
#include "invigil/db.h"
#include "invigil/dispatch.h"
#include "invigil/engine.h"
#include "invigil/fcgi_io.h"
#include "invigil/fmt.h"
#include "invigil/log.h"
#include "invigil/req.h"
#include "invigil/resp.h"
#include "invigil/route.h"
#include "invigil/store.h"

static const struct face *const faces[] = {
	&face_testpress,
	&face_assess,
	&face_canvas, /* after assessments: it owns the rest of /api/v1 */
	&face_course, /* /api/v2 (the SelfCommunity course API); /api/v2.2 is Testpress's */
	&face_testpress_admin, /* /api/v2.5 and /api/v3 */
};

/* Tokens from an outside issuer name a local user by the configured claim. */
static enum inv_err resolve_outside(struct req *r, const struct token_claims *tc, struct principal *out)
{
	struct user u;
	int found = db_user_by_username(tc->subject, &u);

	if (found < 0)
		return db_inv_err();
	if (found == 0) {
		const struct conf *c = conf_current();

		if (strcmp(c->auto_provision, "learner") != 0)
			return req_fail(r, INV_EAUTH, NULL, "No user named by the token exists here.");
		u.id = db_user_upsert(tc->subject, "", "", ROLE_LEARNER, NULL);
		if (u.id < 0)
			return db_inv_err();
		u.role = ROLE_LEARNER;
		snprintf(u.username, sizeof(u.username), "%s", tc->subject);
	}
	out->user_id = u.id;
	out->username = arena_strdup(r->arena, u.username);
	out->role = u.role;
	return INV_OK;
}

/* A token's user must still exist, with the role the token carries. */
static enum inv_err check_user(struct req *r, const struct principal *who)
{
	enum inv_err err = engine_user_current(who->user_id, who->username, who->role);

	if (err == INV_EAUTH)
		return req_fail(r, INV_EAUTH, NULL, "The user of this token no longer exists or has another role; log in again.");
	return err;
}

/* The pool's workers share their user rechecks (AUTH_USER_RECHECK_S), so a
 * learner's token costs one user read per period, not one per worker. */
static void share_checks(const struct conf *c)
{
	char buf[4096];
	bool failed;
	const char *path = auth_share_checks_of(c, true, buf, sizeof(buf), &failed);

	if (failed)
		log_warn("shared user checks off: cannot map %s (%s); each worker checks on its own", path,
		         strerror(errno));
}

static void usage(FILE *f)
{
	fprintf(f, "usage: invigil-fcgi [-c FILE] [--check-config]\n"
	           "  FastCGI worker of invigil; the listening socket is fd 0 (spawn-fcgi, systemd).\n"
	           "  -c FILE          configuration (default: $INVIGIL_CONFIG or " SYSCONFDIR "/invigil/invigil.ini)\n"
	           "  --check-config   validate the configuration and exit\n");
}

static int load_config(struct conf *c, const char *path)
{
	char err[512];

	conf_defaults(c);
	if (conf_load(c, path, err, sizeof(err)) != 0 || conf_check(c, err, sizeof(err)) != 0) {
		fprintf(stderr, "invigil-fcgi: refusing to start: %s\n", err);
		return -1;
	}
	return 0;
}

/* One request, start to finish; the arena is reset by the caller. */
static void serve(const struct dispatcher *d, FCGX_Request *fr, struct arena *a)
{
	const struct conf *c = d->conf;
	struct req r = {0};
	struct resp w = {0};
	bool too_big = false;
	int64_t t0 = now_ms();

	r.arena = a;
	w.arena = a;
	if (fcgi_read_request(fr, &r, c->body_limit, c->base_url, &too_big) != 0) {
		log_error("out of memory reading a request");
		FCGX_PutS("Status: 500 Internal Server Error\r\nContent-Type: application/json\r\n\r\n"
		          "{\"detail\":\"Internal error; it has been logged.\"}", fr->out);
		return;
	}
	log_set_request_id(r.request_id);
	dispatch(d, &r, too_big, &w);
	if (fcgi_write_response(fr, &r, &w) != 0)
		log_info("%s %s: client went away before the response", r.method, r.path ? r.path : r.uri);
	log_info("%s %s %d %lldms user=%lld", r.method, r.path ? r.path : r.uri, w.status,
	         (long long)(now_ms() - t0), (long long)r.who.user_id);
	req_clear(&r);
	log_set_request_id(NULL);
}

/* Is the listening socket (fd 0, as spawn-fcgi hands it over) a Unix one? */
static bool listening_on_unix(void)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	return getsockname(0, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_UNIX;
}

/* Ends the request and closes its connection.  libfcgi's close shuts the
 * sending side down and waits for the web server to close first (shutdown,
 * poll, read): a TCP stack answers input left unread with a reset, which can
 * make the peer drop a response it has not read yet.  Over a Unix socket,
 * once the request's input has been read to its end, nothing is left unread
 * and the response already queued is the web server's to read: the worker
 * closes at once, three system calls fewer of about fifteen per request. */
static void finish(FCGX_Request *fr, bool unix_socket)
{
	/* a request without a body has only its empty stdin record left, which
	 * libfcgi has usually read with the parameters */
	if (unix_socket && (FCGX_HasSeenEOF(fr->in) == EOF || FCGX_GetChar(fr->in) == EOF))
		FCGX_Detach(fr);
	FCGX_Finish_r(fr);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"check-config", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = NULL;
	bool check_only = false;
	struct conf c;
	struct dispatcher d = {faces, sizeof(faces) / sizeof(faces[0]), NULL, resolve_outside, check_user, render_error_drf};
	FCGX_Request fr;
	struct arena arena = {0};
	sigset_t stop, old;
	bool unix_socket;
	int ch;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'k': check_only = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	path = conf_path(path);
	if (load_config(&c, path) != 0)
		return 1;
	if (check_only) {
		printf("invigil-fcgi: %s is valid\n", path);
		conf_free(&c);
		return 0;
	}
	log_set_level((enum log_level)log_level_parse(c.log_level));
	if (auth_init() != 0 || mysql_library_init(0, NULL, NULL) != 0) {
		fprintf(stderr, "invigil-fcgi: cannot initialise libsodium or the MariaDB client\n");
		return 1;
	}
	auth_token_cache_warm(); /* its resident size is the whole cache's from now */
	conf_set_current(&c);
	d.conf = &c;
	/* 66.67, not 66.670000000000002 */
	json_c_set_serialization_double_format("%.15g", JSON_C_OPTION_GLOBAL);
	db_setup(&c, false); /* connects on the first request: the worker starts while the DB is away */
	share_checks(&c);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, 0, 0) != 0) {
		fprintf(stderr, "invigil-fcgi: cannot initialise FastCGI\n");
		return 1;
	}
	/* SIGTERM/SIGUSR1 (libfcgi's shutdown) would interrupt blocking calls in a
	 * handler: let them in only while waiting in accept */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGUSR1);
	sigprocmask(SIG_BLOCK, &stop, &old);
	unix_socket = listening_on_unix();
	log_info("worker ready (config %s)", path);
	for (;;) {
		int rc;

		sigprocmask(SIG_UNBLOCK, &stop, NULL);
		rc = FCGX_Accept_r(&fr);
		sigprocmask(SIG_BLOCK, &stop, NULL);
		if (rc < 0)
			break;
		serve(&d, &fr, &arena);
		finish(&fr, unix_socket);
		arena_reset(&arena);
		exam_cache_release(); /* content the request held may go now */
	}
	log_info("worker exiting");
	db_close();
	arena_free(&arena);
	mysql_library_end();
	conf_free(&c);
	return 0;
}
