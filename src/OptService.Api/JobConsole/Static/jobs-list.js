// The job list, newest first, refreshed every two seconds while it is shown (live status).

import { getJson } from './api.js';
import { h, clear, num, time, duration, badge, problemView } from './dom.js';

const REFRESH_MS = 2000;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export async function showJobList(view, params, signal) {
  const kind = params.get('kind') ?? '';
  const status = params.get('status') ?? '';
  const filters = h('form', { class: 'filters' },
    h('label', {}, 'Kind ', h('select', { id: 'filter-kind' }, h('option', { value: '' }, 'all'))),
    h('label', {}, 'Status ', h('select', { id: 'filter-status' }, h('option', { value: '' }, 'all'),
      STATUSES.map(one => h('option', { value: one, selected: one === status }, one)))),
    h('span', { class: 'muted live', id: 'list-state' }, ''));
  const body = h('tbody', { id: 'job-rows' });
  const table = h('table', { class: 'jobs', id: 'job-table' },
    h('thead', {}, h('tr', {}, ['Created', 'Kind', 'Status', 'Outcome', 'Objective', 'Priority', 'Time', 'Job'].map(label => h('th', {}, label)))),
    body);
  const error = h('div', { id: 'list-error' });
  view.append(h('div', { class: 'page-head' }, h('h1', {}, 'Jobs'), h('a', { class: 'button', href: '#/new' }, 'New job')), filters, error, table);

  const onFilter = () => {
    const query = new URLSearchParams();
    if (filters.querySelector('#filter-kind').value) query.set('kind', filters.querySelector('#filter-kind').value);
    if (filters.querySelector('#filter-status').value) query.set('status', filters.querySelector('#filter-status').value);
    location.hash = `#/${query.size ? `?${query}` : ''}`;
  };
  filters.addEventListener('change', onFilter);

  import('./openapi.js').then(({ loadKinds }) => loadKinds()).then(kinds => {
    const select = filters.querySelector('#filter-kind');
    for (const one of kinds) select.append(h('option', { value: one.name, selected: one.name === kind }, one.name));
  }).catch(() => { /* the list works without the kind names */ });

  while (!signal.aborted) {
    try {
      const query = new URLSearchParams({ limit: '100' });
      if (kind) query.set('kind', kind);
      if (status) query.set('status', status);
      const jobs = await getJson(`/api/v1/jobs?${query}`, { signal });
      clear(error);
      render(body, jobs);
      document.getElementById('list-state').textContent = `${jobs.length} shown · updated ${new Date().toLocaleTimeString()}`;
    } catch (failure) {
      if (signal.aborted) return;
      clear(error).append(problemView(failure));
    }
    await new Promise(resolve => setTimeout(resolve, REFRESH_MS));
  }
}

function render(body, jobs) {
  clear(body);
  if (jobs.length === 0) {
    body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No jobs yet. ', h('a', { href: '#/new' }, 'Submit one.'))));
    return;
  }
  for (const job of jobs) {
    const link = `#/jobs/${job.id}`;
    body.append(h('tr', { 'data-job': job.id, 'data-status': job.status },
      h('td', {}, time(job.createdAt)),
      h('td', {}, job.kind),
      h('td', {}, badge(job.status)),
      h('td', {}, job.outcome ?? ''),
      h('td', { class: 'num' }, job.objective === undefined || job.objective === null ? '' : num(job.objective)),
      h('td', {}, job.priority ?? ''),
      h('td', { class: 'num' }, job.startedAt ? duration(job.startedAt, job.finishedAt) : ''),
      h('td', {}, h('a', { href: link, class: 'mono' }, job.id))));
  }
}
