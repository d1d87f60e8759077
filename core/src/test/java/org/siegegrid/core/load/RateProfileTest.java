package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.session.Stage;

@Timeout(30)
class RateProfileTest {

    private static Stage st(double seconds, double rps) {
        return new Stage(Duration.ofNanos(Math.round(seconds * 1e9)), rps);
    }

    @ParameterizedTest
    @CsvSource({
        // rps, count, expected time
        "1000, 0, 0",
        "1000, 1, 0.001",
        "1000, 1000000, 1000",
        "3, 7, 2.3333333333333335",
        "0.5, 3, 6",
    })
    void constantRateTimeOfIsCountOverRate(double rps, double count, double expected) {
        RateProfile p = RateProfile.constant(rps);
        assertThat(p.timeOf(count)).isCloseTo(expected, within(1e-12));
        assertThat(p.countAt(expected)).isCloseTo(count, within(1e-9));
        assertThat(p.endSeconds()).isInfinite();
    }

    @Test
    void zeroRateNeverReachesAnything() {
        RateProfile p = RateProfile.constant(0);
        assertThat(p.timeOf(0)).isInfinite();
        assertThat(p.countAt(1e9)).isZero();
        RateProfile z = RateProfile.stages(List.of(st(10, 0)));
        assertThat(z.timeOf(0)).isInfinite();
    }

    @Test
    void constantWithDurationEnds() {
        RateProfile p = RateProfile.constant(100, Duration.ofSeconds(2));
        assertThat(p.totalCount()).isEqualTo(200);
        assertThat(p.timeOf(199)).isCloseTo(1.99, within(1e-12));
        assertThat(p.timeOf(200)).isInfinite();
        assertThat(p.rateAt(2.0)).isZero();
    }

    static Stream<Arguments> stageTables() {
        return Stream.of(
            Arguments.of("ramp up", List.of(st(10, 100))),
            Arguments.of("ramp up, hold, down", List.of(st(3, 50), st(2, 50), st(4, 0))),
            Arguments.of("zero gap in the middle", List.of(st(2, 40), st(1, 0), st(1, 0), st(2, 30))),
            Arguments.of("instant jump", List.of(st(0, 80), st(3, 80), st(2, 10))),
            Arguments.of("fractional", List.of(st(1.5, 7.3), st(2.25, 0.4), st(1, 13))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stageTables")
    void stagesMatchTheReference(String name, List<Stage> stages) {
        RateProfile p = RateProfile.stages(stages);
        ReferenceProfile ref = new ReferenceProfile(stages);
        double end = p.endSeconds();
        for (double t = 0; t <= end; t += end / 97) {
            assertThat(p.countAt(t)).as("P(%s)", t).isCloseTo(ref.count(t, 1e-4), within(1e-4));
            assertThat(p.rateAt(t)).as("rate(%s)", t).isCloseTo(ref.rate(t), within(1e-9));
        }
        double[] refDue = ref.dueTimes(100_000, 1e-6);
        assertThat((double) refDue.length).isCloseTo(Math.ceil(p.totalCount() - 1e-9), within(1.0));
        for (int n = 0; n < refDue.length && n < p.totalCount() - 1e-9; n++) {
            if (ref.rate(refDue[n]) > 1) {
                assertThat(p.timeOf(n)).as("timeOf(%d)", n).isCloseTo(refDue[n], within(2e-6));
            } else {
                // near a zero rate the inverse is ill-conditioned: compare where the count gets there
                assertThat(p.timeOf(n)).as("timeOf(%d)", n).isCloseTo(refDue[n], within(1e-4));
                assertThat(ref.count(p.timeOf(n) + 1e-4, 1e-5)).isGreaterThan(n);
            }
        }
        // inverse property everywhere: P(timeOf(c)) == c wherever the rate is not zero
        for (int n = 1; n < refDue.length; n++) {
            assertThat(p.countAt(p.timeOf(n))).isCloseTo(n, within(1e-7));
        }
        System.out.printf("%s: %d requests over %.2f s match the reference%n", name, refDue.length, end);
    }

    @Test
    void zeroRateSegmentJumpsToWhereRateResumes() {
        RateProfile p = RateProfile.stages(List.of(st(2, 10), st(1, 0), st(3, 0), st(1, 10)));
        // ramp 0->10 over 2 s = 10 requests, 10->0 over 1 s = 5 more, then nothing until t=6
        double atEndOfRampDown = p.countAt(3.0);
        assertThat(atEndOfRampDown).isCloseTo(15, within(1e-9));
        // the count never exceeds 15 until the last stage starts at t=6
        assertThat(p.timeOf(15)).isCloseTo(6.0, within(1e-9));
        assertThat(p.timeOf(14.999)).isLessThan(3.0);
    }

    @Test
    void rejectsNegativeOrNonFiniteRates() {
        assertThatThrownBy(() -> RateProfile.constant(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateProfile.constant(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateProfile.stages(List.of(st(1, Double.POSITIVE_INFINITY))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateProfile.stages(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
