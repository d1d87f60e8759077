package org.siegegrid.core.node;

import java.util.List;

/**
 * The cluster as one node sees it.
 *
 * @param quorumRequired minimum cluster size for sending load (1 = protection off; for "majority",
 *                       the majority of the fleet as this node counts it now)
 * @param quorumPresent  whether that size is present
 * @param running        sessions RUNNING or PAUSED
 */
public record ClusterStatus(String name, String localNodeId, List<String> members, int quorumRequired,
                            boolean quorumPresent, int sessions, int running) {
    public ClusterStatus {
        members = List.copyOf(members);
    }
}
