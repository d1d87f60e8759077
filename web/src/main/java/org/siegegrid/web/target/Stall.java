package org.siegegrid.web.target;

import java.time.Duration;

/**
 * A periodic outage of the sink: in every {@code period} it stops answering for the last
 * {@code length}. A response that falls due during a stall is held until the stall ends.
 * Times are offsets in nanoseconds from the sink's start, so the math is pure.
 */
public record Stall(Duration length, Duration period) {

    public Stall {
        if (length.isNegative() || length.isZero() || period.compareTo(length) <= 0) {
            throw new IllegalArgumentException("stall must be 0 < length < period: " + length + "/" + period);
        }
    }

    /** Parses {@code 500ms/5s}: stall 500 ms every 5 s. */
    public static Stall parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("stall must look like 500ms/5s: " + text);
        }
        Duration length = SinkDurations.parse(text.substring(0, slash));
        Duration period = SinkDurations.parse(text.substring(slash + 1));
        if (period.compareTo(length) <= 0) {
            throw new IllegalArgumentException("stall length must be shorter than its period: " + text);
        }
        return new Stall(length, period);
    }

    /** True when {@code offsetNanos} falls inside a stall window. */
    public boolean stalled(long offsetNanos) {
        long p = period.toNanos();
        long pos = Math.floorMod(offsetNanos, p);
        return pos >= p - length.toNanos();
    }

    /** The earliest time at or after {@code offsetNanos} when the sink answers. */
    public long releaseAt(long offsetNanos) {
        if (!stalled(offsetNanos)) {
            return offsetNanos;
        }
        long p = period.toNanos();
        return Math.floorDiv(offsetNanos, p) * p + p;
    }

    /** When a request arriving at {@code arrival} is answered with service time {@code latency}. */
    public long answerAt(long arrival, long latency) {
        return releaseAt(releaseAt(arrival) + latency);
    }

    @Override
    public String toString() {
        return SinkDurations.format(length) + "/" + SinkDurations.format(period);
    }
}
