package org.siegegrid.core.node;

import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.load.Ticker;

/** What a {@link SessionRunner} needs from its node: a callback surface instead of a back-reference. */
interface NodeContext {
    NodeSettings settings();

    Ticker ticker();

    Grid grid();

    ClusterClock clock();

    String nodeId();

    /** Which start of this node: a restarted node with the same id publishes its stats apart from the run before. */
    String incarnation();

    /** Relative capacity: the node's core count. */
    double weight();

    /** The operator's cap for this node now (rps), 0 = auto. */
    double capRps();

    /**
     * The fence's quorum check, counted now: Hazelcast's protection present and the nodes heard within
     * the contact window enough. A round's answer counts only when this holds as it arrives: the flag the
     * fence last left in a runner's gate may be older than a freeze.
     */
    boolean quorumNow();

    /** True while an operator has drained this node. */
    boolean drained();

    /** Where stats are merged, encoded and published: one thread, in submission order, off the loop. */
    java.util.concurrent.Executor publisher();

    /** Re-read a session whose version changed and apply it. */
    void reload(String sessionId);

    /** Appends an event about this node to a session's log (never blocks). */
    default void event(String sessionId, String kind, String detail) {
    }

    /** A whiteboard round was answered {@code nanos} after it was sent (for {@link SiegeNode#roundLatency}). */
    default void roundAnswered(long nanos) {
    }
}
