package org.siegegrid.core.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.grid.QuorumView;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;

/**
 * One SiegeGrid node: a Hazelcast member and its engines, wired to the parts that do the work —
 * {@link SessionService} and {@link NodeAdmin} (the API), {@link Reconciler} (the runners),
 * {@link NodeLoop} (the threads), {@link NodePresence} (its entry and the cluster's events),
 * {@link Fence} and {@link Coordinator}. Its public methods are the
 * Java API the REST API exposes one to one; they block on the cluster, so keep them off IO threads.
 */
public final class SiegeNode implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(SiegeNode.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final NodeSettings settings;
    private final Grid grid;
    private final Engines engines;
    private final ClusterClock clock;
    private final NodeLoop loop;
    private final NodeServices services;
    private final Reconciler reconciler;
    private final SessionReports reports;
    private final SessionService sessions;
    private final NodeAdmin admin;
    private final Coordinator coordinator;
    private final NodePresence presence;
    private final EventLog events;
    private final QuorumEvents quorumEvents;
    private final java.util.function.BooleanSupplier quorumNow;
    private volatile Consumer<SiegeNode> onLeave = n -> { };
    private volatile boolean closed;
    private int passes;

    private SiegeNode(NodeSettings settings, Grid grid, Engines engines, Ticker ticker, ClusterClock clock,
                      String apiUrl) {
        this.settings = settings;
        this.grid = grid;
        this.engines = engines;
        this.clock = clock;
        // the protection's own answer, and the same rule counted now (it is re-evaluated once a heartbeat)
        Duration window = GridConfigFactory.contactWindow(grid.settings());
        this.quorumNow = () -> grid.quorumPresent() && grid.quorumHeardWithin(window);
        this.loop = new NodeLoop(grid.nodeId());
        this.reports = new SessionReports(grid, ticker, settings.reportsDir());
        this.events = new EventLog(grid);
        this.sessions = new SessionService(grid, settings.limits(), reports, events, settings.roundInterval());
        this.admin = new NodeAdmin(grid, settings, sessions, events);
        this.coordinator = new Coordinator(grid, clock, reports, settings.reportsDir(), events);
        this.services = new NodeServices(settings, grid, ticker, clock, quorumNow, this::operatorState,
                loop.publisher(), this::reload, events);
        this.reconciler = new Reconciler(services, engines, loop);
        this.presence = new NodePresence(grid, settings, loop, reconciler, apiUrl, services.cores(), clock,
                engines.names(), events);
        this.quorumEvents = new QuorumEvents(grid, clock, events, id -> reconciler.runner(id) != null);
    }

    private NodeInfo operatorState() {
        return presence.info();
    }

    private void reload(String sessionId) {
        reconciler.reload(sessionId);
    }

    /** Starts a node from settings: joins (or forms) the cluster, then starts its loops. */
    public static SiegeNode start(NodeSettings settings, String apiUrl) {
        Grid grid = Grid.start(gridSettings(settings));
        return start(settings, grid, Engines.detect(new NativeEngine(), Ticker.SYSTEM), Ticker.SYSTEM, apiUrl);
    }

    /** Starts a node on a member already started from {@link #gridSettings} (tests, embedding). */
    public static SiegeNode start(NodeSettings settings, Grid grid, org.siegegrid.core.load.Engine engine,
                                  Ticker ticker, String apiUrl) {
        return start(settings, grid, Engines.nativeOnly(engine), ticker, apiUrl);
    }

    public static SiegeNode start(NodeSettings settings, Grid grid, Engines engines, Ticker ticker, String apiUrl) {
        SiegeNode node = new SiegeNode(settings, grid, engines, ticker, grid.clock(), apiUrl);
        node.begin();
        return node;
    }

    /** The Hazelcast side of the settings. */
    public static GridSettings gridSettings(NodeSettings s) {
        return s.toGridSettings();
    }

    private void begin() {
        grid.sessions().addEntryListener(new SessionEvents(
                (id, s) -> loop.execute(() -> reconciler.reconcile(id, s)), () -> closed), true);
        presence.listen(new NodePresence.Exits(this::leave, this::stepDown));
        long round = settings.roundInterval().toMillis();
        loop.everyOnLoop("rounds", round, 0, reconciler::roundAll);
        loop.everyOnLoop("publish", 1000, 1000, reconciler::publishAll);
        loop.everyOnLoop("drained runners", 50, 50, reconciler::publishDrained);
        loop.fence(new Fence(quorumNow, reconciler::runners));
        loop.watch(quorumEvents::pass);   // not on the coordinator's pass, which a slow map call can hold past a short loss
        loop.coordinate(round, this::housekeeping);
        LOG.info("node {} up in cluster '{}' ({} members, quorum {}{})", grid.nodeId(), settings.clusterName(),
                grid.hazelcast().getCluster().getMembers().size(), grid.settings().quorum(), grid.trust().enabled()
                        ? "; cluster secret set, Hazelcast cluster name " + grid.hazelcast().getConfig().getClusterName()
                        : "");
    }

    /**
     * An older member carries this node's id (two clusters that both had it merged): this node stops
     * sending at once, then leaves, so the id's share is never sent twice.
     */
    private void stepDown() {
        for (SessionRunner r : reconciler.runners()) {
            try {
                r.forcePause();
            } catch (RuntimeException e) {
                // closing below stops it anyway
            }
        }
        new Thread(() -> {
            close();
            onLeave.accept(this);
        }, "siegegrid-step-down").start();
    }

    /**
     * The coordinator thread's pass: register this node once the maps take writes, feed the loop a
     * full read of the sessions every 5 passes (events are not highly available), then the lifecycle.
     */
    private void housekeeping() {
        if (!grid.quorumPresent()) {
            return;   // the maps refuse reads and writes; the fence keeps the load stopped
        }
        presence.register();
        events.flush();   // what the maps refused before
        if (passes++ % 5 == 0) {
            var stored = grid.sessions().values();
            presence.boards(stored);
            loop.execute(() -> reconciler.reconcileAll(stored));
        }
        presence.publishProcess();
        coordinator.tick();
    }

    // ---------------------------------------------------------------- the Java API

    /** The latency of this node's whiteboard rounds (sent to answered, µs) since the previous call. */
    public org.HdrHistogram.Histogram roundLatency() {
        return services.roundLatency();
    }

    public NodeSettings settings() {
        return settings;
    }

    public Grid grid() {
        return grid;
    }

    public String nodeId() {
        return grid.nodeId();
    }

    public Session create(SessionSpec spec) {
        return sessions.create(spec);
    }

    public List<Session> sessions() {
        return sessions.sessions();
    }

    public Optional<Session> session(String id) {
        return sessions.session(id);
    }

    public Session update(String id, SessionSpec spec) {
        return sessions.update(id, spec);
    }

    public Session stop(String id) {
        return sessions.stop(id);
    }

    public void delete(String id) {
        sessions.delete(id);
    }

    /** A session's event log after {@code since} (cluster millis; -1 for all), oldest first. */
    public List<org.siegegrid.core.session.SessionEvent> events(String id, long since) {
        return sessions.events(id, since);
    }

    /** Live report: what every node has published so far, merged (the stored one once the session ended). */
    public Report stats(String id) {
        return sessions.stats(id);
    }

    /** The final report of an ended session, exactly as stored when it ended. */
    public Report report(String id) {
        return sessions.report(id);
    }

    public List<NodeInfo> nodes() {
        return admin.nodes();
    }

    public Optional<NodeInfo> node(String id) {
        return admin.node(id);
    }

    public NodeInfo drain(String id) {
        return admin.drain(id);
    }

    public NodeInfo activate(String id) {
        return admin.activate(id);
    }

    public NodeInfo cap(String id, double capRps) {
        return admin.cap(id, capRps);
    }

    /** Asks a node to leave the cluster gracefully (its process exits when run by {@code serve}). */
    public void remove(String id) {
        admin.remove(id);
    }

    /** The cluster status; never throws for a missing quorum (the session counts are unknown then). */
    public ClusterStatus cluster() {
        return admin.cluster();
    }

    /** The quorum alone, for readiness probes: reads no map. */
    public QuorumView quorum() {
        return admin.ready();
    }

    /** Requests this node has issued for a session so far (0 when it runs none), for tests and views. */
    public long localIssued(String sessionId) {
        return reconciler.ofRunner(sessionId, SessionRunner::issued, 0L);
    }

    /** This node's measured or configured capacity for a session in rps (0 = no ceiling). */
    public double capacityOf(String sessionId) {
        return reconciler.ofRunner(sessionId, SessionRunner::capacity, 0.0);
    }

    /** Whether this node has a runner for the session. */
    public boolean runs(String sessionId) {
        return reconciler.runner(sessionId) != null;
    }

    /** This node's current share of a session, for the API's node views; zero when it has none. */
    public double shareRps(String sessionId) {
        return reconciler.ofRunner(sessionId, r -> r.share().rps(), 0.0);
    }

    // ---------------------------------------------------------------- lifecycle of the node

    /** Called once the node has left the cluster on request (DELETE /nodes/{id}); serve exits then. */
    public void onLeave(Consumer<SiegeNode> callback) {
        this.onLeave = callback;
    }

    /** Leaves gracefully: gives up its shares, publishes its last stats, leaves the cluster. */
    public void leave() {
        if (closed) {
            return;
        }
        logLeft();
        loop.runOnLoop(() -> {
            presence.drainLocally(clock.millis());
            reconciler.releaseAll(clock, CLOSE_WAIT.dividedBy(2));
        }, CLOSE_WAIT);
        close();
        onLeave.accept(this);
    }

    /**
     * Stops the node: the coordinator first, then the runners on their own loop thread (which owns
     * them), then the loop itself; the fence last. Then the member leaves and the engines close.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        logLeft();
        loop.close(reconciler::closeAll, CLOSE_WAIT);
        events.drain(CLOSE_WAIT.dividedBy(2));   // the left events, before the entry goes (which tells others it left)
        events.close();
        presence.unregister();
        grid.close();
        engines.close();
        LOG.info("node {} left", grid.nodeId());
    }

    private volatile boolean leftLogged;

    /** {@code left} in every session this node runs (once): it goes gracefully, its shares move to the others. */
    private void logLeft() {
        if (leftLogged) {
            return;
        }
        leftLogged = true;
        for (SessionRunner r : reconciler.runners()) {
            double rps = Math.round(r.share().rps() * 100) / 100.0;
            events.record(r.sessionId(), "left", grid.nodeId(), "left the cluster gracefully; its share "
                    + EventDetails.rate(rps) + " -> 0 rps moves to the other nodes");
        }
    }

    public boolean closed() {
        return closed;
    }

    /** Waits (bounded) until no local runner is left: for tests and graceful shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return reconciler.awaitIdle(timeout);
    }
}
