package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes at 1,200 rps; {@code kill -9} of one (not the oldest, which runs the lifecycle) about 8 s in:
 * seconds until the sink is back within ±2 % (goal ≤ 3 s), the worst whole-second overshoot after the kill
 * (goal ≤ 1 %), the requests lost, and the final report against the sink. Eight seconds after the kill the
 * node is started again with the same id: when it is back in the cluster, and the rate as it takes a share.
 */
class KillNodeIT {
    static final double RPS = 1200;
    static final int SECONDS = 30;
    static final double KILL_AT = 8.3;
    static final double RESTART_AT = 16.3;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killMinusNineOfOneNode() throws Exception {
        try (Fleet fleet = Fleet.start("kill", 3, "majority", List.of())) {
            try {
                Scenario run = Scenario.begin(fleet, RPS, SECONDS);
                Fleet.Node victim = fleet.node(2);
                double t = run.at(KILL_AT);
                fleet.kill9(victim);
                System.out.printf(Locale.ROOT, "kill -9 %s (pid %d) at %.2f s%n", victim, victim.pid(), t);

                double tRestart = run.at(RESTART_AT);
                fleet.restart(victim);
                fleet.awaitOneCluster(fleet.nodes(), Duration.ofSeconds(SECONDS));
                double rejoined = run.now();
                System.out.printf(Locale.ROOT, "restart %s with the same id at %.2f s (pid %d): one cluster of 3 again"
                        + " at %.2f s%n", victim, tRestart, victim.pid(), rejoined);

                Scenario.Finished end = run.finish(fleet.node(1));
                Series s = run.printAround("kill -9", t, (int) Math.floor(tRestart));
                run.printAround("rejoin", rejoined, SECONDS);
                int e = (int) Math.floor(t);
                int r = (int) Math.floor(tRestart);
                var restore = s.restoreSeconds(t, 2, 3, r);
                double over = s.worstOverPct(e, SECONDS);
                System.out.printf(Locale.ROOT, "kill: VERDICT restore ≤ 3 s: %s; overshoot ≤ 1 %%: %s (%+.2f %%);"
                                + " before the kill worst over %+.2f %% (from second 2)%n",
                        restore.isPresent() && restore.getAsDouble() <= 3 ? "met" : "MISSED", over <= 1 ? "met"
                                : "MISSED", over, s.worstOverPct(2, e));

                double catchUp = s.worstOverWithCatchUpPct(e, SECONDS);
                System.out.printf(Locale.ROOT, "kill: worst over-target second after the kill with the one before it"
                        + " %+.2f %% (a stall and its catch-up are on target there; a share sent twice is not)%n", catchUp);
                // Safety, what holds on a busy 2-core machine: no share is sent twice, so every second above
                // target + 1 % after the kill is a catch-up. The whole-second goal is the verdict above.
                assertThat(catchUp).as("over-target seconds after the kill: %s", s.window(e, SECONDS))
                        .isLessThanOrEqualTo(1);
                assertThat(s.missing(e, SECONDS)).as("requests short after the kill").isGreaterThanOrEqualTo(0);
                assertThat(restore).as("back within ±2 %% before the restart: %s", s.window(e, r)).isPresent();
                assertThat(s.restoreSeconds(rejoined, 2, 3, SECONDS)).as("at target after the rejoin: %s",
                        s.window(r, SECONDS)).isPresent();
                // a node that dies loses what it sent after its last stats publication (once a second): the report
                // can only be short of the sink, by at most its share for about a second (its restarted run adds
                // up under the same id)
                assertThat(end.reported()).as("report ≤ sink").isLessThanOrEqualTo(end.sink());
                long unreported = end.report().get("unreported_requests").getAsLong();
                long unreportedMax = end.report().get("unreported_requests_max").getAsLong();
                System.out.printf(Locale.ROOT, "kill: the report says %d to %d requests are unreported; sink − report"
                        + " = %d%n", unreported, unreportedMax, end.sink() - end.reported());
                assertThat(end.reported() + unreported).as("what the report states it misses: at least")
                        .isLessThanOrEqualTo(end.sink());
                assertThat(end.reported() + unreportedMax).as("and at most").isGreaterThanOrEqualTo(end.sink());
                assertThat(end.sink() - end.reported()).as("report vs sink").isLessThanOrEqualTo((long) (RPS / 3 * 1.5));
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }
}
