package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 4 and 5: load moving between nodes without a hole and without a burst. Three nodes at 900
 * rps, then a fourth joins mid-run; then one is drained (and activated again), one leaves through
 * {@code DELETE /api/v1/nodes/{id}} and one gets SIGTERM. Each move is make-before-break: the board
 * schedules the switch two rounds ahead, the node that gives load keeps sending until that instant and
 * the one that takes it starts then. Measured, for each event: the worst second above and below target in
 * the seconds after it, the requests short of target, and the final report against the sink.
 */
class HandOffIT {
    static final double RPS = 900;
    static final int SECONDS = 60;

    private record Event(String what, double at) {
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void joinDrainLeaveAndSigtermMoveTheLoadWithoutAHole() throws Exception {
        try (Fleet fleet = Fleet.start("handoff", 4, 3, "majority", List.of())) {
            try {
                Scenario run = Scenario.begin(fleet, RPS, SECONDS);
                Fleet.Node a = fleet.node(0);
                Fleet.Node b = fleet.node(1);
                Fleet.Node c = fleet.node(2);
                Fleet.Node d = fleet.node(3);
                List<Event> events = new ArrayList<>();

                events.add(new Event("join " + d, run.at(6.3)));
                fleet.join(d);
                fleet.awaitOneCluster(fleet.nodes(), Duration.ofSeconds(30));
                System.out.printf(Locale.ROOT, "join: %s in the cluster of 4 at %.2f s%n", d, run.now());

                events.add(new Event("drain " + b, run.at(Math.max(run.now() + 5, 17.3))));
                assertThat(Http.post(b.api() + "/api/v1/nodes/" + b + "/drain", "").status()).isEqualTo(200);
                events.add(new Event("activate " + b, run.at(run.now() + 5)));
                assertThat(Http.post(b.api() + "/api/v1/nodes/" + b + "/activate", "").status()).isEqualTo(200);

                events.add(new Event("DELETE " + c, run.at(run.now() + 5)));
                assertThat(Http.send("DELETE", a.api() + "/api/v1/nodes/" + c, null).status()).isEqualTo(202);
                c.proc.process().waitFor(20, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "leave: %s exited %s at %.2f s%n", c,
                        c.alive() ? "not yet" : Integer.toString(c.proc.process().exitValue()), run.now());

                events.add(new Event("SIGTERM " + d, run.at(Math.max(run.now() + 3, events.get(3).at + 5))));
                int code = fleet.terminate(d);
                System.out.printf(Locale.ROOT, "SIGTERM: %s exited %d at %.2f s%n", d, code, run.now());
                assertThat(events.get(events.size() - 1).at).as("every event within the session").isLessThan(SECONDS - 4);

                Scenario.Finished end = run.finish(a);
                Series s = end.series();
                double worstOver = s.worstOverPct(2, SECONDS);
                double worstUnder = s.worstUnderPct(2, SECONDS);
                for (int i = 0; i < events.size(); i++) {
                    Event e = events.get(i);
                    int to = i + 1 < events.size() ? (int) Math.floor(events.get(i + 1).at) : SECONDS;
                    run.printAround(e.what, e.at, to);
                }
                System.out.printf(Locale.ROOT, "hand-off: VERDICT no second above target + 1 %%: %s (worst %+.2f %%);"
                                + " none below target - 2 %%: %s (worst %+.2f %%, %d seconds outside); short of target"
                                + " from second 2: %d requests; report vs sink %+.3f %%%n",
                        worstOver <= 1 ? "met" : "MISSED", worstOver, worstUnder >= -2 ? "met" : "MISSED", worstUnder,
                        s.secondsOutside(2, 2, SECONDS), s.missing(2, SECONDS), end.diffPct());

                assertThat(code).as("SIGTERM: a graceful exit").isIn(0, 143);
                // a share sent twice would be a second well above target; what a busy 2-core machine adds on top
                // is a late second and its catch-up (the catch-up check pairs them)
                assertThat(s.worstOverWithCatchUpPct(2, SECONDS)).as("over target: %s", s.window(2, SECONDS))
                        .isLessThanOrEqualTo(1);
                // a hole is load never sent; a second a stall held back and the next one caught up (a new JVM starting on
                // this 2-core machine: 707 then 1,096) is not one, so seconds are judged with the one after them. Before
                // make-before-break a drain of one of two nodes gave 770 and 828 of 1,000: a pair at -20 %.
                assertThat(s.worstUnderWithCatchUpPct(2, SECONDS)).as("no hole: %s", s.window(2, SECONDS))
                        .isGreaterThanOrEqualTo(-10);
                assertThat(Math.abs(end.diffPct())).as("report vs sink, %").isLessThanOrEqualTo(0.5);
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }
}
