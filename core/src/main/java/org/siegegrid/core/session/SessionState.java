package org.siegegrid.core.session;

/**
 * Lifecycle of a session: PENDING → RUNNING ⇄ PAUSED (no quorum / no capacity) → STOPPING →
 * FINISHED | FAILED.
 */
public enum SessionState {
    PENDING, RUNNING, PAUSED, STOPPING, FINISHED, FAILED;

    /** True for the end states: nothing runs and nothing will. */
    public boolean terminal() {
        return this == FINISHED || this == FAILED;
    }
}
