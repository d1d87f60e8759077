"""Where a tool's CPU goes: per-thread user/sys of its process tree, sampled from /proc.

While a tool runs, `ThreadSampler` walks every descendant of the process measure.run started
(`/usr/bin/time`; taskset execs the tool, so the tool is a grandchild) every ~0.2 s, reads each
thread's `/proc/<pid>/task/<tid>/stat` and keeps the last value seen per (pid, tid) with its
name. `group` sorts the threads into io / jit / main / gc / other (pure, tested on names).

Threads that exit between two samples lose up to one period of CPU, and so does CPU spent after
the last sample (a last sample right before the tool exits is impossible: we only learn of the
exit once the process and its /proc entries are gone). The report therefore takes "other" as
the whole process's user+sys from `time -v` minus the sampled threads, so nothing goes missing.
"""
import os
import threading

TICK = os.sysconf("SC_CLK_TCK")
GROUPS = ("io", "jit", "main", "gc", "other")

# Linux keeps 15 characters of a thread name (TASK_COMM_LEN 16), so prefixes are matched.
_JIT = ("C1 CompilerThre", "C2 CompilerThre", "JVMCI CompilerT", "JVMCI-native Co")
# HotSpot's main thread is attached, not created, so it keeps the launcher's name: "java".
_MAIN = ("java", "main")
# GC workers (Serial runs inside "VM Thread"; G1/Parallel add "GC Thread#n", "G1 ..."; ZGC and
# Shenandoah their own) and the JVM's other housekeeping threads.
_GC = ("VM Thread", "GC Thread", "G1 ", "VM Periodic Tas", "Service Thread", "Monitor Deflati",
       "Reference Handl", "Finalizer", "Signal Dispatch", "Sweeper thread", "Notification Th",
       "Common-Cleaner", "Attach Listener", "StrDedup", "ZDirector", "ZDriver", "ZStat",
       "ZUncommit", "ZUnmapper", "ZWorker", "Shenandoah")


def group_of(name):
    """The group of one thread name (as /proc shows it: at most 15 characters)."""
    if name.startswith("siegegrid-io"):
        return "io"
    if name.startswith(_JIT):
        return "jit"
    if name in _MAIN:
        return "main"
    if name.startswith(_GC):
        return "gc"
    return "other"


def group(threads):
    """{group: {"user_s", "sys_s"}} summed over thread dicts with name, user_s, sys_s."""
    out = {g: {"user_s": 0.0, "sys_s": 0.0} for g in GROUPS}
    for t in threads:
        g = out[group_of(t["name"])]
        g["user_s"] += t["user_s"]
        g["sys_s"] += t["sys_s"]
    return out


def children(pid, proc="/proc"):
    """Direct children of `pid`: the children file of every one of its threads (a child forked
    by a thread other than the main one is listed under that thread only)."""
    out = []
    try:
        tids = os.listdir(f"{proc}/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"{proc}/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            pass
    return out


def descendants(pid, proc="/proc"):
    """Every descendant of `pid` (not `pid` itself), parents before their children."""
    out, todo, seen = [], children(pid, proc), {pid}
    while todo:
        p = todo.pop(0)
        if p in seen:  # a recycled pid could make a loop
            continue
        seen.add(p)
        out.append(p)
        todo += children(p, proc)
    return out


def parse_stat(text):
    """(name, utime ticks, stime ticks) of a /proc/.../stat line; the name may hold ') '."""
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return name, int(fields[11]), int(fields[12])


def sample(root, proc="/proc"):
    """{(pid, tid): (name, utime ticks, stime ticks)} of every thread below `root`."""
    out = {}
    for pid in descendants(root, proc):
        try:
            tids = os.listdir(f"{proc}/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"{proc}/{pid}/task/{tid}/stat") as f:
                    out[(pid, int(tid))] = parse_stat(f.read())
            except (OSError, ValueError, IndexError):
                pass  # gone between listdir and open
    return out


class ThreadSampler:
    """Samples `root`'s descendants every `period` s in a Python thread until `stop()`."""

    def __init__(self, root, period=0.2, proc="/proc"):
        self.root, self.period, self.proc = root, period, proc
        self.last = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="thread-sampler", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _loop(self):
        while True:
            self.last.update(sample(self.root, self.proc))
            if self._stop.wait(self.period):
                return

    def stop(self):
        """Threads seen: [{"pid", "tid", "name", "user_s", "sys_s"}], last value of each."""
        self._stop.set()
        self._thread.join()
        return [{"pid": pid, "tid": tid, "name": name, "user_s": u / TICK, "sys_s": s / TICK}
                for (pid, tid), (name, u, s) in sorted(self.last.items())]
