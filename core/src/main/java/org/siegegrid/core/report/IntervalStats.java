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
                            Histogram corrected, Histogram service) {
}
