// Session page: live charts (target vs achieved rate; each node's rate; corrected p50/p90/p99 and
// service p99; errors per second by kind) from GET /api/v1/sessions/{id}/stream, tiles, each node's
// share, what changed (events), update, stop, delete; once it ended, the report (report.js).
import { h, fmt, seconds, confirmDialog } from './dom.js';
import * as api from './api.js';
import { live } from './live.js';
import { MAX_POINTS, Series, chart, NodeStack, ErrorRates, errorsPct, latencyLines } from './charts.js';
import { reportView } from './report.js';
import { eventLog, fromFrame, markGroups } from './events.js';

export { MAX_POINTS, Series, latencyLines };

function pollFrame(id) {
  return async () => {
    const s = await api.get('/api/v1/sessions/' + encodeURIComponent(id));
    const nodes = (s.board && s.board.nodes) || [];
    const active = s.state === 'RUNNING' || s.state === 'PAUSED';
    return {
      at: new Date().toISOString(), id: s.id, name: s.name, state: s.state, version: s.version,
      targetRps: active ? s.board.targetRps : null,
      achievedRps: active ? nodes.reduce((a, n) => a + (n.achievedRps || 0), 0) : null,
      requests: s.summary ? s.summary.requests : null, errors: s.summary ? s.summary.errors : null,
      latency: { corrected: { p99Ms: s.summary ? s.summary.p99Ms : null }, service: {} },
      nodes, events: [],
    };
  };
}

export function sessionView(root, id) {
  const tiles = {};
  const tile = (k, label) => { tiles[k] = h('div', { class: 'v', id: 'tile-' + k }, '–'); return h('div', { class: 'tile' }, tiles[k], h('div', { class: 'k' }, label)); };
  const title = h('h2', { id: 'session-title' }, 'Session ' + id);
  const mode = h('span', { class: 'live muted', id: 'session-live' });
  const msg = h('p', { class: 'error', id: 'session-error' });
  const rateEl = h('div', { class: 'chart', id: 'rate-chart', dataset: { points: '0', marks: '0' } });
  const latEl = h('div', { class: 'chart', id: 'latency-chart', dataset: { points: '0', thresholds: '0', series: '4', p90Points: '0' } });
  const errEl = h('div', { class: 'chart', id: 'errors-chart' });
  const nodesEl = h('div', { class: 'chart', id: 'nodes-chart', dataset: { points: '0', nodes: '0' } });
  const points = h('span', { id: 'rate-points' }, '0');
  const nodesBody = h('tbody', { id: 'session-nodes' });
  const eventsList = h('ul', { id: 'session-events' });
  const stopBtn = h('button', { id: 'session-stop' }, 'Stop');
  const deleteBtn = h('button', { id: 'session-delete' }, 'Delete');
  const upd = updateControls(id, msg);
  root.replaceChildren(
    h('p', {}, h('a', { href: '#/sessions' }, '← Sessions')),
    h('div', {}, title, ' ', mode), msg,
    h('div', { class: 'tiles' }, tile('state', 'state'), tile('target', 'target rps'), tile('achieved', 'achieved rps'),
      tile('requests', 'requests'), tile('errors', 'errors'), tile('p99', 'corrected p99 (ms)'),
      tile('elapsed', 'elapsed'), tile('remaining', 'remaining')),
    h('div', { class: 'actions updates' }, ...upd.rows, h('p', {}, stopBtn, deleteBtn)),
    rateEl, nodesEl, latEl, errEl,
    h('p', { class: 'muted', id: 'live-points' }, 'points: ', points, ' (the last ', String(MAX_POINTS), ' seconds are kept)'),
    h('h3', {}, 'Nodes (whiteboard)'),
    h('table', { id: 'session-board' }, h('thead', {}, h('tr', {}, ['Node', 'Weight (cores)', 'Cap (rps)', 'Ceiling (rps)', 'Share (rps)', 'Users',
      'Achieved (rps)', 'Lease (s left)', 'Drained'].map((t) => h('th', {}, t)))), nodesBody),
    h('h3', {}, 'What changed'), eventsList);

  const marks = { events: [], lines: [] };
  const noLines = { events: marks.events, lines: [] };
  const rate = chart(rateEl, 'Rate', 'requests/s', ['target', 'achieved'], ['#888', '#2f5fb3'], noLines);
  const lat = chart(latEl, 'Latency', 'ms', ['corrected p50', 'corrected p90', 'corrected p99', 'service p99'],
    ['#7aa0d8', '#e07b00', '#b3261e', '#1b7f3b'], marks);
  const errs = new ErrorRates(errEl, noLines);
  const stack = new NodeStack(nodesEl, noLines);
  const base = '/api/v1/sessions/' + encodeURIComponent(id) + '/report';
  const reports = h('p', { id: 'session-report', hidden: true }, 'Report: ',
    h('a', { href: base + '?format=html', target: '_blank', rel: 'noopener', id: 'report-html' }, 'HTML'), ' · ',
    h('a', { href: base + '?format=siege', download: id + '.txt', id: 'report-siege' }, 'siege summary'), ' · ',
    h('a', { href: base, download: id + '.json', id: 'report-json' }, 'JSON'), ' · ',
    h('a', { href: base + '?format=csv', download: id + '.csv', id: 'report-csv' }, 'CSV (per second)'));
  const reportEl = h('section', { id: 'report', hidden: true });
  root.insertBefore(reports, rateEl);
  root.insertBefore(reportEl, rateEl);
  const liveCharts = [rateEl, nodesEl, latEl, errEl, root.querySelector('#live-points')];
  const rs = new Series(2), ls = new Series(4);
  let state = null, report = null;

  const onFrame = (f, how) => {
    mode.textContent = how === 'stream' ? '● live' : '● polling';
    mode.dataset.mode = how;
    if (f.unavailable) { msg.textContent = 'the cluster did not answer: ' + f.unavailable; return; }
    msg.textContent = '';
    state = f.state;
    title.textContent = (f.name || 'Session') + ' ' + f.id;
    tiles.state.textContent = f.state;
    tiles.target.textContent = fmt(f.targetRps);
    tiles.achieved.textContent = fmt(f.achievedRps);
    tiles.requests.textContent = fmt(f.requests);
    tiles.errors.textContent = fmt(f.errors);
    const c = (f.latency && f.latency.corrected) || {}, s = (f.latency && f.latency.service) || {};
    tiles.p99.textContent = fmt(c.p99Ms, 2);
    tiles.elapsed.textContent = seconds(f.elapsedS);
    tiles.remaining.textContent = seconds(f.remainingS);
    stopBtn.disabled = !(f.state === 'RUNNING' || f.state === 'PAUSED' || f.state === 'PENDING');
    upd.buttons.forEach((btn) => { btn.disabled = stopBtn.disabled; });
    deleteBtn.disabled = !(f.state === 'FINISHED' || f.state === 'FAILED');
    const t = Date.parse(f.at) / 1000;   // cluster time, s (fractional: two frames never share a point)
    if (f.achievedRps !== null && f.achievedRps !== undefined && rs.push(t, f.targetRps, f.achievedRps)) {
      rate.setData(rs.cols);
      stack.push(t, f.nodes || []);
      errs.push(t, f.errorsByKind, f.achievedRps);
      rateEl.dataset.points = String(rs.length);
      points.textContent = String(rs.length);
    }
    if (c.p99Ms !== null && c.p99Ms !== undefined && ls.push(t, c.p50Ms, c.p90Ms, c.p99Ms, s.p99Ms)) {
      lat.setData(ls.cols);
      latEl.dataset.points = String(ls.length);
      latEl.dataset.p90Points = String(ls.cols[2].filter((v) => v !== null).length);
    }
    frameAt = Date.parse(f.at);
    frameNodes = f.nodes || [];
    showBoard();
    const ended = f.state === 'FINISHED' || f.state === 'FAILED';
    reports.hidden = !ended;
    if (ended && !report) {
      reportEl.hidden = false;
      report = reportView(reportEl, id);
      // opened after the end: the live charts have nothing to show, the report's charts have it all
      if (!rs.length) liveCharts.forEach((el) => { el.hidden = true; });
    }
    if (eventsList.dataset.source !== 'log') showEvents((f.events || []).map(fromFrame));
  };

  // the whiteboard table: the frame's figures per node, with the node's weight (cores), cap and the
  // ceiling it told this session (GET /api/v1/nodes) and its lease (the session's board) against the frame's time
  let frameAt = null, frameNodes = [], nodeInfo = new Map(), leases = new Map();
  const showBoard = () => {
    nodesBody.replaceChildren(...frameNodes.map((n) => {
      const info = nodeInfo.get(n.id);
      const ceiling = info && info.ceilings ? info.ceilings[id] : undefined;
      const lease = leases.get(n.id);
      const left = lease && frameAt ? (Date.parse(lease) - frameAt) / 1000 : null;
      return h('tr', { dataset: { node: n.id } },
        h('td', {}, n.id), h('td', { class: 'num weight' }, info ? fmt(info.cores) : '–'),
        h('td', { class: 'num cap' }, info ? (info.capacityRps ? fmt(info.capacityRps) : 'auto') : '–'),
        h('td', { class: 'num ceiling', title: ceiling === null ? 'no ceiling told (none measured under a cap)' : null }, ceiling === null || ceiling === undefined ? '–' : fmt(ceiling)),
        h('td', { class: 'num share' }, fmt(n.shareRps)), h('td', { class: 'num' }, fmt(n.users)),
        h('td', { class: 'num' }, fmt(n.achievedRps)),
        h('td', { class: 'num lease', title: lease ? 'expires ' + lease : null }, left === null ? '–' : fmt(left, 1)),
        h('td', {}, n.drained ? 'yes' : 'no'));
    }));
  };
  const readBoard = async () => {
    try {
      const [nodes, s] = await Promise.all([api.get('/api/v1/nodes'), api.get('/api/v1/sessions/' + encodeURIComponent(id))]);
      nodeInfo = new Map((nodes.nodes || []).map((n) => [n.id, n]));
      leases = new Map(((s.board && s.board.nodes) || []).map((n) => [n.id, n.leaseExpiresAt]));
      showBoard();
    } catch (e) { /* without quorum the frames still come; the columns wait */ }
  };
  readBoard();
  const boardTimer = setInterval(readBoard, 2000);
  stopBtn.addEventListener('click', async () => {
    if (!await confirmDialog('Stop session ' + id + ': no new requests are sent; it is FINISHED once every node drained the requests in flight.')) return;
    try { await api.post('/api/v1/sessions/' + encodeURIComponent(id) + '/stop'); } catch (e) { msg.textContent = 'stop: ' + e.message; }
  });
  deleteBtn.addEventListener('click', async () => {
    if (!await confirmDialog('Delete session ' + id + ' with its stats and report. This cannot be undone.')) return;
    try { await api.del('/api/v1/sessions/' + encodeURIComponent(id)); location.hash = '#/sessions'; } catch (e) { msg.textContent = 'delete: ' + e.message; }
  });

  // the marks and the list: from the session's event log when the node keeps one, else from the frames
  const showEvents = (evs) => {
    if (!evs.length) return;
    marks.events.push(...markGroups(evs));
    while (marks.events.length > 500) marks.events.shift();
    rateEl.dataset.marks = String(marks.events.length);
    for (const e of evs) {
      eventsList.prepend(h('li', { class: 'event', dataset: { kind: e.kind } },
        (e.at || '').replace('T', ' ').replace('Z', ''), ' ', e.kind, e.node ? ' ' + e.node : '', e.text ? ': ' + e.text : ''));
      while (eventsList.children.length > 200) eventsList.lastChild.remove();
    }
  };
  const stopLog = eventLog(id, api.get, (evs) => {
    if (eventsList.dataset.source !== 'log') {
      eventsList.dataset.source = 'log';
      marks.events.length = 0;
      eventsList.replaceChildren();
      rateEl.dataset.marks = '0';
    }
    showEvents(evs);
    if (evs.length) [rate, lat].forEach((u) => u.redraw(false, false));
  }, () => { eventsList.dataset.source = 'frames'; });

  const stop = live('/api/v1/sessions/' + encodeURIComponent(id) + '/stream', 'session', pollFrame(id), onFrame,
    () => { msg.textContent = 'this session was deleted'; });
  api.get('/api/v1/sessions/' + encodeURIComponent(id)).then((s) => {
    upd.fill(s.spec || {});
    marks.lines.push(...latencyLines(s.spec && s.spec.thresholds, ['p99']));   // the chart's service series is p99
    latEl.dataset.thresholdValues = marks.lines.map((l) => l.value).join(',');
    errs.setLimit(errorsPct(s.spec && s.spec.thresholds));
    latEl.dataset.thresholds = String(marks.lines.length);
    lat.redraw(false, true);
  }).catch((e) => { msg.textContent = e.status === 404 ? 'no session ' + id : e.message; });
  return () => { stop(); stopLog(); clearInterval(boardTimer); rate.destroy(); lat.destroy(); stack.destroy(); errs.destroy(); if (report) report(); void state; };
}

/** What the session page can change while it runs (the API's PATCH takes rps, stages, users, requests, duration, targets). */
const UPDATES = [
  ['rps', 'Rate', 'Set rate', 'requests/s', (id, v) => 'Change the target rate of session ' + id + ' to ' + v + ' requests/s for the whole cluster; the nodes\' shares are re-split at the next round.'],
  ['duration', 'Duration', 'Set duration', 'e.g. 90s, 5m', (id, v) => 'Change the duration of session ' + id + ' to ' + v + ', counted from its start: it stops then (at once if that time has passed).'],
  ['requests', 'Budget', 'Set budget', 'requests', (id, v) => 'Change the request budget of session ' + id + ' to ' + v + ' requests: it stops once the cluster has sent that many.'],
];

/**
 * The update controls: a field and a button each, confirmed first; the API's problems are shown
 * beside the field they name, the rest in msg. A number field is sent as a number when it is one,
 * else as typed (so the API says why).
 */
function updateControls(id, msg) {
  const inputs = {}, errors = {}, buttons = [], rows = [];
  for (const [key, label, button, hint, say] of UPDATES) {
    const input = h('input', { id: 'update-' + key, type: 'text', inputmode: key === 'duration' ? null : 'decimal', size: 8, placeholder: hint });
    const btn = h('button', { id: key === 'rps' ? 'update-submit' : 'update-' + key + '-submit' }, button);
    const err = h('span', { class: 'error field-error', id: 'err-update-' + key, dataset: { field: key } });
    inputs[key] = input; errors[key] = err; buttons.push(btn);
    rows.push(h('p', { class: 'update' }, h('label', { for: 'update-' + key }, label + ' '), input, ' ', btn, ' ', err));
    btn.addEventListener('click', async () => {
      const typed = input.value.trim();
      if (!await confirmDialog(say(id, typed))) return;
      const v = key === 'duration' || !Number.isFinite(Number(typed)) || typed === '' ? typed : Number(typed);
      Object.values(errors).forEach((e) => { e.textContent = ''; });
      try {
        await api.patch('/api/v1/sessions/' + encodeURIComponent(id), { [key]: v });
        msg.textContent = '';
      } catch (e) {
        const rest = [];
        for (const p of e.problems || []) {
          const top = p.field ? String(p.field).split(/[.[]/)[0] : null;
          if (errors[top]) errors[top].textContent = (errors[top].textContent ? errors[top].textContent + '; ' : '') + p.message;
          else rest.push((p.field ? p.field + ': ' : '') + p.message);
        }
        msg.textContent = rest.length ? 'update: ' + rest.join('; ') : '';
      }
    });
  }
  const fill = (spec) => {
    for (const k of Object.keys(inputs)) if (spec[k] !== undefined && spec[k] !== null) inputs[k].value = spec[k];
  };
  return { inputs, buttons, rows, fill };
}
