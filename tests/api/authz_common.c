/* The authorization matrix's helpers: tokens per role and face, the owner's
 * marks, and a checksum of the database to prove a refused write wrote
 * nothing (tests/api/authz.h). */
#include "config.h"

#include <json-c/json.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "client.h"
#include "../tap.h"

struct fixture fx;

/* saved by the owner in setup; the last slot is the validation token */
const char *const owner_marks[] = {"OWNER-TP-7c1e", "OWNER-CV-5d2a", "OWNER-AS-9e4b", "Owner Ozymandias",
                                   "az-owner@authz", fx.cv_token, NULL};

const char *authz_auth(enum face_id face, enum azrole role)
{
	static char buf[4096];

	if (role == R_ANON)
		return NULL;
	if (role == R_BADTOKEN)
		/* the shape of a JWT, none of its substance */
		return face == F_TP ? "JWT eyJhbGciOiJIUzI1NiJ9.e30.AAAA" : "Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA";
	snprintf(buf, sizeof(buf), "%s %s", face == F_TP ? "JWT" : "Bearer", fx.tok[role]);
	return buf;
}

long authz_call(enum face_id face, enum azrole role, const char *method, const char *path, const char *json,
                struct http *h)
{
	struct http_req rq = {.method = method, .path = path, .auth = authz_auth(face, role), .body = json,
	                      .body_len = -1, .content_type = json ? "application/json" : NULL};

	if (http_do(&rq, h) != 0)
		h->status = -1;
	return h->status;
}

const char *authz_leaked_mark(const char *body)
{
	for (size_t i = 0; body != NULL && owner_marks[i] != NULL; i++)
		if (owner_marks[i][0] != '\0' && strstr(body, owner_marks[i]) != NULL)
			return owner_marks[i];
	return NULL;
}

static MYSQL *db;

/* root over the stack's own socket (unix_socket auth: the tests run as root) */
static MYSQL *db_conn(void)
{
	char sock[600];

	if (db != NULL)
		return db;
	snprintf(sock, sizeof(sock), "%s/db/sock", need_env("INVIGIL_STACK_DIR"));
	db = mysql_init(NULL);
	if (db == NULL || mysql_real_connect(db, NULL, "root", NULL, "invigil", 0, sock, 0) == NULL)
		bail("cannot reach the stack's MariaDB: %s", db ? mysql_error(db) : "no memory");
	return db;
}

unsigned long long authz_db_sum(void)
{
	/* every table a request may write; login_failures counts refused
	 * logins by design, and the auth-token row sends one */
	static const char *const q =
		"CHECKSUM TABLE answer_events, answers, attempt_sections, attempt_stats, attempts, course_sections, "
		"courses, enrollments, exam_extensions, exam_question_stats, exam_questions, exam_score_buckets, "
		"exam_sections, exam_stats, exams, lesson_progress, lessons, question_comments, question_options, "
		"questions, subjects, submission_events, submissions, users";
	MYSQL *m = db_conn();
	MYSQL_RES *res;
	MYSQL_ROW row;
	unsigned long long sum = 1469598103934665603ULL;

	if (mysql_query(m, q) != 0 || (res = mysql_store_result(m)) == NULL)
		return 0;
	while ((row = mysql_fetch_row(res)) != NULL)
		sum = (sum ^ strtoull(row[1] ? row[1] : "0", NULL, 10)) * 1099511628211ULL;
	mysql_free_result(res);
	return sum;
}

/* One integer from SQL (test setup only); bails when there is none. */
long long authz_sql_int(const char *q)
{
	MYSQL *m = db_conn();
	MYSQL_RES *res;
	MYSQL_ROW row;
	long long v;

	if (mysql_query(m, q) != 0)
		bail("%s: %s", q, mysql_error(m));
	if ((res = mysql_store_result(m)) == NULL)
		return 0; /* a statement with no result set */
	if ((row = mysql_fetch_row(res)) == NULL || row[0] == NULL)
		bail("%s: no row", q);
	v = strtoll(row[0], NULL, 10);
	mysql_free_result(res);
	return v;
}

struct json_object *authz_idx(struct json_object *arr, size_t i)
{
	return arr && json_object_is_type(arr, json_type_array) && i < json_object_array_length(arr)
	           ? json_object_array_get_idx(arr, i) : NULL;
}

long long authz_jint(struct json_object *o, const char *k)
{
	struct json_object *v = json_get(o, k);

	return v && json_object_is_type(v, json_type_int) ? (long long)json_object_get_int64(v) : -999;
}
