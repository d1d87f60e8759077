package org.siegegrid.core.session;

import java.util.Objects;

import org.siegegrid.core.board.Whiteboard;

/**
 * One load test as the cluster stores it (the value of the {@code sessions} map). Immutable;
 * the {@code with*} methods return copies.
 *
 * <p>{@code version} orders values for the split-brain merge (higher wins, a tie keeps the existing
 * value): it is bumped on a spec change, a stop and a delete, never by a whiteboard round.
 *
 * @param id        session id (the map key)
 * @param spec      what the user asked for
 * @param state     lifecycle state
 * @param version   merge order, see above; starts at 1
 * @param board     the whiteboard the nodes write their rounds to
 * @param createdAt cluster millis
 * @param startedAt cluster millis, 0 = not started
 * @param endedAt   cluster millis, 0 = not ended
 * @param deleted   tombstone: the session was deleted (kept a short while so a merge cannot resurrect it)
 * @param reason    why the session is FAILED or PAUSED; null otherwise
 * @param seal      the cluster secret's proof that a node's API wrote this spec for this id
 *                  ({@code MemberTrust#seal}); null without a secret. Nodes run no session whose seal fails.
 */
public record Session(String id, SessionSpec spec, SessionState state, long version, Whiteboard board,
                      long createdAt, long startedAt, long endedAt, boolean deleted, String reason, String seal) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        board = board == null ? Whiteboard.EMPTY : board;
    }

    /** A session without a seal (no cluster secret). */
    public Session(String id, SessionSpec spec, SessionState state, long version, Whiteboard board,
                   long createdAt, long startedAt, long endedAt, boolean deleted, String reason) {
        this(id, spec, state, version, board, createdAt, startedAt, endedAt, deleted, reason, null);
    }

    /** A new PENDING session at version 1 with an empty whiteboard. */
    public static Session create(String id, SessionSpec spec, long nowMillis) {
        return new Session(id, spec, SessionState.PENDING, 1, Whiteboard.EMPTY, nowMillis, 0, 0, false, null);
    }

    /** A spec change: bumps the version; the seal is the new spec's. */
    public Session withSpec(SessionSpec newSpec, String newSeal) {
        return new Session(id, newSpec, state, version + 1, board, createdAt, startedAt, endedAt, deleted, reason,
                newSeal);
    }

    /** A spec change without a seal (no cluster secret). */
    public Session withSpec(SessionSpec newSpec) {
        return withSpec(newSpec, null);
    }

    /** The same session sealed ({@code MemberTrust#seal}). */
    public Session withSeal(String newSeal) {
        return new Session(id, spec, state, version, board, createdAt, startedAt, endedAt, deleted, reason, newSeal);
    }

    /** A state change with no reason (the reason is cleared). Does not bump the version. */
    public Session withState(SessionState newState) {
        return withState(newState, null);
    }

    /** A state change with a reason (for FAILED and PAUSED). Does not bump the version. */
    public Session withState(SessionState newState, String why) {
        return new Session(id, spec, newState, version, board, createdAt, startedAt, endedAt, deleted, why, seal);
    }

    /** A stop request: STOPPING, version bumped so the stop survives a merge. */
    public Session stopping(String why) {
        return new Session(id, spec, SessionState.STOPPING, version + 1, board, createdAt, startedAt, endedAt,
                deleted, why, seal);
    }

    public Session withBoard(Whiteboard newBoard) {
        return new Session(id, spec, state, version, newBoard, createdAt, startedAt, endedAt, deleted, reason, seal);
    }

    public Session withVersion(long newVersion) {
        return new Session(id, spec, state, newVersion, board, createdAt, startedAt, endedAt, deleted, reason, seal);
    }

    public Session withStartedAt(long millis) {
        return new Session(id, spec, state, version, board, createdAt, millis, endedAt, deleted, reason, seal);
    }

    public Session withEndedAt(long millis) {
        return new Session(id, spec, state, version, board, createdAt, startedAt, millis, deleted, reason, seal);
    }

    /** The delete tombstone: deleted, version bumped (so a stale copy from a minority loses the merge). */
    public Session tombstone() {
        return new Session(id, spec, state, version + 1, board, createdAt, startedAt, endedAt, true, reason, seal);
    }

    /** True when nodes should be sending for this session. */
    public boolean running() {
        return !deleted && state == SessionState.RUNNING;
    }
}
