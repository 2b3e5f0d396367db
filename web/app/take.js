// take.js — taking an exam: one question at a time or all on one page, the
// question palette, flags, sections in order with their own timers, autosave
// through the durable queue, heartbeats, and the end.
//
// The countdown is the server's: each attempt response carries remaining_time
// as of the moment invigil answered, so the deadline is that response's
// arrival (the midpoint of the round trip, on the monotonic clock) plus the
// time left. The display is the deadline minus now, recomputed at each frame;
// nothing counts ticks, so a sleeping tab or a slow timer cannot drift it.
import { api, getAllPages, parseDuration, formatClock, NetworkError, session } from './api.js';
import { h, show, showQuietly, loading, errorBox, announce, put, swap } from './dom.js';
import * as queue from './queue.js';
import { renderQuestion, answeredOf, flushTyping } from './question.js';

const T = '/api/v2.2';
const HEARTBEAT_MS = 30000;

export async function viewTake(idText) {
  const id = Number(idText);
  const main = show('Exam', loading());
  const st = { id, attempt: null, items: [], index: 0, visited: new Set(), deadline: null, sectionDeadline: null,
    layout: localStorage.getItem('invigil.layout') || 'one', ending: false, offline: false, timers: [],
    user: session.get()?.username || '' };
  try {
    await loadOnline(st);
  } catch (e) {
    if (!(e instanceof NetworkError) || !(await loadSnapshot(st))) {
      main.lastChild.replaceWith(errorBox(e));
      return undefined;
    }
  }
  if (!st.attempt) return undefined; // completed: loadOnline went to the result
  await overlayPending(st);
  if (!main.isConnected) return undefined; // the reader went elsewhere meanwhile
  main.lastChild.remove();
  render(st);
  const unsub = queue.onChange((q) => updateSaveState(st, q));
  queue.flush();
  st.timers.push(setInterval(() => tick(st), 250));
  st.timers.push(setInterval(() => heartbeat(st), HEARTBEAT_MS));
  // a text being typed when the tab is hidden or closed goes to the outbox now
  const hide = () => { if (document.visibilityState === 'hidden') flushTyping(); };
  document.addEventListener('visibilitychange', hide);
  window.addEventListener('pagehide', flushTyping);
  return () => {
    flushTyping();
    st.timers.forEach(clearInterval);
    unsub();
    document.removeEventListener('visibilitychange', hide);
    window.removeEventListener('pagehide', flushTyping);
    st.left = true;
  };
}

async function loadOnline(st) {
  let r = await api('GET', `${T}/attempts/${st.id}/`);
  if (r.data.state === 'Completed') {
    await queue.snapshotDrop(st.id);
    location.replace(`#/result/${st.id}`);
    return;
  }
  // resume: a pausable clock does not count the time the learner was away
  r = await api('PUT', `${T}/attempts/${st.id}/start/`, {});
  setAttempt(st, r);
  // the outbox as it was before the questions were read: an answer sent
  // meanwhile is in neither the server's copy nor the outbox read after
  st.waitingBefore = await queue.pending(st.id).catch(() => []);
  st.items = await getAllPages(`${T}/attempts/${st.id}/questions/`);
  const snap = await queue.snapshotLoad(st.id).catch(() => null);
  if (snap?.visited) st.visited = new Set(snap.visited);
  if (snap?.index !== undefined) st.index = Math.min(snap.index, st.items.length - 1);
  await saveSnapshot(st);
}

// invigil is unreachable: show the exam as it was last seen, with the answers
// given since (they wait in the outbox)
async function loadSnapshot(st) {
  const snap = await queue.snapshotLoad(st.id).catch(() => null);
  if (!snap) return false;
  st.attempt = snap.attempt;
  st.items = snap.items;
  st.visited = new Set(snap.visited || []);
  st.index = snap.index || 0;
  const now = performance.now(), wall = Date.now();
  st.deadline = snap.deadlineEpoch ? now + (snap.deadlineEpoch - wall) : null;
  st.sectionDeadline = snap.sectionDeadlineEpoch ? now + (snap.sectionDeadlineEpoch - wall) : null;
  st.offline = true;
  return true;
}

function saveSnapshot(st) {
  const toEpoch = (mono) => (mono === null ? null : Date.now() + (mono - performance.now()));
  return queue.snapshotSave(st.id, { attempt: st.attempt, items: st.items, visited: [...st.visited], index: st.index,
    deadlineEpoch: toEpoch(st.deadline), sectionDeadlineEpoch: toEpoch(st.sectionDeadline) }).catch(() => {});
}

// the answers still in the outbox are the newest: lay them over what the
// server returned, in the order they were given
async function overlayPending(st) {
  const seen = new Map();
  for (const e of [...(st.waitingBefore || []), ...await queue.pending(st.id)]) seen.set(e.seq, e);
  for (const e of [...seen.values()].sort((a, b) => a.seq - b.seq)) {
    const item = st.items.find((i) => i.id === e.aq);
    if (item) applyBody(item, e.body);
  }
  st.waitingBefore = null;
}

function applyBody(item, body) {
  if ('selected_answers' in body) item.selected_answers = body.selected_answers || [];
  if ('short_text' in body) item.short_text = body.short_text;
  if ('essay_text' in body) item.essay_text = body.essay_text;
  if ('review' in body) item.review = body.review ? true : null;
}

function setAttempt(st, r) {
  st.attempt = r.data;
  const mid = (r.sentAt + r.receivedAt) / 2;
  const left = parseDuration(r.data.remaining_time);
  st.deadline = left === null ? null : mid + left;
  const sec = (r.data.sections || []).find((s) => s.state === 'Running');
  const secLeft = sec ? parseDuration(sec.remaining_time) : null;
  st.sectionDeadline = secLeft === null ? null : mid + secLeft;
  st.sectionRefreshed = false;
}

// --- the page -------------------------------------------------------------

// the item's section as the attempt now runs it (the item carries the
// section as it was when the item was read: an object, as the SDK reads it)
function sectionOf(st, item) {
  const sid = typeof item.attempt_section === 'object' ? item.attempt_section?.id : item.attempt_section;
  return (st.attempt.sections || []).find((s) => s.id === sid) || null;
}

function writable(st, item) {
  const sec = sectionOf(st, item);
  return !sec || sec.state === 'Running';
}

// draws the exam; the first time focus goes to its title, later (the
// layout, a new section) to focusId, or stays on the title unannounced
function render(st, focusId) {
  if (st.left) return;
  flushTyping(); // the fields are about to be replaced
  const title = st.attempt.exam?.title || 'Exam';
  const first = !st.drawn;
  st.drawn = true;
  const main = first ? show(title) : showQuietly(title);
  put(main, 
    h('div', { class: 'exam-bar' },
      h('div', { class: 'clocks' },
        h('p', { class: 'clock', id: 'clock-exam' }, h('span', { class: 'label' }, 'Time left '),
          h('span', { class: 'value', role: 'timer', 'aria-live': 'off', id: 'time-left' }, st.deadline === null ? 'no limit' : '…')),
        currentSection(st) ? h('p', { class: 'clock', id: 'clock-section' },
          h('span', { class: 'label' }, `${currentSection(st).name}: `),
          h('span', { class: 'value', role: 'timer', 'aria-live': 'off', id: 'section-left' }, '…')) : null),
      h('p', { class: 'save-state', id: 'save-state' }, st.offline ? 'Offline: showing the exam as last loaded.' : 'All answers saved.'),
      h('div', { class: 'bar-actions' },
        h('button', { type: 'button', id: 'layout', 'aria-pressed': st.layout === 'all' ? 'true' : 'false',
          onclick: () => { st.layout = st.layout === 'all' ? 'one' : 'all'; localStorage.setItem('invigil.layout', st.layout); render(st, 'layout'); } },
        'All questions on one page'),
        h('button', { type: 'button', class: 'danger', id: 'end-exam', onclick: () => confirmEnd(st) }, 'End exam'))),
    h('div', { class: 'exam-layout' },
      h('nav', { class: 'palette', 'aria-label': 'Questions' }, palette(st)),
      h('div', { class: 'questions', id: 'questions' }, questions(st))),
    endDialog(st));
  if (!first) (document.getElementById(focusId || '') || main.querySelector('h1')).focus({ preventScroll: !focusId });
  tick(st);
  queue.pending(st.id).then((w) => updateSaveState(st, { waiting: w, failures: [], offline: st.offline }));
}

function currentSection(st) {
  const secs = st.attempt.sections || [];
  return secs.find((s) => s.state === 'Running' && s.duration) || null;
}

function paletteState(st, item) {
  const states = [];
  if (answeredOf(item)) states.push('answered'); else if (st.visited.has(item.id)) states.push('not answered'); else states.push('not visited');
  if (item.review) states.push('flagged');
  return states;
}

function palette(st) {
  const groups = new Map();
  st.items.forEach((item, i) => {
    const sec = sectionOf(st, item);
    const key = sec ? sec.id : 0;
    if (!groups.has(key)) groups.set(key, { sec, list: [] });
    groups.get(key).list.push([item, i]);
  });
  const out = [];
  for (const { sec, list } of groups.values()) {
    if (sec) out.push(h('h2', { class: 'palette-head' }, `${sec.name} `, h('span', { class: `badge ${sec.state.replace(' ', '-').toLowerCase()}` }, sec.state)));
    out.push(h('ol', { class: 'palette-list' }, list.map(([item, i]) => {
      const states = paletteState(st, item);
      return h('li', {}, h('button', {
        type: 'button', class: `pal ${states.map((s) => s.replace(' ', '-')).join(' ')}`, 'data-aq': item.id,
        'aria-label': `Question ${i + 1}, ${states.join(', ')}`, 'aria-current': i === st.index ? 'true' : null,
        onclick: () => goTo(st, i),
      }, String(i + 1)));
    })));
  }
  out.push(h('p', { class: 'legend' }, h('span', { class: 'pal answered' }, ''), ' answered ',
    h('span', { class: 'pal flagged' }, ''), ' flagged ', h('span', { class: 'pal not-visited' }, ''), ' not visited'));
  return out;
}

// updates the palette's buttons in place: rebuilding them would swallow a
// click whose mousedown blurred a text answer (the blur sends it, and the
// click would land on a button no longer in the page)
function refreshPalette(st) {
  st.items.forEach((item, i) => {
    const b = document.querySelector(`.palette button[data-aq="${item.id}"]`);
    if (!b) return;
    const states = paletteState(st, item);
    b.className = `pal ${states.map((x) => x.replace(' ', '-')).join(' ')}`;
    b.setAttribute('aria-label', `Question ${i + 1}, ${states.join(', ')}`);
    if (i === st.index) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
  });
}

function goTo(st, i) {
  flushTyping(); // a text answer being typed is sent first
  st.index = i;
  st.visited.add(st.items[i].id);
  if (st.layout === 'one') {
    swap(document.getElementById('questions'), ...questions(st));
    document.querySelector('#questions h2')?.focus();
  } else {
    const el = document.getElementById(`q-${st.items[i].id}`);
    el?.scrollIntoView({ block: 'start' });
    el?.querySelector('h2')?.focus();
  }
  refreshPalette(st);
  saveSnapshot(st);
}

function questions(st) {
  const list = st.layout === 'all' ? st.items.map((item, i) => [item, i]) : [[st.items[st.index], st.index]];
  st.visited.add(st.items[st.index]?.id);
  const out = list.map(([item, i]) => renderQuestion(item, i, st.items.length, {
    writable: writable(st, item),
    sectionName: sectionOf(st, item)?.name,
    onAnswer: (body) => answer(st, item, body),
  }));
  if (st.layout === 'one') {
    out.push(h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: st.index === 0, onclick: () => goTo(st, st.index - 1) }, '← Previous'),
      h('span', { class: 'muted' }, `${st.index + 1} of ${st.items.length}`),
      h('button', { type: 'button', disabled: st.index >= st.items.length - 1, onclick: () => goTo(st, st.index + 1) }, 'Next →')));
  }
  return out;
}

// the outbox first: it is what survives a closed tab; the snapshot after
async function answer(st, item, body) {
  applyBody(item, body);
  const queued = queue.enqueue(st.user, st.id, item.id, body);
  refreshPalette(st);
  await queued;
  await saveSnapshot(st);
}

function updateSaveState(st, q) {
  const el = document.getElementById('save-state');
  if (!el) return;
  const mine = (q.waiting || []).filter((e) => e.attempt === st.id);
  const refused = (q.failures || []).filter((f) => f.entry.attempt === st.id);
  for (const b of document.querySelectorAll('.q-status')) {
    const aq = Number(b.dataset.aq);
    const waiting = mine.some((e) => e.aq === aq);
    const bad = refused.find((f) => f.entry.aq === aq);
    b.textContent = bad ? `Not saved: ${bad.message}` : waiting ? 'Waiting to be sent' : 'Saved';
    b.className = `q-status ${bad ? 'bad' : waiting ? 'waiting' : 'ok'}`;
  }
  let text;
  if (mine.length === 0) text = refused.length ? `${refused.length} answer(s) were refused: see the questions marked.` : 'All answers saved.';
  else if (q.offline) text = `Offline: ${mine.length} answer${mine.length > 1 ? 's' : ''} waiting, kept on this device and sent when the network returns.`;
  else text = `Saving: ${mine.length} answer${mine.length > 1 ? 's' : ''} waiting.`;
  el.textContent = text;
  el.dataset.waiting = String(mine.length);
  const kind = mine.length ? (q.offline ? 'offline' : 'saving') : refused.length ? 'bad' : 'ok';
  el.className = `save-state ${kind}`;
  // screen readers hear the changes that matter, not every save
  if (kind !== st.saveKind && (kind === 'offline' || kind === 'bad' || (kind === 'ok' && (st.saveKind === 'offline' || st.saveKind === 'bad')))) {
    announce(text);
  }
  st.saveKind = kind;
}

// --- time -----------------------------------------------------------------

function tick(st) {
  if (st.ending || st.left) return;
  const now = performance.now();
  const el = document.getElementById('time-left');
  if (el && st.deadline !== null) {
    const left = st.deadline - now;
    const text = formatClock(left);
    if (el.textContent !== text) {
      el.textContent = text;
      if (text === '0:05:00') announce('Five minutes left.');
      if (text === '0:01:00') announce('One minute left.');
    }
    if (left <= 0) { endNow(st, true); return; }
  }
  const sel = document.getElementById('section-left');
  if (sel && st.sectionDeadline !== null) {
    const left = st.sectionDeadline - now;
    sel.textContent = formatClock(left);
    // the section is over: ask the server which one runs now
    if (left <= 0 && !st.sectionRefreshed) { st.sectionRefreshed = true; heartbeat(st, true); }
  }
}

async function heartbeat(st, rerender = false) {
  if (st.ending || st.left) return;
  try {
    const r = await api('PUT', `${T}/attempts/${st.id}/heartbeat/`, {});
    const before = (st.attempt.sections || []).map((s) => s.state).join();
    setAttempt(st, r);
    st.offline = false;
    if (r.data.state === 'Completed') { finish(st); return; }
    const after = (st.attempt.sections || []).map((s) => s.state).join();
    if (rerender || before !== after) {
      if (before !== after) announce(`${currentSection(st)?.name ?? 'The next section'} has started.`);
      render(st);
    }
    saveSnapshot(st);
  } catch (e) {
    if (e instanceof NetworkError) st.offline = true;
    if (rerender) setTimeout(() => { st.sectionRefreshed = false; }, 2000);
  }
}

// --- the end --------------------------------------------------------------

function endDialog(st) {
  const body = h('div', { id: 'end-summary' });
  const dlg = h('dialog', { id: 'end-dialog', 'aria-labelledby': 'end-title' },
    h('h2', { id: 'end-title' }, 'End the exam?'),
    body,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', id: 'end-cancel', onclick: () => dlg.close() }, 'Keep working'),
      h('button', { type: 'button', class: 'danger', id: 'end-confirm', onclick: () => { dlg.close(); endNow(st, false); } }, 'End and submit')));
  return dlg;
}

async function confirmEnd(st) {
  await flushTyping();
  const dlg = document.getElementById('end-dialog');
  const body = document.getElementById('end-summary');
  const unanswered = st.items.map((it, i) => [it, i]).filter(([it]) => !answeredOf(it)).map(([, i]) => i + 1);
  const flagged = st.items.map((it, i) => [it, i]).filter(([it]) => it.review).map(([, i]) => i + 1);
  const waiting = (await queue.pending(st.id)).length;
  swap(body, 
    h('p', {}, `You answered ${st.items.length - unanswered.length} of ${st.items.length} questions.`),
    unanswered.length ? h('p', {}, `Unanswered: ${unanswered.join(', ')}.`) : null,
    flagged.length ? h('p', {}, `Flagged for review: ${flagged.join(', ')}.`) : null,
    waiting ? h('p', { class: 'warn' }, `${waiting} answer(s) are still being sent; they are sent before the exam ends.`) : null,
    h('p', {}, 'After the end you cannot change your answers.'));
  dlg.showModal();
  document.getElementById('end-cancel').focus();
}

// The learner's own end waits until the outbox has delivered this attempt's
// answers. At zero the server decides: after the outbox (a few seconds at
// most: later saves would be refused anyway) a heartbeat asks, and invigil
// ends an attempt whose time is over, while one given extra time goes on.
// Without the network nothing is ended here: the page keeps asking.
async function endNow(st, timeUp) {
  if (st.ending) return;
  st.ending = true;
  await flushTyping();
  const state = document.getElementById('save-state');
  const say = (text) => { if (state) state.textContent = text; };
  if (timeUp) announce('Time is up. Your exam is being submitted.');
  say(timeUp ? 'Time is up: submitting your exam…' : 'Submitting your exam…');
  const drained = await queue.drained(st.id, timeUp ? 5000 : 15000);
  if (!drained && !timeUp) {
    st.ending = false;
    say('Your answers could not all be sent yet, so the exam has not ended. Try again when the network is back.');
    announce('The exam has not ended: your answers could not all be sent yet.');
    return;
  }
  for (let wait = 1000; !st.left; wait = Math.min(wait * 2, 15000)) {
    try {
      if (timeUp) {
        const r = await api('PUT', `${T}/attempts/${st.id}/heartbeat/`, {});
        if (r.data.state === 'Completed') { finish(st); return; }
        const left = parseDuration(r.data.remaining_time);
        if (left === null || left > 0) { // more time was given
          setAttempt(st, r);
          st.ending = false;
          render(st);
          announce('You were given more time.');
          return;
        }
      }
      await api('PUT', `${T}/attempts/${st.id}/end/`, {});
      finish(st);
      return;
    } catch (e) {
      if (!(e instanceof NetworkError) && !e.retryable) {
        if (state) swap(state, errorBox(e));
        st.ending = false;
        return;
      }
      say('Waiting for the network to submit your exam…');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function finish(st) {
  st.ending = true;
  await queue.snapshotDrop(st.id).catch(() => {});
  location.hash = `#/result/${st.id}`;
}

