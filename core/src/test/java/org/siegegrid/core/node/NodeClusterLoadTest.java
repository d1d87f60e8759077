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
class NodeClusterLoadTest extends NodeTestBase {

    @Test
    void threeNodesHoldTheTotalRate() {
        SiegeNode a = startCluster(3, 1);
        long before = sink.requests();
        Session s = a.create(rate(sink.url("/"), 3000, Duration.ofSeconds(15), null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(40));
        long got = sink.requests() - before;
        Report r = a.report(s.id());
        System.out.printf("3 nodes x 3000 rps x 15 s: sink %d (%+.2f %% off 45,000), dropped %d, nodes %s%n"
                + "  sink per second: %s%n", got, 100.0 * (got - 45_000) / 45_000, r.totals().dropped(), r.nodes(),
                perSecond());
        assertThat(got).isBetween(44_550L, 45_450L);
        assertThat(r.nodes()).hasSize(3).allSatisfy(n -> assertThat(n.share()).isBetween(0.28, 0.39));
        assertThat(r.totals().responses()).isEqualTo(got);
    }

    @Test
    void anUpdateMidRunIsReachedWithinTwoRounds() {
        SiegeNode a = startCluster(3, 1);
        Session s = a.create(rate(sink.url("/"), 3000, Duration.ofSeconds(30), null));
        try (RateProbe probe = new RateProbe(sink::requests)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Math.abs(probe.rate(1000) - 3000) < 150);
            SessionSpec faster = rate(sink.url("/"), 4500, Duration.ofSeconds(30), null);
            long t0 = System.nanoTime();
            Session updated = cluster.node("b").update(s.id(), faster);
            assertThat(updated.version()).isEqualTo(s.version() + 1);
            // two rounds, plus the half-second window the probe needs to see the new rate
            await().atMost(ROUND.multipliedBy(2).plusMillis(500)).pollInterval(Duration.ofMillis(50))
                    .until(() -> probe.rate(500) > 4500 * 0.95);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("update 3000 -> 4500 rps: reached in %d ms (round %d ms)%n", ms, ROUND.toMillis());
            await().atMost(Duration.ofSeconds(5)).until(() -> Math.abs(probe.rate(1000) - 4500) < 225);
        }
        a.stop(s.id());
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(15));
    }

    @Test
    void aCappedNodeLeavesTheRestToTheOthers() {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, 1, reports);
        SiegeNode a = cluster.start("a");
        cluster.start("b");
        SiegeNode c = cluster.start("c", 500);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == 3);
        Session s = a.create(rate(sink.url("/"), 3000, Duration.ofSeconds(30), null));
        try (RateProbe capped = new RateProbe(() -> c.localIssued(s.id()));
             RateProbe total = new RateProbe(sink::requests)) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Math.abs(capped.rate(1000) - 500) < 40 && Math.abs(total.rate(1000) - 3000) < 150);
            System.out.printf("capped node: %.0f rps of a 3000 rps session, total %.0f rps%n", capped.rate(1000),
                    total.rate(1000));
        }
        a.stop(s.id());
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(15));
    }

    @Test
    void drainMovesTheShareAndActivateBringsItBack() {
        SiegeNode a = startCluster(3, 1);
        SiegeNode b = cluster.node("b");
        Session s = a.create(rate(sink.url("/"), 3000, Duration.ofSeconds(40), null));
        try (RateProbe drained = new RateProbe(() -> b.localIssued(s.id()));
             RateProbe total = new RateProbe(sink::requests)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Math.abs(drained.rate(1000) - 1000) < 100);
            long t0 = System.nanoTime();
            a.drain("b");
            await().atMost(ROUND.multipliedBy(2).plusMillis(300)).pollInterval(Duration.ofMillis(25))
                    .until(() -> drained.rate(250) == 0);
            long off = (System.nanoTime() - t0) / 1_000_000;
            await().atMost(ROUND.multipliedBy(2).plusMillis(1000))
                    .until(() -> Math.abs(total.rate(1000) - 3000) < 150);
            long back = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("drain: node idle after %d ms, total back at target after %d ms%n", off, back);
            a.activate("b");
            await().atMost(Duration.ofSeconds(10)).until(() -> Math.abs(drained.rate(1000) - 1000) < 100
                    && Math.abs(total.rate(1000) - 3000) < 150);
        }
        a.stop(s.id());
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(15));
    }

    @Test
    void aNodeThatCannotKeepUpReportsItsCeilingAndTheOthersTakeTheDeficit() {
        sink = TestServer.http(100).latency(20);
        cluster = new NodeCluster(ROUND, LEASE, 1, reports);
        SiegeNode a = cluster.start("a");
        cluster.start("b");
        SiegeNode slow = cluster.start("c", 0, new ConnectionLimitedEngine(2)); // 2 x 50/s at 20 ms
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == 3);
        Session s = a.create(rate(sink.url("/"), 1500, Duration.ofSeconds(60), null));
        try (RateProbe c = new RateProbe(() -> slow.localIssued(s.id()));
             RateProbe total = new RateProbe(sink::requests)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> slow.capacityOf(s.id()) > 0
                    && Math.abs(total.rate(2000) - 1500) < 75);
            System.out.printf("slow node: measured ceiling %.0f rps, sends %.0f rps; cluster total %.0f rps of 1500%n",
                    slow.capacityOf(s.id()), c.rate(2000), total.rate(2000));
            assertThat(slow.capacityOf(s.id())).isBetween(30.0, 110.0); // what 2 connections achieve through the sink's latency
            assertThat(c.rate(2000)).isLessThan(130);
        }
        a.stop(s.id());
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(15));
    }
}
