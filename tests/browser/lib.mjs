// lib.mjs — what the browser tests share: Debian's chromium started headless
// by playwright-core (never a downloaded browser), TAP output, the stack's
// programs (invigil, mariadb), and API calls made beside the browser.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

// the npm packages come from the node_modules tests/browser/run names, which
// is not beside this file when make distcheck runs the suite from its copy
export const requireModule = createRequire(`${process.env.INVIGIL_BROWSER_MODULES || new URL('./node_modules', import.meta.url).pathname}/`);
const { chromium } = requireModule('playwright-core');

export const BASE = process.env.INVIGIL_TEST_URL;
const CHROMIUM = process.env.INVIGIL_CHROMIUM || '/usr/bin/chromium';

// the flags the machine needs (PLATFORM.md): no sandbox as root, no GPU, and
// none of Chromium's own background traffic
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

let n = 0, failed = 0;
export function ok(cond, name, detail) {
  n++;
  if (!cond) failed++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond && detail !== undefined) console.log(`# ${String(typeof detail === 'string' ? detail : JSON.stringify(detail)).split('\n').join('\n# ')}`);
  return cond;
}
export function diag(text) { console.log(`# ${text}`); }
export function done() { console.log(`1..${n}`); return failed === 0 ? 0 : 1; }

// runs the admin command against the test stack; returns its stdout
export function invigil(...args) {
  return execFileSync(process.env.INVIGIL_BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

// one SQL statement against the stack's MariaDB; rows as arrays of strings
export function sql(query) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${process.env.INVIGIL_STACK_DIR}/db/sock`, '-uroot', '-N', '-B', 'invigil', '-e', query], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

// an API call beside the browser, as user (password "demo")
const tokens = new Map();
export async function token(user) {
  if (!tokens.has(user)) {
    const r = await fetch(`${BASE}/api/v2.2/auth-token/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo' }) });
    tokens.set(user, (await r.json()).token);
  }
  return tokens.get(user);
}
export async function apiAs(user, method, path, body) {
  const r = await fetch(`${BASE}${path}`, { method, headers: { Authorization: `JWT ${await token(user)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  let data = null;
  try { data = JSON.parse(text); } catch { data = text; }
  return { status: r.status, data, headers: r.headers };
}

export function artefacts() {
  const dir = process.env.INVIGIL_ARTEFACTS || `${process.env.INVIGIL_BUILDDIR || '.'}/tests/browser/artefacts`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

// a page that records what went wrong in it: console errors, page errors,
// requests refused by the Content-Security-Policy
export async function newPage(browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()} @ ${m.location()?.url || ''}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  return { context, page };
}

export async function login(page, user, password = 'demo') {
  await page.goto('/#/login');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My exams' }).waitFor();
}
