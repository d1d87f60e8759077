package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The figures' arithmetic on fixed series (a unit test: runs in the test phase, no process). */
class SeriesTest {
    private final Series s = Series.of(List.of(1000L, 1000L, 1015L, 600L, 700L, 990L, 1000L, 1001L, 40L), 1000, 8);

    @Test
    void trimsToTheScheduledSeconds() {
        assertThat(s.length()).isEqualTo(8);
        assertThat(Series.of(List.of(5L), 10, 3).counts()).containsExactly(5, 0, 0);
    }

    @Test
    void overAndUnder() {
        assertThat(s.secondsAbove(1, 0, 8)).isEqualTo(1);
        assertThat(s.worstOverPct(0, 8)).isCloseTo(1.5, within(1e-9));
        assertThat(s.worstUnderPct(0, 8)).isCloseTo(-40, within(1e-9));
        assertThat(s.secondsOutside(2, 0, 8)).isEqualTo(2);
        assertThat(s.missing(3, 5)).isEqualTo(700);
        Series lateThenCaughtUp = Series.of(List.of(1000L, 956L, 1044L, 980L, 1020L, 1000L), 1000, 6);
        assertThat(lateThenCaughtUp.worstOverPct(0, 6)).isCloseTo(4.4, within(1e-9));
        assertThat(lateThenCaughtUp.worstOverWithCatchUpPct(0, 6)).isCloseTo(0.0, within(1e-9));
        Series twice = Series.of(List.of(1000L, 1000L, 1300L, 1300L, 1000L), 1000, 5);
        assertThat(twice.worstOverWithCatchUpPct(0, 5)).isCloseTo(30.0, within(1e-9));
        assertThat(Series.of(List.of(1000L, 1005L), 1000, 2).worstOverWithCatchUpPct(0, 2)).isNegative();
        Series landedLate = Series.of(List.of(1000L, 827L, 1175L, 1000L), 1000, 4);
        assertThat(landedLate.worstUnderWithCatchUpPct(0, 4)).isCloseTo(0.1, within(1e-9));
        assertThat(s.worstUnderWithCatchUpPct(0, 8)).isCloseTo(-35, within(1e-9));   // 600 + 700: lost, not late
        assertThat(Series.of(List.of(1000L, 995L), 1000, 2).worstUnderWithCatchUpPct(0, 2)).isInfinite();
        // a fresh JVM late for two seconds, made up in the third (HandOffIT's join on a busy machine)
        Series lateForTwo = Series.of(List.of(900L, 740L, 841L, 1119L, 900L), 900, 5);
        assertThat(lateForTwo.worstOverWithCatchUpPct(0, 5)).isCloseTo(0.0, within(1e-9));
        assertThat(lateForTwo.worstUnderWithCatchUpPct(0, 5)).isCloseTo(0.0, within(1e-9));
        // the same shortfall never made up, and a surplus after one good second, are still seen
        assertThat(Series.of(List.of(900L, 740L, 841L, 900L), 900, 4).worstUnderWithCatchUpPct(0, 4)).isLessThan(-8);
        assertThat(Series.of(List.of(740L, 900L, 1119L), 900, 3).worstOverWithCatchUpPct(0, 3)).isGreaterThan(10);
    }

    @Test
    void restoreIsTheStartOfTheFirstSecondThatOpensARunInTheBand() {
        assertThat(s.restoreSeconds(3.25, 2, 3, 8).getAsDouble()).isCloseTo(1.75, within(1e-9));
        assertThat(s.restoreSeconds(0.5, 2, 2, 8).getAsDouble()).isZero();
        assertThat(s.restoreSeconds(3.25, 2, 5, 8)).isEmpty();
    }
}
