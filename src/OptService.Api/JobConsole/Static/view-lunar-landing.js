// Lunar landing: fuel, final time and the solver's figures, then altitude, velocity and thrust over time.

import { h, num, facts, outcomeBadge } from './dom.js';
import { lineChart } from './plot.js';

export function lunarLandingView(result) {
  const trajectory = result.trajectory ?? [];
  const chart = (id, title, yLabel, pick, className) => lineChart({
    id, title, yLabel, xLabel: 'time [s]', width: 440, height: 260,
    series: [{ name: id, className, points: trajectory.map(p => [p.time, pick(p)]) }],
  });
  return h('div', {},
    facts([
      ['Outcome', outcomeBadge(result.outcome)],
      ['Fuel used', h('strong', { id: 'result-objective', 'data-value': result.fuel }, `${num(result.fuel, 8)} kg`)],
      ['Final time', `${num(result.finalTime, 6)} s`],
      ['Iterations', num(result.iterations)],
      ['Constraint violation', num(result.constraintViolation, 3)],
      ['Size', `${num(result.variables)} variables, ${num(result.equalityConstraints)} equalities, ${num(result.inequalityConstraints)} inequalities`],
      ['Solve time', result.solveSeconds === undefined ? undefined : `${num(result.solveSeconds, 3)} s`],
      ['Message', result.message],
    ]),
    h('div', { class: 'charts', id: 'trajectory-charts' },
      chart('altitude', 'Altitude', 'altitude [m]', p => p.altitude, 'altitude'),
      chart('velocity', 'Velocity', 'velocity [m/s]', p => p.velocity, 'velocity'),
      chart('thrust', 'Thrust', 'thrust [N]', p => p.thrust, 'thrust')));
}
