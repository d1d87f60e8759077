package org.siegegrid.core.grid;

/** Whether a node takes part in the load pool. */
public enum NodeState {
    ACTIVE, DRAINED
}
