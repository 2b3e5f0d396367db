// question.js — one question of an attempt and its answer controls, for every
// question type the engine has (Testpress letters): R single choice and
// true/false, C multiple choice, N numeric, S short text, E essay.
import { h, authored } from './dom.js';

const TYPE_NAMES = { R: 'Choose one answer', C: 'Choose all that apply', N: 'Type a number', S: 'Type a short answer', E: 'Write your answer' };
const TEXT_DEBOUNCE_MS = 700;
const typing = new Set(); // the senders of text answers typed but not yet sent

// sends every text answer still being typed at once (the page is being hidden
// or closed, or the learner moves on); resolves when they are queued
export function flushTyping() {
  return Promise.all([...typing].map((send) => send()));
}

// whether the item holds an answer (a flag alone is no answer)
export function answeredOf(item) {
  if ((item.selected_answers || []).length) return true;
  const t = item.question?.type === 'E' ? item.essay_text : item.short_text;
  return typeof t === 'string' && t.trim() !== '';
}

// Renders item (the attempt question item of the Testpress API) as an <article>.
// opts.onAnswer(body) receives each change as an answer body; opts.writable
// false disables the controls (a section that is not running).
export function renderQuestion(item, index, total, opts) {
  const q = item.question || {};
  const id = `q-${item.id}`;
  const headingId = `${id}-h`;
  const flag = h('button', { type: 'button', class: 'flag', 'aria-pressed': item.review ? 'true' : 'false', disabled: !opts.writable,
    onclick: () => {
      const on = flag.getAttribute('aria-pressed') !== 'true';
      flag.setAttribute('aria-pressed', String(on));
      flag.textContent = on ? '⚑ Flagged for review' : '⚐ Flag for review';
      opts.onAnswer({ review: on });
    } }, item.review ? '⚑ Flagged for review' : '⚐ Flag for review');
  return h('article', { class: 'question', id, 'aria-labelledby': headingId, 'data-aq': item.id, 'data-type': q.type },
    h('header', { class: 'q-head' },
      h('h2', { id: headingId, tabindex: '-1' }, `Question ${index + 1} of ${total}`),
      h('p', { class: 'q-meta' },
        opts.sectionName ? `${opts.sectionName} · ` : '',
        `${q.marks ?? ''} mark${q.marks === '1.00' ? '' : 's'}`,
        q.negative_marks && q.negative_marks !== '0.00' ? `, −${q.negative_marks} if wrong` : ''),
      h('p', { class: 'q-status ok', 'data-aq': item.id, 'aria-live': 'off' }, 'Saved')),
    q.direction ? authored(q.direction, 'authored direction') : null,
    authored(q.question_html, 'authored q-text'),
    opts.writable ? null : h('p', { class: 'warn' }, 'This question\'s section is not running: it cannot be answered now.'),
    controls(item, q, headingId, opts),
    h('div', { class: 'q-actions' }, flag));
}

function controls(item, q, headingId, opts) {
  const disabled = !opts.writable;
  const name = `ans-${item.id}`;
  if (q.type === 'R' || q.type === 'C') {
    const multi = q.type === 'C';
    const chosen = new Set(item.selected_answers || []);
    const inputs = [];
    const fs = h('fieldset', { class: 'options', disabled, 'aria-labelledby': `${headingId} ${name}-legend` },
      h('legend', { id: `${name}-legend` }, TYPE_NAMES[q.type]),
      (q.answers || []).map((a) => {
        const inputId = `${name}-${a.id}`;
        const input = h('input', { type: multi ? 'checkbox' : 'radio', name, id: inputId, value: a.id, checked: chosen.has(a.id) });
        inputs.push(input);
        input.addEventListener('change', () => {
          const ids = inputs.filter((x) => x.checked).map((x) => Number(x.value)).sort((x, y) => x - y);
          opts.onAnswer({ selected_answers: ids });
        });
        const text = authored(a.text_html, 'authored option-text');
        return h('div', { class: 'option' }, input, h('label', { for: inputId }, text));
      }),
      multi ? null : h('button', { type: 'button', class: 'link clear', onclick: () => {
        inputs.forEach((x) => { x.checked = false; });
        opts.onAnswer({ selected_answers: [] });
      } }, 'Clear my choice'));
    return fs;
  }
  const essay = q.type === 'E';
  const key = essay ? 'essay_text' : 'short_text';
  const fieldId = `${name}-text`;
  const field = essay
    ? h('textarea', { id: fieldId, rows: 8, disabled, 'aria-labelledby': `${headingId} ${fieldId}-label` })
    : h('input', { id: fieldId, type: 'text', inputmode: q.type === 'N' ? 'decimal' : 'text', autocomplete: 'off', disabled,
      'aria-labelledby': `${headingId} ${fieldId}-label` });
  field.value = item[key] ?? '';
  let timer = null;
  let sent = field.value;
  const send = () => {
    clearTimeout(timer);
    typing.delete(send);
    if (field.value === sent) return Promise.resolve();
    sent = field.value;
    return opts.onAnswer({ [key]: field.value === '' ? null : field.value });
  };
  field.addEventListener('input', () => { clearTimeout(timer); typing.add(send); timer = setTimeout(send, TEXT_DEBOUNCE_MS); });
  field.addEventListener('change', send);
  field.addEventListener('blur', send);
  return h('div', { class: 'text-answer' }, h('label', { for: fieldId, id: `${fieldId}-label` }, TYPE_NAMES[q.type] || 'Your answer'), field);
}
