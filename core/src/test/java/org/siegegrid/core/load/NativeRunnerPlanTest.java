package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.siegegrid.core.load.NativeEngineTest.closed;
import static org.siegegrid.core.load.NativeEngineTest.open;
import static org.siegegrid.core.load.Sim.MS;
import static org.siegegrid.core.load.Sim.S;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

/**
 * Budgets drawn in chunks, stages, late joiners, plan updates, target order and user changes, on
 * simulated time ({@link FakeTransport}): every count is exact.
 */
@Timeout(30)
class NativeRunnerPlanTest {
    private static final String HOST = "http://127.0.0.1:8080";

    private final Sim sim = new Sim(2);

    @ParameterizedTest(name = "{0} loop(s), {1} model, budget {2} then {3}")
    @CsvSource({"1, open, 100, 250", "2, open, 100, 250", "3, open, 7, 8", "2, closed, 100, 250",
            "3, closed, 1, 50", "2, open, 0, 10", "2, closed, 0, 10"})
    void aLargerBudgetRevivesASpentRunnerAndIsNeverExceeded(int loops, String model, long first, long second) {
        Sim s = new Sim(loops);
        s.net.latency(Duration.ofMillis(1));
        boolean openModel = model.equals("open");
        try (LoadRunner r = s.runner(openModel ? open(2000, null, HOST + "/") : closed(4, null, null, HOST + "/"))) {
            LocalShare share = openModel ? new LocalShare(1.0, 0, 8, first) : new LocalShare(0, 4, 4, first);
            r.start(share);
            long took = s.runToDone(r, Duration.ofSeconds(5));
            s.advanceMillis(1000);
            long spent = s.net.sentCount();
            long revivedAt = s.now();
            r.retune(share.withQuota(second));
            boolean doneRightAfter = r.isDone();
            long took2 = s.runToDone(r, Duration.ofSeconds(5));
            s.advanceMillis(1000);
            long firstTenMs = s.net.sentBetween(revivedAt, revivedAt + 10 * MS);
            System.out.printf("%d loop(s), %s: budget %d sent %d (done in %d ms); raised to %d a second later: sent %d "
                            + "(%d in the first 10 ms, done in %d ms), dropped %d%n", loops, model, first, spent,
                    took / MS, second, s.net.sentCount(), firstTenMs, took2 / MS, r.totals().dropped());
            assertThat(spent).isEqualTo(first);
            assertThat(doneRightAfter).isFalse();
            assertThat(s.net.sentCount()).isEqualTo(second);
            assertThat(r.totals().issued()).isEqualTo(second);
            assertThat(r.totals().responses()).isEqualTo(second);
            if (openModel) {
                // the wait for budget is no lateness: no catch-up burst, nothing counted dropped
                assertThat(firstTenMs).isLessThanOrEqualTo(Math.min(second - first, 20 + loops));
                assertThat(r.totals().dropped()).isZero();
            }
        }
    }

    private static LoadPlan stages(Stage... stages) {
        return new LoadPlan(List.of(Target.get(HOST + "/")), Order.SEQUENTIAL, RateProfile.stages(List.of(stages)), 0,
                null, false, 0, null, null, 1, null);
    }

    @Test
    void stagesRampMatchTheProfileExactlyAndEndByThemselves() {
        sim.net.latency(Duration.ofMillis(1));
        List<Stage> st = List.of(new Stage(Duration.ofSeconds(1), 1000), new Stage(Duration.ofSeconds(1), 1000));
        RateProfile profile = RateProfile.stages(st);
        try (LoadRunner r = sim.runner(stages(st.toArray(Stage[]::new)))) {
            long t0 = sim.now();
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(10));
            List<FakeTransport.Sent> sent = sim.net.sent();
            System.out.printf("stages 0->1000 over 1 s, then 1 s at 1000: %d requests, done after %d ms; sent by "
                            + "0.5 s %d (P = %.1f), by 1 s %d (P = %.1f)%n", sent.size(), took / MS,
                    sim.net.sentBetween(t0, t0 + 500 * MS), profile.countAt(0.5),
                    sim.net.sentBetween(t0, t0 + S), profile.countAt(1));
            assertThat(sent).hasSize(1500);
            assertThat(took).isEqualTo(2 * S); // the end of the profile (the last request, due before it, is answered)
            // request i (over both loops) goes out at the profile's due time for i, to the nanosecond ...
            ReferenceProfile ref = new ReferenceProfile(st);
            double[] refDue = ref.dueTimes(1500, 1e-5);
            for (int i = 0; i < sent.size(); i++) {
                long at = sent.get(i).atNanos() - t0;
                assertThat(at).as("request %d", i).isEqualTo(Math.round(profile.timeOf(i) * 1e9));
                // ... which is the brute-force reference's, to within its step
                assertThat(at / 1e9).as("request %d", i).isCloseTo(refDue[i], within(2e-5));
            }
            // so what went out by t is the profile's count by t, every 10 ms
            for (long ms = 10; ms <= 2000; ms += 10) {
                double p = profile.countAt(ms / 1000.0);
                assertThat(sim.net.sentBetween(t0, t0 + ms * MS)).as("by %d ms", ms)
                        .isEqualTo((long) Math.ceil(p - 1e-9));
            }
        }
    }

    @Test
    void aRunnerJoiningLatePicksUpTheRampWhereItIs() {
        sim.net.latency(Duration.ofMillis(1));
        RateProfile profile = RateProfile.stages(List.of(new Stage(Duration.ofSeconds(4), 1000)));
        try (LoadRunner r = sim.runner(stages(new Stage(Duration.ofSeconds(4), 1000)), Duration.ofSeconds(2))) {
            long j = sim.now();
            r.start(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
            long took = sim.runToDone(r, Duration.ofSeconds(10));
            long firstSecond = sim.net.sentBetween(j, j + S);
            long firstTenth = sim.net.sentBetween(j, j + 100 * MS);
            System.out.printf("joined 2 s into a 0->1000 over 4 s ramp: %d in its first 100 ms, %d in its first "
                    + "second, %d in all, done after %d ms%n", firstTenth, firstSecond, sim.net.sentCount(), took / MS);
            // the ramp is at 500 rps when it joins: P(2.1) - P(2) = 51.25, not the 1.25 of a fresh start
            assertThat(firstTenth).isEqualTo((long) Math.ceil(profile.countAt(2.1) - profile.countAt(2)));
            assertThat(firstSecond).isEqualTo(625); // P(3) - P(2) = 125 (9 - 4)
            assertThat(sim.net.sentCount()).isEqualTo(1500); // 2000 in the whole ramp, 500 before joining
            assertThat(took).isEqualTo(2 * S); // the ramp ends 2 s after the start
        }
    }

    @Test
    void updatePlanSwitchesTargetsAndRateWithoutBurst() {
        sim.net.latency(Duration.ofMillis(1));
        try (LoadRunner r = sim.runner(open(500, null, HOST + "/a"))) {
            r.start(new LocalShare(1.0, 0, 10, LocalShare.UNLIMITED));
            sim.advanceMillis(401);
            long a = sim.net.sentTo("/a");
            long u = sim.now();
            r.updatePlan(open(1000, null, HOST + "/b"));
            sim.advanceMillis(2000);
            long firstTenth = sim.net.sentBetween(u, u + 10 * MS);
            long firstSecond = sim.net.sentBetween(u, u + S);
            System.out.printf("500 rps to /a: %d by 401 ms; then 1000 rps to /b: %d in its first 10 ms, %d in its first "
                    + "second; /a stayed at %d; dropped %d%n", a, firstTenth, firstSecond, sim.net.sentTo("/a"),
                    r.totals().dropped());
            assertThat(a).isEqualTo(201); // due at 0, 2, ..., 400 ms
            assertThat(sim.net.sentTo("/a")).isEqualTo(a);
            assertThat(sim.net.sentTo("/b")).isEqualTo(2000);
            assertThat(firstTenth).isEqualTo(10);
            assertThat(firstSecond).isEqualTo(1000);
            assertThat(r.totals().dropped()).isZero();
        }
    }

    @Test
    void sequentialOrderVisitsEveryTargetInTurnRandomOrderRoughlyEvenly() {
        sim.net.latency(Duration.ofMillis(1));
        List<Target> seq = List.of(Target.get(HOST + "/s1"), Target.get(HOST + "/s2"), Target.get(HOST + "/s3"));
        List<Target> rnd = List.of(Target.get(HOST + "/r1"), Target.get(HOST + "/r2"), Target.get(HOST + "/r3"));
        try (LoadRunner s = sim.runner(new LoadPlan(seq, Order.SEQUENTIAL, null, 1, null, true, 1, null, null, 1, null));
             LoadRunner r = sim.runner(new LoadPlan(rnd, Order.RANDOM, null, 1, null, true, 1, null, null, 1, null))) {
            s.start(new LocalShare(0, 1, 1, 900));
            r.start(new LocalShare(0, 1, 1, 3000));
            sim.net.runUntil(() -> s.isDone() && r.isDone(), Duration.ofSeconds(10));
        }
        List<String> seqPaths = sim.net.sent().stream().map(FakeTransport.Sent::path).filter(p -> p.startsWith("/s"))
                .toList();
        System.out.printf("sequential: %d %d %d, starting %s; random: %d %d %d%n", sim.net.sentTo("/s1"),
                sim.net.sentTo("/s2"), sim.net.sentTo("/s3"), seqPaths.subList(0, 6), sim.net.sentTo("/r1"),
                sim.net.sentTo("/r2"), sim.net.sentTo("/r3"));
        for (int i = 0; i < seqPaths.size(); i++) {
            assertThat(seqPaths.get(i)).isEqualTo("/s" + (i % 3 + 1));
        }
        assertThat(seqPaths).hasSize(900);
        for (String p : List.of("/r1", "/r2", "/r3")) {
            assertThat(sim.net.sentTo(p)).isBetween(850L, 1150L); // seeded: the same counts every run
        }
        assertThat(sim.net.sentTo("/r1") + sim.net.sentTo("/r2") + sim.net.sentTo("/r3")).isEqualTo(3000);
    }

    @Test
    void retuneChangesTheNumberOfUsers() {
        sim.net.latency(Duration.ofMillis(20));
        try (LoadRunner r = sim.runner(closed(2, null, null, HOST + "/"))) {
            long t0 = sim.now();
            r.start(new LocalShare(0, 2, 2, LocalShare.UNLIMITED));
            sim.advanceMillis(1005);
            long up = sim.now(); // between two rounds of the first users
            r.retune(new LocalShare(0, 6, 6, LocalShare.UNLIMITED));
            sim.advanceMillis(1010);
            long down = sim.now(); // every user in flight
            r.retune(new LocalShare(0, 1, 1, LocalShare.UNLIMITED));
            sim.advanceMillis(1000);
            long two = sim.net.sentBetween(t0, t0 + S);
            long six = sim.net.sentBetween(up, up + S);
            long one = sim.net.sentBetween(down, down + S);
            System.out.printf("users 2 -> 6 -> 1 at 20 ms latency: %d, %d, %d requests in the second after each; "
                    + "%d connections open at the end%n", two, six, one, sim.net.openConnections());
            assertThat(two).isEqualTo(100);
            assertThat(six).isEqualTo(300);
            assertThat(one).isEqualTo(50);
            // the retired users finished the request they had in flight, then closed their connection
            assertThat(r.totals().completed()).isEqualTo(r.totals().issued() - 1);
            assertThat(sim.net.openConnections()).isEqualTo(1);
        }
    }
}
