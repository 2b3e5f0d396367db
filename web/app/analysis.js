// analysis.js — the item analysis of an exam (Canvas's quiz statistics,
// docs/item-analysis.md): the score histogram, each question's difficulty and
// discrimination as a plot and a table, and the whole exam's reliability.
import { get } from './api.js';
import { h, show, loading, table, plainText, facts, put } from './dom.js';
import { histogram, scatter, figure } from './charts.js';
import { crumbs } from './staff.js';

const CV = '/api/v1';
const fmt = (v, d = 2) => (typeof v === 'number' ? v.toFixed(d) : '—');

export async function viewAnalysis(cid, qid) {
  const main = show('Item analysis', loading());
  const [quiz, stats] = await Promise.all([get(`${CV}/courses/${cid}/quizzes/${qid}`), get(`${CV}/courses/${cid}/quizzes/${qid}/statistics`)]);
  const report = stats.quiz_statistics[0];
  const sub = report.submission_statistics || {};
  main.lastChild.remove();
  main.querySelector('h1').textContent = `${quiz.title}: item analysis`;
  document.title = `${quiz.title} · item analysis · invigil`;
  main.prepend(crumbs(['#/staff', 'Staff'], [`#/staff/course/${cid}`, 'Course'], [null, quiz.title]));
  put(main, h('nav', { class: 'tabs', 'aria-label': 'Exam' }, h('ul', {},
    h('li', {}, h('a', { href: `#/staff/course/${cid}/quiz/${qid}` }, 'Attempts')),
    h('li', {}, h('a', { href: `#/staff/course/${cid}/quiz/${qid}/analysis`, 'aria-current': 'page' }, 'Item analysis')),
    h('li', {}, h('a', { href: `#/staff/course/${cid}/quiz/${qid}/extensions` }, 'Extra time and attempts')))));
  if (!sub.unique_count) {
    put(main, h('p', {}, 'No ended attempt is counted yet: the analysis appears once learners have finished (and their essays are graded).'));
    return;
  }
  put(main, facts([
    ['Learners counted', sub.unique_count], ['Analysed (first attempts)', sub.analysed_count],
    ['Average score', `${fmt(sub.score_average)} of ${report.points_possible}`], ['Median', fmt(sub.score_median)],
    ['Highest / lowest', `${fmt(sub.score_high)} / ${fmt(sub.score_low)}`], ['Standard deviation', fmt(sub.score_stdev)],
    ['Reliability (Cronbach\'s alpha)', typeof sub.alpha === 'number' ? fmt(sub.alpha) : 'needs more attempts'],
    ['Generated', report.generated_at],
  ]));
  // Canvas counts learners per whole percent; the chart groups them in tens
  // (a negative score in the first, 100 % in the last)
  const bins = Array.from({ length: 10 }, (_, i) => ({ label: `${i * 10}–${i === 9 ? 100 : i * 10 + 9}`, value: 0 }));
  for (const [k, v] of Object.entries(sub.scores || {})) bins[Math.min(9, Math.max(0, Math.floor(Number(k) / 10)))].value += v;
  put(main, h('section', { 'aria-labelledby': 'h-hist' }, h('h2', { id: 'h-hist' }, 'Scores'),
    figure('How many learners scored each percentage.', histogram('Score histogram', bins, 'Score (percent)', 'Learners'))));
  const qs = report.question_statistics || [];
  const points = qs.filter((q) => typeof q.difficulty_index === 'number' && typeof q.discrimination_index === 'number')
    .map((q) => ({ x: q.difficulty_index, y: q.discrimination_index, label: `Q${q.position}` }));
  put(main, h('section', { 'aria-labelledby': 'h-items' }, h('h2', { id: 'h-items' }, 'Questions'),
    points.length ? figure('Each question\'s difficulty (share answering it right) against its discrimination (top third right minus bottom third right). Questions in the shaded band, above 0.3, separate stronger from weaker learners well.',
      scatter('Difficulty and discrimination', points, 'Difficulty index (share right)', 'Discrimination index')) : null,
    table('Question statistics', ['#', 'Question', 'Responses', 'Right', 'Difficulty', 'Discrimination', 'Point-biserial (key)'],
      qs.map((q) => [`Q${q.position}`, plainText(q.question_text).slice(0, 90), String(q.responses ?? ''),
        String(q.correct_student_count ?? '—'), fmt(q.difficulty_index), fmt(q.discrimination_index),
        fmt((q.point_biserials || []).find((p) => p.correct)?.point_biserial)]))));
}
