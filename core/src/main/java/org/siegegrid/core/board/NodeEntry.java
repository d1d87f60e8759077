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
 */
public record NodeEntry(String nodeId, double weight, double capRps, double achievedRps,
                        long issued, long done, long failed, long quotaGranted, Share share,
                        long lastRoundAt, long leaseExpiry, boolean drained) {

    public NodeEntry {
        Objects.requireNonNull(nodeId, "nodeId");
        share = share == null ? Share.ZERO : share;
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
                lastRoundAt, leaseExpiry, drained);
    }
}
