package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.Hazelcast;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real members on 127.0.0.41-45 (a real network: sockets, not the mock one) that find each other only
 * through DNS discovery, with the names answered by a {@link FakeResolver} the test changes: the
 * join, scale-up, scale-down and the re-resolution that merges members which first saw only themselves.
 * The same code with the system resolver and an /etc/hosts entry runs across processes in
 * {@code DnsDiscoveryIT} (src-test-cluster).
 */
class GridDnsDiscoveryTest {

    private static final String NAME = "tasks.siegegrid-test";
    private final List<Grid> grids = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (Grid g : grids) {
            g.hazelcast().getLifecycleService().terminate();
        }
    }

    /** One port for every member (a free one: nothing else here binds it, not even on 0.0.0.0). */
    private static final int PORT = freePort();

    private static int freePort() {
        try {
            return GridRealNetworkTest.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static GridSettings settings(String cluster, String id, String ip) {
        GridSettings s = GridSettings.defaults().withClusterName(cluster).withNode(id, id)
                .withNetwork(ip, PORT, List.of(), NAME)
                .withFailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                        Duration.ofSeconds(2));
        // one port per address: DNS gives addresses, not ports, so a member that moved to 5702 would not be found
        return new GridSettings(s.clusterName(), s.nodeId(), s.nodeName(), s.bindAddress(), s.port(), false,
                s.members(), s.discoveryDns(), s.quorum(), s.roundInterval(), s.lease(), s.heartbeatInterval(),
                s.maxNoHeartbeat(), s.mergeFirstRun(), s.mergeNextRun(), s.operationCallTimeout(), s.tombstoneTtl(),
                null, null);
    }

    private Grid start(GridSettings s, NameResolver dns) {
        Grid g = Grid.admit(Hazelcast.newHazelcastInstance(GridConfigFactory.build(s, dns)), s);
        grids.add(g);
        return g;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void scalingUpAddsMembersAndScalingDownRemovesThem() {
        String cluster = "sg-dns-" + UUID.randomUUID();
        FakeResolver dns = new FakeResolver(Map.of(NAME, List.of("127.0.0.41")));
        long t0 = System.nanoTime();
        Grid a = start(settings(cluster, "node-a", "127.0.0.41"), dns);
        long aUp = System.nanoTime();

        dns.set(NAME, "127.0.0.41", "127.0.0.42");                      // the orchestrator adds a task
        Grid b = start(settings(cluster, "node-b", "127.0.0.42"), dns);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.liveNodeIds().size() == 2);
        long bJoined = System.nanoTime();

        dns.set(NAME, "127.0.0.43", "127.0.0.41", "127.0.0.42");        // and one more
        Grid c = start(settings(cluster, "node-c", "127.0.0.43"), dns);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.liveNodeIds().size() == 3 && c.liveNodeIds().size() == 3);
        long cJoined = System.nanoTime();
        assertThat(c.liveNodeIds()).containsExactly("node-a", "node-b", "node-c");

        dns.set(NAME, "127.0.0.41", "127.0.0.43");                      // scaled down: b's task stops (SIGTERM)
        long leave = System.nanoTime();
        b.hazelcast().shutdown();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.liveNodeIds().size() == 2 && c.liveNodeIds().size() == 2);
        long bGone = System.nanoTime();
        assertThat(a.liveNodeIds()).containsExactly("node-a", "node-c");

        int before = dns.lookups(NAME);
        await().atMost(Duration.ofSeconds(15)).until(() -> dns.lookups(NAME) > before);
        System.out.printf("dns discovery (in-JVM, real sockets): a alone up %d ms (it waits up to 5 s, hazelcast.wait.seconds.before.join,"
                        + " for the name to list another member), b joined %d ms after start, c %d ms;"
                        + " graceful leave seen %d ms; %d lookups so far (each split-brain search looks up again)%n",
                ms(aUp - t0), ms(bJoined - aUp), ms(cJoined - bJoined), ms(bGone - leave),
                dns.lookups(NAME));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void membersThatFirstSawOnlyThemselvesMergeOnceTheNameListsBoth() {
        String cluster = "sg-dns-" + UUID.randomUUID();
        // each task started before the other was in DNS: it sees only itself and forms a cluster alone
        FakeResolver dnsA = new FakeResolver(Map.of(NAME, List.of("127.0.0.44")));
        FakeResolver dnsB = new FakeResolver(Map.of(NAME, List.of("127.0.0.45")));
        Grid a = start(settings(cluster, "node-a", "127.0.0.44"), dnsA);
        Grid b = start(settings(cluster, "node-b", "127.0.0.45"), dnsB);
        assertThat(a.liveNodeIds()).containsExactly("node-a");
        assertThat(b.liveNodeIds()).containsExactly("node-b");

        long t0 = System.nanoTime();
        dnsA.set(NAME, "127.0.0.44", "127.0.0.45");
        dnsB.set(NAME, "127.0.0.44", "127.0.0.45");
        await().atMost(Duration.ofSeconds(60)).until(() -> a.liveNodeIds().size() == 2 && b.liveNodeIds().size() == 2);
        System.out.printf("dns discovery: two lone members merged %d ms after the name listed both"
                + " (merge search every 2 s here, 10 s by default)%n", ms(System.nanoTime() - t0));
        assertThat(a.liveNodeIds()).containsExactly("node-a", "node-b");
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
