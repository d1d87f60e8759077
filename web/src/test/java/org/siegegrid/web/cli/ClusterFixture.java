package org.siegegrid.web.cli;

import java.nio.file.Path;
import java.time.Duration;
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
import org.siegegrid.core.node.NodeSettings;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.web.api.ApiServer;

/**
 * Real nodes in this JVM, each with its real REST API on an ephemeral 127.0.0.1 port (as
 * {@code serve} wires them), on Hazelcast's in-JVM network with a random cluster name. The CLI
 * reaches them over HTTP only. Closing stops every API, node and member.
 */
final class ClusterFixture implements AutoCloseable {
    static final Duration ROUND = Duration.ofMillis(250);
    static final Duration LEASE = Duration.ofMillis(1500);

    /** One node and its API. */
    record Node(String id, SiegeNode node, ApiServer api) {
        String url() {
            return "http://127.0.0.1:" + api.port();
        }
    }

    private final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();
    private final String clusterName = "cli-" + HazelcastTestSupport.randomName();
    private final Path reports;
    final Map<String, Node> nodes = new LinkedHashMap<>();

    ClusterFixture(Path reports) {
        this.reports = reports;
    }

    Node start(String id, String token) {
        NodeSettings s = new NodeSettings(clusterName, id, "127.0.0.1", 5701, List.of(), "", 1, ROUND, LEASE, 0,
                0, token == null ? "" : token, List.of("127.0.0.1"), 10_000_000, reports);
        GridSettings gs = SiegeNode.gridSettings(s).withOperationCallTimeout(Duration.ofMillis(1000));
        HazelcastInstance hz = factory.newHazelcastInstance(GridConfigFactory.build(gs));
        ApiServer api = new ApiServer("127.0.0.1", 0, token).start();
        SiegeNode node = SiegeNode.start(s, Grid.wrap(hz, gs), new NativeEngine(1), Ticker.SYSTEM, api.url());
        api.attach(node);
        Node n = new Node(id, node, api);
        nodes.put(id, n);
        return n;
    }

    Node node(String id) {
        return nodes.get(id);
    }

    @Override
    public void close() {
        for (Node n : nodes.values()) {
            try {
                n.api().close();
                n.node().close();
            } catch (RuntimeException e) {
                // best effort: the member may be gone
            }
        }
        factory.terminateAll();
    }
}
