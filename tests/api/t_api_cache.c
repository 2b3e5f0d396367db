/* API test: the worker's exam cache keeps every exam content a request was
 * handed until the request ends, even when a re-import makes a later read
 * of the same exam reload it (issue 10.1: before, the first pointer was
 * freed under its reader; AddressSanitizer, in ./dev test-extra, sees it).
 * It runs the store against the test stack's own MariaDB.  Then, over HTTP:
 * the question JSON each worker keeps with a content version (the Testpress
 * memo) is never served for a newer version. */
#include "config.h"

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

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

/* The first question's HTML on the attempt's questions page. */
static char *first_question_html(int64_t attempt, const char *token)
{
	struct http h;
	char path[96], *html;
	struct json_object *item;

	snprintf(path, sizeof(path), "/api/v2.2/attempts/%lld/questions/", (long long)attempt);
	http_get(path, jwt_header(token), &h);
	item = json_object_array_get_idx(json_get(h.json, "results"), 0);
	html = strdup(json_str(json_get(item, "question"), "question_html") ? json_str(json_get(item, "question"), "question_html")
	                                                                   : "(absent)");
	http_free(&h);
	return html;
}

/* Every worker renders the page from its memo, a re-import changes the
 * question, and every worker then shows the new text. */
static void memo_follows_the_version(void)
{
	const char *src = need_env("INVIGIL_SRCDIR"), *bin = need_env("INVIGIL_BIN");
	char *token, *html, path[128];
	struct http h;
	int64_t attempt;
	int stale = 0;

	if (system(shell_line("printf '\"%s\" import \"%s/tests/api/fixtures/stats-course.json\" >&2'", bin, src)) != 0)
		bail("cannot import the statistics course");
	if ((token = login(NULL, "learner30", "demo")) == NULL)
		bail("cannot log in");
	http_json("POST", "/api/v2.2/exams/st-rank/attempts/", jwt_header(token), NULL, &h);
	attempt = json_get(h.json, "id") ? json_object_get_int64(json_get(h.json, "id")) : 0;
	http_free(&h);
	for (int i = 0; i < 12; i++) { /* more requests than workers: each fills its memo */
		html = first_question_html(attempt, token);
		stale += strcmp(html, "<p>1 + 1?</p>") != 0;
		free(html);
	}
	is_int(stale, 0, "the questions page shows the question on every worker");
	snprintf(path, sizeof(path), "/tmp/invigil-memo-%d.json", (int)getpid());
	if (system(shell_line("printf 'sed \"s/1 + 1?/One plus one?/\" \"%s/tests/api/fixtures/stats-course.json\" > %s "
	                      "&& \"%s\" import %s >&2'", src, path, bin, path)) != 0)
		bail("cannot re-import the changed course");
	unlink(path);
	stale = 0;
	for (int i = 0; i < 12; i++) {
		html = first_question_html(attempt, token);
		stale += strcmp(html, "<p>One plus one?</p>") != 0;
		free(html);
	}
	is_int(stale, 0, "after a re-import every worker shows the new text, none its memo of the old");
	free(token);
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
	memo_follows_the_version();
	db_close();
	mysql_library_end();
	conf_free(&c);
	return done_testing();
}
