package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportCsv;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.report.RunStats;
import org.siegegrid.core.report.RunStatsCodec;
import org.siegegrid.core.report.SiegeSummary;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/** The node's own lifecycle and its final report. */
@Timeout(120)
class NodeShellTest extends NodeTestBase {

    @Test
    void theFinalReportIsComputedOnceStoredAndServedAsStoredByEveryNode() throws Exception {
        SiegeNode a = startCluster(2, 1);
        SiegeNode b = cluster.node("b");
        Session s = a.create(rate(sink.url("/"), 300, Duration.ofSeconds(2), null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
        Report fromA = a.report(s.id());
        String file = Files.readString(reports.resolve(s.id() + ".json"));
        assertThat(ReportJson.toJson(fromA)).as("served = file").isEqualTo(file);
        assertThat(b.report(s.id())).as("every node serves the stored one").isEqualTo(fromA);
        assertThat(a.stats(s.id())).as("stats of an ended session = its report").isEqualTo(fromA);

        // a late publication (a node's stats value rewritten after the end) must not change the report
        List<NodeStats> published = new SessionReports(a.grid(), org.siegegrid.core.load.Ticker.SYSTEM).nodeStats(s.id());
        assertThat(published).hasSize(2);
        NodeStats late = published.get(0);
        a.grid().<NodeStats>stats().set(late.key(), new NodeStats(late.sessionId(), late.nodeId(), late.incarnation(),
                late.updatedAt() + 1, true, 0, 0, 0, RunStatsCodec.encode(new RunStats())));
        assertThat(a.report(s.id())).isEqualTo(fromA);
        assertThat(ReportJson.toJson(b.report(s.id()))).isEqualTo(file);
        System.out.printf("stored report: %d transactions, sink %d; file %d bytes, identical from both nodes%n",
                fromA.transactions(), sink.requests(), file.length());
        assertThat(fromA.transactions()).isEqualTo(sink.requests());
    }

    @Test
    void theReportFilesAreWrittenInEveryFormatAndRemovedWithTheSession() throws Exception {
        SiegeNode a = startCluster(2, 1);
        SiegeNode b = cluster.node("b");
        Session s = a.create(rate(sink.url("/"), 200, Duration.ofSeconds(2), null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
        Report r = b.report(s.id());
        Session ended = b.session(s.id()).orElseThrow();
        assertThat(Files.readString(reports.resolve(s.id() + ".json"))).isEqualTo(ReportJson.toJson(r));
        assertThat(Files.readString(reports.resolve(s.id() + ".html"))).as("the page the API serves")
                .isEqualTo(ReportFiles.html(ended, r, a.events(s.id(), 0))).contains("<svg", "<polyline", "created");
        assertThat(Files.readString(reports.resolve(s.id() + ".csv"))).isEqualTo(ReportCsv.series(r));
        assertThat(Files.readString(reports.resolve(s.id() + ".txt"))).isEqualTo(SiegeSummary.format(r));

        b.delete(s.id());
        for (String suffix : ReportFiles.SUFFIXES) {
            assertThat(reports.resolve(s.id() + suffix)).as(suffix).doesNotExist();
        }
        try (var left = Files.list(reports)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(s.id()));
        }
    }

    @Test
    void closeUnderLoadStopsEverythingItStartedWhileTheApiReadsOn() throws Exception {
        SiegeNode a = startCluster(1, 1);
        Session s = a.create(rate(sink.url("/"), 500, Duration.ofSeconds(60), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.requests() > 300);
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        a.localIssued(s.id());
                        a.shareRps(s.id());
                        a.capacityOf(s.id());
                        a.runs(s.id());
                        a.stats(s.id());
                        a.cluster();
                    } catch (NodeException | HazelcastInstanceNotActiveException expected) {
                        // the node is going away: a refusal is the right answer
                    } catch (Throwable e) {
                        if (!a.closed()) {
                            unexpected.add(e);
                        }
                    }
                }
            }, "reader-" + i);
            t.start();
            readers.add(t);
        }
        long t0 = System.nanoTime();
        a.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        long atClose = sink.requests();
        List<String> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().matches("siegegrid-(node|fence|coordinator|stats)-a")) {
                left.add(t.getName());
            }
        }
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        stop.set(true);
        for (Thread t : readers) {
            t.join(5_000);
        }
        System.out.printf("close under 500 rps: returned in %d ms; %d requests reached the sink after it; "
                + "node threads left %s; unexpected reader errors %s%n", closeMs, sink.requests() - atClose, left,
                unexpected);
        assertThat(closeMs).isLessThan(10_000);
        assertThat(left).as("the loop, fence and coordinator threads have ended").isEmpty();
        assertThat(sink.requests()).as("nothing sent after close returned").isEqualTo(atClose);
        assertThat(unexpected).isEmpty();
        assertThat(a.runs(s.id())).isFalse();
    }
}
