// What changed in a session, for the marks on the charts' time axis and the "What changed" list.
// Two sources: the session's event log (GET /api/v1/sessions/{id}/events: kept by the cluster, so it
// also has what happened while the page was closed, a drain made on the cluster page say), and,
// from a node that has no log (404), the events the stream's frames carry (what changed between two
// frames the page saw). Both become {t (s), at (ISO), kind, node, text}.
import { fmt } from './dom.js';

const LOG_MS = 2000;

/** A frame event ({at: ISO, kind, node, before, after}). */
export function fromFrame(e) {
  return { t: Date.parse(e.at) / 1000, at: e.at, kind: e.kind, node: e.node || null, text: fmt(e.before) + ' → ' + fmt(e.after) };
}

/** A log event ({seq, at: ISO, atMillis: the same in cluster millis, kind, node, detail}; an {at} in millis is read too). */
export function fromLog(e) {
  const ms = typeof e.atMillis === 'number' ? e.atMillis : typeof e.at === 'number' ? e.at : Date.parse(e.at);
  return { t: ms / 1000, at: new Date(ms).toISOString(), kind: e.kind, node: e.node || null, text: e.detail || '' };
}

/** Kinds that name a mark shared by several events in one second, most telling first. */
const SEVERITY = ['died', 'quorum-lost', 'lease-expired', 'left', 'quorum-regained', 'drained', 'activated', 'capped', 'updated', 'joined'];

/** One mark per second with events in it (in time order): {t, kind (the most telling of SEVERITY, else the first's), label ('drained b, share a')}. */
export function markGroups(evs) {
  const out = [];
  for (const e of evs) {
    const last = out[out.length - 1];
    const name = e.kind + (e.node ? ' ' + e.node : '');
    if (last && Math.floor(last.t) === Math.floor(e.t)) {
      last.label += ', ' + name;
      const rank = (k) => { const i = SEVERITY.indexOf(k); return i < 0 ? SEVERITY.length : i; };
      if (rank(e.kind) < rank(last.kind)) last.kind = e.kind;
    } else out.push({ t: e.t, kind: e.kind, label: name });
  }
  return out;
}

/**
 * Reads the session's event log every 2 s: onEvents(fresh) with the events not seen before (as
 * fromLog makes them), from the first answer on; onAbsent() once when the node answers 404 (no log:
 * then nothing more is asked). Other failures (503 without quorum) are retried. get is api.get.
 * @returns stop()
 */
export function eventLog(id, get, onEvents, onAbsent) {
  const seen = new Set();
  let timer = null, stopped = false;
  const tick = async () => {
    let r;
    try {
      r = await get('/api/v1/sessions/' + encodeURIComponent(id) + '/events');
    } catch (e) {
      if (e.status === 404) { if (!stopped) onAbsent(); return; }
      if (!stopped) timer = setTimeout(tick, LOG_MS * 2);
      return;
    }
    if (stopped) return;
    const fresh = [];
    for (const e of (r && r.events) || []) {
      const key = e.seq !== undefined ? 'seq' + e.seq : e.at + '|' + e.kind + '|' + (e.node || '') + '|' + (e.detail || '');
      if (!seen.has(key)) { seen.add(key); fresh.push(fromLog(e)); }
    }
    fresh.sort((a, b) => a.t - b.t);
    onEvents(fresh);
    timer = setTimeout(tick, LOG_MS);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}
