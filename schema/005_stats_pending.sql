-- invigil 005: an end writes no exam-wide row.  An ended, counted attempt
-- leaves one row here; a fold (invigil sweep, or a read that needs the exam's
-- statistics) adds a batch of them to exam_question_stats, exam_score_buckets
-- and exam_stats at once and deletes them.  Ranks count the histogram and these
-- rows together, so they are exact at any time.  Attempts that ended before
-- this migration are already in the exam's statistics: nothing to move.
CREATE TABLE stats_pending (
  attempt_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  exam_id     BIGINT UNSIGNED NOT NULL,
  score_e4    BIGINT NOT NULL,
  time_ms     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  KEY ix_stats_pending_exam (exam_id, score_e4),
  CONSTRAINT fk_stats_pending_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
