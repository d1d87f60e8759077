package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * A runner that ends by itself at the session's duration is gone before the coordinator marks the
 * session STOPPING; in that gap the node must not start a new runner for it (whose empty stats
 * replaced the real ones: a final report with one node's requests missing, seen in about one
 * 4 s run in four).
 */
@Timeout(90)
class SessionEndTest extends NodeTestBase {

    @Test
    void theFinalReportCountsEveryNodeAfterTheDurationEndsTheRun() {
        SiegeNode a = startCluster(2, 1);
        for (int i = 0; i < 4; i++) {
            long before = sink.requests();
            Session s = a.create(rate(sink.url("/"), 300, Duration.ofSeconds(2), null));
            awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
            long got = sink.requests() - before;
            Report r = a.report(s.id());
            System.out.printf("session %d: sink %d, report %d, nodes %s%n", i, got, r.totals().responses(), r.nodes());
            assertThat(r.totals().responses()).isEqualTo(got);
            assertThat(r.nodes()).hasSize(2).allSatisfy(n -> assertThat(n.requests()).isPositive());
        }
    }

    @Test
    void aSessionStoppedInItsFirstSecondIsFinishedWithWhatTheNodesSent() {
        // stats go out once a second: the coordinator had finished such a session as FAILED, 0 requests,
        // a few ms before both nodes' last stats arrived (AdminCliNodeTest, once)
        SiegeNode a = startCluster(2, 1);
        for (int i = 0; i < 3; i++) {
            long before = sink.requests();
            Session s = a.create(rate(sink.url("/"), 300, Duration.ofSeconds(30), null));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.requests() - before >= 20
                    && a.localIssued(s.id()) > 0 && cluster.node("b").localIssued(s.id()) > 0);
            a.stop(s.id());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> a.session(s.id()).map(x -> x.state().terminal()).orElse(false));
            long got = sink.requests() - before;
            Report r = a.report(s.id());
            System.out.printf("stopped in its first second %d: %s, sink %d, report %d%n", i,
                    a.session(s.id()).orElseThrow().state(), got, r.totals().responses());
            assertThat(a.session(s.id()).orElseThrow().state()).isEqualTo(SessionState.FINISHED);
            assertThat(r.totals().responses()).isEqualTo(got);
        }
    }
}
