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

/** Fixture for tests with several real nodes and a real HTTP sink; cleans both up. */
abstract class NodeTestBase {
    static final Duration ROUND = Duration.ofMillis(500);
    static final Duration LEASE = Duration.ofMillis(1500);

    @TempDir
    Path reports;
    NodeCluster cluster;
    TestServer sink;

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
        return new SessionSpec("t", List.of(Target.get(url)), null, null, rps, null, null, null, false, 300,
                requests, duration, Duration.ofSeconds(5), null, List.of());
    }

    /** Starts the sink and {@code n} nodes a, b, c... and waits until they form one cluster. */
    SiegeNode startCluster(int n, int quorum) {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, quorum, reports);
        for (int i = 0; i < n; i++) {
            cluster.start(String.valueOf((char) ('a' + i)));
        }
        SiegeNode a = cluster.node("a");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == n);
        return a;
    }

    static void awaitState(SiegeNode node, String id, SessionState state, Duration atMost) {
        await().atMost(atMost).until(() -> node.session(id).map(Session::state).orElse(null) == state);
    }

    String perSecond() {
        StringBuilder sec = new StringBuilder();
        for (long t = 0; t <= sink.elapsedMs() / 1000; t++) {
            sec.append(sink.inSecond(t)).append(' ');
        }
        return sec.toString().trim();
    }
}
