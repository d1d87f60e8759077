package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariants of {@link FleetSimulation} on a fleet small enough for every build (the figures at 10, 50
 * and 100 nodes come from {@link ScaleSimulation}, run on demand): the grants in force never add up to more
 * than the target, shares converge within a lease and two rounds after a start, an update and a kill, and
 * the final reports count what the engines sent.
 */
@Timeout(240)
class ScaleInvariantsTest {
    @TempDir
    Path reports;

    @Test
    void aFleetNeverGrantsMoreThanTheTargetAndConvergesWithinALeaseAndTwoRounds() {
        try (FleetSimulation sim = new FleetSimulation(8, 3, 1_000, reports)) {
            FleetSimulation.Figures f = sim.run();
            System.out.println("fleet simulation: " + f);
            assertThat(f.worstSumOverTarget()).as("grants in force / target, worst instant").isLessThanOrEqualTo(1.001);
            double bound = (FleetSimulation.LEASE.toMillis() + 2 * FleetSimulation.ROUND.toMillis()) / 1000.0;
            assertThat(f.convergeStartS()).isLessThanOrEqualTo(bound);
            assertThat(f.convergeUpdateS()).isLessThanOrEqualTo(bound);
            assertThat(f.convergeKillS()).isLessThanOrEqualTo(bound);
            // what the reports count (plus what killed nodes may not have published) is what the engines sent
            assertThat((double) f.reportRequests()).isCloseTo(f.issued(), org.assertj.core.data.Percentage.withPercentage(1));
        }
    }
}
