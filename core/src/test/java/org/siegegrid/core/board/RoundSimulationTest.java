package org.siegegrid.core.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siegegrid.core.board.Fixtures.closed;
import static org.siegegrid.core.board.Fixtures.entry;
import static org.siegegrid.core.board.Fixtures.open;
import static org.siegegrid.core.board.Fixtures.running;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;

/**
 * Many nodes play rounds against one session entry with churn (deaths, freezes, revivals,
 * drains). A node keeps sending at its last grant until its lease expires, as a frozen or
 * partitioned node would. Invariants: the grants in force never add up to more than the target
 * (rate, users, concurrency); the issued requests never exceed the budget; without failures the
 * whole budget is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoundSimulationTest {

    private static final long LEASE = 3_000;
    private static final long ROUND = 1_000;
    private static final long STEP = 50;

    /** One simulated node: its view of its grant, its counters, its liveness. */
    private static final class Node {
        final String id;
        final double weight;
        final double cap;
        boolean alive = true;
        boolean drained;
        long nextRound;
        RoundResult last;
        double issuedExact;
        long issued;

        Node(String id, double weight, double cap, long firstRound) {
            this.id = id;
            this.weight = weight;
            this.cap = cap;
            this.nextRound = firstRound;
        }

        boolean inForce(long now) {
            return last != null && now < last.leaseExpiry() && last.state() != null;
        }
    }

    private record Totals(double maxFraction, double meanFraction, long maxUsers, long maxConcurrency, long issued,
                          long rounds) {
    }

    private static Totals simulate(SessionSpec spec, long seed, int nodes, long millis, boolean churn) {
        return simulate(spec, seed, nodes, millis, churn, true);
    }

    private static Totals simulate(SessionSpec spec, long seed, int nodes, long millis, boolean churn,
                                   boolean capped) {
        Random rnd = new Random(seed);
        Map.Entry<String, Session> e = entry(running(spec));
        List<Node> fleet = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            fleet.add(new Node("n" + i, 1 + rnd.nextInt(8), !capped || rnd.nextInt(3) == 0 ? 0 : 100 + rnd.nextInt(2_000),
                    rnd.nextInt((int) ROUND)));
        }
        double maxFraction = 0;
        long maxUsers = 0;
        long maxConc = 0;
        long rounds = 0;
        double fractionSum = 0;
        long samples = 0;
        for (long now = 0; now < millis; now += STEP) {
            if (churn && rnd.nextInt(200) == 0) {
                Node n = fleet.get(rnd.nextInt(nodes));
                n.alive = !n.alive;                       // dies (keeps sending until its lease ends) or revives
            }
            if (churn && rnd.nextInt(400) == 0) {
                Node n = fleet.get(rnd.nextInt(nodes));
                n.drained = !n.drained;
            }
            List<String> live = fleet.stream().filter(n -> n.alive).map(n -> n.id).toList();
            for (Node n : fleet) {
                if (n.alive && now >= n.nextRound) {
                    long done = n.issued;
                    RoundInput in = RoundInput.builder(n.id).weight(n.weight).capRps(n.cap).counts(n.issued, done, 0)
                            .now(now).leaseMillis(LEASE).roundMillis(ROUND).live(live).drained(n.drained).build();
                    n.last = new WhiteboardRound(in).process(e);
                    n.nextRound = now + ROUND - 100 + rnd.nextInt(200);
                    rounds++;
                }
            }
            double fraction = 0;
            long users = 0;
            long conc = 0;
            for (Node n : fleet) {
                if (n.inForce(now)) {
                    // a hand-off: the node switches at the instant the round gave it, not before, not after
                    Share s = n.last.scheduled() && now >= n.last.nextAt() ? n.last.next() : n.last.share();
                    fraction += s.fraction();
                    users += s.users();
                    conc += s.concurrency();
                    double rate = s.rps() > 0 ? s.rps() : s.users() * 10.0;
                    n.issuedExact += rate * STEP / 1000.0;
                    long want = (long) n.issuedExact;
                    n.issued = Math.max(n.issued, Math.min(want, n.last.quota()));
                }
            }
            maxFraction = Math.max(maxFraction, fraction);
            if (now >= 5_000) {
                fractionSum += fraction;
                samples++;
            }
            maxUsers = Math.max(maxUsers, users);
            maxConc = Math.max(maxConc, conc);
        }
        long issued = fleet.stream().mapToLong(n -> n.issued).sum();
        return new Totals(maxFraction, fractionSum / Math.max(1, samples), maxUsers, maxConc, issued, rounds);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void grantsInForceNeverExceedTheTargetUnderChurn(long seed) {
        Totals open = simulate(open(5_000, null, 64), seed, 5, 120_000, true);
        assertThat(open.maxFraction).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(open.maxConcurrency).isLessThanOrEqualTo(64);
        Totals users = simulate(closed(37, 40), seed, 5, 120_000, true);
        assertThat(users.maxUsers).isLessThanOrEqualTo(37);
        assertThat(users.maxConcurrency).isLessThanOrEqualTo(40);
        System.out.printf("seed %d: max fraction in force %.6f over %d rounds; max users %d/37%n",
                seed, open.maxFraction, open.rounds, users.maxUsers);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void theBudgetIsNeverExceededEvenWithChurn(long seed) {
        Totals t = simulate(open(2_000, 50_000L, null), seed, 4, 60_000, true);
        assertThat(t.issued).isLessThanOrEqualTo(50_000);
        System.out.printf("seed %d: issued %d of a 50000 budget with churn%n", seed, t.issued);
    }

    @Test
    void withoutChurnTheWholeTargetIsCarried() {
        Totals t = simulate(open(5_000, null, null), 31, 5, 30_000, false, false);
        System.out.printf("no churn: mean fraction in force %.6f, max %.6f%n", t.meanFraction, t.maxFraction);
        assertThat(t.meanFraction).isGreaterThan(0.999);
    }

    @Test
    void withoutFailuresTheWholeBudgetIsSent() {
        for (long seed = 21; seed < 26; seed++) {
            Totals t = simulate(open(2_000, 30_000L, null), seed, 4, 60_000, false);
            assertThat(t.issued).as("seed " + seed).isEqualTo(30_000);
        }
    }
}
