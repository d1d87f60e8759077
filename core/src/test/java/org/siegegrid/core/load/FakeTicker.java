package org.siegegrid.core.load;

import java.util.concurrent.atomic.AtomicLong;

/** A ticker for tests: time moves only when told to, and sleeping just advances it. */
public final class FakeTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleepNanos(long nanos) {
        if (nanos > 0) {
            now.addAndGet(nanos);
        }
    }

    public void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    public void advanceNanos(long nanos) {
        now.addAndGet(nanos);
    }
}
