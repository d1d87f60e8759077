package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.siegegrid.core.load.NativeEngineTest.closed;
import static org.siegegrid.core.load.NativeEngineTest.open;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

/** Budgets drawn in chunks, plan updates, target order and user changes, against a real server. */
@Timeout(60)
class NativeRunnerPlanTest {
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
    void aLargerBudgetRevivesASpentRunnerAndIsNeverExceeded() throws Exception {
        try (TestServer server = TestServer.http(10);
             LoadRunner c = engine.newRunner(closed(4, null, null, server.url("/c")));
             LoadRunner o = engine.newRunner(open(2000, null, server.url("/o")))) {
            c.start(new LocalShare(0, 4, 4, 100));
            o.start(new LocalShare(1.0, 0, 8, 100));
            assertThat(c.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(o.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(server.onPath("/c")).isEqualTo(100);
            assertThat(server.onPath("/o")).isEqualTo(100);
            c.retune(new LocalShare(0, 4, 4, 250));
            o.retune(new LocalShare(1.0, 0, 8, 250));
            assertThat(c.isDone()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> c.isDone() && o.isDone());
            assertThat(server.onPath("/c")).isEqualTo(250);
            assertThat(server.onPath("/o")).isEqualTo(250);
            assertThat(c.totals().issued()).isEqualTo(250);
            assertThat(o.totals().issued()).isEqualTo(250);
        }
    }

    private static LoadPlan stages(String url, Stage... stages) {
        return new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL, RateProfile.stages(List.of(stages)), 0, null,
                false, 0, null, null, 1, null);
    }

    @Test
    void stagesRampAndEndByThemselves() throws Exception {
        try (TestServer server = TestServer.http(10);
             LoadRunner r = engine.newRunner(stages(server.url("/"), new Stage(Duration.ofSeconds(1), 1000),
                     new Stage(Duration.ofSeconds(1), 1000)))) {
            long t = System.nanoTime();
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            assertThat(r.awaitDone(Duration.ofSeconds(10))).isTrue();
            double secs = (System.nanoTime() - t) / 1e9;
            System.out.printf("stages 0->1000 over 1 s, then 1 s at 1000: %d requests, done after %.2f s%n",
                    server.requests(), secs);
            assertThat(server.requests()).isEqualTo(1500);
            assertThat(secs).isBetween(1.99, 2.3);
        }
    }

    @Test
    void aRunnerJoiningLatePicksUpTheRampWhereItIs() throws Exception {
        try (TestServer server = TestServer.http(10);
             LoadRunner r = engine.newRunner(stages(server.url("/"), new Stage(Duration.ofSeconds(4), 1000)),
                     Duration.ofSeconds(2))) {
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            Thread.sleep(1000);
            IntervalStats first = r.takeInterval();
            double secs = (first.endNanos() - first.startNanos()) / 1e9;
            double expected = 125 * (Math.pow(2 + secs, 2) - 4); // integral of 250 t from 2 s
            System.out.printf("joined 2 s into a 0->1000 ramp: %d in %.3f s (expected %.0f)%n",
                    first.counters().issued(), secs, expected);
            assertThat((double) first.counters().issued()).isBetween(expected * 0.97, expected * 1.03 + 2);
            assertThat(r.awaitDone(Duration.ofSeconds(5))).isTrue(); // the ramp ends 2 s after the start
            assertThat(server.requests()).isBetween(1498L, 1500L); // 2000 in the whole ramp, 500 before joining
        }
    }

    @Test
    void updatePlanSwitchesTargetsAndRate() throws Exception {
        try (TestServer server = TestServer.http(10);
             LoadRunner r = engine.newRunner(open(500, null, server.url("/a")))) {
            r.start(new LocalShare(1.0, 0, 10, LocalShare.UNLIMITED));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.onPath("/a") >= 200);
            r.updatePlan(open(1000, null, server.url("/b")));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.onPath("/b") >= 100);
            long a = server.onPath("/a");
            r.takeInterval();
            Thread.sleep(1000);
            IntervalStats i = r.takeInterval();
            double rate = i.counters().issued() * 1e9 / (i.endNanos() - i.startNanos());
            System.out.printf("after the update: %.0f rps to /b, /a stayed at %d%n", rate, a);
            assertThat(server.onPath("/a")).isEqualTo(a);
            assertThat(rate).isBetween(960.0, 1040.0);
        }
    }

    @Test
    void sequentialOrderVisitsEveryTargetInTurnRandomOrderRoughlyEvenly() throws Exception {
        try (TestServer server = TestServer.http(10)) {
            List<Target> seq = List.of(Target.get(server.url("/s1")), Target.get(server.url("/s2")),
                    Target.get(server.url("/s3")));
            List<Target> rnd = List.of(Target.get(server.url("/r1")), Target.get(server.url("/r2")),
                    Target.get(server.url("/r3")));
            try (LoadRunner s = engine.newRunner(new LoadPlan(seq, Order.SEQUENTIAL, null, 1, null, true, 1,
                    null, null, 1, null));
                 LoadRunner r = engine.newRunner(new LoadPlan(rnd, Order.RANDOM, null, 1, null, true, 1,
                         null, null, 1, null))) {
                s.start(new LocalShare(0, 1, 1, 900));
                r.start(new LocalShare(0, 1, 1, 3000));
                assertThat(s.awaitDone(Duration.ofSeconds(20))).isTrue();
                assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            }
            System.out.printf("random order: %d %d %d%n", server.onPath("/r1"), server.onPath("/r2"), server.onPath("/r3"));
            assertThat(List.of(server.onPath("/s1"), server.onPath("/s2"), server.onPath("/s3")))
                    .containsExactly(300L, 300L, 300L);
            for (String p : List.of("/r1", "/r2", "/r3")) {
                assertThat(server.onPath(p)).isBetween(850L, 1150L);
            }
        }
    }

    @Test
    void retuneChangesTheNumberOfUsers() throws Exception {
        try (TestServer server = TestServer.http(10).latency(20);
             LoadRunner r = engine.newRunner(closed(2, null, null, server.url("/")))) {
            r.start(new LocalShare(0, 2, 2, LocalShare.UNLIMITED));
            Thread.sleep(1000);
            IntervalStats two = r.takeInterval();
            r.retune(new LocalShare(0, 6, 6, LocalShare.UNLIMITED));
            Thread.sleep(300);
            r.takeInterval();
            Thread.sleep(1000);
            IntervalStats six = r.takeInterval();
            r.retune(new LocalShare(0, 1, 1, LocalShare.UNLIMITED));
            Thread.sleep(300);
            r.takeInterval();
            Thread.sleep(1000);
            IntervalStats one = r.takeInterval();
            double k2 = perSecond(two);
            double k6 = perSecond(six);
            double k1 = perSecond(one);
            System.out.printf("users 2 -> 6 -> 1 at 20 ms latency: %.0f, %.0f, %.0f responses/s%n", k2, k6, k1);
            assertThat(k6 / k2).isBetween(2.4, 3.6);
            assertThat(k2 / k1).isBetween(1.6, 2.4);
        }
    }

    private static double perSecond(IntervalStats i) {
        return i.counters().responses() * 1e9 / (i.endNanos() - i.startNanos());
    }
}
