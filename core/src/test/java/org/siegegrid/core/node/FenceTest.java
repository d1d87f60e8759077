package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.session.Session;

/**
 * The fence must outlive anything thrown inside it: on main one exception cancelled the scheduled
 * task, and the node went on sending after it lost its quorum.
 */
@Timeout(90)
class FenceTest extends NodeTestBase {

    @Test
    void aPauseThatThrowsDoesNotKillTheFenceTheNodeStillStopsWithoutQuorum() {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, 2, reports);
        // the engine runner starts unpaused at the session's start: pause #1 is the fence's first, and it throws
        FaultyEngine faulty = new FaultyEngine(1);
        SiegeNode a = cluster.start("a", 0, faulty);
        cluster.start("b");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == 2);
        Session s = a.create(rate(sink.url("/"), 400, Duration.ofSeconds(60), null));
        try (RateProbe sent = new RateProbe(() -> a.localIssued(s.id()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.rate(1000) > 150);
            long t0 = System.nanoTime();
            cluster.terminate("b");   // a alone: 1 of the 2 it needs
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.grid().quorumPresent());
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> sent.rate(300) == 0);
            long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
            long issued = a.localIssued(s.id());
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            System.out.printf("fence: %d injected failure(s) in %d pauses; node silent %d ms after losing its peer; "
                    + "%d requests in the 2 s after%n", faulty.thrown.get(), faulty.pauses.get(), stoppedMs,
                    a.localIssued(s.id()) - issued);
            assertThat(faulty.thrown.get()).as("the injected failure happened").isEqualTo(1);
            assertThat(a.localIssued(s.id())).as("nothing sent without quorum").isEqualTo(issued);
        }
    }
}
