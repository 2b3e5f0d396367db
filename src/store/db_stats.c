/* invigil — statistics: an attempt's own (by section, subject, difficulty),
 * and the exam's (per question, the score histogram behind ranks, totals).
 *
 * An end writes only rows of its own attempt: its attempt_stats and one
 * stats_pending row.  The exam-wide rows, which every end of an exam would
 * otherwise update and so queue on, are written by a fold (db_stats_fold) that
 * moves a batch of pending attempts into them at once; `invigil sweep` folds
 * every exam, and the reads that need the exam-wide rows fold first.  Ranks
 * never wait for a fold: they count the histogram and the pending rows in one
 * consistent read. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/store.h"

/* --- statistics ------------------------------------------------------------ */

struct dim_acc {
	const char *dimension;
	int64_t id;
	int64_t total, correct, incorrect, unanswered, partial, marks_e4, max_e4, time_ms;
};

static struct dim_acc *acc_find(struct dim_acc *acc, size_t *n, size_t max, const char *dim, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (acc[i].id == id && strcmp(acc[i].dimension, dim) == 0)
			return &acc[i];
	if (*n == max)
		return NULL;
	memset(&acc[*n], 0, sizeof(acc[*n]));
	acc[*n].dimension = dim;
	acc[*n].id = id;
	return &acc[(*n)++];
}

static void acc_add(struct dim_acc *d, const struct ex_question *q, const struct answer *a)
{
	if (d == NULL)
		return;
	d->total++;
	d->correct += a->result == AR_CORRECT || a->result == AR_PARTIAL;
	d->partial += a->result == AR_PARTIAL;
	d->incorrect += a->result == AR_INCORRECT;
	d->unanswered += a->result == AR_UNANSWERED || a->result == AR_PENDING;
	d->marks_e4 += a->has_marks ? a->marks_e4 : 0;
	d->max_e4 += q->marks_e4;
	d->time_ms += a->time_spent_ms;
}

static int64_t dimension_index(const char *d)
{
	/* the ENUM's order: section, subject, difficulty */
	return strcmp(d, "section") == 0 ? 1 : strcmp(d, "subject") == 0 ? 2 : 3;
}

/* The attempt's statistics rows from its n settled answers, calloc'd into
 * *acc (the caller frees): how many, or -1 when out of memory.  Each answer
 * adds to at most three rows (subject, section, difficulty): there is room
 * for all of them, so no dimension is ever dropped. */
static ssize_t collect_dims(const struct exam_content *ec, const struct answer *answers, size_t n,
                            struct dim_acc **acc)
{
	size_t nacc = 0, max = 3 * n + 1;

	if ((*acc = calloc(max, sizeof(**acc))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *eq = exam_question(ec, answers[i].eq_id);

		if (eq == NULL)
			continue;
		if (eq->subject_id > 0)
			acc_add(acc_find(*acc, &nacc, max, "subject", eq->subject_id), eq, &answers[i]);
		if (eq->section_id > 0)
			acc_add(acc_find(*acc, &nacc, max, "section", eq->section_id), eq, &answers[i]);
		if (eq->difficulty != DIFF_NONE)
			acc_add(acc_find(*acc, &nacc, max, "difficulty", eq->difficulty), eq, &answers[i]);
	}
	return (ssize_t)nacc;
}

char *db_stats_rows_json(const struct exam_content *ec, const struct answer *answers, size_t n)
{
	struct dim_acc *acc;
	ssize_t nacc = collect_dims(ec, answers, n, &acc);
	size_t cap, len = 0;
	char *out;

	if (nacc < 0)
		return NULL;
	/* per row: ten numbers of at most 20 digits and a sign, and punctuation */
	cap = 3 + (size_t)nacc * (10 * 22 + 4);
	if ((out = malloc(cap)) != NULL) {
		out[len++] = '[';
		for (ssize_t i = 0; i < nacc; i++) {
			const struct dim_acc *d = &acc[i];

			len += (size_t)snprintf(out + len, cap - len, "%s[%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld]",
			                        i ? "," : "", (long long)dimension_index(d->dimension), (long long)d->id,
			                        (long long)d->total, (long long)d->correct, (long long)d->incorrect,
			                        (long long)d->unanswered, (long long)d->partial, (long long)d->marks_e4,
			                        (long long)d->max_e4, (long long)d->time_ms);
		}
		snprintf(out + len, cap - len, "]");
	}
	free(acc);
	return out;
}

static int put_dims(int64_t attempt_id, const struct dim_acc *acc, size_t n)
{
	int64_t *v = calloc(n * 11 + 1, sizeof(*v));
	int rc;

	if (v == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int64_t *row = v + i * 11;

		row[0] = attempt_id;
		row[1] = dimension_index(acc[i].dimension);
		row[2] = acc[i].id;
		row[3] = acc[i].total;
		row[4] = acc[i].correct;
		row[5] = acc[i].incorrect;
		row[6] = acc[i].unanswered;
		row[7] = acc[i].partial;
		row[8] = acc[i].marks_e4;
		row[9] = acc[i].max_e4;
		row[10] = acc[i].time_ms;
	}
	rc = db_bulk(BULK_ASTAT_PUT, n, v, NULL);
	free(v);
	return rc;
}

int db_stats_add(const struct exam_content *ec, const struct attempt *a, const struct answer *answers, size_t n)
{
	struct dim_acc *acc;
	ssize_t nacc = collect_dims(ec, answers, n, &acc);
	struct dbq q;
	int rc;

	if (nacc < 0)
		return db_fail(DB_ERR_OTHER, "out of memory");
	rc = put_dims(a->id, acc, (size_t)nacc);
	free(acc);
	if (rc != 0)
		return -1;
	dbq_init(&q, STMT_PENDING_ADD, NULL);
	dbq_in_i64(&q, &a->id);
	dbq_in_i64(&q, &a->exam_id);
	dbq_in_i64(&q, &a->score_e4);
	dbq_in_i64(&q, &a->time_used_ms);
	return dbq_exec(&q);
}

int db_rank_counts(int64_t exam_id, int64_t score_e4, int64_t *above, int64_t *below, int64_t *total,
                   int64_t *pending)
{
	struct dbq q;

	dbq_init(&q, STMT_RANK_COUNTS, NULL);
	for (int table = 0; table < 2; table++) { /* the histogram, then the pending rows */
		dbq_in_i64(&q, &score_e4);
		dbq_in_i64(&q, &score_e4);
		dbq_in_i64(&q, &exam_id);
	}
	dbq_out_i64(&q, above, NULL);
	dbq_out_i64(&q, below, NULL);
	dbq_out_i64(&q, total, NULL);
	dbq_out_i64(&q, pending, NULL);
	return dbq_one(&q) == 1 ? 0 : -1;
}

/* The columns of one subject statistics row, in the order both reads give them. */
static void bind_subject_stat(struct dbq *q, struct subject_stat *row)
{
	dbq_out_i64(q, &row->subject_id, NULL);
	dbq_out_i64(q, &row->total, NULL);
	dbq_out_i64(q, &row->correct, NULL);
	dbq_out_i64(q, &row->incorrect, NULL);
	dbq_out_i64(q, &row->unanswered, NULL);
	dbq_out_i64(q, &row->partial, NULL);
	dbq_out_i64(q, &row->marks_e4, NULL);
}

int db_subject_stats(int64_t attempt_id, struct subject_stat *out, size_t max, size_t *n)
{
	struct dbq q;
	struct subject_stat row;

	dbq_init(&q, STMT_ASTATS_GET, NULL);
	dbq_in_i64(&q, &attempt_id);
	bind_subject_stat(&q, &row);
	return dbq_all(&q, &row, sizeof(row), out, max, n);
}

int db_question_stats_range(int64_t exam_id, int64_t first_eq, int64_t last_eq, struct arena *mem,
                            struct question_stat **out, size_t *n, bool *pending)
{
	struct dbq q;
	struct question_stat row = {0};
	size_t max = first_eq <= last_eq ? (size_t)(last_eq - first_eq + 1) : 1;
	bool none = false;
	int64_t waiting = 0;
	int rc;

	*n = 0;
	*pending = false;
	if ((*out = arena_calloc(mem, max, sizeof(**out))) == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	dbq_init(&q, STMT_QSTATS_RANGE, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &first_eq);
	dbq_in_i64(&q, &last_eq);
	dbq_out_i64(&q, &row.eq_id, &none);
	dbq_out_i64(&q, &row.attempts, NULL);
	dbq_out_i64(&q, &row.correct, NULL);
	dbq_out_i64(&q, &row.total_time_ms, NULL);
	dbq_out_i64(&q, &row.best_time_ms, NULL);
	dbq_out_i64(&q, &waiting, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		*pending = *pending || waiting != 0;
		if (none) /* the one row when the range has no statistics */
			continue;
		if (*n == max) {
			rc = db_fail(DB_ERR_OTHER, "more question statistics in the range than room for them");
			break;
		}
		(*out)[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_user_subject_stats(int64_t user_id, struct subject_stat *out, size_t max, size_t *n)
{
	struct dbq q;
	struct subject_stat row = {0};
	int64_t lim = (int64_t)max;

	dbq_init(&q, STMT_USER_SUBJECT_STATS, NULL);
	dbq_in_i64(&q, &user_id);
	dbq_in_i64(&q, &lim);
	bind_subject_stat(&q, &row);
	return dbq_all(&q, &row, sizeof(row), out, max, n);
}

int db_bucket_move(int64_t exam_id, int64_t attempt_id, int64_t from_e4, int64_t to_e4)
{
	struct dbq q;

	if (from_e4 == to_e4)
		return 0;
	/* not folded yet: the fold takes the new score (it waits for the lock
	 * a fold in progress holds, and then finds the row gone) */
	dbq_init(&q, STMT_PENDING_RESCORE, NULL);
	dbq_in_i64(&q, &to_e4);
	dbq_in_i64(&q, &attempt_id);
	if (dbq_exec(&q) != 0)
		return -1;
	if (dbq_affected(&q) > 0)
		return 0;
	dbq_init(&q, STMT_BUCKET_SUB, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &from_e4);
	if (dbq_exec(&q) != 0)
		return -1;
	dbq_init(&q, STMT_BUCKET_ADD, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_in_i64(&q, &to_e4);
	return dbq_exec(&q);
}

/* --- the fold ------------------------------------------------------------------ */

#define FOLD_BATCH 200

struct pending_row {
	int64_t attempt_id, score_e4, time_ms;
};

/* One question's sums over a batch (7 columns of BULK_QSTAT_ADD). */
struct qsum {
	int64_t eq_id, attempts, correct, incorrect, unanswered, time_ms, best_ms;
};

struct fold {
	int64_t exam_id;
	struct pending_row rows[FOLD_BATCH];
	size_t n;
	struct qsum *q; /* one per question met, in the order met */
	size_t nq, capq;
	int64_t folded;
};

static struct qsum *qsum_of(struct fold *f, int64_t eq_id)
{
	for (size_t i = f->nq; i-- > 0;)
		if (f->q[i].eq_id == eq_id)
			return &f->q[i];
	if (f->nq == f->capq) {
		size_t cap = f->capq ? 2 * f->capq : 128;
		struct qsum *q = realloc(f->q, cap * sizeof(*q));

		if (q == NULL)
			return NULL;
		f->q = q;
		f->capq = cap;
	}
	memset(&f->q[f->nq], 0, sizeof(f->q[0]));
	f->q[f->nq].eq_id = eq_id;
	f->q[f->nq].best_ms = -1;
	return &f->q[f->nq++];
}

/* Adds one graded answer to the batch's per-question sums.  0 or -1. */
static int fold_add(struct fold *f, int64_t eq_id, enum answer_result result, int64_t time_ms)
{
	struct qsum *s = qsum_of(f, eq_id);

	if (s == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	s->attempts++;
	s->correct += result == AR_CORRECT;
	s->incorrect += result == AR_INCORRECT;
	s->unanswered += result == AR_UNANSWERED;
	s->time_ms += time_ms;
	if (result == AR_CORRECT && time_ms > 0 && (s->best_ms < 0 || time_ms < s->best_ms))
		s->best_ms = time_ms;
	return 0;
}

static int fold_graded(void *f, const struct answer *a)
{
	return fold_add(f, a->eq_id, a->result, a->time_spent_ms);
}

/* Adds the answers of a pending attempt that has no grades row (it ended
 * before migration 007), or a malformed one (logged: one bad row must not
 * stop the exam's statistics, whose fold would fail on it at every try),
 * to the batch's per-question sums, from its records. */
static int fold_records(struct fold *f, int64_t attempt_id)
{
	/* answers.result's ENUM index is enum answer_result + 1 */
	int64_t eq_id, result, time_ms;
	struct dbq q;
	int rc;

	dbq_init(&q, STMT_FOLD_ANSWERS, NULL);
	dbq_in_i64(&q, &attempt_id);
	dbq_out_i64(&q, &eq_id, NULL);
	dbq_out_i64(&q, &result, NULL);
	dbq_out_i64(&q, &time_ms, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1)
		if (fold_add(f, eq_id, (enum answer_result)(result - 1), time_ms) != 0) {
			dbq_done(&q);
			return -1;
		}
	dbq_done(&q);
	return rc;
}

/* Adds the batch's n attempts (ids) to its per-question sums: their grades
 * rows in one read, and the records of those without one. */
static int fold_answers(struct fold *f, const int64_t *ids, size_t n)
{
	bool found[FOLD_BATCH];

	if (db_grades_each_of(ids, n, fold_graded, f, found) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!found[i] && fold_records(f, ids[i]) != 0)
			return -1;
	return 0;
}

static int put_question_sums(const struct fold *f)
{
	int64_t *v = calloc(f->nq * 7 + 1, sizeof(*v));
	bool *null = calloc(f->nq * 7 + 1, sizeof(*null));
	int rc = -1;

	if (v == NULL || null == NULL) {
		db_fail(DB_ERR_OTHER, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < f->nq; i++) {
		memcpy(v + i * 7, &f->q[i], 7 * sizeof(int64_t));
		null[i * 7 + 6] = f->q[i].best_ms < 0;
	}
	rc = db_bulk(BULK_QSTAT_ADD, f->nq, v, null);
out:
	free(v);
	free(null);
	return rc;
}

/* The batch's scores as histogram rows, and its totals into exam_stats. */
static int put_scores(const struct fold *f)
{
	int64_t *v = calloc(f->n * 3 + 1, sizeof(*v));
	int64_t sum = 0, best = INT64_MIN, time_ms = 0, count = (int64_t)f->n;
	size_t nb = 0;
	struct dbq q;
	int rc = -1;

	if (v == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	for (size_t i = 0; i < f->n; i++) {
		const struct pending_row *r = &f->rows[i];
		size_t b = 0;

		while (b < nb && v[b * 3 + 1] != r->score_e4)
			b++;
		if (b == nb) {
			v[nb * 3] = f->exam_id;
			v[nb * 3 + 1] = r->score_e4;
			v[nb * 3 + 2] = 0;
			nb++;
		}
		v[b * 3 + 2]++;
		sum += r->score_e4;
		best = r->score_e4 > best ? r->score_e4 : best;
		time_ms += r->time_ms;
	}
	if (db_bulk(BULK_BUCKET_ADD, nb, v, NULL) != 0)
		goto out;
	dbq_init(&q, STMT_EXAMSTAT_FOLD, NULL);
	dbq_in_i64(&q, &count);
	dbq_in_i64(&q, &sum);
	dbq_in_i64(&q, &best);
	dbq_in_i64(&q, &best);
	dbq_in_i64(&q, &time_ms);
	dbq_in_i64(&q, &f->exam_id);
	rc = dbq_exec(&q);
out:
	free(v);
	return rc;
}

/* One batch, in one transaction: 0 done (f->n folded), 1 another folder holds
 * the exam, -1 on error. */
static int fold_batch(void *ctx)
{
	struct fold *f = ctx;
	struct pending_row row;
	int64_t got, limit = FOLD_BATCH;
	int64_t ids[FOLD_BATCH];
	struct dbq q;
	int rc;

	f->n = 0;
	f->nq = 0;
	dbq_init(&q, STMT_FOLD_LOCK, NULL);
	dbq_in_i64(&q, &f->exam_id);
	dbq_out_i64(&q, &got, NULL);
	if ((rc = dbq_one(&q)) != 1)
		return rc < 0 ? -1 : 1;
	dbq_init(&q, STMT_PENDING_BATCH, NULL);
	dbq_in_i64(&q, &f->exam_id);
	dbq_in_i64(&q, &limit);
	dbq_out_i64(&q, &row.attempt_id, NULL);
	dbq_out_i64(&q, &row.score_e4, NULL);
	dbq_out_i64(&q, &row.time_ms, NULL);
	if (dbq_all(&q, &row, sizeof(row), f->rows, FOLD_BATCH, &f->n) != 0)
		return -1;
	if (f->n == 0)
		return 0;
	for (size_t i = 0; i < f->n; i++)
		ids[i] = f->rows[i].attempt_id;
	if (fold_answers(f, ids, f->n) != 0)
		return -1;
	return put_question_sums(f) == 0 && put_scores(f) == 0 && db_bulk(BULK_PENDING_DEL, f->n, ids, NULL) == 0 ? 0
	                                                                                                      : -1;
}

/* Makes sure the exam has the exam_stats row a fold locks.  Looked for with
 * a plain read first: an INSERT IGNORE of a row another fold holds would wait
 * for that fold's commit.  0 made (a fold may lock it now), 1 it was there
 * (so another fold holds it), or -1. */
static int fold_ensure(int64_t exam_id)
{
	struct dbq q;
	int64_t one;
	int rc;

	dbq_init(&q, STMT_EXAMSTAT_EXISTS, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_out_i64(&q, &one, NULL);
	if ((rc = dbq_one(&q)) != 0)
		return rc;
	dbq_init(&q, STMT_EXAMSTAT_ENSURE, NULL);
	dbq_in_i64(&q, &exam_id);
	return dbq_exec(&q);
}

/* Exams this worker has seen the exam_stats row of (locked by a fold, or
 * found by fold_ensure), by exam id modulo the size: the row stays while
 * its exam does, so a fold that finds no row to lock for a known exam
 * knows another fold holds it, with no read to tell. */
static int64_t stats_row_seen[256];

static bool stats_row_known(int64_t exam_id)
{
	return stats_row_seen[(uint64_t)exam_id % 256] == exam_id;
}

static void stats_row_note(int64_t exam_id)
{
	stats_row_seen[(uint64_t)exam_id % 256] = exam_id;
}

int db_stats_fold(int64_t exam_id, int max_batches, int64_t *folded)
{
	struct fold f = {.exam_id = exam_id};
	bool ensured = stats_row_known(exam_id);
	int rc = 0, batches = 0;

	*folded = 0;
	/* its callers fold an exam they found attempts waiting at: no probe */
	while (max_batches <= 0 || batches < max_batches) {
		/* in READ COMMITTED (db_connect): the fold takes no gap locks, so no end waits for it */
		rc = db_tx(fold_batch, &f, true);
		if (rc == 1 && !ensured) {
			/* no row to lock yet, or another fold holds it: the first is
			 * made and locked again, the second is left to that fold (no
			 * second try: in a rush of ends every rank would make one) */
			ensured = true;
			if ((rc = fold_ensure(exam_id)) < 0)
				break;
			if (rc == 1) {
				stats_row_note(exam_id);
				break;
			}
			continue;
		}
		if (rc != 0)
			break;
		stats_row_note(exam_id);
		batches++;
		*folded += (int64_t)f.n;
		if (f.n < FOLD_BATCH)
			break;
	}
	free(f.q);
	return rc < 0 ? -1 : 0;
}

int db_stats_pending_exams(int64_t *exam_ids, size_t max, size_t *n)
{
	struct dbq q;
	int64_t id, lim = (int64_t)max;

	dbq_init(&q, STMT_PENDING_EXAMS, NULL);
	dbq_in_i64(&q, &lim);
	dbq_out_i64(&q, &id, NULL);
	return dbq_all(&q, &id, sizeof(id), exam_ids, max, n);
}
