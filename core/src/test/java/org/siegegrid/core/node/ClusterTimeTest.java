package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * Real nodes whose cluster time is a clock the test moves: what the lifecycle, the leases and the
 * coordinator decide by cluster time follows that clock, not the wall's.
 */
@Timeout(60)
class ClusterTimeTest extends NodeTestBase {
    /** Cluster time = the wall's plus an offset the test moves forward. */
    private final AtomicLong offset = new AtomicLong();

    private SiegeNode twoNodes() {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, 1, reports);
        cluster.clock = () -> System.currentTimeMillis() + offset.get();
        SiegeNode a = cluster.start("a");
        cluster.start("b");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == 2);
        return a;
    }

    @Test
    void anHourLongSessionEndsByDurationAsSoonAsClusterTimePassesItsEnd() {
        SiegeNode a = twoNodes();
        Session s = a.create(rate(sink.url("/"), 200, Duration.ofHours(1), null));
        assertThat(s.startedAt() - System.currentTimeMillis()).isBetween(-5_000L, 5_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("a").localIssued(s.id()) > 0
                && cluster.node("b").localIssued(s.id()) > 0);

        offset.addAndGet(Duration.ofHours(1).toMillis());   // an hour passes in cluster time

        // the coordinator's next passes end it; the runners stop on their own reading of the same clock
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.runs(s.id()) && !cluster.node("b").runs(s.id()));
        long sent = sink.requests();
        Report r = a.report(s.id());
        assertThat(r.totals().issued()).isEqualTo(sent);
        // and it says that it could not send its schedule: an hour at 200 rps is 720,000 requests
        assertThat(a.session(s.id()).orElseThrow().reason())
                .isEqualTo(Lifecycle.DURATION_REACHED + "; sent " + sent + " of 720000 scheduled requests");
        // nothing more reaches the sink once the session is over
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> sink.requests() == sent);
    }

    /** A session that could not run is never FINISHED as if it had. */
    @Test
    void aSessionNoNodeCouldSendForFailsAndSaysSo() {
        SiegeNode a = twoNodes();
        a.drain("a");
        a.drain("b");
        Session s = a.create(rate(sink.url("/"), 200, Duration.ofHours(1), null));
        offset.addAndGet(Duration.ofHours(2).toMillis());
        await().atMost(Duration.ofSeconds(15)).until(() -> a.session(s.id()).map(Session::state)
                .filter(SessionState::terminal).isPresent());
        Session done = a.session(s.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(SessionState.FAILED);
        assertThat(done.reason()).isEqualTo(Lifecycle.DURATION_REACHED
                + "; no node sent a request (0 node(s) reported)");
        assertThat(sink.requests()).isZero();
    }
}
