/* invigil chaos client: N learners, one thread each, strictly sequential, on
 * every face (Testpress, Canvas, assessments), saving, changing, ending and
 * retaking while tests/chaos/faults.sh breaks the stack underneath.  Every
 * request and its outcome is one line of the client log, which
 * tests/chaos/check.awk then holds against the database.
 *
 *   chaos-client --url URL --tokens FILE --log FILE --tp-slug SLUG --course ID
 *                --cv-quiz ID --as-id ID [--learners N] [--seconds S] [--saves N]
 *
 * Log line (tab-separated): learner, request no of that learner, face, op,
 * attempt key, question id, value, HTTP status (0: no answer), curl error,
 * start and end (µs, CLOCK_REALTIME).  Exit 0 when the run went through
 * (whatever the stack answered), 2 on a usage or setup error. */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "chaos.h"

static FILE *logf_;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec t_start;
static atomic_long saves_sent;
static struct ch_conf conf = {.seconds = 20, .max_saves = 1000000000L};
static const char *face_name[] = {"tp", "cv", "as"};

static int64_t now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

double ch_elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t_start.tv_sec) + (double)(t.tv_nsec - t_start.tv_nsec) / 1e9;
}

bool ch_running(void)
{
	return ch_elapsed() < conf.seconds && atomic_load(&saves_sent) < conf.max_saves;
}

void ch_count_save(void) { atomic_fetch_add(&saves_sent, 1); }

unsigned ch_rand(struct ch_learner *L, unsigned n)
{
	L->rng = L->rng * 1103515245u + 12345u;
	return n ? (L->rng >> 8) % n : 0;
}

void ch_sleep_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

int64_t ch_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return 0;
	return json_object_get_int64(v);
}

void ch_next_value(struct ch_learner *L, int k, char *out, size_t n)
{
	const struct ch_question *q = &L->q[k];

	if (q->nopt == 0) { /* unique to this learner and request: the checker can tell every save apart */
		snprintf(out, n, "t:L%dr%ld", L->idx, L->nreq + 1);
		return;
	}
	for (int tries = 0; tries < 8; tries++) { /* a change: another option than the current one */
		snprintf(out, n, "o:%lld", (long long)q->opt[ch_rand(L, (unsigned)q->nopt)]);
		if (strcmp(out, L->cur[k]) != 0)
			break;
	}
}

void ch_resp_free(struct ch_resp *r)
{
	if (r->json)
		json_object_put(r->json);
	r->json = NULL;
}

struct buf {
	char *p;
	size_t n;
};

static size_t on_body(char *d, size_t sz, size_t nm, void *u)
{
	struct buf *b = u;
	size_t add = sz * nm;
	char *p = realloc(b->p, b->n + add + 1);

	if (p == NULL)
		return 0;
	memcpy(p + b->n, d, add);
	b->p = p;
	b->n += add;
	p[b->n] = '\0';
	return add;
}

static size_t on_header(char *d, size_t sz, size_t nm, void *u)
{
	struct ch_resp *r = u;
	size_t len = sz * nm;

	if (len > 12 && strncasecmp(d, "Retry-After:", 12) == 0)
		snprintf(r->retry_after, sizeof(r->retry_after), "%.*s", (int)(len - 12 > 15 ? 15 : len - 12), d + 12);
	return len;
}

static void log_line(const struct ch_learner *L, const char *op, int64_t qid, const char *value,
                     const struct ch_resp *r, int64_t t0, int64_t t1)
{
	pthread_mutex_lock(&log_lock);
	fprintf(logf_, "%d\t%ld\t%s\t%s\t%s\t%lld\t%s\t%ld\t%d\t%lld\t%lld\n", L->idx, L->nreq, face_name[L->face], op,
	        L->akey[0] ? L->akey : "-", (long long)qid, value ? value : "-", r->status, r->curl_err, (long long)t0,
	        (long long)t1);
	pthread_mutex_unlock(&log_lock);
}

long ch_request(struct ch_learner *L, const char *op, int64_t qid, const char *value, const char *method,
                const char *path, const char *body, struct ch_resp *r)
{
	char url[512];
	struct buf b = {NULL, 0};
	struct curl_slist *hs = NULL;
	CURL *c = L->curl;
	int64_t t0, t1;

	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "%s%s", conf.url, path);
	hs = curl_slist_append(hs, L->auth);
	if (body)
		hs = curl_slist_append(hs, "Content-Type: application/json");
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* longer than a stopped worker stays stopped: such a request is late, not lost */
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 40L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
	}
	L->nreq++;
	t0 = now_us();
	r->curl_err = (int)curl_easy_perform(c);
	t1 = now_us();
	if (r->curl_err == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (b.p && r->status > 0)
		r->json = json_tokener_parse(b.p);
	free(b.p);
	curl_slist_free_all(hs);
	log_line(L, op, qid, value, r, t0, t1);
	return r->status;
}

long ch_request_retry(struct ch_learner *L, const char *op, int64_t qid, const char *value, const char *method,
                      const char *path, const char *body, struct ch_resp *r)
{
	for (int n = 1;; n++) {
		long st = ch_request(L, op, qid, value, method, path, body, r);
		long wait;

		if ((st > 0 && st < 500) || ch_elapsed() > conf.hard_s)
			return st;
		/* as an app would: back off, honour Retry-After (capped), with jitter */
		wait = 50L * (n < 10 ? n : 10) + (long)ch_rand(L, 100);
		if (r->retry_after[0] && atol(r->retry_after) * 1000 < wait * 4)
			wait = atol(r->retry_after) * 1000 / 2 + wait;
		ch_resp_free(r);
		ch_sleep_ms(wait);
	}
}

static void *learner_main(void *arg)
{
	struct ch_learner *L = arg;

	L->curl = curl_easy_init();
	if (L->curl == NULL)
		return NULL;
	switch (L->face) {
	case 0: ch_run_testpress(L); break;
	case 1: ch_run_canvas(L); break;
	default: ch_run_assess(L); break;
	}
	curl_easy_cleanup(L->curl);
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: chaos-client --url URL --tokens FILE --log FILE --tp-slug SLUG --course ID "
	                "--cv-quiz ID --as-id ID [--learners N] [--seconds S] [--saves N]\n");
	return 2;
}

/* Reads "username token" lines into ls; returns how many. */
static int read_tokens(const char *path, struct ch_learner *ls, int max)
{
	FILE *f = fopen(path, "r");
	char user[64], tok[900];
	int n = 0;

	if (f == NULL)
		return -1;
	while (n < max && fscanf(f, "%63s %899s", user, tok) == 2) {
		snprintf(ls[n].user, sizeof(ls[n].user), "%s", user);
		snprintf(ls[n].auth, sizeof(ls[n].auth), "Authorization: %s %s", n % 3 == 0 ? "JWT" : "Bearer", tok);
		n++;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	const char *tokens = NULL, *logpath = NULL;
	int want = 30, n;
	struct ch_learner *ls;
	pthread_t *th;

	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!strcmp(k, "--url")) conf.url = v;
		else if (!strcmp(k, "--tokens")) tokens = v;
		else if (!strcmp(k, "--log")) logpath = v;
		else if (!strcmp(k, "--tp-slug")) conf.tp_slug = v;
		else if (!strcmp(k, "--course")) conf.course_id = atoll(v);
		else if (!strcmp(k, "--cv-quiz")) conf.cv_quiz = atoll(v);
		else if (!strcmp(k, "--as-id")) conf.as_id = v;
		else if (!strcmp(k, "--learners")) want = atoi(v);
		else if (!strcmp(k, "--seconds")) conf.seconds = atof(v);
		else if (!strcmp(k, "--saves")) conf.max_saves = atol(v);
		else return usage();
	}
	if (!conf.url || !tokens || !logpath || !conf.tp_slug || conf.course_id <= 0 || conf.cv_quiz <= 0 || !conf.as_id ||
	    want < 1 || want > 2000 || conf.seconds <= 0)
		return usage();
	/* a learner mid-retry when the time is up may finish its step, not more */
	conf.hard_s = conf.seconds + 60;
	ls = calloc((size_t)want, sizeof(*ls));
	th = calloc((size_t)want, sizeof(*th));
	if (!ls || !th)
		return 2;
	n = read_tokens(tokens, ls, want);
	if (n < want) {
		fprintf(stderr, "chaos-client: %d tokens in %s, %d learners wanted\n", n < 0 ? 0 : n, tokens, want);
		return 2;
	}
	if ((logf_ = fopen(logpath, "w")) == NULL) {
		perror(logpath);
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	for (int i = 0; i < n; i++) {
		ls[i].idx = i;
		ls[i].face = i % 3;
		ls[i].rng = 2654435761u * (unsigned)(i + 1);
		ls[i].conf = &conf;
		if (pthread_create(&th[i], NULL, learner_main, &ls[i]) != 0) {
			fprintf(stderr, "chaos-client: cannot start thread %d\n", i);
			return 2;
		}
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	fclose(logf_);
	fprintf(stderr, "chaos-client: %d learners, %ld saves sent in %.1f s\n", n, atomic_load(&saves_sent), ch_elapsed());
	curl_global_cleanup();
	free(ls);
	free(th);
	return 0;
}
