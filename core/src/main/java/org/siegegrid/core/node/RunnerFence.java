package org.siegegrid.core.node;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.load.LoadRunner;

/**
 * The fence's side of one runner: the engine runner paused within a check of the gate closing (lease or
 * quorum lost) and resumed when it opens again, the engine's send deadline kept equal to the gate's, and
 * the hold's start and end logged once each. Called under its {@link SessionRunner}'s monitor.
 */
final class RunnerFence {
    private static final Logger LOG = LogManager.getLogger(RunnerFence.class);

    private final String sessionId;
    private final SendGate gate;
    private final long holdMillis;
    /** The deadline last given to the engine runner. */
    private long engineDeadline = Long.MIN_VALUE;
    private boolean holdLogged;
    private volatile boolean paused = true;

    RunnerFence(String sessionId, SendGate gate, long holdMillis) {
        this.sessionId = sessionId;
        this.gate = gate;
        this.holdMillis = holdMillis;
    }

    /** The engine runner was just started with the gate's deadline, sending. */
    void started() {
        engineDeadline = gate.deadlineNanos();
        paused = false;
    }

    /** Whether the fence holds the runner paused now. */
    boolean paused() {
        return paused;
    }

    /**
     * One check: pause or resume {@code runner} as the gate says; a runner that is stopping stays paused.
     *
     * @param why the reason logged when this check pauses the runner; null logs nothing (its session is over)
     */
    void check(LoadRunner runner, boolean stopping, String why, double shareRps) {
        syncDeadline(runner);
        boolean holding = gate.holding();
        if (holding != holdLogged) {
            holdLogged = holding;
            if (holding) {
                LOG.info("session {}: rounds failing; holding the last grant ({} rps, never more) for up to {} ms"
                        + " past the lease while the quorum is heard", sessionId, String.format("%.1f", shareRps),
                        holdMillis);
            } else {
                LOG.info("session {}: hold over ({})", sessionId, gate.leaseFresh() ? "a round succeeded"
                        : gate.quorumPresent() ? "it ran out" : "no quorum");
            }
        }
        boolean open = gate.open() && !stopping;
        if (!open && !paused) {
            runner.pause();
            paused = true;
            if (why != null) {
                LOG.info("session {}: paused ({})", sessionId, why);
            }
        } else if (open && paused) {
            paused = false;
            runner.resume();
        }
    }

    /** Gives the engine runner the gate's deadline when it moved (the lease's end, or the hold's). */
    void syncDeadline(LoadRunner runner) {
        long d = gate.deadlineNanos();
        if (d != engineDeadline) {
            engineDeadline = d;
            runner.sendUntil(d);
        }
    }

    /** The fence could not check: paused (the safe side) until a check succeeds. */
    void forcePause(LoadRunner runner) {
        runner.pause();
        paused = true;
    }
}
