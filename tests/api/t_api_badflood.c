/* API tests: worker memory stays flat under a flood of bad requests.
 *
 * The structural corpus (fixtures/badinput/bodies.txt) is sent to four
 * routes that read a body (a Testpress answer, a Canvas answer, an
 * assessments submission, a Testpress comment), all with real ids and a
 * valid token so every request reaches a worker and its body is parsed;
 * bodies nginx refuses itself (over 2 MiB) are left out.  Several processes,
 * each on one kept-alive connection, send $INVIGIL_BADFLOOD_N requests in
 * all (default 100,000).  The sum of the workers' VmRSS is sampled after a
 * warm-up and at the end: growth must stay under 5 %, with the same worker
 * pids (a restarted worker would hide a leak), no 5xx and every error a
 * JSON body. */
#include "config.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "corpus.h"
#include "fill.h"
#include "../tap.h"

#define PROCS 4
#define WARMUP 5000

struct flood_req {
	const char *method;
	char path[256];
	const char *ct;
	const char *body;
	size_t len;
};

struct tally {
	long sent, fives, nonjson, noanswer;
};

static struct flood_req *reqs;
static size_t nreqs;
static struct corpus_row *rows; /* the requests' bodies point into them */
static int nrows;

static void build(void)
{
	static const char *const targets[][2] = {
		{"PUT", "/api/v2.2/attempts/{tp_attempt}/questions/{tp_aq_essay}/"},
		{"POST", "/api/v1/quiz_submissions/{cv_sub}/questions"},
		{"POST", "/api/v1/assessments/{as_id}/submissions"},
		{"POST", "/api/v2.2/questions/{tp_question}/comments/"},
	};
	int n = nrows = corpus_load("bodies.txt", 3, &rows);

	reqs = calloc((size_t)n * 4, sizeof(*reqs));
	if (reqs == NULL)
		bail("out of memory");
	for (size_t t = 0; t < 4; t++)
		for (int i = 0; i < n; i++) {
			struct flood_req *q = &reqs[nreqs++];

			q->method = targets[t][0];
			fill(targets[t][1], q->path, sizeof(q->path));
			q->ct = strcmp(rows[i].f[1], "-") ? rows[i].f[1] : NULL;
			q->body = rows[i].data;
			q->len = rows[i].len;
		}
}

/* Sends requests first, first + step, ... below last on one connection. */
static void flood(long first, long last, long step, struct tally *t)
{
	CURL *c = curl_easy_init();
	const char *base = need_env("INVIGIL_TEST_URL");
	char url[512], auth[4200];

	snprintf(auth, sizeof(auth), "Authorization: %s", fill_auth("L"));
	for (long i = first; i < last; i += step) {
		const struct flood_req *q = &reqs[(size_t)i % nreqs];
		struct curl_slist *hs = curl_slist_append(NULL, auth);
		struct http h = {0};
		char ct[200];
		long st = 0;

		if (q->ct) {
			snprintf(ct, sizeof(ct), "Content-Type: %s", q->ct);
			hs = curl_slist_append(hs, ct);
		}
		hs = curl_slist_append(hs, "Expect:");
		snprintf(url, sizeof(url), "%s%s", base, q->path);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)q->len);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &h);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
		t->sent++;
		if (st == 0)
			t->noanswer++;
		else if (st >= 500)
			t->fives++;
		if (st >= 400) {
			struct json_object *j = h.body ? json_tokener_parse(h.body) : NULL;

			if (j == NULL || !json_object_is_type(j, json_type_object))
				t->nonjson++;
			json_object_put(j);
		}
		free(h.body);
		curl_slist_free_all(hs);
	}
	curl_easy_cleanup(c);
}

/* n requests from PROCS processes; the tallies summed into t. */
static void flood_parallel(long first, long n, struct tally *t)
{
	int fds[PROCS][2];
	pid_t pids[PROCS];

	for (int p = 0; p < PROCS; p++) {
		if (pipe(fds[p]) != 0 || (pids[p] = fork()) < 0)
			bail("cannot fork");
		if (pids[p] == 0) {
			struct tally mine = {0};

			close(fds[p][0]);
			flood(first + p, first + n, PROCS, &mine);
			if (write(fds[p][1], &mine, sizeof(mine)) != (ssize_t)sizeof(mine))
				_exit(1);
			_exit(0);
		}
		close(fds[p][1]);
	}
	for (int p = 0; p < PROCS; p++) {
		struct tally got = {0};
		int status;

		if (read(fds[p][0], &got, sizeof(got)) != (ssize_t)sizeof(got))
			got.noanswer = 1;
		close(fds[p][0]);
		waitpid(pids[p], &status, 0);
		t->sent += got.sent;
		t->fives += got.fives;
		t->nonjson += got.nonjson;
		t->noanswer += got.noanswer;
	}
}

/* The workers' pids (sorted, space-separated) into pids, and the sum of
 * their VmRSS in kB. */
static long workers_rss(char *pids, size_t size)
{
	char cmd[1024], line[256];
	long sum = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "\"%s\" workers \"%s\" | sort -n", need_env("INVIGIL_STACK"),
	         need_env("INVIGIL_STACK_DIR"));
	pids[0] = '\0';
	if ((p = popen(cmd, "r")) == NULL)
		bail("cannot list the workers");
	while (fgets(line, sizeof(line), p)) {
		char path[64], st[256];
		long pid = atol(line), kb = 0;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%ld/status", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(st, sizeof(st), f))
			if (sscanf(st, "VmRSS: %ld kB", &kb) == 1)
				break;
		fclose(f);
		sum += kb;
		snprintf(pids + strlen(pids), size - strlen(pids), "%ld ", pid);
	}
	pclose(p);
	return sum;
}

int main(void)
{
	const char *env = getenv("INVIGIL_BADFLOOD_N");
	long n = env && atol(env) > 0 ? atol(env) : 100000;
	struct tally warm = {0}, t = {0};
	char pids0[1024], pids1[1024];
	long rss0, rss1;
	struct timespec a, b;
	double secs, growth;

	fill_setup();
	build();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	flood_parallel(0, WARMUP, &warm);
	rss0 = workers_rss(pids0, sizeof(pids0));
	clock_gettime(CLOCK_MONOTONIC, &a);
	flood_parallel(WARMUP, n, &t);
	clock_gettime(CLOCK_MONOTONIC, &b);
	rss1 = workers_rss(pids1, sizeof(pids1));
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	growth = rss0 > 0 ? 100.0 * (double)(rss1 - rss0) / (double)rss0 : 100.0;
	diag("figures: distinct requests %zu (bodies.txt x 4 routes), warm-up %ld, measured %ld, %d connections, %.1f s (%.0f req/s)",
	     nreqs, warm.sent, t.sent, PROCS, secs, (double)t.sent / secs);
	diag("figures: 5xx %ld, errors without a JSON body %ld, no answer %ld", t.fives + warm.fives,
	     t.nonjson + warm.nonjson, t.noanswer + warm.noanswer);
	diag("figures: workers [%s] RSS %ld kB after the warm-up, %ld kB at the end: %+.2f %%", pids0, rss0, rss1, growth);
	is_int(t.sent, n, "%ld bad requests sent after a warm-up of %d", t.sent, WARMUP);
	is_int(t.noanswer + warm.noanswer, 0, "every one answered");
	is_int(t.fives + warm.fives, 0, "no 5xx");
	is_int(t.nonjson + warm.nonjson, 0, "every error a JSON body");
	ok(strcmp(pids0, pids1) == 0 && *pids0, "the same workers served them all (%s)", pids1);
#if defined(__SANITIZE_ADDRESS__)
	/* AddressSanitizer keeps freed memory in quarantine (256 MB a process):
	 * RSS grows by design there, so memory is judged in the plain build */
	skip("workers built with AddressSanitizer", "workers' RSS grew %.2f %%", growth);
#else
	ok(rss0 > 0 && growth < 5.0, "workers' RSS grew %.2f %% (< 5 %%): %ld -> %ld kB", growth, rss0, rss1);
#endif
	curl_global_cleanup();
	free(reqs);
	corpus_free(rows, nrows);
	fill_teardown();
	return done_testing();
}
