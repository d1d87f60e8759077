"""Peer benchmark driver (run.sh starts nginx, then calls this).

Sections: throughput (closed model, every tool, interleaved rounds), rate (open model:
achieved rate, error, per-second CoV and empty 10 ms slots as nginx saw them), heap
(SiegeGrid at 20k req/s with 1,000 connections under -Xmx256m, GC log parsed).
"""
import argparse
import json
import os
import statistics
import sys

import cpustat
import measure
import report
import sampler
import threads
from machine import machine_info
from report import PATHS
from tools import all_tools


def args_parser():
    ap = argparse.ArgumentParser(description="SiegeGrid peer benchmark (see README.md)")
    ap.add_argument("--base-url", required=True, help="nginx base URL, e.g. http://127.0.0.1:8123")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="1 round of 5 s everywhere")
    ap.add_argument("--jar", default="", help="siegegrid.jar (skipped when missing)")
    ap.add_argument("--java-opts", default=os.environ.get("JAVA_OPTS", ""))
    ap.add_argument("--autocannon", default="")
    ap.add_argument("--nginx-pid", type=int, help="nginx master PID (for nginx CPU figures)")
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--client-cpu", type=int, default=1)
    ap.add_argument("--sections", default="throughput,rate,heap")
    ap.add_argument("--tools", default="", help="comma list to restrict (default: all)")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--secs", type=int, help="throughput run length")
    ap.add_argument("--rate-secs", type=int)
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--rates", default="2000,20000,max")
    ap.add_argument("--max-rps", type=int, help="skip the probe: the engine's highest held rate")
    ap.add_argument("--heap-rps", type=int, default=20000)
    ap.add_argument("--heap-conns", type=int, default=1000)
    ap.add_argument("--heap-xmx", default="256m")
    return ap


class Bench:
    def __init__(self, a):
        self.a = a
        self.stub = a.base_url + "/stub"
        self.raw = os.path.join(a.out, "raw")
        os.makedirs(self.raw, exist_ok=True)
        self.rounds = a.rounds or (1 if a.quick else 3)
        self.secs = a.secs or (5 if a.quick else 15)
        self.rate_secs = a.rate_secs or (5 if a.quick else 20)
        tools = all_tools(self.raw, a.autocannon, a.jar, a.java_opts)
        if a.tools:
            keep = set(a.tools.split(","))
            tools = [t for t in tools if t.name in keep]
        self.skipped = {t.name: t.missing() for t in tools if t.missing()}
        self.tools = [t for t in tools if t.name not in self.skipped]
        self.by_name = {t.name: t for t in self.tools}
        self.results = {"throughput": [], "rate": [], "probes": [], "heap": None}
        self.hint = {}  # (tool, path) -> last rps, to size siege -r
        self.nginx_pids = [a.nginx_pid, *cpustat.children(a.nginx_pid)] if a.nginx_pid else []

    def log(self, msg):
        print(msg, file=sys.stderr, flush=True)

    def _run(self, cmd, tag, sample=False, thread_cpu=False):
        return measure.run(cmd, self.a.client_cpu, self.stub, os.path.join(self.raw, tag),
                           sample_cpu=self.a.server_cpu if sample else None,
                           nginx_pids=self.nginx_pids, threads=thread_cpu)

    # ---- throughput (closed model) -------------------------------------------------------
    def calibrate_siege(self, path):
        t = self.by_name.get("siege")
        if not t:
            return
        m = self._run(t.closed(self.a.base_url + path, self.a.conns, 2, hint_rps=5000),
                      f"calibrate-siege{path.replace('/', '-')}")
        p = t.parse(m.out, m.err)
        self.hint[("siege", path)] = p.rps or 5000
        self.log(f"  siege calibration {path}: {p.rps and round(p.rps)} req/s")

    def throughput(self):
        for path in PATHS:
            self.calibrate_siege(path)
            for rnd in range(1, self.rounds + 1):
                for t in self.tools:
                    cmd = t.closed(self.a.base_url + path, self.a.conns, self.secs,
                                   hint_rps=self.hint.get((t.name, path)))
                    tag = f"tp{path.replace('/', '-')}-r{rnd}-{t.name}"
                    m = self._run(cmd, tag, thread_cpu=True)
                    p = t.parse(m.out, m.err)
                    if t.sized_by_count and p.rps and m.wall_s < 0.6 * self.secs:
                        self.log(f"  {tag}: {m.wall_s:.1f} s is too short, again sized at "
                                 f"{p.rps:.0f} req/s")
                        cmd = t.closed(self.a.base_url + path, self.a.conns, self.secs,
                                       hint_rps=p.rps)
                        m = self._run(cmd, tag, thread_cpu=True)
                        p = t.parse(m.out, m.err)
                    if p.rps:
                        self.hint[(t.name, path)] = p.rps
                    row = self.row(m, p, tool=t.name, path=path, round=rnd)
                    # user/sys per thread group; per-thread figures in raw/<tag>.threads
                    row["threads"] = threads.group(m.threads) if m.threads is not None else None
                    self.results["throughput"].append(row)
                    self.log(f"  {tag}: {fmt(row['rps'])} req/s p99 {fmt(row['p99_ms'], 2)} ms "
                             f"cpu {fmt(row['cpu_s'], 2)} s rss {fmt(row['rss_mb'], 1)} MB "
                             f"exit {m.exit_code}")

    def row(self, m, p, **kw):
        served = m.server_requests
        cpu_pct = 100 * m.cpu_s / m.wall_s if m.cpu_s is not None and m.wall_s else None
        busy = m.cpu.get("core_busy_pct", {})
        nginx = m.cpu.get("nginx_cpu_pct") if self.nginx_pids else None
        s_busy, c_busy = busy.get(self.a.server_cpu), busy.get(self.a.client_cpu)
        return dict(kw, rps=p.rps, p99_ms=p.p99_ms, p99_corr_ms=p.p99_corr_ms,
                    requests=p.requests, errors=p.errors, server_requests=served,
                    user_s=m.user_s, sys_s=m.sys_s, cpu_s=m.cpu_s, wall_s=m.wall_s,
                    cpu_pct=cpu_pct, nginx_cpu_pct=nginx,
                    foreign_server_pct=max(0.0, s_busy - nginx) if None not in (s_busy, nginx)
                    else None,
                    foreign_client_pct=max(0.0, c_busy - cpu_pct) if None not in (c_busy, cpu_pct)
                    else None,
                    req_per_cpu_s=served / m.cpu_s if served and m.cpu_s else None,
                    rss_mb=m.max_rss_kb / 1024 if m.max_rss_kb else None,
                    exit=m.exit_code, timed_out=m.timed_out, extra=p.extra,
                    note=None if p.rps is not None else last_line(m.err or m.out))

    # ---- rate accuracy (open model) ------------------------------------------------------
    def rate_run(self, t, rps, secs, tag, conns=None, extra_opts=""):
        url = self.a.base_url + "/100b"
        if extra_opts:
            cmd = t.rate(url, rps, conns or self.a.conns, secs, extra_opts=extra_opts)
        else:
            cmd = t.rate(url, rps, conns or self.a.conns, secs)
        m = self._run(cmd, tag, sample=True)
        p = t.parse(m.out, m.err)
        s = sampler.analyze(m.samples)
        row = self.row(m, p, tool=t.name, target=rps)
        row.update(achieved_rps=s["achieved_rps"], cov=s["cov"], empty_share=s["empty_share"],
                   late_share=s["late_share"], window_s=s["window_s"],
                   per_second=s["per_second"],
                   error_pct=100 * (s["achieved_rps"] / rps - 1) if rps else None)
        self.log(f"  {tag}: target {rps} achieved {fmt(row['achieved_rps'])} "
                 f"({fmt(row['error_pct'], 2)} %) cov {fmt(s['cov'], 3)} "
                 f"empty {fmt(s['empty_share'], 3)} exit {m.exit_code}")
        return row

    def find_max(self):
        if self.a.max_rps:
            return self.a.max_rps, "given (--max-rps)"
        wrk = [r["rps"] for r in self.results["throughput"]
               if r["tool"] == "wrk" and r["path"] == "/100b" and r["rps"]]
        ceiling = statistics.median(wrk) if wrk else 50_000
        sg = self.by_name.get("siegegrid")
        if not sg:
            return int(round(0.8 * ceiling, -3)), "0.8 x wrk (SiegeGrid absent, no probe)"
        best = 0
        probe_secs = 3 if self.a.quick else 5
        for f in (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3):
            target = int(round(ceiling * f, -3))
            row = self.rate_run(sg, target, probe_secs, f"probe-{target}")
            self.results["probes"].append(row)
            if row["note"]:  # the engine produced no report: no point in going lower
                return int(round(0.8 * ceiling, -3)), "0.8 x wrk (SiegeGrid probe failed)"
            if row["achieved_rps"] >= 0.98 * target:
                return target, f"probe: highest of 0.9..0.3 x wrk held within 2 % for {probe_secs} s"
            best = max(best, row["achieved_rps"])
        return int(best // 1000 * 1000) or 1000, "probe: nothing held, best achieved"

    def rate(self):
        order = [n for n in ("siegegrid", "autocannon", "httperf", "hey") if n in self.by_name]
        for label in self.a.rates.split(","):
            if label == "max":
                rps, how = self.find_max()
                self.results["max_rps"] = {"rps": rps, "how": how}
            else:
                rps = int(label)
            for name in order:
                row = self.rate_run(self.by_name[name], rps, self.rate_secs,
                                    f"rate-{rps}-{name}")
                row["label"] = label
                self.results["rate"].append(row)

    # ---- heap ------------------------------------------------------------------------------
    def heap(self):
        sg = self.by_name.get("siegegrid")
        if not sg:
            self.results["heap"] = {"skipped": self.skipped.get("siegegrid", "not selected")}
            return
        gc_log = os.path.join(self.raw, "heap-gc.log")
        opts = f"-Xmx{self.a.heap_xmx} -Xlog:gc:file={gc_log}"
        row = self.rate_run(sg, self.a.heap_rps, self.rate_secs, "heap", conns=self.a.heap_conns,
                            extra_opts=opts)
        gc = report.parse_gc_log(gc_log)
        if gc and row["wall_s"]:
            gc["gc_time_pct"] = 100 * gc["pause_total_ms"] / 1000 / row["wall_s"]
        row.update(gc, xmx=self.a.heap_xmx, conns=self.a.heap_conns)
        row["oom"] = "OutOfMemoryError" in open(os.path.join(self.raw, "heap.err")).read()
        self.results["heap"] = row


def last_line(text):
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    return lines[-1][:200] if lines else "no output"


def fmt(v, nd=0):
    if v is None:
        return "-"
    return f"{v:,.{nd}f}"


def main(argv=None):
    a = args_parser().parse_args(argv)
    b = Bench(a)
    info = machine_info(a, b)
    b.log(f"bench: tools {[t.name for t in b.tools]}, skipped {b.skipped}")
    sections = a.sections.split(",")
    interrupted = False
    try:
        if "throughput" in sections:
            b.log(f"== throughput: {b.rounds} round(s) x {b.secs} s, {a.conns} connections")
            b.throughput()
        if "rate" in sections:
            b.log(f"== rate accuracy: {a.rates} req/s, {b.rate_secs} s each")
            b.rate()
        if "heap" in sections:
            b.log(f"== heap: SiegeGrid {a.heap_rps} req/s, {a.heap_conns} connections, "
                  f"-Xmx{a.heap_xmx}")
            b.heap()
    except KeyboardInterrupt:
        interrupted = True
        b.log("interrupted: reporting what was measured")
    info["load_after"] = os.getloadavg()
    info["interrupted"] = interrupted
    doc = {"info": info, "skipped": b.skipped, "results": b.results,
           "settings": {"rounds": b.rounds, "secs": b.secs, "rate_secs": b.rate_secs,
                        "conns": a.conns}}
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(doc, f, indent=1, default=str)
    md = report.markdown(doc)
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write(md)
    print(md)
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
