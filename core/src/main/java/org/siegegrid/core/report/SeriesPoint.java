package org.siegegrid.core.report;

/**
 * One second of a run, cluster-wide once node stats are merged.
 *
 * @param t        whole seconds since the start of the run (the second this point covers)
 * @param target   target rate in that second, requests/s (summed over nodes); NaN when there is none
 *                 (closed model)
 * @param achieved requests issued per second in that second (summed over nodes), over the time it covers
 * @param p99      99th percentile of the CORRECTED latency in that second, ms (from merged histograms)
 * @param errors   failed requests in that second, every {@link ErrorKind}
 * @param seconds  how much of the second the run covered (the longest node's), s: 1 for a whole second,
 *                 less for a first or last one the run only partly spanned; the rates are over this time
 */
public record SeriesPoint(long t, double target, double achieved, double p99, long errors, double seconds) {

    /** A second the run covered less than this much of is {@link #partial}. */
    public static final double WHOLE = 0.95;

    /** A whole second. */
    public SeriesPoint(long t, double target, double achieved, double p99, long errors) {
        this(t, target, achieved, p99, errors, 1.0);
    }

    /** The run covered only part of this second (its first or last): its rates are over {@link #seconds}. */
    public boolean partial() {
        return seconds < WHOLE;
    }

    /** Requests issued in this second: achieved rate x covered time. */
    public double issued() {
        return achieved * seconds;
    }
}
