package org.siegegrid.web.api;

import com.hazelcast.core.HazelcastException;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.Quorum;
import org.siegegrid.core.node.ClusterStatus;
import org.siegegrid.core.node.SiegeNode;

/**
 * The cluster status even without quorum: the maps refuse reads then (split-brain protection on
 * READ_WRITE), so {@link SiegeNode#cluster()} throws; the membership part is still known, the
 * session counts are not ({@link #UNKNOWN}).
 */
final class ClusterState {
    static final int UNKNOWN = -1;

    private ClusterState() {
    }

    static ClusterStatus of(SiegeNode node) {
        try {
            return node.cluster();
        } catch (HazelcastException e) {
            Grid g = node.grid();
            Quorum q = g.settings().quorum();
            int members = g.liveNodeIds().size();
            // the same rule as SiegeNode.cluster()
            int required = !q.enabled() ? 1 : q.majority() ? members / 2 + 1 : q.size();
            return new ClusterStatus(node.settings().clusterName(), node.nodeId(), g.liveNodeIds().stream().toList(),
                    required, g.quorumPresent(), UNKNOWN, UNKNOWN);
        }
    }
}
