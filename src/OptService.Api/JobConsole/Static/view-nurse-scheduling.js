// Nurse scheduling: the roster as a grid of staff × days (day 0 is a Monday; weekends shaded), each cell the shift
// worked, cells with a penalty marked and explained on hover, cover penalties in a row of their own, and the
// penalty split by rule and by person.

import { h, num, facts, outcomeBadge } from './dom.js';

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

export function nurseSchedulingView(result) {
  const violations = result.penalty?.violations ?? [];
  const rosters = result.roster ? [result.roster] : (result.rosters ?? []);
  const stats = result.statistics ?? {};
  const parts = [facts([
    ['Outcome', outcomeBadge(result.outcome)],
    ['Penalty', result.objective === undefined || result.objective === null ? undefined : h('strong', { id: 'result-objective', 'data-value': result.objective }, num(result.objective))],
    ['Lower bound', result.bound === undefined || result.bound === null ? undefined : num(result.bound)],
    ['Gap', result.gap === undefined || result.gap === null ? undefined : `${num(result.gap * 100, 3)} %`],
    ['Rosters found', result.solutionCount === undefined || result.solutionCount === null ? undefined : `${num(result.solutionCount)}${result.countComplete ? ' (all there are)' : ''}`],
    ['CP-SAT', stats.solverStatus ? `${stats.solverStatus}, ${num(stats.wallTimeSeconds, 3)} s, ${num(stats.improvingSolutions)} improving solutions` : undefined],
  ])];
  if (result.penalty) {
    const byKind = result.penalty.byKind ?? {};
    parts.push(h('table', { class: 'totals', id: 'penalty-by-rule' }, h('tbody', {},
      [['Shift-on requests not met', byKind.shiftOnRequests], ['Shift-off requests not met', byKind.shiftOffRequests],
        ['Under cover', byKind.underCover], ['Over cover', byKind.overCover], ['Total', result.penalty.total]]
        .map(([label, value]) => h('tr', {}, h('th', {}, label), h('td', { class: 'num' }, num(value)))))));
  }
  rosters.slice(0, 5).forEach((roster, index) => {
    if (rosters.length > 1) parts.push(h('h3', {}, `Roster ${index + 1}`));
    parts.push(rosterGrid(roster, index === 0 ? violations : [], result.penalty?.byPerson ?? [], index === 0 ? 'roster-grid' : undefined));
  });
  if (rosters.length === 0) parts.push(h('p', { class: 'muted' }, 'No roster.'));
  if (violations.length)
    parts.push(h('details', {}, h('summary', {}, `Every penalty (${violations.length})`),
      h('ul', { class: 'violations' }, violations.map(v => h('li', {}, `${v.detail} (+${v.penalty})`)))));
  return h('div', {}, parts);
}

function rosterGrid(roster, violations, byPerson, id) {
  const days = 1 + Math.max(-1, ...roster.assignments.map(a => a.day), ...roster.off.map(o => o.day));
  const staff = [...new Set([...roster.assignments.map(a => a.nurse), ...roster.off.flatMap(o => o.nurses)])]
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const shifts = [...new Set(roster.assignments.map(a => a.shift))].sort();
  const cell = new Map(roster.assignments.map(a => [`${a.nurse}|${a.day}`, a.shift]));
  const personal = new Map();
  const cover = new Map();
  for (const violation of violations) {
    const map = violation.nurse == null ? cover : personal;
    const key = violation.nurse == null ? `${violation.day}` : `${violation.nurse}|${violation.day}`;
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(violation);
  }
  const totals = new Map(byPerson.map(p => [p.nurse, p.total]));
  const weekend = day => day % 7 >= 5;
  const dayClass = day => [weekend(day) ? 'weekend' : '', day % 7 === 0 && day > 0 ? 'week-start' : ''].filter(Boolean).join(' ') || undefined;
  const marked = (list, classes, content) => {
    const penalty = list?.reduce((total, v) => total + v.penalty, 0) ?? 0;
    return h('td', { class: [classes, penalty ? 'penalty' : ''].filter(Boolean).join(' '), title: list?.map(v => `${v.detail} (+${v.penalty})`).join('\n') || undefined,
      'data-penalty': penalty || undefined }, content);
  };
  const head = h('tr', {}, h('th', { class: 'who' }, 'Staff'),
    Array.from({ length: days }, (_, day) => h('th', { class: dayClass(day), title: `day ${day}` }, h('span', {}, WEEKDAYS[day % 7]), h('br'), h('small', {}, String(day)))),
    h('th', { class: 'num' }, 'Penalty'));
  const rows = staff.map(nurse => h('tr', {}, h('th', { class: 'who' }, nurse),
    Array.from({ length: days }, (_, day) => {
      const shift = cell.get(`${nurse}|${day}`);
      return marked(personal.get(`${nurse}|${day}`), [dayClass(day), shift ? `shift shift-${shifts.indexOf(shift) % 8}` : 'off'].filter(Boolean).join(' '), shift ?? '');
    }),
    h('td', { class: 'num' }, totals.has(nurse) ? num(totals.get(nurse)) : '')));
  const coverRow = cover.size ? h('tr', { class: 'cover' }, h('th', { class: 'who' }, 'Cover'),
    Array.from({ length: days }, (_, day) => {
      const list = cover.get(`${day}`);
      const penalty = list?.reduce((total, v) => total + v.penalty, 0);
      return marked(list, dayClass(day), penalty ? `+${penalty}` : '');
    }), h('td')) : null;
  const legend = h('p', { class: 'legend muted' }, 'Shifts: ', shifts.map((shift, i) => h('span', { class: `shift shift-${i % 8} key` }, shift)),
    ' · blank = day off · shaded = weekend · ', h('span', { class: 'penalty key' }, 'marked'), ' = penalty (hover for why)');
  return h('div', {}, legend, h('div', { class: 'scroll' }, h('table', { class: 'roster', id, 'data-staff': staff.length, 'data-days': days },
    h('thead', {}, head), h('tbody', {}, rows, coverRow))));
}
