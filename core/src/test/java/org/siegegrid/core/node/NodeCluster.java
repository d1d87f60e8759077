package org.siegegrid.core.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.test.HazelcastTestSupport;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;

/**
 * Real SiegeNodes (real engines sending real HTTP) on Hazelcast's in-JVM mock network, one random
 * cluster name per fixture. Closing terminates every member and engine.
 */
final class NodeCluster implements AutoCloseable {
    final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();
    final String clusterName = "sg-" + HazelcastTestSupport.randomName();
    final Map<String, SiegeNode> nodes = new LinkedHashMap<>();
    final Duration round;
    final Duration lease;
    final int quorum;
    final Path reportsDir;
    /** How long a crashed node counts toward a majority quorum. */
    Duration forgetAfter = Duration.ofSeconds(30);
    /** The fleet's cluster secret ("" = none). */
    String secret = "";
    /** Hazelcast's operation call timeout (serve's default is 2 s; short here so failures show fast). */
    Duration callTimeout = Duration.ofMillis(1_000);
    /** Hazelcast properties set on every member (a simulation of many members in one JVM trims its pools). */
    Map<String, String> hazelcastProperties = Map.of();
    /** The cluster time every member reads; null = Hazelcast's cluster clock. */
    org.siegegrid.core.grid.ClusterClock clock;

    NodeCluster(Duration round, Duration lease, int quorum, Path reportsDir) {
        this.round = round;
        this.lease = lease;
        this.quorum = quorum;
        this.reportsDir = reportsDir;
    }

    NodeSettings settings(String nodeId, double capRps) {
        return new NodeSettings(clusterName, nodeId, "127.0.0.1", 5701, List.of(), "", quorum, round, lease, capRps,
                0, "", List.of("*"), 10_000_000, reportsDir).withClusterSecret(secret);
    }

    SiegeNode start(String nodeId) {
        return start(nodeId, 0);
    }

    SiegeNode start(String nodeId, double capRps) {
        return start(nodeId, capRps, new NativeEngine(1));
    }

    SiegeNode start(String nodeId, double capRps, org.siegegrid.core.load.Engine engine) {
        return start(settings(nodeId, capRps), engine);
    }

    /** A node of this cluster that was given another cluster secret ("" = none). */
    SiegeNode startWithSecret(String nodeId, String otherSecret) {
        return start(settings(nodeId, 0).withClusterSecret(otherSecret), new NativeEngine(1));
    }

    private SiegeNode start(NodeSettings s, org.siegegrid.core.load.Engine engine) {
        return start(s, Engines.nativeOnly(engine));
    }

    /** A node with these engines (the native one and siege, say). */
    SiegeNode start(String nodeId, Engines engines) {
        return start(settings(nodeId, 0), engines);
    }

    private SiegeNode start(NodeSettings s, Engines engine) {
        String nodeId = s.nodeId();
        GridSettings gs = SiegeNode.gridSettings(s).withOperationCallTimeout(callTimeout);
        gs = gs.withQuorum(gs.quorum().withForgetAfter(forgetAfter));
        com.hazelcast.config.Config config = GridConfigFactory.build(gs);
        hazelcastProperties.forEach(config::setProperty);
        HazelcastInstance hz = factory.newHazelcastInstance(config);
        Grid grid;
        try {
            grid = Grid.admit(hz, gs, clock);   // refuses (and shuts down) a member whose id is taken
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        SiegeNode node = SiegeNode.start(s, grid, engine, Ticker.SYSTEM, null);
        nodes.put(nodeId, node);
        return node;
    }

    SiegeNode node(String id) {
        return nodes.get(id);
    }

    /** Kill without goodbye: the member is terminated, the engine stops with it. */
    void terminate(String id) {
        SiegeNode n = nodes.remove(id);
        n.grid().hazelcast().getLifecycleService().terminate();
        n.close();
    }

    List<SiegeNode> running() {
        return new ArrayList<>(nodes.values());
    }

    @Override
    public void close() {
        for (SiegeNode n : nodes.values()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // best effort
            }
        }
        factory.terminateAll();
    }
}
