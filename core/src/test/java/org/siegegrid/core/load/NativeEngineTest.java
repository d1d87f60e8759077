package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.Histograms;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/** The native engine against a real HTTP server on loopback. */
@Timeout(60)
class NativeEngineTest {
    private static NativeEngine engine;

    @BeforeAll
    static void engine() {
        engine = new NativeEngine(2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static LoadPlan open(double rps, Duration duration, String... urls) {
        return new LoadPlan(targets(urls), Order.SEQUENTIAL, RateProfile.constant(rps, duration), 0, null, false, 0,
                Duration.ofSeconds(5), duration, 42, null);
    }

    static LoadPlan closed(int users, Duration delay, Duration duration, String... urls) {
        return new LoadPlan(targets(urls), Order.SEQUENTIAL, null, users, delay, delay == null, users,
                Duration.ofSeconds(5), duration, 42, null);
    }

    private static List<Target> targets(String... urls) {
        List<Target> t = new ArrayList<>();
        for (String u : urls) {
            t.add(Target.get(u));
        }
        return t;
    }

    @Test
    void openModelHitsTheRateWithinOnePercent() throws Exception {
        try (TestServer server = TestServer.http(100);
             LoadRunner r = engine.newRunner(open(2000, Duration.ofSeconds(5), server.url("/")))) {
            r.start(new LocalShare(1.0, 0, 50, LocalShare.UNLIMITED));
            assertThat(r.awaitDone(Duration.ofSeconds(15))).isTrue();
            Counters c = r.totals();
            System.out.printf("open 2000 rps x 5 s: server saw %d, issued %d, responses %d, dropped %d, errors %s%n",
                    server.requests(), c.issued(), c.responses(), c.dropped(), c.errors());
            assertThat(server.requests()).isBetween(9900L, 10100L);
            assertThat(c.responses()).isEqualTo(server.requests());
            assertThat(c.issued()).isEqualTo(c.responses());
            assertThat(c.failures()).isZero();
        }
    }

    @Test
    void closedBenchmarkWithBudgetSendsExactlyTheBudget() throws Exception {
        try (TestServer server = TestServer.http(100);
             LoadRunner r = engine.newRunner(closed(10, null, null, server.url("/a"), server.url("/b")))) {
            r.start(new LocalShare(0, 10, 10, 1000));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            Counters c = r.totals();
            System.out.printf("closed 10 users, budget 1000: server saw %d, %s%n", server.requests(), c);
            assertThat(server.requests()).isEqualTo(1000);
            assertThat(c.issued()).isEqualTo(1000);
            assertThat(c.successes()).isEqualTo(1000);
            assertThat(c.bytes()).isEqualTo(100_000);
        }
    }

    @Test
    void refusedPortCountsRefusedAndFinishes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        try (LoadRunner closedRunner = engine.newRunner(closed(5, null, null, url));
             LoadRunner openRunner = engine.newRunner(open(500, Duration.ofSeconds(1), url))) {
            closedRunner.start(new LocalShare(0, 5, 5, 300));
            assertThat(closedRunner.awaitDone(Duration.ofSeconds(10))).isTrue();
            openRunner.start(new LocalShare(1.0, 0, 10, LocalShare.UNLIMITED));
            assertThat(openRunner.awaitDone(Duration.ofSeconds(10))).isTrue();
            Counters c = closedRunner.totals();
            Counters o = openRunner.totals();
            System.out.printf("refused: closed %s; open %s%n", c, o);
            assertThat(c.error(ErrorKind.REFUSED)).isEqualTo(300);
            assertThat(c.socketFailures()).isEqualTo(300);
            assertThat(o.error(ErrorKind.REFUSED)).isEqualTo(o.issued());
            assertThat(o.issued() + o.dropped()).isEqualTo(500); // a slow machine may drop a few, never lose them
            assertThat(o.issued()).isGreaterThan(400);
        }
    }

    @Test
    void httpErrorsAreResponsesCountedByKind() throws Exception {
        try (TestServer server = TestServer.http(10);
             LoadRunner r = engine.newRunner(closed(3, null, null, server.url("/ok"), server.url("/404"),
                     server.url("/503")))) {
            r.start(new LocalShare(0, 3, 3, 300));
            assertThat(r.awaitDone(Duration.ofSeconds(10))).isTrue();
            Counters c = r.totals();
            assertThat(c.responses()).isEqualTo(300);
            // each user walks the three targets from its own starting point
            assertThat(c.error(ErrorKind.HTTP_4XX)).isBetween(98L, 102L);
            assertThat(c.error(ErrorKind.HTTP_5XX)).isBetween(98L, 102L);
            assertThat(c.successes()).isBetween(98L, 102L);
            assertThat(c.failures()).isEqualTo(300 - c.successes());
            assertThat(c.socketFailures()).isZero();
        }
    }

    @Test
    void intervalsAddUpToTheTotals() throws Exception {
        try (TestServer server = TestServer.http(100);
             LoadRunner r = engine.newRunner(open(1500, Duration.ofSeconds(2), server.url("/")))) {
            List<IntervalStats> intervals = new ArrayList<>();
            r.start(new LocalShare(1.0, 0, 20, 2000));
            while (!r.awaitDone(Duration.ofMillis(100))) {
                intervals.add(r.takeInterval());
            }
            intervals.add(r.takeInterval());
            Counters sum = Counters.ZERO;
            Histogram corrected = Histograms.newHistogram();
            Histogram service = Histograms.newHistogram();
            long due = 0;
            for (IntervalStats i : intervals) {
                sum = sum.plus(i.counters());
                corrected.add(i.corrected());
                service.add(i.service());
                due += i.due();
                assertThat(i.endNanos()).isGreaterThanOrEqualTo(i.startNanos());
            }
            Counters total = r.totals();
            System.out.printf("%d intervals sum to %s%n", intervals.size(), sum);
            assertThat(sum).isEqualTo(total);
            assertThat(corrected.getTotalCount()).isEqualTo(total.responses());
            assertThat(service.getTotalCount()).isEqualTo(total.responses());
            // with a budget, what a slice had due when another slice spent the rest was due but never sent
            // (without a budget, due == issued + dropped exactly: see the backlog test)
            assertThat(due).isGreaterThanOrEqualTo(total.issued() + total.dropped());
            System.out.printf("due %d, issued %d, dropped %d%n", due, total.issued(), total.dropped());
            assertThat(total.issued()).isEqualTo(2000);
            assertThat(server.requests()).isEqualTo(2000);
        }
    }
}
