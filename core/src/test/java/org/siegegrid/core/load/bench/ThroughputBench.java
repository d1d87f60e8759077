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
 * Measurement, not a test: the HTTP client candidates side by side in benchmark mode (50
 * connections, closed loop, after a warm-up) against a private nginx (1 worker, 100-byte file) on
 * 127.0.0.1: wrk, the native engine (Netty), a purpose-built java.nio HTTP/1.1 client (the
 * smallest thing that can work: one selector, pre-encoded request, Content-Length framing only) and
 * java.net.http.HttpClient. {@code -Dbench.url=URL} uses a running server instead (e.g. an nginx
 * pinned to another core). Run:
 * {@code java -cp ... org.siegegrid.core.load.bench.ThroughputBench [seconds] [wrk|native1|native2|nio|jdk|jdkdefault|open5k|open20k...]}
 */
public final class ThroughputBench {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> which = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("wrk", "native2", "native1", "nio", "jdk");
        String given = System.getProperty("bench.url");
        if (given != null) {
            for (String w : which) {
                run(w, given, seconds);
            }
            return;
        }
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
                run(w, url, seconds);
            }
        } finally {
            nginx.destroy();
            nginx.waitFor();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String which, String url, int seconds) throws Exception {
        switch (which) {
            case "wrk" -> wrk(url, seconds);
            case "native1" -> nativeEngine(url, seconds, 1);
            case "native2" -> nativeEngine(url, seconds, 2);
            case "nio" -> nio(url, seconds);
            case "jdk" -> jdk(url, seconds, true);
            case "jdkdefault" -> jdk(url, seconds, false);
            case "open20k" -> openRate(url, seconds, 20_000);
            case "open5k" -> openRate(url, seconds, 5_000);
            default -> System.out.println("unknown: " + which);
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

    /**
     * A purpose-built java.nio client: 50 non-blocking keep-alive connections on one selector, the
     * request pre-encoded in a direct buffer, responses framed by Content-Length only (what nginx
     * sends for a static file). No timeouts, no errors handled, no pacing: an upper bound for
     * what a hand-written NIO client would cost per request.
     */
    private static void nio(String url, int seconds) throws Exception {
        URI u = URI.create(url);
        byte[] head = ("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                + "\r\nUser-Agent: nio-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer request = java.nio.ByteBuffer.allocateDirect(head.length).put(head).flip();
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(u.getHost(), u.getPort());
        long[] done = new long[1];
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            for (int i = 0; i < 50; i++) {
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(address);
                ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                NioConn c = new NioConn(ch, request);
                ch.register(selector, java.nio.channels.SelectionKey.OP_READ, c);
                c.send();
            }
            loop(selector, System.nanoTime() + 3_000_000_000L, done); // warm-up
            long n0 = done[0];
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            loop(selector, t0 + seconds * 1_000_000_000L, done);
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
            report("java.nio client, 50 conns", (done[0] - n0) / secs, seconds, cpu);
            for (java.nio.channels.SelectionKey k : selector.keys()) {
                k.channel().close();
            }
        }
    }

    private static void loop(java.nio.channels.Selector selector, long until, long[] done) throws IOException {
        while (System.nanoTime() < until) {
            selector.select(100);
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                var key = it.next();
                it.remove();
                if (((NioConn) key.attachment()).read()) {
                    done[0]++;
                }
            }
        }
    }

    /** One connection of the NIO candidate: reads until a whole response is in, then sends again. */
    private static final class NioConn {
        private final java.nio.channels.SocketChannel ch;
        private final java.nio.ByteBuffer request;
        private final java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(16 * 1024);
        private long need = -1; // bytes of the whole response, once its head is parsed

        NioConn(java.nio.channels.SocketChannel ch, java.nio.ByteBuffer request) {
            this.ch = ch;
            this.request = request.duplicate();
        }

        void send() throws IOException {
            request.rewind();
            while (request.hasRemaining()) {
                ch.write(request);
            }
        }

        /** True when a response completed (and the next request went out). */
        boolean read() throws IOException {
            if (ch.read(in) < 0) {
                throw new IOException("server closed");
            }
            if (need < 0) {
                need = responseLength(in);
                if (need < 0) {
                    return false;
                }
            }
            if (in.position() < need) {
                return false;
            }
            in.clear(); // one response in flight per connection: nothing follows it
            need = -1;
            send();
            return true;
        }

        /** Head length + Content-Length once the blank line is in, else -1. */
        private static long responseLength(java.nio.ByteBuffer b) {
            int end = b.position();
            long length = 0;
            for (int i = 3; i < end; i++) {
                if (b.get(i) == '\n' && b.get(i - 1) == '\r' && b.get(i - 2) == '\n') {
                    return i + 1 + length;
                }
                if (b.get(i) == ':' && i >= 15 && b.get(i - 15) == '\n' && (b.get(i - 14) | 0x20) == 'c'
                        && (b.get(i - 6) | 0x20) == 'l') {
                    long v = 0;
                    int j = i + 1;
                    while (j < end && b.get(j) == ' ') {
                        j++;
                    }
                    while (j < end && b.get(j) >= '0' && b.get(j) <= '9') {
                        v = v * 10 + (b.get(j++) - '0');
                    }
                    length = v;
                }
            }
            return -1;
        }
    }
}
