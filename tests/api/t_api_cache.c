/* API test: the worker's exam cache keeps every exam content a request was
 * handed until the request ends, even when a re-import makes a later read
 * of the same exam reload it (issue 10.1: before, the first pointer was
 * freed under its reader; AddressSanitizer, in ./dev test-extra, sees it).
 * It runs the store against the test stack's own MariaDB. */
#include "config.h"

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/conf.h"
#include "invigil/db.h"
#include "invigil/store.h"
#include "client.h"
#include "../tap.h"

static int reimport(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "\"%s\" import \"%s/examples/demo-course.json\" >&2", need_env("INVIGIL_BIN"),
	         need_env("INVIGIL_SRCDIR"));
	return system(cmd);
}

int main(void)
{
	struct conf c;
	char err[256];
	const struct exam_content *first, *second, *third;
	char *title;
	size_t nq;

	conf_defaults(&c);
	if (conf_load(&c, need_env("INVIGIL_CONFIG"), err, sizeof(err)) != 0)
		bail("config: %s", err);
	if (mysql_library_init(0, NULL, NULL) != 0)
		bail("MariaDB client");
	conf_set_current(&c);
	db_setup(&c, false);

	is_int(exam_cache_by_slug("demo-practice-quiz", &first), 1, "the exam is loaded");
	title = strdup(first->exam.title);
	nq = first->nquestions;
	is_int(reimport(), 0, "staff re-import the course during the request");
	is_int(exam_cache_by_slug("demo-practice-quiz", &second), 1, "a second read of the same exam");
	ok(second != first && second->version > first->version, "reloads it: a newer content version");
	/* the first content is still whole: read every string of it */
	is_str(first->exam.title, title, "the first content is still readable");
	is_int((int64_t)first->nquestions, (int64_t)nq, "with its questions");
	for (size_t i = 0; i < first->nquestions; i++)
		if (first->questions[i].html == NULL || strlen(first->questions[i].html) == 0)
			ok(false, "question %zu lost its text", i);
	exam_cache_forget(second->exam.id);
	ok(second->exam.title != NULL && strcmp(second->exam.title, title) == 0, "a forgotten content stays readable too");
	exam_cache_release();
	is_int(exam_cache_by_slug("demo-practice-quiz", &third), 1, "after the request ends the cache loads afresh");
	exam_cache_release();
	free(title);
	db_close();
	mysql_library_end();
	conf_free(&c);
	return done_testing();
}
