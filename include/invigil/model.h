/* invigil — the domain's plain structs and their names, below every layer
 * that acts on them (rules, store, engine, faces).  No behaviour but lookups. */
#ifndef INVIGIL_MODEL_H
#define INVIGIL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/arena.h"

/* Global roles, as stored in users.role. */
enum role { ROLE_LEARNER, ROLE_INSTRUCTOR, ROLE_ADMIN, ROLE__MAX };

/* Parses "learner", "instructor", "admin"; -1 when unknown. */
int role_parse(const char *s);
/* "learner", "instructor" or "admin". */
const char *role_name(enum role role);

struct user {
	int64_t id;
	char username[151];
	char email[255];
	char display_name[201];
	char password_hash[129]; /* "" when none is set */
	enum role role;
};

/* An exam as faces list it.  Times are epoch milliseconds, 0 when unset;
 * marks are ten-thousandths. */
struct exam {
	int64_t id;
	char slug[101];
	char public_id[41];
	const char *title;        /* arena */
	const char *description;  /* arena */
	int64_t course_id;
	const char *course_title; /* arena */
	int64_t start_ms, end_ms;
	bool has_start, has_end;
	int64_t duration_s;       /* 0: no time limit */
	int64_t question_count;
	int64_t negative_marks_e4;
	int64_t mark_per_question_e4;
	int64_t template_type;
	bool allow_retake;
	int64_t max_attempts;     /* 0: unlimited */
	bool enable_ranks;
	int64_t rank_publishing_ms;
	bool has_rank_publishing;
	bool allow_pdf;
	int64_t created_ms;
	bool variable_marks;
	bool show_answers;
	int64_t passing_score;    /* percent; -1 when unset */
	bool published;
};

/* --- exam content (cached per worker by the store) -------- */

struct ex_option {
	int64_t id;
	const char *text;
	bool correct;
	bool has_marks;
	int64_t marks_e4; /* partial marks for choosing this option */
};

enum difficulty { DIFF_NONE, DIFF_EASY, DIFF_MEDIUM, DIFF_HARD };

/* Question types.  Each value is the one-letter code stored in
 * questions.type, so the store converts nothing; names come from one table
 * (src/model/model.c). */
enum question_type {
	QT_SINGLE = 'R',     /* single_choice */
	QT_MULTIPLE = 'C',   /* multiple_choice */
	QT_TRUE_FALSE = 'T', /* true_false */
	QT_NUMERIC = 'N',    /* numeric */
	QT_SHORT_TEXT = 'S', /* short_text */
	QT_ESSAY = 'E',      /* essay */
};

/* "single_choice", "multiple_choice", …: the name packages and the
 * assessments face use; "essay" for an unknown value. */
const char *question_type_name(enum question_type t);
/* A name, or a one-letter code ("R"), as a type; 0 when neither. */
enum question_type question_type_parse(const char *s);
/* Is the answer a choice among options (single, multiple, true/false)? */
bool question_takes_options(enum question_type t);
/* Is at most one option chosen (single choice, true/false)? */
bool question_single_pick(enum question_type t);

struct ex_question {
	int64_t eq_id;       /* exam_questions.id */
	int64_t question_id;
	int position;
	enum question_type type;
	const char *html, *direction, *explanation;
	int64_t subject_id;  /* 0: none */
	enum difficulty difficulty;
	int64_t marks_e4, negative_e4; /* effective: exam question, question, then exam */
	bool partial, bonus, case_sensitive;
	bool has_answer;
	double answer, tolerance;
	int64_t section_id;  /* 0: none */
	struct ex_option *options;
	size_t noptions;
};

struct ex_section {
	int64_t id;
	const char *title;
	int64_t duration_s; /* 0: untimed */
};

struct ex_subject {
	int64_t id, parent_id; /* parent 0: a root */
	const char *name;
};

enum timer_mode { TIMER_PAUSABLE, TIMER_WALL };

/* One exam with everything grading and rendering need.  Owns its arena. */
/* Something a face derives from one version of an exam's content and keeps
 * with it (its rendered question JSON): made on first use, released with the
 * content.  The face embeds this as its first member. */
struct content_memo {
	void (*release)(struct content_memo *m);
};

/* One slot per face that keeps a memo (face_testpress.h: TP_MEMO_SLOT). */
#define CONTENT_MEMO_SLOTS 4

struct exam_content {
	struct arena mem;
	struct exam exam;      /* the listing fields (strings in mem) */
	int64_t version;       /* exams.content_version when loaded */
	enum timer_mode timer_mode;
	int64_t grace_s;
	struct ex_section *sections;
	size_t nsections;
	struct ex_question *questions; /* in exam order */
	size_t nquestions;
	struct ex_subject *subjects;   /* of the course */
	size_t nsubjects;
	int64_t max_score_e4;          /* sum of question marks */
	/* settings other faces (Canvas) apply */
	const char *access_code, *ip_filter, *quiz_type, *hide_results, *scoring_policy; /* NULL: none */
	bool shuffle, one_question_at_a_time, cant_go_back;
	/* the faces' memos (a cache: filled through a const exam_content) */
	struct content_memo *memo[CONTENT_MEMO_SLOTS];
};

/* The memo slot of ec (it may be filled although ec is const: a memo is a
 * cache of what ec renders to, and one worker serves one request at a time). */
static inline struct content_memo **content_memo_slot(const struct exam_content *ec, int slot)
{
	return &((struct exam_content *)ec)->memo[slot];
}

/* The question with exam-question id eq_id, or NULL. */
const struct ex_question *exam_question(const struct exam_content *ec, int64_t eq_id);
/* The question whose question id (questions.id, as the Canvas, assessments
 * and course faces name it) is question_id, or NULL. */
const struct ex_question *exam_question_by_id(const struct exam_content *ec, int64_t question_id);
/* The option id of q, or NULL. */
const struct ex_option *question_option(const struct ex_question *q, int64_t option_id);
const struct ex_subject *exam_subject(const struct exam_content *ec, int64_t id);
/* Index of section id in ec->sections, or -1. */
int exam_section_index(const struct exam_content *ec, int64_t section_id);

/* --- attempts ------------------------------------------------------------- */

enum attempt_state { AS_NOT_STARTED, AS_RUNNING, AS_COMPLETED };

struct attempt {
	int64_t id, exam_id, user_id;
	int64_t attempt_no;
	enum attempt_state state;
	bool preview;            /* staff attempts count nowhere */
	int64_t started_ms, last_started_ms, last_seen_ms, ended_ms, created_ms; /* 0: unset */
	int64_t time_used_ms;    /* pausable: folded time; wall: set at end */
	int64_t last_event_ms;   /* the latest answer event's time, 0: none: a save does not
	                          * write the attempt row, so its touch of the clock is this */
	int64_t deadline_ms;     /* 0: none (for the sweep) */
	int64_t extra_time_s;
	bool graded;             /* score fields valid */
	int64_t score_e4, max_score_e4, percentage_e4;
	int64_t correct, incorrect, unanswered, pending;
	int64_t exam_version;    /* exams.content_version, read with the attempt */
	char username[151];
	char display_name[201];  /* the owner's, "" when none */
	char validation_token[65]; /* "" when none (Canvas sets one) */
	int64_t fudge_e4;        /* points added by a grader (in score_e4 already) */
	bool unlocked;           /* the user is manually unlocked: the exam's end does not cut the clock */
	int64_t answer_count;    /* its answers (records made or due), one per question of the exam as it
	                          * started; 0: unknown (started before migration 008) */
	int64_t content_version; /* the exam's content version its records were made from; 0: unknown (012) */
	int64_t dense_first_id;  /* its answers' ids run from this one, one per question in the order of that
	                          * version (reserved by its start, migration 014); 0: not known (started
	                          * before 014, its records' ids as the server gave them) */
	bool records_due;        /* started without its answer records, which are not made yet (014) */
};

/* An answer record: one per attempt question. */
enum answer_result { AR_UNANSWERED, AR_CORRECT, AR_INCORRECT, AR_PARTIAL, AR_PENDING };
/* "unanswered", "correct", "incorrect", "partial", "pending" (answers.result's
 * ENUM values, and every face's name for them); "unanswered" for an unknown
 * value. */
const char *answer_result_name(enum answer_result r);
/* The result named name (answer_result_name's); AR_UNANSWERED when none is. */
enum answer_result answer_result_parse(const char *name);

#define ANSWER_MAX_SELECTED 64

/* The most questions an exam may have: refused when an exam is imported or
 * authored past it (docs/course-package.md), so every per-attempt buffer
 * sized by it holds a whole attempt and nothing is ever cut silently. */
#define EXAM_QUESTIONS_MAX 1000

struct answer {
	int64_t id, eq_id;
	int64_t position;
	int64_t selected[ANSWER_MAX_SELECTED]; /* option ids, ascending */
	size_t nselected;
	const char *text;        /* short text, numeric text or essay; NULL: none */
	bool review;
	int64_t time_spent_ms;
	enum answer_result result;
	bool has_marks;
	int64_t marks_e4;
};

/* What a client sent for one answer; absent parts stay as saved. */
struct answer_input {
	bool has_selected, has_text, has_review;
	int64_t selected[ANSWER_MAX_SELECTED];
	size_t nselected;
	const char *text;
	bool review;
	const char *payload; /* the request as received, for the answer-event log,
	                      * which keeps its first EVENT_PAYLOAD_MAX bytes */
};

/* How much of an answer's request the answer-event log keeps (cut on a UTF-8 boundary). */
#define EVENT_PAYLOAD_MAX 60000


/* The totals of a graded attempt. */
struct grade_totals {
	int64_t score_e4, max_score_e4, percentage_e4;
	int64_t correct, incorrect, unanswered, pending, partial;
	int64_t bonus_e4;
};

/* --- what is refused, and why ------------------------------------------------ */

/* Why an operation was refused: the engine sets it with every refusal, and
 * faces choose their status and wording from it, never from message text. */
enum refusal {
	REF_NONE,
	REF_NOT_FOUND,      /* no such object, or not visible to the caller */
	REF_NOT_ENROLLED,   /* not a joined member of the exam's course */
	REF_NOT_OWNER,      /* another user's attempt or submission */
	REF_NOT_STAFF,      /* needs the course's staff or an admin */
	REF_NOT_OPEN_YET,   /* before the exam's start */
	REF_CLOSED,         /* after the exam's end */
	REF_NO_ATTEMPTS,    /* no attempts left */
	REF_ACCESS_CODE,    /* the exam's access code is missing or wrong */
	REF_IP_DENIED,      /* the client's address is outside the exam's IP filter */
	REF_TIME_OVER,      /* the attempt's time ran out: it has been ended */
	REF_ENDED,          /* the attempt has ended */
	REF_NOT_COMPLETED,  /* needs a completed attempt */
	REF_SECTION_CLOSED, /* the question's section is not running */
	REF_INVALID,        /* bad input; the engine names the field */
	REF_LESSON_UNPUBLISHED, /* the exam's lesson is not published */
	REF_LESSON_NOT_OPEN,    /* the lesson's section has not opened (drip) */
	REF_LESSON_ORDER,       /* an earlier lesson of the course is not completed */
	REF__MAX
};

/* --- what faces and the store exchange -------------------------------------- */

enum course_type { COURSE_SELF_PACED, COURSE_STRUCTURED, COURSE_SCHEDULED };

/* A lesson that runs an exam, as the learner taking it stands with it
 * (seed 000's four rules; docs/course-package.md). */
struct lesson_facts {
	int64_t lesson_id;
	bool published;
	enum course_type type;
	int64_t dripped_ms;      /* scheduled courses: when its section opens; 0: no date */
	int64_t drip_delay_days; /* structured courses: days after joining; 0: none */
	int64_t joined_ms;       /* when the learner joined the course; 0: unknown */
	bool enforce_order;      /* the course takes its lessons in order */
	int64_t earlier_open;    /* published lessons before it the learner has not completed */
};


struct exam_filter {
	int64_t user_id;
	bool all;           /* admins: every exam */
	const char *course; /* course title or slug, or NULL */
	const char *title_like; /* LIKE pattern, or NULL */
	int64_t course_id;  /* 0: any */
};

struct attempt_filter {
	int64_t user_id;
	int64_t exam_id;        /* 0: any */
	const char *course;     /* title or slug, or NULL */
	const char *title_like; /* or NULL */
};

struct question_stat {
	int64_t eq_id, attempts, correct, total_time_ms, best_time_ms; /* best -1: none */
};

struct subject_stat {
	int64_t subject_id, total, correct, incorrect, unanswered, partial, marks_e4;
};

struct course {
	int64_t id;
	char slug[101];
	const char *title, *description; /* in the caller's arena */
	enum course_type type;
	bool enforce_order;   /* learners complete its lessons in order */
	int64_t created_ms;
};

/* A user's enrollment in a course, as stored. */
struct enrollment {
	bool found;
	char role[16];   /* learner | instructor | creator | manager */
	char status[16]; /* joined | invited | requested | payment_waiting */
	int64_t joined_ms; /* 0: unknown */
};

/* A course as one user lists it: with their joined enrollment in it, if
 * any (an admin lists courses they are not in: en.found false). */
struct user_course {
	struct course course;
	struct enrollment en;
};

/* What a course lesson is (lessons.kind); names from one table (model.c). */
enum lesson_kind { LESSON_QUIZ, LESSON_EXAM, LESSON_VIDEO, LESSON_ATTACHMENT, LESSON_HTML, LESSON_VIDEO_CONFERENCE };
/* "quiz", "exam", "video", "attachment", "html", "video_conference". */
const char *lesson_kind_name(enum lesson_kind k);
/* The kind named s; LESSON_HTML when unknown. */
enum lesson_kind lesson_kind_parse(const char *s);
/* Does the lesson run an exam (quiz and exam lessons)? */
bool lesson_runs_exam(enum lesson_kind k);

/* How a learner stands with a lesson. */
enum lesson_completion { LC_UNCOMPLETED, LC_COMPLETED, LC_FAILED };
/* The latest completed (not preview) attempt of a lesson's exam. */
enum lesson_outcome { LO_NONE, LO_PASSED, LO_FAILED, LO_PENDING };

/* One section of a course outline.  The store fills the first fields; the
 * engine the rest (engine_course_outline). */
struct course_section {
	int64_t id;
	const char *title;        /* arena */
	int64_t dripped_ms;       /* scheduled courses: when it opens; 0: no date */
	bool has_delay;
	int64_t drip_delay_days;  /* structured courses: days after joining */
	/* set by the engine */
	bool locked;              /* not open yet to the learner (its drip) */
	int64_t available_ms;     /* when it opens to the learner; 0: not dated */
	int64_t num_lessons;      /* published ones */
	int64_t num_completed;    /* of those, completed by the learner */
	size_t first, nlessons;   /* its lessons in the outline's lesson array */
};

/* One lesson of a course outline, as one learner stands with it. */
struct course_lesson {
	int64_t id, section_id;
	int64_t exam_id;          /* 0: runs none */
	const char *title;        /* arena */
	enum lesson_kind kind;
	bool published;
	int64_t duration_ms;      /* a video's length; 0: not given */
	int64_t completed_ms;     /* 0: not completed by the learner */
	enum lesson_outcome last; /* of its exam, by the learner */
	/* set by the engine */
	enum refusal locked_by;   /* REF_NONE: open to the learner */
	enum lesson_completion completion;
};

/* One row of a course's quiz dashboard: an attempt of a lesson's exam. */
struct quiz_row {
	int64_t attempt_id, section_id, lesson_id, user_id;
	const char *lesson_title; /* arena */
	int64_t created_ms;
	enum attempt_state state;
	enum lesson_outcome outcome; /* LO_NONE while it runs */
	int64_t percentage_e4;
	char username[151];
	char display_name[201];
};

/* --- learner progress with lessons that run no exam (docs/testpress-admin.md) -- */

/* A lesson with where it sits, for a request that names only the lesson. */
struct lesson_ref {
	int64_t id, section_id, course_id;
	int64_t exam_id;          /* 0: runs none */
	enum lesson_kind kind;
	bool published;
	int64_t duration_ms;      /* a video's length; 0: not given */
	const char *title;        /* arena */
};

#define WATCH_PARTS 1000            /* a video's coverage is 1000 equal parts */
#define WATCH_HEX_LEN 250           /* stored as this many hex digits */
#define WATCH_COMPLETE_PERMILLE 900 /* watching 90 % of a video completes its lesson */

/* A learner's one progress row with a lesson (lesson_progress). */
struct lesson_progress {
	int64_t id, lesson_id, user_id;
	int64_t opened_ms;        /* first opened (else completed) */
	int64_t completed_ms;     /* 0: not completed */
	int64_t position_ms;      /* a video's last position */
	int64_t watched_permille; /* thousandths of a video watched */
	int64_t watched_ms;       /* that share of the lesson's length (set by the engine) */
	char coverage[251];       /* which thousandths (rules/watch.c); "" none */
};

/* One chapter content attempt of the Testpress admin report: a progress row
 * of a lesson that runs no exam, or an attempt of a quiz or exam lesson's
 * exam (through the first lesson that runs it). */
struct content_row {
	int64_t user_id, course_id, section_id, lesson_id, exam_id;
	enum lesson_kind kind;
	int64_t progress_id, attempt_id; /* one of them 0 */
	int64_t created_ms, completed_ms; /* completed_ms 0: not completed */
	int64_t position_ms, watched_permille, duration_ms;
	int64_t watched_ms;       /* the watched share's time (set by the engine) */
	int64_t correct, incorrect;
};

/* The report's filters: comma lists of ids (NULL: any), exact values (0,
 * or state -1: any), completion times in [from_ms, to_ms) (0: no bound). */
struct content_filter {
	int64_t caller;           /* set by the engine */
	bool all;                 /* an admin: every course */
	const char *user_ids, *section_ids, *course_ids, *lesson_ids, *kinds;
	int64_t exam_id;
	int state;                /* -1 any, 0 not completed, 1 completed */
	int64_t from_ms, to_ms;
};

/* One stay of a learner in a video-conference lesson. */
struct attendance_row {
	char username[151];
	char display_name[201];
	char email[255];
	int64_t joined_ms, left_ms;
};

/* --- item analysis (src/rules/items.c; docs/item-analysis.md) ---------------- */

/* One answer as the item analysis reads it: by question index of the exam. */
struct item_answer {
	bool answered;          /* a choice was made (blank: not a respondent) */
	enum answer_result result;
	int64_t marks_e4;       /* as awarded (0 when not graded) */
	uint64_t picked;        /* bit i: the question's option i was chosen */
};

/* One learner's ended, graded attempt: answers[i] for ec->questions[i]. */
struct item_take {
	int64_t user_id, attempt_no, score_e4, time_used_ms;
	int64_t correct, incorrect; /* counts over the attempt */
	const struct item_answer *answers;
};

/* One option of a question. */
struct item_option {
	int64_t option_id;
	bool correct;
	int64_t responses;      /* counted takes that chose it */
	bool has_point_biserial;
	double point_biserial;  /* over the analysed takes */
};

/* One question: counts over the counted takes; the item analysis (choice
 * questions) over the analysed ones. */
struct item_question {
	int64_t eq_id, question_id;
	enum question_type type;
	int64_t responses, blank, correct, incorrect, partial;
	bool analysed;          /* a choice question */
	int64_t answered, top, middle, bottom;
	int64_t correct_answered, correct_top, correct_middle, correct_bottom;
	double difficulty;      /* facility: correct / answered (0 when none) */
	bool has_discrimination;
	double discrimination;  /* correct share in the top group minus in the bottom group */
	double variance, stdev; /* of the item score over its respondents (population) */
	struct item_option *options;
	size_t noptions;
};

/* A histogram bucket: a score as a whole percentage of the points possible. */
struct item_bucket {
	int64_t percent, count;
};

/* The whole report of one exam. */
struct item_report {
	int64_t counted;        /* takes counted (each learner's kept one, or all) */
	int64_t learners;       /* distinct learners among them */
	int64_t analysed;       /* takes analysed (each learner's first) */
	int64_t attempts;       /* graded attempts read in all (set by the engine) */
	double points_possible;
	bool has_scores;        /* counted > 0 */
	double mean, median, high, low, stdev; /* points; stdev over the population */
	double correct_average, incorrect_average, duration_average_s;
	struct item_bucket *histogram;
	size_t nbuckets;
	bool has_alpha;
	double alpha;           /* Cronbach's alpha over the analysed choice questions */
	int64_t alpha_items;    /* how many */
	struct item_question *questions; /* in exam order */
	size_t nquestions;
};

/* An attempt's answers counted by section, subject and difficulty. */
struct breakdown_counts {
	int64_t total, correct, incorrect, partial, unanswered, pending;
	int64_t marks_e4;
};
struct attempt_breakdown {
	struct breakdown_counts *sections; /* parallel to ec->sections */
	int64_t *section_time_ms;          /* each section's share of the time used */
	struct breakdown_counts difficulty[4]; /* by enum difficulty (DIFF_NONE: uncategorized) */
	struct breakdown_counts *subjects; /* parallel to ec->subjects, each with its descendants' */
	bool *subject_leaf;                /* no other subject of the course has it as parent */
	struct breakdown_counts no_subject; /* questions without a subject */
};

/* The Testpress admin API's attempt list (v2.5). */
enum admin_order {
	ADMIN_BY_DATE, ADMIN_BY_DATE_DESC, ADMIN_BY_CORRECT, ADMIN_BY_CORRECT_DESC,
	ADMIN_BY_INCORRECT, ADMIN_BY_INCORRECT_DESC, ADMIN_BY_UNANSWERED, ADMIN_BY_UNANSWERED_DESC,
};
struct admin_filter {
	int64_t caller;          /* the user asking (set by the engine) */
	bool all;                /* an admin: every attempt (set by the engine) */
	int64_t exam_id, user_id; /* 0: any */
	const char *state;       /* "running", "completed", "not_started"; NULL: any */
	int64_t from_ms, to_ms;  /* started in [from, to); 0: open */
	enum admin_order order;
};
/* One listed attempt with its user's e-mail. */
struct admin_row {
	struct attempt a;
	char email[255];
};

/* Which dashboard rows: the course's; statuses the attempts' users' join
 * statuses ("creator,manager,joined,invited,requested,payment_waiting,none"
 * as a comma list); like a LIKE pattern on username, name or lesson title. */
struct quiz_filter {
	int64_t course_id;
	const char *statuses;
	const char *like;         /* NULL: any */
};

struct extension {
	int64_t extra_attempts, extra_time_s;
	bool manually_unlocked;
};

struct exam_new {
	int64_t course_id;
	const char *title;
	int64_t passing_score;  /* percent */
	int64_t duration_s;     /* 0: none */
	int64_t max_attempts;   /* 0: unlimited */
};

/* Changes what is set (has_*), bumping the content version. */
struct exam_patch {
	bool has_title, has_passing, has_duration, has_max_attempts;
	const char *title;
	int64_t passing_score, duration_s, max_attempts; /* 0 duration/max: none */
};

/* A subject's totals over one attempt: its own questions plus its
 * descendants'.  Parallel to ec->subjects. */
struct subject_total {
	int64_t id, parent;
	const char *name;
	int64_t total, correct, incorrect, unanswered, marks_e4;
	bool leaf, used;
};

/* What a quiz client reported about an attempt (Canvas's quiz submission
 * events); strings in the caller's arena. */
struct submission_event {
	int64_t id;
	const char *type;  /* "page_blurred", "question_viewed", … */
	const char *data;  /* JSON text, or NULL */
	int64_t at_ms;
};

/* A comment on a question; strings in the caller's arena. */
struct question_comment {
	int64_t id, question_id, user_id;
	const char *username, *display_name, *text;
	int64_t at_ms;
};

/* A user's completed, counted attempts at an exam, summed up. */
struct kept_scores {
	int64_t count, highest_e4, sum_e4, latest_e4;
};

/* --- statistics -------------------------------------------------------------- */

struct score_bucket {
	int64_t score_e4;
	int64_t attempts;
};

#endif
