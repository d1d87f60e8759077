package org.siegegrid.core.report;

/**
 * One second of a run, cluster-wide once node stats are merged.
 *
 * @param t        whole seconds since the start of the run (the second this point covers)
 * @param target   target rate in that second, requests/s (summed over nodes); NaN when there is none
 *                 (closed model)
 * @param achieved requests issued per second in that second (summed over nodes)
 * @param p99      99th percentile of the CORRECTED latency in that second, ms (from merged histograms)
 * @param errors   failed requests in that second, every {@link ErrorKind}
 */
public record SeriesPoint(long t, double target, double achieved, double p99, long errors) {
}
