package org.siegegrid.core.node;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The fence in front of every runner's load, checked every 50 ms on a thread of its own: a runner
 * sends only while its lease is fresh and the quorum is present. It must never die: a scheduled
 * task that throws is cancelled for good, so every check is guarded on its own — one runner's
 * failure neither stops the others' checks nor the next pass — and when the quorum cannot be read
 * the fence takes it as absent (pause: safety first).
 */
final class Fence implements Runnable {
    private static final Logger LOG = LogManager.getLogger(Fence.class);

    /** How often the fence checks (NodeLoop schedules it). */
    static final long PERIOD_MILLIS = NodeLoop.FENCE_MILLIS;

    private final BooleanSupplier quorum;
    private final Supplier<Collection<SessionRunner>> runners;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    Fence(BooleanSupplier quorum, Supplier<Collection<SessionRunner>> runners) {
        this.quorum = quorum;
        this.runners = runners;
    }

    @Override
    public void run() {
        try {
            check();
        } catch (Throwable t) {   // NOPMD: the fence must outlive anything thrown inside it
            LOG.error("fence pass failed (the next one runs in 50 ms): {}", t.toString());
        }
    }

    private void check() {
        boolean present;
        try {
            present = quorum.getAsBoolean();
        } catch (RuntimeException e) {
            present = false;
        }
        for (SessionRunner r : runners.get()) {
            try {
                r.fence(present);
                if (failing.remove(r.sessionId())) {
                    LOG.info("session {}: fence check works again", r.sessionId());
                }
            } catch (Throwable t) {   // NOPMD: one runner's failure must not stop the others' checks
                if (failing.add(r.sessionId())) {
                    LOG.error("session {}: fence check failed, pausing its runner: {}", r.sessionId(), t.toString());
                }
                try {
                    r.forcePause();
                } catch (Throwable again) {   // NOPMD
                    // nothing more to do this pass; the next one tries again
                }
            }
        }
    }
}
