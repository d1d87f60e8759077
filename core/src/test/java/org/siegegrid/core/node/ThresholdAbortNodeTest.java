package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ThresholdResult;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;

/** abortOnFail on a cluster: the coordinator checks the live report once the grace is over and stops at the first failure. */
@Timeout(90)
class ThresholdAbortNodeTest extends NodeTestBase {

    private static SessionSpec withThresholds(SessionSpec s, List<String> thresholds, Duration grace) {
        return new SessionSpec(s.name(), s.targets(), s.urlsFile(), s.order(), s.rps(), s.stages(), s.users(), s.delay(),
                s.benchmark(), s.concurrency(), s.requests(), s.duration(), s.timeout(), s.engine(), thresholds,
                s.warmup(), s.http(), true, grace);
    }

    @Test
    void aFailingThresholdStopsTheSessionAndItFinishesWithinTwoSeconds() {
        SiegeNode a = startCluster(2, 1);
        sink.latency(20);
        Session s = a.create(withThresholds(rate(sink.url("/"), 200, Duration.ofSeconds(30), null),
                List.of("errors < 1%", "p99 < 1ms"), Duration.ofSeconds(1)));
        long created = System.nanoTime();
        awaitState(a, s.id(), SessionState.STOPPING, Duration.ofSeconds(10));
        long stopping = System.nanoTime();
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(10));
        long finished = System.nanoTime();
        Session end = a.session(s.id()).orElseThrow();
        Report r = a.report(s.id());
        System.out.printf("abortOnFail on a cluster: stopped after %d ms of run, STOPPING %d ms after the create,"
                        + " FINISHED %d ms later; %d requests; reason %s%n", end.endedAt() - end.startedAt(),
                (stopping - created) / 1_000_000, (finished - stopping) / 1_000_000, r.totals().issued(), end.reason());
        assertThat(end.reason()).matches("threshold failed: p99 < 1ms \\(measured \\d+\\.\\d\\d ms\\).*");
        assertThat(end.endedAt() - end.startedAt()).as("not before the 1 s grace; the first check after it")
                .isBetween(1_000L, 3_500L);
        assertThat((finished - stopping) / 1_000_000).as("STOPPING to FINISHED").isLessThan(2_000L);
        assertThat(r.thresholds()).extracting(ThresholdResult::expr, ThresholdResult::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("errors < 1%", true),
                        org.assertj.core.groups.Tuple.tuple("p99 < 1ms", false));
    }

    @Test
    void aPassingThresholdNeverStopsTheSession() {
        SiegeNode a = startCluster(2, 1);
        Session s = a.create(withThresholds(rate(sink.url("/"), 100, Duration.ofSeconds(3), null),
                List.of("p99 < 30s", "errors < 50%"), null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
        Session end = a.session(s.id()).orElseThrow();
        System.out.printf("abortOnFail, passing: ran %d ms, reason %s%n", end.endedAt() - end.startedAt(), end.reason());
        assertThat(end.reason() == null ? "" : end.reason()).doesNotContain("threshold");
        assertThat(end.endedAt() - end.startedAt()).as("its whole 3 s").isGreaterThanOrEqualTo(2_900L);
        assertThat(a.report(s.id()).thresholdsOk()).isTrue();
    }
}
