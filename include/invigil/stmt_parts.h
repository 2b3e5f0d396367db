/* invigil — the SQL fragments that several statements of src/store/stmt.c
 * share (columns a reader binds in one order, joins, filters).  Included by
 * stmt.c only. */
#ifndef INVIGIL_STMT_PARTS_H
#define INVIGIL_STMT_PARTS_H

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

/* A course's row (src/store/db_course.c binds them in this order). */
#define COURSE_COLUMNS "c.id, c.slug, c.title, c.description, c.type, c.enforce_lessons_order, c.created_at"

/* An attempt's own columns (src/store/db_attempt.c binds them in this order). */
#define ATTEMPT_COLUMNS                                                                                  \
	"a.id, a.exam_id, a.user_id, a.attempt_no, a.state, a.preview, a.started_at, a.last_started_at, "     \
	"a.last_heartbeat_at, a.ended_at, a.created_at, a.time_used_ms, a.deadline_at, a.extra_time_s, "     \
	"a.score_e4, a.max_score_e4, a.percentage_e4, a.correct_count, a.incorrect_count, a.unanswered_count, " \
	"a.pending_count, COALESCE(a.validation_token, ''), a.fudge_points_e4, "                              \
	"(SELECT MAX(x.at) FROM answer_events x WHERE x.attempt_id = a.id), COALESCE(a.answer_count, 0), "      \
	"COALESCE(a.content_version, 0), COALESCE(a.first_answer_id, 0), a.records_due_exam IS NOT NULL"

/* A user's attempts at one exam (STMT_ATTEMPT_SUMMARY, STMT_STANDING_OF):
 * taken (started, not previews), the highest number, the unfinished one */
#define ATTEMPT_TALLY                                                                                    \
	"COUNT(CASE WHEN preview = 0 AND state <> 'not_started' THEN 1 END) taken, "                          \
	"COALESCE(MAX(attempt_no), 0) max_no, COALESCE(MAX(CASE WHEN state <> 'completed' THEN id END), 0) open_id"

/* A user's enrollment in a course and extension at an exam (STMT_ACCESS_OF,
 * STMT_STANDING_OF): the joins take the course, the exam and the user */
#define ACCESS_COLUMNS                                                                                   \
	"en.id IS NOT NULL, COALESCE(en.role, ''), COALESCE(en.status, ''), en.joined_at, "                   \
	"COALESCE(x.extra_attempts, 0), COALESCE(x.extra_time_s, 0), COALESCE(x.manually_unlocked, 0)"
#define ACCESS_JOINS                                                                                     \
	" LEFT JOIN enrollments en ON en.course_id = ? AND en.user_id = u.id "                                \
	"LEFT JOIN exam_extensions x ON x.exam_id = ? AND x.user_id = u.id WHERE u.id = ?"

/* Is the attempt's user manually unlocked (Canvas extension)?  uq_exam_extensions */
#define ATTEMPT_UNLOCKED                                                                                 \
	", COALESCE((SELECT x.manually_unlocked FROM exam_extensions x "                                      \
	"WHERE x.exam_id = a.exam_id AND x.user_id = a.user_id), 0) "

/* The current answer of an attempt question (migration 006): its latest
 * event's state, or the record's when it has no event yet or only events
 * from before 006 (sel NULL).  For one answer, uq_answer_events_chain finds
 * the latest event (a dependent subquery: one probe); an attempt's answers
 * are its records overlaid with its events' states (STMT_EVENT_STATES) by
 * db_answers_page, as a subquery per row costs more than the rows. */
#define ANSWER_NOW_JOIN \
	" LEFT JOIN answer_events ev ON ev.id = (SELECT MAX(x.id) FROM answer_events x WHERE x.answer_id = an.id) "
#define NOW_SELECTED "IF(ev.sel IS NULL, an.selected_options, ev.sel)"
#define NOW_TEXT "IF(ev.sel IS NULL, an.text_answer, ev.txt)"
#define NOW_REVIEW "IF(ev.sel IS NULL, an.review, ev.review)"
#define NOW_SPENT "IF(ev.sel IS NULL, an.time_spent_ms, ev.spent_ms)"

#define ANSWER_COLUMNS                                                                           \
	"an.id, an.exam_question_id, an.position, " NOW_SELECTED ", " NOW_TEXT ", " NOW_REVIEW ", " \
	NOW_SPENT ", an.result, an.marks_e4"

/* The quiz dashboard's rows: attempts (not previews) of the course's quiz
 * and exam lessons' exams, whose user's join status (the course face's
 * join_status, or "none" without an enrollment: docs/course.md) is in the
 * comma list given, and whose username, name or lesson title is LIKE the
 * pattern given (NULL: any). */
#define QUIZ_DASHBOARD_FROM \
	"FROM course_sections s JOIN lessons l ON l.section_id = s.id AND l.kind IN ('quiz', 'exam') " \
	"JOIN attempts a ON a.exam_id = l.exam_id AND a.preview = 0 AND a.state <> 'not_started' " \
	"JOIN users u ON u.id = a.user_id " \
	"LEFT JOIN enrollments en ON en.course_id = s.course_id AND en.user_id = a.user_id " \
	"WHERE s.course_id = ? AND FIND_IN_SET(CASE WHEN en.id IS NULL THEN 'none' WHEN en.status <> 'joined' " \
	"THEN en.status WHEN en.role = 'learner' THEN 'joined' WHEN en.role = 'creator' THEN 'creator' " \
	"ELSE 'manager' END, ?) > 0 " \
	"AND (? IS NULL OR u.username LIKE ? OR u.display_name LIKE ? OR l.title LIKE ?) "

/* The Testpress admin API's attempts (v2.5): every attempt the caller may
 * see (all for an admin; else those of the courses where the caller is
 * staff), filtered by exam, user, state and start date.  Parameters: all,
 * caller, exam, exam, user, user, state, state, from, from, to, to. */
#define ADMIN_ATTEMPTS_FROM \
	"FROM attempts a JOIN exams e ON e.id = a.exam_id JOIN users u ON u.id = a.user_id " \
	"WHERE (? = 1 OR EXISTS (SELECT 1 FROM enrollments en WHERE en.course_id = e.course_id AND en.user_id = ? " \
	"AND en.status = 'joined' AND en.role <> 'learner')) AND (? IS NULL OR a.exam_id = ?) " \
	"AND (? IS NULL OR a.user_id = ?) AND (? IS NULL OR a.state = ?) " \
	"AND (? IS NULL OR COALESCE(a.started_at, a.created_at) >= ?) " \
	"AND (? IS NULL OR COALESCE(a.started_at, a.created_at) < ?) "
#define ADMIN_ATTEMPTS_LIST(order) \
	"SELECT " ATTEMPT_COLUMNS ", e.content_version, u.username, u.display_name, u.email" ATTEMPT_UNLOCKED \
	ADMIN_ATTEMPTS_FROM "ORDER BY " order " LIMIT ? OFFSET ?"

#define PROGRESS_SELECT \
	"SELECT id, lesson_id, user_id, COALESCE(opened_at, completed_at), completed_at, position_ms, " \
	"watched_permille, coverage FROM lesson_progress WHERE "
#define PROGRESS_COLUMNS PROGRESS_SELECT "id = ?"
/* The chapter content attempts: each progress row of a lesson that runs no
 * exam, and each counted attempt of an exam through the first quiz or exam
 * lesson that runs it.  Each branch applies the caller's scope and every
 * filter itself (22 parameters, CONTENT_FILTERS' order), so that a
 * course, lesson or learner filter reaches the indexes: course_sections by
 * ix_course_sections_position (course_id), lessons by uq_lessons_key
 * (section_id), lesson_progress by uq_lesson_progress (lesson_id) or
 * ix_lesson_progress_user, attempts by uq_attempts_no (exam_id) or
 * ix_attempts_user.  One learner is an equality (the list form, FIND_IN_SET,
 * reads no index). */
#define CONTENT_FILTERS(user, done) \
	"AND (? = 1 OR EXISTS (SELECT 1 FROM enrollments en WHERE en.course_id = s.course_id AND en.user_id = ? " \
	"AND en.status = 'joined' AND en.role <> 'learner')) " \
	"AND (? IS NULL OR " user " = ?) AND (? IS NULL OR FIND_IN_SET(" user ", ?)) " \
	"AND (? IS NULL OR FIND_IN_SET(l.section_id, ?)) AND (? IS NULL OR FIND_IN_SET(s.course_id, ?)) " \
	"AND (? IS NULL OR FIND_IN_SET(l.id, ?)) AND (? IS NULL OR l.exam_id = ?) " \
	"AND (? IS NULL OR FIND_IN_SET(l.kind, ?)) AND (? IS NULL OR (" done " IS NOT NULL) = ?) " \
	"AND (? IS NULL OR " done " >= ?) AND (? IS NULL OR " done " < ?) "
#define CONTENT_ATTEMPTS_UNION \
	"(SELECT p.user_id, s.course_id, l.section_id, l.id AS lesson_id, l.kind, COALESCE(l.exam_id, 0) AS exam_id, " \
	"p.id AS progress_id, 0 AS attempt_id, COALESCE(p.opened_at, p.completed_at) AS created_at, p.completed_at, " \
	"p.position_ms, p.watched_permille, COALESCE(l.duration_s, 0) AS duration_s, 0 AS correct, 0 AS incorrect " \
	"FROM course_sections s JOIN lessons l ON l.section_id = s.id JOIN lesson_progress p ON p.lesson_id = l.id " \
	"WHERE l.kind NOT IN ('quiz', 'exam') " CONTENT_FILTERS("p.user_id", "p.completed_at") \
	"UNION ALL SELECT a.user_id, s.course_id, l.section_id, l.id, l.kind, l.exam_id, 0, a.id, a.created_at, " \
	"IF(a.state = 'completed', a.ended_at, NULL), 0, 0, 0, a.correct_count, a.incorrect_count " \
	"FROM course_sections s JOIN lessons l ON l.section_id = s.id JOIN attempts a ON a.exam_id = l.exam_id " \
	"WHERE l.kind IN ('quiz', 'exam') AND a.preview = 0 AND a.state <> 'not_started' " \
	"AND l.id = (SELECT MIN(l2.id) FROM lessons l2 " \
	"WHERE l2.exam_id = l.exam_id AND l2.kind IN ('quiz', 'exam')) " \
	CONTENT_FILTERS("a.user_id", "IF(a.state = 'completed', a.ended_at, NULL)") ") c "

/* A submission (the Canvas face's) of attempts other than a prepared one
 * not started (invigil prepare): uq_attempts_no (exam_id, user_id prefix) */
#define SUBMISSION_TAKEN \
	"AND EXISTS (SELECT 1 FROM attempts a WHERE a.exam_id = s.exam_id AND a.user_id = s.user_id " \
	"AND a.state <> 'not_started') "

/* STMT_ATTEMPT_OPEN_LOCK's read of attempt ID (an SQL expression: "?" in a
 * statement, a parameter's name in a routine), and STMT_EVENT_STATES' */
#define ATTEMPT_OPEN_LOCK(ID) \
	"SELECT " ATTEMPT_COLUMNS ", (SELECT e.content_version FROM exams e WHERE e.id = a.exam_id), " \
	"COALESCE((SELECT u.username FROM users u WHERE u.id = a.user_id), ''), " \
	"COALESCE((SELECT u.display_name FROM users u WHERE u.id = a.user_id), '')" ATTEMPT_UNLOCKED \
	", COALESCE((SELECT x.extra_attempts FROM exam_extensions x WHERE x.exam_id = a.exam_id AND x.user_id = a.user_id), 0), " \
	"COALESCE((SELECT x.extra_time_s FROM exam_extensions x WHERE x.exam_id = a.exam_id AND x.user_id = a.user_id), 0), " \
	"(SELECT CONCAT_WS(' ', COUNT(CASE WHEN t.preview = 0 AND t.state <> 'not_started' THEN 1 END), " \
	"COALESCE(MAX(t.attempt_no), 0), COALESCE(MAX(CASE WHEN t.state <> 'completed' THEN t.id END), 0), " \
	"COALESCE(MAX(CASE WHEN t.state = 'running' THEN t.id END), 0)) FROM attempts t " \
	"WHERE t.exam_id = a.exam_id AND t.user_id = a.user_id AND t.id <> a.id) " \
	"FROM attempts a WHERE a.id = " ID " FOR UPDATE"
#define EVENT_STATES(ID) \
	"SELECT answer_id, id, sel, txt, review, spent_ms FROM answer_events WHERE attempt_id = " ID " AND sel IS NOT NULL"

/* STMT_ATTEMPT_INSERT's insert of VALUES (its sixteen values), returning the
 * user's names (USER, USER2: the user's id twice); STMT_ATTEMPT_SUMMARY's
 * read of EXAM's and USER's attempts, with MORE columns after */
#define ATTEMPT_INSERT(VALUES, USER, USER2) \
	"INSERT INTO attempts (exam_id, user_id, attempt_no, state, preview, started_at, last_started_at, " \
	"last_heartbeat_at, deadline_at, extra_time_s, max_score_e4, validation_token, answer_count, content_version, " \
	"first_answer_id, records_due_exam) VALUES (" VALUES ") RETURNING id, created_at, " \
	"COALESCE((SELECT u.username FROM users u WHERE u.id = " USER "), ''), " \
	"COALESCE((SELECT u.display_name FROM users u WHERE u.id = " USER2 "), '')"
#define ATTEMPT_SUMMARY(EXAM, USER, MORE) \
	"SELECT " ATTEMPT_TALLY MORE " FROM attempts WHERE exam_id = " EXAM " AND user_id = " USER

/* STMT_ATTEMPT_UPDATE_TIMER's update of an attempt's state and clock */
#define ATTEMPT_UPDATE_TIMER(STATE, STARTED, LAST_STARTED, LAST_SEEN, USED, DEADLINE, ID) \
	"UPDATE attempts SET state = " STATE ", started_at = " STARTED ", last_started_at = " LAST_STARTED ", " \
	"last_heartbeat_at = " LAST_SEEN ", time_used_ms = " USED ", deadline_at = " DEADLINE " WHERE id = " ID

#endif
