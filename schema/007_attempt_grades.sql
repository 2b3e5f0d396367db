-- invigil 007: an end writes one row.  An ended attempt's answers as graded
-- (result, marks, and the answer settled from its latest event: options,
-- review flag, time spent) are kept together in one row per attempt, instead
-- of rewriting the attempt's answer records one by one: the end of a
-- 100-question exam updated 100 records, and that upsert was most of its
-- cost.  The records keep the answer's identity, position, text and the
-- grader's comment.  An attempt that ended before this migration has no row
-- here: its records hold its grades, as they did; a regrade then writes its
-- row from them.
--
-- `answers` is a JSON array, one array per answer in position order:
--   [exam_question_id, "result", marks_e4 or null, review 0/1, time_spent_ms, "option ids"]
-- result is an answers.result name; the option ids are comma-separated,
-- ascending, as in answers.selected_options.  For operators, an attempt's
-- grades as rows (MariaDB 10.6+):
--   SELECT j.* FROM attempt_grades g, JSON_TABLE(g.answers, '$[*]' COLUMNS (
--       exam_question_id BIGINT PATH '$[0]', result VARCHAR(12) PATH '$[1]',
--       marks_e4 BIGINT PATH '$[2]', review INT PATH '$[3]', time_spent_ms BIGINT PATH '$[4]',
--       selected_options VARCHAR(1000) PATH '$[5]')) j
--   WHERE g.attempt_id = ?;
CREATE TABLE IF NOT EXISTS attempt_grades (
  attempt_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  answers     MEDIUMTEXT NOT NULL,
  CONSTRAINT fk_attempt_grades_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
