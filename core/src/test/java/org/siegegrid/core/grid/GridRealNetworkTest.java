package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * Real members on 127.0.0.1 with free ports: checks what the mock network of the other cluster
 * tests ignores (bind interface, TCP-IP member list, multicast and auto-detection off) and prints
 * join and failure-detection figures.
 */
class GridRealNetworkTest {

    private final List<Grid> grids = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (Grid g : grids) {
            g.hazelcast().getLifecycleService().terminate();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private GridSettings settings(String cluster, String id, int port, List<String> members) {
        GridSettings s = GridSettings.defaults().withClusterName(cluster).withNode(id, id)
                .withNetwork("127.0.0.1", port, members, null);
        return new GridSettings(s.clusterName(), s.nodeId(), s.nodeName(), s.bindAddress(), s.port(), false,
                s.members(), s.discoveryDns(), Quorum.of(2), s.roundInterval(), s.lease(), s.heartbeatInterval(),
                s.maxNoHeartbeat(), s.mergeFirstRun(), s.mergeNextRun(), s.operationCallTimeout(), s.tombstoneTtl());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoMembersJoinByMemberListOnLoopbackAndSeeAKillQuickly() throws IOException {
        String cluster = "sg-real-" + UUID.randomUUID();
        int pa = freePort();
        int pb = freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);

        long t0 = System.nanoTime();
        Grid a = Grid.start(settings(cluster, "node-a", pa, members));
        grids.add(a);
        long aUp = System.nanoTime();
        Grid b = Grid.start(settings(cluster, "node-b", pb, members));
        grids.add(b);
        long bUp = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.liveNodeIds().size() == 2 && b.liveNodeIds().size() == 2);
        assertThat(a.liveNodeIds()).containsExactly("node-a", "node-b");
        assertThat(a.hazelcast().getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
        assertThat(a.hazelcast().getCluster().getLocalMember().getAddress().getPort()).isEqualTo(pa);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.quorumPresent() && b.quorumPresent());
        long quorumAt = System.nanoTime();

        b.sessions().put("s1", Session.create("s1", GridClusterTest.spec(100), b.clusterTimeMillis())
                .withState(SessionState.RUNNING));
        RoundResult r = a.round("s1", RoundInput.builder("node-a").now(a.clusterTimeMillis()).live(a.liveNodeIds()).build());
        assertThat(r.share().fraction()).isEqualTo(1.0);
        assertThat(b.sessions().get("s1").board().entry("node-a")).isNotNull();

        long kill = System.nanoTime();
        b.hazelcast().getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> !a.quorumPresent());
        long lost = System.nanoTime();
        System.out.printf("real network: first member up %d ms, second up and joined %d ms, quorum %d ms;"
                        + " terminate -> quorum lost on the survivor %d ms%n", ms(aUp - t0), ms(bUp - aUp),
                ms(quorumAt - t0), ms(lost - kill));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSingleNodeWithoutMembersStartsAloneQuickly() throws IOException {
        long t0 = System.nanoTime();
        Grid a = Grid.start(settings("sg-real-" + UUID.randomUUID(), "solo", freePort(), List.of()));
        grids.add(a);
        long up = System.nanoTime();
        assertThat(a.liveNodeIds()).containsExactly("solo");
        long t1 = System.nanoTime();
        Grid b = Grid.start(settings("sg-real-" + UUID.randomUUID(), "solo2", freePort(), List.of()));
        grids.add(b);
        long up2 = System.nanoTime();
        assertThat(b.liveNodeIds()).containsExactly("solo2");
        System.out.printf("real network: single node with an empty member list up in %d ms (cold JVM), %d ms (warm)%n",
                ms(up - t0), ms(up2 - t1));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theClusterPortListensOnTheBindAddressOnly() throws IOException {
        int port = freePort();
        Grid a = Grid.start(settings("sg-real-" + UUID.randomUUID(), "bound", port, List.of()));
        grids.add(a);
        try (Socket ok = new Socket()) {
            ok.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            assertThat(ok.isConnected()).isTrue();
        }
        // every 127.x address answers on lo: a port bound to every interface would take this connection
        try (Socket other = new Socket()) {
            assertThatThrownBy(() -> other.connect(new InetSocketAddress("127.0.0.2", port), 2_000))
                    .as("127.0.0.2:%d with the member bound to 127.0.0.1", port).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMemberGivenAnotherClusterSecretNeverJoins() throws IOException {
        String cluster = "sg-real-" + UUID.randomUUID();
        int pa = freePort();
        int pc = freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pc);
        Grid a = Grid.start(settings(cluster, "node-a", pa, members).withClusterSecret("the right secret, 16+"));
        grids.add(a);
        Grid c = Grid.start(settings(cluster, "node-c", pc, members).withClusterSecret("a wrong secret, 16+ chars"));
        grids.add(c);
        assertThat(c.hazelcast().getCluster().getMembers()).as("c formed a cluster of its own").hasSize(1);
        assertThat(a.hazelcast().getCluster().getMembers()).hasSize(1);
        assertThat(c.hazelcast().getConfig().getClusterName()).isNotEqualTo(a.hazelcast().getConfig().getClusterName())
                .startsWith(cluster + "-");
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
