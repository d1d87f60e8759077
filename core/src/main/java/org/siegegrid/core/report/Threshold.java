package org.siegegrid.core.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on a report, as in k6's thresholds: {@code <metric> <op> <value>}.
 *
 * <table>
 * <caption>metrics</caption>
 * <tr><td>{@code p50 p90 p95 p99 p999} ({@code p99.9}), {@code max}, {@code mean}</td>
 *     <td>CORRECTED latency (from the intended send time, so coordinated omission cannot hide a
 *     stall), in ms; the value takes a unit {@code us ms s m}, a bare number is ms</td></tr>
 * <tr><td>{@code errors}</td><td>{@code errors < 1%}: failed requests (every {@link ErrorKind}: socket
 *     errors, 4xx, 5xx; and {@link Report#neverAnswered}: dropped, and at the end unfinished) as a
 *     percentage of all those and the completed requests; {@code errors < 10}: their count</td></tr>
 * <tr><td>{@code availability}</td><td>siege's availability, % ({@code 99.9} or {@code 99.9%}), with
 *     dropped and unfinished requests counted as failed</td></tr>
 * <tr><td>{@code rps}</td><td>achieved rate, requests issued per second over the run</td></tr>
 * <tr><td>{@code failures}</td><td>siege's failed transactions (socket failures and 5xx), a count</td></tr>
 * </table>
 * Operators: {@code < <= > >= ==}. A metric with nothing measured (no latency samples, no completed
 * requests for a percentage) fails its threshold.
 */
public record Threshold(String expr, Metric metric, Op op, double limit, boolean percent) {

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9.]*)\\s*(<=|>=|==|<|>)\\s*(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|\\.\\d+)\\s*([A-Za-z%]*)\\s*");

    public enum Metric {
        P50(50), P90(90), P95(95), P99(99), P999(99.9), MAX(100), MEAN(-1),
        ERRORS(-1), AVAILABILITY(-1), RPS(-1), FAILURES(-1);

        private final double percentile;

        Metric(double percentile) {
            this.percentile = percentile;
        }

        public boolean latency() {
            return ordinal() <= MEAN.ordinal();
        }

        public double percentile() {
            return percentile;
        }
    }

    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(double value, double limit) {
            return switch (this) {
                case LT -> value < limit;
                case LE -> value <= limit;
                case GT -> value > limit;
                case GE -> value >= limit;
                case EQ -> value == limit;
            };
        }

        static Op of(String s) {
            for (Op op : values()) {
                if (op.symbol.equals(s)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(s);
        }
    }

    /**
     * Parses one expression.
     *
     * @throws IllegalArgumentException whose message quotes the expression and says what is wrong
     */
    public static Threshold parse(String expr) {
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException("empty threshold");
        }
        Matcher m = SHAPE.matcher(expr);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad threshold \"" + expr
                    + "\": expected <metric> <op> <value>, e.g. \"p99 < 200ms\", \"errors < 1%\"");
        }
        Metric metric = metric(m.group(1), expr);
        Op op = Op.of(m.group(2));
        double number = Double.parseDouble(m.group(3));
        String unit = m.group(4).toLowerCase(Locale.ROOT);
        if (Double.isInfinite(number)) {
            throw new IllegalArgumentException("bad threshold \"" + expr + "\": number too large");
        }
        if (metric.latency()) {
            return new Threshold(expr, metric, op, number * msPer(unit, expr), false);
        }
        boolean percent = unit.equals("%");
        if (!unit.isEmpty() && !percent) {
            throw new IllegalArgumentException("bad threshold \"" + expr + "\": " + metric.name().toLowerCase(Locale.ROOT)
                    + " takes no unit \"" + m.group(4) + "\"");
        }
        if (percent && metric != Metric.ERRORS && metric != Metric.AVAILABILITY) {
            throw new IllegalArgumentException("bad threshold \"" + expr + "\": % applies to errors and availability only");
        }
        if ((percent || metric == Metric.AVAILABILITY) && number > 100) {
            throw new IllegalArgumentException("bad threshold \"" + expr + "\": a percentage is at most 100");
        }
        return new Threshold(expr, metric, op, number, percent || metric == Metric.AVAILABILITY);
    }

    /** Checks this threshold against a report. */
    public ThresholdResult evaluate(Report report) {
        double value = measure(report);
        return new ThresholdResult(expr, !Double.isNaN(value) && op.test(value, limit), value);
    }

    /** Parses and checks; an unparseable expression fails with a NaN value. */
    public static ThresholdResult evaluate(String expr, Report report) {
        try {
            return parse(expr).evaluate(report);
        } catch (IllegalArgumentException e) {
            return new ThresholdResult(expr, false, Double.NaN);
        }
    }

    private double measure(Report r) {
        Report.Latency c = r.corrected();
        return switch (metric) {
            case P50 -> c.count() == 0 ? Double.NaN : c.p50();
            case P90 -> c.count() == 0 ? Double.NaN : c.p90();
            case P95 -> c.count() == 0 ? Double.NaN : c.p95();
            case P99 -> c.count() == 0 ? Double.NaN : c.p99();
            case P999 -> c.count() == 0 ? Double.NaN : c.p999();
            case MAX -> c.count() == 0 ? Double.NaN : c.max();
            case MEAN -> c.count() == 0 ? Double.NaN : c.mean();
            case ERRORS -> errors(r);
            case AVAILABILITY -> r.availability();
            case RPS -> r.achievedRps();
            case FAILURES -> r.failedTransactions();
        };
    }

    private double errors(Report r) {
        long errors = r.neverAnswered();   // a request never sent (or never finished) failed as surely
        for (long n : r.errors().values()) {
            errors += n;
        }
        if (!percent) {
            return errors;
        }
        long all = r.totals().completed() + r.neverAnswered();
        return all == 0 ? Double.NaN : 100.0 * errors / all;
    }

    private static Metric metric(String name, String expr) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "p50" -> Metric.P50;
            case "p90" -> Metric.P90;
            case "p95" -> Metric.P95;
            case "p99" -> Metric.P99;
            case "p999", "p99.9" -> Metric.P999;
            case "max" -> Metric.MAX;
            case "mean", "avg" -> Metric.MEAN;
            case "errors" -> Metric.ERRORS;
            case "availability" -> Metric.AVAILABILITY;
            case "rps" -> Metric.RPS;
            case "failures" -> Metric.FAILURES;
            default -> throw new IllegalArgumentException("bad threshold \"" + expr + "\": unknown metric \"" + name
                    + "\"; use p50, p90, p95, p99, p999, max, mean, errors, availability, rps or failures");
        };
    }

    private static double msPer(String unit, String expr) {
        return switch (unit) {
            case "", "ms" -> 1;
            case "us" -> 0.001;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> throw new IllegalArgumentException("bad threshold \"" + expr + "\": latency unit must be us, ms, s or m");
        };
    }
}
