/* invigil — the SQL of every prepared statement.  Each row names its enum;
 * each lookup is served by an index of schema/ (named in the comment). */
#include "config.h"

#include "invigil/db.h"
#include "invigil/db_stmt.h"
#include "invigil/stmt_parts.h"

const char *const stmt_sql[STMT__MAX] = {
	/* STMT_USER_BY_USERNAME: uq_users_username */
	"SELECT id, username, email, display_name, password_hash, role FROM users WHERE username = ?",
	/* STMT_USER_BY_ID: primary key */
	"SELECT id, username, email, display_name, password_hash, role FROM users WHERE id = ?",
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
	"INSERT INTO lessons (section_id, skey, title, kind, position, published, exam_id, duration_s) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), "
	"title = VALUES(title), kind = VALUES(kind), position = VALUES(position), "
	"published = VALUES(published), exam_id = VALUES(exam_id), duration_s = VALUES(duration_s)",
	/* STMT_QUESTION_BY_KEY: uq_questions_key */
	"SELECT id, type, COALESCE(marks_e4, -1) FROM questions WHERE course_id = ? AND qkey = ?",
	/* STMT_QUESTION_ANSWERED: ix_exam_questions_question, ix_answers_exam_question,
	 * uq_answer_events_chain; answered: saved at least once (an event), or
	 * graded in the record (attempts ended before migration 007); the first
	 * one found is enough */
	"SELECT 1 FROM exam_questions eq JOIN answers a ON a.exam_question_id = eq.id "
	"WHERE eq.question_id = ? AND (a.result <> 'unanswered' OR "
	"EXISTS (SELECT 1 FROM answer_events ev WHERE ev.answer_id = a.id)) LIMIT 1",
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
	"AND (? IS NULL OR e.course_id = ?) ORDER BY e.id DESC LIMIT ? OFFSET ?",
	/* STMT_EXAM_COUNT */
	"SELECT COUNT(*) FROM exams e JOIN courses c ON c.id = e.course_id WHERE " EXAM_VISIBLE
	"AND (? IS NULL OR c.title = ? OR c.slug = ?) AND (? IS NULL OR e.title LIKE ?) "
	"AND (? IS NULL OR e.course_id = ?)",
	/* STMT_MIGRATION_APPLIED: primary key */
	"SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
	/* STMT_MIGRATION_RECORD */
	"INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
	/* STMT_USER_LIST: primary key order */
	"SELECT id, username, email, role FROM users WHERE (? IS NULL OR role = ?) ORDER BY id",
	/* STMT_EXAM_ID_BY_SLUG: uq_exams_slug */
	"SELECT id, content_version FROM exams WHERE slug = ?",
	/* STMT_EXAM_FULL: primary key */
	"SELECT " EXAM_COLUMNS ", e.content_version, e.timer_mode, e.grace_s, e.published, e.access_code, "
	"e.ip_filter, e.quiz_type, e.hide_results, e.scoring_policy, e.shuffle, e.one_question_at_a_time, "
	"e.cant_go_back FROM exams e JOIN courses c ON c.id = e.course_id WHERE e.id = ?",
	/* STMT_EXAM_SECTIONS: uq_exam_sections_key (exam_id prefix) */
	"SELECT id, title, COALESCE(duration_s, 0) FROM exam_sections WHERE exam_id = ? ORDER BY position, id",
	/* STMT_EXAM_QUESTIONS: ix_exam_questions_position; marks fall back exam question -> question -> exam */
	"SELECT eq.id, q.id, eq.position, q.type, q.question_html, q.direction_html, q.explanation_html, "
	"COALESCE(q.subject_id, 0), COALESCE(q.difficulty, ''), "
	"COALESCE(eq.marks_e4, q.marks_e4, e.mark_per_question_e4), "
	"COALESCE(eq.negative_marks_e4, q.negative_marks_e4, e.negative_marks_e4), q.partial_marks, eq.bonus, "
	"q.case_sensitive, COALESCE(q.numeric_answer, 0), COALESCE(q.numeric_tolerance, 0), "
	"q.numeric_answer IS NOT NULL, COALESCE(eq.exam_section_id, 0) "
	"FROM exam_questions eq JOIN questions q ON q.id = eq.question_id JOIN exams e ON e.id = eq.exam_id "
	"WHERE eq.exam_id = ? ORDER BY eq.position, eq.id",
	/* STMT_QUESTION_OPTIONS: uq_question_options_key (question_id prefix).  One
	 * question's options: the exam cache reads them question by question, because
	 * MariaDB 10.11.19 crashed (signal 11 in JOIN::exec) three times in CI
	 * executing the join of exam_questions and question_options this replaced */
	"SELECT id, text_html, is_correct, marks_e4 FROM question_options WHERE question_id = ? ORDER BY position, id",
	/* STMT_COURSE_SUBJECTS: uq_subjects_path (course_id prefix) */
	"SELECT id, COALESCE(parent_id, 0), name FROM subjects WHERE course_id = ?",
	/* STMT_EXTENSION_GET: uq_exam_extensions */
	"SELECT extra_attempts, extra_time_s FROM exam_extensions WHERE exam_id = ? AND user_id = ?",
	/* STMT_ATTEMPT_GET: primary keys */
	"SELECT " ATTEMPT_COLUMNS ", e.content_version, u.username, u.display_name" ATTEMPT_UNLOCKED "FROM attempts a "
	"JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id WHERE a.id = ?",
	/* STMT_ATTEMPT_LOCK: the attempt's own row only (a join would lock the exam) */
	"SELECT " ATTEMPT_COLUMNS " FROM attempts a WHERE a.id = ? FOR UPDATE",
	/* STMT_SUBMISSION_ENSURE: uq_submissions; the row serialises one user's
	 * attempts at one exam: inserted or found, it is locked exclusively.
	 * (Its RETURNING cannot read the pair's attempts in its place: under
	 * eight concurrent creates of one learner, one such read missed an
	 * attempt committed before it and the create inserted a second attempt
	 * number 1; the read is a statement of its own, after the lock.) */
	"INSERT INTO submissions (exam_id, user_id) VALUES (?, ?) ON DUPLICATE KEY UPDATE id = id",
	/* STMT_ATTEMPT_SUMMARY: uq_attempts_no (exam_id, user_id prefix); an
	 * attempt prepared and not started is not taken */
	ATTEMPT_SUMMARY("?", "?", ""),
	/* STMT_ATTEMPT_INSERT: with what the database fills (the id, the
	 * creation time) and the user's names (users' primary key), so that a
	 * new attempt needs no read back; its answers' first id, and the exam
	 * whose questions its records are still to be made from (014) */
	ATTEMPT_INSERT("?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", "?", "?"),
	/* STMT_ATTEMPT_UPDATE_TIMER: primary key */
	ATTEMPT_UPDATE_TIMER("?", "?", "?", "?", "?", "?", "?"),
	/* STMT_ANSWERS_PAGE: ix_answers_position, from the span's first
	 * position (struct answer_span: the OFFSET only passes over ties); the
	 * records (a running attempt's answers are then overlaid by
	 * STMT_EVENT_STATES), and whether the attempt has any event (one probe
	 * of ix_answer_events_attempt; none: nothing to overlay) */
	"SELECT an.id, an.exam_question_id, an.position, an.selected_options, an.text_answer, an.review, "
	"an.time_spent_ms, an.result, an.marks_e4, "
	"EXISTS (SELECT 1 FROM answer_events x WHERE x.attempt_id = ?) FROM answers an WHERE an.attempt_id = ? "
	"AND an.position >= ? ORDER BY an.position, an.id LIMIT ? OFFSET ?",
	/* STMT_EVENT_STATES: ix_answer_events_attempt; the state each save left
	 * (events from before migration 006 carry none) */
	EVENT_STATES("?"),
	/* STMT_ANSWERS_COUNT */
	"SELECT COUNT(*) FROM answers WHERE attempt_id = ?",
	/* STMT_ANSWER_APPEND: a save's one durable row.  The event carries the
	 * answer's state after it: what was sent, merged with the state before it
	 * (the latest event, or the record when there is none), and the question's
	 * time so far.  It is written only while the attempt runs and its deadline
	 * plus grace has not passed, checked in the same statement; FOR UPDATE
	 * takes the attempt's and the answer's rows, so a save that loses a race
	 * with the end waits for it and then finds the attempt ended (nothing is
	 * stored after an end).  It runs in READ COMMITTED, as every statement
	 * (db_connect; no gap locks: see schema/011): the event names the one it merged over (prev_id), and
	 * uq_answer_events_chain refuses a second merge over the same event, so
	 * two saves of one answer merge in turn.  Primary keys;
	 * uq_answer_events_chain for the latest event. */
	"INSERT INTO answer_events (attempt_id, answer_id, prev_id, user_id, at, face, payload, remote_addr, request_id, "
	"sel, txt, review, spent_ms) "
	"SELECT a.id, an.id, COALESCE(ev.id, 0), ?, ?, ?, ?, ?, ?, IF(?, ?, " NOW_SELECTED "), IF(?, ?, " NOW_TEXT "), "
	"IF(?, ?, " NOW_REVIEW "), " NOW_SPENT " + ? FROM answers an" ANSWER_NOW_JOIN
	"JOIN attempts a ON a.id = an.attempt_id WHERE an.id = ? AND an.attempt_id = ? AND a.state <> 'completed' "
	"AND (a.deadline_at IS NULL OR a.deadline_at > ?) FOR UPDATE",
	/* STMT_ANSWER_TEXT_PUT: primary key; a text save's first write, in its transaction */
	"UPDATE answers SET text_answer = ? WHERE id = ? AND attempt_id = ?",
	/* STMT_ATTEMPT_FINISH: only a running attempt ends (two ends grade once) */
	"UPDATE attempts SET state = 'completed', ended_at = ?, time_used_ms = ?, last_heartbeat_at = ?, "
	"score_e4 = ?, max_score_e4 = ?, percentage_e4 = ?, correct_count = ?, incorrect_count = ?, "
	"unanswered_count = ?, pending_count = ?, result = ?, deadline_at = NULL "
	"WHERE id = ? AND state <> 'completed'",
	/* STMT_PENDING_ADD: an ended attempt waits to be folded into the exam's
	 * statistics (a row of its own: an end writes no exam-wide row) */
	"INSERT INTO stats_pending (attempt_id, exam_id, score_e4, time_ms) VALUES (?, ?, ?, ?)",
	/* STMT_BUCKET_ADD: primary key */
	"INSERT INTO exam_score_buckets (exam_id, score_e4, attempts) VALUES (?, ?, 1) "
	"ON DUPLICATE KEY UPDATE attempts = attempts + 1",
	/* STMT_EXAMSTAT_FOLD: primary key; the row is locked by STMT_FOLD_LOCK */
	"UPDATE exam_stats SET completed = completed + ?, sum_score_e4 = sum_score_e4 + ?, "
	"max_score_e4 = GREATEST(COALESCE(max_score_e4, ?), ?), sum_time_ms = sum_time_ms + ? WHERE exam_id = ?",
	/* STMT_REVIEW_PAGE: STMT_ANSWERS_PAGE's records of an ended attempt,
	 * each with its question's statistics (their primary key), and whether
	 * ended attempts wait to be folded into those (ix_stats_pending_exam,
	 * one probe for the statement) */
	"SELECT an.id, an.exam_question_id, an.position, an.selected_options, an.text_answer, an.review, "
	"an.time_spent_ms, an.result, an.marks_e4, s.exam_question_id IS NOT NULL, COALESCE(s.attempts, 0), "
	"COALESCE(s.correct, 0), COALESCE(s.total_time_ms, 0), COALESCE(s.best_time_ms, -1), "
	"(SELECT 1 FROM stats_pending p WHERE p.exam_id = ? LIMIT 1) IS NOT NULL "
	"FROM answers an LEFT JOIN exam_question_stats s ON s.exam_question_id = an.exam_question_id "
	"WHERE an.attempt_id = ? AND an.position >= ? ORDER BY an.position, an.id LIMIT ? OFFSET ?",
	/* STMT_ASTATS_GET: primary key prefix */
	"SELECT dim_id, total, correct, incorrect, unanswered, partial, marks_e4 FROM attempt_stats "
	"WHERE attempt_id = ? AND dimension = 'subject'",
	/* STMT_ATTEMPT_LIST: ix_attempts_user; an attempt prepared and not
	 * started is not the learner's yet (invigil prepare) */
	"SELECT " ATTEMPT_COLUMNS ", e.content_version, u.username, u.display_name" ATTEMPT_UNLOCKED "FROM attempts a "
	"JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id JOIN courses c ON c.id = e.course_id "
	"WHERE a.user_id = ? AND a.state <> 'not_started' AND (? IS NULL OR a.exam_id = ?) "
	"AND (? IS NULL OR c.title = ? OR c.slug = ?) AND (? IS NULL OR e.title LIKE ?) ORDER BY a.id DESC LIMIT ? OFFSET ?",
	/* STMT_ATTEMPT_COUNT */
	"SELECT COUNT(*) FROM attempts a JOIN exams e ON e.id = a.exam_id JOIN courses c ON c.id = e.course_id "
	"WHERE a.user_id = ? AND a.state <> 'not_started' AND (? IS NULL OR a.exam_id = ?) "
	"AND (? IS NULL OR c.title = ? OR c.slug = ?) AND (? IS NULL OR e.title LIKE ?)",
	/* STMT_EXAM_BY_PUBLIC: uq_exams_public_id */
	"SELECT id, content_version FROM exams WHERE public_id = ?",
	/* STMT_EXAM_INSERT: assessments run on the wall clock */
	"INSERT INTO exams (course_id, slug, public_id, title, description, duration_s, timer_mode, passing_score, "
	"max_attempts, show_answers, allow_retake) VALUES (?, ?, ?, ?, '', ?, 'wall', ?, ?, 1, 1)",
	/* STMT_EXAM_PATCH: primary key */
	"UPDATE exams SET title = IF(?, ?, title), passing_score = IF(?, ?, passing_score), "
	"duration_s = IF(?, ?, duration_s), max_attempts = IF(?, ?, max_attempts), "
	"content_version = content_version + 1 WHERE id = ?",
	/* STMT_EXAM_QUESTION_MAXPOS: ix_exam_questions_position */
	"SELECT COALESCE(MAX(position), -1) FROM exam_questions WHERE exam_id = ?",
	/* STMT_EXAM_BUMP */
	"UPDATE exams SET content_version = content_version + 1 WHERE id = ?",
	/* STMT_ATTEMPT_BY_PUBLIC: uq_attempts_public_id */
	"SELECT id FROM attempts WHERE public_id = ?",
	/* STMT_ATTEMPT_SET_PUBLIC */
	"UPDATE attempts SET public_id = ? WHERE id = ? AND public_id IS NULL",
	/* STMT_RANK_COUNTS: the folded histogram (primary key prefix) and the ended
	 * attempts not yet folded (ix_stats_pending_exam, index only), in one
	 * consistent read; the last column is how many wait to be folded.  Each
	 * table is counted on its own (one row each): a UNION ALL of their rows
	 * went through a temporary table and cost half as much again */
	"SELECT b.above + p.above, b.below + p.below, b.total + p.total, p.total FROM "
	"(SELECT COALESCE(SUM(CASE WHEN score_e4 > ? THEN attempts END), 0) above, "
	"COALESCE(SUM(CASE WHEN score_e4 < ? THEN attempts END), 0) below, COALESCE(SUM(attempts), 0) total "
	"FROM exam_score_buckets WHERE exam_id = ?) b JOIN "
	"(SELECT COUNT(CASE WHEN score_e4 > ? THEN 1 END) above, COUNT(CASE WHEN score_e4 < ? THEN 1 END) below, "
	"COUNT(*) total FROM stats_pending WHERE exam_id = ?) p",
	/* STMT_ANSWER_WITH_ATTEMPT: an answer save's one read: primary keys */
	"SELECT " ATTEMPT_COLUMNS ", e.content_version, u.username, u.display_name" ATTEMPT_UNLOCKED ", "
	ANSWER_COLUMNS " FROM answers an" ANSWER_NOW_JOIN "JOIN attempts a ON a.id = an.attempt_id "
	"JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id WHERE an.id = ? AND an.attempt_id = ?",
	/* STMT_SUBJECT_ENSURE: an existing subject keeps its place in the tree */
	"INSERT INTO subjects (course_id, parent_id, path, name) VALUES (?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
	/* STMT_COURSE_GET: primary key */
	"SELECT " COURSE_COLUMNS " FROM courses c WHERE c.id = ?",
	/* STMT_PAIR_SUBMISSION: uq_submissions, uq_attempts_no; a user whose only
	 * attempt is prepared and not started has no submission yet */
	"SELECT s.id FROM submissions s WHERE s.exam_id = ? AND s.user_id = ? " SUBMISSION_TAKEN,
	/* STMT_SUBMISSION_GET: primary key */
	"SELECT exam_id, user_id FROM submissions WHERE id = ?",
	/* STMT_EXAM_SUBMISSIONS: uq_submissions (exam_id prefix) */
	"SELECT s.id, s.user_id FROM submissions s WHERE s.exam_id = ? " SUBMISSION_TAKEN "ORDER BY s.id LIMIT ? OFFSET ?",
	/* STMT_ATTEMPT_LATEST: uq_attempts_no; a prepared attempt is no one's until started */
	"SELECT id FROM attempts WHERE exam_id = ? AND user_id = ? AND state <> 'not_started' "
	"ORDER BY attempt_no DESC LIMIT 1",
	/* STMT_ATTEMPT_BY_NO: uq_attempts_no */
	"SELECT id FROM attempts WHERE exam_id = ? AND user_id = ? AND attempt_no = ?",
	/* STMT_KEPT_SCORES: uq_attempts_no */
	"SELECT COUNT(*), COALESCE(MAX(a.score_e4), 0), CAST(COALESCE(SUM(a.score_e4), 0) AS SIGNED), COALESCE(("
	"SELECT l.score_e4 FROM attempts l WHERE l.exam_id = a.exam_id AND l.user_id = a.user_id "
	"AND l.state = 'completed' AND l.preview = 0 AND l.score_e4 IS NOT NULL ORDER BY l.attempt_no DESC LIMIT 1), 0) "
	"FROM attempts a WHERE a.exam_id = ? AND a.user_id = ? AND a.state = 'completed' AND a.preview = 0 "
	"AND a.score_e4 IS NOT NULL GROUP BY a.exam_id, a.user_id",
	/* STMT_EXTENSION_FULL: uq_exam_extensions */
	"SELECT extra_attempts, extra_time_s, manually_unlocked FROM exam_extensions WHERE exam_id = ? AND user_id = ?",
	/* STMT_EXTENSION_PUT */
	"INSERT INTO exam_extensions (exam_id, user_id, extra_attempts, extra_time_s, manually_unlocked) "
	"VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE extra_attempts = VALUES(extra_attempts), "
	"extra_time_s = VALUES(extra_time_s), manually_unlocked = VALUES(manually_unlocked)",
	/* STMT_SUBMISSION_EVENT_ADD */
	"INSERT INTO submission_events (attempt_id, event_type, event_data, created_at) VALUES (?, ?, ?, ?)",
	/* STMT_SUBMISSION_EVENTS: ix_submission_events_attempt */
	"SELECT id, event_type, event_data, created_at FROM submission_events WHERE attempt_id = ? "
	"ORDER BY id LIMIT ? OFFSET ?",
	/* STMT_EXAMS_BY_ACCESS_CODE: ix_exams_access_code */
	"SELECT id FROM exams WHERE access_code = ? AND published = 1 ORDER BY id DESC LIMIT ?",
	/* STMT_QUESTION_COURSE: primary key */
	"SELECT course_id FROM questions WHERE id = ?",
	/* STMT_COMMENT_ADD */
	"INSERT INTO question_comments (question_id, user_id, comment, created_at) VALUES (?, ?, ?, ?)",
	/* STMT_COMMENTS: ix_question_comments_question, users' primary key */
	"SELECT c.id, c.user_id, u.username, u.display_name, c.comment, c.created_at FROM question_comments c "
	"JOIN users u ON u.id = c.user_id WHERE c.question_id = ? ORDER BY c.id LIMIT ? OFFSET ?",
	/* STMT_COMMENTS_COUNT: ix_question_comments_question */
	"SELECT COUNT(*) FROM question_comments WHERE question_id = ?",
	/* STMT_USER_SUBJECTS: ix_attempts_user, exams' primary key, uq_subjects_path */
	"SELECT s.id, COALESCE(s.parent_id, 0), s.name FROM subjects s WHERE s.course_id IN ("
	"SELECT DISTINCT e.course_id FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE a.user_id = ?) "
	"ORDER BY s.id LIMIT ?",
	/* STMT_USER_SUBJECT_STATS: ix_attempts_user, attempt_stats' primary key */
	"SELECT st.dim_id, CAST(SUM(st.total) AS SIGNED), CAST(SUM(st.correct) AS SIGNED), "
	"CAST(SUM(st.incorrect) AS SIGNED), CAST(SUM(st.unanswered) AS SIGNED), CAST(SUM(st.partial) AS SIGNED), "
	"CAST(SUM(st.marks_e4) AS SIGNED) FROM attempts a JOIN attempt_stats st ON st.attempt_id = a.id "
	"AND st.dimension = 'subject' WHERE a.user_id = ? AND a.state = 'completed' AND a.preview = 0 "
	"GROUP BY st.dim_id ORDER BY st.dim_id LIMIT ?",
	/* STMT_GRADES_PUT: primary key; an ended attempt's settled answers, one
	 * row (migration 007), written by its end and by every regrade, with
	 * its records' first id when their ids run from it (013) */
	"INSERT INTO attempt_grades (attempt_id, answers, first_answer_id) VALUES (?, ?, ?) "
	"ON DUPLICATE KEY UPDATE answers = VALUES(answers), first_answer_id = VALUES(first_answer_id)",
	/* STMT_GRADES_GET: primary key */
	"SELECT answers FROM attempt_grades WHERE attempt_id = ?",
	/* STMT_GRADES_OF_MANY: primary key, once for each id of a JSON array
	 * (a fold's batch: one read, not one for each attempt) */
	"SELECT g.attempt_id, g.answers FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) j "
	"JOIN attempt_grades g ON g.attempt_id = j.id",
	/* STMT_ANSWER_SET_COMMENT */
	"UPDATE answers SET grader_comment = ? WHERE id = ? AND attempt_id = ?",
	/* STMT_ATTEMPT_RESCORE */
	"UPDATE attempts SET score_e4 = ?, fudge_points_e4 = ?, percentage_e4 = ?, correct_count = ?, "
	"incorrect_count = ?, unanswered_count = ?, pending_count = ?, result = ? WHERE id = ?",
	/* STMT_BUCKET_SUB: primary key */
	"UPDATE exam_score_buckets SET attempts = attempts - 1 WHERE exam_id = ? AND score_e4 = ? AND attempts > 0",
	/* STMT_EXAM_VERSION: primary key */
	"SELECT content_version FROM exams WHERE id = ?",
	/* STMT_ATTEMPT_EXTEND: primary key */
	"UPDATE attempts SET extra_time_s = ?, deadline_at = ? WHERE id = ?",
	/* STMT_SWEEP_OVERDUE: ix_attempts_deadline */
	"SELECT id FROM attempts WHERE state = 'running' AND deadline_at IS NOT NULL AND deadline_at < ? "
	"ORDER BY deadline_at LIMIT 500",
	/* STMT_EXAMSTAT_EXISTS: primary key; a plain read, no lock */
	"SELECT 1 FROM exam_stats WHERE exam_id = ?",
	/* STMT_EXAMSTAT_ENSURE: primary key */
	"INSERT IGNORE INTO exam_stats (exam_id) VALUES (?)",
	/* STMT_FOLD_LOCK: primary key; one folder per exam, the others skip */
	"SELECT exam_id FROM exam_stats WHERE exam_id = ? FOR UPDATE SKIP LOCKED",
	/* STMT_PENDING_BATCH: ix_stats_pending_exam; an end not yet committed is skipped */
	"SELECT attempt_id, score_e4, time_ms FROM stats_pending WHERE exam_id = ? LIMIT ? FOR UPDATE SKIP LOCKED",
	/* STMT_FOLD_ANSWERS: uq_answers prefix; the records of an attempt that
	 * ended before migration 007 (later ones have their attempt_grades row) */
	"SELECT exam_question_id, result + 0, time_spent_ms FROM answers WHERE attempt_id = ?",
	/* STMT_PENDING_RESCORE: primary key */
	"UPDATE stats_pending SET score_e4 = ? WHERE attempt_id = ?",
	/* STMT_PENDING_EXAMS: ix_stats_pending_exam */
	"SELECT DISTINCT exam_id FROM stats_pending ORDER BY exam_id LIMIT ?",
	/* STMT_EXAM_BEHIND_LESSON: ix_lessons_exam; does a quiz or exam lesson run the exam? */
	"SELECT 1 FROM lessons WHERE exam_id = ? AND kind IN ('quiz', 'exam') LIMIT 1",
	/* STMT_LESSONS_COMPLETE: ix_lessons_exam, uq_lesson_progress; every
	 * published quiz or exam lesson that runs the exam, completed once (the
	 * first completion stays) */
	"INSERT INTO lesson_progress (lesson_id, user_id, completed_at) SELECT l.id, ?, ? FROM lessons l "
	"WHERE l.exam_id = ? AND l.kind IN ('quiz', 'exam') AND l.published = 1 "
	"ON DUPLICATE KEY UPDATE completed_at = COALESCE(completed_at, VALUES(completed_at))",
	/* STMT_ENROLLMENT_OF: uq_enrollments_course_user */
	"SELECT role, status, joined_at FROM enrollments WHERE course_id = ? AND user_id = ?",
	/* STMT_COURSE_CREATOR: uq_enrollments_course_user (course_id prefix); the
	 * course's creator, else its first manager, else its first instructor */
	"SELECT u.id, u.username, u.display_name FROM enrollments en JOIN users u ON u.id = en.user_id "
	"WHERE en.course_id = ? AND en.status = 'joined' AND en.role <> 'learner' "
	"ORDER BY FIELD(en.role, 'creator', 'manager', 'instructor'), en.id LIMIT 1",
	/* STMT_COURSE_SECTIONS: ix_course_sections_position */
	"SELECT id, title, dripped_at, drip_delay FROM course_sections WHERE course_id = ? ORDER BY position, id",
	/* STMT_COURSE_LESSONS: ix_course_sections_position, uq_lessons_key
	 * (section_id prefix), uq_lesson_progress, uq_attempts_no (exam, user
	 * prefix); every lesson in course order (sections by position, then
	 * lessons by position, ids breaking ties: the order of seed 000's rule 4)
	 * with the user's completion and latest counted result */
	"SELECT l.id, l.section_id, l.title, l.kind, l.published, COALESCE(l.exam_id, 0), COALESCE(l.duration_s, 0), "
	"p.completed_at, "
	"(SELECT a.result FROM attempts a WHERE a.exam_id = l.exam_id AND a.user_id = ? AND a.state = 'completed' "
	"AND a.preview = 0 ORDER BY a.attempt_no DESC LIMIT 1) "
	"FROM course_sections s JOIN lessons l ON l.section_id = s.id "
	"LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ? "
	"WHERE s.course_id = ? ORDER BY s.position, s.id, l.position, l.id",
	/* STMT_LESSON_PROGRESS_SET: uq_lesson_progress; the first completion stays */
	"INSERT INTO lesson_progress (lesson_id, user_id, completed_at) VALUES (?, ?, ?) "
	"ON DUPLICATE KEY UPDATE completed_at = COALESCE(completed_at, VALUES(completed_at))",
	/* STMT_LESSON_PROGRESS_CLEAR: uq_lesson_progress; what was opened and
	 * watched stays (a lesson completed without opening counts as opened then) */
	"UPDATE lesson_progress SET opened_at = COALESCE(opened_at, completed_at), completed_at = NULL "
	"WHERE lesson_id = ? AND user_id = ?",
	/* STMT_QUIZ_DASHBOARD: ix_course_sections_position, uq_lessons_key,
	 * uq_attempts_no (exam_id prefix), uq_enrollments_course_user; newest first */
	"SELECT a.id, s.id, l.id, l.title, a.created_at, a.state, a.result, COALESCE(a.percentage_e4, 0), u.id, "
	"u.username, u.display_name " QUIZ_DASHBOARD_FROM
	"ORDER BY a.created_at DESC, a.id DESC, l.id LIMIT ? OFFSET ?",
	/* STMT_QUIZ_DASHBOARD_COUNT: as STMT_QUIZ_DASHBOARD */
	"SELECT COUNT(*) " QUIZ_DASHBOARD_FROM,
	/* STMT_EXAM_GRADED: ix_attempts_exam_state; the exam's ended, counted,
	 * fully graded attempts with their grades row (NULL before migration
	 * 007), each user's in attempt order: one statement, one snapshot */
	"SELECT a.id, a.user_id, a.attempt_no, COALESCE(a.score_e4, 0), a.time_used_ms, g.answers "
	"FROM attempts a LEFT JOIN attempt_grades g ON g.attempt_id = a.id "
	"WHERE a.exam_id = ? AND a.state = 'completed' AND a.preview = 0 AND a.pending_count = 0 "
	"ORDER BY a.user_id, a.attempt_no",
	/* STMT_STAFF_ANYWHERE: ix_enrollments_user; is the user staff of any course? */
	"SELECT 1 FROM enrollments WHERE user_id = ? AND status = 'joined' AND role <> 'learner' LIMIT 1",
	/* STMT_ADMIN_COUNT: uq_attempts_no (exam_id prefix) or ix_attempts_user when filtered */
	"SELECT COUNT(*) " ADMIN_ATTEMPTS_FROM,
	/* STMT_ADMIN_LIST_DATE */
	ADMIN_ATTEMPTS_LIST("a.id"),
	/* STMT_ADMIN_LIST_DATE_DESC */
	ADMIN_ATTEMPTS_LIST("a.id DESC"),
	/* STMT_ADMIN_LIST_CORRECT */
	ADMIN_ATTEMPTS_LIST("a.correct_count, a.id"),
	/* STMT_ADMIN_LIST_CORRECT_DESC */
	ADMIN_ATTEMPTS_LIST("a.correct_count DESC, a.id DESC"),
	/* STMT_ADMIN_LIST_INCORRECT */
	ADMIN_ATTEMPTS_LIST("a.incorrect_count, a.id"),
	/* STMT_ADMIN_LIST_INCORRECT_DESC */
	ADMIN_ATTEMPTS_LIST("a.incorrect_count DESC, a.id DESC"),
	/* STMT_ADMIN_LIST_UNANSWERED */
	ADMIN_ATTEMPTS_LIST("a.unanswered_count, a.id"),
	/* STMT_ADMIN_LIST_UNANSWERED_DESC */
	ADMIN_ATTEMPTS_LIST("a.unanswered_count DESC, a.id DESC"),
	/* STMT_LESSON_REF: primary keys; a lesson and where it sits */
	"SELECT l.id, l.section_id, s.course_id, COALESCE(l.exam_id, 0), l.kind, l.published, "
	"COALESCE(l.duration_s, 0), l.title FROM lessons l JOIN course_sections s ON s.id = l.section_id WHERE l.id = ?",
	/* STMT_PROGRESS_OPEN: uq_lesson_progress; the first opening and the
	 * first completion stay; insert_id is the row's either way */
	"INSERT INTO lesson_progress (lesson_id, user_id, opened_at, completed_at) VALUES (?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), opened_at = COALESCE(opened_at, VALUES(opened_at)), "
	"completed_at = COALESCE(completed_at, VALUES(completed_at))",
	/* STMT_PROGRESS_GET: primary key */
	PROGRESS_COLUMNS,
	/* STMT_PROGRESS_LOCK: primary key */
	PROGRESS_COLUMNS " FOR UPDATE",
	/* STMT_PROGRESS_WATCH: primary key; the first completion stays */
	"UPDATE lesson_progress SET position_ms = ?, watched_permille = ?, coverage = ?, "
	"completed_at = COALESCE(completed_at, ?) WHERE id = ?",
	/* STMT_CONTENT_COUNT: see CONTENT_ATTEMPTS_UNION */
	"SELECT COUNT(*) FROM " CONTENT_ATTEMPTS_UNION,
	/* STMT_CONTENT_LIST: as STMT_CONTENT_COUNT; newest first */
	"SELECT c.* FROM " CONTENT_ATTEMPTS_UNION
	"ORDER BY c.created_at DESC, c.attempt_id DESC, c.progress_id DESC LIMIT ? OFFSET ?",
	/* STMT_MEMBER_BY_EMAIL: uq_enrollments_course_user (course_id prefix); joined members */
	"SELECT u.id FROM enrollments en JOIN users u ON u.id = en.user_id WHERE en.course_id = ? "
	"AND en.status = 'joined' AND u.email = ? LIMIT 2",
	/* STMT_COURSE_LEARNERS: uq_enrollments_course_user (course_id prefix) */
	"SELECT user_id FROM enrollments WHERE course_id = ? AND status = 'joined' AND role = 'learner' ORDER BY user_id",
	/* STMT_PROGRESS_OF: uq_lesson_progress */
	PROGRESS_SELECT "lesson_id = ? AND user_id = ?",
	/* STMT_PROGRESS_ATTEND: uq_lesson_progress; a stay opens the lesson at
	 * the earliest join and completes it at the earliest leave */
	"INSERT INTO lesson_progress (lesson_id, user_id, opened_at, completed_at) VALUES (?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE opened_at = LEAST(COALESCE(opened_at, VALUES(opened_at)), VALUES(opened_at)), "
	"completed_at = LEAST(COALESCE(completed_at, VALUES(completed_at)), VALUES(completed_at))",
	/* STMT_ATTENDANCE_ADD: uq_attendance; importing a stay again keeps one row */
	"INSERT INTO attendance (lesson_id, user_id, joined_at, left_at) VALUES (?, ?, ?, ?) "
	"ON DUPLICATE KEY UPDATE left_at = VALUES(left_at)",
	/* STMT_ATTENDANCE_COUNT: uq_attendance (lesson_id prefix) */
	"SELECT COUNT(*) FROM attendance WHERE lesson_id = ?",
	/* STMT_ATTENDANCE_LIST: uq_attendance; in order of joining */
	"SELECT u.username, u.display_name, u.email, a.joined_at, a.left_at FROM attendance a "
	"JOIN users u ON u.id = a.user_id WHERE a.lesson_id = ? ORDER BY a.joined_at, a.id LIMIT ? OFFSET ?",
	/* STMT_COURSES_JOINED: ix_enrollments_user, then primary key; the
	 * courses a user joined (any course role), by id */
	"SELECT " COURSE_COLUMNS ", en.role, en.status FROM enrollments en JOIN courses c ON c.id = en.course_id "
	"WHERE en.user_id = ? AND en.status = 'joined' ORDER BY en.course_id LIMIT ? OFFSET ?",
	/* STMT_COURSES_JOINED_COUNT: ix_enrollments_user */
	"SELECT COUNT(*) FROM enrollments WHERE user_id = ? AND status = 'joined'",
	/* STMT_COURSES_ALL: primary key, uq_enrollments_course_user; every
	 * course by id, with the user's joined enrollment where there is one */
	"SELECT " COURSE_COLUMNS ", en.role, en.status FROM courses c "
	"LEFT JOIN enrollments en ON en.course_id = c.id AND en.user_id = ? AND en.status = 'joined' "
	"ORDER BY c.id LIMIT ? OFFSET ?",
	/* STMT_COURSES_ALL_COUNT: uq_courses_slug (any index counts) */
	"SELECT COUNT(*) FROM courses",
	/* STMT_ANSWER_APPEND_KNOWN: a save as the only statement, for a worker
	 * that knows the attempt's exam, owner and answer records (see
	 * src/engine/save_known.c).  STMT_ANSWER_APPEND's event, with every fact
	 * the read would have given checked here instead: the answer is the
	 * guessed question's, the attempt the caller's, running, of that exam at
	 * the content version the worker validated against, inside its deadline
	 * plus grace and (a pausable clock) its time plus grace, counting the
	 * time since the last heartbeat.  The question's time grows by the time
	 * since the clock's last touch (heartbeat or save, ix_answer_events_attempt).
	 * Returns the state it stored; no row when any check fails.  Primary
	 * keys; uq_answer_events_chain for the latest event.  The exam is read
	 * in a subquery, not joined: FOR UPDATE locks every joined table's row,
	 * and the exam's row is every learner's. */
	"INSERT INTO answer_events (attempt_id, answer_id, prev_id, user_id, at, face, payload, remote_addr, request_id, "
	"sel, txt, review, spent_ms) "
	"SELECT a.id, an.id, COALESCE(ev.id, 0), ?, ?, ?, ?, ?, ?, IF(?, ?, " NOW_SELECTED "), IF(?, ?, " NOW_TEXT "), "
	"IF(?, ?, " NOW_REVIEW "), " NOW_SPENT " + GREATEST(0, TIMESTAMPDIFF(MICROSECOND, GREATEST(a.last_heartbeat_at, "
	"COALESCE((SELECT MAX(y.at) FROM answer_events y WHERE y.attempt_id = a.id), a.last_heartbeat_at)), ?) DIV 1000) "
	"FROM answers an" ANSWER_NOW_JOIN "JOIN attempts a ON a.id = an.attempt_id "
	"WHERE an.id = ? AND an.attempt_id = ? AND an.exam_question_id = ? AND a.user_id = ? AND a.exam_id = ? "
	"AND a.state = 'running' AND a.last_heartbeat_at IS NOT NULL "
	"AND (SELECT e.content_version FROM exams e WHERE e.id = a.exam_id) = ? "
	"AND (a.deadline_at IS NULL OR a.deadline_at > ?) "
	"AND (? = 0 OR a.time_used_ms + TIMESTAMPDIFF(MICROSECOND, a.last_heartbeat_at, ?) DIV 1000 < ? + a.extra_time_s * 1000) "
	"FOR UPDATE RETURNING sel, txt, review, spent_ms",
	/* STMT_ACCESS_OF: a user's enrollment in a course and extension at an
	 * exam, in one read (the access facts of a start or a standing): users'
	 * primary key, uq_enrollments_course_user, uq_exam_extensions; and
	 * whether a quiz or exam lesson runs the exam (STMT_EXAM_BEHIND_LESSON's
	 * probe, ix_lessons_exam), which a start's lesson rules ask */
	"SELECT " ACCESS_COLUMNS ", (SELECT 1 FROM lessons l WHERE l.exam_id = ? AND l.kind IN ('quiz', 'exam') "
	"LIMIT 1) IS NOT NULL FROM users u" ACCESS_JOINS,
	/* STMT_STANDING_OF: STMT_ACCESS_OF and STMT_ATTEMPT_SUMMARY in one read,
	 * for a learner's standing at an exam (every attempt response): users'
	 * primary key, uq_enrollments_course_user, uq_exam_extensions,
	 * uq_attempts_no (exam_id, user_id prefix) */
	"SELECT " ACCESS_COLUMNS ", s.taken, s.max_no, s.open_id, s.running_id FROM users u "
	"JOIN (SELECT " ATTEMPT_TALLY ", COALESCE(MAX(CASE WHEN state = 'running' THEN id END), 0) running_id "
	"FROM attempts WHERE exam_id = ? AND user_id = ?) s" ACCESS_JOINS,
	/* STMT_ATTEMPT_OPEN_LOCK: STMT_ATTEMPT_GET as a locking read, for an
	 * operation that needs no read before its transaction: the exam and the
	 * user in subqueries, which FOR UPDATE does not lock (a join would lock
	 * the exam's row, every learner's).  Primary keys.  And, for the
	 * standing the response shows, the owner's extension at the exam
	 * (uq_exam_extensions) and their other attempts there (uq_attempts_no:
	 * ATTEMPT_TALLY's counts, and the highest running, packed as four
	 * numbers so that one scan of those rows gives them all) */
	ATTEMPT_OPEN_LOCK("?"),
	/* STMT_ANSWERS_PAGE_KNOWN: STMT_ANSWERS_PAGE, with the attempt's
	 * record count, for a worker that knows the attempt's exam and owner
	 * (src/engine/save_known.c), checking what the open it skips would:
	 * the attempt the caller's, running, of that exam at the content
	 * version the worker has (and its records made from that version, so
	 * that the span's first position is the page's), inside its deadline
	 * plus grace and (a pausable clock) its time plus grace.  No row when
	 * any check fails or the page is past the last: the full path
	 * decides.  The attempt's primary key, then ix_answers_position; the
	 * exam in a subquery; and whether the attempt has any event, as
	 * STMT_ANSWERS_PAGE */
	"SELECT an.id, an.exam_question_id, an.position, an.selected_options, an.text_answer, an.review, "
	"an.time_spent_ms, an.result, an.marks_e4, EXISTS (SELECT 1 FROM answer_events x WHERE x.attempt_id = ?), "
	"a.answer_count FROM attempts a JOIN answers an ON an.attempt_id = a.id "
	"WHERE a.id = ? AND a.user_id = ? AND a.exam_id = ? AND a.state = 'running' AND a.last_heartbeat_at IS NOT NULL "
	"AND a.answer_count IS NOT NULL AND (SELECT e.content_version FROM exams e WHERE e.id = a.exam_id) = ? "
	"AND a.content_version = ? AND (a.deadline_at IS NULL OR a.deadline_at > ?) "
	"AND (? = 0 OR a.time_used_ms + TIMESTAMPDIFF(MICROSECOND, a.last_heartbeat_at, ?) DIV 1000 < ? + a.extra_time_s * 1000) "
	"AND an.position >= ? ORDER BY an.position, an.id LIMIT ? OFFSET ?",
	/* STMT_ATTEMPT_GET_GRADED: STMT_ATTEMPT_GET with the attempt's grades
	 * row (its primary key; NULLs when none), for a review */
	"SELECT " ATTEMPT_COLUMNS ", e.content_version, u.username, u.display_name" ATTEMPT_UNLOCKED
	", g.answers, COALESCE(g.first_answer_id, 0) FROM attempts a JOIN exams e ON e.id = a.exam_id "
	"JOIN users u ON u.id = a.user_id LEFT JOIN attempt_grades g ON g.attempt_id = a.id WHERE a.id = ?",
	/* STMT_ANSWER_APPEND_DENSE: STMT_ANSWER_APPEND_KNOWN for an attempt
	 * whose answers' ids the worker knows (its start reserved them one per
	 * question from the first: migration 014): the answer record is
	 * not read.  The statement checks instead that the attempt's records
	 * were made from the content version the worker maps ids with.  Such a
	 * record is never written without an event (a text's record is written
	 * with its event), so an answer with no event yet merges over the
	 * records' defaults.  The subqueries name the ids they look up, not the
	 * joined rows: each runs once, as a constant.  Primary keys;
	 * uq_answer_events_chain for the latest event; ix_answer_events_attempt
	 * for the clock's last touch. */
	"INSERT INTO answer_events (attempt_id, prev_id, user_id, at, face, payload, remote_addr, request_id, "
	"sel, txt, review, spent_ms, answer_id) "
	"SELECT a.id, COALESCE(ev.id, 0), ?, ?, ?, ?, ?, ?, IF(?, ?, COALESCE(ev.sel, '')), IF(?, ?, ev.txt), "
	"IF(?, ?, COALESCE(ev.review, 0)), COALESCE(ev.spent_ms, 0) + GREATEST(0, TIMESTAMPDIFF(MICROSECOND, "
	"GREATEST(a.last_heartbeat_at, COALESCE((SELECT MAX(y.at) FROM answer_events y WHERE y.attempt_id = ?), "
	"a.last_heartbeat_at)), ?) DIV 1000), ? FROM attempts a LEFT JOIN answer_events ev ON ev.id = "
	"(SELECT MAX(x.id) FROM answer_events x WHERE x.answer_id = ?) "
	"WHERE a.id = ? AND a.user_id = ? AND a.exam_id = ? AND a.content_version = ? AND a.state = 'running' "
	"AND a.last_heartbeat_at IS NOT NULL AND (SELECT e.content_version FROM exams e WHERE e.id = ?) = ? "
	"AND (a.deadline_at IS NULL OR a.deadline_at > ?) "
	"AND (? = 0 OR a.time_used_ms + TIMESTAMPDIFF(MICROSECOND, a.last_heartbeat_at, ?) DIV 1000 < ? + a.extra_time_s * 1000) "
	"FOR UPDATE RETURNING sel, txt, review, spent_ms",
	/* STMT_ATTEMPT_CHECK_KNOWN: STMT_ANSWERS_PAGE_KNOWN's checks and
	 * results without the records, for an attempt whose records the worker
	 * makes itself (their ids known; made from the version it holds, which
	 * the statement checks): primary keys, and one probe of
	 * ix_answer_events_attempt */
	"SELECT a.answer_count, EXISTS (SELECT 1 FROM answer_events x WHERE x.attempt_id = ?) FROM attempts a "
	"WHERE a.id = ? AND a.user_id = ? AND a.exam_id = ? AND a.state = 'running' AND a.last_heartbeat_at IS NOT NULL "
	"AND a.answer_count IS NOT NULL AND (SELECT e.content_version FROM exams e WHERE e.id = a.exam_id) = ? "
	"AND a.content_version = ? AND (a.deadline_at IS NULL OR a.deadline_at > ?) "
	"AND (? = 0 OR a.time_used_ms + TIMESTAMPDIFF(MICROSECOND, a.last_heartbeat_at, ?) DIV 1000 < ? + a.extra_time_s * 1000)",
	/* STMT_QSTATS_RANGE: the statistics of exam questions first..last (a
	 * primary key range; the caller keeps the rows of its page's questions,
	 * in any order: an ORDER BY here costs a temporary table), and whether
	 * ended attempts wait to be folded into them (ix_stats_pending_exam, one
	 * probe).  One row of NULLs when no question there has statistics yet. */
	"SELECT s.exam_question_id, COALESCE(s.attempts, 0), COALESCE(s.correct, 0), COALESCE(s.total_time_ms, 0), "
	"COALESCE(s.best_time_ms, -1), (SELECT 1 FROM stats_pending p WHERE p.exam_id = ? LIMIT 1) IS NOT NULL "
	"FROM (SELECT 1) one LEFT JOIN exam_question_stats s ON s.exam_question_id BETWEEN ? AND ?",
	/* STMT_ANSWER_BLOCK_TAKE: a block of answer ids (db_records.c); the
	 * auto-increment hands each out once */
	"INSERT INTO answer_id_blocks () VALUES ()",
	/* STMT_EXAM_VERSION_SHARED: primary key; a start's read of its exam's
	 * version, locked shared to its commit (as the attempt's foreign key
	 * locks it anyway): whatever changes the exam's questions waits */
	"SELECT content_version FROM exams WHERE id = ? LOCK IN SHARE MODE",
	/* STMT_RECORDS_MAKE: an attempt's answer records, from the questions of
	 * the exam it started without them, with the ids its start reserved;
	 * nothing when it has records (or never lacked them).  The attempt's
	 * primary key, ix_exam_questions_position, uq_answers' prefix.  IGNORE:
	 * two readers making the same records at once (the second finds the
	 * first's keys); the rows are joined, so no foreign key can fail.  Never
	 * past the ids its start reserved (answer_count; unknown, the most an
	 * exam has, EXAM_QUESTIONS_MAX): a question added behind the store's
	 * back is not the attempt's, as before 014 */
	"INSERT IGNORE INTO answers (id, attempt_id, exam_question_id, position) "
	"SELECT r.id, r.attempt_id, r.eq_id, r.position FROM (SELECT a.first_answer_id + ROW_NUMBER() OVER "
	"(ORDER BY eq.position, eq.id) - 1 AS id, a.id AS attempt_id, eq.id AS eq_id, eq.position, "
	"a.first_answer_id + COALESCE(a.answer_count, 1000) AS past FROM attempts a JOIN exam_questions eq "
	"ON eq.exam_id = a.records_due_exam WHERE a.id = ? AND NOT EXISTS (SELECT 1 FROM answers x "
	"WHERE x.attempt_id = a.id)) r WHERE r.id < r.past",
	/* STMT_COURSE_EXAMS_LOCK: ix_exams_course; an import's (or author's)
	 * exams, exclusively, before it changes their questions */
	"SELECT id FROM exams WHERE course_id = ? FOR UPDATE",
	/* STMT_RECORDS_MAKE_COURSE: STMT_RECORDS_MAKE for every attempt of the
	 * course's exams that lacks its records: ix_exams_course,
	 * ix_attempts_records_due */
	"INSERT IGNORE INTO answers (id, attempt_id, exam_question_id, position) "
	"SELECT r.id, r.attempt_id, r.eq_id, r.position FROM (SELECT a.first_answer_id + ROW_NUMBER() OVER "
	"(PARTITION BY a.id ORDER BY eq.position, eq.id) - 1 AS id, a.id AS attempt_id, eq.id AS eq_id, eq.position, "
	"a.first_answer_id + COALESCE(a.answer_count, 1000) AS past FROM exams e JOIN attempts a ON a.records_due_exam = e.id "
	"JOIN exam_questions eq ON eq.exam_id = e.id "
	"WHERE e.course_id = ? AND NOT EXISTS (SELECT 1 FROM answers x WHERE x.attempt_id = a.id)) r "
	"WHERE r.id < r.past",
	/* STMT_RECORDS_DUE_DONE: primary key; after STMT_RECORDS_MAKE made them */
	"UPDATE attempts SET records_due_exam = NULL WHERE id = ?",
	/* STMT_RECORDS_DUE_OF_COURSE: ix_exams_course, ix_attempts_records_due;
	 * a batch of the course's attempts whose records may be due, from an id on */
	"SELECT a.id FROM exams e JOIN attempts a ON a.records_due_exam = e.id WHERE e.course_id = ? AND a.id > ? "
	"ORDER BY a.id LIMIT ?",
	/* STMT_END_WRITE: an end's writes, and its commit and rank read when
	 * asked, in one round trip (src/store/routines.c, src/store/db_end.c) */
	"CALL invigil_end_write_v1(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_END_OPEN: an end's START, locked read and events read in one
	 * round trip (STMT_ATTEMPT_OPEN_LOCK, STMT_EVENT_STATES; routines.c) */
	"CALL invigil_end_open_v1(?)",
	/* STMT_CREATE_OPEN: a create's START, the (exam, user) pair's lock,
	 * the exam's version read shared, and the pair's attempts, in one round
	 * trip (STMT_SUBMISSION_ENSURE, STMT_EXAM_VERSION_SHARED,
	 * STMT_ATTEMPT_SUMMARY; routines.c) */
	"CALL invigil_create_open_v1(?, ?)",
	/* STMT_CREATE_WRITE: STMT_ATTEMPT_INSERT, and the commit when it is
	 * the transaction's last write, in one round trip (routines.c) */
	"CALL invigil_create_write_v1(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_OPEN: STMT_ATTEMPT_OPEN_LOCK with the transaction's START, in one
	 * round trip (routines.c) */
	"CALL invigil_open_v1(?)",
	/* STMT_TIMER_WRITE: STMT_ATTEMPT_UPDATE_TIMER and the commit, in one
	 * round trip (routines.c) */
	"CALL invigil_timer_write_v1(?, ?, ?, ?, ?, ?, ?)",
};
