// result.js — an ended attempt: score, rank and percentile, charts per subject
// and per difficulty, and the review with correct answers and explanations,
// as far as the exam's rules show them (show_answers).
import { get, getAllPages } from './api.js';
import { h, show, loading, errorBox, authored, facts, put, optionList } from './dom.js';
import { stackedBars, figure } from './charts.js';
import { answeredOf } from './question.js';

const T = '/api/v2.2';
const PARTS = [['correct', 'c-correct', 'correct'], ['incorrect', 'c-wrong', 'wrong'], ['unanswered', 'c-blank', 'unanswered']];
const LEGEND = PARTS.map(([, cls, name]) => ({ cls, name }));

// Testpress's apps rate a question's difficulty by how many learners answered
// it right (QuizReviewFragment: five bands of correct_percentage); so does this
const BANDS = [[80, 'Very easy (over 80% right)'], [60, 'Easy (61–80%)'], [40, 'Medium (41–60%)'], [20, 'Hard (21–40%)'], [-1, 'Very hard (20% or fewer)']];

export async function viewResult(idText) {
  const id = Number(idText);
  const main = show('Result', loading());
  let attempt;
  try {
    attempt = await get(`${T}/attempts/${id}/`);
  } catch (e) {
    main.lastChild.replaceWith(errorBox(e));
    return;
  }
  if (attempt.state !== 'Completed') { location.replace(`#/attempt/${id}`); return; }
  main.querySelector('h1').textContent = `Result: ${attempt.exam?.title ?? ''}`;
  main.lastChild.remove();
  const exam = attempt.exam || {};
  const pass = exam.pass_percentage !== null && exam.pass_percentage !== undefined
    ? (Number(attempt.percentage) >= exam.pass_percentage ? 'Passed' : 'Not passed') : null;
  put(main, 
    h('section', { class: 'card score', 'aria-labelledby': 'h-score' },
      h('h2', { id: 'h-score' }, 'Your score'),
      h('p', { class: 'big', id: 'score' }, `${attempt.score} of ${exam.total_marks ?? '?'}`, h('span', { class: 'muted' }, ` (${attempt.percentage}%)`)),
      attempt.result === 'provisional' ? h('p', { class: 'warn', id: 'provisional' }, 'Provisional: an answer is waiting for a grader, and the score may still change.') : null,
      facts([
        ['Result', attempt.result === 'provisional' ? null : pass],
        ['Rank', attempt.rank !== 'NA' ? `${attempt.rank} of ${attempt.max_rank}` : null],
        ['Percentile', attempt.rank !== 'NA' ? String(attempt.percentile) : null],
        ['Correct', attempt.correct_count],
        ['Wrong', attempt.incorrect_count],
        ['Unanswered', attempt.unanswered_count],
        ['Time taken', attempt.time_taken],
        ['Accuracy', `${attempt.accuracy}%`],
        ['Attempts left', attempt.remaining_attempts === null ? 'unlimited' : attempt.remaining_attempts],
      ]),
      exam.slug && (attempt.remaining_attempts === null || attempt.remaining_attempts > 0)
        ? h('p', {}, h('a', { class: 'button', href: `#/exam/${exam.slug}` }, 'Take it again')) : null));
  const [review, subjects] = await Promise.all([
    getAllPages(`${T}/attempts/${id}/review/`).catch((e) => e),
    getAllPages(`${T}/attempts/${id}/review/subjects/`).catch((e) => e),
  ]);
  if (!(subjects instanceof Error) && subjects.length) put(main, subjectChart(subjects));
  if (review instanceof Error) { put(main, errorBox(review)); return; }
  const diff = difficultyChart(review);
  if (diff) put(main, diff);
  put(main, h('section', { 'aria-labelledby': 'h-review' }, h('h2', { id: 'h-review' }, 'Review'),
    exam.show_answers ? null : h('p', { class: 'muted' }, 'This exam does not show correct answers.'),
    h('ol', { class: 'review' }, review.map(reviewItem))));
}

function subjectChart(subjects) {
  const leaves = subjects.filter((s) => s.leaf);
  const rows = (leaves.length ? leaves : subjects).map((s) => ({
    label: s.name, parts: PARTS.map(([k, cls, name]) => ({ value: s[k], cls, name })),
  }));
  return h('section', { 'aria-labelledby': 'h-subjects' }, h('h2', { id: 'h-subjects' }, 'By subject'),
    figure('Your answers per subject: correct, wrong and unanswered.', stackedBars('Answers by subject', rows, LEGEND)));
}

function difficultyChart(review) {
  if (!review.some((r) => typeof r.correct_percentage === 'number')) return null;
  const rows = BANDS.map(([, label]) => ({ label, counts: { correct: 0, incorrect: 0, unanswered: 0 } }));
  for (const r of review) {
    if (typeof r.correct_percentage !== 'number') continue;
    const band = BANDS.findIndex(([min]) => r.correct_percentage > min);
    const kind = !answeredOf(r) || r.result === 'pending' ? 'unanswered' : r.result === 'incorrect' ? 'incorrect' : 'correct';
    rows[band].counts[kind]++;
  }
  const used = rows.filter((r) => r.counts.correct + r.counts.incorrect + r.counts.unanswered > 0);
  return h('section', { 'aria-labelledby': 'h-difficulty' }, h('h2', { id: 'h-difficulty' }, 'By difficulty'),
    h('p', { class: 'muted' }, 'A question\'s difficulty is how many learners answered it right.'),
    figure('Your answers per difficulty band.', stackedBars('Answers by difficulty', used.map((r) => ({
      label: r.label.split(' (')[0], parts: PARTS.map(([k, cls, name]) => ({ value: r.counts[k], cls, name })),
    })), LEGEND)));
}

const RESULT_TEXT = { correct: 'Correct', incorrect: 'Wrong', partial: 'Partly correct', unanswered: 'Unanswered', pending: 'Waiting for a grader' };

function reviewItem(r) {
  const q = r.question || {};
  const text = q.type === 'E' ? r.essay_text : r.short_text;
  return h('li', { class: `card review-item ${r.result || ''}` },
    h('div', { class: 'q-meta' }, r.result ? h('strong', {}, RESULT_TEXT[r.result] || r.result) : null,
      r.marks !== undefined && r.marks !== null ? ` · ${r.marks} marks` : ''),
    authored(q.question_html, 'authored q-text'),
    optionList(q.answers, r.selected_answers, 'your answer'),
    text ? h('p', {}, h('strong', {}, 'Your answer: '), text) : null,
    q.accepted_answers?.length ? h('p', {}, h('strong', {}, 'Accepted: '), q.accepted_answers.join(', ')) : null,
    q.answer !== undefined && q.answer !== null ? h('p', {}, h('strong', {}, 'Answer: '), String(q.answer)) : null,
    q.explanation_html ? h('details', {}, h('summary', {}, 'Explanation'), authored(q.explanation_html)) : null);
}
