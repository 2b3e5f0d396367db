/* invigil — the SQL of every prepared statement.  Each row names its enum;
 * each lookup is served by an index of schema/ (named in the comment). */
#include "config.h"

#include "invigil/db_stmt.h"

/* The exam row a face renders; shared by list queries. */
#define EXAM_COLUMNS                                                                          \
	"e.id, e.slug, e.public_id, e.title, e.description, c.id, c.title, e.start_at, e.end_at, " \
	"e.duration_s, (SELECT COUNT(*) FROM exam_questions q WHERE q.exam_id = e.id), "          \
	"e.negative_marks_e4, e.mark_per_question_e4, e.template_type, e.allow_retake, "          \
	"e.max_attempts, e.enable_ranks, e.rank_publishing_at, e.allow_pdf, e.created_at, "       \
	"e.variable_marks, e.show_answers, e.passing_score "

/* A learner sees exams of courses they joined; admins see all. */
#define EXAM_VISIBLE                                                                       \
	"e.published = 1 AND (? = 1 OR EXISTS (SELECT 1 FROM enrollments en "                \
	"WHERE en.course_id = e.course_id AND en.user_id = ? AND en.status = 'joined')) "

const char *const stmt_sql[STMT__MAX] = {
	/* STMT_USER_BY_USERNAME: uq_users_username */
	"SELECT id, username, email, display_name, password_hash, role FROM users WHERE username = ?",
	/* STMT_USER_UPSERT: LAST_INSERT_ID(id) makes insert_id the row's id either way */
	"INSERT INTO users (username, email, display_name, role, password_hash) VALUES (?, ?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), email = VALUES(email), "
	"display_name = VALUES(display_name), role = VALUES(role), "
	"password_hash = COALESCE(VALUES(password_hash), password_hash)",
	/* STMT_USER_SET_PASSWORD */
	"UPDATE users SET password_hash = ? WHERE username = ?",
	/* STMT_LOGIN_LOCKED: primary key */
	"SELECT TIMESTAMPDIFF(SECOND, ?, locked_until) + 1 FROM login_failures "
	"WHERE username = ? AND locked_until > ?",
	/* STMT_LOGIN_FAILED: failures older than the window start over */
	"INSERT INTO login_failures (username, failures, last_at, locked_until) VALUES (?, 1, ?, NULL) "
	"ON DUPLICATE KEY UPDATE failures = IF(last_at < ?, 1, failures + 1), last_at = VALUES(last_at), "
	"locked_until = IF(failures >= ?, ?, NULL)",
	/* STMT_LOGIN_CLEAR */
	"DELETE FROM login_failures WHERE username = ?",
	/* STMT_COURSE_BY_SLUG: uq_courses_slug */
	"SELECT id FROM courses WHERE slug = ?",
	/* STMT_COURSE_UPSERT */
	"INSERT INTO courses (slug, title, description, type, enforce_lessons_order) VALUES (?, ?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), title = VALUES(title), "
	"description = VALUES(description), type = VALUES(type), "
	"enforce_lessons_order = VALUES(enforce_lessons_order)",
	/* STMT_ENROLL_UPSERT: uq_enrollments_course_user */
	"INSERT INTO enrollments (course_id, user_id, role, status, joined_at) VALUES (?, ?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), role = VALUES(role), status = VALUES(status), "
	"joined_at = COALESCE(joined_at, VALUES(joined_at))",
	/* STMT_SECTION_UPSERT: uq_course_sections_key */
	"INSERT INTO course_sections (course_id, skey, title, position, dripped_at, drip_delay) "
	"VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), title = VALUES(title), "
	"position = VALUES(position), dripped_at = VALUES(dripped_at), drip_delay = VALUES(drip_delay)",
	/* STMT_SUBJECT_UPSERT: uq_subjects_path */
	"INSERT INTO subjects (course_id, parent_id, path, name) VALUES (?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), parent_id = VALUES(parent_id), name = VALUES(name)",
	/* STMT_EXAM_BY_SLUG: uq_exams_slug */
	"SELECT id, course_id FROM exams WHERE slug = ?",
	/* STMT_EXAM_UPSERT: content_version moves on every import (the workers' cache key) */
	"INSERT INTO exams (course_id, slug, public_id, title, description, start_at, end_at, duration_s, "
	"timer_mode, grace_s, passing_score, mark_per_question_e4, negative_marks_e4, variable_marks, "
	"allow_retake, max_attempts, scoring_policy, enable_ranks, rank_publishing_at, show_answers, "
	"shuffle, access_code, ip_filter, template_type, allow_pdf, published) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), title = VALUES(title), "
	"description = VALUES(description), start_at = VALUES(start_at), end_at = VALUES(end_at), "
	"duration_s = VALUES(duration_s), timer_mode = VALUES(timer_mode), grace_s = VALUES(grace_s), "
	"passing_score = VALUES(passing_score), mark_per_question_e4 = VALUES(mark_per_question_e4), "
	"negative_marks_e4 = VALUES(negative_marks_e4), variable_marks = VALUES(variable_marks), "
	"allow_retake = VALUES(allow_retake), max_attempts = VALUES(max_attempts), "
	"scoring_policy = VALUES(scoring_policy), enable_ranks = VALUES(enable_ranks), "
	"rank_publishing_at = VALUES(rank_publishing_at), show_answers = VALUES(show_answers), "
	"shuffle = VALUES(shuffle), access_code = VALUES(access_code), ip_filter = VALUES(ip_filter), "
	"template_type = VALUES(template_type), allow_pdf = VALUES(allow_pdf), "
	"published = VALUES(published), content_version = content_version + 1",
	/* STMT_EXAM_SECTION_UPSERT: uq_exam_sections_key */
	"INSERT INTO exam_sections (exam_id, skey, title, position, duration_s) VALUES (?, ?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), title = VALUES(title), "
	"position = VALUES(position), duration_s = VALUES(duration_s)",
	/* STMT_LESSON_UPSERT: uq_lessons_key */
	"INSERT INTO lessons (section_id, skey, title, kind, position, published, exam_id) "
	"VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), "
	"title = VALUES(title), kind = VALUES(kind), position = VALUES(position), "
	"published = VALUES(published), exam_id = VALUES(exam_id)",
	/* STMT_QUESTION_BY_KEY: uq_questions_key */
	"SELECT id, type, COALESCE(marks_e4, -1) FROM questions WHERE course_id = ? AND qkey = ?",
	/* STMT_QUESTION_ANSWERED: ix_exam_questions_question, ix_answers_exam_question */
	"SELECT COUNT(*) FROM exam_questions eq JOIN answers a ON a.exam_question_id = eq.id "
	"WHERE eq.question_id = ? AND a.result <> 'unanswered'",
	/* STMT_QUESTION_UPSERT */
	"INSERT INTO questions (course_id, qkey, type, question_html, direction_html, explanation_html, "
	"subject_id, difficulty, marks_e4, negative_marks_e4, partial_marks, numeric_answer, "
	"numeric_tolerance, case_sensitive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), type = VALUES(type), "
	"question_html = VALUES(question_html), direction_html = VALUES(direction_html), "
	"explanation_html = VALUES(explanation_html), subject_id = VALUES(subject_id), "
	"difficulty = VALUES(difficulty), marks_e4 = VALUES(marks_e4), "
	"negative_marks_e4 = VALUES(negative_marks_e4), partial_marks = VALUES(partial_marks), "
	"numeric_answer = VALUES(numeric_answer), numeric_tolerance = VALUES(numeric_tolerance), "
	"case_sensitive = VALUES(case_sensitive), version = version + 1",
	/* STMT_OPTION_UPSERT: uq_question_options_key */
	"INSERT INTO question_options (question_id, okey, text_html, is_correct, marks_e4, position) "
	"VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), "
	"text_html = VALUES(text_html), is_correct = VALUES(is_correct), marks_e4 = VALUES(marks_e4), "
	"position = VALUES(position)",
	/* STMT_EXAM_QUESTION_UPSERT: uq_exam_questions */
	"INSERT INTO exam_questions (exam_id, question_id, exam_section_id, position, marks_e4, "
	"negative_marks_e4, bonus) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	"id = LAST_INSERT_ID(id), exam_section_id = VALUES(exam_section_id), position = VALUES(position), "
	"marks_e4 = VALUES(marks_e4), negative_marks_e4 = VALUES(negative_marks_e4), bonus = VALUES(bonus)",
	/* STMT_EXAM_LIST: primary key order; uq_enrollments_course_user for the visibility check */
	"SELECT " EXAM_COLUMNS "FROM exams e JOIN courses c ON c.id = e.course_id WHERE " EXAM_VISIBLE
	"AND (? IS NULL OR c.title = ? OR c.slug = ?) AND (? IS NULL OR e.title LIKE ?) "
	"ORDER BY e.id DESC LIMIT ? OFFSET ?",
	/* STMT_EXAM_COUNT */
	"SELECT COUNT(*) FROM exams e JOIN courses c ON c.id = e.course_id WHERE " EXAM_VISIBLE
	"AND (? IS NULL OR c.title = ? OR c.slug = ?) AND (? IS NULL OR e.title LIKE ?)",
	/* STMT_MIGRATION_APPLIED: primary key */
	"SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
	/* STMT_MIGRATION_RECORD */
	"INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
	/* STMT_USER_LIST: primary key order */
	"SELECT id, username, email, role FROM users WHERE (? IS NULL OR role = ?) ORDER BY id",
};

const char *const stmt_name[STMT__MAX] = {
	"STMT_USER_BY_USERNAME", "STMT_USER_UPSERT", "STMT_USER_SET_PASSWORD", "STMT_LOGIN_LOCKED",
	"STMT_LOGIN_FAILED", "STMT_LOGIN_CLEAR", "STMT_COURSE_BY_SLUG", "STMT_COURSE_UPSERT",
	"STMT_ENROLL_UPSERT", "STMT_SECTION_UPSERT", "STMT_SUBJECT_UPSERT", "STMT_EXAM_BY_SLUG",
	"STMT_EXAM_UPSERT", "STMT_EXAM_SECTION_UPSERT", "STMT_LESSON_UPSERT", "STMT_QUESTION_BY_KEY",
	"STMT_QUESTION_ANSWERED", "STMT_QUESTION_UPSERT", "STMT_OPTION_UPSERT",
	"STMT_EXAM_QUESTION_UPSERT", "STMT_EXAM_LIST", "STMT_EXAM_COUNT", "STMT_MIGRATION_APPLIED",
	"STMT_MIGRATION_RECORD", "STMT_USER_LIST",
};
