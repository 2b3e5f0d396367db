/* invigil — the item analysis of an exam for its staff: every ended,
 * counted, fully graded attempt read in one statement (db_exam_graded_each),
 * each learner's kept attempt (or all) counted and each learner's first
 * analysed by the pure rules (src/rules/items.c).  Canvas's quiz statistics
 * and `invigil report` show it (docs/item-analysis.md). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "invigil/engine_impl.h"

struct gather {
	const struct exam_content *ec;
	struct arena *mem;
	struct item_take *takes;
	size_t n, cap;
	bool failed;
};

/* Index of option id among q's options; -1 when it is not one (an option
 * removed since the attempt). */
static int option_index(const struct ex_question *q, int64_t id)
{
	for (size_t o = 0; o < q->noptions && o < 64; o++)
		if (q->options[o].id == id)
			return (int)o;
	return -1;
}

/* One attempt as a take: its answers by the exam's question index (answers
 * to questions the exam no longer has are left out). */
static int take_one(void *ctx, const struct graded_attempt *g, const struct answer *answers, size_t n)
{
	struct gather *G = ctx;
	const struct exam_content *ec = G->ec;
	struct item_answer *row;
	struct item_take *t;

	if (G->n == G->cap) {
		size_t cap = G->cap ? G->cap * 2 : 64;
		struct item_take *more = arena_calloc(G->mem, cap, sizeof(*more));

		if (more == NULL)
			return G->failed = true, -1;
		if (G->n > 0)
			memcpy(more, G->takes, G->n * sizeof(*more));
		G->takes = more;
		G->cap = cap;
	}
	if ((row = arena_calloc(G->mem, ec->nquestions + 1, sizeof(*row))) == NULL)
		return G->failed = true, -1;
	t = &G->takes[G->n++];
	*t = (struct item_take){.user_id = g->user_id, .attempt_no = g->attempt_no, .score_e4 = g->score_e4,
	                        .time_used_ms = g->time_used_ms, .answers = row};
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, answers[i].eq_id);
		struct item_answer *a;

		if (q == NULL)
			continue;
		a = &row[q - ec->questions];
		a->result = answers[i].result;
		a->marks_e4 = answers[i].has_marks ? answers[i].marks_e4 : 0;
		/* graded: a blank is "unanswered" (the grades row keeps no texts) */
		a->answered = answers[i].nselected > 0 || answers[i].result != AR_UNANSWERED;
		for (size_t k = 0; k < answers[i].nselected; k++) {
			int o = option_index(q, answers[i].selected[k]);

			if (o >= 0)
				a->picked |= UINT64_C(1) << o;
		}
		t->correct += a->result == AR_CORRECT;
		t->incorrect += a->result == AR_INCORRECT;
	}
	return 0;
}

/* By learner, then attempt number. */
static int cmp_take(const void *x, const void *y)
{
	const struct item_take *a = x, *b = y;

	if (a->user_id != b->user_id)
		return a->user_id < b->user_id ? -1 : 1;
	return a->attempt_no < b->attempt_no ? -1 : a->attempt_no > b->attempt_no;
}

enum inv_err engine_item_report(struct engine_ctx *cx, const struct exam_content *ec, bool all_versions,
                                struct arena *mem, struct item_report *out)
{
	struct gather g = {.ec = ec, .mem = mem};
	struct item_take *counted, *first;
	size_t ncounted = 0, nfirst = 0;
	int rc = engine_is_staff(cx, ec->exam.course_id);

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
	if ((rc = db_exam_graded_each(ec->exam.id, take_one, &g)) != 0)
		return g.failed ? INV_EINTERNAL : store_err();
	counted = arena_calloc(mem, g.n + 1, sizeof(*counted));
	first = arena_calloc(mem, g.n + 1, sizeof(*first));
	if (counted == NULL || first == NULL)
		return INV_EINTERNAL;
	/* grouped by learner, in attempt order (attempts that ended before
	 * migration 007 come from the store after the others) */
	if (g.n > 1) /* (no takes: g.takes is NULL, which qsort may not be given) */
		qsort(g.takes, g.n, sizeof(*g.takes), cmp_take);
	for (size_t k = 0; k < g.n;) {
		size_t run = 1;

		while (k + run < g.n && g.takes[k + run].user_id == g.takes[k].user_id)
			run++;
		first[nfirst++] = g.takes[k];
		if (all_versions) {
			memcpy(&counted[ncounted], &g.takes[k], run * sizeof(*counted));
			ncounted += run;
		} else {
			counted[ncounted++] = g.takes[k + items_kept(ec->scoring_policy, &g.takes[k], run)];
		}
		k += run;
	}
	if (items_report(ec, counted, ncounted, first, nfirst, mem, out) != 0)
		return INV_EINTERNAL;
	out->attempts = (int64_t)g.n;
	return INV_OK;
}
