package org.siegegrid.core.report;

import java.util.Map;

import org.HdrHistogram.Histogram;

/** Builds IntervalStats for tests: times in seconds, latencies in microseconds. */
final class Intervals {
    private Intervals() {
    }

    static Histogram us(long... values) {
        Histogram h = Histograms.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    static IntervalStats of(double startS, double endS, Counters c, Histogram corrected, Histogram service) {
        return new IntervalStats(Math.round(startS * 1e9), Math.round(endS * 1e9), 0, c, corrected, service);
    }

    /** Same latencies for corrected and service (the closed model, or an open model that keeps up). */
    static IntervalStats of(double startS, double endS, Counters c, long... latenciesUs) {
        return of(startS, endS, c, us(latenciesUs), us(latenciesUs));
    }

    static Counters counters(long issued, long responses, long successes, long bytes, Map<ErrorKind, Long> errors) {
        return new Counters(issued, responses, successes, 0, bytes, errors);
    }
}
