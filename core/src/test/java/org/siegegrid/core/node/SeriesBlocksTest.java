package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.SeriesPoint;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * A node's sealed seconds leave its stats value for the series map in blocks (2 s here, a
 * minute by default), so the value it rewrites every second stays small in a long session; the
 * report still has every second.
 */
@Timeout(90)
class SeriesBlocksTest extends NodeTestBase {

    @BeforeAll
    static void smallBlocks() {
        System.setProperty("siegegrid.stats.block.seconds", "2");
    }

    @AfterAll
    static void defaultBlocks() {
        System.clearProperty("siegegrid.stats.block.seconds");
    }

    @Test
    void olderSecondsMoveToBlocksAndTheReportKeepsThemAll() {
        SiegeNode a = startCluster(2, 1);
        long before = sink.requests();
        Session s = a.create(rate(sink.url("/"), 600, Duration.ofSeconds(9), null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(40));
        long got = sink.requests() - before;

        List<NodeStats> values = new SessionReports(a.grid(), Ticker.SYSTEM).nodeStats(s.id());
        assertThat(values).hasSize(2);
        for (NodeStats ns : values) {
            System.out.printf("node %s: %d blocks, stats value %d bytes, tail seconds %s%n", ns.nodeId(), ns.blocks(),
                    ns.stats().length, ns.runStats().series().stream().map(SeriesPoint::t).toList());
            assertThat(ns.blocks()).isGreaterThanOrEqualTo(3);
            assertThat(ns.runStats().series()).allSatisfy(p -> assertThat(p.t()).isGreaterThanOrEqualTo(2L * ns.blocks()));
            for (int k = 0; k < ns.blocks(); k++) {
                assertThat(a.grid().series().containsKey(ns.blockKey(k))).isTrue();
            }
        }

        Report r = a.report(s.id());
        List<Long> seconds = r.series().stream().map(SeriesPoint::t).toList();
        System.out.printf("9 s at 600 rps on 2 nodes: sink %d, report %d responses, seconds %s%n", got,
                r.totals().responses(), seconds);
        assertThat(seconds).containsAll(LongStream.range(0, 8).boxed().toList());
        assertThat(r.totals().responses()).isEqualTo(got);
        // every second kept its rate and its latency (a start can be late, so no exact rate per second)
        assertThat(r.series().stream().filter(p -> p.t() < 8)).allSatisfy(p -> {
            assertThat(p.achieved()).isPositive();
            assertThat(p.p99()).isPositive();
        });

        a.delete(s.id());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                a.grid().series().keySet().stream().noneMatch(k -> k.startsWith(s.id() + "/")));
    }
}
