package org.siegegrid.core.report;

import java.util.Objects;

/**
 * One node's published statistics for one session (a value of the cluster's {@code stats} map,
 * key {@code sessionId/nodeId}): cumulative, so the last one a node published stays valid after
 * it leaves.
 *
 * @param updatedAt cluster millis of the publication
 * @param done      the node's runner for the session has ended and nothing is in flight
 * @param shareRps  open model: the node's target rate now; closed model: 0
 * @param users     closed model: the node's users now
 * @param stats     {@link RunStatsCodec} bytes of the node's run stats
 */
public record NodeStats(String sessionId, String nodeId, long updatedAt, boolean done, double shareRps, int users,
                        byte[] stats) {

    public NodeStats {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(stats, "stats");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeStats n && sessionId.equals(n.sessionId) && nodeId.equals(n.nodeId)
                && updatedAt == n.updatedAt && done == n.done && Double.compare(shareRps, n.shareRps) == 0
                && users == n.users && java.util.Arrays.equals(stats, n.stats);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(sessionId, nodeId, updatedAt, done, shareRps, users)
                + 31 * java.util.Arrays.hashCode(stats);
    }

    @Override
    public String toString() {
        return "NodeStats[" + sessionId + "/" + nodeId + " at " + updatedAt + (done ? " done" : "") + ", "
                + stats.length + " bytes]";
    }

    public static String key(String sessionId, String nodeId) {
        return sessionId + "/" + nodeId;
    }

    public RunStats runStats() {
        return RunStatsCodec.decode(stats);
    }
}
