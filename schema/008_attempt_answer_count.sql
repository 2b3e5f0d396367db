-- invigil 008: a page of answers runs one statement less.
--
-- attempts.answer_count: how many answer records the start made (the exam's
-- questions then), so a page of answers knows the total from the attempt
-- row it reads anyway instead of counting the records.  NULL on attempts
-- started before this migration: they are counted as before.
ALTER TABLE attempts ADD COLUMN IF NOT EXISTS answer_count INT UNSIGNED NULL;

-- (A start also inserts its answer records in one multi-row INSERT from the
-- worker's copy of the exam, BULK_ANSWERS_CREATE, instead of INSERT ...
-- SELECT from exam_questions: no schema change.)
