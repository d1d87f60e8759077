package org.siegegrid.core.report;

import org.HdrHistogram.Histogram;

/**
 * What one runner saw in one interval (normally one second): counters and two latency
 * histograms in microseconds, corrected (from the intended send time) and service (from the
 * actual send). Intervals of one run add up to the whole run.
 *
 * @param startNanos  interval start on the runner's ticker
 * @param endNanos    interval end on the runner's ticker
 * @param due         open model: requests the schedule made due in this interval (0 in the closed model)
 */
public record IntervalStats(long startNanos, long endNanos, long due, Counters counters,
                            Histogram corrected, Histogram service, long lagNanos, long waitNanos) {

    /** An interval without the lateness split (closed model, tests). */
    public IntervalStats(long startNanos, long endNanos, long due, Counters counters, Histogram corrected,
                         Histogram service) {
        this(startNanos, endNanos, due, counters, corrected, service, 0, 0);
    }

    /**
     * True when the requests that went out late in this interval were held back mostly by the
     * generator itself (its loop late with a connection free), not by the server (every connection
     * busy): only then is falling behind the node's own limit.
     */
    public boolean generatorBound() {
        return lagNanos > waitNanos;
    }
}
