package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrendTest {
    @Test
    void aLineIsFoundExactly() {
        Trend t = Trend.fit(List.of(new double[] {0, 10}, new double[] {1, 12}, new double[] {2, 14}, new double[] {5, 20}));
        assertThat(t.slope()).isCloseTo(2, within(1e-12));
        assertThat(t.intercept()).isCloseTo(10, within(1e-12));
        assertThat(t.at(10)).isCloseTo(30, within(1e-9));
        assertThat(t.n()).isEqualTo(4);
    }

    @Test
    void noiseAroundAFlatLineHasASlopeNearZero() {
        Trend t = Trend.fit(List.of(new double[] {0, 50}, new double[] {1, 52}, new double[] {2, 49}, new double[] {3, 51},
                new double[] {4, 50}, new double[] {5, 52}, new double[] {6, 49}));
        assertThat(t.slope()).isBetween(-0.5, 0.5);
    }

    @Test
    void tooFewTimesGiveAFlatLine() {
        assertThat(Trend.fit(List.of()).slope()).isZero();
        Trend one = Trend.fit(List.<double[]>of(new double[] {3, 7}));
        assertThat(one.slope()).isZero();
        assertThat(one.at(100)).isEqualTo(7);
    }
}
