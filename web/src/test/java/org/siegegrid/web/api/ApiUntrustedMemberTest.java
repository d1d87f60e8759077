package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;

/**
 * A member that joins without the cluster secret (it learnt the Hazelcast cluster name) is reported
 * where an operator looks, through the real API of a node of the fleet: one ERROR line, the
 * {@code untrusted} list of {@code GET /api/v1/cluster} and {@code siegegrid_cluster_untrusted_members}
 * in {@code /metrics}; all three go back to nothing once it left.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiUntrustedMemberTest {
    private static final String SECRET = "the fleet's own secret, 32 chars";
    private static final String METRIC = "siegegrid_cluster_untrusted_members ";

    @TempDir
    Path reports;

    @Test
    void aMemberWithoutTheSecretIsLoggedListedByTheClusterCallAndCountedInMetrics() {
        try (LogCapture logs = LogCapture.open();
             ApiFixture f = new ApiFixture(reports, "t0ken-untrusted", SECRET, "a", "b")) {
            assertThat(untrusted(f)).as("a fleet that all proves the secret").isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/metrics").body().contains(METRIC));
            assertThat(metric(f)).isEqualTo(METRIC + "0.0");

            // what ClusterSecretTest does: the Hazelcast cluster name, sniffed off the wire, without the secret
            String hzName = f.first().grid().hazelcast().getConfig().getClusterName();
            HazelcastInstance raw = f.factory.newHazelcastInstance(GridConfigFactory.build(
                    GridSettings.defaults().withClusterName(hzName).withNode("raw", "raw")));
            Address at = raw.getCluster().getLocalMember().getAddress();
            await().atMost(Duration.ofSeconds(20)).until(() -> untrusted(f).size() == 1);
            assertThat(untrusted(f)).containsExactly(at.getHost() + ":" + at.getPort() + " (raw)");
            JsonObject cluster = f.get("/api/v1/cluster").json();
            assertThat(cluster.getAsJsonArray("members").toString()).as("never counted as a node")
                    .isEqualTo("[\"a\",\"b\"]");
            assertThat(cluster.getAsJsonObject("quorum").get("counted").getAsInt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(f).equals(METRIC + "1.0"));
            String line = "ERROR org.siegegrid.core.node.NodePresence - member " + at + " (claims node id raw) did not"
                    + " prove the cluster secret: not counted for the quorum, given no share, sessions it writes are"
                    + " not run (or this node's cluster.secret differs from the fleet's)";
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.text().lines().filter(line::equals).count() >= 2);
            System.out.println("untrusted member: " + cluster.getAsJsonArray("untrusted") + "; " + metric(f)
                    + "; logged by each node: " + line);

            raw.shutdown();
            await().atMost(Duration.ofSeconds(20)).until(() -> untrusted(f).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(f).equals(METRIC + "0.0"));
        }
    }

    private static List<String> untrusted(ApiFixture f) {
        ApiFixture.Resp r = f.get("/api/v1/cluster");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonArray arr = r.json().getAsJsonArray("untrusted");
        List<String> out = new ArrayList<>();
        arr.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** The metric's sample line, or "" when /metrics does not have it. */
    private static String metric(ApiFixture f) {
        ApiFixture.Resp r = f.get("/metrics");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith(METRIC)).findFirst().orElse("");
    }
}
