/* invigil API tests — libcurl + json-c client. */
#include "config.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "client.h"
#include "../contract/contract.h"
#include "../tap.h"

const char *need_env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0')
		bail("%s is not set: run this test through tests/api/with-stack", name);
	return v;
}

size_t http_on_body(char *p, size_t size, size_t n, void *ud)
{
	struct http *h = ud;
	size_t len = size * n;
	char *b = realloc(h->body, h->len + len + 1);

	if (b == NULL)
		return 0;
	memcpy(b + h->len, p, len);
	h->body = b;
	h->len += len;
	h->body[h->len] = '\0';
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct http *h = ud;
	size_t len = size * n, used = strlen(h->headers);

	if (used + len + 1 < sizeof(h->headers)) {
		memcpy(h->headers + used, p, len);
		h->headers[used + len] = '\0';
	}
	return len;
}

/* Every response is held to the contract of the real client that calls its
 * endpoint; done_testing() then reports it as one more test. */
static void check_contract(const struct http_req *rq, const struct http *out)
{
	static bool hooked;

	if (!hooked) {
		hooked = true;
		tap_before_plan = contract_tap;
	}
	contract_check(rq->method, rq->path, out->status, out->json);
}

int http_do(const struct http_req *rq, struct http *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hs = NULL;
	char *url = NULL, line[8300];
	const char *base = rq->base ? rq->base : need_env("INVIGIL_TEST_URL");
	const char *ca = getenv("INVIGIL_TEST_CA");
	CURLcode rc;

	memset(out, 0, sizeof(*out));
	/* the path may be longer than nginx's header buffers (414 tests) */
	if (c == NULL || asprintf(&url, "%s%s", base, rq->path) < 0) {
		if (c != NULL)
			curl_easy_cleanup(c);
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (ca != NULL && *ca)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	if (rq->auth) {
		snprintf(line, sizeof(line), "Authorization: %s", rq->auth);
		hs = curl_slist_append(hs, line);
	}
	if (rq->content_type) {
		snprintf(line, sizeof(line), "Content-Type: %s", rq->content_type);
		hs = curl_slist_append(hs, line);
	}
	if (rq->extra_header)
		hs = curl_slist_append(hs, rq->extra_header);
	hs = curl_slist_append(hs, "Expect:");
	if (rq->body) {
		long n = rq->body_len >= 0 ? rq->body_len : (long)strlen(rq->body);

		if (rq->chunked) {
			hs = curl_slist_append(hs, "Transfer-Encoding: chunked");
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		} else {
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, n);
		}
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	else
		diag("curl %s %s: %s", rq->method, url, curl_easy_strerror(rc));
	curl_slist_free_all(hs);
	curl_easy_cleanup(c);
	free(url);
	if (out->body != NULL)
		out->json = json_tokener_parse(out->body);
	check_contract(rq, out); /* status 0 when no response came: not checked */
	return rc == CURLE_OK ? 0 : -1;
}

int http_get(const char *path, const char *auth, struct http *out)
{
	struct http_req rq = {.method = "GET", .path = path, .auth = auth, .body_len = -1};

	return http_do(&rq, out);
}

int http_json(const char *method, const char *path, const char *auth, const char *json, struct http *out)
{
	struct http_req rq = {.method = method, .path = path, .auth = auth, .content_type = "application/json",
	                      .body = json, .body_len = -1};

	return http_do(&rq, out);
}

void http_free(struct http *h)
{
	free(h->body);
	if (h->json)
		json_object_put(h->json);
	memset(h, 0, sizeof(*h));
}

const char *http_header(const struct http *h, const char *name)
{
	static char value[1024];
	size_t n = strlen(name);
	const char *p = h->headers;

	while (p && *p) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *end;

			while (*v == ' ')
				v++;
			end = strpbrk(v, "\r\n");
			snprintf(value, sizeof(value), "%.*s", (int)(end ? end - v : (long)strlen(v)), v);
			return value;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

struct json_object *json_get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

int64_t json_int(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -999999;
}

char *must_login(const char *user)
{
	char *t = login(NULL, user, "demo");

	if (t == NULL)
		bail("cannot log in as %s", user);
	return t;
}

char *login(const char *base, const char *user, const char *pass)
{
	char body[512];
	struct http h;
	struct http_req rq = {.method = "POST", .base = base, .path = "/api/v2.2/auth-token/",
	                      .content_type = "application/json", .body = body, .body_len = -1};
	char *token = NULL;

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}", user, pass);
	if (http_do(&rq, &h) == 0 && h.status == 200 && json_str(h.json, "token"))
		token = strdup(json_str(h.json, "token"));
	http_free(&h);
	return token;
}

const char *jwt_header(const char *token)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "JWT %s", token);
	return buf;
}

const char *bearer_header(const char *token)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "Bearer %s", token);
	return buf;
}

int stack_ctl(const char *cmd)
{
	char line[4096];

	snprintf(line, sizeof(line), "\"%s\" %s \"%s\" >&2", need_env("INVIGIL_STACK"), cmd,
	         need_env("INVIGIL_STACK_DIR"));
	return system(line);
}

int stack_lines(const char *cmd)
{
	char line[4096];
	FILE *p;
	int n = 0, c, last = '\n';

	snprintf(line, sizeof(line), "\"%s\" %s \"%s\"", need_env("INVIGIL_STACK"), cmd, need_env("INVIGIL_STACK_DIR"));
	p = popen(line, "r");
	if (p == NULL)
		return -1;
	while ((c = getc(p)) != EOF) {
		if (c == '\n')
			n++;
		last = c;
	}
	if (last != '\n')
		n++;
	return pclose(p) == 0 ? n : -1;
}

static const char *shell_linev(const char *fmt, va_list ap)
{
	char cmd[4096];
	static char line[8192];
	FILE *p;

	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	line[0] = '\0';
	if ((p = popen(cmd, "r")) == NULL)
		return line;
	if (fgets(line, sizeof(line), p) == NULL)
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	pclose(p);
	return line;
}

const char *shell_line(const char *fmt, ...)
{
	va_list ap;
	const char *line;

	va_start(ap, fmt);
	line = shell_linev(fmt, ap);
	va_end(ap);
	return line;
}

const char *path_of(const char *fmt, ...)
{
	static char buf[4][320];
	static int n;
	char *b = buf[n++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(buf[0]), fmt, ap);
	va_end(ap);
	return b;
}

const char *stack_sql(const char *fmt, ...)
{
	char q[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	/* the query goes in double quotes: callers write SQL strings in single ones */
	return shell_line("mariadb --no-defaults --socket=\"%s/db/sock\" -uroot -N -B invigil -e \"%s\"",
	                  need_env("INVIGIL_STACK_DIR"), q);
}

void stack_sql_hold(int seconds, const char *before, const char *after)
{
	char cmd[4096];
	int waited = 0;

	snprintf(cmd, sizeof(cmd),
	         "(mariadb --no-defaults --socket=\"%s/db/sock\" -uroot invigil -e \"START TRANSACTION; %s; "
	         "DO SLEEP(%d); %s%sCOMMIT\" >/dev/null 2>&1 &)",
	         need_env("INVIGIL_STACK_DIR"), before, seconds, after, *after ? "; " : "");
	if (system(cmd) != 0)
		bail("cannot start a session that holds locks");
	while (atoll(stack_sql("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'DO SLEEP%%'")) == 0)
		if (waited++ == 100)
			bail("the session holding locks did not start");
		else
			usleep(50 * 1000);
}

void stack_make_records(int64_t exam_id)
{
	stack_sql("INSERT IGNORE INTO answers (id, attempt_id, exam_question_id, position) "
	          "SELECT a.first_answer_id + ROW_NUMBER() OVER (PARTITION BY a.id ORDER BY eq.position, eq.id) - 1, "
	          "a.id, eq.id, eq.position FROM attempts a JOIN exam_questions eq ON eq.exam_id = a.records_due_exam "
	          "WHERE a.records_due_exam = %lld AND NOT EXISTS (SELECT 1 FROM answers x WHERE x.attempt_id = a.id); "
	          "UPDATE attempts SET records_due_exam = NULL WHERE records_due_exam = %lld",
	          (long long)exam_id, (long long)exam_id);
}

int64_t stack_legacy_attempt(int64_t from, int step)
{
	int64_t id = atoll(stack_sql(
		"INSERT INTO attempts (exam_id, user_id, attempt_no, state, preview, started_at, last_started_at, "
		"last_heartbeat_at, deadline_at, extra_time_s, max_score_e4, validation_token, answer_count, content_version, "
		"created_at) SELECT exam_id, user_id, attempt_no + 1000, state, preview, started_at, last_started_at, "
		"last_heartbeat_at, deadline_at, extra_time_s, max_score_e4, validation_token, answer_count, content_version, "
		"created_at FROM attempts WHERE id = %lld; SET @a = LAST_INSERT_ID(); "
		"DELETE FROM attempts WHERE id = %lld; UPDATE attempts SET attempt_no = attempt_no - 1000 WHERE id = @a; "
		"INSERT INTO answer_id_blocks () VALUES (); SET @b = LAST_INSERT_ID() * 10000; "
		"INSERT INTO answers (id, attempt_id, exam_question_id, position) "
		"SELECT @b + %d * (ROW_NUMBER() OVER (ORDER BY eq.position, eq.id) - 1), @a, eq.id, eq.position "
		"FROM exam_questions eq WHERE eq.exam_id = (SELECT exam_id FROM attempts WHERE id = @a); SELECT @a",
		(long long)from, (long long)from, step));

	if (id <= 0)
		bail("cannot copy attempt %lld as one from before migration 014", (long long)from);
	return id;
}

int64_t stack_executed(void)
{
	return atoll(stack_sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
	                       "WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'"));
}

void stack_import(const char *name)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/tests/api/fixtures/%s\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"), name);
	if (system(cmd) != 0)
		bail("cannot import %s", name);
}

int64_t tp_started(const char *token, const char *slug)
{
	struct http h;
	char path[160];
	int64_t id;

	snprintf(path, sizeof(path), "/api/v2.2/exams/%s/attempts/", slug);
	http_json("POST", path, jwt_header(token), NULL, &h);
	if (h.status != 201)
		bail("cannot start an attempt of %s: %ld", slug, h.status);
	id = json_int(h.json, "id");
	http_free(&h);
	return id;
}

int stack_workers_settled(int want, int secs)
{
	int n = -1, seen = 0;

	for (int tick = 0; tick < secs * 10; tick++) {
		n = stack_lines("workers");
		if (n != want)
			seen = 0;
		else if (seen == 0)
			seen = tick + 1;
		else if (tick + 1 - seen >= 10)
			break;
		usleep(100000);
	}
	return n;
}

void stack_kill_workers_settled(void)
{
	int want = stack_lines("workers");

	stack_ctl("kill-workers");
	stack_workers_settled(want, 20);
}
