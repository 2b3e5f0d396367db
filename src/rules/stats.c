/* invigil — rank, percentile, speed and accuracy from kept statistics. */
#include "config.h"

#include <string.h>

#include "invigil/rules.h"

void stats_rank(const struct score_bucket *b, size_t n, int64_t score_e4, int64_t *rank, int64_t *max_rank,
                int64_t *percentile_e4)
{
	int64_t above = 0, below = 0, total = 0;

	for (size_t i = 0; i < n; i++) {
		total += b[i].attempts;
		if (b[i].score_e4 > score_e4)
			above += b[i].attempts;
		else if (b[i].score_e4 < score_e4)
			below += b[i].attempts;
	}
	stats_rank_counts(above, below, total, rank, max_rank, percentile_e4);
}

void stats_rank_counts(int64_t above, int64_t below, int64_t total, int64_t *rank, int64_t *max_rank,
                       int64_t *percentile_e4)
{
	*rank = above + 1;
	*max_rank = total;
	/* the share of the others who scored lower; alone, the best is 100 */
	*percentile_e4 = total > 1 ? below * 1000000 / (total - 1) : 1000000;
}

int64_t stats_speed(int64_t answered, int64_t time_ms)
{
	return time_ms > 0 ? answered * 3600000 / time_ms : 0;
}

int64_t stats_accuracy(int64_t correct, int64_t answered)
{
	return answered > 0 ? correct * 100 / answered : 0;
}

int64_t kept_score_of(const char *policy, const struct kept_scores *k)
{
	if (policy != NULL && strcmp(policy, "keep_latest") == 0)
		return k->latest_e4;
	if (policy != NULL && strcmp(policy, "keep_average") == 0)
		return k->count > 0 ? k->sum_e4 / k->count : 0;
	return k->highest_e4;
}

bool rank_visible(const struct exam *e, const struct attempt *a, int64_t now_ms)
{
	return a->state == AS_COMPLETED && a->graded && !a->preview && e->enable_ranks &&
	       (!e->has_rank_publishing || e->rank_publishing_ms <= now_ms);
}

/* The index of subject id among n totals, or n. */
static size_t subject_index(const struct subject_total *t, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n && t[i].id != id; i++)
		;
	return i;
}

void stats_subject_totals(const struct ex_subject *subs, size_t nsubs, const struct subject_stat *st, size_t nst,
                          struct subject_total *t)
{
	size_t n = nsubs;

	for (size_t i = 0; i < n; i++)
		t[i] = (struct subject_total){.id = subs[i].id, .parent = subs[i].parent_id, .name = subs[i].name,
		                              .leaf = true};
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++)
			if (t[k].parent == t[i].id)
				t[i].leaf = false;
	for (size_t s = 0; s < nst; s++) {
		/* add to the subject and every ancestor (depth bounded: no cycle can loop) */
		int64_t id = st[s].subject_id;

		for (size_t depth = 0; id > 0 && depth <= n; depth++) {
			size_t i = subject_index(t, n, id);

			if (i == n)
				break;
			t[i].total += st[s].total;
			t[i].correct += st[s].correct;
			t[i].incorrect += st[s].incorrect;
			t[i].unanswered += st[s].unanswered;
			t[i].marks_e4 += st[s].marks_e4;
			t[i].used = true;
			id = t[i].parent;
		}
	}
}

/* Adds one graded answer to c. */
static void count_answer(struct breakdown_counts *c, const struct answer *a)
{
	c->total++;
	c->correct += a->result == AR_CORRECT;
	c->incorrect += a->result == AR_INCORRECT;
	c->partial += a->result == AR_PARTIAL;
	c->unanswered += a->result == AR_UNANSWERED;
	c->pending += a->result == AR_PENDING;
	c->marks_e4 += a->has_marks ? a->marks_e4 : 0;
}

int stats_breakdown(const struct exam_content *ec, const struct answer *rows, size_t n, int64_t used_ms,
                    struct arena *mem, struct attempt_breakdown *out)
{
	int64_t left = used_ms;

	memset(out, 0, sizeof(*out));
	out->sections = arena_calloc(mem, ec->nsections + 1, sizeof(*out->sections));
	out->section_time_ms = arena_calloc(mem, ec->nsections + 1, sizeof(*out->section_time_ms));
	out->subjects = arena_calloc(mem, ec->nsubjects + 1, sizeof(*out->subjects));
	out->subject_leaf = arena_calloc(mem, ec->nsubjects + 1, sizeof(*out->subject_leaf));
	if (out->sections == NULL || out->section_time_ms == NULL || out->subjects == NULL || out->subject_leaf == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, rows[i].eq_id);
		int si;

		if (q == NULL)
			continue;
		if ((si = exam_section_index(ec, q->section_id)) >= 0)
			count_answer(&out->sections[si], &rows[i]);
		count_answer(&out->difficulty[q->difficulty <= DIFF_HARD ? q->difficulty : DIFF_NONE], &rows[i]);
		if (q->subject_id == 0) {
			count_answer(&out->no_subject, &rows[i]);
			continue;
		}
		/* the subject and each of its ancestors (a tree: at most nsubjects steps) */
		for (int64_t id = q->subject_id, steps = 0; id != 0 && steps <= (int64_t)ec->nsubjects; steps++) {
			const struct ex_subject *sub = exam_subject(ec, id);

			if (sub == NULL)
				break;
			count_answer(&out->subjects[sub - ec->subjects], &rows[i]);
			id = sub->parent_id;
		}
	}
	for (size_t i = 0; i < ec->nsubjects; i++) {
		out->subject_leaf[i] = true;
		for (size_t k = 0; k < ec->nsubjects; k++)
			if (ec->subjects[k].parent_id == ec->subjects[i].id)
				out->subject_leaf[i] = false;
	}
	for (size_t i = 0; i < ec->nsections; i++) {
		int64_t d = ec->sections[i].duration_s * 1000;
		int64_t share = d > 0 && i + 1 < ec->nsections && left > d ? d : left;

		out->section_time_ms[i] = share > 0 ? share : 0;
		left -= out->section_time_ms[i];
	}
	return 0;
}
