/* Unit tests: item analysis (src/rules/items.c) against hand-computed
 * numbers.  The fixture is the six learners and four questions of Canvas's
 * own item-analysis spec (two true/false and two four-option questions, one
 * mark each), so every count, group, point-biserial and the facility match
 * what Canvas reports for the same answers; discrimination, Cronbach's
 * alpha (over every question, blanks scoring 0: Canvas shows it only past
 * 15 questions, and computes it otherwise), the median and the histogram
 * are computed by hand below. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "invigil/rules.h"
#include "../tap.h"

#define NQ 4
#define NT 6

static struct ex_option opts[NQ][4];
static struct ex_question qs[NQ];
static struct exam_content ec;
static struct item_answer ans[NT][NQ];
static struct item_take takes[NT];

/* Option letters per question (key first in Canvas's spec: T, D, F, A). */
static const char *const letters[NQ] = {"TF", "ABCD", "TF", "ABCD"};
static const char key[NQ] = {'T', 'D', 'F', 'A'};
/* Each learner's answers ('_' blank) and total score. */
static const char *const sheets[NT] = {"TBTA", "TDFA", "FATC", "TDFB", "TDFA", "FD__"};

static bool near(double got, double want)
{
	return fabs(got - want) < 1e-9;
}

static void build(void)
{
	for (int q = 0; q < NQ; q++) {
		size_t n = strlen(letters[q]);

		for (size_t o = 0; o < n; o++)
			opts[q][o] = (struct ex_option){.id = 100 * (q + 1) + (int64_t)o, .correct = letters[q][o] == key[q]};
		qs[q] = (struct ex_question){.eq_id = q + 1, .question_id = 10 + q, .position = q + 1,
		                             .type = n == 2 ? QT_TRUE_FALSE : QT_SINGLE, .marks_e4 = 10000,
		                             .options = opts[q], .noptions = n};
	}
	ec.questions = qs;
	ec.nquestions = NQ;
	ec.max_score_e4 = NQ * 10000;
	for (int t = 0; t < NT; t++) {
		int64_t score = 0, right = 0, wrong = 0;

		for (int q = 0; q < NQ; q++) {
			char c = sheets[t][q];
			const char *at = strchr(letters[q], c);

			if (c == '_' || at == NULL)
				continue;
			ans[t][q].answered = true;
			ans[t][q].picked = UINT64_C(1) << (at - letters[q]);
			ans[t][q].result = c == key[q] ? AR_CORRECT : AR_INCORRECT;
			ans[t][q].marks_e4 = c == key[q] ? 10000 : 0;
			score += ans[t][q].marks_e4;
			right += c == key[q];
			wrong += c != key[q];
		}
		takes[t] = (struct item_take){.user_id = t + 1, .attempt_no = 1, .score_e4 = score,
		                              .time_used_ms = 60000 * (t + 1), .correct = right, .incorrect = wrong,
		                              .answers = ans[t]};
	}
}

static void check_question(const struct item_report *r, int q, int64_t answered, int64_t groups[3], int64_t right[3],
                           double variance, const double *pb, const bool *has_pb)
{
	const struct item_question *iq = &r->questions[q];

	ok(iq->analysed, "Q%d is analysed", q + 1);
	is_int(iq->answered, answered, "Q%d answered", q + 1);
	is_int(iq->top, groups[2], "Q%d top", q + 1);
	is_int(iq->middle, groups[1], "Q%d middle", q + 1);
	is_int(iq->bottom, groups[0], "Q%d bottom", q + 1);
	is_int(iq->correct_top, right[2], "Q%d correct in the top", q + 1);
	is_int(iq->correct_middle, right[1], "Q%d correct in the middle", q + 1);
	is_int(iq->correct_bottom, right[0], "Q%d correct in the bottom", q + 1);
	ok(near(iq->difficulty, (double)(right[0] + right[1] + right[2]) / (double)answered), "Q%d facility %.4f", q + 1,
	   iq->difficulty);
	ok(near(iq->variance, variance), "Q%d item variance %.7f (want %.7f)", q + 1, iq->variance, variance);
	ok(near(iq->stdev, sqrt(variance)), "Q%d item stdev", q + 1);
	ok(iq->has_discrimination &&
	   near(iq->discrimination, (double)right[2] / (double)groups[2] - (double)right[0] / (double)groups[0]),
	   "Q%d discrimination %.4f", q + 1, iq->discrimination);
	for (size_t o = 0, other = 0; o < iq->noptions; o++) {
		/* pb[] lists the key first, then the others in order, as Canvas does */
		size_t slot = iq->options[o].correct ? 0 : ++other;

		if (has_pb[slot])
			ok(iq->options[o].has_point_biserial && fabs(iq->options[o].point_biserial - pb[slot]) < 1e-12,
			   "Q%d option %c point-biserial %.15f (want %.15f)", q + 1, letters[q][o], iq->options[o].point_biserial,
			   pb[slot]);
		else
			ok(!iq->options[o].has_point_biserial, "Q%d option %c: no point-biserial (nobody chose it)", q + 1,
			   letters[q][o]);
	}
}

int main(void)
{
	static struct arena mem;
	struct item_report r;
	double sumvar, total_var;

	build();
	is_int(items_report(&ec, takes, NT, takes, NT, &mem, &r), 0, "the report is made");
	is_int(r.counted, NT, "six takes counted");
	is_int(r.learners, NT, "six learners");
	/* totals 2, 4, 0, 3, 4, 1 */
	ok(near(r.mean, 14.0 / 6), "mean %.4f", r.mean);
	ok(near(r.median, 2.5), "median 2.5 (of 0 1 2 3 4 4)");
	ok(near(r.high, 4) && near(r.low, 0), "high 4, low 0");
	ok(near(r.stdev, sqrt(80.0 / 36)), "population stdev %.6f", r.stdev);
	ok(near(r.correct_average, 14.0 / 6) && near(r.incorrect_average, 8.0 / 6), "correct and incorrect averages");
	ok(near(r.duration_average_s, 210), "duration average 210 s");
	/* percentages of 4 points: 50, 100, 0, 75, 100, 25 */
	is_int((int64_t)r.nbuckets, 5, "five histogram buckets");
	ok(r.nbuckets == 5 && r.histogram[0].percent == 0 && r.histogram[4].percent == 100 && r.histogram[4].count == 2,
	   "from 0 %% to 100 %% (two at 100 %%)");
	{
		int64_t g1[3] = {2, 2, 2}, c1[3] = {0, 2, 2};
		double pb1[] = {0.8696263565463043, -0.8696263565463043};
		bool h1[] = {true, true};
		int64_t g2[3] = {2, 2, 2}, c2[3] = {1, 1, 2};
		/* key D, then A, B, C */
		double pb2[] = {0.6324555320336759, -0.7, -0.1, 0};
		bool h2[] = {true, true, true, false};
		int64_t g3[3] = {1, 2, 2}, c3[3] = {0, 1, 2};
		double pb3[] = {0.8728715609439694, -0.8728715609439694};
		int64_t g4[3] = {1, 2, 2}, c4[3] = {0, 1, 2};
		double pb4[] = {0.6000991981489792, 0.13363062095621223, -0.8685990362153794, 0};
		bool h4[] = {true, true, true, false};

		check_question(&r, 0, 6, g1, c1, 2.0 / 9, pb1, h1);
		check_question(&r, 1, 6, g2, c2, 2.0 / 9, pb2, h2);
		check_question(&r, 2, 5, g3, c3, 0.24, pb3, h1);
		check_question(&r, 3, 5, g4, c4, 0.24, pb4, h4);
	}
	is_int(r.questions[2].blank, 1, "Q3: one blank");
	is_int(r.questions[1].options[3].responses, 4, "Q2: D chosen four times");
	/* alpha = k/(k-1) (1 - sum of item variances / variance of totals), each
	 * item scored for all six (a blank is 0): Q3 and Q4 have 3 right of 6 */
	sumvar = 2.0 / 9 + 2.0 / 9 + 0.25 + 0.25;
	total_var = 80.0 / 36;
	ok(r.has_alpha && near(r.alpha, 4.0 / 3 * (1 - sumvar / total_var)), "Cronbach's alpha %.6f", r.alpha);
	is_int(r.alpha_items, 4, "over four questions");

	/* one take: no spread, no alpha, no point-biserials */
	is_int(items_report(&ec, takes, 1, takes, 1, &mem, &r), 0, "a report of one take");
	ok(!r.has_alpha, "no alpha without spread");
	ok(!r.questions[0].options[0].has_point_biserial, "no point-biserial from one learner");
	ok(near(r.median, 2) && near(r.stdev, 0), "median 2, stdev 0");
	/* none */
	is_int(items_report(&ec, takes, 0, takes, 0, &mem, &r), 0, "a report of no takes");
	ok(!r.has_scores && !r.has_alpha && r.nbuckets == 0 && r.questions[0].difficulty == 0, "nothing to show");
	arena_free(&mem);
	return done_testing();
}
