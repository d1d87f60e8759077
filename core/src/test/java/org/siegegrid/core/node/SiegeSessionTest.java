package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.load.siege.SiegeEngine;
import org.siegegrid.core.load.siege.SiegeSettings;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.EngineKind;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Target;

/** Sessions with {@code engine: "siege"} on real nodes driving the real siege binary against a real sink. */
@Timeout(120)
class SiegeSessionTest extends NodeTestBase {
    private final Map<String, SiegeEngine> siege = new HashMap<>();

    @AfterEach
    void noSiegeLeft() {
        List<Long> left = new ArrayList<>();
        siege.values().forEach(e -> left.addAll(e.pids()));
        siege.values().forEach(SiegeEngine::close);
        assertThat(left).as("siege processes left").isEmpty();
    }

    private SiegeNode startWithSiege(String id) {
        SiegeEngine e = SiegeEngine.of(SiegeSettings.defaults(), Ticker.SYSTEM);
        siege.put(id, e);
        return cluster.start(id, Engines.of(Map.of(EngineKind.NATIVE, new NativeEngine(1), EngineKind.SIEGE, e)));
    }

    private void startCluster(String... ids) {
        startCluster(1, ids);
    }

    private void startCluster(int quorum, String... ids) {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, quorum, reports);
        for (String id : ids) {
            startWithSiege(id);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node(ids[0]).grid().liveNodeIds().size() == ids.length
                && cluster.node(ids[0]).nodes().size() == ids.length);
    }

    static SessionSpec users(String url, int users, Duration delay, Long requests, Duration duration) {
        return new SessionSpec("siege", List.of(Target.get(url)), null, null, null, null, users, delay, delay == null,
                null, requests, duration, Duration.ofSeconds(5), EngineKind.SIEGE, List.of());
    }

    @Test
    void oneNodeSendsTheBudgetExactly() {
        startCluster("a");
        SiegeNode a = cluster.node("a");
        assertThat(a.node("a").orElseThrow().engines()).containsExactly("native", "siege");
        Session s = a.create(users(sink.url("/"), 4, null, 25L, null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(30));
        Report r = a.report(s.id());
        System.out.printf("engine siege, 1 node, users 4, requests 25: sink %d, report transactions %d, issued %d%n",
                sink.requests(), r.transactions(), r.totals().issued());
        assertThat(sink.requests()).isEqualTo(25);
        assertThat(siege.get("a").siegeSaid()).isEqualTo(25);
        assertThat(r.transactions()).isEqualTo(25);
        assertThat(r.totals().issued()).isEqualTo(25);
        assertThat(siege.get("a").pids()).isEmpty();
    }

    @Test
    void twoNodesSendTheBudgetExactlyBetweenThem() {
        startCluster("a", "b");
        SiegeNode a = cluster.node("a");
        Session s = a.create(users(sink.url("/"), 4, null, 25L, null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(30));
        Report r = a.report(s.id());
        long said = siege.get("a").siegeSaid() + siege.get("b").siegeSaid();
        System.out.printf("engine siege, 2 nodes, users 4, requests 25: siege said %d (a %d, b %d), sink %d,"
                + " report transactions %d, nodes %s%n", said, siege.get("a").siegeSaid(), siege.get("b").siegeSaid(),
                sink.requests(), r.transactions(), r.nodes());
        assertThat(sink.requests()).isEqualTo(25);
        assertThat(said).isEqualTo(25);
        assertThat(r.transactions()).isEqualTo(25);
        assertThat(r.nodes()).hasSize(2).allSatisfy(n -> assertThat(n.requests()).isPositive());
    }

    @Test
    void aTimedSessionOnTwoNodesCountsWhatTheSinkGot() {
        startCluster("a", "b");
        SiegeNode a = cluster.node("a");
        Session s = a.create(users(sink.url("/"), 4, Duration.ofMillis(200), null, Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(15)).until(() -> users("a").equals(List.of(2)) && users("b").equals(List.of(2)));
        // live stats while it runs, from both nodes' siege lines, with merged percentiles
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Report live = cluster.node("b").stats(s.id());
            return live.nodes().size() == 2 && live.transactions() > 10 && live.service().count() >= live.transactions();
        });
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(30));
        Report r = a.report(s.id());
        long said = siege.get("a").siegeSaid() + siege.get("b").siegeSaid();
        long got = sink.requests();
        System.out.printf("engine siege, 2 nodes, users 4, -d 0.2, duration 5s: siege said %d, sink %d, report"
                + " transactions %d (%+.2f %%), elapsed %.2f s, nodes %s%n", said, got, r.transactions(),
                100.0 * (r.transactions() - got) / got, r.elapsedTime(), r.nodes());
        assertThat(got).isPositive();
        // a -t run ends by itself and prints every request; stopped at the session's end, what is in flight is lost
        assertThat(got - r.transactions()).isBetween(0L, 4L);
        assertThat(siege.get("a").pids()).isEmpty();
        assertThat(siege.get("b").pids()).isEmpty();
    }

    @Test
    void twoNodesSplitTheUsersRestartOnAShareChangeAndLeaveNoProcess() throws Exception {
        startCluster("a", "b");
        SiegeNode a = cluster.node("a");
        Session s = a.create(users(sink.url("/"), 4, Duration.ofMillis(300), null, Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(15)).until(() -> users("a").equals(List.of(2)) && users("b").equals(List.of(2)));
        long before = sink.requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.requests() > before + 10);
        List<Long> old = new ArrayList<>(siege.get("a").pids());
        old.addAll(siege.get("b").pids());
        long t0 = System.nanoTime();
        a.update(s.id(), users(sink.url("/"), 6, Duration.ofMillis(300), null, Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> users("a").equals(List.of(3)) && users("b").equals(List.of(3)));
        long restartMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(old).allSatisfy(pid -> assertThat(alive(pid)).as("old siege pid %d", pid).isFalse());
        System.out.printf("engine siege, 2 nodes: users 4 -> 6 (2+2 -> 3+3): both restarted with -c 3 within %d ms%n",
                restartMs);
        long mid = sink.requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.requests() > mid + 20);
        List<Long> last = new ArrayList<>(siege.get("a").pids());
        last.addAll(siege.get("b").pids());
        a.stop(s.id());
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
        assertThat(last).allSatisfy(pid -> assertThat(alive(pid)).as("siege pid %d after stop", pid).isFalse());
        assertThat(siege.get("a").pids()).isEmpty();
        assertThat(siege.get("b").pids()).isEmpty();
        Report r = a.report(s.id());
        long got = sink.requests();
        System.out.printf("engine siege, 2 nodes, stopped: sink %d, report transactions %d (%+.2f %%), nodes %s%n", got,
                r.transactions(), 100.0 * (r.transactions() - got) / got, r.nodes());
        assertThat(r.nodes()).hasSize(2).allSatisfy(n -> assertThat(n.share()).isBetween(0.3, 0.7));
        // requests in flight when siege is stopped (share change, stop) reach the sink uncounted: one per user at most
        assertThat(got - r.transactions()).isBetween(0L, 2L * 6);
        assertThat(Math.abs(got - r.transactions())).isLessThanOrEqualTo(Math.max(2, got / 200) + 2L * 6);
    }

    @Test
    void aNodeThatGoesLeavesNoSiegeBehind() {
        startCluster("a", "b");
        SiegeNode a = cluster.node("a");
        Session s = a.create(users(sink.url("/"), 2, Duration.ofMillis(300), null, Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(15)).until(() -> users("a").equals(List.of(1)) && users("b").equals(List.of(1)));
        List<Long> pids = List.copyOf(siege.get("b").pids());
        cluster.terminate("b");
        assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).isFalse());
        // the survivor takes the lost user over: its siege restarts with -c 2
        await().atMost(Duration.ofSeconds(15)).until(() -> users("a").equals(List.of(2)));
        a.stop(s.id());
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
    }

    @Test
    void aNodeThatLosesItsQuorumStopsItsSiege() {
        startCluster(2, "a", "b");
        SiegeNode a = cluster.node("a");
        Session s = a.create(users(sink.url("/"), 2, Duration.ofMillis(300), null, Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(15)).until(() -> users("a").equals(List.of(1)) && users("b").equals(List.of(1)));
        List<Long> pids = List.copyOf(siege.get("a").pids());
        long t0 = System.nanoTime();
        cluster.terminate("b");   // a is alone under a quorum of 2: it must stop sending
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> siege.get("a").pids().isEmpty());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).isFalse());
        long atStop = sink.requests();
        System.out.printf("engine siege, quorum 2, one of 2 nodes killed: the other's siege gone %d ms later%n", ms);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(siege.get("a").pids()).as("no siege while there is no quorum").isEmpty();
        assertThat(sink.requests()).isLessThanOrEqualTo(atStop + 1);
    }

    @Test
    void aSessionOnSiegeIsRefusedWhereNoNodeHasIt() {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, 1, reports);
        SiegeNode a = cluster.start("a");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.nodes().size() == 1);
        assertThat(a.node("a").orElseThrow().engines()).containsExactly("native");
        assertThatThrownBy(() -> a.create(users(sink.url("/"), 2, null, 10L, null)))
                .isInstanceOf(NodeException.class)
                .satisfies(e -> assertThat(((NodeException) e).problems()).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("engine");
                    assertThat(p.message()).startsWith("no live node has the siege engine").contains("a (native)");
                }));
        assertThat(a.sessions()).isEmpty();
    }

    /** The -c of every siege process a node's engine runs now. */
    private List<Integer> users(String node) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (long pid : siege.get(node).pids()) {
            String[] argv;
            try {
                argv = Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0");
            } catch (IOException e) {
                continue;   // it just ended
            }
            for (int i = 0; i + 1 < argv.length; i++) {
                if (argv[i].equals("-c")) {
                    out.add(Integer.parseInt(argv[i + 1]));
                }
            }
        }
        return out;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
