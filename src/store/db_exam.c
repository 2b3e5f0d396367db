/* invigil — exams as faces list them. */
#include "config.h"

#include <string.h>

#include "invigil/db.h"
#include "invigil/store.h"

/* Binds the visibility and filter parameters shared by list and count. */
static void bind_filter(struct dbq *q, const struct exam_filter *f, const int64_t *all)
{
	dbq_in_i64(q, all);
	dbq_in_i64(q, &f->user_id);
	dbq_in_str(q, f->course);
	dbq_in_str(q, f->course);
	dbq_in_str(q, f->course);
	dbq_in_str(q, f->title_like);
	dbq_in_str(q, f->title_like);
	dbq_in_i64(q, f->course_id > 0 ? &f->course_id : NULL);
	dbq_in_i64(q, f->course_id > 0 ? &f->course_id : NULL);
}

/* Flags bound as integers, read back as bool. */
struct exam_flags {
	int64_t allow_retake, enable_ranks, allow_pdf, variable_marks, show_answers;
	bool no_start, no_end, no_duration, no_max, no_rank_pub, no_pass;
};

static void bind_exam(struct dbq *q, struct exam *e, struct exam_flags *fl)
{
	dbq_out_i64(q, &e->id, NULL);
	dbq_out_str(q, e->slug, sizeof(e->slug), NULL);
	dbq_out_str(q, e->public_id, sizeof(e->public_id), NULL);
	dbq_out_text(q, &e->title);
	dbq_out_text(q, &e->description);
	dbq_out_i64(q, &e->course_id, NULL);
	dbq_out_text(q, &e->course_title);
	dbq_out_ms(q, &e->start_ms, &fl->no_start);
	dbq_out_ms(q, &e->end_ms, &fl->no_end);
	dbq_out_i64(q, &e->duration_s, &fl->no_duration);
	dbq_out_i64(q, &e->question_count, NULL);
	dbq_out_i64(q, &e->negative_marks_e4, NULL);
	dbq_out_i64(q, &e->mark_per_question_e4, NULL);
	dbq_out_i64(q, &e->template_type, NULL);
	dbq_out_i64(q, &fl->allow_retake, NULL);
	dbq_out_i64(q, &e->max_attempts, &fl->no_max);
	dbq_out_i64(q, &fl->enable_ranks, NULL);
	dbq_out_ms(q, &e->rank_publishing_ms, &fl->no_rank_pub);
	dbq_out_i64(q, &fl->allow_pdf, NULL);
	dbq_out_ms(q, &e->created_ms, NULL);
	dbq_out_i64(q, &fl->variable_marks, NULL);
	dbq_out_i64(q, &fl->show_answers, NULL);
	dbq_out_i64(q, &e->passing_score, &fl->no_pass);
}

static void finish_exam(struct exam *e, const struct exam_flags *fl)
{
	e->has_start = !fl->no_start;
	e->has_end = !fl->no_end;
	e->has_rank_publishing = !fl->no_rank_pub;
	e->allow_retake = fl->allow_retake != 0;
	e->enable_ranks = fl->enable_ranks != 0;
	e->allow_pdf = fl->allow_pdf != 0;
	e->variable_marks = fl->variable_marks != 0;
	e->show_answers = fl->show_answers != 0;
	if (fl->no_pass)
		e->passing_score = -1;
}

int db_exam_list(const struct exam_filter *f, int64_t offset, int64_t max, struct arena *a,
                 struct exam *out, size_t *n)
{
	struct dbq q;
	struct exam row;
	struct exam_flags fl;
	int64_t all = f->all;
	int rc;

	*n = 0;
	dbq_init(&q, STMT_EXAM_LIST, a);
	bind_filter(&q, f, &all);
	dbq_in_i64(&q, &max);
	dbq_in_i64(&q, &offset);
	memset(&row, 0, sizeof(row));
	bind_exam(&q, &row, &fl);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1 && (int64_t)*n < max) {
		finish_exam(&row, &fl);
		out[(*n)++] = row;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

int db_exam_count(const struct exam_filter *f, int64_t *count)
{
	struct dbq q;
	int64_t all = f->all;
	int rc;

	dbq_init(&q, STMT_EXAM_COUNT, NULL);
	bind_filter(&q, f, &all);
	dbq_out_i64(&q, count, NULL);
	rc = dbq_one(&q);
	return rc < 0 ? -1 : 0;
}

int db_exams_by_access_code(const char *code, int64_t *ids, size_t max, size_t *n)
{
	struct dbq q;
	int64_t id, lim = (int64_t)max;

	dbq_init(&q, STMT_EXAMS_BY_ACCESS_CODE, NULL);
	dbq_in_str(&q, code);
	dbq_in_i64(&q, &lim);
	dbq_out_i64(&q, &id, NULL);
	return dbq_all(&q, &id, sizeof(id), ids, max, n);
}
