/* invigil API tests — a small libcurl client over the live stack. */
#ifndef INVIGIL_TEST_CLIENT_H
#define INVIGIL_TEST_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;

struct http {
	long status;
	char *body;
	size_t len;
	struct json_object *json; /* the body parsed, when it is JSON */
	char headers[8192];
};

struct http_req {
	const char *method;
	const char *base;         /* NULL: $INVIGIL_TEST_URL */
	const char *path;         /* appended to base */
	const char *auth;         /* whole Authorization value, or NULL */
	const char *content_type; /* NULL: none sent */
	const char *body;
	long body_len;            /* -1: strlen(body) */
	bool chunked;             /* send with Transfer-Encoding: chunked */
	const char *extra_header; /* one more "Name: value", or NULL */
};

/* Performs rq; returns 0 (any HTTP status), -1 when no response came. Each
 * response is checked against the real clients' contracts
 * (tests/contract/contract.h), reported by done_testing(). */
int http_do(const struct http_req *rq, struct http *out);
/* libcurl's write callback that appends to the struct http at ud (body, len,
 * NUL-terminated); for programs that drive their own easy handles. */
size_t http_on_body(char *p, size_t size, size_t n, void *ud);
/* Shorthands. */
int http_get(const char *path, const char *auth, struct http *out);
int http_json(const char *method, const char *path, const char *auth, const char *json, struct http *out);
void http_free(struct http *h);
/* Value of response header name (case-insensitive), in a static buffer; NULL when absent. */
const char *http_header(const struct http *h, const char *name);
/* The string at key of the body object; NULL when absent. */
const char *json_str(struct json_object *o, const char *key);
/* The member key of o, or NULL. */
struct json_object *json_get(struct json_object *o, const char *key);
/* The integer at key of o; -999999 when absent or not an integer. */
int64_t json_int(struct json_object *o, const char *key);
/* POSTs credentials to /api/v2.2/auth-token/; returns a malloc'd token or NULL. */
char *login(const char *base, const char *user, const char *pass);
/* A demo user's token (password "demo"), malloc'd; bails when the log-in fails. */
char *must_login(const char *user);
/* A path from fmt, in one of four rotating static buffers (so that up to
 * four can be arguments of one call). */
const char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "JWT <token>" in a static buffer. */
const char *jwt_header(const char *token);
/* "Bearer <token>" in a static buffer (the Canvas and assessments scheme). */
const char *bearer_header(const char *token);
/* $name or die. */
const char *need_env(const char *name);
/* Runs "$INVIGIL_STACK cmd $INVIGIL_STACK_DIR"; returns its exit status. */
int stack_ctl(const char *cmd);
/* Runs the same; returns the number of lines it printed, -1 when it failed. */
int stack_lines(const char *cmd);
/* Waits up to secs until the pool has want workers, steady for a second;
 * the count it last saw. */
int stack_workers_settled(int want, int secs);
/* stack_ctl("kill-workers"), then stack_workers_settled at the pool's size
 * before it (up to 20 s), so that the next request reaches a live worker,
 * not a dying one (nginx would answer 503). */
void stack_kill_workers_settled(void);
/* Runs a shell command; returns the first line it printed, without its
 * newline, in a static buffer (overwritten by the next call; "" when none). */
const char *shell_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One value of a query run as root on the stack's database, as shell_line. */
const char *stack_sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs "START TRANSACTION; before; DO SLEEP(seconds); after; COMMIT" as root
 * in a session of its own, in the background, and returns once it sleeps:
 * its statements before the sleep have run and it holds their locks.  The
 * SQL goes in double quotes, as stack_sql's.  Bails when it does not start
 * within 5 s. */
void stack_sql_hold(int seconds, const char *before, const char *after);
/* Every attempt's answers as rows (id, attempt_id, exam_question_id,
 * position), made or still due (schema/014_lazy_answer_records.sql: a
 * start makes no records; the first reader that needs them does): a table
 * for SQL, "FROM " ALL_ANSWERS " an WHERE an.attempt_id = …". */
#define ALL_ANSWERS                                                                                      \
	"(SELECT id, attempt_id, exam_question_id, position FROM answers UNION ALL "                        \
	"SELECT a.first_answer_id + ROW_NUMBER() OVER (PARTITION BY a.id ORDER BY eq.position, eq.id) - 1, " \
	"a.id, eq.id, eq.position FROM attempts a JOIN exam_questions eq ON eq.exam_id = a.records_due_exam " \
	"WHERE NOT EXISTS (SELECT 1 FROM answers x WHERE x.attempt_id = a.id))"
/* Makes the answer records of exam_id's attempts that lack them, as an
 * operator must before editing its questions by hand (the recipe in
 * schema/014_lazy_answer_records.sql). */
void stack_make_records(int64_t exam_id);
/* Replaces started attempt from (none of its answers saved) with a copy
 * as an attempt from before migration 014 would be on a server whose ids
 * step by step (Galera's auto_increment_increment): its records made, their
 * ids from a fresh block, step apart; no first answer id.  The copy's id,
 * which no worker has seen. */
int64_t stack_legacy_attempt(int64_t from, int step);
/* Starts an attempt of Testpress exam slug as token: its id; bails unless 201. */
int64_t tp_started(const char *token, const char *slug);
/* Imports tests/api/fixtures/<name> with the invigil command; bails when it fails. */
void stack_import(const char *name);
/* The prepared statements the stack's server has executed so far
 * (COM_STMT_EXECUTE): what a request runs is the difference it makes. */
int64_t stack_executed(void);

#endif
