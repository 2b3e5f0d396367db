/* invigil chaos client — shared declarations (tests/chaos/README in
 * docs/reliability.md, "Chaos"). */
#ifndef INVIGIL_CHAOS_H
#define INVIGIL_CHAOS_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>

struct json_object;

#define CH_MAXQ 16  /* questions per exam the client keeps */
#define CH_MAXOPT 8 /* options per question */

/* What the run was told on its command line. */
struct ch_conf {
	const char *url;        /* nginx, e.g. http://127.0.0.1:1234 */
	const char *tp_slug;    /* the Testpress exam */
	int64_t course_id;      /* the Canvas course and quiz */
	int64_t cv_quiz;
	const char *as_id;      /* the assessment's public id */
	double seconds;         /* load stops starting new work after this */
	long max_saves;         /* ... or after this many saves were sent */
	double hard_s;          /* retries give up after this (seconds from start) */
};

/* One question as a face showed it: its id, and its option ids (none: text). */
struct ch_question {
	int64_t id;   /* what the log keys the value by: the question id (Canvas,
	               * assessments), the answer record id (Testpress) */
	int64_t item; /* Testpress: the answer record id of the path */
	int nopt;
	int64_t opt[CH_MAXOPT];
};

/* One learner: one thread, strictly sequential requests. */
struct ch_learner {
	int idx;
	char user[64];
	char auth[1024]; /* whole Authorization header line */
	int face;        /* 0 Testpress, 1 Canvas, 2 assessments */
	CURL *curl;
	unsigned rng;
	long nreq;
	const struct ch_conf *conf;
	/* the current attempt */
	char akey[96]; /* "tp:<id>", "cv:<sub>.<attempt>", "as:<public id>" */
	int64_t att_id, sub_id, attempt_no;
	char vtoken[80];
	int nq;
	struct ch_question q[CH_MAXQ];
	char cur[CH_MAXQ][64]; /* the value last sent for each question */
};

/* The outcome of one request: status 0 means no HTTP answer (transport). */
struct ch_resp {
	long status;
	int curl_err;
	struct json_object *json; /* parsed body, or NULL; owned, see ch_resp_free */
	char retry_after[16];
};

/* Runs one request and writes its log line; returns the status (0: no answer).
 * op/qid/value describe it for the checker; qid 0 and value NULL when none. */
long ch_request(struct ch_learner *L, const char *op, int64_t qid, const char *value, const char *method,
                const char *path, const char *body, struct ch_resp *r);
/* Like ch_request, retried (fresh log line each time) while the answer is a
 * transport error or a 5xx, until the run's hard deadline. */
long ch_request_retry(struct ch_learner *L, const char *op, int64_t qid, const char *value, const char *method,
                      const char *path, const char *body, struct ch_resp *r);
void ch_resp_free(struct ch_resp *r);
/* True while the run may start new work (time and save budget). */
bool ch_running(void);
/* Counts one save sent toward the budget. */
void ch_count_save(void);
/* Seconds since the run started. */
double ch_elapsed(void);
/* A random number below n from the learner's own generator. */
unsigned ch_rand(struct ch_learner *L, unsigned n);
/* Sleeps ms milliseconds. */
void ch_sleep_ms(long ms);
/* Picks question k's next value: another option id, or a fresh text unique to
 * this learner and request; writes the value ("o:<id>" or "t:<text>") to out. */
void ch_next_value(struct ch_learner *L, int k, char *out, size_t n);
/* Reads int member key of o (0 when absent or not an int). */
int64_t ch_int(struct json_object *o, const char *key);

/* The faces' learner loops (faces.c): each runs attempts until ch_running() is false. */
void ch_run_testpress(struct ch_learner *L);
void ch_run_canvas(struct ch_learner *L);
void ch_run_assess(struct ch_learner *L);

#endif
