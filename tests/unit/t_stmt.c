/* Unit tests: the statement enum, its SQL table and its name table line up
 * (a row out of place would run one statement's SQL under another's name). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/db_stmt.h"
#include "../tap.h"

/* The STMT_ names found in order in file, between start and the next "};". */
static int names_in(const char *path, const char *start, const char *prefix, char names[][64], int max)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, on = 0;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) && n < max) {
		char *p;

		if (!on) {
			on = strstr(line, start) != NULL;
			continue;
		}
		if (strncmp(line, "};", 2) == 0)
			break;
		if ((p = strstr(line, prefix)) != NULL) {
			size_t k = 0;

			p += strlen(prefix) - 5; /* keep "STMT_" */
			while ((p[k] >= 'A' && p[k] <= 'Z') || p[k] == '_' || (p[k] >= '0' && p[k] <= '9'))
				k++;
			if (k > 5 && strncmp(p, "STMT__MAX", 9) != 0) {
				snprintf(names[n], 64, "%.*s", (int)k, p);
				n++;
			}
		}
	}
	fclose(f);
	return n;
}

/* The statements that write answer records.  Before its end an attempt's
 * record is only ever written with an event of its answer (a text's, in the
 * text save's transaction); after it, a grader's comment.  Records are made
 * with their defaults (by the start, or when first needed: db_records.c).
 * The paths that make a running attempt's records from the exam rely on
 * that (engine_answer_set, STMT_ANSWER_APPEND_DENSE:
 * docs/architecture.md#saves): a new writer must keep it, and be named
 * here. */
static void record_writers(void)
{
	static const char *const writes[] = {"UPDATE answers SET", "UPDATE answers an", "INTO answers ", "DELETE FROM answers"};
	char found[512] = "";

	for (int i = 0; i < STMT__MAX; i++)
		for (size_t w = 0; stmt_sql[i] != NULL && w < sizeof(writes) / sizeof(writes[0]); w++)
			if (strstr(stmt_sql[i], writes[w]) != NULL) {
				strncat(found, stmt_name[i], sizeof(found) - strlen(found) - 2);
				strcat(found, " ");
				break;
			}
	is_str(found, "STMT_ANSWER_TEXT_PUT STMT_ANSWER_SET_COMMENT STMT_RECORDS_MAKE STMT_RECORDS_MAKE_COURSE ",
	       "only a text save (with its event) and a grader's comment write answer records, once made");
	ok(strstr(bulk_defs[0].head, "INTO answers ") != NULL, "the start's bulk insert makes them");
}

/* Each routine's body hashes to the hash pinned beside its name: a body
 * changed in place would be made by no migrate (the name exists already),
 * and a deployment would run the old body under the new code.  Change a
 * body by giving it a new name (`_v2`), and pin its hash.  Each routine is
 * called by a statement that names it. */
static void routines_pinned(void)
{
	for (size_t i = 0; i < nroutines; i++) {
		uint32_t h = routine_hash(routines[i].body);
		char head[160];
		bool called = false;

		snprintf(head, sizeof(head), "CREATE PROCEDURE %s(", routines[i].name);
		ok(strncmp(routines[i].body, head, strlen(head)) == 0, "%s: its body creates it by that name",
		   routines[i].name);
		if (!ok(h == routines[i].hash, "%s: its body is the one its name stands for", routines[i].name))
			diag("the body hashes to 0x%08x: rename the routine (a new version) and pin that", (unsigned)h);
		snprintf(head, sizeof(head), "CALL %s(", routines[i].name);
		for (int k = 0; k < STMT__MAX; k++)
			called = called || strncmp(stmt_sql[k], head, strlen(head)) == 0;
		ok(called, "%s: a statement calls it", routines[i].name);
	}
	ok(routine_hash("") == 2166136261u && routine_hash("a") == 0xe40c292cu, "the hash is FNV-1a");
}

int main(void)
{
	const char *src = getenv("INVIGIL_SRCDIR");
	static char in_enum[STMT__MAX + 8][64], in_sql[STMT__MAX + 8][64];
	char path[1024];
	int ne, ns;
	bool same = true;

	for (int i = 0; i < STMT__MAX; i++)
		if (stmt_sql[i] == NULL || stmt_name[i] == NULL) {
			ok(0, "statement %d has SQL and a name", i);
			same = false;
		}
	ok(same, "every statement has SQL and a name (%d)", STMT__MAX);
	record_writers();
	routines_pinned();
	if (src == NULL) {
		skip("INVIGIL_SRCDIR is not set", "enum and table order");
		return done_testing();
	}
	snprintf(path, sizeof(path), "%s/include/invigil/db_stmt.h", src);
	ne = names_in(path, "enum stmt_id", "\tSTMT_", in_enum, STMT__MAX + 8);
	snprintf(path, sizeof(path), "%s/src/store/stmt.c", src);
	ns = names_in(path, "stmt_sql[STMT__MAX]", "/* STMT_", in_sql, STMT__MAX + 8);
	is_int(ne, STMT__MAX, "the enum lists every statement");
	is_int(ns, STMT__MAX, "the SQL table has a commented row for each");
	same = ne == STMT__MAX && ns == STMT__MAX;
	for (int i = 0; same && i < STMT__MAX; i++)
		if (strcmp(in_enum[i], in_sql[i]) != 0 || strcmp(in_enum[i], stmt_name[i]) != 0) {
			diag("row %d: enum %s, SQL row %s, name %s", i, in_enum[i], in_sql[i], stmt_name[i]);
			same = false;
		}
	ok(same, "enum, SQL rows and names are in the same order");
	return done_testing();
}
