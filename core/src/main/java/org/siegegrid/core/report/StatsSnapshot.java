package org.siegegrid.core.report;

import java.util.List;

/**
 * A {@link RunStats} as plain values, for shipping (the cluster's {@code stats} map, files):
 * histograms are HdrHistogram's compressed bytes ({@link Histograms#encode}). Made by
 * {@link RunStats#snapshot()}, read back by {@link RunStats#fromSnapshot}. The serialization of this
 * record in the cluster is the grid's choice; it holds only longs, doubles, strings, byte arrays,
 * {@link Counters} and lists.
 *
 * @param originNanos  the stats' origin on the node's ticker ({@link Long#MIN_VALUE} = not yet set)
 * @param elapsedNanos elapsed time of the run so far
 * @param intervals    intervals added
 */
public record StatsSnapshot(long originNanos, long elapsedNanos, int intervals, Counters totals, byte[] corrected,
                            byte[] service, List<Second> seconds) {

    public StatsSnapshot {
        seconds = List.copyOf(seconds);
    }

    /** One second of the series with its corrected-latency histogram. */
    public record Second(long t, double seconds, double target, double achieved, Counters counters, byte[] corrected) {
    }
}
