-- invigil 009: what the course face (SelfCommunity course API v2) needs.
--
-- enrollments.status gains 'payment_waiting' (SelfCommunity's join status of a
-- member who must still pay): like invited and requested, not joined, so the
-- member may read the course's outline but takes nothing (docs/course.md).
ALTER TABLE enrollments
  MODIFY status ENUM('joined','invited','requested','payment_waiting') NOT NULL DEFAULT 'joined';

-- The quiz dashboard reads a course's attempts newest first through its
-- lessons' exams: uq_attempts_no (exam_id prefix) finds them; no new index.
