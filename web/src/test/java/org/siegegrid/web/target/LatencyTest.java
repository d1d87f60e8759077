package org.siegegrid.web.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyTest {

    @ParameterizedTest(name = "{0} -> {1}..{2} us")
    @CsvSource({
            "5ms,       5000,    5000",
            "1ms-20ms,  1000,    20000",
            "250us,     250,     250",
            "1.5s,      1500000, 1500000",
            "0ms,       0,       0",
            "2ms - 3ms, 2000,    3000",
    })
    void parses(String text, long minUs, long maxUs) {
        Latency l = Latency.parse(text);
        assertThat(l.min()).isEqualTo(Duration.ofNanos(minUs * 1000));
        assertThat(l.max()).isEqualTo(Duration.ofNanos(maxUs * 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "fast", "20ms-1ms", "-5ms", "5ms-", "1ms-2ms-3ms"})
    void rejects(String text) {
        assertThatThrownBy(() -> Latency.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void samplesStayInRangeAndSpreadUniformly() {
        Latency l = Latency.parse("1ms-21ms");
        Random r = new Random(42);
        long sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            long s = l.sampleNanos(r::nextDouble);
            assertThat(s).isBetween(1_000_000L, 21_000_000L);
            sum += s;
        }
        assertThat(sum / n / 1e6).isCloseTo(11.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Latency.parse("7ms").sampleNanos(r::nextDouble)).isEqualTo(7_000_000L);
    }
}
