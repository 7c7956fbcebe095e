// A table of many rows for people: a filter on the first column's text, an optional "non-zero only" switch,
// and at most `limit` rows drawn (a model may have a million variables; the file downloads have them all).

import { h, clear, num } from './dom.js';

/**
 * columns: [{ label, value: row => any, numeric: bool }]; rows: array. Options: id, limit (default 500),
 * nonZero: row => bool (adds a switch, on by default), caption.
 */
export function dataTable({ id, columns, rows, limit = 500, nonZero, caption }) {
  const filter = h('input', { type: 'search', placeholder: `filter ${columns[0].label.toLowerCase()}…`, 'aria-label': 'filter' });
  const onlyNonZero = nonZero ? h('input', { type: 'checkbox', checked: true }) : null;
  const info = h('span', { class: 'muted' });
  const body = h('tbody');
  const table = h('table', { class: 'data', id },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(column => h('th', { class: column.numeric ? 'num' : undefined }, column.label)))),
    body);
  const draw = () => {
    const text = filter.value.trim().toLowerCase();
    const chosen = rows.filter(row => (!onlyNonZero?.checked || nonZero(row)) && (!text || String(columns[0].value(row)).toLowerCase().includes(text)));
    clear(body);
    for (const row of chosen.slice(0, limit))
      body.append(h('tr', {}, columns.map(column => {
        const value = column.value(row);
        return h('td', { class: column.numeric ? 'num' : undefined }, column.numeric ? num(value) : value ?? '');
      })));
    info.textContent = `${Math.min(limit, chosen.length)} of ${chosen.length} rows shown` + (chosen.length < rows.length ? ` (${rows.length} in all)` : '');
  };
  filter.addEventListener('input', draw);
  onlyNonZero?.addEventListener('change', draw);
  draw();
  return h('div', { class: 'table-block' },
    h('div', { class: 'row' }, filter, onlyNonZero ? h('label', {}, onlyNonZero, ' non-zero only') : null, info),
    h('div', { class: 'scroll' }, table));
}
