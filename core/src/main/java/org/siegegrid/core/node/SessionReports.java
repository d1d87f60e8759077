package org.siegegrid.core.node;

import java.util.Map;
import java.util.TreeMap;

import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportBuilder;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;

/**
 * Builds a session's report from every node's last published stats (nodes that left included):
 * histograms are merged first, percentiles read after, never averaged.
 */
final class SessionReports {
    private final Grid grid;

    SessionReports(Grid grid) {
        this.grid = grid;
    }

    /** Every node's published stats for a session, by node id. */
    Map<String, NodeStats> nodeStats(String sessionId) {
        Map<String, NodeStats> out = new TreeMap<>();
        String prefix = sessionId + "/";
        var map = grid.<NodeStats>stats();
        for (String key : map.keySet()) {
            if (key.startsWith(prefix)) {
                NodeStats ns = map.get(key);
                if (ns != null) {
                    out.put(ns.nodeId(), ns);
                }
            }
        }
        return out;
    }

    /** The report as of now: live while the session runs, final once it has finished. */
    Report build(Session s) {
        ReportBuilder b = ReportBuilder.create();
        for (NodeStats ns : nodeStats(s.id()).values()) {
            b.addNode(ns.nodeId(), ns.runStats(keys -> grid.series().getAll(keys)));
        }
        SessionSpec spec = s.spec();
        if (!spec.openModel()) {
            b.targetRps(null);
        } else if (spec.stages().isEmpty()) {
            b.targetRps(spec.rps());
        }
        return b.thresholds(spec.thresholds()).build();
    }

    void forget(String sessionId) {
        var map = grid.<NodeStats>stats();
        for (String key : map.keySet()) {
            if (key.startsWith(sessionId + "/")) {
                NodeStats ns = map.get(key);
                if (ns != null) {
                    // one more than counted: a block whose write ended after the node's last publication
                    for (int k = 0; k <= ns.blocks(); k++) {
                        grid.series().delete(NodeStats.blockKey(sessionId, ns.nodeId(), k));
                    }
                }
                map.delete(key);
            }
        }
        grid.<String>reports().delete(sessionId);
    }
}
