-- invigil 011: saves take no gap locks.
--
-- A save is one INSERT … SELECT that merges what it sends over the answer's
-- latest event (006).  Under REPEATABLE READ that statement's reads of
-- answer_events (the latest event of the answer, the attempt's latest save
-- time) take shared next-key locks, and saves of different learners whose
-- answers have no event yet meet at the end of the index: at a synchronized
-- first answer (every learner answering question 1 at once) InnoDB found
-- thousands of deadlocks a minute.  Saves now run in READ COMMITTED, which
-- reads without gap locks (src/store/db_attempt.c).
--
-- READ COMMITTED alone could let two saves of one answer merge over the same
-- latest event, one losing the other's field.  So each event names the event
-- it was merged over (prev_id; 0 for an answer's first), and that pair is
-- unique: of two saves merged over the same event, the second is refused by
-- the key and merges again over the first.  Events from before 011 have no
-- prev_id (NULL, which the key does not constrain).  The key's answer_id
-- prefix serves every lookup ix_answer_events_answer served.
ALTER TABLE answer_events
  ADD COLUMN prev_id BIGINT UNSIGNED NULL,
  DROP INDEX ix_answer_events_answer,
  ADD UNIQUE KEY uq_answer_events_chain (answer_id, prev_id);
