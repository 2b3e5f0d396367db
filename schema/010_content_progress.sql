-- invigil 010: what a learner does with lessons that run no exam, and who
-- attended a video conference (the Testpress admin API's chapter content
-- attempts and video-conference report, docs/testpress-admin.md).
--
-- A video lesson may say how long it is, so that watched time is a share of it.
ALTER TABLE lessons
  ADD COLUMN duration_s INT UNSIGNED NULL AFTER exam_id;

-- lesson_progress is each learner's one row for a lesson (the course face's
-- completion since 001).  It now also records when the learner first opened
-- the lesson and, for a video, where they are and which part they have
-- watched: coverage is 1000 bits as 250 hex digits, bit k set when the
-- k-th thousandth of the video was played (rules/watch.c); watched_permille
-- is how many are set.  Rows from before 010 read as opened when completed.
ALTER TABLE lesson_progress
  ADD COLUMN opened_at DATETIME(3) NULL AFTER user_id,
  ADD COLUMN position_ms BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN watched_permille SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN coverage CHAR(250) NULL;

-- One row per time a learner was in a video-conference lesson, imported with
-- `invigil attendance import LESSON FILE.csv`; importing the same file again
-- changes nothing (the key is the lesson, the learner and the join time).
CREATE TABLE attendance (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  lesson_id  BIGINT UNSIGNED NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  joined_at  DATETIME(3) NOT NULL,
  left_at    DATETIME(3) NOT NULL,
  UNIQUE KEY uq_attendance (lesson_id, joined_at, user_id),
  KEY ix_attendance_user (user_id),
  CONSTRAINT fk_attendance_lesson FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE,
  CONSTRAINT fk_attendance_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
