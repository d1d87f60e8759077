package org.siegegrid.core.board;

import java.util.Objects;

/**
 * One node's line on a session's whiteboard, as of its last round.
 *
 * @param nodeId       stable node id (NOT the Hazelcast member UUID, which changes after a merge)
 * @param weight       relative capacity (cores, or a measured ceiling); share ∝ weight
 * @param capRps       capacity cap in requests/s; 0 = none
 * @param achievedRps  rate the node measured over its last interval
 * @param issued       requests the node began sending for this session (cumulative)
 * @param done         requests completed (cumulative)
 * @param failed       requests failed (cumulative, part of done)
 * @param quotaGranted requests this node may ever issue (cumulative grant from the budget)
 * @param share        what the node is granted now (and may be sending until its lease expires)
 * @param lastRoundAt  cluster millis of its last round
 * @param leaseExpiry  cluster millis after which it must not send, and its share may go to others
 * @param drained      taken out of the load pool: it gets a zero share
 * @param next         the share the node switches to at {@code nextAt} (a hand-off: a decrease the node
 *                     keeps sending until then, or an increase into room another node frees then)
 * @param nextAt       cluster millis of that switch; 0 = none
 */
public record NodeEntry(String nodeId, double weight, double capRps, double achievedRps,
                        long issued, long done, long failed, long quotaGranted, Share share,
                        long lastRoundAt, long leaseExpiry, boolean drained, Share next, long nextAt) {

    public NodeEntry {
        Objects.requireNonNull(nodeId, "nodeId");
        share = share == null ? Share.ZERO : share;
        next = next == null || nextAt <= 0 ? share : next;
        nextAt = Math.max(0, nextAt);
    }

    /** A line without a scheduled switch. */
    public NodeEntry(String nodeId, double weight, double capRps, double achievedRps, long issued, long done,
                     long failed, long quotaGranted, Share share, long lastRoundAt, long leaseExpiry, boolean drained) {
        this(nodeId, weight, capRps, achievedRps, issued, done, failed, quotaGranted, share, lastRoundAt, leaseExpiry,
                drained, null, 0);
    }

    /** The share in force at {@code millis} (cluster time): {@link #next} from {@link #nextAt} on. */
    public Share shareAt(long millis) {
        return nextAt > 0 && millis >= nextAt ? next : share;
    }

    /** True while a switch is scheduled after {@code millis}. */
    public boolean pendingAt(long millis) {
        return nextAt > millis;
    }

    /** True while the node's lease is valid at {@code nowMillis} (cluster time). */
    public boolean leaseValid(long nowMillis) {
        return nowMillis < leaseExpiry;
    }

    public NodeEntry withShare(Share s) {
        return new NodeEntry(nodeId, weight, capRps, achievedRps, issued, done, failed, quotaGranted, s,
                lastRoundAt, leaseExpiry, drained);
    }

    public NodeEntry withQuotaGranted(long q) {
        return new NodeEntry(nodeId, weight, capRps, achievedRps, issued, done, failed, q, share,
                lastRoundAt, leaseExpiry, drained, next, nextAt);
    }
}
