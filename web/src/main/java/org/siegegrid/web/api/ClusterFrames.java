package org.siegegrid.web.api;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.ClusterStatus;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * The frames of {@code GET /api/v1/cluster/stream}: the cluster (as {@code GET /api/v1/cluster}, its
 * quorum first) and every node with its state, cap, and share and achieved rate per running session.
 * Without quorum the maps refuse reads: the frame then carries the cluster and quorum alone, with
 * {@code "nodes":null} and the reason in {@code nodesError}.
 */
final class ClusterFrames implements FrameSource {
    private final Supplier<SiegeNode> node;

    ClusterFrames(Supplier<SiegeNode> node) {
        this.node = node;
    }

    @Override
    public Result next(long seq) {
        SiegeNode n = node.get();
        ClusterStatus c = n.cluster();
        JsonObject o = new JsonObject();
        o.addProperty("seq", seq);
        o.add("at", Times.iso(n.grid().clusterTimeMillis()));
        o.add("cluster", ClusterView.of(c));
        try {
            o.add("nodes", nodes(n, Set.copyOf(c.members())));
        } catch (RuntimeException e) {
            o.add("nodes", com.google.gson.JsonNull.INSTANCE);
            o.addProperty("nodesError", c.quorumPresent() ? e.getClass().getSimpleName() + ": " + e.getMessage()
                    : "no quorum: the cluster maps refuse reads");
        }
        return Result.of("cluster", o);
    }

    private static JsonArray nodes(SiegeNode n, Set<String> live) {
        List<Session> sessions = n.sessions();
        JsonArray out = new JsonArray();
        for (NodeInfo info : n.nodes()) {
            JsonObject v = NodeView.of(info, live.contains(info.nodeId()), sessions);
            JsonObject achieved = new JsonObject();
            for (Session s : sessions) {
                NodeEntry e = s.state() == SessionState.RUNNING || s.state() == SessionState.PAUSED
                        ? s.board().entry(info.nodeId()) : null;
                if (e != null) {
                    achieved.add(s.id(), Numbers.rate(e.achievedRps()));
                }
            }
            v.add("achieved", achieved);
            out.add(v);
        }
        return out;
    }
}
