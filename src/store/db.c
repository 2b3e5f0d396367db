/* invigil — this process's MariaDB connection: lazy connect, statements
 * prepared once per connection, reconnect-and-reprepare, transactions. */
#include "config.h"

#include <ctype.h>
#include <errmsg.h>
#include <stdlib.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "invigil/arena.h"
#include "invigil/conf.h"
#include "invigil/db.h"
#include "invigil/log.h"
#include "invigil/store.h"

static const struct conf *db_conf;
static bool use_migrate_user;
static MYSQL *conn;
static MYSQL_STMT *stmts[STMT__MAX];
static bool in_tx;
static bool tx_committed; /* a CALL committed the transaction db_tx runs */
/* db_tx_open: the transaction's START is not sent yet.  The first statement
 * sends it, unless it is a routine that starts the transaction itself. */
static bool start_due;
static int start_if_due(enum stmt_id id);
static int simple(const char *sql);
static enum db_err last_err;
static char last_text[512];
/* What the connection is doing (a statement's name, BEGIN, COMMIT): named
 * with every failure, so a 500 says which statement failed and why. */
static const char *doing = "";

static unsigned last_code; /* the server's error number of the last failure */

static void set_err(enum db_err err, unsigned code, const char *text)
{
	last_err = err;
	last_code = code;
	snprintf(last_text, sizeof(last_text), "%u: %s", code, text ? text : "");
}

int db_fail(enum db_err err, const char *text)
{
	set_err(err, 0, text);
	return -1;
}

enum db_err db_last_err(void) { return last_err; }
unsigned db_last_code(void) { return last_code; }
bool db_last_is_fk(void) { return strncmp(last_text, "1452:", 5) == 0; }
const char *db_last_error_text(void) { return last_text; }
bool db_in_tx(void) { return in_tx; }

enum inv_err db_inv_err(void)
{
	switch (last_err) {
	case DB_ERR_GONE: return INV_EUNAVAILABLE;
	case DB_ERR_DUP: return INV_ECONFLICT;
	case DB_ERR_RETRY: case DB_ERR_FULL: return INV_EUNAVAILABLE;
	default: return INV_EINTERNAL;
	}
}

static bool lost(unsigned code)
{
	return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_CONNECTION_ERROR ||
	       code == CR_CONN_HOST_ERROR || code == CR_SERVER_LOST_EXTENDED || code == CR_COMMANDS_OUT_OF_SYNC ||
	       code == ER_CONNECTION_KILLED || code == 1927 /* ER_CONNECTION_KILLED (MariaDB) */ ||
	       code == ER_SERVER_SHUTDOWN;
}

/* Whether text names OS error e: "(Errcode: e", "(errno: e", "Got error e" (1030). */
static bool os_error_is(const char *text, int e)
{
	static const char *const marks[] = {"rrcode: ", "rrno: ", "Got error "};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		const char *p = strstr(text, marks[i]);
		char *end;

		if (p != NULL && strtol(p + strlen(marks[i]), &end, 10) == e && !isdigit((unsigned char)*end))
			return true;
	}
	return false;
}

/* Classifies a failure and forgets a broken connection. */
static void record(unsigned code, const char *text)
{
	enum db_err err = DB_ERR_OTHER;

	if (lost(code))
		err = DB_ERR_GONE;
	else if (code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT || code == ER_AUTOINC_READ_FAILED)
		err = DB_ERR_RETRY; /* 1467: the table's AUTO-INC lock was a deadlock's victim (lock mode 0 or 1) */
	else if (code == ER_DUP_ENTRY)
		err = DB_ERR_DUP;
	else if (code == ER_RECORD_FILE_FULL || code == ER_DISK_FULL || os_error_is(text, 28))
		err = DB_ERR_FULL; /* out of space: InnoDB's 1114 comes at once; 28 is ENOSPC */
	set_err(err, code, text);
	/* the statement and the server's words, never the bound values; the
	 * log line carries the request id */
	/* full: 503, and the operator's to fix.  A routine missing or denied
	 * is not an error: its caller runs its statements and says so once
	 * (db_routine_gone) */
	if ((err == DB_ERR_OTHER && code != ER_SP_DOES_NOT_EXIST && code != ER_PROCACCESS_DENIED_ERROR) ||
	    err == DB_ERR_FULL)
		log_error("database: %s failed: %s", doing, last_text);
	if (err == DB_ERR_GONE) {
		log_warn("database connection lost: %s", last_text);
		db_close();
	}
}

void db_setup(const struct conf *c, bool migrate)
{
	db_conf = c;
	use_migrate_user = migrate;
}

/* --- multi-row statements ------------------------------------------------------- */

#define BULK_CACHE 24

static struct bulk_slot {
	enum bulk_id kind;
	size_t rows;
	MYSQL_STMT *st;
} bulk_cache[BULK_CACHE];

static void bulk_close(void)
{
	for (int i = 0; i < BULK_CACHE; i++)
		if (bulk_cache[i].st != NULL) {
			mysql_stmt_close(bulk_cache[i].st);
			bulk_cache[i].st = NULL;
		}
}

static MYSQL_STMT *bulk_stmt(enum bulk_id kind, size_t n)
{
	const struct bulk_def *d = &bulk_defs[kind];
	struct bulk_slot *free_slot = NULL;

	doing = d->head;
	size_t len = strlen(d->head) + strlen(d->tail) + n * (strlen(d->row) + 2) + 1;
	char *sql, *p;
	MYSQL_STMT *st;

	for (int i = 0; i < BULK_CACHE; i++) {
		if (bulk_cache[i].st != NULL && bulk_cache[i].kind == kind && bulk_cache[i].rows == n)
			return bulk_cache[i].st;
		if (bulk_cache[i].st == NULL && free_slot == NULL)
			free_slot = &bulk_cache[i];
	}
	if (free_slot == NULL) { /* full: drop the first (row counts vary little) */
		mysql_stmt_close(bulk_cache[0].st);
		bulk_cache[0].st = NULL;
		free_slot = &bulk_cache[0];
	}
	if (db_connect() != 0 || (sql = malloc(len)) == NULL)
		return NULL;
	p = sql + sprintf(sql, "%s", d->head);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? ", " : "", d->row);
	strcpy(p, d->tail);
	st = mysql_stmt_init(conn);
	if (st == NULL || mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		if (st != NULL) {
			record(mysql_stmt_errno(st), mysql_stmt_error(st));
			mysql_stmt_close(st);
		}
		free(sql);
		return NULL;
	}
	free(sql);
	free_slot->kind = kind;
	free_slot->rows = n;
	free_slot->st = st;
	return st;
}


int db_bulk(enum bulk_id kind, size_t n, const int64_t *vals, const bool *null)
{
	size_t total = n * (size_t)bulk_defs[kind].columns;
	MYSQL_BIND *b;
	my_bool *isnull;
	MYSQL_STMT *st;
	int rc = -1;

	if (n == 0)
		return 0;
	last_err = DB_ERR_NONE;
	if (start_if_due(STMT__MAX) != 0)
		return -1;
	st = bulk_stmt(kind, n);
	if (st == NULL)
		return -1;
	b = calloc(total, sizeof(*b));
	isnull = calloc(total, sizeof(*isnull));
	if (b == NULL || isnull == NULL) {
		db_fail(DB_ERR_OTHER, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < total; i++) {
		isnull[i] = null != NULL && null[i];
		b[i].buffer_type = MYSQL_TYPE_LONGLONG;
		b[i].buffer = (void *)&vals[i];
		b[i].is_null = &isnull[i];
	}
	if (mysql_stmt_bind_param(st, b) != 0 || mysql_stmt_execute(st) != 0) {
		record(mysql_stmt_errno(st), mysql_stmt_error(st));
		goto out;
	}
	rc = 0;
out:
	free(b);
	free(isnull);
	return rc;
}

void db_close(void)
{
	for (int i = 0; i < STMT__MAX; i++)
		if (stmts[i] != NULL) {
			mysql_stmt_close(stmts[i]);
			stmts[i] = NULL;
		}
	bulk_close();
	if (conn != NULL)
		mysql_close(conn);
	conn = NULL;
	in_tx = false;
}

int db_connect(void)
{
	const struct conf *c = db_conf;
	unsigned int ct, rt, wt;
	my_bool off = 0;
	const char *user = c->db_user, *pass = c->db_password;
	/* UTC everywhere; strict types; lock waits short enough to answer in time */
	const char *init = "SET time_zone='+00:00', "
	                   "sql_mode='STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
	                   "innodb_lock_wait_timeout=5";

	if (conn != NULL)
		return 0;
	if (use_migrate_user && c->db_migrate_user[0] != '\0') {
		user = c->db_migrate_user;
		pass = c->db_migrate_password;
	}
	conn = mysql_init(NULL);
	if (conn == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	ct = (unsigned)c->db_connect_timeout;
	rt = (unsigned)c->db_read_timeout;
	wt = (unsigned)c->db_write_timeout;
	mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(conn, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_optionsv(conn, MYSQL_OPT_WRITE_TIMEOUT, &wt);
	mysql_optionsv(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(conn, MYSQL_INIT_COMMAND, init);
	/* every transaction and statement in READ COMMITTED: no gap locks, which
	 * made saves meeting at the end of an index deadlock (schema/011) and
	 * would queue any insert behind a neighbour's read.  No transaction here
	 * relies on one snapshot across statements: each locks its row (the
	 * attempt's, the (exam, user) pair's) before it reads.  A second init
	 * command: MySQL 8 has no tx_isolation to add to the SET above */
	mysql_optionsv(conn, MYSQL_INIT_COMMAND, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
	/* reconnecting silently would lose prepared statements and the transaction */
	mysql_optionsv(conn, MYSQL_OPT_RECONNECT, &off);
	if (mysql_real_connect(conn, c->db_host, user, pass, c->db_name, (unsigned)c->db_port,
	                       c->db_socket[0] ? c->db_socket : NULL, CLIENT_FOUND_ROWS) == NULL) {
		/* unreachable, refused or misconfigured: every request answers 503 */
		set_err(DB_ERR_GONE, mysql_errno(conn), mysql_error(conn));
		log_warn("cannot connect to the database: %s", last_text);
		mysql_close(conn);
		conn = NULL;
		return -1;
	}
	return 0;
}

static MYSQL_STMT *stmt_get(enum stmt_id id)
{
	MYSQL_STMT *st;
	const char *sql = stmt_sql[id];

	if (stmts[id] != NULL)
		return stmts[id];
	if (db_connect() != 0)
		return NULL;
	st = mysql_stmt_init(conn);
	if (st == NULL) {
		db_fail(DB_ERR_OTHER, "out of memory");
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		unsigned code = mysql_stmt_errno(st);
		char text[400];

		snprintf(text, sizeof(text), "prepare %s: %s", stmt_name[id], mysql_stmt_error(st));
		mysql_stmt_close(st);
		record(code, text);
		if (last_err != DB_ERR_GONE && code != ER_SP_DOES_NOT_EXIST && code != ER_PROCACCESS_DENIED_ERROR)
			log_error("%s", last_text);
		return NULL;
	}
	stmts[id] = st;
	return st;
}

/* A statement whose parameters or columns are not those bound: a bug. */
static int bound_wrong(const struct dbq *q, MYSQL_STMT *st)
{
	char text[200];

	snprintf(text, sizeof(text), "%s: bound %d params/%d columns, statement has %lu/%u", stmt_name[q->id], q->nin,
	         q->nout, mysql_stmt_param_count(st), mysql_stmt_field_count(st));
	log_error("%s", text);
	return db_fail(DB_ERR_OTHER, text);
}

static int exec_once(struct dbq *q)
{
	MYSQL_STMT *st = stmt_get(q->id);

	q->st = st;
	if (st == NULL)
		return -1;
	if ((unsigned long)q->nin != mysql_stmt_param_count(st))
		return bound_wrong(q, st);
	if ((q->nin > 0 && mysql_stmt_bind_param(st, q->in) != 0) || mysql_stmt_execute(st) != 0) {
		record(mysql_stmt_errno(st), mysql_stmt_error(st));
		if (last_err == DB_ERR_GONE)
			q->st = NULL; /* closed with the connection */
		return -1;
	}
	/* the columns once executed: an INSERT … RETURNING has them only then */
	if (q->nout > 0 && (unsigned)q->nout != mysql_stmt_field_count(st)) {
		mysql_stmt_free_result(st);
		return bound_wrong(q, st);
	}
	if (q->nout > 0) {
		if (mysql_stmt_bind_result(st, q->out) != 0 || mysql_stmt_store_result(st) != 0) {
			record(mysql_stmt_errno(st), mysql_stmt_error(st));
			if (last_err == DB_ERR_GONE)
				q->st = NULL;
			else
				mysql_stmt_free_result(st);
			return -1;
		}
		q->has_result = true;
	}
	return 0;
}

/* The routines whose first statement is START TRANSACTION (routines.c). */
static bool starts_tx(enum stmt_id id)
{
	return id == STMT_END_OPEN || id == STMT_CREATE_OPEN || id == STMT_OPEN;
}

/* Sends db_tx_open's START when it is due and q does not send it.  0 or -1. */
static int start_if_due(enum stmt_id id)
{
	if (!start_due || starts_tx(id))
		return 0;
	if (simple("START TRANSACTION") != 0)
		return -1;
	start_due = false;
	return 0;
}

int dbq_exec(struct dbq *q)
{
	last_err = DB_ERR_NONE;
	if (start_if_due(q->id) != 0)
		return -1;
	doing = stmt_name[q->id];
	if (exec_once(q) == 0) {
		start_due = start_due && !starts_tx(q->id);
		return 0;
	}
	/* outside a transaction one retry on a fresh connection is safe for
	 * reads and for single idempotent writes */
	if (last_err == DB_ERR_GONE && !in_tx && conn == NULL)
		return exec_once(q);
	/* a statement of its own that lost a deadlock was rolled back whole:
	 * running it again is what a transaction's retry would do (a lock wait
	 * that timed out has waited long enough already) */
	for (int again = 0; again < 3 && last_err == DB_ERR_RETRY && last_code != ER_LOCK_WAIT_TIMEOUT && !in_tx;
	     again++) {
		usleep((useconds_t)(5000 * (again + 1) + rand() % 10000));
		if (exec_once(q) == 0)
			return 0;
	}
	return -1;
}

/* Copies the typed outputs of the fetched row to the caller. */
static int finish_row(struct dbq *q)
{
	for (int i = 0; i < q->nout; i++) {
		bool null = q->out_null[i];

		if (q->out_isnull[i] != NULL)
			*q->out_isnull[i] = null;
		switch (q->out_kind[i]) {
		case 'i':
			if (null)
				*(int64_t *)q->out_dst[i] = 0;
			break;
		case 'd':
			if (null)
				*(double *)q->out_dst[i] = 0;
			break;
		case 's':
			if (null) {
				((char *)q->out_dst[i])[0] = '\0';
			} else if (q->out_len[i] >= q->out[i].buffer_length) {
				char text[160];

				snprintf(text, sizeof(text), "%s: column %d is longer (%lu) than its buffer",
				         stmt_name[q->id], i, q->out_len[i]);
				log_error("%s", text);
				return db_fail(DB_ERR_OTHER, text);
			} else {
				((char *)q->out_dst[i])[q->out_len[i]] = '\0';
			}
			break;
		case 'm':
			if (!null)
				*(int64_t *)q->out_dst[i] = dbq_time_to_ms(&q->out_time[i]);
			else
				*(int64_t *)q->out_dst[i] = 0;
			break;
		case 't': {
			const char **dst = q->out_dst[i];
			unsigned long len = q->out_len[i];
			char *buf;

			if (null) {
				*dst = NULL;
				break;
			}
			buf = arena_alloc(q->arena, len + 1);
			if (buf == NULL)
				return db_fail(DB_ERR_OTHER, "out of memory");
			if (len < sizeof(q->out_small[i])) {
				memcpy(buf, q->out_small[i], len);
			} else {
				/* longer than the first buffer: fetch the whole column */
				MYSQL_BIND b = {0};
				unsigned long got = 0;

				b.buffer_type = MYSQL_TYPE_STRING;
				b.buffer = buf;
				b.buffer_length = len + 1;
				b.length = &got;
				if (mysql_stmt_fetch_column(q->st, &b, (unsigned)i, 0) != 0) {
					record(mysql_stmt_errno(q->st), mysql_stmt_error(q->st));
					return -1;
				}
			}
			buf[len] = '\0';
			*dst = buf;
			break;
		}
		}
	}
	return 0;
}

int dbq_fetch(struct dbq *q)
{
	int rc;

	if (!q->has_result || q->st == NULL)
		return 0;
	rc = mysql_stmt_fetch(q->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		record(mysql_stmt_errno(q->st), mysql_stmt_error(q->st));
		return -1;
	}
	/* MYSQL_DATA_TRUNCATED: text columns are refetched whole; a fixed
	 * string column that overflowed is reported by finish_row */
	return finish_row(q) == 0 ? 1 : -1;
}

int dbq_one(struct dbq *q)
{
	int rc;

	if (dbq_exec(q) != 0)
		return -1;
	rc = dbq_fetch(q);
	dbq_done(q);
	return rc;
}

/* Reads and drops the results a CALL sends after the one read: a routine's
 * last status, and any result set after the first.  0, or -1 with the
 * routine's error recorded (an error after its first SELECT). */
static int call_drain(MYSQL_STMT *st)
{
	int rc;

	while ((rc = mysql_stmt_next_result(st)) == 0)
		if (mysql_stmt_field_count(st) > 0 && mysql_stmt_store_result(st) == 0)
			mysql_stmt_free_result(st);
	if (rc > 0) {
		record(mysql_stmt_errno(st), mysql_stmt_error(st));
		return -1;
	}
	return 0;
}

void dbq_outs_reset(struct dbq *q)
{
	q->nout = 0;
	memset(q->out, 0, sizeof(q->out));
	memset(q->out_null, 0, sizeof(q->out_null));
	memset(q->out_err, 0, sizeof(q->out_err));
	memset(q->out_len, 0, sizeof(q->out_len));
}

int dbq_next_result(struct dbq *q)
{
	MYSQL_STMT *st = q->st;
	int rc;

	if (st == NULL)
		return -1;
	if (q->has_result)
		mysql_stmt_free_result(st);
	q->has_result = false;
	if ((rc = mysql_stmt_next_result(st)) > 0) {
		record(mysql_stmt_errno(st), mysql_stmt_error(st));
		return -1;
	}
	if (rc < 0 || mysql_stmt_field_count(st) == 0)
		return 0; /* no more, or the routine's closing status */
	if ((unsigned)q->nout != mysql_stmt_field_count(st))
		return bound_wrong(q, st);
	if (mysql_stmt_bind_result(st, q->out) != 0 || mysql_stmt_store_result(st) != 0) {
		record(mysql_stmt_errno(st), mysql_stmt_error(st));
		return -1;
	}
	q->has_result = true;
	return 1;
}

int dbq_call_end(struct dbq *q)
{
	if (q->has_result && q->st != NULL)
		mysql_stmt_free_result(q->st);
	q->has_result = false;
	return q->st != NULL ? call_drain(q->st) : -1;
}

int dbq_call_one(struct dbq *q)
{
	int rc;

	if (dbq_exec(q) != 0)
		return -1;
	rc = dbq_fetch(q);
	if (dbq_call_end(q) != 0)
		return -1;
	return rc;
}

int dbq_all(struct dbq *q, const void *row, size_t size, void *out, size_t max, size_t *n)
{
	int rc;

	*n = 0;
	if (dbq_exec(q) != 0)
		return -1;
	while ((rc = dbq_fetch(q)) == 1)
		if (*n < max)
			memcpy((char *)out + (*n)++ * size, row, size);
	dbq_done(q);
	return rc < 0 ? -1 : 0;
}

void dbq_done(struct dbq *q)
{
	if (q->has_result && q->st != NULL && stmts[q->id] == q->st)
		mysql_stmt_free_result(q->st);
	q->has_result = false;
}

uint64_t dbq_affected(struct dbq *q) { return q->st ? (uint64_t)mysql_stmt_affected_rows(q->st) : 0; }
uint64_t dbq_insert_id(struct dbq *q) { return q->st ? (uint64_t)mysql_stmt_insert_id(q->st) : 0; }

static int simple(const char *sql)
{
	if (db_connect() != 0)
		return -1;
	doing = sql;
	if (mysql_real_query(conn, sql, strlen(sql)) != 0) {
		record(mysql_errno(conn), mysql_error(conn));
		return -1;
	}
	return 0;
}

static void rollback(void)
{
	doing = "ROLLBACK";
	if (conn != NULL && mysql_rollback(conn) != 0)
		record(mysql_errno(conn), mysql_error(conn));
	in_tx = false;
}

static int tx_run(int (*fn)(void *ctx), void *ctx, bool idempotent, bool lazy)
{
	int gone_retries = idempotent ? 1 : 0;

	for (int attempt = 0; attempt < 4; attempt++) {
		int rc;

		last_err = DB_ERR_NONE;
		if (!lazy && simple("START TRANSACTION") != 0) {
			/* nothing was sent yet: a fresh connection is always safe */
			if (last_err == DB_ERR_GONE && attempt == 0 && db_connect() == 0)
				continue;
			return -1;
		}
		start_due = lazy;
		in_tx = true;
		tx_committed = false;
		db_events_forget(); /* what a failed try fetched ahead */
		db_version_forget();
		rc = fn(ctx);
		/* its first statement never ran: as a START that failed */
		if (rc < 0 && start_due && last_err == DB_ERR_GONE && attempt == 0 && db_connect() == 0) {
			in_tx = start_due = false;
			continue;
		}
		start_due = false;
		if (tx_committed) { /* a routine committed it: nothing to undo or retry */
			in_tx = tx_committed = false;
			return rc < 0 ? -1 : rc;
		}
		if (rc == 0) {
			doing = "COMMIT";
			if (mysql_commit(conn) == 0) {
				in_tx = false;
				return 0;
			}
			record(mysql_errno(conn), mysql_error(conn));
		}
		db_records_forget(); /* what it made is undone */
		if (rc == 1) {
			enum db_err keep = last_err;

			rollback();
			last_err = keep;
			return 1;
		}
		if (last_err == DB_ERR_RETRY) {
			enum db_err keep = last_err;

			rollback();
			last_err = keep;
			usleep((useconds_t)(10000 * (attempt + 1) + (rand() % 20000)));
			continue;
		}
		if (last_err == DB_ERR_GONE && gone_retries-- > 0 && db_connect() == 0)
			continue; /* idempotent by a unique key: replaying is harmless */
		if (conn != NULL) {
			enum db_err keep = last_err;
			char text[sizeof(last_text)];

			memcpy(text, last_text, sizeof(text));
			rollback();
			last_err = keep;
			memcpy(last_text, text, sizeof(text));
		}
		in_tx = false;
		return -1;
	}
	in_tx = false;
	return -1;
}

int db_tx(int (*fn)(void *ctx), void *ctx, bool idempotent)
{
	int rc = tx_run(fn, ctx, idempotent, false);

	db_events_forget();
	db_version_forget();
	return rc;
}

int db_tx_open(int (*fn)(void *ctx), void *ctx, bool idempotent)
{
	int rc = tx_run(fn, ctx, idempotent, true);

	db_events_forget();
	db_version_forget();
	return rc;
}

void db_tx_committed(void) { tx_committed = true; }
bool db_tx_start_due(void) { return in_tx && start_due; }

int db_exec_one(const char *sql)
{
	last_err = DB_ERR_NONE;
	return simple(sql);
}

int db_exec_script(const char *sql)
{
	const char *p = sql;

	while (*p != '\0') {
		const char *end = sql_statement_end(p);

		if (!sql_only_comments(p, end)) {
			if (db_connect() != 0)
				return -1;
			if (mysql_real_query(conn, p, (unsigned long)(end - p)) != 0) {
				char head[120];

				snprintf(head, sizeof(head), "%.*s", (int)((end - p) < 100 ? (end - p) : 100), p + strspn(p, " \t\r\n"));
				set_err(DB_ERR_OTHER, mysql_errno(conn), mysql_error(conn));
				snprintf(last_text + strlen(last_text), sizeof(last_text) - strlen(last_text),
				         " in: %s", head);
				return -1;
			}
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}
