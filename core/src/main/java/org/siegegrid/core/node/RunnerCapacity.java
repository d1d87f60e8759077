package org.siegegrid.core.node;

import org.siegegrid.core.report.IntervalStats;

/**
 * One runner's capacity: the {@link CapacityEstimator} under the operator's cap (a new cap starts
 * a new estimate), fed once a second only while the runner sends and has settled — new connections
 * and warm-up after a larger share are no measure of the node. Guarded by its runner.
 */
final class RunnerCapacity {
    static final long SETTLE_NANOS = 3_000_000_000L;

    private double configuredCap;
    private CapacityEstimator estimator;
    private long settleUntilNanos;
    private volatile double capacity;

    RunnerCapacity(double configuredCap) {
        this.configuredCap = configuredCap;
        this.estimator = new CapacityEstimator(configuredCap);
    }

    /** The cap to tell the board (rps, 0 = none) under the operator's cap now. */
    double cap(double configured) {
        if (configured != configuredCap) {
            configuredCap = configured;
            estimator = new CapacityEstimator(configured);
        }
        return estimator.cap();
    }

    /** The share grew: judge the node only {@link #SETTLE_NANOS} from {@code nowNanos}. */
    void settleFrom(long nowNanos) {
        settleUntilNanos = nowNanos + SETTLE_NANOS;
    }

    /** One second's interval; counted only when {@code sending} (and settled). */
    void observe(long nowNanos, boolean sending, IntervalStats interval) {
        if (sending && nowNanos - settleUntilNanos > 0) {
            var service = interval.service();
            double medianMillis = service.getTotalCount() == 0 ? Double.NaN : service.getValueAtPercentile(50) / 1000.0;
            estimator.observe(interval.due(), interval.counters().issued(), interval.generatorBound(), medianMillis);
        }
        capacity = estimator.cap();
    }

    /** The last estimate (any thread). */
    double capacity() {
        return capacity;
    }
}
