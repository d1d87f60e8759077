package org.siegegrid.core.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Builds a {@link Report} from the nodes' {@link RunStats}.
 *
 * <p>siege's fields follow siege 4.0.7 ({@code main.c}, {@code data.c}, {@code browser.c}):
 * <ul>
 * <li>siege counts a response as a "hit" (transaction) unless its status is 408 or 500..509: those
 *     return FALSE from {@code __http}, so they bump {@code my.failed} and not {@code hits}, yet their
 *     time and bytes were already added. So: transactions = responses - 5xx; failed = socket
 *     failures + 5xx; a 4xx is a transaction that is neither successful nor failed. (Our
 *     {@link ErrorKind} has no 408 of its own: a 408 counts as a 4xx here.)</li>
 * <li>successful = responses with status below 400 ({@code response_success}).</li>
 * <li>availability = transactions / (transactions + failed) x 100; 0 with no transactions. SiegeGrid
 *     adds what siege cannot have: requests the schedule made due but never sent ({@link Counters#dropped}
 *     by the open model) and, in the final report, requests sent that never finished
 *     ({@link Counters#unfinished}) count as failed here too (not in {@code failed_transactions}), so a
 *     run that could not send its load never shows 100 %. In the closed model both are 0: siege's figure.</li>
 * <li>data transferred = bytes / (1024 x 1024) (bytes of every response, 5xx included);
 *     throughput = that / elapsed.</li>
 * <li>response time = (sum of the times of every response, 5xx included) / transactions. siege
 *     divides by the count that excludes 5xx, so 5xx inflate it; we do the same.</li>
 * <li>concurrency = sum of response times / elapsed; transaction rate = transactions / elapsed.</li>
 * <li>longest / shortest = max / min response time; shortest is 0 when nothing succeeded.</li>
 * </ul>
 * Sum of response times: from the service histogram, mean x count (within 0.1 %; IntervalStats
 * carries no exact sum). Longest/shortest: the histogram's max/min (within 0.1 %). siege times each
 * request with {@code times()} in clock ticks (10 ms) and sums in {@code float}; we use the
 * histograms' microseconds and doubles.
 */
public final class ReportBuilder {
    private static final double MB = 1024.0 * 1024.0;

    private final Map<String, RunStats> nodes = new LinkedHashMap<>();
    /** Per node: at least, at most. */
    private final Map<String, long[]> unreported = new java.util.TreeMap<>();
    private RunStats merged;
    private Double targetRps;
    private boolean targetSet;
    private Double elapsedSeconds;
    private List<String> thresholds = List.of();
    private boolean ended;
    private long warmupSeconds;

    private ReportBuilder() {
    }

    public static ReportBuilder create() {
        return new ReportBuilder();
    }

    /** A single-node run: the node is called {@code local}. */
    public static ReportBuilder of(RunStats stats) {
        return create().addNode("local", stats);
    }

    /** Adds one node's stats (its row in {@code nodes}); the stats object is not modified. */
    public ReportBuilder addNode(String id, RunStats stats) {
        if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("node " + id + " added twice");
        }
        nodes.put(id, stats);
        merged = null;
        return this;
    }

    /** The session's target rate; default: the stats' time-weighted mean target; null = closed model. */
    public ReportBuilder targetRps(Double rps) {
        this.targetRps = rps;
        this.targetSet = true;
        return this;
    }

    /** Wall time of the session (from the cluster clock); default: the longest node's elapsed time. */
    public ReportBuilder elapsed(Duration elapsed) {
        this.elapsedSeconds = elapsed == null ? null : elapsed.toNanos() / 1e9;
        return this;
    }

    /**
     * The run is over: requests still unanswered will never be (the default, false, is a live report,
     * whose unanswered requests are merely in flight).
     */
    public ReportBuilder ended(boolean runEnded) {
        this.ended = runEnded;
        return this;
    }

    /**
     * The run's first {@code seconds} were its warm-up: the stats' totals already leave them out (see
     * {@link RunStats}); here the elapsed time and the mean target do too, and the report gets them apart.
     */
    public ReportBuilder warmup(long seconds) {
        this.warmupSeconds = Math.max(0, seconds);
        return this;
    }

    public ReportBuilder thresholds(List<String> exprs) {
        this.thresholds = exprs == null ? List.of() : List.copyOf(exprs);
        return this;
    }

    /** All nodes merged (computed once per set of nodes). */
    public RunStats mergedStats() {
        if (merged == null) {
            merged = RunStats.merged(nodes.values());
        }
        return merged;
    }

    public Report build() {
        RunStats all = mergedStats();
        Counters c = all.totals();
        Histogram service = all.service();
        double wholeRun = elapsedSeconds != null ? elapsedSeconds : all.elapsedSeconds();
        double elapsed = Math.max(0, wholeRun - warmupSeconds);   // the measured window

        long http5xx = c.error(ErrorKind.HTTP_5XX);
        long transactions = Math.max(0, c.responses() - http5xx);
        long failed = c.socketFailures() + http5xx;
        double total = all.serviceSeconds();

        long neverAnswered = c.dropped() + (ended ? c.unfinished() : 0);   // as Report#neverAnswered
        double availability = transactions == 0 ? 0 : 100.0 * transactions / (transactions + failed + neverAnswered);
        double megabytes = c.bytes() / MB;
        double responseTime = total == 0 || transactions == 0 ? 0 : total / transactions;
        double rate = transactions == 0 || elapsed == 0 ? 0 : transactions / elapsed;
        double throughput = elapsed == 0 ? 0 : c.bytes() / (elapsed * MB);
        double concurrency = elapsed == 0 ? 0 : total / elapsed;
        double longest = service.getTotalCount() == 0 ? 0 : service.getMaxValue() / 1e6;
        double shortest = c.successes() == 0 || service.getTotalCount() == 0 ? 0 : service.getMinValue() / 1e6;

        Double target = targetSet ? targetRps : nanToNull(all.meanTargetRps(warmupSeconds));
        // answers (a refused connection is none) to the measured window's requests: those of the warm-up's that
        // were still in flight at its end arrive in the window but are not its own
        long carried = warmupSeconds == 0 ? 0 : all.countersBefore(warmupSeconds).unfinished();
        double achieved = elapsed == 0 ? 0 : Math.max(0, c.responses() - carried) / elapsed;

        Report report = new Report(transactions, availability, elapsed, megabytes, responseTime, rate, throughput,
                concurrency, c.successes(), failed, longest, shortest,
                Report.Latency.of(all.corrected()), Report.Latency.of(service), Report.Latency.of(all.lag()),
                errors(c), target, achieved,
                List.of(), nodeRows(c.issued()), all.series(), c, ended, warmup(all, wholeRun));
        List<ThresholdResult> results = new ArrayList<>();
        for (String expr : thresholds) {
            results.add(Threshold.evaluate(expr, report));
        }
        return report.withThresholds(results);
    }

    private Report.Warmup warmup(RunStats all, double wholeRun) {
        if (warmupSeconds == 0) {
            return null;
        }
        Counters w = all.countersBefore(warmupSeconds);
        double secs = Math.min(warmupSeconds, wholeRun);
        return new Report.Warmup(warmupSeconds, w, Report.Latency.of(all.correctedBefore(warmupSeconds)),
                secs <= 0 ? 0 : w.issued() / secs);
    }

    private List<Report.Node> nodeRows(long allIssued) {
        List<Report.Node> rows = new ArrayList<>();
        nodes.forEach((id, s) -> {
            long n = s.totals().issued();
            long[] u = unreported.getOrDefault(id, new long[2]);
            Histogram lag = s.lag();
            double lagP99 = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1000.0;
            rows.add(new Report.Node(id, n, allIssued == 0 ? 0 : (double) n / allIssued, u[0], u[1], lagP99));
        });
        return rows;
    }

    /**
     * Requests a node told the board it had sent beyond its last published stats (a node that died
     * or was cut off before it published them): reported apart, never guessed into the counts.
     */
    public ReportBuilder unreported(String nodeId, long atLeast, long atMost) {
        if (atLeast > 0 || atMost > 0) {
            unreported.put(nodeId, new long[] {Math.max(0, atLeast), Math.max(Math.max(0, atLeast), atMost)});
        }
        return this;
    }

    private static Map<String, Long> errors(Counters c) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.values()) {
            out.put(k.key(), c.error(k));
        }
        return out;
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
