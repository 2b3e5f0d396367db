/* invigil — users and login throttling. */
#include "config.h"

#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

/* One user row by the statement id and its one parameter. */
static int user_row(enum stmt_id id, const char *username, const int64_t *user_id, struct user *out)
{
	struct dbq q;
	char role[16];
	bool nohash;
	int rc;

	dbq_init(&q, id, NULL);
	if (username != NULL)
		dbq_in_str(&q, username);
	else
		dbq_in_i64(&q, user_id);
	dbq_out_i64(&q, &out->id, NULL);
	dbq_out_str(&q, out->username, sizeof(out->username), NULL);
	dbq_out_str(&q, out->email, sizeof(out->email), NULL);
	dbq_out_str(&q, out->display_name, sizeof(out->display_name), NULL);
	dbq_out_str(&q, out->password_hash, sizeof(out->password_hash), &nohash);
	dbq_out_str(&q, role, sizeof(role), NULL);
	rc = dbq_one(&q);
	if (rc == 1) {
		int r = role_parse(role);

		out->role = r < 0 ? ROLE_LEARNER : (enum role)r;
	}
	return rc;
}

int db_user_by_username(const char *username, struct user *out)
{
	return user_row(STMT_USER_BY_USERNAME, username, NULL, out);
}

int db_user_get(int64_t id, struct user *out)
{
	return user_row(STMT_USER_BY_ID, NULL, &id, out);
}

int64_t db_user_upsert(const char *username, const char *email, const char *display_name,
                       enum role role, const char *password_hash)
{
	struct dbq q;

	dbq_init(&q, STMT_USER_UPSERT, NULL);
	dbq_in_str(&q, username);
	dbq_in_str(&q, email ? email : "");
	dbq_in_str(&q, display_name ? display_name : "");
	dbq_in_str(&q, role_name(role));
	dbq_in_str(&q, password_hash);
	if (dbq_exec(&q) != 0)
		return -1;
	return (int64_t)dbq_insert_id(&q);
}

int db_user_set_password(const char *username, const char *password_hash)
{
	struct dbq q;

	dbq_init(&q, STMT_USER_SET_PASSWORD, NULL);
	dbq_in_str(&q, password_hash);
	dbq_in_str(&q, username);
	if (dbq_exec(&q) != 0)
		return -1;
	/* CLIENT_FOUND_ROWS: matched rows, so an unchanged hash still counts */
	return dbq_affected(&q) > 0 ? 1 : 0;
}

int db_login_locked(const char *username, int64_t now_ms, int64_t *wait_s)
{
	struct dbq q;

	dbq_init(&q, STMT_LOGIN_LOCKED, NULL);
	dbq_in_ms(&q, &now_ms);
	dbq_in_str(&q, username);
	dbq_in_ms(&q, &now_ms);
	dbq_out_i64(&q, wait_s, NULL);
	return dbq_one(&q);
}

int db_login_failed(const char *username, int64_t now_ms, int64_t window_ms, int64_t max_failures,
                    int64_t lockout_ms)
{
	struct dbq q;
	int64_t window_start = now_ms - window_ms, until = now_ms + lockout_ms;

	dbq_init(&q, STMT_LOGIN_FAILED, NULL);
	dbq_in_str(&q, username);
	dbq_in_ms(&q, &now_ms);
	dbq_in_ms(&q, &window_start);
	dbq_in_i64(&q, &max_failures);
	dbq_in_ms(&q, &until);
	return dbq_exec(&q);
}

int db_login_clear(const char *username)
{
	struct dbq q;

	dbq_init(&q, STMT_LOGIN_CLEAR, NULL);
	dbq_in_str(&q, username);
	return dbq_exec(&q);
}

int db_user_each(int role, void (*fn)(const struct user *u, void *ctx), void *ctx)
{
	struct dbq q;
	struct user u;
	char rname[16];
	const char *want = role >= 0 ? role_name((enum role)role) : NULL;
	int rc;

	memset(&u, 0, sizeof(u));
	dbq_init(&q, STMT_USER_LIST, NULL);
	dbq_in_str(&q, want);
	dbq_in_str(&q, want);
	dbq_out_i64(&q, &u.id, NULL);
	dbq_out_str(&q, u.username, sizeof(u.username), NULL);
	dbq_out_str(&q, u.email, sizeof(u.email), NULL);
	dbq_out_str(&q, rname, sizeof(rname), NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		int r = role_parse(rname);

		u.role = r < 0 ? ROLE_LEARNER : (enum role)r;
		fn(&u, ctx);
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}
