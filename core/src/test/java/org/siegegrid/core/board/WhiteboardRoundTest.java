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
        for (int step = 0; step < 9; step++, now += 300) {
            int i = step % 3;
            round(e, ABC.get(i), now, caps[i], caps[i], ABC);
            assertThat(sumFractions(e.getValue(), now)).isLessThanOrEqualTo(1.0 + 1e-9);
        }
        var shares = e.getValue().board().shares();
        assertThat(shares.get("a").rps()).isCloseTo(1666.667, within(0.01));
        assertThat(shares.get("b").rps()).isCloseTo(1250.0, within(0.01));
        assertThat(shares.get("c").rps()).isCloseTo(2083.333, within(0.01));
        assertThat(e.getValue().board().round()).isEqualTo(9);
    }

    @Test
    void aJoinerWaitsForHeadroomInsteadOfDoublingTheLoad() {
        var e = entry(running(open(100, null, null)));
        assertThat(round(e, "a", 1_000, 1, 0, List.of("a")).share().fraction()).isEqualTo(1.0);
        RoundResult b1 = round(e, "b", 1_100, 1, 0, List.of("a", "b"));
        assertThat(b1.share().fraction()).as("a still holds everything").isZero();
        assertThat(b1.leaseExpiry()).isEqualTo(4_100);
        assertThat(round(e, "a", 2_000, 1, 0, List.of("a", "b")).share().fraction()).isEqualTo(0.5);
        assertThat(round(e, "b", 2_100, 1, 0, List.of("a", "b")).share().fraction()).isEqualTo(0.5);
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
        assertThat(drained.share()).isEqualTo(Share.ZERO);
        assertThat(drained.sending()).isFalse();
        assertThat(round(e, "a", 4_100, 1, 0, ABC).share().fraction()).isCloseTo(0.5, within(1e-9));
        assertThat(round(e, "c", 4_200, 1, 0, ABC).share().fraction()).isCloseTo(0.5, within(1e-9));
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
                .mapToDouble(n -> n.share().fraction()).sum();
    }
}
