package org.siegegrid.core.node;

import java.util.List;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryUpdatedListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.grid.NodeState;

/**
 * This node as the cluster sees it: its entry in the {@code nodes} map (registered once the maps take
 * writes, followed when an operator drains or caps it) and the listeners that react to the cluster — a
 * member joined or left (every runner takes a round), a leave asked for on the control topic, and an
 * older member with this node's id after a merge (this node steps down).
 */
final class NodePresence {
    private static final Logger LOG = LogManager.getLogger(NodePresence.class);

    /**
     * What the node does when the cluster asks it to go: {@code leave} gracefully, or {@code stepDown}: stop
     * sending now (an older twin has this id), then close.
     */
    record Exits(Runnable leave, Runnable stepDown) {
    }

    private final Grid grid;
    private final NodeLoop loop;
    private final Reconciler reconciler;
    private volatile NodeInfo info;
    private volatile boolean registered;
    private String quorumLimit;

    NodePresence(Grid grid, NodeSettings settings, NodeLoop loop, Reconciler reconciler, String apiUrl,
                 double cores, ClusterClock clock, List<String> engines) {
        this.grid = grid;
        this.loop = loop;
        this.reconciler = reconciler;
        var self = grid.hazelcast().getCluster().getLocalMember();
        this.info = new NodeInfo(grid.nodeId(), settings.nodeName().isEmpty() ? grid.nodeId() : settings.nodeName(),
                List.of(self.getAddress().getHost() + ":" + self.getAddress().getPort()), apiUrl, NodeState.ACTIVE,
                settings.capacityRps(), (int) cores, version(), clock.millis(), engines);
    }

    /** The node's entry as last seen (its cap and drained state steer its runners). */
    NodeInfo info() {
        return info;
    }

    /** Marks this node drained locally (leaving): its runners release their shares at their next round. */
    void drainLocally(long now) {
        info = info.withState(NodeState.DRAINED, now);
    }

    /** Adds the listeners; the node's entry follows at once if the maps take writes. */
    void listen(Exits exits) {
        var hz = grid.hazelcast();
        grid.nodes().addEntryListener((EntryUpdatedListener<String, NodeInfo>) this::nodeChanged, info.nodeId(), true);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                if (Grid.duplicateOf(e.getMembers(), hz.getCluster().getLocalMember(), grid.trust())) {
                    LOG.error("node id {} is already a member of cluster {} (an older node has it); this node stops"
                            + " and leaves", grid.nodeId(), grid.settings().clusterName());
                    exits.stepDown().run();   // a merge brought in an older node with this id: it keeps it
                    return;
                }
                sayIfUntrusted(e.getMember());
                LOG.info("member {} joined ({}); members now {}", Grid.nodeIdOf(e.getMember()), e.getMember().getAddress(),
                        e.getMembers().size());
                membersChanged();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                // a graceful leave and a crash look alike here: Hazelcast removed the member either way
                LOG.info("member {} left ({}); members now {}", Grid.nodeIdOf(e.getMember()), e.getMember().getAddress(),
                        e.getMembers().size());
                membersChanged();
            }
        });
        hz.<String>getTopic(NodeAdmin.CONTROL_TOPIC).addMessageListener(m -> {
            if (("leave " + grid.nodeId()).equals(m.getMessageObject())) {
                new Thread(exits.leave(), "siegegrid-leave").start();
            }
        });
        hz.getCluster().getMembers().forEach(this::sayIfUntrusted);
        register();   // at once when the quorum is there (it is for a first node): the API lists it from the start
    }

    /** Puts this node in the nodes map once the maps take writes (they refuse them without quorum). */
    void register() {
        if (registered || !grid.quorumPresent()) {
            return;
        }
        try {
            grid.nodes().set(info.nodeId(), info);
            registered = true;
        } catch (RuntimeException e) {
            LOG.debug("node not registered yet: {}", e.toString());
        }
    }

    /** Takes the node's entry out of the nodes map (closing; the cluster may be gone already). */
    void unregister() {
        try {
            grid.nodes().delete(grid.nodeId());
        } catch (RuntimeException e) {
            // the cluster may be gone already
        }
    }

    /** Says loudly that a member did not prove the cluster secret (it counts for nothing here). */
    private void sayIfUntrusted(Member m) {
        if (!grid.trust().trusted(m)) {
            LOG.error("member {} (claims node id {}) did not prove the cluster secret: not counted for the quorum,"
                    + " given no share, sessions it writes are not run (or this node's cluster.secret differs from"
                    + " the fleet's)", m.getAddress(), Grid.nodeIdOf(m));
        }
    }

    private void membersChanged() {
        loop.execute(reconciler::roundAll);
        loop.execute(this::sayQuorumLimit);
    }

    private void nodeChanged(EntryEvent<String, NodeInfo> e) {
        if (e.getValue() != null) {
            info = e.getValue();
            loop.execute(reconciler::roundAll);
        }
    }

    /** Logs, once per change, what the quorum rule cannot protect against with the nodes now in the cluster. */
    private void sayQuorumLimit() {
        String limit = grid.quorumView().limit(grid.liveNodeIds().size());
        if (limit != null && !limit.equals(quorumLimit)) {
            LOG.warn("{}", limit);
        }
        quorumLimit = limit;
    }

    private static String version() {
        String v = NodePresence.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
