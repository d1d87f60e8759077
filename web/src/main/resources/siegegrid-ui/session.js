// Session page: live charts (target vs achieved rate; corrected p50/p99 and service p99) from
// GET /api/v1/sessions/{id}/stream, tiles, each node's share, what changed (events), update, stop, delete.
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import { h, fmt, seconds, confirmDialog } from './dom.js';
import * as api from './api.js';
import { live } from './live.js';

/** Points kept per series: an hour a second. */
export const MAX_POINTS = 3600;

/** Columns for uPlot, bounded: [times, ...series]. */
export class Series {
  constructor(n) { this.cols = Array.from({ length: n + 1 }, () => []); }
  push(t, ...values) {
    const last = this.cols[0].length ? this.cols[0][this.cols[0].length - 1] : -Infinity;
    if (t <= last) return false;
    this.cols[0].push(t);
    values.forEach((v, i) => this.cols[i + 1].push(v === undefined ? null : v));
    if (this.cols[0].length > MAX_POINTS) this.cols.forEach((c) => c.shift());
    return true;
  }
  get length() { return this.cols[0].length; }
}

const MARK_COLORS = { share: '#9a6700', updated: '#2f5fb3', state: '#b3261e', joined: '#1b7f3b', left: '#b3261e' };

/**
 * Draws the marks on a chart: vertical lines at the events' times (what changed: a share re-split,
 * an update, a state change, a node joining or leaving) and dashed horizontal lines at thresholds.
 */
function marksPlugin(marks) {
  return {
    hooks: {
      draw: [(u) => {
        const ctx = u.ctx, { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.lineWidth = 1;
        for (const m of marks.events) {
          const x = u.valToPos(m.t, 'x', true);
          if (x < left || x > left + width) continue;
          ctx.strokeStyle = MARK_COLORS[m.kind] || '#666';
          ctx.setLineDash([]);
          ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
          ctx.fillStyle = ctx.strokeStyle;
          ctx.font = '10px sans-serif';
          const w = ctx.measureText(m.label).width;
          ctx.fillText(m.label, x + 3 + w > left + width ? x - 3 - w : x + 3, top + 10);
        }
        for (const t of marks.lines) {
          const y = u.valToPos(t.value, 'y', true);
          if (y < top || y > top + height) continue;
          ctx.strokeStyle = '#b3261e';
          ctx.setLineDash([6, 4]);
          ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + width, y); ctx.stroke();
          ctx.fillStyle = '#b3261e';
          ctx.font = '10px sans-serif';
          ctx.fillText(t.label, left + 4, y - 3);
        }
        ctx.restore();
      }],
    },
  };
}

function chart(el, title, unit, names, colors, marks) {
  const width = Math.max(320, (el.clientWidth || 900) - 16);
  return new uPlot({
    title, width, height: 220,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max, ...marks.lines.map((l) => l.value * 1.1), 1)] } },
    axes: [{}, { label: unit, size: 60 }],
    series: [{}, ...names.map((n, i) => ({ label: n, stroke: colors[i], width: 2, spanGaps: false }))],
    plugins: [marksPlugin(marks)],
  }, [[], ...names.map(() => [])], el);
}

const NODE_COLORS = ['#2f5fb3', '#e07b00', '#1b7f3b', '#8e44ad', '#b3261e', '#00838f', '#6d4c41', '#c2185b'];

/**
 * Each node's achieved rate, stacked: series i is the sum of the first i+1 nodes (in the order they
 * appeared), filled, so each band is one node's contribution and the top is the cluster's rate.
 * A node that appears later gets a series then (its earlier points empty).
 */
class NodeStack {
  constructor(el, marks) {
    this.ids = [];
    this.t = [];
    this.rows = [];   // per point: {id: achieved}
    this.el = el;
    this.u = new uPlot({
      title: 'Achieved rate per node (stacked)', width: Math.max(320, (el.clientWidth || 900) - 16), height: 200,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max, 1)] } },
      axes: [{}, { label: 'requests/s', size: 60 }],
      series: [{}],
      plugins: [marksPlugin(marks)],
    }, [[]], el);
  }

  push(t, nodes) {
    const row = {};
    for (const n of nodes) {
      row[n.id] = n.achievedRps || 0;
      if (!this.ids.includes(n.id)) {
        const c = NODE_COLORS[this.ids.length % NODE_COLORS.length];
        this.ids.push(n.id);
        // the newest node is the top of the stack: drawn first, the lower bands painted over it
        this.u.addSeries({ label: n.id, stroke: c, fill: c, width: 1 }, 1);
      }
    }
    this.t.push(t);
    this.rows.push(row);
    if (this.t.length > MAX_POINTS) { this.t.shift(); this.rows.shift(); }
    const stacked = [];
    let below = this.rows.map(() => 0);
    for (const id of this.ids) {
      const mine = this.rows.map((r, i) => (r[id] === undefined ? null : below[i] + r[id]));
      below = below.map((b, i) => (mine[i] === null ? b : mine[i]));
      stacked.push(mine);
    }
    this.u.setData([this.t.slice(), ...stacked.reverse()]);
    this.el.dataset.points = String(this.t.length);
    this.el.dataset.nodes = String(this.ids.length);
  }

  destroy() { this.u.destroy(); }
}

/** Latency thresholds of the spec ("p99 < 200ms", "p95<1s") as lines: [{value (ms), label}]. */
export function latencyLines(thresholds) {
  const out = [];
  for (const t of thresholds || []) {
    const m = /^\s*(p\d+(?:\.\d+)?|mean|max)\s*(<=?)\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(t);
    if (m) out.push({ value: Number(m[3]) * (m[4].toLowerCase() === 's' ? 1000 : 1), label: t.trim() });
  }
  return out;
}

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
  const latEl = h('div', { class: 'chart', id: 'latency-chart', dataset: { points: '0', thresholds: '0' } });
  const nodesEl = h('div', { class: 'chart', id: 'nodes-chart', dataset: { points: '0', nodes: '0' } });
  const points = h('span', { id: 'rate-points' }, '0');
  const nodesBody = h('tbody', { id: 'session-nodes' });
  const eventsList = h('ul', { id: 'session-events' });
  const rateInput = h('input', { id: 'update-rps', type: 'text', inputmode: 'decimal', size: 8 });
  const stopBtn = h('button', { id: 'session-stop' }, 'Stop');
  const deleteBtn = h('button', { id: 'session-delete' }, 'Delete');
  const updateBtn = h('button', { id: 'update-submit' }, 'Set rate');
  root.replaceChildren(
    h('p', {}, h('a', { href: '#/sessions' }, '← Sessions')),
    h('div', {}, title, ' ', mode), msg,
    h('div', { class: 'tiles' }, tile('state', 'state'), tile('target', 'target rps'), tile('achieved', 'achieved rps'),
      tile('requests', 'requests'), tile('errors', 'errors'), tile('p99', 'corrected p99 (ms)'),
      tile('elapsed', 'elapsed'), tile('remaining', 'remaining')),
    h('p', { class: 'actions' }, 'Rate ', rateInput, ' ', updateBtn, ' ', stopBtn, deleteBtn),
    rateEl, nodesEl, latEl,
    h('p', { class: 'muted' }, 'points: ', points, ' (the last ', String(MAX_POINTS), ' seconds are kept)'),
    h('h3', {}, 'Nodes (whiteboard)'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Node', 'Share (rps)', 'Users', 'Achieved (rps)', 'Drained'].map((t) => h('th', {}, t)))), nodesBody),
    h('h3', {}, 'What changed'), eventsList);

  const marks = { events: [], lines: [] };
  const noLines = { events: marks.events, lines: [] };
  const rate = chart(rateEl, 'Rate', 'requests/s', ['target', 'achieved'], ['#888', '#2f5fb3'], noLines);
  const lat = chart(latEl, 'Latency', 'ms', ['corrected p50', 'corrected p99', 'service p99'], ['#7aa0d8', '#b3261e', '#1b7f3b'], marks);
  const stack = new NodeStack(nodesEl, noLines);
  const reports = h('p', { id: 'session-report', hidden: true }, 'Report: ',
    h('a', { href: '/api/v1/sessions/' + encodeURIComponent(id) + '/report?format=html', target: '_blank', rel: 'noopener', id: 'report-html' }, 'HTML'), ' · ',
    h('a', { href: '/api/v1/sessions/' + encodeURIComponent(id) + '/report?format=siege', download: id + '.txt', id: 'report-siege' }, 'siege summary'), ' · ',
    h('a', { href: '/api/v1/sessions/' + encodeURIComponent(id) + '/report', download: id + '.json', id: 'report-json' }, 'JSON'));
  root.insertBefore(reports, rateEl);
  const rs = new Series(2), ls = new Series(3);
  let state = null;

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
    deleteBtn.disabled = !(f.state === 'FINISHED' || f.state === 'FAILED');
    const t = Date.parse(f.at) / 1000;   // cluster time, s (fractional: two frames never share a point)
    if (f.achievedRps !== null && f.achievedRps !== undefined && rs.push(t, f.targetRps, f.achievedRps)) {
      rate.setData(rs.cols);
      stack.push(t, f.nodes || []);
      rateEl.dataset.points = String(rs.length);
      points.textContent = String(rs.length);
    }
    if (c.p99Ms !== null && c.p99Ms !== undefined && ls.push(t, c.p50Ms, c.p99Ms, s.p99Ms)) {
      lat.setData(ls.cols);
      latEl.dataset.points = String(ls.length);
    }
    nodesBody.replaceChildren(...(f.nodes || []).map((n) => h('tr', { dataset: { node: n.id } },
      h('td', {}, n.id), h('td', { class: 'num' }, fmt(n.shareRps)), h('td', { class: 'num' }, fmt(n.users)),
      h('td', { class: 'num' }, fmt(n.achievedRps)), h('td', {}, n.drained ? 'yes' : 'no'))));
    reports.hidden = !(f.state === 'FINISHED' || f.state === 'FAILED');
    const evs = f.events || [];
    if (evs.length) {
      // one mark a frame: its events happened in the same second
      marks.events.push({ t: Date.parse(evs[0].at) / 1000, kind: evs[0].kind, label: evs.map((e) => e.kind + (e.node ? ' ' + e.node : '')).join(', ') });
      while (marks.events.length > 500) marks.events.shift();
      rateEl.dataset.marks = String(marks.events.length);
    }
    for (const e of evs) {
      eventsList.prepend(h('li', { class: 'event', dataset: { kind: e.kind } },
        (e.at || '').replace('T', ' ').replace('Z', ''), ' ', e.kind, e.node ? ' ' + e.node : '', ': ', fmt(e.before), ' → ', fmt(e.after)));
      while (eventsList.children.length > 200) eventsList.lastChild.remove();
    }
  };

  updateBtn.addEventListener('click', async () => {
    const v = Number(rateInput.value);
    const ok = await confirmDialog('Change the target rate of session ' + id + ' to ' + rateInput.value + ' requests/s for the whole cluster; the nodes\' shares are re-split at the next round.');
    if (!ok) return;
    try { await api.patch('/api/v1/sessions/' + encodeURIComponent(id), { rps: Number.isFinite(v) ? v : rateInput.value }); msg.textContent = ''; } catch (e) { msg.textContent = 'update: ' + e.message; }
  });
  stopBtn.addEventListener('click', async () => {
    if (!await confirmDialog('Stop session ' + id + ': no new requests are sent; it is FINISHED once every node drained the requests in flight.')) return;
    try { await api.post('/api/v1/sessions/' + encodeURIComponent(id) + '/stop'); } catch (e) { msg.textContent = 'stop: ' + e.message; }
  });
  deleteBtn.addEventListener('click', async () => {
    if (!await confirmDialog('Delete session ' + id + ' with its stats and report. This cannot be undone.')) return;
    try { await api.del('/api/v1/sessions/' + encodeURIComponent(id)); location.hash = '#/sessions'; } catch (e) { msg.textContent = 'delete: ' + e.message; }
  });

  const stop = live('/api/v1/sessions/' + encodeURIComponent(id) + '/stream', 'session', pollFrame(id), onFrame,
    () => { msg.textContent = 'this session was deleted'; });
  api.get('/api/v1/sessions/' + encodeURIComponent(id)).then((s) => {
    if (s.spec && s.spec.rps) rateInput.value = s.spec.rps;
    marks.lines.push(...latencyLines(s.spec && s.spec.thresholds));
    latEl.dataset.thresholds = String(marks.lines.length);
    lat.redraw(false, true);
  }).catch((e) => { msg.textContent = e.status === 404 ? 'no session ' + id : e.message; });
  return () => { stop(); rate.destroy(); lat.destroy(); stack.destroy(); void state; };
}
