package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.Histograms;
import org.siegegrid.core.report.IntervalStats;

/** Interim: adds up a run's intervals and prints a short siege-like summary until the report package lands. */
final class RunTally {
    private Counters total = Counters.ZERO;
    private final Histogram corrected = Histograms.newHistogram();
    private final Histogram service = Histograms.newHistogram();

    void add(IntervalStats s) {
        total = total.plus(s.counters());
        if (s.corrected() != null) {
            corrected.add(s.corrected());
        }
        if (s.service() != null) {
            service.add(s.service());
        }
    }

    boolean allFailed() {
        return total.completed() > 0 && total.failures() == total.completed() || total.completed() == 0;
    }

    void print(PrintWriter out, RunLoop.Outcome o, boolean json) {
        double secs = o.elapsedNanos() / 1e9;
        if (json) {
            out.printf(Locale.ROOT, "{\"transactions\": %d, \"elapsed_time\": %.2f, \"failed_transactions\": %d, "
                            + "\"latency_ms\": {\"corrected\": {\"p99\": %.3f}, \"service\": {\"p99\": %.3f}}}%n",
                    total.responses(), secs, total.failures(),
                    corrected.getValueAtPercentile(99) / 1000.0, service.getValueAtPercentile(99) / 1000.0);
            return;
        }
        out.printf(Locale.ROOT, "Transactions:\t\t%12d hits%n", total.responses());
        out.printf(Locale.ROOT, "Elapsed time:\t\t%12.2f secs%n", secs);
        out.printf(Locale.ROOT, "Failed transactions:\t%12d%n", total.failures());
    }
}
