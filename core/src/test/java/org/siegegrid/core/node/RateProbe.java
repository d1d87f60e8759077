package org.siegegrid.core.node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Samples a cumulative counter every 50 ms so tests can ask for its recent rate. */
final class RateProbe implements AutoCloseable {
    private final LongSupplier counter;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    RateProbe(LongSupplier counter) {
        this.counter = counter;
        timer.scheduleAtFixedRate(this::sample, 0, 50, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        samples.addLast(new long[] {System.nanoTime(), counter.getAsLong()});
        while (samples.size() > 400) {
            samples.removeFirst();
        }
    }

    /** Events per second over the last {@code windowMs} (NaN until a window is covered). */
    synchronized double rate(long windowMs) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        long[] last = samples.peekLast();
        long[] first = null;
        for (var it = samples.descendingIterator(); it.hasNext(); ) {
            long[] s = it.next();
            if (last[0] - s[0] >= windowMs * 1_000_000L) {
                first = s;
                break;
            }
        }
        if (first == null) {
            return Double.NaN;
        }
        return (last[1] - first[1]) * 1e9 / (last[0] - first[0]);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
