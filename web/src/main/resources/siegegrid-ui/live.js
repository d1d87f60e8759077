// Live data: the API's Server-Sent Events stream, or polling when EventSource fails (closed by a
// refusal such as 401 under api.auth=all, or unsupported). EventSource reconnects by itself after
// a break; polling retries the stream every 30 s.
const POLL_MS = 1000;
const RETRY_STREAM_MS = 30000;

/**
 * @param url     the stream's path
 * @param event   its event name ('session' or 'cluster')
 * @param poll    async () => a frame of the same shape, from the JSON endpoints
 * @param onFrame (frame, mode) => void; mode 'stream' or 'polling'
 * @param onGone  () => void: the topic ended (session deleted)
 * @returns stop()
 */
export function live(url, event, poll, onFrame, onGone) {
  let es = null, timer = null, retry = null, stopped = false;
  const startPolling = () => {
    if (stopped || timer) return;
    const tick = async () => {
      try { onFrame(await poll(), 'polling'); } catch (e) { /* shown by the API error banner */ }
    };
    tick();
    timer = setInterval(tick, POLL_MS);
    retry = setTimeout(() => { stopPolling(); startStream(); }, RETRY_STREAM_MS);
  };
  const stopPolling = () => { clearInterval(timer); clearTimeout(retry); timer = null; retry = null; };
  const startStream = () => {
    if (stopped) return;
    if (typeof EventSource === 'undefined') { startPolling(); return; }
    es = new EventSource(url);
    es.addEventListener(event, (m) => onFrame(JSON.parse(m.data), 'stream'));
    es.addEventListener('unavailable', (m) => onFrame({ unavailable: JSON.parse(m.data).error }, 'stream'));
    es.addEventListener('gone', () => { stop(); if (onGone) onGone(); });
    es.onerror = () => {
      if (es && es.readyState === EventSource.CLOSED) { es = null; startPolling(); }
    };
  };
  const stop = () => { stopped = true; if (es) es.close(); es = null; stopPolling(); };
  startStream();
  return stop;
}
