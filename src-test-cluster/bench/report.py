"""Markdown tables from results.json (pure), and the JVM GC log parser."""
import re
import statistics

PATHS = {"/100b": "100 bytes", "/10k": "10 KB"}


def med(values):
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def f(v, nd=0, suffix=""):
    if v is None:
        return "-"
    return f"{v:,.{nd}f}{suffix}"


def ratio(v, ref):
    return f"{v / ref:.2f}" if v is not None and ref else "-"


def summarize(rows):
    """Per (path, tool): medians over rounds; RSS is the peak over rounds; errors summed."""
    out = {}
    for r in rows:
        out.setdefault((r["path"], r["tool"]), []).append(r)
    summary = {}
    for key, rs in out.items():
        summary[key] = {
            "rps": med(r["rps"] for r in rs),
            "p99_ms": med(r["p99_ms"] for r in rs),
            "p99_corr_ms": med(r["p99_corr_ms"] for r in rs),
            "cpu_pct": med(r["cpu_pct"] for r in rs),
            "req_per_cpu_s": med(r["req_per_cpu_s"] for r in rs),
            "rss_mb": max((r["rss_mb"] for r in rs if r["rss_mb"] is not None), default=None),
            "errors": sum(r["errors"] or 0 for r in rs),
            "runs": len(rs),
            "bad": sum(1 for r in rs if r["rps"] is None),
            "nginx_cpu_pct": med(r.get("nginx_cpu_pct") for r in rs),
            "foreign": foreign(rs),
        }
    return summary


def foreign(rows):
    """'server core / client core' median CPU % used by processes other than nginx and the tool."""
    a = med(r.get("foreign_server_pct") for r in rows)
    b = med(r.get("foreign_client_pct") for r in rows)
    return "-" if a is None and b is None else f"{f(a)} / {f(b)}"


def throughput_tables(doc):
    rows = doc["results"]["throughput"]
    if not rows:
        return []
    s = doc["settings"]
    summary = summarize(rows)
    tools = list(dict.fromkeys(r["tool"] for r in rows))
    lines = []
    for path, label in PATHS.items():
        if not any(k[0] == path for k in summary):
            continue
        ref = summary.get((path, "wrk"), {})
        lines += [f"### Throughput, GET {path} ({label}), {s['conns']} connections, "
                  f"median of {s['rounds']} x {s['secs']} s",
                  "",
                  "| tool | req/s | x wrk | p99 ms | p99 corr. ms | CPU % of a core | "
                  "req per CPU-s | x wrk | peak RSS MB | errors | nginx CPU % | "
                  "other CPU % srv/cli core | runs |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for t in tools:
            x = summary.get((path, t))
            if not x:
                continue
            runs = f"{x['runs']}" + (f" ({x['bad']} unparsed)" if x["bad"] else "")
            lines.append(
                f"| {t} | {f(x['rps'])} | {ratio(x['rps'], ref.get('rps'))} | "
                f"{f(x['p99_ms'], 2)} | {f(x['p99_corr_ms'], 2)} | {f(x['cpu_pct'])} | "
                f"{f(x['req_per_cpu_s'])} | {ratio(x['req_per_cpu_s'], ref.get('req_per_cpu_s'))} | "
                f"{f(x['rss_mb'], 1)} | {x['errors']} | {f(x['nginx_cpu_pct'])} | "
                f"{x['foreign']} | {runs} |")
        lines.append("")
    return lines


def median_run(rows):
    """The run with the median req/s (the lower one of an even count); None if none parsed."""
    runs = sorted((r for r in rows if r["rps"] is not None), key=lambda r: r["rps"])
    return runs[(len(runs) - 1) // 2] if runs else None


def cpu_breakdown(r):
    """Figures of one run for the CPU table; the thread groups only where sampled (SiegeGrid).

    "other" = the process's user+sys (time -v) minus every sampled thread, plus the threads that
    fit no group: so io + jit + main + gc + other == CPU s, whatever the sampler missed.
    """
    n = r.get("server_requests") or r.get("requests")
    cpu = r.get("cpu_s")
    if cpu is None and None not in (r.get("user_s"), r.get("sys_s")):
        cpu = r["user_s"] + r["sys_s"]

    def per(seconds):  # µs of CPU per request
        return None if seconds is None or not n else 1e6 * seconds / n

    out = {"requests": n, "cpu_s": cpu, "cpu_us": per(cpu), "user_us": per(r.get("user_s")),
           "sys_us": per(r.get("sys_s"))}
    g = r.get("threads")
    if r["tool"] == "siegegrid" and g and cpu is not None:
        both = {k: v["user_s"] + v["sys_s"] for k, v in g.items()}
        out.update(io_user_us=per(g["io"]["user_s"]), io_sys_us=per(g["io"]["sys_s"]),
                   jit_s=both["jit"], main_s=both["main"], gc_s=both["gc"],
                   other_s=cpu - both["io"] - both["jit"] - both["main"] - both["gc"])
    return out


def cpu_table(doc):
    rows = doc["results"]["throughput"]
    tools = list(dict.fromkeys(r["tool"] for r in rows))
    lines = []
    for path in PATHS:
        for t in tools:
            r = median_run([x for x in rows if x["path"] == path and x["tool"] == t])
            if r is None:
                continue
            b = cpu_breakdown(r)
            lines.append(
                f"| {t} | {path} | {f(b['requests'])} | {f(b['cpu_s'], 2)} | {f(b['cpu_us'], 1)} | "
                f"{f(b['user_us'], 1)} | {f(b['sys_us'], 1)} | {f(b.get('io_user_us'), 1)} | "
                f"{f(b.get('io_sys_us'), 1)} | {f(b.get('jit_s'), 2)} | {f(b.get('main_s'), 2)} | "
                f"{f(b.get('gc_s'), 2)} | {f(b.get('other_s'), 2)} |")
    if not lines:
        return []
    secs = doc["settings"]["secs"]
    return ["### Where the CPU goes (median-rps run of each tool, per file)", "",
            "| tool | file | requests | CPU s | CPU µs/req | user µs/req | sys µs/req | "
            "I/O loops user µs/req | I/O loops sys µs/req | JIT compilers s | "
            "main thread s (start-up, run loop, report) | GC/VM s | "
            "other s (incl. threads that exited) |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *lines, "",
            "Requests are those nginx served while the tool ran; CPU is the whole process's "
            "(`time -v`). The I/O loop figures are the engine's per-request cost, to compare with "
            "wrk's µs/req; the JIT, main-thread and GC/VM seconds are the JVM's fixed cost for a "
            f"run of this length ({secs} s), which a longer run spreads over more requests; "
            "SiegeGrid's five last columns add up to its CPU s.", ""]


def rate_table(doc):
    rows = doc["results"]["rate"]
    if not rows:
        return []
    s = doc["settings"]
    mx = doc["results"].get("max_rps")
    lines = [f"### Rate accuracy, GET /100b, {s['conns']} connections, {s['rate_secs']} s per run "
             "(achieved rate, CoV and empty slots as nginx saw them)", ""]
    if mx:
        lines += [f"`max` = {mx['rps']:,} req/s ({mx['how']}).", ""]
    lines += ["| target req/s | tool | achieved req/s | error % | per-second CoV | "
              "empty 10 ms slots | tool says req/s | p99 ms | p99 corr. ms | CPU % of a core | "
              "peak RSS MB | errors | nginx CPU % | other CPU % srv/cli core |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        tool_rps = (r.get("extra") or {}).get("achieved_rps") or r["rps"]
        lines.append(
            f"| {r['target']:,}{' (max)' if r.get('label') == 'max' else ''} | {r['tool']} | "
            f"{f(r['achieved_rps'])} | {f(r['error_pct'], 2, '')} | {f(r['cov'], 3)} | "
            f"{f(pct(r['empty_share']), 1, ' %')} | {f(tool_rps)} | {f(r['p99_ms'], 2)} | "
            f"{f(r['p99_corr_ms'], 2)} | {f(r['cpu_pct'])} | {f(r['rss_mb'], 1)} | "
            f"{r['errors'] if r['errors'] is not None else '-'} | {f(r.get('nginx_cpu_pct'))} | "
            f"{foreign([r])} |")
    probes = doc["results"].get("probes") or []
    if probes:
        lines += ["", "Max-rate probe (SiegeGrid): " + ", ".join(
            f"{p['target']:,} -> {f(p['achieved_rps'])}" for p in probes)]
    lines.append("")
    return lines


def pct(x):
    return None if x is None else 100 * x


def heap_table(doc):
    h = doc["results"].get("heap")
    if h is None:
        return []
    if "skipped" in h:
        return ["### Heap", "", f"Skipped: {h['skipped']}.", ""]
    thrash = h.get("gc_time_pct") is None or h["gc_time_pct"] > 5 or h.get("full_gcs", 0) > 0 \
        or h.get("oom")
    verdict = "run failed" if h.get("note") else "GC thrash / OOM" if thrash else "no GC thrash"
    if not h.get("note") and (h.get("achieved_rps") or 0) < 0.95 * h["target"]:
        verdict += "; rate not held"
    return [f"### Heap: SiegeGrid at {h['target']:,} req/s, {h['conns']:,} connections, "
            f"-Xmx{h['xmx']}, {doc['settings']['rate_secs']} s", "",
            "| achieved req/s | error % | CoV | collector | GCs | full GCs | GC pause total ms | "
            "max pause ms | GC time % of run | max heap after GC MB | peak RSS MB | errors | "
            "exit | verdict |",
            "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| {f(h['achieved_rps'])} | {f(h['error_pct'], 2)} | {f(h['cov'], 3)} | "
            f"{h.get('gc') or '-'} | {h.get('gcs', '-')} | {h.get('full_gcs', '-')} | "
            f"{f(h.get('pause_total_ms'), 1)} | "
            f"{f(h.get('pause_max_ms'), 1)} | {f(h.get('gc_time_pct'), 2)} | "
            f"{f(h.get('heap_after_max_mb'))} | {f(h['rss_mb'], 1)} | "
            f"{h['errors'] if h['errors'] is not None else '-'} | {h['exit']} | {verdict} |", ""]


def notes(doc):
    """Why runs produced no figures (last line the tool printed), once per tool and message."""
    seen = {}
    for section in ("throughput", "rate", "probes"):
        for r in doc["results"].get(section) or []:
            if r.get("note"):
                seen.setdefault((r["tool"], r["note"]), []).append(r.get("exit"))
    h = doc["results"].get("heap")
    if h and h.get("note"):
        seen.setdefault((h["tool"], h["note"]), []).append(h.get("exit"))
    if not seen:
        return []
    return ["### Runs without figures", ""] + [
        f"- {tool}: {len(codes)} run(s), exit {sorted(set(codes))}: `{msg}`"
        for (tool, msg), codes in seen.items()] + [""]


def markdown(doc):
    i = doc["info"]
    load_b = ", ".join(f"{x:.2f}" for x in i["load_before"])
    load_a = ", ".join(f"{x:.2f}" for x in i.get("load_after", ()))
    busy = max(i["load_before"][0], (i.get("load_after") or [0])[0]) > i["nproc"]
    lines = ["## SiegeGrid peer benchmark", "",
             f"- date: {i['date']}{' (--quick)' if i['quick'] else ''}",
             f"- machine: {i['nproc']} cores, {i['cpu']}, {i['mem_gb']} GB, Linux {i['kernel']}",
             f"- nginx: 1 worker on core {i['server_cpu']}; every tool on core {i['client_cpu']}; "
             "all traffic to 127.0.0.1",
             f"- load average before: {load_b}; after: {load_a}",
             f"- versions: " + "; ".join(f"{k} `{v}`" for k, v in i["versions"].items() if v)]
    if i.get("interrupted"):
        lines.append("- **interrupted**: partial results")
    if busy:
        lines.append(f"- **busy machine**: load average above {i['nproc']} cores: other work "
                     "competed for both cores (see 'other CPU %'); absolute figures are noisy, "
                     "compare ratios")
    if i.get("jar"):
        lines.append(f"- SiegeGrid: `{i['jar']}` JAVA_OPTS=`{i.get('java_opts') or ''}`")
    if doc["skipped"]:
        lines.append("- skipped: " + "; ".join(f"{k} ({v})" for k, v in doc["skipped"].items()))
    lines.append("")
    lines += throughput_tables(doc) + cpu_table(doc) + rate_table(doc) + heap_table(doc) + notes(doc)
    return "\n".join(lines) + "\n"


_PAUSE = re.compile(r"GC\(\d+\) Pause (\w+).*?(\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms")
_UPTIME = re.compile(r"^\[([\d.]+)s\]")


def parse_gc_log(path):
    """Pauses from a -Xlog:gc log: count, full GCs, total/max pause, share of the JVM's uptime
    (up to its last log line; the caller may recompute the share against the run's wall time)."""
    try:
        with open(path) as fh:
            text = fh.read()
    except OSError:
        return {}
    pauses = [(m.group(1), int(m.group(3)), float(m.group(5))) for m in _PAUSE.finditer(text)]
    ups = [float(m.group(1)) for m in re.finditer(_UPTIME.pattern, text, re.M)]
    uptime = max(ups) if ups else None
    total = sum(p[2] for p in pauses)
    gc_name = re.search(r"\[gc\] Using (\S+)", text)
    return {"gc": gc_name.group(1) if gc_name else None, "gcs": len(pauses),
            "full_gcs": sum(1 for p in pauses if p[0] == "Full"),
            "pause_total_ms": total, "pause_max_ms": max((p[2] for p in pauses), default=0.0),
            "heap_after_max_mb": max((p[1] for p in pauses), default=None),
            "gc_time_pct": 100 * total / 1000 / uptime if uptime else None,
            "jvm_uptime_s": uptime}
