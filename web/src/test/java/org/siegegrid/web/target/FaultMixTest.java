package org.siegegrid.web.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultMixTest {
    private final FaultMix mix = new FaultMix(0.1, 0.2, 0.3, 0.15);

    @ParameterizedTest(name = "u = {0} -> {1}")
    @CsvSource({
            "0.0,    ERROR",
            "0.0999, ERROR",
            "0.1,    RESET",
            "0.2999, RESET",
            "0.3001, GARBAGE",
            "0.5999, GARBAGE",
            "0.6001, HANG",
            "0.7499, HANG",
            "0.7501, ANSWER",
            "0.9999, ANSWER",
    })
    void consecutiveSlicesOfOneDraw(double u, FaultMix.Kind kind) {
        assertThat(mix.pick(u)).isEqualTo(kind);
    }

    @Test
    void eachKindTakesItsFraction() {
        SplittableRandom random = new SplittableRandom(7);
        Map<FaultMix.Kind, Integer> n = new EnumMap<>(FaultMix.Kind.class);
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            n.merge(mix.pick(random.nextDouble()), 1, Integer::sum);
        }
        assertThat(n.get(FaultMix.Kind.ERROR) / (double) draws).isBetween(0.09, 0.11);
        assertThat(n.get(FaultMix.Kind.RESET) / (double) draws).isBetween(0.19, 0.21);
        assertThat(n.get(FaultMix.Kind.GARBAGE) / (double) draws).isBetween(0.29, 0.31);
        assertThat(n.get(FaultMix.Kind.HANG) / (double) draws).isBetween(0.14, 0.16);
        assertThat(n.get(FaultMix.Kind.ANSWER) / (double) draws).isBetween(0.24, 0.26);
    }

    @Test
    void noneAndAllOfOneKind() {
        assertThat(FaultMix.NONE.none()).isTrue();
        assertThat(FaultMix.NONE.pick(0)).isEqualTo(FaultMix.Kind.ANSWER);
        assertThat(new FaultMix(0, 0, 0, 1).pick(0.99999)).isEqualTo(FaultMix.Kind.HANG);
        assertThat(new FaultMix(0, 1, 0, 0).pick(0)).isEqualTo(FaultMix.Kind.RESET);
        assertThat(mix.toString()).isEqualTo("error rate 0.1, reset rate 0.2, garbage rate 0.3, hang rate 0.15");
        assertThat(FaultMix.NONE.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1}/{2}/{3}: {4}")
    @CsvSource({
            "-0.1, 0,   0,   0,   error rate must be between 0 and 1",
            "0,    1.5, 0,   0,   reset rate must be between 0 and 1",
            "0,    0,   NaN, 0,   garbage rate must be between 0 and 1",
            "0,    0,   0,   -1,  hang rate must be between 0 and 1",
            "0.5,  0.3, 0.2, 0.1, add up to 1.100, more than 1",
    })
    void refusesRatesOutsideOneAndSumsAboveIt(double e, double r, double g, double h, String message) {
        assertThatThrownBy(() -> new FaultMix(e, r, g, h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
