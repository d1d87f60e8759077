package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints, once a second while traffic flows, how many requests arrived in that second. */
final class RateLog implements AutoCloseable {
    private final LongSupplier total;
    private final PrintWriter out;
    private final ScheduledExecutorService timer;
    private long last;
    private long seconds;

    RateLog(LongSupplier total, PrintWriter out) {
        this.total = total;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "target-rate");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        last = total.getAsLong();
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        seconds++;
        long now = total.getAsLong();
        long delta = now - last;
        last = now;
        if (delta > 0) {
            out.printf("%6ds %8d req/s   total %d%n", seconds, delta, now);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
