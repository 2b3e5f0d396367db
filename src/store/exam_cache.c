/* invigil — each worker's cache of exam content.
 *
 * Saving an answer must not read question bodies from the database: the
 * exam (questions, options, marks, sections, subjects) is loaded once per
 * worker and kept until exams.content_version moves (every import or edit
 * bumps it; every attempt read carries it, so staleness costs no query). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/db.h"
#include "invigil/store.h"

#define CACHE_SLOTS 32

static struct slot {
	struct exam_content *ec;
	uint64_t used;
} slots[CACHE_SLOTS];
static uint64_t clock_tick;

/* Content replaced, evicted or forgotten during the current request: a
 * caller may still hold it (one request can read several exams, or one
 * exam twice across a re-import), so it is freed only when the request
 * ends (exam_cache_release). */
static struct exam_content **retired;
static size_t nretired, retired_cap;

static void content_free(struct exam_content *ec)
{
	if (ec == NULL)
		return;
	for (int i = 0; i < CONTENT_MEMO_SLOTS; i++)
		if (ec->memo[i] != NULL)
			ec->memo[i]->release(ec->memo[i]);
	arena_free(&ec->mem);
	free(ec);
}

/* Keeps ec until the request ends; frees it at once when out of memory
 * (then nothing can be kept safely: the request fails instead). */
static int retire(struct exam_content *ec)
{
	if (ec == NULL)
		return 0;
	if (nretired == retired_cap) {
		size_t cap = retired_cap ? retired_cap * 2 : 8;
		struct exam_content **p = realloc(retired, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		retired = p;
		retired_cap = cap;
	}
	retired[nretired++] = ec;
	return 0;
}

void exam_cache_release(void)
{
	for (size_t i = 0; i < nretired; i++)
		content_free(retired[i]);
	nretired = 0;
}

/* Appends row to the growable array *arrp of *n items in the content's arena.
 * Capacity doubles at every power of two from 8, so n appends copy O(n) bytes
 * (old copies die with the arena).  0, or -1 when out of memory. */
static int push(struct arena *a, void *arrp, size_t *n, const void *row, size_t size)
{
	void **arr = arrp;

	if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0)) {
		size_t cap = *n == 0 ? 8 : *n * 2;
		void *p = arena_alloc(a, cap * size);

		if (p == NULL)
			return -1;
		if (*n > 0)
			memcpy(p, *arr, *n * size);
		*arr = p;
	}
	memcpy((char *)*arr + *n * size, row, size);
	(*n)++;
	return 0;
}

/* Executes q and pushes every fetched row (bound into row) onto *arrp. */
static int fetch_all(struct dbq *q, struct arena *a, void *arrp, size_t *n, const void *row, size_t size)
{
	int rc;

	if (dbq_exec(q) != 0)
		return -1;
	while ((rc = dbq_fetch(q)) == 1)
		if (push(a, arrp, n, row, size) != 0) {
			rc = -1;
			break;
		}
	dbq_done(q);
	return rc < 0 ? -1 : 0;
}

static enum difficulty difficulty_of(const char *s)
{
	return strcmp(s, "easy") == 0 ? DIFF_EASY : strcmp(s, "medium") == 0 ? DIFF_MEDIUM
	     : strcmp(s, "hard") == 0 ? DIFF_HARD : DIFF_NONE;
}

static int load_exam_row(struct exam_content *ec, int64_t id)
{
	struct dbq q;
	struct exam *e = &ec->exam;
	int64_t allow_retake, enable_ranks, allow_pdf, variable_marks, show_answers, published, shuffle, oqaat, cgb;
	bool no_start, no_end, no_dur, no_max, no_rank, no_pass;
	char mode[16];
	int rc;

	dbq_init(&q, STMT_EXAM_FULL, &ec->mem);
	dbq_in_i64(&q, &id);
	dbq_out_i64(&q, &e->id, NULL);
	dbq_out_str(&q, e->slug, sizeof(e->slug), NULL);
	dbq_out_str(&q, e->public_id, sizeof(e->public_id), NULL);
	dbq_out_text(&q, &e->title);
	dbq_out_text(&q, &e->description);
	dbq_out_i64(&q, &e->course_id, NULL);
	dbq_out_text(&q, &e->course_title);
	dbq_out_ms(&q, &e->start_ms, &no_start);
	dbq_out_ms(&q, &e->end_ms, &no_end);
	dbq_out_i64(&q, &e->duration_s, &no_dur);
	dbq_out_i64(&q, &e->question_count, NULL);
	dbq_out_i64(&q, &e->negative_marks_e4, NULL);
	dbq_out_i64(&q, &e->mark_per_question_e4, NULL);
	dbq_out_i64(&q, &e->template_type, NULL);
	dbq_out_i64(&q, &allow_retake, NULL);
	dbq_out_i64(&q, &e->max_attempts, &no_max);
	dbq_out_i64(&q, &enable_ranks, NULL);
	dbq_out_ms(&q, &e->rank_publishing_ms, &no_rank);
	dbq_out_i64(&q, &allow_pdf, NULL);
	dbq_out_ms(&q, &e->created_ms, NULL);
	dbq_out_i64(&q, &variable_marks, NULL);
	dbq_out_i64(&q, &show_answers, NULL);
	dbq_out_i64(&q, &e->passing_score, &no_pass);
	dbq_out_i64(&q, &ec->version, NULL);
	dbq_out_str(&q, mode, sizeof(mode), NULL);
	dbq_out_i64(&q, &ec->grace_s, NULL);
	dbq_out_i64(&q, &published, NULL);
	dbq_out_text(&q, &ec->access_code);
	dbq_out_text(&q, &ec->ip_filter);
	dbq_out_text(&q, &ec->quiz_type);
	dbq_out_text(&q, &ec->hide_results);
	dbq_out_text(&q, &ec->scoring_policy);
	dbq_out_i64(&q, &shuffle, NULL);
	dbq_out_i64(&q, &oqaat, NULL);
	dbq_out_i64(&q, &cgb, NULL);
	rc = dbq_one(&q);
	if (rc != 1)
		return rc;
	e->has_start = !no_start;
	e->has_end = !no_end;
	e->has_rank_publishing = !no_rank;
	e->allow_retake = allow_retake != 0;
	e->enable_ranks = enable_ranks != 0;
	e->allow_pdf = allow_pdf != 0;
	e->variable_marks = variable_marks != 0;
	e->show_answers = show_answers != 0;
	e->published = published != 0;
	if (no_pass)
		e->passing_score = -1;
	ec->timer_mode = strcmp(mode, "wall") == 0 ? TIMER_WALL : TIMER_PAUSABLE;
	ec->shuffle = shuffle != 0;
	ec->one_question_at_a_time = oqaat != 0;
	ec->cant_go_back = cgb != 0;
	return 1;
}

static int load_sections(struct exam_content *ec)
{
	struct dbq q;
	struct ex_section row;

	dbq_init(&q, STMT_EXAM_SECTIONS, &ec->mem);
	dbq_in_i64(&q, &ec->exam.id);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_text(&q, &row.title);
	dbq_out_i64(&q, &row.duration_s, NULL);
	return fetch_all(&q, &ec->mem, &ec->sections, &ec->nsections, &row, sizeof(row));
}

static int load_questions(struct exam_content *ec)
{
	struct dbq q;
	struct ex_question row;
	char type[4], diff[12];
	int64_t partial, bonus, cs, has_answer, position;
	int rc;

	memset(&row, 0, sizeof(row));
	dbq_init(&q, STMT_EXAM_QUESTIONS, &ec->mem);
	dbq_in_i64(&q, &ec->exam.id);
	dbq_out_i64(&q, &row.eq_id, NULL);
	dbq_out_i64(&q, &row.question_id, NULL);
	dbq_out_i64(&q, &position, NULL);
	dbq_out_str(&q, type, sizeof(type), NULL);
	dbq_out_text(&q, &row.html);
	dbq_out_text(&q, &row.direction);
	dbq_out_text(&q, &row.explanation);
	dbq_out_i64(&q, &row.subject_id, NULL);
	dbq_out_str(&q, diff, sizeof(diff), NULL);
	dbq_out_i64(&q, &row.marks_e4, NULL);
	dbq_out_i64(&q, &row.negative_e4, NULL);
	dbq_out_i64(&q, &partial, NULL);
	dbq_out_i64(&q, &bonus, NULL);
	dbq_out_i64(&q, &cs, NULL);
	dbq_out_double(&q, &row.answer);
	dbq_out_double(&q, &row.tolerance);
	dbq_out_i64(&q, &has_answer, NULL);
	dbq_out_i64(&q, &row.section_id, NULL);
	if (dbq_exec(&q) != 0)
		return -1;
	while ((rc = dbq_fetch(&q)) == 1) {
		row.type = (enum question_type)type[0]; /* the stored code is the enum value */
		row.position = (int)position;
		row.difficulty = difficulty_of(diff);
		row.partial = partial != 0;
		row.bonus = bonus != 0;
		row.case_sensitive = cs != 0;
		row.has_answer = has_answer != 0;
		if (push(&ec->mem, &ec->questions, &ec->nquestions, &row, sizeof(row)) != 0) {
			rc = -1;
			break;
		}
		ec->max_score_e4 += row.marks_e4;
	}
	dbq_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Every question's options, a statement each: a single-table read on its
 * index (the join of all an exam's options crashed MariaDB 10.11.19; see
 * STMT_QUESTION_OPTIONS).  The cache loads an exam once per content
 * version, so the round trips are paid rarely. */
static int load_options(struct exam_content *ec)
{
	for (size_t i = 0; i < ec->nquestions; i++) {
		struct ex_question *eq = &ec->questions[i];
		struct ex_option row;
		int64_t correct;
		bool no_marks;
		struct dbq q;
		int rc;

		dbq_init(&q, STMT_QUESTION_OPTIONS, &ec->mem);
		dbq_in_i64(&q, &eq->question_id);
		dbq_out_i64(&q, &row.id, NULL);
		dbq_out_text(&q, &row.text);
		dbq_out_i64(&q, &correct, NULL);
		dbq_out_i64(&q, &row.marks_e4, &no_marks);
		if (dbq_exec(&q) != 0)
			return -1;
		while ((rc = dbq_fetch(&q)) == 1) {
			row.correct = correct != 0;
			row.has_marks = !no_marks;
			if (push(&ec->mem, &eq->options, &eq->noptions, &row, sizeof(row)) != 0) {
				rc = -1;
				break;
			}
		}
		dbq_done(&q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int load_subjects(struct exam_content *ec)
{
	struct dbq q;
	struct ex_subject row;

	dbq_init(&q, STMT_COURSE_SUBJECTS, &ec->mem);
	dbq_in_i64(&q, &ec->exam.course_id);
	dbq_out_i64(&q, &row.id, NULL);
	dbq_out_i64(&q, &row.parent_id, NULL);
	dbq_out_text(&q, &row.name);
	return fetch_all(&q, &ec->mem, &ec->subjects, &ec->nsubjects, &row, sizeof(row));
}

/* The exam's content version now: 1 with *version, 0 when absent, -1. */
static int version_of(int64_t exam_id, int64_t *version)
{
	struct dbq q;

	dbq_init(&q, STMT_EXAM_VERSION, NULL);
	dbq_in_i64(&q, &exam_id);
	dbq_out_i64(&q, version, NULL);
	return dbq_one(&q);
}

/* Loads exam id: 1 with *out (caller owns it), 0 when absent, -1. */
static int content_load(int64_t id, struct exam_content **out)
{
	struct exam_content *ec = calloc(1, sizeof(*ec));
	int64_t after = 0;
	int rc;

	if (ec == NULL)
		return db_fail(DB_ERR_OTHER, "out of memory");
	rc = load_exam_row(ec, id);
	if (rc == 1 && (load_sections(ec) != 0 || load_questions(ec) != 0 || load_options(ec) != 0 ||
	                load_subjects(ec) != 0 || version_of(id, &after) < 0))
		rc = -1;
	/* Each read sees what was committed when it ran (READ COMMITTED), and
	 * every change of content moves the version in its own transaction: a
	 * version that moved while the reads ran may label a mix of two.  Such
	 * a copy is labelled 0, which no read asks for and no attempt's
	 * records match (engine_answer_span), so the next use loads it again. */
	if (rc == 1 && after != ec->version)
		ec->version = 0;
	if (rc != 1) {
		content_free(ec);
		return rc;
	}
	*out = ec;
	return 1;
}

int exam_cache_get(int64_t exam_id, int64_t version, const struct exam_content **out)
{
	struct slot *victim = &slots[0];
	struct exam_content *ec = NULL;
	int rc;

	/* the caller does not know it: one primary-key read */
	if (version == 0 && (rc = version_of(exam_id, &version)) != 1)
		return rc;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct slot *s = &slots[i];

		if (s->ec != NULL && s->ec->exam.id == exam_id) {
			if (s->ec->version == version) {
				s->used = ++clock_tick;
				*out = s->ec;
				return 1;
			}
			victim = s; /* stale: reload into the same slot */
			break;
		}
		if (s->ec == NULL || s->used < victim->used)
			victim = s;
	}
	rc = content_load(exam_id, &ec);
	if (rc != 1)
		return rc;
	if (retire(victim->ec) != 0) {
		content_free(ec);
		return db_fail(DB_ERR_OTHER, "out of memory");
	}
	victim->ec = ec;
	victim->used = ++clock_tick;
	*out = ec;
	return 1;
}

int exam_cache_peek(int64_t exam_id, const struct exam_content **out)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (slots[i].ec != NULL && slots[i].ec->exam.id == exam_id) {
			slots[i].used = ++clock_tick;
			*out = slots[i].ec;
			return 1;
		}
	return 0;
}

void exam_cache_forget(int64_t exam_id)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (slots[i].ec != NULL && slots[i].ec->exam.id == exam_id) {
			if (retire(slots[i].ec) != 0)
				continue; /* out of memory: keep it cached rather than free it under a caller */
			slots[i].ec = NULL;
			slots[i].used = 0;
		}
}

int exam_cache_by_slug(const char *slug, const struct exam_content **out)
{
	struct dbq q;
	int64_t id, version;
	int rc;

	dbq_init(&q, STMT_EXAM_ID_BY_SLUG, NULL);
	dbq_in_str(&q, slug);
	dbq_out_i64(&q, &id, NULL);
	dbq_out_i64(&q, &version, NULL);
	rc = dbq_one(&q);
	if (rc != 1)
		return rc;
	return exam_cache_get(id, version, out);
}
