package org.siegegrid.core.node;

import java.util.List;

import org.siegegrid.core.grid.QuorumView;

/**
 * The cluster as one node sees it.
 *
 * @param quorum   the quorum as the split-brain protection counts it (required, present, met)
 * @param sessions sessions stored, or {@link #UNKNOWN} without quorum (the maps refuse reads then)
 * @param running  sessions RUNNING or PAUSED, or {@link #UNKNOWN}
 * @param coordinator the oldest member's node id: Hazelcast's master, and the node that runs the lifecycle
 * @param untrusted members that did not prove the cluster secret, as {@code address (node id claimed)}: never
 *                  counted, never given a share
 */
public record ClusterStatus(String name, String localNodeId, String coordinator, List<String> members, QuorumView quorum,
                            int sessions, int running, List<String> untrusted) {
    public static final int UNKNOWN = -1;

    public ClusterStatus {
        members = List.copyOf(members);
        untrusted = untrusted == null ? List.of() : List.copyOf(untrusted);
    }

    /** Members needed for sending load (1 = protection off). */
    public int quorumRequired() {
        return quorum.required();
    }

    public boolean quorumPresent() {
        return quorum.met();
    }
}
