/* invigil — `invigil demo-cohort COURSE`: a simulated cohort for a demo
 * course, so that its item analysis and statistics show real numbers from
 * the first `./dev up` (docs/item-analysis.md).  It makes learners of its
 * own (COURSE-cohort-NN, without passwords: nobody logs in as them), so the
 * demo accounts stay untouched, and takes every published exam of the
 * course for each through the engine's one-shot submission, under every
 * rule a real learner meets.  Answers follow a simple item-response model:
 * each learner has an ability, each question a difficulty (easy, medium,
 * hard), and a right answer is likelier the more the ability exceeds it.
 * Essays are scored by the course's staff rule (an admin's rescore).  Each
 * learner also opens the course's other lessons and watches part of its
 * videos, so the Testpress admin API's content report has rows too.  A
 * seeded generator makes the cohort the same on every machine; a learner
 * who has an attempt at an exam, or has opened a video, is left alone there,
 * so running it again changes nothing. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "invigil/cli.h"
#include "invigil/engine.h"
#include "invigil/fmt.h"
#include "invigil/store.h"

#define EXAMS_MAX 64

struct rng {
	uint64_t s;
};

/* xorshift64*: a uniform double in [0, 1). */
static double uniform(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (double)((r->s * UINT64_C(2685821657736338717)) >> 11) / 9007199254740992.0;
}

/* A standard normal (Box-Muller). */
static double normal(struct rng *r)
{
	double u = uniform(r), v = uniform(r);

	return sqrt(-2 * log(u > 0 ? u : 1e-12)) * cos(2 * M_PI * v);
}

static double difficulty_of(enum difficulty d)
{
	return d == DIFF_EASY ? -1.0 : d == DIFF_HARD ? 1.0 : 0.0;
}

/* One answer to q by a learner of ability theta; false for a blank. */
static bool answer(struct rng *r, const struct ex_question *q, double theta, struct arena *mem, struct answer_input *in)
{
	bool right = uniform(r) < 1 / (1 + exp(-1.7 * (theta - difficulty_of(q->difficulty))));

	memset(in, 0, sizeof(*in));
	in->payload = "{\"cohort\":true}";
	if (uniform(r) < 0.04)
		return false;
	if (question_takes_options(q->type)) {
		size_t pick = (size_t)(uniform(r) * (double)q->noptions);

		in->has_selected = true;
		for (size_t o = 0; o < q->noptions && in->nselected < ANSWER_MAX_SELECTED; o++) {
			bool chosen = q->options[o].correct;

			if (!right)
				chosen = question_single_pick(q->type) ? o == pick && !q->options[o].correct
				                                       : (o == pick) != q->options[o].correct;
			if (chosen)
				in->selected[in->nselected++] = q->options[o].id;
		}
		if (in->nselected == 0) /* a wrong pick landed on the key: take the first other option */
			for (size_t o = 0; o < q->noptions && in->nselected == 0; o++)
				if (!q->options[o].correct)
					in->selected[in->nselected++] = q->options[o].id;
		return in->nselected > 0;
	}
	in->has_text = true;
	if (q->type == QT_NUMERIC)
		in->text = arena_printf(mem, "%.17g", q->has_answer ? q->answer + (right ? 0 : 1 + (int)(uniform(r) * 5)) : 0);
	else if (q->type == QT_SHORT_TEXT)
		in->text = right && q->noptions > 0 ? q->options[0].text : "I am not sure.";
	else
		in->text = "A short essay written for the demo cohort.";
	return in->text != NULL;
}

/* Scores the essays of a pending attempt as a grader would: full marks
 * times the learner's chance of a right answer, rounded down to a tenth. */
static int grade_essays(struct engine_ctx *admin, struct attempt *a, const struct exam_content *ec, double theta)
{
	struct score_change ch[EXAM_QUESTIONS_MAX];
	size_t n = 0;

	for (size_t i = 0; i < ec->nquestions; i++) {
		const struct ex_question *q = &ec->questions[i];
		double p = 1 / (1 + exp(-1.7 * (theta - difficulty_of(q->difficulty))));

		if (q->type == QT_ESSAY)
			ch[n++] = (struct score_change){.eq_id = q->eq_id, .has_score = true,
			                                .score_e4 = (int64_t)(p * (double)q->marks_e4 / 1000) * 1000};
	}
	return n == 0 || engine_rescore(admin, a, ec, ch, n, false, 0) == INV_OK ? 0 : -1;
}

/* One attempt of ec by user uid; 1 made, 0 refused (logged), -1 failed. */
static int take(struct rng *r, int64_t uid, const struct exam_content *ec, double theta, struct arena *mem,
                struct engine_ctx *admin, int *graded)
{
	struct engine_ctx cx = {.user_id = uid, .role = ROLE_LEARNER, .now_ms = now_ms(), .face = "cohort",
	                        .remote_addr = "127.0.0.1", .access_code = ec->access_code};
	struct answer_input *in = arena_calloc(mem, ec->nquestions + 1, sizeof(*in));
	int64_t *eq = arena_calloc(mem, ec->nquestions + 1, sizeof(*eq));
	struct attempt a;
	char public_id[41];
	size_t n = 0;
	enum inv_err err;

	if (in == NULL || eq == NULL)
		return -1;
	for (size_t i = 0; i < ec->nquestions; i++)
		if (answer(r, &ec->questions[i], theta, mem, &in[n]))
			eq[n++] = ec->questions[i].eq_id;
	if ((err = engine_submit(&cx, ec, eq, in, n, &a, public_id)) != INV_CREATED) {
		if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
			return -1;
		fprintf(stderr, "invigil: demo-cohort: %s refused: %s\n", ec->exam.slug, cx.message ? cx.message : "?");
		return 0;
	}
	if (a.pending > 0) {
		if (grade_essays(admin, &a, ec, theta) != 0)
			return -1;
		(*graded)++;
	}
	return 1;
}

/* The learner opens every lesson of the course that runs no exam and is
 * open to them, and watches part of each video (more for a stronger
 * learner): what the Testpress admin API's content report shows.  A
 * lesson opened before is left as it is.  0, or -1 a database failure. */
static int open_lessons(struct rng *r, int64_t uid, int64_t course_id, double theta, struct arena *mem)
{
	struct engine_ctx me = {.user_id = uid, .role = ROLE_LEARNER, .now_ms = now_ms(), .face = "cohort"};
	struct course_outline o;
	enum inv_err err = engine_course_outline(&me, course_id, 0, false, mem, &o);

	if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
		return -1;
	for (size_t i = 0; err == INV_OK && i < o.nlessons; i++) {
		const struct course_lesson *l = &o.lessons[i];
		struct content_progress p;
		struct watch_range seen;
		double share;

		if (lesson_runs_exam(l->kind) || l->kind == LESSON_VIDEO_CONFERENCE || l->locked_by != REF_NONE)
			continue;
		err = engine_content_open(&me, l->id, mem, &p);
		if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
			return -1;
		if (err != INV_CREATED || l->kind != LESSON_VIDEO || p.progress.position_ms > 0 ||
		    p.lesson.duration_ms == 0) {
			err = INV_OK;
			continue;
		}
		share = 0.6 + 0.2 * theta + 0.2 * (uniform(r) - 0.5);
		share = share < 0.05 ? 0.05 : share > 1 ? 1 : share;
		seen.from_ms = 0;
		seen.to_ms = (int64_t)(share * (double)p.lesson.duration_ms);
		err = engine_video_watch(&me, p.progress.id, seen.to_ms, &seen, 1, mem, &p);
		if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
			return -1;
		err = INV_OK;
	}
	return 0;
}

int cohort_run(const char *course_slug, int size, uint64_t seed)
{
	struct engine_ctx admin = {.role = ROLE_ADMIN, .now_ms = now_ms(), .face = "cohort"};
	struct exam_filter f = {0};
	struct exam exams[EXAMS_MAX];
	struct arena mem = {0};
	struct rng r = {seed ? seed : 1};
	int64_t count, made = 0;
	int graded = 0, rc;
	size_t nexams;

	if ((rc = db_course_id(course_slug, &f.course_id)) <= 0) {
		if (rc == 0)
			fprintf(stderr, "invigil: no course with slug '%s'\n", course_slug);
		return rc < 0 ? -1 : 1;
	}
	if (engine_exam_list(&admin, &f, 0, EXAMS_MAX, &mem, exams, &nexams, &count) != INV_OK)
		return -1;
	for (int k = 1; k <= size; k++) {
		char name[151], display[64], email[200];
		double theta = normal(&r);
		int64_t uid;

		snprintf(name, sizeof(name), "%s-cohort-%02d", course_slug, k);
		snprintf(display, sizeof(display), "Cohort Learner %02d", k);
		snprintf(email, sizeof(email), "%s@cohort.invalid", name);
		if ((uid = db_user_upsert(name, email, display, ROLE_LEARNER, NULL)) < 0 ||
		    db_enroll(f.course_id, uid, "learner", "joined", now_ms()) < 0)
			return -1;
		for (size_t e = 0; e < nexams; e++) {
			struct engine_ctx me = {.user_id = uid, .role = ROLE_LEARNER, .now_ms = now_ms()};
			const struct exam_content *ec;
			struct membership m;
			struct standing st;

			if (engine_exam(&me, exams[e].id, &ec, &m) != INV_OK ||
			    engine_standing(&me, ec, uid, NULL, &st) != INV_OK)
				continue;
			if (st.taken > 0 || st.paused) /* this learner has been here: leave it */
				continue;
			if ((rc = take(&r, uid, ec, theta, &mem, &admin, &graded)) < 0)
				return -1;
			made += rc;
			/* some learners retake what allows it, having learnt a little */
			if (rc == 1 && ec->exam.allow_retake && ec->exam.max_attempts != 1 && uniform(&r) < 0.3) {
				if ((rc = take(&r, uid, ec, theta + 0.5, &mem, &admin, &graded)) < 0)
					return -1;
				made += rc;
			}
		}
		if (open_lessons(&r, uid, f.course_id, theta, &mem) != 0)
			return -1;
		arena_reset(&mem);
		if (engine_exam_list(&admin, &f, 0, EXAMS_MAX, &mem, exams, &nexams, &count) != INV_OK)
			return -1;
	}
	arena_free(&mem);
	printf("demo cohort of %s: %d learners, %lld attempts (%d with essays graded)\n", course_slug, size,
	       (long long)made, graded);
	return 0;
}
