package org.siegegrid.web.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StallTest {
    private static final long MS = 1_000_000L;
    private final Stall stall = Stall.parse("500ms/5s");

    @ParameterizedTest(name = "arrival {0} ms, latency {1} ms -> answered at {2} ms")
    @CsvSource({
            "0,      0,    0",       // start of a period: open
            "4499,   0,    4499",    // just before the stall
            "4500,   0,    5000",    // stall starts: held to its end
            "4999,   0,    5000",
            "4700,   5,    5005",    // held, then its own latency
            "5000,   0,    5000",    // the next period is open again
            "4400,   200,  5000",    // due inside the stall: held to its end
            "9600,   1,    10001",   // second period's stall
            "0,      4600, 5000",    // a long latency that ends in a stall
    })
    void answerTimes(long arrivalMs, long latencyMs, long answeredMs) {
        assertThat(stall.answerAt(arrivalMs * MS, latencyMs * MS)).isEqualTo(answeredMs * MS);
    }

    @Test
    void stalledFractionIsLengthOverPeriod() {
        long stalled = 0;
        for (long ms = 0; ms < 50_000; ms++) {
            if (stall.stalled(ms * MS)) {
                stalled++;
            }
        }
        assertThat(stalled).isEqualTo(5_000);
    }

    @Test
    void answerIsNeverBeforeArrivalPlusLatencyNorInAStall() {
        for (long ms = 0; ms < 20_000; ms += 7) {
            long answered = stall.answerAt(ms * MS, 3 * MS);
            assertThat(answered).isGreaterThanOrEqualTo(ms * MS + 3 * MS);
            assertThat(stall.stalled(answered)).isFalse();
            assertThat(answered - ms * MS).isLessThanOrEqualTo(503 * MS);
        }
    }

    @Test
    void parsesAndPrints() {
        assertThat(stall.length()).isEqualTo(Duration.ofMillis(500));
        assertThat(stall.period()).isEqualTo(Duration.ofSeconds(5));
        assertThat(stall).hasToString("500ms/5s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "5s/500ms", "1s/1s", "0ms/1s", "abc/1s", "500ms/", "/5s"})
    void rejectsBadStalls(String text) {
        assertThatThrownBy(() -> Stall.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
