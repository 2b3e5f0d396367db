/* invigil — grading: pure functions of a question and an answer.
 *
 * Choice questions are all or nothing, unless the question allows partial
 * marks: then choosing only correct options earns their share (or their own
 * option marks), and any wrong option costs the negative marks.  Unanswered
 * scores 0.  A bonus question gives everyone its full marks.  Essays wait
 * for a grader (pending). */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "invigil/rules.h"

/* [s, s+len) without surrounding white space. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

static bool answered(const struct ex_question *q, const struct answer *a)
{
	size_t n = 0;

	switch (q->type) {
	case QT_SINGLE:
	case QT_TRUE_FALSE:
	case QT_MULTIPLE:
		return a->nselected > 0;
	default:
		if (a->text != NULL)
			trim(a->text, &n);
		return n > 0;
	}
}

static size_t count_correct(const struct ex_question *q)
{
	size_t n = 0;

	for (size_t i = 0; i < q->noptions; i++)
		n += q->options[i].correct;
	return n;
}

static void set(struct answer *a, enum answer_result r, int64_t marks)
{
	a->result = r;
	a->has_marks = true;
	a->marks_e4 = marks;
}

static void grade_single(const struct ex_question *q, struct answer *a)
{
	const struct ex_option *o = a->nselected == 1 ? question_option(q, a->selected[0]) : NULL;

	if (o != NULL && o->correct)
		set(a, AR_CORRECT, q->marks_e4);
	else
		set(a, AR_INCORRECT, -q->negative_e4);
}

static void grade_multiple(const struct ex_question *q, struct answer *a)
{
	size_t right = 0, wrong = 0, want = count_correct(q);
	int64_t option_marks = 0;
	bool all_have_marks = true;

	for (size_t i = 0; i < a->nselected; i++) {
		const struct ex_option *o = question_option(q, a->selected[i]);

		if (o != NULL && o->correct) {
			right++;
			option_marks += o->marks_e4;
			all_have_marks &= o->has_marks;
		} else {
			wrong++;
		}
	}
	if (wrong == 0 && right == want) {
		set(a, AR_CORRECT, q->marks_e4);
	} else if (q->partial && wrong == 0 && right > 0 && want > 0) {
		int64_t share = all_have_marks ? option_marks : q->marks_e4 * (int64_t)right / (int64_t)want;

		set(a, AR_PARTIAL, share);
	} else {
		set(a, AR_INCORRECT, -q->negative_e4);
	}
}

static void grade_numeric(const struct ex_question *q, struct answer *a)
{
	size_t n;
	const char *s = trim(a->text, &n);
	char buf[64], *end;
	double v;

	if (n == 0 || n >= sizeof(buf) || !q->has_answer) {
		set(a, AR_INCORRECT, -q->negative_e4);
		return;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtod(buf, &end);
	/* a tolerance of 0 still forgives binary rounding (0.1 + 0.2) */
	if (*end == '\0' && isfinite(v) && fabs(v - q->answer) <= q->tolerance + 1e-9 * fmax(1.0, fabs(q->answer)))
		set(a, AR_CORRECT, q->marks_e4);
	else
		set(a, AR_INCORRECT, -q->negative_e4);
}

static void grade_short(const struct ex_question *q, struct answer *a)
{
	size_t n, m;
	const char *s = trim(a->text, &n);

	for (size_t i = 0; i < q->noptions; i++) {
		const char *t = trim(q->options[i].text, &m);

		if (m == n && (q->case_sensitive ? strncmp(s, t, n) == 0 : strncasecmp(s, t, n) == 0)) {
			set(a, AR_CORRECT, q->marks_e4);
			return;
		}
	}
	set(a, AR_INCORRECT, -q->negative_e4);
}

void grade_answer(const struct ex_question *q, struct answer *a)
{
	if (!answered(q, a)) {
		set(a, AR_UNANSWERED, 0);
	} else {
		switch (q->type) {
		case QT_SINGLE:
		case QT_TRUE_FALSE: grade_single(q, a); break;
		case QT_MULTIPLE: grade_multiple(q, a); break;
		case QT_NUMERIC: grade_numeric(q, a); break;
		case QT_SHORT_TEXT: grade_short(q, a); break;
		default:
			a->result = AR_PENDING; /* essays wait for a grader */
			a->has_marks = false;
			a->marks_e4 = 0;
		}
	}
	if (q->bonus) {
		a->has_marks = true;
		a->marks_e4 = q->marks_e4;
	}
}

void grade_attempt(const struct exam_content *ec, struct answer *answers, size_t n, struct grade_totals *out)
{
	memset(out, 0, sizeof(*out));
	out->max_score_e4 = ec->max_score_e4;
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, answers[i].eq_id);

		if (q == NULL)
			continue;
		grade_answer(q, &answers[i]);
		if (answers[i].has_marks)
			out->score_e4 += answers[i].marks_e4;
		if (q->bonus)
			out->bonus_e4 += q->marks_e4;
		switch (answers[i].result) {
		case AR_CORRECT: out->correct++; break;
		case AR_PARTIAL: out->partial++; out->correct++; break;
		case AR_INCORRECT: out->incorrect++; break;
		case AR_PENDING: out->pending++; break;
		default: out->unanswered++;
		}
	}
	out->percentage_e4 = out->max_score_e4 > 0 ? out->score_e4 * 1000000 / out->max_score_e4 : 0;
	if (out->percentage_e4 < 0)
		out->percentage_e4 = 0;
}

void grade_totals_of(const struct exam_content *ec, const struct answer *rows, size_t n, int64_t fudge_e4,
                     struct grade_totals *t)
{
	memset(t, 0, sizeof(*t));
	t->max_score_e4 = ec->max_score_e4;
	for (size_t i = 0; i < n; i++) {
		const struct ex_question *q = exam_question(ec, rows[i].eq_id);

		if (rows[i].has_marks)
			t->score_e4 += rows[i].marks_e4;
		if (q != NULL && q->bonus)
			t->bonus_e4 += q->marks_e4;
		switch (rows[i].result) {
		case AR_CORRECT: t->correct++; break;
		case AR_PARTIAL: t->correct++; t->partial++; break;
		case AR_INCORRECT: t->incorrect++; break;
		case AR_PENDING: t->pending++; break;
		default: t->unanswered++;
		}
	}
	t->score_e4 += fudge_e4;
	t->percentage_e4 = t->max_score_e4 > 0 ? t->score_e4 * 1000000 / t->max_score_e4 : 0;
	if (t->percentage_e4 < 0)
		t->percentage_e4 = 0;
}

bool grade_passed(int64_t passing_score, int64_t percentage_e4)
{
	return passing_score < 0 || percentage_e4 >= passing_score * 10000;
}

enum attempt_result grade_result(int64_t passing_score, const struct grade_totals *t)
{
	if (t->pending > 0)
		return RESULT_PENDING;
	return grade_passed(passing_score, t->percentage_e4) ? RESULT_PASSED : RESULT_FAILED;
}

static const char *const result_names[RESULT__MAX] = {
	"passed",  /* RESULT_PASSED */
	"failed",  /* RESULT_FAILED */
	"pending", /* RESULT_PENDING */
};

const char *grade_result_name(enum attempt_result r)
{
	return (unsigned)r < RESULT__MAX ? result_names[r] : "pending";
}
