-- invigil 006: a save is one durable row.  An answer event now carries the
-- answer's whole state after it (the options, the text, the review flag and
-- the question's time so far), merged in the same statement from the event
-- before it, so a save writes the event and nothing else: the answer record
-- keeps its identity, position and grade, and the current answer of a
-- question is its latest event (ix_answer_events_answer), or the record when
-- it has none.  Events written before this migration keep NULL here: the
-- answer record already holds what they did, and stays the answer until the
-- next save.  ADD COLUMN of nullable columns is instant in MariaDB 10.3+.
ALTER TABLE answer_events
  ADD COLUMN IF NOT EXISTS sel      VARCHAR(1000) NULL,     -- option ids as in answers.selected_options; NULL: an old event
  ADD COLUMN IF NOT EXISTS txt      MEDIUMTEXT NULL,        -- the text after this event (NULL: none)
  ADD COLUMN IF NOT EXISTS review   TINYINT(1) NULL,
  ADD COLUMN IF NOT EXISTS spent_ms BIGINT UNSIGNED NULL;   -- the question's time spent, this event's share included

-- The current answer of an attempt question, for operators (the store's
-- statements spell the same join: src/store/stmt.c, ANSWER_NOW_JOIN):
--   SELECT an.id, IF(ev.sel IS NULL, an.selected_options, ev.sel) AS selected_options,
--          IF(ev.sel IS NULL, an.text_answer, ev.txt) AS text_answer
--   FROM answers an LEFT JOIN answer_events ev
--     ON ev.id = (SELECT MAX(x.id) FROM answer_events x WHERE x.answer_id = an.id)
--   WHERE an.attempt_id = ?;
