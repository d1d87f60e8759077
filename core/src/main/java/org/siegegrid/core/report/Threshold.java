package org.siegegrid.core.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on a report, as in k6's thresholds: {@code <metric> <op> <value><unit>}. Every value
 * says its unit where the metric has one, so that {@code p99 < 200} (ms? s?) is refused, not guessed.
 *
 * <table>
 * <caption>metrics</caption>
 * <tr><td>{@code p50 p90 p95 p99 p999} ({@code p99.9}), {@code max}, {@code mean} ({@code avg})</td>
 *     <td>CORRECTED latency (from the intended send time, so coordinated omission cannot hide a
 *     stall); {@code service.p99}: the service time (from the actual send); {@code corrected.p99} is the
 *     default spelled out. The unit is required: {@code us ms s}</td></tr>
 * <tr><td>{@code errors}</td><td>{@code errors < 1%}, {@code %} required: failed requests (every
 *     {@link ErrorKind}: socket errors, 4xx, 5xx; and {@link Report#neverAnswered}: dropped, and at the end
 *     unfinished) as a percentage of all those and the completed requests</td></tr>
 * <tr><td>{@code failures}</td><td>siege's failed transactions (socket failures and 5xx), a count</td></tr>
 * <tr><td>{@code availability}</td><td>siege's availability, % ({@code 99.9} or {@code 99.9%}), with
 *     dropped and unfinished requests counted as failed</td></tr>
 * <tr><td>{@code rps}</td><td>achieved rate, responses per second over the run ({@code 900} or {@code 900/s})</td></tr>
 * </table>
 * Operators: {@code < <= > >= ==}. A metric with nothing measured (no latency samples, no completed
 * requests for a percentage) fails its threshold.
 *
 * @param service a latency metric of the service time instead of the corrected latency
 */
public record Threshold(String expr, Metric metric, Op op, double limit, boolean percent, boolean service) {

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9.]*)\\s*(<=|>=|==|<|>)\\s*(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|\\.\\d+)\\s*([A-Za-z%/]*)\\s*");

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
     *         ({@code threshold 'p99 < 200': a latency needs a unit: 200ms or 0.2s})
     */
    public static Threshold parse(String expr) {
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException("empty threshold");
        }
        Matcher m = SHAPE.matcher(expr);
        if (!m.matches()) {
            throw bad(expr, "expected <metric> <op> <value>, e.g. 'p99 < 200ms', 'errors < 1%'");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        boolean service = name.startsWith("service.");
        if (service || name.startsWith("corrected.")) {
            name = name.substring(name.indexOf('.') + 1);
        }
        Metric metric = metric(name, m.group(1), expr);
        if ((service || !name.equals(m.group(1).toLowerCase(Locale.ROOT))) && !metric.latency()) {
            throw bad(expr, "service. and corrected. select a latency (p50 ... mean), not " + name);
        }
        Op op = Op.of(m.group(2));
        String number = m.group(3);
        double value = Double.parseDouble(number);
        String unit = m.group(4).toLowerCase(Locale.ROOT);
        if (Double.isInfinite(value)) {
            throw bad(expr, "number too large");
        }
        return switch (metric) {
            case ERRORS -> {
                if (!unit.equals("%")) {
                    throw bad(expr, unit.isEmpty()
                            ? "errors is a percentage: errors " + op.symbol() + " " + number + "% (for a count of siege's"
                            + " failed transactions: failures " + op.symbol() + " " + number + ")"
                            : "errors takes % (errors < 1%), not " + m.group(4));
                }
                yield percentage(expr, metric, op, value);
            }
            case AVAILABILITY -> {
                if (!unit.isEmpty() && !unit.equals("%")) {
                    throw bad(expr, "availability takes % or no unit, not " + m.group(4));
                }
                yield percentage(expr, metric, op, value);
            }
            case RPS -> {
                if (!unit.isEmpty() && !unit.equals("/s")) {
                    throw bad(expr, "rps takes no unit or /s (rps > 900/s), not " + m.group(4));
                }
                yield new Threshold(expr, metric, op, value, false, false);
            }
            case FAILURES -> {
                if (!unit.isEmpty()) {
                    throw bad(expr, "failures is a count and takes no unit, not " + m.group(4)
                            + (unit.equals("%") ? " (for a percentage: errors " + op.symbol() + " " + number + "%)" : ""));
                }
                yield new Threshold(expr, metric, op, value, false, false);
            }
            default -> new Threshold(expr, metric, op, value * msPer(unit, m.group(4), number, expr), false, service);
        };
    }

    private static Threshold percentage(String expr, Metric metric, Op op, double value) {
        if (value > 100) {
            throw bad(expr, "a percentage is at most 100");
        }
        return new Threshold(expr, metric, op, value, true, false);
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

    /** A measured value with this metric's unit: {@code 2.00 ms}, {@code 3.10 %}, {@code 951.2/s}, {@code 3}; NaN: {@code nothing}. */
    public String format(double value) {
        if (Double.isNaN(value)) {
            return "nothing";
        }
        if (metric.latency()) {
            return String.format(Locale.ROOT, "%.2f ms", value);
        }
        if (percent) {
            return String.format(Locale.ROOT, "%.2f %%", value);
        }
        return metric == Metric.RPS ? String.format(Locale.ROOT, "%.1f/s", value) : String.format(Locale.ROOT, "%.0f", value);
    }

    /** {@link #format} for an expression as stored in a report (one that does not parse: the bare number). */
    public static String measured(String expr, double value) {
        try {
            return parse(expr).format(value);
        } catch (IllegalArgumentException e) {
            return Double.isNaN(value) ? "nothing" : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    private double measure(Report r) {
        Report.Latency c = service ? r.service() : r.corrected();
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

    private static double errors(Report r) {
        long errors = r.neverAnswered();   // a request never sent (or never finished) failed as surely
        for (long n : r.errors().values()) {
            errors += n;
        }
        long all = r.totals().completed() + r.neverAnswered();
        return all == 0 ? Double.NaN : 100.0 * errors / all;
    }

    private static Metric metric(String name, String given, String expr) {
        return switch (name) {
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
            default -> throw bad(expr, "unknown metric '" + given + "'; use p50, p90, p95, p99, p999, max, mean"
                    + " (service.p99 for the service time), errors, failures, availability or rps");
        };
    }

    private static double msPer(String unit, String given, String number, String expr) {
        return switch (unit) {
            case "ms" -> 1;
            case "us" -> 0.001;
            case "s" -> 1_000;
            case "" -> throw bad(expr, "a latency needs a unit: " + number + "ms or " + seconds(number) + "s");
            default -> throw bad(expr, "a latency's unit is us, ms or s, not " + given);
        };
    }

    /** {@code number} ms in seconds, as written: 200 → 0.2. */
    private static String seconds(String number) {
        return new java.math.BigDecimal(number).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static IllegalArgumentException bad(String expr, String why) {
        return new IllegalArgumentException("threshold '" + expr.strip() + "': " + why);
    }
}
