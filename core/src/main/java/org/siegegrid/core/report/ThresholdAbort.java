package org.siegegrid.core.report;

import java.util.List;

/**
 * The live check of {@code abortOnFail} (k6's abortOnFail with delayAbortEval as the grace): after the
 * grace, the thresholds are checked on the live report and the first that fails gives the reason to stop.
 * As in k6, on the value now, not only for thresholds that can only get worse: a p99 above its limit in
 * the first seconds stops the run although it might have come down later. A threshold with nothing
 * measured yet (no latency sample, no completed request) has not failed yet. Pure: the caller says how
 * long the session has run and builds the report.
 */
public record ThresholdAbort(List<String> thresholds, long graceNanos) {

    public ThresholdAbort {
        thresholds = List.copyOf(thresholds);
    }

    /** True when a check is due at {@code elapsedNanos} since the start (the grace is over). */
    public boolean due(long elapsedNanos) {
        return !thresholds.isEmpty() && elapsedNanos >= graceNanos;
    }

    /** The reason to stop ({@code threshold failed: p99 < 200ms (measured 350.00 ms)}), or null when none fails. */
    public String check(Report live) {
        for (String expr : thresholds) {
            ThresholdResult r = Threshold.evaluate(expr, live);
            if (!r.ok() && !Double.isNaN(r.value())) {
                return reason(r);
            }
        }
        return null;
    }

    /** {@code threshold failed: EXPR (measured VALUE UNIT)}. */
    public static String reason(ThresholdResult r) {
        return "threshold failed: " + r.expr() + " (measured " + Threshold.measured(r.expr(), r.value()) + ")";
    }
}
