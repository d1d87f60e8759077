package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            // siege -t forms (upper case units)
            "30S, 30000", "5M, 300000", "1H, 3600000",
            // ours
            "500ms, 500", "500MS, 500", "30s, 30000", "5m, 300000", "1h, 3600000", "1.5s, 1500",
            "0.5ms, 0.5", ".5s, 500", "1m30s, 90000", "1h30m, 5400000", "2h0m1s, 7201000",
            "' 30s ', 30000", "0s, 0",
            // siege -t: a bare number is minutes
            "10, 600000", "1.5, 90000"})
    void parses(String text, double millis) {
        Duration d = Durations.parse(text);
        assertThat(d.toNanos()).isEqualTo((long) (millis * 1_000_000));
    }

    @Test
    void bareNumberTakesTheGivenUnitOrIsRejected() {
        assertThat(Durations.parse("2", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("0.25", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> Durations.parse("30", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"30\"").hasMessageContaining("unit");
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "  ", "fast", "30x", "s", "5 m", "-5s", "1.s", "30s5", "1d", "1e3s", "10sec",
            "9999999999999h", "0.0000000001s", "1,5s"})
    void rejectsNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isBlank() ? "duration" : text.strip());
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({"0, 0s", "500000000, 500ms", "250000, 0.25ms", "1, 0.000001ms", "30000000000, 30s",
            "1500000000, 1.5s", "300000000000, 5m", "3600000000000, 1h", "5400000000000, 1h30m",
            "90000000000, 1m30s", "3600500000000, 1h0.5s", "86400000000000, 24h"})
    void formats(long nanos, String text) {
        assertThat(Durations.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1_000_000, 123_456_789, 1_000_000_000, 61_000_000_001L, 3_599_999_999_999L,
            86_400_000_000_000L, 1_234_567_890_123_456L})
    void formatReadsBack(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        assertThat(Durations.parse(Durations.format(d), null)).isEqualTo(d);
    }
}
