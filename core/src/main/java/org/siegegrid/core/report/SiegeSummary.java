package org.siegegrid.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end-of-run summary as siege 4.0.7 prints it (its {@code fprintf(stderr, ...)} lines in
 * {@code main.c}, byte for byte: same labels, tabs, {@code %12u}/{@code %12.2f} widths and units,
 * and the closing {@code " \n"} line), followed by SiegeGrid's extra lines: target and achieved rate,
 * dropped requests, corrected and service latency percentiles, errors by kind, thresholds.
 *
 * <p>siege prints a {@code "\n"} before "Transactions:" to end its "The server is now under siege..."
 * line; {@link #format} leaves that newline to the caller.
 */
public final class SiegeSummary {
    private static final int VALUE_COLUMN = 24;

    private SiegeSummary() {
    }

    /** siege's block, then ours. */
    public static String format(Report r) {
        return siege(r) + extras(r);
    }

    /** Only siege's lines, exactly as siege 4.0.7 prints them. */
    public static String siege(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Transactions:\t\t").append(CFormat.count(r.transactions(), 12)).append(" hits\n");
        b.append("Availability:\t\t").append(CFormat.fixed(r.availability(), 12, 2)).append(" %\n");
        b.append("Elapsed time:\t\t").append(CFormat.fixed(r.elapsedTime(), 12, 2)).append(" secs\n");
        b.append("Data transferred:\t").append(CFormat.fixed(r.dataTransferred(), 12, 2)).append(" MB\n");
        b.append("Response time:\t\t").append(CFormat.fixed(r.responseTime(), 12, 2)).append(" secs\n");
        b.append("Transaction rate:\t").append(CFormat.fixed(r.transactionRate(), 12, 2)).append(" trans/sec\n");
        b.append("Throughput:\t\t").append(CFormat.fixed(r.throughput(), 12, 2)).append(" MB/sec\n");
        b.append("Concurrency:\t\t").append(CFormat.fixed(r.concurrency(), 12, 2)).append('\n');
        b.append("Successful transactions:").append(CFormat.count(r.successfulTransactions(), 12)).append('\n');
        b.append("Failed transactions:\t").append(CFormat.count(r.failedTransactions(), 12)).append('\n');
        b.append("Longest transaction:\t").append(CFormat.fixed(r.longestTransaction(), 12, 2)).append('\n');
        b.append("Shortest transaction:\t").append(CFormat.fixed(r.shortestTransaction(), 12, 2)).append('\n');
        b.append(" \n");
        return b.toString();
    }

    /** SiegeGrid's lines, in siege's layout (label, tabs to column 24, right-aligned value). */
    public static String extras(Report r) {
        StringBuilder b = new StringBuilder();
        if (r.targetRps() != null) {
            line(b, "Target rate:", CFormat.fixed(r.targetRps(), 12, 2) + " req/sec");
        }
        line(b, "Achieved rate:", CFormat.fixed(r.achievedRps(), 12, 2) + " req/sec");
        line(b, "Requests issued:", CFormat.count(r.totals().issued(), 12));
        line(b, "Dropped (too late):", CFormat.count(r.totals().dropped(), 12));
        if (r.totals().unfinished() > 0) {
            line(b, r.ended() ? "Unfinished:" : "In flight:", CFormat.count(r.totals().unfinished(), 12));
        }
        if (r.unreportedMax() > 0) {
            // nodes that ended without their last stats: the counts above miss this many
            line(b, "Unreported (lost):", CFormat.count(r.unreported(), 12) + " to " + r.unreportedMax()
                    + ", sent by nodes that died");
        }
        if (r.warmup() != null) {
            // sent in full, measured apart: none of the figures above or below include it
            Report.Warmup w = r.warmup();
            line(b, "Warm-up (apart):", CFormat.count(w.totals().issued(), 12) + " requests in " + w.seconds()
                    + " s, " + w.totals().failures() + " failed, corrected p99 "
                    + (w.corrected().count() == 0 ? "n/a" : CFormat.fixed(w.corrected().p99(), 0, 2) + " ms"));
        }
        line(b, "Latency (ms):", header());
        line(b, "  corrected:", row(r.corrected()));
        line(b, "  service:", row(r.service()));
        if (r.generatorLag().count() > 0) {
            line(b, "  generator lag:", row(r.generatorLag()));   // the generator's own lateness, in corrected
        }
        line(b, "Errors:", errors(r));
        for (Report.Node n : r.laggingNodes()) {
            line(b, "Warning:", "node " + n.id() + " itself fell behind (generator lag p99 "
                    + CFormat.fixed(n.lagP99Ms(), 0, 2) + " ms, above " + CFormat.fixed(Report.LAG_WARN_P99_MS, 0, 0)
                    + " ms): part of its corrected latency is its own, not the server's");
        }
        if (r.neverAnswered() > 0) {
            // what was never sent is never hidden: say why, and where it is counted
            line(b, "Warning:", r.neverAnswered() + " requests due got no answer (" + r.totals().dropped()
                    + " dropped: never sent, over 1 s late" + (r.ended() ? "; " + r.totals().unfinished()
                    + " unfinished" : "") + "): every connection busy or the generator behind (raise"
                    + " --concurrency if the server takes more); counted as failed in availability and thresholds");
        }
        for (ThresholdResult t : r.thresholds()) {
            line(b, "Threshold:", CFormat.pad(t.ok() ? "ok" : "FAILED", 12) + "  " + t.expr()
                    + " (measured " + Threshold.measured(t.expr(), t.value()) + ")");
        }
        return b.toString();
    }

    private static String header() {
        StringBuilder h = new StringBuilder();
        for (String name : new String[] {"p50", "p90", "p99", "p99.9", "max", "mean"}) {
            h.append(CFormat.pad(name, 12));
        }
        return h.toString();
    }

    private static String row(Report.Latency l) {
        if (l.count() == 0) {
            return CFormat.pad("n/a", 12);
        }
        StringBuilder s = new StringBuilder();
        for (double v : new double[] {l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean()}) {
            s.append(CFormat.fixed(v, 12, 2));
        }
        return s.toString();
    }

    private static String errors(Report r) {
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : r.errors().entrySet()) {
            if (e.getValue() > 0) {
                total += e.getValue();
                parts.add(e.getKey() + " " + e.getValue());
            }
        }
        return CFormat.count(total, 12) + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label);
        // a tab moves to the next multiple of 8: count the stops between the label's end and column 24
        int tabs = label.length() >= VALUE_COLUMN ? 0 : VALUE_COLUMN / 8 - label.length() / 8;
        b.append("\t".repeat(tabs)).append(value).append('\n');
    }
}
