// The console's entry: the API key form, the banner, and a router over the URL's hash:
//   #/            the job list        #/new?kind=K&format=F   the submission form        #/jobs/{id}   a job

import { apiKey, setApiKey, keyIsRemembered } from './api.js';
import { h, clear } from './dom.js';
import { showJobList } from './jobs-list.js';
import { showSubmitForm } from './submit-form.js';
import { showJob } from './job-page.js';

const view = document.getElementById('view');
const banner = document.getElementById('banner');
let leaving = null; // the AbortController of the page shown: stops its polling and event stream when another is shown

function showKeyState() {
  document.getElementById('key-state').textContent = apiKey() ? (keyIsRemembered() ? 'key set (remembered)' : 'key set') : 'no key';
}

document.getElementById('key-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  setApiKey(input.value.trim(), document.getElementById('remember-key').checked);
  input.value = '';
  banner.hidden = true;
  showKeyState();
  route();
});

window.addEventListener('optservice:unauthorized', () => {
  clear(banner).append(h('strong', {}, 'This service needs an API key. '),
    apiKey() ? 'The key you gave is not one of its keys.' : 'Type it in the API key field above.');
  banner.hidden = false;
  document.getElementById('api-key').focus();
});

function route() {
  leaving?.abort();
  leaving = new AbortController();
  const signal = leaving.signal;
  const [path, query = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  const params = new URLSearchParams(query);
  for (const link of document.querySelectorAll('[data-nav]'))
    link.classList.toggle('active', (link.dataset.nav === 'new') === path.startsWith('/new') && !path.startsWith('/jobs/'));
  clear(view);
  const job = path.match(/^\/jobs\/([^/]+)$/);
  if (job) return showJob(view, decodeURIComponent(job[1]), signal);
  if (path.startsWith('/new')) return showSubmitForm(view, params, signal);
  return showJobList(view, params, signal);
}

window.addEventListener('hashchange', route);
showKeyState();
route();
