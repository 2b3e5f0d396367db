/* bench/dbload.c — the storage ceiling: the save's durable single-row upsert
 * driven straight at MariaDB, with no web server and no FastCGI in between.
 *
 *   dbload [--threads T] [--seconds S] [--count N] [--keys K] [--out FILE] [--label NAME]
 *
 * T threads (default 256), each with its own connection and its own prepared
 * INSERT INTO bench_upsert (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE
 * v = VALUES(v), autocommitted (innodb_flush_log_at_trx_commit decides the
 * durability, as for the workers).  Keys are drawn at random from 1..K
 * (default 1,000,000: about one row per answer of the full scenario).  It runs
 * for S seconds (default 10) or until N upserts in all, whichever comes first,
 * and writes a flat JSON summary: tx, tx/s, latency percentiles (µs), errors.
 * Connection settings: BENCH_DB_SOCKET, BENCH_DB_USER (root), BENCH_DB_PASS,
 * BENCH_DB_NAME (invigil_bench). */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <mysql.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hist.h"

static const char UPSERT[] = "INSERT INTO bench_upsert (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)";

static int nthreads = 256;
static double seconds = 10;
static long long max_count = 0;
static unsigned long long nkeys = 1000000;
static const char *out_path, *label = "dbload";
static atomic_bool stop;
static atomic_llong issued;
static pthread_barrier_t ready;

struct worker {
	pthread_t tid;
	int index;
	struct hist h;
	uint64_t errors;
	int setup_failed;
};

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static MYSQL *connect_db(MYSQL_STMT **st)
{
	const char *sock = getenv("BENCH_DB_SOCKET"), *user = getenv("BENCH_DB_USER"),
	           *pass = getenv("BENCH_DB_PASS"), *name = getenv("BENCH_DB_NAME");
	unsigned int timeout = 30;
	MYSQL *m = mysql_init(NULL);

	if (m == NULL)
		return NULL;
	mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(m, NULL, user ? user : "root", pass ? pass : "", name ? name : "invigil_bench", 0, sock,
	                       0) == NULL) {
		fprintf(stderr, "dbload: connect: %s\n", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	*st = mysql_stmt_init(m);
	if (*st == NULL || mysql_stmt_prepare(*st, UPSERT, sizeof(UPSERT) - 1) != 0) {
		fprintf(stderr, "dbload: prepare: %s\n", *st ? mysql_stmt_error(*st) : mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	MYSQL_STMT *st = NULL;
	MYSQL *m;
	uint64_t x = 0x9E3779B97F4A7C15ull * (uint64_t)(w->index + 1);
	char v[64];
	unsigned long vlen;
	unsigned long long k;
	MYSQL_BIND b[2];

	mysql_thread_init();
	m = connect_db(&st);
	if (m == NULL)
		w->setup_failed = 1;
	pthread_barrier_wait(&ready);
	if (m == NULL) {
		mysql_thread_end();
		return NULL;
	}
	memset(b, 0, sizeof(b));
	b[0].buffer_type = MYSQL_TYPE_LONGLONG;
	b[0].buffer = &k;
	b[0].is_unsigned = 1;
	b[1].buffer_type = MYSQL_TYPE_STRING;
	b[1].buffer = v;
	b[1].length = &vlen;
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		uint64_t t0;

		if (max_count > 0 && atomic_fetch_add(&issued, 1) >= max_count)
			break;
		/* xorshift64 */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k = x % nkeys + 1;
		vlen = (unsigned long)snprintf(v, sizeof(v), "{\"selected_answers\":[%llu]}", (unsigned long long)(x >> 40));
		b[1].buffer_length = vlen;
		t0 = now_us();
		if (mysql_stmt_bind_param(st, b) != 0 || mysql_stmt_execute(st) != 0) {
			unsigned int e = mysql_stmt_errno(st);

			if (w->errors++ < 3)
				fprintf(stderr, "dbload: upsert: %u %s\n", e, mysql_stmt_error(st));
			if (e == 2006 || e == 2013) {
				mysql_stmt_close(st);
				mysql_close(m);
				if ((m = connect_db(&st)) == NULL)
					break;
			}
			continue;
		}
		hist_add(&w->h, now_us() - t0);
	}
	if (m != NULL) {
		mysql_stmt_close(st);
		mysql_close(m);
	}
	mysql_thread_end();
	return NULL;
}

int main(int argc, char **argv)
{
	struct worker *ws;
	struct hist all;
	uint64_t t0, t1, errors = 0;
	int failed = 0;
	double el;
	struct rusage ru;
	FILE *f;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			nthreads = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			max_count = atoll(argv[++i]);
		else if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc)
			nkeys = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out_path = argv[++i];
		else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
			label = argv[++i];
		else {
			fprintf(stderr, "usage: dbload [--threads T] [--seconds S] [--count N] [--keys K] [--out FILE] "
			                "[--label NAME]\n");
			return 2;
		}
	}
	if (nthreads < 1 || nthreads > 4096 || seconds <= 0 || nkeys < 1)
		return 2;
	if (mysql_library_init(0, NULL, NULL) != 0)
		return 1;
	ws = calloc((size_t)nthreads, sizeof(*ws));
	if (ws == NULL)
		return 1;
	pthread_barrier_init(&ready, NULL, (unsigned)nthreads + 1);
	for (int i = 0; i < nthreads; i++) {
		pthread_attr_t a;

		ws[i].index = i;
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 256 * 1024);
		if (pthread_create(&ws[i].tid, &a, run, &ws[i]) != 0) {
			fprintf(stderr, "dbload: pthread_create failed\n");
			return 1;
		}
		pthread_attr_destroy(&a);
	}
	pthread_barrier_wait(&ready); /* every thread has connected and prepared */
	t0 = now_us();
	while (!atomic_load(&stop)) {
		usleep(20000);
		if ((double)(now_us() - t0) >= seconds * 1e6 || (max_count > 0 && atomic_load(&issued) >= max_count))
			atomic_store(&stop, true);
	}
	for (int i = 0; i < nthreads; i++)
		pthread_join(ws[i].tid, NULL);
	t1 = now_us();
	memset(&all, 0, sizeof(all));
	for (int i = 0; i < nthreads; i++) {
		hist_merge(&all, &ws[i].h);
		errors += ws[i].errors;
		failed += ws[i].setup_failed;
	}
	el = (double)(t1 - t0) / 1e6;
	getrusage(RUSAGE_SELF, &ru);
	f = out_path ? fopen(out_path, "w") : stdout;
	if (f == NULL) {
		perror(out_path);
		return 1;
	}
	fprintf(f, "{\n\"label\": \"%s\",\n\"threads\": %d,\n\"connect_failures\": %d,\n", label, nthreads, failed);
	fprintf(f, "\"tx\": %" PRIu64 ",\n\"errors\": %" PRIu64 ",\n\"elapsed_s\": %.3f,\n\"tps\": %.1f,\n", all.total,
	        errors, el, el > 0 ? (double)all.total / el : 0);
	fprintf(f, "\"p50_us\": %" PRIu64 ",\n\"p95_us\": %" PRIu64 ",\n\"p99_us\": %" PRIu64 ",\n\"max_us\": %" PRIu64
	           ",\n",
	        hist_pct(&all, 0.5), hist_pct(&all, 0.95), hist_pct(&all, 0.99), all.max);
	fprintf(f, "\"cpu_user_s\": %.3f,\n\"cpu_sys_s\": %.3f\n}\n",
	        (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
	        (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
	if (f != stdout)
		fclose(f);
	fprintf(stderr, "dbload: [%s] %d threads: %" PRIu64 " upserts in %.2f s = %.0f tx/s, p50 %.2f ms, p99 %.2f ms, %" PRIu64
	                " errors\n",
	        label, nthreads, all.total, el, el > 0 ? (double)all.total / el : 0, (double)hist_pct(&all, 0.5) / 1000,
	        (double)hist_pct(&all, 0.99) / 1000, errors);
	mysql_library_end();
	return failed > 0 || errors > 0 ? 1 : 0;
}
