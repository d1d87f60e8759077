package org.siegegrid.core.load.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/**
 * Throwaway measurement, not a test: wrk vs the native engine vs java.net.http.HttpClient in
 * benchmark mode (50 connections, 10 s) against a private nginx (1 worker, 100-byte file) on
 * 127.0.0.1. Run: java -cp ... org.siegegrid.core.load.bench.ThroughputBench [seconds] [which...]
 */
public final class ThroughputBench {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> which = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("wrk", "native2", "native1", "jdk");
        Path dir = Files.createTempDirectory("sg-nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("html"));
        Files.createDirectories(dir.resolve("logs"));
        Files.write(dir.resolve("html/f100"), "x".repeat(100).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("nginx.conf"), "worker_processes 1; daemon off; error_log " + dir
                + "/logs/error.log; pid " + dir + "/nginx.pid;\n"
                + "events { worker_connections 1024; }\n"
                + "http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:" + port
                + "; root " + dir + "/html; } }\n");
        for (Path p : List.of(dir, dir.resolve("html"), dir.resolve("html/f100"))) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Process nginx = new ProcessBuilder("nginx", "-c", dir + "/nginx.conf", "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/out").toFile()).start();
        String url = "http://127.0.0.1:" + port + "/f100";
        try {
            waitForPort(port);
            System.out.printf("nginx pid %d on port %d; %d cores%n", nginx.pid(), port,
                    Runtime.getRuntime().availableProcessors());
            for (String w : which) {
                switch (w) {
                    case "wrk" -> wrk(url, seconds);
                    case "native1" -> nativeEngine(url, seconds, 1);
                    case "native2" -> nativeEngine(url, seconds, 2);
                    case "jdk" -> jdk(url, seconds, true);
                    case "jdkdefault" -> jdk(url, seconds, false);
                    case "open20k" -> openRate(url, seconds, 20_000);
                    case "open5k" -> openRate(url, seconds, 5_000);
                    default -> System.out.println("unknown: " + w);
                }
            }
        } finally {
            nginx.destroy();
            nginx.waitFor();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void waitForPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not start");
    }

    private static void wrk(String url, int seconds) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "time wrk -t1 -c50 -d" + seconds + "s " + url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        double rps = 0;
        double user = 0;
        double sys = 0;
        for (String line : out.split("\n")) {
            String l = line.trim();
            if (l.startsWith("Requests/sec:")) {
                rps = Double.parseDouble(l.substring(13).trim());
            } else if (l.startsWith("user")) {
                user = minSec(l.substring(4).trim());
            } else if (l.startsWith("Non-2xx") || l.startsWith("Socket errors")) {
                System.out.println("   wrk: " + l);
            } else if (l.startsWith("sys")) {
                sys = minSec(l.substring(3).trim());
            }
        }
        report("wrk -t1 -c50", rps, seconds, user + sys);
    }

    private static double minSec(String s) {
        int m = s.indexOf('m');
        return Double.parseDouble(s.substring(0, m)) * 60 + Double.parseDouble(s.substring(m + 1, s.length() - 1));
    }

    private static void report(String name, double rps, int seconds, double cpuSeconds) {
        System.out.printf("%-28s %9.0f req/s  cpu %5.2f s (%3.0f%% of a core)  %8.0f req per cpu-second%n",
                name, rps, cpuSeconds, 100 * cpuSeconds / seconds, rps * seconds / cpuSeconds);
    }

    private static void nativeEngine(String url, int seconds, int threads) throws Exception {
        try (NativeEngine engine = new NativeEngine(threads)) {
            LoadPlan warm = new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL, null, 50, null, true, 50,
                    Duration.ofSeconds(30), Duration.ofSeconds(3), 1, null);
            try (LoadRunner r = engine.newRunner(warm)) {
                r.start(new LocalShare(0, 50, 50, LocalShare.UNLIMITED));
                r.awaitDone(Duration.ofSeconds(10));
            }
            LoadPlan plan = new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL, null, 50, null, true, 50,
                    Duration.ofSeconds(30), Duration.ofSeconds(seconds), 1, null);
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            Counters c;
            try (LoadRunner r = engine.newRunner(plan)) {
                r.start(new LocalShare(0, 50, 50, LocalShare.UNLIMITED));
                r.awaitDone(Duration.ofSeconds(seconds + 10));
                c = r.totals();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
            report("native " + threads + " loop(s), 50 users", c.responses() / secs, seconds, cpu);
            System.out.printf("   %s%n", c);
        }
    }

    private static void openRate(String url, int seconds, double rps) throws Exception {
        try (NativeEngine engine = new NativeEngine(2)) {
            for (int i = 0; i < 2; i++) { // warm-up: the JIT compiles the hot path first
                LoadPlan warm = new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL,
                        org.siegegrid.core.load.RateProfile.constant(rps), 0, null, false, 50,
                        Duration.ofSeconds(30), Duration.ofSeconds(3), 1, null);
                try (LoadRunner r = engine.newRunner(warm)) {
                    r.start(new LocalShare(1.0, 0, 50, LocalShare.UNLIMITED));
                    r.awaitDone(Duration.ofSeconds(10));
                }
            }
            LoadPlan plan = new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL,
                    org.siegegrid.core.load.RateProfile.constant(rps, Duration.ofSeconds(seconds)), 0, null, false, 50,
                    Duration.ofSeconds(30), Duration.ofSeconds(seconds), 1, null);
            long cpu0 = OS.getProcessCpuTime();
            try (LoadRunner r = engine.newRunner(plan)) {
                r.start(new LocalShare(1.0, 0, 50, LocalShare.UNLIMITED));
                r.awaitDone(Duration.ofSeconds(seconds + 10));
                var all = r.takeInterval();
                double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
                Counters c = all.counters();
                System.out.printf("open %.0f rps x %d s: issued %d (%.2f%% of target), dropped %d, cpu %.2f s (%.0f req/cpu-s);"
                        + " corrected p50/p99/max %d/%d/%d us, service p50/p99 %d/%d us%n", rps, seconds, c.issued(),
                        100.0 * c.issued() / (rps * seconds), c.dropped(), cpu, c.issued() / cpu,
                        all.corrected().getValueAtPercentile(50), all.corrected().getValueAtPercentile(99),
                        all.corrected().getMaxValue(), all.service().getValueAtPercentile(50),
                        all.service().getValueAtPercentile(99));
            }
        }
    }

    private static void jdk(String url, int seconds, boolean twoThreads) throws Exception {
        var exec = twoThreads ? Executors.newFixedThreadPool(2) : Executors.newCachedThreadPool();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(exec).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        System.out.println("   jdk first response: " + client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
        AtomicLong ok = new AtomicLong();
        AtomicLong err = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Runnable[] users = new Runnable[50];
        for (int i = 0; i < users.length; i++) {
            int u = i;
            users[i] = () -> {
                if (running.get()) {
                    client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                        (e == null && r.statusCode() == 200 ? ok : err).incrementAndGet();
                        users[u].run();
                    });
                }
            };
        }
        for (Runnable u : users) {
            u.run();
        }
        Thread.sleep(3000); // warm-up
        long n0 = ok.get();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n = ok.get() - n0;
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        running.set(false);
        Thread.sleep(500);
        exec.shutdownNow();
        report("jdk HttpClient, 50 users" + (twoThreads ? "" : " (cached pool)"), n / secs, seconds, cpu);
        System.out.printf("   errors %d%n", err.get());
    }
}
