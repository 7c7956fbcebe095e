// The submission form: any kind, any of its formats, the example prefilled; the format's query parameters as
// fields; Check (?validateOnly=true) or Submit. A 400 lists every field with its reasons, as the API wrote them.

import { request } from './api.js';
import { h, clear, facts, problemView } from './dom.js';
import { loadKinds } from './openapi.js';

export async function showSubmitForm(view, params, signal) {
  view.append(h('div', { class: 'page-head' }, h('h1', {}, 'New job')));
  let kinds;
  try {
    kinds = await loadKinds();
  } catch (failure) {
    view.append(problemView(failure));
    return;
  }
  if (signal.aborted) return;
  const kind = kinds.find(k => k.name === params.get('kind')) ?? kinds.find(k => k.name === 'transshipment') ?? kinds[0];
  const format = kind.formats.find(f => f.name === params.get('format')) ?? kind.formats[0];

  const kindSelect = h('select', { id: 'kind' }, kinds.map(k => h('option', { value: k.name, selected: k === kind }, k.name)));
  const formatSelect = h('select', { id: 'format' },
    kind.formats.map(f => h('option', { value: f.name, selected: f === format }, f.name === 'json' ? 'JSON' : `${f.name} (${f.contentType})`)));
  const go = () => { location.hash = `#/new?kind=${encodeURIComponent(kindSelect.value)}&format=${encodeURIComponent(formatSelect.value)}`; };
  kindSelect.addEventListener('change', () => { formatSelect.value = 'json'; go(); });
  formatSelect.addEventListener('change', go);

  const body = h('textarea', { id: 'body', rows: 22, spellcheck: 'false', class: 'mono', hidden: format.binary }, format.example);
  let fileBytes = null;
  const file = h('input', { type: 'file', id: 'file' });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    if (format.binary) fileBytes = await chosen.arrayBuffer();
    else body.value = await chosen.text();
  });
  const fields = format.parameters.map(parameter => h('label', { class: 'param', title: parameter.description ?? '' },
    h('span', {}, parameter.name),
    parameter.schema?.type === 'boolean'
      ? h('select', { 'data-param': parameter.name }, h('option', { value: '' }, 'default'), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'))
      : h('input', { 'data-param': parameter.name, placeholder: placeholder(parameter.schema), inputmode: /number|integer/.test(parameter.schema?.type ?? '') ? 'decimal' : undefined })));
  const priority = h('select', { id: 'priority' }, ['normal', 'high', 'low'].map(p => h('option', { value: p }, p)));
  const outcome = h('div', { id: 'submit-outcome' });
  const check = h('button', { type: 'button', id: 'check' }, 'Check');
  const submit = h('button', { type: 'submit', id: 'submit', class: 'primary' }, 'Submit');
  const form = h('form', { class: 'submit', id: 'submit-form' },
    h('p', { class: 'muted' }, kind.summary),
    h('div', { class: 'row' }, h('label', {}, 'Kind ', kindSelect), h('label', {}, 'Format ', formatSelect),
      h('label', {}, 'Priority ', priority), h('label', {}, format.binary ? 'File ' : 'Load a file ', file)),
    format.binary ? h('p', { class: 'muted' }, `This format is binary (${format.contentType}): choose a file.`) : null,
    body,
    fields.length ? h('fieldset', {}, h('legend', {}, 'Options of this format'), fields) : null,
    h('div', { class: 'row' }, submit, check, h('button', { type: 'button', onclick: () => { body.value = format.example; } }, 'Reset to the example')),
    outcome);
  view.append(form);

  const send = async validateOnly => {
    clear(outcome);
    const query = new URLSearchParams();
    for (const input of form.querySelectorAll('[data-param]')) if (input.value.trim() !== '') query.set(input.dataset.param, input.value.trim());
    if (priority.value !== 'normal') query.set('priority', priority.value);
    if (validateOnly) query.set('validateOnly', 'true');
    const payload = format.binary ? fileBytes : body.value;
    if (format.binary && !payload) {
      outcome.append(h('div', { class: 'error' }, 'Choose a file first.'));
      return;
    }
    submit.disabled = check.disabled = true;
    try {
      const response = await request(`${format.path}${query.size ? `?${query}` : ''}`, { method: 'POST', body: payload, contentType: format.contentType });
      const answer = await response.json();
      if (validateOnly) {
        outcome.append(h('div', { class: 'ok', id: 'check-ok' }, h('strong', {}, 'Valid. '), 'Nothing was queued.',
          facts(Object.entries(answer.summary ?? {}).map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]))));
      } else {
        location.hash = `#/jobs/${answer.id}`;
      }
    } catch (failure) {
      outcome.append(problemView(failure));
    } finally {
      submit.disabled = check.disabled = false;
    }
  };
  form.addEventListener('submit', event => { event.preventDefault(); send(false); });
  check.addEventListener('click', () => send(true));
}

function placeholder(schema) {
  if (!schema) return '';
  const parts = [schema.type === 'integer' ? 'whole number' : schema.type ?? ''];
  if (schema.minimum !== undefined || schema.exclusiveMinimum !== undefined) parts.push(`≥ ${schema.minimum ?? `> ${schema.exclusiveMinimum}`}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.enum) return schema.enum.join(' | ');
  return parts.filter(Boolean).join(', ');
}

