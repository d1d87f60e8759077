package org.siegegrid.core.load;

import org.HdrHistogram.Histogram;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.Histograms;
import org.siegegrid.core.report.IntervalStats;

/**
 * Adds up a runner's slices: cumulative totals, and intervals as differences of cumulative
 * snapshots (so the intervals of a run add up to its totals exactly). One caller at a time.
 */
final class RunnerStats {
    private final Slice[] slices;
    private long[] last = new long[SliceStats.SIZE];
    private long lastNanos;

    RunnerStats(Slice[] slices) {
        this.slices = slices;
    }

    void begin(long now) {
        lastNanos = now;
    }

    Counters totals() {
        return SliceStats.counters(sum());
    }

    private long[] sum() {
        long[] v = new long[SliceStats.SIZE];
        for (Slice s : slices) {
            if (s != null) {
                s.stats.addTo(v);
            }
        }
        return v;
    }

    /** @param sendingEnd when the runner stopped sending for good, on the ticker; {@link Long#MAX_VALUE} while it sends */
    IntervalStats take(Ticker ticker, boolean started, long sendingEnd) {
        Histogram corrected = Histograms.newHistogram();
        Histogram service = Histograms.newHistogram();
        Histogram lag = Histograms.newHistogram();
        for (Slice s : slices) {
            if (s != null) {
                s.stats.addIntervalTo(corrected, service, lag);
            }
        }
        // the counters are read right at the interval's end (the histograms are the slow part)
        long now = ticker.nanoTime();
        long[] v = sum();
        long[] d = new long[SliceStats.SIZE];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i] - last[i];
        }
        long from = started ? lastNanos : now;
        last = v;
        lastNanos = now;
        return new IntervalStats(from, now, d[SliceStats.DUE], SliceStats.counters(d), corrected, service,
                d[SliceStats.LAG_NANOS], d[SliceStats.WAIT_NANOS], lag, sendingEnd);
    }
}
