-- invigil 001: the whole domain model (DESIGN.md).  Later faces add columns.
-- Conventions: InnoDB, utf8mb4; marks/scores are BIGINT ten-thousandths
-- (columns named *_e4); times are DATETIME(3) in UTC; every foreign key and
-- every lookup a query makes has its index.

CREATE TABLE users (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(150) NOT NULL,
  email         VARCHAR(254) NOT NULL DEFAULT '',
  display_name  VARCHAR(200) NOT NULL DEFAULT '',
  password_hash VARCHAR(128) NULL,
  role          ENUM('learner','instructor','admin') NOT NULL DEFAULT 'learner',
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- per-username login throttling (never per IP: an exam hall shares one NAT address)
CREATE TABLE login_failures (
  username     VARCHAR(150) NOT NULL PRIMARY KEY,
  failures     INT UNSIGNED NOT NULL DEFAULT 0,
  last_at      DATETIME(3) NOT NULL,
  locked_until DATETIME(3) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE courses (
  id                    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  slug                  VARCHAR(100) NOT NULL,
  title                 VARCHAR(255) NOT NULL,
  description           TEXT NOT NULL,
  type                  ENUM('self-paced','structured','scheduled') NOT NULL DEFAULT 'self-paced',
  enforce_lessons_order TINYINT(1) NOT NULL DEFAULT 0,
  created_at            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_courses_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE enrollments (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id  BIGINT UNSIGNED NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  role       ENUM('learner','instructor','creator','manager') NOT NULL DEFAULT 'learner',
  status     ENUM('joined','invited','requested') NOT NULL DEFAULT 'joined',
  joined_at  DATETIME(3) NULL,
  UNIQUE KEY uq_enrollments_course_user (course_id, user_id),
  KEY ix_enrollments_user (user_id),
  CONSTRAINT fk_enrollments_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_enrollments_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE course_sections (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id   BIGINT UNSIGNED NOT NULL,
  skey        VARCHAR(100) NOT NULL,
  title       VARCHAR(255) NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  dripped_at  DATETIME(3) NULL,      -- scheduled courses
  drip_delay  INT UNSIGNED NULL,     -- structured courses: days after joining
  UNIQUE KEY uq_course_sections_key (course_id, skey),
  KEY ix_course_sections_position (course_id, position),
  CONSTRAINT fk_course_sections_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- subjects form a tree per course; path is "Parent/Child"
CREATE TABLE subjects (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id  BIGINT UNSIGNED NOT NULL,
  parent_id  BIGINT UNSIGNED NULL,
  path       VARCHAR(255) NOT NULL,
  name       VARCHAR(150) NOT NULL,
  UNIQUE KEY uq_subjects_path (course_id, path),
  KEY ix_subjects_parent (parent_id),
  CONSTRAINT fk_subjects_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_subjects_parent FOREIGN KEY (parent_id) REFERENCES subjects (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- one record per exam, whatever a face calls it (exam, quiz, lesson quiz, assessment)
CREATE TABLE exams (
  id                    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id             BIGINT UNSIGNED NOT NULL,
  slug                  VARCHAR(100) NOT NULL,
  public_id             VARCHAR(40) NOT NULL,             -- asmnt_... (opaque, not secret)
  title                 VARCHAR(255) NOT NULL,
  description           TEXT NOT NULL,
  start_at              DATETIME(3) NULL,
  end_at                DATETIME(3) NULL,
  duration_s            INT UNSIGNED NULL,                 -- NULL or 0: no time limit
  timer_mode            ENUM('pausable','wall') NOT NULL DEFAULT 'pausable',
  grace_s               INT UNSIGNED NOT NULL DEFAULT 0,
  passing_score         INT UNSIGNED NULL,                 -- percent
  mark_per_question_e4  BIGINT NOT NULL DEFAULT 10000,
  negative_marks_e4     BIGINT NOT NULL DEFAULT 0,
  variable_marks        TINYINT(1) NOT NULL DEFAULT 0,
  allow_retake          TINYINT(1) NOT NULL DEFAULT 1,
  max_attempts          INT UNSIGNED NULL,                 -- total; NULL = unlimited
  scoring_policy        ENUM('keep_highest','keep_latest','keep_average') NOT NULL DEFAULT 'keep_highest',
  enable_ranks          TINYINT(1) NOT NULL DEFAULT 0,
  rank_publishing_at    DATETIME(3) NULL,
  show_answers          TINYINT(1) NOT NULL DEFAULT 1,
  shuffle               TINYINT(1) NOT NULL DEFAULT 0,
  access_code           VARCHAR(100) NULL,
  ip_filter             VARCHAR(255) NULL,
  template_type         TINYINT UNSIGNED NOT NULL DEFAULT 1,
  allow_pdf             TINYINT(1) NOT NULL DEFAULT 0,
  quiz_type             ENUM('assignment','practice_quiz','graded_survey','survey') NOT NULL DEFAULT 'assignment',
  hide_results          ENUM('always','until_after_last_attempt') NULL,
  one_question_at_a_time TINYINT(1) NOT NULL DEFAULT 0,
  cant_go_back          TINYINT(1) NOT NULL DEFAULT 0,
  published             TINYINT(1) NOT NULL DEFAULT 1,
  content_version       INT UNSIGNED NOT NULL DEFAULT 1,   -- bumped on every change: cache key
  created_at            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_exams_slug (slug),
  UNIQUE KEY uq_exams_public_id (public_id),
  KEY ix_exams_course (course_id, id),
  CONSTRAINT ck_exams_max_attempts CHECK (max_attempts IS NULL OR max_attempts >= 1),
  CONSTRAINT fk_exams_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE exam_sections (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  exam_id     BIGINT UNSIGNED NOT NULL,
  skey        VARCHAR(100) NOT NULL,
  title       VARCHAR(255) NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  duration_s  INT UNSIGNED NULL,
  UNIQUE KEY uq_exam_sections_key (exam_id, skey),
  CONSTRAINT fk_exam_sections_exam FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lessons (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  section_id  BIGINT UNSIGNED NOT NULL,
  skey        VARCHAR(100) NOT NULL,
  title       VARCHAR(255) NOT NULL,
  kind        ENUM('quiz','exam','video','attachment','html','video_conference') NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  published   TINYINT(1) NOT NULL DEFAULT 1,
  exam_id     BIGINT UNSIGNED NULL,
  UNIQUE KEY uq_lessons_key (section_id, skey),
  KEY ix_lessons_exam (exam_id),
  CONSTRAINT fk_lessons_section FOREIGN KEY (section_id) REFERENCES course_sections (id) ON DELETE CASCADE,
  CONSTRAINT fk_lessons_exam FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lesson_progress (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  lesson_id     BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  completed_at  DATETIME(3) NULL,
  UNIQUE KEY uq_lesson_progress (lesson_id, user_id),
  KEY ix_lesson_progress_user (user_id),
  CONSTRAINT fk_lesson_progress_lesson FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE,
  CONSTRAINT fk_lesson_progress_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- type: R single choice, C multiple choice, T true/false, N numeric, S short text, E essay
CREATE TABLE questions (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id          BIGINT UNSIGNED NOT NULL,
  qkey               VARCHAR(100) NOT NULL,
  type               ENUM('R','C','T','N','S','E') NOT NULL,
  question_html      MEDIUMTEXT NOT NULL,
  direction_html     TEXT NULL,
  explanation_html   TEXT NULL,
  subject_id         BIGINT UNSIGNED NULL,
  difficulty         ENUM('easy','medium','hard') NULL,
  marks_e4           BIGINT NULL,          -- NULL: the exam's mark_per_question
  negative_marks_e4  BIGINT NULL,          -- NULL: the exam's negative_marks
  partial_marks      TINYINT(1) NOT NULL DEFAULT 0,
  numeric_answer     DOUBLE NULL,
  numeric_tolerance  DOUBLE NULL,
  case_sensitive     TINYINT(1) NOT NULL DEFAULT 0,
  version            INT UNSIGNED NOT NULL DEFAULT 1,
  created_at         DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at         DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_questions_key (course_id, qkey),
  KEY ix_questions_subject (subject_id),
  CONSTRAINT fk_questions_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_questions_subject FOREIGN KEY (subject_id) REFERENCES subjects (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- options of choice questions; for short text, the accepted answers
CREATE TABLE question_options (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  question_id  BIGINT UNSIGNED NOT NULL,
  okey         VARCHAR(100) NOT NULL,
  text_html    TEXT NOT NULL,
  is_correct   TINYINT(1) NOT NULL DEFAULT 0,
  marks_e4     BIGINT NULL,                -- partial marks for this option
  position     INT NOT NULL DEFAULT 0,
  UNIQUE KEY uq_question_options_key (question_id, okey),
  CONSTRAINT fk_question_options_question FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE exam_questions (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  exam_id            BIGINT UNSIGNED NOT NULL,
  question_id        BIGINT UNSIGNED NOT NULL,
  exam_section_id    BIGINT UNSIGNED NULL,
  position           INT NOT NULL DEFAULT 0,
  marks_e4           BIGINT NULL,
  negative_marks_e4  BIGINT NULL,
  bonus              TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY uq_exam_questions (exam_id, question_id),
  KEY ix_exam_questions_position (exam_id, position),
  KEY ix_exam_questions_question (question_id),
  KEY ix_exam_questions_section (exam_section_id),
  CONSTRAINT fk_exam_questions_exam FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE,
  CONSTRAINT fk_exam_questions_question FOREIGN KEY (question_id) REFERENCES questions (id),
  CONSTRAINT fk_exam_questions_section FOREIGN KEY (exam_section_id) REFERENCES exam_sections (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- per-user exam overrides (Canvas quiz extensions)
CREATE TABLE exam_extensions (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  exam_id            BIGINT UNSIGNED NOT NULL,
  user_id            BIGINT UNSIGNED NOT NULL,
  extra_attempts     INT UNSIGNED NOT NULL DEFAULT 0,
  extra_time_s       INT UNSIGNED NOT NULL DEFAULT 0,
  manually_unlocked  TINYINT(1) NOT NULL DEFAULT 0,
  end_at_override    DATETIME(3) NULL,
  UNIQUE KEY uq_exam_extensions (exam_id, user_id),
  KEY ix_exam_extensions_user (user_id),
  CONSTRAINT fk_exam_extensions_exam FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE,
  CONSTRAINT fk_exam_extensions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- a Canvas quiz submission: the stable (exam, user) pair over its attempts
CREATE TABLE submissions (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  exam_id            BIGINT UNSIGNED NOT NULL,
  user_id            BIGINT UNSIGNED NOT NULL,
  public_id          VARCHAR(40) NULL,
  kept_score_e4      BIGINT NULL,
  has_seen_results   TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY uq_submissions (exam_id, user_id),
  UNIQUE KEY uq_submissions_public_id (public_id),
  KEY ix_submissions_user (user_id),
  CONSTRAINT fk_submissions_exam FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE,
  CONSTRAINT fk_submissions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE attempts (
  id                       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  exam_id                  BIGINT UNSIGNED NOT NULL,
  user_id                  BIGINT UNSIGNED NOT NULL,
  attempt_no               INT UNSIGNED NOT NULL,
  public_id                VARCHAR(40) NULL,
  state                    ENUM('not_started','running','completed') NOT NULL DEFAULT 'not_started',
  preview                  TINYINT(1) NOT NULL DEFAULT 0,
  started_at               DATETIME(3) NULL,
  last_started_at          DATETIME(3) NULL,
  last_heartbeat_at        DATETIME(3) NULL,
  ended_at                 DATETIME(3) NULL,
  time_used_ms             BIGINT UNSIGNED NOT NULL DEFAULT 0,
  deadline_at              DATETIME(3) NULL,
  extra_time_s             INT UNSIGNED NOT NULL DEFAULT 0,
  score_e4                 BIGINT NULL,
  score_before_regrade_e4  BIGINT NULL,
  fudge_points_e4          BIGINT NOT NULL DEFAULT 0,
  max_score_e4             BIGINT NULL,
  correct_count            INT UNSIGNED NOT NULL DEFAULT 0,
  incorrect_count          INT UNSIGNED NOT NULL DEFAULT 0,
  unanswered_count         INT UNSIGNED NOT NULL DEFAULT 0,
  pending_count            INT UNSIGNED NOT NULL DEFAULT 0,  -- essays awaiting a grader
  percentage_e4            BIGINT NULL,
  result                   ENUM('pending','passed','failed') NULL,
  rank_no                  INT UNSIGNED NULL,
  percentile_e4            BIGINT NULL,
  validation_token         CHAR(64) NULL,
  created_at               DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at               DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_attempts_no (exam_id, user_id, attempt_no),
  UNIQUE KEY uq_attempts_public_id (public_id),
  KEY ix_attempts_user (user_id, created_at),
  KEY ix_attempts_exam_state (exam_id, state),
  KEY ix_attempts_deadline (state, deadline_at),
  CONSTRAINT fk_attempts_exam FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE,
  CONSTRAINT fk_attempts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE attempt_sections (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  attempt_id       BIGINT UNSIGNED NOT NULL,
  exam_section_id  BIGINT UNSIGNED NOT NULL,
  state            ENUM('not_started','running','completed') NOT NULL DEFAULT 'not_started',
  started_at       DATETIME(3) NULL,
  ended_at         DATETIME(3) NULL,
  time_used_ms     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  deadline_at      DATETIME(3) NULL,
  UNIQUE KEY uq_attempt_sections (attempt_id, exam_section_id),
  KEY ix_attempt_sections_section (exam_section_id),
  CONSTRAINT fk_attempt_sections_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE,
  CONSTRAINT fk_attempt_sections_section FOREIGN KEY (exam_section_id) REFERENCES exam_sections (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- one answer record per attempt question; its id is Testpress's attempt-question id
CREATE TABLE answers (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  attempt_id        BIGINT UNSIGNED NOT NULL,
  exam_question_id  BIGINT UNSIGNED NOT NULL,
  position          INT NOT NULL DEFAULT 0,
  selected_options  VARCHAR(1000) NOT NULL DEFAULT '',   -- option ids, comma-separated, ascending
  text_answer       MEDIUMTEXT NULL,                      -- short text, numeric text, essay
  review            TINYINT(1) NOT NULL DEFAULT 0,
  time_spent_ms     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  result            ENUM('unanswered','correct','incorrect','partial','pending') NOT NULL DEFAULT 'unanswered',
  marks_e4          BIGINT NULL,
  grader_comment    TEXT NULL,
  answered_at       DATETIME(3) NULL,
  updated_at        DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_answers (attempt_id, exam_question_id),
  KEY ix_answers_position (attempt_id, position),
  KEY ix_answers_exam_question (exam_question_id),
  CONSTRAINT fk_answers_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE,
  CONSTRAINT fk_answers_exam_question FOREIGN KEY (exam_question_id) REFERENCES exam_questions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- append-only: who, when, what, from where
CREATE TABLE answer_events (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  attempt_id  BIGINT UNSIGNED NOT NULL,
  answer_id   BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  at          DATETIME(3) NOT NULL,
  face        VARCHAR(20) NOT NULL,
  payload     TEXT NOT NULL,
  remote_addr VARCHAR(45) NOT NULL DEFAULT '',
  request_id  VARCHAR(64) NOT NULL DEFAULT '',
  KEY ix_answer_events_attempt (attempt_id, at),
  KEY ix_answer_events_answer (answer_id),
  CONSTRAINT fk_answer_events_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- per attempt, by section / subject / difficulty, written when the attempt ends
CREATE TABLE attempt_stats (
  attempt_id     BIGINT UNSIGNED NOT NULL,
  dimension      ENUM('section','subject','difficulty') NOT NULL,
  dim_id         BIGINT UNSIGNED NOT NULL,     -- section/subject id, or 1/2/3 for easy/medium/hard
  total          INT UNSIGNED NOT NULL DEFAULT 0,
  correct        INT UNSIGNED NOT NULL DEFAULT 0,
  incorrect      INT UNSIGNED NOT NULL DEFAULT 0,
  unanswered     INT UNSIGNED NOT NULL DEFAULT 0,
  partial        INT UNSIGNED NOT NULL DEFAULT 0,
  marks_e4       BIGINT NOT NULL DEFAULT 0,
  max_marks_e4   BIGINT NOT NULL DEFAULT 0,
  time_ms        BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (attempt_id, dimension, dim_id),
  CONSTRAINT fk_attempt_stats_attempt FOREIGN KEY (attempt_id) REFERENCES attempts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- per exam question, over completed non-preview attempts
CREATE TABLE exam_question_stats (
  exam_question_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  attempts          INT UNSIGNED NOT NULL DEFAULT 0,
  correct           INT UNSIGNED NOT NULL DEFAULT 0,
  incorrect         INT UNSIGNED NOT NULL DEFAULT 0,
  unanswered        INT UNSIGNED NOT NULL DEFAULT 0,
  total_time_ms     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  best_time_ms      BIGINT UNSIGNED NULL,     -- fastest correct answer
  CONSTRAINT fk_exam_question_stats FOREIGN KEY (exam_question_id) REFERENCES exam_questions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- per exam: a score histogram, so rank and percentile cost O(buckets)
CREATE TABLE exam_score_buckets (
  exam_id    BIGINT UNSIGNED NOT NULL,
  score_e4   BIGINT NOT NULL,
  attempts   INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (exam_id, score_e4),
  CONSTRAINT fk_exam_score_buckets FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE exam_stats (
  exam_id            BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  completed          INT UNSIGNED NOT NULL DEFAULT 0,
  sum_score_e4       BIGINT NOT NULL DEFAULT 0,
  max_score_e4       BIGINT NULL,
  sum_time_ms        BIGINT UNSIGNED NOT NULL DEFAULT 0,
  CONSTRAINT fk_exam_stats FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
