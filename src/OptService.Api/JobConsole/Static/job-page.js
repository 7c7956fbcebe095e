// A job: its status, the log as it grows, a plot of the incumbent objective and bound over time, the result
// drawn for people, and its files. Everything live comes from the job's event stream (/events); the result,
// the incumbent solution and the file list are read when the stream says they changed.

import { getJson, request, download, followEvents } from './api.js';
import { h, clear, num, time, duration, badge, facts, problemView } from './dom.js';
import { lineChart } from './plot.js';
import { resultView } from './results.js';

const MAX_LOG_LINES = 5000;
const isTerminal = status => status === 'succeeded' || status === 'failed' || status === 'cancelled';
const INCUMBENT_REFRESH_MS = 2000;

export async function showJob(view, id, signal) {
  let job;
  try {
    job = await getJson(`/api/v1/jobs/${encodeURIComponent(id)}`, { signal });
  } catch (failure) {
    if (!signal.aborted) view.append(h('div', { class: 'page-head' }, h('h1', {}, 'Job')), problemView(failure));
    return;
  }
  const header = h('section', { id: 'job-summary' });
  const progress = h('section', { id: 'progress', class: 'panel' }, h('h2', {}, 'Incumbent objective and bound'), h('div', { id: 'incumbent-plot' }));
  const result = h('section', { id: 'result', class: 'panel' }, h('h2', {}, 'Result'), h('div', { id: 'result-body' }, h('p', { class: 'muted' }, 'Waiting for the solve…')));
  const files = h('section', { id: 'files', class: 'panel' }, h('h2', {}, 'Files'), h('div', { id: 'file-list' }, h('p', { class: 'muted' }, 'Listed when the job ends.')));
  const logBox = h('pre', { id: 'log', class: 'log', tabindex: 0 });
  const log = h('section', { id: 'log-panel', class: 'panel' }, h('h2', {}, 'Log ', h('span', { class: 'muted', id: 'log-count' }, '')), logBox);
  view.append(h('div', { class: 'page-head' }, h('h1', {}, `${job.kind} job`), h('a', { href: '#/' }, '← all jobs')),
    header, h('div', { class: 'columns' }, h('div', {}, progress, files), log), result);

  const incumbents = [];
  let lines = 0;
  let lastIncumbentFetch = 0;
  let incumbentTimer = null;
  let plotQueued = false;

  const renderHeader = () => {
    clear(header).append(
      h('div', { class: 'job-title' }, badge(job.status), h('code', { class: 'mono', id: 'job-id' }, job.id),
        job.status === 'queued' || job.status === 'running' ? h('button', { type: 'button', id: 'cancel', onclick: cancel }, 'Cancel') : null),
      facts([
        ['Outcome', job.outcome ? h('span', { id: 'job-outcome' }, job.outcome) : undefined],
        ['Objective', job.objective === undefined || job.objective === null ? undefined : h('span', { id: 'job-objective', 'data-value': job.objective }, num(job.objective, 10))],
        ['Best so far', isTerminal(job.status) || incumbents.length === 0 ? undefined : bestSoFar()],
        ['Created', time(job.createdAt)],
        ['Started', job.startedAt ? time(job.startedAt) : undefined],
        ['Run time', job.startedAt ? duration(job.startedAt, job.finishedAt) : undefined],
        ['Priority', job.priority],
        ['Attempts', job.attempts > 1 ? String(job.attempts) : undefined],
        ['Message', job.message],
        ['Error', job.error ? h('span', { class: 'error-text' }, job.error) : undefined],
      ]));
  };

  const bestSoFar = () => {
    const last = incumbents[incumbents.length - 1];
    return `${num(last.objective, 10)}${last.bound == null ? '' : ` (bound ${num(last.bound, 10)})`}, incumbent ${last.number}`;
  };

  const cancel = async () => {
    try {
      const response = await request(`/api/v1/jobs/${job.id}`, { method: 'DELETE' });
      job = await response.json();
      renderHeader();
    } catch (failure) {
      header.append(problemView(failure));
    }
  };

  const renderPlot = () => {
    plotQueued = false;
    if (incumbents.length === 0 && isTerminal(job.status)) {
      clear(progress.querySelector('#incumbent-plot')).append(h('p', { class: 'muted', id: 'no-incumbents' },
        'Incumbents are drawn as they arrive while this page is open; the service keeps only the newest, so a finished job has none to plot.'));
      return;
    }
    const start = new Date(job.startedAt ?? job.createdAt).getTime();
    const at = point => (new Date(point.time).getTime() - start) / 1000;
    const series = [{ name: 'objective', label: 'objective', step: true, className: 'objective', points: incumbents.filter(p => p.objective != null).map(p => [at(p), p.objective]) }];
    if (incumbents.some(p => p.bound != null))
      series.push({ name: 'bound', label: 'bound', step: true, className: 'bound', points: incumbents.filter(p => p.bound != null).map(p => [at(p), p.bound]) });
    clear(progress.querySelector('#incumbent-plot')).append(lineChart({ series, xLabel: 'seconds since the start', yLabel: 'objective', id: 'incumbent-chart' }));
  };
  const queuePlot = () => {
    if (plotQueued) return;
    plotQueued = true;
    requestAnimationFrame(renderPlot);
  };

  // While the job runs, show the newest incumbent solution (a roster, a trajectory), at most every two seconds.
  const refreshIncumbent = async () => {
    incumbentTimer = null;
    if (signal.aborted || job.status !== 'running' || finishedBefore) return;
    lastIncumbentFetch = Date.now();
    try {
      const solution = await getJson(`/api/v1/jobs/${job.id}/incumbent`, { signal });
      // An incumbent answered late must not replace the final result once that is on its way.
      if (job.status === 'running' && !finalRequested) showResult(solution, true);
    } catch {
      // none yet, or the job just ended: the finished event brings the result
    }
  };
  const scheduleIncumbent = () => {
    if (incumbentTimer) return;
    incumbentTimer = setTimeout(refreshIncumbent, Math.max(0, lastIncumbentFetch + INCUMBENT_REFRESH_MS - Date.now()));
  };

  const showResult = (solution, provisional) => {
    const target = clear(result.querySelector('#result-body'));
    if (provisional) target.append(h('p', { class: 'note' }, 'Best solution so far; the solve is still running.'));
    target.dataset.view = provisional ? 'incumbent' : 'result';
    target.append(resultView(job.kind, solution));
  };

  let finalRequested = false;
  const showFinal = async () => {
    finalRequested = true;
    renderHeader();
    const target = result.querySelector('#result-body');
    try {
      const solution = await getJson(`/api/v1/jobs/${job.id}/result`, { signal });
      showResult(solution, false);
    } catch (failure) {
      if (!signal.aborted) clear(target).append(problemView(failure));
    }
    await showFiles();
  };

  const showFiles = async () => {
    const list = clear(files.querySelector('#file-list'));
    try {
      const artifacts = await getJson(`/api/v1/jobs/${job.id}/artifacts`, { signal });
      if (artifacts.length === 0) { list.append(h('p', { class: 'muted' }, 'No files.')); return; }
      list.append(h('ul', { class: 'files' }, artifacts.map(file => h('li', {},
        h('a', { href: file.url, 'data-file': file.name, onclick: event => { event.preventDefault(); download(file.url, file.name).catch(failure => list.append(problemView(failure))); } }, file.name),
        h('span', { class: 'muted' }, ` ${file.contentType}${file.size == null ? ', written at first download' : `, ${num(file.size)} bytes`}`)))));
    } catch (failure) {
      if (!signal.aborted) list.append(problemView(failure));
    }
  };

  renderHeader();
  renderPlot();
  // A finished job's stream replays its history: show its result at once, and let the replay fill log and plot.
  const finishedBefore = isTerminal(job.status);
  if (finishedBefore) showFinal();

  const onEvent = (name, data) => {
    switch (name) {
      case 'status':
        if (isTerminal(job.status)) break; // replayed history of a finished job, or a late event after 'finished'
        job = { ...job, status: data.status, attempts: data.attempt ?? job.attempts };
        if (data.status === 'running' && data.time) job.startedAt = data.time;
        renderHeader();
        break;
      case 'log':
        if (lines >= MAX_LOG_LINES) logBox.firstChild?.remove();
        else lines++;
        logBox.append(h('span', { class: `log-line level-${data.level}` }, `${new Date(data.time).toLocaleTimeString()}  ${data.message}\n`));
        document.getElementById('log-count').textContent = `(${data.seq} lines)`;
        if (logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < 80) logBox.scrollTop = logBox.scrollHeight;
        break;
      case 'incumbent':
        incumbents.push(data);
        queuePlot();
        scheduleIncumbent();
        break;
      case 'finished':
        job = data;
        queuePlot();
        if (!finishedBefore) showFinal();
        break;
      default:
        break;
    }
  };
  // the header's run time ticks while the job runs
  const ticker = setInterval(() => { if (job.status === 'running') renderHeader(); }, 1000);
  signal.addEventListener('abort', () => { clearInterval(ticker); clearTimeout(incumbentTimer); }, { once: true });
  try {
    await followEvents(job.id, onEvent, signal);
  } catch (failure) {
    if (!signal.aborted) header.append(problemView(failure));
  }
}
