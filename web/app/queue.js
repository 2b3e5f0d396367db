// queue.js — the durable answer queue. Every answer a learner gives is written
// to IndexedDB first (the outbox), then sent; it leaves the outbox only when
// invigil has acknowledged it (a 2xx means committed) or refused it for good
// (a 4xx other than 401/408/429). Offline, after a reload or with the tab
// closed and opened again, the outbox keeps the answers, and they are sent in
// the order they were given. A snapshot of the attempt and its questions is
// kept beside it, so the exam can be shown again while invigil is unreachable.
import { api, ApiError, NetworkError, session } from './api.js';

const DB_NAME = 'invigil';
const OUTBOX = 'outbox';
const SNAPSHOTS = 'snapshots';
let dbPromise = null;

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const rq = indexedDB.open(DB_NAME, 1);
      rq.onupgradeneeded = () => {
        const db = rq.result;
        db.createObjectStore(OUTBOX, { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore(SNAPSHOTS, { keyPath: 'key' });
      };
      rq.onsuccess = () => resolve(rq.result);
      rq.onerror = () => reject(rq.error);
    });
  }
  return dbPromise;
}

// runs fn(store) in one transaction; resolves with fn's request's result once
// the transaction has committed (so "queued" means on disk)
async function tx(storeName, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(storeName, mode, { durability: 'strict' });
    const rq = fn(t.objectStore(storeName));
    let result;
    if (rq) rq.onsuccess = () => { result = rq.result; };
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

// whose answers these are: the session's user, kept when a 401 drops the
// token, so answers given before an expired token are still theirs
const owner = () => session.get()?.username || '';

// the answers of this user still waiting, oldest first
export async function pending(attemptId) {
  const all = await tx(OUTBOX, 'readonly', (s) => s.getAll());
  return all.filter((e) => e.user === owner() && (attemptId === undefined || e.attempt === attemptId));
}

export async function snapshotSave(attemptId, data) {
  await tx(SNAPSHOTS, 'readwrite', (s) => s.put({ key: `${owner()}/${attemptId}`, data, at: Date.now() }));
}

export async function snapshotLoad(attemptId) {
  const row = await tx(SNAPSHOTS, 'readonly', (s) => s.get(`${owner()}/${attemptId}`));
  return row?.data ?? null;
}

export async function snapshotDrop(attemptId) {
  await tx(SNAPSHOTS, 'readwrite', (s) => s.delete(`${owner()}/${attemptId}`));
}

// --- the sender -----------------------------------------------------------

const listeners = new Set();
const failures = []; // answers invigil refused for good: {entry, message}
let running = false;
let retryTimer = null;
let backoff = 1000;
let lastError = null;

// fn({waiting, sending, failures, offline, error}) after every change
export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

async function notify(extra = {}) {
  const waiting = await pending().catch(() => []);
  const state = { waiting, failures: [...failures], offline: lastError instanceof NetworkError, error: lastError, ...extra };
  for (const fn of listeners) fn(state);
}

const sendOne = (entry) => api('PUT', `/api/v2.2/attempts/${entry.attempt}/questions/${entry.aq}/`, entry.body);

// Queues one answer body of user's for PUT /attempts/{attempt}/questions/{aq}/
// and starts sending. Resolves once the answer is on disk. Without IndexedDB
// (a private window, a full disk) the answer is sent at once instead, and the
// learner is told if that fails.
export async function enqueue(user, attempt, aq, body) {
  try {
    await tx(OUTBOX, 'readwrite', (s) => s.add({ user, attempt, aq, body, at: Date.now() }));
  } catch (storeError) {
    const entry = { user, attempt, aq, body, seq: -Date.now() };
    try {
      await sendOne(entry);
    } catch (e) {
      failures.push({ entry, message: `${e.message} (this browser could not keep it: ${storeError?.message || 'no storage'})` });
    }
    notify();
    return;
  }
  notify();
  flush();
}

// Sends the outbox one answer at a time, each attempt's answers in the order
// they were given, until it is empty or every attempt left is waiting for the
// network (then it tries again later, and at once when the browser is back
// online). Another tab of the same browser sends the same outbox: a lock
// keeps the two from sending it at once. Resolves when this round ends.
export async function flush() {
  if (running) return;
  running = true;
  clearTimeout(retryTimer);
  try {
    if (navigator.locks) await navigator.locks.request('invigil-outbox', sendAll);
    else await sendAll();
  } finally {
    running = false;
    notify();
  }
}

async function sendAll() {
  const blocked = new Set(); // attempts whose next answer must wait: order holds within an attempt
  for (;;) {
    const entry = (await pending()).find((e) => !blocked.has(e.attempt));
    if (!entry) break;
    await notify({ sending: entry });
    try {
      await sendOne(entry);
      await tx(OUTBOX, 'readwrite', (s) => s.delete(entry.seq));
      lastError = null;
      // a later answer to the same question replaces one that was refused
      for (let i = failures.length - 1; i >= 0; i--) {
        if (failures[i].entry.attempt === entry.attempt && failures[i].entry.aq === entry.aq) failures.splice(i, 1);
      }
    } catch (e) {
      lastError = e;
      if (e instanceof NetworkError || (e instanceof ApiError && (e.retryable || e.status === 401))) {
        blocked.add(entry.attempt);
        continue;
      }
      // refused for good (ended, section over, not an option…): it will
      // never be stored, so it leaves the queue and the learner is told
      failures.push({ entry, message: e.message });
      await tx(OUTBOX, 'readwrite', (s) => s.delete(entry.seq));
    }
  }
  if (blocked.size) {
    retryTimer = setTimeout(flush, backoff);
    backoff = Math.min(backoff * 2, 15000);
  } else {
    backoff = 1000;
  }
}

// resolves true once nothing of this attempt waits, false after timeoutMs
export async function drained(attemptId, timeoutMs) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if ((await pending(attemptId)).length === 0) return true;
    if (performance.now() > until) return false;
    flush();
    await new Promise((r) => setTimeout(r, 250));
  }
}

window.addEventListener('online', () => { backoff = 1000; flush(); });
