package org.siegegrid.web.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siegegrid.core.load.Ticker;

class SecondCounterTest {
    /** A clock that moves only when told. */
    static final class FakeTicker implements Ticker {
        long now = 1_000_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }

        void advanceMs(long ms) {
            now += ms * 1_000_000L;
        }
    }

    private final FakeTicker ticker = new FakeTicker();
    private final SecondCounter counter = new SecondCounter(ticker);

    @Test
    void emptyBeforeTheFirstRequest() {
        assertThat(counter.snapshot()).isEqualTo(TargetStats.EMPTY);
    }

    @Test
    void secondsCountFromTheFirstRequestAndOnlyWholeOnes() {
        ticker.advanceMs(300);           // idle time before traffic does not count
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 10 * (s + 1); i++) {
                counter.record();
                ticker.advanceMs(1000 / (10 * (s + 1)));
            }
        }
        ticker.advanceMs(10);            // 30 x 33 ms = 990 ms: now exactly 3 s after the first request
        counter.record();                // the in-progress second is not shown
        TargetStats st = counter.snapshot();
        assertThat(st.requests()).isEqualTo(61);
        assertThat(st.perSecond()).containsExactly(10L, 20L, 30L);
        ticker.advanceMs(1000);
        assertThat(counter.snapshot().perSecond()).containsExactly(10L, 20L, 30L, 1L);
    }

    @Test
    void gapsShowAsZerosButIdleTailIsTrimmed() {
        counter.record();
        ticker.advanceMs(2500);
        counter.record();
        ticker.advanceMs(10_000);
        assertThat(counter.snapshot().perSecond()).containsExactly(1L, 0L, 1L);
    }

    @Test
    void perSecondAddsUpToTheTotalOnceSecondsComplete() {
        for (int i = 0; i < 1234; i++) {
            counter.record();
            ticker.advanceMs(3);
        }
        ticker.advanceMs(1000);
        TargetStats st = counter.snapshot();
        assertThat(st.perSecond().stream().mapToLong(Long::longValue).sum()).isEqualTo(st.requests());
    }

    @Test
    void resetStartsANewFirstSecond() {
        counter.record();
        counter.recordError();
        ticker.advanceMs(5000);
        counter.reset();
        assertThat(counter.snapshot()).isEqualTo(TargetStats.EMPTY);
        counter.record();
        ticker.advanceMs(1000);
        assertThat(counter.snapshot().perSecond()).containsExactly(1L);
    }

    @Test
    void json() {
        counter.record();
        counter.record();
        counter.record();
        counter.recordError();
        counter.recordFault(FaultMix.Kind.RESET);
        ticker.advanceMs(1000);
        assertThat(counter.snapshot().toJson()).isEqualTo(
                "{\"requests\": 3, \"errors\": 1, \"resets\": 1, \"garbage\": 0, \"hung\": 0, \"perSecond\": [3]}");
    }
}
