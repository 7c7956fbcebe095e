// CP-SAT: the verdict, objective and bound, then the solution's variables (by name where the model named them,
// else by index); an enumeration shows its count and the solutions it kept.

import { h, num, facts, outcomeBadge } from './dom.js';
import { dataTable } from './table.js';

export function cpSatView(result) {
  const stats = result.statistics ?? {};
  const named = result.valuesByName ? Object.entries(result.valuesByName) : [];
  const rows = named.length ? named.map(([name, value]) => ({ name, value }))
    : (result.values ?? []).map((value, index) => ({ name: `#${index}`, value }));
  const solutions = result.solutions ?? [];
  return h('div', {},
    facts([
      ['Outcome', outcomeBadge(result.outcome)],
      ['Objective', result.objective === undefined || result.objective === null ? undefined : h('strong', { id: 'result-objective', 'data-value': result.objective }, num(result.objective, 10))],
      ['Bound', result.bound === undefined || result.bound === null ? undefined : num(result.bound, 10)],
      ['Gap', result.gap === undefined || result.gap === null ? undefined : `${num(result.gap * 100, 3)} %`],
      ['Solutions', result.solutionCount === undefined || result.solutionCount === null ? undefined : `${num(result.solutionCount)}${result.countComplete ? ' (all there are)' : ''}`],
      ['CP-SAT', stats.solverStatus ? `${stats.solverStatus}, ${num(stats.wallTimeSeconds, 3)} s, ${num(stats.conflicts)} conflicts, ${num(stats.branches)} branches` : undefined],
      ['Model', stats.variables === undefined ? undefined : `${num(stats.variables)} variables, ${num(stats.constraints)} constraints`],
    ]),
    rows.length ? h('h3', {}, named.length ? `Variables by name (${rows.length})` : `Variables by index (${rows.length})`) : null,
    rows.length ? dataTable({
      id: 'variable-table',
      rows,
      nonZero: v => v.value !== 0,
      columns: [{ label: 'Variable', value: v => v.name }, { label: 'Value', value: v => v.value, numeric: true }],
    }) : null,
    solutions.length ? h('h3', {}, `Solutions kept (${solutions.length})`) : null,
    solutions.length ? dataTable({
      id: 'solution-table',
      rows: solutions.map((values, index) => ({ index, values })),
      limit: 200,
      columns: [{ label: 'Solution', value: s => `${s.index + 1}` }, { label: 'Values by index', value: s => s.values.join(' ') }],
    }) : null);
}
