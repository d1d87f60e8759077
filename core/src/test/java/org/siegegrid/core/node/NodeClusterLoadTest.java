package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Target;

/** Several real nodes sharing one session's load against a real HTTP sink. */
@Timeout(120)
class NodeClusterLoadTest {
    @TempDir
    Path reports;
    private NodeCluster cluster;
    private TestServer sink;

    @AfterEach
    void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    static SessionSpec rate(String url, double rps, Duration duration, Long requests) {
        return new SessionSpec("t", List.of(Target.get(url)), null, null, rps, null, null, null, false, 200,
                requests, duration, Duration.ofSeconds(5), null, List.of());
    }

    @Test
    void threeNodesHoldTheTotalRate() {
        sink = TestServer.http(100);
        cluster = new NodeCluster(Duration.ofMillis(500), Duration.ofMillis(1500), 1, reports);
        SiegeNode a = cluster.start("a");
        cluster.start("b");
        cluster.start("c");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == 3);

        long before = sink.requests();
        Session s = a.create(rate(sink.url("/"), 3000, Duration.ofSeconds(15), null));
        await().atMost(Duration.ofSeconds(40)).until(() -> a.session(s.id()).orElseThrow().state() == SessionState.FINISHED);
        long got = sink.requests() - before;
        Report r = a.report(s.id());
        System.out.printf("3 nodes x 3000 rps x 15 s: sink %d (%.2f %% off 45,000), report %d, totals %s, nodes %s%n",
                got, 100.0 * (got - 45_000) / 45_000, r.totals().issued(), r.totals(), r.nodes());
        StringBuilder sec = new StringBuilder();
        for (long t = 0; t <= sink.elapsedMs() / 1000; t++) {
            sec.append(sink.inSecond(t)).append(' ');
        }
        System.out.println("sink per second: " + sec);
        assertThat(got).isBetween(44_550L, 45_450L);
        assertThat(r.nodes()).hasSize(3);
        assertThat(r.totals().responses()).isEqualTo(got);
    }
}
