/* invigil — the stored procedures the store calls, and their making.
 *
 * A routine runs several statements of one transaction for one round trip:
 * for the worker one send, poll and receive instead of several, for
 * MariaDB one command (README, "Session 19": the workers' CPU per end fell
 * by a fifth to a third; MariaDB's, spent in the statements themselves,
 * did not fall much).  They stay few: only where a hot path would
 * otherwise make many round trips in a row.
 *
 * Each routine's name carries its version (`_v1`): a changed body is a new
 * routine under a new name, made beside the old one by `invigil migrate`,
 * so workers of the release before keep calling theirs until restarted, and
 * a worker never calls a body it was not written for.  tests/unit/t_stmt
 * pins each body's hash to its name: changing a body without renaming it
 * fails there.  `invigil migrate` makes the routines after the schema's
 * migrations (db_routines_make, below).  They run with the caller's rights
 * (SQL SECURITY INVOKER): the worker's user needs EXECUTE, the migrating
 * user CREATE ROUTINE (docs/configuration.md). */
#include "config.h"

#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>

#include "invigil/db.h"
#include "invigil/db_stmt.h"
#include "invigil/log.h"
#include "invigil/stmt_parts.h"

/* invigil_end_write_v1: an ended attempt's writes, in the caller's
 * transaction (the attempt is locked by it): the grades row, the attempt's
 * ending (only a running attempt ends: two ends grade once), and when that
 * ended it and it counts (p_stats not NULL), its statistics rows, its
 * pending row for the exam's fold and, passed (p_lessons_at not NULL), the
 * lessons that run its exam.  With p_commit it commits the transaction,
 * then reads the rank counts (p_rank) as STMT_RANK_COUNTS does.  One row:
 * whether it ended the attempt, and the rank counts (0 unless p_rank).
 *
 * p_stats is a JSON array of [dimension index, id, total, correct,
 * incorrect, unanswered, partial, marks_e4, max_marks_e4, time_ms]. */
static const char end_write_v1[] =
	"CREATE PROCEDURE invigil_end_write_v1("
	"p_attempt BIGINT UNSIGNED, p_grades MEDIUMTEXT CHARACTER SET ascii, p_first BIGINT UNSIGNED, "
	"p_ended DATETIME(3), p_time_used BIGINT UNSIGNED, p_last_seen DATETIME(3), "
	"p_score BIGINT, p_max BIGINT, p_pct BIGINT, p_correct BIGINT, p_incorrect BIGINT, p_unanswered BIGINT, "
	"p_pending BIGINT, p_result VARCHAR(16), p_stats MEDIUMTEXT CHARACTER SET ascii, p_exam BIGINT UNSIGNED, "
	"p_user BIGINT UNSIGNED, p_lessons_at DATETIME(3), p_commit TINYINT, p_rank TINYINT) "
	"MODIFIES SQL DATA SQL SECURITY INVOKER "
	"BEGIN\n"
	"  DECLARE v_done INT DEFAULT 0;\n"
	"  INSERT INTO attempt_grades (attempt_id, answers, first_answer_id) VALUES (p_attempt, p_grades, p_first)\n"
	"    ON DUPLICATE KEY UPDATE answers = VALUES(answers), first_answer_id = VALUES(first_answer_id);\n"
	"  UPDATE attempts SET state = 'completed', ended_at = p_ended, time_used_ms = p_time_used,\n"
	"    last_heartbeat_at = p_last_seen, score_e4 = p_score, max_score_e4 = p_max, percentage_e4 = p_pct,\n"
	"    correct_count = p_correct, incorrect_count = p_incorrect, unanswered_count = p_unanswered,\n"
	"    pending_count = p_pending, result = p_result, deadline_at = NULL\n"
	"    WHERE id = p_attempt AND state <> 'completed';\n"
	"  SET v_done = ROW_COUNT();\n"
	"  IF v_done > 0 AND p_stats IS NOT NULL THEN\n"
	"    INSERT INTO attempt_stats (attempt_id, dimension, dim_id, total, correct, incorrect, unanswered,\n"
	"        partial, marks_e4, max_marks_e4, time_ms)\n"
	"      SELECT p_attempt, s.dimension, s.dim_id, s.total, s.correct, s.incorrect, s.unanswered, s.partial,\n"
	"        s.marks_e4, s.max_marks_e4, s.time_ms\n"
	"      FROM JSON_TABLE(p_stats, '$[*]' COLUMNS (dimension INT PATH '$[0]', dim_id BIGINT PATH '$[1]',\n"
	"        total BIGINT PATH '$[2]', correct BIGINT PATH '$[3]', incorrect BIGINT PATH '$[4]',\n"
	"        unanswered BIGINT PATH '$[5]', partial BIGINT PATH '$[6]', marks_e4 BIGINT PATH '$[7]',\n"
	"        max_marks_e4 BIGINT PATH '$[8]', time_ms BIGINT PATH '$[9]')) s\n"
	"      ON DUPLICATE KEY UPDATE total = VALUES(total), correct = VALUES(correct),\n"
	"        incorrect = VALUES(incorrect), unanswered = VALUES(unanswered), partial = VALUES(partial),\n"
	"        marks_e4 = VALUES(marks_e4), max_marks_e4 = VALUES(max_marks_e4), time_ms = VALUES(time_ms);\n"
	"    INSERT INTO stats_pending (attempt_id, exam_id, score_e4, time_ms)\n"
	"      VALUES (p_attempt, p_exam, p_score, p_time_used);\n"
	"    IF p_lessons_at IS NOT NULL THEN\n"
	"      INSERT INTO lesson_progress (lesson_id, user_id, completed_at)\n"
	"        SELECT l.id, p_user, p_lessons_at FROM lessons l\n"
	"        WHERE l.exam_id = p_exam AND l.kind IN ('quiz', 'exam') AND l.published = 1\n"
	"        ON DUPLICATE KEY UPDATE completed_at = COALESCE(completed_at, VALUES(completed_at));\n"
	"    END IF;\n"
	"  END IF;\n"
	"  IF p_commit THEN\n"
	"    COMMIT;\n"
	"  END IF;\n"
	"  IF p_rank THEN\n"
	"    SELECT v_done, b.above + p.above, b.below + p.below, b.total + p.total, p.total FROM\n"
	"      (SELECT COALESCE(SUM(CASE WHEN score_e4 > p_score THEN attempts END), 0) above,\n"
	"        COALESCE(SUM(CASE WHEN score_e4 < p_score THEN attempts END), 0) below,\n"
	"        COALESCE(SUM(attempts), 0) total FROM exam_score_buckets WHERE exam_id = p_exam) b JOIN\n"
	"      (SELECT COUNT(CASE WHEN score_e4 > p_score THEN 1 END) above,\n"
	"        COUNT(CASE WHEN score_e4 < p_score THEN 1 END) below, COUNT(*) total\n"
	"        FROM stats_pending WHERE exam_id = p_exam) p;\n"
	"  ELSE\n"
	"    SELECT v_done, 0, 0, 0, 0;\n"
	"  END IF;\n"
	"END";

/* invigil_end_open_v1: an end's opening read, which starts its transaction:
 * the attempt locked and read with its owner's facts (STMT_ATTEMPT_OPEN_LOCK),
 * then, a statement of its own after the lock, so that it sees every save
 * committed while the lock waited (READ COMMITTED: each statement its own
 * read view), the attempt's events (STMT_EVENT_STATES).  The transaction
 * stays open when the CALL returns: the worker grades, then
 * invigil_end_write_v1 writes and commits it. */
static const char end_open_v1[] =
	"CREATE PROCEDURE invigil_end_open_v1(p_id BIGINT UNSIGNED) READS SQL DATA SQL SECURITY INVOKER "
	"BEGIN\n"
	"  START TRANSACTION;\n"
	"  " ATTEMPT_OPEN_LOCK("p_id") ";\n"
	"  " EVENT_STATES("p_id") ";\n"
	"END";

/* invigil_create_open_v1: a create's opening reads, which start its
 * transaction: the (exam, user) pair's row locked (inserted or found:
 * STMT_SUBMISSION_ENSURE), the exam's version read under a shared lock
 * held to the commit (STMT_EXAM_VERSION_SHARED: may the new attempt's
 * records wait?  migration 014), then the pair's attempts in a statement
 * of their own after the lock (STMT_ATTEMPT_SUMMARY), with that version.
 * The transaction stays open: the worker applies the start's rules, then
 * invigil_create_write_v1 inserts and commits. */
static const char create_open_v1[] =
	"CREATE PROCEDURE invigil_create_open_v1(p_exam BIGINT UNSIGNED, p_user BIGINT UNSIGNED) "
	"MODIFIES SQL DATA SQL SECURITY INVOKER "
	"BEGIN\n"
	"  DECLARE v_version BIGINT UNSIGNED DEFAULT NULL;\n"
	"  START TRANSACTION;\n"
	"  INSERT INTO submissions (exam_id, user_id) VALUES (p_exam, p_user) ON DUPLICATE KEY UPDATE id = id;\n"
	"  SELECT content_version INTO v_version FROM exams WHERE id = p_exam LOCK IN SHARE MODE;\n"
	"  " ATTEMPT_SUMMARY("p_exam", "p_user", ", COALESCE(v_version, 0)") ";\n"
	"END";

/* invigil_create_write_v1: a create's insert of its attempt (returning what
 * STMT_ATTEMPT_INSERT returns) and, with p_commit, its transaction's
 * commit. */
static const char create_write_v1[] =
	"CREATE PROCEDURE invigil_create_write_v1(p_exam BIGINT UNSIGNED, p_user BIGINT UNSIGNED, p_no BIGINT, "
	"p_state VARCHAR(16), p_preview TINYINT, p_started DATETIME(3), p_last_started DATETIME(3), "
	"p_last_seen DATETIME(3), p_deadline DATETIME(3), p_extra_time BIGINT, p_max BIGINT, p_token VARCHAR(64), "
	"p_count BIGINT, p_version BIGINT, p_first BIGINT UNSIGNED, p_due BIGINT UNSIGNED, "
	"p_names BIGINT UNSIGNED, p_commit TINYINT) MODIFIES SQL DATA SQL SECURITY INVOKER "
	"BEGIN\n"
	"  " ATTEMPT_INSERT("p_exam, p_user, p_no, p_state, p_preview, p_started, p_last_started, p_last_seen, "
	                    "p_deadline, p_extra_time, p_max, p_token, p_count, p_version, p_first, p_due",
	                    "p_names", "p_names") ";\n"
	"  IF p_commit THEN\n"
	"    COMMIT;\n"
	"  END IF;\n"
	"END";

/* invigil_open_v1: an operation's opening read (a heartbeat's, a start's),
 * which starts its transaction: STMT_ATTEMPT_OPEN_LOCK's. */
static const char open_v1[] =
	"CREATE PROCEDURE invigil_open_v1(p_id BIGINT UNSIGNED) READS SQL DATA SQL SECURITY INVOKER "
	"BEGIN\n"
	"  START TRANSACTION;\n"
	"  " ATTEMPT_OPEN_LOCK("p_id") ";\n"
	"END";

/* invigil_timer_write_v1: STMT_ATTEMPT_UPDATE_TIMER's update, then the
 * commit: the last write of a heartbeat or a start. */
static const char timer_write_v1[] =
	"CREATE PROCEDURE invigil_timer_write_v1(p_state VARCHAR(16), p_started DATETIME(3), "
	"p_last_started DATETIME(3), p_last_seen DATETIME(3), p_used BIGINT, p_deadline DATETIME(3), "
	"p_id BIGINT UNSIGNED) MODIFIES SQL DATA SQL SECURITY INVOKER "
	"BEGIN\n"
	"  " ATTEMPT_UPDATE_TIMER("p_state", "p_started", "p_last_started", "p_last_seen", "p_used", "p_deadline",
	                          "p_id") ";\n"
	"  COMMIT;\n"
	"END";

/* Indexed by enum routine_id. */
const struct routine routines[ROUTINE__MAX] = {
	[ROUTINE_END_WRITE] = {"invigil_end_write_v1", end_write_v1, 0xfb33ef52u},
	[ROUTINE_END_OPEN] = {"invigil_end_open_v1", end_open_v1, 0x4ea57717u},
	[ROUTINE_CREATE_OPEN] = {"invigil_create_open_v1", create_open_v1, 0x1ed79045u},
	[ROUTINE_CREATE_WRITE] = {"invigil_create_write_v1", create_write_v1, 0x8a1ef4f3u},
	[ROUTINE_OPEN] = {"invigil_open_v1", open_v1, 0x6871d9e4u},
	[ROUTINE_TIMER_WRITE] = {"invigil_timer_write_v1", timer_write_v1, 0x673b7159u},
};
const size_t nroutines = ROUTINE__MAX;

/* The routines found missing or denied by this worker. */
static bool routine_off[ROUTINE__MAX];

bool db_routine_on(enum routine_id r) { return !routine_off[r]; }

bool db_routine_gone(enum routine_id r)
{
	unsigned code = db_last_code();

	if (code != ER_SP_DOES_NOT_EXIST && code != ER_PROCACCESS_DENIED_ERROR && code != ER_TABLEACCESS_DENIED_ERROR &&
	    code != ER_DBACCESS_DENIED_ERROR)
		return false;
	routine_off[r] = true;
	log_warn("the routine %s is not available to this worker (%s): it runs its statements one by one, "
	         "in more round trips; run `invigil migrate` and GRANT EXECUTE to the workers' user (README, MariaDB)",
	         routines[r].name, db_last_error_text());
	return true;
}

uint32_t routine_hash(const char *body)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)body; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

int db_routines_make(void (*say)(const char *line))
{
	for (size_t i = 0; i < nroutines; i++) {
		char line[160];
		int rc = db_exec_one(routines[i].body);

		if (rc != 0 && db_last_code() == ER_SP_ALREADY_EXISTS)
			continue; /* made by an earlier migrate: a name is one body */
		if (rc != 0 && (db_last_code() == ER_DBACCESS_DENIED_ERROR || db_last_code() == ER_TABLEACCESS_DENIED_ERROR ||
		                db_last_code() == ER_SPECIFIC_ACCESS_DENIED_ERROR)) {
			/* optional: without them, more round trips (db_routine_gone) */
			snprintf(line, sizeof(line), "cannot make routine %s (the migrating user lacks CREATE ROUTINE): "
			         "its callers will run its statements one by one", routines[i].name);
			say(line);
			continue;
		}
		if (rc != 0)
			return -1;
		snprintf(line, sizeof(line), "made routine %s", routines[i].name);
		say(line);
	}
	return 0;
}
