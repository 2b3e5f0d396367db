/* invigil — a course's authored content (course, users, subjects, questions,
 * exams, sections, lessons) as plain structs: what an import or an author
 * hands the store.  The JSON course package (src/cli/package.c,
 * docs/course-package.md) is one reader of it; every string lives in the
 * reader's arena.  Times are epoch ms,
 * marks ten-thousandths. */
#ifndef INVIGIL_CONTENT_H
#define INVIGIL_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "invigil/model.h"

struct content_option {
	const char *key, *text;
	bool correct;
	bool has_marks;
	int64_t marks_e4;
};

struct content_question {
	const char *key;
	enum question_type type;
	const char *text, *direction, *explanation, *subject, *difficulty;
	bool has_marks, has_negative;
	int64_t marks_e4, negative_e4;
	bool partial_marks;
	bool has_answer;
	double answer, tolerance;
	bool case_sensitive;
	struct content_option *options;
	size_t noptions;
};

struct content_exam_section {
	const char *key, *title;
	int64_t duration_s; /* 0: none */
};

struct content_exam_question {
	const char *question, *section; /* keys; section may be NULL */
	bool has_marks, has_negative;
	int64_t marks_e4, negative_e4;
	bool bonus;
};

struct content_exam {
	const char *slug, *title, *description;
	bool has_start, has_end, has_rank_publishing;
	int64_t start_ms, end_ms, rank_publishing_ms;
	int64_t duration_s;      /* 0: no limit */
	const char *timer_mode;  /* pausable | wall */
	int64_t grace_s;
	int64_t passing_score;   /* -1: none */
	int64_t mark_e4, negative_e4;
	bool variable_marks, allow_retake, enable_ranks, show_answers, shuffle, allow_pdf, published;
	int64_t max_attempts;    /* 0: unlimited */
	const char *scoring_policy;
	const char *access_code, *ip_filter;
	int64_t template_type;
	struct content_exam_section *sections;
	size_t nsections;
	struct content_exam_question *questions;
	size_t nquestions;
};

struct content_lesson {
	const char *key, *title, *kind, *exam;
	bool published;
	int64_t duration_s; /* a video's length; 0: not given */
};

struct content_section {
	const char *key, *title;
	bool has_dripped;
	int64_t dripped_ms;
	int64_t drip_delay; /* -1: none */
	struct content_lesson *lessons;
	size_t nlessons;
};

struct content_user {
	const char *username, *email, *display_name, *password_hash;
	enum role role;
};

struct content_enrollment {
	const char *user, *role, *status;
};

struct course_content {
	const char *slug, *title, *description, *type;
	bool enforce_lessons_order;
	struct content_user *users;
	size_t nusers;
	struct content_enrollment *enrollments;
	size_t nenrollments;
	const char **subjects; /* paths, parents before children */
	size_t nsubjects;
	struct content_question *questions;
	size_t nquestions;
	struct content_exam *exams;
	size_t nexams;
	struct content_section *sections;
	size_t nsections;
};


#endif
