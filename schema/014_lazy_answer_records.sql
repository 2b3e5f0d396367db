-- invigil 014: a start is one row.
--
-- Until now a start inserted its attempt and one answer record per question
-- (100 rows for the bench's exam, each with three secondary keys and two
-- foreign-key checks), and that insert was most of what a start cost
-- MariaDB in a synchronized rush (issue 13).  A start now inserts only the
-- attempt.  Its answers' ids exist from the start (clients hold them as Java
-- ints): answer k of the exam's questions in their order (position, then id)
-- is `first_answer_id + k`.  Their records are made from the exam's questions
-- when something first needs them (a save that is not the one-statement save,
-- a text, a page read from the records, a comment, an import), by one
-- idempotent `INSERT IGNORE … SELECT` (src/store/db_records.c).  Most
-- attempts of an exam of option questions never need them: saves, pages, the
-- end and the review are made from the exam, the events and the grades row.
--
-- attempts.first_answer_id: the id of the attempt's first answer, when the
-- start reserved its ids (every start from this migration on; NULL before).
-- attempts.records_due_exam: the exam whose questions the records are still
-- to be made from, for an attempt started without them; NULL when the start
-- made them, or once a request made them (an import makes most of them before
-- its transaction, one attempt at a time, and clears it; the few it makes in
-- its transaction keep it, as the make is idempotent).  The records of such an attempt
-- must come from the questions it started with, so whatever changes an
-- exam's questions (an import, an assessments author) first locks the exam
-- and makes the records of its attempts that lack them; and a start makes its
-- attempt recordless only while the exam, read under a shared lock in the
-- start's transaction, is still at the version the worker's copy holds (else
-- it makes the records from that copy, as before).
-- (Two statements: the columns are added in place, instantly; the key with
-- them would rebuild the table.)
ALTER TABLE attempts
  ADD COLUMN IF NOT EXISTS first_answer_id BIGINT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS records_due_exam BIGINT UNSIGNED NULL;
ALTER TABLE attempts ADD KEY IF NOT EXISTS ix_attempts_records_due (records_due_exam);

-- Answer ids come in blocks of 10,000 (src/store/db_records.c, ID_BLOCK):
-- block b is ids b * 10000 … b * 10000 + 9999.  A worker takes a block by
-- inserting a row here; the auto-increment hands each block out once, and
-- takes no lock a transaction keeps (innodb_autoinc_lock_mode 2, or 1 for a
-- single-row insert).  Every answer record is inserted with its id from a
-- block, never from answers' own auto-increment, so the two never meet.
-- The first block starts past every record made before this migration.
-- Restart every worker after migrating: a worker of the release before would
-- still take ids from answers' auto-increment.
CREATE TABLE IF NOT EXISTS answer_id_blocks (
  block      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  taken_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;
INSERT IGNORE INTO answer_id_blocks (block)
  SELECT COALESCE(MAX(id), 0) DIV 10000 + 1 FROM answers;

-- Every attempt's answers, made or still due, for an operator's query: the
-- records, and for an attempt without them the rows its records will be.
-- (invigil itself reads the records, after making them.)  An operator who
-- edits exam_questions by hand makes the records of the exam's attempts that
-- lack them first (EXAM: its id), as invigil does before an import:
--
--   INSERT IGNORE INTO answers (id, attempt_id, exam_question_id, position)
--   SELECT r.id, r.attempt_id, r.eq_id, r.position FROM (
--     SELECT a.first_answer_id + ROW_NUMBER() OVER (PARTITION BY a.id ORDER BY eq.position, eq.id) - 1 AS id,
--            a.id AS attempt_id, eq.id AS eq_id, eq.position, a.first_answer_id + COALESCE(a.answer_count, 1000) AS past
--       FROM attempts a JOIN exam_questions eq ON eq.exam_id = a.records_due_exam
--      WHERE a.records_due_exam = EXAM AND NOT EXISTS (SELECT 1 FROM answers x WHERE x.attempt_id = a.id)) r
--    WHERE r.id < r.past;
--
-- and lists every attempt's answers with:
--
--   SELECT an.id, an.attempt_id, an.exam_question_id, an.position FROM answers an
--   UNION ALL
--   SELECT a.first_answer_id + ROW_NUMBER() OVER (PARTITION BY a.id ORDER BY eq.position, eq.id) - 1,
--          a.id, eq.id, eq.position
--     FROM attempts a JOIN exam_questions eq ON eq.exam_id = a.records_due_exam
--    WHERE NOT EXISTS (SELECT 1 FROM answers x WHERE x.attempt_id = a.id);
