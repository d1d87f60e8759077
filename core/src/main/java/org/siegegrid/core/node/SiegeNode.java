package org.siegegrid.core.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.topic.ITopic;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.grid.NodeState;
import org.siegegrid.core.grid.Quorum;
import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Limits;
import org.siegegrid.core.session.Problem;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.SpecValidator;

/**
 * One SiegeGrid node: a Hazelcast member, a load engine, a runner per running session, the
 * whiteboard rounds, the fence watchdog, the stats publisher and the session lifecycle. Its public
 * methods are the Java API that the REST API exposes one to one; they block on the cluster, so
 * keep them off IO threads.
 */
public final class SiegeNode implements AutoCloseable, NodeContext {
    private static final Logger LOG = LogManager.getLogger(SiegeNode.class);
    static final String CONTROL_TOPIC = "siegegrid-control";
    private static final long WATCHDOG_MILLIS = 50;

    private final NodeSettings settings;
    private final Grid grid;
    private final Engine engine;
    private final Ticker ticker;
    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService watchdog;
    private final Map<String, SessionRunner> runners = new ConcurrentHashMap<>();
    private final SessionReports reports;
    private final Coordinator coordinator;
    private final Limits limits;
    private final double cores = Runtime.getRuntime().availableProcessors();
    private volatile NodeInfo info;
    private volatile Consumer<SiegeNode> onLeave = n -> { };
    private volatile boolean closed;
    private int ticks;
    private boolean registered;

    private SiegeNode(NodeSettings settings, Grid grid, Engine engine, Ticker ticker, String apiUrl) {
        this.settings = settings;
        this.grid = grid;
        this.engine = engine;
        this.ticker = ticker;
        this.limits = Limits.DEFAULT.withMaxRps(settings.maxRps()).withAllowHosts(
                settings.targetsAllow().contains("*") ? List.of() : settings.targetsAllow());
        this.reports = new SessionReports(grid);
        this.coordinator = new Coordinator(grid, reports, settings.reportsDir());
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("siegegrid-node-" + grid.nodeId()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("siegegrid-fence-" + grid.nodeId()));
        var hz = grid.hazelcast();
        var self = hz.getCluster().getLocalMember();
        this.info = new NodeInfo(grid.nodeId(), settings.nodeName().isEmpty() ? grid.nodeId() : settings.nodeName(),
                List.of(self.getAddress().getHost() + ":" + self.getAddress().getPort()), apiUrl, NodeState.ACTIVE,
                settings.capacityRps(), (int) cores, version(), grid.clusterTimeMillis());
    }

    /** Starts a node from settings: joins (or forms) the cluster, then starts its loops. */
    public static SiegeNode start(NodeSettings settings, String apiUrl) {
        Grid grid = Grid.start(gridSettings(settings));
        return start(settings, grid, new NativeEngine(), Ticker.SYSTEM, apiUrl);
    }

    /** Starts a node on a member already started from {@link #gridSettings} (tests, embedding). */
    public static SiegeNode start(NodeSettings settings, Grid grid, Engine engine, Ticker ticker, String apiUrl) {
        SiegeNode node = new SiegeNode(settings, grid, engine, ticker, apiUrl);
        node.begin();
        return node;
    }

    /** The Hazelcast side of the settings. */
    public static GridSettings gridSettings(NodeSettings s) {
        return s.toGridSettings();
    }

    private void begin() {
        var hz = grid.hazelcast();
        grid.nodes().addEntryListener((EntryUpdatedListener<String, NodeInfo>) this::nodeChanged, info.nodeId(), true);
        grid.sessions().addEntryListener(new SessionListener(), true);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                loop.execute(SiegeNode.this::roundAll);
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                loop.execute(SiegeNode.this::roundAll);
            }
        });
        ITopic<String> control = hz.getTopic(CONTROL_TOPIC);
        control.addMessageListener(m -> {
            if (("leave " + grid.nodeId()).equals(m.getMessageObject())) {
                new Thread(this::leave, "siegegrid-leave").start();
            }
        });
        long round = settings.roundInterval().toMillis();
        loop.scheduleAtFixedRate(this::tick, 0, round, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::publishAll, 1000, 1000, TimeUnit.MILLISECONDS);
        // a stopped runner publishes its last stats as soon as it is drained, so the run's
        // elapsed time ends with its last request, not at the next whole-second publication
        loop.scheduleAtFixedRate(this::publishDrained, 50, 50, TimeUnit.MILLISECONDS);
        watchdog.scheduleAtFixedRate(this::fence, WATCHDOG_MILLIS, WATCHDOG_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("node {} up in cluster '{}' ({} members, quorum {})", grid.nodeId(), settings.clusterName(),
                hz.getCluster().getMembers().size(), grid.settings().quorum());
    }

    // ---------------------------------------------------------------- loops

    private void tick() {
        try {
            if (!grid.quorumPresent()) {
                roundAll();  // they fail until the quorum is back; the fence keeps the load stopped
                return;
            }
            if (!registered) {
                grid.nodes().set(info.nodeId(), info);  // maps refuse writes until the quorum is there
                registered = true;
            }
            if (ticks++ % 5 == 0) {
                reconcileAll();
            }
            roundAll();
            coordinator.tick();
        } catch (RuntimeException e) {
            LOG.warn("node tick failed: {}", e.toString());
        }
    }

    private void roundAll() {
        for (SessionRunner r : runners.values()) {
            r.round();
        }
    }

    private void publishAll() {
        for (SessionRunner r : runners.values()) {
            try {
                r.publish();
            } catch (RuntimeException e) {
                LOG.warn("session {}: publish failed: {}", r.sessionId(), e.toString());
            }
            if (r.finished()) {
                runners.remove(r.sessionId(), r);
            }
        }
    }

    private void publishDrained() {
        for (SessionRunner r : runners.values()) {
            if (r.drainedButUnpublished()) {
                r.publish();
                runners.remove(r.sessionId(), r);
            }
        }
    }

    private void fence() {
        boolean quorum;
        try {
            quorum = grid.quorumPresent();
        } catch (RuntimeException e) {
            quorum = false;
        }
        for (SessionRunner r : runners.values()) {
            r.fence(quorum);
        }
    }

    private void reconcileAll() {
        for (Session s : grid.sessions().values()) {
            reconcile(s);
        }
        for (String id : runners.keySet()) {
            if (!grid.sessions().containsKey(id)) {
                reconcile(id, null);
            }
        }
    }

    /** Start, retune or stop the local runner to match the session as stored. Loop thread only. */
    private void reconcile(Session s) {
        reconcile(s.id(), s);
    }

    private void reconcile(String id, Session s) {
        if (closed) {
            return;
        }
        SessionRunner r = runners.get(id);
        boolean live = s != null && !s.deleted();
        if (live && s.state() == SessionState.RUNNING) {
            if (r == null) {
                if (SessionRunner.ended(LoadPlan.from(s.spec()), s.startedAt(), grid.clusterTimeMillis())) {
                    // over on the cluster clock, the coordinator just hasn't said so yet: a new runner
                    // would send nothing and its empty stats would replace this node's real ones
                    return;
                }
                r = new SessionRunner(s, this, loop);
                runners.put(id, r);
                r.round();
            } else {
                r.updated(s);
            }
        } else if (r != null && (!live || s.state() == SessionState.STOPPING || s.state().terminal())) {
            r.stop();
        }
    }

    @Override
    public void reload(String sessionId) {
        Session s = grid.sessions().get(sessionId);
        reconcile(sessionId, s);
    }

    private void nodeChanged(EntryEvent<String, NodeInfo> e) {
        if (e.getValue() != null) {
            info = e.getValue();
            loop.execute(this::roundAll);
        }
    }

    private final class SessionListener implements EntryAddedListener<String, Session>,
            EntryUpdatedListener<String, Session>, EntryRemovedListener<String, Session>,
            EntryMergedListener<String, Session> {
        @Override
        public void entryAdded(EntryEvent<String, Session> e) {
            handOff(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Session> e) {
            Session old = e.getOldValue();
            Session now = e.getValue();
            // rounds change the board every second; only state and spec changes matter here
            if (old == null || now == null || old.state() != now.state() || old.version() != now.version()
                    || old.deleted() != now.deleted()) {
                handOff(e.getKey(), now);
            }
        }

        @Override
        public void entryRemoved(EntryEvent<String, Session> e) {
            handOff(e.getKey(), null);
        }

        @Override
        public void entryMerged(EntryEvent<String, Session> e) {
            handOff(e.getKey(), e.getValue());
        }

        private void handOff(String id, Session s) {
            if (!closed) {
                loop.execute(() -> reconcile(id, s));
            }
        }
    }

    // ---------------------------------------------------------------- context

    @Override
    public NodeSettings settings() {
        return settings;
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public Grid grid() {
        return grid;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public String nodeId() {
        return grid.nodeId();
    }

    @Override
    public double weight() {
        return cores;
    }

    @Override
    public double capRps() {
        return info.capRps();
    }

    @Override
    public boolean drained() {
        return info.drained();
    }

    // ---------------------------------------------------------------- sessions API

    /** Validates and creates a session; it starts at once. */
    public Session create(SessionSpec spec) {
        List<Problem> problems = SpecValidator.validate(spec, limits);
        if (!problems.isEmpty()) {
            throw NodeException.invalid(problems);
        }
        requireQuorum();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        grid.sessions().set(id, Session.create(id, spec, grid.clusterTimeMillis()));
        Session s = Coordinator.start(grid, id);
        LOG.info("session {} created: {}", id, spec.name() == null ? "" : spec.name());
        return s;
    }

    public List<Session> sessions() {
        List<Session> out = new ArrayList<>();
        for (Session s : grid.sessions().values()) {
            if (!s.deleted()) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(Session::createdAt).thenComparing(Session::id));
        return out;
    }

    public Optional<Session> session(String id) {
        Session s = grid.sessions().get(id);
        return s == null || s.deleted() ? Optional.empty() : Optional.of(s);
    }

    /** Replaces the spec of a session that has not ended (version + 1). */
    public Session update(String id, SessionSpec spec) {
        Session cur = existing(id);
        if (cur.state().terminal() || cur.state() == SessionState.STOPPING) {
            throw NodeException.conflict("state", "session " + id + " is " + cur.state() + " and cannot change");
        }
        List<Problem> problems = SpecValidator.validate(spec, limits);
        if (!problems.isEmpty()) {
            throw NodeException.invalid(problems);
        }
        if (spec.openModel() != cur.spec().openModel()) {
            throw NodeException.invalid(List.of(new Problem(spec.openModel() ? "rps" : "users",
                    "a session cannot switch between a rate (rps) and users")));
        }
        requireQuorum();
        return Coordinator.transition(grid, id, c -> c.state().terminal() || c.state() == SessionState.STOPPING
                ? null : c.withSpec(spec));
    }

    /** Stops a session: STOPPING now, FINISHED once every node has drained its in-flight requests. */
    public Session stop(String id) {
        Session cur = existing(id);
        if (cur.state().terminal()) {
            throw NodeException.conflict("state", "session " + id + " is already " + cur.state());
        }
        requireQuorum();
        long now = grid.clusterTimeMillis();
        return Coordinator.transition(grid, id, c -> c.state().terminal() || c.state() == SessionState.STOPPING
                ? null : c.stopping("stopped by request").withEndedAt(now));
    }

    /** Deletes a finished session, its stats and its report. */
    public void delete(String id) {
        Session cur = existing(id);
        if (!cur.state().terminal()) {
            throw NodeException.conflict("state", "session " + id + " is " + cur.state() + "; stop it first");
        }
        requireQuorum();
        grid.tombstone(id);
        reports.forget(id);
    }

    /** Live report: what every node has published so far, merged. */
    public Report stats(String id) {
        return reports.build(existing(id));
    }

    /** Final report of a finished session. */
    public Report report(String id) {
        Session s = existing(id);
        if (!s.state().terminal()) {
            throw NodeException.conflict("state", "session " + id + " is " + s.state() + "; its report comes at the end");
        }
        return reports.build(s);
    }

    private Session existing(String id) {
        return session(id).orElseThrow(() -> NodeException.notFound("id", "no session " + id));
    }

    private void requireQuorum() {
        if (!grid.quorumPresent()) {
            throw NodeException.unavailable("no quorum: this node sees " + grid.liveNodeIds().size()
                    + " members, fewer than the cluster needs");
        }
    }

    // ---------------------------------------------------------------- nodes API

    public List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>(grid.nodes().values());
        out.sort(Comparator.comparing(NodeInfo::nodeId));
        return out;
    }

    public Optional<NodeInfo> node(String id) {
        return Optional.ofNullable(grid.nodes().get(id));
    }

    public NodeInfo drain(String id) {
        return changeNode(id, n -> n.withState(NodeState.DRAINED, grid.clusterTimeMillis()));
    }

    public NodeInfo activate(String id) {
        return changeNode(id, n -> n.withState(NodeState.ACTIVE, grid.clusterTimeMillis()));
    }

    public NodeInfo cap(String id, double capRps) {
        if (!(capRps >= 0) || Double.isInfinite(capRps) || capRps > settings.maxRps()) {
            throw NodeException.invalid(List.of(new Problem("capacityRps",
                    "must be between 0 (auto) and " + (long) settings.maxRps() + ", got " + capRps)));
        }
        return changeNode(id, n -> n.withCapRps(capRps, grid.clusterTimeMillis()));
    }

    /** Asks a node to leave the cluster gracefully (its process exits when run by {@code serve}). */
    public void remove(String id) {
        NodeInfo n = node(id).orElseThrow(() -> NodeException.notFound("id", "no node " + id));
        if (!grid.liveNodeIds().contains(n.nodeId())) {
            grid.nodes().delete(id);
            return;
        }
        grid.hazelcast().<String>getTopic(CONTROL_TOPIC).publish("leave " + id);
    }

    private NodeInfo changeNode(String id, java.util.function.UnaryOperator<NodeInfo> change) {
        requireQuorum();
        var map = grid.nodes();
        for (int attempt = 0; attempt < 20; attempt++) {
            NodeInfo cur = map.get(id);
            if (cur == null) {
                throw NodeException.notFound("id", "no node " + id);
            }
            NodeInfo next = change.apply(cur);
            if (map.replace(id, cur, next)) {
                return next;
            }
        }
        throw NodeException.unavailable("node " + id + " kept changing; try again");
    }

    public ClusterStatus cluster() {
        var q = grid.settings().quorum();
        int members = grid.liveNodeIds().size();
        int required = !q.enabled() ? 1 : q.majority() ? members / 2 + 1 : q.size();
        int running = 0;
        List<Session> all = sessions();
        for (Session s : all) {
            if (s.state() == SessionState.RUNNING || s.state() == SessionState.PAUSED) {
                running++;
            }
        }
        return new ClusterStatus(settings.clusterName(), grid.nodeId(), new ArrayList<>(grid.liveNodeIds()),
                required, grid.quorumPresent(), all.size(), running);
    }

    /** Requests this node has issued for a session so far (0 when it runs none), for tests and views. */
    public long localIssued(String sessionId) {
        SessionRunner r = runners.get(sessionId);
        return r == null ? 0 : r.issued();
    }

    /** This node's measured or configured capacity for a session in rps (0 = no ceiling). */
    public double capacityOf(String sessionId) {
        SessionRunner r = runners.get(sessionId);
        return r == null ? 0 : r.capacity();
    }

    /** Whether this node has a runner for the session. */
    public boolean runs(String sessionId) {
        return runners.containsKey(sessionId);
    }

    /** This node's current share of a session, for the API's node views; zero when it has none. */
    public double shareRps(String sessionId) {
        SessionRunner r = runners.get(sessionId);
        return r == null ? 0 : r.share().rps();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Called once the node has left the cluster on request (DELETE /nodes/{id}); serve exits then. */
    public void onLeave(Consumer<SiegeNode> callback) {
        this.onLeave = callback;
    }

    /** Leaves gracefully: gives up its shares, publishes its last stats, leaves the cluster. */
    public void leave() {
        if (closed) {
            return;
        }
        try {
            loop.submit(() -> {
                info = info.withState(NodeState.DRAINED, grid.clusterTimeMillis());
                for (SessionRunner r : runners.values()) {
                    r.release();
                    r.publish();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("leave: final stats not published: {}", e.toString());
        }
        close();
        onLeave.accept(this);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.shutdownNow();
        loop.shutdownNow();
        for (SessionRunner r : runners.values()) {
            r.close();
        }
        runners.clear();
        try {
            grid.nodes().delete(grid.nodeId());
        } catch (RuntimeException e) {
            // the cluster may be gone already
        }
        grid.close();
        engine.close();
        LOG.info("node {} left", grid.nodeId());
    }

    public boolean closed() {
        return closed;
    }

    private static String version() {
        String v = SiegeNode.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Waits (bounded) until no local runner is left: for tests and graceful shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!runners.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
