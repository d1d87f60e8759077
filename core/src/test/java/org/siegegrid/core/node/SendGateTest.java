package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siegegrid.core.load.FakeTicker;

class SendGateTest {
    private static final long MS = 1_000_000L;
    private final FakeTicker ticker = new FakeTicker();
    private final SendGate gate = new SendGate(ticker, 300 * MS);

    @Test
    void closedUntilFirstGrant() {
        assertThat(gate.open()).isFalse();
        gate.granted(ticker.nanoTime(), 3000 * MS);
        assertThat(gate.open()).isTrue();
    }

    @Test
    void leaseCountsFromTheSendInstantMinusTheMargin() {
        long sentAt = ticker.nanoTime();
        ticker.advanceMillis(200); // the answer came back 200 ms later
        gate.granted(sentAt, 3000 * MS);
        ticker.advanceMillis(2499); // 2699 ms after the send: still inside 3000 - 300
        assertThat(gate.open()).isTrue();
        ticker.advanceMillis(1); // 2700 ms after the send: closed
        assertThat(gate.open()).isFalse();
        assertThat(gate.remainingNanos()).isLessThanOrEqualTo(0);
    }

    @Test
    void aLateAnswerToAnOldRoundNeverShortensTheLease() {
        long first = ticker.nanoTime();
        ticker.advanceMillis(1000);
        gate.granted(ticker.nanoTime(), 3000 * MS);
        gate.granted(first, 3000 * MS); // stale answer arrives last
        ticker.advanceMillis(2500);
        assertThat(gate.open()).isTrue();
    }

    @Test
    void quorumLossClosesAtOnceWhateverTheLease() {
        gate.granted(ticker.nanoTime(), 3000 * MS);
        gate.quorum(false);
        assertThat(gate.open()).isFalse();
        gate.quorum(true);
        assertThat(gate.open()).isTrue();
    }

    @Test
    void revokeClosesUntilTheNextGrant() {
        gate.granted(ticker.nanoTime(), 3000 * MS);
        gate.revoke();
        assertThat(gate.open()).isFalse();
        gate.granted(ticker.nanoTime(), 3000 * MS);
        assertThat(gate.open()).isTrue();
    }
}
