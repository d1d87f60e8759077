package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MCReadMetricsCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.metrics.MetricConsumer;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.impl.MetricsCompressor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What Hazelcast Management Center does, without its image: a Hazelcast client given the cluster name
 * (with a secret, the derived {@code <cluster.name>-<16 hex>}) and a member address connects to real
 * members (sockets on 127.0.0.1), lists the maps and the members with their SiegeGrid ids, and reads each
 * member's metrics through the same client message MC sends ({@code MC_READ_METRICS}).
 */
class ManagementCenterPathTest {

    private static final String SECRET = "mc-path-secret-0123456789";
    private final List<Grid> grids = new ArrayList<>();
    private final List<HazelcastInstance> clients = new ArrayList<>();

    @AfterEach
    void shutdown() {
        clients.forEach(HazelcastInstance::shutdown);
        grids.forEach(g -> g.hazelcast().getLifecycleService().terminate());
    }

    private static GridSettings settings(String cluster, String id, int port, List<String> members) {
        GridSettings s = GridSettings.defaults().withClusterName(cluster).withNode(id, id)
                .withNetwork("127.0.0.1", port, members, null).withClusterSecret(SECRET);
        return new GridSettings(s.clusterName(), s.nodeId(), s.nodeName(), s.bindAddress(), s.port(), false,
                s.members(), s.discoveryDns(), s.quorum(), s.roundInterval(), s.lease(), s.heartbeatInterval(),
                s.maxNoHeartbeat(), s.mergeFirstRun(), s.mergeNextRun(), s.operationCallTimeout(), s.tombstoneTtl(),
                null, s.clusterSecret());
    }

    private HazelcastInstance client(String clusterName, String address) {
        ClientConfig c = new ClientConfig().setClusterName(clusterName);
        c.setProperty("hazelcast.logging.type", "log4j2");
        c.getNetworkConfig().addAddress(address);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(c);
        clients.add(client);
        return client;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aClientWithTheDerivedClusterNameSeesTheMapsTheMembersAndTheirMetrics() throws Exception {
        String cluster = "sg-mc-" + UUID.randomUUID().toString().substring(0, 8);
        int pa = GridRealNetworkTest.freePort();
        int pb = GridRealNetworkTest.freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
        Grid a = Grid.start(settings(cluster, "node-a", pa, members));
        grids.add(a);
        Grid b = Grid.start(settings(cluster, "node-b", pb, members));
        grids.add(b);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.liveNodeIds().size() == 2);
        for (String map : GridConfigFactory.MAPS) {
            a.hazelcast().getMap(map).size();           // a node creates its maps on first use
        }
        a.sessions().put("mc-1", org.siegegrid.core.session.Session.create("mc-1", GridClusterTest.spec(10),
                a.clusterTimeMillis()));

        String hzName = MemberTrust.of(SECRET, cluster).hazelcastClusterName();
        assertThat(hzName).matches(cluster + "-[0-9a-f]{16}");
        assertThat(a.hazelcast().getConfig().getClusterName()).isEqualTo(hzName);
        assertThatThrownBy(() -> client(cluster, "127.0.0.1:" + pa))
                .as("the plain cluster.name is not the Hazelcast cluster name once a secret is set")
                .isInstanceOf(IllegalStateException.class);

        long t0 = System.nanoTime();
        HazelcastInstance mc = client(hzName, "127.0.0.1:" + pa);
        long connected = System.nanoTime();
        Set<String> maps = mc.getDistributedObjects().stream().filter(o -> o.getServiceName().equals("hz:impl:mapService"))
                .map(DistributedObject::getName).collect(Collectors.toSet());
        assertThat(maps).containsAll(GridConfigFactory.MAPS);
        assertThat(mc.getCluster().getMembers()).extracting(m -> m.getAttribute(GridConfigFactory.NODE_ID_ATTRIBUTE))
                .containsExactlyInAnyOrder("node-a", "node-b");

        Map<String, Map<String, Long>> byMember = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Member m : mc.getCluster().getMembers()) {
                byMember.put(m.getAttribute(GridConfigFactory.NODE_ID_ATTRIBUTE), readMetrics(mc, m));
            }
            return byMember.values().stream().allMatch(v -> v.containsKey("memory.usedHeap")
                    && v.keySet().stream().anyMatch(k -> k.startsWith("map[sessions].")));
        });
        long metricsRead = System.nanoTime();
        Map<String, Long> ofA = byMember.get("node-a");
        assertThat(ofA.get("memory.usedHeap")).isPositive();
        long sessionEntries = byMember.values().stream().mapToLong(v -> v.getOrDefault("map[sessions].ownedEntryCount", 0L)).sum();
        assertThat(sessionEntries).as("the one session, owned by one of the two members").isEqualTo(1);
        System.out.printf("management center path: client connected in %d ms under %s; maps %s; %d and %d metrics"
                        + " per member, first read %d ms after connecting%n", ms(connected - t0), hzName,
                maps.stream().sorted().toList(), byMember.get("node-a").size(), byMember.get("node-b").size(),
                ms(metricsRead - connected));
    }

    /** MC_READ_METRICS from sequence 0: the member's latest metrics blobs, flattened to {@code prefix[disc].metric}. */
    private static Map<String, Long> readMetrics(HazelcastInstance client, Member member) throws Exception {
        var impl = ((HazelcastClientProxy) client).client;
        ClientMessage request = MCReadMetricsCodec.encodeRequest(member.getUuid(), 0L);
        ClientMessage response = new ClientInvocation(impl, request, null, member.getUuid()).invoke()
                .get(10, TimeUnit.SECONDS);
        MCReadMetricsCodec.ResponseParameters r = MCReadMetricsCodec.decodeResponse(response);
        Map<String, Long> out = new HashMap<>();
        MetricConsumer consumer = new MetricConsumer() {
            @Override
            public void consumeLong(MetricDescriptor d, long value) {
                out.put(key(d), value);
            }

            @Override
            public void consumeDouble(MetricDescriptor d, double value) {
                out.put(key(d), (long) value);
            }
        };
        for (Map.Entry<Long, byte[]> e : r.elements) {
            MetricsCompressor.extractMetrics(e.getValue(), consumer);
        }
        return out;
    }

    private static String key(MetricDescriptor d) {
        String disc = d.discriminatorValue() == null ? "" : "[" + d.discriminatorValue() + "]";
        return (d.prefix() == null ? "" : d.prefix() + disc + ".") + d.metric();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
