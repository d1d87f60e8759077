package org.siegegrid.core.report;

/**
 * One second of a run, cluster-wide once node stats are merged. Its rates times {@link #seconds} are
 * counts, and those add up over the series to the run's totals.
 *
 * @param t        whole seconds since the start of the run (the second this point covers)
 * @param target   the session's target rate in force in that second, requests/s (the schedule's: not the
 *                 nodes' shares, which lag a rebalance); NaN when there is none (closed model)
 * @param achieved responses per second in that second (every node's; a socket failure is no response), over
 *                 the time it covers
 * @param sent     requests sent per second in that second (every node's), over the time it covers
 * @param p99      99th percentile of the CORRECTED latency in that second, ms (from merged histograms)
 * @param errors   failed requests in that second, every {@link ErrorKind}
 * @param seconds  how much time the run covered in this second (the longest node's), s: about 1 for a whole
 *                 second, less for a first or last one the run only partly spanned (more when one interval of
 *                 the engine was longer than a second); the rates are over this time
 */
public record SeriesPoint(long t, double target, double achieved, double sent, double p99, long errors,
                          double seconds) {

    /** A second the run covered less than this much of is {@link #partial}. */
    public static final double WHOLE = 0.95;

    /** A whole second in which every request sent was answered. */
    public SeriesPoint(long t, double target, double achieved, double p99, long errors) {
        this(t, target, achieved, achieved, p99, errors, 1.0);
    }

    /** The run covered only part of this second (its first or last): its rates are over {@link #seconds}. */
    public boolean partial() {
        return seconds < WHOLE;
    }

    /** Responses in this second: achieved rate x covered time. */
    public double responses() {
        return achieved * seconds;
    }

    /** Requests sent in this second: sent rate x covered time. */
    public double issued() {
        return sent * seconds;
    }
}
