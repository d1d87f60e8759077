package org.siegegrid.core.load;

import java.util.concurrent.locks.LockSupport;

/**
 * The only clock that logic reads. Tests use a fake whose sleep advances time, so schedules
 * that span minutes are checked in milliseconds.
 */
public interface Ticker {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                LockSupport.parkNanos(nanos);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    };
}
