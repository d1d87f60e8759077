"""nginx stub_status sampler: what the server saw, every 10 ms.

CLI:  python3 sampler.py URL OUTFILE [--interval 0.01] [--max-seconds 120]
Polls URL (an nginx `stub_status` location) over one keep-alive connection on an absolute
schedule, keeps (monotonic ns, requests counter) pairs in memory and writes them to OUTFILE
as "ns requests" lines when stopped (SIGTERM/SIGINT) or after --max-seconds.

Each poll is itself a request that nginx counts, so every delta has one request too many;
`deltas()` takes it off. `analyze()` is pure: samples in, figures out.
"""
import argparse
import http.client
import re
import signal
import statistics
import sys
import time
import urllib.request
from urllib.parse import urlsplit

_COUNTS = re.compile(r"server accepts handled requests\s+(\d+)\s+(\d+)\s+(\d+)")


def parse_stub(text):
    m = _COUNTS.search(text)
    if not m:
        raise ValueError(f"not a stub_status page: {text[:80]!r}")
    return int(m.group(3))


def read_requests(url, timeout=2.0):
    """One stub_status read (counts itself: the value includes this request)."""
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return parse_stub(r.read().decode())


def deltas(samples):
    """[(t0_ns, t1_ns, requests in (t0, t1])] net of the sampler's own polls."""
    return [(a[0], b[0], max(0, b[1] - a[1] - 1)) for a, b in zip(samples, samples[1:])]


def analyze(samples, slot_ms=10.0):
    """Figures for one rate run, over the active window (first to last non-empty interval).

    achieved_rps: requests in the whole seconds of the window / those seconds.
    per_second:   requests in each whole second of the window.
    cov:          stdev / mean of per_second (population stdev).
    empty_share:  share of sampling intervals inside the window with no request.
    late_share:   share of intervals longer than 1.5 x slot (sampler was late: a quality hint).
    """
    ivs = deltas(samples)
    active = [i for i, (_, _, n) in enumerate(ivs) if n > 0]
    if not active:
        return {"achieved_rps": 0.0, "per_second": [], "cov": None, "empty_share": None,
                "late_share": None, "intervals": 0, "window_s": 0.0, "requests": 0}
    win = ivs[active[0]:active[-1] + 1]
    start = win[0][0]
    window_s = (win[-1][1] - start) / 1e9
    full = int(window_s)
    per_second = [0] * max(full, 0)
    for t0, t1, n in win:
        sec = int((t1 - start) / 1e9 - 1e-9)  # an interval counts in the second it ends in
        if 0 <= sec < full:
            per_second[sec] += n
    if full >= 1:
        achieved = sum(per_second) / full
    else:
        achieved = sum(n for _, _, n in win) / window_s if window_s > 0 else 0.0
    mean = statistics.fmean(per_second) if per_second else 0.0
    cov = statistics.pstdev(per_second) / mean if len(per_second) >= 2 and mean > 0 else None
    lens = [(t1 - t0) / 1e6 for t0, t1, _ in win]
    return {"achieved_rps": achieved, "per_second": per_second, "cov": cov,
            "empty_share": sum(1 for _, _, n in win if n == 0) / len(win),
            "late_share": sum(1 for x in lens if x > 1.5 * slot_ms) / len(win),
            "median_interval_ms": statistics.median(lens), "intervals": len(win),
            "window_s": window_s, "requests": sum(n for _, _, n in win)}


def load(path):
    with open(path) as f:
        return [tuple(int(x) for x in line.split()) for line in f if line.strip()]


def sample(url, out_path, interval, max_seconds):
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(1))
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=2)
    path = u.path or "/"
    samples = []
    step = int(interval * 1e9)
    t0 = time.monotonic_ns()
    deadline = t0 + int(max_seconds * 1e9)
    k = 0
    while not stop and time.monotonic_ns() < deadline:
        try:
            conn.request("GET", path)
            value = parse_stub(conn.getresponse().read().decode())
        except (OSError, http.client.HTTPException, ValueError):
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=2)
            continue
        samples.append((time.monotonic_ns(), value))
        k += 1
        now = time.monotonic_ns()
        nxt = t0 + k * step
        if nxt < now:                 # late: skip missed slots, keep the grid
            k = (now - t0) // step + 1
            nxt = t0 + k * step
        time.sleep((nxt - now) / 1e9)
    conn.close()
    with open(out_path, "w") as f:
        f.writelines(f"{t} {v}\n" for t, v in samples)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("--interval", type=float, default=0.01)
    ap.add_argument("--max-seconds", type=float, default=120)
    a = ap.parse_args(argv)
    sample(a.url, a.out, a.interval, a.max_seconds)


if __name__ == "__main__":
    sys.exit(main())
