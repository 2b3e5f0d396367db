// web.test.mjs — the web app in a real browser (Debian's chromium, headless,
// driven by playwright-core) against the real stack that tests/api/with-stack
// started: nginx serving web/ and the API, the workers, MariaDB. TAP out.
//
//   1. a learner takes a sectional timed exam to the end; mid-exam invigil
//      becomes unreachable, three answers are given, the page is reloaded, the
//      network returns, and every answer reaches the server, in order
//   2. the countdown matches the server's time left within a second, and a
//      timed exam ends itself at zero
//   3. staff grade the essay and the learner's result changes; the item
//      analysis draws its charts
//   4. one question answered with the keyboard alone
//   5. axe-core finds no serious or critical violation on any page
//   6. screenshots of every page at phone and desktop width (artefacts)
//   and the question HTML's injected script never runs.
import { readFileSync } from 'node:fs';
import { launch, newPage, login, ok, diag, done, invigil, sql, apiAs, artefacts, requireModule, BASE } from './lib.mjs';

const AXE = readFileSync(requireModule.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = artefacts();
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const axeFindings = [];

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

// axe-core, evaluated through the DevTools protocol (which the page's CSP does
// not govern, as it should not: the app itself never runs inline script)
async function axeScan(page, name) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeFindings.push([name, bad]);
  ok(bad.length === 0, `axe: no serious or critical violation on ${name}`,
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`).join('\n'));
}

// what the console may hold besides script errors: the staff probe's 403, the
// 404 of the question's injected image, the cut network, and the CSP
// reporting the handlers in that question's HTML while DOMPurify parses it
// (in an inert document: nothing runs, the sanitized copy has none); any
// other CSP report is the app's own fault and counts
const scriptErrors = (page) => page.problems.filter((p) => !/Failed to load resource/.test(p)
  && !(/Content Security Policy/.test(p) && /\/vendor\/dompurify-[\d.]+\/purify\.es\.js/.test(p)));

// polls fn until it returns something truthy (or timeoutMs passes); returns
// its last value: for what the server holds once the page has sent it
async function eventually(fn, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const savedState = (page) => page.locator('#save-state');
async function waitSaved(page, timeout = 10000) {
  await page.waitForFunction(() => document.querySelector('#save-state')?.dataset.waiting === '0', null, { timeout });
}
const attemptIdOf = (page) => Number(new URL(page.url()).hash.match(/#\/attempt\/(\d+)/)?.[1]);

// user opens the exam slug in a page of its own and starts it; resolves the
// page, its context, the attempt's id and when the start was clicked
async function startExam(browser, viewport, user, slug) {
  const { context, page } = await newPage(browser, viewport);
  await login(page, user);
  await page.goto(`/#/exam/${slug}`);
  await page.getByRole('button', { name: 'Start the exam' }).click();
  const startedAt = Date.now();
  await page.locator('article.question').first().waitFor();
  return { context, page, id: attemptIdOf(page), startedAt };
}

async function question(page, n) {
  await page.locator('.palette button.pal').nth(n - 1).click();
  return page.locator('article.question').first();
}

// 1 -----------------------------------------------------------------------
async function sectionalExam(browser) {
  const { context, page } = await newPage(browser, DESKTOP);
  const first = await page.goto('/');
  const csp = first.headers()['content-security-policy'] || '';
  ok(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), 'the app is served with a strict Content-Security-Policy', csp);
  await axeScan(page, 'the log-in page');
  await shot(page, 'login-desktop');
  await login(page, 'learner40');
  await page.getByRole('link', { name: 'Sectional exam' }).waitFor();
  ok(true, 'the exam list shows the sectional exam');
  await axeScan(page, 'the exam list');
  await shot(page, 'exams-desktop');
  await page.getByRole('link', { name: 'Sectional exam' }).click();
  await page.getByRole('button', { name: 'Start the exam' }).waitFor();
  const rules = await page.locator('main').innerText();
  ok(/First part/.test(rules) && /Second part/.test(rules) && /Attempts left\s*1 of 1/.test(rules), 'the exam page states its sections and attempts', rules);
  await axeScan(page, 'the exam page');
  await shot(page, 'exam-rules-desktop');
  await page.getByRole('button', { name: 'Start the exam' }).click();
  const startedAt = Date.now();
  await page.locator('article.question').first().waitFor();
  const id = attemptIdOf(page);
  ok(id > 0, 'starting opens the attempt', page.url());
  ok(/First part/.test(await page.locator('#clock-section').innerText()), 'the first section runs with its own timer');

  // section 1: one choice and two options
  await page.getByRole('radio', { name: '5', exact: true }).check();
  await waitSaved(page);
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.getByRole('checkbox', { name: '2', exact: true }).check();
  await page.getByRole('checkbox', { name: '4', exact: true }).check();
  await page.getByRole('button', { name: /Flag for review/ }).click();
  let items;
  const firstSaved = await eventually(async () => {
    items = (await apiAs('learner40', 'GET', `/api/v2.2/attempts/${id}/questions/`)).data.results;
    return items[0].selected_answers.length === 1 && items[1].selected_answers.length === 2 && items[1].review === true;
  });
  ok(firstSaved, 'the first section\'s answers and flag are on the server', items.map((i) => [i.selected_answers, i.review]));
  ok(await page.locator('.palette button.pal').nth(1).evaluate((b) => b.classList.contains('answered') && b.classList.contains('flagged')),
    'the palette shows question 2 answered and flagged');
  ok(/not visited/.test(await page.locator('.palette button.pal').nth(4).getAttribute('aria-label')), 'the palette shows question 5 not visited');
  await axeScan(page, 'the exam being taken');
  await shot(page, 'take-desktop');

  // section 2 starts by itself when the first one's 25 seconds are used
  // within 5 s of the first section's 25 (the first heartbeat comes after 30)
  const sectionDue = Math.max(1000, startedAt + 30000 - Date.now());
  const switched = await page.waitForFunction(() => /Second part/.test(document.querySelector('#clock-section')?.textContent || ''),
    null, { timeout: sectionDue }).then(() => true, () => false);
  ok(switched, 'the second section starts when the first one\'s time is up');
  let q = await question(page, 1);
  ok(await q.locator('input').first().isDisabled(), 'a question of the ended section can no longer be answered');

  // invigil becomes unreachable: three answers wait on the device
  await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
  q = await question(page, 3);
  await q.getByRole('textbox').fill('7');
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.getByRole('button', { name: '← Previous' }).click();
  await q.getByRole('textbox').fill('6'); // the same question again: the later answer must win
  q = await question(page, 4);
  await q.getByRole('textbox').fill('Paris');
  q = await question(page, 5);
  await q.getByRole('textbox').fill('The Thames flows east through London.');
  await page.locator('.palette button.pal').nth(5).click(); // leaving the essay sends it
  await page.waitForFunction(() => document.querySelector('#save-state')?.dataset.waiting === '4', null, { timeout: 10000 });
  ok(/4 answers waiting/.test(await savedState(page).innerText()), 'offline, the page says four answers are waiting', await savedState(page).innerText());
  await shot(page, 'take-offline-desktop');
  // ending waits for them: offline, the exam is not ended
  await page.getByRole('button', { name: 'End exam' }).click();
  await page.getByRole('button', { name: 'End and submit' }).click();
  await page.locator('#save-state').getByText(/could not all be sent yet/).waitFor({ timeout: 25000 });
  const still = sql(`SELECT state FROM attempts WHERE id = ${id}`)[0][0];
  ok(still === 'running', 'ending while answers wait offline leaves the exam running, and says why', still);

  await page.reload();
  await page.locator('article.question').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#save-state')?.dataset.waiting === '4', null, { timeout: 10000 });
  ok(true, 'after a reload while offline, the exam is shown again with its answers waiting');
  q = await question(page, 3);
  ok(await q.getByRole('textbox').inputValue() === '6', 'the reloaded page shows the answer that waits');

  await context.unroute('**/api/**');
  await waitSaved(page, 40000);
  ok(true, 'when the network returns, the waiting answers are sent');
  const events = sql(`SELECT e.answer_id FROM answer_events e WHERE e.attempt_id = ${id} ORDER BY e.id`).map((r) => Number(r[0]));
  const aqs = (await apiAs('learner40', 'GET', `/api/v2.2/attempts/${id}/questions/`)).data.results;
  const expect = [aqs[2].id, aqs[2].id, aqs[3].id, aqs[4].id];
  ok(JSON.stringify(events.slice(-4)) === JSON.stringify(expect), 'they reached the server in the order they were given', { events, expect });
  ok(aqs[2].short_text === '6' && aqs[3].short_text === 'Paris' && /Thames/.test(aqs[4].essay_text || ''), 'the server holds every answer', aqs.map((a) => a.short_text ?? a.essay_text));

  // the question whose HTML carries script: shown, never run
  q = await question(page, 6);
  await q.getByText('Atlantic').hover();
  await q.locator('a').first().click().catch(() => {});
  ok(await page.evaluate(() => window.__pwned) === undefined, 'script in a question\'s HTML never runs');
  ok(await q.locator('img[onerror], script').count() === 0, 'the question\'s HTML is shown without its script');

  // the end: a confirmation that names what is unanswered, then the result
  await page.getByRole('button', { name: 'End exam' }).click();
  const dialog = page.getByRole('dialog');
  ok(/Unanswered: 6\./.test(await dialog.innerText()), 'ending asks first, naming the unanswered question', await dialog.innerText());
  await axeScan(page, 'the end confirmation');
  await page.getByRole('button', { name: 'End and submit' }).click();
  await page.getByRole('heading', { level: 1, name: /Result: Sectional exam/ }).waitFor();
  ok(await page.locator('#provisional').isVisible(), 'the result is provisional while the essay waits for a grader');
  // the charts and the review come after the score (under ASan, seconds after)
  await page.locator('ol.review > li').nth(5).waitFor({ timeout: 20000 }).catch(() => {});
  await page.locator('svg.chart').nth(1).waitFor({ timeout: 5000 }).catch(() => {});
  ok(await page.locator('svg.chart').count() >= 2, 'the result draws the subject and difficulty charts');
  ok(await page.locator('ol.review > li').count() === 6, 'the review lists every question');
  ok(/Two and three make/.test(await page.locator('ol.review').textContent()), 'the review shows the explanation');
  await axeScan(page, 'the result');
  await shot(page, 'result-desktop');
  const attempt = (await apiAs('learner40', 'GET', `/api/v2.2/attempts/${id}/`)).data;
  ok(attempt.state === 'Completed' && attempt.result === 'provisional', 'the server has the attempt ended, provisional', attempt.state);
  ok(scriptErrors(page).length === 0, 'no script error on the learner\'s pages', scriptErrors(page));
  await context.close();
  return { id, score: Number(attempt.score) };
}

// 2 -----------------------------------------------------------------------
async function countdown(browser) {
  const { context, page, id, startedAt } = await startExam(browser, DESKTOP, 'learner41', 'web-wall');
  await page.waitForTimeout(1500);
  const toS = (t) => t.split(':').reduce((a, x) => a * 60 + Number(x), 0);
  const shown = toS(await page.locator('#time-left').innerText());
  const server = (await apiAs('learner41', 'GET', `/api/v2.2/attempts/${id}/`)).data.remaining_time;
  const shownAfter = toS(await page.locator('#time-left').innerText());
  const diff = Math.min(Math.abs(shown - toS(server)), Math.abs(shownAfter - toS(server)));
  ok(diff <= 1, `the countdown matches the server's time left within a second (shown ${shown}/${shownAfter} s, server ${server})`);
  await page.getByRole('radio', { name: '5', exact: true }).check();
  await waitSaved(page);
  // within 7 s of the 20 (the first heartbeat comes after 30)
  const ended = await page.getByRole('heading', { level: 1, name: /Result: Twenty seconds/ })
    .waitFor({ timeout: Math.max(1000, startedAt + 27000 - Date.now()) }).then(() => true, () => false);
  ok(ended, 'at zero the exam ends itself and shows the result');
  const a = (await apiAs('learner41', 'GET', `/api/v2.2/attempts/${id}/`)).data;
  ok(a.state === 'Completed' && a.correct_count === 1, 'the server has it ended, with the answer given', [a.state, a.correct_count]);
  await context.close();
}

// 3 -----------------------------------------------------------------------
async function staffGrade(browser, learnerAttempt) {
  const { context, page } = await newPage(browser, DESKTOP);
  await login(page, 'instructor');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('link', { name: 'Web app checks' }).click();
  await page.getByRole('row', { name: /Sectional exam/ }).getByRole('link', { name: 'Attempts' }).click();
  await page.locator('#attempts table').waitFor();
  ok(await page.locator('#attempts').getByRole('link', { name: `#${learnerAttempt.id}` }).isVisible(), 'the attempts list shows the learner\'s attempt');
  await page.locator('#to-grade li').first().waitFor();
  ok(await page.locator('#to-grade').getByRole('link', { name: `#${learnerAttempt.id}` }).isVisible(), 'the essays to grade list the learner\'s attempt');
  const pager = page.locator('#attempts .pager span');
  await page.getByLabel('State').selectOption('0');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForFunction(() => document.querySelector('#attempts .pager span')?.textContent === '0 attempts, page 1');
  ok(true, 'the state filter narrows the list');
  await page.getByLabel('State').selectOption('1');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForFunction(() => document.querySelector('#attempts .pager span')?.textContent === '1 attempt, page 1');
  ok(await pager.innerText() === '1 attempt, page 1', 'completed attempts: the learner\'s one');
  await axeScan(page, 'the staff attempts list');
  await shot(page, 'staff-attempts-desktop');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  ok(csv.startsWith('id,exam_id,user_id') && csv.includes(`\r\n${learnerAttempt.id},`) && csv.split('\r\n').length === 3,
    'the CSV holds the filtered attempts: a header and one row', csv.slice(0, 300));

  const attemptsUrl = page.url();
  await page.locator('#to-grade').getByRole('link', { name: `#${learnerAttempt.id}` }).click();
  const essay = page.locator('li.answer.pending');
  await essay.waitFor();
  const attemptUrl = page.url();
  ok(/Thames/.test(await essay.innerText()), 'the essay waiting for a grader is shown with its text');
  await essay.getByLabel(/Score/).fill('3');
  await essay.getByLabel('Comment for the learner').fill('A clear description.');
  await essay.getByRole('button', { name: 'Save the grade' }).click();
  await page.locator('li.answer[data-question]').filter({ hasText: 'Thames' }).filter({ hasNotText: 'Pending' }).first().waitFor({ timeout: 10000 });
  await axeScan(page, 'the staff attempt page');
  await shot(page, 'staff-attempt-desktop');
  let after = (await apiAs('learner40', 'GET', `/api/v2.2/attempts/${learnerAttempt.id}/`)).data;
  ok(after.result === null && Number(after.score) === learnerAttempt.score + 3, 'the learner\'s result changes: graded, three marks more', [after.result, after.score, learnerAttempt.score]);
  await page.getByLabel(/Fudge points/).fill('0.5');
  await page.getByRole('button', { name: 'Save the adjustment' }).click();
  const fudged = await eventually(async () => {
    after = (await apiAs('learner40', 'GET', `/api/v2.2/attempts/${learnerAttempt.id}/`)).data;
    return Number(after.score) === learnerAttempt.score + 3.5;
  });
  ok(fudged, 'fudge points adjust the learner\'s score', after.score);

  const { context: lc, page: lp } = await newPage(browser, DESKTOP);
  await login(lp, 'learner40');
  await lp.goto(`/#/result/${learnerAttempt.id}`);
  await lp.locator('#score').waitFor();
  ok(!(await lp.locator('#provisional').count()) && (await lp.locator('#score').innerText()).startsWith(after.score), 'the learner\'s result page shows the new score');
  await lc.close();

  // extra time for a learner
  await page.goto(`/#/staff/course/${await courseId('web')}/quiz/${await examId('web-wall')}/extensions`);
  await page.getByLabel('Learner\'s user id').fill(String(await userId('learner42')));
  await page.getByLabel('Extra minutes on every attempt').fill('15');
  await page.getByLabel('Extra attempts').fill('1');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(/Saved: user \d+ has 15 extra minutes and 1 extra attempts/).waitFor();
  ok(true, 'staff give a learner extra time and an extra attempt');
  await axeScan(page, 'the extensions page');

  // the item analysis of the demo course's aptitude test (its cohort is in)
  await page.goto(`/#/staff/course/${await courseId('demo-course')}/quiz/${await examId('demo-aptitude-test')}/analysis`);
  await page.getByRole('heading', { name: 'Scores' }).waitFor();
  ok(await page.locator('figure svg.chart').count() === 2, 'the item analysis draws the score histogram and the difficulty plot');
  ok(await page.locator('table tbody tr').count() === 20, 'the item analysis lists every question');
  await axeScan(page, 'the item analysis');
  await shot(page, 'staff-analysis-desktop');
  // the staff pages on a phone: each shot, none wider than the screen
  const analysisUrl = page.url();
  await page.setViewportSize(PHONE);
  for (const [name, url, loaded] of [['staff-analysis', analysisUrl, 'figure svg.chart'],
    ['staff-attempts', attemptsUrl, '#attempts table'], ['staff-attempt', attemptUrl, 'li.answer']]) {
    await page.goto(url);
    await page.locator(loaded).first().waitFor();
    await shot(page, `${name}-phone`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(wide <= PHONE.width, `the ${name.replace('-', ' ')} page fits a 360 px phone`, wide);
  }
  ok(scriptErrors(page).length === 0, 'no script error on the staff pages', scriptErrors(page));
  await context.close();
}

const one = (q) => sql(q)[0]?.[0];
const courseId = async (slug) => one(`SELECT id FROM courses WHERE slug = '${slug}'`);
const examId = async (slug) => one(`SELECT id FROM exams WHERE slug = '${slug}'`);
const userId = async (name) => one(`SELECT id FROM users WHERE username = '${name}'`);

// 4 -----------------------------------------------------------------------
async function tabTo(page, test, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test)) return true;
  }
  return false;
}

async function keyboardOnly(browser) {
  const { context, page } = await newPage(browser, DESKTOP);
  await page.goto('/#/login');
  await page.locator('#username').waitFor();
  await page.keyboard.type('learner42');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'My exams' }).waitFor();
  ok(await tabTo(page, () => document.activeElement?.textContent === 'Keyboard quiz'), 'the keyboard reaches the exam\'s link');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Start the exam' }).waitFor();
  ok(await tabTo(page, () => document.activeElement?.textContent === 'Start the exam'), 'the keyboard reaches the start button');
  await page.keyboard.press('Enter');
  await page.locator('article.question').first().waitFor();
  const id = attemptIdOf(page);
  ok(await tabTo(page, () => document.activeElement?.type === 'radio'), 'the keyboard reaches the options');
  await page.keyboard.press('ArrowDown'); // radios: the arrow moves the choice to "5"
  await waitSaved(page);
  ok(await tabTo(page, () => /Flag for review/.test(document.activeElement?.textContent || '')), 'the keyboard reaches the flag');
  await page.keyboard.press('Space');
  let items;
  const saved = await eventually(async () => {
    items = (await apiAs('learner42', 'GET', `/api/v2.2/attempts/${id}/questions/`)).data.results;
    const five = items[0].question.answers.find((a) => /5/.test(a.text_html)).id;
    return items[0].selected_answers[0] === five && items[0].review === true;
  });
  ok(saved, 'the answer and the flag given with the keyboard are saved', items[0]);
  ok(await tabTo(page, () => document.activeElement?.textContent === 'Next →'), 'the keyboard reaches the next question');
  await page.keyboard.press('Enter');
  ok(await page.evaluate(() => document.activeElement?.textContent) === 'Question 2 of 3', 'focus moves to the next question\'s heading');
  const hash = await page.evaluate(() => location.hash);
  await page.locator('.skip').focus();
  await page.keyboard.press('Enter');
  ok(await page.evaluate(() => document.activeElement?.id) === 'main' && await page.evaluate(() => location.hash) === hash,
    'the skip link moves focus to the content and keeps the page');
  await context.close();
}

// an expired token mid-exam: the answers wait, the learner logs in again, and
// they are sent
async function expiredToken(browser) {
  const { context, page, id } = await startExam(browser, DESKTOP, 'learner44', 'web-keys');
  await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.getByRole('radio', { name: '5', exact: true }).check();
  await page.waitForFunction(() => document.querySelector('#save-state')?.dataset.waiting === '1');
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('invigil.session'));
    sessionStorage.setItem('invigil.session', JSON.stringify({ ...s, token: 'expired.token.value' }));
  });
  await context.unroute('**/api/**');
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor({ timeout: 40000 });
  ok(true, 'a refused token sends the learner to log in again');
  await page.getByLabel('Username').fill('learner44');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('article.question').first().waitFor();
  ok(attemptIdOf(page) === id, 'after the log-in the learner is back in the exam');
  await waitSaved(page, 40000);
  const items = (await apiAs('learner44', 'GET', `/api/v2.2/attempts/${id}/questions/`)).data.results;
  ok(items[0].selected_answers.length === 1, 'the answer given before the log-in reaches the server', items[0].selected_answers);
  await context.close();
}

// 6 -----------------------------------------------------------------------
async function phone(browser) {
  const { context, page } = await newPage(browser, PHONE);
  await page.goto('/#/login');
  await page.locator('#username').waitFor();
  await shot(page, 'login-phone');
  await login(page, 'learner43');
  await shot(page, 'exams-phone');
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  ok(await wide() <= PHONE.width, 'the exam list fits a 360 px phone', await wide());
  await page.goto('/#/exam/web-sections');
  await page.getByRole('button', { name: 'Start the exam' }).waitFor();
  await shot(page, 'exam-rules-phone');
  ok(await wide() <= PHONE.width, 'the exam\'s rules fit a 360 px phone', await wide());
  await page.getByRole('button', { name: 'Start the exam' }).click();
  await page.locator('article.question').first().waitFor();
  await shot(page, 'take-phone');
  ok(await wide() <= PHONE.width, 'the exam page fits a 360 px phone', await wide());
  await axeScan(page, 'the exam being taken, on a phone');
  await page.getByRole('button', { name: 'All questions on one page' }).click();
  ok(await page.locator('article.question').count() === 6, 'all questions can be shown on one page');
  await shot(page, 'take-all-phone');
  await page.getByRole('button', { name: 'End exam' }).click();
  await page.getByRole('button', { name: 'End and submit' }).click();
  await page.getByRole('heading', { level: 1, name: /Result/ }).waitFor();
  await shot(page, 'result-phone');
  ok(await wide() <= PHONE.width, 'the result fits a 360 px phone', await wide());
  await context.close();
}

// no network at all (not even to the web server): the service worker opens
// the app from the device, the snapshot shows the exam, the outbox waits
async function offlineReload(browser) {
  const { context, page, id } = await startExam(browser, DESKTOP, 'learner45', 'web-keys');
  const controlled = await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, { timeout: 15000 })
    .then(() => true, () => false);
  ok(controlled, 'a service worker keeps the app on the device');
  await context.setOffline(true);
  await page.getByRole('radio', { name: '5', exact: true }).check();
  await page.waitForFunction(() => document.querySelector('#save-state')?.dataset.waiting === '1');
  await page.reload();
  await page.locator('article.question').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#save-state')?.dataset.waiting === '1', null, { timeout: 10000 });
  ok(await page.getByRole('radio', { name: '5', exact: true }).isChecked(),
    'with no network at all, a reload opens the exam again, its answer waiting');
  await shot(page, 'take-offline-reload');
  await context.setOffline(false);
  await waitSaved(page, 40000);
  const items = (await apiAs('learner45', 'GET', `/api/v2.2/attempts/${id}/questions/`)).data.results;
  ok(items[0].selected_answers.length === 1, 'when the network returns, the answer reaches the server', items[0].selected_answers);
  await context.close();
}

// 200 % zoom of a 1280 × 900 window: the page lays out in 640 × 450 CSS pixels
async function zoom(browser) {
  const { context, page } = await startExam(browser, { width: 640, height: 450 }, 'learner43', 'web-keys');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(wide <= 640, 'at 200 % zoom the exam page needs no sideways scrolling', wide);
  await shot(page, 'take-zoom200');
  await context.close();
}

// the headers the web root is served with, by nginx and by Apache
async function headers() {
  ok(Boolean(process.env.INVIGIL_TEST_APACHE_URL), 'the stack has Apache (web.api says stack: apache)');
  const servers = [['nginx', BASE], ['Apache', process.env.INVIGIL_TEST_APACHE_URL]].filter(([, u]) => u);
  for (const [name, base] of servers) {
    const page = await fetch(`${base}/`);
    const mod = await fetch(`${base}/app/main.js`);
    const lib = await fetch(`${base}/vendor/dompurify-3.5.0/purify.es.js`);
    const csp = page.headers.get('content-security-policy') || '';
    ok(page.status === 200 && /default-src 'self'/.test(csp) && /script-src 'self'/.test(csp) && !/unsafe/.test(csp),
      `${name} serves the app with the Content-Security-Policy`, [page.status, csp]);
    ok(/no-cache/.test(page.headers.get('cache-control') || '') && /no-cache/.test(mod.headers.get('cache-control') || ''),
      `${name} has pages and modules revalidated`, [page.headers.get('cache-control'), mod.headers.get('cache-control')]);
    ok(/javascript/.test(mod.headers.get('content-type') || ''), `${name} serves modules as JavaScript`, mod.headers.get('content-type'));
    ok(/immutable/.test(lib.headers.get('cache-control') || '') && lib.status === 200,
      `${name} caches the versioned library for good`, lib.headers.get('cache-control'));
    ok(page.headers.get('x-content-type-options') === 'nosniff', `${name} sends nosniff`);
  }
}

async function main() {
  diag(`stack ${BASE}; screenshots in ${SHOTS}`);
  invigil('import', `${process.env.INVIGIL_SRCDIR}/tests/browser/fixtures/web-course.json`);
  invigil('demo-cohort', 'demo-course');
  const browser = await launch();
  try {
    const learner = await sectionalExam(browser);
    await countdown(browser);
    await staffGrade(browser, learner);
    await keyboardOnly(browser);
    await expiredToken(browser);
    await offlineReload(browser);
    await phone(browser);
    await zoom(browser);
    await headers();
  } catch (e) {
    ok(false, 'the browser run finished', e.stack || String(e));
  } finally {
    await browser.close();
  }
  process.exitCode = done();
}

main();
