package org.siegegrid.web.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.ClusterStatus;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/** What one scrape reads from the node: the cluster, every session with its merged live report, every node. */
record MetricsSnapshot(ClusterStatus cluster, Map<String, Sample> sessions, Map<String, NodeInfo> nodes) {
    static final MetricsSnapshot EMPTY = new MetricsSnapshot(null, Map.of(), Map.of());

    /** @param report the merged report, or null when it could not be built */
    record Sample(Session session, Report report) {
    }

    static MetricsSnapshot read(SiegeNode n) {
        ClusterStatus c = n.cluster();
        if (!c.quorumPresent()) {
            return new MetricsSnapshot(c, Map.of(), Map.of());
        }
        Map<String, Sample> sessions = new LinkedHashMap<>();
        for (Session s : n.sessions()) {
            Report r;
            try {
                r = n.stats(s.id());
            } catch (RuntimeException e) {
                r = null;
            }
            sessions.put(s.id(), new Sample(s, r));
        }
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        for (NodeInfo i : n.nodes()) {
            nodes.put(i.nodeId(), i);
        }
        return new MetricsSnapshot(c, sessions, nodes);
    }

    double count(SessionState state) {
        return sessions.values().stream().filter(s -> s.session().state() == state).count();
    }

    Sample sample(String id) {
        return sessions.get(id);
    }
}
