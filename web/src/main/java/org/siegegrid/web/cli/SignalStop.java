package org.siegegrid.web.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns Ctrl-C (SIGINT) or SIGTERM into a stop request for one run, so the run can stop its load
 * and still print its summary, as siege does. Plain Java: the JVM starts its shutdown on the
 * signal; this hook flags the stop, then holds the shutdown until {@link Main#main} hands over the
 * run's exit code (or {@link #HOLD} passes), and exits with that code.
 */
final class SignalStop implements StopSignal, AutoCloseable {
    /** Longest the shutdown waits for the run to stop and print. */
    static final long HOLD = TimeUnit.SECONDS.toMillis(15);
    private static final int SIGINT_EXIT = 130;

    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();
    private static final AtomicInteger EXIT_CODE = new AtomicInteger(SIGINT_EXIT);
    private static final CountDownLatch HANDED_OVER = new CountDownLatch(1);

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Thread hook;

    SignalStop() {
        hook = new Thread(this::onShutdown, "run-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onShutdown() {
        SHUTTING_DOWN.set(true);
        requested.set(true);
        try {
            HANDED_OVER.await(HOLD, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(EXIT_CODE.get());
    }

    /** For callers and tests: request a stop as a signal would. */
    void request() {
        requested.set(true);
    }

    @Override
    public boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for exit() below
        }
    }

    /**
     * Ends the process with {@code code}. During a signal-started shutdown, System.exit would block
     * forever, so the code goes to the waiting hook instead.
     */
    static void exit(int code) {
        if (SHUTTING_DOWN.get()) {
            EXIT_CODE.set(code);
            HANDED_OVER.countDown();
            return;
        }
        System.exit(code);
    }
}
