// dom.js — building the page: elements from data, question HTML sanitized,
// focus and announcements for screen readers.
import DOMPurify from '../vendor/dompurify-3.5.0/purify.es.js';

// h('button', {class: 'x', onclick: f}, 'text', child…) → an element. Text is
// always text: nothing passed here is parsed as HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

// el.append and el.replaceChildren, leaving out null, undefined and false
// (the DOM's own would write them as text)
export function put(el, ...children) { append(el, children); return el; }
export function swap(el, ...children) { el.replaceChildren(); append(el, children); return el; }

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Question, option and explanation HTML comes from course authors: it is
// sanitized (no script, no event handlers, no forms, no styles, no frames)
// before it is shown. The CSP would stop any script that got through anyway.
const PURIFY = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
  // ids, names and label targets of the author's would clash with the app's
  // own (an id="end-dialog" in a question would hide the real one)
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'id', 'name', 'for'],
  ALLOW_DATA_ATTR: false,
};

// a <div class=cls> holding the author's HTML, sanitized
export function authored(html, cls = 'authored') {
  const el = h('div', { class: cls });
  el.innerHTML = DOMPurify.sanitize(html || '', PURIFY);
  // an image its author left without a text alternative is decoration to a
  // screen reader, not a file name read aloud
  for (const img of el.querySelectorAll('img:not([alt])')) img.setAttribute('alt', '');
  for (const a of el.querySelectorAll('a[href]')) {
    a.setAttribute('rel', 'noopener noreferrer');
    a.setAttribute('target', '_blank');
  }
  return el;
}

// the visible text of author HTML (for labels and short lists)
export function plainText(html) {
  const el = document.createElement('div');
  el.innerHTML = DOMPurify.sanitize(html || '', { ALLOWED_TAGS: [], KEEP_CONTENT: true });
  return el.textContent.trim();
}

// Replaces the page's main content with a new view and returns the view's
// element, to write the rest of the view into; moves focus to its heading (so
// a screen reader and a keyboard user start at the top of the new view) and
// sets the title. A view still loading when the next one is shown goes on
// writing into its own element, which is no longer in the page.
export function show(title, ...children) {
  const view = showQuietly(title, ...children);
  view.querySelector('h1').focus({ preventScroll: false });
  return view;
}

// show() for the same view drawn again: focus stays where the caller puts it
export function showQuietly(title, ...children) {
  const view = h('div', { class: 'view' });
  const h1 = h('h1', { tabindex: '-1', id: 'view-title' }, title);
  append(view, [h1, ...children]);
  document.getElementById('main').replaceChildren(view);
  document.title = `${title} · invigil`;
  return view;
}

// says something to screen readers without moving focus
export function announce(text) {
  const live = document.getElementById('announcer');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 30); }
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err?.message || String(err));
}

export function loading() { return h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…'); }

// "2026-12-06T10:00:00.000Z" → the reader's local date and time
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// a definition list from [label, value] pairs, skipping empty values
export function facts(pairs) {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(h('dt', {}, k), h('dd', {}, v));
  }
  return dl;
}

// a table from column titles and rows of cells (strings or nodes)
export function table(caption, heads, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

// an answered question's options, each marked when chosen (chosenTag) and
// when correct (is_correct, where the response carries it)
export function optionList(answers, selected, chosenTag) {
  if (!(answers || []).length) return null;
  const chosen = new Set(selected || []);
  return h('ul', { class: 'review-options' }, answers.map((a) => h('li', {
    class: [chosen.has(a.id) ? 'chosen' : '', a.is_correct ? 'right' : ''].join(' ').trim(),
  }, authored(a.text_html, 'authored option-text'),
  h('span', { class: 'tags' }, chosen.has(a.id) ? ` ${chosenTag}` : '', a.is_correct ? ' ✓ correct' : ''))));
}

// starts a download of text as a file, from memory (no server round trip)
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
