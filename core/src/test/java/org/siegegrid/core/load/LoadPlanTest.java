package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.load.Slice.SlicePart;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

@Timeout(10)
class LoadPlanTest {
    private static final List<Target> T = List.of(Target.get("http://127.0.0.1:1/"));

    private static SessionSpec spec(Double rps, List<Stage> stages, Integer users, Duration delay, boolean bench,
                                    Integer conc, Duration duration, Duration timeout) {
        return new SessionSpec("s", T, null, Order.RANDOM, rps, stages, users, delay, bench, conc, null, duration,
                timeout, null, null);
    }

    @Test
    void openSpecWithDurationEndsItsProfile() {
        LoadPlan p = LoadPlan.from(spec(500.0, null, null, null, false, 20, Duration.ofSeconds(10), null));
        assertThat(p.openModel()).isTrue();
        assertThat(p.profile().totalCount()).isEqualTo(5000);
        assertThat(p.order()).isEqualTo(Order.RANDOM);
        assertThat(p.timeout()).isEqualTo(SessionSpec.DEFAULT_TIMEOUT);
        assertThat(p.maxLateness()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.wholeShare(LocalShare.UNLIMITED)).isEqualTo(new LocalShare(1.0, 0, 20, LocalShare.UNLIMITED));
    }

    @Test
    void stagesDriveTheProfile() {
        LoadPlan p = LoadPlan.from(spec(null, List.of(new Stage(Duration.ofSeconds(10), 100),
                new Stage(Duration.ofSeconds(10), 0)), null, null, false, null, null, Duration.ofSeconds(2)));
        assertThat(p.openModel()).isTrue();
        assertThat(p.profile().endSeconds()).isEqualTo(20);
        assertThat(p.profile().totalCount()).isEqualTo(1000);
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(2));
        // the peak (100 rps) for the lateness bound (1 s) is above the floor of 64
        assertThat(p.wholeShare(7).concurrency()).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({
        // rps, concurrency given, connections
        "10,    0, 64",      // the floor: a low rate still has room for a slow server
        "300,   0, 300",     // a second of the rate: a server answering within the lateness bound keeps it
        "2500.5, 0, 2501",
        "50000, 0, 4096",    // the ceiling
        "50000, 7, 7",       // the spec's concurrency wins
    })
    void openModelConnectionsFollowThePeakRate(double rps, int conc, int connections) {
        LoadPlan p = LoadPlan.from(spec(rps, null, null, null, false, conc == 0 ? null : conc, Duration.ofSeconds(5), null));
        assertThat(p.connections(0)).isEqualTo(connections);
        assertThat(p.wholeShare(0).concurrency()).isEqualTo(connections);
    }

    @Test
    void stagesUseTheirPeakAndTheClosedModelOneConnectionPerUser() {
        LoadPlan staged = LoadPlan.from(spec(null, List.of(new Stage(Duration.ofSeconds(5), 900),
                new Stage(Duration.ofSeconds(5), 200)), null, null, false, null, null, null));
        assertThat(staged.connections(0)).isEqualTo(900);
        LoadPlan closed = LoadPlan.from(spec(null, null, 25, null, false, null, Duration.ofSeconds(5), null));
        assertThat(closed.connections(12)).isEqualTo(12);
    }

    @Test
    void closedSpecKeepsUsersDelayAndBenchmark() {
        LoadPlan think = LoadPlan.from(spec(null, null, 25, Duration.ofSeconds(3), false, null, null, null));
        assertThat(think.openModel()).isFalse();
        assertThat(think.delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(think.wholeShare(100)).isEqualTo(new LocalShare(1.0, 25, 25, 100));
        LoadPlan bench = LoadPlan.from(spec(null, null, 25, Duration.ofSeconds(3), true, null, null, null));
        assertThat(bench.delay()).isNull(); // -b: no think time whatever -d says
        assertThat(bench.benchmark()).isTrue();
    }

    @Test
    void aPlanNeedsTargets() {
        assertThatThrownBy(() -> LoadPlan.from(new SessionSpec("s", List.of(), null, null, 1.0, null, null, null, false,
                null, null, null, null, null, null))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        // concurrency, users, slices, fraction
        "50, 0, 2, 1.0",
        "1, 0, 2, 1.0",
        "3, 0, 2, 0.5",
        "0, 7, 3, 0",
        "0, 0, 2, 0.25",
    })
    void sharesSplitOverSlicesAddUp(int conc, int users, int slices, double fraction) {
        LoadPlan open = new LoadPlan(T, Order.SEQUENTIAL, users == 0 ? RateProfile.constant(100) : null, users, null,
                false, 0, null, null, 1, null);
        SharePlan plan = SharePlan.split(open, new LocalShare(fraction, users, conc, 10), slices);
        double f = 0;
        int c = 0;
        int u = 0;
        for (int k = 0; k < slices; k++) {
            SlicePart part = plan.part(k);
            f += part.fraction();
            c += part.connections();
            u += part.users();
            if (part.connections() == 0) {
                assertThat(part.fraction()).isZero(); // no connections, no rate
            }
            assertThat(part.phase()).isBetween(0.0, 1.0);
        }
        int expectedConns = conc > 0 ? conc : users > 0 ? users : 100;   // open at 100 rps: a second's worth
        assertThat(c).isEqualTo(expectedConns);
        assertThat(u).isEqualTo(users);
        assertThat(f).isCloseTo(fraction, org.assertj.core.api.Assertions.within(1e-12));
    }
}
