package org.siegegrid.core.report;

/**
 * One threshold checked against a report.
 *
 * @param expr  the expression as the user wrote it
 * @param ok    true when the measured value satisfies it (false when there was nothing to measure)
 * @param value the measured value in the metric's unit (ms for latencies, % or a count for errors, %
 *              for availability, requests/s for rps); NaN when there was nothing to measure
 */
public record ThresholdResult(String expr, boolean ok, double value) {
}
