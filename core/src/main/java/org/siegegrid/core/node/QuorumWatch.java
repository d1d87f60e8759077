package org.siegegrid.core.node;

/**
 * Follows this node's quorum from pass to pass: when it went (after the node had it once) and, when it
 * came back, how long it was gone. Pure: the caller reads the protection and the clock. A node without
 * quorum cannot write the maps, so its loss is told only once it is back ({@link Regained}), with the
 * time it was lost; a node that never gets it back tells nothing (the others write {@code died} when
 * the cluster removes it).
 */
final class QuorumWatch {
    /**
     * @param lostAt     cluster millis of the first pass without quorum
     * @param regainedAt cluster millis of the first pass with it again
     * @param lost       how the quorum stood when it went
     */
    record Regained(long lostAt, long regainedAt, String lost) {
        double seconds() {
            return Math.max(0, regainedAt - lostAt) / 1000.0;
        }
    }

    private boolean had;
    private long lostAt = -1;
    private String lost;

    /**
     * One pass: whether the quorum is present now, the cluster time, and how it stands (called only
     * at a loss). Returns the loss that just ended, or null.
     */
    Regained observe(boolean present, long now, java.util.function.Supplier<String> how) {
        if (present) {
            had = true;
            if (lostAt < 0) {
                return null;
            }
            Regained r = new Regained(lostAt, now, lost);
            lostAt = -1;
            lost = null;
            return r;
        }
        if (had && lostAt < 0) {
            lostAt = now;
            lost = how.get();
        }
        return null;
    }

    /** Whether the quorum is gone now (after the node had it). */
    boolean lost() {
        return lostAt >= 0;
    }
}
