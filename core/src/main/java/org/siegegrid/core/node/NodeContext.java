package org.siegegrid.core.node;

import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.Ticker;

/** What a {@link SessionRunner} needs from its node: a callback surface instead of a back-reference. */
interface NodeContext {
    NodeSettings settings();

    Ticker ticker();

    Grid grid();

    Engine engine();

    String nodeId();

    /** Relative capacity: the node's core count. */
    double weight();

    /** The operator's cap for this node now (rps), 0 = auto. */
    double capRps();

    /** True while an operator has drained this node. */
    boolean drained();

    /** Re-read a session whose version changed and apply it. */
    void reload(String sessionId);
}
