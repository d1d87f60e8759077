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
 * Scenario 7: a rolling restart of all three nodes, one at a time (SIGTERM, wait for the exit, start it
 * again with the same id, wait for one cluster of 3), during one session at 900 rps. The session, its
 * series and its final report survive; the majority quorum holds throughout (a graceful leave shrinks the
 * fleet first); the load dips only while a node is down or rejoining, and never goes above target.
 */
class RollingRestartIT {
    static final double RPS = 900;
    static final int SECONDS = 75;
    /** How long after a node is back in the cluster it counts as rejoining. */
    static final int REJOIN_SECONDS = 4;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyNodeRestartedInTurnAndTheSessionGoesOn() throws Exception {
        try (Fleet fleet = Fleet.start("rolling", 3, "majority", List.of())) {
            try {
                Scenario run = Scenario.begin(fleet, RPS, SECONDS);
                List<double[]> down = new ArrayList<>();
                run.at(5.3);
                // the node the session was created through goes last: the test reads the report through it
                for (int i : new int[] {2, 1, 0}) {
                    Fleet.Node n = fleet.node(i);
                    double t0 = run.now();
                    int code = fleet.terminate(n);
                    double exited = run.now();
                    fleet.restart(n);
                    fleet.awaitOneCluster(fleet.nodes(), Duration.ofSeconds(40));
                    double back = run.now();
                    down.add(new double[] {t0, back});
                    Fleet.Node other = fleet.node((i + 1) % 3);
                    String state = SessionApi.state(other, run.id);
                    System.out.printf(Locale.ROOT, "rolling: %s SIGTERM at %.2f s, exited %d at %.2f s, back in one"
                            + " cluster of 3 at %.2f s; session %s (via %s)%n", n, t0, code, exited, back, state, other);
                    assertThat(state).as("the session goes on").isEqualTo("RUNNING");
                    run.at(run.now() + 3);
                }
                assertThat(run.now()).as("all three restarted within the session").isLessThan(SECONDS - 2);
                Scenario.Finished end = run.finish(fleet.node(1));
                Series s = end.series();
                double over = s.worstOverWithCatchUpPct(2, SECONDS);
                long missing = s.missing(2, SECONDS);
                StringBuilder outside = new StringBuilder();
                int outsideDown = 0;
                int outsideUp = 0;
                for (int sec = 2; sec < SECONDS; sec++) {
                    if (Math.abs(s.offPct(sec)) > 2) {
                        final int k = sec;
                        // rejoining lasts until the node has its share back: the hand-off is scheduled two rounds
                        // ahead and its fresh JVM warms up (the dips measured were 2-3 s after the rejoin)
                        boolean whileDown = down.stream().anyMatch(w -> k + 1 > w[0] && k < w[1] + REJOIN_SECONDS);
                        if (whileDown) {
                            outsideDown++;
                        } else {
                            outsideUp++;
                            outside.append(String.format(Locale.ROOT, " s%d=%+.1f%%", sec, s.offPct(sec)));
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "rolling: VERDICT session FINISHED with its report: met; seconds"
                                + " outside ±2 %% while a node was down or rejoining: %d, at other times: %d%s; worst over"
                                + " (with catch-up) %+.2f %%; short of target %d requests (%.2f %% of the session); report"
                                + " vs sink %+.3f %%; series points %d%n", outsideDown, outsideUp, outside, over, missing,
                        100.0 * missing / (RPS * SECONDS), end.diffPct(), end.report().getAsJsonArray("series").size());
                assertThat(over).as("never above target: %s", s.window(2, SECONDS)).isLessThanOrEqualTo(1);
                assertThat(outsideUp).as("dips only while a node is down or rejoining:%s", outside).isLessThanOrEqualTo(2);
                assertThat(Math.abs(end.diffPct())).as("report vs sink, %").isLessThanOrEqualTo(0.5);
                assertThat(end.report().getAsJsonArray("series").size()).as("the series survives").isGreaterThanOrEqualTo(
                        SECONDS - 2);
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }
}
