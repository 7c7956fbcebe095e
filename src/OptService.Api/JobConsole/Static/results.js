// The result of a job drawn for people, by kind; an unknown kind (or a result a view cannot read) as JSON.

import { h } from './dom.js';
import { transshipmentView } from './view-transshipment.js';
import { nurseSchedulingView } from './view-nurse-scheduling.js';
import { lunarLandingView } from './view-lunar-landing.js';
import { linearProgramView } from './view-linear-program.js';
import { cpSatView } from './view-cp-sat.js';

const VIEWS = {
  'transshipment': transshipmentView,
  'nurse-scheduling': nurseSchedulingView,
  'lunar-landing': lunarLandingView,
  'linear-program': linearProgramView,
  'cp-sat': cpSatView,
};

export function resultView(kind, result) {
  const raw = h('details', { class: 'raw' }, h('summary', {}, 'Result as JSON'), h('pre', { class: 'mono' }, JSON.stringify(result, null, 2)));
  const view = VIEWS[kind];
  if (!view || result === null || typeof result !== 'object') return h('div', {}, h('pre', { class: 'mono' }, JSON.stringify(result, null, 2)));
  try {
    return h('div', { class: `result kind-${kind}` }, view(result), raw);
  } catch (failure) {
    return h('div', {}, h('p', { class: 'error' }, `This result could not be drawn (${failure.message}); here it is as JSON.`), raw);
  }
}

