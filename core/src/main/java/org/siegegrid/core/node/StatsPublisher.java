package org.siegegrid.core.node;

import java.util.concurrent.CompletableFuture;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.RunStats;
import org.siegegrid.core.report.RunStatsCodec;

/**
 * One runner's stats for the cluster: the whole run so far ({@link RunStats}), published once a
 * second to the {@code stats} map (key {@code session/node@incarnation}); each whole block of sealed
 * seconds goes once to the {@code series} map, so the value rewritten every second stays small.
 * Loop thread only; never blocks (asynchronous writes).
 */
final class StatsPublisher {
    private static final Logger LOG = LogManager.getLogger(StatsPublisher.class);
    /** Seconds per block of the series map (a minute: a one-hour session is 60 blocks of ~70 KB per node). */
    static final int BLOCK_SECONDS = 60;

    private final String sessionId;
    private final NodeContext ctx;
    private final RunStats stats;
    /** Sealed seconds go to the series map in blocks of this many; the stats value keeps the rest. */
    private final int blockSeconds = Math.max(1, Integer.getInteger("siegegrid.stats.block.seconds", BLOCK_SECONDS));
    /** Blocks written so far; seconds before {@code blocks * blockSeconds} are in them. */
    private int blocks;
    /** The write of block {@code blocks}, while in flight. */
    private CompletableFuture<Void> blockWrite;

    /** @param warmupSeconds the session's first seconds, measured apart (see {@link RunStats}) */
    StatsPublisher(String sessionId, NodeContext ctx, long startNanos, long warmupSeconds) {
        this.sessionId = sessionId;
        this.ctx = ctx;
        this.stats = new RunStats(startNanos, warmupSeconds);
    }

    /** Adds one interval (with the session's target in it; NaN in the closed model). */
    void add(IntervalStats interval, double targetRps) {
        stats.add(interval, targetRps);
    }

    long issued() {
        return stats.totals().issued();
    }

    /** Publishes the run so far; {@code done}: the runner has ended and nothing is in flight. */
    void publish(boolean done, double shareRps, int users) {
        archiveSealedBlocks();
        NodeStats ns = new NodeStats(sessionId, ctx.nodeId(), ctx.incarnation(), ctx.clock().millis(), done,
                shareRps, users, blocks, RunStatsCodec.encode(stats, (long) blocks * blockSeconds));
        try {
            ctx.grid().<NodeStats>stats().setAsync(ns.key(), ns);
        } catch (RuntimeException e) {
            LOG.warn("session {}: stats not published: {}", sessionId, e.toString());
        }
    }

    /**
     * Writes each whole block of sealed seconds once to the series map, without blocking the
     * loop: a block counts (and leaves the stats value) only once its write has completed, so a
     * reader never sees a block count whose block is missing. One write in flight at a time; a
     * failed write is retried at the next publication, and until then those seconds stay in the
     * stats value.
     */
    private void archiveSealedBlocks() {
        if (blockWrite != null) {
            if (!blockWrite.isDone()) {
                return;
            }
            if (blockWrite.isCompletedExceptionally()) {
                LOG.warn("session {}: series block {} not written; will retry", sessionId, blocks);
            } else {
                blocks++;
            }
            blockWrite = null;
        }
        if ((long) (blocks + 1) * blockSeconds <= stats.sealedBefore()) {
            long from = (long) blocks * blockSeconds;
            byte[] block = RunStatsCodec.encodeSeconds(stats, from, from + blockSeconds);
            Grid grid = ctx.grid();
            try {
                blockWrite = grid.series()
                        .setAsync(NodeStats.blockKey(sessionId, ctx.nodeId(), ctx.incarnation(), blocks), block)
                        .toCompletableFuture();
            } catch (RuntimeException e) {
                LOG.warn("session {}: series block {} not written: {}", sessionId, blocks, e.toString());
            }
        }
    }
}
