"""What the numbers were measured on: cores, CPU, kernel, load, tool versions."""
import datetime
import os
import platform
import re
import subprocess


def _first_line(argv, pattern=None):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = p.stdout + p.stderr
    for line in text.splitlines():
        if not pattern or re.search(pattern, line):
            return line.strip()
    return None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            return m.group(1).strip() if m else platform.processor()
    except OSError:
        return platform.processor()


def mem_total_gb():
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
            return round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        return None


def machine_info(a, bench):
    versions = {
        "nginx": _first_line(["nginx", "-v"]),
        "wrk": _first_line(["wrk", "-v"], r"wrk"),
        "siege": _first_line(["siege", "-V"], r"SIEGE"),
        "ab": _first_line(["ab", "-V"], r"Version"),
        "httperf": _first_line(["httperf", "-V"], r"httperf-"),
        "hey": _first_line(["dpkg-query", "-W", "-f", "${Version}", "hey"]),
        "java": _first_line(["java", "-version"], r"version"),
    }
    if a.autocannon:
        versions["autocannon"] = _first_line([a.autocannon, "--version"], r"autocannon")
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "kernel": platform.release(),
        "mem_gb": mem_total_gb(),
        "load_before": os.getloadavg(),
        "server_cpu": a.server_cpu,
        "client_cpu": a.client_cpu,
        "jar": a.jar if "siegegrid" in bench.by_name else None,
        "java_opts": a.java_opts,
        "quick": a.quick,
        "versions": versions,
    }
