// Small DOM helpers. Every text from the service (names, log lines, messages) goes in as text, never as HTML.

/** h('td', {class: 'num', title: 'x'}, 'text', child, …): an element; attributes starting with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A number for people: whole numbers with separators, others with up to 6 significant digits. */
export function num(value, digits = 6) {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return integer.format(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(digits - 1);
  return new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits }).format(value);
}

export function time(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Seconds between two ISO times (to now when `to` is missing), for people: 850 ms, 12.3 s, 4 min 05 s. */
export function duration(from, to) {
  if (!from) return '–';
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  if (ms < 1000) return `${Math.max(0, ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

export function badge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, status);
}

/** A definition list of [label, value] pairs; pairs with an undefined value are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A message for an error: the problem's title and detail, and each field's reasons for a 400. */
export function problemView(error) {
  const problem = error?.problem ?? {};
  const lines = [];
  for (const [field, reasons] of Object.entries(problem.errors ?? {}))
    for (const reason of reasons) lines.push(h('li', {}, h('code', {}, field), ': ', reason));
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, problem.title || (error?.status ? `HTTP ${error.status}` : 'Error')),
    (problem.detail || (!problem.title && error?.message)) ? h('p', {}, problem.detail || error.message) : null,
    lines.length ? h('ul', {}, lines) : null);
}

/** The solver's verdict (optimal, feasible, infeasible, …) as a coloured word. */
export function outcomeBadge(outcome) {
  return h('span', { class: `outcome outcome-${outcome}`, id: 'result-outcome' }, outcome ?? '–');
}
