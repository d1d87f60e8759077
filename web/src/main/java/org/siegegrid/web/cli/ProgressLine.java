package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/**
 * The live line a run prints on stderr once a second: elapsed time, target and achieved rate,
 * this second's corrected p99, errors so far and requests so far; in the open model this second's
 * generator-lag p99, and the requests dropped so far once there are any.
 */
final class ProgressLine {
    /** Intervals shorter than this (the last bit after the end) are counted but not printed. */
    private static final double MIN_PRINTED_SECONDS = 0.5;

    private final PrintWriter err;
    private final ToDoubleFunction<IntervalStats> targetOf;
    private final String usersLabel;
    private final long startNanos;
    private Counters total = Counters.ZERO;

    /**
     * @param targetOf open model: the target rate over an interval; null for users
     */
    ProgressLine(PrintWriter err, ToDoubleFunction<IntervalStats> targetOf, Integer users, long startNanos) {
        this.err = err;
        this.targetOf = targetOf;
        this.usersLabel = users == null ? "" : users + " users";
        this.startNanos = startNanos;
    }

    /** Adds one interval and prints its line. */
    void accept(IntervalStats s) {
        total = total.plus(s.counters());
        if ((s.endNanos() - s.startNanos()) / 1e9 >= MIN_PRINTED_SECONDS) {
            err.println(format(s));
        }
    }

    String format(IntervalStats s) {
        double secs = Math.max(1e-9, (s.endNanos() - s.startNanos()) / 1e9);
        double elapsed = (s.endNanos() - startNanos) / 1e9;
        String target = targetOf != null ? String.format(Locale.ROOT, "%.0f/s", targetOf.applyAsDouble(s))
                : usersLabel;
        double achieved = s.counters().completed() / secs;
        String p99 = s.corrected() == null || s.corrected().getTotalCount() == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f ms", s.corrected().getValueAtPercentile(99) / 1000.0);
        String line = String.format(Locale.ROOT, "[%6.1fs] target %s  achieved %.0f/s  p99 %s  errors %d  requests %d",
                elapsed, target, achieved, p99, total.failures(), total.completed());
        if (s.lag() != null && s.lag().getTotalCount() > 0) {
            // the generator's own lateness this second: when it grows, the latency above is partly ours
            line += String.format(Locale.ROOT, "  lag p99 %.2f ms", s.lag().getValueAtPercentile(99) / 1000.0);
        }
        if (total.dropped() > 0) {
            line += "  dropped " + total.dropped();   // due, never sent: the in-flight bound or the generator held them
        }
        return line;
    }
}
