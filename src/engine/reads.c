/* invigil — what faces read, with the caller's rights decided here: courses,
 * exams, a user's standing (attempts left, rank, kept score), an attempt's
 * clock, what a review may show, answers and statistics, log-ins. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "invigil/conf.h"
#include "invigil/engine_impl.h"
#include "invigil/log.h"

/* pending attempts at which a rank read folds the exam's statistics */
#define RANK_FOLD_AT 256

/* A read's share of folding: one batch (200 attempts), best effort.  What it
 * reads is exact (ranks) or at most the unfolded rest behind (per-question
 * statistics) without it, so a failed fold is logged, not the read's failure;
 * the sweep folds what is left.  The attempts it folded (0 when another
 * fold holds the exam, or on failure). */
static int64_t fold_on_read(int64_t exam_id)
{
	int64_t folded;

	if (db_stats_fold(exam_id, 1, &folded) != 0) {
		log_warn("folding exam %lld's statistics failed; the sweep will fold them", (long long)exam_id);
		return 0;
	}
	return folded;
}

/* failed log-ins count within this window */
#define LOGIN_WINDOW_MS (15 * 60 * 1000)

enum inv_err engine_course(struct engine_ctx *cx, int64_t course_id, struct arena *mem, struct course *out,
                           struct membership *m)
{
	int rc = db_course_get(course_id, mem, out);
	enum inv_err err;

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if ((err = engine_membership(cx, course_id, m)) != INV_OK)
		return err;
	if (!m->member && !m->staff)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_ENROLLED, NULL, NULL);
	return INV_OK;
}

enum inv_err engine_course_list(struct engine_ctx *cx, int64_t offset, int64_t max, struct arena *mem,
                                struct user_course *out, size_t *n, int64_t *count)
{
	/* a course is the caller's once joined (an invitation or a request is
	 * not yet); an admin sees every course */
	if (db_user_courses(cx->user_id, cx->role == ROLE_ADMIN, offset, max, mem, out, n, count) != 0)
		return store_err();
	return INV_OK;
}

/* The caller's view of *ecp, just loaded (rc from the cache). */
static enum inv_err visible(struct engine_ctx *cx, int rc, const struct exam_content *const *ecp, struct membership *m)
{
	const struct exam_content *ec;
	enum inv_err err;

	if (rc < 0)
		return store_err();
	if (rc == 0)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	ec = *ecp;
	if ((err = engine_membership_at(cx, ec, m)) != INV_OK)
		return err;
	if (m->staff)
		return INV_OK;
	if (!ec->exam.published)
		return engine_refuse(cx, INV_ENOTFOUND, REF_NOT_FOUND, NULL, NULL);
	if (!m->member)
		return engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_ENROLLED, NULL, NULL);
	return INV_OK;
}

enum inv_err engine_exam(struct engine_ctx *cx, int64_t exam_id, const struct exam_content **ec, struct membership *m)
{
	return visible(cx, exam_cache_get(exam_id, 0, ec), ec, m);
}

enum inv_err engine_exam_by_slug(struct engine_ctx *cx, const char *slug, const struct exam_content **ec,
                                 struct membership *m)
{
	return visible(cx, exam_cache_by_slug(slug, ec), ec, m);
}

enum inv_err engine_exam_by_public_id(struct engine_ctx *cx, const char *public_id, const struct exam_content **ec,
                                      struct membership *m)
{
	int64_t id, version;
	int rc = db_exam_by_public_id(public_id, &id, &version);

	if (rc == 1)
		rc = exam_cache_get(id, version, ec);
	return visible(cx, rc, ec, m);
}

enum inv_err engine_exam_list(struct engine_ctx *cx, struct exam_filter *f, int64_t offset, int64_t max,
                              struct arena *mem, struct exam *out, size_t *n, int64_t *count)
{
	f->user_id = cx->user_id;
	f->all = cx->role == ROLE_ADMIN;
	if (f->course_id > 0 && !f->all) {
		struct membership m;
		enum inv_err err = engine_membership(cx, f->course_id, &m);

		if (err != INV_OK)
			return err;
		f->all = m.staff; /* a course's staff see all of its exams */
	}
	if (db_exam_count(f, count) != 0 || db_exam_list(f, offset, max, mem, out, n) != 0)
		return store_err();
	return INV_OK;
}

enum inv_err engine_exams_by_access_code(struct engine_ctx *cx, const char *code, const struct exam_content **out,
                                         size_t max, size_t *n)
{
	int64_t ids[100];
	size_t nids;

	*n = 0;
	if (code == NULL || *code == '\0' || strlen(code) > 100)
		return INV_OK; /* no exam has such a code */
	if (db_exams_by_access_code(code, ids, max < 100 ? max : 100, &nids) != 0)
		return store_err();
	for (size_t i = 0; i < nids; i++) {
		struct membership m;
		enum inv_err err = engine_exam(cx, ids[i], &out[*n], &m);

		if (err == INV_OK)
			(*n)++;
		else if (err == INV_EUNAVAILABLE || err == INV_EINTERNAL)
			return err;
	}
	cx->reason = REF_NONE; /* the exams the caller may not see are left out, not refused */
	return INV_OK;
}

/* --- standing --------------------------------------------------------------------- */

enum inv_err engine_standing(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id,
                             const struct attempt *a, struct standing *out)
{
	struct engine_ctx owner = *cx;
	struct access_facts f;
	struct attempt_tally t;
	enum inv_err err;

	memset(out, 0, sizeof(*out));
	if (user_id != cx->user_id) {
		int rc = engine_is_staff(cx, ec->exam.course_id);

		if (rc <= 0)
			return rc < 0 ? store_err() : engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
		owner.user_id = user_id; /* the owner's numbers, not the reader's */
		owner.known_course = 0;  /* and the owner's membership */
		owner.known_ext_exam = 0; /* and extension */
		owner.role = ROLE_LEARNER;
	}
	/* the owner's access facts and attempts, in one read */
	if ((err = engine_access_tally(&owner, ec, &f, &t)) != INV_OK)
		return err;
	engine_standing_from(&f, &t, out);
	return a != NULL ? engine_attempt_rank(cx, ec, a, out) : INV_OK;
}

enum inv_err engine_owner_standing(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                   const struct owner_facts *o, struct standing *out)
{
	struct access_facts f;
	/* the owner's other attempts, and this one as it stands now */
	struct attempt_tally t = engine_tally_with(&o->others, a);

	engine_facts_of_extension(cx, ec, &o->x, &f);
	f.attempts_taken = t.taken;
	engine_standing_from(&f, &t, out);
	return engine_attempt_rank(cx, ec, a, out);
}

struct attempt_tally engine_tally_with(const struct attempt_tally *others, const struct attempt *a)
{
	struct attempt_tally t = *others;

	t.taken += !a->preview && a->state != AS_NOT_STARTED;
	if (a->attempt_no > t.max_no)
		t.max_no = a->attempt_no;
	if (a->state != AS_COMPLETED && a->id > t.open_id)
		t.open_id = a->id;
	if (a->state == AS_RUNNING && a->id > t.running_id)
		t.running_id = a->id;
	return t;
}

void engine_standing_from(const struct access_facts *f, const struct attempt_tally *t, struct standing *out)
{
	memset(out, 0, sizeof(*out));
	/* a prepared attempt is neither paused nor counted: it is no one's until
	 * started (and, the one unfinished attempt, the highest numbered) */
	out->attempts_count = t->max_no;
	/* the extension as the access facts read it */
	out->ext = (struct extension){f->extra_attempts, f->extra_time_s, f->unlocked};
	if (t->open_id != t->running_id && out->attempts_count > 0)
		out->attempts_count--;
	out->taken = f->attempts_taken;
	out->paused = t->running_id > 0;
	out->allowed = access_allowed(f);
	out->remaining = access_remaining(f);
}

enum inv_err engine_attempt_rank(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                 struct standing *out)
{
	int64_t above, below, total, pending;

	out->have_rank = false;
	if (!rank_visible(&ec->exam, a, cx->now_ms))
		return INV_OK;
	if (cx->end_rank.have && cx->end_rank.attempt_id == a->id && cx->end_rank.score_e4 == a->score_e4) {
		above = cx->end_rank.above; /* read by the end that graded it */
		below = cx->end_rank.below;
		total = cx->end_rank.total;
		pending = cx->end_rank.pending;
	} else if (db_rank_counts(ec->exam.id, a->score_e4, &above, &below, &total, &pending) != 0) {
		return store_err();
	}
	/* the counts are exact either way; a long pending list only makes
	 * each rank cost more, so a reader folds it (a rush's ends are folded
	 * by the first reads after it, or by the sweep) */
	if (pending >= RANK_FOLD_AT)
		fold_on_read(ec->exam.id);
	stats_rank_counts(above, below, total, &out->rank, &out->max_rank, &out->percentile_e4);
	out->have_rank = out->max_rank > 0;
	return INV_OK;
}

int64_t engine_allowed_attempts(const struct exam *e)
{
	struct access_facts f = {.allow_retake = e->allow_retake, .max_attempts = e->max_attempts};

	return access_allowed(&f);
}

bool engine_passed(const struct exam *e, const struct attempt *a)
{
	return grade_passed(e->passing_score, a->percentage_e4);
}

enum lesson_outcome engine_outcome(const struct exam *e, const struct attempt *a)
{
	if (a->state != AS_COMPLETED)
		return LO_NONE;
	if (a->pending > 0 || !a->graded)
		return LO_PENDING;
	return engine_passed(e, a) ? LO_PASSED : LO_FAILED;
}

enum inv_err engine_kept_score(struct engine_ctx *cx, const struct exam_content *ec, int64_t user_id, bool *have,
                               int64_t *kept_e4)
{
	struct kept_scores k;

	*have = false;
	if (user_id != cx->user_id) {
		int rc = engine_is_staff(cx, ec->exam.course_id);

		if (rc <= 0)
			return rc < 0 ? store_err() : engine_refuse(cx, INV_EFORBIDDEN, REF_NOT_STAFF, NULL, NULL);
	}
	if (db_kept_scores(ec->exam.id, user_id, &k) != 0)
		return store_err();
	if (k.count > 0) {
		*have = true;
		*kept_e4 = kept_score_of(ec->scoring_policy, &k);
	}
	return INV_OK;
}

/* --- an attempt as it stands now --------------------------------------------------- */

void engine_clock(const struct exam_content *ec, const struct attempt *a, int64_t now_ms, struct attempt_clock *out)
{
	struct timer t = timer_of(ec, a);

	out->used_ms = timer_used(&t, a, now_ms);
	out->remaining_ms = timer_remaining(&t, a, now_ms);
	out->end_at_ms = out->remaining_ms == INT64_MAX ? 0 : now_ms + out->remaining_ms;
	out->over = timer_over(&t, a, now_ms);
	out->section = a->state == AS_RUNNING ? timer_section_at(ec, out->used_ms) : (int)ec->nsections;
}

const char *engine_wall_clock_problem(const struct exam_content *ec)
{
	struct attempt none = {0};
	struct timer t = timer_of(ec, &none);

	for (size_t i = 0; i < ec->nsections; i++)
		if (ec->sections[i].duration_s > 0)
			return "This quiz has timed sections, which only the Testpress API and apps can run; take it there.";
	if (t.mode == TIMER_PAUSABLE && t.duration_ms > 0)
		return "This quiz's timer pauses between visits, which only the Testpress API and apps can run; take it there.";
	return NULL;
}

int64_t engine_speed(const struct attempt *a)
{
	return stats_speed(a->correct + a->incorrect, a->time_used_ms);
}

int64_t engine_accuracy(const struct attempt *a)
{
	return stats_accuracy(a->correct, a->correct + a->incorrect);
}

enum inv_err engine_review_rights(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                  struct review_rights *out)
{
	int staff = 0;

	/* asked only when it matters: the exam hides its key, or another reads */
	if (!ec->exam.show_answers || a->user_id != cx->user_id)
		staff = engine_is_staff(cx, ec->exam.course_id);
	if (staff < 0)
		return store_err();
	out->results = staff || ec->exam.show_answers;
	out->key = out->results;
	return INV_OK;
}

/* How many answer records a has, into *count when not NULL. */
static enum inv_err answers_count(struct engine_ctx *cx, const struct attempt *a, int64_t *count)
{
	(void)cx;
	/* the start recorded how many records it made (migration 008) */
	if (count != NULL && a->answer_count > 0)
		*count = a->answer_count;
	else if (count != NULL && db_answers_count(a->id, count) != 0)
		return store_err();
	return INV_OK;
}

struct answer_span engine_answer_span(const struct exam_content *ec, int64_t content_version, int64_t offset,
                                      int64_t limit)
{
	struct answer_span sp = {ANSWER_SPAN_FIRST, offset, limit > EXAM_QUESTIONS_MAX ? EXAM_QUESTIONS_MAX : limit};
	const struct ex_question *q;

	/* the records were made from this copy's questions in its order
	 * (position, then exam question id), one each, with ascending ids: the
	 * record at offset is the question at offset, and the records before it
	 * at its position are the questions before it there */
	if (ec == NULL || content_version == 0 || ec->version != content_version || offset <= 0 ||
	    offset >= (int64_t)ec->nquestions)
		return sp;
	q = ec->questions;
	sp.from_position = q[offset].position;
	sp.skip = 0;
	for (int64_t i = offset; i > 0 && q[i - 1].position == sp.from_position; i--)
		sp.skip++;
	return sp;
}

bool engine_records_from(const struct attempt *a, const struct exam_content *ec)
{
	return ec->nquestions > 0 && a->content_version != 0 && a->content_version == ec->version &&
	       a->answer_count == (int64_t)ec->nquestions;
}

enum inv_err engine_answers(struct engine_ctx *cx, const struct attempt *a, int64_t offset, int64_t limit,
                            struct arena *mem, struct answer *out, size_t *n, int64_t *count)
{
	const struct exam_content *ec = NULL;
	struct answer_span sp;
	bool made = false;

	if (answers_count(cx, a, count) != INV_OK)
		return store_err();
	if (a->content_version != 0)
		(void)exam_cache_peek(a->exam_id, &ec);
	/* a page starts where the worker's copy of the exam says, when it has
	 * the copy the records were made from */
	sp = engine_answer_span(ec, a->content_version, offset, limit);
	/* a running attempt whose records the pool knows: made here, with its events */
	if (ec != NULL && engine_answers_made(a, ec, offset, sp.limit, mem, out, n, &made) != 0)
		return store_err();
	if (made)
		return INV_OK;
	if (db_answers_page(a->id, a->state == AS_COMPLETED, &sp, mem, out, n) != 0)
		return store_err();
	if (a->state == AS_RUNNING)
		engine_note_answers(a, out, *n);
	return INV_OK;
}

enum inv_err engine_attempt_list(struct engine_ctx *cx, struct attempt_filter *f, int64_t offset, int64_t limit,
                                 struct attempt *out, size_t *n, int64_t *count)
{
	f->user_id = cx->user_id;
	if (db_attempt_count(f, count) != 0 || db_attempt_list(f, offset, limit, out, n) != 0)
		return store_err();
	return INV_OK;
}

/* How many statistics rows past its own questions a review page made from
 * the grades row may read: an exam's question ids usually run together, and
 * a page whose ids spread wider reads its records instead. */
#define REVIEW_STATS_SPREAD 16

/* Can page offset.. (limit) of ended attempt a be made from its grades row
 * g and the exam ec?  When the row says its records' ids run from its
 * first (migration 013) and the records were made from ec's version (so ec
 * lists them in their order: answer k is ec's question k), and every
 * question of the page takes options (a text is only in its record). */
static bool review_from_grades(const struct exam_content *ec, const struct attempt *a, const struct grades_text *g,
                               int64_t offset, int64_t limit)
{
	if (g == NULL || !g->read || g->text == NULL || g->first_answer_id <= 0 || !engine_records_from(a, ec) ||
	    offset < 0 || offset >= (int64_t)ec->nquestions)
		return false;
	for (int64_t i = offset; i < offset + limit && i < (int64_t)ec->nquestions; i++)
		if (!question_takes_options(ec->questions[i].type))
			return false;
	return true;
}

/* The statistics of page out's n questions into stats (as STMT_REVIEW_PAGE
 * gives them: zeros, best -1 and eq_id 0 for a question with none yet, and
 * then the page waits for a fold), read as one range of question ids.  1;
 * 0 when the ids spread too wide for one range; -1. */
static int review_stats(int64_t exam_id, const struct answer *out, size_t n, struct arena *mem,
                        struct question_stat *stats, bool *pending)
{
	int64_t lo = out[0].eq_id, hi = out[0].eq_id;
	struct question_stat *found;
	size_t nfound;

	for (size_t i = 1; i < n; i++) {
		lo = out[i].eq_id < lo ? out[i].eq_id : lo;
		hi = out[i].eq_id > hi ? out[i].eq_id : hi;
	}
	if (hi - lo >= (int64_t)n + REVIEW_STATS_SPREAD)
		return 0;
	if (db_question_stats_range(exam_id, lo, hi, mem, &found, &nfound, pending) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < nfound && found[j].eq_id != out[i].eq_id)
			j++;
		stats[i] = j < nfound ? found[j] : (struct question_stat){0, 0, 0, 0, -1};
		*pending = *pending || j == nfound;
	}
	return 1;
}

/* Page offset.. (at most limit) of ended attempt a made from its grades row
 * g and the exam ec, with its questions' statistics, when it can be
 * (review_from_grades; the row's questions are ec's).  1 made; 0 when the
 * records must be read instead; -1. */
static int review_made(const struct exam_content *ec, const struct attempt *a, const struct grades_text *g,
                       int64_t offset, int64_t limit, struct arena *mem, struct answer *out,
                       struct question_stat *stats, size_t *n, bool *pending)
{
	int64_t room = (int64_t)ec->nquestions - offset; /* a row longer than the exam stays in bounds */

	if (!review_from_grades(ec, a, g, offset, limit))
		return 0;
	if (limit > room)
		limit = room;
	if (db_grades_slice(a->id, g->text, g->first_answer_id, offset, limit, out, n) != 0)
		return -1;
	if ((int64_t)*n < limit) { /* a row shorter than the exam: the records say */
		*n = 0;
		return 0;
	}
	for (size_t i = 0; i < *n; i++) {
		const struct ex_question *q = &ec->questions[offset + (int64_t)i];

		if (out[i].eq_id != q->eq_id) {
			*n = 0;
			return 0;
		}
		out[i].position = q->position;
	}
	return *n == 0 ? 0 : review_stats(ec->exam.id, out, *n, mem, stats, pending);
}

enum inv_err engine_review_page(struct engine_ctx *cx, const struct exam_content *ec, const struct attempt *a,
                                const struct grades_text *g, int64_t offset, int64_t limit, struct arena *mem,
                                struct answer *out, struct question_stat *stats, size_t *n, int64_t *count)
{
	struct answer_span sp = engine_answer_span(ec, a->content_version, offset, limit);
	bool pending = false;
	int made;

	if (answers_count(cx, a, count) != INV_OK)
		return store_err();
	/* the grades row holds the page's answers, with their records' ids,
	 * when its records ran one per question: only statistics are read */
	if ((made = review_made(ec, a, g, offset, sp.limit, mem, out, stats, n, &pending)) < 0)
		return store_err();
	if (made == 0 && db_review_page(a->id, ec->exam.id, g, &sp, mem, out, stats, n, &pending) != 0)
		return store_err();
	/* the exam's per-question rows hold the folded attempts: fold the rest
	 * and read again, when this read folded any (when another fold holds
	 * the exam, the rows are at most that fold behind, as read) */
	if (!pending || fold_on_read(ec->exam.id) == 0)
		return INV_OK;
	if (made)
		return review_stats(ec->exam.id, out, *n, mem, stats, &pending) < 0 ? store_err() : INV_OK;
	return db_review_page(a->id, ec->exam.id, g, &sp, mem, out, stats, n, &pending) == 0 ? INV_OK : store_err();
}

enum inv_err engine_subject_totals(struct engine_ctx *cx, const struct attempt *a, const struct exam_content *ec,
                                   struct subject_total *t)
{
	/* an attempt's subjects are at most its questions: room for all of them */
	struct subject_stat *st = calloc(EXAM_QUESTIONS_MAX, sizeof(*st));
	size_t nst;
	int rc;

	(void)cx;
	if (st == NULL)
		return INV_EINTERNAL;
	rc = db_subject_stats(a->id, st, EXAM_QUESTIONS_MAX, &nst);
	if (rc == 0)
		stats_subject_totals(ec->subjects, ec->nsubjects, st, nst, t);
	free(st);
	return rc == 0 ? INV_OK : store_err();
}

enum inv_err engine_user_subject_totals(struct engine_ctx *cx, struct arena *mem, struct subject_total **t, size_t *n)
{
	struct ex_subject *subs = NULL;
	struct subject_stat *st = calloc(ENGINE_USER_SUBJECTS_MAX, sizeof(*st));
	size_t nsubs = 0, nst = 0;
	int rc = -1;

	*t = NULL;
	*n = 0;
	if (st == NULL || (subs = arena_calloc(mem, ENGINE_USER_SUBJECTS_MAX, sizeof(*subs))) == NULL ||
	    (*t = arena_calloc(mem, ENGINE_USER_SUBJECTS_MAX, sizeof(**t))) == NULL) {
		free(st);
		return INV_EINTERNAL;
	}
	/* the subjects of the caller's courses, and the caller's totals over
	 * every completed, counted attempt */
	if (db_user_subjects(cx->user_id, mem, subs, ENGINE_USER_SUBJECTS_MAX, &nsubs) == 0 &&
	    db_user_subject_stats(cx->user_id, st, ENGINE_USER_SUBJECTS_MAX, &nst) == 0) {
		stats_subject_totals(subs, nsubs, st, nst, *t);
		*n = nsubs;
		rc = nsubs < ENGINE_USER_SUBJECTS_MAX && nst < ENGINE_USER_SUBJECTS_MAX ? 0 : 1;
	}
	free(st);
	if (rc == 1) /* never a silent cut */
		return engine_refuse(cx, INV_EINVAL, REF_INVALID, NULL, "Too many subjects to total here.");
	return rc == 0 ? INV_OK : store_err();
}

/* --- log-in ------------------------------------------------------------------------ */

enum inv_err engine_user_current(int64_t user_id, const char *username, enum role role)
{
	struct user u;
	int rc;

	if (username == NULL)
		return INV_EAUTH;
	if ((rc = db_user_by_username(username, &u)) < 0)
		return store_err();
	return rc == 1 && u.id == user_id && u.role == role ? INV_OK : INV_EAUTH;
}

enum inv_err engine_login_begin(const char *username, int64_t now_ms, struct user *u, bool *found, int64_t *wait_s)
{
	int rc = db_login_locked(username, now_ms, wait_s);

	*found = false;
	if (rc < 0)
		return store_err();
	if (rc == 1)
		return INV_ETHROTTLED;
	if ((rc = db_user_by_username(username, u)) < 0)
		return store_err();
	*found = rc == 1;
	return INV_OK;
}

enum inv_err engine_login_end(const char *username, int64_t now_ms, bool ok)
{
	const struct conf *c = conf_current();
	int rc = ok ? db_login_clear(username)
	            : db_login_failed(username, now_ms, LOGIN_WINDOW_MS, c->login_max_failures, c->login_lockout * 1000);

	return rc == 0 ? INV_OK : store_err();
}
