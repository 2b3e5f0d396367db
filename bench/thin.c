/* bench/thin.c — the thinnest libfcgi responder, for the benchmark's ceilings.
 *
 * Run under spawn-fcgi + multiwatch like invigil-fcgi (the listening socket is
 * fd 0).  Every request is answered with a fixed JSON body from memory:
 *
 *   GET (and HEAD)        --get-size bytes (default 600)       ceiling 1: transport
 *   any other method      --put-size bytes (default 600); with --upsert it first
 *                         runs one prepared, autocommitted (so durable)
 *                         INSERT INTO bench_upsert (k, v) VALUES (?, ?)
 *                         ON DUPLICATE KEY UPDATE v = VALUES(v)      ceiling 2: architecture
 *
 * k is the last number in the request path (so replaying the save phase's
 * script writes one row per answer, as the real saves do), else a per-process
 * counter; v is the request body (at most 255 bytes).  The database comes from
 * BENCH_DB_SOCKET, BENCH_DB_USER, BENCH_DB_PASS and BENCH_DB_NAME; the
 * connection is opened at the first write and reopened once after a lost
 * connection (2006/2013), the way invigil's workers do. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcgiapp.h>
#include <mysql.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_BODY 65536
#define MAX_V 255

static MYSQL *db;
static MYSQL_STMT *st;

static const char UPSERT[] = "INSERT INTO bench_upsert (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)";

static void db_close(void)
{
	if (st != NULL)
		mysql_stmt_close(st);
	if (db != NULL)
		mysql_close(db);
	st = NULL;
	db = NULL;
}

static int db_open(void)
{
	const char *sock = getenv("BENCH_DB_SOCKET"), *user = getenv("BENCH_DB_USER"),
	           *pass = getenv("BENCH_DB_PASS"), *name = getenv("BENCH_DB_NAME");
	unsigned int timeout = 10;

	db = mysql_init(NULL);
	if (db == NULL)
		return -1;
	mysql_optionsv(db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	timeout = 30;
	mysql_optionsv(db, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(db, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(db, NULL, user ? user : "root", pass ? pass : "", name ? name : "invigil_bench", 0, sock,
	                       0) == NULL) {
		fprintf(stderr, "thin: connect: %s\n", mysql_error(db));
		db_close();
		return -1;
	}
	st = mysql_stmt_init(db);
	if (st == NULL || mysql_stmt_prepare(st, UPSERT, sizeof(UPSERT) - 1) != 0) {
		fprintf(stderr, "thin: prepare: %s\n", st ? mysql_stmt_error(st) : mysql_error(db));
		db_close();
		return -1;
	}
	return 0;
}

static int upsert(unsigned long long k, const char *v, unsigned long vlen)
{
	for (int attempt = 0; attempt < 4; attempt++) {
		MYSQL_BIND b[2];
		unsigned int e;

		if (db == NULL && db_open() != 0)
			return -1;
		memset(b, 0, sizeof(b));
		b[0].buffer_type = MYSQL_TYPE_LONGLONG;
		b[0].buffer = &k;
		b[0].is_unsigned = 1;
		b[1].buffer_type = MYSQL_TYPE_STRING;
		b[1].buffer = (void *)v;
		b[1].buffer_length = vlen;
		b[1].length = &vlen;
		if (mysql_stmt_bind_param(st, b) == 0 && mysql_stmt_execute(st) == 0)
			return 0;
		e = mysql_stmt_errno(st);
		fprintf(stderr, "thin: upsert: %u %s\n", e, mysql_stmt_error(st));
		if (e == 2006 || e == 2013 || e == 2055) {
			db_close(); /* reconnect, re-prepare, retry (the upsert is idempotent) */
			continue;
		}
		if (e == 1213 || e == 1205)
			continue;
		return -1;
	}
	return -1;
}

static char *make_body(size_t n)
{
	static const char head[] = "{\"id\":1,\"ok\":true,\"pad\":\"";
	char *b;

	if (n < sizeof(head) + 2)
		n = sizeof(head) + 2;
	b = malloc(n + 1);
	if (b == NULL)
		exit(1);
	memcpy(b, head, sizeof(head) - 1);
	memset(b + sizeof(head) - 1, 'x', n - (sizeof(head) - 1) - 2);
	memcpy(b + n - 2, "\"}", 2);
	b[n] = '\0';
	return b;
}

static unsigned long long key_of(const char *path, unsigned long long *counter)
{
	const char *p = path ? path + strlen(path) : NULL;

	/* the last run of digits in the path */
	while (p != NULL && p > path && (p[-1] < '0' || p[-1] > '9'))
		p--;
	if (p != NULL && p > path) {
		const char *s = p;

		while (s > path && s[-1] >= '0' && s[-1] <= '9')
			s--;
		return strtoull(s, NULL, 10);
	}
	return ((unsigned long long)getpid() << 32) | ++*counter;
}

int main(int argc, char **argv)
{
	size_t get_size = 600, put_size = 600;
	bool do_upsert = false;
	char *get_body, *put_body, *in;
	unsigned long long counter = 0;
	FCGX_Request r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--get-size") == 0 && i + 1 < argc)
			get_size = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--put-size") == 0 && i + 1 < argc)
			put_size = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc)
			get_size = put_size = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--upsert") == 0)
			do_upsert = true;
		else {
			fprintf(stderr, "usage: thin [--size N] [--get-size N] [--put-size N] [--upsert]\n");
			return 2;
		}
	}
	get_body = make_body(get_size);
	put_body = make_body(put_size);
	get_size = strlen(get_body);
	put_size = strlen(put_body);
	in = malloc(MAX_BODY);
	if (in == NULL)
		return 1;
	if (do_upsert && mysql_library_init(0, NULL, NULL) != 0)
		return 1;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&r) >= 0) {
		const char *method = FCGX_GetParam("REQUEST_METHOD", r.envp);
		const char *cl = FCGX_GetParam("CONTENT_LENGTH", r.envp);
		bool is_get = method == NULL || strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
		long want = cl && *cl ? strtol(cl, NULL, 10) : 0;
		int got = 0;

		if (want > 0)
			got = FCGX_GetStr(in, want < MAX_BODY ? (int)want : MAX_BODY, r.in);
		if (!is_get && do_upsert) {
			const char *path = FCGX_GetParam("DOCUMENT_URI", r.envp);

			if (path == NULL)
				path = FCGX_GetParam("REQUEST_URI", r.envp);
			if (upsert(key_of(path, &counter), in, got > MAX_V ? MAX_V : (unsigned long)(got > 0 ? got : 0)) != 0) {
				FCGX_PutS("Status: 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n"
				          "{\"detail\":\"upsert failed\"}",
				          r.out);
				FCGX_Finish_r(&r);
				continue;
			}
		}
		FCGX_PutS("Status: 200 OK\r\nContent-Type: application/json\r\n\r\n", r.out);
		if (is_get)
			FCGX_PutStr(get_body, (int)get_size, r.out);
		else
			FCGX_PutStr(put_body, (int)put_size, r.out);
		FCGX_Finish_r(&r);
	}
	db_close();
	return 0;
}
