package org.siegegrid.core.node;

import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Histograms;

/**
 * What one node gives its runners ({@link NodeContext}): its settings, clocks and member, its identity for
 * this start, its operator state as last read, the quorum counted now, and where round times and stats go.
 */
final class NodeServices implements NodeContext {
    private final NodeSettings settings;
    private final Grid grid;
    private final Ticker ticker;
    private final ClusterClock clock;
    private final String incarnation = UUID.randomUUID().toString().substring(0, 8);
    private final double cores = Runtime.getRuntime().availableProcessors();
    private final BooleanSupplier quorumNow;
    private final Supplier<org.siegegrid.core.grid.NodeInfo> info;
    private final Executor publisher;
    private final Consumer<String> reload;
    private final EventLog events;
    /** How long this node's whiteboard rounds took, sent to answered (microseconds). */
    private final Recorder roundTimes = Histograms.newRecorder();

    NodeServices(NodeSettings settings, Grid grid, Ticker ticker, ClusterClock clock, BooleanSupplier quorumNow,
                 Supplier<org.siegegrid.core.grid.NodeInfo> info, Executor publisher, Consumer<String> reload,
                 EventLog events) {
        this.settings = settings;
        this.grid = grid;
        this.ticker = ticker;
        this.clock = clock;
        this.quorumNow = quorumNow;
        this.info = info;
        this.publisher = publisher;
        this.reload = reload;
        this.events = events;
    }

    @Override public NodeSettings settings() { return settings; }
    @Override public Ticker ticker() { return ticker; }
    @Override public Grid grid() { return grid; }
    @Override public ClusterClock clock() { return clock; }
    @Override public String nodeId() { return grid.nodeId(); }
    @Override public String incarnation() { return incarnation; }
    @Override public double weight() { return cores; }
    @Override public double capRps() { return info.get().capRps(); }
    @Override public boolean drained() { return info.get().drained(); }
    @Override public boolean quorumNow() { return quorumNow.getAsBoolean(); }
    @Override public void reload(String sessionId) { reload.accept(sessionId); }
    @Override public Executor publisher() { return publisher; }
    @Override public void event(String sessionId, String kind, String detail) {
        events.record(sessionId, kind, grid.nodeId(), detail);
    }

    @Override
    public void roundAnswered(long nanos) {
        roundTimes.recordValue(Histograms.toMicros(nanos));
    }

    /** The round times recorded since the previous call. */
    Histogram roundLatency() {
        return roundTimes.getIntervalHistogram();
    }

    double cores() {
        return cores;
    }
}
