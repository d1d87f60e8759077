// The admin UI: hash routes #/cluster, #/sessions, #/sessions/{id}; the token kept in sessionStorage.
import * as api from './api.js';
import { clusterView } from './cluster.js';
import { sessionsView } from './sessions.js';
import { sessionView } from './session.js';

const view = document.getElementById('view');
const bannerEl = document.getElementById('banner');
let stopView = null;
let quorumMsg = null, apiMsg = null;

function showBanner() {
  const text = [quorumMsg, apiMsg].filter((x) => x).join(' · ');
  bannerEl.textContent = text;
  bannerEl.hidden = !text;
}

function setQuorumBanner(text) { quorumMsg = text; showBanner(); }

api.onApiError((e) => {
  if (e.status === 401) apiMsg = 'Not authorized (401): ' + e.message + '. Set the API token (api.token) above.';
  else if (e.status === 503) apiMsg = 'Unavailable (503): ' + e.message;
  else if (e.status === 0) apiMsg = e.message;
  else return;
  showBanner();
  clearTimeout(showBanner.timer);
  showBanner.timer = setTimeout(() => { apiMsg = null; showBanner(); }, 15000);
});

function tokenUi() {
  const input = document.getElementById('token-input');
  const state = document.getElementById('token-state');
  const show = () => { state.textContent = api.token() ? 'token set' : 'no token'; };
  document.getElementById('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    api.setToken(input.value.trim());
    input.value = '';
    apiMsg = null; showBanner(); show();
  });
  document.getElementById('token-clear').addEventListener('click', () => { api.setToken(''); show(); });
  show();
}

function route() {
  if (stopView) { stopView(); stopView = null; }
  const hash = location.hash || '#/cluster';
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', hash.startsWith(a.getAttribute('href'))));
  const m = /^#\/sessions\/([^/]+)$/.exec(hash);
  quorumMsg = null; showBanner();
  if (m) stopView = sessionView(view, decodeURIComponent(m[1]));
  else if (hash.startsWith('#/sessions')) stopView = sessionsView(view);
  else stopView = clusterView(view, setQuorumBanner);
  view.dataset.view = m ? 'session' : hash.startsWith('#/sessions') ? 'sessions' : 'cluster';
}

tokenUi();
window.addEventListener('hashchange', () => { route(); ready(); });
route();
// the header's quorum badge on every view: from /health/ready (reads no map, open to all)
async function ready() {
  try {
    const r = await fetch('/health/ready', { cache: 'no-store' });
    const j = await r.json();
    const { quorumBadge, quorumText } = await import('./cluster.js');
    quorumBadge(document.getElementById('quorum-badge'), j.quorum);
    // the cluster view sets the banner from its stream; every other view from here
    if (view.dataset.view !== 'cluster') setQuorumBanner(quorumText(j.quorum));
  } catch (e) { /* the node is gone: the banner says so on the next call */ }
}
ready();
setInterval(ready, 5000);
