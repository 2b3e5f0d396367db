-- invigil 004: learners' and staff's comments on a question, shown with its
-- review (Testpress's GET/POST /api/v2.2/questions/{id}/comments/).
CREATE TABLE question_comments (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  question_id  BIGINT UNSIGNED NOT NULL,
  user_id      BIGINT UNSIGNED NOT NULL,
  comment      TEXT NOT NULL,
  created_at   DATETIME(3) NOT NULL,
  KEY ix_question_comments_question (question_id, id),
  KEY ix_question_comments_user (user_id),
  CONSTRAINT fk_question_comments_question FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE,
  CONSTRAINT fk_question_comments_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
