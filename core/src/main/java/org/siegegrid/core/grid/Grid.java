package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;

import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.WhiteboardRound;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;

/**
 * Typed access to the cluster state of one member: the maps, cluster time, the live node
 * ids, the quorum and the whiteboard round. Blocking calls: keep them off IO threads.
 */
public final class Grid implements AutoCloseable {

    private final HazelcastInstance hz;
    private final GridSettings settings;
    private final ClusterClock clock;

    private Grid(HazelcastInstance hz, GridSettings settings, ClusterClock clock) {
        this.hz = Objects.requireNonNull(hz, "hz");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock != null ? clock : hz.getCluster()::getClusterTime;
    }

    /**
     * Starts a member with {@link GridConfigFactory#build(GridSettings)} and {@link #admit admits} it.
     *
     * @throws DuplicateNodeIdException when an older member carries this node id (this member is shut down)
     */
    public static Grid start(GridSettings settings) {
        return admit(Hazelcast.newHazelcastInstance(GridConfigFactory.build(settings)), settings);
    }

    /**
     * Wraps a member that has just started, unless an older member of the cluster already carries
     * its node id: then it is shut down at once, before anything else runs on it, and this throws.
     */
    public static Grid admit(HazelcastInstance hz, GridSettings settings) {
        return admit(hz, settings, null);
    }

    /**
     * {@link #admit(HazelcastInstance, GridSettings)} with another cluster clock than Hazelcast's (tests
     * that move cluster time by hand; every member of one cluster must then read the same clock).
     */
    public static Grid admit(HazelcastInstance hz, GridSettings settings, ClusterClock clock) {
        var cluster = hz.getCluster();
        MemberTrust trust = MemberTrust.of(hz);
        Optional<Member> twin = olderTwin(trusted(trust, cluster.getMembers()), cluster.getLocalMember(),
                Grid::nodeIdOf);
        if (twin.isPresent()) {
            String address = twin.get().getAddress().toString();
            try {
                hz.shutdown();
            } catch (RuntimeException e) {
                hz.getLifecycleService().terminate();
            }
            throw new DuplicateNodeIdException(settings.nodeId(), settings.clusterName(), address);
        }
        return new Grid(hz, settings, clock);
    }

    /**
     * True when the local member must step down: an older member (earlier in the member list,
     * which Hazelcast keeps in join order) carries the same node id. For a membership listener
     * after a merge, as well as at start.
     */
    public static boolean duplicateOf(Collection<Member> membersInJoinOrder, Member local, MemberTrust trust) {
        return olderTwin(trusted(trust, membersInJoinOrder), local, Grid::nodeIdOf).isPresent();
    }

    /** {@link #duplicateOf(Collection, Member, MemberTrust)} without a secret. */
    public static boolean duplicateOf(Collection<Member> membersInJoinOrder, Member local) {
        return duplicateOf(membersInJoinOrder, local, MemberTrust.OPEN);
    }

    /** The members that proved the secret, in their order: a member that did not owns no node id. */
    private static List<Member> trusted(MemberTrust trust, Collection<Member> members) {
        return members.stream().filter(trust::trusted).toList();
    }

    /**
     * The first member before {@code local} in {@code membersInJoinOrder} with local's id; empty when
     * there is none (then local is the oldest with its id, or alone with it). Pure.
     */
    public static <M> Optional<M> olderTwin(List<M> membersInJoinOrder, M local, Function<M, String> idOf) {
        String id = idOf.apply(local);
        for (M m : membersInJoinOrder) {
            if (m.equals(local)) {
                return Optional.empty();
            }
            if (id.equals(idOf.apply(m))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Wraps a member that was started from {@link GridConfigFactory#build(GridSettings)} (tests). */
    public static Grid wrap(HazelcastInstance hz, GridSettings settings) {
        return new Grid(hz, settings, null);
    }

    /** The stable node id of a member (its attribute), or its UUID for a member without one. */
    public static String nodeIdOf(Member m) {
        String id = m.getAttribute(GridConfigFactory.NODE_ID_ATTRIBUTE);
        return id != null ? id : m.getUuid().toString();
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public GridSettings settings() {
        return settings;
    }

    /** The cluster secret at work on this member ({@link MemberTrust#OPEN} without one). */
    public MemberTrust trust() {
        return MemberTrust.of(hz);
    }

    /** Members in the cluster that did not prove the secret (empty without one): never counted, never given a share. */
    public List<Member> untrustedMembers() {
        return trust().untrusted(hz.getCluster().getMembers());
    }

    public String nodeId() {
        return settings.nodeId();
    }

    public IMap<String, Session> sessions() {
        return hz.getMap(GridConfigFactory.SESSIONS);
    }

    public IMap<String, NodeInfo> nodes() {
        return hz.getMap(GridConfigFactory.NODES);
    }

    /** Per session per node statistics; the value type belongs to the report package. */
    public <V> IMap<String, V> stats() {
        return hz.getMap(GridConfigFactory.STATS);
    }

    /** Sealed blocks of each node's per-second series (see NodeStats#blocks): written once, read by reports. */
    public IMap<String, byte[]> series() {
        return hz.getMap(GridConfigFactory.SERIES);
    }

    /** Each session's event log by session id (appended with {@link EventAppendProcessor}). */
    public IMap<String, org.siegegrid.core.session.SessionEventLog> events() {
        return hz.getMap(GridConfigFactory.EVENTS);
    }

    /** Appends events to a session's log (blocking); returns the number of the last one, 0 when none was written. */
    public long appendEvents(String sessionId, java.util.List<org.siegegrid.core.session.SessionEvent> added) {
        Long last = events().executeOnKey(sessionId, new EventAppendProcessor(added,
                org.siegegrid.core.session.SessionEventLog.MAX));
        return last == null ? 0 : last;
    }

    /** Final merged reports by session id; the value type belongs to the report package. */
    public <V> IMap<String, V> reports() {
        return hz.getMap(GridConfigFactory.REPORTS);
    }

    /** Cluster time: Hazelcast's cluster clock (the master's, roughly) unless a clock was given at admission. */
    public long clusterTimeMillis() {
        return clock.millis();
    }

    /** Stable node ids of the members this member sees that proved the secret, itself included. */
    /**
     * The node id of the oldest member: Hazelcast's master, which decides membership, and the node whose
     * coordinator runs the sessions' lifecycle and builds their reports.
     */
    public String oldestNodeId() {
        var it = hz.getCluster().getMembers().iterator();
        return it.hasNext() ? nodeIdOf(it.next()) : nodeId();
    }

    public SortedSet<String> liveNodeIds() {
        SortedSet<String> ids = new TreeSet<>();
        MemberTrust trust = trust();
        for (Member m : hz.getCluster().getMembers()) {
            if (trust.trusted(m)) {
                ids.add(nodeIdOf(m));
            }
        }
        return Collections.unmodifiableSortedSet(ids);
    }

    /**
     * The live nodes this member has heard from recently (within {@link GridConfigFactory#silenceWindow}),
     * itself included; without a quorum, every live node (nothing tracks heartbeats then).
     */
    public SortedSet<String> heardNodeIds() {
        HeardQuorumFunction f = heardFunction();
        if (f == null) {
            return liveNodeIds();
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(f.heard(hz.getCluster().getMembers(),
                GridConfigFactory.silenceWindow(settings))));
    }

    /**
     * True when the nodes heard from within {@code window} make a quorum by the configured rule (always
     * without one), counted now: Hazelcast re-evaluates its protection only once per heartbeat interval.
     */
    public boolean quorumHeardWithin(Duration window) {
        HeardQuorumFunction f = heardFunction();
        return f == null || f.enoughWithin(hz.getCluster().getMembers(), window);
    }

    private HeardQuorumFunction heardFunction() {
        if (!settings.quorum().enabled()) {
            return null;
        }
        var cfg = hz.getConfig().getSplitBrainProtectionConfigs().get(GridConfigFactory.QUORUM_NAME);
        return cfg != null && cfg.getFunctionImplementation() instanceof HeardQuorumFunction f ? f : null;
    }

    /**
     * True when this member may send load: it is running and its protection is off, or the minimum
     * cluster size is present. A member that has shut down or been terminated never may.
     */
    public boolean quorumPresent() {
        if (!hz.getLifecycleService().isRunning()) {
            return false;
        }
        if (!settings.quorum().enabled()) {
            return true;
        }
        SplitBrainProtection q = hz.getSplitBrainProtectionService().getSplitBrainProtection(GridConfigFactory.QUORUM_NAME);
        return q.hasMinimumSize();
    }

    /** One whiteboard round for a session (blocking). */
    public RoundResult round(String sessionId, RoundInput input) {
        return sessions().executeOnKey(sessionId, new WhiteboardRound(input));
    }

    public CompletionStage<RoundResult> roundAsync(String sessionId, RoundInput input) {
        return sessions().submitToKey(sessionId, new WhiteboardRound(input));
    }

    /**
     * Applies one lifecycle event to a session where it is stored (an EntryProcessor on its key, at
     * this member's cluster time): no read-modify-write race with the rounds. A delete writes the
     * tombstone (version + 1) with {@code tombstoneTtl}, so a minority's stale copy loses the merge.
     */
    public Lifecycle.Outcome apply(String sessionId, Lifecycle.Event event) {
        return sessions().executeOnKey(sessionId, processor(event)).outcome();
    }

    /** {@link #apply(String, Lifecycle.Event)} as of cluster time {@code atMillis} (a start set ahead). */
    public Lifecycle.Outcome apply(String sessionId, Lifecycle.Event event, long atMillis) {
        return sessions().executeOnKey(sessionId,
                new LifecycleProcessor(event, atMillis, settings.tombstoneTtl().toMillis())).outcome();
    }

    public CompletionStage<Lifecycle.Outcome> applyAsync(String sessionId, Lifecycle.Event event) {
        // a callback without an executor runs on the common pool: a new thread each on 2 cores
        return sessions().submitToKey(sessionId, processor(event))
                .thenApplyAsync(LifecycleProcessor.Result::outcome, Runnable::run);
    }

    private LifecycleProcessor processor(Lifecycle.Event event) {
        return new LifecycleProcessor(event, clusterTimeMillis(), settings.tombstoneTtl().toMillis());
    }

    /** This member's cluster clock. */
    public ClusterClock clock() {
        return clock;
    }

    /** The quorum as the protection counts it on this member (what the API shows). */
    public QuorumView quorumView() {
        Quorum q = settings.quorum();
        int members = liveNodeIds().size();
        if (!q.enabled()) {
            return new QuorumView("off", 1, members, true, List.of());
        }
        if (q.majority()) {
            MajorityQuorumFunction f = MajorityQuorumFunction.of(hz);
            if (f != null) {
                QuorumView v = f.view();
                return new QuorumView(v.rule(), v.required(), v.present(), quorumPresent(), v.fleet());
            }
        }
        var cfg = hz.getConfig().getSplitBrainProtectionConfigs().get(GridConfigFactory.QUORUM_NAME);
        int counted = cfg != null && cfg.getFunctionImplementation() instanceof FixedQuorumFunction f
                ? f.lastPresent() : members;
        return new QuorumView(q.toString(), q.size(), counted, quorumPresent(), List.of());
    }

    /**
     * Gives every tombstone without an expiry its TTL again and returns how many. Hazelcast's merge
     * takes the expiration of the merging entry even when the policy keeps the existing value, so a
     * tombstone can lose its TTL in a heal; the node calls this after a merge (and now and then).
     */
    public int reapplyTombstoneTtls() {
        IMap<String, Session> map = sessions();
        int fixed = 0;
        for (String id : map.keySet(Predicates.equal("deleted", true))) {
            var view = map.getEntryView(id);
            if (view != null && (view.getTtl() <= 0 || view.getTtl() == Long.MAX_VALUE)) {
                map.setTtl(id, settings.tombstoneTtl().toMillis(), TimeUnit.MILLISECONDS);
                fixed++;
            }
        }
        return fixed;
    }

    /**
     * Tells every member that {@code nodeId} is gone for good (it left gracefully or an operator
     * removed it), so the majority quorum stops counting it. Waits at most {@code timeout}.
     */
    public void forgetNode(String nodeId, Duration timeout) {
        var futures = hz.getExecutorService(GridConfigFactory.CONTROL_EXECUTOR)
                .submitToAllMembers(new ForgetNodeTask(nodeId));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var f : futures.values()) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // a member that cannot be told keeps counting the node: safe side (quorum is harder to reach)
            }
        }
    }

    /** Graceful leave: announce it (so the majority shrinks), then shut the member down. */
    public void leave(Duration announceTimeout) {
        if (hz.getLifecycleService().isRunning()) {
            if (settings.quorum().majority()) {
                forgetNode(nodeId(), announceTimeout);
            }
            hz.shutdown();
        }
    }

    @Override
    public void close() {
        leave(Duration.ofSeconds(5));
    }
}
