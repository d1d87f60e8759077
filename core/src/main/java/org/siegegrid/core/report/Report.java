package org.siegegrid.core.report;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The final (or live) report of a session. The first twelve components are siege's {@code -j} fields,
 * in siege's units, computed as siege 4.0.7 computes them (see {@link ReportBuilder}); the rest are
 * SiegeGrid's. Built by {@link ReportBuilder}; written by {@link ReportJson} and {@link SiegeSummary}.
 *
 * @param transactions           siege's hits: HTTP responses except 5xx (siege counts those as failed)
 * @param availability           transactions / (transactions + failed) x 100, %
 * @param elapsedTime            wall time of the run, s
 * @param dataTransferred        response bytes / 2^20, MB
 * @param responseTime           sum of service times / transactions, s
 * @param transactionRate        transactions / elapsed, 1/s
 * @param throughput             MB / elapsed, MB/s
 * @param concurrency            sum of service times / elapsed
 * @param successfulTransactions responses with status below 400
 * @param failedTransactions     socket failures + 5xx responses
 * @param longestTransaction     longest service time, s
 * @param shortestTransaction    shortest service time, s (0 when nothing succeeded, as siege)
 * @param corrected              corrected latency (from the intended send time), ms
 * @param service                service time (from the actual send), ms
 * @param errors                 failures by {@link ErrorKind#key()}, every kind, in enum order
 * @param targetRps              mean target rate over the run; null in the closed model
 * @param achievedRps            requests issued / elapsed
 * @param thresholds             each threshold's verdict, in the spec's order
 * @param nodes                  per node: requests issued and the fraction of all requests
 * @param series                 per second: target, achieved, corrected p99, errors
 * @param totals                 raw cluster-wide counters (not part of the JSON)
 * @param ended                  the run is over: its unfinished requests never will be (false: a live report)
 * @param warmup                 what the warm-up sent and saw, measured apart from every figure above; null = none
 */
public record Report(
        long transactions,
        double availability,
        double elapsedTime,
        double dataTransferred,
        double responseTime,
        double transactionRate,
        double throughput,
        double concurrency,
        long successfulTransactions,
        long failedTransactions,
        double longestTransaction,
        double shortestTransaction,
        Latency corrected,
        Latency service,
        Latency generatorLag,
        Map<String, Long> errors,
        Double targetRps,
        double achievedRps,
        List<ThresholdResult> thresholds,
        List<Node> nodes,
        List<SeriesPoint> series,
        Counters totals,
        boolean ended,
        Warmup warmup) {

    public Report {
        errors = errors == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errors));
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        series = series == null ? List.of() : List.copyOf(series);
        totals = totals == null ? Counters.ZERO : totals;
    }

    /**
     * Requests that never got an answer and never failed on the wire: dropped by the schedule (never
     * sent) and, once the run is over, sent but never finished. Counted as failed in the availability and
     * the {@code errors} thresholds.
     */
    public long neverAnswered() {
        return totals.dropped() + (ended ? totals.unfinished() : 0);
    }

    /** True when every threshold passed (and vacuously when there are none). */
    public boolean thresholdsOk() {
        return thresholds.stream().allMatch(ThresholdResult::ok);
    }

    public Report withThresholds(List<ThresholdResult> results) {
        return new Report(transactions, availability, elapsedTime, dataTransferred, responseTime, transactionRate,
                throughput, concurrency, successfulTransactions, failedTransactions, longestTransaction,
                shortestTransaction, corrected, service, generatorLag, errors, targetRps, achievedRps, results, nodes, series, totals,
                ended, warmup);
    }

    /**
     * A latency distribution in milliseconds. {@code p95} is kept for thresholds and also written to
     * the JSON (an addition to siege's list).
     *
     * @param count number of samples; 0 means every other field is 0 and meaningless
     */
    public record Latency(double p50, double p90, double p95, double p99, double p999, double max, double mean,
                          long count) {
        public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0, 0);

        /** From a histogram in microseconds. */
        public static Latency of(Histogram us) {
            if (us == null || us.getTotalCount() == 0) {
                return EMPTY;
            }
            return new Latency(ms(us.getValueAtPercentile(50)), ms(us.getValueAtPercentile(90)),
                    ms(us.getValueAtPercentile(95)), ms(us.getValueAtPercentile(99)),
                    ms(us.getValueAtPercentile(99.9)), ms(us.getMaxValue()), us.getMean() / 1000.0,
                    us.getTotalCount());
        }

        private static double ms(long us) {
            return us / 1000.0;
        }
    }

    /**
     * Requests nodes sent that this report cannot count: what nodes that ended without their last
     * stats (killed, or cut off at the end) had told the board in their last round beyond what
     * they had published. A lower bound: what they sent after that round is not known at all.
     */
    public long unreported() {
        return nodes.stream().mapToLong(Node::unreported).sum();
    }

    /** The most such nodes may have sent unreported: their grants from their last stats to their leases' end. */
    public long unreportedMax() {
        return nodes.stream().mapToLong(Node::unreportedMax).sum();
    }

    /**
     * One node's part of the run.
     *
     * @param requests   requests the node issued (as its published stats count them)
     * @param share      requests / all requests (0 when nothing was sent)
     * @param unreported at least this many more it sent but never published (see {@link Report#unreported})
     * @param unreportedMax at most this many (what its grant allowed from its last stats to its lease's end)
     * @param lagP99Ms   p99 of its own lateness with a connection free, ms (0 when not measured)
     */
    public record Node(String id, long requests, double share, long unreported, long unreportedMax, double lagP99Ms) {
        public Node {
            unreportedMax = Math.max(unreported, unreportedMax);
        }

        public Node(String id, long requests, double share, long unreported, long unreportedMax) {
            this(id, requests, share, unreported, unreportedMax, 0);
        }

        public Node(String id, long requests, double share) {
            this(id, requests, share, 0, 0, 0);
        }
    }

    /**
     * The warm-up: its first {@code seconds} of the run, sent in full (its seconds are in the series) but
     * kept out of every other figure of the report.
     *
     * @param seconds     its length, whole seconds
     * @param totals      what it sent and got
     * @param corrected   its corrected latency
     * @param achievedRps requests issued per second in it
     */
    public record Warmup(long seconds, Counters totals, Latency corrected, double achievedRps) {
    }

    /** The generator lag a node's p99 may reach before the report says the generator itself fell behind. */
    public static final double LAG_WARN_P99_MS = 1.0;

    /** The nodes whose own lateness (lag p99) went above {@link #LAG_WARN_P99_MS}: their latency is partly theirs. */
    public List<Node> laggingNodes() {
        return nodes.stream().filter(n -> n.lagP99Ms() > LAG_WARN_P99_MS).toList();
    }
}
