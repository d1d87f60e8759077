package org.siegegrid.core.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The stats of one second of a run. Rates are kept as rates: within one node, intervals falling in
 * the same second are time-weighted; across nodes, rates add. Not thread-safe.
 */
final class SecondBucket {
    final long t;
    double seconds;
    double target;
    double achieved;
    Counters counters = Counters.ZERO;
    final Histogram corrected;

    SecondBucket(long t) {
        this.t = t;
        this.corrected = newPacked();
    }

    static Histogram newPacked() {
        return new PackedHistogram(Histograms.LOWEST_US, Histograms.HIGHEST_US, Histograms.DIGITS);
    }

    /** One more interval of the same node. */
    void addInterval(double dt, double targetRps, Counters c, Histogram correctedUs) {
        counters = counters.plus(c);
        if (correctedUs != null) {
            corrected.add(correctedUs);
        }
        if (dt <= 0) {
            return;
        }
        double total = seconds + dt;
        target = seconds == 0 ? targetRps : (target * seconds + targetRps * dt) / total;
        achieved = (achieved * seconds + c.issued()) / total;
        seconds = total;
    }

    /** The same second seen by another node: rates add. */
    void addNode(SecondBucket o) {
        counters = counters.plus(o.counters);
        corrected.add(o.corrected);
        target = seconds == 0 ? o.target : o.seconds == 0 ? target : target + o.target;
        achieved += o.achieved;
        seconds = Math.max(seconds, o.seconds);
    }

    SecondBucket copy() {
        SecondBucket b = new SecondBucket(t);
        b.addNode(this);
        return b;
    }

    SeriesPoint point() {
        long errors = 0;
        for (long n : counters.errors().values()) {
            errors += n;
        }
        double p99 = corrected.getTotalCount() == 0 ? Double.NaN : corrected.getValueAtPercentile(99) / 1000.0;
        return new SeriesPoint(t, target, achieved, p99, errors);
    }
}
