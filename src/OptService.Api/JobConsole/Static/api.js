// Every request of the console goes through here: the API key (if the user gave one) is sent as X-Api-Key,
// errors come back as ApiError carrying the RFC 9457 problem the API wrote.

const KEY_NAME = 'optservice.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY_NAME) ?? localStorage.getItem(KEY_NAME) ?? '';
}

/** Keeps the key for this tab, or also on this computer when `remember` (localStorage). An empty key forgets it. */
export function setApiKey(key, remember) {
  sessionStorage.removeItem(KEY_NAME);
  localStorage.removeItem(KEY_NAME);
  if (!key) return;
  (remember ? localStorage : sessionStorage).setItem(KEY_NAME, key);
}

export function keyIsRemembered() {
  return localStorage.getItem(KEY_NAME) !== null;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

function headers(extra) {
  const all = { ...extra };
  const key = apiKey();
  if (key) all['X-Api-Key'] = key;
  return all;
}

/** fetch() with the key; throws ApiError for any status the caller did not expect (2xx are fine). */
export async function request(path, { method = 'GET', body, contentType, signal, extraHeaders } = {}) {
  // credentials: 'omit': the key travels in X-Api-Key; without it a 401 would make the browser ask for Basic credentials.
  const init = { method, headers: headers({ ...(contentType ? { 'Content-Type': contentType } : {}), ...extraHeaders }), signal, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) init.body = body;
  const response = await fetch(path, init);
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = { title: response.statusText }; }
    const error = new ApiError(response.status, problem);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('optservice:unauthorized', { detail: error }));
    throw error;
  }
  return response;
}

export async function getJson(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

/** Downloads a job file through fetch (so that the key goes along) and hands it to the browser as a file. */
export async function download(url, name) {
  const response = await request(url);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

const sleep = (ms, signal) => new Promise(resolve => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

/**
 * Follows a job's server-sent events until `finished` (or until `signal` aborts). EventSource cannot send the
 * X-Api-Key header, so the stream is read with fetch() and parsed here (text/event-stream: id/event/data lines, a
 * blank line ends an event, ':' lines are comments). A dropped connection is resumed after the last event id with
 * Last-Event-ID, as EventSource would: no gap, no duplicate.
 */
export async function followEvents(jobId, onEvent, signal) {
  let lastId = null;
  while (!signal.aborted) {
    let retryMs = 2000;
    try {
      const extra = { Accept: 'text/event-stream' };
      if (lastId) extra['Last-Event-ID'] = lastId;
      const response = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers: headers(extra), signal, cache: 'no-store', credentials: 'omit' });
      if (response.status === 204) return;
      if (!response.ok) {
        let problem = null;
        try { problem = await response.json(); } catch { problem = null; }
        if (response.status !== 429 && response.status < 500) throw new ApiError(response.status, problem);
        retryMs = 1000 * (Number(response.headers.get('Retry-After')) || 2);
      } else {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        let event = {};
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let newline;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            let line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.endsWith('\r')) line = line.slice(0, -1);
            if (line === '') {
              if (event.data !== undefined) {
                if (event.id) lastId = event.id;
                const name = event.event || 'message';
                onEvent(name, JSON.parse(event.data));
                if (name === 'finished') return;
              }
              event = {};
              continue;
            }
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let text = colon < 0 ? '' : line.slice(colon + 1);
            if (text.startsWith(' ')) text = text.slice(1);
            if (field === 'data') event.data = event.data === undefined ? text : `${event.data}\n${text}`;
            else if (field === 'event') event.event = text;
            else if (field === 'id') event.id = text;
            else if (field === 'retry' && Number(text) > 0) retryMs = Number(text);
          }
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError) throw error;
      // network error: reconnect below
    }
    await sleep(retryMs, signal);
  }
}
