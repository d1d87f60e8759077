package org.siegegrid.web.target;

import java.util.Locale;

/**
 * Which fraction of requests the sink answers wrong, and how: a 500, a reset (the connection closed with
 * an RST), garbage (bytes that are not HTTP, then the connection closed), or nothing at all (the request is
 * held until the client gives up). The fractions add up to at most 1; the rest is answered normally. Pure.
 *
 * @param errorRate   fraction answered {@code 500}
 * @param resetRate   fraction answered by an RST (close with SO_LINGER 0)
 * @param garbageRate fraction answered with a line that is not HTTP, then a close
 * @param hangRate    fraction never answered (1 = a server that accepts connections and never answers)
 */
public record FaultMix(double errorRate, double resetRate, double garbageRate, double hangRate) {
    public static final FaultMix NONE = new FaultMix(0, 0, 0, 0);

    /** What the sink does with one request. */
    public enum Kind {
        ANSWER, ERROR, RESET, GARBAGE, HANG
    }

    public FaultMix {
        check("error rate", errorRate);
        check("reset rate", resetRate);
        check("garbage rate", garbageRate);
        check("hang rate", hangRate);
        double sum = errorRate + resetRate + garbageRate + hangRate;
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "error, reset, garbage and hang rates add up to %.3f, more than 1", sum));
        }
    }

    private static void check(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1: " + rate);
        }
    }

    public static FaultMix errors(double rate) {
        return new FaultMix(rate, 0, 0, 0);
    }

    public FaultMix withErrorRate(double rate) {
        return new FaultMix(rate, resetRate, garbageRate, hangRate);
    }

    public boolean none() {
        return errorRate == 0 && resetRate == 0 && garbageRate == 0 && hangRate == 0;
    }

    /** The fate of a request, from {@code u} uniform in [0, 1): the fractions take consecutive slices of it. */
    public Kind pick(double u) {
        double edge = errorRate;
        if (u < edge) {
            return Kind.ERROR;
        }
        edge += resetRate;
        if (u < edge) {
            return Kind.RESET;
        }
        edge += garbageRate;
        if (u < edge) {
            return Kind.GARBAGE;
        }
        edge += hangRate;
        return u < edge ? Kind.HANG : Kind.ANSWER;
    }

    /** {@code "error rate 0.1, reset rate 0.2"}; empty when there is no fault. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "error rate", errorRate);
        append(sb, "reset rate", resetRate);
        append(sb, "garbage rate", garbageRate);
        append(sb, "hang rate", hangRate);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String what, double rate) {
        if (rate > 0) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(what).append(' ').append(rate);
        }
    }
}
