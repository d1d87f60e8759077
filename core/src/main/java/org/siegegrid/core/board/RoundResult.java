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
 */
public record RoundResult(SessionState state, long version, long round, Share share, long quota,
                          long leaseExpiry, double deficit, long budgetLeft) {

    public RoundResult {
        share = share == null ? Share.ZERO : share;
    }

    /** The answer when the session does not run (absent, deleted, paused, stopping, ended). */
    public static RoundResult idle(SessionState state, long version, long round) {
        return new RoundResult(state, version, round, Share.ZERO, 0, 0, 0, 0);
    }

    /** True when the caller should be sending now. */
    public boolean sending() {
        return state == SessionState.RUNNING && !share.idle();
    }
}
