/* tests/faults/flood.c — offers answer saves to a stack at a fixed rate and
 * records what came back, for the overload and disk-full runs.
 *
 *   flood --url URL --targets FILE [--rate R | --closed C] [--seconds S]
 *         [--timeout S] [--max-inflight N] [--acks FILE] [--label NAME]
 *         [--essay BYTES]
 *
 * Targets: one a line, TAB-separated: TOKEN ATTEMPT_ID ANSWER_ID OPTION_ID.
 * Request i saves option OPTION_ID as the answer of target i mod N
 * (PUT /api/v2.2/attempts/A/questions/AQ/ with "Authorization: JWT TOKEN");
 * with --essay, it sends an essay_text of BYTES bytes instead (targets of
 * essay questions; OPTION_ID is ignored).
 *
 * --rate R: open loop: request i is due at start + i/R whatever came back
 * before, so a slow server sees the same arrivals as a fast one; latency
 * counts from the due time (no coordinated omission).  A request due while
 * --max-inflight requests are open is not sent and counted as "unsent" (the
 * client's own limit, reported).  --closed C: C requests in flight at all
 * times (to measure capacity).  The run offers requests for --seconds S, then
 * waits for the open ones (each bounded by --timeout, default 60 s, above
 * nginx's 30 s fastcgi_read_timeout, so nginx's own 504 would show).
 *
 * Output: one line of key=value pairs on stdout (see report()).  --acks FILE
 * gets "REQUEST_ID<TAB>ANSWER_ID" for every 2xx, from the X-Request-Id header,
 * for the caller to look up in answer_events.
 *
 * Exit status: 0 when it ran, 2 on usage or setup errors. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <curl/curl.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct target {
	char *token;
	long attempt, answer, option;
};

struct job {
	CURL *h;
	struct curl_slist *hdr;
	double due;     /* seconds since start when it was due */
	long target;
	bool retry_after;
	char reqid[80];
	char body[200]; /* request body; later the first bytes of the response */
	size_t got;
};

struct lat {
	double *v;
	size_t n, cap;
};

static struct {
	const char *url, *targets, *acks, *label;
	double rate, seconds, timeout;
	long closed, max_inflight, essay;
} opt = {.seconds = 10, .timeout = 60, .max_inflight = 800, .label = "run"};

static struct target *tg;
static long ntg;
static double t0;
static long sent, unsent, ok2xx, s503, s503_ra, s429, s429_ra, transport, timeouts, other;
static long other_by[600];
static struct lat lat_ok, lat_shed;
static FILE *acks;
static char *essay_body; /* --essay: the body every request sends */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9 - t0;
}

static void die(const char *what)
{
	fprintf(stderr, "flood: %s\n", what);
	exit(2);
}

static void lat_add(struct lat *l, double ms)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4096;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (l->v == NULL)
			die("out of memory");
	}
	l->v[l->n++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* the q-quantile (0..1) in ms, or -1 when there are no samples */
static double quantile(struct lat *l, double q)
{
	size_t i;

	if (l->n == 0)
		return -1;
	qsort(l->v, l->n, sizeof(*l->v), cmp_double);
	i = (size_t)ceil(q * (double)l->n);
	return l->v[i > 0 ? i - 1 : 0];
}

static void load_targets(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	long cap = 0;

	if (f == NULL)
		die("cannot open the targets file");
	while (fgets(line, sizeof(line), f) != NULL) {
		char tok[3000];
		struct target t;

		if (sscanf(line, "%2999s %ld %ld %ld", tok, &t.attempt, &t.answer, &t.option) != 4)
			continue;
		if ((t.token = strdup(tok)) == NULL)
			die("out of memory");
		if (ntg == cap) {
			cap = cap ? cap * 2 : 256;
			if ((tg = realloc(tg, (size_t)cap * sizeof(*tg))) == NULL)
				die("out of memory");
		}
		tg[ntg++] = t;
	}
	fclose(f);
	if (ntg == 0)
		die("no targets");
}

static size_t on_header(char *b, size_t size, size_t n, void *p)
{
	struct job *j = p;
	size_t len = size * n;

	if (len > 12 && strncasecmp(b, "Retry-After:", 12) == 0)
		j->retry_after = true;
	if (len > 13 && strncasecmp(b, "X-Request-Id:", 13) == 0)
		sscanf(b + 13, " %79s", j->reqid);
	return len;
}

static size_t on_body(char *b, size_t size, size_t n, void *p)
{
	struct job *j = p;
	size_t len = size * n, room = sizeof(j->body) - 1 - j->got;

	memcpy(j->body + j->got, b, len < room ? len : room);
	j->got += len < room ? len : room;
	j->body[j->got] = '\0';
	return len;
}

static struct job *job_new(void)
{
	struct job *j = calloc(1, sizeof(*j));

	if (j == NULL || (j->h = curl_easy_init()) == NULL)
		die("out of memory");
	return j;
}

static void start(CURLM *m, struct job *j, long i, double due)
{
	const struct target *t = &tg[i % ntg];
	char url[600], auth[3100];

	curl_easy_reset(j->h);
	curl_slist_free_all(j->hdr);
	j->hdr = NULL;
	j->due = due;
	j->target = i % ntg;
	j->retry_after = false;
	j->reqid[0] = '\0';
	snprintf(url, sizeof(url), "%s/api/v2.2/attempts/%ld/questions/%ld/", opt.url, t->attempt, t->answer);
	snprintf(auth, sizeof(auth), "Authorization: JWT %s", t->token);
	snprintf(j->body, sizeof(j->body), "{\"selected_answers\":[%ld],\"review\":%s}", t->option,
	         i % 2 ? "true" : "false");
	j->got = 0;
	j->hdr = curl_slist_append(j->hdr, auth);
	j->hdr = curl_slist_append(j->hdr, "Content-Type: application/json");
	j->hdr = curl_slist_append(j->hdr, "Expect:");
	curl_easy_setopt(j->h, CURLOPT_URL, url);
	curl_easy_setopt(j->h, CURLOPT_CUSTOMREQUEST, "PUT");
	curl_easy_setopt(j->h, CURLOPT_COPYPOSTFIELDS, essay_body != NULL ? essay_body : j->body);
	j->body[0] = '\0';
	curl_easy_setopt(j->h, CURLOPT_HTTPHEADER, j->hdr);
	curl_easy_setopt(j->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(j->h, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(j->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(j->h, CURLOPT_PRIVATE, j);
	curl_easy_setopt(j->h, CURLOPT_TIMEOUT_MS, (long)(opt.timeout * 1000));
	curl_easy_setopt(j->h, CURLOPT_NOSIGNAL, 1L);
	curl_multi_add_handle(m, j->h);
	sent++;
}

static void finish(CURLM *m, CURLMsg *msg, struct job **pool, long *npool)
{
	struct job *j;
	long st = 0;
	double ms;

	curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &st);
	ms = (now() - j->due) * 1000;
	if (msg->data.result == CURLE_OPERATION_TIMEDOUT) {
		timeouts++;
	} else if (msg->data.result != CURLE_OK) {
		if (transport++ < 3)
			fprintf(stderr, "flood: transport error: %s\n", curl_easy_strerror(msg->data.result));
	} else if (st >= 200 && st < 300) {
		ok2xx++;
		lat_add(&lat_ok, ms);
		if (acks != NULL)
			fprintf(acks, "%s\t%ld\n", j->reqid, tg[j->target].answer);
	} else if (st == 503 || st == 429) {
		*(st == 503 ? &s503 : &s429) += 1;
		*(st == 503 ? &s503_ra : &s429_ra) += j->retry_after;
		lat_add(&lat_shed, ms);
	} else {
		other_by[st > 0 && st < 600 ? st : 0]++;
		if (other++ < 3)
			fprintf(stderr, "flood: status %ld: %s\n", st, j->body);
	}
	curl_multi_remove_handle(m, j->h);
	pool[(*npool)++] = j;
}

static void report(double offered_s, double elapsed)
{
	printf("label=%s rate=%.0f closed=%ld seconds=%.1f sent=%ld unsent=%ld ok=%ld s503=%ld s503_ra=%ld s429=%ld "
	       "s429_ra=%ld other=%ld transport=%ld timeouts=%ld served_rps=%.1f p50_ok_ms=%.1f p99_ok_ms=%.1f "
	       "max_ok_ms=%.1f p50_shed_ms=%.1f p99_shed_ms=%.1f elapsed=%.1f other_statuses=",
	       opt.label, opt.rate, opt.closed, offered_s, sent, unsent, ok2xx, s503, s503_ra, s429, s429_ra, other,
	       transport, timeouts, offered_s > 0 ? ok2xx / offered_s : 0, quantile(&lat_ok, 0.5),
	       quantile(&lat_ok, 0.99), quantile(&lat_ok, 1), quantile(&lat_shed, 0.5), quantile(&lat_shed, 0.99),
	       elapsed);
	for (int s = 0, first = 1; s < 600; s++)
		if (other_by[s]) {
			printf("%s%d:%ld", first ? "" : ",", s, other_by[s]);
			first = 0;
		}
	printf("\n");
}

static void parse(int argc, char **argv)
{
	static const struct option lo[] = {
		{"url", 1, 0, 'u'},     {"targets", 1, 0, 'f'}, {"rate", 1, 0, 'r'},         {"closed", 1, 0, 'c'},
		{"seconds", 1, 0, 's'}, {"timeout", 1, 0, 't'}, {"max-inflight", 1, 0, 'm'}, {"acks", 1, 0, 'a'},
		{"label", 1, 0, 'l'},   {"essay", 1, 0, 'e'},       {0, 0, 0, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'u': opt.url = optarg; break;
		case 'f': opt.targets = optarg; break;
		case 'r': opt.rate = atof(optarg); break;
		case 'c': opt.closed = atol(optarg); break;
		case 's': opt.seconds = atof(optarg); break;
		case 't': opt.timeout = atof(optarg); break;
		case 'm': opt.max_inflight = atol(optarg); break;
		case 'a': opt.acks = optarg; break;
		case 'l': opt.label = optarg; break;
		case 'e': opt.essay = atol(optarg); break;
		default: die("unknown option (see the comment at the top of tests/faults/flood.c)");
		}
	}
	if (opt.url == NULL || opt.targets == NULL || (opt.rate <= 0) == (opt.closed <= 0) || opt.seconds <= 0 ||
	    opt.timeout <= 0 || opt.max_inflight < 1 || opt.closed > opt.max_inflight || opt.essay < 0 ||
	    opt.essay > 900000)
		die("usage: flood --url URL --targets FILE (--rate R | --closed C) [--seconds S] [--timeout S] "
		    "[--max-inflight N] [--acks FILE] [--label NAME] [--essay BYTES]");
}

int main(int argc, char **argv)
{
	CURLM *m;
	struct job **pool;
	long npool, inflight = 0, next = 0;
	double offered_s;

	parse(argc, argv);
	load_targets(opt.targets);
	if (opt.essay > 0) { /* a long answer: the writes that need new pages */
		static const char head[] = "{\"essay_text\":\"";

		if ((essay_body = malloc(sizeof(head) + (size_t)opt.essay + 3)) == NULL)
			die("out of memory");
		memcpy(essay_body, head, sizeof(head) - 1);
		for (long i = 0; i < opt.essay; i++)
			essay_body[sizeof(head) - 1 + i] = (char)('a' + i % 26);
		memcpy(essay_body + sizeof(head) - 1 + opt.essay, "\"}", 3);
	}
	if (opt.acks != NULL && (acks = fopen(opt.acks, "w")) == NULL)
		die("cannot write the acks file");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, opt.max_inflight);
	pool = calloc((size_t)opt.max_inflight, sizeof(*pool));
	if (m == NULL || pool == NULL)
		die("out of memory");
	for (npool = 0; npool < opt.max_inflight; npool++)
		pool[npool] = job_new();
	t0 = 0;
	t0 = now();
	for (;;) {
		double t = now(), wait_ms = 5;
		int running, left;
		CURLMsg *msg;

		if (t < opt.seconds && opt.rate > 0) {
			for (double due; (due = (double)next / opt.rate) <= t; next++) {
				if (npool == 0) {
					unsent++;
					continue;
				}
				start(m, pool[--npool], next, due);
			}
			wait_ms = ((double)next / opt.rate - t) * 1000;
		} else if (t < opt.seconds) {
			while (npool > opt.max_inflight - opt.closed)
				start(m, pool[--npool], next++, t);
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE)
				finish(m, msg, pool, &npool);
		inflight = opt.max_inflight - npool;
		if (t >= opt.seconds && inflight == 0)
			break;
		if (opt.closed > 0 && t < opt.seconds && npool > opt.max_inflight - opt.closed)
			continue;
		curl_multi_poll(m, NULL, 0, wait_ms < 1 ? 1 : wait_ms > 10 ? 10 : (int)wait_ms, NULL);
	}
	offered_s = opt.seconds;
	report(offered_s, now());
	for (long i = 0; i < npool; i++) {
		curl_slist_free_all(pool[i]->hdr);
		curl_easy_cleanup(pool[i]->h);
		free(pool[i]);
	}
	free(pool);
	curl_multi_cleanup(m);
	curl_global_cleanup();
	if (acks != NULL)
		fclose(acks);
	for (long i = 0; i < ntg; i++)
		free(tg[i].token);
	free(tg);
	free(lat_ok.v);
	free(lat_shed.v);
	free(essay_body);
	return 0;
}
