package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siegegrid.core.load.NativeEngineTest.closed;
import static org.siegegrid.core.load.NativeEngineTest.open;
import static org.siegegrid.core.load.Sim.MS;
import static org.siegegrid.core.load.Sim.S;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.load.FakeTransport.Reply;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.IntervalStats;

/**
 * Pause, resume, retune, timeouts, stalls, backlogs and the plan's end, on simulated time: a
 * {@link FakeTransport} whose replies and timers run only when the test advances the clock, so
 * every count is exact. What only real I/O shows is in {@link NativeRunnerRealIoTest}.
 */
@Timeout(30)
class NativeRunnerControlTest {
    private static final String URL = "http://127.0.0.1:8080/";

    private final Sim sim = new Sim(2);

    @Test
    void pauseStopsSendingAtOnceAndResumeNeverCatchesUp() {
        sim.net.latency(Duration.ofMillis(1));
        try (LoadRunner r = sim.runner(open(1000, null, URL))) {
            long t0 = sim.now();
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            sim.advanceMillis(300);
            r.pause();
            long pausedAt = sim.now();
            long issued = r.totals().issued();
            long inFlightAtPause = issued - r.totals().completed();
            sim.advanceMillis(500);
            long duringPause = sim.net.sentBetween(pausedAt + 1, sim.now() + 1); // the one due at 300 ms went before
            Counters atResume = r.totals();
            r.takeInterval();

            long resumedAt = sim.now();
            r.resume();
            sim.advanceMillis(1000);
            long resumedSecond = sim.net.sentBetween(resumedAt, resumedAt + S);
            long firstAfter = sim.net.sent().stream().mapToLong(FakeTransport.Sent::atNanos)
                    .filter(t -> t >= resumedAt).min().orElseThrow();
            System.out.printf("1000 rps: %d sent in the first 300 ms, paused at %d issued, %d sent during the "
                            + "500 ms pause (in flight at the pause: %d); %d in the second after resume, the first "
                            + "%d ns after it; dropped %d%n", sim.net.sentBetween(t0, pausedAt + 1), issued,
                    duringPause, inFlightAtPause, resumedSecond,
                    firstAfter - resumedAt, r.totals().dropped());
            assertThat(issued).isEqualTo(301); // due at 0, 1, ..., 300 ms
            assertThat(sim.net.sentCount()).isEqualTo(301 + 1000 + 1); // ... and at 0..1000 ms after resume
            assertThat(duringPause).isZero();
            assertThat(atResume.issued()).isEqualTo(issued);
            assertThat(atResume.responses()).isEqualTo(issued); // what was in flight at the pause completed
            assertThat(firstAfter).isEqualTo(resumedAt);
            assertThat(resumedSecond).isEqualTo(1000); // the 500 "missed" are never sent
            assertThat(r.totals().dropped()).isZero(); // nor counted as dropped: a pause is not lateness
        }
    }

    @Test
    void nothingStartsPastTheLeaseEvenBeforeAPauseAndALaterLeaseGoesOn() {
        sim.net.latency(Duration.ofMillis(1));
        try (LoadRunner r = sim.runner(open(1000, null, URL))) {
            long t0 = sim.now();
            r.sendUntil(t0 + 300_000_000L);   // a lease that runs out 300 ms in, and no fence thread to pause
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            sim.advanceMillis(800);
            long byLease = sim.net.sentCount();
            long lateGap = sim.net.sentBetween(t0 + 300_000_000L, sim.now() + 1);
            r.sendUntil(sim.now() + 10_000_000_000L);   // renewed: the loops go on at once
            long renewedAt = sim.now();
            sim.advanceMillis(500);
            long afterRenewal = sim.net.sentBetween(renewedAt, renewedAt + 500_000_000L);
            System.out.printf("lease to 300 ms: %d sent by 800 ms (%d at or after 300 ms); renewed: %d in the next "
                    + "500 ms; dropped %d%n", byLease, lateGap, afterRenewal, r.totals().dropped());
            assertThat(byLease).isEqualTo(300);          // due at 0 .. 299 ms
            assertThat(lateGap).isZero();
            assertThat(afterRenewal).as("no burst for the 500 ms without a lease").isBetween(499L, 501L);
        }
    }

    @Test
    void afterResumeTheLoopsStayInterleaved() {
        sim.net.latency(Duration.ofMillis(1));
        try (LoadRunner r = sim.runner(open(1000, null, URL))) {
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            sim.advanceMillis(300);
            r.pause();
            sim.advanceMillis(500);
            long resumedAt = sim.now();
            r.resume();
            sim.advanceMillis(100);
            List<Long> gaps = gaps(sim.net.sent().stream().mapToLong(FakeTransport.Sent::atNanos)
                    .filter(t -> t >= resumedAt).boxed().toList());
            System.out.printf("gaps between sends in the 100 ms after resume: %s%n", gaps.subList(0, 10));
            // two loops at 500 rps each, half an interval apart: one send a millisecond, as before the pause
            assertThat(gaps).allMatch(g -> g == MS);
        }
    }

    private static List<Long> gaps(List<Long> times) {
        return java.util.stream.IntStream.range(1, times.size()).mapToObj(i -> times.get(i) - times.get(i - 1))
                .toList();
    }

    @Test
    void retuneChangesTheRateWithoutBurst() {
        sim.net.latency(Duration.ofMillis(1));
        try (LoadRunner r = sim.runner(open(1000, null, URL))) {
            long t0 = sim.now();
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            sim.advanceMillis(1000);
            r.retune(new LocalShare(0.5, 0, 20, LocalShare.UNLIMITED));
            sim.advanceMillis(1000);
            r.retune(new LocalShare(2.0, 0, 20, LocalShare.UNLIMITED));
            sim.advanceMillis(1000);
            long before = sim.net.sentBetween(t0, t0 + S);
            long half = sim.net.sentBetween(t0 + S, t0 + 2 * S);
            long firstTenth = sim.net.sentBetween(t0 + 2 * S, t0 + 2 * S + 100 * MS);
            long doubled = sim.net.sentBetween(t0 + 2 * S + 100 * MS, t0 + 3 * S);
            System.out.printf("1000 rps: %d in the first second, x0.5: %d in the next, x2: %d in its first 100 ms "
                    + "and %d in the 900 ms after; dropped %d%n", before, half, firstTenth, doubled, r.totals().dropped());
            assertThat(before).isEqualTo(1000);
            assertThat(half).isEqualTo(500);
            assertThat(firstTenth).isEqualTo(200);
            assertThat(doubled).isEqualTo(1800);
            assertThat(r.totals().dropped()).isZero();
        }
    }

    @Test
    void stallsShowInCorrectedLatencyNotInServiceTime() {
        long t0 = sim.now();
        // the server hangs for 500 ms at the start of every 2 s; otherwise answers in 1 ms
        sim.net.respond((req, at) -> {
            long into = (at - t0) % (2 * S);
            return Reply.ok(Duration.ofNanos(into < 500 * MS ? 500 * MS - into : MS));
        });
        try (LoadRunner r = sim.runner(open(100, Duration.ofMillis(5500), URL))) {
            // one connection: while it hangs in a stall, due requests wait in the client (coordinated omission)
            r.start(new LocalShare(1.0, 0, 1, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(10));
            IntervalStats all = r.takeInterval();
            Histogram corrected = all.corrected();
            Histogram service = all.service();
            System.out.printf("stalls 500ms/2s at 100 rps on one connection: %s, done after %d ms; corrected p50 %d us "
                            + "p99 %d us max %d us; service p50 %d us p99 %d us max %d us%n", all.counters(), took / MS,
                    corrected.getValueAtPercentile(50), corrected.getValueAtPercentile(99), corrected.getMaxValue(),
                    service.getValueAtPercentile(50), service.getValueAtPercentile(99), service.getMaxValue());
            // three stalls (at 0, 2 and 4 s) each hold ~50 requests back by up to 0.5 s: late, not dropped
            assertThat(all.counters().issued()).isEqualTo(550);
            assertThat(all.counters().dropped()).isZero();
            assertThat(all.counters().responses()).isEqualTo(550);
            assertThat(corrected.getValueAtPercentile(99)).isBetween(480_000L, 501_000L);
            assertThat(corrected.getMaxValue()).isBetween(490_000L, 502_000L);
            // only the three requests that met a stall took long to serve: under 1% of 550
            assertThat(service.getValueAtPercentile(99)).isLessThanOrEqualTo(1_001L);
            assertThat(service.getMaxValue()).isBetween(499_000L, 501_000L);
        }
    }

    @Test
    void lateBecauseTheServerHoldsEveryConnectionIsWaitingLateWithOneFreeIsTheGeneratorsLag() {
        // one connection, a server that holds it 200 ms at the start: the requests due meanwhile wait for it
        Sim one = new Sim(1);
        long t0 = one.now();
        one.net.respond((req, at) -> Reply.ok(Duration.ofNanos(at - t0 < 100 * MS ? 200 * MS : MS)));
        IntervalStats held;
        try (LoadRunner r = one.runner(open(100, Duration.ofSeconds(3), URL))) {
            r.start(new LocalShare(1.0, 0, 1, LocalShare.UNLIMITED));
            one.advanceMillis(1000);
            held = r.takeInterval();
        }
        // 20 connections, a fast server, and the loop itself 150 ms late (a GC, a busy machine)
        Sim late = new Sim(2);
        late.net.latency(Duration.ofMillis(1));
        IntervalStats lagged;
        try (LoadRunner r = late.runner(open(100, Duration.ofSeconds(3), URL))) {
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            late.advanceMillis(1000);
            r.takeInterval();
            late.ticker.advanceMillis(150);
            late.advanceMillis(850);
            lagged = r.takeInterval();
        }
        System.out.printf("lateness split: server-held second lag %d ms / wait %d ms; late-loop second lag %d ms"
                + " / wait %d ms%n", held.lagNanos() / MS, held.waitNanos() / MS, lagged.lagNanos() / MS,
                lagged.waitNanos() / MS);
        // 20 requests fell due in the 200 ms hold, waiting 10..190 ms each for the connection
        assertThat(held.waitNanos()).isBetween(1_500 * MS, 2_200 * MS);
        assertThat(held.lagNanos()).isZero();
        assertThat(held.generatorBound()).isFalse();
        // 15 requests fell due while the loop was late, by 0..150 ms each, with connections free
        assertThat(lagged.lagNanos()).isBetween(900 * MS, 1_300 * MS);
        assertThat(lagged.waitNanos()).isZero();
        assertThat(lagged.generatorBound()).isTrue();
        // per request, in its own histogram (microseconds): every request of the interval, 0 when on time
        assertThat(held.lag().getTotalCount()).as("one lag value per request sent").isEqualTo(held.counters().issued());
        assertThat(held.lag().getMaxValue()).as("waiting for the server is no generator lag").isZero();
        assertThat(lagged.lag().getTotalCount()).isEqualTo(lagged.counters().issued());
        assertThat(lagged.lag().getMaxValue()).isBetween(140_000L, 151_000L);
        assertThat(lagged.lag().getValueAtPercentile(50)).as("most went out on time").isZero();
        assertThat(lagged.lag().getCountBetweenValues(1, 200_000)).as("the 15 the late loop held").isBetween(13L, 17L);
    }

    @Test
    void aBacklogShowsInDueBeforeAnythingIsDroppedAndNothingIsSentLaterThanTheBound() {
        sim.net.latency(Duration.ofMillis(10));
        try (LoadRunner r = sim.runner(open(1000, Duration.ofSeconds(3), URL))) {
            long t0 = sim.now();
            r.start(new LocalShare(1.0, 0, 2, LocalShare.UNLIMITED)); // 2 connections x 10 ms: 200 rps at most
            sim.advanceMillis(800);
            IntervalStats first = r.takeInterval();
            long took = sim.runToDone(r, Duration.ofSeconds(10));
            IntervalStats rest = r.takeInterval();
            Counters total = r.totals();
            Histogram corrected = rest.corrected();
            corrected.add(first.corrected());
            System.out.printf("backlog: first 0.8 s due %d issued %d dropped %d; whole run due %d, %s, done %d ms "
                            + "after start; corrected max %d us%n", first.due(), first.counters().issued(),
                    first.counters().dropped(), first.due() + rest.due(), total, (sim.now() - t0) / MS,
                    corrected.getMaxValue());
            // due is published at each send and at least every 100 ms while every connection is busy
            assertThat(first.due()).isBetween(700L, 801L);
            // one loop's connection at 0, 10, ..., 800 ms, the other's half an interval later: 1, 11, ..., 791 ms
            assertThat(first.counters().issued()).isEqualTo(81 + 80);
            assertThat(first.counters().dropped()).isZero(); // not yet a second late
            assertThat(total.dropped()).isGreaterThan(2000);
            assertThat(first.due() + rest.due()).isEqualTo(3000);
            assertThat(total.issued() + total.dropped()).isEqualTo(3000);
            assertThat(sim.net.sentCount()).isEqualTo(total.issued());
            // nothing is sent later than the lateness bound: corrected latency <= 1 s + one service time
            assertThat(corrected.getMaxValue()).isLessThanOrEqualTo(1_011_000L);
            assertThat(sim.now() - t0).isLessThanOrEqualTo(3 * S + 10 * MS); // the end, then what was in flight
            assertThat(took).isPositive();
        }
    }

    @Test
    void slowResponsesTimeOutAndTheRunnerFinishes() {
        sim.net.respond((req, at) -> Reply.never());
        try (LoadRunner r = sim.runner(closed(2, null, null, URL).withTimeout(Duration.ofMillis(300)))) {
            r.start(new LocalShare(0, 2, 2, 6));
            long took = sim.runToDone(r, Duration.ofSeconds(10));
            Counters c = r.totals();
            System.out.printf("timeouts: %s, done after %d ms%n", c, took / MS);
            assertThat(c.error(ErrorKind.TIMEOUT)).isEqualTo(6);
            assertThat(c.responses()).isZero();
            // three rounds, each found by the sweep (every 30 ms) at the first check past 300 ms
            assertThat(took).isEqualTo(3 * 330 * MS);
            assertThat(sim.net.sentCount()).isEqualTo(6);
        }
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("404", (Reply) Reply.status(404, Duration.ofMillis(1)), null, ErrorKind.HTTP_4XX),
                Arguments.of("503", Reply.status(503, Duration.ofMillis(1)), null, ErrorKind.HTTP_5XX),
                Arguments.of("503, then close", Reply.status(503, Duration.ofMillis(1)).closing(), null,
                        ErrorKind.HTTP_5XX),
                Arguments.of("reset in flight", Reply.fail(ErrorKind.RESET, Duration.ofMillis(2)), null, ErrorKind.RESET),
                Arguments.of("tls failure", Reply.fail(ErrorKind.TLS, Duration.ofMillis(2)), null, ErrorKind.TLS),
                Arguments.of("no answer", Reply.never(), null, ErrorKind.TIMEOUT),
                Arguments.of("connect refused", Reply.ok(Duration.ofMillis(1)), ErrorKind.REFUSED, ErrorKind.REFUSED),
                Arguments.of("connect timeout", Reply.ok(Duration.ofMillis(1)), ErrorKind.TIMEOUT, ErrorKind.TIMEOUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyFailureIsCountedByKindAndTheClosedModelKeepsGoing(String name, Reply reply, ErrorKind connect,
                                                              ErrorKind kind) {
        sim.net.respond((req, at) -> reply).refuseConnects(connect);
        try (LoadRunner r = sim.runner(closed(3, null, null, URL).withTimeout(Duration.ofMillis(100)))) {
            r.start(new LocalShare(0, 3, 3, 30));
            long took = sim.runToDone(r, Duration.ofSeconds(30));
            Counters c = r.totals();
            System.out.printf("%s, closed: %s in %d ms%n", name, c, took / MS);
            assertThat(c.issued()).isEqualTo(30);
            assertThat(c.completed()).isEqualTo(30);
            assertThat(c.error(kind)).isEqualTo(30);
            assertThat(c.failures()).isEqualTo(30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyFailureIsCountedByKindAndTheOpenModelKeepsPacing(String name, Reply reply, ErrorKind connect,
                                                             ErrorKind kind) {
        sim.net.respond((req, at) -> reply).refuseConnects(connect);
        try (LoadRunner r = sim.runner(open(200, Duration.ofSeconds(1), URL).withTimeout(Duration.ofMillis(100)))) {
            r.start(new LocalShare(1.0, 0, 40, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(30));
            Counters c = r.totals();
            System.out.printf("%s, open 200 rps x 1 s on 40 connections: %s in %d ms%n", name, c, took / MS);
            assertThat(c.issued()).isEqualTo(200); // 40 connections outlast a 100 ms timeout at 200 rps
            assertThat(c.dropped()).isZero();
            assertThat(c.error(kind)).isEqualTo(200);
            assertThat(c.failures()).isEqualTo(200);
        }
    }

    @Test
    void theOpenModelEndsAtTheProfileEndByItself() {
        sim.net.latency(Duration.ofMillis(3));
        try (LoadRunner r = sim.runner(open(1000, Duration.ofSeconds(1), URL))) {
            long t0 = sim.now();
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(5));
            long last = sim.net.sent().get(sim.net.sentCount() - 1).atNanos() - t0;
            System.out.printf("open 1000 rps x 1 s: %s, last send at %d us, done after %d us%n", r.totals(),
                    last / 1000, took / 1000);
            assertThat(r.totals().issued()).isEqualTo(1000);
            assertThat(r.totals().responses()).isEqualTo(1000);
            assertThat(r.totals().dropped()).isZero();
            assertThat(last).isEqualTo(999 * MS);
            assertThat(took).isEqualTo(1002 * MS); // the last response
            sim.advanceMillis(2000);
            assertThat(sim.net.sentCount()).isEqualTo(1000);
            assertThat(sim.net.openConnections()).isZero(); // finishing closes idle connections
        }
    }

    @Test
    void theClosedModelEndsAtTheDurationByItself() {
        sim.net.latency(Duration.ofMillis(10));
        try (LoadRunner r = sim.runner(closed(4, null, Duration.ofSeconds(1), URL))) {
            long t0 = sim.now();
            r.start(new LocalShare(0, 4, 4, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(5));
            System.out.printf("4 users, 10 ms responses, 1 s: %s, done after %d ms%n", r.totals(), took / MS);
            assertThat(r.totals().responses()).isEqualTo(400); // each user at 0, 10, ..., 990 ms
            assertThat(sim.net.sentBetween(t0 + S, Long.MAX_VALUE)).isZero();
            assertThat(took).isEqualTo(S);
        }
    }

    @Test
    void theClosedModelEndsAtTheDurationWithThinkTime() {
        sim.net.latency(Duration.ofMillis(1));
        try (LoadRunner r = sim.runner(closed(4, Duration.ofMillis(20), Duration.ofSeconds(1), URL))) {
            long t0 = sim.now();
            r.start(new LocalShare(0, 4, 4, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(5));
            long n = r.totals().responses();
            System.out.printf("4 users, think 0..20 ms, 1 ms responses, 1 s: %d responses, done after %d ms%n", n,
                    took / MS);
            // ~ 4 users x 1 s / (10 ms mean think + 1 ms); the think times are seeded, so this is exact per seed
            assertThat(n).isBetween(330L, 400L);
            assertThat(sim.net.sentBetween(t0 + S, Long.MAX_VALUE)).isZero();
            assertThat(took).isBetween(S, S + MS);
        }
    }

    @Test
    void stopEndsAnUnboundedRunAndCloseReleasesConnections() {
        sim.net.latency(Duration.ofMillis(1));
        LoadRunner r = sim.runner(closed(3, null, null, URL));
        r.start(new LocalShare(0, 3, 3, LocalShare.UNLIMITED));
        sim.advanceMillis(100);
        r.stop();
        long issued = r.totals().issued();
        long took = sim.runToDone(r, Duration.ofSeconds(1));
        sim.advanceMillis(100);
        System.out.printf("stopped after 100 ms with %d issued; done %d us later; %d connections open before close%n",
                issued, took / 1000, sim.net.openConnections());
        assertThat(issued).isEqualTo(3 * 101);
        assertThat(took).isEqualTo(MS); // the requests in flight at the stop complete
        assertThat(r.totals().issued()).isEqualTo(issued);
        assertThat(r.totals().completed()).isEqualTo(issued);
        assertThat(sim.net.sentCount()).isEqualTo(issued);
        r.close();
        sim.net.runPending();
        assertThat(sim.net.openConnections()).isZero();
    }

    @Test
    void aRunnerStoppedOrClosedBeforeStartIsDoneAndHarmless() throws Exception {
        LoadRunner r = sim.runner(closed(2, null, null, URL));
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
        sim.advanceMillis(1000);
        System.out.printf("stopped and closed before start: %d sent, %d connections made, %d tasks left%n",
                sim.net.sentCount(), sim.net.connectionsMade(), sim.net.pendingTasks());
        assertThat(sim.net.sentCount()).isZero();
        assertThat(sim.net.connectionsMade()).isZero();
        assertThat(sim.net.pendingTasks()).isZero();
    }
}
