// Sessions view: every session (state, target vs achieved, errors, elapsed / remaining) polled
// every two seconds, and the create form, which shows each of the API's problems beside its field.
import { h, fmt, seconds } from './dom.js';
import * as api from './api.js';

const LIST_MS = 2000;

export function durationSeconds(d) {
  if (!d) return null;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(String(d).trim());
  if (!m) return null;
  const n = Number(m[1]);
  return { ms: n / 1000, s: n, m: n * 60, h: n * 3600 }[(m[2] || 's').toLowerCase()];
}

/** Figures of a SessionView for the list: target, achieved, errors, elapsed and remaining (s). */
export function figures(s, now = Date.now()) {
  const nodes = (s.board && s.board.nodes) || [];
  const active = s.state === 'RUNNING' || s.state === 'PAUSED';
  const achieved = nodes.reduce((a, n) => a + (n.achievedRps || 0), 0);
  const errors = s.summary ? s.summary.errors : nodes.reduce((a, n) => a + (n.failed || 0), 0);
  const started = s.startedAt ? Date.parse(s.startedAt) : null;
  const ended = s.endedAt ? Date.parse(s.endedAt) : null;
  const elapsed = started && now >= started ? ((ended || now) - started) / 1000 : null;
  const total = durationSeconds(s.spec && s.spec.duration);
  const remaining = total !== null && elapsed !== null && !ended ? Math.max(0, total - elapsed) : null;
  return { target: active ? s.board.targetRps : null, achieved: active ? achieved : null, errors, elapsed, remaining, nodes: nodes.length };
}

const FIELDS = [
  ['name', 'Name', 'text', 'optional, shown in lists and metrics'],
  ['targets', 'Targets', 'textarea', 'one URL a line (GET), or "METHOD URL"; or paste a siege URL file (URL, URL POST data, # comments)'],
  ['model', 'Load', 'select', ''],
  ['rps', 'Rate (requests/s)', 'number', 'open model: the whole cluster\'s rate'],
  ['stages', 'Stages', 'text', 'open model instead of a rate: ramps, e.g. 30s:100, 2m:500 (duration:rps)'],
  ['users', 'Users', 'number', 'closed model: virtual users for the whole cluster'],
  ['duration', 'Duration', 'text', 'e.g. 30s, 5m, 1h; empty = until stopped'],
  ['requests', 'Budget (requests)', 'number', 'never more are sent; empty = none'],
  ['concurrency', 'Concurrency', 'number', 'most requests in flight; empty = automatic'],
  ['timeout', 'Timeout', 'text', 'per request, default 30s'],
  ['warmup', 'Warm-up', 'text', 'sent in full, measured apart, e.g. 10s; empty = none (everything counts)'],
  ['thresholds', 'Thresholds', 'text', 'comma-separated, e.g. p99 < 200ms, errors < 1%'],
  ['engine', 'Engine', 'engine', ''],
];

const METHOD_URL = /^([A-Za-z]+)\s+(\S+)$/;

/**
 * The targets box as the spec's targets: a plain list (each line "URL" or "METHOD URL") is sent as
 * {targets}; anything else — a comment, a "URL POST data" line, a variable — is a siege URL file,
 * sent as {urlsFile} for the API to parse (it names each bad line: "urlsFile:line 4"), with each
 * "METHOD URL" line turned into siege's "URL METHOD" in place, so the line numbers are the box's.
 */
export function targetsOf(text) {
  const lines = String(text).split(/\r?\n/);
  const used = lines.map((l) => l.trim()).filter((l) => l);
  if (used.every((l) => !l.startsWith('#') && (/^\S+$/.test(l) || METHOD_URL.test(l)))) {
    return { targets: used.map((l) => {
      const m = METHOD_URL.exec(l);
      return m ? { url: m[2], method: m[1].toUpperCase() } : { url: l };
    }) };
  }
  return { urlsFile: lines.map((l) => {
    const m = METHOD_URL.exec(l.trim());
    return m && !m[1].includes('=') && /^[a-z][a-z0-9+.-]*:\/\//i.test(m[2]) ? m[2] + ' ' + m[1].toUpperCase() : l;
  }).join('\n') };
}

/** The spec the form describes (only the fields filled in). */
export function specOf(v) {
  const spec = {};
  if (v.name.trim()) spec.name = v.name.trim();
  Object.assign(spec, targetsOf(v.targets));
  // not a number: sent as typed, so the API names the field and says why
  const num = (x) => (String(x).trim() === '' ? undefined : Number.isFinite(Number(x)) ? Number(x) : String(x).trim());
  if (v.model === 'users') spec.users = num(v.users);
  else if (v.stages.trim()) {
    spec.stages = v.stages.split(',').map((x) => x.trim()).filter((x) => x).map((x) => {
      const [d, r] = x.split(':').map((y) => (y || '').trim());
      return { duration: d, rps: num(r || '') ?? r };
    });
    if (String(v.rps).trim()) spec.rps = num(v.rps);   // both given: the API says which to keep
  } else spec.rps = num(v.rps);
  if (v.engine && v.engine !== 'native') spec.engine = v.engine;
  if (v.duration.trim()) spec.duration = v.duration.trim();
  if (String(v.requests).trim()) spec.requests = num(v.requests);
  if (String(v.concurrency).trim()) spec.concurrency = num(v.concurrency);
  if (v.timeout.trim()) spec.timeout = v.timeout.trim();
  if (v.warmup && v.warmup.trim()) spec.warmup = v.warmup.trim();
  const th = v.thresholds.split(',').map((t) => t.trim()).filter((t) => t);
  if (th.length) spec.thresholds = th;
  return spec;
}

/** The form field an API problem names: "targets[0].url" → targets, "stages[1].rps" → stages; unknown → null. */
export function fieldOf(problemField) {
  if (!problemField) return null;
  if (/^urlsFile\b/.test(problemField)) return 'targets';   // the pasted URL file is the targets box
  const top = String(problemField).split(/[.[]/)[0];
  return FIELDS.some(([k]) => k === top) ? top : null;
}

/** What a problem beside its field starts with: "line 4: " for a URL file's line, the field's path when it is deeper ("targets[0].url: "). */
function label(field, k) {
  const line = /^urlsFile:line (\d+)$/.exec(field || '');
  if (line) return 'line ' + line[1] + ': ';
  return field !== k ? field + ': ' : '';
}

function createForm(onCreated) {
  const inputs = {};
  const errors = {};
  const general = h('div', { class: 'error', id: 'create-error' });
  const form = h('form', { class: 'spec', id: 'create-form', novalidate: true });
  for (const [key, label, type, hint] of FIELDS) {
    let input;
    if (type === 'textarea') input = h('textarea', { id: 'f-' + key, name: key, placeholder: 'http://127.0.0.1:9000/' });
    else if (type === 'select') {
      input = h('select', { id: 'f-' + key, name: key }, h('option', { value: 'rps' }, 'open: a rate (rps)'), h('option', { value: 'users' }, 'closed: users'));
    } else if (type === 'engine') {
      input = h('select', { id: 'f-' + key, name: key }, h('option', { value: 'native' }, 'native (default)'), h('option', { value: 'siege' }, 'siege'));
    } else input = h('input', { id: 'f-' + key, name: key, type: type === 'number' ? 'text' : type, inputmode: type === 'number' ? 'decimal' : null });
    inputs[key] = input;
    errors[key] = h('span', { class: 'error field-error', id: 'err-' + key, dataset: { field: key } });
    form.append(h('label', { for: 'f-' + key }, label), h('div', { class: 'field' }, input, hint ? h('span', { class: 'muted' }, hint) : null, errors[key]));
  }
  inputs.duration.value = '1m';
  const syncModel = () => {
    const users = inputs.model.value === 'users';
    inputs.rps.disabled = users;
    inputs.stages.disabled = users;
    inputs.users.disabled = !users;
  };
  inputs.model.addEventListener('change', syncModel);
  syncModel();
  const submit = h('button', { type: 'submit', id: 'create-submit' }, 'Create session');
  form.append(h('div', { class: 'submit' }, submit, general));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.values(errors).forEach((e) => { e.textContent = ''; });
    general.textContent = '';
    const values = Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]));
    submit.disabled = true;
    try {
      const s = await api.post('/api/v1/sessions', specOf(values));
      onCreated(s);
    } catch (e) {
      const rest = [];
      for (const p of e.problems || []) {
        const k = fieldOf(p.field);
        if (k) errors[k].textContent = (errors[k].textContent ? errors[k].textContent + '; ' : '') + label(p.field, k) + p.message;
        else rest.push((p.field ? p.field + ': ' : '') + p.message);
      }
      general.textContent = rest.length ? rest.join('; ') : (e.status === 400 ? '' : e.message);
      general.dataset.status = String(e.status);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export function sessionsView(root) {
  const body = h('tbody', { id: 'sessions-body' });
  const msg = h('p', { class: 'error', id: 'sessions-error' });
  root.replaceChildren(
    h('h2', {}, 'Sessions'), msg,
    h('table', { id: 'sessions' },
      h('thead', {}, h('tr', {}, ['Session', 'State', 'Target (rps)', 'Achieved (rps)', 'Errors', 'Nodes', 'Elapsed', 'Remaining'].map((t) => h('th', {}, t)))),
      body),
    h('h3', {}, 'New session'),
    createForm((s) => { location.hash = '#/sessions/' + encodeURIComponent(s.id); }));
  const refresh = async () => {
    try {
      const list = (await api.get('/api/v1/sessions')).sessions;
      body.replaceChildren(...(list.length ? list.map((s) => {
        const x = figures(s);
        return h('tr', { class: 'session', dataset: { session: s.id, state: s.state } },
          h('td', {}, h('a', { href: '#/sessions/' + encodeURIComponent(s.id) }, s.name || s.id), s.name ? h('span', { class: 'muted' }, ' ' + s.id) : ''),
          h('td', {}, s.state), h('td', { class: 'num' }, fmt(x.target)), h('td', { class: 'num' }, fmt(x.achieved)),
          h('td', { class: 'num' }, fmt(x.errors)), h('td', { class: 'num' }, fmt(x.nodes)),
          h('td', { class: 'num' }, seconds(x.elapsed)), h('td', { class: 'num' }, seconds(x.remaining)));
      }) : [h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'no sessions yet'))]));
      msg.textContent = '';
    } catch (e) {
      msg.textContent = 'sessions: ' + e.message;
    }
  };
  refresh();
  const t = setInterval(refresh, LIST_MS);
  return () => clearInterval(t);
}
