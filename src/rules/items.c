/* invigil — item analysis: how each question of an exam worked, from its
 * ended attempts (docs/item-analysis.md).  Pure: the engine hands it the
 * takes, it counts and computes.  Marks stay ten-thousandths until here;
 * the statistics (means, deviations, correlations) are doubles.
 *
 * Two sets of takes, as Canvas's Quiz Statistics has them: the counted
 * takes (each learner's kept attempt, or every attempt) give the answer
 * counts and the score summary; the analysed takes (each learner's first
 * attempt) give the item analysis: groups by total score (top 27 %, middle,
 * bottom 27 %; ties at a cut go to the higher group), facility,
 * discrimination, item variance, each option's point-biserial correlation
 * and Cronbach's alpha (over every question).  Every variance is the
 * population's (divide by n). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/rules.h"

#define E4 10000.0

enum group { G_BOTTOM, G_MIDDLE, G_TOP };

/* Ruby's round (half away from zero), as Canvas rounds its cuts and percentages. */
static double round_half_away(double x)
{
	return x < 0 ? -floor(-x + 0.5) : floor(x + 0.5);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Population variance of x[0..n): 0 for fewer than two values. */
static double variance_of(const double *x, size_t n)
{
	double mean = 0, ss = 0;

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		mean += x[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	return ss / (double)n;
}

/* --- the counted takes: answer counts and the score summary -------------------- */

static void count_question(const struct ex_question *q, const struct item_take *t, size_t n, size_t qi,
                           struct item_question *out)
{
	for (size_t k = 0; k < n; k++) {
		const struct item_answer *a = &t[k].answers[qi];

		if (!a->answered) {
			out->blank++;
			continue;
		}
		out->responses++;
		out->correct += a->result == AR_CORRECT;
		out->partial += a->result == AR_PARTIAL;
		out->incorrect += a->result == AR_INCORRECT;
		for (size_t o = 0; o < q->noptions && o < 64; o++)
			if (a->picked & (UINT64_C(1) << o))
				out->options[o].responses++;
	}
}

/* Adds count to the histogram bucket of percent (kept sorted). */
static int histogram_add(struct item_report *r, struct arena *mem, int64_t percent, size_t cap)
{
	size_t i = 0;

	while (i < r->nbuckets && r->histogram[i].percent < percent)
		i++;
	if (i < r->nbuckets && r->histogram[i].percent == percent) {
		r->histogram[i].count++;
		return 0;
	}
	if (r->histogram == NULL && (r->histogram = arena_calloc(mem, cap, sizeof(*r->histogram))) == NULL)
		return -1;
	memmove(&r->histogram[i + 1], &r->histogram[i], (r->nbuckets - i) * sizeof(*r->histogram));
	r->histogram[i] = (struct item_bucket){percent, 1};
	r->nbuckets++;
	return 0;
}

static int summarise_scores(const struct item_take *t, size_t n, struct arena *mem, struct item_report *r)
{
	double *s = arena_calloc(mem, n + 1, sizeof(*s)), sum = 0, ss = 0, dur = 0, cor = 0, inc = 0;

	if (s == NULL)
		return -1;
	r->has_scores = n > 0;
	for (size_t k = 0; k < n; k++) {
		s[k] = (double)t[k].score_e4 / E4;
		sum += s[k];
		dur += (double)t[k].time_used_ms / 1000.0;
		cor += (double)t[k].correct;
		inc += (double)t[k].incorrect;
		/* Canvas: the score as a percentage of max(points, 1), rounded */
		if (histogram_add(r, mem, (int64_t)round_half_away(s[k] / fmax(r->points_possible, 1.0) * 100.0), n) != 0)
			return -1;
	}
	if (n == 0)
		return 0;
	r->mean = sum / (double)n;
	for (size_t k = 0; k < n; k++)
		ss += (s[k] - r->mean) * (s[k] - r->mean);
	r->stdev = sqrt(ss / (double)n);
	qsort(s, n, sizeof(*s), cmp_double);
	r->low = s[0];
	r->high = s[n - 1];
	r->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	r->duration_average_s = dur / (double)n;
	r->correct_average = cor / (double)n;
	r->incorrect_average = inc / (double)n;
	return 0;
}

/* --- the analysed takes: groups and the item statistics ------------------------ */

struct ranked {
	double score;
	size_t take;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->take < y->take ? -1 : x->take > y->take; /* stable */
}

/* group[k] of each analysed take: sorted by total score, the top from the
 * cut at round(0.73 n), the middle from round(0.27 n), the bottom below;
 * takes tied with the first above a cut move up with it (Canvas). */
static int assign_groups(const struct item_take *t, size_t n, struct arena *mem, enum group *group)
{
	static const struct {
		enum group g;
		double cut;
	} defs[] = {{G_TOP, 0.73}, {G_MIDDLE, 0.27}, {G_BOTTOM, 0}};
	struct ranked *r = arena_calloc(mem, n + 1, sizeof(*r));
	size_t prev = n;

	if (r == NULL)
		return -1;
	for (size_t k = 0; k < n; k++)
		r[k] = (struct ranked){(double)t[k].score_e4, k};
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t d = 0; d < sizeof(defs) / sizeof(defs[0]); d++) {
		size_t floor_at = (size_t)round_half_away(defs[d].cut * (double)n);

		if (floor_at < n)
			while (floor_at > 0 && r[floor_at - 1].score == r[floor_at].score)
				floor_at--;
		for (size_t k = floor_at; k < prev; k++)
			group[r[k].take] = defs[d].g;
		if (floor_at < prev)
			prev = floor_at;
	}
	return 0;
}

/* The item score of answer a of q: its marks, between 0 and the
 * question's (negative marking does not count against an item). */
static double item_score(const struct ex_question *q, const struct item_answer *a)
{
	double m = (double)a->marks_e4 / E4, full = (double)q->marks_e4 / E4;

	return m < 0 ? 0 : full > 0 && m > full ? full : m;
}

/* Point-biserial of option o of question qi over its respondents (resp,
 * m take indexes): (mean total of those who chose it − mean total of the
 * others) / sd of the respondents' totals × sqrt(p (1 − p)), p the share
 * who chose it.  Undefined when everyone or no one chose it, or sd is 0. */
static void point_biserial(const struct item_take *t, size_t qi, const size_t *resp, size_t m, size_t o,
                           struct item_option *out)
{
	double ms = 0, mo = 0, mean = 0, ss = 0, sd, p;
	size_t ns = 0;

	out->has_point_biserial = false;
	if (m == 0)
		return;
	for (size_t k = 0; k < m; k++) {
		double x = (double)t[resp[k]].score_e4 / E4;

		mean += x;
		if (t[resp[k]].answers[qi].picked & (UINT64_C(1) << o)) {
			ms += x;
			ns++;
		} else {
			mo += x;
		}
	}
	if (ns == 0 || ns == m)
		return;
	mean /= (double)m;
	for (size_t k = 0; k < m; k++) {
		double x = (double)t[resp[k]].score_e4 / E4;

		ss += (x - mean) * (x - mean);
	}
	sd = sqrt(ss / (double)m);
	if (!(sd > 0))
		return;
	ms /= (double)ns;
	mo /= (double)(m - ns);
	p = (double)ns / (double)m;
	out->point_biserial = (ms - mo) / sd * sqrt(p * (1 - p));
	out->has_point_biserial = isfinite(out->point_biserial);
}

/* The item analysis of choice question qi over the analysed takes; its
 * item variance (for alpha) in *variance.  scratch holds n doubles and
 * resp n take indexes. */
static void analyse_question(const struct ex_question *q, size_t qi, const struct item_take *t, size_t n,
                             const enum group *group, double *scratch, size_t *resp, struct item_question *out)
{
	size_t m = 0;
	int64_t in_group[3] = {0}, right_in[3] = {0};

	for (size_t k = 0; k < n; k++) {
		const struct item_answer *a = &t[k].answers[qi];
		bool right;

		if (!a->answered)
			continue;
		right = a->result == AR_CORRECT;
		resp[m] = k;
		scratch[m++] = item_score(q, a);
		in_group[group[k]]++;
		right_in[group[k]] += right;
		out->correct_answered += right;
	}
	out->analysed = true;
	out->answered = (int64_t)m;
	out->top = in_group[G_TOP];
	out->middle = in_group[G_MIDDLE];
	out->bottom = in_group[G_BOTTOM];
	out->correct_top = right_in[G_TOP];
	out->correct_middle = right_in[G_MIDDLE];
	out->correct_bottom = right_in[G_BOTTOM];
	out->difficulty = m > 0 ? (double)out->correct_answered / (double)m : 0;
	out->has_discrimination = out->top > 0 && out->bottom > 0;
	if (out->has_discrimination)
		out->discrimination = (double)out->correct_top / (double)out->top -
		                      (double)out->correct_bottom / (double)out->bottom;
	out->variance = variance_of(scratch, m);
	out->stdev = sqrt(out->variance);
	for (size_t o = 0; o < out->noptions && o < 64; o++)
		point_biserial(t, qi, resp, m, o, &out->options[o]);
}

/* Cronbach's alpha over every question of the exam: k/(k−1) × (1 − Σ
 * item variances / variance of the sums of the item scores), each item
 * scored for every analysed take (a blank scores 0), so that the items and
 * the total are the same test (Canvas divides by the variance of the whole
 * score while summing its choice questions only, which can exceed 1).
 * Undefined for k < 2 or totals that do not vary.  totals holds n doubles. */
static void alpha_of(const struct exam_content *ec, const struct item_take *t, size_t n, double *scratch,
                     double *totals, struct item_report *r)
{
	double sum_var = 0, total_var;
	size_t k = ec->nquestions;

	memset(totals, 0, (n + 1) * sizeof(*totals));
	for (size_t i = 0; i < k; i++) {
		for (size_t j = 0; j < n; j++) {
			scratch[j] = t[j].answers[i].answered ? item_score(&ec->questions[i], &t[j].answers[i]) : 0;
			totals[j] += scratch[j];
		}
		sum_var += variance_of(scratch, n);
	}
	total_var = variance_of(totals, n);
	r->alpha_items = (int64_t)k;
	r->has_alpha = k > 1 && total_var > 0;
	if (r->has_alpha)
		r->alpha = (double)k / (double)(k - 1) * (1 - sum_var / total_var);
}

size_t items_kept(const char *policy, const struct item_take *t, size_t n)
{
	size_t best = 0;

	if (policy != NULL && strcmp(policy, "keep_latest") == 0)
		return n - 1;
	if (policy != NULL && strcmp(policy, "keep_average") == 0)
		return n - 1; /* an average is no attempt: the latest stands for it */
	for (size_t k = 1; k < n; k++)
		if (t[k].score_e4 >= t[best].score_e4)
			best = k;
	return best;
}

int items_report(const struct exam_content *ec, const struct item_take *counted, size_t ncounted,
                 const struct item_take *analysed, size_t nanalysed, struct arena *mem, struct item_report *r)
{
	enum group *group = arena_calloc(mem, nanalysed + 1, sizeof(*group));
	double *scratch = arena_calloc(mem, nanalysed + 1, sizeof(*scratch));
	double *totals = arena_calloc(mem, nanalysed + 1, sizeof(*totals));
	size_t *resp = arena_calloc(mem, nanalysed + 1, sizeof(*resp));

	memset(r, 0, sizeof(*r));
	r->counted = (int64_t)ncounted;
	r->analysed = (int64_t)nanalysed;
	r->points_possible = (double)ec->max_score_e4 / E4;
	r->nquestions = ec->nquestions;
	r->questions = arena_calloc(mem, ec->nquestions + 1, sizeof(*r->questions));
	if (group == NULL || scratch == NULL || totals == NULL || resp == NULL || r->questions == NULL)
		return -1;
	for (size_t k = 0; k < ncounted; k++)
		r->learners += k == 0 || counted[k].user_id != counted[k - 1].user_id;
	if (summarise_scores(counted, ncounted, mem, r) != 0 || assign_groups(analysed, nanalysed, mem, group) != 0)
		return -1;
	for (size_t i = 0; i < ec->nquestions; i++) {
		const struct ex_question *q = &ec->questions[i];
		struct item_question *out = &r->questions[i];

		out->eq_id = q->eq_id;
		out->question_id = q->question_id;
		out->type = q->type;
		out->noptions = q->noptions;
		if ((out->options = arena_calloc(mem, q->noptions + 1, sizeof(*out->options))) == NULL)
			return -1;
		for (size_t o = 0; o < q->noptions; o++) {
			out->options[o].option_id = q->options[o].id;
			out->options[o].correct = q->options[o].correct;
		}
		count_question(q, counted, ncounted, i, out);
		if (question_takes_options(q->type))
			analyse_question(q, i, analysed, nanalysed, group, scratch, resp, out);
	}
	alpha_of(ec, analysed, nanalysed, scratch, totals, r);
	return 0;
}
