// A finished session's report in the page, from GET /api/v1/sessions/{id}/report (docs/report.md):
// siege's summary, the corrected and service percentiles, each node, the thresholds' verdicts and
// the charts of the whole per-second series; "Compare with…" overlays another finished run's achieved
// rate and p99 (aligned by seconds since the start) and sets their main figures side by side.
import { h, fmt } from './dom.js';
import * as api from './api.js';
import { chart, latencyLines } from './charts.js';

const SUMMARY = [
  ['transactions', 'Transactions', 'hits'],
  ['availability', 'Availability', '%'],
  ['elapsed_time', 'Elapsed time', 's'],
  ['data_transferred', 'Data transferred', 'MB'],
  ['response_time', 'Response time', 's'],
  ['transaction_rate', 'Transaction rate', 'trans/s'],
  ['throughput', 'Throughput', 'MB/s'],
  ['concurrency', 'Concurrency', ''],
  ['successful_transactions', 'Successful transactions', ''],
  ['failed_transactions', 'Failed transactions', ''],
  ['dropped_requests', 'Dropped (due, never sent)', ''],
  ['unfinished_requests', 'Unfinished (sent, never answered)', ''],
  ['target_rps', 'Target rate (mean)', 'requests/s'],
  ['achieved_rps', 'Achieved rate', 'requests/s'],
  ['longest_transaction', 'Longest transaction', 's'],
  ['shortest_transaction', 'Shortest transaction', 's'],
];
const PCTS = [['p50', 'p50'], ['p90', 'p90'], ['p95', 'p95'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max'], ['mean', 'mean']];
const lat = (r, type, k) => (r.latency_ms && r.latency_ms[type] ? r.latency_ms[type][k] : null);

/** The figures set side by side in a comparison: [label, value of a report]. */
export const COMPARED = [
  ['Transactions', (r) => r.transactions],
  ['Availability (%)', (r) => r.availability],
  ['Elapsed time (s)', (r) => r.elapsed_time],
  ['Target rate (rps)', (r) => r.target_rps],
  ['Achieved rate (rps)', (r) => r.achieved_rps],
  ['Failed transactions', (r) => r.failed_transactions],
  ['Corrected p50 (ms)', (r) => lat(r, 'corrected', 'p50')],
  ['Corrected p99 (ms)', (r) => lat(r, 'corrected', 'p99')],
  ['Service p99 (ms)', (r) => lat(r, 'service', 'p99')],
  ['Corrected max (ms)', (r) => lat(r, 'corrected', 'max')],
];

/** "+12.5 (+8.3%)": this minus the other, and relative to the other when it is not 0. */
export function difference(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number') return '–';
  const d = a - b;
  const sign = d > 0 ? '+' : '';
  return sign + fmt(d, 2) + (b !== 0 ? ' (' + sign + fmt(100 * d / b, 1) + '%)' : '');
}

/** Two series on one axis of seconds since the start: {t, mine(key), other(key)}, null where one has no point. */
export function aligned(mine, other) {
  const m = new Map(mine.map((p) => [p.t, p])), o = new Map((other || []).map((p) => [p.t, p]));
  const t = [...new Set([...m.keys(), ...o.keys()])].sort((x, y) => x - y);
  const col = (map) => (k) => t.map((s) => (map.has(s) && map.get(s)[k] !== undefined ? map.get(s)[k] : null));
  return { t, mine: col(m), other: col(o) };
}

function table(id, head, rows) {
  return h('table', { id, class: 'report' }, h('thead', {}, h('tr', {}, head.map((x) => h('th', {}, x)))), h('tbody', {}, rows));
}

function summary(r) {
  const rows = SUMMARY.map(([k, label, unit]) => h('tr', { dataset: { key: k } },
    h('th', {}, label), h('td', { class: 'num' }, fmt(r[k], 2)), h('td', { class: 'muted' }, unit)));
  const kinds = Object.entries(r.errors || {}).filter(([, n]) => n > 0);
  rows.push(h('tr', { dataset: { key: 'errors' } }, h('th', {}, 'Errors by kind'),
    h('td', { colspan: 2 }, kinds.length ? kinds.map(([k, n]) => k + ' ' + fmt(n)).join(', ') : 'none')));
  return table('report-summary', ['Figure', 'Value', 'Unit'], rows);
}

function percentiles(r) {
  const row = (type, label) => h('tr', { dataset: { type } }, h('th', {}, label),
    ...PCTS.map(([k]) => h('td', { class: 'num' }, fmt(lat(r, type, k), 3))));
  return table('report-percentiles', ['ms', ...PCTS.map(([, l]) => l)],
    [row('corrected', 'corrected (from when each request was due)'), row('service', 'service (from when it was sent)')]);
}

function nodes(r) {
  const elapsed = r.elapsed_time;
  return table('report-nodes', ['Node', 'Share', 'Requests', 'Errors', 'Achieved (rps)'], (r.nodes || []).map((n) =>
    h('tr', { dataset: { node: n.id } }, h('td', {}, n.id), h('td', { class: 'num' }, fmt(100 * n.share, 1) + '%'),
      h('td', { class: 'num' }, fmt(n.requests)),
      // the report's nodes carry no error count today: shown when a newer API sends one
      h('td', { class: 'num' }, fmt(typeof n.errors === 'number' ? n.errors : null)),
      h('td', { class: 'num' }, fmt(elapsed > 0 ? n.requests / elapsed : null, 2)))));
}

function thresholds(r) {
  const ts = r.thresholds || [];
  const failed = ts.filter((t) => !t.ok).length;
  const verdict = h('p', { id: 'report-verdict', class: failed ? 'error' : 'muted', dataset: { failed: String(failed), total: String(ts.length) } },
    !ts.length ? 'No thresholds.' : failed ? failed + ' of ' + ts.length + ' thresholds failed.' : 'All ' + ts.length + ' thresholds passed.');
  const rows = ts.map((t) => h('tr', { dataset: { ok: String(t.ok) } }, h('td', {}, t.expr), h('td', { class: 'num' }, fmt(t.value, 3)),
    h('td', {}, h('span', { class: 'badge ' + (t.ok ? 'ok' : 'bad') }, t.ok ? 'pass' : 'FAIL'))));
  return [verdict, ts.length ? table('report-thresholds', ['Threshold', 'Measured', 'Verdict'], rows) : ''];
}

/** The report section; returns stop() (destroys its charts). */
export function reportView(root, id) {
  const msg = h('p', { class: 'muted', id: 'report-state' }, 'Loading the report…');
  root.replaceChildren(h('h3', {}, 'Report'), msg);
  let charts = [], stopped = false, tries = 0;

  const load = async () => {
    let r;
    try {
      r = await api.get('/api/v1/sessions/' + encodeURIComponent(id) + '/report');
    } catch (e) {
      // 409 while the last stats are not in yet: try again, a bounded number of times
      if (e.status === 409 && tries++ < 20 && !stopped) { setTimeout(load, 1000); return; }
      msg.textContent = 'no report: ' + e.message;
      msg.className = 'error';
      return;
    }
    if (!stopped) render(r);
  };

  const render = (r) => {
    const rateEl = h('div', { class: 'chart', id: 'report-rate-chart' });
    const latEl = h('div', { class: 'chart', id: 'report-latency-chart' });
    const picker = h('select', { id: 'compare-select' }, h('option', { value: '' }, '— none —'));
    const cmpMsg = h('span', { class: 'muted', id: 'compare-state' });
    const cmpBody = h('tbody', { id: 'compare-rows' });
    const cmpTable = h('table', { id: 'compare-table', hidden: true },
      h('thead', {}, h('tr', {}, h('th', {}, 'Figure'), h('th', { id: 'compare-this' }, 'this run (' + id + ')'),
        h('th', { id: 'compare-other' }, 'other'), h('th', {}, 'difference (this − other)'))), cmpBody);
    msg.textContent = 'Final report of session ' + id + '.';
    root.replaceChildren(h('h3', {}, 'Report'), msg, ...thresholds(r),
      h('div', { class: 'report-grid' }, h('div', {}, h('h4', {}, 'Summary (siege)'), summary(r)),
        h('div', {}, h('h4', {}, 'Latency percentiles'), percentiles(r), h('h4', {}, 'Nodes'), nodes(r))),
      h('h4', {}, 'The whole run, a point a second'),
      h('p', { class: 'actions' }, h('label', { for: 'compare-select' }, 'Compare with… '), picker, ' ', cmpMsg),
      rateEl, latEl, cmpTable);

    const lines = { events: [], lines: latencyLines((r.thresholds || []).map((t) => t.expr)) };
    const draw = (other, otherId) => {
      charts.forEach((c) => c.destroy());
      const a = aligned(r.series || [], other && other.series);
      const label = (s) => s + ' (' + otherId + ')';
      const rateNames = ['target', 'achieved'].concat(other ? [label('achieved')] : []);
      const rateCols = [a.t, a.mine('target'), a.mine('achieved')].concat(other ? [a.other('achieved')] : []);
      const latNames = ['corrected p99'].concat(other ? [label('corrected p99')] : []);
      const latCols = [a.t, a.mine('p99')].concat(other ? [a.other('p99')] : []);
      charts = [
        chart(rateEl, 'Rate', 'requests/s', rateNames, ['#888', '#2f5fb3', '#e07b00'], { events: [], lines: [] },
          { time: false, data: rateCols, dash: [null, null, [6, 3]] }),
        chart(latEl, 'Corrected p99 of each second', 'ms', latNames, ['#b3261e', '#8e44ad'], lines,
          { time: false, data: latCols, dash: [null, [6, 3]] }),
      ];
      for (const [el, n] of [[rateEl, rateNames.length], [latEl, latNames.length]]) {
        Object.assign(el.dataset, { points: String(a.t.length), series: String(n), compare: otherId || '' });
      }
    };
    draw(null, null);

    const compare = async () => {
      const other = picker.value;
      if (!other) { draw(null, null); cmpTable.hidden = true; cmpMsg.textContent = ''; return; }
      cmpMsg.textContent = 'loading ' + other + '…';
      try {
        const o = await api.get('/api/v1/sessions/' + encodeURIComponent(other) + '/report');
        if (stopped || picker.value !== other) return;
        draw(o, other);
        cmpTable.querySelector('#compare-other').textContent = 'other run (' + other + ')';
        cmpBody.replaceChildren(...COMPARED.map(([label, v]) => h('tr', { dataset: { figure: label } },
          h('th', {}, label), h('td', { class: 'num' }, fmt(v(r), 2)), h('td', { class: 'num' }, fmt(v(o), 2)),
          h('td', { class: 'num' }, difference(v(r), v(o))))));
        cmpTable.hidden = false;
        cmpMsg.textContent = 'dashed: ' + other;
      } catch (e) {
        cmpMsg.textContent = 'compare: ' + e.message;
      }
    };
    picker.addEventListener('change', compare);
    api.get('/api/v1/sessions').then((list) => {
      const done = (list.sessions || []).filter((s) => s.id !== id && (s.state === 'FINISHED' || s.state === 'FAILED'));
      picker.append(...done.map((s) => h('option', { value: s.id }, (s.name ? s.name + ' · ' : '') + s.id + ' (' + s.state
        + (s.endedAt ? ', ended ' + String(s.endedAt).replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '') + ')')));
      picker.dataset.options = String(done.length);
    }).catch((e) => { cmpMsg.textContent = 'no sessions to compare: ' + e.message; });
  };

  load();
  return () => { stopped = true; charts.forEach((c) => c.destroy()); };
}
