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
 * @param lag         open model: per request, how late the generator sent it with a connection free, in
 *                    microseconds (0 when on time): the generator's own lateness; null when not measured
 * @param sendingEndNanos where, within the interval, the runner stopped sending for good (its stop or its
 *                    plan's end); {@code endNanos} while it still sends. The rest is the tail, in which only
 *                    answers to earlier requests arrive: the series counts those in the last second that
 *                    sent, never as a second of its own (which would show a false drop to 0).
 */
public record IntervalStats(long startNanos, long endNanos, long due, Counters counters,
                            Histogram corrected, Histogram service, long lagNanos, long waitNanos, Histogram lag,
                            long sendingEndNanos) {

    public IntervalStats {
        sendingEndNanos = Math.max(startNanos, Math.min(endNanos, sendingEndNanos));
    }

    /** An interval in which the runner may send throughout. */
    public IntervalStats(long startNanos, long endNanos, long due, Counters counters, Histogram corrected,
                         Histogram service, long lagNanos, long waitNanos, Histogram lag) {
        this(startNanos, endNanos, due, counters, corrected, service, lagNanos, waitNanos, lag, endNanos);
    }

    /** True when sending had ended for good before this interval began: nothing but late answers. */
    public boolean tail() {
        return sendingEndNanos == startNanos && endNanos > startNanos;
    }

    /** An interval with the lateness split but no lag histogram. */
    public IntervalStats(long startNanos, long endNanos, long due, Counters counters, Histogram corrected,
                         Histogram service, long lagNanos, long waitNanos) {
        this(startNanos, endNanos, due, counters, corrected, service, lagNanos, waitNanos, null);
    }

    /** An interval without the lateness split (closed model, tests). */
    public IntervalStats(long startNanos, long endNanos, long due, Counters counters, Histogram corrected,
                         Histogram service) {
        this(startNanos, endNanos, due, counters, corrected, service, 0, 0, null);
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
