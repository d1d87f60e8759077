package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.siegegrid.core.load.NativeEngineTest.closed;
import static org.siegegrid.core.load.NativeEngineTest.open;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.IntervalStats;

/** Pause, resume, retune, timeouts, stalls, plan end and HTTPS, against a real server. */
@Timeout(60)
class NativeRunnerControlTest {
    private static NativeEngine engine;

    @BeforeAll
    static void engine() {
        engine = new NativeEngine(2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static double rate(IntervalStats i) {
        return i.counters().issued() * 1e9 / (i.endNanos() - i.startNanos());
    }

    @Test
    void pauseStopsSendingAtOnceAndResumeNeverCatchesUp() throws Exception {
        try (TestServer server = TestServer.http(100);
             LoadRunner r = engine.newRunner(open(1000, null, server.url("/")))) {
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requests() >= 300);
            r.pause();
            long issued = r.totals().issued();
            long t = System.nanoTime();
            // what was in flight at the pause is already at the server; nothing else arrives
            await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofMillis(50))
                    .until(() -> server.requests() == issued);
            long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            long atFifty = server.requests();
            Thread.sleep(500); // a measurement window: nothing may arrive during it
            System.out.printf("paused at %d issued; server had them all after %d ms; %d -> %d 500 ms later%n",
                    issued, settledMs, atFifty, server.requests());
            assertThat(settledMs).isLessThan(50);
            assertThat(r.totals().issued()).isEqualTo(issued);
            assertThat(server.requests()).isEqualTo(issued);

            r.takeInterval();
            r.resume();
            Thread.sleep(1000);
            IntervalStats after = r.takeInterval();
            System.out.printf("after resume: %.1f rps%n", rate(after));
            assertThat(rate(after)).isBetween(950.0, 1030.0); // no burst for the "missed" half second
        }
    }

    @Test
    void retuneChangesTheRateWithoutBurst() throws Exception {
        try (TestServer server = TestServer.http(100);
             LoadRunner r = engine.newRunner(open(1000, null, server.url("/")))) {
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            Thread.sleep(1000);
            IntervalStats before = r.takeInterval();
            r.retune(new LocalShare(0.5, 0, 20, LocalShare.UNLIMITED));
            r.takeInterval();
            Thread.sleep(1000);
            IntervalStats half = r.takeInterval();
            r.retune(new LocalShare(2.0, 0, 20, LocalShare.UNLIMITED));
            r.takeInterval();
            Thread.sleep(100);
            IntervalStats firstTenth = r.takeInterval();
            Thread.sleep(900);
            IntervalStats doubled = r.takeInterval();
            System.out.printf("before %.0f rps, after x0.5 %.0f rps, first 100 ms after x2 %.0f rps, then %.0f rps%n",
                    rate(before), rate(half), rate(firstTenth), rate(doubled));
            assertThat(rate(before)).isBetween(960.0, 1040.0);
            assertThat(rate(half)).isBetween(480.0, 520.0);
            assertThat(rate(firstTenth)).isBetween(1800.0, 2200.0);
            assertThat(rate(doubled)).isBetween(1920.0, 2080.0);
            assertThat(r.totals().dropped()).isZero();
        }
    }

    @Test
    void stallsShowInCorrectedLatencyNotInServiceTime() throws Exception {
        try (TestServer server = TestServer.http(100).stall(500, 2000);
             LoadRunner r = engine.newRunner(open(100, Duration.ofMillis(5500), server.url("/")))) {
            // one connection: while it hangs in a stall, due requests wait in the client (coordinated omission)
            r.start(new LocalShare(1.0, 0, 1, LocalShare.UNLIMITED));
            assertThat(r.awaitDone(Duration.ofSeconds(15))).isTrue();
            IntervalStats all = r.takeInterval();
            Histogram corrected = all.corrected();
            Histogram service = all.service();
            System.out.printf("stalls: %s; corrected p50 %d us p99 %d us; service p50 %d us p99 %d us%n",
                    all.counters(), corrected.getValueAtPercentile(50), corrected.getValueAtPercentile(99),
                    service.getValueAtPercentile(50), service.getValueAtPercentile(99));
            assertThat(corrected.getValueAtPercentile(99)).isGreaterThanOrEqualTo(400_000);
            assertThat(service.getValueAtPercentile(99)).isLessThan(50_000);
            // each stall delays ~50 requests by up to 0.5 s: late, not dropped, unless the machine is very slow
            assertThat(all.counters().issued() + all.counters().dropped()).isBetween(545L, 555L);
            assertThat(all.counters().responses()).isEqualTo(all.counters().issued());
        }
    }

    @Test
    void aBacklogShowsInDueBeforeAnythingIsDropped() throws Exception {
        try (TestServer server = TestServer.http(10).latency(10);
             LoadRunner warm = engine.newRunner(closed(2, null, null, server.url("/")));
             LoadRunner r = engine.newRunner(open(1000, Duration.ofSeconds(3), server.url("/")))) {
            warm.start(new LocalShare(0, 2, 2, 20)); // a warm server and engine: no cold-start stall in the window
            assertThat(warm.awaitDone(Duration.ofSeconds(10))).isTrue();
            r.start(new LocalShare(1.0, 0, 2, LocalShare.UNLIMITED)); // 2 connections x >= 10 ms: <= 200 rps
            Thread.sleep(800);
            IntervalStats first = r.takeInterval();
            double expected = 1000 * (first.endNanos() - first.startNanos()) / 1e9;
            assertThat(r.awaitDone(Duration.ofSeconds(10))).isTrue();
            IntervalStats rest = r.takeInterval();
            Counters total = r.totals();
            System.out.printf("backlog: first 0.8 s due %d issued %d dropped %d; whole run due %d, %s%n",
                    first.due(), first.counters().issued(), first.counters().dropped(), first.due() + rest.due(), total);
            // due is published at each send and at least every 100 ms while every connection is busy
            assertThat((double) first.due()).isBetween(expected - 110, expected + 3);
            assertThat(first.counters().issued()).isLessThan(200);
            assertThat(first.counters().dropped()).isZero(); // not yet a second late
            assertThat(total.dropped()).isGreaterThan(1000);
            assertThat(first.due() + rest.due()).isEqualTo(total.issued() + total.dropped());
            assertThat(first.due() + rest.due()).isBetween(2990L, 3000L);
        }
    }

    @Test
    void slowResponsesTimeOutAndTheRunnerFinishes() throws Exception {
        try (TestServer server = TestServer.http(10).latency(3000);
             LoadRunner r = engine.newRunner(closed(2, null, null, server.url("/")).withTimeout(Duration.ofMillis(300)))) {
            long t = System.nanoTime();
            r.start(new LocalShare(0, 2, 2, 6));
            assertThat(r.awaitDone(Duration.ofSeconds(10))).isTrue();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            Counters c = r.totals();
            System.out.printf("timeouts: %s in %d ms%n", c, ms);
            assertThat(c.error(ErrorKind.TIMEOUT)).isEqualTo(6);
            assertThat(c.responses()).isZero();
            assertThat(ms).isBetween(850L, 2500L); // three rounds of ~300 ms (sweep granularity 30 ms)
        }
    }

    @Test
    void closedModelEndsAtTheDurationWithThinkTime() throws Exception {
        try (TestServer server = TestServer.http(10);
             LoadRunner r = engine.newRunner(closed(4, Duration.ofMillis(20), Duration.ofSeconds(1), server.url("/")))) {
            long t = System.nanoTime();
            r.start(new LocalShare(0, 4, 4, LocalShare.UNLIMITED));
            assertThat(r.awaitDone(Duration.ofSeconds(5))).isTrue();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            long n = r.totals().responses();
            System.out.printf("4 users, delay 0..20 ms, 1 s: %d responses, done after %d ms%n", n, ms);
            assertThat(ms).isBetween(990L, 1300L);
            assertThat(n).isBetween(250L, 450L); // ~ 4 users x 1 s / (10 ms mean think + ~1 ms)
            assertThat(server.requests()).isEqualTo(n);
        }
    }

    @Test
    void stopEndsAnUnboundedRunAndCloseReleasesConnections() throws Exception {
        try (TestServer server = TestServer.http(10)) {
            LoadRunner r = engine.newRunner(closed(3, null, null, server.url("/")));
            r.start(new LocalShare(0, 3, 3, LocalShare.UNLIMITED));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requests() > 100);
            r.stop();
            long issued = r.totals().issued();
            assertThat(r.awaitDone(Duration.ofSeconds(5))).isTrue();
            assertThat(r.totals().issued()).isEqualTo(issued);
            assertThat(r.totals().completed()).isEqualTo(issued);
            r.close();
        }
    }

    @Test
    void aRunnerStoppedOrClosedBeforeStartIsDoneAndHarmless() throws Exception {
        LoadRunner r = engine.newRunner(closed(2, null, null, "http://127.0.0.1:1/"));
        assertThat(r.isDone()).isFalse();
        assertThat(r.takeInterval().counters()).isEqualTo(Counters.ZERO);
        r.retune(new LocalShare(0, 3, 3, 10));
        r.pause();
        r.resume();
        r.stop();
        assertThat(r.isDone()).isTrue();
        assertThat(r.awaitDone(Duration.ofMillis(10))).isTrue();
        r.close();
        r.close();
    }

    @Test
    void httpsSmoke(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSigned(dir);
        try (TestServer server = TestServer.https(100, tls);
             LoadRunner r = engine.newRunner(closed(2, null, null, "https://localhost:" + server.port() + "/"))) {
            r.start(new LocalShare(0, 2, 2, 50));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            Counters c = r.totals();
            System.out.printf("https: %s%n", c);
            assertThat(c.successes()).isEqualTo(50);
            assertThat(server.requests()).isEqualTo(50);
        }
    }

    @Test
    void plainHttpToATlsPortIsAFailureNotAHang(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSigned(dir);
        try (TestServer server = TestServer.https(100, tls);
             LoadRunner r = engine.newRunner(closed(1, null, null, "http://127.0.0.1:" + server.port() + "/")
                     .withTimeout(Duration.ofSeconds(2)))) {
            r.start(new LocalShare(0, 1, 1, 3));
            assertThat(r.awaitDone(Duration.ofSeconds(15))).isTrue();
            Counters c = r.totals();
            System.out.printf("http to an https port: %s%n", c);
            assertThat(c.completed()).isEqualTo(3);
            assertThat(c.successes()).isZero();
        }
    }

    /** A self-signed certificate from the JDK's keytool, in a temp keystore. */
    static SSLContext selfSigned(Path dir) throws Exception {
        Path ks = dir.resolve("ks.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "test", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(ks)).isTrue();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
