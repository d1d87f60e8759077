"""Parser and analysis tests: python3 -m unittest discover -s src-test-cluster/bench"""
import os
import subprocess
import tempfile
import unittest

import report
import sampler
import threads
from measure import parse_time_v
from tools import Ab, Autocannon, Hey, Httperf, Siege, SiegeGrid, Wrk, last_json

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def read(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


class ParserTest(unittest.TestCase):
    CASES = [  # tool, fixture, rps, p99 ms, requests, errors
        (Wrk(), "wrk.txt", 64238.84, 1.39, 64307, 0),
        (Hey(), "hey.txt", 32010 / 1.0009, 5.1, 32010, 0),
        (Hey(), "hey-err.txt", 0.0, None, 0, 20),
        (Ab(), "ab.txt", None, None, None, 0),
        (Ab(), "ab-404.txt", None, None, 20, 20),
        (Httperf(), "httperf-rate.txt", 4000 / 2.0, None, 4000, 0),
        (Autocannon("/bin/true"), "ac.json", None, None, None, 0),
        (SiegeGrid("x.jar"), "siegegrid.out", 19960.08, 1.9, 100000, 2),
    ]

    def test_every_fixture_parses(self):
        for tool, name, rps, p99, requests, errors in self.CASES:
            with self.subTest(fixture=name):
                p = tool.parse(read(name), "")
                print(f"{name}: rps={p.rps} p99={p.p99_ms} requests={p.requests} errors={p.errors}")
                if rps is not None:
                    self.assertAlmostEqual(p.rps, rps, places=1)
                if p99 is not None:
                    self.assertAlmostEqual(p.p99_ms, p99, places=3)
                if requests is not None:
                    self.assertEqual(p.requests, requests)
                self.assertEqual(p.errors, errors)
                if name not in ("hey-err.txt", "ab-404.txt"):
                    self.assertGreater(p.rps, 0)

    def test_hey_p99_in_ms(self):
        self.assertAlmostEqual(Hey().parse(read("hey-rate.txt"), "").p99_ms, 4.6, places=3)

    def test_siegegrid_extra_and_corrected(self):
        p = SiegeGrid("x.jar").parse(read("siegegrid.out"), "")
        self.assertEqual(p.p99_corr_ms, 2.5)
        self.assertEqual(p.extra, {"achieved_rps": 19990.5, "series_len": 2})

    def test_siege_rate_from_its_summary(self):
        out = read("siege.txt")
        p = Siege.__new__(Siege).parse(out, "")
        j = last_json(out, "transactions")
        self.assertAlmostEqual(p.rps, j["transactions"] / j["elapsed_time"])
        self.assertEqual(p.p99_ms, None)

    def test_garbage_gives_nothing_not_a_crash(self):
        for tool in (Wrk(), Hey(), Ab(), Httperf(), Autocannon("/bin/true"), SiegeGrid("x")):
            with self.subTest(tool=tool.name):
                p = tool.parse("error: connection refused\n{not json", "boom")
                self.assertIsNone(p.rps)

    def test_rate_commands(self):
        self.assertIn("-q", Hey().rate("http://127.0.0.1:1/", 2000, 50, 20).argv)
        self.assertIn("40", Hey().rate("http://127.0.0.1:1/", 2000, 50, 20).argv)
        h = Httperf().rate("http://127.0.0.1:9/100b", 2000, 50, 20).argv
        self.assertEqual(h[h.index("--num-conns") + 1], "40000")
        self.assertEqual(h[h.index("--port") + 1], "9")
        sg = SiegeGrid("x.jar", "-Xmx256m").rate("http://127.0.0.1:9/", 2000, 50, 20, "-Xlog:gc")
        self.assertEqual(sg.argv[:3], ["java", "-Xmx256m", "-Xlog:gc"])
        self.assertNotIn("-c", sg.argv)


class TimeAndGcTest(unittest.TestCase):
    def test_time_v(self):
        text = ("Command exited with non-zero status 124\n\tUser time (seconds): 0.07\n"
                "\tSystem time (seconds): 0.92\n\tMaximum resident set size (kbytes): 4084\n")
        self.assertEqual(parse_time_v(text), (0.07, 0.92, 4084))
        self.assertEqual(parse_time_v(""), (None, None, None))

    def test_gc_log(self):
        g = report.parse_gc_log(os.path.join(DATA, "gc.log"))
        self.assertEqual((g["gc"], g["gcs"], g["full_gcs"], g["heap_after_max_mb"]), ("G1", 6, 1, 4))
        self.assertAlmostEqual(g["pause_total_ms"], 3.992 + 5.489 + 3.040 + 0.127 + 0.130 + 7.109)
        self.assertAlmostEqual(g["pause_max_ms"], 7.109)
        self.assertEqual(report.parse_gc_log("/nonexistent"), {})


def grid(counts, step_ms=10, start_ns=5_000_000_000):
    """Samples whose deltas are `counts` (+1 per poll, as nginx counts the sampler itself)."""
    samples, total, t = [(start_ns, 0)], 0, start_ns
    for n in counts:
        t += step_ms * 1_000_000
        total += n + 1
        samples.append((t, total))
    return samples


class AnalyzeTest(unittest.TestCase):
    def test_steady_rate(self):
        a = sampler.analyze(grid([0] * 50 + [20] * 300 + [0] * 50))  # 2,000/s for 3 s
        self.assertEqual(a["per_second"], [2000, 2000, 2000])  # window: 300 intervals = 3.0 s
        self.assertAlmostEqual(a["achieved_rps"], 2000)
        self.assertEqual(a["cov"], 0.0)
        self.assertEqual(a["empty_share"], 0.0)
        self.assertEqual(a["late_share"], 0.0)

    def test_bursty_rate_has_empty_slots(self):
        a = sampler.analyze(grid([100, 0, 0, 0, 0] * 100))  # bursts every 50 ms
        # the window runs from the first burst to the last: 496 intervals, 100 of them busy
        self.assertAlmostEqual(a["empty_share"], 396 / 496, places=6)
        self.assertAlmostEqual(a["achieved_rps"], 2000, delta=60)

    def test_uneven_seconds_cov(self):
        a = sampler.analyze(grid([10] * 100 + [30] * 100 + [10] * 101))
        self.assertEqual(a["per_second"], [1000, 3000, 1000])
        self.assertAlmostEqual(a["cov"], 942.809 / 1666.667, places=3)

    def test_nothing(self):
        a = sampler.analyze(grid([0] * 10))
        self.assertEqual(a["achieved_rps"], 0.0)
        self.assertIsNone(a["cov"])
        self.assertEqual(sampler.analyze([])["intervals"], 0)

    def test_late_sampler_flagged(self):
        s = grid([20] * 100) + [(5_000_000_000 + 1_030_000_000, 100 * 21 + 61)]
        self.assertAlmostEqual(sampler.analyze(s)["late_share"], 1 / 101)

    def test_stub_page(self):
        page = ("Active connections: 1 \nserver accepts handled requests\n 1 1 7 \n"
                "Reading: 0 Writing: 1 Waiting: 0 \n")
        self.assertEqual(sampler.parse_stub(page), 7)
        with self.assertRaises(ValueError):
            sampler.parse_stub("<html>")


# Thread names as /proc showed them for `java -jar siegegrid.jar run -b -c 50` pinned to one core
# (Serial GC) and with -XX:+UseG1GC; comm keeps 15 characters.
JVM_THREADS = [("java", "main"), ("java", "main"), ("VM Thread", "gc"), ("Reference Handl", "gc"),
               ("Finalizer", "gc"), ("Signal Dispatch", "gc"), ("Service Thread", "gc"),
               ("Monitor Deflati", "gc"), ("C2 CompilerThre", "jit"), ("C1 CompilerThre", "jit"),
               ("Sweeper thread", "gc"), ("Notification Th", "gc"), ("VM Periodic Tas", "gc"),
               ("Common-Cleaner", "gc"), ("siegegrid-warmu", "other"), ("siegegrid-io-1-", "io"),
               ("siegegrid-io-2-", "io"), ("GC Thread#0", "gc"), ("G1 Main Marker", "gc"),
               ("G1 Conc#0", "gc"), ("G1 Refine#0", "gc"), ("G1 Service", "gc"),
               ("C2 CompilerThread0", "jit"), ("C1 CompilerThread1", "jit"), ("main", "main"),
               ("timeout", "other"), ("wrk", "other"), ("run-stop-on-sig", "other")]


def fake_proc(root, tree):
    """A /proc-like tree: {pid: {tid: (name, utime, stime, [children forked by this thread])}}."""
    for pid, tasks in tree.items():
        for tid, (name, ut, st, kids) in tasks.items():
            d = os.path.join(root, str(pid), "task", str(tid))
            os.makedirs(d)
            with open(os.path.join(d, "stat"), "w") as f:
                f.write(f"{tid} ({name}) S 1 {pid} {pid} 0 -1 4194560 1 0 0 0 {ut} {st} 0 0 20 0 "
                        f"1 0 100 0 0\n")
            with open(os.path.join(d, "children"), "w") as f:
                f.write(" ".join(map(str, kids)) + (" " if kids else ""))


class ThreadsTest(unittest.TestCase):
    def test_groups_of_real_names(self):
        for name, want in JVM_THREADS:
            with self.subTest(name=name):
                self.assertEqual(threads.group_of(name), want)

    def test_group_sums_and_always_has_every_group(self):
        ts = [{"name": n, "user_s": 1.0, "sys_s": 0.5} for n, _ in JVM_THREADS[:4]]
        g = threads.group(ts)
        self.assertEqual(set(g), set(threads.GROUPS))
        self.assertEqual(g["main"], {"user_s": 2.0, "sys_s": 1.0})
        self.assertEqual(g["gc"], {"user_s": 2.0, "sys_s": 1.0})
        self.assertEqual(g["io"], {"user_s": 0.0, "sys_s": 0.0})

    def test_walk_and_sample_a_fake_proc(self):
        # time(100) -> timeout(101) -> java(102), whose thread 104 forked 200; 102 is not below.
        tree = {100: {100: ("time", 0, 0, [101])},
                101: {101: ("timeout", 1, 0, [102])},
                102: {102: ("java", 0, 0, []), 103: ("C2 CompilerThre", 150, 10, []),
                      104: ("siegegrid-io-1-", 200, 300, [200])},
                200: {200: ("odd) name (x", 5, 6, [])},
                300: {300: ("unrelated", 9, 9, [])}}
        with tempfile.TemporaryDirectory() as root:
            fake_proc(root, tree)
            self.assertEqual(threads.descendants(100, root), [101, 102, 200])
            self.assertEqual(threads.descendants(999, root), [])
            got = threads.sample(100, root)
        self.assertEqual(got[(102, 104)], ("siegegrid-io-1-", 200, 300))
        self.assertEqual(got[(200, 200)], ("odd) name (x", 5, 6))
        self.assertEqual(sorted(got), [(101, 101), (102, 102), (102, 103), (102, 104), (200, 200)])

    def test_sampler_keeps_threads_that_are_gone(self):
        with tempfile.TemporaryDirectory() as root:
            fake_proc(root, {1: {1: ("time", 0, 0, [2])}, 2: {2: ("java", 100, 0, [])}})
            s = threads.ThreadSampler(1, period=0.01, proc=root).start()
            got = s.stop()
        self.assertEqual(got, [{"pid": 2, "tid": 2, "name": "java",
                                "user_s": 100 / threads.TICK, "sys_s": 0.0}])

    def test_finds_a_real_child(self):
        p = subprocess.Popen(["sleep", "30"])
        try:
            self.assertIn(p.pid, threads.descendants(os.getpid()))
            self.assertEqual(threads.sample(os.getpid())[(p.pid, p.pid)][0], "sleep")
        finally:
            p.kill()
            p.wait()


def tp_row(tool, path, rps, cpu_s=1.0, note=None):
    return {"tool": tool, "path": path, "round": 1, "rps": rps, "p99_ms": 1.5 if rps else None,
            "p99_corr_ms": None, "cpu_pct": 50.0, "req_per_cpu_s": rps / cpu_s if rps else None,
            "rss_mb": 5.0, "errors": 0 if rps else None, "nginx_cpu_pct": 90.0,
            "foreign_server_pct": 2.0, "foreign_client_pct": None, "exit": 0 if rps else 2,
            "note": note}


class ReportTest(unittest.TestCase):
    INFO = {"date": "d", "nproc": 2, "cpu": "cpu", "mem_gb": 1, "kernel": "k",
            "server_cpu": 0, "client_cpu": 1, "load_before": (0.1, 0.1, 0.1),
            "load_after": (3.0, 1, 1), "versions": {"wrk": "4.1"}, "quick": True}

    def doc(self, **results):
        base = {"throughput": [], "rate": [], "probes": [], "heap": None}
        base.update(results)
        return {"info": self.INFO, "skipped": {"siegegrid": "jar not found"}, "results": base,
                "settings": {"rounds": 3, "secs": 15, "rate_secs": 20, "conns": 50}}

    def test_ratios_medians_and_notes(self):
        rows = [tp_row("wrk", "/100b", r) for r in (40000, 50000, 60000)] + \
               [tp_row("hey", "/100b", r) for r in (20000, 25000, 30000)] + \
               [tp_row("siegegrid", "/100b", None, note="engine missing")]
        md = report.markdown(self.doc(throughput=rows))
        print(md)
        self.assertIn("| wrk | 50,000 | 1.00 |", md)
        self.assertIn("| hey | 25,000 | 0.50 |", md)
        self.assertIn("1 (1 unparsed)", md)
        self.assertIn("siegegrid: 1 run(s), exit [2]: `engine missing`", md)
        self.assertIn("busy machine", md)
        self.assertNotIn("/10k", md)

    def cpu_rows(self):
        """wrk x3 (median 50,000), SiegeGrid x3 (median 30,000 with thread groups, sampled
        threads 0.30 s short of time -v), hey from an old results.json (no "threads" key)."""
        rows = [dict(tp_row("wrk", "/100b", r), server_requests=250_000, user_s=0.5, sys_s=2.0,
                     cpu_s=2.5, threads=None) for r in (60000, 50000, 40000)]
        groups = {"io": {"user_s": 1.0, "sys_s": 2.5}, "jit": {"user_s": 1.3, "sys_s": 0.1},
                  "main": {"user_s": 0.5, "sys_s": 0.05}, "gc": {"user_s": 0.01, "sys_s": 0.0},
                  "other": {"user_s": 0.04, "sys_s": 0.0}}
        sg = dict(tp_row("siegegrid", "/100b", 30000), server_requests=150_000, requests=149_000,
                  user_s=3.0, sys_s=2.8, cpu_s=5.8, threads=groups)
        rows += [dict(sg, rps=20000.0, server_requests=1), sg, dict(sg, rps=40000.0, threads=None)]
        rows.append(dict(tp_row("hey", "/10k", 10000), server_requests=50_000, user_s=1.0,
                         sys_s=1.5, cpu_s=2.5))  # a row from before threads were sampled
        rows.append(tp_row("ab", "/10k", None, note="boom"))
        return rows

    def test_cpu_table(self):
        md = report.markdown(self.doc(throughput=self.cpu_rows()))
        print(md)
        self.assertIn("### Where the CPU goes (median-rps run of each tool, per file)", md)
        self.assertLess(md.index("### Throughput, GET /10k"), md.index("### Where the CPU goes"))
        self.assertIn("| wrk | /100b | 250,000 | 2.50 | 10.0 | 2.0 | 8.0 | - | - | - | - | - | - |",
                      md)
        # io 3.5 + jit 1.4 + main 0.55 + gc 0.01 + other (0.04 + 0.30 unsampled) = 5.8
        self.assertIn("| siegegrid | /100b | 150,000 | 5.80 | 38.7 | 20.0 | 18.7 | 6.7 | 16.7 | "
                      "1.40 | 0.55 | 0.01 | 0.34 |", md)
        self.assertIn("| hey | /10k | 50,000 | 2.50 | 50.0 | 20.0 | 30.0 | - | - | - | - | - | - |",
                      md)
        self.assertNotIn("| ab | /10k |", md)

    def test_cpu_columns_add_up(self):
        for r in self.cpu_rows()[3:5]:
            b = report.cpu_breakdown(r)
            self.assertAlmostEqual(b["io_user_us"] * b["requests"] / 1e6
                                   + b["io_sys_us"] * b["requests"] / 1e6 + b["jit_s"]
                                   + b["main_s"] + b["gc_s"] + b["other_s"], b["cpu_s"])

    def test_old_results_without_thread_groups(self):
        rows = [{k: v for k, v in r.items() if k != "threads"} for r in self.cpu_rows()]
        md = report.markdown(self.doc(throughput=rows))
        self.assertIn("| siegegrid | /100b | 150,000 | 5.80 | 38.7 | 20.0 | 18.7 | - | - | - | - | "
                      "- | - |", md)

    def test_rate_and_heap(self):
        rate = {"tool": "hey", "target": 2000, "label": "2000", "achieved_rps": 1990.0,
                "error_pct": -0.5, "cov": 0.01, "empty_share": 0.58, "rps": 1991.0, "extra": {},
                "p99_ms": 2.0, "p99_corr_ms": None, "cpu_pct": 10.0, "rss_mb": 50.0,
                "errors": 0, "nginx_cpu_pct": 5.0, "foreign_server_pct": 1.0,
                "foreign_client_pct": 0.0}
        heap = dict(rate, tool="siegegrid", target=20000, conns=1000, xmx="256m", gc="Serial",
                    gcs=40, full_gcs=0, pause_total_ms=120.0, pause_max_ms=9.0,
                    gc_time_pct=0.6, heap_after_max_mb=30, exit=0, note=None)
        md = report.markdown(self.doc(rate=[rate], heap=heap))
        self.assertIn("| 2,000 | hey | 1,990 | -0.50 | 0.010 | 58.0 % |", md)
        self.assertIn("no GC thrash", md)
        md = report.markdown(self.doc(heap=dict(heap, achieved_rps=19990.0)))
        self.assertIn("| no GC thrash |", md)
        md = report.markdown(self.doc(heap=dict(heap, full_gcs=2)))
        self.assertIn("GC thrash / OOM", md)
        md = report.markdown(self.doc(heap={"skipped": "jar not found"}))
        self.assertIn("Skipped: jar not found", md)


if __name__ == "__main__":
    unittest.main()
