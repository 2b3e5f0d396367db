/* bench/loadgen.c — a small, exact HTTP/1.1 load generator for the benchmark.
 *
 * It replays a request script over a fixed number of keep-alive connections
 * (one epoll loop, one thread), sends each request exactly once, and records
 * every response: status, latency (µs, into a log-linear histogram), and per
 * second throughput and p99.  Every non-2xx response, and every request that
 * got no complete response, counts as an error.
 *
 * Script: one request per line, fields separated by TABs:
 *     METHOD <TAB> PATH <TAB> TOKEN <TAB> BODY
 * TOKEN is a 0-based line index into --tokens FILE (lines "username token"),
 * or a literal token when --tokens is not given; "-" or empty sends no
 * Authorization header.  BODY may be empty.  A line "BARRIER" waits until
 * every request sent before it has been answered (for dependent requests in
 * one phase, e.g. changing an answer saved earlier).
 *
 *   loadgen --url http://127.0.0.1:PORT --script FILE [--tokens FILE]
 *           [--concurrency C] [--duration-limit S] [--loop-seconds S]
 *           [--out PREFIX] [--capture FILE] [--status FILE] [--label NAME]
 *           [--show-errors N] [--auth-scheme JWT]
 *
 * --out PREFIX writes PREFIX.json (summary) and PREFIX.ts (per second:
 * "sec rps p99_ms p50_ms errors unix_time").  --capture writes, for every 2xx
 * response, the top-level "id" ("LINE<TAB>id<TAB>ID") and, for DRF pages,
 * each results[] item ("LINE<TAB>item<TAB>INDEX<TAB>ID<TAB>TYPE<TAB>OPT,OPT…"
 * with TYPE = results[].question.type and OPT = results[].question.answers[].id).
 * --status writes "LINE<TAB>STATUS" for every request line (STATUS 0: no
 * complete response; -1: never sent because the duration limit was reached).
 * --loop-seconds replays the script in a loop for S seconds (ceilings).
 *
 * Exit status: 0 all 2xx, 1 some errors, 2 usage or setup failure,
 * 3 the duration limit cut the run short. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hist.h"

/* ---- options and script ---------------------------------------------------- */

struct rq {
	const char *method, *path, *token, *body;
	uint32_t mlen, plen, tlen, blen;
	bool barrier;
};

static struct {
	const char *url, *script, *tokens, *out, *capture, *status, *label, *scheme;
	int concurrency, show_errors;
	double duration_limit, loop_seconds;
} opt = {.concurrency = 256, .show_errors = 5, .duration_limit = 600, .label = "run", .scheme = "JWT"};

static struct rq *rqs;
static size_t nrq, nreal; /* lines, and lines that are requests */
static char **tokv;
static size_t ntok;
static char host_hdr[300];
static struct sockaddr_in addr;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("loadgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (f == NULL || fstat(fileno(f), &st) != 0)
		die("cannot read %s: %s", path, strerror(errno));
	buf = xmalloc((size_t)st.st_size + 1);
	if (st.st_size > 0 && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die("cannot read %s", path);
	fclose(f);
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return buf;
}

static void load_tokens(const char *path)
{
	size_t len, cap = 1024;
	char *buf = slurp(path, &len), *p = buf;

	tokv = xmalloc(cap * sizeof(*tokv));
	while (*p) {
		char *eol = strchr(p, '\n'), *last, *q;

		if (eol)
			*eol = '\0';
		/* the last whitespace-separated field is the token */
		for (q = p + strlen(p); q > p && isspace((unsigned char)q[-1]); q--)
			q[-1] = '\0';
		last = strrchr(p, ' ');
		last = last ? last + 1 : p;
		if (ntok == cap)
			tokv = xrealloc(tokv, (cap *= 2) * sizeof(*tokv));
		tokv[ntok++] = last;
		if (!eol)
			break;
		p = eol + 1;
	}
}

/* splits the next TAB field; the rest of the line is the last field */
static const char *field(char **p, char *end, uint32_t *len, bool last)
{
	char *s = *p, *t = last ? end : memchr(s, '\t', (size_t)(end - s));

	if (t == NULL)
		t = end;
	*len = (uint32_t)(t - s);
	*p = t < end ? t + 1 : end;
	return s;
}

static void load_script(const char *path)
{
	size_t len, cap = 4096;
	char *buf = slurp(path, &len), *p = buf, *end = buf + len;

	rqs = xmalloc(cap * sizeof(*rqs));
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *le = eol ? eol : end, *q = p;
		struct rq r = {0};
		uint32_t tl;
		const char *tok;

		if (le > p && le[-1] == '\r')
			le--;
		*le = '\0';
		if (nrq == cap)
			rqs = xrealloc(rqs, (cap *= 2) * sizeof(*rqs));
		if (strcmp(p, "BARRIER") == 0) {
			r.barrier = true;
		} else if (le > p) {
			r.method = field(&q, le, &r.mlen, false);
			r.path = field(&q, le, &r.plen, false);
			tok = field(&q, le, &tl, false);
			r.body = field(&q, le, &r.blen, true);
			if (r.mlen == 0 || r.plen == 0 || r.path[0] != '/')
				die("%s:%zu: expected METHOD<TAB>PATH<TAB>TOKEN<TAB>BODY", path, nrq + 1);
			if (tl == 0 || (tl == 1 && tok[0] == '-')) {
				r.token = NULL;
			} else if (opt.tokens != NULL) {
				char *e;
				unsigned long i = strtoul(tok, &e, 10);

				if (e != tok + tl || i >= ntok)
					die("%s:%zu: token index '%.*s' is not a line of %s", path, nrq + 1, (int)tl, tok,
					    opt.tokens);
				r.token = tokv[i];
				r.tlen = (uint32_t)strlen(tokv[i]);
			} else {
				r.token = tok;
				r.tlen = tl;
			}
			nreal++;
		}
		/* an empty line stays as a slot without a method, so line numbers match the file */
		rqs[nrq++] = r;
		p = eol ? eol + 1 : end;
	}
}

static void parse_url(const char *url)
{
	const char *h = url, *colon, *slash;
	char host[256];
	int port = 80;
	size_t hl;

	if (strncmp(h, "http://", 7) != 0)
		die("--url must start with http://");
	h += 7;
	slash = strchr(h, '/');
	colon = strchr(h, ':');
	if (colon != NULL && (slash == NULL || colon < slash)) {
		port = atoi(colon + 1);
		hl = (size_t)(colon - h);
	} else {
		hl = slash ? (size_t)(slash - h) : strlen(h);
	}
	if (hl == 0 || hl >= sizeof(host) || port <= 0 || port > 65535)
		die("bad --url %s", url);
	memcpy(host, h, hl);
	host[hl] = '\0';
	snprintf(host_hdr, sizeof(host_hdr), "%s:%d", host, port);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		die("--url host must be an IPv4 address or localhost: %s", host);
}

/* ---- measurements ---------------------------------------------------------- */

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct hist overall;
static struct hist **persec; /* one histogram per second of the run */
static uint32_t *persec_err;
static size_t npersec;
static uint64_t t_start, t_last, completed, ok2xx, body_bytes, connects, retries, aborted, shown_errors;
static uint64_t status_count[600]; /* index: status code; 0 = transport error */
static int16_t *line_status;
static double wall_start;
static FILE *capf;

static void record(size_t idx, int status, uint64_t t0, uint64_t t1, const char *body, size_t blen);

/* ---- a minimal JSON walker for --capture -------------------------------------- */

struct jp {
	const char *p, *e;
	bool bad;
};

static void jws(struct jp *j)
{
	while (j->p < j->e && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

static bool jlit(struct jp *j, char c)
{
	jws(j);
	if (j->p < j->e && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

/* a string; s and n get its raw (undecoded) content */
static bool jstr(struct jp *j, const char **s, size_t *n)
{
	jws(j);
	if (j->p >= j->e || *j->p != '"')
		return false;
	*s = ++j->p;
	while (j->p < j->e && *j->p != '"') {
		if (*j->p == '\\')
			j->p++;
		j->p++;
	}
	if (j->p >= j->e)
		return j->bad = true, false;
	*n = (size_t)(j->p - *s);
	j->p++;
	return true;
}

static void jskip(struct jp *j)
{
	const char *s;
	size_t n;
	int depth = 0;

	jws(j);
	if (j->p >= j->e) {
		j->bad = true;
		return;
	}
	if (*j->p == '"') {
		jstr(j, &s, &n);
		return;
	}
	if (*j->p != '{' && *j->p != '[') {
		while (j->p < j->e && *j->p != ',' && *j->p != '}' && *j->p != ']' && !isspace((unsigned char)*j->p))
			j->p++;
		return;
	}
	while (j->p < j->e) {
		char c = *j->p;

		if (c == '"') {
			jstr(j, &s, &n);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
		j->p++;
		if (depth == 0)
			return;
	}
	j->bad = true;
}

static bool jint(struct jp *j, long long *v)
{
	char buf[32];
	size_t n = 0;

	jws(j);
	while (j->p < j->e && n < sizeof(buf) - 1 && (isdigit((unsigned char)*j->p) || *j->p == '-'))
		buf[n++] = *j->p++;
	buf[n] = '\0';
	if (n == 0) {
		jskip(j);
		return false;
	}
	*v = strtoll(buf, NULL, 10);
	return true;
}

/* iterates the members of an object: calls f(key) with j at the value; f must consume it */
typedef void (*member_fn)(struct jp *j, const char *k, size_t kn, void *ctx);

static void jobject(struct jp *j, member_fn f, void *ctx)
{
	const char *k;
	size_t kn;

	if (!jlit(j, '{')) {
		jskip(j);
		return;
	}
	if (jlit(j, '}'))
		return;
	while (!j->bad) {
		if (!jstr(j, &k, &kn) || !jlit(j, ':')) {
			j->bad = true;
			return;
		}
		f(j, k, kn, ctx);
		if (jlit(j, ','))
			continue;
		if (!jlit(j, '}'))
			j->bad = true;
		return;
	}
}

#define KEYIS(k, kn, lit) ((kn) == sizeof(lit) - 1 && memcmp((k), (lit), sizeof(lit) - 1) == 0)

struct item {
	long long id, opts[64];
	int nopts;
	char type[8];
};

static void answer_member(struct jp *j, const char *k, size_t kn, void *ctx)
{
	struct item *it = ctx;
	long long v;

	if (KEYIS(k, kn, "id") && jint(j, &v)) {
		if (it->nopts < 64)
			it->opts[it->nopts++] = v;
	} else if (!KEYIS(k, kn, "id")) {
		jskip(j);
	}
}

static void question_member(struct jp *j, const char *k, size_t kn, void *ctx)
{
	struct item *it = ctx;
	const char *s;
	size_t n;

	if (KEYIS(k, kn, "type")) {
		if (jstr(j, &s, &n)) {
			if (n >= sizeof(it->type))
				n = sizeof(it->type) - 1;
			memcpy(it->type, s, n);
			it->type[n] = '\0';
		} else {
			jskip(j);
		}
	} else if (KEYIS(k, kn, "answers")) {
		if (!jlit(j, '[')) {
			jskip(j);
			return;
		}
		if (jlit(j, ']'))
			return;
		do
			jobject(j, answer_member, it);
		while (!j->bad && jlit(j, ','));
		if (!jlit(j, ']'))
			j->bad = true;
	} else {
		jskip(j);
	}
}

static void item_member(struct jp *j, const char *k, size_t kn, void *ctx)
{
	struct item *it = ctx;

	if (KEYIS(k, kn, "id")) {
		if (!jint(j, &it->id))
			it->id = 0;
	} else if (KEYIS(k, kn, "question")) {
		jobject(j, question_member, it);
	} else {
		jskip(j);
	}
}

struct top {
	size_t line;
	int nitems;
};

static void top_member(struct jp *j, const char *k, size_t kn, void *ctx)
{
	struct top *t = ctx;
	long long v;

	if (KEYIS(k, kn, "id")) {
		if (jint(j, &v))
			fprintf(capf, "%zu\tid\t%lld\n", t->line, v);
	} else if (KEYIS(k, kn, "results")) {
		if (!jlit(j, '[')) {
			jskip(j);
			return;
		}
		if (jlit(j, ']'))
			return;
		do {
			struct item it = {.id = 0, .nopts = 0, .type = "-"};

			jobject(j, item_member, &it);
			if (j->bad)
				return;
			fprintf(capf, "%zu\titem\t%d\t%lld\t%s\t", t->line, t->nitems++, it.id, it.type);
			for (int i = 0; i < it.nopts; i++)
				fprintf(capf, i ? ",%lld" : "%lld", it.opts[i]);
			if (it.nopts == 0)
				fputc('-', capf);
			fputc('\n', capf);
		} while (jlit(j, ','));
		if (!jlit(j, ']'))
			j->bad = true;
	} else {
		jskip(j);
	}
}

static void capture(size_t line, const char *body, size_t n)
{
	struct jp j = {body, body + n, false};
	struct top t = {line, 0};

	jobject(&j, top_member, &t);
	if (j.bad)
		fprintf(stderr, "loadgen: line %zu: could not scan the JSON response for --capture\n", line);
}

/* ---- connections ------------------------------------------------------------ */

enum cstate { C_DEAD, C_CONNECTING, C_IDLE, C_BARRIER, C_WRITING, C_READING };
enum phase { P_HDR, P_CL, P_CHUNK_SIZE, P_CHUNK_DATA, P_CHUNK_CRLF, P_TRAILER, P_EOF };

struct conn {
	int fd;
	enum cstate st;
	uint64_t retry_at;
	/* the request in flight */
	long req;
	uint64_t t0;
	bool retried;
	uint64_t served;
	char *wbuf;
	size_t wlen, woff, wcap;
	/* the response */
	char *rbuf;
	size_t rlen, rcap, scan, hdr_end, pos;
	enum phase ph;
	int status;
	long long clen;
	uint64_t chunk_left;
	bool close_after, got_bytes;
	char *body;
	size_t blen, bcap;
};

static int ep;
static struct conn *conns;
static size_t next_line;
static uint64_t inflight, sent_once, connect_failures, ok_connects;
static bool stopping;
static uint64_t loop_deadline;
static unsigned loops;

static void epoll_set(struct conn *c, uint32_t ev, int op)
{
	struct epoll_event e = {.events = ev, .data.ptr = c};

	if (epoll_ctl(ep, op, c->fd, &e) != 0)
		die("epoll_ctl: %s", strerror(errno));
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0) {
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	c->fd = -1;
	c->st = C_DEAD;
	c->retry_at = 0;
}

static void dispatch(struct conn *c);

static void conn_connected(struct conn *c)
{
	ok_connects++;
	c->served = 0;
	c->st = C_IDLE;
	epoll_set(c, EPOLLIN, EPOLL_CTL_MOD);
	dispatch(c);
}

static void conn_fail_connect(struct conn *c, int err)
{
	long idx = c->req;

	if (++connect_failures <= 5)
		fprintf(stderr, "loadgen: connect to %s failed: %s\n", host_hdr, strerror(err));
	if (ok_connects == 0 && connect_failures > 20)
		die("cannot connect to %s", host_hdr);
	conn_close(c);
	c->retry_at = now_us() + 100000;
	if (idx >= 0) { /* a resend that could not reconnect: the request failed */
		c->req = -1;
		inflight--;
		record((size_t)idx, 0, c->t0, now_us(), "reconnect failed", 16);
	}
}

static void conn_connect(struct conn *c)
{
	int one = 1, rc;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	connects++;
	rc = connect(c->fd, (struct sockaddr *)&addr, sizeof(addr));
	if (rc == 0) {
		epoll_set(c, EPOLLIN, EPOLL_CTL_ADD);
		conn_connected(c);
	} else if (errno == EINPROGRESS) {
		c->st = C_CONNECTING;
		epoll_set(c, EPOLLOUT, EPOLL_CTL_ADD);
	} else {
		int e = errno;

		close(c->fd);
		c->fd = -1;
		conn_fail_connect(c, e);
	}
}

static void wput(struct conn *c, const char *s, size_t n)
{
	if (c->wlen + n > c->wcap) {
		while (c->wlen + n > c->wcap)
			c->wcap *= 2;
		c->wbuf = xrealloc(c->wbuf, c->wcap);
	}
	memcpy(c->wbuf + c->wlen, s, n);
	c->wlen += n;
}

#define WLIT(c, s) wput((c), (s), sizeof(s) - 1)

static void on_writable(struct conn *c);

static void start_request(struct conn *c, long idx, bool keep_t0)
{
	const struct rq *r = &rqs[idx];
	char num[32];
	bool has_len = !((r->mlen == 3 && memcmp(r->method, "GET", 3) == 0) ||
	                 (r->mlen == 4 && memcmp(r->method, "HEAD", 4) == 0) ||
	                 (r->mlen == 6 && memcmp(r->method, "DELETE", 6) == 0)) ||
	               r->blen > 0;

	c->wlen = c->woff = 0;
	wput(c, r->method, r->mlen);
	WLIT(c, " ");
	wput(c, r->path, r->plen);
	WLIT(c, " HTTP/1.1\r\nHost: ");
	wput(c, host_hdr, strlen(host_hdr));
	WLIT(c, "\r\n");
	if (r->token != NULL) {
		WLIT(c, "Authorization: ");
		wput(c, opt.scheme, strlen(opt.scheme));
		WLIT(c, " ");
		wput(c, r->token, r->tlen);
		WLIT(c, "\r\n");
	}
	if (r->blen > 0)
		WLIT(c, "Content-Type: application/json\r\n");
	if (has_len) {
		int n = snprintf(num, sizeof(num), "Content-Length: %u\r\n", r->blen);

		wput(c, num, (size_t)n);
	}
	WLIT(c, "\r\n");
	wput(c, r->body, r->blen);
	/* reset the response parser */
	c->rlen = c->scan = c->hdr_end = c->pos = 0;
	c->ph = P_HDR;
	c->status = 0;
	c->clen = -1;
	c->close_after = c->got_bytes = false;
	c->blen = 0;
	c->req = idx;
	if (!keep_t0) {
		c->t0 = now_us();
		c->retried = false;
	}
	if (t_start == 0) {
		t_start = c->t0;
		wall_start = wall_now();
	}
	c->st = C_WRITING;
	on_writable(c);
}

/* hands the connection its next request, or parks it */
static void dispatch(struct conn *c)
{
	if (c->req >= 0 && c->fd >= 0 && c->st == C_IDLE) {
		/* a request to resend after a reconnect */
		start_request(c, c->req, true);
		return;
	}
	for (;;) {
		if (stopping || (opt.loop_seconds > 0 && now_us() >= loop_deadline)) {
			if (c->st != C_DEAD)
				c->st = C_IDLE;
			return;
		}
		if (next_line >= nrq) {
			if (opt.loop_seconds > 0 && now_us() < loop_deadline && nreal > 0) {
				next_line = 0;
				loops++;
				continue;
			}
			if (c->st != C_DEAD)
				c->st = C_IDLE;
			return;
		}
		if (rqs[next_line].barrier) {
			if (inflight > 0) {
				if (c->st != C_DEAD)
					c->st = C_BARRIER;
				return;
			}
			next_line++;
			continue;
		}
		if (rqs[next_line].method == NULL) { /* empty line */
			next_line++;
			continue;
		}
		if (c->fd < 0) {
			if (c->st == C_DEAD && c->retry_at > now_us())
				return;
			conn_connect(c); /* dispatches again once connected */
			return;
		}
		inflight++;
		sent_once++;
		start_request(c, (long)next_line++, false);
		return;
	}
}

static void wake_idle(void)
{
	for (int i = 0; i < opt.concurrency; i++) {
		struct conn *c = &conns[i];

		if ((c->st == C_IDLE || c->st == C_BARRIER || (c->st == C_DEAD && c->retry_at <= now_us())) && c->req < 0)
			dispatch(c);
	}
}

static void finish(struct conn *c, int status, const char *body, size_t blen)
{
	long idx = c->req;
	uint64_t t1 = now_us();

	c->req = -1;
	c->served++;
	inflight--;
	record((size_t)idx, status, c->t0, t1, body, blen);
	if (status == 0 || c->close_after)
		conn_close(c); /* dispatch reconnects */
	else
		c->st = C_IDLE;
	dispatch(c);
	if (inflight == 0)
		wake_idle();
}

/* the connection broke while a request was in flight */
static void broken(struct conn *c)
{
	if (c->ph == P_EOF && c->status > 0) { /* a body delimited by the close */
		c->close_after = true;
		finish(c, c->status, c->rbuf + c->hdr_end, c->rlen - c->hdr_end);
		return;
	}
	if (!c->got_bytes && c->served > 0 && !c->retried) {
		/* the server closed a kept-alive connection just as we reused it:
		 * resend once on a new connection, as browsers do */
		long idx = c->req;

		retries++;
		conn_close(c);
		c->retried = true;
		c->req = idx;
		conn_connect(c);
		return;
	}
	finish(c, 0, "connection closed before a complete response", 44);
}

static void on_writable(struct conn *c)
{
	while (c->woff < c->wlen) {
		ssize_t n = send(c->fd, c->wbuf + c->woff, c->wlen - c->woff, MSG_NOSIGNAL);

		if (n > 0) {
			c->woff += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			epoll_set(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
			return;
		}
		broken(c);
		return;
	}
	if (c->st == C_WRITING) {
		c->st = C_READING;
		epoll_set(c, EPOLLIN, EPOLL_CTL_MOD);
	}
}

static char *find_crlf(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p + 1 < end) {
		const char *q = memchr(p, '\r', (size_t)(end - p - 1));

		if (q == NULL)
			return NULL;
		if (q[1] == '\n')
			return (char *)q;
		p = q + 1;
	}
	return NULL;
}

static bool hdr_is(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

static bool value_has(const char *v, size_t n, const char *word)
{
	size_t k = strlen(word);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(v + i, word, k) == 0)
			return true;
	return false;
}

static void bput(struct conn *c, const char *s, size_t n)
{
	if (c->blen + n > c->bcap) {
		while (c->blen + n > c->bcap)
			c->bcap *= 2;
		c->body = xrealloc(c->body, c->bcap);
	}
	memcpy(c->body + c->blen, s, n);
	c->blen += n;
}

/* 1: complete, 0: need more, -1: protocol error */
static int parse(struct conn *c)
{
	if (c->ph == P_HDR) {
		size_t from = c->scan > 3 ? c->scan - 3 : 0;
		char *end = memmem(c->rbuf + from, c->rlen - from, "\r\n\r\n", 4), *line, *eol;

		c->scan = c->rlen;
		if (end == NULL)
			return c->rlen > (1 << 16) ? -1 : 0;
		c->hdr_end = (size_t)(end - c->rbuf) + 4;
		if (c->rlen < 12 || memcmp(c->rbuf, "HTTP/1.", 7) != 0)
			return -1;
		c->status = atoi(c->rbuf + 9);
		if (c->status < 100 || c->status > 599)
			return -1;
		if (c->rbuf[7] == '0')
			c->close_after = true;
		bool chunked = false;

		for (line = find_crlf(c->rbuf, c->hdr_end) + 2; line < end; line = eol + 2) {
			size_t n;

			eol = find_crlf(line, (size_t)(c->rbuf + c->hdr_end - line));
			n = (size_t)(eol - line);
			if (hdr_is(line, n, "content-length"))
				c->clen = strtoll(line + 15, NULL, 10);
			else if (hdr_is(line, n, "transfer-encoding") && value_has(line + 18, n - 18, "chunked"))
				chunked = true;
			else if (hdr_is(line, n, "connection")) {
				if (value_has(line + 11, n - 11, "close"))
					c->close_after = true;
				else if (value_has(line + 11, n - 11, "keep-alive"))
					c->close_after = false;
			}
		}
		if (c->status < 200) { /* 1xx: another header block follows */
			memmove(c->rbuf, c->rbuf + c->hdr_end, c->rlen - c->hdr_end);
			c->rlen -= c->hdr_end;
			c->scan = c->hdr_end = 0;
			c->clen = -1;
			return parse(c);
		}
		if (c->status == 204 || c->status == 304 ||
		    (rqs[c->req].mlen == 4 && memcmp(rqs[c->req].method, "HEAD", 4) == 0)) {
			c->clen = 0;
			chunked = false;
		}
		if (chunked) {
			/* drop the header block: the body is decoded into c->body */
			memmove(c->rbuf, c->rbuf + c->hdr_end, c->rlen - c->hdr_end);
			c->rlen -= c->hdr_end;
			c->hdr_end = c->pos = 0;
			c->ph = P_CHUNK_SIZE;
		} else if (c->clen >= 0) {
			c->ph = P_CL;
		} else {
			c->ph = P_EOF;
			c->close_after = true;
			return 0;
		}
	}
	if (c->ph == P_CL) {
		if (c->rlen - c->hdr_end < (size_t)c->clen)
			return 0;
		if (c->rlen - c->hdr_end > (size_t)c->clen)
			return -1; /* bytes after the response: we never pipeline */
		return 1;
	}
	if (c->ph == P_EOF)
		return 0;
	for (;;) {
		if (c->ph == P_CHUNK_SIZE || c->ph == P_TRAILER) {
			char *e = find_crlf(c->rbuf + c->pos, c->rlen - c->pos);

			if (e == NULL)
				break;
			if (c->ph == P_CHUNK_SIZE) {
				char *x;
				unsigned long long sz = strtoull(c->rbuf + c->pos, &x, 16);

				if (x == c->rbuf + c->pos)
					return -1;
				c->pos = (size_t)(e - c->rbuf) + 2;
				if (sz == 0) {
					c->ph = P_TRAILER;
				} else {
					c->chunk_left = sz;
					c->ph = P_CHUNK_DATA;
				}
			} else {
				bool empty = e == c->rbuf + c->pos;

				c->pos = (size_t)(e - c->rbuf) + 2;
				if (empty) {
					if (c->pos != c->rlen)
						return -1;
					return 1;
				}
			}
		} else if (c->ph == P_CHUNK_DATA) {
			size_t avail = c->rlen - c->pos, take = avail < c->chunk_left ? avail : (size_t)c->chunk_left;

			bput(c, c->rbuf + c->pos, take);
			c->pos += take;
			c->chunk_left -= take;
			if (c->chunk_left > 0)
				break;
			c->ph = P_CHUNK_CRLF;
		} else { /* P_CHUNK_CRLF */
			if (c->rlen - c->pos < 2)
				break;
			if (c->rbuf[c->pos] != '\r' || c->rbuf[c->pos + 1] != '\n')
				return -1;
			c->pos += 2;
			c->ph = P_CHUNK_SIZE;
		}
	}
	/* keep only what is not parsed yet */
	if (c->pos > 0) {
		memmove(c->rbuf, c->rbuf + c->pos, c->rlen - c->pos);
		c->rlen -= c->pos;
		c->pos = 0;
	}
	return 0;
}

static void on_readable(struct conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->rcap - c->rlen < 16384) {
			c->rcap = c->rcap * 2 > c->rlen + 16384 ? c->rcap * 2 : c->rlen + 16384;
			c->rbuf = xrealloc(c->rbuf, c->rcap);
		}
		n = read(c->fd, c->rbuf + c->rlen, c->rcap - c->rlen);
		if (n > 0) {
			int r;

			if (c->req < 0) {
				/* bytes nobody asked for on an idle connection: drop it */
				conn_close(c);
				return;
			}
			c->rlen += (size_t)n;
			c->got_bytes = true;
			r = parse(c);
			if (r == 1) {
				if (c->ph == P_CL)
					finish(c, c->status, c->rbuf + c->hdr_end, (size_t)c->clen);
				else
					finish(c, c->status, c->body, c->blen);
				return;
			}
			if (r < 0)
				goto proto;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		/* EOF or error */
		if (c->req < 0) {
			conn_close(c);
			return;
		}
		broken(c);
		return;
	}
proto:
	c->close_after = true;
	fprintf(stderr, "loadgen: line %ld: malformed HTTP response\n", c->req + 1);
	finish(c, 0, "malformed HTTP response", 23);
}

static void on_event(struct conn *c, uint32_t ev)
{
	if (c->st == C_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err != 0) {
			conn_fail_connect(c, err);
			return;
		}
		conn_connected(c);
		return;
	}
	if ((ev & EPOLLOUT) && c->st == C_WRITING)
		on_writable(c);
	if (c->fd >= 0 && (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		on_readable(c);
}

/* ---- results ------------------------------------------------------------------ */

static bool is_ok(int s) { return s >= 200 && s < 300; }

static void record(size_t idx, int status, uint64_t t0, uint64_t t1, const char *body, size_t blen)
{
	uint64_t lat = t1 - t0;
	size_t sec = (size_t)((t1 - t_start) / 1000000u);

	if (t1 > t_last)
		t_last = t1;
	completed++;
	hist_add(&overall, lat);
	if (sec >= npersec) {
		size_t n = sec + 64;

		persec = xrealloc(persec, n * sizeof(*persec));
		persec_err = xrealloc(persec_err, n * sizeof(*persec_err));
		for (size_t i = npersec; i < n; i++) {
			persec[i] = NULL;
			persec_err[i] = 0;
		}
		npersec = n;
	}
	if (persec[sec] == NULL) {
		persec[sec] = calloc(1, sizeof(struct hist));
		if (persec[sec] == NULL)
			die("out of memory");
	}
	hist_add(persec[sec], lat);
	status_count[status >= 0 && status < 600 ? status : 0]++;
	if (line_status != NULL)
		line_status[idx] = (int16_t)status;
	body_bytes += blen;
	if (is_ok(status)) {
		ok2xx++;
		if (capf != NULL && blen > 0)
			capture(idx + 1, body, blen);
	} else {
		persec_err[sec]++;
		if (shown_errors < (uint64_t)opt.show_errors) {
			const struct rq *r = &rqs[idx];

			shown_errors++;
			fprintf(stderr, "loadgen: [%s] line %zu: %.*s %.*s -> %d: %.*s\n", opt.label, idx + 1, (int)r->mlen,
			        r->method, (int)r->plen, r->path, status, (int)(blen > 400 ? 400 : blen), body);
		}
	}
}

static void write_outputs(bool timed_out, uint64_t unsent)
{
	double elapsed = t_last > t_start ? (double)(t_last - t_start) / 1e6 : 0;
	uint64_t errors = completed - ok2xx + aborted;
	struct rusage ru;
	FILE *f;
	char path[4096];

	getrusage(RUSAGE_SELF, &ru);
	if (opt.out != NULL) {
		snprintf(path, sizeof(path), "%s.json", opt.out);
		if ((f = fopen(path, "w")) == NULL)
			die("cannot write %s", path);
		fprintf(f, "{\n\"label\": \"%s\",\n", opt.label);
		fprintf(f, "\"requests\": %" PRIu64 ",\n", opt.loop_seconds > 0 ? completed + aborted : (uint64_t)nreal);
		fprintf(f, "\"completed\": %" PRIu64 ",\n\"ok\": %" PRIu64 ",\n\"errors\": %" PRIu64 ",\n", completed, ok2xx,
		        errors);
		fprintf(f, "\"unsent\": %" PRIu64 ",\n\"aborted\": %" PRIu64 ",\n", unsent, aborted);
		fprintf(f, "\"status\": {");
		for (int s = 0, first = 1; s < 600; s++)
			if (status_count[s]) {
				fprintf(f, "%s\"%d\": %" PRIu64, first ? "" : ", ", s, status_count[s]);
				first = 0;
			}
		fprintf(f, "},\n");
		fprintf(f, "\"elapsed_s\": %.3f,\n", elapsed);
		fprintf(f, "\"rps\": %.1f,\n", elapsed > 0 ? (double)completed / elapsed : 0);
		fprintf(f, "\"ok_rps\": %.1f,\n", elapsed > 0 ? (double)ok2xx / elapsed : 0);
		fprintf(f, "\"p50_us\": %" PRIu64 ",\n\"p90_us\": %" PRIu64 ",\n\"p95_us\": %" PRIu64 ",\n",
		        hist_pct(&overall, 0.50), hist_pct(&overall, 0.90), hist_pct(&overall, 0.95));
		fprintf(f, "\"p99_us\": %" PRIu64 ",\n\"p999_us\": %" PRIu64 ",\n\"max_us\": %" PRIu64 ",\n",
		        hist_pct(&overall, 0.99), hist_pct(&overall, 0.999), overall.max);
		fprintf(f, "\"mean_us\": %.0f,\n", overall.total ? (double)overall.sum / (double)overall.total : 0);
		fprintf(f, "\"body_bytes_mean\": %.0f,\n", completed ? (double)body_bytes / (double)completed : 0);
		fprintf(f, "\"concurrency\": %d,\n\"connects\": %" PRIu64 ",\n\"resends\": %" PRIu64 ",\n", opt.concurrency,
		        connects, retries);
		fprintf(f, "\"loops\": %u,\n\"timed_out\": %d,\n", loops, timed_out ? 1 : 0);
		fprintf(f, "\"cpu_user_s\": %.3f,\n\"cpu_sys_s\": %.3f,\n",
		        (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
		        (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
		fprintf(f, "\"start_unix\": %.3f,\n\"end_unix\": %.3f\n}\n", wall_start, wall_start + elapsed);
		fclose(f);

		snprintf(path, sizeof(path), "%s.ts", opt.out);
		if ((f = fopen(path, "w")) == NULL)
			die("cannot write %s", path);
		fprintf(f, "# label=%s: sec rps p99_ms p50_ms errors unix_time\n", opt.label);
		for (size_t s = 0; s < npersec && s <= (size_t)elapsed; s++) {
			double width = (double)(s + 1) <= elapsed ? 1.0 : elapsed - (double)s;
			const struct hist *h = persec[s];
			uint64_t n = h ? h->total : 0;

			if (width < 0.5 && s > 0)
				break; /* a sliver at the end would show a false spike */
			fprintf(f, "%zu %.1f %.3f %.3f %u %.3f\n", s, (double)n / width, h ? (double)hist_pct(h, 0.99) / 1000 : 0,
			        h ? (double)hist_pct(h, 0.50) / 1000 : 0, persec_err[s], wall_start + (double)s + width / 2);
		}
		fclose(f);
	}
	if (opt.status != NULL && line_status != NULL) {
		if ((f = fopen(opt.status, "w")) == NULL)
			die("cannot write %s", opt.status);
		for (size_t i = 0; i < nrq; i++)
			if (!rqs[i].barrier && rqs[i].method != NULL)
				fprintf(f, "%zu\t%d\n", i + 1, line_status[i]);
		fclose(f);
	}
	fprintf(stderr,
	        "loadgen: [%s] %" PRIu64 " requests in %.2f s: %.0f req/s, %" PRIu64 " errors%s; p50 %.2f ms, p99 %.2f ms, "
	        "max %.2f ms\n",
	        opt.label, completed, elapsed, elapsed > 0 ? (double)completed / elapsed : 0, errors,
	        timed_out ? " (DURATION LIMIT REACHED)" : "", (double)hist_pct(&overall, 0.5) / 1000,
	        (double)hist_pct(&overall, 0.99) / 1000, (double)overall.max / 1000);
}

static void usage(FILE *f)
{
	fputs("usage: loadgen --url http://HOST:PORT --script FILE [--tokens FILE] [--concurrency C]\n"
	      "               [--duration-limit S] [--loop-seconds S] [--out PREFIX] [--capture FILE]\n"
	      "               [--status FILE] [--label NAME] [--show-errors N] [--auth-scheme JWT]\n",
	      f);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"url", 1, 0, 'u'},         {"script", 1, 0, 's'},      {"tokens", 1, 0, 't'},
		{"concurrency", 1, 0, 'c'}, {"duration-limit", 1, 0, 'd'}, {"loop-seconds", 1, 0, 'l'},
		{"out", 1, 0, 'o'},         {"capture", 1, 0, 'C'},     {"status", 1, 0, 'S'},
		{"label", 1, 0, 'L'},       {"show-errors", 1, 0, 'e'}, {"auth-scheme", 1, 0, 'a'},
		{"help", 0, 0, 'h'},        {0, 0, 0, 0}};
	struct epoll_event evs[512];
	uint64_t hard_deadline, grace_deadline = 0;
	bool timed_out = false;
	int ch;

	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'u': opt.url = optarg; break;
		case 's': opt.script = optarg; break;
		case 't': opt.tokens = optarg; break;
		case 'c': opt.concurrency = atoi(optarg); break;
		case 'd': opt.duration_limit = atof(optarg); break;
		case 'l': opt.loop_seconds = atof(optarg); break;
		case 'o': opt.out = optarg; break;
		case 'C': opt.capture = optarg; break;
		case 'S': opt.status = optarg; break;
		case 'L': opt.label = optarg; break;
		case 'e': opt.show_errors = atoi(optarg); break;
		case 'a': opt.scheme = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (opt.url == NULL || opt.script == NULL || optind != argc || opt.concurrency < 1 ||
	    opt.concurrency > 60000 || opt.duration_limit <= 0) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	{
		struct rlimit rl;

		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)opt.concurrency + 64) {
			rl.rlim_cur = rl.rlim_max < (rlim_t)opt.concurrency + 64 ? rl.rlim_max : (rlim_t)opt.concurrency + 64;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	parse_url(opt.url);
	if (opt.tokens)
		load_tokens(opt.tokens);
	load_script(opt.script);
	if (opt.loop_seconds <= 0) {
		line_status = xmalloc(nrq * sizeof(*line_status));
		for (size_t i = 0; i < nrq; i++)
			line_status[i] = -1;
	}
	if (opt.capture != NULL) {
		if ((capf = fopen(opt.capture, "w")) == NULL)
			die("cannot write %s", opt.capture);
		setvbuf(capf, NULL, _IOFBF, 1 << 20);
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1: %s", strerror(errno));
	conns = calloc((size_t)opt.concurrency, sizeof(*conns));
	if (conns == NULL)
		die("out of memory");
	hard_deadline = now_us() + (uint64_t)(opt.duration_limit * 1e6);
	loop_deadline = now_us() + (uint64_t)(opt.loop_seconds * 1e6);
	for (int i = 0; i < opt.concurrency; i++) {
		struct conn *c = &conns[i];

		c->fd = -1;
		c->req = -1;
		c->wcap = 4096;
		c->wbuf = xmalloc(c->wcap);
		c->rcap = 32768;
		c->rbuf = xmalloc(c->rcap);
		c->bcap = 32768;
		c->body = xmalloc(c->bcap);
		c->st = C_DEAD;
	}
	for (int i = 0; i < opt.concurrency && next_line < nrq; i++)
		dispatch(&conns[i]);
	for (;;) {
		int n = epoll_wait(ep, evs, 512, 20);
		uint64_t now;

		if (n < 0 && errno != EINTR)
			die("epoll_wait: %s", strerror(errno));
		for (int i = 0; i < n; i++)
			on_event(evs[i].data.ptr, evs[i].events);
		now = now_us();
		if (!stopping && now >= hard_deadline) {
			stopping = true;
			timed_out = true;
			grace_deadline = now + 5000000;
			fprintf(stderr, "loadgen: [%s] duration limit of %.0f s reached: no new requests\n", opt.label,
			        opt.duration_limit);
		}
		if (stopping && inflight > 0 && now >= grace_deadline) {
			for (int i = 0; i < opt.concurrency; i++)
				if (conns[i].req >= 0) {
					if (line_status)
						line_status[conns[i].req] = 0;
					conns[i].req = -1;
					aborted++;
				}
			inflight = 0;
		}
		if (inflight == 0 && (stopping || (opt.loop_seconds > 0 ? now >= loop_deadline : next_line >= nrq)))
			break;
		/* connections waiting to reconnect */
		for (int i = 0; i < opt.concurrency; i++)
			if (conns[i].st == C_DEAD && conns[i].fd < 0 && conns[i].retry_at != 0 && conns[i].retry_at <= now) {
				conns[i].retry_at = 0;
				if (conns[i].req < 0)
					dispatch(&conns[i]);
			}
		if (inflight == 0)
			wake_idle();
	}
	if (capf)
		fclose(capf);
	{
		uint64_t unsent = 0;

		if (opt.loop_seconds <= 0)
			for (size_t i = 0; i < nrq; i++)
				if (!rqs[i].barrier && rqs[i].method != NULL && line_status[i] == -1)
					unsent++;
		write_outputs(timed_out, unsent);
		if (timed_out)
			return 3;
		return completed - ok2xx + aborted + unsent > 0 ? 1 : 0;
	}
}
