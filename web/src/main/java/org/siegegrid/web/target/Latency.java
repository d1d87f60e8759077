package org.siegegrid.web.target;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long the sink waits before answering: a fixed time ({@code 5ms}) or a uniform random time
 * in a range ({@code 1ms-20ms}).
 */
public record Latency(Duration min, Duration max) {
    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

    public Latency {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency range must be 0 <= min <= max: " + min + "-" + max);
        }
    }

    public static Latency fixed(Duration d) {
        return new Latency(d, d);
    }

    /** Parses {@code 5ms} or {@code 1ms-20ms}. */
    public static Latency parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        if (dash < 0) {
            return fixed(SinkDurations.parse(t));
        }
        Duration lo = SinkDurations.parse(t.substring(0, dash));
        Duration hi = SinkDurations.parse(t.substring(dash + 1));
        if (hi.compareTo(lo) < 0) {
            throw new IllegalArgumentException("latency range is upside down: " + text);
        }
        return new Latency(lo, hi);
    }

    public boolean isZero() {
        return max.isZero();
    }

    /** One latency in nanoseconds; {@code uniform} gives a number in [0, 1). */
    public long sampleNanos(DoubleSupplier uniform) {
        long lo = min.toNanos();
        long hi = max.toNanos();
        if (hi == lo) {
            return lo;
        }
        return lo + (long) (uniform.getAsDouble() * (hi - lo));
    }

    @Override
    public String toString() {
        return min.equals(max) ? SinkDurations.format(min) : SinkDurations.format(min) + "-" + SinkDurations.format(max);
    }
}
