package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GridConfigFactoryTest {

    @Test
    void defaultsGiveTheDocumentedMemberConfig() {
        Config c = GridConfigFactory.build(GridSettings.defaults().withNode("n1", "alpha"));
        assertThat(c.getClusterName()).isEqualTo("siegegrid");
        assertThat(c.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(c.getProperty("hazelcast.logging.type")).isEqualTo("log4j2");
        assertThat(c.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
        assertThat(c.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("10");
        assertThat(c.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("10");
        assertThat(c.getProperty("hazelcast.operation.call.timeout.millis")).isEqualTo("2000");
        assertThat(c.getProperty("hazelcast.operation.backup.timeout.millis")).isEqualTo("2000");
        // every write a task of its IO thread (a frozen member's closed connection spins that thread: FreezeNodeIT)
        assertThat(c.getProperty("hazelcast.io.write.through")).isEqualTo("false");
        assertThat(System.getProperty(GridConfigFactory.SELECTION_KEY_WAKEUP)).isEqualTo("false");
        assertThat(c.getMemberAttributeConfig().getAttribute(GridConfigFactory.NODE_ID_ATTRIBUTE)).isEqualTo("n1");
        assertThat(c.getMemberAttributeConfig().getAttribute(GridConfigFactory.NODE_NAME_ATTRIBUTE)).isEqualTo("alpha");
        var net = c.getNetworkConfig();
        assertThat(net.getPort()).isEqualTo(5701);
        assertThat(net.getInterfaces().isEnabled()).as("no interface matching for a specific address").isFalse();
        assertThat(c.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
        assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(net.getPublicAddress()).isNull();
        assertThat(net.getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(net.getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(net.getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(net.getJoin().getKubernetesConfig().isEnabled()).isFalse();
        for (String name : GridConfigFactory.MAPS) {
            MapConfig m = c.getMapConfig(name);
            assertThat(m.getBackupCount()).as(name).isEqualTo(1);
            assertThat(m.getAsyncBackupCount()).as(name).isZero();
            assertThat(m.getSplitBrainProtectionName()).as("quorum off by default").isNull();
        }
        assertThat(c.getMapConfig("sessions").getMergePolicyConfig().getPolicy())
                .isEqualTo(SessionMergePolicy.class.getName());
        assertThat(c.getSplitBrainProtectionConfigs()).isEmpty();
        // what Management Center reads: member metrics, collected every 5 s and kept for it
        assertThat(c.getMetricsConfig().isEnabled()).as("member metrics").isTrue();
        assertThat(c.getMetricsConfig().getCollectionFrequencySeconds()).isEqualTo(5);
        assertThat(c.getMetricsConfig().getManagementCenterConfig().isEnabled()).as("metrics for Management Center")
                .isTrue();
    }

    @Test
    void memberListAndDnsDiscoveryAreExclusiveJoinModes() {
        Config tcp = GridConfigFactory.build(GridSettings.defaults()
                .withNetwork("0.0.0.0", 5801, List.of("10.0.0.1", "10.0.0.2:5702"), null));
        assertThat(tcp.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
        assertThat(tcp.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .as("a member without a port is at the cluster port").containsExactly("10.0.0.1:5801", "10.0.0.2:5702");

        Config dns = GridConfigFactory.build(GridSettings.defaults()
                .withNetwork("10.0.1.*", 5701, List.of(), "tasks.siegegrid"));
        var join = dns.getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).as("our own DNS strategy, not the Kubernetes plugin").isFalse();
        assertThat(dns.getProperty("hazelcast.discovery.enabled")).isEqualTo("true");
        var strategies = join.getDiscoveryConfig().getDiscoveryStrategyConfigs();
        assertThat(strategies).hasSize(1);
        assertThat(strategies.iterator().next().getDiscoveryStrategyFactory()).isInstanceOf(DnsDiscoveryStrategy.Factory.class);
        assertThat(strategies.iterator().next().getProperties()).containsEntry("names", "tasks.siegegrid")
                .containsEntry("port", "5701");
        assertThat(tcp.getNetworkConfig().getJoin().getDiscoveryConfig().getDiscoveryStrategyConfigs()).isEmpty();
        assertThat(dns.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.1.*");
    }

    @Test
    void everyMemberGetsOnePortSoTheSplitBrainSearchWaitsOnNoAddressWhereNobodyListens() {
        assertThat(GridConfigFactory.withPorts(List.of("10.0.0.1", " node-b ", "node-c:6000", "::1", "[fe80::1]",
                "[fe80::2]:5702", "10.0.1.*"), 5701)).containsExactly("10.0.0.1:5701", "node-b:5701", "node-c:6000",
                "[::1]:5701", "[fe80::1]:5701", "[fe80::2]:5702", "10.0.1.*:5701");
    }

    @Test
    void quorumProtectsEveryMap() {
        Config two = GridConfigFactory.build(GridSettings.defaults().withQuorum(Quorum.of(2)));
        var q = two.getSplitBrainProtectionConfig(GridConfigFactory.QUORUM_NAME);
        assertThat(q.isEnabled()).isTrue();
        assertThat(q.getMinimumClusterSize()).isEqualTo(2);
        assertThat(q.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
        assertThat(q.getFunctionImplementation()).as("counts nodes heard from recently, not the member list alone")
                .isInstanceOf(FixedQuorumFunction.class);
        assertThat(GridConfigFactory.contactWindow(GridSettings.defaults())).hasSeconds(3);
        for (String name : GridConfigFactory.MAPS) {
            assertThat(two.getMapConfig(name).getSplitBrainProtectionName()).isEqualTo(GridConfigFactory.QUORUM_NAME);
        }
        Config majority = GridConfigFactory.build(GridSettings.defaults().withQuorum(Quorum.MAJORITY));
        assertThat(majority.getSplitBrainProtectionConfig(GridConfigFactory.QUORUM_NAME).getFunctionImplementation())
                .isInstanceOf(MajorityQuorumFunction.class);
        Config other = GridConfigFactory.build(GridSettings.defaults().withQuorum(Quorum.MAJORITY));
        assertThat(other.getSplitBrainProtectionConfig(GridConfigFactory.QUORUM_NAME).getFunctionImplementation())
                .as("one function per member").isNotSameAs(
                        majority.getSplitBrainProtectionConfig(GridConfigFactory.QUORUM_NAME).getFunctionImplementation());
    }

    /** config/hazelcast.yaml documents the same defaults, and Hazelcast accepts it. */
    @Test
    void theYamlFileMatchesTheFactory() throws Exception {
        Path yaml = Path.of("..", "config", "hazelcast.yaml");
        Config file;
        try (InputStream in = Files.newInputStream(yaml)) {
            file = new YamlConfigBuilder(in).build();
        }
        Config code = GridConfigFactory.build(GridSettings.defaults());
        assertThat(file.getClusterName()).isEqualTo(code.getClusterName());
        for (String p : List.of("hazelcast.phone.home.enabled", "hazelcast.logging.type",
                "hazelcast.heartbeat.interval.seconds", "hazelcast.max.no.heartbeat.seconds",
                "hazelcast.merge.first.run.delay.seconds", "hazelcast.merge.next.run.delay.seconds",
                "hazelcast.operation.call.timeout.millis", "hazelcast.operation.backup.timeout.millis",
                "hazelcast.local.localAddress", "hazelcast.socket.bind.any")) {
            assertThat(file.getProperty(p)).as(p).isEqualTo(code.getProperty(p));
        }
        assertThat(file.getNetworkConfig().getPort()).isEqualTo(code.getNetworkConfig().getPort());
        assertThat(file.getNetworkConfig().getInterfaces().getInterfaces())
                .containsExactlyElementsOf(code.getNetworkConfig().getInterfaces().getInterfaces());
        var fj = file.getNetworkConfig().getJoin();
        assertThat(fj.getMulticastConfig().isEnabled()).isFalse();
        assertThat(fj.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(fj.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(fj.getKubernetesConfig().isEnabled()).isFalse();
        for (String name : GridConfigFactory.MAPS) {
            assertThat(file.getMapConfig(name).getBackupCount()).as(name).isEqualTo(1);
            assertThat(file.getMapConfig(name).getMergePolicyConfig().getPolicy())
                    .isEqualTo(code.getMapConfig(name).getMergePolicyConfig().getPolicy());
        }
        var ser = file.getSerializationConfig();
        assertThat(ser.getDataSerializableFactoryClasses()).containsEntry(
                org.siegegrid.core.board.WireIds.FACTORY_ID, GridSerialization.Factory.class.getName());
        for (var s : GridSerialization.compactSerializers()) {
            assertThat(Files.readString(yaml)).as("yaml lists " + s.getClass().getName())
                    .contains(s.getClass().getName());
            Class.forName(s.getClass().getName()).getConstructor().newInstance();
        }
        assertThat(ser.getJavaSerializationFilterConfig().getBlacklist().getPrefixes())
                .contains(GridSerialization.BLOCKED_PREFIX);
    }
}
