/* invigil — `invigil report EXAM`: an exam's item analysis printed for
 * people, or as CSV for spreadsheets (docs/item-analysis.md).  The numbers
 * are the engine's, the same the Canvas face's quiz statistics show. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "invigil/cli.h"
#include "invigil/engine.h"

/* A number, or empty (CSV) / "-" (text) when undefined. */
static void put_num(FILE *f, bool have, double v, bool csv)
{
	if (have)
		fprintf(f, "%.4f", v);
	else
		fputs(csv ? "" : "     -", f);
}

static void print_csv(FILE *f, const struct item_report *r)
{
	fputs("row,position,question_id,type,responses,answered,correct,facility,discrimination,item_stdev,"
	      "option_id,key,option_responses,point_biserial,mean,median,stdev,alpha\n", f);
	fprintf(f, "exam,,,,%lld,%lld,,,,,,,,,", (long long)r->counted, (long long)r->analysed);
	put_num(f, r->has_scores, r->mean, true);
	fputc(',', f);
	put_num(f, r->has_scores, r->median, true);
	fputc(',', f);
	put_num(f, r->has_scores, r->stdev, true);
	fputc(',', f);
	put_num(f, r->has_alpha, r->alpha, true);
	fputc('\n', f);
	for (size_t i = 0; i < r->nquestions; i++) {
		const struct item_question *q = &r->questions[i];
		size_t nopt = question_takes_options(q->type) ? q->noptions : 0, rows = nopt ? nopt : 1;

		for (size_t o = 0; o < rows; o++) {
			fprintf(f, "%s,%zu,%lld,%s,%lld,%lld,%lld,", nopt ? "option" : "question", i + 1,
			        (long long)q->question_id, question_type_name(q->type), (long long)q->responses,
			        (long long)q->answered, (long long)(q->analysed ? q->correct_answered : q->correct));
			put_num(f, q->analysed, q->difficulty, true);
			fputc(',', f);
			put_num(f, q->has_discrimination, q->discrimination, true);
			fputc(',', f);
			put_num(f, q->analysed, q->stdev, true);
			if (nopt) {
				const struct item_option *op = &q->options[o];

				fprintf(f, ",%lld,%d,%lld,", (long long)op->option_id, op->correct, (long long)op->responses);
				put_num(f, op->has_point_biserial, op->point_biserial, true);
			} else {
				fputs(",,,,", f);
			}
			fputs(",,,,\n", f);
		}
	}
}

static void print_text(FILE *f, const struct exam_content *ec, const struct item_report *r)
{
	fprintf(f, "%s \"%s\": %lld attempts counted (%lld learners), %lld first attempts analysed\n", ec->exam.slug,
	        ec->exam.title ? ec->exam.title : "", (long long)r->counted, (long long)r->learners,
	        (long long)r->analysed);
	if (r->has_scores)
		fprintf(f, "score out of %.2f points: mean %.2f, median %.2f, sd %.2f, low %.2f, high %.2f\n", r->points_possible,
		        r->mean, r->median, r->stdev, r->low, r->high);
	fprintf(f, "Cronbach's alpha over %lld questions: ", (long long)r->alpha_items);
	put_num(f, r->has_alpha, r->alpha, false);
	fputs("\nscores (percent: attempts):", f);
	for (size_t i = 0; i < r->nbuckets; i++)
		fprintf(f, " %lld%%: %lld", (long long)r->histogram[i].percent, (long long)r->histogram[i].count);
	fputs("\n\n  #  question  type             answered  facility  discrim  item sd  options (* key: responses, "
	      "point-biserial)\n", f);
	for (size_t i = 0; i < r->nquestions; i++) {
		const struct item_question *q = &r->questions[i];

		fprintf(f, "%3zu  %8lld  %-15s  %8lld  ", i + 1, (long long)q->question_id, question_type_name(q->type),
		        (long long)(q->analysed ? q->answered : q->responses));
		put_num(f, q->analysed, q->difficulty, false);
		fputs("  ", f);
		put_num(f, q->has_discrimination, q->discrimination, false);
		fputs("  ", f);
		put_num(f, q->analysed, q->stdev, false);
		fputs(" ", f);
		for (size_t o = 0; question_takes_options(q->type) && o < q->noptions; o++) {
			fprintf(f, " %s%lld: %lld ", q->options[o].correct ? "*" : "", (long long)q->options[o].option_id,
			        (long long)q->options[o].responses);
			if (q->options[o].has_point_biserial)
				fprintf(f, "%+.3f", q->options[o].point_biserial);
			else
				fputs("-", f);
		}
		if (!q->analysed)
			fprintf(f, " correct %lld, partly %lld, wrong %lld", (long long)q->correct, (long long)q->partial,
			        (long long)q->incorrect);
		fputc('\n', f);
	}
}

void report_print(FILE *f, const struct exam_content *ec, const struct item_report *r, bool csv)
{
	if (csv)
		print_csv(f, r);
	else
		print_text(f, ec, r);
}
