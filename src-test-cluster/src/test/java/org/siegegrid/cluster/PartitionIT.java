package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes at 1,200 rps, quorum majority; an iptables partition {A} | {B, C} about 8 s in, healed about 12 s
 * later. Measured: when A goes silent (its process's bytes to the sink, from {@code ss}; the goal is within
 * lease + 1 s), how long B and C take to restore the target, whether any second goes above it, how long the
 * cluster takes to be one of 3 again after the heal, and the final report against the sink.
 */
class PartitionIT {
    static final double RPS = 1200;
    static final int SECONDS = 58;
    static final double SPLIT_AT = 6.3;
    /** 8 s of partition: beyond Hazelcast's 5 s without heartbeats, so each side removes the other. */
    static final double HEAL_AT = 14.3;
    static final double LEASE = 3;

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void loneNodeFallsSilentThePairCarriesTheLoadAndTheHealMakesOneCluster() throws Exception {
        try (Fleet fleet = Fleet.start("partition", 3, "majority", List.of())) {
            try {
                Scenario run = Scenario.begin(fleet, RPS, SECONDS);
                Fleet.Node a = fleet.node(2);
                Fleet.Node b = fleet.node(0);
                Fleet.Node c = fleet.node(1);
                Scenario.Finished end;
                double tSplit;
                double tHeal;
                double silent;
                long aLate;
                double merged;
                try (SendSampler sampler = new SendSampler(run, fleet.sinkPort())) {
                    tSplit = run.at(SPLIT_AT);
                    fleet.partition(Set.of(a), Set.of(b, c));
                    System.out.printf(Locale.ROOT, "partition {%s} | {%s, %s} at %.2f s%n", a, b, c, tSplit);
                    run.at(tSplit + LEASE + 1.5);
                    // /health/ready reads no map, so it answers at once on the cut-off side (GET /api/v1/cluster there
                    // once took more than 5 s, which delayed the heal)
                    System.out.println("partition: " + a + "'s own view: ready " + Http.get(a.api() + "/health/ready")
                            .body());
                    System.out.println("partition: " + b + "'s view: members " + Fleet.members(b));
                    tHeal = run.at(HEAL_AT);
                    fleet.heal();
                    System.out.printf(Locale.ROOT, "heal at %.2f s%n", tHeal);
                    silent = sampler.silentFrom(a.pid(), tSplit, tHeal);
                    aLate = sampler.sent(a.pid(), tSplit + LEASE + 1, tHeal);
                    fleet.awaitOneCluster(fleet.nodes(), Duration.ofSeconds(60));
                    merged = run.now() - tHeal;
                    System.out.printf(Locale.ROOT, "heal: one cluster of 3 again %.1f s after the heal (at %.1f s)%n",
                            merged, run.now());
                    double back = run.at(Math.min(SECONDS - 1, run.now() + 5));
                    System.out.printf(Locale.ROOT, "heal: %s sent %d bytes in the %.1f s after the merge%n", a,
                            sampler.sent(a.pid(), tHeal + merged, back), back - tHeal - merged);
                    end = run.finish(b);
                    System.out.printf(Locale.ROOT, "partition: %s silent from %.2f s (%.2f s after the split); bytes it"
                                    + " sent from split + lease + 1 s to the heal: %d; after the heal: %d%n", a, silent,
                            silent - tSplit, aLate, sampler.sent(a.pid(), tHeal, SECONDS + 1));
                }
                int sp = (int) Math.floor(tSplit);
                int h = (int) Math.floor(tHeal);
                Series s = run.printAround("partition", tSplit, h);
                run.printAround("heal", tHeal, SECONDS);
                double overSplit = s.worstOverPct(sp, h);
                double overHeal = s.worstOverPct(h, SECONDS);
                // B and C's restore is looked for up to the end: A stays silent until the merge, whatever the heal
                var restore = s.restoreSeconds(tSplit, 2, 3, SECONDS);
                System.out.printf(Locale.ROOT, "partition: VERDICT %s silent within lease + 1 s: %s; pair back within"
                                + " ±2 %%: %s; worst second during the split %+.2f %%, after the heal %+.2f %% (with the"
                                + " second before: %+.2f %% / %+.2f %%); merged %.1f s after the heal; report vs sink %+.3f %%%n",
                        a, !Double.isNaN(silent) && silent - tSplit <= LEASE + 1 ? "met" : "MISSED",
                        restore.isPresent() ? String.format(Locale.ROOT, "%.2f s", restore.getAsDouble()) : "never",
                        overSplit, overHeal, s.worstOverWithCatchUpPct(sp, h), s.worstOverWithCatchUpPct(h, SECONDS),
                        merged, end.diffPct());

                assertThat(aLate).as("bytes %s sent after split + lease + 1 s", a).isZero();
                assertThat(silent - tSplit).as("%s silent after the split, s", a).isLessThanOrEqualTo(LEASE + 1);
                assertThat(restore).as("the pair restores the target: %s", s.window(sp, SECONDS)).isPresent();
                // a share sent twice is A sending while B and C carry the whole target: A's bytes above say whether
                // it did; the sink's count from the split on says it never made up for more than the dip. Whole
                // seconds above + 1 % (B and C sending late what a pause held back) are in the verdict only.
                long fromSplit = java.util.stream.LongStream.of(s.counts()).skip(sp).sum();
                assertThat(fromSplit).as("sink from the split on").isLessThanOrEqualTo((long) (RPS * (SECONDS - sp) * 1.01));
                assertThat(s.restoreSeconds(tHeal + merged, 2, 3, SECONDS)).as("at target after the merge: %s",
                        s.window(h, SECONDS)).isPresent();
                assertThat(tHeal + merged).as("merged before the session's end").isLessThan(SECONDS - 3);
                assertThat(Math.abs(end.diffPct())).as("report vs sink, %").isLessThanOrEqualTo(0.5);
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }
}
