/* invigil — an ended attempt's grades, kept in one row (migration 007), and
 * the stored forms of an answer's parts that the records and the events share.
 *
 * The row's `answers` is a JSON array with one array per answer, in the
 * order of the attempt's records (position):
 *   [exam_question_id, "result", marks_e4 or null, review 0/1, time_spent_ms, "option ids"]
 * JSON so that an operator can read it with JSON_TABLE (schema/007); written
 * here with snprintf (the shape is fixed, the values are numbers, a result
 * name and an id list), read with jrows_read (src/util: a scanner of that
 * one shape, no JSON objects). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/jrows.h"
#include "invigil/log.h"
#include "invigil/store.h"

/* The longest stored option-id list (answers.selected_options, answer_events.sel). */
#define SEL_MAX 1000

void db_ids_text(const int64_t *ids, size_t nids, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < nids && n + 22 < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%lld", i ? "," : "", (long long)ids[i]);
}

void db_ids_parse(struct answer *a, const char *p)
{
	a->nselected = 0;
	while (*p != '\0' && a->nselected < ANSWER_MAX_SELECTED) {
		char *end;
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		a->selected[a->nselected++] = v;
		p = *end == ',' ? end + 1 : end;
	}
}

/* --- the row's text ------------------------------------------------------------ */

char *db_grades_encode(const struct answer *answers, size_t n)
{
	/* per answer: five numbers of at most 20 digits, a result name, the
	 * ids of at most 20 digits each, and the punctuation */
	size_t cap = 3, len = 0;
	char *out, sel[SEL_MAX + 1];

	for (size_t i = 0; i < n; i++)
		cap += 5 * 21 + 16 + 21 * answers[i].nselected + 16;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	out[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		const struct answer *a = &answers[i];
		char marks[24] = "null";

		if (a->has_marks)
			snprintf(marks, sizeof(marks), "%lld", (long long)a->marks_e4);
		db_ids_text(a->selected, a->nselected, sel, sizeof(sel));
		len += (size_t)snprintf(out + len, cap - len, "%s[%lld,\"%s\",%s,%d,%lld,\"%s\"]", i ? "," : "",
		                        (long long)a->eq_id, answer_result_name(a->result), marks, a->review ? 1 : 0,
		                        (long long)a->time_spent_ms, sel);
	}
	snprintf(out + len, cap - len, "]");
	return out;
}

struct decode {
	int (*fn)(void *, const struct answer *);
	void *ctx;
};

/* One row's cells, [eq_id, "result", marks|null, review, time_spent_ms, "ids"], as an answer for fn. */
static int decode_one(void *p, const struct jcell *c)
{
	struct decode *d = p;
	struct answer a;

	memset(&a, 0, sizeof(a));
	a.eq_id = c[0].i;
	a.result = answer_result_parse(c[1].s);
	a.has_marks = !c[2].is_null;
	a.marks_e4 = c[2].i;
	a.review = c[3].i != 0;
	a.time_spent_ms = c[4].i;
	db_ids_parse(&a, c[5].s);
	return d->fn(d->ctx, &a);
}

/* Calls fn(ctx, answer) for each answer of body.  0; -1 when fn returns
 * non-zero; -2 when the row is malformed (logged and db_fail'd). */
static int grades_decode(int64_t attempt_id, const char *body, int (*fn)(void *, const struct answer *), void *ctx)
{
	struct decode d = {fn, ctx};
	int rc = jrows_read(body, "isniis", decode_one, &d);

	if (rc == -2) {
		char msg[96];

		snprintf(msg, sizeof(msg), "attempt_grades of attempt %lld is malformed", (long long)attempt_id);
		log_error("database: %s", msg);
		db_fail(DB_ERR_OTHER, msg);
	}
	return rc;
}

/* --- the row ---------------------------------------------------------------------- */

int64_t db_grades_first(const struct answer *answers, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (answers[i].id != answers[0].id + (int64_t)i)
			return 0;
	return n > 0 && answers[0].id > 0 ? answers[0].id : 0;
}

int db_answers_grade(int64_t attempt_id, const struct answer *answers, size_t n)
{
	char *body = db_grades_encode(answers, n);
	int64_t first = db_grades_first(answers, n);
	struct dbq q;
	int rc;

	if (body == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	dbq_init(&q, STMT_GRADES_PUT, NULL);
	dbq_in_i64(&q, &attempt_id);
	dbq_in_str(&q, body);
	dbq_in_i64(&q, first > 0 ? &first : NULL);
	rc = dbq_exec(&q);
	free(body);
	return rc;
}

int db_grades_each(int64_t attempt_id, int (*fn)(void *ctx, const struct answer *a), void *ctx)
{
	struct arena mem = {0};
	const char *body = NULL;
	struct dbq q;
	int rc;

	dbq_init(&q, STMT_GRADES_GET, &mem);
	dbq_in_i64(&q, &attempt_id);
	dbq_out_text(&q, &body);
	rc = dbq_one(&q);
	if (rc == 1 && (rc = grades_decode(attempt_id, body, fn, ctx)) == 0)
		rc = 1;
	arena_free(&mem);
	return rc;
}

int db_grades_each_of(const int64_t *ids, size_t n, int (*fn)(void *ctx, const struct answer *a), void *ctx,
                      bool *found)
{
	struct arena mem = {0};
	const char *body = NULL;
	char *list = malloc(n * 21 + 3);
	size_t len = 0;
	int64_t id;
	struct dbq q;
	int rc;

	if (list == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	list[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		found[i] = false;
		len += (size_t)sprintf(list + len, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	}
	list[len++] = ']';
	list[len] = '\0';
	dbq_init(&q, STMT_GRADES_OF_MANY, &mem);
	dbq_in_str(&q, list);
	dbq_out_i64(&q, &id, NULL);
	dbq_out_text(&q, &body);
	rc = dbq_exec(&q);
	while (rc == 0 && (rc = dbq_fetch(&q)) == 1) {
		size_t i = 0;
		int got;

		while (i < n && ids[i] != id)
			i++;
		rc = 0;
		if (i == n || found[i])
			continue; /* not asked for, or a repeated id: read once */
		if ((got = grades_decode(id, body, fn, ctx)) == -1)
			rc = -1; /* fn failed */
		found[i] = got == 0; /* a malformed row (logged) is left to the caller */
	}
	dbq_done(&q);
	arena_free(&mem);
	free(list);
	return rc;
}

struct overlay {
	struct answer *rows;
	size_t n, next;
};

/* Settles the record of the same question (the rows are in the body's
 * order, so the next row is nearly always it). */
static int overlay_one(void *ctx, const struct answer *g)
{
	struct overlay *o = ctx;
	struct answer *r = NULL;

	if (o->next < o->n && o->rows[o->next].eq_id == g->eq_id)
		r = &o->rows[o->next];
	for (size_t i = 0; r == NULL && i < o->n; i++)
		if (o->rows[i].eq_id == g->eq_id)
			r = &o->rows[i];
	if (r == NULL)
		return 0; /* not on this page */
	o->next = (size_t)(r - o->rows) + 1;
	r->result = g->result;
	r->has_marks = g->has_marks;
	r->marks_e4 = g->marks_e4;
	r->review = g->review;
	r->time_spent_ms = g->time_spent_ms;
	memcpy(r->selected, g->selected, sizeof(r->selected));
	r->nselected = g->nselected;
	return 0;
}

int db_grades_overlay(int64_t attempt_id, struct answer *rows, size_t n)
{
	struct overlay o = {rows, n, 0};

	return n == 0 ? 0 : db_grades_each(attempt_id, overlay_one, &o);
}

int db_grades_overlay_text(int64_t attempt_id, const char *text, struct answer *rows, size_t n)
{
	struct overlay o = {rows, n, 0};
	int rc = n == 0 ? 0 : grades_decode(attempt_id, text, overlay_one, &o);

	return rc == 0 ? 1 : rc;
}

struct slice {
	struct answer *out;
	int64_t first_id, from, limit, at;
	size_t n;
};

/* Keeps the answers from the slice's start, as their records. */
static int slice_one(void *ctx, const struct answer *g)
{
	struct slice *sl = ctx;
	int64_t k = sl->at++;

	if (k >= sl->from && (int64_t)sl->n < sl->limit) {
		struct answer *r = &sl->out[sl->n++];

		*r = *g;
		r->id = sl->first_id + k;
	}
	return 0;
}

int db_grades_slice(int64_t attempt_id, const char *text, int64_t first_answer_id, int64_t offset, int64_t limit,
                    struct answer *out, size_t *n)
{
	struct slice sl = {out, first_answer_id, offset, limit, 0, 0};
	int rc = grades_decode(attempt_id, text, slice_one, &sl);

	*n = rc == 0 ? sl.n : 0;
	return rc;
}

/* --- every graded attempt of an exam (the item analysis) -------------------------- */

/* Collects one decoded answer into the arena array of a struct collect. */
struct collect {
	struct arena *mem;
	struct answer *rows;
	size_t n, cap;
};

static int collect_one(void *ctx, const struct answer *a)
{
	struct collect *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct answer *more = arena_calloc(c->mem, cap, sizeof(*more));

		if (more == NULL)
			return -1;
		if (c->n > 0)
			memcpy(more, c->rows, c->n * sizeof(*more));
		c->rows = more;
		c->cap = cap;
	}
	c->rows[c->n++] = *a;
	return 0;
}

int db_exam_graded_each(int64_t exam_id, int (*fn)(void *ctx, const struct graded_attempt *g, const struct answer *answers,
                                                   size_t n),
                        void *ctx)
{
	struct graded_attempt g = {0}, *later = NULL;
	size_t nlater = 0, caplater = 0;
	/* mem: the attempts read later; rowmem: one row's text and answers,
	 * reset after each.  (The client library still buffers the whole
	 * result: an exam's grades rows, about 40 bytes per answer.) */
	struct arena mem = {0}, rowmem = {0};
	const char *body = NULL;
	struct dbq q;
	int rc;

	dbq_init(&q, STMT_EXAM_GRADED, &rowmem);
	dbq_in_i64(&q, &exam_id);
	dbq_out_i64(&q, &g.id, NULL);
	dbq_out_i64(&q, &g.user_id, NULL);
	dbq_out_i64(&q, &g.attempt_no, NULL);
	dbq_out_i64(&q, &g.score_e4, NULL);
	dbq_out_i64(&q, &g.time_used_ms, NULL);
	dbq_out_text(&q, &body);
	if (dbq_exec(&q) != 0) {
		arena_free(&rowmem);
		return -1;
	}
	while ((rc = dbq_fetch(&q)) == 1) {
		struct collect c = {&rowmem, NULL, 0, 0};

		if (body == NULL) {
			/* ended before migration 007: its records hold the grades,
			 * read after this statement (one statement at a time) */
			if (nlater == caplater) {
				struct graded_attempt *more = arena_calloc(&mem, caplater ? caplater * 2 : 16, sizeof(*more));

				if (more == NULL) {
					rc = db_fail(DB_ERR_OTHER, "out of memory");
					break;
				}
				if (nlater > 0)
					memcpy(more, later, nlater * sizeof(*more));
				later = more;
				caplater = caplater ? caplater * 2 : 16;
			}
			later[nlater++] = g;
			arena_reset(&rowmem);
			continue;
		}
		if ((rc = grades_decode(g.id, body, collect_one, &c)) != 0 || (rc = fn(ctx, &g, c.rows, c.n)) != 0) {
			rc = rc == -2 ? -2 : -1;
			break;
		}
		arena_reset(&rowmem);
	}
	dbq_done(&q);
	for (size_t i = 0; rc == 0 && i < nlater; i++) {
		struct answer_set set = {0};

		rc = db_answer_set_load(later[i].id, true, 0, &set) != 0 ? -1 : fn(ctx, &later[i], set.rows, set.n) != 0 ? -1 : 0;
		db_answer_set_free(&set);
	}
	arena_free(&rowmem);
	arena_free(&mem);
	return rc < 0 ? rc : 0;
}
