package org.siegegrid.web.target;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.siegegrid.core.load.Ticker;

/**
 * Counts events in whole seconds measured from the first event. Many threads record at once
 * (a LongAdder per second); reading makes a consistent-enough snapshot for a sink.
 */
public final class SecondCounter {
    private static final long SECOND = 1_000_000_000L;
    private static final long UNSET = Long.MIN_VALUE;

    private final Ticker ticker;
    private final LongAdder total = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder garbage = new LongAdder();
    private final LongAdder hung = new LongAdder();
    private final AtomicLong first = new AtomicLong(UNSET);
    private final ConcurrentHashMap<Long, LongAdder> seconds = new ConcurrentHashMap<>();

    public SecondCounter(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Counts one event now. */
    public void record() {
        long now = ticker.nanoTime();
        long start = first.get();
        if (start == UNSET) {
            first.compareAndSet(UNSET, now);
            start = first.get();
        }
        long second = Math.max(0, (now - start) / SECOND);
        LongAdder bucket = seconds.get(second);
        if (bucket == null) {
            bucket = seconds.computeIfAbsent(second, k -> new LongAdder());
        }
        bucket.increment();
        total.increment();
    }

    /** Counts one deliberate error answer (already counted by {@link #record()}). */
    public void recordError() {
        recordFault(FaultMix.Kind.ERROR);
    }

    /** Counts one deliberate fault of a request already counted by {@link #record()}. */
    public void recordFault(FaultMix.Kind kind) {
        switch (kind) {
            case ERROR -> errors.increment();
            case RESET -> resets.increment();
            case GARBAGE -> garbage.increment();
            case HANG -> hung.increment();
            default -> {
            }
        }
    }

    public long total() {
        return total.sum();
    }

    /** Total, deliberate faults, and the counts of completed seconds up to the last one with traffic. */
    public TargetStats snapshot() {
        long start = first.get();
        List<Long> per = new ArrayList<>();
        if (start != UNSET) {
            long complete = (ticker.nanoTime() - start) / SECOND;
            long last = -1;
            for (Long s : seconds.keySet()) {
                if (s < complete && s > last) {
                    last = s;
                }
            }
            for (long s = 0; s <= last; s++) {
                LongAdder b = seconds.get(s);
                per.add(b == null ? 0L : b.sum());
            }
        }
        return new TargetStats(total.sum(), errors.sum(), resets.sum(), garbage.sum(), hung.sum(), per);
    }

    /** Forgets everything; the next event starts a new first second. */
    public void reset() {
        first.set(UNSET);
        seconds.clear();
        total.reset();
        errors.reset();
        resets.reset();
        garbage.reset();
        hung.reset();
    }
}
