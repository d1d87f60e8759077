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

/**
 * The few runner behaviours that only real I/O shows (real Netty, a real {@link TestServer} on
 * loopback): TLS, real timeouts and stalls counted by kind, a real pause leaving nothing arriving.
 * Bounds are counts or one-sided times that hold on a busy machine, never per-second rate bands;
 * the logic itself is pinned down exactly on simulated time in {@link NativeRunnerControlTest}
 * and {@link NativeRunnerPlanTest}.
 */
@Timeout(60)
class NativeRunnerRealIoTest {
    private static NativeEngine engine;

    @BeforeAll
    static void engine() {
        engine = new NativeEngine(2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aPauseLeavesNothingArrivingAtTheServerAndResumeSendsAgain() {
        try (TestServer server = TestServer.http(100);
             LoadRunner r = engine.newRunner(open(1000, null, server.url("/")))) {
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() >= 300);
            r.pause();
            long issued = r.totals().issued();
            long t = System.nanoTime();
            // what was in flight at the pause reaches the server; nothing else does
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                    .until(() -> server.requests() == issued);
            long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> server.requests() == issued && r.totals().issued() == issued);
            r.resume();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() >= issued + 300);
            System.out.printf("paused at %d issued; the server had them all after %d ms and nothing more for 500 ms; "
                    + "after resume it got %d%n", issued, settledMs, server.requests() - issued);
            assertThat(r.totals().failures()).isZero();
        }
    }

    @Test
    void requestsAFullBoundHeldBackAreDroppedAndCountInCorrectedLatencyAsAtLeastTheLatenessBound() throws Exception {
        // 4 connections against a server that answers after 3 s: the bound fills at once and everything
        // due after that waits, goes over the 1 s lateness bound and is dropped
        try (TestServer server = TestServer.http(10).latency(3000);
             LoadRunner r = engine.newRunner(open(200, Duration.ofMillis(2500), server.url("/")))) {
            r.start(new LocalShare(1.0, 0, 4, LocalShare.UNLIMITED));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            IntervalStats s = r.takeInterval();
            Counters c = r.totals();
            System.out.printf("due %d, issued %d, answered %d, dropped %d; corrected count %d, min %.0f ms%n",
                    s.due(), c.issued(), c.responses(), c.dropped(), s.corrected().getTotalCount(),
                    s.corrected().getMinValue() / 1000.0);
            assertThat(c.issued()).isEqualTo(4);
            assertThat(c.responses()).isEqualTo(4);
            // 200 rps for 2.5 s: every one that was due is sent or dropped, none vanishes
            assertThat(c.issued() + c.dropped()).isBetween(495L, 501L).isEqualTo(s.due());
            // each dropped one is in corrected latency, never less late than the bound
            assertThat(s.corrected().getTotalCount()).isEqualTo(c.responses() + c.dropped());
            Histogram corrected = s.corrected();
            long atLeastBound = corrected.getCountBetweenValues(1_000_000 - 1_000, corrected.getMaxValue());
            assertThat(atLeastBound).isGreaterThanOrEqualTo(c.dropped());
            assertThat(s.service().getTotalCount()).as("never sent: no service time").isEqualTo(c.responses());
        }
    }

    @Test
    void slowResponsesTimeOutAsTimeoutsAndTheRunnerFinishes() throws Exception {
        try (TestServer server = TestServer.http(10).latency(3000);
             LoadRunner r = engine.newRunner(closed(2, null, null, server.url("/")).withTimeout(Duration.ofMillis(300)))) {
            long t = System.nanoTime();
            r.start(new LocalShare(0, 2, 2, 6));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            Counters c = r.totals();
            System.out.printf("timeouts: %s in %d ms%n", c, ms);
            assertThat(c.error(ErrorKind.TIMEOUT)).isEqualTo(6);
            assertThat(c.responses()).isZero();
            assertThat(server.requests()).isEqualTo(6);
            assertThat(ms).isGreaterThanOrEqualTo(900); // three rounds of 300 ms cannot be quicker; a busy machine is slower
        }
    }

    @Test
    void stallsShowInCorrectedLatencyNotInServiceTime() throws Exception {
        try (TestServer server = TestServer.http(100).stall(500, 2000);
             LoadRunner r = engine.newRunner(open(100, Duration.ofMillis(5500), server.url("/")))) {
            // one connection: while it hangs in a stall, due requests wait in the client (coordinated omission)
            r.start(new LocalShare(1.0, 0, 1, LocalShare.UNLIMITED));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            IntervalStats all = r.takeInterval();
            Histogram corrected = all.corrected();
            Histogram service = all.service();
            System.out.printf("stalls: %s; corrected p50 %d us p99 %d us; service p50 %d us p99 %d us%n",
                    all.counters(), corrected.getValueAtPercentile(50), corrected.getValueAtPercentile(99),
                    service.getValueAtPercentile(50), service.getValueAtPercentile(99));
            // every due request is sent or (if a busy machine makes it a second late) counted dropped
            assertThat(all.counters().issued() + all.counters().dropped()).isEqualTo(550);
            assertThat(all.counters().responses()).isEqualTo(all.counters().issued());
            assertThat(server.requests()).isEqualTo(all.counters().issued());
            // a stall holds requests back by up to 500 ms; a busy machine only adds to that
            assertThat(corrected.getValueAtPercentile(99)).isGreaterThanOrEqualTo(400_000);
            // fewer than 1% of the requests meet a stall; the rest are loopback round trips, far below it
            assertThat(service.getValueAtPercentile(99)).isLessThan(250_000);
        }
    }

    @Test
    void httpsWorks(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSigned(dir);
        try (TestServer server = TestServer.https(100, tls);
             LoadRunner r = engine.newRunner(closed(2, null, null, "https://localhost:" + server.port() + "/"))) {
            r.start(new LocalShare(0, 2, 2, 50));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            Counters c = r.totals();
            System.out.printf("https: %s%n", c);
            assertThat(c.successes()).isEqualTo(50);
            assertThat(c.bytes()).isEqualTo(50 * 100);
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
