package org.siegegrid.core.board;

/**
 * Ids of SiegeGrid's IdentifiedDataSerializable classes (processors, tasks, the merge policy).
 * The factory that creates them is registered in {@code org.siegegrid.core.grid.GridSerialization};
 * the ids live here because the processors in this package must name them without importing grid.
 */
public final class WireIds {
    public static final int FACTORY_ID = 0x5347;   // "SG"

    public static final int WHITEBOARD_ROUND = 1;
    public static final int SESSION_MERGE_POLICY = 2;
    public static final int FORGET_NODE_TASK = 3;
    public static final int LIFECYCLE_PROCESSOR = 4;
    public static final int LIFECYCLE_RESULT = 5;
    public static final int EVENT_APPEND_PROCESSOR = 6;

    private WireIds() {
    }
}
