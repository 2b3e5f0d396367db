/* invigil — typed access to stored aggregates.  No SQL leaves src/store/.
 * Functions return -1 on a database failure (db_last_err() says which);
 * lookups return 1 when found and 0 when not. */
#ifndef INVIGIL_STORE_H
#define INVIGIL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/model.h"

struct arena;

/* --- users and logins (src/store/db_user.c) --- */
int db_user_by_username(const char *username, struct user *out);
/* Inserts or updates by username; hash NULL keeps the stored one.
 * Returns the user's id, or -1. */
int64_t db_user_upsert(const char *username, const char *email, const char *display_name,
                       enum role role, const char *password_hash);
/* 1 when set, 0 when there is no such user. */
int db_user_set_password(const char *username, const char *password_hash);
/* 1 with *wait_s set when username is locked out at now_ms. */
int db_login_locked(const char *username, int64_t now_ms, int64_t *wait_s);
/* Counts a failure; after max_failures within window_ms, locks for lockout_ms. */
int db_login_failed(const char *username, int64_t now_ms, int64_t window_ms, int64_t max_failures,
                    int64_t lockout_ms);
int db_login_clear(const char *username);

/* --- courses and enrollments (src/store/db_course.c) --- */
/* 1 with *id set when the course exists. */
int db_course_id(const char *slug, int64_t *id);
int64_t db_course_upsert(const char *slug, const char *title, const char *description,
                         const char *type, bool enforce_lessons_order);
/* role: learner|instructor|creator|manager; status: joined|invited|requested */
int64_t db_enroll(int64_t course_id, int64_t user_id, const char *role, const char *status,
                  int64_t joined_ms);

/* --- exams as faces list them (src/store/db_exam.c) --- */
struct exam_filter {
	int64_t user_id;
	bool all;           /* admins: every exam */
	const char *course; /* course title or slug, or NULL */
	const char *title_like; /* LIKE pattern, or NULL */
};
/* Fills up to max exams (newest first) from offset; *n is the number
 * filled.  Strings live in a. */
int db_exam_list(const struct exam_filter *f, int64_t offset, int64_t max, struct arena *a,
                 struct exam *out, size_t *n);
int db_exam_count(const struct exam_filter *f, int64_t *count);


/* --- course packages (src/store/db_import.c) --- */
struct import_report {
	int users, enrollments, subjects, questions, options, exams, exam_questions, sections, lessons;
	int regrade_needed; /* questions whose marks changed while answered */
	char error[512];    /* why the import was refused */
};

struct package;
/* Applies p in one transaction: re-importing updates in place, never
 * deletes.  A question type change of an answered question is refused
 * unless force.  0; 1 when refused (rep->error says why); -1 on a
 * database failure. */
int db_import_package(const struct package *p, bool force, struct arena *a, struct import_report *rep);

/* --- migrations (src/store/migrate.c) --- */
/* Applies schema/NNN_name.sql files of dir not yet recorded, in order,
 * printing each to out.  0, or -1 with a message on stderr. */
int db_migrate(const char *dir, void (*say)(const char *line));

/* --- bulk tokens (src/store/db_user.c) --- */
/* Calls fn for every user of role (all users when role < 0), by id. */
int db_user_each(int role, void (*fn)(const struct user *u, void *ctx), void *ctx);

#endif
