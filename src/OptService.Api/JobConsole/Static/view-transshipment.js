// Transshipment: the verdict, network totals, every arc's flow, every node's balance and marginal cost.

import { h, num, facts, outcomeBadge } from './dom.js';
import { dataTable } from './table.js';

export function transshipmentView(result) {
  const nodes = result.nodes ?? [];
  const flows = result.flows ?? [];
  const sum = (items, pick) => items.reduce((total, item) => total + (pick(item) ?? 0), 0);
  const supply = sum(nodes, n => n.supply);
  const demand = sum(nodes, n => n.demand);
  const unused = sum(nodes, n => n.unusedSupply);
  const shipped = sum(flows, f => f.flow);
  const used = flows.filter(f => f.flow !== 0).length;
  return h('div', {},
    facts([
      ['Outcome', outcomeBadge(result.outcome)],
      ['Total cost', h('strong', { id: 'result-objective', 'data-value': result.objective }, num(result.objective, 10))],
      ['Method', result.solver],
      ['Solve time', result.solveSeconds === undefined ? undefined : `${num(result.solveSeconds * 1000, 3)} ms`],
      ['Message', result.message],
    ]),
    h('h3', {}, 'Network totals'),
    h('table', { class: 'totals', id: 'network-totals' }, h('tbody', {},
      [['Nodes', nodes.length], ['Arcs', flows.length], ['Arcs carrying flow', used], ['Total supply', supply], ['Total demand', demand],
        ['Supply left unused', unused], ['Flow shipped over all arcs', shipped]]
        .map(([label, value]) => h('tr', {}, h('th', {}, label), h('td', { class: 'num' }, num(value)))))),
    h('h3', {}, 'Flows'),
    dataTable({
      id: 'flow-table',
      rows: flows,
      nonZero: f => f.flow !== 0,
      columns: [
        { label: 'From', value: f => f.from },
        { label: 'To', value: f => f.to },
        { label: 'Flow', value: f => f.flow, numeric: true },
      ],
    }),
    h('h3', {}, 'Nodes'),
    dataTable({
      id: 'node-table',
      rows: nodes,
      columns: [
        { label: 'Node', value: n => n.id },
        { label: 'Supply', value: n => n.supply, numeric: true },
        { label: 'Demand', value: n => n.demand, numeric: true },
        { label: 'Inflow', value: n => n.inflow, numeric: true },
        { label: 'Outflow', value: n => n.outflow, numeric: true },
        { label: 'Unused supply', value: n => n.unusedSupply, numeric: true },
        { label: 'Marginal cost', value: n => n.marginalCost, numeric: true },
      ],
    }));
}
