package org.siegegrid.core.load;

/** A clock for tests: sleeping just advances time. */
public final class FakeTicker implements Ticker {
    private long now;

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
}
