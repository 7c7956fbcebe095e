// What can be submitted, read from the service's own OpenAPI document: every submit route (JSON and each
// other format), its example body and its query parameters. A new kind appears here without changes.

import { getJson } from './api.js';

/** Job settings every submit route takes; the form has its own controls for them (or leaves them out). */
const JOB_SETTINGS = new Set(['priority', 'validateOnly', 'webhookUrl', 'webhookEvents', 'Idempotency-Key']);

let cached = null;

/** [{ name, summary, formats: [{ name, path, contentType, example, binary, parameters: [{name, description, schema}] }] }] */
export async function loadKinds() {
  if (cached) return cached;
  const document = await getJson('/openapi/v1.json');
  const kinds = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const match = path.match(/^\/api\/v1\/jobs\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?$/);
    const post = item.post;
    if (!match || !post?.requestBody?.content) continue;
    const [, kind, format] = match;
    const [contentType, media] = Object.entries(post.requestBody.content)[0];
    if (!kinds.has(kind)) kinds.set(kind, { name: kind, summary: '', formats: [] });
    const entry = kinds.get(kind);
    if (!format) entry.summary = post.description ?? post.summary ?? '';
    entry.formats.push({
      name: format ?? 'json',
      path,
      contentType,
      binary: !/json|text/.test(contentType),
      example: media.example === undefined || media.example === null ? ''
        : typeof media.example === 'string' ? media.example : JSON.stringify(media.example, null, 2),
      parameters: (post.parameters ?? []).filter(p => p.in === 'query' && !JOB_SETTINGS.has(p.name)),
    });
  }
  for (const entry of kinds.values()) entry.formats.sort((a, b) => (a.name === 'json' ? -1 : b.name === 'json' ? 1 : a.name.localeCompare(b.name)));
  cached = [...kinds.values()].sort((a, b) => a.name.localeCompare(b.name));
  return cached;
}
