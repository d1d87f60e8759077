package org.siegegrid.core.board;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a node brings to a whiteboard round. Everything time- or membership-dependent comes from
 * the caller, so the round is a deterministic function of (stored session, input): Hazelcast runs
 * it on the primary and again on the backup.
 *
 * @param nodeId      caller's stable node id
 * @param weight      caller's relative capacity
 * @param capRps      caller's cap in requests/s (0 = none)
 * @param achievedRps rate the caller measured over its last interval
 * @param issued      requests the caller began for this session (cumulative)
 * @param done        requests completed (cumulative)
 * @param failed      requests failed (cumulative)
 * @param liveNodeIds stable ids of the cluster members the caller sees (itself included or not)
 * @param now         cluster millis when the caller started the round
 * @param leaseMillis lease length granted by this round
 * @param roundMillis the caller's round interval (sizes the automatic quota chunk)
 * @param quotaWanted unissued quota the caller wants to hold ahead; negative = automatic (≈ two rounds of its share)
 * @param targetRps   open model: the session's target rate now, from the caller's rate profile;
 *                    ≤ 0 = use the spec's peak rate
 * @param drained     the caller is drained: it gets a zero share
 * @param heardNodeIds the live nodes the caller has heard from recently (a heartbeat within its
 *                    quorum's contact window); null = all of {@code liveNodeIds}
 * @param holdMillis  how long after its lease a node the caller still hears keeps its share reserved:
 *                    a node whose rounds fail while it hears a majority keeps sending its last grant
 *                    (never more) that long, so the board must not hand that grant away; 0 = none
 */
public record RoundInput(String nodeId, double weight, double capRps, double achievedRps,
                         long issued, long done, long failed, SortedSet<String> liveNodeIds,
                         long now, long leaseMillis, long roundMillis, long quotaWanted,
                         double targetRps, boolean drained, SortedSet<String> heardNodeIds, long holdMillis) {

    public static final long AUTO_QUOTA = -1;

    public RoundInput {
        Objects.requireNonNull(nodeId, "nodeId");
        liveNodeIds = Collections.unmodifiableSortedSet(liveNodeIds == null ? new TreeSet<>() : new TreeSet<>(liveNodeIds));
        heardNodeIds = heardNodeIds == null ? liveNodeIds : Collections.unmodifiableSortedSet(new TreeSet<>(heardNodeIds));
        if (!(weight >= 0) || Double.isInfinite(weight) || !(capRps >= 0) || Double.isInfinite(capRps)
                || !(achievedRps >= 0) || Double.isInfinite(achievedRps) || Double.isNaN(targetRps)
                || Double.isInfinite(targetRps)) {
            throw new IllegalArgumentException("bad rates in round input from " + nodeId);
        }
        if (issued < 0 || done < 0 || failed < 0 || leaseMillis <= 0 || roundMillis <= 0 || holdMillis < 0) {
            throw new IllegalArgumentException("bad counts or times in round input from " + nodeId);
        }
    }

    /** The round input of the same call without a hold (an older peer, or a test of the lease alone). */
    public RoundInput(String nodeId, double weight, double capRps, double achievedRps, long issued, long done,
                      long failed, SortedSet<String> liveNodeIds, long now, long leaseMillis, long roundMillis,
                      long quotaWanted, double targetRps, boolean drained) {
        this(nodeId, weight, capRps, achievedRps, issued, done, failed, liveNodeIds, now, leaseMillis, roundMillis,
                quotaWanted, targetRps, drained, null, 0);
    }

    /** True when the caller has heard from {@code nodeId} recently. */
    public boolean heard(String nodeId) {
        return heardNodeIds.contains(nodeId);
    }

    /** A builder with neutral defaults: weight 1, no cap, lease 3 s, round 1 s, automatic quota, no hold. */
    public static Builder builder(String nodeId) {
        return new Builder(nodeId);
    }

    /** Fluent construction; the record's own checks run in {@link #build()}. */
    public static final class Builder {
        private final String nodeId;
        private double weight = 1;
        private double capRps;
        private double achievedRps;
        private long issued;
        private long done;
        private long failed;
        private SortedSet<String> live = new TreeSet<>();
        private long now;
        private long leaseMillis = 3_000;
        private long roundMillis = 1_000;
        private long quotaWanted = AUTO_QUOTA;
        private double targetRps;
        private boolean drained;
        private SortedSet<String> heard;
        private long holdMillis;

        private Builder(String nodeId) {
            this.nodeId = nodeId;
        }

        public Builder weight(double w) { weight = w; return this; }
        public Builder capRps(double c) { capRps = c; return this; }
        public Builder achievedRps(double a) { achievedRps = a; return this; }
        public Builder counts(long iss, long dn, long fl) { issued = iss; done = dn; failed = fl; return this; }
        public Builder live(java.util.Collection<String> ids) { live = new TreeSet<>(ids); return this; }
        public Builder now(long millis) { now = millis; return this; }
        public Builder leaseMillis(long millis) { leaseMillis = millis; return this; }
        public Builder roundMillis(long millis) { roundMillis = millis; return this; }
        public Builder quotaWanted(long q) { quotaWanted = q; return this; }
        public Builder targetRps(double t) { targetRps = t; return this; }
        public Builder drained(boolean d) { drained = d; return this; }
        public Builder heard(java.util.Collection<String> ids) { heard = new TreeSet<>(ids); return this; }
        public Builder holdMillis(long millis) { holdMillis = millis; return this; }

        public RoundInput build() {
            return new RoundInput(nodeId, weight, capRps, achievedRps, issued, done, failed, live, now,
                    leaseMillis, roundMillis, quotaWanted, targetRps, drained, heard, holdMillis);
        }
    }
}
