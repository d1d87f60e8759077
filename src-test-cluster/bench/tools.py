"""Peer load tools: how to run each one, and how to read what it prints.

Each adapter builds a command for the closed model (N connections, as fast as possible)
and, where the tool has one, for the open model (a fixed request rate). `parse` turns the
tool's stdout/stderr into a `Parsed` value. Parsers are pure and tested in test_tools.py.
"""
import json
import math
import os
import re
import shlex
import shutil
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Command:
    argv: list
    limit_s: float              # hard wall-clock limit (timeout)
    signal: str = "TERM"        # signal sent at the limit (KILL follows 5 s later)
    env: Optional[dict] = None  # extra environment


@dataclass(frozen=True)
class Parsed:
    rps: Optional[float] = None          # tool's own completed requests / its own duration
    p99_ms: Optional[float] = None       # service-time p99 (from the actual send)
    p99_corr_ms: Optional[float] = None  # corrected p99 (from the intended send), if reported
    requests: Optional[int] = None       # completed requests as the tool counts them
    errors: Optional[int] = None         # failed requests (socket errors + non-2xx/3xx)
    extra: dict = field(default_factory=dict)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _num(pattern, text, cast=float, default=None):
    m = re.search(pattern, text, re.M)
    return cast(m.group(1)) if m else default


def last_json(text, must_have):
    """The last JSON object in `text` that has the key `must_have` (tools mix JSON and logs)."""
    dec = json.JSONDecoder()
    found = None
    for m in re.finditer(r"\{", text):
        try:
            obj, _ = dec.raw_decode(text, m.start())
        except ValueError:
            continue
        if isinstance(obj, dict) and must_have in obj:
            found = obj
    return found


def dig(obj, dotted):
    for key in dotted.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


class Tool:
    name = "?"
    binary = "?"
    sized_by_count = False  # True: runs a request count, not a duration (re-run if far too short)

    def missing(self):
        """None when runnable, else why not."""
        return None if shutil.which(self.binary) else f"{self.binary} not found"

    def closed(self, url, conns, secs, hint_rps=None):
        raise NotImplementedError

    def rate(self, url, rps, conns, secs):
        return None  # no open model

    def parse(self, out, err):
        raise NotImplementedError


class Wrk(Tool):
    name, binary = "wrk", "wrk"

    def closed(self, url, conns, secs, hint_rps=None):
        return Command(["wrk", "-t1", f"-c{conns}", f"-d{secs}s", "--latency", url], secs + 15)

    def parse(self, out, err):
        p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        total = _num(r"^\s*(\d+) requests in", out, int)
        errs = _num(r"Non-2xx or 3xx responses:\s*(\d+)", out, int, 0)
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        if sock:
            errs += sum(int(x) for x in sock.groups())
        return Parsed(rps=_num(r"^Requests/sec:\s*([\d.]+)", out),
                      p99_ms=float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else None,
                      requests=total, errors=errs)


class Hey(Tool):
    name, binary = "hey", "hey"

    def closed(self, url, conns, secs, hint_rps=None):
        return Command(["hey", "-z", f"{secs}s", "-c", str(conns), url], secs + 20)

    def rate(self, url, rps, conns, secs):
        # hey's -q is per worker: the total rate is q * c.
        return Command(["hey", "-z", f"{secs}s", "-c", str(conns), "-q", f"{rps / conns:g}", url],
                       secs + 20)

    def parse(self, out, err):
        codes = {int(c): int(n) for c, n in re.findall(r"^\s*\[(\d{3})\]\s+(\d+) responses", out, re.M)}
        _, _, err_part = out.partition("Error distribution:")
        errs = sum(int(n) for n in re.findall(r"^\s*\[(\d+)\]", err_part, re.M))
        errs += sum(n for c, n in codes.items() if c >= 400)
        p99 = _num(r"^\s*99% in ([\d.]+) secs", out)
        secs = _num(r"^\s*Total:\s*([\d.]+) secs", out)
        # hey's Requests/sec counts failed dials too; count responses instead.
        return Parsed(rps=sum(codes.values()) / secs if secs else None,
                      p99_ms=p99 * 1e3 if p99 is not None else None,
                      requests=sum(codes.values()), errors=errs)


class Ab(Tool):
    name, binary = "ab", "ab"

    def closed(self, url, conns, secs, hint_rps=None):
        # -t alone caps at 50,000 requests; -n after -t lifts the cap (the array is calloc'd lazily).
        return Command(["ab", "-q", "-k", "-c", str(conns), "-t", str(secs),
                        "-n", str(max(100_000, 150_000 * secs)), url], secs + 20)

    def parse(self, out, err):
        done = _num(r"^Complete requests:\s*(\d+)", out, int)
        failed = _num(r"^Failed requests:\s*(\d+)", out, int, 0)
        non2xx = _num(r"^Non-2xx responses:\s*(\d+)", out, int, 0)
        return Parsed(rps=_num(r"^Requests per second:\s*([\d.]+)", out),
                      p99_ms=_num(r"^\s*99%\s+(\d+)", out),  # whole milliseconds only
                      requests=done, errors=failed + non2xx)


class Siege(Tool):
    """siege 4.0.7 often hangs at the end of -t runs: time it with -r, sized from a hint."""
    name, binary = "siege", "siege"
    sized_by_count = True
    RC = """verbose = false
color = off
quiet = false
json_output = true
show-logfile = false
logging = false
parser = false
protocol = HTTP/1.1
chunked = true
cache = false
connection = keep-alive
delay = 0
internet = false
benchmark = true
accept-encoding =
url-escaping = true
limit = 1024
"""

    def __init__(self, rc_path):
        self.rc_path = rc_path
        with open(rc_path, "w") as f:
            f.write(self.RC)

    def closed(self, url, conns, secs, hint_rps=None):
        reps = max(20, int((hint_rps or 10_000) * secs / conns))
        return Command(["siege", "-R", self.rc_path, "-b", "-c", str(conns), "-r", str(reps), url],
                       3 * secs + 20, signal="INT")

    def parse(self, out, err):
        j = last_json(out + "\n" + err, "transactions") or {}
        n, secs = j.get("transactions"), j.get("elapsed_time")
        return Parsed(rps=n / secs if n and secs else None, requests=n,
                      errors=j.get("failed_transactions"),
                      extra={"transaction_rate": j.get("transaction_rate")})


class Httperf(Tool):
    name, binary = "httperf", "httperf"

    def _base(self, url):
        u = urlsplit(url)
        return ["httperf", "--server", u.hostname, "--port", str(u.port or 80),
                "--uri", u.path or "/", "--timeout", "5"]

    def closed(self, url, conns, secs, hint_rps=None):
        # conns persistent connections opened at once, each calling back-to-back; stopped by
        # SIGINT at the duration (httperf prints its summary on SIGINT).
        argv = self._base(url) + ["--num-conns", str(conns), "--rate", "100000",
                                  "--num-calls", "1000000000"]
        return Command(argv, secs, signal="INT")

    def rate(self, url, rps, conns, secs):
        # httperf's --rate is a connection rate: one request per connection.
        argv = self._base(url) + ["--rate", str(rps), "--num-conns", str(int(rps * secs)),
                                  "--num-calls", "1"]
        return Command(argv, secs + 15, signal="INT")

    def parse(self, out, err):
        replies = _num(r"^Total: .* replies (\d+)", out, int)
        secs = _num(r"test-duration ([\d.]+) s", out)
        status = dict(re.findall(r"(\dxx)=(\d+)", out))
        errs = _num(r"^Errors: total (\d+)", out, int, 0) + \
            int(status.get("4xx", 0)) + int(status.get("5xx", 0))
        return Parsed(rps=replies / secs if replies is not None and secs else None,
                      requests=replies, errors=errs,
                      extra={"request_rate": _num(r"^Request rate: ([\d.]+)", out)})


class Autocannon(Tool):
    name = "autocannon"

    def __init__(self, binary):
        self.binary = binary

    def missing(self):
        return None if self.binary and os.access(self.binary, os.X_OK) else "autocannon not installed"

    def closed(self, url, conns, secs, hint_rps=None):
        return Command([self.binary, "-c", str(conns), "-d", str(secs), "--json", url], secs + 20)

    def rate(self, url, rps, conns, secs):
        return Command([self.binary, "-c", str(conns), "-d", str(secs), "--overallRate", str(rps),
                        "--json", url], secs + 20)

    def parse(self, out, err):
        j = last_json(out, "requests") or {}
        total, secs = dig(j, "requests.total"), j.get("duration")
        errs = sum(j.get(k) or 0 for k in ("errors", "timeouts", "non2xx"))
        return Parsed(rps=total / secs if total is not None and secs else None,
                      p99_ms=dig(j, "latency.p99"), requests=total,
                      errors=errs if j else None)


class SiegeGrid(Tool):
    name = "siegegrid"

    def __init__(self, jar, java_opts=""):
        self.jar, self.java_opts = jar, java_opts

    def missing(self):
        if not shutil.which("java"):
            return "java not found"
        return None if self.jar and os.path.isfile(self.jar) else f"jar not found: {self.jar}"

    def _cmd(self, url, secs, flags, extra_opts=""):
        opts = shlex.split(self.java_opts) + shlex.split(extra_opts)
        argv = ["java", *opts, "-jar", self.jar, "run", "-q", *flags, "-t", f"{secs}S", "-j", url]
        return Command(argv, secs + 30, signal="INT")

    def closed(self, url, conns, secs, hint_rps=None):
        return self._cmd(url, secs, ["-b", "-c", str(conns)])

    def rate(self, url, rps, conns, secs, extra_opts=""):
        # --rps and -c (users) are exclusive; --concurrency bounds the connections in flight.
        return self._cmd(url, secs, ["--rps", str(rps), "--concurrency", str(conns)], extra_opts)

    def parse(self, out, err):
        j = last_json(out, "transaction_rate") or {}
        def num(key):
            v = dig(j, key)
            return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None
        n = j.get("transactions")
        return Parsed(rps=num("transaction_rate"), p99_ms=num("latency_ms.service.p99"),
                      p99_corr_ms=num("latency_ms.corrected.p99"), requests=n,
                      errors=j.get("failed_transactions"),
                      extra={"achieved_rps": num("achieved_rps"),
                             "series_len": len(j.get("series") or [])})


def all_tools(workdir, autocannon_bin, jar, java_opts):
    """Tools in run order: wrk first (the yardstick), SiegeGrid last."""
    return [Wrk(), Hey(), Ab(), Siege(os.path.join(workdir, "siegerc")), Httperf(),
            Autocannon(autocannon_bin), SiegeGrid(jar, java_opts)]
