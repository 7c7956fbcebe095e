// Linear program: the verdict, objective, bound and gap, then every variable (value, reduced cost) and constraint
// (activity, dual) in tables that filter by name.

import { h, num, facts, outcomeBadge } from './dom.js';
import { dataTable } from './table.js';

export function linearProgramView(result) {
  const variables = result.variables ?? [];
  const constraints = result.constraints ?? [];
  const feasibility = result.feasibility;
  return h('div', {},
    facts([
      ['Outcome', outcomeBadge(result.outcome)],
      ['Objective', result.objective === undefined || result.objective === null ? undefined : h('strong', { id: 'result-objective', 'data-value': result.objective }, num(result.objective, 10))],
      ['Best bound', result.bestBound === undefined || result.bestBound === null ? undefined : num(result.bestBound, 10)],
      ['Gap', result.gap === undefined || result.gap === null ? undefined : `${num(result.gap * 100, 3)} %`],
      ['Solver', result.solver],
      ['Solve time', result.solveSeconds === undefined ? undefined : `${num(result.solveSeconds, 3)} s`],
      ['Checked', feasibility ? `primal ${num(feasibility.primalViolation, 2)}, dual ${num(feasibility.dualViolation, 2)}, gap ${num(feasibility.objectiveGap, 2)} (tolerance ${num(feasibility.tolerance, 2)})` : undefined],
      ['Message', result.message],
    ]),
    h('h3', {}, `Variables (${variables.length})`),
    dataTable({
      id: 'variable-table',
      rows: variables,
      nonZero: v => v.value !== 0,
      columns: [
        { label: 'Variable', value: v => v.name },
        { label: 'Value', value: v => v.value, numeric: true },
        { label: 'Reduced cost', value: v => v.reducedCost, numeric: true },
      ],
    }),
    constraints.length ? h('h3', {}, `Constraints (${constraints.length})`) : null,
    constraints.length ? dataTable({
      id: 'constraint-table',
      rows: constraints,
      columns: [
        { label: 'Constraint', value: c => c.name },
        { label: 'Activity', value: c => c.activity, numeric: true },
        { label: 'Dual', value: c => c.dual, numeric: true },
      ],
    }) : null);
}
