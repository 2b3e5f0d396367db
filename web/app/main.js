// main.js — the app's entry: log-in, the navigation, and the router that maps
// the location's #fragment to a view. Every view is one more client of
// invigil's own faces: the learner's side speaks the Testpress learner API
// (v2.2), the staff side the Testpress admin API (v2.5/v3) and Canvas's.
import { api, session, getAllCanvas, ApiError } from './api.js';
import { h, show, errorBox, put, swap } from './dom.js';
import { flush } from './queue.js';
import { viewHome, viewExam } from './learner.js';
import { viewTake } from './take.js';
import { viewResult } from './result.js';
import { viewStaffHome, viewCourse, viewAttempts, viewStaffAttempt, viewExtensions } from './staff.js';
import { viewAnalysis } from './analysis.js';

const routes = [
  [/^#\/login$/, viewLogin],
  [/^#?\/?$/, viewHome],
  [/^#\/exam\/([\w-]+)$/, viewExam],
  [/^#\/attempt\/(\d+)$/, viewTake],
  [/^#\/result\/(\d+)$/, viewResult],
  [/^#\/staff$/, viewStaffHome],
  [/^#\/staff\/course\/(\d+)$/, viewCourse],
  [/^#\/staff\/course\/(\d+)\/quiz\/(\d+)$/, viewAttempts],
  [/^#\/staff\/course\/(\d+)\/quiz\/(\d+)\/analysis$/, viewAnalysis],
  [/^#\/staff\/course\/(\d+)\/quiz\/(\d+)\/extensions$/, viewExtensions],
  [/^#\/staff\/course\/(\d+)\/quiz\/(\d+)\/attempt\/(\d+)$/, viewStaffAttempt],
];

let leaveView = null; // the current view's clean-up (timers), if any
let routed = 0; // which routing is the current one

function leave(fn) {
  try { fn(); } catch { /* a view's clean-up never blocks the next */ }
}

async function route() {
  const mine = ++routed;
  if (leaveView) { leave(leaveView); leaveView = null; }
  const hash = location.hash || '#/';
  if (!session.get()?.token && hash !== '#/login') {
    sessionStorage.setItem('invigil.after-login', hash);
    location.replace('#/login');
    return;
  }
  renderNav();
  for (const [re, view] of routes) {
    const m = hash.match(re);
    if (!m) continue;
    try {
      const cleanUp = await view(...m.slice(1));
      // a view that finished loading after the reader moved on stops at once
      if (typeof cleanUp === 'function') { if (mine === routed) leaveView = cleanUp; else leave(cleanUp); }
    } catch (e) {
      show('Something went wrong', errorBox(e), h('p', {}, h('a', { href: '#/' }, 'Back to your exams')));
    }
    return;
  }
  show('Not found', h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Back to your exams')));
}

function renderNav() {
  const nav = document.getElementById('nav');
  const s = session.get();
  nav.replaceChildren();
  if (!s?.token) return;
  const ul = h('ul', {},
    h('li', {}, h('a', { href: '#/' }, 'My exams')),
    s.staff ? h('li', {}, h('a', { href: '#/staff' }, 'Staff')) : null,
    h('li', {}, h('span', { class: 'who' }, s.username)),
    h('li', {}, h('button', { type: 'button', class: 'link', onclick: logout }, 'Log out')));
  put(nav, ul);
}

function logout() {
  session.clear();
  location.hash = '#/login';
}

// staff = a teacher or designer enrollment somewhere (Canvas's courses list),
// or an admin (the admin attempts list answers 200 to nobody else)
async function probeStaff() {
  try {
    const courses = await getAllCanvas('/api/v1/courses?per_page=100');
    if (courses.some((c) => (c.enrollments || []).some((e) => e.type === 'teacher' || e.type === 'designer'))) return true;
  } catch { /* fall through to the admin probe */ }
  try {
    await api('GET', '/api/v2.5/admin/attempts/?per_page=1');
    return true;
  } catch { return false; }
}

function viewLogin() {
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('p', {}, h('label', { for: 'username' }, 'Username'), user),
    h('p', {}, h('label', { for: 'password' }, 'Password'), pass),
    msg,
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, 'Log in')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    swap(msg, );
    if (!user.value || !pass.value) { put(msg, errorBox(new Error('Enter your username and password.'))); return; }
    try {
      const { data } = await api('POST', '/api/v2.2/auth-token/', { username: user.value.trim(), password: pass.value });
      session.set({ token: data.token, username: user.value.trim() });
      const staff = await probeStaff();
      session.set({ token: data.token, username: user.value.trim(), staff });
      flush();
      const next = sessionStorage.getItem('invigil.after-login') || '#/';
      sessionStorage.removeItem('invigil.after-login');
      location.hash = next === '#/login' ? '#/' : next;
    } catch (e) {
      put(msg, errorBox(e instanceof ApiError && e.status === 400 ? new Error('Wrong username or password.') : e));
    }
  });
  show('Log in', form);
  user.focus();
}

window.addEventListener('invigil:unauthorized', () => {
  // an expired token: log in again, then come back here; the outbox waits,
  // still the user's (the session keeps their name without the token)
  const s = session.get();
  session.set({ username: s?.username, staff: s?.staff, token: null });
  sessionStorage.setItem('invigil.after-login', location.hash);
  location.hash = '#/login';
});
// the skip link moves focus without touching the #fragment the router reads
document.querySelector('.skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  document.getElementById('main').focus();
});
window.addEventListener('hashchange', route);
route();
flush();
// the app's files kept on the device, so a reload without the network still
// opens it (sw.js); nothing depends on it where service workers are missing
navigator.serviceWorker?.register('sw.js').catch(() => {});
