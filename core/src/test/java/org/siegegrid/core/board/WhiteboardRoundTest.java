package org.siegegrid.core.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.siegegrid.core.board.Fixtures.closed;
import static org.siegegrid.core.board.Fixtures.entry;
import static org.siegegrid.core.board.Fixtures.open;
import static org.siegegrid.core.board.Fixtures.running;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WhiteboardRoundTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    private static RoundResult round(Map.Entry<String, Session> e, String node, long now, double weight,
                                     double cap, List<String> live) {
        return new WhiteboardRound(RoundInput.builder(node).weight(weight).capRps(cap).now(now).live(live).build())
                .process(e);
    }

    @Test
    void firstRoundOfALoneNodeTakesEverything() {
        var e = entry(running(open(1000, null, null)));
        RoundResult r = round(e, "a", 5_000, 1, 0, List.of("a"));
        assertThat(r.state()).isEqualTo(SessionState.RUNNING);
        assertThat(r.share().fraction()).isEqualTo(1.0);
        assertThat(r.share().rps()).isEqualTo(1000.0);
        assertThat(r.leaseExpiry()).isEqualTo(8_000);
        assertThat(r.round()).isEqualTo(1);
        assertThat(r.quota()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.sending()).isTrue();
        Whiteboard b = e.getValue().board();
        assertThat(b.round()).isEqualTo(1);
        assertThat(b.entry("a").lastRoundAt()).isEqualTo(5_000);
        assertThat(b.entry("a").leaseExpiry()).isEqualTo(8_000);
        assertThat(e.getValue().version()).as("a round never bumps the version").isEqualTo(1);
    }

    @Test
    void threeNodesConvergeToTheWorkedExampleWithoutOvershoot() {
        var e = entry(running(open(5000, null, null)));
        double[] caps = {4000, 3000, 5000};
        long now = 10_000;
        for (int step = 0; step < 30; step++, now += 300) {
            int i = step % 3;
            round(e, ABC.get(i), now, caps[i], caps[i], ABC);
            for (long t = now; t < now + 2_500; t += 100) {   // scheduled switches included
                assertThat(sumFractions(e.getValue(), t)).isLessThanOrEqualTo(1.0 + 1e-9);
            }
        }
        var b = e.getValue().board();
        assertThat(b.entry("a").shareAt(now).rps()).isCloseTo(1666.667, within(0.01));
        assertThat(b.entry("b").shareAt(now).rps()).isCloseTo(1250.0, within(0.01));
        assertThat(b.entry("c").shareAt(now).rps()).isCloseTo(2083.333, within(0.01));
        assertThat(b.round()).isEqualTo(30);
    }

    @Test
    void aJoinerWaitsForHeadroomInsteadOfDoublingTheLoad() {
        var e = entry(running(open(100, null, null)));
        assertThat(round(e, "a", 1_000, 1, 0, List.of("a")).share().fraction()).isEqualTo(1.0);
        RoundResult b1 = round(e, "b", 1_100, 1, 0, List.of("a", "b"));
        assertThat(b1.share().fraction()).as("a still holds everything").isZero();
        assertThat(b1.leaseExpiry()).isEqualTo(4_100);
        RoundResult a2 = round(e, "a", 2_000, 1, 0, List.of("a", "b"));
        assertThat(a2.share().fraction()).as("make-before-break: a keeps sending all").isEqualTo(1.0);
        assertThat(a2.next().fraction()).isEqualTo(0.5);
        assertThat(a2.nextAt()).as("two round intervals ahead").isEqualTo(4_000);
        RoundResult b2 = round(e, "b", 2_100, 1, 0, List.of("a", "b"));
        assertThat(b2.share().fraction()).isZero();
        assertThat(b2.next().fraction()).as("the room a frees, from the instant it frees it").isEqualTo(0.5);
        assertThat(b2.nextAt()).isEqualTo(4_000);
        assertThat(round(e, "a", 4_100, 1, 0, List.of("a", "b")).share().fraction()).isEqualTo(0.5);
        assertThat(round(e, "b", 4_200, 1, 0, List.of("a", "b")).share().fraction()).isEqualTo(0.5);
    }

    @Test
    void aSilentNodesShareMovesOnlyAfterItsLeaseExpired() {
        var e = entry(running(open(100, null, null)));
        round(e, "a", 1_000, 1, 0, List.of("a", "b"));
        round(e, "b", 1_000, 1, 0, List.of("a", "b"));
        round(e, "a", 1_500, 1, 0, List.of("a", "b"));
        round(e, "b", 1_500, 1, 0, List.of("a", "b"));   // b's lease: 4_500
        assertThat(e.getValue().board().shares().get("b").fraction()).isEqualTo(0.5);
        // b goes silent and drops out of the member list; its lease still runs
        assertThat(round(e, "a", 4_499, 1, 0, List.of("a")).share().fraction()).isEqualTo(0.5);
        assertThat(e.getValue().board().entry("b")).as("kept while its lease runs").isNotNull();
        RoundResult after = round(e, "a", 4_500, 1, 0, List.of("a"));
        assertThat(after.share().fraction()).isEqualTo(1.0);
        assertThat(e.getValue().board().entries()).containsOnlyKeys("a");
    }

    @Test
    void aLiveButSilentNodeIsDroppedWhenItsLeaseExpires() {
        var e = entry(running(open(100, null, null)));
        round(e, "a", 1_000, 1, 0, List.of("a", "b"));
        round(e, "b", 1_000, 1, 0, List.of("a", "b"));   // b holds 0 (a had all), lease 4_000
        round(e, "a", 2_000, 1, 0, List.of("a", "b"));   // a down to 0.5
        round(e, "b", 2_000, 1, 0, List.of("a", "b"));   // b up to 0.5, lease 5_000
        RoundResult r = round(e, "a", 5_000, 1, 0, List.of("a", "b"));   // b still a member but silent
        assertThat(r.share().fraction()).isEqualTo(1.0);
        assertThat(e.getValue().board().entries()).containsOnlyKeys("a");
    }

    private static RoundResult heldRound(Map.Entry<String, Session> e, String node, long now, List<String> live,
                                         List<String> heard) {
        return new WhiteboardRound(RoundInput.builder(node).now(now).live(live).heard(heard).holdMillis(7_000).build())
                .process(e);
    }

    /** Two nodes at 0.5 each, b's lease ending at 5_000. */
    private static Map.Entry<String, Session> halves() {
        var e = entry(running(open(100, null, null)));
        heldRound(e, "a", 1_000, List.of("a", "b"), List.of("a", "b"));
        heldRound(e, "b", 1_000, List.of("a", "b"), List.of("a", "b"));
        heldRound(e, "a", 2_000, List.of("a", "b"), List.of("a", "b"));
        heldRound(e, "b", 2_000, List.of("a", "b"), List.of("a", "b"));
        assertThat(e.getValue().board().shares().get("b").fraction()).isEqualTo(0.5);
        return e;
    }

    @Test
    void aNodeStillHeardKeepsItsGrantReservedForTheHoldAfterItsLease() {
        var e = halves();
        // b's rounds fail (the board's owner is unreachable for it) but a still hears b: b may be holding
        assertThat(heldRound(e, "a", 6_000, List.of("a", "b"), List.of("a", "b")).share().fraction())
                .as("b's lease ended at 5_000, its hold runs to 12_000").isEqualTo(0.5);
        assertThat(heldRound(e, "a", 11_999, List.of("a", "b"), List.of("a", "b")).share().fraction()).isEqualTo(0.5);
        assertThat(heldRound(e, "a", 12_000, List.of("a", "b"), List.of("a", "b")).share().fraction())
                .as("the hold ran out: b stopped").isEqualTo(1.0);
        assertThat(e.getValue().board().entries()).containsOnlyKeys("a");
    }

    @Test
    void aSilentNodeIsDroppedWhenItsLeaseEndsHoldOrNot() {
        var e = halves();
        assertThat(heldRound(e, "a", 4_999, List.of("a", "b"), List.of("a")).share().fraction())
                .as("its lease still runs").isEqualTo(0.5);
        assertThat(heldRound(e, "a", 5_000, List.of("a", "b"), List.of("a")).share().fraction())
                .as("silent (frozen, or cut off and so without quorum): it stopped at its lease").isEqualTo(1.0);
    }

    @Test
    void aNodeBackWithinItsHoldKeepsItsGrantAndNobodyGotItMeanwhile() {
        var e = halves();
        heldRound(e, "a", 6_000, List.of("a", "b"), List.of("a", "b"));
        RoundResult back = heldRound(e, "b", 9_000, List.of("a", "b"), List.of("a", "b"));
        assertThat(back.share().fraction()).as("it was holding 0.5; the board still had it as held").isEqualTo(0.5);
        assertThat(sumFractions(e.getValue(), 9_000)).isLessThanOrEqualTo(1.0 + 1e-9);
    }

    @Test
    void aDrainedNodeGetsZeroAndTheOthersTakeOver() {
        var e = entry(running(open(300, null, null)));
        for (long t = 1_000; t < 4_000; t += 1_000) {
            for (String n : ABC) {
                round(e, n, t, 1, 0, ABC);
            }
        }
        assertThat(e.getValue().board().shares().get("b").fraction()).isCloseTo(1.0 / 3, within(1e-9));
        RoundResult drained = new WhiteboardRound(RoundInput.builder("b").now(4_000).live(ABC).drained(true).build())
                .process(e);
        assertThat(drained.share().fraction()).as("b keeps sending until the others take over")
                .isCloseTo(1.0 / 3, within(1e-9));
        assertThat(drained.next()).isEqualTo(Share.ZERO);
        assertThat(drained.nextAt()).isEqualTo(6_000);
        RoundResult a = round(e, "a", 4_100, 1, 0, ABC);
        assertThat(a.share().fraction()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(a.next().fraction()).isCloseTo(0.5, within(1e-9));
        assertThat(a.nextAt()).as("from the instant b stops").isEqualTo(6_000);
        RoundResult again = new WhiteboardRound(RoundInput.builder("b").now(5_000).live(ABC).drained(true).build())
                .process(e);
        assertThat(again.nextAt()).as("a promised stop keeps its instant").isEqualTo(6_000);
        assertThat(round(e, "c", 5_200, 1, 0, ABC).next().fraction()).isCloseTo(0.5, within(1e-9));
        for (long t = 4_000; t < 9_000; t += 100) {
            assertThat(sumFractions(e.getValue(), t)).isLessThanOrEqualTo(1.0 + 1e-9);
        }
        assertThat(sumFractions(e.getValue(), 6_000)).as("no dip either").isCloseTo(1.0, within(1e-9));
        assertThat(round(e, "a", 6_100, 1, 0, ABC).share().fraction()).isCloseTo(0.5, within(1e-9));
        RoundResult later = new WhiteboardRound(RoundInput.builder("b").now(6_200).live(ABC).drained(true).build())
                .process(e);
        assertThat(later.share()).isEqualTo(Share.ZERO);
        assertThat(later.sending()).isFalse();
        assertThat(e.getValue().board().entry("b").drained()).isTrue();
    }

    @Test
    void capacityBelowTargetShowsTheDeficit() {
        var e = entry(running(open(10_000, null, null)));
        round(e, "a", 1_000, 1, 2_000, List.of("a", "b"));
        RoundResult r = round(e, "b", 1_000, 1, 3_000, List.of("a", "b"));
        assertThat(r.share().rps()).isCloseTo(3_000, within(1e-6));
        assertThat(r.deficit()).isCloseTo(5_000, within(1e-6));
        assertThat(e.getValue().board().deficit()).isCloseTo(5_000, within(1e-6));
    }

    @Test
    void closedModelSplitsUsersByWeightAndNeverOverbooks() {
        var e = entry(running(closed(10, null)));
        for (long t = 1_000; t < 4_000; t += 1_000) {
            for (String n : ABC) {
                round(e, n, t, 1, 0, ABC);
                assertThat(e.getValue().board().shares().values().stream().mapToInt(Share::users).sum())
                        .isLessThanOrEqualTo(10);
            }
        }
        var shares = e.getValue().board().shares();
        assertThat(shares.get("a").users()).isEqualTo(4);
        assertThat(shares.get("b").users()).isEqualTo(3);
        assertThat(shares.get("c").users()).isEqualTo(3);
        assertThat(shares.get("a").fraction()).isEqualTo(0.4);
    }

    @Test
    void concurrencyIsSplitLikeTheShares() {
        var e = entry(running(open(1000, null, 9)));
        for (long t = 1_000; t < 4_000; t += 1_000) {
            round(e, "a", t, 2, 0, List.of("a", "b"));
            round(e, "b", t, 1, 0, List.of("a", "b"));
        }
        var shares = e.getValue().board().shares();
        assertThat(shares.get("a").concurrency()).isEqualTo(6);
        assertThat(shares.get("b").concurrency()).isEqualTo(3);
    }

    @Test
    void sessionsThatDoNotRunGetAnIdleAnswerAndNothingIsWritten() {
        for (SessionState st : Set.of(SessionState.PENDING, SessionState.PAUSED, SessionState.STOPPING,
                SessionState.FINISHED, SessionState.FAILED)) {
            Session s = running(open(100, null, null)).withState(st);
            var e = entry(s);
            RoundResult r = round(e, "a", 1_000, 1, 0, List.of("a"));
            assertThat(r.state()).isEqualTo(st);
            assertThat(r.sending()).isFalse();
            assertThat(r.leaseExpiry()).isZero();
            assertThat(e.getValue()).as("untouched").isSameAs(s);
        }
        var absent = entry(null);
        RoundResult r = round(absent, "a", 1_000, 1, 0, List.of("a"));
        assertThat(r.state()).isNull();
        assertThat(absent.getValue()).isNull();
        var deleted = entry(running(open(100, null, null)).tombstone());
        assertThat(round(deleted, "a", 1_000, 1, 0, List.of("a")).state()).isNull();
    }

    @Test
    void theProcessorIsDeterministic() {
        Session s = running(open(5000, 100_000L, 50));
        RoundInput in = RoundInput.builder("b").weight(3).capRps(1000).counts(10, 9, 1).now(7_000)
                .live(ABC).build();
        var e1 = entry(s);
        var e2 = entry(s);
        RoundResult r1 = new WhiteboardRound(in).process(e1);
        RoundResult r2 = new WhiteboardRound(in).process(e2);   // the backup replays the same input
        assertThat(r2).isEqualTo(r1);
        assertThat(e2.getValue()).isEqualTo(e1.getValue());
    }

    static double sumFractions(Session s, long now) {
        return s.board().entries().values().stream().filter(n -> n.leaseValid(now))
                .mapToDouble(n -> n.shareAt(now).fraction()).sum();
    }
}
