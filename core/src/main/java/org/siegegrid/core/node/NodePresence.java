package org.siegegrid.core.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

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
import org.siegegrid.core.grid.ProcessLoad;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionEvent;

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

    /** How often the process figures are measured and published at most (cluster millis). */
    static final long PROCESS_MILLIS = 5_000;
    /** How long the same figures stay published before they are written again with a new time. */
    static final long PROCESS_REFRESH_MILLIS = 30_000;

    private final Grid grid;
    private final NodeLoop loop;
    private final Reconciler reconciler;
    private final ClusterClock clock;
    private final EventLog events;
    private final LongFunction<ProcessLoad> sampler;
    private volatile NodeInfo info;
    private volatile boolean registered;
    private volatile boolean leaving;
    private String quorumLimit;
    private long sampledAt = Long.MIN_VALUE;
    private ProcessLoad published;
    /** Node id -> the sessions (not ended) whose whiteboard had it at the last full read: who a death concerns. */
    private volatile Map<String, Set<String>> boards = Map.of();

    NodePresence(Grid grid, NodeSettings settings, NodeLoop loop, Reconciler reconciler, String apiUrl,
                 double cores, ClusterClock clock, List<String> engines, EventLog events) {
        this(grid, settings, loop, reconciler, apiUrl, cores, clock, engines, events, ProcessLoad::sample);
    }

    NodePresence(Grid grid, NodeSettings settings, NodeLoop loop, Reconciler reconciler, String apiUrl,
                 double cores, ClusterClock clock, List<String> engines, EventLog events,
                 LongFunction<ProcessLoad> sampler) {
        this.grid = grid;
        this.loop = loop;
        this.reconciler = reconciler;
        this.clock = clock;
        this.events = events;
        this.sampler = sampler;
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
        leaving = true;
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
                removed(e);
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
            long now = clock.millis();
            ProcessLoad p = sampler.apply(now);
            grid.nodes().set(info.nodeId(), info.withProcess(p));
            published = p;
            sampledAt = now;
            registered = true;
        } catch (RuntimeException e) {
            LOG.debug("node not registered yet: {}", e.toString());
        }
    }

    /**
     * Measures the process figures at most every {@link #PROCESS_MILLIS} and writes them into this node's
     * entry when they changed (rounded) or were last written {@link #PROCESS_REFRESH_MILLIS} ago. A write
     * that races an operator's change is skipped (the next pass tries again). The coordinator thread's pass.
     */
    void publishProcess() {
        long now = clock.millis();
        if (!registered || leaving || now - sampledAt < PROCESS_MILLIS) {
            return;
        }
        sampledAt = now;
        ProcessLoad p = sampler.apply(now);
        if (p.sameFigures(published) && now - published.at() < PROCESS_REFRESH_MILLIS) {
            return;
        }
        try {
            NodeInfo cur = grid.nodes().get(info.nodeId());
            if (cur != null && grid.nodes().replace(info.nodeId(), cur, cur.withProcess(p))) {
                published = p;
            }
        } catch (RuntimeException e) {
            LOG.debug("process figures not published: {}", e.toString());
        }
    }

    /** Remembers which sessions (not ended) each node is on, from a full read of the sessions. */
    void boards(Collection<Session> stored) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Session s : stored) {
            if (!s.deleted() && !s.state().terminal()) {
                for (String node : s.board().entries().keySet()) {
                    out.computeIfAbsent(node, k -> new TreeSet<>()).add(s.id());
                }
            }
        }
        boards = out;
    }

    /**
     * A member was removed. The oldest member after the removal writes {@code died} in every session (not
     * ended) the node was on — unless the node left gracefully: it took its entry out of the nodes map (and
     * wrote {@code left} itself) before it went. Worked out when written: without quorum, once it is back.
     */
    private void removed(MembershipEvent e) {
        Member gone = e.getMember();
        if (!grid.trust().trusted(gone) || e.getMembers().isEmpty() || !e.getMembers().iterator().next().localMember()) {
            return;
        }
        String id = Grid.nodeIdOf(gone);
        long at = clock.millis();
        Set<String> known = boards.getOrDefault(id, Set.of());
        String address = gone.getAddress().getHost() + ":" + gone.getAddress().getPort();
        events.later(() -> {
            if (!grid.nodes().containsKey(id)) {
                return List.of();   // it left gracefully
            }
            List<EventLog.Append> out = new ArrayList<>();
            for (Session s : grid.sessions().values()) {
                if (!s.deleted() && !s.state().terminal() && (known.contains(s.id()) || s.board().entry(id) != null)) {
                    var entry = s.board().entry(id);
                    out.add(new EventLog.Append(s.id(), SessionEvent.of(at, "died", id, "member " + address
                            + " removed from the cluster without leaving"
                            + share(entry))));
                }
            }
            return out;
        });
    }

    private static String share(org.siegegrid.core.board.NodeEntry e) {
        if (e == null || e.share().rps() <= 0) {
            return " (it had no share)";
        }
        return "; its share " + EventDetails.rate(Math.round(e.share().rps() * 100) / 100.0) + " -> 0 rps once its lease ends";
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
        NodeInfo now = e.getValue();
        if (now != null) {
            NodeInfo was = info;
            info = leaving ? now.withState(NodeState.DRAINED, was.updatedAt()) : now;
            if (was.state() != now.state() || was.capRps() != now.capRps()) {
                loop.execute(reconciler::roundAll);   // not for new process figures
            }
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
