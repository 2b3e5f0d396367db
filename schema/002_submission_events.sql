-- invigil 002: what a quiz client reports about a learner's attempt (Canvas's
-- quiz submission events: page blurred, question viewed, …), kept per
-- attempt in the order they came.
CREATE TABLE submission_events (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  attempt_id  BIGINT UNSIGNED NOT NULL,
  event_type  VARCHAR(64) NOT NULL,
  event_data  TEXT NULL,
  created_at  DATETIME(3) NOT NULL,
  KEY ix_submission_events_attempt (attempt_id, id),
  CONSTRAINT fk_submission_events_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
