package org.siegegrid.core.board;

import org.siegegrid.core.session.SessionState;

/**
 * What a round tells the calling node.
 *
 * @param state       the session's state; null when the session is absent or deleted
 * @param version     the session's version (the caller notices spec changes by it)
 * @param round       the whiteboard round after this one (unchanged when nothing was written)
 * @param share       what the caller may send until {@code leaseExpiry}; zero unless the session runs
 * @param quota       requests the caller may ever issue for this session (cumulative);
 *                    {@link Long#MAX_VALUE} when the session has no budget
 * @param leaseExpiry cluster millis; 0 when nothing was granted because the session does not run
 * @param deficit     open model: rps without capacity; closed model: users without a node
 * @param budgetLeft  requests still ungranted in the whole budget; {@link Long#MAX_VALUE} without a budget
 * @param next        the share to switch to at {@code nextAt} (cluster millis; 0 = no switch): a hand-off
 * @param nextAt      when; the caller switches then, not before (an increase) and not after (a decrease)
 */
public record RoundResult(SessionState state, long version, long round, Share share, long quota,
                          long leaseExpiry, double deficit, long budgetLeft, Share next, long nextAt) {

    public RoundResult {
        share = share == null ? Share.ZERO : share;
        next = next == null || nextAt <= 0 ? share : next;
        nextAt = Math.max(0, nextAt);
    }

    /** An answer without a scheduled switch. */
    public RoundResult(SessionState state, long version, long round, Share share, long quota, long leaseExpiry,
                       double deficit, long budgetLeft) {
        this(state, version, round, share, quota, leaseExpiry, deficit, budgetLeft, null, 0);
    }

    /** The answer when the session does not run (absent, deleted, paused, stopping, ended). */
    public static RoundResult idle(SessionState state, long version, long round) {
        return new RoundResult(state, version, round, Share.ZERO, 0, 0, 0, 0);
    }

    /** True when a switch to {@link #next} is scheduled. */
    public boolean scheduled() {
        return nextAt > 0;
    }

    /** True when the caller should be sending now. */
    public boolean sending() {
        return state == SessionState.RUNNING && !share.idle();
    }
}
