-- state.sql — what the chaos checker reads from the database: the only SQL of
-- the checker (tests/chaos/check.awk reads these rows).  When the way answers
-- are stored changes, only this file changes.  Tab-separated, one tag a row:
--   A  attempt id, exam slug, username, attempt_no, state, score_e4 (or -),
--      the score its stored answers grade to (sum of marks + fudge: the marks
--      in its grades row, schema/007, or in its records when it has none),
--      its Canvas submission id (0 when none)
--   V  attempt id, question id, answer record id, stored value:
--      "o:<option ids>", "t:<text>" or "-"
--   X  exam slug, completed and score sum as the exam's statistics count them
--      (exam_stats, folded, plus stats_pending, not yet folded: an attempt in
--      both, or in neither, is a miscount), and as the completed attempts add up
SELECT 'A', t.id, e.slug, u.username, t.attempt_no, t.state, COALESCE(t.score_e4, '-'),
       COALESCE((SELECT SUM(COALESCE(j.m, 0)) FROM attempt_grades g,
                        JSON_TABLE(g.answers, '$[*]' COLUMNS (m BIGINT PATH '$[2]')) j WHERE g.attempt_id = t.id),
                (SELECT SUM(x.marks_e4) FROM answers x WHERE x.attempt_id = t.id), 0) + t.fudge_points_e4,
       COALESCE(s.id, 0)
  FROM attempts t JOIN exams e ON e.id = t.exam_id JOIN courses c ON c.id = e.course_id
  JOIN users u ON u.id = t.user_id
  LEFT JOIN submissions s ON s.exam_id = t.exam_id AND s.user_id = t.user_id
 WHERE c.slug = 'chaos-course' AND t.preview = 0;
-- (the current answer: its latest event's state, or the record's before any,
-- as docs/architecture.md#saves says; one grouped pass over the events.
-- @ALL_ANSWERS@: tests/all_answers.sql, the records made or still due,
-- schema/014; run.sh puts it in)
SELECT 'V', x.attempt_id, q.question_id, x.id,
       CASE WHEN IF(ev.sel IS NULL, x.text_answer, ev.txt) <> '' THEN CONCAT('t:', IF(ev.sel IS NULL, x.text_answer, ev.txt))
            WHEN IF(ev.sel IS NULL, x.selected_options, ev.sel) <> ''
            THEN CONCAT('o:', IF(ev.sel IS NULL, x.selected_options, ev.sel)) ELSE '-' END
  FROM @ALL_ANSWERS@ x
  LEFT JOIN (SELECT answer_id, MAX(id) AS last FROM answer_events GROUP BY answer_id) le ON le.answer_id = x.id
  LEFT JOIN answer_events ev ON ev.id = le.last
  JOIN exam_questions q ON q.id = x.exam_question_id
  JOIN exams e ON e.id = q.exam_id JOIN courses c ON c.id = e.course_id
 WHERE c.slug = 'chaos-course';
SELECT 'X', e.slug,
       COALESCE(st.completed, 0) + (SELECT COUNT(*) FROM stats_pending p WHERE p.exam_id = e.id),
       COALESCE(st.sum_score_e4, 0) + (SELECT COALESCE(SUM(p.score_e4), 0) FROM stats_pending p WHERE p.exam_id = e.id),
       (SELECT COUNT(*) FROM attempts t WHERE t.exam_id = e.id AND t.state = 'completed' AND t.preview = 0),
       (SELECT COALESCE(SUM(t.score_e4), 0) FROM attempts t WHERE t.exam_id = e.id AND t.state = 'completed' AND t.preview = 0)
  FROM exams e JOIN courses c ON c.id = e.course_id LEFT JOIN exam_stats st ON st.exam_id = e.id
 WHERE c.slug = 'chaos-course';
