-- invigil 008: a start does less, a page of answers one statement less.
--
-- attempts.answer_count: how many answer records the start made (the exam's
-- questions then), so a page of answers knows the total from the attempt
-- row it reads anyway instead of counting the records.  NULL on attempts
-- started before this migration: they are counted as before.
ALTER TABLE attempts ADD COLUMN IF NOT EXISTS answer_count INT UNSIGNED NULL;

-- A start inserts its answer records from the worker's copy of the exam (one
-- multi-row INSERT, BULK_ANSWERS_CREATE) instead of INSERT ... SELECT from
-- exam_questions, and no longer checks each record's exam question against
-- exam_questions (a foreign-key probe and a shared lock on that row, 100 of
-- each per start of a 100-question exam).  invigil never deletes an exam
-- question (a re-import keeps them), and deleting an exam deletes its
-- attempts and so their answers (fk_attempts_exam, fk_answers_attempt);
-- ix_answers_exam_question stays for the reads by question.
ALTER TABLE answers DROP FOREIGN KEY IF EXISTS fk_answers_exam_question;
