/* invigil — the domain's plain structs, shared by core, store and faces. */
#ifndef INVIGIL_MODEL_H
#define INVIGIL_MODEL_H

#include <stdbool.h>
#include <stdint.h>

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

#endif
