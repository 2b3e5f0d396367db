// staff.js — staff pages: their courses and quizzes (Canvas), an exam's
// attempts with the admin face's filters and ordering and a CSV download
// (Testpress admin v2.5), one attempt's answers with essay grading and fudge
// points (Testpress admin v3 to read, Canvas manual scoring to write), and
// extra time or attempts for a learner (Canvas quiz extensions).
import { api, get, getAllCanvas } from './api.js';
import { h, show, loading, errorBox, authored, facts, table, when, download, announce, put, swap, optionList } from './dom.js';

const A25 = '/api/v2.5/admin';
const A3 = '/api/v3/admin';
const CV = '/api/v1';

function staffNav(cid, qid, here) {
  const links = [['', 'Attempts'], ['/analysis', 'Item analysis'], ['/extensions', 'Extra time and attempts']];
  return h('nav', { class: 'tabs', 'aria-label': 'Exam' }, h('ul', {}, links.map(([p, t]) => h('li', {},
    h('a', { href: `#/staff/course/${cid}/quiz/${qid}${p}`, 'aria-current': p === here ? 'page' : null }, t)))));
}

export function crumbs(...parts) {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, parts.map(([href, t]) => h('li', {}, href ? h('a', { href }, t) : t))));
}

export async function viewStaffHome() {
  const main = show('Staff', loading());
  const courses = await getAllCanvas(`${CV}/courses?per_page=100`);
  main.lastChild.remove();
  const mine = courses.filter((c) => !(c.enrollments || []).length || c.enrollments.some((e) => e.type !== 'student'));
  put(main, mine.length
    ? h('ul', { class: 'cards' }, mine.map((c) => h('li', { class: 'card' },
      h('h2', {}, h('a', { href: `#/staff/course/${c.id}` }, c.name)), h('p', { class: 'muted' }, c.course_code))))
    : h('p', {}, 'You are not staff of any course.'));
}

export async function viewCourse(cid) {
  const main = show('Course', loading());
  const [course, quizzes] = await Promise.all([get(`${CV}/courses/${cid}`), getAllCanvas(`${CV}/courses/${cid}/quizzes?per_page=100`)]);
  main.querySelector('h1').textContent = course.name;
  main.lastChild.remove();
  main.prepend(crumbs(['#/staff', 'Staff'], [null, course.name]));
  put(main, table('Exams', ['Exam', 'Questions', 'Time limit', 'Published', ''], quizzes.map((q) => [
    q.title, String(q.question_count ?? ''), q.time_limit ? `${q.time_limit} min` : '—', q.published ? 'yes' : 'no',
    h('a', { href: `#/staff/course/${cid}/quiz/${q.id}` }, 'Attempts')])));
}


const ORDERINGS = [['-date', 'Newest first'], ['date', 'Oldest first'], ['-correct_answers_count', 'Most correct'],
  ['correct_answers_count', 'Fewest correct'], ['-incorrect_answers_count', 'Most wrong'], ['-unanswered_count', 'Most unanswered']];


export async function viewAttempts(cid, qid) {
  const main = show('Attempts', loading());
  const quiz = await get(`${CV}/courses/${cid}/quizzes/${qid}`);
  main.querySelector('h1').textContent = `${quiz.title}: attempts`;
  document.title = `${quiz.title} · attempts · invigil`;
  main.lastChild.remove();
  main.prepend(crumbs(['#/staff', 'Staff'], [`#/staff/course/${cid}`, 'Course'], [null, quiz.title]));
  const saved = new URLSearchParams(sessionStorage.getItem('invigil.staff-filters') || ''); // the last filters used
  const field = (id, label, input) => h('p', { class: 'field' }, h('label', { for: id }, label), input);
  const state = h('select', { id: 'f-state' }, [['', 'Any'], ['0', 'Running'], ['1', 'Completed'], ['3', 'Not started']].map(([v, t]) =>
    h('option', { value: v, selected: saved.get('state') === v }, t)));
  const from = h('input', { id: 'f-from', type: 'date', value: saved.get('date_0') || '' });
  const to = h('input', { id: 'f-to', type: 'date', value: saved.get('date_1') || '' });
  const user = h('input', { id: 'f-user', inputmode: 'numeric', value: saved.get('users') || '', size: 6 });
  const ordering = h('select', { id: 'f-order' }, ORDERINGS.map(([v, t]) => h('option', { value: v, selected: (saved.get('ordering') || '-date') === v }, t)));
  const results = h('div', { id: 'attempts' });
  let page = 1;
  const params = () => {
    const p = new URLSearchParams({ exams: qid, ordering: ordering.value, per_page: '50' });
    if (state.value) p.set('state', state.value);
    if (from.value) p.set('date_0', from.value);
    if (to.value) p.set('date_1', to.value);
    if (user.value.trim()) p.set('users', user.value.trim());
    return p;
  };
  const load = async () => {
    const p = params();
    sessionStorage.setItem('invigil.staff-filters', p.toString());
    p.set('page', String(page));
    swap(results, loading());
    try {
      const data = await get(`${A25}/attempts/?${p}`);
      swap(results, attemptsTable(cid, qid, data.results), h('div', { class: 'pager' },
        h('button', { type: 'button', disabled: !data.previous, onclick: () => { page--; load(); } }, '← Previous'),
        h('span', { class: 'muted' }, `${data.count} attempt${data.count === 1 ? '' : 's'}, page ${page}`),
        h('button', { type: 'button', disabled: !data.next, onclick: () => { page++; load(); } }, 'Next →')));
      announce(`${data.count} attempts.`);
    } catch (e) { swap(results, errorBox(e)); }
  };
  const form = h('form', { class: 'filters card' },
    field('f-state', 'State', state), field('f-from', 'Started from', from), field('f-to', 'Started until', to),
    field('f-user', 'User id', user), field('f-order', 'Order', ordering),
    h('p', { class: 'field actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show'),
      h('button', { type: 'button', id: 'csv', onclick: () => csv(quiz, params()) }, 'Download CSV')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); page = 1; load(); });
  const toGrade = h('section', { id: 'to-grade', 'aria-labelledby': 'h-to-grade' });
  put(main, staffNav(cid, qid, ''), toGrade, form, results);
  await Promise.all([load(), essaysToGrade(cid, qid, toGrade)]);
}

// the learners whose latest attempt has an essay without a score (Canvas's
// pending_review), each linked to that attempt
async function essaysToGrade(cid, qid, box) {
  try {
    const subs = (await getAllCanvas(`${CV}/courses/${cid}/quizzes/${qid}/submissions?per_page=100`))
      .filter((x) => x.workflow_state === 'pending_review');
    if (!subs.length) return;
    const rows = await Promise.all(subs.map(async (x) => {
      const a = (await attemptsInOrder(qid, x.user_id))[x.attempt - 1];
      return a ? h('li', {}, h('a', { href: `#/staff/course/${cid}/quiz/${qid}/attempt/${a.id}` }, `#${a.id}`),
        ` ${a.name || ''} (user ${a.user_id}), ended ${when(a.last_answer_updated_time || a.date)}`) : null;
    }));
    put(box, h('h2', { id: 'h-to-grade' }, `Essays to grade (${subs.length})`), h('ul', {}, rows));
  } catch (e) { put(box, errorBox(e)); }
}

function attemptsTable(cid, qid, rows) {
  return table(null, ['Attempt', 'Learner', 'Started', 'State', 'Score', '%', 'Right', 'Wrong', 'Blank', 'Time'], rows.map((a) => [
    h('a', { href: `#/staff/course/${cid}/quiz/${qid}/attempt/${a.id}` }, `#${a.id}`),
    `${a.name || ''} (${a.user_id})`, when(a.date), a.state, a.score ?? '—', a.percentage ?? '—',
    String(a.correct_answers_count ?? ''), String(a.incorrect_answers_count ?? ''), String(a.unanswered_count ?? ''), a.time_taken || '']));
}

const CSV_COLUMNS = ['id', 'exam_id', 'user_id', 'name', 'email', 'state', 'date', 'last_started_time', 'score', 'percentage',
  'correct_answers_count', 'incorrect_answers_count', 'unanswered_count', 'time_taken', 'remaining_time', 'speed', 'accuracy'];

function csvCell(v) {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`; // no formulas when opened in a spreadsheet
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// every page of the list as it is filtered, as RFC 4180 CSV
async function csv(quiz, p) {
  p.set('per_page', '500');
  const lines = [CSV_COLUMNS.join(',')];
  for (let page = 1; page < 1000; page++) {
    p.set('page', String(page));
    const data = await get(`${A25}/attempts/?${p}`);
    for (const a of data.results) lines.push(CSV_COLUMNS.map((c) => csvCell(a[c])).join(','));
    if (!data.next) break;
  }
  download(`${quiz.title.replace(/[^\w-]+/g, '_')}-attempts.csv`, 'text/csv', `${lines.join('\r\n')}\r\n`);
  announce('The CSV file was downloaded.');
}

// a learner's attempts at an exam, oldest first: the k-th is Canvas's
// attempt k, as attempt numbers are given in that order
async function attemptsInOrder(qid, userId) {
  return (await get(`${A25}/attempts/?exams=${qid}&users=${userId}&ordering=date&per_page=500`)).results;
}

// Canvas addresses an attempt by its submission (the exam-and-learner pair)
// and its number: the submission comes from the quiz's submissions, the number
// from the learner's attempts at the exam in the order they were made
async function canvasAddress(cid, qid, attempt) {
  const subs = await getAllCanvas(`${CV}/courses/${cid}/quizzes/${qid}/submissions?per_page=100`);
  const sub = subs.find((s) => s.user_id === attempt.user_id);
  const no = (await attemptsInOrder(qid, attempt.user_id)).findIndex((a) => a.id === attempt.id) + 1;
  return sub && no > 0 ? { sid: sub.id, attemptNo: no } : null;
}

export async function viewStaffAttempt(cid, qid, aid) {
  const main = show(`Attempt #${aid}`, loading());
  const [attempt, answers] = await Promise.all([get(`${A25}/attempts/${aid}/`), get(`${A3}/attempts/${aid}/user_answers/`)]);
  main.lastChild.remove();
  main.querySelector('h1').textContent = `Attempt #${aid}: ${attempt.name || attempt.username}`;
  main.prepend(crumbs(['#/staff', 'Staff'], [`#/staff/course/${cid}/quiz/${qid}`, 'Attempts'], [null, `#${aid}`]));
  put(main, facts([
    ['Learner', `${attempt.name || ''} (${attempt.username}, id ${attempt.user_id})`], ['State', attempt.state],
    ['Score', attempt.score], ['Percentage', attempt.percentage], ['Result', attempt.result], ['Rank', attempt.rank],
    ['Started', when(attempt.date)], ['Time taken', attempt.time_taken],
  ]));
  const questions = new Map(answers.results.exam_questions.map((q) => [q.id, q]));
  const gradable = attempt.state === 'Completed';
  const list = h('ol', { class: 'answers' });
  for (const ua of answers.results.user_answers) {
    const q = questions.get(ua.exam_question_id) || {};
    put(list, answerItem(cid, qid, attempt, ua, q, gradable));
  }
  put(main, h('h2', {}, 'Answers'), list);
  if (gradable) put(main, fudgeForm(cid, qid, attempt));
}

function answerItem(cid, qid, attempt, ua, q, gradable) {
  const li = h('li', { class: `card answer ${ua.result.toLowerCase().replace(/ /g, '-')}`, 'data-question': q.question_id },
    h('p', { class: 'q-meta' }, h('strong', {}, ua.result), ` · ${ua.marks ?? '—'} of ${q.marks} marks · ${q.type}`),
    authored(q.question_html, 'authored q-text'),
    optionList(q.answers, ua.selected_answers, 'chosen'),
    ua.short_text !== null ? h('blockquote', { class: 'typed' }, ua.short_text) : null);
  if (gradable && q.type === 'Essay') put(li, gradeForm(cid, qid, attempt, ua, q));
  return li;
}

function gradeForm(cid, qid, attempt, ua, q) {
  const idp = `g-${q.question_id}`;
  const score = h('input', { id: `${idp}-score`, inputmode: 'decimal', size: 6, value: ua.result === 'Pending' ? '' : (ua.marks ?? '') });
  const comment = h('textarea', { id: `${idp}-comment`, rows: 3 });
  const msg = h('p', { 'aria-live': 'polite' });
  const form = h('form', { class: 'grade' },
    h('p', { class: 'field' }, h('label', { for: score.id }, `Score (0–${q.marks})`), score),
    h('p', { class: 'field' }, h('label', { for: comment.id }, 'Comment for the learner'), comment),
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, 'Save the grade')), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    swap(msg, );
    const value = Number(score.value);
    if (score.value.trim() === '' || !Number.isFinite(value) || value < 0) { put(msg, errorBox(new Error('Enter a score of 0 or more.'))); return; }
    const entry = { score: value };
    if (comment.value) entry.comment = comment.value;
    await scoreAttempt(cid, qid, attempt, { questions: { [q.question_id]: entry } }, msg);
  });
  return form;
}

function fudgeForm(cid, qid, attempt) {
  const fudge = h('input', { id: 'fudge', inputmode: 'decimal', size: 6 });
  const msg = h('p', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card grade' }, h('h2', {}, 'Adjust the total'),
    h('p', { class: 'field' }, h('label', { for: 'fudge' }, 'Fudge points (replace any earlier; may be negative)'), fudge),
    h('p', {}, h('button', { type: 'submit' }, 'Save the adjustment')), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    swap(msg, );
    const v = Number(fudge.value);
    if (fudge.value.trim() === '' || !Number.isFinite(v)) { put(msg, errorBox(new Error('Enter a number.'))); return; }
    await scoreAttempt(cid, qid, attempt, { fudge_points: v }, msg);
  });
  return form;
}

async function scoreAttempt(cid, qid, attempt, change, msg) {
  try {
    const addr = await canvasAddress(cid, qid, attempt);
    if (!addr) throw new Error('This attempt has no quiz submission to score.');
    await api('PUT', `${CV}/courses/${cid}/quizzes/${qid}/submissions/${addr.sid}`,
      { quiz_submissions: [{ attempt: addr.attemptNo, ...change }] });
    swap(msg, h('span', { class: 'ok' }, 'Saved.'));
    announce('Saved.');
    setTimeout(() => viewStaffAttempt(cid, qid, attempt.id), 400);
  } catch (e) { swap(msg, errorBox(e)); }
}

export async function viewExtensions(cid, qid) {
  const main = show('Extra time and attempts', loading());
  const quiz = await get(`${CV}/courses/${cid}/quizzes/${qid}`);
  main.lastChild.remove();
  main.querySelector('h1').textContent = `${quiz.title}: extra time and attempts`;
  main.prepend(crumbs(['#/staff', 'Staff'], [`#/staff/course/${cid}`, 'Course'], [null, quiz.title]));
  const user = h('input', { id: 'x-user', inputmode: 'numeric', required: true, size: 6 });
  const time = h('input', { id: 'x-time', type: 'number', min: 0, max: 10080, value: 0 });
  const tries = h('input', { id: 'x-attempts', type: 'number', min: 0, max: 1000, value: 0 });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card' },
    h('p', { class: 'field' }, h('label', { for: 'x-user' }, 'Learner\'s user id'), user),
    h('p', { class: 'field' }, h('label', { for: 'x-time' }, 'Extra minutes on every attempt'), time),
    h('p', { class: 'field' }, h('label', { for: 'x-attempts' }, 'Extra attempts'), tries),
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, 'Save')), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    swap(msg, );
    try {
      const { data } = await api('POST', `${CV}/courses/${cid}/quizzes/${qid}/extensions`, { quiz_extensions: [{
        user_id: Number(user.value), extra_time: Number(time.value), extra_attempts: Number(tries.value) }] });
      const x = data.quiz_extensions[0];
      swap(msg, h('p', { class: 'ok' }, `Saved: user ${x.user_id} has ${x.extra_time} extra minutes and ${x.extra_attempts} extra attempts`,
        x.end_at ? `; the running attempt now ends ${when(x.end_at)}.` : '.'));
    } catch (e) { swap(msg, errorBox(e)); }
  });
  put(main, staffNav(cid, qid, '/extensions'),
    h('p', {}, 'The values replace what the learner had. The learner\'s user id is in the attempts list.'), form);
}
