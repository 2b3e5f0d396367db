// learner.js — the learner's exams (available, upcoming, history) and one
// exam's rules with its start button, from the Testpress learner API (v2.2).
import { api, get, getAllPages, parseDuration, formatClock } from './api.js';
import { h, show, loading, errorBox, when, facts, plainText, put, swap } from './dom.js';

const T = '/api/v2.2';

function windowOf(exam, now = Date.now()) {
  if (exam.start_date && Date.parse(exam.start_date) > now) return 'upcoming';
  if (exam.end_date && Date.parse(exam.end_date) <= now) return 'closed';
  return 'open';
}

function durationText(d) {
  const ms = parseDuration(d);
  if (ms === null) return 'No time limit';
  const min = Math.round(ms / 60000);
  return min >= 60 ? `${formatClock(ms)} (h:mm:ss)` : `${min} minutes`;
}

function examCard(exam) {
  return h('li', { class: 'card exam' },
    h('h3', {}, h('a', { href: `#/exam/${exam.slug}` }, exam.title)),
    h('p', { class: 'muted' }, exam.course),
    facts([
      ['Time', durationText(exam.duration)],
      ['Questions', exam.number_of_questions],
      ['Opens', exam.start_date ? when(exam.start_date) : null],
      ['Closes', exam.end_date ? when(exam.end_date) : null],
    ]));
}

function attemptRow(a) {
  const link = a.state === 'Completed'
    ? h('a', { href: `#/result/${a.id}` }, 'Result')
    : h('a', { href: `#/attempt/${a.id}` }, 'Continue');
  return [a.exam?.title ?? '', when(a.date), a.state,
    a.state === 'Completed' ? `${a.score} (${a.percentage}%)${a.result === 'provisional' ? ', provisional' : ''}` : '—', link];
}

export async function viewHome() {
  const main = show('My exams', loading());
  let exams, attempts;
  try {
    [exams, attempts] = await Promise.all([getAllPages(`${T}/exams/`), getAllPages(`${T}/attempts/`)]);
  } catch (e) {
    main.lastChild.replaceWith(errorBox(e));
    return;
  }
  main.lastChild.remove();
  const open = exams.filter((e) => windowOf(e) === 'open');
  const upcoming = exams.filter((e) => windowOf(e) === 'upcoming');
  const running = attempts.filter((a) => a.state !== 'Completed');
  if (running.length) {
    put(main, h('section', { 'aria-labelledby': 'h-running' },
      h('h2', { id: 'h-running' }, 'In progress'),
      h('ul', { class: 'cards' }, running.map((a) => h('li', { class: 'card' },
        h('h3', {}, a.exam?.title ?? `Attempt ${a.id}`),
        h('p', {}, a.remaining_time ? `Time left: ${a.remaining_time}` : 'No time limit'),
        h('a', { class: 'button primary', href: `#/attempt/${a.id}` }, 'Continue'))))));
  }
  put(main, 
    h('section', { 'aria-labelledby': 'h-open' }, h('h2', { id: 'h-open' }, 'Available'),
      open.length ? h('ul', { class: 'cards' }, open.map(examCard)) : h('p', { class: 'muted' }, 'No exam is open for you now.')),
    h('section', { 'aria-labelledby': 'h-up' }, h('h2', { id: 'h-up' }, 'Upcoming'),
      upcoming.length ? h('ul', { class: 'cards' }, upcoming.map(examCard)) : h('p', { class: 'muted' }, 'Nothing scheduled.')),
    h('section', { 'aria-labelledby': 'h-hist' }, h('h2', { id: 'h-hist' }, 'History'),
      attempts.length
        ? historyTable(attempts)
        : h('p', { class: 'muted' }, 'You have not taken an exam yet.')));
}

function historyTable(attempts) {
  const rows = attempts.map(attemptRow);
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Exam', 'Started', 'State', 'Score', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

function retakesLeft(exam) {
  if (exam.max_retakes < 0) return 'Unlimited';
  const left = exam.max_retakes + 1 - (exam.attempts_count || 0);
  return `${Math.max(0, left)} of ${exam.max_retakes + 1}`;
}

export async function viewExam(slug) {
  const main = show('Exam', loading());
  let exam;
  try {
    exam = await get(`${T}/exams/${encodeURIComponent(slug)}/`);
  } catch (e) {
    main.lastChild.replaceWith(errorBox(e));
    return;
  }
  main.querySelector('h1').textContent = exam.title;
  document.title = `${exam.title} · invigil`;
  main.lastChild.remove();
  const sections = (exam.sections || []).map((s) => h('li', {}, `${s.name}: ${s.duration ? durationText(s.duration) : 'untimed'}`));
  const code = h('input', { id: 'access-code', autocomplete: 'off' });
  const msg = h('div', { 'aria-live': 'assertive' });
  const start = h('button', { type: 'button', class: 'primary', onclick: () => begin(exam, code.value, msg) },
    exam.paused_attempts_count ? 'Continue the attempt' : 'Start the exam');
  put(main, 
    exam.description ? h('p', {}, plainText(exam.description)) : null,
    facts([
      ['Course', exam.course],
      ['Time', durationText(exam.duration)],
      ['Questions', exam.number_of_questions],
      ['Total marks', exam.total_marks],
      ['Marks per question', exam.variable_mark_per_question ? `${exam.mark_per_question} (some questions differ)` : exam.mark_per_question],
      ['Negative marks', exam.negative_marks],
      ['Pass mark', exam.pass_percentage !== null ? `${exam.pass_percentage}%` : null],
      ['Attempts left', retakesLeft(exam)],
      ['Opens', exam.start_date ? when(exam.start_date) : null],
      ['Closes', exam.end_date ? when(exam.end_date) : null],
    ]),
    sections.length ? h('section', {}, h('h2', {}, 'Sections, taken in order'), h('ol', {}, sections)) : null,
    h('details', { class: 'code' }, h('summary', {}, 'Access code (only if your teacher gave you one)'),
      h('p', {}, h('label', { for: 'access-code' }, 'Access code'), code)),
    msg,
    h('p', {}, start));
}

async function begin(exam, accessCode, msg) {
  swap(msg, );
  try {
    const body = accessCode ? { access_code: accessCode } : {};
    const { data } = await api('POST', `${T}/exams/${encodeURIComponent(exam.slug)}/attempts/`, body);
    location.hash = `#/attempt/${data.id}`;
  } catch (e) {
    put(msg, errorBox(e));
  }
}
