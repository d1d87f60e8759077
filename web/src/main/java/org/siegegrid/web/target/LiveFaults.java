package org.siegegrid.web.target;

import java.time.Duration;

import org.siegegrid.core.load.Ticker;

/**
 * The sink's faults as they are now: the fault mix it started with, changed while it runs
 * ({@code PUT /__faults}), and a one-off stall ("answer nothing for the next 3 s"). Any thread reads
 * it on every request; changes are rare and replace immutable values.
 */
public final class LiveFaults {
    /** A one-off stall: requests arriving in [from, until) are held until it ends. */
    private record Window(long from, long until) {
    }

    private final FaultMix initial;
    private final Ticker ticker;
    private volatile FaultMix mix;
    private volatile Window stall;

    LiveFaults(FaultMix initial, Ticker ticker) {
        this.initial = initial;
        this.ticker = ticker;
        this.mix = initial;
        long now = ticker.nanoTime();
        this.stall = new Window(now, now);
    }

    public FaultMix mix() {
        return mix;
    }

    /** From now on, requests meet {@code m} instead. */
    public void set(FaultMix m) {
        mix = m;
    }

    /** Answers nothing for {@code length} from now: what arrives meanwhile is answered once it ends. */
    public void stallFor(Duration length) {
        long now = ticker.nanoTime();
        stall = new Window(now, now + length.toNanos());
    }

    /** Back to the fault mix the sink started with, and no stall. */
    public void reset() {
        mix = initial;
        long now = ticker.nanoTime();
        stall = new Window(now, now);
    }

    /** Nanoseconds left of a one-off stall at {@code now}; 0 when none is on. */
    public long stallLeftNanos(long now) {
        Window w = stall;
        return now - w.from() >= 0 && now - w.until() < 0 ? w.until() - now : 0;
    }

    /** How much longer than {@code delayNanos} a request arriving at {@code now} waits for a one-off stall. */
    long holdNanos(long now, long delayNanos) {
        long left = stallLeftNanos(now);
        return left == 0 ? delayNanos : left + delayNanos;
    }

    /** {@code {"errorRate": 0.0, "resetRate": 0.2, "garbageRate": 0.0, "hangRate": 0.0, "stallLeftMs": 0}}. */
    String toJson() {
        FaultMix m = mix;
        return "{\"errorRate\": " + m.errorRate() + ", \"resetRate\": " + m.resetRate() + ", \"garbageRate\": "
                + m.garbageRate() + ", \"hangRate\": " + m.hangRate() + ", \"stallLeftMs\": "
                + stallLeftNanos(ticker.nanoTime()) / 1_000_000L + "}";
    }
}
