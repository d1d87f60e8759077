package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.test.HazelcastTestSupport;
import com.hazelcast.test.TestHazelcastInstanceFactory;

import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.RoundResult;

/**
 * In-JVM members on Hazelcast's mock network, one random cluster name per fixture, one Config
 * per member, short rounds and leases so a test runs in seconds. Also drives rounds and tracks
 * the grant each member holds, so tests can check that the grants in force never exceed the target.
 */
final class ClusterFixture implements AutoCloseable {
    static final long ROUND_MS = 250;
    static final long LEASE_MS = 2_000;

    final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();
    final String clusterName = "sg-" + HazelcastTestSupport.randomName();
    final List<Grid> grids = new ArrayList<>();
    final Map<String, RoundResult> held = new HashMap<>();
    final Map<String, Double> weights = new HashMap<>();

    GridSettings settings(String nodeId, Quorum quorum) {
        return GridSettings.defaults().withClusterName(clusterName).withNode(nodeId, nodeId).withQuorum(quorum)
                .withRounds(Duration.ofMillis(ROUND_MS), Duration.ofMillis(LEASE_MS))
                .withOperationCallTimeout(Duration.ofMillis(1_000))
                .withFailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofSeconds(2));
    }

    Grid start(String nodeId, Quorum quorum, double weight) {
        GridSettings s = settings(nodeId, quorum);
        HazelcastInstance hz = factory.newHazelcastInstance(GridConfigFactory.build(s));
        Grid g = Grid.wrap(hz, s);
        grids.add(g);
        weights.put(nodeId, weight);
        return g;
    }

    static boolean running(Grid g) {
        return g.hazelcast().getLifecycleService().isRunning();
    }

    /** One round by every running member; a member whose round fails keeps its old grant (and lease). */
    void roundAll(String sessionId) {
        for (Grid g : grids) {
            if (!running(g)) {
                continue;
            }
            RoundInput in = RoundInput.builder(g.nodeId()).weight(weights.get(g.nodeId()))
                    .now(g.clusterTimeMillis()).live(g.liveNodeIds()).leaseMillis(LEASE_MS).roundMillis(ROUND_MS)
                    .build();
            try {
                held.put(g.nodeId(), g.round(sessionId, in));
            } catch (RuntimeException e) {
                System.out.println(g.nodeId() + ": round failed: " + e.getClass().getSimpleName());
            }
        }
    }

    /** Sum of the fractions still in force (lease not expired) at cluster time {@code now}. */
    double fractionInForce(long now) {
        return held.values().stream().filter(r -> r.leaseExpiry() > now).mapToDouble(r -> r.share().fraction()).sum();
    }

    @Override
    public void close() {
        factory.terminateAll();
    }
}
