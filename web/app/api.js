// api.js — the app's one door to invigil: fetch with the session's token, JSON
// in and out, every face's error envelope turned into one message.
//
// The token lives in sessionStorage (this tab only, gone when it closes). No
// script but the app's own can run on this origin: the Content-Security-Policy
// allows only 'self' scripts, none inline, and question HTML is sanitized before
// it reaches the page (dom.js), so markup in a question cannot read it.

const SESSION_KEY = 'invigil.session';

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch { return null; }
  },
  set(s) { sessionStorage.setItem(SESSION_KEY, JSON.stringify(s)); },
  clear() { sessionStorage.removeItem(SESSION_KEY); },
};

// the request never reached invigil (offline, DNS, reset): worth retrying
export class NetworkError extends Error {
  constructor(cause) { super('The network is unavailable.'); this.cause = cause; }
}

// invigil answered with an error status; .status and .body as sent
export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(body) || `The server answered ${status}.`);
    this.status = status;
    this.body = body;
  }
  // a status that may pass if the same request is sent again later
  get retryable() { return this.status >= 500 || this.status === 429 || this.status === 408; }
}

// the message of any face's error body: DRF {"detail"} or {"field": [..]},
// Canvas {"errors": [{"message"}]}, assessments {"error": {"message"}}
export function messageOf(body) {
  if (!body || typeof body !== 'object') return '';
  if (typeof body.detail === 'string') return body.detail;
  if (Array.isArray(body.errors) && body.errors[0]?.message) return body.errors[0].message;
  if (body.error?.message) return body.error.message;
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v) && typeof v[0] === 'string') return k === 'non_field_errors' ? v[0] : `${k}: ${v[0]}`;
  }
  return '';
}

// Sends one request. Resolves {data, status, sentAt, receivedAt} (monotonic
// milliseconds, performance.now()) or rejects with NetworkError or ApiError.
export async function api(method, path, body) {
  const s = session.get();
  const headers = { Accept: 'application/json' };
  if (s?.token) headers.Authorization = `JWT ${s.token}`;
  const init = { method, headers, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const sentAt = performance.now();
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new NetworkError(e);
  }
  const receivedAt = performance.now();
  let data = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text.slice(0, 200) }; }
  }
  if (!res.ok) {
    if (res.status === 401 && s?.token) window.dispatchEvent(new CustomEvent('invigil:unauthorized'));
    throw new ApiError(res.status, data);
  }
  return { data, status: res.status, sentAt, receivedAt };
}

export const get = (path) => api('GET', path).then((r) => r.data);

// every item of a DRF page list, following "next" (absolute, same origin)
export async function getAllPages(path) {
  const out = [];
  let next = path;
  for (let guard = 0; next && guard < 200; guard++) {
    const page = await get(next);
    const items = Array.isArray(page.results) ? page.results : [];
    out.push(...items);
    next = page.next ? new URL(page.next, location.href).pathname + new URL(page.next, location.href).search : null;
  }
  return out;
}

// every element of a Canvas list, following the Link header's rel="next"
export async function getAllCanvas(path) {
  const out = [];
  let next = path;
  for (let guard = 0; next && guard < 200; guard++) {
    const s = session.get();
    let res;
    try {
      res = await fetch(next, { headers: { Accept: 'application/json', Authorization: `Bearer ${s?.token}` }, cache: 'no-store' });
    } catch (e) { throw new NetworkError(e); }
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, data);
    const items = Array.isArray(data) ? data : (data?.quiz_submissions ?? []);
    out.push(...items);
    const link = res.headers.get('Link') || '';
    const m = link.split(',').map((p) => p.match(/<([^>]+)>;\s*rel="next"/)).find(Boolean);
    next = m ? new URL(m[1], location.href).pathname + new URL(m[1], location.href).search : null;
  }
  return out;
}

// "H:MM:SS" (any number of hours) or "D day(s), H:MM:SS" → milliseconds; null stays null
export function parseDuration(text) {
  if (text === null || text === undefined) return null;
  const m = String(text).match(/^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2})$/);
  if (!m) return null;
  const [, d, h, mi, se] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return (((d * 24 + h) * 60 + mi) * 60 + se) * 1000;
}

// milliseconds → "H:MM:SS", never negative
export function formatClock(ms) {
  const t = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
