/* invigil — what every engine operation shares: refusals, the facts the
 * access rules need, staff rights, the gates, and ending an attempt. */
#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/engine_impl.h"
#include "invigil/fmt.h"

enum inv_err engine_refuse(struct engine_ctx *cx, enum inv_err err, enum refusal why, const char *field,
                           const char *msg)
{
	cx->reason = why;
	cx->field = field;
	cx->message = msg != NULL ? msg : refusal_text(why);
	return err;
}

/* Membership from a stored enrollment: joined members; staff by course role. */
static void membership_of(int found, const char *role, const char *status, enum role global, struct membership *m)
{
	m->member = found == 1 && strcmp(status, "joined") == 0;
	m->staff = global == ROLE_ADMIN || (m->member && strcmp(role, "learner") != 0);
}

/* One request asks about one course several times (scope, access, gates):
 * the membership it read last, if of course_id, into *m. */
static bool membership_known(const struct engine_ctx *cx, int64_t course_id, struct membership *m)
{
	if (cx->known_course != course_id || course_id <= 0)
		return false;
	*m = cx->known;
	return true;
}

static void remember_membership(struct engine_ctx *cx, int64_t course_id, const struct membership *m)
{
	cx->known_course = course_id;
	cx->known = *m;
}

enum inv_err engine_membership(struct engine_ctx *cx, int64_t course_id, struct membership *m)
{
	struct enrollment en;
	int rc;

	if (membership_known(cx, course_id, m))
		return INV_OK;
	rc = db_enrollment_of(course_id, cx->user_id, &en);
	if (rc < 0)
		return store_err();
	membership_of(rc, en.role, en.status, cx->role, m);
	remember_membership(cx, course_id, m);
	return INV_OK;
}

int engine_is_staff(struct engine_ctx *cx, int64_t course_id)
{
	struct membership m;

	if (cx->role == ROLE_ADMIN)
		return 1;
	if (engine_membership(cx, course_id, &m) != INV_OK)
		return -1;
	return m.staff;
}

/* The access facts from the caller's membership m and extension x. */
static void facts_of(const struct engine_ctx *cx, const struct exam_content *ec, const struct membership *m,
                     const struct extension *x, struct access_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->role = cx->role;
	f->enrolled = m->member; /* only a joined enrollment counts */
	f->joined = m->member;
	f->staff = m->staff;
	f->now_ms = cx->now_ms;
	f->start_ms = ec->exam.has_start ? ec->exam.start_ms : 0;
	f->end_ms = ec->exam.has_end ? ec->exam.end_ms : 0;
	f->published = ec->exam.published;
	f->allow_retake = ec->exam.allow_retake;
	f->max_attempts = ec->exam.max_attempts;
	f->extra_attempts = x->extra_attempts;
	f->extra_time_s = x->extra_time_s;
	f->unlocked = x->manually_unlocked;
}

void engine_facts_of_extension(const struct engine_ctx *cx, const struct exam_content *ec, const struct extension *x,
                               struct access_facts *f)
{
	struct membership none;

	memset(&none, 0, sizeof(none));
	facts_of(cx, ec, &none, x, f);
}

/* The caller's membership of course_id from an enrollment just read,
 * unless the request knows it already. */
static void membership_from(struct engine_ctx *cx, int64_t course_id, const struct enrollment *en,
                            struct membership *m)
{
	if (membership_known(cx, course_id, m))
		return;
	membership_of(en->found, en->role, en->status, cx->role, m);
	remember_membership(cx, course_id, m);
}

/* The membership and the extension at ec, in one read. */
static enum inv_err read_access(struct engine_ctx *cx, const struct exam_content *ec, struct membership *m,
                                struct extension *x)
{
	struct enrollment en;

	if (db_access_of(ec->exam.course_id, ec->exam.id, cx->user_id, &en, x, &cx->known_behind_lesson) < 0)
		return store_err();
	membership_from(cx, ec->exam.course_id, &en, m);
	cx->known_ext_exam = ec->exam.id;
	cx->known_ext = *x;
	return INV_OK;
}

enum inv_err engine_membership_at(struct engine_ctx *cx, const struct exam_content *ec, struct membership *m)
{
	struct extension x;

	if (membership_known(cx, ec->exam.course_id, m))
		return INV_OK;
	return read_access(cx, ec, m, &x);
}

enum inv_err engine_access_facts(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f)
{
	struct membership m;
	struct extension x;
	enum inv_err err;

	if (!membership_known(cx, ec->exam.course_id, &m)) {
		if ((err = read_access(cx, ec, &m, &x)) != INV_OK) /* both in one read */
			return err;
	} else if (engine_access_read_at(cx, ec->exam.id)) {
		x = cx->known_ext; /* read with the membership, this request */
	} else if (db_extension_full(ec->exam.id, cx->user_id, &x) < 0) {
		return store_err();
	}
	facts_of(cx, ec, &m, &x, f);
	return INV_OK;
}

enum inv_err engine_access_tally(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f,
                                 struct attempt_tally *t)
{
	struct membership m;
	struct extension x;
	struct enrollment en;

	if (db_standing_of(ec->exam.course_id, ec->exam.id, cx->user_id, &en, &x, t) < 0)
		return store_err();
	membership_from(cx, ec->exam.course_id, &en, &m);
	facts_of(cx, ec, &m, &x, f);
	f->attempts_taken = t->taken;
	return INV_OK;
}

enum inv_err engine_gates(struct engine_ctx *cx, const struct exam_content *ec, bool staff, bool check_code)
{
	/* a code sent later must still be the right one; at start it must be sent */
	enum refusal why = gate_check(ec->access_code, ec->ip_filter, check_code || cx->access_code != NULL,
	                              cx->access_code, cx->remote_addr);

	if (why == REF_NONE || staff)
		return INV_OK;
	/* staff preview past the gates; asked only when a gate said no */
	if (engine_is_staff(cx, ec->exam.course_id) == 1)
		return INV_OK;
	return engine_refuse(cx, INV_EFORBIDDEN, why, NULL, NULL); /* a gate, not a malformed field */
}

int engine_insert_attempt(struct engine_ctx *cx, const struct exam_content *ec, int64_t no, bool preview,
                          bool prepared, const struct access_facts *f, struct attempt *a, bool last)
{
	struct timer t;
	unsigned char raw[32];

	memset(a, 0, sizeof(*a));
	a->exam_id = ec->exam.id;
	a->user_id = cx->user_id;
	a->attempt_no = no;
	a->preview = preview;
	a->unlocked = f->unlocked;
	a->max_score_e4 = ec->max_score_e4;
	a->exam_version = ec->version;
	a->extra_time_s = f->extra_time_s; /* read with the access facts, this request */
	/* Canvas clients prove each later write with it */
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(a->validation_token, sizeof(a->validation_token), raw, sizeof(raw));
	a->created_ms = cx->now_ms;
	if (!prepared) {
		t = timer_of(ec, a);
		timer_resume(&t, a, cx->now_ms);
		a->deadline_ms = timer_deadline(&t, a);
	}
	return db_attempt_insert(a, ec, last);
}

int engine_claim_locked(struct engine_ctx *cx, const struct exam_content *ec, struct access_facts *f, int64_t taken,
                        struct attempt *a, enum inv_err *refused)
{
	int64_t extra = a->extra_time_s;
	enum refusal why;
	struct timer t;
	bool preview;
	int rc;

	/* the prepared attempt is not taken yet (taken leaves it out): every
	 * rule of a new start holds */
	f->attempts_taken = taken;
	if ((why = access_can_start(f, &preview)) != REF_NONE) {
		*refused = engine_refuse(cx, INV_EFORBIDDEN, why, NULL, NULL);
		return 1;
	}
	if ((rc = engine_lesson_gate(cx, ec, f, refused)) != 0)
		return rc;
	/* the extension as it stands now (read with the access facts, this
	 * request), not as it stood when prepared */
	a->extra_time_s = f->extra_time_s;
	a->unlocked = f->unlocked;
	t = timer_of(ec, a);
	timer_resume(&t, a, cx->now_ms);
	a->deadline_ms = timer_deadline(&t, a);
	if (db_attempt_update_timer(a, false) != 0 || (a->extra_time_s != extra && db_attempt_extend(a) != 0))
		return -1;
	return 0;
}

struct answer_event engine_answer_event(const struct engine_ctx *cx, int64_t attempt_id, int64_t answer_id,
                                        const struct answer_input *in)
{
	const char *p = in->payload ? in->payload : "";

	return (struct answer_event){attempt_id, answer_id, cx->user_id, cx->now_ms, cx->face, p, cx->remote_addr,
	                             cx->request_id, utf8_prefix_len(p, strlen(p), EVENT_PAYLOAD_MAX)};
}

int engine_store_answer(struct engine_ctx *cx, const struct attempt *a, int64_t answer_id,
                        const struct answer_input *in, int64_t spent_ms, int64_t grace_ms)
{
	struct answer_event ev = engine_answer_event(cx, a->id, answer_id, in);

	/* a text goes to the answer record first, in the caller's transaction:
	 * on a full disk InnoDB (10.11) aborts the server when it rolls back a
	 * failed insert of an off-page text, while this update fails cleanly
	 * first (docs/architecture.md, "Saves") */
	if (in->has_text && db_answer_text_put(a->id, answer_id, in->text) != 0)
		return -1;
	return db_answer_append(&ev, in, spent_ms, cx->now_ms - grace_ms);
}

int engine_finish_locked(struct engine_ctx *cx, struct attempt *a, const struct exam_content *ec,
                         enum finish_tail tail)
{
	struct timer t = timer_of(ec, a);
	struct grade_totals tot;
	struct answer_set set = {0};
	struct attempt ended;
	struct end_write w = {.a = a, .ec = ec, .tot = &tot, .lessons_at_ms = cx->now_ms};
	struct end_written got;
	enum attempt_result result;
	int rc = -1;

	timer_stop(&t, a, cx->now_ms);
	a->ended_ms = cx->now_ms;
	/* a finish in the grace period (or a late sweep) is recorded at the
	 * deadline, as Canvas records it at end_at */
	if (t.mode == TIMER_WALL && t.duration_ms > 0 && a->started_ms > 0 && a->ended_ms > a->started_ms + t.duration_ms)
		a->ended_ms = a->started_ms + t.duration_ms;
	if (engine_answer_set(a, ec, &set) != 0)
		goto out;
	grade_attempt(ec, set.rows, set.n, &tot);
	result = grade_result(ec->exam.passing_score, &tot);
	/* the attempt as the end leaves it: whether its rank shows decides
	 * whether the end's own round trip reads it */
	ended = *a;
	ended.state = AS_COMPLETED;
	ended.graded = true;
	ended.score_e4 = tot.score_e4;
	w.answers = set.rows;
	w.n = set.n;
	w.result = grade_result_name(result);
	w.counts = !a->preview;
	/* a passed attempt completes the lessons that run its exam (one with an
	 * essay to grade does when a grader's score makes it pass) */
	w.lessons = !a->preview && result == RESULT_PASSED;
	w.commit = tail != FINISH_MORE;
	w.rank = tail == FINISH_COMMIT_RANK && rank_visible(&ec->exam, &ended, cx->now_ms);
	if (db_attempt_end(&w, &got) != 0)
		goto out;
	a->state = AS_COMPLETED;
	a->graded = true;
	a->score_e4 = tot.score_e4;
	a->max_score_e4 = tot.max_score_e4;
	a->percentage_e4 = tot.percentage_e4;
	a->correct = tot.correct;
	a->incorrect = tot.incorrect;
	a->unanswered = tot.unanswered;
	a->pending = tot.pending;
	cx->end_rank.have = got.have_rank;
	if (got.have_rank) {
		cx->end_rank.attempt_id = a->id;
		cx->end_rank.score_e4 = tot.score_e4;
		cx->end_rank.above = got.above;
		cx->end_rank.below = got.below;
		cx->end_rank.total = got.total;
		cx->end_rank.pending = got.pending;
	}
	rc = 0;
out:
	db_answer_set_free(&set);
	return rc;
}

bool engine_token_matches(const struct attempt *a, const char *token)
{
	size_t n = strlen(a->validation_token);

	return n > 0 && token != NULL && strlen(token) == n && sodium_memcmp(token, a->validation_token, n) == 0;
}
