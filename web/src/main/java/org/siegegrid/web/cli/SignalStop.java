package org.siegegrid.web.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a stop request for the duration of one run, so the run
 * can stop its load and still print its summary, as siege does. A second signal, while the run is
 * already stopping, gets the JVM's default handling (exit at once). Handlers are restored on close.
 */
final class SignalStop implements StopSignal, AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    SignalStop() {
        for (String name : SIGNALS) {
            try {
                Signal s = new Signal(name);
                SignalHandler old = Signal.handle(s, this::onSignal);
                signals.add(s);
                previous.add(old);
            } catch (IllegalArgumentException unsupported) {
                // not on this platform, or already claimed by the JVM: keep the default handling
            }
        }
    }

    private void onSignal(Signal s) {
        if (!requested.compareAndSet(false, true)) {
            int i = signals.indexOf(s);
            if (i >= 0) {
                Signal.handle(s, previous.get(i));
                Signal.raise(s);
            }
        }
    }

    /** For tests and callers: request a stop as a signal would. */
    void request() {
        requested.set(true);
    }

    @Override
    public boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // nothing to restore
            }
        }
        signals.clear();
        previous.clear();
    }
}
