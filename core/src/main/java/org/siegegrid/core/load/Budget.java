package org.siegegrid.core.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A runner's cumulative request budget ({@link LocalShare#quota()}), shared by its slices:
 * never exceeded; raising it lets a spent runner go on (the cluster grants budgets in chunks).
 */
final class Budget {
    private final AtomicLong acquired = new AtomicLong();
    private volatile long quota = LocalShare.UNLIMITED;

    void set(long newQuota) {
        quota = newQuota;
    }

    boolean left() {
        return acquired.get() < quota;
    }

    long remaining() {
        long q = quota;
        return q == LocalShare.UNLIMITED ? Long.MAX_VALUE : Math.max(0, q - acquired.get());
    }

    /** Takes one request from the budget; false when it is spent. */
    boolean tryAcquire() {
        long q = quota;
        if (q == LocalShare.UNLIMITED) {
            acquired.incrementAndGet();
            return true;
        }
        while (true) {
            long n = acquired.get();
            if (n >= q) {
                return false;
            }
            if (acquired.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }
}
