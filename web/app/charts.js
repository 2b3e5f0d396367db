// charts.js — small SVG charts drawn in the page (no chart service, no
// library): stacked horizontal bars, a histogram, a scatter plot. Each chart
// is an <svg role="img"> with a title and a description, and comes with a
// table of its numbers for screen readers and for reading exact values.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function frame(title, desc, width, height) {
  const id = `c${Math.random().toString(36).slice(2, 8)}`;
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: `${id}-t` }, title), s('desc', { id: `${id}-d` }, desc));
}

// rows: [{label, parts: [{value, cls, name}]}] → one stacked bar per row
export function stackedBars(title, rows, legend) {
  const rowH = 28, labelW = 150, barW = 300, width = labelW + barW + 60;
  const height = rows.length * rowH + 30;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, p) => a + p.value, 0)));
  const desc = rows.map((r) => `${r.label}: ${r.parts.map((p) => `${p.value} ${p.name}`).join(', ')}`).join('; ');
  const svg = frame(title, desc, width, height);
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    svg.append(s('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end', class: 'c-label' }, r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label));
    let x = labelW;
    for (const p of r.parts) {
      const w = (p.value / max) * barW;
      if (w > 0) svg.append(s('rect', { x, y, width: w, height: rowH - 8, class: p.cls }, s('title', {}, `${p.name}: ${p.value}`)));
      x += w;
    }
    svg.append(s('text', { x: x + 4, y: y + 15, class: 'c-label' }, String(r.parts.reduce((a, p) => a + p.value, 0))));
  });
  const ly = rows.length * rowH + 20;
  let lx = labelW;
  for (const l of legend) {
    svg.append(s('rect', { x: lx, y: ly - 10, width: 12, height: 12, class: l.cls }), s('text', { x: lx + 16, y: ly, class: 'c-label' }, l.name));
    lx += 16 + l.name.length * 7 + 14;
  }
  return svg;
}

// bins: [{label, value}] → vertical bars
export function histogram(title, bins, xLabel, yLabel) {
  const width = 480, height = 240, left = 40, bottom = 40, top = 10;
  const plotH = height - bottom - top, plotW = width - left - 10;
  const max = Math.max(1, ...bins.map((b) => b.value));
  const bw = plotW / Math.max(1, bins.length);
  const svg = frame(title, bins.map((b) => `${b.label}: ${b.value}`).join('; '), width, height);
  svg.append(s('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'c-axis' }),
    s('line', { x1: left, y1: top, x2: left, y2: top + plotH, class: 'c-axis' }),
    s('text', { x: left - 6, y: top + 10, 'text-anchor': 'end', class: 'c-label' }, String(max)),
    s('text', { x: left - 6, y: top + plotH, 'text-anchor': 'end', class: 'c-label' }, '0'),
    s('text', { x: left + plotW / 2, y: height - 4, 'text-anchor': 'middle', class: 'c-label' }, xLabel),
    s('text', { x: 12, y: top + plotH / 2, 'text-anchor': 'middle', class: 'c-label', transform: `rotate(-90 12 ${top + plotH / 2})` }, yLabel));
  bins.forEach((b, i) => {
    const bh = (b.value / max) * plotH;
    const x = left + i * bw;
    svg.append(s('rect', { x: x + 2, y: top + plotH - bh, width: Math.max(1, bw - 4), height: bh, class: 'c-bar' }, s('title', {}, `${b.label}: ${b.value}`)));
    if (bins.length <= 12 || i % Math.ceil(bins.length / 11) === 0) {
      svg.append(s('text', { x: x + bw / 2, y: top + plotH + 14, 'text-anchor': 'middle', class: 'c-label' }, b.label));
    }
  });
  return svg;
}

// points: [{x, y, label}] with x in [0,1] and y in [-1,1]
export function scatter(title, points, xLabel, yLabel) {
  const width = 480, height = 300, left = 44, bottom = 40, top = 10, plotW = width - left - 16, plotH = height - top - bottom;
  const X = (v) => left + Math.min(1, Math.max(0, v)) * plotW;
  const Y = (v) => top + (1 - (Math.min(1, Math.max(-1, v)) + 1) / 2) * plotH;
  const svg = frame(title, points.map((p) => `${p.label}: ${xLabel} ${p.x.toFixed(2)}, ${yLabel} ${p.y.toFixed(2)}`).join('; '), width, height);
  svg.append(s('rect', { x: left, y: Y(1), width: plotW, height: Y(0.3) - Y(1), class: 'c-good' }),
    s('line', { x1: left, y1: Y(0), x2: left + plotW, y2: Y(0), class: 'c-axis' }),
    s('line', { x1: left, y1: top, x2: left, y2: top + plotH, class: 'c-axis' }),
    s('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'c-axis' }));
  for (const [v, t] of [[0, '0'], [0.5, '0.5'], [1, '1']]) svg.append(s('text', { x: X(v), y: top + plotH + 14, 'text-anchor': 'middle', class: 'c-label' }, t));
  for (const [v, t] of [[-1, '−1'], [0, '0'], [1, '1']]) svg.append(s('text', { x: left - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'c-label' }, t));
  svg.append(s('text', { x: left + plotW / 2, y: height - 4, 'text-anchor': 'middle', class: 'c-label' }, xLabel),
    s('text', { x: 12, y: top + plotH / 2, 'text-anchor': 'middle', class: 'c-label', transform: `rotate(-90 12 ${top + plotH / 2})` }, yLabel));
  for (const p of points) {
    svg.append(s('circle', { cx: X(p.x), cy: Y(p.y), r: 6, class: 'c-dot' }, s('title', {}, `${p.label}: ${p.x.toFixed(2)}, ${p.y.toFixed(2)}`)),
      s('text', { x: X(p.x) + 8, y: Y(p.y) + 4, class: 'c-label' }, p.label));
  }
  return svg;
}

// the chart and its numbers, in a <figure> with a caption
export function figure(caption, chart) {
  return h('figure', { class: 'chart-figure' }, chart, h('figcaption', {}, caption));
}
