// Line charts as inline SVG, written here (no chart library): axes with round ticks, one path per series,
// optional steps (an incumbent holds until the next one), a legend. Each series' path carries
// data-series (its name) and data-points (how many points it has) so that a page, or a test, can read it.

import { s, num } from './dom.js';

/** Round tick values covering [min, max]: steps of 1, 2 or 5 × 10^k, about `count` of them. */
export function ticks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) { const pad = Math.abs(min) * 0.1 || 1; min -= pad; max += pad; }
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * power).find(candidate => candidate >= raw);
  const first = Math.ceil(min / step) * step;
  const values = [];
  for (let value = first; value <= max + step * 1e-9; value += step) values.push(Math.abs(value) < step * 1e-9 ? 0 : value);
  return values;
}

/**
 * series: [{ name, label, points: [[x, y], …], step: bool, className }]. Returns an <svg> element that scales
 * with its container (viewBox), `width` × `height` in its own units.
 */
export function lineChart({ series, xLabel = '', yLabel = '', width = 640, height = 260, title, id }) {
  const withLegend = series.length > 1 || series.some(one => one.label);
  const margin = { left: 72, right: 16, top: title || withLegend ? 30 : 12, bottom: 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const all = series.flatMap(one => one.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', id, 'aria-label': title || yLabel });
  if (title) svg.append(s('text', { x: 8, y: 18, class: 'chart-title' }, title));
  if (all.length === 0) {
    svg.append(s('text', { x: width / 2, y: height / 2, class: 'chart-empty', 'text-anchor': 'middle' }, 'no points yet'));
    for (const one of series) svg.append(s('path', { d: '', class: `line ${one.className ?? ''}`, 'data-series': one.name, 'data-points': 0 }));
    return svg;
  }
  let [xMin, xMax] = [Math.min(...all.map(p => p[0])), Math.max(...all.map(p => p[0]))];
  let [yMin, yMax] = [Math.min(...all.map(p => p[1])), Math.max(...all.map(p => p[1]))];
  if (xMin === xMax) { xMin -= 0.5; xMax += 0.5; }
  if (yMin === yMax) { const pad = Math.abs(yMin) * 0.05 || 1; yMin -= pad; yMax += pad; }
  const yPad = (yMax - yMin) * 0.05;
  yMin -= yPad; yMax += yPad;
  const x = value => margin.left + ((value - xMin) / (xMax - xMin)) * plotWidth;
  const y = value => margin.top + plotHeight - ((value - yMin) / (yMax - yMin)) * plotHeight;

  const grid = s('g', { class: 'grid' });
  for (const tick of ticks(yMin, yMax, 5)) {
    grid.append(s('line', { x1: margin.left, x2: margin.left + plotWidth, y1: y(tick), y2: y(tick) }));
    grid.append(s('text', { x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, num(tick, 4)));
  }
  for (const tick of ticks(xMin, xMax, 6)) {
    grid.append(s('line', { x1: x(tick), x2: x(tick), y1: margin.top, y2: margin.top + plotHeight }));
    grid.append(s('text', { x: x(tick), y: margin.top + plotHeight + 16, 'text-anchor': 'middle' }, num(tick, 4)));
  }
  svg.append(grid);
  svg.append(s('rect', { x: margin.left, y: margin.top, width: plotWidth, height: plotHeight, class: 'frame' }));
  svg.append(s('text', { x: margin.left + plotWidth / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, xLabel));
  svg.append(s('text', { x: 14, y: margin.top + plotHeight / 2, 'text-anchor': 'middle', class: 'axis-label',
    transform: `rotate(-90 14 ${margin.top + plotHeight / 2})` }, yLabel));

  const legend = s('g', { class: 'legend' });
  let legendX = title ? margin.left + 90 : margin.left;
  series.forEach((one, index) => {
    const points = one.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
    let d = '';
    points.forEach(([px, py], i) => {
      if (i === 0) d += `M${x(px).toFixed(1)},${y(py).toFixed(1)}`;
      else if (one.step) d += `H${x(px).toFixed(1)}V${y(py).toFixed(1)}`;
      else d += `L${x(px).toFixed(1)},${y(py).toFixed(1)}`;
    });
    const className = one.className ?? `series-${index}`;
    svg.append(s('path', { d, class: `line ${className}`, 'data-series': one.name, 'data-points': points.length }));
    if (points.length <= 60) {
      const dots = s('g', { class: `dots ${className}` });
      for (const [px, py] of points) dots.append(s('circle', { cx: x(px).toFixed(1), cy: y(py).toFixed(1), r: 2.5 }));
      svg.append(dots);
    }
    if (withLegend) {
      legend.append(s('line', { x1: legendX, x2: legendX + 18, y1: 14, y2: 14, class: `line ${className}` }));
      const label = s('text', { x: legendX + 22, y: 18 }, `${one.label ?? one.name} (${points.length})`);
      legend.append(label);
      legendX += 40 + 7 * (`${one.label ?? one.name} (${points.length})`).length;
    }
  });
  svg.append(legend);
  return svg;
}
