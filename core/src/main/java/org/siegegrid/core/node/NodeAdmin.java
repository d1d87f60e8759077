package org.siegegrid.core.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.hazelcast.core.HazelcastException;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.grid.NodeState;
import org.siegegrid.core.grid.QuorumView;
import org.siegegrid.core.session.Problem;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * The nodes API of a node (list, drain, activate, cap, remove) and the cluster status. Blocking on
 * the cluster: keep it off IO threads.
 */
final class NodeAdmin {
    static final String CONTROL_TOPIC = "siegegrid-control";

    private final Grid grid;
    private final NodeSettings settings;
    private final SessionService sessions;
    private final EventLog events;

    NodeAdmin(Grid grid, NodeSettings settings, SessionService sessions, EventLog events) {
        this.grid = grid;
        this.settings = settings;
        this.sessions = sessions;
        this.events = events;
    }

    List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>(grid.nodes().values());
        out.sort(Comparator.comparing(NodeInfo::nodeId));
        return out;
    }

    Optional<NodeInfo> node(String id) {
        return Optional.ofNullable(grid.nodes().get(id));
    }

    NodeInfo drain(String id) {
        return change(id, n -> n.withState(NodeState.DRAINED, grid.clusterTimeMillis()));
    }

    NodeInfo activate(String id) {
        return change(id, n -> n.withState(NodeState.ACTIVE, grid.clusterTimeMillis()));
    }

    /**
     * The event of an operator's change, in every session that has not ended and has the node on its
     * whiteboard (the sessions whose shares it moves); nothing when nothing changed.
     */
    private void logged(NodeInfo before, NodeInfo after) {
        String kind;
        String detail;
        if (before.state() != after.state()) {
            kind = after.drained() ? "drained" : "activated";
            detail = before.state() + " -> " + after.state() + " (through the API of node " + grid.nodeId() + ")";
        } else if (before.capRps() != after.capRps()) {
            kind = "capped";
            detail = "cap " + cap(before.capRps()) + " -> " + cap(after.capRps()) + " (through the API of node "
                    + grid.nodeId() + ")";
        } else {
            return;
        }
        long at = after.updatedAt();
        try {
            for (Session s : sessions.sessions()) {
                if (!s.state().terminal() && s.board().entry(after.nodeId()) != null) {
                    events.record(s.id(), org.siegegrid.core.session.SessionEvent.of(at, kind, after.nodeId(), detail));
                }
            }
        } catch (HazelcastException e) {
            // the change is made; its events are lost with the quorum that went meanwhile
        }
    }

    private static String cap(double rps) {
        return rps == 0 ? "auto" : EventDetails.rate(rps) + " rps";
    }

    NodeInfo cap(String id, double capRps) {
        if (!(capRps >= 0) || Double.isInfinite(capRps) || capRps > settings.maxRps()) {
            throw NodeException.invalid(List.of(new Problem("capacityRps",
                    "must be between 0 (auto) and " + (long) settings.maxRps() + ", got " + capRps)));
        }
        return change(id, n -> n.withCapRps(capRps, grid.clusterTimeMillis()));
    }

    /**
     * A live node is asked to leave gracefully (its process exits when run by {@code serve}); a node
     * that is gone already is removed from the list and forgotten by the majority quorum.
     */
    void remove(String id) {
        NodeInfo n = node(id).orElseThrow(() -> NodeException.notFound("id", "no node " + id));
        if (!grid.liveNodeIds().contains(n.nodeId())) {
            grid.nodes().delete(id);
            grid.forgetNode(id, Duration.ofSeconds(2));
            return;
        }
        grid.hazelcast().<String>getTopic(CONTROL_TOPIC).publish("leave " + id);
    }

    private NodeInfo change(String id, UnaryOperator<NodeInfo> change) {
        sessions.requireQuorum();
        var map = grid.nodes();
        for (int attempt = 0; attempt < 20; attempt++) {
            NodeInfo cur = map.get(id);
            if (cur == null) {
                throw NodeException.notFound("id", "no node " + id);
            }
            NodeInfo next = change.apply(cur);
            if (map.replace(id, cur, next)) {
                logged(cur, next);
                return next;
            }
        }
        throw NodeException.unavailable("node " + id + " kept changing; try again");
    }

    /** The cluster status; without quorum the session counts are {@link ClusterStatus#UNKNOWN}. */
    ClusterStatus cluster() {
        QuorumView q = grid.quorumView();
        int all = ClusterStatus.UNKNOWN;
        int running = ClusterStatus.UNKNOWN;
        if (q.met()) {
            try {
                List<Session> list = sessions.sessions();
                all = list.size();
                running = (int) list.stream().filter(s -> s.state() == SessionState.RUNNING
                        || s.state() == SessionState.PAUSED).count();
            } catch (HazelcastException e) {
                // the quorum went between the two calls: the counts stay unknown
            }
        }
        List<String> untrusted = grid.untrustedMembers().stream()
                .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort() + " (" + Grid.nodeIdOf(m) + ")")
                .toList();
        return new ClusterStatus(settings.clusterName(), grid.nodeId(), grid.oldestNodeId(), new ArrayList<>(grid.liveNodeIds()), q,
                all, running, untrusted);
    }

    /** Readiness: the quorum alone, without reading any map. */
    QuorumView ready() {
        return grid.quorumView();
    }

}
