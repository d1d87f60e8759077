"""CPU accounting around a run: nginx's own CPU and how busy each core was (from /proc).

`foreign` CPU on a core = its busy share minus what the measured processes used there: on a
quiet machine it is a few %, on a shared one it says how much other work competed.
"""
import os
import time

TICK = os.sysconf("SC_CLK_TCK")


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def proc_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


def core_ticks():
    """{cpu index: (busy ticks, total ticks)} from /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *vals = line.split()
                v = [int(x) for x in vals]
                idle = v[3] + v[4]  # idle + iowait
                out[int(name[3:])] = (sum(v[:8]) - idle, sum(v[:8]))
    return out


def snapshot(nginx_pids):
    return {"t": time.monotonic(), "nginx": proc_ticks(nginx_pids), "cores": core_ticks()}


def diff(a, b):
    """Percent of one core: nginx's CPU, and each core's busy share, between two snapshots."""
    wall = b["t"] - a["t"]
    if wall <= 0:
        return {}
    cores = {}
    for cpu, (busy1, total1) in b["cores"].items():
        busy0, total0 = a["cores"].get(cpu, (busy1, total1))
        cores[cpu] = 100 * (busy1 - busy0) / (total1 - total0) if total1 > total0 else None
    return {"nginx_cpu_pct": 100 * (b["nginx"] - a["nginx"]) / TICK / wall, "core_busy_pct": cores}
