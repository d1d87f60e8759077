package org.siegegrid.core.load;

/** A clock for tests: sleeping just advances time. */
public final class FakeTicker implements Ticker {
    private long now;

    public FakeTicker() {
        this(1_000_000_000L);
    }

    public FakeTicker(long start) {
        this.now = start;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleepNanos(long nanos) {
        if (nanos > 0) {
            now += nanos;
        }
    }

    public synchronized void set(long nanos) {
        now = nanos;
    }

    public synchronized void advanceSeconds(double s) {
        now += Math.round(s * 1e9);
    }

    public synchronized void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }

    public synchronized void advanceNanos(long nanos) {
        now += nanos;
    }
}
