package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.hazelcast.test.TestHazelcastInstanceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * Events arrive late and out of order: a RUNNING event seen after this node's runner finished must
 * not start a new runner (on main it did, and its empty stats replaced the node's real ones).
 */
@Timeout(60)
class ReconcilerTest {
    @TempDir
    Path reports;
    TestHazelcastInstanceFactory factory;
    TestServer sink;
    Grid grid;
    Engines engines;
    ExecutorService loopThread;
    Reconciler reconciler;
    /** What the node's quorum check answers now (a node that has just woken from a freeze: false). */
    volatile boolean quorumNow = true;
    final java.util.concurrent.atomic.AtomicInteger quorumChecks = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void setUp() {
        factory = new TestHazelcastInstanceFactory();
        sink = TestServer.http(10);
        NodeSettings s = new NodeSettings("sg-rec-" + System.nanoTime(), "a", "127.0.0.1", 5701, List.of(), "", 1,
                Duration.ofMillis(500), Duration.ofMillis(1500), 0, 0, "", List.of("*"), 1e7, reports);
        GridSettings gs = SiegeNode.gridSettings(s).withOperationCallTimeout(Duration.ofSeconds(1));
        grid = Grid.wrap(factory.newHazelcastInstance(GridConfigFactory.build(gs)), gs);
        engines = Engines.nativeOnly(new NativeEngine(1));
        loopThread = Executors.newSingleThreadExecutor();
        ClusterClock clock = grid.clock();
        NodeContext ctx = new NodeContext() {
            @Override public NodeSettings settings() { return s; }
            @Override public Ticker ticker() { return Ticker.SYSTEM; }
            @Override public Grid grid() { return grid; }
            @Override public ClusterClock clock() { return clock; }
            @Override public String nodeId() { return "a"; }
            @Override public String incarnation() { return "i1"; }
            @Override public double weight() { return 1; }
            @Override public double capRps() { return 0; }
            @Override public boolean drained() { return false; }
            @Override public boolean quorumNow() { quorumChecks.incrementAndGet(); return quorumNow; }
            @Override public void reload(String sessionId) { reconciler.reload(sessionId); }
            @Override public java.util.concurrent.Executor publisher() { return Runnable::run; }
        };
        reconciler = new Reconciler(ctx, engines, loopThread);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        loopThread.submit(reconciler::closeAll);
        loopThread.shutdown();
        loopThread.awaitTermination(5, TimeUnit.SECONDS);
        engines.close();
        factory.terminateAll();
        sink.close();
    }

    private void onLoop(Runnable r) throws Exception {
        loopThread.submit(r).get(5, TimeUnit.SECONDS);
    }

    private Session running(String id) {
        long now = grid.clusterTimeMillis();
        Session s = Lifecycle.apply(Session.create(id, NodeTestBase.rate(sink.url("/" + id), 200, null, null), now),
                new Lifecycle.Start(), now).session();
        grid.sessions().set(id, s);
        return s;
    }

    private NodeStats stats(String id) {
        return grid.<NodeStats>stats().get(NodeStats.key(id, "a", "i1"));
    }

    @Test
    void aLateRunningEventNeverRecreatesAFinishedRunner() throws Exception {
        Session s = running("s1");
        onLoop(() -> reconciler.reconcile("s1", s));
        assertThat(reconciler.runner("s1")).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.onPath("/s1") > 100);
        Session stopping = grid.apply("s1", new Lifecycle.Stop(null)).session();
        onLoop(() -> reconciler.reconcile("s1", stopping));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            onLoop(reconciler::publishDrained);
            return reconciler.runner("s1") == null;
        });
        NodeStats last = stats("s1");
        assertThat(last.done()).isTrue();
        assertThat(last.runStats().totals().issued()).isEqualTo(sink.onPath("/s1"));

        onLoop(() -> reconciler.reconcile("s1", s));   // the late event, while the store says STOPPING
        assertThat(reconciler.runner("s1")).as("no runner from a late event").isNull();
        grid.apply("s1", new Lifecycle.Finish(false, null));
        onLoop(() -> reconciler.reconcile("s1", s));   // and once it is FINISHED
        onLoop(() -> reconciler.reconcileAll(List.of(s)));   // a stale full read, too
        onLoop(reconciler::publishAll);
        assertThat(reconciler.runner("s1")).isNull();
        assertThat(stats("s1")).as("the node's real stats stay").isEqualTo(last);
    }

    @Test
    void aRunningEventForASessionAlreadyOverStartsNothing() throws Exception {
        Session s = running("s2");
        grid.apply("s2", new Lifecycle.Stop(null));
        grid.apply("s2", new Lifecycle.Finish(false, null));
        onLoop(() -> reconciler.reconcile("s2", s));   // this node first hears of it late: the store decides
        assertThat(reconciler.runner("s2")).isNull();
        assertThat(stats("s2")).isNull();
        assertThat(grid.sessions().get("s2").state()).isEqualTo(SessionState.FINISHED);
        assertThat(sink.onPath("/s2")).isZero();
    }

    @Test
    void aFullReadOlderThanARunnerDoesNotStopIt() throws Exception {
        Session s = running("s3");
        onLoop(() -> reconciler.reconcile("s3", s));
        assertThat(reconciler.runner("s3")).isNotNull();
        // a read of the whole map taken just before the session was stored (on main this stopped the
        // new runner before its first request; its first quota stayed granted: a budget run sent 9,000 of 10,000)
        onLoop(() -> reconciler.reconcileAll(List.of()));
        assertThat(reconciler.runner("s3")).as("still running").isNotNull();
        grid.sessions().delete("s3");
        onLoop(() -> reconciler.reconcileAll(List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            onLoop(reconciler::publishDrained);
            return reconciler.runner("s3") == null;
        });
    }

    /**
     * A member woken from a freeze: Hazelcast's protection still says present (it is re-evaluated once a
     * heartbeat) and its stale copy of the board answers its rounds, but the nodes it has heard from lately
     * are no quorum. On main the runner took the gate's flag from the fence's last pass, older than the
     * freeze, and sent its minority board's grant at once (FreezeNodeIT: 15 requests, the whole rate's share,
     * in the 17 ms before the fence's next pass). No fence runs here: only the check as the answer arrives.
     */
    @Test
    void anAnswerReadWhileTheQuorumIsNotHeardGrantsNothing() throws Exception {
        Session s = running("s4");
        onLoop(() -> reconciler.reconcile("s4", s));
        SessionRunner r = reconciler.runner("s4");
        assertThat(r).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.onPath("/s4") > 20);
        onLoop(r::forcePause);   // the fence's last pass before the freeze; the gate keeps its flag: present
        quorumNow = false;
        long before = sink.onPath("/s4");
        // rounds go on, each answer (before the fix) reopening the gate from the stale flag; the lease of the
        // grants made before runs out within 1.5 s
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100)).until(() -> {
            onLoop(reconciler::roundAll);
            return !r.gate().open();
        });
        assertThat(quorumChecks.get()).as("the quorum counted as rounds went out").isGreaterThan(5);
        assertThat(sink.onPath("/s4") - before).as("requests sent with no quorum heard").isLessThanOrEqualTo(5);
    }
}
