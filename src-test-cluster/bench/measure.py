"""Run one tool invocation pinned to a core, bounded in time, under GNU time.

    /usr/bin/time -v -o F  timeout -k 5 -s SIG LIMIT  taskset -c CPU  tool ...

GNU time is outermost so it always writes its figures, even when timeout stops the tool;
taskset execs the tool, so user+sys and max RSS are the tool's (including its start-up,
all its threads and any children it waited for).
"""
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Optional

import cpustat
import sampler
import threads as threadstat
from tools import Command

HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Measured:
    exit_code: int
    timed_out: bool
    wall_s: float
    user_s: Optional[float]
    sys_s: Optional[float]
    max_rss_kb: Optional[int]
    server_requests: Optional[int]   # nginx requests counter delta over the process lifetime
    out: str = ""
    err: str = ""
    samples: list = field(default_factory=list)
    cpu: dict = field(default_factory=dict)   # cpustat.diff over the run
    threads: Optional[list] = None            # threads.ThreadSampler.stop(), when asked for

    @property
    def cpu_s(self):
        return None if self.user_s is None or self.sys_s is None else self.user_s + self.sys_s


def parse_time_v(text):
    def num(label, cast=float):
        m = re.search(rf"^\s*{re.escape(label)}:\s*([\d.]+)\s*$", text, re.M)
        return cast(m.group(1)) if m else None
    return (num("User time (seconds)"), num("System time (seconds)"),
            num("Maximum resident set size (kbytes)", int))


def _kill_tree(p):
    """Kill what we started: time's child is timeout, which leads its own process group."""
    try:
        with open(f"/proc/{p.pid}/task/{p.pid}/children") as fh:
            for pid in fh.read().split():
                try:
                    os.killpg(int(pid), signal.SIGKILL)
                except OSError:
                    pass
    except OSError:
        pass
    p.kill()
    p.wait()


def _safe_read(url):
    try:
        return sampler.read_requests(url)
    except OSError:
        return None


def _start_sampler(stub_url, sfile, sample_cpu, interval, limit_s):
    p = subprocess.Popen(["taskset", "-c", str(sample_cpu), sys.executable,
                          os.path.join(HERE, "sampler.py"), stub_url, sfile,
                          "--interval", str(interval), "--max-seconds", str(limit_s + 30)])
    time.sleep(0.3)
    return p


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run(cmd: Command, cpu, stub_url, prefix, sample_cpu=None, sample_interval=0.01,
        nginx_pids=(), threads=False):
    """Run `cmd`; files go to prefix.{out,err,time,argv}[,.samples][,.threads]. Returns Measured.

    threads=True samples the user/sys CPU of every thread of the tool every 0.2 s from a
    Python thread of this (driver) process, which run.sh pins beside nginx, not on `cpu`.

    Order: stub read, sampler up, tool, sampler down, stub read; so the server-side count
    is after - before - 1 - (sampler polls), exactly.
    """
    tfile, sfile = prefix + ".time", prefix + ".samples"
    argv = ["/usr/bin/time", "-v", "-o", tfile, "timeout", "-k", "5", "-s", cmd.signal,
            f"{cmd.limit_s:g}", "taskset", "-c", str(cpu), *cmd.argv]
    with open(prefix + ".argv", "w") as f:
        f.write(" ".join(cmd.argv) + "\n")
    env = dict(os.environ, **(cmd.env or {}))
    before = _safe_read(stub_url)
    sproc = None
    if sample_cpu is not None:
        sproc = _start_sampler(stub_url, sfile, sample_cpu, sample_interval, cmd.limit_s)
    snap = cpustat.snapshot(nginx_pids)
    t0 = time.monotonic()
    with open(prefix + ".out", "w+") as fo, open(prefix + ".err", "w+") as fe:
        p = subprocess.Popen(argv, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, env=env)
        tsampler = threadstat.ThreadSampler(p.pid).start() if threads else None
        try:
            code = p.wait(timeout=cmd.limit_s + 20)
        except subprocess.TimeoutExpired:  # belt and braces: timeout -k should never let this happen
            _kill_tree(p)
            code = -9
        except BaseException:              # Ctrl-C: stop the tool now, not at its limit
            _kill_tree(p)
            if tsampler is not None:
                tsampler.stop()
            if sproc is not None:
                sproc.kill()
                sproc.wait()
            raise
        wall = time.monotonic() - t0
        thread_cpu = tsampler.stop() if tsampler is not None else None
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
    cpu_use = cpustat.diff(snap, cpustat.snapshot(nginx_pids))
    if thread_cpu is not None:
        with open(prefix + ".threads", "w") as f:
            f.write("pid\ttid\tuser_s\tsys_s\tname\n")
            f.writelines(f"{t['pid']}\t{t['tid']}\t{t['user_s']:.2f}\t{t['sys_s']:.2f}\t"
                         f"{t['name']}\n" for t in thread_cpu)
    samples = []
    if sproc is not None:
        time.sleep(0.2)
        _stop(sproc)
        if os.path.exists(sfile):
            samples = sampler.load(sfile)
    after = _safe_read(stub_url)
    try:
        with open(tfile) as f:
            ttext = f.read()
    except OSError:
        ttext = ""
    user, sys_, rss = parse_time_v(ttext)
    # time -v reports the exit status of timeout: 124 = stopped at the limit.
    timed_out = code in (124, 137) or "status 124" in ttext
    served = None if before is None or after is None else after - before - 1 - len(samples)
    return Measured(code, timed_out, wall, user, sys_, rss, served, out, err, samples, cpu_use,
                    thread_cpu)
