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

    @Test
    void aGateWithAHoldKeepsTheGrantWhileRoundsFailAndAQuorumIsHeard() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        long sent = ticker.nanoTime();
        held.granted(sent, 3000 * MS);
        ticker.advanceMillis(1000);
        held.attempt(ticker.nanoTime());   // this round and the next fail
        ticker.advanceMillis(1700);        // 2700 ms: the lease is over
        assertThat(held.leaseFresh()).isFalse();
        assertThat(held.holding()).isTrue();
        assertThat(held.open()).isTrue();
        assertThat(held.deadlineNanos()).isEqualTo(sent + (3000 - 300 + 7000) * MS);
        ticker.advanceMillis(6999);
        assertThat(held.open()).isTrue();
        ticker.advanceMillis(1);
        assertThat(held.open()).as("the hold ran out").isFalse();
    }

    @Test
    void aNodeThatLostItsQuorumSinceItsGrantNeverHoldsIt() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        long sent = ticker.nanoTime();
        held.granted(sent, 3000 * MS);
        ticker.advanceMillis(1000);
        held.attempt(ticker.nanoTime());
        held.quorum(false);
        ticker.advanceMillis(2000);
        held.quorum(true);   // back (after a merge, say): the others may have handed its grant away meanwhile
        assertThat(held.holding()).isFalse();
        assertThat(held.open()).isFalse();
        assertThat(held.deadlineNanos()).isEqualTo(sent + 2700 * MS);
    }

    @Test
    void aGrantThatArrivesWithoutQuorumIsIgnored() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        held.quorum(false);
        held.granted(ticker.nanoTime(), 3000 * MS);   // a minority's copy of the board answered
        held.quorum(true);
        assertThat(held.open()).isFalse();
        assertThat(held.deadlineNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aLateAnswerWhoseLeaseIsOverAlreadyKeepsTheHold() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        held.granted(ticker.nanoTime(), 3000 * MS);
        long slow = ticker.nanoTime() + 1000 * MS;
        ticker.advanceMillis(1000);
        held.attempt(slow);
        ticker.advanceMillis(3000);   // the board answers 3 s late: its lease from the send time is over
        held.granted(slow, 3000 * MS);
        assertThat(held.leaseFresh()).isFalse();
        assertThat(held.holding()).as("no pause until the next round").isTrue();
    }

    /**
     * A round answered after more than half its lease (the board was hard to reach: a member frozen, rounds
     * timing out) whose lease runs out before the next round is tried: the hold covers it. On main the gate
     * waited for the next attempt, and the node paused in between (FreezeNodeIT: "hold over (a round
     * succeeded)", 360 ms later "paused (lease expired)", 300 ms later holding again).
     */
    @Test
    void aGrantAnsweredLateIsHeldWithoutWaitingForTheNextRound() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        long sent = ticker.nanoTime();
        held.attempt(sent);
        ticker.advanceMillis(2000);
        held.granted(sent, 3000 * MS);
        assertThat(held.leaseFresh()).isTrue();
        ticker.advanceMillis(800);   // the lease (2.7 s from the send) is over; no round tried since
        assertThat(held.leaseFresh()).isFalse();
        assertThat(held.holding()).as("held: the board answered late").isTrue();
        assertThat(held.deadlineNanos()).isEqualTo(sent + 9700 * MS);

        SendGate quick = new SendGate(ticker, 300 * MS, 7000 * MS);
        long sent2 = ticker.nanoTime();
        quick.attempt(sent2);
        ticker.advanceMillis(5);
        quick.granted(sent2, 3000 * MS);
        ticker.advanceMillis(2800);
        assertThat(quick.open()).as("answered at once and no round since: the node itself stalled").isFalse();
    }

    @Test
    void noHoldWithoutAFailedRoundWithoutQuorumOrWithoutAHold() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        held.granted(ticker.nanoTime(), 3000 * MS);
        ticker.advanceMillis(2700);
        assertThat(held.open()).as("no round tried since the grant: the node itself stalled").isFalse();
        held.attempt(ticker.nanoTime());
        assertThat(held.open()).isTrue();
        held.quorum(false);
        assertThat(held.open()).isFalse();

        gate.granted(ticker.nanoTime(), 3000 * MS);
        ticker.advanceMillis(1000);
        gate.attempt(ticker.nanoTime());
        ticker.advanceMillis(1700);
        assertThat(gate.open()).as("a gate without a hold closes at the lease").isFalse();
    }

    @Test
    void aSuccessfulRoundEndsTheHold() {
        SendGate held = new SendGate(ticker, 300 * MS, 7000 * MS);
        held.granted(ticker.nanoTime(), 3000 * MS);
        ticker.advanceMillis(1000);
        held.attempt(ticker.nanoTime());
        ticker.advanceMillis(3000);
        assertThat(held.holding()).isTrue();
        long sent = ticker.nanoTime();
        held.attempt(sent);
        held.granted(sent, 3000 * MS);
        assertThat(held.holding()).isFalse();
        assertThat(held.leaseFresh()).isTrue();
        assertThat(held.deadlineNanos()).isEqualTo(sent + 2700 * MS);
    }
}
