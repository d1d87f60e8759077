package org.siegegrid.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * This JVM's own scheduling hiccups, as jHiccup measures them: a thread sleeps {@value #TICK_MS} ms at a time
 * and notes every wake-up more than {@value #NOTE_MS} ms late. On a 2-core machine shared with other test runs
 * a long one means every process lost the CPU about then, so a second in which the nodes sent little is the
 * machine's doing, not the fault's. Times are on {@code clock} (session seconds).
 */
final class Hiccups implements AutoCloseable {
    static final long TICK_MS = 5;
    static final long NOTE_MS = 50;

    /** The thread was away from {@code t - lengthMs} to {@code t}. */
    record Hiccup(double t, double lengthMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f ms at %.2f s", lengthMs, t);
        }
    }

    private final DoubleSupplier clock;
    private final List<Hiccup> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Hiccups(DoubleSupplier clock) {
        this.clock = clock;
        this.thread = new Thread(this::loop, "hiccups");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            long t0 = System.nanoTime();
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            double lateMs = (System.nanoTime() - t0) / 1e6 - TICK_MS;
            if (lateMs > NOTE_MS) {
                synchronized (seen) {
                    seen.add(new Hiccup(clock.getAsDouble(), lateMs));
                }
            }
        }
    }

    List<Hiccup> all() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The longest hiccup overlapping {@code [from, to)}, ms (0 when none). */
    double longestIn(double from, double to) {
        double longest = 0;
        for (Hiccup h : all()) {
            if (h.t() > from && h.t() - h.lengthMs() / 1000 < to) {
                longest = Math.max(longest, h.lengthMs());
            }
        }
        return longest;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
