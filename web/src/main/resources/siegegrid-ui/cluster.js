// Cluster view: every node (state, cores, CPU and heap, cap, share and achieved rate per session) and the quorum,
// live from GET /api/v1/cluster/stream; drain / activate / set cap / remove, each confirmed first.
import { h, fmt, confirmDialog } from './dom.js';
import * as api from './api.js';
import { live } from './live.js';

/** The banner's words when this node has no quorum (null when it has). */
export function quorumText(q) {
  if (!q || q.present) return null;
  return 'No quorum: this node sees ' + q.counted + ' of the ' + q.required + ' members it needs. Sessions do not send; reads of the cluster maps fail.';
}

function bytes(n) {
  if (typeof n !== 'number' || n < 0) return '–';
  const mib = n / 1048576;
  return mib >= 1024 ? fmt(mib / 1024, 1) + ' GiB' : fmt(mib, 0) + ' MiB';
}

/** A node's process figures as the table shows them: {cpu: '37%', heap: '412 MiB / 2 GiB'}, '–' for what is unknown. */
export function processText(p) {
  if (!p) return { cpu: '–', heap: '–' };
  const cpu = typeof p.cpuLoad === 'number' && p.cpuLoad >= 0 ? fmt(100 * p.cpuLoad, 0) + '%' : '–';
  const heap = typeof p.heapUsedBytes === 'number' ? bytes(p.heapUsedBytes) + ' / ' + (p.heapMaxBytes > 0 ? bytes(p.heapMaxBytes) : '?') : '–';
  return { cpu, heap };
}

export function quorumBadge(el, q) {
  if (!q) { el.textContent = 'quorum ?'; el.className = 'badge warn'; return; }
  el.textContent = 'quorum ' + q.counted + ' / ' + q.required + (q.present ? ' ✓' : ' ✗') + ' (' + q.rule + ')';
  el.className = 'badge ' + (q.present ? 'ok' : 'bad');
  el.dataset.present = String(q.present);
  el.dataset.required = String(q.required);
  el.dataset.counted = String(q.counted);
}

async function pollCluster() {
  const cluster = await api.get('/api/v1/cluster');
  let nodes = null;
  try { nodes = (await api.get('/api/v1/nodes')).nodes; } catch (e) { nodes = null; }
  return { cluster, nodes };
}

export function clusterView(root, banner) {
  const badge = h('span', { id: 'cluster-quorum', class: 'badge' }, 'quorum …');
  const mode = h('span', { class: 'live muted', id: 'cluster-live' }, '');
  const info = h('p', { class: 'muted', id: 'cluster-info' }, '');
  const body = h('tbody', { id: 'nodes-body' });
  const msg = h('p', { class: 'error', id: 'cluster-error' });
  root.replaceChildren(
    h('h2', {}, 'Cluster ', badge, ' ', mode), info, msg,
    h('table', { id: 'nodes' },
      h('thead', {}, h('tr', {}, ['Node', 'Address', 'State', 'Cores', 'CPU', 'Heap used / max', 'Cap (rps)', 'Share / achieved per session (rps)', 'Actions'].map((t) => h('th', {}, t)))),
      body));
  const rows = new Map();

  const act = async (what, n) => {
    const id = n.id;
    let ok;
    if (what === 'cap') {
      ok = await confirmDialog('Set the capacity of node ' + id + ': it is never given more than this rate in any session (0 = automatic, from its measured ceiling). Shares are re-split at the next round.',
        { label: 'cap (requests/s)', value: n.capacityRps ?? 0 });
      if (ok === false) return;
      if (!(ok >= 0)) { msg.textContent = 'the cap must be a number ≥ 0'; return; }
    } else {
      const text = {
        drain: 'Drain node ' + id + ': it takes no new load and its shares move to the other nodes at the next round. Requests in flight finish. Undo with Activate.',
        activate: 'Activate node ' + id + ': it joins the load pool again and gets a share of every running session at the next round.',
        remove: 'Remove node ' + id + ': it leaves the cluster gracefully (its shares move to the other nodes) and its serve process exits. A gone node\'s entry is deleted. This cannot be undone from here.',
      }[what];
      ok = await confirmDialog(text);
      if (!ok) return;
    }
    msg.textContent = '';
    try {
      if (what === 'drain') await api.post('/api/v1/nodes/' + encodeURIComponent(id) + '/drain');
      else if (what === 'activate') await api.post('/api/v1/nodes/' + encodeURIComponent(id) + '/activate');
      else if (what === 'remove') await api.del('/api/v1/nodes/' + encodeURIComponent(id));
      else await api.patch('/api/v1/nodes/' + encodeURIComponent(id), { capacityRps: ok });
      msg.textContent = '';
    } catch (e) {
      msg.textContent = what + ' ' + id + ': ' + e.message;
    }
  };

  const row = (n) => {
    let r = rows.get(n.id);
    if (!r) {
      const cells = { name: h('td'), addr: h('td'), state: h('td'), cores: h('td', { class: 'num' }), cpu: h('td', { class: 'num cpu' }),
        heap: h('td', { class: 'num heap' }), cap: h('td', { class: 'num' }), shares: h('td') };
      const toggle = h('button', { class: 'node-toggle' });
      const cap = h('button', { class: 'node-cap' }, 'Set cap');
      const remove = h('button', { class: 'node-remove' }, 'Remove');
      r = { cells, toggle, node: n, tr: h('tr', { class: 'node', dataset: { node: n.id } },
        cells.name, cells.addr, cells.state, cells.cores, cells.cpu, cells.heap, cells.cap, cells.shares,
        h('td', { class: 'actions' }, toggle, cap, remove)) };
      toggle.addEventListener('click', () => act(r.node.state === 'DRAINED' ? 'activate' : 'drain', r.node));
      cap.addEventListener('click', () => act('cap', r.node));
      remove.addEventListener('click', () => act('remove', r.node));
      rows.set(n.id, r);
    }
    r.node = n;
    const c = r.cells;
    c.name.replaceChildren(h('strong', {}, n.name || n.id), n.name ? h('span', { class: 'muted' }, ' (' + n.id + ')') : '');
    c.addr.textContent = (n.addresses || []).join(', ') + (n.apiUrl ? ' · ' + n.apiUrl : '');
    const state = !n.live ? 'gone' : n.state === 'DRAINED' ? 'drained' : 'active';
    c.state.replaceChildren(h('span', { class: 'badge ' + (state === 'active' ? 'ok' : state === 'gone' ? 'bad' : 'warn'), dataset: { state } }, state));
    r.tr.dataset.state = state;
    c.cores.textContent = fmt(n.cores);
    // the node's own process (CPU load 0..1, heap): when its API reports them, else '–'
    const p = processText(n.process);
    c.cpu.textContent = p.cpu;
    c.heap.textContent = p.heap;
    c.cpu.title = n.process && n.process.at ? 'measured ' + new Date(n.process.at).toISOString() : '';
    c.cap.textContent = n.capacityRps ? fmt(n.capacityRps) : 'auto';
    const ids = Object.keys(n.shares || {});
    c.shares.replaceChildren(...(ids.length ? ids.map((sid) => h('div', {},
      h('a', { href: '#/sessions/' + encodeURIComponent(sid) }, sid), ': ',
      fmt(n.shares[sid]), ' / ', fmt((n.achieved || {})[sid])))
      : [h('span', { class: 'muted' }, 'none')]));
    r.toggle.textContent = n.state === 'DRAINED' ? 'Activate' : 'Drain';
    r.toggle.dataset.action = n.state === 'DRAINED' ? 'activate' : 'drain';
    return r.tr;
  };

  const onFrame = (f, how) => {
    mode.textContent = how === 'stream' ? '● live' : '● polling';
    mode.dataset.mode = how;
    if (f.unavailable) { msg.textContent = 'the cluster did not answer: ' + f.unavailable; return; }
    const c = f.cluster;
    quorumBadge(badge, c.quorum);
    quorumBadge(document.getElementById('quorum-badge'), c.quorum);
    banner(quorumText(c.quorum));
    info.textContent = 'cluster ' + c.name + ' · this node ' + c.localNode + ' · members ' + c.members.join(', ')
      + (c.sessions === null ? '' : ' · sessions ' + c.sessions + ' (' + c.running + ' running)')
      + (c.untrusted && c.untrusted.length ? ' · UNTRUSTED: ' + c.untrusted.join(', ') : '');
    if (f.nodes) {
      body.replaceChildren(...f.nodes.map(row));
      msg.textContent = '';
    } else if (f.nodesError) {
      msg.textContent = f.nodesError;
    }
  };
  return live('/api/v1/cluster/stream', 'cluster', pollCluster, onFrame);
}
