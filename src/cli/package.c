/* invigil — course package parsing and validation (docs/course-package.md).
 * Every problem names its element; all of them are collected, not just the
 * first, so an author fixes a package in one pass. */
#include "config.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/cli.h"
#include "invigil/fmt.h"
#include "invigil/content.h"
#include "invigil/rules.h"

#define PACKAGE_FORMAT "invigil-course-package/1"

struct v {
	struct arena *a;
	struct content_errors *errs;
};

static void bad(struct v *v, const char *path, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void bad(struct v *v, const char *path, const char *key, const char *fmt, ...)
{
	va_list ap;
	char text[200];

	if (v->errs->n == PKG_MAX_ERRORS) {
		v->errs->more++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(v->errs->msg[v->errs->n++], sizeof(v->errs->msg[0]), "%s%s%s: %s", path,
	         key && *path ? "." : "", key ? key : "", text);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *x = NULL;

	return json_object_object_get_ex(o, key, &x) ? x : NULL;
}

/* Reports keys of o that are not in allowed (typos are silent data loss). */
static void known_keys(struct v *v, struct json_object *o, const char *path, const char *const *allowed)
{
	json_object_object_foreach(o, k, val) {
		const char *const *p = allowed;

		(void)val;
		while (*p != NULL && strcmp(*p, k) != 0)
			p++;
		if (*p == NULL)
			bad(v, path, k, "unknown key");
	}
}

static const char *str(struct v *v, struct json_object *o, const char *path, const char *key, bool required,
                       size_t maxlen)
{
	struct json_object *x = get(o, key);
	const char *s;

	if (x == NULL) {
		if (required)
			bad(v, path, key, "is required");
		return NULL;
	}
	if (!json_object_is_type(x, json_type_string)) {
		bad(v, path, key, "must be a string");
		return NULL;
	}
	s = json_object_get_string(x);
	if (required && *s == '\0') {
		bad(v, path, key, "must not be empty");
		return NULL;
	}
	if (strlen(s) > maxlen) {
		bad(v, path, key, "is longer than %zu characters", maxlen);
		return NULL;
	}
	return arena_strdup(v->a, s);
}

static bool boolean(struct v *v, struct json_object *o, const char *path, const char *key, bool def)
{
	struct json_object *x = get(o, key);

	if (x == NULL)
		return def;
	if (!json_object_is_type(x, json_type_boolean)) {
		bad(v, path, key, "must be true or false");
		return def;
	}
	return json_object_get_boolean(x);
}

static int64_t integer(struct v *v, struct json_object *o, const char *path, const char *key, int64_t min,
                       int64_t max, int64_t def)
{
	struct json_object *x = get(o, key);
	int64_t n;

	if (x == NULL)
		return def;
	if (!json_object_is_type(x, json_type_int)) {
		bad(v, path, key, "must be an integer");
		return def;
	}
	n = json_object_get_int64(x);
	if (n < min || n > max) {
		bad(v, path, key, "must be between %lld and %lld", (long long)min, (long long)max);
		return def;
	}
	return n;
}

/* Marks: "2.50" or 2.5, at most four decimals. */
static bool marks(struct v *v, struct json_object *o, const char *path, const char *key, bool allow_negative,
                  int64_t *out)
{
	struct json_object *x = get(o, key);
	char buf[64];
	const char *text;

	if (x == NULL)
		return false;
	if (json_object_is_type(x, json_type_string)) {
		text = json_object_get_string(x);
	} else if (json_object_is_type(x, json_type_int) || json_object_is_type(x, json_type_double)) {
		double d = json_object_get_double(x);

		snprintf(buf, sizeof(buf), "%.4f", d);
		text = buf;
	} else {
		bad(v, path, key, "must be a decimal number such as \"2.50\"");
		return false;
	}
	if (parse_e4(text, out) != 0 || (!allow_negative && *out < 0) || *out > 10000000000LL) {
		bad(v, path, key, "'%s' is not a valid mark (a decimal up to 4 places%s)", text,
		    allow_negative ? "" : ", not negative");
		return false;
	}
	return true;
}

static bool number(struct v *v, struct json_object *o, const char *path, const char *key, double *out)
{
	struct json_object *x = get(o, key);

	if (x == NULL)
		return false;
	if (!json_object_is_type(x, json_type_int) && !json_object_is_type(x, json_type_double)) {
		bad(v, path, key, "must be a number");
		return false;
	}
	*out = json_object_get_double(x);
	if (!isfinite(*out)) {
		bad(v, path, key, "must be a finite number");
		return false;
	}
	return true;
}

static bool when(struct v *v, struct json_object *o, const char *path, const char *key, int64_t *ms)
{
	const char *s = str(v, o, path, key, false, 40);

	if (s == NULL)
		return false;
	if (parse_iso8601(s, ms) != 0) {
		bad(v, path, key, "'%s' is not an ISO 8601 time such as 2026-11-23T09:00:00Z", s);
		return false;
	}
	return true;
}

static int64_t duration(struct v *v, struct json_object *o, const char *path, const char *key)
{
	const char *s = str(v, o, path, key, false, 20);
	int64_t secs;

	if (s == NULL)
		return 0;
	if (parse_hms(s, &secs) != 0) {
		bad(v, path, key, "'%s' is not a duration such as \"1:30:00\"", s);
		return 0;
	}
	return secs;
}

static const char *choice(struct v *v, struct json_object *o, const char *path, const char *key,
                          const char *const *allowed, const char *def)
{
	const char *s = str(v, o, path, key, false, 40);

	if (s == NULL)
		return def;
	for (const char *const *p = allowed; *p != NULL; p++)
		if (strcmp(*p, s) == 0)
			return s;
	bad(v, path, key, "'%s' is not one of the allowed values", s);
	return def;
}

/* The array at key (absent: NULL, *n = 0). */
static struct json_object *list(struct v *v, struct json_object *o, const char *path, const char *key,
                                size_t *n)
{
	struct json_object *x = get(o, key);

	*n = 0;
	if (x == NULL)
		return NULL;
	if (!json_object_is_type(x, json_type_array)) {
		bad(v, path, key, "must be a list");
		return NULL;
	}
	*n = json_object_array_length(x);
	return x;
}

/* Element i of arr, which must be an object; its path is written to path. */
static struct json_object *item(struct v *v, struct json_object *arr, size_t i, const char *base,
                                const char *key, char *path, size_t len)
{
	struct json_object *x = json_object_array_get_idx(arr, i);

	snprintf(path, len, "%s%s%s[%zu]", base, *base ? "." : "", key, i);
	if (!json_object_is_type(x, json_type_object)) {
		bad(v, path, NULL, "must be an object");
		return NULL;
	}
	/* name the element by its key too, so messages survive reordering */
	{
		const char *k = NULL;
		struct json_object *kx = get(x, "key");

		if (kx == NULL)
			kx = get(x, "slug");
		if (kx == NULL)
			kx = get(x, "username");
		if (kx != NULL && json_object_is_type(kx, json_type_string))
			k = json_object_get_string(kx);
		if (k != NULL) {
			size_t used = strlen(path);

			snprintf(path + used, len - used, " (\"%.60s\")", k);
		}
	}
	return x;
}

static bool valid_key(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

static const char *key_of(struct v *v, struct json_object *o, const char *path, const char *name)
{
	const char *k = str(v, o, path, name, true, 100);

	if (k != NULL && !valid_key(k)) {
		bad(v, path, name, "'%s' may hold only letters, digits, '-', '_' and '.'", k);
		return NULL;
	}
	return k;
}

/* Complains when the same key appears twice in one list. */
static void unique(struct v *v, const char *what, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (keys[i] != NULL && keys[j] != NULL && strcmp(keys[i], keys[j]) == 0)
				bad(v, what, NULL, "'%s' appears twice (items %zu and %zu)", keys[i], i, j);
}

/* --- users and enrollments ---------------------------------------------- */

static void parse_users(struct v *v, struct json_object *root, struct course_content *p)
{
	static const char *const allowed[] = {"username", "email", "display_name", "role", "password_hash", "password", NULL};
	static const char *const roles[] = {"learner", "instructor", "admin", NULL};
	struct json_object *arr = list(v, root, "", "users", &p->nusers);
	const char **keys;
	char path[160];

	p->users = arena_calloc(v->a, p->nusers + 1, sizeof(*p->users));
	keys = arena_calloc(v->a, p->nusers + 1, sizeof(*keys));
	for (size_t i = 0; i < p->nusers; i++) {
		struct json_object *o = item(v, arr, i, "", "users", path, sizeof(path));
		struct content_user *u = &p->users[i];

		if (o == NULL)
			continue;
		known_keys(v, o, path, allowed);
		u->username = str(v, o, path, "username", true, 150);
		u->email = str(v, o, path, "email", false, 254);
		u->display_name = str(v, o, path, "display_name", false, 200);
		u->role = (enum role)role_parse(choice(v, o, path, "role", roles, "learner"));
		u->password_hash = str(v, o, path, "password_hash", false, 128);
		if (get(o, "password") != NULL)
			bad(v, path, "password", "plaintext passwords are refused: give an argon2id password_hash, "
			                         "or set one later with 'invigil user passwd'");
		if (u->password_hash != NULL && strncmp(u->password_hash, "$argon2id$", 10) != 0)
			bad(v, path, "password_hash", "must be an argon2id hash ($argon2id$...)");
		keys[i] = u->username;
	}
	unique(v, "users", keys, p->nusers);
}

static void parse_enrollments(struct v *v, struct json_object *root, struct course_content *p)
{
	static const char *const allowed[] = {"user", "role", "status", NULL};
	static const char *const roles[] = {"learner", "instructor", "creator", "manager", NULL};
	static const char *const states[] = {"joined", "invited", "requested", "payment_waiting", NULL};
	struct json_object *arr = list(v, root, "", "enrollments", &p->nenrollments);
	char path[160];

	p->enrollments = arena_calloc(v->a, p->nenrollments + 1, sizeof(*p->enrollments));
	for (size_t i = 0; i < p->nenrollments; i++) {
		struct json_object *o = item(v, arr, i, "", "enrollments", path, sizeof(path));

		if (o == NULL)
			continue;
		known_keys(v, o, path, allowed);
		p->enrollments[i].user = str(v, o, path, "user", true, 150);
		p->enrollments[i].role = choice(v, o, path, "role", roles, "learner");
		p->enrollments[i].status = choice(v, o, path, "status", states, "joined");
	}
}

/* --- subjects ------------------------------------------------------------ */

static bool has_subject(const struct course_content *p, const char *path)
{
	for (size_t i = 0; i < p->nsubjects; i++)
		if (strcmp(p->subjects[i], path) == 0)
			return true;
	return false;
}

static void parse_subjects(struct v *v, struct json_object *root, struct course_content *p)
{
	size_t n;
	struct json_object *arr = list(v, root, "", "subjects", &n);
	char path[64];

	p->subjects = arena_calloc(v->a, n * 4 + 1, sizeof(*p->subjects));
	p->nsubjects = 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(arr, i);
		const char *s;

		snprintf(path, sizeof(path), "subjects[%zu]", i);
		if (!json_object_is_type(x, json_type_string) || *(s = json_object_get_string(x)) == '\0' ||
		    strlen(s) > 255 || s[0] == '/' || s[strlen(s) - 1] == '/' || strstr(s, "//") != NULL) {
			bad(v, path, NULL, "must be a subject path such as \"Mathematics/Algebra\"");
			continue;
		}
		/* parents first, created when not listed */
		for (const char *slash = strchr(s, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
			char *parent = arena_strndup(v->a, s, (size_t)(slash - s));

			if (!has_subject(p, parent) && p->nsubjects < n * 4)
				p->subjects[p->nsubjects++] = parent;
		}
		if (has_subject(p, s))
			bad(v, path, NULL, "'%s' appears twice", s);
		else if (p->nsubjects < n * 4)
			p->subjects[p->nsubjects++] = arena_strdup(v->a, s);
	}
}

/* --- questions ----------------------------------------------------------- */

static enum question_type question_type(struct v *v, struct json_object *o, const char *path)
{
	const char *t = str(v, o, path, "type", true, 40);

	if (t == NULL)
		return 0;
	if (question_type_parse(t) != 0)
		return question_type_parse(t);
	if (strcmp(t, "file") == 0 || strcmp(t, "F") == 0 || strcmp(t, "audio") == 0 || strcmp(t, "A") == 0 ||
	    strcmp(t, "gap_fill") == 0 || strcmp(t, "G") == 0)
		bad(v, path, "type", "'%s' questions (file upload, audio, gap fill) are not supported by invigil", t);
	else
		bad(v, path, "type", "'%s' is not single_choice, multiple_choice, true_false, numeric, short_text or essay", t);
	return 0;
}

static void parse_options(struct v *v, struct json_object *o, const char *qpath, struct content_question *q)
{
	static const char *const allowed[] = {"key", "text", "correct", "marks", NULL};
	struct json_object *arr = list(v, o, qpath, "options", &q->noptions);
	const char **keys = arena_calloc(v->a, q->noptions + 1, sizeof(*keys));
	char path[256];

	q->options = arena_calloc(v->a, q->noptions + 1, sizeof(*q->options));
	for (size_t i = 0; i < q->noptions; i++) {
		struct json_object *x = item(v, arr, i, qpath, "options", path, sizeof(path));
		struct content_option *op = &q->options[i];

		if (x == NULL)
			continue;
		known_keys(v, x, path, allowed);
		op->key = key_of(v, x, path, "key");
		op->text = str(v, x, path, "text", true, 65535);
		op->correct = boolean(v, x, path, "correct", q->type == QT_SHORT_TEXT);
		op->has_marks = marks(v, x, path, "marks", false, &op->marks_e4);
		keys[i] = op->key;
	}
	unique(v, qpath, keys, q->noptions);
}


/* The rules of each question type (src/rules/question.c). */
static void check_question_shape(struct v *v, const char *path, struct content_question *q)
{
	const char *field = NULL, *problem = question_shape_problem(q, &field);

	if (problem != NULL)
		bad(v, path, field, "%s", problem);
}

static void parse_questions(struct v *v, struct json_object *root, struct course_content *p)
{
	static const char *const allowed[] = {"key", "type", "text", "direction", "explanation", "subject",
	                                      "difficulty", "marks", "negative_marks", "partial_marks", "options",
	                                      "answer", "tolerance", "case_sensitive", NULL};
	static const char *const levels[] = {"easy", "medium", "hard", NULL};
	struct json_object *arr = list(v, root, "", "questions", &p->nquestions);
	const char **keys = arena_calloc(v->a, p->nquestions + 1, sizeof(*keys));
	char path[160];

	p->questions = arena_calloc(v->a, p->nquestions + 1, sizeof(*p->questions));
	for (size_t i = 0; i < p->nquestions; i++) {
		struct json_object *o = item(v, arr, i, "", "questions", path, sizeof(path));
		struct content_question *q = &p->questions[i];

		if (o == NULL)
			continue;
		known_keys(v, o, path, allowed);
		q->key = key_of(v, o, path, "key");
		q->type = question_type(v, o, path);
		q->text = str(v, o, path, "text", true, 1 << 20);
		q->direction = str(v, o, path, "direction", false, 65535);
		q->explanation = str(v, o, path, "explanation", false, 65535);
		q->subject = str(v, o, path, "subject", false, 255);
		q->difficulty = choice(v, o, path, "difficulty", levels, NULL);
		q->has_marks = marks(v, o, path, "marks", false, &q->marks_e4);
		q->has_negative = marks(v, o, path, "negative_marks", false, &q->negative_e4);
		q->partial_marks = boolean(v, o, path, "partial_marks", false);
		q->has_answer = number(v, o, path, "answer", &q->answer);
		if (!number(v, o, path, "tolerance", &q->tolerance))
			q->tolerance = 0;
		q->case_sensitive = boolean(v, o, path, "case_sensitive", false);
		parse_options(v, o, path, q);
		if (q->type != 0)
			check_question_shape(v, path, q);
		if (q->subject != NULL && !has_subject(p, q->subject))
			bad(v, path, "subject", "'%s' is not in the package's subjects", q->subject);
		keys[i] = q->key;
	}
	unique(v, "questions", keys, p->nquestions);
}

static bool has_question(const struct course_content *p, const char *key)
{
	for (size_t i = 0; i < p->nquestions; i++)
		if (p->questions[i].key != NULL && strcmp(p->questions[i].key, key) == 0)
			return true;
	return false;
}

/* --- exams ---------------------------------------------------------------- */

static void parse_exam_sections(struct v *v, struct json_object *o, const char *epath, struct content_exam *e)
{
	static const char *const allowed[] = {"key", "title", "duration", NULL};
	struct json_object *arr = list(v, o, epath, "sections", &e->nsections);
	const char **keys = arena_calloc(v->a, e->nsections + 1, sizeof(*keys));
	char path[256];

	e->sections = arena_calloc(v->a, e->nsections + 1, sizeof(*e->sections));
	for (size_t i = 0; i < e->nsections; i++) {
		struct json_object *x = item(v, arr, i, epath, "sections", path, sizeof(path));

		if (x == NULL)
			continue;
		known_keys(v, x, path, allowed);
		e->sections[i].key = key_of(v, x, path, "key");
		e->sections[i].title = str(v, x, path, "title", true, 255);
		e->sections[i].duration_s = duration(v, x, path, "duration");
		keys[i] = e->sections[i].key;
	}
	unique(v, epath, keys, e->nsections);
}

static bool exam_has_section(const struct content_exam *e, const char *key)
{
	for (size_t i = 0; i < e->nsections; i++)
		if (e->sections[i].key != NULL && strcmp(e->sections[i].key, key) == 0)
			return true;
	return false;
}

static void parse_exam_questions(struct v *v, struct json_object *o, const char *epath,
                                 const struct course_content *p, struct content_exam *e)
{
	static const char *const allowed[] = {"question", "section", "marks", "negative_marks", "bonus", NULL};
	struct json_object *arr = list(v, o, epath, "questions", &e->nquestions);
	const char **keys = arena_calloc(v->a, e->nquestions + 1, sizeof(*keys));
	char path[256];

	/* the one limit every attempt buffer is sized by: refused, never cut */
	if (e->nquestions > EXAM_QUESTIONS_MAX)
		bad(v, epath, "questions", "an exam has at most %d questions (it has %zu)", EXAM_QUESTIONS_MAX, e->nquestions);
	e->questions = arena_calloc(v->a, e->nquestions + 1, sizeof(*e->questions));
	for (size_t i = 0; i < e->nquestions; i++) {
		struct json_object *x = item(v, arr, i, epath, "questions", path, sizeof(path));
		struct content_exam_question *eq = &e->questions[i];

		if (x == NULL)
			continue;
		known_keys(v, x, path, allowed);
		eq->question = str(v, x, path, "question", true, 100);
		eq->section = str(v, x, path, "section", false, 100);
		eq->has_marks = marks(v, x, path, "marks", false, &eq->marks_e4);
		eq->has_negative = marks(v, x, path, "negative_marks", false, &eq->negative_e4);
		eq->bonus = boolean(v, x, path, "bonus", false);
		if (eq->question != NULL && !has_question(p, eq->question))
			bad(v, path, "question", "'%s' is not a question of this package", eq->question);
		if (eq->section != NULL && !exam_has_section(e, eq->section))
			bad(v, path, "section", "'%s' is not a section of this exam", eq->section);
		if (e->nsections > 0 && eq->section == NULL)
			bad(v, path, "section", "is required: this exam has sections");
		keys[i] = eq->question;
	}
	unique(v, epath, keys, e->nquestions);
}

static void parse_exams(struct v *v, struct json_object *root, struct course_content *p)
{
	static const char *const allowed[] = {
		"slug", "title", "description", "start", "end", "duration", "timer_mode", "grace_seconds",
		"passing_score", "mark_per_question", "negative_marks", "variable_marks", "allow_retake",
		"max_attempts", "scoring_policy", "enable_ranks", "rank_publishing_date", "show_answers", "shuffle",
		"access_code", "ip_filter", "template_type", "allow_pdf", "published", "sections", "questions", NULL};
	static const char *const modes[] = {"pausable", "wall", NULL};
	static const char *const policies[] = {"keep_highest", "keep_latest", "keep_average", NULL};
	struct json_object *arr = list(v, root, "", "exams", &p->nexams);
	const char **keys = arena_calloc(v->a, p->nexams + 1, sizeof(*keys));
	char path[160];

	p->exams = arena_calloc(v->a, p->nexams + 1, sizeof(*p->exams));
	for (size_t i = 0; i < p->nexams; i++) {
		struct json_object *o = item(v, arr, i, "", "exams", path, sizeof(path));
		struct content_exam *e = &p->exams[i];

		if (o == NULL)
			continue;
		known_keys(v, o, path, allowed);
		e->slug = key_of(v, o, path, "slug");
		e->title = str(v, o, path, "title", true, 255);
		e->description = str(v, o, path, "description", false, 65535);
		e->has_start = when(v, o, path, "start", &e->start_ms);
		e->has_end = when(v, o, path, "end", &e->end_ms);
		if (e->has_start && e->has_end && e->end_ms <= e->start_ms)
			bad(v, path, "end", "must be after start");
		e->duration_s = duration(v, o, path, "duration");
		e->timer_mode = choice(v, o, path, "timer_mode", modes, "pausable");
		e->grace_s = integer(v, o, path, "grace_seconds", 0, 86400, 0);
		e->passing_score = integer(v, o, path, "passing_score", 0, 100, -1);
		if (!marks(v, o, path, "mark_per_question", false, &e->mark_e4))
			e->mark_e4 = 10000;
		if (!marks(v, o, path, "negative_marks", false, &e->negative_e4))
			e->negative_e4 = 0;
		e->variable_marks = boolean(v, o, path, "variable_marks", false);
		e->allow_retake = boolean(v, o, path, "allow_retake", true);
		e->max_attempts = integer(v, o, path, "max_attempts", 1, 1000000, 0);
		e->scoring_policy = choice(v, o, path, "scoring_policy", policies, "keep_highest");
		e->enable_ranks = boolean(v, o, path, "enable_ranks", false);
		e->has_rank_publishing = when(v, o, path, "rank_publishing_date", &e->rank_publishing_ms);
		e->show_answers = boolean(v, o, path, "show_answers", true);
		e->shuffle = boolean(v, o, path, "shuffle", false);
		e->access_code = str(v, o, path, "access_code", false, 100);
		e->ip_filter = str(v, o, path, "ip_filter", false, 255);
		if (e->ip_filter != NULL && ip_filter_problem(e->ip_filter) != NULL)
			bad(v, path, "ip_filter", "%s", ip_filter_problem(e->ip_filter));
		e->template_type = integer(v, o, path, "template_type", 1, 255, 1);
		e->allow_pdf = boolean(v, o, path, "allow_pdf", false);
		e->published = boolean(v, o, path, "published", true);
		parse_exam_sections(v, o, path, e);
		parse_exam_questions(v, o, path, p, e);
		keys[i] = e->slug;
	}
	unique(v, "exams", keys, p->nexams);
}

static bool has_exam(const struct course_content *p, const char *slug)
{
	for (size_t i = 0; i < p->nexams; i++)
		if (p->exams[i].slug != NULL && strcmp(p->exams[i].slug, slug) == 0)
			return true;
	return false;
}

/* --- course sections and lessons ------------------------------------------ */

static void parse_lessons(struct v *v, struct json_object *o, const char *spath, const struct course_content *p,
                          struct content_section *s)
{
	static const char *const allowed[] = {"key", "title", "kind", "exam", "published", "duration", NULL};
	static const char *const kinds[] = {"quiz", "exam", "video", "attachment", "html", "video_conference", NULL};
	struct json_object *arr = list(v, o, spath, "lessons", &s->nlessons);
	const char **keys = arena_calloc(v->a, s->nlessons + 1, sizeof(*keys));
	char path[256];

	s->lessons = arena_calloc(v->a, s->nlessons + 1, sizeof(*s->lessons));
	for (size_t i = 0; i < s->nlessons; i++) {
		struct json_object *x = item(v, arr, i, spath, "lessons", path, sizeof(path));
		struct content_lesson *l = &s->lessons[i];

		if (x == NULL)
			continue;
		known_keys(v, x, path, allowed);
		l->key = key_of(v, x, path, "key");
		l->title = str(v, x, path, "title", true, 255);
		l->kind = choice(v, x, path, "kind", kinds, "html");
		l->exam = str(v, x, path, "exam", false, 100);
		l->published = boolean(v, x, path, "published", true);
		/* a video's length in seconds (up to 100 hours): what watched time is a share of */
		l->duration_s = integer(v, x, path, "duration", 1, 360000, 0);
		if (l->duration_s > 0 && strcmp(l->kind, "video") != 0)
			bad(v, path, "duration", "only a video lesson has a duration");
		if (l->exam != NULL && !has_exam(p, l->exam))
			bad(v, path, "exam", "'%s' is not an exam of this package", l->exam);
		if ((strcmp(l->kind, "quiz") == 0 || strcmp(l->kind, "exam") == 0) && l->exam == NULL)
			bad(v, path, "exam", "a %s lesson names its exam", l->kind);
		keys[i] = l->key;
	}
	unique(v, spath, keys, s->nlessons);
}

static void parse_sections(struct v *v, struct json_object *root, struct course_content *p)
{
	static const char *const allowed[] = {"key", "title", "dripped_at", "drip_delay", "lessons", NULL};
	struct json_object *arr = list(v, root, "", "sections", &p->nsections);
	const char **keys = arena_calloc(v->a, p->nsections + 1, sizeof(*keys));
	char path[160];

	p->sections = arena_calloc(v->a, p->nsections + 1, sizeof(*p->sections));
	for (size_t i = 0; i < p->nsections; i++) {
		struct json_object *o = item(v, arr, i, "", "sections", path, sizeof(path));
		struct content_section *s = &p->sections[i];

		if (o == NULL)
			continue;
		known_keys(v, o, path, allowed);
		s->key = key_of(v, o, path, "key");
		s->title = str(v, o, path, "title", true, 255);
		s->has_dripped = when(v, o, path, "dripped_at", &s->dripped_ms);
		s->drip_delay = integer(v, o, path, "drip_delay", 0, 36500, -1);
		parse_lessons(v, o, path, p, s);
		keys[i] = s->key;
	}
	unique(v, "sections", keys, p->nsections);
}

static void parse_course(struct v *v, struct json_object *root, struct course_content *p)
{
	static const char *const allowed[] = {"slug", "title", "description", "type", "enforce_lessons_order", NULL};
	static const char *const types[] = {"self-paced", "structured", "scheduled", NULL};
	struct json_object *o = get(root, "course");

	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		bad(v, "course", NULL, "is required and must be an object");
		return;
	}
	known_keys(v, o, "course", allowed);
	p->slug = key_of(v, o, "course", "slug");
	p->title = str(v, o, "course", "title", true, 255);
	p->description = str(v, o, "course", "description", false, 65535);
	p->type = choice(v, o, "course", "type", types, "self-paced");
	p->enforce_lessons_order = boolean(v, o, "course", "enforce_lessons_order", false);
}

int package_parse(const char *text, size_t len, struct arena *a, struct course_content *p, struct content_errors *errs)
{
	static const char *const allowed[] = {"format", "course", "users", "enrollments", "subjects",
	                                      "questions", "exams", "sections", NULL};
	struct json_tokener *tok = json_tokener_new_ex(64);
	struct json_object *root;
	struct v v = {a, errs};
	char *copy;
	const char *format;

	memset(p, 0, sizeof(*p));
	memset(errs, 0, sizeof(*errs));
	if (tok == NULL)
		return -1;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	/* the tokener reads len + 1 bytes, its end marked by the NUL: give it
	 * one, whatever buffer text came in (the fuzzer's is not terminated) */
	if ((copy = arena_alloc(a, len + 1)) == NULL) {
		json_tokener_free(tok);
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	root = json_tokener_parse_ex(tok, copy, (int)len + 1);
	if (root == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		bad(&v, "package", NULL, "is not valid JSON: %s at byte %zu",
		    json_tokener_error_desc(json_tokener_get_error(tok)), json_tokener_get_parse_end(tok));
		json_tokener_free(tok);
		json_object_put(root);
		return -1;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(root, json_type_object)) {
		bad(&v, "package", NULL, "must be a JSON object");
		json_object_put(root);
		return -1;
	}
	known_keys(&v, root, "package", allowed);
	format = str(&v, root, "package", "format", true, 60);
	if (format != NULL && strcmp(format, PACKAGE_FORMAT) != 0)
		bad(&v, "package", "format", "'%s' is not " PACKAGE_FORMAT, format);
	parse_course(&v, root, p);
	parse_users(&v, root, p);
	parse_enrollments(&v, root, p);
	parse_subjects(&v, root, p);
	parse_questions(&v, root, p);
	parse_exams(&v, root, p);
	parse_sections(&v, root, p);
	json_object_put(root);
	return errs->n == 0 ? 0 : -1;
}
