package org.siegegrid.core.report;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One node's published statistics for one session (a value of the cluster's {@code stats} map,
 * key {@code sessionId/nodeId@incarnation}): cumulative, so the last one a node published stays
 * valid after it leaves. A node that restarts with the same id is a new incarnation: its new
 * runner's stats do not overwrite those of the run before (reports add them up by node id).
 *
 * @param incarnation which start of the node published it (a new one each time the node starts)
 * @param updatedAt cluster millis of the publication
 * @param done      the node's runner for the session has ended and nothing is in flight
 * @param shareRps  open model: the node's target rate now; closed model: 0
 * @param users     closed model: the node's users now
 * @param blocks    how many blocks of this node's older seconds are in the {@code series} map, keys
 *                  {@link #blockKey} 0 .. blocks-1 ({@link RunStatsCodec#encodeSeconds}); {@code stats}
 *                  holds the seconds after them
 * @param stats     {@link RunStatsCodec} bytes of the node's run stats (whole run; the seconds after the blocks)
 */
public record NodeStats(String sessionId, String nodeId, String incarnation, long updatedAt, boolean done, double shareRps, int users,
                        int blocks, byte[] stats) {

    public NodeStats {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(stats, "stats");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeStats n && sessionId.equals(n.sessionId) && nodeId.equals(n.nodeId)
                && incarnation.equals(n.incarnation) && updatedAt == n.updatedAt && done == n.done && Double.compare(shareRps, n.shareRps) == 0
                && users == n.users && blocks == n.blocks && Arrays.equals(stats, n.stats);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, nodeId, incarnation, updatedAt, done, shareRps, users, blocks)
                + 31 * Arrays.hashCode(stats);
    }

    @Override
    public String toString() {
        return "NodeStats[" + key(sessionId, nodeId, incarnation) + " at " + updatedAt + (done ? " done" : "") + ", "
                + blocks + " blocks, " + stats.length + " bytes]";
    }

    public static String key(String sessionId, String nodeId, String incarnation) {
        return sessionId + "/" + nodeId + "@" + incarnation;
    }

    public String key() {
        return key(sessionId, nodeId, incarnation);
    }

    /** Key of one block of a node's series in the {@code series} map. */
    public static String blockKey(String sessionId, String nodeId, String incarnation, int block) {
        return key(sessionId, nodeId, incarnation) + "/" + block;
    }

    public String blockKey(int block) {
        return blockKey(sessionId, nodeId, incarnation, block);
    }

    /** The run stats in this value alone: the whole-run figures and the seconds after the blocks. */
    public RunStats runStats() {
        return RunStatsCodec.decode(stats);
    }

    /** The whole run stats, with the blocks (fetched with {@code blockSource}, key to bytes) put back in. */
    public RunStats runStats(Function<Set<String>, Map<String, byte[]>> blockSource) {
        RunStats s = runStats();
        if (blocks > 0) {
            Set<String> keys = new LinkedHashSet<>();
            for (int k = 0; k < blocks; k++) {
                keys.add(blockKey(k));
            }
            Map<String, byte[]> got = blockSource.apply(keys);
            for (String key : keys) {
                byte[] block = got.get(key);
                if (block != null) {
                    RunStatsCodec.addSeconds(s, block);
                }
            }
        }
        return s;
    }
}
