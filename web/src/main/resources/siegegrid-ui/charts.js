// The charts' pieces shared by the session page and the report: bounded columns, event marks and
// threshold lines drawn on uPlot's canvas, and a line chart.
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';

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

export const MARK_COLORS = { share: '#9a6700', updated: '#2f5fb3', state: '#b3261e', joined: '#1b7f3b', left: '#b3261e' };

/**
 * How a mark is drawn, by its kind: a node dying is a thick solid red line, a quorum loss a thick
 * dashed purple one (and its return a dashed green one), a drain or a cap a dotted amber one, the
 * rest thin solid lines in MARK_COLORS; a kind not listed is grey. {color, dash: [] = solid, width}.
 */
export const MARK_STYLES = {
  died: { color: '#b3261e', dash: [], width: 3 },
  'quorum-lost': { color: '#8e24aa', dash: [8, 4], width: 3 },
  'quorum-regained': { color: '#1b7f3b', dash: [8, 4], width: 2 },
  'lease-expired': { color: '#b3261e', dash: [2, 3], width: 2 },
  drained: { color: '#e07b00', dash: [3, 3], width: 2 },
  activated: { color: '#1b7f3b', dash: [3, 3], width: 2 },
  capped: { color: '#e07b00', dash: [3, 3], width: 1 },
};

export function markStyle(kind) {
  return MARK_STYLES[kind] || { color: MARK_COLORS[kind] || '#666', dash: [], width: 1 };
}

/**
 * Draws the marks on a chart: vertical lines at the events' times (what changed: a share re-split,
 * an update, a state change, a node joining or leaving) and dashed horizontal lines at thresholds.
 */
export function marksPlugin(marks) {
  return {
    hooks: {
      draw: [(u) => {
        const ctx = u.ctx, { left, top, width, height } = u.bbox;
        ctx.save();
        for (const m of marks.events) {
          const x = u.valToPos(m.t, 'x', true);
          if (x < left || x > left + width) continue;
          const st = markStyle(m.kind);
          ctx.strokeStyle = st.color;
          ctx.lineWidth = st.width;
          ctx.setLineDash(st.dash);
          ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
          ctx.fillStyle = ctx.strokeStyle;
          ctx.font = '10px sans-serif';
          const w = ctx.measureText(m.label).width;
          ctx.fillText(m.label, x + 3 + w > left + width ? x - 3 - w : x + 3, top + 10);
        }
        ctx.lineWidth = 1;
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

/**
 * A line chart: names[i] drawn in colors[i] (dash[i] dashed when given); x is time (s since the
 * epoch) or, with {time: false}, seconds since the start.
 */
export function chart(el, title, unit, names, colors, marks, opts = {}) {
  const width = Math.max(320, (el.clientWidth || 900) - 16);
  const dash = opts.dash || [];
  return new uPlot({
    title, width, height: opts.height || 220,
    scales: { x: { time: opts.time !== false }, y: { range: (u, min, max) => [0, Math.max(max, ...marks.lines.map((l) => l.value * 1.1), 1)] } },
    axes: [opts.time === false ? { label: 'seconds since start' } : {}, { label: unit, size: 60 }],
    series: [{}, ...names.map((n, i) => ({ label: n, stroke: colors[i], width: 2, spanGaps: false, dash: dash[i] || undefined }))],
    plugins: [marksPlugin(marks)],
  }, opts.data || [[], ...names.map(() => [])], el);
}

export const NODE_COLORS = ['#2f5fb3', '#e07b00', '#1b7f3b', '#8e44ad', '#b3261e', '#00838f', '#6d4c41', '#c2185b'];

/**
 * Each node's achieved rate, stacked: series i is the sum of the first i+1 nodes (in the order they
 * appeared), filled, so each band is one node's contribution and the top is the cluster's rate.
 * A node that appears later gets a series then (its earlier points empty).
 */
export class NodeStack {
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

const MS_PER = { us: 0.001, 'µs': 0.001, ms: 1, s: 1000 };

/**
 * Latency thresholds of the spec as lines: [{value (ms), label, service}]. The grammar of core's
 * Threshold: an optional selector ({@code corrected.}, the default spelled out, or {@code service.}),
 * a percentile, max or mean, {@code <} or {@code <=}, a number and its unit (us, ms, s):
 * {@code p99 < 0.2s}, {@code corrected.p90 < 300ms}, {@code service.p99 < 500us}. A service
 * threshold is drawn only when the chart has that service series ({@code service}: the metrics it
 * charts, e.g. ['p99']); a corrected one always.
 */
export function latencyLines(thresholds, service = []) {
  const out = [];
  for (const t of thresholds || []) {
    const m = /^\s*(?:(service|corrected)\.)?(p\d+(?:\.\d+)?|mean|avg|max)\s*(<=?)\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s)\s*$/i.exec(t);
    if (!m) continue;
    const svc = (m[1] || '').toLowerCase() === 'service';
    const metric = m[2].toLowerCase();
    if (svc && !service.includes(metric === 'p99.9' ? 'p999' : metric)) continue;
    out.push({ value: Number(m[4]) * MS_PER[m[5].toLowerCase()], label: t.trim(), service: svc });
  }
  return out;
}

/** An {@code errors < N%} threshold of the spec as its percentage, or null (a count threshold has no per-second limit). */
export function errorsPct(thresholds) {
  for (const t of thresholds || []) {
    const m = /^\s*errors\s*<=?\s*(\d+(?:\.\d+)?)\s*%\s*$/i.exec(t);
    if (m) return { pct: Number(m[1]), label: t.trim() };
  }
  return null;
}

/**
 * Errors per second by kind: the frames carry each kind's count since the start, so a point is the
 * increase since the previous frame over the time between them. A kind gets its series when it first
 * appears. With an {@code errors < N%} threshold, its limit at each second's achieved rate (N% of
 * the requests of that second) is a dashed red line.
 */
export class ErrorRates {
  constructor(el, marks) {
    this.el = el;
    this.kinds = [];
    this.t = [];
    this.rows = [];
    this.achieved = [];
    this.prev = null;
    this.limit = null;
    this.u = new uPlot({
      title: 'Errors per second by kind', width: Math.max(320, (el.clientWidth || 900) - 16), height: 200,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max, 1)] } },
      axes: [{}, { label: 'errors/s', size: 60 }],
      series: [{}],
      plugins: [marksPlugin(marks)],
    }, [[]], el);
    Object.assign(el.dataset, { points: '0', kinds: '0', thresholds: '0' });
  }

  /** The spec's errors threshold ({pct, label}), drawn from then on (and on the points already there). */
  setLimit(limit) {
    if (!limit || this.limit) return;
    this.limit = limit;
    this.u.addSeries({ label: limit.label, stroke: '#b3261e', dash: [6, 4], width: 1.5 }, 1);
    this.el.dataset.thresholds = '1';
    this.draw();
  }

  push(t, byKind, achieved) {
    const by = byKind || {};
    const prev = this.prev;
    if (prev && t <= prev.t) return;
    this.prev = { t, by };
    if (!prev) return;
    const dt = t - prev.t;
    const row = {};
    for (const k of new Set([...Object.keys(by), ...Object.keys(prev.by)])) {
      row[k] = Math.max(0, (by[k] || 0) - (prev.by[k] || 0)) / dt;
      if (!this.kinds.includes(k)) {
        this.kinds.push(k);
        const c = NODE_COLORS[(this.kinds.length + 3) % NODE_COLORS.length];
        this.u.addSeries({ label: k, stroke: c, width: 2 }, this.u.series.length);
      }
    }
    this.t.push(t);
    this.rows.push(row);
    this.achieved.push(achieved);
    if (this.t.length > MAX_POINTS) { this.t.shift(); this.rows.shift(); this.achieved.shift(); }
    this.draw();
  }

  draw() {
    const cols = [this.t.slice()];
    if (this.limit) cols.push(this.achieved.map((a) => (a === null || a === undefined ? null : a * this.limit.pct / 100)));
    for (const k of this.kinds) cols.push(this.rows.map((r) => r[k] || 0));
    this.u.setData(cols);
    this.el.dataset.points = String(this.t.length);
    this.el.dataset.kinds = String(this.kinds.length);
  }

  destroy() { this.u.destroy(); }
}
