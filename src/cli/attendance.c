/* invigil — `invigil attendance import LESSON FILE.csv`: who attended a
 * video-conference lesson, from the CSV a conferencing system exports
 * (docs/testpress-admin.md, "Attendance files").  The file is read whole
 * and imported all or nothing; the rules (members only, a stay ends after
 * it begins, the lesson a video conference) are the engine's. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "invigil/arena.h"
#include "invigil/cli.h"
#include "invigil/engine.h"
#include "invigil/fmt.h"

#define CSV_MAX_BYTES (16 << 20)
#define CSV_MAX_ROWS 100000
#define CSV_MAX_FIELDS 32

enum column { COL_USERNAME, COL_EMAIL, COL_JOIN, COL_LEAVE, COL__MAX };

/* Header names each column may go by (Zoom, Teams and Jitsi exports). */
static const char *const column_names[COL__MAX][4] = {
	[COL_USERNAME] = {"username", "user name", NULL},
	[COL_EMAIL] = {"email", "user email", "e-mail", NULL},
	[COL_JOIN] = {"join_time", "join time", "joined_time", NULL},
	[COL_LEAVE] = {"leave_time", "leave time", "left_time", NULL},
};

/* Reads one CSV record (RFC 4180: quoted fields, "" inside quotes) from *p,
 * fields NUL-terminated in place; *p moves past it.  The number of fields,
 * or -1 with *why set: a quote never closed, text after a closing quote,
 * or more than CSV_MAX_FIELDS fields. */
static int csv_record(char **p, char *fields[CSV_MAX_FIELDS], const char **why)
{
	char *s = *p, *w;
	int n = 0;

	for (;;) {
		if (n == CSV_MAX_FIELDS) {
			*why = "more than 32 fields";
			return -1;
		}
		fields[n++] = w = s;
		if (*s == '"') {
			for (s++;; s++) {
				if (*s == '\0') {
					*why = "a quote that is never closed";
					return -1;
				}
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s++;
				} else if (*s == '"') {
					s++;
					if (*s != ',' && *s != '\n' && *s != '\r' && *s != '\0') {
						*why = "text after a closing quote";
						return -1;
					}
					break;
				} else {
					*w++ = *s;
				}
			}
		} else {
			while (*s != ',' && *s != '\n' && *s != '\r' && *s != '\0')
				*w++ = *s++;
		}
		if (*s != ',')
			break;
		*w = '\0';
		s++;
	}
	if (*s == '\r')
		*s++ = '\0';
	if (*s == '\n')
		*s++ = '\0';
	*w = '\0';
	*p = s;
	return n;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Which field holds each column (-1: absent), from the header record. */
static void header_columns(char *fields[], int n, int col[COL__MAX])
{
	for (int c = 0; c < COL__MAX; c++) {
		col[c] = -1;
		for (int i = 0; i < n && col[c] < 0; i++)
			for (int k = 0; column_names[c][k] != NULL; k++)
				if (strcasecmp(trim(fields[i]), column_names[c][k]) == 0)
					col[c] = i;
	}
}

/* The file at path, NUL-terminated (at most CSV_MAX_BYTES + 1 read, *len
 * how many), malloc'd; NULL when it cannot be read whole. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL)
		return NULL;
	buf = malloc(CSV_MAX_BYTES + 2);
	if (buf != NULL) {
		*len = fread(buf, 1, CSV_MAX_BYTES + 1, f);
		buf[*len] = '\0';
		if (ferror(f)) { /* a file cut short is not imported as if whole */
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* Is s a time with its zone (Z or an offset)?  A time without one would
 * be read as UTC, which a conferencing export in local time is not. */
static bool has_zone(const char *s)
{
	size_t n = strlen(s);

	if (n < 20 || strchr(s, 'T') == NULL)
		return false;
	if (s[n - 1] == 'Z' || s[n - 1] == 'z')
		return true;
	return n >= 6 && (s[n - 6] == '+' || s[n - 6] == '-') && s[n - 3] == ':';
}

long attendance_parse(char *text, size_t len, struct attendance_in *rows, size_t max, char *msg, size_t cap)
{
	char *p = text, *fields[CSV_MAX_FIELDS];
	const char *why = "";
	int col[COL__MAX], nf;
	long n = 0, line = 1;

	if (len > CSV_MAX_BYTES || memchr(text, '\0', len) != NULL) {
		snprintf(msg, cap, "not a CSV text file of at most 16 MiB");
		return -1;
	}
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) /* a spreadsheet's byte-order mark */
		p += 3;
	if ((nf = csv_record(&p, fields, &why)) < 0) {
		snprintf(msg, cap, "line 1: a malformed header: %s", why);
		return -1;
	}
	header_columns(fields, nf, col);
	if ((col[COL_USERNAME] < 0 && col[COL_EMAIL] < 0) || col[COL_JOIN] < 0 || col[COL_LEAVE] < 0) {
		snprintf(msg, cap, "line 1: the header needs username or email, join_time and leave_time");
		return -1;
	}
	while (*p != '\0') {
		struct attendance_in *r = &rows[n];
		const char *user, *email;

		line++;
		if ((nf = csv_record(&p, fields, &why)) < 0) {
			snprintf(msg, cap, "line %ld: a malformed record: %s", line, why);
			return -1;
		}
		if (nf == 1 && *trim(fields[0]) == '\0')
			continue; /* a blank line */
		if ((size_t)n == max) {
			snprintf(msg, cap, "more than %zu stays", max);
			return -1;
		}
		memset(r, 0, sizeof(*r));
		user = col[COL_USERNAME] >= 0 && col[COL_USERNAME] < nf ? trim(fields[col[COL_USERNAME]]) : "";
		email = col[COL_EMAIL] >= 0 && col[COL_EMAIL] < nf ? trim(fields[col[COL_EMAIL]]) : "";
		if ((*user == '\0' && *email == '\0') || strlen(user) >= sizeof(r->username) ||
		    strlen(email) >= sizeof(r->email)) {
			snprintf(msg, cap, "line %ld: no username or email (or one too long)", line);
			return -1;
		}
		strcpy(r->username, user);
		strcpy(r->email, email);
		if (col[COL_JOIN] >= nf || col[COL_LEAVE] >= nf || !has_zone(trim(fields[col[COL_JOIN]])) ||
		    !has_zone(trim(fields[col[COL_LEAVE]])) ||
		    parse_iso8601(trim(fields[col[COL_JOIN]]), &r->joined_ms) != 0 ||
		    parse_iso8601(trim(fields[col[COL_LEAVE]]), &r->left_ms) != 0 || r->joined_ms <= 0) {
			snprintf(msg, cap, "line %ld: join_time and leave_time must be ISO 8601 times with a zone "
			         "(2026-12-06T10:00:00Z, or with an offset)", line);
			return -1;
		}
		n++;
	}
	return n;
}

int attendance_import(int64_t lesson_id, const char *path)
{
	struct engine_ctx cx = {.role = ROLE_ADMIN, .face = "cli"};
	struct attendance_in *rows = NULL;
	char msg[256];
	size_t len = 0;
	char *text = read_file(path, &len);
	long n;
	enum inv_err err;

	if (text == NULL) {
		fprintf(stderr, "invigil: cannot read %s\n", path);
		return 1;
	}
	if ((rows = calloc(CSV_MAX_ROWS, sizeof(*rows))) == NULL) {
		free(text);
		return -1;
	}
	if ((n = attendance_parse(text, len, rows, CSV_MAX_ROWS, msg, sizeof(msg))) < 0) {
		fprintf(stderr, "invigil: %s: %s\n", path, msg);
		free(rows);
		free(text);
		return 1;
	}
	cx.now_ms = now_ms();
	err = engine_attendance_import(&cx, lesson_id, rows, (size_t)n);
	free(text);
	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL) {
		free(rows);
		return -1;
	}
	if (err != INV_OK) {
		/* the row's line: the header is line 1 (blank lines aside) */
		if (cx.item > 0)
			fprintf(stderr, "invigil: %s: stay %zu (%s): %s\n", path, cx.item,
			        rows[cx.item - 1].username[0] ? rows[cx.item - 1].username : rows[cx.item - 1].email,
			        cx.message ? cx.message : "refused");
		else
			fprintf(stderr, "invigil: lesson %lld: %s\n", (long long)lesson_id,
			        cx.message ? cx.message : "refused");
		free(rows);
		return 1;
	}
	printf("imported %ld stays into lesson %lld\n", n, (long long)lesson_id);
	free(rows);
	return 0;
}
