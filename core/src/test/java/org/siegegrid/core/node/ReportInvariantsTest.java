package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.SeriesPoint;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Target;

/**
 * What a report says adds up, for every kind of session three real nodes run against a real sink: the
 * per-second series sums to the totals (responses, requests sent, errors); each second's target is the
 * session's target in force then, not the sum of the nodes' shares; the target rate is the mean over the
 * run; the achieved rate counts responses.
 */
@Timeout(120)
class ReportInvariantsTest extends NodeTestBase {

    private Report finished(SiegeNode a, Session s) {
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(40));
        return a.report(s.id());
    }

    /** The invariants every report keeps, whatever happened during its session. */
    private static void addsUp(Report r) {
        List<SeriesPoint> series = r.series();
        assertThat(series).isNotEmpty();
        double responses = series.stream().mapToDouble(SeriesPoint::responses).sum();
        double sent = series.stream().mapToDouble(SeriesPoint::issued).sum();
        long errors = series.stream().mapToLong(SeriesPoint::errors).sum();
        assertThat(responses).as("series responses vs totals").isCloseTo(r.totals().responses(), within(1e-6 * (1
                + r.totals().responses())));
        assertThat(sent).as("series requests sent vs totals").isCloseTo(r.totals().issued(), within(1e-6 * (1
                + r.totals().issued())));
        assertThat(errors).as("series errors vs totals").isEqualTo(r.errors().values().stream()
                .mapToLong(Long::longValue).sum());
        assertThat(r.achievedRps()).as("achieved = responses over the elapsed time")
                .isCloseTo(r.totals().responses() / r.elapsedTime(), within(1e-9));
    }

    /** Every second the run covered whole says {@code rps}, the target then in force. */
    private static void targetEverywhere(Report r, double rps) {
        assertThat(r.series().stream().filter(p -> !p.partial()))
                .allSatisfy(p -> assertThat(p.target()).as("second %d", p.t()).isCloseTo(rps, within(0.01)));
    }

    @Test
    void anOpenModelSession() {
        SiegeNode a = startCluster(3, 1);
        Report r = finished(a, a.create(rate(sink.url("/"), 300, Duration.ofSeconds(4), null)));
        addsUp(r);
        targetEverywhere(r, 300);
        assertThat(r.targetRps()).isCloseTo(300, within(0.01));
        assertThat(r.totals().responses()).isEqualTo(sink.requests());
    }

    @Test
    void aClosedModelSession() {
        SiegeNode a = startCluster(3, 1);
        SessionSpec closed = new SessionSpec("closed", List.of(Target.get(sink.url("/"))), null, null, null, null, 6,
                null, true, null, null, Duration.ofSeconds(3), Duration.ofSeconds(5), null, List.of());
        Report r = finished(a, a.create(closed));
        addsUp(r);
        assertThat(r.targetRps()).isNull();
        assertThat(r.series()).allSatisfy(p -> assertThat(p.target()).isNaN());
    }

    @Test
    void aBudgetedSession() {
        SiegeNode a = startCluster(3, 1);
        Report r = finished(a, a.create(rate(sink.url("/"), 400, Duration.ofSeconds(30), 900L)));
        addsUp(r);
        assertThat(r.totals().issued()).isEqualTo(900);
        targetEverywhere(r, 400);
    }

    @Test
    void anUpdatedSessionShowsEachTargetInItsSecondsAndTheirMean() {
        SiegeNode a = startCluster(3, 1);
        Session s = a.create(rate(sink.url("/"), 200, Duration.ofSeconds(6), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats(s.id()).series().size() >= 3);
        a.update(s.id(), rate(sink.url("/"), 400, Duration.ofSeconds(6), null));
        Report r = finished(a, s);
        addsUp(r);
        List<SeriesPoint> whole = r.series().stream().filter(p -> !p.partial()).toList();
        assertThat(whole.get(0).target()).isCloseTo(200, within(0.01));
        assertThat(whole.get(whole.size() - 1).target()).isCloseTo(400, within(0.01));
        // the mean over the run, not the last target
        double mean = r.series().stream().mapToDouble(p -> p.target() * p.seconds()).sum()
                / r.series().stream().mapToDouble(SeriesPoint::seconds).sum();
        assertThat(r.targetRps()).isCloseTo(mean, within(0.01)).isBetween(210.0, 390.0);
    }

    @Test
    void aDrainedNodeLeavesTheTargetAsItWas() {
        SiegeNode a = startCluster(3, 1);
        Session s = a.create(rate(sink.url("/"), 300, Duration.ofSeconds(6), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("c").localIssued(s.id()) > 100);
        a.drain("c");
        Report r = finished(a, s);
        addsUp(r);
        targetEverywhere(r, 300);
        assertThat(r.targetRps()).isCloseTo(300, within(0.01));
    }

    @Test
    void aKilledNodesReportStillAddsUp() {
        SiegeNode a = startCluster(3, 1);
        Session s = a.create(rate(sink.url("/"), 300, Duration.ofSeconds(6), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("c").localIssued(s.id()) > 100);
        cluster.terminate("c");
        Report r = finished(a, s);
        addsUp(r);
        targetEverywhere(r, 300);
        assertThat(r.nodes()).extracting(Report.Node::id).contains("a", "b");
    }
}
