/* invigil — schema migrations: schema/NNN_name.sql, applied once each, in order. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

#define MIGRATIONS_MAX 256

static const char bootstrap[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INT UNSIGNED NOT NULL PRIMARY KEY,"
	" name VARCHAR(200) NOT NULL,"
	" applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;";

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "001_domain.sql" -> 1; -1 for files that are not migrations. */
static long version_of(const char *name)
{
	char *end;
	long v = strtol(name, &end, 10);
	size_t n = strlen(name);

	if (end == name || *end != '_' || n < 5 || strcmp(name + n - 4, ".sql") != 0 || v < 1)
		return -1;
	return v;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}

static int applied(int64_t version)
{
	struct dbq q;
	int64_t n = 0;
	int rc;

	dbq_init(&q, STMT_MIGRATION_APPLIED, NULL);
	dbq_in_i64(&q, &version);
	dbq_out_i64(&q, &n, NULL);
	rc = dbq_one(&q);
	return rc < 0 ? -1 : n > 0;
}

static int apply_one(const char *dir, const char *name, int64_t version, void (*say)(const char *))
{
	char path[4096], line[600];
	char *sql;
	struct dbq q;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	sql = slurp(path);
	if (sql == NULL) {
		fprintf(stderr, "invigil: cannot read %s\n", path);
		return -1;
	}
	/* DDL commits implicitly: a failure leaves the earlier statements applied,
	 * so each migration is written to be re-runnable after a fix */
	rc = db_exec_script(sql);
	free(sql);
	if (rc != 0) {
		fprintf(stderr, "invigil: migration %s failed: %s\n", name, db_last_error_text());
		return -1;
	}
	dbq_init(&q, STMT_MIGRATION_RECORD, NULL);
	dbq_in_i64(&q, &version);
	dbq_in_str(&q, name);
	if (dbq_exec(&q) != 0) {
		fprintf(stderr, "invigil: cannot record migration %s: %s\n", name, db_last_error_text());
		return -1;
	}
	snprintf(line, sizeof(line), "applied %s", name);
	say(line);
	return 0;
}

int db_migrate(const char *dir, void (*say)(const char *line))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[MIGRATIONS_MAX];
	size_t n = 0;
	int rc = 0, fresh = 0;

	if (d == NULL) {
		fprintf(stderr, "invigil: cannot open the schema directory %s\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < MIGRATIONS_MAX)
		if (version_of(e->d_name) > 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	if (db_exec_script(bootstrap) != 0) {
		fprintf(stderr, "invigil: cannot create schema_migrations: %s\n", db_last_error_text());
		rc = -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		int64_t v = version_of(names[i]);
		int done = applied(v);

		if (done < 0) {
			fprintf(stderr, "invigil: %s\n", db_last_error_text());
			rc = -1;
		} else if (!done) {
			rc = apply_one(dir, names[i], v, say);
			fresh++;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	if (rc == 0 && fresh == 0)
		say("schema is up to date");
	if (rc == 0 && db_routines_make(say) != 0) {
		fprintf(stderr, "invigil: cannot make the stored procedures: %s\n", db_last_error_text());
		rc = -1;
	}
	return rc;
}
